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
 *  PSA_ERROR_STORAGE_FAILURE. */
void ejwt_its_kv_attach(ejwt_kv *kv);

/** psa_its_set() on the attached store. */
psa_status_t ejwt_its_kv_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                             psa_storage_create_flags_t create_flags);

/** psa_its_get() on the attached store. */
psa_status_t ejwt_its_kv_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                             void *p_data, size_t *p_data_length);

/** psa_its_get_info() on the attached store. */
psa_status_t ejwt_its_kv_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info);

/** psa_its_remove() on the attached store. */
psa_status_t ejwt_its_kv_remove(psa_storage_uid_t uid);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_ITS_KV_H */
