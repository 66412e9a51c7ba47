/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed commands: the core verifies signature, algorithm, typ and the
 * registered claims; this adds the short-lifetime rule, the command shape
 * and the replay cache, in that order, so only an otherwise valid command
 * can take a cache entry.
 */
#include <string.h>

#include "ejwt/auth/command.h"
#include "ejwt/jwk.h"
#include "ejwt/jws.h"
#include "ejwt_common.h"

int ejwt_command_verifier_init(ejwt_command_verifier *v, const ejwt_command_config *cfg,
                               const char *jwks, size_t jwks_len)
{
    int err;

    EJWT_REQUIRE(v != NULL && cfg != NULL && jwks != NULL);
    memset(v, 0, sizeof(*v));
    if (cfg->client_id == NULL || cfg->client_id[0] == '\0' || cfg->issuer == NULL ||
        cfg->issuer[0] == '\0' || cfg->max_lifetime_s > EJWT_COMMAND_LIFETIME_LIMIT_S) {
        return EJWT_ERR_INVALID_ARG;
    }
    v->cfg = *cfg;
    if (v->cfg.max_lifetime_s == 0u) {
        v->cfg.max_lifetime_s = EJWT_COMMAND_MAX_LIFETIME_S;
    }
    err = ejwt_jwk_import_set(jwks, jwks_len, v->keys, EJWT_MAX_JWKS_KEYS, &v->nkeys);
    if (err != EJWT_OK) {
        memset(v, 0, sizeof(*v));
    }
    return err;
}

void ejwt_command_verifier_free(ejwt_command_verifier *v)
{
    size_t i;

    EJWT_ASSERT(v != NULL);
    if (v == NULL) {
        return;
    }
    for (i = 0; i < v->nkeys && i < EJWT_MAX_JWKS_KEYS; i++) {
        (void)ejwt_key_destroy(&v->keys[i]);
    }
    memset(v, 0, sizeof(*v));
}

/* A NumericDate claim read both ways: each check below takes the rounding
 * that errs on its safe side (they differ only when the value has a fraction). */
typedef struct claim_time {
    int64_t down; /* rounded toward the past */
    int64_t up;   /* rounded toward the future */
} claim_time;

static int read_claim_time(const ejwt_json *claims, const char *name, claim_time *out)
{
    int idx = ejwt_json_find(claims, 0, name);

    if (idx < 0) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    if (ejwt_json_int64(claims, idx, &out->down) != EJWT_OK ||
        ejwt_json_int64_ceil(claims, idx, &out->up) != EJWT_OK) {
        return EJWT_ERR_CLAIM_TYPE;
    }
    return EJWT_OK;
}

static int check_command(ejwt_command_verifier *v, int64_t now, ejwt_command *out)
{
    ejwt_json claims = ejwt_jwt_claims(&out->jwt);
    char jti[EJWT_COMMAND_MAX_JTI_LEN + 1u];
    claim_time exp, iat;
    size_t jti_len = 0;
    int idx, err;

    err = read_claim_time(&claims, "exp", &exp);
    if (err == EJWT_OK) {
        err = read_claim_time(&claims, "iat", &iat);
    }
    if (err != EJWT_OK) {
        return err;
    }
    /* 0 <= exp - iat <= max, through numericdate.h so any int64 pair is
     * safe; with fractions the lifetime is taken at its longest, and a
     * command whose exp may precede its iat is refused. */
    if (exp.down < iat.up || ejwt_time_gap(iat.down, exp.up) > v->cfg.max_lifetime_s) {
        return EJWT_ERR_LIFETIME_INVALID;
    }
    /* Issued in the future: iat > now + leeway. */
    if (ejwt_time_gap(now, iat.up) > v->cfg.leeway_s) {
        return EJWT_ERR_NOT_YET_VALID;
    }
    idx = ejwt_json_find(&claims, 0, "cmd");
    if (idx < 0) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    if (ejwt_json_type(&claims, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_CLAIM_TYPE;
    }
    out->cmd = idx;
    out->args = -1;
    idx = ejwt_json_find(&claims, 0, "args");
    if (idx >= 0) {
        if (ejwt_json_type(&claims, idx) != EJWT_JSON_OBJECT) {
            return EJWT_ERR_CLAIM_TYPE;
        }
        out->args = idx;
    }
    if (v->cfg.min_iat > 0 && iat.down < v->cfg.min_iat) {
        return EJWT_ERR_REPLAYED; /* may have been seen before the cache existed */
    }
    idx = ejwt_json_find(&claims, 0, "jti");
    if (idx < 0) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    err = ejwt_json_string_copy(&claims, idx, jti, sizeof(jti), &jti_len);
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        return EJWT_ERR_LIMIT;
    }
    if (err != EJWT_OK) {
        return EJWT_ERR_CLAIM_TYPE;
    }
    /* Keep the entry for as long as the verifier would accept the token:
     * the core refuses it from now >= exp + leeway on, exp rounded down. */
    return ejwt_replay_cache_check_and_add(&v->cache, (const uint8_t *)jti, jti_len,
                                           ejwt_time_add(exp.down, v->cfg.leeway_s), now);
}

int ejwt_command_verify(ejwt_command_verifier *v, const char *token, size_t token_len, int64_t now,
                        uint8_t *work, size_t work_cap, ejwt_command *out)
{
    ejwt_verify_opts opts;
    int err;

    EJWT_REQUIRE(v != NULL && token != NULL && out != NULL && (work != NULL || work_cap == 0u));
    memset(out, 0, sizeof(*out));
    memset(&opts, 0, sizeof(opts));
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    opts.now = now;
    opts.leeway = v->cfg.leeway_s;
    opts.iss = v->cfg.issuer;
    opts.aud = v->cfg.client_id;
    opts.typ = EJWT_COMMAND_TYP;
    opts.required = EJWT_CLAIM_EXP | EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    if (now == EJWT_TIME_UNKNOWN) {
        err = EJWT_ERR_TIME_UNKNOWN; /* before anything: exp must be checked */
    } else {
        err = ejwt_jwt_verify(token, token_len, v->keys, v->nkeys, &opts, work, work_cap, NULL,
                              &out->jwt);
    }
    if (err == EJWT_OK) {
        err = check_command(v, now, out);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
        if (work != NULL) {
            ejwt_wipe(work, work_cap);
        }
    }
    return err;
}

ejwt_json ejwt_command_claims(const ejwt_command *cmd)
{
    ejwt_json empty;

    if (cmd == NULL) {
        EJWT_ASSERT(cmd != NULL);
        memset(&empty, 0, sizeof(empty));
        return empty;
    }
    return ejwt_jwt_claims(&cmd->jwt);
}
