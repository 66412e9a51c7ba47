/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The POSIX port: ITS on files (set/get/get_info/remove, write-once,
 * corruption, no storage directory), the clock and entropy hooks, and the
 * platform wrappers.
 */
#define _DEFAULT_SOURCE

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

#include <ejwt/jws.h>
#include <psa/internal_trusted_storage.h>

#include "platform_test_util.h"

#define UID 0x1234u

static int setup(void **state)
{
    (void)state;
    fake_clock_install(1800000000);
    return test_dir_create();
}

static int teardown(void **state)
{
    (void)state;
    test_dir_remove();
    return ejwt_posix_set_storage_dir(NULL);
}

static void test_set_get_info_remove(void **state)
{
    static const char v1[] = "first value";
    static const char v2[] = "second, longer value";
    struct psa_storage_info_t info;
    char buf[64];
    size_t n = 0;

    (void)state;
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(psa_its_get_info(UID, &info), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(psa_its_set(UID, sizeof(v1), v1, 0), PSA_SUCCESS);
    assert_int_equal(psa_its_get_info(UID, &info), PSA_SUCCESS);
    assert_int_equal(info.size, sizeof(v1));
    assert_int_equal(info.flags, 0);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
    assert_int_equal(n, sizeof(v1));
    assert_string_equal(buf, v1);
    assert_int_equal(psa_its_set(UID, sizeof(v2), v2, 0), PSA_SUCCESS);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
    assert_string_equal(buf, v2);
    /* offset and partial reads */
    assert_int_equal(psa_its_get(UID, 8, 6, buf, &n), PSA_SUCCESS);
    assert_int_equal(n, 6);
    assert_memory_equal(buf, v2 + 8, 6);
    assert_int_equal(psa_its_get(UID, sizeof(v2), 4, buf, &n), PSA_SUCCESS);
    assert_int_equal(n, 0);
    assert_int_equal(psa_its_get(UID, sizeof(v2) + 1u, 4, buf, &n), PSA_ERROR_INVALID_ARGUMENT);
    /* empty value */
    assert_int_equal(psa_its_set(UID + 1u, 0, NULL, 0), PSA_SUCCESS);
    assert_int_equal(psa_its_get_info(UID + 1u, &info), PSA_SUCCESS);
    assert_int_equal(info.size, 0);
    assert_int_equal(psa_its_remove(UID), PSA_SUCCESS);
    assert_int_equal(psa_its_remove(UID), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(psa_its_set(UID, 1, "x", 0x80u), PSA_ERROR_NOT_SUPPORTED);
}

static void test_write_once(void **state)
{
    struct psa_storage_info_t info;

    (void)state;
    assert_int_equal(psa_its_set(UID, 3, "abc", PSA_STORAGE_FLAG_WRITE_ONCE), PSA_SUCCESS);
    assert_int_equal(psa_its_get_info(UID, &info), PSA_SUCCESS);
    assert_int_equal(info.flags, PSA_STORAGE_FLAG_WRITE_ONCE);
    assert_int_equal(psa_its_set(UID, 3, "xyz", 0), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(psa_its_remove(UID), PSA_ERROR_NOT_PERMITTED);
}

/* Flip one byte of the uid's file at \p offset, or cut it to \p offset. */
static void damage(uint64_t uid, long offset, int truncate_it)
{
    char path[128];
    FILE *f;
    int c;

    snprintf(path, sizeof(path), "%s/%016llx.its", test_dir, (unsigned long long)uid);
    if (truncate_it) {
        assert_int_equal(truncate(path, offset), 0);
        return;
    }
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, offset, SEEK_SET), 0);
    c = fgetc(f);
    assert_int_equal(fseek(f, offset, SEEK_SET), 0);
    fputc(c ^ 0x01, f);
    fclose(f);
}

static void test_corrupt_files(void **state)
{
    static const char v[] = "a value that will be damaged";
    struct psa_storage_info_t info;
    char buf[64];
    size_t n = 99;
    long offsets[] = {0, 4, 8, 12, 16, 30};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
        assert_int_equal(psa_its_set(UID, sizeof(v), v, 0), PSA_SUCCESS);
        damage(UID, offsets[i], 0);
        assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DATA_CORRUPT);
        assert_int_equal(n, 0);
        assert_int_equal(psa_its_get_info(UID, &info), PSA_ERROR_DATA_CORRUPT);
    }
    assert_int_equal(psa_its_set(UID, sizeof(v), v, 0), PSA_SUCCESS);
    damage(UID, 20, 1); /* truncated */
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DATA_CORRUPT);
    damage(UID, 3, 1); /* shorter than the header */
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DATA_CORRUPT);
    /* a damaged entry can be replaced and removed */
    assert_int_equal(psa_its_set(UID, sizeof(v), v, 0), PSA_SUCCESS);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
    damage(UID, 18, 0);
    assert_int_equal(psa_its_remove(UID), PSA_SUCCESS);
}

static void test_no_storage_dir(void **state)
{
    char buf[8];
    size_t n = 0;
    char long_dir[EJWT_POSIX_STORAGE_DIR_MAX + 2];

    (void)state;
    assert_int_equal(ejwt_posix_set_storage_dir(NULL), EJWT_OK);
    assert_int_equal(unsetenv(EJWT_POSIX_STORAGE_ENV), 0);
    assert_null(ejwt_posix_storage_dir());
    assert_int_equal(psa_its_set(UID, 1, "x", 0), PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(psa_its_remove(UID), PSA_ERROR_DOES_NOT_EXIST);
    /* the environment variable */
    assert_int_equal(setenv(EJWT_POSIX_STORAGE_ENV, test_dir, 1), 0);
    assert_string_equal(ejwt_posix_storage_dir(), test_dir);
    assert_int_equal(psa_its_set(UID, 1, "e", 0), PSA_SUCCESS);
    assert_int_equal(unsetenv(EJWT_POSIX_STORAGE_ENV), 0);
    /* argument checks */
    assert_int_equal(ejwt_posix_set_storage_dir(""), EJWT_ERR_INVALID_ARG);
    memset(long_dir, 'a', sizeof(long_dir) - 1u);
    long_dir[sizeof(long_dir) - 1u] = '\0';
    assert_int_equal(ejwt_posix_set_storage_dir(long_dir), EJWT_ERR_LIMIT);
    assert_int_equal(ejwt_posix_set_storage_dir(test_dir), EJWT_OK);
    assert_int_equal(psa_its_get(UID, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
    assert_int_equal(buf[0], 'e');
}

static void test_posix_hooks(void **state)
{
    const ejwt_platform *p = ejwt_posix_platform();
    uint8_t a[32] = {0}, b[32] = {0}, zero[32] = {0};
    int64_t now = 0;
    uint64_t u1, u2;

    (void)state;
    assert_int_equal(ejwt_platform_set(p), EJWT_OK);
    assert_int_equal(ejwt_platform_get(), p);
    assert_int_equal(ejwt_platform_wall_time(&now), EJWT_OK);
    assert_true(now >= EJWT_POSIX_MIN_WALL_TIME);
    u1 = ejwt_platform_uptime_ms();
    usleep(20000);
    u2 = ejwt_platform_uptime_ms();
    assert_true(u2 >= u1 + 15u);
    assert_int_equal(ejwt_platform_entropy(a, sizeof(a)), EJWT_OK);
    assert_int_equal(ejwt_platform_entropy(b, sizeof(b)), EJWT_OK);
    assert_memory_not_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, zero, sizeof(a));
}

static void test_platform_wrappers(void **state)
{
    static const ejwt_platform no_uptime = {NULL, NULL, fake_entropy, &fc};
    static const ejwt_platform no_wall = {NULL, fake_uptime_ms, fake_entropy, &fc};
    uint8_t buf[16];
    uint8_t zero[16] = {0};
    int64_t now = 0;

    (void)state;
    assert_int_equal(ejwt_platform_set(NULL), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_platform_set(&no_uptime), EJWT_ERR_INVALID_ARG);
    fake_clock_install(1800000000);
    assert_int_equal(ejwt_platform_wall_time(&now), EJWT_OK);
    assert_int_equal(now, 1800000000);
    fc.wall_known = 0;
    assert_int_equal(ejwt_platform_wall_time(&now), EJWT_ERR_TIME_UNKNOWN);
    assert_true(now == EJWT_TIME_UNKNOWN);
    fc.uptime_ms = 123456u;
    assert_int_equal(ejwt_platform_uptime_ms(), 123456u);
    fc.entropy_fails = 1;
    assert_int_equal(ejwt_platform_entropy(buf, sizeof(buf)), EJWT_ERR_ENTROPY);
    assert_memory_equal(buf, zero, sizeof(buf)); /* wiped */
    assert_int_equal(ejwt_platform_set(&no_wall), EJWT_OK);
    assert_int_equal(ejwt_platform_wall_time(&now), EJWT_ERR_TIME_UNKNOWN);
    fake_clock_install(1800000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_set_get_info_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_storage_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_posix_hooks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_platform_wrappers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
