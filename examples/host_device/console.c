/* SPDX-License-Identifier: Apache-2.0 */
/* The host device's console (console.h). */

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <time.h>

#include "console.h"

#include "ejwt/platform.h"

#define MS_PER_S 1000u
#define NS_PER_MS 1000000L
#define WAIT_STEP_MS 100u /* sleep in steps: the uptime decides, not the sleep */

void host_console_vsay(const char *fmt, va_list ap)
{
    fputs("device: ", stdout);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
}

int host_console_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    return vsnprintf(buf, cap, fmt, ap);
}

void host_wait_until(uint64_t uptime_ms)
{
    uint64_t now;

    while ((now = ejwt_platform_uptime_ms()) < uptime_ms) {
        uint64_t ms = uptime_ms - now < WAIT_STEP_MS ? uptime_ms - now : WAIT_STEP_MS;
        struct timespec ts;

        ts.tv_sec = (time_t)(ms / MS_PER_S);
        ts.tv_nsec = (long)(ms % MS_PER_S) * NS_PER_MS;
        (void)nanosleep(&ts, NULL);
    }
}
