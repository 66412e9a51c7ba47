/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Floor of the "device" image: the same PSA calls (generate a persistent
 * P-256 key,
 * random bytes, hash and sign, hash and verify ES256, HMAC verify, export
 * the public key) on the same bytes, with no ejwt code: no JSON, no
 * base64url, no claims.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include "fp.h"

int main(void);

static uint8_t sig[64];
static uint8_t pub[65];

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t dev;
    mbedtls_svc_key_id_t es;
    mbedtls_svc_key_id_t hs;
    uint8_t hash[32];
    uint8_t rnd[16];
    size_t n = 0;
    const char *dot = strrchr(fp_es256_token, '.');
    const char *hdot = strrchr(fp_hs256_token, '.');

    ejwt_bm_stack_repaint();
    if (psa_crypto_init() != PSA_SUCCESS) {
        return fp_report("device_floor", 1);
    }
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256u);
    psa_set_key_algorithm(&attr, FP_ES256_SIGN_ALG);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_id(&attr, mbedtls_svc_key_id_make(0, FP_DEVICE_KEY_ID));
    if (psa_generate_key(&attr, &dev) != PSA_SUCCESS ||
        psa_generate_random(rnd, sizeof rnd) != PSA_SUCCESS) {
        return fp_report("device_floor", 2);
    }
    if (psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)fp_es256_token,
                         (size_t)(dot - fp_es256_token), hash, sizeof hash, &n) != PSA_SUCCESS ||
        psa_sign_hash(dev, FP_ES256_SIGN_ALG, hash, n, sig, sizeof sig, &n) != PSA_SUCCESS) {
        return fp_report("device_floor", 3);
    }
    psa_reset_key_attributes(&attr);
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_algorithm(&attr, FP_ES256_SIGN_ALG);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_VERIFY_HASH);
    if (psa_import_key(&attr, fp_point, sizeof fp_point, &es) != PSA_SUCCESS ||
        psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)fp_es256_token,
                         (size_t)(dot - fp_es256_token), hash, sizeof hash, &n) != PSA_SUCCESS) {
        return fp_report("device_floor", 4);
    }
    /* The signature bytes are not decoded here: a failing verify still
     * exercises (and links) the whole verification path. */
    (void)psa_verify_hash(es, FP_ES256_SIGN_ALG, hash, n, sig, sizeof sig);
    psa_reset_key_attributes(&attr);
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_algorithm(&attr, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_VERIFY_MESSAGE);
    if (psa_import_key(&attr, fp_hs256_secret, sizeof fp_hs256_secret, &hs) != PSA_SUCCESS) {
        return fp_report("device_floor", 5);
    }
    (void)psa_mac_verify(hs, PSA_ALG_HMAC(PSA_ALG_SHA_256), (const uint8_t *)fp_hs256_token,
                         (size_t)(hdot - fp_hs256_token), sig, 32);
    if (psa_export_public_key(dev, pub, sizeof pub, &n) != PSA_SUCCESS) {
        return fp_report("device_floor", 6);
    }
    return fp_report("device_floor", 0);
}
