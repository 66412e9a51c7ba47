/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Footprint reference image "verifier": verify an ES256 JWT and check exp,
 * iss and aud - the smallest useful ejwt image.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/ejwt.h>

#include "fp.h"

int main(void);

static uint8_t work[EJWT_WORK_SIZE(sizeof fp_es256_token - 1u)];
static ejwt_jwt jwt;

int main(void)
{
    ejwt_key key;
    ejwt_verify_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    opts.now = FP_NOW;
    opts.iss = "https://auth.example.com";
    opts.aud = "https://api.example.com/telemetry";
    opts.required = EJWT_CLAIM_EXP;

    ejwt_bm_stack_repaint();
    if (ejwt_crypto_init() != EJWT_OK) {
        return fp_report("verifier", 1);
    }
    if (ejwt_key_import_es256_public(fp_point, sizeof fp_point, &key) != EJWT_OK) {
        return fp_report("verifier", 2);
    }
    if (ejwt_jwt_verify(fp_es256_token, sizeof fp_es256_token - 1u, &key, 1, &opts, work,
                        sizeof work, NULL, &jwt) != EJWT_OK) {
        return fp_report("verifier", 3);
    }
    return fp_report("verifier", 0);
}
