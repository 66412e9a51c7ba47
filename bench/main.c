/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_bench: ejwt against the bare PSA operation and against libjwt, in one
 * process, for the four operations on a typical device token.
 *
 *   ejwt_bench [--quick] [--repeats N] [--json FILE]
 *       cross-check, then time every operation of every implementation
 *       (interleaved per repeat), count allocations, print a table
 *   ejwt_bench --callgrind OP IMPL N
 *       run exactly N operations with callgrind instrumentation on only for
 *       them (run under valgrind --tool=callgrind --instr-atstart=no)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#if defined(BENCH_ARENA)
#define BENCH_CONFIG "arena"
#else
#define BENCH_CONFIG "default"
#endif

#define MAX_REPEATS 64

typedef struct op_result {
    double ns[IMPL_COUNT][MAX_REPEATS];
    long iters[IMPL_COUNT];
    double allocs[IMPL_COUNT];
} op_result;

static op_result results[OP_COUNT];

static int fail(const char *what)
{
    fprintf(stderr, "ejwt_bench: %s\n", what);
    return 1;
}

/* Every implementation agrees on what is valid: tokens made by one are
 * accepted by the others with every check on, and a tampered one by none. */
static int cross_check(void)
{
    int op, impl;
    char bad[FIX_TOKEN_CAP];

    for (op = 0; op < OP_COUNT; op++) {
        for (impl = 0; impl < IMPL_COUNT; impl++) {
            if (impl_run((bench_impl)impl, (bench_op)op) != 0) {
                fprintf(stderr, "ejwt_bench: %s %s failed\n", impl_name((bench_impl)impl),
                        op_name((bench_op)op));
                return -1;
            }
        }
    }
    if (libjwt_impl_verify_token(OP_HS256_VERIFY, fix.hs_token) != 0 ||
        libjwt_impl_verify_token(OP_ES256_VERIFY, fix.es_token) != 0) {
        return fail("libjwt rejects ejwt's tokens"), -1;
    }
    if (ejwt_impl_verify_token(OP_HS256_VERIFY, libjwt_impl_last_token(OP_HS256_SIGN),
                               strlen(libjwt_impl_last_token(OP_HS256_SIGN))) != 0 ||
        ejwt_impl_verify_token(OP_ES256_VERIFY, libjwt_impl_last_token(OP_ES256_SIGN),
                               strlen(libjwt_impl_last_token(OP_ES256_SIGN))) != 0) {
        return fail("ejwt rejects libjwt's tokens"), -1;
    }
    /* Flip a payload character: the signature no longer matches. */
    memcpy(bad, fix.hs_token, fix.hs_token_len + 1u);
    bad[fix.hs_signing_input_len - 2u] ^= 0x01;
    if (ejwt_impl_verify_token(OP_HS256_VERIFY, bad, fix.hs_token_len) == 0 ||
        libjwt_impl_verify_token(OP_HS256_VERIFY, bad) == 0) {
        return fail("a tampered HS256 token was accepted"), -1;
    }
    memcpy(bad, fix.es_token, fix.es_token_len + 1u);
    bad[fix.es_signing_input_len - 2u] ^= 0x01;
    if (ejwt_impl_verify_token(OP_ES256_VERIFY, bad, fix.es_token_len) == 0 ||
        libjwt_impl_verify_token(OP_ES256_VERIFY, bad) == 0) {
        return fail("a tampered ES256 token was accepted"), -1;
    }
    return 0;
}

static double time_loop(bench_impl impl, bench_op op, long iters)
{
    uint64_t t0 = now_ns();
    long i;

    for (i = 0; i < iters; i++) {
        (void)impl_run(impl, op);
    }
    return (double)(now_ns() - t0) / (double)iters;
}

/* Iterations for about \p target_ns per timed block. */
static long calibrate(bench_impl impl, bench_op op, double target_ns)
{
    long n = 1;
    double per = time_loop(impl, op, n);

    while (per * (double)n < target_ns / 4.0 && n < 1000000) {
        n *= 4;
        per = time_loop(impl, op, n);
    }
    n = (long)(target_ns / per);
    return n < 1 ? 1 : n;
}

static void count_allocs(bench_op op, op_result *r)
{
    long n = (op == OP_HS256_SIGN || op == OP_HS256_VERIFY) ? 50 : 5;
    int impl;

    for (impl = 0; impl < IMPL_COUNT; impl++) {
        long before, after, i;
        (void)impl_run((bench_impl)impl, op);
        before = alloc_calls();
        for (i = 0; i < n; i++) {
            (void)impl_run((bench_impl)impl, op);
        }
        after = alloc_calls();
        r->allocs[impl] = before < 0 ? -1.0 : (double)(after - before) / (double)n;
    }
}

typedef struct stats {
    double med, min, max, p25, p75;
} stats;

static stats summarize(const double *v, size_t n)
{
    double tmp[MAX_REPEATS];
    stats s;

    memcpy(tmp, v, n * sizeof(v[0]));
    s.med = median(tmp, n);
    s.min = tmp[0];
    s.max = tmp[n - 1u];
    s.p25 = percentile_sorted(tmp, n, 0.25);
    s.p75 = percentile_sorted(tmp, n, 0.75);
    return s;
}

static void ratios(const op_result *r, bench_impl other, int repeats, double *out)
{
    int k;

    for (k = 0; k < repeats; k++) {
        out[k] = r->ns[IMPL_EJWT][k] / r->ns[other][k];
    }
}

static void json_stats(FILE *f, const char *name, stats s)
{
    fprintf(
        f, "\"%s\": {\"median\": %.4f, \"min\": %.4f, \"max\": %.4f, \"p25\": %.4f, \"p75\": %.4f}",
        name, s.med, s.min, s.max, s.p25, s.p75);
}

static void report(FILE *json, int repeats)
{
    int op, impl;
    double rv[MAX_REPEATS];

    printf("%-13s %-7s %12s %12s %12s %9s %8s\n", "op", "impl", "ns median", "min", "max", "iters",
           "allocs");
    if (json != NULL) {
        fprintf(json,
                "{\"config\": \"%s\", \"repeats\": %d, \"hs256_token_len\": %zu, "
                "\"es256_token_len\": %zu, \"results\": [\n",
                BENCH_CONFIG, repeats, fix.hs_token_len, fix.es_token_len);
    }
    for (op = 0; op < OP_COUNT; op++) {
        const op_result *r = &results[op];
        stats vb, vl;
        for (impl = 0; impl < IMPL_COUNT; impl++) {
            stats s = summarize(r->ns[impl], (size_t)repeats);
            printf("%-13s %-7s %12.1f %12.1f %12.1f %9ld %8.1f\n", op_name((bench_op)op),
                   impl_name((bench_impl)impl), s.med, s.min, s.max, r->iters[impl],
                   r->allocs[impl]);
            if (json != NULL) {
                fprintf(json, "  {\"op\": \"%s\", \"impl\": \"%s\", ", op_name((bench_op)op),
                        impl_name((bench_impl)impl));
                json_stats(json, "ns", s);
                fprintf(json, ", \"iterations\": %ld, \"allocs\": ", r->iters[impl]);
                if (r->allocs[impl] < 0) {
                    fprintf(json, "null");
                } else {
                    fprintf(json, "%.2f", r->allocs[impl]);
                }
                fprintf(json, "},\n");
            }
        }
        ratios(r, IMPL_BARE, repeats, rv);
        vb = summarize(rv, (size_t)repeats);
        ratios(r, IMPL_LIBJWT, repeats, rv);
        vl = summarize(rv, (size_t)repeats);
        printf("%-13s ratio ejwt/bare %.3f [%.3f..%.3f]  ejwt/libjwt %.3f [%.3f..%.3f]\n",
               op_name((bench_op)op), vb.med, vb.min, vb.max, vl.med, vl.min, vl.max);
        if (json != NULL) {
            fprintf(json, "  {\"op\": \"%s\", \"ratio\": true, ", op_name((bench_op)op));
            json_stats(json, "ejwt_over_bare", vb);
            fprintf(json, ", ");
            json_stats(json, "ejwt_over_libjwt", vl);
            fprintf(json, "}%s\n", op + 1 < OP_COUNT ? "," : "");
        }
    }
    if (json != NULL) {
        fprintf(json, "]}\n");
    }
}

static int run_all(int quick, int repeats, const char *json_path)
{
    int op, impl, k;
    FILE *json = NULL;

    for (op = 0; op < OP_COUNT; op++) {
        op_result *r = &results[op];
        int is_hs = op == OP_HS256_SIGN || op == OP_HS256_VERIFY;
        double target = quick ? 0.0 : (is_hs ? 20e6 : 60e6);
        for (impl = 0; impl < IMPL_COUNT; impl++) {
            /* Warm-up (caches, branch predictors, lazy initialisation). */
            (void)time_loop((bench_impl)impl, (bench_op)op, quick ? 1 : (is_hs ? 1000 : 10));
            r->iters[impl] = quick ? 2 : calibrate((bench_impl)impl, (bench_op)op, target);
        }
        for (k = 0; k < repeats; k++) {
            /* Interleaved, in a rotating order, so drift hits all alike. */
            for (impl = 0; impl < IMPL_COUNT; impl++) {
                bench_impl which = (bench_impl)((impl + k) % IMPL_COUNT);
                r->ns[which][k] = time_loop(which, (bench_op)op, r->iters[which]);
            }
        }
        count_allocs((bench_op)op, r);
    }
    if (json_path != NULL) {
        json = fopen(json_path, "w");
        if (json == NULL) {
            return fail("cannot write the JSON file");
        }
    }
    report(json, repeats);
    if (json != NULL && fclose(json) != 0) {
        return fail("cannot write the JSON file");
    }
    return 0;
}

static int find_name(const char *s, const char *(*name)(int), int count)
{
    int i;

    for (i = 0; i < count; i++) {
        if (strcmp(s, name(i)) == 0) {
            return i;
        }
    }
    return -1;
}

static const char *op_name_i(int i)
{
    return op_name((bench_op)i);
}

static const char *impl_name_i(int i)
{
    return impl_name((bench_impl)i);
}

typedef struct cg_arg {
    bench_impl impl;
    bench_op op;
} cg_arg;

static int cg_one(void *p)
{
    const cg_arg *a = p;

    return impl_run(a->impl, a->op);
}

int main(int argc, char **argv)
{
    int quick = 0, repeats = 15, i;
    const char *json_path = NULL;
    cg_arg cg = {IMPL_EJWT, OP_HS256_SIGN};
    long cg_n = -1;

#if defined(BENCH_ARENA)
    bench_arena_init();
#endif
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
            repeats = 3;
        } else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc) {
            repeats = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            json_path = argv[++i];
        } else if (strcmp(argv[i], "--callgrind") == 0 && i + 3 < argc) {
            int op = find_name(argv[i + 1], op_name_i, OP_COUNT);
            int impl = find_name(argv[i + 2], impl_name_i, IMPL_COUNT);
            if (op < 0 || impl < 0) {
                return fail("--callgrind OP IMPL N: unknown OP or IMPL");
            }
            cg.op = (bench_op)op;
            cg.impl = (bench_impl)impl;
            cg_n = atol(argv[i + 3]);
            i += 3;
        } else {
            fprintf(stderr,
                    "usage: %s [--quick] [--repeats N] [--json FILE] | --callgrind OP "
                    "IMPL N\n",
                    argv[0]);
            return 2;
        }
    }
    if (repeats < 1 || repeats > MAX_REPEATS) {
        return fail("--repeats must be between 1 and 64");
    }
    if (fixture_init() != 0 || bare_impl_setup() != 0 || libjwt_impl_setup() != 0) {
        return fail("setup failed");
    }
    if (cross_check() != 0) {
        return 1;
    }
    if (cg_n >= 0) {
        /* One warm-up call outside the instrumented loop. */
        if (cg_one(&cg) != 0) {
            return fail("operation failed");
        }
        callgrind_loop(cg_one, &cg, cg_n);
        return 0;
    }
    printf("ejwt_bench (%s Mbed TLS configuration): token %zu bytes (HS256), %zu bytes (ES256)\n",
           BENCH_CONFIG, fix.hs_token_len, fix.es_token_len);
    return run_all(quick, repeats, json_path);
}
