/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An application compiled with other layout bounds than the library is
 * refused at initialisation (ejwt_config.h, EJWT_CONFIG_FINGERPRINT).
 *
 * tests/config/CMakeLists.txt builds this file several times against the
 * one library of the build: once with the library's own configuration
 * (EXPECT_MISMATCH 0: ejwt_crypto_init() succeeds and a token verifies into
 * the caller's ejwt_jwt), and once per layer with one bound changed on the
 * command line, as a consumer with a stray -D would build (EXPECT_MISMATCH
 * 1: ejwt_crypto_init() returns EJWT_ERR_CONFIG_MISMATCH, so the firmware
 * stops before any struct of the wrong size reaches the library).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ejwt/auth/command.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform/token_store.h"
#include "rfc7515_a1.h"

#ifndef EXPECT_MISMATCH
#error "tests/config/CMakeLists.txt sets EXPECT_MISMATCH"
#endif

#if !EXPECT_MISMATCH
/* RFC 7515 A.1 (rfc7515_a1.h). */
static const char hs_jwk[] = RFC7515_A1_JWK;
static const char a1_token[] = RFC7515_A1_TOKEN;
#endif

static void test_init(void **state)
{
    (void)state;
#if EXPECT_MISMATCH
    assert_int_equal(ejwt_crypto_init(), EJWT_ERR_CONFIG_MISMATCH);
    /* the same answer every time: the mismatch is not a transient failure */
    assert_int_equal(ejwt_crypto_init(), EJWT_ERR_CONFIG_MISMATCH);
    assert_string_equal(ejwt_error_name(EJWT_ERR_CONFIG_MISMATCH), "EJWT_ERR_CONFIG_MISMATCH");
#else
    static uint8_t work[EJWT_WORK_SIZE(sizeof(a1_token))];
    ejwt_verify_opts opts;
    ejwt_jwt jwt;
    ejwt_key key;
    size_t need = 0;

    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    /* the fingerprint is the gate: one bit off is refused */
    assert_int_equal(ejwt_crypto_init_config(EJWT_CONFIG_FINGERPRINT ^ 1u),
                     EJWT_ERR_CONFIG_MISMATCH);
    assert_int_equal(ejwt_jwk_import(hs_jwk, sizeof(hs_jwk) - 1u, &key), EJWT_OK);
    memset(&opts, 0, sizeof(opts));
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    opts.now = RFC7515_A1_EXP - 10;
    opts.flags = EJWT_VERIFY_IGNORE_AUD;
    assert_int_equal(ejwt_jwt_verify(a1_token, sizeof(a1_token) - 1u, &key, 1, &opts, work,
                                     sizeof(work), &need, &jwt),
                     EJWT_OK);
    (void)ejwt_key_destroy(&key);
#endif
}

static void test_version(void **state)
{
    (void)state;
    assert_string_equal(ejwt_version(), EJWT_VERSION_STRING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
