/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 9068 access-token verification (ejwt_access_token_verify()): a token
 * that follows the profile passes, then one hand-made token per broken rule,
 * each refused with its own error. The issuer's JWK Set holds an ES256 key
 * and an RS256 key generated here by PSA; the tokens are signed with ejwt's
 * builder (signing is not what is tested: the profile's checks are). A token
 * made by a peer (PyJWT) is checked through the CLI by
 * interop.auth_access_token_pyjwt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/auth/access_token.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#define NOW INT64_C(1800000000)
#define ISSUER "https://as.example.com"
#define RESOURCE "https://api.example.com"

/* The claims of a token that follows RFC 9068 section 2.2 (its example in
 * section 2.2.3 with our issuer and resource). */
#define C_ISS "\"iss\":\"" ISSUER "\""
#define C_AUD "\"aud\":\"" RESOURCE "\""
#define C_EXP "\"exp\":1800000300"
#define C_IAT "\"iat\":1799999990"
#define C_JTI "\"jti\":\"dbe39bf3a3ba4238a513f51d6e1691c4\""
#define C_CID "\"client_id\":\"s6BhdRkqt3\""
#define C_SUB "\"sub\":\"5ba552d67\""
#define C_SCOPE "\"scope\":\"openid profile reademail\""
#define VALID C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_CID "," C_SUB

enum signer {
    EC,
    EC_NO_KID,
    EC_OTHER_KID,
    EC_IMPOSTOR,
    RSA
};

typedef struct at_case {
    const char *name;
    enum signer signer;
    const char *typ;    /* header typ, NULL to omit */
    const char *claims; /* the claims object's members */
    const char *scope;  /* required scope, or NULL */
    uint32_t algs;      /* 0: ES256 and RS256 */
    int64_t now;        /* 0: NOW */
    int expect;
} at_case;

static ejwt_key ec_priv, ec_pub, impostor_priv, rsa_key;
static ejwt_key jwks[2];
static size_t njwks;
static char token[4096];
static uint8_t work[EJWT_WORK_SIZE(sizeof(token))];
static ejwt_jwt jwt;

static void set_kid(ejwt_key *k, const char *kid)
{
    size_t n = kid != NULL ? strlen(kid) : 0u;

    memset(k->kid, 0, sizeof(k->kid));
    memcpy(k->kid, kid != NULL ? kid : "", n);
    k->kid_len = (uint8_t)n;
}

static int generate(psa_key_type_t type, size_t bits, psa_algorithm_t alg, ejwt_alg ealg,
                    const char *kid, ejwt_key *out)
{
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    psa_key_id_t id = 0;

    psa_set_key_type(&a, type);
    psa_set_key_bits(&a, bits);
    psa_set_key_algorithm(&a, alg);
    psa_set_key_usage_flags(&a, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH);
    if (psa_generate_key(&a, &id) != PSA_SUCCESS) {
        return -1;
    }
    return ejwt_key_from_psa(id, ealg, kid, out) == EJWT_OK ? 0 : -1;
}

static int setup(void **state)
{
    uint8_t point[65];
    size_t n = 0;

    (void)state;
    if (ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    /* The issuer's signing key and, in the JWK Set, only its public half. */
    if (generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
                 PSA_ALG_ECDSA(PSA_ALG_SHA_256), EJWT_ALG_ES256, "ec-1", &ec_priv) != 0 ||
        ejwt_key_export_es256_public(&ec_priv, point, sizeof(point), &n) != EJWT_OK ||
        ejwt_key_import_es256_public(point, n, &ec_pub) != EJWT_OK) {
        return -1;
    }
    set_kid(&ec_pub, "ec-1");
    /* Another P-256 key that claims the same kid. */
    if (generate(PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1), 256,
                 PSA_ALG_ECDSA(PSA_ALG_SHA_256), EJWT_ALG_ES256, "ec-1", &impostor_priv) != 0) {
        return -1;
    }
    jwks[0] = ec_pub;
    njwks = 1;
#if EJWT_ENABLE_RS256
    if (generate(PSA_KEY_TYPE_RSA_KEY_PAIR, 2048, PSA_ALG_RSA_PKCS1V15_SIGN(PSA_ALG_SHA_256),
                 EJWT_ALG_RS256, "rsa-1", &rsa_key) != 0) {
        return -1;
    }
    jwks[njwks++] = rsa_key;
#endif
    return 0;
}

static size_t make_token(const at_case *c)
{
    ejwt_builder b;
    ejwt_key signer;
    char obj[1024];
    size_t len = 0;
    int n;

    switch (c->signer) {
    case EC:
        signer = ec_priv;
        break;
    case EC_NO_KID:
        signer = ec_priv;
        set_kid(&signer, NULL);
        break;
    case EC_OTHER_KID:
        signer = ec_priv;
        set_kid(&signer, "ec-2");
        break;
    case EC_IMPOSTOR:
        signer = impostor_priv;
        break;
    case RSA:
    default:
        signer = rsa_key;
        break;
    }
    n = snprintf(obj, sizeof(obj), "{%s}", c->claims);
    assert_true(n > 0 && (size_t)n < sizeof(obj));
    ejwt_builder_init(&b, token, sizeof(token), &signer, c->typ);
    ejwt_builder_add_members(&b, obj, (size_t)n);
    assert_int_equal(ejwt_builder_finish(&b, &len), EJWT_OK);
    return len;
}

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

static int run_case(const at_case *c)
{
    ejwt_access_token_opts o;
    size_t len = make_token(c);
    size_t needed = 1;
    int err;

    memset(&o, 0, sizeof(o));
    o.algs = c->algs != 0u ? c->algs : EJWT_ALG_BIT(EJWT_ALG_ES256) | EJWT_ALG_BIT(EJWT_ALG_RS256);
    o.now = c->now != 0 ? c->now : NOW;
    o.issuer = ISSUER;
    o.resource = RESOURCE;
    o.scope = c->scope;
    memset(&jwt, 0xa5, sizeof(jwt));
    err = ejwt_access_token_verify(token, len, &o, jwks, njwks, work, sizeof(work), &needed, &jwt);
    if (err != c->expect) {
        print_error("%s: got %s, expected %s\n", c->name, ejwt_error_name(err),
                    ejwt_error_name(c->expect));
        return -1;
    }
    if (err == EJWT_OK) {
        ejwt_json claims = ejwt_jwt_claims(&jwt);
        int idx = ejwt_json_find(&claims, 0, "client_id");
        if (needed == 0u || idx <= 0 ||
            ejwt_json_string_equals(&claims, idx, "s6BhdRkqt3", 10) != 1) {
            print_error("%s: accepted but the claims are not the token's\n", c->name);
            return -1;
        }
    } else if (!all_zero(&jwt, sizeof(jwt)) || needed != 0u) {
        print_error("%s: refused but out or work_needed not cleared\n", c->name);
        return -1;
    }
    return 0;
}

static const at_case accepted[] = {
    {"valid ES256, typ at+jwt", EC, "at+jwt", VALID, NULL, 0, 0, EJWT_OK},
    {"typ application/at+jwt", EC, "application/at+jwt", VALID, NULL, 0, 0, EJWT_OK},
    {"typ AT+JWT (RFC 7515 4.1.9: case-insensitive)", EC, "AT+JWT", VALID, NULL, 0, 0, EJWT_OK},
    {"aud array containing the resource", EC, "at+jwt",
     C_ISS ",\"aud\":[\"https://other.example.com\",\"" RESOURCE "\"]," C_EXP "," C_IAT "," C_JTI
           "," C_CID "," C_SUB,
     NULL, 0, 0, EJWT_OK},
    {"required scope present", EC, "at+jwt", VALID "," C_SCOPE, "profile openid", 0, 0, EJWT_OK},
    {"required scope, extra spaces", EC, "at+jwt", VALID "," C_SCOPE, "  openid   ", 0, 0, EJWT_OK},
    {"scope escaped in JSON (re\\u0061demail)", EC, "at+jwt",
     VALID ",\"scope\":\"openid re\\u0061demail\"", "reademail", 0, 0, EJWT_OK},
    {"no required scope, scope absent", EC, "at+jwt", VALID, NULL, 0, 0, EJWT_OK},
    {"no required scope, scope present", EC, "at+jwt", VALID "," C_SCOPE, NULL, 0, 0, EJWT_OK},
    {"last second before exp (now = exp - 1)", EC, "at+jwt", VALID, NULL, 0, NOW + 299, EJWT_OK},
#if EJWT_ENABLE_RS256
    {"valid RS256", RSA, "at+jwt", VALID "," C_SCOPE, "openid", 0, 0, EJWT_OK},
#endif
};

static const at_case refused[] = {
    {"typ missing", EC, NULL, VALID, NULL, 0, 0, EJWT_ERR_TYP_MISMATCH},
    {"typ JWT", EC, "JWT", VALID, NULL, 0, 0, EJWT_ERR_TYP_MISMATCH},
    {"typ application/jwt", EC, "application/jwt", VALID, NULL, 0, 0, EJWT_ERR_TYP_MISMATCH},
    {"typ at+jwt with a suffix", EC, "at+jwtx", VALID, NULL, 0, 0, EJWT_ERR_TYP_MISMATCH},
    {"kid missing", EC_NO_KID, "at+jwt", VALID, NULL, 0, 0, EJWT_ERR_KID_MISSING},
    {"kid unknown", EC_OTHER_KID, "at+jwt", VALID, NULL, 0, 0, EJWT_ERR_KEY_NOT_FOUND},
    {"right kid, other key", EC_IMPOSTOR, "at+jwt", VALID, NULL, 0, 0, EJWT_ERR_SIGNATURE_INVALID},
    {"alg not allowed", EC, "at+jwt", VALID, NULL, EJWT_ALG_BIT(EJWT_ALG_RS256), 0,
     EJWT_ERR_ALG_NOT_ALLOWED},
    {"iss different", EC, "at+jwt",
     "\"iss\":\"https://as.example.com/\"," C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_CID "," C_SUB,
     NULL, 0, 0, EJWT_ERR_ISS_MISMATCH},
    {"iss missing", EC, "at+jwt", C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_CID "," C_SUB, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"aud without the resource", EC, "at+jwt",
     C_ISS ",\"aud\":[\"https://other.example.com\",\"https://api.example.com/\"]," C_EXP "," C_IAT
           "," C_JTI "," C_CID "," C_SUB,
     NULL, 0, 0, EJWT_ERR_AUD_MISMATCH},
    {"aud missing", EC, "at+jwt", C_ISS "," C_EXP "," C_IAT "," C_JTI "," C_CID "," C_SUB, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"exp missing", EC, "at+jwt", C_ISS "," C_AUD "," C_IAT "," C_JTI "," C_CID "," C_SUB, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"iat missing", EC, "at+jwt", C_ISS "," C_AUD "," C_EXP "," C_JTI "," C_CID "," C_SUB, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"jti missing", EC, "at+jwt", C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_CID "," C_SUB, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"client_id missing", EC, "at+jwt", C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_SUB,
     NULL, 0, 0, EJWT_ERR_CLAIM_MISSING},
    {"sub missing", EC, "at+jwt", C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_CID, NULL, 0,
     0, EJWT_ERR_CLAIM_MISSING},
    {"client_id not a string", EC, "at+jwt",
     C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI ",\"client_id\":42," C_SUB, NULL, 0, 0,
     EJWT_ERR_CLAIM_TYPE},
    {"client_id an array", EC, "at+jwt",
     C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI ",\"client_id\":[\"s6BhdRkqt3\"]," C_SUB, NULL,
     0, 0, EJWT_ERR_CLAIM_TYPE},
    {"sub not a string", EC, "at+jwt",
     C_ISS "," C_AUD "," C_EXP "," C_IAT "," C_JTI "," C_CID ",\"sub\":5", NULL, 0, 0,
     EJWT_ERR_CLAIM_TYPE},
    {"expired (now = exp)", EC, "at+jwt", VALID, NULL, 0, NOW + 300, EJWT_ERR_EXPIRED},
    {"time unknown", EC, "at+jwt", VALID, NULL, 0, EJWT_TIME_UNKNOWN, EJWT_ERR_TIME_UNKNOWN},
    {"scope insufficient (read write vs read)", EC, "at+jwt", VALID ",\"scope\":\"read\"",
     "read write", 0, 0, EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope substring trap (read vs readwrite)", EC, "at+jwt", VALID ",\"scope\":\"readwrite\"",
     "read", 0, 0, EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope prefix trap (reademail vs read)", EC, "at+jwt", VALID "," C_SCOPE, "read", 0, 0,
     EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope case differs (RFC 6749 3.3: case-sensitive)", EC, "at+jwt", VALID "," C_SCOPE, "OpenID",
     0, 0, EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope absent with a required scope", EC, "at+jwt", VALID, "openid", 0, 0,
     EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope empty with a required scope", EC, "at+jwt", VALID ",\"scope\":\"\"", "openid", 0, 0,
     EJWT_ERR_SCOPE_INSUFFICIENT},
    {"scope not a string", EC, "at+jwt", VALID ",\"scope\":[\"openid\"]", "openid", 0, 0,
     EJWT_ERR_CLAIM_TYPE},
    {"scope not a string, none required", EC, "at+jwt", VALID ",\"scope\":1", NULL, 0, 0,
     EJWT_ERR_CLAIM_TYPE},
    {"scope holding U+0000", EC, "at+jwt", VALID ",\"scope\":\"openid\\u0000x\"", "openid", 0, 0,
     EJWT_ERR_CLAIM_TYPE},
#if EJWT_ENABLE_RS256
    {"RS256 not allowed", RSA, "at+jwt", VALID, NULL, EJWT_ALG_BIT(EJWT_ALG_ES256), 0,
     EJWT_ERR_ALG_NOT_ALLOWED},
    {"RS256 typ JWT", RSA, "JWT", VALID, NULL, 0, 0, EJWT_ERR_TYP_MISMATCH},
#endif
};

static void test_accepted(void **state)
{
    size_t i;
    int failed = 0;

    (void)state;
    for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
        failed |= run_case(&accepted[i]) != 0;
    }
    assert_false(failed);
}

static void test_refused(void **state)
{
    size_t i;
    int failed = 0;

    (void)state;
    for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        failed |= run_case(&refused[i]) != 0;
    }
    assert_false(failed);
}

/* A scope longer than the bound is refused with EJWT_ERR_LIMIT, never cut. */
static void test_scope_over_bound(void **state)
{
    static char claims[EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN + 512];
    at_case c = {"scope over the bound", EC, "at+jwt", claims, "openid", 0, 0, EJWT_ERR_LIMIT};
    size_t n;

    (void)state;
    n = (size_t)snprintf(claims, sizeof(claims), "%s,\"scope\":\"openid ", VALID);
    while (n < sizeof(claims) - 3u && n < strlen(VALID) + EJWT_ACCESS_TOKEN_MAX_SCOPE_LEN + 20u) {
        claims[n++] = 'x';
    }
    claims[n++] = '"';
    claims[n] = '\0';
    assert_int_equal(run_case(&c), 0);
}

/* The header is wiped and work_needed reported the core's way when the
 * work buffer is too small. */
static void test_work_too_small(void **state)
{
    static const at_case c = {"valid", EC, "at+jwt", VALID, NULL, 0, 0, EJWT_OK};
    ejwt_access_token_opts o;
    size_t len = make_token(&c);
    size_t needed = 0;

    (void)state;
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = NOW;
    o.issuer = ISSUER;
    o.resource = RESOURCE;
    assert_int_equal(ejwt_access_token_verify(token, len, &o, jwks, njwks, work, 8, &needed, &jwt),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_true(needed > 8u && needed <= sizeof(work));
    assert_true(all_zero(&jwt, sizeof(jwt)));
    assert_int_equal(
        ejwt_access_token_verify(token, len, &o, jwks, njwks, work, needed, &needed, &jwt),
        EJWT_OK);
}

static void test_error_names(void **state)
{
    (void)state;
    assert_int_equal(EJWT_ERR_KID_MISSING, -122);
    assert_int_equal(EJWT_ERR_SCOPE_INSUFFICIENT, -123);
    assert_string_equal(ejwt_error_name(EJWT_ERR_KID_MISSING), "EJWT_ERR_KID_MISSING");
    assert_string_equal(ejwt_error_name(EJWT_ERR_SCOPE_INSUFFICIENT),
                        "EJWT_ERR_SCOPE_INSUFFICIENT");
#if EJWT_ENABLE_ERROR_STRINGS
    assert_string_equal(ejwt_strerror(EJWT_ERR_KID_MISSING),
                        "header kid missing (required by the access-token profile)");
    assert_string_equal(ejwt_strerror(EJWT_ERR_SCOPE_INSUFFICIENT),
                        "access token scope lacks a required scope");
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),         cmocka_unit_test(test_refused),
        cmocka_unit_test(test_scope_over_bound), cmocka_unit_test(test_work_too_small),
        cmocka_unit_test(test_error_names),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
