/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Clock and entropy hooks of the POSIX port.
 */
#define _DEFAULT_SOURCE /* getrandom() */

#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "ejwt/port_posix.h"

static int posix_wall_time(void *ctx, int64_t *now)
{
    struct timespec ts;

    (void)ctx;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    /* A clock still near 1970 has not been set yet: unknown, not "old". */
    if ((int64_t)ts.tv_sec < EJWT_POSIX_MIN_WALL_TIME) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = (int64_t)ts.tv_sec;
    return EJWT_OK;
}

static uint64_t posix_uptime_ms(void *ctx)
{
    struct timespec ts;

    (void)ctx;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0; /* cannot happen on Linux; the contract says "never fails" */
    }
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int posix_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t done = 0;

    (void)ctx;
    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return EJWT_ERR_ENTROPY;
        }
        done += (size_t)n;
    }
    return EJWT_OK;
}

static const ejwt_platform posix_platform = {
    posix_wall_time,
    posix_uptime_ms,
    posix_entropy,
    NULL,
};

const ejwt_platform *ejwt_posix_platform(void)
{
    return &posix_platform;
}
