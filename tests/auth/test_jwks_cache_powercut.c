/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Power cuts while the JWK Set cache saves a rotated set, on the emulated
 * flash as an MCU runs it (PSA ITS on the key-value store, like
 * platform.test_services_on_flash). At every flash operation of the save a
 * cut, clean or half-programmed, then a reboot: the load must find the old
 * set (only the old key verifies) or the new one (only the new key does),
 * never both, never neither, never a record that fails to open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <psa/crypto.h>

#include "ejwt/auth/jwks_cache.h"
#include "ejwt/ejwt.h"
#include "ejwt/flash_emu.h"
#include "ejwt/platform.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"
#include "fake_clock.h"
#include "jwks_test_keys.h"

#define SECTOR_SIZE 4096u
#define FLASH_SIZE (4u * SECTOR_SIZE)
#define PROG_SIZE 8u
#define NOW 1800000000
#define SOURCE "https://issuer.example/jwks"
#define MAX_CUTS 2000u

#include "its_on_kv.h" /* the MCU port's whole ITS */

static uint8_t mem[FLASH_SIZE];
static ejwt_flash_emu emu;
static ejwt_kv kv;
static ejwt_jwks_cache cache;
static jt_key old_key, new_key;
static char old_set[JT_SET_MAX], new_set[JT_SET_MAX];
static size_t old_len, new_len;
static char old_tok[JT_TOKEN_MAX], new_tok[JT_TOKEN_MAX];
static size_t old_tok_len, new_tok_len;
static uint8_t work[EJWT_JWKS_CACHE_WORK_SIZE];

/* Power on (again): mount the flash, restart PSA, remake the issuer's
 * signing keys (volatile), start an empty cache. */
static void boot(void)
{
    ejwt_flash_emu_reboot(&emu);
    memset(&cache, 0, sizeof(cache));
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    ejwt_its_kv_attach(&kv);
    assert_int_equal(psa_crypto_init(), PSA_SUCCESS);
    assert_int_equal(jt_key_make(&old_key, 0x11), 0);
    assert_int_equal(jt_key_make(&new_key, 0x22), 0);
    assert_int_equal(ejwt_jwks_cache_init(&cache, NULL), EJWT_OK);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(NOW);
    assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, PROG_SIZE, 0xFF),
                     EJWT_OK);
    boot();
    old_len = jt_set(old_set, sizeof(old_set), &old_key, NULL);
    new_len = jt_set(new_set, sizeof(new_set), &new_key, NULL);
    old_tok_len = jt_token(&old_key, NOW + 600, old_tok, sizeof(old_tok));
    new_tok_len = jt_token(&new_key, NOW + 600, new_tok, sizeof(new_tok));
    assert_true(old_len > 0u && new_len > 0u && old_tok_len > 0u && new_tok_len > 0u);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ejwt_jwks_cache_free(&cache);
    ejwt_its_kv_attach(NULL);
    mbedtls_psa_crypto_free();
    return 0;
}

static int verifies(const char *token, size_t len)
{
    size_t n = 0;
    const ejwt_key *keys = ejwt_jwks_cache_keys(&cache, &n);

    return jt_verify(token, len, keys, n, NOW) == EJWT_OK;
}

static void test_power_cut_during_rotation(void **state)
{
    uint32_t k, olds = 0, news = 0;
    int done = 0;

    (void)state;
    for (k = 1; !done; k++) {
        assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, PROG_SIZE, 0xFF),
                         EJWT_OK);
        boot();
        assert_int_equal(
            ejwt_jwks_cache_store(&cache, SOURCE, old_set, old_len, NOW, work, sizeof(work)),
            EJWT_OK);
        emu.cut_mode = (k % 2u) ? EJWT_FLASH_EMU_CUT_HALF : EJWT_FLASH_EMU_CUT_CLEAN;
        emu.rng = k;
        emu.cut_at = emu.ops + k;
        done = ejwt_jwks_cache_store(&cache, NULL, new_set, new_len, NOW, work, sizeof(work)) ==
                   EJWT_OK &&
               emu.powered;
        boot();
        assert_int_equal(ejwt_jwks_cache_load(&cache, work, sizeof(work)), EJWT_OK);
        assert_string_equal(ejwt_jwks_cache_source(&cache), SOURCE);
        if (verifies(new_tok, new_tok_len)) {
            assert_false(verifies(old_tok, old_tok_len));
            news++;
        } else {
            assert_true(verifies(old_tok, old_tok_len));
            olds++;
        }
        assert_true(k < MAX_CUTS);
    }
    print_message("power cuts during a JWK Set rotation: %u cut points, %u kept the old set, "
                  "%u got the new one\n",
                  (unsigned)(k - 1u), (unsigned)olds, (unsigned)news);
    assert_true(olds > 0u && news > 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_power_cut_during_rotation, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
