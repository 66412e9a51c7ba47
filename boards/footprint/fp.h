/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the footprint reference images (scripts/footprint): the typical
 * device token they verify, and the report line the script parses.
 */
#ifndef EJWT_FP_H
#define EJWT_FP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/qemu_board.h"

#define FP_NOW 1700000100

/* ES256 as the image's configuration signs it: RFC 6979 nonces in the
 * deterministic-ECDSA variant (EJWT_ES256_DETERMINISTIC), random ones else. */
#if defined(EJWT_ES256_DETERMINISTIC) && EJWT_ES256_DETERMINISTIC
#define FP_ES256_SIGN_ALG PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)
#else
#define FP_ES256_SIGN_ALG PSA_ALG_ECDSA(PSA_ALG_SHA_256)
#endif

/* The device's persistent key (a fresh flash file per run: always created). */
#define FP_DEVICE_KEY_ID 0x0E1D0001u

/* An ES256 device token (448 bytes; iss, sub, aud, scope, fw, iat, exp, jti)
 * signed by fp_point's key, and an HS256 token with the same claims. */
static const char fp_es256_token[] =
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImRldi1rZXktMSJ9."
    "eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiJkZXZpY2UtMDA0Mi1hMWIyYzNkNGU1ZjYiLCJh"
    "dWQiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS90ZWxlbWV0cnkiLCJzY29wZSI6InRlbGVtZXRyeTp3cml0ZSBjb25m"
    "aWc6cmVhZCIsImZ3IjoiMS40LjIiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwianRpIjoibXg0Y2FC"
    "NzNibEY1ZnRaQThlazVVQSJ9."
    "Jtg9cBRuJ7ioos0Rdg2TQ97mTgrnjWXQ_0Y8JKPZ6PVjK9ydSVCszVFDO6u1rDW_yeeCXvglhGsTdhlRHSW6Sg";

static const char fp_hs256_token[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJzdWIiOiJkZXZpY2UtMDA0Mi1hMWIyYzNkNGU1ZjYiLCJh"
    "dWQiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS90ZWxlbWV0cnkiLCJzY29wZSI6InRlbGVtZXRyeTp3cml0ZSBjb25m"
    "aWc6cmVhZCIsImZ3IjoiMS40LjIiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0."
    "ebnZZs_XGKVi3dDt4hR5VK83NyMbx4H4ILQuo63du1s";

static const uint8_t fp_hs256_secret[32] = "0123456789abcdef0123456789abcdef";

static const uint8_t fp_point[65] = {
    0x04, 0x15, 0xcf, 0x24, 0x9c, 0x03, 0x52, 0xf6, 0x7d, 0x79, 0x18, 0xd4, 0x8c,
    0xb5, 0xfd, 0xb3, 0x93, 0xeb, 0x8d, 0x70, 0x9a, 0x8f, 0x56, 0x34, 0x0c, 0xf1,
    0xfd, 0xd6, 0x96, 0x15, 0x90, 0x47, 0x53, 0x7f, 0x00, 0x02, 0x9d, 0xfb, 0xbd,
    0x5d, 0x42, 0xe9, 0x00, 0x20, 0xa2, 0x07, 0x36, 0xa0, 0x10, 0xcb, 0x89, 0x8c,
    0x5a, 0x1b, 0x9d, 0xe5, 0x93, 0xbc, 0x59, 0x87, 0xaf, 0xd3, 0x38, 0x4c, 0x88};

/* The line scripts/footprint reads; exit status 0 only if every step passed. */
static inline int fp_report(const char *image, int failed_step)
{
    ejwt_bm_printf("FOOTPRINT image=%s board=%s stack_peak=%u arena_peak=%u failed_step=%d\n",
                   image, ejwt_board.name, (unsigned)ejwt_bm_stack_peak(),
                   (unsigned)ejwt_mcu_arena_peak(), failed_step);
    return failed_step == 0 ? 0 : 1;
}

/* The floors' signature decoder: the base64url segment after the token's
 * last dot into \p out (at most \p cap bytes). The floors make no ejwt call,
 * so they carry this small decoder of their own; the tokens are known good. */
static inline size_t fp_floor_sig(const char *token, uint8_t *out, size_t cap)
{
    const char *p = strrchr(token, '.') + 1;
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;

    for (; *p != '\0' && o < cap; p++) {
        char c = *p;
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '-'             ? 62
                                       : 63;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6u;
        if (bits >= 8u) {
            bits -= 8u;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    return o;
}

#endif /* EJWT_FP_H */
