/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA ITS semantics of the board-independent adapter (its_kv.c) on the
 * emulated flash: what Mbed TLS's persistent keys and the token store rely
 * on when an MCU port puts psa_its_* on flash.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "ejwt/flash_emu.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"

#define SECTOR_SIZE 4096u
#define FLASH_SIZE (4u * SECTOR_SIZE)
#define PROG_SIZE 4u

static uint8_t mem[FLASH_SIZE];
static ejwt_flash_emu emu;
static ejwt_kv kv;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, PROG_SIZE, 0xFF),
                     EJWT_OK);
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    ejwt_its_kv_attach(&kv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ejwt_its_kv_attach(NULL);
    return 0;
}

static void test_set_get_info_remove(void **state)
{
    static const uint8_t value[] = "sealed token bytes";
    struct psa_storage_info_t info;
    uint8_t buf[64];
    size_t n = 0;

    (void)state;
    assert_int_equal(ejwt_its_kv_set(7, sizeof(value), value, PSA_STORAGE_FLAG_NONE), PSA_SUCCESS);
    assert_int_equal(ejwt_its_kv_get_info(7, &info), PSA_SUCCESS);
    assert_int_equal(info.size, sizeof(value));
    assert_int_equal(info.flags, PSA_STORAGE_FLAG_NONE);
    assert_int_equal(ejwt_its_kv_get(7, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
    assert_int_equal(n, sizeof(value));
    assert_memory_equal(buf, value, sizeof(value));
    /* partial read from an offset, and an offset at the very end */
    assert_int_equal(ejwt_its_kv_get(7, 7, 5, buf, &n), PSA_SUCCESS);
    assert_int_equal(n, 5);
    assert_memory_equal(buf, value + 7, 5);
    assert_int_equal(ejwt_its_kv_get(7, sizeof(value), 4, buf, &n), PSA_SUCCESS);
    assert_int_equal(n, 0);
    assert_int_equal(ejwt_its_kv_get(7, sizeof(value) + 1u, 4, buf, &n),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(ejwt_its_kv_remove(7), PSA_SUCCESS);
    assert_int_equal(ejwt_its_kv_get_info(7, &info), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(ejwt_its_kv_get(7, 0, sizeof(buf), buf, &n), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(ejwt_its_kv_remove(7), PSA_ERROR_DOES_NOT_EXIST);
}

static void test_write_once_and_flags(void **state)
{
    static const uint8_t v1[] = {1, 2, 3};
    struct psa_storage_info_t info;

    (void)state;
    assert_int_equal(ejwt_its_kv_set(9, sizeof(v1), v1, PSA_STORAGE_FLAG_WRITE_ONCE), PSA_SUCCESS);
    assert_int_equal(ejwt_its_kv_get_info(9, &info), PSA_SUCCESS);
    assert_int_equal(info.flags, PSA_STORAGE_FLAG_WRITE_ONCE);
    assert_int_equal(ejwt_its_kv_set(9, sizeof(v1), v1, PSA_STORAGE_FLAG_NONE),
                     PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(ejwt_its_kv_remove(9), PSA_ERROR_NOT_PERMITTED);
    assert_int_equal(ejwt_its_kv_set(10, sizeof(v1), v1, 0x4u), PSA_ERROR_NOT_SUPPORTED);
    assert_int_equal(ejwt_its_kv_set(0, sizeof(v1), v1, PSA_STORAGE_FLAG_NONE),
                     PSA_ERROR_INVALID_ARGUMENT);
    assert_int_equal(ejwt_its_kv_set(11, EJWT_KV_MAX_VALUE + 1u, mem, PSA_STORAGE_FLAG_NONE),
                     PSA_ERROR_NOT_SUPPORTED);
}

static void test_survives_remount_and_full_storage(void **state)
{
    uint8_t big[1024], buf[1024];
    size_t n = 0;
    uint64_t uid;
    psa_status_t st = PSA_SUCCESS;

    (void)state;
    memset(big, 0xA5, sizeof(big));
    for (uid = 100; st == PSA_SUCCESS; uid++) {
        big[0] = (uint8_t)uid;
        st = ejwt_its_kv_set(uid, sizeof(big), big, PSA_STORAGE_FLAG_NONE);
    }
    assert_int_equal(st, PSA_ERROR_INSUFFICIENT_STORAGE);
    /* a reboot: remount from flash, every entry stored before "full" is intact */
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    for (uid = 100; uid < 100u + 5u; uid++) {
        assert_int_equal(ejwt_its_kv_get(uid, 0, sizeof(buf), buf, &n), PSA_SUCCESS);
        assert_int_equal(n, sizeof(buf));
        assert_int_equal(buf[0], (uint8_t)uid);
    }
}

static void test_detached_store(void **state)
{
    struct psa_storage_info_t info;
    uint8_t b = 0;
    size_t n = 0;

    (void)state;
    ejwt_its_kv_attach(NULL);
    assert_int_equal(ejwt_its_kv_set(5, 1, &b, PSA_STORAGE_FLAG_NONE), PSA_ERROR_STORAGE_FAILURE);
    assert_int_equal(ejwt_its_kv_get(5, 0, 1, &b, &n), PSA_ERROR_DOES_NOT_EXIST);
    assert_int_equal(ejwt_its_kv_get_info(5, &info), PSA_ERROR_DOES_NOT_EXIST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_set_get_info_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_once_and_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_survives_remount_and_full_storage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_detached_store, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
