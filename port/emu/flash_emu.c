/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Emulated flash with fault injection. Emulation only: a real port talks to
 * its flash controller behind the same contract.
 */
#include <string.h>

#include "ejwt/flash_emu.h"

/* xorshift32: deterministic garbage, reproducible from the seed. */
static uint32_t next_rand(ejwt_flash_emu *emu)
{
    uint32_t x = emu->rng != 0u ? emu->rng : 0x2545f491u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    emu->rng = x;
    return x;
}

/* A byte on its way from `from` to `to` (erased value `e`): each bit that has
 * to change may or may not have changed yet. */
static uint8_t halfway(ejwt_flash_emu *emu, uint8_t from, uint8_t to)
{
    uint8_t moving = (uint8_t)(from ^ to);
    uint8_t done = (uint8_t)(next_rand(emu) & moving);
    return (uint8_t)(from ^ done);
}

static int in_range(const ejwt_flash_emu *emu, uint32_t addr, size_t len)
{
    return addr <= emu->flash.size && len <= (size_t)(emu->flash.size - addr);
}

/* Counts a program or erase and reports whether power fails during it. */
static int power_fails_now(ejwt_flash_emu *emu)
{
    emu->ops++;
    if (emu->cut_at != 0u && emu->ops == emu->cut_at) {
        emu->powered = 0;
        return 1;
    }
    return 0;
}

static int emu_read(void *ctx, uint32_t addr, void *buf, size_t len)
{
    ejwt_flash_emu *emu = (ejwt_flash_emu *)ctx;
    emu->reads++;
    if (!emu->powered) {
        return EJWT_ERR_STORAGE_IO;
    }
    if (emu->fail_read_at != 0u && emu->reads == emu->fail_read_at) {
        emu->fail_read_at = 0;
        return EJWT_ERR_STORAGE_IO;
    }
    if (!in_range(emu, addr, len) || buf == NULL) {
        emu->violations++;
        return EJWT_ERR_INVALID_ARG;
    }
    memcpy(buf, emu->mem + addr, len);
    return EJWT_OK;
}

/* The contract's rule 2: only bits away from the erased value may move. */
static int program_allowed(const ejwt_flash_emu *emu, uint32_t addr, const uint8_t *src, size_t len)
{
    uint8_t e = emu->flash.erased_value;
    for (size_t i = 0; i < len; i++) {
        uint8_t old = emu->mem[addr + i];
        /* Bits already programmed (different from erased) must stay so. */
        uint8_t programmed_old = (uint8_t)(old ^ e);
        uint8_t programmed_new = (uint8_t)(src[i] ^ e);
        if ((programmed_old & (uint8_t)~programmed_new) != 0u) {
            return 0;
        }
    }
    return 1;
}

static void program_half(ejwt_flash_emu *emu, uint32_t addr, const uint8_t *src, size_t len)
{
    size_t g = emu->flash.prog_size;
    size_t units = len / g;
    size_t cut_unit = next_rand(emu) % units;
    memcpy(emu->mem + addr, src, cut_unit * g);
    for (size_t i = cut_unit * g; i < (cut_unit + 1u) * g; i++) {
        emu->mem[addr + i] = halfway(emu, emu->mem[addr + i], src[i]);
    }
}

static int emu_program(void *ctx, uint32_t addr, const void *buf, size_t len)
{
    ejwt_flash_emu *emu = (ejwt_flash_emu *)ctx;
    const uint8_t *src = (const uint8_t *)buf;
    uint32_t g = emu->flash.prog_size;
    uint32_t sec = emu->flash.sector_size;
    emu->programs++;
    if (!emu->powered) {
        return EJWT_ERR_STORAGE_IO;
    }
    if (len == 0u || buf == NULL || !in_range(emu, addr, len) || addr % g != 0u || len % g != 0u ||
        addr / sec != (addr + (uint32_t)len - 1u) / sec || !program_allowed(emu, addr, src, len)) {
        emu->violations++;
        return EJWT_ERR_INVALID_ARG;
    }
    if (power_fails_now(emu)) {
        if (emu->cut_mode == EJWT_FLASH_EMU_CUT_HALF) {
            program_half(emu, addr, src, len);
        }
        return EJWT_ERR_STORAGE_IO;
    }
    memcpy(emu->mem + addr, src, len);
    return EJWT_OK;
}

static void erase_half(ejwt_flash_emu *emu, uint32_t addr)
{
    uint32_t g = emu->flash.prog_size;
    uint32_t units = emu->flash.sector_size / g;
    uint32_t cut_unit = next_rand(emu) % units;
    memset(emu->mem + addr, emu->flash.erased_value, (size_t)cut_unit * g);
    for (uint32_t i = cut_unit * g; i < (cut_unit + 1u) * g; i++) {
        emu->mem[addr + i] = halfway(emu, emu->mem[addr + i], emu->flash.erased_value);
    }
}

static int emu_erase(void *ctx, uint32_t addr)
{
    ejwt_flash_emu *emu = (ejwt_flash_emu *)ctx;
    uint32_t sec = emu->flash.sector_size;
    emu->erases++;
    if (!emu->powered) {
        return EJWT_ERR_STORAGE_IO;
    }
    if (addr % sec != 0u || !in_range(emu, addr, sec)) {
        emu->violations++;
        return EJWT_ERR_INVALID_ARG;
    }
    if (power_fails_now(emu)) {
        if (emu->cut_mode == EJWT_FLASH_EMU_CUT_HALF) {
            erase_half(emu, addr);
        }
        return EJWT_ERR_STORAGE_IO;
    }
    memset(emu->mem + addr, emu->flash.erased_value, sec);
    emu->erase_count[addr / sec]++;
    return EJWT_OK;
}

int ejwt_flash_emu_init(ejwt_flash_emu *emu, uint8_t *mem, uint32_t size, uint32_t sector_size,
                        uint32_t prog_size, uint8_t erased_value)
{
    if (emu == NULL || mem == NULL || prog_size == 0u || sector_size == 0u ||
        sector_size % prog_size != 0u || size % sector_size != 0u ||
        size / sector_size > EJWT_FLASH_EMU_MAX_SECTORS) {
        return EJWT_ERR_INVALID_ARG;
    }
    memset(emu, 0, sizeof *emu);
    memset(mem, erased_value, size);
    emu->mem = mem;
    emu->powered = 1;
    emu->flash.read = emu_read;
    emu->flash.program = emu_program;
    emu->flash.erase = emu_erase;
    emu->flash.ctx = emu;
    emu->flash.size = size;
    emu->flash.sector_size = sector_size;
    emu->flash.prog_size = prog_size;
    emu->flash.erased_value = erased_value;
    return EJWT_OK;
}

void ejwt_flash_emu_reboot(ejwt_flash_emu *emu)
{
    emu->powered = 1;
    emu->cut_at = 0;
    emu->fail_read_at = 0;
}

void ejwt_flash_emu_wear(const ejwt_flash_emu *emu, uint32_t *min, uint32_t *max)
{
    uint32_t n = emu->flash.size / emu->flash.sector_size;
    *min = UINT32_MAX;
    *max = 0;
    for (uint32_t s = 0; s < n; s++) {
        uint32_t c = emu->erase_count[s];
        *min = c < *min ? c : *min;
        *max = c > *max ? c : *max;
    }
}
