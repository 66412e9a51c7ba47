/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file its_kv.h
 * \brief PSA Internal Trusted Storage on the flash key-value store: the
 *        board-independent half of an MCU port's secure storage.
 *
 * Mbed TLS's persistent keys and ejwt's token store call `psa_its_set`,
 * `psa_its_get`, `psa_its_get_info` and `psa_its_remove` by name. An MCU port
 * mounts an ::ejwt_kv on its flash, hands it over with ejwt_its_kv_attach(),
 * and defines those four functions as one-line calls to the ones below (the
 * posix port keeps files instead). PSA semantics are kept exactly: uid 0 is
 * invalid, write-once entries can be neither replaced nor removed, partial
 * reads return what exists from the offset, and every replace is atomic
 * under power loss because the store's are.
 */
#ifndef EJWT_ITS_KV_H
#define EJWT_ITS_KV_H

#include <stddef.h>
#include <stdint.h>

#include <psa/internal_trusted_storage.h>

#include "ejwt/platform/kvstore.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Use \p kv (mounted, and valid for the program's life) for ITS; NULL
 *  detaches: reads then find nothing and writes fail with
 *  PSA_ERROR_STORAGE_FAILURE.
 *  \param kv  a mounted store (ejwt_kv_mount()), or NULL */
void ejwt_its_kv_attach(ejwt_kv *kv);

/** psa_its_set() on the attached store.
 *  \param uid           entry id, not 0
 *  \param data_length   bytes in \p p_data
 *  \param p_data        the value (may be NULL when \p data_length is 0)
 *  \param create_flags  PSA_STORAGE_FLAG_NONE or PSA_STORAGE_FLAG_WRITE_ONCE; any
 *                       other flag is PSA_ERROR_NOT_SUPPORTED
 *  \return PSA_SUCCESS, or the ejwt_kv_* error as a PSA status (not found:
 *          PSA_ERROR_DOES_NOT_EXIST, write-once: PSA_ERROR_NOT_PERMITTED,
 *          full: PSA_ERROR_INSUFFICIENT_STORAGE, corrupt: PSA_ERROR_DATA_CORRUPT,
 *          other failures PSA_ERROR_STORAGE_FAILURE) */
psa_status_t ejwt_its_kv_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                             psa_storage_create_flags_t create_flags);

/** psa_its_get() on the attached store.
 *  \param uid            entry id
 *  \param data_offset    first byte to read; beyond the value's size is
 *                        PSA_ERROR_INVALID_ARGUMENT
 *  \param data_length    at most this many bytes are read
 *  \param p_data         output (may be NULL when \p data_length is 0)
 *  \param p_data_length  receives the bytes read; 0 on failure
 *  \return PSA_SUCCESS, or the ejwt_kv_* error as a PSA status (not found:
 *          PSA_ERROR_DOES_NOT_EXIST, write-once: PSA_ERROR_NOT_PERMITTED,
 *          full: PSA_ERROR_INSUFFICIENT_STORAGE, corrupt: PSA_ERROR_DATA_CORRUPT,
 *          other failures PSA_ERROR_STORAGE_FAILURE) */
psa_status_t ejwt_its_kv_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                             void *p_data, size_t *p_data_length);

/** psa_its_get_info() on the attached store.
 *  \param uid     entry id
 *  \param p_info  receives size and flags; zeroed on failure
 *  \return PSA_SUCCESS, or the ejwt_kv_* error as a PSA status (not found:
 *          PSA_ERROR_DOES_NOT_EXIST, write-once: PSA_ERROR_NOT_PERMITTED,
 *          full: PSA_ERROR_INSUFFICIENT_STORAGE, corrupt: PSA_ERROR_DATA_CORRUPT,
 *          other failures PSA_ERROR_STORAGE_FAILURE) */
psa_status_t ejwt_its_kv_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info);

/** psa_its_remove() on the attached store.
 *  \param uid  entry id
 *  \return PSA_SUCCESS, or the ejwt_kv_* error as a PSA status (not found:
 *          PSA_ERROR_DOES_NOT_EXIST, write-once: PSA_ERROR_NOT_PERMITTED,
 *          full: PSA_ERROR_INSUFFICIENT_STORAGE, corrupt: PSA_ERROR_DATA_CORRUPT,
 *          other failures PSA_ERROR_STORAGE_FAILURE) */
psa_status_t ejwt_its_kv_remove(psa_storage_uid_t uid);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_ITS_KV_H */
