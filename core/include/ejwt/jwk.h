/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file jwk.h
 * \brief JSON Web Keys (RFC 7517, RFC 7518 section 6): import into PSA,
 *        export public keys, RFC 7638 thumbprints.
 *
 * Supported: `kty` "EC" with `crv` "P-256" (public, or private with `d`),
 * and `kty` "oct" (at least 32 bytes) for HS256. A JWK's `alg`, `use` and
 * `key_ops` constrain the resulting key: `use` "enc" or `key_ops` without
 * "verify"/"sign" leave a key that cannot verify or sign. Private material
 * (`d`, `k`) is decoded in constant time and wiped after import.
 */
#ifndef EJWT_JWK_H
#define EJWT_JWK_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt_config.h"
#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Characters of an RFC 7638 SHA-256 thumbprint in base64url. */
#define EJWT_THUMBPRINT_LEN 43

/**
 * Import one JWK as a volatile PSA key.
 * \param json  the JWK as JSON text (need not be terminated)
 * \param len   its length
 * \param out   receives the key, with the JWK's kid; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_*          not a strict JSON object
 * \retval EJWT_ERR_JWK_UNSUPPORTED kty, crv or alg not supported
 * \retval EJWT_ERR_KEY_INVALID     missing or malformed members, point not on curve
 * \retval EJWT_ERR_KEY_TOO_SHORT   oct key under 32 bytes
 * \retval EJWT_ERR_KEY_USAGE       `use`/`key_ops` allow neither sign nor verify
 * \retval EJWT_ERR_LIMIT           kid longer than EJWT_MAX_KID_LEN
 */
int ejwt_jwk_import(const char *json, size_t len, ejwt_key *out);

/**
 * Import a JWK Set (`{"keys":[...]}`) or a single JWK. In a set, a key ejwt
 * cannot use for signatures - `use` "enc", `key_ops` without sign/verify, an
 * unsupported `kty`/`crv`/`alg` (RSA, P-384, ...), or malformed key material -
 * is kept as an unusable entry (ops 0, no PSA key, its kid kept) so the rest
 * of the set still works and a token naming it fails with
 * ::EJWT_ERR_KEY_USAGE. A set entry with `d` is imported as a signing key.
 * The key array is an output of the buffer convention (see ejwt.h), counted
 * in keys: a set of N keys fits exactly in \p cap == N, and \p keys may be
 * NULL with \p cap 0 to ask for N.
 * \param json, len  the set (or single JWK) as JSON text and its length
 * \param keys, cap  caller's key array and its number of entries
 * \param count      receives the number of keys filled (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL the set has more than \p cap keys; *count is
 *                                   its number of keys and nothing was imported
 *                                   (\p keys untouched)
 * \retval EJWT_ERR_LIMIT more than EJWT_MAX_JWKS_KEYS keys, or more JSON than
 *                       EJWT_MAX_JWKS_TOKENS tokens
 * \retval EJWT_ERR_KEY_NOT_FOUND the set is empty (`{"keys":[]}`)
 * \return or any error of ejwt_jwk_import() (keys imported so far are destroyed)
 */
int ejwt_jwk_import_set(const char *json, size_t len, ejwt_key *keys, size_t cap, size_t *count);

/**
 * Write the public JWK of an ES256 key:
 * `{"kty":"EC","crv":"P-256","x":...,"y":...,"alg":"ES256","use":"sig","kid":<thumbprint>}`,
 * terminated (text; buffer convention: see ejwt.h). \p out may be NULL with
 * \p cap 0 (size query); the JSON of a P-256 key has one length, so the
 * size needed is the same for every key.
 * \param key      an ES256 key
 * \param out      output buffer
 * \param cap      its size
 * \param out_len  receives the JSON's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small; \p out holds ""
 * \retval EJWT_ERR_ALG_KEY_MISMATCH not an ES256 key (HMAC keys have no public part)
 */
int ejwt_jwk_export_public(const ejwt_key *key, char *out, size_t cap, size_t *out_len);

/**
 * RFC 7638 thumbprint (SHA-256, base64url, terminated) of an ES256 key.
 * \p out must hold EJWT_THUMBPRINT_LEN + 1 bytes.
 * \param key  an ES256 key
 * \param out  receives the thumbprint; "" on failure
 * \retval EJWT_OK
 * \return or any error of ejwt_key_export_es256_public()
 *         (EJWT_ERR_ALG_KEY_MISMATCH for a key that is not ES256)
 */
int ejwt_jwk_thumbprint(const ejwt_key *key, char out[EJWT_THUMBPRINT_LEN + 1]);

/**
 * RFC 7638 thumbprint of a JWK given as JSON, for `kty` "EC" (crv, kty, x, y),
 * "oct" (k, kty) and "RSA" (e, kty, n): the required members in
 * lexicographic order, no whitespace, hashed with SHA-256.
 * \param json  the JWK as JSON text (need not be terminated)
 * \param len   its length
 * \param out   receives the thumbprint; "" on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_*          not strict JSON
 * \retval EJWT_ERR_JSON_NOT_OBJECT not an object
 * \retval EJWT_ERR_KEY_INVALID     `kty` or a required member missing or not a string
 * \retval EJWT_ERR_JWK_UNSUPPORTED another `kty`
 * \retval EJWT_ERR_LIMIT           the canonical form exceeds the internal bound
 */
int ejwt_jwk_thumbprint_json(const char *json, size_t len, char out[EJWT_THUMBPRINT_LEN + 1]);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_JWK_H */
