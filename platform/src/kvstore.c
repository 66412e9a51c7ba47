/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-value store: the public API. Argument checks, then the format, scan
 * and collection helpers of the other kvstore_*.c files.
 */
#include <string.h>

#include "kvstore_internal.h"

size_t ejwt_kv_record_size(const ejwt_flash *flash, size_t len)
{
    if (flash == NULL || len > EJWT_KV_MAX_VALUE) {
        return 0;
    }
    return ejwt_kvi_rec_size(flash, (uint32_t)len);
}

/* Geometry the store can work with; everything later relies on it. */
static int geometry_ok(const ejwt_flash *f)
{
    uint32_t g = f->prog_size;
    if (f->read == NULL || f->program == NULL || f->erase == NULL) {
        return 0;
    }
    if (g == 0u || g > EJWT_FLASH_MAX_PROG_SIZE || (g & (g - 1u)) != 0u) {
        return 0;
    }
    if (f->sector_size == 0u || f->sector_size % g != 0u || f->size % f->sector_size != 0u) {
        return 0;
    }
    uint32_t n = f->size / f->sector_size;
    if (n < 2u || n > KV_MAX_SECTORS) {
        return 0;
    }
    /* A maximal record, the sector header and a marker must fit a sector. */
    uint32_t need = ejwt_kvi_round_up(f, KV_SECHDR_BYTES) +
                    ejwt_kvi_rec_size(f, EJWT_KV_MAX_VALUE) + ejwt_kvi_marker_size(f);
    return f->sector_size >= need;
}

int ejwt_kv_mount(ejwt_kv *kv, const ejwt_flash *flash)
{
    EJWT_REQUIRE(kv != NULL && flash != NULL);
    memset(kv, 0, sizeof *kv);
    if (!geometry_ok(flash)) {
        return EJWT_ERR_INVALID_ARG;
    }
    kv->flash = flash;
    kv->nsectors = (uint16_t)(flash->size / flash->sector_size);
    int ret = ejwt_kvi_scan(kv);
    if (ret != EJWT_OK) {
        return ret;
    }
    kv->mounted = 1;
    return EJWT_OK;
}

int ejwt_kv_format(ejwt_kv *kv, const ejwt_flash *flash)
{
    EJWT_REQUIRE(kv != NULL && flash != NULL);
    memset(kv, 0, sizeof *kv);
    if (!geometry_ok(flash)) {
        return EJWT_ERR_INVALID_ARG;
    }
    /* Erase the highest sectors first: sector 0 last, so a format cut
     * half-way still mounts as "blank, first format interrupted" or as the
     * old store, never as a mix. */
    for (uint32_t s = flash->size / flash->sector_size; s > 0u; s--) {
        if (flash->erase(flash->ctx, (s - 1u) * flash->sector_size) != EJWT_OK) {
            return EJWT_ERR_STORAGE_IO;
        }
    }
    return ejwt_kv_mount(kv, flash);
}

/* Every call starts here: a store whose last write failed is rescanned, as
 * the flash may hold anything the interrupted write left behind. */
static int ready(ejwt_kv *kv, uint64_t uid)
{
    EJWT_REQUIRE(kv != NULL && kv->mounted);
    /* uid 0 is an input error (PSA ITS reserves it), not a caller bug. */
    if (uid == 0u) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (kv->stale) {
        int ret = ejwt_kvi_scan(kv);
        if (ret != EJWT_OK) {
            return ret;
        }
        kv->stale = 0;
    }
    return EJWT_OK;
}

/* The current value of uid: KV_YES, or NOT_FOUND for none or removed. */
static int current(ejwt_kv *kv, uint64_t uid, kv_rec *rec)
{
    int ret = ejwt_kvi_find(kv, uid, rec);
    if (ret < 0) {
        return ret;
    }
    if (ret == KV_NO || (rec->flags & KV_FLAG_TOMBSTONE) != 0u) {
        return EJWT_ERR_STORAGE_NOT_FOUND;
    }
    return KV_YES;
}

int ejwt_kv_set(ejwt_kv *kv, uint64_t uid, const void *data, size_t len, uint32_t flags)
{
    int ret = ready(kv, uid);
    if (ret != EJWT_OK) {
        return ret;
    }
    EJWT_REQUIRE(data != NULL || len == 0u);
    if ((flags & ~(uint32_t)EJWT_KV_FLAGS_SUPPORTED) != 0u) {
        return EJWT_ERR_UNSUPPORTED;
    }
    if (len > EJWT_KV_MAX_VALUE) {
        return EJWT_ERR_LIMIT;
    }
    kv_rec old;
    ret = current(kv, uid, &old);
    if (ret < 0 && ret != EJWT_ERR_STORAGE_NOT_FOUND) {
        return ret;
    }
    int exists = ret == KV_YES;
    if (exists && (old.flags & EJWT_KV_FLAG_WRITE_ONCE) != 0u) {
        return EJWT_ERR_STORAGE_WRITE_ONCE;
    }
    ret = ejwt_kvi_make_room(kv, ejwt_kvi_rec_size(kv->flash, (uint32_t)len), exists ? &old : NULL);
    if (ret != EJWT_OK) {
        return ret;
    }
    return ejwt_kvi_append(kv, uid, (uint8_t)flags, data, (uint32_t)len);
}

int ejwt_kv_remove(ejwt_kv *kv, uint64_t uid)
{
    int ret = ready(kv, uid);
    if (ret != EJWT_OK) {
        return ret;
    }
    kv_rec old;
    ret = current(kv, uid, &old);
    if (ret < 0) {
        return ret;
    }
    if ((old.flags & EJWT_KV_FLAG_WRITE_ONCE) != 0u) {
        return EJWT_ERR_STORAGE_WRITE_ONCE;
    }
    ret = ejwt_kvi_make_room(kv, ejwt_kvi_rec_size(kv->flash, 0u), &old);
    if (ret != EJWT_OK) {
        return ret;
    }
    return ejwt_kvi_append(kv, uid, KV_FLAG_TOMBSTONE, NULL, 0u);
}

int ejwt_kv_get_info(ejwt_kv *kv, uint64_t uid, size_t *size, uint32_t *flags)
{
    int ret = ready(kv, uid);
    if (ret != EJWT_OK) {
        return ret;
    }
    kv_rec rec;
    ret = current(kv, uid, &rec);
    if (ret < 0) {
        return ret;
    }
    if (size != NULL) {
        *size = rec.len;
    }
    if (flags != NULL) {
        *flags = rec.flags & EJWT_KV_FLAGS_SUPPORTED;
    }
    return EJWT_OK;
}

/* Shared by get and read: copy n bytes of the value from offset, and check a
 * whole-value copy once more against the commit CRC, so that what lands in
 * the caller's buffer is exactly what was verified. */
static int copy_value(ejwt_kv *kv, const kv_rec *rec, size_t offset, uint8_t *buf, size_t n)
{
    uint32_t start = rec->addr + ejwt_kvi_round_up(kv->flash, KV_RECHDR_BYTES);
    int ret = ejwt_kvi_read(kv, start + (uint32_t)offset, buf, n);
    if (ret == EJWT_OK && offset == 0u && n == rec->len) {
        uint8_t h[KV_RECHDR_BYTES];
        uint8_t c[KV_COMMIT_BYTES];
        ret = ejwt_kvi_read(kv, rec->addr, h, sizeof h);
        if (ret == EJWT_OK) {
            ret = ejwt_kvi_read(
                kv, rec->addr + rec->size - ejwt_kvi_round_up(kv->flash, KV_COMMIT_BYTES), c,
                sizeof c);
        }
        if (ret == EJWT_OK) {
            uint32_t want = ejwt_get_le32(c);
            if (ejwt_crc32(ejwt_crc32(0, h, sizeof h), buf, n) != want) {
                ret = EJWT_ERR_STORAGE_CORRUPT;
            }
        }
    }
    if (ret != EJWT_OK && n > 0u) {
        memset(buf, 0, n);
    }
    return ret;
}

/* Locate the value and the bytes left from offset. */
static int locate(ejwt_kv *kv, uint64_t uid, size_t offset, size_t *len, kv_rec *rec)
{
    int ret;

    EJWT_REQUIRE(len != NULL);
    *len = 0;
    ret = ready(kv, uid);
    if (ret != EJWT_OK) {
        return ret;
    }
    ret = current(kv, uid, rec);
    if (ret < 0) {
        return ret;
    }
    if (offset > rec->len) {
        return EJWT_ERR_INVALID_ARG;
    }
    *len = rec->len - offset;
    return EJWT_OK;
}

int ejwt_kv_get(ejwt_kv *kv, uint64_t uid, size_t offset, void *buf, size_t cap, size_t *len)
{
    kv_rec rec;
    int ret = locate(kv, uid, offset, len, &rec);
    if (ret != EJWT_OK) {
        return ret;
    }
    if (cap < *len) {
        return EJWT_ERR_BUFFER_TOO_SMALL; /* *len is the size needed */
    }
    EJWT_REQUIRE(buf != NULL || *len == 0u);
    ret = copy_value(kv, &rec, offset, (uint8_t *)buf, *len);
    if (ret != EJWT_OK) {
        *len = 0;
    }
    return ret;
}

int ejwt_kv_read(ejwt_kv *kv, uint64_t uid, size_t offset, void *buf, size_t want, size_t *len)
{
    kv_rec rec;
    int ret = locate(kv, uid, offset, len, &rec);
    if (ret != EJWT_OK) {
        return ret;
    }
    if (want < *len) {
        *len = want;
    }
    EJWT_REQUIRE(buf != NULL || *len == 0u);
    ret = copy_value(kv, &rec, offset, (uint8_t *)buf, *len);
    if (ret != EJWT_OK) {
        *len = 0;
    }
    return ret;
}
