/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file platform.h
 * \brief The platform contract: what a device must provide to ejwt's
 *        device-side services (clock, entropy, secure storage).
 *
 * The core never reads a clock or touches storage. The services in
 * `platform/` (device key, token store, ...) do, and only through this
 * contract, which a port in `port/` fulfils:
 *  - clock and entropy: a const ::ejwt_platform of callbacks plus a context
 *    pointer, installed once with ejwt_platform_set();
 *  - secure storage: PSA Internal Trusted Storage (`psa_its_set`, `psa_its_get`,
 *    `psa_its_get_info`, `psa_its_remove` from `psa/internal_trusted_storage.h`),
 *    provided as link-time functions because Mbed TLS's persistent keys
 *    (MBEDTLS_PSA_CRYPTO_STORAGE_C) call them by name. The posix port puts
 *    them on files; MCU ports put them on the flash key-value store (kvstore.h).
 *
 * Storage contract every port keeps: `psa_its_set` replaces an entry
 * atomically - after a power cut at any moment a later `psa_its_get` returns
 * the previous value or the new one, complete, never a mix or a torn value -
 * and honours PSA_STORAGE_FLAG_WRITE_ONCE.
 */
#ifndef EJWT_PLATFORM_H
#define EJWT_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"
#include "ejwt/numericdate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Clock and entropy hooks. Zero-initialise, then fill. */
typedef struct ejwt_platform {
    /**
     * Wall-clock time in Unix seconds (UTC).
     * Must return ::EJWT_ERR_TIME_UNKNOWN (and leave *now untouched) while the
     * clock has not been set - before the first network time sync on a device
     * without a battery-backed RTC. Never guesses. Must not block.
     * NULL means "this device has no wall clock": always unknown.
     */
    int (*wall_time)(void *ctx, int64_t *now);

    /**
     * Monotonic time since boot in milliseconds. Never goes backwards, never
     * fails, keeps counting while the wall clock is unknown, restarts at 0 on
     * reboot. Required.
     */
    uint64_t (*uptime_ms)(void *ctx);

    /**
     * Fill \p buf with \p len bytes of full-entropy randomness (a TRNG or the
     * OS), or return ::EJWT_ERR_ENTROPY having written nothing usable. Used to
     * seed PSA's DRBG on boards (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG) and for
     * `jti` values. Required.
     */
    int (*entropy)(void *ctx, uint8_t *buf, size_t len);

    /** Passed to every hook. */
    void *ctx;
} ejwt_platform;

/**
 * Install the platform hooks. \p p must stay valid for the program's life
 * (typically a `static const`). Call once at boot, before any service.
 * \param p  the hooks; uptime_ms and entropy are required
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG p is NULL or lacks a required hook
 */
int ejwt_platform_set(const ejwt_platform *p);

/** The installed hooks.
 *  \return the table given to ejwt_platform_set(); NULL (after a failed
 *          EJWT_ASSERT) when none was installed */
const ejwt_platform *ejwt_platform_get(void);

/**
 * Wall-clock time through the installed hook.
 * \param now  receives the time in Unix seconds
 * \retval EJWT_OK                *now set
 * \retval EJWT_ERR_TIME_UNKNOWN  no wall clock yet; *now is EJWT_TIME_UNKNOWN
 */
int ejwt_platform_wall_time(int64_t *now);

/** Milliseconds since boot through the installed hook.
 *  \return the hook's answer; 0 when no hooks are installed */
uint64_t ejwt_platform_uptime_ms(void);

/**
 * Entropy through the installed hook. On failure \p buf is wiped.
 * \param buf  output
 * \param len  number of bytes
 * \retval EJWT_OK
 * \retval EJWT_ERR_ENTROPY the hook failed, or no hooks are installed
 */
int ejwt_platform_entropy(uint8_t *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_PLATFORM_H */
