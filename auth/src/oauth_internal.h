/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token request pieces shared by the request bodies and the session.
 */
#ifndef EJWT_OAUTH_INTERNAL_H
#define EJWT_OAUTH_INTERNAL_H

#include <stdint.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/json.h"

/* RFC 6750 section 2.1: is \p s (\p len bytes) a b64token,
 * 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" ?
 * The access and registration tokens a device sends as Bearer values. */
int ejwt_oauth_is_b64token(const char *s, size_t len);

/* The JSON token \p idx of \p doc as an integer written with digits only
 * (no sign, fraction or exponent: RFC 6749's expires_in, RFC 8628's
 * interval, RFC 7591's times) that fits an int64. EJWT_OK with *out set, or
 * EJWT_ERR_JSON_TYPE (not a number, or not digits only) or the core's
 * range error; *out is 0 then. Ranges are the caller's. */
int ejwt_oauth_json_digits(const ejwt_json *doc, int idx, int64_t *out);

/* Can \p key sign client assertions (an ES256 key allowed to sign)? EJWT_OK,
 * EJWT_ERR_ALG_KEY_MISMATCH or EJWT_ERR_KEY_USAGE: the one check the
 * assertion and the session (at init, before any request) share. */
int ejwt_assertion_check_key(const ejwt_key *key);

/* Append client_id=<id>; an id that is NULL, empty or over
 * EJWT_ASSERTION_MAX_CLIENT_ID latches EJWT_ERR_INVALID_ARG instead. */
void ejwt_oauth_add_client_id(ejwt_form *f, const char *client_id);

/* Append client_assertion_type=urn%3A...jwt-bearer. */
void ejwt_oauth_add_assertion_type(ejwt_form *f);

/* Append client_assertion=<JWT> signed into the body when it fits (and count
 * it in *signed_count, if given); otherwise only its length is counted. */
int ejwt_oauth_add_assertion(ejwt_form *f, const ejwt_key *key, const ejwt_assertion_params *p,
                             uint32_t *signed_count);

#endif /* EJWT_OAUTH_INTERNAL_H */
