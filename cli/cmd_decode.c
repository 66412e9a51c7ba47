/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt decode: show a token's header and payload WITHOUT verifying them. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "io.h"

static char token_in[CLI_MAX_TOKEN_INPUT];
static uint8_t work[EJWT_WORK_SIZE(CLI_MAX_TOKEN_INPUT)];
static ejwt_jws jws;

/* Valid JSON holds control characters only as whitespace between tokens, so
 * turning them into spaces keeps the value and keeps it on its one marked
 * line. */
static void print_json_line(const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        fputc(p[i] < 0x20 ? ' ' : p[i], stdout);
    }
    fputc('\n', stdout);
}

int cli_cmd_decode(int argc, char **argv)
{
    const char *pos[1] = {NULL};
    const char *token = NULL;
    size_t npos, token_len = 0;
    int rc;

    rc = cli_parse_args(argc, argv, NULL, 0, pos, 1, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = cli_read_token(npos > 0 ? pos[0] : NULL, token_in, sizeof token_in, &token, &token_len);
    if (rc == CLI_IO_TOO_LONG) {
        return cli_reject(EJWT_ERR_TOKEN_TOO_LONG);
    }
    if (rc != CLI_IO_OK) {
        return cli_usage_error("decode: cannot read the token from stdin");
    }
    if (token_len == 0) {
        return cli_usage_error("decode: no token (the argument or stdin is empty)");
    }
    rc = ejwt_jws_parse(token, token_len, work, sizeof work, NULL, &jws);
    if (rc != EJWT_OK) {
        return cli_reject(rc);
    }
    /* The header was validated as strict JSON by the parser; the payload may
     * be any bytes, so it is printed raw only when it is strict JSON. */
    fputs("UNVERIFIED header: ", stdout);
    print_json_line((const uint8_t *)jws.header, jws.header_len);
    if (jws.payload_len > 0 &&
        ejwt_json_validate((const char *)jws.payload, jws.payload_len) == EJWT_OK) {
        fputs("UNVERIFIED payload: ", stdout);
        print_json_line(jws.payload, jws.payload_len);
    } else {
        fputs("UNVERIFIED payload (not JSON, escaped): ", stdout);
        cli_print_escaped(stdout, jws.payload, jws.payload_len);
        fputc('\n', stdout);
    }
    return CLI_EXIT_OK;
}
