/* SPDX-License-Identifier: Apache-2.0 */
/* A bounded string builder for the JSON the tool writes (JWKs). Overflow is
 * latched and reported once by cli_sb_finish(). */
#ifndef EJWT_CLI_STRBUF_H
#define EJWT_CLI_STRBUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct cli_sb {
    char *buf;
    size_t cap;
    size_t len;
    int overflow;
} cli_sb;

void cli_sb_init(cli_sb *sb, char *buf, size_t cap);
void cli_sb_puts(cli_sb *sb, const char *s);
/* Append the base64url encoding of \p n public bytes. */
void cli_sb_b64url(cli_sb *sb, const uint8_t *p, size_t n);
/* The same for key material (`d`, `k`), with the constant-time encoder. */
void cli_sb_b64url_secret(cli_sb *sb, const uint8_t *p, size_t n);
/* Terminate. Returns 0, or -1 when anything did not fit. */
int cli_sb_finish(cli_sb *sb);

#endif /* EJWT_CLI_STRBUF_H */
