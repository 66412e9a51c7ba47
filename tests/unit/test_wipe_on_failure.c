/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The promise of jwt.h and jws.h: on any failure the work buffer is wiped
 * and the output zeroed, so a caller that reuses one buffer never finds an
 * earlier token's decoded header or claims in it. The buffer is filled with
 * a pattern (as if the previous token's claims were still there), every
 * failing input runs through each function that promises the wipe, and the
 * buffer must then be all zero. The review found the empty token and the
 * token over EJWT_MAX_TOKEN_LEN returning before the wipe.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ejwt/ejwt.h"
#include "ejwt_test_util.h"

#define NOW INT64_C(1800000000)
#define AUD "https://api.example.test"
#define WORK_CAP 512u
#define PATTERN 0xA5

static const uint8_t secret[32] = {0x42, 0x13, 0x99, 0x07, 0x5e, 0xc1, 0x2a, 0x70, 0x88, 0x31, 0xfe,
                                   0x16, 0x4d, 0xb2, 0x63, 0x0c, 0x9a, 0x25, 0xe7, 0x58, 0x11, 0xcd,
                                   0x3f, 0x84, 0x6b, 0x02, 0xd9, 0x47, 0xa6, 0x1e, 0x75, 0xbb};

static ejwt_key key;
static uint8_t work[WORK_CAP];
static char long_token[EJWT_MAX_TOKEN_LEN + 1u];

/* A valid HS256 token, signed here, with the claims given. */
static size_t sign_claims(const char *claims, char *out, size_t cap)
{
    ejwt_builder b;
    size_t n = 0;

    ejwt_builder_init(&b, out, cap, &key, "JWT");
    ejwt_builder_add_members(&b, claims, strlen(claims));
    assert_int_equal(ejwt_builder_finish(&b, &n), EJWT_OK);
    return n;
}

static ejwt_verify_opts opts(void)
{
    ejwt_verify_opts o;

    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    o.now = NOW;
    o.aud = AUD;
    return o;
}

typedef struct failing_input {
    const char *what;
    const char *token; /* NULL: built by the case's builder below */
    size_t len;        /* 0 with token set: strlen */
    int parse_err;     /* what ejwt_jws_parse() returns, or EJWT_OK when it parses */
    int verify_err;    /* what ejwt_jwt_verify() returns */
} failing_input;

/* The token of \p c, into \p buf when it is built here. */
static const char *token_of(const failing_input *c, char *buf, size_t cap, size_t *len)
{
    if (strcmp(c->what, "too long") == 0) {
        memset(long_token, 'A', sizeof(long_token));
        *len = sizeof(long_token);
        return long_token;
    }
    if (strcmp(c->what, "bad signature") == 0) {
        *len = sign_claims("{\"aud\":\"" AUD "\",\"exp\":1800000060}", buf, cap);
        buf[*len - 2u] = buf[*len - 2u] == 'A' ? 'B' : 'A';
        return buf;
    }
    if (strcmp(c->what, "expired") == 0) {
        *len = sign_claims("{\"aud\":\"" AUD "\",\"exp\":1799999999}", buf, cap);
        return buf;
    }
    if (strcmp(c->what, "aud of another service") == 0) {
        *len = sign_claims("{\"aud\":\"someone-else\",\"exp\":1800000060}", buf, cap);
        return buf;
    }
    if (strcmp(c->what, "payload not an object") == 0) {
        *len = tu_build_jws("{\"alg\":\"HS256\"}", 15, (const uint8_t *)"[1]", 3, &key, buf, cap,
                            NULL);
        return buf; /* signed: refused only as a claims set */
    }
    *len = c->len != 0u ? c->len : strlen(c->token);
    return c->token;
}

static const failing_input inputs[] = {
    {"empty", "", 0, EJWT_ERR_SEGMENTS, EJWT_ERR_SEGMENTS},
    {"too long", NULL, 0, EJWT_ERR_TOKEN_TOO_LONG, EJWT_ERR_TOKEN_TOO_LONG},
    {"two segments", "eyJhbGciOiJIUzI1NiJ9.e30", 0, EJWT_ERR_SEGMENTS, EJWT_ERR_SEGMENTS},
    {"padded header", "eyJhbGciOiJIUzI1NiJ9=.e30.AAAA", 0, EJWT_ERR_BASE64, EJWT_ERR_BASE64},
    /* {"alg":"none"} */
    {"alg none", "eyJhbGciOiJub25lIn0.e30.", 0, EJWT_ERR_HEADER_ALG, EJWT_ERR_HEADER_ALG},
    /* {"alg":"HS256","alg":"HS256"} */
    {"duplicate header member", "eyJhbGciOiJIUzI1NiIsImFsZyI6IkhTMjU2In0.e30.AAAA", 0,
     EJWT_ERR_JSON_DUPLICATE, EJWT_ERR_JSON_DUPLICATE},
    {"bad signature", NULL, 0, EJWT_OK, EJWT_ERR_SIGNATURE_INVALID},
    {"payload not an object", NULL, 0, EJWT_OK, EJWT_ERR_JSON_NOT_OBJECT},
    {"expired", NULL, 0, EJWT_OK, EJWT_ERR_EXPIRED},
    {"aud of another service", NULL, 0, EJWT_OK, EJWT_ERR_AUD_MISMATCH},
};

#define N_INPUTS (sizeof(inputs) / sizeof(inputs[0]))

static void fill_work(void)
{
    memset(work, PATTERN, sizeof(work));
}

/* The failure \p rc of case \p what must be \p want, with the work buffer
 * and the output \p out (of \p out_size bytes) all zero. */
static void expect_wiped(const char *what, int rc, int want, const void *out, size_t out_size)
{
    if (rc != want || !tu_all_zero(work, sizeof(work)) || !tu_all_zero(out, out_size)) {
        print_error("%s: %s, work %s\n", what, ejwt_error_name(rc),
                    tu_all_zero(work, sizeof(work)) ? "wiped" : "NOT wiped");
    }
    assert_int_equal(rc, want);
    assert_true(tu_all_zero(work, sizeof(work)));
    assert_true(tu_all_zero(out, out_size));
}

static int setup(void **state)
{
    (void)state;
    if (ejwt_crypto_init() != EJWT_OK ||
        ejwt_key_import_hmac(secret, sizeof(secret), &key) != EJWT_OK) {
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_key_destroy(&key);
    return 0;
}

static void test_jws_parse_wipes(void **state)
{
    static char buf[1024];
    ejwt_jws jws;
    size_t i, len = 0;

    (void)state;
    for (i = 0; i < N_INPUTS; i++) {
        const char *tok = token_of(&inputs[i], buf, sizeof(buf), &len);
        int rc;

        if (inputs[i].parse_err == EJWT_OK) {
            continue; /* parses: the failure comes later */
        }
        fill_work();
        memset(&jws, PATTERN, sizeof(jws));
        rc = ejwt_jws_parse(tok, len, work, sizeof(work), NULL, &jws);
        expect_wiped(inputs[i].what, rc, inputs[i].parse_err, &jws, sizeof(jws));
    }
    /* a work buffer too small for the token is wiped too */
    len = sign_claims("{\"aud\":\"" AUD "\",\"exp\":1800000060}", buf, sizeof(buf));
    fill_work();
    assert_int_equal(ejwt_jws_parse(buf, len, work, 8, NULL, &jws), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(tu_all_zero(work, 8));
}

static void test_verify_wipes(void **state)
{
    static char buf[1024];
    ejwt_verify_opts o = opts();
    ejwt_jwt jwt;
    ejwt_jws jws;
    size_t i, len = 0;

    (void)state;
    for (i = 0; i < N_INPUTS; i++) {
        const char *tok = token_of(&inputs[i], buf, sizeof(buf), &len);
        int rc;

        fill_work();
        memset(&jwt, PATTERN, sizeof(jwt));
        rc = ejwt_jwt_verify(tok, len, &key, 1, &o, work, sizeof(work), NULL, &jwt);
        expect_wiped(inputs[i].what, rc, inputs[i].verify_err, &jwt, sizeof(jwt));

        /* the signature-only path promises the same */
        fill_work();
        memset(&jws, PATTERN, sizeof(jws));
        rc = ejwt_jws_verify_compact(tok, len, &key, 1, &o, work, sizeof(work), NULL, &jws);
        if (rc != EJWT_OK) {
            assert_true(tu_all_zero(work, sizeof(work)));
            assert_true(tu_all_zero(&jws, sizeof(jws)));
        } else {
            /* only the claims made it fail above: the JWS layer accepts it */
            assert_true(inputs[i].verify_err == EJWT_ERR_EXPIRED ||
                        inputs[i].verify_err == EJWT_ERR_AUD_MISMATCH ||
                        inputs[i].verify_err == EJWT_ERR_JSON_NOT_OBJECT);
        }
    }
}

/* The control: a token that verifies leaves its claims in the buffer (so
 * the zero checks above could fail). */
static void test_success_keeps_claims(void **state)
{
    static char buf[1024];
    ejwt_verify_opts o = opts();
    ejwt_jwt jwt;
    size_t len = sign_claims("{\"aud\":\"" AUD "\",\"exp\":1800000060}", buf, sizeof(buf));

    (void)state;
    fill_work();
    assert_int_equal(ejwt_jwt_verify(buf, len, &key, 1, &o, work, sizeof(work), NULL, &jwt),
                     EJWT_OK);
    assert_false(tu_all_zero(work, sizeof(work)));
    assert_true(tu_contains(work, sizeof(work), "someone", 7) == 0);
    assert_true(tu_contains(work, sizeof(work), AUD, strlen(AUD)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jws_parse_wipes),
        cmocka_unit_test(test_verify_wipes),
        cmocka_unit_test(test_success_keeps_claims),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
