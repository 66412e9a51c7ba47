/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The exhaustive power-cut test of the flash key-value store (littlefs's
 * "power cycles" idea). A fixed sequence of updates (several uids, values of
 * varying sizes, replaces, removes, a write-once entry, enough to collect
 * garbage many times) is first run to count its flash operations N. Then, for
 * every k in 1..N and for each cut mode (the interrupted operation does
 * nothing / leaves half-programmed bytes), the sequence runs on a fresh flash
 * with power failing during operation k; after the "reboot" every uid must
 * read as its last completed value or, for the update in flight, the new one:
 * complete and byte-exact, never anything else. The rest of the sequence then
 * runs on the remounted store and the final state is checked again.
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
#define UIDS 6u
#define STEPS 60u
#define MAX_LEN 1000u
#define WRITE_ONCE_UID 6u
#define ABSENT (-1)

typedef enum {
    OP_SET,
    OP_SET_ONCE,
    OP_REMOVE
} op_kind;

typedef struct step {
    op_kind op;
    uint64_t uid;
    uint16_t len;
} step;

/* What the store must hold for one uid: the step that wrote it, or ABSENT. */
typedef struct model {
    int version[UIDS + 1u];
    uint16_t len[UIDS + 1u];
    int write_once[UIDS + 1u];
} model;

static uint8_t mem[FLASH_SIZE];
static ejwt_flash_emu emu;
static ejwt_kv kv;
static step seq[STEPS];
static uint8_t buf[EJWT_KV_MAX_VALUE];
static uint8_t val[EJWT_KV_MAX_VALUE];

static void fill(uint8_t *p, size_t len, uint64_t uid, int version)
{
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(uid * 31u + (unsigned)version * 7u + i * 13u + (i >> 8));
    }
}

/* A fixed pseudo-random sequence: mostly replaces of varying sizes (token
 * sized and larger), some removes, one write-once entry and attempts to
 * change it. */
static void build_sequence(void)
{
    uint32_t r = 12345u;
    for (uint32_t i = 0; i < STEPS; i++) {
        r = r * 1103515245u + 12345u;
        seq[i].uid = 1u + (r >> 16) % (UIDS - 1u);
        seq[i].len = (uint16_t)((r >> 8) % MAX_LEN);
        seq[i].op = (r >> 4) % 8u == 0u ? OP_REMOVE : OP_SET;
    }
    seq[3].op = OP_SET_ONCE;
    seq[3].uid = WRITE_ONCE_UID;
    seq[3].len = 40;
    seq[40].op = OP_SET;
    seq[40].uid = WRITE_ONCE_UID;
    seq[50].op = OP_REMOVE;
    seq[50].uid = WRITE_ONCE_UID;
}

static void model_init(model *m)
{
    for (uint32_t u = 0; u <= UIDS; u++) {
        m->version[u] = ABSENT;
        m->len[u] = 0;
        m->write_once[u] = 0;
    }
}

/* The result the store must give for step i on model m. */
static int expected_result(const model *m, uint32_t i)
{
    const step *s = &seq[i];
    if (m->write_once[s->uid]) {
        return EJWT_ERR_STORAGE_WRITE_ONCE;
    }
    if (s->op == OP_REMOVE && m->version[s->uid] == ABSENT) {
        return EJWT_ERR_STORAGE_NOT_FOUND;
    }
    return EJWT_OK;
}

static void model_apply(model *m, uint32_t i)
{
    const step *s = &seq[i];
    if (expected_result(m, i) != EJWT_OK) {
        return;
    }
    m->version[s->uid] = s->op == OP_REMOVE ? ABSENT : (int)i;
    m->len[s->uid] = s->op == OP_REMOVE ? 0 : s->len;
    m->write_once[s->uid] = s->op == OP_SET_ONCE;
}

static int run_step(uint32_t i)
{
    const step *s = &seq[i];
    if (s->op == OP_REMOVE) {
        return ejwt_kv_remove(&kv, s->uid);
    }
    fill(val, s->len, s->uid, (int)i);
    return ejwt_kv_set(&kv, s->uid, val, s->len,
                       s->op == OP_SET_ONCE ? EJWT_KV_FLAG_WRITE_ONCE : 0u);
}

/* Does uid read exactly as (version, len)? */
static int holds(uint64_t uid, int version, uint16_t len)
{
    size_t got = 0;
    int ret = ejwt_kv_get(&kv, uid, 0, buf, sizeof buf, &got);
    if (version == ABSENT) {
        return ret == EJWT_ERR_STORAGE_NOT_FOUND;
    }
    fill(val, len, uid, version);
    return ret == EJWT_OK && got == len && memcmp(buf, val, len) == 0;
}

static void check_model(const model *m)
{
    for (uint64_t u = 1; u <= UIDS; u++) {
        if (!holds(u, m->version[u], m->len[u])) {
            fail_msg("uid %u does not hold version %d", (unsigned)u, m->version[u]);
        }
    }
}

/* Run steps from `first` on, all expected to complete. */
static void run_rest(model *m, uint32_t first)
{
    for (uint32_t i = first; i < STEPS; i++) {
        assert_int_equal(run_step(i), expected_result(m, i));
        model_apply(m, i);
    }
}

/* One power cycle: cut during operation k (0 = never). Returns the flash
 * operations the uninterrupted run took. */
static uint32_t power_cycle(uint32_t k, ejwt_flash_emu_cut mode, uint32_t prog, uint8_t erased)
{
    model m;
    model_init(&m);
    assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, prog, erased),
                     EJWT_OK);
    emu.cut_at = k;
    emu.cut_mode = mode;
    emu.rng = 0x9e3779b9u ^ k;
    uint32_t next = 0;
    int ret = ejwt_kv_mount(&kv, &emu.flash);
    if (ret == EJWT_OK) {
        for (; next < STEPS; next++) {
            ret = run_step(next);
            if (ret == EJWT_ERR_STORAGE_IO && !emu.powered) {
                break;
            }
            assert_int_equal(ret, expected_result(&m, next));
            model_apply(&m, next);
        }
    } else {
        assert_int_equal(ret, EJWT_ERR_STORAGE_IO);
    }
    if (k == 0u) {
        assert_int_equal(next, STEPS);
        check_model(&m);
        return emu.ops;
    }
    assert_false(emu.powered); /* the cut happened inside the sequence */
    ejwt_flash_emu_reboot(&emu);
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    if (next < STEPS) {
        /* The update in flight may have landed or not, but whole. */
        model after = m;
        model_apply(&after, next);
        uint64_t u = seq[next].uid;
        int old_ok = holds(u, m.version[u], m.len[u]);
        int new_ok = holds(u, after.version[u], after.len[u]);
        if (!old_ok && !new_ok) {
            fail_msg("cut %u: uid %u is neither old nor new", (unsigned)k, (unsigned)u);
        }
        if (new_ok) {
            m = after;
        }
        next++;
    }
    check_model(&m);
    /* Life goes on after the reboot. */
    run_rest(&m, next);
    check_model(&m);
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    check_model(&m);
    assert_int_equal(emu.violations, 0);
    return emu.ops;
}

/* Clean cuts (the interrupted operation does nothing) are a subset of what
 * a half-done operation may leave, so they run on one geometry only; half
 * cuts run on every one. */
static void cut_everywhere(uint32_t prog, uint8_t erased, int clean_too, const char *name)
{
    uint32_t n = power_cycle(0, EJWT_FLASH_EMU_CUT_CLEAN, prog, erased);
    uint32_t gcs = emu.erases;
    for (uint32_t k = 1; k <= n; k++) {
        if (clean_too) {
            power_cycle(k, EJWT_FLASH_EMU_CUT_CLEAN, prog, erased);
        }
        power_cycle(k, EJWT_FLASH_EMU_CUT_HALF, prog, erased);
    }
    print_message("power cuts (%s): %u steps, %u flash operations (%u erases), %u cut points "
                  "x %u modes = %u power cycles, all consistent\n",
                  name, (unsigned)STEPS, (unsigned)n, (unsigned)gcs, (unsigned)n,
                  clean_too ? 2u : 1u, (unsigned)((clean_too ? 2u : 1u) * n));
}

static void test_power_cut_prog4_ff(void **state)
{
    (void)state;
    cut_everywhere(4, 0xFF, 1, "prog 4, erased 0xFF");
}

static void test_power_cut_prog1_ff(void **state)
{
    (void)state;
    cut_everywhere(1, 0xFF, 0, "prog 1, erased 0xFF");
}

static void test_power_cut_prog8_00(void **state)
{
    (void)state;
    cut_everywhere(8, 0x00, 0, "prog 8, erased 0x00");
}

static void test_power_cut_prog16_ff(void **state)
{
    (void)state;
    cut_everywhere(16, 0xFF, 0, "prog 16, erased 0xFF");
}

static void test_overhead(void **state)
{
    (void)state;
    static const uint32_t units[] = {1, 4, 8, 16};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, units[u], 0xFF),
                         EJWT_OK);
        size_t tok = ejwt_kv_record_size(&emu.flash, 512);
        size_t hdr = ejwt_kv_record_size(&emu.flash, 0);
        print_message("overhead (prog %u): record header + commit %u bytes; a 512-byte token "
                      "takes %u bytes = %.3f flash bytes per value byte\n",
                      (unsigned)units[u], (unsigned)hdr, (unsigned)tok, (double)tok / 512.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overhead),
        cmocka_unit_test(test_power_cut_prog4_ff),
        cmocka_unit_test(test_power_cut_prog1_ff),
        cmocka_unit_test(test_power_cut_prog8_00),
        cmocka_unit_test(test_power_cut_prog16_ff),
    };
    build_sequence();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
