/* SPDX-License-Identifier: Apache-2.0 */
/* PEM (and DER) EC P-256 keys through Mbed TLS pk: the core never parses
 * PEM, the host tool does it here. */
#ifndef EJWT_CLI_PEM_H
#define EJWT_CLI_PEM_H

#include <stddef.h>
#include <stdint.h>

#include <psa/crypto.h>

#include "cli.h"

/* A parsed P-256 key: the point always, the scalar when it is private. */
typedef struct cli_p256 {
    int has_private;
    uint8_t d[CLI_P256_SCALAR_LEN];
    uint8_t point[CLI_P256_POINT_LEN];
} cli_p256;

/* Parse a private key (SEC1 "EC PRIVATE KEY" or PKCS#8 "PRIVATE KEY") or a
 * public key ("PUBLIC KEY"). \p buf must be NUL-terminated at buf[len] (PEM
 * needs it). Returns 0, or -1 with a reason in *why. The caller wipes out. */
int cli_pem_parse_p256(const uint8_t *buf, size_t len, cli_p256 *out, const char **why);

/* Write the SubjectPublicKeyInfo PEM of an uncompressed P-256 point.
 * Returns 0 or -1. */
int cli_pem_write_public(const uint8_t point[CLI_P256_POINT_LEN], char *out, size_t cap);

/* Write the PKCS#8 "PRIVATE KEY" PEM of an exportable PSA P-256 key pair.
 * Returns 0 or -1. */
int cli_pem_write_private(mbedtls_svc_key_id_t id, char *out, size_t cap);

#endif /* EJWT_CLI_PEM_H */
