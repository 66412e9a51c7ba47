/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_board_device: the device firmware on mps2-an385. At every boot it
 * reads the factory region (provisioning.h: the issuer URL, the grant, the
 * scope, an optional client id, and the trust anchor, the server's CA
 * certificate), provisions itself on the first boot (device key in secure
 * storage, discovery, RFC 7591 registration, the configuration sealed),
 * lets the session reuse, refresh or renew its tokens for an API call (for
 * the device grant it shows the user code on the console and polls), and
 * verifies a signed command when the issuer sends them - over HTTPS on its
 * UART (link.c), the way a device talks through a cellular modem. The flow
 * is ../device_app/flow.c, shared with examples/host_device.
 *
 * One QEMU run is one boot (scripts/demo boots it several times on the same
 * flash file). Exit status: 0 done; 3 the backend deprovisioned the device
 * (a clean stop, for good); 1 any other failure (try again later).
 *
 * No heap: every buffer is static; Mbed TLS allocates from the port's
 * static arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "console.h"
#include "../device_app/flow.h"
#include "board_clock.h"
#include "ejwt/qemu_board.h"
#include "ejwt/ejwt.h"
#include "link.h"
#include "provisioning.h"

/* The TLS server name the backend's certificate must carry. */
#define SERVER_NAME "localhost"
/* Refresh this long before the access token expires: more than a token
 * request takes over the link (scripts/demo's tokens live 30 s). */
#define REFRESH_MARGIN_S 5u
#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_DEPROVISIONED 3

/* Once the time is known, TLS checks the certificates' dates too. */
static void time_learned(void)
{
    link_set_time_known(1);
}

static flow_device g_dev;
static char g_factory[PROVISIONING_REGION_SIZE];

int64_t board_clock_now(void)
{
    return flow_now(&g_dev);
}

/* Link and memory figures (the demo quotes them). */
static void say_stats(void)
{
    link_stats ls;

    link_get_stats(&ls);
    flow_say(&g_dev,
             "stats: UART %lu bytes sent, %lu received; %lu TLS handshakes (%lu attempts, "
             "last %lu ms)",
             (unsigned long)ls.tx_bytes, (unsigned long)ls.rx_bytes, (unsigned long)ls.handshakes,
             (unsigned long)ls.attempts, (unsigned long)ls.handshake_ms);
    flow_say_stats(&g_dev);
    flow_say(&g_dev, "stats: Mbed TLS arena peak %lu of %lu bytes; stack peak %lu of %lu bytes",
             (unsigned long)ejwt_mcu_arena_peak(), (unsigned long)ejwt_mcu_arena_size(),
             (unsigned long)ejwt_bm_stack_peak(), (unsigned long)ejwt_bm_stack_size());
}

/* The end of a boot that did not finish. */
static int stop(int err)
{
    say_stats();
    return err == EJWT_ERR_DEPROVISIONED ? EXIT_DEPROVISIONED : EXIT_FAILED;
}

int main(void)
{
    static flow_port port = {
        link_exchange, board_console_vsay, board_console_vformat, NULL, 1, time_learned, NULL};
    flow_factory factory;
    http_response resp;
    link_stats ls;
    const char *pem = NULL;
    const char *bad = NULL;
    size_t len = 0;
    int err;

    /* Boot: platform hooks, crypto, token store, the stored registration. */
    port.platform = ejwt_mcu_platform();
    if (flow_boot(&g_dev, &port, REFRESH_MARGIN_S) != EJWT_OK) {
        return EXIT_FAILED;
    }
    /* The factory data and the trust anchor, then TLS (the certificates'
     * dates need a clock). */
    memset(&factory, 0, sizeof(factory));
    err = provisioning_read(PROVISIONING_FACTORY, g_factory, sizeof(g_factory), &len);
    if (err == EJWT_OK && flow_factory_parse(g_factory, &factory, &pem, &bad) != 0 &&
        (bad != NULL || !g_dev.provisioned)) {
        flow_say(&g_dev, "error: factory region: %s", bad != NULL ? bad : "no issuer");
        err = EJWT_ERR_INVALID_ARG;
    }
    if (err == EJWT_OK && pem == NULL) {
        err = EJWT_ERR_STORAGE_NOT_FOUND;
    }
    if (err != EJWT_OK) {
        (void)flow_fail(&g_dev, err, "no trust anchor in the factory region");
        return EXIT_FAILED;
    }
    flow_say(&g_dev,
             "boot: factory region [EMULATION: host file %s]: trust anchor (the server's CA "
             "certificate, %lu bytes)%s%s",
             PROVISIONING_FACTORY, (unsigned long)strlen(pem),
             factory.issuer != NULL ? ", issuer " : "",
             factory.issuer != NULL ? factory.issuer : "");
    link_set_time_known(flow_now(&g_dev) != EJWT_TIME_UNKNOWN);
    if (link_init(pem, strlen(pem) + 1u, SERVER_NAME) != 0) {
        (void)flow_fail(&g_dev, EJWT_ERR_INVALID_ARG, "TLS setup");
        return EXIT_FAILED;
    }
    flow_say(&g_dev, "boot: ejwt_board_device on %s, %s; HTTPS to %s over UART0", ejwt_board.name,
             g_dev.provisioned ? g_dev.cfg.client_id : "not provisioned", SERVER_NAME);

    /* First boot: the device key, discovery, registration. */
    if (!g_dev.provisioned) {
        err = flow_provision(&g_dev, &factory, "board-");
        if (err != EJWT_OK) {
            return stop(err);
        }
        flow_say(&g_dev, "link: %s", link_session_info());
    }
    /* Report: the session reuses, refreshes or renews the access token
     * (without an API in the factory data: only that). */
    err = flow_call_api(&g_dev, factory.api, &resp);
    if (err != EJWT_OK) {
        return stop(err);
    }
    if (factory.api == NULL) {
        flow_report_store(&g_dev, "session: tokens ready");
    } else {
        link_get_stats(&ls);
        flow_say(&g_dev, "api: GET %s -> %d %s", factory.api, resp.status, resp.body);
        flow_say(&g_dev,
                 "api: the device sent %lu bytes on the UART for this call (HTTP request %lu "
                 "bytes, the rest TLS 1.3 handshake and records); received %lu",
                 (unsigned long)ls.last_tx, (unsigned long)resp.request_bytes,
                 (unsigned long)ls.last_rx);
        if (resp.status != 200) {
            return stop(flow_fail(&g_dev, EJWT_ERR_OAUTH_RETRY, "API call"));
        }
    }
    /* A command from the backend: act on it only once it verified. */
    if (factory.command != NULL && g_dev.jwks_len > 0u) {
        err = flow_command(&g_dev, factory.command);
        if (err != EJWT_OK) {
            return stop(err);
        }
    }
    say_stats();
    flow_say(&g_dev, "done");
    return EXIT_OK;
}
