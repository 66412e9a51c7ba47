/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file revocation.h
 * \brief Token revocation (RFC 7009) with client authentication by
 *        assertion: the request body, and the answer's classification.
 *
 * **Request** (`POST` to the revocation endpoint as
 * `application/x-www-form-urlencoded`, the form encoding of oauth.h):
 *
 *     token=<refresh token>&token_type_hint=refresh_token&client_id=<id>
 *     &client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer
 *     &client_assertion=<JWT>
 *
 * `client_id` is sent beside the assertion (Glewlwyd binds tokens to it).
 * The assertion's `aud` is the revocation endpoint's URL (the caller's
 * ::ejwt_assertion_params::audience).
 *
 * **Answer** (RFC 7009 section 2.2): `200` means revoked, also for a token
 * the server does not know (the device wipes its store either way); `503`
 * (with `Retry-After`) means try later; `400 unsupported_token_type` means the
 * server does not revoke this kind of token (wipe locally, nothing more to
 * do); `invalid_client` is the deprovisioned answer. The rest follows the
 * table of docs/PROTOCOL.md (ejwt_classify_response() with
 * ::EJWT_REQ_REVOCATION).
 *
 * Zero malloc: the body is signed into the caller's buffer.
 */
#ifndef EJWT_REVOCATION_H
#define EJWT_REVOCATION_H

#include <stddef.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/retry.h"
#include "ejwt/error.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Build a revocation request for a refresh token with a fresh client
 * assertion (ejwt_assertion_sign(): same key, parameters and time rules).
 * \param key        the device key
 * \param p          assertion parameters (client id, revocation endpoint as audience, now)
 * \param token      the refresh token (any bytes; percent-encoded)
 * \param token_len  its length
 * \param out        caller buffer, terminated (text; buffer convention: see ejwt.h);
 *                   wiped on failure. May be NULL when \p cap is 0 (size query:
 *                   nothing is signed)
 * \param cap        its size
 * \param out_len    receives the body's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG      NULL pointer or an empty token (\p out holds "")
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (nothing was signed; \p out wiped)
 * \return or any error of ejwt_assertion_sign()
 */
int ejwt_revocation_body(const ejwt_key *key, const ejwt_assertion_params *p, const char *token,
                         size_t token_len, char *out, size_t cap, size_t *out_len);

/**
 * Classify the revocation endpoint's answer (ejwt_classify_response() with
 * ::EJWT_REQ_REVOCATION) and return its error.
 * \param status  the HTTP status, or 0 when no HTTP answer came
 * \param body    the body (any bytes; need not be terminated)
 * \param len     its length
 * \param out     receives the class (what to do, and the `error` code); may be NULL
 * \retval EJWT_OK                 revoked (or the token was unknown): wipe the store
 * \retval EJWT_ERR_OAUTH_RETRY    try later (503, no answer, ...; see \p out->suspect)
 * \retval EJWT_ERR_OAUTH_REFUSED  the server will not revoke it (`unsupported_token_type`,
 *                                 `invalid_request`, 400): wipe locally
 * \retval EJWT_ERR_DEPROVISIONED  `invalid_client`
 * \retval EJWT_ERR_INVALID_ARG    NULL body with a length
 */
int ejwt_revocation_parse_response(int status, const char *body, size_t len, ejwt_outcome *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_REVOCATION_H */
