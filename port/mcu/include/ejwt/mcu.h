/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file mcu.h
 * \brief The generic MCU glue (port/mcu, CMake target ejwt::mcu and
 *        ejwt::mcu_its): what a real Cortex-M product links under ejwt -
 *        the Mbed TLS arena, PSA's external RNG over the entropy hook, an
 *        uptime tick counter, the ::ejwt_platform hooks, and PSA ITS on the
 *        flash key-value store over the product's ::ejwt_flash driver.
 *
 * Nothing here talks to a debugger or a host: no semihosting, no host
 * files. docs/PORTING.md is the guide; in short, the product
 *  - provides the three board hooks below (ejwt_mcu_entropy(),
 *    ejwt_mcu_wall_time(), ejwt_mcu_panic()), which the glue and the board
 *    Mbed TLS configuration (port/mbedtls/mbedtls_config_board.h) call by
 *    name;
 *  - calls ejwt_mcu_arena_init() before psa_crypto_init() (before any Mbed
 *    TLS call);
 *  - calls ejwt_mcu_tick() once a millisecond (ejwt_mcu_systick_start()
 *    sets SysTick up for it), or accepts an uptime of 0;
 *  - with persistent keys (MBEDTLS_PSA_CRYPTO_STORAGE_C), links
 *    ejwt::mcu_its and calls ejwt_mcu_storage_mount() with its flash
 *    driver before psa_crypto_init().
 */
#ifndef EJWT_MCU_H
#define EJWT_MCU_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/platform.h"
#include "ejwt/platform/flash.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * \name Board hooks: the product defines these
 * The glue calls them by name; a link without them fails with an undefined
 * symbol, never with a silent default.
 * @{
 */

/**
 * Fill \p buf with \p len bytes of full-entropy randomness from the
 * device's TRNG (or an entropy source of equal quality). Every random byte
 * PSA uses - key generation, ECDSA nonces with p256-m - comes from here
 * (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG: there is no DRBG in between), and so do
 * `jti` values. May block; must not return fewer bytes.
 * \retval EJWT_OK          \p len bytes written
 * \retval EJWT_ERR_ENTROPY the source failed or is not ready (health test
 *                          failure): nothing usable was written
 */
int ejwt_mcu_entropy(uint8_t *buf, size_t len);

/**
 * Wall-clock time in Unix seconds (UTC), from an RTC that has been set from
 * a trusted source. A device without one returns ::EJWT_ERR_TIME_UNKNOWN
 * (and leaves \p now untouched): the core needs no clock, but verifying
 * `exp`/`nbf` against the device's own time and the session need one.
 * \retval EJWT_OK
 * \retval EJWT_ERR_TIME_UNKNOWN the clock has not been set (since power-up)
 */
int ejwt_mcu_wall_time(int64_t *now);

/**
 * Mbed TLS's `mbedtls_exit()` (MBEDTLS_PLATFORM_EXIT_MACRO in the board
 * configuration): the arena allocator calls it when it finds its own
 * bookkeeping corrupted (a double free, a write past a block). Memory can no
 * longer be trusted: log if possible, then reset the device. Never returns.
 */
/* NOLINTNEXTLINE(readability-redundant-declaration): also in mbedtls_config_board.h */
void ejwt_mcu_panic(int code) __attribute__((noreturn));

/** @} */

/**
 * Install the static Mbed TLS arena (EJWT_MCU_ARENA_SIZE bytes, set by the
 * board's EJWT_BOARD_ARENA_SIZE) as Mbed TLS's allocator and paint it for
 * ejwt_mcu_arena_peak(). Call once, before any Mbed TLS or PSA call. Until
 * then Mbed TLS's allocator refuses every request.
 */
void ejwt_mcu_arena_init(void);

/** Size of the Mbed TLS arena (bytes). */
size_t ejwt_mcu_arena_size(void);

/** High-water mark of the arena since ejwt_mcu_arena_init(): bytes from its
 *  first block header to the highest byte the allocator ever wrote. */
size_t ejwt_mcu_arena_peak(void);

/**
 * Advance the uptime by one millisecond. Call it from a 1 kHz interrupt: put
 * it in the vector table's SysTick slot after ejwt_mcu_systick_start(), or
 * call it from the product's own timer handler.
 */
void ejwt_mcu_tick(void);

/**
 * Start the core's SysTick timer at 1 kHz from a \p cpu_hz processor clock,
 * with its interrupt enabled (the handler must be ejwt_mcu_tick()).
 */
void ejwt_mcu_systick_start(uint32_t cpu_hz);

/** Milliseconds counted by ejwt_mcu_tick() since reset. Never goes
 *  backwards; consistent on a Cortex-M0 without masking interrupts. */
uint64_t ejwt_mcu_uptime_ms(void);

/** The ::ejwt_platform over the board hooks and the tick counter (ctx
 *  unused); pass it to ejwt_platform_set(). */
const ejwt_platform *ejwt_mcu_platform(void);

/**
 * Mount the flash key-value store on \p flash (formatting a blank region)
 * and attach it to PSA ITS (its_kv.h), so that psa_its_* (ejwt::mcu_its)
 * reach it. Call before psa_crypto_init(). The store keeps \p flash: it
 * must outlive every PSA call.
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG     \p flash is NULL or its geometry is unusable
 * \retval EJWT_ERR_STORAGE_IO      the flash failed
 * \retval EJWT_ERR_STORAGE_CORRUPT the region holds no valid store; it is
 *                                  left as it is (not erased: it may hold the
 *                                  device key) and storage stays detached
 */
int ejwt_mcu_storage_mount(const ejwt_flash *flash);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_MCU_H */
