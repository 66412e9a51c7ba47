/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The token store's policy: versions, expiry, and the API. Sealing and
 * storage are in token_store_seal.c.
 */
#include <string.h>

#include "ejwt/jws.h"
#include "ejwt/platform.h"
#include "ejwt/platform/token_store.h"
#include "platform_internal.h"
#include "token_store_seal.h"

/* Access record: basis | anchored | token_len u16 | issuer_len u16 |
 * scope_len u16 | exp i64 | deadline_ms u64 | boot_id[8] | token | issuer |
 * scope (integers big-endian). Refresh record: token_len u16 | token. */
#define ACCESS_HEADER_LEN 32u
#define REFRESH_HEADER_LEN 2u
#define BEARER_PREFIX "Bearer "
#define BEARER_PREFIX_LEN 7u

typedef struct access_view {
    uint8_t basis;
    uint8_t anchored;
    size_t token_len, issuer_len, scope_len;
    int64_t exp;
    uint64_t deadline_ms;
    int this_boot;
    const uint8_t *token, *issuer, *scope;
} access_view;

static void wipe_work(ejwt_token_store *ts)
{
    ejwt_wipe(ts->plain, sizeof(ts->plain));
    ejwt_wipe(ts->sealed, sizeof(ts->sealed));
}

/* Store the counter entry at \p version (an empty, authenticated record). */
static int commit(ejwt_token_store *ts, uint64_t version)
{
    int err = ejwt_ts_seal_store(ts, EJWT_TOKEN_STORE_UID_COUNTER, TS_KIND_COUNTER, version, 0);

    if (err == EJWT_OK) {
        ts->committed = version;
    }
    return err;
}

/* Load an entry and apply the version rule: committed or committed + 1. */
static int load(ejwt_token_store *ts, uint64_t uid, uint8_t kind, size_t *plain_len)
{
    uint64_t version = 0;
    int err = ejwt_ts_load_open(ts, uid, kind, &version, plain_len);

    if (err == EJWT_ERR_STORAGE_NOT_FOUND) {
        return EJWT_ERR_NO_TOKEN;
    }
    if (err == EJWT_OK && version != ts->committed && version != ts->committed + 1u) {
        ejwt_wipe(ts->plain, sizeof(ts->plain));
        return EJWT_ERR_SEALED_INVALID; /* rolled back (or from the future) */
    }
    return err;
}

static int load_access(ejwt_token_store *ts, access_view *v)
{
    size_t len = 0;
    const uint8_t *p = ts->plain;
    int err = load(ts, EJWT_TOKEN_STORE_UID_ACCESS, TS_KIND_ACCESS, &len);

    if (err != EJWT_OK) {
        return err;
    }
    memset(v, 0, sizeof(*v));
    if (len < ACCESS_HEADER_LEN) {
        return EJWT_ERR_SEALED_INVALID;
    }
    v->basis = p[0];
    v->anchored = p[1];
    v->token_len = ejwt_get_be16(p + 2);
    v->issuer_len = ejwt_get_be16(p + 4);
    v->scope_len = ejwt_get_be16(p + 6);
    v->exp = (int64_t)ejwt_get_be64(p + 8);
    v->deadline_ms = ejwt_get_be64(p + 16);
    v->this_boot = memcmp(p + 24, ts->boot_id, sizeof(ts->boot_id)) == 0;
    if (len != ACCESS_HEADER_LEN + v->token_len + v->issuer_len + v->scope_len ||
        v->token_len == 0u || v->token_len > EJWT_TOKEN_STORE_MAX_TOKEN ||
        v->issuer_len > EJWT_TOKEN_STORE_MAX_ISSUER || v->scope_len > EJWT_TOKEN_STORE_MAX_SCOPE ||
        (v->basis != EJWT_EXPIRY_WALL && v->basis != EJWT_EXPIRY_UPTIME)) {
        return EJWT_ERR_SEALED_INVALID; /* authentic but not a record we write */
    }
    v->token = p + ACCESS_HEADER_LEN;
    v->issuer = v->token + v->token_len;
    v->scope = v->issuer + v->issuer_len;
    return EJWT_OK;
}

static int load_refresh(ejwt_token_store *ts, const uint8_t **token, size_t *token_len)
{
    size_t len = 0;
    int err = load(ts, EJWT_TOKEN_STORE_UID_REFRESH, TS_KIND_REFRESH, &len);

    if (err != EJWT_OK) {
        return err;
    }
    if (len < REFRESH_HEADER_LEN || ejwt_get_be16(ts->plain) + REFRESH_HEADER_LEN != len ||
        len == REFRESH_HEADER_LEN) {
        return EJWT_ERR_SEALED_INVALID;
    }
    *token = ts->plain + REFRESH_HEADER_LEN;
    *token_len = len - REFRESH_HEADER_LEN;
    return EJWT_OK;
}

/* The highest version among the authentic entries, for a lost counter. */
static uint64_t highest_entry_version(ejwt_token_store *ts)
{
    static const uint64_t uids[2] = {EJWT_TOKEN_STORE_UID_ACCESS, EJWT_TOKEN_STORE_UID_REFRESH};
    static const uint8_t kinds[2] = {TS_KIND_ACCESS, TS_KIND_REFRESH};
    uint64_t best = 0;
    size_t i;

    for (i = 0; i < 2u; i++) {
        uint64_t v = 0;
        size_t len = 0;
        if (ejwt_ts_load_open(ts, uids[i], kinds[i], &v, &len) == EJWT_OK && v > best) {
            best = v;
        }
    }
    wipe_work(ts);
    return best;
}

/* Re-seal an entry still at the committed version as committed + 1. */
static int roll_forward(ejwt_token_store *ts, uint64_t uid, uint8_t kind)
{
    uint64_t v = 0;
    size_t len = 0;
    int err = ejwt_ts_load_open(ts, uid, kind, &v, &len);

    if (err == EJWT_OK && v == ts->committed) {
        err = ejwt_ts_seal_store(ts, uid, kind, ts->committed + 1u, len);
    } else {
        err = EJWT_OK; /* absent, already new, or not ours: nothing to carry */
    }
    wipe_work(ts);
    return err;
}

int ejwt_token_store_init(ejwt_token_store *ts)
{
    uint64_t version = 0;
    size_t len = 0;
    int err;

    EJWT_REQUIRE(ts != NULL);
    memset(ts, 0, sizeof(*ts));
    err = ejwt_ts_key_ensure();
    if (err == EJWT_OK) {
        err = ejwt_platform_entropy(ts->boot_id, sizeof(ts->boot_id));
    }
    if (err != EJWT_OK) {
        return err;
    }
    err = ejwt_ts_load_open(ts, EJWT_TOKEN_STORE_UID_COUNTER, TS_KIND_COUNTER, &version, &len);
    if (err == EJWT_OK) {
        ts->committed = version;
    } else if (err == EJWT_ERR_STORAGE_NOT_FOUND) {
        ts->committed = 0; /* first use, or the counter was deleted (see the header) */
        err = EJWT_OK;
    } else if (err == EJWT_ERR_SEALED_INVALID || err == EJWT_ERR_STORAGE_CORRUPT) {
        /* The counter is damaged: start above every entry we can open and
         * drop them all (fail closed: the firmware re-authenticates). */
        err = commit(ts, highest_entry_version(ts) + 2u);
        if (err == EJWT_OK) {
            (void)ejwt_ts_remove(EJWT_TOKEN_STORE_UID_ACCESS);
            (void)ejwt_ts_remove(EJWT_TOKEN_STORE_UID_REFRESH);
        }
    }
    if (err != EJWT_OK) {
        wipe_work(ts);
        return err;
    }
    /* A save cut short after writing an entry but before its counter:
     * bring the entry it did not reach up to the new version, then commit,
     * so every entry ever written at an older version is stale from now on
     * and the next save takes a fresh version. */
    if (highest_entry_version(ts) == ts->committed + 1u) {
        err = roll_forward(ts, EJWT_TOKEN_STORE_UID_ACCESS, TS_KIND_ACCESS);
        if (err == EJWT_OK) {
            err = roll_forward(ts, EJWT_TOKEN_STORE_UID_REFRESH, TS_KIND_REFRESH);
        }
        if (err == EJWT_OK) {
            err = commit(ts, ts->committed + 1u);
        }
    }
    ts->next = ts->committed + 1u;
    ts->ready = err == EJWT_OK;
    wipe_work(ts);
    return err;
}

/* The access record's expiry fields from the caller's exp / expires_in and
 * its \p now (EJWT_TIME_UNKNOWN: no wall clock, the uptime anchor only). */
static int expiry_fields(const ejwt_token_set *set, int64_t now, uint8_t *rec)
{
    uint64_t up = ejwt_platform_uptime_ms();
    int wall_known = now != EJWT_TIME_UNKNOWN;
    int64_t exp = EJWT_TIME_UNKNOWN;
    int64_t life_s = -1;

    /* Through numericdate.h: any exp, expires_in and wall time is safe. */
    if (set->exp != EJWT_TIME_UNKNOWN) {
        exp = set->exp;
        if (wall_known) {
            uint64_t gap = ejwt_time_gap(now, exp);
            life_s = gap > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)gap;
        }
    } else if (set->expires_in >= 0) {
        life_s = set->expires_in;
        if (wall_known) {
            exp = ejwt_time_add(now, (uint64_t)set->expires_in);
        }
    } else {
        return EJWT_ERR_INVALID_ARG;
    }
    rec[0] = exp != EJWT_TIME_UNKNOWN ? (uint8_t)EJWT_EXPIRY_WALL : (uint8_t)EJWT_EXPIRY_UPTIME;
    rec[1] = life_s >= 0 ? 1u : 0u;
    ejwt_put_be64(rec + 8, (uint64_t)exp);
    if (life_s >= 0) {
        uint64_t life_ms = (uint64_t)life_s > (UINT64_MAX - up) / 1000u ? UINT64_MAX - up
                                                                        : (uint64_t)life_s * 1000u;
        ejwt_put_be64(rec + 16, up + life_ms);
    }
    return EJWT_OK;
}

static int save_entries(ejwt_token_store *ts, const ejwt_token_set *set, int64_t now, uint64_t v)
{
    const uint8_t *rt = NULL;
    size_t rt_len = 0;
    size_t n;
    int err;

    /* Keep the stored refresh token: re-seal it under the new version. */
    if (set->refresh == NULL) {
        err = load_refresh(ts, &rt, &rt_len);
        if (err == EJWT_OK) {
            err = ejwt_ts_seal_store(ts, EJWT_TOKEN_STORE_UID_REFRESH, TS_KIND_REFRESH, v,
                                     REFRESH_HEADER_LEN + rt_len);
        } else if (err == EJWT_ERR_NO_TOKEN || err == EJWT_ERR_SEALED_INVALID) {
            err = ejwt_ts_remove(EJWT_TOKEN_STORE_UID_REFRESH);
        }
        wipe_work(ts);
        if (err != EJWT_OK) {
            return err;
        }
    }
    memset(ts->plain, 0, ACCESS_HEADER_LEN);
    err = expiry_fields(set, now, ts->plain);
    if (err != EJWT_OK) {
        return err;
    }
    ejwt_put_be16(ts->plain + 2, (uint16_t)set->access_len);
    ejwt_put_be16(ts->plain + 4, (uint16_t)set->issuer_len);
    ejwt_put_be16(ts->plain + 6, (uint16_t)set->scope_len);
    memcpy(ts->plain + 24, ts->boot_id, sizeof(ts->boot_id));
    n = ACCESS_HEADER_LEN;
    memcpy(ts->plain + n, set->access, set->access_len);
    n += set->access_len;
    if (set->issuer_len > 0u) {
        memcpy(ts->plain + n, set->issuer, set->issuer_len);
        n += set->issuer_len;
    }
    if (set->scope_len > 0u) {
        memcpy(ts->plain + n, set->scope, set->scope_len);
        n += set->scope_len;
    }
    err = ejwt_ts_seal_store(ts, EJWT_TOKEN_STORE_UID_ACCESS, TS_KIND_ACCESS, v, n);
    wipe_work(ts);
    if (err != EJWT_OK || set->refresh == NULL) {
        return err;
    }
    if (set->refresh_len == 0u) {
        return ejwt_ts_remove(EJWT_TOKEN_STORE_UID_REFRESH);
    }
    ejwt_put_be16(ts->plain, (uint16_t)set->refresh_len);
    memcpy(ts->plain + REFRESH_HEADER_LEN, set->refresh, set->refresh_len);
    err = ejwt_ts_seal_store(ts, EJWT_TOKEN_STORE_UID_REFRESH, TS_KIND_REFRESH, v,
                             REFRESH_HEADER_LEN + set->refresh_len);
    wipe_work(ts);
    return err;
}

int ejwt_token_store_save(ejwt_token_store *ts, const ejwt_token_set *set, int64_t now)
{
    uint64_t v;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready && set != NULL);
    if (set->access == NULL || set->access_len == 0u ||
        (set->refresh == NULL && set->refresh_len != 0u) ||
        (set->issuer == NULL && set->issuer_len != 0u) ||
        (set->scope == NULL && set->scope_len != 0u) ||
        (set->exp == EJWT_TIME_UNKNOWN && set->expires_in < 0)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (set->access_len > EJWT_TOKEN_STORE_MAX_TOKEN ||
        set->refresh_len > EJWT_TOKEN_STORE_MAX_TOKEN ||
        set->issuer_len > EJWT_TOKEN_STORE_MAX_ISSUER ||
        set->scope_len > EJWT_TOKEN_STORE_MAX_SCOPE) {
        return EJWT_ERR_LIMIT;
    }
    /* A version is never reused, even after a failed save, so two different
     * entries never carry the same version. */
    v = ts->next++;
    err = save_entries(ts, set, now, v);
    if (err == EJWT_OK) {
        err = commit(ts, v);
    }
    wipe_work(ts);
    return err;
}

int ejwt_token_store_access_usable(ejwt_token_store *ts, int64_t now, uint32_t margin_s)
{
    access_view v;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready);
    err = load_access(ts, &v);
    wipe_work(ts);
    if (err != EJWT_OK) {
        return err;
    }
    /* In the boot that saved it, uptime decides: it cannot jump. */
    if (v.this_boot && v.anchored) {
        uint64_t up = ejwt_platform_uptime_ms();
        uint64_t margin_ms = (uint64_t)margin_s * 1000u;
        return (up < v.deadline_ms && v.deadline_ms - up > margin_ms) ? EJWT_OK : EJWT_ERR_EXPIRED;
    }
    if (v.basis == EJWT_EXPIRY_UPTIME) {
        return EJWT_ERR_EXPIRED; /* a deadline from an earlier boot means nothing */
    }
    if (now == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    return ejwt_time_gap(now, v.exp) > margin_s ? EJWT_OK : EJWT_ERR_EXPIRED;
}

int ejwt_token_store_has_refresh(ejwt_token_store *ts)
{
    const uint8_t *token = NULL;
    size_t len = 0;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready);
    err = load_refresh(ts, &token, &len);
    wipe_work(ts);
    return err;
}

/* Copy prefix + token, terminated, into the caller's buffer. */
static int copy_out(const char *prefix, size_t prefix_len, const uint8_t *token, size_t len,
                    char *out, size_t cap, size_t *out_len)
{
    size_t need = prefix_len + len + 1u;

    if (cap < need) {
        ejwt_wipe(out, cap);
        *out_len = need;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, prefix, prefix_len);
    memcpy(out + prefix_len, token, len);
    out[prefix_len + len] = '\0';
    *out_len = prefix_len + len;
    return EJWT_OK;
}

int ejwt_token_store_bearer(ejwt_token_store *ts, char *out, size_t cap, size_t *out_len)
{
    access_view v;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0'; /* what a failure other than a short buffer leaves */
    }
    err = load_access(ts, &v);
    if (err == EJWT_OK) {
        err = copy_out(BEARER_PREFIX, BEARER_PREFIX_LEN, v.token, v.token_len, out, cap, out_len);
    }
    wipe_work(ts);
    return err;
}

int ejwt_token_store_refresh_token(ejwt_token_store *ts, char *out, size_t cap, size_t *out_len)
{
    const uint8_t *token = NULL;
    size_t len = 0;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0'; /* what a failure other than a short buffer leaves */
    }
    err = load_refresh(ts, &token, &len);
    if (err == EJWT_OK) {
        err = copy_out("", 0, token, len, out, cap, out_len);
    }
    wipe_work(ts);
    return err;
}

int ejwt_token_store_meta(ejwt_token_store *ts, ejwt_token_meta *meta)
{
    access_view v;
    int err;

    EJWT_REQUIRE(ts != NULL && ts->ready && meta != NULL);
    memset(meta, 0, sizeof(*meta));
    err = load_access(ts, &v);
    if (err == EJWT_OK) {
        meta->basis = (ejwt_expiry_basis)v.basis;
        meta->exp = v.basis == EJWT_EXPIRY_WALL ? v.exp : EJWT_TIME_UNKNOWN;
        meta->deadline_ms = v.anchored ? v.deadline_ms : 0u;
        meta->this_boot = v.this_boot;
        memcpy(meta->issuer, v.issuer, v.issuer_len);
        memcpy(meta->scope, v.scope, v.scope_len);
    }
    wipe_work(ts);
    return err;
}

int ejwt_token_store_clear(ejwt_token_store *ts)
{
    int err;
    int err2;

    EJWT_REQUIRE(ts != NULL && ts->ready);
    /* Counter first: from here on, every copy of an old entry is stale, even
     * if a removal below fails or power is cut. */
    err = commit(ts, ts->next++);
    ts->next = ts->committed + 1u > ts->next ? ts->committed + 1u : ts->next;
    err2 = ejwt_ts_remove(EJWT_TOKEN_STORE_UID_ACCESS);
    err = err != EJWT_OK ? err : err2;
    err2 = ejwt_ts_remove(EJWT_TOKEN_STORE_UID_REFRESH);
    err = err != EJWT_OK ? err : err2;
    wipe_work(ts);
    return err;
}

int ejwt_token_store_deprovision(ejwt_token_store *ts)
{
    int err;
    int err2;

    EJWT_REQUIRE(ts != NULL);
    err = ts->ready ? ejwt_token_store_clear(ts) : EJWT_OK;
    err2 = ejwt_ts_key_destroy();
    err = err != EJWT_OK ? err : err2;
    err2 = ejwt_ts_remove(EJWT_TOKEN_STORE_UID_COUNTER);
    err = err != EJWT_OK ? err : err2;
    ejwt_wipe(ts, sizeof(*ts));
    return err;
}
