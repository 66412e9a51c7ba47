/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt keygen: a new exportable key for the provisioning station, written
 * to a file created with mode 0600. Key material never goes to stdout. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <psa/crypto.h>

#include "algs.h"
#include "args.h"
#include "cli.h"
#include "io.h"
#include "jwk_private.h"
#include "pem.h"
#include "strbuf.h"

/* The private JWK of an RSA key of EJWT_RSA_MAX_BITS: n and d of the
 * modulus' size and five members (p, q, dp, dq, qi) of half of it, 4.5
 * moduli in all, base64url, with room for e, the names and the kid. */
#define CLI_JWK_PRIVATE_MAX (((EJWT_RSA_MAX_BITS / 8) * 9 / 2 + 16) * 4 / 3 + 256)
/* Its PKCS#8 PEM: the DER (PSA's RSAPrivateKey and the PKCS#8 wrapping)
 * in base64, a newline every 64 characters, and the two label lines. */
#define CLI_PEM_PRIVATE_MAX                                                                        \
    ((PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(EJWT_RSA_MAX_BITS) + 64) * 4 / 3 * 65 / 64 + 128)
/* The longest key text keygen writes. */
#define CLI_MAX_KEYTEXT                                                                            \
    (CLI_JWK_PRIVATE_MAX > CLI_PEM_PRIVATE_MAX ? CLI_JWK_PRIVATE_MAX : CLI_PEM_PRIVATE_MAX)
/* The longest HMAC secret: HS512's 64 bytes. */
#define CLI_HMAC_MAX_KEY_LEN 64

static char keytext[CLI_MAX_KEYTEXT];
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

/* An exportable key pair for \p a (the PSA policy the core binds to it),
 * written as a private JWK or a PKCS#8 PEM. */
static int keygen_pair(const char *path, const cli_alg_info *a, size_t rsa_bits, int pem)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st;
    int rc;

    if (a->family == CLI_FAMILY_EC) {
        psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
        psa_set_key_bits(&attr, a->size);
    } else {
        psa_set_key_type(&attr, PSA_KEY_TYPE_RSA_KEY_PAIR);
        psa_set_key_bits(&attr, rsa_bits);
    }
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_HASH |
                                       PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&attr, cli_alg_policy(a));
    st = psa_generate_key(&attr, &id);
    psa_reset_key_attributes(&attr);
    if (st != PSA_SUCCESS) {
        return cli_reject(st == PSA_ERROR_INSUFFICIENT_ENTROPY ? EJWT_ERR_ENTROPY
                                                               : EJWT_ERR_CRYPTO);
    }
    rc = pem ? cli_pem_write_private(id, keytext, sizeof keytext)
             : cli_jwk_write_private(id, a->alg, keytext, sizeof keytext);
    psa_destroy_key(id);
    if (rc != 0) {
        cli_wipe(keytext, sizeof keytext);
        return cli_reject(EJWT_ERR_CRYPTO);
    }
    rc = write_key(path, keytext, strlen(keytext));
    cli_wipe(keytext, sizeof keytext);
    return rc;
}

/* A random secret of the hash's output length (RFC 7518 section 3.2). */
static int keygen_hmac(const char *path, const cli_alg_info *a, int raw)
{
    uint8_t k[CLI_HMAC_MAX_KEY_LEN];
    const size_t len = a->size;
    cli_sb sb;
    int rc = ejwt_random(k, len);

    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    if (raw) {
        rc = write_key(path, k, len);
        cli_wipe(k, sizeof k);
        return rc;
    }
    cli_sb_init(&sb, keytext, sizeof keytext);
    cli_sb_puts(&sb, "{\"kty\":\"oct\",\"k\":\"");
    cli_sb_b64url_secret(&sb, k, len);
    cli_sb_puts(&sb, "\",\"alg\":\"");
    cli_sb_puts(&sb, ejwt_alg_name(a->alg));
    cli_sb_puts(&sb, "\"}\n");
    cli_wipe(k, sizeof k);
    rc = cli_sb_finish(&sb) == 0 ? write_key(path, keytext, sb.len) : cli_reject(EJWT_ERR_LIMIT);
    cli_wipe(keytext, sizeof keytext);
    return rc;
}

int cli_cmd_keygen(int argc, char **argv)
{
    const char *alg_s = NULL, *out = NULL, *format = NULL, *bits_s = NULL;
    const cli_opt opts[] = {
        {"alg", &alg_s, NULL},   {"out", &out, NULL},         {"format", &format, NULL},
        {"bits", &bits_s, NULL}, {"force", NULL, &overwrite},
    };
    const cli_alg_info *a;
    uint32_t bits = CLI_RSA_DEFAULT_BITS;
    ejwt_alg alg;
    size_t npos;
    int rc;

    rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], NULL, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (alg_s == NULL || cli_parse_alg(alg_s, strlen(alg_s), &alg) != 0 ||
        (a = cli_alg_info_of(alg)) == NULL) {
        return cli_usage_error("keygen: --alg ALG is required (%s)", CLI_ALG_NAMES);
    }
    if (out == NULL) {
        return cli_usage_error("keygen: --out FILE is required");
    }
    if (bits_s != NULL && a->family != CLI_FAMILY_RSA) {
        return cli_usage_error("keygen: --bits is for RS and PS keys");
    }
    if (bits_s != NULL &&
        (cli_parse_u32(bits_s, &bits) != 0 || (bits != 2048 && bits != 3072 && bits != 4096) ||
         bits > EJWT_RSA_MAX_BITS)) {
        return cli_usage_error("keygen: --bits is 2048, 3072 or 4096, not '%s'", bits_s);
    }
    if (format == NULL) {
        format = "jwk";
    }
    if (a->family != CLI_FAMILY_HMAC) {
        if (strcmp(format, "jwk") != 0 && strcmp(format, "pem") != 0) {
            return cli_usage_error("keygen: %s keys are written as jwk or pem", alg_s);
        }
        return keygen_pair(out, a, bits, strcmp(format, "pem") == 0);
    }
    if (strcmp(format, "jwk") != 0 && strcmp(format, "raw") != 0) {
        return cli_usage_error("keygen: %s keys are written as jwk or raw (for --secret)", alg_s);
    }
    return keygen_hmac(out, a, strcmp(format, "raw") == 0);
}
