/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board's network link: HTTPS to the backend over the CMSDK UART, like a
 * cellular modem's transparent data mode. QEMU connects the UART to the
 * backend's TCP port on loopback (boards/qemu-run, EJWT_SERIAL_TCP_PORT), so
 * the bytes on the UART are the raw TLS stream.
 *
 * TLS 1.3 client (Mbed TLS over PSA, port/mbedtls/mbedtls_config_board_tls.h),
 * server certificate checked against the provisioned CA, host name
 * "localhost" checked. One TLS connection carries requests until the server
 * closes it (the reference backend answers `Connection: close`); the next
 * request then waits for the link to dial again (QEMU's reconnect) and
 * shakes hands anew. All memory is static or from the Mbed TLS arena.
 */
#ifndef EJWT_BOARD_LINK_H
#define EJWT_BOARD_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "../device_app/http.h"

/** What went over the UART since boot. */
typedef struct link_stats {
    uint32_t tx_bytes;     /**< bytes the device sent (TLS records) */
    uint32_t rx_bytes;     /**< bytes it received */
    uint32_t handshakes;   /**< completed TLS handshakes */
    uint32_t attempts;     /**< handshake attempts (a lost ClientHello is retried) */
    uint32_t handshake_ms; /**< duration of the last handshake */
    uint32_t last_tx;      /**< bytes sent by the last link_exchange() */
    uint32_t last_rx;      /**< bytes received by it */
} link_stats;

/** Link errors (negative). */
#define LINK_ERR_TRUST (-10)     /**< the CA certificate could not be loaded */
#define LINK_ERR_HANDSHAKE (-11) /**< no TLS session after every retry */
#define LINK_ERR_CERT (-12)      /**< the server's certificate was refused */
#define LINK_ERR_IO (-13)        /**< the connection failed mid-request */

/**
 * Set up TLS with the trust anchor \p ca_pem (a PEM certificate, terminated,
 * \p len including the terminator) and \p hostname as the expected server
 * name.
 */
int link_init(const char *ca_pem, size_t len, const char *hostname);

/** Whether the certificate's validity dates can be checked (a wall clock is
 *  known). Without one, the chain and the host name are still checked. */
void link_set_time_known(int known);

/** Make sure a TLS session is up (handshake, with retries). */
int link_open(void);

/** The HTTP layer's byte stream over the TLS session (http.h transport). */
int link_send(void *ctx, const uint8_t *buf, size_t len);
int link_recv(void *ctx, uint8_t *buf, size_t cap);

/** End the session: \p server_closes when the server said `Connection:
 *  close` (or the exchange failed), so the next link_open() redials. */
void link_close(int server_closes);

/** One HTTPS request (the flow's exchange, flow.h): open the session,
 *  send, read the whole response into *resp, close. EJWT_OK, or
 *  EJWT_ERR_OAUTH_RETRY when the link or the HTTP exchange failed (said). */
int link_exchange(const char *method, const char *path, const char *ctype,
                  const char *authorization, const char *body, size_t body_len,
                  http_response *resp);

/** Counters; also the TLS parameters of the last session. */
void link_get_stats(link_stats *out);
const char *link_session_info(void);

#endif /* EJWT_BOARD_LINK_H */
