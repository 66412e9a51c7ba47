/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set of the verify-only board configuration: ECDSA
 * P-256 verification with SHA-256. Public keys only, so p256-m's signing,
 * key generation and ECDH entry points are never referenced.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_H
#define EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_H

#define PSA_WANT_ALG_SHA_256 1
#define PSA_WANT_ALG_ECDSA 1
#define PSA_WANT_ECC_SECP_R1_256 1
#define PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY 1

#endif /* EJWT_PSA_CRYPTO_CONFIG_BOARD_VERIFY_H */
