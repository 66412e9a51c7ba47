/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body of the two verify targets (fuzz_verify_hs256.c, fuzz_verify_es256.c),
 * which differ only in FUZZ_ALG, the algorithm of their single key.
 *
 * Input: one option byte, then the compact token. Option byte 0 turns every
 * check on; each set bit relaxes or changes one of them (see options()).
 *
 * Properties, checked after both ejwt_jwt_verify() and
 * ejwt_jws_verify_compact():
 *  - on EJWT_OK, an independent re-check: the token has exactly two dots;
 *    the header (decoded and parsed here) names an allowed algorithm; the
 *    signature over the exact bytes up to the second dot verifies with a
 *    bare PSA call (psa_mac_verify, or psa_hash_compute + psa_verify_hash)
 *    under a PSA key imported here from the same raw material; the key
 *    chosen is the only one it could be (kid); every crit name is declared;
 *    typ matches; and for a JWT every requested claim check holds, re-done
 *    here with the public accessors.
 *  - on failure, the output struct is all zero and the work buffer holds only
 *    zeros (jwt.h: "On any failure out is zeroed and the work buffer wiped").
 * Any violation aborts.
 */
#ifndef EJWT_FUZZ_VERIFY_H
#define EJWT_FUZZ_VERIFY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/ejwt.h>

#include "fuzz_common.h"

#ifndef FUZZ_ALG
#error "define FUZZ_ALG before including fuzz_verify.h"
#endif

#define NOW INT64_C(1700000000)
#define LEEWAY 60u
#define MAX_TOK 96

/* The attack suite's victim keys (tests/attacks/attack_keys.h): test keys. */
static const uint8_t hs_secret[32] = {
    0xcf, 0x70, 0xf2, 0x4c, 0x5c, 0xbf, 0xd8, 0x80, 0x22, 0x17, 0x03, 0xeb, 0x63, 0x8e, 0x2a, 0x54,
    0x22, 0xf8, 0x2b, 0x49, 0xec, 0x37, 0x5f, 0x9f, 0x05, 0xd0, 0x0f, 0xb1, 0x7b, 0x76, 0xfe, 0xf5};
static const uint8_t es_point[65] = {
    0x04, 0x12, 0x27, 0x7a, 0x98, 0xbf, 0x3e, 0x28, 0xd9, 0xf7, 0x00, 0xa6, 0x46,
    0x84, 0x8c, 0x43, 0xbc, 0xea, 0xe4, 0x68, 0x82, 0xd3, 0x43, 0xb8, 0xbc, 0x38,
    0xd4, 0xd9, 0xc3, 0xe8, 0x1b, 0x00, 0x06, 0xcd, 0xca, 0x1b, 0xdc, 0xa3, 0xb7,
    0x7d, 0xbe, 0x64, 0xe8, 0xc8, 0x70, 0x54, 0xe5, 0x80, 0x1c, 0xc8, 0xf2, 0x41,
    0xe2, 0x57, 0x30, 0x2f, 0x8c, 0xa9, 0x95, 0x67, 0xe2, 0x60, 0xd8, 0x33, 0xa8};
/* The same keys as a JWK Set with kids, plus an encryption-only EC key. */
static const char jwks[] =
    "{\"keys\":["
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"es-1\",\"alg\":\"ES256\","
    "\"x\":\"Eid6mL8-KNn3AKZGhIxDvOrkaILTQ7i8ONTZw-gbAAY\","
    "\"y\":\"zcob3KO3fb5k6MhwVOWAHMjyQeJXMC-MqZVn4mDYM6g\"},"
    "{\"kty\":\"oct\",\"kid\":\"hs-1\",\"k\":\"z3DyTFy_2IAiFwPrY44qVCL4K0nsN1-fBdAPsXt2_vU\"},"
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"enc-1\",\"use\":\"enc\","
    "\"x\":\"Eid6mL8-KNn3AKZGhIxDvOrkaILTQ7i8ONTZw-gbAAY\","
    "\"y\":\"zcob3KO3fb5k6MhwVOWAHMjyQeJXMC-MqZVn4mDYM6g\"}]}";

static ejwt_key single_key;  /* FUZZ_ALG's key, no kid */
static ejwt_key set_keys[4]; /* the JWK Set */
static size_t set_count;     /* keys in it */
static psa_key_id_t bare_hs; /* the raw keys, imported here directly */
static psa_key_id_t bare_es;
static const char *const crit_names[] = {"x-dev", NULL};
static int verbose; /* EJWT_FUZZ_VERBOSE set: print each result (seed checks) */

static uint8_t hdr_buf[EJWT_MAX_HEADER_LEN + 4];
static jsmntok_t hdr_tok[MAX_TOK];
static jsmntok_t cl_tok[EJWT_MAX_CLAIM_TOKENS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;

    (void)argc;
    (void)argv;
    verbose = getenv("EJWT_FUZZ_VERBOSE") != NULL;
    FUZZ_CHECK(psa_crypto_init() == PSA_SUCCESS && ejwt_crypto_init() == EJWT_OK);
    if (FUZZ_ALG == EJWT_ALG_HS256) {
        FUZZ_CHECK(ejwt_key_import_hmac(hs_secret, sizeof(hs_secret), &single_key) == EJWT_OK);
    } else {
        FUZZ_CHECK(ejwt_key_import_es256_public(es_point, sizeof(es_point), &single_key) ==
                   EJWT_OK);
    }
    FUZZ_CHECK(ejwt_jwk_import_set(jwks, sizeof(jwks) - 1u, set_keys, 4, &set_count) == EJWT_OK);
    FUZZ_CHECK(set_count == 3u);

    psa_set_key_type(&a, PSA_KEY_TYPE_HMAC);
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_VERIFY_MESSAGE);
    psa_set_key_algorithm(&a, PSA_ALG_HMAC(PSA_ALG_SHA_256));
    FUZZ_CHECK(psa_import_key(&a, hs_secret, sizeof(hs_secret), &bare_hs) == PSA_SUCCESS);
    psa_reset_key_attributes(&a);
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    FUZZ_CHECK(psa_import_key(&a, es_point, sizeof(es_point), &bare_es) == PSA_SUCCESS);
    return 0;
}

typedef struct fuzz_case {
    ejwt_verify_opts opts;
    const ejwt_key *keys;
    size_t nkeys;
    int with_set; /* keys chosen by kid from the JWK Set */
} fuzz_case;

static void options(uint8_t sel, fuzz_case *c)
{
    static const uint32_t alg_lists[4] = {
        EJWT_ALG_BIT(EJWT_ALG_ES256) | EJWT_ALG_BIT(EJWT_ALG_HS256), EJWT_ALG_BIT(FUZZ_ALG),
        EJWT_ALG_BIT(FUZZ_ALG == EJWT_ALG_HS256 ? EJWT_ALG_ES256 : EJWT_ALG_HS256),
        EJWT_ALG_BIT(EJWT_ALG_ES256) | EJWT_ALG_BIT(EJWT_ALG_HS256)};

    memset(c, 0, sizeof(*c));
    c->opts.algs = alg_lists[sel & 3u];
    c->opts.now = (sel & 0x04u) ? EJWT_TIME_UNKNOWN : NOW;
    c->opts.leeway = LEEWAY;
    c->with_set = (sel & 0x08u) != 0u;
    c->keys = c->with_set ? set_keys : &single_key;
    c->nkeys = c->with_set ? set_count : 1u;
    if (!(sel & 0x10u)) {
        c->opts.iss = "trusted";
        c->opts.aud = "api";
        c->opts.sub = "device-1";
    } else if (sel & 0x01u) {
        c->opts.flags = EJWT_VERIFY_IGNORE_AUD;
    }
    c->opts.typ = (sel & 0x20u) ? NULL : "JWT";
    c->opts.required =
        (sel & 0x40u)
            ? 0x7Fu
            : (EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP | EJWT_CLAIM_IAT);
    c->opts.crit = (sel & 0x80u) ? NULL : crit_names;
}

/* ASCII case-insensitive equality of a typ with "JWT" (RFC 7515 4.1.9:
 * "application/" is implied without a '/'). */
static int typ_is_jwt(const char *t, size_t n)
{
    size_t i;

    if (n == 15u && strncmp(t, "application/", 12) == 0) { /* exact-case prefix first */
        t += 12;
        n -= 12;
    } else if (n == 15u) {
        char low[13];
        for (i = 0; i < 12u; i++) {
            low[i] = (char)((t[i] >= 'A' && t[i] <= 'Z') ? t[i] - 'A' + 'a' : t[i]);
        }
        low[12] = '\0';
        if (strcmp(low, "application/") == 0) {
            t += 12;
            n -= 12;
        }
    }
    if (n != 3u) {
        return 0;
    }
    return (t[0] == 'j' || t[0] == 'J') && (t[1] == 'w' || t[1] == 'W') &&
           (t[2] == 't' || t[2] == 'T');
}

/* Decode base64url segment into a fresh heap buffer (exactly sized). */
static uint8_t *decode_segment(const char *s, size_t n, size_t *out_len)
{
    size_t max = EJWT_B64URL_DECODED_MAX(n);
    uint8_t *buf = malloc(max + 1u);

    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(ejwt_b64url_decode(s, n, buf, max, out_len) == EJWT_OK);
    return buf;
}

/* Is member \p name present; its index in \p doc or -1. */
static int member(const ejwt_json *doc, const char *name)
{
    int idx = ejwt_json_find(doc, 0, name);

    FUZZ_CHECK(idx >= 0 || idx == EJWT_ERR_JSON_NOT_FOUND);
    return idx;
}

static int string_is(const ejwt_json *doc, int idx, const char *s)
{
    return ejwt_json_type(doc, idx) == EJWT_JSON_STRING &&
           ejwt_json_string_equals(doc, idx, s, strlen(s)) == 1;
}

/* Re-check the claims of an accepted JWT, with the public accessors only. */
static void recheck_claims(const uint8_t *payload, size_t len, const ejwt_verify_opts *o)
{
    static const char *const names[7] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    static const uint32_t bits[7] = {EJWT_CLAIM_ISS, EJWT_CLAIM_SUB, EJWT_CLAIM_AUD, EJWT_CLAIM_EXP,
                                     EJWT_CLAIM_NBF, EJWT_CLAIM_IAT, EJWT_CLAIM_JTI};
    ejwt_json cl;
    int idx[7];
    int64_t t[7] = {0};
    uint32_t present = 0;
    int64_t lw = (int64_t)o->leeway;
    size_t i;

    FUZZ_CHECK(ejwt_json_parse((const char *)payload, len, cl_tok, EJWT_MAX_CLAIM_TOKENS, &cl) ==
               EJWT_OK);
    FUZZ_CHECK(ejwt_json_type(&cl, 0) == EJWT_JSON_OBJECT);
    for (i = 0; i < 7u; i++) {
        idx[i] = member(&cl, names[i]);
        if (idx[i] < 0) {
            continue;
        }
        present |= bits[i];
        if (i >= 3u && i <= 5u) { /* NumericDate */
            FUZZ_CHECK(ejwt_json_int64(&cl, idx[i], &t[i]) == EJWT_OK);
        } else if (i == 2u) { /* aud: a string or an array of strings */
            FUZZ_CHECK(ejwt_json_string_or_array_contains(&cl, idx[i], "", 0) >= 0);
        } else {
            FUZZ_CHECK(ejwt_json_type(&cl, idx[i]) == EJWT_JSON_STRING);
        }
    }
    FUZZ_CHECK((o->required & ~present) == 0u);
    if (present & (EJWT_CLAIM_EXP | EJWT_CLAIM_NBF)) {
        FUZZ_CHECK(o->now != EJWT_TIME_UNKNOWN);
    }
    if (present & EJWT_CLAIM_EXP) { /* now < exp + leeway, without overflow */
        FUZZ_CHECK(t[3] > INT64_MAX - lw || o->now < t[3] + lw);
    }
    if (present & EJWT_CLAIM_NBF) { /* now + leeway >= nbf, a fraction rounded up */
        int64_t nbf_up = 0;
        FUZZ_CHECK(ejwt_json_int64_ceil(&cl, idx[4], &nbf_up) == EJWT_OK);
        FUZZ_CHECK(nbf_up >= t[4] && nbf_up - t[4] <= 1);
        FUZZ_CHECK(o->now > INT64_MAX - lw || o->now + lw >= nbf_up);
    }
    if (o->iss != NULL) {
        FUZZ_CHECK(idx[0] >= 0 && string_is(&cl, idx[0], o->iss));
    }
    if (o->sub != NULL) {
        FUZZ_CHECK(idx[1] >= 0 && string_is(&cl, idx[1], o->sub));
    }
    if (o->aud != NULL) {
        FUZZ_CHECK(idx[2] >= 0 &&
                   ejwt_json_string_or_array_contains(&cl, idx[2], o->aud, strlen(o->aud)) == 1);
    } else if ((o->flags & EJWT_VERIFY_IGNORE_AUD) == 0u) {
        FUZZ_CHECK(idx[2] < 0); /* RFC 7519 4.1.3: no audience named, none accepted */
    }
}

/* Re-check an accepted token from scratch (aborts on any difference). */
static void recheck_token(const char *tok, size_t len, const fuzz_case *c, int is_jwt)
{
    const char *d1 = memchr(tok, '.', len);
    const char *d2 = d1 != NULL ? memchr(d1 + 1, '.', len - (size_t)(d1 - tok) - 1u) : NULL;
    size_t hlen = 0, plen = 0, slen = 0, n_in;
    uint8_t *hdr, *pay, *sig;
    ejwt_json h;
    int ia, ik, ic, it;
    ejwt_alg alg;
    const ejwt_key *expect_key = NULL;
    size_t i;

    FUZZ_CHECK(d1 != NULL && d2 != NULL && d1 != tok);
    FUZZ_CHECK(memchr(d2 + 1, '.', len - (size_t)(d2 - tok) - 1u) == NULL);
    n_in = (size_t)(d2 - tok);
    hdr = decode_segment(tok, (size_t)(d1 - tok), &hlen);
    pay = decode_segment(d1 + 1, (size_t)(d2 - d1 - 1), &plen);
    sig = decode_segment(d2 + 1, len - n_in - 1u, &slen);

    /* The header: a JSON object with an allowed alg. */
    FUZZ_CHECK(hlen <= EJWT_MAX_HEADER_LEN);
    memcpy(hdr_buf, hdr, hlen);
    FUZZ_CHECK(ejwt_json_parse((const char *)hdr_buf, hlen, hdr_tok, MAX_TOK, &h) == EJWT_OK);
    FUZZ_CHECK(ejwt_json_type(&h, 0) == EJWT_JSON_OBJECT);
    ia = member(&h, "alg");
    FUZZ_CHECK(ia > 0);
    if (string_is(&h, ia, "HS256")) {
        alg = EJWT_ALG_HS256;
    } else {
        FUZZ_CHECK(string_is(&h, ia, "ES256"));
        alg = EJWT_ALG_ES256;
    }
    FUZZ_CHECK((c->opts.algs & EJWT_ALG_BIT(alg)) != 0u);

    /* The key: the single key must be of this alg; from the set, only the
     * verify-capable key of this alg, named by the token's kid. */
    ik = member(&h, "kid");
    if (!c->with_set) {
        FUZZ_CHECK(alg == FUZZ_ALG);
    } else {
        FUZZ_CHECK(ik > 0);
        for (i = 0; i < c->nkeys; i++) {
            if (string_is(&h, ik, c->keys[i].kid)) {
                FUZZ_CHECK(expect_key == NULL);
                expect_key = &c->keys[i];
            }
        }
        FUZZ_CHECK(expect_key != NULL && expect_key->alg == alg &&
                   (expect_key->ops & EJWT_KEY_OP_VERIFY) != 0u);
        FUZZ_CHECK(strcmp(expect_key->kid, alg == EJWT_ALG_HS256 ? "hs-1" : "es-1") == 0);
    }

    /* The signature over the exact signing input, with bare PSA calls. */
    if (alg == EJWT_ALG_HS256) {
        FUZZ_CHECK(slen == 32u);
        FUZZ_CHECK(psa_mac_verify(bare_hs, PSA_ALG_HMAC(PSA_ALG_SHA_256), (const uint8_t *)tok,
                                  n_in, sig, slen) == PSA_SUCCESS);
    } else {
        uint8_t hash[32];
        size_t hash_len = 0;
        FUZZ_CHECK(slen == 64u);
        FUZZ_CHECK(psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)tok, n_in, hash, sizeof(hash),
                                    &hash_len) == PSA_SUCCESS);
        FUZZ_CHECK(psa_verify_hash(bare_es, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, hash_len, sig,
                                   slen) == PSA_SUCCESS);
    }

    /* crit: a non-empty array of declared, present, unregistered names. */
    ic = member(&h, "crit");
    if (ic > 0) {
        int k, n = h.tok[ic].size;
        FUZZ_CHECK(ejwt_json_type(&h, ic) == EJWT_JSON_ARRAY && n >= 1);
        FUZZ_CHECK(c->opts.crit != NULL);
        for (k = ic + 1; k <= ic + n; k++) {
            FUZZ_CHECK(string_is(&h, k, "x-dev"));
        }
        FUZZ_CHECK(member(&h, "x-dev") > 0);
    }
    /* typ */
    if (c->opts.typ != NULL) {
        char typ[64];
        size_t tl = 0;
        it = member(&h, "typ");
        FUZZ_CHECK(it > 0 && ejwt_json_type(&h, it) == EJWT_JSON_STRING);
        FUZZ_CHECK(ejwt_json_string_copy(&h, it, typ, sizeof(typ), &tl) == EJWT_OK);
        FUZZ_CHECK(typ_is_jwt(typ, tl));
    }
    if (is_jwt) {
        recheck_claims(pay, plen, &c->opts);
    }
    free(hdr);
    free(pay);
    free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ejwt_jwt jwt;
    static ejwt_jws jws;
    fuzz_case c;
    const char *tok;
    size_t len, cap, needed = 0;
    uint8_t *work;
    int r;

    if (size < 1u) {
        return 0;
    }
    options(data[0], &c);
    tok = (const char *)data + 1;
    len = size - 1u;
    cap = EJWT_WORK_SIZE(len);
    work = calloc(cap > 0u ? cap : 1u, 1); /* exactly sized: ASan sees overruns */
    FUZZ_CHECK(work != NULL);

    memset(&jwt, 0xA5, sizeof(jwt));
    r = ejwt_jwt_verify(tok, len, c.keys, c.nkeys, &c.opts, work, cap, &needed, &jwt);
    if (r == EJWT_OK) {
        recheck_token(tok, len, &c, 1);
        FUZZ_CHECK(jwt.jws.token == tok && jwt.jws.alg != 0 && jwt.claims_count > 0);
        FUZZ_CHECK(needed <= cap && jwt.jws.payload_len <= needed);
        FUZZ_CHECK(ejwt_jwt_claims(&jwt).count == jwt.claims_count);
        memset(work, 0, cap);
    } else {
        FUZZ_CHECK(fuzz_all_zero(&jwt, sizeof(jwt)));
        FUZZ_CHECK(fuzz_all_zero(work, cap));
    }

    if (verbose) {
        fprintf(stderr, "option 0x%02x jwt: %s\n", data[0], ejwt_error_name(r));
    }
    /* The JWS-only call repeats the JWT call's checks up to the signature;
     * after a bad signature it can only fail the same way, so (ES256 verify
     * being slow) it runs then for one input in eight. */
    if (r == EJWT_ERR_SIGNATURE_INVALID && (data[size - 1u] & 7u) != 0u) {
        free(work);
        return 0;
    }
    memset(&jws, 0xA5, sizeof(jws));
    r = ejwt_jws_verify_compact(tok, len, c.keys, c.nkeys, &c.opts, work, cap, NULL, &jws);
    if (verbose) {
        fprintf(stderr, "option 0x%02x jws: %s\n", data[0], ejwt_error_name(r));
    }
    if (r == EJWT_OK) {
        recheck_token(tok, len, &c, 0);
        FUZZ_CHECK(jws.token == tok && jws.sig_len > 0u);
    } else {
        FUZZ_CHECK(fuzz_all_zero(&jws, sizeof(jws)));
        FUZZ_CHECK(fuzz_all_zero(work, cap));
    }
    free(work);
    return 0;
}

#endif /* EJWT_FUZZ_VERIFY_H */
