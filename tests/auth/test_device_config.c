/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device configuration service: the endpoints copied from Glewlwyd's
 * discovery document as ejwt_discovery_parse() reads it, the session
 * configuration it gives ("" as NULL), the record round trip at every
 * bound with an RFC 7591 registration inside, hostile records (every
 * truncation, every length byte raised, a NUL inside a string, unknown
 * flags, a trailing byte) refused as EJWT_ERR_STORAGE_CORRUPT, and the
 * sealed save / load / remove with work buffers checked and wiped.
 */
#define _DEFAULT_SOURCE

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include <ejwt/auth/device_config.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#include "auth_test_util.h"
#include "platform_test_util.h"
#include "server_docs.h"

#define T0 INT64_C(1800000000)
#define REG_RESPONSE                                                                               \
    "{\"client_id\":\"dev-1\",\"registration_access_token\":\"rat-secret-1\","                     \
    "\"registration_client_uri\":\"https://127.0.0.1:4593/api/oidc/register/dev-1\","              \
    "\"token_endpoint_auth_method\":\"private_key_jwt\","                                          \
    "\"grant_types\":[\"client_credentials\"]}"

static ejwt_key dev, pub; /* the world of the auth tests (a device key) */
static ejwt_device_config cfg, back;
static ejwt_discovery md;
static jsmntok_t tok[EJWT_DISCOVERY_TOKENS];
static uint8_t rec[EJWT_DEVICE_CONFIG_RECORD_MAX];
static uint8_t bad[EJWT_DEVICE_CONFIG_RECORD_MAX + 1u];
static uint8_t work[EJWT_DEVICE_CONFIG_WORK_SIZE];

static int setup(void **state)
{
    (void)state;
    return at_world_setup(T0, &dev, &pub);
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_device_config_remove();
    at_world_teardown(&pub);
    return 0;
}

static int all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    size_t i;

    for (i = 0; i < n; i++) {
        if (b[i] != 0u) {
            return 0;
        }
    }
    return 1;
}

/* A configuration from Glewlwyd's metadata with a registration. */
static void glewlwyd_config(ejwt_device_config *c)
{
    static const char doc[] = GLEWLWYD_DISCOVERY;
    static const char resp[] = REG_RESPONSE;

    memset(c, 0, sizeof(*c));
    assert_int_equal(ejwt_discovery_parse(doc, sizeof(doc) - 1u, GLEWLWYD_ISSUER,
                                          strlen(GLEWLWYD_ISSUER), 0, tok, EJWT_DISCOVERY_TOKENS,
                                          &md),
                     EJWT_OK);
    assert_int_equal(ejwt_device_config_from_metadata(c, &md), EJWT_OK);
    assert_int_equal(ejwt_registration_parse_response(201, resp, sizeof(resp) - 1u, 0, &c->reg),
                     EJWT_OK);
    c->registered = 1;
    strcpy(c->client_id, c->reg.client_id);
    strcpy(c->scope, "g_admin openid");
    c->grant = EJWT_SESSION_USE_DEVICE_CODE;
    c->ca_pinned = 1;
    memset(c->ca_sha256, 0xA5, sizeof(c->ca_sha256));
}

static void test_from_metadata(void **state)
{
    (void)state;
    glewlwyd_config(&cfg);
    assert_string_equal(cfg.issuer, "https://127.0.0.1:4593/api/oidc");
    assert_string_equal(cfg.token_endpoint, "https://127.0.0.1:4593/api/oidc/token");
    assert_string_equal(cfg.jwks_uri, "https://127.0.0.1:4593/api/oidc/jwks");
    assert_string_equal(cfg.revocation_endpoint, "https://127.0.0.1:4593/api/oidc/revoke");
    assert_string_equal(cfg.registration_endpoint, "https://127.0.0.1:4593/api/oidc/register");
    assert_string_equal(cfg.device_authorization_endpoint,
                        "https://127.0.0.1:4593/api/oidc/device_authorization");
    /* an unterminated string in the metadata is refused */
    memset(md.jwks_uri, 'a', sizeof(md.jwks_uri));
    assert_int_equal(ejwt_device_config_from_metadata(&cfg, &md), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_from_metadata(NULL, &md), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_from_metadata(&cfg, NULL), EJWT_ERR_INVALID_ARG);
}

static void test_session_config(void **state)
{
    ejwt_session_config sc;

    (void)state;
    glewlwyd_config(&cfg);
    memset(&sc, 0, sizeof(sc));
    sc.refresh_margin_s = 77u;
    assert_int_equal(ejwt_device_config_session(&cfg, &sc), EJWT_OK);
    assert_ptr_equal(sc.client_id, cfg.client_id);
    assert_ptr_equal(sc.token_endpoint, cfg.token_endpoint);
    assert_int_equal(sc.grant_type, EJWT_SESSION_USE_DEVICE_CODE);
    assert_ptr_equal(sc.device_authorization_endpoint, cfg.device_authorization_endpoint);
    assert_ptr_equal(sc.revocation_endpoint, cfg.revocation_endpoint);
    assert_ptr_equal(sc.scope, cfg.scope);
    assert_null(sc.resource);                   /* "" */
    assert_int_equal(sc.refresh_margin_s, 77u); /* left as it was */
    cfg.revocation_endpoint[0] = '\0';
    cfg.device_authorization_endpoint[0] = '\0';
    cfg.scope[0] = '\0';
    strcpy(cfg.resource, "https://api.example/");
    assert_int_equal(ejwt_device_config_session(&cfg, &sc), EJWT_OK);
    assert_null(sc.revocation_endpoint);
    assert_null(sc.device_authorization_endpoint);
    assert_null(sc.scope);
    assert_ptr_equal(sc.resource, cfg.resource);
    assert_int_equal(ejwt_device_config_session(NULL, &sc), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_session(&cfg, NULL), EJWT_ERR_INVALID_ARG);
}

static void expect_same(const ejwt_device_config *a, const ejwt_device_config *b)
{
    assert_string_equal(a->issuer, b->issuer);
    assert_string_equal(a->token_endpoint, b->token_endpoint);
    assert_string_equal(a->device_authorization_endpoint, b->device_authorization_endpoint);
    assert_string_equal(a->revocation_endpoint, b->revocation_endpoint);
    assert_string_equal(a->registration_endpoint, b->registration_endpoint);
    assert_string_equal(a->jwks_uri, b->jwks_uri);
    assert_string_equal(a->client_id, b->client_id);
    assert_string_equal(a->scope, b->scope);
    assert_string_equal(a->resource, b->resource);
    assert_int_equal(a->grant, b->grant);
    assert_int_equal(a->ca_pinned, b->ca_pinned);
    assert_memory_equal(a->ca_sha256, b->ca_sha256, sizeof(a->ca_sha256));
    assert_int_equal(a->registered, b->registered);
    assert_string_equal(a->reg.client_id, b->reg.client_id);
    assert_string_equal(a->reg.registration_access_token, b->reg.registration_access_token);
    assert_string_equal(a->reg.registration_client_uri, b->reg.registration_client_uri);
}

static void test_round_trip(void **state)
{
    size_t n = 0, m = 0;

    (void)state;
    glewlwyd_config(&cfg);
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_OK);
    assert_int_equal(ejwt_device_config_decode(rec, n, 0, &back), EJWT_OK);
    expect_same(&cfg, &back);
    assert_string_equal(back.reg.registration_access_token, "rat-secret-1");
    /* every cap short of the record is refused, the buffer wiped */
    for (m = 0; m < n; m++) {
        size_t got = 1;
        memset(bad, 0x5A, sizeof(bad));
        assert_int_equal(ejwt_device_config_encode(&cfg, bad, m, &got), EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(got, 0);
        assert_true(all_zero(bad, m));
    }
    /* without registration or pin */
    cfg.registered = 0;
    cfg.ca_pinned = 0;
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &m), EJWT_OK);
    assert_true(m < n);
    assert_int_equal(ejwt_device_config_decode(rec, m, 0, &back), EJWT_OK);
    assert_int_equal(back.registered, 0);
    assert_int_equal(back.ca_pinned, 0);
    assert_string_equal(back.reg.client_id, "");
}

static void test_bounds(void **state)
{
    size_t n = 0;

    (void)state;
    glewlwyd_config(&cfg);
    /* every string at its bound */
    memset(cfg.issuer, 'i', EJWT_DISCOVERY_MAX_URL);
    memset(cfg.jwks_uri, 'j', EJWT_DISCOVERY_MAX_URL);
    memset(cfg.client_id, 'c', EJWT_ASSERTION_MAX_CLIENT_ID);
    memset(cfg.scope, 's', EJWT_SESSION_MAX_PARAM);
    memset(cfg.resource, 'r', EJWT_SESSION_MAX_PARAM);
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_OK);
    assert_true(n <= EJWT_DEVICE_CONFIG_RECORD_MAX);
    assert_int_equal(ejwt_device_config_decode(rec, n, 0, &back), EJWT_OK);
    expect_same(&cfg, &back);
    /* one past: no terminator */
    cfg.scope[EJWT_SESSION_MAX_PARAM] = 's';
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_ERR_INVALID_ARG);
    glewlwyd_config(&cfg);
    cfg.client_id[0] = '\0';
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_ERR_INVALID_ARG);
    glewlwyd_config(&cfg);
    cfg.token_endpoint[0] = '\0';
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_ERR_INVALID_ARG);
    glewlwyd_config(&cfg);
    cfg.grant = (ejwt_session_grant_type)2;
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_encode(NULL, rec, sizeof(rec), &n), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_decode(NULL, 4, 0, &back), EJWT_ERR_INVALID_ARG);
    assert_int_equal(ejwt_device_config_decode(rec, 4, 0, NULL), EJWT_ERR_INVALID_ARG);
}

static void expect_corrupt(const uint8_t *in, size_t len)
{
    memset(&back, 0x33, sizeof(back));
    assert_int_equal(ejwt_device_config_decode(in, len, 0, &back), EJWT_ERR_STORAGE_CORRUPT);
    assert_true(all_zero(&back, sizeof(back)));
}

static void test_hostile(void **state)
{
    size_t n = 0, i;

    (void)state;
    glewlwyd_config(&cfg);
    assert_int_equal(ejwt_device_config_encode(&cfg, rec, sizeof(rec), &n), EJWT_OK);
    for (i = 0; i < n; i++) {
        expect_corrupt(rec, i); /* every truncation */
    }
    memcpy(bad, rec, n);
    bad[n] = 0;
    expect_corrupt(bad, n + 1u); /* a trailing byte */
    for (i = 0; i < 4u; i++) {   /* magic and version */
        memcpy(bad, rec, n);
        bad[i] ^= 0x01u;
        expect_corrupt(bad, n);
    }
    memcpy(bad, rec, n);
    bad[4] = 2; /* no such grant */
    expect_corrupt(bad, n);
    memcpy(bad, rec, n);
    bad[5] |= 0x04u; /* an unknown flag */
    expect_corrupt(bad, n);
    memcpy(bad, rec, n);
    bad[5] &= (uint8_t)~0x02u; /* the registration's bytes left over */
    expect_corrupt(bad, n);
    /* the first string (the issuer) one longer than it is, or over its bound */
    memcpy(bad, rec, n);
    bad[7] = (uint8_t)(bad[7] + 1u);
    expect_corrupt(bad, n);
    memcpy(bad, rec, n);
    bad[6] = (uint8_t)((EJWT_DISCOVERY_MAX_URL + 1u) >> 8);
    bad[7] = (uint8_t)(EJWT_DISCOVERY_MAX_URL + 1u);
    expect_corrupt(bad, n);
    /* a NUL inside the issuer */
    memcpy(bad, rec, n);
    bad[10] = 0;
    expect_corrupt(bad, n);
    /* the registration record damaged inside (its magic, after its length) */
    memcpy(bad, rec, n);
    {
        size_t reg_at = n;
        size_t reg_n = 0;
        uint8_t reg_rec[EJWT_REGISTRATION_RECORD_MAX];
        assert_int_equal(ejwt_registration_encode(&cfg.reg, reg_rec, sizeof(reg_rec), &reg_n),
                         EJWT_OK);
        reg_at = n - reg_n;
        assert_memory_equal(bad + reg_at, reg_rec, reg_n);
        bad[reg_at] ^= 0x01u;
    }
    expect_corrupt(bad, n);
}

static void test_sealed(void **state)
{
    size_t i;

    (void)state;
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)),
                     EJWT_ERR_STORAGE_NOT_FOUND);
    glewlwyd_config(&cfg);
    assert_int_equal(ejwt_device_config_save(&cfg, work, sizeof(work) - 1u),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(ejwt_device_config_save(&cfg, work, sizeof(work)), EJWT_OK);
    assert_true(all_zero(work, sizeof(work)));
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work) - 1u),
                     EJWT_ERR_BUFFER_TOO_SMALL);
    memset(&back, 0, sizeof(back));
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)), EJWT_OK);
    assert_true(all_zero(work, sizeof(work)));
    expect_same(&cfg, &back);
    /* a save replaces */
    cfg.grant = EJWT_SESSION_USE_CLIENT_CREDENTIALS;
    assert_int_equal(ejwt_device_config_save(&cfg, work, sizeof(work)), EJWT_OK);
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)), EJWT_OK);
    assert_int_equal(back.grant, EJWT_SESSION_USE_CLIENT_CREDENTIALS);
    /* another record kind under the uid does not open as a configuration */
    for (i = 0; i < 8u; i++) {
        work[i] = (uint8_t)i;
    }
    assert_int_equal(ejwt_sealed_record_save(EJWT_DEVICE_CONFIG_UID, EJWT_DEVICE_CONFIG_KIND + 1u,
                                             work, 8u, work + 8u, sizeof(work) - 8u),
                     EJWT_OK);
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)),
                     EJWT_ERR_SEALED_INVALID);
    assert_true(all_zero(&back, sizeof(back)));
    /* a sealed record of the right kind that is not a configuration */
    memset(work, 0, sizeof(work));
    assert_int_equal(ejwt_sealed_record_save(EJWT_DEVICE_CONFIG_UID, EJWT_DEVICE_CONFIG_KIND, work,
                                             8u, work + 8u, sizeof(work) - 8u),
                     EJWT_OK);
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)),
                     EJWT_ERR_STORAGE_CORRUPT);
    assert_int_equal(ejwt_device_config_remove(), EJWT_OK);
    assert_int_equal(ejwt_device_config_load(&back, 0, work, sizeof(work)),
                     EJWT_ERR_STORAGE_NOT_FOUND);
    assert_int_equal(ejwt_device_config_remove(), EJWT_OK); /* absent counts as removed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_metadata), cmocka_unit_test(test_session_config),
        cmocka_unit_test(test_round_trip),    cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_hostile),       cmocka_unit_test(test_sealed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
