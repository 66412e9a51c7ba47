/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON strings: the strict scanner the validator runs over untrusted text, and
 * the decoder behind the accessors (escapes turned into UTF-8 on the fly, so
 * nothing is ever unescaped into a temporary buffer).
 */
#include <string.h>

#include "ejwt/error.h"
#include "internal.h"
#include "json_internal.h"

/* Longest UTF-8 encoding of one code point. */
#define UTF8_MAX_BYTES 4u

/* Lengths of the escapes: "\n" and "\u0041". */
#define ESC_SHORT_LEN 2u
#define ESC_U_LEN 6u
#define ESC_HEX_DIGITS 4u

#define SURROGATE_HIGH_MIN 0xD800u
#define SURROGATE_HIGH_MAX 0xDBFFu
#define SURROGATE_LOW_MIN 0xDC00u
#define SURROGATE_LOW_MAX 0xDFFFu
#define SUPPLEMENTARY_BASE 0x10000u

/* First byte that must be escaped in a JSON string (RFC 8259 section 7). */
#define JSON_CONTROL_LIMIT 0x20u

/* Outcome of decoding one escape. */
enum esc_result {
    ESC_OK = 0,
    ESC_BAD = 1,  /* not a valid escape, or a lone surrogate */
    ESC_SHORT = 2 /* the text ends inside the escape */
};

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The four hex digits at s[pos]. */
static enum esc_result read_hex4(const char *s, size_t len, size_t pos, uint32_t *out)
{
    uint32_t v = 0;
    size_t k;

    for (k = 0; k < ESC_HEX_DIGITS; k++) {
        int h;
        if (pos + k >= len) {
            return ESC_SHORT;
        }
        h = hex_value(s[pos + k]);
        if (h < 0) {
            return ESC_BAD;
        }
        v = (v << 4) | (uint32_t)h;
    }
    *out = v;
    return ESC_OK;
}

/* A \u escape at s[pos] (pointing at the backslash), joining a surrogate pair
 * into one code point: a high surrogate must be followed at once by a low one,
 * and a low one may not stand alone. */
static enum esc_result decode_u_escape(const char *s, size_t len, size_t pos, uint32_t *cp,
                                       size_t *used)
{
    uint32_t hi;
    uint32_t lo;
    enum esc_result r = read_hex4(s, len, pos + ESC_SHORT_LEN, &hi);

    if (r != ESC_OK) {
        return r;
    }
    if (hi >= SURROGATE_LOW_MIN && hi <= SURROGATE_LOW_MAX) {
        return ESC_BAD;
    }
    if (hi < SURROGATE_HIGH_MIN || hi > SURROGATE_HIGH_MAX) {
        *cp = hi;
        *used = ESC_U_LEN;
        return ESC_OK;
    }
    /* A high surrogate must be followed by "\\u"; anything else (including
     * the closing quote) makes it a lone surrogate, a string error. Only
     * text that ends right here is cut short. */
    if (pos + ESC_U_LEN >= len) {
        return ESC_SHORT;
    }
    if (s[pos + ESC_U_LEN] != '\\') {
        return ESC_BAD;
    }
    if (pos + ESC_U_LEN + 1u >= len) {
        return ESC_SHORT;
    }
    if (s[pos + ESC_U_LEN + 1u] != 'u') {
        return ESC_BAD;
    }
    r = read_hex4(s, len, pos + ESC_U_LEN + ESC_SHORT_LEN, &lo);
    if (r != ESC_OK) {
        return r;
    }
    if (lo < SURROGATE_LOW_MIN || lo > SURROGATE_LOW_MAX) {
        return ESC_BAD;
    }
    *cp = SUPPLEMENTARY_BASE + ((hi - SURROGATE_HIGH_MIN) << 10) + (lo - SURROGATE_LOW_MIN);
    *used = (size_t)2u * ESC_U_LEN;
    return ESC_OK;
}

/* Any escape at s[pos] (pointing at the backslash). */
static enum esc_result decode_escape(const char *s, size_t len, size_t pos, uint32_t *cp,
                                     size_t *used)
{
    if (pos + 1u >= len) {
        return ESC_SHORT;
    }
    *used = ESC_SHORT_LEN;
    switch (s[pos + 1u]) {
    case '"':
    case '\\':
    case '/':
        *cp = (uint8_t)s[pos + 1u];
        return ESC_OK;
    case 'b':
        *cp = 0x08u;
        return ESC_OK;
    case 'f':
        *cp = 0x0Cu;
        return ESC_OK;
    case 'n':
        *cp = 0x0Au;
        return ESC_OK;
    case 'r':
        *cp = 0x0Du;
        return ESC_OK;
    case 't':
        *cp = 0x09u;
        return ESC_OK;
    case 'u':
        return decode_u_escape(s, len, pos, cp, used);
    default:
        return ESC_BAD;
    }
}

/* Length of the well-formed UTF-8 sequence at s[pos] (lead byte >= 0x80), or 0
 * when it is not one. Follows Unicode table 3-7: the second byte's range is
 * what excludes overlong forms, surrogates (ED A0..BF) and code points above
 * U+10FFFF; a missing byte (text ends) is malformed too. */
static size_t utf8_sequence_len(const char *s, size_t len, size_t pos)
{
    uint8_t c0 = (uint8_t)s[pos];
    uint8_t lo = 0x80u;
    uint8_t hi = 0xBFu;
    size_t n;
    size_t k;

    if (c0 >= 0xC2u && c0 <= 0xDFu) {
        n = 2u;
    } else if (c0 >= 0xE0u && c0 <= 0xEFu) {
        n = 3u;
        lo = (c0 == 0xE0u) ? 0xA0u : 0x80u;
        hi = (c0 == 0xEDu) ? 0x9Fu : 0xBFu;
    } else if (c0 >= 0xF0u && c0 <= 0xF4u) {
        n = 4u;
        lo = (c0 == 0xF0u) ? 0x90u : 0x80u;
        hi = (c0 == 0xF4u) ? 0x8Fu : 0xBFu;
    } else {
        return 0; /* stray continuation byte, C0/C1 overlong lead, or F5..FF */
    }
    if (len - pos < n) {
        return 0;
    }
    if ((uint8_t)s[pos + 1u] < lo || (uint8_t)s[pos + 1u] > hi) {
        return 0;
    }
    for (k = 2u; k < n; k++) {
        if (((uint8_t)s[pos + k] & 0xC0u) != 0x80u) {
            return 0;
        }
    }
    return n;
}

int ejwt_json_scan_string(const char *s, size_t len, size_t *pos)
{
    size_t i;

    EJWT_REQUIRE(s != NULL && pos != NULL);
    i = *pos;
    while (i < len) {
        uint8_t c = (uint8_t)s[i];
        /* Plain printable ASCII, the bulk of any token, needs no other test. */
        if (c >= JSON_CONTROL_LIMIT && c < 0x80u && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c == '"') {
            *pos = i + 1u;
            return EJWT_OK;
        }
        if (c == '\\') {
            uint32_t cp;
            size_t used = 0;
            enum esc_result r = decode_escape(s, len, i, &cp, &used);
            if (r == ESC_SHORT) {
                return EJWT_ERR_JSON_SYNTAX; /* the string never closes */
            }
            if (r != ESC_OK) {
                return EJWT_ERR_JSON_STRING;
            }
            i += used;
        } else if (c < JSON_CONTROL_LIMIT) {
            return EJWT_ERR_JSON_STRING;
        } else if (c < 0x80u) {
            i++;
        } else {
            size_t n = utf8_sequence_len(s, len, i);
            if (n == 0u) {
                return EJWT_ERR_JSON_STRING;
            }
            i += n;
        }
    }
    return EJWT_ERR_JSON_SYNTAX;
}

/* ---- decoding validated strings ------------------------------------------ */

/* Yields the unescaped UTF-8 bytes of a raw string content one at a time. */
typedef struct json_dec {
    const char *s;
    size_t len;
    size_t pos;
    uint8_t buf[UTF8_MAX_BYTES];
    uint8_t n;     /* bytes in buf */
    uint8_t i;     /* next byte of buf to hand out */
    uint8_t plain; /* the text is a value already: a backslash is a byte */
    int bad;       /* the content was malformed (impossible after validation) */
} json_dec;

static void dec_init(json_dec *d, const char *s, size_t len, int plain)
{
    memset(d, 0, sizeof(*d));
    d->s = s;
    d->len = len;
    d->plain = (uint8_t)plain;
}

static uint8_t utf8_encode(uint32_t cp, uint8_t out[UTF8_MAX_BYTES])
{
    if (cp < 0x80u) {
        out[0] = (uint8_t)cp;
        return 1u;
    }
    if (cp < 0x800u) {
        out[0] = (uint8_t)(0xC0u | (cp >> 6));
        out[1] = (uint8_t)(0x80u | (cp & 0x3Fu));
        return 2u;
    }
    if (cp < SUPPLEMENTARY_BASE) {
        out[0] = (uint8_t)(0xE0u | (cp >> 12));
        out[1] = (uint8_t)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (uint8_t)(0x80u | (cp & 0x3Fu));
        return 3u;
    }
    out[0] = (uint8_t)(0xF0u | (cp >> 18));
    out[1] = (uint8_t)(0x80u | ((cp >> 12) & 0x3Fu));
    out[2] = (uint8_t)(0x80u | ((cp >> 6) & 0x3Fu));
    out[3] = (uint8_t)(0x80u | (cp & 0x3Fu));
    return 4u;
}

/* The next unescaped byte: 1 when *b was set, 0 at the end (or when bad). */
static int dec_next(json_dec *d, uint8_t *b)
{
    if (d->i >= d->n) {
        uint32_t cp;
        size_t used = 0;

        if (d->bad || d->pos >= d->len) {
            return 0;
        }
        d->i = 0;
        if (d->plain || d->s[d->pos] != '\\') {
            /* Raw bytes, multi-byte UTF-8 included, pass through unchanged. */
            d->buf[0] = (uint8_t)d->s[d->pos];
            d->n = 1u;
            d->pos++;
        } else if (decode_escape(d->s, d->len, d->pos, &cp, &used) == ESC_OK) {
            d->n = utf8_encode(cp, d->buf);
            d->pos += used;
        } else {
            d->bad = 1;
            d->n = 0;
            return 0;
        }
    }
    *b = d->buf[d->i++];
    return 1;
}

/* Do raw content \p a (escaped) and \p b (escaped, or a plain value when
 * \p b_plain) decode to the same bytes? */
static int decoded_equal(const char *a, size_t a_len, const char *b, size_t b_len, int b_plain)
{
    json_dec da;
    json_dec db;

    /* Text without a backslash is its own value: most comparisons (member
     * lookups) end here. */
    if (memchr(a, '\\', a_len) == NULL && (b_plain || memchr(b, '\\', b_len) == NULL)) {
        return a_len == b_len && (a_len == 0u || memcmp(a, b, a_len) == 0);
    }
    dec_init(&da, a, a_len, 0);
    dec_init(&db, b, b_len, b_plain);
    for (;;) {
        uint8_t ca = 0;
        uint8_t cb = 0;
        int ra = dec_next(&da, &ca);
        int rb = dec_next(&db, &cb);
        if (ra != rb || ca != cb) {
            return 0;
        }
        if (ra == 0) {
            /* Both ended: equal unless one stopped at a malformed escape. */
            return !da.bad && !db.bad;
        }
    }
}

int ejwt_json_text_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return decoded_equal(a, a_len, b, b_len, 0);
}

/* Checks shared by the string accessors: the index, then the type. */
static int string_content(const ejwt_json *doc, int idx, json_dec *d)
{
    const jsmntok_t *t;

    if (ejwt_json_tok(doc, idx) == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    t = ejwt_json_string_tok(doc, idx);
    if (t == NULL) {
        return EJWT_ERR_JSON_TYPE;
    }
    dec_init(d, doc->text + t->start, (size_t)(t->end - t->start), 0);
    return EJWT_OK;
}

int ejwt_json_string_equals(const ejwt_json *doc, int idx, const char *s, size_t s_len)
{
    const jsmntok_t *t;
    size_t raw_len;

    EJWT_REQUIRE(doc != NULL);
    EJWT_REQUIRE(s != NULL || s_len == 0);
    if (ejwt_json_tok(doc, idx) == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    t = ejwt_json_string_tok(doc, idx);
    if (t == NULL) {
        return EJWT_ERR_JSON_TYPE;
    }
    raw_len = (size_t)(t->end - t->start);
    /* Unescaping never lengthens a string: a raw text shorter than s cannot
     * unescape to it. */
    if (raw_len < s_len) {
        return 0;
    }
    /* Exact: nothing may follow s, not even an escaped U+0000. */
    return decoded_equal(doc->text + t->start, raw_len, s, s_len, 1);
}

int ejwt_json_string_copy(const ejwt_json *doc, int idx, char *buf, size_t cap, size_t *out_len)
{
    json_dec d;
    size_t need = 0;
    size_t k;
    uint8_t b = 0;
    int ret;

    EJWT_REQUIRE(out_len != NULL);
    *out_len = 0;
    EJWT_REQUIRE(doc != NULL);
    EJWT_REQUIRE(buf != NULL || cap == 0);
    if (cap > 0u) {
        buf[0] = '\0'; /* what every failure leaves */
    }
    ret = string_content(doc, idx, &d);
    if (ret != EJWT_OK) {
        return ret;
    }
    /* First pass: the length, and whether a U+0000 would cut the C string. */
    while (dec_next(&d, &b)) {
        if (b == 0u) {
            return EJWT_ERR_JSON_NUL;
        }
        need++;
    }
    if (d.bad) {
        return EJWT_ERR_JSON_STRING;
    }
    if (cap <= need) {
        *out_len = need + 1u; /* the size that fits it, terminator included */
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    *out_len = need;
    (void)string_content(doc, idx, &d);
    for (k = 0; k < need && dec_next(&d, &b); k++) {
        buf[k] = (char)b;
    }
    buf[need] = '\0';
    return EJWT_OK;
}

/* Exposed for the token builder, which must refuse invalid UTF-8 in the
 * strings it escapes. */
size_t ejwt_json_utf8_len(const char *s, size_t len, size_t pos)
{
    return utf8_sequence_len(s, len, pos);
}
