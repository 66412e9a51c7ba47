/* SPDX-License-Identifier: Apache-2.0 */
/* The example's stack measurement (startup.c): the reset handler paints
 * the stack, and the peak is the deepest slot no longer holding the paint. */
#ifndef EXAMPLE_STARTUP_H
#define EXAMPLE_STARTUP_H

#include <stddef.h>

/** Bytes of the stack ever used since reset. */
size_t example_stack_peak(void);

/** Size of the stack region (board/board.ld, __stack_size). */
size_t example_stack_size(void);

#endif /* EXAMPLE_STARTUP_H */
