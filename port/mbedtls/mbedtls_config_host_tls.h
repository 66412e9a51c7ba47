/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS configuration of a host build that makes the `ejwt` tool
 * (EJWT_BUILD_CLI, the default of this tree's own build): the host
 * configuration (mbedtls_config_host.h) plus the TLS client `ejwt device`
 * speaks HTTPS with (cli/https.c). A project that pulls ejwt in builds
 * without the tool and keeps mbedtls_config_host.h, unchanged.
 *
 * - TLS 1.3 and TLS 1.2, client only, ECDHE on secp256r1 with an ECDSA P-256
 *   server certificate, ChaCha20-Poly1305 (already in the host set for the
 *   token store): TLS1-3-CHACHA20-POLY1305-SHA256 and
 *   TLS-ECDHE-ECDSA-WITH-CHACHA20-POLY1305-SHA256. Glewlwyd (GnuTLS) and
 *   Python's ssl module (the reference backend) both offer them.
 * - All crypto through PSA (MBEDTLS_USE_PSA_CRYPTO).
 * - X.509: verifying the server's chain against the pinned CA (PEM),
 *   validity dates against the host clock, the host name.
 */
#ifndef EJWT_MBEDTLS_CONFIG_HOST_TLS_H
#define EJWT_MBEDTLS_CONFIG_HOST_TLS_H

#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_host_tls.h"
#include "mbedtls_config_host.h"

#define MBEDTLS_USE_PSA_CRYPTO
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ENCRYPT_THEN_MAC
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE /* required by TLS 1.3 in 3.6 */
#define MBEDTLS_SSL_CIPHERSUITES                                                                   \
    MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
#define MBEDTLS_MD_C

#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_MAX_INTERMEDIATE_CA 4

#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE

#endif /* EJWT_MBEDTLS_CONFIG_HOST_TLS_H */
