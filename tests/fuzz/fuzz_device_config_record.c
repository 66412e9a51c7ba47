/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_device_config_decode(), the reader of the sealed configuration
 * record (what a damaged or hostile storage hands back after the seal
 * opened).
 *
 * Input: one flags byte (bit 0: EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP), then
 * the record.
 *
 * Properties: the result is EJWT_OK or EJWT_ERR_STORAGE_CORRUPT; on failure
 * the struct is all zero; on success every string is terminated within its
 * bound, the issuer, token endpoint and client id are not empty, the grant
 * is one of the two, the flags are 0 or 1, a registration is present only
 * when flagged; the struct encodes again within
 * EJWT_DEVICE_CONFIG_RECORD_MAX into exactly the input's bytes, and every
 * truncation of them is EJWT_ERR_STORAGE_CORRUPT.
 *
 * Seeds (corpus/device_config_record): the flags byte and records written
 * by ejwt_device_config_encode() itself (robustness, not conformance: the
 * library's own output is the right start), from this file's generator:
 *
 *     B=build/host
 *     cc -std=c99 -DEJWT_FUZZ_SEED_MAIN <ejwt_auth's -D/-I/-isystem flags from
 *        $B/compile_commands.json> -Itests/fuzz tests/fuzz/fuzz_device_config_record.c \
 *        <$B's ejwt_psa_its and ejwt_port objects> $B/auth/libejwt_auth.a \
 *        $B/platform/libejwt_platform.a $B/core/libejwt_core.a \
 *        $B/common/libejwt_common.a $B/libejwt_mbedcrypto.a $B/libejwt_posix.a -o seeds
 *     ./seeds tests/fuzz/corpus/device_config_record
 *
 * (configurations: a client_credentials device with a factory client id;
 * a device-grant device with an RFC 7591 registration and a pinned CA;
 * every string at its bound).
 */
#include <string.h>

#include "ejwt/auth/device_config.h"
#include "fuzz_common.h"

static ejwt_device_config cfg, back;
static uint8_t rec[EJWT_DEVICE_CONFIG_RECORD_MAX];

/* \p s is terminated within \p max bytes. */
static int bounded(const char *s, size_t max)
{
    return memchr(s, '\0', max + 1u) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    size_t n = 0, i;
    int r;

    if (size < 1u) {
        return 0;
    }
    flags = (data[0] & 1u) ? EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP : 0u;
    data++;
    size--;
    r = ejwt_device_config_decode(data, size, flags, &cfg);
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_CORRUPT);
    if (r != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&cfg, sizeof(cfg)));
        return 0;
    }
    FUZZ_CHECK(bounded(cfg.issuer, EJWT_DISCOVERY_MAX_URL) && cfg.issuer[0] != '\0');
    FUZZ_CHECK(bounded(cfg.token_endpoint, EJWT_DISCOVERY_MAX_URL) &&
               cfg.token_endpoint[0] != '\0');
    FUZZ_CHECK(bounded(cfg.device_authorization_endpoint, EJWT_DISCOVERY_MAX_URL));
    FUZZ_CHECK(bounded(cfg.revocation_endpoint, EJWT_DISCOVERY_MAX_URL));
    FUZZ_CHECK(bounded(cfg.registration_endpoint, EJWT_DISCOVERY_MAX_URL));
    FUZZ_CHECK(bounded(cfg.jwks_uri, EJWT_DISCOVERY_MAX_URL));
    FUZZ_CHECK(bounded(cfg.client_id, EJWT_ASSERTION_MAX_CLIENT_ID) && cfg.client_id[0] != '\0');
    FUZZ_CHECK(bounded(cfg.scope, EJWT_SESSION_MAX_PARAM));
    FUZZ_CHECK(bounded(cfg.resource, EJWT_SESSION_MAX_PARAM));
    FUZZ_CHECK(cfg.grant == EJWT_SESSION_USE_CLIENT_CREDENTIALS ||
               cfg.grant == EJWT_SESSION_USE_DEVICE_CODE);
    FUZZ_CHECK(cfg.ca_pinned == 0 || cfg.ca_pinned == 1);
    FUZZ_CHECK(cfg.registered == 0 || cfg.registered == 1);
    FUZZ_CHECK(cfg.registered || cfg.reg.client_id[0] == '\0');
    FUZZ_CHECK(!cfg.registered || cfg.reg.client_id[0] != '\0');
    /* the struct encodes back into the same bytes */
    FUZZ_CHECK(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n) == EJWT_OK);
    FUZZ_CHECK(n == size && memcmp(rec, data, n) == 0);
    FUZZ_CHECK(ejwt_device_config_decode(rec, n, flags, &back) == EJWT_OK);
    FUZZ_CHECK(memcmp(&back, &cfg, sizeof(cfg)) == 0);
    for (i = 0; i < n; i += 7u) {
        FUZZ_CHECK(ejwt_device_config_decode(rec, i, flags, &back) == EJWT_ERR_STORAGE_CORRUPT);
        FUZZ_CHECK(fuzz_all_zero(&back, sizeof(back)));
    }
    return 0;
}

#ifdef EJWT_FUZZ_SEED_MAIN
/* The seed generator (see the top of this file). */
#include <stdio.h>

static int write_seed(const char *dir, const char *name, unsigned flags,
                      const ejwt_device_config *c)
{
    char path[512];
    size_t len = 0;
    FILE *f;
    int ok;

    if (ejwt_device_config_encode(c, rec, sizeof(rec), &len) != EJWT_OK) {
        return -1;
    }
    (void)snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }
    ok = fputc((int)flags, f) != EOF && fwrite(rec, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const char base[] = "https://127.0.0.1:4593/api/oidc";
    int rc = 0;

    if (argc != 2) {
        return 2;
    }
    memset(&cfg, 0, sizeof(cfg));
    (void)snprintf(cfg.issuer, sizeof(cfg.issuer), "%s", base);
    (void)snprintf(cfg.token_endpoint, sizeof(cfg.token_endpoint), "%s/token", base);
    (void)snprintf(cfg.client_id, sizeof(cfg.client_id), "dev-1");
    rc |= write_seed(argv[1], "client-credentials", 0u, &cfg);

    (void)snprintf(cfg.device_authorization_endpoint, sizeof(cfg.device_authorization_endpoint),
                   "%s/device_authorization", base);
    (void)snprintf(cfg.revocation_endpoint, sizeof(cfg.revocation_endpoint), "%s/revoke", base);
    (void)snprintf(cfg.registration_endpoint, sizeof(cfg.registration_endpoint), "%s/register",
                   base);
    (void)snprintf(cfg.jwks_uri, sizeof(cfg.jwks_uri), "%s/jwks", base);
    (void)snprintf(cfg.scope, sizeof(cfg.scope), "g_admin openid");
    (void)snprintf(cfg.resource, sizeof(cfg.resource), "https://api.example/");
    cfg.grant = EJWT_SESSION_USE_DEVICE_CODE;
    cfg.ca_pinned = 1;
    memset(cfg.ca_sha256, 0xA5, sizeof(cfg.ca_sha256));
    cfg.registered = 1;
    (void)snprintf(cfg.reg.client_id, sizeof(cfg.reg.client_id), "dev-1");
    (void)snprintf(cfg.reg.registration_access_token, sizeof(cfg.reg.registration_access_token),
                   "rat-1");
    (void)snprintf(cfg.reg.registration_client_uri, sizeof(cfg.reg.registration_client_uri),
                   "%s/register/dev-1", base);
    cfg.reg.client_id_issued_at = 1800000000;
    cfg.reg.client_secret_expires_at = 0;
    rc |= write_seed(argv[1], "device-grant-registered", 0u, &cfg);
    (void)snprintf(cfg.reg.registration_client_uri, sizeof(cfg.reg.registration_client_uri),
                   "http://127.0.0.1:8080/register/dev-1");
    rc |= write_seed(argv[1], "registered-loopback-http", 1u, &cfg);

    cfg.registered = 0;
    memset(cfg.issuer, 'i', EJWT_DISCOVERY_MAX_URL);
    memset(cfg.jwks_uri, 'j', EJWT_DISCOVERY_MAX_URL);
    memset(cfg.client_id, 'c', EJWT_ASSERTION_MAX_CLIENT_ID);
    memset(cfg.scope, 's', EJWT_SESSION_MAX_PARAM);
    memset(cfg.resource, 'r', EJWT_SESSION_MAX_PARAM);
    rc |= write_seed(argv[1], "at-bounds", 0u, &cfg);
    return rc == 0 ? 0 : 1;
}
#endif
