/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file sealed_record.h
 * \brief Sealed records: an application's credentials and configuration in
 *        PSA secure storage, encrypted and authenticated like the tokens.
 *
 * A device keeps more than its tokens: an RFC 7591 registration answer (its
 * `registration_access_token` is a credential), the provisioned issuer and
 * endpoints, a trust anchor's hash. A sealed record holds such bytes under
 * an ITS uid the application chooses, sealed with ChaCha20-Poly1305 under
 * the token store's persistent, non-exportable key (::EJWT_TOKEN_STORE_KEY_ID,
 * created on first use). The associated data binds the uid and the record's
 * \p kind, so a record copied to another uid, read as another kind or
 * altered in any byte fails to open (::EJWT_ERR_SEALED_INVALID).
 *
 * Each save is one atomic ITS replace: after a power cut a load finds the
 * old record or the new one, never a mix. Records carry no version counter
 * (unlike the token store): restoring an older copy of the same record is
 * not detected. Keep what must not roll back in the token store.
 * ejwt_token_store_deprovision() destroys the shared key: every record then
 * reads as ::EJWT_ERR_SEALED_INVALID (remove them too when deprovisioning).
 *
 * Choose uids above 2^32 (Mbed TLS's key files use uid = key id < 2^32) and
 * outside the token store's (::EJWT_TOKEN_STORE_UID_BASE + 0..2);
 * ::EJWT_SEALED_RECORD_UID_BASE starts a range reserved for them.
 *
 * Zero malloc: the caller passes a work buffer of the record's length plus
 * ::EJWT_SEALED_RECORD_OVERHEAD; it is wiped before every return. Needs
 * ejwt_platform_set() and psa_crypto_init() first. Not thread-safe.
 */
#ifndef EJWT_SEALED_RECORD_H
#define EJWT_SEALED_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes a sealed record adds to its data (a 28-byte header and a 16-byte
 *  tag): the work buffer needs the data's length plus this. */
#define EJWT_SEALED_RECORD_OVERHEAD 44u
/** Largest record data: ITS entries of the flash key-value store stay well
 *  inside one flash sector. */
#ifndef EJWT_SEALED_RECORD_MAX
#define EJWT_SEALED_RECORD_MAX 4096u
#endif
/** First ITS uid of the range reserved for applications' sealed records
 *  (beside the token store's, "EJWT" + 0x1000). */
#define EJWT_SEALED_RECORD_UID_BASE (UINT64_C(0x454A575400000000) + 0x1000u)

/**
 * Seal \p data and store it under \p uid, replacing any record there.
 * \param uid       the ITS uid (see the file overview)
 * \param kind      what the record is (the application's number; it must
 *                  be given again to load it)
 * \param data      the bytes to keep
 * \param len       their length, at most ::EJWT_SEALED_RECORD_MAX
 * \param work      work buffer, wiped on return
 * \param work_cap  its size: at least \p len + ::EJWT_SEALED_RECORD_OVERHEAD
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG  a NULL buffer with a length
 * \retval EJWT_ERR_LIMIT        \p len over ::EJWT_SEALED_RECORD_MAX, or \p work_cap too small
 * \retval EJWT_ERR_ENTROPY      no nonce
 * \retval EJWT_ERR_STORAGE_FULL, EJWT_ERR_STORAGE_IO  storing failed (the old record stays)
 * \retval EJWT_ERR_CRYPTO       the sealing key could not be made or used
 */
int ejwt_sealed_record_save(uint64_t uid, uint32_t kind, const uint8_t *data, size_t len,
                            uint8_t *work, size_t work_cap);

/**
 * Load and open the record under \p uid.
 * \param uid       the ITS uid
 * \param kind      the kind it was saved as
 * \param out       receives the data (binary; exact fit: no terminator)
 * \param cap       its size
 * \param out_len   receives the data's length (0 on failure)
 * \param work      work buffer, wiped on return
 * \param work_cap  its size: at least the stored length + ::EJWT_SEALED_RECORD_OVERHEAD
 *                  (::EJWT_SEALED_RECORD_MAX + the overhead always suffices)
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_NOT_FOUND  no record under \p uid
 * \retval EJWT_ERR_SEALED_INVALID     it does not open: damaged, moved, another kind, sealed
 *                                     under another key, or longer than \p work_cap allows
 * \retval EJWT_ERR_BUFFER_TOO_SMALL   \p cap is smaller than the record
 * \retval EJWT_ERR_INVALID_ARG        a NULL argument
 * \retval EJWT_ERR_STORAGE_IO, EJWT_ERR_CRYPTO  reading or opening failed
 */
int ejwt_sealed_record_load(uint64_t uid, uint32_t kind, uint8_t *out, size_t cap, size_t *out_len,
                            uint8_t *work, size_t work_cap);

/**
 * Remove the record under \p uid (absent counts as removed).
 * \param uid the ITS uid
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_IO removing failed
 */
int ejwt_sealed_record_remove(uint64_t uid);

#ifdef __cplusplus
}
#endif

#endif /* EJWT_SEALED_RECORD_H */
