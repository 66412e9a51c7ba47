/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_wipe: zeroing the compiler may not remove.
 */
#include <string.h>

#include "ejwt_common.h"

void ejwt_wipe(void *p, size_t n)
{
    /* A volatile function pointer keeps the compiler from proving the
     * memset dead and removing it. */
    static void *(*const volatile wipe_memset)(void *, int, size_t) = memset;

    if (p != NULL && n > 0u) {
        (void)wipe_memset(p, 0, n);
    }
}
