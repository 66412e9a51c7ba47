/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_batch: the differential test's view of ejwt. Verifies many tokens in
 * one process so the driver (differential.py) need not spawn the CLI once per
 * token.
 *
 * usage: ejwt_batch --now UNIX --leeway S [--iss S] [--aud S] [--require BITS]
 *                   [--alg ES256,HS256] JWK...
 * Each JWK argument is one key (JSON text). Each stdin line is
 * "<key index> <token>"; the answer is one stdout line per input line: "OK"
 * or the ejwt error name (EJWT_ERR_...). The verifier gets exactly one key,
 * as the peers do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ejwt/ejwt.h"

#define BATCH_MAX_KEYS 4
/* Longer than EJWT_MAX_TOKEN_LEN, so over-long tokens reach the verifier. */
#define BATCH_MAX_LINE (2u * EJWT_MAX_TOKEN_LEN + 64u)

static char line[BATCH_MAX_LINE + 2u];
static uint8_t work[EJWT_WORK_SIZE(BATCH_MAX_LINE)];
static ejwt_jwt jwt;

static int usage(const char *why)
{
    fprintf(stderr, "ejwt_batch: %s\n", why);
    return 2;
}

static int parse_i64(const char *s, int64_t *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);

    if (end == s || *end != '\0') {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

static int parse_algs(const char *s, uint32_t *algs)
{
    *algs = 0;
    while (*s != '\0') {
        if (strncmp(s, "ES256", 5) == 0) {
            *algs |= EJWT_ALG_BIT(EJWT_ALG_ES256);
        } else if (strncmp(s, "HS256", 5) == 0) {
            *algs |= EJWT_ALG_BIT(EJWT_ALG_HS256);
        } else {
            return -1;
        }
        s += 5;
        if (*s == ',') {
            s++;
        } else if (*s != '\0') {
            return -1;
        }
    }
    return *algs == 0u ? -1 : 0;
}

/* Answer one input line: "<key index> <token>". */
static void verify_line(char *text, size_t len, const ejwt_key *keys, size_t nkeys,
                        const ejwt_verify_opts *opts)
{
    size_t k;
    int rc;

    if (len < 2u || text[0] < '0' || text[0] > '9' || text[1] != ' ') {
        puts("BATCH_BAD_LINE");
        return;
    }
    k = (size_t)(text[0] - '0');
    if (k >= nkeys) {
        puts("BATCH_BAD_KEY");
        return;
    }
    rc = ejwt_jwt_verify(text + 2, len - 2u, &keys[k], 1, opts, work, sizeof work, NULL, &jwt);
    puts(rc == EJWT_OK ? "OK" : ejwt_error_name(rc));
}

int main(int argc, char **argv)
{
    ejwt_key keys[BATCH_MAX_KEYS];
    ejwt_verify_opts opts;
    size_t nkeys = 0, i;
    int64_t v = 0;
    int a, rc;

    memset(&opts, 0, sizeof opts);
    memset(keys, 0, sizeof keys);
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_ES256) | EJWT_ALG_BIT(EJWT_ALG_HS256);
    opts.now = EJWT_TIME_UNKNOWN;
    rc = ejwt_crypto_init();
    if (rc != EJWT_OK) {
        return usage(ejwt_error_name(rc));
    }
    for (a = 1; a < argc; a++) {
        const char *arg = argv[a];
        const char *val = a + 1 < argc ? argv[a + 1] : NULL;
        if (arg[0] == '-' && arg[1] == '-' && val == NULL) {
            return usage("option without value");
        }
        if (strcmp(arg, "--now") == 0) {
            if (parse_i64(val, &opts.now) != 0) {
                return usage("bad --now");
            }
            a++;
        } else if (strcmp(arg, "--leeway") == 0) {
            if (parse_i64(val, &v) != 0 || v < 0 || v > 86400) {
                return usage("bad --leeway");
            }
            opts.leeway = (uint32_t)v;
            a++;
        } else if (strcmp(arg, "--iss") == 0) {
            opts.iss = val;
            a++;
        } else if (strcmp(arg, "--aud") == 0) {
            opts.aud = val;
            a++;
        } else if (strcmp(arg, "--require") == 0) {
            if (parse_i64(val, &v) != 0 || v < 0 || v > 0x7F) {
                return usage("bad --require (EJWT_CLAIM_* bits)");
            }
            opts.required = (uint32_t)v;
            a++;
        } else if (strcmp(arg, "--alg") == 0) {
            if (parse_algs(val, &opts.algs) != 0) {
                return usage("bad --alg");
            }
            a++;
        } else if (nkeys < BATCH_MAX_KEYS) {
            rc = ejwt_jwk_import(arg, strlen(arg), &keys[nkeys]);
            if (rc != EJWT_OK) {
                return usage(ejwt_error_name(rc));
            }
            nkeys++;
        } else {
            return usage("too many keys");
        }
    }
    if (nkeys == 0u) {
        return usage("no key");
    }
    while (fgets(line, (int)sizeof line, stdin) != NULL) {
        size_t len = strlen(line);
        if (len > 0u && line[len - 1u] == '\n') {
            line[--len] = '\0';
        } else if (len >= sizeof line - 1u) {
            return usage("line too long");
        }
        verify_line(line, len, keys, nkeys, &opts);
    }
    for (i = 0; i < nkeys; i++) {
        (void)ejwt_key_destroy(&keys[i]);
    }
    return 0;
}
