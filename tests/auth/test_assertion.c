/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client assertion (RFC 7523), checked by verifying it the way the
 * backend does with the device key's public half; and the HTTP Date parser.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/auth/assertion.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define CLIENT "device-0001"
#define AUD "https://auth.example:8443/token"

static ejwt_key dev, pub;
static char tok[1024];
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

static ejwt_assertion_params params(int64_t now, uint32_t life)
{
    ejwt_assertion_params p;

    memset(&p, 0, sizeof(p));
    p.client_id = CLIENT;
    p.audience = AUD;
    p.now = now;
    p.lifetime_s = life;
    return p;
}

static int64_t claim_int(const ejwt_json *c, const char *name)
{
    int64_t v = 0;
    int idx = ejwt_json_find(c, 0, name);
    assert_true(idx > 0);
    assert_int_equal(ejwt_json_int64(c, idx, &v), EJWT_OK);
    return v;
}

static void test_claims_and_header(void **state)
{
    ejwt_assertion_params p = params(T0, 0);
    ejwt_jwt jwt;
    ejwt_json c, h;
    char buf[64];
    size_t n = 0;
    int idx;

    (void)state;
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_OK);
    assert_int_equal(n, strlen(tok));
    assert_int_equal(at_verify_assertion(&pub, tok, n, CLIENT, AUD, T0, work, sizeof(work), &jwt),
                     EJWT_OK);
    /* header: alg ES256, typ JWT, kid = the device key's thumbprint */
    h = ejwt_jws_header(&jwt.jws);
    assert_int_equal(h.count, 7);
    assert_int_equal(ejwt_json_string_equals(&h, ejwt_json_find(&h, 0, "alg"), "ES256", 5), 1);
    assert_int_equal(ejwt_json_string_equals(&h, ejwt_json_find(&h, 0, "typ"), "JWT", 3), 1);
    assert_int_equal(ejwt_jws_kid(&jwt.jws, buf, sizeof(buf), &n), EJWT_OK);
    assert_string_equal(buf, dev.kid);
    {
        char thumb[EJWT_THUMBPRINT_LEN + 1];
        assert_int_equal(ejwt_device_key_thumbprint(thumb), EJWT_OK);
        assert_string_equal(buf, thumb);
    }
    /* claims */
    c = ejwt_jwt_claims(&jwt);
    assert_true(claim_int(&c, "iat") == T0);
    assert_true(claim_int(&c, "exp") == T0 + (int64_t)EJWT_ASSERTION_DEFAULT_LIFETIME_S);
    idx = ejwt_json_find(&c, 0, "jti");
    assert_int_equal(ejwt_json_string_copy(&c, idx, buf, sizeof(buf), &n), EJWT_OK);
    assert_int_equal(n, EJWT_ASSERTION_JTI_LEN);
    assert_int_equal(ejwt_b64url_decode(buf, n, work, 16, &n), EJWT_OK);
    assert_int_equal(n, 16);
    assert_int_equal(c.count, 13); /* exactly iss, sub, aud, iat, exp, jti */
    /* the backend's view: expired after exp, wrong aud refused */
    assert_int_equal(at_verify_assertion(&pub, tok, strlen(tok), CLIENT, AUD,
                                         T0 + (int64_t)EJWT_ASSERTION_DEFAULT_LIFETIME_S, work,
                                         sizeof(work), &jwt),
                     EJWT_ERR_EXPIRED);
    assert_int_equal(at_verify_assertion(&pub, tok, strlen(tok), CLIENT, "https://other/token", T0,
                                         work, sizeof(work), &jwt),
                     EJWT_ERR_AUD_MISMATCH);
}

static void test_lifetime_capped(void **state)
{
    static const uint32_t asked[] = {1, 60, 299, 300, 301, 3600, UINT32_MAX};
    ejwt_jwt jwt;
    ejwt_json c;
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
        ejwt_assertion_params p = params(T0, asked[i]);
        int64_t want = asked[i] > 300u ? 300 : (int64_t)asked[i];
        assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_OK);
        assert_int_equal(
            at_verify_assertion(&pub, tok, n, CLIENT, AUD, T0, work, sizeof(work), &jwt), EJWT_OK);
        c = ejwt_jwt_claims(&jwt);
        assert_true(claim_int(&c, "exp") - claim_int(&c, "iat") == want);
        assert_true(claim_int(&c, "exp") - claim_int(&c, "iat") <= 300);
    }
}

static void test_jti_unique(void **state)
{
    enum {
        RUNS = 32
    };
    static char jtis[RUNS][EJWT_ASSERTION_JTI_LEN + 1];
    ejwt_assertion_params p = params(T0, 0);
    ejwt_jwt jwt;
    ejwt_json c;
    size_t i, j, n = 0;

    (void)state;
    for (i = 0; i < RUNS; i++) {
        assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_OK);
        assert_int_equal(
            at_verify_assertion(&pub, tok, n, CLIENT, AUD, T0, work, sizeof(work), &jwt), EJWT_OK);
        c = ejwt_jwt_claims(&jwt);
        assert_int_equal(
            ejwt_json_string_copy(&c, ejwt_json_find(&c, 0, "jti"), jtis[i], sizeof(jtis[i]), &n),
            EJWT_OK);
        for (j = 0; j < i; j++) {
            assert_string_not_equal(jtis[i], jtis[j]);
        }
    }
}

static void test_sizes(void **state)
{
    static char long_id[EJWT_ASSERTION_MAX_CLIENT_ID + 1];
    static char long_aud[EJWT_ASSERTION_MAX_AUDIENCE + 1];
    static char big[EJWT_ASSERTION_SIZE(EJWT_ASSERTION_MAX_CLIENT_ID, EJWT_ASSERTION_MAX_AUDIENCE)];
    ejwt_assertion_params p = params(INT64_MAX - 300, 300);
    size_t need = 0, n = 0;
    char small[16];

    (void)state;
    memset(long_id, 'i', sizeof(long_id) - 1u);
    memset(long_aud, 'a', sizeof(long_aud) - 1u);
    p.client_id = long_id;
    p.audience = long_aud;
    /* size query: nothing signed, need reported */
    assert_int_equal(ejwt_assertion_sign(&dev, &p, NULL, 0, &need), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(need <= sizeof(big));
    assert_int_equal(ejwt_assertion_sign(&dev, &p, big, need - 1u, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(ejwt_assertion_sign(&dev, &p, big, need, &n), EJWT_OK);
    assert_int_equal(n + 1u, need);
    /* a short buffer is left wiped */
    assert_int_equal(ejwt_assertion_sign(&dev, &p, small, sizeof(small), &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(small[0], '\0');
}

static void test_errors(void **state)
{
    ejwt_assertion_params p = params(EJWT_TIME_UNKNOWN, 0);
    static char too_long[EJWT_ASSERTION_MAX_AUDIENCE + 2];
    static const uint8_t secret[32] = {7};
    ejwt_key hmac, nokid;
    size_t n = 0;

    (void)state;
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_TIME_UNKNOWN);
    p = params(-1, 0);
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_INVALID_ARG);
    p = params(INT64_MAX - 10, 60);
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_INVALID_ARG);
    p = params(T0, 0);
    p.client_id = "";
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_INVALID_ARG);
    p.client_id = NULL;
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_INVALID_ARG);
    p = params(T0, 0);
    memset(too_long, 'a', sizeof(too_long) - 1u);
    p.audience = too_long;
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_INVALID_ARG);
    /* wrong keys */
    p = params(T0, 0);
    assert_int_equal(ejwt_key_import_hmac(secret, sizeof(secret), &hmac), EJWT_OK);
    assert_int_equal(ejwt_assertion_sign(&hmac, &p, tok, sizeof(tok), &n),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    (void)ejwt_key_destroy(&hmac);
    assert_int_equal(ejwt_assertion_sign(&pub, &p, tok, sizeof(tok), &n), EJWT_ERR_KEY_USAGE);
    /* no entropy: no assertion, buffer empty */
    fc.entropy_fails = 1;
    assert_int_equal(ejwt_assertion_sign(&dev, &p, tok, sizeof(tok), &n), EJWT_ERR_ENTROPY);
    assert_int_equal(tok[0], '\0');
    fc.entropy_fails = 0;
    /* a key without kid gets its thumbprint */
    nokid = dev;
    nokid.kid_len = 0;
    nokid.kid[0] = '\0';
    assert_int_equal(ejwt_assertion_sign(&nokid, &p, tok, sizeof(tok), &n), EJWT_OK);
    {
        ejwt_jwt jwt;
        char kid[64];
        assert_int_equal(
            at_verify_assertion(&pub, tok, n, CLIENT, AUD, T0, work, sizeof(work), &jwt), EJWT_OK);
        assert_int_equal(ejwt_jws_kid(&jwt.jws, kid, sizeof(kid), &n), EJWT_OK);
        assert_string_equal(kid, dev.kid);
    }
}

typedef struct date_case {
    const char *text;
    int err;
    int64_t want;
} date_case;

static const date_case date_cases[] = {
    {"Sun, 06 Nov 1994 08:49:37 GMT", EJWT_OK, INT64_C(784111777)},
    {"  Sun, 06 Nov 1994 08:49:37 GMT\t ", EJWT_OK, INT64_C(784111777)},
    {"Thu, 01 Jan 1970 00:00:00 GMT", EJWT_OK, 0},
    {"Fri, 15 Jan 2027 08:00:00 GMT", EJWT_OK, INT64_C(1800000000)},
    {"Thu, 29 Feb 2024 23:59:59 GMT", EJWT_OK, INT64_C(1709251199)},
    {"Wed, 31 Dec 2025 23:59:60 GMT", EJWT_OK, INT64_C(1767225599)}, /* leap second -> :59 */
    {"Sat, 01 Jan 2000 00:00:00 GMT", EJWT_OK, INT64_C(946684800)},
    {"Tue, 19 Jan 2038 03:14:08 GMT", EJWT_OK, INT64_C(2147483648)},   /* past 32 bits */
    {"Mon, 06 Nov 1994 08:49:37 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},  /* wrong day name */
    {"Sunday, 06-Nov-94 08:49:37 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0}, /* RFC 850 */
    {"Sun Nov  6 08:49:37 1994", EJWT_ERR_HTTP_DATE_INVALID, 0},       /* asctime */
    {"Sun, 06 Nov 1994 08:49:37 UTC", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 nov 1994 08:49:37 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 6 Nov 1994 08:49:37 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Fri, 29 Feb 2023 00:00:00 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0}, /* not a leap year */
    {"Wed, 31 Apr 2024 00:00:00 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Thu, 00 Jan 1970 00:00:00 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 Nov 1994 24:00:00 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 Nov 1994 08:60:00 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 Nov 1994 08:49:61 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Wed, 31 Dec 1969 23:59:59 GMT", EJWT_ERR_HTTP_DATE_INVALID, 0}, /* before the epoch */
    {"Sun, 06 Nov 1994 08:49:3a GMT", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 Nov 1994 08:49:37 GMTX", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"Sun, 06 Nov 1994 08:49:37", EJWT_ERR_HTTP_DATE_INVALID, 0},
    {"", EJWT_ERR_HTTP_DATE_INVALID, 0},
};

static void test_http_date(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++) {
        int64_t t = -42;
        int err = ejwt_http_date_parse(date_cases[i].text, strlen(date_cases[i].text), &t);
        if (err != date_cases[i].err) {
            print_error("case %zu \"%s\": %s\n", i, date_cases[i].text, ejwt_error_name(err));
        }
        assert_int_equal(err, date_cases[i].err);
        assert_true(t == (err == EJWT_OK ? date_cases[i].want : -42));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_claims_and_header),
        cmocka_unit_test(test_lifetime_capped),
        cmocka_unit_test(test_jti_unique),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_http_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
