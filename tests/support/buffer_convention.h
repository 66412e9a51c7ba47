/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The buffer convention of ejwt.h, checked the same way for every function
 * of the public API that writes a caller buffer: the core, platform and auth
 * suites (test_buffer_convention.c in each) describe a function by a
 * ::bc_spec and call bc_check().
 *
 * For an output of L units (characters without the terminator, bytes, or
 * array elements), with need = L + 1 for text and L for binary:
 *  - a roomy buffer:         EJWT_OK, length L (text: terminated at L);
 *  - the exact fit (need):   EJWT_OK, length L (text: terminated at L);
 *  - need - 1:               EJWT_ERR_BUFFER_TOO_SMALL, length need, and the
 *                            buffer in the state the function documents;
 *  - size 0, buffer given:   EJWT_ERR_BUFFER_TOO_SMALL, length need, nothing
 *                            written (there is no room even for "");
 *  - NULL with size 0:       the same (a size query), where allowed.
 * (For a binary output of length 0 the exact fit is size 0: EJWT_OK.) A
 * function documented to report an upper bound when it has no room at all
 * sets upper_bound_when_empty: there, size 0 and the query may report more.
 * Every call runs in a buffer filled with a pattern and followed by a guard
 * area, and nothing past `size` may change: the boards have no
 * AddressSanitizer, so this is what catches a write past the end there.
 *
 * Include after <cmocka.h>. No allocation (the boards link no heap).
 */
#ifndef EJWT_BUFFER_CONVENTION_H
#define EJWT_BUFFER_CONVENTION_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/error.h>

/* Bytes a checked output may take (a suite may define more before the
 * include; the default keeps the boards with little RAM in mind), and the
 * guard area after it. */
#ifndef BC_AREA
#define BC_AREA 1024u
#endif
#define BC_GUARD 32u
#define BC_FILL 0xA5u

/* Produce the output into (buf, size) and report its length: one call of
 * the function under test, with whatever set-up it needs from ctx. */
typedef int (*bc_fn)(void *ctx, void *buf, size_t size, size_t *len);

enum bc_kind {
    BC_TEXT = 1,  /* terminated: need = length + 1 */
    BC_BINARY = 2 /* not terminated: need = length */
};

/* What the buffer holds after a too-small report. */
enum bc_after {
    BC_AFTER_EMPTY = 1,    /* "": the first byte is the terminator */
    BC_AFTER_WIPED = 2,    /* every byte of it is zero */
    BC_AFTER_UNTOUCHED = 3 /* nothing written */
};

typedef struct bc_spec {
    const char *name; /* the function, for failure messages */
    bc_fn fn;
    void *ctx;
    int kind;           /* BC_TEXT or BC_BINARY */
    size_t elem;        /* bytes per unit: 1, or sizeof an array element */
    size_t len;         /* the output's length in units on success */
    int after_small;    /* a bc_after value */
    int size_query;     /* NULL with size 0 is allowed */
    const void *expect; /* the output on success (len units), or NULL */
    /* With no room at all (size 0, the NULL query) the function reports an
     * upper bound, as it documents: a size >= need, not exactly need. */
    int upper_bound_when_empty;
} bc_spec;

/* A spec for an output of \p len units of one byte, of \p kind (BC_TEXT or
 * BC_BINARY), that allows the NULL size query; \p expect may be NULL. A
 * suite changes the other fields (elem, size_query, ...) where it must. */
static inline bc_spec bc_spec_of(const char *name, bc_fn fn, void *ctx, int kind, size_t len,
                                 int after_small, const void *expect)
{
    bc_spec s;

    memset(&s, 0, sizeof(s));
    s.name = name;
    s.fn = fn;
    s.ctx = ctx;
    s.kind = kind;
    s.elem = 1;
    s.len = len;
    s.after_small = after_small;
    s.size_query = 1;
    s.expect = expect;
    return s;
}

static uint8_t bc_area[BC_AREA + BC_GUARD];

#define BC_EXPECT(cond, what, size)                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_msg("%s: %s (size %lu)\n", s->name, what, (unsigned long)(size));                 \
        }                                                                                          \
    } while (0)

/* Call the function with \p size units of the filled area; checks the guard. */
static inline int bc_call(const bc_spec *s, size_t size, size_t *len)
{
    size_t bytes = size * s->elem, i;
    int rc;

    BC_EXPECT(bytes <= BC_AREA, "test bug: output larger than BC_AREA", size);
    memset(bc_area, (int)BC_FILL, sizeof(bc_area));
    *len = 0xDEADu;
    rc = s->fn(s->ctx, bc_area, size, len);
    for (i = bytes; i < sizeof(bc_area); i++) {
        BC_EXPECT(bc_area[i] == BC_FILL, "wrote past the end of the buffer", size);
    }
    return rc;
}

static inline void bc_expect_success(const bc_spec *s, size_t size)
{
    size_t len = 0;
    int rc = bc_call(s, size, &len);

    if (rc != EJWT_OK) {
        fail_msg("%s: %s, expected EJWT_OK (size %lu)\n", s->name, ejwt_error_name(rc),
                 (unsigned long)size);
    }
    BC_EXPECT(len == s->len, "success length", size);
    if (s->kind == BC_TEXT) {
        BC_EXPECT(bc_area[len] == 0u, "text not terminated at its length", size);
        BC_EXPECT(strlen((const char *)bc_area) == len, "text holds a NUL before its end", size);
    }
    if (s->expect != NULL) {
        BC_EXPECT(memcmp(bc_area, s->expect, len * s->elem) == 0, "output differs", size);
    }
}

static inline void bc_expect_too_small(const bc_spec *s, size_t size, int after, size_t need,
                                       int upper_bound)
{
    size_t len = 0, i;
    int rc = bc_call(s, size, &len);

    if (rc != EJWT_ERR_BUFFER_TOO_SMALL) {
        fail_msg("%s: %s, expected EJWT_ERR_BUFFER_TOO_SMALL (size %lu)\n", s->name,
                 ejwt_error_name(rc), (unsigned long)size);
    }
    if (upper_bound ? len < need : len != need) {
        fail_msg("%s: too-small length %lu, expected the size that fits, %lu (size %lu)\n", s->name,
                 (unsigned long)len, (unsigned long)need, (unsigned long)size);
    }
    for (i = 0; i < size * s->elem; i++) {
        if (after == BC_AFTER_WIPED) {
            BC_EXPECT(bc_area[i] == 0u, "buffer not wiped after a too-small report", size);
        } else if (after == BC_AFTER_UNTOUCHED || i > 0u) {
            BC_EXPECT(bc_area[i] == BC_FILL, "buffer written after a too-small report", size);
        } else {
            BC_EXPECT(bc_area[0] == 0u, "buffer does not hold \"\" after a too-small report", size);
        }
    }
}

/* Every case of the convention for the function \p s describes. */
static inline void bc_check(const bc_spec *s)
{
    size_t need = s->len + (s->kind == BC_TEXT ? 1u : 0u);
    size_t roomy = need + 8u;
    int upper = s->upper_bound_when_empty;

    if (roomy * s->elem > BC_AREA) {
        roomy = BC_AREA / s->elem;
    }
    bc_expect_success(s, roomy);
    bc_expect_success(s, need);
    if (need > 0u) {
        bc_expect_too_small(s, need - 1u, s->after_small, need, need - 1u == 0u && upper);
        bc_expect_too_small(s, 0, BC_AFTER_UNTOUCHED, need, upper);
    } else {
        bc_expect_success(s, 0);
    }
    if (s->size_query) {
        size_t len = 0xDEADu;
        int rc = s->fn(s->ctx, NULL, 0, &len);
        BC_EXPECT(rc == (need > 0u ? EJWT_ERR_BUFFER_TOO_SMALL : EJWT_OK), "size query result", 0);
        BC_EXPECT(upper ? len >= need : len == need, "size query length", 0);
    }
}

#endif /* EJWT_BUFFER_CONVENTION_H */
