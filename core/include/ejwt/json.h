/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file json.h
 * \brief Strict JSON (RFC 8259) over jsmn, with accessors that cannot be fooled.
 *
 * jsmn is the tokenizer; ejwt validates the full grammar itself because jsmn,
 * even with JSMN_STRICT, accepts `{"a":1,}`, `[1,,3]`, `{"a":01}`,
 * `{"a":tru}` and `{"a"}`. A document is accepted only if it is exactly one
 * JSON value (surrounding whitespace allowed), every literal and number
 * follows the grammar, every string has valid escapes (surrogates paired),
 * valid UTF-8 and no raw control characters, nesting is at most
 * EJWT_MAX_JSON_DEPTH deep, and no object has two members with the same name
 * (compared after unescaping).
 *
 * A parsed document (::ejwt_json) is a view: it points into the caller's
 * text and the caller's token array, which must outlive it. Tokens are
 * addressed by index; index 0 is the root.
 */
#ifndef EJWT_JSON_H
#define EJWT_JSON_H

#include <stddef.h>
#include <stdint.h>

/* jsmntok_t is a member of public structs (ejwt_jws, ejwt_jwt, and the
 * token arrays callers pass in), so its layout must be the one the library
 * was built with. JSMN_PARENT_LINKS would add a member and silently change
 * every one of them: refuse it rather than let the library write past an
 * application's arrays. (JSMN_STRICT changes the parser, not the layout.) */
#ifdef JSMN_PARENT_LINKS
#error "ejwt is built without JSMN_PARENT_LINKS: jsmntok_t would not match the library's layout"
#endif
#ifndef JSMN_STRICT
#define JSMN_STRICT
#endif
#ifndef JSMN_HEADER
#define JSMN_HEADER
#endif
#include <jsmn.h>

#include "ejwt_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed JSON document: a view of caller-owned text and tokens. */
typedef struct ejwt_json {
    const char *text;     /**< the JSON text (not necessarily terminated) */
    size_t len;           /**< its length */
    const jsmntok_t *tok; /**< token array filled by ejwt_json_parse() */
    int count;            /**< number of tokens used */
} ejwt_json;

/** JSON value types, as ejwt_json_type() reports them. (An enum tag only: a
 *  typedef of the same name would collide with the function.) */
enum ejwt_json_type {
    EJWT_JSON_OBJECT = 1,
    EJWT_JSON_ARRAY = 2,
    EJWT_JSON_STRING = 3,
    EJWT_JSON_NUMBER = 4,
    EJWT_JSON_TRUE = 5,
    EJWT_JSON_FALSE = 6,
    EJWT_JSON_NULL = 7
};

/**
 * Validate \p text strictly and tokenize it into \p tok.
 *
 * The token array is not a triple of the buffer convention (ejwt.h): \p cap
 * is the budget a document may use, running out of it is
 * ::EJWT_ERR_JSON_TOO_MANY_TOKENS (a bound on hostile input, not a size to
 * retry with), and no count is reported.
 *
 * \param text  JSON text; need not be terminated; must outlive \p doc
 * \param len   its length
 * \param tok   token array; must outlive \p doc
 * \param cap   number of entries in \p tok
 * \param doc   receives the view; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_SYNTAX          grammar error or bytes after the root value
 * \retval EJWT_ERR_JSON_STRING          bad escape, lone surrogate, control char, bad UTF-8
 * \retval EJWT_ERR_JSON_DUPLICATE       an object repeats a member name
 * \retval EJWT_ERR_JSON_TOO_DEEP        nesting deeper than EJWT_MAX_JSON_DEPTH
 * \retval EJWT_ERR_JSON_TOO_MANY_TOKENS more than \p cap tokens
 * \retval EJWT_ERR_INVALID_ARG          NULL pointer or \p len > INT_MAX
 */
int ejwt_json_parse(const char *text, size_t len, jsmntok_t *tok, int cap, ejwt_json *doc);

/**
 * Validate \p text strictly without keeping tokens (same checks as
 * ejwt_json_parse()). The duplicate-name check tokenizes into a local array
 * of EJWT_MAX_CLAIM_TOKENS tokens on the stack (16 bytes each on 32-bit
 * targets), so a text that needs more tokens is refused.
 * \param text  JSON text; need not be terminated
 * \param len   its length
 * \return EJWT_OK or the errors of ejwt_json_parse()
 * \retval EJWT_ERR_JSON_TOO_MANY_TOKENS more than EJWT_MAX_CLAIM_TOKENS tokens
 */
int ejwt_json_validate(const char *text, size_t len);

/** The type of token \p idx.
 *  \param doc  the parsed document (ejwt_json_parse())
 *  \param idx  token index
 *  \return its type (enum ejwt_json_type), or a negative error
 *          (EJWT_ERR_INVALID_ARG) for an index outside the document */
int ejwt_json_type(const ejwt_json *doc, int idx);

/** The token that follows the whole value at \p idx (its subtree skipped).
 *  \param doc  the parsed document (ejwt_json_parse())
 *  \param idx  token index of the value
 *  \return the index of the next token, or doc->count at the end;
 *          EJWT_ERR_INVALID_ARG for an index outside the document */
int ejwt_json_skip(const ejwt_json *doc, int idx);

/**
 * Find member \p name of the object at \p obj (0 for the root object).
 * \p name is compared with each member name after unescaping, so `"\u0061"`
 * is found by "a".
 * \param doc  the parsed document (ejwt_json_parse())
 * \param obj   token index of the object
 * \param name  member name, terminated
 * \return the index of the member's value (> 0), or
 * \retval EJWT_ERR_JSON_NOT_FOUND no such member
 * \retval EJWT_ERR_JSON_TYPE      \p obj is not an object
 */
int ejwt_json_find(const ejwt_json *doc, int obj, const char *name);

/**
 * Iterate over the members of the object at \p obj. Start with *\p iter = 0.
 * \param doc  the parsed document (ejwt_json_parse())
 * \param obj   token index of the object
 * \param iter  iteration state: 0 before the first call, then left to the function
 * \param key  receives the index of the member name (a string token)
 * \param val  receives the index of the member value
 * \return 1 when a member was produced, 0 at the end, or
 * \retval EJWT_ERR_JSON_TYPE \p obj is not an object
 */
int ejwt_json_next_member(const ejwt_json *doc, int obj, int *iter, int *key, int *val);

/**
 * Compare the string at \p idx, unescaped, with the \p s_len bytes of \p s.
 * Escapes are decoded (`"https:\/\/x"` equals "https://x") and lengths are
 * compared exactly, so `"a\u0000b"` never equals "a".
 * \param doc  the parsed document (ejwt_json_parse())
 * \param idx    token index of the string
 * \param s      bytes to compare with (need not be terminated)
 * \param s_len  their number
 * \return 1 when equal, 0 when not, or
 * \retval EJWT_ERR_JSON_TYPE the token is not a string
 */
int ejwt_json_string_equals(const ejwt_json *doc, int idx, const char *s, size_t s_len);

/**
 * Copy the string at \p idx, unescaped to UTF-8, into \p buf and terminate it
 * (text; buffer convention: see ejwt.h). \p buf may be NULL with \p cap 0
 * (size query).
 * \param doc     the parsed document (ejwt_json_parse())
 * \param idx     token index of the string
 * \param buf     output buffer
 * \param cap     its size: the unescaped length + 1 is the exact fit
 * \param out_len receives the unescaped length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_TYPE        not a string; \p buf holds ""
 * \retval EJWT_ERR_JSON_NUL         the string holds U+0000; \p buf holds ""
 * \retval EJWT_ERR_JSON_STRING      not a valid JSON string; \p buf holds ""
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small; \p buf holds ""
 */
int ejwt_json_string_copy(const ejwt_json *doc, int idx, char *buf, size_t cap, size_t *out_len);

/**
 * Read the number at \p idx as an int64, truncating any fraction toward
 * negative infinity (a NumericDate, RFC 7519 section 2). Integer, fraction and
 * exponent forms are accepted; a value outside int64 is an error, never a wrap.
 * \param doc  the parsed document (ejwt_json_parse())
 * \param idx  token index of the number
 * \param out  receives the value
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_TYPE  not a number
 * \retval EJWT_ERR_JSON_RANGE outside [INT64_MIN, INT64_MAX]
 */
int ejwt_json_int64(const ejwt_json *doc, int idx, int64_t *out);

/**
 * Read the number at \p idx as an int64 like ejwt_json_int64(), but rounding
 * any fraction toward positive infinity: the safe side for a "not before"
 * time (`nbf`, an `iat` that must not lie in the future), so that
 * 1800000000.5 is not valid before 1800000001.
 * \param doc  the parsed document (ejwt_json_parse())
 * \param idx  token index of the number
 * \param out  receives the value
 * \retval EJWT_OK
 * \retval EJWT_ERR_JSON_TYPE  not a number
 * \retval EJWT_ERR_JSON_RANGE the rounded value is outside [INT64_MIN, INT64_MAX]
 */
int ejwt_json_int64_ceil(const ejwt_json *doc, int idx, int64_t *out);

/**
 * Does the value at \p idx, a string or an array of strings (the `aud`
 * shape), contain \p s?
 * \param doc  the parsed document (ejwt_json_parse())
 * \param idx    token index of the value
 * \param s      string to look for (need not be terminated)
 * \param s_len  its length
 * \return 1 when it does, 0 when not, or
 * \retval EJWT_ERR_JSON_TYPE neither a string nor an array of only strings
 */
int ejwt_json_string_or_array_contains(const ejwt_json *doc, int idx, const char *s, size_t s_len);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_JSON_H */
