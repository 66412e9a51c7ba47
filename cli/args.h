/* SPDX-License-Identifier: Apache-2.0 */
/* Command-line options: "--name value", "--name=value" and flags, plus
 * strict number and list parsing. */
#ifndef EJWT_CLI_ARGS_H
#define EJWT_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include <ejwt/ejwt.h>

/* One option a command accepts. Exactly one of value and flag is set. */
typedef struct cli_opt {
    const char *name;   /* without the leading "--" */
    const char **value; /* receives the option's argument */
    int *flag;          /* set to 1 when the flag is present */
} cli_opt;

/* Parse argv[1..argc-1] (argv[0] is the command). Positional arguments go to
 * pos (at most pos_cap). "-" is positional; "--" ends the options. An unknown
 * option, a missing argument, a repeated option or too many positional
 * arguments print a message and return CLI_EXIT_USAGE; "--help" prints the
 * usage and returns CLI_EXIT_USAGE. Returns CLI_EXIT_OK otherwise. */
int cli_parse_args(int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
                   size_t pos_cap, size_t *npos);

/* Strict decimal integers: optional '-' (i64 only), digits, nothing else.
 * Return 0 or -1. */
int cli_parse_i64(const char *s, int64_t *out);
int cli_parse_u32(const char *s, uint32_t *out);

/* Parse an algorithm name the core has compiled in ("ES256", "PS512").
 * Returns 0 or -1. */
int cli_parse_alg(const char *s, size_t len, ejwt_alg *out);

/* Parse a comma list of algorithms into EJWT_ALG_BIT() bits. 0 or -1. */
int cli_parse_alg_list(const char *s, uint32_t *bits);

/* Parse a comma list of claim names (iss,sub,aud,exp,nbf,iat,jti) into
 * EJWT_CLAIM_* bits. 0 or -1. */
int cli_parse_claim_list(const char *s, uint32_t *bits);

#endif /* EJWT_CLI_ARGS_H */
