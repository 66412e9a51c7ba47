/*
 * The device flow shared by ejwt_host_device and ejwt_board_device (see
 * flow.h): provisioning, the session loop, the API and command steps, the
 * test steps and the step dispatch. The port (device_port) carries the
 * transport, the logger, the clock and the differences.
 */
#include "flow.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../host_device/device_config.h"
#include "ejwt/auth/assertion.h"
#include "ejwt/auth/command.h"
#include "ejwt/platform/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/platform.h"
#include "ejwt/auth/session.h"
#include "ejwt/platform/token_store.h"

#ifndef DEVICE_APP_BUF_SIZE
#define DEVICE_APP_BUF_SIZE 8192
#endif
#ifndef DEVICE_APP_ARGS_MAX
#define DEVICE_APP_ARGS_MAX 256
#endif

static const device_port *g_port;

#define say dev_say
#define fail dev_fail

/* ------------------------------------------------------------------ output */

void dev_say(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_port->vsay(fmt, ap);
    va_end(ap);
}

int dev_fail(int err, const char *what)
{
    dev_say("error: %s: %s (%s)", ejwt_error_name(err), what, ejwt_strerror(err));
    return err;
}

static int fmt(char *buf, size_t cap, const char *f, ...) DEV_PRINTF_LIKE(3, 4);

static int fmt(char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    int n;

    va_start(ap, f);
    n = g_port->vformat(buf, cap, f, ap);
    va_end(ap);
    return n;
}

/* A short fingerprint of a secret for the transcript: never the secret. */
static void fingerprint(const char *s, size_t len, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[32];
    int i;

    if (ejwt_sha256((const uint8_t *)s, len, h) != EJWT_OK) {
        memset(h, 0, sizeof(h));
    }
    for (i = 0; i < 8; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15u];
    }
    out[16] = '\0';
}

/* ------------------------------------------------------------------- clock */

static int device_wall_time(void *ctx, int64_t *now)
{
    const ejwt_platform *base = g_port->base;
    int64_t t = 0;
    int err;

    (void)ctx;
    if (g_port->clock_mode == DEV_CLOCK_UNKNOWN || g_port->clock_mode == DEV_CLOCK_DATE) {
        return EJWT_ERR_TIME_UNKNOWN; /* no RTC: the session learns the time */
    }
    err = base->wall_time(base->ctx, &t);
    if (err != EJWT_OK) {
        return err;
    }
    *now = t + (g_port->clock_mode == DEV_CLOCK_OFFSET ? g_port->clock_offset : 0);
    return EJWT_OK;
}

static uint64_t device_uptime_ms(void *ctx)
{
    (void)ctx;
    return g_port->base->uptime_ms(g_port->base->ctx);
}

static int device_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return g_port->base->entropy(g_port->base->ctx, buf, len);
}

static const ejwt_platform g_platform = {device_wall_time, device_uptime_ms, device_entropy, NULL};

static ejwt_session g_sess;
static int g_sess_ready;

int64_t flow_now(void)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    if (g_sess_ready) {
        (void)ejwt_session_now(&g_sess, &now);
    } else if (ejwt_platform_wall_time(&now) != EJWT_OK) {
        now = EJWT_TIME_UNKNOWN;
    }
    return now;
}
/* --------------------------------------------------------------- transport */

/* The port's request; then a device without a wall clock learns the time
 * from the backend's Date header (authenticated by TLS on the board). */
static int exchange(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp)
{
    int err = g_port->exchange(method, path, ctype, authorization, body, body_len, resp);

    if (err != EJWT_OK) {
        return err;
    }
    if (g_port->clock_mode == DEV_CLOCK_DATE && g_sess_ready && flow_now() == EJWT_TIME_UNKNOWN &&
        resp->date[0] != '\0') {
        int64_t t0 = 0;
        int e2 = ejwt_http_date_parse(resp->date, strlen(resp->date), &t0);
        if (e2 == EJWT_OK) {
            e2 = ejwt_session_set_time(&g_sess, t0);
        }
        if (e2 == EJWT_OK && g_port->time_learned != NULL) {
            g_port->time_learned();
        }
        say("clock: %s from the backend's Date header (%s)",
            e2 == EJWT_OK ? "time learned" : ejwt_error_name(e2), resp->date);
    }
    return EJWT_OK;
}

/* ------------------------------------------------------------------- state */

static dev_config g_cfg;
static int g_provisioned;
static ejwt_token_store g_ts;
static ejwt_key g_key;
static ejwt_command_verifier g_verifier;
static char g_buf[DEVICE_APP_BUF_SIZE];  /* bearer value or token request body */
static char g_work[DEVICE_APP_BUF_SIZE]; /* parsed token response strings */

static int need_session(void)
{
    if (!g_provisioned || !g_sess_ready) {
        return fail(EJWT_ERR_NO_TOKEN, "not provisioned: run the provision step first");
    }
    return EJWT_OK;
}

/* After provisioning (or at boot when provisioned): the session and the
 * command verifier, both built from the stored configuration. */
static int start_session(void)
{
    ejwt_session_config sc;
    ejwt_command_config cc;
    int err = ejwt_device_key_get(&g_key);

    if (err != EJWT_OK) {
        return fail(err, "device key");
    }
    memset(&sc, 0, sizeof(sc));
    sc.client_id = g_cfg.client_id;
    sc.token_endpoint = g_port->aud != NULL ? g_port->aud : g_cfg.token_endpoint;
    sc.refresh_margin_s = g_port->margin;
    err = ejwt_session_init(&g_sess, &sc, &g_key, &g_ts);
    if (err != EJWT_OK) {
        return fail(err, "session");
    }
    g_sess_ready = 1;
    memset(&cc, 0, sizeof(cc));
    cc.client_id = g_cfg.client_id;
    cc.issuer = g_cfg.issuer;
    cc.leeway_s = 5;
    err = ejwt_command_verifier_init(&g_verifier, &cc, g_cfg.text + g_cfg.jwks_off, g_cfg.jwks_len);
    if (err != EJWT_OK) {
        return fail(err, "importing the backend's JWK Set");
    }
    return EJWT_OK;
}

/* ------------------------------------------------------------------- steps */

static int step_provision(void)
{
    static char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    static char body[512];
    char client_id[DEV_CLIENT_ID_MAX + 1];
    http_response resp;
    size_t len = 0;
    int created = 0;
    int n;
    int err;

    if (g_provisioned) {
        say("provision: already provisioned as %s (token endpoint %s): nothing to do",
            g_cfg.client_id, g_cfg.token_endpoint);
        return EJWT_OK;
    }
    err = ejwt_device_key_provision(&g_key, &created);
    if (err != EJWT_OK) {
        return fail(err, "creating the device key");
    }
    say("provision: device key %s in secure storage (PSA id 0x%08lx, kid %s)",
        created ? "created" : "found", (unsigned long)EJWT_DEVICE_KEY_ID, g_key.kid);
    err = ejwt_device_key_public_jwk(jwk, sizeof(jwk), &len);
    if (err != EJWT_OK) {
        return fail(err, "exporting the public JWK");
    }
    if (g_port->client_id != NULL) {
        n = fmt(client_id, sizeof(client_id), "%s", g_port->client_id);
    } else {
        n = fmt(client_id, sizeof(client_id), "%s%.12s", g_port->client_id_prefix, g_key.kid);
    }
    if (n < 0 || (size_t)n >= sizeof(client_id)) {
        return fail(EJWT_ERR_LIMIT, "client id too long");
    }
    n = fmt(body, sizeof(body), "{\"client_id\":\"%s\",\"jwk\":%s}", client_id, jwk);
    if (n < 0 || (size_t)n >= sizeof(body)) {
        return fail(EJWT_ERR_BUFFER_TOO_SMALL, "registration body");
    }
    err = exchange("POST", "/register", "application/json", NULL, body, (size_t)n, &resp);
    if (err != EJWT_OK) {
        return fail(err, "POST /register");
    }
    if (g_port->link_info != NULL) {
        say("link: %s", g_port->link_info());
    }
    if (resp.status != 201 && resp.status != 200) {
        say("provision: POST /register -> %d %s", resp.status, resp.body);
        return fail(EJWT_ERR_OAUTH_RETRY, "registration refused");
    }
    err = dev_config_parse(&g_cfg, resp.body, resp.body_len);
    if (err == EJWT_OK && strcmp(g_cfg.client_id, client_id) != 0) {
        err = EJWT_ERR_OAUTH_RESPONSE;
    }
    if (err != EJWT_OK) {
        return fail(err, "registration answer");
    }
    err = dev_config_save(&g_cfg);
    if (err != EJWT_OK) {
        return fail(err, "storing the configuration");
    }
    g_provisioned = 1;
    say("provision: registered as %s -> %d; token endpoint %s; backend JWK Set stored",
        g_cfg.client_id, resp.status, g_cfg.token_endpoint);
    return start_session();
}

/* Without a wall clock, ask the backend for its Date (any response has one). */
static void sync_time(void)
{
    http_response resp;

    say("clock: wall time unknown; GET /jwks.json for the backend's Date");
    (void)exchange("GET", "/jwks.json", NULL, NULL, NULL, 0, &resp);
}

static void report_store(const char *what)
{
    size_t len = 0;
    char fa[17] = "-";
    char fr[17] = "-";

    if (ejwt_token_store_bearer(&g_ts, g_work, sizeof(g_work), &len) == EJWT_OK) {
        fingerprint(g_work + 7, len - 7u, fa);
    }
    if (ejwt_token_store_refresh_token(&g_ts, g_work, sizeof(g_work), &len) == EJWT_OK) {
        fingerprint(g_work, len, fr);
    }
    memset(g_work, 0, sizeof(g_work));
    say("%s: access token %s, refresh token %s (fingerprints)", what, fa, fr);
}

static int deprovisioned(int err)
{
    if (err == EJWT_ERR_DEPROVISIONED) {
        say("stopping: the backend deprovisioned this device (invalid_client); the session "
            "cleared the stored tokens");
    }
    return err;
}

/*
 * The firmware's loop, once: let the session decide (reuse the stored
 * access token, refresh, or sign a new assertion) until an API call to
 * \p path has an answer. \p api_path NULL stops once a usable token is
 * stored.
 */
static int run_session(const char *api_path, http_response *resp)
{
    ejwt_session_stats before;
    ejwt_session_stats now;
    ejwt_session_request req;
    int cc_refused = 0;
    int synced = 0;
    int guard;
    int retry = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    ejwt_session_get_stats(&g_sess, &before);
    for (guard = 0; guard < 8; guard++) {
        err = ejwt_session_prepare(&g_sess, g_buf, sizeof(g_buf), &req);
        if (err == EJWT_ERR_TIME_UNKNOWN && g_port->clock_mode == DEV_CLOCK_DATE && !synced) {
            synced = 1;
            sync_time();
            continue;
        }
        if (err != EJWT_OK) {
            if (err == EJWT_ERR_TIME_UNKNOWN) {
                return fail(err, "no wall clock: refusing to sign an assertion");
            }
            return fail(deprovisioned(err), "session");
        }
        if (req.action == EJWT_SESSION_POST_TOKEN) {
            const char *grant = req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                    ? "refresh_token"
                                    : "client_credentials";
            say("session: %s grant with a fresh client assertion", grant);
            err = exchange("POST", "/token", EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, g_buf, req.len,
                           resp);
            memset(g_buf, 0, sizeof(g_buf));
            err = ejwt_session_handle_token_response(
                &g_sess, err == EJWT_OK ? resp->status : 0, err == EJWT_OK ? resp->body : NULL,
                err == EJWT_OK ? resp->body_len : 0u, g_work, sizeof(g_work));
            if (err == EJWT_OK) {
                report_store(req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                 ? "session: refreshed (rotated) and saved"
                                 : "session: authenticated and saved");
                if (api_path == NULL) {
                    return EJWT_OK;
                }
                continue;
            }
            say("session: %s -> %d %s", grant, resp->status, resp->body);
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT &&
                req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                say("session: refresh refused: the next request signs a new assertion");
                continue;
            }
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT && !cc_refused) {
                cc_refused = 1; /* one new assertion, then give up (back off) */
                continue;
            }
            return fail(deprovisioned(err), "token endpoint");
        }
        /* EJWT_SESSION_CALL_API: g_buf holds "Bearer <access token>". */
        ejwt_session_get_stats(&g_sess, &now);
        if (g_port->reuse_note_first_pass_only
                ? now.assertions_signed == before.assertions_signed && guard == 0
                : now.token_requests == before.token_requests && !retry) {
            say("session: stored access token still valid (margin %lu s): reused, no assertion",
                (unsigned long)g_port->margin);
        }
        if (api_path == NULL) {
            memset(g_buf, 0, sizeof(g_buf));
            return EJWT_OK;
        }
        err = exchange("GET", api_path, NULL, g_buf, NULL, 0, resp);
        memset(g_buf, 0, sizeof(g_buf));
        if (err != EJWT_OK) {
            return fail(err, api_path);
        }
        err = ejwt_session_handle_api_status(&g_sess, resp->status, &retry);
        if (err != EJWT_OK) {
            return fail(err, api_path);
        }
        if (!retry) {
            return EJWT_OK;
        }
        say("api: GET %s -> 401, WWW-Authenticate: %s", api_path, resp->www_authenticate);
        say("api: access token dropped; renewing and retrying once");
    }
    return fail(EJWT_ERR_OAUTH_RETRY, "session did not settle");
}

static int step_session(void)
{
    http_response resp;

    return run_session(NULL, &resp);
}

static int step_api(void)
{
    http_response resp;
    int err = run_session("/api/telemetry", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    g_port->report_api(&resp);
    return resp.status == 200 ? EJWT_OK : fail(EJWT_ERR_OAUTH_RETRY, "API call");
}

static int step_command(void)
{
    static char token[EJWT_MAX_TOKEN_LEN + 1];
    static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
    static ejwt_command cmd;
    char name[64];
    char args[DEVICE_APP_ARGS_MAX];
    ejwt_json claims;
    http_response resp;
    size_t n = 0;
    int err = run_session("/command", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    if (resp.status != 200 || resp.body_len >= sizeof(token)) {
        return fail(EJWT_ERR_OAUTH_RETRY, "GET /command");
    }
    memcpy(token, resp.body, resp.body_len + 1u);
    say("command: received a signed command (%lu bytes)", (unsigned long)resp.body_len);
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, flow_now(), work, sizeof(work),
                              &cmd);
    if (err != EJWT_OK) {
        return fail(err, "verifying the command");
    }
    claims = ejwt_command_claims(&cmd);
    name[0] = '\0';
    args[0] = '\0';
    (void)ejwt_json_string_copy(&claims, cmd.cmd, name, sizeof(name), &n);
    if (cmd.args >= 0) {
        n = (size_t)(claims.tok[cmd.args].end - claims.tok[cmd.args].start);
        if (n < sizeof(args)) {
            memcpy(args, claims.text + claims.tok[cmd.args].start, n);
            args[n] = '\0';
        }
    }
    say("command: verified (ES256 pinned, kid from the provisioned JWK Set, typ command+jwt, "
        "aud %s): cmd=%s args=%s",
        g_cfg.client_id, name, args);
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, flow_now(), work, sizeof(work),
                              &cmd);
    if (err != EJWT_ERR_REPLAYED) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err,
                    "the same command a second time was not refused as a replay");
    }
    say("command: the same command again -> refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}

/*
 * Token requests outside the session's decisions (the forced steps and the
 * test helpers), built with the same library calls the session uses.
 * \p assertion_body: a prepared body to send as is (replay test), or NULL.
 */
static int token_exchange(const char *refresh, const char *body_in, size_t body_len,
                          ejwt_token_response *r, http_response *resp)
{
    ejwt_assertion_params p;
    size_t len = body_len;
    int err;

    if (body_in == NULL) {
        memset(&p, 0, sizeof(p));
        p.client_id = g_cfg.client_id;
        p.audience = g_port->aud != NULL ? g_port->aud : g_cfg.token_endpoint;
        p.now = flow_now();
        if (refresh == NULL) {
            err = ejwt_oauth_client_credentials_body(&g_key, &p, g_buf, sizeof(g_buf), &len);
        } else {
            err = ejwt_oauth_refresh_body(&g_key, &p, refresh, strlen(refresh), g_buf,
                                          sizeof(g_buf), &len);
        }
        if (err != EJWT_OK) {
            return fail(err, "building the token request (client assertion)");
        }
        body_in = g_buf;
    }
    err = exchange("POST", "/token", EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, body_in, len, resp);
    memset(g_buf, 0, sizeof(g_buf));
    if (err != EJWT_OK) {
        return fail(err, "POST /token");
    }
    err = ejwt_oauth_parse_token_response(resp->status, resp->body, resp->body_len, g_work,
                                          sizeof(g_work), r);
    if (err != EJWT_OK) {
        say("token: %s -> %d %s", refresh == NULL ? "client_credentials" : "refresh_token",
            resp->status, resp->body);
    }
    return err;
}

static int save_response(const ejwt_token_response *r)
{
    ejwt_token_set set;
    int err;

    memset(&set, 0, sizeof(set));
    set.access = r->access_token;
    set.access_len = r->access_token_len;
    set.refresh = r->refresh_token != NULL ? r->refresh_token : "";
    set.refresh_len = r->refresh_token_len;
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = r->expires_in;
    set.scope = r->scope;
    set.scope_len = r->scope_len;
    err = ejwt_token_store_save(&g_ts, &set);
    return err == EJWT_OK ? err : fail(err, "saving the tokens");
}

/* The end of a forced token request: save the tokens and report them. */
static int save_and_report(int err, const ejwt_token_response *r, const char *done,
                           const char *what)
{
    if (err == EJWT_OK) {
        err = save_response(r);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_OK) {
        report_store(done);
    }
    return err == EJWT_OK ? err : fail(deprovisioned(err), what);
}

/* Force a new session now (client_credentials), whatever is stored. */
static int step_auth(void)
{
    ejwt_token_response r;
    http_response resp;
    int err = need_session();

    if (err == EJWT_OK) {
        say("auth: new session: client assertion (aud %s) -> client_credentials",
            g_port->aud != NULL ? g_port->aud : g_cfg.token_endpoint);
        err = token_exchange(NULL, NULL, 0, &r, &resp);
    }
    return save_and_report(err, &r, "auth: OK, saved", "authenticate");
}

/* The stored refresh token (a session must exist). */
static int stored_refresh_token(char *buf, size_t cap)
{
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_ts, buf, cap, &len);
    }
    return err;
}

/* Force a refresh now with the stored refresh token. */
static int step_refresh(void)
{
    static char rt[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    int err = stored_refresh_token(rt, sizeof(rt));

    if (err == EJWT_OK) {
        err = token_exchange(rt, NULL, 0, &r, &resp);
    }
    memset(rt, 0, sizeof(rt));
    return save_and_report(err, &r, "refresh: OK, rotated and saved", "refresh");
}

/* Test helper: print one fresh assertion (with the --clock and --aud options). */
static int step_assertion(void)
{
    ejwt_assertion_params p;
    size_t len = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.client_id = g_cfg.client_id;
    p.audience = g_port->aud != NULL ? g_port->aud : g_cfg.token_endpoint;
    p.now = flow_now();
    err = ejwt_assertion_sign(&g_key, &p, g_buf, sizeof(g_buf), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("assertion: %s", g_buf);
    memset(g_buf, 0, sizeof(g_buf));
    return EJWT_OK;
}

/* A replayed token request must be refused (invalid_grant). */
static int expect_refused(int err, const char *step, const char *accepted)
{
    if (err != EJWT_ERR_OAUTH_INVALID_GRANT) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, accepted);
    }
    say("%s: refused: %s", step, ejwt_error_name(err));
    return EJWT_OK;
}

/* Test: the same request (same assertion) twice; the second must be refused. */
static int step_replay_assertion(void)
{
    static char body[sizeof(g_buf)];
    ejwt_assertion_params p;
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.client_id = g_cfg.client_id;
    p.audience = g_cfg.token_endpoint;
    p.now = flow_now();
    err = ejwt_oauth_client_credentials_body(&g_key, &p, body, sizeof(body), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("replay: first use of the assertion");
    err = token_exchange(NULL, body, len, &r, &resp);
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    if (err != EJWT_OK) {
        return fail(err, "first use");
    }
    say("replay: accepted; now the very same assertion again");
    err = token_exchange(NULL, body, len, &r, &resp);
    memset(body, 0, sizeof(body));
    return expect_refused(err, "replay", "replayed assertion accepted");
}

/* Test: present a refresh token that was already rotated away (what a device
 * does when a power cut lost the rotated token). */
static int step_refresh_replay(void)
{
    static char old[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    int err = stored_refresh_token(old, sizeof(old));

    if (err == EJWT_OK) {
        err = step_refresh();
    }
    if (err != EJWT_OK) {
        return fail(err, "first refresh");
    }
    say("refresh-replay: presenting the old, already rotated refresh token again");
    err = token_exchange(old, NULL, 0, &r, &resp);
    memset(old, 0, sizeof(old));
    memset(g_work, 0, sizeof(g_work));
    return expect_refused(err, "refresh-replay", "reused refresh token accepted");
}

/* Test: damage the stored access token (one payload character). */
static int step_tamper(void)
{
    static char tok[EJWT_TOKEN_STORE_MAX_TOKEN + 16];
    ejwt_token_meta meta;
    ejwt_token_set set;
    char *dot;
    size_t len = 0;
    int err = ejwt_token_store_bearer(&g_ts, tok, sizeof(tok), &len);

    if (err == EJWT_OK) {
        err = ejwt_token_store_meta(&g_ts, &meta);
    }
    if (err != EJWT_OK) {
        return fail(err, "reading the stored access token");
    }
    dot = strchr(tok + 7, '.');
    if (dot == NULL || strlen(dot) < 8u) {
        return fail(EJWT_ERR_SEGMENTS, "stored access token");
    }
    dot[5] = dot[5] == 'A' ? 'B' : 'A';
    memset(&set, 0, sizeof(set));
    set.access = tok + 7; /* after "Bearer " */
    set.access_len = len - 7u;
    set.exp = meta.basis == EJWT_EXPIRY_WALL ? meta.exp : EJWT_TIME_UNKNOWN;
    set.expires_in = 60;
    err = ejwt_token_store_save(&g_ts, &set);
    memset(tok, 0, sizeof(tok));
    if (err != EJWT_OK) {
        return fail(err, "saving the tampered token");
    }
    say("tamper: one character of the stored access token's payload changed");
    return EJWT_OK;
}

/* Print fingerprints of what the store holds (tests compare them). */
static int step_show(void)
{
    char fa[17] = "-";
    char fr[17] = "-";
    size_t len = 0;
    int ea = ejwt_token_store_bearer(&g_ts, g_buf, sizeof(g_buf), &len);
    int er;

    if (ea == EJWT_OK) {
        fingerprint(g_buf + 7, len - 7u, fa);
    }
    er = ejwt_token_store_refresh_token(&g_ts, g_buf, sizeof(g_buf), &len);
    if (er == EJWT_OK) {
        fingerprint(g_buf, len, fr);
    }
    memset(g_buf, 0, sizeof(g_buf));
    say("store: access=%s (%s) refresh=%s (%s)", fa, ejwt_error_name(ea), fr, ejwt_error_name(er));
    return (ea == EJWT_OK || ea == EJWT_ERR_NO_TOKEN) ? EJWT_OK : fail(ea, "token store");
}

/* Power-cut test: save two known token sets alternately, forever (or
 * --count times), so that a SIGKILL lands in the middle of a save. */
static int step_save_loop(void)
{
    static char acc[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static char ref[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static ejwt_token_set sets[2];
    ejwt_token_response r;
    http_response resp;
    char fa[17];
    char fr[17];
    long i;
    int k;
    int err = need_session();

    for (k = 0; k < 2 && err == EJWT_OK; k++) {
        err = token_exchange(NULL, NULL, 0, &r, &resp);
        if (err != EJWT_OK) {
            break;
        }
        if (r.refresh_token == NULL || r.access_token_len >= sizeof(acc[k]) ||
            r.refresh_token_len >= sizeof(ref[k])) {
            err = EJWT_ERR_OAUTH_RESPONSE;
            break;
        }
        memcpy(acc[k], r.access_token, r.access_token_len + 1u);
        memcpy(ref[k], r.refresh_token, r.refresh_token_len + 1u);
        memset(&sets[k], 0, sizeof(sets[k]));
        sets[k].access = acc[k];
        sets[k].access_len = r.access_token_len;
        sets[k].refresh = ref[k];
        sets[k].refresh_len = r.refresh_token_len;
        sets[k].exp = EJWT_TIME_UNKNOWN;
        sets[k].expires_in = r.expires_in;
        fingerprint(acc[k], r.access_token_len, fa);
        fingerprint(ref[k], r.refresh_token_len, fr);
        say("save-loop: set %c access=%s refresh=%s", 'A' + k, fa, fr);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err != EJWT_OK) {
        return fail(err, "getting two token sets");
    }
    say("save-loop: saving A and B alternately");
    for (i = 0; g_port->count <= 0 || i < g_port->count; i++) {
        err = ejwt_token_store_save(&g_ts, &sets[i & 1]);
        if (err != EJWT_OK) {
            return fail(err, "save");
        }
    }
    return EJWT_OK;
}

/* Power-cut test with the network: refresh again and again. */
int flow_step_refresh_loop(void)
{
    http_response resp;
    long i;
    int err = EJWT_OK;

    say("refresh-loop: refreshing again and again");
    for (i = 0; err == EJWT_OK && (g_port->count <= 0 || i < g_port->count); i++) {
        /* Mark the stored token dropped, as a 401 would: the session refreshes. */
        int retry = 0;
        (void)ejwt_session_handle_api_status(&g_sess, 401, &retry);
        (void)ejwt_session_handle_api_status(&g_sess, 200, &retry);
        err = run_session(NULL, &resp);
    }
    return err;
}

/* ------------------------------------------------------------------- steps */

void flow_say_session_stats(void)
{
    ejwt_session_stats ss;

    if (g_sess_ready) {
        ejwt_session_get_stats(&g_sess, &ss);
        say("stats: this boot signed %lu client assertions, made %lu token requests, "
            "%lu refreshes, %lu API calls",
            (unsigned long)ss.assertions_signed, (unsigned long)ss.token_requests,
            (unsigned long)ss.refreshes, (unsigned long)ss.api_calls);
    }
}

int flow_run_step(const char *s, size_t n)
{
    static const dev_step steps[] = {
        {"provision", step_provision},
        {"session", step_session},
        {"auth", step_auth},
        {"refresh", step_refresh},
        {"api", step_api},
        {"command", step_command},
        {"show", step_show},
        {"assertion", step_assertion},
        {"replay-assertion", step_replay_assertion},
        {"refresh-replay", step_refresh_replay},
        {"tamper", step_tamper},
        {"save-loop", step_save_loop},
        {NULL, NULL},
    };
    const dev_step *tables[2];
    const dev_step *t;
    size_t i;

    tables[0] = steps;
    tables[1] = g_port->steps;
    for (i = 0; i < 2u; i++) {
        for (t = tables[i]; t != NULL && t->name != NULL; t++) {
            if (strlen(t->name) == n && memcmp(t->name, s, n) == 0) {
                return t->fn();
            }
        }
    }
    return 1; /* unknown step */
}

const char *flow_client_id(void)
{
    return g_provisioned ? g_cfg.client_id : NULL;
}

int flow_boot(const device_port *port)
{
    int err;

    g_port = port;
    err = ejwt_platform_set(&g_platform);
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&g_ts);
    }
    if (err != EJWT_OK) {
        return fail(err, "boot");
    }
    err = dev_config_load(&g_cfg);
    if (err == EJWT_OK) {
        g_provisioned = 1;
        err = start_session();
        if (err != EJWT_OK) {
            return err;
        }
    } else if (err != EJWT_ERR_STORAGE_NOT_FOUND) {
        return fail(err, "stored configuration");
    }
    return port->provision_trust_anchor != NULL ? port->provision_trust_anchor() : EJWT_OK;
}
