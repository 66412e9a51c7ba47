/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file key.h
 * \brief Algorithms and keys: a key is a PSA key id bound to one JOSE algorithm.
 *
 * ejwt never holds key material. A key is a PSA key id (volatile or
 * persistent, in Mbed TLS, TF-M or a secure element) plus the one algorithm
 * it may be used with, what it may be used for, and an optional `kid`.
 * Verification takes an allow-list of algorithms from the caller; the token's
 * header must name an allowed algorithm that is also the key's. There is no
 * value for `none`.
 */
#ifndef EJWT_KEY_H
#define EJWT_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** JOSE signature algorithms ejwt implements (RFC 7518 section 3), each
 *  compiled only when its `EJWT_ENABLE_*` switch is on. `none` is not
 *  representable. EdDSA (RFC 8037) is not offered: Mbed TLS 3.6's PSA
 *  implementation has no Ed25519. */
typedef enum ejwt_alg {
    EJWT_ALG_ES256 = 1,  /**< ECDSA P-256 SHA-256, raw 64-byte r||s (RFC 7518 section 3.4) */
    EJWT_ALG_HS256 = 2,  /**< HMAC SHA-256, 32-byte tag (RFC 7518 section 3.2) */
    EJWT_ALG_ES384 = 3,  /**< ECDSA P-384 SHA-384, raw 96-byte r||s */
    EJWT_ALG_ES512 = 4,  /**< ECDSA P-521 SHA-512, raw 132-byte r||s */
    EJWT_ALG_HS384 = 5,  /**< HMAC SHA-384, 48-byte tag */
    EJWT_ALG_HS512 = 6,  /**< HMAC SHA-512, 64-byte tag */
    EJWT_ALG_RS256 = 7,  /**< RSASSA-PKCS1-v1_5 SHA-256 (RFC 7518 section 3.3) */
    EJWT_ALG_RS384 = 8,  /**< RSASSA-PKCS1-v1_5 SHA-384 */
    EJWT_ALG_RS512 = 9,  /**< RSASSA-PKCS1-v1_5 SHA-512 */
    EJWT_ALG_PS256 = 10, /**< RSASSA-PSS SHA-256, MGF1 SHA-256, 32-byte salt (section 3.5) */
    EJWT_ALG_PS384 = 11, /**< RSASSA-PSS SHA-384, MGF1 SHA-384, 48-byte salt */
    EJWT_ALG_PS512 = 12  /**< RSASSA-PSS SHA-512, MGF1 SHA-512, 64-byte salt */
} ejwt_alg;

/** Allow-list bit of an algorithm, for ::ejwt_verify_opts::algs. */
#define EJWT_ALG_BIT(alg) (1u << (unsigned)(alg))

/** Key operation "sign" (RFC 7517 `key_ops`): a bit of ::ejwt_key::ops. */
#define EJWT_KEY_OP_SIGN 0x1u
/** Key operation "verify" (RFC 7517 `key_ops`): a bit of ::ejwt_key::ops. */
#define EJWT_KEY_OP_VERIFY 0x2u

/** A PSA key id with what ejwt may do with it. Plain data: copy freely, but
 *  fill it only through ejwt functions (import, ejwt_key_from_psa(), JWK). */
typedef struct ejwt_key {
    uint32_t psa_id;                /**< PSA key id (psa_key_id_t); 0 = no key */
    ejwt_alg alg;                   /**< the only algorithm this key is used with */
    uint32_t psa_alg;               /**< the PSA algorithm of the key's policy (set by ejwt) */
    uint16_t sig_len;               /**< exact signature length (RSA: the modulus' bytes) */
    uint8_t ops;                    /**< EJWT_KEY_OP_* allowed; 0 = none (e.g. `use` "enc") */
    uint8_t kid_len;                /**< length of kid; 0 = no kid */
    char kid[EJWT_MAX_KID_LEN + 1]; /**< key id, terminated */
} ejwt_key;

/** The JOSE name of an algorithm.
 *  \param alg  an ::ejwt_alg value
 *  \return its `alg` name ("ES256"), a static string, or NULL for an
 *          unknown value */
const char *ejwt_alg_name(ejwt_alg alg);

/**
 * Initialise the crypto provider (calls psa_crypto_init()). Safe to call more
 * than once. Every other function that uses keys needs it first.
 *
 * A macro over ejwt_crypto_init_config(): it hands the library the
 * ::EJWT_CONFIG_FINGERPRINT of the calling translation unit, so an
 * application compiled with other layout bounds than the library (a
 * different `EJWT_MAX_CLAIM_TOKENS`, say) is refused here, before any
 * struct of the wrong size reaches the library.
 * \retval EJWT_OK
 * \retval EJWT_ERR_CONFIG_MISMATCH the caller's layout bounds differ from the library's
 * \retval EJWT_ERR_ENTROPY no entropy source
 * \retval EJWT_ERR_CRYPTO  any other provider failure
 */
#define ejwt_crypto_init() ejwt_crypto_init_config(EJWT_CONFIG_FINGERPRINT)

/**
 * ejwt_crypto_init() with the caller's configuration fingerprint made
 * explicit (for bindings that cannot expand the macro).
 * \param config_fingerprint  ::EJWT_CONFIG_FINGERPRINT as the caller sees it
 * \retval EJWT_ERR_CONFIG_MISMATCH \p config_fingerprint is not the library's
 *         (psa_crypto_init() is then not called)
 */
int ejwt_crypto_init_config(uint32_t config_fingerprint);

/**
 * Wrap an existing PSA key, checking that its type, size, policy algorithm
 * and usage fit \p alg. This is how a persistent device key is used by id.
 *
 * \param psa_id  the PSA key id
 * \param alg     the algorithm to bind
 * \param kid     key id to attach, or NULL
 * \param out     receives the key; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_ALG_KEY_MISMATCH the key's type, size or policy does not fit \p alg
 * \retval EJWT_ERR_KEY_USAGE        the key's usage allows neither signing nor verifying
 * \retval EJWT_ERR_KEY_TOO_SHORT    an HMAC key shorter than the hash output, an RSA
 *         key under 2048 bits
 * \retval EJWT_ERR_LIMIT            \p kid longer than EJWT_MAX_KID_LEN, or an RSA key
 *         over ::EJWT_RSA_MAX_BITS
 * \retval EJWT_ERR_KEY_NOT_FOUND    no PSA key has this id
 */
int ejwt_key_from_psa(uint32_t psa_id, ejwt_alg alg, const char *kid, ejwt_key *out);

/**
 * Import a raw HMAC key as a volatile PSA key for HS256 (sign and verify).
 * ejwt_key_import_hmac_alg() with ::EJWT_ALG_HS256.
 * \param secret  the key bytes
 * \param len     their number, at least 32
 * \param out     receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_KEY_TOO_SHORT fewer than 32 bytes (RFC 7518 section 3.2)
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 */
int ejwt_key_import_hmac(const uint8_t *secret, size_t len, ejwt_key *out);

/**
 * Import a raw HMAC key as a volatile PSA key for \p alg (HS256, HS384 or
 * HS512; sign and verify).
 * \param alg     ::EJWT_ALG_HS256, ::EJWT_ALG_HS384 or ::EJWT_ALG_HS512
 * \param secret  the key bytes
 * \param len     their number, at least the hash's output (32, 48, 64)
 * \param out     receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_KEY_TOO_SHORT shorter than the hash output (RFC 7518 section 3.2)
 * \retval EJWT_ERR_UNSUPPORTED   \p alg is not an HMAC algorithm compiled in
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 */
int ejwt_key_import_hmac_alg(ejwt_alg alg, const uint8_t *secret, size_t len, ejwt_key *out);

/**
 * Import a P-256 public key given as an uncompressed point (0x04 || X || Y,
 * 65 bytes) as a volatile PSA key for ES256 verification.
 * ejwt_key_import_ec_public() with ::EJWT_ALG_ES256.
 * \param point  the point
 * \param len    its length, 65
 * \param out    receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 * \retval EJWT_ERR_KEY_INVALID not an uncompressed point on the curve
 */
int ejwt_key_import_es256_public(const uint8_t *point, size_t len, ejwt_key *out);

/**
 * Import a P-256 private scalar (32 bytes, big-endian) as a volatile,
 * non-exportable PSA key for ES256 signing (and verifying).
 * \param d    the scalar
 * \param len  its length, 32
 * \param out  receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 * \retval EJWT_ERR_KEY_INVALID not a valid scalar (0 or >= the group order)
 */
int ejwt_key_import_es256_private(const uint8_t *d, size_t len, ejwt_key *out);

/** Bytes of one coordinate (and of the private scalar) of the curve of an
 *  ECDSA algorithm: 32 (ES256, P-256), 48 (ES384, P-384), 66 (ES512, P-521). */
#define EJWT_EC_COORD_LEN(alg)                                                                     \
    ((alg) == EJWT_ALG_ES256   ? 32u                                                               \
     : (alg) == EJWT_ALG_ES384 ? 48u                                                               \
     : (alg) == EJWT_ALG_ES512 ? 66u                                                               \
                               : 0u)

/** Bytes of an uncompressed point (0x04 || X || Y) of an ECDSA algorithm's
 *  curve: 65, 97 or 133. */
#define EJWT_EC_POINT_LEN(alg) (1u + 2u * EJWT_EC_COORD_LEN(alg))

/**
 * Import an uncompressed public point (0x04 || X || Y) of the curve of
 * \p alg as a volatile PSA key for verification.
 * \param alg    ::EJWT_ALG_ES256, ::EJWT_ALG_ES384 or ::EJWT_ALG_ES512
 * \param point  the point
 * \param len    its length, EJWT_EC_POINT_LEN(alg)
 * \param out    receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_UNSUPPORTED   \p alg is not an ECDSA algorithm compiled in
 * \retval EJWT_ERR_KEY_INVALID   another length, or not a point on the curve
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 */
int ejwt_key_import_ec_public(ejwt_alg alg, const uint8_t *point, size_t len, ejwt_key *out);

/**
 * Import a private scalar (big-endian, EJWT_EC_COORD_LEN(alg) bytes) of the
 * curve of \p alg as a volatile, non-exportable PSA key for signing (and
 * verifying).
 * \param alg  ::EJWT_ALG_ES256, ::EJWT_ALG_ES384 or ::EJWT_ALG_ES512
 * \param d    the scalar
 * \param len  its length
 * \param out  receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_UNSUPPORTED   \p alg is not an ECDSA algorithm compiled in
 * \retval EJWT_ERR_KEY_INVALID   another length, 0 or not below the group order
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 */
int ejwt_key_import_ec_private(ejwt_alg alg, const uint8_t *d, size_t len, ejwt_key *out);

/**
 * Export the public point of an ES256 key (0x04 || X || Y, 65 bytes) into
 * \p out (binary; buffer convention: see ejwt.h). \p out may be NULL with
 * \p cap 0 (size query).
 * \param key      an ES256 key
 * \param out      output buffer
 * \param cap      its size: 65 is the exact fit
 * \param out_len  receives the point's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap < 65 (*out_len = 65); nothing written
 * \retval EJWT_ERR_ALG_KEY_MISMATCH not an ES256 key
 */
int ejwt_key_export_es256_public(const ejwt_key *key, uint8_t *out, size_t cap, size_t *out_len);

/**
 * Export the public point of an ECDSA key of any compiled curve
 * (0x04 || X || Y, EJWT_EC_POINT_LEN(key->alg) bytes); as
 * ejwt_key_export_es256_public() otherwise.
 * \param key      an ES256, ES384 or ES512 key
 * \param out      output buffer (may be NULL with \p cap 0: size query)
 * \param cap      its size: EJWT_EC_POINT_LEN(key->alg) is the exact fit
 * \param out_len  receives the point's length
 * \retval EJWT_OK
 * \retval EJWT_ERR_ALG_KEY_MISMATCH not an ECDSA key
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (*out_len = the point's length)
 */
int ejwt_key_export_ec_public(const ejwt_key *key, uint8_t *out, size_t cap, size_t *out_len);

/**
 * Import an RSA public key from its modulus and public exponent (big-endian
 * unsigned integers, as in a JWK's `n` and `e`) as a volatile PSA key for
 * verification with \p alg.
 * \param alg    an RS or PS algorithm compiled in
 * \param n      the modulus: no leading zero byte, 2048 to ::EJWT_RSA_MAX_BITS bits
 * \param n_len  its length in bytes
 * \param e      the exponent: no leading zero byte, odd, at least 3, at most 4 bytes
 * \param e_len  its length in bytes
 * \param out    receives the key (no kid); zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_UNSUPPORTED   \p alg is not an RSA algorithm compiled in
 * \retval EJWT_ERR_KEY_TOO_SHORT a modulus under 2048 bits (RFC 7518 section 3.3)
 * \retval EJWT_ERR_KEY_INVALID   a leading zero, an even modulus, an even or tiny
 *         exponent, or a key the provider refuses
 * \retval EJWT_ERR_LIMIT         a modulus over ::EJWT_RSA_MAX_BITS
 * \retval EJWT_ERR_CRYPTO_MEMORY no free key slot
 */
int ejwt_key_import_rsa_public(ejwt_alg alg, const uint8_t *n, size_t n_len, const uint8_t *e,
                               size_t e_len, ejwt_key *out);

/** Bytes a buffer needs for ejwt_key_export_rsa_public() of the largest
 *  accepted key (its DER RSAPublicKey). */
#define EJWT_RSA_PUBLIC_EXPORT_MAX (EJWT_RSA_MAX_BITS / 8 + 32)

/** The public part of an RSA key, pointing into the caller's buffer. */
typedef struct ejwt_rsa_public {
    const uint8_t *n; /**< modulus, big-endian, no leading zero byte */
    size_t n_len;     /**< its length */
    const uint8_t *e; /**< public exponent, big-endian, no leading zero byte */
    size_t e_len;     /**< its length */
} ejwt_rsa_public;

/**
 * Export the modulus and exponent of an RSA key (for its JWK or thumbprint).
 * \param key  an RS or PS key
 * \param buf  work buffer that \p out points into
 * \param cap  its size; ::EJWT_RSA_PUBLIC_EXPORT_MAX always suffices
 * \param out  receives the two integers; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_ALG_KEY_MISMATCH not an RSA key
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small
 */
int ejwt_key_export_rsa_public(const ejwt_key *key, uint8_t *buf, size_t cap, ejwt_rsa_public *out);

/** Destroy the PSA key behind a key obtained by import (not one wrapped with
 *  ejwt_key_from_psa() unless you mean it) and zero \p key.
 *  \param key  the key; zeroed in any case
 *  \retval EJWT_OK               destroyed, or \p key held no key (psa_id 0)
 *  \retval EJWT_ERR_KEY_NOT_FOUND no PSA key has its id
 *  \return or another PSA failure as ejwt_crypto_err() translates it */
int ejwt_key_destroy(ejwt_key *key);

/**
 * Check a signature over raw bytes with \p key: the primitive under JWS,
 * exposed for vectors (Wycheproof) and for protocols that sign other data.
 * \p alg must equal the key's algorithm.
 * \param key      the verification key
 * \param alg      the algorithm the signature claims
 * \param msg      the signed bytes (the JWS signing input)
 * \param msg_len  their number
 * \param sig      the signature (raw r||s for ECDSA)
 * \param sig_len  its length
 * \retval EJWT_OK                    valid
 * \retval EJWT_ERR_SIGNATURE_INVALID does not verify
 * \retval EJWT_ERR_SIGNATURE_LENGTH  not the key's exact length (::ejwt_key::sig_len:
 *         64 bytes for ES256, 32 for HS256, the modulus' length for RSA)
 * \retval EJWT_ERR_ALG_KEY_MISMATCH  \p alg is not the key's algorithm
 * \retval EJWT_ERR_KEY_USAGE         the key may not verify
 */
int ejwt_signature_verify(const ejwt_key *key, ejwt_alg alg, const uint8_t *msg, size_t msg_len,
                          const uint8_t *sig, size_t sig_len);

/**
 * Sign raw bytes with \p key: ::ejwt_key::sig_len bytes (ECDSA raw r||s,
 * the HMAC tag, or an RSA signature of the modulus' length; binary; buffer
 * convention: see ejwt.h, with \p sig_len its length).
 * \p sig may be NULL with \p cap 0 (size query: nothing is signed).
 * \param key      the signing key
 * \param msg      the bytes to sign
 * \param msg_len  their number
 * \param sig      output buffer
 * \param cap      its size: key->sig_len is the exact fit
 * \param sig_len  receives the signature's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small; nothing written
 * \retval EJWT_ERR_KEY_USAGE        the key may not sign
 * \retval EJWT_ERR_ALG_KEY_MISMATCH the key's algorithm is not one ejwt signs with
 */
int ejwt_signature_sign(const ejwt_key *key, const uint8_t *msg, size_t msg_len, uint8_t *sig,
                        size_t cap, size_t *sig_len);

/**
 * The ejwt error for a PSA status (psa_status_t), for code that calls PSA
 * itself next to ejwt: the one translation table the core uses.
 * \param psa_status  a psa_status_t
 * \return EJWT_OK for PSA_SUCCESS, else the matching ::ejwt_err
 *         (EJWT_ERR_CRYPTO for a status without a closer match)
 */
int ejwt_crypto_err(int32_t psa_status);

/** Fill \p buf with random bytes from the crypto provider.
 *  \param buf  output
 *  \param len  number of bytes
 *  \retval EJWT_OK
 *  \retval EJWT_ERR_ENTROPY                no entropy
 *  \retval EJWT_ERR_CRYPTO_NOT_INITIALIZED ejwt_crypto_init() was not called */
int ejwt_random(uint8_t *buf, size_t len);

/** SHA-256 of \p len bytes into \p out (32 bytes).
 *  \param in   the bytes (may be NULL when \p len is 0)
 *  \param len  their number
 *  \param out  receives the digest
 *  \retval EJWT_OK
 *  \return or a PSA failure as ejwt_crypto_err() translates it */
int ejwt_sha256(const uint8_t *in, size_t len, uint8_t out[32]);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_KEY_H */
