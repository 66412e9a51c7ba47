/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The form encoder of the token requests (oauth.h): ejwt_form_init, _add and
 * _finish, the in-place value steps the request bodies sign into
 * (form_internal.h: the value's raw bytes are written into the body and
 * percent-encoded there, expanding from the end), and ejwt_form_encode, on
 * hostile names, values and capacities.
 *
 * Input: a capacity selector, a parameter byte, then up to MAX_FIELDS
 * fields: flags, name length, name bytes, value length (one byte, two with
 * FIELD_LONG), value bytes. A name is a C string, so it ends at its first
 * NUL; FIELD_NULL_NAME passes NULL, FIELD_NULL_VALUE a NULL value (with the
 * length given), FIELD_IN_PLACE adds the field through the in-place steps.
 *
 * The target encodes every field itself (RFC 3986 unreserved kept, every
 * other byte %XX upper case) and checks:
 *  - a NULL or empty name, or a NULL value with a length, fails with
 *    EJWT_ERR_INVALID_ARG whatever the capacity, and the buffer is wiped;
 *  - a measuring call (NULL, 0) reports the size needed: exactly the body
 *    plus its terminator, or with in-place fields the worst case the header
 *    of form_internal.h documents (every byte of their values %XX);
 *  - with at least the body's size plus one: EJWT_OK, exactly the expected
 *    body, terminated; the body holds only unreserved characters, %XX with
 *    upper-case hex, one '=' per field and '&' between fields, and decodes
 *    back (by a decoder of the target's own) to the names and values;
 *  - with less: EJWT_ERR_BUFFER_TOO_SMALL, the buffer all zero, and the
 *    size reported is enough for a second call, which then succeeds
 *    exactly (its length plus one is that size when no in-place field was
 *    counted at its worst case);
 *  - ejwt_form_encode of each value: the size query, one byte short (wiped,
 *    the same size again) and the exact size.
 * Every buffer is allocated at exactly its capacity, so AddressSanitizer
 * sees one byte written past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/ejwt.h>
#include <ejwt/auth/oauth.h>

#include "form_internal.h"
#include "fuzz_common.h"

#define MAX_FIELDS 8u
#define FIELD_NULL_NAME 0x01u
#define FIELD_NULL_VALUE 0x02u
#define FIELD_IN_PLACE 0x04u
#define FIELD_LONG 0x08u
#define FILL 0xA5u

typedef struct field {
    char name[256];
    int null_name;
    const char *value; /* into the input, or NULL */
    size_t value_len;
    int in_place;
} field;

static field fields[MAX_FIELDS];
static size_t nfields;

static int unreserved(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

/* The target's own encoder: appends to \p out (when not NULL) at *len. */
static void encode(const uint8_t *in, size_t n, char *out, size_t *len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    for (i = 0; i < n; i++) {
        if (unreserved(in[i])) {
            if (out != NULL) {
                out[*len] = (char)in[i];
            }
            *len += 1u;
        } else {
            if (out != NULL) {
                out[*len] = '%';
                out[*len + 1u] = hex[in[i] >> 4];
                out[*len + 2u] = hex[in[i] & 15u];
            }
            *len += 3u;
        }
    }
}

static int field_invalid(const field *f)
{
    if (f->null_name || f->name[0] == '\0') {
        return 1;
    }
    return !f->in_place && f->value == NULL && f->value_len != 0u;
}

/* The expected body into \p out (NULL: length only); *worst gets the length
 * a measuring call counts (in-place values at 3 bytes each). */
static size_t expected_body(char *out, size_t *worst)
{
    size_t len = 0, i;

    *worst = 0;
    for (i = 0; i < nfields; i++) {
        const field *f = &fields[i];
        size_t before;
        if (i > 0u) {
            if (out != NULL) {
                out[len] = '&';
            }
            len++;
            ++*worst;
        }
        before = len;
        encode((const uint8_t *)f->name, strlen(f->name), out, &len);
        if (out != NULL) {
            out[len] = '=';
        }
        len++;
        *worst += len - before;
        before = len;
        if (f->value != NULL) { /* (NULL with a length: refused, counted as empty) */
            encode((const uint8_t *)f->value, f->value_len, out, &len);
        }
        *worst += f->in_place ? EJWT_FORM_ENCODED_MAX(f->value_len) : len - before;
    }
    return len;
}

static void add_field(ejwt_form *form, const field *f)
{
    const char *name = f->null_name ? NULL : f->name;

    if (f->in_place) {
        size_t room = 0;
        char *dst = ejwt_form_value_begin(form, name, &room);
        if (dst != NULL && f->value_len <= room) {
            if (f->value_len > 0u) {
                memcpy(dst, f->value, f->value_len);
            }
            ejwt_form_value_end(form, f->value_len, 1);
        } else {
            ejwt_form_value_end(form, f->value_len, 0);
        }
        return;
    }
    ejwt_form_add(form, name, f->value, f->value_len);
}

/* Build the body into a buffer of exactly \p cap bytes (NULL when
 * \p null_out); the buffer is returned (caller frees) filled with FILL first. */
static int build(size_t cap, int null_out, char **buf, size_t *out_len)
{
    ejwt_form form;
    size_t i;

    *buf = NULL;
    if (!null_out) {
        *buf = malloc(cap); /* malloc(0) too: ASan reports any access to it */
        FUZZ_CHECK(*buf != NULL || cap == 0u);
        if (cap > 0u) {
            memset(*buf, FILL, cap);
        }
    }
    ejwt_form_init(&form, *buf, cap);
    for (i = 0; i < nfields; i++) {
        add_field(&form, &fields[i]);
    }
    *out_len = (size_t)-1;
    return ejwt_form_finish(&form, out_len);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1; /* upper case only */
}

/* Percent-decode body[a, b) and compare it with \p want. */
static void decode_equals(const char *body, size_t a, size_t b, const char *want, size_t want_len)
{
    size_t i = a, n = 0;

    while (i < b) {
        uint8_t c;
        if (body[i] == '%') {
            int hi, lo;
            FUZZ_CHECK(i + 2u < b); /* two hex digits follow */
            hi = hex_value(body[i + 1u]);
            lo = hex_value(body[i + 2u]);
            FUZZ_CHECK(hi >= 0 && lo >= 0);
            c = (uint8_t)(hi << 4 | lo);
            FUZZ_CHECK(!unreserved(c)); /* an unreserved byte is never escaped */
            i += 3u;
        } else {
            c = (uint8_t)body[i];
            FUZZ_CHECK(unreserved(c));
            i++;
        }
        FUZZ_CHECK(n < want_len && (uint8_t)want[n] == c);
        n++;
    }
    FUZZ_CHECK(n == want_len);
}

/* The grammar of an accepted body, read without the expected text:
 * name=value fields separated by '&', each decoding back to the input. */
static void check_body(const char *body, size_t len)
{
    size_t i = 0, k;

    FUZZ_CHECK(strlen(body) == len);
    for (k = 0; k < nfields; k++) {
        const field *f = &fields[k];
        size_t start = i, eq, end;
        while (i < len && body[i] != '=' && body[i] != '&') {
            i++;
        }
        FUZZ_CHECK(i < len && body[i] == '=' && i > start); /* a non-empty name, then '=' */
        eq = i++;
        while (i < len && body[i] != '&') {
            FUZZ_CHECK(body[i] != '='); /* an '=' in a value is %3D */
            i++;
        }
        end = i;
        decode_equals(body, start, eq, f->name, strlen(f->name));
        decode_equals(body, eq + 1u, end, f->value != NULL ? f->value : "", f->value_len);
        if (k + 1u < nfields) {
            FUZZ_CHECK(i < len && body[i] == '&');
            i++;
        }
    }
    FUZZ_CHECK(i == len);
}

/* ejwt_form_encode of one value: query, one short, exact. */
static void check_encode(const field *f)
{
    const char *in = f->value;
    size_t n = in != NULL ? f->value_len : 0u, need = 0, got = 0, want = 0;
    char *exact, *short_buf, *model;

    encode((const uint8_t *)in, n, NULL, &want);
    FUZZ_CHECK(ejwt_form_encode(in, n, NULL, 0, &need) == EJWT_ERR_BUFFER_TOO_SMALL);
    FUZZ_CHECK(need == want + 1u);
    short_buf = malloc(want);
    FUZZ_CHECK(short_buf != NULL || want == 0u);
    if (want > 0u) {
        memset(short_buf, FILL, want);
    }
    need = 0;
    FUZZ_CHECK(ejwt_form_encode(in, n, short_buf, want, &need) == EJWT_ERR_BUFFER_TOO_SMALL);
    FUZZ_CHECK(need == want + 1u && fuzz_all_zero(short_buf, want));
    free(short_buf);
    exact = malloc(want + 1u);
    model = malloc(want + 1u);
    FUZZ_CHECK(exact != NULL && model != NULL);
    want = 0;
    encode((const uint8_t *)in, n, model, &want);
    FUZZ_CHECK(ejwt_form_encode(in, n, exact, want + 1u, &got) == EJWT_OK);
    FUZZ_CHECK(got == want && exact[got] == '\0' && memcmp(exact, model, want) == 0);
    free(exact);
    free(model);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader rd = {data, size};
    uint8_t sel = fuzz_u8(&rd), param = fuzz_u8(&rd);
    size_t len, worst, cap, need = 0, got = 0, i;
    int invalid = 0, in_place = 0, r;
    char *model, *buf;

    nfields = 0;
    while (rd.n > 0u && nfields < MAX_FIELDS) {
        field *f = &fields[nfields++];
        uint8_t flags = fuzz_u8(&rd);
        const uint8_t *p;
        size_t n = fuzz_take(&rd, fuzz_u8(&rd), &p);

        memset(f, 0, sizeof(*f));
        memcpy(f->name, p, n); /* at most 255 bytes: name[255] stays the terminator */
        f->null_name = (flags & FIELD_NULL_NAME) != 0u;
        f->in_place = (flags & FIELD_IN_PLACE) != 0u;
        n = (size_t)fuzz_be(&rd, (flags & FIELD_LONG) ? 2u : 1u);
        if ((flags & FIELD_NULL_VALUE) && !f->in_place) {
            f->value = NULL;
            f->value_len = n; /* refused unless 0 */
        } else {
            f->value_len = fuzz_take(&rd, n, &p);
            f->value = (const char *)p;
        }
        invalid |= field_invalid(f);
        in_place |= f->in_place;
    }

    /* The size query. */
    r = build(0, 1, &buf, &need);
    if (invalid) {
        FUZZ_CHECK(r == EJWT_ERR_INVALID_ARG && need == 0u);
    }
    len = expected_body(NULL, &worst);
    if (!invalid) {
        FUZZ_CHECK(r == EJWT_ERR_BUFFER_TOO_SMALL && need == worst + 1u);
    }
    model = malloc(len + 1u);
    FUZZ_CHECK(model != NULL);
    FUZZ_CHECK(expected_body(model, &worst) == len);

    switch (sel & 7u) {
    case 0:
    case 1:
        cap = 0;
        break;
    case 2:
        cap = len; /* one short of the body */
        break;
    case 3:
        cap = len + 1u; /* exact fit */
        break;
    case 4:
        cap = worst; /* one short of the worst case */
        break;
    case 5:
        cap = param; /* anything small */
        break;
    case 6:
        cap = len > param ? len - param : 0u;
        break;
    default:
        cap = len + 1u + param;
        break;
    }
    r = build(cap, (sel & 7u) == 0u, &buf, &got);
    if (invalid) {
        FUZZ_CHECK(r == EJWT_ERR_INVALID_ARG && got == 0u);
        FUZZ_CHECK(fuzz_all_zero(buf, buf != NULL ? cap : 0u));
    } else if (cap >= len + 1u) {
        FUZZ_CHECK(r == EJWT_OK && got == len && buf[len] == '\0');
        FUZZ_CHECK(memcmp(buf, model, len) == 0);
        check_body(buf, len);
    } else {
        FUZZ_CHECK(r == EJWT_ERR_BUFFER_TOO_SMALL);
        FUZZ_CHECK(fuzz_all_zero(buf, buf != NULL ? cap : 0u));
        /* What was counted: the exact body, or more for in-place values that
         * did not fit raw (never less, and never more than the worst case). */
        FUZZ_CHECK(got >= len + 1u && got <= worst + 1u);
        FUZZ_CHECK(in_place || got == len + 1u);
        need = got;
        free(buf);
        r = build(need, 0, &buf, &got);
        FUZZ_CHECK(r == EJWT_OK && got == len && memcmp(buf, model, len) == 0);
        FUZZ_CHECK(in_place || got + 1u == need);
        check_body(buf, len);
    }
    free(buf);
    free(model);

    for (i = 0; i < nfields; i++) {
        if (fields[i].value != NULL || fields[i].value_len == 0u) {
            check_encode(&fields[i]);
        }
    }
    return 0;
}
