/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The flash key-value store's mount on arbitrary flash contents, and the
 * store's behaviour afterwards. ejwt_flash_emu runs over a RAM image built
 * from the input in one of three ways (the low bits of byte 1):
 *  - raw:   the input, split into one piece per sector, is copied to the
 *           start of each sector (the rest stays erased);
 *  - synth: the input describes sectors (header valid or not, sequence
 *           number) and records (uid, flags, length, which CRC to break),
 *           written here with correct CRCs unless told otherwise, so the
 *           mount logic (newest sector, interrupted collection, markers,
 *           sequence wrap) is reached past the CRC checks;
 *  - ops:   a real store is driven through a script of sets and removes,
 *           with a power cut (clean or half-programmed) at an op the input
 *           picks, then optional byte patches.
 * Properties: no flash-contract violation ever (the store never programs a
 * unit that is not erased, never misaligns); after a mount, what get()
 * returns is consistent with get_info() and read(); a set that succeeds is
 * read back exactly, also after a remount; a remove is seen as
 * EJWT_ERR_STORAGE_NOT_FOUND; in ops mode without patches, each uid holds
 * its last completed value, or, for the uid of the interrupted op, the new
 * one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/ejwt.h>
#include <ejwt/flash_emu.h>
#include <ejwt/platform/kvstore.h>

#include "fuzz_common.h"
#include "kvstore_internal.h"

#define SECTOR 4096u
#define MAX_SECTORS 5u
#define NUIDS 8u
#define VAL_MAX EJWT_KV_MAX_VALUE

static uint8_t mem[SECTOR * MAX_SECTORS];
static ejwt_flash_emu emu;
static ejwt_kv kv;
static uint8_t buf[EJWT_KV_MAX_VALUE + 8];
static uint8_t val[VAL_MAX];

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static uint8_t next(reader *r)
{
    uint8_t b = 0;

    if (r->n > 0u) {
        b = *r->p++;
        r->n--;
    }
    return b;
}

static uint32_t next32(reader *r)
{
    uint32_t v = next(r);

    v |= (uint32_t)next(r) << 8;
    v |= (uint32_t)next(r) << 16;
    return v | (uint32_t)next(r) << 24;
}

static void fill_value(uint8_t *p, size_t n, uint8_t seed)
{
    size_t i;

    for (i = 0; i < n; i++) {
        p[i] = (uint8_t)(seed + i * 7u);
    }
}

static uint32_t round_up(uint32_t n, uint32_t prog)
{
    return (n + prog - 1u) / prog * prog;
}

/* Program bytes straight into the image, as a flash would (bits only move
 * away from the erased value). */
static void burn(uint32_t addr, const uint8_t *p, size_t n, uint8_t erased)
{
    size_t i;

    for (i = 0; i < n && addr + i < sizeof(mem); i++) {
        mem[addr + i] =
            erased == 0xFFu ? (uint8_t)(mem[addr + i] & p[i]) : (uint8_t)(mem[addr + i] | p[i]);
    }
}

static void synth(reader *r, uint32_t nsec, uint32_t prog, uint8_t erased)
{
    uint32_t base_seq = next32(r), s;

    for (s = 0; s < nsec; s++) {
        uint8_t state = next(r);
        uint32_t sbase = s * SECTOR, pos = round_up(KV_SECHDR_BYTES, prog);
        uint8_t h[KV_SECHDR_BYTES];
        unsigned nrec, i;

        if ((state & 3u) == 0u) {
            continue; /* blank sector */
        }
        ejwt_put_le32(h, KV_SECTOR_MAGIC);
        ejwt_put_le32(h + 4, base_seq + (uint32_t)(int8_t)next(r));
        ejwt_put_le32(h + 8, (state & 4u) ? SECTOR * 2u : SECTOR);
        ejwt_put_le32(h + 12, ejwt_crc32(0, h, 12));
        if ((state & 3u) == 2u) {
            h[next(r) & 15u] ^= 0x10u;
        }
        burn(sbase, h, sizeof(h), erased);
        nrec = next(r) & 15u;
        for (i = 0; i < nrec; i++) {
            uint8_t kind = next(r), rh[KV_RECHDR_BYTES], commit[4];
            uint32_t len = kind & 0x80u ? (uint32_t)next(r) * 8u : next(r) & 31u;
            uint32_t crc, size;
            uint64_t uid = next(r) & 7u;

            memset(rh, 0, sizeof(rh));
            rh[0] = KV_RECORD_MAGIC;
            rh[1] = (uint8_t)((kind & 3u) == 1u   ? KV_FLAG_MARKER
                              : (kind & 3u) == 2u ? KV_FLAG_TOMBSTONE
                              : (kind & 4u)       ? EJWT_KV_FLAG_WRITE_ONCE
                                                  : 0u);
            if (rh[1] == KV_FLAG_MARKER) {
                len = KV_MARKER_BYTES;
                uid = KV_MARKER_UID;
                ejwt_put_le32(val, base_seq + (uint32_t)(int8_t)next(r));
            } else {
                if (uid == 0u) {
                    uid = 1u;
                }
                if (rh[1] == KV_FLAG_TOMBSTONE) {
                    len = 0;
                }
                fill_value(val, len, next(r));
            }
            if (kind & 0x40u) {
                uid |= (uint64_t)next32(r) << 32; /* a uid above 2^32 */
            }
            rh[2] = (uint8_t)len;
            rh[3] = (uint8_t)(len >> 8);
            ejwt_put_le32(rh + 4, (uint32_t)uid);
            ejwt_put_le32(rh + 8, (uint32_t)(uid >> 32));
            ejwt_put_le32(rh + 12, ejwt_crc32(0, rh, 12));
            crc = ejwt_crc32(ejwt_crc32(0, rh, sizeof(rh)), val, len);
            ejwt_put_le32(commit, crc);
            if (kind & 0x08u) {
                rh[12] ^= 1u; /* header CRC broken */
            }
            if (kind & 0x10u) {
                commit[0] ^= 1u; /* commit CRC broken */
            }
            size = round_up(KV_RECHDR_BYTES, prog) + round_up(len, prog) +
                   round_up(KV_COMMIT_BYTES, prog);
            if (pos + size > SECTOR) {
                break;
            }
            burn(sbase + pos, rh, sizeof(rh), erased);
            burn(sbase + pos + round_up(KV_RECHDR_BYTES, prog), val, len, erased);
            if (!(kind & 0x20u)) { /* else: interrupted before the commit unit */
                burn(sbase + pos + round_up(KV_RECHDR_BYTES, prog) + round_up(len, prog), commit,
                     sizeof(commit), erased);
            }
            pos += size;
        }
    }
}

/* The model of ops mode: each uid's value (len -1 = absent). */
typedef struct model {
    int len[NUIDS];
    uint8_t seed[NUIDS];
} model;

static void check_model(const model *m, const model *alt, unsigned alt_uid)
{
    unsigned u;

    for (u = 1; u < NUIDS; u++) {
        size_t got = 0;
        int r = ejwt_kv_get(&kv, u, 0, buf, sizeof(buf), &got);
        int ok_main, ok_alt = 0;
        uint8_t expect[VAL_MAX];

        FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_NOT_FOUND);
        if (m->len[u] < 0) {
            ok_main = r == EJWT_ERR_STORAGE_NOT_FOUND;
        } else {
            fill_value(expect, (size_t)m->len[u], m->seed[u]);
            ok_main = r == EJWT_OK && got == (size_t)m->len[u] && memcmp(buf, expect, got) == 0;
        }
        if (u == alt_uid) {
            if (alt->len[u] < 0) {
                ok_alt = r == EJWT_ERR_STORAGE_NOT_FOUND;
            } else {
                fill_value(expect, (size_t)alt->len[u], alt->seed[u]);
                ok_alt =
                    r == EJWT_OK && got == (size_t)alt->len[u] && memcmp(buf, expect, got) == 0;
            }
        }
        FUZZ_CHECK(ok_main || ok_alt);
    }
}

/* Drive a real store; returns 1 when the model can be checked after the cut. */
static int ops(reader *r, model *m, model *alt, unsigned *alt_uid)
{
    unsigned nops = next(r) & 31u, i;
    uint8_t cut = next(r);

    for (i = 0; i < NUIDS; i++) {
        m->len[i] = -1;
    }
    *alt = *m;
    *alt_uid = 0;
    if (ejwt_kv_format(&kv, &emu.flash) != EJWT_OK) {
        return 0;
    }
    emu.cut_at = cut & 0x7Fu ? emu.ops + (cut & 0x7Fu) : 0u;
    emu.cut_mode = (cut & 0x80u) ? EJWT_FLASH_EMU_CUT_HALF : EJWT_FLASH_EMU_CUT_CLEAN;
    emu.rng = 0x12345678u + cut;
    for (i = 0; i < nops; i++) {
        uint8_t op = next(r);
        unsigned uid = 1u + (op & 7u) % (NUIDS - 1u);
        int res;
        model next_m = *m;

        if ((op & 0x18u) == 0x18u) {
            res = ejwt_kv_remove(&kv, uid);
            next_m.len[uid] = -1;
            if (res == EJWT_ERR_STORAGE_NOT_FOUND) {
                FUZZ_CHECK(m->len[uid] < 0);
                continue;
            }
        } else {
            size_t len = (op & 0x20u) ? (size_t)next(r) * 5u : next(r) & 15u;
            uint8_t seed = next(r);
            fill_value(val, len, seed);
            res = ejwt_kv_set(&kv, uid, val, len, 0);
            next_m.len[uid] = (int)len;
            next_m.seed[uid] = seed;
        }
        if (res == EJWT_OK) {
            *m = next_m;
        } else if (res == EJWT_ERR_STORAGE_FULL) {
            continue; /* nothing changed */
        } else {
            FUZZ_CHECK(res == EJWT_ERR_STORAGE_IO && !emu.powered);
            *alt = next_m;
            *alt_uid = uid;
            break; /* the power cut */
        }
    }
    ejwt_flash_emu_reboot(&emu);
    return 1;
}

/* After a successful mount: reads agree, writes read back, survive a remount. */
static void exercise(void)
{
    unsigned u;
    size_t got = 0, size = 0;
    uint32_t flags = 0;
    int had3;
    int r;

    for (u = 1; u < NUIDS; u++) {
        r = ejwt_kv_get_info(&kv, u, &size, &flags);
        FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_NOT_FOUND);
        if (r == EJWT_OK) {
            FUZZ_CHECK(size <= EJWT_KV_MAX_VALUE && (flags & ~EJWT_KV_FLAGS_SUPPORTED) == 0u);
            FUZZ_CHECK(ejwt_kv_get(&kv, u, 0, buf, sizeof(buf), &got) == EJWT_OK && got == size);
            if (size > 1u) {
                uint8_t part[EJWT_KV_MAX_VALUE];
                memcpy(part, buf, size);
                FUZZ_CHECK(ejwt_kv_read(&kv, u, 1, buf, size, &got) == EJWT_OK);
                FUZZ_CHECK(got == size - 1u && memcmp(buf, part + 1, got) == 0);
                FUZZ_CHECK(ejwt_kv_get(&kv, u, 0, buf, size - 1u, &got) ==
                           EJWT_ERR_BUFFER_TOO_SMALL);
                FUZZ_CHECK(got == size);
            }
        } else {
            FUZZ_CHECK(ejwt_kv_get(&kv, u, 0, buf, sizeof(buf), &got) ==
                       EJWT_ERR_STORAGE_NOT_FOUND);
        }
    }
    /* A write and a removal, read back, then again after a remount. */
    fill_value(val, 300, 0x42);
    r = ejwt_kv_set(&kv, 0x1234u, val, 300, 0);
    /* CORRUPT: a forged image whose sector sequence is at the limit. */
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_FULL || r == EJWT_ERR_STORAGE_CORRUPT);
    if (r == EJWT_OK) {
        FUZZ_CHECK(ejwt_kv_get(&kv, 0x1234u, 0, buf, sizeof(buf), &got) == EJWT_OK);
        FUZZ_CHECK(got == 300u && memcmp(buf, val, 300) == 0);
    }
    had3 = ejwt_kv_get_info(&kv, 3u, &size, &flags) == EJWT_OK;
    r = ejwt_kv_remove(&kv, 3u);
    /* CORRUPT as for the write: the removal record needs room too, and
     * making room on a forged image at the sequence limit is refused. */
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_NOT_FOUND || r == EJWT_ERR_STORAGE_FULL ||
               r == EJWT_ERR_STORAGE_WRITE_ONCE || r == EJWT_ERR_STORAGE_CORRUPT);
    if (r == EJWT_ERR_STORAGE_CORRUPT) {
        /* refused before anything changed: entry 3 is there as before */
        FUZZ_CHECK((ejwt_kv_get_info(&kv, 3u, &size, &flags) == EJWT_OK) == had3);
    }
    if (r == EJWT_OK) {
        FUZZ_CHECK(ejwt_kv_get(&kv, 3u, 0, buf, sizeof(buf), &got) == EJWT_ERR_STORAGE_NOT_FOUND);
    }
    FUZZ_CHECK(ejwt_kv_mount(&kv, &emu.flash) == EJWT_OK);
    if (ejwt_kv_get(&kv, 0x1234u, 0, buf, sizeof(buf), &got) == EJWT_OK) {
        FUZZ_CHECK(got == 300u && memcmp(buf, val, 300) == 0);
    }
    if (r == EJWT_OK) {
        FUZZ_CHECK(ejwt_kv_get(&kv, 3u, 0, buf, sizeof(buf), &got) == EJWT_ERR_STORAGE_NOT_FOUND);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t progs[8] = {1u, 2u, 4u, 8u, 16u, 32u, 4u, 8u};
    reader rd = {data, size};
    uint8_t geo = next(&rd), mode = next(&rd);
    uint32_t prog = progs[geo & 7u];
    uint8_t erased = (geo & 8u) ? 0x00u : 0xFFu;
    uint32_t nsec = 2u + ((geo >> 4) & 3u);
    model m, alt;
    unsigned alt_uid = 0;
    int check = 0, r;

    FUZZ_CHECK(ejwt_flash_emu_init(&emu, mem, nsec * SECTOR, SECTOR, prog, erased) == EJWT_OK);
    switch (mode & 3u) {
    case 0: { /* raw */
        size_t piece = rd.n / nsec, s;
        for (s = 0; s < nsec; s++) {
            memcpy(mem + s * SECTOR, rd.p + s * piece, piece < SECTOR ? piece : SECTOR);
        }
        break;
    }
    case 1:
        synth(&rd, nsec, prog, erased);
        break;
    default:
        check = ops(&rd, &m, &alt, &alt_uid);
        /* Patches: (offset, xor) pairs over the first bytes of each sector. */
        while (rd.n >= 3u) {
            uint32_t off = next(&rd);
            off |= (uint32_t)next(&rd) << 8;
            mem[(off % nsec) * SECTOR + (off / nsec) % 512u] ^= next(&rd);
            check = 0;
        }
        break;
    }
    r = ejwt_kv_mount(&kv, &emu.flash);
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_CORRUPT);
    FUZZ_CHECK(emu.violations == 0u);
    if (r == EJWT_OK) {
        if (check) {
            check_model(&m, &alt, alt_uid);
        }
        exercise();
    } else {
        /* Recovery: a format always gives an empty, working store. */
        FUZZ_CHECK(ejwt_kv_format(&kv, &emu.flash) == EJWT_OK);
        FUZZ_CHECK(ejwt_kv_get(&kv, 1u, 0, buf, sizeof(buf), &(size_t){0}) ==
                   EJWT_ERR_STORAGE_NOT_FOUND);
        exercise();
    }
    FUZZ_CHECK(emu.violations == 0u);
    return 0;
}
