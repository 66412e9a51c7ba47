/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shared inputs: one HMAC secret, one P-256 key (as a PSA key for ejwt
 * and the bare operations, as PEM for libjwt) and the two tokens to verify.
 */
#include <string.h>

#include "bench.h"
#include "ejwt/ejwt.h"

bench_fixture fix;

const char *op_name(bench_op op)
{
    static const char *const names[OP_COUNT] = {"hs256_sign", "hs256_verify", "es256_sign",
                                                "es256_verify"};
    return (unsigned)op < OP_COUNT ? names[op] : "?";
}

const char *impl_name(bench_impl impl)
{
    static const char *const names[IMPL_COUNT] = {"ejwt", "bare", "libjwt"};
    return (unsigned)impl < IMPL_COUNT ? names[impl] : "?";
}

int impl_run(bench_impl impl, bench_op op)
{
    switch (impl) {
    case IMPL_EJWT:
        return ejwt_impl_run(op);
    case IMPL_BARE:
        return bare_impl_run(op);
    case IMPL_LIBJWT:
        return libjwt_impl_run(op);
    case IMPL_COUNT:
    default:
        return -1;
    }
}

/* Split a token made by ejwt into what the bare operations need. */
static int split(const char *token, size_t len, size_t *si_len, uint8_t *sig, size_t sig_cap)
{
    const char *dot = memchr(token, '.', len);
    size_t n = 0;

    if (dot == NULL) {
        return -1;
    }
    dot = memchr(dot + 1, '.', len - (size_t)(dot - token) - 1u);
    if (dot == NULL) {
        return -1;
    }
    *si_len = (size_t)(dot - token);
    if (ejwt_b64url_decode(dot + 1, len - *si_len - 1u, sig, sig_cap, &n) != EJWT_OK ||
        n != sig_cap) {
        return -1;
    }
    return 0;
}

int fixture_init(void)
{
    ejwt_key hs, es_priv, es_pub;
    size_t n = 0;

    bench_hmac_secret(fix.hmac_secret);
    memcpy(fix.es_d, bench_es_d, sizeof(bench_es_d));
    fix.es_priv_pem = bench_es_priv_pem;
    fix.es_pub_pem = bench_es_pub_pem;
    if (ejwt_crypto_init() != EJWT_OK ||
        ejwt_key_import_hmac(fix.hmac_secret, sizeof(fix.hmac_secret), &hs) != EJWT_OK ||
        ejwt_key_import_es256_private(fix.es_d, sizeof(fix.es_d), &es_priv) != EJWT_OK ||
        ejwt_key_export_es256_public(&es_priv, fix.es_point, sizeof(fix.es_point), &n) != EJWT_OK ||
        ejwt_key_import_es256_public(fix.es_point, n, &es_pub) != EJWT_OK) {
        return -1;
    }
    fix.hs_key_id = hs.psa_id;
    fix.es_priv_id = es_priv.psa_id;
    fix.es_pub_id = es_pub.psa_id;
    fix.es_psa_alg = es_priv.psa_alg;
    if (ejwt_impl_setup() != 0 || ejwt_impl_run(OP_HS256_SIGN) != 0 ||
        ejwt_impl_run(OP_ES256_SIGN) != 0) {
        return -1;
    }
    fix.hs_token_len = strlen(ejwt_impl_last_token(OP_HS256_SIGN));
    memcpy(fix.hs_token, ejwt_impl_last_token(OP_HS256_SIGN), fix.hs_token_len + 1u);
    fix.es_token_len = strlen(ejwt_impl_last_token(OP_ES256_SIGN));
    memcpy(fix.es_token, ejwt_impl_last_token(OP_ES256_SIGN), fix.es_token_len + 1u);
    if (split(fix.hs_token, fix.hs_token_len, &fix.hs_signing_input_len, fix.hs_sig,
              sizeof(fix.hs_sig)) != 0 ||
        split(fix.es_token, fix.es_token_len, &fix.es_signing_input_len, fix.es_sig,
              sizeof(fix.es_sig)) != 0) {
        return -1;
    }
    return 0;
}
