/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt: the builder for signing, ejwt_jwt_verify() with every check on for
 * verifying. Keys are used by PSA id, as a device does.
 */
#include <string.h>

#include "bench.h"
#include "ejwt/ejwt.h"

static ejwt_key hs_key;
static ejwt_key es_sign_key;
static ejwt_key es_verify_key;
static char out_tok[2][FIX_TOKEN_CAP];
static ejwt_jwt jwt;
static uint8_t work[EJWT_WORK_SIZE(FIX_TOKEN_CAP)];

int ejwt_impl_setup(void)
{
    if (ejwt_key_from_psa(fix.hs_key_id, EJWT_ALG_HS256, FIX_KID, &hs_key) != EJWT_OK ||
        ejwt_key_from_psa(fix.es_priv_id, EJWT_ALG_ES256, FIX_KID, &es_sign_key) != EJWT_OK ||
        ejwt_key_from_psa(fix.es_pub_id, EJWT_ALG_ES256, FIX_KID, &es_verify_key) != EJWT_OK) {
        return -1;
    }
    return 0;
}

static int sign(const ejwt_key *key, char *out)
{
    ejwt_builder b;
    size_t len = 0;

    ejwt_builder_init(&b, out, FIX_TOKEN_CAP, key, "JWT");
    ejwt_builder_add_string(&b, "iss", FIX_ISS);
    ejwt_builder_add_string(&b, "sub", FIX_SUB);
    ejwt_builder_add_string(&b, "aud", FIX_AUD);
    ejwt_builder_add_int(&b, "iat", FIX_IAT);
    ejwt_builder_add_int(&b, "exp", FIX_EXP);
    ejwt_builder_add_string(&b, "jti", FIX_JTI);
    ejwt_builder_add_string(&b, "scope", FIX_SCOPE);
    return ejwt_builder_finish(&b, &len) == EJWT_OK ? 0 : -1;
}

/* Every check on: algorithm pinned to the key's, typ, iss, sub, aud, time
 * claims against now (exp, nbf when present, iat's type), required claims. */
static int verify(const ejwt_key *key, ejwt_alg alg, const char *token, size_t len)
{
    ejwt_verify_opts opts;

    memset(&opts, 0, sizeof(opts));
    opts.algs = EJWT_ALG_BIT(alg);
    opts.now = FIX_NOW;
    opts.leeway = FIX_LEEWAY;
    opts.iss = FIX_ISS;
    opts.sub = FIX_SUB;
    opts.aud = FIX_AUD;
    opts.typ = "JWT";
    opts.required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP |
                    EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    return ejwt_jwt_verify(token, len, key, 1, &opts, work, sizeof(work), NULL, &jwt) == EJWT_OK
               ? 0
               : -1;
}

int ejwt_impl_verify_token(bench_op verify_op, const char *token, size_t len)
{
    return verify_op == OP_HS256_VERIFY ? verify(&hs_key, EJWT_ALG_HS256, token, len)
                                        : verify(&es_verify_key, EJWT_ALG_ES256, token, len);
}

int ejwt_impl_run(bench_op op)
{
    switch (op) {
    case OP_HS256_SIGN:
        return sign(&hs_key, out_tok[0]);
    case OP_HS256_VERIFY:
        return verify(&hs_key, EJWT_ALG_HS256, fix.hs_token, fix.hs_token_len);
    case OP_ES256_SIGN:
        return sign(&es_sign_key, out_tok[1]);
    case OP_ES256_VERIFY:
        return verify(&es_verify_key, EJWT_ALG_ES256, fix.es_token, fix.es_token_len);
    case OP_COUNT:
    default:
        return -1;
    }
}

const char *ejwt_impl_last_token(bench_op op)
{
    return op == OP_HS256_SIGN ? out_tok[0] : out_tok[1];
}
