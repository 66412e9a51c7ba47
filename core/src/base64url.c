/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Strict base64url (RFC 4648 section 5, no padding).
 *
 * Two decoders share one contract: the ordinary one uses a lookup table and
 * stops at the first bad character; the constant-time one (for key material)
 * maps every character with arithmetic masks, so neither a branch nor a memory
 * address depends on the text, and reports an accumulated error flag once.
 * The two encoders share one loop and differ only in how a 6-bit value
 * becomes a character: by the table, or by the same kind of masks.
 */
#include "ejwt/base64url.h"

#include "ejwt/error.h"
#include "base64url_internal.h"
#include "internal.h"

/* Table value of a byte that is not in the base64url alphabet. */
#define B64_INVALID 0xFFu

/* Characters in a full quantum, and the bytes it carries. */
#define B64_QUANTUM_CHARS 4u
#define B64_QUANTUM_BYTES 3u

/* Largest input whose encoded length still fits in a size_t. */
#define B64_ENCODE_MAX_IN ((SIZE_MAX / B64_QUANTUM_CHARS) * B64_QUANTUM_BYTES)

static const char b64_alphabet[64] = {
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
    'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f',
    'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v',
    'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '_'};

/* Inverse alphabet over the span it occupies, '-' (0x2D) to 'z' (0x7A): a
 * third of a 256-entry table, which matters in a verifier image of a few
 * kilobytes. Every byte outside the span or the alphabet (including '=',
 * '+', '/', spaces and everything >= 0x80) maps to B64_INVALID. */
#define B64_TABLE_FIRST 0x2Du
#define B64_TABLE_LEN 78u
#define X B64_INVALID
static const uint8_t b64_table[B64_TABLE_LEN] = {
    62, X,  X,                                          /* 0x2D '-' */
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61,             /* 0x30 '0'-'9' */
    X,  X,  X,  X,  X,  X,  X,                          /* 0x3A */
    0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, /* 0x41 'A'- */
    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, /* -'Z' */
    X,  X,  X,  X,  63, X,                              /* 0x5B, 0x5F '_' */
    26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, /* 0x61 'a'- */
    39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, /* -'z' */
};
#undef X

/* The 6-bit value of byte c, or B64_INVALID. */
static uint32_t b64_value(uint8_t c)
{
    uint32_t k = (uint32_t)c - B64_TABLE_FIRST; /* wraps for c < '-' */
    return k < B64_TABLE_LEN ? b64_table[k] : B64_INVALID;
}

/* The encoder loop is inlined into each encoder even at -Os, so each calls
 * its mapping directly: the table encoder keeps one load per character, not
 * a call through a pointer, and an image that never calls the constant-time
 * encoder links none of it (--gc-sections). */
#if defined(__GNUC__)
#define B64_ENCODER_INLINE inline __attribute__((always_inline))
#else
#define B64_ENCODER_INLINE inline
#endif

/* Maps a 6-bit value to its character. */
typedef char (*b64_char_fn)(uint32_t v);

static char b64_char_table(uint32_t v)
{
    return b64_alphabet[v];
}

/* Both encoders' loop: exactly EJWT_B64URL_ENCODED_LEN(in_len) characters,
 * no terminator. Branches and addresses depend only on in_len, so the
 * mapping decides whether the whole is constant time. */
static B64_ENCODER_INLINE void b64_encode_chars(const uint8_t *in, size_t in_len, char *out,
                                                b64_char_fn map)
{
    size_t i = 0;
    size_t o = 0;

    for (; in_len - i >= B64_QUANTUM_BYTES; i += B64_QUANTUM_BYTES) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1] << 8) | in[i + 2];
        out[o++] = map((v >> 18) & 0x3Fu);
        out[o++] = map((v >> 12) & 0x3Fu);
        out[o++] = map((v >> 6) & 0x3Fu);
        out[o++] = map(v & 0x3Fu);
    }
    if (in_len - i != 0u) {
        /* One byte left gives two characters, two give three (no padding). */
        uint32_t v = (uint32_t)in[i] << 16;
        if (in_len - i == 2u) {
            v |= (uint32_t)in[i + 1] << 8;
        }
        out[o++] = map((v >> 18) & 0x3Fu);
        out[o++] = map((v >> 12) & 0x3Fu);
        if (in_len - i == 2u) {
            out[o] = map((v >> 6) & 0x3Fu);
        }
    }
}

size_t ejwt_b64url_encode_chars(const uint8_t *in, size_t in_len, char *out)
{
    b64_encode_chars(in, in_len, out, b64_char_table);
    return EJWT_B64URL_ENCODED_LEN(in_len);
}

/* The public contract of both encoders (buffer convention, ejwt.h): the
 * output is text, so it needs room for the terminator, and it holds "" on
 * failure. On EJWT_OK *out_len is the length to encode. */
static int b64_encode_check(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                            size_t *out_len)
{
    size_t need;

    if (out != NULL && out_cap > 0u) {
        out[0] = '\0';
    }
    EJWT_REQUIRE(out_len != NULL);
    *out_len = 0;
    EJWT_REQUIRE(in != NULL || in_len == 0);
    EJWT_REQUIRE(out != NULL || out_cap == 0);
    EJWT_REQUIRE(in_len <= B64_ENCODE_MAX_IN);

    need = EJWT_B64URL_ENCODED_LEN(in_len);
    if (out_cap <= need) {
        *out_len = need + 1u;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    *out_len = need;
    return EJWT_OK;
}

int ejwt_b64url_encode(const uint8_t *in, size_t in_len, char *out, size_t out_cap, size_t *out_len)
{
    int err = b64_encode_check(in, in_len, out, out_cap, out_len);

    if (err == EJWT_OK) {
        out[ejwt_b64url_encode_chars(in, in_len, out)] = '\0';
    }
    return err;
}

/* Table decoder, a quantum (4 characters, 3 bytes) at a time. Writes only
 * when out is not NULL, so the same pass validates input for which the
 * caller's buffer is too small. Invalid characters map to B64_INVALID, whose
 * top bits no alphabet value has: they are collected in one mask and checked
 * once at the end instead of once per character. On failure the caller wipes
 * what was written. in_len % 4 must not be 1. Returns 0 or -1. */
static int b64_decode_table(const char *in, size_t in_len, uint8_t *out)
{
    const uint8_t *s = (const uint8_t *)in;
    size_t tail = in_len % B64_QUANTUM_CHARS;
    size_t full = in_len - tail;
    size_t i = 0;
    size_t o = 0;
    uint32_t seen = 0; /* OR of every table value */
    uint32_t v;

    for (; i < full; i += B64_QUANTUM_CHARS) {
        uint32_t a = b64_value(s[i]), b = b64_value(s[i + 1u]);
        uint32_t c = b64_value(s[i + 2u]), d = b64_value(s[i + 3u]);
        seen |= a | b | c | d;
        v = (a << 18) | (b << 12) | (c << 6) | d;
        if (out != NULL) {
            out[o] = (uint8_t)(v >> 16);
            out[o + 1u] = (uint8_t)(v >> 8);
            out[o + 2u] = (uint8_t)v;
        }
        o += B64_QUANTUM_BYTES;
    }
    if (tail >= 2u) {
        uint32_t a = b64_value(s[i]), b = b64_value(s[i + 1u]);
        uint32_t c = tail == 3u ? b64_value(s[i + 2u]) : 0u;
        seen |= a | b | c;
        v = (a << 18) | (b << 12) | (c << 6);
        /* The bits left over (4 or 2) must be zero, so every byte string
         * has exactly one accepted encoding. */
        if ((tail == 2u ? (v & 0xFFFFu) : (v & 0xFFu)) != 0u) {
            return -1;
        }
        if (out != NULL) {
            out[o] = (uint8_t)(v >> 16);
            if (tail == 3u) {
                out[o + 1u] = (uint8_t)(v >> 8);
            }
        }
    }
    return (seen & (uint32_t)B64_INVALID & ~0x3Fu) != 0u ? -1 : 0;
}

int ejwt_b64url_decode(const char *in, size_t in_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
    size_t need;

    EJWT_REQUIRE(out_len != NULL);
    *out_len = 0;
    EJWT_REQUIRE(in != NULL || in_len == 0);
    EJWT_REQUIRE(out != NULL || out_cap == 0);

    if (in_len % B64_QUANTUM_CHARS == 1u) {
        return EJWT_ERR_BASE64;
    }
    need = EJWT_B64URL_DECODED_MAX(in_len);
    /* Validate first when the buffer is too small: bad input is reported as
     * such whatever the buffer. */
    if (b64_decode_table(in, in_len, out_cap < need ? NULL : out) != 0) {
        if (out_cap >= need) {
            ejwt_wipe(out, need); /* no partly decoded bytes left behind */
        }
        return EJWT_ERR_BASE64;
    }
    *out_len = need;
    return out_cap < need ? EJWT_ERR_BUFFER_TOO_SMALL : EJWT_OK;
}

/* ---- constant time --------------------------------------------------------
 * Masks are all ones (true) or all zeros (false). Arguments are below 2^31, so
 * the borrow of a - b lands in bit 31 exactly when a < b. */

static uint32_t ct_lt(uint32_t a, uint32_t b)
{
    return 0u - ((a - b) >> 31);
}

static uint32_t ct_in_range(uint32_t c, uint32_t lo, uint32_t hi)
{
    return ~(ct_lt(c, lo) | ct_lt(hi, c));
}

static uint32_t ct_eq(uint32_t a, uint32_t b)
{
    return ct_in_range(a, b, b);
}

/* The character of 6-bit value v: 'A' + v, moved by one step at each
 * boundary of the alphabet that v has passed. */
static char b64_char_ct(uint32_t v)
{
    uint32_t c = v + 'A';

    c += ct_lt(25u, v) & 6u;  /* 26..51: 'a' - 26 = 'A' + 6 */
    c -= ct_lt(51u, v) & 75u; /* 52..61: '0' - 52 = 'a' - 26 - 75 */
    c -= ct_lt(61u, v) & 13u; /* 62: '-' = '0' - 52 + 62 - 13 */
    c += ct_lt(62u, v) & 49u; /* 63: '_' = '-' + 1 + 49 */
    return (char)c;
}

int ejwt_b64url_encode_ct(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                          size_t *out_len)
{
    int err = b64_encode_check(in, in_len, out, out_cap, out_len);

    if (err == EJWT_OK) {
        b64_encode_chars(in, in_len, out, b64_char_ct);
        out[*out_len] = '\0';
    }
    return err;
}

/* The 6-bit value of c; *err collects all ones when c is not in the alphabet. */
static uint32_t ct_char_value(uint32_t c, uint32_t *err)
{
    uint32_t upper = ct_in_range(c, 'A', 'Z');
    uint32_t lower = ct_in_range(c, 'a', 'z');
    uint32_t digit = ct_in_range(c, '0', '9');
    uint32_t dash = ct_eq(c, '-');
    uint32_t under = ct_eq(c, '_');

    *err |= ~(upper | lower | digit | dash | under);
    return (upper & (c - 'A')) | (lower & (c - 'a' + 26u)) | (digit & (c - '0' + 52u)) |
           (dash & 62u) | (under & 63u);
}

/* Constant-time decoder: every character goes through the same arithmetic,
 * and the only branches depend on in_len and on out being NULL. Returns the
 * error mask (0 when valid). */
static uint32_t b64_decode_ct(const char *in, size_t in_len, uint8_t *out)
{
    uint32_t err = 0;
    size_t i = 0;
    size_t o = 0;
    size_t tail = in_len % B64_QUANTUM_CHARS;

    for (; in_len - i >= B64_QUANTUM_CHARS; i += B64_QUANTUM_CHARS) {
        uint32_t v = (ct_char_value((uint8_t)in[i], &err) << 18) |
                     (ct_char_value((uint8_t)in[i + 1], &err) << 12) |
                     (ct_char_value((uint8_t)in[i + 2], &err) << 6) |
                     ct_char_value((uint8_t)in[i + 3], &err);
        if (out != NULL) {
            out[o] = (uint8_t)(v >> 16);
            out[o + 1] = (uint8_t)(v >> 8);
            out[o + 2] = (uint8_t)v;
        }
        o += B64_QUANTUM_BYTES;
    }
    if (tail >= 2u) {
        uint32_t v = (ct_char_value((uint8_t)in[i], &err) << 18) |
                     (ct_char_value((uint8_t)in[i + 1], &err) << 12);
        if (tail == 3u) {
            v |= ct_char_value((uint8_t)in[i + 2], &err) << 6;
        }
        /* Unused trailing bits must be zero: bits 8..15 after one output
         * byte, bits 0..7 after two. */
        err |= (tail == 2u) ? (v & 0xFFFFu) : (v & 0xFFu);
        if (out != NULL) {
            out[o] = (uint8_t)(v >> 16);
            if (tail == 3u) {
                out[o + 1] = (uint8_t)(v >> 8);
            }
        }
    }
    return err;
}

int ejwt_b64url_decode_ct(const char *in, size_t in_len, uint8_t *out, size_t out_cap,
                          size_t *out_len)
{
    size_t need;
    uint8_t *dst;

    EJWT_REQUIRE(out_len != NULL);
    *out_len = 0;
    EJWT_REQUIRE(in != NULL || in_len == 0);
    EJWT_REQUIRE(out != NULL || out_cap == 0);

    if (in_len % B64_QUANTUM_CHARS == 1u) {
        return EJWT_ERR_BASE64;
    }
    need = EJWT_B64URL_DECODED_MAX(in_len);
    dst = out_cap < need ? NULL : out;
    if (b64_decode_ct(in, in_len, dst) != 0u) {
        if (dst != NULL) {
            ejwt_wipe(dst, need);
        }
        return EJWT_ERR_BASE64;
    }
    *out_len = need;
    return out_cap < need ? EJWT_ERR_BUFFER_TOO_SMALL : EJWT_OK;
}
