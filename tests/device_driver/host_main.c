/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_device_driver: the end-to-end tests' device on the host (tests/e2e):
 * the example flow and the test steps of driver.c over the posix port and
 * the host example's TCP transport (examples/host_device/tcp.c).
 *
 * One process is one boot. Its secure storage (device key, sealed token
 * store, provisioned configuration) is the EJWT_STORAGE_DIR folder (or
 * --storage), so a second process on the same folder is a reboot. The steps
 * named on the command line run in order; the first one that fails ends the
 * boot with "device: error: <EJWT_ERR_NAME>: ..." and exit status 1.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../examples/host_device/console.h"
#include "../../examples/host_device/tcp.h"
#include "driver.h"
#include "ejwt/ejwt.h"
#include "ejwt/port_posix.h"

#define DEFAULT_MARGIN_S 60u
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define ISSUER_MAX 96 /* "http://" + HOST:PORT */
#define MS_PER_S 1000u

static char g_issuer[ISSUER_MAX];

static void report_api(const http_response *resp)
{
    flow_say(driver_device(), "api: GET /api/telemetry -> %d %s (request %lu bytes)", resp->status,
             resp->body, (unsigned long)resp->request_bytes);
}

static driver_options g_opt = {
    .client_id_prefix = "dev-",
    .margin = DEFAULT_MARGIN_S,
    .report_api = report_api,
};

static void usage(void)
{
    fputs("usage: ejwt_device_driver [options] STEP...\n"
          "options:\n"
          "  --server HOST:PORT     the backend (plain HTTP; HOST 127.0.0.1 or localhost)\n"
          "  --storage DIR          secure storage folder (default: $EJWT_STORAGE_DIR)\n"
          "  --issuer URL           the issuer (default http://HOST:PORT of --server)\n"
          "  --grant client_credentials|device_code   how the device obtains tokens\n"
          "  --scope S              scope of the grants and the registration\n"
          "  --client-id NAME       client_name to register (RFC 7591; the reference backend\n"
          "                         names the client after it; default dev-<thumbprint>)\n"
          "  --provisioned-id ID    a client id the server's administrator made: no registration\n"
          "  --attempts N           most requests of one call (default: the flow's)\n"
          "  --wait-max SECONDS     longest wait sat out (default: the flow's)\n"
          "  --uptime-rate PCT      the device's uptime runs at PCT percent of real time\n"
          "  --clock system|unknown|date|offset:SECONDS\n"
          "                         the device's wall clock (default system)\n"
          "  --margin SECONDS       refresh this long before expiry (default 60)\n"
          "  --aud URL              assertion audience instead of the token endpoint\n"
          "  --count N              iterations of save-loop and refresh-loop (default: forever)\n"
          "steps (in order, one boot):\n"
          "  provision   device key, discovery, registration (RFC 7591), configuration sealed\n"
          "  session     reuse the stored access token, or refresh, or authenticate\n"
          "  api         GET /api/telemetry with the session's Bearer token\n"
          "  command     GET /command, verify it, verify it again (must be a replay)\n"
          "  logout      revoke the refresh token (RFC 7009), wipe the stored tokens\n"
          "  pubkey      create or find the device key, print its public JWK\n"
          "  auth        authenticate now (client assertion, client_credentials)\n"
          "  refresh     refresh now (refresh_token + fresh assertion), rotate\n"
          "  show        print fingerprints of the stored tokens\n"
          "  sleep:N     wait N seconds\n"
          "  assertion, replay-assertion, refresh-replay, tamper, save-loop, refresh-loop\n",
          stderr);
}

static int set_option(const char *a, const char *v)
{
    if (strcmp(a, "--server") == 0) {
        int n = snprintf(g_issuer, sizeof(g_issuer), "http://%s", v);

        if (g_opt.factory.issuer == NULL || g_opt.factory.issuer == g_issuer) {
            g_opt.factory.issuer = g_issuer;
        }
        return n > 0 && (size_t)n < sizeof(g_issuer) ? tcp_set_server(v) : -1;
    } else if (strcmp(a, "--issuer") == 0) {
        g_opt.factory.issuer = v;
    } else if (strcmp(a, "--grant") == 0 && strcmp(v, "device_code") == 0) {
        g_opt.factory.grant = DEV_GRANT_DEVICE_CODE;
    } else if (strcmp(a, "--grant") == 0 && strcmp(v, "client_credentials") == 0) {
        g_opt.factory.grant = DEV_GRANT_CLIENT_CREDENTIALS;
    } else if (strcmp(a, "--scope") == 0) {
        g_opt.factory.scope = v;
    } else if (strcmp(a, "--provisioned-id") == 0) {
        g_opt.factory.client_id = v;
    } else if (strcmp(a, "--attempts") == 0) {
        g_opt.attempts = (unsigned)strtoul(v, NULL, 10);
    } else if (strcmp(a, "--uptime-rate") == 0) {
        g_opt.uptime_rate = (uint32_t)strtoul(v, NULL, 10);
    } else if (strcmp(a, "--wait-max") == 0) {
        g_opt.wait_max_ms = (uint32_t)strtoul(v, NULL, 10) * MS_PER_S;
    } else if (strcmp(a, "--storage") == 0) {
        return ejwt_posix_set_storage_dir(v) == EJWT_OK ? 0 : -1;
    } else if (strcmp(a, "--client-id") == 0) {
        g_opt.factory.client_name = v;
    } else if (strcmp(a, "--clock") == 0) {
        return driver_parse_clock(v, strlen(v), &g_opt);
    } else if (strcmp(a, "--margin") == 0) {
        g_opt.margin = (uint32_t)strtoul(v, NULL, 10);
    } else if (strcmp(a, "--aud") == 0) {
        g_opt.aud = v;
    } else if (strcmp(a, "--count") == 0) {
        g_opt.count = strtol(v, NULL, 10);
    } else {
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static flow_port port = {tcp_exchange, host_console_vsay, host_console_vformat, NULL, 0,
                             NULL,         host_wait_until};
    flow_device *d = driver_device();
    int i = 1;
    int first;
    int err;

    while (i + 1 < argc && strncmp(argv[i], "--", 2) == 0) {
        if (set_option(argv[i], argv[i + 1]) != 0) {
            fprintf(stderr, "ejwt_device_driver: bad option %s %s\n", argv[i], argv[i + 1]);
            usage();
            return EXIT_USAGE;
        }
        i += 2;
    }
    first = i;
    if (first >= argc || strncmp(argv[first], "--", 2) == 0) {
        usage();
        return EXIT_USAGE;
    }
    if (ejwt_posix_storage_dir() == NULL) {
        fprintf(stderr, "ejwt_device_driver: set EJWT_STORAGE_DIR or --storage\n");
        return EXIT_USAGE;
    }

    port.platform = ejwt_posix_platform();
    if (driver_boot(&port, &g_opt) != EJWT_OK) {
        return EXIT_FAILED;
    }
    flow_say(d, "boot: storage %s, %s, wall clock %s", ejwt_posix_storage_dir(),
             d->provisioned ? d->cfg.client_id : "not provisioned",
             flow_now(d) == EJWT_TIME_UNKNOWN ? "UNKNOWN" : "set");

    for (i = first; i < argc; i++) {
        if (strncmp(argv[i], "sleep:", 6) == 0) {
            flow_say(d, "sleep: %s s", argv[i] + 6);
            (void)sleep((unsigned)strtoul(argv[i] + 6, NULL, 10));
            continue;
        }
        err = driver_run_step(argv[i], strlen(argv[i]));
        if (err == 1) {
            fprintf(stderr, "ejwt_device_driver: unknown step %s\n", argv[i]);
            usage();
            return EXIT_USAGE;
        }
        if (err != EJWT_OK) {
            return EXIT_FAILED;
        }
    }
    flow_say(d, "done: %d step(s) OK", argc - first);
    return 0;
}
