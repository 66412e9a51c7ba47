/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Uptime from a tick counter: ejwt_mcu_tick() once per millisecond (from
 * SysTick, set up by ejwt_mcu_systick_start(), or from the product's own
 * timer), counted in two 32-bit words so a Cortex-M0 (no 64-bit atomic
 * load) can still read a consistent 64-bit value without masking
 * interrupts.
 */
#include <stdint.h>

#include "ejwt/mcu.h"

/* SysTick is part of every Cortex-M core (Armv6-M, v7-M, v8-M), at the
 * same addresses. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

#define SYST_CSR_ENABLE 1u
#define SYST_CSR_TICKINT 2u
#define SYST_CSR_CLKSOURCE_CPU 4u

static volatile uint32_t ms_lo;
static volatile uint32_t ms_hi;

void ejwt_mcu_systick_start(uint32_t cpu_hz)
{
    SYST_RVR = cpu_hz / 1000u - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE_CPU;
}

void ejwt_mcu_tick(void)
{
    uint32_t lo = ms_lo + 1u;
    ms_lo = lo;
    /* cppcheck-suppress knownConditionTrueFalse ; false positive: the sum wraps to 0 every 2^32 ms */
    if (lo == 0u) {
        ms_hi = ms_hi + 1u;
    }
}

uint64_t ejwt_mcu_uptime_ms(void)
{
    uint32_t hi;
    uint32_t lo;
    do {
        hi = ms_hi;
        lo = ms_lo;
    } while (hi != ms_hi);
    return ((uint64_t)hi << 32) | lo;
}
