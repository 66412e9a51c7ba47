/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt keygen: a new exportable key for the provisioning station, written
 * to a file created with mode 0600. Key material never goes to stdout. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <psa/crypto.h>

#include "args.h"
#include "cli.h"
#include "io.h"
#include "pem.h"
#include "strbuf.h"

#define CLI_HMAC_KEY_LEN 32

static char keytext[2048];
/* --force: replace an existing --out file (a key is never lost by accident). */
static int overwrite;

static int write_key(const char *path, const void *data, size_t len)
{
    if (cli_write_private_file(path, data, len, overwrite) != 0) {
        if (errno == EEXIST) {
            return cli_usage_error("keygen: '%s' exists; --force replaces it", path);
        }
        return cli_usage_error("keygen: cannot write '%s': %s", path, strerror(errno));
    }
    return CLI_EXIT_OK;
}

/* {"kty":"EC","crv":"P-256","x","y","d","alg":"ES256","kid":<RFC 7638>} */
static int es256_jwk(mbedtls_svc_key_id_t id, char *out, size_t cap)
{
    uint8_t point[CLI_P256_POINT_LEN];
    uint8_t d[CLI_P256_SCALAR_LEN];
    char pub[256];
    char thumb[EJWT_THUMBPRINT_LEN + 1];
    size_t n = 0;
    cli_sb sb;
    int rc = -1;

    if (psa_export_public_key(id, point, sizeof point, &n) != PSA_SUCCESS || n != sizeof point ||
        psa_export_key(id, d, sizeof d, &n) != PSA_SUCCESS || n != sizeof d) {
        goto done;
    }
    /* The thumbprint input: the required members in lexicographic order. */
    cli_sb_init(&sb, pub, sizeof pub);
    cli_sb_puts(&sb, "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"");
    cli_sb_b64url(&sb, point + 1, 32);
    cli_sb_puts(&sb, "\",\"y\":\"");
    cli_sb_b64url(&sb, point + 33, 32);
    cli_sb_puts(&sb, "\"}");
    if (cli_sb_finish(&sb) != 0 || ejwt_jwk_thumbprint_json(pub, sb.len, thumb) != EJWT_OK) {
        goto done;
    }
    cli_sb_init(&sb, out, cap);
    cli_sb_puts(&sb, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"");
    cli_sb_b64url(&sb, point + 1, 32);
    cli_sb_puts(&sb, "\",\"y\":\"");
    cli_sb_b64url(&sb, point + 33, 32);
    cli_sb_puts(&sb, "\",\"d\":\"");
    cli_sb_b64url_secret(&sb, d, sizeof d);
    cli_sb_puts(&sb, "\",\"alg\":\"ES256\",\"kid\":\"");
    cli_sb_puts(&sb, thumb);
    cli_sb_puts(&sb, "\"}\n");
    rc = cli_sb_finish(&sb);
done:
    cli_wipe(d, sizeof d);
    return rc;
}

static int keygen_es256(const char *path, int pem)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st;
    int rc;

    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_HASH |
                                       PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    st = psa_generate_key(&attr, &id);
    psa_reset_key_attributes(&attr);
    if (st != PSA_SUCCESS) {
        return cli_reject(st == PSA_ERROR_INSUFFICIENT_ENTROPY ? EJWT_ERR_ENTROPY
                                                               : EJWT_ERR_CRYPTO);
    }
    rc = pem ? cli_pem_write_private(id, keytext, sizeof keytext)
             : es256_jwk(id, keytext, sizeof keytext);
    psa_destroy_key(id);
    if (rc != 0) {
        cli_wipe(keytext, sizeof keytext);
        return cli_reject(EJWT_ERR_CRYPTO);
    }
    rc = write_key(path, keytext, strlen(keytext));
    cli_wipe(keytext, sizeof keytext);
    return rc;
}

static int keygen_hs256(const char *path, int raw)
{
    uint8_t k[CLI_HMAC_KEY_LEN];
    cli_sb sb;
    int rc = ejwt_random(k, sizeof k);

    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    if (raw) {
        rc = write_key(path, k, sizeof k);
        cli_wipe(k, sizeof k);
        return rc;
    }
    cli_sb_init(&sb, keytext, sizeof keytext);
    cli_sb_puts(&sb, "{\"kty\":\"oct\",\"k\":\"");
    cli_sb_b64url_secret(&sb, k, sizeof k);
    cli_sb_puts(&sb, "\",\"alg\":\"HS256\"}\n");
    cli_wipe(k, sizeof k);
    rc = cli_sb_finish(&sb) == 0 ? write_key(path, keytext, sb.len) : cli_reject(EJWT_ERR_LIMIT);
    cli_wipe(keytext, sizeof keytext);
    return rc;
}

int cli_cmd_keygen(int argc, char **argv)
{
    const char *alg_s = NULL, *out = NULL, *format = NULL;
    const cli_opt opts[] = {
        {"alg", &alg_s, NULL},
        {"out", &out, NULL},
        {"format", &format, NULL},
        {"force", NULL, &overwrite},
    };
    ejwt_alg alg;
    size_t npos;
    int rc;

    rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], NULL, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (alg_s == NULL || cli_parse_alg(alg_s, strlen(alg_s), &alg) != 0) {
        return cli_usage_error("keygen: --alg ES256|HS256 is required");
    }
    if (out == NULL) {
        return cli_usage_error("keygen: --out FILE is required");
    }
    if (format == NULL) {
        format = "jwk";
    }
    if (alg == EJWT_ALG_ES256) {
        if (strcmp(format, "jwk") != 0 && strcmp(format, "pem") != 0) {
            return cli_usage_error("keygen: ES256 keys are written as jwk or pem");
        }
        return keygen_es256(out, strcmp(format, "pem") == 0);
    }
    if (strcmp(format, "jwk") != 0 && strcmp(format, "raw") != 0) {
        return cli_usage_error("keygen: HS256 keys are written as jwk or raw (for --secret)");
    }
    return keygen_hs256(out, strcmp(format, "raw") == 0);
}
