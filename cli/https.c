/* SPDX-License-Identifier: Apache-2.0 */
/* TLS client connection of `ejwt device`: a POSIX TCP socket under Mbed
 * TLS, verification required against the pinned trust anchor. */
#define _POSIX_C_SOURCE 200809L

#include "https.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <mbedtls/error.h>
#include <mbedtls/psa_util.h>
#include <psa/crypto.h>

#include <ejwt/ejwt.h>

int cli_tls_trust_load(cli_tls_trust *tr, const uint8_t *pem, size_t len)
{
    int rc;

    mbedtls_x509_crt_init(&tr->ca);
    tr->loaded = 0;
    /* Mbed TLS takes PEM with its terminating NUL counted. */
    rc = mbedtls_x509_crt_parse(&tr->ca, pem, len + 1u);
    if (rc != 0) {
        mbedtls_x509_crt_free(&tr->ca);
        return EJWT_ERR_KEY_INVALID;
    }
    tr->loaded = 1;
    return EJWT_OK;
}

void cli_tls_trust_free(cli_tls_trust *tr)
{
    if (tr->loaded) {
        mbedtls_x509_crt_free(&tr->ca);
        tr->loaded = 0;
    }
}

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    cli_tls *t = ctx;
    ssize_t n;

    do {
        n = send(t->fd, buf, len, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return MBEDTLS_ERR_SSL_INTERNAL_ERROR;
    }
    return (int)n;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    cli_tls *t = ctx;
    ssize_t n;

    do {
        n = recv(t->fd, buf, len, 0);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return MBEDTLS_ERR_SSL_INTERNAL_ERROR;
    }
    return (int)n; /* 0: the peer closed */
}

static int tcp_connect(const char *host, const char *port, char *why, size_t why_cap)
{
    struct addrinfo hints, *res = NULL, *ai;
    struct timeval tv;
    int fd = -1;
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        (void)snprintf(why, why_cap, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    tv.tv_sec = CLI_TLS_IO_TIMEOUT_S;
    tv.tv_usec = 0;
    (void)snprintf(why, why_cap, "cannot connect to %s port %s", host, port);
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            continue;
        }
        /* SO_SNDTIMEO bounds connect() too (Linux). */
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        (void)snprintf(why, why_cap, "cannot connect to %s port %s: %s", host, port,
                       strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int cli_tls_connect(cli_tls *t, cli_tls_trust *tr, const char *host, const char *port, char *why,
                    size_t why_cap)
{
    int rc;

    memset(t, 0, sizeof *t);
    t->fd = -1;
    why[0] = '\0';
    if (!tr->loaded || strlen(host) > CLI_TLS_MAX_HOST) {
        return EJWT_ERR_INVALID_ARG;
    }
    mbedtls_ssl_config_init(&t->conf);
    mbedtls_ssl_init(&t->ssl);
    t->open = 1;
    t->fd = tcp_connect(host, port, why, why_cap);
    if (t->fd < 0) {
        cli_tls_close(t);
        return EJWT_ERR_OAUTH_RETRY;
    }
    rc = mbedtls_ssl_config_defaults(&t->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                     MBEDTLS_SSL_PRESET_DEFAULT);
    if (rc == 0) {
        mbedtls_ssl_conf_authmode(&t->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&t->conf, &tr->ca, NULL);
        mbedtls_ssl_conf_rng(&t->conf, mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
        mbedtls_ssl_conf_min_tls_version(&t->conf, MBEDTLS_SSL_VERSION_TLS1_2);
        rc = mbedtls_ssl_setup(&t->ssl, &t->conf);
    }
    if (rc == 0) {
        /* SNI and the name the certificate must carry (an IP address is
         * matched against the certificate's iPAddress names). */
        rc = mbedtls_ssl_set_hostname(&t->ssl, host);
    }
    if (rc != 0) {
        (void)snprintf(why, why_cap, "TLS set-up failed (-0x%04x)", (unsigned)-rc);
        cli_tls_close(t);
        return EJWT_ERR_CRYPTO;
    }
    mbedtls_ssl_set_bio(&t->ssl, t, bio_send, bio_recv, NULL);
    do {
        rc = mbedtls_ssl_handshake(&t->ssl);
    } while (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (rc != 0) {
        uint32_t flags = mbedtls_ssl_get_verify_result(&t->ssl);
        if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED && flags != 0u) {
            char info[160];
            int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
            while (n > 0 && (info[n - 1] == '\n' || info[n - 1] == ' ')) {
                info[--n] = '\0';
            }
            (void)snprintf(why, why_cap, "%s: the server's certificate does not verify: %s", host,
                           n > 0 ? info : "(no reason)");
            cli_tls_close(t);
            return EJWT_ERR_INSECURE_URL;
        }
        (void)snprintf(why, why_cap, "%s: TLS handshake failed (-0x%04x)", host, (unsigned)-rc);
        cli_tls_close(t);
        return EJWT_ERR_OAUTH_RETRY;
    }
    return EJWT_OK;
}

int cli_tls_write(cli_tls *t, const uint8_t *p, size_t len)
{
    size_t off = 0;

    while (off < len) {
        int rc = mbedtls_ssl_write(&t->ssl, p + off, len - off);
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
            continue;
        }
        if (rc <= 0) {
            return EJWT_ERR_OAUTH_RETRY;
        }
        off += (size_t)rc;
    }
    return EJWT_OK;
}

int cli_tls_read(cli_tls *t, uint8_t *p, size_t cap, size_t *got)
{
    *got = 0;
    for (;;) {
        int rc = mbedtls_ssl_read(&t->ssl, p, cap);
        if (rc > 0) {
            *got = (size_t)rc;
            return EJWT_OK;
        }
        if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == MBEDTLS_ERR_SSL_CONN_EOF) {
            return EJWT_OK; /* end of stream */
        }
        /* TLS 1.3 session tickets (which are not used) and retries. */
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE ||
            rc == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            continue;
        }
        return EJWT_ERR_OAUTH_RETRY;
    }
}

void cli_tls_close(cli_tls *t)
{
    if (!t->open) {
        return;
    }
    if (t->fd >= 0) {
        (void)mbedtls_ssl_close_notify(&t->ssl);
        close(t->fd);
        t->fd = -1;
    }
    mbedtls_ssl_free(&t->ssl);
    mbedtls_ssl_config_free(&t->conf);
    t->open = 0;
}
