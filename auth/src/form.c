/* SPDX-License-Identifier: Apache-2.0 */
/*
 * application/x-www-form-urlencoded bodies: RFC 3986 unreserved characters
 * kept, every other byte %XX (space too, so '+' never means anything).
 */
#include <string.h>

#include "ejwt/auth/oauth.h"
#include "form_internal.h"
#include "ejwt_common.h"

static const char hex_digits[] = "0123456789ABCDEF";

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static size_t encoded_len(const char *in, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        n += is_unreserved((unsigned char)in[i]) ? 1u : 3u;
    }
    return n;
}

static void latch(ejwt_form *f, int err)
{
    if (f->err == EJWT_OK) {
        f->err = err;
    }
}

static void put_char(ejwt_form *f, char c)
{
    if (f->len < f->cap) {
        f->out[f->len] = c;
    }
    f->len++;
}

static void put_encoded(ejwt_form *f, const char *in, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (is_unreserved(c)) {
            put_char(f, (char)c);
        } else {
            put_char(f, '%');
            put_char(f, hex_digits[c >> 4]);
            put_char(f, hex_digits[c & 0x0Fu]);
        }
    }
}

void ejwt_form_init(ejwt_form *f, char *out, size_t cap)
{
    EJWT_ASSERT(f != NULL);
    if (f == NULL) {
        return;
    }
    f->out = out;
    f->cap = out != NULL ? cap : 0u;
    f->len = 0;
    f->err = EJWT_OK;
}

/* "[&]name=" */
static int begin_field(ejwt_form *f, const char *name)
{
    if (name == NULL || name[0] == '\0') {
        latch(f, EJWT_ERR_INVALID_ARG);
        return 0;
    }
    if (f->len > 0u) {
        put_char(f, '&');
    }
    put_encoded(f, name, strlen(name));
    put_char(f, '=');
    return 1;
}

void ejwt_form_add(ejwt_form *f, const char *name, const char *value, size_t value_len)
{
    EJWT_ASSERT(f != NULL);
    if (f == NULL || f->err != EJWT_OK) {
        return;
    }
    if (value == NULL && value_len != 0u) {
        latch(f, EJWT_ERR_INVALID_ARG);
        return;
    }
    if (begin_field(f, name)) {
        put_encoded(f, value, value_len);
    }
}

char *ejwt_form_value_begin(ejwt_form *f, const char *name, size_t *room)
{
    *room = 0;
    if (f->err != EJWT_OK || !begin_field(f, name) || f->len >= f->cap) {
        return NULL;
    }
    *room = f->cap - f->len;
    return f->out + f->len;
}

void ejwt_form_value_end(ejwt_form *f, size_t raw_len, int written)
{
    size_t enc, i, j;
    char *v;

    if (f->err != EJWT_OK) {
        return;
    }
    if (!written || f->len + raw_len > f->cap) {
        f->len += EJWT_FORM_ENCODED_MAX(raw_len);
        return;
    }
    v = f->out + f->len;
    enc = encoded_len(v, raw_len);
    if (f->len + enc > f->cap) {
        ejwt_wipe(v, raw_len);
        f->len += enc;
        return;
    }
    /* Expand from the end: the write position never passes the read one. */
    j = enc;
    for (i = raw_len; i > 0u; i--) {
        unsigned char c = (unsigned char)v[i - 1u];
        if (is_unreserved(c)) {
            v[--j] = (char)c;
        } else {
            v[--j] = hex_digits[c & 0x0Fu];
            v[--j] = hex_digits[c >> 4];
            v[--j] = '%';
        }
    }
    f->len += enc;
}

void ejwt_form_value_end_verbatim(ejwt_form *f, size_t len)
{
    if (f->err == EJWT_OK) {
        f->len += len;
    }
}

int ejwt_form_finish(ejwt_form *f, size_t *out_len)
{
    EJWT_REQUIRE(f != NULL && out_len != NULL);
    *out_len = 0;
    if (f->err == EJWT_OK && f->len + 1u > f->cap) {
        *out_len = f->len + 1u;
        latch(f, EJWT_ERR_BUFFER_TOO_SMALL);
    }
    if (f->err != EJWT_OK) {
        ejwt_wipe(f->out, f->cap);
        return f->err;
    }
    f->out[f->len] = '\0';
    *out_len = f->len;
    return EJWT_OK;
}

int ejwt_form_encode(const char *in, size_t len, char *out, size_t cap, size_t *out_len)
{
    ejwt_form f;

    EJWT_REQUIRE((in != NULL || len == 0u) && (out != NULL || cap == 0u) && out_len != NULL);
    ejwt_form_init(&f, out, cap);
    put_encoded(&f, in, len);
    return ejwt_form_finish(&f, out_len);
}
