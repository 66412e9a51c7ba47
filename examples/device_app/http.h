/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny HTTP/1.1 client for the device: one request per connection
 * (`Connection: close`), a body sized by Content-Length, no chunked
 * transfer, no redirects. It runs over any byte stream (a plain socket on
 * the host, TLS over a UART on the board) through a transport of two
 * callbacks, and uses one caller buffer for the request and then the
 * response, so it allocates nothing.
 */
#ifndef EJWT_EXAMPLE_HTTP_H
#define EJWT_EXAMPLE_HTTP_H

#include <stddef.h>
#include <stdint.h>

/** A byte stream. Both callbacks return the bytes moved (recv: 0 at end of
 *  stream) or a negative value on error. */
typedef struct http_transport {
    int (*send)(void *ctx, const uint8_t *buf, size_t len);
    int (*recv)(void *ctx, uint8_t *buf, size_t cap);
    void *ctx;
} http_transport;

/** Header fields the device cares about, copied and terminated. */
#define HTTP_FIELD_MAX 256

typedef struct http_response {
    int status;           /**< status code, e.g. 200 */
    const char *body;     /**< view into the caller's buffer, terminated */
    size_t body_len;      /**< Content-Length */
    size_t request_bytes; /**< bytes sent (request line, headers, body) */
    char date[64];        /**< Date, or "" */
    char content_type[64];
    char www_authenticate[HTTP_FIELD_MAX];
    char retry_after[64]; /**< Retry-After, or "" */
} http_response;

/** Errors (negative). */
#define HTTP_ERR_IO (-1)        /**< the transport failed or closed early */
#define HTTP_ERR_TOO_LARGE (-2) /**< request or response larger than the buffer */
#define HTTP_ERR_MALFORMED (-3) /**< not an HTTP/1.1 response we understand */

/**
 * Send one request and read the whole response.
 *
 * \param t              the transport, already connected
 * \param method         "GET" or "POST"
 * \param host           the Host header value ("127.0.0.1:8443")
 * \param path           request target ("/token")
 * \param content_type   body type, or NULL when there is no body
 * \param authorization  Authorization value ("Bearer ..."), or NULL
 * \param body, body_len request body (may be NULL, 0)
 * \param buf, cap       work buffer: holds the request, then the response
 * \param resp           receives the status, header fields and a body view
 * \return 0, or HTTP_ERR_*
 */
int http_request(const http_transport *t, const char *method, const char *host, const char *path,
                 const char *content_type, const char *authorization, const char *body,
                 size_t body_len, char *buf, size_t cap, http_response *resp);

#endif /* EJWT_EXAMPLE_HTTP_H */
