/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealed records (sealed_record.h): sealed ITS entries (seal.h) of the
 * family "EJSR", the caller's kind as the label's number.
 */
#include "ejwt/platform/sealed_record.h"

#include "platform_internal.h"
#include "seal.h"

#define RECORD_LABEL_KIND 1u

#if EJWT_SEALED_RECORD_OVERHEAD != EJWT_SEAL_OVERHEAD
#error "the public overhead must be the seal's"
#endif

static ejwt_seal_label record_label(uint32_t kind)
{
    ejwt_seal_label label = {{'E', 'J', 'S', 'R'}, RECORD_LABEL_KIND, 0u};

    label.number = kind;
    return label;
}

int ejwt_sealed_record_save(uint64_t uid, uint32_t kind, const uint8_t *data, size_t len,
                            uint8_t *work, size_t work_cap)
{
    ejwt_seal_label label = record_label(kind);
    int err;

    if ((data == NULL && len > 0u) || work == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (len > EJWT_SEALED_RECORD_MAX || work_cap < len + EJWT_SEALED_RECORD_OVERHEAD) {
        ejwt_wipe(work, work_cap);
        return EJWT_ERR_LIMIT;
    }
    err = ejwt_seal_key_ensure();
    if (err != EJWT_OK) {
        ejwt_wipe(work, work_cap);
        return err;
    }
    return ejwt_seal_put(uid, &label, data, len, work, work_cap);
}

int ejwt_sealed_record_load(uint64_t uid, uint32_t kind, uint8_t *out, size_t cap, size_t *out_len,
                            uint8_t *work, size_t work_cap)
{
    ejwt_seal_label label = record_label(kind);
    int err;

    if (out_len == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    *out_len = 0;
    if (out == NULL || work == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    err = ejwt_seal_get(uid, &label, out, cap, out_len, work, work_cap);
    if (err == EJWT_OK && label.number != kind) {
        /* The stored kind is authenticated (an edited header fails the
         * tag), but a genuine record of another kind opens: refuse it. */
        ejwt_wipe(out, cap);
        *out_len = 0;
        err = EJWT_ERR_SEALED_INVALID;
    }
    return err;
}

int ejwt_sealed_record_remove(uint64_t uid)
{
    return ejwt_seal_remove(uid);
}
