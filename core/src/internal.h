/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by the core's source files.
 */
#ifndef EJWT_INTERNAL_H
#define EJWT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* EJWT_REQUIRE, ejwt_wipe and the other helpers every layer shares. */
#include "ejwt_common.h"

#endif /* EJWT_INTERNAL_H */
