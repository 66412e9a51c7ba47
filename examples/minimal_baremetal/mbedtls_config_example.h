/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example's Mbed TLS configuration (EJWT_MBEDTLS_CONFIG_FILE, an
 * absolute path): ejwt's board configuration - the one a product uses,
 * port/mbedtls/mbedtls_config_board.h - without persistent keys. The
 * example's key is volatile, so it needs no PSA ITS, no flash driver and no
 * ejwt::mcu_its. A product that keeps its device key across reboots leaves
 * EJWT_BOARD_NO_STORAGE out and links ejwt::mcu_its (docs/PORTING.md).
 */
#ifndef EXAMPLE_MBEDTLS_CONFIG_H
#define EXAMPLE_MBEDTLS_CONFIG_H

#define EJWT_BOARD_NO_STORAGE
/* One volatile ES256 key pair at a time (65 bytes hold the public part). */
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 65
#define MBEDTLS_PSA_KEY_SLOT_COUNT 2
#include "mbedtls_config_board.h"

#endif /* EXAMPLE_MBEDTLS_CONFIG_H */
