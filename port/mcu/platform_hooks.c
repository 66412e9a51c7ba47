/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MCU's ::ejwt_platform: the tick counter's uptime, and the product's
 * wall clock and entropy source (the board hooks ejwt_mcu_wall_time() and
 * ejwt_mcu_entropy(), see ejwt/mcu.h). On the QEMU boards those two come
 * from the emulation (port/qemu_emulation/emulation.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "ejwt/mcu.h"

static int hook_wall_time(void *ctx, int64_t *now)
{
    (void)ctx;
    return ejwt_mcu_wall_time(now);
}

static uint64_t hook_uptime_ms(void *ctx)
{
    (void)ctx;
    return ejwt_mcu_uptime_ms();
}

static int hook_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return ejwt_mcu_entropy(buf, len);
}

static const ejwt_platform mcu_platform = {hook_wall_time, hook_uptime_ms, hook_entropy, NULL};

const ejwt_platform *ejwt_mcu_platform(void)
{
    return &mcu_platform;
}
