/*
 * Mbed TLS's only memory: a static arena behind MBEDTLS_MEMORY_BUFFER_ALLOC_C,
 * so board images link no system heap. Its size comes from the board
 * (EJWT_BM_ARENA_SIZE, boards/<board>/board.cmake); its peak is reported by
 * the footprint images.
 */
#include <stddef.h>
#include <stdint.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "ejwt/baremetal.h"

#ifndef EJWT_BM_ARENA_SIZE
#define EJWT_BM_ARENA_SIZE 4096
#endif

void ejwt_bm_arena_init(void);

static unsigned char arena[EJWT_BM_ARENA_SIZE] __attribute__((aligned(8)));

void ejwt_bm_arena_init(void)
{
    mbedtls_memory_buffer_alloc_init(arena, sizeof arena);
}

size_t ejwt_bm_arena_size(void)
{
    return sizeof arena;
}

size_t ejwt_bm_arena_peak(void)
{
    size_t used = 0;
    size_t blocks = 0;
    mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
    return used;
}

void ejwt_bm_arena_reset_peak(void)
{
    mbedtls_memory_buffer_alloc_max_reset();
}

/* Mbed TLS's allocator before the arena is installed (and its default if
 * the arena were never set up): refuse, rather than reach for newlib's
 * malloc. Named by MBEDTLS_PLATFORM_STD_CALLOC/FREE in the board config. */
void *ejwt_bm_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}

void ejwt_bm_no_free(void *p)
{
    (void)p;
}
