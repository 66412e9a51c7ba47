/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set for the deterministic-ECDSA board variant:
 * ES256 signed with RFC 6979 nonces (verification accepts either), HS256
 * and SHA-256.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_BOARD_DET_H
#define EJWT_PSA_CRYPTO_CONFIG_BOARD_DET_H

#define PSA_WANT_ALG_SHA_256 1
#define PSA_WANT_ALG_HMAC 1
#define PSA_WANT_ALG_DETERMINISTIC_ECDSA 1

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

#endif /* EJWT_PSA_CRYPTO_CONFIG_BOARD_DET_H */
