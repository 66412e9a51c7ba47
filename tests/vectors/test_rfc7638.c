/*
 * RFC 7638 section 3.1 thumbprint, and the thumbprint of the RFC 7515 A.3
 * EC key computed both from the imported key and from its JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>

#include "rfc7515_a1.h"

#define SL(s) (sizeof(s) - 1u)

/* RFC 7638 section 3.1, the JWK exactly as the example gives its members */
static const char rfc7638_jwk[] =
    "{\n"
    "  \"kty\": \"RSA\",\n"
    "  \"n\": "
    "\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
    "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
    "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
    "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\n"
    "  \"e\": \"AQAB\",\n"
    "  \"alg\": \"RS256\",\n"
    "  \"kid\": \"2011-04-29\"\n"
    "}";
/* the same members in the canonical order RFC 7638 section 3.1 hashes */
static const char rfc7638_canonical[] =
    "{\"e\":\"AQAB\",\"kty\":\"RSA\",\"n\":"
    "\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
    "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
    "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-"
    "bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\"}";
static const char rfc7638_thumbprint[] = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

/* RFC 7515 A.3 public key; its thumbprint computed independently (jwcrypto) */
static const char a3_jwk[] = "{\"kty\":\"EC\",\n"
                             " \"crv\":\"P-256\",\n"
                             " \"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\n"
                             " \"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"\n"
                             "}";
static const char a3_jwk_private[] =
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":"
    "\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-"
    "0iY7X1fCE9-E9LI\"}";
static const char a3_thumbprint[] = "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U";
/* RFC 7515 A.1 oct key; thumbprint computed independently (jwcrypto) */
static const char a1_jwk[] = RFC7515_A1_JWK;
static const char a1_thumbprint[] = "y_x3gCJnL6oKGBBIXScabduwxTVy2Wd2bzRVEUbdUzc";

static int setup(void **state)
{
    (void)state;
    return ejwt_crypto_init() == EJWT_OK ? 0 : -1;
}

static void test_rfc7638_rsa_example(void **state)
{
    char tp[EJWT_THUMBPRINT_LEN + 1];
    (void)state;
    memset(tp, 'X', sizeof tp);
    assert_int_equal(ejwt_jwk_thumbprint_json(rfc7638_jwk, SL(rfc7638_jwk), tp), EJWT_OK);
    assert_int_equal(strlen(tp), EJWT_THUMBPRINT_LEN);
    assert_string_equal(tp, rfc7638_thumbprint);
    memset(tp, 'X', sizeof tp);
    assert_int_equal(ejwt_jwk_thumbprint_json(rfc7638_canonical, SL(rfc7638_canonical), tp),
                     EJWT_OK);
    assert_string_equal(tp, rfc7638_thumbprint);
}

#if EJWT_ENABLE_RS256
/* The same RFC 7638 section 3.1 key imported as an RS256 key: its
 * thumbprint from the key (PSA's export of n and e) is the RFC's, and its
 * public JWK export carries the same n and e and that thumbprint as kid. */
static void test_rfc7638_rsa_key_thumbprint_and_export(void **state)
{
    char tp[EJWT_THUMBPRINT_LEN + 1], again[EJWT_THUMBPRINT_LEN + 1];
    char jwk[1024];
    size_t len = 0;
    ejwt_key key, back;
    (void)state;
    assert_int_equal(ejwt_jwk_import(rfc7638_jwk, SL(rfc7638_jwk), &key), EJWT_OK);
    assert_int_equal(key.alg, EJWT_ALG_RS256);
    assert_int_equal(key.sig_len, 256);
    assert_string_equal(key.kid, "2011-04-29");
    assert_int_equal(ejwt_jwk_thumbprint(&key, tp), EJWT_OK);
    assert_string_equal(tp, rfc7638_thumbprint);
    assert_int_equal(ejwt_jwk_export_public(&key, jwk, sizeof jwk, &len), EJWT_OK);
    assert_int_equal(len, strlen(jwk));
    assert_non_null(strstr(jwk, "\"e\":\"AQAB\""));
    assert_non_null(strstr(jwk, "\"kid\":\"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\""));
    assert_non_null(strstr(jwk, "\"alg\":\"RS256\""));
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, len, again), EJWT_OK);
    assert_string_equal(again, rfc7638_thumbprint);
    assert_int_equal(ejwt_jwk_import(jwk, len, &back), EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&back), EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
}
#endif

#if EJWT_ENABLE_RS512 && EJWT_RSA_MAX_BITS == 4096
/* A 4096-bit modulus, EJWT_RSA_MAX_BITS, made by python3-cryptography;
 * the thumbprints are jwcrypto's (JWK.thumbprint()), with e = 65537 and
 * with the longest exponent ejwt takes (4 bytes, 0x01000001): the
 * canonical JSON of the largest key must fit the thumbprint's buffer. */
#define RSA4096_N                                                                                  \
    "s3qsNl9eBTj25HJvbk3rcootCVigHkqwDAr8Jp9-HvP9e14DA9mnz155CgYgFa03BLK5hzFM6-rdVBGHnS3nMrXp"     \
    "pa4_JFJLv55RlSZ-Iql2kn1JmHpwucOn-THzbuuEmJSZVB6CPCAcs0ZVkwDdF0hScvonCchizk1hrV1bI62BBPrT"     \
    "yneg33yOuiFGBoV6ApcqWYlIZzayFioMugiSD-2F2KfGhnBy6ux2TFewvm4B94VzlXTa7sKzYTpvMsSLhUbmdTv5"     \
    "Ys-bo14Tcvro51vG0i2YUQuTm73x56IDtW-nwgmHy_7p8zTtcUUihaeSxsjjsLVYzGnQ-2Okj0Hm3xR7YGxbeBr2"     \
    "X3EKfk7MDHIiczKtHgM7beyHXKcfAi-V284y6pgrn3t7kQXFvYv8r8FT7HScoSXMHUx-x0xKsZlLHiIqiaSKtXaj"     \
    "8K7XNotjPCLyvFfuNIX55fMYau2DyqojTiqpatk0UbHMVawdeEAX1YB6YP62gsGEO3SaXLimKLDeNTQ-808DReQV"     \
    "8wx9Vg5-PhBenubWfyAXDmak6SBfiekx61wjzp_4UAHuk_zO-FkW6pw4vOpnDYHbHQYHMqw7Zg3aPQ8lQeN1d6gJ"     \
    "BHFrU11uRcQo99K-kjDAGTeI18p4PCYntT_wwfaRqmlVV1o88ycOteW4An4IsCNV3FE"
#define RSA4096_JWK(e) "{\"kty\":\"RSA\",\"alg\":\"RS512\",\"e\":\"" e "\",\"n\":\"" RSA4096_N "\"}"

static void test_rsa4096_thumbprint_and_export(void **state)
{
    static const struct {
        const char *jwk;
        const char *thumbprint;
    } cases[] = {
        {RSA4096_JWK("AQAB"), "w62F5sfOELF8dR7dJNAKnUaq0Mdt9Ot0Oit6OZZGkx4"},
        {RSA4096_JWK("AQAAAQ"), "OaV-o4mir0KPpxdG3YorUMn9_PNsfKeMulTb8mi2fRU"},
    };
    char tp[EJWT_THUMBPRINT_LEN + 1], export_tp[EJWT_THUMBPRINT_LEN + 1];
    char exported[1024];
    size_t i, len = 0;
    ejwt_key key;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *jwk = cases[i].jwk;
        assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_OK);
        assert_string_equal(tp, cases[i].thumbprint);
        assert_int_equal(ejwt_jwk_import(jwk, strlen(jwk), &key), EJWT_OK);
        assert_int_equal(key.sig_len, 512);
        memset(tp, 'X', sizeof tp);
        assert_int_equal(ejwt_jwk_thumbprint(&key, tp), EJWT_OK);
        assert_string_equal(tp, cases[i].thumbprint);
        assert_int_equal(ejwt_jwk_export_public(&key, exported, sizeof exported, &len), EJWT_OK);
        assert_int_equal(ejwt_jwk_thumbprint_json(exported, len, export_tp), EJWT_OK);
        assert_string_equal(export_tp, cases[i].thumbprint);
        assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
    }
}
#endif

static void test_a3_ec_thumbprint_import_equals_json(void **state)
{
    char from_json[EJWT_THUMBPRINT_LEN + 1];
    char from_key[EJWT_THUMBPRINT_LEN + 1];
    char from_priv[EJWT_THUMBPRINT_LEN + 1];
    ejwt_key key;
    ejwt_key priv;
    (void)state;
    assert_int_equal(ejwt_jwk_thumbprint_json(a3_jwk, SL(a3_jwk), from_json), EJWT_OK);
    assert_int_equal(ejwt_jwk_import(a3_jwk, SL(a3_jwk), &key), EJWT_OK);
    assert_int_equal(ejwt_jwk_thumbprint(&key, from_key), EJWT_OK);
    assert_string_equal(from_key, from_json);
    assert_string_equal(from_json, a3_thumbprint);
    /* the private JWK has the same thumbprint (d is not a required member) */
    assert_int_equal(ejwt_jwk_thumbprint_json(a3_jwk_private, SL(a3_jwk_private), from_json),
                     EJWT_OK);
    assert_string_equal(from_json, a3_thumbprint);
    assert_int_equal(ejwt_jwk_import(a3_jwk_private, SL(a3_jwk_private), &priv), EJWT_OK);
    assert_int_equal(ejwt_jwk_thumbprint(&priv, from_priv), EJWT_OK);
    assert_string_equal(from_priv, a3_thumbprint);
    assert_int_equal(ejwt_key_destroy(&priv), EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
}

static void test_oct_thumbprint_json(void **state)
{
    char tp[EJWT_THUMBPRINT_LEN + 1];
    (void)state;
    assert_int_equal(ejwt_jwk_thumbprint_json(a1_jwk, SL(a1_jwk), tp), EJWT_OK);
    assert_string_equal(tp, a1_thumbprint);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7638_rsa_example),
#if EJWT_ENABLE_RS256
        cmocka_unit_test(test_rfc7638_rsa_key_thumbprint_and_export),
#endif
#if EJWT_ENABLE_RS512 && EJWT_RSA_MAX_BITS == 4096
        cmocka_unit_test(test_rsa4096_thumbprint_and_export),
#endif
        cmocka_unit_test(test_a3_ec_thumbprint_import_equals_json),
        cmocka_unit_test(test_oct_thumbprint_json),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
