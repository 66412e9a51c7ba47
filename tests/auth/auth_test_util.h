/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers for the device-authentication tests (assertion, oauth, session):
 * the device key's public half as a verify key, a client-assertion check
 * done the way a backend does it, and a form-body reader that decodes as
 * Python's urllib.parse.parse_qs does ('+' is a space, %XX a byte).
 */
#ifndef EJWT_AUTH_TEST_UTIL_H
#define EJWT_AUTH_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/platform/device_key.h>
#include <ejwt/platform/token_store.h>
#include <ejwt/ejwt.h>
#include <psa/crypto.h>

#include "platform_test_util.h"

/* The public half of \p dev as an ES256 verify key. */
static inline int at_public_key(const ejwt_key *dev, ejwt_key *pub)
{
    uint8_t point[65];
    size_t n = 0;
    int err = ejwt_key_export_es256_public(dev, point, sizeof(point), &n);
    if (err != EJWT_OK) {
        return err;
    }
    return ejwt_key_import_es256_public(point, n, pub);
}

/* Verify a client assertion as the backend does (RFC 7523 section 3). */
static inline int at_verify_assertion(const ejwt_key *pub, const char *token, size_t len,
                                      const char *client_id, const char *aud, int64_t now,
                                      uint8_t *work, size_t work_cap, ejwt_jwt *out)
{
    ejwt_verify_opts o;

    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = now;
    o.iss = client_id;
    o.sub = client_id;
    o.aud = aud;
    o.typ = "JWT";
    o.required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP |
                 EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    return ejwt_jwt_verify(token, len, pub, 1, &o, work, work_cap, NULL, out);
}

static inline int at_hex(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

/* Decode field \p name of a form body into \p out (terminated); the decoded
 * length, or -1 when absent, malformed or too long. */
static inline long at_form_get(const char *body, const char *name, char *out, size_t cap)
{
    size_t name_len = strlen(name);
    const char *p = body;

    while (*p != '\0') {
        const char *end = strchr(p, '&');
        const char *eq = strchr(p, '=');
        size_t o = 0;
        if (end == NULL) {
            end = p + strlen(p);
        }
        if (eq != NULL && eq < end && (size_t)(eq - p) == name_len &&
            memcmp(p, name, name_len) == 0) {
            const char *v = eq + 1;
            while (v < end) {
                int c;
                if (*v == '+') {
                    c = ' ';
                    v++;
                } else if (*v == '%') {
                    if (end - v < 3 || at_hex(v[1]) < 0 || at_hex(v[2]) < 0) {
                        return -1;
                    }
                    c = at_hex(v[1]) * 16 + at_hex(v[2]);
                    v += 3;
                } else {
                    c = (unsigned char)*v;
                    v++;
                }
                if (o + 1u >= cap) {
                    return -1;
                }
                out[o++] = (char)c;
            }
            out[o] = '\0';
            return (long)o;
        }
        p = *end == '&' ? end + 1 : end;
    }
    return -1;
}

/* Number of fields in a form body. */
static inline int at_form_count(const char *body)
{
    int n = body[0] != '\0' ? 1 : 0;
    for (; *body != '\0'; body++) {
        n += *body == '&' ? 1 : 0;
    }
    return n;
}

/* A fresh test world for the authentication tests: fake clock at \p t0, a
 * private storage directory, PSA, the device key and its public half. */
static inline int at_world_setup(int64_t t0, ejwt_key *dev, ejwt_key *pub)
{
    fake_clock_install(t0);
    if (test_dir_create() != 0 || ejwt_crypto_init() != EJWT_OK ||
        ejwt_device_key_provision(dev, NULL) != EJWT_OK) {
        return -1;
    }
    return at_public_key(dev, pub);
}

/* A reboot of the test world: PSA restarted (volatile keys gone), uptime
 * back near 0, the token store opened again (a new boot id), the device key
 * found in storage and its public half imported again (the backend's copy
 * was a volatile key). 0, or -1 at the first step that failed. */
static inline int at_reboot(ejwt_key *dev, ejwt_key *pub, ejwt_token_store *ts)
{
    mbedtls_psa_crypto_free();
    if (ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    fc.uptime_ms = 1000u;
    if (ejwt_token_store_init(ts) != EJWT_OK || ejwt_device_key_get(dev) != EJWT_OK) {
        return -1;
    }
    return at_public_key(dev, pub) == EJWT_OK ? 0 : -1;
}

static inline void at_world_teardown(ejwt_key *pub)
{
    (void)ejwt_key_destroy(pub);
    (void)ejwt_device_key_destroy();
    mbedtls_psa_crypto_free();
    test_dir_remove();
}

#endif /* EJWT_AUTH_TEST_UTIL_H */
