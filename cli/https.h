/* SPDX-License-Identifier: Apache-2.0 */
/* A TLS 1.2/1.3 client connection (Mbed TLS over a POSIX socket) for
 * `ejwt device`: the server's chain verified against one pinned trust
 * anchor, the host name checked, bounded time per read and write. One job:
 * a byte stream; HTTP is http_client.c's. */
#ifndef EJWT_CLI_HTTPS_H
#define EJWT_CLI_HTTPS_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

/* Longest host name or address, bytes. */
#define CLI_TLS_MAX_HOST 255u
/* Seconds a connect, a read or a write may block before the request fails. */
#define CLI_TLS_IO_TIMEOUT_S 30

/* The trust anchor(s) of every connection: one PEM file, parsed once. */
typedef struct cli_tls_trust {
    mbedtls_x509_crt ca;
    int loaded;
} cli_tls_trust;

typedef struct cli_tls {
    int fd;
    int open;
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
} cli_tls;

/* Parse the PEM text \p pem (\p len bytes, the terminating NUL not counted
 * but present) as the trust anchors. EJWT_OK, EJWT_ERR_KEY_INVALID (not a
 * certificate). */
int cli_tls_trust_load(cli_tls_trust *tr, const uint8_t *pem, size_t len);
void cli_tls_trust_free(cli_tls_trust *tr);

/* Connect to host:port and complete the handshake. EJWT_OK;
 * EJWT_ERR_OAUTH_RETRY (no connection: refused, unreachable, timed out, the
 * handshake failed in transport); EJWT_ERR_INSECURE_URL (the server's
 * certificate does not verify against the trust anchor or names another
 * host); EJWT_ERR_INVALID_ARG. On failure \p why holds a short reason. */
int cli_tls_connect(cli_tls *t, cli_tls_trust *tr, const char *host, const char *port, char *why,
                    size_t why_cap);
/* Send all \p len bytes. EJWT_OK or EJWT_ERR_OAUTH_RETRY. */
int cli_tls_write(cli_tls *t, const uint8_t *p, size_t len);
/* Read up to \p cap bytes: *got 0 at the end of the stream. EJWT_OK or
 * EJWT_ERR_OAUTH_RETRY. */
int cli_tls_read(cli_tls *t, uint8_t *p, size_t cap, size_t *got);
/* close_notify, close the socket, free the TLS state. Safe twice. */
void cli_tls_close(cli_tls *t);

#endif /* EJWT_CLI_HTTPS_H */
