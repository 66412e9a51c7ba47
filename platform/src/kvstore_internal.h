/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the key-value store: on-flash format, scanning and the pieces
 * the API and the garbage collector share. kvstore.h documents the format.
 * These functions are ejwt_kvi_* (internal) beside the public ejwt_kv_*, so
 * no unprefixed global reaches an application's link.
 */
#ifndef EJWT_KVSTORE_INTERNAL_H
#define EJWT_KVSTORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/platform/kvstore.h"
#include "ejwt_common.h"

/* Sector header: magic, sequence number, sector size (a geometry guard), CRC. */
#define KV_SECTOR_MAGIC 0x564B4A45u /* "EJKV" */
#define KV_SECHDR_BYTES 16u
/* Record header: magic, flags, value length, uid, CRC of the first 12 bytes. */
#define KV_RECORD_MAGIC 0xA7u
#define KV_RECHDR_BYTES 16u
#define KV_RECHDR_CRC_OFF 12u
/* The commit unit holds the CRC-32 of header and value. */
#define KV_COMMIT_BYTES 4u
/* The marker record's value: the sequence number of the collected sector. */
#define KV_MARKER_BYTES 4u
/* Scratch buffer for copying and checking: a multiple of every prog_size. */
#define KV_CHUNK_BYTES 64u
/* Sectors are indexed by 16 bits in ejwt_kv. */
#define KV_MAX_SECTORS 65535u
/* Highest sector sequence number a header may carry: the ring could never
 * wrap back to 0 from here (no flash lives 2^32 erases), so anything above
 * is damaged or forged, and the collector refuses to open a sector past it. */
#define KV_SEQ_MAX (UINT32_MAX - KV_MAX_SECTORS)

/* Record flags that are not the caller's: a removal, a collection marker. */
#define KV_FLAG_TOMBSTONE 0x40u
#define KV_FLAG_MARKER 0x80u

/* The uid markers use: 0 is never a caller's uid. */
#define KV_MARKER_UID 0u

/* Results of the scan and check helpers, besides negative error codes. */
#define KV_NO 0
#define KV_YES 1

/* A record header as decoded from flash. */
typedef struct kv_rec {
    uint64_t uid;
    uint32_t addr; /* region offset of the record's first byte */
    uint32_t size; /* bytes the record occupies (header, padded value, commit) */
    uint16_t len;  /* value bytes */
    uint8_t flags;
} kv_rec;

/* Outcome of reading the next record header of a sector. */
typedef enum kv_step {
    KV_STEP_RECORD = 1, /* *rec filled, *pos moved past it */
    KV_STEP_END = 0,    /* blank header slot or end of sector: the log ends here */
    KV_STEP_DAMAGED = 2 /* a header that fails its CRC: lengths beyond it are unknown */
} kv_step;

/* CRC-32 (IEEE 802.3, reflected), continued from \p crc (start with 0). */

/* Geometry helpers. */
uint32_t ejwt_kvi_round_up(const ejwt_flash *f, uint32_t n);
uint32_t ejwt_kvi_rec_size(const ejwt_flash *f, uint32_t len);
uint32_t ejwt_kvi_sector_base(const ejwt_kv *kv, uint32_t sector);
uint32_t ejwt_kvi_marker_size(const ejwt_flash *f);

/* Flash access, every failure mapped to EJWT_ERR_STORAGE_IO. */
int ejwt_kvi_read(const ejwt_kv *kv, uint32_t addr, void *buf, size_t len);
int ejwt_kvi_is_blank(const ejwt_kv *kv, uint32_t addr, uint32_t len);

/* Sector headers. kv_sector_seq returns KV_YES with *seq for a valid header. */
int ejwt_kvi_sector_seq(const ejwt_kv *kv, uint32_t sector, uint32_t *seq);
int ejwt_kvi_write_sector_header(ejwt_kv *kv, uint32_t sector, uint32_t seq);

/* Read the record header at sector offset *pos of the sector at \p base. */
int ejwt_kvi_next_record(const ejwt_kv *kv, uint32_t base, uint32_t *pos, kv_rec *rec);
/* KV_YES when the record's commit CRC matches its header and value. */
int ejwt_kvi_verify(const ejwt_kv *kv, const kv_rec *rec);

/* The d-th newest data sector (d = 0 is the active one), if it holds data:
 * KV_YES with *base set. */
int ejwt_kvi_window_sector(const ejwt_kv *kv, uint32_t d, uint32_t *base);

/* The newest valid record of \p uid (tombstones included): KV_YES or KV_NO. */
int ejwt_kvi_find(const ejwt_kv *kv, uint64_t uid, kv_rec *out);

/* Append a record at the active sector's write offset (room checked by the
 * caller). Marks the store stale when the flash fails. */
int ejwt_kvi_append(ejwt_kv *kv, uint64_t uid, uint8_t flags, const void *data, uint32_t len);

/* Make room for a record of \p need bytes in the active sector, collecting
 * garbage if needed. \p replaced is the record the write supersedes (or NULL). */
int ejwt_kvi_make_room(ejwt_kv *kv, uint32_t need, const kv_rec *replaced);

/* Scan the flash and set kv's position fields (the mount proper). */
int ejwt_kvi_scan(ejwt_kv *kv);

#endif /* EJWT_KVSTORE_INTERNAL_H */
