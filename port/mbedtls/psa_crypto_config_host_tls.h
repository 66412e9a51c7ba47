/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Crypto algorithm set of a host build with the `ejwt device` TLS client
 * (mbedtls_config_host_tls.h): the host set (psa_crypto_config_host.h) plus
 * what TLS 1.3 and TLS 1.2 with ECDHE on secp256r1, an ECDSA P-256 server
 * certificate and ChaCha20-Poly1305 need: ECDH, HKDF (the TLS 1.3 key
 * schedule) and the TLS 1.2 PRF over SHA-256.
 */
#ifndef EJWT_PSA_CRYPTO_CONFIG_HOST_TLS_H
#define EJWT_PSA_CRYPTO_CONFIG_HOST_TLS_H

#include "psa_crypto_config_host.h"

#define PSA_WANT_ALG_ECDH 1
#define PSA_WANT_ALG_HKDF_EXTRACT 1
#define PSA_WANT_ALG_HKDF_EXPAND 1
#define PSA_WANT_ALG_TLS12_PRF 1
#define PSA_WANT_ALG_TLS12_PSK_TO_MS 1
#define PSA_WANT_KEY_TYPE_DERIVE 1

#endif /* EJWT_PSA_CRYPTO_CONFIG_HOST_TLS_H */
