/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JSON numbers as int64 NumericDates, with decimal digit arithmetic only: no
 * floating point (slow or absent on small cores, and inexact), no signed
 * overflow whatever the exponent.
 *
 * The number is seen as its significant digits D = (integer digits, fraction
 * digits) and the position of the decimal point within D. After the leading
 * zeros of D are dropped, a point more than 19 digits to the right means at
 * least 10^19, beyond int64 either way; otherwise at most 19 digits make the
 * integer part, which fits in a uint64.
 */
#include <string.h>

#include "ejwt/error.h"
#include "internal.h"
#include "json_internal.h"

/* Digits of 10^19 - 1, the most that can fit below 2^64. */
#define INT64_MAX_DIGITS 19

/* Exponents are clamped here: far beyond any digit count a document of at
 * most INT_MAX bytes can hold, so clamping never changes the result, and far
 * below the int64 range, so the arithmetic on it cannot overflow. */
#define EXPONENT_CLAMP ((int64_t)1 << 40)

/* Magnitude of INT64_MIN, which has no positive int64 counterpart. */
#define INT64_MIN_MAGNITUDE ((uint64_t)INT64_MAX + 1u)

/* A number split into its parts (views into the token's text). */
typedef struct json_num {
    int negative;
    const char *int_digits;
    size_t int_len;
    const char *frac_digits;
    size_t frac_len;
    int64_t exponent; /* clamped to +-EXPONENT_CLAMP */
} json_num;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t count_digits(const char *s, size_t len, size_t pos)
{
    size_t n = 0;

    while (pos + n < len && is_digit(s[pos + n])) {
        n++;
    }
    return n;
}

/* Split s[0..len) per RFC 8259 section 6; -1 unless the grammar matches all
 * of it (the validator already checked, but a token is never trusted to be in
 * bounds or well-formed by code that does arithmetic on it). */
static int split_number(const char *s, size_t len, json_num *n)
{
    size_t i = 0;

    memset(n, 0, sizeof(*n));
    if (i < len && s[i] == '-') {
        n->negative = 1;
        i++;
    }
    n->int_digits = s + i;
    n->int_len = count_digits(s, len, i);
    if (n->int_len == 0u || (n->int_len > 1u && s[i] == '0')) {
        return -1;
    }
    i += n->int_len;
    if (i < len && s[i] == '.') {
        i++;
        n->frac_digits = s + i;
        n->frac_len = count_digits(s, len, i);
        if (n->frac_len == 0u) {
            return -1;
        }
        i += n->frac_len;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        int exp_negative = 0;
        size_t digits;
        size_t k;

        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            exp_negative = s[i] == '-';
            i++;
        }
        digits = count_digits(s, len, i);
        if (digits == 0u) {
            return -1;
        }
        for (k = 0; k < digits; k++) {
            if (n->exponent < EXPONENT_CLAMP) {
                n->exponent = n->exponent * 10 + (s[i + k] - '0');
            }
        }
        if (n->exponent > EXPONENT_CLAMP) {
            n->exponent = EXPONENT_CLAMP;
        }
        if (exp_negative) {
            n->exponent = -n->exponent;
        }
        i += digits;
    }
    return i == len ? 0 : -1;
}

/* Digit k of D (integer digits then fraction digits), 0 beyond its end. */
static unsigned digit_at(const json_num *n, size_t k)
{
    if (k < n->int_len) {
        return (unsigned)(n->int_digits[k] - '0');
    }
    if (k - n->int_len < n->frac_len) {
        return (unsigned)(n->frac_digits[k - n->int_len] - '0');
    }
    return 0u;
}

/* Floor of the number's magnitude-with-sign, as a magnitude and a flag saying
 * whether any nonzero digit was cut off (which moves a negative number down). */
static int integer_part(const json_num *n, uint64_t *mag, int *cut)
{
    size_t total = n->int_len + n->frac_len;
    size_t first = 0;
    int64_t point;
    size_t k;

    *mag = 0;
    *cut = 0;
    while (first < total && digit_at(n, first) == 0u) {
        first++;
    }
    if (first == total) {
        return 0; /* zero, in any spelling */
    }
    /* Digits of D (from its first nonzero one) before the decimal point. Sizes
     * are below 2^31 and the exponent below 2^41 in magnitude: no overflow. */
    point = (int64_t)n->int_len + n->exponent - (int64_t)first;
    if (point > INT64_MAX_DIGITS) {
        return -1;
    }
    if (point <= 0) {
        *cut = 1; /* 0.00ddd: the first nonzero digit is in the fraction */
        return 0;
    }
    for (k = 0; k < (size_t)point; k++) {
        *mag = *mag * 10u + digit_at(n, first + k);
    }
    for (k = first + (size_t)point; k < total; k++) {
        if (digit_at(n, k) != 0u) {
            *cut = 1;
            break;
        }
    }
    return 0;
}

/* The number at idx rounded to an integer: down (toward negative infinity)
 * or up (toward positive infinity), as the caller's check needs. */
static int json_int64_rounded(const ejwt_json *doc, int idx, int round_up, int64_t *out)
{
    const jsmntok_t *t;
    json_num n;
    uint64_t mag;
    int cut;

    EJWT_REQUIRE(out != NULL);
    *out = 0;
    EJWT_REQUIRE(doc != NULL);
    t = ejwt_json_tok(doc, idx);
    if (t == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (t->type != JSMN_PRIMITIVE || t->start < 0 || t->end < t->start ||
        (size_t)t->end > doc->len ||
        split_number(doc->text + t->start, (size_t)(t->end - t->start), &n) != 0) {
        return EJWT_ERR_JSON_TYPE;
    }
    if (integer_part(&n, &mag, &cut) != 0) {
        return EJWT_ERR_JSON_RANGE;
    }
    /* A cut-off fraction moves the magnitude up when rounding away from
     * zero: down for a negative number (-1.5 is -2), up for a positive one
     * (1.5 is 2). mag < 10^19 < 2^64 - 1, so the increment cannot wrap. */
    if (cut && n.negative != round_up) {
        mag++;
    }
    if (!n.negative) {
        if (mag > (uint64_t)INT64_MAX) {
            return EJWT_ERR_JSON_RANGE;
        }
        *out = (int64_t)mag;
        return EJWT_OK;
    }
    if (mag > INT64_MIN_MAGNITUDE) {
        return EJWT_ERR_JSON_RANGE;
    }
    /* -(mag - 1) - 1 stays inside int64 even for mag == 2^63. */
    *out = mag == 0u ? 0 : -(int64_t)(mag - 1u) - 1;
    return EJWT_OK;
}

int ejwt_json_int64(const ejwt_json *doc, int idx, int64_t *out)
{
    return json_int64_rounded(doc, idx, 0, out);
}

int ejwt_json_int64_ceil(const ejwt_json *doc, int idx, int64_t *out)
{
    return json_int64_rounded(doc, idx, 1, out);
}
