/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ct_check: constant-time checks by the ctgrind technique. Secrets are marked
 * undefined for valgrind memcheck (VALGRIND_MAKE_MEM_UNDEFINED), so any
 * branch or memory index that depends on them is reported as "Conditional
 * jump or move depends on uninitialised value(s)" or "Use of uninitialised
 * value". Results that are public by contract (a signature, a verdict) are
 * marked defined again before this program looks at them.
 *
 * usage: ct_check PATH    (run under valgrind; see CMakeLists.txt)
 * Each PATH exercises one secret-handling path of ejwt. Outside valgrind the
 * client requests do nothing and the program only checks results.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#include "ejwt/ejwt.h"

#define SECRET(p, n) (void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) (void)VALGRIND_MAKE_MEM_DEFINED((p), (n))

static const uint8_t hs_secret[32] = {
    0x9a, 0x1c, 0x4e, 0x77, 0x02, 0xd3, 0x5b, 0xe8, 0x41, 0x6f, 0x90, 0x2a, 0xcc, 0x13, 0x7d, 0xb5,
    0x68, 0xf1, 0x0e, 0x3a, 0xa4, 0x59, 0x86, 0x2d, 0xe0, 0x17, 0xbb, 0x4c, 0x73, 0x95, 0x08, 0xfe};
/* A valid P-256 scalar (below the group order). */
static const uint8_t es_d[32] = {0x3f, 0x21, 0x8a, 0x7c, 0x55, 0x0d, 0x92, 0xe4, 0x1b, 0x66, 0xa7,
                                 0xc3, 0x38, 0xf0, 0x4d, 0x81, 0x2e, 0x99, 0x75, 0x06, 0xbd, 0x43,
                                 0xda, 0x1f, 0x6a, 0xc8, 0x57, 0x34, 0xe2, 0x0b, 0x9c, 0x70};

static int failures;

static void check(int cond, const char *what)
{
    if (!cond) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

/* Results are public once computed; the program's own checks must not trip. */
static int public_rc(int rc)
{
    PUBLIC(&rc, sizeof rc);
    return rc;
}

static void public_key(ejwt_key *key)
{
    PUBLIC(key, sizeof *key);
}

static int import_hmac_secret(ejwt_key *key)
{
    uint8_t secret[sizeof hs_secret];
    int rc;

    memcpy(secret, hs_secret, sizeof secret);
    SECRET(secret, sizeof secret);
    rc = public_rc(ejwt_key_import_hmac(secret, sizeof secret, key));
    public_key(key);
    memset(secret, 0, sizeof secret);
    return rc;
}

static int import_es256_secret(ejwt_key *key)
{
    uint8_t d[sizeof es_d];
    int rc;

    memcpy(d, es_d, sizeof d);
    SECRET(d, sizeof d);
    rc = public_rc(ejwt_key_import_es256_private(d, sizeof d, key));
    public_key(key);
    memset(d, 0, sizeof d);
    return rc;
}

/* Sign claims with \p key through the builder. Used with keys whose
 * material is public to the program (the verify paths): the signature the
 * builder base64url-encodes with a table is a public output, which ctgrind
 * cannot tell from a secret. */
static int build_token(const ejwt_key *key, char *tok, size_t cap, size_t *len)
{
    ejwt_builder b;
    int rc;

    ejwt_builder_init(&b, tok, cap, key, "JWT");
    ejwt_builder_add_string(&b, "iss", "ct-check");
    ejwt_builder_add_int(&b, "exp", 2000000000);
    rc = ejwt_builder_finish(&b, len);
    return rc;
}

/* Sign \p msg with a key whose material is secret; the signature is the
 * public output and is declassified before anything else looks at it. */
static int sign_secret(const ejwt_key *key, const char *msg, uint8_t *sig, size_t cap,
                       size_t *sig_len)
{
    int rc =
        public_rc(ejwt_signature_sign(key, (const uint8_t *)msg, strlen(msg), sig, cap, sig_len));

    PUBLIC(sig, cap);
    PUBLIC(sig_len, sizeof *sig_len);
    return rc;
}

static const char signing_input[] = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJjdC1jaGVjayJ9";

/* ---- paths ------------------------------------------------------------- */

/* The pure constant-time decoder over secret characters. */
static void path_b64url_decode_ct(void)
{
    /* base64url of hs_secret */
    char text[] = "mhxOdwLTW-hBb5AqzBN9tWjxDjqkWYYt4Be7THOVCP4";
    uint8_t out[32];
    size_t n = 0;
    int rc;

    SECRET(text, sizeof text - 1u);
    rc = public_rc(ejwt_b64url_decode_ct(text, sizeof text - 1u, out, sizeof out, &n));
    PUBLIC(out, sizeof out);
    PUBLIC(&n, sizeof n);
    check(rc == EJWT_OK && n == 32u && memcmp(out, hs_secret, 32) == 0, "b64url_decode_ct");
}

/* Encode \p n bytes of \p src, marked secret, with \p encode; the text is
 * the public output (what `ejwt keygen` writes to its key file). Returns
 * whether it matches the table encoder's text of a public copy. */
static int encode_secret(int (*encode)(const uint8_t *, size_t, char *, size_t, size_t *),
                         const uint8_t *src, size_t n)
{
    uint8_t secret[32];
    char text[EJWT_B64URL_ENCODED_LEN(32) + 1u], expect[sizeof text];
    size_t len = 0, expect_len = 0;
    int rc;

    memcpy(secret, src, n);
    SECRET(secret, n);
    rc = public_rc(encode(secret, n, text, sizeof text, &len));
    PUBLIC(text, sizeof text);
    PUBLIC(&len, sizeof len);
    memset(secret, 0, sizeof secret);
    (void)ejwt_b64url_encode(src, n, expect, sizeof expect, &expect_len);
    return rc == EJWT_OK && len == expect_len && memcmp(text, expect, len) == 0;
}

/* The constant-time encoder over secret bytes, for each tail (32, 31 and 30
 * bytes leave 2, 1 and 0 bytes after the last full quantum). */
static void path_b64url_encode_ct(void)
{
    size_t n;

    for (n = 30; n <= 32u; n++) {
        check(encode_secret(ejwt_b64url_encode_ct, hs_secret, n), "b64url_encode_ct hs");
        check(encode_secret(ejwt_b64url_encode_ct, es_d, n), "b64url_encode_ct es");
    }
}

/* The raw HMAC key import (what a JWK `k` becomes after decoding). */
static void path_hs256_key_import(void)
{
    ejwt_key key;

    check(import_hmac_secret(&key) == EJWT_OK, "hs256 import");
    (void)ejwt_key_destroy(&key);
}

/* The raw P-256 private scalar import (what a JWK `d` becomes). */
static void path_es256_key_import(void)
{
    ejwt_key key;

    check(import_es256_secret(&key) == EJWT_OK, "es256 import");
    (void)ejwt_key_destroy(&key);
}

/* HS256 sign: the MAC over a signing input with a secret key, checked
 * afterwards with a public copy of the key. */
static void path_hs256_sign(void)
{
    uint8_t sig[64];
    ejwt_key key, pub;
    size_t n = 0;

    check(import_hmac_secret(&key) == EJWT_OK, "hs256 import");
    check(sign_secret(&key, signing_input, sig, sizeof sig, &n) == EJWT_OK && n == 32u,
          "hs256 sign");
    check(ejwt_key_import_hmac(hs_secret, sizeof hs_secret, &pub) == EJWT_OK, "hs256 public");
    check(ejwt_signature_verify(&pub, EJWT_ALG_HS256, (const uint8_t *)signing_input,
                                strlen(signing_input), sig, n) == EJWT_OK,
          "hs256 sign result");
    (void)ejwt_key_destroy(&pub);
    (void)ejwt_key_destroy(&key);
}

/* HS256 verify: a token signed with the secret key, verified with it (the
 * full JWT path), and then the signature layer alone with the token's MAC
 * (which equals the expected MAC) marked secret too, valid and off by one
 * bit: the comparison must be psa_mac_verify's constant-time one. */
static void path_hs256_verify(void)
{
    static char tok[512];
    static uint8_t work[EJWT_WORK_SIZE(512)];
    static ejwt_jwt jwt;
    static ejwt_jws jws;
    ejwt_verify_opts opts;
    ejwt_key key, signer;
    size_t len = 0;
    int flip, rc;

    check(ejwt_key_import_hmac(hs_secret, sizeof hs_secret, &signer) == EJWT_OK, "hs256 signer");
    check(build_token(&signer, tok, sizeof tok, &len) == EJWT_OK, "hs256 sign");
    (void)ejwt_key_destroy(&signer);
    check(import_hmac_secret(&key) == EJWT_OK, "hs256 import");
    memset(&opts, 0, sizeof opts);
    opts.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    opts.now = 1700000000;
    opts.iss = "ct-check";
    rc = public_rc(ejwt_jwt_verify(tok, len, &key, 1, &opts, work, sizeof work, NULL, &jwt));
    PUBLIC(&jwt, sizeof jwt);
    PUBLIC(work, sizeof work);
    check(rc == EJWT_OK, "hs256 jwt verify");
    for (flip = 0; flip < 2; flip++) {
        rc = public_rc(ejwt_jws_parse(tok, len, work, sizeof work, NULL, &jws));
        check(rc == EJWT_OK && jws.sig_len == 32u, "hs256 parse");
        jws.sig[31] ^= (uint8_t)flip;
        SECRET(jws.sig, jws.sig_len);
        rc = public_rc(ejwt_jws_verify(&jws, &key, 1, &opts));
        check(rc == (flip ? EJWT_ERR_SIGNATURE_INVALID : EJWT_OK), "hs256 jws verify");
        PUBLIC(&jws, sizeof jws);
    }
    (void)ejwt_key_destroy(&key);
}

/* ES256 sign with a secret private scalar; the signature is checked
 * afterwards with the public key. */
static void path_es256_sign(void)
{
    uint8_t sig[64], point[65];
    ejwt_key key, pub;
    size_t n = 0, sig_len = 0;
    int rc;

    check(import_es256_secret(&key) == EJWT_OK, "es256 import");
    check(sign_secret(&key, signing_input, sig, sizeof sig, &sig_len) == EJWT_OK && sig_len == 64u,
          "es256 sign");
    rc = public_rc(ejwt_key_export_es256_public(&key, point, sizeof point, &n));
    PUBLIC(point, sizeof point); /* the public key is public */
    PUBLIC(&n, sizeof n);
    check(rc == EJWT_OK, "es256 export");
    check(ejwt_key_import_es256_public(point, n, &pub) == EJWT_OK, "es256 public import");
    check(ejwt_signature_verify(&pub, EJWT_ALG_ES256, (const uint8_t *)signing_input,
                                strlen(signing_input), sig, sig_len) == EJWT_OK,
          "es256 sign result");
    (void)ejwt_key_destroy(&pub);
    (void)ejwt_key_destroy(&key);
}

/* JWK import with the characters of the secret member's value marked
 * secret: the JSON layer validates and copies that string before the
 * constant-time decode sees it. */
static void jwk_text_path(const char *json, const char *member, const char *what)
{
    char text[512];
    char pattern[16];
    const char *v;
    size_t len = strlen(json), vlen;
    ejwt_key key;
    int rc;

    memcpy(text, json, len + 1u);
    (void)snprintf(pattern, sizeof pattern, "\"%s\":\"", member);
    v = strstr(text, pattern);
    if (v == NULL) {
        check(0, what);
        return;
    }
    v += strlen(pattern);
    vlen = (size_t)(strchr(v, '"') - v);
    SECRET((char *)(uintptr_t)v, vlen);
    rc = public_rc(ejwt_jwk_import(text, len, &key));
    public_key(&key);
    check(rc == EJWT_OK, what);
    (void)ejwt_key_destroy(&key);
}

static void path_jwk_oct(void)
{
    jwk_text_path("{\"kty\":\"oct\",\"alg\":\"HS256\",\"kid\":\"k1\","
                  "\"k\":\"mhxOdwLTW-hBb5AqzBN9tWjxDjqkWYYt4Be7THOVCP4\"}",
                  "k", "jwk oct import");
}

static void path_jwk_ec_d(void)
{
    /* The public JWK of es_d, with d, built at run time. */
    static char json[400];
    uint8_t point[65];
    char x[44], y[44], d[44];
    size_t n = 0;
    ejwt_key key;

    check(ejwt_key_import_es256_private(es_d, sizeof es_d, &key) == EJWT_OK, "es256 import");
    check(ejwt_key_export_es256_public(&key, point, sizeof point, &n) == EJWT_OK, "export");
    (void)ejwt_key_destroy(&key);
    (void)ejwt_b64url_encode(point + 1, 32, x, sizeof x, &n); /* terminated */
    (void)ejwt_b64url_encode(point + 33, 32, y, sizeof y, &n);
    (void)ejwt_b64url_encode(es_d, 32, d, sizeof d, &n);
    (void)snprintf(json, sizeof json,
                   "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\",\"d\":\"%s\"}", x,
                   y, d);
    jwk_text_path(json, "d", "jwk ec d import");
}

/* Control: a memcmp on a secret, which the method must report. */
static void path_control_memcmp(void)
{
    uint8_t secret[32], guess[32];
    int same;

    memcpy(secret, hs_secret, sizeof secret);
    memcpy(guess, hs_secret, sizeof guess);
    guess[31] ^= 1u;
    SECRET(secret, sizeof secret);
    same = memcmp(secret, guess, sizeof secret) == 0;
    if (same) { /* the branch valgrind must see */
        printf("control: equal\n");
    }
    PUBLIC(&same, sizeof same);
    check(!same, "control");
}

/* Control: the table encoder on a secret, whose look-ups valgrind must
 * report in ejwt_b64url_encode; without that, a clean b64url_encode_ct
 * would prove nothing. */
static void path_control_b64url_encode_table(void)
{
    check(encode_secret(ejwt_b64url_encode, hs_secret, sizeof hs_secret), "control encode");
}

static const struct {
    const char *name;
    void (*run)(void);
} paths[] = {
    {"b64url_decode_ct", path_b64url_decode_ct},
    {"b64url_encode_ct", path_b64url_encode_ct},
    {"hs256_key_import", path_hs256_key_import},
    {"es256_key_import", path_es256_key_import},
    {"hs256_sign", path_hs256_sign},
    {"hs256_verify", path_hs256_verify},
    {"es256_sign", path_es256_sign},
    {"jwk_oct", path_jwk_oct},
    {"jwk_ec_d", path_jwk_ec_d},
    {"control_memcmp", path_control_memcmp},
    {"control_b64url_encode_table", path_control_b64url_encode_table},
};

int main(int argc, char **argv)
{
    size_t i;

    if (argc != 2) {
        fprintf(stderr, "usage: ct_check PATH\n");
        return 2;
    }
    if (ejwt_crypto_init() != EJWT_OK) {
        fprintf(stderr, "ct_check: crypto init failed\n");
        return 2;
    }
    for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (strcmp(argv[1], paths[i].name) == 0) {
            paths[i].run();
            printf("%s: %s\n", paths[i].name, failures == 0 ? "ran" : "FAILED");
            return failures == 0 ? 0 : 1;
        }
    }
    fprintf(stderr, "ct_check: unknown path '%s'\n", argv[1]);
    return 2;
}
