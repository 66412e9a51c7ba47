/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set of the per-algorithm verify-only board
 * configuration (mbedtls_config_board_verify_alg.h): verification of
 * exactly the JWS algorithms the image enables with EJWT_ENABLE_<alg>=1 on
 * the command line (the footprint images pass every switch they use), public
 * keys only. SHA-256 is always there: ejwt needs it (ejwt/psa_check.h).
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_ALG_H
#define EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_ALG_H

#define PSA_WANT_ALG_SHA_256 1

/* RS256 and PS256: RSA public keys (PKCS #1 v1.5 or PSS with MGF1). */
#if defined(EJWT_ENABLE_RS256) && EJWT_ENABLE_RS256
#define PSA_WANT_ALG_RSA_PKCS1V15_SIGN 1
#endif
#if defined(EJWT_ENABLE_PS256) && EJWT_ENABLE_PS256
#define PSA_WANT_ALG_RSA_PSS 1
#endif
#if defined(PSA_WANT_ALG_RSA_PKCS1V15_SIGN) || defined(PSA_WANT_ALG_RSA_PSS)
#define PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY 1
#endif

/* ES384 and ES512: P-384 and P-521 public keys. */
#if defined(EJWT_ENABLE_ES384) && EJWT_ENABLE_ES384
#define PSA_WANT_ALG_SHA_384 1
#define PSA_WANT_ECC_SECP_R1_384 1
#endif
#if defined(EJWT_ENABLE_ES512) && EJWT_ENABLE_ES512
#define PSA_WANT_ALG_SHA_512 1
#define PSA_WANT_ECC_SECP_R1_521 1
#endif
#if defined(PSA_WANT_ECC_SECP_R1_384) || defined(PSA_WANT_ECC_SECP_R1_521)
#define PSA_WANT_ALG_ECDSA 1
#define PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY 1
#endif

/* HS384 and HS512. */
#if defined(EJWT_ENABLE_HS384) && EJWT_ENABLE_HS384
#define PSA_WANT_ALG_SHA_384 1
#define PSA_WANT_ALG_HMAC 1
#endif
#if defined(EJWT_ENABLE_HS512) && EJWT_ENABLE_HS512
#define PSA_WANT_ALG_SHA_512 1
#define PSA_WANT_ALG_HMAC 1
#endif
#if defined(PSA_WANT_ALG_HMAC)
#define PSA_WANT_KEY_TYPE_HMAC 1
#endif

#endif /* EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_ALG_H */
