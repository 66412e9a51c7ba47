/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS for the benchmark's zero-allocation run (ejwt_bench_arena): the
 * host configuration, with Mbed TLS's memory taken from a static arena as on
 * the boards, key material inside static key slots, and no heap copies of
 * PSA's inputs and outputs (the caller and PSA share one address space). The
 * crypto code that runs is the same; only where its memory comes from
 * changes.
 */
#ifndef EJWT_MBEDTLS_CONFIG_BENCH_ARENA_H
#define EJWT_MBEDTLS_CONFIG_BENCH_ARENA_H

#include "mbedtls_config_host.h"

#undef MBEDTLS_PSA_KEY_STORE_DYNAMIC
#define MBEDTLS_PSA_STATIC_KEY_SLOTS
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 160
#define MBEDTLS_PSA_KEY_SLOT_COUNT 16

#define MBEDTLS_PSA_ASSUME_EXCLUSIVE_BUFFERS

#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C

#endif /* EJWT_MBEDTLS_CONFIG_BENCH_ARENA_H */
