/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 9068 access-token verification: the profile's rules expressed as an
 * ejwt_verify_opts for the core, plus the two claims the core does not know
 * (client_id, scope).
 */
#include <string.h>

#include "ejwt/auth/access_token.h"
#include "ejwt/json.h"
#include "ejwt/jws.h"
#include "ejwt_common.h"

/* RFC 6749 section 3.3: scope tokens are separated by one space (%x20). */
#define SCOPE_SEP ' '

/* Is the \p w_len bytes word \p w one of the space-separated words of
 * \p list (\p list_len bytes)? Whole words only: "read" is not in
 * "readwrite". Empty words (two spaces in a row) never match. */
static int scope_has_word(const char *list, size_t list_len, const char *w, size_t w_len)
{
    size_t i = 0;

    while (i < list_len) {
        size_t start = i;
        while (i < list_len && list[i] != SCOPE_SEP) {
            i++;
        }
        if (i - start == w_len && memcmp(list + start, w, w_len) == 0) {
            return 1;
        }
        i++; /* past the separator */
    }
    return 0;
}

/* Every word of \p required (\p req_len bytes) in the token's scope text. */
static int scope_contains_all(const char *have, size_t have_len, const char *required,
                              size_t req_len)
{
    size_t i = 0;

    while (i < req_len) {
        size_t start;
        while (i < req_len && required[i] == SCOPE_SEP) {
            i++;
        }
        start = i;
        while (i < req_len && required[i] != SCOPE_SEP) {
            i++;
        }
        if (i > start && !scope_has_word(have, have_len, required + start, i - start)) {
            return 0;
        }
    }
    return 1;
}

/* RFC 9068 section 2.2: client_id is REQUIRED and a string. */
static int check_client_id(const ejwt_json *claims)
{
    int idx = ejwt_json_find(claims, 0, "client_id");

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    if (idx < 0) {
        return EJWT_ERR_CLAIM_TYPE;
    }
    return ejwt_json_type(claims, idx) == EJWT_JSON_STRING ? EJWT_OK : EJWT_ERR_CLAIM_TYPE;
}

/* RFC 9068 section 2.2.3: scope, when present, is a string of
 * space-separated scope tokens; every required word must be one of them. */
static int check_scope(const ejwt_json *claims, const char *required, size_t req_len)
{
    char have[EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN + 1];
    size_t have_len = 0;
    int idx = ejwt_json_find(claims, 0, "scope");
    int err;

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return required != NULL ? EJWT_ERR_SCOPE_INSUFFICIENT : EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(claims, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_CLAIM_TYPE;
    }
    if (required == NULL) {
        return EJWT_OK;
    }
    /* Unescaped first, so "re\u0061d" is the word "read" as any JSON peer reads it. */
    err = ejwt_json_string_copy(claims, idx, have, sizeof have, &have_len);
    if (err == EJWT_OK) {
        err = scope_contains_all(have, have_len, required, req_len) ? EJWT_OK
                                                                    : EJWT_ERR_SCOPE_INSUFFICIENT;
    } else if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        err = EJWT_ERR_LIMIT;
    } else {
        err = EJWT_ERR_CLAIM_TYPE; /* U+0000 or a bad string: not a scope */
    }
    ejwt_wipe(have, sizeof have);
    return err;
}

/* RFC 9068 section 2.1: the header names the key (kid). */
static int check_kid(const ejwt_jws *jws)
{
    ejwt_json hdr = ejwt_jws_header(jws);
    int idx = ejwt_json_find(&hdr, 0, "kid");

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_ERR_KID_MISSING;
    }
    /* The parser already refuses a kid that is not a string. */
    return idx < 0 ? EJWT_ERR_KID_MISSING : EJWT_OK;
}

static int fail(int err, uint8_t *work, size_t work_cap, size_t *work_needed, ejwt_jwt *out)
{
    if (work != NULL) {
        ejwt_wipe(work, work_cap);
    }
    if (work_needed != NULL) {
        *work_needed = 0;
    }
    memset(out, 0, sizeof(*out));
    return err;
}

int ejwt_access_token_verify(const char *token, size_t len, const ejwt_access_token_opts *opts,
                             const ejwt_key *keys, size_t nkeys, uint8_t *work, size_t work_cap,
                             size_t *work_needed, ejwt_jwt *out)
{
    ejwt_verify_opts vo;
    ejwt_json claims;
    size_t req_len = 0;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    if (work_needed != NULL) {
        *work_needed = 0;
    }
    if (opts == NULL || token == NULL ||
        ejwt_bounded_len(opts->issuer, EJWT_ACCESS_TOKEN_MAX_ID_LEN) == 0u ||
        ejwt_bounded_len(opts->resource, EJWT_ACCESS_TOKEN_MAX_ID_LEN) == 0u) {
        EJWT_ASSERT(0 && "access token: opts, issuer and resource are required");
        return fail(EJWT_ERR_INVALID_ARG, work, work_cap, work_needed, out);
    }
    if (opts->scope != NULL) {
        req_len = strlen(opts->scope);
        if (req_len > EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN) {
            EJWT_ASSERT(0 && "access token: required scope over its bound");
            return fail(EJWT_ERR_INVALID_ARG, work, work_cap, work_needed, out);
        }
    }

    /* Rule 2 before any key is chosen: without a kid the core would take a
     * lone key, or report an ambiguous choice; the profile wants neither. */
    err = ejwt_jws_parse(token, len, work, work_cap, work_needed, &out->jws);
    if (err != EJWT_OK) {
        if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
            memset(out, 0, sizeof(*out));
            return err; /* work_needed reported, work wiped by the parser */
        }
        return fail(err, work, work_cap, work_needed, out);
    }
    err = check_kid(&out->jws);
    if (err != EJWT_OK) {
        return fail(err, work, work_cap, work_needed, out);
    }

    memset(&vo, 0, sizeof vo);
    vo.algs = opts->algs;
    vo.now = opts->now;
    vo.leeway = opts->leeway;
    vo.iss = opts->issuer;
    vo.aud = opts->resource;
    vo.typ = EJWT_ACCESS_TOKEN_TYP;
    vo.required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP |
                  EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    err = ejwt_jwt_verify(token, len, keys, nkeys, &vo, work, work_cap, work_needed, out);
    if (err != EJWT_OK) {
        return err; /* out, work and work_needed already cleared */
    }

    claims = ejwt_jwt_claims(out);
    err = check_client_id(&claims);
    if (err == EJWT_OK) {
        err = check_scope(&claims, opts->scope, req_len);
    }
    if (err != EJWT_OK) {
        return fail(err, work, work_cap, work_needed, out);
    }
    return EJWT_OK;
}
