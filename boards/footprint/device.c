/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Footprint reference image "device": everything a device does with ejwt -
 * create an ES256 key and use it by id, sign a JWT assertion with claims
 * (iss, sub, aud, iat, exp, random jti), verify ES256 and HS256 JWTs from
 * the backend, export the public JWK.
 *
 * The key is persistent (FP_DEVICE_KEY_ID in PSA ITS, on the board's flash
 * key-value store), so the store and its flash driver are part of the image
 * - and of its floor, which makes the same PSA calls.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

#include "fp.h"

int main(void);

static char assertion[512];
static uint8_t work[EJWT_WORK_SIZE(sizeof fp_es256_token - 1u)];
static ejwt_jwt jwt;
static char jwk[256];

static int verify(const char *token, size_t len, const ejwt_key *key, ejwt_alg alg)
{
    ejwt_verify_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(alg);
    opts.now = FP_NOW;
    opts.iss = "https://auth.example.com";
    opts.aud = "https://api.example.com/telemetry";
    opts.required = EJWT_CLAIM_EXP;
    return ejwt_jwt_verify(token, len, key, 1, &opts, work, sizeof work, NULL, &jwt);
}

int main(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    ejwt_key dev;
    ejwt_key backend_es;
    ejwt_key backend_hs;
    ejwt_builder b;
    uint8_t rnd[16];
    char jti[24];
    size_t n = 0;
    int rc;

    ejwt_bm_stack_repaint();
    if (ejwt_crypto_init() != EJWT_OK) {
        return fp_report("device", 1);
    }
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256u);
    psa_set_key_algorithm(&attr, FP_ES256_SIGN_ALG);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_id(&attr, mbedtls_svc_key_id_make(0, FP_DEVICE_KEY_ID));
    if (psa_generate_key(&attr, &id) != PSA_SUCCESS ||
        ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), EJWT_ALG_ES256, "dev", &dev) !=
            EJWT_OK) {
        return fp_report("device", 2);
    }
    if (ejwt_random(rnd, sizeof rnd) != EJWT_OK ||
        ejwt_b64url_encode(rnd, sizeof rnd, jti, sizeof jti, &n) != EJWT_OK) {
        return fp_report("device", 3);
    }
    ejwt_builder_init(&b, assertion, sizeof assertion, &dev, "JWT");
    ejwt_builder_add_string(&b, "iss", "device-0042");
    ejwt_builder_add_string(&b, "sub", "device-0042");
    ejwt_builder_add_string(&b, "aud", "https://auth.example.com/token");
    ejwt_builder_add_int(&b, "iat", FP_NOW);
    ejwt_builder_add_int(&b, "exp", FP_NOW + 300);
    ejwt_builder_add_string(&b, "jti", jti);
    rc = ejwt_builder_finish(&b, &n);
    if (rc != EJWT_OK) {
        ejwt_bm_printf("builder: %d\n", rc);
        return fp_report("device", 4);
    }
    if (ejwt_key_import_es256_public(fp_point, sizeof fp_point, &backend_es) != EJWT_OK ||
        verify(fp_es256_token, sizeof fp_es256_token - 1u, &backend_es, EJWT_ALG_ES256) !=
            EJWT_OK) {
        return fp_report("device", 5);
    }
    if (ejwt_key_import_hmac(fp_hs256_secret, sizeof fp_hs256_secret, &backend_hs) != EJWT_OK ||
        verify(fp_hs256_token, sizeof fp_hs256_token - 1u, &backend_hs, EJWT_ALG_HS256) !=
            EJWT_OK) {
        return fp_report("device", 6);
    }
    rc = ejwt_jwk_export_public(&dev, jwk, sizeof jwk, &n);
    if (rc != EJWT_OK) {
        ejwt_bm_printf("jwk export: %d\n", rc);
        return fp_report("device", 7);
    }
    return fp_report("device", 0);
}
