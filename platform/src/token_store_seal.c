/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealing of token-store entries with ChaCha20-Poly1305 under a persistent,
 * non-exportable PSA key.
 *
 * Stored entry: magic "EJTS" | format 1 | kind | 0 0 | version (u64 BE) |
 * nonce (12) | ciphertext | tag (16). The associated data is the first 16
 * bytes (magic .. version) followed by the uid (u64 BE): an entry moved to
 * another uid, relabelled with another kind or version, or altered in any
 * byte fails to open. Nonces are random: 96 bits make a collision negligible
 * for the few thousand saves of a device's life.
 */
#include <string.h>

#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

/* Stops the build when the PSA provider lacks what the token store uses. */
#include "ejwt/psa_check.h"
#include "platform_internal.h"
#include "token_store_seal.h"

#define TS_FORMAT 1u
#define TS_PREFIX_LEN 16u
#define TS_NONCE_LEN 12u
#define TS_HEADER_LEN (TS_PREFIX_LEN + TS_NONCE_LEN)
#define TS_TAG_LEN 16u
#define TS_AD_LEN (TS_PREFIX_LEN + 8u)
#define TS_ALG PSA_ALG_CHACHA20_POLY1305

static const uint8_t ts_magic[4] = {'E', 'J', 'T', 'S'};

static mbedtls_svc_key_id_t ts_key(void)
{
    return mbedtls_svc_key_id_make(0, EJWT_TOKEN_STORE_KEY_ID);
}

int ejwt_ts_key_ensure(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st = psa_get_key_attributes(ts_key(), &attr);

    if (st == PSA_SUCCESS) {
        int ok =
            psa_get_key_type(&attr) == PSA_KEY_TYPE_CHACHA20 &&
            psa_get_key_algorithm(&attr) == TS_ALG &&
            (psa_get_key_usage_flags(&attr) & (PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT)) ==
                (PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
        psa_reset_key_attributes(&attr);
        return ok ? EJWT_OK : EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if (st != PSA_ERROR_INVALID_HANDLE && st != PSA_ERROR_DOES_NOT_EXIST) {
        return ejwt_platform_psa_err(st);
    }
    psa_set_key_id(&attr, ts_key());
    psa_set_key_type(&attr, PSA_KEY_TYPE_CHACHA20);
    psa_set_key_bits(&attr, 256u);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, TS_ALG);
    st = psa_generate_key(&attr, &id);
    psa_reset_key_attributes(&attr);
    return ejwt_platform_psa_err(st);
}

int ejwt_ts_key_destroy(void)
{
    psa_status_t st = psa_destroy_key(ts_key());

    if (st == PSA_ERROR_INVALID_HANDLE || st == PSA_ERROR_DOES_NOT_EXIST) {
        return EJWT_OK;
    }
    return ejwt_platform_psa_err(st);
}

static void make_prefix(uint8_t *p, uint8_t kind, uint64_t version)
{
    memcpy(p, ts_magic, sizeof(ts_magic));
    p[4] = TS_FORMAT;
    p[5] = kind;
    p[6] = 0;
    p[7] = 0;
    ejwt_put_be64(p + 8, version);
}

static void make_ad(uint8_t ad[TS_AD_LEN], const uint8_t *prefix, uint64_t uid)
{
    memcpy(ad, prefix, TS_PREFIX_LEN);
    ejwt_put_be64(ad + TS_PREFIX_LEN, uid);
}

int ejwt_ts_seal_store(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t version,
                       size_t plain_len)
{
    uint8_t ad[TS_AD_LEN];
    size_t ct_len = 0;
    psa_status_t st;
    int err;

    if (plain_len > EJWT_TOKEN_STORE_PLAIN_MAX) {
        return EJWT_ERR_LIMIT;
    }
    make_prefix(ts->sealed, kind, version);
    err = ejwt_platform_psa_err(psa_generate_random(ts->sealed + TS_PREFIX_LEN, TS_NONCE_LEN));
    if (err != EJWT_OK) {
        return err == EJWT_ERR_CRYPTO ? EJWT_ERR_ENTROPY : err;
    }
    make_ad(ad, ts->sealed, uid);
    st = psa_aead_encrypt(ts_key(), TS_ALG, ts->sealed + TS_PREFIX_LEN, TS_NONCE_LEN, ad,
                          sizeof(ad), ts->plain, plain_len, ts->sealed + TS_HEADER_LEN,
                          sizeof(ts->sealed) - TS_HEADER_LEN, &ct_len);
    err = ejwt_platform_psa_err(st);
    if (err == EJWT_OK) {
        err = ejwt_platform_psa_err(
            psa_its_set(uid, (uint32_t)(TS_HEADER_LEN + ct_len), ts->sealed, 0));
    }
    ejwt_wipe(ts->sealed, sizeof(ts->sealed));
    return err;
}

int ejwt_ts_load_open(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t *version,
                      size_t *plain_len)
{
    uint8_t ad[TS_AD_LEN];
    size_t len = 0;
    psa_status_t st;
    int err;

    *plain_len = 0;
    st = psa_its_get(uid, 0, (uint32_t)sizeof(ts->sealed), ts->sealed, &len);
    if (st != PSA_SUCCESS) {
        return ejwt_platform_psa_err(st);
    }
    /* The header (magic, format, kind) is public framing, so a plain
     * compare is fine; the secret part is checked by the AEAD tag below. */
    if (len < TS_HEADER_LEN + TS_TAG_LEN || memcmp(ts->sealed, ts_magic, 4) != 0 ||
        ts->sealed[4] != TS_FORMAT || ts->sealed[5] != kind || ts->sealed[6] != 0u ||
        ts->sealed[7] != 0u) {
        ejwt_wipe(ts->sealed, sizeof(ts->sealed));
        return EJWT_ERR_SEALED_INVALID;
    }
    make_ad(ad, ts->sealed, uid);
    st = psa_aead_decrypt(ts_key(), TS_ALG, ts->sealed + TS_PREFIX_LEN, TS_NONCE_LEN, ad,
                          sizeof(ad), ts->sealed + TS_HEADER_LEN, len - TS_HEADER_LEN, ts->plain,
                          sizeof(ts->plain), plain_len);
    if (st == PSA_SUCCESS) {
        *version = ejwt_get_be64(ts->sealed + 8);
        err = EJWT_OK;
    } else {
        /* A wrong tag, a foreign key, a missing key: the entry is not ours. */
        err = (st == PSA_ERROR_INVALID_SIGNATURE || st == PSA_ERROR_INVALID_HANDLE ||
               st == PSA_ERROR_DOES_NOT_EXIST || st == PSA_ERROR_INVALID_ARGUMENT)
                  ? EJWT_ERR_SEALED_INVALID
                  : ejwt_platform_psa_err(st);
        ejwt_wipe(ts->plain, sizeof(ts->plain));
        *plain_len = 0;
    }
    ejwt_wipe(ts->sealed, sizeof(ts->sealed));
    return err;
}

int ejwt_ts_remove(uint64_t uid)
{
    psa_status_t st = psa_its_remove(uid);

    return st == PSA_ERROR_DOES_NOT_EXIST ? EJWT_OK : ejwt_platform_psa_err(st);
}
