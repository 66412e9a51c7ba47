/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers that every layer of ejwt shares (core, platform services,
 * ports): the caller-bug check, wiping, CRC-32, fixed-endian integers and
 * bounded string lengths. One definition each, in the private target
 * ejwt_common; nothing here is public API, and no header under include/
 * includes this one.
 */
#ifndef EJWT_COMMON_H
#define EJWT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

/* A caller bug: trap through EJWT_ASSERT (debug builds), and still return an
 * error when assertions are compiled out, so a release build never walks on
 * through a NULL pointer. */
#define EJWT_REQUIRE(cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            EJWT_ASSERT(cond);                                                                     \
            return EJWT_ERR_INVALID_ARG;                                                           \
        }                                                                                          \
    } while (0)

/* Zero memory in a way the compiler may not elide (secrets, failed
 * outputs). NULL or 0 does nothing. */
void ejwt_wipe(void *p, size_t n);

/* CRC-32 (IEEE 802.3, reflected, as zlib): start with crc = 0 and chain
 * calls to cover data in pieces. */
uint32_t ejwt_crc32(uint32_t crc, const void *p, size_t n);

/* Fixed-endian integers in byte buffers (storage formats). */
static inline void ejwt_put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline uint32_t ejwt_get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void ejwt_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline uint16_t ejwt_get_be16(const uint8_t *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static inline void ejwt_put_be64(uint8_t *p, uint64_t v)
{
    unsigned i;

    for (i = 0; i < 8u; i++) {
        p[i] = (uint8_t)(v >> (56u - 8u * i));
    }
}

static inline uint64_t ejwt_get_be64(const uint8_t *p)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < 8u; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

/* The length of the terminated string \p s when it is 1..max bytes long,
 * else 0 (NULL, empty or longer): reads at most max + 1 bytes. */
static inline size_t ejwt_bounded_len(const char *s, size_t max)
{
    size_t n = 0;

    if (s == NULL) {
        return 0;
    }
    while (n <= max && s[n] != '\0') {
        n++;
    }
    return n <= max ? n : 0u;
}

#endif /* EJWT_COMMON_H */
