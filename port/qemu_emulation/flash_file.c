/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EMULATION-ONLY flash: the ::ejwt_flash contract (ejwt/platform/flash.h) over a host
 * file reached through semihosting. QEMU models no persistent flash on the
 * boards we run, so this stands in for a real board's flash driver, behind
 * the same callbacks. Never ship it: without a debugger attached every call
 * here traps.
 *
 * The file is the medium itself: no RAM copy of the region is kept (a 16 KiB
 * board could not hold one), so the NOR rules are enforced by reading back
 * through a small buffer before each program (read-modify-write via the
 * file). A program that would move a bit back to the erased value, cross a
 * sector or break alignment is refused as a contract violation, as the RAM
 * emulator (port/emu) does, so a store bug shows up here too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/qemu_board.h"
#include "ejwt/error.h"
#include "semihost.h"

/* Bytes moved per semihosting call: a stack buffer, not a region image. */
#define CHUNK 32u

static int seek(intptr_t handle, uint32_t addr)
{
    uintptr_t args[2];
    args[0] = (uintptr_t)handle;
    args[1] = addr;
    return ejwt_semihost(SH_SYS_SEEK, args) == 0u ? EJWT_OK : EJWT_ERR_STORAGE_IO;
}

/* SYS_READ and SYS_WRITE answer the number of bytes they did NOT move. */
static int xfer(uintptr_t op, intptr_t handle, const void *buf, size_t len)
{
    uintptr_t args[3];
    args[0] = (uintptr_t)handle;
    args[1] = (uintptr_t)buf;
    args[2] = len;
    return ejwt_semihost(op, args) == 0u ? EJWT_OK : EJWT_ERR_STORAGE_IO;
}

static int in_region(const ejwt_bm_flash_file *ff, uint32_t addr, size_t len)
{
    return addr <= ff->flash.size && len <= (size_t)(ff->flash.size - addr);
}

static int ff_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
    ejwt_bm_flash_file *ff = (ejwt_bm_flash_file *)ctx;
    if (!in_region(ff, addr, len)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (len == 0u) {
        return EJWT_OK;
    }
    if (seek(ff->handle, addr) != EJWT_OK) {
        return EJWT_ERR_STORAGE_IO;
    }
    return xfer(SH_SYS_READ, ff->handle, buf, len);
}

static int ff_program(void *ctx, uint32_t addr, const void *buf, size_t len)
{
    ejwt_bm_flash_file *ff = (ejwt_bm_flash_file *)ctx;
    const uint8_t *src = (const uint8_t *)buf;
    const uint8_t e = ff->flash.erased_value;
    /* Zeroed although every byte used is read first: the analysers cannot
     * see a semihosting read fill it. */
    uint8_t old[CHUNK] = {0};
    size_t done;

    if (len == 0u || buf == NULL || !in_region(ff, addr, len) || addr % ff->flash.prog_size != 0u ||
        len % ff->flash.prog_size != 0u ||
        addr / ff->flash.sector_size != (addr + (uint32_t)len - 1u) / ff->flash.sector_size) {
        return EJWT_ERR_INVALID_ARG;
    }
    /* Rule 2 for the whole range before any byte is written, so a refused
     * program leaves the medium untouched. */
    for (done = 0; done < len; done += CHUNK) {
        size_t n = len - done < CHUNK ? len - done : CHUNK;
        if (ff_read(ff, addr + (uint32_t)done, old, n) != EJWT_OK) {
            return EJWT_ERR_STORAGE_IO;
        }
        /* cppcheck-suppress knownConditionTrueFalse ; false positive: blind to the semihosting asm, it takes every read for failed */
        for (size_t i = 0; i < n; i++) {
            uint8_t programmed_old = (uint8_t)(old[i] ^ e);
            uint8_t programmed_new = (uint8_t)(src[done + i] ^ e);
            if ((programmed_old & (uint8_t)~programmed_new) != 0u) {
                return EJWT_ERR_INVALID_ARG;
            }
        }
    }
    if (seek(ff->handle, addr) != EJWT_OK) {
        return EJWT_ERR_STORAGE_IO;
    }
    return xfer(SH_SYS_WRITE, ff->handle, src, len);
}

/* Fill [addr, addr + len) with the erased value, a chunk per call. */
static int fill_erased(ejwt_bm_flash_file *ff, uint32_t addr, uint32_t len)
{
    uint8_t blank[CHUNK];
    memset(blank, ff->flash.erased_value, sizeof blank);
    if (seek(ff->handle, addr) != EJWT_OK) {
        return EJWT_ERR_STORAGE_IO;
    }
    while (len > 0u) {
        uint32_t n = len < CHUNK ? len : CHUNK;
        if (xfer(SH_SYS_WRITE, ff->handle, blank, n) != EJWT_OK) {
            return EJWT_ERR_STORAGE_IO;
        }
        len -= n;
    }
    return EJWT_OK;
}

static int ff_erase(void *ctx, uint32_t addr)
{
    ejwt_bm_flash_file *ff = (ejwt_bm_flash_file *)ctx;
    if (addr % ff->flash.sector_size != 0u || !in_region(ff, addr, ff->flash.sector_size)) {
        return EJWT_ERR_INVALID_ARG;
    }
    return fill_erased(ff, addr, ff->flash.sector_size);
}

int ejwt_bm_flash_file_open(ejwt_bm_flash_file *ff, const char *path, uint32_t size,
                            uint32_t sector_size, uint32_t prog_size)
{
    uintptr_t args[3];
    uintptr_t len;

    memset(ff, 0, sizeof *ff);
    ff->handle = -1;
    if (path == NULL || path[0] == '\0' || sector_size == 0u || size % sector_size != 0u) {
        return EJWT_ERR_INVALID_ARG;
    }
    args[0] = (uintptr_t)path;
    args[1] = SH_OPEN_MODE_RPLUSB;
    args[2] = strlen(path);
    ff->handle = (intptr_t)ejwt_semihost(SH_SYS_OPEN, args);
    if (ff->handle < 0) {
        /* First use: a new file is a freshly erased part. */
        args[1] = SH_OPEN_MODE_WPLUSB;
        ff->handle = (intptr_t)ejwt_semihost(SH_SYS_OPEN, args);
        if (ff->handle < 0) {
            return EJWT_ERR_STORAGE_IO;
        }
    }
    args[0] = (uintptr_t)ff->handle;
    len = ejwt_semihost(SH_SYS_FLEN, args);
    if (len == (uintptr_t)-1) {
        return EJWT_ERR_STORAGE_IO;
    }
    ff->flash.read = ff_read;
    ff->flash.program = ff_program;
    ff->flash.erase = ff_erase;
    ff->flash.ctx = ff;
    ff->flash.size = size;
    ff->flash.sector_size = sector_size;
    ff->flash.prog_size = prog_size;
    ff->flash.erased_value = 0xFFu;
    /* A short (new) file reads as erased beyond its end. */
    if (len < size) {
        return fill_erased(ff, (uint32_t)len, size - (uint32_t)len);
    }
    return EJWT_OK;
}
