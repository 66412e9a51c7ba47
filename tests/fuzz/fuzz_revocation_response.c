/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RFC 7009 revocation endpoint's answer
 * (ejwt_revocation_parse_response(), revocation.h), which reads the body's
 * `error` through the classification of retry.h.
 *
 * Input: the HTTP status as a big-endian int16 (negative ones and 0 are "no
 * HTTP answer"), then the body.
 *
 * Properties: the outcome is the REV column of docs/PROTOCOL.md's table,
 * written out here: for a 4xx or 5xx whose body is a strict JSON object
 * with a printable string `error` of at most EJWT_OAUTH_MAX_ERROR_LEN
 * characters (read back with the public JSON accessors), `invalid_client`
 * deprovisions, `invalid_request` and `unsupported_token_type` give up with
 * OAUTH_REFUSED, `temporarily_unavailable` and `server_error` back off;
 * otherwise by status: none (<= 0) backs off, 200 is done, 400 gives up,
 * 408, 425, 429 and 502..504 back off, anything else backs off as suspect.
 * The return value is the outcome's error; `error` is the body's code or
 * "", never a prefix, and "" for other statuses; a NULL outcome gives the
 * same answer, and so does ejwt_classify_response(EJWT_REQ_REVOCATION).
 *
 * Seeds (corpus/revocation_response): what RFC 7009 section 2.2 and 2.2.1
 * name (200 with an empty body, 503, 400 unsupported_token_type) and what
 * Glewlwyd 2.7.5 answers (tests/glewlwyd/README.md: 200 with an empty body,
 * 400 with an empty body for a bad parameter, 401 invalid_client), plus
 * near misses (a long code, an escaped code, a code that is no string).
 */
#include <string.h>

#include "ejwt/auth/oauth.h"
#include "ejwt/auth/retry.h"
#include "ejwt/auth/revocation.h"
#include "ejwt/json.h"
#include "fuzz_common.h"
#include "metadata_internal.h"

static jsmntok_t tok[EJWT_MD_ERROR_TOKENS];

/* The body's `error` as the table reads it: "" when there is none. */
static void body_code(const char *body, size_t len, char *code, size_t cap)
{
    ejwt_json doc;
    size_t n = 0, i;
    int idx;

    code[0] = '\0';
    if (ejwt_json_parse(body, len, tok, EJWT_MD_ERROR_TOKENS, &doc) != EJWT_OK ||
        ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        return;
    }
    idx = ejwt_json_find(&doc, 0, "error");
    if (idx < 0 || ejwt_json_string_copy(&doc, idx, code, cap, &n) != EJWT_OK) {
        code[0] = '\0';
        return;
    }
    for (i = 0; i < n; i++) {
        if (code[i] < ' ' || code[i] > '~') {
            code[0] = '\0';
            return;
        }
    }
}

static void expect(ejwt_outcome *o, ejwt_action action, int err, int suspect)
{
    o->action = action;
    o->err = err;
    o->suspect = (uint8_t)suspect;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader rd = {data, size};
    int status = (int)(int16_t)(uint16_t)fuzz_be(&rd, 2);
    const uint8_t *p;
    size_t len = fuzz_take(&rd, rd.n, &p);
    const char *body = len > 0u ? (const char *)p : NULL;
    char code[EJWT_OAUTH_MAX_ERROR_LEN + 1u];
    ejwt_outcome got, want, again;
    int r;

    memset(&got, 0x5A, sizeof(got));
    r = ejwt_revocation_parse_response(status, body, len, &got);

    memset(&want, 0, sizeof(want));
    code[0] = '\0';
    if (status >= 400 && status <= 599 && len > 0u) {
        body_code(body, len, code, sizeof(code));
    }
    if (strcmp(code, "invalid_client") == 0) {
        expect(&want, EJWT_ACTION_DEPROVISIONED, EJWT_ERR_DEPROVISIONED, 0);
    } else if (strcmp(code, "invalid_request") == 0 ||
               strcmp(code, "unsupported_token_type") == 0) {
        expect(&want, EJWT_ACTION_GIVE_UP, EJWT_ERR_OAUTH_REFUSED, 0);
    } else if (strcmp(code, "temporarily_unavailable") == 0 || strcmp(code, "server_error") == 0) {
        expect(&want, EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 0);
    } else if (status <= 0) {
        expect(&want, EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 0);
    } else if (status == 200) {
        expect(&want, EJWT_ACTION_DONE, EJWT_OK, 0);
    } else if (status == 400) {
        expect(&want, EJWT_ACTION_GIVE_UP, EJWT_ERR_OAUTH_REFUSED, 0);
    } else if (status == 408 || status == 425 || status == 429 ||
               (status >= 502 && status <= 504)) {
        expect(&want, EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 0);
    } else {
        expect(&want, EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 1);
    }

    FUZZ_CHECK(r == want.err && got.err == want.err);
    FUZZ_CHECK(got.action == want.action && got.suspect == want.suspect);
    FUZZ_CHECK(memchr(got.error, '\0', sizeof(got.error)) != NULL);
    FUZZ_CHECK(strcmp(got.error, code) == 0);

    FUZZ_CHECK(ejwt_revocation_parse_response(status, body, len, NULL) == r);
    memset(&again, 0x33, sizeof(again));
    FUZZ_CHECK(ejwt_classify_response(EJWT_REQ_REVOCATION, status, body, len, &again) == EJWT_OK);
    FUZZ_CHECK(again.action == got.action && again.err == got.err && again.suspect == got.suspect &&
               strcmp(again.error, got.error) == 0);
    return 0;
}
