/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The sealed token store against a settable clock: save and load, expiry by
 * wall time and by uptime (and across a reboot), tampered, swapped and
 * rolled-back entries, crash windows, clear and deprovision.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define MARGIN 60u

static ejwt_token_store ts;
static uint8_t snap[EJWT_TOKEN_STORE_SEALED_MAX];
static size_t snap_len;

static void reboot(void)
{
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    fc.uptime_ms = 1000u; /* uptime restarts */
    assert_int_equal(ejwt_token_store_init(&ts), EJWT_OK);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(T0);
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    if (ejwt_token_store_init(&ts) != EJWT_OK) {
        print_error("token store init: %s\n", ejwt_error_name(ejwt_token_store_init(&ts)));
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_token_store_deprovision(&ts);
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

static int save(const char *access, const char *refresh, int64_t expires_in)
{
    ejwt_token_set s;

    memset(&s, 0, sizeof(s));
    s.access = access;
    s.access_len = strlen(access);
    s.refresh = refresh;
    s.refresh_len = refresh != NULL ? strlen(refresh) : 0u;
    s.exp = EJWT_TIME_UNKNOWN;
    s.expires_in = expires_in;
    s.issuer = "https://auth.example";
    s.issuer_len = strlen(s.issuer);
    s.scope = "telemetry:write";
    s.scope_len = strlen(s.scope);
    return ejwt_token_store_save(&ts, &s, fake_clock_now());
}

static void expect_bearer(const char *token)
{
    char buf[128];
    char want[128];
    size_t n = 0;

    snprintf(want, sizeof(want), "Bearer %s", token);
    assert_int_equal(ejwt_token_store_bearer(&ts, buf, sizeof(buf), &n), EJWT_OK);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void expect_refresh(const char *token)
{
    char buf[128];
    size_t n = 0;

    assert_int_equal(ejwt_token_store_refresh_token(&ts, buf, sizeof(buf), &n), EJWT_OK);
    assert_string_equal(buf, token);
}

static void snapshot(uint64_t uid)
{
    assert_int_equal(psa_its_get(uid, 0, sizeof(snap), snap, &snap_len), PSA_SUCCESS);
}

static void restore(uint64_t uid)
{
    assert_int_equal(psa_its_set(uid, (uint32_t)snap_len, snap, 0), PSA_SUCCESS);
}

static void test_empty_store(void **state)
{
    char buf[32];
    size_t n = 0;
    ejwt_token_meta meta;

    (void)state;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_bearer(&ts, buf, sizeof(buf), &n), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_ERR_NO_TOKEN);
}

/* The expiry is anchored at the caller's "now", never at a clock the store
 * reads itself: a device whose wall clock is unknown but which learned the
 * time (the session's Date header) gets a wall-clock expiry that survives a
 * reboot, and a caller that says "unknown" gets an uptime deadline even
 * when the platform clock is known. */
static void test_save_uses_callers_time(void **state)
{
    ejwt_token_set s;
    ejwt_token_meta meta;

    (void)state;
    memset(&s, 0, sizeof(s));
    s.access = "acc-learned";
    s.access_len = strlen(s.access);
    s.exp = EJWT_TIME_UNKNOWN;
    s.expires_in = 600;
    fc.wall_known = 0;
    assert_int_equal(ejwt_token_store_save(&ts, &s, T0 + 5000), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_WALL);
    assert_true(meta.exp == T0 + 5000 + 600);
    reboot();
    assert_int_equal(ejwt_token_store_access_usable(&ts, T0 + 5000 + 600 - MARGIN - 1, MARGIN),
                     EJWT_OK);
    assert_int_equal(ejwt_token_store_access_usable(&ts, T0 + 5000 + 600 - MARGIN, MARGIN),
                     EJWT_ERR_EXPIRED);

    fc.wall_known = 1;
    assert_int_equal(ejwt_token_store_save(&ts, &s, EJWT_TIME_UNKNOWN), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_UPTIME);
}

static void test_save_load_wall_expiry(void **state)
{
    ejwt_token_meta meta;
    char small[8];
    size_t n = 0;

    (void)state;
    assert_int_equal(save("acc-1", "ref-1", 3600), EJWT_OK);
    expect_bearer("acc-1");
    expect_refresh("ref-1");
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_WALL);
    assert_true(meta.exp == T0 + 3600);
    assert_string_equal(meta.issuer, "https://auth.example");
    assert_string_equal(meta.scope, "telemetry:write");
    assert_int_equal(ejwt_token_store_bearer(&ts, small, sizeof(small), &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, strlen("Bearer acc-1") + 1u);

    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    fc.uptime_ms += (3600u - MARGIN - 1u) * 1000u;
    fc.wall += 3600 - MARGIN - 1;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    fc.uptime_ms += 1000u;
    fc.wall += 1;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_EXPIRED);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_OK);

    /* after a reboot the wall clock decides; unknown fails closed */
    reboot();
    fc.wall = T0 + 100;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    expect_bearer("acc-1");
    fc.wall_known = 0;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_TIME_UNKNOWN);
    fc.wall_known = 1;
    fc.wall = T0 + 3600;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_EXPIRED);
}

static void test_absolute_exp(void **state)
{
    ejwt_token_set s;
    ejwt_token_meta meta;

    (void)state;
    memset(&s, 0, sizeof(s));
    s.access = "jwt";
    s.access_len = 3;
    s.exp = T0 + 600;
    s.expires_in = -1;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_true(meta.exp == T0 + 600);
    assert_int_equal(meta.issuer[0], '\0');
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    /* the wall clock jumps ahead: the uptime anchor of this boot decides */
    fc.wall += 100000;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    /* argument checks */
    s.exp = EJWT_TIME_UNKNOWN;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_ERR_INVALID_ARG);
    s.expires_in = 10;
    s.access_len = EJWT_TOKEN_STORE_MAX_TOKEN + 1u;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_ERR_LIMIT);
    s.access_len = 0;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_ERR_INVALID_ARG);
}

static void test_uptime_expiry_and_reboot(void **state)
{
    ejwt_token_meta meta;

    (void)state;
    fc.wall_known = 0; /* no time sync yet */
    fc.uptime_ms = 5000u;
    assert_int_equal(save("acc-up", "ref-up", 300), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_UPTIME);
    assert_int_equal(meta.deadline_ms, 305000u);
    assert_int_equal(meta.this_boot, 1);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    fc.uptime_ms = 5000u + (300u - MARGIN) * 1000u - 1u;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    fc.uptime_ms += 1u;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_EXPIRED);
    fc.uptime_ms = 10000u;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN), EJWT_OK);
    /* a reboot: uptime restarts, the deadline belongs to the old boot */
    reboot();
    fc.uptime_ms = 6000u; /* would look "before the deadline" */
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_EXPIRED);
    fc.wall_known = 1; /* even a known clock cannot rescue it */
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_EXPIRED);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.this_boot, 0);
    /* the refresh token is still there to refresh with */
    expect_refresh("ref-up");
}

static void test_keep_and_remove_refresh(void **state)
{
    ejwt_token_set s;

    (void)state;
    assert_int_equal(save("a1", "r1", 3600), EJWT_OK);
    assert_int_equal(save("a2", NULL, 3600), EJWT_OK); /* backend did not rotate */
    expect_bearer("a2");
    expect_refresh("r1");
    reboot();
    expect_refresh("r1");
    memset(&s, 0, sizeof(s));
    s.access = "a3";
    s.access_len = 2;
    s.refresh = "";
    s.exp = EJWT_TIME_UNKNOWN;
    s.expires_in = 60;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_OK);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
}

static void test_tampered_entry(void **state)
{
    size_t i;

    (void)state;
    assert_int_equal(save("acc-t", "ref-t", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    for (i = 0; i < snap_len; i += 7u) {
        snap[i] ^= 0x20u;
        restore(EJWT_TOKEN_STORE_UID_ACCESS);
        assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                         EJWT_ERR_SEALED_INVALID);
        snap[i] ^= 0x20u;
    }
    snap_len -= 1u; /* truncated */
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(psa_its_set(EJWT_TOKEN_STORE_UID_ACCESS, 5, "junk!", 0), PSA_SUCCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    /* the refresh entry is unaffected, and the store stays usable */
    expect_refresh("ref-t");
    assert_int_equal(save("acc-t2", NULL, 3600), EJWT_OK);
    expect_bearer("acc-t2");
    expect_refresh("ref-t");
}

static void test_swapped_entry(void **state)
{
    (void)state;
    assert_int_equal(save("acc-s", "ref-s", 3600), EJWT_OK);
    /* the refresh entry copied over the access uid, and the other way */
    snapshot(EJWT_TOKEN_STORE_UID_REFRESH);
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(save("acc-s2", "ref-s2", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    restore(EJWT_TOKEN_STORE_UID_REFRESH);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_SEALED_INVALID);
    /* same kind, other uid: the counter entry as an access entry */
    snapshot(EJWT_TOKEN_STORE_UID_COUNTER);
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(save("acc-s3", "ref-s3", 3600), EJWT_OK);
    expect_bearer("acc-s3");
}

static void test_rollback(void **state)
{
    (void)state;
    assert_int_equal(save("old-acc", "old-ref", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_REFRESH);
    assert_int_equal(save("mid-acc", "mid-ref", 3600), EJWT_OK);
    assert_int_equal(save("new-acc", "new-ref", 3600), EJWT_OK);
    restore(EJWT_TOKEN_STORE_UID_REFRESH); /* two versions back */
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_SEALED_INVALID);
    reboot();
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_SEALED_INVALID);
    expect_bearer("new-acc");
    /* one version back, after the counter moved on */
    assert_int_equal(save("n2", "r2", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(save("n3", "r3", 3600), EJWT_OK);
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
}

static void test_crash_windows(void **state)
{
    static uint8_t counter_v1[EJWT_TOKEN_STORE_SEALED_MAX];
    static uint8_t access_v1[EJWT_TOKEN_STORE_SEALED_MAX];
    size_t counter_len, access_len;

    (void)state;
    assert_int_equal(save("a1", "r1", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_COUNTER);
    memcpy(counter_v1, snap, snap_len);
    counter_len = snap_len;
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    memcpy(access_v1, snap, snap_len);
    access_len = snap_len;
    assert_int_equal(save("a2", "r2", 3600), EJWT_OK);

    /* cut after both entries, before the counter: both new load */
    memcpy(snap, counter_v1, counter_len);
    snap_len = counter_len;
    restore(EJWT_TOKEN_STORE_UID_COUNTER);
    reboot();
    expect_bearer("a2");
    expect_refresh("r2");
    /* init committed forward: the v1 access entry is now refused */
    memcpy(snap, access_v1, access_len);
    snap_len = access_len;
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(save("a3", "r3", 3600), EJWT_OK);

    /* cut between the access and refresh writes: new access, old refresh */
    snapshot(EJWT_TOKEN_STORE_UID_COUNTER);
    memcpy(counter_v1, snap, snap_len);
    counter_len = snap_len;
    snapshot(EJWT_TOKEN_STORE_UID_REFRESH);
    assert_int_equal(save("a4", "r4", 3600), EJWT_OK);
    restore(EJWT_TOKEN_STORE_UID_REFRESH);
    memcpy(snap, counter_v1, counter_len);
    snap_len = counter_len;
    restore(EJWT_TOKEN_STORE_UID_COUNTER);
    reboot();
    expect_bearer("a4");
    expect_refresh("r3");
    assert_int_equal(save("a5", "r5", 3600), EJWT_OK);
    expect_bearer("a5");
    expect_refresh("r5");
}

static void test_damaged_counter(void **state)
{
    (void)state;
    assert_int_equal(save("a1", "r1", 3600), EJWT_OK);
    assert_int_equal(psa_its_set(EJWT_TOKEN_STORE_UID_COUNTER, 4, "bad!", 0), PSA_SUCCESS);
    reboot(); /* fails closed: tokens dropped, store usable */
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_NO_TOKEN);
    assert_int_equal(save("a2", "r2", 3600), EJWT_OK);
    expect_bearer("a2");
}

static void test_clear_and_deprovision(void **state)
{
    (void)state;
    assert_int_equal(save("acc-c", "ref-c", 3600), EJWT_OK);
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_clear(&ts), EJWT_OK);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    /* a copy taken before the logout is stale */
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    reboot();
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(save("acc-d", "ref-d", 3600), EJWT_OK);
    expect_bearer("acc-d");
    snapshot(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_deprovision(&ts), EJWT_OK);
    reboot(); /* a new sealing key: nothing old opens */
    restore(EJWT_TOKEN_STORE_UID_ACCESS);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), MARGIN),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(save("acc-e", NULL, 3600), EJWT_OK);
    expect_bearer("acc-e");
}

/* Save an access token with absolute expiry \p exp. */
static int save_exp(int64_t exp)
{
    ejwt_token_set s;

    memset(&s, 0, sizeof(s));
    s.access = "acc-x";
    s.access_len = 5;
    s.exp = exp;
    s.expires_in = -1;
    return ejwt_token_store_save(&ts, &s, fake_clock_now());
}

/* Expiry arithmetic at the ends of the int64 range, with a wall clock that
 * may be negative (a port's RTC is untrusted input) and the largest margin.
 * Under the host-asan preset any signed overflow aborts the test. */
static void test_time_extremes(void **state)
{
    ejwt_token_meta meta;

    (void)state;
    /* now + expires_in with a negative clock: INT64_MAX - now would overflow */
    fc.wall = -1;
    assert_int_equal(save("acc-neg", NULL, INT64_MAX), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_true(meta.exp == INT64_MAX - 1);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), UINT32_MAX), EJWT_OK);
    /* exp - now with exp at INT64_MAX and the clock near INT64_MIN */
    fc.wall = INT64_MIN + 1;
    assert_int_equal(save_exp(INT64_MAX), EJWT_OK);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_true(meta.exp == INT64_MAX);
    assert_int_equal(meta.deadline_ms, UINT64_MAX); /* the uptime deadline saturates */
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), UINT32_MAX), EJWT_OK);
    /* after a reboot the wall clock decides, at both ends */
    reboot();
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), UINT32_MAX), EJWT_OK);
    fc.wall = INT64_MAX - UINT32_MAX;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), UINT32_MAX),
                     EJWT_ERR_EXPIRED);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), UINT32_MAX - 1u),
                     EJWT_OK);
    fc.wall = INT64_MAX;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_EXPIRED);
    /* an expiry at INT64_MIN + 1, seen from INT64_MAX: long past, not wrapped */
    assert_int_equal(save_exp(INT64_MIN + 1), EJWT_OK);
    reboot();
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_EXPIRED);
    fc.wall = INT64_MIN + 1;
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_EXPIRED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_load_wall_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_uses_callers_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absolute_exp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uptime_expiry_and_reboot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_and_remove_refresh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tampered_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swapped_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash_windows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_and_deprovision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_extremes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
