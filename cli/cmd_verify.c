/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt verify: check a token against keys, an algorithm allow-list and the
 * claims the caller expects; print the verified payload. With --profile
 * access-token the checks are RFC 9068's (ejwt_access_token_verify()). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <ejwt/auth/access_token.h>

#include "algs.h"
#include "args.h"
#include "cli.h"
#include "io.h"
#include "keys.h"

static char token_in[CLI_MAX_TOKEN_INPUT];
static uint8_t work[EJWT_WORK_SIZE(CLI_MAX_TOKEN_INPUT)];
static ejwt_jwt jwt;

/* Without --alg the keys decide: an EC key its curve's ES algorithm, a
 * JWK its "alg" (oct: HS256, RSA: RS256 without one), a PEM RSA key RS256. */
static uint32_t algs_of_keys(const ejwt_key *keys, size_t n)
{
    uint32_t bits = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        bits |= EJWT_ALG_BIT(keys[i].alg);
    }
    return bits;
}

static int verify_with(const char *token, size_t token_len, const ejwt_key *keys, size_t nkeys,
                       const ejwt_verify_opts *vo, int jws_only)
{
    if (jws_only) {
        return ejwt_jws_verify_compact(token, token_len, keys, nkeys, vo, work, sizeof work, NULL,
                                       &jwt.jws);
    }
    return ejwt_jwt_verify(token, token_len, keys, nkeys, vo, work, sizeof work, NULL, &jwt);
}

/* The name --profile takes for RFC 9068. */
#define PROFILE_ACCESS_TOKEN "access-token"

/* --profile access-token: the profile fixes typ, aud, the required claims
 * and the key choice by kid, so the generic options that would set them are
 * refused rather than silently ignored; the keys are the issuer's JWK Set. */
static int check_profile_usage(const char *profile, const cli_keysrc *src, const char *issuer,
                               const char *resource, const char *scope, const char *generic,
                               int jws_only, int ignore_aud)
{
    if (profile == NULL) {
        if (issuer != NULL || resource != NULL || scope != NULL) {
            return cli_usage_error("verify: --issuer, --resource and --scope need "
                                   "--profile " PROFILE_ACCESS_TOKEN);
        }
        return CLI_EXIT_OK;
    }
    if (strcmp(profile, PROFILE_ACCESS_TOKEN) != 0) {
        return cli_usage_error("verify: unknown --profile '%s' (only " PROFILE_ACCESS_TOKEN ")",
                               profile);
    }
    if (issuer == NULL || resource == NULL || issuer[0] == '\0' || resource[0] == '\0') {
        return cli_usage_error("verify: --profile " PROFILE_ACCESS_TOKEN
                               " needs --issuer ISS and --resource RES");
    }
    if (strlen(issuer) > EJWT_ACCESS_TOKEN_MAX_ID_LEN ||
        strlen(resource) > EJWT_ACCESS_TOKEN_MAX_ID_LEN ||
        (scope != NULL && strlen(scope) > EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN)) {
        return cli_usage_error("verify: --issuer, --resource or --scope too long");
    }
    if (generic != NULL || jws_only || ignore_aud) {
        return cli_usage_error("verify: --profile " PROFILE_ACCESS_TOKEN
                               " sets typ, aud and the required claims itself: drop --%s",
                               generic != NULL ? generic
                               : jws_only      ? "jws"
                                               : "ignore-aud");
    }
    if (src->jwk == NULL) {
        return cli_usage_error("verify: --profile " PROFILE_ACCESS_TOKEN
                               " takes the issuer's JWK Set (--jwks FILE)");
    }
    return CLI_EXIT_OK;
}

static int print_payload(void)
{
    if (jwt.jws.payload_len > 0) {
        fwrite(jwt.jws.payload, 1, jwt.jws.payload_len, stdout);
    }
    fputc('\n', stdout);
    return CLI_EXIT_OK;
}

int cli_cmd_verify(int argc, char **argv)
{
    const char *algs_s = NULL, *iss = NULL, *aud = NULL, *sub = NULL, *typ = NULL;
    const char *leeway_s = NULL, *require_s = NULL, *now_s = NULL;
    const char *profile = NULL, *issuer = NULL, *resource = NULL, *scope = NULL, *jwks = NULL;
    cli_keysrc src = {NULL, NULL, NULL};
    int jws_only = 0, ignore_aud = 0;
    const cli_opt opts[] = {
        {"jwk", &src.jwk, NULL},   {"jwks", &jwks, NULL},         {"profile", &profile, NULL},
        {"issuer", &issuer, NULL}, {"resource", &resource, NULL}, {"scope", &scope, NULL},
        {"pem", &src.pem, NULL},   {"secret", &src.secret, NULL}, {"alg", &algs_s, NULL},
        {"iss", &iss, NULL},       {"aud", &aud, NULL},           {"sub", &sub, NULL},
        {"typ", &typ, NULL},       {"leeway", &leeway_s, NULL},   {"require", &require_s, NULL},
        {"now", &now_s, NULL},     {"jws", NULL, &jws_only},      {"ignore-aud", NULL, &ignore_aud},
    };
    const char *pos[1] = {NULL};
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    ejwt_verify_opts vo;
    const char *token = NULL;
    size_t npos, nkeys = 0, token_len = 0, i;
    int per_alg, rc;

    memset(&vo, 0, sizeof vo);
    rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (jwks != NULL) {
        if (src.jwk != NULL) {
            return cli_usage_error("verify: --jwks and --jwk name the same thing: give one");
        }
        src.jwk = jwks; /* a JWK Set, as --jwk takes */
    }
    rc = cli_keysrc_check(&src, "verify", 1);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = check_profile_usage(profile, &src, issuer, resource, scope,
                             iss != NULL         ? "iss"
                             : aud != NULL       ? "aud"
                             : sub != NULL       ? "sub"
                             : typ != NULL       ? "typ"
                             : require_s != NULL ? "require"
                                                 : NULL,
                             jws_only, ignore_aud);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (algs_s != NULL && cli_parse_alg_list(algs_s, &vo.algs) != 0) {
        return cli_usage_error("verify: bad --alg '%s' (a comma list of %s)", algs_s,
                               CLI_ALG_NAMES);
    }
    if (leeway_s != NULL && cli_parse_u32(leeway_s, &vo.leeway) != 0) {
        return cli_usage_error("verify: --leeway needs seconds, not '%s'", leeway_s);
    }
    if (require_s != NULL && cli_parse_claim_list(require_s, &vo.required) != 0) {
        return cli_usage_error("verify: bad --require '%s' (a comma list of "
                               "iss,sub,aud,exp,nbf,iat,jti)",
                               require_s);
    }
    if (now_s != NULL) {
        if (cli_parse_i64(now_s, &vo.now) != 0) {
            return cli_usage_error("verify: --now needs Unix seconds, not '%s'", now_s);
        }
    } else {
        vo.now = (int64_t)time(NULL);
    }
    if (ignore_aud && aud != NULL) {
        return cli_usage_error("verify: --aud checks the audience, --ignore-aud skips it: "
                               "give one");
    }
    vo.iss = iss;
    /* Without --aud a token that names an audience is refused (RFC 7519
     * section 4.1.3), unless the caller says it checks aud elsewhere. */
    vo.aud = aud;
    vo.flags = ignore_aud ? EJWT_VERIFY_IGNORE_AUD : 0u;
    vo.sub = sub;
    vo.typ = typ;

    rc =
        cli_load_verify_keys(&src, algs_s != NULL ? vo.algs : 0u, keys, EJWT_MAX_JWKS_KEYS, &nkeys);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (algs_s == NULL) {
        vo.algs = algs_of_keys(keys, nkeys);
    }

    rc = cli_read_token(npos > 0 ? pos[0] : NULL, token_in, sizeof token_in, &token, &token_len);
    if (rc != CLI_IO_OK) {
        cli_destroy_keys(keys, nkeys);
        if (rc == CLI_IO_TOO_LONG) {
            return cli_reject(EJWT_ERR_TOKEN_TOO_LONG);
        }
        return cli_usage_error("verify: cannot read the token from stdin");
    }
    if (token_len == 0) {
        cli_destroy_keys(keys, nkeys);
        return cli_usage_error("verify: no token (the argument or stdin is empty)");
    }

    /* A JWK Set goes to the core whole (it picks by kid). The keys of one
     * PEM or secret are one material bound to each --alg of its family:
     * a PSA policy names one algorithm. Exactly one of them has the
     * token's algorithm; the others are refused as a mismatch before any
     * signature check, so trying them in turn never guesses. */
    if (profile != NULL) {
        ejwt_access_token_opts ao;

        memset(&ao, 0, sizeof ao);
        ao.algs = vo.algs;
        ao.now = vo.now;
        ao.leeway = vo.leeway;
        ao.issuer = issuer;
        ao.resource = resource;
        ao.scope = scope;
        rc = ejwt_access_token_verify(token, token_len, &ao, keys, nkeys, work, sizeof work, NULL,
                                      &jwt);
        cli_destroy_keys(keys, nkeys);
        if (rc != EJWT_OK) {
            return cli_reject(rc);
        }
        return print_payload();
    }
    per_alg = src.jwk == NULL;
    for (i = 0; i < (per_alg ? nkeys : 1u); i++) {
        rc = verify_with(token, token_len, per_alg ? &keys[i] : keys, per_alg ? 1u : nkeys, &vo,
                         jws_only);
        if (rc != EJWT_ERR_ALG_KEY_MISMATCH) {
            break;
        }
    }
    cli_destroy_keys(keys, nkeys);
    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    return print_payload();
}
