/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The strict JSON validator and every accessor on what it accepts.
 *  - ejwt_json_validate() and ejwt_json_parse() with EJWT_MAX_CLAIM_TOKENS
 *    tokens agree on every input; a failed parse leaves the view zeroed.
 *  - On an accepted document, each token is visited: type, skip, member
 *    iteration (counts, key/value positions), find (finds exactly the value
 *    the iteration produced: no duplicates), string_copy (exactly sized
 *    buffers, too-small buffers), string_equals, string_or_array_contains
 *    and int64 (cross-checked with strtoll / strtod where exact).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/error.h>
#include <ejwt/json.h>

#include "fuzz_common.h"

#define BIG_CAP 512
#define COPY_CAP 4096u

static jsmntok_t tok_small[EJWT_MAX_CLAIM_TOKENS];
static jsmntok_t tok_big[BIG_CAP];

/* Copy string token \p idx into an exactly sized heap buffer; returns the
 * result of string_copy and the unescaped length. */
static int copy_string(const ejwt_json *doc, int idx, char **out, size_t *len)
{
    size_t need = 0, again = 0;
    char probe[1] = {'x'};
    int r = ejwt_json_string_copy(doc, idx, probe, 1u, &need);
    char *buf;

    *out = NULL;
    *len = 0;
    if (r == EJWT_ERR_JSON_NUL) {
        return r;
    }
    if (r == EJWT_OK) {
        FUZZ_CHECK(need == 0u && probe[0] == '\0');
        *out = calloc(1, 1);
        FUZZ_CHECK(*out != NULL);
        return r;
    }
    /* Too small: need is the size that fits, terminator included. */
    FUZZ_CHECK(r == EJWT_ERR_BUFFER_TOO_SMALL && need > 1u && probe[0] == '\0');
    /* One byte short of the terminator: still too small, the same need, "". */
    buf = malloc(need);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(ejwt_json_string_copy(doc, idx, buf, need - 1u, &again) ==
               EJWT_ERR_BUFFER_TOO_SMALL);
    FUZZ_CHECK(again == need && buf[0] == '\0');
    /* The exact fit. */
    r = ejwt_json_string_copy(doc, idx, buf, need, &again);
    if (r == EJWT_ERR_JSON_NUL) {
        free(buf);
        return r;
    }
    FUZZ_CHECK(r == EJWT_OK);
    FUZZ_CHECK(again == need - 1u && buf[need - 1u] == '\0' && strlen(buf) == need - 1u);
    *out = buf;
    *len = need - 1u;
    return EJWT_OK;
}

/* Is the number text a form whose value strtod gives exactly enough to
 * know floor(value)? At most 15 significant digits, a small exponent. */
static int number_checkable(const char *s, size_t n)
{
    size_t i, digits = 0;
    long e = 0;
    int in_exp = 0;

    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == 'e' || c == 'E') {
            in_exp = 1;
        } else if (c >= '0' && c <= '9') {
            if (in_exp) {
                e = e * 10 + (c - '0');
                if (e > 30) {
                    return 0;
                }
            } else {
                digits++;
            }
        }
    }
    return digits <= 15u;
}

static void check_number(const ejwt_json *doc, int idx)
{
    const jsmntok_t *t = &doc->tok[idx];
    size_t n = (size_t)(t->end - t->start);
    char text[400];
    int64_t v = 0;
    int r = ejwt_json_int64(doc, idx, &v);
    int plain = 1;
    size_t i;

    FUZZ_CHECK(r == EJWT_OK || r == EJWT_ERR_JSON_RANGE);
    if (n >= sizeof(text)) {
        return;
    }
    memcpy(text, doc->text + t->start, n);
    text[n] = '\0';
    for (i = 0; i < n; i++) {
        if (text[i] == '.' || text[i] == 'e' || text[i] == 'E') {
            plain = 0;
        }
    }
    if (plain) {
        long long ll;
        errno = 0;
        ll = strtoll(text, NULL, 10);
        if (errno == ERANGE) {
            FUZZ_CHECK(r == EJWT_ERR_JSON_RANGE);
        } else {
            FUZZ_CHECK(r == EJWT_OK && v == (int64_t)ll);
        }
    } else if (number_checkable(text, n)) {
        double d = strtod(text, NULL);
        if (fabs(d) < 9.0e15) {
            FUZZ_CHECK(r == EJWT_OK && v == (int64_t)floor(d));
        }
    }
}

static void check_string(const ejwt_json *doc, int idx)
{
    char *s = NULL;
    size_t len = 0;
    int r = copy_string(doc, idx, &s, &len);

    if (r == EJWT_OK) {
        FUZZ_CHECK(ejwt_json_string_equals(doc, idx, s, len) == 1);
        if (len > 0u) {
            FUZZ_CHECK(ejwt_json_string_equals(doc, idx, s, len - 1u) == 0);
        }
        FUZZ_CHECK(ejwt_json_string_or_array_contains(doc, idx, s, len) == 1);
        free(s);
    } else {
        FUZZ_CHECK(r == EJWT_ERR_JSON_NUL);
        /* Holds U+0000: never equal to its prefix up to the NUL ("a\u0000b" != "a"). */
        FUZZ_CHECK(ejwt_json_string_equals(doc, idx, "", 0) == 0);
    }
    FUZZ_CHECK(ejwt_json_int64(doc, idx, &(int64_t){0}) == EJWT_ERR_JSON_TYPE);
}

static void check_object(const ejwt_json *doc, int obj)
{
    int iter = 0, key = 0, val = 0, members = 0, r;
    int expect_key = obj + 1;

    while ((r = ejwt_json_next_member(doc, obj, &iter, &key, &val)) == 1) {
        char *name = NULL;
        size_t len = 0;
        members++;
        FUZZ_CHECK(key == expect_key && val == key + 1 && val < doc->count);
        FUZZ_CHECK(ejwt_json_type(doc, key) == EJWT_JSON_STRING);
        expect_key = ejwt_json_skip(doc, val);
        if (copy_string(doc, key, &name, &len) == EJWT_OK) {
            /* No duplicate names: find returns the very member iterated. */
            FUZZ_CHECK(ejwt_json_find(doc, obj, name) == val);
            free(name);
        }
    }
    FUZZ_CHECK(r == 0);
    FUZZ_CHECK(members == doc->tok[obj].size);
    FUZZ_CHECK(expect_key == ejwt_json_skip(doc, obj));
    FUZZ_CHECK(ejwt_json_string_equals(doc, obj, "", 0) == EJWT_ERR_JSON_TYPE);
    FUZZ_CHECK(ejwt_json_string_or_array_contains(doc, obj, "", 0) == EJWT_ERR_JSON_TYPE);
}

static void check_array(const ejwt_json *doc, int arr)
{
    int i, n = doc->tok[arr].size, all_strings = 1, el = arr + 1;
    int contains_empty = ejwt_json_string_or_array_contains(doc, arr, "", 0);

    FUZZ_CHECK(ejwt_json_find(doc, arr, "a") == EJWT_ERR_JSON_TYPE);
    for (i = 0; i < n; i++) {
        FUZZ_CHECK(el < doc->count);
        if (ejwt_json_type(doc, el) != EJWT_JSON_STRING) {
            all_strings = 0;
        }
        el = ejwt_json_skip(doc, el);
    }
    FUZZ_CHECK(el == ejwt_json_skip(doc, arr));
    FUZZ_CHECK(all_strings ? contains_empty >= 0 : contains_empty == EJWT_ERR_JSON_TYPE);
    if (all_strings) {
        for (el = arr + 1; el <= arr + n; el++) {
            char *s = NULL;
            size_t len = 0;
            if (copy_string(doc, el, &s, &len) == EJWT_OK) {
                FUZZ_CHECK(ejwt_json_string_or_array_contains(doc, arr, s, len) == 1);
                free(s);
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    ejwt_json doc;
    int rv, rs, rb, idx;

    rv = ejwt_json_validate(text, size);
    rs = ejwt_json_parse(text, size, tok_small, EJWT_MAX_CLAIM_TOKENS, &doc);
    FUZZ_CHECK(rv == rs);
    if (rs != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&doc, sizeof(doc)));
    }
    rb = ejwt_json_parse(text, size, tok_big, BIG_CAP, &doc);
    if (rv != EJWT_ERR_JSON_TOO_MANY_TOKENS) {
        FUZZ_CHECK(rb == rv);
    }
    if (rb != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&doc, sizeof(doc)));
        return 0;
    }
    FUZZ_CHECK(doc.count >= 1 && doc.count <= BIG_CAP && doc.text == text && doc.len == size);
    FUZZ_CHECK(ejwt_json_skip(&doc, 0) == doc.count);
    FUZZ_CHECK(ejwt_json_type(&doc, doc.count) == EJWT_ERR_INVALID_ARG);
    FUZZ_CHECK(ejwt_json_type(&doc, -1) == EJWT_ERR_INVALID_ARG);
    FUZZ_CHECK(ejwt_json_skip(&doc, doc.count) == EJWT_ERR_INVALID_ARG);
    for (idx = 0; idx < doc.count; idx++) {
        int type = ejwt_json_type(&doc, idx);
        int next = ejwt_json_skip(&doc, idx);
        FUZZ_CHECK(type >= EJWT_JSON_OBJECT && type <= EJWT_JSON_NULL);
        FUZZ_CHECK(next > idx && next <= doc.count);
        FUZZ_CHECK(doc.tok[idx].start >= 0 && doc.tok[idx].end >= doc.tok[idx].start &&
                   (size_t)doc.tok[idx].end <= size);
        switch (type) {
        case EJWT_JSON_OBJECT:
            check_object(&doc, idx);
            break;
        case EJWT_JSON_ARRAY:
            check_array(&doc, idx);
            break;
        case EJWT_JSON_STRING:
            check_string(&doc, idx);
            break;
        case EJWT_JSON_NUMBER:
            check_number(&doc, idx);
            break;
        default:
            FUZZ_CHECK(next == idx + 1);
            FUZZ_CHECK(ejwt_json_int64(&doc, idx, &(int64_t){0}) == EJWT_ERR_JSON_TYPE);
            break;
        }
        if (type != EJWT_JSON_OBJECT) {
            int iter = 0, k = 0, v = 0;
            FUZZ_CHECK(ejwt_json_next_member(&doc, idx, &iter, &k, &v) == EJWT_ERR_JSON_TYPE);
            FUZZ_CHECK(ejwt_json_find(&doc, idx, "alg") == EJWT_ERR_JSON_TYPE);
        }
        if (type != EJWT_JSON_STRING) {
            char b[4];
            size_t l = 0;
            FUZZ_CHECK(ejwt_json_string_copy(&doc, idx, b, sizeof(b), &l) == EJWT_ERR_JSON_TYPE);
        }
    }
    return 0;
}
