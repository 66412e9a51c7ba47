/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS's only memory: a static arena behind MBEDTLS_MEMORY_BUFFER_ALLOC_C,
 * so images link no system heap. Its size comes from the board
 * (EJWT_BOARD_ARENA_SIZE in the board folder's board.cmake, passed as
 * EJWT_MCU_ARENA_SIZE by port/mcu/CMakeLists.txt).
 *
 * Its peak is a high-water mark found by painting, as for the stack, rather
 * than the allocator's own statistics: those need MBEDTLS_MEMORY_DEBUG,
 * which costs about 600 bytes of code in the footprint device image. The
 * allocator places blocks from the low end, and every block it hands out is
 * preceded by a header it writes, so the highest byte no longer holding the
 * paint is the extent of the arena ever in use - the number that sizes an
 * arena, fragmentation included.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "ejwt/mcu.h"

#ifndef EJWT_MCU_ARENA_SIZE
#define EJWT_MCU_ARENA_SIZE 4096
#endif

/* Fill of the arena's untouched bytes (Mbed TLS zeroes what it hands out,
 * and its headers start with a magic number, so neither looks like it). */
#define ARENA_PAINT 0xA5u

static unsigned char arena[EJWT_MCU_ARENA_SIZE] __attribute__((aligned(8)));

/* Bytes the allocator wrote at set-up (its first block header): where the
 * paint starts, and the zero of the peak. */
static size_t arena_base;

void ejwt_mcu_arena_init(void)
{
    size_t top = sizeof arena;

    /* The allocator zeroes the whole arena and writes one header at its
     * start; paint everything after that header. */
    mbedtls_memory_buffer_alloc_init(arena, sizeof arena);
    while (top > 0u && arena[top - 1u] == 0u) {
        top--;
    }
    arena_base = top;
    memset(arena + top, ARENA_PAINT, sizeof arena - top);
}

size_t ejwt_mcu_arena_size(void)
{
    return sizeof arena;
}

size_t ejwt_mcu_arena_peak(void)
{
    size_t top = sizeof arena;

    while (top > arena_base && arena[top - 1u] == ARENA_PAINT) {
        top--;
    }
    return top - arena_base;
}

/* Mbed TLS's allocator before the arena is installed (and its default if
 * the arena were never set up): refuse, rather than reach for the C
 * library's malloc. Named by MBEDTLS_PLATFORM_STD_CALLOC/FREE in the board
 * configuration (port/mbedtls/mbedtls_config_board.h), which declares them:
 * Mbed TLS compiles without this port's headers. */
void *ejwt_mcu_no_calloc(size_t n, size_t size)
{
    (void)n;
    (void)size;
    return NULL;
}

void ejwt_mcu_no_free(void *p)
{
    (void)p;
}
