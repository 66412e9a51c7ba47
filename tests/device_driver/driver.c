/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The end-to-end tests' scenario driver (see driver.h): the example flow's
 * steps by name, the test-only steps, the clock modes and the step
 * dispatch. Every token response that is kept goes through the session
 * (ejwt_session_handle_token_response()), so the rules for what is stored -
 * a refresh answer without a refresh token keeps the stored one - are the
 * library's; the requests the tests send outside it (replays, the power-cut
 * loop's token sets) are parsed and never saved as responses.
 */
#include "driver.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/retry.h"
#include "ejwt/platform/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "ejwt/platform/token_store.h"

#define BEARER_PREFIX_LEN 7u /* "Bearer " */
#define HTTP_CLIENT_ERROR 400
#define PERCENT 100u

static flow_device g_dev;
static const driver_options *g_opt;
static const ejwt_platform *g_base; /* the port's own clock and entropy */

#define say(...) flow_say(&g_dev, __VA_ARGS__)
#define fail(err, what) flow_fail(&g_dev, (err), (what))

flow_device *driver_device(void)
{
    return &g_dev;
}

/* ------------------------------------------------------------------- clock */

static int drv_wall_time(void *ctx, int64_t *now)
{
    int64_t t = 0;
    int err;

    (void)ctx;
    if (g_opt->clock_mode == DRV_CLOCK_UNKNOWN || g_opt->clock_mode == DRV_CLOCK_DATE) {
        return EJWT_ERR_TIME_UNKNOWN; /* no RTC: the session learns the time */
    }
    err = g_base->wall_time(g_base->ctx, &t);
    if (err != EJWT_OK) {
        return err;
    }
    *now = t + (g_opt->clock_mode == DRV_CLOCK_OFFSET ? g_opt->clock_offset : 0);
    return EJWT_OK;
}

static uint64_t g_uptime0; /* the port's uptime at boot */

/* With uptime_rate the device's uptime runs at that percentage of real
 * time (a fast or slow clock: what a device grant's interval and expiry
 * are measured with). */
static uint64_t drv_uptime_ms(void *ctx)
{
    uint64_t t = g_base->uptime_ms(g_base->ctx);

    (void)ctx;
    if (g_opt->uptime_rate == 0u || t < g_uptime0) {
        return t;
    }
    return g_uptime0 + (t - g_uptime0) * g_opt->uptime_rate / PERCENT;
}

static int drv_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return g_base->entropy(g_base->ctx, buf, len);
}

static const ejwt_platform g_platform = {drv_wall_time, drv_uptime_ms, drv_entropy, NULL};

int driver_parse_clock(const char *v, size_t n, driver_options *o)
{
    int64_t off = 0;
    size_t i = 7;
    int neg = 0;

    if (n == 6u && memcmp(v, "system", 6) == 0) {
        o->clock_mode = DRV_CLOCK_SYSTEM;
    } else if (n == 7u && memcmp(v, "unknown", 7) == 0) {
        o->clock_mode = DRV_CLOCK_UNKNOWN;
    } else if (n == 4u && memcmp(v, "date", 4) == 0) {
        o->clock_mode = DRV_CLOCK_DATE;
    } else if (n > 7u && n < 18u && memcmp(v, "offset:", 7) == 0) {
        if (v[i] == '-') {
            neg = 1;
            i++;
        }
        if (i == n) {
            return -1;
        }
        for (; i < n; i++) {
            if (v[i] < '0' || v[i] > '9') {
                return -1;
            }
            off = off * 10 + (v[i] - '0');
        }
        o->clock_offset = neg ? -off : off;
        o->clock_mode = DRV_CLOCK_OFFSET;
    } else {
        return -1;
    }
    return 0;
}

/* ----------------------------------------------------------------- helpers */

static int need_session(void)
{
    return g_dev.session_ready ? EJWT_OK
                               : fail(EJWT_ERR_NO_TOKEN, "not provisioned: run provision first");
}

static const char *audience(void)
{
    return g_opt->aud != NULL ? g_opt->aud : g_dev.cfg.token_endpoint;
}

/* With --aud the session's assertions name another audience. */
static int apply_aud(void)
{
    ejwt_session_config sc;
    int err;

    if (g_opt->aud == NULL || !g_dev.session_ready) {
        return EJWT_OK;
    }
    memset(&sc, 0, sizeof(sc));
    sc.client_id = g_dev.cfg.client_id;
    sc.token_endpoint = g_opt->aud;
    sc.refresh_margin_s = g_opt->margin;
    err = ejwt_session_init(&g_dev.session, &sc, &g_dev.key, &g_dev.store);
    return err == EJWT_OK ? err : fail(err, "session with --aud");
}

/* Make the session renew the access token now, as a 401 would. */
static void drop_access_token(void)
{
    int retry = 0;

    (void)ejwt_session_handle_api_status(&g_dev.session, 401, &retry);
    (void)ejwt_session_handle_api_status(&g_dev.session, 200, &retry);
}

/* Prepare the session's next request, which must be a token request of
 * \p grant, and send it (the session saves the answer). */
static int session_token_request(ejwt_session_grant grant, http_response *resp)
{
    ejwt_session_request req;
    int err = ejwt_session_prepare(&g_dev.session, g_dev.buf, sizeof(g_dev.buf), &req);

    if (err != EJWT_OK) {
        return err;
    }
    if (req.action != EJWT_SESSION_POST_TOKEN || req.grant != grant) {
        memset(g_dev.buf, 0, sizeof(g_dev.buf));
        return EJWT_ERR_INVALID_ARG;
    }
    /* With --aud the session posts to the audience it was given (its aud is
     * always the URL it names); the test wants that assertion at the real
     * token endpoint. */
    req.url = g_dev.cfg.token_endpoint;
    return flow_token_request(&g_dev, &req, resp);
}

/*
 * A token request outside the session (replays, the power-cut loop's token
 * sets): built with the same library calls, the answer parsed into *r (views
 * into g_dev.work; wipe it after use) and never saved. \p body_in: a
 * prepared body to send as is, or NULL to build one (\p refresh NULL: a
 * client_credentials grant).
 */
static int unsaved_token_request(const char *refresh, const char *body_in, size_t body_len,
                                 ejwt_token_response *r, http_response *resp)
{
    ejwt_assertion_params p;
    size_t len = body_len;
    int err;

    memset(r, 0, sizeof(*r));
    memset(resp, 0, sizeof(*resp));
    if (body_in == NULL) {
        memset(&p, 0, sizeof(p));
        p.client_id = g_dev.cfg.client_id;
        p.audience = audience();
        p.now = flow_now(&g_dev);
        if (refresh == NULL) {
            err = ejwt_oauth_client_credentials_body(&g_dev.key, &p, g_dev.buf, sizeof(g_dev.buf),
                                                     &len);
        } else {
            err = ejwt_oauth_refresh_body(&g_dev.key, &p, refresh, strlen(refresh), g_dev.buf,
                                          sizeof(g_dev.buf), &len);
        }
        if (err != EJWT_OK) {
            return fail(err, "building the token request (client assertion)");
        }
        body_in = g_dev.buf;
    }
    err = flow_exchange(&g_dev, "POST", flow_url_path(g_dev.cfg.token_endpoint),
                        EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, body_in, len, resp);
    memset(g_dev.buf, 0, sizeof(g_dev.buf));
    if (err != EJWT_OK) {
        return fail(err, "POST /token");
    }
    if (resp->status != 200) {
        /* A refusal, by the table of docs/PROTOCOL.md (Glewlwyd's empty
         * 400 for a used refresh token is invalid_grant there). */
        ejwt_outcome out;

        err = ejwt_classify_response(refresh == NULL ? EJWT_REQ_TOKEN_CLIENT_CREDENTIALS
                                                     : EJWT_REQ_TOKEN_REFRESH,
                                     resp->status, resp->body, resp->body_len, &out);
        err = err == EJWT_OK ? out.err : err;
    } else {
        err = ejwt_oauth_parse_token_response(resp->status, resp->body, resp->body_len, g_dev.work,
                                              sizeof(g_dev.work), r);
    }
    if (err != EJWT_OK) {
        say("token: %s -> %d %s", refresh == NULL ? "client_credentials" : "refresh_token",
            resp->status, resp->body);
    }
    return err == EJWT_OK || resp->status >= HTTP_CLIENT_ERROR ? err : fail(err, "POST /token");
}

/* A replayed token request must be refused by the server (a 4xx or 5xx
 * answer; the tests check which error the table makes of it: the reference
 * backend's invalid_grant, Glewlwyd's empty 403 or 400). */
static int expect_refused(int err, const http_response *resp, const char *step,
                          const char *accepted)
{
    memset(g_dev.work, 0, sizeof(g_dev.work));
    if (err == EJWT_OK || resp->status < HTTP_CLIENT_ERROR) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, accepted);
    }
    say("%s: refused: %s (HTTP %d)", step, ejwt_error_name(err), resp->status);
    return EJWT_OK;
}

/* ---------------------------------------------------- the example's steps */

static int step_provision(void)
{
    int err;

    if (g_dev.provisioned) {
        say("provision: already provisioned as %s (token endpoint %s): nothing to do",
            g_dev.cfg.client_id, g_dev.cfg.token_endpoint);
        return EJWT_OK;
    }
    err = flow_provision(&g_dev, &g_opt->factory, g_opt->client_id_prefix);
    if (err == EJWT_OK && g_opt->link_info != NULL) {
        say("link: %s", g_opt->link_info());
    }
    return err == EJWT_OK ? apply_aud() : err;
}

static int step_session(void)
{
    http_response resp;

    return flow_call_api(&g_dev, NULL, &resp);
}

static int step_api(void)
{
    http_response resp;
    int err = flow_call_api(&g_dev, "/api/telemetry", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    g_opt->report_api(&resp);
    return resp.status == 200 ? EJWT_OK : fail(EJWT_ERR_OAUTH_RETRY, "API call");
}

static int step_command(void)
{
    return flow_command(&g_dev, "/command");
}

/* Create (or find) the device key and print its public JWK: what the
 * server's administrator registers for a provisioned client id. */
static int step_pubkey(void)
{
    static char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    size_t len = 0;
    int created = 0;
    int err = ejwt_device_key_provision(&g_dev.key, &created);

    if (err == EJWT_OK) {
        err = ejwt_device_key_public_jwk(jwk, sizeof(jwk), &len);
    }
    if (err != EJWT_OK) {
        return fail(err, "device key");
    }
    say("pubkey: %s", jwk);
    return EJWT_OK;
}

static int step_logout(void)
{
    int err = need_session();

    return err == EJWT_OK ? flow_logout(&g_dev) : err;
}

/* ---------------------------------------------------------- test steps */

/* Force a new session now (client_credentials), whatever is stored: the
 * store is cleared, then the session opens one, in a single request. */
static int step_auth(void)
{
    http_response resp;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    say("auth: new session: client assertion (aud %s) -> client_credentials", audience());
    err = ejwt_token_store_clear(&g_dev.store);
    if (err == EJWT_OK) {
        err = session_token_request(EJWT_SESSION_GRANT_CLIENT_CREDENTIALS, &resp);
    }
    return err == EJWT_OK ? err : fail(err, "authenticate");
}

/* Force a refresh now with the stored refresh token. */
static int step_refresh(void)
{
    http_response resp;
    int err = need_session();

    if (err == EJWT_OK) {
        drop_access_token();
        err = session_token_request(EJWT_SESSION_GRANT_REFRESH_TOKEN, &resp);
    }
    return err == EJWT_OK ? err : fail(err, "refresh");
}

/* Print one fresh assertion (with the clock and aud options). */
static int step_assertion(void)
{
    ejwt_assertion_params p;
    size_t len = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.client_id = g_dev.cfg.client_id;
    p.audience = audience();
    p.now = flow_now(&g_dev);
    err = ejwt_assertion_sign(&g_dev.key, &p, g_dev.buf, sizeof(g_dev.buf), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("assertion: %s", g_dev.buf);
    memset(g_dev.buf, 0, sizeof(g_dev.buf));
    return EJWT_OK;
}

/* The same token request (same assertion) twice: the second is refused. */
static int step_replay_assertion(void)
{
    static char body[DEVICE_APP_BUF_SIZE];
    ejwt_session_request req;
    ejwt_token_response r;
    http_response resp;
    int err = need_session();

    memset(&req, 0, sizeof(req));
    if (err == EJWT_OK) {
        err = ejwt_token_store_clear(&g_dev.store); /* the next request: client_credentials */
    }
    if (err == EJWT_OK) {
        err = ejwt_session_prepare(&g_dev.session, g_dev.buf, sizeof(g_dev.buf), &req);
    }
    if (err != EJWT_OK || req.action != EJWT_SESSION_POST_TOKEN) {
        return fail(err != EJWT_OK ? err : EJWT_ERR_INVALID_ARG, "preparing the assertion");
    }
    memcpy(body, g_dev.buf, req.len + 1u);
    say("replay: first use of the assertion");
    err = flow_token_request(&g_dev, &req, &resp);
    if (err != EJWT_OK) {
        memset(body, 0, sizeof(body));
        return fail(err, "first use");
    }
    say("replay: accepted; now the very same assertion again");
    err = unsaved_token_request(NULL, body, req.len, &r, &resp);
    memset(body, 0, sizeof(body));
    return expect_refused(err, &resp, "replay", "replayed assertion accepted");
}

/* Present a refresh token that was already rotated away (what a device
 * does when a power cut lost the rotated token). */
static int step_refresh_replay(void)
{
    static char old[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_dev.store, old, sizeof(old), &len);
    }
    if (err == EJWT_OK) {
        err = step_refresh();
    }
    if (err != EJWT_OK) {
        memset(old, 0, sizeof(old));
        return fail(err, "first refresh");
    }
    say("refresh-replay: presenting the old, already rotated refresh token again");
    err = unsaved_token_request(old, NULL, 0, &r, &resp);
    memset(old, 0, sizeof(old));
    return expect_refused(err, &resp, "refresh-replay", "reused refresh token accepted");
}

/* Damage the stored access token (one payload character); the refresh
 * token stays (refresh NULL keeps it). */
static int step_tamper(void)
{
    static char tok[EJWT_TOKEN_STORE_MAX_TOKEN + 16];
    ejwt_token_meta meta;
    ejwt_token_set set;
    char *dot;
    size_t len = 0;
    int err = ejwt_token_store_bearer(&g_dev.store, tok, sizeof(tok), &len);

    if (err == EJWT_OK) {
        err = ejwt_token_store_meta(&g_dev.store, &meta);
    }
    if (err != EJWT_OK) {
        return fail(err, "reading the stored access token");
    }
    dot = strchr(tok + BEARER_PREFIX_LEN, '.');
    if (dot == NULL || strlen(dot) < 8u) {
        return fail(EJWT_ERR_SEGMENTS, "stored access token");
    }
    dot[5] = dot[5] == 'A' ? 'B' : 'A';
    memset(&set, 0, sizeof(set));
    set.access = tok + BEARER_PREFIX_LEN;
    set.access_len = len - BEARER_PREFIX_LEN;
    set.exp = meta.basis == EJWT_EXPIRY_WALL ? meta.exp : EJWT_TIME_UNKNOWN;
    set.expires_in = 60;
    err = ejwt_token_store_save(&g_dev.store, &set, flow_now(&g_dev));
    memset(tok, 0, sizeof(tok));
    if (err != EJWT_OK) {
        return fail(err, "saving the tampered token");
    }
    say("tamper: one character of the stored access token's payload changed");
    return EJWT_OK;
}

/* Forget the stored tokens (the next call obtains new ones). */
static int step_clear(void)
{
    int err = ejwt_token_store_clear(&g_dev.store);

    say("clear: stored tokens wiped locally (%s)", ejwt_error_name(err));
    return err;
}

/* Print fingerprints of what the store holds (tests compare them). */
static int step_show(void)
{
    char fa[FLOW_FINGERPRINT_SIZE] = "-";
    char fr[FLOW_FINGERPRINT_SIZE] = "-";
    size_t len = 0;
    int ea = ejwt_token_store_bearer(&g_dev.store, g_dev.buf, sizeof(g_dev.buf), &len);
    int er;

    if (ea == EJWT_OK) {
        flow_fingerprint(g_dev.buf + BEARER_PREFIX_LEN, len - BEARER_PREFIX_LEN, fa);
    }
    er = ejwt_token_store_refresh_token(&g_dev.store, g_dev.buf, sizeof(g_dev.buf), &len);
    if (er == EJWT_OK) {
        flow_fingerprint(g_dev.buf, len, fr);
    }
    memset(g_dev.buf, 0, sizeof(g_dev.buf));
    say("store: access=%s (%s) refresh=%s (%s)", fa, ejwt_error_name(ea), fr, ejwt_error_name(er));
    return (ea == EJWT_OK || ea == EJWT_ERR_NO_TOKEN) ? EJWT_OK : fail(ea, "token store");
}

/* Power-cut test: save two known token sets alternately, forever (or count
 * times), so that a kill lands in the middle of a save. */
static int step_save_loop(void)
{
    static char acc[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static char ref[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static ejwt_token_set sets[2];
    ejwt_token_response r;
    http_response resp;
    char fa[FLOW_FINGERPRINT_SIZE];
    char fr[FLOW_FINGERPRINT_SIZE];
    long i;
    int k;
    int err = need_session();

    for (k = 0; k < 2 && err == EJWT_OK; k++) {
        err = unsaved_token_request(NULL, NULL, 0, &r, &resp);
        if (err != EJWT_OK) {
            break;
        }
        /* A client_credentials answer has no refresh token (RFC 6749
         * section 4.4.3): the sets are then access tokens only. */
        if (r.access_token == NULL || r.access_token_len >= sizeof(acc[k]) ||
            (r.refresh_token != NULL && r.refresh_token_len >= sizeof(ref[k]))) {
            err = EJWT_ERR_OAUTH_RESPONSE;
            break;
        }
        memcpy(acc[k], r.access_token, r.access_token_len + 1u);
        memset(&sets[k], 0, sizeof(sets[k]));
        sets[k].access = acc[k];
        sets[k].access_len = r.access_token_len;
        sets[k].exp = EJWT_TIME_UNKNOWN;
        sets[k].expires_in = r.expires_in;
        flow_fingerprint(acc[k], r.access_token_len, fa);
        fr[0] = '-';
        fr[1] = '\0';
        if (r.refresh_token != NULL) {
            memcpy(ref[k], r.refresh_token, r.refresh_token_len + 1u);
            sets[k].refresh = ref[k];
            sets[k].refresh_len = r.refresh_token_len;
            flow_fingerprint(ref[k], r.refresh_token_len, fr);
        }
        say("save-loop: set %c access=%s refresh=%s", 'A' + k, fa, fr);
    }
    memset(g_dev.work, 0, sizeof(g_dev.work));
    if (err != EJWT_OK) {
        return fail(err, "getting two token sets");
    }
    say("save-loop: saving A and B alternately");
    for (i = 0; g_opt->count <= 0 || i < g_opt->count; i++) {
        err = ejwt_token_store_save(&g_dev.store, &sets[i & 1], flow_now(&g_dev));
        if (err != EJWT_OK) {
            return fail(err, "save");
        }
    }
    return EJWT_OK;
}

/* Power-cut test with the network: renew the access token again and again
 * (count times): a refresh where the server issued a refresh token, else a
 * new grant. */
static int step_refresh_loop(void)
{
    http_response resp;
    long i;
    int err = need_session();

    say("refresh-loop: renewing the access token again and again");
    for (i = 0; err == EJWT_OK && (g_opt->count <= 0 || i < g_opt->count); i++) {
        drop_access_token(); /* the session refreshes */
        err = flow_call_api(&g_dev, NULL, &resp);
    }
    return err;
}

/* ------------------------------------------------------------- dispatch */

int driver_run_step(const char *s, size_t n)
{
    static const drv_step steps[] = {
        {"provision", step_provision},
        {"session", step_session},
        {"api", step_api},
        {"command", step_command},
        {"logout", step_logout},
        {"pubkey", step_pubkey},
        {"clear", step_clear},
        {"auth", step_auth},
        {"refresh", step_refresh},
        {"show", step_show},
        {"assertion", step_assertion},
        {"replay-assertion", step_replay_assertion},
        {"refresh-replay", step_refresh_replay},
        {"tamper", step_tamper},
        {"save-loop", step_save_loop},
        {"refresh-loop", step_refresh_loop},
        {NULL, NULL},
    };
    const drv_step *tables[2];
    const drv_step *t;
    size_t i;

    tables[0] = steps;
    tables[1] = g_opt->steps;
    for (i = 0; i < 2u; i++) {
        for (t = tables[i]; t != NULL && t->name != NULL; t++) {
            if (strlen(t->name) == n && memcmp(t->name, s, n) == 0) {
                return t->fn();
            }
        }
    }
    return 1; /* unknown step */
}

int driver_boot(flow_port *port, const driver_options *opt)
{
    int err;

    g_opt = opt;
    g_base = port->platform;
    g_uptime0 = g_base->uptime_ms(g_base->ctx);
    port->platform = &g_platform;
    port->trust_date = opt->clock_mode == DRV_CLOCK_DATE;
    g_dev.rounds_max = opt->attempts;
    g_dev.wait_max_ms = opt->wait_max_ms;
    err = flow_boot(&g_dev, port, opt->margin);
    return err == EJWT_OK ? apply_aud() : err;
}
