/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client assertion (RFC 7523): claims from the caller's inputs, a random
 * jti, signed through the core's builder with the device key by id.
 */
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/base64url.h"
#include "ejwt/jwk.h"
#include "ejwt/jws.h"
#include "ejwt/jwt.h"
#include "ejwt/platform.h"
#include "oauth_internal.h"
#include "ejwt_common.h"

int ejwt_assertion_check_key(const ejwt_key *key)
{
    if (key->alg != EJWT_ALG_ES256) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    return (key->ops & EJWT_KEY_OP_SIGN) != 0u ? EJWT_OK : EJWT_ERR_KEY_USAGE;
}

static int sign_assertion(const ejwt_key *key, const ejwt_assertion_params *p, char *out,
                          size_t cap, size_t *out_len)
{
    ejwt_builder b;
    ejwt_key k;
    uint8_t rnd[EJWT_ASSERTION_JTI_BYTES];
    char jti[EJWT_ASSERTION_JTI_LEN + 1u];
    size_t n = 0;
    uint32_t life;
    int err;

    if (p->now == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    life = p->lifetime_s == 0u ? EJWT_ASSERTION_DEFAULT_LIFETIME_S : p->lifetime_s;
    if (life > EJWT_ASSERTION_MAX_LIFETIME_S) {
        life = EJWT_ASSERTION_MAX_LIFETIME_S;
    }
    if (ejwt_bounded_len(p->client_id, EJWT_ASSERTION_MAX_CLIENT_ID) == 0u ||
        ejwt_bounded_len(p->audience, EJWT_ASSERTION_MAX_AUDIENCE) == 0u || p->now < 0 ||
        ejwt_time_gap(p->now, INT64_MAX) < life) {
        return EJWT_ERR_INVALID_ARG;
    }
    err = ejwt_assertion_check_key(key);
    if (err != EJWT_OK) {
        return err;
    }
    k = *key;
    if (k.kid_len == 0u) {
        /* The backend finds the registered key by its thumbprint. */
        char thumb[EJWT_THUMBPRINT_LEN + 1u];
        err = ejwt_jwk_thumbprint(key, thumb);
        if (err != EJWT_OK) {
            return err;
        }
        memcpy(k.kid, thumb, sizeof(thumb));
        k.kid_len = (uint8_t)EJWT_THUMBPRINT_LEN;
    }
    /* A size query draws no randomness and signs nothing: the jti has a
     * fixed length, so a placeholder measures the same. */
    memset(rnd, 0, sizeof(rnd));
    if (cap > 0u) {
        err = ejwt_platform_entropy(rnd, sizeof(rnd));
        if (err != EJWT_OK) {
            return err;
        }
    }
    err = ejwt_b64url_encode(rnd, sizeof(rnd), jti, sizeof(jti), &n); /* terminated */
    ejwt_wipe(rnd, sizeof(rnd));
    if (err != EJWT_OK) {
        return err;
    }

    ejwt_builder_init(&b, out, cap, &k, "JWT");
    ejwt_builder_add_string(&b, "iss", p->client_id);
    ejwt_builder_add_string(&b, "sub", p->client_id);
    ejwt_builder_add_string(&b, "aud", p->audience);
    ejwt_builder_add_int(&b, "iat", p->now);
    ejwt_builder_add_int(&b, "exp", p->now + (int64_t)life);
    ejwt_builder_add_string(&b, "jti", jti);
    err = ejwt_builder_finish(&b, out_len);
    ejwt_wipe(&b, sizeof(b));
    return err;
}

int ejwt_assertion_sign(const ejwt_key *key, const ejwt_assertion_params *p, char *out, size_t cap,
                        size_t *out_len)
{
    int err;

    EJWT_REQUIRE(key != NULL && p != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    err = sign_assertion(key, p, out, cap, out_len);
    /* Whatever failed, nothing half-built (a header, claims) is left. */
    if (err != EJWT_OK && cap > 0u) {
        ejwt_wipe(out, cap);
    }
    return err;
}
