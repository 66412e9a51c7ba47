/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Crash safety of the POSIX ITS: a child process rewrites one value through
 * psa_its_set() in a loop and the parent SIGKILLs it at a random moment,
 * EJWT_KILL_ROUNDS times. After every kill the value must read back as one
 * complete value that the child wrote (old or new), never a torn one.
 * Values alternate between a short and a long length and their content is
 * derived from a sequence number they carry, so each read checks itself.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>

#include <psa/internal_trusted_storage.h>

#include "platform_test_util.h"

#ifndef EJWT_KILL_ROUNDS
#define EJWT_KILL_ROUNDS 250
#endif
#define KILL_MAX_DELAY_US 3000u
#define KILL_UID 0x4b494c4cu
#define SHORT_LEN 40u
#define LONG_LEN 3000u

static uint8_t value[LONG_LEN];

static uint32_t value_len(uint32_t seq)
{
    return (seq & 1u) ? LONG_LEN : SHORT_LEN;
}

static void make_value(uint32_t seq)
{
    uint32_t i;

    value[0] = (uint8_t)(seq >> 24);
    value[1] = (uint8_t)(seq >> 16);
    value[2] = (uint8_t)(seq >> 8);
    value[3] = (uint8_t)seq;
    for (i = 4; i < value_len(seq); i++) {
        value[i] = (uint8_t)(seq * 31u + i * 7u);
    }
}

/* Read the value back; return its sequence number, or fail the test. */
static uint32_t read_and_check(void)
{
    static uint8_t got[LONG_LEN];
    size_t n = 0;
    uint32_t seq;

    assert_int_equal(psa_its_get(KILL_UID, 0, sizeof(got), got, &n), PSA_SUCCESS);
    assert_true(n >= 4u);
    seq = ((uint32_t)got[0] << 24) | ((uint32_t)got[1] << 16) | ((uint32_t)got[2] << 8) | got[3];
    assert_int_equal(n, value_len(seq));
    make_value(seq);
    assert_memory_equal(got, value, n);
    return seq;
}

static void child_loop(uint32_t seq)
{
    for (;;) {
        seq++;
        make_value(seq);
        if (psa_its_set(KILL_UID, value_len(seq), value, 0) != PSA_SUCCESS) {
            _exit(3);
        }
    }
}

static void test_sigkill_rounds(void **state)
{
    uint32_t seq;
    unsigned round;
    unsigned advanced = 0;
    unsigned max_delay_us = KILL_MAX_DELAY_US;
    int status = 0;

    (void)state;
    /* Under valgrind the child is about 50 times slower; the memcheck run
     * stretches the window so a write can still complete between kills. */
    if (getenv("EJWT_KILL_MAX_DELAY_US") != NULL) {
        max_delay_us = (unsigned)strtoul(getenv("EJWT_KILL_MAX_DELAY_US"), NULL, 10);
    }
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    make_value(0);
    assert_int_equal(psa_its_set(KILL_UID, value_len(0), value, 0), PSA_SUCCESS);
    seq = 0;
    for (round = 0; round < EJWT_KILL_ROUNDS; round++) {
        pid_t pid = fork();
        uint32_t now_seq;
        assert_true(pid >= 0);
        if (pid == 0) {
            child_loop(seq);
        }
        usleep((useconds_t)((unsigned)rand() % (max_delay_us + 1u)));
        assert_int_equal(kill(pid, SIGKILL), 0);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        now_seq = read_and_check();
        assert_true(now_seq >= seq); /* never goes back */
        advanced += now_seq > seq ? 1u : 0u;
        seq = now_seq;
    }
    print_message("sigkill: %u rounds, value advanced in %u, final sequence %u\n",
                  (unsigned)EJWT_KILL_ROUNDS, advanced, seq);
    assert_true(advanced > 0u);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(1800000000);
    return test_dir_create();
}

static int teardown(void **state)
{
    (void)state;
    test_dir_remove();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sigkill_rounds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
