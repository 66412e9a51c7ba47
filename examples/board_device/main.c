/*
 * ejwt_board_device: the device firmware on mps2-an385. It provisions
 * itself, authenticates with a signed client assertion, keeps its tokens in
 * the sealed token store on the (emulated) flash, calls the backend's API,
 * and verifies signed commands - over HTTPS on its UART (link.c), the way a
 * device talks through a cellular modem. examples/host_device runs the same
 * steps on the host over a plain socket.
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

#include "../host_device/device_config.h"
#include "../host_device/http.h"
#include "board_clock.h"
#include "ejwt/assertion.h"
#include "ejwt/baremetal.h"
#include "ejwt/command.h"
#include "ejwt/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/oauth.h"
#include "ejwt/platform.h"
#include "ejwt/session.h"
#include "ejwt/token_store.h"
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

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
    va_list ap;

    ejwt_bm_puts("device: ");
    va_start(ap, fmt);
    ejwt_bm_vprintf(fmt, ap);
    va_end(ap);
    ejwt_bm_puts("\n");
}

static int fail(int err, const char *what)
{
    say("error: %s: %s (%s)", ejwt_error_name(err), what, ejwt_strerror(err));
    return err;
}

static int fmt(char *buf, size_t cap, const char *f, ...) __attribute__((format(printf, 3, 4)));

static int fmt(char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    int n;

    va_start(ap, f);
    n = ejwt_bm_vsnprintf(buf, cap, f, ap);
    va_end(ap);
    return n;
}

/* A short fingerprint of a secret for the transcript: never the secret. */
static void fingerprint(const char *s, size_t len, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[32];
    int i;

    if (ejwt_sha256((const uint8_t *)s, len, h) != EJWT_OK) {
        memset(h, 0, sizeof(h));
    }
    for (i = 0; i < 8; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15u];
    }
    out[16] = '\0';
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

typedef enum clock_mode {
    CLOCK_SYSTEM = 0, /* the board's wall clock (EMULATION-ONLY: the host's) */
    CLOCK_OFFSET,     /* shifted (tests: an expired assertion) */
    CLOCK_UNKNOWN,    /* no wall clock and no way to learn it */
    CLOCK_DATE        /* unknown until learned from the backend's Date header */
} clock_mode;

static clock_mode g_clock_mode = CLOCK_SYSTEM;
static long g_clock_offset;

static int device_wall_time(void *ctx, int64_t *now)
{
    int64_t t = 0;
    int err;

    (void)ctx;
    if (g_clock_mode == CLOCK_UNKNOWN || g_clock_mode == CLOCK_DATE) {
        return EJWT_ERR_TIME_UNKNOWN; /* no RTC: the session learns the time */
    }
    err = ejwt_bm_wall_time(&t);
    if (err != EJWT_OK) {
        return err;
    }
    *now = t + (g_clock_mode == CLOCK_OFFSET ? (int64_t)g_clock_offset : 0);
    return EJWT_OK;
}

static uint64_t device_uptime_ms(void *ctx)
{
    (void)ctx;
    return ejwt_bm_uptime_ms();
}

static int device_entropy(void *ctx, uint8_t *buf, size_t len)
{
    (void)ctx;
    return ejwt_bm_entropy(buf, len);
}

static const ejwt_platform g_platform = {device_wall_time, device_uptime_ms, device_entropy, NULL};

static ejwt_session g_sess;
static int g_sess_ready;

int64_t board_clock_now(void)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    if (g_sess_ready) {
        (void)ejwt_session_now(&g_sess, &now);
    } else if (ejwt_platform_wall_time(&now) != EJWT_OK) {
        now = EJWT_TIME_UNKNOWN;
    }
    return now;
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
    /* A device without a wall clock learns the time from the backend's Date
     * header, which TLS authenticated. */
    if (g_clock_mode == CLOCK_DATE && g_sess_ready && board_clock_now() == EJWT_TIME_UNKNOWN &&
        resp->date[0] != '\0') {
        int64_t t0 = 0;
        int e2 = ejwt_http_date_parse(resp->date, strlen(resp->date), &t0);
        if (e2 == EJWT_OK) {
            e2 = ejwt_session_set_time(&g_sess, t0);
        }
        if (e2 == EJWT_OK) {
            link_set_time_known(1);
        }
        say("clock: %s from the backend's Date header (%s)",
            e2 == EJWT_OK ? "time learned" : ejwt_error_name(e2), resp->date);
    }
    return EJWT_OK;
}

/* ------------------------------------------------------------------- state */

static dev_config g_cfg;
static int g_provisioned;
static ejwt_token_store g_ts;
static ejwt_key g_key;
static ejwt_command_verifier g_verifier;
static char g_buf[4096];  /* bearer value or token request body */
static char g_work[4096]; /* parsed token response strings */

static struct {
    const char *ca;
    const char *client_id;
    const char *aud;
    uint32_t margin;
    long count;
    char steps[160];
} g_opt = {NULL, NULL, NULL, 60u, 0, ""};

static int need_session(void)
{
    if (!g_provisioned || !g_sess_ready) {
        return fail(EJWT_ERR_NO_TOKEN, "not provisioned: run the provision step first");
    }
    return EJWT_OK;
}

static int start_session(void)
{
    ejwt_session_config sc;
    ejwt_command_config cc;
    int err = ejwt_device_key_get(&g_key);

    if (err != EJWT_OK) {
        return fail(err, "device key");
    }
    memset(&sc, 0, sizeof(sc));
    sc.client_id = g_cfg.client_id;
    sc.token_endpoint = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
    sc.refresh_margin_s = g_opt.margin;
    err = ejwt_session_init(&g_sess, &sc, &g_key, &g_ts);
    if (err != EJWT_OK) {
        return fail(err, "session");
    }
    g_sess_ready = 1;
    memset(&cc, 0, sizeof(cc));
    cc.client_id = g_cfg.client_id;
    cc.issuer = g_cfg.issuer;
    cc.leeway_s = 5;
    err = ejwt_command_verifier_init(&g_verifier, &cc, g_cfg.text + g_cfg.jwks_off, g_cfg.jwks_len);
    if (err != EJWT_OK) {
        return fail(err, "importing the backend's JWK Set");
    }
    return EJWT_OK;
}

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
static int load_trust_anchor(size_t *len)
{
    size_t n = 0;
    psa_status_t st = psa_its_get(TRUST_ANCHOR_UID, 0, TRUST_ANCHOR_MAX, g_ca_pem, &n);
    int err;

    if (st == PSA_SUCCESS) {
        g_ca_pem[n] = '\0';
        *len = n + 1u; /* Mbed TLS wants PEM with its terminator */
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
    *len = n + 1u;
    say("provision: trust anchor (the backend's CA certificate, %lu bytes) written to secure "
        "storage [EMULATION: provisioning station = semihosting file %s]",
        (unsigned long)n, g_opt.ca);
    return EJWT_OK;
}

/* ------------------------------------------------------------------- steps */

static int step_provision(void)
{
    static char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    static char body[512];
    char client_id[DEV_CLIENT_ID_MAX + 1];
    http_response resp;
    size_t len = 0;
    int created = 0;
    int n;
    int err;

    if (g_provisioned) {
        say("provision: already provisioned as %s (token endpoint %s): nothing to do",
            g_cfg.client_id, g_cfg.token_endpoint);
        return EJWT_OK;
    }
    err = ejwt_device_key_provision(&g_key, &created);
    if (err != EJWT_OK) {
        return fail(err, "creating the device key");
    }
    say("provision: device key %s in secure storage (PSA id 0x%08lx, kid %s)",
        created ? "created" : "found", (unsigned long)EJWT_DEVICE_KEY_ID, g_key.kid);
    err = ejwt_device_key_public_jwk(jwk, sizeof(jwk), &len);
    if (err != EJWT_OK) {
        return fail(err, "exporting the public JWK");
    }
    if (g_opt.client_id != NULL) {
        n = fmt(client_id, sizeof(client_id), "%s", g_opt.client_id);
    } else {
        n = fmt(client_id, sizeof(client_id), "board-%.12s", g_key.kid);
    }
    if (n < 0 || (size_t)n >= sizeof(client_id)) {
        return fail(EJWT_ERR_LIMIT, "client id too long");
    }
    n = fmt(body, sizeof(body), "{\"client_id\":\"%s\",\"jwk\":%s}", client_id, jwk);
    if (n < 0 || (size_t)n >= sizeof(body)) {
        return fail(EJWT_ERR_BUFFER_TOO_SMALL, "registration body");
    }
    err = exchange("POST", "/register", "application/json", NULL, body, (size_t)n, &resp);
    if (err != EJWT_OK) {
        return fail(err, "POST /register");
    }
    say("link: %s", link_session_info());
    if (resp.status != 201 && resp.status != 200) {
        say("provision: POST /register -> %d %s", resp.status, resp.body);
        return fail(EJWT_ERR_OAUTH_RETRY, "registration refused");
    }
    err = dev_config_parse(&g_cfg, resp.body, resp.body_len);
    if (err == EJWT_OK && strcmp(g_cfg.client_id, client_id) != 0) {
        err = EJWT_ERR_OAUTH_RESPONSE;
    }
    if (err != EJWT_OK) {
        return fail(err, "registration answer");
    }
    err = dev_config_save(&g_cfg);
    if (err != EJWT_OK) {
        return fail(err, "storing the configuration");
    }
    g_provisioned = 1;
    say("provision: registered as %s -> %d; token endpoint %s; backend JWK Set stored",
        g_cfg.client_id, resp.status, g_cfg.token_endpoint);
    return start_session();
}

static void sync_time(void)
{
    http_response resp;

    say("clock: wall time unknown; GET /jwks.json for the backend's Date");
    (void)exchange("GET", "/jwks.json", NULL, NULL, NULL, 0, &resp);
}

static void report_store(const char *what)
{
    size_t len = 0;
    char fa[17] = "-";
    char fr[17] = "-";

    if (ejwt_token_store_bearer(&g_ts, g_work, sizeof(g_work), &len) == EJWT_OK) {
        fingerprint(g_work + 7, len - 7u, fa);
    }
    if (ejwt_token_store_refresh_token(&g_ts, g_work, sizeof(g_work), &len) == EJWT_OK) {
        fingerprint(g_work, len, fr);
    }
    memset(g_work, 0, sizeof(g_work));
    say("%s: access token %s, refresh token %s (fingerprints)", what, fa, fr);
}

static int deprovisioned(int err)
{
    if (err == EJWT_ERR_DEPROVISIONED) {
        say("stopping: the backend deprovisioned this device (invalid_client); the session "
            "cleared the stored tokens");
    }
    return err;
}

/* The firmware's loop, once: let the session decide (reuse the stored access
 * token, refresh, or sign a new assertion) until an API call to \p api_path
 * has an answer. \p api_path NULL stops once a usable token is stored. */
static int run_session(const char *api_path, http_response *resp)
{
    ejwt_session_stats before;
    ejwt_session_stats now;
    ejwt_session_request req;
    int cc_refused = 0;
    int synced = 0;
    int guard;
    int retry = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    ejwt_session_get_stats(&g_sess, &before);
    for (guard = 0; guard < 8; guard++) {
        err = ejwt_session_prepare(&g_sess, g_buf, sizeof(g_buf), &req);
        if (err == EJWT_ERR_TIME_UNKNOWN && g_clock_mode == CLOCK_DATE && !synced) {
            synced = 1;
            sync_time();
            continue;
        }
        if (err != EJWT_OK) {
            if (err == EJWT_ERR_TIME_UNKNOWN) {
                return fail(err, "no wall clock: refusing to sign an assertion");
            }
            return fail(deprovisioned(err), "session");
        }
        if (req.action == EJWT_SESSION_POST_TOKEN) {
            const char *grant = req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                    ? "refresh_token"
                                    : "client_credentials";
            say("session: %s grant with a fresh client assertion", grant);
            err = exchange("POST", "/token", EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, g_buf, req.len,
                           resp);
            memset(g_buf, 0, sizeof(g_buf));
            err = ejwt_session_handle_token_response(
                &g_sess, err == EJWT_OK ? resp->status : 0, err == EJWT_OK ? resp->body : NULL,
                err == EJWT_OK ? resp->body_len : 0u, g_work, sizeof(g_work));
            if (err == EJWT_OK) {
                report_store(req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                 ? "session: refreshed (rotated) and saved"
                                 : "session: authenticated and saved");
                if (api_path == NULL) {
                    return EJWT_OK;
                }
                continue;
            }
            say("session: %s -> %d %s", grant, resp->status, resp->body);
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT &&
                req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                say("session: refresh refused: the next request signs a new assertion");
                continue;
            }
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT && !cc_refused) {
                cc_refused = 1; /* one new assertion, then give up (back off) */
                continue;
            }
            return fail(deprovisioned(err), "token endpoint");
        }
        /* EJWT_SESSION_CALL_API: g_buf holds "Bearer <access token>". */
        ejwt_session_get_stats(&g_sess, &now);
        if (now.assertions_signed == before.assertions_signed && guard == 0) {
            say("session: stored access token still valid (margin %lu s): reused, no assertion",
                (unsigned long)g_opt.margin);
        }
        if (api_path == NULL) {
            memset(g_buf, 0, sizeof(g_buf));
            return EJWT_OK;
        }
        err = exchange("GET", api_path, NULL, g_buf, NULL, 0, resp);
        memset(g_buf, 0, sizeof(g_buf));
        if (err != EJWT_OK) {
            return fail(err, api_path);
        }
        err = ejwt_session_handle_api_status(&g_sess, resp->status, &retry);
        if (err != EJWT_OK) {
            return fail(err, api_path);
        }
        if (!retry) {
            return EJWT_OK;
        }
        say("api: GET %s -> 401, WWW-Authenticate: %s", api_path, resp->www_authenticate);
        say("api: access token dropped; renewing and retrying once");
    }
    return fail(EJWT_ERR_OAUTH_RETRY, "session did not settle");
}

static int step_session(void)
{
    http_response resp;

    return run_session(NULL, &resp);
}

static int step_api(void)
{
    http_response resp;
    int err = run_session("/api/telemetry", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    say("api: GET /api/telemetry -> %d %s", resp.status, resp.body);
    say("api: the device sent %lu bytes on the UART for this call (HTTP request %lu bytes, "
        "the rest TLS 1.3 handshake and records); received %lu",
        (unsigned long)g_last_tx, (unsigned long)g_last_http, (unsigned long)g_last_rx);
    return resp.status == 200 ? EJWT_OK : fail(EJWT_ERR_OAUTH_RETRY, "API call");
}

static int step_command(void)
{
    static char token[EJWT_MAX_TOKEN_LEN + 1];
    static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
    static ejwt_command cmd;
    char name[64];
    char args[128];
    ejwt_json claims;
    http_response resp;
    size_t n = 0;
    int err = run_session("/command", &resp);

    if (err != EJWT_OK) {
        return err;
    }
    if (resp.status != 200 || resp.body_len >= sizeof(token)) {
        return fail(EJWT_ERR_OAUTH_RETRY, "GET /command");
    }
    memcpy(token, resp.body, resp.body_len + 1u);
    say("command: received a signed command (%lu bytes)", (unsigned long)resp.body_len);
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, board_clock_now(), work,
                              sizeof(work), &cmd);
    if (err != EJWT_OK) {
        return fail(err, "verifying the command");
    }
    claims = ejwt_command_claims(&cmd);
    name[0] = '\0';
    args[0] = '\0';
    (void)ejwt_json_string_copy(&claims, cmd.cmd, name, sizeof(name), &n);
    if (cmd.args >= 0) {
        n = (size_t)(claims.tok[cmd.args].end - claims.tok[cmd.args].start);
        if (n < sizeof(args)) {
            memcpy(args, claims.text + claims.tok[cmd.args].start, n);
            args[n] = '\0';
        }
    }
    say("command: verified (ES256 pinned, kid from the provisioned JWK Set, typ command+jwt, "
        "aud %s): cmd=%s args=%s",
        g_cfg.client_id, name, args);
    err = ejwt_command_verify(&g_verifier, token, resp.body_len, board_clock_now(), work,
                              sizeof(work), &cmd);
    if (err != EJWT_ERR_REPLAYED) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err,
                    "the same command a second time was not refused as a replay");
    }
    say("command: the same command again -> refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}

/* Token requests outside the session's decisions (the test steps), built
 * with the same library calls the session uses. \p body_in: a prepared body
 * to send as is (replay test), or NULL. */
static int token_exchange(const char *refresh, const char *body_in, size_t body_len,
                          ejwt_token_response *r, http_response *resp)
{
    ejwt_assertion_params p;
    size_t len = body_len;
    int err;

    if (body_in == NULL) {
        memset(&p, 0, sizeof(p));
        p.client_id = g_cfg.client_id;
        p.audience = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
        p.now = board_clock_now();
        if (refresh == NULL) {
            err = ejwt_oauth_client_credentials_body(&g_key, &p, g_buf, sizeof(g_buf), &len);
        } else {
            err = ejwt_oauth_refresh_body(&g_key, &p, refresh, strlen(refresh), g_buf,
                                          sizeof(g_buf), &len);
        }
        if (err != EJWT_OK) {
            return fail(err, "building the token request (client assertion)");
        }
        body_in = g_buf;
    }
    err = exchange("POST", "/token", EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, body_in, len, resp);
    memset(g_buf, 0, sizeof(g_buf));
    if (err != EJWT_OK) {
        return fail(err, "POST /token");
    }
    err = ejwt_oauth_parse_token_response(resp->status, resp->body, resp->body_len, g_work,
                                          sizeof(g_work), r);
    if (err != EJWT_OK) {
        say("token: %s -> %d %s", refresh == NULL ? "client_credentials" : "refresh_token",
            resp->status, resp->body);
    }
    return err;
}

static int save_response(const ejwt_token_response *r)
{
    ejwt_token_set set;
    int err;

    memset(&set, 0, sizeof(set));
    set.access = r->access_token;
    set.access_len = r->access_token_len;
    set.refresh = r->refresh_token != NULL ? r->refresh_token : "";
    set.refresh_len = r->refresh_token_len;
    set.exp = EJWT_TIME_UNKNOWN;
    set.expires_in = r->expires_in;
    set.scope = r->scope;
    set.scope_len = r->scope_len;
    err = ejwt_token_store_save(&g_ts, &set);
    return err == EJWT_OK ? err : fail(err, "saving the tokens");
}

/* Force a new session now (client_credentials), whatever is stored. */
static int step_auth(void)
{
    ejwt_token_response r;
    http_response resp;
    int err = need_session();

    if (err == EJWT_OK) {
        say("auth: new session: client assertion (aud %s) -> client_credentials",
            g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint);
        err = token_exchange(NULL, NULL, 0, &r, &resp);
    }
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_OK) {
        report_store("auth: OK, saved");
    }
    return err == EJWT_OK ? err : fail(deprovisioned(err), "authenticate");
}

/* Force a refresh now with the stored refresh token. */
static int step_refresh(void)
{
    static char rt[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_ts, rt, sizeof(rt), &len);
    }
    if (err == EJWT_OK) {
        err = token_exchange(rt, NULL, 0, &r, &resp);
    }
    memset(rt, 0, sizeof(rt));
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_OK) {
        report_store("refresh: OK, rotated and saved");
    }
    return err == EJWT_OK ? err : fail(deprovisioned(err), "refresh");
}

/* Test helper: print one fresh assertion (with the clock= and aud= options). */
static int step_assertion(void)
{
    ejwt_assertion_params p;
    size_t len = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.client_id = g_cfg.client_id;
    p.audience = g_opt.aud != NULL ? g_opt.aud : g_cfg.token_endpoint;
    p.now = board_clock_now();
    err = ejwt_assertion_sign(&g_key, &p, g_buf, sizeof(g_buf), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("assertion: %s", g_buf);
    memset(g_buf, 0, sizeof(g_buf));
    return EJWT_OK;
}

/* Test: the same request (same assertion) twice; the second must be refused. */
static int step_replay_assertion(void)
{
    static char body[sizeof(g_buf)];
    ejwt_assertion_params p;
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err != EJWT_OK) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.client_id = g_cfg.client_id;
    p.audience = g_cfg.token_endpoint;
    p.now = board_clock_now();
    err = ejwt_oauth_client_credentials_body(&g_key, &p, body, sizeof(body), &len);
    if (err != EJWT_OK) {
        return fail(err, "signing the client assertion");
    }
    say("replay: first use of the assertion");
    err = token_exchange(NULL, body, len, &r, &resp);
    if (err == EJWT_OK) {
        err = save_response(&r);
    }
    if (err != EJWT_OK) {
        return fail(err, "first use");
    }
    say("replay: accepted; now the very same assertion again");
    err = token_exchange(NULL, body, len, &r, &resp);
    memset(body, 0, sizeof(body));
    if (err != EJWT_ERR_OAUTH_INVALID_GRANT) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, "replayed assertion accepted");
    }
    say("replay: refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}

/* Test: present a refresh token that was already rotated away. */
static int step_refresh_replay(void)
{
    static char old[EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    ejwt_token_response r;
    http_response resp;
    size_t len = 0;
    int err = need_session();

    if (err == EJWT_OK) {
        err = ejwt_token_store_refresh_token(&g_ts, old, sizeof(old), &len);
    }
    if (err == EJWT_OK) {
        err = step_refresh();
    }
    if (err != EJWT_OK) {
        return fail(err, "first refresh");
    }
    say("refresh-replay: presenting the old, already rotated refresh token again");
    err = token_exchange(old, NULL, 0, &r, &resp);
    memset(old, 0, sizeof(old));
    memset(g_work, 0, sizeof(g_work));
    if (err != EJWT_ERR_OAUTH_INVALID_GRANT) {
        return fail(err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err, "reused refresh token accepted");
    }
    say("refresh-replay: refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}

/* Test: damage the stored access token (one payload character). */
static int step_tamper(void)
{
    static char tok[EJWT_TOKEN_STORE_MAX_TOKEN + 16];
    ejwt_token_meta meta;
    ejwt_token_set set;
    char *dot;
    size_t len = 0;
    int err = ejwt_token_store_bearer(&g_ts, tok, sizeof(tok), &len);

    if (err == EJWT_OK) {
        err = ejwt_token_store_meta(&g_ts, &meta);
    }
    if (err != EJWT_OK) {
        return fail(err, "reading the stored access token");
    }
    dot = strchr(tok + 7, '.');
    if (dot == NULL || strlen(dot) < 8u) {
        return fail(EJWT_ERR_SEGMENTS, "stored access token");
    }
    dot[5] = dot[5] == 'A' ? 'B' : 'A';
    memset(&set, 0, sizeof(set));
    set.access = tok + 7; /* after "Bearer " */
    set.access_len = len - 7u;
    set.exp = meta.basis == EJWT_EXPIRY_WALL ? meta.exp : EJWT_TIME_UNKNOWN;
    set.expires_in = 60;
    err = ejwt_token_store_save(&g_ts, &set);
    memset(tok, 0, sizeof(tok));
    if (err != EJWT_OK) {
        return fail(err, "saving the tampered token");
    }
    say("tamper: one character of the stored access token's payload changed");
    return EJWT_OK;
}

/* Print fingerprints of what the store holds (tests compare them). */
static int step_show(void)
{
    char fa[17] = "-";
    char fr[17] = "-";
    size_t len = 0;
    int ea = ejwt_token_store_bearer(&g_ts, g_buf, sizeof(g_buf), &len);
    int er;

    if (ea == EJWT_OK) {
        fingerprint(g_buf + 7, len - 7u, fa);
    }
    er = ejwt_token_store_refresh_token(&g_ts, g_buf, sizeof(g_buf), &len);
    if (er == EJWT_OK) {
        fingerprint(g_buf, len, fr);
    }
    memset(g_buf, 0, sizeof(g_buf));
    say("store: access=%s (%s) refresh=%s (%s)", fa, ejwt_error_name(ea), fr, ejwt_error_name(er));
    return (ea == EJWT_OK || ea == EJWT_ERR_NO_TOKEN) ? EJWT_OK : fail(ea, "token store");
}

/* Power-cut test: get two token sets, then save them alternately, forever
 * (or count= times), so that a SIGKILL of QEMU lands in the middle of a save. */
static int step_save_loop(void)
{
    static char acc[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static char ref[2][EJWT_TOKEN_STORE_MAX_TOKEN + 1];
    static ejwt_token_set sets[2];
    ejwt_token_response r;
    http_response resp;
    char fa[17];
    char fr[17];
    long i;
    int k;
    int err = need_session();

    for (k = 0; k < 2 && err == EJWT_OK; k++) {
        err = token_exchange(NULL, NULL, 0, &r, &resp);
        if (err != EJWT_OK) {
            break;
        }
        if (r.refresh_token == NULL || r.access_token_len >= sizeof(acc[k]) ||
            r.refresh_token_len >= sizeof(ref[k])) {
            err = EJWT_ERR_OAUTH_RESPONSE;
            break;
        }
        memcpy(acc[k], r.access_token, r.access_token_len + 1u);
        memcpy(ref[k], r.refresh_token, r.refresh_token_len + 1u);
        memset(&sets[k], 0, sizeof(sets[k]));
        sets[k].access = acc[k];
        sets[k].access_len = r.access_token_len;
        sets[k].refresh = ref[k];
        sets[k].refresh_len = r.refresh_token_len;
        sets[k].exp = EJWT_TIME_UNKNOWN;
        sets[k].expires_in = r.expires_in;
        fingerprint(acc[k], r.access_token_len, fa);
        fingerprint(ref[k], r.refresh_token_len, fr);
        say("save-loop: set %c access=%s refresh=%s", 'A' + k, fa, fr);
    }
    memset(g_work, 0, sizeof(g_work));
    if (err != EJWT_OK) {
        return fail(err, "getting two token sets");
    }
    say("save-loop: saving A and B alternately");
    for (i = 0; g_opt.count <= 0 || i < g_opt.count; i++) {
        err = ejwt_token_store_save(&g_ts, &sets[i & 1]);
        if (err != EJWT_OK) {
            return fail(err, "save");
        }
    }
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
    ejwt_session_stats ss;

    link_get_stats(&ls);
    say("stats: UART %lu bytes sent, %lu received; %lu TLS handshakes (%lu attempts, last "
        "%lu ms)",
        (unsigned long)ls.tx_bytes, (unsigned long)ls.rx_bytes, (unsigned long)ls.handshakes,
        (unsigned long)ls.attempts, (unsigned long)ls.handshake_ms);
    if (g_sess_ready) {
        ejwt_session_get_stats(&g_sess, &ss);
        say("stats: this boot signed %lu client assertions, made %lu token requests, "
            "%lu refreshes, %lu API calls",
            (unsigned long)ss.assertions_signed, (unsigned long)ss.token_requests,
            (unsigned long)ss.refreshes, (unsigned long)ss.api_calls);
    }
    say("stats: Mbed TLS arena peak %lu of %lu bytes; stack peak %lu of %lu bytes",
        (unsigned long)ejwt_bm_arena_peak(), (unsigned long)ejwt_bm_arena_size(),
        (unsigned long)ejwt_bm_stack_peak(), (unsigned long)ejwt_bm_stack_size());
    return EJWT_OK;
}

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
    static const struct {
        const char *name;
        int (*fn)(void);
    } steps[] = {
        {"provision", step_provision},
        {"session", step_session},
        {"auth", step_auth},
        {"refresh", step_refresh},
        {"api", step_api},
        {"command", step_command},
        {"show", step_show},
        {"stats", step_stats},
        {"assertion", step_assertion},
        {"replay-assertion", step_replay_assertion},
        {"refresh-replay", step_refresh_replay},
        {"tamper", step_tamper},
        {"save-loop", step_save_loop},
    };
    size_t i;
    long v;

    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (strlen(steps[i].name) == n && memcmp(steps[i].name, s, n) == 0) {
            return steps[i].fn();
        }
    }
    if (n > 6u && memcmp(s, "sleep:", 6) == 0 && parse_long(s + 6, n - 6u, &v) == 0 && v >= 0) {
        return step_sleep(v);
    }
    return 1; /* unknown step */
}

static int parse_clock(const char *v, size_t n)
{
    if (n == 6u && memcmp(v, "system", 6) == 0) {
        g_clock_mode = CLOCK_SYSTEM;
    } else if (n == 7u && memcmp(v, "unknown", 7) == 0) {
        g_clock_mode = CLOCK_UNKNOWN;
    } else if (n == 4u && memcmp(v, "date", 4) == 0) {
        g_clock_mode = CLOCK_DATE;
    } else if (n > 7u && memcmp(v, "offset:", 7) == 0) {
        if (parse_long(v + 7, n - 7u, &g_clock_offset) != 0) {
            return -1;
        }
        g_clock_mode = CLOCK_OFFSET;
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
            g_opt.client_id = eq + 1;
        } else if (strcmp(w, "aud") == 0) {
            g_opt.aud = eq + 1;
        } else if (strcmp(w, "clock") == 0) {
            if (parse_clock(eq + 1, n) != 0) {
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
    return g_opt.steps[0] != '\0' ? 0 : -1;
}

/* -------------------------------------------------------------------- main */

int main(void)
{
    static const char *const clock_names[] = {"board RTC (host clock)", "shifted", "UNKNOWN",
                                              "unknown until the backend's Date"};
    size_t ca_len = 0;
    const char *s;
    int nsteps = 0;
    int err;

    if (parse_cmdline() != 0) {
        usage();
        return EXIT_USAGE;
    }

    /* Boot: platform hooks, crypto, token store, provisioned configuration. */
    err = ejwt_platform_set(&g_platform);
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&g_ts);
    }
    if (err != EJWT_OK) {
        fail(err, "boot");
        return EXIT_FAILED;
    }
    err = dev_config_load(&g_cfg);
    if (err == EJWT_OK) {
        g_provisioned = 1;
        if (start_session() != EJWT_OK) {
            return EXIT_FAILED;
        }
    } else if (err != EJWT_ERR_STORAGE_NOT_FOUND) {
        fail(err, "stored configuration");
        return EXIT_FAILED;
    }
    if (load_trust_anchor(&ca_len) != EJWT_OK) {
        return EXIT_FAILED;
    }
    link_set_time_known(board_clock_now() != EJWT_TIME_UNKNOWN);
    if (link_init(g_ca_pem, ca_len, SERVER_NAME) != 0) {
        fail(EJWT_ERR_INVALID_ARG, "TLS setup");
        return EXIT_FAILED;
    }
    say("boot: %s on %s, %s, wall clock %s; HTTPS to %s over UART0", "ejwt_board_device",
        ejwt_board.name, g_provisioned ? g_cfg.client_id : "not provisioned",
        clock_names[g_clock_mode], SERVER_NAME);

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
