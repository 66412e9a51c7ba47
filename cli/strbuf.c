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

void cli_sb_b64url(cli_sb *sb, const uint8_t *p, size_t n)
{
    size_t w = 0;

    if (sb->overflow ||
        ejwt_b64url_encode(p, n, sb->buf + sb->len, sb->cap - sb->len - 1, &w) != EJWT_OK) {
        sb->overflow = 1;
        return;
    }
    sb->len += w;
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
