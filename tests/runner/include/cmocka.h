/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A cmocka-compatible subset for the bare-metal boards.
 *
 * The real cmocka allocates (test_malloc bookkeeping, its message buffers)
 * and prints through stdio, and board images link neither a heap nor stdio.
 * The suite's test files include <cmocka.h> unchanged; on boards this header
 * and runner.c stand in for it. Only what tests/{unit,vectors,attacks} use
 * is provided, with cmocka's semantics: a failed assertion ends the current
 * test (longjmp back to the runner), the next test runs, and
 * cmocka_run_group_tests() returns the number of failed tests. Output
 * follows cmocka's layout so logs read the same on host and board.
 */
#ifndef EJWT_TEST_RUNNER_CMOCKA_H
#define EJWT_TEST_RUNNER_CMOCKA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uintmax_t LargestIntegralType;

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

#define cast_to_largest_integral_type(value) ((LargestIntegralType)(value))

#define cmocka_unit_test(f)                                                                        \
    {                                                                                              \
#f, f, NULL, NULL, NULL                                                                    \
    }
#define cmocka_unit_test_prestate(f, state)                                                        \
    {                                                                                              \
#f, f, NULL, NULL, state                                                                   \
    }
#define cmocka_unit_test_setup_teardown(f, setup, teardown)                                        \
    {                                                                                              \
#f, f, setup, teardown, NULL                                                               \
    }

#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)                           \
    _cmocka_run_group_tests(#group_tests, group_tests,                                             \
                            sizeof(group_tests) / sizeof((group_tests)[0]), group_setup,           \
                            group_teardown)
#define cmocka_run_group_tests_name(group_name, group_tests, group_setup, group_teardown)          \
    _cmocka_run_group_tests(group_name, group_tests,                                               \
                            sizeof(group_tests) / sizeof((group_tests)[0]), group_setup,           \
                            group_teardown)

#define assert_true(c) _assert_true(cast_to_largest_integral_type(c), #c, __FILE__, __LINE__)
#define assert_false(c)                                                                            \
    _assert_true(!(cast_to_largest_integral_type(c)), "!(" #c ")", __FILE__, __LINE__)
#define assert_null(c) _assert_true((c) == NULL, #c " == NULL", __FILE__, __LINE__)
#define assert_non_null(c) _assert_true((c) != NULL, #c " != NULL", __FILE__, __LINE__)
#define assert_int_equal(a, b)                                                                     \
    _assert_int_equal(cast_to_largest_integral_type(a), cast_to_largest_integral_type(b),          \
                      __FILE__, __LINE__)
#define assert_int_not_equal(a, b)                                                                 \
    _assert_int_not_equal(cast_to_largest_integral_type(a), cast_to_largest_integral_type(b),      \
                          __FILE__, __LINE__)
#define assert_ptr_equal(a, b)                                                                     \
    _assert_ptr_equal((const void *)(a), (const void *)(b), __FILE__, __LINE__)
#define assert_ptr_not_equal(a, b)                                                                 \
    _assert_ptr_not_equal((const void *)(a), (const void *)(b), __FILE__, __LINE__)
#define assert_string_equal(a, b)                                                                  \
    _assert_string_equal((const char *)(a), (const char *)(b), __FILE__, __LINE__)
#define assert_memory_equal(a, b, size)                                                            \
    _assert_memory_equal((const void *)(a), (const void *)(b), (size_t)(size), __FILE__, __LINE__)
#define assert_in_range(value, minimum, maximum)                                                   \
    _assert_in_range(cast_to_largest_integral_type(value), cast_to_largest_integral_type(minimum), \
                     cast_to_largest_integral_type(maximum), __FILE__, __LINE__)

#define fail() _fail(__FILE__, __LINE__)
#define fail_msg(...)                                                                              \
    do {                                                                                           \
        print_error("ERROR: " __VA_ARGS__);                                                        \
        fail();                                                                                    \
    } while (0)
#define skip() _skip(__FILE__, __LINE__)

void print_message(const char *format, ...) __attribute__((format(printf, 1, 2)));
void print_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

int _cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t count,
                            CMFixtureFunction group_setup, CMFixtureFunction group_teardown);

void _assert_true(LargestIntegralType result, const char *expression, const char *file, int line);
void _assert_int_equal(LargestIntegralType a, LargestIntegralType b, const char *file, int line);
void _assert_int_not_equal(LargestIntegralType a, LargestIntegralType b, const char *file,
                           int line);
void _assert_ptr_equal(const void *a, const void *b, const char *file, int line);
void _assert_ptr_not_equal(const void *a, const void *b, const char *file, int line);
void _assert_string_equal(const char *a, const char *b, const char *file, int line);
void _assert_memory_equal(const void *a, const void *b, size_t size, const char *file, int line);
void _assert_in_range(LargestIntegralType value, LargestIntegralType minimum,
                      LargestIntegralType maximum, const char *file, int line);
void _fail(const char *file, int line) __attribute__((noreturn));
void _skip(const char *file, int line) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif
#endif /* EJWT_TEST_RUNNER_CMOCKA_H */
