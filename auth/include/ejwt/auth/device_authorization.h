/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file device_authorization.h
 * \brief The device authorization response of RFC 8628 (section 3.2):
 *        what the session keeps when a person is to approve the device,
 *        also usable by firmware that runs the device grant itself.
 *
 * The answer to `POST <device authorization endpoint>` is classified first
 * (ejwt_classify_response() with ::EJWT_REQ_DEVICE_AUTHORIZATION, or the
 * session's table); only the body of a `200` is parsed here:
 *
 *     {"device_code":"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
 *      "user_code":"WDJB-MJHT",
 *      "verification_uri":"https://example.com/device",
 *      "verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT",
 *      "expires_in":1800,"interval":5}
 *
 * The device then shows `user_code` and `verification_uri` (or
 * `verification_uri_complete`, e.g. as a QR code) to the person, waits
 * `interval` seconds and polls the token endpoint with
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code` and
 * `device_code` until approval, denial or `expires_in` seconds have passed.
 *
 * Zero malloc: the result is a caller-allocated struct of fixed arrays
 * (sized by the EJWT_SESSION_MAX_* bounds of `<ejwt/ejwt_config.h>`), the
 * JSON tokens live on the stack (::EJWT_SESSION_DA_TOKENS of them).
 */
#ifndef EJWT_DEVICE_AUTHORIZATION_H
#define EJWT_DEVICE_AUTHORIZATION_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/** JSON tokens a device authorization response may need (six members take
 *  13; the rest leaves room for extension members). 16 bytes each on
 *  32-bit targets, on the stack of ejwt_device_authorization_parse(). */
#define EJWT_SESSION_DA_TOKENS 32

/** A parsed device authorization response. Every string is terminated,
 *  printable ASCII without spaces (0x21..0x7E), as sent (JSON escapes
 *  decoded). */
typedef struct ejwt_device_authorization {
    /** `device_code`: what the polls send (1..EJWT_SESSION_MAX_DEVICE_CODE bytes) */
    char device_code[EJWT_SESSION_MAX_DEVICE_CODE + 1u];
    /** `user_code`: what the person enters (1..EJWT_SESSION_MAX_USER_CODE bytes) */
    char user_code[EJWT_SESSION_MAX_USER_CODE + 1u];
    /** `verification_uri`: where (1..EJWT_SESSION_MAX_VERIFICATION_URI bytes) */
    char verification_uri[EJWT_SESSION_MAX_VERIFICATION_URI + 1u];
    /** `verification_uri_complete`: the URI with the code in it, or "" when not sent */
    char verification_uri_complete[EJWT_SESSION_MAX_VERIFICATION_URI + 1u];
    /** `expires_in`: the codes' lifetime, seconds, 1..EJWT_OAUTH_MAX_EXPIRES_IN */
    uint32_t expires_in;
    /** `interval`: seconds between polls, 1..EJWT_DEVICE_MAX_INTERVAL_S;
     *  ::EJWT_DEVICE_POLL_INTERVAL_S (5) when not sent */
    uint32_t interval;
} ejwt_device_authorization;

/**
 * Parse the body of a `200` device authorization response (RFC 8628
 * section 3.2).
 *
 * The body must be one strict JSON object (the core's parser: RFC 8259
 * only, duplicate members refused) with these members; any other member is
 * ignored:
 *  - `device_code`, `user_code`, `verification_uri` (required): non-empty
 *    strings of printable ASCII without spaces, each at most its
 *    EJWT_SESSION_MAX_* bound;
 *  - `verification_uri_complete` (optional): the same rules as
 *    `verification_uri`;
 *  - `expires_in` (required): a JSON integer written with digits only (no
 *    sign, fraction or exponent), 1..EJWT_OAUTH_MAX_EXPIRES_IN;
 *  - `interval` (optional, default ::EJWT_DEVICE_POLL_INTERVAL_S): the same
 *    form, 1..EJWT_DEVICE_MAX_INTERVAL_S (a longer interval is refused, not
 *    shortened: polling faster than asked only earns `slow_down`).
 *
 * \param body  the response body (any bytes; need not be terminated)
 * \param len   its length
 * \param out   receives the result; all zero on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_SYNTAX      empty, or not JSON (or bytes after the object)
 * \retval EJWT_ERR_JSON_STRING, EJWT_ERR_JSON_DUPLICATE, EJWT_ERR_JSON_TOO_DEEP
 *                                   not strict JSON (see ejwt_json_parse())
 * \retval EJWT_ERR_JSON_TOO_MANY_TOKENS more than ::EJWT_SESSION_DA_TOKENS tokens
 * \retval EJWT_ERR_JSON_NOT_OBJECT  the root is not an object
 * \retval EJWT_ERR_OAUTH_RESPONSE   a required member is missing, or a member is
 *                                   mistyped (a string that is not one, a number
 *                                   that is not digits only), empty, holds a
 *                                   space, a control or non-ASCII character
 *                                   (U+0000 included, at any length), or a number is
 *                                   out of range
 * \retval EJWT_ERR_LIMIT            a string is longer than its EJWT_SESSION_MAX_*
 *                                   bound (raise the bound to accept it)
 * \retval EJWT_ERR_INVALID_ARG      NULL \p out, or NULL \p body with a length
 */
int ejwt_device_authorization_parse(const char *body, size_t len, ejwt_device_authorization *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_DEVICE_AUTHORIZATION_H */
