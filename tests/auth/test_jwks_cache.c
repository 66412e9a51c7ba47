/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The issuer's JWK Set cache (jwks_cache.h): a stored set survives a
 * reboot, a rotation adds keys and a removal makes tokens under the old key
 * fail, every refused set leaves the old one working, the rate limit allows
 * one fetch per interval (on uptime and, across boots, on the stored fetch
 * time), the age rule, and the record decoder's strictness.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <ejwt/auth/jwks_cache.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform/sealed_record.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "jwks_test_keys.h"

#define T0 INT64_C(1800000000)
#define SOURCE "https://issuer.example/jwks"
#define INTERVAL 60u
#define MAX_AGE 3600u

static ejwt_key dev, pub;
static jt_key ka, kb, kc;
static ejwt_jwks_cache cache;
static uint8_t work[EJWT_JWKS_CACHE_WORK_SIZE];
static char set_a[JT_SET_MAX], set_ab[JT_SET_MAX], set_b[JT_SET_MAX];
static size_t set_a_len, set_ab_len, set_b_len;
static char tok_a[JT_TOKEN_MAX], tok_b[JT_TOKEN_MAX], tok_c[JT_TOKEN_MAX];
static size_t tok_a_len, tok_b_len, tok_c_len;

static const ejwt_jwks_cache_config cfg = {0, MAX_AGE, INTERVAL, 0};

static int setup(void **state)
{
    (void)state;
    if (at_world_setup(T0, &dev, &pub) != 0 || jt_key_make(&ka, 0x11) != 0 ||
        jt_key_make(&kb, 0x22) != 0 || jt_key_make(&kc, 0x33) != 0) {
        return -1;
    }
    set_a_len = jt_set(set_a, sizeof(set_a), &ka, NULL);
    set_ab_len = jt_set(set_ab, sizeof(set_ab), &ka, &kb);
    set_b_len = jt_set(set_b, sizeof(set_b), &kb, NULL);
    tok_a_len = jt_token(&ka, T0 + 86400, tok_a, sizeof(tok_a));
    tok_b_len = jt_token(&kb, T0 + 86400, tok_b, sizeof(tok_b));
    tok_c_len = jt_token(&kc, T0 + 86400, tok_c, sizeof(tok_c));
    return (set_a_len && set_ab_len && set_b_len && tok_a_len && tok_b_len && tok_c_len) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    at_world_teardown(&pub);
    return 0;
}

/* Each test starts with an empty cache and nothing stored. */
static int fresh(void **state)
{
    (void)state;
    ejwt_jwks_cache_free(&cache);
    (void)ejwt_sealed_record_remove(EJWT_JWKS_CACHE_UID);
    fake_clock_install(T0);
    return ejwt_jwks_cache_init(&cache, &cfg) == EJWT_OK ? 0 : -1;
}

static int done(void **state)
{
    (void)state;
    ejwt_jwks_cache_free(&cache);
    (void)ejwt_sealed_record_remove(EJWT_JWKS_CACHE_UID);
    return 0;
}

/* Verify with what the cache holds now. */
static int verify(const char *token, size_t len)
{
    size_t n = 0;
    const ejwt_key *keys = ejwt_jwks_cache_keys(&cache, &n);

    return jt_verify(token, len, keys, n, fake_clock_now());
}

/* A reboot: PSA restarted (volatile keys gone), uptime back near 0, a new
 * cache loaded from storage. */
static int reboot_and_load(void)
{
    memset(&cache, 0, sizeof(cache)); /* the RAM is gone; so are the PSA keys below */
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    assert_int_equal(jt_key_make(&ka, 0x11), 0); /* the issuer's keys, for signing only */
    assert_int_equal(jt_key_make(&kb, 0x22), 0);
    assert_int_equal(jt_key_make(&kc, 0x33), 0);
    fc.uptime_ms = 1000u;
    assert_int_equal(ejwt_jwks_cache_init(&cache, &cfg), EJWT_OK);
    return ejwt_jwks_cache_load(&cache, work, sizeof(work));
}

static void store(const char *set, size_t len)
{
    assert_int_equal(
        ejwt_jwks_cache_store(&cache, SOURCE, set, len, fake_clock_now(), work, sizeof(work)),
        EJWT_OK);
}

static void test_stored_set_survives_reboot(void **state)
{
    size_t n = 0;

    (void)state;
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_STORAGE_NOT_FOUND);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_ERR_KEY_NOT_FOUND);
    store(set_a, set_a_len);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    assert_string_equal(ejwt_jwks_cache_source(&cache), SOURCE);
    fc.wall += 100;
    assert_int_equal(reboot_and_load(), EJWT_OK);
    (void)ejwt_jwks_cache_keys(&cache, &n);
    assert_int_equal(n, 1);
    assert_string_equal(ejwt_jwks_cache_source(&cache), SOURCE);
    assert_true(cache.fetched_at == T0);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_ERR_KEY_NOT_FOUND);
}

/* The server adds B, signs with it, then drops A. */
static void test_rotation_add_then_remove(void **state)
{
    (void)state;
    store(set_a, set_a_len);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_ERR_KEY_NOT_FOUND);
    store(set_ab, set_ab_len);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_OK);
    store(set_b, set_b_len);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_ERR_KEY_NOT_FOUND); /* A left the set */
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_OK);
    assert_int_equal(reboot_and_load(), EJWT_OK);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_OK);
    /* A forged token naming B's kid, signed by C: still refused. */
    {
        jt_key forged = kc;
        memcpy(forged.priv.kid, kb.priv.kid, sizeof(forged.priv.kid));
        forged.priv.kid_len = kb.priv.kid_len;
        tok_c_len = jt_token(&forged, T0 + 86400, tok_c, sizeof(tok_c));
        assert_true(tok_c_len > 0u);
        assert_int_equal(verify(tok_c, tok_c_len), EJWT_ERR_SIGNATURE_INVALID);
    }
}

/* One refused body: its error, then the old set still verifies, before and
 * after a reboot. */
static void refused(const char *body, size_t len, int expected)
{
    assert_int_equal(
        ejwt_jwks_cache_store(&cache, NULL, body, len, fake_clock_now(), work, sizeof(work)),
        expected);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    assert_string_equal(ejwt_jwks_cache_source(&cache), SOURCE);
}

static void test_refused_sets_keep_the_old_one(void **state)
{
    static char big[EJWT_JWKS_CACHE_MAX_SET + 2u];
    char five[5u * JT_JWK_MAX + 16u];
    char enc_only[JT_SET_MAX];
    size_t i;
    int n;

    (void)state;
    store(set_a, set_a_len);
    refused("{\"keys\":[]}", 11, EJWT_ERR_KEY_NOT_FOUND);
    refused("{\"keys\":[", 9, EJWT_ERR_JSON_SYNTAX);
    refused("<html>503</html>", 16, EJWT_ERR_JSON_SYNTAX);
    refused("", 0, EJWT_ERR_JSON_SYNTAX);
    refused("{\"keys\":{}}", 11, EJWT_ERR_KEY_INVALID);
    refused("{\"keys\":[1],\"keys\":[2]}", 23, EJWT_ERR_JSON_DUPLICATE);
    /* Only an encryption key: nothing in it verifies. */
    n = snprintf(enc_only, sizeof(enc_only), "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",%s",
                 strstr(kb.jwk, "\"x\""));
    assert_true(n > 0 && (size_t)n < sizeof(enc_only));
    memcpy(strstr(enc_only, "\"use\":\"sig\""), "\"use\":\"enc\"", 11);
    memcpy(enc_only + strlen(enc_only), "]}", 3);
    refused(enc_only, strlen(enc_only), EJWT_ERR_KEY_NOT_FOUND);
    /* More keys than EJWT_MAX_JWKS_KEYS. */
    n = snprintf(five, sizeof(five), "{\"keys\":[%s,%s,%s,%s,%s]}", ka.jwk, kb.jwk, kc.jwk, ka.jwk,
                 kb.jwk);
    assert_true(n > 0 && (size_t)n < sizeof(five));
    refused(five, (size_t)n, EJWT_ERR_LIMIT);
    /* Longer than the bound. */
    for (i = 0; i < sizeof(big); i++) {
        big[i] = ' ';
    }
    memcpy(big, set_b, set_b_len);
    refused(big, sizeof(big), EJWT_ERR_LIMIT);
    /* A source that is not https, and none at all on an empty cache. */
    assert_int_equal(ejwt_jwks_cache_store(&cache, "http://issuer.example/jwks", set_b, set_b_len,
                                           T0, work, sizeof(work)),
                     EJWT_ERR_INSECURE_URL);
    /* A work buffer too small to save: nothing changes either. */
    assert_int_equal(ejwt_jwks_cache_store(&cache, NULL, set_b, set_b_len, T0, work, 64),
                     EJWT_ERR_LIMIT);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(reboot_and_load(), EJWT_OK);
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    assert_int_equal(verify(tok_b, tok_b_len), EJWT_ERR_KEY_NOT_FOUND);
    ejwt_jwks_cache_free(&cache);
    assert_int_equal(ejwt_jwks_cache_store(&cache, NULL, set_b, set_b_len, T0, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
}

/* A flood of unknown kids within one interval allows one fetch. */
static void test_rate_limit_on_uptime(void **state)
{
    unsigned i, allowed = 0;

    (void)state;
    fc.wall_known = 0; /* no clock: only uptime counts */
    store(set_a, set_a_len);
    for (i = 0; i < 1000u; i++) {
        fc.uptime_ms += 50u; /* 50 s in all: less than the interval */
        if (ejwt_jwks_cache_begin_refresh(&cache, fake_clock_now()) == EJWT_OK) {
            allowed++;
        }
    }
    assert_int_equal(allowed, 1);
    fc.uptime_ms = cache.last_fetch_ms + INTERVAL * 1000u - 1u;
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, EJWT_TIME_UNKNOWN),
                     EJWT_ERR_JWKS_RATE_LIMITED);
    fc.uptime_ms += 1u;
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, EJWT_TIME_UNKNOWN), EJWT_OK);
    assert_int_equal(cache.fetches, 2);
}

/* Across reboots the stored fetch time limits too: a device rebooting in a
 * loop does not fetch at every boot. */
static void test_rate_limit_across_reboots(void **state)
{
    (void)state;
    store(set_a, set_a_len);
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, T0 + 1), EJWT_ERR_JWKS_RATE_LIMITED);
    fc.wall = T0 + INTERVAL - 1;
    assert_int_equal(reboot_and_load(), EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, fake_clock_now()),
                     EJWT_ERR_JWKS_RATE_LIMITED);
    fc.wall = T0 + INTERVAL;
    assert_int_equal(reboot_and_load(), EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, fake_clock_now()), EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, fake_clock_now()),
                     EJWT_ERR_JWKS_RATE_LIMITED);
    /* A clock set back before the fetch: the uptime rule still holds. */
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&cache, T0 - 10), EJWT_ERR_JWKS_RATE_LIMITED);
}

static void test_refresh_due_by_age(void **state)
{
    (void)state;
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0), 1); /* no set */
    store(set_a, set_a_len);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0), 0);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0 + MAX_AGE - 1), 0);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0 + MAX_AGE), 1);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0 - 1), 1); /* clock went back */
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, EJWT_TIME_UNKNOWN), 0);
    /* Due does not mean expired: the keys still verify until a new set comes. */
    fc.wall = T0 + MAX_AGE + 10;
    assert_int_equal(verify(tok_a, tok_a_len), EJWT_OK);
    /* A set fetched before the clock was known: due once it is. */
    assert_int_equal(ejwt_jwks_cache_store(&cache, NULL, set_a, set_a_len, EJWT_TIME_UNKNOWN, work,
                                           sizeof(work)),
                     EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, EJWT_TIME_UNKNOWN), 0);
    assert_int_equal(ejwt_jwks_cache_refresh_due(&cache, T0), 1);
}

static void test_config_rules(void **state)
{
    ejwt_jwks_cache c;
    ejwt_jwks_cache_config bad = {0, 0, EJWT_JWKS_CACHE_INTERVAL_FLOOR_S - 1u, 0};

    (void)state;
    assert_int_equal(ejwt_jwks_cache_init(&c, &bad), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_jwks_cache_init(&c, NULL), EJWT_OK);
    assert_int_equal(c.cfg.min_refresh_interval_s, EJWT_JWKS_CACHE_MIN_INTERVAL_S);
    assert_int_equal(c.cfg.max_age_s, EJWT_JWKS_CACHE_MAX_AGE_S);
    assert_true(c.cfg.uid == EJWT_JWKS_CACHE_UID);
    assert_int_equal(ejwt_jwks_cache_begin_refresh(&c, T0), EJWT_ERR_INVALID_ARG); /* no source */
}

/* What a load refuses: another kind under the uid, a record that opens but
 * is malformed, one whose set no longer imports. Each leaves no keys. */
static void test_load_refuses_bad_records(void **state)
{
    uint8_t rec[256];
    ejwt_jwks_record r;
    size_t len = 0;
    size_t n = 9;

    (void)state;
    assert_int_equal(ejwt_sealed_record_save(EJWT_JWKS_CACHE_UID, EJWT_JWKS_CACHE_KIND + 1u,
                                             (const uint8_t *)"x", 1, work, sizeof(work)),
                     EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_SEALED_INVALID);
    assert_int_equal(ejwt_sealed_record_save(EJWT_JWKS_CACHE_UID, EJWT_JWKS_CACHE_KIND,
                                             (const uint8_t *)"EJS\1", 4, work, sizeof(work)),
                     EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_STORAGE_CORRUPT);
    memset(&r, 0, sizeof(r));
    r.fetched_at = T0;
    r.source = SOURCE;
    r.source_len = strlen(SOURCE);
    r.set = "{\"keys\":[]}";
    r.set_len = 11;
    assert_int_equal(ejwt_jwks_record_encode(&r, rec, sizeof(rec), &len), EJWT_OK);
    assert_int_equal(ejwt_sealed_record_save(EJWT_JWKS_CACHE_UID, EJWT_JWKS_CACHE_KIND, rec, len,
                                             work, sizeof(work)),
                     EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_KEY_NOT_FOUND);
    r.source = "http://issuer.example/jwks";
    r.source_len = strlen(r.source);
    r.set = set_a;
    r.set_len = set_a_len;
    {
        static uint8_t plain[EJWT_JWKS_CACHE_RECORD_MAX];
        assert_int_equal(ejwt_jwks_record_encode(&r, plain, sizeof(plain), &len), EJWT_OK);
        assert_int_equal(ejwt_sealed_record_save(EJWT_JWKS_CACHE_UID, EJWT_JWKS_CACHE_KIND, plain,
                                                 len, work, sizeof(work)),
                         EJWT_OK);
    }
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_STORAGE_CORRUPT);
    (void)ejwt_jwks_cache_keys(&cache, &n);
    assert_int_equal(n, 0);
    /* The stored record is fine, the work buffer too small for it: it
     * cannot be opened (the sealed record's rule), and nothing is half-read. */
    store(set_a, set_a_len);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, 200), EJWT_ERR_SEALED_INVALID);
    (void)ejwt_jwks_cache_keys(&cache, &n);
    assert_int_equal(n, 0);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_remove(&cache), EJWT_OK);
    assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_ERR_STORAGE_NOT_FOUND);
}

/* The record codec: a round trip, then every truncation and each broken
 * field is EJWT_ERR_STORAGE_CORRUPT. */
static void test_record_codec(void **state)
{
    static uint8_t rec[EJWT_JWKS_CACHE_RECORD_MAX + 1u];
    ejwt_jwks_record r, d;
    size_t len = 0, need = 0, i;

    (void)state;
    memset(&r, 0, sizeof(r));
    r.fetched_at = EJWT_TIME_UNKNOWN;
    r.max_age_s = 0x01020304u;
    r.source = SOURCE;
    r.source_len = strlen(SOURCE);
    r.set = set_ab;
    r.set_len = set_ab_len;
    assert_int_equal(ejwt_jwks_record_encode(&r, NULL, 0, &need), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_jwks_record_encode(&r, rec, sizeof(rec), &len), EJWT_OK);
    assert_int_equal(len, need);
    assert_int_equal(len, EJWT_JWKS_RECORD_HEADER + 4u + r.source_len + r.set_len);
    assert_int_equal(ejwt_jwks_record_decode(rec, len, &d), EJWT_OK);
    assert_true(d.fetched_at == EJWT_TIME_UNKNOWN);
    assert_int_equal(d.max_age_s, 0x01020304u);
    assert_memory_equal(d.source, SOURCE, d.source_len);
    assert_int_equal(d.set_len, set_ab_len);
    assert_memory_equal(d.set, set_ab, set_ab_len);
    for (i = 0; i < len; i++) {
        assert_int_equal(ejwt_jwks_record_decode(rec, i, &d), EJWT_ERR_STORAGE_CORRUPT);
        assert_null(d.set);
    }
    rec[len] = 0;
    assert_int_equal(ejwt_jwks_record_decode(rec, len + 1u, &d), EJWT_ERR_STORAGE_CORRUPT);
    rec[3] = 2; /* version */
    assert_int_equal(ejwt_jwks_record_decode(rec, len, &d), EJWT_ERR_STORAGE_CORRUPT);
    rec[3] = 1;
    rec[EJWT_JWKS_RECORD_HEADER] = 0x7F; /* source length past the bound */
    assert_int_equal(ejwt_jwks_record_decode(rec, len, &d), EJWT_ERR_STORAGE_CORRUPT);
    r.set_len = EJWT_JWKS_CACHE_MAX_SET + 1u;
    assert_int_equal(ejwt_jwks_record_encode(&r, rec, sizeof(rec), &len), EJWT_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stored_set_survives_reboot, fresh, done),
        cmocka_unit_test_setup_teardown(test_rotation_add_then_remove, fresh, done),
        cmocka_unit_test_setup_teardown(test_refused_sets_keep_the_old_one, fresh, done),
        cmocka_unit_test_setup_teardown(test_rate_limit_on_uptime, fresh, done),
        cmocka_unit_test_setup_teardown(test_rate_limit_across_reboots, fresh, done),
        cmocka_unit_test_setup_teardown(test_refresh_due_by_age, fresh, done),
        cmocka_unit_test_setup_teardown(test_config_rules, fresh, done),
        cmocka_unit_test_setup_teardown(test_load_refuses_bad_records, fresh, done),
        cmocka_unit_test_setup_teardown(test_record_codec, fresh, done),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
