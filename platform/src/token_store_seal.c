/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The token store's entries as sealed ITS entries (seal.h): magic "EJTS",
 * the entry's kind, and its version as the label's number, sealed and
 * opened through the context's work buffers.
 */
#include "token_store_seal.h"

#include "seal.h"

static const ejwt_seal_label ts_label_base = {{'E', 'J', 'T', 'S'}, 0u, 0u};

int ejwt_ts_key_ensure(void)
{
    return ejwt_seal_key_ensure();
}

int ejwt_ts_key_destroy(void)
{
    return ejwt_seal_key_destroy();
}

int ejwt_ts_seal_store(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t version,
                       size_t plain_len)
{
    ejwt_seal_label label = ts_label_base;

    if (plain_len > EJWT_TOKEN_STORE_PLAIN_MAX) {
        return EJWT_ERR_LIMIT;
    }
    label.kind = kind;
    label.number = version;
    return ejwt_seal_put(uid, &label, ts->plain, plain_len, ts->sealed, sizeof(ts->sealed));
}

int ejwt_ts_load_open(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t *version,
                      size_t *plain_len)
{
    ejwt_seal_label label = ts_label_base;
    int err;

    label.kind = kind;
    err = ejwt_seal_get(uid, &label, ts->plain, sizeof(ts->plain), plain_len, ts->sealed,
                        sizeof(ts->sealed));
    if (err == EJWT_OK) {
        *version = label.number;
    }
    return err;
}

int ejwt_ts_remove(uint64_t uid)
{
    return ejwt_seal_remove(uid);
}
