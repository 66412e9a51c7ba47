/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Algorithm confusion across and within families (host builds, which compile
 * every algorithm). The token's header never chooses the algorithm: the key
 * does, and the caller's allow-list may only narrow it. Each case signs a
 * real token with one key and algorithm and verifies it with a key bound to
 * another, the allow-list permitting both: every one must be refused with
 * EJWT_ERR_ALG_KEY_MISMATCH, while the control (the right key) verifies.
 * Keys are generated here through PSA (test keys, never stored).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

#define TOK_CAP 2048u
#define WORK_CAP 1024u
#define ALL_ALGS 0xffffffffu

static ejwt_key rs256, ps256, ps256_pair, rs256_of_pss, es256, es384, es512, hs256, hs384, hs512;

/* A fresh PSA key of \p type and \p bits for \p policy, wrapped for \p alg. */
static void generate(psa_key_type_t type, size_t bits, psa_algorithm_t policy,
                     psa_key_usage_t usage, ejwt_alg alg, ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;

    psa_set_key_type(&attr, type);
    psa_set_key_bits(&attr, bits);
    psa_set_key_algorithm(&attr, policy);
    psa_set_key_usage_flags(&attr, usage | PSA_KEY_USAGE_EXPORT);
    assert_int_equal(psa_generate_key(&attr, &id), PSA_SUCCESS);
    assert_int_equal(ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), alg, NULL, out), EJWT_OK);
}

static int setup(void **state)
{
    const psa_key_usage_t sig = PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH;
    const psa_key_usage_t mac = PSA_KEY_USAGE_SIGN_MESSAGE | PSA_KEY_USAGE_VERIFY_MESSAGE;
    uint8_t pub[EJWT_RSA_PUBLIC_EXPORT_MAX];
    ejwt_rsa_public rsa;
    (void)state;
    if (ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    generate(PSA_KEY_TYPE_RSA_KEY_PAIR, 2048, PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256), sig,
             EJWT_ALG_RS256, &rs256);
    /* The same RSA public key, bound to PS256. */
    assert_int_equal(ejwt_key_export_rsa_public(&rs256, pub, sizeof pub, &rsa), EJWT_OK);
    assert_int_equal(
        ejwt_key_import_rsa_public(EJWT_ALG_PS256, rsa.n, rsa.n_len, rsa.e, rsa.e_len, &ps256),
        EJWT_OK);
    generate(PSA_KEY_TYPE_RSA_KEY_PAIR, 2048, PSA_ALG_RSA_PSS(PSA_ALG_SHA_256), sig, EJWT_ALG_PS256,
             &ps256_pair);
    /* ... and the PSS pair's public key bound to RS256. */
    assert_int_equal(ejwt_key_export_rsa_public(&ps256_pair, pub, sizeof pub, &rsa), EJWT_OK);
    assert_int_equal(ejwt_key_import_rsa_public(EJWT_ALG_RS256, rsa.n, rsa.n_len, rsa.e, rsa.e_len,
                                                &rs256_of_pss),
                     EJWT_OK);
    generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256, PSA_ALG_ECDSA(PSA_ALG_SHA_256),
             sig, EJWT_ALG_ES256, &es256);
    generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 384, PSA_ALG_ECDSA(PSA_ALG_SHA_384),
             sig, EJWT_ALG_ES384, &es384);
    generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 521, PSA_ALG_ECDSA(PSA_ALG_SHA_512),
             sig, EJWT_ALG_ES512, &es512);
    generate(PSA_KEY_TYPE_HMAC, 512, PSA_ALG_HMAC(PSA_ALG_SHA_256), mac, EJWT_ALG_HS256, &hs256);
    generate(PSA_KEY_TYPE_HMAC, 512, PSA_ALG_HMAC(PSA_ALG_SHA_384), mac, EJWT_ALG_HS384, &hs384);
    generate(PSA_KEY_TYPE_HMAC, 512, PSA_ALG_HMAC(PSA_ALG_SHA_512), mac, EJWT_ALG_HS512, &hs512);
    return 0;
}

/* A signed token {"sub":"victim"} by \p key into \p tok. */
static void sign_token(const ejwt_key *key, char *tok, size_t cap)
{
    ejwt_builder b;
    size_t len = 0;

    ejwt_builder_init(&b, tok, cap, key, NULL);
    ejwt_builder_add_string(&b, "sub", "victim");
    if (ejwt_builder_finish(&b, &len) != EJWT_OK) {
        print_message("sign with %s (ops %u) failed\n", ejwt_alg_name(key->alg), key->ops);
        fail();
    }
}

static int verify_with(const char *tok, const ejwt_key *key)
{
    uint8_t work[WORK_CAP];
    ejwt_verify_opts opts;
    ejwt_jws jws;

    memset(&opts, 0, sizeof opts);
    opts.algs = ALL_ALGS; /* the allow-list permits both: the key must decide */
    opts.now = EJWT_TIME_UNKNOWN;
    return ejwt_jws_verify_compact(tok, strlen(tok), key, 1, &opts, work, sizeof work, NULL, &jws);
}

/* Signed by \p signer, verified with \p victim: refused, while \p signer
 * itself verifies it (so the refusal is the confusion, not a broken token). */
static void assert_confusion_refused(const ejwt_key *signer, const ejwt_key *victim)
{
    static char tok[TOK_CAP];

    sign_token(signer, tok, sizeof tok);
    assert_int_equal(verify_with(tok, signer), EJWT_OK);
    assert_int_equal(verify_with(tok, victim), EJWT_ERR_ALG_KEY_MISMATCH);
}

static void test_across_families(void **state)
{
    (void)state;
    assert_confusion_refused(&hs256, &rs256);
    assert_confusion_refused(&hs384, &rs256);
    assert_confusion_refused(&hs512, &ps256);
    assert_confusion_refused(&ps256_pair, &es256);
    assert_confusion_refused(&hs256, &es256);
    assert_confusion_refused(&es256, &rs256);
    assert_confusion_refused(&rs256, &es256);
    assert_confusion_refused(&rs256, &hs256);
    assert_confusion_refused(&es512, &hs512);
}

static void test_within_families(void **state)
{
    (void)state;
    assert_confusion_refused(&es384, &es256); /* a P-256 key never an ES384 token */
    assert_confusion_refused(&es512, &es384);
    assert_confusion_refused(&es256, &es512);
    /* one RSA key, two algorithms, either way round */
    assert_confusion_refused(&ps256_pair, &rs256_of_pss);
    assert_confusion_refused(&rs256, &ps256);
    assert_confusion_refused(&hs512, &hs256);
    assert_confusion_refused(&hs256, &hs384);
}

/* The classic attack: HMAC over the signing input keyed with the public
 * key's bytes (its DER, as a server holding "the key" would use it), header
 * HS256, sent to a verifier holding the RSA public key. */
static void test_rsa_public_key_as_hmac_secret(void **state)
{
    static const ejwt_alg hmacs[] = {EJWT_ALG_HS256, EJWT_ALG_HS384, EJWT_ALG_HS512};
    uint8_t der[EJWT_RSA_PUBLIC_EXPORT_MAX];
    static char tok[TOK_CAP];
    size_t der_len = 0, i;
    (void)state;

    assert_int_equal(
        psa_export_public_key(mbedtls_svc_key_id_make(0, rs256.psa_id), der, sizeof der, &der_len),
        PSA_SUCCESS);
    for (i = 0; i < sizeof hmacs / sizeof hmacs[0]; i++) {
        ejwt_key forged;
        assert_int_equal(ejwt_key_import_hmac_alg(hmacs[i], der, der_len, &forged), EJWT_OK);
        sign_token(&forged, tok, sizeof tok);
        assert_int_equal(verify_with(tok, &forged), EJWT_OK); /* a well-formed MAC */
        assert_int_equal(verify_with(tok, &rs256), EJWT_ERR_ALG_KEY_MISMATCH);
        assert_int_equal(verify_with(tok, &ps256), EJWT_ERR_ALG_KEY_MISMATCH);
        assert_int_equal(ejwt_key_destroy(&forged), EJWT_OK);
    }
}

static int teardown(void **state)
{
    ejwt_key *keys[] = {&rs256, &ps256, &ps256_pair, &rs256_of_pss, &es256,
                        &es384, &es512, &hs256,      &hs384,        &hs512};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        (void)ejwt_key_destroy(keys[i]);
    }
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_across_families),
        cmocka_unit_test(test_within_families),
        cmocka_unit_test(test_rsa_public_key_as_hmac_secret),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
