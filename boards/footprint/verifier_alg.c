/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Footprint reference image "verifier_<alg>": the "verifier" image for
 * another algorithm (RS256, PS256, ES384, ES512, HS384 or HS512; the one
 * EJWT_ENABLE_<alg> the image is built with, fp_algs.h): verify the token
 * of a test key and check exp, iss and aud.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/ejwt.h>

#include "fp.h"
#include "fp_algs.h"

#define FP_IMAGE "verifier_" FP_ALG_NAME

int main(void);

static uint8_t work[EJWT_WORK_SIZE(sizeof fp_alg_token - 1u)];
static ejwt_jwt jwt;

static int import_key(ejwt_key *key)
{
#if defined(FP_ALG_FAMILY_RS) || defined(FP_ALG_FAMILY_PS)
    return ejwt_key_import_rsa_public(FP_ALG, fp_alg_n, sizeof fp_alg_n, fp_alg_e, sizeof fp_alg_e,
                                      key);
#elif defined(FP_ALG_FAMILY_ES)
    return ejwt_key_import_ec_public(FP_ALG, fp_alg_key, sizeof fp_alg_key, key);
#else
    return ejwt_key_import_hmac_alg(FP_ALG, fp_alg_key, sizeof fp_alg_key, key);
#endif
}

int main(void)
{
    ejwt_key key;
    ejwt_verify_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(FP_ALG);
    opts.now = FP_NOW;
    opts.iss = "https://auth.example.com";
    opts.aud = "https://api.example.com/telemetry";
    opts.required = EJWT_CLAIM_EXP;

    ejwt_bm_stack_repaint();
    if (ejwt_crypto_init() != EJWT_OK) {
        return fp_report(FP_IMAGE, 1);
    }
    if (import_key(&key) != EJWT_OK) {
        return fp_report(FP_IMAGE, 2);
    }
    if (ejwt_jwt_verify(fp_alg_token, sizeof fp_alg_token - 1u, &key, 1, &opts, work, sizeof work,
                        NULL, &jwt) != EJWT_OK) {
        return fp_report(FP_IMAGE, 3);
    }
    return fp_report(FP_IMAGE, 0);
}
