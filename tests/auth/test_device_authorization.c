/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The RFC 8628 device authorization response (device_authorization.h):
 * RFC 8628 section 3.2's example and the answer Glewlwyd 2.7.5 sent the
 * glewlwyd.device_grant harness, then one case per rule of the contract
 * (required and optional members, types, number forms, ranges, the
 * character set, the EJWT_SESSION_MAX_* bounds, strict JSON), each with
 * its own error code and an all-zero result on failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/auth/device_authorization.h>
#include <ejwt/auth/oauth.h>
#include <ejwt/auth/retry.h>

#include "ejwt_test_util.h"

/* RFC 8628 section 3.2, the example response body as printed (the page's
 * six-space indent removed). */
static const char rfc8628_example[] =
    "{\n"
    "  \"device_code\": \"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS\",\n"
    "  \"user_code\": \"WDJB-MJHT\",\n"
    "  \"verification_uri\": \"https://example.com/device\",\n"
    "  \"verification_uri_complete\":\n"
    "      \"https://example.com/device?user_code=WDJB-MJHT\",\n"
    "  \"expires_in\": 1800,\n"
    "  \"interval\": 5\n"
    "}";

/* Glewlwyd 2.7.5's answer to the device authorization request of the
 * glewlwyd.device_grant scenario (tests/glewlwyd: 249 bytes, interval and
 * expires_in as that harness configures them), byte for byte. */
static const char glewlwyd_answer[] =
    "{\"device_code\":\"aOoZzeXha4rNv1rc50ZjuAHHT2VK8O6J\",\"user_code\":\"AL5Y-BC27\","
    "\"verification_uri\":\"https://127.0.0.1:54809/api/oidc/device\","
    "\"verification_uri_complete\":\"https://127.0.0.1:54809/api/oidc/device?code=AL5Y-BC27\","
    "\"expires_in\":30,\"interval\":2}";

/* The required members, valid; a case appends to or replaces them. */
#define DC "\"device_code\":\"d\""
#define UC "\"user_code\":\"A\""
#define VU "\"verification_uri\":\"https://x\""
#define EI "\"expires_in\":30"
#define BASE DC "," UC "," VU "," EI

static ejwt_device_authorization da;
static char body[2048];

static int parse(const char *text)
{
    memset(&da, 0xA5, sizeof(da));
    return ejwt_device_authorization_parse(text, strlen(text), &da);
}

/* A refusal: its code, and nothing left in the result. */
static void refused(const char *text, int code)
{
    int err = parse(text);

    if (err != code) {
        print_error("%s: %d, wanted %d\n", text, err, code);
    }
    assert_int_equal(err, code);
    assert_true(tu_all_zero(&da, sizeof(da)));
}

/* The two real answers, member by member. */
static void test_real_answers(void **state)
{
    static const struct {
        const char *body;
        size_t len;
        const char *device_code, *user_code, *uri, *uri_complete;
        uint32_t expires_in, interval;
    } a[] = {
        {rfc8628_example, sizeof(rfc8628_example) - 1u, "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
         "WDJB-MJHT", "https://example.com/device",
         "https://example.com/device?user_code=WDJB-MJHT", 1800, 5},
        {glewlwyd_answer, 249, "aOoZzeXha4rNv1rc50ZjuAHHT2VK8O6J", "AL5Y-BC27",
         "https://127.0.0.1:54809/api/oidc/device",
         "https://127.0.0.1:54809/api/oidc/device?code=AL5Y-BC27", 30, 2},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
        assert_int_equal(strlen(a[i].body), a[i].len);
        assert_int_equal(parse(a[i].body), EJWT_OK);
        assert_string_equal(da.device_code, a[i].device_code);
        assert_string_equal(da.user_code, a[i].user_code);
        assert_string_equal(da.verification_uri, a[i].uri);
        assert_string_equal(da.verification_uri_complete, a[i].uri_complete);
        assert_int_equal(da.expires_in, a[i].expires_in);
        assert_int_equal(da.interval, a[i].interval);
    }
}

/* interval and verification_uri_complete may be left out; other members
 * (nested ones included) are ignored; escapes are decoded. */
static void test_optional_and_extra_members(void **state)
{
    (void)state;
    assert_int_equal(parse("{" BASE "}"), EJWT_OK);
    assert_int_equal(da.interval, EJWT_DEVICE_POLL_INTERVAL_S);
    assert_string_equal(da.verification_uri_complete, "");
    assert_int_equal(da.expires_in, 30);
    assert_int_equal(parse("{\"x\":{\"device_code\":7},\"y\":[null,true]," BASE
                           ",\"message\":\"Enter the code\"}"),
                     EJWT_OK);
    assert_string_equal(da.device_code, "d");
    assert_int_equal(parse("{\"device_code\":\"a\\/b\\u0041\",\"user_code\":\"A\","
                           "\"verification_uri\":\"https:\\/\\/x\"," EI ",\"interval\":1}"),
                     EJWT_OK);
    assert_string_equal(da.device_code, "a/bA");
    assert_string_equal(da.verification_uri, "https://x");
    assert_int_equal(da.interval, 1);
    assert_int_equal(parse(" \r\n\t{" BASE "} \n"), EJWT_OK); /* JSON whitespace */
}

static void test_required_members(void **state)
{
    (void)state;
    refused("{" UC "," VU "," EI "}", EJWT_ERR_OAUTH_RESPONSE);
    refused("{" DC "," VU "," EI "}", EJWT_ERR_OAUTH_RESPONSE);
    refused("{" DC "," UC "," EI "}", EJWT_ERR_OAUTH_RESPONSE);
    refused("{" DC "," UC "," VU "}", EJWT_ERR_OAUTH_RESPONSE);
    refused("{}", EJWT_ERR_OAUTH_RESPONSE);
    /* a member of another name does not stand in for one */
    refused("{\"Device_code\":\"d\"," UC "," VU "," EI "}", EJWT_ERR_OAUTH_RESPONSE);
    refused("{" DC "," UC ",\"verification_url\":\"https://x\"," EI "}", EJWT_ERR_OAUTH_RESPONSE);
}

static void test_member_types(void **state)
{
    static const char *const bad[] = {
        "{\"device_code\":7," UC "," VU "," EI "}",
        "{" DC ",\"user_code\":null," VU "," EI "}",
        "{" DC "," UC ",\"verification_uri\":[\"https://x\"]," EI "}",
        "{" BASE ",\"verification_uri_complete\":true}",
        "{" DC "," UC "," VU ",\"expires_in\":\"30\"}",
        "{" BASE ",\"interval\":\"5\"}",
        "{" BASE ",\"interval\":null}",
        "{" DC "," UC "," VU ",\"expires_in\":{}}",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        refused(bad[i], EJWT_ERR_OAUTH_RESPONSE);
    }
}

/* Numbers: digits only, 1..the bound. */
static void test_numbers(void **state)
{
    static const char *const bad[] = {
        "{" DC "," UC "," VU ",\"expires_in\":30.5}",
        "{" DC "," UC "," VU ",\"expires_in\":30.0}",
        "{" DC "," UC "," VU ",\"expires_in\":3e1}",
        "{" DC "," UC "," VU ",\"expires_in\":-30}",
        "{" DC "," UC "," VU ",\"expires_in\":0}",
        "{" DC "," UC "," VU ",\"expires_in\":99999999999999999999}",
        "{" BASE ",\"interval\":0}",
        "{" BASE ",\"interval\":-5}",
        "{" BASE ",\"interval\":5.5}",
        "{" BASE ",\"interval\":5E0}",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        refused(bad[i], EJWT_ERR_OAUTH_RESPONSE);
    }
    /* the bounds themselves are kept, one more is refused */
    snprintf(body, sizeof(body), "{" DC "," UC "," VU ",\"expires_in\":%ld,\"interval\":%u}",
             (long)EJWT_OAUTH_MAX_EXPIRES_IN, EJWT_DEVICE_MAX_INTERVAL_S);
    assert_int_equal(parse(body), EJWT_OK);
    assert_int_equal(da.expires_in, EJWT_OAUTH_MAX_EXPIRES_IN);
    assert_int_equal(da.interval, EJWT_DEVICE_MAX_INTERVAL_S);
    snprintf(body, sizeof(body), "{" DC "," UC "," VU ",\"expires_in\":%ld}",
             (long)EJWT_OAUTH_MAX_EXPIRES_IN + 1);
    refused(body, EJWT_ERR_OAUTH_RESPONSE);
    snprintf(body, sizeof(body), "{" BASE ",\"interval\":%u}", EJWT_DEVICE_MAX_INTERVAL_S + 1u);
    refused(body, EJWT_ERR_OAUTH_RESPONSE);
    assert_int_equal(parse("{" DC "," UC "," VU ",\"expires_in\":1,\"interval\":1}"), EJWT_OK);
    assert_int_equal(da.expires_in, 1);
    assert_int_equal(da.interval, 1);
}

/* Strings: printable ASCII without spaces, non-empty (every one of them). */
static void test_characters(void **state)
{
    static const char *const names[] = {"device_code", "user_code", "verification_uri",
                                        "verification_uri_complete"};
    static const char *const values[] = {
        "",         "a b",       "a\\tb",   "\\u0001", "a\\u007f", "\\u00e9",
        "\xc3\xa9", "a\\u0000b", "\\u0000", "a\\nb",   " a",
    };
    static const char *const others[] = {
        "\"device_code\":\"d\"",
        "\"user_code\":\"A\"",
        "\"verification_uri\":\"https://x\"",
        "\"verification_uri_complete\":\"https://x?c=A\"",
    };
    size_t m, v, k;

    (void)state;
    for (m = 0; m < sizeof(names) / sizeof(names[0]); m++) {
        for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
            size_t n = (size_t)snprintf(body, sizeof(body), "{\"%s\":\"%s\"", names[m], values[v]);
            for (k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
                if (k != m) {
                    n += (size_t)snprintf(body + n, sizeof(body) - n, ",%s", others[k]);
                }
            }
            snprintf(body + n, sizeof(body) - n, "," EI "}");
            refused(body, EJWT_ERR_OAUTH_RESPONSE);
        }
    }
    /* the edges of the range are kept */
    assert_int_equal(parse("{\"device_code\":\"!~\"," UC "," VU "," EI "}"), EJWT_OK);
    assert_string_equal(da.device_code, "!~");
}

/* Each string's bound: exactly EJWT_SESSION_MAX_* bytes is kept, one more
 * is EJWT_ERR_LIMIT (decoded length: an escape counts as its byte). */
static void test_bounds(void **state)
{
    static const struct {
        const char *name;
        size_t max;
    } m[] = {
        {"device_code", EJWT_SESSION_MAX_DEVICE_CODE},
        {"user_code", EJWT_SESSION_MAX_USER_CODE},
        {"verification_uri", EJWT_SESSION_MAX_VERIFICATION_URI},
        {"verification_uri_complete", EJWT_SESSION_MAX_VERIFICATION_URI},
    };
    static const char *const others[] = {DC, UC, VU, "\"verification_uri_complete\":\"c\""};
    static char value[2 * EJWT_SESSION_MAX_VERIFICATION_URI + 2u];
    size_t i, k, extra;

    (void)state;
    for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
        for (extra = 0; extra < 2u; extra++) {
            size_t n, len = m[i].max + extra;
            const char *kept;
            /* "\/" escapes in the second half: the decoded length counts */
            memset(value, 'v', len);
            for (k = len / 2u; k < len; k++) {
                value[k] = '/';
            }
            value[len] = '\0';
            n = (size_t)snprintf(body, sizeof(body), "{\"%s\":\"", m[i].name);
            for (k = 0; k < len; k++) {
                n += (size_t)snprintf(body + n, sizeof(body) - n, "%s",
                                      value[k] == '/' ? "\\/" : "v");
            }
            n += (size_t)snprintf(body + n, sizeof(body) - n, "\"");
            for (k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
                if (k != i) {
                    n += (size_t)snprintf(body + n, sizeof(body) - n, ",%s", others[k]);
                }
            }
            assert_true(n + 20u < sizeof(body));
            snprintf(body + n, sizeof(body) - n, "," EI "}");
            if (extra) {
                refused(body, EJWT_ERR_LIMIT);
                continue;
            }
            assert_int_equal(parse(body), EJWT_OK);
            kept = i == 0u   ? da.device_code
                   : i == 1u ? da.user_code
                   : i == 2u ? da.verification_uri
                             : da.verification_uri_complete;
            assert_string_equal(kept, value);
        }
    }
}

/* Strict JSON first: the core parser's codes, and an object at the root. */
static void test_strict_json(void **state)
{
    int i, n;

    (void)state;
    assert_int_equal(ejwt_device_authorization_parse(NULL, 0, &da), EJWT_ERR_JSON_SYNTAX);
    assert_true(tu_all_zero(&da, sizeof(da)));
    refused("", EJWT_ERR_JSON_SYNTAX);
    refused("{" BASE "", EJWT_ERR_JSON_SYNTAX);
    refused("{" BASE "}x", EJWT_ERR_JSON_SYNTAX);
    refused("{" BASE "}{}", EJWT_ERR_JSON_SYNTAX);
    refused("{" BASE ",}", EJWT_ERR_JSON_SYNTAX);
    refused("{'device_code':'d'}", EJWT_ERR_JSON_SYNTAX);
    refused("{" BASE ",\"expires_in\":30}", EJWT_ERR_JSON_DUPLICATE);
    refused("{" BASE ",\"device_code\":\"e\"}", EJWT_ERR_JSON_DUPLICATE);
    refused("{\"device_code\":\"\\x\"," UC "," VU "," EI "}", EJWT_ERR_JSON_STRING);
    refused("["
            "{" BASE "}"
            "]",
            EJWT_ERR_JSON_NOT_OBJECT);
    refused("\"device_code\"", EJWT_ERR_JSON_NOT_OBJECT);
    refused("30", EJWT_ERR_JSON_NOT_OBJECT);
    refused("{" BASE ",\"x\":[[[[[[[[[[1]]]]]]]]]]}", EJWT_ERR_JSON_TOO_DEEP);
    /* the token pool: the object and 4 members take 9 tokens, 10 extra
     * members 20 more, "a":[0] 3: EJWT_SESSION_DA_TOKENS exactly; one more
     * array element is refused. */
    for (i = 0; i < 2; i++) {
        int extra;
        n = snprintf(body, sizeof(body), "{" BASE);
        for (extra = (EJWT_SESSION_DA_TOKENS - 12) / 2; extra > 0; extra--) {
            n += snprintf(body + n, sizeof(body) - (size_t)n, ",\"m%d\":0", extra);
        }
        snprintf(body + n, sizeof(body) - (size_t)n, i == 0 ? ",\"a\":[0]}" : ",\"a\":[0,0]}");
        if (i == 0) {
            assert_int_equal(parse(body), EJWT_OK);
        } else {
            refused(body, EJWT_ERR_JSON_TOO_MANY_TOKENS);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_answers),     cmocka_unit_test(test_optional_and_extra_members),
        cmocka_unit_test(test_required_members), cmocka_unit_test(test_member_types),
        cmocka_unit_test(test_numbers),          cmocka_unit_test(test_characters),
        cmocka_unit_test(test_bounds),           cmocka_unit_test(test_strict_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
