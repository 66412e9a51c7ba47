/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto adapter: the only part of the core that speaks PSA. Everything
 * else in the core talks about algorithms, keys, signing inputs and
 * signatures; crypto_psa.c translates that to PSA calls and PSA status codes
 * back into ejwt errors, in one place.
 */
#ifndef EJWT_CRYPTO_H
#define EJWT_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/json.h"
#include "ejwt/key.h"

/* Kinds of key material the adapter imports. */
typedef enum ejwt_key_material {
    EJWT_MATERIAL_HMAC = 1,       /* raw secret bytes */
    EJWT_MATERIAL_EC_PUBLIC = 2,  /* 0x04 || X || Y */
    EJWT_MATERIAL_EC_PRIVATE = 3, /* big-endian scalar of the curve's length */
    EJWT_MATERIAL_RSA_PUBLIC = 4, /* DER RSAPublicKey (PKCS #1) */
    EJWT_MATERIAL_RSA_PRIVATE = 5 /* DER RSAPrivateKey (PKCS #1) */
} ejwt_key_material;

/* Families of algorithms: what kind of key and which PSA operation. */
typedef enum ejwt_alg_family {
    EJWT_FAMILY_NONE = 0, /* not an algorithm compiled in */
    EJWT_FAMILY_ECDSA = 1,
    EJWT_FAMILY_HMAC = 2,
    EJWT_FAMILY_RSA = 3 /* RS (PKCS #1 v1.5) and PS (PSS) alike */
} ejwt_alg_family;

/* The family of \p alg, EJWT_FAMILY_NONE when it is not compiled in. */
ejwt_alg_family ejwt_crypto_family(ejwt_alg alg);

/* Import key material as a volatile PSA key for \p alg, allowed only \p ops
 * (EJWT_KEY_OP_*; a public key only ever verifies). */
int ejwt_crypto_import(ejwt_key_material kind, ejwt_alg alg, const uint8_t *material, size_t len,
                       uint8_t ops, ejwt_key *out);

/* The algorithm named by the JSON string at token \p idx, if compiled in:
 * EJWT_OK, else EJWT_ERR_HEADER_ALG (not a string, "none", any other name).
 * The comparison decodes escapes, so "ES\u0032\u0035\u0036" is ES256. */
int ejwt_alg_from_json(const ejwt_json *doc, int idx, ejwt_alg *alg);

#endif /* EJWT_CRYPTO_H */
