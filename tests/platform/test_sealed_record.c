/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sealed records on the posix port's ITS: a record opens only under its
 * uid and kind, unaltered and under the device's sealing key; buffers too
 * small are reported, work buffers wiped, and the token store's entries and
 * a record do not disturb each other.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>
#include <ejwt/platform/sealed_record.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define UID_A (EJWT_SEALED_RECORD_UID_BASE + 1u)
#define UID_B (EJWT_SEALED_RECORD_UID_BASE + 2u)
#define KIND_CONFIG 7u
#define KIND_OTHER 8u
#define WORK_CAP (EJWT_SEALED_RECORD_MAX + EJWT_SEALED_RECORD_OVERHEAD)

static const uint8_t record[] =
    "{\"client_id\":\"dev-1\",\"registration_access_token\":\"rat-secret\"}";
static uint8_t work[WORK_CAP];
static uint8_t out[EJWT_SEALED_RECORD_MAX];
static uint8_t raw[WORK_CAP];

static int setup(void **state)
{
    (void)state;
    fake_clock_install(T0);
    return test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_sealed_record_remove(UID_A);
    (void)ejwt_sealed_record_remove(UID_B);
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

static void save_a(void)
{
    assert_int_equal(
        ejwt_sealed_record_save(UID_A, KIND_CONFIG, record, sizeof(record), work, sizeof(work)),
        EJWT_OK);
}

static int load(uint64_t uid, uint32_t kind, size_t *n)
{
    return ejwt_sealed_record_load(uid, kind, out, sizeof(out), n, work, sizeof(work));
}

static void test_round_trip_and_reboot(void **state)
{
    size_t n = 0;

    (void)state;
    save_a();
    assert_true(all_zero(work, sizeof(work)));
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_OK);
    assert_int_equal(n, sizeof(record));
    assert_memory_equal(out, record, sizeof(record));
    assert_true(all_zero(work, sizeof(work)));
    /* The key and the record are persistent. */
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    memset(out, 0, sizeof(out));
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_OK);
    assert_memory_equal(out, record, sizeof(record));
}

static void test_stored_bytes_are_sealed(void **state)
{
    size_t n = 0;
    size_t i;

    (void)state;
    save_a();
    assert_int_equal(psa_its_get(UID_A, 0, sizeof(raw), raw, &n), PSA_SUCCESS);
    assert_int_equal(n, sizeof(record) + EJWT_SEALED_RECORD_OVERHEAD);
    /* No 10-byte window of the plaintext's secret appears in the entry. */
    for (i = 0; i + 10u <= n; i++) {
        assert_false(memcmp(raw + i, "rat-secret", 10) == 0);
    }
}

static void test_absent(void **state)
{
    size_t n = 99;

    (void)state;
    assert_int_equal(load(UID_B, KIND_CONFIG, &n), EJWT_ERR_STORAGE_NOT_FOUND);
    assert_int_equal(n, 0);
    assert_int_equal(ejwt_sealed_record_remove(UID_B), EJWT_OK);
}

static void test_other_kind_refused(void **state)
{
    size_t n = 0;

    (void)state;
    save_a();
    assert_int_equal(load(UID_A, KIND_OTHER, &n), EJWT_ERR_SEALED_INVALID);
    assert_int_equal(n, 0);
    assert_true(all_zero(out, sizeof(out)));
}

static void test_moved_record_refused(void **state)
{
    size_t n = 0;

    (void)state;
    save_a();
    assert_int_equal(psa_its_get(UID_A, 0, sizeof(raw), raw, &n), PSA_SUCCESS);
    assert_int_equal(psa_its_set(UID_B, (uint32_t)n, raw, 0), PSA_SUCCESS);
    assert_int_equal(load(UID_B, KIND_CONFIG, &n), EJWT_ERR_SEALED_INVALID);
}

static void test_every_byte_authenticated(void **state)
{
    size_t stored = 0;
    size_t n = 0;
    size_t i;

    (void)state;
    save_a();
    assert_int_equal(psa_its_get(UID_A, 0, sizeof(raw), raw, &stored), PSA_SUCCESS);
    for (i = 0; i < stored; i++) {
        raw[i] ^= 0x01u;
        assert_int_equal(psa_its_set(UID_A, (uint32_t)stored, raw, 0), PSA_SUCCESS);
        assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_ERR_SEALED_INVALID);
        raw[i] ^= 0x01u;
    }
    /* Truncated by one byte. */
    assert_int_equal(psa_its_set(UID_A, (uint32_t)(stored - 1u), raw, 0), PSA_SUCCESS);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_ERR_SEALED_INVALID);
    /* Restored, it opens again. */
    assert_int_equal(psa_its_set(UID_A, (uint32_t)stored, raw, 0), PSA_SUCCESS);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_OK);
}

static void test_buffers_too_small(void **state)
{
    size_t n = 0;
    uint8_t small_out[sizeof(record) - 1u];
    uint8_t small_work[sizeof(record) + EJWT_SEALED_RECORD_OVERHEAD - 1u];

    (void)state;
    assert_int_equal(ejwt_sealed_record_save(UID_A, KIND_CONFIG, record, sizeof(record), small_work,
                                             sizeof(small_work)),
                     EJWT_ERR_LIMIT);
    assert_int_equal(ejwt_sealed_record_save(UID_A, KIND_CONFIG, out, EJWT_SEALED_RECORD_MAX + 1u,
                                             raw, sizeof(raw)),
                     EJWT_ERR_LIMIT);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_ERR_STORAGE_NOT_FOUND);
    save_a();
    assert_int_equal(ejwt_sealed_record_load(UID_A, KIND_CONFIG, small_out, sizeof(small_out), &n,
                                             work, sizeof(work)),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    /* A work buffer too short for the entry reads it truncated: not ours. */
    assert_int_equal(ejwt_sealed_record_load(UID_A, KIND_CONFIG, out, sizeof(out), &n, small_work,
                                             sizeof(small_work)),
                     EJWT_ERR_SEALED_INVALID);
    assert_int_equal(ejwt_sealed_record_load(UID_A, KIND_CONFIG, NULL, 0, &n, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_sealed_record_save(UID_A, KIND_CONFIG, NULL, 1, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
}

static void test_replace_and_remove(void **state)
{
    static const uint8_t second[] = "second";
    size_t n = 0;

    (void)state;
    save_a();
    assert_int_equal(
        ejwt_sealed_record_save(UID_A, KIND_CONFIG, second, sizeof(second), work, sizeof(work)),
        EJWT_OK);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_OK);
    assert_int_equal(n, sizeof(second));
    assert_memory_equal(out, second, sizeof(second));
    assert_int_equal(ejwt_sealed_record_remove(UID_A), EJWT_OK);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_ERR_STORAGE_NOT_FOUND);
}

/* The token store and the records share the sealing key, not their
 * entries: a token-store entry copied under a record's uid does not open,
 * and deprovisioning the store (which destroys the key) makes every record
 * unreadable. */
static void test_token_store_and_records(void **state)
{
    static ejwt_token_store ts;
    ejwt_token_set s;
    size_t n = 0;

    (void)state;
    save_a();
    assert_int_equal(ejwt_token_store_init(&ts), EJWT_OK);
    memset(&s, 0, sizeof(s));
    s.access = "acc";
    s.access_len = 3;
    s.exp = EJWT_TIME_UNKNOWN;
    s.expires_in = 600;
    assert_int_equal(ejwt_token_store_save(&ts, &s, T0), EJWT_OK);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_OK);
    assert_int_equal(psa_its_get(EJWT_TOKEN_STORE_UID_ACCESS, 0, sizeof(raw), raw, &n),
                     PSA_SUCCESS);
    assert_int_equal(psa_its_set(UID_B, (uint32_t)n, raw, 0), PSA_SUCCESS);
    assert_int_equal(load(UID_B, KIND_CONFIG, &n), EJWT_ERR_SEALED_INVALID);
    assert_int_equal(ejwt_token_store_deprovision(&ts), EJWT_OK);
    assert_int_equal(load(UID_A, KIND_CONFIG, &n), EJWT_ERR_SEALED_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_and_reboot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stored_bytes_are_sealed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_kind_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moved_record_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_byte_authenticated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_buffers_too_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_and_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_store_and_records, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
