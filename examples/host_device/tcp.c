/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Plain HTTP over a loopback TCP socket (see tcp.h).
 */
#define _POSIX_C_SOURCE 200809L

#include "tcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ejwt/ejwt.h"

#define TCP_TIMEOUT_S 10         /* per send and per receive */
#define TCP_HTTP_BUF (24 * 1024) /* request, then response */
#define TCP_HOST_MAX 64          /* "127.0.0.1:PORT" */
#define TCP_HOSTNAME_MAX 32      /* "127.0.0.1" or "localhost" */

static struct {
    char host[TCP_HOST_MAX]; /* the Host header */
    struct sockaddr_in addr;
    int set;
} g_server;

static char g_http[TCP_HTTP_BUF];

int tcp_set_server(const char *arg)
{
    const char *colon = strrchr(arg, ':');
    char host[TCP_HOSTNAME_MAX];
    size_t hl;
    long port;
    char *end;

    if (colon == NULL || (hl = (size_t)(colon - arg)) == 0u || hl >= sizeof(host) ||
        strlen(arg) >= sizeof(g_server.host)) {
        return -1;
    }
    memcpy(host, arg, hl);
    host[hl] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) {
        return -1;
    }
    if (strcmp(host, "localhost") != 0 && strcmp(host, "127.0.0.1") != 0) {
        return -1; /* loopback only */
    }
    memset(&g_server.addr, 0, sizeof(g_server.addr));
    g_server.addr.sin_family = AF_INET;
    g_server.addr.sin_port = htons((uint16_t)port);
    g_server.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    memcpy(g_server.host, arg, strlen(arg) + 1u);
    g_server.set = 1;
    return 0;
}

static int sock_send(void *ctx, const uint8_t *buf, size_t len)
{
    ssize_t n;

    do {
        n = send(*(int *)ctx, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : (int)n;
}

static int sock_recv(void *ctx, uint8_t *buf, size_t cap)
{
    ssize_t n;

    do {
        n = recv(*(int *)ctx, buf, cap, 0);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -1 : (int)n;
}

int tcp_exchange(const char *method, const char *path, const char *ctype, const char *authorization,
                 const char *body, size_t body_len, http_response *resp)
{
    struct timeval tv = {TCP_TIMEOUT_S, 0};
    http_transport t;
    int fd;
    int err;

    if (!g_server.set) {
        printf("device: network: no server set\n");
        return EJWT_ERR_OAUTH_RETRY;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (const struct sockaddr *)&g_server.addr, sizeof(g_server.addr)) != 0) {
        printf("device: network: cannot connect to %s: %s\n", g_server.host, strerror(errno));
        close(fd);
        return EJWT_ERR_OAUTH_RETRY;
    }
    t.send = sock_send;
    t.recv = sock_recv;
    t.ctx = &fd;
    err = http_request(&t, method, g_server.host, path, ctype, authorization, body, body_len,
                       g_http, sizeof(g_http), resp);
    close(fd);
    if (err != 0) {
        printf("device: network: %s %s failed (http error %d)\n", method, path, err);
        return EJWT_ERR_OAUTH_RETRY;
    }
    return EJWT_OK;
}
