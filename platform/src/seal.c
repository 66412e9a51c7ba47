/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealed ITS entries (seal.h): ChaCha20-Poly1305 under a persistent,
 * non-exportable PSA key, the uid and the label in the associated data.
 */
#include "seal.h"

#include <string.h>

#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

/* Stops the build when the PSA provider lacks what sealing uses. */
#include "ejwt/platform/token_store.h"
#include "ejwt/psa_check.h"
#include "platform_internal.h"

#define SEAL_FORMAT 1u
#define SEAL_PREFIX_LEN 16u
#define SEAL_NONCE_LEN 12u
#define SEAL_AD_LEN (SEAL_PREFIX_LEN + 8u)
#define SEAL_KEY_BITS 256u
#define SEAL_ALG PSA_ALG_CHACHA20_POLY1305

/* The sealing key keeps the token store's id: entries sealed before the
 * records existed still open. */
static mbedtls_svc_key_id_t seal_key(void)
{
    return mbedtls_svc_key_id_make(0, EJWT_TOKEN_STORE_KEY_ID);
}

int ejwt_seal_key_ensure(void)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st = psa_get_key_attributes(seal_key(), &attr);

    if (st == PSA_SUCCESS) {
        int ok =
            psa_get_key_type(&attr) == PSA_KEY_TYPE_CHACHA20 &&
            psa_get_key_algorithm(&attr) == SEAL_ALG &&
            (psa_get_key_usage_flags(&attr) & (PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT)) ==
                (PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
        psa_reset_key_attributes(&attr);
        return ok ? EJWT_OK : EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if (st != PSA_ERROR_INVALID_HANDLE && st != PSA_ERROR_DOES_NOT_EXIST) {
        return ejwt_platform_psa_err(st);
    }
    psa_set_key_id(&attr, seal_key());
    psa_set_key_type(&attr, PSA_KEY_TYPE_CHACHA20);
    psa_set_key_bits(&attr, SEAL_KEY_BITS);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_ENCRYPT | PSA_KEY_USAGE_DECRYPT);
    psa_set_key_algorithm(&attr, SEAL_ALG);
    st = psa_generate_key(&attr, &id);
    psa_reset_key_attributes(&attr);
    return ejwt_platform_psa_err(st);
}

int ejwt_seal_key_destroy(void)
{
    psa_status_t st = psa_destroy_key(seal_key());

    if (st == PSA_ERROR_INVALID_HANDLE || st == PSA_ERROR_DOES_NOT_EXIST) {
        return EJWT_OK;
    }
    return ejwt_platform_psa_err(st);
}

static void make_prefix(uint8_t *p, const ejwt_seal_label *label)
{
    memcpy(p, label->magic, sizeof(label->magic));
    p[4] = SEAL_FORMAT;
    p[5] = label->kind;
    p[6] = 0;
    p[7] = 0;
    ejwt_put_be64(p + 8, label->number);
}

static void make_ad(uint8_t ad[SEAL_AD_LEN], const uint8_t *prefix, uint64_t uid)
{
    memcpy(ad, prefix, SEAL_PREFIX_LEN);
    ejwt_put_be64(ad + SEAL_PREFIX_LEN, uid);
}

int ejwt_seal_put(uint64_t uid, const ejwt_seal_label *label, const uint8_t *plain,
                  size_t plain_len, uint8_t *sealed, size_t sealed_cap)
{
    uint8_t ad[SEAL_AD_LEN];
    size_t ct_len = 0;
    psa_status_t st;
    int err;

    if (sealed_cap < EJWT_SEAL_OVERHEAD || plain_len > sealed_cap - EJWT_SEAL_OVERHEAD ||
        plain_len > UINT32_MAX - EJWT_SEAL_OVERHEAD) {
        return EJWT_ERR_LIMIT;
    }
    make_prefix(sealed, label);
    err = ejwt_platform_psa_err(psa_generate_random(sealed + SEAL_PREFIX_LEN, SEAL_NONCE_LEN));
    if (err != EJWT_OK) {
        ejwt_wipe(sealed, sealed_cap);
        return err == EJWT_ERR_CRYPTO ? EJWT_ERR_ENTROPY : err;
    }
    make_ad(ad, sealed, uid);
    st = psa_aead_encrypt(seal_key(), SEAL_ALG, sealed + SEAL_PREFIX_LEN, SEAL_NONCE_LEN, ad,
                          sizeof(ad), plain, plain_len, sealed + EJWT_SEAL_HEADER_LEN,
                          sealed_cap - EJWT_SEAL_HEADER_LEN, &ct_len);
    err = ejwt_platform_psa_err(st);
    if (err == EJWT_OK) {
        err = ejwt_platform_psa_err(
            psa_its_set(uid, (uint32_t)(EJWT_SEAL_HEADER_LEN + ct_len), sealed, 0));
    }
    ejwt_wipe(sealed, sealed_cap);
    return err;
}

int ejwt_seal_get(uint64_t uid, ejwt_seal_label *label, uint8_t *plain, size_t plain_cap,
                  size_t *plain_len, uint8_t *sealed, size_t sealed_cap)
{
    uint8_t ad[SEAL_AD_LEN];
    size_t len = 0;
    psa_status_t st;
    int err;

    *plain_len = 0;
    st = psa_its_get(uid, 0, (uint32_t)(sealed_cap > UINT32_MAX ? UINT32_MAX : sealed_cap), sealed,
                     &len);
    if (st != PSA_SUCCESS) {
        ejwt_wipe(sealed, sealed_cap);
        return ejwt_platform_psa_err(st);
    }
    /* The header (magic, format, kind) is public framing, so a plain
     * compare is fine; the secret part is checked by the AEAD tag below. */
    if (len < EJWT_SEAL_OVERHEAD || memcmp(sealed, label->magic, sizeof(label->magic)) != 0 ||
        sealed[4] != SEAL_FORMAT || sealed[5] != label->kind || sealed[6] != 0u ||
        sealed[7] != 0u) {
        ejwt_wipe(sealed, sealed_cap);
        return EJWT_ERR_SEALED_INVALID;
    }
    if (plain_cap < len - EJWT_SEAL_OVERHEAD) {
        ejwt_wipe(sealed, sealed_cap);
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    make_ad(ad, sealed, uid);
    st = psa_aead_decrypt(seal_key(), SEAL_ALG, sealed + SEAL_PREFIX_LEN, SEAL_NONCE_LEN, ad,
                          sizeof(ad), sealed + EJWT_SEAL_HEADER_LEN, len - EJWT_SEAL_HEADER_LEN,
                          plain, plain_cap, plain_len);
    if (st == PSA_SUCCESS) {
        label->number = ejwt_get_be64(sealed + 8);
        err = EJWT_OK;
    } else {
        /* A wrong tag, a foreign key, a missing key, an entry longer than
         * the work buffer (read truncated): the entry is not ours. */
        err = (st == PSA_ERROR_INVALID_SIGNATURE || st == PSA_ERROR_INVALID_HANDLE ||
               st == PSA_ERROR_DOES_NOT_EXIST || st == PSA_ERROR_INVALID_ARGUMENT)
                  ? EJWT_ERR_SEALED_INVALID
                  : ejwt_platform_psa_err(st);
        ejwt_wipe(plain, plain_cap);
        *plain_len = 0;
    }
    ejwt_wipe(sealed, sealed_cap);
    return err;
}

int ejwt_seal_remove(uint64_t uid)
{
    psa_status_t st = psa_its_remove(uid);

    return st == PSA_ERROR_DOES_NOT_EXIST ? EJWT_OK : ejwt_platform_psa_err(st);
}
