/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Board configuration variant with deterministic ECDSA (RFC 6979): the nonce
 * is derived from the key and the message, so a signature never depends on
 * the quality of the board's entropy. p256-m cannot do this; Mbed TLS's
 * built-in ECP, bignum and HMAC-DRBG (for RFC 6979) are compiled instead.
 * Built with EJWT_ES256_DETERMINISTIC=1 for the footprint comparison.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_DET_H
#define EJWT_MBEDTLS_CONFIG_BOARD_DET_H

#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_board_det.h"
#define EJWT_BOARD_BUILTIN_ECP
#include "mbedtls_config_board.h"

/* Constant-time-hardened P-256 reduction; fixed-point window kept small for
 * RAM (the comb table is built in the arena). */
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_DET_H */
