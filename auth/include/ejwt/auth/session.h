/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file session.h
 * \brief The device's OAuth session: decides what to send next (an API call
 *        with the stored access token, or a request to the token, device
 *        authorization or revocation endpoint), when it may be sent, and
 *        consumes the answers, keeping the tokens in the sealed token store.
 *
 * ejwt opens no sockets. The session is a small state machine the firmware
 * drives from its own network loop:
 *
 * \code
 * ejwt_session_init(&sess, &cfg, &device_key, &store);
 * for (;;) {
 *     err = ejwt_session_prepare(&sess, buf, sizeof(buf), &req);
 *     if (err == EJWT_ERR_TIME_UNKNOWN) { sync_time_from_http_date(); continue; }
 *     if (err == EJWT_ERR_OAUTH_RETRY) { sleep_until_uptime(req.not_before_ms); continue; }
 *     if (err == EJWT_ERR_DEVICE_CODE_EXPIRED) continue;   // the next prepare starts again
 *     if (err != EJWT_OK) break;        // DEPROVISIONED, GAVE_UP, ACCESS_DENIED, storage...
 *     if (req.action == EJWT_SESSION_POST_FORM) {          // buf: form body, to req.url
 *         status = http_post(req.url, buf, req.len, resp, &resp_len, retry_after);
 *         ans.status = status; ans.body = resp; ans.len = resp_len;
 *         ans.retry_after = retry_after;  ans.retry_after_len = strlen(retry_after);
 *         err = ejwt_session_handle_response(&sess, &ans, buf, sizeof(buf));
 *         if (err == EJWT_OK && req.grant == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION)
 *             show_user_code(&sess);   // ejwt_session_device_prompt()
 *         continue;       // AUTHORIZATION_PENDING, SLOW_DOWN, INVALID_GRANT, OAUTH_RETRY ...
 *     }
 *     status = http_get("/api/telemetry", "Authorization", buf);   // buf: "Bearer ..."
 *     err = ejwt_session_handle_api_status(&sess, status, &retry); // 401: retry once
 *     if (!retry) sleep_until_next_report_or(&sess);   // ejwt_session_renewal_due()
 * }
 * \endcode
 *
 * Sleep until the next report *or* ejwt_session_renewal_due(), whichever is
 * first: a device that only looks at its token on its own timer renews on
 * that timer's ticks, and devices whose timers are aligned (a fleet booted
 * together after a power cut) would then renew in lock-step however the
 * margin is jittered (docs/FLEET.md measures both).
 *
 * **What prepare decides**, in order:
 *  1. a terminal outcome seen earlier: ::EJWT_ERR_DEPROVISIONED
 *     (`invalid_client`), ::EJWT_ERR_GAVE_UP (refused without a reason too
 *     often, retry.h), ::EJWT_ERR_ACCESS_DENIED (the person refused the
 *     device grant) or ::EJWT_ERR_OAUTH_REFUSED (the server refuses the
 *     request as configured), always, until ejwt_session_restart() (or a
 *     reboot);
 *  2. the stored access token is usable for at least the refresh margin
 *     (ejwt_token_store_access_usable() at ejwt_session_now(), read once per
 *     call: the platform's wall clock or the synced time; or uptime in the
 *     boot that saved it), and was not dropped after a 401:
 *     ::EJWT_SESSION_CALL_API with `Bearer <token>` in the buffer. The margin
 *     is drawn once per token with ejwt_refresh_margin_jitter() (between half
 *     the configured margin and all of it), so devices that got their tokens
 *     together do not refresh together;
 *  3. "not yet": an earlier answer asked to wait (backoff, `Retry-After`, the
 *     device grant's poll interval): ::EJWT_ERR_OAUTH_RETRY with
 *     ::ejwt_session_request::not_before_ms, the platform uptime before which
 *     nothing may be sent (also ejwt_session_not_before()); meanwhile an
 *     access token inside the margin but not yet expired is still handed
 *     out (::EJWT_SESSION_CALL_API): the margin is the room for retries;
 *  4. otherwise a request, which needs the time (see below): a
 *     `refresh_token` grant when a refresh token is stored and was not
 *     refused; else the configured grant (::ejwt_session_config::grant_type):
 *     `client_credentials`, or for the device grant (RFC 8628) a device
 *     authorization request, then, once it was answered, device-code polls
 *     of the token endpoint (a device code that expired locally gives
 *     ::EJWT_ERR_DEVICE_CODE_EXPIRED once; the next prepare starts again).
 *     Each carries a fresh client assertion (assertion.h) whose `aud` is
 *     exactly the URL it is posted to (::ejwt_session_request::url, a
 *     configuration string), and `client_id` beside it; `scope` and the
 *     RFC 8707 `resource` go where the configuration has them. Counted in
 *     ::ejwt_session_stats.
 *
 * **Request bodies** (`application/x-www-form-urlencoded`, oauth.h's
 * encoding; `[..]` only when configured, JWT = the client assertion):
 *  - client_credentials: `grant_type=client_credentials&client_id=..[&scope=..]
 *    [&resource=..]&client_assertion_type=..&client_assertion=JWT`
 *  - refresh: `grant_type=refresh_token&refresh_token=..&client_id=..[&resource=..]
 *    &client_assertion_type=..&client_assertion=JWT`
 *  - device authorization: `client_id=..[&scope=..][&resource=..]
 *    &client_assertion_type=..&client_assertion=JWT` (without the assertion
 *    when ::ejwt_session_config::device_authorization_public is set)
 *  - device-code poll: `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code
 *    &device_code=..&client_id=..[&resource=..]&client_assertion_type=..&client_assertion=JWT`
 *  - revocation (logout): `token=..&token_type_hint=refresh_token&client_id=..
 *    &client_assertion_type=..&client_assertion=JWT` (revocation.h)
 *
 * **Answers** (ejwt_session_handle_response()) go through
 * ejwt_classify_response(), the table of docs/PROTOCOL.md, and the
 * session's ::ejwt_retry (full-jitter backoff, `Retry-After`, the give-up
 * bound for answers that refuse without a reason). A token response is
 * saved (the refresh token rotates; a refresh answer without one keeps the
 * old one, a new grant's answer without one removes it). A refused refresh
 * (`invalid_grant`, or Glewlwyd's 400 with an empty body) clears the store,
 * so the next request is the configured grant again (also after a reboot).
 * `invalid_client` clears the store and makes the session deprovisioned (the
 * device key stays: destroying it is the application's decision). The
 * device grant's answers are distinct codes: ::EJWT_ERR_AUTHORIZATION_PENDING
 * (poll again after `interval`), ::EJWT_ERR_SLOW_DOWN (`interval` + 5 s),
 * ::EJWT_ERR_DEVICE_CODE_EXPIRED (`expired_token`: the next prepare makes a
 * new device authorization request, with a new user code),
 * ::EJWT_ERR_ACCESS_DENIED (terminal). A 401 from the API drops the access
 * token and asks for one retry; a second 401 in a row gives
 * ::EJWT_ERR_HTTP_UNAUTHORIZED. The drop is kept in RAM only: after a reboot
 * a dropped but unexpired token is tried once more. So is the retry state
 * and a device grant in progress: a reboot starts them afresh.
 *
 * **Logout** (ejwt_session_logout()): with a revocation endpoint and a
 * stored refresh token, an RFC 7009 request for it; the store is wiped when
 * its answer comes, whatever it says, and at once when there is nothing to
 * send.
 *
 * **Time.** A request with an assertion needs "now" for its `iat` and `exp`.
 * The session uses the platform's wall clock when it is known, else a time
 * the application gave it with ejwt_session_set_time() (e.g. the backend's
 * HTTP `Date`, parsed by ejwt_http_date_parse()), carried forward by
 * uptime. Tokens obtained while the platform clock is unknown are stored
 * with uptime expiry (they do not survive a reboot). With no time at all,
 * prepare fails with ::EJWT_ERR_TIME_UNKNOWN whenever it needs one. Waits
 * (backoff, poll interval, device code expiry) are platform uptime.
 *
 * Zero malloc, no interior pointers: ::ejwt_session holds the device
 * grant's codes and URI in fixed arrays (EJWT_SESSION_MAX_*), about 800
 * bytes on a 32-bit target; the strings of the configuration and the token
 * store are the caller's and must outlive it. Not thread-safe. Needs
 * ejwt_platform_set(), ejwt_crypto_init() and an initialised token store.
 */
#ifndef EJWT_SESSION_H
#define EJWT_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"
#include "ejwt/key.h"
#include "ejwt/auth/device_authorization.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/retry.h"
#include "ejwt/platform/token_store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EJWT_SESSION_MAX_DEVICE_CODE, _USER_CODE and _VERIFICATION_URI size
 * ::ejwt_session: they are layout bounds of <ejwt/ejwt_config.h>. */
/** Longest `scope` or `resource` configuration string. */
#define EJWT_SESSION_MAX_PARAM 256u

/** The grant a new session is obtained with (refreshes come on top). */
typedef enum ejwt_session_grant_type {
    /** `client_credentials` with the client assertion (the default) */
    EJWT_SESSION_USE_CLIENT_CREDENTIALS = 0,
    /** the device authorization grant (RFC 8628): a person approves */
    EJWT_SESSION_USE_DEVICE_CODE = 1
} ejwt_session_grant_type;

/** A source of uniformly random 32-bit values (backoff and refresh-margin
 *  jitter): the platform's entropy by default. Returns EJWT_OK or an error
 *  (then the session takes the longest wait and the full margin). */
typedef int (*ejwt_session_random_fn)(void *ctx, uint32_t *out);

/** Session configuration. Zero-initialise, then set. URLs are used exactly
 *  as given (provisioned, or from ejwt_discovery_parse()): each is the
 *  `aud` of the assertions posted to it. */
typedef struct ejwt_session_config {
    const char *client_id;              /**< the device's client id (assertion iss and sub) */
    const char *token_endpoint;         /**< token endpoint URL (required) */
    uint32_t refresh_margin_s;          /**< renew at most this long before expiry (jittered
                                        down to half of it); 0 = EJWT_TOKEN_STORE_REFRESH_MARGIN_S */
    uint32_t assertion_lifetime_s;      /**< 0 = EJWT_ASSERTION_DEFAULT_LIFETIME_S (capped at
                                        EJWT_ASSERTION_MAX_LIFETIME_S) */
    ejwt_session_grant_type grant_type; /**< how a new session is obtained */
    /** RFC 8628 device authorization endpoint URL (required for
     *  ::EJWT_SESSION_USE_DEVICE_CODE), or NULL */
    const char *device_authorization_endpoint;
    const char *revocation_endpoint; /**< RFC 7009 endpoint URL for logout, or NULL */
    const char *scope;               /**< `scope` of new grants (Glewlwyd needs one), or NULL */
    const char *resource;            /**< RFC 8707 `resource` of every token request, or NULL */
    /** 1: the device authorization request carries only `client_id` (a
     *  public client); 0: a client assertion too (Glewlwyd wants it) */
    int device_authorization_public;
    ejwt_session_random_fn random; /**< NULL = the platform entropy (ejwt_retry_random()) */
    void *random_ctx;              /**< passed to \p random */
} ejwt_session_config;

/** What the application does next. */
typedef enum ejwt_session_action {
    EJWT_SESSION_CALL_API = 1,  /**< send the API call with `Authorization: <buffer>` */
    EJWT_SESSION_POST_FORM = 2, /**< POST the buffer to ::ejwt_session_request::url as
                                      EJWT_OAUTH_FORM_CONTENT_TYPE */
    /** The earlier name of ::EJWT_SESSION_POST_FORM (then always the token endpoint). */
    EJWT_SESSION_POST_TOKEN = EJWT_SESSION_POST_FORM,
    EJWT_SESSION_LOGGED_OUT = 3 /**< logout: nothing to send, the store is wiped */
} ejwt_session_action;

/** The kind of request. */
typedef enum ejwt_session_grant {
    EJWT_SESSION_GRANT_NONE = 0,                 /**< no request to an OAuth endpoint */
    EJWT_SESSION_GRANT_CLIENT_CREDENTIALS = 1,   /**< token endpoint: a new session */
    EJWT_SESSION_GRANT_REFRESH_TOKEN = 2,        /**< token endpoint: a refresh */
    EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION = 3, /**< device authorization endpoint */
    EJWT_SESSION_GRANT_DEVICE_CODE = 4,          /**< token endpoint: a device-code poll */
    EJWT_SESSION_GRANT_REVOCATION = 5            /**< revocation endpoint (logout) */
} ejwt_session_grant;

/** The next request, from ejwt_session_prepare() or ejwt_session_logout(). */
typedef struct ejwt_session_request {
    ejwt_session_action action; /**< what to do with the buffer */
    ejwt_session_grant grant;   /**< for EJWT_SESSION_POST_FORM: which request */
    /** The length of the text in the buffer: the triple's length of
     *  ejwt_session_prepare() (buffer convention: see ejwt.h), so on
     *  ::EJWT_ERR_BUFFER_TOO_SMALL the size to prepare again with. */
    size_t len;
    /** For EJWT_SESSION_POST_FORM: the URL to post to (a configuration
     *  string); NULL otherwise. */
    const char *url;
    /** With ::EJWT_ERR_OAUTH_RETRY: do not send anything before this
     *  platform uptime (ms); 0 otherwise. */
    uint64_t not_before_ms;
} ejwt_session_request;

/** An endpoint's answer, for ejwt_session_handle_response(). */
typedef struct ejwt_session_answer {
    int status;              /**< HTTP status, or 0 when no HTTP answer came */
    const char *body;        /**< response body (need not be terminated); NULL with \p len 0 */
    size_t len;              /**< its length */
    const char *retry_after; /**< the `Retry-After` field value, or NULL */
    size_t retry_after_len;  /**< its length */
} ejwt_session_answer;

/** The device grant's prompt: what the person is shown (valid while the
 *  session is, until the grant ends). */
typedef struct ejwt_session_prompt {
    const char *user_code;                 /**< the code to enter, terminated */
    const char *verification_uri;          /**< where to enter it, terminated */
    const char *verification_uri_complete; /**< with the code in it; "" if not sent */
    uint64_t expires_at_ms;                /**< uptime at which the code expires */
    uint32_t interval_s;                   /**< the current poll interval */
} ejwt_session_prompt;

/** Counters since ejwt_session_init() (they prove, e.g., that a reboot
 *  reused the stored tokens without a new assertion). */
typedef struct ejwt_session_stats {
    uint32_t assertions_signed;     /**< client assertions signed */
    uint32_t token_requests;        /**< token endpoint requests prepared */
    uint32_t tokens_saved;          /**< token responses accepted and saved */
    uint32_t refreshes;             /**< of those, refresh grants */
    uint32_t api_calls;             /**< bearer values produced */
    uint32_t api_retries;           /**< 401s answered with a retry */
    uint32_t device_authorizations; /**< device authorization requests prepared */
    uint32_t device_polls;          /**< of the token requests, device-code polls */
    uint32_t backoffs;              /**< answers that set a wait (backoff or poll interval) */
} ejwt_session_stats;

/** The session. Caller-allocated; fill only with ejwt_session_init(). */
typedef struct ejwt_session {
    ejwt_session_config cfg;      /**< copy (the strings stay the caller's) */
    ejwt_key key;                 /**< the device key (a copy of the handle) */
    ejwt_token_store *store;      /**< the caller's initialised token store */
    int64_t synced_wall;          /**< time from ejwt_session_set_time(), or EJWT_TIME_UNKNOWN */
    uint64_t synced_uptime_ms;    /**< uptime when it was given */
    ejwt_retry retry;             /**< backoff, poll interval, terminal outcome */
    uint64_t dc_expires_ms;       /**< uptime at which the device code expires */
    uint32_t margin_s;            /**< this token's jittered refresh margin; 0 = draw one */
    uint8_t pending;              /**< ejwt_session_grant awaiting its response */
    uint8_t access_dropped;       /**< the API refused the access token (401) */
    uint8_t refresh_refused;      /**< the refresh token was refused (invalid_grant) */
    uint8_t retry_used;           /**< the one 401 retry was given */
    uint8_t dc_active;            /**< a device code is held: poll */
    ejwt_session_stats stats;     /**< counters */
    ejwt_device_authorization dc; /**< the device grant in progress (RFC 8628) */
} ejwt_session;

/**
 * Set up a session.
 * \param s      the context to fill
 * \param cfg    configuration (copied; its strings must outlive \p s)
 * \param key    the device key (ejwt_device_key_get()); its handle is copied
 * \param store  an initialised token store (ejwt_token_store_init()); must outlive \p s
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG       client id or token endpoint missing, empty or longer
 *                                    than EJWT_ASSERTION_MAX_CLIENT_ID / _MAX_AUDIENCE; the
 *                                    device grant without a device authorization endpoint;
 *                                    an endpoint empty or over EJWT_ASSERTION_MAX_AUDIENCE, a
 *                                    scope or resource empty or over EJWT_SESSION_MAX_PARAM;
 *                                    an unknown grant type
 * \retval EJWT_ERR_ALG_KEY_MISMATCH  \p key is not an ES256 key
 * \retval EJWT_ERR_KEY_USAGE         \p key may not sign
 */
int ejwt_session_init(ejwt_session *s, const ejwt_session_config *cfg, const ejwt_key *key,
                      ejwt_token_store *store);

/**
 * Give the session the current time (Unix seconds) from a source the
 * application trusts, e.g. the backend's `Date` header over TLS. It is
 * carried forward by uptime and used only while the platform's wall clock
 * is unknown; it is not written to the platform clock.
 * \param s         the session
 * \param unix_now  the current time (Unix seconds)
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG \p unix_now is negative (or EJWT_TIME_UNKNOWN)
 */
int ejwt_session_set_time(ejwt_session *s, int64_t unix_now);

/**
 * The session's "now": the platform wall clock, else the time given with
 * ejwt_session_set_time() plus the uptime since. Use it as the `now` of
 * ejwt_command_verify().
 * \param s    the session
 * \param now  receives the time, or EJWT_TIME_UNKNOWN
 * \retval EJWT_OK
 * \retval EJWT_ERR_TIME_UNKNOWN no time known
 */
int ejwt_session_now(const ejwt_session *s, int64_t *now);

/**
 * Decide the next request and write it into \p buf (see the file overview).
 * A request prepared earlier and never answered is forgotten.
 * \param s    the session
 * \param buf  caller buffer: receives `Bearer <token>` or a form body,
 *             terminated (text; buffer convention: see ejwt.h, with req->len
 *             the length). It holds a credential: wipe it after sending. On
 *             failure it holds "" (wiped after a too-small report). May be
 *             NULL when \p cap is 0 (size query; a request then signs
 *             nothing).
 * \param cap  its size. A token request needs about 420 bytes plus the
 *             client id three times, the endpoint URL, the encoded scope and
 *             resource, and (refresh) the percent-encoded refresh token or
 *             (poll) the device code; a bearer value 8 bytes more than the
 *             access token ("Bearer " and the terminator).
 * \param req  receives the action, the request kind, the length, the URL
 *             and (with ::EJWT_ERR_OAUTH_RETRY) the uptime to wait for
 * \retval EJWT_OK
 * \retval EJWT_ERR_OAUTH_RETRY        not yet: wait until req->not_before_ms (uptime)
 * \retval EJWT_ERR_DEVICE_CODE_EXPIRED the device code expired before approval (once;
 *                                    the next prepare asks for a new one)
 * \retval EJWT_ERR_DEPROVISIONED     terminal: the backend said `invalid_client`
 * \retval EJWT_ERR_GAVE_UP           terminal: refused without a reason too often
 * \retval EJWT_ERR_ACCESS_DENIED     terminal: the person denied the device grant
 * \retval EJWT_ERR_OAUTH_REFUSED     terminal: the server refuses the request as configured
 *                                    (`invalid_request`, `invalid_scope`, ...)
 * \retval EJWT_ERR_TIME_UNKNOWN      a request (or judging a stored token) needs the
 *                                    time and none is known: sync, then prepare again
 * \retval EJWT_ERR_BUFFER_TOO_SMALL  \p cap too small; req->len is the size that suffices
 *                                    (exact, except an upper bound when the refresh token
 *                                    did not fit raw: its encoding is counted as every
 *                                    byte `%XX`)
 * \retval EJWT_ERR_ENTROPY           no entropy for the assertion's jti
 * \retval EJWT_ERR_STORAGE_IO        the token store failed to read
 * \retval EJWT_ERR_CRYPTO            signing or unsealing failed in the crypto provider
 */
int ejwt_session_prepare(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req);

/**
 * Consume the answer to the request prepare (or logout) produced: classify
 * it (ejwt_classify_response()), update the backoff, save tokens, keep a
 * device code.
 * \param s         the session
 * \param a         the answer (status 0 when the request failed in transport;
 *                  `Retry-After` if the answer had one)
 * \param work      caller buffer for the parsed strings of a token response,
 *                  wiped on return; a->len bytes suffice (the exact fit; no
 *                  length is reported: not a triple), and the buffer the
 *                  request was prepared in may be reused
 * \param work_cap  its size
 * \retval EJWT_OK                        tokens saved, a device code kept (show
 *                                        ejwt_session_device_prompt()), or revoked
 * \retval EJWT_ERR_INVALID_ARG           no request was pending
 * \retval EJWT_ERR_AUTHORIZATION_PENDING device grant: not approved yet; poll after the interval
 * \retval EJWT_ERR_SLOW_DOWN             device grant: polled too fast; the interval grew 5 s
 * \retval EJWT_ERR_DEVICE_CODE_EXPIRED   device grant: `expired_token`; the next request is a
 *                                        new device authorization
 * \retval EJWT_ERR_ACCESS_DENIED         device grant: denied (terminal)
 * \retval EJWT_ERR_OAUTH_INVALID_GRANT   refused; the next request is a new grant (the second
 *                                        in a row is backed off)
 * \retval EJWT_ERR_DEPROVISIONED         `invalid_client`: the store is cleared; stop
 * \retval EJWT_ERR_GAVE_UP               the give-up bound of retry.h was reached (terminal)
 * \retval EJWT_ERR_OAUTH_REFUSED         the server refuses as configured (terminal; for a
 *                                        revocation: the store is wiped anyway)
 * \retval EJWT_ERR_OAUTH_RETRY           backed off: prepare says when
 * \retval EJWT_ERR_OAUTH_RESPONSE        200 with a malformed response, or without `expires_in`
 *                                        (backed off as a suspect answer)
 * \retval EJWT_ERR_OAUTH_TOKEN_TYPE      200 with a `token_type` other than Bearer (likewise)
 * \retval EJWT_ERR_JSON_*                200 with a body that is not strict JSON (likewise)
 * \retval EJWT_ERR_BUFFER_TOO_SMALL      a token response and \p work_cap < a->len
 * \retval EJWT_ERR_LIMIT                 a token or scope over its EJWT_TOKEN_STORE_MAX_*
 * \retval EJWT_ERR_STORAGE_IO, EJWT_ERR_STORAGE_FULL  saving failed (backed off)
 * \retval EJWT_ERR_ENTROPY, EJWT_ERR_CRYPTO           sealing failed (backed off)
 */
int ejwt_session_handle_response(ejwt_session *s, const ejwt_session_answer *a, char *work,
                                 size_t work_cap);

/**
 * ejwt_session_handle_response() without a `Retry-After` (the earlier API).
 * \param s         the session
 * \param status    HTTP status, or 0 when the request failed in transport
 * \param body      response body (need not be terminated); NULL with \p len 0
 * \param len       its length
 * \param work      as for ejwt_session_handle_response()
 * \param work_cap  its size
 * \return as ejwt_session_handle_response()
 */
int ejwt_session_handle_token_response(ejwt_session *s, int status, const char *body, size_t len,
                                       char *work, size_t work_cap);

/**
 * Log out: prepare an RFC 7009 revocation of the stored refresh token when
 * a revocation endpoint is configured (post it, then hand the answer to
 * ejwt_session_handle_response(), which wipes the store whatever it says),
 * else wipe the store now. A device grant in progress and the retry state
 * are forgotten; a terminal outcome is not.
 * \param s    the session
 * \param buf  caller buffer for the body, as for ejwt_session_prepare()
 * \param cap  its size
 * \param req  receives ::EJWT_SESSION_POST_FORM with ::EJWT_SESSION_GRANT_REVOCATION
 *             and the URL, or ::EJWT_SESSION_LOGGED_OUT
 * \retval EJWT_OK
 * \retval EJWT_ERR_TIME_UNKNOWN      the revocation's assertion needs the time (nothing
 *                                    wiped: sync, then log out again)
 * \retval EJWT_ERR_BUFFER_TOO_SMALL  \p cap too small; req->len suffices (nothing wiped)
 * \retval EJWT_ERR_STORAGE_IO        the token store failed (wiping was tried)
 * \return or an error of the assertion's signing: the store is wiped
 */
int ejwt_session_logout(ejwt_session *s, char *buf, size_t cap, ejwt_session_request *req);

/**
 * The device grant's prompt, after a device authorization response was
 * accepted and until the grant ends.
 * \param s    the session
 * \param out  receives pointers into the session
 * \retval EJWT_OK
 * \retval EJWT_ERR_NO_TOKEN no device grant in progress
 */
int ejwt_session_device_prompt(const ejwt_session *s, ejwt_session_prompt *out);

/**
 * The platform uptime (ms) before which no request may be sent (0 = now).
 * \param s  the session
 * \return the uptime
 */
uint64_t ejwt_session_not_before(const ejwt_session *s);

/**
 * When the stored access token enters its refresh margin: the platform
 * uptime (ms) from which ejwt_session_prepare() stops handing it out and
 * renews it (the margin is the jittered one prepare uses, drawn now if this
 * token has none yet). Wake then, not only on the application's own timer,
 * so that the margin's jitter spreads the renewals (see the overview).
 * \param s          the session
 * \param uptime_ms  receives the uptime; the current uptime when the renewal
 *                   is due already; 0 on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_NO_TOKEN      no usable access token (none stored, damaged, or
 *                               dropped after a 401): the next prepare asks for one
 * \retval EJWT_ERR_TIME_UNKNOWN  a wall-clock expiry and no time known
 * \retval EJWT_ERR_STORAGE_IO, EJWT_ERR_CRYPTO  the token store failed to read
 */
int ejwt_session_renewal_due(ejwt_session *s, uint64_t *uptime_ms);

/**
 * Start over after a terminal outcome (the person asked to log in again,
 * the administrator re-enabled the device): forget the retry state, the
 * terminal outcome and a device grant in progress. The store is kept.
 * \param s  the session
 */
void ejwt_session_restart(ejwt_session *s);

/**
 * Report the HTTP status of an API call made with the bearer value.
 * 401 drops the access token (in RAM); the first one in a row sets
 * *\p retry: prepare again (which renews the token) and repeat the call
 * once. Any other status ends the row and is the application's business.
 * \param s       the session
 * \param status  the API's HTTP status
 * \param retry   receives 1 when the call should be repeated after a new prepare, else 0
 * \retval EJWT_OK
 * \retval EJWT_ERR_HTTP_UNAUTHORIZED a second 401 in a row: the renewed token is refused
 *                                    too (the token stays dropped; the next prepare renews)
 */
int ejwt_session_handle_api_status(ejwt_session *s, int status, int *retry);

/** Copy the session's counters into \p out.
 *  \param s    the session
 *  \param out  receives the counters */
void ejwt_session_get_stats(const ejwt_session *s, ejwt_session_stats *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_SESSION_H */
