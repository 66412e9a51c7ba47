/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt pubkey: the public JWK (kid = RFC 7638 thumbprint) or PEM of an
 * ES256 key. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "keys.h"
#include "pem.h"

static char out_text[1024];

int cli_cmd_pubkey(int argc, char **argv)
{
    cli_keysrc src = {NULL, NULL, NULL};
    const char *format = NULL;
    const cli_opt opts[] = {
        {"jwk", &src.jwk, NULL},
        {"pem", &src.pem, NULL},
        {"format", &format, NULL},
    };
    uint8_t point[CLI_P256_POINT_LEN];
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
    rc = cli_load_es256_key(&src, &key);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (pem) {
        rc = ejwt_key_export_es256_public(&key, point, sizeof point, &len);
        if (rc == EJWT_OK && cli_pem_write_public(point, out_text, sizeof out_text) != 0) {
            rc = EJWT_ERR_CRYPTO;
        }
        len = strlen(out_text);
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
