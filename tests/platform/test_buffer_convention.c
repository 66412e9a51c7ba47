/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The buffer convention (ejwt.h) for every output of the platform services'
 * public API (tests/support/buffer_convention.h runs the cases: success
 * length, exact fit, too-small report with the documented buffer state,
 * size 0 and the NULL size query), then what other failures leave.
 *
 *   text:   ejwt_device_key_public_jwk, ejwt_token_store_bearer,
 *           ejwt_token_store_refresh_token
 *   binary: ejwt_kv_get (the value's tail from an offset)
 * ejwt_kv_read is a PSA partial read, not a triple (kvstore.h).
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>
#include <ejwt/flash_emu.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/platform/kvstore.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>

#include "buffer_convention.h"
#include "ejwt_test_util.h"
#include "platform_test_util.h"

#define ACCESS "eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl"
#define REFRESH "rt-1/2+3=4 five"

static ejwt_token_store ts;

static int setup(void **state)
{
    (void)state;
    fake_clock_install(1800000000);
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    return ejwt_token_store_init(&ts) == EJWT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_token_store_deprovision(&ts);
    (void)ejwt_device_key_destroy();
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

/* (name, fn, len, after_small, expect): the functions read the store's state. */
#define TEXT_SPEC(name, fn, len, after, expect)                                                    \
    bc_spec_of(name, fn, NULL, BC_TEXT, len, after, expect)

/* ---- the device key ------------------------------------------------------- */

static int call_public_jwk(void *ctx, void *buf, size_t size, size_t *len)
{
    (void)ctx;
    return ejwt_device_key_public_jwk(buf, size, len);
}

static void test_device_key_public_jwk(void **state)
{
    static char expect[EJWT_DEVICE_KEY_JWK_MAX];
    ejwt_key key;
    uint8_t point[65];
    char x[44], y[44];
    size_t n = 0;
    bc_spec s;
    (void)state;

    assert_int_equal(ejwt_device_key_provision(&key, NULL), EJWT_OK);
    /* The JWK, put together from the key's point (encoded by the test's own
     * encoder) and thumbprint (its kid). */
    assert_int_equal(ejwt_key_export_es256_public(&key, point, sizeof(point), &n), EJWT_OK);
    x[tu_b64url_encode(point + 1, 32, x, sizeof(x) - 1u)] = '\0';
    y[tu_b64url_encode(point + 33, 32, y, sizeof(y) - 1u)] = '\0';
    strcpy(expect, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"");
    strcat(expect, x);
    strcat(expect, "\",\"y\":\"");
    strcat(expect, y);
    strcat(expect, "\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"");
    strcat(expect, key.kid);
    strcat(expect, "\"}");
    assert_true(strlen(expect) < EJWT_DEVICE_KEY_JWK_MAX);

    s = TEXT_SPEC("ejwt_device_key_public_jwk", call_public_jwk, strlen(expect), BC_AFTER_EMPTY,
                  expect);
    bc_check(&s);
}

/* No device key: length 0 and "". */
static void test_device_key_public_jwk_no_key(void **state)
{
    char out[EJWT_DEVICE_KEY_JWK_MAX];
    size_t n = 99;
    (void)state;

    memset(out, 'Q', sizeof(out));
    assert_int_equal(ejwt_device_key_public_jwk(out, sizeof(out), &n), EJWT_ERR_KEY_NOT_FOUND);
    assert_int_equal(n, 0);
    assert_int_equal(out[0], '\0');
}

/* ---- the token store ------------------------------------------------------ */

static int call_bearer(void *ctx, void *buf, size_t size, size_t *len)
{
    (void)ctx;
    return ejwt_token_store_bearer(&ts, buf, size, len);
}

static int call_refresh(void *ctx, void *buf, size_t size, size_t *len)
{
    (void)ctx;
    return ejwt_token_store_refresh_token(&ts, buf, size, len);
}

/* Nothing stored: length 0 and "" (not the caller's old contents). */
static void test_token_store_empty(void **state)
{
    char out[64];
    size_t n;
    (void)state;

    memset(out, 'Q', sizeof(out));
    n = 99;
    assert_int_equal(ejwt_token_store_bearer(&ts, out, sizeof(out), &n), EJWT_ERR_NO_TOKEN);
    assert_int_equal(n, 0);
    assert_int_equal(out[0], '\0');
    memset(out, 'Q', sizeof(out));
    n = 99;
    assert_int_equal(ejwt_token_store_refresh_token(&ts, out, sizeof(out), &n), EJWT_ERR_NO_TOKEN);
    assert_int_equal(n, 0);
    assert_int_equal(out[0], '\0');
}

static void test_token_store(void **state)
{
    ejwt_token_set set;
    bc_spec s;
    (void)state;

    memset(&set, 0, sizeof(set));
    set.access = ACCESS;
    set.access_len = strlen(ACCESS);
    set.refresh = REFRESH;
    set.refresh_len = strlen(REFRESH);
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = 3600;
    assert_int_equal(ejwt_token_store_save(&ts, &set, fake_clock_now()), EJWT_OK);

    /* Credentials: a too-small buffer is wiped, not just emptied. */
    s = TEXT_SPEC("ejwt_token_store_bearer", call_bearer, 7u + strlen(ACCESS), BC_AFTER_WIPED,
                  "Bearer " ACCESS);
    bc_check(&s);
    s = TEXT_SPEC("ejwt_token_store_refresh_token", call_refresh, strlen(REFRESH), BC_AFTER_WIPED,
                  REFRESH);
    bc_check(&s);
}

/* ---- the key-value store -------------------------------------------------- */

#define KV_SECTORS 4u
#define KV_SECTOR_SIZE 4096u
#define KV_UID 7u
#define KV_LEN 100u

static uint8_t kv_mem[KV_SECTORS * KV_SECTOR_SIZE];

typedef struct kv_ctx {
    ejwt_kv kv;
    size_t offset;
} kv_ctx;

static int call_kv_get(void *ctx, void *buf, size_t size, size_t *len)
{
    kv_ctx *c = ctx;
    return ejwt_kv_get(&c->kv, KV_UID, c->offset, buf, size, len);
}

static void test_kv_get(void **state)
{
    static ejwt_flash_emu emu;
    static kv_ctx c;
    uint8_t value[KV_LEN];
    size_t i, n;
    bc_spec s;
    (void)state;

    for (i = 0; i < KV_LEN; i++) {
        value[i] = (uint8_t)(i * 7u + 1u);
    }
    assert_int_equal(ejwt_flash_emu_init(&emu, kv_mem, sizeof(kv_mem), KV_SECTOR_SIZE, 4, 0xFF),
                     EJWT_OK);
    assert_int_equal(ejwt_kv_mount(&c.kv, &emu.flash), EJWT_OK);
    assert_int_equal(ejwt_kv_set(&c.kv, KV_UID, value, KV_LEN, 0), EJWT_OK);

    memset(&s, 0, sizeof(s));
    s.name = "ejwt_kv_get";
    s.fn = call_kv_get;
    s.ctx = &c;
    s.kind = BC_BINARY;
    s.elem = 1;
    s.after_small = BC_AFTER_UNTOUCHED;
    s.size_query = 1;
    /* From the start, from the middle (the tail's size is what fits), and
     * from the end (nothing: size 0 is the exact fit). */
    for (c.offset = 0; c.offset <= KV_LEN; c.offset += KV_LEN / 2u) {
        s.len = KV_LEN - c.offset;
        s.expect = value + c.offset;
        bc_check(&s);
    }

    /* No such entry: length 0. */
    n = 99;
    assert_int_equal(ejwt_kv_get(&c.kv, KV_UID + 1u, 0, value, sizeof(value), &n),
                     EJWT_ERR_STORAGE_NOT_FOUND);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_device_key_public_jwk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_key_public_jwk_no_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_store_empty, setup, teardown),
        cmocka_unit_test(test_kv_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
