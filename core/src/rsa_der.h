/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The PKCS #1 DER forms PSA exchanges RSA keys in (RFC 8017 appendix A.1):
 * a SEQUENCE of INTEGERs built from a JWK's big-endian members, and the
 * RSAPublicKey that PSA exports read back into a JWK's `n` and `e`.
 * Encoding and decoding go through Mbed TLS's ASN.1 functions.
 */
#ifndef EJWT_RSA_DER_H
#define EJWT_RSA_DER_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/key.h"

/* A big-endian unsigned integer. */
typedef struct ejwt_der_integer {
    const uint8_t *v;
    size_t len;
} ejwt_der_integer;

/* Bits of a big-endian unsigned integer (leading zero bytes count nothing). */
size_t ejwt_der_integer_bits(const uint8_t *v, size_t len);

/* The checks RFC 7518 section 6.3.1 and a sane exponent ask of a public
 * key: neither n nor e has a leading zero byte, e is odd, at least 3 and
 * at most 4 bytes. EJWT_OK or EJWT_ERR_KEY_INVALID. */
int ejwt_rsa_check_public(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len);

/* DER SEQUENCE of \p count INTEGERs (minimal encoding of each unsigned
 * value), written at the end of \p buf; *der points at its first byte.
 * EJWT_OK, or EJWT_ERR_LIMIT when \p cap is too small. */
int ejwt_der_sequence(const ejwt_der_integer *parts, size_t count, uint8_t *buf, size_t cap,
                      const uint8_t **der, size_t *der_len);

/* Read the modulus and exponent of a DER RSAPublicKey (pointers into
 * \p der). EJWT_OK or EJWT_ERR_CRYPTO for a form PSA would not export. */
int ejwt_rsa_parse_public(const uint8_t *der, size_t len, ejwt_rsa_public *out);

#endif /* EJWT_RSA_DER_H */
