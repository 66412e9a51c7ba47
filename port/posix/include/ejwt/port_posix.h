/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file port_posix.h
 * \brief The POSIX (Linux host) port of the platform contract.
 *
 * - Clock: CLOCK_REALTIME for wall time, CLOCK_MONOTONIC for uptime.
 * - Entropy: getrandom(2).
 * - Secure storage: PSA Internal Trusted Storage on files, one file per uid
 *   in a storage directory. A write goes to a temporary file which is
 *   flushed, fsync'ed and renamed over the old one, and the directory is
 *   fsync'ed, so a crash or SIGKILL at any moment leaves the old value or the
 *   new one. Each file starts with a header (magic, flags, size, CRC-32) so
 *   psa_its_get_info() works, PSA_STORAGE_FLAG_WRITE_ONCE is honoured and a
 *   damaged file is reported as PSA_ERROR_DATA_CORRUPT.
 *
 * The storage directory comes from ejwt_posix_set_storage_dir() or, when that
 * was not called, from the environment variable `EJWT_STORAGE_DIR`. There is
 * no default: with neither, psa_its_set() fails with
 * PSA_ERROR_STORAGE_FAILURE (and one explanatory line on stderr) rather than
 * writing into the current directory, and reads (psa_its_get,
 * psa_its_get_info, psa_its_remove) answer PSA_ERROR_DOES_NOT_EXIST: nothing
 * is stored where there is no storage. So a program that only uses volatile
 * keys (the CLI, the core's tests) runs unconfigured, and looking up a
 * persistent key id that was never created still says "not found". The files are not encrypted: on a host
 * the directory's permissions (created 0700) are the protection.
 */
#ifndef EJWT_PORT_POSIX_H
#define EJWT_PORT_POSIX_H

#include "ejwt/platform.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest storage directory path accepted, in bytes (without terminator). */
#define EJWT_POSIX_STORAGE_DIR_MAX 255

/** Name of the environment variable that selects the storage directory. */
#define EJWT_POSIX_STORAGE_ENV "EJWT_STORAGE_DIR"

/**
 * Wall-clock readings before this Unix time (2024-01-01T00:00:00Z) are treated
 * as "time unknown": a host without a battery-backed RTC boots at 1970 until
 * NTP sets the clock, and such a time must not be trusted for `exp`.
 */
#define EJWT_POSIX_MIN_WALL_TIME INT64_C(1704067200)

/**
 * The POSIX hooks (wall time, uptime, entropy), ready for ejwt_platform_set().
 * \return a pointer to a static constant; valid for the program's life.
 */
const ejwt_platform *ejwt_posix_platform(void);

/**
 * Select the directory that holds the ITS files, overriding `EJWT_STORAGE_DIR`.
 * The path is copied; the directory is created (mode 0700, one level) on the
 * first write if missing. Not thread-safe: call at start-up.
 *
 * \param dir  the directory, or NULL to forget a previous call and use the
 *             environment variable again
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG  \p dir is empty
 * \retval EJWT_ERR_LIMIT        \p dir is longer than EJWT_POSIX_STORAGE_DIR_MAX
 */
int ejwt_posix_set_storage_dir(const char *dir);

/**
 * The storage directory in use: the one set by ejwt_posix_set_storage_dir(),
 * else the value of `EJWT_STORAGE_DIR`.
 * \return the path (valid until the next ejwt_posix_set_storage_dir() call or
 *         environment change), or NULL when neither is set or it is too long.
 */
const char *ejwt_posix_storage_dir(void);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_PORT_POSIX_H */
