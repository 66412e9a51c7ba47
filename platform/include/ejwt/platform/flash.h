/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file flash.h
 * \brief The flash contract: what a NOR-flash-like region must provide to the
 *        key-value store (kvstore.h).
 *
 * Modelled on littlefs's `lfs_config`: a struct of three callbacks plus a
 * context pointer and the region's geometry. A port fills one (typically a
 * `static const`) for the region it dedicates to the store; tests use the
 * emulated flash of `port/emu/` (flash_emu.h), which enforces every rule below
 * and injects power cuts.
 *
 * Addresses are byte offsets from the start of the region (0 .. size - 1),
 * never absolute bus addresses. The region is split into `size / sector_size`
 * erase units ("sectors"); a sector is the unit of erase and of wear.
 *
 * Rules every implementation keeps (and the store relies on):
 *  1. An erase sets every byte of one sector to `erased_value`.
 *  2. A program can only move bits away from the erased value (0xFF flash:
 *     clear bits; 0x00 flash: set bits). The store programs each program unit
 *     at most once between erases, and pads partial units with
 *     `erased_value`.
 *  3. Programs are aligned: `addr` and `len` are multiples of `prog_size`.
 *  4. A program or erase that is interrupted by power loss leaves the bytes
 *     it covered in an unknown state (some programmed, some not, some half
 *     programmed). Everything outside the interrupted operation is intact.
 *  5. Reads have no alignment requirement and return what a later read would
 *     return (no caching between the store and the medium).
 */
#ifndef EJWT_FLASH_H
#define EJWT_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest program unit (bytes) the store supports; a power of two. */
#ifndef EJWT_FLASH_MAX_PROG_SIZE
#define EJWT_FLASH_MAX_PROG_SIZE 32u
#endif

/** A flash region: callbacks, their context and the geometry. */
typedef struct ejwt_flash {
    /**
     * Read \p len bytes at \p addr into \p buf. Any alignment.
     * \retval EJWT_OK
     * \retval EJWT_ERR_STORAGE_IO the medium failed (\p buf is then undefined)
     */
    int (*read)(void *ctx, uint32_t addr, void *buf, size_t len);

    /**
     * Program \p len bytes from \p buf at \p addr. \p addr and \p len are
     * multiples of `prog_size` and lie inside one sector; the bytes must be in
     * the erased state (rule 2). Returns when the data is durable.
     * \retval EJWT_OK
     * \retval EJWT_ERR_STORAGE_IO the program failed or was interrupted: the
     *         covered bytes are in an unknown state (rule 4)
     */
    int (*program)(void *ctx, uint32_t addr, const void *buf, size_t len);

    /**
     * Erase the sector that starts at \p addr (a multiple of `sector_size`).
     * Returns when every byte reads `erased_value`.
     * \retval EJWT_OK
     * \retval EJWT_ERR_STORAGE_IO the erase failed or was interrupted: the
     *         sector is in an unknown state (rule 4)
     */
    int (*erase)(void *ctx, uint32_t addr);

    /** Passed to every callback. */
    void *ctx;

    /** Size of the region in bytes: a multiple of `sector_size`. */
    uint32_t size;
    /** Erase unit in bytes: a multiple of `prog_size` (e.g. 1024, 4096). */
    uint32_t sector_size;
    /** Program unit in bytes: a power of two, 1 .. EJWT_FLASH_MAX_PROG_SIZE
     *  (1 for byte-programmable NOR, 4 or 8 for MCU flash with ECC words). */
    uint32_t prog_size;
    /** The value every byte reads after an erase (0xFF on most NOR; 0x00 on
     *  some MCU flash). */
    uint8_t erased_value;
} ejwt_flash;

#ifdef __cplusplus
}
#endif
#endif /* EJWT_FLASH_H */
