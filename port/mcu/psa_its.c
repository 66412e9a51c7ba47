/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Internal Trusted Storage on an MCU: psa_its_* forwarded to the
 * key-value store that ejwt_mcu_storage_mount() (storage.c) attached. Kept
 * in its own target (ejwt::mcu_its) so that an image without persistent
 * keys, or one defining psa_its_* itself (a test with its own store, a
 * product with a secure partition), links neither this nor a second copy.
 */
#include <stddef.h>
#include <stdint.h>

#include "ejwt/mcu.h"
#include "ejwt/platform/its_kv.h"
/* This file defines psa_its_*: the provider must not (MBEDTLS_PSA_ITS_FILE_C). */
#define EJWT_PSA_CHECK_ITS_FROM_PORT 1
#include "ejwt/psa_check.h"

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags)
{
    return ejwt_its_kv_set(uid, data_length, p_data, create_flags);
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void *p_data, size_t *p_data_length)
{
    return ejwt_its_kv_get(uid, data_offset, data_length, p_data, p_data_length);
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    return ejwt_its_kv_get_info(uid, p_info);
}

psa_status_t psa_its_remove(psa_storage_uid_t uid)
{
    return ejwt_its_kv_remove(uid);
}
