/* SPDX-License-Identifier: Apache-2.0 */
/* Loading keys from --jwk, --pem and --secret files into ejwt keys. Every
 * failure prints its reason and returns CLI_EXIT_USAGE (an unreadable or
 * unusable key file is a usage error in the contract). */
#ifndef EJWT_CLI_KEYS_H
#define EJWT_CLI_KEYS_H

#include <stddef.h>

#include "cli.h"

/* Where a key comes from: exactly one member is set. */
typedef struct cli_keysrc {
    const char *jwk;    /* JWK or JWK Set file */
    const char *pem;    /* PEM (or DER) EC or RSA key file */
    const char *secret; /* raw HMAC key bytes */
} cli_keysrc;

/* Exactly one source given (and --secret only when allowed)? */
int cli_keysrc_check(const cli_keysrc *src, const char *cmd, int allow_secret);

/* Keys for verification: every key of a JWK Set; the public key of a PEM
 * (an EC key for its curve's algorithm, an RSA key for each RS or PS
 * algorithm of \p algs, RS256 when there is none); or the HMAC secret for
 * each HS algorithm of \p algs (HS256 when there is none). \p algs are
 * EJWT_ALG_BIT() bits, 0 when --alg is not given. */
int cli_load_verify_keys(const cli_keysrc *src, uint32_t algs, ejwt_key *keys, size_t cap,
                         size_t *n);

/* The one key that signs with \p alg. With a JWK Set, the only usable key,
 * or the one whose kid is \p kid. \p kid (when not NULL) becomes the key's
 * kid, so it goes into the header. */
int cli_load_sign_key(const cli_keysrc *src, ejwt_alg alg, const char *kid, ejwt_key *out);

/* One EC or RSA key (private or public) from a JWK (or a set of one) or a
 * PEM; \p alg_s (NULL: the key's default, see cli_pem_default_alg()) is the
 * algorithm of a PEM key. */
int cli_load_public_key(const cli_keysrc *src, const char *alg_s, ejwt_key *out);

/* Destroy imported keys. */
void cli_destroy_keys(ejwt_key *keys, size_t n);

#endif /* EJWT_CLI_KEYS_H */
