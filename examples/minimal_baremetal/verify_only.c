/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A verifier-only firmware: it links ejwt::core and nothing else of ejwt
 * (no platform layer, no MCU glue, no storage, no entropy source), as a
 * device that only checks tokens its backend signs would. It verifies the
 * RFC 7515 A.3 ES256 token with the A.3 public key, byte for byte from the
 * RFC, then checks that the token with one signature character changed and
 * the token under a pinned HS256 are refused. Exits 0 only if all three
 * answers are the expected ones.
 *
 * The core needs nothing from the firmware beyond start-up and a console:
 * no clock (the time to check against is the caller's, here a constant just
 * before the token's `exp`), no entropy (verification draws none) and no
 * allocator.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <ejwt/ejwt.h>

#include "console.h"
#include "startup.h"

int main(void);

/* RFC 7515 A.3.1: the public part of the ES256 example key, and the token. */
static const char a3_jwk[] = "{\"kty\":\"EC\",\"crv\":\"P-256\","
                             "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                             "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
static const char a3_token[] =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
#define A3_EXP 1300819380

static char token[sizeof a3_token];
static uint8_t work[EJWT_WORK_SIZE(sizeof a3_token)];
static ejwt_jwt jwt;

static int verify(const ejwt_key *key, uint32_t algs)
{
    ejwt_verify_opts opts;

    memset(&opts, 0, sizeof opts);
    opts.algs = algs;
    opts.now = A3_EXP - 1;
    return ejwt_jwt_verify(token, sizeof token - 1u, key, 1, &opts, work, sizeof work, NULL, &jwt);
}

static int fail(const char *what, int rc)
{
    console_puts("verify_only: FAILED: ");
    console_puts(what);
    console_puts(": ");
    console_puts(ejwt_error_name(rc));
    console_puts("\n");
    return 1;
}

int main(void)
{
    ejwt_key key;
    char *sig;
    int rc;

    console_init();
    console_puts("verify_only: ejwt ");
    console_puts(ejwt_version());
    console_puts(", core only\n");
    rc = ejwt_crypto_init();
    if (rc != EJWT_OK) {
        return fail("crypto init", rc);
    }
    rc = ejwt_jwk_import(a3_jwk, sizeof a3_jwk - 1u, &key);
    if (rc != EJWT_OK) {
        return fail("import the A.3 key", rc);
    }

    memcpy(token, a3_token, sizeof token);
    rc = verify(&key, EJWT_ALG_BIT(EJWT_ALG_ES256));
    if (rc != EJWT_OK) {
        return fail("verify RFC 7515 A.3", rc);
    }
    console_puts("verified: RFC 7515 A.3 (ES256)\n");

    rc = verify(&key, EJWT_ALG_BIT(EJWT_ALG_HS256));
    if (rc == EJWT_OK) {
        return fail("A.3 accepted with only HS256 allowed", rc);
    }
    console_puts("refused: ES256 token when HS256 is pinned (");
    console_puts(ejwt_error_name(rc));
    console_puts(")\n");

    sig = strrchr(token, '.') + 1; /* the first character: six whole bits */
    *sig = *sig == 'D' ? 'E' : 'D';
    rc = verify(&key, EJWT_ALG_BIT(EJWT_ALG_ES256));
    if (rc != EJWT_ERR_SIGNATURE_INVALID) {
        return fail("tampered A.3 not refused as a bad signature", rc);
    }
    console_puts("refused: tampered signature (");
    console_puts(ejwt_error_name(rc));
    console_puts(")\n");

    (void)ejwt_key_destroy(&key);
    console_puts("stack peak ");
    console_putu((uint32_t)example_stack_peak());
    console_puts(" of ");
    console_putu((uint32_t)example_stack_size());
    console_puts(" bytes\nverify_only: OK\n");
    return 0;
}
