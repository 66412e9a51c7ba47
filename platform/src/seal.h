/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealed ITS entries: the one mechanism behind the token store's entries and
 * the public sealed records (sealed_record.h). An entry is sealed with
 * ChaCha20-Poly1305 under one persistent, non-exportable PSA key; the
 * associated data binds the entry's uid and its label (a 4-byte magic, a
 * kind byte and a 64-bit number: the token store's version, a record's
 * kind), so an entry moved to another uid or relabelled fails to open.
 *
 * Stored entry: magic (4) | format 1 | kind | 0 0 | number (u64 BE) |
 * nonce (12) | ciphertext | tag (16). The associated data is the first 16
 * bytes followed by the uid (u64 BE). Nonces are random: 96 bits make a
 * collision negligible for the few thousand saves of a device's life.
 */
#ifndef EJWT_SEAL_H
#define EJWT_SEAL_H

#include <stddef.h>
#include <stdint.h>

/* Bytes an entry adds to its plaintext: the header and the tag. */
#define EJWT_SEAL_HEADER_LEN 28u
#define EJWT_SEAL_TAG_LEN 16u
#define EJWT_SEAL_OVERHEAD (EJWT_SEAL_HEADER_LEN + EJWT_SEAL_TAG_LEN)

/* What an entry is: bound into its associated data. */
typedef struct ejwt_seal_label {
    uint8_t magic[4]; /* the family of entries (token store, record) */
    uint8_t kind;     /* the kind within the family */
    uint64_t number;  /* set by the writer; the reader gets it back */
} ejwt_seal_label;

/* Create the persistent sealing key if missing; check it if present. */
int ejwt_seal_key_ensure(void);

/* Destroy the sealing key (deprovisioning): every sealed entry becomes
 * unreadable. */
int ejwt_seal_key_destroy(void);

/* Seal plain[0..plain_len) as \p label under \p uid and store it (an atomic
 * ITS replace). \p sealed is the work buffer, plain_len + EJWT_SEAL_OVERHEAD
 * bytes at least; it is wiped on return. */
int ejwt_seal_put(uint64_t uid, const ejwt_seal_label *label, const uint8_t *plain,
                  size_t plain_len, uint8_t *sealed, size_t sealed_cap);

/* Load \p uid and open it into \p plain. The magic and kind must be
 * label's; label->number receives the stored number.
 * EJWT_ERR_STORAGE_NOT_FOUND when absent, EJWT_ERR_SEALED_INVALID when it
 * does not open (damaged, foreign, relabelled, or larger than the work
 * buffer), EJWT_ERR_BUFFER_TOO_SMALL when it opens only into a larger
 * \p plain. \p sealed is wiped on return; \p plain too on failure. */
int ejwt_seal_get(uint64_t uid, ejwt_seal_label *label, uint8_t *plain, size_t plain_cap,
                  size_t *plain_len, uint8_t *sealed, size_t sealed_cap);

/* Remove \p uid; absent counts as removed. */
int ejwt_seal_remove(uint64_t uid);

#endif /* EJWT_SEAL_H */
