/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Instruction counts (scripts/icount; a report, not a test): ES256 sign,
 * ES256 verify and HS256 verify of a typical ~300-byte device token through
 * ejwt, beside the bare PSA operations on the same bytes. Run under QEMU's
 * -icount shift=0 (one instruction per virtual nanosecond), where the
 * SysTick counter measures instructions: 10^9 / cpu_hz per tick.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

#include "fp.h"

int main(void);

#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define REPEAT 4u

static char token[512];
static char hs_token[512];
static uint8_t work[EJWT_WORK_SIZE(sizeof token)];
static ejwt_jwt jwt;

/* SysTick ticks since reset: milliseconds from the interrupt plus the
 * counter's progress inside the current millisecond. */
static uint64_t ticks(void)
{
    uint32_t per_ms = ejwt_board.cpu_hz / 1000u;
    uint64_t ms;
    uint32_t cvr;
    do {
        ms = ejwt_mcu_uptime_ms();
        cvr = SYST_CVR;
    } while (ms != ejwt_mcu_uptime_ms());
    return ms * per_ms + (per_ms - 1u - cvr);
}

static unsigned long insns(uint64_t t0, uint64_t t1)
{
    return (unsigned long)((t1 - t0) * (1000000000u / ejwt_board.cpu_hz) / REPEAT);
}

static size_t build(char *out, size_t cap, const ejwt_key *key)
{
    ejwt_builder b;
    size_t n = 0;
    ejwt_builder_init(&b, out, cap, key, "JWT");
    ejwt_builder_add_string(&b, "iss", "https://auth.example.com");
    ejwt_builder_add_string(&b, "sub", "device-0042-a1b2c3d4e5f6");
    ejwt_builder_add_string(&b, "aud", "https://api.example.com/telemetry");
    ejwt_builder_add_int(&b, "iat", FP_NOW - 100);
    ejwt_builder_add_int(&b, "exp", FP_NOW + 3500);
    ejwt_builder_add_string(&b, "jti", "mx4caB73blF5ftZA8ek5UA");
    return ejwt_builder_finish(&b, &n) == EJWT_OK ? n : 0u;
}

static int verify(const char *tok, size_t len, const ejwt_key *key, ejwt_alg alg)
{
    ejwt_verify_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(alg);
    opts.now = FP_NOW;
    opts.iss = "https://auth.example.com";
    opts.aud = "https://api.example.com/telemetry";
    opts.required = EJWT_CLAIM_EXP;
    return ejwt_jwt_verify(tok, len, key, 1, &opts, work, sizeof work, NULL, &jwt);
}

static void row(const char *op, unsigned long ejwt, unsigned long bare)
{
    /* The ratio is the reader's division: a 64-bit one here would link
     * libgcc's __udivmoddi4 into the measured image. */
    ejwt_bm_printf("ICOUNT op=%s ejwt=%lu psa=%lu\n", op, ejwt, bare);
}

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    ejwt_key es, hs;
    uint8_t hash[32], sig[64], pub[65], mac[32];
    size_t n = 0, len, hs_len, input;
    uint64_t t0, t1;
    unsigned long e_sign, e_ver, e_hs, p_sign, p_ver, p_hs;
    unsigned i;
    int ok = 1;

    if (ejwt_crypto_init() != EJWT_OK) {
        return 1;
    }
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256u);
    psa_set_key_algorithm(&attr, FP_ES256_SIGN_ALG);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    if (psa_generate_key(&attr, &id) != PSA_SUCCESS ||
        ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), EJWT_ALG_ES256, NULL, &es) !=
            EJWT_OK ||
        ejwt_key_import_hmac(fp_hs256_secret, sizeof fp_hs256_secret, &hs) != EJWT_OK ||
        psa_export_public_key(id, pub, sizeof pub, &n) != PSA_SUCCESS) {
        return 2;
    }

    t0 = ticks();
    for (i = 0, len = 0; i < REPEAT; i++) {
        len = build(token, sizeof token, &es);
    }
    t1 = ticks();
    e_sign = insns(t0, t1);
    t0 = ticks();
    for (i = 0; i < REPEAT; i++) {
        ok &= verify(token, len, &es, EJWT_ALG_ES256) == EJWT_OK;
    }
    t1 = ticks();
    e_ver = insns(t0, t1);
    hs_len = build(hs_token, sizeof hs_token, &hs);
    t0 = ticks();
    for (i = 0; i < REPEAT; i++) {
        ok &= verify(hs_token, hs_len, &hs, EJWT_ALG_HS256) == EJWT_OK;
    }
    t1 = ticks();
    e_hs = insns(t0, t1);

    /* The bare PSA operations on the same signing inputs. */
    input = (size_t)(strrchr(token, '.') - token);
    t0 = ticks();
    for (i = 0; i < REPEAT; i++) {
        ok &= psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)token, input, hash, sizeof hash,
                               &n) == PSA_SUCCESS &&
              psa_sign_hash(id, FP_ES256_SIGN_ALG, hash, n, sig, sizeof sig, &n) == PSA_SUCCESS;
    }
    t1 = ticks();
    p_sign = insns(t0, t1);
    t0 = ticks();
    for (i = 0; i < REPEAT; i++) {
        ok &= psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)token, input, hash, sizeof hash,
                               &n) == PSA_SUCCESS &&
              psa_verify_hash(id, FP_ES256_SIGN_ALG, hash, n, sig, 64u) == PSA_SUCCESS;
    }
    t1 = ticks();
    p_ver = insns(t0, t1);
    input = (size_t)(strrchr(hs_token, '.') - hs_token);
    ok &= psa_mac_compute(hs.psa_id, PSA_ALG_HMAC(PSA_ALG_SHA_256), (const uint8_t *)hs_token,
                          input, mac, sizeof mac, &n) == PSA_SUCCESS;
    t0 = ticks();
    for (i = 0; i < REPEAT; i++) {
        ok &= psa_mac_verify(hs.psa_id, PSA_ALG_HMAC(PSA_ALG_SHA_256), (const uint8_t *)hs_token,
                             input, mac, sizeof mac) == PSA_SUCCESS;
    }
    t1 = ticks();
    p_hs = insns(t0, t1);

    ejwt_bm_printf("ICOUNT board=%s es256_token_len=%u hs256_token_len=%u ok=%d\n", ejwt_board.name,
                   (unsigned)len, (unsigned)hs_len, ok);
    row("es256_sign", e_sign, p_sign);
    row("es256_verify", e_ver, p_ver);
    row("hs256_verify", e_hs, p_hs);
    return ok ? 0 : 3;
}
