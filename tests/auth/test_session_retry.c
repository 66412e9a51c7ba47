/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The session's retries: every failed answer is backed off through the
 * session's ejwt_retry ("do not try before uptime T" from prepare), the
 * waits grow with full jitter up to the cap and are never shorter than the
 * minimum, Retry-After is honoured, an outage is never given up, answers
 * that refuse without a reason (Glewlwyd's 500 for a disabled client, its
 * 403 with an empty body) end in EJWT_ERR_GAVE_UP within the bound, and the
 * refresh point is jittered inside the refresh margin. The server's answers
 * are scripted; its refusals are those of tests/glewlwyd/responses.json.
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

#define T0 INT64_C(1800000000) /* Fri, 15 Jan 2027 08:00:00 GMT */
#define TOKEN_URL "https://127.0.0.1:38443/api/oidc/token"
#define CLIENT "device-1"
#define LIFE 600
#define MARGIN 60u
#define ATTEMPTS 60 /* far more than the give-up bound */

static ejwt_key dev, pub;
static ejwt_token_store ts;
static ejwt_session sess;
static char buf[2048];
static char work[2048];
static char resp[512];
static uint32_t rnd_value = UINT32_MAX;
static int use_platform_random;
static int seq;

static int test_random(void *ctx, uint32_t *out)
{
    (void)ctx;
    *out = rnd_value;
    return EJWT_OK;
}

/* Both clocks (a token saved in this boot is judged by uptime). */
static void advance_s(int64_t sec)
{
    fc.wall += sec;
    fc.uptime_ms += (uint64_t)sec * 1000u;
}

static void advance_ms(uint64_t ms)
{
    fc.uptime_ms += ms;
    fc.wall += (int64_t)(ms / 1000u);
}

static void start_session(void)
{
    ejwt_session_config cfg;

    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.token_endpoint = TOKEN_URL;
    cfg.scope = "device";
    cfg.refresh_margin_s = MARGIN;
    cfg.random = use_platform_random ? NULL : test_random;
    assert_int_equal(ejwt_session_init(&sess, &cfg, &dev, &ts), EJWT_OK);
}

static int setup(void **state)
{
    (void)state;
    rnd_value = UINT32_MAX;
    use_platform_random = 0;
    seq = 0;
    if (at_world_setup(T0, &dev, &pub) != 0 || ejwt_token_store_init(&ts) != EJWT_OK) {
        return -1;
    }
    start_session();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_token_store_deprovision(&ts);
    at_world_teardown(&pub);
    return 0;
}

/* A token response the session accepts. */
static const char *tokens(void)
{
    seq++;
    snprintf(resp, sizeof(resp),
             "{\"access_token\":\"at-%d\",\"token_type\":\"bearer\",\"expires_in\":%d,"
             "\"refresh_token\":\"rt-%d\",\"scope\":\"device\"}",
             seq, LIFE, seq);
    return resp;
}

/* Prepare a token request now (it must be allowed), answer it with
 * (status, body, Retry-After), return the session's verdict. */
static int attempt(int status, const char *body, const char *retry_after)
{
    ejwt_session_request req;
    ejwt_session_answer a;
    char id[32];

    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_POST_FORM);
    assert_string_equal(req.url, TOKEN_URL);
    assert_int_equal(at_form_get(buf, "client_id", id, sizeof(id)), (long)strlen(CLIENT));
    memset(&a, 0, sizeof(a));
    a.status = status;
    a.body = body;
    a.len = body != NULL ? strlen(body) : 0u;
    a.retry_after = retry_after;
    a.retry_after_len = retry_after != NULL ? strlen(retry_after) : 0u;
    return ejwt_session_handle_response(&sess, &a, work, sizeof(work));
}

/* The wait prepare asks for now (ms), checking that nothing is prepared
 * before it, and that it is allowed right at it. */
static uint64_t wait_asked(void)
{
    ejwt_session_request req;
    uint64_t nb = ejwt_session_not_before(&sess);

    assert_true(nb > fc.uptime_ms);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(req.not_before_ms, nb);
    assert_int_equal(buf[0], '\0');
    /* one millisecond early is still too early */
    advance_ms(nb - fc.uptime_ms - 1u);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
    advance_ms(1u);
    return nb;
}

static uint64_t window_ms(int n)
{
    uint64_t w = EJWT_RETRY_BASE_MS;
    int i;

    for (i = 1; i < n && w < EJWT_RETRY_CAP_MS; i++) {
        w *= 2u;
    }
    return w < EJWT_RETRY_CAP_MS ? w : EJWT_RETRY_CAP_MS;
}

/* An outage (503, no answer, 502, 504, 429): the waits double up to the
 * cap (the largest random value takes the whole window), and the device
 * never gives up. */
static void test_outage_backoff_grows_bounded(void **state)
{
    static const int statuses[] = {503, 0, 502, 504, 429, 408};
    uint64_t prev = 0, total = 0;
    int i;

    (void)state;
    for (i = 1; i <= ATTEMPTS; i++) {
        uint64_t t0 = fc.uptime_ms, d;
        int status = statuses[(size_t)i % (sizeof(statuses) / sizeof(statuses[0]))];
        assert_int_equal(attempt(status, "", NULL), EJWT_ERR_OAUTH_RETRY);
        d = wait_asked() - t0;
        assert_int_equal(d, window_ms(i));
        assert_true(d >= prev && d <= EJWT_RETRY_CAP_MS);
        prev = d;
        total += d;
    }
    assert_int_equal(prev, EJWT_RETRY_CAP_MS);
    assert_int_equal(sess.retry.terminal, 0);
    /* and it comes back: a success resets the backoff */
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    assert_int_equal(ejwt_session_not_before(&sess), fc.uptime_ms);
    advance_s(LIFE);
    {
        uint64_t t0 = fc.uptime_ms;
        assert_int_equal(attempt(503, "", NULL), EJWT_ERR_OAUTH_RETRY);
        assert_int_equal(wait_asked() - t0, EJWT_RETRY_BASE_MS);
    }
    printf("measured: %d outage answers took %llu s of backoff\n", ATTEMPTS,
           (unsigned long long)(total / 1000u));
}

/* With the platform's entropy the waits are random in [MIN, window]. */
static void test_full_jitter(void **state)
{
    uint64_t sum = 0;
    int i, below_half = 0;

    (void)state;
    use_platform_random = 1;
    start_session();
    for (i = 1; i <= ATTEMPTS; i++) {
        uint64_t t0 = fc.uptime_ms, d;
        assert_int_equal(attempt(0, NULL, NULL), EJWT_ERR_OAUTH_RETRY);
        d = wait_asked() - t0;
        assert_true(d >= EJWT_RETRY_MIN_MS);
        assert_true(d <= window_ms(i) || d == EJWT_RETRY_MIN_MS);
        if (i > 12 && d < EJWT_RETRY_CAP_MS / 2u) {
            below_half++;
        }
        sum += d;
    }
    /* at the cap, about half of the waits fall in its lower half: the
     * jitter is real (48 draws: all in the upper half has odds 2^-48) */
    assert_true(below_half > 0 && below_half < ATTEMPTS - 12);
    assert_true(sum > 0u);
}

/* Retry-After (delta-seconds or an HTTP date) is honoured, plus a random
 * part of up to min(window, R). */
static void test_retry_after(void **state)
{
    uint64_t t0;

    (void)state;
    rnd_value = 0;
    t0 = fc.uptime_ms;
    assert_int_equal(attempt(503, "", "120"), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(wait_asked() - t0, 120000u);
    rnd_value = UINT32_MAX;
    t0 = fc.uptime_ms;
    assert_int_equal(attempt(429, "", " 120 "), EJWT_ERR_OAUTH_RETRY);
    /* 120 s plus the whole second window (4 s) */
    assert_int_equal(wait_asked() - t0, 120000u + window_ms(2));
    /* an IMF-fixdate 10 minutes after the session's now */
    rnd_value = 0;
    t0 = fc.uptime_ms;
    fc.wall = T0;
    assert_int_equal(attempt(503, "", "Fri, 15 Jan 2027 08:10:00 GMT"), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(wait_asked() - t0, 600000u);
    /* a value over the bound is capped to EJWT_RETRY_AFTER_MAX_S */
    t0 = fc.uptime_ms;
    assert_int_equal(attempt(503, "", "99999999"), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(wait_asked() - t0, (uint64_t)EJWT_RETRY_AFTER_MAX_S * 1000u);
    /* garbage is ignored: the backoff alone decides */
    t0 = fc.uptime_ms;
    assert_int_equal(attempt(503, "", "soon"), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(wait_asked() - t0, EJWT_RETRY_MIN_MS); /* rnd 0: the floor */
}

/* Glewlwyd answers a disabled client with 500 "Server Error"
 * (token.disabled_client): backed off, at most EJWT_RETRY_MAX_SUSPECT + 1
 * answers taken, over at least EJWT_RETRY_GIVE_UP_AFTER_S, then GAVE_UP for
 * good. */
static void test_disabled_client_gives_up(void **state)
{
    ejwt_session_request req;
    uint64_t first = fc.uptime_ms, prev = 0;
    int n = 0, err = EJWT_ERR_OAUTH_RETRY;

    (void)state;
    while (err == EJWT_ERR_OAUTH_RETRY && n < ATTEMPTS) {
        uint64_t t0 = fc.uptime_ms;
        err = attempt(500, "Server Error", NULL);
        n++;
        if (err == EJWT_ERR_OAUTH_RETRY) {
            uint64_t d = wait_asked() - t0;
            assert_true(d >= EJWT_RETRY_MIN_MS && d <= EJWT_RETRY_GIVE_UP_AFTER_S * 1000u);
            assert_true(n == (int)EJWT_RETRY_MAX_SUSPECT || d >= prev);
            prev = d;
        }
    }
    assert_int_equal(err, EJWT_ERR_GAVE_UP);
    assert_int_equal(n, (int)EJWT_RETRY_MAX_SUSPECT + 1);
    assert_true(fc.uptime_ms - first >= (uint64_t)EJWT_RETRY_GIVE_UP_AFTER_S * 1000u);
    /* terminal: nothing is prepared any more */
    fc.uptime_ms += UINT64_C(86400000);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_GAVE_UP);
    assert_int_equal(ejwt_session_not_before(&sess), 0u);
    /* the administrator enables it again and the application starts over */
    ejwt_session_restart(&sess);
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    printf("measured: disabled client: %d answers over %llu s, then EJWT_ERR_GAVE_UP\n", n,
           (unsigned long long)((fc.uptime_ms - UINT64_C(86400000) - first) / 1000u));
}

/* Glewlwyd's 403 with an empty body (token.wrong_key, token.replayed_assertion,
 * ...) is suspect too; a 401 unauthorized_client likewise. A success in
 * between forgets the count. */
static void test_refused_without_reason_is_suspect(void **state)
{
    (void)state;
    assert_int_equal(attempt(403, "", NULL), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(sess.retry.suspects, 1);
    (void)wait_asked();
    assert_int_equal(attempt(401, "{\"error\":\"unauthorized_client\"}", NULL),
                     EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(sess.retry.suspects, 2);
    (void)wait_asked();
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    assert_int_equal(sess.retry.suspects, 0);
    assert_int_equal(sess.retry.failures, 0);
}

/* invalid_client: deprovisioned at once, store cleared, sticky. */
static void test_invalid_client_deprovisioned(void **state)
{
    ejwt_session_request req;

    (void)state;
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    advance_s(LIFE);
    assert_int_equal(attempt(401, "{\"error\":\"invalid_client\"}", NULL), EJWT_ERR_DEPROVISIONED);
    assert_int_equal(ejwt_token_store_has_refresh(&ts), EJWT_ERR_NO_TOKEN);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_DEPROVISIONED);
    fc.uptime_ms += UINT64_C(86400000);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_DEPROVISIONED);
}

/* A request the server refuses as configured (invalid_request,
 * invalid_scope, Glewlwyd's scope_invalid is not one: suspect) is terminal. */
static void test_refused_as_configured(void **state)
{
    ejwt_session_request req;

    (void)state;
    assert_int_equal(attempt(400, "{\"error\":\"scope_invalid\"}", NULL), EJWT_ERR_OAUTH_RETRY);
    (void)wait_asked();
    assert_int_equal(attempt(400, "{\"error\":\"invalid_scope\"}", NULL), EJWT_ERR_OAUTH_REFUSED);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_REFUSED);
}

/* While a refresh is backed off, a still-valid access token keeps working. */
static void test_api_calls_during_backoff(void **state)
{
    ejwt_session_request req;

    (void)state;
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    advance_s(LIFE - (int64_t)MARGIN);
    assert_int_equal(attempt(503, "", "300"), EJWT_ERR_OAUTH_RETRY);
    /* the renewal waits, but the token has not expired: it is still used */
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    assert_string_equal(buf, "Bearer at-1");
    /* once it expires, the session says how long to wait */
    advance_s((int64_t)MARGIN);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(req.not_before_ms, ejwt_session_not_before(&sess));
    assert_true(req.not_before_ms >= fc.uptime_ms + 240000u);
}

/* The refresh point: a margin between half the configured one and all of
 * it, drawn once per token. */
static void test_refresh_margin_jitter(void **state)
{
    ejwt_session_request req;

    (void)state;
    rnd_value = 0; /* the smallest margin: half */
    start_session();
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    advance_s(LIFE - (int64_t)MARGIN);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    /* the draw is kept: another value now does not move the point */
    rnd_value = UINT32_MAX;
    advance_s((int64_t)MARGIN / 2 - 1);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    advance_s(1);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_REFRESH_TOKEN);
    /* the new token gets a new draw: the full margin this time */
    assert_int_equal(
        ejwt_session_handle_token_response(&sess, 200, tokens(), strlen(resp), work, sizeof(work)),
        EJWT_OK);
    advance_s(LIFE - (int64_t)MARGIN - 1);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    advance_s(1);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_REFRESH_TOKEN);
}

/* ejwt_session_renewal_due() names the uptime at which prepare starts the
 * renewal: the jittered margin before an uptime deadline in the boot that
 * saved the token, before the wall-clock expiry after a reboot; "now"
 * inside the margin; no token before the first grant and after a 401. */
static void test_renewal_due(void **state)
{
    ejwt_session_request req;
    uint64_t due = 1;
    uint64_t saved_ms;
    int64_t saved_wall;
    int retry = 0;

    (void)state;
    assert_int_equal(ejwt_session_renewal_due(&sess, &due), EJWT_ERR_NO_TOKEN);
    assert_int_equal(due, 0);
    rnd_value = 0; /* half the margin */
    start_session();
    saved_ms = fc.uptime_ms;
    assert_int_equal(attempt(200, tokens(), NULL), EJWT_OK);
    assert_int_equal(ejwt_session_renewal_due(&sess, &due), EJWT_OK);
    assert_int_equal(due, saved_ms + (uint64_t)(LIFE - (int64_t)MARGIN / 2) * 1000u);
    /* prepare agrees to the millisecond */
    advance_ms(due - fc.uptime_ms - 1u);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    advance_ms(1);
    assert_int_equal(ejwt_session_renewal_due(&sess, &due), EJWT_OK);
    assert_int_equal(due, fc.uptime_ms);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.grant, EJWT_SESSION_GRANT_REFRESH_TOKEN);
    /* a reboot: the wall-clock expiry decides, with a new draw (the whole
     * margin) */
    assert_int_equal(
        ejwt_session_handle_token_response(&sess, 200, tokens(), strlen(resp), work, sizeof(work)),
        EJWT_OK);
    saved_wall = fc.wall;
    fc.uptime_ms = 1000u;
    fc.wall += 100;
    assert_int_equal(ejwt_token_store_init(&ts), EJWT_OK);
    rnd_value = UINT32_MAX;
    start_session();
    assert_int_equal(ejwt_session_renewal_due(&sess, &due), EJWT_OK);
    assert_int_equal(due,
                     1000u + (uint64_t)(saved_wall + LIFE - fc.wall - (int64_t)MARGIN) * 1000u);
    advance_s((int64_t)(due - fc.uptime_ms) / 1000 - 1);
    assert_int_equal(ejwt_session_prepare(&sess, buf, sizeof(buf), &req), EJWT_OK);
    assert_int_equal(req.action, EJWT_SESSION_CALL_API);
    /* dropped after a 401: nothing to wait for, the next prepare renews */
    assert_int_equal(ejwt_session_handle_api_status(&sess, 401, &retry), EJWT_OK);
    assert_int_equal(retry, 1);
    assert_int_equal(ejwt_session_renewal_due(&sess, &due), EJWT_ERR_NO_TOKEN);
    assert_int_equal(due, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_outage_backoff_grows_bounded),
        T(test_full_jitter),
        T(test_retry_after),
        T(test_disabled_client_gives_up),
        T(test_refused_without_reason_is_suspect),
        T(test_invalid_client_deprovisioned),
        T(test_refused_as_configured),
        T(test_api_calls_during_backoff),
        T(test_refresh_margin_jitter),
        T(test_renewal_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
