/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file registration.h
 * \brief OAuth 2.0 dynamic client registration (RFC 7591) for a device that
 *        authenticates with its key (`private_key_jwt`, ES256): the request
 *        body, the initial access token's header value, the response, and a
 *        storage record of the result.
 *
 * **Request** (`POST` to the registration endpoint as `application/json`,
 * with `Authorization: Bearer <initial access token>` when the server
 * requires one; ejwt_registration_bearer() builds that value):
 *
 *     {"token_endpoint_auth_method":"private_key_jwt",
 *      "token_endpoint_auth_signing_alg":"ES256",
 *      "grant_types":["client_credentials", ...],
 *      "jwks":{"keys":[<the device key's public JWK, kid = RFC 7638 thumbprint>]},
 *      "client_name":"...", "redirect_uris":["..."], "scope":"..."}
 *
 * (one line, members in this order, the last three only when given).
 * Glewlwyd 2.7.5 needs more than the RFC (::EJWT_REGISTRATION_GLEWLWYD): it
 * reads the signing algorithm from its own member `token_endpoint_signing_alg`
 * (added beside the RFC's), names the device grant `device_authorization`
 * instead of the RFC 8628 URN, and refuses a registration without
 * `redirect_uris` (give one: an `https://` or loopback URL is enough).
 *
 * **Response.** RFC 7591 section 3.2.1 answers `201 Created`; Glewlwyd
 * answers `200`, accepted only with ::EJWT_REGISTRATION_ACCEPT_200. Errors
 * (section 3.2.2) are classified by ejwt_classify_response() (retry.h):
 * `invalid_client_metadata` and the software statement codes are
 * ::EJWT_ERR_CLIENT_METADATA, `invalid_redirect_uri` ::EJWT_ERR_REDIRECT_URI,
 * a refused initial access token (401, 403) ::EJWT_ERR_OAUTH_REFUSED.
 *
 * **Storage.** ::ejwt_registration has no pointers; ejwt_registration_encode()
 * and ejwt_registration_decode() turn it into a versioned byte record (at
 * most ::EJWT_REGISTRATION_RECORD_MAX bytes) for the application or a later
 * layer to seal (the registration access token is a credential: keep it in
 * sealed storage only).
 *
 * Zero malloc: every output is a caller buffer or struct.
 */
#ifndef EJWT_REGISTRATION_H
#define EJWT_REGISTRATION_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/discovery.h"
#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The media type of a registration request body. */
#define EJWT_REGISTRATION_CONTENT_TYPE "application/json"

/** Most `redirect_uris` a request may carry. */
#define EJWT_REGISTRATION_MAX_REDIRECT_URIS 4u
/** Longest `client_name` or `scope` accepted in a request, bytes. */
#define EJWT_REGISTRATION_MAX_FIELD 256u

/** JSON tokens (16 bytes each on 32-bit targets, on the stack) a
 *  registration response may use. Glewlwyd's, which echoes the whole
 *  registration with the JWK Set, takes about 60. */
#ifndef EJWT_REGISTRATION_MAX_TOKENS
#define EJWT_REGISTRATION_MAX_TOKENS 96
#endif

/** \name Flags of the registration functions
 *  @{ */
/** Request: Glewlwyd's names beside the RFC's (see the file comment). */
#define EJWT_REGISTRATION_GLEWLWYD 0x100u
/** Response: take `200` as success too (Glewlwyd answers 200, not 201). */
#define EJWT_REGISTRATION_ACCEPT_200 0x200u
/** @} */
/* EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP (0x1, discovery.h) applies to the
 * redirect URIs of a request and the registration_client_uri of a response. */

/** What a registration request asks for. Zero-initialise, then set. */
typedef struct ejwt_registration_params {
    /** EJWT_GRANT_CLIENT_CREDENTIALS, EJWT_GRANT_REFRESH_TOKEN and
     *  EJWT_GRANT_DEVICE_CODE bits (discovery.h); 0 = client_credentials. */
    unsigned grant_types;
    const char *client_name; /**< `client_name` (printable ASCII), or NULL */
    const char *scope;       /**< `scope` (RFC 6749 scope tokens), or NULL */
    /** `redirect_uris` (checked as endpoint URLs), or NULL */
    const char *const *redirect_uris;
    size_t redirect_uri_count; /**< their number, at most EJWT_REGISTRATION_MAX_REDIRECT_URIS */
    unsigned flags; /**< EJWT_REGISTRATION_GLEWLWYD, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP */
} ejwt_registration_params;

/**
 * Build the registration request body (text; buffer convention: see ejwt.h).
 * \param key      the device key (ES256; its public JWK goes into `jwks`)
 * \param p        what to ask for
 * \param out      caller buffer (may be NULL with \p cap 0 to measure)
 * \param cap      its size
 * \param out_len  receives the body's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out holds "")
 * \retval EJWT_ERR_INSECURE_URL     a redirect URI is not acceptable (ejwt_url_check())
 * \retval EJWT_ERR_INVALID_ARG      NULL pointer, an unknown grant bit, too many redirect
 *                                   URIs, a client name or scope that is empty, too long,
 *                                   not printable ASCII (or, for the scope, not scope tokens)
 * \return or any error of ejwt_jwk_export_public() (a key that is not ES256)
 */
int ejwt_registration_request_body(const ejwt_key *key, const ejwt_registration_params *p,
                                   char *out, size_t cap, size_t *out_len);

/**
 * The `Authorization` value for an initial access token: `Bearer <token>`
 * (text; buffer convention: see ejwt.h).
 * \param token    the initial access token (RFC 6750 b64token characters)
 * \param len      its length
 * \param out      caller buffer (may be NULL with \p cap 0 to measure)
 * \param cap      its size
 * \param out_len  receives the value's length
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG      empty, or not b64token (\p out holds "")
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out holds "")
 */
int ejwt_registration_bearer(const char *token, size_t len, char *out, size_t cap, size_t *out_len);

/** A registration as the device keeps it. Strings are terminated ("" when
 *  absent); no interior pointers. */
typedef struct ejwt_registration {
    char client_id[EJWT_REGISTRATION_MAX_CLIENT_ID + 1]; /**< `client_id` */
    /** `registration_access_token` (RFC 7592), or "" */
    char registration_access_token[EJWT_REGISTRATION_MAX_ACCESS_TOKEN + 1];
    char registration_client_uri[EJWT_DISCOVERY_MAX_URL + 1]; /**< RFC 7592, or "" */
    int64_t client_id_issued_at;      /**< Unix seconds, or -1 when absent */
    int64_t client_secret_expires_at; /**< Unix seconds (0 = never), or -1 when absent */
    uint8_t grant_types;              /**< EJWT_GRANT_* bits echoed by the server; 0 if none */
} ejwt_registration;

/**
 * Parse the registration endpoint's answer.
 *
 * Success is `201` (or `200` with ::EJWT_REGISTRATION_ACCEPT_200) with a
 * JSON object holding a `client_id` (printable ASCII, 1 to
 * min(::EJWT_REGISTRATION_MAX_CLIENT_ID, EJWT_ASSERTION_MAX_CLIENT_ID)
 * bytes); optionally `registration_access_token` (b64token, at most
 * ::EJWT_REGISTRATION_MAX_ACCESS_TOKEN), `registration_client_uri` (an
 * endpoint URL; required when the token is present, RFC 7592 section 3),
 * `client_id_issued_at` and `client_secret_expires_at` (non-negative JSON
 * integers), `grant_types` (strings), and `token_endpoint_auth_method`,
 * which must be `private_key_jwt` when present (the server may change
 * metadata, RFC 7591 section 3.2.1: a device that cannot authenticate as
 * registered is refused with ::EJWT_ERR_SERVER_UNSUPPORTED). A
 * `client_secret` is ignored (never kept). Other members are ignored.
 *
 * \param status  the HTTP status
 * \param body    the body (need not be terminated)
 * \param len     its length
 * \param flags   ::EJWT_REGISTRATION_ACCEPT_200, ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP
 * \param out     receives the registration; all zero (times -1) on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_METADATA_INVALID   a success status but a member is missing, mistyped
 *                                     or out of bounds, or `200` without
 *                                     ::EJWT_REGISTRATION_ACCEPT_200
 * \retval EJWT_ERR_INSECURE_URL       `registration_client_uri` is not acceptable
 * \retval EJWT_ERR_SERVER_UNSUPPORTED registered with another authentication method
 * \retval EJWT_ERR_JSON_*             a success status but not strict JSON, or not an
 *                                     object (more than EJWT_REGISTRATION_MAX_TOKENS tokens:
 *                                     ::EJWT_ERR_JSON_TOO_MANY_TOKENS)
 * \return on an error status, the error ejwt_classify_response() gives
 *         (::EJWT_ERR_CLIENT_METADATA, ::EJWT_ERR_REDIRECT_URI,
 *         ::EJWT_ERR_OAUTH_REFUSED, ::EJWT_ERR_OAUTH_RETRY)
 * \retval EJWT_ERR_INVALID_ARG        NULL pointer
 */
int ejwt_registration_parse_response(int status, const char *body, size_t len, unsigned flags,
                                     ejwt_registration *out);

/** Largest record ejwt_registration_encode() writes: a 4-byte header, three
 *  2-byte lengths, the three strings at their bounds, two 8-byte times and
 *  the grant bits. */
#define EJWT_REGISTRATION_RECORD_MAX                                                               \
    (4u + 6u + EJWT_REGISTRATION_MAX_CLIENT_ID + EJWT_REGISTRATION_MAX_ACCESS_TOKEN +              \
     EJWT_DISCOVERY_MAX_URL + 16u + 1u)

/**
 * Encode \p reg as a byte record (binary; buffer convention: see ejwt.h):
 * `"ERG"`, version 1, then `client_id`, `registration_access_token` and
 * `registration_client_uri` each as a big-endian 16-bit length and bytes,
 * the two times as big-endian 64-bit two's complement, and the grant bits.
 * \param reg      a registration (from ejwt_registration_parse_response())
 * \param out      caller buffer (may be NULL with \p cap 0 to measure)
 * \param cap      its size (::EJWT_REGISTRATION_RECORD_MAX always suffices)
 * \param out_len  receives the record's length
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out wiped)
 * \retval EJWT_ERR_INVALID_ARG      NULL pointer, or \p reg has no client id or
 *                                   unterminated strings
 */
int ejwt_registration_encode(const ejwt_registration *reg, uint8_t *out, size_t cap,
                             size_t *out_len);

/**
 * Decode a record of ejwt_registration_encode(), checking every field again
 * as ejwt_registration_parse_response() does (the URL with loopback http
 * allowed only under \p flags).
 * \param in     the record
 * \param len    its length
 * \param flags  ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0
 * \param out    receives the registration; all zero (times -1) on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_CORRUPT not such a record, or a field out of bounds
 * \retval EJWT_ERR_INVALID_ARG     NULL pointer
 */
int ejwt_registration_decode(const uint8_t *in, size_t len, unsigned flags, ejwt_registration *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_REGISTRATION_H */
