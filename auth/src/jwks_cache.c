/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The issuer's JWK Set kept in sealed storage (see jwks_cache.h). A new set
 * is imported beside the old one and saved before the old keys go, so every
 * failure, power cuts included, leaves the old set working.
 */
#include <string.h>

#include "ejwt/auth/jwks_cache.h"
#include "ejwt/jwk.h"
#include "ejwt/platform.h"
#include "ejwt_common.h"

#define MS_PER_S 1000u

static void destroy_keys(ejwt_key *keys, size_t n)
{
    size_t i;

    for (i = 0; i < n && i < EJWT_MAX_JWKS_KEYS; i++) {
        (void)ejwt_key_destroy(&keys[i]);
    }
    ejwt_wipe(keys, sizeof(ejwt_key) * EJWT_MAX_JWKS_KEYS);
}

int ejwt_jwks_cache_init(ejwt_jwks_cache *c, const ejwt_jwks_cache_config *cfg)
{
    EJWT_REQUIRE(c != NULL);
    memset(c, 0, sizeof(*c));
    if (cfg != NULL) {
        c->cfg = *cfg;
    }
    if (c->cfg.min_refresh_interval_s == 0u) {
        c->cfg.min_refresh_interval_s = EJWT_JWKS_CACHE_MIN_INTERVAL_S;
    } else if (c->cfg.min_refresh_interval_s < EJWT_JWKS_CACHE_INTERVAL_FLOOR_S) {
        memset(c, 0, sizeof(*c));
        return EJWT_ERR_INVALID_ARG;
    }
    if (c->cfg.uid == 0u) {
        c->cfg.uid = EJWT_JWKS_CACHE_UID;
    }
    if (c->cfg.max_age_s == 0u) {
        c->cfg.max_age_s = EJWT_JWKS_CACHE_MAX_AGE_S;
    }
    c->fetched_at = EJWT_TIME_UNKNOWN;
    return EJWT_OK;
}

/* Import \p set into \p keys: a set with at least one key that may verify. */
static int import_usable(const char *set, size_t len, ejwt_key *keys, size_t *n)
{
    size_t i;
    int err = ejwt_jwk_import_set(set, len, keys, EJWT_MAX_JWKS_KEYS, n);

    if (err != EJWT_OK) {
        *n = 0;
        return err == EJWT_ERR_BUFFER_TOO_SMALL ? EJWT_ERR_LIMIT : err;
    }
    for (i = 0; i < *n; i++) {
        if ((keys[i].ops & EJWT_KEY_OP_VERIFY) != 0u) {
            return EJWT_OK;
        }
    }
    destroy_keys(keys, *n);
    *n = 0;
    return EJWT_ERR_KEY_NOT_FOUND; /* nothing in it verifies: as good as empty */
}

/* Take the \p n imported keys into \p c (its old keys already gone). */
static void adopt_keys(ejwt_jwks_cache *c, const ejwt_key *keys, size_t n, int64_t fetched_at)
{
    memcpy(c->keys, keys, sizeof(ejwt_key) * n);
    c->nkeys = n;
    c->fetched_at = fetched_at;
}

/* Copy \p len bytes of \p src (at most EJWT_DISCOVERY_MAX_URL) as the source. */
static void set_source(ejwt_jwks_cache *c, const char *src, size_t len)
{
    if (src != c->source) {
        memcpy(c->source, src, len);
    }
    c->source[len] = '\0';
}

int ejwt_jwks_cache_load(ejwt_jwks_cache *c, uint8_t *work, size_t work_cap)
{
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    ejwt_jwks_record rec;
    size_t len = 0, n = 0;
    size_t half = work_cap / 2u;
    int err;

    EJWT_REQUIRE(c != NULL && work != NULL);
    ejwt_jwks_cache_free(c);
    memset(keys, 0, sizeof(keys));
    /* The plain record in the first half, the sealed one in the second. */
    err = ejwt_sealed_record_load(c->cfg.uid, EJWT_JWKS_CACHE_KIND, work, half, &len, work + half,
                                  work_cap - half);
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        err = EJWT_ERR_SEALED_INVALID; /* cannot happen: the plain half is the larger */
    }
    if (err == EJWT_OK) {
        err = ejwt_jwks_record_decode(work, len, &rec);
    }
    if (err == EJWT_OK) {
        err = ejwt_url_check(rec.source, rec.source_len, 0, c->cfg.url_flags) == EJWT_OK
                  ? import_usable(rec.set, rec.set_len, keys, &n)
                  : EJWT_ERR_STORAGE_CORRUPT;
    }
    if (err == EJWT_OK) {
        adopt_keys(c, keys, n, rec.fetched_at);
        set_source(c, rec.source, rec.source_len);
    }
    ejwt_wipe(keys, sizeof(keys));
    ejwt_wipe(work, work_cap);
    return err;
}

/* Seal the record of the new set: plain in work[0, cap/2), sealed after it. */
static int save_record(const ejwt_jwks_cache *c, const ejwt_jwks_record *rec, uint8_t *work,
                       size_t work_cap)
{
    size_t half = work_cap / 2u;
    size_t len = 0;
    int err = ejwt_jwks_record_encode(rec, work, half, &len);

    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        return EJWT_ERR_LIMIT;
    }
    if (err != EJWT_OK) {
        return err;
    }
    return ejwt_sealed_record_save(c->cfg.uid, EJWT_JWKS_CACHE_KIND, work, len, work + half,
                                   work_cap - half);
}

int ejwt_jwks_cache_store(ejwt_jwks_cache *c, const char *source, const char *set, size_t len,
                          int64_t now, uint8_t *work, size_t work_cap)
{
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    ejwt_jwks_record rec;
    size_t n = 0;
    int err;

    EJWT_REQUIRE(c != NULL && set != NULL && work != NULL);
    if (source == NULL) {
        source = c->source;
    }
    memset(&rec, 0, sizeof(rec));
    rec.source = source;
    rec.source_len = ejwt_bounded_len(source, EJWT_DISCOVERY_MAX_URL + 1u);
    if (rec.source_len == 0u) {
        return EJWT_ERR_INVALID_ARG; /* no source yet and none given */
    }
    err = ejwt_url_check(source, rec.source_len, 0, c->cfg.url_flags);
    if (err != EJWT_OK) {
        return err;
    }
    if (len > EJWT_JWKS_CACHE_MAX_SET) {
        return EJWT_ERR_LIMIT;
    }
    rec.set = set;
    rec.set_len = len;
    rec.fetched_at = now;
    rec.max_age_s = c->cfg.max_age_s;
    memset(keys, 0, sizeof(keys));
    err = import_usable(set, len, keys, &n);
    if (err == EJWT_OK) {
        err = save_record(c, &rec, work, work_cap);
        if (err != EJWT_OK) {
            destroy_keys(keys, n); /* not saved: the old set stays in use */
        }
    }
    ejwt_wipe(work, work_cap);
    if (err != EJWT_OK) {
        return err;
    }
    /* Saved: the old keys go (a key that left the set stops verifying). */
    destroy_keys(c->keys, c->nkeys);
    adopt_keys(c, keys, n, now);
    set_source(c, source, rec.source_len);
    ejwt_wipe(keys, sizeof(keys));
    return EJWT_OK;
}

int ejwt_jwks_cache_refresh_due(const ejwt_jwks_cache *c, int64_t now)
{
    if (c == NULL || c->nkeys == 0u) {
        return 1;
    }
    if (c->fetched_at == EJWT_TIME_UNKNOWN) {
        return now != EJWT_TIME_UNKNOWN; /* fetched before the clock was set: age unknown */
    }
    if (now == EJWT_TIME_UNKNOWN) {
        return 0;
    }
    /* A clock that went back before the fetch makes the age unknown too. */
    return now < c->fetched_at || (uint64_t)(now - c->fetched_at) >= c->cfg.max_age_s;
}

int ejwt_jwks_cache_begin_refresh(ejwt_jwks_cache *c, int64_t now)
{
    uint64_t interval_ms, up;

    EJWT_REQUIRE(c != NULL);
    if (c->source[0] == '\0') {
        return EJWT_ERR_INVALID_ARG;
    }
    interval_ms = (uint64_t)c->cfg.min_refresh_interval_s * MS_PER_S;
    up = ejwt_platform_uptime_ms();
    if (c->fetch_started && up - c->last_fetch_ms < interval_ms) {
        return EJWT_ERR_JWKS_RATE_LIMITED;
    }
    /* Across reboots: the stored fetch time, when both times are known and
     * the clock has not gone back past it. */
    if (now != EJWT_TIME_UNKNOWN && c->fetched_at != EJWT_TIME_UNKNOWN && c->nkeys > 0u &&
        now >= c->fetched_at && (uint64_t)(now - c->fetched_at) < c->cfg.min_refresh_interval_s) {
        return EJWT_ERR_JWKS_RATE_LIMITED;
    }
    c->last_fetch_ms = up;
    c->fetch_started = 1u;
    c->fetches++;
    return EJWT_OK;
}

const char *ejwt_jwks_cache_source(const ejwt_jwks_cache *c)
{
    return c != NULL ? c->source : "";
}

const ejwt_key *ejwt_jwks_cache_keys(const ejwt_jwks_cache *c, size_t *nkeys)
{
    if (nkeys != NULL) {
        *nkeys = c != NULL ? c->nkeys : 0u;
    }
    return c != NULL ? c->keys : NULL;
}

void ejwt_jwks_cache_free(ejwt_jwks_cache *c)
{
    if (c == NULL) {
        return;
    }
    destroy_keys(c->keys, c->nkeys);
    c->nkeys = 0;
    c->fetched_at = EJWT_TIME_UNKNOWN;
    c->source[0] = '\0';
}

int ejwt_jwks_cache_remove(ejwt_jwks_cache *c)
{
    EJWT_REQUIRE(c != NULL);
    ejwt_jwks_cache_free(c);
    return ejwt_sealed_record_remove(c->cfg.uid);
}
