/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Uptime from SysTick: one interrupt per millisecond, counted in two 32-bit
 * words so a Cortex-M0 (no 64-bit atomic load) can still read a consistent
 * 64-bit value without masking interrupts.
 */
#include <stdint.h>

#include "ejwt/baremetal.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define SYST_CSR_ENABLE 1u
#define SYST_CSR_TICKINT 2u
#define SYST_CSR_CLKSOURCE_CPU 4u

void ejwt_bm_tick_start(void);

static volatile uint32_t ms_lo;
static volatile uint32_t ms_hi;

void ejwt_bm_tick_start(void)
{
    SYST_RVR = ejwt_board.cpu_hz / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE_CPU;
}

void ejwt_bm_systick(void)
{
    uint32_t lo = ms_lo + 1u;
    ms_lo = lo;
    /* cppcheck-suppress knownConditionTrueFalse ; false positive: the sum wraps to 0 every 2^32 ms */
    if (lo == 0u) {
        ms_hi = ms_hi + 1u;
    }
}

uint64_t ejwt_bm_uptime_ms(void)
{
    uint32_t hi;
    uint32_t lo;
    do {
        hi = ms_hi;
        lo = ms_lo;
    } while (hi != ms_hi);
    return ((uint64_t)hi << 32) | lo;
}
