/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Verify-only board configuration (the footprint "verifier" image and its
 * floor, and any device that only checks tokens): ECDSA P-256 verification
 * and SHA-256 through p256-m, nothing else - no key generation, no signing,
 * no ECDH, no export, no HMAC, no persistent storage. One key slot holds
 * the public key being verified against.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_H
#define EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_H

#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_board_verify.h"
#define EJWT_BOARD_NO_STORAGE
/* An uncompressed P-256 public key (65 bytes), one at a time, plus one so a
 * replacement key can be imported before the old one is destroyed. */
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 65
#define MBEDTLS_PSA_KEY_SLOT_COUNT 2
#include "mbedtls_config_board.h"

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_VERIFY_H */
