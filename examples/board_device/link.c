/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HTTPS over the board's UART (see link.h).
 */
#include "link.h"

#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/psa_util.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "ejwt/qemu_board.h"
#include "ejwt/error.h"
#include "ejwt/uart_cmsdk.h"

/* QEMU dials again one second after the server closed (reconnect=1); give
 * it a little more before the next ClientHello. */
#define REDIAL_MS 1150u
/* A ClientHello lost while the link was down is sent again after this. */
#define HANDSHAKE_TIMEOUT_MS 2500u
/* How long a request may wait for its response. */
#define RESPONSE_TIMEOUT_MS 20000u
#define HANDSHAKE_ATTEMPTS 6
/* One HTTP request head and body, then its response. */
#define LINK_HTTP_BUF 6144
#define LINK_HOSTNAME_MAX 64

static ejwt_uart_cmsdk g_uart;
static mbedtls_x509_crt g_ca;
static mbedtls_ssl_config g_conf;
static mbedtls_ssl_context g_ssl;
static link_stats g_stats;
static int g_up;             /* a TLS session is established */
static int g_redial;         /* the server closed: wait for the link to dial again */
static uint64_t g_closed_at; /* uptime (ms) when it closed */
static uint32_t g_timeout_ms = HANDSHAKE_TIMEOUT_MS;
static int g_time_known;
static char g_info[96];
static char g_host[LINK_HOSTNAME_MAX]; /* the Host header: the server name */
static char g_http[LINK_HTTP_BUF];

static const uint16_t g_groups[] = {MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                    MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
static const uint16_t g_sig_algs[] = {MBEDTLS_TLS1_3_SIG_ECDSA_SECP256R1_SHA256,
                                      MBEDTLS_TLS1_3_SIG_NONE};
static const int g_suites[] = {MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, 0};

static int bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    (void)ctx;
    ejwt_uart_cmsdk_write(&g_uart, buf, len);
    g_stats.tx_bytes += (uint32_t)len;
    return (int)len;
}

static int bio_recv(void *ctx, unsigned char *buf, size_t len, uint32_t timeout)
{
    uint64_t start = ejwt_mcu_uptime_ms();
    size_t n;

    (void)ctx;
    (void)timeout; /* ours: HANDSHAKE_ or RESPONSE_TIMEOUT_MS */
    for (;;) {
        n = ejwt_uart_cmsdk_read(&g_uart, buf, len);
        if (n > 0u) {
            g_stats.rx_bytes += (uint32_t)n;
            return (int)n;
        }
        if (ejwt_mcu_uptime_ms() - start >= g_timeout_ms) {
            return MBEDTLS_ERR_SSL_TIMEOUT;
        }
    }
}

/* Without a wall clock the certificate's dates cannot be judged (the device
 * learns the time from the backend only after this handshake); the chain's
 * signatures and the host name are checked regardless. */
static int verify_cb(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    (void)ctx;
    (void)crt;
    (void)depth;
    if (!g_time_known) {
        *flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_FUTURE | MBEDTLS_X509_BADCERT_EXPIRED);
    }
    return 0;
}

void link_set_time_known(int known)
{
    g_time_known = known;
}

int link_init(const char *ca_pem, size_t len, const char *hostname)
{
    int ret;

    if (strlen(hostname) >= sizeof g_host) {
        return LINK_ERR_TRUST;
    }
    memcpy(g_host, hostname, strlen(hostname) + 1u);
    ejwt_uart_cmsdk_init(&g_uart, EJWT_UART_CMSDK_UART0, ejwt_board.cpu_hz, 115200u);
    mbedtls_x509_crt_init(&g_ca);
    ret = mbedtls_x509_crt_parse(&g_ca, (const unsigned char *)ca_pem, len);
    if (ret != 0) {
        ejwt_bm_printf("device: link: CA certificate not loaded (-0x%04x)\n", (unsigned)-ret);
        return LINK_ERR_TRUST;
    }
    mbedtls_ssl_config_init(&g_conf);
    ret = mbedtls_ssl_config_defaults(&g_conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                      MBEDTLS_SSL_PRESET_DEFAULT);
    if (ret != 0) {
        return LINK_ERR_TRUST;
    }
    mbedtls_ssl_conf_authmode(&g_conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&g_conf, &g_ca, NULL);
    mbedtls_ssl_conf_verify(&g_conf, verify_cb, NULL);
    mbedtls_ssl_conf_rng(&g_conf, mbedtls_psa_get_random, MBEDTLS_PSA_RANDOM_STATE);
    mbedtls_ssl_conf_groups(&g_conf, g_groups);
    mbedtls_ssl_conf_sig_algs(&g_conf, g_sig_algs);
    mbedtls_ssl_conf_ciphersuites(&g_conf, g_suites);
    mbedtls_ssl_conf_min_tls_version(&g_conf, MBEDTLS_SSL_VERSION_TLS1_3);
    mbedtls_ssl_conf_max_tls_version(&g_conf, MBEDTLS_SSL_VERSION_TLS1_3);
    /* The server must keep its records within our 4 KiB receive buffer. */
    (void)mbedtls_ssl_conf_max_frag_len(&g_conf, MBEDTLS_SSL_MAX_FRAG_LEN_4096);
    mbedtls_ssl_conf_read_timeout(&g_conf, HANDSHAKE_TIMEOUT_MS);
    mbedtls_ssl_init(&g_ssl);
    ret = mbedtls_ssl_setup(&g_ssl, &g_conf);
    if (ret == 0) {
        ret = mbedtls_ssl_set_hostname(&g_ssl, hostname);
    }
    if (ret != 0) {
        ejwt_bm_printf("device: link: TLS setup failed (-0x%04x)\n", (unsigned)-ret);
        return LINK_ERR_TRUST;
    }
    mbedtls_ssl_set_bio(&g_ssl, NULL, bio_send, NULL, bio_recv);
    return 0;
}

static void wait_ms_since(uint64_t t0, uint32_t ms)
{
    while (ejwt_mcu_uptime_ms() - t0 < ms) {
        (void)ejwt_uart_cmsdk_drain(&g_uart); /* stale bytes of the old connection */
    }
}

/* "TLSv1.3 <suite>" of the session just established, for the transcript. */
static void remember_session_info(void)
{
    const char *parts[2];
    size_t i = 0;
    size_t k;

    parts[0] = mbedtls_ssl_get_version(&g_ssl);
    parts[1] = mbedtls_ssl_get_ciphersuite(&g_ssl);
    for (k = 0; k < 2u; k++) {
        const char *p = parts[k] != NULL ? parts[k] : "?";
        if (k > 0u && i + 1u < sizeof g_info) {
            g_info[i++] = ' ';
        }
        for (; *p != '\0' && i + 1u < sizeof g_info; p++) {
            g_info[i++] = *p;
        }
    }
    g_info[i] = '\0';
}

int link_open(void)
{
    int attempt;
    int ret = 0;

    if (g_up) {
        return 0;
    }
    for (attempt = 0; attempt < HANDSHAKE_ATTEMPTS; attempt++) {
        if (g_redial) {
            wait_ms_since(g_closed_at, REDIAL_MS);
        }
        (void)ejwt_uart_cmsdk_drain(&g_uart);
        (void)mbedtls_ssl_session_reset(&g_ssl);
        g_timeout_ms = HANDSHAKE_TIMEOUT_MS;
        g_stats.attempts++;
        {
            uint64_t t0 = ejwt_mcu_uptime_ms();
            ret = mbedtls_ssl_handshake(&g_ssl);
            g_stats.handshake_ms = (uint32_t)(ejwt_mcu_uptime_ms() - t0);
        }
        if (ret == 0) {
            g_up = 1;
            g_redial = 0;
            g_stats.handshakes++;
            g_timeout_ms = RESPONSE_TIMEOUT_MS;
            remember_session_info();
            return 0;
        }
        if (ret == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
            char why[160];
            uint32_t flags = mbedtls_ssl_get_verify_result(&g_ssl);
            int n = mbedtls_x509_crt_verify_info(why, sizeof why, "", flags);
            if (n > 0 && why[n - 1] == '\n') {
                why[n - 1] = '\0';
            }
            ejwt_bm_printf("device: link: server certificate REFUSED: %s\n", n > 0 ? why : "?");
            g_redial = 1;
            g_closed_at = ejwt_mcu_uptime_ms();
            return LINK_ERR_CERT;
        }
        /* Lost or garbled (the link was still dialling): the server drops
         * that connection and QEMU dials again; start over. */
        g_redial = 1;
        g_closed_at = ejwt_mcu_uptime_ms();
    }
    ejwt_bm_printf("device: link: no TLS session after %d attempts (-0x%04x)\n", HANDSHAKE_ATTEMPTS,
                   (unsigned)-ret);
    return LINK_ERR_HANDSHAKE;
}

int link_send(void *ctx, const uint8_t *buf, size_t len)
{
    int ret;

    (void)ctx;
    do {
        ret = mbedtls_ssl_write(&g_ssl, buf, len);
    } while (ret == MBEDTLS_ERR_SSL_WANT_WRITE || ret == MBEDTLS_ERR_SSL_WANT_READ);
    return ret < 0 ? LINK_ERR_IO : ret;
}

int link_recv(void *ctx, uint8_t *buf, size_t cap)
{
    int ret;

    (void)ctx;
    do {
        ret = mbedtls_ssl_read(&g_ssl, buf, cap);
    } while (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE ||
             ret == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET);
    if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) {
        return 0;
    }
    return ret < 0 ? LINK_ERR_IO : ret;
}

void link_close(int server_closes)
{
    if (!server_closes && g_up) {
        return;
    }
    if (g_up) {
        (void)mbedtls_ssl_close_notify(&g_ssl);
    }
    g_up = 0;
    g_redial = 1;
    g_closed_at = ejwt_mcu_uptime_ms();
}

int link_exchange(const char *method, const char *path, const char *ctype,
                  const char *authorization, const char *body, size_t body_len, http_response *resp)
{
    static const http_transport t = {link_send, link_recv, NULL};
    uint32_t tx = g_stats.tx_bytes;
    uint32_t rx = g_stats.rx_bytes;
    int err = link_open();

    if (err == 0) {
        err = http_request(&t, method, g_host, path, ctype, authorization, body, body_len, g_http,
                           sizeof g_http, resp);
        if (err != 0) {
            ejwt_bm_printf("device: link: %s %s failed (http error %d)\n", method, path, err);
        }
    }
    /* http.c asks for Connection: close (the backend closes anyway). */
    link_close(1);
    g_stats.last_tx = g_stats.tx_bytes - tx;
    g_stats.last_rx = g_stats.rx_bytes - rx;
    return err == 0 ? EJWT_OK : EJWT_ERR_OAUTH_RETRY;
}

void link_get_stats(link_stats *out)
{
    *out = g_stats;
}

const char *link_session_info(void)
{
    return g_info;
}
