/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file access_token.h
 * \brief The resource server's check of a JWT access token (RFC 9068, "JWT
 *        Profile for OAuth 2.0 Access Tokens"), in one call on top of
 *        ejwt_jwt_verify().
 *
 * A device that serves an API (or a gateway in front of one) receives
 * `Authorization: Bearer <JWT>` and must decide whether the token was issued
 * for it, by the authorization server it trusts, with the scope the request
 * needs. ejwt_access_token_verify() applies the profile's rules
 * (RFC 9068 section 4, "Validating JWT Access Tokens"):
 *
 *  1. Header `typ` is `at+jwt` (section 2.1 and 4 step 1). It is compared as
 *     RFC 7515 section 4.1.9 says, case-insensitively with "application/"
 *     implied, so `at+jwt`, `AT+JWT` and `application/at+jwt` pass and
 *     `JWT` (an ID token or any other JWT: the confusion section 4 guards
 *     against) does not.
 *  2. Header `kid` is present (section 2.1: the token names the key of the
 *     issuer's JWK Set that signed it), and the key is the one with that
 *     `kid` among the caller's keys (the issuer's `jwks_uri`, section 4
 *     step 3; ejwt_jws_verify()'s key choice).
 *  3. Header `alg` is in the caller's allow-list (section 4 step 3: never
 *     `none`, which ejwt cannot express anyway; RFC 8725 section 3.1).
 *  4. The signature verifies with that key (section 4 step 3).
 *  5. `iss` equals the issuer exactly (section 4 step 2).
 *  6. `aud`, a string or an array of strings, contains the resource
 *     indicator of this resource server (section 4 step 4; RFC 8707).
 *  7. `exp` is in the future, with the leeway (section 4 step 5); an unknown
 *     time fails closed (::EJWT_ERR_TIME_UNKNOWN).
 *  8. `iss`, `exp`, `aud`, `sub`, `client_id`, `iat` and `jti` are present
 *     (section 2.2, all REQUIRED); `sub` and `client_id` are strings.
 *  9. When the caller requires a scope, every word of it appears as a whole
 *     word of the token's `scope` (section 2.2.3: a space-separated list of
 *     scope tokens as in RFC 6749 section 3.3; section 4 step 6 lets the
 *     resource server refuse a token whose authorization does not fit the
 *     request). `read` is not found in `readwrite`. A `scope` that is
 *     present must be a string even when no scope is required.
 *
 * Claims the profile defines but leaves to the application (`auth_time`,
 * `acr`, `amr`, `groups`, `roles`, `entitlements`) are not looked at; read
 * them from ejwt_jwt_claims(). Zero malloc: the token stays the caller's,
 * the decoded header and claims go to the caller's work buffer.
 */
#ifndef EJWT_ACCESS_TOKEN_H
#define EJWT_ACCESS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/error.h"
#include "ejwt/jwt.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The media type every RFC 9068 access token carries in its header `typ`
 *  (section 2.1), in its short form; the long form `application/at+jwt`
 *  matches too (RFC 7515 section 4.1.9). */
#define EJWT_ACCESS_TOKEN_TYP "at+jwt"

#ifndef EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN
/** Longest `scope` value (after JSON unescaping, in bytes) that
 *  ejwt_access_token_verify() examines; a longer one in a token is
 *  ::EJWT_ERR_LIMIT, a longer required scope a caller bug. The value is
 *  copied into a stack buffer of this size + 1 when a scope is required. */
#define EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN 256
#endif

#ifndef EJWT_ACCESS_TOKEN_MAX_ID_LEN
/** Longest issuer and resource identifier the caller may pass (bytes,
 *  without the terminator); a longer one is a caller bug. */
#define EJWT_ACCESS_TOKEN_MAX_ID_LEN 512
#endif

#if EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN < 1 || EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN > 4096
#error "EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN must be between 1 and 4096 (a stack buffer)"
#endif

/** What the resource server expects of its access tokens. Zero-initialise,
 *  then set the members; issuer and resource are required. */
typedef struct ejwt_access_token_opts {
    /** Allow-list of signature algorithms, EJWT_ALG_BIT() values, pinned by
     *  the caller (e.g. what the issuer's metadata announces); 0 rejects
     *  every token (::EJWT_ERR_ALG_NOT_ALLOWED). */
    uint32_t algs;
    int64_t now;     /**< Unix seconds, or EJWT_TIME_UNKNOWN (every token fails then) */
    uint32_t leeway; /**< seconds of clock skew tolerated for `exp` (and `nbf`) */
    /** The authorization server's issuer identifier (RFC 8414 `issuer`);
     *  `iss` must equal it byte for byte after unescaping. Required. */
    const char *issuer;
    /** This resource server's identifier (RFC 8707 resource indicator, e.g.
     *  "https://api.example.com"); `aud` must contain it. Required. */
    const char *resource;
    /** Scope the request needs: space-separated scope tokens, each of which
     *  must appear in the token's `scope`; NULL (or no words) requires none. */
    const char *scope;
} ejwt_access_token_opts;

/**
 * Verify a JWT access token as RFC 9068 section 4 says (the numbered rules
 * of this file's overview), signature first and claims after.
 *
 * The header is parsed once before ejwt_jwt_verify() so that a token without
 * `kid` is told apart (::EJWT_ERR_KID_MISSING) whatever the number of keys;
 * ejwt_jwt_verify() then parses it again and does the signature, `typ`,
 * `iss`, `aud`, time and presence checks; `client_id` and `scope` are
 * checked last on the verified claims.
 *
 * On any failure \p out is zeroed, the work buffer wiped and *\p work_needed
 * 0 (except for ::EJWT_ERR_BUFFER_TOO_SMALL, which reports the size needed),
 * as with ejwt_jwt_verify().
 *
 * \param token, len        the compact token (e.g. the Bearer credential)
 * \param opts              the resource server's expectations; issuer and
 *                          resource must be set (NULL is a caller bug)
 * \param keys, nkeys       the issuer's JWK Set (ejwt_jwks_import()); each
 *                          key should carry its `kid`
 * \param work, work_cap    buffer for the decoded header and claims;
 *                          EJWT_WORK_SIZE(len) always suffices; \p out
 *                          points into it
 * \param work_needed       receives the work length (may be NULL)
 * \param out               receives the verified token; read the claims
 *                          with ejwt_jwt_claims()
 * \retval EJWT_OK                    the token passes every rule
 * \retval EJWT_ERR_INVALID_ARG       NULL token, opts, out, issuer or resource, an
 *                                    issuer, resource or required scope over its bound
 * \retval EJWT_ERR_KID_MISSING       the header has no `kid` (rule 2)
 * \retval EJWT_ERR_KEY_NOT_FOUND     no key has the token's `kid` (rule 2)
 * \retval EJWT_ERR_TYP_MISMATCH      header `typ` absent or not `at+jwt` (rule 1)
 * \retval EJWT_ERR_ALG_NOT_ALLOWED   header `alg` not in opts->algs (rule 3)
 * \retval EJWT_ERR_ALG_KEY_MISMATCH  header `alg` does not fit the chosen key
 * \retval EJWT_ERR_SIGNATURE_INVALID the signature does not verify (rule 4)
 * \retval EJWT_ERR_ISS_MISMATCH      `iss` is not the issuer (rule 5)
 * \retval EJWT_ERR_AUD_MISMATCH      `aud` does not contain the resource (rule 6)
 * \retval EJWT_ERR_EXPIRED           `exp` has passed (rule 7)
 * \retval EJWT_ERR_TIME_UNKNOWN      opts->now is EJWT_TIME_UNKNOWN (rule 7)
 * \retval EJWT_ERR_CLAIM_MISSING     a claim of rule 8 is absent
 * \retval EJWT_ERR_CLAIM_TYPE        a registered claim, `client_id` or `scope` has
 *                                    the wrong type (`scope` holding U+0000 too)
 * \retval EJWT_ERR_SCOPE_INSUFFICIENT a required scope word is not in `scope`, or
 *                                    `scope` is absent while a scope is required (rule 9)
 * \retval EJWT_ERR_LIMIT             `scope` longer than EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN
 *                                    while a scope is required
 * \return or any other error of ejwt_jwt_verify() (malformed token, JSON, buffer)
 */
int ejwt_access_token_verify(const char *token, size_t len, const ejwt_access_token_opts *opts,
                             const ejwt_key *keys, size_t nkeys, uint8_t *work, size_t work_cap,
                             size_t *work_needed, ejwt_jwt *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_ACCESS_TOKEN_H */
