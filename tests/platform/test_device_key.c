/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device key: created once as a persistent, non-exportable, sign-only
 * ES256 key, found by id after a reboot, signing verifiably, with a public
 * JWK and RFC 7638 thumbprint.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/platform/device_key.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#include "ejwt_test_util.h"
#include "platform_test_util.h"

static void reboot(void)
{
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(1800000000);
    if (test_dir_create() != 0) {
        return -1;
    }
    return ejwt_crypto_init();
}

static int teardown(void **state)
{
    (void)state;
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

static void test_create_then_find(void **state)
{
    ejwt_key k1, k2, pub;
    char thumb[EJWT_THUMBPRINT_LEN + 1];
    char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    char jwk_thumb[EJWT_THUMBPRINT_LEN + 1];
    uint8_t point[65], sig[64], exported[128];
    size_t n = 0;
    int created = -1;
    static const uint8_t msg[] = "header.payload";

    (void)state;
    assert_int_equal(ejwt_device_key_get(&k1), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(ejwt_device_key_thumbprint(thumb), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(ejwt_device_key_provision(&k1, &created), EJWT_OK);
    assert_int_equal(created, 1);
    assert_int_equal(k1.psa_id, EJWT_DEVICE_KEY_ID);
    assert_int_equal(k1.ops, EJWT_KEY_OP_SIGN); /* sign only */
    assert_int_equal(k1.kid_len, EJWT_THUMBPRINT_LEN);
    assert_int_equal(ejwt_device_key_provision(&k2, &created), EJWT_OK);
    assert_int_equal(created, 0);
    assert_string_equal(k1.kid, k2.kid);

    /* non-exportable private part */
    assert_int_not_equal(psa_export_key(mbedtls_svc_key_id_make(0, EJWT_DEVICE_KEY_ID), exported,
                                        sizeof(exported), &n),
                         PSA_SUCCESS);
    /* signs; the public point verifies */
    assert_int_equal(ejwt_signature_sign(&k1, msg, sizeof(msg) - 1u, sig, sizeof(sig), &n),
                     EJWT_OK);
    assert_int_equal(n, 64);
    assert_int_equal(ejwt_key_export_es256_public(&k1, point, sizeof(point), &n), EJWT_OK);
    assert_int_equal(ejwt_key_import_es256_public(point, sizeof(point), &pub), EJWT_OK);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, msg, sizeof(msg) - 1u, sig, 64),
                     EJWT_OK);
    assert_int_equal(ejwt_signature_verify(&k1, EJWT_ALG_ES256, msg, sizeof(msg) - 1u, sig, 64),
                     EJWT_ERR_KEY_USAGE);
    ejwt_key_destroy(&pub);

    /* registration data */
    assert_int_equal(ejwt_device_key_thumbprint(thumb), EJWT_OK);
    assert_string_equal(thumb, k1.kid);
    assert_int_equal(ejwt_device_key_public_jwk(jwk, 10, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(n <= EJWT_DEVICE_KEY_JWK_MAX);
    assert_int_equal(ejwt_device_key_public_jwk(jwk, sizeof(jwk), &n), EJWT_OK);
    assert_non_null(strstr(jwk, thumb));
    assert_null(strstr(jwk, "\"d\""));
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), jwk_thumb), EJWT_OK);
    assert_string_equal(jwk_thumb, thumb);

    /* reboot: found by id, same identity */
    reboot();
    assert_int_equal(ejwt_device_key_get(&k2), EJWT_OK);
    assert_string_equal(k2.kid, thumb);
    assert_int_equal(ejwt_signature_sign(&k2, msg, sizeof(msg) - 1u, sig, sizeof(sig), &n),
                     EJWT_OK);

    /* deprovision */
    assert_int_equal(ejwt_device_key_destroy(), EJWT_OK);
    assert_int_equal(ejwt_device_key_destroy(), EJWT_ERR_KEY_NOT_FOUND);
    reboot();
    assert_int_equal(ejwt_device_key_get(&k2), EJWT_ERR_KEY_NOT_FOUND);
}

static void test_import_at_provisioning(void **state)
{
    /* RFC 7515 appendix A.3 private scalar */
    static const char d_b64[] = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";
    uint8_t d[32];
    ejwt_key k, again;
    char thumb[EJWT_THUMBPRINT_LEN + 1];
    uint8_t zero[32] = {0};

    (void)state;
    assert_int_equal(tu_b64url_decode(d_b64, sizeof(d_b64) - 1u, d, sizeof(d)), 32);
    assert_int_equal(ejwt_device_key_import(d, 31, &k), EJWT_ERR_KEY_INVALID);
    assert_int_equal(ejwt_device_key_import(zero, 32, &k), EJWT_ERR_KEY_INVALID);
    assert_int_equal(ejwt_device_key_import(d, sizeof(d), &k), EJWT_OK);
    assert_int_equal(ejwt_device_key_import(d, sizeof(d), &again), EJWT_ERR_KEY_EXISTS);
    reboot();
    assert_int_equal(ejwt_device_key_thumbprint(thumb), EJWT_OK);
    assert_string_equal(thumb, k.kid);
    assert_int_equal(ejwt_device_key_destroy(), EJWT_OK);
}

static void test_wrong_key_at_id(void **state)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id;
    static const uint8_t raw[32] = {1};
    ejwt_key k;

    (void)state;
    psa_set_key_id(&attr, mbedtls_svc_key_id_make(0, EJWT_DEVICE_KEY_ID));
    psa_set_key_type(&attr, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_SIGN_MESSAGE);
    psa_set_key_algorithm(&attr, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    assert_int_equal(psa_import_key(&attr, raw, sizeof(raw), &id), PSA_SUCCESS);
    assert_int_equal(ejwt_device_key_provision(&k, NULL), EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(ejwt_device_key_destroy(), EJWT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_then_find, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_at_provisioning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_at_id, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
