/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded reads and private-file writes for the ejwt tool. */
#define _POSIX_C_SOURCE 200809L

#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/platform_util.h>

int cli_read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    FILE *f;
    size_t n;
    int rc = CLI_IO_OK;

    *len = 0;
    if (cap == 0) {
        return CLI_IO_TOO_LONG;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        return CLI_IO_ERROR;
    }
    n = fread(buf, 1, cap - 1, f);
    if (ferror(f)) {
        rc = CLI_IO_ERROR;
    } else if (n == cap - 1 && fgetc(f) != EOF) {
        rc = CLI_IO_TOO_LONG;
    }
    fclose(f);
    if (rc != CLI_IO_OK) {
        cli_wipe(buf, n);
        return rc;
    }
    buf[n] = 0;
    *len = n;
    return CLI_IO_OK;
}

int cli_read_token(const char *arg, char *buf, size_t cap, const char **tok, size_t *len)
{
    size_t n = 0;

    if (arg != NULL && strcmp(arg, "-") != 0) {
        *tok = arg;
        *len = strlen(arg);
        return CLI_IO_OK;
    }
    *tok = buf;
    *len = 0;
    while (n < cap) {
        size_t got = fread(buf + n, 1, cap - n, stdin);
        if (got == 0) {
            break;
        }
        n += got;
    }
    if (ferror(stdin)) {
        return CLI_IO_ERROR;
    }
    if (n == cap && fgetc(stdin) != EOF) {
        return CLI_IO_TOO_LONG;
    }
    if (n > 0 && buf[n - 1] == '\n') {
        n--;
        if (n > 0 && buf[n - 1] == '\r') {
            n--;
        }
    }
    *len = n;
    return CLI_IO_OK;
}

int cli_write_private_file(const char *path, const void *data, size_t len, int overwrite)
{
    const uint8_t *p = data;
    int fd = open(path, O_WRONLY | O_CREAT | (overwrite ? O_TRUNC : O_EXCL), S_IRUSR | S_IWUSR);
    int saved;

    if (fd < 0) {
        return -1;
    }
    /* The file may have existed with a wider mode. */
    if (fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
        goto fail;
    }
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            goto fail;
        }
        p += (size_t)w;
        len -= (size_t)w;
    }
    if (close(fd) != 0) {
        return -1;
    }
    return 0;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

void cli_print_escaped(FILE *f, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;

    fputc('"', f);
    for (i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c >= 0x20 && c < 0x7f) {
            fputc(c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '\r') {
            fputs("\\r", f);
        } else if (c == '\t') {
            fputs("\\t", f);
        } else {
            fputs("\\x", f);
            fputc(hex[c >> 4], f);
            fputc(hex[c & 0xf], f);
        }
    }
    fputc('"', f);
}

void cli_wipe(void *p, size_t n)
{
    mbedtls_platform_zeroize(p, n);
}
