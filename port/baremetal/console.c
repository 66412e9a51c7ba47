/*
 * Console and exit through semihosting, and a small formatter. newlib's
 * printf family allocates (its FILE buffers come from malloc), and board
 * images must link no heap, so nothing here touches stdio.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ejwt/baremetal.h"
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

static void sink_pad(sink *s, char c, int n)
{
    while (n-- > 0) {
        sink_put(s, c);
    }
}

static void put_text(sink *s, const char *text, size_t n, int width, int left)
{
    size_t i;
    int pad = width > (int)n ? width - (int)n : 0;
    if (!left) {
        sink_pad(s, ' ', pad);
    }
    for (i = 0; i < n; i++) {
        sink_put(s, text[i]);
    }
    if (left) {
        sink_pad(s, ' ', pad);
    }
}

/* v / base into v, returning v % base, with 32-bit divisions only: a 64-bit
 * division would link libgcc's __udivmoddi4 (700 bytes) into every image
 * for the sake of printing. Long division in 16-bit digits: each partial
 * dividend stays below base * 2^16. */
static unsigned divmod(unsigned long long *v, unsigned base)
{
    uint32_t hi = (uint32_t)(*v >> 32);
    uint32_t lo = (uint32_t)*v;
    uint32_t qhi = hi / base;
    uint32_t r = hi % base;
    uint32_t mid = (r << 16) | (lo >> 16);
    uint32_t qmid = mid / base;
    uint32_t low;

    r = mid % base;
    low = (r << 16) | (lo & 0xFFFFu);
    *v = ((unsigned long long)qhi << 32) | (qmid << 16) | (low / base);
    return (unsigned)(low % base);
}

static void put_number(sink *s, unsigned long long v, int negative, unsigned base, int upper,
                       int width, int precision, int left, int zero)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    int len;
    int zeros;
    int pad;

    do {
        tmp[n++] = digits[divmod(&v, base)];
    } while (v != 0u);
    if (precision == 0 && n == 1u && tmp[0] == '0') {
        n = 0; /* "%.0d" of 0 prints nothing, as in C */
    }
    zeros = precision > (int)n ? precision - (int)n : 0;
    len = (int)n + zeros + (negative ? 1 : 0);
    pad = width > len ? width - len : 0;
    if (zero && !left && precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!left) {
        sink_pad(s, ' ', pad);
    }
    if (negative) {
        sink_put(s, '-');
    }
    sink_pad(s, '0', zeros);
    while (n > 0u) {
        sink_put(s, tmp[--n]);
    }
    if (left) {
        sink_pad(s, ' ', pad);
    }
}

static int read_int(const char **p)
{
    int v = 0;
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    return v;
}

static void format(sink *s, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p != '\0') {
        int left = 0;
        int zero = 0;
        int width = 0;
        int precision = -1;
        int lng = 0; /* 0 int, 1 long, 2 long long, 3 size_t */
        if (*p != '%') {
            sink_put(s, *p++);
            continue;
        }
        p++;
        for (;; p++) {
            if (*p == '-') {
                left = 1;
            } else if (*p == '0') {
                zero = 1;
            } else {
                break;
            }
        }
        if (*p == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                width = -width;
            }
            p++;
        } else {
            width = read_int(&p);
        }
        if (*p == '.') {
            p++;
            if (*p == '*') {
                precision = va_arg(ap, int);
                p++;
            } else {
                precision = read_int(&p);
            }
        }
        while (*p == 'h') {
            p++; /* promoted to int anyway */
        }
        if (*p == 'l') {
            lng = 1;
            p++;
            if (*p == 'l') {
                lng = 2;
                p++;
            }
        } else if (*p == 'z') {
            lng = 3;
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            long long v;
            unsigned long long mag;
            if (lng == 2) {
                v = va_arg(ap, long long);
            } else if (lng == 1) {
                v = va_arg(ap, long);
            } else if (lng == 3) {
                v = (long long)va_arg(ap, size_t);
            } else {
                v = va_arg(ap, int);
            }
            mag = v < 0 ? 0u - (unsigned long long)v : (unsigned long long)v;
            put_number(s, mag, v < 0, 10u, 0, width, precision, left, zero);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v;
            if (lng == 2) {
                v = va_arg(ap, unsigned long long);
            } else if (lng == 1) {
                v = va_arg(ap, unsigned long);
            } else if (lng == 3) {
                v = va_arg(ap, size_t);
            } else {
                v = va_arg(ap, unsigned int);
            }
            put_number(s, v, 0, *p == 'u' ? 10u : 16u, *p == 'X', width, precision, left, zero);
            break;
        }
        case 'p':
            sink_put(s, '0');
            sink_put(s, 'x');
            put_number(s, (uintptr_t)va_arg(ap, void *), 0, 16u, 0, 8, -1, 0, 1);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            put_text(s, &c, 1u, width, left);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            size_t n = 0;
            if (str == NULL) {
                str = "(null)";
            }
            while (str[n] != '\0' && (precision < 0 || n < (size_t)precision)) {
                n++;
            }
            put_text(s, str, n, width, left);
            break;
        }
        case '%':
            sink_put(s, '%');
            break;
        case '\0':
            return;
        default: /* unsupported: show it rather than guess */
            sink_put(s, '%');
            sink_put(s, *p);
            break;
        }
        p++;
    }
}

int ejwt_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    sink s;
    s.buf = buf;
    s.cap = cap;
    s.len = 0;
    s.fill = 0;
    format(&s, fmt, ap);
    if (cap > 0u) {
        buf[s.len < cap ? s.len : cap - 1u] = '\0';
    }
    return (int)s.len;
}

void ejwt_bm_vprintf(const char *fmt, va_list ap)
{
    sink s;
    s.buf = NULL;
    s.cap = 0;
    s.len = 0;
    s.fill = 0;
    format(&s, fmt, ap);
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
