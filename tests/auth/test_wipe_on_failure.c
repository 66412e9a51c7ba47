/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device-authentication layer's promises about buffers on failure, each
 * checked over the whole buffer: it is filled with a pattern (the previous
 * request, token or credential), every failing input runs, and the buffer
 * must be all zero afterwards. The review found ejwt_command_verify()
 * returning before the wipe when the time is unknown.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/auth/assertion.h>
#include <ejwt/auth/command.h>
#include <ejwt/ejwt.h>
#include <ejwt/auth/oauth.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "ejwt_test_util.h"
#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define CLIENT "device-0001"
#define AUD "https://auth.example:8443/token"
#define PATTERN 0xA5

static ejwt_key dev, pub;
static char out[2048];
static uint8_t work[1024];

static int setup(void **state)
{
    (void)state;
    return at_world_setup(T0, &dev, &pub);
}

static int teardown(void **state)
{
    (void)state;
    at_world_teardown(&pub);
    return 0;
}

static ejwt_assertion_params params(void)
{
    ejwt_assertion_params p;

    memset(&p, 0, sizeof(p));
    p.client_id = CLIENT;
    p.audience = AUD;
    p.now = T0;
    return p;
}

static void fill(void *p, size_t n)
{
    memset(p, PATTERN, n);
}

/* Each failing assertion input, through the assertion and both token
 * request bodies (which sign it straight into the body). */
static void test_assertion_and_bodies(void **state)
{
    static const uint8_t hmac_secret[32] = {1, 2, 3};
    ejwt_key hmac;
    ejwt_assertion_params p;
    size_t n = 0, cap, k;
    int rc[3], want;

    (void)state;
    assert_int_equal(ejwt_key_import_hmac(hmac_secret, sizeof(hmac_secret), &hmac), EJWT_OK);
    for (k = 0; k < 6; k++) {
        const ejwt_key *key = &dev;
        p = params();
        cap = sizeof(out);
        switch (k) {
        case 0:
            p.now = EJWT_TIME_UNKNOWN;
            want = EJWT_ERR_TIME_UNKNOWN;
            break;
        case 1:
            p.client_id = "";
            want = EJWT_ERR_INVALID_ARG;
            break;
        case 2:
            p.now = INT64_MAX - 1;
            want = EJWT_ERR_INVALID_ARG;
            break;
        case 3:
            key = &hmac;
            want = EJWT_ERR_ALG_KEY_MISMATCH;
            break;
        case 4:
            cap = 64; /* too small for any of them */
            want = EJWT_ERR_BUFFER_TOO_SMALL;
            break;
        default:
            fc.entropy_fails = 1;
            want = EJWT_ERR_ENTROPY;
            break;
        }
        fill(out, sizeof(out));
        rc[0] = ejwt_assertion_sign(key, &p, out, cap, &n);
        assert_true(tu_all_zero(out, cap));
        fill(out, sizeof(out));
        rc[1] = ejwt_oauth_client_credentials_body(key, &p, out, cap, &n);
        assert_true(tu_all_zero(out, cap));
        fill(out, sizeof(out));
        rc[2] = ejwt_oauth_refresh_body(key, &p, "rt-1", 4, out, cap, &n);
        assert_true(tu_all_zero(out, cap));
        fc.entropy_fails = 0;
        assert_int_equal(rc[0], want);
        assert_int_equal(rc[1], want);
        assert_int_equal(rc[2], want);
    }
    (void)ejwt_key_destroy(&hmac);
    /* the control: a body that fits is written */
    p = params();
    fill(out, sizeof(out));
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, out, sizeof(out), &n), EJWT_OK);
    assert_true(tu_contains(out, n, "client_assertion=", 17));
}

static void test_form(void **state)
{
    ejwt_form f;
    size_t n = 0;

    (void)state;
    fill(out, sizeof(out));
    ejwt_form_init(&f, out, 16);
    ejwt_form_add(&f, "grant_type", "client_credentials", 18);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(out, 16));
    fill(out, sizeof(out));
    ejwt_form_init(&f, out, sizeof(out));
    ejwt_form_add(&f, "", "x", 1);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_INVALID_ARG);
    assert_true(tu_all_zero(out, sizeof(out)));
    fill(out, sizeof(out));
    assert_int_equal(ejwt_form_encode("a b&c=d", 7, out, 8, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(out, 8));
}

static void test_token_response(void **state)
{
    static const char ok[] =
        "{\"access_token\":\"at-123\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    ejwt_token_response r;

    (void)state;
    fill(work, sizeof(work));
    assert_int_equal(ejwt_oauth_parse_token_response(200, ok, strlen(ok), (char *)work, 4, &r),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(work, 4));
    assert_true(r.access_token == NULL && r.refresh_token == NULL && r.expires_in == -1);
}

static void test_command_verify(void **state)
{
    char jwks[256];
    char token[512];
    ejwt_command_config c;
    ejwt_command_verifier v;
    ejwt_command cmd;
    ejwt_builder b;
    size_t n = 0;
    int64_t now;

    (void)state;
    assert_int_equal(ejwt_jwk_export_public(&dev, jwks + 9, sizeof(jwks) - 11, &n), EJWT_OK);
    memcpy(jwks, "{\"keys\":[", 9);
    memcpy(jwks + 9 + n, "]}", 3);
    memset(&c, 0, sizeof(c));
    c.client_id = CLIENT;
    c.issuer = "backend";
    assert_int_equal(ejwt_command_verifier_init(&v, &c, jwks, strlen(jwks)), EJWT_OK);
    ejwt_builder_init(&b, token, sizeof(token), &dev, "command+jwt");
    ejwt_builder_add_string(&b, "iss", "backend");
    ejwt_builder_add_string(&b, "aud", CLIENT);
    ejwt_builder_add_int(&b, "iat", T0);
    ejwt_builder_add_int(&b, "exp", T0 + 30);
    ejwt_builder_add_string(&b, "jti", "j-1");
    ejwt_builder_add_string(&b, "cmd", "reboot");
    assert_int_equal(ejwt_builder_finish(&b, &n), EJWT_OK);
    /* unknown time (the finding), expired, not yet issued, bad token */
    for (now = 0; now < 4; now++) {
        static const int want[] = {EJWT_ERR_TIME_UNKNOWN, EJWT_ERR_EXPIRED, EJWT_ERR_NOT_YET_VALID,
                                   EJWT_ERR_SEGMENTS};
        static const int64_t at[] = {EJWT_TIME_UNKNOWN, T0 + 30, T0 - 1, T0};
        fill(work, sizeof(work));
        memset(&cmd, PATTERN, sizeof(cmd));
        assert_int_equal(
            ejwt_command_verify(&v, token, now == 3 ? 0u : n, at[now], work, sizeof(work), &cmd),
            want[now]);
        assert_true(tu_all_zero(work, sizeof(work)));
        assert_true(tu_all_zero(&cmd, sizeof(cmd)));
    }
    /* the control: the same command verifies and its claims stay */
    fill(work, sizeof(work));
    assert_int_equal(ejwt_command_verify(&v, token, n, T0, work, sizeof(work), &cmd), EJWT_OK);
    assert_false(tu_all_zero(work, sizeof(work)));
    ejwt_command_verifier_free(&v);
}

static void test_entropy(void **state)
{
    uint8_t buf[32];

    (void)state;
    fc.entropy_fails = 1; /* the hook leaves garbage behind */
    fill(buf, sizeof(buf));
    assert_int_equal(ejwt_platform_entropy(buf, sizeof(buf)), EJWT_ERR_ENTROPY);
    assert_true(tu_all_zero(buf, sizeof(buf)));
    fc.entropy_fails = 0;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_assertion_and_bodies), T(test_form),    T(test_token_response),
        T(test_command_verify),       T(test_entropy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
