/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reset and fault handling shared by the QEMU boards (their vector table is
 * vectors.c). The reset handler prepares RAM, paints the stack so its peak
 * use can be measured, starts the Mbed TLS arena and the uptime tick of the
 * generic MCU glue (port/mcu), mounts the emulated flash when the image has
 * PSA ITS, runs main() and ends the emulation with main's return value.
 */
#include <stddef.h>
#include <stdint.h>

#include "ejwt/qemu_board.h"

/* Provided by the linker script (sections.ld). */
extern uint32_t ejwt_ld_data_start[], ejwt_ld_data_end[], ejwt_ld_data_load[];
extern uint32_t ejwt_ld_bss_start[], ejwt_ld_bss_end[];
extern uint32_t ejwt_ld_stack_limit[];
extern uint32_t ejwt_ld_ram_end[];

/* Storage mount (flash_boot.c). Weak: an image without the port's ITS
 * (ejwt_psa_its: no persistent keys, or its own psa_its_*) has no store to
 * mount. */
void ejwt_bm_its_boot(void) __attribute__((weak));

int main(void);

/* An unlikely word: a stack slot still holding it was never written. */
#define STACK_PAINT 0xC5A1AB1Eu

/* Left unpainted below the live stack pointer while painting, for the
 * painting loop's own spills. */
#define PAINT_MARGIN_WORDS 16u

#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)
#define SAU_SFSR (*(volatile uint32_t *)0xE000EDE4u)
#define SAU_SFAR (*(volatile uint32_t *)0xE000EDE8u)

static uintptr_t current_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

static void paint_below(uintptr_t sp)
{
    volatile uint32_t *w = ejwt_ld_stack_limit;
    uint32_t *end = (uint32_t *)(sp - PAINT_MARGIN_WORDS * 4u);
    while ((uintptr_t)w < (uintptr_t)end) {
        *w++ = STACK_PAINT;
    }
}

void ejwt_bm_reset(void)
{
    uint32_t *src = ejwt_ld_data_load;
    uint32_t *dst = ejwt_ld_data_start;
    int rc;

    /* The linker symbols are separate objects to C, so their addresses are
     * compared as integers (ordering pointers to different objects is
     * undefined behaviour). */
    while ((uintptr_t)dst < (uintptr_t)ejwt_ld_data_end) {
        *dst++ = *src++;
    }
    for (dst = ejwt_ld_bss_start; (uintptr_t)dst < (uintptr_t)ejwt_ld_bss_end; dst++) {
        *dst = 0;
    }
    paint_below(current_sp());
#if defined(__ARM_ARCH_8M_MAIN__)
    /* Armv8-M checks the stack limit in hardware: an overflow is a
     * UsageFault (STKOF) before it touches anything below the stack. */
    __asm__ volatile("msr msplim, %0" : : "r"(ejwt_ld_stack_limit));
#endif
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_8M_MAIN__)
    /* Report MemManage, BusFault and UsageFault as themselves (with their
     * status bits) instead of escalating them to HardFault. */
    SCB_SHCSR |= (1u << 16) | (1u << 17) | (1u << 18);
#endif
    ejwt_mcu_arena_init();
    ejwt_mcu_systick_start(ejwt_board.cpu_hz);
    if (ejwt_bm_its_boot != NULL) {
        ejwt_bm_its_boot();
    }
    rc = main();
    ejwt_bm_exit(rc);
}

size_t ejwt_bm_stack_size(void)
{
    return (size_t)((uintptr_t)ejwt_ld_stack_top - (uintptr_t)ejwt_ld_stack_limit);
}

size_t ejwt_bm_stack_peak(void)
{
    const volatile uint32_t *w = ejwt_ld_stack_limit;
    while ((uintptr_t)w < (uintptr_t)ejwt_ld_stack_top && *w == STACK_PAINT) {
        w++;
    }
    return (size_t)((uintptr_t)ejwt_ld_stack_top - (uintptr_t)w);
}

void ejwt_bm_stack_repaint(void)
{
    paint_below(current_sp());
}

void ejwt_bm_fault_report(const uint32_t *frame, uint32_t exc_return);

/* Called by ejwt_bm_fault() on a fresh stack; never returns. Only the
 * assembly refers to it, so it is marked used for link-time optimisation. */
__attribute__((used)) void ejwt_bm_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    ejwt_bm_printf("\n*** FAULT: exception %u, EXC_RETURN 0x%08x\n", (unsigned)(ipsr & 0x1ffu),
                   (unsigned)exc_return);
    /* A frame outside RAM means the stack overflowed or was corrupted:
     * reading it would fault again. */
    if ((uintptr_t)frame >= (uintptr_t)ejwt_ld_stack_limit &&
        (uintptr_t)frame + 32u <= (uintptr_t)ejwt_ld_ram_end) {
        ejwt_bm_printf("  r0  0x%08x  r1 0x%08x  r2 0x%08x  r3   0x%08x\n", (unsigned)frame[0],
                       (unsigned)frame[1], (unsigned)frame[2], (unsigned)frame[3]);
        ejwt_bm_printf("  r12 0x%08x  lr 0x%08x  pc 0x%08x  xpsr 0x%08x\n", (unsigned)frame[4],
                       (unsigned)frame[5], (unsigned)frame[6], (unsigned)frame[7]);
    } else {
        ejwt_bm_printf("  stack frame at %p is outside RAM (stack overflow?)\n",
                       (const void *)frame);
    }
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_8M_MAIN__)
    ejwt_bm_printf("  CFSR 0x%08x  HFSR 0x%08x  MMFAR 0x%08x  BFAR 0x%08x\n", (unsigned)SCB_CFSR,
                   (unsigned)SCB_HFSR, (unsigned)SCB_MMFAR, (unsigned)SCB_BFAR);
#endif
#if defined(__ARM_ARCH_8M_MAIN__)
    ejwt_bm_printf("  SFSR 0x%08x  SFAR 0x%08x\n", (unsigned)SAU_SFSR, (unsigned)SAU_SFAR);
#endif
    ejwt_bm_printf("  stack peak %u of %u bytes\n", (unsigned)ejwt_bm_stack_peak(),
                   (unsigned)ejwt_bm_stack_size());
    ejwt_bm_exit(128 + (int)(ipsr & 0x1ffu));
}

/* Every fault lands here: find the stacked frame (main or process stack,
 * from EXC_RETURN bit 2), move to the top of the main stack - the faulting
 * code's stack may be the problem - and report. Armv6-M instructions only,
 * so the same code serves the Cortex-M0. */
__attribute__((naked)) void ejwt_bm_fault(void)
{
    __asm__ volatile("movs r0, #4\n"
                     "mov r1, lr\n"
                     "tst r0, r1\n"
                     "beq 1f\n"
                     "mrs r0, psp\n"
                     "b 2f\n"
                     "1: mrs r0, msp\n"
                     "2: ldr r2, =ejwt_ld_stack_top\n"
                     "mov sp, r2\n"
                     "ldr r2, =ejwt_bm_fault_report\n"
                     "bx r2\n"
                     ".ltorg\n");
}

void ejwt_bm_unexpected(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    ejwt_bm_printf("\n*** unexpected exception %u\n", (unsigned)(ipsr & 0x1ffu));
    ejwt_bm_exit(127);
}

/* newlib's assert() reports through fiprintf (stdio, malloc). Ours prints
 * through semihosting and ends the run with a failure status. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): newlib's hook name */
void __assert_func(const char *file, int line, const char *func, const char *expr);
/* NOLINTNEXTLINE(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): newlib's hook name */
void __assert_func(const char *file, int line, const char *func, const char *expr)
{
    ejwt_bm_printf("\n*** assertion failed: %s (%s:%d, %s)\n", expr, file, line,
                   func != NULL ? func : "?");
    ejwt_bm_exit(134);
}
