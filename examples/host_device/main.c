/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_host_device: the device firmware on the host, over the posix port,
 * talking plain HTTP/1.1 over a loopback TCP socket (tcp.c) to the
 * reference backend (examples/backend, --no-tls). The board runs the same
 * flow (../device_app/flow.c) over TLS on its UART.
 *
 *     ejwt_host_device --server 127.0.0.1:PORT [--storage DIR] [--issuer URL]
 *                      [--grant client_credentials|device_code] [--scope S]
 *                      [--client-id ID | --client-name NAME] [--margin SECONDS]
 *
 * One process is one boot: provision on the first (device key, discovery
 * of the issuer - default http://<server> - and, without --client-id, RFC
 * 7591 registration as NAME), then authenticate or reuse the stored tokens,
 * call the API, verify a signed command. Secure storage (device key, sealed
 * token store, the sealed configuration) is the folder DIR (default
 * $EJWT_STORAGE_DIR), so
 * the next process on it is a reboot. Exit status: 0 done; 3 the backend
 * deprovisioned the device (stop for good); 1 any other failure (try again
 * later); 2 bad command line.
 *
 * No malloc: every buffer is static.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "../device_app/flow.h"
#include "ejwt/ejwt.h"
#include "ejwt/port_posix.h"
#include "tcp.h"

#define DEFAULT_MARGIN_S 60u
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_DEPROVISIONED 3
#define ISSUER_MAX 96 /* "http://" + HOST:PORT */

static flow_device g_dev;
static char g_issuer[ISSUER_MAX];

static int usage(void)
{
    fputs("usage: ejwt_host_device --server HOST:PORT [--storage DIR] [--issuer URL]\n"
          "                        [--grant client_credentials|device_code] [--scope S]\n"
          "                        [--client-id ID | --client-name NAME] [--margin SECONDS]\n",
          stderr);
    return EXIT_USAGE;
}

/* The end of a boot: why it stopped, and the exit status. */
static int stop(int err)
{
    flow_say_stats(&g_dev);
    return err == EJWT_ERR_DEPROVISIONED ? EXIT_DEPROVISIONED : EXIT_FAILED;
}

int main(int argc, char **argv)
{
    static flow_port port = {tcp_exchange, host_console_vsay, host_console_vformat, NULL, 0,
                             NULL,         host_wait_until};
    flow_factory factory;
    const char *server_arg = NULL;
    const char *storage = NULL;
    uint32_t margin = DEFAULT_MARGIN_S;
    int server = 0;
    http_response resp;
    int i;
    int err;

    memset(&factory, 0, sizeof(factory)); /* client_credentials, no client id: register */
    for (i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--server") == 0 && tcp_set_server(argv[i + 1]) == 0) {
            server = 1;
            server_arg = argv[i + 1];
        } else if (strcmp(argv[i], "--storage") == 0) {
            storage = argv[i + 1];
        } else if (strcmp(argv[i], "--issuer") == 0) {
            factory.issuer = argv[i + 1];
        } else if (strcmp(argv[i], "--grant") == 0 && strcmp(argv[i + 1], "device_code") == 0) {
            factory.grant = DEV_GRANT_DEVICE_CODE;
        } else if (strcmp(argv[i], "--grant") == 0 &&
                   strcmp(argv[i + 1], "client_credentials") == 0) {
            factory.grant = DEV_GRANT_CLIENT_CREDENTIALS;
        } else if (strcmp(argv[i], "--scope") == 0) {
            factory.scope = argv[i + 1];
        } else if (strcmp(argv[i], "--client-id") == 0) {
            factory.client_id = argv[i + 1];
        } else if (strcmp(argv[i], "--client-name") == 0) {
            factory.client_name = argv[i + 1];
        } else if (strcmp(argv[i], "--margin") == 0) {
            margin = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        } else {
            return usage();
        }
    }
    if (i != argc || !server || (storage != NULL && ejwt_posix_set_storage_dir(storage) != 0) ||
        ejwt_posix_storage_dir() == NULL) {
        return usage();
    }
    if (factory.issuer == NULL) {
        int n = snprintf(g_issuer, sizeof(g_issuer), "http://%s", server_arg);

        if (n < 0 || (size_t)n >= sizeof(g_issuer)) {
            return usage();
        }
        factory.issuer = g_issuer;
    }

    /* Boot: platform hooks, crypto, token store, the stored registration. */
    port.platform = ejwt_posix_platform();
    if (flow_boot(&g_dev, &port, margin) != EJWT_OK) {
        return EXIT_FAILED;
    }
    flow_say(&g_dev, "boot: storage %s, %s", ejwt_posix_storage_dir(),
             g_dev.provisioned ? g_dev.cfg.client_id : "not provisioned");

    /* First boot: the device key, discovery, registration. */
    if (!g_dev.provisioned && flow_provision(&g_dev, &factory, "dev-") != EJWT_OK) {
        return EXIT_FAILED;
    }
    /* Report: the session reuses, refreshes or renews the access token. */
    err = flow_call_api(&g_dev, "/api/telemetry", &resp);
    if (err != EJWT_OK) {
        return stop(err);
    }
    flow_say(&g_dev, "api: GET /api/telemetry -> %d %s (request %lu bytes)", resp.status, resp.body,
             (unsigned long)resp.request_bytes);
    if (resp.status != 200) {
        return stop(flow_fail(&g_dev, EJWT_ERR_OAUTH_RETRY, "API call"));
    }
    /* A command from the backend: act on it only once it verified. */
    err = g_dev.jwks_len > 0u ? flow_command(&g_dev, "/command") : EJWT_OK;
    if (err != EJWT_OK) {
        return stop(err);
    }
    flow_say_stats(&g_dev);
    flow_say(&g_dev, "done");
    return 0;
}
