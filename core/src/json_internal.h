/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private helpers shared by json.c, json_string.c and json_number.c.
 */
#ifndef EJWT_JSON_INTERNAL_H
#define EJWT_JSON_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/json.h"

/* The token at idx, or NULL when idx is outside the document (a corrupt or
 * foreign index must never become an out-of-bounds read). */
static inline const jsmntok_t *ejwt_json_tok(const ejwt_json *doc, int idx)
{
    if (doc->tok == NULL || idx < 0 || idx >= doc->count) {
        return NULL;
    }
    return &doc->tok[idx];
}

/* The string token at idx (its content, without quotes), or NULL when idx is
 * outside the document or not a string. */
static inline const jsmntok_t *ejwt_json_string_tok(const ejwt_json *doc, int idx)
{
    const jsmntok_t *t = ejwt_json_tok(doc, idx);

    if (t == NULL || t->type != JSMN_STRING || t->start < 0 || t->end < t->start ||
        (size_t)t->end > doc->len) {
        return NULL;
    }
    return t;
}

/*
 * Scan the string whose opening quote is just before s[*pos]. On success *pos
 * is just after the closing quote. Checks escapes (surrogates paired), raw
 * UTF-8 (shortest form, no surrogates, at most U+10FFFF) and control bytes.
 * Returns EJWT_OK, EJWT_ERR_JSON_STRING, or EJWT_ERR_JSON_SYNTAX when the text
 * ends before the closing quote.
 */
int ejwt_json_scan_string(const char *s, size_t len, size_t *pos);

/*
 * Compare two raw string contents (between the quotes, already validated) by
 * their decoded code points, so "a" equals "\u0061". Returns 1 or 0.
 */
int ejwt_json_text_equal(const char *a, size_t a_len, const char *b, size_t b_len);

/*
 * Do the string tokens \p a and \p b of \p doc hold the same text after
 * unescaping? Returns 1 or 0. The one comparison of two tokens: member names
 * (duplicates), `crit` entries, `key_ops` entries. The indices come from the
 * library's own iteration over \p doc, so they are in bounds; inline,
 * because the duplicate check calls it for every pair of member names.
 */
static inline int ejwt_json_tokens_equal(const ejwt_json *doc, int a, int b)
{
    const jsmntok_t *ta = &doc->tok[a];
    const jsmntok_t *tb = &doc->tok[b];

    EJWT_ASSERT(a >= 0 && b >= 0 && a < doc->count && b < doc->count);
    return ejwt_json_text_equal(doc->text + ta->start, (size_t)(ta->end - ta->start),
                                doc->text + tb->start, (size_t)(tb->end - tb->start));
}

/*
 * Length of the well-formed UTF-8 sequence at s[pos] (lead byte >= 0x80), or
 * 0 when it is not one. Used by the token builder.
 */
size_t ejwt_json_utf8_len(const char *s, size_t len, size_t pos);

#endif /* EJWT_JSON_INTERNAL_H */
