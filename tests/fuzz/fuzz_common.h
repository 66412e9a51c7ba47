/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared helpers of the libFuzzer targets: a property check that aborts
 * (libFuzzer then saves the input as a crash), zero and fill tests, and a
 * reader for the binary input formats.
 */
#ifndef EJWT_FUZZ_COMMON_H
#define EJWT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A violated property is a finding: report where, then abort. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static inline int fuzz_all_zero(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    uint8_t acc = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        acc |= b[i];
    }
    return acc == 0u;
}

/* Every byte of \p p is \p v: a buffer the call did not touch still holds
 * the fill the target put there. */
static inline int fuzz_all_byte(const void *p, size_t n, uint8_t v)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;

    for (i = 0; i < n; i++) {
        if (b[i] != v) {
            return 0;
        }
    }
    return 1;
}

/* The input, read front to back. Past the end every read gives zeros, so
 * any byte string is a valid input and a truncated one still runs. */
typedef struct fuzz_reader {
    const uint8_t *p;
    size_t n;
} fuzz_reader;

static inline uint8_t fuzz_u8(fuzz_reader *r)
{
    uint8_t b = 0;

    if (r->n > 0u) {
        b = *r->p++;
        r->n--;
    }
    return b;
}

/* \p bytes (at most 8) as a big-endian number: seeds stay readable in a hex dump. */
static inline uint64_t fuzz_be(fuzz_reader *r, unsigned bytes)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 0; i < bytes; i++) {
        v = v << 8 | fuzz_u8(r);
    }
    return v;
}

/* A big-endian int64 over the full range (two's complement, no overflow). */
static inline int64_t fuzz_i64(fuzz_reader *r)
{
    uint64_t u = fuzz_be(r, 8);

    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/* Up to \p want bytes of the input, in place; returns how many (*out is
 * never NULL, so an empty take is still a valid pointer). */
static inline size_t fuzz_take(fuzz_reader *r, size_t want, const uint8_t **out)
{
    size_t n = want < r->n ? want : r->n;

    *out = r->p;
    r->p += n;
    r->n -= n;
    return n;
}

#endif /* EJWT_FUZZ_COMMON_H */
