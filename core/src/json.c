/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Strict JSON (RFC 8259): our own validator, then jsmn, then a duplicate
 * member check.
 *
 * jsmn is a tokenizer, not a validator (even strict, it takes `{"a":1,}`,
 * `[1,,3]`, `{"a":01}`, `{"a":tru}`, `{"a"}`), so every text first passes a
 * complete grammar check: one linear pass, no recursion, nesting tracked in a
 * bit-stack bounded by EJWT_MAX_JSON_DEPTH. Only text that passes reaches
 * jsmn, so its tokens describe exactly the value we validated.
 *
 * This is the only translation unit that compiles jsmn's implementation.
 */
#define JSMN_STRICT
/* jsmn's own code mixes int and unsigned offsets; where its header is not in
 * a system directory (cross builds) that must not break our -Werror build. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wconversion"
#endif
#include <jsmn.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <limits.h>
#include <string.h>

#include "ejwt/error.h"
#include "ejwt/json.h"
#include "internal.h"
#include "json_internal.h"

/* The bit-stack holds one bit per open container (1 = object). */
typedef uint64_t json_nest_stack;
#define JSON_NEST_STACK_BITS 64
#if EJWT_MAX_JSON_DEPTH > JSON_NEST_STACK_BITS
#error "EJWT_MAX_JSON_DEPTH does not fit the validator's nesting stack"
#endif

/* What the validator expects next. */
typedef enum json_expect {
    EXPECT_VALUE,          /* document start, after ':' or after ',' in an array */
    EXPECT_VALUE_OR_CLOSE, /* just after '[' */
    EXPECT_KEY,            /* after ',' in an object */
    EXPECT_KEY_OR_CLOSE,   /* just after '{' */
    EXPECT_COLON,          /* after a member name */
    EXPECT_COMMA_OR_CLOSE  /* after a complete value */
} json_expect;

/* Validator state. */
typedef struct json_validator {
    const char *s;
    size_t len;
    size_t pos;
    unsigned depth;
    json_nest_stack stack;
    json_expect expect;
} json_validator;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Skip digits; 0 when there was none. */
static size_t skip_digits(json_validator *v)
{
    size_t start = v->pos;

    while (v->pos < v->len && is_digit(v->s[v->pos])) {
        v->pos++;
    }
    return v->pos - start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; what follows is checked by
 * the state machine (a digit after "0" is then a syntax error, as it must be). */
static int scan_number(json_validator *v)
{
    if (v->s[v->pos] == '-') {
        v->pos++;
    }
    if (v->pos < v->len && v->s[v->pos] == '0') {
        v->pos++;
    } else if (skip_digits(v) == 0u) {
        return EJWT_ERR_JSON_SYNTAX;
    }
    if (v->pos < v->len && v->s[v->pos] == '.') {
        v->pos++;
        if (skip_digits(v) == 0u) {
            return EJWT_ERR_JSON_SYNTAX;
        }
    }
    if (v->pos < v->len && (v->s[v->pos] == 'e' || v->s[v->pos] == 'E')) {
        v->pos++;
        if (v->pos < v->len && (v->s[v->pos] == '+' || v->s[v->pos] == '-')) {
            v->pos++;
        }
        if (skip_digits(v) == 0u) {
            return EJWT_ERR_JSON_SYNTAX;
        }
    }
    return EJWT_OK;
}

static int scan_literal(json_validator *v, const char *lit)
{
    size_t n = strlen(lit);

    if (v->len - v->pos < n || memcmp(v->s + v->pos, lit, n) != 0) {
        return EJWT_ERR_JSON_SYNTAX;
    }
    v->pos += n;
    return EJWT_OK;
}

static int push(json_validator *v, int is_object)
{
    if (v->depth >= EJWT_MAX_JSON_DEPTH) {
        return EJWT_ERR_JSON_TOO_DEEP;
    }
    v->stack = (v->stack << 1) | (is_object ? 1u : 0u);
    v->depth++;
    v->pos++;
    v->expect = is_object ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
    return EJWT_OK;
}

static int top_is_object(const json_validator *v)
{
    return (int)(v->stack & 1u);
}

static void pop(json_validator *v)
{
    v->stack >>= 1;
    v->depth--;
    v->pos++;
    v->expect = EXPECT_COMMA_OR_CLOSE;
}

/* A value starting at v->pos (not whitespace). */
static int scan_value(json_validator *v)
{
    char c = v->s[v->pos];
    int ret;

    switch (c) {
    case '{':
        return push(v, 1);
    case '[':
        return push(v, 0);
    case '"':
        v->pos++;
        ret = ejwt_json_scan_string(v->s, v->len, &v->pos);
        break;
    case 't':
        ret = scan_literal(v, "true");
        break;
    case 'f':
        ret = scan_literal(v, "false");
        break;
    case 'n':
        ret = scan_literal(v, "null");
        break;
    default:
        if (c != '-' && !is_digit(c)) {
            return EJWT_ERR_JSON_SYNTAX;
        }
        ret = scan_number(v);
        break;
    }
    v->expect = EXPECT_COMMA_OR_CLOSE;
    return ret;
}

/* A member name starting at v->pos. */
static int scan_key(json_validator *v)
{
    if (v->s[v->pos] != '"') {
        return EJWT_ERR_JSON_SYNTAX;
    }
    v->pos++;
    v->expect = EXPECT_COLON;
    return ejwt_json_scan_string(v->s, v->len, &v->pos);
}

/* After a complete value: ',' or the bracket that closes the container. */
static int scan_after_value(json_validator *v)
{
    char c = v->s[v->pos];

    if (v->depth == 0u) {
        return EJWT_ERR_JSON_SYNTAX; /* bytes after the root value */
    }
    if (c == ',') {
        v->pos++;
        v->expect = top_is_object(v) ? EXPECT_KEY : EXPECT_VALUE;
        return EJWT_OK;
    }
    if (c == (top_is_object(v) ? '}' : ']')) {
        pop(v);
        return EJWT_OK;
    }
    return EJWT_ERR_JSON_SYNTAX;
}

/* One step of the state machine at the non-whitespace byte v->s[v->pos]. */
static int step(json_validator *v)
{
    char c = v->s[v->pos];

    switch (v->expect) {
    case EXPECT_VALUE_OR_CLOSE:
        if (c == ']') {
            pop(v);
            return EJWT_OK;
        }
        return scan_value(v);
    case EXPECT_VALUE:
        return scan_value(v);
    case EXPECT_KEY_OR_CLOSE:
        if (c == '}') {
            pop(v);
            return EJWT_OK;
        }
        return scan_key(v);
    case EXPECT_KEY:
        return scan_key(v);
    case EXPECT_COLON:
        if (c != ':') {
            return EJWT_ERR_JSON_SYNTAX;
        }
        v->pos++;
        v->expect = EXPECT_VALUE;
        return EJWT_OK;
    case EXPECT_COMMA_OR_CLOSE:
    default:
        return scan_after_value(v);
    }
}

/* The full grammar check. Also rejects NUL bytes anywhere, which matters
 * because jsmn stops at the first one. */
static int validate_text(const char *s, size_t len)
{
    json_validator v;

    memset(&v, 0, sizeof(v));
    v.s = s;
    v.len = len;
    v.expect = EXPECT_VALUE;
    for (;;) {
        int ret;
        while (v.pos < v.len && is_ws(v.s[v.pos])) {
            v.pos++;
        }
        if (v.pos >= v.len) {
            break;
        }
        ret = step(&v);
        if (ret != EJWT_OK) {
            return ret;
        }
    }
    if (v.expect != EXPECT_COMMA_OR_CLOSE || v.depth != 0u) {
        return EJWT_ERR_JSON_SYNTAX; /* empty, or the text ends inside a value */
    }
    return EJWT_OK;
}

/* Tokenize validated text. A root number or literal is done here: strict jsmn
 * wants a delimiter after a primitive and reports "1" on its own as partial. */
static int tokenize(const char *text, size_t len, jsmntok_t *tok, int cap, int *count)
{
    jsmn_parser parser;
    size_t start = 0;
    int r;

    while (start < len && is_ws(text[start])) {
        start++;
    }
    if (text[start] != '{' && text[start] != '[' && text[start] != '"') {
        size_t end = start;
        if (cap < 1) {
            return EJWT_ERR_JSON_TOO_MANY_TOKENS;
        }
        while (end < len && !is_ws(text[end])) {
            end++;
        }
        memset(&tok[0], 0, sizeof(tok[0]));
        tok[0].type = JSMN_PRIMITIVE;
        tok[0].start = (int)start;
        tok[0].end = (int)end;
        *count = 1;
        return EJWT_OK;
    }
    jsmn_init(&parser);
    r = jsmn_parse(&parser, text, len, tok, (unsigned int)cap);
    if (r == JSMN_ERROR_NOMEM) {
        return EJWT_ERR_JSON_TOO_MANY_TOKENS;
    }
    if (r < 1) {
        return EJWT_ERR_JSON_SYNTAX; /* cannot happen after validation */
    }
    *count = r;
    return EJWT_OK;
}

/* No object may name a member twice: each member name is compared with the
 * names before it in its object. The cost is quadratic in an object's member
 * count, which the caller's token capacity bounds (a member is two tokens):
 * EJWT_MAX_CLAIM_TOKENS = 64 allows fewer than 500 comparisons of names. A hash
 * filter that skipped most of them cost 330 bytes of code to save about 5%
 * of an HS256 verification; size matters more here. */
static int check_duplicates(const ejwt_json *doc)
{
    int obj;

    for (obj = 0; obj < doc->count; obj++) {
        int it = 0;
        int key;
        int val;

        if (doc->tok[obj].type != JSMN_OBJECT || doc->tok[obj].size < 2) {
            continue;
        }
        while (ejwt_json_next_member(doc, obj, &it, &key, &val) == 1) {
            int it2 = 0;
            int key2;
            int val2;
            while (ejwt_json_next_member(doc, obj, &it2, &key2, &val2) == 1 && key2 < key) {
                if (ejwt_json_tokens_equal(doc, key2, key)) {
                    return EJWT_ERR_JSON_DUPLICATE;
                }
            }
        }
    }
    return EJWT_OK;
}

int ejwt_json_parse(const char *text, size_t len, jsmntok_t *tok, int cap, ejwt_json *doc)
{
    ejwt_json tmp;
    int count = 0;
    int ret;

    EJWT_REQUIRE(doc != NULL);
    memset(doc, 0, sizeof(*doc));
    EJWT_REQUIRE(text != NULL || len == 0u);
    EJWT_REQUIRE(tok != NULL);
    EJWT_REQUIRE(cap >= 0);
    if (len > (size_t)INT_MAX) {
        return EJWT_ERR_INVALID_ARG; /* jsmn's offsets are int */
    }
    if (len == 0u) {
        return EJWT_ERR_JSON_SYNTAX;
    }
    ret = validate_text(text, len);
    if (ret == EJWT_OK) {
        ret = tokenize(text, len, tok, cap, &count);
    }
    if (ret == EJWT_OK) {
        tmp.text = text;
        tmp.len = len;
        tmp.tok = tok;
        tmp.count = count;
        ret = check_duplicates(&tmp);
    }
    if (ret == EJWT_OK) {
        *doc = tmp;
    }
    return ret;
}

int ejwt_json_validate(const char *text, size_t len)
{
    /* 16 bytes a token: 1 KiB with the default EJWT_MAX_CLAIM_TOKENS. */
    jsmntok_t tok[EJWT_MAX_CLAIM_TOKENS];
    ejwt_json doc;

    return ejwt_json_parse(text, len, tok, EJWT_MAX_CLAIM_TOKENS, &doc);
}

/* A primitive's type from its first byte (validated: t, f, n, '-' or a digit). */
static int primitive_type(const ejwt_json *doc, const jsmntok_t *t)
{
    if (t->start < 0 || (size_t)t->start >= doc->len) {
        return EJWT_ERR_INVALID_ARG;
    }
    switch (doc->text[t->start]) {
    case 't':
        return EJWT_JSON_TRUE;
    case 'f':
        return EJWT_JSON_FALSE;
    case 'n':
        return EJWT_JSON_NULL;
    default:
        return EJWT_JSON_NUMBER;
    }
}

int ejwt_json_type(const ejwt_json *doc, int idx)
{
    const jsmntok_t *t;

    EJWT_REQUIRE(doc != NULL);
    t = ejwt_json_tok(doc, idx);
    if (t == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    switch (t->type) {
    case JSMN_OBJECT:
        return EJWT_JSON_OBJECT;
    case JSMN_ARRAY:
        return EJWT_JSON_ARRAY;
    case JSMN_STRING:
        return EJWT_JSON_STRING;
    case JSMN_PRIMITIVE:
        return primitive_type(doc, t);
    case JSMN_UNDEFINED:
    default:
        return EJWT_ERR_INVALID_ARG;
    }
}

int ejwt_json_skip(const ejwt_json *doc, int idx)
{
    int remaining = 1;
    int i = idx;

    EJWT_REQUIRE(doc != NULL);
    if (ejwt_json_tok(doc, idx) == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    /* Each token owes its `size` children (a member name owes its value);
     * the subtree ends when nothing is owed. Sizes never exceed the token
     * count, so `remaining` cannot overflow. */
    while (remaining > 0 && i < doc->count) {
        remaining += doc->tok[i].size - 1;
        i++;
    }
    return i;
}

/* Checks shared by the object accessors. */
static int object_tok(const ejwt_json *doc, int obj, const jsmntok_t **t)
{
    *t = ejwt_json_tok(doc, obj);
    if (*t == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if ((*t)->type != JSMN_OBJECT) {
        return EJWT_ERR_JSON_TYPE;
    }
    return EJWT_OK;
}

int ejwt_json_next_member(const ejwt_json *doc, int obj, int *iter, int *key, int *val)
{
    const jsmntok_t *o;
    int next;
    int ret;

    EJWT_REQUIRE(doc != NULL && iter != NULL && key != NULL && val != NULL);
    ret = object_tok(doc, obj, &o);
    if (ret != EJWT_OK) {
        return ret;
    }
    /* *iter is the index of the next member name; the members are the tokens
     * after obj that start before the object's closing brace. */
    next = (*iter == 0) ? obj + 1 : *iter;
    if (next <= obj) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (next >= doc->count - 1 || doc->tok[next].start >= o->end) {
        *iter = next;
        return 0;
    }
    *key = next;
    *val = next + 1;
    ret = ejwt_json_skip(doc, next + 1);
    if (ret < 0) {
        return ret;
    }
    *iter = ret;
    return 1;
}

int ejwt_json_find(const ejwt_json *doc, int obj, const char *name)
{
    int it = 0;
    int key;
    int val;
    int ret;
    size_t name_len;

    EJWT_REQUIRE(doc != NULL && name != NULL);
    name_len = strlen(name);
    while ((ret = ejwt_json_next_member(doc, obj, &it, &key, &val)) == 1) {
        if (ejwt_json_string_equals(doc, key, name, name_len) == 1) {
            return val;
        }
    }
    return ret < 0 ? ret : EJWT_ERR_JSON_NOT_FOUND;
}

int ejwt_json_string_or_array_contains(const ejwt_json *doc, int idx, const char *s, size_t s_len)
{
    const jsmntok_t *t;
    int found = 0;
    int i;

    EJWT_REQUIRE(doc != NULL);
    EJWT_REQUIRE(s != NULL || s_len == 0u);
    t = ejwt_json_tok(doc, idx);
    if (t == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (t->type == JSMN_STRING) {
        return ejwt_json_string_equals(doc, idx, s, s_len);
    }
    if (t->type != JSMN_ARRAY || t->size > doc->count - idx - 1) {
        return EJWT_ERR_JSON_TYPE;
    }
    /* Strings have no children, so an array of strings is its size tokens in
     * a row; the first non-string ends the check, whatever matched before. */
    for (i = idx + 1; i <= idx + t->size; i++) {
        int eq = ejwt_json_string_equals(doc, i, s, s_len);
        if (eq < 0) {
            return EJWT_ERR_JSON_TYPE;
        }
        found |= eq;
    }
    return found;
}
