/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 7231 IMF-fixdate, the one form HTTP/1.1 senders must generate:
 *     Sun, 06 Nov 1994 08:49:37 GMT
 * Fixed width, so it is checked position by position.
 */
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt_common.h"

#define IMF_FIXDATE_LEN 29u

static const char day_names[7][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char month_names[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* \p n decimal digits at \p s, or -1. */
static int digits(const char *s, unsigned n)
{
    int v = 0;
    unsigned i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : (int)dim[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1970). */
static int64_t days_from_epoch(int y, int m, int d)
{
    int64_t days = 0;
    int i;

    /* Whole 400-year cycles would be faster; a 4-digit year is at most
     * 8030 iterations away, on a call made once per time sync. */
    for (i = 1970; i < y; i++) {
        days += is_leap(i) ? 366 : 365;
    }
    for (i = 1; i < m; i++) {
        days += days_in_month(y, i);
    }
    return days + d - 1;
}

int ejwt_http_date_parse(const char *s, size_t len, int64_t *out)
{
    int day, year, month = 0, hour, min, sec, i;
    int64_t days;

    EJWT_REQUIRE(s != NULL && out != NULL);
    while (len > 0u && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        len--;
    }
    while (len > 0u && (s[len - 1u] == ' ' || s[len - 1u] == '\t')) {
        len--;
    }
    /* "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (len != IMF_FIXDATE_LEN || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || s[25] != ' ' ||
        memcmp(s + 26, "GMT", 3) != 0) {
        return EJWT_ERR_HTTP_DATE_INVALID;
    }
    day = digits(s + 5, 2);
    year = digits(s + 12, 4);
    hour = digits(s + 17, 2);
    min = digits(s + 20, 2);
    sec = digits(s + 23, 2);
    for (i = 0; i < 12; i++) {
        if (memcmp(s + 8, month_names[i], 3) == 0) {
            month = i + 1;
        }
    }
    if (day < 1 || year < 1970 || month == 0 || day > days_in_month(year, month) || hour < 0 ||
        hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60) {
        return EJWT_ERR_HTTP_DATE_INVALID;
    }
    days = days_from_epoch(year, month, day);
    /* 1970-01-01 was a Thursday. */
    if (memcmp(s, day_names[days % 7], 3) != 0) {
        return EJWT_ERR_HTTP_DATE_INVALID;
    }
    *out = days * 86400 + (int64_t)hour * 3600 + (int64_t)min * 60 + (sec == 60 ? 59 : sec);
    return EJWT_OK;
}
