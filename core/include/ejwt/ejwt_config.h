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

/* The other JWA signature algorithms (RFC 7518 section 3), one switch each.
 * The header's default is 0 (a board image carries ES256 and HS256 only);
 * a host build through CMake turns every one on unless the cache variable of
 * the same name says otherwise (cmake/config.cmake). */

/** Compile ES384 (ECDSA P-384 with SHA-384, raw 96-byte r||s). Needs
 *  PSA_WANT_ECC_SECP_R1_384 and PSA_WANT_ALG_SHA_384. */
#ifndef EJWT_ENABLE_ES384
#define EJWT_ENABLE_ES384 0
#endif

/** Compile ES512 (ECDSA P-521 with SHA-512, raw 132-byte r||s). Needs
 *  PSA_WANT_ECC_SECP_R1_521 and PSA_WANT_ALG_SHA_512. */
#ifndef EJWT_ENABLE_ES512
#define EJWT_ENABLE_ES512 0
#endif

/** Compile HS384 (HMAC SHA-384; keys of at least 48 bytes). */
#ifndef EJWT_ENABLE_HS384
#define EJWT_ENABLE_HS384 0
#endif

/** Compile HS512 (HMAC SHA-512; keys of at least 64 bytes). */
#ifndef EJWT_ENABLE_HS512
#define EJWT_ENABLE_HS512 0
#endif

/** Compile RS256 (RSASSA-PKCS1-v1_5 with SHA-256). Needs
 *  PSA_WANT_ALG_RSA_PKCS1V15_SIGN and PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY. */
#ifndef EJWT_ENABLE_RS256
#define EJWT_ENABLE_RS256 0
#endif

/** Compile RS384 (RSASSA-PKCS1-v1_5 with SHA-384). */
#ifndef EJWT_ENABLE_RS384
#define EJWT_ENABLE_RS384 0
#endif

/** Compile RS512 (RSASSA-PKCS1-v1_5 with SHA-512). */
#ifndef EJWT_ENABLE_RS512
#define EJWT_ENABLE_RS512 0
#endif

/** Compile PS256 (RSASSA-PSS, MGF1 with SHA-256, salt of 32 bytes). Needs
 *  PSA_WANT_ALG_RSA_PSS. */
#ifndef EJWT_ENABLE_PS256
#define EJWT_ENABLE_PS256 0
#endif

/** Compile PS384 (RSASSA-PSS, MGF1 with SHA-384, salt of 48 bytes). */
#ifndef EJWT_ENABLE_PS384
#define EJWT_ENABLE_PS384 0
#endif

/** Compile PS512 (RSASSA-PSS, MGF1 with SHA-512, salt of 64 bytes). */
#ifndef EJWT_ENABLE_PS512
#define EJWT_ENABLE_PS512 0
#endif

/** Compile RSA signing (RSA private keys from a JWK or PSA, RS and PS
 *  signatures) for the enabled RSA algorithms. Verification never needs it;
 *  a board asks for it only when it signs with RSA. Needs
 *  PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_IMPORT. */
#ifndef EJWT_ENABLE_RSA_SIGN
#define EJWT_ENABLE_RSA_SIGN 0
#endif

/** Largest RSA modulus accepted, in bits (2048 to 8192). The verifier's
 *  signature buffer (::ejwt_jws) is this many bits when any RSA algorithm is
 *  enabled. Layout. */
#ifndef EJWT_RSA_MAX_BITS
#define EJWT_RSA_MAX_BITS 4096
#endif

/** Smallest RSA modulus accepted, in bits: 2048 (RFC 7518 section 3.3 says
 *  2048 or larger MUST be used); shorter keys are refused at import with
 *  ::EJWT_ERR_KEY_TOO_SHORT. Not settable. */
#define EJWT_RSA_MIN_BITS 2048

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

/** Sign ECDSA (ES256, and ES384/ES512 where compiled) with deterministic
 *  ECDSA (RFC 6979) instead of a random nonce. Needs
 *  PSA_WANT_ALG_DETERMINISTIC_ECDSA. Verification accepts both. */
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
/** 1 when any ECDSA algorithm is compiled. */
#define EJWT_ENABLE_ECDSA_ (EJWT_ENABLE_ES256 || EJWT_ENABLE_ES384 || EJWT_ENABLE_ES512)
/** 1 when any HMAC algorithm is compiled. */
#define EJWT_ENABLE_HMAC_ (EJWT_ENABLE_HS256 || EJWT_ENABLE_HS384 || EJWT_ENABLE_HS512)
/** 1 when any RSA algorithm is compiled. */
#define EJWT_ENABLE_RSA_                                                                           \
    (EJWT_ENABLE_RS256 || EJWT_ENABLE_RS384 || EJWT_ENABLE_RS512 || EJWT_ENABLE_PS256 ||           \
     EJWT_ENABLE_PS384 || EJWT_ENABLE_PS512)

#if !EJWT_ENABLE_ECDSA_ && !EJWT_ENABLE_HMAC_ && !EJWT_ENABLE_RSA_
#error "enable at least one algorithm (EJWT_ENABLE_ES256, EJWT_ENABLE_HS256, ...)"
#endif
#if EJWT_RSA_MAX_BITS < 2048 || EJWT_RSA_MAX_BITS > 8192 || EJWT_RSA_MAX_BITS % 8 != 0
#error "EJWT_RSA_MAX_BITS must be a multiple of 8 between 2048 and 8192"
#endif

/** Longest signature of the compiled algorithms, in bytes: the size of the
 *  verifier's and the builder's signature buffers. Layout: ::ejwt_jws. */
#if EJWT_ENABLE_RSA_ && EJWT_RSA_MAX_BITS / 8 > 132
#define EJWT_MAX_SIG_LEN (EJWT_RSA_MAX_BITS / 8)
#elif EJWT_ENABLE_ES512
#define EJWT_MAX_SIG_LEN 132
#elif EJWT_ENABLE_ES384
#define EJWT_MAX_SIG_LEN 96
#elif EJWT_ENABLE_ES256 || EJWT_ENABLE_HS512
#define EJWT_MAX_SIG_LEN 64
#elif EJWT_ENABLE_HS384
#define EJWT_MAX_SIG_LEN 48
#else
#define EJWT_MAX_SIG_LEN 32
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
                                    EJWT_CONFIG_MIX_(                                              \
                                        EJWT_CONFIG_MIX_(2166136261u, EJWT_MAX_SIG_LEN),           \
                                        EJWT_MAX_HEADER_TOKENS),                                   \
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
