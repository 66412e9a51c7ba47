/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file version.h
 * \brief The version of ejwt: the macros the headers were shipped with, and
 *        the library's own answer at run time.
 *
 * Semantic versioning: before 1.0 a minor release may change the API (each
 * change is listed in CHANGELOG.md). The top-level CMakeLists.txt reads the
 * project version from the three macros below, so they are the one place it
 * is written.
 */
#ifndef EJWT_VERSION_H
#define EJWT_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define EJWT_VERSION_MAJOR 0 /**< incompatible API changes (after 1.0) */
#define EJWT_VERSION_MINOR 2 /**< new features; before 1.0 also API changes */
#define EJWT_VERSION_PATCH 0 /**< fixes only */

/** "MAJOR.MINOR.PATCH" of these headers. */
#define EJWT_VERSION_STRING "0.2.0"

/** The library's version, as compiled: compare it with
 *  ::EJWT_VERSION_STRING to find headers and library from different releases.
 *  \return "MAJOR.MINOR.PATCH" ("0.2.0"), a static string, never NULL */
const char *ejwt_version(void);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_VERSION_H */
