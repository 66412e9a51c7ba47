/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file jwt.h
 * \brief JWT (RFC 7519, with the RFC 8725 best practices): verify a token and
 *        its claims in one call, and build and sign tokens.
 */
#ifndef EJWT_JWT_H
#define EJWT_JWT_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt_config.h"
#include "json.h"
#include "jws.h"
#include "key.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A verified JWT: the JWS and its claims set. Caller-allocated; points into
 *  the caller's token and work buffer. */
typedef struct ejwt_jwt {
    ejwt_jws jws;     /**< header, payload and signature */
    int claims_count; /**< tokens used in claims_tok */
    /** the claims set's JSON tokens, the view ejwt_jwt_claims() returns */
    jsmntok_t claims_tok[EJWT_MAX_CLAIM_TOKENS];
} ejwt_jwt;

/**
 * Verify a compact JWT: ejwt_jws_parse(), ejwt_jws_verify(), then the payload
 * must be a strict JSON object and ejwt_jwt_check_claims() must pass.
 *
 * On any failure \p out is zeroed and the work buffer wiped, so nothing that
 * looks like a result is left behind.
 *
 * \param token, token_len  the compact token
 * \param keys, nkeys       candidate keys (see ejwt_jws_verify() for the choice)
 * \param opts              checks to apply; opts->algs must not be 0
 * \param work, work_cap    buffer for the decoded header and claims;
 *                          EJWT_WORK_SIZE(token_len) always suffices
 * \param work_needed       receives the work length (may be NULL): as for
 *                          ejwt_jws_parse() (buffer convention: see ejwt.h), and 0
 *                          after any failure other than ::EJWT_ERR_BUFFER_TOO_SMALL
 * \param out               receives the verified token
 * \return EJWT_OK or any error of ejwt_jws_parse(), ejwt_jws_verify(),
 *         ejwt_json_parse() (on the payload) and ejwt_jwt_check_claims().
 */
int ejwt_jwt_verify(const char *token, size_t token_len, const ejwt_key *keys, size_t nkeys,
                    const ejwt_verify_opts *opts, uint8_t *work, size_t work_cap,
                    size_t *work_needed, ejwt_jwt *out);

/**
 * Verify only the signature layer of a compact JWS whose payload may be any
 * bytes (`ejwt verify --jws`). Same contract as ejwt_jwt_verify() without the
 * claims checks.
 *
 * \param token, token_len  the compact token
 * \param keys, nkeys       candidate keys (see ejwt_jws_verify() for the choice)
 * \param opts              checks to apply (algs, typ, crit); opts->algs must not be 0
 * \param work, work_cap    buffer for the decoded header and payload;
 *                          EJWT_WORK_SIZE(token_len) always suffices
 * \param work_needed       receives the work length (may be NULL), as for
 *                          ejwt_jws_parse()
 * \param out               receives the verified JWS; zeroed on failure
 * \return EJWT_OK or any error of ejwt_jws_parse() and ejwt_jws_verify()
 */
int ejwt_jws_verify_compact(const char *token, size_t token_len, const ejwt_key *keys, size_t nkeys,
                            const ejwt_verify_opts *opts, uint8_t *work, size_t work_cap,
                            size_t *work_needed, ejwt_jws *out);

/** The verified claims as a JSON view (valid while \p jwt is neither moved nor changed).
 *  \param jwt  a token verified by ejwt_jwt_verify()
 *  \return the view; an empty view (count 0) when \p jwt is NULL or unverified */
ejwt_json ejwt_jwt_claims(const ejwt_jwt *jwt);

/**
 * Check a claims set against \p opts (RFC 7519 section 4.1):
 *  - `exp`: rejected when now >= exp + leeway; `nbf`: when now + leeway < nbf;
 *    `iat` must be a NumericDate when present (its value is not compared
 *    with now). A present `exp` or `nbf` is always checked; if opts->now is
 *    EJWT_TIME_UNKNOWN that fails with EJWT_ERR_TIME_UNKNOWN. The sums are
 *    never formed, so no time and no leeway (up to UINT32_MAX) can overflow.
 *  - NumericDates that are not integers (RFC 7519 section 2 allows
 *    `1800000000.5`) are rounded to the safe side of their check: `exp`
 *    down, `nbf` up (ejwt_json_int64(), ejwt_json_int64_ceil()). So a token
 *    with `"nbf":1800000000.5` is not yet valid at now = 1800000000, and one
 *    with `"exp":1800000000.5` has expired then. A value whose rounding lies
 *    outside int64 is ::EJWT_ERR_CLAIM_TYPE.
 *  - `iss`, `sub` must equal opts->iss, opts->sub when those are set.
 *  - `aud` (string or array of strings) must contain opts->aud when set.
 *    When opts->aud is NULL a token that has an `aud` is rejected with
 *    ::EJWT_ERR_AUD_UNEXPECTED (RFC 7519 section 4.1.3: the verifier does
 *    not identify itself with any value in it), unless opts->flags has
 *    ::EJWT_VERIFY_IGNORE_AUD.
 *  - every bit of opts->required must be present.
 *  - registered claims must have their registered types even when unchecked.
 * \param claims  the claims set as a JSON view (ejwt_jwt_claims(), or any parse)
 * \param opts    checks to apply (now, leeway, iss, aud, sub, required, flags)
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_NOT_OBJECT the claims set is not an object
 * \retval EJWT_ERR_CLAIM_TYPE      a registered claim has the wrong type
 * \retval EJWT_ERR_CLAIM_MISSING   a checked or required claim is absent
 * \retval EJWT_ERR_TIME_UNKNOWN    a time check is needed but now is unknown
 * \retval EJWT_ERR_EXPIRED, EJWT_ERR_NOT_YET_VALID
 * \retval EJWT_ERR_ISS_MISMATCH, EJWT_ERR_AUD_MISMATCH, EJWT_ERR_SUB_MISMATCH
 * \retval EJWT_ERR_AUD_UNEXPECTED  `aud` present, opts->aud NULL, no EJWT_VERIFY_IGNORE_AUD
 */
int ejwt_jwt_check_claims(const ejwt_json *claims, const ejwt_verify_opts *opts);

/**
 * Token builder: writes the header and claims straight into the caller's
 * output buffer as base64url, then signs. Adding a claim never fails loudly:
 * the first error is latched and returned by ejwt_builder_finish(). When the
 * buffer is too short the builder keeps counting, so finish reports the
 * length needed. Member names are the caller's: adding a name twice is a bug
 * the builder does not detect.
 */
typedef struct ejwt_builder {
    char *out;       /**< caller's output buffer */
    size_t cap;      /**< its capacity */
    size_t len;      /**< characters produced so far (may exceed cap) */
    int err;         /**< first error, latched */
    uint8_t pend[3]; /**< bytes waiting for a full base64 group */
    uint8_t npend;   /**< how many of pend are waiting */
    uint8_t nclaims; /**< 0 until the first claim (for the comma) */
    uint8_t state;   /**< internal */
    ejwt_key key;    /**< signing key (a copy) */
} ejwt_builder;

/**
 * Start a token signed with \p key. The header is
 * `{"alg":<key alg>[,"typ":typ][,"kid":key->kid]}`.
 * \param b    the builder to (re)initialise
 * \param out  output buffer (text; buffer convention: see ejwt.h); may be
 *             NULL with \p cap 0 to measure
 * \param cap  its size
 * \param key  signing key (copied); NULL or an unknown algorithm latches
 *             ::EJWT_ERR_INVALID_ARG
 * \param typ  header typ, e.g. "JWT", or NULL to omit it
 */
void ejwt_builder_init(ejwt_builder *b, char *out, size_t cap, const ejwt_key *key,
                       const char *typ);

/** Add a string claim (escaped as JSON needs).
 *  \param b      the builder (ejwt_builder_init())
 *  \param name   claim name, terminated
 *  \param value  claim value, terminated; NULL latches ::EJWT_ERR_INVALID_ARG */
void ejwt_builder_add_string(ejwt_builder *b, const char *name, const char *value);
/** Add an integer claim (e.g. a NumericDate).
 *  \param b      the builder (ejwt_builder_init())
 *  \param name   claim name, terminated
 *  \param value  claim value */
void ejwt_builder_add_int(ejwt_builder *b, const char *name, int64_t value);
/** Add a boolean claim.
 *  \param b      the builder (ejwt_builder_init())
 *  \param name   claim name, terminated
 *  \param value  nonzero for `true`, 0 for `false` */
void ejwt_builder_add_bool(ejwt_builder *b, const char *name, int value);
/** Add an array of strings (e.g. a multi-valued `aud`).
 *  \param b      the builder (ejwt_builder_init())
 *  \param name    claim name, terminated
 *  \param values  \p count terminated strings (NULL only when \p count is 0);
 *                 a NULL entry latches ::EJWT_ERR_INVALID_ARG
 *  \param count   their number (0 writes `[]`) */
void ejwt_builder_add_string_array(ejwt_builder *b, const char *name, const char *const *values,
                                   size_t count);
/** Add a claim whose value is JSON text; it is validated strictly first
 *  (an invalid value latches its JSON error).
 *  \param b      the builder (ejwt_builder_init())
 *  \param name   claim name, terminated
 *  \param json   the value as JSON text (need not be terminated)
 *  \param len    its length */
void ejwt_builder_add_json(ejwt_builder *b, const char *name, const char *json, size_t len);
/** Add every member of the JSON object \p obj as claims (validated first).
 *  \param b      the builder (ejwt_builder_init())
 *  \param obj    a JSON object as text (need not be terminated)
 *  \param len    its length */
void ejwt_builder_add_members(ejwt_builder *b, const char *obj, size_t len);

/**
 * Close the claims, sign, append the signature and terminate the output.
 * The buffer given to ejwt_builder_init() is a text output (buffer
 * convention: see ejwt.h); it may be NULL with size 0 to measure (nothing
 * is signed then).
 * \param b       the builder; finishing it twice is ::EJWT_ERR_INVALID_ARG
 * \param out_len receives the token length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL the output buffer is too short; it is wiped
 *                                   (nothing is signed)
 * \return or the first error latched by an add call, or a signing error (the
 *         buffer is wiped after every failure)
 */
int ejwt_builder_finish(ejwt_builder *b, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_JWT_H */
