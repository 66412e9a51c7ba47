/* SPDX-License-Identifier: Apache-2.0 */
/* What the tool needs to know of each JWA algorithm the core has compiled
 * in: its key family, hash, curve size and the PSA policy of its keys. */
#ifndef EJWT_CLI_ALGS_H
#define EJWT_CLI_ALGS_H

#include <stddef.h>
#include <stdint.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

/* Every algorithm name the tool may accept, for messages. */
#define CLI_ALG_NAMES                                                                              \
    "ES256, ES384, ES512, HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512"

/* RSA key sizes keygen makes (RFC 7518 section 3.3: 2048 bits or more). */
#define CLI_RSA_DEFAULT_BITS 2048u

typedef enum cli_family {
    CLI_FAMILY_EC = 1,
    CLI_FAMILY_HMAC = 2,
    CLI_FAMILY_RSA = 3
} cli_family;

typedef struct cli_alg_info {
    ejwt_alg alg;
    cli_family family;
    psa_algorithm_t hash;
    /* EC: the curve's bits; HMAC: the key bytes keygen makes (the hash
     * output, RFC 7518 section 3.2); RSA: 0. */
    uint16_t size;
    uint8_t pss;
    const char *crv; /* EC: the JWK curve name */
} cli_alg_info;

/* The entry of \p alg, or NULL when the core does not have it compiled in. */
const cli_alg_info *cli_alg_info_of(ejwt_alg alg);

/* The PSA policy algorithm ejwt_key_from_psa() takes for the keys of \p a. */
psa_algorithm_t cli_alg_policy(const cli_alg_info *a);

/* The ECDSA algorithm of a SECP R1 curve of \p bits; 0 or -1. */
int cli_alg_of_curve(size_t bits, ejwt_alg *out);

/* Every compiled algorithm of \p family, as EJWT_ALG_BIT() bits. */
uint32_t cli_algs_of_family(cli_family family);

#endif /* EJWT_CLI_ALGS_H */
