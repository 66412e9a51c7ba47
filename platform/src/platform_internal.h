/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by the platform services' source files.
 */
#ifndef EJWT_PLATFORM_INTERNAL_H
#define EJWT_PLATFORM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

/* EJWT_REQUIRE, ejwt_wipe and the other helpers every layer shares. */
#include "ejwt_common.h"

/* Translate a PSA status (psa_status_t, an int32) into an ejwt error: the
 * services' one translation point, in platform_psa.c. */
int ejwt_platform_psa_err(int32_t status);

#endif /* EJWT_PLATFORM_INTERNAL_H */
