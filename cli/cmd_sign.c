/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt sign: build and sign a compact JWT. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "algs.h"
#include "args.h"
#include "cli.h"
#include "keys.h"

/* Tokens for checking --claims before it is copied (more than any verifier
 * with the default EJWT_MAX_CLAIM_TOKENS would accept). */
#define CLI_CLAIMS_TOKENS 512

static jsmntok_t claims_tok[CLI_CLAIMS_TOKENS];
static char token_out[EJWT_MAX_TOKEN_LEN + 1];

/* Does --claims already hold \p name, which a flag would add? */
static int claims_conflict(const ejwt_json *doc, int given, const char *name, const char *flag)
{
    if (given && doc->count > 0 && ejwt_json_find(doc, 0, name) > 0) {
        return cli_usage_error("sign: --claims already has \"%s\"; drop %s or the member", name,
                               flag);
    }
    return CLI_EXIT_OK;
}

static int add_seconds(int64_t now, int64_t delta, int64_t *out)
{
    if ((delta > 0 && now > INT64_MAX - delta) || (delta < 0 && now < INT64_MIN - delta)) {
        return -1;
    }
    *out = now + delta;
    return 0;
}

int cli_cmd_sign(int argc, char **argv)
{
    const char *alg_s = NULL, *kid = NULL, *typ = NULL, *claims = NULL;
    const char *exp_s = NULL, *nbf_s = NULL, *now_s = NULL;
    cli_keysrc src = {NULL, NULL, NULL};
    int iat = 0, jti = 0;
    const cli_opt opts[] = {
        {"alg", &alg_s, NULL},         {"jwk", &src.jwk, NULL}, {"pem", &src.pem, NULL},
        {"secret", &src.secret, NULL}, {"kid", &kid, NULL},     {"typ", &typ, NULL},
        {"claims", &claims, NULL},     {"iat", NULL, &iat},     {"exp-in", &exp_s, NULL},
        {"nbf-in", &nbf_s, NULL},      {"jti", NULL, &jti},     {"now", &now_s, NULL},
    };
    ejwt_json doc;
    ejwt_builder b;
    ejwt_key key;
    ejwt_alg alg;
    int64_t now, exp = 0, nbf = 0, delta;
    size_t npos, len = 0;
    int rc;

    memset(&doc, 0, sizeof doc);
    rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], NULL, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (alg_s == NULL) {
        return cli_usage_error("sign: --alg ALG is required (%s)", CLI_ALG_NAMES);
    }
    if (cli_parse_alg(alg_s, strlen(alg_s), &alg) != 0) {
        return cli_usage_error("sign: unsupported --alg '%s' (%s)", alg_s, CLI_ALG_NAMES);
    }
    rc = cli_keysrc_check(&src, "sign", 1);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (now_s != NULL) {
        if (cli_parse_i64(now_s, &now) != 0) {
            return cli_usage_error("sign: --now needs Unix seconds, not '%s'", now_s);
        }
    } else {
        now = (int64_t)time(NULL);
    }
    if (exp_s != NULL &&
        (cli_parse_i64(exp_s, &delta) != 0 || add_seconds(now, delta, &exp) != 0)) {
        return cli_usage_error("sign: --exp-in needs seconds, not '%s'", exp_s);
    }
    if (exp_s != NULL && delta <= 0) {
        /* A token born expired is a mistake, not a use case. */
        return cli_usage_error("sign: --exp-in must be positive, not '%s'", exp_s);
    }
    if (nbf_s != NULL &&
        (cli_parse_i64(nbf_s, &delta) != 0 || add_seconds(now, delta, &nbf) != 0)) {
        return cli_usage_error("sign: --nbf-in needs seconds, not '%s'", nbf_s);
    }
    if (claims != NULL) {
        rc = ejwt_json_parse(claims, strlen(claims), claims_tok, CLI_CLAIMS_TOKENS, &doc);
        if (rc != EJWT_OK) {
            return cli_usage_error("sign: --claims is not valid JSON: %s: %s", ejwt_error_name(rc),
                                   ejwt_strerror(rc));
        }
        if (ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
            return cli_usage_error("sign: --claims must be a JSON object");
        }
        if ((rc = claims_conflict(&doc, iat, "iat", "--iat")) != CLI_EXIT_OK ||
            (rc = claims_conflict(&doc, exp_s != NULL, "exp", "--exp-in")) != CLI_EXIT_OK ||
            (rc = claims_conflict(&doc, nbf_s != NULL, "nbf", "--nbf-in")) != CLI_EXIT_OK ||
            (rc = claims_conflict(&doc, jti, "jti", "--jti")) != CLI_EXIT_OK) {
            return rc;
        }
    }

    rc = cli_load_sign_key(&src, alg, kid, &key);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    /* --typ "" leaves typ out of the header. */
    ejwt_builder_init(&b, token_out, sizeof token_out, &key,
                      typ == NULL ? "JWT" : (typ[0] != '\0' ? typ : NULL));
    if (claims != NULL) {
        ejwt_builder_add_members(&b, claims, strlen(claims));
    }
    if (iat) {
        ejwt_builder_add_int(&b, "iat", now);
    }
    if (nbf_s != NULL) {
        ejwt_builder_add_int(&b, "nbf", nbf);
    }
    if (exp_s != NULL) {
        ejwt_builder_add_int(&b, "exp", exp);
    }
    if (jti) {
        uint8_t rnd[16];
        char id[EJWT_B64URL_ENCODED_LEN(16) + 1];
        size_t id_len = 0;
        rc = ejwt_random(rnd, sizeof rnd);
        if (rc == EJWT_OK) {
            rc = ejwt_b64url_encode(rnd, sizeof rnd, id, sizeof id, &id_len); /* terminated */
        }
        if (rc != EJWT_OK) {
            cli_destroy_keys(&key, 1);
            return cli_reject(rc);
        }
        ejwt_builder_add_string(&b, "jti", id);
    }
    rc = ejwt_builder_finish(&b, &len);
    cli_destroy_keys(&key, 1);
    memset(&b, 0, sizeof b);
    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    fwrite(token_out, 1, len, stdout);
    fputc('\n', stdout);
    return CLI_EXIT_OK;
}
