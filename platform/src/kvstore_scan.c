/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Key-value store: finding things. Which sectors hold data, the newest valid
 * record of a uid, and the mount-time scan that resolves an interrupted
 * garbage collection. No RAM index: every question is answered by walking the
 * record headers, which keeps ejwt_kv at a few bytes and the scan the only
 * source of truth.
 */
#include "kvstore_internal.h"

int ejwt_kvi_window_sector(const ejwt_kv *kv, uint32_t d, uint32_t *base)
{
    uint32_t n = kv->nsectors;
    /* The log spans at most n - 1 sectors (one is always kept erased for the
     * collector), at consecutive sequence numbers ending at the active one.
     * A sector whose sequence number does not fit its ring position is
     * unused, obsolete or damaged: it holds no data. */
    if (d >= n - 1u || kv->seq <= d) {
        return KV_NO;
    }
    uint32_t sector = (kv->active + n - d) % n;
    uint32_t seq = 0;
    int ret = ejwt_kvi_sector_seq(kv, sector, &seq);
    if (ret != KV_YES) {
        return ret;
    }
    if (seq != kv->seq - d) {
        return KV_NO;
    }
    *base = ejwt_kvi_sector_base(kv, sector);
    return KV_YES;
}

/* Newest valid record of uid in one sector, if any (KV_YES updates *out). */
static int find_in_sector(const ejwt_kv *kv, uint32_t base, uint64_t uid, kv_rec *out)
{
    uint32_t pos = ejwt_kvi_round_up(kv->flash, KV_SECHDR_BYTES);
    int found = KV_NO;
    kv_rec rec;
    for (;;) {
        int step = ejwt_kvi_next_record(kv, base, &pos, &rec);
        if (step < 0) {
            return step;
        }
        if (step != KV_STEP_RECORD) {
            return found;
        }
        if (rec.uid != uid || (rec.flags & KV_FLAG_MARKER) != 0u) {
            continue;
        }
        /* A record that fails its CRC is an interrupted or damaged write: the
         * previous valid one stays current. */
        int ok = ejwt_kvi_verify(kv, &rec);
        if (ok < 0) {
            return ok;
        }
        if (ok == KV_YES) {
            *out = rec;
            found = KV_YES;
        }
    }
}

int ejwt_kvi_find(const ejwt_kv *kv, uint64_t uid, kv_rec *out)
{
    /* Newest sector first: the first sector holding a valid record of uid
     * holds the newest one, and older sectors need not be read at all. */
    for (uint32_t d = 0; d + 1u < kv->nsectors; d++) {
        uint32_t base = 0;
        int ret = ejwt_kvi_window_sector(kv, d, &base);
        if (ret == KV_YES) {
            ret = find_in_sector(kv, base, uid, out);
        }
        if (ret != KV_NO) {
            return ret;
        }
    }
    return KV_NO;
}

/* Does the sector at base hold a valid marker saying sector seq `collected`
 * was fully copied? */
static int has_marker(const ejwt_kv *kv, uint32_t base, uint32_t collected)
{
    uint32_t pos = ejwt_kvi_round_up(kv->flash, KV_SECHDR_BYTES);
    kv_rec rec;
    for (;;) {
        int step = ejwt_kvi_next_record(kv, base, &pos, &rec);
        if (step != KV_STEP_RECORD) {
            return step < 0 ? step : KV_NO;
        }
        if ((rec.flags & KV_FLAG_MARKER) == 0u || rec.len != KV_MARKER_BYTES) {
            continue;
        }
        int ok = ejwt_kvi_verify(kv, &rec);
        if (ok != KV_YES) {
            if (ok < 0) {
                return ok;
            }
            continue;
        }
        uint8_t v[KV_MARKER_BYTES];
        int ret = ejwt_kvi_read(kv, rec.addr + ejwt_kvi_round_up(kv->flash, KV_RECHDR_BYTES), v,
                                sizeof v);
        if (ret != EJWT_OK) {
            return ret;
        }
        uint32_t seq = ejwt_get_le32(v);
        if (seq == collected) {
            return KV_YES;
        }
    }
}

/* The valid sector with the highest sequence number, skipping `skip`
 * (pass nsectors to skip none). KV_NO when no sector is valid. */
static int newest_sector(const ejwt_kv *kv, uint32_t skip, uint32_t *sector, uint32_t *seq)
{
    int found = KV_NO;
    for (uint32_t s = 0; s < kv->nsectors; s++) {
        uint32_t q = 0;
        int ret = s == skip ? KV_NO : ejwt_kvi_sector_seq(kv, s, &q);
        if (ret < 0) {
            return ret;
        }
        if (ret == KV_YES && (found == KV_NO || q > *seq)) {
            *sector = s;
            *seq = q;
            found = KV_YES;
        }
    }
    return found;
}

/* No valid sector at all: a blank region, or one whose first format was cut
 * (only sector 0 is touched by a format). Anything else is a store we cannot
 * read, which must not be silently wiped. */
static int format_if_blank(ejwt_kv *kv)
{
    const ejwt_flash *f = kv->flash;
    for (uint32_t s = 1; s < kv->nsectors; s++) {
        int ret = ejwt_kvi_is_blank(kv, ejwt_kvi_sector_base(kv, s), f->sector_size);
        if (ret != KV_YES) {
            return ret < 0 ? ret : EJWT_ERR_STORAGE_CORRUPT;
        }
    }
    int ret = ejwt_kvi_is_blank(kv, 0, f->sector_size);
    if (ret < 0) {
        return ret;
    }
    if (ret == KV_NO && f->erase(f->ctx, 0) != EJWT_OK) {
        return EJWT_ERR_STORAGE_IO;
    }
    ret = ejwt_kvi_write_sector_header(kv, 0, 1u);
    if (ret != EJWT_OK) {
        return ret;
    }
    kv->active = 0;
    kv->seq = 1u;
    kv->write_off = ejwt_kvi_round_up(f, KV_SECHDR_BYTES);
    kv->dirty = 0;
    return EJWT_OK;
}

/* Find where the active sector's log ends, and whether appending there is
 * safe: everything after the last record must still be blank, or an
 * interrupted write left bytes we must not program over. */
static int find_log_end(ejwt_kv *kv)
{
    uint32_t base = ejwt_kvi_sector_base(kv, kv->active);
    uint32_t pos = ejwt_kvi_round_up(kv->flash, KV_SECHDR_BYTES);
    kv_rec rec;
    int step;
    do {
        step = ejwt_kvi_next_record(kv, base, &pos, &rec);
    } while (step == KV_STEP_RECORD);
    if (step < 0) {
        return step;
    }
    kv->write_off = pos;
    kv->dirty = 1;
    if (step == KV_STEP_END) {
        int blank = ejwt_kvi_is_blank(kv, base + pos, kv->flash->sector_size - pos);
        if (blank < 0) {
            return blank;
        }
        kv->dirty = (uint8_t)(blank == KV_YES ? 0 : 1);
    }
    return EJWT_OK;
}

int ejwt_kvi_scan(ejwt_kv *kv)
{
    uint32_t n = kv->nsectors;
    uint32_t a = 0;
    uint32_t aseq = 0;
    int ret = newest_sector(kv, n, &a, &aseq);
    if (ret < 0) {
        return ret;
    }
    if (ret == KV_NO) {
        return format_if_blank(kv);
    }
    /* The sector after the newest one still holding the sector that should
     * have been collected into it, and the newest one lacking the marker,
     * means the collection was cut: the newest sector holds only partial
     * copies. Ignore it; the oldest one is complete. */
    uint32_t o = (a + 1u) % n;
    uint32_t oseq = 0;
    ret = ejwt_kvi_sector_seq(kv, o, &oseq);
    if (ret < 0) {
        return ret;
    }
    if (ret == KV_YES && oseq + (n - 1u) == aseq) {
        ret = has_marker(kv, ejwt_kvi_sector_base(kv, a), oseq);
        if (ret < 0) {
            return ret;
        }
        if (ret == KV_NO) {
            ret = newest_sector(kv, a, &a, &aseq);
            if (ret < 0) {
                return ret;
            }
        }
    }
    kv->active = (uint16_t)a;
    kv->seq = aseq;
    return find_log_end(kv);
}
