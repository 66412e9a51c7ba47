/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file numericdate.h
 * \brief Times in Unix seconds (RFC 7519 NumericDate): the "unknown" value,
 *        and the two pieces of arithmetic every time check is written with.
 *
 * Every comparison of a time with a bound in ejwt is built from
 * ejwt_time_gap() and ejwt_time_add(), which are defined for every pair of
 * int64 values: a hostile `exp`, `iat` or `nbf`, a clock near either end of
 * the range or a leeway of UINT32_MAX can never overflow. For example,
 * "expired" is `now >= exp && ejwt_time_gap(exp, now) >= leeway`, and
 * "more than margin seconds left" is `ejwt_time_gap(now, exp) > margin`.
 */
#ifndef EJWT_NUMERICDATE_H
#define EJWT_NUMERICDATE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** "now" for a device whose wall clock is not set: any check that needs the
 *  time then fails with ::EJWT_ERR_TIME_UNKNOWN. */
#define EJWT_TIME_UNKNOWN INT64_MIN

/**
 * How far \p to lies after \p from: `to - from` when \p to is later, else 0.
 * Exact for every pair of int64 values (their difference always fits in a
 * uint64), so `ejwt_time_gap(now, exp) > margin` is "more than margin seconds
 * left" with no overflow whatever the inputs.
 * \param from  the earlier instant (Unix seconds)
 * \param to    the later instant (Unix seconds)
 * \return the seconds from \p from to \p to, 0 when \p to is not later
 */
static inline uint64_t ejwt_time_gap(int64_t from, int64_t to)
{
    return to > from ? (uint64_t)to - (uint64_t)from : 0u;
}

/**
 * \p t plus \p d seconds, or INT64_MAX when the sum lies beyond it (a
 * deadline that far away never arrives, which is what saturation says).
 * \param t  an instant (Unix seconds)
 * \param d  seconds to add
 * \return the saturated sum
 */
static inline int64_t ejwt_time_add(int64_t t, uint64_t d)
{
    uint64_t below_zero;

    if (t >= 0) {
        return d > (uint64_t)(INT64_MAX - t) ? INT64_MAX : t + (int64_t)d;
    }
    /* t < 0: |t| = -(t + 1) + 1 lies in [1, 2^63] and is computed without
     * negating INT64_MIN. A step short of zero stays negative; a longer one
     * is what remains past zero. */
    below_zero = (uint64_t)(-(t + 1)) + 1u;
    if (d < below_zero) {
        return t + (int64_t)d;
    }
    d -= below_zero;
    return d > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d;
}

#ifdef __cplusplus
}
#endif
#endif /* EJWT_NUMERICDATE_H */
