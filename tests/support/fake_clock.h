/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A settable fake clock installed as the platform hooks (entropy stays the
 * port's real one), for the platform tests on every target: the posix
 * port's entropy on the host, the board's on the QEMU boards
 * (EJWT_TEST_ON_BOARD, set by tests/CMakeLists.txt in cross builds).
 */
#ifndef EJWT_FAKE_CLOCK_H
#define EJWT_FAKE_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/platform.h>
#ifdef EJWT_TEST_ON_BOARD
#include <ejwt/qemu_board.h>
#define FAKE_CLOCK_PORT_PLATFORM() ejwt_mcu_platform()
#else
#include <ejwt/port_posix.h>
#define FAKE_CLOCK_PORT_PLATFORM() ejwt_posix_platform()
#endif

/* The fake clock: wall time known or not, uptime set by the test. */
typedef struct fake_clock {
    int wall_known;
    int64_t wall;
    uint64_t uptime_ms;
    int entropy_fails;
} fake_clock;

static fake_clock fc;

static int fake_wall_time(void *ctx, int64_t *now)
{
    fake_clock *c = (fake_clock *)ctx;
    if (!c->wall_known) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = c->wall;
    return EJWT_OK;
}

static uint64_t fake_uptime_ms(void *ctx)
{
    return ((fake_clock *)ctx)->uptime_ms;
}

static int fake_entropy(void *ctx, uint8_t *buf, size_t len)
{
    if (((fake_clock *)ctx)->entropy_fails) {
        memset(buf, 0xAA, len); /* garbage the wrapper must wipe */
        return EJWT_ERR_ENTROPY;
    }
    return FAKE_CLOCK_PORT_PLATFORM()->entropy(NULL, buf, len);
}

static const ejwt_platform fake_platform = {fake_wall_time, fake_uptime_ms, fake_entropy, &fc};

/* What the fake wall clock says now, as a caller passes it on. */
static inline int64_t fake_clock_now(void)
{
    return fc.wall_known ? fc.wall : EJWT_TIME_UNKNOWN;
}

/* Install the fake clock: wall time known at \p wall, uptime at 1 s. */
static inline void fake_clock_install(int64_t wall)
{
    memset(&fc, 0, sizeof(fc));
    fc.wall_known = 1;
    fc.wall = wall;
    fc.uptime_ms = 1000u;
    (void)ejwt_platform_set(&fake_platform);
}

#endif /* EJWT_FAKE_CLOCK_H */
