/* SPDX-License-Identifier: Apache-2.0 */
/* A small HTTP/1.1 client over cli/https.c for `ejwt device`: one request
 * per connection (`Connection: close`), https:// URLs only, a response body
 * sized by Content-Length, chunked, or the end of the stream, kept in a
 * caller buffer of bounded size; the status, Retry-After and Date kept. No
 * redirects, no cookies, no compression. */
#ifndef EJWT_CLI_HTTP_CLIENT_H
#define EJWT_CLI_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "https.h"

/* Longest URL accepted (the endpoints' bound). */
#define CLI_HTTP_MAX_URL 256u
/* Largest request head (request line and header fields, with a bearer
 * token) and largest response head. */
#define CLI_HTTP_MAX_HEAD 8192u
/* Longest response header line, and chunk-size line. */
#define CLI_HTTP_MAX_LINE 2048u
/* Most response header fields. */
#define CLI_HTTP_MAX_FIELDS 64u
/* Longest Retry-After or Date value kept. */
#define CLI_HTTP_MAX_VALUE 64u
/* 1xx interim responses skipped before the final one. */
#define CLI_HTTP_MAX_INTERIM 4u

/* An https URL split for a request. */
typedef struct cli_url {
    char host[CLI_TLS_MAX_HOST + 1u]; /* without brackets for an IPv6 literal */
    char port[6];                     /* "443" when absent */
    const char *authority;            /* into the URL: the Host field value */
    size_t authority_len;
    const char *target; /* into the URL: path and query ("/" when empty) */
} cli_url;

/* Split \p url: "https://" host [":" port] [path-and-query], no user
 * information, no fragment, printable ASCII without spaces, at most
 * CLI_HTTP_MAX_URL bytes. EJWT_OK or EJWT_ERR_INSECURE_URL. */
int cli_url_parse(const char *url, cli_url *u);

typedef struct cli_http_request {
    const char *method;        /* "GET" or "POST" */
    const char *url;           /* https URL */
    const char *content_type;  /* with a body, else NULL */
    const char *authorization; /* the Authorization value, or NULL */
    const char *accept;        /* the Accept value, or NULL */
    const uint8_t *body;       /* NULL with body_len 0 */
    size_t body_len;
} cli_http_request;

typedef struct cli_http_response {
    int status;                                /* 100..599 */
    size_t len;                                /* body bytes in the caller buffer */
    size_t sent;                               /* bytes sent: request line, fields, body */
    char retry_after[CLI_HTTP_MAX_VALUE + 1u]; /* "" when absent */
    char date[CLI_HTTP_MAX_VALUE + 1u];        /* "" when absent */
} cli_http_response;

/* One request: connect, send, read the whole answer into \p body (cap - 1
 * bytes at most, terminated), close. EJWT_OK with rs->status, or:
 * EJWT_ERR_OAUTH_RETRY (no answer: connection, TLS or I/O failure),
 * EJWT_ERR_INSECURE_URL (not an https URL; certificate refused),
 * EJWT_ERR_OAUTH_RESPONSE (not an HTTP/1.x answer we understand),
 * EJWT_ERR_LIMIT (a head or body over its bound), EJWT_ERR_INVALID_ARG.
 * \p why receives a reason on failure. */
int cli_http_exchange(cli_tls_trust *tr, const cli_http_request *rq, uint8_t *body, size_t cap,
                      cli_http_response *rs, char *why, size_t why_cap);

#endif /* EJWT_CLI_HTTP_CLIENT_H */
