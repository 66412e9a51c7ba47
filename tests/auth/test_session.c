/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The session against a scripted fake backend in this file, with the fake
 * clock: first boot, reuse after reboot without an assertion, refresh with
 * rotation, refused refresh, deprovisioning, 401 and its one retry, the
 * wall clock unknown (time from an HTTP Date, uptime expiry), buffer sizes.
 * The backend verifies every assertion as the real one does.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/auth.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define T0_DATE "Fri, 15 Jan 2027 08:00:00 GMT"
#define CLIENT "device-42"
#define TOKEN_URL "https://127.0.0.1:8443/token"
#define LIFE 600
#define MARGIN 60u

/* ---- the fake backend ------------------------------------------------- */

#define MAX_JTIS 64
#define MAX_USED 16

typedef struct backend {
    int64_t now; /* the backend's clock: always right */
    char jtis[MAX_JTIS][64];
    int njtis;
    int seq;
    char access[32];
    int64_t access_exp;
    int access_valid;
    char refresh[48]; /* the family's current refresh token; "" = none */
    char used[MAX_USED][64];
    int nused;
    int revoked;     /* device deprovisioned: invalid_client */
    int refuse_api;  /* every access token refused */
    int fail_status; /* answer this status with no body, once */
    int omit_expires_in;
    int cc_count, refresh_count, reuse_detected;
} backend;

static backend bk;
static ejwt_key dev, pub;
static ejwt_token_store ts;
static ejwt_session sess;
static char buf[2048];
static char resp[1024];
static char work[2048];

static int answer(int status, const char *json)
{
    snprintf(resp, sizeof(resp), "%s", json);
    return status;
}

static int issue(void)
{
    bk.seq++;
    snprintf(bk.access, sizeof(bk.access), "at-%d", bk.seq);
    bk.access_exp = bk.now + LIFE;
    bk.access_valid = 1;
    /* characters that need percent-encoding in the refresh request */
    snprintf(bk.refresh, sizeof(bk.refresh), "rt+%d/x y=&%%", bk.seq);
    if (bk.omit_expires_in) {
        snprintf(resp, sizeof(resp),
                 "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"refresh_token\":\"%s\"}",
                 bk.access, bk.refresh);
    } else {
        snprintf(resp, sizeof(resp),
                 "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":%d,"
                 "\"refresh_token\":\"%s\",\"scope\":\"telemetry commands\"}",
                 bk.access, LIFE, bk.refresh);
    }
    return 200;
}

/* POST /token */
static int backend_token(const char *body)
{
    char grant[32], type[80], assertion[1024], rt[64], jti[64];
    uint8_t wk[1024];
    ejwt_jwt jwt;
    ejwt_json c;
    int64_t iat = 0, exp = 0;
    long n;
    size_t jn = 0;
    int i;

    if (bk.fail_status != 0) {
        int s = bk.fail_status;
        bk.fail_status = 0;
        return answer(s, "");
    }
    if (at_form_get(body, "grant_type", grant, sizeof(grant)) < 0 ||
        at_form_get(body, "client_assertion_type", type, sizeof(type)) < 0 ||
        strcmp(type, EJWT_ASSERTION_TYPE_JWT_BEARER) != 0) {
        return answer(400, "{\"error\":\"invalid_request\"}");
    }
    if (bk.revoked) {
        return answer(401, "{\"error\":\"invalid_client\"}");
    }
    n = at_form_get(body, "client_assertion", assertion, sizeof(assertion));
    if (n <= 0 || at_verify_assertion(&pub, assertion, (size_t)n, CLIENT, TOKEN_URL, bk.now, wk,
                                      sizeof(wk), &jwt) != EJWT_OK) {
        return answer(400, "{\"error\":\"invalid_grant\"}");
    }
    c = ejwt_jwt_claims(&jwt);
    assert_int_equal(ejwt_json_int64(&c, ejwt_json_find(&c, 0, "iat"), &iat), EJWT_OK);
    assert_int_equal(ejwt_json_int64(&c, ejwt_json_find(&c, 0, "exp"), &exp), EJWT_OK);
    assert_true(exp - iat <= 300 && exp > iat);
    assert_true(iat <= bk.now + 5 && iat >= bk.now - 5);
    assert_int_equal(ejwt_json_string_copy(&c, ejwt_json_find(&c, 0, "jti"), jti, sizeof(jti), &jn),
                     EJWT_OK);
    for (i = 0; i < bk.njtis; i++) {
        if (strcmp(bk.jtis[i], jti) == 0) {
            return answer(400, "{\"error\":\"invalid_grant\"}");
        }
    }
    assert_true(bk.njtis < MAX_JTIS);
    snprintf(bk.jtis[bk.njtis++], sizeof(bk.jtis[0]), "%s", jti);

    /* client_id beside the assertion, always (session.h) */
    assert_int_equal(at_form_get(body, "client_id", rt, sizeof(rt)), (long)strlen(CLIENT));
    assert_string_equal(rt, CLIENT);
    if (strcmp(grant, "client_credentials") == 0) {
        assert_int_equal(at_form_count(body), 4);
        bk.cc_count++;
        return issue();
    }
    if (strcmp(grant, "refresh_token") != 0) {
        return answer(400, "{\"error\":\"unsupported_grant_type\"}");
    }
    assert_int_equal(at_form_count(body), 5);
    if (at_form_get(body, "refresh_token", rt, sizeof(rt)) < 0) {
        return answer(400, "{\"error\":\"invalid_request\"}");
    }
    if (bk.refresh[0] != '\0' && strcmp(rt, bk.refresh) == 0) {
        assert_true(bk.nused < MAX_USED);
        snprintf(bk.used[bk.nused++], sizeof(bk.used[0]), "%s", rt);
        bk.refresh_count++;
        return issue();
    }
    for (i = 0; i < bk.nused; i++) {
        if (strcmp(bk.used[i], rt) == 0) {
            bk.reuse_detected++;
            bk.refresh[0] = '\0'; /* revoke the family */
            bk.access_valid = 0;
        }
    }
    return answer(400, "{\"error\":\"invalid_grant\"}");
}

/* GET /api with an Authorization value */
static int backend_api(const char *authz)
{
    char want[48];

    snprintf(want, sizeof(want), "Bearer %s", bk.access);
    if (bk.refuse_api || !bk.access_valid || bk.now >= bk.access_exp || strcmp(authz, want) != 0) {
        return 401;
    }
    return 200;
}

/* ---- the device ------------------------------------------------------- */

static void advance(int64_t s)
{
    fc.wall += s;
    fc.uptime_ms += (uint64_t)s * 1000u;
    bk.now += s;
}

/* The session's random values (backoff and refresh-margin jitter): the
 * largest by default (full margin, longest wait), so runs are repeatable. */
static uint32_t rnd_value = UINT32_MAX;

static int test_random(void *ctx, uint32_t *out)
{
    (void)ctx;
    *out = rnd_value;
    return EJWT_OK;
}

/* Wait out the session's "not before" (uptime), on every clock. */
static void wait_not_before(void)
{
    uint64_t nb = ejwt_session_not_before(&sess);

    if (nb > fc.uptime_ms) {
        advance((int64_t)((nb - fc.uptime_ms + 999u) / 1000u));
    }
}

static void start_session(void)
{
    ejwt_session_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.refresh_margin_s = MARGIN;
    cfg.random = test_random;
    assert_int_equal(ejwt_session_init(&sess, &cfg, &dev, &ts), EJWT_OK);
}

static void reboot(void)
{
    assert_int_equal(at_reboot(&dev, &pub, &ts), 0);
    start_session();
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(T0);
    memset(&bk, 0, sizeof(bk));
    bk.now = T0;
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ||
        ejwt_device_key_provision(&dev, NULL) != EJWT_OK || at_public_key(&dev, &pub) != EJWT_OK ||
        ejwt_token_store_init(&ts) != EJWT_OK) {
        return -1;
    }
    start_session();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_key_destroy(&pub);
    (void)ejwt_token_store_deprovision(&ts);
    (void)ejwt_device_key_destroy();
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

static ejwt_session_stats stats(void)
{
    ejwt_session_stats s;
    ejwt_session_get_stats(&sess, &s);
    return s;
}

/* prepare, expecting a token request of \p grant */
static void expect_post(ejwt_session_grant grant)
{
    ejwt_session_request req;

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_POST_TOKEN);
    assert_int_equal(req.grant, grant);
    assert_int_equal(req.len, strlen(buf));
}

/* send the prepared request, hand the answer back */
static int exchange(void)
{
    int status = backend_token(buf);
    return ejwt_session_handle_token_response(&sess, status, resp, strlen(resp), work,
                                              sizeof(work));
}

/* prepare, expecting the bearer of the backend's current access token */
static void expect_bearer(void)
{
    ejwt_session_request req;
    char want[48];

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_NONE);
    snprintf(want, sizeof(want), "Bearer %s", bk.access);
    assert_string_equal(buf, want);
    assert_int_equal(req.len, strlen(want));
}

static int call_api(int *retry)
{
    return ejwt_session_handle_api_status(&sess, backend_api(buf), retry);
}

static void authenticate(void)
{
    int retry = -1;

    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(call_api(&retry), EJWT_OK);
    assert_int_equal(retry, 0);
}

static void test_first_boot_then_reuse(void **state)
{
    ejwt_token_meta meta;

    (void)state;
    authenticate();
    assert_int_equal(bk.cc_count, 1);
    assert_int_equal(stats().assertions_signed, 1);
    assert_int_equal(stats().token_requests, 1);
    assert_int_equal(stats().tokens_saved, 1);
    assert_int_equal(stats().api_calls, 1);
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_WALL);
    assert_string_equal(meta.scope, "telemetry commands");
    /* the work buffer was wiped */
    assert_int_equal(work[0], '\0');

    /* reboot: the stored token is used, no assertion is signed */
    advance(100);
    reboot();
    expect_bearer();
    expect_bearer();
    assert_int_equal(stats().assertions_signed, 0);
    assert_int_equal(stats().api_calls, 2);
    assert_int_equal(bk.cc_count, 1);
    assert_int_equal(bk.njtis, 1);
}

static void test_refresh_with_rotation(void **state)
{
    char rt[64];
    char old_rt[64];
    size_t n = 0;

    (void)state;
    authenticate();
    snprintf(old_rt, sizeof(old_rt), "%s", bk.refresh);
    /* usable while more than the margin is left */
    advance(LIFE - (int64_t)MARGIN - 1);
    expect_bearer();
    advance(1);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(at_form_get(buf, "refresh_token", rt, sizeof(rt)), (long)strlen(old_rt));
    assert_string_equal(rt, old_rt);
    assert_non_null(strstr(buf, "refresh_token=rt%2B1%2Fx%20y%3D%26%25&"));
    assert_int_equal(exchange(), EJWT_OK);
    assert_int_equal(bk.refresh_count, 1);
    assert_int_equal(stats().assertions_signed, 2);
    assert_int_equal(stats().refreshes, 1);
    /* rotated: the store holds the new refresh token */
    assert_int_equal(ejwt_token_store_refresh_token(&ts, rt, sizeof(rt), &n), EJWT_OK);
    assert_string_equal(rt, bk.refresh);
    assert_string_not_equal(rt, old_rt);
    expect_bearer();
    assert_string_equal(buf, "Bearer at-2");
    /* and after a reboot */
    reboot();
    expect_bearer();
    /* the next refresh uses the rotated token */
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_string_equal(buf, "Bearer at-3");
    assert_int_equal(bk.reuse_detected, 0);
}

static void test_refresh_refused_new_assertion(void **state)
{
    (void)state;
    authenticate();
    bk.refresh[0] = '\0'; /* the backend forgot the family */
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_ERR_OAUTH_INVALID_GRANT);
    /* the dead tokens are gone from storage too */
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    /* even after a reboot the next request is a new assertion */
    reboot();
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(bk.cc_count, 2);

    /* a refused assertion (e.g. replayed or expired) changes nothing stored */
    advance(LIFE);
    bk.refresh[0] = '\0';
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_ERR_OAUTH_INVALID_GRANT);
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    bk.njtis = 0;
    {
        /* the backend refuses this assertion: the session stays ready to try again */
        int status = answer(400, "{\"error\":\"invalid_grant\"}");
        assert_int_equal(ejwt_session_handle_token_response(&sess, status, resp, strlen(resp), work,
                                                            sizeof(work)),
                         EJWT_ERR_OAUTH_INVALID_GRANT);
    }
    /* a second re-authentication in a row is backed off (retry.h), not sent at once */
    {
        ejwt_session_request req;
        assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
        assert_true(req.not_before_ms > fc.uptime_ms);
    }
    wait_not_before();
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
}

static void test_refresh_token_reuse_detected(void **state)
{
    (void)state;
    authenticate();
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    /* the backend rotates, but the answer is lost on the way */
    assert_int_equal(backend_token(buf), 200);
    assert_int_equal(ejwt_session_handle_token_response(&sess, 0, NULL, 0, work, sizeof(work)),
                     EJWT_ERR_OAUTH_RETRY);
    wait_not_before();
    /* the device tries its (now used) refresh token again: the backend
     * sees reuse, revokes the family; the device re-authenticates */
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_ERR_OAUTH_INVALID_GRANT);
    assert_int_equal(bk.reuse_detected, 1);
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(bk.cc_count, 2);
    /* a captured request cannot be replayed: its assertion jti is spent */
    {
        char captured[sizeof(buf)];
        advance(LIFE);
        expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
        memcpy(captured, buf, sizeof(captured));
        assert_int_equal(exchange(), EJWT_OK);
        assert_int_equal(backend_token(captured), 400);
        assert_int_equal(bk.reuse_detected, 1);
    }
}

static void test_deprovisioned(void **state)
{
    ejwt_session_request req;

    (void)state;
    authenticate();
    bk.revoked = 1;
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_ERR_DEPROVISIONED);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    /* sticky: nothing more is prepared, nothing signed */
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_DEPROVISIONED);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_DEPROVISIONED);
    assert_int_equal(stats().assertions_signed, 2);
    assert_int_equal(buf[0], '\0');
    /* after a reboot a new assertion gets invalid_client too */
    reboot();
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_ERR_DEPROVISIONED);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_DEPROVISIONED);
}

static void test_401_drop_and_one_retry(void **state)
{
    int retry = -1;

    (void)state;
    authenticate();
    /* the backend stops accepting the access token (e.g. restarted with new keys) */
    bk.access_valid = 0;
    expect_bearer();
    assert_int_equal(call_api(&retry), EJWT_OK);
    assert_int_equal(retry, 1);
    assert_int_equal(stats().api_retries, 1);
    /* dropped: the still-unexpired token is not offered again; a refresh is */
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_string_equal(buf, "Bearer at-2");
    assert_int_equal(call_api(&retry), EJWT_OK);
    assert_int_equal(retry, 0);

    /* a 401 again later gets its retry again (the row was ended by a 200) */
    bk.access_valid = 0;
    expect_bearer();
    assert_int_equal(call_api(&retry), EJWT_OK);
    assert_int_equal(retry, 1);
    /* the renewed token is refused too: give up once, no endless loop */
    bk.refuse_api = 1;
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(call_api(&retry), EJWT_ERR_HTTP_UNAUTHORIZED);
    assert_int_equal(retry, 0);
    /* the token stays dropped: the next attempt renews first */
    bk.refuse_api = 0;
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(call_api(&retry), EJWT_OK);
    assert_int_equal(retry, 0);
    /* other statuses are the application's business */
    assert_int_equal(ejwt_session_handle_api_status(&sess, 500, &retry), EJWT_OK);
    assert_int_equal(retry, 0);
    assert_int_equal(ejwt_session_handle_api_status(&sess, 403, NULL), EJWT_OK);
    expect_bearer();
}

static void test_wall_clock_unknown(void **state)
{
    ejwt_session_request req;
    ejwt_token_meta meta;
    int64_t t = 0;

    (void)state;
    fc.wall_known = 0;
    assert_int_equal(ejwt_session_now(&sess, &t), EJWT_ERR_TIME_UNKNOWN);
    assert_true(t == EJWT_TIME_UNKNOWN);
    /* nothing stored and no time: no assertion can be signed */
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_TIME_UNKNOWN);
    assert_int_equal(stats().assertions_signed, 0);
    /* the backend's Date header gives the time */
    assert_int_equal(ejwt_http_date_parse(T0_DATE, strlen(T0_DATE), &t), EJWT_OK);
    assert_int_equal(ejwt_session_set_time(&sess, t), EJWT_OK);
    advance(7);
    assert_int_equal(ejwt_session_now(&sess, &t), EJWT_OK);
    assert_true(t == T0 + 7);
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    /* the expiry is anchored at the session's time, learned from the Date,
     * though the platform clock is still unknown */
    assert_int_equal(ejwt_token_store_meta(&ts, &meta), EJWT_OK);
    assert_int_equal(meta.basis, EJWT_EXPIRY_WALL);
    assert_true(meta.exp == T0 + 7 + LIFE);
    expect_bearer();
    advance(LIFE - (int64_t)MARGIN - 1);
    expect_bearer();
    advance(1);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    /* a reboot forgets the session's time: a wall-clock expiry needs it */
    reboot();
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_TIME_UNKNOWN);
    assert_int_equal(ejwt_session_set_time(&sess, bk.now), EJWT_OK);
    expect_bearer(); /* the access token survived, judged by the time learned again */
    advance(LIFE - (int64_t)MARGIN);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN); /* and so did the refresh token */
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
    assert_int_equal(ejwt_session_set_time(&sess, -1), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_session_set_time(&sess, EJWT_TIME_UNKNOWN), EJWT_ERR_INVALID_ARG);
}

/* The session's clock (synced wall time plus uptime) at the end of the
 * int64 range, and with an uptime counter that went backwards. */
static void test_session_time_extremes(void **state)
{
    int64_t t = 0;

    (void)state;
    fc.wall_known = 0;
    assert_int_equal(ejwt_session_set_time(&sess, INT64_MAX - 5), EJWT_OK);
    fc.uptime_ms += 10000u;
    assert_int_equal(ejwt_session_now(&sess, &t), EJWT_OK);
    assert_true(t == INT64_MAX); /* saturated, not wrapped */
    fc.uptime_ms = UINT64_MAX;
    assert_int_equal(ejwt_session_now(&sess, &t), EJWT_OK);
    assert_true(t == INT64_MAX);
    /* a counter that went backwards reads as a long time later (fail safe) */
    assert_int_equal(ejwt_session_set_time(&sess, T0), EJWT_OK);
    fc.uptime_ms -= 1u;
    assert_int_equal(ejwt_session_now(&sess, &t), EJWT_OK);
    assert_true(t == T0 + (int64_t)(UINT64_MAX / 1000u));
}

static void test_wall_token_judged_by_session_time(void **state)
{
    ejwt_session_request req;

    (void)state;
    authenticate(); /* saved with a wall-clock expiry */
    advance(100);
    fc.wall_known = 0; /* reboot of a device whose RTC lost power */
    reboot();
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_TIME_UNKNOWN);
    assert_int_equal(ejwt_session_set_time(&sess, bk.now), EJWT_OK);
    expect_bearer(); /* no assertion needed */
    assert_int_equal(stats().assertions_signed, 0);
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
}

static void test_buffer_sizes(void **state)
{
    ejwt_session_request req;
    size_t need;

    (void)state;
    assert_int_equal(ejwt_session_prepare(&sess, buf, 10, &req), EJWT_ERR_BUFFER_TOO_SMALL);
    need = req.len;
    assert_int_equal(buf[0], '\0');
    assert_int_equal(stats().assertions_signed, 0); /* measured, not signed */
    assert_int_equal(ejwt_session_prepare(&sess, buf, need - 1u, &req), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(req.len, need);
    assert_int_equal(ejwt_session_prepare(&sess, buf, need, &req), EJWT_OK);
    assert_int_equal(req.len + 1u, need);
    assert_int_equal(exchange(), EJWT_OK);
    /* bearer */
    assert_int_equal(ejwt_session_prepare(&sess, buf, 8, &req), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(req.len, strlen("Bearer at-1") + 1u);
    assert_int_equal(ejwt_session_prepare(&sess, buf, req.len, &req), EJWT_OK);
    assert_string_equal(buf, "Bearer at-1");
    /* refresh: the need is an upper bound when the refresh token did not fit */
    advance(LIFE);
    assert_int_equal(ejwt_session_prepare(&sess, buf, 30, &req), EJWT_ERR_BUFFER_TOO_SMALL);
    need = req.len;
    assert_int_equal(ejwt_session_prepare(&sess, buf, need, &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_REFRESH_TOKEN);
    assert_true(req.len < need);
    {
        /* the refresh token fits raw but not encoded: exact need */
        size_t exact = req.len + 1u;
        assert_int_equal(ejwt_session_prepare(&sess, buf, 60, &req), EJWT_ERR_BUFFER_TOO_SMALL);
        assert_true(req.len >= exact);
        assert_int_equal(ejwt_session_prepare(&sess, buf, exact - 1u, &req),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(req.len, exact);
        assert_int_equal(ejwt_session_prepare(&sess, buf, exact, &req), EJWT_OK);
    }
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();
}

static void test_errors_and_retry_later(void **state)
{
    static const uint8_t secret[32] = {1};
    ejwt_session_config cfg;
    ejwt_session other;
    ejwt_session_request req;
    ejwt_key hmac;
    char small[4];

    (void)state;
    /* no request pending */
    assert_int_equal(ejwt_session_handle_token_response(&sess, 200, "{}", 2, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
    /* a transport failure or 5xx: retry later, same kind of request */
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(ejwt_session_handle_token_response(&sess, 0, NULL, 0, work, sizeof(work)),
                     EJWT_ERR_OAUTH_RETRY);
    /* backed off: nothing before the not-before time (then the same request) */
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(req.not_before_ms, ejwt_session_not_before(&sess));
    assert_int_equal(buf[0], '\0');
    wait_not_before();
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    bk.fail_status = 503;
    assert_int_equal(exchange(), EJWT_ERR_OAUTH_RETRY);
    wait_not_before();
    /* the answer is consumed once */
    assert_int_equal(ejwt_session_handle_token_response(&sess, 200, "{}", 2, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
    /* a lost answer: prepare again, a fresh assertion */
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    /* a 200 without expires_in cannot be stored */
    bk.omit_expires_in = 1;
    assert_int_equal(exchange(), EJWT_ERR_OAUTH_RESPONSE);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    bk.omit_expires_in = 0;
    wait_not_before();
    /* a malformed 200 */
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    {
        static const char mac[] = "{\"access_token\":\"x\",\"token_type\":\"MAC\"}";
        assert_int_equal(ejwt_session_handle_token_response(&sess, 200, mac, sizeof(mac) - 1u, work,
                                                            sizeof(work)),
                         EJWT_ERR_OAUTH_TOKEN_TYPE);
    }
    wait_not_before();
    /* work buffer too small */
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    (void)backend_token(buf);
    assert_int_equal(
        ejwt_session_handle_token_response(&sess, 200, resp, strlen(resp), small, sizeof(small)),
        EJWT_ERR_BUFFER_TOO_SMALL);
    wait_not_before();
    /* no entropy: nothing prepared */
    fc.entropy_fails = 1;
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_ENTROPY);
    assert_int_equal(buf[0], '\0');
    fc.entropy_fails = 0;
    /* and then it works */
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS);
    assert_int_equal(exchange(), EJWT_OK);
    expect_bearer();

    /* init checks */
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.token_endpoint = "";
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.token_endpoint = TOKEN_URL;
    cfg.client_id = "";
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.client_id = CLIENT;
    assert_int_equal(ejwt_key_import_hmac(secret, sizeof(secret), &hmac), EJWT_OK);
    assert_int_equal(ejwt_session_init(&other, &cfg, &hmac, &ts), EJWT_ERR_ALG_KEY_MISMATCH);
    (void)ejwt_key_destroy(&hmac);
    assert_int_equal(ejwt_session_init(&other, &cfg, &pub, &ts), EJWT_ERR_KEY_USAGE);
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_OK);
    assert_int_equal(other.cfg.refresh_margin_s, EJWT_TOKEN_STORE_REFRESH_MARGIN_S);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_boot_then_reuse),
        T(test_refresh_with_rotation),
        T(test_refresh_refused_new_assertion),
        T(test_refresh_token_reuse_detected),
        T(test_deprovisioned),
        T(test_401_drop_and_one_retry),
        T(test_wall_clock_unknown),
        T(test_session_time_extremes),
        T(test_wall_token_judged_by_session_time),
        T(test_buffer_sizes),
        T(test_errors_and_retry_later),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
