/* SPDX-License-Identifier: Apache-2.0 */
/* A deliberately bad object for checks.zero_malloc_detects: it calls the heap,
 * so the zero-malloc checker must flag it. Never linked into anything. */
#include <stdlib.h>

#include "malloc_probe.h"

void *ejwt_check_malloc_probe(size_t n)
{
    return malloc(n);
}
