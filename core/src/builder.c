/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token builder: the header and claims are produced as JSON text and fed
 * byte by byte through a streaming base64url encoder straight into the
 * caller's buffer, so no intermediate copy of the claims exists. The first
 * error is latched; when the buffer is short the builder keeps counting so
 * finish can report the size needed.
 */
#include <string.h>

#include "crypto.h"
#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwt.h"
#include "base64url_internal.h"
#include "internal.h"
#include "json_internal.h"

#if EJWT_ENABLE_SIGN

enum builder_state {
    STATE_CLAIMS = 1,
    STATE_DONE = 2
};

#define MAX_SIG_LEN EJWT_MAX_SIG_LEN
/* Longest decimal int64 with sign. */
#define INT64_DIGITS 20u

static void latch(ejwt_builder *b, int err)
{
    if (b->err == EJWT_OK) {
        b->err = err;
    }
}

/* One output character; past the capacity only the length grows. */
static void put_char(ejwt_builder *b, char c)
{
    if (b->len < b->cap) {
        b->out[b->len] = c;
    }
    b->len++;
}

/* Emit the pending bytes (1 to 3) as base64url characters, through the
 * library's one encoder loop (a group of 3 bytes or fewer is at most 4
 * chars; the token is terminated once, by finish). */
static void flush_group(ejwt_builder *b)
{
    char chars[4];
    size_t n, i;

    if (b->npend == 0u) {
        return;
    }
    n = ejwt_b64url_encode_chars(b->pend, b->npend, chars);
    for (i = 0; i < n; i++) {
        put_char(b, chars[i]);
    }
    b->npend = 0;
}

/* Feed JSON text into the base64url stream. */
static void emit(ejwt_builder *b, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        b->pend[b->npend++] = (uint8_t)s[i];
        if (b->npend == 3u) {
            flush_group(b);
        }
    }
}

static void emit_cstr(ejwt_builder *b, const char *s)
{
    emit(b, s, strlen(s));
}

/* A JSON string literal: quotes, escapes for '"', '\\' and control bytes;
 * UTF-8 must be valid or the string is refused. */
static void emit_string(ejwt_builder *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t len = strlen(s), i = 0;

    emit(b, "\"", 1);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            emit(b, esc, 2);
            i++;
        } else if (c < 0x20u) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xfu]};
            emit(b, esc, 6);
            i++;
        } else {
            size_t n = c < 0x80u ? (size_t)1 : ejwt_json_utf8_len(s, len, i);
            if (n == 0u) {
                latch(b, EJWT_ERR_JSON_STRING);
                return;
            }
            emit(b, s + i, n);
            i += n;
        }
    }
    emit(b, "\"", 1);
}

/* Divide a number held as 16-bit limbs (most significant first) by 10 in
 * place and return the remainder. A 64-bit '/' or '%' would pull libgcc's
 * __udivmoddi4 (about 700 bytes) into Cortex-M images; here every step
 * divides (remainder * 2^16 + limb) < 10 * 2^16, which fits 32 bits. */
static unsigned div10_limbs(uint16_t limb[4])
{
    uint32_t rem = 0;
    unsigned i;

    for (i = 0; i < 4u; i++) {
        uint32_t cur = (rem << 16) | limb[i];
        limb[i] = (uint16_t)(cur / 10u);
        rem = cur % 10u;
    }
    return (unsigned)rem;
}

static void emit_int(ejwt_builder *b, int64_t v)
{
    char digits[INT64_DIGITS + 1u];
    size_t n = sizeof(digits);
    /* Work in unsigned so INT64_MIN has a magnitude. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint32_t hi = (uint32_t)(mag >> 32), lo = (uint32_t)mag;
    uint16_t limb[4] = {(uint16_t)(hi >> 16), (uint16_t)hi, (uint16_t)(lo >> 16), (uint16_t)lo};

    do {
        digits[--n] = (char)('0' + (char)div10_limbs(limb));
    } while ((limb[0] | limb[1] | limb[2] | limb[3]) != 0u);
    if (v < 0) {
        digits[--n] = '-';
    }
    emit(b, digits + n, sizeof(digits) - n);
}

/* Start a claim: separator, name, colon. Returns 0 if the claim must be
 * skipped (an error is latched or the builder is not open). */
static int begin_claim(ejwt_builder *b, const char *name)
{
    if (b->err != EJWT_OK) {
        return 0;
    }
    if (b->state != STATE_CLAIMS || name == NULL) {
        latch(b, EJWT_ERR_INVALID_ARG);
        return 0;
    }
    if (b->nclaims != 0u) {
        emit(b, ",", 1);
    }
    b->nclaims = 1;
    emit_string(b, name);
    emit(b, ":", 1);
    return b->err == EJWT_OK;
}

void ejwt_builder_init(ejwt_builder *b, char *out, size_t cap, const ejwt_key *key, const char *typ)
{
    EJWT_ASSERT(b != NULL);
    if (b == NULL) {
        return;
    }
    memset(b, 0, sizeof(*b));
    b->out = out;
    b->cap = out != NULL ? cap : 0u;
    b->state = STATE_CLAIMS;
    if (key == NULL || ejwt_alg_name(key->alg) == NULL) {
        latch(b, EJWT_ERR_INVALID_ARG);
        return;
    }
    b->key = *key;
    emit_cstr(b, "{\"alg\":");
    emit_string(b, ejwt_alg_name(key->alg));
    if (typ != NULL) {
        emit_cstr(b, ",\"typ\":");
        emit_string(b, typ);
    }
    if (key->kid_len != 0u) {
        emit_cstr(b, ",\"kid\":");
        emit_string(b, key->kid);
    }
    emit(b, "}", 1);
    flush_group(b);
    put_char(b, '.');
    emit(b, "{", 1);
}

void ejwt_builder_add_string(ejwt_builder *b, const char *name, const char *value)
{
    EJWT_ASSERT(b != NULL);
    if (b != NULL && begin_claim(b, name)) {
        if (value == NULL) {
            latch(b, EJWT_ERR_INVALID_ARG);
            return;
        }
        emit_string(b, value);
    }
}

void ejwt_builder_add_int(ejwt_builder *b, const char *name, int64_t value)
{
    EJWT_ASSERT(b != NULL);
    if (b != NULL && begin_claim(b, name)) {
        emit_int(b, value);
    }
}

void ejwt_builder_add_bool(ejwt_builder *b, const char *name, int value)
{
    EJWT_ASSERT(b != NULL);
    if (b != NULL && begin_claim(b, name)) {
        emit_cstr(b, value ? "true" : "false");
    }
}

void ejwt_builder_add_string_array(ejwt_builder *b, const char *name, const char *const *values,
                                   size_t count)
{
    size_t i;

    EJWT_ASSERT(b != NULL);
    if (b == NULL || !begin_claim(b, name)) {
        return;
    }
    if (values == NULL && count != 0u) {
        latch(b, EJWT_ERR_INVALID_ARG);
        return;
    }
    emit(b, "[", 1);
    for (i = 0; i < count; i++) {
        if (values[i] == NULL) {
            latch(b, EJWT_ERR_INVALID_ARG);
            return;
        }
        if (i != 0u) {
            emit(b, ",", 1);
        }
        emit_string(b, values[i]);
    }
    emit(b, "]", 1);
}

void ejwt_builder_add_json(ejwt_builder *b, const char *name, const char *json, size_t len)
{
    int err;

    EJWT_ASSERT(b != NULL);
    if (b == NULL || b->err != EJWT_OK) {
        return;
    }
    err = json == NULL ? EJWT_ERR_INVALID_ARG : ejwt_json_validate(json, len);
    if (err != EJWT_OK) {
        latch(b, err);
        return;
    }
    if (begin_claim(b, name)) {
        emit(b, json, len);
    }
}

static int is_json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void ejwt_builder_add_members(ejwt_builder *b, const char *obj, size_t len)
{
    size_t start = 0, end = len;
    int err;

    EJWT_ASSERT(b != NULL);
    if (b == NULL || b->err != EJWT_OK) {
        return;
    }
    if (b->state != STATE_CLAIMS) {
        latch(b, EJWT_ERR_INVALID_ARG);
        return;
    }
    err = obj == NULL ? EJWT_ERR_INVALID_ARG : ejwt_json_validate(obj, len);
    if (err != EJWT_OK) {
        latch(b, err);
        return;
    }
    /* Valid JSON, so after trimming an object starts with '{' and ends with '}'. */
    while (start < end && is_json_space(obj[start])) {
        start++;
    }
    while (end > start && is_json_space(obj[end - 1u])) {
        end--;
    }
    /* cppcheck-suppress knownConditionTrueFalse ; false positive: assumes end == start here */
    if (end - start < 2u || obj[start] != '{') {
        latch(b, EJWT_ERR_JSON_NOT_OBJECT);
        return;
    }
    start++;
    end--;
    while (start < end && is_json_space(obj[start])) {
        start++;
    }
    if (start == end) {
        return; /* {} adds nothing */
    }
    if (b->nclaims != 0u) {
        emit(b, ",", 1);
    }
    b->nclaims = 1;
    emit(b, obj + start, end - start);
}

int ejwt_builder_finish(ejwt_builder *b, size_t *out_len)
{
    uint8_t sig[MAX_SIG_LEN];
    size_t sig_len = 0, sig_chars, need, n = 0;
    int err;

    EJWT_REQUIRE(b != NULL && out_len != NULL);
    *out_len = 0;
    if (b->state == STATE_DONE) {
        return EJWT_ERR_INVALID_ARG; /* finished already: leave the token alone */
    }
    if (b->err == EJWT_OK && b->state != STATE_CLAIMS) {
        latch(b, EJWT_ERR_INVALID_ARG);
    }
    if (b->err != EJWT_OK) {
        goto fail;
    }
    emit(b, "}", 1);
    flush_group(b);
    b->state = STATE_DONE;
    sig_chars = EJWT_B64URL_ENCODED_LEN(b->key.sig_len);
    need = b->len + 1u + sig_chars + 1u;
    if (need > b->cap) {
        *out_len = need;
        latch(b, EJWT_ERR_BUFFER_TOO_SMALL);
        goto fail;
    }
    err = ejwt_signature_sign(&b->key, (const uint8_t *)b->out, b->len, sig, sizeof(sig), &sig_len);
    if (err == EJWT_OK && EJWT_B64URL_ENCODED_LEN(sig_len) != sig_chars) {
        err = EJWT_ERR_CRYPTO; /* need counted the algorithm's signature length */
    }
    if (err == EJWT_OK) {
        b->out[b->len] = '.';
        n = ejwt_b64url_encode_chars(sig, sig_len, b->out + b->len + 1u);
    }
    ejwt_wipe(sig, sizeof(sig));
    if (err != EJWT_OK) {
        latch(b, err);
        goto fail;
    }
    b->len += 1u + n;
    b->out[b->len] = '\0';
    *out_len = b->len;
    return EJWT_OK;

fail:
    if (b->out != NULL && b->cap > 0u) {
        ejwt_wipe(b->out, b->cap);
    }
    return b->err;
}

#else
typedef int ejwt_builder_compiled_out;
#endif /* EJWT_ENABLE_SIGN */
