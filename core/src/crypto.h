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

#include "ejwt/key.h"

/* Kinds of key material the adapter imports. */
typedef enum ejwt_key_material {
    EJWT_MATERIAL_HMAC = 1,      /* raw secret bytes */
    EJWT_MATERIAL_EC_PUBLIC = 2, /* 0x04 || X || Y */
    EJWT_MATERIAL_EC_PRIVATE = 3 /* 32-byte big-endian scalar */
} ejwt_key_material;

/* Import key material as a volatile PSA key allowed only \p ops
 * (EJWT_KEY_OP_*), bound to the algorithm the material implies. */
int ejwt_crypto_import(ejwt_key_material kind, const uint8_t *material, size_t len, uint8_t ops,
                       ejwt_key *out);

/* Signature length of an algorithm (64 for ES256, 32 for HS256), 0 if unknown. */
size_t ejwt_crypto_sig_len(ejwt_alg alg);

#endif /* EJWT_CRYPTO_H */
