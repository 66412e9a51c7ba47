/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_registration_parse_response(), the storage record, and the response
 * classification behind it (ejwt_classify_response()).
 *
 * Input: a 16-bit status (big-endian), one flags byte (bit 0:
 * EJWT_REGISTRATION_ACCEPT_200, bit 1: EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP),
 * then the body.
 *
 * Properties: the code is one documented for the status; on failure the
 * struct is cleared (strings "", times -1); on success the client id is
 * printable ASCII within its bound, the registration access token b64token
 * and only with a registration client URI, the URI passes ejwt_url_check(),
 * the times are -1 or non-negative; the record encodes, decodes to the same
 * struct, and every truncation of it is STORAGE_CORRUPT. For every request
 * kind, the classification of the same (status, body) is one of the seven
 * actions, with an error that is OK exactly for DONE, and a terminated code.
 */
#include <string.h>

#include "ejwt/auth/registration.h"
#include "ejwt/auth/retry.h"
#include "fuzz_common.h"

static ejwt_registration reg, back;

static int printable(const char *s)
{
    size_t i, n = strlen(s);

    for (i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7E) {
            return 0;
        }
    }
    return n > 0u;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t rec[EJWT_REGISTRATION_RECORD_MAX];
    const char *body;
    size_t len, n = 0, i;
    unsigned flags, k;
    int status, r;

    if (size < 3u) {
        return 0;
    }
    status = (int)(((unsigned)data[0] << 8) | data[1]) % 700;
    flags = ((data[2] & 1u) ? EJWT_REGISTRATION_ACCEPT_200 : 0u) |
            ((data[2] & 2u) ? EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP : 0u);
    body = (const char *)data + 3;
    len = size - 3u;

    for (k = EJWT_REQ_TOKEN_CLIENT_CREDENTIALS; k <= EJWT_REQ_REVOCATION; k++) {
        ejwt_outcome o;
        FUZZ_CHECK(ejwt_classify_response((ejwt_request_kind)k, status, body, len, &o) == EJWT_OK);
        FUZZ_CHECK(o.action >= EJWT_ACTION_DONE && o.action <= EJWT_ACTION_GIVE_UP);
        FUZZ_CHECK((o.action == EJWT_ACTION_DONE) == (o.err == EJWT_OK));
        FUZZ_CHECK(o.err <= 0 && memchr(o.error, '\0', sizeof(o.error)) != NULL);
        FUZZ_CHECK(o.suspect <= 1u);
        FUZZ_CHECK(o.action != EJWT_ACTION_DONE || (status >= 200 && status <= 201));
    }

    r = ejwt_registration_parse_response(status, body, len, flags, &reg);
    if (status < 200 || status > 299) {
        FUZZ_CHECK(r == EJWT_ERR_CLIENT_METADATA || r == EJWT_ERR_REDIRECT_URI ||
                   r == EJWT_ERR_OAUTH_REFUSED || r == EJWT_ERR_OAUTH_RETRY);
    } else {
        FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_METADATA_INVALID || r == EJWT_ERR_INSECURE_URL ||
                   r == EJWT_ERR_SERVER_UNSUPPORTED || r == EJWT_ERR_JSON_SYNTAX ||
                   r == EJWT_ERR_JSON_STRING || r == EJWT_ERR_JSON_DUPLICATE ||
                   r == EJWT_ERR_JSON_TOO_DEEP || r == EJWT_ERR_JSON_TOO_MANY_TOKENS ||
                   r == EJWT_ERR_JSON_NOT_OBJECT);
        FUZZ_CHECK(r != EJWT_OK || status == 201 ||
                   (status == 200 && (flags & EJWT_REGISTRATION_ACCEPT_200)));
    }
    if (r != EJWT_OK) {
        FUZZ_CHECK(reg.client_id[0] == '\0' && reg.registration_access_token[0] == '\0' &&
                   reg.registration_client_uri[0] == '\0');
        FUZZ_CHECK(reg.client_id_issued_at == -1 && reg.client_secret_expires_at == -1);
        FUZZ_CHECK(reg.grant_types == 0u);
        return 0;
    }
    FUZZ_CHECK(printable(reg.client_id) &&
               strlen(reg.client_id) <= EJWT_REGISTRATION_MAX_CLIENT_ID);
    if (reg.registration_access_token[0] != '\0') {
        FUZZ_CHECK(reg.registration_client_uri[0] != '\0');
        FUZZ_CHECK(strchr(reg.registration_access_token, ' ') == NULL);
    }
    if (reg.registration_client_uri[0] != '\0') {
        FUZZ_CHECK(ejwt_url_check(reg.registration_client_uri, strlen(reg.registration_client_uri),
                                  0, flags) == EJWT_OK);
    }
    FUZZ_CHECK(reg.client_id_issued_at >= -1 && reg.client_secret_expires_at >= -1);
    /* the record */
    FUZZ_CHECK(ejwt_registration_encode(&reg, rec, sizeof(rec), &n) == EJWT_OK);
    FUZZ_CHECK(n <= EJWT_REGISTRATION_RECORD_MAX);
    FUZZ_CHECK(ejwt_registration_decode(rec, n, flags, &back) == EJWT_OK);
    FUZZ_CHECK(memcmp(&back, &reg, sizeof(reg)) == 0);
    for (i = 0; i < n; i += 7u) {
        FUZZ_CHECK(ejwt_registration_decode(rec, i, flags, &back) == EJWT_ERR_STORAGE_CORRUPT);
        FUZZ_CHECK(back.client_id[0] == '\0' && back.client_id_issued_at == -1);
    }
    return 0;
}
