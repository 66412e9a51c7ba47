/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RFC 8628 device authorization response
 * (ejwt_device_authorization_parse(), device_authorization.h).
 *
 * Input: the body, nothing else.
 *
 * Properties: the code is the one the contract gives, judged here from the
 * public JSON accessors member by member (strict JSON first, an object at
 * the root, then device_code, user_code, verification_uri,
 * verification_uri_complete, expires_in, interval in that order); on
 * failure the result is all zero; on success every
 * string is terminated inside its array, printable ASCII without spaces,
 * within its EJWT_SESSION_MAX_* bound and equal to the body's member, and
 * the numbers are the body's.
 *
 * Seeds (corpus/device_authorization_response): rfc8628-* is RFC 8628
 * section 3.2's example body as printed; glewlwyd-* the 249 bytes
 * Glewlwyd 2.7.5 answered the glewlwyd.device_grant harness's device
 * authorization request (tests/glewlwyd); edge-* near misses of the
 * contract (tests/auth/test_device_authorization.c).
 */
#include <string.h>

#include "ejwt/auth/device_authorization.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/retry.h"
#include "ejwt/json.h"
#include "fuzz_common.h"

/* More than any bound: the oracle copies a member whole. */
#define BIG 4096u

static jsmntok_t tok[EJWT_SESSION_DA_TOKENS];
static ejwt_device_authorization da;
static char whole[BIG];

/* What the parser must answer for the string member \p name (bound \p max). */
static int judge_string(const ejwt_json *doc, const char *name, int required, size_t max)
{
    int idx = ejwt_json_find(doc, 0, name);
    size_t n = 0, i;
    int err;

    if (idx < 0) {
        FUZZ_CHECK(idx == EJWT_ERR_JSON_NOT_FOUND);
        return required ? EJWT_ERR_OAUTH_RESPONSE : EJWT_OK;
    }
    if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    err = ejwt_json_string_copy(doc, idx, whole, sizeof(whole), &n);
    if (err == EJWT_ERR_JSON_NUL) {
        return EJWT_ERR_OAUTH_RESPONSE; /* at any length */
    }
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(n > max);
        return EJWT_ERR_LIMIT;
    }
    FUZZ_CHECK(err == EJWT_OK);
    if (n > max) {
        return EJWT_ERR_LIMIT;
    }
    if (n == 0u) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    for (i = 0; i < n; i++) {
        if (whole[i] < '!' || whole[i] > '~') {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
    }
    return EJWT_OK;
}

/* The same for a number member in 1..max (absent: OK when optional). */
static int judge_number(const ejwt_json *doc, const char *name, int required, int64_t max,
                        int64_t *value)
{
    int idx = ejwt_json_find(doc, 0, name);
    int k;

    *value = 0;
    if (idx < 0) {
        return required ? EJWT_ERR_OAUTH_RESPONSE : EJWT_OK;
    }
    if (ejwt_json_type(doc, idx) != EJWT_JSON_NUMBER) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    for (k = doc->tok[idx].start; k < doc->tok[idx].end; k++) {
        if (doc->text[k] < '0' || doc->text[k] > '9') {
            return EJWT_ERR_OAUTH_RESPONSE; /* sign, fraction, exponent */
        }
    }
    if (ejwt_json_int64(doc, idx, value) != EJWT_OK || *value < 1 || *value > max) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    return EJWT_OK;
}

/* A kept string: terminated inside its array, and the body's member. */
static void check_kept(const ejwt_json *doc, const char *name, const char *kept, size_t cap)
{
    const char *end = memchr(kept, '\0', cap);
    size_t n, i;
    int idx = ejwt_json_find(doc, 0, name);

    FUZZ_CHECK(end != NULL);
    n = (size_t)(end - kept);
    FUZZ_CHECK(n < cap);
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(kept[i] > ' ' && kept[i] <= '~');
    }
    if (idx < 0) {
        FUZZ_CHECK(n == 0u); /* only the optional one may be absent */
        return;
    }
    FUZZ_CHECK(n > 0u && ejwt_json_string_equals(doc, idx, kept, n) == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct {
        const char *name;
        int required;
        size_t max;
    } strings[] = {
        {"device_code", 1, EJWT_SESSION_MAX_DEVICE_CODE},
        {"user_code", 1, EJWT_SESSION_MAX_USER_CODE},
        {"verification_uri", 1, EJWT_SESSION_MAX_VERIFICATION_URI},
        {"verification_uri_complete", 0, EJWT_SESSION_MAX_VERIFICATION_URI},
    };
    const char *text = (const char *)data;
    int64_t expires_in = 0, interval = 0;
    int want = EJWT_OK, r;
    ejwt_json doc;
    size_t i;

    memset(&da, 0xA5, sizeof(da));
    r = ejwt_device_authorization_parse(size > 0u ? text : NULL, size, &da);

    /* the oracle */
    if (size == 0u) {
        want = EJWT_ERR_JSON_SYNTAX;
    } else {
        want = ejwt_json_parse(text, size, tok, EJWT_SESSION_DA_TOKENS, &doc);
        if (want == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
            want = EJWT_ERR_JSON_NOT_OBJECT;
        }
    }
    for (i = 0; want == EJWT_OK && i < sizeof(strings) / sizeof(strings[0]); i++) {
        want = judge_string(&doc, strings[i].name, strings[i].required, strings[i].max);
    }
    if (want == EJWT_OK) {
        want = judge_number(&doc, "expires_in", 1, EJWT_OAUTH_MAX_EXPIRES_IN, &expires_in);
    }
    if (want == EJWT_OK) {
        want = judge_number(&doc, "interval", 0, EJWT_DEVICE_MAX_INTERVAL_S, &interval);
    }
    FUZZ_CHECK(r == want);

    if (r != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&da, sizeof(da)));
        return 0;
    }
    check_kept(&doc, "device_code", da.device_code, sizeof(da.device_code));
    check_kept(&doc, "user_code", da.user_code, sizeof(da.user_code));
    check_kept(&doc, "verification_uri", da.verification_uri, sizeof(da.verification_uri));
    check_kept(&doc, "verification_uri_complete", da.verification_uri_complete,
               sizeof(da.verification_uri_complete));
    FUZZ_CHECK(da.device_code[0] != '\0' && da.user_code[0] != '\0' &&
               da.verification_uri[0] != '\0');
    FUZZ_CHECK((int64_t)da.expires_in == expires_in);
    FUZZ_CHECK(da.interval == (interval > 0 ? (uint32_t)interval : EJWT_DEVICE_POLL_INTERVAL_S));
    return 0;
}
