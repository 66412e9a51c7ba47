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
#include "jwk_public.h"

#define SHA256_LEN 32u
/* Canonical JSON of the largest supported key: RSA-4096 (n is 683 chars). */
#define THUMBPRINT_INPUT_MAX 800u
#define THUMBPRINT_JWK_TOKENS 32
#define MAX_REQUIRED_MEMBERS 4u

#define LITERAL_LEN(s) (sizeof(s) - 1u)
#define PIECE_LITERAL(s)                                                                           \
    {                                                                                              \
        s, NULL, LITERAL_LEN(s)                                                                    \
    }
#define PIECE_BYTES(p, n)                                                                          \
    {                                                                                              \
        NULL, p, n                                                                                 \
    }

/* The canonical JSON of the largest key compiled in, so an ES256-only
 * image needs no RSA-sized buffer on the stack:
 * {"crv":"P-256","kty":"EC","x":"..","y":".."} or {"e":"..","kty":"RSA","n":".."}. */
#define EC_CANON_MAX (31u + 2u * EJWT_B64URL_ENCODED_LEN(EJWT_EC_MAX_COORD_LEN) + 7u + 2u)
#if EJWT_ENABLE_RSA_
/* {"e":" (6) e of at most 4 bytes (6) ","kty":"RSA","n":" (19) n "} (2) */
#define RSA_CANON_MAX                                                                              \
    (6u + EJWT_B64URL_ENCODED_LEN(4u) + 19u + EJWT_B64URL_ENCODED_LEN(EJWT_RSA_MAX_BITS / 8) + 2u)
#define KEY_CANON_MAX (RSA_CANON_MAX > EC_CANON_MAX ? RSA_CANON_MAX : EC_CANON_MAX)
#else
#define KEY_CANON_MAX EC_CANON_MAX
#endif

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

/* A key's canonical JSON (RFC 7638 section 3.2: the required members in
 * lexicographic order, no whitespace) into \p out; returns its length,
 * which is over \p cap when it did not fit. One function per key type, so
 * only the pieces of the type at hand are on the stack. */
static size_t canonical_ec(const ejwt_jwk_public *pub, char *out, size_t cap)
{
    const ejwt_piece ec[] = {EJWT_PIECE_LITERAL("{\"crv\":\""),
                             {pub->crv, NULL, strlen(pub->crv)},
                             EJWT_PIECE_LITERAL("\",\"kty\":\"EC\",\"x\":\""),
                             EJWT_PIECE_BYTES(pub->first, pub->first_len),
                             EJWT_PIECE_LITERAL("\",\"y\":\""),
                             EJWT_PIECE_BYTES(pub->second, pub->second_len),
                             EJWT_PIECE_LITERAL("\"}")};

    return ejwt_pieces_render(ec, sizeof(ec) / sizeof(ec[0]), out, cap);
}

#if EJWT_ENABLE_RSA_
static size_t canonical_rsa(const ejwt_jwk_public *pub, char *out, size_t cap)
{
    const ejwt_piece rsa[] = {
        EJWT_PIECE_LITERAL("{\"e\":\""), EJWT_PIECE_BYTES(pub->second, pub->second_len),
        EJWT_PIECE_LITERAL("\",\"kty\":\"RSA\",\"n\":\""),
        EJWT_PIECE_BYTES(pub->first, pub->first_len), EJWT_PIECE_LITERAL("\"}")};

    return ejwt_pieces_render(rsa, sizeof(rsa) / sizeof(rsa[0]), out, cap);
}
#endif

int ejwt_jwk_thumbprint(const ejwt_key *key, char out[EJWT_THUMBPRINT_LEN + 1])
{
    uint8_t buf[EJWT_JWK_PUBLIC_BUF];
    char canon_key[KEY_CANON_MAX];
    ejwt_jwk_public pub;
    size_t len;
    int err;

    EJWT_REQUIRE(key != NULL && out != NULL);
    out[0] = '\0';
    err = ejwt_jwk_public_of(key, buf, sizeof(buf), &pub);
    if (err != EJWT_OK) {
        return err;
    }
#if EJWT_ENABLE_RSA_
    len = pub.is_rsa ? canonical_rsa(&pub, canon_key, sizeof(canon_key))
                     : canonical_ec(&pub, canon_key, sizeof(canon_key));
#else
    len = canonical_ec(&pub, canon_key, sizeof(canon_key));
#endif
    if (len > sizeof(canon_key)) {
        return EJWT_ERR_LIMIT;
    }
    return hash_to_thumbprint(canon_key, len, out);
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
