/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The bare PSA operations on the same signing input ("header.payload") and
 * the same key ids: the floor any JWT library on PSA pays.
 */
#include <psa/crypto.h>

#include "bench.h"

#if defined(BENCH_ARENA)
#include <mbedtls/memory_buffer_alloc.h>
#endif

#define HS256 PSA_ALG_HMAC(PSA_ALG_SHA_256)

static uint8_t mac[32];
static uint8_t sig[64];

int bare_impl_setup(void)
{
    return 0;
}

static int hs256_sign(void)
{
    size_t len = 0;

    return psa_mac_compute(mbedtls_svc_key_id_make(0, fix.hs_key_id), HS256,
                           (const uint8_t *)fix.hs_token, fix.hs_signing_input_len, mac,
                           sizeof(mac), &len) == PSA_SUCCESS
               ? 0
               : -1;
}

static int hs256_verify(void)
{
    return psa_mac_verify(mbedtls_svc_key_id_make(0, fix.hs_key_id), HS256,
                          (const uint8_t *)fix.hs_token, fix.hs_signing_input_len, fix.hs_sig,
                          sizeof(fix.hs_sig)) == PSA_SUCCESS
               ? 0
               : -1;
}

static int es256_sign(void)
{
    uint8_t hash[32];
    size_t hash_len = 0, len = 0;

    if (psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)fix.es_token, fix.es_signing_input_len,
                         hash, sizeof(hash), &hash_len) != PSA_SUCCESS) {
        return -1;
    }
    return psa_sign_hash(mbedtls_svc_key_id_make(0, fix.es_priv_id), fix.es_psa_alg, hash, hash_len,
                         sig, sizeof(sig), &len) == PSA_SUCCESS
               ? 0
               : -1;
}

static int es256_verify(void)
{
    uint8_t hash[32];
    size_t hash_len = 0;

    if (psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)fix.es_token, fix.es_signing_input_len,
                         hash, sizeof(hash), &hash_len) != PSA_SUCCESS) {
        return -1;
    }
    return psa_verify_hash(mbedtls_svc_key_id_make(0, fix.es_pub_id), fix.es_psa_alg, hash,
                           hash_len, fix.es_sig, sizeof(fix.es_sig)) == PSA_SUCCESS
               ? 0
               : -1;
}

int bare_impl_run(bench_op op)
{
    switch (op) {
    case OP_HS256_SIGN:
        return hs256_sign();
    case OP_HS256_VERIFY:
        return hs256_verify();
    case OP_ES256_SIGN:
        return es256_sign();
    case OP_ES256_VERIFY:
        return es256_verify();
    case OP_COUNT:
    default:
        return -1;
    }
}

#if defined(BENCH_ARENA)
/* Mbed TLS on a static arena, as on the boards: its allocations then never
 * reach the system heap. */
static unsigned char arena[256 * 1024];

void bench_arena_init(void)
{
    mbedtls_memory_buffer_alloc_init(arena, sizeof(arena));
}
#endif
