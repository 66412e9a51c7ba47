/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file ejwt_config.h
 * \brief Compile-time configuration of ejwt: every bound and every feature switch.
 *
 * Every array in ejwt is sized by one of the `EJWT_MAX_*` values below, so the
 * memory a verification needs is known at compile time. Switches only remove
 * features or set sizes; they never change behaviour silently.
 *
 * To override, set the CMake cache variable of the same name (the library
 * targets carry it as a PUBLIC compile definition, so every translation unit
 * that links them sees the same value), or point the cache variable
 * `EJWT_CONFIG_FILE` at a header of your own, which is included here
 * *instead of* the defaults below for every value it defines.
 *
 * The bounds that size a public struct (marked "layout" below) must be the
 * same in the library and in every translation unit that uses it. They are
 * folded into ::EJWT_CONFIG_FINGERPRINT, which ejwt_crypto_init() hands the
 * library: a translation unit compiled with other values gets
 * ::EJWT_ERR_CONFIG_MISMATCH at initialisation instead of a struct of the
 * wrong size.
 */
#ifndef EJWT_CONFIG_H
#define EJWT_CONFIG_H

#include <stdint.h>

#if defined(EJWT_CONFIG_FILE)
#include EJWT_CONFIG_FILE
#endif

/** Longest compact token (bytes) that any function accepts. Longer input is
 *  refused with ::EJWT_ERR_TOKEN_TOO_LONG before it is looked at. */
#ifndef EJWT_MAX_TOKEN_LEN
#define EJWT_MAX_TOKEN_LEN 8192
#endif

/** Longest decoded JOSE header (bytes). */
#ifndef EJWT_MAX_HEADER_LEN
#define EJWT_MAX_HEADER_LEN 512
#endif

/** JSON tokens (jsmn tokens: every object, array, key and value counts one)
 *  available for a JOSE header. Layout: ::ejwt_jws. */
#ifndef EJWT_MAX_HEADER_TOKENS
#define EJWT_MAX_HEADER_TOKENS 24
#endif

/** JSON tokens available for a claims set. 64 tokens fit about 30 claims.
 *  Layout: ::ejwt_jwt. */
#ifndef EJWT_MAX_CLAIM_TOKENS
#define EJWT_MAX_CLAIM_TOKENS 64
#endif

/** Deepest nesting of JSON objects and arrays that is accepted. */
#ifndef EJWT_MAX_JSON_DEPTH
#define EJWT_MAX_JSON_DEPTH 8
#endif

/** Longest key id (`kid`, bytes, without terminator) a key can carry. An
 *  RFC 7638 thumbprint needs 43. Layout: ::ejwt_key. */
#ifndef EJWT_MAX_KID_LEN
#define EJWT_MAX_KID_LEN 64
#endif

/** Largest number of keys a JWK Set may hold. Layout: the command verifier. */
#ifndef EJWT_MAX_JWKS_KEYS
#define EJWT_MAX_JWKS_KEYS 4
#endif

/** JSON tokens for a whole JWK Set during import (on the stack, 16 bytes
 *  each on Cortex-M). A P-256 JWK with kid, use and alg takes about 16. */
#ifndef EJWT_MAX_JWKS_TOKENS
#define EJWT_MAX_JWKS_TOKENS 96
#endif

/** Names an application may declare as understood in `crit`. */
#ifndef EJWT_MAX_CRIT_NAMES
#define EJWT_MAX_CRIT_NAMES 4
#endif

/** Compile ES256 (ECDSA P-256 with SHA-256). Needs PSA_WANT_ALG_ECDSA. */
#ifndef EJWT_ENABLE_ES256
#define EJWT_ENABLE_ES256 1
#endif

/** Compile HS256 (HMAC with SHA-256). Needs PSA_WANT_ALG_HMAC. */
#ifndef EJWT_ENABLE_HS256
#define EJWT_ENABLE_HS256 1
#endif

/** Compile the token builder and signing. A verify-only image sets 0. */
#ifndef EJWT_ENABLE_SIGN
#define EJWT_ENABLE_SIGN 1
#endif

/** Compile the one-line English message of each error code. With 0,
 *  ejwt_strerror() returns the code's name (as ejwt_error_name() does), which
 *  saves about 2 KB of strings in size-critical images. */
#ifndef EJWT_ENABLE_ERROR_STRINGS
#define EJWT_ENABLE_ERROR_STRINGS 1
#endif

/** Sign ES256 with deterministic ECDSA (RFC 6979) instead of a random nonce.
 *  Needs PSA_WANT_ALG_DETERMINISTIC_ECDSA. Verification accepts both. */
#ifndef EJWT_ES256_DETERMINISTIC
#define EJWT_ES256_DETERMINISTIC 0
#endif

/** Caller bugs (NULL context, impossible arguments) hit EJWT_ASSERT. Define
 *  it to your own handler; the default traps with assert() when NDEBUG is not
 *  set and otherwise makes the function return ::EJWT_ERR_INVALID_ARG. */
/** Platform layer, token store (`<ejwt/platform/token_store.h>`): longest
 *  access or refresh token stored, in bytes. Layout: ::ejwt_token_store. */
#ifndef EJWT_TOKEN_STORE_MAX_TOKEN
#define EJWT_TOKEN_STORE_MAX_TOKEN 2048
#endif

/** Token store: longest issuer stored, in bytes. Layout. */
#ifndef EJWT_TOKEN_STORE_MAX_ISSUER
#define EJWT_TOKEN_STORE_MAX_ISSUER 128
#endif

/** Token store: longest scope stored, in bytes. Layout. */
#ifndef EJWT_TOKEN_STORE_MAX_SCOPE
#define EJWT_TOKEN_STORE_MAX_SCOPE 256
#endif

/** Auth layer, signed commands (`<ejwt/auth/command.h>`): replay-cache
 *  entries, the most commands live (unexpired) at once. Layout: the command
 *  verifier. */
#ifndef EJWT_REPLAY_CACHE_SIZE
#define EJWT_REPLAY_CACHE_SIZE 16
#endif

/** Auth layer, discovery (`<ejwt/auth/discovery.h>`): longest issuer or
 *  endpoint URL kept from a metadata document, in bytes (without the
 *  terminator). Longer values are refused. Layout: ::ejwt_discovery and
 *  ::ejwt_registration. */
#ifndef EJWT_DISCOVERY_MAX_URL
#define EJWT_DISCOVERY_MAX_URL 256
#endif

/** Auth layer, dynamic registration (`<ejwt/auth/registration.h>`):
 *  longest `client_id` kept, in bytes. Layout: ::ejwt_registration. */
#ifndef EJWT_REGISTRATION_MAX_CLIENT_ID
#define EJWT_REGISTRATION_MAX_CLIENT_ID 128
#endif

/** Dynamic registration: longest `registration_access_token` kept, in
 *  bytes. Layout: ::ejwt_registration. */
#ifndef EJWT_REGISTRATION_MAX_ACCESS_TOKEN
#define EJWT_REGISTRATION_MAX_ACCESS_TOKEN 256
#endif

/** Auth layer, the session's device authorization grant
 *  (`<ejwt/auth/session.h>`): longest device code kept from a device
 *  authorization response, in bytes. Longer answers are refused. Layout:
 *  ::ejwt_session. */
#ifndef EJWT_SESSION_MAX_DEVICE_CODE
#define EJWT_SESSION_MAX_DEVICE_CODE 128
#endif

/** The session's device grant: longest user code kept, in bytes (RFC 8628
 *  section 6.1 suggests about 8 characters). Layout: ::ejwt_session. */
#ifndef EJWT_SESSION_MAX_USER_CODE
#define EJWT_SESSION_MAX_USER_CODE 32
#endif

/** The session's device grant: longest `verification_uri` or
 *  `verification_uri_complete` kept, in bytes. Layout: ::ejwt_session. */
#ifndef EJWT_SESSION_MAX_VERIFICATION_URI
#define EJWT_SESSION_MAX_VERIFICATION_URI 192
#endif

/** The library's debug check of its preconditions (a caller bug such as a
 *  NULL pointer) and invariants: assert() by default; define it to replace
 *  it. Where a failed argument check returns (NDEBUG, or a replacement that
 *  does not stop), the function answers ::EJWT_ERR_INVALID_ARG. */
#ifndef EJWT_ASSERT
#include <assert.h>
#define EJWT_ASSERT(cond) assert(cond)
#endif

#if EJWT_MAX_TOKEN_LEN < 64 || EJWT_MAX_TOKEN_LEN > 0x7fffffff
#error "EJWT_MAX_TOKEN_LEN must be between 64 and 2^31-1"
#endif
#if EJWT_MAX_HEADER_TOKENS < 3 || EJWT_MAX_CLAIM_TOKENS < 1
#error "EJWT_MAX_HEADER_TOKENS must be >= 3 and EJWT_MAX_CLAIM_TOKENS >= 1"
#endif
#if EJWT_MAX_JSON_DEPTH < 1 || EJWT_MAX_JSON_DEPTH > 64
#error "EJWT_MAX_JSON_DEPTH must be between 1 and 64"
#endif
#if EJWT_MAX_KID_LEN < 1 || EJWT_MAX_KID_LEN > 255
#error "EJWT_MAX_KID_LEN must be between 1 and 255 (ejwt_key stores its length in a byte)"
#endif
#if EJWT_DISCOVERY_MAX_URL < 16 || EJWT_DISCOVERY_MAX_URL > 4096
#error "EJWT_DISCOVERY_MAX_URL must be between 16 and 4096"
#endif
#if EJWT_REGISTRATION_MAX_CLIENT_ID < 1 || EJWT_REGISTRATION_MAX_CLIENT_ID > 1024
#error "EJWT_REGISTRATION_MAX_CLIENT_ID must be between 1 and 1024"
#endif
#if EJWT_REGISTRATION_MAX_ACCESS_TOKEN < 1 || EJWT_REGISTRATION_MAX_ACCESS_TOKEN > 4096
#error "EJWT_REGISTRATION_MAX_ACCESS_TOKEN must be between 1 and 4096"
#endif
#if EJWT_SESSION_MAX_DEVICE_CODE < 8 || EJWT_SESSION_MAX_DEVICE_CODE > 1024
#error "EJWT_SESSION_MAX_DEVICE_CODE must be between 8 and 1024"
#endif
#if EJWT_SESSION_MAX_USER_CODE < 4 || EJWT_SESSION_MAX_USER_CODE > 256
#error "EJWT_SESSION_MAX_USER_CODE must be between 4 and 256"
#endif
#if EJWT_SESSION_MAX_VERIFICATION_URI < 16 || EJWT_SESSION_MAX_VERIFICATION_URI > 1024
#error "EJWT_SESSION_MAX_VERIFICATION_URI must be between 16 and 1024"
#endif
#if !EJWT_ENABLE_ES256 && !EJWT_ENABLE_HS256
#error "enable at least one of EJWT_ENABLE_ES256 and EJWT_ENABLE_HS256"
#endif

/** One step of the fingerprint (FNV-1a over 32-bit values). */
#define EJWT_CONFIG_MIX_(h, v) ((uint32_t)(((uint32_t)(h) ^ (uint32_t)(v)) * 16777619u))

/** The layout bounds of the core, platform and command layers (one part of
 *  ::EJWT_CONFIG_FINGERPRINT). */
#define EJWT_CONFIG_FINGERPRINT_CORE_                                                              \
    EJWT_CONFIG_MIX_(                                                                              \
        EJWT_CONFIG_MIX_(                                                                          \
            EJWT_CONFIG_MIX_(                                                                      \
                EJWT_CONFIG_MIX_(                                                                  \
                    EJWT_CONFIG_MIX_(                                                              \
                        EJWT_CONFIG_MIX_(                                                          \
                            EJWT_CONFIG_MIX_(                                                      \
                                EJWT_CONFIG_MIX_(                                                  \
                                    EJWT_CONFIG_MIX_(2166136261u, EJWT_MAX_HEADER_TOKENS),         \
                                    EJWT_MAX_CLAIM_TOKENS),                                        \
                                EJWT_MAX_KID_LEN),                                                 \
                            EJWT_MAX_JWKS_KEYS),                                                   \
                        EJWT_TOKEN_STORE_MAX_TOKEN),                                               \
                    EJWT_TOKEN_STORE_MAX_ISSUER),                                                  \
                EJWT_TOKEN_STORE_MAX_SCOPE),                                                       \
            EJWT_REPLAY_CACHE_SIZE),                                                               \
        sizeof(void *))

/** Fingerprint of every "layout" bound above, as this translation unit
 *  sees them (a constant expression). */
#define EJWT_CONFIG_FINGERPRINT                                                                    \
    EJWT_CONFIG_MIX_(                                                                              \
        EJWT_CONFIG_MIX_(                                                                          \
            EJWT_CONFIG_MIX_(                                                                      \
                EJWT_CONFIG_MIX_(EJWT_CONFIG_MIX_(EJWT_CONFIG_MIX_(EJWT_CONFIG_FINGERPRINT_CORE_,  \
                                                                   EJWT_DISCOVERY_MAX_URL),        \
                                                  EJWT_REGISTRATION_MAX_CLIENT_ID),                \
                                 EJWT_REGISTRATION_MAX_ACCESS_TOKEN),                              \
                EJWT_SESSION_MAX_DEVICE_CODE),                                                     \
            EJWT_SESSION_MAX_USER_CODE),                                                           \
        EJWT_SESSION_MAX_VERIFICATION_URI)

#endif /* EJWT_CONFIG_H */
