/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt: entry point, usage text and command dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <psa/crypto.h>

#include "cli.h"

static const char usage_text[] =
    "usage:\n"
    "  ejwt sign   --alg ALG (--jwk FILE | --pem FILE | --secret FILE) [--kid KID] [--typ TYP]\n"
    "              [--claims JSON] [--iat] [--exp-in SECONDS] [--nbf-in SECONDS] [--jti]\n"
    "              [--now UNIX]\n"
    "  ejwt verify (--jwk FILE | --pem FILE | --secret FILE) [--alg ALG[,ALG...]]\n"
    "              [--iss S] [--aud S | --ignore-aud] [--sub S] [--typ S]\n"
    "              [--leeway SECONDS] [--require CLAIM[,CLAIM...]] [--now UNIX] [--jws]\n"
    "              [TOKEN | -]\n"
    "  ejwt verify --profile access-token --issuer ISS --resource RES [--scope \"S ...\"]\n"
    "              --jwks FILE [--alg ALG[,ALG...]] [--leeway SECONDS] [--now UNIX]\n"
    "              [TOKEN | -]\n"
    "  ejwt decode [TOKEN | -]\n"
    "  ejwt keygen --alg ALG --out FILE [--format jwk|pem|raw] [--bits 2048|3072|4096]\n"
    "              [--force]\n"
    "  ejwt pubkey (--jwk FILE | --pem FILE [--alg ALG]) [--format jwk|pem]\n"
    "  ejwt device [--storage DIR] [--max-wait SECONDS] [--refresh-margin SECONDS]\n"
    "              jwk | provision ... | login [--grant G] | token | get URL | logout\n"
    "              (ejwt device --help)\n"
    "  ejwt --help | ejwt COMMAND --help | ejwt --version\n"
    "\n"
    "ALG is ES256, ES384, ES512, HS256, HS384, HS512, RS256, RS384, RS512, PS256,\n"
    "PS384 or PS512. CLAIM is one of iss,sub,aud,exp,nbf,iat,jti.\n"
    "verify prints the verified payload and exits 0; a rejected token prints\n"
    "\"error: <NAME>: <message>\" and exits 1; bad usage or key files exit 2.\n"
    "Without --aud a token that has an aud claim is rejected (RFC 7519 4.1.3);\n"
    "--ignore-aud accepts it, for a caller that checks the audience itself.\n"
    "--profile access-token checks an RFC 9068 JWT access token: typ at+jwt, a kid\n"
    "found in the JWK Set, iss = ISS, aud containing RES, exp, iat, jti, sub and\n"
    "client_id present, and every word of --scope in the token's scope.\n"
    "decode does NOT verify anything: its output is marked UNVERIFIED.\n";

void cli_print_usage(FILE *f)
{
    fputs(usage_text, f);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("ejwt: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_reject(int err)
{
    fprintf(stderr, "error: %s: %s\n", ejwt_error_name(err), ejwt_strerror(err));
    return CLI_EXIT_REJECT;
}

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
} cli_command;

static const cli_command commands[] = {
    {"sign", cli_cmd_sign},     {"verify", cli_cmd_verify}, {"decode", cli_cmd_decode},
    {"keygen", cli_cmd_keygen}, {"pubkey", cli_cmd_pubkey}, {"device", cli_cmd_device},
};

int main(int argc, char **argv)
{
    const cli_command *cmd = NULL;
    size_t i;
    int rc;

    if (argc < 2) {
        cli_print_usage(stderr);
        return CLI_EXIT_USAGE;
    }
    /* Asked for: on stdout, and a success. */
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        cli_print_usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ejwt %s\n", ejwt_version());
        return CLI_EXIT_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            cmd = &commands[i];
        }
    }
    if (cmd == NULL) {
        fprintf(stderr, "ejwt: unknown command '%s'\n", argv[1]);
        cli_print_usage(stderr);
        return CLI_EXIT_USAGE;
    }

    rc = ejwt_crypto_init();
    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    rc = cmd->run(argc - 1, argv + 1);
    if (rc == CLI_EXIT_HELP_SHOWN) {
        rc = CLI_EXIT_OK;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("ejwt: cannot write to stdout\n", stderr);
        if (rc == CLI_EXIT_OK) {
            rc = CLI_EXIT_REJECT;
        }
    }
    mbedtls_psa_crypto_free();
    return rc;
}
