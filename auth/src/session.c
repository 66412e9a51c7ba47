/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The session's decisions: use the stored access token, or build a request
 * (token, device authorization, revocation); then consume the answers
 * through the classification table and the backoff of retry.h. The only
 * state kept in RAM is what a reboot may forget safely (a 401 drop, a
 * pending request, the retry state, a device grant in progress, counters).
 */
#include <string.h>

#include "ejwt/jws.h"
#include "ejwt/platform.h"
#include "ejwt/auth/device_authorization.h"
#include "ejwt/auth/revocation.h"
#include "ejwt/auth/session.h"
#include "form_internal.h"
#include "oauth_internal.h"
#include "ejwt_common.h"

#define HTTP_UNAUTHORIZED 401
#define MS_PER_S 1000u
/* RFC 8628 section 3.4 */
#define DEVICE_CODE_GRANT "urn:ietf:params:oauth:grant-type:device_code"

/* Is \p str absent (NULL), or 1..max bytes? */
static int optional_ok(const char *str, size_t max)
{
    return str == NULL || ejwt_bounded_len(str, max) != 0u;
}

static int check_config(const ejwt_session_config *cfg)
{
    if (ejwt_bounded_len(cfg->client_id, EJWT_ASSERTION_MAX_CLIENT_ID) == 0u ||
        ejwt_bounded_len(cfg->token_endpoint, EJWT_ASSERTION_MAX_AUDIENCE) == 0u ||
        !optional_ok(cfg->device_authorization_endpoint, EJWT_ASSERTION_MAX_AUDIENCE) ||
        !optional_ok(cfg->revocation_endpoint, EJWT_ASSERTION_MAX_AUDIENCE) ||
        !optional_ok(cfg->scope, EJWT_SESSION_MAX_PARAM) ||
        !optional_ok(cfg->resource, EJWT_SESSION_MAX_PARAM)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (cfg->grant_type == EJWT_SESSION_USE_DEVICE_CODE) {
        return cfg->device_authorization_endpoint != NULL ? EJWT_OK : EJWT_ERR_INVALID_ARG;
    }
    return cfg->grant_type == EJWT_SESSION_USE_CLIENT_CREDENTIALS ? EJWT_OK : EJWT_ERR_INVALID_ARG;
}

/* A uniformly random value; on failure the maximum (the longest wait, the
 * full margin: the safe side). */
static uint32_t draw(const ejwt_session *s)
{
    uint32_t v = 0;
    int err = s->cfg.random != NULL ? s->cfg.random(s->cfg.random_ctx, &v) : ejwt_retry_random(&v);

    return err == EJWT_OK ? v : UINT32_MAX;
}

/* Forget a device grant in progress. */
static void drop_device_code(ejwt_session *s)
{
    s->dc_active = 0;
    s->dc_expires_ms = 0;
    ejwt_wipe(&s->dc, sizeof(s->dc));
}

int ejwt_session_init(ejwt_session *s, const ejwt_session_config *cfg, const ejwt_key *key,
                      ejwt_token_store *store)
{
    int err;

    EJWT_REQUIRE(s != NULL && cfg != NULL && key != NULL && store != NULL);
    memset(s, 0, sizeof(*s));
    s->synced_wall = EJWT_TIME_UNKNOWN;
    err = check_config(cfg);
    if (err != EJWT_OK) {
        return err;
    }
    err = ejwt_assertion_check_key(key);
    if (err != EJWT_OK) {
        return err;
    }
    s->cfg = *cfg;
    if (s->cfg.refresh_margin_s == 0u) {
        s->cfg.refresh_margin_s = EJWT_TOKEN_STORE_REFRESH_MARGIN_S;
    }
    s->key = *key;
    s->store = store;
    ejwt_retry_init(&s->retry);
    return EJWT_OK;
}

int ejwt_session_set_time(ejwt_session *s, int64_t unix_now)
{
    EJWT_REQUIRE(s != NULL);
    if (unix_now < 0) {
        return EJWT_ERR_INVALID_ARG;
    }
    s->synced_wall = unix_now;
    s->synced_uptime_ms = ejwt_platform_uptime_ms();
    return EJWT_OK;
}

int ejwt_session_now(const ejwt_session *s, int64_t *now)
{
    uint64_t elapsed_s;

    EJWT_REQUIRE(s != NULL && now != NULL);
    if (ejwt_platform_wall_time(now) == EJWT_OK) {
        return EJWT_OK;
    }
    if (s->synced_wall == EJWT_TIME_UNKNOWN) {
        *now = EJWT_TIME_UNKNOWN;
        return EJWT_ERR_TIME_UNKNOWN;
    }
    /* Uptime never goes backwards (a port whose counter did would read as a
     * huge elapsed time: everything expires, the safe side); the sum
     * saturates rather than wraps. */
    elapsed_s = (ejwt_platform_uptime_ms() - s->synced_uptime_ms) / MS_PER_S;
    *now = ejwt_time_add(s->synced_wall, elapsed_s);
    return EJWT_OK;
}

/* Is the stored access token usable at \p now? OK, a "renew" error
 * (NO_TOKEN, EXPIRED), or a failure to report. */
static int access_usable(ejwt_session *s, int64_t now)
{
    int err;

    if (s->margin_s == 0u) { /* once per token (and per boot for a stored one) */
        s->margin_s = ejwt_refresh_margin_jitter(s->cfg.refresh_margin_s, draw(s));
        if (s->margin_s == 0u) {
            s->margin_s = 1u;
        }
    }
    err = ejwt_token_store_access_usable(s->store, now, s->margin_s);

    /* A damaged or foreign entry is as good as none: re-authenticate. */
    if (err == EJWT_ERR_SEALED_INVALID || err == EJWT_ERR_STORAGE_CORRUPT) {
        err = EJWT_ERR_NO_TOKEN;
    }
    return err;
}

/* grant_type=refresh_token&refresh_token=<copied out of the store, encoded in place> */
static int add_refresh(ejwt_session *s, ejwt_form *f)
{
    size_t room = 0, n = 0;
    char *at;
    int err;

    ejwt_form_add(f, "grant_type", "refresh_token", 13u);
    at = ejwt_form_value_begin(f, "refresh_token", &room);
    err = ejwt_token_store_refresh_token(s->store, at, room, &n);
    if (err == EJWT_OK) {
        ejwt_form_value_end(f, n, 1);
    } else if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        ejwt_form_value_end(f, n - 1u, 0);
        err = EJWT_OK; /* finish reports the need */
    }
    return err;
}

/* The optional fields of a request: `[&scope=..][&resource=..]`. */
static void add_params(const ejwt_session *s, ejwt_form *f, int with_scope)
{
    if (with_scope && s->cfg.scope != NULL) {
        ejwt_form_add(f, "scope", s->cfg.scope, strlen(s->cfg.scope));
    }
    if (s->cfg.resource != NULL) {
        ejwt_form_add(f, "resource", s->cfg.resource, strlen(s->cfg.resource));
    }
}

static void add_client_id(const ejwt_session *s, ejwt_form *f)
{
    ejwt_oauth_add_client_id(f, s->cfg.client_id);
}

/* Which request is next when no access token is usable. */
static int choose(ejwt_session *s, uint8_t *kind)
{
    if (!s->refresh_refused) {
        int err = ejwt_token_store_has_refresh(s->store);
        if (err == EJWT_OK) {
            *kind = EJWT_SESSION_GRANT_REFRESH_TOKEN;
            return EJWT_OK;
        }
        if (err == EJWT_ERR_STORAGE_IO) {
            return err;
        }
    }
    if (s->cfg.grant_type != EJWT_SESSION_USE_DEVICE_CODE) {
        *kind = EJWT_SESSION_GRANT_CLIENT_CREDENTIALS;
    } else if (!s->dc_active) {
        *kind = EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION;
    } else if (ejwt_platform_uptime_ms() >= s->dc_expires_ms) {
        drop_device_code(s); /* nobody approved in time: the next prepare starts over */
        return EJWT_ERR_DEVICE_CODE_EXPIRED;
    } else {
        *kind = EJWT_SESSION_GRANT_DEVICE_CODE;
    }
    return EJWT_OK;
}

/* Build the body of request \p kind; its assertion's aud is \p url. */
static int build(ejwt_session *s, uint8_t kind, const char *url, int64_t now, char *buf, size_t cap,
                 size_t *len)
{
    ejwt_assertion_params p;
    ejwt_form f;
    int with_assertion = 1;
    int err = EJWT_OK;

    memset(&p, 0, sizeof(p));
    p.now = now;
    p.client_id = s->cfg.client_id;
    p.audience = url;
    p.lifetime_s = s->cfg.assertion_lifetime_s;
    ejwt_form_init(&f, buf, cap);
    switch (kind) {
    case EJWT_SESSION_GRANT_REFRESH_TOKEN:
        err = add_refresh(s, &f);
        add_client_id(s, &f);
        add_params(s, &f, 0);
        break;
    case EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION:
        add_client_id(s, &f);
        add_params(s, &f, 1);
        with_assertion = !s->cfg.device_authorization_public;
        break;
    case EJWT_SESSION_GRANT_DEVICE_CODE:
        ejwt_form_add(&f, "grant_type", DEVICE_CODE_GRANT, sizeof(DEVICE_CODE_GRANT) - 1u);
        ejwt_form_add(&f, "device_code", s->dc.device_code, strlen(s->dc.device_code));
        add_client_id(s, &f);
        add_params(s, &f, 0);
        break;
    case EJWT_SESSION_GRANT_REVOCATION: {
        size_t room = 0, n = 0;
        char *at = ejwt_form_value_begin(&f, "token", &room);
        err = ejwt_token_store_refresh_token(s->store, at, room, &n);
        if (err == EJWT_OK) {
            ejwt_form_value_end(&f, n, 1);
        } else if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
            ejwt_form_value_end(&f, n - 1u, 0);
            err = EJWT_OK; /* finish reports the need */
        }
        ejwt_form_add(&f, "token_type_hint", "refresh_token", 13u);
        add_client_id(s, &f);
        break;
    }
    default:
        ejwt_form_add(&f, "grant_type", "client_credentials", 18u);
        add_client_id(s, &f);
        add_params(s, &f, 1);
        break;
    }
    if (err == EJWT_OK && with_assertion) {
        ejwt_oauth_add_assertion_type(&f);
        err = ejwt_oauth_add_assertion(&f, &s->key, &p, &s->stats.assertions_signed);
    }
    if (err != EJWT_OK) {
        ejwt_wipe(buf, cap);
        return err;
    }
    return ejwt_form_finish(&f, len);
}

static const char *url_of(const ejwt_session *s, uint8_t kind)
{
    if (kind == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
        return s->cfg.device_authorization_endpoint;
    }
    return kind == EJWT_SESSION_GRANT_REVOCATION ? s->cfg.revocation_endpoint
                                                 : s->cfg.token_endpoint;
}

static int request(ejwt_session *s, uint8_t kind, int64_t now, char *buf, size_t cap,
                   ejwt_session_request *req)
{
    const char *url = url_of(s, kind);
    int err;

    if (now == EJWT_TIME_UNKNOWN &&
        !(kind == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION && s->cfg.device_authorization_public)) {
        return EJWT_ERR_TIME_UNKNOWN; /* an assertion needs iat and exp */
    }
    err = build(s, kind, url, now, buf, cap, &req->len);
    if (err != EJWT_OK) {
        return err;
    }
    req->action = EJWT_SESSION_POST_FORM;
    req->grant = (ejwt_session_grant)kind;
    req->url = url;
    s->pending = kind;
    if (kind == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
        s->stats.device_authorizations++;
    } else if (kind != EJWT_SESSION_GRANT_REVOCATION) {
        s->stats.token_requests++;
        if (kind == EJWT_SESSION_GRANT_DEVICE_CODE) {
            s->stats.device_polls++;
        }
    }
    return EJWT_OK;
}

static void clear_request(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req)
{
    memset(req, 0, sizeof(*req));
    s->pending = EJWT_SESSION_GRANT_NONE;
    if (cap > 0u) {
        buf[0] = '\0';
    }
}

static int bearer(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req)
{
    int err = ejwt_token_store_bearer(s->store, buf, cap, &req->len);

    if (err == EJWT_OK) {
        req->action = EJWT_SESSION_CALL_API;
        s->stats.api_calls++;
    }
    return err;
}

int ejwt_session_prepare(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req)
{
    int64_t now = EJWT_TIME_UNKNOWN;
    uint8_t kind = EJWT_SESSION_GRANT_NONE;
    int err;

    EJWT_REQUIRE(s != NULL && s->store != NULL && req != NULL && (buf != NULL || cap == 0u));
    clear_request(s, buf, cap, req);
    if (s->retry.terminal != 0) {
        return s->retry.terminal; /* DEPROVISIONED, GAVE_UP, ACCESS_DENIED, OAUTH_REFUSED */
    }
    /* One reading of the time for every decision below (unknown stays
     * EJWT_TIME_UNKNOWN: an uptime deadline of this boot can still decide). */
    (void)ejwt_session_now(s, &now);
    if (!s->access_dropped) {
        err = access_usable(s, now);
        if (err == EJWT_OK) {
            return bearer(s, buf, cap, req);
        }
        if (err != EJWT_ERR_NO_TOKEN && err != EJWT_ERR_EXPIRED) {
            return err; /* TIME_UNKNOWN with no session time, storage failures */
        }
    }
    err = ejwt_retry_ready(&s->retry, ejwt_platform_uptime_ms());
    if (err == EJWT_ERR_OAUTH_RETRY && !s->access_dropped &&
        ejwt_token_store_access_usable(s->store, now, 0) == EJWT_OK) {
        /* the renewal waits, but the token has not expired: keep using it
         * (what the margin is for) */
        return bearer(s, buf, cap, req);
    }
    if (err != EJWT_OK) {
        req->not_before_ms = s->retry.not_before_ms;
        return err;
    }
    err = choose(s, &kind);
    if (err != EJWT_OK) {
        return err;
    }
    return request(s, kind, now, buf, cap, req);
}

int ejwt_session_logout(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req)
{
    int64_t now = EJWT_TIME_UNKNOWN;
    int err = EJWT_ERR_NO_TOKEN;

    EJWT_REQUIRE(s != NULL && s->store != NULL && req != NULL && (buf != NULL || cap == 0u));
    clear_request(s, buf, cap, req);
    drop_device_code(s);
    if (s->retry.terminal == 0) {
        ejwt_retry_init(&s->retry);
    }
    if (s->cfg.revocation_endpoint != NULL) {
        err = ejwt_token_store_has_refresh(s->store);
    }
    if (err == EJWT_OK) {
        (void)ejwt_session_now(s, &now);
        err = request(s, EJWT_SESSION_GRANT_REVOCATION, now, buf, cap, req);
        if (err == EJWT_OK || err == EJWT_ERR_TIME_UNKNOWN || err == EJWT_ERR_BUFFER_TOO_SMALL) {
            return err; /* the store is wiped when the answer comes (or logout is repeated) */
        }
    } else if (err == EJWT_ERR_NO_TOKEN) {
        err = EJWT_OK; /* nothing to revoke */
    }
    s->margin_s = 0;
    s->access_dropped = 0;
    s->refresh_refused = 0;
    {
        int cleared = ejwt_token_store_clear(s->store);
        if (err == EJWT_OK) {
            err = cleared;
        }
    }
    if (err == EJWT_OK) {
        req->action = EJWT_SESSION_LOGGED_OUT;
    }
    return err;
}

static int save_tokens(ejwt_session *s, uint8_t grant, const ejwt_token_response *r)
{
    ejwt_token_set set;
    int64_t now = EJWT_TIME_UNKNOWN;

    if (r->expires_in < 0) {
        return EJWT_ERR_OAUTH_RESPONSE; /* the store needs an expiry */
    }
    memset(&set, 0, sizeof(set));
    set.access = r->access_token;
    set.access_len = r->access_token_len;
    if (r->refresh_token != NULL) {
        set.refresh = r->refresh_token; /* rotation */
        set.refresh_len = r->refresh_token_len;
    } else if (grant != EJWT_SESSION_GRANT_REFRESH_TOKEN) {
        set.refresh = ""; /* a new session: an older refresh token is not its own */
    }
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = r->expires_in;
    set.scope = r->scope;
    set.scope_len = r->scope_len;
    /* The session's time (a Date-learned one included) anchors expires_in,
     * so the expiry is the same clock every other decision uses. */
    (void)ejwt_session_now(s, &now);
    return ejwt_token_store_save(s->store, &set, now);
}

/* RFC 8628 section 3.2: keep the device code and what the person is shown. */
static int save_device_code(ejwt_session *s, const char *body, size_t len, uint64_t now_ms)
{
    int err = ejwt_device_authorization_parse(body, len, &s->dc);

    if (err != EJWT_OK) {
        drop_device_code(s);
        return err;
    }
    s->dc_active = 1;
    s->dc_expires_ms = now_ms + (uint64_t)s->dc.expires_in * MS_PER_S;
    ejwt_retry_set_interval(&s->retry, s->dc.interval);
    /* RFC 8628 section 3.5: the first poll waits the interval too */
    s->retry.not_before_ms = now_ms + (uint64_t)s->retry.interval_s * MS_PER_S;
    return EJWT_OK;
}

static ejwt_request_kind kind_of(uint8_t grant)
{
    switch (grant) {
    case EJWT_SESSION_GRANT_REFRESH_TOKEN:
        return EJWT_REQ_TOKEN_REFRESH;
    case EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION:
        return EJWT_REQ_DEVICE_AUTHORIZATION;
    case EJWT_SESSION_GRANT_DEVICE_CODE:
        return EJWT_REQ_TOKEN_DEVICE_CODE;
    case EJWT_SESSION_GRANT_REVOCATION:
        return EJWT_REQ_REVOCATION;
    default:
        return EJWT_REQ_TOKEN_CLIENT_CREDENTIALS;
    }
}

/* A 200 that could not be used: backed off like a refusal without a reason
 * (a server that keeps sending it is given up on, never hammered). */
static void back_off_bad_success(ejwt_session *s, uint64_t now_ms, int suspect)
{
    ejwt_outcome o;

    memset(&o, 0, sizeof(o));
    o.action = EJWT_ACTION_BACK_OFF;
    o.err = EJWT_ERR_OAUTH_RETRY;
    o.suspect = (uint8_t)suspect;
    (void)ejwt_retry_update(&s->retry, &o, now_ms, -1, draw(s));
    s->stats.backoffs++;
}

/* Is \p err the server's fault (a malformed answer), not the device's? */
static int from_server(int err)
{
    return err == EJWT_ERR_OAUTH_RESPONSE || err == EJWT_ERR_OAUTH_TOKEN_TYPE ||
           err == EJWT_ERR_LIMIT || (err <= EJWT_ERR_JSON_SYNTAX && err >= EJWT_ERR_JSON_RANGE);
}

/* The answer was a success: use it. */
static int accept(ejwt_session *s, uint8_t grant, const ejwt_session_answer *a, char *work,
                  size_t work_cap, const ejwt_outcome *o, uint64_t now_ms)
{
    ejwt_token_response r;
    int err;

    if (grant == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
        (void)ejwt_retry_update(&s->retry, o, now_ms, -1, 0);
        err = save_device_code(s, a->body, a->len, now_ms);
        if (err != EJWT_OK) {
            back_off_bad_success(s, now_ms, 1);
        }
        return err;
    }
    err = ejwt_oauth_parse_token_response(a->status, a->body, a->len, work, work_cap, &r);
    if (err == EJWT_OK) {
        err = save_tokens(s, grant, &r);
    }
    ejwt_wipe(&r, sizeof(r));
    if (err != EJWT_OK) {
        /* a malformed answer counts as suspect; a local failure (storage,
         * sealing, a short work buffer) only waits */
        back_off_bad_success(s, now_ms, from_server(err));
        return err;
    }
    (void)ejwt_retry_update(&s->retry, o, now_ms, -1, 0);
    s->access_dropped = 0;
    s->refresh_refused = 0;
    s->margin_s = 0; /* a new token: a new jittered margin */
    s->stats.tokens_saved++;
    if (grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
        s->stats.refreshes++;
    }
    if (grant == EJWT_SESSION_GRANT_DEVICE_CODE) {
        drop_device_code(s);
    }
    return EJWT_OK;
}

/* The revocation's answer: wipe the store whatever it says. */
static int revoked(ejwt_session *s, const ejwt_outcome *o)
{
    int err = ejwt_token_store_clear(s->store);

    s->margin_s = 0;
    s->access_dropped = 0;
    s->refresh_refused = 0;
    if (o->action == EJWT_ACTION_DEPROVISIONED) {
        s->retry.terminal = EJWT_ERR_DEPROVISIONED;
    }
    return o->err != EJWT_OK ? o->err : err;
}

static int64_t retry_after_of(const ejwt_session *s, const ejwt_session_answer *a)
{
    int64_t now = EJWT_TIME_UNKNOWN, d = -1;

    if (a->retry_after == NULL) {
        return -1;
    }
    (void)ejwt_session_now(s, &now);
    if (ejwt_retry_after_parse(a->retry_after, a->retry_after_len, now, &d) != EJWT_OK) {
        return -1; /* unreadable: the backoff alone decides */
    }
    return d;
}

int ejwt_session_handle_response(ejwt_session *s, const ejwt_session_answer *a, char *work,
                                 size_t work_cap)
{
    ejwt_outcome o;
    ejwt_action act;
    uint64_t now_ms;
    uint8_t grant;
    int err;

    EJWT_REQUIRE(s != NULL && s->store != NULL && a != NULL && (a->body != NULL || a->len == 0u) &&
                 (work != NULL || work_cap == 0u) &&
                 (a->retry_after != NULL || a->retry_after_len == 0u));
    grant = s->pending;
    s->pending = EJWT_SESSION_GRANT_NONE;
    if (grant == EJWT_SESSION_GRANT_NONE) {
        ejwt_wipe(work, work_cap);
        return EJWT_ERR_INVALID_ARG;
    }
    now_ms = ejwt_platform_uptime_ms();
    err = ejwt_classify_response(kind_of(grant), a->status, a->body, a->len, &o);
    if (err == EJWT_OK && grant == EJWT_SESSION_GRANT_REVOCATION) {
        err = revoked(s, &o);
    } else if (err == EJWT_OK && o.action == EJWT_ACTION_DONE) {
        err = accept(s, grant, a, work, work_cap, &o, now_ms);
    } else if (err == EJWT_OK) {
        act = ejwt_retry_update(&s->retry, &o, now_ms, retry_after_of(s, a), draw(s));
        if (s->retry.not_before_ms > now_ms) {
            s->stats.backoffs++;
        }
        err = o.err;
        switch (act) {
        case EJWT_ACTION_POLL_AGAIN:
            err = EJWT_ERR_AUTHORIZATION_PENDING;
            break;
        case EJWT_ACTION_SLOW_DOWN:
            err = EJWT_ERR_SLOW_DOWN;
            break;
        case EJWT_ACTION_REAUTHENTICATE:
            if (grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                /* The refresh token is dead (used, revoked or expired):
                 * forget it in storage too, so a reboot does not try it
                 * again. The next request is the configured grant. */
                s->refresh_refused = 1;
                s->margin_s = 0;
                (void)ejwt_token_store_clear(s->store);
            } else if (grant == EJWT_SESSION_GRANT_DEVICE_CODE) {
                drop_device_code(s);
                if (strcmp(o.error, "expired_token") == 0) {
                    err = EJWT_ERR_DEVICE_CODE_EXPIRED;
                }
            }
            break;
        case EJWT_ACTION_DEPROVISIONED:
            drop_device_code(s);
            (void)ejwt_token_store_clear(s->store);
            err = EJWT_ERR_DEPROVISIONED;
            break;
        case EJWT_ACTION_GIVE_UP:
            drop_device_code(s);
            err = s->retry.terminal != 0 ? s->retry.terminal : EJWT_ERR_GAVE_UP;
            break;
        default:
            break;
        }
    }
    ejwt_wipe(&o, sizeof(o));
    ejwt_wipe(work, work_cap);
    return err;
}

int ejwt_session_handle_token_response(ejwt_session *s, int status, const char *body, size_t len,
                                       char *work, size_t work_cap)
{
    ejwt_session_answer a;

    EJWT_REQUIRE(s != NULL);
    memset(&a, 0, sizeof(a));
    a.status = status;
    a.body = body;
    a.len = len;
    return ejwt_session_handle_response(s, &a, work, work_cap);
}

int ejwt_session_device_prompt(const ejwt_session *s, ejwt_session_prompt *out)
{
    EJWT_REQUIRE(s != NULL && out != NULL);
    memset(out, 0, sizeof(*out));
    if (!s->dc_active) {
        return EJWT_ERR_NO_TOKEN;
    }
    out->user_code = s->dc.user_code;
    out->verification_uri = s->dc.verification_uri;
    out->verification_uri_complete = s->dc.verification_uri_complete;
    out->expires_at_ms = s->dc_expires_ms;
    out->interval_s = s->retry.interval_s;
    return EJWT_OK;
}

int ejwt_session_renewal_due(ejwt_session *s, uint64_t *uptime_ms)
{
    ejwt_token_meta meta;
    uint64_t up = ejwt_platform_uptime_ms();
    uint64_t margin_ms;
    int64_t now = EJWT_TIME_UNKNOWN;
    int err;

    EJWT_REQUIRE(s != NULL && s->store != NULL && uptime_ms != NULL);
    *uptime_ms = 0;
    if (s->access_dropped) {
        return EJWT_ERR_NO_TOKEN;
    }
    /* The same decision as prepare (the margin drawn once per token)... */
    (void)ejwt_session_now(s, &now);
    err = access_usable(s, now);
    if (err == EJWT_ERR_EXPIRED) {
        *uptime_ms = up; /* inside the margin: due now */
        return EJWT_OK;
    }
    if (err != EJWT_OK) {
        return err; /* NO_TOKEN, TIME_UNKNOWN, storage */
    }
    /* ...then where the margin starts, on this boot's uptime. */
    err = ejwt_token_store_meta(s->store, &meta);
    if (err != EJWT_OK) {
        return err == EJWT_ERR_SEALED_INVALID || err == EJWT_ERR_STORAGE_CORRUPT ? EJWT_ERR_NO_TOKEN
                                                                                 : err;
    }
    margin_ms = (uint64_t)s->margin_s * 1000u;
    if (meta.this_boot && meta.deadline_ms != 0u) {
        *uptime_ms = meta.deadline_ms - margin_ms; /* usable: deadline > up + margin */
    } else {
        /* usable with a wall-clock expiry: now is known, exp - now > margin */
        uint64_t left_s = ejwt_time_gap(now, meta.exp) - s->margin_s;
        *uptime_ms = left_s > (UINT64_MAX - up) / 1000u ? UINT64_MAX : up + left_s * 1000u;
    }
    ejwt_wipe(&meta, sizeof(meta));
    return EJWT_OK;
}

uint64_t ejwt_session_not_before(const ejwt_session *s)
{
    EJWT_ASSERT(s != NULL);
    return s != NULL && s->retry.terminal == 0 ? s->retry.not_before_ms : 0u;
}

void ejwt_session_restart(ejwt_session *s)
{
    EJWT_ASSERT(s != NULL);
    if (s != NULL) {
        drop_device_code(s);
        ejwt_retry_init(&s->retry);
        s->pending = EJWT_SESSION_GRANT_NONE;
        s->refresh_refused = 0;
    }
}

int ejwt_session_handle_api_status(ejwt_session *s, int status, int *retry)
{
    EJWT_REQUIRE(s != NULL);
    if (retry != NULL) {
        *retry = 0;
    }
    if (status != HTTP_UNAUTHORIZED) {
        s->retry_used = 0;
        return EJWT_OK;
    }
    s->access_dropped = 1;
    if (s->retry_used) {
        s->retry_used = 0; /* the next call starts a new row */
        return EJWT_ERR_HTTP_UNAUTHORIZED;
    }
    s->retry_used = 1;
    s->stats.api_retries++;
    if (retry != NULL) {
        *retry = 1;
    }
    return EJWT_OK;
}

void ejwt_session_get_stats(const ejwt_session *s, ejwt_session_stats *out)
{
    EJWT_ASSERT(s != NULL && out != NULL);
    if (s != NULL && out != NULL) {
        *out = s->stats;
    }
}
