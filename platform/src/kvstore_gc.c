/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-value store: making room. When the active sector is full the store
 * rotates to the next sector of the ring and collects the oldest one into it.
 * The order of the steps is what makes a power cut at any point harmless:
 *   1. erase the next sector if it is not blank, write its header (seq + 1);
 *   2. copy the oldest sector's live records into it (duplicates: harmless);
 *   3. append a marker naming the oldest sector's sequence number;
 *   4. erase the oldest sector (now outside the log whatever the erase does).
 * A mount that finds the new sector without the marker ignores it (step 2 was
 * cut, the oldest sector is intact); with the marker the oldest sector is
 * obsolete. Sectors are used in ring order, so each is erased once per lap.
 */
#include "kvstore_internal.h"

/* Bytes of a sector that records may fill: the sector header is written
 * first and room for one marker is kept so a collection always completes. */
static uint32_t sector_capacity(const ejwt_flash *f)
{
    return f->sector_size - ejwt_kvi_round_up(f, KV_SECHDR_BYTES) - ejwt_kvi_marker_size(f);
}

static int fits(const ejwt_kv *kv, uint32_t need)
{
    const ejwt_flash *f = kv->flash;
    return !kv->dirty && kv->write_off + need + ejwt_kvi_marker_size(f) <= f->sector_size;
}

/* Is rec the current value of its uid (not superseded, not a removal)? */
static int is_live(const ejwt_kv *kv, const kv_rec *rec)
{
    if ((rec->flags & (KV_FLAG_MARKER | KV_FLAG_TOMBSTONE)) != 0u) {
        return KV_NO;
    }
    kv_rec newest;
    int ret = ejwt_kvi_find(kv, rec->uid, &newest);
    if (ret != KV_YES) {
        return ret;
    }
    return newest.addr == rec->addr ? KV_YES : KV_NO;
}

/* Bytes of live records in the whole log, leaving out `skip` (the record a
 * write is about to supersede). O(records^2) flash reads: fine for the few
 * dozen entries this store is for, and only run when a sector is full. */
static int live_bytes(const ejwt_kv *kv, const kv_rec *skip, uint32_t *total)
{
    *total = 0;
    for (uint32_t d = 0; d + 1u < kv->nsectors; d++) {
        uint32_t base = 0;
        int ret = ejwt_kvi_window_sector(kv, d, &base);
        if (ret < 0) {
            return ret;
        }
        if (ret == KV_NO) {
            continue;
        }
        uint32_t pos = ejwt_kvi_round_up(kv->flash, KV_SECHDR_BYTES);
        kv_rec rec;
        while ((ret = ejwt_kvi_next_record(kv, base, &pos, &rec)) == KV_STEP_RECORD) {
            if (skip != NULL && rec.addr == skip->addr) {
                continue;
            }
            int live = is_live(kv, &rec);
            if (live < 0) {
                return live;
            }
            if (live == KV_YES) {
                *total += rec.size;
            }
        }
        if (ret < 0) {
            return ret;
        }
    }
    return EJWT_OK;
}

/* Copy one record byte for byte; the commit unit goes last, as in a write. */
static int copy_record(ejwt_kv *kv, const kv_rec *rec, uint32_t dst)
{
    const ejwt_flash *f = kv->flash;
    uint8_t chunk[KV_CHUNK_BYTES];
    uint32_t commit = ejwt_kvi_round_up(f, KV_COMMIT_BYTES);
    uint32_t off = 0;
    while (off < rec->size) {
        /* Everything but the commit unit in chunks, then the commit unit
         * alone. Both are multiples of prog_size. */
        uint32_t end = off < rec->size - commit ? rec->size - commit : rec->size;
        uint32_t n = end - off < KV_CHUNK_BYTES ? end - off : KV_CHUNK_BYTES;
        int ret = ejwt_kvi_read(kv, rec->addr + off, chunk, n);
        if (ret != EJWT_OK) {
            return ret;
        }
        if (f->program(f->ctx, dst + off, chunk, n) != EJWT_OK) {
            kv->stale = 1;
            return EJWT_ERR_STORAGE_IO;
        }
        off += n;
    }
    return EJWT_OK;
}

/* Step 1: the next sector of the ring, blank and headed with seq + 1. */
static int open_next(ejwt_kv *kv, uint32_t next)
{
    const ejwt_flash *f = kv->flash;
    uint32_t base = ejwt_kvi_sector_base(kv, next);
    int blank;
    /* A sequence at the limit only comes from a forged or damaged image;
     * refuse before erasing anything, so nothing stored is lost. */
    if (kv->seq >= KV_SEQ_MAX) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    blank = ejwt_kvi_is_blank(kv, base, f->sector_size);
    if (blank < 0) {
        return blank;
    }
    if (blank == KV_NO && f->erase(f->ctx, base) != EJWT_OK) {
        kv->stale = 1;
        return EJWT_ERR_STORAGE_IO;
    }
    return ejwt_kvi_write_sector_header(kv, next, kv->seq + 1u);
}

/* Step 2: copy the live records of the oldest sector to `base + *pos`. */
static int copy_live(ejwt_kv *kv, uint32_t oldest, uint32_t base, uint32_t *pos)
{
    const ejwt_flash *f = kv->flash;
    uint32_t opos = ejwt_kvi_round_up(f, KV_SECHDR_BYTES);
    uint32_t limit = f->sector_size - ejwt_kvi_marker_size(f);
    kv_rec rec;
    int ret;
    while ((ret = ejwt_kvi_next_record(kv, ejwt_kvi_sector_base(kv, oldest), &opos, &rec)) ==
           KV_STEP_RECORD) {
        int live = is_live(kv, &rec);
        if (live < 0) {
            return live;
        }
        if (live == KV_NO) {
            continue;
        }
        /* Cannot happen (the oldest sector's records fit one sector with the
         * same reserve), but flash contents are never trusted blindly. */
        if (*pos + rec.size > limit) {
            return EJWT_ERR_STORAGE_CORRUPT;
        }
        ret = copy_record(kv, &rec, base + *pos);
        if (ret != EJWT_OK) {
            return ret;
        }
        *pos += rec.size;
    }
    return ret < 0 ? ret : EJWT_OK;
}

static int rotate(ejwt_kv *kv)
{
    const ejwt_flash *f = kv->flash;
    uint32_t n = kv->nsectors;
    uint32_t next = (kv->active + 1u) % n;
    uint32_t oldest = (next + 1u) % n;
    int ret = open_next(kv, next);
    if (ret != EJWT_OK) {
        return ret;
    }
    /* The oldest sector holds data only if it is still inside the log. */
    uint32_t oseq = 0;
    int collect = ejwt_kvi_sector_seq(kv, oldest, &oseq);
    if (collect < 0) {
        return collect;
    }
    collect = collect == KV_YES && kv->seq >= n - 2u && oseq == kv->seq - (n - 2u);
    uint32_t pos = ejwt_kvi_round_up(f, KV_SECHDR_BYTES);
    if (collect) {
        ret = copy_live(kv, oldest, ejwt_kvi_sector_base(kv, next), &pos);
        if (ret != EJWT_OK) {
            return ret;
        }
    }
    /* Switch the log to the new sector, then commit the collection. */
    kv->active = (uint16_t)next;
    kv->seq++;
    kv->write_off = pos;
    kv->dirty = 0;
    if (!collect) {
        return EJWT_OK;
    }
    uint8_t v[KV_MARKER_BYTES] = {(uint8_t)oseq, (uint8_t)(oseq >> 8), (uint8_t)(oseq >> 16),
                                  (uint8_t)(oseq >> 24)};
    ret = ejwt_kvi_append(kv, KV_MARKER_UID, KV_FLAG_MARKER, v, sizeof v);
    if (ret != EJWT_OK) {
        return ret;
    }
    if (f->erase(f->ctx, ejwt_kvi_sector_base(kv, oldest)) != EJWT_OK) {
        kv->stale = 1;
        return EJWT_ERR_STORAGE_IO;
    }
    return EJWT_OK;
}

int ejwt_kvi_make_room(ejwt_kv *kv, uint32_t need, const kv_rec *replaced)
{
    const ejwt_flash *f = kv->flash;
    if (fits(kv, need)) {
        return EJWT_OK;
    }
    /* Refuse early, without erasing anything, when the live data could not
     * fit the n - 1 sectors the log may use even if perfectly packed. */
    uint32_t live = 0;
    int ret = live_bytes(kv, replaced, &live);
    if (ret != EJWT_OK) {
        return ret;
    }
    if (need > sector_capacity(f) ||
        (uint64_t)live + need > (uint64_t)(kv->nsectors - 1u) * sector_capacity(f)) {
        return EJWT_ERR_STORAGE_FULL;
    }
    /* Each rotation compacts the oldest sector; after n - 1 of them every
     * sector of the log has been compacted once, so stop there. */
    for (uint32_t i = 0; i + 1u < kv->nsectors; i++) {
        ret = rotate(kv);
        if (ret != EJWT_OK) {
            return ret;
        }
        if (fits(kv, need)) {
            return EJWT_OK;
        }
    }
    return EJWT_ERR_STORAGE_FULL;
}
