/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_board_device_driver: the end-to-end tests' device on mps2-an385
 * (tests/e2e_board): the example flow and the test steps of driver.c over
 * the board example's HTTPS link on the UART (examples/board_device).
 *
 * One QEMU run is one boot. Its factory data (issuer, grant, scope, client
 * id, trust anchor) come from the factory region as in the example
 * (examples/board_device/provisioning.h); what the boot does comes from a
 * second region, "driver.args" (EMULATION-ONLY, a host file the test writes
 * before each boot), one line of words:
 *
 *     run=STEP,...      the steps, in order (see usage())
 *     id=NAME           client_name to register (default board-<thumbprint prefix>)
 *     attempts=N        most requests of one call (default: the flow's)
 *     waitmax=SECONDS   longest wait one call sits out (default: the flow's)
 *     uptimerate=PCT    the device's uptime runs at PCT percent of real time
 *     clock=system|unknown|date|offset:SECONDS   the wall clock
 *     margin=SECONDS    refresh this long before the access token expires
 *     aud=URL           assertion audience instead of the token endpoint
 *     count=N           iterations of save-loop and refresh-loop (default: forever)
 *
 * Exit status: 0 every step passed; 3 the backend deprovisioned the device;
 * 1 any other failure; 2 bad arguments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../examples/board_device/console.h"
#include "../../examples/board_device/board_clock.h"
#include "../../examples/board_device/link.h"
#include "../../examples/board_device/provisioning.h"
#include "driver.h"
#include "ejwt/qemu_board.h"
#include "ejwt/ejwt.h"

#define ARGS_REGION "driver.args"
#define SERVER_NAME "localhost"
#define DEFAULT_MARGIN_S 60u
#define STEPS_MAX 160
#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_DEPROVISIONED 3
#define MS_PER_S 1000u

int64_t board_clock_now(void)
{
    return flow_now(driver_device());
}

static void time_learned(void)
{
    link_set_time_known(1);
}

static void report_api(const http_response *resp)
{
    link_stats ls;

    link_get_stats(&ls);
    flow_say(driver_device(), "api: GET /api/telemetry -> %d %s", resp->status, resp->body);
    flow_say(driver_device(),
             "api: the device sent %lu bytes on the UART for this call (HTTP request %lu bytes, "
             "the rest TLS 1.3 handshake and records); received %lu",
             (unsigned long)ls.last_tx, (unsigned long)resp->request_bytes,
             (unsigned long)ls.last_rx);
}

/* Link and memory figures. */
static int step_stats(void)
{
    link_stats ls;
    flow_device *d = driver_device();

    link_get_stats(&ls);
    flow_say(d,
             "stats: UART %lu bytes sent, %lu received; %lu TLS handshakes (%lu attempts, last "
             "%lu ms)",
             (unsigned long)ls.tx_bytes, (unsigned long)ls.rx_bytes, (unsigned long)ls.handshakes,
             (unsigned long)ls.attempts, (unsigned long)ls.handshake_ms);
    flow_say_stats(d);
    flow_say(d, "stats: Mbed TLS arena peak %lu of %lu bytes; stack peak %lu of %lu bytes",
             (unsigned long)ejwt_mcu_arena_peak(), (unsigned long)ejwt_mcu_arena_size(),
             (unsigned long)ejwt_bm_stack_peak(), (unsigned long)ejwt_bm_stack_size());
    return EJWT_OK;
}

static int step_sleep(long seconds)
{
    uint64_t t0 = ejwt_mcu_uptime_ms();

    flow_say(driver_device(), "sleep: %ld s", seconds);
    while (ejwt_mcu_uptime_ms() - t0 < (uint64_t)seconds * 1000u) {
    }
    return EJWT_OK;
}

static const drv_step g_board_steps[] = {
    {"stats", step_stats},
    {NULL, NULL},
};

static driver_options g_opt = {
    .client_id_prefix = "board-",
    .margin = DEFAULT_MARGIN_S,
    .report_api = report_api,
    .link_info = link_session_info,
    .steps = g_board_steps,
};

static void usage(void)
{
    ejwt_bm_puts("usage (" ARGS_REGION "): run=STEP[,STEP...] [id=NAME]\n"
                 "  [clock=system|unknown|date|offset:S] [margin=S] [aud=URL] [count=N]\n"
                 "  [attempts=N] [waitmax=S] [uptimerate=PCT]\n"
                 "steps: provision session auth refresh api command logout pubkey show stats\n"
                 "  sleep:N\n"
                 "test steps: assertion replay-assertion refresh-replay tamper save-loop\n"
                 "  refresh-loop\n");
}

/* Decimal (optionally negative) from [s, s+n); -1 on anything else. */
static int parse_long(const char *s, size_t n, long *out)
{
    long v = 0;
    int neg = 0;
    size_t i = 0;

    if (n > 0u && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == n || n - i > 9u) {
        return -1;
    }
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

/* The arguments: words "name=value" separated by blanks. Values are kept in
 * place (each word terminated). */
static char g_args[PROVISIONING_REGION_SIZE];
static char g_steps[STEPS_MAX];

static int parse_args(void)
{
    size_t len = 0;
    char *p = g_args;
    long v;

    if (provisioning_read(ARGS_REGION, g_args, sizeof(g_args), &len) != EJWT_OK) {
        return -1;
    }
    while (*p != '\0') {
        char *w = p;
        char *eq;
        size_t n;

        while (*p != '\0' && *p != ' ' && *p != '\n') {
            p++;
        }
        n = (size_t)(p - w);
        if (*p != '\0') {
            *p++ = '\0';
        }
        if (n == 0u) {
            continue;
        }
        eq = memchr(w, '=', n);
        if (eq == NULL) {
            return -1;
        }
        *eq = '\0';
        n -= (size_t)(eq + 1 - w);
        if (strcmp(w, "run") == 0 && n < sizeof(g_steps)) {
            memcpy(g_steps, eq + 1, n + 1u);
        } else if (strcmp(w, "id") == 0) {
            g_opt.factory.client_name = eq + 1;
        } else if (strcmp(w, "attempts") == 0 && parse_long(eq + 1, n, &v) == 0 && v >= 0) {
            g_opt.attempts = (unsigned)v;
        } else if (strcmp(w, "uptimerate") == 0 && parse_long(eq + 1, n, &v) == 0 && v > 0) {
            g_opt.uptime_rate = (uint32_t)v;
        } else if (strcmp(w, "waitmax") == 0 && parse_long(eq + 1, n, &v) == 0 && v >= 0) {
            g_opt.wait_max_ms = (uint32_t)v * MS_PER_S;
        } else if (strcmp(w, "aud") == 0) {
            g_opt.aud = eq + 1;
        } else if (strcmp(w, "clock") == 0) {
            if (driver_parse_clock(eq + 1, n, &g_opt) != 0) {
                return -1;
            }
        } else if (strcmp(w, "margin") == 0 && parse_long(eq + 1, n, &v) == 0 && v >= 0) {
            g_opt.margin = (uint32_t)v;
        } else if (strcmp(w, "count") == 0 && parse_long(eq + 1, n, &v) == 0) {
            g_opt.count = v;
        } else {
            return -1;
        }
    }
    return g_steps[0] != '\0' ? 0 : -1;
}

static int run_step(const char *s, size_t n)
{
    long v;

    if (n > 6u && memcmp(s, "sleep:", 6) == 0 && parse_long(s + 6, n - 6u, &v) == 0 && v >= 0) {
        return step_sleep(v);
    }
    return driver_run_step(s, n);
}

int main(void)
{
    static const char *const clock_names[] = {"board RTC (host clock)", "shifted", "UNKNOWN",
                                              "unknown until the backend's Date"};
    static flow_port port = {
        link_exchange, board_console_vsay, board_console_vformat, NULL, 0, time_learned, NULL};
    static char factory[PROVISIONING_REGION_SIZE];
    flow_device *d = driver_device();
    const char *name = NULL;
    const char *pem = NULL;
    const char *bad = NULL;
    size_t len = 0;
    const char *s;
    int nsteps = 0;
    int err;

    if (parse_args() != 0) {
        usage();
        return EXIT_USAGE;
    }
    port.platform = ejwt_mcu_platform();
    if (driver_boot(&port, &g_opt) != EJWT_OK) {
        return EXIT_FAILED;
    }
    err = provisioning_read(PROVISIONING_FACTORY, factory, sizeof(factory), &len);
    name = g_opt.factory.client_name; /* id= of the arguments wins */
    if (err == EJWT_OK && flow_factory_parse(factory, &g_opt.factory, &pem, &bad) != 0 &&
        (bad != NULL || !d->provisioned)) {
        flow_say(d, "error: factory region: %s", bad != NULL ? bad : "no issuer");
        err = EJWT_ERR_INVALID_ARG;
    }
    if (name != NULL) {
        g_opt.factory.client_name = name;
    }
    if (err == EJWT_OK && pem == NULL) {
        err = EJWT_ERR_STORAGE_NOT_FOUND;
    }
    if (err != EJWT_OK) {
        (void)flow_fail(d, err, "no trust anchor in the factory region");
        return EXIT_FAILED;
    }
    flow_say(d,
             "boot: factory region [EMULATION: host file %s]: trust anchor (the server's CA "
             "certificate, %lu bytes)%s%s",
             PROVISIONING_FACTORY, (unsigned long)strlen(pem),
             g_opt.factory.issuer != NULL ? ", issuer " : "",
             g_opt.factory.issuer != NULL ? g_opt.factory.issuer : "");
    link_set_time_known(flow_now(d) != EJWT_TIME_UNKNOWN);
    if (link_init(pem, strlen(pem) + 1u, SERVER_NAME) != 0) {
        (void)flow_fail(d, EJWT_ERR_INVALID_ARG, "TLS setup");
        return EXIT_FAILED;
    }
    flow_say(d, "boot: %s on %s, %s, wall clock %s; HTTPS to %s over UART0",
             "ejwt_board_device_driver", ejwt_board.name,
             d->provisioned ? d->cfg.client_id : "not provisioned", clock_names[g_opt.clock_mode],
             SERVER_NAME);

    s = g_steps;
    while (*s != '\0') {
        const char *e = s;
        while (*e != '\0' && *e != ',') {
            e++;
        }
        if (e > s) {
            err = run_step(s, (size_t)(e - s));
            nsteps++;
            if (err == 1) {
                flow_say(d, "unknown step %.*s", (int)(e - s), s);
                usage();
                return EXIT_USAGE;
            }
            if (err != EJWT_OK) {
                (void)step_stats();
                return err == EJWT_ERR_DEPROVISIONED ? EXIT_DEPROVISIONED : EXIT_FAILED;
            }
        }
        s = *e == ',' ? e + 1 : e;
    }
    flow_say(d, "done: %d step(s) OK", nsteps);
    return EXIT_OK;
}
