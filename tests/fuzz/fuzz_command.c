/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed commands (ejwt_command_verify(), command.h) with the replay cache:
 * what the backend may make a device do.
 *
 * One verifier per input, holding a JWK Set of an ES256 test key (the
 * attack suite's victim key, tests/attacks/attack_keys.h, under its RFC 7638
 * thumbprint as the backend publishes it) and an HS256 key "hs-1" (so an
 * HS256 header finds a key and must still be refused).
 *
 * Input: a config prefix, then up to MAX_CMDS commands run in sequence on
 * the same verifier (so the replay cache sees them all):
 *   flags       bits 0-4: replay-cache entries to prefill (at most
 *               MAX_PREFILL, so past the cache's size) through
 *               ejwt_replay_cache_check_and_add(); bits 5-7: n, their
 *               forget_at 1 << n seconds apart
 *   leeway_s    big-endian uint32 (full range)
 *   max_life    big-endian uint32 (over EJWT_COMMAND_LIFETIME_LIMIT_S must
 *               be refused; then used modulo the limit + 1)
 *   min_iat     big-endian int64
 *   prefill_at  big-endian int64: the now of the prefill
 *   per command: a kind byte; 8 bytes of now, read as the kind's now mode
 *   says (a big-endian int64; the last byte an index into special_now; the
 *   last two a signed delta from the previous now; or the previous now),
 *   always 8 so that a mutated mode keeps the rest in place; then unless it
 *   replays the previous token: for a header of the input, its length byte
 *   and bytes; the length (big-endian 16 bit) and bytes of the raw token,
 *   or of the claims the target signs with the test key (so the fuzzer gets
 *   past the signature into the claim, lifetime and replay rules).
 *
 * Properties:
 *  - on failure the command is all zero and the work buffer all zero, also
 *    when the call refuses an unknown now before reading anything;
 *  - on success, re-checked here from the token's own bytes with the public
 *    JSON accessors and a bare PSA signature check: ES256 under the test
 *    key's kid, typ command+jwt, no crit; iss, aud; exp, iat, jti, cmd (a
 *    string, at the index returned) and args (an object or absent, ditto);
 *    and the time rules of command.h redone with 128-bit arithmetic (no
 *    overflow whatever the values): now known, now < exp + leeway, an nbf
 *    reached, 0 <= exp - iat <= max_lifetime, iat - now <= leeway, iat >=
 *    min_iat when set. (With a fraction the verifier may round each time to
 *    its safe side; the checks here take the integer parts, which every
 *    such rounding satisfies.)
 *  - the replay cache never accepts a jti twice: a jti accepted before is
 *    accepted again only after some check that reached the cache ran at a
 *    time past the first one's exp + leeway; REPLAYED (from the cache) names
 *    a jti accepted before; REPLAY_CACHE_FULL only with at least
 *    EJWT_REPLAY_CACHE_SIZE accepted entries still live.
 *  - every return code has a name (is one of error.h's).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <psa/crypto.h>

#include <ejwt/auth/command.h>
#include <ejwt/ejwt.h>

#include "fuzz_common.h"

__extension__ typedef __int128 i128; /* time rules without overflow */

#define CLIENT "device-42"
#define ISSUER "https://127.0.0.1:8443"
#define NOW INT64_C(1800000000)
#define MAX_CMDS 4u
#define MAX_PREFILL 20u
#define MAX_BODY 8192u
#define TOKEN_CAP 12288u
#define FILL 0xA5u

/* The kind byte of a command. */
#define K_SOURCE 0x07u /* 0 raw token; 1-7 signed with header variant n */
#define K_REPLAY 0x08u /* the previous command's token again */
#define K_NOW_SHIFT 4u /* 2 bits: raw, special, delta, previous */
#define K_SMALL_WORK 0x40u
#define K_NULL_WORK 0x80u

#define H_INPUT 6u    /* header from the input */
#define H_OUTSIDER 7u /* header 1, signed with a key outside the set */

/* The attack suite's keys (tests/attacks/attack_keys.h): test keys only. */
static const uint8_t victim_d[32] = {
    0x17, 0x75, 0x24, 0xdf, 0x14, 0xe1, 0xb7, 0xcf, 0x41, 0xc7, 0xc8, 0x27, 0xb1, 0x67, 0x95, 0xe4,
    0x8b, 0xbc, 0xd8, 0xfb, 0x97, 0xb5, 0x45, 0x2f, 0x33, 0x40, 0x61, 0x95, 0xce, 0xd2, 0xac, 0xbf};
static const uint8_t attacker_d[32] = {
    0xbc, 0x3f, 0xec, 0xf5, 0x28, 0xf6, 0x3b, 0xc5, 0x28, 0x40, 0xf2, 0x98, 0x3f, 0x65, 0xee, 0x18,
    0x1b, 0xe6, 0xa8, 0x5a, 0x24, 0x0d, 0xb1, 0xf3, 0x54, 0x4f, 0xcb, 0xe4, 0x3f, 0x52, 0xbc, 0x3d};

static const int64_t special_now[16] = {
    INT64_MIN, INT64_MIN + 1,      -1,       0,        1,          NOW - 1,       NOW,
    NOW + 1,   NOW + 59,           NOW + 60, NOW + 61, NOW + 3600, INT64_MAX - 1, INT64_MAX,
    INT32_MAX, INT64_C(4294967296)};

static ejwt_key signer, outsider;
static char thumb[EJWT_THUMBPRINT_LEN + 1];
static char jwks[512];
static psa_key_id_t bare_pub; /* the signer's public point, imported here */
static ejwt_command_verifier v;
static int verbose;

/* ---- the replay model -------------------------------------------------- */

typedef struct seen {
    char jti[EJWT_COMMAND_MAX_JTI_LEN + 1u];
    size_t len;
    int64_t forget_at;
    int maybe_forgotten; /* a check reached the cache at a time >= forget_at */
} seen;

static seen accepted[MAX_PREFILL + MAX_CMDS];
static size_t naccepted;

/* A check reached the cache at \p now: what it may have forgotten. */
static void model_reached(int64_t now)
{
    size_t i;

    for (i = 0; i < naccepted; i++) {
        if (now >= accepted[i].forget_at) {
            accepted[i].maybe_forgotten = 1;
        }
    }
}

static void model_add(const char *jti, size_t len, int64_t forget_at)
{
    seen *s = &accepted[naccepted++];

    memcpy(s->jti, jti, len);
    s->len = len;
    s->forget_at = forget_at;
    s->maybe_forgotten = 0;
}

static const seen *model_find(const char *jti, size_t len, int live_only)
{
    size_t i;

    for (i = 0; i < naccepted; i++) {
        if (accepted[i].len == len && memcmp(accepted[i].jti, jti, len) == 0 &&
            (!live_only || !accepted[i].maybe_forgotten)) {
            return &accepted[i];
        }
    }
    return NULL;
}

static size_t model_live(int64_t now)
{
    size_t i, n = 0;

    for (i = 0; i < naccepted; i++) {
        n += accepted[i].forget_at > now ? 1u : 0u;
    }
    return n;
}

/* ---- set-up -------------------------------------------------------------- */

static void import_signer(const uint8_t d[32], ejwt_key *k)
{
    FUZZ_CHECK(ejwt_key_import_es256_private(d, 32, k) == EJWT_OK);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    uint8_t point[65];
    char pub[256];
    size_t n = 0;

    (void)argc;
    (void)argv;
    verbose = getenv("EJWT_FUZZ_VERBOSE") != NULL;
    FUZZ_CHECK(psa_crypto_init() == PSA_SUCCESS && ejwt_crypto_init() == EJWT_OK);
    import_signer(victim_d, &signer);
    import_signer(attacker_d, &outsider);
    /* As the backend names its key: kid = RFC 7638 thumbprint. */
    FUZZ_CHECK(ejwt_jwk_thumbprint(&signer, thumb) == EJWT_OK);
    memcpy(signer.kid, thumb, sizeof(thumb));
    signer.kid_len = EJWT_THUMBPRINT_LEN;
    FUZZ_CHECK(ejwt_jwk_export_public(&signer, pub, sizeof(pub), &n) == EJWT_OK);
    n = (size_t)snprintf(jwks, sizeof(jwks),
                         "{\"keys\":[%s,{\"kty\":\"oct\",\"kid\":\"hs-1\","
                         "\"k\":\"z3DyTFy_2IAiFwPrY44qVCL4K0nsN1-fBdAPsXt2_vU\"}]}",
                         pub);
    FUZZ_CHECK(n < sizeof(jwks));
    if (verbose) {
        fprintf(stderr, "jwks: %s\n", jwks);
    }

    FUZZ_CHECK(ejwt_key_export_es256_public(&signer, point, sizeof(point), &n) == EJWT_OK);
    psa_set_key_type(&a, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    FUZZ_CHECK(psa_import_key(&a, point, n, &bare_pub) == PSA_SUCCESS);
    return 0;
}

/* ---- memo of the target's own ECDSA work --------------------------------- */

/* ECDSA under AddressSanitizer costs milliseconds, and most mutations leave
 * the claims alone: the target's own signatures, and its independent
 * signature checks, are remembered by the SHA-256 of the exact bytes (the
 * verifier under test still verifies every token itself). */
#define MEMO_SLOTS 256u

typedef struct memo {
    uint8_t key[32];
    int used;
    uint8_t sig[64];
} memo;

static memo sig_memo[MEMO_SLOTS];   /* signing input + key -> signature */
static memo check_memo[MEMO_SLOTS]; /* token that passed the bare PSA check */

/* The slot for the bytes \p a (with \p tag first: which key); *key gets
 * their digest. */
static memo *memo_slot(memo *table, const uint8_t *a, size_t an, uint8_t tag, uint8_t key[32])
{
    static uint8_t buf[TOKEN_CAP + 1u];

    FUZZ_CHECK(an < sizeof(buf));
    buf[0] = tag;
    memcpy(buf + 1, a, an);
    FUZZ_CHECK(ejwt_sha256(buf, an + 1u, key) == EJWT_OK);
    return &table[key[0] % MEMO_SLOTS];
}

static void sign_memo(const ejwt_key *k, uint8_t tag, const char *msg, size_t n, uint8_t sig[64])
{
    uint8_t key[32];
    memo *m = memo_slot(sig_memo, (const uint8_t *)msg, n, tag, key);
    size_t sl = 0;

    if (m->used && memcmp(m->key, key, sizeof(key)) == 0) {
        memcpy(sig, m->sig, 64);
        return;
    }
    FUZZ_CHECK(ejwt_signature_sign(k, (const uint8_t *)msg, n, sig, 64, &sl) == EJWT_OK);
    FUZZ_CHECK(sl == 64u);
    memcpy(m->key, key, sizeof(key));
    memcpy(m->sig, sig, 64);
    m->used = 1;
}

/* ---- tokens the target signs --------------------------------------------- */

static size_t b64(const uint8_t *in, size_t n, char *out, size_t cap)
{
    size_t got = 0;

    FUZZ_CHECK(ejwt_b64url_encode(in, n, out, cap, &got) == EJWT_OK);
    return got;
}

/* The header of variant \p h (H_INPUT: none here, the input gives it). */
static size_t header_of(unsigned h, char *out, size_t cap)
{
    int n;

    switch (h) {
    case 1:
    case H_OUTSIDER: /* what the backend sends (PyJWT sorts the header) */
        n = snprintf(out, cap, "{\"alg\":\"ES256\",\"kid\":\"%s\",\"typ\":\"command+jwt\"}", thumb);
        break;
    case 2:
        n = snprintf(out, cap,
                     "{\"alg\":\"ES256\",\"typ\":\"application/command+jwt\",\"kid\":\"%s\"}",
                     thumb);
        break;
    case 3:
        n = snprintf(out, cap, "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"%s\"}", thumb);
        break;
    case 4: /* no kid, and the set has two keys */
        n = snprintf(out, cap, "{\"alg\":\"ES256\",\"typ\":\"command+jwt\"}");
        break;
    case 5: /* the HS256 key's kid: found, and refused by the ES256 pin */
        n = snprintf(out, cap, "{\"alg\":\"HS256\",\"typ\":\"command+jwt\",\"kid\":\"hs-1\"}");
        break;
    default:
        return 0;
    }
    FUZZ_CHECK(n > 0 && (size_t)n < cap);
    return (size_t)n;
}

/* header.claims.signature over the exact claims bytes given, with header
 * variant \p h (H_INPUT: \p hdr). */
static size_t sign_token(unsigned h, const uint8_t *hdr, size_t hdr_len, const uint8_t *claims,
                         size_t claims_len, char *tok)
{
    char header[256];
    uint8_t sig[64];
    size_t n;

    if (h != H_INPUT) {
        hdr_len = header_of(h, header, sizeof(header));
        hdr = (const uint8_t *)header;
    }
    n = b64(hdr, hdr_len, tok, TOKEN_CAP);
    tok[n++] = '.';
    n += b64(claims, claims_len, tok + n, TOKEN_CAP - n);
    sign_memo(h == H_OUTSIDER ? &outsider : &signer, h == H_OUTSIDER, tok, n, sig);
    tok[n++] = '.';
    n += b64(sig, sizeof(sig), tok + n, TOKEN_CAP - n);
    return n;
}

/* ---- re-checks ----------------------------------------------------------- */

static uint8_t seg_buf[TOKEN_CAP];
static uint8_t hdr_buf[EJWT_MAX_HEADER_LEN + 8u];
static jsmntok_t cl_tok[EJWT_MAX_CLAIM_TOKENS];
static jsmntok_t hdr_tok[EJWT_MAX_HEADER_TOKENS];

/* The two dots of a compact token; 0 if it has another number of them. */
static int dots(const char *tok, size_t len, size_t *d1, size_t *d2)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++) {
        if (tok[i] == '.') {
            if (n == 0u) {
                *d1 = i;
            } else {
                *d2 = i;
            }
            n++;
        }
    }
    return n == 2u;
}

/* Decode segment \p k (0 header, 1 payload, 2 signature) into \p out. */
static int segment(const char *tok, size_t len, unsigned k, uint8_t *out, size_t cap,
                   size_t *out_len)
{
    size_t d1 = 0, d2 = 0, a, b;

    if (!dots(tok, len, &d1, &d2)) {
        return 0;
    }
    a = k == 0u ? 0u : k == 1u ? d1 + 1u : d2 + 1u;
    b = k == 0u ? d1 : k == 1u ? d2 : len;
    return ejwt_b64url_decode(tok + a, b - a, out, cap, out_len) == EJWT_OK;
}

/* The claims of a token the verifier accepted (or found valid up to the
 * cache), parsed again here. */
static void claims_of(const char *tok, size_t len, ejwt_json *doc)
{
    size_t n = 0;

    FUZZ_CHECK(segment(tok, len, 1, seg_buf, sizeof(seg_buf), &n));
    FUZZ_CHECK(ejwt_json_parse((const char *)seg_buf, n, cl_tok, EJWT_MAX_CLAIM_TOKENS, doc) ==
               EJWT_OK);
    FUZZ_CHECK(ejwt_json_type(doc, 0) == EJWT_JSON_OBJECT);
}

static int find(const ejwt_json *doc, const char *name)
{
    int idx = ejwt_json_find(doc, 0, name);

    FUZZ_CHECK(idx > 0 || idx == EJWT_ERR_JSON_NOT_FOUND);
    return idx;
}

static int64_t time_claim(const ejwt_json *doc, const char *name)
{
    int idx = find(doc, name);
    int64_t t = 0;

    FUZZ_CHECK(idx > 0 && ejwt_json_type(doc, idx) == EJWT_JSON_NUMBER);
    FUZZ_CHECK(ejwt_json_int64(doc, idx, &t) == EJWT_OK); /* rounded down */
    return t;
}

static size_t jti_of(const ejwt_json *doc, char jti[EJWT_COMMAND_MAX_JTI_LEN + 1u])
{
    int idx = find(doc, "jti");
    size_t n = 0;

    FUZZ_CHECK(idx > 0);
    FUZZ_CHECK(ejwt_json_string_copy(doc, idx, jti, EJWT_COMMAND_MAX_JTI_LEN + 1u, &n) == EJWT_OK);
    return n;
}

/* RFC 7515 4.1.9: case-insensitive, "application/" implied without a '/'. */
static int typ_is_command(const char *t, size_t n)
{
    static const char want[] = "application/command+jwt";
    size_t off = 0, i;

    if (n == sizeof(want) - 1u - 12u) {
        off = 12; /* no "application/" */
    } else if (n != sizeof(want) - 1u) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char c = t[i] >= 'A' && t[i] <= 'Z' ? (char)(t[i] - 'A' + 'a') : t[i];
        if (c != want[off + i]) {
            return 0;
        }
    }
    return 1;
}

static void check_header_and_signature(const char *tok, size_t len)
{
    ejwt_json h;
    char typ[64];
    uint8_t sig[80], hash[32], key[32];
    memo *m;
    size_t n = 0, sl = 0, hash_len = 0, d1 = 0, d2 = 0;
    int idx;

    FUZZ_CHECK(segment(tok, len, 0, hdr_buf, EJWT_MAX_HEADER_LEN, &n));
    FUZZ_CHECK(ejwt_json_parse((const char *)hdr_buf, n, hdr_tok, EJWT_MAX_HEADER_TOKENS, &h) ==
               EJWT_OK);
    idx = ejwt_json_find(&h, 0, "alg");
    FUZZ_CHECK(idx > 0 && ejwt_json_string_equals(&h, idx, "ES256", 5) == 1);
    idx = ejwt_json_find(&h, 0, "kid");
    FUZZ_CHECK(idx > 0 && ejwt_json_string_equals(&h, idx, thumb, EJWT_THUMBPRINT_LEN) == 1);
    idx = ejwt_json_find(&h, 0, "typ");
    FUZZ_CHECK(idx > 0 && ejwt_json_string_copy(&h, idx, typ, sizeof(typ), &n) == EJWT_OK);
    FUZZ_CHECK(typ_is_command(typ, n));
    FUZZ_CHECK(ejwt_json_find(&h, 0, "crit") == EJWT_ERR_JSON_NOT_FOUND); /* none handled */

    FUZZ_CHECK(segment(tok, len, 2, sig, sizeof(sig), &sl) && sl == 64u);
    FUZZ_CHECK(dots(tok, len, &d1, &d2));
    m = memo_slot(check_memo, (const uint8_t *)tok, len, 0, key);
    if (m->used && memcmp(m->key, key, sizeof(key)) == 0) {
        return; /* these exact bytes passed the check before */
    }
    FUZZ_CHECK(psa_hash_compute(PSA_ALG_SHA_256, (const uint8_t *)tok, d2, hash, sizeof(hash),
                                &hash_len) == PSA_SUCCESS);
    FUZZ_CHECK(psa_verify_hash(bare_pub, PSA_ALG_ECDSA(PSA_ALG_SHA_256), hash, hash_len, sig, sl) ==
               PSA_SUCCESS);
    memcpy(m->key, key, sizeof(key));
    m->used = 1;
}

/* Everything command.h promises about an accepted command. */
static void check_accepted(const char *tok, size_t len, int64_t now, const uint8_t *work,
                           size_t cap, const ejwt_command *c)
{
    const ejwt_command_config *cfg = &v.cfg;
    ejwt_json doc, cl = ejwt_command_claims(c);
    i128 t_now = now, lw = cfg->leeway_s, life, exp, iat;
    char jti[EJWT_COMMAND_MAX_JTI_LEN + 1u];
    int idx;

    FUZZ_CHECK(now != EJWT_TIME_UNKNOWN);
    FUZZ_CHECK(c->jwt.jws.token == tok && c->jwt.jws.alg == EJWT_ALG_ES256);
    FUZZ_CHECK(c->jwt.jws.payload >= work && c->jwt.jws.payload_len <= cap &&
               (size_t)(c->jwt.jws.payload - work) <= cap - c->jwt.jws.payload_len);
    check_header_and_signature(tok, len);

    claims_of(tok, len, &doc);
    FUZZ_CHECK(doc.len == c->jwt.jws.payload_len &&
               memcmp(doc.text, c->jwt.jws.payload, doc.len) == 0);
    idx = find(&doc, "iss");
    FUZZ_CHECK(idx > 0 && ejwt_json_string_equals(&doc, idx, ISSUER, strlen(ISSUER)) == 1);
    idx = find(&doc, "aud");
    FUZZ_CHECK(idx > 0 &&
               ejwt_json_string_or_array_contains(&doc, idx, CLIENT, strlen(CLIENT)) == 1);
    (void)jti_of(&doc, jti);

    /* cmd and args, at the indices the verifier returned (same text, same
     * tokenizer, so the same indices). */
    idx = find(&doc, "cmd");
    FUZZ_CHECK(idx > 0 && idx == c->cmd && ejwt_json_type(&doc, idx) == EJWT_JSON_STRING);
    FUZZ_CHECK(ejwt_json_type(&cl, c->cmd) == EJWT_JSON_STRING);
    idx = find(&doc, "args");
    if (idx > 0) {
        FUZZ_CHECK(idx == c->args && ejwt_json_type(&doc, idx) == EJWT_JSON_OBJECT);
        FUZZ_CHECK(ejwt_json_type(&cl, c->args) == EJWT_JSON_OBJECT);
    } else {
        FUZZ_CHECK(c->args == -1);
    }

    /* The time rules, integer parts, 128-bit arithmetic. */
    exp = time_claim(&doc, "exp");
    iat = time_claim(&doc, "iat");
    life = cfg->max_lifetime_s;
    FUZZ_CHECK(life >= 1 && life <= EJWT_COMMAND_LIFETIME_LIMIT_S);
    FUZZ_CHECK(t_now < exp + lw);                    /* not expired */
    FUZZ_CHECK(exp - iat >= 0 && exp - iat <= life); /* short-lived */
    FUZZ_CHECK(iat - t_now <= lw);                   /* not issued in the future */
    FUZZ_CHECK(cfg->min_iat <= 0 || iat >= cfg->min_iat);
    idx = find(&doc, "nbf");
    if (idx > 0) {
        FUZZ_CHECK(t_now + lw >= (i128)time_claim(&doc, "nbf"));
    }
}

/* ---- the run -------------------------------------------------------------- */

static int64_t read_now(fuzz_reader *rd, unsigned mode, int64_t prev)
{
    int64_t raw = fuzz_i64(rd);
    i128 t;

    switch (mode) {
    case 0:
        return raw;
    case 1:
        return special_now[raw & 15];
    case 2:
        t = (i128)prev + (int16_t)(uint16_t)(raw & 0xFFFF);
        return t > INT64_MAX ? INT64_MAX : t < INT64_MIN ? INT64_MIN : (int64_t)t;
    default:
        return prev;
    }
}

static void prefill(unsigned count, unsigned spacing, int64_t at)
{
    char id[32];
    unsigned i;

    for (i = 0; i < count; i++) {
        i128 f = (i128)at + 1 + (i128)i * spacing;
        int64_t forget_at = f > INT64_MAX ? INT64_MAX : (int64_t)f;
        size_t n = (size_t)snprintf(id, sizeof(id), "prefill-%u", i);
        int r = ejwt_replay_cache_check_and_add(&v.cache, (const uint8_t *)id, n, forget_at, at);
        if (at < 0 || forget_at <= at) {
            /* (command.h documents a time unknown; any negative now is refused) */
            FUZZ_CHECK(r == EJWT_ERR_INVALID_ARG);
            continue;
        }
        model_reached(at);
        if (model_live(at) >= EJWT_REPLAY_CACHE_SIZE) {
            FUZZ_CHECK(r == EJWT_ERR_REPLAY_CACHE_FULL);
            continue;
        }
        FUZZ_CHECK(r == EJWT_OK);
        model_add(id, n, forget_at);
    }
}

/* After a call: the replay properties and the model. */
static void replay_rules(const char *tok, size_t len, int64_t now, int r)
{
    ejwt_json doc;
    char jti[EJWT_COMMAND_MAX_JTI_LEN + 1u];
    int64_t exp, iat;
    size_t n;
    const seen *s;

    if (r != EJWT_OK && r != EJWT_ERR_REPLAYED && r != EJWT_ERR_REPLAY_CACHE_FULL) {
        return; /* refused before the cache (or its now < 0 was refused) */
    }
    /* Passed every rule before the cache: the claims are well formed. */
    claims_of(tok, len, &doc);
    exp = time_claim(&doc, "exp");
    iat = time_claim(&doc, "iat");
    if (r == EJWT_ERR_REPLAYED && v.cfg.min_iat > 0 && iat < v.cfg.min_iat) {
        return; /* refused by min_iat, before the cache */
    }
    n = jti_of(&doc, jti);
    model_reached(now);
    if (r == EJWT_ERR_REPLAY_CACHE_FULL) {
        FUZZ_CHECK(model_live(now) >= EJWT_REPLAY_CACHE_SIZE);
        return;
    }
    if (r == EJWT_ERR_REPLAYED) {
        FUZZ_CHECK(model_find(jti, n, 0) != NULL); /* only what was accepted before */
        return;
    }
    s = model_find(jti, n, 1);
    if (s != NULL) {
        fprintf(stderr, "jti \"%.*s\" accepted again at %lld (kept until %lld)\n", (int)n, jti,
                (long long)now, (long long)s->forget_at);
    }
    FUZZ_CHECK(s == NULL); /* never accepted twice while remembered */
    model_add(jti, n,
              (i128)exp + v.cfg.leeway_s > INT64_MAX ? INT64_MAX : exp + (int64_t)v.cfg.leeway_s);
}

static char tokens[MAX_CMDS][TOKEN_CAP];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader rd = {data, size};
    uint8_t flags = fuzz_u8(&rd);
    ejwt_command_config cfg;
    int64_t prefill_at, prev_now = NOW;
    size_t prev_len = 0, i;
    const char *prev_tok = NULL;
    unsigned prefill_count;
    int r;

    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = CLIENT;
    cfg.issuer = ISSUER;
    cfg.leeway_s = (uint32_t)fuzz_be(&rd, 4);
    cfg.max_lifetime_s = (uint32_t)fuzz_be(&rd, 4);
    cfg.min_iat = fuzz_i64(&rd);
    prefill_at = fuzz_i64(&rd);

    r = ejwt_command_verifier_init(&v, &cfg, jwks, strlen(jwks));
    if (cfg.max_lifetime_s > EJWT_COMMAND_LIFETIME_LIMIT_S) {
        FUZZ_CHECK(r == EJWT_ERR_INVALID_ARG && fuzz_all_zero(&v, sizeof(v)));
        cfg.max_lifetime_s %= EJWT_COMMAND_LIFETIME_LIMIT_S + 1u;
        r = ejwt_command_verifier_init(&v, &cfg, jwks, strlen(jwks));
    }
    FUZZ_CHECK(r == EJWT_OK && v.nkeys == 2u);
    FUZZ_CHECK(v.cfg.max_lifetime_s ==
               (cfg.max_lifetime_s != 0u ? cfg.max_lifetime_s : EJWT_COMMAND_MAX_LIFETIME_S));

    naccepted = 0;
    prefill_count = flags & 0x1Fu;
    prefill(prefill_count < MAX_PREFILL ? prefill_count : MAX_PREFILL, 1u << (flags >> 5),
            prefill_at);

    for (i = 0; i < MAX_CMDS && rd.n > 0u; i++) {
        uint8_t kind = fuzz_u8(&rd);
        unsigned source = kind & K_SOURCE;
        int64_t now = read_now(&rd, (unsigned)(kind >> K_NOW_SHIFT) & 3u, prev_now);
        const char *tok;
        size_t len, cap;
        uint8_t *work;
        ejwt_command c;

        if ((kind & K_REPLAY) && prev_tok != NULL) {
            tok = prev_tok;
            len = prev_len;
        } else {
            const uint8_t *hdr = NULL, *body;
            size_t hdr_len = 0, body_len;
            if (source == H_INPUT) {
                hdr_len = fuzz_take(&rd, fuzz_u8(&rd), &hdr);
            }
            body_len = fuzz_take(&rd, (size_t)fuzz_be(&rd, 2), &body);
            if (body_len > MAX_BODY) {
                body_len = MAX_BODY; /* signed, it still fits TOKEN_CAP */
            }
            if (source == 0u) {
                memcpy(tokens[i], body, body_len);
                len = body_len;
            } else {
                len = sign_token(source, hdr, hdr_len, body, body_len, tokens[i]);
            }
            tok = tokens[i];
        }

        cap = EJWT_WORK_SIZE(len);
        if (kind & K_NULL_WORK) {
            cap = 0;
        } else if (kind & K_SMALL_WORK) {
            cap /= 2u;
        }
        work = (kind & K_NULL_WORK) ? NULL : malloc(cap); /* exactly sized: ASan sees overruns */
        FUZZ_CHECK(work != NULL || cap == 0u);
        if (cap > 0u) {
            memset(work, FILL, cap);
        }
        memset(&c, 0x5A, sizeof(c));
        r = ejwt_command_verify(&v, tok, len, now, work, cap, &c);
        if (verbose) {
            fprintf(stderr, "command %zu at %lld: %s\n", i, (long long)now, ejwt_error_name(r));
        }
        FUZZ_CHECK(strcmp(ejwt_error_name(r), "EJWT_ERR_UNKNOWN") != 0);
        if (r == EJWT_OK) {
            check_accepted(tok, len, now, work, cap, &c);
        } else {
            FUZZ_CHECK(fuzz_all_zero(&c, sizeof(c)));
            FUZZ_CHECK(fuzz_all_zero(work, work != NULL ? cap : 0u));
        }
        replay_rules(tok, len, now, r);
        free(work);
        prev_tok = tok;
        prev_len = len;
        prev_now = now;
    }
    ejwt_command_verifier_free(&v);
    return 0;
}
