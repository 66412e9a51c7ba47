/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Authorization server metadata (RFC 8414) and OpenID Connect discovery.
 * Every URL that leaves here has passed ejwt_url_check(); the lists are
 * reduced to bit sets, so nothing of the document is kept but fixed-size
 * strings and bits.
 */
#include <string.h>

#include "ejwt/auth/discovery.h"
#include "ejwt_common.h"
#include "metadata_internal.h"

#define HTTPS_PREFIX "https://"
#define HTTP_PREFIX "http://"
#define HTTPS_PREFIX_LEN 8u
#define HTTP_PREFIX_LEN 7u

/* Bits of ejwt_discovery.listed. */
#define LISTED_AUTH_METHODS 0x1u
#define LISTED_SIGNING_ALGS 0x2u
#define LISTED_GRANT_TYPES 0x4u

/* Is the host (without port) a loopback name? */
static int is_loopback_host(const char *h, size_t n)
{
    static const char *const names[] = {"127.0.0.1", "[::1]", "localhost"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t k = strlen(names[i]);
        if (n == k && memcmp(h, names[i], k) == 0) {
            return 1;
        }
    }
    return 0;
}

int ejwt_url_check(const char *url, size_t len, int is_issuer, unsigned flags)
{
    size_t i, start, host_end, port_start;
    int http = 0;

    EJWT_REQUIRE(url != NULL);
    if (len > EJWT_DISCOVERY_MAX_URL) {
        return EJWT_ERR_METADATA_INVALID;
    }
    for (i = 0; i < len; i++) {
        /* printable ASCII without space; a fragment is never allowed */
        if (url[i] <= 0x20 || url[i] > 0x7E || url[i] == '#') {
            return EJWT_ERR_INSECURE_URL;
        }
        if (is_issuer && url[i] == '?') {
            return EJWT_ERR_INSECURE_URL;
        }
    }
    if (len >= HTTPS_PREFIX_LEN && memcmp(url, HTTPS_PREFIX, HTTPS_PREFIX_LEN) == 0) {
        start = HTTPS_PREFIX_LEN;
    } else if (len >= HTTP_PREFIX_LEN && memcmp(url, HTTP_PREFIX, HTTP_PREFIX_LEN) == 0) {
        start = HTTP_PREFIX_LEN;
        http = 1;
    } else {
        return EJWT_ERR_INSECURE_URL;
    }
    /* authority: up to the path, query or end */
    host_end = start;
    while (host_end < len && url[host_end] != '/' && url[host_end] != '?') {
        if (url[host_end] == '@' || url[host_end] == '\\') {
            return EJWT_ERR_INSECURE_URL; /* user information, or a confusable */
        }
        host_end++;
    }
    /* split off a port: after a bracketed IPv6 literal, or the last ':' */
    if (host_end > start && url[start] == '[') {
        size_t k = start;
        while (k < host_end && url[k] != ']') {
            k++;
        }
        if (k == host_end) {
            return EJWT_ERR_INSECURE_URL;
        }
        port_start = k + 1u;
        if (port_start < host_end && url[port_start] != ':') {
            return EJWT_ERR_INSECURE_URL;
        }
    } else {
        size_t k = start;
        while (k < host_end && url[k] != ':') {
            if (url[k] == '[' || url[k] == ']') {
                return EJWT_ERR_INSECURE_URL;
            }
            k++;
        }
        port_start = k;
    }
    if (port_start == start) {
        return EJWT_ERR_INSECURE_URL; /* no host */
    }
    if (port_start < host_end) {
        size_t k = port_start + 1u;
        if (k == host_end || host_end - k > 5u) {
            return EJWT_ERR_INSECURE_URL; /* ":" without a port, or too long */
        }
        for (; k < host_end; k++) {
            if (url[k] < '0' || url[k] > '9') {
                return EJWT_ERR_INSECURE_URL;
            }
        }
    }
    if (http && (!(flags & EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP) ||
                 !is_loopback_host(url + start, port_start - start))) {
        return EJWT_ERR_INSECURE_URL;
    }
    return EJWT_OK;
}

int ejwt_discovery_url(const char *issuer, size_t issuer_len, ejwt_discovery_kind kind,
                       unsigned flags, char *out, size_t cap, size_t *out_len)
{
    const char *suffix;
    size_t suffix_len, host_end, need, n = issuer_len;
    int err;

    EJWT_REQUIRE(issuer != NULL && out_len != NULL && (out != NULL || cap == 0u));
    EJWT_REQUIRE(kind == EJWT_DISCOVERY_OAUTH || kind == EJWT_DISCOVERY_OIDC);
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    err = ejwt_url_check(issuer, issuer_len, 1, flags);
    if (err != EJWT_OK) {
        return EJWT_ERR_INSECURE_URL;
    }
    host_end = (issuer[4] == 's') ? HTTPS_PREFIX_LEN : HTTP_PREFIX_LEN;
    while (host_end < n && issuer[host_end] != '/') {
        host_end++;
    }
    if (n > host_end && issuer[n - 1u] == '/') {
        n--; /* the terminating "/" (of "https://h/" too) */
    }
    if (kind == EJWT_DISCOVERY_OAUTH) {
        suffix = EJWT_WELL_KNOWN_OAUTH;
        suffix_len = sizeof(EJWT_WELL_KNOWN_OAUTH) - 1u;
    } else {
        suffix = EJWT_WELL_KNOWN_OIDC;
        suffix_len = sizeof(EJWT_WELL_KNOWN_OIDC) - 1u;
    }
    need = n + suffix_len;
    if (cap < need + 1u) {
        *out_len = need + 1u;
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    if (kind == EJWT_DISCOVERY_OAUTH) {
        size_t path = n > host_end ? n - host_end : 0u;
        memcpy(out, issuer, host_end);
        memcpy(out + host_end, suffix, suffix_len);
        memcpy(out + host_end + suffix_len, issuer + host_end, path);
    } else {
        memcpy(out, issuer, n);
        memcpy(out + n, suffix, suffix_len);
    }
    out[need] = '\0';
    *out_len = need;
    return EJWT_OK;
}

int ejwt_md_copy_url(const ejwt_json *doc, const char *name, int required, unsigned flags,
                     char *dst, size_t dst_cap)
{
    int idx = ejwt_json_find(doc, 0, name);
    size_t n = 0;
    int err;

    dst[0] = '\0';
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return required ? EJWT_ERR_METADATA_INVALID : EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_METADATA_INVALID;
    }
    err = ejwt_json_string_copy(doc, idx, dst, dst_cap, &n);
    if (err != EJWT_OK) {
        dst[0] = '\0';
        /* too long, or a NUL: never a usable URL */
        return err == EJWT_ERR_BUFFER_TOO_SMALL ? EJWT_ERR_METADATA_INVALID : EJWT_ERR_INSECURE_URL;
    }
    err = ejwt_url_check(dst, n, 0, flags);
    if (err != EJWT_OK) {
        dst[0] = '\0';
    }
    return err;
}

/* A name and its bit. */
static const ejwt_md_name_bit auth_method_names[] = {
    {"client_secret_basic", EJWT_AUTH_METHOD_CLIENT_SECRET_BASIC},
    {"client_secret_post", EJWT_AUTH_METHOD_CLIENT_SECRET_POST},
    {"client_secret_jwt", EJWT_AUTH_METHOD_CLIENT_SECRET_JWT},
    {"private_key_jwt", EJWT_AUTH_METHOD_PRIVATE_KEY_JWT},
    {"none", EJWT_AUTH_METHOD_NONE},
    {"tls_client_auth", EJWT_AUTH_METHOD_TLS_CLIENT_AUTH},
};

static const ejwt_md_name_bit alg_names[] = {
    {"ES256", EJWT_SIGNING_ALG_ES256}, {"RS256", EJWT_SIGNING_ALG_RS256},
    {"PS256", EJWT_SIGNING_ALG_PS256}, {"EdDSA", EJWT_SIGNING_ALG_EDDSA},
    {"HS256", EJWT_SIGNING_ALG_HS256},
};

static const ejwt_md_name_bit grant_names[] = {
    {"authorization_code", EJWT_GRANT_AUTHORIZATION_CODE},
    {"implicit", EJWT_GRANT_IMPLICIT},
    {"client_credentials", EJWT_GRANT_CLIENT_CREDENTIALS},
    {"refresh_token", EJWT_GRANT_REFRESH_TOKEN},
    {EJWT_GRANT_TYPE_DEVICE_CODE, EJWT_GRANT_DEVICE_CODE},
    {"urn:ietf:params:oauth:grant-type:jwt-bearer", EJWT_GRANT_JWT_BEARER},
};

int ejwt_md_read_list(const ejwt_json *doc, const char *name, const ejwt_md_name_bit *table,
                      size_t n, uint8_t other, const char *refuse, uint8_t *bits, int *present)
{
    int idx = ejwt_json_find(doc, 0, name);
    int i, end;

    *bits = 0;
    if (present != NULL) {
        *present = 0;
    }
    if (idx == EJWT_ERR_JSON_NOT_FOUND) {
        return EJWT_OK;
    }
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_ARRAY) {
        return EJWT_ERR_METADATA_INVALID;
    }
    if (present != NULL) {
        *present = 1;
    }
    end = ejwt_json_skip(doc, idx);
    for (i = idx + 1; i < end; i = ejwt_json_skip(doc, i)) {
        size_t k;
        uint8_t bit = other;
        if (ejwt_json_type(doc, i) != EJWT_JSON_STRING) {
            return EJWT_ERR_METADATA_INVALID;
        }
        if (refuse != NULL && ejwt_json_string_equals(doc, i, refuse, strlen(refuse)) == 1) {
            return EJWT_ERR_METADATA_INVALID;
        }
        for (k = 0; k < n; k++) {
            if (ejwt_json_string_equals(doc, i, table[k].name, strlen(table[k].name)) == 1) {
                bit = table[k].bit;
                break;
            }
        }
        *bits = (uint8_t)(*bits | bit);
    }
    return EJWT_OK;
}

static int parse_doc(const ejwt_json *doc, const char *issuer, size_t issuer_len, unsigned flags,
                     ejwt_discovery *out)
{
    int idx, present = 0, err;

    /* the issuer first: a document for another issuer says nothing more */
    idx = ejwt_json_find(doc, 0, "issuer");
    if (idx < 0 || ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_METADATA_INVALID;
    }
    if (ejwt_json_string_equals(doc, idx, issuer, issuer_len) != 1) {
        return EJWT_ERR_METADATA_ISSUER;
    }
    if (issuer_len > EJWT_DISCOVERY_MAX_URL) {
        return EJWT_ERR_METADATA_INVALID;
    }
    err = ejwt_url_check(issuer, issuer_len, 1, flags);
    if (err != EJWT_OK) {
        return err;
    }
    memcpy(out->issuer, issuer, issuer_len);
    out->issuer[issuer_len] = '\0';

    err = ejwt_md_copy_url(doc, "token_endpoint", 1, flags, out->token_endpoint,
                           sizeof(out->token_endpoint));
    if (err == EJWT_OK) {
        err = ejwt_md_copy_url(doc, "jwks_uri", 0, flags, out->jwks_uri, sizeof(out->jwks_uri));
    }
    if (err == EJWT_OK) {
        err = ejwt_md_copy_url(doc, "device_authorization_endpoint", 0, flags,
                               out->device_authorization_endpoint,
                               sizeof(out->device_authorization_endpoint));
    }
    if (err == EJWT_OK) {
        err = ejwt_md_copy_url(doc, "registration_endpoint", 0, flags, out->registration_endpoint,
                               sizeof(out->registration_endpoint));
    }
    if (err == EJWT_OK) {
        err = ejwt_md_copy_url(doc, "revocation_endpoint", 0, flags, out->revocation_endpoint,
                               sizeof(out->revocation_endpoint));
    }
    if (err != EJWT_OK) {
        return err;
    }

    err = ejwt_md_read_list(doc, "token_endpoint_auth_methods_supported", auth_method_names,
                            sizeof(auth_method_names) / sizeof(auth_method_names[0]),
                            EJWT_AUTH_METHOD_OTHER, NULL, &out->auth_methods, &present);
    if (err != EJWT_OK) {
        return err;
    }
    if (present) {
        out->listed |= LISTED_AUTH_METHODS;
    } else {
        out->auth_methods = EJWT_AUTH_METHOD_CLIENT_SECRET_BASIC; /* RFC 8414 default */
    }
    err = ejwt_md_read_list(doc, "token_endpoint_auth_signing_alg_values_supported", alg_names,
                            sizeof(alg_names) / sizeof(alg_names[0]), EJWT_SIGNING_ALG_OTHER,
                            "none", &out->auth_signing_algs, &present);
    if (err != EJWT_OK) {
        return err;
    }
    if (present) {
        out->listed |= LISTED_SIGNING_ALGS;
    } else if (out->auth_methods &
               (EJWT_AUTH_METHOD_PRIVATE_KEY_JWT | EJWT_AUTH_METHOD_CLIENT_SECRET_JWT)) {
        return EJWT_ERR_METADATA_INVALID; /* RFC 8414 section 2: MUST be present */
    }
    err = ejwt_md_read_list(doc, "grant_types_supported", grant_names,
                            sizeof(grant_names) / sizeof(grant_names[0]), EJWT_GRANT_OTHER, NULL,
                            &out->grant_types, &present);
    if (err != EJWT_OK) {
        return err;
    }
    if (present) {
        out->listed |= LISTED_GRANT_TYPES;
    } else {
        out->grant_types = EJWT_GRANT_AUTHORIZATION_CODE | EJWT_GRANT_IMPLICIT;
    }
    return EJWT_OK;
}

int ejwt_discovery_parse(const char *doc, size_t len, const char *issuer, size_t issuer_len,
                         unsigned flags, jsmntok_t *tok, int tok_cap, ejwt_discovery *out)
{
    ejwt_json j;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    EJWT_REQUIRE((doc != NULL || len == 0u) && issuer != NULL && tok != NULL && tok_cap > 0);
    err = ejwt_json_parse(doc, len, tok, tok_cap, &j);
    if (err == EJWT_OK && ejwt_json_type(&j, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = parse_doc(&j, issuer, issuer_len, flags, out);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}

int ejwt_discovery_check(const ejwt_discovery *md, unsigned needs)
{
    EJWT_REQUIRE(md != NULL);
    if ((needs & EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256) &&
        (!(md->auth_methods & EJWT_AUTH_METHOD_PRIVATE_KEY_JWT) ||
         !(md->auth_signing_algs & EJWT_SIGNING_ALG_ES256))) {
        return EJWT_ERR_SERVER_UNSUPPORTED;
    }
    if ((needs & EJWT_DISCOVERY_NEED_DEVICE_GRANT) &&
        (md->device_authorization_endpoint[0] == '\0' ||
         ((md->listed & LISTED_GRANT_TYPES) && !(md->grant_types & EJWT_GRANT_DEVICE_CODE)))) {
        return EJWT_ERR_SERVER_UNSUPPORTED;
    }
    if ((needs & EJWT_DISCOVERY_NEED_REGISTRATION) && md->registration_endpoint[0] == '\0') {
        return EJWT_ERR_SERVER_UNSUPPORTED;
    }
    if ((needs & EJWT_DISCOVERY_NEED_REVOCATION) && md->revocation_endpoint[0] == '\0') {
        return EJWT_ERR_SERVER_UNSUPPORTED;
    }
    return EJWT_OK;
}
