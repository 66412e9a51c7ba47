/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA ITS over the flash key-value store. The store already gives atomic
 * replace, write-once and partial reads; this file only translates between
 * PSA's types and status codes and ejwt's.
 */
#include <string.h>

#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"

static ejwt_kv *its_store;

/* The store's errors as the PSA status ITS callers expect. */
static psa_status_t kv_to_psa(int err)
{
    switch (err) {
    case EJWT_OK:
        return PSA_SUCCESS;
    case EJWT_ERR_STORAGE_NOT_FOUND:
        return PSA_ERROR_DOES_NOT_EXIST;
    case EJWT_ERR_STORAGE_WRITE_ONCE:
        return PSA_ERROR_NOT_PERMITTED;
    case EJWT_ERR_STORAGE_FULL:
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    case EJWT_ERR_STORAGE_CORRUPT:
        return PSA_ERROR_DATA_CORRUPT;
    case EJWT_ERR_UNSUPPORTED:
    case EJWT_ERR_LIMIT:
        return PSA_ERROR_NOT_SUPPORTED;
    case EJWT_ERR_INVALID_ARG:
        return PSA_ERROR_INVALID_ARGUMENT;
    default:
        return PSA_ERROR_STORAGE_FAILURE;
    }
}

void ejwt_its_kv_attach(ejwt_kv *kv)
{
    its_store = kv;
}

psa_status_t ejwt_its_kv_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                             psa_storage_create_flags_t create_flags)
{
    if (its_store == NULL) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (uid == 0u || (p_data == NULL && data_length != 0u)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if ((create_flags & ~(psa_storage_create_flags_t)PSA_STORAGE_FLAG_WRITE_ONCE) != 0u) {
        return PSA_ERROR_NOT_SUPPORTED; /* confidentiality/replay flags: not offered */
    }
    return kv_to_psa(ejwt_kv_set(
        its_store, uid, p_data, data_length,
        (create_flags & PSA_STORAGE_FLAG_WRITE_ONCE) != 0u ? EJWT_KV_FLAG_WRITE_ONCE : 0u));
}

psa_status_t ejwt_its_kv_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                             void *p_data, size_t *p_data_length)
{
    size_t size = 0, got = 0;
    uint32_t flags = 0;
    int err;

    if (p_data_length == NULL || (p_data == NULL && data_length != 0u)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *p_data_length = 0;
    if (its_store == NULL || uid == 0u) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    err = ejwt_kv_get_info(its_store, uid, &size, &flags);
    if (err != EJWT_OK) {
        return kv_to_psa(err);
    }
    if (data_offset > size) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (data_length == 0u) {
        return PSA_SUCCESS;
    }
    err = ejwt_kv_read(its_store, uid, data_offset, p_data, data_length, &got);
    if (err != EJWT_OK) {
        return kv_to_psa(err);
    }
    *p_data_length = got;
    return PSA_SUCCESS;
}

psa_status_t ejwt_its_kv_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    size_t size = 0;
    uint32_t flags = 0;
    int err;

    if (p_info == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    memset(p_info, 0, sizeof(*p_info));
    if (its_store == NULL || uid == 0u) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    err = ejwt_kv_get_info(its_store, uid, &size, &flags);
    if (err != EJWT_OK) {
        return kv_to_psa(err);
    }
    p_info->size = (uint32_t)size;
    p_info->flags = (flags & EJWT_KV_FLAG_WRITE_ONCE) != 0u ? PSA_STORAGE_FLAG_WRITE_ONCE
                                                            : PSA_STORAGE_FLAG_NONE;
    return PSA_SUCCESS;
}

psa_status_t ejwt_its_kv_remove(psa_storage_uid_t uid)
{
    if (its_store == NULL || uid == 0u) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    return kv_to_psa(ejwt_kv_remove(its_store, uid));
}
