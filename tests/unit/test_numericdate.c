/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests: the time arithmetic every check is written with
 * (numericdate.h), at the ends of the int64 range. Expected values are
 * written out by hand (no wider type exists on the 32-bit boards this also
 * runs on). Under the host-asan preset any signed overflow aborts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ejwt/numericdate.h"

static void test_gap(void **state)
{
    (void)state;
    assert_true(ejwt_time_gap(0, 0) == 0u);
    assert_true(ejwt_time_gap(5, 3) == 0u); /* to before from: no gap */
    assert_true(ejwt_time_gap(3, 5) == 2u);
    assert_true(ejwt_time_gap(-3, 5) == 8u);
    assert_true(ejwt_time_gap(INT64_MIN, INT64_MAX) == UINT64_MAX);
    assert_true(ejwt_time_gap(INT64_MIN + 1, INT64_MAX) == UINT64_MAX - 1u);
    assert_true(ejwt_time_gap(INT64_MAX, INT64_MIN) == 0u);
    assert_true(ejwt_time_gap(INT64_MIN, 0) == UINT64_C(9223372036854775808));
    assert_true(ejwt_time_gap(0, INT64_MAX) == UINT64_C(9223372036854775807));
    assert_true(ejwt_time_gap(-1, INT64_MAX) == UINT64_C(9223372036854775808));
    assert_true(ejwt_time_gap(INT64_MAX - 1, INT64_MAX) == 1u);
}

static void test_add(void **state)
{
    (void)state;
    assert_true(ejwt_time_add(0, 0) == 0);
    assert_true(ejwt_time_add(1800000000, 60) == 1800000060);
    assert_true(ejwt_time_add(-5, 3) == -2);
    assert_true(ejwt_time_add(-5, 5) == 0);
    assert_true(ejwt_time_add(-5, 7) == 2);
    assert_true(ejwt_time_add(INT64_MAX, 0) == INT64_MAX);
    assert_true(ejwt_time_add(INT64_MAX, 1) == INT64_MAX); /* saturates */
    assert_true(ejwt_time_add(INT64_MAX - UINT32_MAX, UINT32_MAX) == INT64_MAX);
    assert_true(ejwt_time_add(INT64_MAX - UINT32_MAX, (uint64_t)UINT32_MAX + 1u) == INT64_MAX);
    assert_true(ejwt_time_add(INT64_MAX - UINT32_MAX - 1, UINT32_MAX) == INT64_MAX - 1);
    assert_true(ejwt_time_add(0, UINT64_MAX) == INT64_MAX);
    assert_true(ejwt_time_add(INT64_MIN, 0) == INT64_MIN);
    assert_true(ejwt_time_add(INT64_MIN, 1) == INT64_MIN + 1);
    assert_true(ejwt_time_add(INT64_MIN, UINT32_MAX) == INT64_MIN + UINT32_MAX);
    assert_true(ejwt_time_add(INT64_MIN, UINT64_C(9223372036854775808)) == 0);
    assert_true(ejwt_time_add(INT64_MIN, UINT64_MAX) == INT64_MAX);
    assert_true(ejwt_time_add(INT64_MIN, UINT64_MAX - 1u) == INT64_MAX - 1);
    assert_true(ejwt_time_add(-1, UINT64_MAX) == INT64_MAX);
    assert_true(ejwt_time_add(-1, UINT64_C(9223372036854775808)) == INT64_MAX);
    assert_true(ejwt_time_add(-2, UINT64_C(9223372036854775808)) == INT64_MAX - 1);
}

/* gap and add agree: t + gap(t, u) == u whenever u >= t. */
static void test_gap_add_agree(void **state)
{
    static const int64_t points[] = {INT64_MIN,  INT64_MIN + 1, -4294967296,   -1,       0, 1,
                                     1800000000, 4294967295,    INT64_MAX - 1, INT64_MAX};
    size_t i, j;

    (void)state;
    for (i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
        for (j = i; j < sizeof(points) / sizeof(points[0]); j++) {
            assert_true(ejwt_time_add(points[i], ejwt_time_gap(points[i], points[j])) == points[j]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gap),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_gap_add_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
