/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The client assertion (ejwt_assertion_sign(), assertion.h) on hostile
 * configuration: client id and audience of any bytes and length (quotes,
 * backslashes, control bytes, invalid UTF-8, past their bounds), any now
 * and lifetime, a hostile kid, keys that may not sign, failing entropy.
 *
 * Input: flags (key, entropy, now, capacity), now (big-endian int64),
 * lifetime (big-endian uint32), client id (length byte, bytes), audience
 * (big-endian 16-bit length, bytes), kid (length byte, bytes), entropy
 * seed. The strings are C strings, so each ends at its first NUL.
 * Keys: the attack suite's ES256 test key pair (tests/attacks/attack_keys.h;
 * it protects nothing) without a kid (the thumbprint is used), the same key
 * with the input's kid, its public half (may not sign) and an HS256 key.
 *
 * The target decides which documented errors apply (TIME_UNKNOWN,
 * INVALID_ARG, ALG_KEY_MISMATCH, KEY_USAGE, ENTROPY, BUFFER_TOO_SMALL, and
 * JSON_STRING for a string that is not UTF-8, which the builder refuses)
 * and checks that the call returns one of them, or EJWT_OK when none does.
 * First a size query (NULL, 0) that must draw no entropy, then a call with
 * the chosen capacity, and after BUFFER_TOO_SMALL one with the size it
 * reported. Properties:
 *  - on success: the output is terminated at its length; within
 *    EJWT_ASSERTION_SIZE() when no string needs escaping; exactly the size
 *    reported before; and it is a JWT that ejwt_jwt_verify() with the
 *    public key accepts as the backend checks it (ES256, typ JWT, iss ==
 *    sub == client id and aud == audience compared after JSON unescaping,
 *    all six claims, now = iat); the unescaped iss, sub and aud are the
 *    input bytes exactly; iat is now and exp - iat the lifetime (0 read as
 *    EJWT_ASSERTION_DEFAULT_LIFETIME_S, capped at
 *    EJWT_ASSERTION_MAX_LIFETIME_S); the jti is the base64url of the 16
 *    bytes the entropy hook gave; the header is alg, typ and the key's kid
 *    (or its RFC 7638 thumbprint) and nothing else;
 *  - on failure: the output is wiped (all zero, so "" too), whatever
 *    failed, also before anything was built; out_len is 0, or the size
 *    needed after BUFFER_TOO_SMALL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/auth/assertion.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform.h>

#include "fuzz_common.h"

#define FILL 0xA5u
#define BIG_CAP 8192u

/* The attack suite's victim keys (tests/attacks/attack_keys.h): test keys. */
static const uint8_t es_d[32] = {0x17, 0x75, 0x24, 0xdf, 0x14, 0xe1, 0xb7, 0xcf, 0x41, 0xc7, 0xc8,
                                 0x27, 0xb1, 0x67, 0x95, 0xe4, 0x8b, 0xbc, 0xd8, 0xfb, 0x97, 0xb5,
                                 0x45, 0x2f, 0x33, 0x40, 0x61, 0x95, 0xce, 0xd2, 0xac, 0xbf};
static const uint8_t es_point[65] = {
    0x04, 0x12, 0x27, 0x7a, 0x98, 0xbf, 0x3e, 0x28, 0xd9, 0xf7, 0x00, 0xa6, 0x46,
    0x84, 0x8c, 0x43, 0xbc, 0xea, 0xe4, 0x68, 0x82, 0xd3, 0x43, 0xb8, 0xbc, 0x38,
    0xd4, 0xd9, 0xc3, 0xe8, 0x1b, 0x00, 0x06, 0xcd, 0xca, 0x1b, 0xdc, 0xa3, 0xb7,
    0x7d, 0xbe, 0x64, 0xe8, 0xc8, 0x70, 0x54, 0xe5, 0x80, 0x1c, 0xc8, 0xf2, 0x41,
    0xe2, 0x57, 0x30, 0x2f, 0x8c, 0xa9, 0x95, 0x67, 0xe2, 0x60, 0xd8, 0x33, 0xa8};
static const uint8_t hs_secret[32] = {
    0xcf, 0x70, 0xf2, 0x4c, 0x5c, 0xbf, 0xd8, 0x80, 0x22, 0x17, 0x03, 0xeb, 0x63, 0x8e, 0x2a, 0x54,
    0x22, 0xf8, 0x2b, 0x49, 0xec, 0x37, 0x5f, 0x9f, 0x05, 0xd0, 0x0f, 0xb1, 0x7b, 0x76, 0xfe, 0xf5};

/* now values at the edges of the checks, picked by 3 bits of the flags. */
static const int64_t special_now[7] = {INT64_MIN,
                                       INT64_MIN + 1,
                                       -1,
                                       0,
                                       INT64_C(1800000000),
                                       INT64_MAX,
                                       INT64_MAX - (int64_t)EJWT_ASSERTION_MAX_LIFETIME_S};

enum key_mode {
    KEY_SIGNER = 0,   /* ES256 private, no kid: the thumbprint */
    KEY_WITH_KID = 1, /* the same, with the input's kid */
    KEY_PUBLIC = 2,   /* may not sign */
    KEY_HMAC = 3      /* not ES256 */
};

/* The errors that apply to one call. */
#define E_TIME 0x01u
#define E_ARG 0x02u
#define E_ALG 0x04u
#define E_USAGE 0x08u
#define E_ENTROPY 0x10u
#define E_UTF8 0x20u
#define E_SMALL 0x40u

static ejwt_key signer, pub, hmac;
static char thumb[EJWT_THUMBPRINT_LEN + 1];
static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
static ejwt_jwt jwt;
static int verbose; /* EJWT_FUZZ_VERBOSE set: print each result (seed checks) */

/* ---- the entropy hook: deterministic bytes, or a failure ----------------- */

static int entropy_fails;
static unsigned entropy_calls;
static uint8_t entropy_state;
static uint8_t last_rnd[EJWT_ASSERTION_JTI_BYTES];

static int hook_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t i;

    (void)ctx;
    entropy_calls++;
    if (entropy_fails) {
        return EJWT_ERR_ENTROPY;
    }
    for (i = 0; i < len; i++) {
        entropy_state = (uint8_t)(entropy_state * 167u + 13u);
        buf[i] = entropy_state;
    }
    if (len == sizeof(last_rnd)) {
        memcpy(last_rnd, buf, len);
    }
    return EJWT_OK;
}

static uint64_t hook_uptime(void *ctx)
{
    (void)ctx;
    return 0;
}

static const ejwt_platform hooks = {NULL, hook_uptime, hook_entropy, NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    verbose = getenv("EJWT_FUZZ_VERBOSE") != NULL;
    FUZZ_CHECK(ejwt_platform_set(&hooks) == EJWT_OK && ejwt_crypto_init() == EJWT_OK);
    FUZZ_CHECK(ejwt_key_import_es256_private(es_d, sizeof(es_d), &signer) == EJWT_OK);
    FUZZ_CHECK(ejwt_key_import_es256_public(es_point, sizeof(es_point), &pub) == EJWT_OK);
    FUZZ_CHECK(ejwt_key_import_hmac(hs_secret, sizeof(hs_secret), &hmac) == EJWT_OK);
    FUZZ_CHECK(ejwt_jwk_thumbprint(&signer, thumb) == EJWT_OK);
    return 0;
}

/* ---- the target's own view of the inputs --------------------------------- */

/* RFC 3629 UTF-8, written here (the builder must refuse anything else, and
 * the verifier's strict JSON would refuse it in the token). */
static int utf8_valid(const char *s)
{
    const uint8_t *p = (const uint8_t *)s;

    while (*p != 0u) {
        uint8_t c = *p;
        size_t n, k;
        uint8_t lo = 0x80u, hi = 0xBFu;
        if (c < 0x80u) {
            p++;
            continue;
        }
        if (c >= 0xC2u && c <= 0xDFu) {
            n = 2;
        } else if (c >= 0xE0u && c <= 0xEFu) {
            n = 3;
            lo = c == 0xE0u ? 0xA0u : 0x80u; /* no overlong form */
            hi = c == 0xEDu ? 0x9Fu : 0xBFu; /* no surrogate */
        } else if (c >= 0xF0u && c <= 0xF4u) {
            n = 4;
            lo = c == 0xF0u ? 0x90u : 0x80u;
            hi = c == 0xF4u ? 0x8Fu : 0xBFu; /* nothing past U+10FFFF */
        } else {
            return 0;
        }
        if (p[1] < lo || p[1] > hi) {
            return 0; /* also a NUL: the string ends inside the sequence */
        }
        for (k = 2; k < n; k++) {
            if ((p[k] & 0xC0u) != 0x80u) {
                return 0;
            }
        }
        p += n;
    }
    return 1;
}

/* JSON needs no escape for it (control bytes, '"' and '\\' do). */
static int plain(const char *s)
{
    for (; *s != '\0'; s++) {
        if ((unsigned char)*s < 0x20u || *s == '"' || *s == '\\') {
            return 0;
        }
    }
    return 1;
}

typedef struct sign_case {
    ejwt_assertion_params p;
    const ejwt_key *key;
    ejwt_key with_kid;
    size_t id_len, aud_len;
    uint32_t life;   /* the lifetime the claims must show */
    const char *kid; /* expected header kid */
    unsigned errors; /* what applies to every call (E_SMALL, E_ENTROPY per call) */
} sign_case;

static unsigned case_errors(const sign_case *c)
{
    unsigned e = 0;

    if (c->p.now == EJWT_TIME_UNKNOWN) {
        e |= E_TIME;
    }
    if (c->id_len < 1u || c->id_len > EJWT_ASSERTION_MAX_CLIENT_ID || c->aud_len < 1u ||
        c->aud_len > EJWT_ASSERTION_MAX_AUDIENCE || c->p.now < 0 ||
        c->p.now > INT64_MAX - (int64_t)c->life) {
        e |= E_ARG;
    }
    if (c->key->alg != EJWT_ALG_ES256) {
        e |= E_ALG;
    } else if ((c->key->ops & EJWT_KEY_OP_SIGN) == 0u) {
        e |= E_USAGE;
    }
    if (!utf8_valid(c->p.client_id) || !utf8_valid(c->p.audience) ||
        (c->key->kid_len > 0u && !utf8_valid(c->key->kid))) {
        e |= E_UTF8;
    }
    return e;
}

/* r is EJWT_OK exactly when no error applies, else one that does. */
static void check_code(int r, unsigned e)
{
    static const struct {
        unsigned bit;
        int code;
    } map[] = {{E_TIME, EJWT_ERR_TIME_UNKNOWN},     {E_ARG, EJWT_ERR_INVALID_ARG},
               {E_ALG, EJWT_ERR_ALG_KEY_MISMATCH},  {E_USAGE, EJWT_ERR_KEY_USAGE},
               {E_ENTROPY, EJWT_ERR_ENTROPY},       {E_UTF8, EJWT_ERR_JSON_STRING},
               {E_SMALL, EJWT_ERR_BUFFER_TOO_SMALL}};
    size_t i;

    if (e == 0u) {
        FUZZ_CHECK(r == EJWT_OK);
        return;
    }
    for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (r == map[i].code) {
            FUZZ_CHECK((e & map[i].bit) != 0u);
            return;
        }
    }
    FUZZ_CHECK(0 && "an error code that does not apply");
}

/* ---- checks of a signed assertion ---------------------------------------- */

static void string_is(const ejwt_json *doc, const char *name, const char *want, size_t want_len)
{
    static char buf[EJWT_ASSERTION_MAX_AUDIENCE + 1u];
    int idx = ejwt_json_find(doc, 0, name);
    size_t n = 0;

    FUZZ_CHECK(idx > 0 && ejwt_json_string_copy(doc, idx, buf, sizeof(buf), &n) == EJWT_OK);
    FUZZ_CHECK(n == want_len && memcmp(buf, want, n) == 0);
}

static int64_t int_claim(const ejwt_json *doc, const char *name)
{
    int idx = ejwt_json_find(doc, 0, name);
    int64_t v = 0;

    FUZZ_CHECK(idx > 0 && ejwt_json_type(doc, idx) == EJWT_JSON_NUMBER);
    FUZZ_CHECK(ejwt_json_int64(doc, idx, &v) == EJWT_OK);
    return v;
}

static int members(const ejwt_json *doc)
{
    int iter = 0, k = 0, v = 0, n = 0;

    while (ejwt_json_next_member(doc, 0, &iter, &k, &v) == 1) {
        n++;
    }
    return n;
}

static void check_token(const sign_case *c, const char *out, size_t len)
{
    ejwt_verify_opts o;
    ejwt_json cl, h;
    char jti[EJWT_ASSERTION_JTI_LEN + 1u];
    size_t n = 0;

    FUZZ_CHECK(strlen(out) == len);
    if (plain(c->p.client_id) && plain(c->p.audience) && plain(c->kid)) {
        FUZZ_CHECK(len + 1u <= EJWT_ASSERTION_SIZE(c->id_len, c->aud_len));
    }
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = c->p.now;
    o.iss = c->p.client_id;
    o.sub = c->p.client_id;
    o.aud = c->p.audience;
    o.typ = "JWT";
    o.required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP |
                 EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    FUZZ_CHECK(EJWT_WORK_SIZE(len) <= sizeof(work));
    FUZZ_CHECK(ejwt_jwt_verify(out, len, &pub, 1, &o, work, EJWT_WORK_SIZE(len), NULL, &jwt) ==
               EJWT_OK);

    cl = ejwt_jwt_claims(&jwt);
    FUZZ_CHECK(members(&cl) == 6);
    string_is(&cl, "iss", c->p.client_id, c->id_len);
    string_is(&cl, "sub", c->p.client_id, c->id_len);
    string_is(&cl, "aud", c->p.audience, c->aud_len);
    FUZZ_CHECK(int_claim(&cl, "iat") == c->p.now);
    FUZZ_CHECK(int_claim(&cl, "exp") - c->p.now == (int64_t)c->life);
    FUZZ_CHECK(ejwt_b64url_encode(last_rnd, sizeof(last_rnd), jti, sizeof(jti), &n) == EJWT_OK);
    FUZZ_CHECK(n == EJWT_ASSERTION_JTI_LEN);
    string_is(&cl, "jti", jti, n);

    h = ejwt_jws_header(&jwt.jws);
    FUZZ_CHECK(members(&h) == 3);
    string_is(&h, "alg", "ES256", 5);
    string_is(&h, "typ", "JWT", 3);
    string_is(&h, "kid", c->kid, strlen(c->kid));
    memset(work, 0, sizeof(work));
}

/* One call into a buffer of exactly \p cap bytes (NULL for 0 when \p null_out). */
static int sign_into(const sign_case *c, size_t cap, int null_out, char **out, size_t *out_len)
{
    *out = NULL;
    if (!null_out) {
        *out = malloc(cap);
        FUZZ_CHECK(*out != NULL || cap == 0u);
        if (cap > 0u) {
            memset(*out, FILL, cap);
        }
    }
    *out_len = (size_t)-1;
    return ejwt_assertion_sign(c->key, &c->p, *out, cap, out_len);
}

static void check_failed(char *out, size_t cap, int r, size_t out_len, size_t need)
{
    if (r == EJWT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(out_len > cap && (need == 0u || out_len == need));
    } else {
        FUZZ_CHECK(out_len == 0u);
    }
    FUZZ_CHECK(fuzz_all_zero(out, out != NULL ? cap : 0u));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char id[256], aud[65536], kid[256];
    fuzz_reader rd = {data, size};
    uint8_t flags = fuzz_u8(&rd);
    int64_t raw_now = fuzz_i64(&rd);
    uint32_t lifetime = (uint32_t)fuzz_be(&rd, 4);
    const uint8_t *p;
    size_t n, cap, need = 0, got = 0;
    unsigned special = flags >> 3 & 7u, e;
    sign_case c;
    char *out;
    int r;

    memset(&c, 0, sizeof(c));
    n = fuzz_take(&rd, fuzz_u8(&rd), &p);
    memcpy(id, p, n);
    id[n] = '\0';
    n = fuzz_take(&rd, (size_t)fuzz_be(&rd, 2), &p);
    memcpy(aud, p, n);
    aud[n] = '\0';
    n = fuzz_take(&rd, fuzz_u8(&rd), &p);
    memcpy(kid, p, n);
    kid[n] = '\0';
    entropy_state = fuzz_u8(&rd);
    entropy_fails = (flags & 0x04u) != 0u;

    c.p.client_id = id;
    c.p.audience = aud;
    c.p.now = special != 0u ? special_now[special - 1u] : raw_now;
    c.p.lifetime_s = lifetime;
    c.id_len = strlen(id);
    c.aud_len = strlen(aud);
    c.life = lifetime == 0u ? EJWT_ASSERTION_DEFAULT_LIFETIME_S : lifetime;
    if (c.life > EJWT_ASSERTION_MAX_LIFETIME_S) {
        c.life = EJWT_ASSERTION_MAX_LIFETIME_S;
    }
    c.kid = thumb;
    switch (flags & 3u) {
    case KEY_SIGNER:
        c.key = &signer;
        break;
    case KEY_WITH_KID:
        /* A kid as a device might be given one: up to EJWT_MAX_KID_LEN bytes,
         * terminated; an empty one means "use the thumbprint". */
        c.with_kid = signer;
        n = strlen(kid) < EJWT_MAX_KID_LEN ? strlen(kid) : EJWT_MAX_KID_LEN;
        memcpy(c.with_kid.kid, kid, n);
        c.with_kid.kid[n] = '\0';
        c.with_kid.kid_len = (uint8_t)n;
        c.key = &c.with_kid;
        if (n > 0u) {
            c.kid = c.with_kid.kid;
        }
        break;
    case KEY_PUBLIC:
        c.key = &pub;
        break;
    default:
        c.key = &hmac;
        break;
    }
    e = case_errors(&c);

    /* The size query: draws no entropy, signs nothing. */
    entropy_calls = 0;
    r = sign_into(&c, 0, 1, &out, &need);
    FUZZ_CHECK(entropy_calls == 0u);
    check_code(r, e | E_SMALL);
    if (r == EJWT_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(need > 0u);
    } else {
        FUZZ_CHECK(need == 0u);
        need = 0; /* unknown */
    }

    switch (flags >> 6) {
    case 0:
        cap = BIG_CAP;
        break;
    case 1:
        cap = need; /* exact (0 when unknown) */
        break;
    case 2:
        cap = need > 0u ? need - 1u : 1u; /* one short */
        break;
    default:
        cap = need / 2u + (size_t)(entropy_state & 7u);
        break;
    }
    r = sign_into(&c, cap, 0, &out, &got);
    if (verbose) {
        fprintf(stderr, "query %zu, cap %zu: %s\n", need, cap, ejwt_error_name(r));
    }
    check_code(r, e | (cap > 0u && entropy_fails ? E_ENTROPY : 0u) |
                      (need == 0u || cap < need ? E_SMALL : 0u));
    if (r == EJWT_OK) {
        FUZZ_CHECK(got < cap && out[got] == '\0');
        FUZZ_CHECK(got + 1u == need);
        check_token(&c, out, got);
        free(out);
        return 0;
    }
    check_failed(out, cap, r, got, need);
    free(out);
    if (r != EJWT_ERR_BUFFER_TOO_SMALL) {
        return 0;
    }
    /* The size it reported is enough, and exactly what is used. */
    cap = got;
    r = sign_into(&c, cap, 0, &out, &got);
    if (verbose) {
        fprintf(stderr, "  again with %zu: %s\n", cap, ejwt_error_name(r));
    }
    check_code(r, e | (entropy_fails ? E_ENTROPY : 0u));
    if (r == EJWT_OK) {
        FUZZ_CHECK(got + 1u == cap && out[got] == '\0');
        check_token(&c, out, got);
    } else {
        check_failed(out, cap, r, got, need);
    }
    free(out);
    return 0;
}
