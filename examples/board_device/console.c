/* SPDX-License-Identifier: Apache-2.0 */
/* The board device's console (console.h). */
#include "console.h"

#include "ejwt/qemu_board.h"

void board_console_vsay(const char *fmt, va_list ap)
{
    ejwt_bm_puts("device: ");
    ejwt_bm_vprintf(fmt, ap);
    ejwt_bm_puts("\n");
}

int board_console_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    return ejwt_bm_vsnprintf(buf, cap, fmt, ap);
}
