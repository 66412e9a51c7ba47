/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A Linux program that uses ejwt the way README "Using ejwt in your project"
 * shows: built outside ejwt's tree by each consumer project here
 * (find_package, add_subdirectory, FetchContent, pkg-config) against the
 * whole stack. It touches every layer a device program needs:
 *  - the core: the RFC 7515 A.1 token verifies, the same token with one
 *    signature character changed does not;
 *  - the platform layer and the posix port: a persistent device key is
 *    created in secure storage (the folder given as argv[1]) and found
 *    again, and its public JWK is exported;
 *  - the configuration and the version agree with the library's (the
 *    bound EJWT_MAX_CLAIM_TOKENS is printed: checks.consumer.config_file
 *    sets it in a configuration header of its own).
 * Prints "consumer: ok" and exits 0 only when every step gave the expected
 * answer.
 */
#include <stdio.h>
#include <string.h>

#include "ejwt/ejwt.h"
#include "ejwt/platform/device_key.h"
#include "ejwt/port_posix.h"

/* RFC 7515 Appendix A.1: the HS256 key and token, byte for byte. */
static const char a1_jwk[] =
    "{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-"
    "1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"}";
static const char a1_token[] = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
                               "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGx"
                               "lLmNvbS9pc19yb290Ijp0cnVlfQ."
                               "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
#define A1_EXP 1300819380

static int fail(const char *step, int err)
{
    fprintf(stderr, "consumer: %s: %s (%d)\n", step, ejwt_error_name(err), err);
    return 1;
}

static int verify(const char *token, size_t len, const ejwt_key *key)
{
    static uint8_t work[EJWT_WORK_SIZE(sizeof(a1_token))];
    ejwt_verify_opts opts;
    ejwt_jwt jwt;
    size_t need = 0;

    memset(&opts, 0, sizeof(opts));
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    opts.now = A1_EXP - 10;
    opts.flags = EJWT_VERIFY_IGNORE_AUD;
    return ejwt_jwt_verify(token, len, key, 1, &opts, work, sizeof(work), &need, &jwt);
}

int main(int argc, char **argv)
{
    static char tampered[sizeof(a1_token)];
    static char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    ejwt_key hs_key, device_key, again;
    size_t jwk_len = 0;
    char *sig;
    int created = 0;
    int err;

    if (argc != 2) {
        fprintf(stderr, "usage: %s STORAGE_DIR\n", argv[0]);
        return 2;
    }
    if (strcmp(ejwt_version(), EJWT_VERSION_STRING) != 0) {
        fprintf(stderr, "consumer: library %s, headers %s\n", ejwt_version(), EJWT_VERSION_STRING);
        return 1;
    }
    if ((err = ejwt_platform_set(ejwt_posix_platform())) != EJWT_OK) {
        return fail("platform", err);
    }
    if ((err = ejwt_posix_set_storage_dir(argv[1])) != EJWT_OK) {
        return fail("storage dir", err);
    }
    if ((err = ejwt_crypto_init()) != EJWT_OK) { /* also checks the configuration */
        return fail("crypto init", err);
    }

    if ((err = ejwt_jwk_import(a1_jwk, sizeof(a1_jwk) - 1u, &hs_key)) != EJWT_OK) {
        return fail("import A.1 key", err);
    }
    if ((err = verify(a1_token, sizeof(a1_token) - 1u, &hs_key)) != EJWT_OK) {
        return fail("verify A.1 token", err);
    }
    memcpy(tampered, a1_token, sizeof(a1_token));
    sig = strrchr(tampered, '.') + 1; /* the signature's first character: 6 whole bits */
    *sig = *sig == 'd' ? 'e' : 'd';
    if ((err = verify(tampered, sizeof(a1_token) - 1u, &hs_key)) != EJWT_ERR_SIGNATURE_INVALID) {
        return fail("tampered A.1 token was not refused as a bad signature", err);
    }
    (void)ejwt_key_destroy(&hs_key);

    if ((err = ejwt_device_key_provision(&device_key, &created)) != EJWT_OK || !created) {
        return fail("create the device key", err);
    }
    if ((err = ejwt_device_key_get(&again)) != EJWT_OK) {
        return fail("find the device key in storage", err);
    }
    if ((err = ejwt_device_key_public_jwk(jwk, sizeof(jwk), &jwk_len)) != EJWT_OK ||
        strstr(jwk, "\"crv\":\"P-256\"") == NULL) {
        return fail("export the device key", err);
    }
    if ((err = ejwt_device_key_destroy()) != EJWT_OK) {
        return fail("destroy the device key", err);
    }
    printf("consumer: ok (ejwt %s, EJWT_MAX_CLAIM_TOKENS %d, device key %s)\n", ejwt_version(),
           (int)EJWT_MAX_CLAIM_TOKENS, jwk);
    return 0;
}
