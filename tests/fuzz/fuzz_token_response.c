/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token endpoint answers (ejwt_oauth_parse_token_response(), oauth.h): what
 * comes back from the network before anything is stored or put into a
 * header.
 *
 * Input: the HTTP status as a big-endian int16 (so 200, 400, 401, 403, 500
 * and any other value, negative ones too), a byte that sizes the too-small
 * work buffer, then the body.
 *
 * Three calls per input: a work buffer of exactly the body's length (the
 * header: "len bytes always suffice"), a larger one, and one shorter than
 * the body. Each buffer is allocated at exactly its size and filled with
 * FILL first. Properties:
 *  - return codes are the documented ones for the status: 200 gives OK,
 *    OAUTH_RESPONSE, OAUTH_TOKEN_TYPE or a JSON error; 400 and 401 give
 *    INVALID_GRANT, DEPROVISIONED or RETRY; every other status RETRY;
 *  - on success every string lies inside the work buffer, is terminated,
 *    has no NUL before its stated length, and does not overlap another; the
 *    access token is RFC 6750 b64token, the refresh token printable ASCII,
 *    the scope single-space-separated scope tokens (grammars written here);
 *    expires_in is -1 or 1..EJWT_OAUTH_MAX_EXPIRES_IN; error is empty; and
 *    a re-parse of the body with the public JSON accessors finds each
 *    member equal to what was returned (absent members absent, an empty
 *    scope as NULL, token_type "Bearer" in any case, expires_in digits
 *    only);
 *  - on failure no string and no time are returned (the struct is zero with
 *    expires_in -1), error is terminated inside its array and printable,
 *    and it is non-empty only for an error status, holding the body's
 *    whole `error` (a longer one is kept as ""); INVALID_GRANT and
 *    DEPROVISIONED carry "invalid_grant" and "invalid_client";
 *  - the work buffer after a failure is all zero, or untouched when the
 *    call had nothing to put there; after BUFFER_TOO_SMALL it is all zero;
 *  - the larger buffer gives the same answer as the exact one, and a
 *    buffer shorter than the body fails with BUFFER_TOO_SMALL for 200 and
 *    changes nothing for the other statuses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/ejwt.h>
#include <ejwt/auth/oauth.h>

#include "fuzz_common.h"

#define FILL 0xA5u
#define SLACK 64u

static jsmntok_t tok[EJWT_OAUTH_MAX_RESPONSE_TOKENS];
static int verbose; /* EJWT_FUZZ_VERBOSE set: print each result (seed checks) */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    verbose = getenv("EJWT_FUZZ_VERBOSE") != NULL;
    return 0;
}

static int b64token_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

/* RFC 6750 section 2.1: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
static int is_b64token(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && b64token_char(s[i])) {
        i++;
    }
    if (i == 0u) {
        return 0;
    }
    while (i < n && s[i] == '=') {
        i++;
    }
    return i == n;
}

static int is_vschar(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20u || (unsigned char)s[i] > 0x7Eu) {
            return 0;
        }
    }
    return 1;
}

/* RFC 6749 section 3.3: scope-token *( SP scope-token ), scope-token =
 * 1*( %x21 / %x23-5B / %x5D-7E ) */
static int is_scope(const char *s, size_t n)
{
    size_t i;

    if (n == 0u || s[0] == ' ' || s[n - 1u] == ' ') {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            if (s[i + 1u] == ' ') {
                return 0;
            }
        } else if (c < 0x21u || c > 0x7Eu || c == 0x22u || c == 0x5Cu) {
            return 0;
        }
    }
    return 1;
}

/* A returned string: inside work, terminated, no NUL before its end. */
static void check_string(const char *s, size_t n, const char *work, size_t cap)
{
    FUZZ_CHECK(s != NULL && s >= work && n < cap && (size_t)(s - work) <= cap - n - 1u);
    FUZZ_CHECK(s[n] == '\0' && strlen(s) == n);
}

static int disjoint(const char *a, size_t an, const char *b, size_t bn)
{
    return a == NULL || b == NULL || a + an < b || b + bn < a;
}

static const ejwt_token_response *empty_response(void)
{
    static ejwt_token_response e;

    memset(&e, 0, sizeof(e));
    e.expires_in = -1;
    return &e;
}

/* The member \p name of the body's root object, or -1 when absent. */
static int member(const ejwt_json *doc, const char *name)
{
    int idx = ejwt_json_find(doc, 0, name);

    FUZZ_CHECK(idx > 0 || idx == EJWT_ERR_JSON_NOT_FOUND);
    return idx > 0 ? idx : -1;
}

static void check_success(const char *body, size_t len, const char *work, size_t cap,
                          const ejwt_token_response *o)
{
    static const char bearer[] = "bearer";
    ejwt_json doc;
    char tt[8];
    size_t n = 0, i;
    int idx;

    check_string(o->access_token, o->access_token_len, work, cap);
    FUZZ_CHECK(is_b64token(o->access_token, o->access_token_len));
    if (o->refresh_token != NULL) {
        check_string(o->refresh_token, o->refresh_token_len, work, cap);
        FUZZ_CHECK(o->refresh_token_len > 0u && is_vschar(o->refresh_token, o->refresh_token_len));
    } else {
        FUZZ_CHECK(o->refresh_token_len == 0u);
    }
    if (o->scope != NULL) {
        check_string(o->scope, o->scope_len, work, cap);
        FUZZ_CHECK(is_scope(o->scope, o->scope_len));
    } else {
        FUZZ_CHECK(o->scope_len == 0u);
    }
    FUZZ_CHECK(
        disjoint(o->access_token, o->access_token_len, o->refresh_token, o->refresh_token_len));
    FUZZ_CHECK(disjoint(o->access_token, o->access_token_len, o->scope, o->scope_len));
    FUZZ_CHECK(disjoint(o->refresh_token, o->refresh_token_len, o->scope, o->scope_len));
    FUZZ_CHECK(o->expires_in == -1 ||
               (o->expires_in >= 1 && o->expires_in <= EJWT_OAUTH_MAX_EXPIRES_IN));
    FUZZ_CHECK(fuzz_all_zero(o->error, sizeof(o->error)));

    /* The same body read again, member by member. */
    FUZZ_CHECK(ejwt_json_parse(body, len, tok, EJWT_OAUTH_MAX_RESPONSE_TOKENS, &doc) == EJWT_OK);
    FUZZ_CHECK(ejwt_json_type(&doc, 0) == EJWT_JSON_OBJECT);
    idx = member(&doc, "access_token");
    FUZZ_CHECK(idx > 0 &&
               ejwt_json_string_equals(&doc, idx, o->access_token, o->access_token_len) == 1);
    idx = member(&doc, "token_type");
    FUZZ_CHECK(idx > 0 && ejwt_json_string_copy(&doc, idx, tt, sizeof(tt), &n) == EJWT_OK);
    FUZZ_CHECK(n == sizeof(bearer) - 1u);
    for (i = 0; i < n; i++) {
        char c = tt[i] >= 'A' && tt[i] <= 'Z' ? (char)(tt[i] - 'A' + 'a') : tt[i];
        FUZZ_CHECK(c == bearer[i]);
    }
    idx = member(&doc, "expires_in");
    if (idx < 0) {
        FUZZ_CHECK(o->expires_in == -1);
    } else {
        int64_t v = 0;
        int k;
        FUZZ_CHECK(ejwt_json_type(&doc, idx) == EJWT_JSON_NUMBER);
        for (k = doc.tok[idx].start; k < doc.tok[idx].end; k++) {
            FUZZ_CHECK(body[k] >= '0' && body[k] <= '9'); /* no sign, fraction or exponent */
        }
        FUZZ_CHECK(ejwt_json_int64(&doc, idx, &v) == EJWT_OK && v == o->expires_in);
    }
    idx = member(&doc, "refresh_token");
    FUZZ_CHECK((idx > 0) == (o->refresh_token != NULL));
    if (idx > 0) {
        FUZZ_CHECK(ejwt_json_string_equals(&doc, idx, o->refresh_token, o->refresh_token_len) == 1);
    }
    idx = member(&doc, "scope");
    if (idx < 0) {
        FUZZ_CHECK(o->scope == NULL);
    } else if (o->scope == NULL) {
        FUZZ_CHECK(ejwt_json_string_equals(&doc, idx, "", 0) == 1); /* "" reads as absent */
    } else {
        FUZZ_CHECK(ejwt_json_string_equals(&doc, idx, o->scope, o->scope_len) == 1);
    }
}

/* The error code kept from an error response. */
static void check_error_code(const char *body, size_t len, int r, const ejwt_token_response *o)
{
    const char *end = memchr(o->error, '\0', sizeof(o->error));
    size_t n;
    char full[EJWT_OAUTH_MAX_ERROR_LEN + 2u];
    size_t full_len = 0;
    ejwt_json doc;
    int idx;

    FUZZ_CHECK(end != NULL);
    n = (size_t)(end - o->error);
    FUZZ_CHECK(n <= EJWT_OAUTH_MAX_ERROR_LEN && is_vschar(o->error, n));
    if (r == EJWT_ERR_OAUTH_INVALID_GRANT) {
        FUZZ_CHECK(strcmp(o->error, "invalid_grant") == 0);
    } else if (r == EJWT_ERR_DEPROVISIONED) {
        FUZZ_CHECK(strcmp(o->error, "invalid_client") == 0);
    }
    if (n == 0u) {
        return;
    }
    /* A code came from the body's `error`, whole: a longer one is kept as
     * "" (oauth.h), never cut to a prefix that could read as another code. */
    FUZZ_CHECK(ejwt_json_parse(body, len, tok, EJWT_OAUTH_MAX_RESPONSE_TOKENS, &doc) == EJWT_OK);
    idx = member(&doc, "error");
    FUZZ_CHECK(idx > 0 && ejwt_json_type(&doc, idx) == EJWT_JSON_STRING);
    FUZZ_CHECK(ejwt_json_string_copy(&doc, idx, full, sizeof(full), &full_len) == EJWT_OK);
    FUZZ_CHECK(full_len == n && memcmp(full, o->error, n) == 0);
}

static int parse(int status, const char *body, size_t len, size_t cap, int null_work,
                 ejwt_token_response *o, char **work)
{
    *work = NULL;
    if (!null_work) {
        *work = malloc(cap); /* exactly sized: ASan sees overruns */
        FUZZ_CHECK(*work != NULL || cap == 0u);
        if (cap > 0u) {
            memset(*work, FILL, cap);
        }
    }
    memset(o, 0x5A, sizeof(*o));
    return ejwt_oauth_parse_token_response(status, body, len, *work, cap, o);
}

/* The properties every call has. */
static void check_call(int status, const char *body, size_t len, const char *work, size_t cap,
                       int r, const ejwt_token_response *o)
{
    const ejwt_token_response *e = empty_response();

    if (status == 200) {
        FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_OAUTH_RESPONSE || r == EJWT_ERR_OAUTH_TOKEN_TYPE ||
                   r == EJWT_ERR_BUFFER_TOO_SMALL ||
                   (r <= EJWT_ERR_JSON_SYNTAX && r >= EJWT_ERR_JSON_RANGE));
    } else if (status == 400 || status == 401) {
        FUZZ_CHECK(r == EJWT_ERR_OAUTH_INVALID_GRANT || r == EJWT_ERR_DEPROVISIONED ||
                   r == EJWT_ERR_OAUTH_RETRY);
    } else {
        FUZZ_CHECK(r == EJWT_ERR_OAUTH_RETRY);
    }
    if (r == EJWT_OK) {
        check_success(body, len, work, cap, o);
        return;
    }
    /* Nothing usable: no string, no lifetime; only an error code. */
    FUZZ_CHECK(o->access_token == NULL && o->access_token_len == 0u && o->refresh_token == NULL &&
               o->refresh_token_len == 0u && o->scope == NULL && o->scope_len == 0u &&
               o->expires_in == -1);
    if (status == 400 || status == 401) {
        check_error_code(body, len, r, o);
    } else {
        FUZZ_CHECK(memcmp(o, e, sizeof(*o)) == 0);
    }
    if (r == EJWT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(fuzz_all_zero(work, work != NULL ? cap : 0u));
    } else {
        FUZZ_CHECK(fuzz_all_zero(work, work != NULL ? cap : 0u) || fuzz_all_byte(work, cap, FILL));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader rd = {data, size};
    int status = (int)(int16_t)(uint16_t)fuzz_be(&rd, 2);
    uint8_t small_sel = fuzz_u8(&rd);
    const uint8_t *p;
    size_t len = fuzz_take(&rd, rd.n, &p);
    const char *body = (const char *)p;
    ejwt_token_response exact, big, small;
    char *w_exact, *w_big, *w_small;
    int r_exact, r_big, r_small;

    r_exact = parse(status, body, len, len, 0, &exact, &w_exact);
    if (verbose) {
        fprintf(stderr, "status %d: %s error \"%s\"\n", status, ejwt_error_name(r_exact),
                exact.error);
    }
    check_call(status, body, len, w_exact, len, r_exact, &exact);

    r_big = parse(status, body, len, len + SLACK, 0, &big, &w_big);
    check_call(status, body, len, w_big, len + SLACK, r_big, &big);
    FUZZ_CHECK(r_big == r_exact && big.expires_in == exact.expires_in);
    FUZZ_CHECK(memcmp(big.error, exact.error, sizeof(big.error)) == 0);
    FUZZ_CHECK(big.access_token_len == exact.access_token_len &&
               big.refresh_token_len == exact.refresh_token_len &&
               big.scope_len == exact.scope_len);
    if (r_exact == EJWT_OK) {
        FUZZ_CHECK(memcmp(big.access_token, exact.access_token, exact.access_token_len) == 0);
        FUZZ_CHECK((big.refresh_token == NULL) == (exact.refresh_token == NULL));
        FUZZ_CHECK(exact.refresh_token == NULL ||
                   memcmp(big.refresh_token, exact.refresh_token, exact.refresh_token_len) == 0);
        FUZZ_CHECK((big.scope == NULL) == (exact.scope == NULL));
        FUZZ_CHECK(exact.scope == NULL || memcmp(big.scope, exact.scope, exact.scope_len) == 0);
    }
    free(w_big);

    if (len > 0u) {
        size_t cap = (size_t)small_sel * len / 256u; /* always shorter than the body */
        r_small =
            parse(status, body, len, cap, cap == 0u && (small_sel & 1u) == 0u, &small, &w_small);
        check_call(status, body, len, w_small, cap, r_small, &small);
        if (status == 200) {
            FUZZ_CHECK(r_small == EJWT_ERR_BUFFER_TOO_SMALL);
        } else {
            FUZZ_CHECK(r_small == r_exact &&
                       memcmp(small.error, exact.error, sizeof(small.error)) == 0);
        }
        free(w_small);
    }
    free(w_exact);
    return 0;
}
