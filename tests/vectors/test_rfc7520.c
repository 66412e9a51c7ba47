/*
 * RFC 7520 section 4.4: HS256 integrity protection of a non-JSON payload
 * (the Tolkien text) with the symmetric key of RFC 7520 section 3.5.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>

#include "ejwt_test_util.h"

/* RFC 7520 section 3.5 */
static const char rfc7520_jwk[] = "{\n"
                                  "  \"kty\": \"oct\",\n"
                                  "  \"kid\": \"018c0ae5-4d9b-471b-bfd6-eef314bc7037\",\n"
                                  "  \"use\": \"sig\",\n"
                                  "  \"alg\": \"HS256\",\n"
                                  "  \"k\": \"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg\"\n"
                                  "}";
/* RFC 7520 section 4: the payload, UTF-8 (U+2019 in "It's" and "there's") */
static const char tolkien[] =
    "It\xe2\x80\x99s a dangerous business, Frodo, going out your door. You step onto the road, "
    "and if you don't keep your feet, there\xe2\x80\x99s no knowing where you might be swept off "
    "to.";
static const char rfc7520_header[] =
    "{\"alg\":\"HS256\",\"kid\":\"018c0ae5-4d9b-471b-bfd6-eef314bc7037\"}";
/* RFC 7520 section 4.4.3 */
static const char rfc7520_token[] =
    "eyJhbGciOiJIUzI1NiIsImtpZCI6IjAxOGMwYWU1LTRkOWItNDcxYi1iZmQ2LWVlZjMxNGJjNzAzNyJ9"
    "."
    "SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250by"
    "B0"
    "aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW"
    "91"
    "IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4"
    "."
    "s0h6KThzkfBBBkLspW1h84VsJZFTsPPqMDA7g1Md7p0";

#define SL(s) (sizeof(s) - 1u)

static uint8_t work[1024];
static ejwt_jws jws;
static ejwt_jwt jwt;
static ejwt_key key;

static int setup(void **state)
{
    (void)state;
    if (ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    return ejwt_jwk_import(rfc7520_jwk, SL(rfc7520_jwk), &key) == EJWT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return ejwt_key_destroy(&key) == EJWT_OK ? 0 : -1;
}

static ejwt_verify_opts hs_opts(void)
{
    ejwt_verify_opts o;
    memset(&o, 0, sizeof o);
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = 1700000000;
    return o;
}

static void test_key_from_jwk(void **state)
{
    (void)state;
    assert_int_equal(key.alg, EJWT_ALG_HS256);
    assert_int_equal(key.kid_len, 36);
    assert_string_equal(key.kid, "018c0ae5-4d9b-471b-bfd6-eef314bc7037");
    assert_true((key.ops & EJWT_KEY_OP_VERIFY) != 0u);
}

static void test_verify_compact_payload_bytes(void **state)
{
    ejwt_verify_opts o = hs_opts();
    char kid[64];
    size_t kid_len = 0;
    (void)state;
    assert_int_equal(ejwt_jws_verify_compact(rfc7520_token, SL(rfc7520_token), &key, 1, &o, work,
                                             sizeof work, NULL, &jws),
                     EJWT_OK);
    assert_int_equal(jws.alg, EJWT_ALG_HS256);
    assert_int_equal(jws.payload_len, SL(tolkien));
    assert_memory_equal(jws.payload, tolkien, SL(tolkien));
    assert_int_equal(jws.header_len, SL(rfc7520_header));
    assert_memory_equal(jws.header, rfc7520_header, SL(rfc7520_header));
    assert_int_equal(ejwt_jws_kid(&jws, kid, sizeof kid, &kid_len), EJWT_OK);
    assert_int_equal(kid_len, 36);
    assert_string_equal(kid, "018c0ae5-4d9b-471b-bfd6-eef314bc7037");
}

static void test_two_step_and_mac(void **state)
{
    ejwt_verify_opts o = hs_opts();
    uint8_t mac[32];
    uint8_t want[32];
    size_t mac_len = 0;
    size_t si_len;
    (void)state;
    assert_int_equal(
        ejwt_jws_parse(rfc7520_token, SL(rfc7520_token), work, sizeof work, NULL, &jws), EJWT_OK);
    assert_int_equal(ejwt_jws_verify(&jws, &key, 1, &o), EJWT_OK);
    si_len = jws.signing_input_len;
    assert_int_equal(si_len, SL(rfc7520_token) - 44u);
    /* HMAC is deterministic: ejwt reproduces the RFC's MAC */
    assert_int_equal(ejwt_signature_sign(&key, (const uint8_t *)rfc7520_token, si_len, mac,
                                         sizeof mac, &mac_len),
                     EJWT_OK);
    assert_int_equal(mac_len, 32);
    assert_int_equal(tu_b64url_decode(rfc7520_token + si_len + 1u, 43, want, sizeof want), 32);
    assert_memory_equal(mac, want, 32);
}

static void test_not_a_jwt(void **state)
{
    ejwt_verify_opts o = hs_opts();
    int rc;
    (void)state;
    /* the payload is not JSON: a JWT verification must refuse it */
    memset(work, 0, sizeof work);
    rc = ejwt_jwt_verify(rfc7520_token, SL(rfc7520_token), &key, 1, &o, work, sizeof work, NULL,
                         &jwt);
    assert_int_not_equal(rc, EJWT_OK);
    assert_true(tu_all_zero(&jwt, sizeof jwt));
    assert_false(tu_contains(work, sizeof work, "Frodo", 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_from_jwk),
        cmocka_unit_test(test_verify_compact_payload_bytes),
        cmocka_unit_test(test_two_step_and_mac),
        cmocka_unit_test(test_not_a_jwt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
