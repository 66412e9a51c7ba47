/*
 * ejwt_host_device: the device firmware's logic on the host, over the posix
 * port, talking plain HTTP/1.1 over a TCP socket to the reference backend
 * (examples/backend, --no-tls). The board runs the same steps over TLS on
 * its UART.
 *
 * One process is one boot. Its secure storage (device key, sealed token
 * store, provisioned configuration) is the EJWT_STORAGE_DIR folder (or
 * --storage), so a second process on the same folder is a reboot. The steps
 * named on the command line run in order; the first one that fails ends the
 * boot with "device: error: <EJWT_ERR_NAME>: ..." and exit status 1.
 *
 * No malloc: every buffer is static and sized at compile time.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "device_config.h"
#include "ejwt/auth.h"
#include "ejwt/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "ejwt/port_posix.h"
#include "ejwt/token_store.h"
#include "http.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* ------------------------------------------------------------------ output */

#if defined(__GNUC__)
#define PRINTF_LIKE __attribute__((format(printf, 1, 2)))
#else
#define PRINTF_LIKE
#endif

static void say(const char *fmt, ...) PRINTF_LIKE;

static void say(const char *fmt, ...)
{
    va_list ap;

    fputs("device: ", stdout);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

static int fail(int err, const char *what)
{
    say("error: %s: %s (%s)", ejwt_error_name(err), what, ejwt_strerror(err));
    return err;
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

typedef enum clock_mode {
    CLOCK_SYSTEM = 0, /* the posix port's wall clock */
    CLOCK_OFFSET,     /* the system clock shifted (tests: expired assertion) */
    CLOCK_UNKNOWN,    /* no wall clock (a board without RTC before any sync) */
    CLOCK_DATE        /* unknown until learned from the backend's Date header */
} clock_mode;

static clock_mode g_clock_mode = CLOCK_SYSTEM;
static int64_t g_clock_offset;

static int device_wall_time(void *ctx, int64_t *now)
{
    const ejwt_platform *posix = ejwt_posix_platform();
    int64_t t = 0;
    int err;

    (void)ctx;
    if (g_clock_mode == CLOCK_UNKNOWN || g_clock_mode == CLOCK_DATE) {
        return EJWT_ERR_TIME_UNKNOWN; /* no RTC: the session learns the time */
    }
    err = posix->wall_time(posix->ctx, &t);
    if (err != EJWT_OK) {
        return err;
    }
    *now = t + (g_clock_mode == CLOCK_OFFSET ? g_clock_offset : 0);
    return EJWT_OK;
}

static uint64_t device_uptime_ms(void *ctx)
{
    const ejwt_platform *posix = ejwt_posix_platform();

    (void)ctx;
    return posix->uptime_ms(posix->ctx);
}

static int device_entropy(void *ctx, uint8_t *buf, size_t len)
{
    const ejwt_platform *posix = ejwt_posix_platform();

    (void)ctx;
    return posix->entropy(posix->ctx, buf, len);
}

static const ejwt_platform g_platform = {device_wall_time, device_uptime_ms, device_entropy, NULL};

static ejwt_session g_sess;
static int g_sess_ready;

/* The session's "now": the platform clock, or the time learned from a Date. */
static int64_t now_or_unknown(void)
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

static struct {
    char host[64]; /* Host header, "127.0.0.1:PORT" */
    struct sockaddr_in addr;
    int set;
} g_server;

static int sock_send(void *ctx, const uint8_t *buf, size_t len)
{
    ssize_t n;

    do {
        n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : (int)n;
}

static int sock_recv(void *ctx, uint8_t *buf, size_t cap)
{
    ssize_t n;

    do {
        n = recv(*(int *)ctx, buf, cap, 0);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : (int)n;
}

static char g_http[24 * 1024]; /* request, then response */
static size_t g_bytes_sent;    /* request bytes of the last exchange */

/* One request on a fresh connection. */
static int exchange(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp)
{
    struct timeval tv = {10, 0};
    http_transport t;
    int fd;
    int err;

    if (!g_server.set) {
        say("error: no --server given");
        return EJWT_ERR_INVALID_ARG;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (const struct sockaddr *)&g_server.addr, sizeof(g_server.addr)) != 0) {
        say("network: cannot connect to %s: %s", g_server.host, strerror(errno));
        close(fd);
        return EJWT_ERR_OAUTH_RETRY;
    }
    t.send = sock_send;
    t.recv = sock_recv;
    t.ctx = &fd;
    err = http_request(&t, method, g_server.host, path, ctype, authorization, body, body_len,
                       g_http, sizeof(g_http), resp);
    close(fd);
    if (err != 0) {
        say("network: %s %s failed (http error %d)", method, path, err);
        return EJWT_ERR_OAUTH_RETRY;
    }
    g_bytes_sent = resp->request_bytes;
    /* A device without a wall clock learns the time from the backend's
     * Date header (authenticated by TLS on the board). */
    if (g_clock_mode == CLOCK_DATE && g_sess_ready && now_or_unknown() == EJWT_TIME_UNKNOWN &&
        resp->date[0] != '\0') {
        int64_t t0 = 0;
        int e2 = ejwt_http_date_parse(resp->date, strlen(resp->date), &t0);
        if (e2 == EJWT_OK) {
            e2 = ejwt_session_set_time(&g_sess, t0);
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
static char g_buf[8192];  /* bearer value or token request body */
static char g_work[8192]; /* parsed token response strings */

static struct {
    const char *client_id;
    const char *aud; /* override of the assertion's aud (tests) */
    uint32_t margin;
    long count;
} g_opt = {NULL, NULL, 60u, 0};

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
    sc.token_endpoint = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
    sc.refresh_margin_s = g_opt.margin;
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
    if (g_opt.client_id != NULL) {
        n = snprintf(client_id, sizeof(client_id), "%s", g_opt.client_id);
    } else {
        n = snprintf(client_id, sizeof(client_id), "dev-%.12s", g_key.kid);
    }
    if (n < 0 || (size_t)n >= sizeof(client_id)) {
        return fail(EJWT_ERR_LIMIT, "client id too long");
    }
    n = snprintf(body, sizeof(body), "{\"client_id\":\"%s\",\"jwk\":%s}", client_id, jwk);
    if (n < 0 || (size_t)n >= sizeof(body)) {
        return fail(EJWT_ERR_BUFFER_TOO_SMALL, "registration body");
    }
    err = exchange("POST", "/register", "application/json", NULL, body, (size_t)n, &resp);
    if (err != EJWT_OK) {
        return fail(err, "POST /register");
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
        if (err == EJWT_ERR_TIME_UNKNOWN && g_clock_mode == CLOCK_DATE && !synced) {
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
        if (now.token_requests == before.token_requests && !retry) {
            say("session: stored access token still valid (margin %lu s): reused, no assertion",
                (unsigned long)g_opt.margin);
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
    say("api: GET /api/telemetry -> %d %s (request %lu bytes)", resp.status, resp.body,
        (unsigned long)g_bytes_sent);
    return resp.status == 200 ? EJWT_OK : fail(EJWT_ERR_OAUTH_RETRY, "API call");
}

static int step_command(void)
{
    static char token[EJWT_MAX_TOKEN_LEN + 1];
    static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
    static ejwt_command cmd;
    char name[64];
    char args[256];
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
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, now_or_unknown(), work,
                              sizeof(work), &cmd);
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
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, now_or_unknown(), work,
                              sizeof(work), &cmd);
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
        p.audience = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
        p.now = now_or_unknown();
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

/* Force a new session now (client_credentials), whatever is stored. */
static int step_auth(void)
{
    ejwt_token_response r;
    http_response resp;
    int err = need_session();

    if (err == EJWT_OK) {
        say("auth: new session: client assertion (aud %s) -> client_credentials",
            g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint);
        err = token_exchange(NULL, NULL, 0, &r, &resp);
    }
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_OK) {
        report_store("auth: OK, saved");
    }
    return err == EJWT_OK ? err : fail(deprovisioned(err), "authenticate");
}

/* Force a refresh now with the stored refresh token. */
static int step_refresh(void)
{
    static char rt[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_ts, rt, sizeof(rt), &len);
    }
    if (err == EJWT_OK) {
        err = token_exchange(rt, NULL, 0, &r, &resp);
    }
    memset(rt, 0, sizeof(rt));
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_OK) {
        report_store("refresh: OK, rotated and saved");
    }
    return err == EJWT_OK ? err : fail(deprovisioned(err), "refresh");
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
    p.audience = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
    p.now = now_or_unknown();
    err = ejwt_assertion_sign(&g_key, &p, g_buf, sizeof(g_buf), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("assertion: %s", g_buf);
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
    p.now = now_or_unknown();
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
    if (err != EJWT_ERR_OAUTH_INVALID_GRANT) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, "replayed assertion accepted");
    }
    say("replay: refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}

/* Test: present a refresh token that was already rotated away (what a device
 * does when a power cut lost the rotated token). */
static int step_refresh_replay(void)
{
    static char old[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_ts, old, sizeof(old), &len);
    }
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
    if (err != EJWT_ERR_OAUTH_INVALID_GRANT) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, "reused refresh token accepted");
    }
    say("refresh-replay: refused: %s", ejwt_error_name(err));
    return EJWT_OK;
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
    for (i = 0; g_opt.count <= 0 || i < g_opt.count; i++) {
        err = ejwt_token_store_save(&g_ts, &sets[i & 1]);
        if (err != EJWT_OK) {
            return fail(err, "save");
        }
    }
    return EJWT_OK;
}

/* Power-cut test with the network: refresh again and again. */
static int step_refresh_loop(void)
{
    http_response resp;
    long i;
    int err = EJWT_OK;

    say("refresh-loop: refreshing again and again");
    for (i = 0; err == EJWT_OK && (g_opt.count <= 0 || i < g_opt.count); i++) {
        /* Mark the stored token dropped, as a 401 would: the session refreshes. */
        int retry = 0;
        (void)ejwt_session_handle_api_status(&g_sess, 401, &retry);
        (void)ejwt_session_handle_api_status(&g_sess, 200, &retry);
        err = run_session(NULL, &resp);
    }
    return err;
}

static int step_sleep(long seconds)
{
    say("sleep: %ld s", seconds);
    (void)sleep((unsigned)seconds);
    return EJWT_OK;
}

/* -------------------------------------------------------------------- main */

static void usage(void)
{
    fputs("usage: ejwt_host_device [options] STEP...\n"
          "options:\n"
          "  --server HOST:PORT     the backend (plain HTTP; HOST 127.0.0.1 or localhost)\n"
          "  --storage DIR          secure storage folder (default: $EJWT_STORAGE_DIR)\n"
          "  --client-id ID         client id to register (default dev-<thumbprint>)\n"
          "  --clock system|unknown|date|offset:SECONDS\n"
          "                         the device's wall clock (default system)\n"
          "  --margin SECONDS       refresh this long before expiry (default 60)\n"
          "  --aud URL              assertion audience instead of the token endpoint (tests)\n"
          "  --count N              iterations of save-loop and refresh-loop (default: forever)\n"
          "steps (in order, one boot):\n"
          "  provision   create the device key, register it (POST /register), store the answer\n"
          "  session     reuse the stored access token, or refresh, or authenticate\n"
          "  auth        authenticate now (client assertion, client_credentials)\n"
          "  refresh     refresh now (refresh_token + fresh assertion), rotate\n"
          "  api         GET /api/telemetry with the session's Bearer token\n"
          "  command     GET /command, verify it, verify it again (must be a replay)\n"
          "  show        print fingerprints of the stored tokens\n"
          "  sleep:N     wait N seconds\n"
          "test steps: assertion, replay-assertion, refresh-replay, tamper, save-loop,\n"
          "  refresh-loop\n",
          stderr);
}

static int set_server(const char *arg)
{
    const char *colon = strrchr(arg, ':');
    char host[32];
    size_t hl;
    long port;
    char *end;

    if (colon == NULL || (hl = (size_t)(colon - arg)) == 0u || hl >= sizeof(host)) {
        return -1;
    }
    memcpy(host, arg, hl);
    host[hl] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
        return -1;
    }
    if (strcmp(host, "localhost") != 0 && strcmp(host, "127.0.0.1") != 0) {
        return -1; /* loopback only */
    }
    memset(&g_server.addr, 0, sizeof(g_server.addr));
    g_server.addr.sin_family = AF_INET;
    g_server.addr.sin_port = htons((uint16_t)port);
    g_server.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)snprintf(g_server.host, sizeof(g_server.host), "%s", arg);
    g_server.set = 1;
    return 0;
}

static int set_clock(const char *arg)
{
    char *end;

    if (strcmp(arg, "system") == 0) {
        g_clock_mode = CLOCK_SYSTEM;
    } else if (strcmp(arg, "unknown") == 0) {
        g_clock_mode = CLOCK_UNKNOWN;
    } else if (strcmp(arg, "date") == 0) {
        g_clock_mode = CLOCK_DATE;
    } else if (strncmp(arg, "offset:", 7) == 0) {
        g_clock_offset = strtoll(arg + 7, &end, 10);
        if (*end != '\0' || end == arg + 7) {
            return -1;
        }
        g_clock_mode = CLOCK_OFFSET;
    } else {
        return -1;
    }
    return 0;
}

static int run_step(const char *s)
{
    if (strcmp(s, "provision") == 0) {
        return step_provision();
    }
    if (strcmp(s, "session") == 0) {
        return step_session();
    }
    if (strcmp(s, "auth") == 0) {
        return step_auth();
    }
    if (strcmp(s, "refresh") == 0) {
        return step_refresh();
    }
    if (strcmp(s, "api") == 0) {
        return step_api();
    }
    if (strcmp(s, "command") == 0) {
        return step_command();
    }
    if (strcmp(s, "show") == 0) {
        return step_show();
    }
    if (strcmp(s, "assertion") == 0) {
        return step_assertion();
    }
    if (strcmp(s, "replay-assertion") == 0) {
        return step_replay_assertion();
    }
    if (strcmp(s, "refresh-replay") == 0) {
        return step_refresh_replay();
    }
    if (strcmp(s, "tamper") == 0) {
        return step_tamper();
    }
    if (strcmp(s, "save-loop") == 0) {
        return step_save_loop();
    }
    if (strcmp(s, "refresh-loop") == 0) {
        return step_refresh_loop();
    }
    if (strncmp(s, "sleep:", 6) == 0) {
        return step_sleep(strtol(s + 6, NULL, 10));
    }
    return 1; /* unknown step: usage error */
}

int main(int argc, char **argv)
{
    const char *storage = NULL;
    int first_step = argc;
    int i;
    int err;

    i = 1;
    while (i < argc) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;

        if (strncmp(a, "--", 2) != 0) {
            first_step = i;
            break;
        }
        if (v == NULL) {
            bad = 1;
        } else if (strcmp(a, "--server") == 0) {
            bad = set_server(v) != 0;
        } else if (strcmp(a, "--storage") == 0) {
            storage = v;
        } else if (strcmp(a, "--client-id") == 0) {
            g_opt.client_id = v;
        } else if (strcmp(a, "--clock") == 0) {
            bad = set_clock(v) != 0;
        } else if (strcmp(a, "--margin") == 0) {
            g_opt.margin = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--aud") == 0) {
            g_opt.aud = v;
        } else if (strcmp(a, "--count") == 0) {
            g_opt.count = strtol(v, NULL, 10);
        } else {
            bad = 1;
        }
        if (bad) {
            fprintf(stderr, "ejwt_host_device: bad option %s %s\n", a, v != NULL ? v : "");
            usage();
            return EXIT_USAGE;
        }
        i += 2;
    }
    if (first_step >= argc) {
        usage();
        return EXIT_USAGE;
    }
    if (storage != NULL && ejwt_posix_set_storage_dir(storage) != EJWT_OK) {
        fprintf(stderr, "ejwt_host_device: bad --storage\n");
        return EXIT_USAGE;
    }
    if (ejwt_posix_storage_dir() == NULL) {
        fprintf(stderr, "ejwt_host_device: set EJWT_STORAGE_DIR or --storage\n");
        return EXIT_USAGE;
    }

    /* Boot: platform hooks, crypto, token store, provisioned configuration. */
    err = ejwt_platform_set(&g_platform);
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&g_ts);
    }
    if (err != EJWT_OK) {
        fail(err, "boot");
        return EXIT_FAILED;
    }
    err = dev_config_load(&g_cfg);
    if (err == EJWT_OK) {
        g_provisioned = 1;
        if (start_session() != EJWT_OK) {
            return EXIT_FAILED;
        }
    } else if (err != EJWT_ERR_STORAGE_NOT_FOUND) {
        fail(err, "stored configuration");
        return EXIT_FAILED;
    }
    say("boot: storage %s, %s, wall clock %s", ejwt_posix_storage_dir(),
        g_provisioned ? g_cfg.client_id : "not provisioned",
        now_or_unknown() == EJWT_TIME_UNKNOWN ? "UNKNOWN" : "set");

    for (i = first_step; i < argc; i++) {
        err = run_step(argv[i]);
        if (err == 1) {
            fprintf(stderr, "ejwt_host_device: unknown step %s\n", argv[i]);
            usage();
            return EXIT_USAGE;
        }
        if (err != EJWT_OK) {
            return EXIT_FAILED;
        }
    }
    say("done: %d step(s) OK", argc - first_step);
    return 0;
}
