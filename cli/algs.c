/* SPDX-License-Identifier: Apache-2.0 */
/* The tool's table of JWA algorithms (RFC 7518 section 3). */
#include "algs.h"

static const cli_alg_info algs[] = {
    {EJWT_ALG_ES256, CLI_FAMILY_EC, PSA_ALG_SHA_256, 256u, 0u, "P-256"},
    {EJWT_ALG_ES384, CLI_FAMILY_EC, PSA_ALG_SHA_384, 384u, 0u, "P-384"},
    {EJWT_ALG_ES512, CLI_FAMILY_EC, PSA_ALG_SHA_512, 521u, 0u, "P-521"},
    {EJWT_ALG_HS256, CLI_FAMILY_HMAC, PSA_ALG_SHA_256, 32u, 0u, NULL},
    {EJWT_ALG_HS384, CLI_FAMILY_HMAC, PSA_ALG_SHA_384, 48u, 0u, NULL},
    {EJWT_ALG_HS512, CLI_FAMILY_HMAC, PSA_ALG_SHA_512, 64u, 0u, NULL},
    {EJWT_ALG_RS256, CLI_FAMILY_RSA, PSA_ALG_SHA_256, 0u, 0u, NULL},
    {EJWT_ALG_RS384, CLI_FAMILY_RSA, PSA_ALG_SHA_384, 0u, 0u, NULL},
    {EJWT_ALG_RS512, CLI_FAMILY_RSA, PSA_ALG_SHA_512, 0u, 0u, NULL},
    {EJWT_ALG_PS256, CLI_FAMILY_RSA, PSA_ALG_SHA_256, 0u, 1u, NULL},
    {EJWT_ALG_PS384, CLI_FAMILY_RSA, PSA_ALG_SHA_384, 0u, 1u, NULL},
    {EJWT_ALG_PS512, CLI_FAMILY_RSA, PSA_ALG_SHA_512, 0u, 1u, NULL},
};

#define CLI_NALGS (sizeof algs / sizeof algs[0])

const cli_alg_info *cli_alg_info_of(ejwt_alg alg)
{
    size_t i;

    /* ejwt_alg_name() knows only what the core has compiled in. */
    for (i = 0; i < CLI_NALGS; i++) {
        if (algs[i].alg == alg) {
            return ejwt_alg_name(alg) != NULL ? &algs[i] : NULL;
        }
    }
    return NULL;
}

psa_algorithm_t cli_alg_policy(const cli_alg_info *a)
{
    switch (a->family) {
    case CLI_FAMILY_EC:
        return PSA_ALG_ECDSA(a->hash);
    case CLI_FAMILY_HMAC:
        return PSA_ALG_HMAC(a->hash);
    default:
        return a->pss ? PSA_ALG_RSA_PSS(a->hash) : PSA_ALG_RSA_PKCS1V15_SIGN(a->hash);
    }
}

int cli_alg_of_curve(size_t bits, ejwt_alg *out)
{
    size_t i;

    for (i = 0; i < CLI_NALGS; i++) {
        if (algs[i].family == CLI_FAMILY_EC && algs[i].size == bits &&
            cli_alg_info_of(algs[i].alg) != NULL) {
            *out = algs[i].alg;
            return 0;
        }
    }
    return -1;
}

uint32_t cli_algs_of_family(cli_family family)
{
    uint32_t bits = 0;
    size_t i;

    for (i = 0; i < CLI_NALGS; i++) {
        if (algs[i].family == family && cli_alg_info_of(algs[i].alg) != NULL) {
            bits |= EJWT_ALG_BIT(algs[i].alg);
        }
    }
    return bits;
}
