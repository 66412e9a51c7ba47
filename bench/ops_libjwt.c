/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libjwt (Debian's libjwt-dev, OpenSSL backend) doing the same operations
 * with the same checks. libjwt 1.10 has no claim validation API (jwt_valid_*
 * arrived in 1.12), so after jwt_decode() has checked the signature with the
 * algorithm the header names, the checks ejwt makes are done here by hand:
 * algorithm pinned, typ, kid, iss, sub, aud, exp and nbf against now with
 * leeway, iat an integer, every required claim present.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jwt.h>

#include "bench.h"

static char *last[2];

int libjwt_impl_setup(void)
{
    return 0;
}

static int sign(jwt_alg_t alg, const unsigned char *key, int key_len, char **out)
{
    jwt_t *jwt = NULL;
    int err;

    if (jwt_new(&jwt) != 0) {
        return -1;
    }
    /* jwt_encode adds "typ":"JWT" to the header itself. */
    err = jwt_set_alg(jwt, alg, key, key_len);
    err |= jwt_add_header(jwt, "kid", FIX_KID);
    err |= jwt_add_grant(jwt, "iss", FIX_ISS);
    err |= jwt_add_grant(jwt, "sub", FIX_SUB);
    err |= jwt_add_grant(jwt, "aud", FIX_AUD);
    err |= jwt_add_grant_int(jwt, "iat", FIX_IAT);
    err |= jwt_add_grant_int(jwt, "exp", FIX_EXP);
    err |= jwt_add_grant(jwt, "jti", FIX_JTI);
    err |= jwt_add_grant(jwt, "scope", FIX_SCOPE);
    if (err == 0) {
        free(*out);
        *out = jwt_encode_str(jwt);
        err = *out == NULL;
    }
    jwt_free(jwt);
    return err == 0 ? 0 : -1;
}

static int str_claim_is(jwt_t *jwt, const char *name, const char *want)
{
    const char *v = jwt_get_grant(jwt, name);

    return v != NULL && strcmp(v, want) == 0;
}

/* An integer claim: 1 and *v when present, 0 when absent, -1 when not an integer. */
static int int_claim(jwt_t *jwt, const char *name, long *v)
{
    errno = 0;
    *v = jwt_get_grant_int(jwt, name);
    if (errno == 0) {
        return 1;
    }
    /* Absent and present-but-not-an-integer both set ENOENT in 1.10; tell
     * them apart with the JSON of the grant. */
    {
        char *js = jwt_get_grants_json(jwt, name);
        int present = js != NULL;
        free(js);
        return present ? -1 : 0;
    }
}

static int check_claims(jwt_t *jwt, jwt_alg_t alg)
{
    const char *typ = jwt_get_header(jwt, "typ");
    const char *kid = jwt_get_header(jwt, "kid");
    long exp = 0, nbf = 0, iat = 0;
    int has_exp, has_nbf, has_iat;

    if (jwt_get_alg(jwt) != alg || typ == NULL || strcasecmp(typ, "JWT") != 0 || kid == NULL ||
        strcmp(kid, FIX_KID) != 0) {
        return -1;
    }
    if (!str_claim_is(jwt, "iss", FIX_ISS) || !str_claim_is(jwt, "sub", FIX_SUB) ||
        !str_claim_is(jwt, "aud", FIX_AUD) || jwt_get_grant(jwt, "jti") == NULL) {
        return -1;
    }
    has_exp = int_claim(jwt, "exp", &exp);
    has_nbf = int_claim(jwt, "nbf", &nbf);
    has_iat = int_claim(jwt, "iat", &iat);
    if (has_exp != 1 || has_iat != 1 || has_nbf < 0) {
        return -1;
    }
    if (FIX_NOW >= exp + FIX_LEEWAY || (has_nbf == 1 && FIX_NOW + FIX_LEEWAY < nbf)) {
        return -1;
    }
    return 0;
}

static int verify(const char *token, jwt_alg_t alg, const unsigned char *key, int key_len)
{
    jwt_t *jwt = NULL;
    int err;

    if (jwt_decode(&jwt, token, key, key_len) != 0) {
        return -1;
    }
    err = check_claims(jwt, alg);
    jwt_free(jwt);
    return err;
}

int libjwt_impl_verify_token(bench_op verify_op, const char *token)
{
    if (verify_op == OP_HS256_VERIFY) {
        return verify(token, JWT_ALG_HS256, fix.hmac_secret, (int)sizeof(fix.hmac_secret));
    }
    return verify(token, JWT_ALG_ES256, (const unsigned char *)fix.es_pub_pem,
                  (int)strlen(fix.es_pub_pem));
}

int libjwt_impl_run(bench_op op)
{
    switch (op) {
    case OP_HS256_SIGN:
        return sign(JWT_ALG_HS256, fix.hmac_secret, (int)sizeof(fix.hmac_secret), &last[0]);
    case OP_HS256_VERIFY:
        return libjwt_impl_verify_token(OP_HS256_VERIFY, fix.hs_token);
    case OP_ES256_SIGN:
        return sign(JWT_ALG_ES256, (const unsigned char *)fix.es_priv_pem,
                    (int)strlen(fix.es_priv_pem), &last[1]);
    case OP_ES256_VERIFY:
        return libjwt_impl_verify_token(OP_ES256_VERIFY, fix.es_token);
    case OP_COUNT:
    default:
        return -1;
    }
}

const char *libjwt_impl_last_token(bench_op op)
{
    return op == OP_HS256_SIGN ? last[0] : last[1];
}
