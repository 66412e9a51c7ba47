/*
 * ejwt_host_device: the device firmware's logic on the host, over the posix
 * port, talking plain HTTP/1.1 over a TCP socket to the reference backend
 * (examples/backend, --no-tls). The board runs the same steps over TLS on
 * its UART. The steps themselves are ../device_app/flow.c; this file is the
 * port: the socket transport, stdout, the posix clock and the command line.
 *
 * One process is one boot. Its secure storage (device key, sealed token
 * store, provisioned configuration) is the EJWT_STORAGE_DIR folder (or
 * --storage), so a second process on the same folder is a reboot. The steps
 * named on the command line run in order; the first one that fails ends the
 * boot with "device: error: <EJWT_ERR_NAME>: ..." and exit status 1.
 *
 * No malloc: every buffer is static and sized at compile time.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../device_app/flow.h"
#include "ejwt/ejwt.h"
#include "ejwt/port_posix.h"
#include "http.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* ------------------------------------------------------------------ output */

static void host_vsay(const char *fmt, va_list ap) DEV_PRINTF_LIKE(1, 0);

static void host_vsay(const char *fmt, va_list ap)
{
    fputs("device: ", stdout);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
}

static int host_vformat(char *buf, size_t cap, const char *fmt, va_list ap) DEV_PRINTF_LIKE(3, 0);

static int host_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    return vsnprintf(buf, cap, fmt, ap);
}

/* --------------------------------------------------------------- transport */

static struct {
    char host[64]; /* Host header, "127.0.0.1:PORT" */
    struct sockaddr_in addr;
    int set;
} g_server;

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

static char g_http[24 * 1024]; /* request, then response */
static size_t g_bytes_sent;    /* request bytes of the last exchange */

/* One request on a fresh connection. */
static int exchange(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp)
{
    struct timeval tv = {10, 0};
    http_transport t;
    int fd;
    int err;

    if (!g_server.set) {
        dev_say("error: no --server given");
        return EJWT_ERR_INVALID_ARG;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return EJWT_ERR_OAUTH_RETRY;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    (void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, (const struct sockaddr *)&g_server.addr, sizeof(g_server.addr)) != 0) {
        dev_say("network: cannot connect to %s: %s", g_server.host, strerror(errno));
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
        dev_say("network: %s %s failed (http error %d)", method, path, err);
        return EJWT_ERR_OAUTH_RETRY;
    }
    g_bytes_sent = resp->request_bytes;
    return EJWT_OK;
}

static void report_api(const http_response *resp)
{
    dev_say("api: GET /api/telemetry -> %d %s (request %lu bytes)", resp->status, resp->body,
            (unsigned long)g_bytes_sent);
}

static int step_sleep(long seconds)
{
    dev_say("sleep: %ld s", seconds);
    (void)sleep((unsigned)seconds);
    return EJWT_OK;
}

static const dev_step g_host_steps[] = {
    {"refresh-loop", flow_step_refresh_loop},
    {NULL, NULL},
};

static device_port g_port = {
    .exchange = exchange,
    .vsay = host_vsay,
    .vformat = host_vformat,
    .clock_mode = DEV_CLOCK_SYSTEM,
    .report_api = report_api,
    .client_id_prefix = "dev-",
    .steps = g_host_steps,
    .margin = 60u,
};

/* -------------------------------------------------------------------- main */

static void usage(void)
{
    fputs("usage: ejwt_host_device [options] STEP...\n"
          "options:\n"
          "  --server HOST:PORT     the backend (plain HTTP; HOST 127.0.0.1 or localhost)\n"
          "  --storage DIR          secure storage folder (default: $EJWT_STORAGE_DIR)\n"
          "  --client-id ID         client id to register (default dev-<thumbprint>)\n"
          "  --clock system|unknown|date|offset:SECONDS\n"
          "                         the device's wall clock (default system)\n"
          "  --margin SECONDS       refresh this long before expiry (default 60)\n"
          "  --aud URL              assertion audience instead of the token endpoint (tests)\n"
          "  --count N              iterations of save-loop and refresh-loop (default: forever)\n"
          "steps (in order, one boot):\n"
          "  provision   create the device key, register it (POST /register), store the answer\n"
          "  session     reuse the stored access token, or refresh, or authenticate\n"
          "  auth        authenticate now (client assertion, client_credentials)\n"
          "  refresh     refresh now (refresh_token + fresh assertion), rotate\n"
          "  api         GET /api/telemetry with the session's Bearer token\n"
          "  command     GET /command, verify it, verify it again (must be a replay)\n"
          "  show        print fingerprints of the stored tokens\n"
          "  sleep:N     wait N seconds\n"
          "test steps: assertion, replay-assertion, refresh-replay, tamper, save-loop,\n"
          "  refresh-loop\n",
          stderr);
}

static int set_server(const char *arg)
{
    const char *colon = strrchr(arg, ':');
    char host[32];
    size_t hl;
    long port;
    char *end;

    if (colon == NULL || (hl = (size_t)(colon - arg)) == 0u || hl >= sizeof(host)) {
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
    (void)snprintf(g_server.host, sizeof(g_server.host), "%s", arg);
    g_server.set = 1;
    return 0;
}

static int set_clock(const char *arg)
{
    char *end;

    if (strcmp(arg, "system") == 0) {
        g_port.clock_mode = DEV_CLOCK_SYSTEM;
    } else if (strcmp(arg, "unknown") == 0) {
        g_port.clock_mode = DEV_CLOCK_UNKNOWN;
    } else if (strcmp(arg, "date") == 0) {
        g_port.clock_mode = DEV_CLOCK_DATE;
    } else if (strncmp(arg, "offset:", 7) == 0) {
        g_port.clock_offset = strtoll(arg + 7, &end, 10);
        if (*end != '\0' || end == arg + 7) {
            return -1;
        }
        g_port.clock_mode = DEV_CLOCK_OFFSET;
    } else {
        return -1;
    }
    return 0;
}
static int run_step(const char *s)
{
    if (strncmp(s, "sleep:", 6) == 0) {
        return step_sleep(strtol(s + 6, NULL, 10));
    }
    return flow_run_step(s, strlen(s));
}

int main(int argc, char **argv)
{
    const char *storage = NULL;
    int first_step = argc;
    int i;
    int err;

    i = 1;
    while (i < argc) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;

        if (strncmp(a, "--", 2) != 0) {
            first_step = i;
            break;
        }
        if (v == NULL) {
            bad = 1;
        } else if (strcmp(a, "--server") == 0) {
            bad = set_server(v) != 0;
        } else if (strcmp(a, "--storage") == 0) {
            storage = v;
        } else if (strcmp(a, "--client-id") == 0) {
            g_port.client_id = v;
        } else if (strcmp(a, "--clock") == 0) {
            bad = set_clock(v) != 0;
        } else if (strcmp(a, "--margin") == 0) {
            g_port.margin = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--aud") == 0) {
            g_port.aud = v;
        } else if (strcmp(a, "--count") == 0) {
            g_port.count = strtol(v, NULL, 10);
        } else {
            bad = 1;
        }
        if (bad) {
            fprintf(stderr, "ejwt_host_device: bad option %s %s\n", a, v != NULL ? v : "");
            usage();
            return EXIT_USAGE;
        }
        i += 2;
    }
    if (first_step >= argc) {
        usage();
        return EXIT_USAGE;
    }
    if (storage != NULL && ejwt_posix_set_storage_dir(storage) != EJWT_OK) {
        fprintf(stderr, "ejwt_host_device: bad --storage\n");
        return EXIT_USAGE;
    }
    if (ejwt_posix_storage_dir() == NULL) {
        fprintf(stderr, "ejwt_host_device: set EJWT_STORAGE_DIR or --storage\n");
        return EXIT_USAGE;
    }

    /* Boot: platform hooks, crypto, token store, provisioned configuration. */
    g_port.base = ejwt_posix_platform();
    if (flow_boot(&g_port) != EJWT_OK) {
        return EXIT_FAILED;
    }
    dev_say("boot: storage %s, %s, wall clock %s", ejwt_posix_storage_dir(),
            flow_client_id() != NULL ? flow_client_id() : "not provisioned",
            flow_now() == EJWT_TIME_UNKNOWN ? "UNKNOWN" : "set");

    for (i = first_step; i < argc; i++) {
        err = run_step(argv[i]);
        if (err == 1) {
            fprintf(stderr, "ejwt_host_device: unknown step %s\n", argv[i]);
            usage();
            return EXIT_USAGE;
        }
        if (err != EJWT_OK) {
            return EXIT_FAILED;
        }
    }
    dev_say("done: %d step(s) OK", argc - first_step);
    return 0;
}
