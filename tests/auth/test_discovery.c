/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Server metadata (RFC 8414, OpenID Connect discovery): the well-known URL
 * construction, the URL rules, Glewlwyd's real document shape and RFC 8414's
 * example, and hostile variants (issuer mismatch, http endpoints, over-long
 * values, wrong types, duplicates, missing members). Portable: runs on the
 * boards too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/auth/discovery.h>

#include "server_docs.h"

static jsmntok_t tok[EJWT_DISCOVERY_TOKENS];
static ejwt_discovery md;
static char buf[2 * EJWT_DISCOVERY_MAX_URL];
static char doc[4096];

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        if (b[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

typedef struct url_case {
    const char *issuer;
    ejwt_discovery_kind kind;
    const char *want; /* NULL: INSECURE_URL */
} url_case;

static const url_case url_cases[] = {
    /* RFC 8414 section 3.1 */
    {"https://example.com/issuer1", EJWT_DISCOVERY_OAUTH,
     "https://example.com/.well-known/oauth-authorization-server/issuer1"},
    {"https://example.com", EJWT_DISCOVERY_OAUTH,
     "https://example.com/.well-known/oauth-authorization-server"},
    {"https://example.com/", EJWT_DISCOVERY_OAUTH,
     "https://example.com/.well-known/oauth-authorization-server"},
    {"https://example.com/a/b/", EJWT_DISCOVERY_OAUTH,
     "https://example.com/.well-known/oauth-authorization-server/a/b"},
    {"https://example.com:8443/tenant", EJWT_DISCOVERY_OAUTH,
     "https://example.com:8443/.well-known/oauth-authorization-server/tenant"},
    /* OpenID Connect Discovery section 4 */
    {"https://example.com/issuer1", EJWT_DISCOVERY_OIDC,
     "https://example.com/issuer1/.well-known/openid-configuration"},
    {"https://example.com/issuer1/", EJWT_DISCOVERY_OIDC,
     "https://example.com/issuer1/.well-known/openid-configuration"},
    {"https://example.com", EJWT_DISCOVERY_OIDC,
     "https://example.com/.well-known/openid-configuration"},
    {GLEWLWYD_ISSUER, EJWT_DISCOVERY_OIDC,
     "https://127.0.0.1:4593/api/oidc/.well-known/openid-configuration"},
    /* issuers that are refused */
    {"http://example.com", EJWT_DISCOVERY_OIDC, NULL},
    {"http://127.0.0.1:8080/x", EJWT_DISCOVERY_OIDC, NULL}, /* loopback, but no flag */
    {"https://example.com/?q=1", EJWT_DISCOVERY_OAUTH, NULL},
    {"https://example.com/#f", EJWT_DISCOVERY_OAUTH, NULL},
    {"https://user@example.com/", EJWT_DISCOVERY_OAUTH, NULL},
    {"https:///path", EJWT_DISCOVERY_OAUTH, NULL},
    {"https://", EJWT_DISCOVERY_OAUTH, NULL},
    {"HTTPS://example.com", EJWT_DISCOVERY_OAUTH, NULL},
    {"ftp://example.com", EJWT_DISCOVERY_OAUTH, NULL},
    {"https://exa mple.com", EJWT_DISCOVERY_OAUTH, NULL},
    {"", EJWT_DISCOVERY_OAUTH, NULL},
};

static void test_well_known_urls(void **state)
{
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++) {
        const url_case *c = &url_cases[i];
        int err =
            ejwt_discovery_url(c->issuer, strlen(c->issuer), c->kind, 0, buf, sizeof(buf), &n);
        if (c->want == NULL) {
            assert_int_equal(err, EJWT_ERR_INSECURE_URL);
            assert_string_equal(buf, "");
            assert_int_equal(n, 0);
            continue;
        }
        assert_int_equal(err, EJWT_OK);
        assert_string_equal(buf, c->want);
        assert_int_equal(n, strlen(c->want));
        /* size query, one short, exact fit */
        assert_int_equal(ejwt_discovery_url(c->issuer, strlen(c->issuer), c->kind, 0, NULL, 0, &n),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(n, strlen(c->want) + 1u);
        assert_int_equal(
            ejwt_discovery_url(c->issuer, strlen(c->issuer), c->kind, 0, buf, n - 1u, &n),
            EJWT_ERR_BUFFER_TOO_SMALL);
        assert_string_equal(buf, "");
        assert_int_equal(ejwt_discovery_url(c->issuer, strlen(c->issuer), c->kind, 0, buf, n, &n),
                         EJWT_OK);
        assert_string_equal(buf, c->want);
    }
    /* loopback http with the flag */
    assert_int_equal(ejwt_discovery_url("http://127.0.0.1:8080/x", 23, EJWT_DISCOVERY_OIDC,
                                        EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, buf, sizeof(buf), &n),
                     EJWT_OK);
    assert_string_equal(buf, "http://127.0.0.1:8080/x/.well-known/openid-configuration");
}

typedef struct check_case {
    const char *url;
    int issuer;
    unsigned flags;
    int want;
} check_case;

static const check_case check_cases[] = {
    {"https://a", 0, 0, EJWT_OK},
    {"https://a.example:443/p?x=1", 0, 0, EJWT_OK},
    {"https://a.example:443/p?x=1", 1, 0, EJWT_ERR_INSECURE_URL}, /* issuer: no query */
    {"https://[::1]:8443/t", 0, 0, EJWT_OK},
    {"https://[::1/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://[::1]x/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a:/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a:123456/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a:12x/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://:443/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://u:p@a/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a\\@b/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a/t#frag", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a/\x7f", 0, 0, EJWT_ERR_INSECURE_URL},
    {"https://a/\xc3\xa9", 0, 0, EJWT_ERR_INSECURE_URL},
    {"http://a/t", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_ERR_INSECURE_URL},
    {"http://localhost/t", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_OK},
    {"http://localhost/t", 0, 0, EJWT_ERR_INSECURE_URL},
    {"http://[::1]:80/t", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_OK},
    {"http://127.0.0.1:4593", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_OK},
    {"http://127.0.0.10/t", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_ERR_INSECURE_URL},
    {"http://localhost.evil.example/t", 0, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP,
     EJWT_ERR_INSECURE_URL},
};

static void test_url_rules(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(check_cases) / sizeof(check_cases[0]); i++) {
        const check_case *c = &check_cases[i];
        int err = ejwt_url_check(c->url, strlen(c->url), c->issuer, c->flags);
        if (err != c->want) {
            print_message("case %u (%s): %d\n", (unsigned)i, c->url, err);
        }
        assert_int_equal(err, c->want);
    }
    /* the bound: EJWT_DISCOVERY_MAX_URL bytes pass, one more is refused */
    memset(buf, 'a', sizeof(buf));
    memcpy(buf, "https://h/", 10);
    assert_int_equal(ejwt_url_check(buf, EJWT_DISCOVERY_MAX_URL, 0, 0), EJWT_OK);
    assert_int_equal(ejwt_url_check(buf, EJWT_DISCOVERY_MAX_URL + 1u, 0, 0),
                     EJWT_ERR_METADATA_INVALID);
}

static void test_glewlwyd_document(void **state)
{
    static const char d[] = GLEWLWYD_DISCOVERY;

    (void)state;
    assert_int_equal(ejwt_discovery_parse(d, sizeof(d) - 1u, GLEWLWYD_ISSUER,
                                          strlen(GLEWLWYD_ISSUER), 0, tok, EJWT_DISCOVERY_TOKENS,
                                          &md),
                     EJWT_OK);
    assert_string_equal(md.issuer, GLEWLWYD_ISSUER);
    assert_string_equal(md.token_endpoint, GLEWLWYD_ISSUER "/token");
    assert_string_equal(md.jwks_uri, GLEWLWYD_ISSUER "/jwks");
    assert_string_equal(md.device_authorization_endpoint, GLEWLWYD_ISSUER "/device_authorization");
    assert_string_equal(md.registration_endpoint, GLEWLWYD_ISSUER "/register");
    assert_string_equal(md.revocation_endpoint, GLEWLWYD_ISSUER "/revoke");
    assert_int_equal(md.auth_methods,
                     EJWT_AUTH_METHOD_CLIENT_SECRET_BASIC | EJWT_AUTH_METHOD_CLIENT_SECRET_POST |
                         EJWT_AUTH_METHOD_CLIENT_SECRET_JWT | EJWT_AUTH_METHOD_PRIVATE_KEY_JWT);
    assert_int_equal(md.auth_signing_algs, EJWT_SIGNING_ALG_ES256 | EJWT_SIGNING_ALG_RS256 |
                                               EJWT_SIGNING_ALG_PS256 | EJWT_SIGNING_ALG_EDDSA |
                                               EJWT_SIGNING_ALG_HS256 | EJWT_SIGNING_ALG_OTHER);
    /* the quirk: client_credentials and refresh_token are enabled but not listed */
    assert_int_equal(md.grant_types,
                     EJWT_GRANT_AUTHORIZATION_CODE | EJWT_GRANT_IMPLICIT | EJWT_GRANT_DEVICE_CODE);
    assert_int_equal(ejwt_discovery_check(&md, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256 |
                                                   EJWT_DISCOVERY_NEED_DEVICE_GRANT |
                                                   EJWT_DISCOVERY_NEED_REGISTRATION |
                                                   EJWT_DISCOVERY_NEED_REVOCATION),
                     EJWT_OK);
    /* its token count is what EJWT_DISCOVERY_TOKENS documents */
    assert_int_equal(ejwt_discovery_parse(d, sizeof(d) - 1u, GLEWLWYD_ISSUER,
                                          strlen(GLEWLWYD_ISSUER), 0, tok, 137, &md),
                     EJWT_OK);
    assert_int_equal(ejwt_discovery_parse(d, sizeof(d) - 1u, GLEWLWYD_ISSUER,
                                          strlen(GLEWLWYD_ISSUER), 0, tok, 136, &md),
                     EJWT_ERR_JSON_TOO_MANY_TOKENS);
    assert_true(all_zero(&md, sizeof(md)));
    /* fetched for another issuer (the same with a terminating slash) */
    assert_int_equal(ejwt_discovery_parse(d, sizeof(d) - 1u, GLEWLWYD_ISSUER "/",
                                          strlen(GLEWLWYD_ISSUER) + 1u, 0, tok,
                                          EJWT_DISCOVERY_TOKENS, &md),
                     EJWT_ERR_METADATA_ISSUER);
    assert_true(all_zero(&md, sizeof(md)));
}

static void test_rfc8414_example(void **state)
{
    static const char d[] = RFC8414_EXAMPLE;

    (void)state;
    assert_int_equal(ejwt_discovery_parse(d, sizeof(d) - 1u, RFC8414_ISSUER, strlen(RFC8414_ISSUER),
                                          0, tok, EJWT_DISCOVERY_TOKENS, &md),
                     EJWT_OK);
    assert_string_equal(md.issuer, "https://server.example.com");
    assert_string_equal(md.token_endpoint, "https://server.example.com/token");
    assert_string_equal(md.jwks_uri, "https://server.example.com/jwks.json");
    assert_string_equal(md.registration_endpoint, "https://server.example.com/register");
    assert_string_equal(md.device_authorization_endpoint, "");
    assert_string_equal(md.revocation_endpoint, "");
    assert_int_equal(md.auth_methods,
                     EJWT_AUTH_METHOD_CLIENT_SECRET_BASIC | EJWT_AUTH_METHOD_PRIVATE_KEY_JWT);
    assert_int_equal(md.auth_signing_algs, EJWT_SIGNING_ALG_RS256 | EJWT_SIGNING_ALG_ES256);
    /* no grant_types_supported: the RFC 8414 default */
    assert_int_equal(md.grant_types, EJWT_GRANT_AUTHORIZATION_CODE | EJWT_GRANT_IMPLICIT);
    assert_int_equal(ejwt_discovery_check(&md, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256 |
                                                   EJWT_DISCOVERY_NEED_REGISTRATION),
                     EJWT_OK);
    assert_int_equal(ejwt_discovery_check(&md, EJWT_DISCOVERY_NEED_DEVICE_GRANT),
                     EJWT_ERR_SERVER_UNSUPPORTED);
    assert_int_equal(ejwt_discovery_check(&md, EJWT_DISCOVERY_NEED_REVOCATION),
                     EJWT_ERR_SERVER_UNSUPPORTED);
}

#define ISS "https://as.example"
#define BASE "\"issuer\":\"" ISS "\",\"token_endpoint\":\"" ISS "/token\""
#define PKJ                                                                                        \
    "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"                             \
    "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\"]"

typedef struct doc_case {
    const char *doc;
    unsigned flags;
    int want;
    unsigned needs;   /* with want == OK: ejwt_discovery_check() of these... */
    int check_result; /* ...gives this */
} doc_case;

static const doc_case doc_cases[] = {
    {"{" BASE "," PKJ "}", 0, EJWT_OK, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256, EJWT_OK},
    /* escapes are undone before the issuer comparison */
    {"{\"issuer\":\"https:\\/\\/as.example\",\"token_endpoint\":\"https:\\/\\/as.example/t\"}", 0,
     EJWT_OK, 0, EJWT_OK},
    /* issuer mismatch: case, slash, port, prefix, suffix */
    {"{\"issuer\":\"https://AS.example\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    {"{\"issuer\":\"https://as.example/\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    {"{\"issuer\":\"https://as.example:443\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    {"{\"issuer\":\"https://as.exampl\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    {"{\"issuer\":\"https://as.example.evil\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    {"{\"issuer\":\"https://as.example\\u0000\",\"token_endpoint\":\"https://as.example/t\"}", 0,
     EJWT_ERR_METADATA_ISSUER, 0, 0},
    /* http endpoints */
    {"{\"issuer\":\"" ISS "\",\"token_endpoint\":\"http://as.example/token\"}", 0,
     EJWT_ERR_INSECURE_URL, 0, 0},
    {"{\"issuer\":\"" ISS "\",\"token_endpoint\":\"http://as.example/token\"}",
     EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, EJWT_ERR_INSECURE_URL, 0, 0},
    {"{" BASE ",\"jwks_uri\":\"http://127.0.0.1/jwks\"}", 0, EJWT_ERR_INSECURE_URL, 0, 0},
    {"{" BASE ",\"jwks_uri\":\"http://127.0.0.1/jwks\"}", EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP,
     EJWT_OK, 0, EJWT_OK},
    {"{" BASE ",\"revocation_endpoint\":\"javascript:alert(1)\"}", 0, EJWT_ERR_INSECURE_URL, 0, 0},
    {"{" BASE ",\"registration_endpoint\":\"https://as.example/r#x\"}", 0, EJWT_ERR_INSECURE_URL, 0,
     0},
    {"{" BASE ",\"device_authorization_endpoint\":\"https://x@as.example/d\"}", 0,
     EJWT_ERR_INSECURE_URL, 0, 0},
    {"{" BASE ",\"device_authorization_endpoint\":\"https://as.example/d\\u0000\"}", 0,
     EJWT_ERR_INSECURE_URL, 0, 0},
    /* an ignored member may be anything, http included */
    {"{" BASE ",\"service_documentation\":\"http://x\",\"x\":{\"y\":[1,2,{}]}}", 0, EJWT_OK,
     EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256, EJWT_ERR_SERVER_UNSUPPORTED},
    /* wrong types */
    {"{\"issuer\":1,\"token_endpoint\":\"" ISS "/t\"}", 0, EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{\"issuer\":\"" ISS "\",\"token_endpoint\":[\"" ISS "/t\"]}", 0, EJWT_ERR_METADATA_INVALID, 0,
     0},
    {"{" BASE ",\"jwks_uri\":null}", 0, EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{" BASE ",\"token_endpoint_auth_methods_supported\":\"private_key_jwt\"}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{" BASE ",\"grant_types_supported\":[\"client_credentials\",7]}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{" BASE ",\"token_endpoint_auth_signing_alg_values_supported\":[[\"ES256\"]]}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    /* "none" is never a signing algorithm (RFC 8414 section 2) */
    {"{" BASE ",\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\",\"none\"]}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    /* JWT client authentication listed without the signing list */
    {"{" BASE ",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"]}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{" BASE ",\"token_endpoint_auth_methods_supported\":[\"client_secret_jwt\"]}", 0,
     EJWT_ERR_METADATA_INVALID, 0, 0},
    /* missing required members */
    {"{\"token_endpoint\":\"" ISS "/t\"}", 0, EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{\"issuer\":\"" ISS "\"}", 0, EJWT_ERR_METADATA_INVALID, 0, 0},
    {"{}", 0, EJWT_ERR_METADATA_INVALID, 0, 0},
    /* duplicates, the core's strict JSON */
    {"{" BASE ",\"issuer\":\"" ISS "\"}", 0, EJWT_ERR_JSON_DUPLICATE, 0, 0},
    {"{" BASE ",\"token_endpoint\":\"https://evil.example/t\"}", 0, EJWT_ERR_JSON_DUPLICATE, 0, 0},
    {"{" BASE ",\"toke\\u006e_endpoint\":\"https://evil.example/t\"}", 0, EJWT_ERR_JSON_DUPLICATE,
     0, 0},
    /* not JSON, not an object */
    {"", 0, EJWT_ERR_JSON_SYNTAX, 0, 0},
    {"[]", 0, EJWT_ERR_JSON_NOT_OBJECT, 0, 0},
    {"{" BASE ",}", 0, EJWT_ERR_JSON_SYNTAX, 0, 0},
    {"{" BASE "} x", 0, EJWT_ERR_JSON_SYNTAX, 0, 0},
    /* the device grant: the endpoint, and the URN when grant types are listed */
    {"{" BASE ",\"device_authorization_endpoint\":\"" ISS "/d\"}", 0, EJWT_OK,
     EJWT_DISCOVERY_NEED_DEVICE_GRANT, EJWT_OK},
    {"{" BASE ",\"device_authorization_endpoint\":\"" ISS
     "/d\",\"grant_types_supported\":[\"client_credentials\"]}",
     0, EJWT_OK, EJWT_DISCOVERY_NEED_DEVICE_GRANT, EJWT_ERR_SERVER_UNSUPPORTED},
    {"{" BASE ",\"grant_types_supported\":[\"" EJWT_GRANT_TYPE_DEVICE_CODE "\"]}", 0, EJWT_OK,
     EJWT_DISCOVERY_NEED_DEVICE_GRANT, EJWT_ERR_SERVER_UNSUPPORTED},
    /* ES256 missing, or private_key_jwt missing */
    {"{" BASE ",\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
     "\"token_endpoint_auth_signing_alg_values_supported\":[\"RS256\",\"ES384\"]}",
     0, EJWT_OK, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256, EJWT_ERR_SERVER_UNSUPPORTED},
    {"{" BASE ",\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\"],"
     "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\"]}",
     0, EJWT_OK, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256, EJWT_ERR_SERVER_UNSUPPORTED},
};

static void test_hostile_documents(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(doc_cases) / sizeof(doc_cases[0]); i++) {
        const doc_case *c = &doc_cases[i];
        int err;
        memset(&md, 0xA5, sizeof(md));
        err = ejwt_discovery_parse(c->doc, strlen(c->doc), ISS, strlen(ISS), c->flags, tok,
                                   EJWT_DISCOVERY_TOKENS, &md);
        if (err != c->want) {
            print_message("case %u: %d, want %d\n", (unsigned)i, err, c->want);
        }
        assert_int_equal(err, c->want);
        if (err != EJWT_OK) {
            assert_true(all_zero(&md, sizeof(md)));
            continue;
        }
        assert_string_equal(md.issuer, ISS);
        assert_int_equal(ejwt_discovery_check(&md, c->needs), c->check_result);
    }
}

/* Append \p s to doc at *n. */
static void put(size_t *n, const char *s, size_t len)
{
    assert_true(*n + len < sizeof(doc));
    memcpy(doc + *n, s, len);
    *n += len;
}

static void test_over_long_values(void **state)
{
    static const char head[] = "{" BASE ",\"jwks_uri\":\"" ISS "/";
    size_t n, i;

    (void)state;
    /* an endpoint of exactly EJWT_DISCOVERY_MAX_URL bytes is kept, one more refused */
    for (i = 0; i < 2u; i++) {
        size_t fill = EJWT_DISCOVERY_MAX_URL + i - strlen(ISS "/");
        n = 0;
        put(&n, head, sizeof(head) - 1u);
        assert_true(n + fill < sizeof(doc));
        memset(doc + n, 'k', fill);
        n += fill;
        put(&n, "\"}", 2u);
        assert_int_equal(
            ejwt_discovery_parse(doc, n, ISS, strlen(ISS), 0, tok, EJWT_DISCOVERY_TOKENS, &md),
            i == 0u ? EJWT_OK : EJWT_ERR_METADATA_INVALID);
        if (i == 0u) {
            assert_int_equal(strlen(md.jwks_uri), EJWT_DISCOVERY_MAX_URL);
        }
    }
    /* an issuer over the bound is refused even when it matches */
    memset(buf, 'i', sizeof(buf));
    memcpy(buf, "https://h/", 10);
    n = 0;
    put(&n, "{\"issuer\":\"", 11u);
    put(&n, buf, EJWT_DISCOVERY_MAX_URL + 1u);
    put(&n, "\",\"token_endpoint\":\"https://h/t\"}", 33u);
    assert_int_equal(ejwt_discovery_parse(doc, n, buf, EJWT_DISCOVERY_MAX_URL + 1u, 0, tok,
                                          EJWT_DISCOVERY_TOKENS, &md),
                     EJWT_ERR_METADATA_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_well_known_urls),   cmocka_unit_test(test_url_rules),
        cmocka_unit_test(test_glewlwyd_document), cmocka_unit_test(test_rfc8414_example),
        cmocka_unit_test(test_hostile_documents), cmocka_unit_test(test_over_long_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
