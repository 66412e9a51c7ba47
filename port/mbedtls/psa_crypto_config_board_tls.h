/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set of the board demo image (examples/board_device):
 * the board set (psa_crypto_config_board.h: ES256, HS256, SHA-256,
 * ChaCha20-Poly1305 for the token store) plus what a TLS 1.3 client with
 * TLS_CHACHA20_POLY1305_SHA256, ECDHE on secp256r1 and an ECDSA P-256
 * server certificate needs: ECDH and HKDF. No AES, no SHA-384, no RSA:
 * p256-m still does every elliptic-curve operation, so Mbed TLS's bignum
 * and ECP code stay out of the image.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_BOARD_TLS_H
#define EJWT_PSA_CRYPTO_CONFIG_BOARD_TLS_H

#include "psa_crypto_config_board.h"

/* TLS 1.3 key exchange (ECDHE, RFC 8446 section 7.4.2) and key schedule
 * (HKDF-Extract / HKDF-Expand-Label, section 7.1). */
#define PSA_WANT_ALG_ECDH 1
#define PSA_WANT_ALG_HKDF_EXTRACT 1
#define PSA_WANT_ALG_HKDF_EXPAND 1
#define PSA_WANT_KEY_TYPE_DERIVE 1

#endif /* EJWT_PSA_CRYPTO_CONFIG_BOARD_TLS_H */
