/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two issuer keys for the JWK Set cache tests, on every target: fixed P-256
 * test scalars (made for these tests, not secrets), each with its RFC 7638
 * thumbprint as kid, their public JWKs as ejwt exports them, JWK Sets built
 * from them, and a token signed by either.
 */
#ifndef EJWT_JWKS_TEST_KEYS_H
#define EJWT_JWKS_TEST_KEYS_H

#include <stdio.h>
#include <string.h>

#include <ejwt/ejwt.h>

#define JT_ISSUER "https://issuer.example"
#define JT_JWK_MAX 256u
#define JT_SET_MAX 640u
#define JT_TOKEN_MAX 400u

/* An issuer signing key and its public JWK. */
typedef struct jt_key {
    ejwt_key priv;
    char jwk[JT_JWK_MAX];
} jt_key;

/* Import the test scalar filled with \p fill as an ES256 key named by its
 * thumbprint; 0 on success. */
static inline int jt_key_make(jt_key *k, uint8_t fill)
{
    uint8_t d[32];
    size_t n = 0;

    memset(d, fill, sizeof(d));
    memset(k, 0, sizeof(*k));
    if (ejwt_key_import_es256_private(d, sizeof(d), &k->priv) != EJWT_OK ||
        ejwt_jwk_thumbprint(&k->priv, k->priv.kid) != EJWT_OK) {
        return -1;
    }
    k->priv.kid_len = (uint8_t)strlen(k->priv.kid);
    return ejwt_jwk_export_public(&k->priv, k->jwk, sizeof(k->jwk), &n) == EJWT_OK ? 0 : -1;
}

/* `{"keys":[a,b]}` with \p b optional; the length, or 0 when it does not fit. */
static inline size_t jt_set(char *out, size_t cap, const jt_key *a, const jt_key *b)
{
    int n = b != NULL ? snprintf(out, cap, "{\"keys\":[%s,%s]}", a->jwk, b->jwk)
                      : snprintf(out, cap, "{\"keys\":[%s]}", a->jwk);
    return (n > 0 && (size_t)n < cap) ? (size_t)n : 0u;
}

/* A JWT by \p k for JT_ISSUER expiring at \p exp; its length, 0 on failure. */
static inline size_t jt_token(const jt_key *k, int64_t exp, char *out, size_t cap)
{
    ejwt_builder b;
    size_t n = 0;

    ejwt_builder_init(&b, out, cap, &k->priv, "JWT");
    ejwt_builder_add_string(&b, "iss", JT_ISSUER);
    ejwt_builder_add_int(&b, "exp", exp);
    return ejwt_builder_finish(&b, &n) == EJWT_OK ? n : 0u;
}

/* Verify \p token with \p keys as a device does: ES256 pinned, iss checked. */
static inline int jt_verify(const char *token, size_t len, const ejwt_key *keys, size_t nkeys,
                            int64_t now)
{
    static uint8_t work[JT_TOKEN_MAX];
    ejwt_verify_opts o;
    ejwt_jwt jwt;

    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = now;
    o.iss = JT_ISSUER;
    o.required = EJWT_CLAIM_EXP;
    return ejwt_jwt_verify(token, len, keys, nkeys, &o, work, sizeof(work), NULL, &jwt);
}

#endif /* EJWT_JWKS_TEST_KEYS_H */
