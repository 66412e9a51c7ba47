/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The token store's loader on arbitrary stored contents.
 *
 * PSA Internal Trusted Storage is defined here (psa_its_*) over a small RAM
 * table, so Mbed TLS's persistent sealing key and the token store's entries
 * live in it; this object's definitions come before the posix port's archive
 * on the link line, so the file-backed ones are never pulled in. The
 * sealing key is created once and kept; every input then refills the three
 * token-store entries (counter, access, refresh), each one:
 *  - absent, or raw bytes (the sealed format itself, fuzzed);
 *  - a plaintext the input gives, sealed here with the real key, kind and a
 *    chosen version (the authenticated parser and the version rule, fuzzed
 *    past the AEAD tag);
 *  - for the access entry, a record built field by field (lengths
 *    consistent or not, this boot's id or not).
 * Then the store is opened and every reader is called.
 * Properties: init and every reader return only documented codes; the work
 * buffers in the context are wiped after every call; a too-small output
 * buffer is wiped and the size needed is reported, and that size then works;
 * bearer, refresh and meta agree on whether a token is there; meta is
 * all zero on failure and terminated on success; a save is read back
 * exactly, also after a reboot, and a clear removes both tokens.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

#include <ejwt/ejwt.h>
#include <ejwt/platform.h>
#include <ejwt/platform/token_store.h>

#include "ejwt_common.h"
#include "fuzz_common.h"
#include "token_store_seal.h"

#define NSLOTS 8u
#define SLOT_CAP (EJWT_TOKEN_STORE_SEALED_MAX + 64u)
#define UPTIME_MS UINT64_C(5000)
#define NOW INT64_C(1700000000)

/* ---- PSA ITS in RAM ---------------------------------------------------- */

typedef struct its_slot {
    int used;
    psa_storage_uid_t uid;
    psa_storage_create_flags_t flags;
    uint32_t len;
    uint8_t data[SLOT_CAP];
} its_slot;

static its_slot its[NSLOTS];

static its_slot *its_find(psa_storage_uid_t uid)
{
    size_t i;

    for (i = 0; i < NSLOTS; i++) {
        if (its[i].used && its[i].uid == uid) {
            return &its[i];
        }
    }
    return NULL;
}

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags)
{
    its_slot *s = its_find(uid);
    size_t i;

    if (uid == 0u) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (s != NULL && (s->flags & PSA_STORAGE_FLAG_WRITE_ONCE)) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    for (i = 0; s == NULL && i < NSLOTS; i++) {
        if (!its[i].used) {
            s = &its[i];
        }
    }
    if (s == NULL || data_length > SLOT_CAP) {
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    }
    s->used = 1;
    s->uid = uid;
    s->flags = create_flags;
    s->len = data_length;
    if (data_length > 0u) {
        memcpy(s->data, p_data, data_length);
    }
    return PSA_SUCCESS;
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void *p_data, size_t *p_data_length)
{
    its_slot *s = its_find(uid);
    uint32_t n;

    if (s == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (data_offset > s->len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    n = s->len - data_offset < data_length ? s->len - data_offset : data_length;
    if (n > 0u) {
        memcpy(p_data, s->data + data_offset, n);
    }
    *p_data_length = n;
    return PSA_SUCCESS;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    its_slot *s = its_find(uid);

    if (s == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    p_info->size = s->len;
    p_info->flags = s->flags;
    return PSA_SUCCESS;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid)
{
    its_slot *s = its_find(uid);

    if (s == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (s->flags & PSA_STORAGE_FLAG_WRITE_ONCE) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    memset(s, 0, sizeof(*s));
    return PSA_SUCCESS;
}

/* ---- platform hooks: a settable clock, deterministic entropy ----------- */

static int wall_known;
static const uint8_t boot_id[8] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7};

static int hook_wall(void *ctx, int64_t *now)
{
    (void)ctx;
    if (!wall_known) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = NOW;
    return EJWT_OK;
}

static uint64_t hook_uptime(void *ctx)
{
    (void)ctx;
    return UPTIME_MS;
}

/* Every draw gives the same bytes, so the fuzzer can name this boot's id. */
static int hook_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t i;

    (void)ctx;
    for (i = 0; i < len; i++) {
        buf[i] = boot_id[i % sizeof(boot_id)];
    }
    return EJWT_OK;
}

static const ejwt_platform hooks = {hook_wall, hook_uptime, hook_entropy, NULL};

/* ---- input ------------------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static uint8_t next(reader *r)
{
    uint8_t b = 0;

    if (r->n > 0u) {
        b = *r->p++;
        r->n--;
    }
    return b;
}

static size_t next16(reader *r)
{
    size_t v = next(r);

    return v | (size_t)next(r) << 8;
}

/* Copy up to \p want input bytes to \p out; returns how many. */
static size_t take(reader *r, uint8_t *out, size_t want)
{
    size_t n = want < r->n ? want : r->n;

    memcpy(out, r->p, n);
    r->p += n;
    r->n -= n;
    return n;
}

static ejwt_token_store scratch; /* sealing work area */
static ejwt_token_store ts;

static uint64_t version_of(uint8_t v)
{
    return v < 0x80u ? v : UINT64_MAX - (uint64_t)(0xFFu - v);
}

static void fill_entry(reader *r, uint64_t uid, uint8_t kind)
{
    static uint8_t raw[SLOT_CAP];
    uint8_t tag = next(r);
    uint64_t version = version_of(next(r));
    uint8_t k = (tag & 4u) ? (uint8_t)(kind % 3u + 1u) : kind; /* a wrong kind */
    size_t n;

    switch (tag & 3u) {
    case 0:
        return; /* absent */
    case 1:     /* raw stored bytes */
        n = take(r, raw, next16(r) % (EJWT_TOKEN_STORE_SEALED_MAX + 1u));
        FUZZ_CHECK(psa_its_set(uid, (uint32_t)n, raw, 0) == PSA_SUCCESS);
        return;
    case 2: /* a plaintext, sealed with the real key */
        n = take(r, scratch.plain, next16(r) % (EJWT_TOKEN_STORE_PLAIN_MAX + 1u));
        break;
    default: { /* an access record, field by field */
        uint8_t *p = scratch.plain;
        size_t tl = next(r), il = next(r) & 0x7Fu, sl = next(r) & 0x7Fu;
        memset(p, 0, 32);
        p[0] = next(r) & 3u; /* basis: 1 wall, 2 uptime, else invalid */
        p[1] = next(r) & 1u; /* anchored */
        ejwt_put_be16(p + 2, (uint16_t)(tl));
        ejwt_put_be16(p + 4, (uint16_t)(il));
        ejwt_put_be16(p + 6, (uint16_t)(sl));
        n = take(r, p + 8, 16); /* exp, deadline_ms */
        (void)n;
        if (tag & 8u) {
            memcpy(p + 24, boot_id, sizeof(boot_id)); /* saved in this boot */
        }
        n = 32u + tl + il + sl;
        memset(p + 32, 'T', tl + il + sl);
        if (tag & 0x10u) {
            n = (n + next(r)) % (EJWT_TOKEN_STORE_PLAIN_MAX + 1u); /* inconsistent length */
        }
        break;
    }
    }
    FUZZ_CHECK(ejwt_ts_seal_store(&scratch, uid, k, version, n) == EJWT_OK);
}

/* ---- checks ------------------------------------------------------------ */

static void check_wiped(void)
{
    FUZZ_CHECK(fuzz_all_zero(ts.plain, sizeof(ts.plain)));
    FUZZ_CHECK(fuzz_all_zero(ts.sealed, sizeof(ts.sealed)));
}

static int load_error(int r)
{
    return r == EJWT_ERR_NO_TOKEN || r == EJWT_ERR_SEALED_INVALID ||
           r == EJWT_ERR_STORAGE_CORRUPT || r == EJWT_ERR_STORAGE_IO;
}

/* Copy out through \p fn with a too-small and then an exact buffer. */
static int copy_token(int (*fn)(ejwt_token_store *, char *, size_t, size_t *), char **out,
                      size_t *len)
{
    char small[4];
    size_t need = 0, got = 0;
    char *buf;
    int r;

    *out = NULL;
    memset(small, 0x5A, sizeof(small));
    r = fn(&ts, small, sizeof(small), &need);
    check_wiped();
    if (r != EJWT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(r == EJWT_OK || load_error(r));
        if (r == EJWT_OK) {
            FUZZ_CHECK(need < sizeof(small) && small[need] == '\0');
            *out = malloc(need + 1u);
            FUZZ_CHECK(*out != NULL);
            memcpy(*out, small, need + 1u);
            *len = need;
        }
        return r;
    }
    FUZZ_CHECK(fuzz_all_zero(small, sizeof(small)) && need > sizeof(small));
    buf = malloc(need); /* exactly the size reported, terminator included */
    FUZZ_CHECK(buf != NULL);
    r = fn(&ts, buf, need, &got);
    check_wiped();
    /* (Stored tokens are bytes: a NUL inside is the saver's business.) */
    FUZZ_CHECK(r == EJWT_OK && got + 1u == need && buf[got] == '\0');
    *out = buf;
    *len = got;
    return r;
}

static void read_all(int expect_known, const char *access, const char *refresh)
{
    ejwt_token_meta meta;
    char *bearer = NULL, *rt = NULL;
    size_t blen = 0, rlen = 0;
    int rb, rr, rm, ru, rh;

    ru = ejwt_token_store_access_usable(&ts, wall_known ? NOW : EJWT_TIME_UNKNOWN, 60);
    check_wiped();
    FUZZ_CHECK(ru == EJWT_OK || ru == EJWT_ERR_EXPIRED || ru == EJWT_ERR_TIME_UNKNOWN ||
               load_error(ru));
    rh = ejwt_token_store_has_refresh(&ts);
    check_wiped();
    FUZZ_CHECK(rh == EJWT_OK || load_error(rh));
    memset(&meta, 0xA5, sizeof(meta));
    rm = ejwt_token_store_meta(&ts, &meta);
    check_wiped();
    if (rm == EJWT_OK) {
        FUZZ_CHECK(meta.basis == EJWT_EXPIRY_WALL || meta.basis == EJWT_EXPIRY_UPTIME);
        FUZZ_CHECK(memchr(meta.issuer, '\0', sizeof(meta.issuer)) != NULL);
        FUZZ_CHECK(memchr(meta.scope, '\0', sizeof(meta.scope)) != NULL);
    } else {
        FUZZ_CHECK(load_error(rm) && fuzz_all_zero(&meta, sizeof(meta)));
    }
    rb = copy_token(ejwt_token_store_bearer, &bearer, &blen);
    rr = copy_token(ejwt_token_store_refresh_token, &rt, &rlen);
    /* One loader behind them all: they agree. */
    FUZZ_CHECK(rb == rm);
    FUZZ_CHECK((ru == EJWT_OK || ru == EJWT_ERR_EXPIRED || ru == EJWT_ERR_TIME_UNKNOWN) ==
               (rb == EJWT_OK));
    FUZZ_CHECK(rr == rh);
    if (rb == EJWT_OK) {
        FUZZ_CHECK(blen > 7u && memcmp(bearer, "Bearer ", 7) == 0);
    }
    if (expect_known) {
        FUZZ_CHECK(rb == EJWT_OK && blen == 7u + strlen(access) &&
                   memcmp(bearer + 7, access, blen - 7u) == 0);
        FUZZ_CHECK(rr == EJWT_OK && rlen == strlen(refresh) && memcmp(rt, refresh, rlen) == 0);
        FUZZ_CHECK(ru == EJWT_OK);
    }
    free(bearer);
    free(rt);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(ejwt_platform_set(&hooks) == EJWT_OK);
    FUZZ_CHECK(psa_crypto_init() == PSA_SUCCESS);
    FUZZ_CHECK(ejwt_ts_key_ensure() == EJWT_OK);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint64_t uids[3] = {EJWT_TOKEN_STORE_UID_COUNTER, EJWT_TOKEN_STORE_UID_ACCESS,
                                     EJWT_TOKEN_STORE_UID_REFRESH};
    static const uint8_t kinds[3] = {TS_KIND_COUNTER, TS_KIND_ACCESS, TS_KIND_REFRESH};
    reader rd = {data, size};
    uint8_t mode = next(&rd);
    ejwt_token_set set;
    size_t i;
    int r;

    for (i = 0; i < 3u; i++) {
        (void)psa_its_remove(uids[i]);
    }
    wall_known = 1;
    for (i = 0; i < 3u; i++) {
        fill_entry(&rd, uids[i], kinds[i]);
    }
    wall_known = !(mode & 1u);

    memset(&ts, 0xA5, sizeof(ts));
    r = ejwt_token_store_init(&ts);
    check_wiped();
    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_STORAGE_IO || r == EJWT_ERR_STORAGE_FULL);
    if (r != EJWT_OK) {
        return 0;
    }
    read_all(0, NULL, NULL);
    if (!(mode & 2u)) {
        return 0;
    }
    /* A save is read back, also after a reboot; a clear forgets it. */
    memset(&set, 0, sizeof(set));
    set.access = "new-access-token";
    set.access_len = strlen(set.access);
    set.refresh = "new-refresh-token";
    set.refresh_len = strlen(set.refresh);
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = 600;
    FUZZ_CHECK(ejwt_token_store_save(&ts, &set, wall_known ? NOW : EJWT_TIME_UNKNOWN) == EJWT_OK);
    check_wiped();
    read_all(1, set.access, set.refresh);
    FUZZ_CHECK(ejwt_token_store_init(&ts) == EJWT_OK);
    read_all(1, set.access, set.refresh);
    FUZZ_CHECK(ejwt_token_store_clear(&ts) == EJWT_OK);
    check_wiped();
    FUZZ_CHECK(ejwt_token_store_bearer(&ts, NULL, 0, &(size_t){0}) == EJWT_ERR_NO_TOKEN);
    FUZZ_CHECK(ejwt_token_store_has_refresh(&ts) == EJWT_ERR_NO_TOKEN);
    return 0;
}
