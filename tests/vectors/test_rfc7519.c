/*
 * RFC 7519 section 3.1: the example JWT (same key as RFC 7515 A.1), its
 * claims read through the JSON accessors, and `exp` enforced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>

#include "ejwt_test_util.h"
#include "rfc7515_a1.h"

static const char rfc7519_token[] = RFC7515_A1_TOKEN;
/* RFC 7515 A.1 key */
static const char rfc_jwk[] = RFC7515_A1_JWK;

#define RFC_EXP RFC7515_A1_EXP
#define SL(s) (sizeof(s) - 1u)

static uint8_t work[1024];
static ejwt_jwt jwt;
static ejwt_key key;

static int setup(void **state)
{
    (void)state;
    if (ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    return ejwt_jwk_import(rfc_jwk, SL(rfc_jwk), &key) == EJWT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ejwt_key_destroy(&key) == EJWT_OK ? 0 : -1;
}

static int verify_at(int64_t now, uint32_t leeway)
{
    ejwt_verify_opts o;
    memset(&o, 0, sizeof o);
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = now;
    o.leeway = leeway;
    memset(&jwt, 0xa5, sizeof jwt);
    memset(work, 0, sizeof work);
    return ejwt_jwt_verify(rfc7519_token, SL(rfc7519_token), &key, 1, &o, work, sizeof work, NULL,
                           &jwt);
}

static void test_claims_through_accessors(void **state)
{
    ejwt_json claims;
    int idx;
    int64_t exp = 0;
    char iss[16];
    size_t iss_len = 0;
    (void)state;

    assert_int_equal(verify_at(RFC_EXP - 1, 0), EJWT_OK);
    claims = ejwt_jwt_claims(&jwt);
    assert_int_equal(ejwt_json_type(&claims, 0), EJWT_JSON_OBJECT);

    idx = ejwt_json_find(&claims, 0, "iss");
    assert_true(idx > 0);
    assert_int_equal(ejwt_json_type(&claims, idx), EJWT_JSON_STRING);
    assert_int_equal(ejwt_json_string_equals(&claims, idx, "joe", 3), 1);
    assert_int_equal(ejwt_json_string_equals(&claims, idx, "jo", 2), 0);
    assert_int_equal(ejwt_json_string_copy(&claims, idx, iss, sizeof iss, &iss_len), EJWT_OK);
    assert_int_equal(iss_len, 3);
    assert_string_equal(iss, "joe");

    idx = ejwt_json_find(&claims, 0, "exp");
    assert_true(idx > 0);
    assert_int_equal(ejwt_json_type(&claims, idx), EJWT_JSON_NUMBER);
    assert_int_equal(ejwt_json_int64(&claims, idx, &exp), EJWT_OK);
    assert_true(exp == RFC_EXP);

    idx = ejwt_json_find(&claims, 0, "http://example.com/is_root");
    assert_true(idx > 0);
    assert_int_equal(ejwt_json_type(&claims, idx), EJWT_JSON_TRUE);

    assert_int_equal(ejwt_json_find(&claims, 0, "sub"), EJWT_ERR_JSON_NOT_FOUND);
    assert_int_equal(
        ejwt_jwt_check_claims(&claims, &(ejwt_verify_opts){.algs = EJWT_ALG_BIT(EJWT_ALG_HS256),
                                                           .now = RFC_EXP - 1,
                                                           .iss = "joe"}),
        EJWT_OK);
}

static void test_exp_enforced(void **state)
{
    (void)state;
    assert_int_equal(verify_at(RFC_EXP - 1, 0), EJWT_OK);
    assert_int_equal(verify_at(0, 0), EJWT_OK);
    /* now >= exp + leeway is expired: exactly at exp too */
    assert_int_equal(verify_at(RFC_EXP, 0), EJWT_ERR_EXPIRED);
    assert_true(tu_all_zero(&jwt, sizeof jwt));
    assert_true(tu_all_zero(work, sizeof work));
    assert_int_equal(verify_at(RFC_EXP + 1, 0), EJWT_ERR_EXPIRED);
    assert_int_equal(verify_at(1700000000, 0), EJWT_ERR_EXPIRED);
    /* leeway */
    assert_int_equal(verify_at(RFC_EXP + 59, 60), EJWT_OK);
    assert_int_equal(verify_at(RFC_EXP + 60, 60), EJWT_ERR_EXPIRED);
    /* unknown time fails closed */
    assert_int_equal(verify_at(EJWT_TIME_UNKNOWN, 0), EJWT_ERR_TIME_UNKNOWN);
    assert_true(tu_all_zero(&jwt, sizeof jwt));
}

static void test_expected_claims(void **state)
{
    ejwt_verify_opts o;
    (void)state;
    memset(&o, 0, sizeof o);
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = RFC_EXP - 1;
    o.iss = "joe";
    o.typ = "JWT";
    o.required = EJWT_CLAIM_ISS | EJWT_CLAIM_EXP;
    assert_int_equal(ejwt_jwt_verify(rfc7519_token, SL(rfc7519_token), &key, 1, &o, work,
                                     sizeof work, NULL, &jwt),
                     EJWT_OK);
    o.iss = "Joe";
    assert_int_equal(ejwt_jwt_verify(rfc7519_token, SL(rfc7519_token), &key, 1, &o, work,
                                     sizeof work, NULL, &jwt),
                     EJWT_ERR_ISS_MISMATCH);
    o.iss = "joe";
    o.required |= EJWT_CLAIM_SUB;
    assert_int_equal(ejwt_jwt_verify(rfc7519_token, SL(rfc7519_token), &key, 1, &o, work,
                                     sizeof work, NULL, &jwt),
                     EJWT_ERR_CLAIM_MISSING);
    o.required = 0;
    o.aud = "api";
    assert_int_equal(ejwt_jwt_verify(rfc7519_token, SL(rfc7519_token), &key, 1, &o, work,
                                     sizeof work, NULL, &jwt),
                     EJWT_ERR_CLAIM_MISSING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims_through_accessors),
        cmocka_unit_test(test_exp_enforced),
        cmocka_unit_test(test_expected_claims),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
