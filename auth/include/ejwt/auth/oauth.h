/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file oauth.h
 * \brief OAuth 2.0 token endpoint (RFC 6749, RFC 7521, RFC 7523): request
 *        bodies as `application/x-www-form-urlencoded`, and token responses.
 *
 * **Form encoding.** Names and values are percent-encoded as RFC 3986 and
 * the WHATWG URL standard's form serializer agree on: the unreserved
 * characters `A-Z a-z 0-9 - . _ ~` are kept, every other byte (UTF-8 bytes
 * included) becomes `%XX` with upper-case hex. A space is `%20`, never `+`,
 * so a literal `+` (`%2B`) and a space can never be confused by the
 * server's decoder (Python's `urllib.parse.parse_qs` reads both `+` and
 * `%20` as a space). `=` and `&` inside a value are `%3D` and `%26`.
 *
 * **Requests** (docs/PROTOCOL.md), for firmware that runs its own flow
 * (the session builds its own, with `scope` and `resource` too):
 *  - new session: `grant_type=client_credentials&client_id=<id>&client_assertion_type=
 *    urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=<JWT>`
 *  - refresh: `grant_type=refresh_token&refresh_token=<token>&client_id=<id>
 *    &client_assertion_type=...&client_assertion=<fresh JWT>`
 * `client_id` (the assertion's `iss` and `sub`, ::ejwt_assertion_params::client_id)
 * is always sent beside the assertion: RFC 7521 section 4.2 lets it be left
 * out, but servers such as Glewlwyd bind tokens to it. The assertion is
 * signed straight into the body (base64url needs no escaping), so no
 * second buffer is needed.
 *
 * **Responses** (RFC 6749 sections 5.1 and 5.2) are parsed with the core's
 * strict JSON (duplicate members refused) from the HTTP status and body.
 * See ejwt_oauth_parse_token_response() for the exact rules.
 *
 * Zero malloc: every output is a caller buffer.
 */
#ifndef EJWT_OAUTH_H
#define EJWT_OAUTH_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/error.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The media type of a token request body. */
#define EJWT_OAUTH_FORM_CONTENT_TYPE "application/x-www-form-urlencoded"

/** JSON tokens (16 bytes each on 32-bit targets, on the stack) a token
 *  response may need: the five members of RFC 6749 section 5.1 take 11;
 *  the rest leaves room for a few extension members. */
#ifndef EJWT_OAUTH_MAX_RESPONSE_TOKENS
#define EJWT_OAUTH_MAX_RESPONSE_TOKENS 32
#endif

/** Longest `error` code kept from an error response (RFC 6749 section 5.2
 *  codes are at most 22 characters). */
#define EJWT_OAUTH_MAX_ERROR_LEN 32u

/** Largest `expires_in` accepted, in seconds (one year). A longer lifetime
 *  is refused as a malformed response rather than trusted. */
#ifndef EJWT_OAUTH_MAX_EXPIRES_IN
#define EJWT_OAUTH_MAX_EXPIRES_IN 31536000
#endif

/** Encoded length of \p n bytes in the worst case (every byte `%XX`). */
#define EJWT_FORM_ENCODED_MAX(n) (3u * (n))

/**
 * A form body being built. Caller-allocated, no interior pointers. Adding a
 * field never fails loudly: the first error is latched and returned by
 * ejwt_form_finish(). Past the capacity the builder keeps counting, so
 * finish reports the size needed.
 */
typedef struct ejwt_form {
    char *out;  /**< caller's buffer */
    size_t cap; /**< its size */
    size_t len; /**< characters produced so far (may exceed cap) */
    int err;    /**< first error, latched */
} ejwt_form;

/**
 * Start an empty form body in \p out.
 * \param f    the builder to fill
 * \param out  caller buffer; must stay valid until ejwt_form_finish(). May be
 *             NULL with \p cap 0 to measure.
 * \param cap  its size
 */
void ejwt_form_init(ejwt_form *f, char *out, size_t cap);

/**
 * Append `name=value` (with a leading `&` after the first field), both
 * percent-encoded.
 * \param f          a builder from ejwt_form_init()
 * \param name       field name, terminated, non-empty (a NULL or empty name
 *                   latches ::EJWT_ERR_INVALID_ARG)
 * \param value      value bytes (any bytes, need not be terminated); NULL
 *                   only with \p value_len 0
 * \param value_len  their number
 */
void ejwt_form_add(ejwt_form *f, const char *name, const char *value, size_t value_len);

/**
 * Terminate the body. The buffer given to ejwt_form_init() is a text output
 * (buffer convention: see ejwt.h).
 * \param f        a builder
 * \param out_len  receives the body's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL the buffer is too small; it is wiped
 * \retval EJWT_ERR_INVALID_ARG      a field had a NULL or empty name, or a NULL value
 *                                   (the buffer is wiped)
 */
int ejwt_form_finish(ejwt_form *f, size_t *out_len);

/**
 * Percent-encode \p len bytes of \p in (the form encoding above) into \p out
 * and terminate it (text; buffer convention: see ejwt.h).
 * \param in       the bytes to encode (need not be terminated)
 * \param len      their number
 * \param out      caller buffer (may be NULL with \p cap 0 to measure)
 * \param cap      its size
 * \param out_len  receives the encoded length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out is wiped)
 */
int ejwt_form_encode(const char *in, size_t len, char *out, size_t cap, size_t *out_len);

/**
 * Build a `client_credentials` request with `client_id` and a fresh client
 * assertion (ejwt_assertion_sign(): same key, parameters and time rules).
 * \param key      the device key
 * \param p        assertion parameters (client id, also sent as `client_id`; token
 *                 endpoint; now; lifetime)
 * \param out      caller buffer for the body, terminated (text; buffer convention:
 *                 see ejwt.h); wiped on failure. May be NULL when \p cap is 0
 *                 (size query: nothing is signed)
 * \param cap      its size
 * \param out_len  receives the body's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (nothing was signed; \p out wiped)
 * \retval EJWT_ERR_INVALID_ARG      client id NULL, empty or over EJWT_ASSERTION_MAX_CLIENT_ID
 *                                  (nothing was signed; \p out wiped)
 * \return or any error of ejwt_assertion_sign()
 */
int ejwt_oauth_client_credentials_body(const ejwt_key *key, const ejwt_assertion_params *p,
                                       char *out, size_t cap, size_t *out_len);

/**
 * Build a `refresh_token` request with `client_id`, authenticated with a
 * fresh client assertion.
 * \param key              the device key
 * \param p                assertion parameters
 * \param refresh, refresh_len  the refresh token (any bytes; percent-encoded)
 * \param out, cap, out_len     as for ejwt_oauth_client_credentials_body()
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG      empty refresh token (\p out holds ""), or a client id
 *                                  the assertion would refuse (\p out wiped)
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (nothing was signed; \p out wiped)
 * \return or any error of ejwt_assertion_sign()
 */
int ejwt_oauth_refresh_body(const ejwt_key *key, const ejwt_assertion_params *p,
                            const char *refresh, size_t refresh_len, char *out, size_t cap,
                            size_t *out_len);

/** A parsed token response. Strings are unescaped, terminated copies in the
 *  caller's work buffer, valid while it is; NULL (length 0) when absent. */
typedef struct ejwt_token_response {
    const char *access_token;  /**< RFC 6750 b64token characters only */
    size_t access_token_len;   /**< its length */
    const char *refresh_token; /**< printable ASCII (VSCHAR), or NULL */
    size_t refresh_token_len;  /**< its length; 0 when absent */
    const char *scope;         /**< space-separated scope tokens, or NULL */
    size_t scope_len;          /**< its length; 0 when absent */
    int64_t expires_in;        /**< seconds, 1..EJWT_OAUTH_MAX_EXPIRES_IN, or -1 when absent */
    /** On an error response: its `error` code, terminated; "" otherwise, and
     *  also when the code is longer than EJWT_OAUTH_MAX_ERROR_LEN or not
     *  printable ASCII (it is still classified: only an exact
     *  `invalid_grant` or `invalid_client` has its own return code). */
    char error[EJWT_OAUTH_MAX_ERROR_LEN + 1u];
} ejwt_token_response;

/**
 * Parse a token endpoint's answer.
 *
 * Success is status 200 with a JSON object holding:
 *  - `access_token`: a non-empty string of RFC 6750 b64token characters
 *    (it goes into an HTTP header, so nothing else is let through);
 *  - `token_type`: a string equal to "Bearer" case-insensitively;
 *  - `expires_in` (optional, RFC 6749 says RECOMMENDED): a JSON integer
 *    without fraction or exponent, 1..EJWT_OAUTH_MAX_EXPIRES_IN;
 *  - `refresh_token` (optional): a non-empty string of printable ASCII;
 *  - `scope` (optional): scope tokens separated by single spaces
 *    (RFC 6749 section 3.3);
 *  - any other member is ignored.
 * An error is status 400 or 401 (RFC 6749 section 5.2) with a JSON object
 * whose `error` is a string: `invalid_grant` and `invalid_client` have their
 * own codes, every other code means "retry later". Any other status, and a
 * 4xx whose body is not such an object, also means "retry later": only an
 * explicit `invalid_client` ever says the device is deprovisioned.
 *
 * \param status    the HTTP status code
 * \param body      the response body (need not be terminated)
 * \param len       its length
 * \param work      caller buffer for the unescaped strings (terminated copies the
 *                  result points to): \p len bytes always suffice. Not a triple
 *                  of the buffer convention (no length is reported): the need is
 *                  \p len, the exact fit, checked before parsing
 * \param work_cap  its size
 * \param out       receives the result; zeroed first (expires_in = -1)
 * \retval EJWT_OK
 * \retval EJWT_ERR_OAUTH_INVALID_GRANT  `invalid_grant`: sign a new assertion
 * \retval EJWT_ERR_DEPROVISIONED        `invalid_client`: the backend refuses this device
 * \retval EJWT_ERR_OAUTH_RETRY          any other error response or status
 * \retval EJWT_ERR_OAUTH_RESPONSE       200 but a member is missing, mistyped or out of range
 * \retval EJWT_ERR_OAUTH_TOKEN_TYPE     200 but `token_type` is not Bearer
 * \retval EJWT_ERR_JSON_*               200 but the body is not strict JSON (syntax, string,
 *                                       duplicate, depth, too many tokens) or not an object
 * \retval EJWT_ERR_BUFFER_TOO_SMALL     200 and \p work_cap < \p len (\p work is wiped)
 * \retval EJWT_ERR_INVALID_ARG          NULL pointer
 */
int ejwt_oauth_parse_token_response(int status, const char *body, size_t len, char *work,
                                    size_t work_cap, ejwt_token_response *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_OAUTH_H */
