/* SPDX-License-Identifier: Apache-2.0 */
/* The host device's console (console.h). */
#include "console.h"

#include <stdio.h>

void host_console_vsay(const char *fmt, va_list ap)
{
    fputs("device: ", stdout);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
}

int host_console_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    return vsnprintf(buf, cap, fmt, ap);
}
