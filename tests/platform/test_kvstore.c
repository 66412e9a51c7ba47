/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the flash key-value store (kvstore.h) on the emulated flash:
 * every API path and error, write-once, sizes, full storage, corruption,
 * read failures, wear levelling and every supported geometry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ejwt/flash_emu.h"
#include "ejwt/platform/kvstore.h"

#define SECTORS 4u
#define SECTOR_SIZE 4096u
#define FLASH_SIZE (SECTORS * SECTOR_SIZE)
#define WEAR_UPDATES 10000u
#define MANY_UIDS 40u
#define TOKEN_LEN 512u

static uint8_t mem[FLASH_SIZE];
static ejwt_flash_emu emu;
static ejwt_kv kv;
static uint8_t buf[EJWT_KV_MAX_VALUE];
static uint8_t want[EJWT_KV_MAX_VALUE];

/* Deterministic, version-dependent content, so a stale or mixed value never
 * matches by accident. */
static void fill(uint8_t *p, size_t len, uint64_t uid, uint32_t version)
{
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(uid * 31u + version * 7u + i * 13u + (i >> 8));
    }
}

static void fresh(uint32_t prog_size, uint8_t erased)
{
    assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, prog_size, erased),
                     EJWT_OK);
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
}

static void put(uint64_t uid, uint32_t version, size_t len)
{
    fill(want, len, uid, version);
    assert_int_equal(ejwt_kv_set(&kv, uid, want, len, 0), EJWT_OK);
}

static void expect(uint64_t uid, uint32_t version, size_t len)
{
    size_t got = 0;
    fill(want, len, uid, version);
    assert_int_equal(ejwt_kv_get(&kv, uid, 0, buf, sizeof buf, &got), EJWT_OK);
    assert_int_equal(got, len);
    assert_memory_equal(buf, want, len);
}

static void expect_absent(uint64_t uid)
{
    size_t got = 0;
    assert_int_equal(ejwt_kv_get(&kv, uid, 0, buf, sizeof buf, &got), EJWT_ERR_STORAGE_NOT_FOUND);
}

static void remount(void)
{
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
}

static void test_set_get_replace_remove(void **state)
{
    (void)state;
    fresh(4, 0xFF);
    expect_absent(1);
    put(1, 1, 100);
    put(2, 1, 7);
    expect(1, 1, 100);
    put(1, 2, 300);
    expect(1, 2, 300);
    remount();
    expect(1, 2, 300);
    expect(2, 1, 7);
    assert_int_equal(ejwt_kv_remove(&kv, 1), EJWT_OK);
    expect_absent(1);
    assert_int_equal(ejwt_kv_remove(&kv, 1), EJWT_ERR_STORAGE_NOT_FOUND);
    remount();
    expect_absent(1);
    expect(2, 1, 7);
    put(1, 3, 5);
    expect(1, 3, 5);
    assert_int_equal(emu.violations, 0);
}

static void test_get_info_and_partial_reads(void **state)
{
    (void)state;
    size_t size = 0;
    uint32_t flags = 99;
    size_t got = 0;
    fresh(4, 0xFF);
    put(0x123456789abcdef0u, 1, 200);
    assert_int_equal(ejwt_kv_get_info(&kv, 0x123456789abcdef0u, &size, &flags), EJWT_OK);
    assert_int_equal(size, 200);
    assert_int_equal(flags, 0);
    assert_int_equal(ejwt_kv_get_info(&kv, 5, &size, &flags), EJWT_ERR_STORAGE_NOT_FOUND);
    /* Too small: nothing copied, the size needed reported. */
    assert_int_equal(ejwt_kv_get(&kv, 0x123456789abcdef0u, 0, buf, 199, &got),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(got, 200);
    /* From an offset. */
    assert_int_equal(ejwt_kv_get(&kv, 0x123456789abcdef0u, 150, buf, 50, &got), EJWT_OK);
    assert_int_equal(got, 50);
    assert_memory_equal(buf, want + 150, 50);
    assert_int_equal(ejwt_kv_get(&kv, 0x123456789abcdef0u, 200, buf, 0, &got), EJWT_OK);
    assert_int_equal(got, 0);
    assert_int_equal(ejwt_kv_get(&kv, 0x123456789abcdef0u, 201, buf, sizeof buf, &got),
                     EJWT_ERR_INVALID_ARG);
    /* PSA-style partial read: a short buffer is not an error. */
    assert_int_equal(ejwt_kv_read(&kv, 0x123456789abcdef0u, 10, buf, 20, &got), EJWT_OK);
    assert_int_equal(got, 20);
    assert_memory_equal(buf, want + 10, 20);
    assert_int_equal(ejwt_kv_read(&kv, 0x123456789abcdef0u, 190, buf, 20, &got), EJWT_OK);
    assert_int_equal(got, 10);
    assert_int_equal(ejwt_kv_read(&kv, 7, 0, buf, 20, &got), EJWT_ERR_STORAGE_NOT_FOUND);
}

static void test_write_once(void **state)
{
    (void)state;
    uint32_t flags = 0;
    fresh(4, 0xFF);
    fill(want, 64, 9, 1);
    assert_int_equal(ejwt_kv_set(&kv, 9, want, 64, EJWT_KV_FLAG_WRITE_ONCE), EJWT_OK);
    assert_int_equal(ejwt_kv_set(&kv, 9, want, 10, 0), EJWT_ERR_STORAGE_WRITE_ONCE);
    assert_int_equal(ejwt_kv_set(&kv, 9, want, 10, EJWT_KV_FLAG_WRITE_ONCE),
                     EJWT_ERR_STORAGE_WRITE_ONCE);
    assert_int_equal(ejwt_kv_remove(&kv, 9), EJWT_ERR_STORAGE_WRITE_ONCE);
    assert_int_equal(ejwt_kv_get_info(&kv, 9, NULL, &flags), EJWT_OK);
    assert_int_equal(flags, EJWT_KV_FLAG_WRITE_ONCE);
    /* It survives remounts and garbage collection. */
    for (uint32_t v = 0; v < 200; v++) {
        put(10, v, 300);
    }
    remount();
    expect(9, 1, 64);
    assert_int_equal(ejwt_kv_remove(&kv, 9), EJWT_ERR_STORAGE_WRITE_ONCE);
    assert_true(emu.erases > 0);
}

static void test_sizes_and_limits(void **state)
{
    (void)state;
    size_t got = 1;
    fresh(4, 0xFF);
    assert_int_equal(ejwt_kv_set(&kv, 1, NULL, 0, 0), EJWT_OK);
    assert_int_equal(ejwt_kv_get(&kv, 1, 0, NULL, 0, &got), EJWT_OK);
    assert_int_equal(got, 0);
    put(2, 1, EJWT_KV_MAX_VALUE);
    expect(2, 1, EJWT_KV_MAX_VALUE);
    put(2, 2, EJWT_KV_MAX_VALUE);
    put(2, 3, EJWT_KV_MAX_VALUE);
    remount();
    expect(2, 3, EJWT_KV_MAX_VALUE);
    expect(1, 0, 0);
    assert_int_equal(ejwt_kv_set(&kv, 3, want, EJWT_KV_MAX_VALUE + 1u, 0), EJWT_ERR_LIMIT);
    assert_int_equal(ejwt_kv_set(&kv, 3, want, 1, 0x02), EJWT_ERR_UNSUPPORTED);
    expect_absent(3);
}

static void test_invalid_arguments(void **state)
{
    (void)state;
    size_t got = 0;
    ejwt_flash bad;
    fresh(4, 0xFF);
    assert_int_equal(ejwt_kv_set(&kv, 0, want, 1, 0), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_kv_get(&kv, 0, 0, buf, sizeof buf, &got), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_kv_get_info(&kv, 0, NULL, NULL), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_kv_remove(&kv, 0), EJWT_ERR_INVALID_ARG);
    /* Geometries the store refuses. */
    bad = emu.flash;
    bad.prog_size = 3;
    assert_int_equal(ejwt_kv_mount(&kv, &bad), EJWT_ERR_INVALID_ARG);
    bad = emu.flash;
    bad.size = bad.sector_size; /* one sector: no room to collect */
    assert_int_equal(ejwt_kv_mount(&kv, &bad), EJWT_ERR_INVALID_ARG);
    bad = emu.flash;
    bad.sector_size = 1024; /* cannot hold a maximal record */
    assert_int_equal(ejwt_kv_mount(&kv, &bad), EJWT_ERR_INVALID_ARG);
    bad = emu.flash;
    bad.erase = NULL;
    assert_int_equal(ejwt_kv_mount(&kv, &bad), EJWT_ERR_INVALID_ARG);
}

static void test_many_entries(void **state)
{
    (void)state;
    fresh(4, 0xFF);
    for (uint32_t round = 0; round < 4; round++) {
        for (uint64_t uid = 1; uid <= MANY_UIDS; uid++) {
            put(uid, round, (size_t)(uid * 3u));
        }
    }
    for (uint64_t uid = 1; uid <= MANY_UIDS; uid += 2) {
        assert_int_equal(ejwt_kv_remove(&kv, uid), EJWT_OK);
    }
    remount();
    for (uint64_t uid = 1; uid <= MANY_UIDS; uid++) {
        if (uid % 2u == 1u) {
            expect_absent(uid);
        } else {
            expect(uid, 3, (size_t)(uid * 3u));
        }
    }
    assert_int_equal(emu.violations, 0);
}

static void test_wear_levelling(void **state)
{
    (void)state;
    uint32_t min = 0;
    uint32_t max = 0;
    fresh(4, 0xFF);
    for (uint32_t i = 0; i < WEAR_UPDATES; i++) {
        put(1u + i % 3u, i, 200);
    }
    remount();
    expect(1u + (WEAR_UPDATES - 1u) % 3u, WEAR_UPDATES - 1u, 200);
    ejwt_flash_emu_wear(&emu, &min, &max);
    print_message("wear: %u updates of 200 bytes over %u x %u B sectors: erases per sector "
                  "min %u max %u (total %u)\n",
                  (unsigned)WEAR_UPDATES, (unsigned)SECTORS, (unsigned)SECTOR_SIZE, (unsigned)min,
                  (unsigned)max, (unsigned)emu.erases);
    assert_true(min > 0);
    assert_true(max - min <= 1u);
}

static void test_full_storage(void **state)
{
    (void)state;
    uint64_t n = 0;
    int ret = EJWT_OK;
    fresh(4, 0xFF);
    while (ret == EJWT_OK) {
        n++;
        fill(want, TOKEN_LEN, n, 1);
        ret = ejwt_kv_set(&kv, n, want, TOKEN_LEN, 0);
    }
    assert_int_equal(ret, EJWT_ERR_STORAGE_FULL);
    n--; /* the last one was refused */
    print_message("full: %u records of %u bytes fit %u bytes of flash: %.2f flash bytes per "
                  "value byte when full; one record takes %u bytes (%u bytes of overhead)\n",
                  (unsigned)n, TOKEN_LEN, FLASH_SIZE, (double)FLASH_SIZE / (double)(n * TOKEN_LEN),
                  (unsigned)ejwt_kv_record_size(&emu.flash, TOKEN_LEN),
                  (unsigned)(ejwt_kv_record_size(&emu.flash, TOKEN_LEN) - TOKEN_LEN));
    /* Nothing stored was lost, before or after a remount; replacing and
     * removing still work. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t uid = 1; uid <= n; uid++) {
            expect(uid, 1, TOKEN_LEN);
        }
        expect_absent(n + 1u);
        remount();
    }
    assert_int_equal(ejwt_kv_set(&kv, n + 1u, want, TOKEN_LEN, 0), EJWT_ERR_STORAGE_FULL);
    /* A full store may refuse even a replace (old and new must coexist until
     * the new one is committed); a removal makes room. */
    assert_int_equal(ejwt_kv_remove(&kv, 2), EJWT_OK);
    put(1, 2, TOKEN_LEN);
    expect(1, 2, TOKEN_LEN);
    expect_absent(2);
    assert_int_equal(ejwt_kv_remove(&kv, 3), EJWT_OK);
    put(n + 1u, 1, TOKEN_LEN);
    remount();
    expect(1, 2, TOKEN_LEN);
    expect(4, 1, TOKEN_LEN);
    expect(n + 1u, 1, TOKEN_LEN);
    assert_int_equal(emu.violations, 0);
}

/* The first offset of mem holding `len` bytes of the given version. */
static size_t locate_value(uint64_t uid, uint32_t version, size_t len)
{
    fill(want, len, uid, version);
    for (size_t i = 0; i + len <= FLASH_SIZE; i++) {
        if (memcmp(mem + i, want, len) == 0) {
            return i;
        }
    }
    fail_msg("value not found in flash");
    return 0;
}

static void test_corrupted_record_skipped(void **state)
{
    (void)state;
    fresh(4, 0xFF);
    put(1, 1, 64);
    put(1, 2, 64);
    put(2, 1, 64);
    /* Damage the newest value of uid 1 (a bit flip clears a bit on NOR). */
    mem[locate_value(1, 2, 64) + 10] ^= 0x01u;
    remount();
    expect(1, 1, 64); /* the damaged record is skipped, never returned */
    expect(2, 1, 64);
    /* A damaged record header ends that sector's scan but the store mounts. */
    put(3, 1, 64);
    mem[locate_value(3, 1, 64) - 16u + 5u] ^= 0x01u;
    remount();
    expect_absent(3);
    put(4, 1, 64); /* appends after the damage are safe (a fresh sector) */
    remount();
    expect(4, 1, 64);
    expect(2, 1, 64);
    assert_int_equal(emu.violations, 0);
}

static void test_corrupt_region(void **state)
{
    (void)state;
    fresh(4, 0xFF);
    put(1, 1, 64);
    /* Garbage everywhere: nothing consistent, mount says so and wipes
     * nothing; format recovers. */
    for (size_t i = 0; i < FLASH_SIZE; i++) {
        mem[i] = (uint8_t)(i * 7u + 3u);
    }
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_ERR_STORAGE_CORRUPT);
    assert_int_equal(mem[100], (uint8_t)(100u * 7u + 3u));
    assert_int_equal(ejwt_kv_format(&kv, &emu.flash), EJWT_OK);
    expect_absent(1);
    put(1, 2, 64);
    expect(1, 2, 64);
}

static void test_read_failure(void **state)
{
    (void)state;
    size_t got = 0;
    size_t size = 0;
    fresh(4, 0xFF);
    put(1, 1, 64);
    emu.fail_read_at = emu.reads + 1u;
    assert_int_equal(ejwt_kv_get(&kv, 1, 0, buf, sizeof buf, &got), EJWT_ERR_STORAGE_IO);
    emu.fail_read_at = emu.reads + 1u;
    assert_int_equal(ejwt_kv_get_info(&kv, 1, &size, NULL), EJWT_ERR_STORAGE_IO);
    emu.fail_read_at = emu.reads + 1u;
    assert_int_equal(ejwt_kv_set(&kv, 1, want, 8, 0), EJWT_ERR_STORAGE_IO);
    emu.fail_read_at = emu.reads + 1u;
    assert_int_equal(ejwt_kv_remove(&kv, 1), EJWT_ERR_STORAGE_IO);
    emu.fail_read_at = emu.reads + 1u;
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_ERR_STORAGE_IO);
    remount();
    expect(1, 1, 64);
    /* A failure deep inside a value read is reported too. */
    emu.fail_read_at = emu.reads + 4u;
    assert_int_equal(ejwt_kv_get(&kv, 1, 0, buf, sizeof buf, &got), EJWT_ERR_STORAGE_IO);
    expect(1, 1, 64);
}

static void test_failed_write_rescans(void **state)
{
    (void)state;
    fresh(8, 0xFF);
    put(1, 1, 100);
    /* The flash fails mid-write; once it works again the store rescans by
     * itself, without a remount. */
    emu.cut_mode = EJWT_FLASH_EMU_CUT_HALF;
    emu.cut_at = emu.ops + 2u;
    fill(want, 100, 1, 2);
    assert_int_equal(ejwt_kv_set(&kv, 1, want, 100, 0), EJWT_ERR_STORAGE_IO);
    ejwt_flash_emu_reboot(&emu);
    expect(1, 1, 100);
    put(1, 3, 100);
    expect(1, 3, 100);
    remount();
    expect(1, 3, 100);
}

/* Every program unit and both erased values, across garbage collections. */
static void test_geometries(void **state)
{
    (void)state;
    static const uint32_t units[] = {1, 4, 8, 16, 32};
    static const uint8_t erased[] = {0xFF, 0x00};
    for (size_t e = 0; e < sizeof erased; e++) {
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
            fresh(units[u], erased[e]);
            for (uint32_t i = 0; i < 120; i++) {
                put(1u + i % 5u, i, 1u + (i * 37u) % 333u);
            }
            assert_int_equal(ejwt_kv_remove(&kv, 2), EJWT_OK);
            remount();
            expect_absent(2);
            for (uint32_t i = 115; i < 120; i++) {
                if (1u + i % 5u != 2u) {
                    expect(1u + i % 5u, i, 1u + (i * 37u) % 333u);
                }
            }
            assert_true(emu.erases > 0);
            assert_int_equal(emu.violations, 0);
        }
    }
}

static void test_emulator_contract(void **state)
{
    (void)state;
    uint8_t b[8] = {0};
    fresh(4, 0xFF);
    uint32_t base = 3u * SECTOR_SIZE;
    /* Misaligned program, a program across sectors, 0 -> 1 bits, bad erase. */
    assert_int_equal(emu.flash.program(emu.flash.ctx, base + 2u, b, 4), EJWT_ERR_INVALID_ARG);
    assert_int_equal(emu.flash.program(emu.flash.ctx, base - 4u, b, 8), EJWT_ERR_INVALID_ARG);
    assert_int_equal(emu.flash.program(emu.flash.ctx, base, b, 4), EJWT_OK);
    b[0] = 0xFF;
    assert_int_equal(emu.flash.program(emu.flash.ctx, base, b, 4), EJWT_ERR_INVALID_ARG);
    assert_int_equal(emu.flash.erase(emu.flash.ctx, base + 4u), EJWT_ERR_INVALID_ARG);
    assert_int_equal(emu.flash.read(emu.flash.ctx, FLASH_SIZE - 4u, b, 8), EJWT_ERR_INVALID_ARG);
    assert_int_equal(emu.violations, 5);
    assert_int_equal(emu.flash.erase(emu.flash.ctx, base), EJWT_OK);
    assert_int_equal(mem[base], 0xFF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_get_replace_remove),
        cmocka_unit_test(test_get_info_and_partial_reads),
        cmocka_unit_test(test_write_once),
        cmocka_unit_test(test_sizes_and_limits),
        cmocka_unit_test(test_invalid_arguments),
        cmocka_unit_test(test_many_entries),
        cmocka_unit_test(test_wear_levelling),
        cmocka_unit_test(test_full_storage),
        cmocka_unit_test(test_corrupted_record_skipped),
        cmocka_unit_test(test_corrupt_region),
        cmocka_unit_test(test_read_failure),
        cmocka_unit_test(test_failed_write_rescans),
        cmocka_unit_test(test_geometries),
        cmocka_unit_test(test_emulator_contract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
