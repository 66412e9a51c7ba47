/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file assertion.h
 * \brief The device's client assertion (RFC 7523 section 2.2 and 3, RFC 7521)
 *        and the HTTP `Date` parser a device without an RTC sets its clock from.
 *
 * A client assertion is a short-lived JWT the device signs with its
 * persistent key to authenticate at the token endpoint:
 *
 *     header  {"alg":"ES256","typ":"JWT","kid":<RFC 7638 thumbprint>}
 *     claims  {"iss":<client id>,"sub":<client id>,"aud":<token endpoint URL>,
 *              "iat":<now>,"exp":<now + lifetime>,"jti":<128 random bits, base64url>}
 *
 * **Time.** The backend refuses an assertion without a plausible `iat` and
 * `exp`, so signing one needs the wall clock. A device without a
 * battery-backed RTC must learn the time first; the cheapest source is the
 * `Date` header of any response from the backend (ejwt_http_date_parse()).
 * Whether to trust that time is the application's decision: a
 * man-in-the-middle who can forge it can only make the device's assertions
 * look expired or premature (the backend refuses them), and TLS to the
 * backend authenticates the header anyway. The session (session.h) can keep
 * such a time for itself without setting the platform clock.
 *
 * Zero malloc: the assertion is written into the caller's buffer.
 */
#ifndef EJWT_ASSERTION_H
#define EJWT_ASSERTION_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest assertion lifetime (`exp - iat`, seconds): RFC 7523 asks for a
 *  short one and the backend refuses more than 5 minutes. Larger requests
 *  are capped to this. */
#define EJWT_ASSERTION_MAX_LIFETIME_S 300u

/** Lifetime used when the caller asks for 0. */
#ifndef EJWT_ASSERTION_DEFAULT_LIFETIME_S
#define EJWT_ASSERTION_DEFAULT_LIFETIME_S 120u
#endif

/** Random bytes in a `jti` (128 bits). */
#define EJWT_ASSERTION_JTI_BYTES 16u
/** Characters of a `jti`: the base64url length of ::EJWT_ASSERTION_JTI_BYTES. */
#define EJWT_ASSERTION_JTI_LEN 22u

/** Longest client id accepted, in bytes. */
#ifndef EJWT_ASSERTION_MAX_CLIENT_ID
#define EJWT_ASSERTION_MAX_CLIENT_ID 128u
#endif
/** Longest token endpoint URL (the assertion's `aud`) accepted, in bytes. */
#ifndef EJWT_ASSERTION_MAX_AUDIENCE
#define EJWT_ASSERTION_MAX_AUDIENCE 256u
#endif

/** RFC 7523 section 2.2: the `client_assertion_type` of a JWT assertion. */
#define EJWT_ASSERTION_TYPE_JWT_BEARER "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

/** Upper bound of the size (terminator included) of an assertion for a
 *  client id of \p id_len and an audience of \p aud_len bytes that need no
 *  JSON escaping, with a kid of up to EJWT_MAX_KID_LEN plain characters:
 *  header 36 + kid, claims 51 + 2 id + aud + two 20-digit times + jti,
 *  each base64url (4/3, rounded up), two dots, 86 signature characters. */
#define EJWT_ASSERTION_SIZE(id_len, aud_len)                                                       \
    ((4u * (36u + EJWT_MAX_KID_LEN) + 2u) / 3u +                                                   \
     (4u * (51u + 2u * (id_len) + (aud_len) + 40u + EJWT_ASSERTION_JTI_LEN) + 2u) / 3u + 2u +      \
     86u + 1u)

/** What goes into an assertion. Zero-initialise, then set. */
typedef struct ejwt_assertion_params {
    const char *client_id; /**< `iss` and `sub` (terminated, 1..EJWT_ASSERTION_MAX_CLIENT_ID) */
    const char *audience;  /**< `aud`: the token endpoint URL exactly as provisioned
                                (terminated, 1..EJWT_ASSERTION_MAX_AUDIENCE) */
    int64_t now;           /**< `iat`: Unix seconds, or EJWT_TIME_UNKNOWN */
    uint32_t lifetime_s;   /**< `exp - iat`; 0 = EJWT_ASSERTION_DEFAULT_LIFETIME_S;
                                capped at EJWT_ASSERTION_MAX_LIFETIME_S */
} ejwt_assertion_params;

/**
 * Sign a client assertion with the device key.
 *
 * The header `kid` is \p key's kid (ejwt_device_key_get() sets it to the
 * RFC 7638 thumbprint); a key without a kid gets its thumbprint computed.
 * The `jti` is 16 bytes from ejwt_platform_entropy(), so needs
 * ejwt_platform_set() first, and ejwt_crypto_init().
 *
 * \param key      an ES256 key that may sign (the device key, used by id)
 * \param p        the claims' inputs
 * \param out      caller buffer for the compact JWT, terminated (text; buffer
 *                 convention: see ejwt.h); wiped on failure. May be NULL when
 *                 \p cap is 0 (size query: nothing is signed, no entropy drawn)
 * \param cap      its size; EJWT_ASSERTION_SIZE() always suffices
 * \param out_len  receives the assertion's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_TIME_UNKNOWN      p->now is EJWT_TIME_UNKNOWN (sync the clock first)
 * \retval EJWT_ERR_INVALID_ARG       client id or audience missing, empty or over its bound,
 *                                    or p->now negative or too close to INT64_MAX
 * \retval EJWT_ERR_ALG_KEY_MISMATCH  \p key is not an ES256 key
 * \retval EJWT_ERR_KEY_USAGE         \p key may not sign
 * \retval EJWT_ERR_ENTROPY           no entropy for the jti
 * \retval EJWT_ERR_JSON_STRING       the client id, audience or key id is not valid UTF-8
 *                                    (it cannot be written as a JSON string)
 * \retval EJWT_ERR_BUFFER_TOO_SMALL  \p cap too small (nothing signed; \p out wiped)
 * \retval EJWT_ERR_CRYPTO            the signature failed in the crypto provider
 */
int ejwt_assertion_sign(const ejwt_key *key, const ejwt_assertion_params *p, char *out, size_t cap,
                        size_t *out_len);

/**
 * Parse an HTTP `Date` field value in the RFC 7231 section 7.1.1.1
 * IMF-fixdate form ("Sun, 06 Nov 1994 08:49:37 GMT") into Unix seconds.
 * Leading and trailing spaces or tabs are skipped. The obsolete RFC 850 and
 * asctime forms are refused, as are a wrong day name, an impossible date or
 * time (second 60 is read as 59: Unix time has no leap seconds) and a year
 * before 1970.
 *
 * \param s    the field value (without "Date:"); need not be terminated
 * \param len  its length
 * \param out  receives the time; untouched on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_HTTP_DATE_INVALID not an IMF-fixdate
 * \retval EJWT_ERR_INVALID_ARG       \p s or \p out is NULL
 */
int ejwt_http_date_parse(const char *s, size_t len, int64_t *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_ASSERTION_H */
