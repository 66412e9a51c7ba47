/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device-side services on flash, as an MCU runs them: PSA ITS goes to
 * the key-value store on the emulated flash (its_kv.c), so persistent PSA
 * keys and the sealed token store live in flash records. Reboots are a
 * remount plus a PSA restart; power cuts are the emulator's. This file
 * defines psa_its_* itself, so the posix port's file storage is not linked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <psa/crypto.h>

#include "ejwt/platform/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/flash_emu.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"
#include "ejwt/platform.h"
#include "ejwt/platform/token_store.h"
#include "fake_clock.h"

#define SECTOR_SIZE 4096u
#define FLASH_SIZE (4u * SECTOR_SIZE)
#define PROG_SIZE 8u
#define NOW 1800000000
#define BEARER_CAP 128u

#include "its_on_kv.h" /* the MCU port's whole ITS */

static uint8_t mem[FLASH_SIZE];
static ejwt_flash_emu emu;
static ejwt_kv kv;
static ejwt_token_store ts;

/* Power on (again): mount the flash, restart PSA, open the token store. */
static void boot(void)
{
    ejwt_flash_emu_reboot(&emu);
    mbedtls_psa_crypto_free();
    assert_int_equal(ejwt_kv_mount(&kv, &emu.flash), EJWT_OK);
    ejwt_its_kv_attach(&kv);
    assert_int_equal(psa_crypto_init(), PSA_SUCCESS);
    assert_int_equal(ejwt_token_store_init(&ts), EJWT_OK);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(NOW);
    assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, PROG_SIZE, 0xFF),
                     EJWT_OK);
    boot();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ejwt_its_kv_attach(NULL);
    mbedtls_psa_crypto_free();
    return 0;
}

static ejwt_token_set token_set(const char *access, const char *refresh)
{
    ejwt_token_set s;

    memset(&s, 0, sizeof(s));
    s.access = access;
    s.access_len = strlen(access);
    s.refresh = refresh;
    s.refresh_len = strlen(refresh);
    s.exp = EJWT_TIME_UNKNOWN;
    s.expires_in = 600;
    return s;
}

/* The Bearer value stored now, or "" when none. */
static void stored_bearer(char *out)
{
    size_t n = 0;

    if (ejwt_token_store_bearer(&ts, out, BEARER_CAP, &n) != EJWT_OK) {
        out[0] = '\0';
    }
}

static void test_device_key_persists_in_flash(void **state)
{
    ejwt_key key, again;
    char thumb[EJWT_THUMBPRINT_LEN + 1], thumb2[EJWT_THUMBPRINT_LEN + 1];
    uint8_t sig[64];
    size_t n = 0;
    int created = 0;

    (void)state;
    assert_int_equal(ejwt_device_key_provision(&key, &created), EJWT_OK);
    assert_int_equal(created, 1);
    assert_int_equal(ejwt_device_key_thumbprint(thumb), EJWT_OK);
    boot();
    assert_int_equal(ejwt_device_key_provision(&again, &created), EJWT_OK);
    assert_int_equal(created, 0); /* found by id in flash, not made anew */
    assert_int_equal(ejwt_device_key_thumbprint(thumb2), EJWT_OK);
    assert_string_equal(thumb, thumb2);
    assert_int_equal(ejwt_signature_sign(&again, (const uint8_t *)"m", 1, sig, sizeof(sig), &n),
                     EJWT_OK);
}

static void test_tokens_survive_reboot(void **state)
{
    ejwt_token_set s = token_set("access-1", "refresh-1");
    char bearer[BEARER_CAP];

    (void)state;
    assert_int_equal(ejwt_token_store_save(&ts, &s, fake_clock_now()), EJWT_OK);
    boot();
    stored_bearer(bearer);
    assert_string_equal(bearer, "Bearer access-1");
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_OK);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 60), EJWT_OK);
}

/* A power cut at every flash operation of a token save: after the reboot
 * the store holds the old tokens or the new ones, never neither, never a
 * mix that fails to open. */
static void test_power_cut_during_save(void **state)
{
    ejwt_token_set old_set = token_set("access-old", "refresh-old");
    ejwt_token_set new_set = token_set("access-new", "refresh-new");
    char bearer[BEARER_CAP];
    uint32_t k, olds = 0, news = 0;
    int done = 0;

    (void)state;
    for (k = 1; !done; k++) {
        assert_int_equal(ejwt_flash_emu_init(&emu, mem, FLASH_SIZE, SECTOR_SIZE, PROG_SIZE, 0xFF),
                         EJWT_OK);
        boot();
        assert_int_equal(ejwt_token_store_save(&ts, &old_set, fake_clock_now()), EJWT_OK);
        emu.cut_mode = (k % 2u) ? EJWT_FLASH_EMU_CUT_HALF : EJWT_FLASH_EMU_CUT_CLEAN;
        emu.rng = k;
        emu.cut_at = emu.ops + k;
        done = ejwt_token_store_save(&ts, &new_set, fake_clock_now()) == EJWT_OK && emu.powered;
        boot();
        stored_bearer(bearer);
        if (strcmp(bearer, "Bearer access-new") == 0) {
            news++;
        } else {
            assert_string_equal(bearer, "Bearer access-old");
            olds++;
        }
        assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_OK);
        assert_true(k < 1000u);
    }
    print_message("power cuts during a token save: %u cut points, %u kept old tokens, "
                  "%u got the new ones\n",
                  (unsigned)(k - 1u), (unsigned)olds, (unsigned)news);
    assert_true(olds > 0u && news > 0u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_device_key_persists_in_flash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens_survive_reboot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_power_cut_during_save, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
