/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Floor of the "verifier" image: the same PSA calls (import the public key,
 * SHA-256 of the signing input, ECDSA verify) with no ejwt code. The
 * signature is decoded by hand here, as a caller of bare PSA would have to.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include "fp.h"

int main(void);

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    uint8_t hash[32];
    uint8_t sig[64];
    size_t hash_len = 0;
    const char *dot = strrchr(fp_es256_token, '.');
    size_t sig_len;
    size_t input_len = (size_t)(dot - fp_es256_token);

    ejwt_bm_stack_repaint();
    sig_len = fp_floor_sig(fp_es256_token, sig, sizeof sig);
    if (psa_crypto_init() != PSA_SUCCESS) {
        return fp_report("verifier_floor", 1);
    }
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_VERIFY_HASH);
    if (psa_import_key(&attr, fp_point, sizeof fp_point, &id) != PSA_SUCCESS) {
        return fp_report("verifier_floor", 2);
    }
    if (psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)fp_es256_token, input_len, hash,
                         sizeof hash, &hash_len) != PSA_SUCCESS ||
        psa_verify_hash(id, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, hash_len, sig, sig_len) !=
            PSA_SUCCESS) {
        return fp_report("verifier_floor", 3);
    }
    return fp_report("verifier_floor", 0);
}
