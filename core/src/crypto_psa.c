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

#include "rsa_der.h"

/* Longest digest of the hashes the algorithms use (SHA-512). */
#define MAX_HASH_LEN 64u
/* Bytes of the RSA key DER built on the stack for an import of (n, e). */
#define RSA_PUBLIC_DER_MAX EJWT_RSA_PUBLIC_EXPORT_MAX

/* What ejwt needs to know of an algorithm to drive PSA with it. */
typedef struct alg_spec {
    uint8_t alg;         /* ejwt_alg */
    uint8_t family;      /* ejwt_alg_family */
    uint8_t size;        /* ECDSA: bytes of a coordinate; HMAC: bytes of the tag; RSA: 0 */
    uint8_t pss;         /* RSA: 1 for PSS, 0 for PKCS #1 v1.5 */
    uint16_t curve_bits; /* ECDSA: bits of the curve */
    psa_algorithm_t hash;
} alg_spec;

/* Only the algorithms compiled in: any other is unknown to every function. */
static const alg_spec alg_specs[] = {
#if EJWT_ENABLE_ES256
    {EJWT_ALG_ES256, EJWT_FAMILY_ECDSA, 32u, 0u, 256u, PSA_ALG_SHA_256},
#endif
#if EJWT_ENABLE_HS256
    {EJWT_ALG_HS256, EJWT_FAMILY_HMAC, 32u, 0u, 0u, PSA_ALG_SHA_256},
#endif
#if EJWT_ENABLE_ES384
    {EJWT_ALG_ES384, EJWT_FAMILY_ECDSA, 48u, 0u, 384u, PSA_ALG_SHA_384},
#endif
#if EJWT_ENABLE_ES512
    {EJWT_ALG_ES512, EJWT_FAMILY_ECDSA, 66u, 0u, 521u, PSA_ALG_SHA_512},
#endif
#if EJWT_ENABLE_HS384
    {EJWT_ALG_HS384, EJWT_FAMILY_HMAC, 48u, 0u, 0u, PSA_ALG_SHA_384},
#endif
#if EJWT_ENABLE_HS512
    {EJWT_ALG_HS512, EJWT_FAMILY_HMAC, 64u, 0u, 0u, PSA_ALG_SHA_512},
#endif
#if EJWT_ENABLE_RS256
    {EJWT_ALG_RS256, EJWT_FAMILY_RSA, 0u, 0u, 0u, PSA_ALG_SHA_256},
#endif
#if EJWT_ENABLE_RS384
    {EJWT_ALG_RS384, EJWT_FAMILY_RSA, 0u, 0u, 0u, PSA_ALG_SHA_384},
#endif
#if EJWT_ENABLE_RS512
    {EJWT_ALG_RS512, EJWT_FAMILY_RSA, 0u, 0u, 0u, PSA_ALG_SHA_512},
#endif
#if EJWT_ENABLE_PS256
    {EJWT_ALG_PS256, EJWT_FAMILY_RSA, 0u, 1u, 0u, PSA_ALG_SHA_256},
#endif
#if EJWT_ENABLE_PS384
    {EJWT_ALG_PS384, EJWT_FAMILY_RSA, 0u, 1u, 0u, PSA_ALG_SHA_384},
#endif
#if EJWT_ENABLE_PS512
    {EJWT_ALG_PS512, EJWT_FAMILY_RSA, 0u, 1u, 0u, PSA_ALG_SHA_512},
#endif
};

static const alg_spec *spec_of(ejwt_alg alg)
{
    size_t i;

    for (i = 0; i < sizeof(alg_specs) / sizeof(alg_specs[0]); i++) {
        if (alg_specs[i].alg == (uint8_t)alg) {
            return &alg_specs[i];
        }
    }
    return NULL;
}

ejwt_alg_family ejwt_crypto_family(ejwt_alg alg)
{
    const alg_spec *spec = spec_of(alg);

    return spec == NULL ? EJWT_FAMILY_NONE : (ejwt_alg_family)spec->family;
}

/* The PSA algorithm of every operation with a key of \p spec: ECDSA signs
 * randomized or deterministic (EJWT_ES256_DETERMINISTIC) and verifies both;
 * PSS is PSA_ALG_RSA_PSS, whose verification requires a salt as long as the
 * hash (RFC 7518 section 3.5), never PSA_ALG_RSA_PSS_ANY_SALT. */
static psa_algorithm_t operation_alg(const alg_spec *spec)
{
    switch (spec->family) {
    case EJWT_FAMILY_ECDSA:
        return EJWT_ES256_DETERMINISTIC ? PSA_ALG_DETERMINISTIC_ECDSA(spec->hash)
                                        : PSA_ALG_ECDSA(spec->hash);
    case EJWT_FAMILY_HMAC:
        return PSA_ALG_HMAC(spec->hash);
    default:
        return spec->pss ? PSA_ALG_RSA_PSS(spec->hash) : PSA_ALG_RSA_PKCS1V15_SIGN(spec->hash);
    }
}

/* With one HMAC algorithm compiled in (a board's HS256), its PSA algorithm
 * is a compile-time constant in the MAC calls, as it equals what every HMAC
 * key carries by construction: PSA's MAC code then folds for that one
 * algorithm instead of deciding at run time (about 400 bytes of flash on
 * Cortex-M). With several, the key's own algorithm is passed. */
#define HMAC_ALGS (EJWT_ENABLE_HS256 + EJWT_ENABLE_HS384 + EJWT_ENABLE_HS512)
#define ONLY_HMAC_HASH                                                                             \
    (EJWT_ENABLE_HS256 ? PSA_ALG_SHA_256 : EJWT_ENABLE_HS384 ? PSA_ALG_SHA_384 : PSA_ALG_SHA_512)

static psa_algorithm_t mac_alg(const ejwt_key *key)
{
    return HMAC_ALGS == 1 ? PSA_ALG_HMAC(ONLY_HMAC_HASH) : (psa_algorithm_t)key->psa_alg;
}

#define EC_PAIR PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
#define EC_PUBLIC PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)

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

/* Does an existing key's policy permit the algorithm? Gives the PSA
 * algorithm ejwt then uses with it. A signature policy is a base (the
 * scheme) and a hash, which may be the wildcard PSA resolves per
 * operation; a deterministic ECDSA policy keeps signing deterministically,
 * and a PSS policy of any salt is used with PSA_ALG_RSA_PSS, whose
 * verification requires the salt RFC 7518 section 3.5 fixes. */
static int policy_fits(const alg_spec *spec, psa_algorithm_t policy, psa_algorithm_t *op)
{
    psa_algorithm_t base = policy & ~PSA_ALG_HASH_MASK, hash = policy & PSA_ALG_HASH_MASK;
    int hash_fits =
        hash == (spec->hash & PSA_ALG_HASH_MASK) || hash == (PSA_ALG_ANY_HASH & PSA_ALG_HASH_MASK);

    *op = operation_alg(spec);
    switch (spec->family) {
    case EJWT_FAMILY_ECDSA:
        if (base == PSA_ALG_DETERMINISTIC_ECDSA_BASE) {
            *op = PSA_ALG_DETERMINISTIC_ECDSA(spec->hash);
        } else if (base == PSA_ALG_ECDSA_BASE) {
            *op = PSA_ALG_ECDSA(spec->hash);
        } else {
            return 0;
        }
        return hash_fits;
    case EJWT_FAMILY_HMAC:
        return policy == *op;
    default:
        return hash_fits &&
               (spec->pss ? base == PSA_ALG_RSA_PSS_BASE || base == PSA_ALG_RSA_PSS_ANY_SALT_BASE
                          : base == PSA_ALG_RSA_PKCS1V15_SIGN_BASE);
    }
}

/* RSA keys from 2048 bits (RFC 7518 section 3.3) to the compiled bound. */
static int check_rsa_bits(size_t bits)
{
    if (bits < EJWT_RSA_MIN_BITS) {
        return EJWT_ERR_KEY_TOO_SHORT;
    }
    return bits > EJWT_RSA_MAX_BITS ? EJWT_ERR_LIMIT : EJWT_OK;
}

/* Type and size of an existing key against the algorithm: the exact
 * signature length and the operations its usage allows. */
static int check_psa_key(const alg_spec *spec, const psa_key_attributes_t *attr, uint8_t *ops,
                         uint16_t *sig_len)
{
    psa_key_type_t type = psa_get_key_type(attr);
    psa_key_usage_t usage = psa_get_key_usage_flags(attr);
    size_t bits = psa_get_key_bits(attr);
    int pair = 0, err;

    switch (spec->family) {
    case EJWT_FAMILY_ECDSA:
        if ((type != EC_PAIR && type != EC_PUBLIC) || bits != spec->curve_bits) {
            return EJWT_ERR_ALG_KEY_MISMATCH;
        }
        pair = type == EC_PAIR;
        *sig_len = (uint16_t)(2u * spec->size);
        break;
    case EJWT_FAMILY_HMAC:
        if (type != PSA_KEY_TYPE_HMAC) {
            return EJWT_ERR_ALG_KEY_MISMATCH;
        }
        if (bits < (size_t)spec->size * 8u) {
            return EJWT_ERR_KEY_TOO_SHORT;
        }
        *ops = (uint8_t)(((usage & PSA_KEY_USAGE_SIGN_MESSAGE) ? EJWT_KEY_OP_SIGN : 0u) |
                         ((usage & PSA_KEY_USAGE_VERIFY_MESSAGE) ? EJWT_KEY_OP_VERIFY : 0u));
        *sig_len = spec->size;
        return EJWT_OK;
    default:
        if (type != PSA_KEY_TYPE_RSA_KEY_PAIR && type != PSA_KEY_TYPE_RSA_PUBLIC_KEY) {
            return EJWT_ERR_ALG_KEY_MISMATCH;
        }
        err = check_rsa_bits(bits);
        if (err != EJWT_OK) {
            return err;
        }
        pair = type == PSA_KEY_TYPE_RSA_KEY_PAIR && EJWT_ENABLE_RSA_SIGN;
        *sig_len = (uint16_t)PSA_BITS_TO_BYTES(bits);
        break;
    }
    *ops = (uint8_t)(((usage & PSA_KEY_USAGE_SIGN_HASH) && pair ? EJWT_KEY_OP_SIGN : 0u) |
                     ((usage & PSA_KEY_USAGE_VERIFY_HASH) ? EJWT_KEY_OP_VERIFY : 0u));
    return EJWT_OK;
}

int ejwt_key_from_psa(uint32_t psa_id, ejwt_alg alg, const char *kid, ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    const alg_spec *spec = spec_of(alg);
    psa_algorithm_t op = 0;
    uint16_t sig_len = 0;
    uint8_t ops = 0;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    err = ejwt_crypto_err(psa_get_key_attributes(mbedtls_svc_key_id_make(0, psa_id), &attr));
    if (err != EJWT_OK) {
        return err;
    }
    if (spec == NULL || !policy_fits(spec, psa_get_key_algorithm(&attr), &op)) {
        err = EJWT_ERR_ALG_KEY_MISMATCH;
    } else {
        err = check_psa_key(spec, &attr, &ops, &sig_len);
    }
    psa_reset_key_attributes(&attr);
    if (err == EJWT_OK && ops == 0u) {
        err = EJWT_ERR_KEY_USAGE;
    }
    if (err == EJWT_OK) {
        err = set_kid(out, kid);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
        return err;
    }
    out->psa_id = psa_id;
    out->alg = alg;
    out->psa_alg = op;
    out->ops = ops;
    out->sig_len = sig_len;
    return EJWT_OK;
}

/* Which PSA attributes a kind of material gets for \p spec. */
static int material_attributes(ejwt_key_material kind, const alg_spec *spec, size_t len,
                               uint8_t ops, psa_key_attributes_t *attr)
{
    int is_private = kind == EJWT_MATERIAL_EC_PRIVATE || kind == EJWT_MATERIAL_RSA_PRIVATE;
    psa_key_usage_t sign = PSA_KEY_USAGE_SIGN_HASH, verify = PSA_KEY_USAGE_VERIFY_HASH;
    psa_key_usage_t usage = 0;

    switch (kind) {
    case EJWT_MATERIAL_HMAC:
        if (spec->family != EJWT_FAMILY_HMAC) {
            return EJWT_ERR_UNSUPPORTED;
        }
        if (len < spec->size) {
            return EJWT_ERR_KEY_TOO_SHORT;
        }
        psa_set_key_type(attr, PSA_KEY_TYPE_HMAC);
        sign = PSA_KEY_USAGE_SIGN_MESSAGE;
        verify = PSA_KEY_USAGE_VERIFY_MESSAGE;
        is_private = 1;
        break;
    case EJWT_MATERIAL_EC_PUBLIC:
    case EJWT_MATERIAL_EC_PRIVATE:
        if (spec->family != EJWT_FAMILY_ECDSA) {
            return EJWT_ERR_UNSUPPORTED;
        }
        if (len != (is_private ? spec->size : 1u + 2u * spec->size)) {
            return EJWT_ERR_KEY_INVALID;
        }
        psa_set_key_type(attr, is_private ? EC_PAIR : EC_PUBLIC);
        psa_set_key_bits(attr, spec->curve_bits);
        break;
    case EJWT_MATERIAL_RSA_PUBLIC:
    case EJWT_MATERIAL_RSA_PRIVATE:
        if (spec->family != EJWT_FAMILY_RSA || (is_private && !EJWT_ENABLE_RSA_SIGN)) {
            return EJWT_ERR_UNSUPPORTED;
        }
        psa_set_key_type(attr,
                         is_private ? PSA_KEY_TYPE_RSA_KEY_PAIR : PSA_KEY_TYPE_RSA_PUBLIC_KEY);
        break;
    default:
        return EJWT_ERR_INVALID_ARG;
    }
    psa_set_key_algorithm(attr, operation_alg(spec));
    usage |= (ops & EJWT_KEY_OP_SIGN) && is_private ? sign : 0u;
    usage |= (ops & EJWT_KEY_OP_VERIFY) ? verify : 0u;
    if (usage == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    psa_set_key_usage_flags(attr, usage);
    return EJWT_OK;
}

/* The exact signature length of a key just imported: the algorithm's, or
 * for RSA its modulus', which must be within the accepted sizes. */
static int imported_sig_len(const alg_spec *spec, mbedtls_svc_key_id_t id, uint16_t *sig_len)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    size_t bits;
    int err;

    if (spec->family != EJWT_FAMILY_RSA) {
        *sig_len = (uint16_t)(spec->family == EJWT_FAMILY_ECDSA ? 2u * spec->size : spec->size);
        return EJWT_OK;
    }
    err = ejwt_crypto_err(psa_get_key_attributes(id, &attr));
    bits = psa_get_key_bits(&attr);
    psa_reset_key_attributes(&attr);
    if (err == EJWT_OK) {
        err = check_rsa_bits(bits);
    }
    *sig_len = (uint16_t)PSA_BITS_TO_BYTES(bits);
    return err;
}

int ejwt_crypto_import(ejwt_key_material kind, ejwt_alg alg, const uint8_t *material, size_t len,
                       uint8_t ops, ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    const alg_spec *spec = spec_of(alg);
    uint16_t sig_len = 0;
    psa_status_t st;
    int err;

    EJWT_REQUIRE(out != NULL && (material != NULL || len == 0u));
    memset(out, 0, sizeof(*out));
    if (spec == NULL) {
        return EJWT_ERR_UNSUPPORTED;
    }
    err = material_attributes(kind, spec, len, ops, &attr);
    if (err != EJWT_OK) {
        return err;
    }
    st = psa_import_key(&attr, material, len, &id);
    psa_reset_key_attributes(&attr);
    if (st == PSA_ERROR_INVALID_ARGUMENT) {
        return EJWT_ERR_KEY_INVALID; /* not on the curve, scalar out of range, bad RSA key */
    }
    err = ejwt_crypto_err(st);
    if (err == EJWT_OK) {
        err = imported_sig_len(spec, id, &sig_len);
        if (err != EJWT_OK) {
            (void)psa_destroy_key(id);
        }
    }
    if (err != EJWT_OK) {
        return err;
    }
    out->psa_id = MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id);
    out->alg = alg;
    out->psa_alg = operation_alg(spec);
    out->sig_len = sig_len;
    out->ops = (uint8_t)(ops & (kind == EJWT_MATERIAL_EC_PUBLIC || kind == EJWT_MATERIAL_RSA_PUBLIC
                                    ? EJWT_KEY_OP_VERIFY
                                    : EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY));
    return EJWT_OK;
}

int ejwt_key_import_hmac_alg(ejwt_alg alg, const uint8_t *secret, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_HMAC, alg, secret, len,
                              EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_import_hmac(const uint8_t *secret, size_t len, ejwt_key *out)
{
    return ejwt_key_import_hmac_alg(EJWT_ALG_HS256, secret, len, out);
}

int ejwt_key_import_ec_public(ejwt_alg alg, const uint8_t *point, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_EC_PUBLIC, alg, point, len, EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_import_ec_private(ejwt_alg alg, const uint8_t *d, size_t len, ejwt_key *out)
{
    return ejwt_crypto_import(EJWT_MATERIAL_EC_PRIVATE, alg, d, len,
                              EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY, out);
}

int ejwt_key_import_es256_public(const uint8_t *point, size_t len, ejwt_key *out)
{
    return ejwt_key_import_ec_public(EJWT_ALG_ES256, point, len, out);
}

int ejwt_key_import_es256_private(const uint8_t *d, size_t len, ejwt_key *out)
{
    return ejwt_key_import_ec_private(EJWT_ALG_ES256, d, len, out);
}

#if !EJWT_ENABLE_RSA_
int ejwt_key_import_rsa_public(ejwt_alg alg, const uint8_t *n, size_t n_len, const uint8_t *e,
                               size_t e_len, ejwt_key *out)
{
    (void)alg;
    (void)n;
    (void)n_len;
    (void)e;
    (void)e_len;
    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    return EJWT_ERR_UNSUPPORTED;
}
#else
int ejwt_key_import_rsa_public(ejwt_alg alg, const uint8_t *n, size_t n_len, const uint8_t *e,
                               size_t e_len, ejwt_key *out)
{
    const ejwt_der_integer parts[2] = {{n, n_len}, {e, e_len}};
    int err;

    EJWT_REQUIRE(out != NULL && (n != NULL || n_len == 0u) && (e != NULL || e_len == 0u));
    memset(out, 0, sizeof(*out));
    if (ejwt_crypto_family(alg) != EJWT_FAMILY_RSA) {
        return EJWT_ERR_UNSUPPORTED;
    }
    err = ejwt_rsa_check_public(n, n_len, e, e_len);
    if (err == EJWT_OK) {
        err = check_rsa_bits(ejwt_der_integer_bits(n, n_len));
    }
    if (err == EJWT_OK) {
        uint8_t der[RSA_PUBLIC_DER_MAX];
        const uint8_t *start = NULL;
        size_t der_len = 0;

        err = ejwt_der_sequence(parts, 2u, der, sizeof(der), &start, &der_len);
        if (err == EJWT_OK) {
            err = ejwt_crypto_import(EJWT_MATERIAL_RSA_PUBLIC, alg, start, der_len,
                                     EJWT_KEY_OP_VERIFY, out);
        }
    }
    return err;
}
#endif /* EJWT_ENABLE_RSA_ */

int ejwt_key_export_ec_public(const ejwt_key *key, uint8_t *out, size_t cap, size_t *out_len)
{
    const alg_spec *spec;
    size_t need;
    int err;

    EJWT_REQUIRE(key != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    spec = spec_of(key->alg);
    if (spec == NULL || spec->family != EJWT_FAMILY_ECDSA) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    need = 1u + 2u * spec->size;
    if (cap < need) {
        *out_len = need;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_crypto_err(
        psa_export_public_key(mbedtls_svc_key_id_make(0, key->psa_id), out, cap, out_len));
    if (err != EJWT_OK) {
        *out_len = 0;
    }
    return err;
}

int ejwt_key_export_es256_public(const ejwt_key *key, uint8_t *out, size_t cap, size_t *out_len)
{
    EJWT_REQUIRE(key != NULL && out_len != NULL && (out != NULL || cap == 0u));
    if (key->alg != EJWT_ALG_ES256) {
        *out_len = 0;
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    return ejwt_key_export_ec_public(key, out, cap, out_len);
}

#if !EJWT_ENABLE_RSA_
/* The public signature writes \p buf where RSA is compiled in. */
// NOLINTNEXTLINE(readability-non-const-parameter)
int ejwt_key_export_rsa_public(const ejwt_key *key, uint8_t *buf, size_t cap, ejwt_rsa_public *out)
{
    (void)key;
    (void)buf;
    (void)cap;
    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    return EJWT_ERR_ALG_KEY_MISMATCH;
}
#else
int ejwt_key_export_rsa_public(const ejwt_key *key, uint8_t *buf, size_t cap, ejwt_rsa_public *out)
{
    size_t len = 0;
    int err;

    EJWT_REQUIRE(key != NULL && out != NULL && (buf != NULL || cap == 0u));
    memset(out, 0, sizeof(*out));
    if (ejwt_crypto_family(key->alg) != EJWT_FAMILY_RSA) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    err = ejwt_crypto_err(
        psa_export_public_key(mbedtls_svc_key_id_make(0, key->psa_id), buf, cap, &len));
    if (err == EJWT_OK) {
        err = ejwt_rsa_parse_public(buf, len, out);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}
#endif /* EJWT_ENABLE_RSA_ */

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

/* Checks shared by sign and verify: the key serves \p alg (compiled in)
 * and allows \p op. */
static int check_key(const ejwt_key *key, ejwt_alg alg, uint8_t op, const alg_spec **spec)
{
    *spec = spec_of(alg);
    if (key->alg != alg || *spec == NULL || key->sig_len == 0u) {
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
    const alg_spec *spec = NULL;
    mbedtls_svc_key_id_t id;
    uint8_t hash[MAX_HASH_LEN];
    size_t hash_len = 0;
    psa_status_t st;
    int err;

    EJWT_REQUIRE(key != NULL && (msg != NULL || msg_len == 0u) && (sig != NULL || sig_len == 0u));
    err = check_key(key, alg, EJWT_KEY_OP_VERIFY, &spec);
    if (err != EJWT_OK) {
        return err;
    }
    if (sig_len != key->sig_len) {
        return EJWT_ERR_SIGNATURE_LENGTH;
    }
    id = mbedtls_svc_key_id_make(0, key->psa_id);
    if (spec->family == EJWT_FAMILY_HMAC) {
        /* psa_mac_verify compares in constant time. */
        return ejwt_crypto_err(psa_mac_verify(id, mac_alg(key), msg, msg_len, sig, sig_len));
    }
    err =
        ejwt_crypto_err(psa_hash_compute(spec->hash, msg, msg_len, hash, sizeof(hash), &hash_len));
    if (err != EJWT_OK) {
        return err;
    }
    st = psa_verify_hash(id, (psa_algorithm_t)key->psa_alg, hash, hash_len, sig, sig_len);
    /* Key, algorithm and hash are ejwt's own and fit each other: an invalid
     * argument is the signature, e.g. an RSA value not below the modulus
     * (Wycheproof), which is a signature that does not verify. */
    return st == PSA_ERROR_INVALID_ARGUMENT ? EJWT_ERR_SIGNATURE_INVALID : ejwt_crypto_err(st);
}

int ejwt_signature_sign(const ejwt_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                        size_t cap, size_t *sig_len)
{
    const alg_spec *spec = NULL;
    mbedtls_svc_key_id_t id;
    int err;

    EJWT_REQUIRE(key != NULL && sig_len != NULL && (msg != NULL || msg_len == 0u) &&
                 (sig != NULL || cap == 0u));
    *sig_len = 0;
    err = check_key(key, key->alg, EJWT_KEY_OP_SIGN, &spec);
    if (err != EJWT_OK) {
        return err;
    }
    if (cap < key->sig_len) {
        *sig_len = key->sig_len;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    id = mbedtls_svc_key_id_make(0, key->psa_id);
    if (spec->family == EJWT_FAMILY_HMAC) {
        err = ejwt_crypto_err(psa_mac_compute(id, mac_alg(key), msg, msg_len, sig, cap, sig_len));
    } else {
        uint8_t hash[MAX_HASH_LEN];
        size_t hash_len = 0;
        err = ejwt_crypto_err(
            psa_hash_compute(spec->hash, msg, msg_len, hash, sizeof(hash), &hash_len));
        if (err == EJWT_OK) {
            err = ejwt_crypto_err(psa_sign_hash(id, (psa_algorithm_t)key->psa_alg, hash, hash_len,
                                                sig, cap, sig_len));
        }
    }
    if (err == EJWT_OK && *sig_len != key->sig_len) {
        err = EJWT_ERR_CRYPTO; /* the provider wrote another length than the key's */
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
    return ejwt_crypto_err(psa_hash_compute(PSA_ALG_SHA_256, in, len, out, 32u, &out_len));
}
