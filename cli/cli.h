/* SPDX-License-Identifier: Apache-2.0 */
/* Shared definitions of the ejwt command-line tool: exit codes, buffer
 * sizes, messages and the commands. Host only. */
#ifndef EJWT_CLI_H
#define EJWT_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <ejwt/ejwt.h>

/* Exit codes of the contract in DESIGN.md. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_REJECT 1 /* token rejected, malformed, or an operation failed */
#define CLI_EXIT_USAGE 2  /* bad usage, unreadable or unusable key file */
/* Internal, never an exit status: a command printed its usage because it
 * was asked to (--help); main() exits CLI_EXIT_OK. */
#define CLI_EXIT_HELP_SHOWN 100

/* Largest key file (JWK, JWK Set, PEM or raw secret) the tool reads. */
#define CLI_MAX_KEYFILE 16384

/* A token read from stdin may carry one trailing "\r\n". */
#define CLI_MAX_TOKEN_INPUT (EJWT_MAX_TOKEN_LEN + 2)

#if defined(__GNUC__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* "ejwt: <message>" on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "error: <NAME>: <message>" on stderr; returns CLI_EXIT_REJECT. */
int cli_reject(int err);

/* The usage text, on \p f (stdout when asked for, stderr after a usage error). */
void cli_print_usage(FILE *f);

/* The commands: argv[0] is the command name. Each returns an exit code. */
int cli_cmd_sign(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_decode(int argc, char **argv);
int cli_cmd_keygen(int argc, char **argv);
int cli_cmd_pubkey(int argc, char **argv);
int cli_cmd_device(int argc, char **argv);

#endif /* EJWT_CLI_H */
