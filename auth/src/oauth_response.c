/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token responses (RFC 6749 sections 5.1 and 5.2). Every string that leaves
 * here is checked against the grammar of the place it goes next: the access
 * token into an HTTP header (RFC 6750 b64token), the refresh token into a
 * form body, the scope into storage.
 */
#include <string.h>

#include "ejwt/json.h"
#include "ejwt/auth/oauth.h"
#include "ejwt_common.h"
#include "oauth_internal.h"

#define HTTP_OK 200
#define HTTP_BAD_REQUEST 400
#define HTTP_UNAUTHORIZED 401
/* Longest token_type compared ("Bearer" is 6; "N_A" and the like are short). */
#define TOKEN_TYPE_MAX 16u

/* RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" /
 * "~" / "+" / "/" ) *"=" */
int ejwt_oauth_is_b64token(const char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/')) {
            break;
        }
        i++;
    }
    if (i == 0u) {
        return 0;
    }
    while (i < len && s[i] == '=') {
        i++;
    }
    return i == len;
}

/* RFC 6749 appendix A: VSCHAR = %x20-7E */
static int is_vschar(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (s[i] < 0x20 || s[i] > 0x7E) {
            return 0;
        }
    }
    return len > 0u;
}

/* RFC 6749 section 3.3: scope-token *( SP scope-token ), scope-token =
 * 1*( %x21 / %x23-5B / %x5D-7E ). */
static int is_scope(const char *s, size_t len)
{
    size_t i;
    int in_token = 0;

    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ') {
            if (!in_token) {
                return 0; /* leading or double space */
            }
            in_token = 0;
        } else if (c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)) {
            in_token = 1;
        } else {
            return 0;
        }
    }
    return in_token;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Unescape the string at \p idx into the work buffer at *used. */
static int copy_string(const ejwt_json *doc, int idx, char *work, size_t cap, size_t *used,
                       const char **s, size_t *len)
{
    size_t n = 0;
    int err;

    if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    err = ejwt_json_string_copy(doc, idx, work + *used, cap - *used, &n);
    if (err == EJWT_ERR_JSON_NUL) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    if (err != EJWT_OK) {
        return err;
    }
    *s = work + *used;
    *len = n;
    *used += n + 1u;
    return EJWT_OK;
}

static int check_token_type(const ejwt_json *doc)
{
    static const char bearer[] = "bearer";
    char t[TOKEN_TYPE_MAX + 1u];
    size_t n = 0, i;
    int idx = ejwt_json_find(doc, 0, "token_type");

    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    if (ejwt_json_string_copy(doc, idx, t, sizeof(t), &n) != EJWT_OK || n != sizeof(bearer) - 1u) {
        return EJWT_ERR_OAUTH_TOKEN_TYPE;
    }
    for (i = 0; i < n; i++) {
        if (ascii_lower((unsigned char)t[i]) != bearer[i]) {
            return EJWT_ERR_OAUTH_TOKEN_TYPE;
        }
    }
    return EJWT_OK;
}

int ejwt_oauth_json_digits(const ejwt_json *doc, int idx, int64_t *out)
{
    int i, err;

    *out = 0;
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_NUMBER) {
        return EJWT_ERR_JSON_TYPE;
    }
    for (i = doc->tok[idx].start; i < doc->tok[idx].end; i++) {
        if (doc->text[i] < '0' || doc->text[i] > '9') {
            return EJWT_ERR_JSON_TYPE;
        }
    }
    err = ejwt_json_int64(doc, idx, out);
    if (err != EJWT_OK) {
        *out = 0;
    }
    return err;
}

/* expires_in: a JSON integer (no sign, fraction or exponent), 1..max. */
static int read_expires_in(const ejwt_json *doc, int64_t *out)
{
    int idx = ejwt_json_find(doc, 0, "expires_in");
    int64_t v = 0;

    *out = -1;
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (ejwt_oauth_json_digits(doc, idx, &v) != EJWT_OK || v < 1 || v > EJWT_OAUTH_MAX_EXPIRES_IN) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    *out = v;
    return EJWT_OK;
}

static int parse_success(const ejwt_json *doc, char *work, size_t cap, ejwt_token_response *out)
{
    size_t used = 0;
    int idx = ejwt_json_find(doc, 0, "access_token");
    int err;

    if (idx < 0) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    err = copy_string(doc, idx, work, cap, &used, &out->access_token, &out->access_token_len);
    if (err != EJWT_OK) {
        return err;
    }
    if (!ejwt_oauth_is_b64token(out->access_token, out->access_token_len)) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    err = check_token_type(doc);
    if (err == EJWT_OK) {
        err = read_expires_in(doc, &out->expires_in);
    }
    if (err != EJWT_OK) {
        return err;
    }
    idx = ejwt_json_find(doc, 0, "refresh_token");
    if (idx >= 0) {
        err = copy_string(doc, idx, work, cap, &used, &out->refresh_token, &out->refresh_token_len);
        if (err != EJWT_OK) {
            return err;
        }
        if (!is_vschar(out->refresh_token, out->refresh_token_len)) {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
    }
    idx = ejwt_json_find(doc, 0, "scope");
    if (idx >= 0) {
        err = copy_string(doc, idx, work, cap, &used, &out->scope, &out->scope_len);
        if (err != EJWT_OK) {
            return err;
        }
        if (out->scope_len == 0u) {
            out->scope = NULL; /* "" says no more than an absent scope */
        } else if (!is_scope(out->scope, out->scope_len)) {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
    }
    return EJWT_OK;
}

/* An error response: classify its `error`; anything unclear is "retry". */
static int parse_error(const char *body, size_t len, ejwt_token_response *out)
{
    jsmntok_t tok[EJWT_OAUTH_MAX_RESPONSE_TOKENS];
    ejwt_json doc;
    size_t n = 0;
    int idx;

    if (ejwt_json_parse(body, len, tok, EJWT_OAUTH_MAX_RESPONSE_TOKENS, &doc) != EJWT_OK ||
        ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    idx = ejwt_json_find(&doc, 0, "error");
    if (idx < 0 || ejwt_json_type(&doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    if (ejwt_json_string_copy(&doc, idx, out->error, sizeof(out->error), &n) != EJWT_OK ||
        !is_vschar(out->error, n)) {
        out->error[0] = '\0'; /* too long or not printable: classify only */
    }
    if (ejwt_json_string_equals(&doc, idx, "invalid_grant", 13u) == 1) {
        return EJWT_ERR_OAUTH_INVALID_GRANT;
    }
    if (ejwt_json_string_equals(&doc, idx, "invalid_client", 14u) == 1) {
        return EJWT_ERR_DEPROVISIONED;
    }
    return EJWT_ERR_OAUTH_RETRY;
}

int ejwt_oauth_parse_token_response(int status, const char *body, size_t len, char *work,
                                    size_t work_cap, ejwt_token_response *out)
{
    jsmntok_t tok[EJWT_OAUTH_MAX_RESPONSE_TOKENS];
    ejwt_json doc;
    int err;

    EJWT_REQUIRE(out != NULL && (body != NULL || len == 0u) && (work != NULL || work_cap == 0u));
    memset(out, 0, sizeof(*out));
    out->expires_in = -1;
    if (status == HTTP_BAD_REQUEST || status == HTTP_UNAUTHORIZED) {
        return len > 0u ? parse_error(body, len, out) : EJWT_ERR_OAUTH_RETRY;
    }
    if (status != HTTP_OK) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    if (len == 0u) {
        return EJWT_ERR_JSON_SYNTAX;
    }
    if (work_cap < len) {
        ejwt_wipe(work, work_cap);
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_json_parse(body, len, tok, EJWT_OAUTH_MAX_RESPONSE_TOKENS, &doc);
    if (err == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = parse_success(&doc, work, work_cap, out);
    }
    if (err != EJWT_OK) {
        ejwt_wipe(work, work_cap);
        memset(out, 0, sizeof(*out));
        out->expires_in = -1;
    }
    return err;
}
