/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host device's console for the flow's flow_port (../device_app/flow.h):
 * one "device: ..." line per message on stdout, flushed, and vsnprintf.
 */
#ifndef EJWT_EXAMPLE_HOST_CONSOLE_H
#define EJWT_EXAMPLE_HOST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

#include "../device_app/flow.h"

void host_console_vsay(const char *fmt, va_list ap) DEV_PRINTF_LIKE(1, 0);
int host_console_vformat(char *buf, size_t cap, const char *fmt, va_list ap) DEV_PRINTF_LIKE(3, 0);

#endif /* EJWT_EXAMPLE_HOST_CONSOLE_H */
