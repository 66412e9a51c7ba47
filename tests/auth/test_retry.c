/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The error classification table of docs/PROTOCOL.md ("Errors and
 * retries"), walked row by row, and the backoff: full jitter inside the
 * doubling window, Retry-After (delta-seconds and HTTP-date), the give-up
 * bound for refusals without a reason, device-grant polling, and the
 * jittered refresh margin. Every random value is given, so each wait is
 * known exactly. Portable: runs on the boards too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/auth/retry.h>
#include <ejwt/numericdate.h>

#define CC EJWT_REQ_TOKEN_CLIENT_CREDENTIALS
#define RT EJWT_REQ_TOKEN_REFRESH
#define DC EJWT_REQ_TOKEN_DEVICE_CODE
#define DA EJWT_REQ_DEVICE_AUTHORIZATION
#define REG EJWT_REQ_REGISTRATION
#define REV EJWT_REQ_REVOCATION

#define A_DONE EJWT_ACTION_DONE
#define A_REAUTH EJWT_ACTION_REAUTHENTICATE
#define A_POLL EJWT_ACTION_POLL_AGAIN
#define A_SLOW EJWT_ACTION_SLOW_DOWN
#define A_BACK EJWT_ACTION_BACK_OFF
#define A_DEPROV EJWT_ACTION_DEPROVISIONED
#define A_GIVE EJWT_ACTION_GIVE_UP

#define E_OK EJWT_OK
#define E_RETRY EJWT_ERR_OAUTH_RETRY
#define E_GRANT EJWT_ERR_OAUTH_INVALID_GRANT
#define E_DEPROV EJWT_ERR_DEPROVISIONED
#define E_REFUSED EJWT_ERR_OAUTH_REFUSED
#define E_META EJWT_ERR_CLIENT_METADATA
#define E_REDIR EJWT_ERR_REDIRECT_URI
#define E_DENIED EJWT_ERR_ACCESS_DENIED

#define ERR(code) "{\"error\":\"" code "\",\"error_description\":\"x\"}"
#define ALL_KINDS 0x7Eu
#define TOKEN_KINDS ((1u << CC) | (1u << RT) | (1u << DC))
#define K(k) (1u << (k))

/* One row of the table in docs/PROTOCOL.md: for every request kind in
 * \p kinds, (status, body) gives (action, err, suspect). */
typedef struct row {
    unsigned kinds;
    int status;
    const char *body;
    ejwt_action action;
    int err;
    int suspect;
} row;

static const row table[] = {
    /* no HTTP answer (connection, TLS, timeout) */
    {ALL_KINDS, 0, "", A_BACK, E_RETRY, 0},
    {ALL_KINDS, -1, "", A_BACK, E_RETRY, 0},
    /* success */
    {TOKEN_KINDS | K(DA) | K(REV), 200, "{}", A_DONE, E_OK, 0},
    {K(REG), 201, "{}", A_DONE, E_OK, 0},
    {K(REG), 200, "{}", A_DONE, E_OK, 0},
    {K(REV), 200, "", A_DONE, E_OK, 0},
    {TOKEN_KINDS | K(DA) | K(REV), 201, "{}", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 204, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 302, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 100, "", A_BACK, E_RETRY, 1},
    /* RFC 6749 section 5.2 codes */
    {TOKEN_KINDS | K(DA) | K(REV), 400, ERR("invalid_client"), A_DEPROV, E_DEPROV, 0},
    {TOKEN_KINDS | K(DA) | K(REV), 401, ERR("invalid_client"), A_DEPROV, E_DEPROV, 0},
    {K(REG), 401, ERR("invalid_client"), A_GIVE, E_REFUSED, 0},
    {TOKEN_KINDS, 400, ERR("invalid_grant"), A_REAUTH, E_GRANT, 0},
    {K(DA), 400, ERR("invalid_grant"), A_BACK, E_RETRY, 1},
    {K(REV), 400, ERR("invalid_grant"), A_GIVE, E_REFUSED, 0},
    {K(REG), 400, ERR("invalid_grant"), A_GIVE, E_META, 0},
    {ALL_KINDS, 400, ERR("invalid_request"), A_GIVE, E_REFUSED, 0},
    {TOKEN_KINDS | K(DA), 400, ERR("invalid_scope"), A_GIVE, E_REFUSED, 0},
    {TOKEN_KINDS, 400, ERR("unsupported_grant_type"), A_GIVE, E_REFUSED, 0},
    {TOKEN_KINDS | K(DA), 400, ERR("unauthorized_client"), A_BACK, E_RETRY, 1},
    {TOKEN_KINDS | K(DA), 401, ERR("unauthorized_client"), A_BACK, E_RETRY, 1},
    /* RFC 8628 section 3.5 */
    {K(DC), 400, ERR("authorization_pending"), A_POLL, E_RETRY, 0},
    {K(DC), 400, ERR("slow_down"), A_SLOW, E_RETRY, 0},
    {K(DC), 400, ERR("expired_token"), A_REAUTH, E_GRANT, 0},
    {K(DC), 400, ERR("access_denied"), A_GIVE, E_DENIED, 0},
    {K(CC) | K(DA), 400, ERR("authorization_pending"), A_BACK, E_RETRY, 1},
    {K(CC) | K(DA), 400, ERR("access_denied"), A_BACK, E_RETRY, 1},
    {K(RT), 400, ERR("access_denied"), A_REAUTH, E_GRANT, 0},
    /* RFC 7591 section 3.2.2 */
    {K(REG), 400, ERR("invalid_client_metadata"), A_GIVE, E_META, 0},
    {K(REG), 400, ERR("invalid_software_statement"), A_GIVE, E_META, 0},
    {K(REG), 400, ERR("unapproved_software_statement"), A_GIVE, E_META, 0},
    {K(REG), 400, ERR("invalid_redirect_uri"), A_GIVE, E_REDIR, 0},
    /* RFC 7009 section 2.2.1 */
    {K(REV), 400, ERR("unsupported_token_type"), A_GIVE, E_REFUSED, 0},
    {K(REV), 503, "", A_BACK, E_RETRY, 0},
    /* "try later" codes, any status */
    {ALL_KINDS, 400, ERR("temporarily_unavailable"), A_BACK, E_RETRY, 0},
    {ALL_KINDS, 500, ERR("server_error"), A_BACK, E_RETRY, 0},
    {ALL_KINDS, 503, ERR("temporarily_unavailable"), A_BACK, E_RETRY, 0},
    /* an explicit code beats the status */
    {TOKEN_KINDS | K(DA) | K(REV), 500, ERR("invalid_client"), A_DEPROV, E_DEPROV, 0},
    {TOKEN_KINDS | K(DA) | K(REV), 403, ERR("invalid_client"), A_DEPROV, E_DEPROV, 0},
    /* Glewlwyd: 400 with an empty body (bad refresh token, bad parameter) */
    {K(RT), 400, "", A_REAUTH, E_GRANT, 0},
    {K(CC) | K(DC) | K(DA), 400, "", A_BACK, E_RETRY, 1},
    {K(REG), 400, "", A_GIVE, E_META, 0},
    {K(REV), 400, "", A_GIVE, E_REFUSED, 0},
    /* 400 with a body that is not the error JSON, or a code outside the RFCs */
    {K(RT), 400, "<html>Bad Request</html>", A_REAUTH, E_GRANT, 0},
    {K(CC) | K(DC) | K(DA), 400, "<html>Bad Request</html>", A_BACK, E_RETRY, 1},
    {K(CC) | K(DC) | K(DA), 400, "{\"error\":42}", A_BACK, E_RETRY, 1},
    {K(CC) | K(DC) | K(DA), 400, "{\"error\":\"\"}", A_BACK, E_RETRY, 1},
    {K(CC) | K(DC) | K(DA), 400, "{\"error\":\"invalid_client\",\"error\":\"x\"}", A_BACK, E_RETRY,
     1},
    {K(CC) | K(DC) | K(DA), 400, ERR("device_disabled"), A_BACK, E_RETRY, 1},
    {K(CC) | K(DC) | K(DA), 400, ERR("INVALID_CLIENT"), A_BACK, E_RETRY, 1},
    {K(CC) | K(DC) | K(DA), 400, "  \r\n", A_BACK, E_RETRY, 1},
    /* 401 and 403 without a code (Glewlwyd: 403 with an empty body when the
     * assertion is refused) */
    {TOKEN_KINDS | K(DA) | K(REV), 401, "", A_BACK, E_RETRY, 1},
    {TOKEN_KINDS | K(DA) | K(REV), 403, "", A_BACK, E_RETRY, 1},
    {TOKEN_KINDS | K(DA) | K(REV), 403, "Forbidden", A_BACK, E_RETRY, 1},
    {K(REG), 401, "", A_GIVE, E_REFUSED, 0},
    {K(REG), 403, "", A_GIVE, E_REFUSED, 0},
    /* other 4xx */
    {ALL_KINDS, 404, "Not Found", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 405, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 413, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 408, "", A_BACK, E_RETRY, 0},
    {ALL_KINDS, 425, "", A_BACK, E_RETRY, 0},
    {ALL_KINDS, 429, "", A_BACK, E_RETRY, 0},
    /* 5xx: Glewlwyd's disabled client is a 500 with an empty body */
    {ALL_KINDS, 500, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 500, "<html>Internal Server Error</html>", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 501, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 502, "", A_BACK, E_RETRY, 0},
    {ALL_KINDS, 503, "Service Unavailable", A_BACK, E_RETRY, 0},
    {ALL_KINDS, 504, "", A_BACK, E_RETRY, 0},
    {ALL_KINDS, 599, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 600, "", A_BACK, E_RETRY, 1},
    {ALL_KINDS, 99999, ERR("invalid_client"), A_BACK, E_RETRY, 1},
};

static void test_classification_table(void **state)
{
    size_t i;
    unsigned k, walked = 0;
    ejwt_outcome o;

    (void)state;
    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        for (k = EJWT_REQ_TOKEN_CLIENT_CREDENTIALS; k <= EJWT_REQ_REVOCATION; k++) {
            const row *r = &table[i];
            if (!(r->kinds & (1u << k))) {
                continue;
            }
            assert_int_equal(ejwt_classify_response((ejwt_request_kind)k, r->status, r->body,
                                                    strlen(r->body), &o),
                             EJWT_OK);
            if (o.action != r->action || o.err != r->err || o.suspect != r->suspect) {
                print_message("row %u kind %u: action %d err %d suspect %d\n", (unsigned)i, k,
                              (int)o.action, o.err, o.suspect);
            }
            assert_int_equal(o.action, r->action);
            assert_int_equal(o.err, r->err);
            assert_int_equal(o.suspect, r->suspect);
            walked++;
        }
    }
    assert_true(walked > 200u);
    /* the code is kept when it is printable and short enough */
    assert_int_equal(
        ejwt_classify_response(CC, 400, ERR("invalid_grant"), strlen(ERR("invalid_grant")), &o),
        EJWT_OK);
    assert_string_equal(o.error, "invalid_grant");
    assert_int_equal(
        ejwt_classify_response(CC, 400, ERR("a\\u0001b"), strlen(ERR("a\\u0001b")), &o), EJWT_OK);
    assert_string_equal(o.error, "");
    assert_int_equal(o.suspect, 1);
    assert_int_equal(ejwt_classify_response(CC, 400, ERR("this_error_code_is_longer_than_32_bytes"),
                                            strlen(ERR("this_error_code_is_longer_than_32_bytes")),
                                            &o),
                     EJWT_OK);
    assert_string_equal(o.error, "");
    assert_int_equal(o.action, A_BACK);
    /* bodies are not read on a success status: the caller's parser does that */
    assert_int_equal(
        ejwt_classify_response(CC, 200, ERR("invalid_client"), strlen(ERR("invalid_client")), &o),
        EJWT_OK);
    assert_int_equal(o.action, A_DONE);
}

static const ejwt_outcome back_off_suspect = {EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 1, ""};
static const ejwt_outcome back_off_outage = {EJWT_ACTION_BACK_OFF, EJWT_ERR_OAUTH_RETRY, 0, ""};
static const ejwt_outcome done = {EJWT_ACTION_DONE, EJWT_OK, 0, ""};

#define RMAX 0xFFFFFFFFu
#define T0 UINT64_C(1000000)

static void test_full_jitter_window(void **state)
{
    ejwt_retry r;
    uint64_t want = EJWT_RETRY_BASE_MS;
    uint32_t n;

    (void)state;
    ejwt_retry_init(&r);
    assert_int_equal(ejwt_retry_ready(&r, 0), EJWT_OK);
    /* the largest random value waits the whole window, which doubles to the cap */
    for (n = 1; n <= 20u; n++) {
        assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, -1, RMAX), A_BACK);
        assert_true(r.not_before_ms - T0 <= want);
        assert_true(r.not_before_ms - T0 >= want - 1u);
        assert_int_equal(ejwt_retry_ready(&r, r.not_before_ms - 1u), EJWT_ERR_OAUTH_RETRY);
        assert_int_equal(ejwt_retry_ready(&r, r.not_before_ms), EJWT_OK);
        want = want * 2u > EJWT_RETRY_CAP_MS ? EJWT_RETRY_CAP_MS : want * 2u;
    }
    /* zero waits the minimum, half waits half the window */
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, -1, 0), A_BACK);
    assert_int_equal(r.not_before_ms - T0, EJWT_RETRY_MIN_MS);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, -1, 0x80000000u), A_BACK);
    assert_int_equal(r.not_before_ms - T0, (EJWT_RETRY_CAP_MS + 1u) / 2u);
    /* success forgets the failures: the window starts again at the base */
    assert_int_equal(ejwt_retry_update(&r, &done, T0, -1, RMAX), A_DONE);
    assert_int_equal(ejwt_retry_ready(&r, T0), EJWT_OK);
    assert_int_equal(r.failures, 0);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, -1, RMAX), A_BACK);
    assert_int_equal(r.not_before_ms - T0, EJWT_RETRY_BASE_MS);
    /* an outage is backed off for ever, never given up */
    for (n = 0; n < 1000u; n++) {
        assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0 + n * 1000u, -1, n * 7919u),
                         A_BACK);
        assert_true(r.not_before_ms >= T0 + n * 1000u + EJWT_RETRY_MIN_MS);
    }
    assert_int_equal(r.terminal, 0);
}

static void test_retry_after(void **state)
{
    ejwt_retry r;
    int64_t d = -1;
    const int64_t now = INT64_C(784111777); /* Sun, 06 Nov 1994 08:49:37 GMT */

    (void)state;
    assert_int_equal(ejwt_retry_after_parse("120", 3, EJWT_TIME_UNKNOWN, &d), EJWT_OK);
    assert_int_equal(d, 120);
    assert_int_equal(ejwt_retry_after_parse(" 0 ", 3, EJWT_TIME_UNKNOWN, &d), EJWT_OK);
    assert_int_equal(d, 0);
    assert_int_equal(ejwt_retry_after_parse("99999999999999999999999", 23, 0, &d), EJWT_OK);
    assert_int_equal(d, EJWT_RETRY_AFTER_MAX_S);
    assert_int_equal(ejwt_retry_after_parse("12a", 3, 0, &d), EJWT_ERR_HTTP_DATE_INVALID);
    assert_int_equal(ejwt_retry_after_parse("-5", 2, 0, &d), EJWT_ERR_HTTP_DATE_INVALID);
    assert_int_equal(ejwt_retry_after_parse("", 0, 0, &d), EJWT_ERR_HTTP_DATE_INVALID);
    assert_int_equal(ejwt_retry_after_parse("Sun, 06 Nov 1994 08:51:37 GMT", 29, now, &d), EJWT_OK);
    assert_int_equal(d, 120);
    assert_int_equal(ejwt_retry_after_parse("Sun, 06 Nov 1994 08:49:00 GMT", 29, now, &d), EJWT_OK);
    assert_int_equal(d, 0);
    assert_int_equal(ejwt_retry_after_parse("Mon, 07 Nov 1994 08:49:37 GMT", 29, now, &d), EJWT_OK);
    assert_int_equal(d, EJWT_RETRY_AFTER_MAX_S);
    assert_int_equal(
        ejwt_retry_after_parse("Sun, 06 Nov 1994 08:51:37 GMT", 29, EJWT_TIME_UNKNOWN, &d),
        EJWT_ERR_TIME_UNKNOWN);
    assert_int_equal(ejwt_retry_after_parse("Sunday, 06-Nov-94 08:49:37 GMT", 30, now, &d),
                     EJWT_ERR_HTTP_DATE_INVALID);
    /* honoured: never before R, and R plus up to min(window, R) */
    ejwt_retry_init(&r);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, 120, 0), A_BACK);
    assert_int_equal(r.not_before_ms - T0, 120000u);
    ejwt_retry_init(&r);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, 120, RMAX), A_BACK);
    assert_int_equal(r.not_before_ms - T0, 120000u + EJWT_RETRY_BASE_MS);
    ejwt_retry_init(&r);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, 999999, 0), A_BACK);
    assert_int_equal(r.not_before_ms - T0, (uint64_t)EJWT_RETRY_AFTER_MAX_S * 1000u);
    ejwt_retry_init(&r);
    assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, 0, 0), A_BACK);
    assert_int_equal(r.not_before_ms - T0, EJWT_RETRY_MIN_MS);
}

/* A client the server disabled: 500 after 500. The retries are bounded and
 * backed off, and end in GAVE_UP no earlier than EJWT_RETRY_GIVE_UP_AFTER_S. */
static void run_disabled_client(uint32_t rnd)
{
    ejwt_retry r;
    uint64_t now = T0, prev_wait = 0;
    unsigned answers = 0;
    ejwt_action a;

    ejwt_retry_init(&r);
    for (;;) {
        assert_int_equal(ejwt_retry_ready(&r, now), EJWT_OK);
        answers++;
        a = ejwt_retry_update(&r, &back_off_suspect, now, -1, rnd);
        if (a == A_GIVE) {
            break;
        }
        assert_int_equal(a, A_BACK);
        assert_true(answers <= EJWT_RETRY_MAX_SUSPECT);
        assert_true(r.not_before_ms - now >= EJWT_RETRY_MIN_MS);
        prev_wait = r.not_before_ms - now;
        assert_int_equal(ejwt_retry_ready(&r, r.not_before_ms - 1u), EJWT_ERR_OAUTH_RETRY);
        now = r.not_before_ms;
    }
    (void)prev_wait;
    assert_true(answers >= EJWT_RETRY_MAX_SUSPECT);
    assert_true(answers <= EJWT_RETRY_MAX_SUSPECT + 1u);
    assert_true(now - T0 >= (uint64_t)EJWT_RETRY_GIVE_UP_AFTER_S * 1000u);
    assert_int_equal(r.terminal, EJWT_ERR_GAVE_UP);
    assert_int_equal(ejwt_retry_ready(&r, now + UINT64_C(1000000000)), EJWT_ERR_GAVE_UP);
    /* terminal stays terminal, whatever comes */
    assert_int_equal(ejwt_retry_update(&r, &done, now, -1, 0), A_GIVE);
    assert_int_equal(ejwt_retry_ready(&r, now), EJWT_ERR_GAVE_UP);
}

static void test_give_up_bound(void **state)
{
    ejwt_retry r;
    unsigned i;

    (void)state;
    run_disabled_client(0);
    run_disabled_client(0x12345678u);
    run_disabled_client(RMAX);
    /* outage answers in between do not reset the count; a success does */
    ejwt_retry_init(&r);
    for (i = 0; i < EJWT_RETRY_MAX_SUSPECT - 1u; i++) {
        assert_int_equal(ejwt_retry_update(&r, &back_off_suspect, T0, -1, 0), A_BACK);
        assert_int_equal(ejwt_retry_update(&r, &back_off_outage, T0, -1, 0), A_BACK);
    }
    assert_int_equal(r.suspects, EJWT_RETRY_MAX_SUSPECT - 1u);
    assert_int_equal(ejwt_retry_update(&r, &done, T0, -1, 0), A_DONE);
    assert_int_equal(r.suspects, 0);
    /* explicit answers are terminal at once */
    {
        ejwt_outcome o = {EJWT_ACTION_DEPROVISIONED, EJWT_ERR_DEPROVISIONED, 0, "invalid_client"};
        ejwt_retry_init(&r);
        assert_int_equal(ejwt_retry_update(&r, &o, T0, -1, 0), A_DEPROV);
        assert_int_equal(ejwt_retry_ready(&r, T0 + 1u), EJWT_ERR_DEPROVISIONED);
        o.action = EJWT_ACTION_GIVE_UP;
        o.err = EJWT_ERR_ACCESS_DENIED;
        ejwt_retry_init(&r);
        assert_int_equal(ejwt_retry_update(&r, &o, T0, -1, 0), A_GIVE);
        assert_int_equal(ejwt_retry_ready(&r, T0 + 1u), EJWT_ERR_ACCESS_DENIED);
    }
}

static void test_reauthenticate_and_poll(void **state)
{
    static const ejwt_outcome reauth = {EJWT_ACTION_REAUTHENTICATE, EJWT_ERR_OAUTH_INVALID_GRANT, 0,
                                        "invalid_grant"};
    static const ejwt_outcome pending = {EJWT_ACTION_POLL_AGAIN, EJWT_ERR_OAUTH_RETRY, 0, ""};
    static const ejwt_outcome slow = {EJWT_ACTION_SLOW_DOWN, EJWT_ERR_OAUTH_RETRY, 0, ""};
    ejwt_retry r;
    unsigned i;

    (void)state;
    ejwt_retry_init(&r);
    /* the first re-authentication is immediate, the next ones back off and count */
    assert_int_equal(ejwt_retry_update(&r, &reauth, T0, -1, RMAX), A_REAUTH);
    assert_int_equal(ejwt_retry_ready(&r, T0), EJWT_OK);
    assert_int_equal(ejwt_retry_update(&r, &reauth, T0, -1, RMAX), A_REAUTH);
    assert_int_equal(r.not_before_ms - T0, EJWT_RETRY_BASE_MS);
    assert_int_equal(r.suspects, 1);
    /* a refused assertion for ever ends too */
    for (i = 0; i < 100u && r.terminal == 0; i++) {
        (void)ejwt_retry_update(&r, &reauth, r.not_before_ms, -1, RMAX);
    }
    assert_int_equal(r.terminal, EJWT_ERR_GAVE_UP);

    /* polling: the interval, then +5 s per slow_down, capped */
    ejwt_retry_init(&r);
    ejwt_retry_set_interval(&r, 0);
    assert_int_equal(r.interval_s, EJWT_DEVICE_POLL_INTERVAL_S);
    assert_int_equal(ejwt_retry_update(&r, &pending, T0, -1, RMAX), A_POLL);
    assert_int_equal(r.not_before_ms - T0, 5000u);
    assert_int_equal(ejwt_retry_update(&r, &slow, T0, -1, RMAX), A_SLOW);
    assert_int_equal(r.not_before_ms - T0, 10000u);
    assert_int_equal(ejwt_retry_update(&r, &pending, T0, -1, RMAX), A_POLL);
    assert_int_equal(r.not_before_ms - T0, 10000u);
    ejwt_retry_set_interval(&r, 7);
    assert_int_equal(ejwt_retry_update(&r, &pending, T0, -1, RMAX), A_POLL);
    assert_int_equal(r.not_before_ms - T0, 7000u);
    for (i = 0; i < 100u; i++) {
        (void)ejwt_retry_update(&r, &slow, T0, -1, RMAX);
    }
    assert_int_equal(r.interval_s, EJWT_DEVICE_MAX_INTERVAL_S);
    ejwt_retry_set_interval(&r, 100000u);
    assert_int_equal(r.interval_s, EJWT_DEVICE_MAX_INTERVAL_S);
    /* polling never gives up by itself (the device code's expiry ends it) */
    assert_int_equal(r.terminal, 0);
}

static void test_refresh_margin_jitter(void **state)
{
    uint32_t lo = 0xFFFFFFFFu, hi = 0, rnd = 1, i;

    (void)state;
    assert_int_equal(ejwt_refresh_margin_jitter(60, 0), 30);
    assert_int_equal(ejwt_refresh_margin_jitter(60, RMAX), 60);
    assert_int_equal(ejwt_refresh_margin_jitter(61, 0), 30);
    assert_int_equal(ejwt_refresh_margin_jitter(61, RMAX), 61);
    assert_int_equal(ejwt_refresh_margin_jitter(0, RMAX), 0);
    assert_int_equal(ejwt_refresh_margin_jitter(1, RMAX), 1);
    assert_int_equal(ejwt_refresh_margin_jitter(0xFFFFFFFFu, RMAX), 0xFFFFFFFFu);
    /* spread over the whole range */
    for (i = 0; i < 10000u; i++) {
        uint32_t m;
        rnd = rnd * 1664525u + 1013904223u;
        m = ejwt_refresh_margin_jitter(600, rnd);
        assert_in_range(m, 300, 600);
        lo = m < lo ? m : lo;
        hi = m > hi ? m : hi;
    }
    assert_true(lo <= 301u && hi >= 599u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification_table),
        cmocka_unit_test(test_full_jitter_window),
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_give_up_bound),
        cmocka_unit_test(test_reauthenticate_and_poll),
        cmocka_unit_test(test_refresh_margin_jitter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
