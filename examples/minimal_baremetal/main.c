/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The smallest complete ejwt firmware: start the generic MCU glue
 * (ejwt::mcu), create an ES256 key with PSA, sign a JWT with it and verify
 * the token - then check that a token with one signature character changed
 * is refused. Prints a short report and exits 0 only if every step did
 * what it must.
 *
 * The board has no clock (hooks.c): the token's times are a constant, and
 * the verification is told that constant as "now".
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>
#include <ejwt/mcu.h>

#include "console.h"
#include "startup.h"

int main(void);

/* QEMU's lm3s6965evb runs the core on its 12 MHz crystal (no PLL set). */
#define EXAMPLE_CPU_HZ 12000000u
/* The token's issue time; valid for five minutes. */
#define EXAMPLE_NOW 1700000000
#define EXAMPLE_LIFETIME 300
#define EXAMPLE_ISSUER "device-0042"

static char token[384];
static uint8_t work[EJWT_WORK_SIZE(sizeof token)];
static ejwt_jwt jwt;

static int fail(const char *step, int rc)
{
    console_puts("minimal_baremetal: FAIL at ");
    console_puts(step);
    console_puts(" (");
    console_puts(rc < 0 ? "-" : "");
    console_putu((uint32_t)(rc < 0 ? -rc : rc));
    console_puts(")\n");
    return 1;
}

static int verify(const char *tok, size_t len, const ejwt_key *key)
{
    ejwt_verify_opts opts;

    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    opts.now = EXAMPLE_NOW + 1;
    opts.iss = EXAMPLE_ISSUER;
    opts.required = EJWT_CLAIM_EXP;
    return ejwt_jwt_verify(tok, len, key, 1, &opts, work, sizeof work, NULL, &jwt);
}

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    ejwt_key key;
    ejwt_builder b;
    uint8_t rnd[12];
    char jti[20];
    size_t n = 0;
    size_t len = 0;
    int rc;

    console_init();
    console_puts("minimal_baremetal: ejwt ");
    console_puts(ejwt_version());
    console_puts(" on lm3s6965evb (board folder of its own, ejwt::mcu)\n");
    console_puts("WARNING: TEST-ONLY INSECURE ENTROPY (EXAMPLE_ONLY_INSECURE_ENTROPY): "
                 "never ship this image\n");

    /* The generic glue: Mbed TLS's arena first, then the 1 ms tick. */
    ejwt_mcu_arena_init();
    ejwt_mcu_systick_start(EXAMPLE_CPU_HZ);
    rc = ejwt_platform_set(ejwt_mcu_platform());
    if (rc != EJWT_OK) {
        return fail("platform", rc);
    }
    rc = ejwt_crypto_init();
    if (rc != EJWT_OK) {
        return fail("crypto init", rc);
    }

    /* A volatile P-256 key pair for ES256 (a device key would be persistent,
     * in PSA ITS: docs/PORTING.md). */
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256u);
    psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    if (psa_generate_key(&attr, &id) != PSA_SUCCESS) {
        return fail("key generation", EJWT_ERR_CRYPTO);
    }
    rc = ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), EJWT_ALG_ES256, "dev-1", &key);
    if (rc != EJWT_OK) {
        return fail("key wrap", rc);
    }

    rc = ejwt_random(rnd, sizeof rnd);
    if (rc == EJWT_OK) {
        rc = ejwt_b64url_encode(rnd, sizeof rnd, jti, sizeof jti, &n);
    }
    if (rc != EJWT_OK) {
        return fail("jti", rc);
    }
    ejwt_builder_init(&b, token, sizeof token, &key, "JWT");
    ejwt_builder_add_string(&b, "iss", EXAMPLE_ISSUER);
    ejwt_builder_add_string(&b, "sub", EXAMPLE_ISSUER);
    ejwt_builder_add_int(&b, "iat", EXAMPLE_NOW);
    ejwt_builder_add_int(&b, "exp", EXAMPLE_NOW + EXAMPLE_LIFETIME);
    ejwt_builder_add_string(&b, "jti", jti);
    rc = ejwt_builder_finish(&b, &len);
    if (rc != EJWT_OK) {
        return fail("sign", rc);
    }
    console_puts("signed: ES256 token of ");
    console_putu((uint32_t)len);
    console_puts(" bytes\n");

    rc = verify(token, len, &key);
    if (rc != EJWT_OK) {
        return fail("verify", rc);
    }
    console_puts("verified: signature, iss and exp\n");

    /* One character of the signature changed: must be refused. (The last
     * character carries padding bits, so change one before it.) */
    token[len - 2u] = token[len - 2u] == 'A' ? 'B' : 'A';
    rc = verify(token, len, &key);
    if (rc == EJWT_OK) {
        return fail("tampered token accepted", rc);
    }
    console_puts("refused: tampered token (");
    console_puts(ejwt_error_name(rc));
    console_puts(")\n");

    rc = ejwt_key_destroy(&key);
    if (rc != EJWT_OK) {
        return fail("key destroy", rc);
    }
    console_puts("stack peak ");
    console_putu((uint32_t)example_stack_peak());
    console_puts(" of ");
    console_putu((uint32_t)example_stack_size());
    console_puts(" bytes, Mbed TLS arena peak ");
    console_putu((uint32_t)ejwt_mcu_arena_peak());
    console_puts(" of ");
    console_putu((uint32_t)ejwt_mcu_arena_size());
    console_puts(" bytes, uptime ");
    console_putu((uint32_t)ejwt_mcu_uptime_ms());
    console_puts(" ms\n");
    console_puts("minimal_baremetal: OK\n");
    return 0;
}
