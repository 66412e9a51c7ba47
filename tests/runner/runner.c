/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board test runner behind tests/runner/include/cmocka.h: runs a group
 * of tests, catches a failed assertion with longjmp, prints cmocka's layout
 * through the semihosting console and returns the number of failures (the
 * firmware's exit status, which QEMU hands to ctest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ejwt/qemu_board.h"

enum {
    RESULT_PASS,
    RESULT_FAIL,
    RESULT_SKIP
};

/* Where a failing assertion returns to; NULL outside a test or fixture. */
static jmp_buf *active;
static int active_result;

static void finish(int result)
{
    active_result = result;
    if (active == NULL) {
        /* An assertion outside any test (test bug): nothing to unwind to. */
        print_error("[  ERROR   ] --- assertion outside a test\n");
        ejwt_bm_exit(1);
    }
    longjmp(*active, 1);
}

void print_message(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    ejwt_bm_vprintf(format, ap);
    va_end(ap);
}

void print_error(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    ejwt_bm_vprintf(format, ap);
    va_end(ap);
}

static void fail_at(const char *file, int line)
{
    print_error("[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
    finish(RESULT_FAIL);
}

void _fail(const char *file, int line)
{
    fail_at(file, line);
    for (;;) {
    }
}

void _skip(const char *file, int line)
{
    (void)file;
    (void)line;
    finish(RESULT_SKIP);
    for (;;) {
    }
}

void _assert_true(LargestIntegralType result, const char *expression, const char *file, int line)
{
    if (result == 0u) {
        print_error("%s\n", expression);
        fail_at(file, line);
    }
}

static void report_ints(LargestIntegralType a, const char *op, LargestIntegralType b)
{
    /* As signed and as hex: the suite compares error codes (negative) and
     * sizes alike. */
    print_error("%lld (0x%llx) %s %lld (0x%llx)\n", (long long)a, (unsigned long long)a, op,
                (long long)b, (unsigned long long)b);
}

void _assert_int_equal(LargestIntegralType a, LargestIntegralType b, const char *file, int line)
{
    if (a != b) {
        report_ints(a, "!=", b);
        fail_at(file, line);
    }
}

void _assert_int_not_equal(LargestIntegralType a, LargestIntegralType b, const char *file, int line)
{
    if (a == b) {
        report_ints(a, "==", b);
        fail_at(file, line);
    }
}

void _assert_ptr_equal(const void *a, const void *b, const char *file, int line)
{
    if (a != b) {
        print_error("%p != %p\n", a, b);
        fail_at(file, line);
    }
}

void _assert_ptr_not_equal(const void *a, const void *b, const char *file, int line)
{
    if (a == b) {
        print_error("%p == %p\n", a, b);
        fail_at(file, line);
    }
}

void _assert_string_equal(const char *a, const char *b, const char *file, int line)
{
    if (a == NULL || b == NULL || strcmp(a, b) != 0) {
        print_error("\"%s\" != \"%s\"\n", a, b);
        fail_at(file, line);
    }
}

void _assert_memory_equal(const void *a, const void *b, size_t size, const char *file, int line)
{
    const uint8_t *pa = (const uint8_t *)a;
    const uint8_t *pb = (const uint8_t *)b;
    size_t i;
    size_t differ = 0;
    if (pa == NULL || pb == NULL) {
        print_error("memory compare with a NULL pointer\n");
        fail_at(file, line);
        return;
    }
    for (i = 0; i < size; i++) {
        if (pa[i] != pb[i]) {
            if (differ < 8u) {
                print_error("difference at offset %u 0x%02x 0x%02x\n", (unsigned)i, (unsigned)pa[i],
                            (unsigned)pb[i]);
            }
            differ++;
        }
    }
    if (differ > 0u) {
        print_error("%u bytes of %p and %p differ\n", (unsigned)differ, a, b);
        fail_at(file, line);
    }
}

void _assert_in_range(LargestIntegralType value, LargestIntegralType minimum,
                      LargestIntegralType maximum, const char *file, int line)
{
    if (value < minimum || value > maximum) {
        print_error("%llu is not within the range %llu-%llu\n", (unsigned long long)value,
                    (unsigned long long)minimum, (unsigned long long)maximum);
        fail_at(file, line);
    }
}

/* Runs \p fn (a test, or a fixture when \p fixture is set) with the
 * assertion catcher armed; returns RESULT_*. */
static int run_guarded(CMUnitTestFunction test, CMFixtureFunction fixture, void **state)
{
    jmp_buf env;
    active_result = RESULT_PASS;
    active = &env;
    if (setjmp(env) == 0) {
        if (test != NULL) {
            test(state);
        } else if (fixture(state) != 0) {
            active_result = RESULT_FAIL;
        }
    }
    active = NULL;
    return active_result;
}

int _cmocka_run_group_tests(const char *group_name, const struct CMUnitTest *tests, size_t count,
                            CMFixtureFunction group_setup, CMFixtureFunction group_teardown)
{
    void *group_state = NULL;
    size_t passed = 0;
    size_t failed = 0;
    size_t skipped = 0;
    size_t i;

    print_message("[==========] %s: Running %u test(s).\n", group_name, (unsigned)count);
    if (group_setup != NULL && run_guarded(NULL, group_setup, &group_state) != RESULT_PASS) {
        print_error("[  ERROR   ] %s: GROUP SETUP FAILED\n", group_name);
        print_message("[==========] %s: %u test(s) run.\n", group_name, 0u);
        print_error("[  FAILED  ] %s: %u test(s), listed below:\n", group_name, (unsigned)count);
        return (int)count;
    }
    for (i = 0; i < count; i++) {
        const struct CMUnitTest *t = &tests[i];
        void *state = t->initial_state != NULL ? t->initial_state : group_state;
        int result = RESULT_PASS;

        print_message("[ RUN      ] %s\n", t->name);
        if (t->setup_func != NULL) {
            result = run_guarded(NULL, t->setup_func, &state);
        }
        if (result == RESULT_PASS) {
            result = run_guarded(t->test_func, NULL, &state);
        }
        if (t->teardown_func != NULL &&
            run_guarded(NULL, t->teardown_func, &state) != RESULT_PASS && result == RESULT_PASS) {
            result = RESULT_FAIL;
        }
        if (result == RESULT_PASS) {
            print_message("[       OK ] %s\n", t->name);
            passed++;
        } else if (result == RESULT_SKIP) {
            print_message("[  SKIPPED ] %s\n", t->name);
            skipped++;
        } else {
            print_error("[  FAILED  ] %s\n", t->name);
            failed++;
        }
    }
    if (group_teardown != NULL && run_guarded(NULL, group_teardown, &group_state) != RESULT_PASS) {
        print_error("[  ERROR   ] %s: GROUP TEARDOWN FAILED\n", group_name);
        failed++;
    }
    print_message("[==========] %s: %u test(s) run.\n", group_name, (unsigned)count);
    print_message("[  PASSED  ] %u test(s).\n", (unsigned)passed);
    if (skipped > 0u) {
        print_message("[  SKIPPED ] %u test(s).\n", (unsigned)skipped);
    }
    if (failed > 0u) {
        print_error("[  FAILED  ] %s: %u test(s).\n\n %u FAILED TEST(S)\n", group_name,
                    (unsigned)failed, (unsigned)failed);
    }
    /* Memory the run used, for the footprint notes. */
    print_message("[  BOARD   ] %s: stack peak %u of %u bytes, mbedtls arena peak %u of %u\n",
                  ejwt_board.name, (unsigned)ejwt_bm_stack_peak(), (unsigned)ejwt_bm_stack_size(),
                  (unsigned)ejwt_mcu_arena_peak(), (unsigned)ejwt_mcu_arena_size());
    return (int)failed;
}
