/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JWK and JWK Set import, public export and RFC 7638 thumbprints.
 *  - ejwt_jwk_import(): on failure the key is all zero; on success the key
 *    is coherent (algorithm, ops, terminated kid), an ES256 key exports a
 *    public JWK that imports again to the same point, and its thumbprint
 *    equals the thumbprint of the exported JSON and of the input JSON.
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
    FUZZ_CHECK(k->alg == EJWT_ALG_ES256 || k->alg == EJWT_ALG_HS256);
    FUZZ_CHECK(k->psa_id != 0u && k->ops != 0u && (k->ops & ~3u) == 0u);
    FUZZ_CHECK(k->kid_len <= EJWT_MAX_KID_LEN && k->kid[k->kid_len] == '\0' &&
               strlen(k->kid) == k->kid_len);
}

static void check_es256_roundtrip(const ejwt_key *k, const char *json, size_t len)
{
    char pub[256], tp_key[EJWT_THUMBPRINT_LEN + 1], tp_pub[EJWT_THUMBPRINT_LEN + 1];
    char tp_in[EJWT_THUMBPRINT_LEN + 1];
    uint8_t p1[65], p2[65];
    size_t pub_len = 0, l1 = 0, l2 = 0;
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
    FUZZ_CHECK(again.alg == EJWT_ALG_ES256 && again.ops == EJWT_KEY_OP_VERIFY);
    FUZZ_CHECK(strcmp(again.kid, tp_key) == 0);
    FUZZ_CHECK(ejwt_key_export_es256_public(k, p1, sizeof(p1), &l1) == EJWT_OK);
    FUZZ_CHECK(ejwt_key_export_es256_public(&again, p2, sizeof(p2), &l2) == EJWT_OK);
    FUZZ_CHECK(l1 == 65u && l2 == 65u && memcmp(p1, p2, 65) == 0);
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
        if (key.alg == EJWT_ALG_ES256) {
            check_es256_roundtrip(&key, json, size);
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
