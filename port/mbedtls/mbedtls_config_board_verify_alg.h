/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-algorithm verify-only board configuration (the footprint images
 * verifier_rs256, verifier_ps256, verifier_es384, ...; and a device that
 * only checks tokens of one of those algorithms): the PSA algorithms of
 * psa_crypto_config_board_verify_alg.h, which follow the image's
 * EJWT_ENABLE_<alg> switches, and nothing else - no key generation, no
 * signing, no export, no persistent storage. Two key slots: the public key
 * being verified against, plus one so a replacement can be imported first.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_ALG_H
#define EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_ALG_H

#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_board_verify_alg.h"
#define EJWT_BOARD_NO_STORAGE
#define MBEDTLS_PSA_KEY_SLOT_COUNT 2

#if (defined(EJWT_ENABLE_RS256) && EJWT_ENABLE_RS256) ||                                           \
    (defined(EJWT_ENABLE_PS256) && EJWT_ENABLE_PS256)
/* RSA keys of 2048 bits only (build ejwt with EJWT_RSA_MAX_BITS=2048):
 * - a slot holds the DER RSAPublicKey PSA stores, 272 bytes at most
 *   (PSA_KEY_EXPORT_RSA_PUBLIC_KEY_MAX_SIZE(2048));
 * - bignums of at most 256 bytes (MBEDTLS_MPI_MAX_SIZE, default 1024), so a
 *   larger key is refused by Mbed TLS as well as by ejwt;
 * - the exponentiation window of 1 bit: e = 65537 has two set bits, so a
 *   larger window only builds a table in the arena that the public
 *   operation hardly uses;
 * - no CRT: verification never uses the private-key fields, and without
 *   CRT the RSA context carries three bignums less. */
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 272
#define MBEDTLS_MPI_MAX_SIZE 256
#define MBEDTLS_MPI_WINDOW_SIZE 1
#define MBEDTLS_RSA_NO_CRT
#else
/* A P-521 public key (133 bytes) is the largest other key. */
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 133
#endif

/* No p256-m: these images verify no P-256 key, and P-384 and P-521 (which
 * p256-m does not know) come from Mbed TLS's ECP. */
#define EJWT_BOARD_BUILTIN_ECP

#include "mbedtls_config_board.h"

#if (defined(EJWT_ENABLE_ES384) && EJWT_ENABLE_ES384) ||                                           \
    (defined(EJWT_ENABLE_ES512) && EJWT_ENABLE_ES512)
/* As the deterministic-ECDSA configuration: a small window, no comb table
 * (it would be built in the arena). */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#endif

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_ALG_H */
