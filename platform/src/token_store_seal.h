/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealed ITS entries of the token store: the sealing key, and one entry
 * sealed or opened through the context's work buffers.
 */
#ifndef EJWT_TOKEN_STORE_SEAL_H
#define EJWT_TOKEN_STORE_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/platform/token_store.h"

/* Entry kinds, bound into the associated data with the uid. */
#define TS_KIND_COUNTER 1u
#define TS_KIND_ACCESS 2u
#define TS_KIND_REFRESH 3u

/* Create the persistent sealing key if missing; check it if present. */
int ejwt_ts_key_ensure(void);

/* Destroy the sealing key (deprovisioning). */
int ejwt_ts_key_destroy(void);

/* Seal ts->plain[0..plain_len) as version \p version of \p uid and store it. */
int ejwt_ts_seal_store(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t version,
                       size_t plain_len);

/* Load \p uid and open it into ts->plain, whatever its version.
 * EJWT_ERR_STORAGE_NOT_FOUND when absent, EJWT_ERR_SEALED_INVALID when it does
 * not open. */
int ejwt_ts_load_open(ejwt_token_store *ts, uint64_t uid, uint8_t kind, uint64_t *version,
                      size_t *plain_len);

/* Remove \p uid; absent counts as removed. */
int ejwt_ts_remove(uint64_t uid);

#endif /* EJWT_TOKEN_STORE_SEAL_H */
