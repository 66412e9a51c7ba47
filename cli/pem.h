/* SPDX-License-Identifier: Apache-2.0 */
/* PEM (and DER) EC and RSA keys through Mbed TLS pk: the core never parses
 * PEM, the host tool does it here. */
#ifndef EJWT_CLI_PEM_H
#define EJWT_CLI_PEM_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/pk.h>
#include <psa/crypto.h>

#include "cli.h"

/* A parsed key file. */
typedef struct cli_pem {
    mbedtls_pk_context pk;
    int has_private;
} cli_pem;

/* Parse a private key (PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY", PKCS#1
 * "RSA PRIVATE KEY") or a public key ("PUBLIC KEY", "RSA PUBLIC KEY"), PEM
 * or DER. \p buf must be NUL-terminated at buf[len] (PEM needs it). Returns
 * 0, or -1 with a reason in *why. cli_pem_free() it in any case. */
int cli_pem_parse(const uint8_t *buf, size_t len, cli_pem *out, const char **why);

/* The algorithm the key implies without --alg: an EC key's curve decides,
 * an RSA key is RS256 (as the core takes a JWK without "alg"). 0 or -1
 * with a reason. */
int cli_pem_default_alg(const cli_pem *k, ejwt_alg *alg, const char **why);

/* Import the key into PSA with the policy of \p alg (signing and verifying
 * when \p want_private, else verifying) and wrap it as an ejwt key.
 * Returns EJWT_OK or an EJWT_ERR_* code; *why is a message of the tool's
 * (the key is of another type than \p alg needs) or NULL (the core's
 * error names the reason). */
int cli_pem_import(const cli_pem *k, ejwt_alg alg, int want_private, ejwt_key *out,
                   const char **why);

void cli_pem_free(cli_pem *k);

/* Write the SubjectPublicKeyInfo PEM of an EC or RSA key. Returns 0 or -1. */
int cli_pem_write_public(const ejwt_key *key, char *out, size_t cap);

/* Write the PKCS#8 "PRIVATE KEY" PEM of an exportable PSA EC or RSA key
 * pair. Returns 0 or -1. */
int cli_pem_write_private(mbedtls_svc_key_id_t id, char *out, size_t cap);

#endif /* EJWT_CLI_PEM_H */
