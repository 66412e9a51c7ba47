/*
 * Board glue for lm3s6965evb: TI LM3S6965 evaluation board (Cortex-M3).
 *
 * The vector table lists only the core's exceptions: the port enables no
 * peripheral interrupt (SysTick is the only tick), so no IRQ entry can be
 * taken and none is spent on flash.
 */
#include <stddef.h>

#include "ejwt/baremetal.h"

const ejwt_board_info ejwt_board = {"lm3s6965evb", EJWT_BOARD_CPU_HZ};

__attribute__((section(".vectors"), used)) const ejwt_bm_vector ejwt_bm_vectors[16] = {
    {.sp = __stack_top},
    {ejwt_bm_reset},
    {ejwt_bm_unexpected}, /* NMI */
    {ejwt_bm_fault},      /* HardFault */
    {ejwt_bm_fault},      /* MemManage */
    {ejwt_bm_fault},      /* BusFault */
    {ejwt_bm_fault},      /* UsageFault */
    {NULL},
    {NULL},
    {NULL},
    {NULL},
    {ejwt_bm_unexpected}, /* SVCall */
    {ejwt_bm_unexpected}, /* DebugMonitor */
    {NULL},
    {ejwt_bm_unexpected}, /* PendSV */
    {ejwt_bm_systick},    /* SysTick: uptime */
};
