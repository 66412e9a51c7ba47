/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_bench_scale: how ejwt_jwt_verify() grows with the token. Built against
 * the bench's own copy of the core with large limits (EJWT_MAX_TOKEN_LEN,
 * EJWT_MAX_CLAIM_TOKENS), so one build takes every size.
 *
 *   ejwt_bench_scale [--quick] [--json FILE]
 *       time and stack of one verification for each series point
 *   ejwt_bench_scale --callgrind bytes|claims VALUE hs256|es256 N
 *       exactly N verifications of that token under callgrind
 *
 * Series: a growing custom string claim for tokens of 256 B .. 16 KiB, and
 * 5, 20, 80 claims. Every check stays on (alg pinned, typ, kid, iss, exp,
 * required claims; plus sub and aud in the claims series).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ejwt/ejwt.h"

#define SCALE_TOKEN_CAP 20000u
#define SCALE_KID "k1"
#define MAX_REPEATS 64

static const long byte_points[] = {256, 1024, 4096, 16384};
static const long claim_points[] = {5, 20, 80};

static ejwt_key hs_key, es_key, es_priv;
static char token[SCALE_TOKEN_CAP];
static size_t token_len;
static char pad[SCALE_TOKEN_CAP];
static ejwt_jwt jwt;
static uint8_t work[EJWT_WORK_SIZE(SCALE_TOKEN_CAP)];
static ejwt_verify_opts opts;
static const ejwt_key *cur_key;

/* ES256 tokens are signed with the private key and verified with the public
 * one, as a device verifies its backend's tokens. */
static int setup_keys(void)
{
    uint8_t secret[32], point[65];
    size_t n = 0;

    bench_hmac_secret(secret);
    if (ejwt_crypto_init() != EJWT_OK || ejwt_key_import_hmac(secret, sizeof(secret), &hs_key) ||
        ejwt_key_from_psa(hs_key.psa_id, EJWT_ALG_HS256, SCALE_KID, &hs_key) != EJWT_OK ||
        ejwt_key_import_es256_private(bench_es_d, sizeof(bench_es_d), &es_priv) != EJWT_OK ||
        ejwt_key_from_psa(es_priv.psa_id, EJWT_ALG_ES256, SCALE_KID, &es_priv) != EJWT_OK ||
        ejwt_key_export_es256_public(&es_priv, point, sizeof(point), &n) != EJWT_OK ||
        ejwt_key_import_es256_public(point, n, &es_key) != EJWT_OK ||
        ejwt_key_from_psa(es_key.psa_id, EJWT_ALG_ES256, SCALE_KID, &es_key) != EJWT_OK) {
        return -1;
    }
    return 0;
}

/* Tokens of the bytes series: {"iss","exp","pad"} with pad of \p pad_len. */
static int make_bytes_token(const ejwt_key *key, size_t pad_len)
{
    ejwt_builder b;

    memset(pad, 'x', pad_len);
    pad[pad_len] = '\0';
    ejwt_builder_init(&b, token, sizeof(token), key, "JWT");
    ejwt_builder_add_string(&b, "iss", FIX_ISS);
    ejwt_builder_add_int(&b, "exp", FIX_EXP);
    ejwt_builder_add_string(&b, "pad", pad);
    return ejwt_builder_finish(&b, &token_len) == EJWT_OK ? 0 : -1;
}

/* The shortest token of at least \p target bytes. */
static int bytes_token(const ejwt_key *key, long target)
{
    size_t p;

    if (make_bytes_token(key, 0) != 0 || (long)token_len > target) {
        return -1;
    }
    p = ((size_t)target - token_len) * 3u / 4u;
    p = p > 8u ? p - 8u : 0u;
    for (; p < sizeof(pad) - 1u; p++) {
        if (make_bytes_token(key, p) != 0) {
            return -1;
        }
        if ((long)token_len >= target) {
            return 0;
        }
    }
    return -1;
}

/* Tokens of the claims series: iss, sub, aud, iat, exp, then custom claims. */
static int claims_token(const ejwt_key *key, long nclaims)
{
    ejwt_builder b;
    long i;

    ejwt_builder_init(&b, token, sizeof(token), key, "JWT");
    ejwt_builder_add_string(&b, "iss", FIX_ISS);
    ejwt_builder_add_string(&b, "sub", FIX_SUB);
    ejwt_builder_add_string(&b, "aud", FIX_AUD);
    ejwt_builder_add_int(&b, "iat", FIX_IAT);
    ejwt_builder_add_int(&b, "exp", FIX_EXP);
    for (i = 5; i < nclaims; i++) {
        char name[32], value[32];
        snprintf(name, sizeof(name), "c%03ld", i);
        snprintf(value, sizeof(value), "value-%03ld", i);
        ejwt_builder_add_string(&b, name, value);
    }
    return ejwt_builder_finish(&b, &token_len) == EJWT_OK ? 0 : -1;
}

static int prepare(int claims_series, long value, int es)
{
    const ejwt_key *key = es ? &es_key : &hs_key;
    const ejwt_key *signer = es ? &es_priv : &hs_key;

    memset(&opts, 0, sizeof(opts));
    opts.algs = EJWT_ALG_BIT(key->alg);
    opts.now = FIX_NOW;
    opts.leeway = FIX_LEEWAY;
    opts.iss = FIX_ISS;
    opts.typ = "JWT";
    opts.required = EJWT_CLAIM_ISS | EJWT_CLAIM_EXP;
    if (claims_series) {
        opts.sub = FIX_SUB;
        opts.aud = FIX_AUD;
        opts.required |= EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_IAT;
    }
    cur_key = key;
    return claims_series ? claims_token(signer, value) : bytes_token(signer, value);
}

static int verify_once(void)
{
    return ejwt_jwt_verify(token, token_len, cur_key, 1, &opts, work, sizeof(work), NULL, &jwt) ==
                   EJWT_OK
               ? 0
               : -1;
}

static int verify_cb(void *arg)
{
    (void)arg;
    return verify_once();
}

static void verify_void(void)
{
    (void)verify_once();
}

static double time_point(int quick, int es)
{
    double ns[MAX_REPEATS];
    int repeats = quick ? 2 : 9, k;
    long iters = quick ? 1 : (es ? 8 : 2000), i;

    for (i = 0; i < iters; i++) {
        (void)verify_once(); /* warm-up */
    }
    for (k = 0; k < repeats; k++) {
        uint64_t t0 = now_ns();
        for (i = 0; i < iters; i++) {
            (void)verify_once();
        }
        ns[k] = (double)(now_ns() - t0) / (double)iters;
    }
    return median(ns, (size_t)repeats);
}

static int run_series(FILE *json, int quick)
{
    static const char *const algs[] = {"hs256", "es256"};
    int es, series, first = 1;

    printf("%-7s %-7s %7s %10s %12s %10s\n", "series", "alg", "value", "token B", "ns median",
           "stack B");
    if (json != NULL) {
        fprintf(json, "{\"max_token_len\": %d, \"max_claim_tokens\": %d, \"points\": [\n",
                EJWT_MAX_TOKEN_LEN, EJWT_MAX_CLAIM_TOKENS);
    }
    for (series = 0; series < 2; series++) {
        const long *pts = series ? claim_points : byte_points;
        size_t npts = series ? sizeof(claim_points) / sizeof(claim_points[0])
                             : sizeof(byte_points) / sizeof(byte_points[0]);
        size_t i;
        for (es = 0; es < 2; es++) {
            for (i = 0; i < npts; i++) {
                double ns;
                long stack;
                if (prepare(series, pts[i], es) != 0 || verify_once() != 0) {
                    fprintf(stderr, "ejwt_bench_scale: %s %ld failed\n", algs[es], pts[i]);
                    return 1;
                }
                ns = time_point(quick, es);
                stack = stack_peak(verify_void);
                printf("%-7s %-7s %7ld %10zu %12.1f %10ld\n", series ? "claims" : "bytes", algs[es],
                       pts[i], token_len, ns, stack);
                if (json != NULL) {
                    fprintf(json,
                            "%s  {\"series\": \"%s\", \"alg\": \"%s\", \"value\": %ld, "
                            "\"token_len\": %zu, \"ns_median\": %.1f, \"stack\": %ld}",
                            first ? "" : ",\n", series ? "claims" : "bytes", algs[es], pts[i],
                            token_len, ns, stack);
                    first = 0;
                }
            }
        }
    }
    if (json != NULL) {
        fprintf(json, "\n], \"sizeof_ejwt_jwt\": %zu}\n", sizeof(ejwt_jwt));
    }
    return 0;
}

int main(int argc, char **argv)
{
    int quick = 0, i;
    const char *json_path = NULL;
    FILE *json = NULL;
    int rc;

    if (setup_keys() != 0) {
        fprintf(stderr, "ejwt_bench_scale: key setup failed\n");
        return 1;
    }
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            json_path = argv[++i];
        } else if (strcmp(argv[i], "--callgrind") == 0 && i + 4 < argc) {
            int claims = strcmp(argv[i + 1], "claims") == 0;
            int es = strcmp(argv[i + 3], "es256") == 0;
            if (prepare(claims, atol(argv[i + 2]), es) != 0 || verify_once() != 0) {
                fprintf(stderr, "ejwt_bench_scale: cannot make that token\n");
                return 1;
            }
            callgrind_loop(verify_cb, NULL, atol(argv[i + 4]));
            printf("token_len %zu\n", token_len);
            return 0;
        } else {
            fprintf(stderr,
                    "usage: %s [--quick] [--json FILE] | --callgrind bytes|claims VALUE "
                    "hs256|es256 N\n",
                    argv[0]);
            return 2;
        }
    }
    if (json_path != NULL && (json = fopen(json_path, "w")) == NULL) {
        fprintf(stderr, "ejwt_bench_scale: cannot write %s\n", json_path);
        return 1;
    }
    rc = run_series(json, quick);
    if (json != NULL && fclose(json) != 0) {
        rc = 1;
    }
    return rc;
}
