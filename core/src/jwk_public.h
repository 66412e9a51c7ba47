/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public members of a key as a JWK needs them (RFC 7518 sections 6.2.1
 * and 6.3.1), and the one writer that lays members out as JSON text: the
 * RFC 7638 thumbprint's canonical form and the public JWK export are both a
 * list of pieces, literal text or bytes to encode in base64url.
 */
#ifndef EJWT_JWK_PUBLIC_H
#define EJWT_JWK_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/key.h"

/* Largest coordinate of the curves compiled in. */
#if EJWT_ENABLE_ES512
#define EJWT_EC_MAX_COORD_LEN 66u
#elif EJWT_ENABLE_ES384
#define EJWT_EC_MAX_COORD_LEN 48u
#else
#define EJWT_EC_MAX_COORD_LEN 32u
#endif

/* Bytes ejwt_jwk_public_of() needs: an uncompressed point, or RSA's DER. */
#if EJWT_ENABLE_RSA_
#define EJWT_JWK_PUBLIC_BUF EJWT_RSA_PUBLIC_EXPORT_MAX
#else
#define EJWT_JWK_PUBLIC_BUF (1u + 2u * EJWT_EC_MAX_COORD_LEN)
#endif

/* A key's public members; the byte strings point into the caller's buffer. */
typedef struct ejwt_jwk_public {
    int is_rsa;
    const char *crv;      /* EC: "P-256", "P-384" or "P-521" */
    const uint8_t *first; /* EC: x; RSA: n */
    size_t first_len;
    const uint8_t *second; /* EC: y; RSA: e */
    size_t second_len;
} ejwt_jwk_public;

/* Export the public members of an ECDSA or RSA key into \p buf.
 * EJWT_ERR_ALG_KEY_MISMATCH for an HMAC key (nothing public). */
int ejwt_jwk_public_of(const ejwt_key *key, uint8_t *buf, size_t cap, ejwt_jwk_public *out);

/* A piece of JSON text: \p text (len bytes) when bytes is NULL, else
 * \p len bytes written in base64url. */
typedef struct ejwt_piece {
    const char *text;
    const uint8_t *bytes;
    size_t len;
} ejwt_piece;

/* Write the pieces at \p out when they fit in \p cap characters; returns
 * the number of characters they take, written or not. */
size_t ejwt_pieces_render(const ejwt_piece *pieces, size_t count, char *out, size_t cap);

#define EJWT_PIECE_LITERAL(s)                                                                      \
    {                                                                                              \
        s, NULL, sizeof(s) - 1u                                                                    \
    }
#define EJWT_PIECE_BYTES(p, n)                                                                     \
    {                                                                                              \
        NULL, p, n                                                                                 \
    }

#endif /* EJWT_JWK_PUBLIC_H */
