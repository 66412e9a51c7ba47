/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Platform functions of Mbed TLS's TLS and X.509 code on the board (named
 * by port/mbedtls/mbedtls_config_board_tls.h): wall time for certificate
 * validity from the firmware's clock, a calendar conversion of our own
 * (newlib's gmtime keeps its result in heap-allocated reentrancy data),
 * uptime as the millisecond clock, and snprintf over the port's formatter.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <mbedtls/platform_time.h>
#include <mbedtls/platform_util.h>

#include "board_clock.h"
#include "ejwt/qemu_board.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"

/* Unknown time reads as 0 (1970): the link's verify callback then waives
 * the date checks. */
time_t ejwt_board_tls_time(time_t *t)
{
    int64_t now = board_clock_now();
    time_t r = (time_t)(now == EJWT_TIME_UNKNOWN ? 0 : now);

    if (t != NULL) {
        *t = r;
    }
    return r;
}

mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)ejwt_mcu_uptime_ms();
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
struct tm *mbedtls_platform_gmtime_r(const mbedtls_time_t *tt, struct tm *tm_buf)
{
    int64_t t = (int64_t)*tt;
    int64_t days = t / 86400;
    int64_t rem = t % 86400;
    int64_t era;
    int64_t doe;
    int64_t yoe;
    int64_t doy;
    int64_t mp;
    int64_t y;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    memset(tm_buf, 0, sizeof(*tm_buf));
    tm_buf->tm_hour = (int)(rem / 3600);
    tm_buf->tm_min = (int)(rem % 3600 / 60);
    tm_buf->tm_sec = (int)(rem % 60);
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    tm_buf->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm_buf->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
    if (tm_buf->tm_mon <= 1) {
        y++;
    }
    tm_buf->tm_year = (int)(y - 1900);
    return tm_buf;
}

int ejwt_board_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = ejwt_bm_vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
