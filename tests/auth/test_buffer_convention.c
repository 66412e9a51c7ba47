/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The buffer convention (ejwt.h) for every output of the device-auth public
 * API (tests/support/buffer_convention.h runs the cases: success length and
 * terminator, exact fit, too-small report with the buffer wiped, size 0 and
 * the NULL size query). Every expected length is worked out here from the
 * documented formats (form encoding, the assertion's header and claims),
 * not taken from the code under test.
 *
 *   text: ejwt_form_finish, ejwt_form_encode, ejwt_assertion_sign,
 *         ejwt_oauth_client_credentials_body, ejwt_oauth_refresh_body,
 *         ejwt_session_prepare (ejwt_session_request.len; both actions,
 *         both grants)
 * The work buffers of ejwt_oauth_parse_token_response(),
 * ejwt_session_handle_token_response() and ejwt_command_verify() report no
 * length (not triples); their documented need is checked as an exact fit.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/auth.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>

#define BC_AREA 2048u
#include "buffer_convention.h"
#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define CLIENT "device-42"
#define TOKEN_URL "https://127.0.0.1:8443/token"
#define REFRESH "rt+1/x y=&%"
#define ACCESS "at-1.bearer~token"

static ejwt_key dev;
static ejwt_token_store ts;

static int setup(void **state)
{
    (void)state;
    fake_clock_install(T0);
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ||
        ejwt_device_key_provision(&dev, NULL) != EJWT_OK || ejwt_token_store_init(&ts) != EJWT_OK) {
        return -1;
    }
    return 0;
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

/* The form encoding's length (oauth.h): unreserved bytes stay, others are %XX. */
static size_t form_len(const char *s, size_t n)
{
    size_t i, len = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '.' || c == '_' || c == '~';
        len += keep ? 1u : 3u;
    }
    return len;
}

/* (name, fn, ctx, len, expect): every one of these may hold a credential,
 * so a too-small report wipes the buffer. */
#define TEXT_SPEC(name, fn, ctx, len, expect)                                                      \
    bc_spec_of(name, fn, ctx, BC_TEXT, len, BC_AFTER_WIPED, expect)

#define FORM_LEN(lit) form_len(lit, sizeof(lit) - 1u)
#define LIT_LEN(lit) (sizeof(lit) - 1u)

/* An assertion's length (assertion.h): header and claims JSON, each
 * base64url, two dots, and an ES256 signature (64 bytes, 86 characters). */
static size_t assertion_len(int64_t now, uint32_t life)
{
    char header[160], claims[512];
    int h = snprintf(header, sizeof(header), "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
                     dev.kid);
    int c = snprintf(claims, sizeof(claims),
                     "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"iat\":%lld,\"exp\":%lld,"
                     "\"jti\":\"%s\"}",
                     CLIENT, CLIENT, TOKEN_URL, (long long)now, (long long)(now + life),
                     "0123456789012345678901" /* EJWT_ASSERTION_JTI_LEN characters */);

    assert_true(h > 0 && (size_t)h < sizeof(header) && c > 0 && (size_t)c < sizeof(claims));
    return EJWT_B64URL_ENCODED_LEN((size_t)h) + 1u + EJWT_B64URL_ENCODED_LEN((size_t)c) + 1u +
           EJWT_B64URL_ENCODED_LEN(64u);
}

static ejwt_assertion_params params(uint32_t life)
{
    ejwt_assertion_params p;

    memset(&p, 0, sizeof(p));
    p.client_id = CLIENT;
    p.audience = TOKEN_URL;
    p.now = T0;
    p.lifetime_s = life;
    return p;
}

/* ---- form bodies ----------------------------------------------------------- */

static int call_form(void *ctx, void *buf, size_t size, size_t *len)
{
    ejwt_form f;
    (void)ctx;

    ejwt_form_init(&f, buf, size);
    ejwt_form_add(&f, "grant_type", "refresh_token", 13);
    ejwt_form_add(&f, "refresh_token", REFRESH, LIT_LEN(REFRESH));
    return ejwt_form_finish(&f, len);
}

static int call_form_encode(void *ctx, void *buf, size_t size, size_t *len)
{
    (void)ctx;
    return ejwt_form_encode(REFRESH, LIT_LEN(REFRESH), buf, size, len);
}

static void test_form(void **state)
{
    static const char body[] = "grant_type=refresh_token&refresh_token=rt%2B1%2Fx%20y%3D%26%25";
    bc_spec s = TEXT_SPEC("ejwt_form_finish", call_form, NULL, LIT_LEN(body), body);
    (void)state;

    assert_int_equal(LIT_LEN(body),
                     LIT_LEN("grant_type=refresh_token&refresh_token=") + FORM_LEN(REFRESH));
    bc_check(&s);
    s = TEXT_SPEC("ejwt_form_encode", call_form_encode, NULL, FORM_LEN(REFRESH),
                  "rt%2B1%2Fx%20y%3D%26%25");
    bc_check(&s);
}

/* ---- the assertion and the token request bodies --------------------------- */

static int call_assertion(void *ctx, void *buf, size_t size, size_t *len)
{
    const ejwt_assertion_params *p = ctx;
    return ejwt_assertion_sign(&dev, p, buf, size, len);
}

static int call_cc_body(void *ctx, void *buf, size_t size, size_t *len)
{
    const ejwt_assertion_params *p = ctx;
    return ejwt_oauth_client_credentials_body(&dev, p, buf, size, len);
}

static int call_refresh_body(void *ctx, void *buf, size_t size, size_t *len)
{
    const ejwt_assertion_params *p = ctx;
    return ejwt_oauth_refresh_body(&dev, p, REFRESH, LIT_LEN(REFRESH), buf, size, len);
}

/* The body before its assertion, for each grant: client_id beside the
 * assertion, from the standalone builders (oauth.h) and the session alike. */
static size_t cc_prefix_len(void)
{
    return LIT_LEN("grant_type=client_credentials&client_id=") + FORM_LEN(CLIENT) +
           LIT_LEN("&client_assertion_type=") + FORM_LEN(EJWT_ASSERTION_TYPE_JWT_BEARER) +
           LIT_LEN("&client_assertion=");
}

static size_t refresh_prefix_len(void)
{
    return LIT_LEN("grant_type=refresh_token&refresh_token=") + FORM_LEN(REFRESH) +
           LIT_LEN("&client_id=") + FORM_LEN(CLIENT) + LIT_LEN("&client_assertion_type=") +
           FORM_LEN(EJWT_ASSERTION_TYPE_JWT_BEARER) + LIT_LEN("&client_assertion=");
}

static void test_assertion_and_bodies(void **state)
{
    ejwt_assertion_params p = params(300);
    size_t a = assertion_len(T0, 300);
    bc_spec s = TEXT_SPEC("ejwt_assertion_sign", call_assertion, &p, a, NULL);
    (void)state;

    assert_true(a + 1u <= EJWT_ASSERTION_SIZE(LIT_LEN(CLIENT), LIT_LEN(TOKEN_URL)));
    bc_check(&s);
    s = TEXT_SPEC("ejwt_oauth_client_credentials_body", call_cc_body, &p, cc_prefix_len() + a,
                  NULL);
    bc_check(&s);
    s = TEXT_SPEC("ejwt_oauth_refresh_body", call_refresh_body, &p, refresh_prefix_len() + a, NULL);
    bc_check(&s);
}

/* A refused request: length 0 and "". */
static void test_refresh_body_refused(void **state)
{
    ejwt_assertion_params p = params(300);
    char out[64];
    size_t n;
    (void)state;

    memset(out, 'Q', sizeof(out));
    n = 99;
    assert_int_equal(ejwt_oauth_refresh_body(&dev, &p, REFRESH, 0, out, sizeof(out), &n),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    assert_int_equal(out[0], '\0');
}

/* ---- the session -------------------------------------------------------------- */

/* The largest random value: the full refresh margin and the longest
 * backoff, so every run decides the same. */
static int max_random(void *ctx, uint32_t *out)
{
    (void)ctx;
    *out = UINT32_MAX;
    return EJWT_OK;
}

typedef struct sess_ctx {
    ejwt_session sess;
    ejwt_session_action action;
    ejwt_session_grant grant;
} sess_ctx;

static int call_prepare(void *ctx, void *buf, size_t size, size_t *len)
{
    sess_ctx *c = ctx;
    ejwt_session_request req;
    int err = ejwt_session_prepare(&c->sess, buf, size, &req);

    *len = req.len;
    if (err == EJWT_OK) {
        assert_int_equal(req.action, c->action);
        assert_int_equal(req.grant, c->grant);
    }
    return err;
}

static void save(int64_t expires_in)
{
    ejwt_token_set set;

    memset(&set, 0, sizeof(set));
    set.access = ACCESS;
    set.access_len = LIT_LEN(ACCESS);
    set.refresh = REFRESH;
    set.refresh_len = LIT_LEN(REFRESH);
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = expires_in;
    assert_int_equal(ejwt_token_store_save(&ts, &set, fake_clock_now()), EJWT_OK);
}

static void test_session_prepare(void **state)
{
    static sess_ctx c;
    ejwt_session_config cfg;
    ejwt_session_request req;
    size_t a = assertion_len(T0, EJWT_ASSERTION_DEFAULT_LIFETIME_S);
    bc_spec s;
    (void)state;

    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.random = max_random;
    assert_int_equal(ejwt_session_init(&c.sess, &cfg, &dev, &ts), EJWT_OK);

    /* Nothing stored: a client_credentials request. */
    c.action = EJWT_SESSION_POST_TOKEN;
    c.grant = EJWT_SESSION_GRANT_CLIENT_CREDENTIALS;
    s = TEXT_SPEC("ejwt_session_prepare (client_credentials)", call_prepare, &c,
                  cc_prefix_len() + a, NULL);
    bc_check(&s);

    /* An access token within the refresh margin and a refresh token: a
     * refresh request. With no room for the refresh token its encoding is
     * counted as every byte %XX, an upper bound (session.h), which works. */
    save(30);
    c.grant = EJWT_SESSION_GRANT_REFRESH_TOKEN;
    s = TEXT_SPEC("ejwt_session_prepare (refresh_token)", call_prepare, &c,
                  refresh_prefix_len() + a, NULL);
    s.upper_bound_when_empty = 1;
    bc_check(&s);
    assert_int_equal(ejwt_session_prepare(&c.sess, NULL, 0, &req), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(req.len,
                     s.len + 1u + EJWT_FORM_ENCODED_MAX(LIT_LEN(REFRESH)) - FORM_LEN(REFRESH));
    assert_true(req.len <= BC_AREA);
    assert_int_equal(ejwt_session_prepare(&c.sess, (char *)bc_area, req.len, &req), EJWT_OK);
    assert_int_equal(req.len, s.len);

    /* A usable access token: the bearer value. */
    save(3600);
    c.action = EJWT_SESSION_CALL_API;
    c.grant = EJWT_SESSION_GRANT_NONE;
    s = TEXT_SPEC("ejwt_session_prepare (bearer)", call_prepare, &c, LIT_LEN("Bearer " ACCESS),
                  "Bearer " ACCESS);
    bc_check(&s);
}

/* ---- work buffers that report no length --------------------------------- */

static const char response[] = "{\"access_token\":\"" ACCESS "\",\"token_type\":\"Bearer\","
                               "\"expires_in\":3600,\"refresh_token\":\"rt-\\u0032\"}";

static void expect_wiped(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        assert_int_equal(p[i], 0);
    }
}

static void test_token_response_work(void **state)
{
    static char work[sizeof(response)];
    static sess_ctx c;
    ejwt_session_config cfg;
    ejwt_session_request req;
    ejwt_token_response r;
    size_t len = LIT_LEN(response);
    (void)state;

    /* len bytes are the exact fit; one less is too small, and wiped. */
    memset(work, 'Q', sizeof(work));
    assert_int_equal(ejwt_oauth_parse_token_response(200, response, len, work, len - 1u, &r),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    expect_wiped((const uint8_t *)work, len - 1u);
    assert_int_equal(work[len - 1u], 'Q');
    assert_int_equal(ejwt_oauth_parse_token_response(200, response, len, NULL, 0, &r),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_oauth_parse_token_response(200, response, len, work, len, &r), EJWT_OK);
    assert_int_equal(r.access_token_len, LIT_LEN(ACCESS));
    assert_string_equal(r.refresh_token, "rt-2");

    /* The session's answer: the same need. */
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.random = max_random;
    assert_int_equal(ejwt_session_init(&c.sess, &cfg, &dev, &ts), EJWT_OK);
    assert_int_equal(ejwt_session_prepare(&c.sess, (char *)bc_area, BC_AREA, &req), EJWT_OK);
    memset(work, 'Q', sizeof(work));
    assert_int_equal(
        ejwt_session_handle_token_response(&c.sess, 200, response, len, work, len - 1u),
        EJWT_ERR_BUFFER_TOO_SMALL);
    expect_wiped((const uint8_t *)work, len - 1u);
    /* a failed answer is backed off (never a tight loop): wait it out */
    assert_int_equal(ejwt_session_prepare(&c.sess, (char *)bc_area, BC_AREA, &req),
                     EJWT_ERR_OAUTH_RETRY);
    assert_true(req.not_before_ms > fc.uptime_ms);
    fc.uptime_ms = req.not_before_ms;
    assert_int_equal(ejwt_session_prepare(&c.sess, (char *)bc_area, BC_AREA, &req), EJWT_OK);
    assert_int_equal(ejwt_session_handle_token_response(&c.sess, 200, response, len, work, len),
                     EJWT_OK);
}

static const char backend_jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                                  "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                                  "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\","
                                  "\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";

static void test_command_work(void **state)
{
    static ejwt_command_verifier v;
    static ejwt_command cmd;
    static char jwks[512], token[1024];
    static uint8_t work[1024];
    ejwt_command_config cfg;
    ejwt_key signer;
    ejwt_builder b;
    size_t n = 0, token_len = 0, need = 0;
    char jwk[256], thumb[EJWT_THUMBPRINT_LEN + 1u];
    ejwt_jws jws;
    (void)state;

    /* The backend's key (RFC 7515 A.3) with its thumbprint as kid. */
    assert_int_equal(ejwt_jwk_import(backend_jwk, LIT_LEN(backend_jwk), &signer), EJWT_OK);
    assert_int_equal(ejwt_jwk_export_public(&signer, jwk, sizeof(jwk), &n), EJWT_OK);
    assert_true(snprintf(jwks, sizeof(jwks), "{\"keys\":[%s]}", jwk) < (int)sizeof(jwks));
    assert_int_equal(ejwt_jwk_thumbprint(&signer, thumb), EJWT_OK);
    memcpy(signer.kid, thumb, sizeof(thumb));
    signer.kid_len = EJWT_THUMBPRINT_LEN;
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.issuer = "https://backend";
    assert_int_equal(ejwt_command_verifier_init(&v, &cfg, jwks, strlen(jwks)), EJWT_OK);

    ejwt_builder_init(&b, token, sizeof(token), &signer, EJWT_COMMAND_TYP);
    ejwt_builder_add_string(&b, "iss", "https://backend");
    ejwt_builder_add_string(&b, "aud", CLIENT);
    ejwt_builder_add_int(&b, "iat", T0);
    ejwt_builder_add_int(&b, "exp", T0 + 60);
    ejwt_builder_add_string(&b, "jti", "cmd-1");
    ejwt_builder_add_string(&b, "cmd", "reboot");
    assert_int_equal(ejwt_builder_finish(&b, &token_len), EJWT_OK);

    /* The exact need is what a parse size query reports (command.h). */
    assert_int_equal(ejwt_jws_parse(token, token_len, NULL, 0, &need, &jws),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(need > 0u && need <= EJWT_WORK_SIZE(token_len));
    memset(work, 'Q', sizeof(work));
    assert_int_equal(ejwt_command_verify(&v, token, token_len, T0, work, need - 1u, &cmd),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    expect_wiped(work, need - 1u);
    assert_int_equal(work[need - 1u], 'Q');
    assert_int_equal(ejwt_command_verify(&v, token, token_len, T0, work, need, &cmd), EJWT_OK);

    ejwt_command_verifier_free(&v);
    (void)ejwt_key_destroy(&signer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form),
        cmocka_unit_test_setup_teardown(test_assertion_and_bodies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refresh_body_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_prepare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_response_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_command_work, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
