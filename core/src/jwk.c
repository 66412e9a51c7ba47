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
#include "jwk_public.h"
#include "rsa_der.h"

/* Tokens one JWK may use: kty, crv, x, y, d, alg, use, kid, key_ops with a
 * few entries and some unknown members (an RSA private JWK has 8 members of
 * its own). */
#define JWK_MAX_TOKENS 32
/* Tokens a JWK Set may use. */
#define JWKS_MAX_TOKENS EJWT_MAX_JWKS_TOKENS
/* Longest HMAC key accepted from a JWK (longer keys add nothing to HS512). */
#define JWK_MAX_OCT_LEN 128u
/* Bytes of an RSA modulus, and of the primes and CRT values (half of it). */
#define RSA_MODULUS_MAX (EJWT_RSA_MAX_BITS / 8u)
#define RSA_HALF_MAX (RSA_MODULUS_MAX / 2u)
#define RSA_EXPONENT_MAX 4u
/* Characters of a member value copied out of JSON for decoding. */
#if EJWT_ENABLE_RSA_
#define JWK_MAX_VALUE_CHARS EJWT_B64URL_ENCODED_LEN(RSA_MODULUS_MAX)
#else
#define JWK_MAX_VALUE_CHARS EJWT_B64URL_ENCODED_LEN(JWK_MAX_OCT_LEN)
#endif

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

/* The JWK's `alg`: EJWT_ERR_JSON_NOT_FOUND when absent, else an
 * algorithm compiled in or EJWT_ERR_JWK_UNSUPPORTED. */
static int member_alg(const ejwt_json *doc, int obj, ejwt_alg *alg)
{
    int idx = ejwt_json_find(doc, obj, "alg");

    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return idx;
    }
    return idx >= 0 && ejwt_alg_from_json(doc, idx, alg) == EJWT_OK ? EJWT_OK
                                                                    : EJWT_ERR_JWK_UNSUPPORTED;
}

/* Is the string member \p name of \p obj equal to \p value? EJWT_OK when it
 * is, EJWT_ERR_JSON_NOT_FOUND when absent, EJWT_ERR_JWK_UNSUPPORTED for
 * another value and EJWT_ERR_KEY_INVALID when not a string. */
static int member_is(const ejwt_json *doc, int obj, const char *name, const char *value)
{
    int idx = ejwt_json_find(doc, obj, name);

    if (idx < 0) {
        return idx;
    }
    if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_KEY_INVALID;
    }
    return ejwt_json_string_equals(doc, idx, value, strlen(value)) == 1 ? EJWT_OK
                                                                        : EJWT_ERR_JWK_UNSUPPORTED;
}

/* The algorithm an EC key's curve implies (RFC 7518 section 3.4 pairs each
 * curve with one hash). */
static int curve_alg(const ejwt_json *doc, int obj, ejwt_alg *alg)
{
    static const struct {
        const char *crv;
        ejwt_alg alg;
    } curves[] = {{"P-256", EJWT_ALG_ES256}, {"P-384", EJWT_ALG_ES384}, {"P-521", EJWT_ALG_ES512}};
    size_t i;
    int err = EJWT_ERR_JWK_UNSUPPORTED;

    for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
        if (ejwt_crypto_family(curves[i].alg) != EJWT_FAMILY_ECDSA) {
            continue; /* not compiled in: unknown */
        }
        err = member_is(doc, obj, "crv", curves[i].crv);
        if (err == EJWT_OK) {
            *alg = curves[i].alg;
            return EJWT_OK;
        }
        if (err != EJWT_ERR_JWK_UNSUPPORTED) {
            break;
        }
    }
    return err == EJWT_ERR_JSON_NOT_FOUND ? EJWT_ERR_KEY_INVALID : EJWT_ERR_JWK_UNSUPPORTED;
}

/* The algorithm the key is for. `kty` names a family; for EC the curve
 * decides the algorithm, for oct and RSA the JWK's `alg` does, with HS256
 * and RS256 (the common ones) when it is absent. An `alg` present must be
 * compiled in, of the family, and for EC the curve's. */
static int jwk_algorithm(const ejwt_json *doc, int obj, ejwt_alg_family *family, ejwt_alg *alg)
{
    static const struct {
        const char *kty;
        ejwt_alg_family family;
        ejwt_alg fallback; /* without `alg` */
    } types[] = {{"EC", EJWT_FAMILY_ECDSA, EJWT_ALG_ES256},
                 {"oct", EJWT_FAMILY_HMAC, EJWT_ALG_HS256},
                 {"RSA", EJWT_FAMILY_RSA, EJWT_ALG_RS256}};
    ejwt_alg named = EJWT_ALG_ES256;
    size_t i;
    int err = EJWT_ERR_JWK_UNSUPPORTED, has_alg;

    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        err = member_is(doc, obj, "kty", types[i].kty);
        if (err != EJWT_ERR_JWK_UNSUPPORTED) {
            break;
        }
    }
    if (err != EJWT_OK) {
        return err == EJWT_ERR_JSON_NOT_FOUND ? EJWT_ERR_KEY_INVALID : EJWT_ERR_JWK_UNSUPPORTED;
    }
    err = member_alg(doc, obj, &named);
    if (err != EJWT_OK && err != EJWT_ERR_JSON_NOT_FOUND) {
        return err;
    }
    has_alg = err == EJWT_OK;
    *family = types[i].family;
    if (*family == EJWT_FAMILY_ECDSA) {
        err = curve_alg(doc, obj, alg);
        return err == EJWT_OK && has_alg && named != *alg ? EJWT_ERR_JWK_UNSUPPORTED : err;
    }
    *alg = has_alg ? named : types[i].fallback;
    return ejwt_crypto_family(*alg) == *family ? EJWT_OK : EJWT_ERR_JWK_UNSUPPORTED;
}

static int import_ec(const ejwt_json *doc, int obj, ejwt_alg alg, uint8_t ops, ejwt_key *out)
{
    uint8_t point[1u + 2u * EJWT_EC_MAX_COORD_LEN], d[EJWT_EC_MAX_COORD_LEN];
    const size_t coord = EJWT_EC_COORD_LEN(alg), point_len = 1u + 2u * coord;
    size_t n = 0;
    int has_d = ejwt_json_find(doc, obj, "d") >= 0;
    int err;

    point[0] = 0x04;
    err = member_bytes(doc, obj, "x", point + 1, coord, coord, &n);
    if (err == EJWT_OK) {
        err = member_bytes(doc, obj, "y", point + 1 + coord, coord, coord, &n);
    }
    if (err != EJWT_OK) {
        return err;
    }
    if (!has_d) {
        return ejwt_crypto_import(EJWT_MATERIAL_EC_PUBLIC, alg, point, point_len, ops, out);
    }
    err = member_bytes(doc, obj, "d", d, coord, coord, &n);
    if (err == EJWT_OK) {
        err = ejwt_crypto_import(EJWT_MATERIAL_EC_PRIVATE, alg, d, coord, ops, out);
    }
    ejwt_wipe(d, sizeof(d));
    /* PSA derives the public point from d; x and y must agree with it. */
    if (err == EJWT_OK) {
        uint8_t exported[sizeof(point)];
        err = ejwt_key_export_ec_public(out, exported, sizeof(exported), &n);
        if (err == EJWT_OK && (n != point_len || memcmp(exported, point, point_len) != 0)) {
            err = EJWT_ERR_KEY_INVALID;
        }
        if (err != EJWT_OK) {
            (void)ejwt_key_destroy(out);
        }
    }
    return err;
}

static int import_oct(const ejwt_json *doc, int obj, ejwt_alg alg, uint8_t ops, ejwt_key *out)
{
    uint8_t k[JWK_MAX_OCT_LEN];
    size_t n = 0;
    int err = member_bytes(doc, obj, "k", k, sizeof(k), 0, &n);

    if (err == EJWT_OK) {
        err = ejwt_crypto_import(EJWT_MATERIAL_HMAC, alg, k, n, ops, out);
    }
    ejwt_wipe(k, sizeof(k));
    return err;
}

#if EJWT_ENABLE_RSA_
#if EJWT_ENABLE_RSA_SIGN
/* Members of an RSA private JWK after n and e, in RSAPrivateKey's order
 * (RFC 8017 appendix A.1.2), with their largest size. */
static const struct {
    const char *name;
    size_t max;
} rsa_private_members[] = {{"d", RSA_MODULUS_MAX}, {"p", RSA_HALF_MAX},  {"q", RSA_HALF_MAX},
                           {"dp", RSA_HALF_MAX},   {"dq", RSA_HALF_MAX}, {"qi", RSA_HALF_MAX}};
#define RSA_PRIVATE_MEMBERS (sizeof(rsa_private_members) / sizeof(rsa_private_members[0]))
/* Bytes of the private members and of their DER, on the stack only here. */
#define RSA_PRIVATE_PARTS_MAX (2u * RSA_MODULUS_MAX + 4u * RSA_HALF_MAX)
#define RSA_PRIVATE_DER_MAX (RSA_MODULUS_MAX + RSA_EXPONENT_MAX + RSA_PRIVATE_PARTS_MAX + 64u)

/* A private RSA JWK (RFC 7518 section 6.3.2) as a DER RSAPrivateKey;
 * multi-prime keys (`oth`) are not supported. */
static int import_rsa_private(const ejwt_json *doc, int obj, ejwt_alg alg, uint8_t ops,
                              const ejwt_der_integer *public_parts, ejwt_key *out)
{
    static const uint8_t version = 0;
    uint8_t parts[RSA_PRIVATE_PARTS_MAX];
    uint8_t der[RSA_PRIVATE_DER_MAX];
    ejwt_der_integer ints[3u + RSA_PRIVATE_MEMBERS];
    const uint8_t *start = NULL;
    size_t used = 0, der_len = 0, i;
    int err = EJWT_OK;

    if (ejwt_json_find(doc, obj, "oth") >= 0) {
        return EJWT_ERR_JWK_UNSUPPORTED;
    }
    ints[0].v = &version;
    ints[0].len = 1u;
    ints[1] = public_parts[0];
    ints[2] = public_parts[1];
    for (i = 0; i < RSA_PRIVATE_MEMBERS && err == EJWT_OK; i++) {
        size_t n = 0;
        err = member_bytes(doc, obj, rsa_private_members[i].name, parts + used,
                           rsa_private_members[i].max, 0, &n);
        ints[3u + i].v = parts + used;
        ints[3u + i].len = n;
        used += n;
    }
    if (err == EJWT_OK) {
        err = ejwt_der_sequence(ints, 3u + RSA_PRIVATE_MEMBERS, der, sizeof(der), &start, &der_len);
    }
    if (err == EJWT_OK) {
        err = ejwt_crypto_import(EJWT_MATERIAL_RSA_PRIVATE, alg, start, der_len, ops, out);
    }
    ejwt_wipe(parts, sizeof(parts));
    ejwt_wipe(der, sizeof(der));
    return err;
}
#endif /* EJWT_ENABLE_RSA_SIGN */

static int import_rsa(const ejwt_json *doc, int obj, ejwt_alg alg, uint8_t ops, ejwt_key *out)
{
    uint8_t n[RSA_MODULUS_MAX], e[RSA_EXPONENT_MAX];
    size_t n_len = 0, e_len = 0;
    int err = member_bytes(doc, obj, "n", n, sizeof(n), 0, &n_len);

    if (err == EJWT_OK) { /* a modulus over EJWT_RSA_MAX_BITS is EJWT_ERR_KEY_INVALID */
        err = member_bytes(doc, obj, "e", e, sizeof(e), 0, &e_len);
    }
    if (err != EJWT_OK) {
        return err;
    }
    if (ejwt_json_find(doc, obj, "d") < 0) {
        return ejwt_key_import_rsa_public(alg, n, n_len, e, e_len, out);
    }
#if EJWT_ENABLE_RSA_SIGN
    err = ejwt_rsa_check_public(n, n_len, e, e_len);
    if (err == EJWT_OK) {
        const ejwt_der_integer public_parts[2] = {{n, n_len}, {e, e_len}};
        err = import_rsa_private(doc, obj, alg, ops, public_parts, out);
    }
    return err;
#else
    (void)ops;
    return EJWT_ERR_JWK_UNSUPPORTED; /* RSA private keys need EJWT_ENABLE_RSA_SIGN */
#endif
}
#else
static int import_rsa(const ejwt_json *doc, int obj, ejwt_alg alg, uint8_t ops, ejwt_key *out)
{
    (void)doc;
    (void)obj;
    (void)alg;
    (void)ops;
    (void)out;
    return EJWT_ERR_JWK_UNSUPPORTED;
}
#endif /* EJWT_ENABLE_RSA_ */

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
    ejwt_alg_family family = EJWT_FAMILY_NONE;
    ejwt_alg alg = EJWT_ALG_ES256;
    uint8_t ops = 0;
    int err;

    memset(out, 0, sizeof(*out));
    if (ejwt_json_type(doc, obj) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_KEY_INVALID;
    }
    err = jwk_algorithm(doc, obj, &family, &alg);
    if (err == EJWT_OK) {
        err = key_ops_allowed(doc, obj, &ops);
    }
    if (err != EJWT_OK) {
        return err;
    }
    if (family != EJWT_FAMILY_HMAC && ejwt_json_find(doc, obj, "d") < 0) {
        ops &= EJWT_KEY_OP_VERIFY; /* a public key can only verify */
    }
    if (ops == 0u) {
        return EJWT_ERR_KEY_USAGE;
    }
    err = family == EJWT_FAMILY_ECDSA  ? import_ec(doc, obj, alg, ops, out)
          : family == EJWT_FAMILY_HMAC ? import_oct(doc, obj, alg, ops, out)
                                       : import_rsa(doc, obj, alg, ops, out);
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

#define PIECE_TEXT(s)                                                                              \
    {                                                                                              \
        s, NULL, strlen(s)                                                                         \
    }

/* The public JWK's text: {"kty":"EC","crv":..,"x":..,"y":..,"alg":..,
 * "use":"sig","kid":<thumbprint>} or {"kty":"RSA","n":..,"e":..,...},
 * terminated; returns its length with the terminator, over \p cap when it
 * did not fit. One function per key type: only its pieces are on the stack. */
static size_t public_jwk_ec(const ejwt_jwk_public *pub, const char *alg, const char *thumb,
                            char *out, size_t cap)
{
    const ejwt_piece ec[] = {EJWT_PIECE_LITERAL("{\"kty\":\"EC\",\"crv\":\""),
                             PIECE_TEXT(pub->crv),
                             EJWT_PIECE_LITERAL("\",\"x\":\""),
                             EJWT_PIECE_BYTES(pub->first, pub->first_len),
                             EJWT_PIECE_LITERAL("\",\"y\":\""),
                             EJWT_PIECE_BYTES(pub->second, pub->second_len),
                             EJWT_PIECE_LITERAL("\",\"alg\":\""),
                             PIECE_TEXT(alg),
                             EJWT_PIECE_LITERAL("\",\"use\":\"sig\",\"kid\":\""),
                             PIECE_TEXT(thumb),
                             EJWT_PIECE_LITERAL("\"}\0")};

    return ejwt_pieces_render(ec, sizeof(ec) / sizeof(ec[0]), out, cap);
}

#if EJWT_ENABLE_RSA_
static size_t public_jwk_rsa(const ejwt_jwk_public *pub, const char *alg, const char *thumb,
                             char *out, size_t cap)
{
    const ejwt_piece rsa[] = {EJWT_PIECE_LITERAL("{\"kty\":\"RSA\",\"n\":\""),
                              EJWT_PIECE_BYTES(pub->first, pub->first_len),
                              EJWT_PIECE_LITERAL("\",\"e\":\""),
                              EJWT_PIECE_BYTES(pub->second, pub->second_len),
                              EJWT_PIECE_LITERAL("\",\"alg\":\""),
                              PIECE_TEXT(alg),
                              EJWT_PIECE_LITERAL("\",\"use\":\"sig\",\"kid\":\""),
                              PIECE_TEXT(thumb),
                              EJWT_PIECE_LITERAL("\"}\0")};

    return ejwt_pieces_render(rsa, sizeof(rsa) / sizeof(rsa[0]), out, cap);
}
#endif

int ejwt_jwk_export_public(const ejwt_key *key, char *out, size_t cap, size_t *out_len)
{
    char thumb[EJWT_THUMBPRINT_LEN + 1u];
    int err;

    EJWT_REQUIRE(key != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    /* The thumbprint first: it exports its own copy of the key, so ours is
     * not on the stack during its export. */
    err = ejwt_jwk_thumbprint(key, thumb);
    if (err == EJWT_OK) {
        uint8_t buf[EJWT_JWK_PUBLIC_BUF];
        ejwt_jwk_public pub;
        const char *alg = ejwt_alg_name(key->alg);
        size_t need;

        err = ejwt_jwk_public_of(key, buf, sizeof(buf), &pub);
        if (err != EJWT_OK) {
            return err;
        }
#if EJWT_ENABLE_RSA_
        need = pub.is_rsa ? public_jwk_rsa(&pub, alg, thumb, out, cap)
                          : public_jwk_ec(&pub, alg, thumb, out, cap);
#else
        need = public_jwk_ec(&pub, alg, thumb, out, cap);
#endif
        if (need > cap) {
            *out_len = need; /* nothing written */
            return EJWT_ERR_BUFFER_TOO_SMALL;
        }
        *out_len = need - 1u; /* the last piece wrote the terminator */
    }
    return err;
}
