/* SPDX-License-Identifier: Apache-2.0 */
/* The private JWK of a key pair keygen made (RFC 7518 section 6). */
#ifndef EJWT_CLI_JWK_PRIVATE_H
#define EJWT_CLI_JWK_PRIVATE_H

#include <stddef.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

/* Write {"kty":"EC","crv","x","y","d","alg","kid"} or {"kty":"RSA","n","e",
 * "d","p","q","dp","dq","qi","alg","kid"} (kid = RFC 7638 thumbprint),
 * newline-terminated, of the exportable PSA key pair \p id for \p alg.
 * Returns 0 or -1; the caller wipes \p out. */
int cli_jwk_write_private(mbedtls_svc_key_id_t id, ejwt_alg alg, char *out, size_t cap);

#endif /* EJWT_CLI_JWK_PRIVATE_H */
