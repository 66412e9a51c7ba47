/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console on UART0 of the LM3S6965 (PA0/PA1), polled: what a real board
 * has. Register map from the Stellaris LM3S6965 data sheet (the UART is a
 * PL011); QEMU's lm3s6965evb models it, and `-serial stdio` shows it.
 *
 * The exit code is the one emulation service the example uses: semihosting
 * SYS_EXIT_EXTENDED ends QEMU with main()'s status, so CI can tell success
 * from failure. On hardware without a debugger attached the "bkpt 0xab"
 * would halt (or fault): a product resets or sleeps there instead.
 */
#include <stdint.h>

#include "console.h"

#define REG(addr) (*(volatile uint32_t *)(addr))

/* System control: run-mode clock gating. */
#define SYSCTL_RCGC1 REG(0x400FE104u) /* bit 0: UART0 */
#define SYSCTL_RCGC2 REG(0x400FE108u) /* bit 0: GPIO port A */
/* GPIO port A: PA0 (U0Rx) and PA1 (U0Tx) to the UART. */
#define GPIOA_AFSEL REG(0x40004420u)
#define GPIOA_DEN REG(0x4000451Cu)
/* UART0. */
#define UART0_DR REG(0x4000C000u)
#define UART0_FR REG(0x4000C018u)
#define UART0_IBRD REG(0x4000C024u)
#define UART0_FBRD REG(0x4000C028u)
#define UART0_LCRH REG(0x4000C02Cu)
#define UART0_CTL REG(0x4000C030u)

#define FR_TXFF (1u << 5)
#define LCRH_WLEN_8 (3u << 5)
#define CTL_UARTEN (1u << 0)
#define CTL_TXE (1u << 8)
#define CTL_RXE (1u << 9)

/* 115200 baud from 12 MHz: 12e6 / (16 * 115200) = 6.5104, so IBRD 6 and
 * FBRD round(0.5104 * 64) = 33. */
#define UART_IBRD_115200 6u
#define UART_FBRD_115200 33u

#define PINS_PA0_PA1 0x3u

/* Semihosting (Arm's "bkpt 0xab" interface). */
#define SH_SYS_EXIT_EXTENDED 0x20u
#define SH_ADP_STOPPED_APPLICATION_EXIT 0x20026u

void console_init(void)
{
    SYSCTL_RCGC1 |= 1u;
    SYSCTL_RCGC2 |= 1u;
    /* A few cycles pass before a newly clocked peripheral responds. */
    (void)SYSCTL_RCGC2;
    GPIOA_AFSEL |= PINS_PA0_PA1;
    GPIOA_DEN |= PINS_PA0_PA1;
    UART0_CTL = 0u;
    UART0_IBRD = UART_IBRD_115200;
    UART0_FBRD = UART_FBRD_115200;
    UART0_LCRH = LCRH_WLEN_8;
    UART0_CTL = CTL_UARTEN | CTL_TXE | CTL_RXE;
}

static void put(char c)
{
    while ((UART0_FR & FR_TXFF) != 0u) {
    }
    UART0_DR = (uint32_t)(unsigned char)c;
}

void console_puts(const char *s)
{
    for (; *s != '\0'; s++) {
        if (*s == '\n') {
            put('\r');
        }
        put(*s);
    }
}

void console_putu(uint32_t v)
{
    char buf[11]; /* 4294967295 and a NUL */
    char *p = buf + sizeof buf - 1u;

    *p = '\0';
    do {
        *--p = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    console_puts(p);
}

void example_exit(int code)
{
    uint32_t block[2];

    block[0] = SH_ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    for (;;) {
        register uint32_t r0 __asm__("r0") = SH_SYS_EXIT_EXTENDED;
        register uint32_t *r1 __asm__("r1") = block;
        __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    }
}
