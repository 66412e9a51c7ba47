/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vector table every QEMU board image uses, and the board's identity.
 *
 * It lists only the core's exceptions: the port enables no peripheral
 * interrupt (SysTick is the only tick), so no IRQ entry can be taken and
 * none is spent on flash. Which fault slots exist depends on the
 * architecture, not on the board: Armv6-M has HardFault only, Armv7-M adds
 * MemManage, BusFault and UsageFault, Armv8-M Mainline adds SecureFault.
 */
#include <stddef.h>

#include "ejwt/qemu_board.h"

const ejwt_board_info ejwt_board = {EJWT_BOARD_NAME, EJWT_BOARD_CPU_HZ};

#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
#define CONFIGURABLE_FAULT NULL /* no MemManage/BusFault/UsageFault */
#else
#define CONFIGURABLE_FAULT ejwt_bm_fault
#endif
#if defined(__ARM_ARCH_8M_MAIN__)
#define SECURE_FAULT ejwt_bm_fault
#else
#define SECURE_FAULT NULL
#endif

__attribute__((section(".vectors"), used)) const ejwt_bm_vector ejwt_bm_vectors[16] = {
    {.sp = ejwt_ld_stack_top},
    {ejwt_bm_reset},
    {ejwt_bm_unexpected}, /* NMI */
    {ejwt_bm_fault},      /* HardFault */
    {CONFIGURABLE_FAULT}, /* MemManage */
    {CONFIGURABLE_FAULT}, /* BusFault */
    {CONFIGURABLE_FAULT}, /* UsageFault */
    {SECURE_FAULT},       /* SecureFault */
    {NULL},
    {NULL},
    {NULL},
    {ejwt_bm_unexpected}, /* SVCall */
    {ejwt_bm_unexpected}, /* DebugMonitor */
    {NULL},
    {ejwt_bm_unexpected}, /* PendSV */
    {ejwt_mcu_tick},      /* SysTick: uptime (port/mcu) */
};
