/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS configuration for Cortex-M devices - real products and the QEMU
 * boards alike: PSA Crypto only, with the algorithm set of
 * psa_crypto_config_board.h (ES256 and HS256 over SHA-256). It names only
 * functions of the generic MCU glue (port/mcu, ejwt/mcu.h) and nothing of
 * the emulation: no semihosting, no console.
 *
 * - P-256 comes from the p256-m driver (MBEDTLS_PSA_P256M_DRIVER_ENABLED):
 *   no legacy bignum or ECP code is linked. p256-m signs with a random nonce,
 *   so signing is only as good as the board's entropy; see
 *   mbedtls_config_board_det.h for deterministic ECDSA (RFC 6979).
 * - No entropy module and no DRBG: PSA takes every random byte from the
 *   product's entropy hook (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG, implemented in
 *   port/mcu/psa_rng.c over ejwt_mcu_entropy()).
 * - No system heap: Mbed TLS allocates from a static arena
 *   (MBEDTLS_MEMORY_BUFFER_ALLOC_C, set up by ejwt_mcu_arena_init(),
 *   port/mcu/arena.c), and key material sits in static key slots.
 * - No file IO, no time, no stdio: Mbed TLS prints nothing in this
 *   configuration, and its one "exit" (the allocator finding its arena
 *   corrupted) is the product's ejwt_mcu_panic().
 *
 * Selected with EJWT_MBEDTLS_CONFIG_FILE by the board presets and by a
 * product's build (docs/PORTING.md). EJWT_BOARD_NO_STORAGE before including
 * it leaves out persistent keys (then no psa_its_* is needed).
 */
#ifndef EJWT_MBEDTLS_CONFIG_BOARD_H
#define EJWT_MBEDTLS_CONFIG_BOARD_H

#include <stddef.h>

/* The PSA algorithm set comes from our own file; Mbed TLS's default PSA
 * config would compile in every algorithm (about 87 KB for a verifier). */
#define MBEDTLS_PSA_CRYPTO_CONFIG
#ifndef MBEDTLS_PSA_CRYPTO_CONFIG_FILE
#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_board.h"
#endif

#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG

#ifndef EJWT_BOARD_BUILTIN_ECP
#define MBEDTLS_PSA_P256M_DRIVER_ENABLED
#endif

/* Persistent keys (the device key, the token store's sealing key) in PSA
 * ITS, which the MCU glue implements on the flash key-value store
 * (port/mcu/psa_its.c, target ejwt::mcu_its); not Mbed TLS's file backend. */
#ifndef EJWT_BOARD_NO_STORAGE
#define MBEDTLS_PSA_CRYPTO_STORAGE_C
#endif

/* Key slots with their key material inside (no allocation per key). The
 * buffer holds an HMAC key of up to 160 bytes; a P-256 key pair (32 bytes)
 * or public key (65 bytes) fits with room to spare. The test suites hold at
 * most 10 keys at once. */
#define MBEDTLS_PSA_STATIC_KEY_SLOTS
#ifndef MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE
#define MBEDTLS_PSA_STATIC_KEY_SLOT_BUFFER_SIZE 160
#endif
#ifndef MBEDTLS_PSA_KEY_SLOT_COUNT
#define MBEDTLS_PSA_KEY_SLOT_COUNT 12
#endif

/* Code size over speed: the rolled SHA-256 compression function is about
 * 1.2 KB smaller than the unrolled one (measured on the footprint images)
 * and costs a token-sized hash a few thousand cycles more. */
#define MBEDTLS_SHA256_SMALLER

/* PSA runs in the caller's address space here (no partition boundary), so
 * it need not copy every input and output to the heap first: without this,
 * signing an 8 KiB token takes 8 KiB of arena just for the copy. */
#define MBEDTLS_PSA_ASSUME_EXCLUSIVE_BUFFERS

/* Memory: a static arena, never the C library's malloc. Before the arena is
 * set up Mbed TLS's allocator refuses (the stubs are in port/mcu/arena.c). */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* No MBEDTLS_MEMORY_DEBUG: its statistics cost about 600 bytes of code, and
 * the arena's peak is measured by painting instead (port/mcu/arena.c).
 * Without it (and without MBEDTLS_SELF_TEST) nothing Mbed TLS compiles here
 * calls mbedtls_printf or mbedtls_fprintf, so no print hook is named. The
 * allocator's "exit" on a corrupted arena is the product's panic hook. */
void *ejwt_mcu_no_calloc(size_t n, size_t size);
void ejwt_mcu_no_free(void *p);
/* NOLINTNEXTLINE(readability-redundant-declaration): Mbed TLS compiles without ejwt/mcu.h */
void ejwt_mcu_panic(int code);
#define MBEDTLS_PLATFORM_STD_CALLOC ejwt_mcu_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE ejwt_mcu_no_free
#define MBEDTLS_PLATFORM_EXIT_MACRO ejwt_mcu_panic

#endif /* EJWT_MBEDTLS_CONFIG_BOARD_H */
