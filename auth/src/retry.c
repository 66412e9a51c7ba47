/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The error classification table of docs/PROTOCOL.md ("Errors and
 * retries"), bounded exponential backoff with full jitter, Retry-After and
 * the jittered refresh margin. The table is data: one row per (request,
 * code) and one per (request, status), looked up in order, so the code and
 * the documented table can be compared row by row.
 */
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/retry.h"
#include "ejwt/json.h"
#include "ejwt/numericdate.h"
#include "ejwt/platform.h"
#include "ejwt_common.h"
#include "metadata_internal.h"

/* Request-kind bits of a row. */
#define K_CC (1u << EJWT_REQ_TOKEN_CLIENT_CREDENTIALS)
#define K_RT (1u << EJWT_REQ_TOKEN_REFRESH)
#define K_DC (1u << EJWT_REQ_TOKEN_DEVICE_CODE)
#define K_DA (1u << EJWT_REQ_DEVICE_AUTHORIZATION)
#define K_REG (1u << EJWT_REQ_REGISTRATION)
#define K_REV (1u << EJWT_REQ_REVOCATION)
#define K_TOKEN (K_CC | K_RT | K_DC)
#define K_ALL (K_TOKEN | K_DA | K_REG | K_REV)

#define MS_PER_S 1000u
#define HTTP_MIN_ERROR 400
#define HTTP_MAX_STATUS 599

/* A row keyed by the body's `error` code (any 4xx or 5xx status). */
typedef struct code_row {
    const char *code;
    uint8_t kinds;
    uint8_t action;
    uint8_t suspect;
    int err;
} code_row;

static const code_row code_rows[] = {
    {"invalid_client", K_TOKEN | K_DA | K_REV, EJWT_ACTION_DEPROVISIONED, 0,
     EJWT_ERR_DEPROVISIONED},
    {"invalid_client", K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {"invalid_grant", K_TOKEN, EJWT_ACTION_REAUTHENTICATE, 0, EJWT_ERR_OAUTH_INVALID_GRANT},
    {"authorization_pending", K_DC, EJWT_ACTION_POLL_AGAIN, 0, EJWT_ERR_OAUTH_RETRY},
    {"slow_down", K_DC, EJWT_ACTION_SLOW_DOWN, 0, EJWT_ERR_OAUTH_RETRY},
    {"expired_token", K_DC, EJWT_ACTION_REAUTHENTICATE, 0, EJWT_ERR_OAUTH_INVALID_GRANT},
    {"access_denied", K_DC, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_ACCESS_DENIED},
    {"invalid_request", K_ALL, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {"invalid_scope", K_TOKEN | K_DA, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {"unsupported_grant_type", K_TOKEN, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {"unauthorized_client", K_TOKEN | K_DA, EJWT_ACTION_BACK_OFF, 1, EJWT_ERR_OAUTH_RETRY},
    {"invalid_client_metadata", K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_CLIENT_METADATA},
    {"invalid_software_statement", K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_CLIENT_METADATA},
    {"unapproved_software_statement", K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_CLIENT_METADATA},
    {"invalid_redirect_uri", K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_REDIRECT_URI},
    {"unsupported_token_type", K_REV, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {"temporarily_unavailable", K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    {"server_error", K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
};

/* A row keyed by status (lo..hi), for bodies without a code of the table
 * (empty, not JSON, or an unknown code). First match wins. */
typedef struct status_row {
    int16_t lo, hi;
    uint8_t kinds;
    uint8_t action;
    uint8_t suspect;
    int err;
} status_row;

static const status_row status_rows[] = {
    /* no HTTP answer at all */
    {INT16_MIN, 0, K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    /* success */
    {200, 200, K_TOKEN | K_DA | K_REV, EJWT_ACTION_DONE, 0, EJWT_OK},
    {200, 201, K_REG, EJWT_ACTION_DONE, 0, EJWT_OK},
    /* Glewlwyd: 400 with an empty body for a bad refresh token */
    {400, 400, K_RT, EJWT_ACTION_REAUTHENTICATE, 0, EJWT_ERR_OAUTH_INVALID_GRANT},
    {400, 400, K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_CLIENT_METADATA},
    {400, 400, K_REV, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    /* registration: the initial access token is missing or refused */
    {401, 401, K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    {403, 403, K_REG, EJWT_ACTION_GIVE_UP, 0, EJWT_ERR_OAUTH_REFUSED},
    /* "not now": timeout, too early, too many requests */
    {408, 408, K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    {425, 425, K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    {429, 429, K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    /* "server down": bad gateway, unavailable, gateway timeout */
    {502, 504, K_ALL, EJWT_ACTION_BACK_OFF, 0, EJWT_ERR_OAUTH_RETRY},
    /* everything else refuses without a reason: 1xx, other 2xx, 3xx (no
     * redirect is followed with credentials), other 4xx (Glewlwyd's 403 with
     * an empty body for a refused assertion, 401 without invalid_client),
     * 500 (Glewlwyd's disabled client) and other 5xx */
    {1, HTTP_MAX_STATUS, K_ALL, EJWT_ACTION_BACK_OFF, 1, EJWT_ERR_OAUTH_RETRY},
};

static void set_outcome(ejwt_outcome *out, unsigned action, unsigned suspect, int err)
{
    out->action = (ejwt_action)action;
    out->suspect = (uint8_t)suspect;
    out->err = err;
}

int ejwt_md_error_code(const char *body, size_t len, char *code, size_t cap)
{
    jsmntok_t tok[EJWT_MD_ERROR_TOKENS];
    ejwt_json doc;
    size_t i, n = 0;
    int idx;

    code[0] = '\0';
    for (i = 0; i < len; i++) {
        if (body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n') {
            break;
        }
    }
    if (i == len) {
        return EJWT_MD_BODY_EMPTY;
    }
    if (ejwt_json_parse(body, len, tok, EJWT_MD_ERROR_TOKENS, &doc) != EJWT_OK ||
        ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        return EJWT_MD_BODY_NOT_JSON;
    }
    idx = ejwt_json_find(&doc, 0, "error");
    if (idx < 0 || ejwt_json_type(&doc, idx) != EJWT_JSON_STRING) {
        return EJWT_MD_BODY_NOT_JSON;
    }
    if (ejwt_json_string_copy(&doc, idx, code, cap, &n) != EJWT_OK) {
        code[0] = '\0';
        return EJWT_MD_BODY_ERROR;
    }
    for (i = 0; i < n; i++) {
        if (code[i] < 0x20 || code[i] > 0x7E) {
            code[0] = '\0';
            break;
        }
    }
    return EJWT_MD_BODY_ERROR;
}

int ejwt_classify_response(ejwt_request_kind kind, int status, const char *body, size_t len,
                           ejwt_outcome *out)
{
    unsigned bit;
    size_t i;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    EJWT_REQUIRE(body != NULL || len == 0u);
    EJWT_REQUIRE(kind >= EJWT_REQ_TOKEN_CLIENT_CREDENTIALS && kind <= EJWT_REQ_REVOCATION);
    bit = 1u << (unsigned)kind;
    if (status >= HTTP_MIN_ERROR && status <= HTTP_MAX_STATUS && len > 0u &&
        ejwt_md_error_code(body, len, out->error, sizeof(out->error)) == EJWT_MD_BODY_ERROR &&
        out->error[0] != '\0') {
        for (i = 0; i < sizeof(code_rows) / sizeof(code_rows[0]); i++) {
            if ((code_rows[i].kinds & bit) && strcmp(code_rows[i].code, out->error) == 0) {
                set_outcome(out, code_rows[i].action, code_rows[i].suspect, code_rows[i].err);
                return EJWT_OK;
            }
        }
    }
    if (status < INT16_MIN) {
        status = INT16_MIN;
    }
    for (i = 0; i < sizeof(status_rows) / sizeof(status_rows[0]); i++) {
        if ((status_rows[i].kinds & bit) && status >= status_rows[i].lo &&
            status <= status_rows[i].hi) {
            set_outcome(out, status_rows[i].action, status_rows[i].suspect, status_rows[i].err);
            return EJWT_OK;
        }
    }
    /* a status above 599 is no HTTP status: refused without a reason */
    set_outcome(out, EJWT_ACTION_BACK_OFF, 1, EJWT_ERR_OAUTH_RETRY);
    return EJWT_OK;
}

void ejwt_retry_init(ejwt_retry *r)
{
    if (r != NULL) {
        memset(r, 0, sizeof(*r));
    }
}

void ejwt_retry_set_interval(ejwt_retry *r, uint32_t interval_s)
{
    if (r == NULL) {
        return;
    }
    if (interval_s == 0u) {
        interval_s = EJWT_DEVICE_POLL_INTERVAL_S;
    }
    r->interval_s =
        interval_s > EJWT_DEVICE_MAX_INTERVAL_S ? EJWT_DEVICE_MAX_INTERVAL_S : interval_s;
}

/* A uniformly random part of [0, span] from rnd. */
static uint64_t jitter(uint64_t span, uint32_t rnd)
{
    /* span < 2^32 here (the cap and the Retry-After bound are), so the
     * product fits in 64 bits */
    return ((span + 1u) * (uint64_t)rnd) >> 32;
}

/* The backoff window after \p failures failures in a row (>= 1). */
static uint64_t window_ms(uint32_t failures)
{
    uint64_t w = EJWT_RETRY_BASE_MS;
    uint32_t i;

    for (i = 1; i < failures && w < EJWT_RETRY_CAP_MS; i++) {
        w *= 2u;
    }
    return w < EJWT_RETRY_CAP_MS ? w : EJWT_RETRY_CAP_MS;
}

static ejwt_action terminal(ejwt_retry *r, ejwt_action a, int err)
{
    r->terminal = err;
    return a;
}

/* Back off (after the failure count was raised); count a suspect answer. */
static ejwt_action back_off(ejwt_retry *r, ejwt_action a, int suspect, uint64_t now_ms,
                            int64_t retry_after_s, uint32_t rnd)
{
    uint64_t w = window_ms(r->failures), delay;

    if (retry_after_s >= 0) {
        uint64_t ra = (uint64_t)(retry_after_s > (int64_t)EJWT_RETRY_AFTER_MAX_S
                                     ? (int64_t)EJWT_RETRY_AFTER_MAX_S
                                     : retry_after_s) *
                      MS_PER_S;
        delay = ra + jitter(ra < w ? ra : w, rnd);
    } else {
        delay = jitter(w, rnd);
    }
    if (delay < EJWT_RETRY_MIN_MS) {
        delay = EJWT_RETRY_MIN_MS;
    }
    if (suspect) {
        uint64_t deadline;
        if (r->suspects == 0u) {
            r->first_suspect_ms = now_ms;
        }
        r->suspects++;
        deadline = r->first_suspect_ms + (uint64_t)EJWT_RETRY_GIVE_UP_AFTER_S * MS_PER_S;
        if (r->suspects >= EJWT_RETRY_MAX_SUSPECT && now_ms >= deadline) {
            return terminal(r, EJWT_ACTION_GIVE_UP, EJWT_ERR_GAVE_UP);
        }
        if (r->suspects >= EJWT_RETRY_MAX_SUSPECT && now_ms + delay < deadline) {
            delay = deadline - now_ms; /* the last try is at the deadline */
        }
    }
    r->not_before_ms = now_ms + delay;
    return a;
}

ejwt_action ejwt_retry_update(ejwt_retry *r, const ejwt_outcome *o, uint64_t now_ms,
                              int64_t retry_after_s, uint32_t rnd)
{
    if (r == NULL || o == NULL) {
        EJWT_ASSERT(r != NULL && o != NULL);
        return EJWT_ACTION_GIVE_UP;
    }
    if (r->terminal != 0) {
        return r->terminal == EJWT_ERR_DEPROVISIONED ? EJWT_ACTION_DEPROVISIONED
                                                     : EJWT_ACTION_GIVE_UP;
    }
    if (r->interval_s == 0u) {
        r->interval_s = EJWT_DEVICE_POLL_INTERVAL_S;
    }
    switch (o->action) {
    case EJWT_ACTION_DONE:
        r->failures = 0;
        r->suspects = 0;
        r->reauths = 0;
        r->first_suspect_ms = 0;
        r->not_before_ms = now_ms;
        return EJWT_ACTION_DONE;
    case EJWT_ACTION_POLL_AGAIN:
    case EJWT_ACTION_SLOW_DOWN:
        if (o->action == EJWT_ACTION_SLOW_DOWN) {
            ejwt_retry_set_interval(r, r->interval_s + EJWT_DEVICE_SLOW_DOWN_S);
        }
        r->failures = 0; /* the server answers: no outage to back off from */
        r->not_before_ms = now_ms + (uint64_t)r->interval_s * MS_PER_S;
        return o->action;
    case EJWT_ACTION_REAUTHENTICATE:
        r->reauths++;
        if (r->reauths == 1u) {
            r->not_before_ms = now_ms;
            return EJWT_ACTION_REAUTHENTICATE;
        }
        r->failures++;
        return back_off(r, EJWT_ACTION_REAUTHENTICATE, 1, now_ms, retry_after_s, rnd);
    case EJWT_ACTION_BACK_OFF:
        r->failures++;
        return back_off(r, EJWT_ACTION_BACK_OFF, o->suspect != 0u, now_ms, retry_after_s, rnd);
    case EJWT_ACTION_DEPROVISIONED:
        return terminal(r, EJWT_ACTION_DEPROVISIONED, EJWT_ERR_DEPROVISIONED);
    case EJWT_ACTION_GIVE_UP:
    default:
        return terminal(r, EJWT_ACTION_GIVE_UP, o->err < 0 ? o->err : EJWT_ERR_GAVE_UP);
    }
}

int ejwt_retry_ready(const ejwt_retry *r, uint64_t now_ms)
{
    EJWT_REQUIRE(r != NULL);
    if (r->terminal != 0) {
        return r->terminal;
    }
    return now_ms >= r->not_before_ms ? EJWT_OK : EJWT_ERR_OAUTH_RETRY;
}

int ejwt_retry_after_parse(const char *v, size_t len, int64_t now, int64_t *delay_s)
{
    size_t b = 0, e = len;
    int64_t when = 0, d = 0;
    int err;

    EJWT_REQUIRE(v != NULL && delay_s != NULL);
    *delay_s = 0;
    while (b < e && (v[b] == ' ' || v[b] == '\t')) {
        b++;
    }
    while (e > b && (v[e - 1u] == ' ' || v[e - 1u] == '\t')) {
        e--;
    }
    if (b < e && v[b] >= '0' && v[b] <= '9') {
        size_t i;
        for (i = b; i < e; i++) {
            if (v[i] < '0' || v[i] > '9') {
                return EJWT_ERR_HTTP_DATE_INVALID;
            }
            if (d < (int64_t)EJWT_RETRY_AFTER_MAX_S) {
                d = d * 10 + (v[i] - '0'); /* saturates below: no overflow */
            }
        }
        *delay_s = d > (int64_t)EJWT_RETRY_AFTER_MAX_S ? (int64_t)EJWT_RETRY_AFTER_MAX_S : d;
        return EJWT_OK;
    }
    err = ejwt_http_date_parse(v + b, e - b, &when);
    if (err != EJWT_OK) {
        return err;
    }
    if (now == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    if (when <= now) {
        d = 0;
    } else if (when - now > (int64_t)EJWT_RETRY_AFTER_MAX_S) {
        d = (int64_t)EJWT_RETRY_AFTER_MAX_S;
    } else {
        d = when - now;
    }
    *delay_s = d;
    return EJWT_OK;
}

int ejwt_retry_random(uint32_t *out)
{
    uint8_t b[4];
    int err;

    EJWT_REQUIRE(out != NULL);
    *out = 0;
    err = ejwt_platform_entropy(b, sizeof(b));
    if (err != EJWT_OK) {
        return err;
    }
    *out = ejwt_get_le32(b);
    ejwt_wipe(b, sizeof(b));
    return EJWT_OK;
}

uint32_t ejwt_refresh_margin_jitter(uint32_t margin_s, uint32_t rnd)
{
    uint32_t half = margin_s / 2u;

    return half + (uint32_t)jitter(margin_s - half, rnd);
}
