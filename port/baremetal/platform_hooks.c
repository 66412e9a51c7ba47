/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board's ::ejwt_platform: SysTick uptime, and - emulation-only, see
 * emulation.c - host wall time and host entropy. A real board keeps this
 * file's shape and points the hooks at its RTC and TRNG drivers.
 */
#include <stddef.h>
#include <stdint.h>

#include "ejwt/baremetal.h"

static int hook_wall_time(void *ctx, int64_t *now)
{
    (void)ctx;
    return ejwt_bm_wall_time(now);
}

static uint64_t hook_uptime_ms(void *ctx)
{
    (void)ctx;
    return ejwt_bm_uptime_ms();
}

static int hook_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return ejwt_bm_entropy(buf, len);
}

static const ejwt_platform board_platform = {hook_wall_time, hook_uptime_ms, hook_entropy, NULL};

const ejwt_platform *ejwt_baremetal_platform(void)
{
    return &board_platform;
}
