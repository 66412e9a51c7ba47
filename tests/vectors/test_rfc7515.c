/*
 * RFC 7515 Appendix A.1 (HS256) and A.3 (ES256), byte for byte.
 * The strings below are copied from the RFC and were cross-checked at
 * authoring time against an independent implementation (Python hmac and
 * jwcrypto), never against ejwt's own output.
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

/* A.1.1: the JOSE header, exactly with its CRLF and space. */
static const char a1_header[] = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
static const char a1_header_b64[] = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
/* A.1.1 / A.3.1: the JWS Payload. */
static const char a1_payload[] =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
static const char a1_payload_b64[] = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9le"
                                     "GFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
static const char a1_jwk[] = "{\"kty\":\"oct\",\n"
                             " \"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-"
                             "1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow\"\n"
                             "}";
/* A.1.1: the HMAC value as the RFC lists it. */
static const uint8_t a1_mac[32] = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                   125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                   191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
static const char a1_token[] = RFC7515_A1_TOKEN;

/* A.3.1 */
static const char a3_jwk_private[] = "{\"kty\":\"EC\",\n"
                                     " \"crv\":\"P-256\",\n"
                                     " \"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\n"
                                     " \"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\n"
                                     " \"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"\n"
                                     "}";
static const char a3_jwk_public[] = "{\"kty\":\"EC\",\n"
                                    " \"crv\":\"P-256\",\n"
                                    " \"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\n"
                                    " \"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"\n"
                                    "}";
static const char a3_header[] = "{\"alg\":\"ES256\"}";
static const char a3_token[] =
    "eyJhbGciOiJFUzI1NiJ9"
    "."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

#define RFC_EXP 1300819380
#define SL(s) (sizeof(s) - 1u)

static uint8_t work[2048];
static ejwt_jwt jwt;
static ejwt_jws jws;
static char buf[1024];

static int setup(void **state)
{
    (void)state;
    return ejwt_crypto_init() == EJWT_OK ? 0 : -1;
}

static ejwt_verify_opts opts_for(uint32_t algs, int64_t now)
{
    ejwt_verify_opts o;
    memset(&o, 0, sizeof o);
    o.algs = algs;
    o.now = now;
    return o;
}

static void test_a1_segments_are_the_rfc_octets(void **state)
{
    size_t n;
    (void)state;
    n = tu_b64url_encode((const uint8_t *)a1_header, SL(a1_header), buf, sizeof buf);
    assert_int_equal(n, SL(a1_header_b64));
    assert_memory_equal(buf, a1_header_b64, n);
    n = tu_b64url_encode((const uint8_t *)a1_payload, SL(a1_payload), buf, sizeof buf);
    assert_int_equal(n, SL(a1_payload_b64));
    assert_memory_equal(buf, a1_payload_b64, n);
}

static void test_a1_verify_exact_token(void **state)
{
    ejwt_key key;
    ejwt_verify_opts o = opts_for(EJWT_ALG_BIT(EJWT_ALG_HS256), RFC_EXP - 1);
    size_t needed = 0;
    (void)state;
    assert_int_equal(ejwt_jwk_import(a1_jwk, SL(a1_jwk), &key), EJWT_OK);
    assert_int_equal(key.alg, EJWT_ALG_HS256);

    assert_int_equal(
        ejwt_jwt_verify(a1_token, SL(a1_token), &key, 1, &o, work, sizeof work, &needed, &jwt),
        EJWT_OK);
    assert_int_equal(jwt.jws.alg, EJWT_ALG_HS256);
    assert_int_equal(jwt.jws.header_len, SL(a1_header));
    assert_memory_equal(jwt.jws.header, a1_header, SL(a1_header));
    assert_int_equal(jwt.jws.payload_len, SL(a1_payload));
    assert_memory_equal(jwt.jws.payload, a1_payload, SL(a1_payload));
    assert_int_equal(jwt.jws.sig_len, 32);
    assert_memory_equal(jwt.jws.sig, a1_mac, 32);
    assert_int_equal(jwt.jws.signing_input_len, SL(a1_header_b64) + 1u + SL(a1_payload_b64));

    /* the signature layer alone */
    assert_int_equal(
        ejwt_jws_verify_compact(a1_token, SL(a1_token), &key, 1, &o, work, sizeof work, NULL, &jws),
        EJWT_OK);
    assert_int_equal(jws.payload_len, SL(a1_payload));
    assert_memory_equal(jws.payload, a1_payload, SL(a1_payload));

    /* the same token with the last MAC character changed must fail */
    memcpy(buf, a1_token, sizeof a1_token);
    /* "...jXk" -> "...jXg": 'g' keeps the 2 unused trailing bits zero */
    buf[SL(a1_token) - 1u] = 'g';
    assert_int_equal(ejwt_jwt_verify(buf, SL(a1_token), &key, 1, &o, work, sizeof work, NULL, &jwt),
                     EJWT_ERR_SIGNATURE_INVALID);
    assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
}

static void test_a1_mac_reproduced(void **state)
{
    ejwt_key key;
    uint8_t k[64];
    uint8_t mac[64];
    size_t mac_len = 0;
    size_t klen;
    size_t si_len = SL(a1_header_b64) + 1u + SL(a1_payload_b64);
    (void)state;

    /* through the JWK import ... */
    assert_int_equal(ejwt_jwk_import(a1_jwk, SL(a1_jwk), &key), EJWT_OK);
    assert_int_equal(
        ejwt_signature_sign(&key, (const uint8_t *)a1_token, si_len, mac, sizeof mac, &mac_len),
        EJWT_OK);
    assert_int_equal(mac_len, 32);
    assert_memory_equal(mac, a1_mac, 32);
    assert_int_equal(
        ejwt_signature_verify(&key, EJWT_ALG_HS256, (const uint8_t *)a1_token, si_len, a1_mac, 32),
        EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);

    /* ... and through the raw HMAC import of the same 64 key bytes */
    klen = tu_jwk_member(a1_jwk, "k", k, sizeof k);
    assert_int_equal(klen, 64);
    assert_int_equal(ejwt_key_import_hmac(k, klen, &key), EJWT_OK);
    memset(mac, 0, sizeof mac);
    assert_int_equal(
        ejwt_signature_sign(&key, (const uint8_t *)a1_token, si_len, mac, sizeof mac, &mac_len),
        EJWT_OK);
    assert_int_equal(mac_len, 32);
    assert_memory_equal(mac, a1_mac, 32);
    /* the whole token, rebuilt from the RFC's header and payload octets */
    {
        static char tok[512];
        int err = 0;
        size_t n = tu_build_jws(a1_header, SL(a1_header), (const uint8_t *)a1_payload,
                                SL(a1_payload), &key, tok, sizeof tok, &err);
        assert_int_equal(err, EJWT_OK);
        assert_int_equal(n, SL(a1_token));
        assert_memory_equal(tok, a1_token, n);
    }
    assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
}

static void test_a3_verify_exact_token(void **state)
{
    ejwt_key pub;
    ejwt_verify_opts o = opts_for(EJWT_ALG_BIT(EJWT_ALG_ES256), RFC_EXP - 1);
    (void)state;
    assert_int_equal(ejwt_jwk_import(a3_jwk_public, SL(a3_jwk_public), &pub), EJWT_OK);
    assert_int_equal(pub.alg, EJWT_ALG_ES256);
    assert_int_equal(
        ejwt_jwt_verify(a3_token, SL(a3_token), &pub, 1, &o, work, sizeof work, NULL, &jwt),
        EJWT_OK);
    assert_int_equal(jwt.jws.alg, EJWT_ALG_ES256);
    assert_int_equal(jwt.jws.header_len, SL(a3_header));
    assert_memory_equal(jwt.jws.header, a3_header, SL(a3_header));
    assert_int_equal(jwt.jws.payload_len, SL(a1_payload));
    assert_memory_equal(jwt.jws.payload, a1_payload, SL(a1_payload));
    assert_int_equal(jwt.jws.sig_len, 64);

    assert_int_equal(
        ejwt_jws_verify_compact(a3_token, SL(a3_token), &pub, 1, &o, work, sizeof work, NULL, &jws),
        EJWT_OK);

    /* HS256 is not allowed and cannot be confused with this key */
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    assert_int_equal(
        ejwt_jwt_verify(a3_token, SL(a3_token), &pub, 1, &o, work, sizeof work, NULL, &jwt),
        EJWT_ERR_ALG_NOT_ALLOWED);
    /* one flipped bit in the signature */
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    memcpy(buf, a3_token, sizeof a3_token);
    buf[SL(a3_token) - 2u] = 'V'; /* "...U1Q" -> "...UVQ" */
    assert_int_equal(ejwt_jwt_verify(buf, SL(a3_token), &pub, 1, &o, work, sizeof work, NULL, &jwt),
                     EJWT_ERR_SIGNATURE_INVALID);
    assert_int_equal(ejwt_key_destroy(&pub), EJWT_OK);
}

static void test_a3_private_key_and_round_trip(void **state)
{
    ejwt_key priv;
    ejwt_key pub;
    ejwt_key raw;
    uint8_t point[80];
    uint8_t xy[64];
    uint8_t d[32];
    uint8_t sig[64];
    size_t sig_len = 0;
    size_t point_len = 0;
    size_t si_len = SL(a3_token) - 87u; /* "." + 86 signature characters */
    ejwt_verify_opts o = opts_for(EJWT_ALG_BIT(EJWT_ALG_ES256), RFC_EXP - 1);
    static char tok[512];
    size_t n;
    int err = 0;
    (void)state;

    assert_int_equal(ejwt_jwk_import(a3_jwk_private, SL(a3_jwk_private), &priv), EJWT_OK);
    assert_int_equal(ejwt_jwk_import(a3_jwk_public, SL(a3_jwk_public), &pub), EJWT_OK);

    /* the public point of the private key is the RFC's x || y */
    assert_int_equal(tu_jwk_member(a3_jwk_public, "x", xy, 32), 32);
    assert_int_equal(tu_jwk_member(a3_jwk_public, "y", xy + 32, 32), 32);
    assert_int_equal(ejwt_key_export_es256_public(&priv, point, sizeof point, &point_len), EJWT_OK);
    assert_int_equal(point_len, 65);
    assert_int_equal(point[0], 0x04);
    assert_memory_equal(point + 1, xy, 64);

    /* the RFC's signature verifies with the raw primitive too */
    assert_int_equal(tu_b64url_decode(a3_token + si_len + 1u, 86, sig, sizeof sig), 64);
    assert_int_equal(
        ejwt_signature_verify(&pub, EJWT_ALG_ES256, (const uint8_t *)a3_token, si_len, sig, 64),
        EJWT_OK);

    /* sign-then-verify over the RFC's signing input (ECDSA is randomized) */
    assert_int_equal(
        ejwt_signature_sign(&priv, (const uint8_t *)a3_token, si_len, sig, sizeof sig, &sig_len),
        EJWT_OK);
    assert_int_equal(sig_len, 64);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, (const uint8_t *)a3_token, si_len,
                                           sig, sig_len),
                     EJWT_OK);
    sig[10] ^= 0x01u;
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, (const uint8_t *)a3_token, si_len,
                                           sig, sig_len),
                     EJWT_ERR_SIGNATURE_INVALID);

    /* a whole token over the RFC's header and payload octets */
    n = tu_build_jws(a3_header, SL(a3_header), (const uint8_t *)a1_payload, SL(a1_payload), &priv,
                     tok, sizeof tok, &err);
    assert_int_equal(err, EJWT_OK);
    assert_int_equal(n, SL(a3_token));
    assert_memory_equal(tok, a3_token, si_len + 1u);
    assert_int_equal(ejwt_jwt_verify(tok, n, &pub, 1, &o, work, sizeof work, NULL, &jwt), EJWT_OK);

    /* the raw scalar import gives a key that signs for the same public key */
    assert_int_equal(tu_jwk_member(a3_jwk_private, "d", d, sizeof d), 32);
    assert_int_equal(ejwt_key_import_es256_private(d, sizeof d, &raw), EJWT_OK);
    assert_int_equal(
        ejwt_signature_sign(&raw, (const uint8_t *)a3_token, si_len, sig, sizeof sig, &sig_len),
        EJWT_OK);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, (const uint8_t *)a3_token, si_len,
                                           sig, sig_len),
                     EJWT_OK);

    /* and the builder's tokens from this key verify with the RFC public key */
    {
        ejwt_builder b;
        size_t len = 0;
        ejwt_builder_init(&b, tok, sizeof tok, &priv, "JWT");
        ejwt_builder_add_string(&b, "iss", "joe");
        ejwt_builder_add_int(&b, "exp", RFC_EXP);
        ejwt_builder_add_bool(&b, "http://example.com/is_root", 1);
        assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_OK);
        assert_int_equal(len, strlen(tok));
        assert_int_equal(ejwt_jwt_verify(tok, len, &pub, 1, &o, work, sizeof work, NULL, &jwt),
                         EJWT_OK);
    }
    assert_int_equal(ejwt_key_destroy(&raw), EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&priv), EJWT_OK);
    assert_int_equal(ejwt_key_destroy(&pub), EJWT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a1_segments_are_the_rfc_octets),
        cmocka_unit_test(test_a1_verify_exact_token),
        cmocka_unit_test(test_a1_mac_reproduced),
        cmocka_unit_test(test_a3_verify_exact_token),
        cmocka_unit_test(test_a3_private_key_and_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
