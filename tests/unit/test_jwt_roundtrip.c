/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of keys, the builder, JWS verification and claims checks:
 * round trips through the library's own signer (other suites use RFC,
 * Wycheproof and peer vectors) and one test per error path of these modules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "ejwt/ejwt.h"

#define NOW 1700000000
#define TOKEN_CAP 1024

static const uint8_t hmac_secret[32] = {
    0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
    0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};

/* RFC 7515 A.3 private scalar d. */
static const char es256_jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                                "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                                "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
                                "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";

typedef struct fixture {
    ejwt_key hs;
    ejwt_key es;
    char token[TOKEN_CAP];
    size_t token_len;
    uint8_t work[TOKEN_CAP];
    ejwt_jwt jwt;
} fixture;

static fixture fx;

static int setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    assert_int_equal(ejwt_key_import_hmac(hmac_secret, sizeof(hmac_secret), &fx.hs), EJWT_OK);
    assert_int_equal(ejwt_jwk_import(es256_jwk, strlen(es256_jwk), &fx.es), EJWT_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ejwt_key_destroy(&fx.hs);
    ejwt_key_destroy(&fx.es);
    return 0;
}

static ejwt_verify_opts default_opts(void)
{
    ejwt_verify_opts o;
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256) | EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = NOW;
    o.iss = "device-1";
    o.aud = "https://api.example.test";
    o.sub = "device-1";
    o.typ = "JWT";
    o.required = EJWT_CLAIM_EXP | EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    return o;
}

/* A typical device token signed with \p key. */
static void build_device_token(const ejwt_key *key, int64_t exp)
{
    ejwt_builder b;
    static const char *const aud[] = {"other", "https://api.example.test"};

    ejwt_builder_init(&b, fx.token, sizeof(fx.token), key, "JWT");
    ejwt_builder_add_string(&b, "iss", "device-1");
    ejwt_builder_add_string(&b, "sub", "device-1");
    ejwt_builder_add_string_array(&b, "aud", aud, 2);
    ejwt_builder_add_int(&b, "iat", NOW - 10);
    ejwt_builder_add_int(&b, "exp", exp);
    ejwt_builder_add_string(&b, "jti", "q\"uote\\slash\x01");
    ejwt_builder_add_bool(&b, "admin", 0);
    ejwt_builder_add_json(&b, "cnf", "{\"n\":[1,2.5,null]}", 18);
    assert_int_equal(ejwt_builder_finish(&b, &fx.token_len), EJWT_OK);
    assert_int_equal(strlen(fx.token), fx.token_len);
}

static int verify(const ejwt_key *keys, size_t n, const ejwt_verify_opts *o)
{
    size_t need = 0;
    return ejwt_jwt_verify(fx.token, fx.token_len, keys, n, o, fx.work, sizeof(fx.work), &need,
                           &fx.jwt);
}

static void test_round_trip_both_algs(void **state)
{
    ejwt_verify_opts o = default_opts();
    const ejwt_key *keys[2] = {&fx.hs, &fx.es};
    size_t i;

    (void)state;
    for (i = 0; i < 2; i++) {
        ejwt_json claims;
        char jti[32];
        size_t len = 0;
        int idx;

        build_device_token(keys[i], NOW + 300);
        assert_int_equal(verify(keys[i], 1, &o), EJWT_OK);
        claims = ejwt_jwt_claims(&fx.jwt);
        idx = ejwt_json_find(&claims, 0, "jti");
        assert_true(idx > 0);
        assert_int_equal(ejwt_json_string_copy(&claims, idx, jti, sizeof(jti), &len), EJWT_OK);
        assert_string_equal(jti, "q\"uote\\slash\x01");
        assert_int_equal(fx.jwt.jws.alg, keys[i]->alg);
    }
}

static void test_claim_failures(void **state)
{
    ejwt_verify_opts o = default_opts();

    (void)state;
    build_device_token(&fx.es, NOW + 300);
    o.iss = "device-2";
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_ISS_MISMATCH);
    o = default_opts();
    o.sub = "device";
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_SUB_MISMATCH);
    o = default_opts();
    o.aud = "https://api.example.test/";
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_AUD_MISMATCH);
    o = default_opts();
    o.typ = "at+jwt";
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_TYP_MISMATCH);
    o = default_opts();
    o.required |= EJWT_CLAIM_NBF;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_CLAIM_MISSING);
    o = default_opts();
    o.now = EJWT_TIME_UNKNOWN;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_TIME_UNKNOWN);
    /* exp boundary: valid one second before, expired at exp, leeway extends. */
    o = default_opts();
    o.now = NOW + 299;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_OK);
    o.now = NOW + 300;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_EXPIRED);
    o.leeway = 1;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_OK);
    /* a failed verify leaves nothing behind */
    o.leeway = 0;
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_EXPIRED);
    assert_int_equal(fx.jwt.claims_count, 0);
    assert_null(fx.jwt.jws.payload);
}

static void test_typ_forms(void **state)
{
    ejwt_verify_opts o = default_opts();
    ejwt_builder b;
    static const char *const typs[] = {"JWT", "jwt", "application/jwt", "Application/JWT"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(typs) / sizeof(typs[0]); i++) {
        ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, typs[i]);
        ejwt_builder_add_string(&b, "iss", "device-1");
        assert_int_equal(ejwt_builder_finish(&b, &fx.token_len), EJWT_OK);
        o.required = 0;
        o.aud = NULL;
        o.sub = NULL;
        assert_int_equal(verify(&fx.hs, 1, &o), EJWT_OK);
    }
    o.typ = "application/jwt"; /* expected with a slash: exact media type */
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_OK);
    o.typ = "JWT";
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, "application/jwt/x");
    assert_int_equal(ejwt_builder_finish(&b, &fx.token_len), EJWT_OK);
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_ERR_TYP_MISMATCH);
}

static void test_algorithm_pinning(void **state)
{
    ejwt_verify_opts o = default_opts();
    ejwt_key both[2];

    (void)state;
    build_device_token(&fx.hs, NOW + 300);
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_ERR_ALG_NOT_ALLOWED);
    o.algs = 0;
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_ERR_ALG_NOT_ALLOWED);
    o = default_opts();
    assert_int_equal(verify(&fx.es, 1, &o), EJWT_ERR_ALG_KEY_MISMATCH);
    /* two keys without kid: the choice would be a guess */
    both[0] = fx.es;
    both[1] = fx.hs;
    assert_int_equal(verify(both, 2, &o), EJWT_ERR_KEY_NOT_FOUND);
}

static void test_kid_selection(void **state)
{
    ejwt_verify_opts o = default_opts();
    ejwt_key set[2];

    (void)state;
    set[0] = fx.es;
    set[1] = fx.hs;
    strcpy(set[0].kid, "ec-1");
    set[0].kid_len = 4;
    strcpy(set[1].kid, "hs-1");
    set[1].kid_len = 4;
    build_device_token(&set[1], NOW + 300);
    assert_int_equal(verify(set, 2, &o), EJWT_OK);
    build_device_token(&set[0], NOW + 300);
    assert_int_equal(verify(set, 2, &o), EJWT_OK);
    strcpy(set[0].kid, "ec-2");
    assert_int_equal(verify(set, 2, &o), EJWT_ERR_KEY_NOT_FOUND);
    /* the same kid twice is ambiguous */
    strcpy(set[0].kid, "ec-1");
    set[1] = set[0];
    assert_int_equal(verify(set, 2, &o), EJWT_ERR_KEY_NOT_FOUND);
}

static void test_builder_buffer_too_small(void **state)
{
    ejwt_builder b;
    char small[64];
    size_t need = 0, len = 0;

    (void)state;
    ejwt_builder_init(&b, small, sizeof(small), &fx.es, "JWT");
    ejwt_builder_add_string(&b, "iss", "a fairly long issuer name that does not fit");
    assert_int_equal(ejwt_builder_finish(&b, &need), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(small, "");
    ejwt_builder_init(&b, fx.token, need, &fx.es, "JWT");
    ejwt_builder_add_string(&b, "iss", "a fairly long issuer name that does not fit");
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_OK);
    assert_int_equal(len + 1u, need);
    ejwt_builder_init(&b, fx.token, need - 1u, &fx.es, "JWT");
    ejwt_builder_add_string(&b, "iss", "a fairly long issuer name that does not fit");
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_ERR_BUFFER_TOO_SMALL);
}

static void test_builder_latches_first_error(void **state)
{
    ejwt_builder b;
    size_t len = 0;

    (void)state;
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, NULL);
    ejwt_builder_add_string(&b, "bad", "\xc0\x80"); /* overlong NUL */
    ejwt_builder_add_json(&b, "x", "{\"a\":1,}", 8);
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_ERR_JSON_STRING);
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, NULL);
    ejwt_builder_add_json(&b, "x", "{\"a\":1,}", 8);
    ejwt_builder_add_string(&b, "bad", "\xc0\x80");
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_ERR_JSON_SYNTAX);
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, NULL);
    ejwt_builder_add_members(&b, "[1]", 3);
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_ERR_JSON_NOT_OBJECT);
}

static void test_builder_members_and_int_extremes(void **state)
{
    static const char members[] = " { \"a\" : 1 , \"b\":{\"c\":\"d\"} } ";
    ejwt_builder b;
    ejwt_verify_opts o;
    ejwt_json claims;
    int64_t v = 0;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = NOW;
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, "JWT");
    ejwt_builder_add_int(&b, "min", INT64_MIN);
    ejwt_builder_add_members(&b, members, strlen(members));
    ejwt_builder_add_members(&b, "{}", 2);
    ejwt_builder_add_int(&b, "max", INT64_MAX);
    assert_int_equal(ejwt_builder_finish(&b, &fx.token_len), EJWT_OK);
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_OK);
    claims = ejwt_jwt_claims(&fx.jwt);
    assert_int_equal(ejwt_json_int64(&claims, ejwt_json_find(&claims, 0, "min"), &v), EJWT_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(ejwt_json_int64(&claims, ejwt_json_find(&claims, 0, "max"), &v), EJWT_OK);
    assert_true(v == INT64_MAX);
    assert_true(ejwt_json_find(&claims, 0, "b") > 0);
}

/* The payload of fx.token, decoded and terminated, into \p out. */
static size_t token_payload(char *out, size_t cap)
{
    const char *start = strchr(fx.token, '.') + 1;
    const char *end = strchr(start, '.');
    size_t n = 0;

    assert_int_equal(ejwt_b64url_decode(start, (size_t)(end - start), (uint8_t *)out, cap - 1u, &n),
                     EJWT_OK);
    out[n] = '\0';
    return n;
}

/* Integers are formatted without 64-bit division (see builder.c): the limb
 * boundaries, the powers of ten at the top of the range and both ends. */
static void test_builder_int_text(void **state)
{
    static const struct {
        int64_t value;
        const char *payload;
    } cases[] = {
        {0, "{\"v\":0}"},
        {-1, "{\"v\":-1}"},
        {9, "{\"v\":9}"},
        {10, "{\"v\":10}"},
        {65535, "{\"v\":65535}"},
        {65536, "{\"v\":65536}"},
        {4294967295, "{\"v\":4294967295}"},
        {4294967296, "{\"v\":4294967296}"},
        {-4294967296, "{\"v\":-4294967296}"},
        {281474976710656, "{\"v\":281474976710656}"},
        {1700000000, "{\"v\":1700000000}"},
        {999999999999999999, "{\"v\":999999999999999999}"},
        {1000000000000000000, "{\"v\":1000000000000000000}"},
        {-1000000000000000000, "{\"v\":-1000000000000000000}"},
        {-999999999999999999, "{\"v\":-999999999999999999}"},
        {9223372036854775807, "{\"v\":9223372036854775807}"},
        {-9223372036854775807, "{\"v\":-9223372036854775807}"},
        {INT64_MIN, "{\"v\":-9223372036854775808}"},
    };
    char payload[64];
    ejwt_builder b;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, NULL);
        ejwt_builder_add_int(&b, "v", cases[i].value);
        assert_int_equal(ejwt_builder_finish(&b, &fx.token_len), EJWT_OK);
        (void)token_payload(payload, sizeof(payload));
        assert_string_equal(payload, cases[i].payload);
    }
}

/* prefix, value and suffix joined into a static buffer (no stdio on boards) */
static const char *jwk_text(const char *prefix, const char *value, const char *suffix)
{
    static char buf[1024];
    size_t a = strlen(prefix), b = strlen(value), c = strlen(suffix);

    assert_true(a + b + c < sizeof(buf));
    memcpy(buf, prefix, a);
    memcpy(buf + a, value, b);
    memcpy(buf + a + b, suffix, c + 1u);
    return buf;
}

/* RFC 7638 thumbprints of JWK text whose members fill most of the 800-byte
 * canonical input: an RSA-4096-sized modulus, then members that do not fit
 * or would need escaping. */
static void test_thumbprint_json_long_members(void **state)
{
    static uint8_t n_bytes[512];
    static char n_text[800];
    char tp[EJWT_THUMBPRINT_LEN + 1];
    const char *jwk;
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < sizeof(n_bytes); i++) {
        n_bytes[i] = (uint8_t)(0xc5 ^ i);
    }
    assert_int_equal(ejwt_b64url_encode(n_bytes, sizeof(n_bytes), n_text, sizeof(n_text), &n),
                     EJWT_OK);
    assert_int_equal(n, 683);
    n_text[n] = '\0';
    /* Expected: SHA-256 of the 714-byte {"e":"AQAB","kty":"RSA","n":"..."},
     * computed with Python's hashlib and base64. */
    jwk = jwk_text("{\"kty\":\"RSA\",\"n\":\"", n_text, "\",\"e\":\"AQAB\",\"alg\":\"RS512\"}");
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_OK);
    assert_string_equal(tp, "QO1AS64KL-LdwfLfNpniVIzkaMhuMnI7xxHPP_CJJ0o");

    /* 780 characters of n make an 811-byte canonical input */
    memset(n_text, 'A', 780);
    n_text[780] = '\0';
    jwk = jwk_text("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"", n_text, "\"}");
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_ERR_LIMIT);
    assert_string_equal(tp, "");
    /* member values that would need escaping in the canonical JSON */
    jwk = jwk_text("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\"", "AB\\nCD", "\"}");
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_ERR_KEY_INVALID);
    n_text[40] = '\0';
    jwk = jwk_text("{\"kty\":\"oct\",\"k\":\"", n_text, "\\\"\"}");
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_ERR_KEY_INVALID);
    assert_string_equal(tp, "");
    /* escapes that decode to plain characters are hashed as those characters:
     * the RFC 7515 A.1 key's thumbprint, its first 'A' written as \u0041 */
    jwk = jwk_text("{\"kty\":\"oct\",\"k\":\"",
                   "\\u0041yM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_"
                   "T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
                   "\"}");
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, strlen(jwk), tp), EJWT_OK);
    assert_string_equal(tp, "y_x3gCJnL6oKGBBIXScabduwxTVy2Wd2bzRVEUbdUzc");
}

static void test_key_checks(void **state)
{
    ejwt_key k, pub;
    uint8_t point[65];
    size_t n = 0;
    uint8_t sig[64];

    (void)state;
    assert_int_equal(ejwt_key_import_hmac(hmac_secret, 31, &k), EJWT_ERR_KEY_TOO_SHORT);
    assert_int_equal(ejwt_key_export_es256_public(&fx.es, point, sizeof(point), &n), EJWT_OK);
    assert_int_equal(n, 65);
    assert_int_equal(ejwt_key_export_es256_public(&fx.es, point, 64, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_key_export_es256_public(&fx.hs, point, sizeof(point), &n),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(ejwt_key_import_es256_public(point, sizeof(point), &pub), EJWT_OK);
    /* a public key cannot sign */
    assert_int_equal(ejwt_signature_sign(&pub, point, 3, sig, sizeof(sig), &n), EJWT_ERR_KEY_USAGE);
    assert_int_equal(ejwt_signature_sign(&fx.es, point, 3, sig, sizeof(sig), &n), EJWT_OK);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, point, 3, sig, n), EJWT_OK);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_HS256, point, 3, sig, 32),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, point, 3, sig, 63),
                     EJWT_ERR_SIGNATURE_LENGTH);
    sig[5] ^= 1;
    assert_int_equal(ejwt_signature_verify(&pub, EJWT_ALG_ES256, point, 3, sig, 64),
                     EJWT_ERR_SIGNATURE_INVALID);
    /* wrapping an existing PSA key by id */
    assert_int_equal(ejwt_key_from_psa(pub.psa_id, EJWT_ALG_ES256, "by-id", &k), EJWT_OK);
    assert_int_equal(k.ops, EJWT_KEY_OP_VERIFY);
    assert_string_equal(k.kid, "by-id");
    assert_int_equal(ejwt_key_from_psa(pub.psa_id, EJWT_ALG_HS256, NULL, &k),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(ejwt_key_from_psa(fx.hs.psa_id, EJWT_ALG_HS256, NULL, &k), EJWT_OK);
    assert_int_equal(k.ops, EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY);
    point[64] ^= 1; /* off the curve */
    assert_int_equal(ejwt_key_import_es256_public(point, sizeof(point), &k), EJWT_ERR_KEY_INVALID);
    ejwt_key_destroy(&pub);
    assert_int_equal(ejwt_key_from_psa(0x4242, EJWT_ALG_ES256, NULL, &k), EJWT_ERR_KEY_NOT_FOUND);
}

static void test_jwk_constraints(void **state)
{
    static const char enc_key[] = "{\"kty\":\"oct\",\"use\":\"enc\","
                                  "\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    static const char verify_only[] = "{\"kty\":\"oct\",\"key_ops\":[\"verify\"],"
                                      "\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    static const char short_key[] =
        "{\"kty\":\"oct\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    static const char wrong_alg[] = "{\"kty\":\"oct\",\"alg\":\"ES256\","
                                    "\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
    static const char rsa[] = "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}";
    static const char p384[] = "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}";
    static const char set[] =
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"e\",\"use\":\"enc\",\"k\":"
        "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},"
        "{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws\"}]}";
    ejwt_key k, keys[4];
    size_t n = 0;
    uint8_t sig[32];
    ejwt_verify_opts o;

    (void)state;
    assert_int_equal(ejwt_jwk_import(enc_key, strlen(enc_key), &k), EJWT_ERR_KEY_USAGE);
    assert_int_equal(ejwt_jwk_import(verify_only, strlen(verify_only), &k), EJWT_OK);
    assert_int_equal(ejwt_signature_sign(&k, sig, 1, sig, sizeof(sig), &n), EJWT_ERR_KEY_USAGE);
    ejwt_key_destroy(&k);
    assert_int_equal(ejwt_jwk_import(short_key, strlen(short_key), &k), EJWT_ERR_KEY_TOO_SHORT);
    assert_int_equal(ejwt_jwk_import(wrong_alg, strlen(wrong_alg), &k), EJWT_ERR_JWK_UNSUPPORTED);
    /* Where RSA and P-384 are compiled in, these keys are refused for what
     * they are (a 17-bit modulus, 1-byte coordinates); elsewhere as unknown. */
    assert_int_equal(ejwt_jwk_import(rsa, strlen(rsa), &k),
                     EJWT_ENABLE_RS256 ? EJWT_ERR_KEY_TOO_SHORT : EJWT_ERR_JWK_UNSUPPORTED);
    assert_int_equal(ejwt_jwk_import(p384, strlen(p384), &k),
                     EJWT_ENABLE_ES384 ? EJWT_ERR_KEY_INVALID : EJWT_ERR_JWK_UNSUPPORTED);
    /* a set keeps the enc key, unusable, so a token naming it is refused */
    assert_int_equal(ejwt_jwk_import_set(set, strlen(set), keys, 4, &n), EJWT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(keys[0].ops, 0);
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = NOW;
    o.aud = "https://api.example.test";     /* the token has an aud: name ours */
    build_device_token(&keys[1], NOW + 10); /* same secret as fx.hs, kid "s" */
    assert_int_equal(verify(keys, n, &o), EJWT_OK);
    {
        ejwt_key enc_signer = fx.hs;
        strcpy(enc_signer.kid, "e");
        enc_signer.kid_len = 1;
        build_device_token(&enc_signer, NOW + 10);
        assert_int_equal(verify(keys, n, &o), EJWT_ERR_KEY_USAGE);
    }
    ejwt_key_destroy(&keys[0]);
    ejwt_key_destroy(&keys[1]);
}

static void test_jwk_private_public_mismatch(void **state)
{
    /* d of RFC 7515 A.3 with a different (valid) x,y: must be refused */
    static const char bad[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                              "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
                              "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\","
                              "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
    ejwt_key k;

    (void)state;
    assert_int_equal(ejwt_jwk_import(bad, strlen(bad), &k), EJWT_ERR_KEY_INVALID);
}

static void test_jwk_export_thumbprint(void **state)
{
    char jwk[256], thumb[EJWT_THUMBPRINT_LEN + 1], thumb2[EJWT_THUMBPRINT_LEN + 1];
    size_t n = 0;

    (void)state;
    assert_int_equal(ejwt_jwk_export_public(&fx.es, jwk, 10, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_jwk_export_public(&fx.es, jwk, n, &n), EJWT_OK);
    assert_int_equal(strlen(jwk), n);
    assert_int_equal(ejwt_jwk_thumbprint(&fx.es, thumb), EJWT_OK);
    assert_int_equal(ejwt_jwk_thumbprint_json(jwk, n, thumb2), EJWT_OK);
    assert_string_equal(thumb, thumb2);
    assert_non_null(strstr(jwk, thumb));
    assert_int_equal(ejwt_jwk_thumbprint(&fx.hs, thumb), EJWT_ERR_ALG_KEY_MISMATCH);
}

/* Findings of the first security review, each pinned by a test. */
static void test_set_survives_unusable_keys(void **state)
{
    static const char set[] =
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
        "{\"kty\":\"oct\",\"kid\":\"l\",\"use\":\"encryption-long\","
        "\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"},"
        "{\"kty\":\"EC\",\"kid\":\"p\",\"crv\":\"P-256\",\"key_ops\":[\"sign\"],"
        "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
        "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"},"
        "{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws\"}]}";
    ejwt_key keys[4];
    ejwt_verify_opts o;
    size_t n = 0, i;

    (void)state;
    assert_int_equal(ejwt_jwk_import_set("{\"keys\":[]}", 11, keys, 4, &n), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(n, 0);
    assert_int_equal(ejwt_jwk_import_set(set, strlen(set), keys, 4, &n), EJWT_OK);
    assert_int_equal(n, 4);
    for (i = 0; i < 3; i++) {
        assert_int_equal(keys[i].ops, 0);
        assert_int_equal(keys[i].psa_id, 0);
    }
    assert_string_equal(keys[0].kid, "r");
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256) | EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = NOW;
    o.aud = "https://api.example.test"; /* the token has an aud: name ours */
    build_device_token(&keys[3], NOW + 10);
    assert_int_equal(verify(keys, n, &o), EJWT_OK);
    {
        ejwt_key signer = fx.es;
        strcpy(signer.kid, "p");
        signer.kid_len = 1;
        build_device_token(&signer, NOW + 10);
        assert_int_equal(verify(keys, n, &o), EJWT_ERR_KEY_USAGE);
    }
    ejwt_key_destroy(&keys[3]);
}

static void test_typ_application_prefix_both_ways(void **state)
{
    ejwt_verify_opts o = default_opts();

    (void)state;
    build_device_token(&fx.hs, NOW + 300); /* typ "JWT" */
    o.typ = "application/jwt";
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_OK);
    o.typ = "APPLICATION/JWT";
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_OK);
    o.typ = "text/jwt";
    assert_int_equal(verify(&fx.hs, 1, &o), EJWT_ERR_TYP_MISMATCH);
}

static void test_builder_finish_twice_keeps_token(void **state)
{
    ejwt_builder b;
    size_t len = 0, len2 = 0;

    (void)state;
    ejwt_builder_init(&b, fx.token, sizeof(fx.token), &fx.hs, "JWT");
    ejwt_builder_add_int(&b, "exp", NOW + 5);
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_OK);
    assert_int_equal(ejwt_builder_finish(&b, &len2), EJWT_ERR_INVALID_ARG);
    assert_int_equal(strlen(fx.token), len);
    ejwt_builder_add_members(&b, "{\"a\":1}", 7);
    assert_int_equal(b.err, EJWT_ERR_INVALID_ARG);
}

static void test_empty_token_and_escaped_crit(void **state)
{
    ejwt_jws jws;
    uint8_t work[64];
    size_t need = 0;

    (void)state;
    assert_int_equal(ejwt_jws_parse(NULL, 0, work, sizeof(work), &need, &jws), EJWT_ERR_SEGMENTS);
    assert_int_equal(ejwt_jws_parse("", 0, work, sizeof(work), &need, &jws), EJWT_ERR_SEGMENTS);
    /* {"alg":"HS256","crit":["x","\u0078"],"x":1}: a duplicate after unescaping */
    assert_int_equal(
        ejwt_jws_parse("eyJhbGciOiJIUzI1NiIsImNyaXQiOlsieCIsIlx1MDA3OCJdLCJ4IjoxfQ.e30.", 63, work,
                       sizeof(work), &need, &jws),
        EJWT_ERR_CRIT_INVALID);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_string_equal(ejwt_error_name(EJWT_ERR_EXPIRED), "EJWT_ERR_EXPIRED");
    assert_string_equal(ejwt_error_name(-9999), "EJWT_ERR_UNKNOWN");
    assert_string_equal(ejwt_strerror(EJWT_ERR_EXPIRED), "token expired (exp)");
    assert_null(ejwt_alg_name((ejwt_alg)0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_both_algs),
        cmocka_unit_test(test_claim_failures),
        cmocka_unit_test(test_typ_forms),
        cmocka_unit_test(test_algorithm_pinning),
        cmocka_unit_test(test_kid_selection),
        cmocka_unit_test(test_builder_buffer_too_small),
        cmocka_unit_test(test_builder_latches_first_error),
        cmocka_unit_test(test_builder_members_and_int_extremes),
        cmocka_unit_test(test_builder_int_text),
        cmocka_unit_test(test_thumbprint_json_long_members),
        cmocka_unit_test(test_key_checks),
        cmocka_unit_test(test_jwk_constraints),
        cmocka_unit_test(test_jwk_private_public_mismatch),
        cmocka_unit_test(test_jwk_export_thumbprint),
        cmocka_unit_test(test_set_survives_unusable_keys),
        cmocka_unit_test(test_typ_application_prefix_both_ways),
        cmocka_unit_test(test_builder_finish_twice_keeps_token),
        cmocka_unit_test(test_empty_token_and_escaped_crit),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
