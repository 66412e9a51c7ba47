/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file kvstore.h
 * \brief A small power-loss-safe key-value store over the flash contract
 *        (flash.h): the board-independent engine MCU ports put under PSA
 *        Internal Trusted Storage.
 *
 * Entries map a 64-bit uid (0 is reserved) to a value of 0 ..
 * ::EJWT_KV_MAX_VALUE bytes and a flag byte (::EJWT_KV_FLAG_WRITE_ONCE).
 *
 * \par Layout
 * The region is a ring of sectors (at least 2). Each used sector starts with
 * a 16-byte sector header (magic, sequence number, CRC-32); sequence numbers
 * increase by one along the ring, so the store's history is the sectors in
 * sequence order and, inside each, the records in address order. Records are
 * appended; the newest valid record of a uid is its value (a "tombstone"
 * record means removed). A record is
 * `header (16 bytes, padded to prog_size) | value (padded to prog_size) |
 * commit (CRC-32 of header and value, padded to prog_size)`;
 * the header carries its own CRC-32 so a reader can skip a record whose value
 * is damaged. The commit unit is programmed last. Overhead per record: 20
 * bytes plus padding for prog_size 1 or 4; 24 + padding for 8; 32 + padding
 * for 16.
 *
 * \par Power-loss guarantees
 * Every set and remove is atomic: after a power cut at any moment, the next
 * mount and read return the previous value or the new one, complete and
 * CRC-verified, never a torn or mixed value. A record is valid only when both
 * CRCs match, so a record interrupted at any byte is ignored and the previous
 * one stays the newest.
 *
 * \par Garbage collection and wear
 * When the active sector is full, the store opens the next sector of the
 * ring, copies into it the live records of the oldest sector, appends a
 * marker record naming the oldest sector's sequence number, then erases the
 * oldest sector. One sector is always kept erased, so usable capacity is
 * (sectors - 1) sectors. Sectors are used strictly in ring order, so every
 * sector is erased once per lap: wear is even by construction. A power cut
 * during collection is resolved by the next mount: without the marker the
 * half-filled new sector is ignored (the oldest one is still complete); with
 * it, the oldest sector is obsolete whatever its erase left behind.
 *
 * \par Corruption
 * A record whose CRCs fail is skipped (never returned): a reader then sees
 * that uid's previous surviving record, or ::EJWT_ERR_STORAGE_NOT_FOUND. A
 * record header that fails its CRC ends the scan of that sector (its length
 * cannot be trusted). A sector whose header fails its CRC is skipped. Mount
 * fails with ::EJWT_ERR_STORAGE_CORRUPT only when no sector header is valid
 * and the region is not blank (or a blank region interrupted while being
 * formatted).
 *
 * \par Resources
 * No malloc, no recursion, no RAM index: every lookup scans the record
 * headers (fine for a few dozen entries; a lookup reads every record header
 * and the value of each version of the uid looked up). RAM: sizeof(ejwt_kv)
 * (24 bytes on a 32-bit MCU). Stack: under 256 bytes per call on Cortex-M
 * (one 64-byte copy buffer and a few headers).
 *
 * \par Concurrency
 * None: one caller at a time per store (PSA ITS serialises its callers).
 */
#ifndef EJWT_KVSTORE_H
#define EJWT_KVSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"
#include "ejwt/platform/flash.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest value in bytes (overridable; at most 65535). A sector must hold a
 *  record of this size plus the sector header and a marker record. */
#ifndef EJWT_KV_MAX_VALUE
#define EJWT_KV_MAX_VALUE 2048u
#endif

#if EJWT_KV_MAX_VALUE > 65535u
#error "EJWT_KV_MAX_VALUE must fit the record header's 16-bit length"
#endif

/** The entry can never be replaced or removed (PSA_STORAGE_FLAG_WRITE_ONCE). */
#define EJWT_KV_FLAG_WRITE_ONCE 0x01u

/** Flags a caller may pass to ejwt_kv_set(). */
#define EJWT_KV_FLAGS_SUPPORTED EJWT_KV_FLAG_WRITE_ONCE

/**
 * A mounted store. Allocate it anywhere (static, stack); it holds no pointer
 * except to the caller's ::ejwt_flash, which must outlive it. No teardown is
 * needed. Treat the fields as private.
 */
typedef struct ejwt_kv {
    const ejwt_flash *flash; /**< The region (caller-owned). */
    uint32_t seq;            /**< Sequence number of the active sector. */
    uint32_t write_off;      /**< Next free offset inside the active sector. */
    uint16_t nsectors;       /**< Sectors in the region. */
    uint16_t active;         /**< Index of the sector being appended to. */
    uint8_t mounted;         /**< 1 after a successful mount. */
    uint8_t dirty;           /**< The active sector's tail is not blank: rotate first. */
    uint8_t stale;           /**< A write failed: rescan before the next call. */
} ejwt_kv;

/**
 * Mount the store on \p flash: find the newest sector, finish or discard an
 * interrupted garbage collection, and locate the end of the log. A blank
 * region (or one whose first format was interrupted) is formatted.
 * \param kv    caller-allocated state, overwritten
 * \param flash the region; kept by pointer, must outlive \p kv
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG       NULL argument or unusable geometry (fewer than
 *                                    2 sectors, prog_size not a power of two up to
 *                                    EJWT_FLASH_MAX_PROG_SIZE, a sector too small
 *                                    for a maximal record)
 * \retval EJWT_ERR_STORAGE_IO        a flash callback failed
 * \retval EJWT_ERR_STORAGE_CORRUPT   no valid sector and the region is not blank
 */
int ejwt_kv_mount(ejwt_kv *kv, const ejwt_flash *flash);

/**
 * Erase the whole region and start an empty store (factory reset,
 * deprovisioning, or recovery after ::EJWT_ERR_STORAGE_CORRUPT). Mounts it.
 * \param kv    caller-allocated state, overwritten
 * \param flash the region; kept by pointer, must outlive \p kv
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG  as for ejwt_kv_mount()
 * \retval EJWT_ERR_STORAGE_IO   a flash callback failed
 */
int ejwt_kv_format(ejwt_kv *kv, const ejwt_flash *flash);

/**
 * Create or atomically replace the entry \p uid.
 * \param kv    the mounted store
 * \param uid   entry id, not 0
 * \param data  \p len bytes (may be NULL when \p len is 0); only read
 * \param len   the value's length
 * \param flags 0 or ::EJWT_KV_FLAG_WRITE_ONCE
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG        unmounted store, uid 0, NULL data with len > 0
 * \retval EJWT_ERR_UNSUPPORTED        a flag outside ::EJWT_KV_FLAGS_SUPPORTED
 * \retval EJWT_ERR_LIMIT              len > ::EJWT_KV_MAX_VALUE
 * \retval EJWT_ERR_STORAGE_WRITE_ONCE the entry exists and is write-once
 * \retval EJWT_ERR_STORAGE_FULL       no room even after garbage collection;
 *                                     every stored entry is unchanged
 * \retval EJWT_ERR_STORAGE_IO         a flash callback failed; the entry holds its
 *                                     previous or its new value (rescanned on the
 *                                     next call)
 * \retval EJWT_ERR_STORAGE_CORRUPT    making room would rotate past the sector
 *                                     sequence limit, which only a damaged or forged
 *                                     image reaches; nothing is erased or changed
 *                                     (ejwt_kv_format() recovers)
 */
int ejwt_kv_set(ejwt_kv *kv, uint64_t uid, const void *data, size_t len, uint32_t flags);

/**
 * Read entry \p uid from byte \p offset to its end into \p buf (binary;
 * buffer convention: see ejwt.h). The output is the value's tail from
 * \p offset, so its exact fit is \p cap == size - offset.
 * \param kv    the mounted store
 * \param uid   entry id, not 0
 * \param offset first byte of the value to read
 * \param buf  \p cap bytes, written only on success (may be NULL if cap is 0:
 *             a size query)
 * \param cap  its size
 * \param len  receives the bytes written (the convention's length: on
 *             ::EJWT_ERR_BUFFER_TOO_SMALL, size - offset)
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG        unmounted store, uid 0, NULL len, offset > size
 * \retval EJWT_ERR_BUFFER_TOO_SMALL   cap < size - offset; \p buf untouched
 * \retval EJWT_ERR_STORAGE_NOT_FOUND  no such entry
 * \retval EJWT_ERR_STORAGE_IO         a flash callback failed
 */
int ejwt_kv_get(ejwt_kv *kv, uint64_t uid, size_t offset, void *buf, size_t cap, size_t *len);

/**
 * Read at most \p want bytes of entry \p uid from \p offset (PSA `psa_its_get`
 * semantics: a short value is not an error). Not a triple of the buffer
 * convention: \p want is how much to read, not a size to fill, so it never
 * reports ::EJWT_ERR_BUFFER_TOO_SMALL (ejwt_kv_get() is the triple).
 * \param kv    the mounted store
 * \param uid   entry id, not 0
 * \param offset first byte of the value to read
 * \param buf  output (may be NULL when \p want is 0)
 * \param want the most bytes to read
 * \param len  the bytes written: min(want, size - offset); 0 on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG        unmounted store, uid 0, NULL len, offset > size
 * \retval EJWT_ERR_STORAGE_NOT_FOUND  no such entry
 * \retval EJWT_ERR_STORAGE_IO         a flash callback failed
 */
int ejwt_kv_read(ejwt_kv *kv, uint64_t uid, size_t offset, void *buf, size_t want, size_t *len);

/**
 * Size and flags of entry \p uid.
 * \param kv    the mounted store
 * \param uid   entry id, not 0
 * \param size  the value's length (may be NULL)
 * \param flags the flags it was created with (may be NULL)
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG        unmounted store, uid 0
 * \retval EJWT_ERR_STORAGE_NOT_FOUND  no such entry
 * \retval EJWT_ERR_STORAGE_IO         a flash callback failed
 */
int ejwt_kv_get_info(ejwt_kv *kv, uint64_t uid, size_t *size, uint32_t *flags);

/**
 * Remove entry \p uid (atomically: a power cut leaves it present or gone).
 * \param kv    the mounted store
 * \param uid   entry id, not 0
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG        unmounted store, uid 0
 * \retval EJWT_ERR_STORAGE_NOT_FOUND  no such entry
 * \retval EJWT_ERR_STORAGE_WRITE_ONCE the entry is write-once
 * \retval EJWT_ERR_STORAGE_FULL       no room for the removal record (rare: a
 *                                     removal needs one header and a commit unit)
 * \retval EJWT_ERR_STORAGE_IO         a flash callback failed
 * \retval EJWT_ERR_STORAGE_CORRUPT    as for ejwt_kv_set(): making room for the
 *                                     removal record would rotate past the sector
 *                                     sequence limit; nothing is changed
 */
int ejwt_kv_remove(ejwt_kv *kv, uint64_t uid);

/**
 * Flash bytes one record of a \p len -byte value takes on \p flash
 * (header, padded value and commit unit). For budgeting.
 * \param flash the region (its prog_size sets the padding)
 * \param len   the value's length
 * \return the record's size in bytes; 0 for a NULL \p flash or \p len > ::EJWT_KV_MAX_VALUE
 */
size_t ejwt_kv_record_size(const ejwt_flash *flash, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_KVSTORE_H */
