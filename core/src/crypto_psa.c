/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto adapter: every PSA call of the core lives here, and PSA status
 * codes are translated into ejwt errors in one function, ejwt_crypto_err().
 */
#include <string.h>

#include <psa/crypto.h>

#include "crypto.h"
#include "ejwt/error.h"
/* Stops the build when the PSA provider lacks what this configuration uses. */
#include "ejwt/psa_check.h"
#include "ejwt/key.h"
#include "internal.h"

#define ES256_SIG_LEN 64u
#define HS256_TAG_LEN 32u
#define SHA256_LEN 32u
#define P256_POINT_LEN 65u
#define P256_SCALAR_LEN 32u
#define HS256_MIN_KEY_LEN 32u

#define ES256_SIGN_ALG                                                                             \
    (EJWT_ES256_DETERMINISTIC ? PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)                       \
                              : PSA_ALG_ECDSA(PSA_ALG_SHA_256))
#define HS256_ALG PSA_ALG_HMAC(PSA_ALG_SHA_256)
#define P256_PAIR PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define P256_PUBLIC PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

int ejwt_crypto_err(int32_t psa_status)
{
    psa_status_t st = (psa_status_t)psa_status;
    switch (st) {
    case PSA_SUCCESS:
        return EJWT_OK;
    case PSA_ERROR_INVALID_SIGNATURE:
        return EJWT_ERR_SIGNATURE_INVALID;
    case PSA_ERROR_NOT_SUPPORTED:
        return EJWT_ERR_CRYPTO_NOT_SUPPORTED;
    case PSA_ERROR_INSUFFICIENT_MEMORY:
        return EJWT_ERR_CRYPTO_MEMORY;
    case PSA_ERROR_BAD_STATE:
        return EJWT_ERR_CRYPTO_NOT_INITIALIZED;
    case PSA_ERROR_INSUFFICIENT_ENTROPY:
        return EJWT_ERR_ENTROPY;
    case PSA_ERROR_INVALID_HANDLE:
    case PSA_ERROR_DOES_NOT_EXIST:
        return EJWT_ERR_KEY_NOT_FOUND;
    case PSA_ERROR_NOT_PERMITTED:
        return EJWT_ERR_KEY_USAGE;
    case PSA_ERROR_BUFFER_TOO_SMALL:
        return EJWT_ERR_BUFFER_TOO_SMALL;
    case PSA_ERROR_STORAGE_FAILURE:
        return EJWT_ERR_STORAGE_IO;
    case PSA_ERROR_INSUFFICIENT_STORAGE:
        return EJWT_ERR_STORAGE_FULL;
    case PSA_ERROR_DATA_CORRUPT:
    case PSA_ERROR_DATA_INVALID:
        return EJWT_ERR_STORAGE_CORRUPT;
    default:
        return EJWT_ERR_CRYPTO;
    }
}

int ejwt_crypto_init_config(uint32_t config_fingerprint)
{
    if (config_fingerprint != EJWT_CONFIG_FINGERPRINT) {
        return EJWT_ERR_CONFIG_MISMATCH;
    }
    return ejwt_crypto_err(psa_crypto_init());
}

size_t ejwt_crypto_sig_len(ejwt_alg alg)
{
    switch (alg) {
    case EJWT_ALG_ES256:
        return ES256_SIG_LEN;
    case EJWT_ALG_HS256:
        return HS256_TAG_LEN;
    default:
        return 0;
    }
}

static int set_kid(ejwt_key *key, const char *kid)
{
    size_t n;

    if (kid == NULL) {
        return EJWT_OK;
    }
    n = strlen(kid);
    if (n > EJWT_MAX_KID_LEN) {
        return EJWT_ERR_LIMIT;
    }
    memcpy(key->kid, kid, n + 1u);
    key->kid_len = (uint8_t)n;
    return EJWT_OK;
}

/* Is \p policy an ECDSA-over-SHA-256 policy (random or deterministic, or a
 * wildcard hash)? */
static int is_es256_policy(psa_algorithm_t policy)
{
    if (!PSA_ALG_IS_ECDSA(policy)) {
        return 0;
    }
    return PSA_ALG_SIGN_GET_HASH(policy) == PSA_ALG_SHA_256 ||
           PSA_ALG_SIGN_GET_HASH(policy) == PSA_ALG_ANY_HASH;
}

int ejwt_key_from_psa(uint32_t psa_id, ejwt_alg alg, const char *kid, ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_type_t type;
    psa_key_usage_t usage;
    psa_algorithm_t policy;
    size_t bits;
    uint8_t ops = 0;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    err = ejwt_crypto_err(psa_get_key_attributes(mbedtls_svc_key_id_make(0, psa_id), &attr));
    if (err != EJWT_OK) {
        return err;
    }
    type = psa_get_key_type(&attr);
    usage = psa_get_key_usage_flags(&attr);
    policy = psa_get_key_algorithm(&attr);
    bits = psa_get_key_bits(&attr);
    psa_reset_key_attributes(&attr);

    if (alg == EJWT_ALG_ES256 && EJWT_ENABLE_ES256) {
        if ((type != P256_PAIR && type != P256_PUBLIC) || bits != 256u ||
            !is_es256_policy(policy)) {
            return EJWT_ERR_ALG_KEY_MISMATCH;
        }
        if (PSA_ALG_SIGN_GET_HASH(policy) == PSA_ALG_ANY_HASH) {
            policy = PSA_ALG_IS_DETERMINISTIC_ECDSA(policy)
                         ? PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)
                         : PSA_ALG_ECDSA(PSA_ALG_SHA_256);
        }
        ops |= (usage & PSA_KEY_USAGE_SIGN_HASH) && type == P256_PAIR ? EJWT_KEY_OP_SIGN : 0u;
        ops |= (usage & PSA_KEY_USAGE_VERIFY_HASH) ? EJWT_KEY_OP_VERIFY : 0u;
    } else if (alg == EJWT_ALG_HS256 && EJWT_ENABLE_HS256) {
        if (type != PSA_KEY_TYPE_HMAC || policy != HS256_ALG) {
            return EJWT_ERR_ALG_KEY_MISMATCH;
        }
        if (bits < (size_t)HS256_MIN_KEY_LEN * 8u) {
            return EJWT_ERR_KEY_TOO_SHORT;
        }
        ops |= (usage & PSA_KEY_USAGE_SIGN_MESSAGE) ? EJWT_KEY_OP_SIGN : 0u;
        ops |= (usage & PSA_KEY_USAGE_VERIFY_MESSAGE) ? EJWT_KEY_OP_VERIFY : 0u;
    } else {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if (ops == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    err = set_kid(out, kid);
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
        return err;
    }
    out->psa_id = psa_id;
    out->alg = alg;
    out->psa_alg = policy;
    out->ops = ops;
    return EJWT_OK;
}

/* Which PSA attributes a kind of material gets, and the algorithm it binds. */
static int material_attributes(ejwt_key_material kind, size_t len, uint8_t ops,
                               psa_key_attributes_t *attr, ejwt_alg *alg)
{
    psa_key_usage_t usage = 0;

    switch (kind) {
    case EJWT_MATERIAL_HMAC:
        if (!EJWT_ENABLE_HS256) {
            return EJWT_ERR_UNSUPPORTED;
        }
        if (len < HS256_MIN_KEY_LEN) {
            return EJWT_ERR_KEY_TOO_SHORT;
        }
        psa_set_key_type(attr, PSA_KEY_TYPE_HMAC);
        psa_set_key_algorithm(attr, HS256_ALG);
        usage |= (ops & EJWT_KEY_OP_SIGN) ? PSA_KEY_USAGE_SIGN_MESSAGE : 0u;
        usage |= (ops & EJWT_KEY_OP_VERIFY) ? PSA_KEY_USAGE_VERIFY_MESSAGE : 0u;
        *alg = EJWT_ALG_HS256;
        break;
    case EJWT_MATERIAL_EC_PUBLIC:
    case EJWT_MATERIAL_EC_PRIVATE:
        if (!EJWT_ENABLE_ES256) {
            return EJWT_ERR_UNSUPPORTED;
        }
        if (kind == EJWT_MATERIAL_EC_PUBLIC ? len != P256_POINT_LEN : len != P256_SCALAR_LEN) {
            return EJWT_ERR_KEY_INVALID;
        }
        psa_set_key_type(attr, kind == EJWT_MATERIAL_EC_PUBLIC ? P256_PUBLIC : P256_PAIR);
        psa_set_key_bits(attr, 256u);
        psa_set_key_algorithm(attr, ES256_SIGN_ALG);
        if (kind == EJWT_MATERIAL_EC_PRIVATE) {
            usage |= (ops & EJWT_KEY_OP_SIGN) ? PSA_KEY_USAGE_SIGN_HASH : 0u;
        }
        usage |= (ops & EJWT_KEY_OP_VERIFY) ? PSA_KEY_USAGE_VERIFY_HASH : 0u;
        *alg = EJWT_ALG_ES256;
        break;
    default:
        return EJWT_ERR_INVALID_ARG;
    }
    if (usage == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    psa_set_key_usage_flags(attr, usage);
    return EJWT_OK;
}

int ejwt_crypto_import(ejwt_key_material kind, const uint8_t *material, size_t len, uint8_t ops,
                       ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st;
    ejwt_alg alg = EJWT_ALG_ES256;
    int err;

    EJWT_REQUIRE(out != NULL && (material != NULL || len == 0u));
    memset(out, 0, sizeof(*out));
    err = material_attributes(kind, len, ops, &attr, &alg);
    if (err != EJWT_OK) {
        return err;
    }
    st = psa_import_key(&attr, material, len, &id);
    psa_reset_key_attributes(&attr);
    if (st == PSA_ERROR_INVALID_ARGUMENT) {
        return EJWT_ERR_KEY_INVALID; /* not on the curve, scalar out of range */
    }
    err = ejwt_crypto_err(st);
    if (err != EJWT_OK) {
        return err;
    }
    out->psa_id = MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id);
    out->alg = alg;
    out->psa_alg = alg == EJWT_ALG_HS256 ? HS256_ALG : ES256_SIGN_ALG;
    out->ops =
        (uint8_t)(ops & (kind == EJWT_MATERIAL_EC_PUBLIC ? EJWT_KEY_OP_VERIFY
                                                         : EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY));
    return EJWT_OK;
}

int ejwt_key_import_hmac(const uint8_t *secret, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_HMAC, secret, len,
                              EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_import_es256_public(const uint8_t *point, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_EC_PUBLIC, point, len, EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_import_es256_private(const uint8_t *d, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_EC_PRIVATE, d, len,
                              EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_export_es256_public(const ejwt_key *key, uint8_t *out, size_t cap, size_t *out_len)
{
    int err;

    EJWT_REQUIRE(key != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (key->alg != EJWT_ALG_ES256) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if (cap < P256_POINT_LEN) {
        *out_len = P256_POINT_LEN;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_crypto_err(
        psa_export_public_key(mbedtls_svc_key_id_make(0, key->psa_id), out, cap, out_len));
    if (err != EJWT_OK) {
        *out_len = 0;
    }
    return err;
}

int ejwt_key_destroy(ejwt_key *key)
{
    int err;

    EJWT_REQUIRE(key != NULL);
    err = key->psa_id == 0u
              ? EJWT_OK
              : ejwt_crypto_err(psa_destroy_key(mbedtls_svc_key_id_make(0, key->psa_id)));
    memset(key, 0, sizeof(*key));
    return err;
}

/* Checks shared by sign and verify: the key serves \p alg and allows \p op. */
static int check_key(const ejwt_key *key, ejwt_alg alg, uint8_t op)
{
    if (key->alg != alg || ejwt_crypto_sig_len(alg) == 0u) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if ((key->ops & op) == 0u || key->psa_id == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    return EJWT_OK;
}

int ejwt_signature_verify(const ejwt_key *key, ejwt_alg alg, const uint8_t *msg, size_t msg_len,
                          const uint8_t *sig, size_t sig_len)
{
    mbedtls_svc_key_id_t id;
    uint8_t hash[SHA256_LEN];
    size_t hash_len = 0;
    int err;

    EJWT_REQUIRE(key != NULL && (msg != NULL || msg_len == 0u) && (sig != NULL || sig_len == 0u));
    err = check_key(key, alg, EJWT_KEY_OP_VERIFY);
    if (err != EJWT_OK) {
        return err;
    }
    if (sig_len != ejwt_crypto_sig_len(alg)) {
        return EJWT_ERR_SIGNATURE_LENGTH;
    }
    id = mbedtls_svc_key_id_make(0, key->psa_id);
    if (alg == EJWT_ALG_HS256) {
        /* psa_mac_verify compares in constant time. */
        return ejwt_crypto_err(psa_mac_verify(id, HS256_ALG, msg, msg_len, sig, sig_len));
    }
    err = ejwt_crypto_err(
        psa_hash_compute(PSA_ALG_SHA_256, msg, msg_len, hash, sizeof(hash), &hash_len));
    if (err != EJWT_OK) {
        return err;
    }
    return ejwt_crypto_err(
        psa_verify_hash(id, (psa_algorithm_t)key->psa_alg, hash, hash_len, sig, sig_len));
}

int ejwt_signature_sign(const ejwt_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                        size_t cap, size_t *sig_len)
{
    mbedtls_svc_key_id_t id;
    size_t need;
    int err;

    EJWT_REQUIRE(key != NULL && sig_len != NULL && (msg != NULL || msg_len == 0u) &&
                 (sig != NULL || cap == 0u));
    *sig_len = 0;
    err = check_key(key, key->alg, EJWT_KEY_OP_SIGN);
    if (err != EJWT_OK) {
        return err;
    }
    need = ejwt_crypto_sig_len(key->alg);
    if (cap < need) {
        *sig_len = need;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    id = mbedtls_svc_key_id_make(0, key->psa_id);
    if (key->alg == EJWT_ALG_HS256) {
        err = ejwt_crypto_err(psa_mac_compute(id, HS256_ALG, msg, msg_len, sig, cap, sig_len));
    } else {
        uint8_t hash[SHA256_LEN];
        size_t hash_len = 0;
        err = ejwt_crypto_err(
            psa_hash_compute(PSA_ALG_SHA_256, msg, msg_len, hash, sizeof(hash), &hash_len));
        if (err == EJWT_OK) {
            err = ejwt_crypto_err(psa_sign_hash(id, (psa_algorithm_t)key->psa_alg, hash, hash_len,
                                                sig, cap, sig_len));
        }
    }
    if (err != EJWT_OK) {
        ejwt_wipe(sig, cap);
        *sig_len = 0;
    }
    return err;
}

int ejwt_random(uint8_t *buf, size_t len)
{
    psa_status_t st;

    EJWT_REQUIRE(buf != NULL || len == 0u);
    st = psa_generate_random(buf, len);
    if (st != PSA_SUCCESS && st != PSA_ERROR_BAD_STATE) {
        return EJWT_ERR_ENTROPY;
    }
    return ejwt_crypto_err(st);
}

int ejwt_sha256(const uint8_t *in, size_t len, uint8_t out[32])
{
    size_t out_len = 0;

    EJWT_REQUIRE(out != NULL && (in != NULL || len == 0u));
    return ejwt_crypto_err(psa_hash_compute(PSA_ALG_SHA_256, in, len, out, SHA256_LEN, &out_len));
}
