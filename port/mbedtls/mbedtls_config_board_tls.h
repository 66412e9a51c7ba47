/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS configuration of the board demo image only (examples/board_device,
 * built in its own build folder with EJWT_MBEDTLS_TLS=ON): the board
 * configuration (mbedtls_config_board.h: PSA Crypto over p256-m, external
 * RNG, static arena, persistent keys in the flash store) plus a TLS 1.3
 * client that speaks to the demo backend over the UART.
 *
 * - TLS 1.3 only, one suite: TLS_CHACHA20_POLY1305_SHA256 with ECDHE on
 *   secp256r1 and an ECDSA P-256 (SHA-256) server certificate - what
 *   Python's ssl module (OpenSSL 3) negotiates when offered only that.
 *   ChaCha20-Poly1305 is already in the image for the token store.
 * - All crypto through PSA (MBEDTLS_USE_PSA_CRYPTO); no cipher, ECP or
 *   bignum module.
 * - X.509: only what verifying the server's chain needs (parse, PEM for the
 *   provisioned CA, hostname). Validity dates are checked against the
 *   board's wall clock (MBEDTLS_HAVE_TIME_DATE; time and gmtime_r come from
 *   examples/board_device/tls_time.c).
 * - Records: 4 KiB in (the client asks for a 4 KiB max_fragment_length, RFC
 *   6066, so the server never sends a bigger one), 2 KiB out. Both buffers
 *   come from the static arena, which is sized for the handshake.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_TLS_H
#define EJWT_MBEDTLS_CONFIG_BOARD_TLS_H

#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_board_tls.h"
/* The TLS handshake holds a few transient keys (ECDHE key pair, traffic
 * secrets, the server's public key while verifying) beside the device key,
 * the token store's sealing key and the backend's JWK Set. */
#define MBEDTLS_PSA_KEY_SLOT_COUNT 20
#include "mbedtls_config_board.h"

#include <stdarg.h>
#include <time.h>

/* TLS over PSA. */
#define MBEDTLS_USE_PSA_CRYPTO
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH
/* Required by TLS 1.3 in 3.6; the parsed chain (about 1 KiB of arena) is
 * kept until the next handshake. */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_CIPHERSUITES MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256
#define MBEDTLS_SSL_IN_CONTENT_LEN 4096
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048

/* X.509 for the server's certificate chain. */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_MD_C
#define MBEDTLS_X509_MAX_INTERMEDIATE_CA 2

/* Wall time for certificate validity, from the board's clock, and the
 * calendar conversion and millisecond clock (examples/board_device/
 * tls_platform.c): nothing from newlib's time functions, which call
 * _gettimeofday and keep state in its heap-allocated reentrancy data. */
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_TIME_ALT
#define MBEDTLS_PLATFORM_STD_TIME ejwt_board_tls_time
#define MBEDTLS_PLATFORM_GMTIME_R_ALT
#define MBEDTLS_PLATFORM_MS_TIME_ALT
time_t ejwt_board_tls_time(time_t *t);

/* X.509 formats names and verification messages with snprintf; newlib's
 * allocates. Ours (tls_platform.c, over the port's formatter) does not. */
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO ejwt_board_snprintf
#define MBEDTLS_PLATFORM_VSNPRINTF_MACRO ejwt_bm_vsnprintf
int ejwt_board_snprintf(char *buf, size_t cap, const char *fmt, ...);
int ejwt_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_TLS_H */
