/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Mbed TLS configuration for host builds (Linux): the library, its tests and
 * the ejwt command-line tool. Only what ejwt needs: PSA Crypto with the
 * algorithms listed in psa_crypto_config_host.h, a DRBG seeded from the
 * operating system, and - for the CLI only - PEM/DER key parsing and writing.
 *
 * Selected with MBEDTLS_CONFIG_FILE by the top-level CMakeLists.txt.
 */
#ifndef EJWT_MBEDTLS_CONFIG_HOST_H
#define EJWT_MBEDTLS_CONFIG_HOST_H

/* The PSA algorithm set comes from our own file. Mbed TLS's CMake has no
 * option for this; without it every PSA algorithm would be compiled in. */
#define MBEDTLS_PSA_CRYPTO_CONFIG
#ifndef MBEDTLS_PSA_CRYPTO_CONFIG_FILE /* mbedtls_config_host_tls.h names its own */
#define MBEDTLS_PSA_CRYPTO_CONFIG_FILE "psa_crypto_config_host.h"
#endif

#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_KEY_STORE_DYNAMIC

/* Randomness: the OS entropy source feeding an HMAC-DRBG, so no AES is
 * needed. With SHA-512 compiled (the host's ES512, HS512, RS512), Mbed TLS
 * itself picks HMAC-DRBG-SHA-512 on a 64-bit host and SHA-256 otherwise
 * (library/psa_crypto_random_impl.h), so the hash is not set here. */
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_HMAC_DRBG_C

/* Persistent PSA keys (the device key, the token store's sealing key) are
 * stored through psa_its_set/get/get_info/remove. Those functions come from
 * our port (port/posix: ITS on files), so Mbed TLS's own file-based ITS
 * (MBEDTLS_PSA_ITS_FILE_C) stays off. psa_crypto_init() does not read storage
 * with this configuration (no MBEDTLS_PSA_INJECT_ENTROPY, no SE drivers):
 * code that only uses volatile keys never touches it. */
#define MBEDTLS_PSA_CRYPTO_STORAGE_C

/* Constant-time hardening of the bignum code used by ECDSA. */
#define MBEDTLS_ECP_NIST_OPTIM

/* Host tool only: read and write PEM/DER keys (`ejwt --pem`). The core never
 * parses PEM. */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C

#endif /* EJWT_MBEDTLS_CONFIG_HOST_H */
