/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file qemu_board.h
 * \brief EMULATION-ONLY services of the in-tree QEMU Cortex-M boards
 *        (port/qemu_emulation): semihosting console and exit, the boards'
 *        vector table, reset and fault handlers, stack painting, and a flash
 *        region in a host file.
 *
 * Everything here exists because QEMU models no RTC, no TRNG and no
 * persistent flash on these machines, and because the tests report through
 * the debugger's console. The QEMU port also supplies the generic MCU
 * glue's board hooks (ejwt/mcu.h) from the host: wall time (SYS_TIME),
 * entropy (a host file) and the panic (print and exit). A real product
 * links only the generic glue (ejwt::mcu, docs/PORTING.md) with its own
 * RTC, TRNG and flash drivers, and none of this.
 */
#ifndef EJWT_QEMU_BOARD_H
#define EJWT_QEMU_BOARD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ejwt/mcu.h"
#include "ejwt/platform.h"
#include "ejwt/platform/flash.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Board constants (port/qemu_emulation/vectors.c, from the board folder). */
typedef struct ejwt_board_info {
    const char *name; /**< preset and QEMU machine name */
    uint32_t cpu_hz;  /**< core clock that drives SysTick */
} ejwt_board_info;

/** The running board. */
extern const ejwt_board_info ejwt_board;

/** Write \p len bytes to the semihosting console. */
void ejwt_bm_write(const char *s, size_t len);

/** Write a NUL-terminated string to the semihosting console. */
void ejwt_bm_puts(const char *s);

/**
 * Format into \p buf (always terminated when \p cap > 0) - a small printf
 * subset so board images never link newlib's stdio, which allocates.
 * Supports the flag `0`, a width, a precision for `%s` only (`.N`, `.*`),
 * the length modifiers `l ll z` and the conversions `d u x X c s p %`
 * (`%p` as `0x%08x`). Anything else (the flag `-`, `*` as a width, `h`,
 * `i`, ...) prints as written and takes no argument.
 * \return the length the full output needs (as snprintf)
 */
int ejwt_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);

/** ejwt_bm_vsnprintf() straight to the console (no length limit). */
void ejwt_bm_vprintf(const char *fmt, va_list ap);

/** Formatted console output (see ejwt_bm_vsnprintf()). */
void ejwt_bm_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** End the emulation with \p code as QEMU's exit status. Never returns. */
void ejwt_bm_exit(int code) __attribute__((noreturn));

/**
 * EMULATION-ONLY. A flash region backed by a host file through semihosting
 * (SYS_OPEN/READ/WRITE/SEEK/FLEN), standing in for a flash driver because
 * QEMU models no persistent flash. It keeps no RAM image of the region: the
 * ::ejwt_flash rules (erase to 0xFF, program only erased bits, alignment,
 * one sector per program) are checked by reading the file back. A real board
 * fills an ::ejwt_flash with its flash driver instead.
 */
typedef struct ejwt_bm_flash_file {
    ejwt_flash flash; /**< the contract; ctx points at this struct */
    intptr_t handle;  /**< host file handle, -1 when closed */
} ejwt_bm_flash_file;

/**
 * EMULATION-ONLY. Open (or create, erased) the host file \p path as a flash
 * region of \p size bytes; fills \p ff->flash.
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG no path, or size not a multiple of sector_size
 * \retval EJWT_ERR_STORAGE_IO  the host file could not be opened or sized
 */
int ejwt_bm_flash_file_open(ejwt_bm_flash_file *ff, const char *path, uint32_t size,
                            uint32_t sector_size, uint32_t prog_size);

/**
 * Mount the board's key-value store on its flash (formatting a blank one)
 * and attach it to PSA ITS (its_kv.h). On these QEMU boards the flash is the
 * host file named by the runner (boards/qemu-run: `ejwt-flash=PATH` on the
 * semihosting command line, from EJWT_FLASH_FILE or a fresh temporary file).
 * Called at boot by images that link the board's PSA ITS (ejwt_psa_its:
 * flash_boot.c); it hands the flash to ejwt_mcu_storage_mount().
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG     no flash file was named
 * \retval EJWT_ERR_STORAGE_IO      the flash failed
 * \retval EJWT_ERR_STORAGE_CORRUPT the region holds no valid store; left
 *                                  unattached rather than erased
 */
int ejwt_bm_storage_mount(void);

/** Bytes of the main stack ever used since reset (the painted stack). */
size_t ejwt_bm_stack_peak(void);

/** Size of the main stack region (bytes). */
size_t ejwt_bm_stack_size(void);

/** Re-paint the unused part of the stack so a later ejwt_bm_stack_peak()
 *  measures only what runs after this call. */
void ejwt_bm_stack_repaint(void);

/* Exception handlers for the boards' vector tables. */
void ejwt_bm_reset(void) __attribute__((noreturn));
void ejwt_bm_fault(void);
void ejwt_bm_unexpected(void);

/** Top of the main stack (from the linker script), the vector table's
 *  first word. */
extern uint32_t ejwt_ld_stack_top[];

/** One vector table entry: the initial stack pointer or a handler. */
typedef union ejwt_bm_vector {
    void (*handler)(void);
    void *sp;
} ejwt_bm_vector;

#ifdef __cplusplus
}
#endif
#endif /* EJWT_QEMU_BOARD_H */
