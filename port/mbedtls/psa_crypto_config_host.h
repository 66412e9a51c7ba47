/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set for host builds: ES256 (random and deterministic
 * ECDSA over P-256), HS256 (HMAC-SHA-256), SHA-256, and ChaCha20-Poly1305
 * for the sealed token store (platform/src/token_store*.c). Mbed TLS derives the
 * legacy modules it needs (bignum, ECP, ECDSA, SHA-256, HMAC) from this list.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_HOST_H
#define EJWT_PSA_CRYPTO_CONFIG_HOST_H

#define PSA_WANT_ALG_SHA_256 1
#define PSA_WANT_ALG_HMAC 1
#define PSA_WANT_ALG_ECDSA 1
#define PSA_WANT_ALG_DETERMINISTIC_ECDSA 1

#define PSA_WANT_ECC_SECP_R1_256 1

/* The other JWA signature algorithms, every one on the host (ejwt's host
 * build compiles them all, cmake/config.cmake): SHA-384/512 for ES384/512,
 * HS384/512, RS/PS384/512; P-384 and P-521; RSA PKCS #1 v1.5 and PSS with
 * key pairs for signing and generation (the CLI and the tests). */
#define PSA_WANT_ALG_SHA_384 1
#define PSA_WANT_ALG_SHA_512 1
#define PSA_WANT_ECC_SECP_R1_384 1
#define PSA_WANT_ECC_SECP_R1_521 1
#define PSA_WANT_ALG_RSA_PKCS1V15_SIGN 1
#define PSA_WANT_ALG_RSA_PSS 1
#define PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY 1
#define PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_BASIC 1
#define PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_IMPORT 1
#define PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_EXPORT 1
#define PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_GENERATE 1

/* AEAD of the sealed token store. ChaCha20-Poly1305 rather than AES-GCM/CCM:
 * on a Cortex-M without an AES unit it is the smallest and fastest software
 * AEAD, it is constant-time by construction (no S-box tables, no cache-timing
 * leak), and it needs neither the AES tables nor Mbed TLS's generic cipher
 * layer (MBEDTLS_CIPHER_C) that the block-cipher modes pull in. */
#define PSA_WANT_ALG_CHACHA20_POLY1305 1
#define PSA_WANT_KEY_TYPE_CHACHA20 1

#define PSA_WANT_KEY_TYPE_HMAC 1
#define PSA_WANT_KEY_TYPE_RAW_DATA 1
#define PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_BASIC 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_EXPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_GENERATE 1

#endif /* EJWT_PSA_CRYPTO_CONFIG_HOST_H */
