/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JWK import (RFC 7517, RFC 7518 section 6) into PSA, and public JWK export.
 * Private members (`d`, `k`) are decoded in constant time into stack buffers
 * that are wiped before returning.
 */
#include <string.h>

#include "crypto.h"
#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwk.h"
#include "base64url_internal.h"
#include "internal.h"
#include "json_internal.h"

/* Tokens one JWK may use: kty, crv, x, y, d, alg, use, kid, key_ops with a
 * few entries and some unknown members. */
#define JWK_MAX_TOKENS 32
/* Tokens a JWK Set may use. */
#define JWKS_MAX_TOKENS EJWT_MAX_JWKS_TOKENS
#define P256_COORD_LEN 32u
#define P256_POINT_LEN (1u + 2u * P256_COORD_LEN)
/* Longest HMAC key accepted from a JWK (longer keys add nothing to HS256). */
#define JWK_MAX_OCT_LEN 128u
/* Characters of a member value copied out of JSON for decoding. */
#define JWK_MAX_VALUE_CHARS EJWT_B64URL_ENCODED_LEN(JWK_MAX_OCT_LEN)

/* Copy a string member out of the JWK (unescaped). */
static int member_string(const ejwt_json *doc, int obj, const char *name, char *buf, size_t cap,
                         size_t *len)
{
    int idx = ejwt_json_find(doc, obj, name);

    if (idx < 0) {
        return idx;
    }
    if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_KEY_INVALID;
    }
    return ejwt_json_string_copy(doc, idx, buf, cap, len) == EJWT_OK ? EJWT_OK
                                                                     : EJWT_ERR_KEY_INVALID;
}

/* Decode a base64url member into exactly \p want bytes (0 = up to cap). */
static int member_bytes(const ejwt_json *doc, int obj, const char *name, uint8_t *out, size_t cap,
                        size_t want, size_t *got)
{
    char text[JWK_MAX_VALUE_CHARS + 1u];
    size_t len = 0;
    int err = member_string(doc, obj, name, text, sizeof(text), &len);

    if (err == EJWT_OK) {
        err = ejwt_b64url_decode_ct(text, len, out, cap, got) == EJWT_OK ? EJWT_OK
                                                                         : EJWT_ERR_KEY_INVALID;
    }
    if (err == EJWT_OK && want != 0u && *got != want) {
        err = EJWT_ERR_KEY_INVALID;
    }
    ejwt_wipe(text, sizeof(text));
    if (err == EJWT_ERR_JSON_NOT_FOUND) {
        err = EJWT_ERR_KEY_INVALID;
    }
    return err;
}

/* `use` and `key_ops` both restrict what the key may do (RFC 7517 4.2, 4.3). */
static int key_ops_allowed(const ejwt_json *doc, int obj, uint8_t *ops)
{
    int idx;

    *ops = EJWT_KEY_OP_SIGN | EJWT_KEY_OP_VERIFY;
    idx = ejwt_json_find(doc, obj, "use");
    if (idx >= 0) {
        if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
            return EJWT_ERR_KEY_INVALID;
        }
        if (ejwt_json_string_equals(doc, idx, "sig", 3) != 1) {
            *ops = 0; /* "enc" or anything else: never for signatures */
        }
    }
    idx = ejwt_json_find(doc, obj, "key_ops");
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_ARRAY) {
        return EJWT_ERR_KEY_INVALID;
    }
    {
        uint8_t listed = 0;
        int n = doc->tok[idx].size, k;
        for (k = idx + 1; k <= idx + n; k++) {
            uint8_t op = 0;
            size_t i;
            if (ejwt_json_type(doc, k) != EJWT_JSON_STRING) {
                return EJWT_ERR_KEY_INVALID;
            }
            op = ejwt_json_string_equals(doc, k, "sign", 4) == 1     ? EJWT_KEY_OP_SIGN
                 : ejwt_json_string_equals(doc, k, "verify", 6) == 1 ? EJWT_KEY_OP_VERIFY
                                                                     : 0u;
            for (i = (size_t)idx + 1u; i < (size_t)k; i++) {
                if (ejwt_json_tokens_equal(doc, (int)i, k)) {
                    return EJWT_ERR_KEY_INVALID; /* duplicate operation */
                }
            }
            listed = (uint8_t)(listed | op);
        }
        *ops = (uint8_t)(*ops & listed);
    }
    return EJWT_OK;
}

/* `alg`, when present, must name the algorithm the key type implies. */
static int check_jwk_alg(const ejwt_json *doc, int obj, ejwt_alg implied)
{
    char alg[8];
    size_t len = 0;
    const char *name = ejwt_alg_name(implied);
    int err = member_string(doc, obj, "alg", alg, sizeof(alg), &len);

    if (err == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (err != EJWT_OK || len != strlen(name) || memcmp(alg, name, len) != 0) {
        return EJWT_ERR_JWK_UNSUPPORTED;
    }
    return EJWT_OK;
}

static int import_ec(const ejwt_json *doc, int obj, uint8_t ops, ejwt_key *out)
{
    char crv[8];
    uint8_t point[P256_POINT_LEN], d[P256_COORD_LEN];
    size_t len = 0, n = 0;
    int has_d = ejwt_json_find(doc, obj, "d") >= 0;
    int err = member_string(doc, obj, "crv", crv, sizeof(crv), &len);

    if (err != EJWT_OK || len != 5u || memcmp(crv, "P-256", 5) != 0) {
        return err == EJWT_ERR_JSON_NOT_FOUND ? EJWT_ERR_KEY_INVALID : EJWT_ERR_JWK_UNSUPPORTED;
    }
    point[0] = 0x04;
    err = member_bytes(doc, obj, "x", point + 1, P256_COORD_LEN, P256_COORD_LEN, &n);
    if (err == EJWT_OK) {
        err = member_bytes(doc, obj, "y", point + 1 + P256_COORD_LEN, P256_COORD_LEN,
                           P256_COORD_LEN, &n);
    }
    if (err != EJWT_OK) {
        return err;
    }
    if (!has_d) {
        return ejwt_crypto_import(EJWT_MATERIAL_EC_PUBLIC, point, sizeof(point), ops, out);
    }
    err = member_bytes(doc, obj, "d", d, sizeof(d), P256_COORD_LEN, &n);
    if (err == EJWT_OK) {
        err = ejwt_crypto_import(EJWT_MATERIAL_EC_PRIVATE, d, sizeof(d), ops, out);
    }
    ejwt_wipe(d, sizeof(d));
    /* PSA derives the public point from d; x and y must agree with it. */
    if (err == EJWT_OK) {
        uint8_t exported[P256_POINT_LEN];
        err = ejwt_key_export_es256_public(out, exported, sizeof(exported), &n);
        if (err == EJWT_OK && memcmp(exported, point, sizeof(point)) != 0) {
            err = EJWT_ERR_KEY_INVALID;
        }
        if (err != EJWT_OK) {
            (void)ejwt_key_destroy(out);
        }
    }
    return err;
}

static int import_oct(const ejwt_json *doc, int obj, uint8_t ops, ejwt_key *out)
{
    uint8_t k[JWK_MAX_OCT_LEN];
    size_t n = 0;
    int err = member_bytes(doc, obj, "k", k, sizeof(k), 0, &n);

    if (err == EJWT_OK) {
        err = ejwt_crypto_import(EJWT_MATERIAL_HMAC, k, n, ops, out);
    }
    ejwt_wipe(k, sizeof(k));
    return err;
}

static int copy_kid(const ejwt_json *doc, int obj, ejwt_key *out)
{
    size_t len = 0;
    int idx = ejwt_json_find(doc, obj, "kid");
    int err;

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_KEY_INVALID;
    }
    err = ejwt_json_string_copy(doc, idx, out->kid, sizeof(out->kid), &len);
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        return EJWT_ERR_LIMIT;
    }
    if (err != EJWT_OK) {
        return EJWT_ERR_KEY_INVALID;
    }
    out->kid_len = (uint8_t)len;
    return EJWT_OK;
}

/* Import the JWK object at \p obj. */
static int import_object(const ejwt_json *doc, int obj, ejwt_key *out)
{
    char kty[8];
    size_t len = 0;
    uint8_t ops = 0;
    ejwt_alg alg;
    int err;

    memset(out, 0, sizeof(*out));
    if (ejwt_json_type(doc, obj) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_KEY_INVALID;
    }
    err = member_string(doc, obj, "kty", kty, sizeof(kty), &len);
    if (err != EJWT_OK) {
        return err == EJWT_ERR_JSON_NOT_FOUND ? EJWT_ERR_KEY_INVALID : EJWT_ERR_JWK_UNSUPPORTED;
    }
    if (EJWT_ENABLE_ES256 && len == 2u && memcmp(kty, "EC", 2) == 0) {
        alg = EJWT_ALG_ES256;
    } else if (EJWT_ENABLE_HS256 && len == 3u && memcmp(kty, "oct", 3) == 0) {
        alg = EJWT_ALG_HS256;
    } else {
        return EJWT_ERR_JWK_UNSUPPORTED;
    }
    err = check_jwk_alg(doc, obj, alg);
    if (err == EJWT_OK) {
        err = key_ops_allowed(doc, obj, &ops);
    }
    if (err != EJWT_OK) {
        return err;
    }
    if (alg == EJWT_ALG_ES256 && ejwt_json_find(doc, obj, "d") < 0) {
        ops &= EJWT_KEY_OP_VERIFY; /* a public key can only verify */
    }
    if (ops == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    err = alg == EJWT_ALG_ES256 ? import_ec(doc, obj, ops, out) : import_oct(doc, obj, ops, out);
    if (err == EJWT_OK) {
        err = copy_kid(doc, obj, out);
        if (err != EJWT_OK) {
            (void)ejwt_key_destroy(out);
        }
    }
    return err;
}

/* Errors that make one key of a set unusable without making the set
 * unusable: backends publish keys ejwt cannot use (RSA, encryption keys)
 * beside the ones it can. */
static int is_per_key_error(int err)
{
    return err == EJWT_ERR_JWK_UNSUPPORTED || err == EJWT_ERR_KEY_USAGE ||
           err == EJWT_ERR_KEY_INVALID || err == EJWT_ERR_KEY_TOO_SHORT;
}

/* A set entry: the key, or an unusable placeholder (ops 0, no PSA key) that
 * keeps its kid so a token naming it fails with EJWT_ERR_KEY_USAGE. */
static int import_set_entry(const ejwt_json *doc, int obj, ejwt_key *out)
{
    int err = import_object(doc, obj, out);

    if (err == EJWT_OK || !is_per_key_error(err)) {
        return err;
    }
    memset(out, 0, sizeof(*out));
    err = ejwt_json_type(doc, obj) == EJWT_JSON_OBJECT ? copy_kid(doc, obj, out) : EJWT_OK;
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}

int ejwt_jwk_import(const char *json, size_t len, ejwt_key *out)
{
    jsmntok_t tok[JWK_MAX_TOKENS];
    ejwt_json doc;
    int err;

    EJWT_REQUIRE(json != NULL && out != NULL);
    memset(out, 0, sizeof(*out));
    err = ejwt_json_parse(json, len, tok, JWK_MAX_TOKENS, &doc);
    if (err == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = import_object(&doc, 0, out);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}

static void destroy_all(ejwt_key *keys, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        (void)ejwt_key_destroy(&keys[i]);
    }
}

int ejwt_jwk_import_set(const char *json, size_t len, ejwt_key *keys, size_t cap, size_t *count)
{
    jsmntok_t tok[JWKS_MAX_TOKENS];
    ejwt_json doc;
    int set, idx, err;
    size_t n = 0;

    EJWT_REQUIRE(json != NULL && count != NULL && (keys != NULL || cap == 0u));
    *count = 0;
    err = ejwt_json_parse(json, len, tok, JWKS_MAX_TOKENS, &doc);
    if (err != EJWT_OK) {
        return err == EJWT_ERR_JSON_TOO_MANY_TOKENS ? EJWT_ERR_LIMIT : err;
    }
    if (ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_JSON_NOT_OBJECT;
    }
    set = ejwt_json_find(&doc, 0, "keys");
    if (set == EJWT_ERR_JSON_NOT_FOUND) {
        if (cap < 1u) {
            *count = 1;
            return EJWT_ERR_BUFFER_TOO_SMALL;
        }
        err = import_object(&doc, 0, &keys[0]);
        *count = err == EJWT_OK ? 1u : 0u;
        return err;
    }
    if (set < 0 || ejwt_json_type(&doc, set) != EJWT_JSON_ARRAY) {
        return EJWT_ERR_KEY_INVALID;
    }
    if (doc.tok[set].size == 0) {
        return EJWT_ERR_KEY_NOT_FOUND; /* an empty set verifies nothing: say so now */
    }
    /* The array's length is known before any key is imported: a set over
     * the compiled bound is refused, one over the caller's array is a
     * too-small report with the count it needs, and nothing is imported. */
    if ((size_t)doc.tok[set].size > EJWT_MAX_JWKS_KEYS) {
        return EJWT_ERR_LIMIT;
    }
    if ((size_t)doc.tok[set].size > cap) {
        *count = (size_t)doc.tok[set].size;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    for (idx = set + 1; n < (size_t)doc.tok[set].size; idx = ejwt_json_skip(&doc, idx)) {
        err = import_set_entry(&doc, idx, &keys[n]);
        if (err != EJWT_OK) {
            break;
        }
        n++;
    }
    if (err != EJWT_OK) {
        destroy_all(keys, n);
        if (n < cap) {
            memset(&keys[n], 0, sizeof(keys[n]));
        }
        return err;
    }
    *count = n;
    return EJWT_OK;
}

int ejwt_jwk_export_public(const ejwt_key *key, char *out, size_t cap, size_t *out_len)
{
    static const char head[] = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"";
    static const char mid[] = "\",\"y\":\"";
    static const char tail[] = "\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"";
    static const char end[] = "\"}";
    const size_t coord_chars = EJWT_B64URL_ENCODED_LEN(P256_COORD_LEN);
    const size_t need = (sizeof(head) - 1u) + coord_chars + (sizeof(mid) - 1u) + coord_chars +
                        (sizeof(tail) - 1u) + EJWT_THUMBPRINT_LEN + (sizeof(end) - 1u) + 1u;
    char thumb[EJWT_THUMBPRINT_LEN + 1u];
    size_t n = 0, pos = 0;
    int err;

    EJWT_REQUIRE(key != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    if (key->alg != EJWT_ALG_ES256) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    if (cap < need) {
        *out_len = need;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    /* The thumbprint first, and the point only afterwards: the thumbprint
     * exports its own copy, so holding ours across the call would put two
     * points on the stack at the export's deepest moment. */
    err = ejwt_jwk_thumbprint(key, thumb);
    if (err != EJWT_OK) {
        return err;
    }
    {
        uint8_t point[P256_POINT_LEN];

        err = ejwt_key_export_es256_public(key, point, sizeof(point), &n);
        if (err != EJWT_OK) {
            return err;
        }
        memcpy(out, head, sizeof(head) - 1u);
        pos = sizeof(head) - 1u;
        pos += ejwt_b64url_encode_chars(point + 1, P256_COORD_LEN, out + pos);
        memcpy(out + pos, mid, sizeof(mid) - 1u);
        pos += sizeof(mid) - 1u;
        pos += ejwt_b64url_encode_chars(point + 1 + P256_COORD_LEN, P256_COORD_LEN, out + pos);
    }
    memcpy(out + pos, tail, sizeof(tail) - 1u);
    pos += sizeof(tail) - 1u;
    memcpy(out + pos, thumb, EJWT_THUMBPRINT_LEN);
    pos += EJWT_THUMBPRINT_LEN;
    memcpy(out + pos, end, sizeof(end));
    pos += sizeof(end) - 1u;
    *out_len = pos;
    return EJWT_OK;
}
