/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set for the boards: ES256 with a random nonce (the
 * p256-m driver), HS256 and SHA-256. Nothing p256-m cannot do is listed, so
 * Mbed TLS's built-in ECP and bignum code stays out of the image.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_BOARD_H
#define EJWT_PSA_CRYPTO_CONFIG_BOARD_H

#define PSA_WANT_ALG_SHA_256 1
#define PSA_WANT_ALG_HMAC 1
#define PSA_WANT_ALG_ECDSA 1

#define PSA_WANT_ECC_SECP_R1_256 1

/* The token store seals its entries (platform/src/token_store_seal.c). */
#define PSA_WANT_ALG_CHACHA20_POLY1305 1
#define PSA_WANT_KEY_TYPE_CHACHA20 1

#define PSA_WANT_KEY_TYPE_HMAC 1
#define PSA_WANT_KEY_TYPE_RAW_DATA 1
#define PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_BASIC 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_EXPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_GENERATE 1

#endif /* EJWT_PSA_CRYPTO_CONFIG_BOARD_H */
