/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file retry.h
 * \brief What to do after an answer from a token, device authorization,
 *        registration or revocation endpoint, and when to try again:
 *        the classification table of docs/PROTOCOL.md ("Errors and
 *        retries"), bounded exponential backoff with full jitter,
 *        `Retry-After`, and a jittered refresh point.
 *
 * **Classification.** ejwt_classify_response() maps (request, HTTP status,
 * body) to an ::ejwt_action and a specific error code, exactly as the table
 * in docs/PROTOCOL.md says, including empty bodies, bodies that are not
 * JSON, codes outside the RFCs, and what Glewlwyd 2.7.5 really sends (403
 * with an empty body for a refused assertion, 400 with an empty body for a
 * bad refresh token, 401 `unauthorized_client`, 500 for a disabled client).
 * An answer that refuses without saying why is *suspect*: it is backed off
 * like an outage, but counted toward the give-up bound below.
 *
 * **Backoff** (::ejwt_retry, driven by ejwt_retry_update()). After the n-th
 * failure in a row (n = 1, 2, ...) the next try waits a uniformly random
 * time in [0, min(::EJWT_RETRY_CAP_MS, ::EJWT_RETRY_BASE_MS * 2^(n-1))]
 * ("full jitter"), at least ::EJWT_RETRY_MIN_MS. A `Retry-After` of R
 * seconds (ejwt_retry_after_parse(); at most ::EJWT_RETRY_AFTER_MAX_S)
 * replaces that with R plus a random part of up to min(window, R), so that
 * devices told the same R do not come back together. The result is exposed
 * as "do not try before uptime T" (::ejwt_retry::not_before_ms,
 * ejwt_retry_ready()). The random value is the caller's (ejwt_retry_random()
 * draws one from the platform's entropy), so tests are deterministic.
 *
 * **Nothing retries for ever without backoff.** Every failure waits at least
 * ::EJWT_RETRY_MIN_MS and the window doubles up to the cap. Suspect answers
 * end in ::EJWT_ERR_GAVE_UP (terminal) once ::EJWT_RETRY_MAX_SUSPECT of them
 * have been seen since the last success *and* ::EJWT_RETRY_GIVE_UP_AFTER_S
 * seconds have passed since the first of them: after the count is reached
 * the next try is put off to that instant, so at most
 * ::EJWT_RETRY_MAX_SUSPECT + 1 suspect answers are ever taken, and an outage
 * that answers 500 for less than ::EJWT_RETRY_GIVE_UP_AFTER_S does not
 * deprovision a fleet. A re-authentication is immediate the first time and
 * counted as suspect when it repeats without a success in between (an
 * assertion refused again and again). Answers that say "server down"
 * (no answer, 502, 503, 504, 408, 429, `temporarily_unavailable`) are
 * backed off without a bound on their number: a device keeps trying through
 * an outage, never faster than its backoff.
 *
 * **Refresh point.** ejwt_refresh_margin_jitter() turns the refresh margin
 * into a per-token random margin between half of it and all of it, so
 * devices that got their tokens together do not refresh together.
 *
 * Zero malloc, sans-I/O: ::ejwt_retry is 40 bytes, ::ejwt_outcome 44.
 */
#ifndef EJWT_RETRY_H
#define EJWT_RETRY_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/oauth.h"
#include "ejwt/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** First backoff window, milliseconds. */
#ifndef EJWT_RETRY_BASE_MS
#define EJWT_RETRY_BASE_MS 2000u
#endif
/** Largest backoff window, milliseconds (15 minutes). */
#ifndef EJWT_RETRY_CAP_MS
#define EJWT_RETRY_CAP_MS 900000u
#endif
/** Shortest wait after any failure, milliseconds. */
#ifndef EJWT_RETRY_MIN_MS
#define EJWT_RETRY_MIN_MS 500u
#endif
/** Suspect answers (refusals without a reason) before giving up. */
#ifndef EJWT_RETRY_MAX_SUSPECT
#define EJWT_RETRY_MAX_SUSPECT 10u
#endif
/** Seconds from the first suspect answer before giving up is allowed. */
#ifndef EJWT_RETRY_GIVE_UP_AFTER_S
#define EJWT_RETRY_GIVE_UP_AFTER_S 1800u
#endif
/** Largest `Retry-After` honoured, seconds; a longer one is capped to it. */
#ifndef EJWT_RETRY_AFTER_MAX_S
#define EJWT_RETRY_AFTER_MAX_S 3600u
#endif
/** RFC 8628 section 3.5: the poll interval when the server names none. */
#define EJWT_DEVICE_POLL_INTERVAL_S 5u
/** RFC 8628 section 3.5: seconds `slow_down` adds to the poll interval. */
#define EJWT_DEVICE_SLOW_DOWN_S 5u
/** Largest poll interval kept, seconds (a larger one is capped to it). */
#define EJWT_DEVICE_MAX_INTERVAL_S 300u

/** The request an answer belongs to. */
typedef enum ejwt_request_kind {
    EJWT_REQ_TOKEN_CLIENT_CREDENTIALS = 1, /**< token endpoint, `client_credentials` */
    EJWT_REQ_TOKEN_REFRESH = 2,            /**< token endpoint, `refresh_token` */
    EJWT_REQ_TOKEN_DEVICE_CODE = 3,        /**< token endpoint, RFC 8628 device code poll */
    EJWT_REQ_DEVICE_AUTHORIZATION = 4,     /**< RFC 8628 device authorization endpoint */
    EJWT_REQ_REGISTRATION = 5,             /**< RFC 7591 registration endpoint */
    EJWT_REQ_REVOCATION = 6                /**< RFC 7009 revocation endpoint */
} ejwt_request_kind;

/** What the device does next. */
typedef enum ejwt_action {
    EJWT_ACTION_DONE = 0,           /**< success: parse the body */
    EJWT_ACTION_REAUTHENTICATE = 1, /**< drop the refresh token or device code; new grant */
    EJWT_ACTION_POLL_AGAIN = 2,     /**< device grant: poll again after the interval */
    EJWT_ACTION_SLOW_DOWN = 3,      /**< device grant: add 5 s to the interval, then poll */
    EJWT_ACTION_BACK_OFF = 4,       /**< try the same again after the backoff */
    EJWT_ACTION_DEPROVISIONED = 5,  /**< the server no longer knows this client: stop */
    EJWT_ACTION_GIVE_UP = 6         /**< retrying cannot help: stop and report */
} ejwt_action;

/** The class of a response, from ejwt_classify_response(). */
typedef struct ejwt_outcome {
    ejwt_action action; /**< what to do */
    /** ::EJWT_OK for ::EJWT_ACTION_DONE; otherwise the specific code
     *  (e.g. ::EJWT_ERR_DEPROVISIONED, ::EJWT_ERR_OAUTH_INVALID_GRANT,
     *  ::EJWT_ERR_CLIENT_METADATA, ::EJWT_ERR_OAUTH_RETRY for a back-off). */
    int err;
    /** 1 when the answer refused without a reason: it counts toward
     *  ::EJWT_RETRY_MAX_SUSPECT. */
    uint8_t suspect;
    /** The body's `error` code (terminated), "" when there is none or it is
     *  not printable ASCII of at most EJWT_OAUTH_MAX_ERROR_LEN characters. */
    char error[EJWT_OAUTH_MAX_ERROR_LEN + 1u];
} ejwt_outcome;

/**
 * Classify an answer by the table of docs/PROTOCOL.md.
 * \param kind    the request that was sent
 * \param status  the HTTP status, or 0 (or negative) when no HTTP answer came
 *                (connection refused, TLS failure, timeout)
 * \param body    the response body (any bytes; need not be terminated)
 * \param len     its length
 * \param out     receives the class
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG NULL pointer or unknown \p kind
 */
int ejwt_classify_response(ejwt_request_kind kind, int status, const char *body, size_t len,
                           ejwt_outcome *out);

/** Retry state of one endpoint's requests. Zero-initialise (or
 *  ejwt_retry_init()); no interior pointers. */
typedef struct ejwt_retry {
    uint64_t not_before_ms;    /**< do not try before this uptime (ms) */
    uint64_t first_suspect_ms; /**< uptime of the first suspect answer since success */
    uint32_t failures;         /**< failures in a row (the backoff exponent) */
    uint32_t suspects;         /**< suspect answers since the last success */
    uint32_t reauths;          /**< re-authentications in a row */
    uint32_t interval_s;       /**< device grant poll interval; 0 = 5 s */
    int terminal;              /**< 0, or the terminal error (DEPROVISIONED, GAVE_UP, ...) */
} ejwt_retry;

/** Start over: no wait, no failures, not terminal.
 *  \param r  the state */
void ejwt_retry_init(ejwt_retry *r);

/** Set the device grant's poll interval from the device authorization
 *  response (`interval`; 0 when absent = ::EJWT_DEVICE_POLL_INTERVAL_S;
 *  capped at ::EJWT_DEVICE_MAX_INTERVAL_S).
 *  \param r           the state
 *  \param interval_s  seconds */
void ejwt_retry_set_interval(ejwt_retry *r, uint32_t interval_s);

/**
 * Take an outcome into account and set the next "not before".
 *  - DONE: failures and suspects forgotten; the next try may be now.
 *  - POLL_AGAIN: next poll after the interval. SLOW_DOWN: the interval
 *    grows by ::EJWT_DEVICE_SLOW_DOWN_S first.
 *  - REAUTHENTICATE: now the first time in a row; afterwards backed off
 *    and counted as suspect.
 *  - BACK_OFF: the jittered backoff (file comment), `Retry-After` honoured;
 *    a suspect answer may end in GIVE_UP with ::EJWT_ERR_GAVE_UP.
 *  - DEPROVISIONED, GIVE_UP: terminal (ejwt_retry_ready() keeps answering
 *    the error until ejwt_retry_init()).
 * \param r               the state
 * \param o               from ejwt_classify_response()
 * \param now_ms          the platform's uptime (ms)
 * \param retry_after_s   the answer's `Retry-After` in seconds
 *                        (ejwt_retry_after_parse()), or -1 when absent
 * \param rnd             a uniformly random 32-bit value (ejwt_retry_random())
 * \return the action to take (the outcome's, or GIVE_UP when the bound is reached)
 */
ejwt_action ejwt_retry_update(ejwt_retry *r, const ejwt_outcome *o, uint64_t now_ms,
                              int64_t retry_after_s, uint32_t rnd);

/**
 * May the request be sent at uptime \p now_ms?
 * \param r       the state
 * \param now_ms  the platform's uptime (ms)
 * \retval EJWT_OK               yes
 * \retval EJWT_ERR_OAUTH_RETRY  not before ::ejwt_retry::not_before_ms
 * \return or the terminal error (::EJWT_ERR_DEPROVISIONED, ::EJWT_ERR_GAVE_UP, ...)
 */
int ejwt_retry_ready(const ejwt_retry *r, uint64_t now_ms);

/**
 * Parse a `Retry-After` value (RFC 9110 section 10.2.3): delta-seconds
 * (digits only; saturating) or an IMF-fixdate (ejwt_http_date_parse()),
 * surrounding blanks allowed.
 * \param v        the field value (need not be terminated)
 * \param len      its length
 * \param now      Unix seconds for an HTTP date, or EJWT_TIME_UNKNOWN
 * \param delay_s  receives the seconds to wait: 0 for a date in the past,
 *                 at most ::EJWT_RETRY_AFTER_MAX_S
 * \retval EJWT_OK
 * \retval EJWT_ERR_HTTP_DATE_INVALID neither form
 * \retval EJWT_ERR_TIME_UNKNOWN      a date, but \p now is unknown
 * \retval EJWT_ERR_INVALID_ARG       NULL pointer
 */
int ejwt_retry_after_parse(const char *v, size_t len, int64_t now, int64_t *delay_s);

/**
 * A 32-bit random value from the platform's entropy hook.
 * \param out  receives the value (0 on failure)
 * \retval EJWT_OK
 * \retval EJWT_ERR_ENTROPY no entropy
 */
int ejwt_retry_random(uint32_t *out);

/**
 * A per-token refresh margin: uniformly between \p margin_s / 2 and
 * \p margin_s (so at least half the margin is left for retries before the
 * token expires). Draw it once per token and keep it: a new value on every
 * check would move the refresh point back and forth.
 * \param margin_s  the configured margin (EJWT_TOKEN_STORE_REFRESH_MARGIN_S)
 * \param rnd       a uniformly random 32-bit value
 * \return the margin to pass to ejwt_token_store_access_usable()
 */
uint32_t ejwt_refresh_margin_jitter(uint32_t margin_s, uint32_t rnd);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_RETRY_H */
