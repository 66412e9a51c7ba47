/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA ITS on the key-value store, as an MCU port's whole ITS: four
 * forwarding functions to its_kv.h. Include in exactly one file of a test
 * that defines psa_its_* itself (OWN_ITS in tests/CMakeLists.txt), after
 * <psa/crypto.h>; the test mounts the store and calls ejwt_its_kv_attach().
 */
#ifndef EJWT_ITS_ON_KV_H
#define EJWT_ITS_ON_KV_H

#include "ejwt/platform/its_kv.h"

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

#endif /* EJWT_ITS_ON_KV_H */
