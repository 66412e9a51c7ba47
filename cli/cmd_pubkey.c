/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt pubkey: the public JWK (kid = RFC 7638 thumbprint) or PEM of an
 * EC or RSA key. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "keys.h"
#include "pem.h"

/* The public JWK or SPKI PEM of the largest RSA key, with room to spare. */
#define CLI_MAX_PUBTEXT ((EJWT_RSA_MAX_BITS / 8) * 2 + 512)

static char out_text[CLI_MAX_PUBTEXT];

int cli_cmd_pubkey(int argc, char **argv)
{
    cli_keysrc src = {NULL, NULL, NULL};
    const char *format = NULL, *alg_s = NULL;
    const cli_opt opts[] = {
        {"alg", &alg_s, NULL},
        {"jwk", &src.jwk, NULL},
        {"pem", &src.pem, NULL},
        {"format", &format, NULL},
    };
    ejwt_key key;
    size_t npos, len = 0;
    int pem, rc;

    rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], NULL, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = cli_keysrc_check(&src, "pubkey", 0);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (format != NULL && strcmp(format, "jwk") != 0 && strcmp(format, "pem") != 0) {
        return cli_usage_error("pubkey: --format is jwk or pem");
    }
    pem = format != NULL && strcmp(format, "pem") == 0;
    rc = cli_load_public_key(&src, alg_s, &key);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (pem) {
        rc = cli_pem_write_public(&key, out_text, sizeof out_text) == 0 ? EJWT_OK : EJWT_ERR_CRYPTO;
        len = rc == EJWT_OK ? strlen(out_text) : 0;
    } else {
        rc = ejwt_jwk_export_public(&key, out_text, sizeof out_text, &len);
    }
    cli_destroy_keys(&key, 1);
    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    fwrite(out_text, 1, len, stdout);
    if (!pem) {
        fputc('\n', stdout);
    }
    return CLI_EXIT_OK;
}
