/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Peak stack of one call: run it with makecontext() on a stack of our own
 * that was painted with a pattern first, then find the deepest byte that no
 * longer holds the pattern. A run of a function that does nothing gives the
 * harness's own share (the context trampoline), which is subtracted.
 */
#define _GNU_SOURCE
#include <string.h>
#include <ucontext.h>

#include "bench.h"

#if !defined(BENCH_NO_STACK_PAINT)

#define STACK_SIZE (512u * 1024u)
#define PAINT 0xa5

static unsigned char stack[STACK_SIZE] __attribute__((aligned(64)));
static ucontext_t caller_ctx, op_ctx;
static void (*op_fn)(void);

static void trampoline(void)
{
    op_fn();
}

static long painted_run(void (*fn)(void))
{
    size_t i;

    memset(stack, PAINT, sizeof(stack));
    if (getcontext(&op_ctx) != 0) {
        return -1;
    }
    op_ctx.uc_stack.ss_sp = stack;
    op_ctx.uc_stack.ss_size = sizeof(stack);
    op_ctx.uc_link = &caller_ctx;
    op_fn = fn;
    makecontext(&op_ctx, trampoline, 0);
    if (swapcontext(&caller_ctx, &op_ctx) != 0) {
        return -1;
    }
    /* The stack grows down: the first touched byte from the bottom. */
    for (i = 0; i < sizeof(stack) && stack[i] == PAINT; i++) {
    }
    return (long)(sizeof(stack) - i);
}

static void nothing(void)
{
}

long stack_peak(void (*fn)(void))
{
    long base = painted_run(nothing);
    long used = painted_run(fn);

    return (base < 0 || used < 0) ? -1 : used - base;
}

#else

long stack_peak(void (*fn)(void))
{
    (void)fn;
    return -1;
}

#endif
