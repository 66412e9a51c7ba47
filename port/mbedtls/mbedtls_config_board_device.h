/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Board configuration of the footprint "device" image and its floor: the
 * board algorithm set (ES256 sign and verify, HS256, SHA-256) with
 * persistent keys in the flash store, and only the key slots a device uses
 * at once - its own key pair, the backend's ES256 public key and HMAC key,
 * and one spare.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_DEVICE_H
#define EJWT_MBEDTLS_CONFIG_BOARD_DEVICE_H

#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 65
#define MBEDTLS_PSA_KEY_SLOT_COUNT 4
#include "mbedtls_config_board.h"

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_DEVICE_H */
