/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-value store: the on-flash format. Header encoding, checking a
 * record, reading sector headers. Everything read from flash is untrusted:
 * lengths are bounded before use and nothing is returned unless its CRC
 * matches.
 */
#include <string.h>

#include "kvstore_internal.h"

uint32_t ejwt_kvi_round_up(const ejwt_flash *f, uint32_t n)
{
    /* prog_size is a power of two (checked at mount). */
    return (n + f->prog_size - 1u) & ~(f->prog_size - 1u);
}

uint32_t ejwt_kvi_rec_size(const ejwt_flash *f, uint32_t len)
{
    return ejwt_kvi_round_up(f, KV_RECHDR_BYTES) + ejwt_kvi_round_up(f, len) +
           ejwt_kvi_round_up(f, KV_COMMIT_BYTES);
}

uint32_t ejwt_kvi_marker_size(const ejwt_flash *f)
{
    return ejwt_kvi_rec_size(f, KV_MARKER_BYTES);
}

uint32_t ejwt_kvi_sector_base(const ejwt_kv *kv, uint32_t sector)
{
    return sector * kv->flash->sector_size;
}

int ejwt_kvi_read(const ejwt_kv *kv, uint32_t addr, void *buf, size_t len)
{
    if (len == 0u) {
        return EJWT_OK;
    }
    /* Any failure of the medium is an I/O error, whatever the port said. */
    return kv->flash->read(kv->flash->ctx, addr, buf, len) == EJWT_OK ? EJWT_OK
                                                                      : EJWT_ERR_STORAGE_IO;
}

int ejwt_kvi_is_blank(const ejwt_kv *kv, uint32_t addr, uint32_t len)
{
    uint8_t chunk[KV_CHUNK_BYTES];
    while (len > 0u) {
        uint32_t n = len < KV_CHUNK_BYTES ? len : KV_CHUNK_BYTES;
        int ret = ejwt_kvi_read(kv, addr, chunk, n);
        if (ret != EJWT_OK) {
            return ret;
        }
        /* cppcheck-suppress knownConditionTrueFalse ; false positive: n >= 1 because len > 0 */
        for (uint32_t i = 0; i < n; i++) {
            if (chunk[i] != kv->flash->erased_value) {
                return KV_NO;
            }
        }
        addr += n;
        len -= n;
    }
    return KV_YES;
}

int ejwt_kvi_sector_seq(const ejwt_kv *kv, uint32_t sector, uint32_t *seq)
{
    uint8_t h[KV_SECHDR_BYTES];
    int ret = ejwt_kvi_read(kv, ejwt_kvi_sector_base(kv, sector), h, sizeof h);
    if (ret != EJWT_OK) {
        return ret;
    }
    /* The sector size is part of the header so that a region reformatted with
     * another geometry is not misread. Sequence 0 is never written, nor one
     * so near 2^32 that the ring could wrap back to 0 (no flash lives that
     * many erases: such a header is damaged or forged). */
    if (ejwt_get_le32(h) != KV_SECTOR_MAGIC || ejwt_get_le32(h + 8) != kv->flash->sector_size ||
        ejwt_get_le32(h + 12) != ejwt_crc32(0, h, 12) || ejwt_get_le32(h + 4) == 0u ||
        ejwt_get_le32(h + 4) > KV_SEQ_MAX) {
        return KV_NO;
    }
    *seq = ejwt_get_le32(h + 4);
    return KV_YES;
}

/* Program a buffer whose length need not be a multiple of prog_size: whole
 * units straight from the caller, the tail through a unit padded with the
 * erased value (programming erased bytes changes nothing). */
static int program_padded(ejwt_kv *kv, uint32_t addr, const uint8_t *p, uint32_t n)
{
    const ejwt_flash *f = kv->flash;
    uint32_t whole = n & ~(f->prog_size - 1u);
    if (whole > 0u && f->program(f->ctx, addr, p, whole) != EJWT_OK) {
        return EJWT_ERR_STORAGE_IO;
    }
    if (whole < n) {
        uint8_t unit[EJWT_FLASH_MAX_PROG_SIZE];
        memset(unit, f->erased_value, sizeof unit);
        memcpy(unit, p + whole, n - whole);
        if (f->program(f->ctx, addr + whole, unit, f->prog_size) != EJWT_OK) {
            return EJWT_ERR_STORAGE_IO;
        }
    }
    return EJWT_OK;
}

int ejwt_kvi_write_sector_header(ejwt_kv *kv, uint32_t sector, uint32_t seq)
{
    uint8_t h[KV_SECHDR_BYTES];
    ejwt_put_le32(h, KV_SECTOR_MAGIC);
    ejwt_put_le32(h + 4, seq);
    ejwt_put_le32(h + 8, kv->flash->sector_size);
    ejwt_put_le32(h + 12, ejwt_crc32(0, h, 12));
    int ret = program_padded(kv, ejwt_kvi_sector_base(kv, sector), h, sizeof h);
    if (ret != EJWT_OK) {
        kv->stale = 1;
    }
    return ret;
}

static void encode_header(uint8_t *h, uint64_t uid, uint8_t flags, uint32_t len)
{
    h[0] = KV_RECORD_MAGIC;
    h[1] = flags;
    h[2] = (uint8_t)len;
    h[3] = (uint8_t)(len >> 8);
    ejwt_put_le32(h + 4, (uint32_t)uid);
    ejwt_put_le32(h + 8, (uint32_t)(uid >> 32));
    ejwt_put_le32(h + KV_RECHDR_CRC_OFF, ejwt_crc32(0, h, KV_RECHDR_CRC_OFF));
}

int ejwt_kvi_next_record(const ejwt_kv *kv, uint32_t base, uint32_t *pos, kv_rec *rec)
{
    const ejwt_flash *f = kv->flash;
    uint8_t h[KV_RECHDR_BYTES];
    uint32_t hsize = ejwt_kvi_round_up(f, KV_RECHDR_BYTES);
    if (*pos + hsize > f->sector_size) {
        return KV_STEP_END;
    }
    int ret = ejwt_kvi_read(kv, base + *pos, h, sizeof h);
    if (ret != EJWT_OK) {
        return ret;
    }
    int blank = 1;
    for (size_t i = 0; i < sizeof h; i++) {
        blank &= h[i] == f->erased_value;
    }
    if (blank) {
        return KV_STEP_END;
    }
    uint32_t len = (uint32_t)h[2] | ((uint32_t)h[3] << 8);
    if (h[0] != KV_RECORD_MAGIC || ejwt_get_le32(h + KV_RECHDR_CRC_OFF) != ejwt_crc32(0, h, 12) ||
        len > EJWT_KV_MAX_VALUE) {
        return KV_STEP_DAMAGED;
    }
    uint32_t size = ejwt_kvi_rec_size(f, len);
    if (size > f->sector_size - *pos) {
        return KV_STEP_DAMAGED;
    }
    rec->uid = (uint64_t)ejwt_get_le32(h + 4) | ((uint64_t)ejwt_get_le32(h + 8) << 32);
    rec->addr = base + *pos;
    rec->size = size;
    rec->len = (uint16_t)len;
    rec->flags = h[1];
    *pos += size;
    return KV_STEP_RECORD;
}

int ejwt_kvi_verify(const ejwt_kv *kv, const kv_rec *rec)
{
    uint8_t chunk[KV_CHUNK_BYTES];
    uint32_t crc = 0;
    /* The header (16 bytes) and the value are contiguous after the header's
     * padding; CRC them as the writer did. */
    int ret = ejwt_kvi_read(kv, rec->addr, chunk, KV_RECHDR_BYTES);
    if (ret != EJWT_OK) {
        return ret;
    }
    crc = ejwt_crc32(crc, chunk, KV_RECHDR_BYTES);
    uint32_t addr = rec->addr + ejwt_kvi_round_up(kv->flash, KV_RECHDR_BYTES);
    uint32_t left = rec->len;
    while (left > 0u) {
        uint32_t n = left < KV_CHUNK_BYTES ? left : KV_CHUNK_BYTES;
        ret = ejwt_kvi_read(kv, addr, chunk, n);
        if (ret != EJWT_OK) {
            return ret;
        }
        crc = ejwt_crc32(crc, chunk, n);
        addr += n;
        left -= n;
    }
    uint8_t commit[KV_COMMIT_BYTES];
    ret = ejwt_kvi_read(kv, rec->addr + rec->size - ejwt_kvi_round_up(kv->flash, KV_COMMIT_BYTES),
                        commit, sizeof commit);
    if (ret != EJWT_OK) {
        return ret;
    }
    return ejwt_get_le32(commit) == crc ? KV_YES : KV_NO;
}

int ejwt_kvi_append(ejwt_kv *kv, uint64_t uid, uint8_t flags, const void *data, uint32_t len)
{
    const ejwt_flash *f = kv->flash;
    uint8_t h[KV_RECHDR_BYTES];
    uint8_t commit[KV_COMMIT_BYTES];
    uint32_t addr = ejwt_kvi_sector_base(kv, kv->active) + kv->write_off;
    uint32_t size = ejwt_kvi_rec_size(f, len);
    encode_header(h, uid, flags, len);
    ejwt_put_le32(commit, ejwt_crc32(ejwt_crc32(0, h, sizeof h), data, len));
    /* Header, then value, then the commit unit last: until the commit unit is
     * complete the record fails its CRC and the previous one stays current. */
    int ret = program_padded(kv, addr, h, sizeof h);
    if (ret == EJWT_OK) {
        ret = program_padded(kv, addr + ejwt_kvi_round_up(f, KV_RECHDR_BYTES),
                             (const uint8_t *)data, len);
    }
    if (ret == EJWT_OK) {
        ret = program_padded(kv, addr + size - ejwt_kvi_round_up(f, KV_COMMIT_BYTES), commit,
                             sizeof commit);
    }
    /* Whatever happened, those bytes are used: never program them again. */
    kv->write_off += size;
    if (ret != EJWT_OK) {
        kv->stale = 1;
    }
    return ret;
}
