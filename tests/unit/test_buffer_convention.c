/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The buffer convention (ejwt.h) for every output of the core's public API:
 * for each function, the success length (and the terminator, for text),
 * the exact fit, the too-small report (size = need - 1 gives
 * EJWT_ERR_BUFFER_TOO_SMALL with length = need, the size that fits) with
 * the buffer state the function documents, size 0 and the NULL size query
 * (tests/support/buffer_convention.h runs the cases). Then the length after
 * other failures, which is 0.
 *
 *   text:   ejwt_b64url_encode, ejwt_b64url_encode_ct, ejwt_json_string_copy,
 *           ejwt_jws_kid, ejwt_builder_finish, ejwt_jwk_export_public
 *   binary: ejwt_b64url_decode, ejwt_b64url_decode_ct,
 *           ejwt_key_export_es256_public, ejwt_signature_sign,
 *           ejwt_jwk_import_set (an array of keys), and the work buffer of
 *           ejwt_jws_parse, ejwt_jws_verify_compact and ejwt_jwt_verify
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "ejwt/ejwt.h"

#include "buffer_convention.h"
#include "ejwt_test_util.h"

#define NOW 1700000000

/* RFC 7515 A.3 key (with d, so it can sign). */
#define ES_X "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
#define ES_Y "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
static const char es_jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" ES_X "\",\"y\":\"" ES_Y
                             "\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}";
/* 32 bytes of 0x0b as an oct JWK with a kid, so tokens carry one. */
#define OCT_K "CwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws"
static const char hs_jwk[] = "{\"kty\":\"oct\",\"k\":\"" OCT_K "\",\"kid\":\"k\\u0065y-1\"}";
static const char two_keys[] =
    "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" OCT_K "\",\"kid\":\"a\"},"
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" ES_X "\",\"y\":\"" ES_Y "\",\"kid\":\"b\"}]}";

/* A compact JWS built with the test's own encoder (ejwt_test_util.h). */
static const char token_header[] = "{\"alg\":\"HS256\",\"kid\":\"key-1\"}";
static const char token_payload[] = "{\"sub\":\"buffers\",\"iat\":1700000000}";

static struct {
    ejwt_key es;
    ejwt_key hs;
    char token[256];
    size_t token_len;
    uint8_t decoded[128]; /* header || payload: what the work buffer holds */
    ejwt_verify_opts opts;
} fx;

static int setup(void **state)
{
    int err = EJWT_OK;
    size_t hl = sizeof(token_header) - 1u, pl = sizeof(token_payload) - 1u;
    (void)state;

    memset(&fx, 0, sizeof(fx));
    assert_int_equal(ejwt_crypto_init(), EJWT_OK);
    assert_int_equal(ejwt_jwk_import(es_jwk, sizeof(es_jwk) - 1u, &fx.es), EJWT_OK);
    assert_int_equal(ejwt_jwk_import(hs_jwk, sizeof(hs_jwk) - 1u, &fx.hs), EJWT_OK);
    fx.token_len = tu_build_jws(token_header, hl, (const uint8_t *)token_payload, pl, &fx.hs,
                                fx.token, sizeof(fx.token), &err);
    assert_int_equal(err, EJWT_OK);
    assert_true(fx.token_len != SIZE_MAX);
    memcpy(fx.decoded, token_header, hl);
    memcpy(fx.decoded + hl, token_payload, pl);
    fx.opts.algs = EJWT_ALG_BIT(EJWT_ALG_HS256);
    fx.opts.now = NOW;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_key_destroy(&fx.es);
    (void)ejwt_key_destroy(&fx.hs);
    return 0;
}

/* (name, fn, ctx, len, after_small): this suite checks content itself. */
#define TEXT_SPEC(name, fn, ctx, len, after) bc_spec_of(name, fn, ctx, BC_TEXT, len, after, NULL)
#define BINARY_SPEC(name, fn, ctx, len, after)                                                     \
    bc_spec_of(name, fn, ctx, BC_BINARY, len, after, NULL)

/* ---- base64url ------------------------------------------------------------- */

typedef struct bytes {
    const void *p;
    size_t n;
} bytes;

static int call_encode(void *ctx, void *buf, size_t size, size_t *len)
{
    const bytes *in = ctx;
    return ejwt_b64url_encode(in->p, in->n, buf, size, len);
}

static int call_encode_ct(void *ctx, void *buf, size_t size, size_t *len)
{
    const bytes *in = ctx;
    return ejwt_b64url_encode_ct(in->p, in->n, buf, size, len);
}

static int call_decode(void *ctx, void *buf, size_t size, size_t *len)
{
    const bytes *in = ctx;
    return ejwt_b64url_decode(in->p, in->n, buf, size, len);
}

static int call_decode_ct(void *ctx, void *buf, size_t size, size_t *len)
{
    const bytes *in = ctx;
    return ejwt_b64url_decode_ct(in->p, in->n, buf, size, len);
}

/* Every tail: 0, 1 and 2 bytes after the last full group, and no bytes. */
static const struct {
    const char *raw;
    const char *enc;
} b64_cases[] = {{"foobar", "Zm9vYmFy"}, {"fooba", "Zm9vYmE"}, {"foob", "Zm9vYg"}, {"", ""}};

static void test_b64url_encode(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(b64_cases) / sizeof(b64_cases[0]); i++) {
        bytes in = {b64_cases[i].raw, strlen(b64_cases[i].raw)};
        bc_spec s = TEXT_SPEC("ejwt_b64url_encode", call_encode, &in, strlen(b64_cases[i].enc),
                              BC_AFTER_EMPTY);
        s.expect = b64_cases[i].enc;
        bc_check(&s);
        s.name = "ejwt_b64url_encode_ct";
        s.fn = call_encode_ct;
        bc_check(&s);
    }
}

static void test_b64url_decode(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(b64_cases) / sizeof(b64_cases[0]); i++) {
        bytes in = {b64_cases[i].enc, strlen(b64_cases[i].enc)};
        bc_spec s = BINARY_SPEC("ejwt_b64url_decode", call_decode, &in, strlen(b64_cases[i].raw),
                                BC_AFTER_UNTOUCHED);
        s.expect = b64_cases[i].raw;
        bc_check(&s);
        s.name = "ejwt_b64url_decode_ct";
        s.fn = call_decode_ct;
        bc_check(&s);
    }
}

/* ---- JSON strings and the header kid ------------------------------------- */

typedef struct json_ctx {
    ejwt_json doc;
    int idx;
} json_ctx;

static int call_string_copy(void *ctx, void *buf, size_t size, size_t *len)
{
    const json_ctx *c = ctx;
    return ejwt_json_string_copy(&c->doc, c->idx, buf, size, len);
}

static void test_json_string_copy(void **state)
{
    static const char text[] = "[\"caf\\u00e9 \\\"au\\\" lait\",\"\"]";
    jsmntok_t tok[4];
    json_ctx c;
    bc_spec s;
    (void)state;

    assert_int_equal(ejwt_json_parse(text, sizeof(text) - 1u, tok, 4, &c.doc), EJWT_OK);
    c.idx = 1; /* unescaped: 15 bytes (e-acute is two) */
    s = TEXT_SPEC("ejwt_json_string_copy", call_string_copy, &c, 15, BC_AFTER_EMPTY);
    s.expect = "caf\xc3\xa9 \"au\" lait";
    bc_check(&s);
    c.idx = 2; /* the empty string still needs its terminator */
    s.len = 0;
    s.expect = "";
    bc_check(&s);
}

static int call_jws_kid(void *ctx, void *buf, size_t size, size_t *len)
{
    return ejwt_jws_kid(ctx, buf, size, len);
}

static void test_jws_kid(void **state)
{
    static ejwt_jws jws;
    uint8_t work[128];
    size_t need = 0;
    bc_spec s;
    (void)state;

    assert_int_equal(ejwt_jws_parse(fx.token, fx.token_len, work, sizeof(work), &need, &jws),
                     EJWT_OK);
    s = TEXT_SPEC("ejwt_jws_kid", call_jws_kid, &jws, 5, BC_AFTER_EMPTY);
    s.expect = "key-1";
    bc_check(&s);
}

/* ---- the builder --------------------------------------------------------- */

static const char builder_header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"key-1\"}";
static const char builder_claims[] = "{\"sub\":\"buffers\",\"n\":42}";

static int call_builder(void *ctx, void *buf, size_t size, size_t *len)
{
    ejwt_builder b;
    (void)ctx;

    ejwt_builder_init(&b, buf, size, &fx.hs, "JWT");
    ejwt_builder_add_string(&b, "sub", "buffers");
    ejwt_builder_add_int(&b, "n", 42);
    return ejwt_builder_finish(&b, len);
}

static void test_builder_finish(void **state)
{
    /* header.claims.signature: the lengths follow from the JSON alone. */
    size_t len = EJWT_B64URL_ENCODED_LEN(sizeof(builder_header) - 1u) + 1u +
                 EJWT_B64URL_ENCODED_LEN(sizeof(builder_claims) - 1u) + 1u +
                 EJWT_B64URL_ENCODED_LEN(32u);
    char expect[256];
    size_t o, n;
    bc_spec s = TEXT_SPEC("ejwt_builder_finish", call_builder, NULL, len, BC_AFTER_WIPED);
    (void)state;

    /* What the token must start with, from the test's own encoder. */
    o = tu_b64url_encode((const uint8_t *)builder_header, sizeof(builder_header) - 1u, expect,
                         sizeof(expect));
    expect[o++] = '.';
    n = tu_b64url_encode((const uint8_t *)builder_claims, sizeof(builder_claims) - 1u, expect + o,
                         sizeof(expect) - o);
    o += n;
    expect[o++] = '.';
    bc_check(&s);
    /* The signing input of the last success (the exact fit), byte for byte. */
    assert_int_equal(call_builder(NULL, bc_area, len + 1u, &n), EJWT_OK);
    assert_memory_equal(bc_area, expect, o);
}

/* ---- keys ------------------------------------------------------------------ */

static int call_jwk_export(void *ctx, void *buf, size_t size, size_t *len)
{
    return ejwt_jwk_export_public(ctx, buf, size, len);
}

static void test_jwk_export_public(void **state)
{
    static char expect[256];
    char thumb[EJWT_THUMBPRINT_LEN + 1u];
    bc_spec s;
    (void)state;

    assert_int_equal(ejwt_jwk_thumbprint(&fx.es, thumb), EJWT_OK);
    strcpy(expect, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" ES_X "\",\"y\":\"" ES_Y
                   "\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"");
    strcat(expect, thumb);
    strcat(expect, "\"}");
    s = TEXT_SPEC("ejwt_jwk_export_public", call_jwk_export, &fx.es, strlen(expect),
                  BC_AFTER_EMPTY);
    s.expect = expect;
    bc_check(&s);
}

static int call_key_export(void *ctx, void *buf, size_t size, size_t *len)
{
    return ejwt_key_export_es256_public(ctx, buf, size, len);
}

static void test_key_export_es256_public(void **state)
{
    uint8_t point[65];
    bc_spec s;
    (void)state;

    point[0] = 0x04;
    assert_int_equal(tu_b64url_decode(ES_X, 43, point + 1, 32), 32);
    assert_int_equal(tu_b64url_decode(ES_Y, 43, point + 33, 32), 32);
    s = BINARY_SPEC("ejwt_key_export_es256_public", call_key_export, &fx.es, 65,
                    BC_AFTER_UNTOUCHED);
    s.expect = point;
    bc_check(&s);
}

static int call_sign(void *ctx, void *buf, size_t size, size_t *len)
{
    return ejwt_signature_sign(ctx, (const uint8_t *)"msg", 3, buf, size, len);
}

static void test_signature_sign(void **state)
{
    bc_spec s = BINARY_SPEC("ejwt_signature_sign", call_sign, &fx.hs, 32, BC_AFTER_UNTOUCHED);
    (void)state;

    bc_check(&s); /* HS256: 32 bytes */
    s.ctx = &fx.es;
    s.len = 64; /* ES256: r || s */
    bc_check(&s);
}

typedef struct set_ctx {
    const char *json;
    size_t len;
} set_ctx;

/* Import into the buffer as a key array; a success's keys are destroyed at
 * once (destroying zeroes them, so no output is compared). */
static int call_import_set(void *ctx, void *buf, size_t size, size_t *len)
{
    const set_ctx *c = ctx;
    ejwt_key *keys = buf;
    int err = ejwt_jwk_import_set(c->json, c->len, keys, size, len);
    size_t i;

    if (err == EJWT_OK) {
        for (i = 0; i < *len; i++) {
            (void)ejwt_key_destroy(&keys[i]);
        }
    }
    return err;
}

static void test_jwk_import_set(void **state)
{
    set_ctx c = {two_keys, sizeof(two_keys) - 1u};
    bc_spec s = BINARY_SPEC("ejwt_jwk_import_set", call_import_set, &c, 2, BC_AFTER_UNTOUCHED);
    (void)state;

    s.elem = sizeof(ejwt_key);
    bc_check(&s);
    /* A single JWK is a set of one. */
    c.json = hs_jwk;
    c.len = sizeof(hs_jwk) - 1u;
    s.len = 1;
    bc_check(&s);
}

/* ---- the verifier's work buffer ----------------------------------------- */

static int call_jws_parse(void *ctx, void *buf, size_t size, size_t *len)
{
    static ejwt_jws jws;
    (void)ctx;
    return ejwt_jws_parse(fx.token, fx.token_len, buf, size, len, &jws);
}

static int call_jws_verify_compact(void *ctx, void *buf, size_t size, size_t *len)
{
    static ejwt_jws jws;
    (void)ctx;
    return ejwt_jws_verify_compact(fx.token, fx.token_len, &fx.hs, 1, &fx.opts, buf, size, len,
                                   &jws);
}

static int call_jwt_verify(void *ctx, void *buf, size_t size, size_t *len)
{
    static ejwt_jwt jwt;
    (void)ctx;
    return ejwt_jwt_verify(fx.token, fx.token_len, &fx.hs, 1, &fx.opts, buf, size, len, &jwt);
}

static void test_work_buffer(void **state)
{
    size_t len = sizeof(token_header) - 1u + sizeof(token_payload) - 1u;
    bc_spec s = BINARY_SPEC("ejwt_jws_parse", call_jws_parse, NULL, len, BC_AFTER_WIPED);
    (void)state;

    s.expect = fx.decoded; /* the decoded header, then the payload */
    bc_check(&s);
    s.name = "ejwt_jws_verify_compact";
    s.fn = call_jws_verify_compact;
    bc_check(&s);
    s.name = "ejwt_jwt_verify";
    s.fn = call_jwt_verify;
    bc_check(&s);
}

/* ---- other failures: length 0, text "" ------------------------------------ */

/* An HMAC key has no public JWK or point: length 0 (and the text ""). */
static void test_export_wrong_key(void **state)
{
    char text[128];
    uint8_t point[65];
    size_t len;
    (void)state;

    memset(text, 'Q', sizeof(text));
    len = 99;
    assert_int_equal(ejwt_jwk_export_public(&fx.hs, text, sizeof(text), &len),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(len, 0);
    assert_int_equal(text[0], '\0');
    len = 99;
    assert_int_equal(ejwt_key_export_es256_public(&fx.hs, point, sizeof(point), &len),
                     EJWT_ERR_ALG_KEY_MISMATCH);
    assert_int_equal(len, 0);
}

/* Not a string, no kid, not base64url: length 0 (and the text ""). */
static void test_copy_and_decode_failures(void **state)
{
    static char plain[128];
    char text[64];
    uint8_t work[128];
    jsmntok_t tok[4];
    ejwt_json doc;
    ejwt_jws jws;
    size_t len, n;
    (void)state;

    assert_int_equal(ejwt_json_parse("[1]", 3, tok, 4, &doc), EJWT_OK);
    memset(text, 'Q', sizeof(text));
    len = 99;
    assert_int_equal(ejwt_json_string_copy(&doc, 1, text, sizeof(text), &len), EJWT_ERR_JSON_TYPE);
    assert_int_equal(len, 0);
    assert_int_equal(text[0], '\0');

    n = tu_build_jws("{\"alg\":\"HS256\"}", 15, (const uint8_t *)"{}", 2, &fx.hs, plain,
                     sizeof(plain), NULL);
    assert_true(n != SIZE_MAX);
    assert_int_equal(ejwt_jws_parse(plain, n, work, sizeof(work), NULL, &jws), EJWT_OK);
    memset(text, 'Q', sizeof(text));
    len = 99;
    assert_int_equal(ejwt_jws_kid(&jws, text, sizeof(text), &len), EJWT_ERR_JSON_NOT_FOUND);
    assert_int_equal(len, 0);
    assert_int_equal(text[0], '\0');

    len = 99;
    assert_int_equal(ejwt_b64url_decode("Zm9=", 4, work, sizeof(work), &len), EJWT_ERR_BASE64);
    assert_int_equal(len, 0);
}

/* A token refused after it parsed: the work length is 0, not what parsing
 * needed; and a token that does not parse. */
static void test_work_length_after_failure(void **state)
{
    static ejwt_jwt jwt;
    static ejwt_jws jws;
    uint8_t work[128];
    ejwt_verify_opts o = fx.opts;
    size_t len;
    (void)state;

    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256); /* HS256 not allowed */
    len = 99;
    assert_int_equal(
        ejwt_jwt_verify(fx.token, fx.token_len, &fx.hs, 1, &o, work, sizeof(work), &len, &jwt),
        EJWT_ERR_ALG_NOT_ALLOWED);
    assert_int_equal(len, 0);
    len = 99;
    assert_int_equal(ejwt_jws_verify_compact(fx.token, fx.token_len, &fx.hs, 1, &o, work,
                                             sizeof(work), &len, &jws),
                     EJWT_ERR_ALG_NOT_ALLOWED);
    assert_int_equal(len, 0);
    len = 99;
    assert_int_equal(ejwt_jws_parse("e30.e30", 7, work, sizeof(work), &len, &jws),
                     EJWT_ERR_SEGMENTS);
    assert_int_equal(len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b64url_encode),
        cmocka_unit_test(test_b64url_decode),
        cmocka_unit_test(test_json_string_copy),
        cmocka_unit_test(test_jws_kid),
        cmocka_unit_test(test_builder_finish),
        cmocka_unit_test(test_jwk_export_public),
        cmocka_unit_test(test_key_export_es256_public),
        cmocka_unit_test(test_signature_sign),
        cmocka_unit_test(test_jwk_import_set),
        cmocka_unit_test(test_work_buffer),
        cmocka_unit_test(test_export_wrong_key),
        cmocka_unit_test(test_copy_and_decode_failures),
        cmocka_unit_test(test_work_length_after_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
