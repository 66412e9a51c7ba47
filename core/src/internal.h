/*
 * Private helpers shared by the core's source files.
 */
#ifndef EJWT_INTERNAL_H
#define EJWT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

/* A caller bug: trap through EJWT_ASSERT (debug builds), and still return an
 * error when assertions are compiled out, so a release build never walks on
 * through a NULL pointer. */
#define EJWT_REQUIRE(cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            EJWT_ASSERT(cond);                                                                     \
            return EJWT_ERR_INVALID_ARG;                                                           \
        }                                                                                          \
    } while (0)

/* Zero memory in a way the compiler may not elide (secrets, failed outputs). */
void ejwt_wipe(void *p, size_t n);

#endif /* EJWT_INTERNAL_H */
