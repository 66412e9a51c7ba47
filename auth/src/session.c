/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The session's decisions: use the stored access token, or build a token
 * request; then consume the answers. The only state kept in RAM is what a
 * reboot may forget safely (a 401 drop, a pending request, counters).
 */
#include <string.h>

#include "ejwt/jws.h"
#include "ejwt/platform.h"
#include "ejwt/auth/session.h"
#include "form_internal.h"
#include "oauth_internal.h"
#include "ejwt_common.h"

#define HTTP_UNAUTHORIZED 401
#define MS_PER_S 1000u

int ejwt_session_init(ejwt_session *s, const ejwt_session_config *cfg, const ejwt_key *key,
                      ejwt_token_store *store)
{
    int err;

    EJWT_REQUIRE(s != NULL && cfg != NULL && key != NULL && store != NULL);
    memset(s, 0, sizeof(*s));
    s->synced_wall = EJWT_TIME_UNKNOWN;
    if (ejwt_bounded_len(cfg->client_id, EJWT_ASSERTION_MAX_CLIENT_ID) == 0u ||
        ejwt_bounded_len(cfg->token_endpoint, EJWT_ASSERTION_MAX_AUDIENCE) == 0u) {
        return EJWT_ERR_INVALID_ARG;
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
    int err = ejwt_token_store_access_usable(s->store, now, s->cfg.refresh_margin_s);

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

static int token_request(ejwt_session *s, int64_t now, char *buf, size_t cap,
                         ejwt_session_request *req)
{
    ejwt_assertion_params p;
    ejwt_form f;
    int use_refresh = 0;
    int err;

    if (now == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN; /* an assertion needs iat and exp */
    }
    memset(&p, 0, sizeof(p));
    p.now = now;
    p.client_id = s->cfg.client_id;
    p.audience = s->cfg.token_endpoint;
    p.lifetime_s = s->cfg.assertion_lifetime_s;
    if (!s->refresh_refused) {
        err = ejwt_token_store_has_refresh(s->store);
        if (err == EJWT_OK) {
            use_refresh = 1;
        } else if (err == EJWT_ERR_STORAGE_IO) {
            return err;
        }
    }
    ejwt_form_init(&f, buf, cap);
    if (use_refresh) {
        err = add_refresh(s, &f);
    } else {
        ejwt_form_add(&f, "grant_type", "client_credentials", 18u);
        err = EJWT_OK;
    }
    if (err == EJWT_OK) {
        ejwt_oauth_add_assertion_type(&f);
        err = ejwt_oauth_add_assertion(&f, &s->key, &p, &s->stats.assertions_signed);
    }
    if (err != EJWT_OK) {
        ejwt_wipe(buf, cap);
        return err;
    }
    err = ejwt_form_finish(&f, &req->len);
    if (err != EJWT_OK) {
        return err;
    }
    req->action = EJWT_SESSION_POST_TOKEN;
    req->grant =
        use_refresh ? EJWT_SESSION_GRANT_REFRESH_TOKEN : EJWT_SESSION_GRANT_CLIENT_CREDENTIALS;
    s->pending = (uint8_t)req->grant;
    s->stats.token_requests++;
    return EJWT_OK;
}

int ejwt_session_prepare(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    EJWT_REQUIRE(s != NULL && s->store != NULL && req != NULL && (buf != NULL || cap == 0u));
    memset(req, 0, sizeof(*req));
    s->pending = EJWT_SESSION_GRANT_NONE;
    if (cap > 0u) {
        buf[0] = '\0';
    }
    if (s->deprovisioned) {
        return EJWT_ERR_DEPROVISIONED;
    }
    /* One reading of the time for every decision below (unknown stays
     * EJWT_TIME_UNKNOWN: an uptime deadline of this boot can still decide). */
    (void)ejwt_session_now(s, &now);
    if (!s->access_dropped) {
        int err = access_usable(s, now);
        if (err == EJWT_OK) {
            err = ejwt_token_store_bearer(s->store, buf, cap, &req->len);
            if (err == EJWT_OK) {
                req->action = EJWT_SESSION_CALL_API;
                s->stats.api_calls++;
            }
            return err;
        }
        if (err != EJWT_ERR_NO_TOKEN && err != EJWT_ERR_EXPIRED) {
            return err; /* TIME_UNKNOWN with no session time, storage failures */
        }
    }
    return token_request(s, now, buf, cap, req);
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
    } else if (grant == EJWT_SESSION_GRANT_CLIENT_CREDENTIALS) {
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

int ejwt_session_handle_token_response(ejwt_session *s, int status, const char *body, size_t len,
                                       char *work, size_t work_cap)
{
    ejwt_token_response r;
    uint8_t grant;
    int err;

    EJWT_REQUIRE(s != NULL && s->store != NULL && (body != NULL || len == 0u) &&
                 (work != NULL || work_cap == 0u));
    grant = s->pending;
    s->pending = EJWT_SESSION_GRANT_NONE;
    if (grant == EJWT_SESSION_GRANT_NONE) {
        return EJWT_ERR_INVALID_ARG;
    }
    err = ejwt_oauth_parse_token_response(status, body, len, work, work_cap, &r);
    if (err == EJWT_OK) {
        err = save_tokens(s, grant, &r);
        if (err == EJWT_OK) {
            s->access_dropped = 0;
            s->refresh_refused = 0;
            s->stats.tokens_saved++;
            if (grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                s->stats.refreshes++;
            }
        }
    } else if (err == EJWT_ERR_OAUTH_INVALID_GRANT && grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
        /* The refresh token is dead (used, revoked or expired): forget it
         * in storage too, so a reboot does not try it again. */
        s->refresh_refused = 1;
        (void)ejwt_token_store_clear(s->store);
    } else if (err == EJWT_ERR_DEPROVISIONED) {
        s->deprovisioned = 1;
        (void)ejwt_token_store_clear(s->store);
    }
    ejwt_wipe(&r, sizeof(r));
    ejwt_wipe(work, work_cap);
    return err;
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
