/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host device's console for the flow's flow_port (../device_app/flow.h):
 * one "device: ..." line per message on stdout, flushed, and vsnprintf.
 */
#ifndef EJWT_EXAMPLE_HOST_CONSOLE_H
#define EJWT_EXAMPLE_HOST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "../device_app/flow.h"

void host_console_vsay(const char *fmt, va_list ap) DEV_PRINTF_LIKE(1, 0);
int host_console_vformat(char *buf, size_t cap, const char *fmt, va_list ap) DEV_PRINTF_LIKE(3, 0);

/* The flow's wait (flow_port.wait_until): sleep until the platform uptime
 * reaches \p uptime_ms. */
void host_wait_until(uint64_t uptime_ms);

#endif /* EJWT_EXAMPLE_HOST_CONSOLE_H */
