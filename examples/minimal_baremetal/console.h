/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example's console (UART0 of the LM3S6965, polled) and its exit code
 * (the one emulation service it uses: semihosting SYS_EXIT_EXTENDED).
 */
#ifndef EXAMPLE_CONSOLE_H
#define EXAMPLE_CONSOLE_H

#include <stdint.h>

/** Clock the UART and its pins and set 115200 8N1 from the 12 MHz clock. */
void console_init(void);

/** Write a NUL-terminated string (LF becomes CR LF). */
void console_puts(const char *s);

/** Write an unsigned number in decimal. */
void console_putu(uint32_t v);

/** Stop with \p code as the status (under QEMU: its exit status). */
void example_exit(int code) __attribute__((noreturn));

#endif /* EXAMPLE_CONSOLE_H */
