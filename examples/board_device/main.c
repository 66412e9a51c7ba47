/*
 * ejwt_board_device: the device firmware on mps2-an385. It provisions
 * itself, authenticates with a signed client assertion, keeps its tokens in
 * the sealed token store on the (emulated) flash, calls the backend's API,
 * and verifies signed commands - over HTTPS on its UART (link.c), the way a
 * device talks through a cellular modem. examples/host_device runs the same
 * steps on the host over a plain socket. The steps themselves are
 * ../device_app/flow.c; this file is the port: the TLS link, the UART
 * console, the trust anchor, the counters and the command line.
 *
 * One QEMU run is one boot. What the boot does comes from the semihosting
 * command line (boards/qemu-run: EJWT_FIRMWARE_ARGS), e.g.
 *
 *     run=provision,session,api,command ca=ca.pem ejwt-flash=board.flash
 *
 *   run=STEP,...      the steps, in order (see usage())
 *   id=CLIENT_ID      client id to register (default board-<thumbprint prefix>)
 *   ca=PATH           EMULATION-ONLY provisioning of the trust anchor: on the
 *                     first boot the backend's CA certificate is read from
 *                     this host file and written to secure storage, as a
 *                     provisioning station would; later boots use the stored
 *                     one and ignore this
 *   clock=system|unknown|date|offset:SECONDS   the wall clock (tests)
 *   margin=SECONDS    refresh this long before the access token expires
 *   aud=URL           assertion audience instead of the token endpoint (tests)
 *   count=N           iterations of save-loop (default: forever)
 *
 * Exit status: 0 every step passed; 3 the backend deprovisioned the device
 * (a clean stop); 1 any other failure; 2 bad command line.
 *
 * No heap: every buffer is static; Mbed TLS allocates from the static arena.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <psa/internal_trusted_storage.h>

#include "../device_app/flow.h"
#include "../host_device/device_config.h"
#include "../host_device/http.h"
#include "board_clock.h"
#include "ejwt/baremetal.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "link.h"
#include "semihost.h"

#define EXIT_OK 0
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_DEPROVISIONED 3

/* The TLS server name the backend's certificate must carry. */
#define SERVER_NAME "localhost"
/* ITS uid of the provisioned trust anchor (the backend's CA, PEM). */
#define TRUST_ANCHOR_UID (DEV_CONFIG_UID + 1u)
#define TRUST_ANCHOR_MAX 2048u

/* ------------------------------------------------------------------ output */

#define say dev_say
#define fail dev_fail

static void board_vsay(const char *fmt, va_list ap) DEV_PRINTF_LIKE(1, 0);

static void board_vsay(const char *fmt, va_list ap)
{
    ejwt_bm_puts("device: ");
    ejwt_bm_vprintf(fmt, ap);
    ejwt_bm_puts("\n");
}

static int board_vformat(char *buf, size_t cap, const char *fmt, va_list ap) DEV_PRINTF_LIKE(3, 0);

static int board_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    return ejwt_bm_vsnprintf(buf, cap, fmt, ap);
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

/* ------------------------------------------------------------------- clock */

int64_t board_clock_now(void)
{
    return flow_now();
}

/* --------------------------------------------------------------- transport */

static char g_http[6144];  /* request head, then the response */
static uint32_t g_last_tx; /* UART bytes sent by the last exchange */
static uint32_t g_last_rx;
static size_t g_last_http; /* HTTP bytes (head and body) of its request */

/* One HTTPS request on the link. */
static int exchange(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp)
{
    static const http_transport t = {link_send, link_recv, NULL};
    link_stats before;
    link_stats after;
    int err;

    link_get_stats(&before);
    err = link_open();
    if (err == 0) {
        err = http_request(&t, method, SERVER_NAME, path, ctype, authorization, body, body_len,
                           g_http, sizeof(g_http), resp);
        if (err != 0) {
            say("link: %s %s failed (http error %d)", method, path, err);
        }
    }
    /* http.c asks for Connection: close (the backend closes anyway). */
    link_close(1);
    link_get_stats(&after);
    g_last_tx = after.tx_bytes - before.tx_bytes;
    g_last_rx = after.rx_bytes - before.rx_bytes;
    if (err != 0) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    g_last_http = resp->request_bytes;
    return EJWT_OK;
}

static void time_learned(void)
{
    link_set_time_known(1);
}

static void report_api(const http_response *resp)
{
    say("api: GET /api/telemetry -> %d %s", resp->status, resp->body);
    say("api: the device sent %lu bytes on the UART for this call (HTTP request %lu bytes, "
        "the rest TLS 1.3 handshake and records); received %lu",
        (unsigned long)g_last_tx, (unsigned long)g_last_http, (unsigned long)g_last_rx);
}

static struct {
    const char *ca;
    char steps[160];
} g_opt = {NULL, ""};

/* ------------------------------------------------------------ trust anchor */

static char g_ca_pem[TRUST_ANCHOR_MAX + 1];

/* EMULATION-ONLY: read a host file through semihosting (the provisioning
 * station's channel in this demo). */
static int host_read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    uintptr_t args[3];
    intptr_t h;
    uintptr_t flen;
    uintptr_t left;

    args[0] = (uintptr_t)path;
    args[1] = SH_OPEN_MODE_RB;
    args[2] = strlen(path);
    h = (intptr_t)ejwt_semihost(SH_SYS_OPEN, args);
    if (h < 0) {
        return EJWT_ERR_STORAGE_NOT_FOUND;
    }
    args[0] = (uintptr_t)h;
    flen = ejwt_semihost(SH_SYS_FLEN, args);
    if (flen == (uintptr_t)-1 || flen == 0u || flen > cap) {
        (void)ejwt_semihost(SH_SYS_CLOSE, args);
        return EJWT_ERR_LIMIT;
    }
    args[0] = (uintptr_t)h;
    args[1] = (uintptr_t)buf;
    args[2] = flen;
    left = ejwt_semihost(SH_SYS_READ, args);
    args[0] = (uintptr_t)h;
    (void)ejwt_semihost(SH_SYS_CLOSE, args);
    if (left != 0u) {
        return EJWT_ERR_STORAGE_IO;
    }
    *len = flen;
    return EJWT_OK;
}

/* The backend's CA certificate from secure storage; on the first boot it is
 * provisioned from ca=PATH. */
static size_t g_ca_len;

static int load_trust_anchor(void)
{
    size_t n = 0;
    psa_status_t st = psa_its_get(TRUST_ANCHOR_UID, 0, TRUST_ANCHOR_MAX, g_ca_pem, &n);
    int err;

    if (st == PSA_SUCCESS) {
        g_ca_pem[n] = '\0';
        g_ca_len = n + 1u; /* Mbed TLS wants PEM with its terminator */
        return EJWT_OK;
    }
    if (st != PSA_ERROR_DOES_NOT_EXIST) {
        return fail(EJWT_ERR_STORAGE_IO, "reading the trust anchor");
    }
    if (g_opt.ca == NULL) {
        return fail(EJWT_ERR_STORAGE_NOT_FOUND, "no trust anchor provisioned (ca=PATH)");
    }
    err = host_read_file(g_opt.ca, g_ca_pem, TRUST_ANCHOR_MAX, &n);
    if (err != EJWT_OK) {
        return fail(err, "reading the CA certificate from the provisioning station");
    }
    if (psa_its_set(TRUST_ANCHOR_UID, (uint32_t)n, g_ca_pem, 0) != PSA_SUCCESS) {
        return fail(EJWT_ERR_STORAGE_IO, "storing the trust anchor");
    }
    g_ca_pem[n] = '\0';
    g_ca_len = n + 1u;
    say("provision: trust anchor (the backend's CA certificate, %lu bytes) written to secure "
        "storage [EMULATION: provisioning station = semihosting file %s]",
        (unsigned long)n, g_opt.ca);
    return EJWT_OK;
}

static int step_sleep(long seconds)
{
    uint64_t t0 = ejwt_bm_uptime_ms();

    say("sleep: %ld s", seconds);
    while (ejwt_bm_uptime_ms() - t0 < (uint64_t)seconds * 1000u) {
    }
    return EJWT_OK;
}

/* Link and memory figures (the demo and the report quote them). */
static int step_stats(void)
{
    link_stats ls;

    link_get_stats(&ls);
    say("stats: UART %lu bytes sent, %lu received; %lu TLS handshakes (%lu attempts, last "
        "%lu ms)",
        (unsigned long)ls.tx_bytes, (unsigned long)ls.rx_bytes, (unsigned long)ls.handshakes,
        (unsigned long)ls.attempts, (unsigned long)ls.handshake_ms);
    flow_say_session_stats();
    say("stats: Mbed TLS arena peak %lu of %lu bytes; stack peak %lu of %lu bytes",
        (unsigned long)ejwt_bm_arena_peak(), (unsigned long)ejwt_bm_arena_size(),
        (unsigned long)ejwt_bm_stack_peak(), (unsigned long)ejwt_bm_stack_size());
    return EJWT_OK;
}

static const dev_step g_board_steps[] = {
    {"stats", step_stats},
    {NULL, NULL},
};

static device_port g_port = {
    .exchange = exchange,
    .vsay = board_vsay,
    .vformat = board_vformat,
    .clock_mode = DEV_CLOCK_SYSTEM,
    .provision_trust_anchor = load_trust_anchor,
    .time_learned = time_learned,
    .link_info = link_session_info,
    .report_api = report_api,
    .reuse_note_first_pass_only = 1,
    .client_id_prefix = "board-",
    .steps = g_board_steps,
    .margin = 60u,
};

/* ---------------------------------------------------------- command line */

static void usage(void)
{
    ejwt_bm_puts(
        "usage (semihosting command line): run=STEP[,STEP...] [id=CLIENT_ID] [ca=PATH]\n"
        "  [clock=system|unknown|date|offset:S] [margin=S] [aud=URL] [count=N] ejwt-flash=PATH\n"
        "steps: provision session auth refresh api command show stats sleep:N\n"
        "test steps: assertion replay-assertion refresh-replay tamper save-loop\n");
}

static int run_step(const char *s, size_t n)
{
    long v;

    if (n > 6u && memcmp(s, "sleep:", 6) == 0 && parse_long(s + 6, n - 6u, &v) == 0 && v >= 0) {
        return step_sleep(v);
    }
    return flow_run_step(s, n);
}

static int parse_clock(const char *v, size_t n)
{
    if (n == 6u && memcmp(v, "system", 6) == 0) {
        g_port.clock_mode = DEV_CLOCK_SYSTEM;
    } else if (n == 7u && memcmp(v, "unknown", 7) == 0) {
        g_port.clock_mode = DEV_CLOCK_UNKNOWN;
    } else if (n == 4u && memcmp(v, "date", 4) == 0) {
        g_port.clock_mode = DEV_CLOCK_DATE;
    } else if (n > 7u && memcmp(v, "offset:", 7) == 0) {
        long off;
        if (parse_long(v + 7, n - 7u, &off) != 0) {
            return -1;
        }
        g_port.clock_offset = off;
        g_port.clock_mode = DEV_CLOCK_OFFSET;
    } else {
        return -1;
    }
    return 0;
}

/* The command line: "<kernel> name=value ... ejwt-flash=PATH". Values are
 * kept in place (each word terminated). */
static char g_cmdline[256];

static int parse_cmdline(void)
{
    uintptr_t args[2];
    char *p;
    long v;

    args[0] = (uintptr_t)g_cmdline;
    args[1] = sizeof(g_cmdline);
    if (ejwt_semihost(SH_SYS_GET_CMDLINE, args) != 0u || args[1] >= sizeof(g_cmdline)) {
        return -1;
    }
    g_cmdline[args[1]] = '\0';
    p = g_cmdline;
    while (*p != '\0') {
        char *w = p;
        char *eq;
        size_t n;

        while (*p != '\0' && *p != ' ') {
            p++;
        }
        n = (size_t)(p - w);
        if (*p == ' ') {
            *p++ = '\0';
        }
        eq = memchr(w, '=', n);
        if (eq == NULL) {
            continue; /* the kernel's path */
        }
        *eq = '\0';
        n -= (size_t)(eq + 1 - w);
        if (strcmp(w, "ejwt-flash") == 0) {
            break; /* the port's; the rest of the line is its path */
        } else if (strcmp(w, "run") == 0 && n < sizeof(g_opt.steps)) {
            memcpy(g_opt.steps, eq + 1, n + 1u);
        } else if (strcmp(w, "ca") == 0) {
            g_opt.ca = eq + 1;
        } else if (strcmp(w, "id") == 0) {
            g_port.client_id = eq + 1;
        } else if (strcmp(w, "aud") == 0) {
            g_port.aud = eq + 1;
        } else if (strcmp(w, "clock") == 0) {
            if (parse_clock(eq + 1, n) != 0) {
                return -1;
            }
        } else if (strcmp(w, "margin") == 0 && parse_long(eq + 1, n, &v) == 0 && v >= 0) {
            g_port.margin = (uint32_t)v;
        } else if (strcmp(w, "count") == 0 && parse_long(eq + 1, n, &v) == 0) {
            g_port.count = v;
        } else {
            return -1;
        }
    }
    return g_opt.steps[0] != '\0' ? 0 : -1;
}

/* -------------------------------------------------------------------- main */

int main(void)
{
    static const char *const clock_names[] = {"board RTC (host clock)", "shifted", "UNKNOWN",
                                              "unknown until the backend's Date"};
    const char *s;
    int nsteps = 0;
    int err;

    if (parse_cmdline() != 0) {
        usage();
        return EXIT_USAGE;
    }

    g_port.base = ejwt_baremetal_platform();
    /* Boot: platform hooks, crypto, token store, provisioned configuration,
     * trust anchor. */
    if (flow_boot(&g_port) != EJWT_OK) {
        return EXIT_FAILED;
    }
    link_set_time_known(board_clock_now() != EJWT_TIME_UNKNOWN);
    if (link_init(g_ca_pem, g_ca_len, SERVER_NAME) != 0) {
        fail(EJWT_ERR_INVALID_ARG, "TLS setup");
        return EXIT_FAILED;
    }
    say("boot: %s on %s, %s, wall clock %s; HTTPS to %s over UART0", "ejwt_board_device",
        ejwt_board.name, flow_client_id() != NULL ? flow_client_id() : "not provisioned",
        clock_names[g_port.clock_mode], SERVER_NAME);

    s = g_opt.steps;
    while (*s != '\0') {
        const char *e = s;
        while (*e != '\0' && *e != ',') {
            e++;
        }
        if (e > s) {
            err = run_step(s, (size_t)(e - s));
            nsteps++;
            if (err == 1) {
                say("unknown step %.*s", (int)(e - s), s);
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
    say("done: %d step(s) OK", nsteps);
    return EXIT_OK;
}
