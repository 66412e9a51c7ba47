/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Floor of a "verifier_<alg>" image: the same PSA calls (import the public
 * key, as PSA takes it; hash of the signing input and verify, or one MAC
 * verify) with no ejwt code. The signature is decoded by hand, as a caller
 * of bare PSA would have to.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include "fp.h"
#include "fp_algs.h"

#define FP_IMAGE "verifier_" FP_ALG_NAME "_floor"

int main(void);

static psa_status_t check(mbedtls_svc_key_id_t id, size_t input_len, const uint8_t *sig,
                          size_t sig_len)
{
#if defined(FP_ALG_FAMILY_HS)
    return psa_mac_verify(id, FP_PSA_ALG, (const uint8_t *)fp_alg_token, input_len, sig, sig_len);
#else
    uint8_t hash[PSA_HASH_LENGTH(FP_PSA_HASH)];
    size_t hash_len = 0;
    psa_status_t st = psa_hash_compute(FP_PSA_HASH, (const uint8_t *)fp_alg_token, input_len, hash,
                                       sizeof hash, &hash_len);
    return st != PSA_SUCCESS ? st : psa_verify_hash(id, FP_PSA_ALG, hash, hash_len, sig, sig_len);
#endif
}

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    uint8_t sig[FP_SIG_LEN];
    const char *dot = strrchr(fp_alg_token, '.');
    size_t sig_len;
    size_t input_len = (size_t)(dot - fp_alg_token);

    ejwt_bm_stack_repaint();
    sig_len = fp_floor_sig(fp_alg_token, sig, sizeof sig);
    if (psa_crypto_init() != PSA_SUCCESS) {
        return fp_report(FP_IMAGE, 1);
    }
    psa_set_key_type(&attr, FP_PSA_KEY_TYPE);
    psa_set_key_algorithm(&attr, FP_PSA_ALG);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_VERIFY_HASH | PSA_KEY_USAGE_VERIFY_MESSAGE);
    if (psa_import_key(&attr, fp_alg_key, sizeof fp_alg_key, &id) != PSA_SUCCESS) {
        return fp_report(FP_IMAGE, 2);
    }
    if (check(id, input_len, sig, sig_len) != PSA_SUCCESS) {
        return fp_report(FP_IMAGE, 3);
    }
    return fp_report(FP_IMAGE, 0);
}
