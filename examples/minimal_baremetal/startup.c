/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example's own start-up: vector table, reset handler, fault handler.
 * Nothing from ejwt's QEMU boards. The reset handler copies .data, clears
 * .bss, paints the unused stack (so main() can report its peak), runs
 * main() and stops with its status.
 *
 * SysTick's slot is ejwt_mcu_tick(): the generic MCU glue's uptime counter,
 * started by ejwt_mcu_systick_start() in main(). The verifier-only image
 * (verify_only.c, EXAMPLE_CORE_ONLY) links no MCU glue and starts no
 * SysTick: the slot is the fault handler there.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef EXAMPLE_CORE_ONLY
#include <ejwt/mcu.h>
#define EXAMPLE_SYSTICK ejwt_mcu_tick /* uptime (ejwt::mcu) */
#else
#define EXAMPLE_SYSTICK example_fault /* never started */
#endif

#include "console.h"
#include "startup.h"

/* From board/board.ld. */
extern uint32_t example_data_start[], example_data_end[], example_data_load[];
extern uint32_t example_bss_start[], example_bss_end[];
extern uint32_t example_stack_limit[], example_stack_top[];

int main(void);
void example_reset(void) __attribute__((noreturn));
void example_fault(void);

/* A word the program is unlikely to write: a stack slot still holding it
 * was never used. */
#define STACK_PAINT 0xC5A1AB1Eu
/* Left unpainted below the live stack pointer, for the painting loop. */
#define PAINT_MARGIN_BYTES 64u

typedef union vector {
    void (*handler)(void);
    void *sp;
} vector;

__attribute__((section(".vectors"), used)) static const vector vectors[16] = {
    {.sp = example_stack_top},
    {example_reset},
    {example_fault}, /* NMI */
    {example_fault}, /* HardFault */
    {example_fault}, /* MemManage */
    {example_fault}, /* BusFault */
    {example_fault}, /* UsageFault */
    {NULL},
    {NULL},
    {NULL},
    {NULL},
    {example_fault}, /* SVCall */
    {example_fault}, /* DebugMonitor */
    {NULL},
    {example_fault},   /* PendSV */
    {EXAMPLE_SYSTICK}, /* SysTick */
};

static uintptr_t current_sp(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

void example_reset(void)
{
    const uint32_t *src = example_data_load;
    uint32_t *dst;
    volatile uint32_t *w;
    uintptr_t paint_end = current_sp() - PAINT_MARGIN_BYTES;

    /* Linker symbols are separate objects to C: compare addresses as
     * integers. */
    for (dst = example_data_start; (uintptr_t)dst < (uintptr_t)example_data_end; dst++) {
        *dst = *src++;
    }
    for (dst = example_bss_start; (uintptr_t)dst < (uintptr_t)example_bss_end; dst++) {
        *dst = 0u;
    }
    for (w = example_stack_limit; (uintptr_t)w < paint_end; w++) {
        *w = STACK_PAINT;
    }
    example_exit(main());
}

size_t example_stack_peak(void)
{
    const volatile uint32_t *w = example_stack_limit;

    while ((uintptr_t)w < (uintptr_t)example_stack_top && *w == STACK_PAINT) {
        w++;
    }
    return (size_t)((uintptr_t)example_stack_top - (uintptr_t)w);
}

size_t example_stack_size(void)
{
    return (size_t)((uintptr_t)example_stack_top - (uintptr_t)example_stack_limit);
}

void example_fault(void)
{
    console_puts("\n*** fault\n");
    example_exit(2);
}
