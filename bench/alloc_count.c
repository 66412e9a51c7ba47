/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A counting malloc interposer. The benchmark executable defines malloc,
 * calloc, realloc and free; the dynamic linker binds every shared library
 * (libjwt, jansson, OpenSSL, the C library itself) to these definitions, and
 * the static Mbed TLS and ejwt code links to them directly. Each forwards to
 * glibc's own allocator (__libc_malloc and friends) after counting the call.
 *
 * Sanitizer builds (BENCH_NO_INTERPOSER) keep the sanitizer's allocator and
 * report no counts.
 */
#include <stddef.h>
#include <stdlib.h>

#include "bench.h"

#if !defined(BENCH_NO_INTERPOSER)

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

/* Not atomic: the benchmark counts from one thread. */
static long calls;

void *malloc(size_t n)
{
    calls++;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    calls++;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    calls++;
    return __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}

long alloc_calls(void)
{
    return calls;
}

#else

long alloc_calls(void)
{
    return -1;
}

#endif
