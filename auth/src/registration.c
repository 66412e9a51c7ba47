/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dynamic client registration (RFC 7591): the request body written into the
 * caller's buffer (the JWK exported in place), the response parsed into a
 * fixed struct, and its storage record.
 */
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/registration.h"
#include "ejwt/auth/retry.h"
#include "ejwt/json.h"
#include "ejwt/jwk.h"
#include "ejwt_common.h"
#include "metadata_internal.h"
#include "oauth_internal.h"

#define HTTP_OK 200
#define HTTP_CREATED 201
#define HTTP_SUCCESS_MAX 299

#define RECORD_MAGIC0 'E'
#define RECORD_MAGIC1 'R'
#define RECORD_MAGIC2 'G'
#define RECORD_VERSION 1u
#define RECORD_HEADER 4u

#define GRANTS_KNOWN                                                                               \
    (EJWT_GRANT_CLIENT_CREDENTIALS | EJWT_GRANT_REFRESH_TOKEN | EJWT_GRANT_DEVICE_CODE)

/* The smaller of the registration's and the assertion's client id bounds. */
#define CLIENT_ID_MAX                                                                              \
    (EJWT_REGISTRATION_MAX_CLIENT_ID < EJWT_ASSERTION_MAX_CLIENT_ID                                \
         ? EJWT_REGISTRATION_MAX_CLIENT_ID                                                         \
         : EJWT_ASSERTION_MAX_CLIENT_ID)

/* A JSON text being written; past the capacity only the length counts. */
typedef struct jw {
    char *out;
    size_t cap, len;
} jw;

static void jw_raw(jw *w, const char *s, size_t n)
{
    if (w->len + n < w->cap) {
        memcpy(w->out + w->len, s, n);
    }
    w->len += n;
}

static void jw_lit(jw *w, const char *s)
{
    jw_raw(w, s, strlen(s));
}

/* A JSON string of printable ASCII: '"' and '\\' escaped. */
static void jw_str(jw *w, const char *s)
{
    size_t i, n = strlen(s);

    jw_raw(w, "\"", 1u);
    for (i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\') {
            jw_raw(w, "\\", 1u);
        }
        jw_raw(w, s + i, 1u);
    }
    jw_raw(w, "\"", 1u);
}

static int printable(const char *s, size_t max)
{
    size_t n = strlen(s), i;

    if (n == 0u || n > max) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] > 0x7E) {
            return 0;
        }
    }
    return 1;
}

/* RFC 6749 section 3.3 scope tokens separated by single spaces. */
static int scope_ok(const char *s)
{
    size_t i, n = strlen(s);
    int in_token = 0;

    if (n == 0u || n > EJWT_REGISTRATION_MAX_FIELD) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ') {
            if (!in_token) {
                return 0;
            }
            in_token = 0;
        } else if (c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)) {
            in_token = 1;
        } else {
            return 0;
        }
    }
    return in_token;
}

static int check_params(const ejwt_registration_params *p)
{
    size_t i;

    if ((p->grant_types & ~(unsigned)GRANTS_KNOWN) != 0u ||
        p->redirect_uri_count > EJWT_REGISTRATION_MAX_REDIRECT_URIS ||
        (p->redirect_uri_count > 0u && p->redirect_uris == NULL)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (p->client_name != NULL && !printable(p->client_name, EJWT_REGISTRATION_MAX_FIELD)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (p->scope != NULL && !scope_ok(p->scope)) {
        return EJWT_ERR_INVALID_ARG;
    }
    for (i = 0; i < p->redirect_uri_count; i++) {
        const char *u = p->redirect_uris[i];
        int err;
        if (u == NULL) {
            return EJWT_ERR_INVALID_ARG;
        }
        err = ejwt_url_check(u, strlen(u), 0, p->flags);
        if (err != EJWT_OK) {
            return EJWT_ERR_INSECURE_URL;
        }
    }
    return EJWT_OK;
}

int ejwt_registration_request_body(const ejwt_key *key, const ejwt_registration_params *p,
                                   char *out, size_t cap, size_t *out_len)
{
    unsigned grants;
    size_t jwk_len = 0;
    int first = 1, err;
    jw w;

    EJWT_REQUIRE(out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    EJWT_REQUIRE(key != NULL && p != NULL);
    err = check_params(p);
    if (err != EJWT_OK) {
        return err;
    }
    err = ejwt_jwk_export_public(key, NULL, 0, &jwk_len);
    if (err != EJWT_ERR_BUFFER_TOO_SMALL) {
        return err == EJWT_OK ? EJWT_ERR_CRYPTO : err;
    }
    jwk_len--; /* the size query counts the terminator */
    grants = p->grant_types != 0u ? p->grant_types : EJWT_GRANT_CLIENT_CREDENTIALS;

    w.out = out;
    w.cap = cap;
    w.len = 0;
    jw_lit(&w, "{\"token_endpoint_auth_method\":\"private_key_jwt\","
               "\"token_endpoint_auth_signing_alg\":\"ES256\",");
    if (p->flags & EJWT_REGISTRATION_GLEWLWYD) {
        jw_lit(&w, "\"token_endpoint_signing_alg\":\"ES256\",");
    }
    jw_lit(&w, "\"grant_types\":[");
    if (grants & EJWT_GRANT_CLIENT_CREDENTIALS) {
        jw_lit(&w, "\"client_credentials\"");
        first = 0;
    }
    if (grants & EJWT_GRANT_REFRESH_TOKEN) {
        jw_lit(&w, first ? "\"refresh_token\"" : ",\"refresh_token\"");
        first = 0;
    }
    if (grants & EJWT_GRANT_DEVICE_CODE) {
        jw_lit(&w, first ? "" : ",");
        jw_str(&w, (p->flags & EJWT_REGISTRATION_GLEWLWYD) ? "device_authorization"
                                                           : EJWT_GRANT_TYPE_DEVICE_CODE);
    }
    jw_lit(&w, "],\"jwks\":{\"keys\":[");
    if (w.len + jwk_len < w.cap) {
        size_t n = 0;
        err = ejwt_jwk_export_public(key, out + w.len, cap - w.len, &n);
        if (err != EJWT_OK || n != jwk_len) {
            ejwt_wipe(out, cap);
            return err != EJWT_OK ? err : EJWT_ERR_CRYPTO;
        }
    }
    w.len += jwk_len;
    jw_lit(&w, "]}");
    if (p->client_name != NULL) {
        jw_lit(&w, ",\"client_name\":");
        jw_str(&w, p->client_name);
    }
    if (p->redirect_uri_count > 0u) {
        size_t i;
        jw_lit(&w, ",\"redirect_uris\":[");
        for (i = 0; i < p->redirect_uri_count; i++) {
            if (i > 0u) {
                jw_lit(&w, ",");
            }
            jw_str(&w, p->redirect_uris[i]);
        }
        jw_lit(&w, "]");
    }
    if (p->scope != NULL) {
        jw_lit(&w, ",\"scope\":");
        jw_str(&w, p->scope);
    }
    jw_lit(&w, "}");
    if (w.len >= cap) {
        ejwt_wipe(out, cap);
        if (cap > 0u) {
            out[0] = '\0';
        }
        *out_len = w.len + 1u;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    out[w.len] = '\0';
    *out_len = w.len;
    return EJWT_OK;
}

int ejwt_registration_bearer(const char *token, size_t len, char *out, size_t cap, size_t *out_len)
{
    static const char prefix[] = "Bearer ";
    const size_t plen = sizeof(prefix) - 1u;

    EJWT_REQUIRE(token != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    if (!ejwt_oauth_is_b64token(token, len)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (cap < plen + len + 1u) {
        *out_len = plen + len + 1u;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, prefix, plen);
    memcpy(out + plen, token, len);
    out[plen + len] = '\0';
    *out_len = plen + len;
    return EJWT_OK;
}

/* A non-negative JSON integer (digits only) member, or -1 when absent. */
static int read_time(const ejwt_json *doc, const char *name, int64_t *out)
{
    int idx = ejwt_json_find(doc, 0, name);

    *out = -1;
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (ejwt_oauth_json_digits(doc, idx, out) != EJWT_OK) {
        *out = -1;
        return EJWT_ERR_METADATA_INVALID;
    }
    return EJWT_OK;
}

/* Copy string member \p name; its grammar is checked by the caller. */
static int read_string(const ejwt_json *doc, const char *name, int required, char *dst, size_t cap,
                       size_t *n)
{
    int idx = ejwt_json_find(doc, 0, name);

    *n = 0;
    dst[0] = '\0';
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return required ? EJWT_ERR_METADATA_INVALID : EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING ||
        ejwt_json_string_copy(doc, idx, dst, cap, n) != EJWT_OK) {
        dst[0] = '\0';
        *n = 0;
        return EJWT_ERR_METADATA_INVALID;
    }
    return EJWT_OK;
}

static int read_grants(const ejwt_json *doc, uint8_t *bits)
{
    /* Glewlwyd 2.7.5 names the device grant "device_authorization". */
    static const ejwt_md_name_bit names[] = {
        {"client_credentials", EJWT_GRANT_CLIENT_CREDENTIALS},
        {"refresh_token", EJWT_GRANT_REFRESH_TOKEN},
        {EJWT_GRANT_TYPE_DEVICE_CODE, EJWT_GRANT_DEVICE_CODE},
        {"device_authorization", EJWT_GRANT_DEVICE_CODE},
    };

    return ejwt_md_read_list(doc, "grant_types", names, sizeof(names) / sizeof(names[0]),
                             EJWT_GRANT_OTHER, NULL, bits, NULL);
}

/* The grammar checks shared by the response and the stored record. */
static int check_fields(const ejwt_registration *r, size_t id_len, size_t rat_len, size_t uri_len,
                        unsigned flags)
{
    if (id_len == 0u || id_len > CLIENT_ID_MAX || !printable(r->client_id, CLIENT_ID_MAX)) {
        return EJWT_ERR_METADATA_INVALID;
    }
    if (rat_len > 0u && !ejwt_oauth_is_b64token(r->registration_access_token, rat_len)) {
        return EJWT_ERR_METADATA_INVALID;
    }
    if (uri_len > 0u) {
        int err = ejwt_url_check(r->registration_client_uri, uri_len, 0, flags);
        if (err != EJWT_OK) {
            return err;
        }
    } else if (rat_len > 0u) {
        return EJWT_ERR_METADATA_INVALID; /* RFC 7592 section 3: both or neither */
    }
    if (r->client_id_issued_at < -1 || r->client_secret_expires_at < -1) {
        return EJWT_ERR_METADATA_INVALID;
    }
    return EJWT_OK;
}

static int parse_success(const ejwt_json *doc, unsigned flags, ejwt_registration *out)
{
    size_t id_len = 0, rat_len = 0, uri_len = 0;
    int idx, err;

    err = read_string(doc, "client_id", 1, out->client_id, sizeof(out->client_id), &id_len);
    if (err == EJWT_OK) {
        err = read_string(doc, "registration_access_token", 0, out->registration_access_token,
                          sizeof(out->registration_access_token), &rat_len);
    }
    if (err == EJWT_OK) {
        err = read_string(doc, "registration_client_uri", 0, out->registration_client_uri,
                          sizeof(out->registration_client_uri), &uri_len);
    }
    if (err == EJWT_OK) {
        err = read_time(doc, "client_id_issued_at", &out->client_id_issued_at);
    }
    if (err == EJWT_OK) {
        err = read_time(doc, "client_secret_expires_at", &out->client_secret_expires_at);
    }
    if (err == EJWT_OK) {
        err = read_grants(doc, &out->grant_types);
    }
    if (err != EJWT_OK) {
        return err;
    }
    /* strings with a NUL inside are cut short by strlen: refuse them */
    if (strlen(out->client_id) != id_len || strlen(out->registration_access_token) != rat_len ||
        strlen(out->registration_client_uri) != uri_len) {
        return EJWT_ERR_METADATA_INVALID;
    }
    err = check_fields(out, id_len, rat_len, uri_len, flags);
    if (err != EJWT_OK) {
        return err;
    }
    idx = ejwt_json_find(doc, 0, "token_endpoint_auth_method");
    if (idx != EJWT_ERR_JSON_NOT_FOUND) {
        if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
            return EJWT_ERR_METADATA_INVALID;
        }
        if (ejwt_json_string_equals(doc, idx, "private_key_jwt", 15u) != 1) {
            return EJWT_ERR_SERVER_UNSUPPORTED;
        }
    }
    return EJWT_OK;
}

static void clear(ejwt_registration *out)
{
    ejwt_wipe(out, sizeof(*out));
    out->client_id_issued_at = -1;
    out->client_secret_expires_at = -1;
}

int ejwt_registration_parse_response(int status, const char *body, size_t len, unsigned flags,
                                     ejwt_registration *out)
{
    jsmntok_t tok[EJWT_REGISTRATION_MAX_TOKENS];
    ejwt_json doc;
    int err;

    EJWT_REQUIRE(out != NULL);
    clear(out);
    EJWT_REQUIRE(body != NULL || len == 0u);
    if (status < HTTP_OK || status > HTTP_SUCCESS_MAX) {
        ejwt_outcome o;
        err = ejwt_classify_response(EJWT_REQ_REGISTRATION, status, body, len, &o);
        return err != EJWT_OK ? err : o.err;
    }
    if (status != HTTP_CREATED && !(status == HTTP_OK && (flags & EJWT_REGISTRATION_ACCEPT_200))) {
        return EJWT_ERR_METADATA_INVALID;
    }
    err = ejwt_json_parse(body, len, tok, EJWT_REGISTRATION_MAX_TOKENS, &doc);
    if (err == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = parse_success(&doc, flags, out);
    }
    if (err != EJWT_OK) {
        clear(out);
    }
    return err;
}

/* Bounded strlen of a fixed field; cap + 1 when unterminated. */
static size_t field_len(const char *s, size_t cap)
{
    size_t n = 0;

    while (n < cap && s[n] != '\0') {
        n++;
    }
    return n;
}

static void put_field(uint8_t *p, size_t *at, const char *s, size_t n)
{
    ejwt_put_be16(p + *at, (uint16_t)n);
    memcpy(p + *at + 2u, s, n);
    *at += 2u + n;
}

int ejwt_registration_encode(const ejwt_registration *reg, uint8_t *out, size_t cap,
                             size_t *out_len)
{
    size_t id, rat, uri, need, at = RECORD_HEADER;

    EJWT_REQUIRE(reg != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    id = field_len(reg->client_id, sizeof(reg->client_id));
    rat = field_len(reg->registration_access_token, sizeof(reg->registration_access_token));
    uri = field_len(reg->registration_client_uri, sizeof(reg->registration_client_uri));
    if (id == 0u || id == sizeof(reg->client_id) || rat == sizeof(reg->registration_access_token) ||
        uri == sizeof(reg->registration_client_uri)) {
        return EJWT_ERR_INVALID_ARG;
    }
    need = RECORD_HEADER + 6u + id + rat + uri + 16u + 1u;
    if (cap < need) {
        ejwt_wipe(out, cap);
        *out_len = need;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    out[0] = RECORD_MAGIC0;
    out[1] = RECORD_MAGIC1;
    out[2] = RECORD_MAGIC2;
    out[3] = RECORD_VERSION;
    put_field(out, &at, reg->client_id, id);
    put_field(out, &at, reg->registration_access_token, rat);
    put_field(out, &at, reg->registration_client_uri, uri);
    ejwt_put_be64(out + at, (uint64_t)reg->client_id_issued_at);
    ejwt_put_be64(out + at + 8u, (uint64_t)reg->client_secret_expires_at);
    out[at + 16u] = reg->grant_types;
    *out_len = need;
    return EJWT_OK;
}

static int get_field(const uint8_t *in, size_t len, size_t *at, char *dst, size_t cap, size_t *n)
{
    size_t k;

    if (len - *at < 2u) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    k = ejwt_get_be16(in + *at);
    if (k >= cap || len - *at - 2u < k) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    memcpy(dst, in + *at + 2u, k);
    dst[k] = '\0';
    *n = k;
    *at += 2u + k;
    return EJWT_OK;
}

int ejwt_registration_decode(const uint8_t *in, size_t len, unsigned flags, ejwt_registration *out)
{
    size_t at = RECORD_HEADER, id = 0, rat = 0, uri = 0;
    int err;

    EJWT_REQUIRE(out != NULL);
    clear(out);
    EJWT_REQUIRE(in != NULL || len == 0u);
    if (len < RECORD_HEADER || in[0] != RECORD_MAGIC0 || in[1] != RECORD_MAGIC1 ||
        in[2] != RECORD_MAGIC2 || in[3] != RECORD_VERSION) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    err = get_field(in, len, &at, out->client_id, sizeof(out->client_id), &id);
    if (err == EJWT_OK) {
        err = get_field(in, len, &at, out->registration_access_token,
                        sizeof(out->registration_access_token), &rat);
    }
    if (err == EJWT_OK) {
        err = get_field(in, len, &at, out->registration_client_uri,
                        sizeof(out->registration_client_uri), &uri);
    }
    if (err == EJWT_OK && len - at != 17u) {
        err = EJWT_ERR_STORAGE_CORRUPT;
    }
    if (err == EJWT_OK) {
        out->client_id_issued_at = (int64_t)ejwt_get_be64(in + at);
        out->client_secret_expires_at = (int64_t)ejwt_get_be64(in + at + 8u);
        out->grant_types = in[at + 16u];
        if (strlen(out->client_id) != id || strlen(out->registration_access_token) != rat ||
            strlen(out->registration_client_uri) != uri ||
            check_fields(out, id, rat, uri, flags) != EJWT_OK) {
            err = EJWT_ERR_STORAGE_CORRUPT;
        }
    }
    if (err != EJWT_OK) {
        clear(out);
    }
    return err;
}
