/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests: strict JSON (validator + jsmn + duplicate check) and accessors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "ejwt/error.h"
#include "ejwt/json.h"

/* Token pool for documents in these tests. */
#define TOK_CAP 256
/* Room for generated documents (deep nesting, many tokens). */
#define GEN_CAP 4096

/* ---- the document table --------------------------------------------------- */

typedef struct doc_case {
    const char *text;
    size_t len;
    int expect;
} doc_case;

/* Explicit lengths: several cases hold NUL bytes. */
#define J(text, expect)                                                                            \
    {                                                                                              \
        text, sizeof(text) - 1u, expect                                                            \
    }
#define Y(text) J(text, EJWT_OK)
#define N_SYNTAX(text) J(text, EJWT_ERR_JSON_SYNTAX)
#define N_STRING(text) J(text, EJWT_ERR_JSON_STRING)
#define N_DUP(text) J(text, EJWT_ERR_JSON_DUPLICATE)

static const doc_case cases[] = {
    /* y_: structure */
    Y("{}"),
    Y("[]"),
    Y("\"\""),
    Y("{\"a\":1}"),
    Y("[[]]"),
    Y("[{}]"),
    Y("[1,2,3]"),
    Y("{\"\":1}"),
    Y(" \t\n\r{} \t\n\r"),
    Y("{ \"a\" : [ 1 , { \"b\" : null } ] , \"c\" : \"d\" }"),
    Y("{\"a\":1,\"A\":2}"),
    Y("{\"a\":1,\"b\":{\"a\":2}}"),
    Y("[{\"a\":1},{\"a\":1}]"),
    Y("{\"a\\u0000\":1,\"a\":2}"),
    Y("{\"ab\":1,\"a\":2,\"a\\\\\":3}"),
    Y("[\"a\",\"a\"]"),
    /* y_: RFC 8259 section 13 examples */
    Y("{\"Image\":{\"Width\":800,\"Height\":600,\"Title\":\"View from 15th Floor\","
      "\"Thumbnail\":{\"Url\":\"http://www.example.com/image/481989943\",\"Height\":125,"
      "\"Width\":100},\"Animated\":false,\"IDs\":[116,943,234,38793]}}"),
    Y("[{\"precision\":\"zip\",\"Latitude\":37.7668,\"Longitude\":-122.3959,\"Address\":\"\","
      "\"City\":\"SAN FRANCISCO\",\"State\":\"CA\",\"Zip\":\"94107\",\"Country\":\"US\"},"
      "{\"precision\":\"zip\",\"Latitude\":37.371991,\"Longitude\":-122.026020,"
      "\"Address\":\"\",\"City\":\"SUNNYVALE\",\"State\":\"CA\",\"Zip\":\"94085\","
      "\"Country\":\"US\"}]"),
    Y("\"Hello world!\""),
    Y("42"),
    Y("true"),
    /* y_: scalars at the root, with and without whitespace */
    Y("0"),
    Y("-0"),
    Y("1"),
    Y("-1"),
    Y(" 1 "),
    Y("false"),
    Y("null"),
    Y("\n null"),
    /* y_: numbers */
    Y("[0,-0,0.0,1.5,-1.5e10,1E+2,1e-2,1E2,0e0,-0.0e-0]"),
    Y("[123456789012345678901234567890]"),
    Y("[1e400,1e-400]"),
    Y("[10,100,9223372036854775808]"),
    /* y_: strings */
    Y("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"),
    Y("[\"\\u0000\"]"),
    Y("[\"\\u0041\\u00e9\\u20AC\\uFFFF\"]"),
    Y("[\"\\uD83D\\uDE00\",\"\\ud83d\\ude00\",\"\\uDBFF\\uDFFF\",\"\\uD800\\uDC00\"]"),
    Y("[\"\xc3\xa9\"]"),         /* U+00E9 */
    Y("[\"\xe2\x82\xac\"]"),     /* U+20AC */
    Y("[\"\xf0\x9f\x98\x80\"]"), /* U+1F600 */
    Y("[\"\xf4\x8f\xbf\xbf\"]"), /* U+10FFFF */
    Y("[\"\xef\xbf\xbf\"]"),     /* U+FFFF */
    Y("[\"\xed\x9f\xbf\"]"),     /* U+D7FF, just below the surrogates */
    Y("[\"\xee\x80\x80\"]"),     /* U+E000, just above */
    Y("[\"\xc2\x80\",\"\xe0\xa0\x80\",\"\xf0\x90\x80\x80\"]"), /* shortest forms */
    Y("[\"\x7f\"]"),                                           /* DEL needs no escape */
    Y("[\"/\",\"'\",\" \"]"),

    /* n_: the jsmn leniencies */
    N_SYNTAX("{\"a\":1,}"),
    N_SYNTAX("[1,,3]"),
    N_SYNTAX("{\"a\":01}"),
    N_SYNTAX("{\"a\":tru}"),
    N_SYNTAX("{\"a\"}"),
    N_DUP("{\"a\":1,\"a\":2}"),
    /* n_: structure */
    N_SYNTAX(""),
    N_SYNTAX(" "),
    N_SYNTAX("\r\n\t"),
    N_SYNTAX("[1,]"),
    N_SYNTAX("[,1]"),
    N_SYNTAX("[,]"),
    N_SYNTAX("{,}"),
    N_SYNTAX("{\"a\":}"),
    N_SYNTAX("{\"a\" 1}"),
    N_SYNTAX("{\"a\"::1}"),
    N_SYNTAX("{\"a\":1\"b\":2}"),
    N_SYNTAX("{1:2}"),
    N_SYNTAX("{a:1}"),
    N_SYNTAX("{'a':1}"),
    N_SYNTAX("{null:1}"),
    N_SYNTAX("{[]:1}"),
    N_SYNTAX("{\"a\"=1}"),
    N_SYNTAX("[1 2]"),
    N_SYNTAX("[1;2]"),
    N_SYNTAX("[1:2]"),
    N_SYNTAX("[\"a\":1]"),
    N_SYNTAX("["),
    N_SYNTAX("]"),
    N_SYNTAX("{"),
    N_SYNTAX("}"),
    N_SYNTAX("[1}"),
    N_SYNTAX("{\"a\":1]"),
    N_SYNTAX("[]]"),
    N_SYNTAX("[][]"),
    N_SYNTAX("{}{}"),
    N_SYNTAX("{} {}"),
    N_SYNTAX("1 2"),
    N_SYNTAX("[1]x"),
    N_SYNTAX("[\"a\""),
    N_SYNTAX("{\"a\":1"),
    N_SYNTAX("{\"a\":"),
    N_SYNTAX("{\"a\""),
    N_SYNTAX("{}\0"),
    N_SYNTAX("\0{}"),
    N_SYNTAX("[1,\0 2]"),
    N_SYNTAX("\xef\xbb\xbf{}"), /* a byte order mark is not whitespace */
    N_SYNTAX("\f{}"),
    N_SYNTAX("\v[]"),
    N_SYNTAX("[\xc2\xa0]"), /* neither is U+00A0 */
    N_SYNTAX("{\"a\":1}/**/"),
    N_SYNTAX("[1]//"),
    N_SYNTAX("#"),
    /* n_: literals */
    N_SYNTAX("tru"),
    N_SYNTAX("truee"),
    N_SYNTAX("[true false]"),
    N_SYNTAX("TRUE"),
    N_SYNTAX("True"),
    N_SYNTAX("nul"),
    N_SYNTAX("[nulll]"),
    N_SYNTAX("[fals]"),
    N_SYNTAX("[undefined]"),
    N_SYNTAX("[NaN]"),
    N_SYNTAX("[Infinity]"),
    N_SYNTAX("[-Infinity]"),
    /* n_: numbers */
    N_SYNTAX("01"),
    N_SYNTAX("[00]"),
    N_SYNTAX("[-01]"),
    N_SYNTAX("[-]"),
    N_SYNTAX("-"),
    N_SYNTAX("[--1]"),
    N_SYNTAX("[+1]"),
    N_SYNTAX("[1.]"),
    N_SYNTAX("[.5]"),
    N_SYNTAX("[-.5]"),
    N_SYNTAX("[1.e5]"),
    N_SYNTAX("[1e]"),
    N_SYNTAX("[1e+]"),
    N_SYNTAX("[1E-]"),
    N_SYNTAX("[1e5.5]"),
    N_SYNTAX("[1.5.5]"),
    N_SYNTAX("[0x10]"),
    N_SYNTAX("[1a]"),
    N_SYNTAX("[1 000]"),
    N_SYNTAX("1e"),
    N_SYNTAX("2."),
    /* n_: strings that never close */
    N_SYNTAX("\"abc"),
    N_SYNTAX("[\"abc]"),
    N_SYNTAX("\"\\"),
    N_SYNTAX("\"\\\""),
    N_SYNTAX("\"\\u12"),
    N_SYNTAX("\"\\uD800"),
    N_SYNTAX("\"\\uD800\\"),
    /* n_: bad escapes */
    N_STRING("[\"\\x41\"]"),
    N_STRING("[\"\\a\"]"),
    N_STRING("[\"\\'\"]"),
    N_STRING("[\"\\0\"]"),
    N_STRING("[\"\\U0041\"]"),
    N_STRING("[\"\\u12G4\"]"),
    N_STRING("[\"\\u123\"]"),
    N_STRING("[\"\\u\"]"),
    N_STRING("[\"\\\xc3\xa9\"]"),
    /* n_: lone or misordered surrogates */
    N_STRING("[\"\\uD800\"]"),
    N_STRING("\"\\uD800\""), /* lone high surrogate closing the whole text */
    N_STRING("[\"\\uDBFF\"]"),
    N_STRING("[\"\\uDC00\"]"),
    N_STRING("[\"\\uDFFF\"]"),
    N_STRING("[\"\\uD800x\"]"),
    N_STRING("[\"\\uD800\\n\"]"),
    N_STRING("[\"\\uD800\\uD800\"]"),
    N_STRING("[\"\\uD800\\u0041\"]"),
    N_STRING("[\"\\uDC00\\uD800\"]"),
    N_STRING("[\"\\uD800\\uE000\"]"),
    N_STRING("[\"\\uD800\\u00\"]"),
    /* n_: raw control characters */
    N_STRING("[\"a\tb\"]"),
    N_STRING("[\"\n\"]"),
    N_STRING("[\"\r\"]"),
    N_STRING("[\"\x01\"]"),
    N_STRING("[\"\x1f\"]"),
    N_STRING("[\"a\0b\"]"),
    N_STRING("{\"\x01\":1}"),
    /* n_: UTF-8 */
    N_STRING("[\"\xc0\x80\"]"),                 /* overlong U+0000 */
    N_STRING("[\"\xc1\xbf\"]"),                 /* overlong U+007F */
    N_STRING("[\"\xe0\x80\x80\"]"),             /* overlong, 3 bytes */
    N_STRING("[\"\xe0\x9f\xbf\"]"),             /* overlong U+07FF */
    N_STRING("[\"\xf0\x80\x80\x80\"]"),         /* overlong, 4 bytes */
    N_STRING("[\"\xf0\x8f\xbf\xbf\"]"),         /* overlong U+FFFF */
    N_STRING("[\"\xed\xa0\x80\"]"),             /* U+D800 encoded */
    N_STRING("[\"\xed\xbf\xbf\"]"),             /* U+DFFF encoded */
    N_STRING("[\"\xed\xa0\xbd\xed\xb8\x80\"]"), /* CESU-8 pair */
    N_STRING("[\"\xf4\x90\x80\x80\"]"),         /* U+110000 */
    N_STRING("[\"\xf5\x80\x80\x80\"]"),
    N_STRING("[\"\xf7\xbf\xbf\xbf\"]"),
    N_STRING("[\"\xf8\x88\x80\x80\x80\"]"),
    N_STRING("[\"\xfe\"]"),
    N_STRING("[\"\xff\"]"),
    N_STRING("[\"\x80\"]"), /* stray continuation bytes */
    N_STRING("[\"\xbf\"]"),
    N_STRING("[\"a\x80\"]"),
    N_STRING("[\"\xc3\xa9\xa9\"]"),
    N_STRING("[\"\xc3\"]"), /* truncated before the quote */
    N_STRING("[\"\xe2\x82\"]"),
    N_STRING("[\"\xf0\x9f\x98\"]"),
    N_STRING("[\"\xe2\x82\x41\"]"),
    N_STRING("[\"\xc3\xc3\xa9\"]"),
    N_STRING("\"\xc3"), /* truncated by the end of the text */
    N_STRING("\"\xf0\x9f\x98"),
    /* n_: duplicate member names, also when spelled differently */
    N_DUP("{\"a\":1,\"b\":2,\"a\":3}"),
    N_DUP("{\"a\":1,\"\\u0061\":2}"),
    N_DUP("{\"\\u0061\":1,\"\\u0061\":2}"),
    N_DUP("{\"\\u00e9\":1,\"\xc3\xa9\":2}"),
    N_DUP("{\"\\u00E9\":1,\"\\u00e9\":2}"),
    N_DUP("{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}"),
    N_DUP("{\"a/\":1,\"a\\/\":2}"),
    N_DUP("{\"\":1,\"\":2}"),
    N_DUP("{\"x\":{\"a\":1,\"a\":2}}"),
    N_DUP("[{\"a\":1,\"a\":1}]"),
    N_DUP("{\"a\":{},\"b\":[1,{\"c\":2}],\"a\":null}"),
    N_DUP("{\"\\n\":1,\"\\u000a\":2}"),
    /* the first error in the text wins */
    N_SYNTAX("[1,]\"\x01"),
    N_STRING("[\"\x01\",]"),
};

static void test_document_table(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        jsmntok_t tok[TOK_CAP];
        ejwt_json doc;
        int r1 = ejwt_json_parse(cases[i].text, cases[i].len, tok, TOK_CAP, &doc);
        int r2 = ejwt_json_validate(cases[i].text, cases[i].len);

        if (r1 != cases[i].expect || r2 != cases[i].expect) {
            print_error("case %u \"%.*s\": parse %d, validate %d, expected %d\n", (unsigned)i,
                        (int)cases[i].len, cases[i].text, r1, r2, cases[i].expect);
        }
        assert_int_equal(r1, cases[i].expect);
        assert_int_equal(r2, cases[i].expect);
        if (r1 == EJWT_OK) {
            assert_true(doc.count >= 1);
            assert_ptr_equal(doc.text, cases[i].text);
            assert_int_equal(doc.len, cases[i].len);
            assert_ptr_equal(doc.tok, tok);
        }
    }
}

/* jsmn with JSMN_STRICT, untouched, accepts these; we must not. */
static void test_jsmn_leniencies_rejected(void **state)
{
    static const char *const lenient[] = {
        "{\"a\":1,}", "[1,,3]", "{\"a\":01}", "{\"a\":tru}", "{\"a\"}", "{\"a\":1,\"a\":2}",
    };
    static const int expect[] = {
        EJWT_ERR_JSON_SYNTAX, EJWT_ERR_JSON_SYNTAX, EJWT_ERR_JSON_SYNTAX,
        EJWT_ERR_JSON_SYNTAX, EJWT_ERR_JSON_SYNTAX, EJWT_ERR_JSON_DUPLICATE,
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(lenient) / sizeof(lenient[0]); i++) {
        jsmntok_t tok[TOK_CAP];
        jsmn_parser p;
        ejwt_json doc;

        jsmn_init(&p);
        assert_true(jsmn_parse(&p, lenient[i], strlen(lenient[i]), tok, TOK_CAP) > 0);
        assert_int_equal(ejwt_json_parse(lenient[i], strlen(lenient[i]), tok, TOK_CAP, &doc),
                         expect[i]);
    }
}

static void test_doc_zeroed_on_failure(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc;
    const char *text = "{\"a\":1,}";
    (void)state;

    memset(&doc, 0x5A, sizeof(doc));
    assert_int_equal(ejwt_json_parse(text, strlen(text), tok, TOK_CAP, &doc), EJWT_ERR_JSON_SYNTAX);
    assert_null(doc.text);
    assert_null(doc.tok);
    assert_int_equal(doc.len, 0);
    assert_int_equal(doc.count, 0);

    memset(&doc, 0x5A, sizeof(doc));
    assert_int_equal(ejwt_json_parse("{\"a\":1,\"a\":1}", 13, tok, TOK_CAP, &doc),
                     EJWT_ERR_JSON_DUPLICATE);
    assert_null(doc.text);
    assert_int_equal(doc.count, 0);

    memset(&doc, 0x5A, sizeof(doc));
    assert_int_equal(ejwt_json_parse("[1,2]", 5, tok, 2, &doc), EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_null(doc.tok);
    assert_int_equal(doc.count, 0);
}

static void test_length_limit(void **state)
{
    jsmntok_t tok[4];
    ejwt_json doc;
    (void)state;

#if SIZE_MAX > INT_MAX
    /* Refused before a byte is read, so the short buffer is safe. */
    assert_int_equal(ejwt_json_parse("{}", (size_t)INT_MAX + 1u, tok, 4, &doc),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_validate("{}", (size_t)INT_MAX + 1u), EJWT_ERR_INVALID_ARG);
#endif
    /* A length shorter than the buffer is honoured. */
    assert_int_equal(ejwt_json_parse("{}}", 2, tok, 4, &doc), EJWT_OK);
    assert_int_equal(ejwt_json_parse("[1]2", 3, tok, 4, &doc), EJWT_OK);
    assert_int_equal(ejwt_json_parse("12", 1, tok, 4, &doc), EJWT_OK);
    assert_int_equal(doc.tok[0].end, 1);
    assert_int_equal(ejwt_json_parse("", 0, tok, 4, &doc), EJWT_ERR_JSON_SYNTAX);
}

/* ---- nesting and token limits ---------------------------------------------- */

/* n arrays inside each other. */
static size_t nested_arrays(char *buf, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        buf[i] = '[';
        buf[2u * n - 1u - i] = ']';
    }
    return 2u * n;
}

/* n objects inside each other: {"a":{"a":...{}...}}. */
static size_t nested_objects(char *buf, size_t n)
{
    size_t len = 0;
    size_t i;

    for (i = 0; i + 1u < n; i++) {
        memcpy(buf + len, "{\"a\":", 5);
        len += 5u;
    }
    buf[len++] = '{';
    for (i = 0; i < n; i++) {
        buf[len++] = '}';
    }
    return len;
}

static void test_depth_limit(void **state)
{
    static char buf[GEN_CAP];
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc;
    size_t len;
    (void)state;

    len = nested_arrays(buf, EJWT_MAX_JSON_DEPTH);
    assert_int_equal(ejwt_json_parse(buf, len, tok, TOK_CAP, &doc), EJWT_OK);
    assert_int_equal(doc.count, EJWT_MAX_JSON_DEPTH);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_OK);

    len = nested_arrays(buf, EJWT_MAX_JSON_DEPTH + 1);
    assert_int_equal(ejwt_json_parse(buf, len, tok, TOK_CAP, &doc), EJWT_ERR_JSON_TOO_DEEP);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_ERR_JSON_TOO_DEEP);

    len = nested_objects(buf, EJWT_MAX_JSON_DEPTH);
    assert_int_equal(ejwt_json_parse(buf, len, tok, TOK_CAP, &doc), EJWT_OK);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_OK);

    len = nested_objects(buf, EJWT_MAX_JSON_DEPTH + 1);
    assert_int_equal(ejwt_json_parse(buf, len, tok, TOK_CAP, &doc), EJWT_ERR_JSON_TOO_DEEP);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_ERR_JSON_TOO_DEEP);

    /* Far deeper, unterminated: refused at the limit, without recursion. */
    memset(buf, '[', sizeof(buf));
    assert_int_equal(ejwt_json_validate(buf, sizeof(buf)), EJWT_ERR_JSON_TOO_DEEP);

    /* Depth is nesting, not total containers. */
    len = nested_arrays(buf, EJWT_MAX_JSON_DEPTH);
    buf[len++] = ' ';
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_OK);
    {
        const char *wide = "[[[]],[[]],[[]],[[]],[[]],[[]],[[]],[[]],[[]],[[]]]";
        assert_int_equal(ejwt_json_validate(wide, strlen(wide)), EJWT_OK);
    }
}

/* [0,0,...] with n elements: n + 1 tokens. */
static size_t flat_array(char *buf, size_t n)
{
    size_t len = 0;
    size_t i;

    buf[len++] = '[';
    for (i = 0; i < n; i++) {
        if (i > 0u) {
            buf[len++] = ',';
        }
        buf[len++] = '0';
    }
    buf[len++] = ']';
    return len;
}

static void test_token_limit(void **state)
{
    static char buf[GEN_CAP];
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc;
    size_t len;
    (void)state;

    assert_int_equal(ejwt_json_parse("{\"a\":1}", 7, tok, 3, &doc), EJWT_OK);
    assert_int_equal(doc.count, 3);
    assert_int_equal(ejwt_json_parse("{\"a\":1}", 7, tok, 2, &doc), EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(ejwt_json_parse("{}", 2, tok, 0, &doc), EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(ejwt_json_parse("7", 1, tok, 0, &doc), EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(ejwt_json_parse("7", 1, tok, 1, &doc), EJWT_OK);
    /* Grammar errors are reported as such even when tokens would run out. */
    assert_int_equal(ejwt_json_parse("[1,2,]", 6, tok, 1, &doc), EJWT_ERR_JSON_SYNTAX);

    /* ejwt_json_validate tokenizes into EJWT_MAX_CLAIM_TOKENS tokens. */
    len = flat_array(buf, EJWT_MAX_CLAIM_TOKENS - 1);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_OK);
    len = flat_array(buf, EJWT_MAX_CLAIM_TOKENS);
    assert_int_equal(ejwt_json_validate(buf, len), EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_int_equal(ejwt_json_parse(buf, len, tok, TOK_CAP, &doc), EJWT_OK);
    assert_int_equal(doc.count, EJWT_MAX_CLAIM_TOKENS + 1);
}

/* ---- accessors ---------------------------------------------------------------- */

static ejwt_json parse_ok(const char *text, jsmntok_t *tok)
{
    ejwt_json doc;

    assert_int_equal(ejwt_json_parse(text, strlen(text), tok, TOK_CAP, &doc), EJWT_OK);
    return doc;
}

static void test_type(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc = parse_ok(
        "{\"s\":\"x\",\"n\":-1,\"m\":2.5e3,\"t\":true,\"f\":false,\"z\":null,\"o\":{},\"a\":[]}",
        tok);
    static const struct {
        const char *name;
        int type;
    } members[] = {
        {"s", EJWT_JSON_STRING}, {"n", EJWT_JSON_NUMBER}, {"m", EJWT_JSON_NUMBER},
        {"t", EJWT_JSON_TRUE},   {"f", EJWT_JSON_FALSE},  {"z", EJWT_JSON_NULL},
        {"o", EJWT_JSON_OBJECT}, {"a", EJWT_JSON_ARRAY},
    };
    size_t i;
    (void)state;

    assert_int_equal(ejwt_json_type(&doc, 0), EJWT_JSON_OBJECT);
    assert_int_equal(ejwt_json_type(&doc, 1), EJWT_JSON_STRING); /* a member name */
    for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
        int idx = ejwt_json_find(&doc, 0, members[i].name);
        assert_true(idx > 0);
        assert_int_equal(ejwt_json_type(&doc, idx), members[i].type);
    }
    assert_int_equal(ejwt_json_type(&doc, -1), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_type(&doc, doc.count), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_type(&doc, EJWT_ERR_JSON_NOT_FOUND), EJWT_ERR_INVALID_ARG);

    doc = parse_ok("-5", tok);
    assert_int_equal(ejwt_json_type(&doc, 0), EJWT_JSON_NUMBER);
    doc = parse_ok(" null ", tok);
    assert_int_equal(ejwt_json_type(&doc, 0), EJWT_JSON_NULL);
}

static void test_find(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc = parse_ok("{\"\\u0061\":1,\"ab\":2,\"c\\u0000\":3,\"x\":{\"d\":4},"
                             "\"e\\/f\":5,\"\":6,\"\xc3\xa9\":7,\"\\u00e8\":8}",
                             tok);
    int64_t v = 0;
    int idx;
    int x;
    (void)state;

    idx = ejwt_json_find(&doc, 0, "a");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 1);
    idx = ejwt_json_find(&doc, 0, "ab");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 2);
    idx = ejwt_json_find(&doc, 0, "e/f");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 5);
    idx = ejwt_json_find(&doc, 0, "");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 6);
    idx = ejwt_json_find(&doc, 0, "\xc3\xa9");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 7);
    idx = ejwt_json_find(&doc, 0, "\xc3\xa8");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 8);

    /* Exact lengths: "c\u0000" is not "c", "a" is not "ab"'s prefix. */
    assert_int_equal(ejwt_json_find(&doc, 0, "c"), EJWT_ERR_JSON_NOT_FOUND);
    assert_int_equal(ejwt_json_find(&doc, 0, "abc"), EJWT_ERR_JSON_NOT_FOUND);
    assert_int_equal(ejwt_json_find(&doc, 0, "A"), EJWT_ERR_JSON_NOT_FOUND);
    assert_int_equal(ejwt_json_find(&doc, 0, "\\u0061"), EJWT_ERR_JSON_NOT_FOUND);
    /* Only direct members: "d" lives in "x". */
    assert_int_equal(ejwt_json_find(&doc, 0, "d"), EJWT_ERR_JSON_NOT_FOUND);
    x = ejwt_json_find(&doc, 0, "x");
    assert_int_equal(ejwt_json_type(&doc, x), EJWT_JSON_OBJECT);
    idx = ejwt_json_find(&doc, x, "d");
    assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_OK);
    assert_int_equal(v, 4);
    assert_int_equal(ejwt_json_find(&doc, x, "a"), EJWT_ERR_JSON_NOT_FOUND);
    /* Not an object. */
    assert_int_equal(ejwt_json_find(&doc, 1, "a"), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_find(&doc, 2, "a"), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_find(&doc, -3, "a"), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_find(&doc, doc.count, "a"), EJWT_ERR_INVALID_ARG);

    doc = parse_ok("[{\"a\":1}]", tok);
    assert_int_equal(ejwt_json_find(&doc, 0, "a"), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_find(&doc, 1, "a"), 3);
    doc = parse_ok("{}", tok);
    assert_int_equal(ejwt_json_find(&doc, 0, "a"), EJWT_ERR_JSON_NOT_FOUND);
}

static void test_next_member(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc = parse_ok("{\"a\":{\"x\":[1,2]},\"b\":[{\"c\":3}],\"c\":4}", tok);
    static const char *const names[] = {"a", "b", "c"};
    /* tokens: 0 {, 1 "a", 2 {, 3 "x", 4 [, 5 1, 6 2, 7 "b", 8 [, 9 {, 10 "c", 11 3,
     *         12 "c", 13 4 */
    static const int keys[] = {1, 7, 12};
    static const int vals[] = {2, 8, 13};
    int it = 0;
    int key = -1;
    int val = -1;
    int n = 0;
    int ret;
    (void)state;

    while ((ret = ejwt_json_next_member(&doc, 0, &it, &key, &val)) == 1) {
        assert_true(n < 3);
        assert_int_equal(key, keys[n]);
        assert_int_equal(val, vals[n]);
        assert_int_equal(ejwt_json_string_equals(&doc, key, names[n], 1), 1);
        n++;
    }
    assert_int_equal(ret, 0);
    assert_int_equal(n, 3);
    /* The end is sticky. */
    assert_int_equal(ejwt_json_next_member(&doc, 0, &it, &key, &val), 0);

    /* A nested object stops at its own closing brace. */
    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 2, &it, &key, &val), 1);
    assert_int_equal(key, 3);
    assert_int_equal(val, 4);
    assert_int_equal(ejwt_json_next_member(&doc, 2, &it, &key, &val), 0);
    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 9, &it, &key, &val), 1);
    assert_int_equal(key, 10);
    assert_int_equal(ejwt_json_next_member(&doc, 9, &it, &key, &val), 0);

    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 4, &it, &key, &val), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_next_member(&doc, 1, &it, &key, &val), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_next_member(&doc, 99, &it, &key, &val), EJWT_ERR_INVALID_ARG);

    doc = parse_ok("{}", tok);
    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 0, &it, &key, &val), 0);
    doc = parse_ok("[{},{\"k\":true}]", tok);
    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 1, &it, &key, &val), 0);
    it = 0;
    assert_int_equal(ejwt_json_next_member(&doc, 2, &it, &key, &val), 1);
    assert_int_equal(key, 3);
    assert_int_equal(val, 4);
    assert_int_equal(ejwt_json_next_member(&doc, 2, &it, &key, &val), 0);
}

static void test_skip(void **state)
{
    jsmntok_t tok[TOK_CAP];
    /* tokens: 0 [, 1 [, 2 1, 3 [, 4 2, 5 3, 6 {, 7 "a", 8 {, 9 "b", 10 [, 11 4 */
    ejwt_json doc = parse_ok("[[1,[2,3]],{\"a\":{\"b\":[]}},4]", tok);
    static const struct {
        int idx;
        int next;
    } skips[] = {{0, 12}, {1, 6},  {2, 3},  {3, 6},   {4, 5},  {6, 11},
                 {7, 11}, {8, 11}, {9, 11}, {10, 11}, {11, 12}};
    size_t i;
    (void)state;

    assert_int_equal(doc.count, 12);
    for (i = 0; i < sizeof(skips) / sizeof(skips[0]); i++) {
        assert_int_equal(ejwt_json_skip(&doc, skips[i].idx), skips[i].next);
    }
    assert_int_equal(ejwt_json_skip(&doc, -1), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_skip(&doc, 12), EJWT_ERR_INVALID_ARG);
    doc = parse_ok("true", tok);
    assert_int_equal(ejwt_json_skip(&doc, 0), 1);
}

static void test_string_equals(void **state)
{
    jsmntok_t tok[TOK_CAP];
    /* 1 "https:\/\/x", 2 "a\u0000b", 3 "a", 4 "\u00e9", 5 raw e-acute, 6 U+1F600,
     * 7 "", 8 all short escapes, 9 a number */
    ejwt_json doc = parse_ok("[\"https:\\/\\/x\",\"a\\u0000b\",\"a\",\"\\u00e9\",\"\xc3\xa9\","
                             "\"\\ud83d\\ude00\",\"\",\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",1]",
                             tok);
    (void)state;

    assert_int_equal(ejwt_json_string_equals(&doc, 1, "https://x", 9), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 1, "https:\\/\\/x", 11), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 1, "https://", 8), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 1, "https://xx", 10), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 2, "a\0b", 3), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 2, "a", 1), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 2, "a\0", 2), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 3, "a", 1), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 3, "a\0", 2), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 3, "", 0), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 4, "\xc3\xa9", 2), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 4, "\xe9", 1), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 5, "\xc3\xa9", 2), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 6, "\xf0\x9f\x98\x80", 4), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 6, "\xed\xa0\xbd\xed\xb8\x80", 6), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 7, "", 0), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 7, NULL, 0), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 7, "a", 1), 0);
    assert_int_equal(ejwt_json_string_equals(&doc, 8, "\"\\/\b\f\n\r\t", 8), 1);
    assert_int_equal(ejwt_json_string_equals(&doc, 9, "1", 1), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_string_equals(&doc, 0, "", 0), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_string_equals(&doc, 10, "", 0), EJWT_ERR_INVALID_ARG);
}

static void test_string_copy(void **state)
{
    jsmntok_t tok[TOK_CAP];
    /* 1 escapes, 2 U+1F600 as a pair, 3 "a\u0000b", 4 "", 5 true, 6 "abc" */
    ejwt_json doc = parse_ok("[\"x\\ty\\\"z\\u00e9\\/\",\"\\ud83d\\ude00\",\"a\\u0000b\",\"\","
                             "true,\"abc\"]",
                             tok);
    char buf[32];
    size_t len = 99;
    (void)state;

    assert_int_equal(ejwt_json_string_copy(&doc, 1, buf, sizeof(buf), &len), EJWT_OK);
    assert_int_equal(len, 8);
    assert_string_equal(buf, "x\ty\"z\xc3\xa9/");

    assert_int_equal(ejwt_json_string_copy(&doc, 2, buf, sizeof(buf), &len), EJWT_OK);
    assert_int_equal(len, 4);
    assert_memory_equal(buf, "\xf0\x9f\x98\x80", 5);

    memset(buf, 'Q', sizeof(buf));
    len = 99;
    /* A string a C string cannot hold: refused, length 0, and buf is "" as
     * after every failure (buffer convention, ejwt.h). */
    assert_int_equal(ejwt_json_string_copy(&doc, 3, buf, sizeof(buf), &len), EJWT_ERR_JSON_NUL);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'Q');
    assert_int_equal(ejwt_json_string_copy(&doc, 3, buf, 1, &len), EJWT_ERR_JSON_NUL);

    assert_int_equal(ejwt_json_string_copy(&doc, 4, buf, 1, &len), EJWT_OK);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");

    /* Too small: the size that fits is reported (terminator included), buf
     * becomes "". */
    memset(buf, 'Q', sizeof(buf));
    assert_int_equal(ejwt_json_string_copy(&doc, 6, buf, 3, &len), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 4);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'Q');
    assert_int_equal(ejwt_json_string_copy(&doc, 6, NULL, 0, &len), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 4);
    assert_int_equal(ejwt_json_string_copy(&doc, 4, NULL, 0, &len), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 1);
    memset(buf, 'Q', sizeof(buf));
    assert_int_equal(ejwt_json_string_copy(&doc, 6, buf, 4, &len), EJWT_OK);
    assert_string_equal(buf, "abc");
    assert_int_equal(buf[4], 'Q');
    assert_int_equal(ejwt_json_string_copy(&doc, 2, buf, 4, &len), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(len, 5);

    memset(buf, 'Q', sizeof(buf));
    assert_int_equal(ejwt_json_string_copy(&doc, 5, buf, sizeof(buf), &len), EJWT_ERR_JSON_TYPE);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(ejwt_json_string_copy(&doc, 0, buf, sizeof(buf), &len), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_string_copy(&doc, 7, buf, sizeof(buf), &len), EJWT_ERR_INVALID_ARG);
}

/* ---- numbers ------------------------------------------------------------------ */

typedef struct num_case {
    const char *text;
    int ret;
    int64_t value;
} num_case;

static const num_case numbers[] = {
    {"0", EJWT_OK, 0},
    {"-0", EJWT_OK, 0},
    {"-0.0", EJWT_OK, 0},
    {"0.0e-0", EJWT_OK, 0},
    {"1", EJWT_OK, 1},
    {"-1", EJWT_OK, -1},
    {"1516239022", EJWT_OK, 1516239022},
    {"1.5", EJWT_OK, 1},
    {"-1.5", EJWT_OK, -2},
    {"0.5", EJWT_OK, 0},
    {"-0.5", EJWT_OK, -1},
    {"1.999999", EJWT_OK, 1},
    {"-1.000000", EJWT_OK, -1},
    {"-1.0000001", EJWT_OK, -2},
    {"1e3", EJWT_OK, 1000},
    {"1E3", EJWT_OK, 1000},
    {"1e+3", EJWT_OK, 1000},
    {"1.5e1", EJWT_OK, 15},
    {"-1.5e1", EJWT_OK, -15},
    {"1.55e1", EJWT_OK, 15},
    {"-1.55e1", EJWT_OK, -16},
    {"15e-1", EJWT_OK, 1},
    {"100e-2", EJWT_OK, 1},
    {"199e-2", EJWT_OK, 1},
    {"-100e-2", EJWT_OK, -1},
    {"-199e-2", EJWT_OK, -2},
    {"0.1e1", EJWT_OK, 1},
    {"0.00001e5", EJWT_OK, 1},
    {"0.0000000000000000000000001e25", EJWT_OK, 1},
    {"0.0000000000000000000000001e24", EJWT_OK, 0},
    {"123456789e-9", EJWT_OK, 0},
    {"1.7e9", EJWT_OK, 1700000000},
    {"1e18", EJWT_OK, INT64_C(1000000000000000000)},
    {"10000000000000000000000e-4", EJWT_OK, INT64_C(1000000000000000000)},
    {"1e-5", EJWT_OK, 0},
    {"-1e-5", EJWT_OK, -1},
    {"1e-400", EJWT_OK, 0},
    {"-1e-400", EJWT_OK, -1},
    {"1e-99999999999999999999999", EJWT_OK, 0},
    {"-1e-99999999999999999999999", EJWT_OK, -1},
    {"0e400", EJWT_OK, 0},
    {"0e99999999999999999999999", EJWT_OK, 0},
    {"-0.000e99999999999999999999999", EJWT_OK, 0},
    {"9223372036854775807", EJWT_OK, INT64_MAX},
    {"9223372036854775807.999", EJWT_OK, INT64_MAX},
    {"9.223372036854775807e18", EJWT_OK, INT64_MAX},
    {"92233720368547758070e-1", EJWT_OK, INT64_MAX},
    {"0.9223372036854775807e19", EJWT_OK, INT64_MAX},
    {"9223372036854775808", EJWT_ERR_JSON_RANGE, 0},
    {"9.223372036854775808e18", EJWT_ERR_JSON_RANGE, 0},
    {"-9223372036854775808", EJWT_OK, INT64_MIN},
    {"-9223372036854775807.5", EJWT_OK, INT64_MIN},
    {"-9223372036854775808.0", EJWT_OK, INT64_MIN},
    {"-9223372036854775808.5", EJWT_ERR_JSON_RANGE, 0},
    {"-9223372036854775809", EJWT_ERR_JSON_RANGE, 0},
    {"9999999999999999999", EJWT_ERR_JSON_RANGE, 0},
    {"-9999999999999999999", EJWT_ERR_JSON_RANGE, 0},
    {"18446744073709551615", EJWT_ERR_JSON_RANGE, 0},
    {"18446744073709551616", EJWT_ERR_JSON_RANGE, 0},
    {"123456789012345678901234567890", EJWT_ERR_JSON_RANGE, 0},
    {"1e19", EJWT_ERR_JSON_RANGE, 0},
    {"-1e19", EJWT_ERR_JSON_RANGE, 0},
    {"1e400", EJWT_ERR_JSON_RANGE, 0},
    {"-1e400", EJWT_ERR_JSON_RANGE, 0},
    {"1e99999999999999999999999", EJWT_ERR_JSON_RANGE, 0},
    {"0.00000000000000000001e40", EJWT_ERR_JSON_RANGE, 0},
};

static void test_int64_table(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        jsmntok_t tok[TOK_CAP];
        ejwt_json doc;
        int64_t v = 12345;
        int ret = ejwt_json_parse(numbers[i].text, strlen(numbers[i].text), tok, TOK_CAP, &doc);

        assert_int_equal(ret, EJWT_OK);
        ret = ejwt_json_int64(&doc, 0, &v);
        if (ret != numbers[i].ret || (ret == EJWT_OK && v != numbers[i].value)) {
            print_error("\"%s\": %d, %lld\n", numbers[i].text, ret, (long long)v);
        }
        assert_int_equal(ret, numbers[i].ret);
        if (ret == EJWT_OK) {
            assert_true(v == numbers[i].value);
        } else {
            assert_true(v == 0);
        }
    }
}

/* Rounding up, for "not before" times (ejwt_json_int64_ceil()). */
static const num_case numbers_ceil[] = {
    {"0", EJWT_OK, 0},
    {"-0.5", EJWT_OK, 0},
    {"0.5", EJWT_OK, 1},
    {"1.5", EJWT_OK, 2},
    {"-1.5", EJWT_OK, -1},
    {"1.000000", EJWT_OK, 1},
    {"1.0000001", EJWT_OK, 2},
    {"-1.0000001", EJWT_OK, -1},
    {"1800000000.5", EJWT_OK, INT64_C(1800000001)},
    {"1.8000000000001e9", EJWT_OK, INT64_C(1800000001)},
    {"18000000000001e-4", EJWT_OK, INT64_C(1800000001)},
    {"18000000000000e-4", EJWT_OK, INT64_C(1800000000)},
    {"1e-400", EJWT_OK, 1},
    {"-1e-400", EJWT_OK, 0},
    {"0.0000000000000000000000001e24", EJWT_OK, 1},
    {"9223372036854775807", EJWT_OK, INT64_MAX},
    {"9223372036854775806.5", EJWT_OK, INT64_MAX},
    {"9223372036854775807.5", EJWT_ERR_JSON_RANGE, 0},
    {"9223372036854775807.000", EJWT_OK, INT64_MAX},
    {"-9223372036854775808", EJWT_OK, INT64_MIN},
    {"-9223372036854775808.5", EJWT_OK, INT64_MIN},
    {"-9223372036854775809", EJWT_ERR_JSON_RANGE, 0},
    {"1e19", EJWT_ERR_JSON_RANGE, 0},
};

static void test_int64_ceil_table(void **state)
{
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(numbers_ceil) / sizeof(numbers_ceil[0]); i++) {
        jsmntok_t tok[TOK_CAP];
        ejwt_json doc;
        int64_t v = 12345;
        const num_case *c = &numbers_ceil[i];
        int ret = ejwt_json_parse(c->text, strlen(c->text), tok, TOK_CAP, &doc);

        assert_int_equal(ret, EJWT_OK);
        ret = ejwt_json_int64_ceil(&doc, 0, &v);
        if (ret != c->ret || (ret == EJWT_OK && v != c->value)) {
            print_error("\"%s\": %d, %lld\n", c->text, ret, (long long)v);
        }
        assert_int_equal(ret, c->ret);
        assert_true(v == (ret == EJWT_OK ? c->value : 0));
    }
    /* not a number */
    {
        jsmntok_t tok[TOK_CAP];
        ejwt_json doc;
        int64_t v = 1;
        assert_int_equal(ejwt_json_parse("\"1\"", 3, tok, TOK_CAP, &doc), EJWT_OK);
        assert_int_equal(ejwt_json_int64_ceil(&doc, 0, &v), EJWT_ERR_JSON_TYPE);
        assert_true(v == 0);
    }
}

static void test_int64_types(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc = parse_ok("{\"s\":\"1\",\"t\":true,\"f\":false,\"z\":null,\"a\":[1],\"o\":{},"
                             "\"n\":[-7.5]}",
                             tok);
    static const char *const not_numbers[] = {"s", "t", "f", "z", "a", "o"};
    int64_t v = 0;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
        int idx = ejwt_json_find(&doc, 0, not_numbers[i]);
        assert_true(idx > 0);
        assert_int_equal(ejwt_json_int64(&doc, idx, &v), EJWT_ERR_JSON_TYPE);
    }
    assert_int_equal(ejwt_json_int64(&doc, 0, &v), EJWT_ERR_JSON_TYPE);
    assert_int_equal(ejwt_json_int64(&doc, 1, &v), EJWT_ERR_JSON_TYPE); /* member name */
    assert_int_equal(ejwt_json_int64(&doc, ejwt_json_find(&doc, 0, "n") + 1, &v), EJWT_OK);
    assert_true(v == -8);
    assert_int_equal(ejwt_json_int64(&doc, -1, &v), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_json_int64(&doc, doc.count, &v), EJWT_ERR_INVALID_ARG);
}

/* ---- the aud shape ------------------------------------------------------------ */

static void test_string_or_array_contains(void **state)
{
    jsmntok_t tok[TOK_CAP];
    ejwt_json doc;
    int idx;
    (void)state;

    doc = parse_ok("{\"s\":\"a\",\"e\":\"\\u0061\",\"arr\":[\"x\",\"a\"],\"no\":[\"x\",\"y\"],"
                   "\"empty\":[],\"mixed\":[\"a\",1],\"nested\":[[\"a\"]],\"num\":1,"
                   "\"obj\":{\"a\":\"a\"},\"null\":null,\"after\":[\"a\",\"b\"]}",
                   tok);
    idx = ejwt_json_find(&doc, 0, "s");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), 1);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "b", 1), 0);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "ab", 2), 0);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "", 0), 0);
    idx = ejwt_json_find(&doc, 0, "e");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), 1);
    idx = ejwt_json_find(&doc, 0, "arr");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), 1);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "x", 1), 1);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "y", 1), 0);
    idx = ejwt_json_find(&doc, 0, "no");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), 0);
    idx = ejwt_json_find(&doc, 0, "empty");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), 0);
    /* One non-string poisons the array, even after a match. */
    idx = ejwt_json_find(&doc, 0, "mixed");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), EJWT_ERR_JSON_TYPE);
    idx = ejwt_json_find(&doc, 0, "nested");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), EJWT_ERR_JSON_TYPE);
    idx = ejwt_json_find(&doc, 0, "num");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "1", 1), EJWT_ERR_JSON_TYPE);
    idx = ejwt_json_find(&doc, 0, "obj");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), EJWT_ERR_JSON_TYPE);
    idx = ejwt_json_find(&doc, 0, "null");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "a", 1), EJWT_ERR_JSON_TYPE);
    /* The array's end is its own: "b" follows "a" inside it, nothing after. */
    idx = ejwt_json_find(&doc, 0, "after");
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, idx, "b", 1), 1);
    assert_int_equal(ejwt_json_string_or_array_contains(&doc, -1, "a", 1), EJWT_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document_table),
        cmocka_unit_test(test_jsmn_leniencies_rejected),
        cmocka_unit_test(test_doc_zeroed_on_failure),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_token_limit),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_next_member),
        cmocka_unit_test(test_skip),
        cmocka_unit_test(test_string_equals),
        cmocka_unit_test(test_string_copy),
        cmocka_unit_test(test_int64_table),
        cmocka_unit_test(test_int64_ceil_table),
        cmocka_unit_test(test_int64_types),
        cmocka_unit_test(test_string_or_array_contains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
