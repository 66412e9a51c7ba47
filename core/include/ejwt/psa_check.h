/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file psa_check.h
 * \brief Compile-time check of the PSA Crypto provider: stops the build,
 *        naming the option, when the Mbed TLS configuration lacks something
 *        ejwt needs with its own configuration (ejwt_config.h).
 *
 * ejwt includes this header itself (the core's PSA adapter, the platform's
 * device key and token store, the ports' secure storage), so a provider
 * built without a needed option fails at compile time rather than with
 * ::EJWT_ERR_CRYPTO_NOT_SUPPORTED at run time. An application may include it
 * too, to check its own Mbed TLS configuration against ejwt's in one
 * translation unit. The list it enforces is docs/PORTING.md's "The PSA
 * Crypto provider".
 *
 * Three groups of requirements:
 *  - always: Mbed TLS 3.6 LTS (MBEDTLS_VERSION_NUMBER 0x0306xxxx), the PSA
 *    Crypto API (MBEDTLS_PSA_CRYPTO_C, or MBEDTLS_PSA_CRYPTO_CLIENT for a
 *    client of a PSA service in another partition) and SHA-256; then ES256
 *    and HS256 as enabled by ::EJWT_ENABLE_ES256, ::EJWT_ENABLE_HS256,
 *    ::EJWT_ENABLE_SIGN and ::EJWT_ES256_DETERMINISTIC.
 *  - the device services (device key, token store), when
 *    EJWT_PSA_CHECK_PLATFORM is nonzero. Its default is "the configuration
 *    has persistent keys" (MBEDTLS_PSA_CRYPTO_STORAGE_C): a configuration
 *    without storage is a verifier's, which links no device service. Define
 *    it to 1 before including this header to demand the storage as well.
 *  - ejwt's own psa_its_* (the port's ejwt_psa_its, EJWT_PSA_ITS=ejwt), when
 *    EJWT_PSA_CHECK_ITS_FROM_PORT is nonzero: the provider must not define
 *    them too (MBEDTLS_PSA_ITS_FILE_C).
 */
#ifndef EJWT_PSA_CHECK_H
#define EJWT_PSA_CHECK_H

#include <psa/crypto.h>

#include "ejwt/ejwt_config.h"

/* ---- always ------------------------------------------------------------ */
#if !defined(MBEDTLS_VERSION_NUMBER) || MBEDTLS_VERSION_NUMBER < 0x03060000 ||                     \
    MBEDTLS_VERSION_NUMBER >= 0x03070000
#error "ejwt needs Mbed TLS 3.6 LTS (MBEDTLS_VERSION_NUMBER 0x0306xxxx) as its PSA Crypto provider"
#endif
#if !defined(MBEDTLS_PSA_CRYPTO_C) && !defined(MBEDTLS_PSA_CRYPTO_CLIENT)
#error "ejwt needs MBEDTLS_PSA_CRYPTO_C (or MBEDTLS_PSA_CRYPTO_CLIENT for a PSA service elsewhere)"
#endif
#if !defined(PSA_WANT_ALG_SHA_256)
#error "ejwt needs PSA_WANT_ALG_SHA_256"
#endif

/* ES256: verification with P-256 public keys; the key policy is the signing
 * algorithm ejwt is built for, so that algorithm is needed even to verify. */
#if EJWT_ENABLE_ES256
#if !defined(PSA_WANT_ECC_SECP_R1_256)
#error "EJWT_ENABLE_ES256 needs PSA_WANT_ECC_SECP_R1_256"
#endif
#if !defined(PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY)
#error "EJWT_ENABLE_ES256 needs PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY"
#endif
#if EJWT_ES256_DETERMINISTIC && !defined(PSA_WANT_ALG_DETERMINISTIC_ECDSA)
#error "EJWT_ES256_DETERMINISTIC needs PSA_WANT_ALG_DETERMINISTIC_ECDSA"
#endif
#if !EJWT_ES256_DETERMINISTIC && !defined(PSA_WANT_ALG_ECDSA)
#error                                                                                             \
    "EJWT_ENABLE_ES256 needs PSA_WANT_ALG_ECDSA (or set EJWT_ES256_DETERMINISTIC and PSA_WANT_ALG_DETERMINISTIC_ECDSA)"
#endif
/* Signing imports P-256 private keys. */
#if EJWT_ENABLE_SIGN && !defined(PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT)
#error "EJWT_ENABLE_ES256 with EJWT_ENABLE_SIGN needs PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT"
#endif
#endif /* EJWT_ENABLE_ES256 */

#if EJWT_ENABLE_HS256
#if !defined(PSA_WANT_ALG_HMAC)
#error "EJWT_ENABLE_HS256 needs PSA_WANT_ALG_HMAC"
#endif
#if !defined(PSA_WANT_KEY_TYPE_HMAC)
#error "EJWT_ENABLE_HS256 needs PSA_WANT_KEY_TYPE_HMAC"
#endif
#endif /* EJWT_ENABLE_HS256 */

/* The other JWA algorithms: the hash, the curve or the key type each needs. */
#if (EJWT_ENABLE_ES384 || EJWT_ENABLE_HS384 || EJWT_ENABLE_RS384 || EJWT_ENABLE_PS384) &&          \
    !defined(PSA_WANT_ALG_SHA_384)
#error "EJWT_ENABLE_ES384, HS384, RS384 and PS384 need PSA_WANT_ALG_SHA_384"
#endif
#if (EJWT_ENABLE_ES512 || EJWT_ENABLE_HS512 || EJWT_ENABLE_RS512 || EJWT_ENABLE_PS512) &&          \
    !defined(PSA_WANT_ALG_SHA_512)
#error "EJWT_ENABLE_ES512, HS512, RS512 and PS512 need PSA_WANT_ALG_SHA_512"
#endif
#if EJWT_ENABLE_ES384 && !defined(PSA_WANT_ECC_SECP_R1_384)
#error "EJWT_ENABLE_ES384 needs PSA_WANT_ECC_SECP_R1_384"
#endif
#if EJWT_ENABLE_ES512 && !defined(PSA_WANT_ECC_SECP_R1_521)
#error "EJWT_ENABLE_ES512 needs PSA_WANT_ECC_SECP_R1_521"
#endif
#if (EJWT_ENABLE_ES384 || EJWT_ENABLE_ES512) && !defined(PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY)
#error "EJWT_ENABLE_ES384 and EJWT_ENABLE_ES512 need PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY"
#endif
#if (EJWT_ENABLE_ES384 || EJWT_ENABLE_ES512) && !EJWT_ES256_DETERMINISTIC &&                       \
    !defined(PSA_WANT_ALG_ECDSA)
#error "EJWT_ENABLE_ES384 and EJWT_ENABLE_ES512 need PSA_WANT_ALG_ECDSA"
#endif
#if (EJWT_ENABLE_HS384 || EJWT_ENABLE_HS512) &&                                                    \
    (!defined(PSA_WANT_ALG_HMAC) || !defined(PSA_WANT_KEY_TYPE_HMAC))
#error "EJWT_ENABLE_HS384 and EJWT_ENABLE_HS512 need PSA_WANT_ALG_HMAC and PSA_WANT_KEY_TYPE_HMAC"
#endif
#if (EJWT_ENABLE_RS256 || EJWT_ENABLE_RS384 || EJWT_ENABLE_RS512) &&                               \
    !defined(PSA_WANT_ALG_RSA_PKCS1V15_SIGN)
#error "EJWT_ENABLE_RS256, RS384 and RS512 need PSA_WANT_ALG_RSA_PKCS1V15_SIGN"
#endif
#if (EJWT_ENABLE_PS256 || EJWT_ENABLE_PS384 || EJWT_ENABLE_PS512) && !defined(PSA_WANT_ALG_RSA_PSS)
#error "EJWT_ENABLE_PS256, PS384 and PS512 need PSA_WANT_ALG_RSA_PSS"
#endif
#if EJWT_ENABLE_RSA_ && !defined(PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY)
#error "the RS and PS algorithms need PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY"
#endif
#if EJWT_ENABLE_RSA_ && EJWT_ENABLE_RSA_SIGN && !defined(PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_IMPORT)
#error "EJWT_ENABLE_RSA_SIGN needs PSA_WANT_KEY_TYPE_RSA_KEY_PAIR_IMPORT"
#endif
/* RSA keys travel as PKCS #1 DER, through Mbed TLS's ASN.1 code. */
#if EJWT_ENABLE_RSA_ && defined(MBEDTLS_PSA_CRYPTO_C) &&                                           \
    (!defined(MBEDTLS_ASN1_WRITE_C) || !defined(MBEDTLS_ASN1_PARSE_C))
#error "the RS and PS algorithms need MBEDTLS_ASN1_WRITE_C and MBEDTLS_ASN1_PARSE_C"
#endif

/* ---- the device services (platform layer) ------------------------------ */
/**
 * \def EJWT_PSA_CHECK_PLATFORM
 * Nonzero: also check what the device services need (device key, token
 * store). Default: 1 when the configuration has persistent keys
 * (MBEDTLS_PSA_CRYPTO_STORAGE_C), else 0; define it before including this
 * header to decide.
 */
#if !defined(EJWT_PSA_CHECK_PLATFORM)
#if defined(MBEDTLS_PSA_CRYPTO_STORAGE_C)
#define EJWT_PSA_CHECK_PLATFORM 1
#else
#define EJWT_PSA_CHECK_PLATFORM 0
#endif
#endif
#if EJWT_PSA_CHECK_PLATFORM
/* Persistent keys: the device key and the token store's sealing key. A
 * client of a PSA service keeps them on the service's side. */
#if defined(MBEDTLS_PSA_CRYPTO_C) && !defined(MBEDTLS_PSA_CRYPTO_STORAGE_C)
#error "ejwt's device key and token store need MBEDTLS_PSA_CRYPTO_STORAGE_C (persistent keys)"
#endif
/* The device key, an ES256 key (unusable without EJWT_ENABLE_ES256): a
 * P-256 key pair made on the device or imported, signing with ejwt's
 * signing algorithm (checked above). */
#if EJWT_ENABLE_ES256
#if !defined(PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_GENERATE)
#error "ejwt's device key needs PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_GENERATE"
#endif
#if !defined(PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT)
#error "ejwt's device key needs PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT"
#endif
#endif
/* The token store seals its entries with ChaCha20-Poly1305. */
#if !defined(PSA_WANT_ALG_CHACHA20_POLY1305)
#error "ejwt's token store needs PSA_WANT_ALG_CHACHA20_POLY1305"
#endif
#if !defined(PSA_WANT_KEY_TYPE_CHACHA20)
#error "ejwt's token store needs PSA_WANT_KEY_TYPE_CHACHA20"
#endif
#endif /* EJWT_PSA_CHECK_PLATFORM */

/* ---- ejwt's own psa_its_* (the port's ejwt_psa_its) -------------------- */
#if defined(EJWT_PSA_CHECK_ITS_FROM_PORT) && EJWT_PSA_CHECK_ITS_FROM_PORT
#if defined(MBEDTLS_PSA_ITS_FILE_C)
#error                                                                                             \
    "ejwt's port defines psa_its_* (EJWT_PSA_ITS=ejwt) and so does MBEDTLS_PSA_ITS_FILE_C: set EJWT_PSA_ITS=provider, or build Mbed TLS without MBEDTLS_PSA_ITS_FILE_C"
#endif
#endif

#endif /* EJWT_PSA_CHECK_H */
