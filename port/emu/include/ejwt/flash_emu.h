/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file flash_emu.h
 * \brief An emulated flash (flash.h contract) in a caller-provided RAM array,
 *        with fault injection, for tests on every target.
 *
 * It enforces the contract: aligned programs inside one sector, programs that
 * only move bits away from the erased value, sector-aligned erases, reads in
 * range. A violation fails the call with ::EJWT_ERR_INVALID_ARG and is counted
 * in `violations` (tests assert it stays 0).
 *
 * Fault injection, in the spirit of littlefs's `lfs_emubd`:
 *  - power cut: the `cut_at`-th program or erase (counting from 1 since
 *    ejwt_flash_emu_init(), over `ops`) is interrupted. With
 *    ::EJWT_FLASH_EMU_CUT_CLEAN it changes nothing; with
 *    ::EJWT_FLASH_EMU_CUT_HALF a program writes a random prefix of its
 *    bytes, leaves one program unit half-programmed (random bits of the
 *    target pattern) and the rest untouched, and an erase erases a random
 *    prefix and leaves one unit half-erased. The call and every later call
 *    fail with ::EJWT_ERR_STORAGE_IO until ejwt_flash_emu_reboot().
 *  - failed read: the `fail_read_at`-th read (counting from 1 over `reads`)
 *    fails with ::EJWT_ERR_STORAGE_IO, once.
 * Counters (`reads`, `programs`, `erases`, `ops`) and per-sector erase counts
 * feed operation counts and wear reports. Zero malloc; no interior pointers
 * except `flash.ctx` (which points at the emulator itself: do not copy an
 * initialised emulator).
 */
#ifndef EJWT_FLASH_EMU_H
#define EJWT_FLASH_EMU_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/platform/flash.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Sectors the wear counters cover. */
#define EJWT_FLASH_EMU_MAX_SECTORS 64u

/** How an injected power cut treats the interrupted operation. */
typedef enum ejwt_flash_emu_cut {
    EJWT_FLASH_EMU_CUT_CLEAN = 0, /**< The interrupted operation changes nothing. */
    EJWT_FLASH_EMU_CUT_HALF = 1   /**< It leaves partial and half-programmed bytes. */
} ejwt_flash_emu_cut;

/** The emulator. Fill with ejwt_flash_emu_init(); pass `&emu.flash` on. */
typedef struct ejwt_flash_emu {
    ejwt_flash flash;            /**< The contract, ready to use (ctx = this emulator). */
    uint8_t *mem;                /**< The caller's array of flash.size bytes. */
    uint32_t reads;              /**< Read calls so far. */
    uint32_t programs;           /**< Program calls so far. */
    uint32_t erases;             /**< Erase calls so far. */
    uint32_t ops;                /**< Program and erase calls so far (what cut_at counts). */
    uint32_t violations;         /**< Calls that broke the contract. */
    uint32_t cut_at;             /**< Interrupt this op (1-based over ops); 0 = never. */
    uint32_t fail_read_at;       /**< Fail this read (1-based over reads), once; 0 = never. */
    ejwt_flash_emu_cut cut_mode; /**< What the interrupted operation leaves. */
    uint32_t rng;                /**< State of the garbage generator (seed it). */
    uint8_t powered;             /**< 0 after a cut until ejwt_flash_emu_reboot(). */
    uint32_t erase_count[EJWT_FLASH_EMU_MAX_SECTORS]; /**< Completed erases per sector. */
} ejwt_flash_emu;

/**
 * Initialise \p emu over \p mem (\p size bytes, all set to \p erased_value:
 * a freshly erased chip) and reset every counter and fault.
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG inconsistent geometry or more than
 *         ::EJWT_FLASH_EMU_MAX_SECTORS sectors
 */
int ejwt_flash_emu_init(ejwt_flash_emu *emu, uint8_t *mem, uint32_t size, uint32_t sector_size,
                        uint32_t prog_size, uint8_t erased_value);

/** Power back on after a cut: clears `cut_at` and `fail_read_at`, keeps the
 *  memory (whatever the cut left) and the counters. */
void ejwt_flash_emu_reboot(ejwt_flash_emu *emu);

/** Largest and smallest per-sector erase count. */
void ejwt_flash_emu_wear(const ejwt_flash_emu *emu, uint32_t *min, uint32_t *max);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_FLASH_EMU_H */
