/* SPDX-License-Identifier: Apache-2.0 */
/* ejwt device: the device side of the library on a Linux host. The same
 * code a firmware runs (the device key, the sealed token store, sealed
 * records, discovery, RFC 7591 registration and the OAuth session) on the
 * posix port with PSA ITS in the storage folder; HTTPS is cli/https.c and
 * cli/http_client.c. The contract is in docs/DESIGN.md ("The ejwt tool"). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <psa/crypto.h>

#include <ejwt/auth.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/platform/sealed_record.h>
#include <ejwt/platform/token_store.h>
#include <ejwt/port_posix.h>

#include "args.h"
#include "cli.h"
#include "device.h"
#include "http_client.h"
#include "io.h"

/* The storage folder when neither --storage nor $EJWT_STORAGE_DIR names one. */
#define DEVICE_DEFAULT_STORAGE "./ejwt-device"
/* The trust anchors without --ca: Debian's bundle. */
#define DEVICE_SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
/* Largest CA file read (the system bundle is about 220 KB). */
#define DEVICE_MAX_CA_FILE (512u * 1024u)
/* Longest path in the storage folder. */
#define DEVICE_MAX_PATH (EJWT_POSIX_STORAGE_DIR_MAX + 16u)
/* Default of --max-wait, seconds. */
#define DEVICE_DEFAULT_MAX_WAIT_S 120u
/* Largest --max-wait, seconds (a day). */
#define DEVICE_MAX_WAIT_LIMIT_S 86400u
/* The request buffer: a form body (about 420 bytes plus the client id three
 * times, the URL, scope, resource and a refresh token, percent-encoded: up
 * to three bytes each, or a device code) or a bearer value ("Bearer " +
 * access token). */
#define DEVICE_REQUEST_BUF (3u * EJWT_TOKEN_STORE_MAX_TOKEN + 2048u)
/* Largest response body kept (a discovery document, a token response). */
#define DEVICE_MAX_RESPONSE (32u * 1024u)
/* The registration request body. */
#define DEVICE_REGISTRATION_BUF 2048u
/* A reason from the transport. */
#define DEVICE_WHY_MAX 256u
/* The client_name a registration asks for. */
#define DEVICE_CLIENT_NAME "ejwt device"

/* What drive() is run for. */
typedef enum drive_mode {
    DRIVE_LOGIN = 1, /* get tokens, with the interactive device grant if configured */
    DRIVE_TOKEN = 2  /* a usable token; never start an interactive grant */
} drive_mode;

/* The pinned CA's file in the storage folder (public: its SHA-256 in the
 * sealed configuration makes a swapped file an error). */
#define CLI_DEVICE_CA_FILE "ca.pem"

/* Work buffer of the sealed configuration record. */
static uint8_t g_cfg_work[EJWT_DEVICE_CONFIG_WORK_SIZE];

static device_ctx g_dev;
static uint8_t g_file[DEVICE_MAX_CA_FILE];
static char g_req[DEVICE_REQUEST_BUF];
static uint8_t g_resp[DEVICE_MAX_RESPONSE];
/* The session's work buffer for a response: its length suffices. */
static char g_work[DEVICE_MAX_RESPONSE];
static jsmntok_t g_tok[EJWT_DISCOVERY_TOKENS];
static ejwt_discovery g_md;

static const char device_usage[] =
    "usage: ejwt device [--storage DIR] [--max-wait SECONDS] [--refresh-margin SECONDS] COMMAND\n"
    "  jwk                      public JWK of the device key (created on first use)\n"
    "  provision --issuer URL [--ca FILE] [--client-id ID | --register [--initial-token TOKEN]\n"
    "            [--redirect-uri URI] [--glewlwyd]] [--scope S] [--resource URI]\n"
    "  login [--grant client_credentials|device_code]\n"
    "  token                    a usable access token on stdout\n"
    "  get URL                  GET with the bearer token; the body on stdout\n"
    "  logout                   revoke (RFC 7009) where supported, wipe the tokens\n"
    "  verify [--resource URI] [--scope S] [--alg LIST] [--jwks-interval S] [--jwks-max-age S]\n"
    "         TOKEN... | --tokens FILE\n"
    "                           check the issuer's access tokens with its JWK Set, kept\n"
    "                           sealed and refreshed on a new kid (at most once per interval)\n"
    "--storage defaults to $EJWT_STORAGE_DIR, else ./ejwt-device.\n";

int device_usage_error(const char *fmt, ...)
{
    va_list ap;

    (void)fputs("ejwt: device: ", stderr);
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputs("\n", stderr);
    (void)fputs(device_usage, stderr);
    return CLI_EXIT_USAGE;
}

int device_fail(int err, const char *fmt, ...)
{
    va_list ap;

    (void)fprintf(stderr, "error: %s: ", ejwt_error_name(err));
    va_start(ap, fmt);
    (void)vfprintf(stderr, fmt, ap);
    va_end(ap);
    (void)fputs("\n", stderr);
    return CLI_EXIT_REJECT;
}

static uint64_t elapsed_ms(const device_ctx *d)
{
    return ejwt_platform_uptime_ms() - d->start_ms;
}

static void sleep_until(uint64_t uptime_ms)
{
    uint64_t now = ejwt_platform_uptime_ms();
    struct timespec ts;

    while (now < uptime_ms) {
        uint64_t left = uptime_ms - now;
        ts.tv_sec = (time_t)(left / 1000u);
        ts.tv_nsec = (long)(left % 1000u) * 1000000L;
        (void)nanosleep(&ts, NULL);
        now = ejwt_platform_uptime_ms();
    }
}

static int storage_path(const device_ctx *d, const char *name, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", d->storage, name);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

int device_exchange(device_ctx *d, const cli_http_request *rq, cli_http_response *rs)
{
    char why[DEVICE_WHY_MAX];
    uint64_t at = elapsed_ms(d); /* when it was sent, since the command started */
    int rc;

    d->requests++;
    rc = cli_http_exchange(&d->trust, rq, g_resp, sizeof g_resp, rs, why, sizeof why);
    if (rc != EJWT_OK) {
        (void)fprintf(stderr, "device: %s %s -> no answer (%s; at %lu ms)\n", rq->method, rq->url,
                      why, (unsigned long)at);
        return rc;
    }
    (void)fprintf(
        stderr, "device: %s %s -> %d (sent %zu bytes, body %zu, received %zu; at %lu ms)\n",
        rq->method, rq->url, rs->status, rs->sent, rq->body_len, rs->len, (unsigned long)at);
    return EJWT_OK;
}

const uint8_t *device_response(void)
{
    return g_resp;
}

int device_no_answer(int err, const char *url)
{
    if (err == EJWT_ERR_INSECURE_URL) {
        return device_fail(err, "%s: the server is not the one this device trusts", url);
    }
    return device_fail(err, "%s: no answer", url);
}

/* ---------------------------------------------------------------- set-up */

static int select_storage(device_ctx *d, const char *opt)
{
    const char *env = getenv(EJWT_POSIX_STORAGE_ENV);

    d->storage = opt != NULL ? opt : (env != NULL && env[0] != '\0') ? env : DEVICE_DEFAULT_STORAGE;
    if (d->storage[0] == '\0' || strlen(d->storage) > EJWT_POSIX_STORAGE_DIR_MAX ||
        ejwt_posix_set_storage_dir(d->storage) != EJWT_OK) {
        return device_usage_error("storage folder '%s' is empty or longer than %d bytes",
                                  d->storage, EJWT_POSIX_STORAGE_DIR_MAX);
    }
    if (mkdir(d->storage, 0700) != 0 && errno != EEXIST) {
        return device_usage_error("cannot create the storage folder '%s': %s", d->storage,
                                  strerror(errno));
    }
    return CLI_EXIT_OK;
}

static int sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    size_t len = 0;

    return psa_hash_compute(PSA_ALG_SHA_256, p, n, out, 32, &len) == PSA_SUCCESS && len == 32u
               ? EJWT_OK
               : EJWT_ERR_CRYPTO;
}

/* Read a CA file into g_file; EJWT_OK or an exit code through *exit_code. */
static int read_ca(const char *path, size_t *len, int *exit_code)
{
    int rc = cli_read_file(path, g_file, sizeof g_file, len);

    if (rc == CLI_IO_TOO_LONG) {
        *exit_code =
            device_usage_error("CA file '%s' is over %u bytes", path, (unsigned)DEVICE_MAX_CA_FILE);
        return EJWT_ERR_LIMIT;
    }
    if (rc != CLI_IO_OK) {
        *exit_code = device_usage_error("cannot read the CA file '%s': %s", path, strerror(errno));
        return EJWT_ERR_STORAGE_IO;
    }
    return EJWT_OK;
}

static int load_trust(device_ctx *d, size_t len, const char *path)
{
    cli_tls_trust_free(&d->trust);
    if (cli_tls_trust_load(&d->trust, g_file, len) != EJWT_OK) {
        return device_usage_error("'%s' holds no usable PEM certificate", path);
    }
    return CLI_EXIT_OK;
}

int device_open(device_ctx *d)
{
    char path[DEVICE_MAX_PATH];
    size_t len = 0;
    int rc, ec = CLI_EXIT_USAGE;

    rc = ejwt_device_config_load(&d->cfg, 0, g_cfg_work, sizeof g_cfg_work);
    if (rc == EJWT_ERR_STORAGE_NOT_FOUND) {
        return device_usage_error("'%s' holds no configuration: run `ejwt device provision`",
                                  d->storage);
    }
    if (rc != EJWT_OK) {
        return device_fail(rc, "the stored configuration in '%s' does not open", d->storage);
    }
    if (d->cfg.ca_pinned) {
        uint8_t digest[32];
        if (storage_path(d, CLI_DEVICE_CA_FILE, path, sizeof path) != 0) {
            return device_usage_error("storage path too long");
        }
        if (read_ca(path, &len, &ec) != EJWT_OK) {
            return ec;
        }
        if (sha256(g_file, len, digest) != EJWT_OK ||
            memcmp(digest, d->cfg.ca_sha256, sizeof digest) != 0) {
            return device_fail(EJWT_ERR_SEALED_INVALID,
                               "%s is not the CA this device was provisioned with", path);
        }
    } else {
        (void)snprintf(path, sizeof path, "%s", DEVICE_SYSTEM_CA_BUNDLE);
        if (read_ca(path, &len, &ec) != EJWT_OK) {
            return ec;
        }
    }
    rc = load_trust(d, len, path);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = ejwt_device_key_get(&d->key);
    if (rc != EJWT_OK) {
        return device_fail(rc, "no usable device key in '%s'", d->storage);
    }
    rc = ejwt_token_store_init(&d->store);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the token store in '%s' does not open", d->storage);
    }
    memset(&d->scfg, 0, sizeof d->scfg);
    (void)ejwt_device_config_session(&d->cfg, &d->scfg);
    d->scfg.refresh_margin_s = d->refresh_margin_s;
    rc = ejwt_session_init(&d->sess, &d->scfg, &d->key, &d->store);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the stored configuration is not usable by the session");
    }
    return CLI_EXIT_OK;
}

/* --------------------------------------------------------- the session */

static void print_prompt(const device_ctx *d)
{
    ejwt_session_prompt p;

    if (ejwt_session_device_prompt(&d->sess, &p) == EJWT_OK) {
        (void)fprintf(stderr, "open %s and enter %s\n", p.verification_uri, p.user_code);
        (void)fflush(stderr);
    }
}

/* A terminal or fatal outcome of the session as the exit status. */
static int session_end(const device_ctx *d, int err)
{
    switch (err) {
    case EJWT_ERR_DEPROVISIONED:
        return device_fail(
            err,
            "the server no longer knows client %s (invalid_client); the stored tokens "
            "are wiped",
            d->cfg.client_id);
    case EJWT_ERR_GAVE_UP:
        return device_fail(err, "refused without a reason too often (%u requests)", d->requests);
    case EJWT_ERR_ACCESS_DENIED:
        return device_fail(err, "the device grant was denied");
    case EJWT_ERR_DEVICE_CODE_EXPIRED:
        return device_fail(err, "the user code expired before it was approved; run login again");
    case EJWT_ERR_OAUTH_REFUSED:
        return device_fail(err, "the server refuses the request as configured");
    default:
        return device_fail(err, "%s", ejwt_strerror(err));
    }
}

static int give_up_waiting(const device_ctx *d)
{
    return device_fail(EJWT_ERR_OAUTH_RETRY,
                       "no usable token after %u requests in %lu ms (--max-wait %u s)", d->requests,
                       (unsigned long)elapsed_ms(d), (unsigned)d->max_wait_s);
}

/* Run the session until it hands out a bearer value (then in g_req). */
static int drive(device_ctx *d, drive_mode mode)
{
    ejwt_session_request req;
    ejwt_session_answer ans;
    cli_http_request rq;
    cli_http_response rs;

    for (;;) {
        int herr, err = ejwt_session_prepare(&d->sess, g_req, sizeof g_req, &req);
        if (err == EJWT_OK && req.action == EJWT_SESSION_CALL_API) {
            return CLI_EXIT_OK;
        }
        if (err == EJWT_ERR_OAUTH_RETRY) {
            uint64_t now = ejwt_platform_uptime_ms();
            if (req.not_before_ms > d->deadline_ms) {
                return give_up_waiting(d);
            }
            if (req.not_before_ms > now) {
                (void)fprintf(stderr, "device: wait %lu ms\n",
                              (unsigned long)(req.not_before_ms - now));
            }
            sleep_until(req.not_before_ms);
            continue;
        }
        if (err != EJWT_OK) {
            return session_end(d, err);
        }
        if (req.action != EJWT_SESSION_POST_FORM) {
            return device_fail(EJWT_ERR_INVALID_ARG, "unexpected session action %d",
                               (int)req.action);
        }
        if (mode == DRIVE_TOKEN && req.grant == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
            cli_wipe(g_req, sizeof g_req);
            return device_fail(EJWT_ERR_NO_TOKEN,
                               "no usable token stored and the device grant needs a person: run "
                               "`ejwt device login`");
        }
        if (ejwt_platform_uptime_ms() > d->deadline_ms) {
            cli_wipe(g_req, sizeof g_req);
            return give_up_waiting(d);
        }
        memset(&rq, 0, sizeof rq);
        rq.method = "POST";
        rq.url = req.url;
        rq.content_type = EJWT_OAUTH_FORM_CONTENT_TYPE;
        rq.accept = "application/json";
        rq.body = (const uint8_t *)g_req;
        rq.body_len = req.len;
        err = device_exchange(d, &rq, &rs);
        cli_wipe(g_req, sizeof g_req);
        if (err == EJWT_ERR_INSECURE_URL) {
            return device_no_answer(err, req.url);
        }
        memset(&ans, 0, sizeof ans);
        if (err == EJWT_OK) {
            ans.status = rs.status;
            ans.body = (const char *)g_resp;
            ans.len = rs.len;
            if (rs.retry_after[0] != '\0') {
                ans.retry_after = rs.retry_after;
                ans.retry_after_len = strlen(rs.retry_after);
            }
        }
        herr = ejwt_session_handle_response(&d->sess, &ans, g_work, sizeof g_work);
        cli_wipe(g_resp, sizeof g_resp);
        if (herr != EJWT_OK) {
            (void)fprintf(stderr, "device: answer: %s\n", ejwt_error_name(herr));
        }
        switch (herr) {
        case EJWT_OK:
            if (req.grant == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
                print_prompt(d);
            }
            break;
        case EJWT_ERR_DEPROVISIONED:
        case EJWT_ERR_GAVE_UP:
        case EJWT_ERR_ACCESS_DENIED:
        case EJWT_ERR_DEVICE_CODE_EXPIRED:
        case EJWT_ERR_OAUTH_REFUSED:
            return session_end(d, herr);
        default:
            break; /* pending, slow_down, invalid_grant, backed off: prepare decides */
        }
    }
}

/* ------------------------------------------------------------- commands */

static int cmd_jwk(device_ctx *d)
{
    char jwk[EJWT_DEVICE_KEY_JWK_MAX];
    size_t n = 0;
    int created = 0;
    int rc;

    rc = ejwt_device_key_provision(&d->key, &created);
    if (rc == EJWT_OK) {
        rc = ejwt_device_key_public_jwk(jwk, sizeof jwk, &n);
    }
    if (rc != EJWT_OK) {
        return device_fail(rc, "the device key in '%s'", d->storage);
    }
    if (created) {
        (void)fprintf(stderr, "device: created the device key in %s\n", d->storage);
    }
    (void)printf("%s\n", jwk);
    return CLI_EXIT_OK;
}

/* GET the metadata document: OpenID Connect's well-known URL, then RFC
 * 8414's when the first is not found. */
static int discover(device_ctx *d, const char *issuer)
{
    static const ejwt_discovery_kind kinds[] = {EJWT_DISCOVERY_OIDC, EJWT_DISCOVERY_OAUTH};
    char url[EJWT_DISCOVERY_MAX_URL * 2u];
    cli_http_request rq;
    cli_http_response rs;
    size_t i, n;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int rc = ejwt_discovery_url(issuer, strlen(issuer), kinds[i], 0, url, sizeof url, &n);
        if (rc != EJWT_OK) {
            return device_fail(rc, "'%s' is not an https issuer URL", issuer);
        }
        memset(&rq, 0, sizeof rq);
        rq.method = "GET";
        rq.url = url;
        rq.accept = "application/json";
        rc = device_exchange(d, &rq, &rs);
        if (rc != EJWT_OK) {
            return device_no_answer(rc, url);
        }
        if (rs.status == 404 && i + 1u < sizeof kinds / sizeof kinds[0]) {
            continue;
        }
        if (rs.status != 200) {
            return device_fail(EJWT_ERR_METADATA_INVALID, "%s answered %d", url, rs.status);
        }
        rc = ejwt_discovery_parse((const char *)g_resp, rs.len, issuer, strlen(issuer), 0, g_tok,
                                  EJWT_DISCOVERY_TOKENS, &g_md);
        if (rc != EJWT_OK) {
            return device_fail(rc, "%s: the metadata is not acceptable", url);
        }
        rc = ejwt_discovery_check(&g_md, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256);
        if (rc != EJWT_OK) {
            return device_fail(rc, "%s does not accept private_key_jwt with ES256", issuer);
        }
        return CLI_EXIT_OK;
    }
    return device_fail(EJWT_ERR_METADATA_INVALID, "no metadata for %s", issuer);
}

typedef struct provision_opts {
    const char *issuer, *ca, *client_id, *initial_token, *scope, *resource, *redirect_uri;
    int reg, glewlwyd;
} provision_opts;

static int do_register(device_ctx *d, const provision_opts *o, ejwt_registration *reg)
{
    static char body[DEVICE_REGISTRATION_BUF];
    static char bearer[EJWT_REGISTRATION_MAX_ACCESS_TOKEN + 16u];
    const char *uris[1];
    ejwt_registration_params p;
    cli_http_request rq;
    cli_http_response rs;
    size_t n = 0;
    int rc;

    rc = ejwt_discovery_check(&g_md, EJWT_DISCOVERY_NEED_REGISTRATION);
    if (rc != EJWT_OK) {
        return device_fail(rc, "%s has no registration endpoint", o->issuer);
    }
    memset(&p, 0, sizeof p);
    p.grant_types = EJWT_GRANT_CLIENT_CREDENTIALS | EJWT_GRANT_REFRESH_TOKEN;
    if (g_md.device_authorization_endpoint[0] != '\0') {
        p.grant_types |= EJWT_GRANT_DEVICE_CODE;
    }
    p.client_name = DEVICE_CLIENT_NAME;
    p.scope = o->scope;
    if (o->redirect_uri != NULL) {
        uris[0] = o->redirect_uri;
        p.redirect_uris = uris;
        p.redirect_uri_count = 1;
    }
    p.flags = o->glewlwyd ? EJWT_REGISTRATION_GLEWLWYD : 0u;
    rc = ejwt_registration_request_body(&d->key, &p, body, sizeof body, &n);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the registration request");
    }
    memset(&rq, 0, sizeof rq);
    if (o->initial_token != NULL) {
        size_t bl = 0;
        rc = ejwt_registration_bearer(o->initial_token, strlen(o->initial_token), bearer,
                                      sizeof bearer, &bl);
        if (rc != EJWT_OK) {
            return device_usage_error("--initial-token is not a bearer token");
        }
        rq.authorization = bearer;
    }
    rq.method = "POST";
    rq.url = g_md.registration_endpoint;
    rq.content_type = EJWT_REGISTRATION_CONTENT_TYPE;
    rq.accept = "application/json";
    rq.body = (const uint8_t *)body;
    rq.body_len = n;
    rc = device_exchange(d, &rq, &rs);
    cli_wipe(bearer, sizeof bearer);
    if (rc != EJWT_OK) {
        return device_no_answer(rc, rq.url);
    }
    rc = ejwt_registration_parse_response(rs.status, (const char *)g_resp, rs.len,
                                          EJWT_REGISTRATION_ACCEPT_200, reg);
    cli_wipe(g_resp, sizeof g_resp);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the registration was refused (%d)", rs.status);
    }
    return CLI_EXIT_OK;
}

static int copy_field(char *dst, size_t cap, const char *src, const char *what)
{
    size_t n = strlen(src);

    if (n == 0u || n >= cap) {
        return device_usage_error("%s is empty or longer than %zu bytes", what, cap - 1u);
    }
    memcpy(dst, src, n + 1u);
    return CLI_EXIT_OK;
}

static int cmd_provision(device_ctx *d, int argc, char **argv)
{
    provision_opts o;
    ejwt_device_config *c = &d->cfg;
    size_t len = 0;
    int created = 0, rc, ec = CLI_EXIT_USAGE;

    memset(&o, 0, sizeof o);
    {
        const cli_opt opts[] = {
            {"issuer", &o.issuer, NULL},
            {"ca", &o.ca, NULL},
            {"client-id", &o.client_id, NULL},
            {"register", NULL, &o.reg},
            {"initial-token", &o.initial_token, NULL},
            {"redirect-uri", &o.redirect_uri, NULL},
            {"glewlwyd", NULL, &o.glewlwyd},
            {"scope", &o.scope, NULL},
            {"resource", &o.resource, NULL},
        };
        size_t npos = 0;
        rc = cli_parse_args(argc, argv, opts, sizeof opts / sizeof opts[0], NULL, 0, &npos);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
    }
    if (o.issuer == NULL) {
        return device_usage_error("provision needs --issuer URL");
    }
    if (o.reg && o.client_id != NULL) {
        return device_usage_error("--client-id and --register exclude each other");
    }
    if (!o.reg && (o.initial_token != NULL || o.redirect_uri != NULL || o.glewlwyd)) {
        return device_usage_error("--initial-token, --redirect-uri and --glewlwyd need --register");
    }
    memset(c, 0, sizeof *c);
    if (copy_field(c->issuer, sizeof c->issuer, o.issuer, "--issuer") != CLI_EXIT_OK ||
        (o.scope != NULL && copy_field(c->scope, sizeof c->scope, o.scope, "--scope") != 0) ||
        (o.resource != NULL &&
         copy_field(c->resource, sizeof c->resource, o.resource, "--resource") != 0)) {
        return CLI_EXIT_USAGE;
    }
    if (o.client_id != NULL &&
        copy_field(c->client_id, sizeof c->client_id, o.client_id, "--client-id") != 0) {
        return CLI_EXIT_USAGE;
    }
    if (o.ca != NULL) {
        if (read_ca(o.ca, &len, &ec) != EJWT_OK) {
            return ec;
        }
        if (sha256(g_file, len, c->ca_sha256) != EJWT_OK) {
            return device_fail(EJWT_ERR_CRYPTO, "hashing the CA");
        }
        c->ca_pinned = 1;
        rc = load_trust(d, len, o.ca);
    } else {
        if (read_ca(DEVICE_SYSTEM_CA_BUNDLE, &len, &ec) != EJWT_OK) {
            return ec;
        }
        rc = load_trust(d, len, DEVICE_SYSTEM_CA_BUNDLE);
    }
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = ejwt_device_key_provision(&d->key, &created);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the device key in '%s'", d->storage);
    }
    if (created) {
        (void)fprintf(stderr, "device: created the device key in %s\n", d->storage);
    }
    rc = discover(d, c->issuer);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = ejwt_device_config_from_metadata(c, &g_md);
    if (rc != EJWT_OK) {
        return device_fail(rc, "the metadata of %s", o.issuer);
    }
    if (o.reg) {
        rc = do_register(d, &o, &c->reg);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
        memcpy(c->client_id, c->reg.client_id, strlen(c->reg.client_id) + 1u);
        c->registered = 1;
    }
    if (!o.reg && c->client_id[0] == '\0') {
        /* The default client id: the key's RFC 7638 thumbprint. */
        char thumb[EJWT_THUMBPRINT_LEN + 1];
        rc = ejwt_device_key_thumbprint(thumb);
        if (rc != EJWT_OK) {
            return device_fail(rc, "the device key's thumbprint");
        }
        memcpy(c->client_id, thumb, sizeof thumb);
    }
    c->grant = EJWT_SESSION_USE_CLIENT_CREDENTIALS;
    if (o.ca != NULL) {
        char path[DEVICE_MAX_PATH];
        if (storage_path(d, CLI_DEVICE_CA_FILE, path, sizeof path) != 0 ||
            cli_write_private_file(path, g_file, len, 1) != 0) {
            return device_usage_error("cannot write the CA into '%s': %s", d->storage,
                                      strerror(errno));
        }
    }
    rc = ejwt_device_config_save(c, g_cfg_work, sizeof g_cfg_work);
    if (rc == EJWT_OK) {
        rc = ejwt_token_store_init(&d->store);
    }
    if (rc == EJWT_OK) {
        rc = ejwt_token_store_clear(&d->store); /* tokens of an earlier provisioning */
    }
    if (rc != EJWT_OK) {
        return device_fail(rc, "storing the configuration in '%s'", d->storage);
    }
    rc = device_jwks_provision(d);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    (void)fprintf(stderr, "device: provisioned for %s as client %s\n", c->issuer, c->client_id);
    (void)printf("%s\n", c->client_id);
    return CLI_EXIT_OK;
}

static int cmd_login(device_ctx *d, int argc, char **argv)
{
    const char *grant = NULL;
    const cli_opt opts[] = {{"grant", &grant, NULL}};
    size_t npos = 0;
    int rc;

    rc = cli_parse_args(argc, argv, opts, 1, NULL, 0, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = device_open(d);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (grant != NULL) {
        uint8_t g;
        if (strcmp(grant, "client_credentials") == 0) {
            g = (uint8_t)EJWT_SESSION_USE_CLIENT_CREDENTIALS;
        } else if (strcmp(grant, "device_code") == 0) {
            g = (uint8_t)EJWT_SESSION_USE_DEVICE_CODE;
        } else {
            return device_usage_error("--grant is client_credentials or device_code, not '%s'",
                                      grant);
        }
        if (g == (uint8_t)EJWT_SESSION_USE_DEVICE_CODE &&
            d->cfg.device_authorization_endpoint[0] == '\0') {
            return device_usage_error("%s has no device authorization endpoint", d->cfg.issuer);
        }
        if (g != (uint8_t)d->cfg.grant) {
            d->cfg.grant = (ejwt_session_grant_type)g;
            rc = ejwt_device_config_save(&d->cfg, g_cfg_work, sizeof g_cfg_work);
            if (rc != EJWT_OK) {
                return device_fail(rc, "storing the configuration");
            }
            d->scfg.grant_type = (ejwt_session_grant_type)g;
            rc = ejwt_session_init(&d->sess, &d->scfg, &d->key, &d->store);
            if (rc != EJWT_OK) {
                return device_fail(rc, "the session with --grant %s", grant);
            }
        }
    }
    /* A login starts a new grant: the stored tokens are dropped. */
    rc = ejwt_token_store_clear(&d->store);
    if (rc != EJWT_OK) {
        return device_fail(rc, "clearing the token store");
    }
    rc = drive(d, DRIVE_LOGIN);
    cli_wipe(g_req, sizeof g_req);
    if (rc == CLI_EXIT_OK) {
        (void)fprintf(stderr, "device: logged in as %s (%u requests)\n", d->cfg.client_id,
                      d->requests);
    }
    return rc;
}

static int print_bearer(void)
{
    static const char prefix[] = "Bearer ";

    if (strncmp(g_req, prefix, sizeof prefix - 1u) != 0) {
        return device_fail(EJWT_ERR_OAUTH_TOKEN_TYPE, "the session did not give a bearer value");
    }
    (void)printf("%s\n", g_req + sizeof prefix - 1u);
    cli_wipe(g_req, sizeof g_req);
    return CLI_EXIT_OK;
}

static int cmd_token(device_ctx *d, int argc, char **argv)
{
    size_t npos = 0;
    int rc;

    rc = cli_parse_args(argc, argv, NULL, 0, NULL, 0, &npos);
    if (rc == CLI_EXIT_OK) {
        rc = device_open(d);
    }
    if (rc == CLI_EXIT_OK) {
        rc = drive(d, DRIVE_TOKEN);
    }
    if (rc == CLI_EXIT_OK) {
        (void)fprintf(stderr, "device: token (%u requests)\n", d->requests);
        rc = print_bearer();
    }
    cli_wipe(g_req, sizeof g_req);
    return rc;
}

static int cmd_get(device_ctx *d, int argc, char **argv)
{
    const char *pos[1];
    cli_http_request rq;
    cli_http_response rs;
    size_t npos = 0;
    int rc, retry = 0, attempt;

    rc = cli_parse_args(argc, argv, NULL, 0, pos, 1, &npos);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (npos != 1u) {
        return device_usage_error("get needs a URL");
    }
    {
        cli_url u;
        if (cli_url_parse(pos[0], &u) != EJWT_OK) {
            return device_usage_error("'%s' is not an https URL", pos[0]);
        }
    }
    rc = device_open(d);
    for (attempt = 0; rc == CLI_EXIT_OK; attempt++) {
        rc = drive(d, DRIVE_TOKEN);
        if (rc != CLI_EXIT_OK) {
            break;
        }
        memset(&rq, 0, sizeof rq);
        rq.method = "GET";
        rq.url = pos[0];
        rq.authorization = g_req;
        rc = device_exchange(d, &rq, &rs);
        cli_wipe(g_req, sizeof g_req);
        if (rc != EJWT_OK) {
            return device_no_answer(rc, pos[0]);
        }
        rc = ejwt_session_handle_api_status(&d->sess, rs.status, &retry);
        if (rc != EJWT_OK) {
            return device_fail(rc, "%s refused the renewed token too (401)", pos[0]);
        }
        if (retry && attempt == 0) {
            continue;
        }
        (void)fwrite(g_resp, 1, rs.len, stdout);
        cli_wipe(g_resp, sizeof g_resp);
        if (rs.status < 200 || rs.status > 299) {
            return device_fail(EJWT_ERR_OAUTH_REFUSED, "%s answered %d", pos[0], rs.status);
        }
        return CLI_EXIT_OK;
    }
    return rc;
}

static int cmd_logout(device_ctx *d, int argc, char **argv)
{
    ejwt_session_request req;
    ejwt_session_answer ans;
    cli_http_request rq;
    cli_http_response rs;
    size_t npos = 0;
    int rc, herr;

    rc = cli_parse_args(argc, argv, NULL, 0, NULL, 0, &npos);
    if (rc == CLI_EXIT_OK) {
        rc = device_open(d);
    }
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = ejwt_session_logout(&d->sess, g_req, sizeof g_req, &req);
    if (rc != EJWT_OK) {
        cli_wipe(g_req, sizeof g_req);
        return device_fail(rc, "logout");
    }
    if (req.action == EJWT_SESSION_LOGGED_OUT) {
        (void)fprintf(stderr, "device: logged out (nothing to revoke); the tokens are wiped\n");
        return CLI_EXIT_OK;
    }
    memset(&rq, 0, sizeof rq);
    rq.method = "POST";
    rq.url = req.url;
    rq.content_type = EJWT_OAUTH_FORM_CONTENT_TYPE;
    rq.body = (const uint8_t *)g_req;
    rq.body_len = req.len;
    rc = device_exchange(d, &rq, &rs);
    cli_wipe(g_req, sizeof g_req);
    memset(&ans, 0, sizeof ans);
    if (rc == EJWT_OK) {
        ans.status = rs.status;
        ans.body = (const char *)g_resp;
        ans.len = rs.len;
    }
    /* The store is wiped whatever the answer says. */
    herr = ejwt_session_handle_response(&d->sess, &ans, g_work, sizeof g_work);
    cli_wipe(g_resp, sizeof g_resp);
    if (rc != EJWT_OK) {
        return device_fail(
            rc, "%s: no answer; the tokens are wiped, the refresh token is not revoked", req.url);
    }
    if (herr != EJWT_OK) {
        return device_fail(herr, "%s refused the revocation (%d); the tokens are wiped", req.url,
                           rs.status);
    }
    (void)fprintf(stderr,
                  "device: logged out: the refresh token is revoked, the tokens are wiped\n");
    return CLI_EXIT_OK;
}

typedef struct device_command {
    const char *name;
    int (*run)(device_ctx *d, int argc, char **argv);
} device_command;

static int run_jwk(device_ctx *d, int argc, char **argv)
{
    size_t npos = 0;
    int rc = cli_parse_args(argc, argv, NULL, 0, NULL, 0, &npos);

    return rc != CLI_EXIT_OK ? rc : cmd_jwk(d);
}

static const device_command device_commands[] = {
    {"jwk", run_jwk},
    {"provision", cmd_provision},
    {"login", cmd_login},
    {"token", cmd_token},
    {"get", cmd_get},
    {"logout", cmd_logout},
    {"verify", device_cmd_verify},
};

static int parse_seconds(const char *opt, const char *v, uint32_t *out)
{
    if (cli_parse_u32(v, out) != 0 || *out > DEVICE_MAX_WAIT_LIMIT_S) {
        return device_usage_error("%s takes whole seconds up to %u, not '%s'", opt,
                                  (unsigned)DEVICE_MAX_WAIT_LIMIT_S, v);
    }
    return CLI_EXIT_OK;
}

int cli_cmd_device(int argc, char **argv)
{
    device_ctx *d = &g_dev;
    const char *storage = NULL, *max_wait = NULL, *margin = NULL;
    const device_command *cmd = NULL;
    int i, rc;
    size_t k;

    memset(d, 0, sizeof *d);
    d->max_wait_s = DEVICE_DEFAULT_MAX_WAIT_S;
    /* The device options, before the subcommand. */
    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--help") == 0) {
            (void)fputs(device_usage, stdout);
            return CLI_EXIT_HELP_SHOWN;
        }
        if (strcmp(argv[i], "--storage") == 0) {
            slot = &storage;
        } else if (strcmp(argv[i], "--max-wait") == 0) {
            slot = &max_wait;
        } else if (strcmp(argv[i], "--refresh-margin") == 0) {
            slot = &margin;
        } else {
            return device_usage_error("unknown option '%s'", argv[i]);
        }
        if (*slot != NULL || i + 1 >= argc) {
            return device_usage_error("%s: %s", argv[i],
                                      *slot != NULL ? "given twice" : "missing value");
        }
        *slot = argv[++i];
    }
    if (i >= argc) {
        return device_usage_error("no command");
    }
    for (k = 0; k < sizeof device_commands / sizeof device_commands[0]; k++) {
        if (strcmp(argv[i], device_commands[k].name) == 0) {
            cmd = &device_commands[k];
        }
    }
    if (cmd == NULL) {
        return device_usage_error("unknown command '%s'", argv[i]);
    }
    if (max_wait != NULL && parse_seconds("--max-wait", max_wait, &d->max_wait_s) != 0) {
        return CLI_EXIT_USAGE;
    }
    if (margin != NULL && parse_seconds("--refresh-margin", margin, &d->refresh_margin_s) != 0) {
        return CLI_EXIT_USAGE;
    }
    rc = ejwt_platform_set(ejwt_posix_platform());
    if (rc != EJWT_OK) {
        return device_fail(rc, "the platform");
    }
    rc = select_storage(d, storage);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    d->start_ms = ejwt_platform_uptime_ms();
    d->deadline_ms = d->start_ms + (uint64_t)d->max_wait_s * 1000u;
    rc = cmd->run(d, argc - i, argv + i);
    cli_tls_trust_free(&d->trust);
    cli_wipe(g_req, sizeof g_req);
    cli_wipe(g_resp, sizeof g_resp);
    cli_wipe(g_work, sizeof g_work);
    return rc;
}
