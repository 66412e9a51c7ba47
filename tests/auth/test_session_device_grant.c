/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The session's device authorization grant (RFC 8628), refresh rotation
 * and logout (RFC 7009) against a scripted server in this file that answers
 * as Glewlwyd 2.7.5 does: its refusals are the real (status, body) pairs of
 * tests/glewlwyd/responses.json (the key is named beside each), its URLs
 * have Glewlwyd's shape, and it verifies every client assertion (aud = the
 * endpoint posted to, iss = sub = client_id, a jti never reused) and checks
 * every form field the device sends.
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
#define ISSUER "https://127.0.0.1:38443/api/oidc"
#define TOKEN_URL ISSUER "/token"
#define DA_URL ISSUER "/device_authorization"
#define REV_URL ISSUER "/revoke"
#define VERIFY_URL ISSUER "/device"
#define CLIENT "device-1"
#define SCOPE "device"
#define DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"
#define INTERVAL 2 /* tests/glewlwyd: device-authorization-interval */
#define DC_LIFE 30 /* device-authorization-expiration */
#define LIFE 300   /* Glewlwyd's access token expires_in */
#define MARGIN 60u

/* Glewlwyd's refusals (tests/glewlwyd/responses.json) */
#define R_PENDING "{\"error\":\"authorization_pending\"}" /* token.device_authorization_pending */
#define R_SLOW_DOWN "{\"error\":\"slow_down\"}"           /* token.device_slow_down */
#define R_CODE_USED "{\"error\":\"access_denied\"}"       /* token.device_code_used */
#define R_EXPIRED "{\"error\":\"expired_token\"}"         /* token.device_expired_token */
#define R_DA_WRONG_AUD "{\"error\":\"unauthorized_client\"}" /* device_authorization.wrong_aud */
#define R_EMPTY "" /* 403 token.wrong_aud, 400 refresh_* */

/* ---- the scripted server ---------------------------------------------- */

#define MAX_JTIS 64
#define MAX_OLD 16

typedef struct server {
    int64_t now;
    int seq;
    char jtis[MAX_JTIS][64];
    int njtis;
    /* device grant */
    char device_code[48];
    char user_code[16];
    int64_t dc_exp;
    int64_t last_poll;
    int enforce_interval; /* the server's own interval check (s) */
    int approved, denied, dc_used;
    /* tokens */
    char access[32];
    char refresh[48]; /* the chain's current refresh token; "" = none */
    char old[MAX_OLD][64];
    int nold;
    char revoked[64];
    int da_count, poll_count, refresh_count, rev_count;
    int fail_status; /* answer this once, with fail_body */
    const char *fail_body;
    size_t da_len, poll_len, refresh_len, rev_len; /* body sizes, first of each */
} server;

static server sv;
static ejwt_key dev, pub;
static ejwt_token_store ts;
static ejwt_session sess;
static char buf[2048];
static char resp[1024];
static char work[2048];
static uint32_t rnd_value = UINT32_MAX;

static int answer(int status, const char *body)
{
    snprintf(resp, sizeof(resp), "%s", body);
    return status;
}

/* The client assertion of \p body: aud must be \p aud; jti never reused.
 * 0 when good, else the status Glewlwyd answers (403 empty). */
static int check_assertion(const char *body, const char *aud)
{
    char type[80], assertion[1024], jti[64], id[64];
    uint8_t wk[1024];
    ejwt_jwt jwt;
    ejwt_json c;
    size_t jn = 0;
    long n;
    int i;

    assert_int_equal(at_form_get(body, "client_id", id, sizeof(id)), (long)strlen(CLIENT));
    assert_string_equal(id, CLIENT);
    assert_true(at_form_get(body, "client_assertion_type", type, sizeof(type)) > 0);
    assert_string_equal(type, EJWT_ASSERTION_TYPE_JWT_BEARER);
    n = at_form_get(body, "client_assertion", assertion, sizeof(assertion));
    if (n <= 0 || at_verify_assertion(&pub, assertion, (size_t)n, CLIENT, aud, sv.now, wk,
                                      sizeof(wk), &jwt) != EJWT_OK) {
        return 403;
    }
    c = ejwt_jwt_claims(&jwt);
    assert_int_equal(ejwt_json_string_copy(&c, ejwt_json_find(&c, 0, "jti"), jti, sizeof(jti), &jn),
                     EJWT_OK);
    for (i = 0; i < sv.njtis; i++) {
        if (strcmp(sv.jtis[i], jti) == 0) {
            return 403; /* token.replayed_assertion */
        }
    }
    assert_true(sv.njtis < MAX_JTIS);
    snprintf(sv.jtis[sv.njtis++], sizeof(sv.jtis[0]), "%s", jti);
    return 0;
}

static int issue(void)
{
    sv.seq++;
    snprintf(sv.access, sizeof(sv.access), "at-%d", sv.seq);
    snprintf(sv.refresh, sizeof(sv.refresh), "rt-%d-Zx9", sv.seq);
    snprintf(resp, sizeof(resp),
             "{\"access_token\":\"%s\",\"token_type\":\"bearer\",\"expires_in\":%d,"
             "\"refresh_token\":\"%s\",\"scope\":\"" SCOPE "\",\"iat\":%lld}",
             sv.access, LIFE, sv.refresh, (long long)sv.now);
    return 200;
}

/* POST <DA_URL> */
static int server_da(const char *body)
{
    char scope[32];
    int bad;

    if (sv.fail_status != 0) {
        int s = sv.fail_status;
        sv.fail_status = 0;
        return answer(s, sv.fail_body);
    }
    if (sv.da_len == 0u) {
        sv.da_len = strlen(body);
    }
    assert_int_equal(at_form_count(body), 4);
    assert_int_equal(at_form_get(body, "scope", scope, sizeof(scope)), (long)strlen(SCOPE));
    assert_string_equal(scope, SCOPE);
    bad = check_assertion(body, DA_URL);
    if (bad != 0) {
        return answer(401, R_DA_WRONG_AUD);
    }
    sv.da_count++;
    snprintf(sv.device_code, sizeof(sv.device_code), "dc%d-mB4yPq7Tz0aKxW3e", sv.da_count);
    snprintf(sv.user_code, sizeof(sv.user_code), "WXYZ-%04d", sv.da_count);
    sv.dc_exp = sv.now + DC_LIFE;
    sv.last_poll = 0;
    sv.approved = sv.denied = sv.dc_used = 0;
    snprintf(resp, sizeof(resp),
             "{\"device_code\":\"%s\",\"user_code\":\"%s\",\"verification_uri\":\"" VERIFY_URL
             "\",\"verification_uri_complete\":\"" VERIFY_URL "?code=%s\",\"expires_in\":%d,"
             "\"interval\":%d}",
             sv.device_code, sv.user_code, sv.user_code, DC_LIFE, INTERVAL);
    return 200;
}

/* POST <TOKEN_URL>: device_code and refresh_token grants */
static int server_token(const char *body)
{
    char grant[64], code[64], rt[64];
    int i;

    if (sv.fail_status != 0) {
        int s = sv.fail_status;
        sv.fail_status = 0;
        return answer(s, sv.fail_body);
    }
    assert_true(at_form_get(body, "grant_type", grant, sizeof(grant)) > 0);
    if (check_assertion(body, TOKEN_URL) != 0) {
        return answer(403, R_EMPTY); /* token.wrong_aud */
    }
    if (strcmp(grant, DEVICE_GRANT) == 0) {
        if (sv.poll_len == 0u) {
            sv.poll_len = strlen(body);
        }
        assert_int_equal(at_form_count(body), 5);
        assert_true(at_form_get(body, "device_code", code, sizeof(code)) > 0);
        assert_string_equal(code, sv.device_code);
        sv.poll_count++;
        if (sv.dc_used || sv.denied) {
            return answer(400, R_CODE_USED);
        }
        if (sv.now >= sv.dc_exp) {
            return answer(400, R_EXPIRED);
        }
        if (sv.last_poll != 0 && sv.now - sv.last_poll < sv.enforce_interval) {
            sv.last_poll = sv.now;
            return answer(400, R_SLOW_DOWN);
        }
        sv.last_poll = sv.now;
        if (!sv.approved) {
            return answer(400, R_PENDING);
        }
        sv.dc_used = 1;
        return issue();
    }
    assert_string_equal(grant, "refresh_token");
    if (sv.refresh_len == 0u) {
        sv.refresh_len = strlen(body);
    }
    assert_int_equal(at_form_count(body), 5);
    assert_true(at_form_get(body, "refresh_token", rt, sizeof(rt)) > 0);
    if (sv.refresh[0] != '\0' && strcmp(rt, sv.refresh) == 0) {
        assert_true(sv.nold < MAX_OLD);
        snprintf(sv.old[sv.nold++], sizeof(sv.old[0]), "%s", rt);
        sv.refresh_count++;
        return issue();
    }
    for (i = 0; i < sv.nold; i++) {
        if (strcmp(sv.old[i], rt) == 0) {
            sv.refresh[0] = '\0'; /* an old token ends the chain */
        }
    }
    return answer(400, R_EMPTY); /* token.refresh_old_token */
}

/* POST <REV_URL> */
static int server_revoke(const char *body)
{
    char tok[64], hint[32];

    if (sv.fail_status != 0) {
        int s = sv.fail_status;
        sv.fail_status = 0;
        return answer(s, sv.fail_body);
    }
    if (sv.rev_len == 0u) {
        sv.rev_len = strlen(body);
    }
    assert_int_equal(at_form_count(body), 5);
    if (check_assertion(body, REV_URL) != 0) {
        return answer(401, R_EMPTY); /* revoke.no_client_auth */
    }
    assert_true(at_form_get(body, "token", tok, sizeof(tok)) > 0);
    assert_true(at_form_get(body, "token_type_hint", hint, sizeof(hint)) > 0);
    assert_string_equal(hint, "refresh_token");
    sv.rev_count++;
    snprintf(sv.revoked, sizeof(sv.revoked), "%s", tok);
    if (strcmp(tok, sv.refresh) == 0) {
        sv.refresh[0] = '\0';
    }
    return answer(200, "");
}

/* ---- the device ------------------------------------------------------- */

static int test_random(void *ctx, uint32_t *out)
{
    (void)ctx;
    *out = rnd_value;
    return EJWT_OK;
}

static void advance(int64_t s)
{
    fc.wall += s;
    fc.uptime_ms += (uint64_t)s * 1000u;
    sv.now += s;
}

static void wait_not_before(void)
{
    uint64_t nb = ejwt_session_not_before(&sess);

    if (nb > fc.uptime_ms) {
        advance((int64_t)((nb - fc.uptime_ms + 999u) / 1000u));
    }
}

static void start_session(const char *revocation)
{
    ejwt_session_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.grant_type = EJWT_SESSION_USE_DEVICE_CODE;
    cfg.device_authorization_endpoint = DA_URL;
    cfg.revocation_endpoint = revocation;
    cfg.scope = SCOPE;
    cfg.refresh_margin_s = MARGIN;
    cfg.random = test_random;
    assert_int_equal(ejwt_session_init(&sess, &cfg, &dev, &ts), EJWT_OK);
}

static void reboot(void)
{
    assert_int_equal(at_reboot(&dev, &pub, &ts), 0);
    start_session(REV_URL);
}

static int setup(void **state)
{
    (void)state;
    fake_clock_install(T0);
    memset(&sv, 0, sizeof(sv));
    sv.now = T0;
    sv.enforce_interval = INTERVAL;
    rnd_value = UINT32_MAX;
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ||
        ejwt_device_key_provision(&dev, NULL) != EJWT_OK || at_public_key(&dev, &pub) != EJWT_OK ||
        ejwt_token_store_init(&ts) != EJWT_OK) {
        return -1;
    }
    start_session(REV_URL);
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

/* prepare, expecting a form post of \p grant to \p url */
static void expect_post(ejwt_session_grant grant, const char *url)
{
    ejwt_session_request req;

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_POST_FORM);
    assert_int_equal(req.grant, grant);
    assert_int_equal(req.len, strlen(buf));
    assert_non_null(req.url);
    assert_string_equal(req.url, url);
}

/* prepare, expecting "not yet" until \p uptime_ms */
static void expect_wait(uint64_t uptime_ms)
{
    ejwt_session_request req;

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(req.not_before_ms, uptime_ms);
    assert_int_equal(buf[0], '\0');
}

/* send the prepared request to where the session said, hand the answer back */
static int exchange_to(const char *url)
{
    int status;

    if (strcmp(url, DA_URL) == 0) {
        status = server_da(buf);
    } else if (strcmp(url, REV_URL) == 0) {
        status = server_revoke(buf);
    } else {
        status = server_token(buf);
    }
    return ejwt_session_handle_token_response(&sess, status, resp, strlen(resp), work,
                                              sizeof(work));
}

static void expect_bearer(void)
{
    ejwt_session_request req;
    char want[48];

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    assert_null(req.url);
    snprintf(want, sizeof(want), "Bearer %s", sv.access);
    assert_string_equal(buf, want);
}

/* The device authorization request and its answer. */
static void device_authorization(void)
{
    ejwt_session_prompt p;
    char want[64];

    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
    assert_int_equal(exchange_to(DA_URL), EJWT_OK);
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_OK);
    assert_string_equal(p.user_code, sv.user_code);
    assert_string_equal(p.verification_uri, VERIFY_URL);
    snprintf(want, sizeof(want), VERIFY_URL "?code=%s", sv.user_code);
    assert_string_equal(p.verification_uri_complete, want);
    assert_int_equal(p.interval_s, INTERVAL);
    assert_int_equal(p.expires_at_ms, fc.uptime_ms + DC_LIFE * 1000u);
    /* the first poll waits the interval */
    expect_wait(fc.uptime_ms + INTERVAL * 1000u);
}

/* Poll once after waiting; expect \p err. */
static void poll(int err)
{
    wait_not_before();
    expect_post(EJWT_SESSION_GRANT_DEVICE_CODE, TOKEN_URL);
    assert_int_equal(exchange_to(TOKEN_URL), err);
}

static void login(void)
{
    device_authorization();
    poll(EJWT_ERR_AUTHORIZATION_PENDING);
    sv.approved = 1;
    poll(EJWT_OK);
    expect_bearer();
}

static void test_device_grant_sequence(void **state)
{
    ejwt_session_prompt p;
    char rt[64], old_rt[64], first_code[16];
    size_t n = 0;
    uint64_t t;

    (void)state;
    device_authorization();
    snprintf(first_code, sizeof(first_code), "%s", sv.user_code);
    /* too early: not before the interval */
    advance(1);
    expect_wait(fc.uptime_ms + 1000u);
    poll(EJWT_ERR_AUTHORIZATION_PENDING);
    /* the next poll after exactly the interval */
    t = fc.uptime_ms;
    expect_wait(t + INTERVAL * 1000u);
    poll(EJWT_ERR_AUTHORIZATION_PENDING);
    /* a server stricter than its announced interval: slow_down adds 5 s */
    sv.enforce_interval = INTERVAL + 1;
    poll(EJWT_ERR_SLOW_DOWN);
    t = fc.uptime_ms;
    expect_wait(t + (INTERVAL + 5) * 1000u);
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_OK);
    assert_int_equal(p.interval_s, INTERVAL + 5);
    /* the person approves */
    sv.approved = 1;
    poll(EJWT_OK);
    assert_int_equal(sv.poll_count, 4);
    sv.enforce_interval = INTERVAL;
    /* the grant is over: no prompt, tokens sealed in the store */
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_OK);
    assert_int_equal(ejwt_token_store_refresh_token(&ts, rt, sizeof(rt), &n), EJWT_OK);
    assert_string_equal(rt, sv.refresh);
    expect_bearer();
    assert_int_equal(stats().device_authorizations, 1);
    assert_int_equal(stats().device_polls, 4);
    assert_int_equal(stats().tokens_saved, 1);

    /* refresh with rotation */
    snprintf(old_rt, sizeof(old_rt), "%s", sv.refresh);
    advance(LIFE - (int64_t)MARGIN);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN, TOKEN_URL);
    assert_int_equal(at_form_get(buf, "refresh_token", rt, sizeof(rt)), (long)strlen(old_rt));
    assert_string_equal(rt, old_rt);
    assert_null(strstr(buf, "scope=")); /* a refresh keeps the granted scope */
    assert_int_equal(exchange_to(TOKEN_URL), EJWT_OK);
    assert_int_equal(ejwt_token_store_refresh_token(&ts, rt, sizeof(rt), &n), EJWT_OK);
    assert_string_equal(rt, sv.refresh);
    assert_string_not_equal(rt, old_rt);
    expect_bearer();
    assert_int_equal(stats().refreshes, 1);

    /* someone presents the rotated-away token: Glewlwyd ends the chain
     * (glewlwyd.refresh_rotation) */
    assert_true(sv.refresh[0] != '\0');
    {
        int i;
        for (i = 0; i < sv.nold; i++) {
            if (strcmp(sv.old[i], old_rt) == 0) {
                sv.refresh[0] = '\0';
            }
        }
    }
    assert_true(sv.refresh[0] == '\0');
    /* the device's next refresh is refused (400, empty body) ... */
    advance(LIFE - (int64_t)MARGIN);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN, TOKEN_URL);
    assert_int_equal(exchange_to(TOKEN_URL), EJWT_ERR_OAUTH_INVALID_GRANT);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    /* ... and the device goes back to the grant, not to client_credentials */
    device_authorization();
    assert_string_not_equal(sv.user_code, first_code);
    poll(EJWT_ERR_AUTHORIZATION_PENDING);
    sv.approved = 1;
    poll(EJWT_OK);
    expect_bearer();
    printf("measured: device authorization request %zu bytes, device-code poll %zu bytes, "
           "refresh %zu bytes (client id " CLIENT ", Glewlwyd-shaped URLs)\n",
           sv.da_len, sv.poll_len, sv.refresh_len);
}

static void test_reboot_reuses_tokens(void **state)
{
    ejwt_session_request req;

    (void)state;
    login();
    advance(100);
    reboot();
    expect_bearer();
    assert_int_equal(stats().assertions_signed, 0);
    /* after expiry, a refresh (not a new grant) */
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN, TOKEN_URL);
    assert_int_equal(exchange_to(TOKEN_URL), EJWT_OK);
    expect_bearer();
    assert_int_equal(sv.da_count, 1);
    /* a refused refresh survives a reboot as "go back to the grant" */
    sv.refresh[0] = '\0';
    advance(LIFE);
    expect_post(EJWT_SESSION_GRANT_REFRESH_TOKEN, TOKEN_URL);
    assert_int_equal(exchange_to(TOKEN_URL), EJWT_ERR_OAUTH_INVALID_GRANT);
    reboot();
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
    /* a device grant in progress is RAM only: a reboot starts it again */
    assert_int_equal(exchange_to(DA_URL), EJWT_OK);
    reboot();
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION);
}

static void test_device_code_expired(void **state)
{
    ejwt_session_request req;
    ejwt_session_prompt p;

    (void)state;
    device_authorization();
    poll(EJWT_ERR_AUTHORIZATION_PENDING);
    /* nobody approves: the server says expired_token */
    advance(DC_LIFE - 3);
    sv.dc_exp = sv.now; /* the server's clock ran out first */
    poll(EJWT_ERR_DEVICE_CODE_EXPIRED);
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_ERR_NO_TOKEN);
    /* the next request is a new device authorization, at once */
    device_authorization();
    assert_int_equal(sv.da_count, 2);
    /* the device's own clock: past expires_in it does not poll, it says so once */
    advance(DC_LIFE);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req),
                     EJWT_ERR_DEVICE_CODE_EXPIRED);
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_ERR_NO_TOKEN);
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
    assert_int_equal(sv.poll_count, 2);
}

static void test_access_denied(void **state)
{
    ejwt_session_request req;

    (void)state;
    device_authorization();
    sv.denied = 1;
    poll(EJWT_ERR_ACCESS_DENIED);
    /* terminal: nothing more is sent, however long one waits */
    advance(3600);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_ACCESS_DENIED);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_ACCESS_DENIED);
    assert_int_equal(buf[0], '\0');
    /* until the application starts over */
    ejwt_session_restart(&sess);
    login();
    assert_int_equal(sv.da_count, 2);
}

static void test_logout_revokes(void **state)
{
    ejwt_session_request req;
    char tok[64], hint[32];

    (void)state;
    login();
    assert_int_equal(ejwt_session_logout(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_POST_FORM);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_REVOCATION);
    assert_string_equal(req.url, REV_URL);
    assert_int_equal(req.len, strlen(buf));
    assert_true(at_form_get(buf, "token", tok, sizeof(tok)) > 0);
    assert_string_equal(tok, sv.refresh);
    assert_true(at_form_get(buf, "token_type_hint", hint, sizeof(hint)) > 0);
    /* the store is kept until the answer */
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_OK);
    assert_int_equal(exchange_to(REV_URL), EJWT_OK);
    assert_int_equal(sv.rev_count, 1);
    assert_string_equal(sv.revoked, tok);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    /* next: the grant again */
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);

    /* a failed revocation (503) wipes the store too, and says so */
    ejwt_session_restart(&sess);
    login();
    assert_int_equal(ejwt_session_logout(&sess, buf, sizeof(buf), &req), EJWT_OK);
    sv.fail_status = 503;
    sv.fail_body = "";
    assert_int_equal(exchange_to(REV_URL), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    assert_int_equal(sv.rev_count, 1);
    printf("measured: revocation request %zu bytes\n", sv.rev_len);
}

static void test_logout_without_endpoint(void **state)
{
    ejwt_session_request req;
    uint32_t signed_before;

    (void)state;
    start_session(NULL);
    login();
    signed_before = stats().assertions_signed;
    assert_int_equal(ejwt_session_logout(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_LOGGED_OUT);
    assert_null(req.url);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(stats().assertions_signed, signed_before); /* nothing signed */
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_token_store_access_usable(&ts, fake_clock_now(), 0), EJWT_ERR_NO_TOKEN);
    assert_int_equal(sv.rev_count, 0);
    /* nothing pending: a stray answer is refused */
    assert_int_equal(ejwt_session_handle_token_response(&sess, 200, "", 0, work, sizeof(work)),
                     EJWT_ERR_INVALID_ARG);
    /* with an endpoint but nothing stored: wiped at once as well */
    start_session(REV_URL);
    assert_int_equal(ejwt_session_logout(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_LOGGED_OUT);
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
}

/* Malformed device authorization responses are refused and backed off. */
static void test_da_response_refused(void **state)
{
    static const char *const bad[] = {
        "{\"user_code\":\"A\",\"verification_uri\":\"https://x\",\"expires_in\":30}",
        "{\"device_code\":\"d\",\"verification_uri\":\"https://x\",\"expires_in\":30}",
        "{\"device_code\":\"d\",\"user_code\":\"A\",\"expires_in\":30}",
        "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://x\"}",
        "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://x\","
        "\"expires_in\":30.5}",
        "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://x\","
        "\"expires_in\":30,\"interval\":\"5\"}",
        "{\"device_code\":\"d e\",\"user_code\":\"A\",\"verification_uri\":\"https://x\","
        "\"expires_in\":30}",
        "{\"device_code\":\"d\",\"user_code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\","
        "\"verification_uri\":\"https://x\",\"expires_in\":30}",
        "{\"device_code\":7,\"user_code\":\"A\",\"verification_uri\":\"https://x\","
        "\"expires_in\":30}",
        "[1]",
        "",
    };
    ejwt_session_prompt p;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int err;
        wait_not_before();
        expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
        err = ejwt_session_handle_token_response(&sess, 200, bad[i], strlen(bad[i]), work,
                                                 sizeof(work));
        /* the parser's own codes (device_authorization.h): an over-long
         * user code, a root that is no object, an empty body */
        assert_int_equal(err, i == 7u    ? EJWT_ERR_LIMIT
                              : i == 9u  ? EJWT_ERR_JSON_NOT_OBJECT
                              : i == 10u ? EJWT_ERR_JSON_SYNTAX
                                         : EJWT_ERR_OAUTH_RESPONSE);
        assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_ERR_NO_TOKEN);
        assert_true(ejwt_session_not_before(&sess) > fc.uptime_ms);
    }
    /* a good one with no interval: RFC 8628's 5 s default */
    wait_not_before();
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
    {
        static const char ok[] = "{\"device_code\":\"d\",\"user_code\":\"A\","
                                 "\"verification_uri\":\"https://x\",\"expires_in\":30}";
        assert_int_equal(
            ejwt_session_handle_token_response(&sess, 200, ok, strlen(ok), work, sizeof(work)),
            EJWT_OK);
    }
    assert_int_equal(ejwt_session_device_prompt(&sess, &p), EJWT_OK);
    assert_int_equal(p.interval_s, EJWT_DEVICE_POLL_INTERVAL_S);
    assert_string_equal(p.verification_uri_complete, "");
    expect_wait(fc.uptime_ms + EJWT_DEVICE_POLL_INTERVAL_S * 1000u);
}

/* The assertion's aud is exactly the endpoint: Glewlwyd refuses the device
 * authorization otherwise (401 unauthorized_client, backed off as suspect). */
static void test_da_refused_wrong_aud(void **state)
{
    uint64_t t;

    (void)state;
    expect_post(EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION, DA_URL);
    sv.fail_status = 401;
    sv.fail_body = R_DA_WRONG_AUD;
    t = fc.uptime_ms;
    assert_int_equal(exchange_to(DA_URL), EJWT_ERR_OAUTH_RETRY);
    assert_true(ejwt_session_not_before(&sess) >= t + EJWT_RETRY_MIN_MS);
    assert_int_equal(sess.retry.suspects, 1);
    wait_not_before();
    device_authorization();
}

static void test_config_checks(void **state)
{
    ejwt_session_config cfg;
    ejwt_session other;
    char long_scope[EJWT_SESSION_MAX_PARAM + 2];

    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.grant_type = EJWT_SESSION_USE_DEVICE_CODE;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.device_authorization_endpoint = "";
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.device_authorization_endpoint = DA_URL;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_OK);
    cfg.scope = "";
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    memset(long_scope, 'a', sizeof(long_scope) - 1u);
    long_scope[sizeof(long_scope) - 1u] = '\0';
    cfg.scope = long_scope;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.scope = NULL;
    cfg.resource = long_scope;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.resource = NULL;
    cfg.revocation_endpoint = "";
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
    cfg.revocation_endpoint = NULL;
    cfg.grant_type = (ejwt_session_grant_type)7;
    assert_int_equal(ejwt_session_init(&other, &cfg, &dev, &ts), EJWT_ERR_INVALID_ARG);
}

/* client_credentials with scope and resource, each beside client_id; a
 * public device authorization carries no assertion. */
static void test_request_fields(void **state)
{
    ejwt_session_config cfg;
    ejwt_session_request req;
    char v[128];

    (void)state;
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.scope = "device read";
    cfg.resource = "https://api.example/v1";
    cfg.random = test_random;
    assert_int_equal(ejwt_session_init(&sess, &cfg, &dev, &ts), EJWT_OK);
    expect_post(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS, TOKEN_URL);
    assert_non_null(strstr(buf, "grant_type=client_credentials&client_id=device-1&scope=device%"
                                "20read&resource=https%3A%2F%2Fapi.example%2Fv1&client_assertion_"
                                "type="));
    assert_int_equal(at_form_count(buf), 6);
    assert_int_equal(check_assertion(buf, TOKEN_URL), 0);

    cfg.grant_type = EJWT_SESSION_USE_DEVICE_CODE;
    cfg.device_authorization_endpoint = DA_URL;
    cfg.device_authorization_public = 1;
    cfg.resource = NULL;
    assert_int_equal(ejwt_session_init(&sess, &cfg, &dev, &ts), EJWT_OK);
    fc.wall_known = 0; /* no assertion: no time needed */
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION);
    assert_string_equal(buf, "client_id=device-1&scope=device%20read");
    assert_int_equal(at_form_get(buf, "client_assertion", v, sizeof(v)), -1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_device_grant_sequence), T(test_reboot_reuses_tokens),
        T(test_device_code_expired),   T(test_access_denied),
        T(test_logout_revokes),        T(test_logout_without_endpoint),
        T(test_da_response_refused),   T(test_da_refused_wrong_aud),
        T(test_config_checks),         T(test_request_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
