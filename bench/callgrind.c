/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Instruction counts: under `valgrind --tool=callgrind --instr-atstart=no`,
 * only the loop between these macros is instrumented, so setup and key
 * import do not count. Outside valgrind the macros do nothing.
 */
#include <valgrind/callgrind.h>

#include "bench.h"

void callgrind_loop(int (*fn)(void *), void *arg, long n)
{
    long i;

    CALLGRIND_ZERO_STATS;
    CALLGRIND_START_INSTRUMENTATION;
    for (i = 0; i < n; i++) {
        (void)fn(arg);
    }
    CALLGRIND_STOP_INSTRUMENTATION;
}
