/* SPDX-License-Identifier: Apache-2.0 */
/* The issuer's JWK Set on the host device (jwks_cache.h in a storage
 * folder): fetched at provisioning from discovery's jwks_uri over the
 * pinned link, and `ejwt device verify`, which checks the issuer's tokens
 * with it and follows a key rotation: a token naming a kid the set does
 * not hold allows one refresh, at most one per --jwks-interval. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ejwt/auth.h>
#include <ejwt/platform.h>
#include <ejwt/platform/sealed_record.h>

#include "algs.h"
#include "args.h"
#include "cli.h"
#include "device.h"
#include "io.h"

/* Tokens given on the command line at most (more: --tokens FILE). */
#define VERIFY_MAX_ARGS 16u
/* Largest --tokens file. */
#define VERIFY_MAX_TOKENS_FILE (1024u * 1024u)
/* Default algorithms: what authorization servers sign access tokens with. */
#define VERIFY_DEFAULT_ALGS "ES256,RS256"
/* The media types a JWK Set is served as (RFC 7517 section 8.5; many
 * servers say application/json). */
#define JWKS_ACCEPT "application/jwk-set+json, application/json"

static ejwt_jwks_cache g_cache;
static uint8_t g_cache_work[EJWT_JWKS_CACHE_WORK_SIZE];
static uint8_t g_tokens[VERIFY_MAX_TOKENS_FILE];
static uint8_t g_verify_work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];

static int64_t wall_now(void)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    return ejwt_platform_wall_time(&now) == EJWT_OK ? now : EJWT_TIME_UNKNOWN;
}

/* Fetch the set from \p source (the cache's own when NULL) and store it.
 * EJWT_OK, or the error; the old set stays on every failure. */
static int fetch_set(device_ctx *d, const char *source, const char *why)
{
    const char *url = source != NULL ? source : ejwt_jwks_cache_source(&g_cache);
    cli_http_request rq;
    cli_http_response rs;
    size_t n = 0;
    int rc;

    memset(&rq, 0, sizeof rq);
    rq.method = "GET";
    rq.url = url;
    rq.accept = JWKS_ACCEPT;
    rc = device_exchange(d, &rq, &rs);
    if (rc != EJWT_OK) {
        (void)device_no_answer(rc, url);
        return rc;
    }
    if (rs.status != 200) {
        (void)device_fail(EJWT_ERR_OAUTH_RESPONSE, "%s answered %d; the JWK Set is kept", url,
                          rs.status);
        return EJWT_ERR_OAUTH_RESPONSE;
    }
    rc = ejwt_jwks_cache_store(&g_cache, source, (const char *)device_response(), rs.len,
                               wall_now(), g_cache_work, sizeof g_cache_work);
    if (rc != EJWT_OK) {
        (void)device_fail(rc, "%s: the JWK Set is refused; the one stored is kept", url);
        return rc;
    }
    (void)ejwt_jwks_cache_keys(&g_cache, &n);
    (void)fprintf(stderr, "device: JWK Set from %s: %zu keys (%s)\n", url, n, why);
    return EJWT_OK;
}

int device_jwks_provision(device_ctx *d)
{
    int rc;

    if (d->cfg.jwks_uri[0] == '\0') {
        (void)ejwt_sealed_record_remove(EJWT_JWKS_CACHE_UID);
        (void)fprintf(stderr, "device: the issuer publishes no jwks_uri: no JWK Set kept\n");
        return CLI_EXIT_OK;
    }
    rc = ejwt_jwks_cache_init(&g_cache, NULL);
    if (rc == EJWT_OK) {
        rc = fetch_set(d, d->cfg.jwks_uri, "provisioning");
    }
    ejwt_jwks_cache_free(&g_cache);
    return rc == EJWT_OK ? CLI_EXIT_OK : CLI_EXIT_REJECT;
}

typedef struct verify_opts {
    const char *resource, *scope, *algs, *interval, *max_age, *tokens;
} verify_opts;

/* One of the issuer's access tokens, with RFC 9068's profile
 * (access_token.h): typ at+jwt, a kid, iss the issuer, aud containing the
 * resource, exp, iat, jti, client_id and sub, and --scope if given. */
static int check_token(const device_ctx *d, const char *tok, size_t len, const verify_opts *o,
                       uint32_t algs)
{
    ejwt_access_token_opts v;
    ejwt_jwt jwt;
    size_t nkeys = 0;
    const ejwt_key *keys = ejwt_jwks_cache_keys(&g_cache, &nkeys);

    memset(&v, 0, sizeof v);
    v.algs = algs;
    v.now = wall_now();
    v.issuer = d->cfg.issuer;
    v.resource = o->resource;
    v.scope = o->scope;
    return ejwt_access_token_verify(tok, len, &v, keys, nkeys, g_verify_work, sizeof g_verify_work,
                                    NULL, &jwt);
}

/* Verify one token; on a kid the set does not hold, one refresh if the
 * rate limit allows it, then once more. Prints the verdict line. */
static int verify_one(device_ctx *d, const char *tok, size_t len, const verify_opts *o,
                      uint32_t algs)
{
    int rc = check_token(d, tok, len, o, algs);

    if (rc == EJWT_ERR_KEY_NOT_FOUND) {
        int gate = ejwt_jwks_cache_begin_refresh(&g_cache, wall_now());
        if (gate == EJWT_OK &&
            fetch_set(d, NULL, "a token names a kid the set does not hold") == EJWT_OK) {
            rc = check_token(d, tok, len, o, algs);
        }
    }
    (void)printf("%s\n", rc == EJWT_OK ? "valid" : ejwt_error_name(rc));
    return rc;
}

/* The cache at start: the stored set, refreshed when due (and allowed). */
static int open_cache(device_ctx *d, const verify_opts *o)
{
    ejwt_jwks_cache_config cfg;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    if ((o->interval != NULL && cli_parse_u32(o->interval, &cfg.min_refresh_interval_s) != 0) ||
        (o->max_age != NULL &&
         (cli_parse_u32(o->max_age, &cfg.max_age_s) != 0 || cfg.max_age_s == 0u))) {
        return device_usage_error("--jwks-interval and --jwks-max-age take whole seconds");
    }
    if (ejwt_jwks_cache_init(&g_cache, &cfg) != EJWT_OK) {
        return device_usage_error("--jwks-interval is at least %u s",
                                  (unsigned)EJWT_JWKS_CACHE_INTERVAL_FLOOR_S);
    }
    rc = ejwt_jwks_cache_load(&g_cache, g_cache_work, sizeof g_cache_work);
    if (rc == EJWT_ERR_STORAGE_NOT_FOUND && d->cfg.jwks_uri[0] == '\0') {
        return device_fail(rc, "the issuer publishes no jwks_uri: nothing to verify with");
    }
    if (rc != EJWT_OK && rc != EJWT_ERR_STORAGE_NOT_FOUND) {
        (void)device_fail(rc, "the stored JWK Set does not open; fetching it again");
    }
    if (ejwt_jwks_cache_source(&g_cache)[0] == '\0') {
        /* Nothing usable stored: the configuration says where it lives
         * (the stored fetch time then rate-limits what follows). */
        return fetch_set(d, d->cfg.jwks_uri, "none stored") == EJWT_OK ? CLI_EXIT_OK
                                                                       : CLI_EXIT_REJECT;
    }
    if (ejwt_jwks_cache_refresh_due(&g_cache, wall_now()) &&
        ejwt_jwks_cache_begin_refresh(&g_cache, wall_now()) == EJWT_OK) {
        (void)fetch_set(d, NULL, "older than its maximum age"); /* the old set stays on failure */
    }
    return CLI_EXIT_OK;
}

/* The tokens of --tokens FILE, one per line, each verified in turn. */
static int verify_file(device_ctx *d, const verify_opts *o, uint32_t algs, unsigned *n,
                       unsigned *valid)
{
    size_t len = 0, i, start = 0;

    if (cli_read_file(o->tokens, g_tokens, sizeof g_tokens, &len) != CLI_IO_OK) {
        return device_usage_error("cannot read --tokens '%s': %s", o->tokens, strerror(errno));
    }
    for (i = 0; i <= len; i++) {
        if (i == len || g_tokens[i] == '\n') {
            size_t end = (i > start && g_tokens[i - 1u] == '\r') ? i - 1u : i;
            if (end > start) {
                (*n)++;
                *valid +=
                    verify_one(d, (const char *)g_tokens + start, end - start, o, algs) == EJWT_OK;
            }
            start = i + 1u;
        }
    }
    return CLI_EXIT_OK;
}

int device_cmd_verify(device_ctx *d, int argc, char **argv)
{
    verify_opts o;
    const char *pos[VERIFY_MAX_ARGS];
    size_t npos = 0, i;
    unsigned n = 0, valid = 0;
    uint32_t algs = 0;
    int rc;

    memset(&o, 0, sizeof o);
    {
        const cli_opt opts[] = {
            {"resource", &o.resource, NULL},
            {"scope", &o.scope, NULL},
            {"alg", &o.algs, NULL},
            {"jwks-interval", &o.interval, NULL},
            {"jwks-max-age", &o.max_age, NULL},
            {"tokens", &o.tokens, NULL},
        };
        rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], pos, VERIFY_MAX_ARGS,
                            &npos);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
    }
    if (cli_parse_alg_list(o.algs != NULL ? o.algs : VERIFY_DEFAULT_ALGS, &algs) != 0) {
        return device_usage_error("bad --alg '%s' (a comma list of %s)", o.algs, CLI_ALG_NAMES);
    }
    if ((npos == 0u) == (o.tokens == NULL)) {
        return device_usage_error("verify takes tokens as arguments or --tokens FILE, not both");
    }
    rc = device_open(d);
    if (rc == CLI_EXIT_OK && o.resource == NULL) {
        o.resource = d->cfg.resource[0] != '\0' ? d->cfg.resource : NULL;
        if (o.resource == NULL) {
            return device_usage_error("verify needs --resource (none was provisioned)");
        }
    }
    if (rc == CLI_EXIT_OK) {
        rc = open_cache(d, &o);
    }
    if (rc != CLI_EXIT_OK) {
        ejwt_jwks_cache_free(&g_cache);
        return rc;
    }
    for (i = 0; i < npos; i++) {
        n++;
        valid += verify_one(d, pos[i], strlen(pos[i]), &o, algs) == EJWT_OK;
    }
    if (o.tokens != NULL) {
        rc = verify_file(d, &o, algs, &n, &valid);
    }
    (void)fprintf(stderr, "device: verify: %u tokens, %u valid; %u JWK Set refreshes\n", n, valid,
                  (unsigned)g_cache.fetches);
    ejwt_jwks_cache_free(&g_cache);
    cli_wipe(g_tokens, sizeof g_tokens);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    return valid == n ? CLI_EXIT_OK : CLI_EXIT_REJECT;
}
