/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file error.h
 * \brief The one error enum of ejwt and its names.
 *
 * Every fallible function returns `int`: ::EJWT_OK (0) or one negative
 * `EJWT_ERR_*` value below. Values are explicit, grouped by kind, and never
 * renumbered, so a value logged by an old firmware still means the same thing:
 *  - -1 .. -9:    usage and buffers
 *  - -10 .. -39:  malformed token or JSON
 *  - -40 .. -59:  claims and time
 *  - -60 .. -79:  signature and key
 *  - -80 .. -99:  platform, storage and crypto
 *  - -100 .. -119: device authentication (OAuth token endpoint, session,
 *                  signed commands, discovery, registration, revocation,
 *                  retries; auth/include/ejwt/auth.h)
 * PSA status codes are translated into this enum in one place and never
 * passed through raw.
 */
#ifndef EJWT_ERROR_H
#define EJWT_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/** Result codes. */
typedef enum ejwt_err {
    EJWT_OK = 0, /**< Success. */

    /* usage and buffers */
    EJWT_ERR_INVALID_ARG = -1, /**< A caller bug: NULL pointer, zero allow-list, bad length. */
    EJWT_ERR_BUFFER_TOO_SMALL =
        -2, /**< The output buffer is too small; the needed length is reported. */
    EJWT_ERR_UNSUPPORTED = -3, /**< The feature is compiled out or not implemented. */
    EJWT_ERR_LIMIT = -4,       /**< A compile-time bound (EJWT_MAX_*) was reached. */
    EJWT_ERR_CONFIG_MISMATCH =
        -5, /**< The caller was compiled with other layout bounds than the library. */

    /* malformed token or JSON */
    EJWT_ERR_TOKEN_TOO_LONG = -10, /**< Input longer than EJWT_MAX_TOKEN_LEN. */
    EJWT_ERR_SEGMENTS = -11,       /**< Not exactly three non-empty-header segments. */
    EJWT_ERR_BASE64 = -12, /**< Not strict base64url (padding, bad char, length, trailing bits). */
    EJWT_ERR_JSON_SYNTAX = -13, /**< Not valid JSON (RFC 8259) or trailing bytes after the root. */
    EJWT_ERR_JSON_STRING =
        -14, /**< Bad escape, lone surrogate, raw control char or invalid UTF-8. */
    EJWT_ERR_JSON_DUPLICATE = -15,       /**< An object has the same member name twice. */
    EJWT_ERR_JSON_TOO_MANY_TOKENS = -16, /**< More JSON tokens than the configured pool holds. */
    EJWT_ERR_JSON_TOO_DEEP = -17,        /**< Nesting deeper than EJWT_MAX_JSON_DEPTH. */
    EJWT_ERR_JSON_NOT_OBJECT = -18,      /**< Header or claims set is not a JSON object. */
    EJWT_ERR_JSON_TYPE = -19,            /**< A member has the wrong JSON type. */
    EJWT_ERR_JSON_NOT_FOUND = -20,       /**< The member is not present. */
    EJWT_ERR_JSON_NUL = -21,             /**< A string holds U+0000 and cannot become a C string. */
    EJWT_ERR_JSON_RANGE = -22,           /**< A number is out of the int64 range. */
    EJWT_ERR_HEADER_ALG =
        -23, /**< The header has no string `alg`, or names an unknown algorithm. */
    EJWT_ERR_HEADER_TOO_LONG = -24, /**< The decoded header is longer than EJWT_MAX_HEADER_LEN. */
    EJWT_ERR_CRIT_INVALID =
        -25, /**< `crit` is not a non-empty array of distinct present extension names. */
    EJWT_ERR_CRIT_UNSUPPORTED =
        -26, /**< `crit` lists an extension the application did not declare. */

    /* claims and time */
    EJWT_ERR_EXPIRED = -40,       /**< now >= exp + leeway. */
    EJWT_ERR_NOT_YET_VALID = -41, /**< now + leeway < nbf. */
    EJWT_ERR_CLAIM_TYPE =
        -42, /**< A registered claim has the wrong type (e.g. `exp` not a NumericDate). */
    EJWT_ERR_CLAIM_MISSING = -43, /**< A required or checked claim is absent. */
    EJWT_ERR_ISS_MISMATCH = -44,  /**< `iss` differs from the expected issuer. */
    EJWT_ERR_AUD_MISMATCH = -45,  /**< `aud` does not contain the expected audience. */
    EJWT_ERR_SUB_MISMATCH = -46,  /**< `sub` differs from the expected subject. */
    EJWT_ERR_TYP_MISMATCH = -47,  /**< The header `typ` differs from the expected type. */
    EJWT_ERR_TIME_UNKNOWN = -48,  /**< "now" is EJWT_TIME_UNKNOWN but a time check is needed. */
    EJWT_ERR_AUD_UNEXPECTED =
        -49, /**< The token has an `aud` but the verifier names no audience (RFC 7519 4.1.3). */

    /* signature and key */
    EJWT_ERR_ALG_NOT_ALLOWED = -60, /**< The header `alg` is not in the caller's allow-list. */
    EJWT_ERR_ALG_KEY_MISMATCH =
        -61, /**< The header `alg` does not fit the key's type or bound algorithm. */
    EJWT_ERR_SIGNATURE_INVALID = -62, /**< The signature or MAC does not verify. */
    EJWT_ERR_SIGNATURE_LENGTH =
        -63, /**< Signature is not the algorithm's exact length (e.g. DER for ES256). */
    EJWT_ERR_KEY_INVALID = -64,   /**< Key material is malformed or not on the curve. */
    EJWT_ERR_KEY_TOO_SHORT = -65, /**< HMAC key shorter than 32 bytes (RFC 7518 section 3.2). */
    EJWT_ERR_KEY_USAGE = -66,     /**< The key's `use`/`key_ops`/policy forbids this operation. */
    EJWT_ERR_KEY_NOT_FOUND =
        -67, /**< No key matches the token's `kid`, or the choice is ambiguous. */
    EJWT_ERR_JWK_UNSUPPORTED = -68, /**< A JWK `kty`, `crv` or `alg` ejwt does not support. */

    /* platform and crypto */
    EJWT_ERR_CRYPTO = -80,               /**< The crypto provider failed in an unexpected way. */
    EJWT_ERR_CRYPTO_NOT_SUPPORTED = -81, /**< The crypto provider lacks an algorithm ejwt needs. */
    EJWT_ERR_CRYPTO_MEMORY = -82,        /**< The crypto provider ran out of memory or key slots. */
    EJWT_ERR_CRYPTO_NOT_INITIALIZED =
        -83,                     /**< psa_crypto_init() (or ejwt_crypto_init()) was not called. */
    EJWT_ERR_ENTROPY = -84,      /**< No entropy was available. */
    EJWT_ERR_STORAGE_IO = -85,   /**< Storage (flash, file) failed to read or write. */
    EJWT_ERR_STORAGE_FULL = -86, /**< Storage has no room; nothing stored was lost. */
    EJWT_ERR_STORAGE_CORRUPT = -87,    /**< Stored data failed its integrity check. */
    EJWT_ERR_STORAGE_NOT_FOUND = -88,  /**< No entry under this uid. */
    EJWT_ERR_STORAGE_WRITE_ONCE = -89, /**< The entry is write-once and exists. */
    EJWT_ERR_SEALED_INVALID = -90,     /**< A sealed entry is tampered, moved or rolled back. */
    EJWT_ERR_NO_TOKEN = -91,           /**< The token store holds no usable token. */
    EJWT_ERR_KEY_EXISTS = -92,         /**< A persistent key already exists under this id. */

    /* device authentication */
    EJWT_ERR_OAUTH_INVALID_GRANT =
        -100, /**< The token endpoint refused the grant (`invalid_grant`): re-authenticate. */
    EJWT_ERR_DEPROVISIONED =
        -101, /**< The backend no longer knows this device (`invalid_client`): stop. */
    EJWT_ERR_OAUTH_RETRY =
        -102, /**< The token endpoint failed or refused for another reason: retry later. */
    EJWT_ERR_OAUTH_RESPONSE =
        -103, /**< A token response lacks a member, has a wrong type or a bad value. */
    EJWT_ERR_OAUTH_TOKEN_TYPE = -104, /**< The token response's `token_type` is not Bearer. */
    EJWT_ERR_HTTP_UNAUTHORIZED =
        -105,                 /**< The API still answers 401 after the token was renewed once. */
    EJWT_ERR_REPLAYED = -106, /**< The `jti` was seen before (or predates the replay cache). */
    EJWT_ERR_REPLAY_CACHE_FULL =
        -107, /**< Every replay-cache entry is still live; the token is refused. */
    EJWT_ERR_LIFETIME_INVALID = -108,  /**< `exp - iat` is negative or over the allowed maximum. */
    EJWT_ERR_HTTP_DATE_INVALID = -109, /**< Not an RFC 7231 IMF-fixdate. */
    EJWT_ERR_METADATA_ISSUER =
        -110, /**< The metadata's `issuer` is not the URL it was fetched for (RFC 8414 3.3). */
    EJWT_ERR_INSECURE_URL =
        -111, /**< A URL is not https (or loopback http where allowed), or is malformed. */
    EJWT_ERR_METADATA_INVALID =
        -112, /**< Server metadata or a registration lacks a member, or has a bad value. */
    EJWT_ERR_SERVER_UNSUPPORTED =
        -113, /**< The server lacks what the device needs (private_key_jwt, ES256, a grant). */
    EJWT_ERR_CLIENT_METADATA =
        -114, /**< Registration refused: `invalid_client_metadata` or a software statement. */
    EJWT_ERR_REDIRECT_URI = -115, /**< Registration refused: `invalid_redirect_uri`. */
    EJWT_ERR_OAUTH_REFUSED =
        -116, /**< The server refuses the request as configured: retrying cannot help. */
    EJWT_ERR_ACCESS_DENIED = -117, /**< The authorization was denied (`access_denied`). */
    EJWT_ERR_GAVE_UP =
        -118, /**< Refused without a reason too often: gave up after bounded, backed-off tries. */
    EJWT_ERR_AUTHORIZATION_PENDING =
        -119, /**< Device grant: the person has not approved yet (`authorization_pending`). */
    EJWT_ERR_SLOW_DOWN = -120, /**< Device grant: polled too fast (`slow_down`): interval + 5 s. */
    EJWT_ERR_DEVICE_CODE_EXPIRED =
        -121, /**< Device grant: the device code expired (`expired_token`): start again. */
    EJWT_ERR_KID_MISSING =
        -122, /**< The header has no `kid`, which the profile requires (RFC 9068 2.1). */
    EJWT_ERR_SCOPE_INSUFFICIENT =
        -123, /**< The access token's `scope` lacks a required scope (RFC 9068 2.2.3, 4). */
    EJWT_ERR_JWKS_RATE_LIMITED =
        -124 /**< JWK Set cache: fetched too recently to fetch again (see jwks_cache.h). */
} ejwt_err;

/** The symbolic name of an error code.
 *  \param err  an ::ejwt_err value (any int is accepted)
 *  \return its name ("EJWT_ERR_EXPIRED"), or "EJWT_ERR_UNKNOWN" for a value
 *          that is not in the enum; a static string, never NULL */
const char *ejwt_error_name(int err);

/** A one-line English description of an error code.
 *  \param err  an ::ejwt_err value (any int is accepted)
 *  \return the description; its name instead when EJWT_ENABLE_ERROR_STRINGS
 *          is 0 (ejwt_config.h); a static string, never NULL */
const char *ejwt_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_ERROR_H */
