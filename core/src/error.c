/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error names and messages. One table keeps the name and
 * the message of each code together so they cannot drift apart.
 */
#include <stddef.h>
#include <string.h>

#include "ejwt/error.h"
#include "internal.h"

typedef struct error_entry {
    int code;
    const char *name;
#if EJWT_ENABLE_ERROR_STRINGS
    const char *message;
#endif
} error_entry;

#if EJWT_ENABLE_ERROR_STRINGS
#define E(code, message)                                                                           \
    {                                                                                              \
        code, #code, message                                                                       \
    }
#else
/* Messages compiled out: the names alone still identify every code. */
#define E(code, message)                                                                           \
    {                                                                                              \
        code, #code                                                                                \
    }
#endif

static const error_entry error_table[] = {
    E(EJWT_OK, "success"),
    E(EJWT_ERR_INVALID_ARG, "invalid argument (caller bug)"),
    E(EJWT_ERR_BUFFER_TOO_SMALL, "output buffer too small"),
    E(EJWT_ERR_UNSUPPORTED, "feature not supported or compiled out"),
    E(EJWT_ERR_LIMIT, "a configured limit (EJWT_MAX_*) was reached"),
    E(EJWT_ERR_CONFIG_MISMATCH, "the caller and the library were built with different bounds"),
    E(EJWT_ERR_TOKEN_TOO_LONG, "token longer than EJWT_MAX_TOKEN_LEN"),
    E(EJWT_ERR_SEGMENTS, "not a compact JWS: need exactly three segments"),
    E(EJWT_ERR_BASE64, "segment is not strict base64url"),
    E(EJWT_ERR_JSON_SYNTAX, "invalid JSON"),
    E(EJWT_ERR_JSON_STRING, "invalid JSON string: escape, surrogate, control character or UTF-8"),
    E(EJWT_ERR_JSON_DUPLICATE, "duplicate JSON member name"),
    E(EJWT_ERR_JSON_TOO_MANY_TOKENS, "JSON has more tokens than configured"),
    E(EJWT_ERR_JSON_TOO_DEEP, "JSON nested deeper than EJWT_MAX_JSON_DEPTH"),
    E(EJWT_ERR_JSON_NOT_OBJECT, "header or claims set is not a JSON object"),
    E(EJWT_ERR_JSON_TYPE, "JSON value has the wrong type"),
    E(EJWT_ERR_JSON_NOT_FOUND, "JSON member not found"),
    E(EJWT_ERR_JSON_NUL, "JSON string contains U+0000"),
    E(EJWT_ERR_JSON_RANGE, "JSON number out of range"),
    E(EJWT_ERR_HEADER_ALG, "header alg missing, not a string, or not supported"),
    E(EJWT_ERR_HEADER_TOO_LONG, "header longer than EJWT_MAX_HEADER_LEN"),
    E(EJWT_ERR_CRIT_INVALID, "crit is not a non-empty list of present extension names"),
    E(EJWT_ERR_CRIT_UNSUPPORTED, "crit names an extension that is not understood"),
    E(EJWT_ERR_EXPIRED, "token expired (exp)"),
    E(EJWT_ERR_NOT_YET_VALID, "token not yet valid (nbf)"),
    E(EJWT_ERR_CLAIM_TYPE, "registered claim has the wrong type"),
    E(EJWT_ERR_CLAIM_MISSING, "required claim missing"),
    E(EJWT_ERR_ISS_MISMATCH, "issuer (iss) does not match"),
    E(EJWT_ERR_AUD_MISMATCH, "audience (aud) does not match"),
    E(EJWT_ERR_SUB_MISMATCH, "subject (sub) does not match"),
    E(EJWT_ERR_TYP_MISMATCH, "header typ does not match"),
    E(EJWT_ERR_TIME_UNKNOWN, "current time unknown, cannot check time claims"),
    E(EJWT_ERR_AUD_UNEXPECTED, "token has an audience (aud) but none is expected"),
    E(EJWT_ERR_ALG_NOT_ALLOWED, "algorithm not allowed"),
    E(EJWT_ERR_ALG_KEY_MISMATCH, "algorithm does not match the key"),
    E(EJWT_ERR_SIGNATURE_INVALID, "signature invalid"),
    E(EJWT_ERR_SIGNATURE_LENGTH, "signature has the wrong length for the algorithm"),
    E(EJWT_ERR_KEY_INVALID, "key material invalid"),
    E(EJWT_ERR_KEY_TOO_SHORT, "HMAC key shorter than 32 bytes"),
    E(EJWT_ERR_KEY_USAGE, "key use or key_ops forbid this operation"),
    E(EJWT_ERR_KEY_NOT_FOUND, "no matching key"),
    E(EJWT_ERR_JWK_UNSUPPORTED, "JWK kty, crv or alg not supported"),
    E(EJWT_ERR_CRYPTO, "crypto provider failure"),
    E(EJWT_ERR_CRYPTO_NOT_SUPPORTED, "crypto provider lacks a needed algorithm"),
    E(EJWT_ERR_CRYPTO_MEMORY, "crypto provider out of memory or key slots"),
    E(EJWT_ERR_CRYPTO_NOT_INITIALIZED, "crypto not initialised (call ejwt_crypto_init)"),
    E(EJWT_ERR_ENTROPY, "no entropy available"),
    E(EJWT_ERR_STORAGE_IO, "storage read or write failed"),
    E(EJWT_ERR_STORAGE_FULL, "storage full"),
    E(EJWT_ERR_STORAGE_CORRUPT, "stored data failed its integrity check"),
    E(EJWT_ERR_STORAGE_NOT_FOUND, "no stored entry under this uid"),
    E(EJWT_ERR_STORAGE_WRITE_ONCE, "stored entry is write-once"),
    E(EJWT_ERR_SEALED_INVALID, "sealed entry tampered, moved or rolled back"),
    E(EJWT_ERR_NO_TOKEN, "no usable token stored"),
    E(EJWT_ERR_KEY_EXISTS, "a persistent key already exists under this id"),
    E(EJWT_ERR_OAUTH_INVALID_GRANT, "token endpoint refused the grant: re-authenticate"),
    E(EJWT_ERR_DEPROVISIONED, "device deprovisioned: the backend refuses this client"),
    E(EJWT_ERR_OAUTH_RETRY, "token endpoint error: retry later"),
    E(EJWT_ERR_OAUTH_RESPONSE, "malformed token response"),
    E(EJWT_ERR_OAUTH_TOKEN_TYPE, "token_type is not Bearer"),
    E(EJWT_ERR_HTTP_UNAUTHORIZED, "API refused the access token again after renewal (401)"),
    E(EJWT_ERR_REPLAYED, "jti replayed"),
    E(EJWT_ERR_REPLAY_CACHE_FULL, "replay cache full of live entries"),
    E(EJWT_ERR_LIFETIME_INVALID, "exp - iat negative or over the allowed maximum"),
    E(EJWT_ERR_HTTP_DATE_INVALID, "not an RFC 7231 IMF-fixdate"),
    E(EJWT_ERR_METADATA_ISSUER, "metadata issuer differs from the URL it was fetched for"),
    E(EJWT_ERR_INSECURE_URL, "URL not https (or loopback http where allowed), or malformed"),
    E(EJWT_ERR_METADATA_INVALID, "server metadata or registration missing or bad member"),
    E(EJWT_ERR_SERVER_UNSUPPORTED, "server lacks what the device needs"),
    E(EJWT_ERR_CLIENT_METADATA, "registration refused: invalid client metadata"),
    E(EJWT_ERR_REDIRECT_URI, "registration refused: invalid redirect URI"),
    E(EJWT_ERR_OAUTH_REFUSED, "server refuses the request as configured"),
    E(EJWT_ERR_ACCESS_DENIED, "authorization denied"),
    E(EJWT_ERR_GAVE_UP, "server kept refusing without a reason: gave up after backed-off retries"),
    E(EJWT_ERR_AUTHORIZATION_PENDING, "device grant: approval pending"),
    E(EJWT_ERR_SLOW_DOWN, "device grant: polling too fast"),
    E(EJWT_ERR_DEVICE_CODE_EXPIRED, "device grant: the device code expired"),
    E(EJWT_ERR_KID_MISSING, "header kid missing (required by the access-token profile)"),
    E(EJWT_ERR_SCOPE_INSUFFICIENT, "access token scope lacks a required scope"),
    E(EJWT_ERR_JWKS_RATE_LIMITED, "JWK Set fetched too recently to fetch again"),
};

static const error_entry *find_error(int err)
{
    size_t i;

    for (i = 0; i < sizeof(error_table) / sizeof(error_table[0]); i++) {
        if (error_table[i].code == err) {
            return &error_table[i];
        }
    }
    return NULL;
}

const char *ejwt_error_name(int err)
{
    const error_entry *e = find_error(err);
    return e != NULL ? e->name : "EJWT_ERR_UNKNOWN";
}

const char *ejwt_strerror(int err)
{
#if EJWT_ENABLE_ERROR_STRINGS
    const error_entry *e = find_error(err);
    return e != NULL ? e->message : "unknown error";
#else
    return ejwt_error_name(err);
#endif
}
