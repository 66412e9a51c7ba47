/* SPDX-License-Identifier: Apache-2.0 */
/* HTTP/1.1 requests of `ejwt device` over TLS (cli/https.c). */
#include "http_client.h"

#include <stdio.h>
#include <string.h>

#include <ejwt/ejwt.h>

#include "io.h"

#define HTTPS_PREFIX "https://"
#define HTTPS_DEFAULT_PORT "443"
/* Bytes read from TLS at a time. */
#define READER_BUF 4096u

static int is_url_char(char c)
{
    return c > 0x20 && c < 0x7f;
}

int cli_url_parse(const char *url, cli_url *u)
{
    const char *p, *host, *host_end, *auth_end, *port = NULL;
    size_t n, hl, pl = 0, i;

    memset(u, 0, sizeof *u);
    n = strlen(url);
    if (n > CLI_HTTP_MAX_URL || strncmp(url, HTTPS_PREFIX, sizeof HTTPS_PREFIX - 1u) != 0) {
        return EJWT_ERR_INSECURE_URL;
    }
    for (i = 0; i < n; i++) {
        if (!is_url_char(url[i]) || url[i] == '#') {
            return EJWT_ERR_INSECURE_URL;
        }
    }
    host = url + sizeof HTTPS_PREFIX - 1u;
    auth_end = host + strcspn(host, "/?");
    if (memchr(host, '@', (size_t)(auth_end - host)) != NULL) {
        return EJWT_ERR_INSECURE_URL;
    }
    if (*host == '[') {
        host_end = memchr(host, ']', (size_t)(auth_end - host));
        if (host_end == NULL) {
            return EJWT_ERR_INSECURE_URL;
        }
        host++;
        p = host_end + 1;
    } else {
        host_end = memchr(host, ':', (size_t)(auth_end - host));
        if (host_end == NULL) {
            host_end = auth_end;
        }
        p = host_end;
    }
    if (p < auth_end) {
        if (*p != ':') {
            return EJWT_ERR_INSECURE_URL;
        }
        port = p + 1;
        pl = (size_t)(auth_end - port);
        if (pl == 0u || pl > 5u || strspn(port, "0123456789") < pl) {
            return EJWT_ERR_INSECURE_URL;
        }
    }
    hl = (size_t)(host_end - host);
    if (hl == 0u || hl > CLI_TLS_MAX_HOST) {
        return EJWT_ERR_INSECURE_URL;
    }
    memcpy(u->host, host, hl);
    if (port != NULL) {
        memcpy(u->port, port, pl);
    } else {
        memcpy(u->port, HTTPS_DEFAULT_PORT, sizeof HTTPS_DEFAULT_PORT);
    }
    u->authority = url + sizeof HTTPS_PREFIX - 1u;
    u->authority_len = (size_t)(auth_end - u->authority);
    u->target = *auth_end != '\0' ? auth_end : "/";
    return EJWT_OK;
}

/* A buffered reader over the TLS stream. */
typedef struct reader {
    cli_tls *t;
    uint8_t buf[READER_BUF];
    size_t pos, end;
    int eof;
} reader;

static int fill(reader *r)
{
    size_t got;
    int rc;

    if (r->eof) {
        return EJWT_OK;
    }
    rc = cli_tls_read(r->t, r->buf, sizeof r->buf, &got);
    if (rc != EJWT_OK) {
        return rc;
    }
    r->pos = 0;
    r->end = got;
    if (got == 0u) {
        r->eof = 1;
    }
    return EJWT_OK;
}

/* One line ending in CRLF, without it, terminated. EJWT_ERR_LIMIT when
 * longer than cap - 1; EJWT_ERR_OAUTH_RESPONSE at the end of the stream or
 * on a bare LF or CR. */
static int read_line(reader *r, char *out, size_t cap, size_t *len)
{
    size_t n = 0;
    int rc;

    for (;;) {
        char c;
        if (r->pos == r->end) {
            rc = fill(r);
            if (rc != EJWT_OK) {
                return rc;
            }
            if (r->eof) {
                return EJWT_ERR_OAUTH_RESPONSE;
            }
        }
        c = (char)r->buf[r->pos++];
        if (c == '\n') {
            if (n == 0u || out[n - 1u] != '\r') {
                return EJWT_ERR_OAUTH_RESPONSE;
            }
            out[--n] = '\0';
            *len = n;
            return EJWT_OK;
        }
        if (n + 1u >= cap) {
            return EJWT_ERR_LIMIT;
        }
        out[n++] = c;
    }
}

/* Exactly n bytes into out (or, with until_eof, up to the end of the
 * stream; *n receives the count). */
static int read_body(reader *r, uint8_t *out, size_t cap, size_t *n, int until_eof)
{
    size_t want = *n, got = 0;
    int rc;

    for (;;) {
        size_t k;
        if (!until_eof && got == want) {
            break;
        }
        if (r->pos == r->end) {
            rc = fill(r);
            if (rc != EJWT_OK) {
                return rc;
            }
            if (r->eof) {
                if (until_eof) {
                    break;
                }
                return EJWT_ERR_OAUTH_RESPONSE; /* shorter than announced */
            }
        }
        k = r->end - r->pos;
        if (!until_eof && k > want - got) {
            k = want - got;
        }
        if (k > cap - got) {
            return EJWT_ERR_LIMIT;
        }
        memcpy(out + got, r->buf + r->pos, k);
        r->pos += k;
        got += k;
    }
    *n = got;
    return EJWT_OK;
}

static int name_is(const char *line, size_t name_len, const char *name)
{
    size_t i;

    if (strlen(name) != name_len) {
        return 0;
    }
    for (i = 0; i < name_len; i++) {
        char a = line[i], b = name[i];
        if (a >= 'A' && a <= 'Z') {
            a = (char)(a - 'A' + 'a');
        }
        if (a != b) {
            return 0;
        }
    }
    return 1;
}

/* Strict decimal without sign, bounded. */
static int parse_size(const char *s, size_t len, size_t max, size_t *out)
{
    size_t v = 0, i;

    if (len == 0u || len > 10u) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
        v = v * 10u + (size_t)(s[i] - '0');
    }
    if (v > max) {
        return EJWT_ERR_LIMIT;
    }
    *out = v;
    return EJWT_OK;
}

static int parse_hex_size(const char *s, size_t max, size_t *out)
{
    size_t v = 0, i = 0;
    int d;

    for (; s[i] != '\0' && s[i] != ';' && s[i] != ' ' && s[i] != '\t'; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
        if (i >= 8u) {
            return EJWT_ERR_LIMIT;
        }
        v = v * 16u + (size_t)d;
    }
    if (i == 0u) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    if (v > max) {
        return EJWT_ERR_LIMIT;
    }
    *out = v;
    return EJWT_OK;
}

static void keep_value(char *dst, const char *v, size_t len)
{
    if (len > CLI_HTTP_MAX_VALUE) {
        len = CLI_HTTP_MAX_VALUE; /* longer values are not meaningful here */
    }
    memcpy(dst, v, len);
    dst[len] = '\0';
}

typedef struct head_info {
    int has_length;
    size_t length;
    int chunked;
} head_info;

/* Status line and header fields. */
static int read_head(reader *r, size_t body_max, cli_http_response *rs, head_info *hi)
{
    char line[CLI_HTTP_MAX_LINE];
    size_t len, total = 0, fields = 0, v;
    int rc;

    memset(hi, 0, sizeof *hi);
    rs->retry_after[0] = '\0';
    rs->date[0] = '\0';
    rc = read_line(r, line, sizeof line, &len);
    if (rc != EJWT_OK) {
        return rc;
    }
    /* "HTTP/1.x" SP 3DIGIT [SP reason] */
    if (len < 12u || strncmp(line, "HTTP/1.", 7) != 0 || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ' || line[9] < '1' || line[9] > '5' || line[10] < '0' || line[10] > '9' ||
        line[11] < '0' || line[11] > '9' || (len > 12u && line[12] != ' ')) {
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    rs->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    total = len + 2u;
    for (;;) {
        const char *colon, *val;
        size_t nl, vl;

        rc = read_line(r, line, sizeof line, &len);
        if (rc != EJWT_OK) {
            return rc;
        }
        total += len + 2u;
        if (total > CLI_HTTP_MAX_HEAD) {
            return EJWT_ERR_LIMIT;
        }
        if (len == 0u) {
            return EJWT_OK;
        }
        if (++fields > CLI_HTTP_MAX_FIELDS) {
            return EJWT_ERR_LIMIT;
        }
        colon = memchr(line, ':', len);
        if (colon == NULL || colon == line || line[0] == ' ' || line[0] == '\t') {
            return EJWT_ERR_OAUTH_RESPONSE; /* no name, or obsolete folding */
        }
        nl = (size_t)(colon - line);
        val = colon + 1;
        vl = len - nl - 1u;
        while (vl > 0u && (*val == ' ' || *val == '\t')) {
            val++;
            vl--;
        }
        while (vl > 0u && (val[vl - 1u] == ' ' || val[vl - 1u] == '\t')) {
            vl--;
        }
        if (name_is(line, nl, "content-length")) {
            rc = parse_size(val, vl, body_max, &v);
            if (rc != EJWT_OK) {
                return rc;
            }
            if (hi->has_length && v != hi->length) {
                return EJWT_ERR_OAUTH_RESPONSE;
            }
            hi->has_length = 1;
            hi->length = v;
        } else if (name_is(line, nl, "transfer-encoding")) {
            if (!(vl == 7u && name_is(val, vl, "chunked"))) {
                return EJWT_ERR_OAUTH_RESPONSE; /* only chunked is understood */
            }
            hi->chunked = 1;
        } else if (name_is(line, nl, "retry-after")) {
            keep_value(rs->retry_after, val, vl);
        } else if (name_is(line, nl, "date")) {
            keep_value(rs->date, val, vl);
        }
    }
}

static int read_chunked(reader *r, uint8_t *out, size_t max, size_t *out_len)
{
    char line[CLI_HTTP_MAX_LINE];
    size_t len, size, total = 0, n;
    int rc;

    for (;;) {
        rc = read_line(r, line, sizeof line, &len);
        if (rc != EJWT_OK) {
            return rc;
        }
        rc = parse_hex_size(line, max - total, &size);
        if (rc != EJWT_OK) {
            return rc;
        }
        if (size == 0u) {
            break;
        }
        n = size;
        rc = read_body(r, out + total, max - total, &n, 0);
        if (rc != EJWT_OK) {
            return rc;
        }
        total += n;
        rc = read_line(r, line, sizeof line, &len);
        if (rc != EJWT_OK) {
            return rc;
        }
        if (len != 0u) {
            return EJWT_ERR_OAUTH_RESPONSE;
        }
    }
    /* Trailer fields, ignored, up to the empty line. */
    for (n = 0;; n++) {
        if (n > CLI_HTTP_MAX_FIELDS) {
            return EJWT_ERR_LIMIT;
        }
        rc = read_line(r, line, sizeof line, &len);
        if (rc != EJWT_OK) {
            return rc;
        }
        if (len == 0u) {
            break;
        }
    }
    *out_len = total;
    return EJWT_OK;
}

static int append(char *head, size_t *n, const char *s, size_t len)
{
    if (len > CLI_HTTP_MAX_HEAD - *n) {
        return EJWT_ERR_LIMIT;
    }
    memcpy(head + *n, s, len);
    *n += len;
    return EJWT_OK;
}

static int appends(char *head, size_t *n, const char *s)
{
    return append(head, n, s, strlen(s));
}

static int build_head(const cli_http_request *rq, const cli_url *u, char *head, size_t *n)
{
    int rc;

    *n = 0;
    rc = appends(head, n, rq->method);
    rc = rc != EJWT_OK ? rc : appends(head, n, " ");
    rc = rc != EJWT_OK ? rc : appends(head, n, u->target);
    rc = rc != EJWT_OK ? rc : appends(head, n, " HTTP/1.1\r\nHost: ");
    rc = rc != EJWT_OK ? rc : append(head, n, u->authority, u->authority_len);
    rc = rc != EJWT_OK ? rc : appends(head, n, "\r\nUser-Agent: ejwt/");
    rc = rc != EJWT_OK ? rc : appends(head, n, ejwt_version());
    rc = rc != EJWT_OK ? rc : appends(head, n, "\r\nConnection: close\r\n");
    if (rc == EJWT_OK && rq->accept != NULL) {
        rc = appends(head, n, "Accept: ");
        rc = rc != EJWT_OK ? rc : appends(head, n, rq->accept);
        rc = rc != EJWT_OK ? rc : appends(head, n, "\r\n");
    }
    if (rc == EJWT_OK && rq->authorization != NULL) {
        rc = appends(head, n, "Authorization: ");
        rc = rc != EJWT_OK ? rc : appends(head, n, rq->authorization);
        rc = rc != EJWT_OK ? rc : appends(head, n, "\r\n");
    }
    if (rc == EJWT_OK && (rq->body_len > 0u || strcmp(rq->method, "POST") == 0)) {
        if (rq->content_type != NULL) {
            rc = appends(head, n, "Content-Type: ");
            rc = rc != EJWT_OK ? rc : appends(head, n, rq->content_type);
            rc = rc != EJWT_OK ? rc : appends(head, n, "\r\n");
        }
        char num[24];
        (void)snprintf(num, sizeof num, "%zu", rq->body_len);
        rc = rc != EJWT_OK ? rc : appends(head, n, "Content-Length: ");
        rc = rc != EJWT_OK ? rc : appends(head, n, num);
        rc = rc != EJWT_OK ? rc : appends(head, n, "\r\n");
    }
    return rc != EJWT_OK ? rc : appends(head, n, "\r\n");
}

int cli_http_exchange(cli_tls_trust *tr, const cli_http_request *rq, uint8_t *body, size_t cap,
                      cli_http_response *rs, char *why, size_t why_cap)
{
    static char head[CLI_HTTP_MAX_HEAD];
    static reader rd;
    static cli_tls tls;
    cli_url u;
    head_info hi;
    size_t n, interim;
    int rc;

    memset(rs, 0, sizeof *rs);
    why[0] = '\0';
    if (cap == 0u || body == NULL || rq->method == NULL || rq->url == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    body[0] = '\0';
    rc = cli_url_parse(rq->url, &u);
    if (rc != EJWT_OK) {
        (void)snprintf(why, why_cap, "not an https URL");
        return rc;
    }
    rc = build_head(rq, &u, head, &n);
    if (rc != EJWT_OK) {
        cli_wipe(head, sizeof head);
        (void)snprintf(why, why_cap, "request head over %u bytes", (unsigned)CLI_HTTP_MAX_HEAD);
        return rc;
    }
    rs->sent = n + rq->body_len;
    rc = cli_tls_connect(&tls, tr, u.host, u.port, why, why_cap);
    if (rc != EJWT_OK) {
        cli_wipe(head, sizeof head);
        return rc;
    }
    rc = cli_tls_write(&tls, (const uint8_t *)head, n);
    cli_wipe(head, sizeof head); /* it may hold a bearer token */
    if (rc == EJWT_OK && rq->body_len > 0u) {
        rc = cli_tls_write(&tls, rq->body, rq->body_len);
    }
    if (rc != EJWT_OK) {
        (void)snprintf(why, why_cap, "sending the request failed");
        cli_tls_close(&tls);
        return rc;
    }
    memset(&rd, 0, sizeof rd);
    rd.t = &tls;
    for (interim = 0;; interim++) {
        rc = read_head(&rd, cap - 1u, rs, &hi);
        if (rc != EJWT_OK || rs->status >= 200 || interim >= CLI_HTTP_MAX_INTERIM) {
            break;
        }
    }
    if (rc == EJWT_OK && rs->status < 200) {
        rc = EJWT_ERR_OAUTH_RESPONSE;
    }
    if (rc == EJWT_OK) {
        if (strcmp(rq->method, "HEAD") == 0 || rs->status == 204 || rs->status == 304) {
            n = 0;
        } else if (hi.chunked) {
            rc = read_chunked(&rd, body, cap - 1u, &n);
        } else if (hi.has_length) {
            n = hi.length;
            rc = read_body(&rd, body, cap - 1u, &n, 0);
        } else {
            rc = read_body(&rd, body, cap - 1u, &n, 1);
        }
    }
    cli_tls_close(&tls);
    cli_wipe(rd.buf, sizeof rd.buf);
    if (rc != EJWT_OK) {
        (void)snprintf(why, why_cap,
                       rc == EJWT_ERR_LIMIT         ? "the answer is over its bound"
                       : rc == EJWT_ERR_OAUTH_RETRY ? "reading the answer failed"
                                                    : "not an HTTP/1.1 answer ejwt understands");
        body[0] = '\0';
        rs->len = 0;
        return rc;
    }
    body[n] = '\0';
    rs->len = n;
    return EJWT_OK;
}
