/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host device's transport: plain HTTP/1.1 to the reference backend
 * over a TCP socket on loopback, one connection per request (the board
 * speaks HTTPS over its UART instead).
 */
#ifndef EJWT_EXAMPLE_TCP_H
#define EJWT_EXAMPLE_TCP_H

#include <stddef.h>

#include "../device_app/http.h"

/* The backend, "127.0.0.1:PORT" or "localhost:PORT" (loopback only).
 * 0, or -1 for anything else. */
int tcp_set_server(const char *host_port);

/* One request on a fresh connection (flow_port.exchange): EJWT_OK with
 * *resp filled, or EJWT_ERR_OAUTH_RETRY (said on stdout). */
int tcp_exchange(const char *method, const char *path, const char *ctype, const char *authorization,
                 const char *body, size_t body_len, http_response *resp);

#endif /* EJWT_EXAMPLE_TCP_H */
