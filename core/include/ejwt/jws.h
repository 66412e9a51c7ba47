/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file jws.h
 * \brief JWS compact serialization (RFC 7515): parse, then verify with a
 *        caller-chosen key and algorithm allow-list.
 *
 * Verification is two steps, so a caller can pick a key by `kid` in between:
 *  1. ejwt_jws_parse() splits the token into exactly three segments, decodes
 *     the header and payload (strict base64url) into the caller's work
 *     buffer, validates the header as a strict JSON object with a string
 *     `alg` naming a supported algorithm, checks the shape of `crit`, and
 *     decodes the signature. Nothing is trusted yet.
 *  2. ejwt_jws_verify() chooses the key, requires the header `alg` to be in
 *     the caller's allow-list *and* to be the key's algorithm, checks `crit`
 *     against the names the caller understands and `typ` if asked, and checks
 *     the signature over the signing input exactly as received.
 * Header members `jwk`, `jku`, `x5u` and `x5c` are never used to find a key.
 */
#ifndef EJWT_JWS_H
#define EJWT_JWS_H

#include <stddef.h>
#include <stdint.h>

#include "base64url.h"
#include "ejwt_config.h"
#include "json.h"
#include "key.h"
#include "numericdate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** \name Registered claims, as bits of ::ejwt_verify_opts::required
 *  @{ */
#define EJWT_CLAIM_ISS 0x01u /**< `iss`, the issuer (RFC 7519 section 4.1.1) */
#define EJWT_CLAIM_SUB 0x02u /**< `sub`, the subject (section 4.1.2) */
#define EJWT_CLAIM_AUD 0x04u /**< `aud`, the audience (section 4.1.3) */
#define EJWT_CLAIM_EXP 0x08u /**< `exp`, the expiration time (section 4.1.4) */
#define EJWT_CLAIM_NBF 0x10u /**< `nbf`, the not-before time (section 4.1.5) */
#define EJWT_CLAIM_IAT 0x20u /**< `iat`, the issued-at time (section 4.1.6) */
#define EJWT_CLAIM_JTI 0x40u /**< `jti`, the token id (section 4.1.7) */
/** @} */

/** ::ejwt_verify_opts::flags: accept a token whose `aud` names someone else
 *  when ::ejwt_verify_opts::aud is NULL. RFC 7519 section 4.1.3 says such a
 *  token MUST be rejected (RFC 8725 section 3.9: a token meant for another
 *  service replayed to this one), and that is the default. Set this only
 *  when the caller really checks the audience itself, after verification. */
#define EJWT_VERIFY_IGNORE_AUD 0x01u

/** Work buffer size that always suffices for a token of \p token_len bytes. */
#define EJWT_WORK_SIZE(token_len) EJWT_B64URL_DECODED_MAX(token_len)

/** What the verifier checks. Zero-initialise, then set what you need. */
typedef struct ejwt_verify_opts {
    uint32_t algs;   /**< allow-list, EJWT_ALG_BIT() values; 0 rejects everything */
    int64_t now;     /**< Unix seconds, or EJWT_TIME_UNKNOWN */
    uint32_t leeway; /**< seconds of clock skew tolerated for `exp` and `nbf` */
    const char *iss; /**< expected `iss`, or NULL not to check */
    /** Audience that `aud` must contain. NULL: the token must carry no `aud`
     *  (::EJWT_ERR_AUD_UNEXPECTED), unless flags has ::EJWT_VERIFY_IGNORE_AUD. */
    const char *aud;
    const char *sub; /**< expected `sub`, or NULL */
    /** Expected header `typ`, or NULL. Compared as RFC 7515 section 4.1.9 says:
     *  case-insensitively, with "application/" implied when the value has
     *  no '/' (so "JWT", "jwt" and "application/jwt" all match). */
    const char *typ;
    uint32_t required; /**< EJWT_CLAIM_* bits that must be present */
    /** `crit` extension names the caller handles, NULL-terminated, at most
     *  EJWT_MAX_CRIT_NAMES of them (a longer list is a caller bug); NULL for none. */
    const char *const *crit;
    uint32_t flags; /**< EJWT_VERIFY_* bits; 0 for the RFC's rules */
} ejwt_verify_opts;

/** A parsed (not yet verified) JWS. Lives wherever the caller puts it; it
 *  points into the caller's token and work buffer, which must outlive it. */
typedef struct ejwt_jws {
    const char *token;             /**< the compact token as given */
    size_t signing_input_len;      /**< length of "header.payload" at the start of token */
    const char *header;            /**< decoded header JSON (in the work buffer) */
    size_t header_len;             /**< its length (no terminator) */
    const uint8_t *payload;        /**< decoded payload (in the work buffer) */
    size_t payload_len;            /**< its length */
    uint8_t sig[EJWT_MAX_SIG_LEN]; /**< decoded signature */
    size_t sig_len;                /**< its length */
    ejwt_alg alg;                  /**< the header's `alg` (untrusted until verified) */
    int header_count;              /**< tokens used in header_tok */
    /** the header's JSON tokens, the view ejwt_jws_header() returns */
    jsmntok_t header_tok[EJWT_MAX_HEADER_TOKENS];
} ejwt_jws;

/**
 * Split and decode a compact JWS. See the file overview for what is checked.
 *
 * \param token        the compact serialization (need not be terminated)
 * \param token_len    its length
 * The work buffer is a binary output of the buffer convention (see ejwt.h)
 * with \p work_needed its length: on success the bytes used (the decoded
 * header and payload, exactly), on ::EJWT_ERR_BUFFER_TOO_SMALL the
 * \p work_cap that would have sufficed (\p work may be NULL with
 * \p work_cap 0 to ask), on any other failure 0.
 *
 * \param work         buffer for the decoded header and payload; wiped on any failure
 * \param work_cap     its size; EJWT_WORK_SIZE(token_len) always suffices
 * \param work_needed  receives the work length (may be NULL)
 * \param out          receives the parsed token; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_TOKEN_TOO_LONG   token_len > EJWT_MAX_TOKEN_LEN
 * \retval EJWT_ERR_SEGMENTS         not exactly three segments, or an empty header
 * \retval EJWT_ERR_BASE64           a segment is not strict base64url
 * \retval EJWT_ERR_HEADER_TOO_LONG  decoded header > EJWT_MAX_HEADER_LEN
 * \retval EJWT_ERR_JSON_*           header is not a strict JSON object
 * \retval EJWT_ERR_HEADER_ALG       `alg` missing, not a string, or unsupported (incl. "none")
 * \retval EJWT_ERR_CRIT_INVALID     `crit` malformed
 * \retval EJWT_ERR_SIGNATURE_LENGTH signature segment longer than 64 bytes
 * \retval EJWT_ERR_BUFFER_TOO_SMALL work_cap too small (\p work wiped); reported
 *                                   once the header and signature segments are
 *                                   known to be base64url, before the payload is
 */
int ejwt_jws_parse(const char *token, size_t token_len, uint8_t *work, size_t work_cap,
                   size_t *work_needed, ejwt_jws *out);

/** The parsed header as a JSON view (valid while \p jws is neither moved nor changed).
 *  \param jws  a token parsed by ejwt_jws_parse()
 *  \return the view; an empty view (count 0) when \p jws is NULL or not parsed */
ejwt_json ejwt_jws_header(const ejwt_jws *jws);

/**
 * Copy the header's `kid`, unescaped, into \p buf (text; buffer convention:
 * see ejwt.h). Same contract as ejwt_json_string_copy(), and \p buf holds ""
 * after any failure.
 * \param jws      a token parsed by ejwt_jws_parse()
 * \param buf      output buffer
 * \param cap      its size: the kid's length + 1 is the exact fit
 * \param out_len  receives the kid's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_NOT_FOUND    no kid
 * \retval EJWT_ERR_JSON_TYPE        kid is not a string
 * \retval EJWT_ERR_JSON_NUL         kid holds U+0000
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small
 * \retval EJWT_ERR_INVALID_ARG      \p jws is not a parsed token
 */
int ejwt_jws_kid(const ejwt_jws *jws, char *buf, size_t cap, size_t *out_len);

/**
 * Verify a parsed JWS: choose the key, pin the algorithm, check `crit`, `typ`
 * and the signature. Claims are not looked at (see ejwt_jwt_verify()).
 *
 * Key choice: when the token has a `kid`, the key with that exact kid; if no
 * key has a kid and exactly one key is given, that key. Without a `kid`,
 * exactly one key must be given.
 *
 * \param jws    a token parsed by ejwt_jws_parse()
 * \param keys   candidate keys
 * \param nkeys  their number
 * \param opts   checks to apply: algs, typ and crit are used here
 * \retval EJWT_OK
 * \retval EJWT_ERR_KEY_NOT_FOUND     no key matches, or the choice is ambiguous
 * \retval EJWT_ERR_ALG_NOT_ALLOWED   header alg not in opts->algs
 * \retval EJWT_ERR_ALG_KEY_MISMATCH  header alg is not the key's algorithm
 * \retval EJWT_ERR_KEY_USAGE         the key may not verify
 * \retval EJWT_ERR_CRIT_UNSUPPORTED  `crit` names an extension not in opts->crit
 * \retval EJWT_ERR_TYP_MISMATCH      opts->typ set and header typ differs or is absent
 * \retval EJWT_ERR_SIGNATURE_LENGTH  wrong signature length for the algorithm
 * \retval EJWT_ERR_SIGNATURE_INVALID the signature does not verify
 */
int ejwt_jws_verify(const ejwt_jws *jws, const ejwt_key *keys, size_t nkeys,
                    const ejwt_verify_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_JWS_H */
