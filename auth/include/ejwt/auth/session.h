/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file session.h
 * \brief The device's OAuth session: decides what to send next (an API call
 *        with the stored access token, or a token request), and consumes the
 *        answers, keeping the tokens in the sealed token store.
 *
 * ejwt opens no sockets. The session is a small state machine the firmware
 * drives from its own network loop:
 *
 * \code
 * ejwt_session_init(&sess, &cfg, &device_key, &store);
 * for (;;) {
 *     err = ejwt_session_prepare(&sess, buf, sizeof(buf), &req);
 *     if (err == EJWT_ERR_TIME_UNKNOWN) { sync_time_from_http_date(); continue; }
 *     if (err != EJWT_OK) break;                       // DEPROVISIONED, storage, ...
 *     if (req.action == EJWT_SESSION_POST_TOKEN) {      // buf: form body
 *         status = http_post(token_url, buf, req.len, resp, &resp_len);
 *         err = ejwt_session_handle_token_response(&sess, status, resp, resp_len, buf, sizeof(buf));
 *         continue;                                    // INVALID_GRANT: next is a new assertion
 *     }
 *     status = http_get("/api/telemetry", "Authorization", buf);   // buf: "Bearer ..."
 *     err = ejwt_session_handle_api_status(&sess, status, &retry); // 401: retry once
 *     if (!retry) sleep_until_next_report();
 * }
 * \endcode
 *
 * **What prepare decides**, in order:
 *  1. deprovisioned earlier (an `invalid_client`): ::EJWT_ERR_DEPROVISIONED, always;
 *  2. the stored access token is usable for at least the refresh margin
 *     (ejwt_token_store_access_usable() at ejwt_session_now(), read once per
 *     call: the platform's wall clock or the synced time; or uptime in the
 *     boot that saved it), and was not dropped after a 401:
 *     ::EJWT_SESSION_CALL_API with `Bearer <token>` in the buffer;
 *  3. otherwise a token request, which needs the time (see below): a
 *     `refresh_token` grant when a refresh token is stored and was not
 *     refused, else `client_credentials`. Both carry a fresh client
 *     assertion (assertion.h), counted in ::ejwt_session_stats.
 *
 * **Answers.** A token response is saved (the refresh token rotates; a
 * refresh answer without one keeps the old one, a client_credentials answer
 * without one removes it). `invalid_grant` to a refresh clears the store, so
 * the next request is a new assertion (also after a reboot). `invalid_client`
 * clears the store and makes the session deprovisioned for good (the device
 * key stays: destroying it is the application's decision). Any other failure
 * changes nothing: prepare again later. A 401 from the API drops the access
 * token and asks for one retry; a second 401 in a row gives
 * ::EJWT_ERR_HTTP_UNAUTHORIZED. The drop is kept in RAM only: after a reboot
 * a dropped but unexpired token is tried once more.
 *
 * **Time.** A token request needs "now" for the assertion's `iat` and `exp`.
 * The session uses the platform's wall clock when it is known, else a time
 * the application gave it with ejwt_session_set_time() (e.g. the backend's
 * HTTP `Date`, parsed by ejwt_http_date_parse()), carried forward by
 * uptime. Tokens obtained while the platform clock is unknown are stored
 * with uptime expiry (they do not survive a reboot). With no time at all,
 * prepare fails with ::EJWT_ERR_TIME_UNKNOWN whenever it needs one.
 *
 * Zero malloc, no interior pointers: ::ejwt_session is about 150 bytes; the
 * strings of the configuration and the token store are the caller's and
 * must outlive it. Not thread-safe. Needs ejwt_platform_set(),
 * ejwt_crypto_init() and an initialised token store.
 */
#ifndef EJWT_SESSION_H
#define EJWT_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/error.h"
#include "ejwt/key.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/platform/token_store.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Session configuration. Zero-initialise, then set. */
typedef struct ejwt_session_config {
    const char *client_id;         /**< the device's client id (assertion iss and sub) */
    const char *token_endpoint;    /**< token endpoint URL exactly as provisioned (aud) */
    uint32_t refresh_margin_s;     /**< renew this long before expiry;
                                        0 = EJWT_TOKEN_STORE_REFRESH_MARGIN_S */
    uint32_t assertion_lifetime_s; /**< 0 = EJWT_ASSERTION_DEFAULT_LIFETIME_S (capped at
                                        EJWT_ASSERTION_MAX_LIFETIME_S) */
} ejwt_session_config;

/** What the application does next. */
typedef enum ejwt_session_action {
    EJWT_SESSION_CALL_API = 1,  /**< send the API call with `Authorization: <buffer>` */
    EJWT_SESSION_POST_TOKEN = 2 /**< POST the buffer to the token endpoint as
                                      EJWT_OAUTH_FORM_CONTENT_TYPE */
} ejwt_session_action;

/** The kind of token request. */
typedef enum ejwt_session_grant {
    EJWT_SESSION_GRANT_NONE = 0,               /**< no token request */
    EJWT_SESSION_GRANT_CLIENT_CREDENTIALS = 1, /**< a new session with an assertion */
    EJWT_SESSION_GRANT_REFRESH_TOKEN = 2       /**< a refresh, with an assertion */
} ejwt_session_grant;

/** The next request, from ejwt_session_prepare(). */
typedef struct ejwt_session_request {
    ejwt_session_action action; /**< what to do with the buffer */
    ejwt_session_grant grant;   /**< for EJWT_SESSION_POST_TOKEN: which grant */
    /** The length of the text in the buffer: the triple's length of
     *  ejwt_session_prepare() (buffer convention: see ejwt.h), so on
     *  ::EJWT_ERR_BUFFER_TOO_SMALL the size to prepare again with. */
    size_t len;
} ejwt_session_request;

/** Counters since ejwt_session_init() (they prove, e.g., that a reboot
 *  reused the stored tokens without a new assertion). */
typedef struct ejwt_session_stats {
    uint32_t assertions_signed; /**< client assertions signed */
    uint32_t token_requests;    /**< token requests prepared */
    uint32_t tokens_saved;      /**< token responses accepted and saved */
    uint32_t refreshes;         /**< of those, refresh grants */
    uint32_t api_calls;         /**< bearer values produced */
    uint32_t api_retries;       /**< 401s answered with a retry */
} ejwt_session_stats;

/** The session. Caller-allocated; fill only with ejwt_session_init(). */
typedef struct ejwt_session {
    ejwt_session_config cfg;   /**< copy (the strings stay the caller's) */
    ejwt_key key;              /**< the device key (a copy of the handle) */
    ejwt_token_store *store;   /**< the caller's initialised token store */
    int64_t synced_wall;       /**< time from ejwt_session_set_time(), or EJWT_TIME_UNKNOWN */
    uint64_t synced_uptime_ms; /**< uptime when it was given */
    uint8_t pending;           /**< ejwt_session_grant awaiting its response */
    uint8_t access_dropped;    /**< the API refused the access token (401) */
    uint8_t refresh_refused;   /**< the refresh token was refused (invalid_grant) */
    uint8_t retry_used;        /**< the one 401 retry was given */
    uint8_t deprovisioned;     /**< invalid_client seen: sticky */
    ejwt_session_stats stats;  /**< counters */
} ejwt_session;

/**
 * Set up a session.
 * \param s      the context to fill
 * \param cfg    configuration (copied; its strings must outlive \p s)
 * \param key    the device key (ejwt_device_key_get()); its handle is copied
 * \param store  an initialised token store (ejwt_token_store_init()); must outlive \p s
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG       client id or token endpoint missing, empty or longer
 *                                    than EJWT_ASSERTION_MAX_CLIENT_ID / _MAX_AUDIENCE
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
 *             NULL when \p cap is 0 (size query; a token request then signs
 *             nothing).
 * \param cap  its size. A token request needs about 400 bytes plus the
 *             client id twice, the endpoint URL and (refresh) the percent-
 *             encoded refresh token; a bearer value 8 bytes more than the
 *             access token ("Bearer " and the terminator).
 * \param req  receives the action, the grant and the length
 * \retval EJWT_OK
 * \retval EJWT_ERR_DEPROVISIONED     the backend said `invalid_client` earlier
 * \retval EJWT_ERR_TIME_UNKNOWN      a token request (or judging a stored token) needs the
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
 * Consume the token endpoint's answer to the request prepare produced.
 * \param s         the session
 * \param status    HTTP status, or 0 when the request failed in transport
 * \param body      response body (need not be terminated); NULL with \p len 0
 * \param len       its length
 * \param work      caller buffer for the parsed strings, wiped on return; \p len bytes
 *                  suffice (the exact fit; no length is reported: not a triple),
 *                  and the buffer the request was prepared in may be reused
 * \param work_cap  its size
 * \retval EJWT_OK                       tokens saved: prepare again
 * \retval EJWT_ERR_INVALID_ARG          no token request was pending
 * \retval EJWT_ERR_OAUTH_INVALID_GRANT  refused; the next request signs a new assertion
 *                                       (after a refused assertion: back off first)
 * \retval EJWT_ERR_DEPROVISIONED        `invalid_client`: the store is cleared; stop
 * \retval EJWT_ERR_OAUTH_RETRY          any other error or status: retry later
 * \retval EJWT_ERR_OAUTH_RESPONSE       200 with a malformed response, or without `expires_in`
 * \retval EJWT_ERR_OAUTH_TOKEN_TYPE     200 with a `token_type` other than Bearer
 * \retval EJWT_ERR_JSON_*               200 with a body that is not strict JSON
 * \retval EJWT_ERR_BUFFER_TOO_SMALL     status 200 and \p work_cap < \p len
 * \retval EJWT_ERR_LIMIT                a token or scope over its EJWT_TOKEN_STORE_MAX_*
 * \retval EJWT_ERR_STORAGE_IO, EJWT_ERR_STORAGE_FULL  saving failed
 * \retval EJWT_ERR_ENTROPY, EJWT_ERR_CRYPTO           sealing failed
 */
int ejwt_session_handle_token_response(ejwt_session *s, int status, const char *body, size_t len,
                                       char *work, size_t work_cap);

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
