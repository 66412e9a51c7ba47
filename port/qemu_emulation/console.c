/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console and exit through semihosting, and a small formatter. newlib's
 * printf family allocates (its FILE buffers come from malloc), and board
 * images must link no heap, so nothing here touches stdio.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ejwt/qemu_board.h"
#include "semihost.h"

/* SYS_WRITE0 writes up to a NUL, so output is staged in a small buffer and
 * flushed a chunk at a time: one trap per chunk, not per character. */
#define CONSOLE_CHUNK 96u

typedef struct sink {
    char *buf;  /* snprintf target, or NULL for the console */
    size_t cap; /* capacity of buf */
    size_t len; /* characters produced so far (may exceed cap) */
    char chunk[CONSOLE_CHUNK + 1u];
    size_t fill; /* characters staged in chunk */
} sink;

static void sink_flush(sink *s)
{
    if (s->fill > 0u) {
        s->chunk[s->fill] = '\0';
        (void)ejwt_semihost(SH_SYS_WRITE0, s->chunk);
        s->fill = 0;
    }
}

static void sink_put(sink *s, char c)
{
    if (s->buf != NULL) {
        if (s->len + 1u < s->cap) {
            s->buf[s->len] = c;
        }
    } else {
        if (c == '\0') {
            c = ' '; /* SYS_WRITE0 cannot carry a NUL */
        }
        s->chunk[s->fill++] = c;
        if (s->fill == CONSOLE_CHUNK) {
            sink_flush(s);
        }
    }
    s->len++;
}

/*
 * The formatter below is the printf subset the repository's formats use,
 * and no more, because every board image links it: the flag 0, a width, a
 * precision for %s (.N or .*), the lengths l, ll and z, and the conversions
 * d u x X c s p and %%. Anything else prints as written and takes no
 * argument.
 */

/* %zu is read as %lu: the same size on ILP32 and LP64 (C99 has no
 * _Static_assert, hence an array type that cannot have a negative size). */
typedef char console_size_t_is_long[sizeof(size_t) == sizeof(long) ? 1 : -1];

/*
 * Writes the next integer argument, for conversion c (d u x X), backwards
 * into the buffer that ends at end (20 digits and a sign must fit) and
 * returns where the text starts.
 *
 * Out of line on purpose: inlined into format(), GCC duplicates code across
 * the conversions' paths and the whole grows by some 30 bytes.
 */
static __attribute__((noinline)) char *put_int(char *end, va_list *ap, int lng, char c)
{
    unsigned long long v;
    unsigned base = (c | 0x20) == 'x' ? 16u : 10u; /* x or X */
    int negative = 0;

    /* The argument is read by its size alone (int as unsigned int, size_t
     * as unsigned long: AAPCS, like every ABI GCC targets, passes them
     * alike), and %d then sign-extends: one fetch, not one per type. */
    if (lng > 1) {
        v = va_arg(*ap, unsigned long long);
    } else {
        unsigned long w = lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
        v = w;
        if (c == 'd') {
            v = (unsigned long long)(long long)(lng ? (long)w : (int)w);
        }
    }
    if (c == 'd' && v >> 63 != 0u) {
        negative = 1;
        v = 0u - v; /* unsigned, so right for INT_MIN and LLONG_MIN too */
    }
    do {
        /* v / base by shift and subtract, a quotient bit per step: no
         * division instruction (Cortex-M0 has none) and no libgcc 64-bit
         * division (__udivmoddi4 alone is bigger than this formatter).
         * Slow, but the console is slower. */
        unsigned r = 0;
        int i;
        for (i = 0; i < 64; i++) {
            r = r << 1 | (unsigned)(v >> 63);
            v <<= 1;
            if (r >= base) {
                r -= base;
                v |= 1u;
            }
        }
        /* Letters from c itself: 'x' - 33 is 'a' - 10, 'X' - 33 is 'A' - 10. */
        *--end = (char)(r < 10u ? '0' + r : (unsigned)c - ('X' - 'A' + 10) + r);
    } while (v != 0u);
    if (negative) {
        *--end = '-';
    }
    return end;
}

/* ap is a pointer so that put_int() can take arguments from it too. */
static void format(sink *s, const char *p, va_list *ap)
{
    char c;

    while ((c = *p++) != '\0') {
        char tmp[3u * sizeof(unsigned long long)]; /* 2^64 - 1 has 20 digits */
        char *q = tmp + sizeof tmp;
        const char *text;
        size_t n;
        size_t width = 0;
        size_t precision = (size_t)-1; /* none yet, so no limit */
        int lng = 0;                   /* how many l or z */
        char fill = ' ';

        if (c != '%') {
            sink_put(s, c);
            continue;
        }
        if (*p == '0') {
            fill = '0'; /* and the loop reads the '0' as a width digit */
        }
        /* Width, precision and length in one loop, which also takes them
         * out of order: laxer than C, and smaller. */
        for (;;) {
            c = *p++;
            if (c >= '0' && c <= '9') {
                if (precision == (size_t)-1) {
                    width = width * 10u + (size_t)(c - '0');
                } else {
                    precision = precision * 10u + (size_t)(c - '0');
                }
            } else if (c == '.') {
                precision = 0;
            } else if (c == '*' && precision == 0u) {
                /* Only right after '.' (a '*' width is unsupported). A
                 * negative one means no limit, as in C: (size_t)-1. */
                precision = (size_t)va_arg(*ap, int);
            } else if (c == 'l' || c == 'z') {
                lng++;
            } else if (c == 'p') {
                /* "0x" and at least 8 hex digits: "0x%08x" on these 32-bit
                 * targets. */
                sink_put(s, '0');
                sink_put(s, 'x');
                width = 8;
                fill = '0';
                lng += sizeof(void *) > sizeof(int);
                c = 'x';
                break;
            } else {
                break;
            }
        }
        if (c == '\0') {
            break; /* the format ended inside a conversion: read no further */
        }
        if (c == 's') {
            text = va_arg(*ap, const char *);
            if (text == NULL) {
                text = "(null)";
            }
            for (n = 0; n < precision && text[n] != '\0'; n++) {
            }
        } else {
            if ((c | 0x20) == 'x' || c == 'd' || c == 'u') { /* x or X, d, u */
                q = put_int(q, ap, lng, c);
            } else if (c == 'c') {
                *--q = (char)va_arg(*ap, int);
            } else {
                /* "%%", or an unsupported conversion shown as written (its
                 * argument, if any, is not taken). */
                if (c != '%') {
                    sink_put(s, '%');
                }
                *--q = c;
            }
            text = q;
            n = (size_t)(tmp + sizeof tmp - q);
        }
        /* Right-justified in width. Zeros go after the sign, which only a
         * number can have: 0 with %s or %c is undefined in C. */
        if (fill == '0' && *text == '-') {
            sink_put(s, *text++);
            n--;
            width -= width != 0u;
        }
        for (; width > n; width--) {
            sink_put(s, fill);
        }
        while (n-- > 0u) {
            sink_put(s, *text++);
        }
    }
}

int ejwt_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    sink s;
    va_list aq;
    s.buf = buf;
    s.cap = cap;
    s.len = 0;
    s.fill = 0;
    va_copy(aq, ap);
    format(&s, fmt, &aq);
    va_end(aq);
    if (cap > 0u) {
        buf[s.len < cap ? s.len : cap - 1u] = '\0';
    }
    return (int)s.len;
}

void ejwt_bm_vprintf(const char *fmt, va_list ap)
{
    sink s;
    va_list aq;
    s.buf = NULL;
    s.cap = 0;
    s.len = 0;
    s.fill = 0;
    va_copy(aq, ap);
    format(&s, fmt, &aq);
    va_end(aq);
    sink_flush(&s);
}

void ejwt_bm_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ejwt_bm_vprintf(fmt, ap);
    va_end(ap);
}

void ejwt_bm_write(const char *str, size_t len)
{
    sink s;
    size_t i;
    s.buf = NULL;
    s.cap = 0;
    s.len = 0;
    s.fill = 0;
    for (i = 0; i < len; i++) {
        sink_put(&s, str[i]);
    }
    sink_flush(&s);
}

void ejwt_bm_puts(const char *str)
{
    (void)ejwt_semihost(SH_SYS_WRITE0, str);
}

void ejwt_bm_exit(int code)
{
    /* SYS_EXIT_EXTENDED carries the status itself (plain SYS_EXIT on
     * AArch32 only tells success from failure). */
    uint32_t block[2];
    block[0] = SH_ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    for (;;) {
        (void)ejwt_semihost(SH_SYS_EXIT_EXTENDED, block);
    }
}
