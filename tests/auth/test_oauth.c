/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token requests and responses: the percent-encoding table, the form
 * builder's latching and sizing, both request bodies read back as the
 * backend reads them (parse_qs rules), and the token response table.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <ejwt/platform/device_key.h>
#include <ejwt/ejwt.h>
#include <ejwt/auth/oauth.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "platform_test_util.h"

#define T0 INT64_C(1800000000)
#define CLIENT "dev ice/1+x"
#define AUD "https://auth.example/token?a=b&c=d"

static ejwt_key dev, pub;
static char body[2048];
static char field[1024];
static uint8_t work[1024];

static int setup(void **state)
{
    (void)state;
    return at_world_setup(T0, &dev, &pub);
}

static int teardown(void **state)
{
    (void)state;
    at_world_teardown(&pub);
    return 0;
}

typedef struct enc_case {
    const char *in;
    size_t len;
    const char *out;
} enc_case;

#define S(x) x, sizeof(x) - 1u
static const enc_case enc_cases[] = {
    {S(""), ""},
    {S("AZaz09-._~"), "AZaz09-._~"}, /* unreserved: kept */
    {S(" "), "%20"},                 /* space: never '+' */
    {S("+"), "%2B"},
    {S("="), "%3D"},
    {S("&"), "%26"},
    {S("a=b&c=d"), "a%3Db%26c%3Dd"},
    {S("%"), "%25"},
    {S(":/?#[]@"), "%3A%2F%3F%23%5B%5D%40"},     /* gen-delims */
    {S("!$'()*,;"), "%21%24%27%28%29%2A%2C%3B"}, /* sub-delims (minus & + =) */
    {S("\"<>\\^`{|}"), "%22%3C%3E%5C%5E%60%7B%7C%7D"},
    {S("\xc3\xa9"), "%C3%A9"},               /* U+00E9, UTF-8 */
    {S("\xf0\x9f\x94\x91"), "%F0%9F%94%91"}, /* U+1F511 */
    {"\0\x01\x7f\xff", 4, "%00%01%7F%FF"},
    {S("\r\n\t"), "%0D%0A%09"},
    {S(EJWT_ASSERTION_TYPE_JWT_BEARER),
     "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"},
};

static void test_percent_encoding(void **state)
{
    char out[128];
    size_t i, n = 0;

    (void)state;
    for (i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
        assert_int_equal(ejwt_form_encode(enc_cases[i].in, enc_cases[i].len, out, sizeof(out), &n),
                         EJWT_OK);
        assert_string_equal(out, enc_cases[i].out);
        assert_int_equal(n, strlen(enc_cases[i].out));
        /* and back, as parse_qs decodes */
        {
            char form[160];
            char dec[64];
            snprintf(form, sizeof(form), "v=%s", out);
            assert_int_equal(at_form_get(form, "v", dec, sizeof(dec)), (long)enc_cases[i].len);
            assert_memory_equal(dec, enc_cases[i].in, enc_cases[i].len);
        }
    }
    /* sizing */
    assert_int_equal(ejwt_form_encode("a b", 3, NULL, 0, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 6);
    assert_int_equal(ejwt_form_encode("a b", 3, out, 5, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 6);
    assert_int_equal(out[0], '\0');
    assert_int_equal(ejwt_form_encode("a b", 3, out, 6, &n), EJWT_OK);
    assert_string_equal(out, "a%20b");
}

static void test_form_builder(void **state)
{
    ejwt_form f;
    char out[64];
    size_t n = 0, need;

    (void)state;
    ejwt_form_init(&f, out, sizeof(out));
    ejwt_form_add(&f, "a", "1", 1);
    ejwt_form_add(&f, "b c", "x&y=z", 5);
    ejwt_form_add(&f, "empty", NULL, 0);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_OK);
    assert_string_equal(out, "a=1&b%20c=x%26y%3Dz&empty=");
    assert_int_equal(n, strlen(out));
    assert_int_equal(at_form_count(out), 3);
    /* short buffer: keeps counting, reports the need, wipes */
    need = n + 1u;
    ejwt_form_init(&f, out, 10);
    ejwt_form_add(&f, "a", "1", 1);
    ejwt_form_add(&f, "b c", "x&y=z", 5);
    ejwt_form_add(&f, "empty", NULL, 0);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(out[0], '\0');
    /* exact fit */
    ejwt_form_init(&f, out, need);
    ejwt_form_add(&f, "a", "1", 1);
    ejwt_form_add(&f, "b c", "x&y=z", 5);
    ejwt_form_add(&f, "empty", NULL, 0);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_OK);
    /* the first error is latched; later fields do not clear it */
    ejwt_form_init(&f, out, sizeof(out));
    ejwt_form_add(&f, "", "1", 1);
    ejwt_form_add(&f, "a", "1", 1);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_INVALID_ARG);
    ejwt_form_init(&f, out, sizeof(out));
    ejwt_form_add(&f, "a", NULL, 3);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_INVALID_ARG);
    ejwt_form_init(&f, out, sizeof(out));
    ejwt_form_add(&f, NULL, "1", 1);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_INVALID_ARG);
    /* measuring with no buffer */
    ejwt_form_init(&f, NULL, 0);
    ejwt_form_add(&f, "a", "1", 1);
    assert_int_equal(ejwt_form_finish(&f, &n), EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 4);
}

static ejwt_assertion_params params(void)
{
    ejwt_assertion_params p;

    memset(&p, 0, sizeof(p));
    p.client_id = CLIENT;
    p.audience = AUD;
    p.now = T0;
    return p;
}

static void expect_assertion_field(const char *b)
{
    ejwt_jwt jwt;
    long n;

    assert_int_equal(at_form_get(b, "client_assertion_type", field, sizeof(field)),
                     (long)strlen(EJWT_ASSERTION_TYPE_JWT_BEARER));
    assert_string_equal(field, EJWT_ASSERTION_TYPE_JWT_BEARER);
    n = at_form_get(b, "client_assertion", field, sizeof(field));
    assert_true(n > 0);
    assert_int_equal(
        at_verify_assertion(&pub, field, (size_t)n, CLIENT, AUD, T0, work, sizeof(work), &jwt),
        EJWT_OK);
}

/* The form encodings of CLIENT and of the assertion type. */
#define CLIENT_ENCODED "dev%20ice%2F1%2Bx"
#define ASSERTION_TYPE_ENCODED "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
#define CC_PREFIX                                                                                  \
    "grant_type=client_credentials&client_id=" CLIENT_ENCODED                                      \
    "&client_assertion_type=" ASSERTION_TYPE_ENCODED "&client_assertion="

/* \p b (\p n bytes) is exactly \p prefix followed by one JWS compact
 * serialization (the assertion, checked by expect_assertion_field()). */
static void expect_body(const char *b, size_t n, const char *prefix)
{
    size_t k = strlen(prefix), i, dots = 0;

    assert_true(n > k);
    assert_memory_equal(b, prefix, k);
    for (i = k; i < n; i++) {
        char c = b[i];
        assert_true((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.');
        dots += c == '.';
    }
    assert_int_equal(dots, 2);
}

static void test_client_credentials_body(void **state)
{
    ejwt_assertion_params p = params();
    size_t n = 0, need = 0;

    (void)state;
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, sizeof(body), &n), EJWT_OK);
    assert_int_equal(n, strlen(body));
    /* exactly: client_id beside the assertion, which ends the body */
    expect_body(body, n, CC_PREFIX);
    assert_int_equal(at_form_count(body), 4);
    assert_int_equal(at_form_get(body, "grant_type", field, sizeof(field)), 18);
    assert_string_equal(field, "client_credentials");
    assert_int_equal(at_form_get(body, "client_id", field, sizeof(field)), strlen(CLIENT));
    assert_string_equal(field, CLIENT);
    expect_assertion_field(body);
    /* sizing: the need, then exactly that */
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, NULL, 0, &need),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(need, n + 1u);
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, need - 1u, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(body[0], '\0');
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, 40, &n),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, need);
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, need, &n), EJWT_OK);
    expect_assertion_field(body);
    /* the assertion's errors come through, and leave nothing behind */
    p.now = EJWT_TIME_UNKNOWN;
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, sizeof(body), &n),
                     EJWT_ERR_TIME_UNKNOWN);
    assert_int_equal(body[0], '\0');
    p = params();
    fc.entropy_fails = 1;
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, sizeof(body), &n),
                     EJWT_ERR_ENTROPY);
    fc.entropy_fails = 0;
    assert_int_equal(body[0], '\0');
}

static void test_refresh_body(void **state)
{
    static const char rt[] = "rt+1/a b=c&d%~";
    ejwt_assertion_params p = params();
    size_t n = 0, need = 0;

    (void)state;
    assert_int_equal(ejwt_oauth_refresh_body(&dev, &p, rt, sizeof(rt) - 1u, body, sizeof(body), &n),
                     EJWT_OK);
    expect_body(body, n,
                "grant_type=refresh_token&refresh_token=rt%2B1%2Fa%20b%3Dc%26d%25~"
                "&client_id=" CLIENT_ENCODED "&client_assertion_type=" ASSERTION_TYPE_ENCODED
                "&client_assertion=");
    assert_int_equal(at_form_count(body), 5);
    assert_int_equal(at_form_get(body, "refresh_token", field, sizeof(field)), 14);
    assert_string_equal(field, rt);
    assert_int_equal(at_form_get(body, "client_id", field, sizeof(field)), strlen(CLIENT));
    assert_string_equal(field, CLIENT);
    expect_assertion_field(body);
    assert_int_equal(ejwt_oauth_refresh_body(&dev, &p, rt, sizeof(rt) - 1u, NULL, 0, &need),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(need, n + 1u);
    assert_int_equal(ejwt_oauth_refresh_body(&dev, &p, rt, 0, body, sizeof(body), &n),
                     EJWT_ERR_INVALID_ARG);
}

/* A client id the assertion would refuse is refused before anything is
 * signed, by both builders, and leaves nothing behind. */
static void test_bodies_refuse_client_id(void **state)
{
    static char too_long[EJWT_ASSERTION_MAX_CLIENT_ID + 2];
    const char *const bad[] = {NULL, "", too_long};
    ejwt_assertion_params p = params();
    size_t i, n = 0;

    (void)state;
    memset(too_long, 'c', sizeof(too_long) - 1u);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        p.client_id = bad[i];
        fc.entropy_fails = 1; /* a signature would answer EJWT_ERR_ENTROPY */
        memset(body, 'Q', sizeof(body));
        assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        assert_int_equal(n, 0);
        assert_int_equal(body[0], '\0');
        memset(body, 'Q', sizeof(body));
        assert_int_equal(ejwt_oauth_refresh_body(&dev, &p, "rt", 2, body, sizeof(body), &n),
                         EJWT_ERR_INVALID_ARG);
        assert_int_equal(n, 0);
        assert_int_equal(body[0], '\0');
        fc.entropy_fails = 0;
    }
    /* the longest id is kept */
    too_long[EJWT_ASSERTION_MAX_CLIENT_ID] = '\0';
    p.client_id = too_long;
    assert_int_equal(ejwt_oauth_client_credentials_body(&dev, &p, body, sizeof(body), &n), EJWT_OK);
    assert_int_equal(at_form_get(body, "client_id", field, sizeof(field)),
                     EJWT_ASSERTION_MAX_CLIENT_ID);
    assert_string_equal(field, too_long);
}

/* The token response table. */
typedef struct resp_case {
    int status;
    const char *body;
    int err;
    const char *access, *refresh, *scope;
    int64_t expires_in;
    const char *error;
} resp_case;

#define OKB(rest) "{\"access_token\":\"eyJ.a-b_c~d+e/f==\",\"token_type\":\"Bearer\"" rest "}"
static const resp_case resp_cases[] = {
    /* valid */
    {200,
     "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":600,"
     "\"refresh_token\":\"rt-1\",\"scope\":\"telemetry:write commands:read\"}",
     EJWT_OK, "at-1", "rt-1", "telemetry:write commands:read", 600, ""},
    {200, OKB(""), EJWT_OK, "eyJ.a-b_c~d+e/f==", NULL, NULL, -1, ""},
    {200, " \n" OKB(",\"expires_in\":1,\"extra\":{\"x\":[1,2]}") "\n", EJWT_OK,
     "eyJ.a-b_c~d+e/f==", NULL, NULL, 1, ""},
    {200, OKB(",\"expires_in\":31536000"), EJWT_OK, "eyJ.a-b_c~d+e/f==", NULL, NULL, 31536000, ""},
    {200, "{\"token_type\":\"bearer\",\"access_token\":\"a\\/b\"}", EJWT_OK, "a/b", NULL, NULL, -1,
     ""},
    {200, "{\"token_type\":\"BEARER\",\"access_token\":\"x\",\"refresh_token\":\"r t\\\"\"}",
     EJWT_OK, "x", "r t\"", NULL, -1, ""},
    {200, OKB(",\"scope\":\"\""), EJWT_OK, "eyJ.a-b_c~d+e/f==", NULL, NULL, -1, ""},
    /* token_type */
    {200, "{\"access_token\":\"x\",\"token_type\":\"mac\"}", EJWT_ERR_OAUTH_TOKEN_TYPE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"Bearer \"}", EJWT_ERR_OAUTH_TOKEN_TYPE, NULL,
     NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"DPoP\"}", EJWT_ERR_OAUTH_TOKEN_TYPE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"a-very-long-token-type-name\"}",
     EJWT_ERR_OAUTH_TOKEN_TYPE, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"Be\\u0000arer\"}", EJWT_ERR_OAUTH_TOKEN_TYPE,
     NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":1}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL,
     -1, NULL},
    /* access_token */
    {200, "{\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":7,\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":null,\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":\"\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":\"a b\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL,
     NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"a\\r\\nX-Evil: 1\",\"token_type\":\"Bearer\"}",
     EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL}, /* header injection */
    {200, "{\"access_token\":\"a=b\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL,
     NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"=\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL, NULL,
     NULL, -1, NULL},
    {200, "{\"access_token\":\"a\\u0000\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE,
     NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"\\u00e9\",\"token_type\":\"Bearer\"}", EJWT_ERR_OAUTH_RESPONSE, NULL,
     NULL, NULL, -1, NULL},
    /* expires_in */
    {200, OKB(",\"expires_in\":0"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":-5"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":31536001"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":99999999999999999999999"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL,
     -1, NULL},
    {200, OKB(",\"expires_in\":3600.5"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":3600.0"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":36e2"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":\"3600\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":null"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"expires_in\":true"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    /* refresh_token, scope */
    {200, OKB(",\"refresh_token\":\"\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"refresh_token\":5"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"refresh_token\":\"a\\nb\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"refresh_token\":\"\\u00e9\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1,
     NULL},
    {200, OKB(",\"scope\":[\"a\"]"), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"scope\":\"a  b\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"scope\":\" a\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"scope\":\"a \""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    {200, OKB(",\"scope\":\"a\\\\b\""), EJWT_ERR_OAUTH_RESPONSE, NULL, NULL, NULL, -1, NULL},
    /* not JSON, not an object, duplicates */
    {200, "", EJWT_ERR_JSON_SYNTAX, NULL, NULL, NULL, -1, NULL},
    {200, "<html>502</html>", EJWT_ERR_JSON_SYNTAX, NULL, NULL, NULL, -1, NULL},
    {200, OKB(","), EJWT_ERR_JSON_SYNTAX, NULL, NULL, NULL, -1, NULL},
    {200, "[\"access_token\"]", EJWT_ERR_JSON_NOT_OBJECT, NULL, NULL, NULL, -1, NULL},
    {200, "\"x\"", EJWT_ERR_JSON_NOT_OBJECT, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"access_token\":\"y\"}",
     EJWT_ERR_JSON_DUPLICATE, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"acc\\u0065ss_token\":\"y\"}",
     EJWT_ERR_JSON_DUPLICATE, NULL, NULL, NULL, -1, NULL},
    {200, "{\"access_token\":\"\\ud800\",\"token_type\":\"Bearer\"}", EJWT_ERR_JSON_STRING, NULL,
     NULL, NULL, -1, NULL},
    {200, "{\"a\":[[[[[[[[[1]]]]]]]]],\"access_token\":\"x\",\"token_type\":\"Bearer\"}",
     EJWT_ERR_JSON_TOO_DEEP, NULL, NULL, NULL, -1, NULL},
    {200,
     "{\"a\":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],"
     "\"access_token\":\"x\",\"token_type\":\"Bearer\"}",
     EJWT_ERR_JSON_TOO_MANY_TOKENS, NULL, NULL, NULL, -1, NULL},
    /* error responses */
    {400, "{\"error\":\"invalid_grant\",\"error_description\":\"jti replayed\"}",
     EJWT_ERR_OAUTH_INVALID_GRANT, NULL, NULL, NULL, -1, "invalid_grant"},
    {401, "{\"error\":\"invalid_client\"}", EJWT_ERR_DEPROVISIONED, NULL, NULL, NULL, -1,
     "invalid_client"},
    {400, "{\"error\":\"invalid_client\"}", EJWT_ERR_DEPROVISIONED, NULL, NULL, NULL, -1,
     "invalid_client"},
    {400, "{\"error\":\"invalid_request\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1,
     "invalid_request"},
    {400, "{\"error\":\"unsupported_grant_type\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1,
     "unsupported_grant_type"},
    {400, "{\"error\":\"invalid_scope\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1,
     "invalid_scope"},
    {400, "{\"error\":\"invalid_grant \"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1,
     "invalid_grant "},
    {400, "{\"error\":\"INVALID_CLIENT\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1,
     "INVALID_CLIENT"},
    {400, "{\"error\":\"a-code-that-is-much-longer-than-32-bytes\"}", EJWT_ERR_OAUTH_RETRY, NULL,
     NULL, NULL, -1, ""},
    {400, "{\"error\":\"invalid\\u005fgrant\"}", EJWT_ERR_OAUTH_INVALID_GRANT, NULL, NULL, NULL, -1,
     "invalid_grant"},
    {400, "{\"error\":1}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {400, "{\"error\":\"invalid_client\",\"error\":\"x\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL,
     -1, NULL},
    {401, "", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL}, /* a bare 401 never deprovisions */
    {401, "Unauthorized", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {400, "[]", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {403, "{\"error\":\"invalid_client\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {500, "{\"error\":\"invalid_client\"}", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {503, "", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {201, OKB(""), EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL},
    {0, "", EJWT_ERR_OAUTH_RETRY, NULL, NULL, NULL, -1, NULL}, /* transport failure */
};

static void expect_view(const char *got, size_t got_len, const char *want)
{
    if (want == NULL) {
        assert_null(got);
        assert_int_equal(got_len, 0);
    } else {
        assert_non_null(got);
        assert_int_equal(got_len, strlen(want));
        assert_string_equal(got, want);
    }
}

static void test_token_responses(void **state)
{
    char wk[512];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(resp_cases) / sizeof(resp_cases[0]); i++) {
        const resp_case *c = &resp_cases[i];
        ejwt_token_response r;
        int err = ejwt_oauth_parse_token_response(c->status, c->body, strlen(c->body), wk,
                                                  sizeof(wk), &r);
        if (err != c->err) {
            print_error("case %zu (%d %s): %s\n", i, c->status, c->body, ejwt_error_name(err));
        }
        assert_int_equal(err, c->err);
        if (err == EJWT_OK) {
            expect_view(r.access_token, r.access_token_len, c->access);
            expect_view(r.refresh_token, r.refresh_token_len, c->refresh);
            expect_view(r.scope, r.scope_len, c->scope);
            assert_true(r.expires_in == c->expires_in);
        } else {
            assert_null(r.access_token);
            assert_true(r.expires_in == -1);
        }
        assert_string_equal(r.error, c->error != NULL ? c->error : "");
    }
}

static void test_response_work_buffer(void **state)
{
    static const char b[] = "{\"access_token\":\"a\",\"token_type\":\"Bearer\","
                            "\"refresh_token\":\"r\",\"scope\":\"s\"}";
    char wk[sizeof(b)];
    ejwt_token_response r;

    (void)state;
    memset(wk, 'X', sizeof(wk));
    assert_int_equal(
        ejwt_oauth_parse_token_response(200, b, sizeof(b) - 1u, wk, sizeof(b) - 2u, &r),
        EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(wk[0], '\0');
    /* exactly len bytes suffice */
    assert_int_equal(
        ejwt_oauth_parse_token_response(200, b, sizeof(b) - 1u, wk, sizeof(b) - 1u, &r), EJWT_OK);
    assert_string_equal(r.scope, "s");
    /* an error response needs no work buffer */
    assert_int_equal(
        ejwt_oauth_parse_token_response(400, "{\"error\":\"invalid_grant\"}", 25, NULL, 0, &r),
        EJWT_ERR_OAUTH_INVALID_GRANT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_encoding),        cmocka_unit_test(test_form_builder),
        cmocka_unit_test(test_client_credentials_body), cmocka_unit_test(test_refresh_body),
        cmocka_unit_test(test_bodies_refuse_client_id), cmocka_unit_test(test_token_responses),
        cmocka_unit_test(test_response_work_buffer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
