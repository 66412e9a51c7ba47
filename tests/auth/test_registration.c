/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dynamic client registration (RFC 7591) and revocation (RFC 7009): the
 * request bodies read back as a server reads them, RFC 7591's example
 * response and error responses, Glewlwyd's answer shape, hostile
 * responses, and the storage record.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <ejwt/auth/registration.h>
#include <ejwt/auth/revocation.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform/device_key.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "platform_test_util.h"
#include "server_docs.h"

#define T0 INT64_C(1800000000)
#define CLIENT "dev-1"
#define REVOKE "https://127.0.0.1:4593/api/oidc/revoke"

static ejwt_key dev, pub;
static char body[4096];
static char want[4096];
static char jwk[512];
static char field[2048];
static uint8_t work[2048];
static ejwt_registration reg;

static int setup(void **state)
{
    size_t n = 0;

    (void)state;
    if (at_world_setup(T0, &dev, &pub) != 0) {
        return -1;
    }
    return ejwt_jwk_export_public(&dev, jwk, sizeof(jwk), &n) == EJWT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    at_world_teardown(&pub);
    return 0;
}

static void test_request_body(void **state)
{
    static const char *const uris[] = {"https://localhost/cb", "https://x.example/\"q\""};
    ejwt_registration_params p;
    size_t n = 0, need;

    (void)state;
    memset(&p, 0, sizeof(p));
    /* the minimum: client_credentials, the device JWK */
    assert_int_equal(ejwt_registration_request_body(&dev, &p, body, sizeof(body), &n), EJWT_OK);
    snprintf(want, sizeof(want),
             "{\"token_endpoint_auth_method\":\"private_key_jwt\","
             "\"token_endpoint_auth_signing_alg\":\"ES256\","
             "\"grant_types\":[\"client_credentials\"],\"jwks\":{\"keys\":[%s]}}",
             jwk);
    assert_string_equal(body, want);
    assert_int_equal(n, strlen(want));
    assert_int_equal(ejwt_json_validate(body, n), EJWT_OK);
    /* everything, RFC names */
    p.grant_types =
        EJWT_GRANT_CLIENT_CREDENTIALS | EJWT_GRANT_REFRESH_TOKEN | EJWT_GRANT_DEVICE_CODE;
    p.client_name = "Sensor \"7\" \\ lab";
    p.scope = "telemetry commands";
    p.redirect_uris = uris;
    p.redirect_uri_count = 2;
    assert_int_equal(ejwt_registration_request_body(&dev, &p, body, sizeof(body), &n), EJWT_OK);
    snprintf(want, sizeof(want),
             "{\"token_endpoint_auth_method\":\"private_key_jwt\","
             "\"token_endpoint_auth_signing_alg\":\"ES256\","
             "\"grant_types\":[\"client_credentials\",\"refresh_token\","
             "\"urn:ietf:params:oauth:grant-type:device_code\"],\"jwks\":{\"keys\":[%s]},"
             "\"client_name\":\"Sensor \\\"7\\\" \\\\ lab\","
             "\"redirect_uris\":[\"https://localhost/cb\",\"https://x.example/\\\"q\\\"\"],"
             "\"scope\":\"telemetry commands\"}",
             jwk);
    assert_string_equal(body, want);
    assert_int_equal(ejwt_json_validate(body, n), EJWT_OK);
    /* Glewlwyd's names beside the RFC's */
    p.flags = EJWT_REGISTRATION_GLEWLWYD;
    p.grant_types = EJWT_GRANT_DEVICE_CODE | EJWT_GRANT_REFRESH_TOKEN;
    p.client_name = NULL;
    p.scope = NULL;
    p.redirect_uri_count = 1;
    assert_int_equal(ejwt_registration_request_body(&dev, &p, body, sizeof(body), &n), EJWT_OK);
    snprintf(
        want, sizeof(want),
        "{\"token_endpoint_auth_method\":\"private_key_jwt\","
        "\"token_endpoint_auth_signing_alg\":\"ES256\",\"token_endpoint_signing_alg\":\"ES256\","
        "\"grant_types\":[\"refresh_token\",\"device_authorization\"],"
        "\"jwks\":{\"keys\":[%s]},\"redirect_uris\":[\"https://localhost/cb\"]}",
        jwk);
    assert_string_equal(body, want);
    /* size query, one short (""), exact fit */
    need = strlen(want) + 1u;
    assert_int_equal(ejwt_registration_request_body(&dev, &p, NULL, 0, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(ejwt_registration_request_body(&dev, &p, body, need - 1u, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_string_equal(body, "");
    assert_int_equal(ejwt_registration_request_body(&dev, &p, body, need, &n), EJWT_OK);
    assert_string_equal(body, want);
    /* refused parameters */
    {
        static const char *const bad_uri[] = {"http://example.com/cb"};
        static const char *const loop_uri[] = {"http://localhost:8080/cb"};
        ejwt_registration_params q;
        memset(&q, 0, sizeof(q));
        q.grant_types = EJWT_GRANT_IMPLICIT;
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        assert_string_equal(body, "");
        q.grant_types = 0;
        q.client_name = "";
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        q.client_name = "caf\xc3\xa9";
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        q.client_name = NULL;
        q.scope = "a  b";
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        q.scope = "a\"b";
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        q.scope = NULL;
        q.redirect_uris = bad_uri;
        q.redirect_uri_count = 1;
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INSECURE_URL);
        q.redirect_uris = loop_uri;
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INSECURE_URL);
        q.flags = EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP;
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n), EJWT_OK);
        q.redirect_uri_count = EJWT_REGISTRATION_MAX_REDIRECT_URIS + 1u;
        assert_int_equal(ejwt_registration_request_body(&dev, &q, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
    }
}

static void test_bearer(void **state)
{
    size_t n = 0;

    (void)state;
    assert_int_equal(ejwt_registration_bearer("abc.DEF-_~+/==", 14, body, sizeof(body), &n),
                     EJWT_OK);
    assert_string_equal(body, "Bearer abc.DEF-_~+/==");
    assert_int_equal(n, 21);
    assert_int_equal(ejwt_registration_bearer("abc", 3, body, 11, &n), EJWT_OK);
    assert_int_equal(ejwt_registration_bearer("abc", 3, body, 10, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 11);
    assert_string_equal(body, "");
    assert_int_equal(ejwt_registration_bearer("a b", 3, body, sizeof(body), &n),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_registration_bearer("a\r\nX: y", 7, body, sizeof(body), &n),
                     EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_registration_bearer("", 0, body, sizeof(body), &n), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_registration_bearer("=abc", 4, body, sizeof(body), &n),
                     EJWT_ERR_INVALID_ARG);
}

static int parse(int status, const char *b, unsigned flags)
{
    return ejwt_registration_parse_response(status, b, strlen(b), flags, &reg);
}

static void expect_cleared(void)
{
    assert_string_equal(reg.client_id, "");
    assert_string_equal(reg.registration_access_token, "");
    assert_string_equal(reg.registration_client_uri, "");
    assert_int_equal(reg.client_id_issued_at, -1);
    assert_int_equal(reg.client_secret_expires_at, -1);
}

static void test_rfc7591_responses(void **state)
{
    static const char example[] = RFC7591_RESPONSE;
    const char *at;

    (void)state;
    /* the RFC's example registered client_secret_basic: this device cannot use it */
    assert_int_equal(parse(201, example, 0), EJWT_ERR_SERVER_UNSUPPORTED);
    expect_cleared();
    /* the same answer for private_key_jwt */
    at = strstr(example, "client_secret_basic");
    assert_non_null(at);
    memcpy(body, example, (size_t)(at - example));
    strcpy(body + (at - example), "private_key_jwt");
    strcat(body, at + 19);
    assert_int_equal(parse(201, body, 0), EJWT_OK);
    assert_string_equal(reg.client_id, "s6BhdRkqt3");
    assert_int_equal(reg.client_id_issued_at, INT64_C(2893256800));
    assert_int_equal(reg.client_secret_expires_at, INT64_C(2893276800));
    assert_string_equal(reg.registration_access_token, "");
    assert_int_equal(reg.grant_types, EJWT_GRANT_OTHER | EJWT_GRANT_REFRESH_TOKEN);
    /* 200 is RFC 7591's 201 only when asked for (Glewlwyd) */
    assert_int_equal(parse(200, body, 0), EJWT_ERR_METADATA_INVALID);
    expect_cleared();
    assert_int_equal(parse(200, body, EJWT_REGISTRATION_ACCEPT_200), EJWT_OK);
    /* RFC 7591 section 3.2.2's error examples (the RFC wraps the description
     * over lines; here on one line) */
    assert_int_equal(parse(400,
                           "{\n \"error\": \"invalid_redirect_uri\",\n \"error_description\": "
                           "\"The redirection URI http://sketchy.example.com is not "
                           "allowed by this server.\"\n}",
                           0),
                     EJWT_ERR_REDIRECT_URI);
    assert_int_equal(
        parse(400,
              "{\n \"error\": \"invalid_client_metadata\",\n \"error_description\": \"The grant "
              "type 'authorization_code' must be registered along with the response type 'code' "
              "but found only 'implicit' instead.\"\n}",
              0),
        EJWT_ERR_CLIENT_METADATA);
    /* as printed, with raw line breaks in the string: not JSON, still a 400 */
    assert_int_equal(parse(400,
                           "{\n \"error\": \"invalid_redirect_uri\",\n \"error_description\": "
                           "\"The redirection URI\n   http://sketchy.example.com is not "
                           "allowed by this server.\"\n}",
                           0),
                     EJWT_ERR_CLIENT_METADATA);
    assert_int_equal(parse(401, "", 0), EJWT_ERR_OAUTH_REFUSED);
    assert_int_equal(parse(403, "", 0), EJWT_ERR_OAUTH_REFUSED);
    assert_int_equal(parse(500, "", 0), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(parse(503, "", 0), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(parse(0, "", 0), EJWT_ERR_OAUTH_RETRY);
    expect_cleared();
}

/* Glewlwyd's answer: the registration echoed, plus what the server added. */
#define GLEW_ID "\"client_id\":\"k3sx8w2bq5rmzt7vy0a1\""
#define GLEW_REST                                                                                  \
    ",\"token_endpoint_auth_method\":\"private_key_jwt\","                                         \
    "\"token_endpoint_auth_signing_alg\":\"ES256\",\"token_endpoint_signing_alg\":\"ES256\","      \
    "\"grant_types\":[\"client_credentials\",\"refresh_token\",\"device_authorization\"],"         \
    "\"jwks\":{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"BBBB\","         \
    "\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"kid1\"}]},"                                       \
    "\"redirect_uris\":[\"https://localhost/cb\"],\"application_type\":\"web\","                   \
    "\"response_types\":[\"code\"],\"client_id_issued_at\":1700000000,"                            \
    "\"client_secret_expires_at\":0}"
#define GLEW_MGMT                                                                                  \
    ",\"registration_access_token\":\"Zm9vYmFyYmF6cXV4\","                                         \
    "\"registration_client_uri\":\"https://127.0.0.1:4593/api/oidc/register/"                      \
    "k3sx8w2bq5rmzt7vy0a1\""

typedef struct resp_case {
    const char *body;
    int want;
} resp_case;

static const resp_case resp_cases[] = {
    {"{" GLEW_ID GLEW_MGMT GLEW_REST, EJWT_OK},
    {"{" GLEW_ID GLEW_REST, EJWT_OK},
    /* missing, mistyped, empty, over-long, unprintable client ids */
    {"{\"client_id_issued_at\":1}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":7}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\\u0000b\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\\nb\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"caf\\u00e9\"}", EJWT_ERR_METADATA_INVALID},
    /* duplicates: the core's strict JSON */
    {"{\"client_id\":\"a\",\"client_id\":\"b\"}", EJWT_ERR_JSON_DUPLICATE},
    {"[\"client_id\"]", EJWT_ERR_JSON_NOT_OBJECT},
    {"", EJWT_ERR_JSON_SYNTAX},
    {"{\"client_id\":\"a\"", EJWT_ERR_JSON_SYNTAX},
    /* the management pair: both or neither, a b64token and an https URL */
    {"{\"client_id\":\"a\",\"registration_access_token\":\"t\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"registration_client_uri\":\"https://as/r/a\"}", EJWT_OK},
    {"{\"client_id\":\"a\",\"registration_access_token\":\"t t\",\"registration_client_uri\":"
     "\"https://as/r/a\"}",
     EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"registration_access_token\":\"t\",\"registration_client_uri\":"
     "\"http://as/r/a\"}",
     EJWT_ERR_INSECURE_URL},
    {"{\"client_id\":\"a\",\"registration_access_token\":1,\"registration_client_uri\":"
     "\"https://as/r/a\"}",
     EJWT_ERR_METADATA_INVALID},
    /* times: non-negative integers only */
    {"{\"client_id\":\"a\",\"client_id_issued_at\":-1}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"client_id_issued_at\":1.5}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"client_id_issued_at\":1e3}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"client_secret_expires_at\":\"0\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"client_secret_expires_at\":99999999999999999999}",
     EJWT_ERR_METADATA_INVALID},
    /* grant types: strings */
    {"{\"client_id\":\"a\",\"grant_types\":\"client_credentials\"}", EJWT_ERR_METADATA_INVALID},
    {"{\"client_id\":\"a\",\"grant_types\":[null]}", EJWT_ERR_METADATA_INVALID},
    /* registered for another method */
    {"{\"client_id\":\"a\",\"token_endpoint_auth_method\":\"none\"}", EJWT_ERR_SERVER_UNSUPPORTED},
    {"{\"client_id\":\"a\",\"token_endpoint_auth_method\":[\"private_key_jwt\"]}",
     EJWT_ERR_METADATA_INVALID},
    /* a client secret is never kept, and does not matter */
    {"{\"client_id\":\"a\",\"client_secret\":\"s3cr3t\"}", EJWT_OK},
};

static void test_hostile_responses(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(resp_cases) / sizeof(resp_cases[0]); i++) {
        int err = parse(201, resp_cases[i].body, 0);
        if (err != resp_cases[i].want) {
            print_message("case %u: %d want %d\n", (unsigned)i, err, resp_cases[i].want);
        }
        assert_int_equal(err, resp_cases[i].want);
        if (err != EJWT_OK) {
            expect_cleared();
        }
    }
    assert_int_equal(parse(200, "{" GLEW_ID GLEW_MGMT GLEW_REST, EJWT_REGISTRATION_ACCEPT_200),
                     EJWT_OK);
    assert_string_equal(reg.client_id, "k3sx8w2bq5rmzt7vy0a1");
    assert_string_equal(reg.registration_access_token, "Zm9vYmFyYmF6cXV4");
    assert_string_equal(reg.registration_client_uri,
                        "https://127.0.0.1:4593/api/oidc/register/k3sx8w2bq5rmzt7vy0a1");
    assert_int_equal(reg.client_id_issued_at, 1700000000);
    assert_int_equal(reg.client_secret_expires_at, 0);
    assert_int_equal(reg.grant_types, EJWT_GRANT_CLIENT_CREDENTIALS | EJWT_GRANT_REFRESH_TOKEN |
                                          EJWT_GRANT_DEVICE_CODE);
    /* the client id bound: exactly at it passes, one more is refused */
    {
        size_t lim = EJWT_REGISTRATION_MAX_CLIENT_ID < EJWT_ASSERTION_MAX_CLIENT_ID
                         ? EJWT_REGISTRATION_MAX_CLIENT_ID
                         : EJWT_ASSERTION_MAX_CLIENT_ID;
        for (i = 0; i < 2u; i++) {
            size_t n = 0;
            memcpy(body, "{\"client_id\":\"", 14);
            n = 14;
            memset(body + n, 'c', lim + i);
            n += lim + i;
            memcpy(body + n, "\"}", 3);
            assert_int_equal(parse(201, body, 0), i == 0u ? EJWT_OK : EJWT_ERR_METADATA_INVALID);
        }
    }
}

static void test_storage_record(void **state)
{
    uint8_t rec[EJWT_REGISTRATION_RECORD_MAX];
    ejwt_registration back;
    size_t n = 0, i;

    (void)state;
    assert_int_equal(parse(200, "{" GLEW_ID GLEW_MGMT GLEW_REST, EJWT_REGISTRATION_ACCEPT_200),
                     EJWT_OK);
    assert_int_equal(ejwt_registration_encode(&reg, NULL, 0, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_registration_encode(&reg, rec, n - 1u, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_registration_encode(&reg, rec, sizeof(rec), &n), EJWT_OK);
    assert_int_equal(n, 4u + 6u + 20u + 16u + 61u + 17u);
    assert_memory_equal(rec, "ERG\x01", 4);
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_OK);
    assert_memory_equal(&back, &reg, sizeof(reg));
    /* every truncation and every appended byte is refused */
    for (i = 0; i < n; i++) {
        assert_int_equal(ejwt_registration_decode(rec, i, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
        assert_string_equal(back.client_id, "");
    }
    rec[n] = 0;
    assert_int_equal(ejwt_registration_decode(rec, n + 1u, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    /* version, magic, a length past the end, a string that breaks its grammar */
    rec[3] = 2;
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    rec[3] = 1;
    rec[0] = 'X';
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    rec[0] = 'E';
    rec[5] = 200;
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    rec[5] = 20;
    rec[6] = '\n';
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    rec[6] = 'k';
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_OK);
    /* an http URL passes only with the loopback flag, and only for loopback */
    strcpy(reg.registration_client_uri, "http://127.0.0.1:4593/api/oidc/register/x");
    assert_int_equal(ejwt_registration_encode(&reg, rec, sizeof(rec), &n), EJWT_OK);
    assert_int_equal(ejwt_registration_decode(rec, n, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    assert_int_equal(ejwt_registration_decode(rec, n, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, &back),
                     EJWT_OK);
}

static void test_revocation(void **state)
{
    ejwt_assertion_params p;
    ejwt_outcome o;
    ejwt_jwt jwt;
    size_t n = 0, need;
    long k;

    (void)state;
    memset(&p, 0, sizeof(p));
    p.client_id = CLIENT;
    p.audience = REVOKE;
    p.now = T0;
    assert_int_equal(ejwt_revocation_body(&dev, &p, "rt+/=&x", 7, body, sizeof(body), &n), EJWT_OK);
    assert_int_equal(n, strlen(body));
    assert_int_equal(at_form_count(body), 5);
    assert_true(strncmp(body,
                        "token=rt%2B%2F%3D%26x&token_type_hint=refresh_token&client_id=dev-1"
                        "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-"
                        "assertion-type%3Ajwt-bearer&client_assertion=",
                        172) == 0);
    k = at_form_get(body, "token", field, sizeof(field));
    assert_int_equal(k, 7);
    assert_string_equal(field, "rt+/=&x");
    k = at_form_get(body, "client_assertion", field, sizeof(field));
    assert_true(k > 0);
    assert_int_equal(
        at_verify_assertion(&pub, field, (size_t)k, CLIENT, REVOKE, T0, work, sizeof(work), &jwt),
        EJWT_OK);
    need = n + 1u;
    assert_int_equal(ejwt_revocation_body(&dev, &p, "rt+/=&x", 7, NULL, 0, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(ejwt_revocation_body(&dev, &p, "rt+/=&x", 7, body, need - 1u, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_string_equal(body, "");
    assert_int_equal(ejwt_revocation_body(&dev, &p, "", 0, body, sizeof(body), &n),
                     EJWT_ERR_INVALID_ARG);
    assert_string_equal(body, "");
    /* answers (RFC 7009 section 2.2) */
    assert_int_equal(ejwt_revocation_parse_response(200, "", 0, &o), EJWT_OK);
    assert_int_equal(o.action, EJWT_ACTION_DONE);
    assert_int_equal(ejwt_revocation_parse_response(200, "{}", 2, NULL), EJWT_OK);
    assert_int_equal(ejwt_revocation_parse_response(503, "", 0, &o), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(o.action, EJWT_ACTION_BACK_OFF);
    assert_int_equal(o.suspect, 0);
    assert_int_equal(
        ejwt_revocation_parse_response(400, "{\"error\":\"unsupported_token_type\"}", 34, &o),
        EJWT_ERR_OAUTH_REFUSED);
    assert_string_equal(o.error, "unsupported_token_type");
    assert_int_equal(ejwt_revocation_parse_response(401, "{\"error\":\"invalid_client\"}", 26, &o),
                     EJWT_ERR_DEPROVISIONED);
    assert_int_equal(ejwt_revocation_parse_response(400, "", 0, &o), EJWT_ERR_OAUTH_REFUSED);
    assert_int_equal(ejwt_revocation_parse_response(500, "", 0, &o), EJWT_ERR_OAUTH_RETRY);
    assert_int_equal(o.suspect, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_body),      cmocka_unit_test(test_bearer),
        cmocka_unit_test(test_rfc7591_responses), cmocka_unit_test(test_hostile_responses),
        cmocka_unit_test(test_storage_record),    cmocka_unit_test(test_revocation),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
