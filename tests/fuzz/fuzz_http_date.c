/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The HTTP Date parser (ejwt_http_date_parse(), assertion.h): the clock of a
 * device without an RTC comes from it, so a wrong answer is a wrong time.
 *
 * Input: the field value itself. Two checks per input:
 *  - differential: the whole input is parsed, and the target decides on its
 *    own what assertion.h documents (IMF-fixdate of RFC 7231 section
 *    7.1.1.1 after skipping spaces and tabs at both ends; exact day and
 *    month names; a real calendar date from 1970 on; hour 0-23, minute
 *    0-59, second 0-60 with 60 read as 59; the day name that date has),
 *    with the time from libc's timegm() and the weekday from gmtime_r().
 *    The parser must accept exactly those, with exactly that time, and
 *    leave *out untouched on failure.
 *  - round trip: the first 8 bytes pick a time from 1970 to 9999-12-31;
 *    the target formats it with a calendar of its own (days to civil date,
 *    not libc), optionally with surrounding blanks and :59 written :60, and
 *    the parser must give that time back.
 * Return codes are EJWT_OK or EJWT_ERR_HTTP_DATE_INVALID only.
 */
#define _DEFAULT_SOURCE /* timegm, gmtime_r */

#include <stdint.h>
#include <string.h>
#include <time.h>

#include <ejwt/auth/assertion.h>
#include <ejwt/ejwt.h>

#include "fuzz_common.h"

#define FIXDATE_LEN 29u
/* 9999-12-31 23:59:59 GMT + 1: the last instant a 4-digit year can name. */
#define TIME_END INT64_C(253402300800)
#define UNTOUCHED INT64_C(0x5A5A5A5A5A5A5A5A)

static const char *const day_names[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int two_digits(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') {
        return 0;
    }
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The target's reading of an IMF-fixdate: 1 and the time, or 0. */
static int reference_parse(const char *s, size_t len, int64_t *t)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int day, hh, yy, hour, min, sec, month = -1, wday = -1, i;
    struct tm tm, back;
    time_t tt;

    while (len > 0u && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0u && (s[len - 1u] == ' ' || s[len - 1u] == '\t')) {
        len--;
    }
    if (len != FIXDATE_LEN) {
        return 0;
    }
    for (i = 0; i < 7; i++) {
        if (memcmp(s, day_names[i], 3) == 0) {
            wday = i;
        }
    }
    for (i = 0; i < 12; i++) {
        if (memcmp(s + 8, month_names[i], 3) == 0) {
            month = i;
        }
    }
    if (wday < 0 || month < 0 || memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' || s[11] != ' ' ||
        s[16] != ' ' || s[19] != ':' || s[22] != ':' || memcmp(s + 25, " GMT", 4) != 0 ||
        !two_digits(s + 5, &day) || !two_digits(s + 12, &hh) || !two_digits(s + 14, &yy) ||
        !two_digits(s + 17, &hour) || !two_digits(s + 20, &min) || !two_digits(s + 23, &sec)) {
        return 0;
    }
    yy += hh * 100;
    if (yy < 1970 || day < 1 || day > dim[month] + (month == 1 && is_leap(yy)) || hour > 23 ||
        min > 59 || sec > 60) {
        return 0;
    }
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = yy - 1900;
    tm.tm_mon = month;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = sec == 60 ? 59 : sec; /* Unix time has no leap seconds */
    tt = timegm(&tm);
    FUZZ_CHECK(tt != (time_t)-1 && gmtime_r(&tt, &back) != NULL);
    FUZZ_CHECK(back.tm_mday == day && back.tm_mon == month && back.tm_year == yy - 1900);
    if (back.tm_wday != wday) {
        return 0;
    }
    *t = (int64_t)tt;
    return 1;
}

/* Howard Hinnant's days-to-civil, written out here so the round trip does not
 * lean on libc (the differential check already does). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" for \p t in [0, TIME_END). */
static void format_fixdate(int64_t t, char out[FIXDATE_LEN])
{
    int64_t days = t / 86400, secs = t % 86400;
    int y, m, d;

    civil_from_days(days, &y, &m, &d);
    memcpy(out, day_names[(days + 4) % 7], 3); /* 1970-01-01 was a Thursday */
    memcpy(out + 3, ", ", 2);
    put2(out + 5, d);
    out[7] = ' ';
    memcpy(out + 8, month_names[m - 1], 3);
    out[11] = ' ';
    put2(out + 12, y / 100);
    put2(out + 14, y % 100);
    out[16] = ' ';
    put2(out + 17, (int)(secs / 3600));
    out[19] = ':';
    put2(out + 20, (int)(secs / 60 % 60));
    out[22] = ':';
    put2(out + 23, (int)(secs % 60));
    memcpy(out + 25, " GMT", 4);
}

static void round_trip(const uint8_t *data)
{
    static const char *const blanks[4] = {"", " ", "\t", "  \t "};
    char text[FIXDATE_LEN + 16];
    const char *lead = blanks[data[0] & 3u], *trail = blanks[data[0] >> 2 & 3u];
    uint64_t u = 0;
    int64_t t, got = UNTOUCHED;
    size_t n, i;

    for (i = 0; i < 8u; i++) {
        u = u << 8 | data[i];
    }
    t = (int64_t)(u % (uint64_t)TIME_END);
    n = strlen(lead);
    memcpy(text, lead, n);
    format_fixdate(t, text + n);
    if ((data[1] & 1u) && memcmp(text + n + 23, "59", 2) == 0) {
        memcpy(text + n + 23, "60", 2); /* a leap second reads as :59 */
    }
    n += FIXDATE_LEN;
    memcpy(text + n, trail, strlen(trail));
    n += strlen(trail);
    FUZZ_CHECK(ejwt_http_date_parse(text, n, &got) == EJWT_OK);
    FUZZ_CHECK(got == t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t got = UNTOUCHED, want = 0;
    int ok, r;

    ok = reference_parse((const char *)data, size, &want);
    r = ejwt_http_date_parse((const char *)data, size, &got);
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_HTTP_DATE_INVALID);
    FUZZ_CHECK((r == EJWT_OK) == ok);
    if (r == EJWT_OK) {
        FUZZ_CHECK(got == want && got >= 0 && got < TIME_END);
    } else {
        FUZZ_CHECK(got == UNTOUCHED);
    }
    if (size >= 8u) {
        round_trip(data);
    }
    return 0;
}
