/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 7638 JWK thumbprints: SHA-256 over the required members of the key,
 * in lexicographic order, with no whitespace, base64url-encoded.
 */
#include <string.h>

#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwk.h"
#include "base64url_internal.h"
#include "internal.h"

#define SHA256_LEN 32u
#define P256_COORD_LEN 32u
#define P256_POINT_LEN (1u + 2u * P256_COORD_LEN)
#define P256_COORD_CHARS EJWT_B64URL_ENCODED_LEN(P256_COORD_LEN)
/* Canonical JSON of the largest supported key: RSA-4096 (n is 683 chars). */
#define THUMBPRINT_INPUT_MAX 800u
#define THUMBPRINT_JWK_TOKENS 32
#define MAX_REQUIRED_MEMBERS 4u

/* An ES256 key's canonical JSON has one length, so ejwt_jwk_thumbprint (on
 * the device's JWK export path) needs no RSA-sized buffer on the stack. */
#define EC_HEAD "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
#define EC_MID "\",\"y\":\""
#define EC_TAIL "\"}"
#define LITERAL_LEN(s) (sizeof(s) - 1u)
#define EC_CANON_LEN                                                                               \
    (LITERAL_LEN(EC_HEAD) + P256_COORD_CHARS + LITERAL_LEN(EC_MID) + P256_COORD_CHARS +            \
     LITERAL_LEN(EC_TAIL))

/* Compile-time check of the sum above against a count by hand:
 * 31 + 43 + 7 + 43 + 2 bytes. */
typedef char ec_canon_len_check[(EC_CANON_LEN == 126u) ? 1 : -1];

/* Required members per key type, already in lexicographic order. */
typedef struct kty_members {
    const char *kty;
    const char *members[MAX_REQUIRED_MEMBERS + 1u];
} kty_members;

static const kty_members thumbprint_members[] = {
    {"EC", {"crv", "kty", "x", "y", NULL}},
    {"RSA", {"e", "kty", "n", NULL}},
    {"oct", {"k", "kty", NULL}},
};

/* Append helpers for a bounded canonical-JSON buffer. */
typedef struct canon {
    char buf[THUMBPRINT_INPUT_MAX];
    size_t len;
    int err;
} canon;

static void canon_put(canon *c, const char *s, size_t n)
{
    if (c->err != EJWT_OK) {
        return;
    }
    if (n > sizeof(c->buf) - c->len) {
        c->err = EJWT_ERR_LIMIT;
        return;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

static int hash_to_thumbprint(const char *in, size_t len, char out[EJWT_THUMBPRINT_LEN + 1])
{
    uint8_t digest[SHA256_LEN];
    size_t n = 0;
    int err;

    err = ejwt_sha256((const uint8_t *)in, len, digest);
    if (err == EJWT_OK) {
        n = ejwt_b64url_encode_chars(digest, sizeof(digest), out);
    }
    out[n] = '\0';
    return err;
}

int ejwt_jwk_thumbprint(const ejwt_key *key, char out[EJWT_THUMBPRINT_LEN + 1])
{
    uint8_t point[P256_POINT_LEN];
    char canon_ec[EC_CANON_LEN];
    char *x = canon_ec + LITERAL_LEN(EC_HEAD);
    char *y = x + P256_COORD_CHARS + LITERAL_LEN(EC_MID);
    size_t n = 0;
    int err;

    EJWT_REQUIRE(key != NULL && out != NULL);
    out[0] = '\0';
    err = ejwt_key_export_es256_public(key, point, sizeof(point), &n);
    if (err != EJWT_OK) {
        return err;
    }
    /* The coordinates are encoded in place, each into exactly its width. */
    memcpy(canon_ec, EC_HEAD, LITERAL_LEN(EC_HEAD));
    (void)ejwt_b64url_encode_chars(point + 1, P256_COORD_LEN, x);
    memcpy(x + P256_COORD_CHARS, EC_MID, LITERAL_LEN(EC_MID));
    (void)ejwt_b64url_encode_chars(point + 1 + P256_COORD_LEN, P256_COORD_LEN, y);
    memcpy(y + P256_COORD_CHARS, EC_TAIL, LITERAL_LEN(EC_TAIL));
    return hash_to_thumbprint(canon_ec, sizeof(canon_ec), out);
}

/* Index of the first byte that JSON would have to escape, or n. */
static size_t first_to_escape(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\' || ch < 0x20u) {
            break;
        }
    }
    return i;
}

/* Append a string value as a JSON string (RFC 7638 section 3.3: no extra
 * escaping). Required members are base64url or curve names in practice, so a
 * value holding '"', '\\' or a control byte, which would need escaping, is
 * refused. The value is unescaped straight into the buffer after its opening
 * quote (no second copy on the stack); the copy's terminator lands where the
 * closing quote goes. */
static void canon_put_string(canon *c, const ejwt_json *doc, int idx)
{
    size_t room = sizeof(c->buf) - c->len;
    /* With no room even for the opening quote, the copy only measures. */
    size_t skip = room > 0u ? 1u : 0u;
    char *value = c->buf + c->len + skip;
    size_t len = 0;
    int err;

    if (c->err != EJWT_OK) {
        return;
    }
    err = ejwt_json_string_copy(doc, idx, value, room - skip, &len);
    if (err == EJWT_ERR_BUFFER_TOO_SMALL) {
        c->err = EJWT_ERR_LIMIT; /* longer than any supported key's member */
    } else if (err != EJWT_OK || first_to_escape(value, len) < len) {
        c->err = EJWT_ERR_KEY_INVALID; /* unreadable, or would need escaping */
    } else {
        c->buf[c->len] = '"';
        value[len] = '"';
        c->len += len + 2u;
    }
}

static const kty_members *members_for(const ejwt_json *doc, int kty)
{
    size_t i;

    for (i = 0; i < sizeof(thumbprint_members) / sizeof(thumbprint_members[0]); i++) {
        const char *name = thumbprint_members[i].kty;
        if (ejwt_json_string_equals(doc, kty, name, strlen(name)) == 1) {
            return &thumbprint_members[i];
        }
    }
    return NULL;
}

int ejwt_jwk_thumbprint_json(const char *json, size_t len, char out[EJWT_THUMBPRINT_LEN + 1])
{
    jsmntok_t tok[THUMBPRINT_JWK_TOKENS];
    const kty_members *spec;
    ejwt_json doc;
    canon c;
    size_t i;
    int err, kty;

    EJWT_REQUIRE(json != NULL && out != NULL);
    out[0] = '\0';
    err = ejwt_json_parse(json, len, tok, THUMBPRINT_JWK_TOKENS, &doc);
    if (err != EJWT_OK) {
        return err;
    }
    if (ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_JSON_NOT_OBJECT;
    }
    kty = ejwt_json_find(&doc, 0, "kty");
    if (kty < 0 || ejwt_json_type(&doc, kty) != EJWT_JSON_STRING) {
        return EJWT_ERR_KEY_INVALID;
    }
    spec = members_for(&doc, kty);
    if (spec == NULL) {
        return EJWT_ERR_JWK_UNSUPPORTED;
    }
    memset(&c, 0, sizeof(c));
    canon_put(&c, "{", 1);
    for (i = 0; spec->members[i] != NULL; i++) {
        int idx = ejwt_json_find(&doc, 0, spec->members[i]);
        if (idx < 0 || ejwt_json_type(&doc, idx) != EJWT_JSON_STRING) {
            c.err = EJWT_ERR_KEY_INVALID; /* a missing member outranks a full buffer */
            break;
        }
        canon_put(&c, i == 0u ? "\"" : ",\"", i == 0u ? 1u : 2u);
        canon_put(&c, spec->members[i], strlen(spec->members[i]));
        canon_put(&c, "\":", 2);
        canon_put_string(&c, &doc, idx);
    }
    canon_put(&c, "}", 1);
    err = c.err != EJWT_OK ? c.err : hash_to_thumbprint(c.buf, c.len, out);
    ejwt_wipe(&c, sizeof(c)); /* an oct thumbprint input holds the secret */
    return err;
}
