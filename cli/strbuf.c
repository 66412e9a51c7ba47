/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded string building. */
#include "strbuf.h"

#include <string.h>

#include <ejwt/ejwt.h>

void cli_sb_init(cli_sb *sb, char *buf, size_t cap)
{
    sb->buf = buf;
    sb->cap = cap;
    sb->len = 0;
    sb->overflow = cap == 0;
}

void cli_sb_puts(cli_sb *sb, const char *s)
{
    size_t n = strlen(s);

    if (sb->overflow || n >= sb->cap - sb->len) {
        sb->overflow = 1;
        return;
    }
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
}

typedef int (*b64url_encoder)(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                              size_t *out_len);

static void sb_encode(cli_sb *sb, const uint8_t *p, size_t n, b64url_encoder encode)
{
    size_t w = 0;

    /* The encoder terminates what it writes, so it needs the byte that
     * cli_sb_finish() keeps for the terminator anyway. */
    if (sb->overflow || encode(p, n, sb->buf + sb->len, sb->cap - sb->len, &w) != EJWT_OK) {
        sb->overflow = 1;
        return;
    }
    sb->len += w;
}

void cli_sb_b64url(cli_sb *sb, const uint8_t *p, size_t n)
{
    sb_encode(sb, p, n, ejwt_b64url_encode);
}

/* The table encoder's look-ups are indexed by the bits it encodes, which a
 * cache-timing observer of the provisioning station could read back. */
void cli_sb_b64url_secret(cli_sb *sb, const uint8_t *p, size_t n)
{
    sb_encode(sb, p, n, ejwt_b64url_encode_ct);
}

int cli_sb_finish(cli_sb *sb)
{
    if (sb->overflow) {
        if (sb->cap > 0) {
            sb->buf[0] = '\0';
        }
        return -1;
    }
    sb->buf[sb->len] = '\0';
    return 0;
}
