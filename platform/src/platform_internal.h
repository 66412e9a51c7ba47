/*
 * Private helpers shared by the platform services' source files.
 */
#ifndef EJWT_PLATFORM_INTERNAL_H
#define EJWT_PLATFORM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

/* A caller bug: trap through EJWT_ASSERT, and still return an error when
 * assertions are compiled out. */
#define EJWT_PLATFORM_REQUIRE(cond)                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            EJWT_ASSERT(cond);                                                                     \
            return EJWT_ERR_INVALID_ARG;                                                           \
        }                                                                                          \
    } while (0)

/* Zero memory in a way the compiler may not elide (tokens, keys). */
void ejwt_platform_wipe(void *p, size_t n);

/* Translate a PSA status (psa_status_t, an int32) into an ejwt error: the
 * services' one translation point, in platform_psa.c. */
int ejwt_platform_psa_err(int32_t status);

#endif /* EJWT_PLATFORM_INTERNAL_H */
