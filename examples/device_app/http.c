/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny HTTP/1.1 client over a caller-supplied byte stream (see http.h).
 */
#include "http.h"

#include <string.h>

typedef struct out_buf {
    char *p;
    size_t cap;
    size_t len;
    int overflow;
} out_buf;

static void put(out_buf *o, const char *s, size_t n)
{
    if (o->overflow || n > o->cap - o->len) {
        o->overflow = 1;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void puts_(out_buf *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_size(out_buf *o, size_t v)
{
    char tmp[24];
    size_t i = sizeof(tmp);

    do {
        tmp[--i] = (char)('0' + (v % 10u));
        v /= 10u;
    } while (v != 0u && i > 0u);
    put(o, tmp + i, sizeof(tmp) - i);
}

static int send_all(const http_transport *t, const char *p, size_t len)
{
    while (len > 0u) {
        int n = t->send(t->ctx, (const uint8_t *)p, len);
        if (n <= 0) {
            return HTTP_ERR_IO;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Does the header line [p, p+n) start with "name:" (case-insensitive)? If
 * so, return the trimmed value's start and length. */
static int header_is(const char *p, size_t n, const char *name, const char **val, size_t *vlen)
{
    size_t k = strlen(name);
    size_t i;

    if (n <= k || p[k] != ':') {
        return 0;
    }
    for (i = 0; i < k; i++) {
        if (lower((unsigned char)p[i]) != lower((unsigned char)name[i])) {
            return 0;
        }
    }
    p += k + 1u;
    n -= k + 1u;
    while (n > 0u && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n > 0u && (p[n - 1u] == ' ' || p[n - 1u] == '\t')) {
        n--;
    }
    *val = p;
    *vlen = n;
    return 1;
}

static void copy_field(char *dst, size_t cap, const char *v, size_t n)
{
    if (n >= cap) {
        n = cap - 1u;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static int parse_size(const char *v, size_t n, size_t *out)
{
    size_t r = 0;
    size_t i;

    if (n == 0u || n > 9u) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9') {
            return -1;
        }
        r = r * 10u + (size_t)(v[i] - '0');
    }
    *out = r;
    return 0;
}

/* Parse the status line and header fields in buf[0, head_len). */
static int parse_head(char *buf, size_t head_len, http_response *resp, size_t *content_length,
                      int *have_length)
{
    size_t pos = 0;
    size_t line_no = 0;

    *have_length = 0;
    while (pos < head_len) {
        const char *line = buf + pos;
        const char *end = memchr(line, '\n', head_len - pos);
        size_t n;
        const char *v;
        size_t vn;

        if (end == NULL) {
            return HTTP_ERR_MALFORMED;
        }
        n = (size_t)(end - line);
        pos += n + 1u;
        if (n > 0u && line[n - 1u] == '\r') {
            n--;
        }
        if (line_no++ == 0u) {
            /* "HTTP/1.x NNN reason" */
            if (n < 12u || memcmp(line, "HTTP/1.", 7) != 0 || line[8] != ' ' || line[12] != ' ' ||
                line[9] < '1' || line[9] > '5' || line[10] < '0' || line[10] > '9' ||
                line[11] < '0' || line[11] > '9') {
                return HTTP_ERR_MALFORMED;
            }
            resp->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
            continue;
        }
        if (n == 0u) {
            break;
        }
        if (header_is(line, n, "Content-Length", &v, &vn)) {
            if (*have_length || parse_size(v, vn, content_length) != 0) {
                return HTTP_ERR_MALFORMED; /* repeated or not a number */
            }
            *have_length = 1;
        } else if (header_is(line, n, "Transfer-Encoding", &v, &vn)) {
            return HTTP_ERR_MALFORMED; /* chunked is not supported */
        } else if (header_is(line, n, "Date", &v, &vn)) {
            copy_field(resp->date, sizeof(resp->date), v, vn);
        } else if (header_is(line, n, "Content-Type", &v, &vn)) {
            copy_field(resp->content_type, sizeof(resp->content_type), v, vn);
        } else if (header_is(line, n, "WWW-Authenticate", &v, &vn)) {
            copy_field(resp->www_authenticate, sizeof(resp->www_authenticate), v, vn);
        } else if (header_is(line, n, "Retry-After", &v, &vn)) {
            copy_field(resp->retry_after, sizeof(resp->retry_after), v, vn);
        }
    }
    return 0;
}

int http_request(const http_transport *t, const char *method, const char *host, const char *path,
                 const char *content_type, const char *authorization, const char *body,
                 size_t body_len, char *buf, size_t cap, http_response *resp)
{
    out_buf o;
    size_t got = 0;
    size_t head_len = 0;
    size_t content_length = 0;
    int have_length = 0;
    int err;

    memset(resp, 0, sizeof(*resp));
    if (cap < 2u) {
        return HTTP_ERR_TOO_LARGE;
    }
    o.p = buf;
    o.cap = cap;
    o.len = 0;
    o.overflow = 0;
    puts_(&o, method);
    puts_(&o, " ");
    puts_(&o, path);
    puts_(&o, " HTTP/1.1\r\nHost: ");
    puts_(&o, host);
    puts_(&o, "\r\nConnection: close\r\n");
    if (authorization != NULL) {
        puts_(&o, "Authorization: ");
        puts_(&o, authorization);
        puts_(&o, "\r\n");
    }
    if (content_type != NULL) {
        puts_(&o, "Content-Type: ");
        puts_(&o, content_type);
        puts_(&o, "\r\n");
    }
    if (body != NULL || strcmp(method, "POST") == 0) {
        puts_(&o, "Content-Length: ");
        put_size(&o, body_len);
        puts_(&o, "\r\n");
    }
    puts_(&o, "\r\n");
    if (o.overflow) {
        return HTTP_ERR_TOO_LARGE;
    }
    /* Headers and body go out separately, so the body needs no copy. */
    err = send_all(t, buf, o.len);
    if (err == 0 && body_len > 0u) {
        err = send_all(t, body, body_len);
    }
    if (err != 0) {
        return err;
    }
    resp->request_bytes = o.len + body_len;

    /* Read until the end of the header block, then the rest of the body. */
    for (;;) {
        int n;

        if (head_len == 0u && got >= 4u) {
            size_t i;
            for (i = 0; i + 3u < got; i++) {
                if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
                    head_len = i + 4u;
                    err = parse_head(buf, head_len, resp, &content_length, &have_length);
                    if (err != 0) {
                        return err;
                    }
                    if (!have_length) {
                        return HTTP_ERR_MALFORMED; /* we need the length to know the end */
                    }
                    if (content_length > cap - 1u - head_len) {
                        return HTTP_ERR_TOO_LARGE;
                    }
                    break;
                }
            }
        }
        if (head_len != 0u && got >= head_len + content_length) {
            break;
        }
        if (got >= cap - 1u) {
            return HTTP_ERR_TOO_LARGE;
        }
        n = t->recv(t->ctx, (uint8_t *)buf + got, cap - 1u - got);
        if (n <= 0) {
            return HTTP_ERR_IO;
        }
        got += (size_t)n;
    }
    buf[head_len + content_length] = '\0';
    resp->body = buf + head_len;
    resp->body_len = content_length;
    return 0;
}
