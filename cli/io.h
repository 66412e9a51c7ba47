/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded file, stdin and stdout helpers of the ejwt tool. */
#ifndef EJWT_CLI_IO_H
#define EJWT_CLI_IO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Result of cli_read_file() and cli_read_token(). */
#define CLI_IO_OK 0
#define CLI_IO_ERROR (-1)    /* cannot open or read; errno tells why */
#define CLI_IO_TOO_LONG (-2) /* more input than the buffer holds */

/* Read a whole file into buf and terminate it with a NUL (so at most cap - 1
 * bytes fit). *len excludes the terminator. */
int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len);

/* The token: \p arg itself, or stdin when arg is NULL or "-". From stdin at
 * most cap bytes are kept and one trailing "\n" or "\r\n" is stripped; more
 * input than cap is CLI_IO_TOO_LONG (the rest is not read). */
int cli_read_token(const char *arg, char *buf, size_t cap, const char **tok, size_t *len);

/* Create \p path with mode 0600 and write \p len bytes; an existing file is
 * replaced only when \p overwrite is set (else -1 with errno EEXIST). 0 or
 * -1 (errno set). */
int cli_write_private_file(const char *path, const void *data, size_t len, int overwrite);

/* Write bytes as a double-quoted string: printable ASCII as is, '"' and '\\'
 * escaped, everything else as \n, \r, \t or \xHH. */
void cli_print_escaped(FILE *f, const uint8_t *p, size_t n);

/* Overwrite a buffer that held key material. */
void cli_wipe(void *p, size_t n);

#endif /* EJWT_CLI_IO_H */
