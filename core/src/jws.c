/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JWS compact serialization: split, decode and structure-check (parse), then
 * choose the key, pin the algorithm and check the signature (verify).
 */
#include <string.h>

#include "crypto.h"
#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jws.h"
#include "internal.h"
#include "json_internal.h"

/* Longest `typ` value compared (media types are short; longer never matches). */
#define TYP_MAX_LEN 64u
#define APPLICATION_PREFIX "application/"
#define APPLICATION_PREFIX_LEN 12u

/* Header parameters registered by RFC 7515/7516/7518: `crit` must not list
 * them (RFC 7515 section 4.1.11). */
static const char *const registered_header_names[] = {
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
    "enc", "zip", "epk", "apu", "apv", "iv",  "tag", "p2s",      "p2c", NULL};

ejwt_json ejwt_jws_header(const ejwt_jws *jws)
{
    ejwt_json doc;

    memset(&doc, 0, sizeof(doc));
    if (jws != NULL && jws->header != NULL) {
        doc.text = jws->header;
        doc.len = jws->header_len;
        doc.tok = jws->header_tok;
        doc.count = jws->header_count;
    }
    return doc;
}

/* The header's `alg`, which must be a string naming an enabled algorithm. */
static int header_alg(const ejwt_json *hdr, ejwt_alg *alg)
{
    int idx = ejwt_json_find(hdr, 0, "alg");

    /* "none" and every other name end in EJWT_ERR_HEADER_ALG. */
    return idx < 0 ? EJWT_ERR_HEADER_ALG : ejwt_alg_from_json(hdr, idx, alg);
}

static int is_registered_header_name(const ejwt_json *hdr, int idx)
{
    size_t i;

    for (i = 0; registered_header_names[i] != NULL; i++) {
        const char *name = registered_header_names[i];
        if (ejwt_json_string_equals(hdr, idx, name, strlen(name)) == 1) {
            return 1;
        }
    }
    return 0;
}

/* Is the string token \p idx also present as a member name of the header? */
static int header_has_member_named(const ejwt_json *hdr, int idx)
{
    int iter = 0, key = 0, val = 0;

    while (ejwt_json_next_member(hdr, 0, &iter, &key, &val) == 1) {
        if (ejwt_json_tokens_equal(hdr, key, idx)) {
            return 1;
        }
    }
    return 0;
}

/* RFC 7515 section 4.1.11: `crit` is a non-empty array of distinct strings,
 * each naming a header parameter that is present and not registered. Which
 * of them the application understands is checked at verification. */
static int check_crit_shape(const ejwt_json *hdr)
{
    int crit = ejwt_json_find(hdr, 0, "crit");
    int i, j, n;

    if (crit == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (crit < 0 || ejwt_json_type(hdr, crit) != EJWT_JSON_ARRAY || hdr->tok[crit].size < 1) {
        return EJWT_ERR_CRIT_INVALID;
    }
    n = hdr->tok[crit].size;
    for (i = crit + 1; i <= crit + n; i++) {
        /* Elements of an array of strings are consecutive tokens. */
        if (ejwt_json_type(hdr, i) != EJWT_JSON_STRING || is_registered_header_name(hdr, i) ||
            !header_has_member_named(hdr, i)) {
            return EJWT_ERR_CRIT_INVALID;
        }
        for (j = crit + 1; j < i; j++) {
            if (ejwt_json_tokens_equal(hdr, j, i)) {
                return EJWT_ERR_CRIT_INVALID;
            }
        }
    }
    return EJWT_OK;
}

/* Optional string-valued header members must be strings when present. */
static int check_header_types(const ejwt_json *hdr)
{
    static const char *const string_members[] = {"kid", "typ", "cty", NULL};
    size_t i;

    for (i = 0; string_members[i] != NULL; i++) {
        int idx = ejwt_json_find(hdr, 0, string_members[i]);
        if (idx >= 0 && ejwt_json_type(hdr, idx) != EJWT_JSON_STRING) {
            return EJWT_ERR_JSON_TYPE;
        }
    }
    return EJWT_OK;
}

/* Positions of the two dots; anything but exactly two is not compact JWS. */
static int split_segments(const char *token, size_t len, size_t *dot1, size_t *dot2)
{
    const char *d1 = memchr(token, '.', len);
    const char *d2;

    if (d1 == NULL) {
        return EJWT_ERR_SEGMENTS;
    }
    d2 = memchr(d1 + 1, '.', len - (size_t)(d1 - token) - 1u);
    if (d2 == NULL || memchr(d2 + 1, '.', len - (size_t)(d2 - token) - 1u) != NULL || d1 == token) {
        return EJWT_ERR_SEGMENTS;
    }
    *dot1 = (size_t)(d1 - token);
    *dot2 = (size_t)(d2 - token);
    return EJWT_OK;
}

/* EJWT_OK when \p n characters are strict base64url, else EJWT_ERR_BASE64. */
static int check_base64(const char *s, size_t n)
{
    size_t need = 0;
    int err = ejwt_b64url_decode(s, n, NULL, 0, &need);

    return (err == EJWT_OK || err == EJWT_ERR_BUFFER_TOO_SMALL) ? EJWT_OK : err;
}

static int decode_segments(const char *token, size_t token_len, size_t dot1, size_t dot2,
                           uint8_t *work, size_t work_cap, size_t *work_needed, ejwt_jws *out)
{
    size_t hdr_chars = dot1, pay_chars = dot2 - dot1 - 1u, sig_chars = token_len - dot2 - 1u;
    size_t hdr_max = EJWT_B64URL_DECODED_MAX(hdr_chars);
    size_t pay_max = EJWT_B64URL_DECODED_MAX(pay_chars);
    size_t n = 0;
    int err;

    /* Characters are checked before lengths, so a padded or whitespace-laden
     * segment is reported as the base64url error it is. When every length
     * fits, decoding the header and signature checks their characters in
     * the same pass (and the order of the checks below gives the same
     * answers); otherwise a size query validates them without writing. */
    if (hdr_max > EJWT_MAX_HEADER_LEN || sig_chars > EJWT_B64URL_ENCODED_LEN(sizeof(out->sig)) ||
        work_cap < hdr_max + pay_max) {
        err = check_base64(token, hdr_chars);
        if (err == EJWT_OK) {
            err = check_base64(token + dot2 + 1u, sig_chars);
        }
        if (err != EJWT_OK) {
            return err;
        }
        if (hdr_max > EJWT_MAX_HEADER_LEN) {
            return EJWT_ERR_HEADER_TOO_LONG;
        }
        if (sig_chars > EJWT_B64URL_ENCODED_LEN(sizeof(out->sig))) {
            return EJWT_ERR_SIGNATURE_LENGTH;
        }
        if (work_needed != NULL) {
            *work_needed = hdr_max + pay_max;
        }
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_b64url_decode(token, hdr_chars, work, hdr_max, &n);
    if (err != EJWT_OK) {
        return err;
    }
    out->header = (const char *)work;
    out->header_len = n;
    err = ejwt_b64url_decode(token + dot2 + 1u, sig_chars, out->sig, sizeof(out->sig), &n);
    if (err != EJWT_OK) {
        return err;
    }
    out->sig_len = n;
    if (work_needed != NULL) {
        *work_needed = hdr_max + pay_max;
    }
    err = ejwt_b64url_decode(token + dot1 + 1u, pay_chars, work + out->header_len,
                             work_cap - out->header_len, &n);
    if (err != EJWT_OK) {
        return err;
    }
    out->payload = work + out->header_len;
    out->payload_len = n;
    return EJWT_OK;
}

static int parse_header(ejwt_jws *out)
{
    ejwt_json hdr;
    int err;

    err = ejwt_json_parse(out->header, out->header_len, out->header_tok, EJWT_MAX_HEADER_TOKENS,
                          &hdr);
    if (err != EJWT_OK) {
        return err;
    }
    if (ejwt_json_type(&hdr, 0) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_JSON_NOT_OBJECT;
    }
    out->header_count = hdr.count;
    err = header_alg(&hdr, &out->alg);
    if (err == EJWT_OK) {
        err = check_header_types(&hdr);
    }
    if (err == EJWT_OK) {
        err = check_crit_shape(&hdr);
    }
    return err;
}

int ejwt_jws_parse(const char *token, size_t token_len, uint8_t *work, size_t work_cap,
                   size_t *work_needed, ejwt_jws *out)
{
    size_t dot1 = 0, dot2 = 0;
    int err;

    EJWT_REQUIRE(work != NULL || work_cap == 0u);
    if (work_needed != NULL) {
        *work_needed = 0;
    }
    /* Every failure below leaves through the one wipe at the end, so a
     * caller that reuses the work buffer never finds an earlier token's
     * decoded claims in it. */
    if (out == NULL || (token == NULL && token_len != 0u)) {
        EJWT_ASSERT(out != NULL && (token != NULL || token_len == 0u));
        err = EJWT_ERR_INVALID_ARG;
    } else if (token_len > EJWT_MAX_TOKEN_LEN) {
        err = EJWT_ERR_TOKEN_TOO_LONG;
    } else if (token_len == 0u) {
        err = EJWT_ERR_SEGMENTS; /* also keeps a NULL token away from memchr */
    } else {
        memset(out, 0, sizeof(*out));
        err = split_segments(token, token_len, &dot1, &dot2);
    }
    if (err == EJWT_OK) {
        err = decode_segments(token, token_len, dot1, dot2, work, work_cap, work_needed, out);
    }
    if (err == EJWT_OK) {
        err = parse_header(out);
    }
    if (err != EJWT_OK) {
        ejwt_wipe(work, work_cap);
        if (out != NULL) {
            memset(out, 0, sizeof(*out));
        }
        if (work_needed != NULL && err != EJWT_ERR_BUFFER_TOO_SMALL) {
            *work_needed = 0;
        }
        return err;
    }
    out->token = token;
    out->signing_input_len = dot2;
    return EJWT_OK;
}

int ejwt_jws_kid(const ejwt_jws *jws, char *buf, size_t cap, size_t *out_len)
{
    ejwt_json hdr;
    int idx;

    EJWT_REQUIRE(jws != NULL && out_len != NULL && (buf != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        buf[0] = '\0';
    }
    hdr = ejwt_jws_header(jws);
    if (hdr.count == 0) {
        return EJWT_ERR_INVALID_ARG;
    }
    idx = ejwt_json_find(&hdr, 0, "kid");
    if (idx < 0) {
        return idx;
    }
    return ejwt_json_string_copy(&hdr, idx, buf, cap, out_len);
}

/* The caller's list of understood `crit` names ends with NULL within
 * EJWT_MAX_CRIT_NAMES entries (a longer list is a caller bug). */
static int crit_list_bounded(const char *const *understood)
{
    size_t k;

    for (k = 0; understood != NULL && k <= EJWT_MAX_CRIT_NAMES; k++) {
        if (understood[k] == NULL) {
            return 1;
        }
    }
    return understood == NULL;
}

/* Every name in `crit` must be one the caller declared it handles. */
static int check_crit_understood(const ejwt_json *hdr, const char *const *understood)
{
    int crit = ejwt_json_find(hdr, 0, "crit");
    int i;

    if (crit < 0) {
        return EJWT_OK; /* absent; its shape was checked at parse */
    }
    for (i = crit + 1; i <= crit + hdr->tok[crit].size; i++) {
        size_t k;
        int found = 0;
        for (k = 0; understood != NULL && understood[k] != NULL; k++) {
            if (ejwt_json_string_equals(hdr, i, understood[k], strlen(understood[k])) == 1) {
                found = 1;
            }
        }
        if (!found) {
            return EJWT_ERR_CRIT_UNSUPPORTED;
        }
    }
    return EJWT_OK;
}

static int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int ascii_case_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i;

    if (a_len != b_len) {
        return 0;
    }
    for (i = 0; i < a_len; i++) {
        if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i])) {
            return 0;
        }
    }
    return 1;
}

/* A media type without "application/": RFC 7515 section 4.1.9 says a typ
 * with no '/' means "application/" + typ, so strip the prefix when what
 * follows has no other '/', and compare the rest case-insensitively. */
static void strip_application(const char **s, size_t *len)
{
    if (*len > APPLICATION_PREFIX_LEN &&
        ascii_case_equal(*s, APPLICATION_PREFIX_LEN, APPLICATION_PREFIX, APPLICATION_PREFIX_LEN) &&
        memchr(*s + APPLICATION_PREFIX_LEN, '/', *len - APPLICATION_PREFIX_LEN) == NULL) {
        *s += APPLICATION_PREFIX_LEN;
        *len -= APPLICATION_PREFIX_LEN;
    }
}

static int check_typ(const ejwt_json *hdr, const char *expected)
{
    char typ[TYP_MAX_LEN + 1u];
    size_t len = 0, exp_len = strlen(expected);
    const char *t = typ;
    int idx = ejwt_json_find(hdr, 0, "typ");

    if (idx < 0 || ejwt_json_string_copy(hdr, idx, typ, sizeof(typ), &len) != EJWT_OK) {
        return EJWT_ERR_TYP_MISMATCH;
    }
    strip_application(&t, &len);
    strip_application(&expected, &exp_len);
    return ascii_case_equal(t, len, expected, exp_len) ? EJWT_OK : EJWT_ERR_TYP_MISMATCH;
}

/* The key for this token: by exact `kid` when the token has one, else the
 * only key given. Never more than one candidate, never a guess. */
static const ejwt_key *choose_key(const ejwt_json *hdr, const ejwt_key *keys, size_t nkeys)
{
    int kid = ejwt_json_find(hdr, 0, "kid");
    const ejwt_key *found = NULL;
    size_t i, with_kid = 0;

    if (kid < 0) {
        return nkeys == 1u ? &keys[0] : NULL;
    }
    for (i = 0; i < nkeys; i++) {
        if (keys[i].kid_len == 0u) {
            continue;
        }
        with_kid++;
        if (ejwt_json_string_equals(hdr, kid, keys[i].kid, keys[i].kid_len) == 1) {
            if (found != NULL) {
                return NULL; /* two keys share the kid: ambiguous */
            }
            found = &keys[i];
        }
    }
    if (found == NULL && with_kid == 0u && nkeys == 1u) {
        return &keys[0];
    }
    return found;
}

int ejwt_jws_verify(const ejwt_jws *jws, const ejwt_key *keys, size_t nkeys,
                    const ejwt_verify_opts *opts)
{
    ejwt_json hdr;
    const ejwt_key *key;
    int err;

    EJWT_REQUIRE(jws != NULL && opts != NULL && (keys != NULL || nkeys == 0u));
    hdr = ejwt_jws_header(jws);
    if (hdr.count == 0 || jws->token == NULL) {
        return EJWT_ERR_INVALID_ARG; /* not a parsed token */
    }
    EJWT_REQUIRE(crit_list_bounded(opts->crit));
    if ((opts->algs & EJWT_ALG_BIT(jws->alg)) == 0u) {
        return EJWT_ERR_ALG_NOT_ALLOWED;
    }
    err = check_crit_understood(&hdr, opts->crit);
    if (err == EJWT_OK && opts->typ != NULL) {
        err = check_typ(&hdr, opts->typ);
    }
    if (err != EJWT_OK) {
        return err;
    }
    key = choose_key(&hdr, keys, nkeys);
    if (key == NULL) {
        return EJWT_ERR_KEY_NOT_FOUND;
    }
    if ((key->ops & EJWT_KEY_OP_VERIFY) == 0u) {
        return EJWT_ERR_KEY_USAGE; /* e.g. a JWK Set entry for encryption */
    }
    if (key->alg != jws->alg) {
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    return ejwt_signature_verify(key, jws->alg, (const uint8_t *)jws->token, jws->signing_input_len,
                                 jws->sig, jws->sig_len);
}
