/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ejwt benchmark harness: shared declarations. Not part of the library;
 * see docs/BENCHMARKS.md for what is measured and how.
 */
#ifndef EJWT_BENCH_H
#define EJWT_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* The four operations of the issue, in report order. */
typedef enum bench_op {
    OP_HS256_SIGN,
    OP_HS256_VERIFY,
    OP_ES256_SIGN,
    OP_ES256_VERIFY,
    OP_COUNT
} bench_op;

/* The implementations measured side by side. */
typedef enum bench_impl {
    IMPL_EJWT,
    IMPL_BARE,
    IMPL_LIBJWT,
    IMPL_COUNT
} bench_impl;

/* The typical device token (issue 6): header alg, typ, kid; claims iss, sub,
 * aud, iat, exp, jti and a scope string. */
#define FIX_KID "dev-k1"
#define FIX_ISS "dev-7f3a91c2"
#define FIX_SUB "dev-7f3a91c2"
#define FIX_AUD "https://api.example.com/token"
#define FIX_IAT 1767225600L /* 2026-01-01T00:00:00Z */
#define FIX_EXP (FIX_IAT + 600L)
#define FIX_NOW (FIX_IAT + 60L)
#define FIX_LEEWAY 30
#define FIX_JTI "q3Zt8Ff0rXw2LmVb"
#define FIX_SCOPE "telemetry:write"

#define FIX_TOKEN_CAP 1024u

/* Inputs shared by all implementations, made once by fixture_init(). */
typedef struct bench_fixture {
    uint8_t hmac_secret[32];
    uint8_t es_d[32];        /* P-256 private scalar */
    uint8_t es_point[65];    /* its public point, 0x04 || X || Y */
    const char *es_priv_pem; /* the same key for libjwt */
    const char *es_pub_pem;
    /* PSA key ids (ejwt imports them; the bare operations use the same ids). */
    uint32_t hs_key_id;
    uint32_t es_priv_id;
    uint32_t es_pub_id;
    uint32_t es_psa_alg;
    /* Tokens to verify, signed by ejwt, and their parts for the bare ops. */
    char hs_token[FIX_TOKEN_CAP];
    size_t hs_token_len;
    size_t hs_signing_input_len;
    uint8_t hs_sig[32];
    char es_token[FIX_TOKEN_CAP];
    size_t es_token_len;
    size_t es_signing_input_len;
    uint8_t es_sig[64];
} bench_fixture;

extern bench_fixture fix;

/* keys.c */
extern const uint8_t bench_es_d[32];
extern const char bench_es_priv_pem[];
extern const char bench_es_pub_pem[];
void bench_hmac_secret(uint8_t out[32]);

/* fixture.c */
int fixture_init(void);
const char *op_name(bench_op op);
const char *impl_name(bench_impl impl);

/* One operation of each implementation; 0 on success. Each setup is called
 * once after fixture_init(); run is then called many times. */
int ejwt_impl_setup(void);
int ejwt_impl_run(bench_op op);
int bare_impl_setup(void);
int bare_impl_run(bench_op op);
int libjwt_impl_setup(void);
int libjwt_impl_run(bench_op op);
/* Last token signed by an implementation (for the cross-checks). */
const char *ejwt_impl_last_token(bench_op op);
const char *libjwt_impl_last_token(bench_op op);
/* Verify \p token with ejwt (all checks on) / with libjwt; 0 when accepted. */
int ejwt_impl_verify_token(bench_op verify_op, const char *token, size_t len);
int libjwt_impl_verify_token(bench_op verify_op, const char *token);

int impl_run(bench_impl impl, bench_op op);

/* alloc_count.c: system allocation calls (malloc, calloc, realloc) so far,
 * or -1 when the counting interposer is not built (sanitizer builds). */
long alloc_calls(void);

/* timing.c */
uint64_t now_ns(void);
double median(double *v, size_t n); /* sorts v */
double percentile_sorted(const double *v, size_t n, double p);

/* Bytes of a painted stack that \p fn touched (run on its own stack), or -1. */
long stack_peak(void (*fn)(void));

/* ops_bare.c, BENCH_ARENA builds: Mbed TLS's static arena. */
void bench_arena_init(void);

/* callgrind.c: run \p n calls of \p fn with instrumentation on only for them. */
void callgrind_loop(int (*fn)(void *), void *arg, long n);

#endif /* EJWT_BENCH_H */
