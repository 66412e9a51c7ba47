/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 8628 section 3.2: the device authorization response, member by
 * member (the rules are in device_authorization.h). A failure leaves
 * nothing behind: the result and the JSON tokens are wiped.
 */
#include <string.h>

#include "ejwt/auth/device_authorization.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/retry.h"
#include "ejwt/json.h"
#include "oauth_internal.h"
#include "ejwt_common.h"

/* Printable ASCII without spaces (a device code, a URI shown to a person). */
static int is_visible(const char *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c <= 0x20u || c > 0x7Eu) {
            return 0;
        }
    }
    return n > 0u;
}

/* Copy string member \p name into \p dst (\p cap bytes: the bound + 1);
 * absent: "" and EJWT_OK unless \p required. */
static int member_string(const ejwt_json *doc, const char *name, int required, char *dst,
                         size_t cap)
{
    int idx = ejwt_json_find(doc, 0, name);
    size_t n = 0;
    int err;

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return required ? EJWT_ERR_OAUTH_RESPONSE : EJWT_OK;
    }
    if (idx < 0) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    err = ejwt_json_string_copy(doc, idx, dst, cap, &n);
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        return EJWT_ERR_LIMIT;
    }
    if (err != EJWT_OK || !is_visible(dst, n)) {
        return EJWT_ERR_OAUTH_RESPONSE; /* not a string, U+0000, empty, space, control, 8-bit */
    }
    return EJWT_OK;
}

/* A digits-only JSON integer member in 1..max; absent: \p dflt (0 = required). */
static int member_int(const ejwt_json *doc, const char *name, uint32_t max, uint32_t dflt,
                      uint32_t *out)
{
    int idx = ejwt_json_find(doc, 0, name);
    int64_t v = 0;

    *out = dflt;
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return dflt > 0u ? EJWT_OK : EJWT_ERR_OAUTH_RESPONSE;
    }
    if (ejwt_oauth_json_digits(doc, idx, &v) != EJWT_OK || v < 1 || v > (int64_t)max) {
        *out = 0;
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    *out = (uint32_t)v;
    return EJWT_OK;
}

static int parse_members(const ejwt_json *doc, ejwt_device_authorization *out)
{
    int err = member_string(doc, "device_code", 1, out->device_code, sizeof(out->device_code));

    if (err == EJWT_OK) {
        err = member_string(doc, "user_code", 1, out->user_code, sizeof(out->user_code));
    }
    if (err == EJWT_OK) {
        err = member_string(doc, "verification_uri", 1, out->verification_uri,
                            sizeof(out->verification_uri));
    }
    if (err == EJWT_OK) {
        err = member_string(doc, "verification_uri_complete", 0, out->verification_uri_complete,
                            sizeof(out->verification_uri_complete));
    }
    if (err == EJWT_OK) {
        err = member_int(doc, "expires_in", EJWT_OAUTH_MAX_EXPIRES_IN, 0u, &out->expires_in);
    }
    if (err == EJWT_OK) {
        err = member_int(doc, "interval", EJWT_DEVICE_MAX_INTERVAL_S, EJWT_DEVICE_POLL_INTERVAL_S,
                         &out->interval);
    }
    return err;
}

int ejwt_device_authorization_parse(const char *body, size_t len, ejwt_device_authorization *out)
{
    jsmntok_t tok[EJWT_SESSION_DA_TOKENS];
    ejwt_json doc;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    EJWT_REQUIRE(body != NULL || len == 0u);
    if (len == 0u) {
        return EJWT_ERR_JSON_SYNTAX;
    }
    err = ejwt_json_parse(body, len, tok, EJWT_SESSION_DA_TOKENS, &doc);
    if (err == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = parse_members(&doc, out);
    }
    ejwt_wipe(tok, sizeof(tok));
    if (err != EJWT_OK) {
        ejwt_wipe(out, sizeof(*out));
    }
    return err;
}
