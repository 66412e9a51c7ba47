/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Internal Trusted Storage on the board: psa_its_* forwarded to the
 * key-value store that storage.c mounts. Kept alone in this file so that an
 * image defining psa_its_* itself (a test with its own store) links without
 * it - and without the boot-time mount below.
 */
#include <stddef.h>
#include <stdint.h>

#include "ejwt/baremetal.h"
#include "ejwt/platform/its_kv.h"
/* This file defines psa_its_*: the provider must not (MBEDTLS_PSA_ITS_FILE_C). */
#define EJWT_PSA_CHECK_ITS_FROM_PORT 1
#include "ejwt/psa_check.h"

void ejwt_bm_its_boot(void);

/* Called by the reset handler before main() whenever this file is linked
 * (startup.c refers to it weakly), so PSA finds its keys from the start. */
void ejwt_bm_its_boot(void)
{
    /* A failed mount leaves storage detached; PSA reports it per call. */
    (void)ejwt_bm_storage_mount();
}

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
