/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_discovery_parse(), ejwt_discovery_check() and ejwt_discovery_url().
 *
 * Input: one flags byte (bit 0: EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP; bits
 * 1-2 pick the expected issuer: the seeds' Glewlwyd issuer, RFC 8414's, or
 * the document's own `issuer` as the target reads it), then the document.
 *
 * Properties: the code is one documented for the parser; on failure the
 * struct is all zero; on success the issuer is exactly the expected one,
 * every kept URL is terminated, within EJWT_DISCOVERY_MAX_URL, passes
 * ejwt_url_check() with the same flags and equals the document's member
 * (re-read with the public JSON accessors), the token endpoint is non-empty,
 * and ejwt_discovery_check() answers OK or SERVER_UNSUPPORTED only; the
 * well-known URLs of an accepted issuer are built, and the size query agrees.
 */
#include <string.h>

#include "ejwt/auth/discovery.h"
#include "ejwt/json.h"
#include "fuzz_common.h"

static jsmntok_t tok[EJWT_DISCOVERY_TOKENS];
static jsmntok_t tok2[EJWT_DISCOVERY_TOKENS];
static ejwt_discovery md;
static char own_issuer[EJWT_DISCOVERY_MAX_URL + 2];

static void check_url(const ejwt_json *doc, const char *name, const char *kept, unsigned flags)
{
    int idx = ejwt_json_find(doc, 0, name);
    size_t n = strlen(kept);

    FUZZ_CHECK(n <= EJWT_DISCOVERY_MAX_URL);
    if (idx < 0) {
        FUZZ_CHECK(n == 0u);
        return;
    }
    FUZZ_CHECK(ejwt_json_string_equals(doc, idx, kept, n) == 1);
    FUZZ_CHECK(ejwt_url_check(kept, n, 0, flags) == EJWT_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const issuers[] = {"https://127.0.0.1:4593/api/oidc",
                                          "https://server.example.com"};
    const char *text, *issuer;
    size_t len, ilen, n = 0, m = 0;
    unsigned flags;
    ejwt_json doc;
    int r;

    if (size < 1u) {
        return 0;
    }
    flags = data[0] & 1u;
    text = (const char *)data + 1;
    len = size - 1u;
    if (((data[0] >> 1) & 3u) == 2u) {
        /* the document's own issuer, if the target can read one */
        own_issuer[0] = '\0';
        if (ejwt_json_parse(text, len, tok2, EJWT_DISCOVERY_TOKENS, &doc) == EJWT_OK &&
            ejwt_json_type(&doc, 0) == EJWT_JSON_OBJECT) {
            int idx = ejwt_json_find(&doc, 0, "issuer");
            if (idx > 0 &&
                ejwt_json_string_copy(&doc, idx, own_issuer, sizeof(own_issuer), &n) != EJWT_OK) {
                own_issuer[0] = '\0';
            }
        }
        issuer = own_issuer;
        ilen = strlen(own_issuer);
    } else {
        issuer = issuers[(data[0] >> 1) & 1u];
        ilen = strlen(issuer);
    }
    memset(&md, 0xA5, sizeof(md));
    r = ejwt_discovery_parse(text, len, issuer, ilen, flags, tok, EJWT_DISCOVERY_TOKENS, &md);
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_METADATA_ISSUER || r == EJWT_ERR_INSECURE_URL ||
               r == EJWT_ERR_METADATA_INVALID || r == EJWT_ERR_JSON_SYNTAX ||
               r == EJWT_ERR_JSON_STRING || r == EJWT_ERR_JSON_DUPLICATE ||
               r == EJWT_ERR_JSON_TOO_DEEP || r == EJWT_ERR_JSON_TOO_MANY_TOKENS ||
               r == EJWT_ERR_JSON_NOT_OBJECT);
    if (r != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&md, sizeof(md)));
        return 0;
    }
    FUZZ_CHECK(ejwt_json_parse(text, len, tok2, EJWT_DISCOVERY_TOKENS, &doc) == EJWT_OK);
    FUZZ_CHECK(strlen(md.issuer) == ilen && memcmp(md.issuer, issuer, ilen) == 0);
    FUZZ_CHECK(ejwt_url_check(md.issuer, ilen, 1, flags) == EJWT_OK);
    FUZZ_CHECK(md.token_endpoint[0] != '\0');
    check_url(&doc, "token_endpoint", md.token_endpoint, flags);
    check_url(&doc, "jwks_uri", md.jwks_uri, flags);
    check_url(&doc, "device_authorization_endpoint", md.device_authorization_endpoint, flags);
    check_url(&doc, "registration_endpoint", md.registration_endpoint, flags);
    check_url(&doc, "revocation_endpoint", md.revocation_endpoint, flags);
    r = ejwt_discovery_check(&md, 0xFu);
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_SERVER_UNSUPPORTED);
    FUZZ_CHECK(ejwt_discovery_check(&md, 0) == EJWT_OK);
    /* the issuer's well-known URLs */
    {
        static char url[2 * EJWT_DISCOVERY_MAX_URL + 64];
        r = ejwt_discovery_url(md.issuer, ilen, EJWT_DISCOVERY_OAUTH, flags, NULL, 0, &m);
        FUZZ_CHECK(r == EJWT_ERR_BUFFER_TOO_SMALL && m > ilen);
        r = ejwt_discovery_url(md.issuer, ilen, EJWT_DISCOVERY_OAUTH, flags, url, sizeof(url), &n);
        FUZZ_CHECK(r == EJWT_OK && n + 1u == m && strlen(url) == n);
        FUZZ_CHECK(strstr(url, EJWT_WELL_KNOWN_OAUTH) != NULL);
        r = ejwt_discovery_url(md.issuer, ilen, EJWT_DISCOVERY_OIDC, flags, url, sizeof(url), &n);
        FUZZ_CHECK(r == EJWT_OK && strlen(url) == n);
        FUZZ_CHECK(n >= sizeof(EJWT_WELL_KNOWN_OIDC) - 1u &&
                   strcmp(url + n - (sizeof(EJWT_WELL_KNOWN_OIDC) - 1u), EJWT_WELL_KNOWN_OIDC) ==
                       0);
    }
    return 0;
}
