/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device firmware's flow (see flow.h): boot, provisioning, the session
 * loop around an API call, and signed commands.
 */
#include "flow.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/auth/oauth.h"
#include "ejwt/platform/device_key.h"

/* Requests one API call may take: a token request, the call, one renewal
 * after a 401, a time sync, a second assertion after a refused refresh. */
#define FLOW_ROUNDS_MAX 8
#define COMMAND_LEEWAY_S 5u
#define COMMAND_NAME_MAX 64   /* longest command name shown */
#define REGISTER_BODY_MAX 512 /* {"client_id":...,"jwk":...} */
#define BEARER_PREFIX_LEN 7u  /* "Bearer " */
#define SHA256_LEN 32

/* ------------------------------------------------------------------ output */

void flow_say(const flow_device *d, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    d->port->vsay(fmt, ap);
    va_end(ap);
}

int flow_fail(const flow_device *d, int err, const char *what)
{
    flow_say(d, "error: %s: %s (%s)", ejwt_error_name(err), what, ejwt_strerror(err));
    return err;
}

static int fmt(const flow_device *d, char *buf, size_t cap, const char *f, ...)
    DEV_PRINTF_LIKE(4, 5);

static int fmt(const flow_device *d, char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    int n;

    va_start(ap, f);
    n = d->port->vformat(buf, cap, f, ap);
    va_end(ap);
    return n;
}

void flow_fingerprint(const char *s, size_t len, char out[FLOW_FINGERPRINT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[SHA256_LEN];
    int i;

    if (ejwt_sha256((const uint8_t *)s, len, h) != EJWT_OK) {
        memset(h, 0, sizeof(h));
    }
    for (i = 0; i < FLOW_FINGERPRINT_SIZE / 2; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15u];
    }
    out[FLOW_FINGERPRINT_SIZE - 1] = '\0';
}

void flow_report_store(flow_device *d, const char *what)
{
    size_t len = 0;
    char fa[FLOW_FINGERPRINT_SIZE] = "-";
    char fr[FLOW_FINGERPRINT_SIZE] = "-";

    if (ejwt_token_store_bearer(&d->store, d->work, sizeof(d->work), &len) == EJWT_OK) {
        flow_fingerprint(d->work + BEARER_PREFIX_LEN, len - BEARER_PREFIX_LEN, fa);
    }
    if (ejwt_token_store_refresh_token(&d->store, d->work, sizeof(d->work), &len) == EJWT_OK) {
        flow_fingerprint(d->work, len, fr);
    }
    memset(d->work, 0, sizeof(d->work));
    flow_say(d, "%s: access token %s, refresh token %s (fingerprints)", what, fa, fr);
}

/* ------------------------------------------------------------- transport */

int64_t flow_now(const flow_device *d)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    if (d->session_ready) {
        (void)ejwt_session_now(&d->session, &now);
    } else if (ejwt_platform_wall_time(&now) != EJWT_OK) {
        now = EJWT_TIME_UNKNOWN;
    }
    return now;
}

int flow_exchange(flow_device *d, const char *method, const char *path, const char *ctype,
                  const char *authorization, const char *body, size_t body_len, http_response *resp)
{
    int64_t t = 0;
    int err = d->port->exchange(method, path, ctype, authorization, body, body_len, resp);

    if (err != EJWT_OK || !d->port->trust_date || !d->session_ready ||
        flow_now(d) != EJWT_TIME_UNKNOWN || resp->date[0] == '\0') {
        return err;
    }
    /* No wall clock: an authenticated backend's Date gives the session one. */
    err = ejwt_http_date_parse(resp->date, strlen(resp->date), &t);
    if (err == EJWT_OK) {
        err = ejwt_session_set_time(&d->session, t);
    }
    if (err == EJWT_OK && d->port->time_learned != NULL) {
        d->port->time_learned();
    }
    flow_say(d, "clock: %s from the backend's Date header (%s)",
             err == EJWT_OK ? "time learned" : ejwt_error_name(err), resp->date);
    return EJWT_OK;
}

/* ------------------------------------------------------------------ boot */

/* The session and the command verifier, from the stored configuration. */
static int start_session(flow_device *d)
{
    ejwt_session_config sc;
    ejwt_command_config cc;
    int err = ejwt_device_key_get(&d->key);

    if (err != EJWT_OK) {
        return flow_fail(d, err, "device key");
    }
    memset(&sc, 0, sizeof(sc));
    sc.client_id = d->cfg.client_id;
    sc.token_endpoint = d->cfg.token_endpoint;
    sc.refresh_margin_s = d->margin_s;
    err = ejwt_session_init(&d->session, &sc, &d->key, &d->store);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "session");
    }
    d->session_ready = 1;
    memset(&cc, 0, sizeof(cc));
    cc.client_id = d->cfg.client_id;
    cc.issuer = d->cfg.issuer;
    cc.leeway_s = COMMAND_LEEWAY_S;
    err = ejwt_command_verifier_init(&d->verifier, &cc, d->cfg.text + d->cfg.jwks_off,
                                     d->cfg.jwks_len);
    return err == EJWT_OK ? err : flow_fail(d, err, "importing the backend's JWK Set");
}

int flow_boot(flow_device *d, const flow_port *port, uint32_t margin_s)
{
    int err;

    d->port = port;
    d->margin_s = margin_s;
    err = ejwt_platform_set(port->platform);
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&d->store);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "boot");
    }
    err = dev_config_load(&d->cfg);
    if (err == EJWT_ERR_STORAGE_NOT_FOUND) {
        return EJWT_OK; /* never provisioned */
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "stored configuration");
    }
    d->provisioned = 1;
    return start_session(d);
}

/* ------------------------------------------------------------- provision */

int flow_provision(flow_device *d, const char *client_id, const char *prefix)
{
    static char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    static char body[REGISTER_BODY_MAX];
    char id[DEV_CLIENT_ID_MAX + 1];
    http_response resp;
    size_t len = 0;
    int created = 0;
    int n;
    int err = ejwt_device_key_provision(&d->key, &created);

    if (err != EJWT_OK) {
        return flow_fail(d, err, "creating the device key");
    }
    flow_say(d, "provision: device key %s in secure storage (PSA id 0x%08lx, kid %s)",
             created ? "created" : "found", (unsigned long)EJWT_DEVICE_KEY_ID, d->key.kid);
    err = ejwt_device_key_public_jwk(jwk, sizeof(jwk), &len);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "exporting the public JWK");
    }
    if (client_id != NULL) {
        n = fmt(d, id, sizeof(id), "%s", client_id);
    } else {
        n = fmt(d, id, sizeof(id), "%s%.12s", prefix, d->key.kid);
    }
    if (n < 0 || (size_t)n >= sizeof(id)) {
        return flow_fail(d, EJWT_ERR_LIMIT, "client id too long");
    }
    n = fmt(d, body, sizeof(body), "{\"client_id\":\"%s\",\"jwk\":%s}", id, jwk);
    if (n < 0 || (size_t)n >= sizeof(body)) {
        return flow_fail(d, EJWT_ERR_BUFFER_TOO_SMALL, "registration body");
    }
    err = flow_exchange(d, "POST", "/register", "application/json", NULL, body, (size_t)n, &resp);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "POST /register");
    }
    if (resp.status != 201 && resp.status != 200) {
        flow_say(d, "provision: POST /register -> %d %s", resp.status, resp.body);
        return flow_fail(d, EJWT_ERR_OAUTH_RETRY, "registration refused");
    }
    err = dev_config_parse(&d->cfg, resp.body, resp.body_len);
    if (err == EJWT_OK && strcmp(d->cfg.client_id, id) != 0) {
        err = EJWT_ERR_OAUTH_RESPONSE;
    }
    if (err == EJWT_OK) {
        err = dev_config_save(&d->cfg);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "storing the registration answer");
    }
    d->provisioned = 1;
    flow_say(d, "provision: registered as %s -> %d; token endpoint %s; backend JWK Set stored",
             d->cfg.client_id, resp.status, d->cfg.token_endpoint);
    return start_session(d);
}

/* -------------------------------------------------------------- session */

static int deprovisioned(const flow_device *d, int err)
{
    if (err == EJWT_ERR_DEPROVISIONED) {
        flow_say(d, "stopping: the backend deprovisioned this device (invalid_client); the "
                    "session cleared the stored tokens");
    }
    return err;
}

/* The path part of the URL the session names (the port's transport is
 * connected to the backend and sends a path). */
static const char *flow_url_path(const char *url)
{
    const char *p = strstr(url, "://");
    const char *slash = strchr(p != NULL ? p + 3 : url, '/');

    return slash != NULL ? slash : "/";
}

int flow_token_request(flow_device *d, const ejwt_session_request *req, http_response *resp)
{
    const char *grant =
        req->grant == EJWT_SESSION_GRANT_REFRESH_TOKEN ? "refresh_token" : "client_credentials";
    int sent;
    int err;

    flow_say(d, "session: %s grant with a fresh client assertion", grant);
    sent = flow_exchange(d, "POST", flow_url_path(req->url), EJWT_OAUTH_FORM_CONTENT_TYPE, NULL,
                         d->buf, req->len, resp);
    memset(d->buf, 0, sizeof(d->buf)); /* it held a signed assertion */
    err = ejwt_session_handle_token_response(
        &d->session, sent == EJWT_OK ? resp->status : 0, sent == EJWT_OK ? resp->body : NULL,
        sent == EJWT_OK ? resp->body_len : 0u, d->work, sizeof(d->work));
    if (err == EJWT_OK) {
        flow_report_store(d, req->grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                 ? "session: refreshed (rotated) and saved"
                                 : "session: authenticated and saved");
    } else if (sent == EJWT_OK) {
        flow_say(d, "session: %s -> %d %s", grant, resp->status, resp->body);
    }
    return err;
}

int flow_call_api(flow_device *d, const char *path, http_response *resp)
{
    ejwt_session_request req;
    int cc_refused = 0;
    int synced = 0;
    int round;
    int retry = 0;
    int err;

    if (!d->session_ready) {
        return flow_fail(d, EJWT_ERR_NO_TOKEN, "not provisioned");
    }
    for (round = 0; round < FLOW_ROUNDS_MAX; round++) {
        err = ejwt_session_prepare(&d->session, d->buf, sizeof(d->buf), &req);
        if (err == EJWT_ERR_TIME_UNKNOWN && d->port->trust_date && !synced) {
            /* No wall clock: any response of the backend carries its Date. */
            synced = 1;
            flow_say(d, "clock: wall time unknown; GET /jwks.json for the backend's Date");
            (void)flow_exchange(d, "GET", "/jwks.json", NULL, NULL, NULL, 0, resp);
            continue;
        }
        if (err == EJWT_ERR_TIME_UNKNOWN) {
            return flow_fail(d, err, "no wall clock: refusing to sign an assertion");
        }
        if (err != EJWT_OK) {
            return flow_fail(d, deprovisioned(d, err), "session");
        }
        if (req.action == EJWT_SESSION_POST_TOKEN) {
            err = flow_token_request(d, &req, resp);
            if (err == EJWT_OK) {
                if (path == NULL) {
                    return EJWT_OK;
                }
                continue;
            }
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT &&
                req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                flow_say(d, "session: refresh refused: the next request signs a new assertion");
                continue;
            }
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT && !cc_refused) {
                cc_refused = 1; /* one new assertion, then give up (back off) */
                continue;
            }
            return flow_fail(d, deprovisioned(d, err), "token endpoint");
        }
        /* EJWT_SESSION_CALL_API: d->buf holds "Bearer <access token>". */
        if (round == 0) {
            flow_say(d,
                     "session: stored access token still valid (margin %lu s): reused, no "
                     "assertion",
                     (unsigned long)d->margin_s);
        }
        if (path == NULL) {
            memset(d->buf, 0, sizeof(d->buf));
            return EJWT_OK;
        }
        err = flow_exchange(d, "GET", path, NULL, d->buf, NULL, 0, resp);
        memset(d->buf, 0, sizeof(d->buf));
        if (err != EJWT_OK) {
            return flow_fail(d, err, path);
        }
        err = ejwt_session_handle_api_status(&d->session, resp->status, &retry);
        if (err != EJWT_OK) {
            return flow_fail(d, err, path);
        }
        if (!retry) {
            return EJWT_OK;
        }
        flow_say(d, "api: GET %s -> 401, WWW-Authenticate: %s", path, resp->www_authenticate);
        flow_say(d, "api: access token dropped; renewing and retrying once");
    }
    return flow_fail(d, EJWT_ERR_OAUTH_RETRY, "session did not settle");
}

void flow_say_stats(const flow_device *d)
{
    ejwt_session_stats ss;

    if (d->session_ready) {
        ejwt_session_get_stats(&d->session, &ss);
        flow_say(d,
                 "stats: this boot signed %lu client assertions, made %lu token requests, "
                 "%lu refreshes, %lu API calls",
                 (unsigned long)ss.assertions_signed, (unsigned long)ss.token_requests,
                 (unsigned long)ss.refreshes, (unsigned long)ss.api_calls);
    }
}

/* ------------------------------------------------------------- commands */

int flow_command(flow_device *d)
{
    static char token[EJWT_MAX_TOKEN_LEN + 1];
    static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
    static ejwt_command cmd;
    char name[COMMAND_NAME_MAX] = "";
    ejwt_json claims;
    http_response resp;
    size_t n = 0;
    int err = flow_call_api(d, "/command", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    if (resp.status != 200 || resp.body_len >= sizeof(token)) {
        return flow_fail(d, EJWT_ERR_OAUTH_RETRY, "GET /command");
    }
    memcpy(token, resp.body, resp.body_len + 1u);
    flow_say(d, "command: received a signed command (%lu bytes)", (unsigned long)resp.body_len);
    err = ejwt_command_verify(&d->verifier, token, resp.body_len, flow_now(d), work, sizeof(work),
                              &cmd);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "verifying the command");
    }
    claims = ejwt_command_claims(&cmd);
    (void)ejwt_json_string_copy(&claims, cmd.cmd, name, sizeof(name), &n);
    n = cmd.args >= 0 ? (size_t)(claims.tok[cmd.args].end - claims.tok[cmd.args].start) : 0u;
    flow_say(d,
             "command: verified (ES256 pinned, kid from the provisioned JWK Set, typ "
             "command+jwt, aud %s): cmd=%s args=%.*s",
             d->cfg.client_id, name, (int)n,
             cmd.args >= 0 ? claims.text + claims.tok[cmd.args].start : "");
    /* A network may deliver a message twice, an attacker may replay it: the
     * same command handed in again must be refused. */
    err = ejwt_command_verify(&d->verifier, token, resp.body_len, flow_now(d), work, sizeof(work),
                              &cmd);
    if (err != EJWT_ERR_REPLAYED) {
        return flow_fail(d, err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err,
                         "the same command a second time was not refused as a replay");
    }
    flow_say(d, "command: the same command again -> refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}
