/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Header-only helpers shared by the vectors and attacks tests.
 *
 * Everything here is independent of the core's own base64url and JSON code,
 * so a fixture built with these helpers does not assume the code under test
 * is right. No allocation: every output goes into a caller buffer.
 */
#ifndef EJWT_TEST_UTIL_H
#define EJWT_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/ejwt.h>

static const char tu_b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Encode \p in as unpadded base64url into \p out; returns the length written,
 * or SIZE_MAX when \p cap is too small (nothing terminated). */
static inline size_t tu_b64url_encode(const uint8_t *in, size_t in_len, char *out, size_t cap)
{
    size_t need = EJWT_B64URL_ENCODED_LEN(in_len);
    size_t i = 0;
    size_t o = 0;
    if (need > cap) {
        return SIZE_MAX;
    }
    while (i + 3u <= in_len) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1u] << 8) | in[i + 2u];
        out[o++] = tu_b64url_alphabet[(v >> 18) & 63u];
        out[o++] = tu_b64url_alphabet[(v >> 12) & 63u];
        out[o++] = tu_b64url_alphabet[(v >> 6) & 63u];
        out[o++] = tu_b64url_alphabet[v & 63u];
        i += 3u;
    }
    if (in_len - i == 1u) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = tu_b64url_alphabet[(v >> 18) & 63u];
        out[o++] = tu_b64url_alphabet[(v >> 12) & 63u];
    } else if (in_len - i == 2u) {
        uint32_t v = ((uint32_t)in[i] << 16) | ((uint32_t)in[i + 1u] << 8);
        out[o++] = tu_b64url_alphabet[(v >> 18) & 63u];
        out[o++] = tu_b64url_alphabet[(v >> 12) & 63u];
        out[o++] = tu_b64url_alphabet[(v >> 6) & 63u];
    }
    return o;
}

/* The 6-bit value of a base64url character, or -1. */
static inline int tu_b64url_value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '-') {
        return 62;
    }
    if (c == '_') {
        return 63;
    }
    return -1;
}

/* Decode unpadded base64url fixture text; returns the decoded length, or
 * SIZE_MAX on a bad character, bad length or too small buffer. */
static inline size_t tu_b64url_decode(const char *in, size_t in_len, uint8_t *out, size_t cap)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    size_t i;
    if (in_len % 4u == 1u) {
        return SIZE_MAX;
    }
    for (i = 0; i < in_len; i++) {
        int v = tu_b64url_value(in[i]);
        if (v < 0) {
            return SIZE_MAX;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6u;
        if (bits >= 8u) {
            bits -= 8u;
            if (o >= cap) {
                return SIZE_MAX;
            }
            out[o++] = (uint8_t)((acc >> bits) & 0xffu);
        }
    }
    return o;
}

/* Decode the base64url string member \p name ("d", "x", ...) of a fixture
 * JWK written as compact JSON. Returns the decoded length or SIZE_MAX. */
static inline size_t tu_jwk_member(const char *jwk, const char *name, uint8_t *out, size_t cap)
{
    char pat[16];
    const char *p;
    const char *end;
    size_t n = strlen(name);
    if (n + 4u > sizeof pat) {
        return SIZE_MAX;
    }
    pat[0] = '"';
    memcpy(pat + 1, name, n);
    pat[n + 1u] = '"';
    pat[n + 2u] = ':';
    pat[n + 3u] = '"';
    pat[n + 4u] = '\0';
    p = strstr(jwk, pat);
    if (p == NULL) {
        return SIZE_MAX;
    }
    p += n + 4u;
    end = strchr(p, '"');
    if (end == NULL) {
        return SIZE_MAX;
    }
    return tu_b64url_decode(p, (size_t)(end - p), out, cap);
}

/* Parse lowercase or uppercase hex into \p out; returns length or SIZE_MAX. */
static inline size_t tu_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = strlen(hex);
    size_t i;
    if (n % 2u != 0u || n / 2u > cap) {
        return SIZE_MAX;
    }
    for (i = 0; i < n / 2u; i++) {
        unsigned v = 0;
        size_t j;
        for (j = 0; j < 2u; j++) {
            char c = hex[2u * i + j];
            unsigned d;
            if (c >= '0' && c <= '9') {
                d = (unsigned)(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                d = (unsigned)(c - 'a') + 10u;
            } else if (c >= 'A' && c <= 'F') {
                d = (unsigned)(c - 'A') + 10u;
            } else {
                return SIZE_MAX;
            }
            v = (v << 4) | d;
        }
        out[i] = (uint8_t)v;
    }
    return n / 2u;
}

/* 1 when the \p n bytes at \p p are all zero. */
static inline int tu_all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    uint8_t acc = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        acc |= b[i];
    }
    return acc == 0u;
}

/* 1 when \p needle (n bytes, n > 0) occurs in the \p hay_len bytes of \p hay. */
static inline int tu_contains(const void *hay, size_t hay_len, const void *needle, size_t n)
{
    const uint8_t *h = (const uint8_t *)hay;
    size_t i;
    if (n == 0u || n > hay_len) {
        return 0;
    }
    for (i = 0; i + n <= hay_len; i++) {
        if (memcmp(h + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/*
 * Build a compact JWS "b64(header).b64(payload).b64(sig)" in \p out
 * (terminated), signing the signing input with \p key through
 * ejwt_signature_sign(). Returns the token length, or SIZE_MAX on any error
 * (*err receives the signing error, may be NULL).
 */
static inline size_t tu_build_jws(const char *header, size_t header_len, const uint8_t *payload,
                                  size_t payload_len, const ejwt_key *key, char *out, size_t cap,
                                  int *err)
{
    uint8_t sig[64];
    size_t sig_len = 0;
    size_t o;
    size_t n;
    int rc;
    if (err != NULL) {
        *err = EJWT_OK;
    }
    n = tu_b64url_encode((const uint8_t *)header, header_len, out, cap);
    if (n == SIZE_MAX || n + 1u >= cap) {
        return SIZE_MAX;
    }
    o = n;
    out[o++] = '.';
    n = tu_b64url_encode(payload, payload_len, out + o, cap - o);
    if (n == SIZE_MAX) {
        return SIZE_MAX;
    }
    o += n;
    rc = ejwt_signature_sign(key, (const uint8_t *)out, o, sig, sizeof sig, &sig_len);
    if (err != NULL) {
        *err = rc;
    }
    if (rc != EJWT_OK || o + 1u >= cap) {
        return SIZE_MAX;
    }
    out[o++] = '.';
    n = tu_b64url_encode(sig, sig_len, out + o, cap - o);
    if (n == SIZE_MAX || o + n >= cap) {
        return SIZE_MAX;
    }
    o += n;
    out[o] = '\0';
    return o;
}

#endif /* EJWT_TEST_UTIL_H */
