/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Signed commands from the backend: a JWK Set of two ES256 keys, commands
 * signed here as the backend signs them, every rule of command.h, and the
 * replay cache (replay, forgetting after exp, full of live entries).
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/auth/command.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#include "ejwt_test_util.h"
#include "platform_test_util.h"

#define NOW INT64_C(1800000000)
#define CLIENT "device-42"
#define ISSUER "https://127.0.0.1:8443"
#define OMIT INT64_MIN

static ejwt_key signer, signer2, outsider;
static char jwks[1024];
static ejwt_command_verifier v;
static char tok[1024];
static uint8_t work[1024];
static int jti_seq;

static int import_signer(const char *d_b64, ejwt_key *k)
{
    uint8_t d[32];
    char thumb[EJWT_THUMBPRINT_LEN + 1];

    if (tu_b64url_decode(d_b64, strlen(d_b64), d, sizeof(d)) != 32 ||
        ejwt_key_import_es256_private(d, sizeof(d), k) != EJWT_OK ||
        ejwt_jwk_thumbprint(k, thumb) != EJWT_OK) {
        return -1;
    }
    memcpy(k->kid, thumb, sizeof(thumb));
    k->kid_len = EJWT_THUMBPRINT_LEN;
    return 0;
}

static ejwt_command_config config(void)
{
    ejwt_command_config c;

    memset(&c, 0, sizeof(c));
    c.client_id = CLIENT;
    c.issuer = ISSUER;
    return c;
}

static int setup(void **state)
{
    char j1[256], j2[256];
    size_t n = 0;
    ejwt_command_config c = config();

    (void)state;
    fake_clock_install(NOW);
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ||
        import_signer("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI", &signer) != 0 ||
        import_signer("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw", &signer2) != 0 ||
        import_signer("8Gb6hXSkbmCgS_UQzX3v2hTdp4bAQk6O0lD6EhGs3uM", &outsider) != 0 ||
        ejwt_jwk_export_public(&signer, j1, sizeof(j1), &n) != EJWT_OK ||
        ejwt_jwk_export_public(&signer2, j2, sizeof(j2), &n) != EJWT_OK) {
        return -1;
    }
    snprintf(jwks, sizeof(jwks), "{\"keys\":[%s,%s]}", j1, j2);
    return ejwt_command_verifier_init(&v, &c, jwks, strlen(jwks));
}

static int teardown(void **state)
{
    (void)state;
    ejwt_command_verifier_free(&v);
    (void)ejwt_key_destroy(&signer);
    (void)ejwt_key_destroy(&signer2);
    (void)ejwt_key_destroy(&outsider);
    mbedtls_psa_crypto_free();
    test_dir_remove();
    return 0;
}

/* What a command holds; OMIT / NULL leave a claim out. */
typedef struct cmd_spec {
    const ejwt_key *key;
    const char *typ;
    const char *iss, *aud, *jti, *cmd;
    int64_t iat, exp;
    const char *args;     /* JSON value, or NULL */
    const char *cmd_json; /* cmd as JSON (overrides cmd), or NULL */
    const char *iat_json; /* iat as JSON text (overrides iat, e.g. a fraction), or NULL */
    const char *exp_json; /* exp likewise */
} cmd_spec;

static cmd_spec spec(void)
{
    static char jti[32];
    cmd_spec s;

    memset(&s, 0, sizeof(s));
    snprintf(jti, sizeof(jti), "cmd-jti-%d", ++jti_seq);
    s.key = &signer;
    s.typ = "command+jwt";
    s.iss = ISSUER;
    s.aud = CLIENT;
    s.jti = jti;
    s.cmd = "reboot";
    s.iat = NOW;
    s.exp = NOW + 60;
    s.args = "{\"delay\":5,\"reason\":\"update\"}";
    return s;
}

static size_t sign(const cmd_spec *s)
{
    ejwt_builder b;
    size_t n = 0;

    ejwt_builder_init(&b, tok, sizeof(tok), s->key, s->typ);
    if (s->iss != NULL) {
        ejwt_builder_add_string(&b, "iss", s->iss);
    }
    if (s->aud != NULL) {
        ejwt_builder_add_string(&b, "aud", s->aud);
    }
    if (s->iat_json != NULL) {
        ejwt_builder_add_json(&b, "iat", s->iat_json, strlen(s->iat_json));
    } else if (s->iat != OMIT) {
        ejwt_builder_add_int(&b, "iat", s->iat);
    }
    if (s->exp_json != NULL) {
        ejwt_builder_add_json(&b, "exp", s->exp_json, strlen(s->exp_json));
    } else if (s->exp != OMIT) {
        ejwt_builder_add_int(&b, "exp", s->exp);
    }
    if (s->jti != NULL) {
        ejwt_builder_add_string(&b, "jti", s->jti);
    }
    if (s->cmd_json != NULL) {
        ejwt_builder_add_json(&b, "cmd", s->cmd_json, strlen(s->cmd_json));
    } else if (s->cmd != NULL) {
        ejwt_builder_add_string(&b, "cmd", s->cmd);
    }
    if (s->args != NULL) {
        ejwt_builder_add_json(&b, "args", s->args, strlen(s->args));
    }
    assert_int_equal(ejwt_builder_finish(&b, &n), EJWT_OK);
    return n;
}

static int verify_at(const cmd_spec *s, int64_t now)
{
    ejwt_command c;
    size_t n = sign(s);
    return ejwt_command_verify(&v, tok, n, now, work, sizeof(work), &c);
}

static void test_valid_command(void **state)
{
    cmd_spec s = spec();
    ejwt_command c;
    ejwt_json claims;
    char cmd[16];
    int64_t delay = 0;
    size_t n = sign(&s);

    (void)state;
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW, work, sizeof(work), &c), EJWT_OK);
    claims = ejwt_command_claims(&c);
    assert_int_equal(ejwt_json_string_copy(&claims, c.cmd, cmd, sizeof(cmd), &n), EJWT_OK);
    assert_string_equal(cmd, "reboot");
    assert_true(c.args > 0);
    assert_int_equal(ejwt_json_int64(&claims, ejwt_json_find(&claims, c.args, "delay"), &delay),
                     EJWT_OK);
    assert_true(delay == 5);
    assert_int_equal(
        ejwt_json_string_equals(&claims, ejwt_json_find(&claims, c.args, "reason"), "update", 6),
        1);
    /* the second key of the set, chosen by kid; no args */
    s = spec();
    s.key = &signer2;
    s.args = NULL;
    n = sign(&s);
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW, work, sizeof(work), &c), EJWT_OK);
    assert_int_equal(c.args, -1);
    /* typ with the media-type prefix, aud as an array */
    s = spec();
    s.typ = "application/command+jwt";
    assert_int_equal(verify_at(&s, NOW), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW), 3);
}

static void test_replayed(void **state)
{
    cmd_spec s = spec();
    ejwt_command c;
    size_t n = sign(&s);

    (void)state;
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW, work, sizeof(work), &c), EJWT_OK);
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW, work, sizeof(work), &c),
                     EJWT_ERR_REPLAYED);
    assert_int_equal(c.cmd, 0); /* nothing left behind */
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW + 59, work, sizeof(work), &c),
                     EJWT_ERR_REPLAYED);
    /* the same jti in a new token (same backend key) is still a replay */
    n = sign(&s);
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW + 30, work, sizeof(work), &c),
                     EJWT_ERR_REPLAYED);
    /* once expired, the token is refused by exp, and the entry is forgotten */
    assert_int_equal(ejwt_command_verify(&v, tok, n, NOW + 60, work, sizeof(work), &c),
                     EJWT_ERR_EXPIRED);
    s = spec();
    s.iat = NOW + 60;
    s.exp = NOW + 120;
    assert_int_equal(verify_at(&s, NOW + 60), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW + 60), 1);
}

static void test_claim_rules(void **state)
{
    cmd_spec s;
    static char long_jti[EJWT_COMMAND_MAX_JTI_LEN + 2];

    (void)state;
    s = spec(), s.aud = "device-43";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_AUD_MISMATCH);
    s = spec(), s.aud = NULL;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.iss = "https://evil";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_ISS_MISMATCH);
    s = spec(), s.iss = NULL;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.typ = "JWT";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_TYP_MISMATCH);
    s = spec(), s.typ = "at+jwt"; /* an access token is not a command */
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_TYP_MISMATCH);
    s = spec(), s.typ = NULL;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_TYP_MISMATCH);
    /* time */
    s = spec();
    assert_int_equal(verify_at(&s, NOW + 60), EJWT_ERR_EXPIRED);
    s = spec();
    assert_int_equal(verify_at(&s, EJWT_TIME_UNKNOWN), EJWT_ERR_TIME_UNKNOWN);
    s = spec(), s.exp = NOW + 61;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.exp = INT64_MAX;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.iat = NOW + 10, s.exp = NOW + 5;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.iat = NOW + 1, s.exp = NOW + 61;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_NOT_YET_VALID);
    /* required claims */
    s = spec(), s.exp = OMIT;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.iat = OMIT;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.jti = NULL;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.cmd = NULL;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_MISSING);
    s = spec(), s.cmd_json = "42";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_TYPE);
    s = spec(), s.args = "[1]";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_TYPE);
    s = spec(), s.args = "\"x\"";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_CLAIM_TYPE);
    memset(long_jti, 'j', sizeof(long_jti) - 1u);
    s = spec(), s.jti = long_jti;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIMIT);
    long_jti[EJWT_COMMAND_MAX_JTI_LEN] = '\0';
    s = spec(), s.jti = long_jti;
    assert_int_equal(verify_at(&s, NOW), EJWT_OK);
    /* none of the refused commands took a cache entry */
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW), 1);
}

static void test_keys_and_algorithms(void **state)
{
    cmd_spec s = spec();
    ejwt_key hmac, wrong;
    uint8_t point[65];
    size_t n = 0;

    (void)state;
    /* signed by a key outside the set */
    s.key = &outsider;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_KEY_NOT_FOUND);
    /* a kid from the set on a signature by another key */
    wrong = outsider;
    memcpy(wrong.kid, signer.kid, sizeof(signer.kid));
    s = spec(), s.key = &wrong;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_SIGNATURE_INVALID);
    /* HS256 keyed with the backend's public key, under its kid: refused */
    assert_int_equal(ejwt_key_export_es256_public(&signer, point, sizeof(point), &n), EJWT_OK);
    assert_int_equal(ejwt_key_import_hmac(point, n, &hmac), EJWT_OK);
    memcpy(hmac.kid, signer.kid, sizeof(signer.kid));
    hmac.kid_len = signer.kid_len;
    s = spec(), s.key = &hmac;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_ALG_NOT_ALLOWED);
    (void)ejwt_key_destroy(&hmac);
    /* tampered payload */
    s = spec();
    n = sign(&s);
    {
        char *dot = strchr(tok, '.');
        ejwt_command c;
        dot[3] = dot[3] == 'A' ? 'B' : 'A';
        assert_int_not_equal(ejwt_command_verify(&v, tok, n, NOW, work, sizeof(work), &c), EJWT_OK);
        /* the work buffer is too small */
        n = sign(&s);
        assert_int_equal(ejwt_command_verify(&v, tok, n, NOW, work, 16, &c),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(ejwt_command_verify(&v, "a.b", 3, NOW, work, sizeof(work), &c),
                         EJWT_ERR_SEGMENTS);
    }
}

static void test_cache_full_fails_closed(void **state)
{
    cmd_spec s;
    int i;

    (void)state;
    for (i = 0; i < EJWT_REPLAY_CACHE_SIZE; i++) {
        s = spec();
        s.exp = NOW + 10 + i; /* the first expires first */
        assert_int_equal(verify_at(&s, NOW), EJWT_OK);
    }
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW), EJWT_REPLAY_CACHE_SIZE);
    s = spec();
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_REPLAY_CACHE_FULL);
    assert_int_equal(verify_at(&s, NOW + 9), EJWT_ERR_REPLAY_CACHE_FULL);
    /* the first entry's command has expired: its slot is free again */
    assert_int_equal(verify_at(&s, NOW + 10), EJWT_OK);
    s = spec();
    assert_int_equal(verify_at(&s, NOW + 10), EJWT_ERR_REPLAY_CACHE_FULL);
    assert_int_equal(verify_at(&s, NOW + 11), EJWT_OK);
}

static void test_replay_cache_api(void **state)
{
    ejwt_replay_cache c;
    static const uint8_t a[] = "jti-a", b[] = "jti-b";

    (void)state;
    ejwt_replay_cache_init(&c);
    assert_int_equal(ejwt_replay_cache_live(&c, 0), 0);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, a, 5, 110, 100), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, a, 5, 120, 105), EJWT_ERR_REPLAYED);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, b, 5, 120, 105), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, a, 4, 120, 105), EJWT_OK); /* "jti-" */
    assert_int_equal(ejwt_replay_cache_live(&c, 105), 3);
    /* forgotten at forget_at */
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, a, 5, 200, 110), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, a, 5, 200, 150), EJWT_ERR_REPLAYED);
    assert_int_equal(ejwt_replay_cache_live(&c, 120), 1);
    /* arguments */
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, b, 5, 100, 100), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, b, 5, 100, EJWT_TIME_UNKNOWN),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_replay_cache_check_and_add(&c, NULL, 0, 300, 100), EJWT_OK);
}

static void test_config(void **state)
{
    ejwt_command_verifier w;
    ejwt_command_config c = config();
    cmd_spec s;

    (void)state;
    /* leeway: a little skew either way; the entry lives until exp + leeway */
    ejwt_command_verifier_free(&v);
    c.leeway_s = 5;
    c.max_lifetime_s = 30;
    assert_int_equal(ejwt_command_verifier_init(&v, &c, jwks, strlen(jwks)), EJWT_OK);
    s = spec(), s.exp = NOW + 30;
    assert_int_equal(verify_at(&s, NOW + 34), EJWT_OK);
    assert_int_equal(verify_at(&s, NOW + 34), EJWT_ERR_REPLAYED);
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW + 34), 1);
    assert_int_equal(ejwt_replay_cache_live(&v.cache, NOW + 35), 0);
    s = spec(), s.exp = NOW + 31;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.iat = NOW + 5, s.exp = NOW + 30;
    assert_int_equal(verify_at(&s, NOW), EJWT_OK);
    s = spec(), s.iat = NOW + 6, s.exp = NOW + 30;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_NOT_YET_VALID);
    /* min_iat: commands issued before the cache existed are refused */
    ejwt_command_verifier_free(&v);
    c = config();
    c.min_iat = NOW;
    assert_int_equal(ejwt_command_verifier_init(&v, &c, jwks, strlen(jwks)), EJWT_OK);
    s = spec(), s.iat = NOW - 1, s.exp = NOW + 59;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_REPLAYED);
    s = spec();
    assert_int_equal(verify_at(&s, NOW), EJWT_OK);
    /* init errors */
    c = config();
    c.client_id = NULL;
    assert_int_equal(ejwt_command_verifier_init(&w, &c, jwks, strlen(jwks)), EJWT_ERR_INVALID_ARG);
    c = config();
    c.issuer = "";
    assert_int_equal(ejwt_command_verifier_init(&w, &c, jwks, strlen(jwks)), EJWT_ERR_INVALID_ARG);
    c = config();
    c.max_lifetime_s = EJWT_COMMAND_LIFETIME_LIMIT_S + 1u;
    assert_int_equal(ejwt_command_verifier_init(&w, &c, jwks, strlen(jwks)), EJWT_ERR_INVALID_ARG);
    c = config();
    assert_int_equal(ejwt_command_verifier_init(&w, &c, "{\"keys\":[", 9), EJWT_ERR_JSON_SYNTAX);
    assert_int_equal(w.nkeys, 0);
}

/* Replace the verifier with one configured by \p c. */
static void reconfigure(const ejwt_command_config *c)
{
    ejwt_command_verifier_free(&v);
    assert_int_equal(ejwt_command_verifier_init(&v, c, jwks, strlen(jwks)), EJWT_OK);
}

/* Every time comparison at the ends of the int64 range and with the largest
 * leeway: the review's UBSan finding (iat - now with now near INT64_MIN)
 * and its relatives. Under the host-asan preset any overflow aborts. */
static void test_time_extremes(void **state)
{
    ejwt_command_config c = config();
    cmd_spec s;

    (void)state;
    /* iat far ahead of a clock near INT64_MIN: refused, no iat - now */
    s = spec(), s.iat = INT64_MAX - 39, s.exp = INT64_MAX - 9;
    assert_int_equal(verify_at(&s, INT64_MIN + 1), EJWT_ERR_NOT_YET_VALID);
    /* exp - iat with iat at INT64_MIN and exp at INT64_MAX: no exp - iat */
    s = spec(), s.iat_json = "-9223372036854775808", s.exp = INT64_MAX; /* OMIT is INT64_MIN */
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.iat = INT64_MAX, s.exp_json = "-9223372036854775808";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_EXPIRED); /* the core refuses it first */
    /* a command issued at the very end of time, verified then */
    s = spec(), s.iat = INT64_MAX - 60, s.exp = INT64_MAX;
    assert_int_equal(verify_at(&s, INT64_MAX - 60), EJWT_OK);
    assert_int_equal(verify_at(&s, INT64_MAX - 60), EJWT_ERR_REPLAYED);
    /* the largest leeway: exp + leeway saturates, iat - leeway is never formed */
    c.leeway_s = UINT32_MAX;
    reconfigure(&c);
    s = spec(), s.iat = INT64_MAX - 60, s.exp = INT64_MAX;
    assert_int_equal(verify_at(&s, INT64_MAX - 1), EJWT_OK);
    assert_int_equal(ejwt_replay_cache_live(&v.cache, INT64_MAX - 1), 1); /* kept to the end */
    assert_int_equal(verify_at(&s, INT64_MAX - 1), EJWT_ERR_REPLAYED);
    s = spec(), s.iat = INT64_MAX - 30, s.exp = INT64_MAX;
    assert_int_equal(verify_at(&s, INT64_MIN + 1), EJWT_ERR_NOT_YET_VALID);
    s = spec(), s.iat = NOW + UINT32_MAX, s.exp = NOW + UINT32_MAX + 60;
    assert_int_equal(verify_at(&s, NOW), EJWT_OK); /* exactly the leeway ahead */
    s = spec(), s.iat = NOW + UINT32_MAX + 1, s.exp = NOW + UINT32_MAX + 61;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_NOT_YET_VALID);
    /* a clock near INT64_MIN with exp long past: expired, not wrapped */
    s = spec(), s.iat_json = "-9223372036854775808", s.exp = INT64_MIN + 60;
    assert_int_equal(verify_at(&s, INT64_MAX), EJWT_ERR_EXPIRED);
}

/* A fraction in iat or exp rounds to the safe side of each check. */
static void test_fractional_times(void **state)
{
    cmd_spec s;

    (void)state;
    /* iat half a second ahead: issued in the future (iat rounds up) */
    s = spec(), s.iat_json = "1800000000.5";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_NOT_YET_VALID);
    assert_int_equal(verify_at(&s, NOW + 1), EJWT_OK);
    /* exp - iat over the maximum by a fraction: the longest reading counts */
    s = spec(), s.iat_json = "1799999999.5", s.exp = NOW + 60;
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    s = spec(), s.exp_json = "1800000060.5";
    assert_int_equal(verify_at(&s, NOW), EJWT_ERR_LIFETIME_INVALID);
    /* exp rounds down: expired at its integer part */
    s = spec(), s.iat = NOW - 30, s.exp_json = "1800000029.5";
    assert_int_equal(verify_at(&s, NOW + 29), EJWT_ERR_EXPIRED);
    s = spec(), s.iat = NOW - 30, s.exp_json = "1800000029.5";
    assert_int_equal(verify_at(&s, NOW + 28), EJWT_OK);
    /* min_iat: iat rounds down, so a fraction before the bound is refused */
    {
        ejwt_command_config c = config();
        c.min_iat = NOW;
        reconfigure(&c);
        s = spec(), s.iat_json = "1799999999.9", s.exp = NOW + 59;
        assert_int_equal(verify_at(&s, NOW), EJWT_ERR_REPLAYED);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_valid_command),
        T(test_replayed),
        T(test_claim_rules),
        T(test_keys_and_algorithms),
        T(test_cache_full_fails_closed),
        T(test_replay_cache_api),
        T(test_config),
        T(test_time_extremes),
        T(test_fractional_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
