/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JWK and JWK Set import, public export and RFC 7638 thumbprints.
 *  - ejwt_jwk_import(): on failure the key is all zero; on success the key
 *    is coherent (an algorithm compiled in, its exact signature length, ops,
 *    terminated kid), an EC or RSA key exports a public JWK that imports
 *    again to the same algorithm and public key, and its thumbprint equals
 *    the thumbprint of the exported JSON and of the input JSON.
 *  - ejwt_jwk_import_set(): on failure the count is 0; on success each entry
 *    is either a usable key or an unusable placeholder without a PSA key.
 *  - ejwt_jwk_thumbprint_json() on any input: terminated, 43 characters on
 *    success.
 *  - No PSA key slot leaks: after the keys are destroyed, PSA holds exactly
 *    as many volatile keys as before the input (on every error path too).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

#include "fuzz_common.h"

static size_t baseline_slots;

static size_t volatile_slots(void)
{
    mbedtls_psa_stats_t st;

    mbedtls_psa_get_stats(&st);
    return st.MBEDTLS_PRIVATE(volatile_slots);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(ejwt_crypto_init() == EJWT_OK);
    baseline_slots = volatile_slots();
    return 0;
}

static void check_key(const ejwt_key *k)
{
    FUZZ_CHECK(ejwt_alg_name(k->alg) != NULL && k->sig_len != 0u && k->sig_len <= EJWT_MAX_SIG_LEN);
    FUZZ_CHECK(k->psa_id != 0u && k->ops != 0u && (k->ops & ~3u) == 0u);
    FUZZ_CHECK(k->kid_len <= EJWT_MAX_KID_LEN && k->kid[k->kid_len] == '\0' &&
               strlen(k->kid) == k->kid_len);
}

/* The public key of \p k as bytes (an EC point, or RSA's n then e). */
static size_t public_bytes(const ejwt_key *k, uint8_t *out, size_t cap)
{
    uint8_t der[EJWT_RSA_PUBLIC_EXPORT_MAX];
    ejwt_rsa_public rsa;
    size_t n = 0;

    if (ejwt_key_export_ec_public(k, out, cap, &n) == EJWT_OK) {
        return n;
    }
    FUZZ_CHECK(ejwt_key_export_rsa_public(k, der, sizeof(der), &rsa) == EJWT_OK);
    FUZZ_CHECK(rsa.n_len + rsa.e_len <= cap);
    memcpy(out, rsa.n, rsa.n_len);
    memcpy(out + rsa.n_len, rsa.e, rsa.e_len);
    return rsa.n_len + rsa.e_len;
}

static void check_public_roundtrip(const ejwt_key *k, const char *json, size_t len)
{
    static char pub[1024];
    static uint8_t p1[EJWT_RSA_PUBLIC_EXPORT_MAX], p2[EJWT_RSA_PUBLIC_EXPORT_MAX];
    char tp_key[EJWT_THUMBPRINT_LEN + 1], tp_pub[EJWT_THUMBPRINT_LEN + 1];
    char tp_in[EJWT_THUMBPRINT_LEN + 1];
    size_t pub_len = 0, l1, l2;
    ejwt_key again;

    FUZZ_CHECK(ejwt_jwk_export_public(k, pub, sizeof(pub), &pub_len) == EJWT_OK);
    FUZZ_CHECK(pub_len < sizeof(pub) && pub[pub_len] == '\0' && strlen(pub) == pub_len);
    FUZZ_CHECK(ejwt_jwk_thumbprint(k, tp_key) == EJWT_OK);
    FUZZ_CHECK(strlen(tp_key) == EJWT_THUMBPRINT_LEN);
    FUZZ_CHECK(ejwt_jwk_thumbprint_json(pub, pub_len, tp_pub) == EJWT_OK);
    FUZZ_CHECK(strcmp(tp_key, tp_pub) == 0);
    /* The input's own thumbprint names the same key (when it can be taken). */
    if (ejwt_jwk_thumbprint_json(json, len, tp_in) == EJWT_OK) {
        FUZZ_CHECK(strcmp(tp_key, tp_in) == 0);
    }
    FUZZ_CHECK(ejwt_jwk_import(pub, pub_len, &again) == EJWT_OK);
    FUZZ_CHECK(again.alg == k->alg && again.ops == EJWT_KEY_OP_VERIFY);
    FUZZ_CHECK(again.sig_len == k->sig_len);
    FUZZ_CHECK(strcmp(again.kid, tp_key) == 0);
    l1 = public_bytes(k, p1, sizeof(p1));
    l2 = public_bytes(&again, p2, sizeof(p2));
    FUZZ_CHECK(l1 == l2 && memcmp(p1, p2, l1) == 0);
    FUZZ_CHECK(ejwt_key_destroy(&again) == EJWT_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *json = (const char *)data;
    ejwt_key key, keys[EJWT_MAX_JWKS_KEYS];
    char tp[EJWT_THUMBPRINT_LEN + 1];
    size_t count = 99, i;
    int r;

    memset(&key, 0xA5, sizeof(key));
    r = ejwt_jwk_import(json, size, &key);
    if (r == EJWT_OK) {
        check_key(&key);
        if (key.sig_len != 0u && ejwt_jwk_thumbprint(&key, tp) == EJWT_OK) {
            check_public_roundtrip(&key, json, size); /* EC and RSA: not HMAC */
        }
        FUZZ_CHECK(ejwt_key_destroy(&key) == EJWT_OK);
    } else {
        FUZZ_CHECK(r < 0 && fuzz_all_zero(&key, sizeof(key)));
    }

    memset(keys, 0xA5, sizeof(keys));
    r = ejwt_jwk_import_set(json, size, keys, EJWT_MAX_JWKS_KEYS, &count);
    if (r == EJWT_OK) {
        FUZZ_CHECK(count >= 1u && count <= EJWT_MAX_JWKS_KEYS);
        for (i = 0; i < count; i++) {
            if (keys[i].ops == 0u) { /* an unusable entry: no PSA key behind it */
                FUZZ_CHECK(keys[i].psa_id == 0u && keys[i].kid[keys[i].kid_len] == '\0');
            } else {
                check_key(&keys[i]);
            }
        }
        for (i = 0; i < count; i++) {
            if (keys[i].psa_id != 0u) {
                FUZZ_CHECK(ejwt_key_destroy(&keys[i]) == EJWT_OK);
            }
        }
    } else {
        FUZZ_CHECK(r < 0 && count == 0u);
    }

    memset(tp, 0x5A, sizeof(tp));
    r = ejwt_jwk_thumbprint_json(json, size, tp);
    if (r == EJWT_OK) {
        FUZZ_CHECK(strlen(tp) == EJWT_THUMBPRINT_LEN);
    } else {
        FUZZ_CHECK(r < 0 && tp[0] == '\0');
    }
    FUZZ_CHECK(volatile_slots() == baseline_slots);
    return 0;
}
