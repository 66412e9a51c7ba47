/* SPDX-License-Identifier: Apache-2.0 */
/* Prototype of the deliberately bad probe (see malloc_probe.c). */
#ifndef EJWT_CHECKS_MALLOC_PROBE_H
#define EJWT_CHECKS_MALLOC_PROBE_H

#include <stddef.h>

void *ejwt_check_malloc_probe(size_t n);

#endif /* EJWT_CHECKS_MALLOC_PROBE_H */
