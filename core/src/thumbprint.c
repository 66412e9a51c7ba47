/*
 * RFC 7638 JWK thumbprints: SHA-256 over the required members of the key,
 * in lexicographic order, with no whitespace, base64url-encoded.
 */
#include <string.h>

#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwk.h"
#include "internal.h"

#define SHA256_LEN 32u
#define P256_COORD_LEN 32u
#define P256_POINT_LEN (1u + 2u * P256_COORD_LEN)
/* Canonical JSON of the largest supported key: RSA-4096 (n is 683 chars). */
#define THUMBPRINT_INPUT_MAX 800u
#define THUMBPRINT_JWK_TOKENS 32
#define MAX_REQUIRED_MEMBERS 4u

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

static int hash_to_thumbprint(const canon *c, char out[EJWT_THUMBPRINT_LEN + 1])
{
    uint8_t digest[SHA256_LEN];
    size_t n = 0;
    int err;

    if (c->err != EJWT_OK) {
        return c->err;
    }
    err = ejwt_sha256((const uint8_t *)c->buf, c->len, digest);
    if (err == EJWT_OK) {
        err = ejwt_b64url_encode(digest, sizeof(digest), out, EJWT_THUMBPRINT_LEN, &n);
    }
    out[err == EJWT_OK ? EJWT_THUMBPRINT_LEN : 0] = '\0';
    return err;
}

int ejwt_jwk_thumbprint(const ejwt_key *key, char out[EJWT_THUMBPRINT_LEN + 1])
{
    static const char head[] = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"";
    static const char mid[] = "\",\"y\":\"";
    uint8_t point[P256_POINT_LEN];
    char coord[EJWT_B64URL_ENCODED_LEN(P256_COORD_LEN)];
    canon c;
    size_t n = 0;
    int err;

    EJWT_REQUIRE(key != NULL && out != NULL);
    out[0] = '\0';
    err = ejwt_key_export_es256_public(key, point, sizeof(point), &n);
    if (err != EJWT_OK) {
        return err;
    }
    memset(&c, 0, sizeof(c));
    canon_put(&c, head, sizeof(head) - 1u);
    (void)ejwt_b64url_encode(point + 1, P256_COORD_LEN, coord, sizeof(coord), &n);
    canon_put(&c, coord, n);
    canon_put(&c, mid, sizeof(mid) - 1u);
    (void)ejwt_b64url_encode(point + 1 + P256_COORD_LEN, P256_COORD_LEN, coord, sizeof(coord), &n);
    canon_put(&c, coord, n);
    canon_put(&c, "\"}", 2);
    return hash_to_thumbprint(&c, out);
}

/* Append a string value re-escaped minimally (RFC 7638 section 3.3: the
 * values as JSON strings with no extra escaping). Required members are
 * base64url or curve names in practice; '"', '\\' and controls are escaped. */
static void canon_put_string(canon *c, const ejwt_json *doc, int idx)
{
    char value[THUMBPRINT_INPUT_MAX];
    size_t len = 0, i;

    if (ejwt_json_string_copy(doc, idx, value, sizeof(value), &len) != EJWT_OK) {
        c->err = c->err != EJWT_OK ? c->err : EJWT_ERR_KEY_INVALID;
        return;
    }
    canon_put(c, "\"", 1);
    for (i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)value[i];
        if (ch == '"' || ch == '\\' || ch < 0x20u) {
            c->err = c->err != EJWT_OK ? c->err : EJWT_ERR_KEY_INVALID;
            break;
        }
        canon_put(c, &value[i], 1);
    }
    canon_put(c, "\"", 1);
    ejwt_wipe(value, sizeof(value));
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
            return EJWT_ERR_KEY_INVALID;
        }
        canon_put(&c, i == 0u ? "\"" : ",\"", i == 0u ? 1u : 2u);
        canon_put(&c, spec->members[i], strlen(spec->members[i]));
        canon_put(&c, "\":", 2);
        canon_put_string(&c, &doc, idx);
    }
    canon_put(&c, "}", 1);
    err = hash_to_thumbprint(&c, out);
    ejwt_wipe(&c, sizeof(c)); /* an oct thumbprint input holds the secret */
    return err;
}
