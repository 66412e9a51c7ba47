/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device firmware's flow (see flow.h): boot, provisioning, the session
 * loop around an API call, and signed commands.
 */
#include "flow.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/auth/discovery.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/registration.h"
#include "ejwt/platform/device_key.h"

/* Requests one API call may take by default: a token request, the call, one
 * renewal after a 401, a time sync, a second grant after a refused refresh,
 * and the device grant's polls (a code lives minutes; Glewlwyd's tests'
 * codes 30 s at a 2 s interval). */
#define FLOW_ROUNDS_DEFAULT 64u
/* The longest wait one call sits out by default (backoff, Retry-After, the
 * poll interval); a longer one is the caller's to schedule. */
#define FLOW_WAIT_DEFAULT_MS 120000u
#define COMMAND_LEEWAY_S 5u
#define COMMAND_NAME_MAX 64  /* longest command name shown */
#define BEARER_PREFIX_LEN 7u /* "Bearer " */
#define SHA256_LEN 32
#define SCHEME_SEP_LEN 3u /* "://" */
/* A redirect URI for Glewlwyd's registration, which wants one even for a
 * device (never visited). */
#define FLOW_REDIRECT_URI "https://localhost/ejwt-device"
#define FACTORY_PEM_START "-----BEGIN"
#define FACTORY_PEM_START_LEN 10u

/* ------------------------------------------------------------------ output */

void flow_say(const flow_device *d, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    d->port->vsay(fmt, ap);
    va_end(ap);
}

int flow_fail(const flow_device *d, int err, const char *what)
{
    flow_say(d, "error: %s: %s (%s)", ejwt_error_name(err), what, ejwt_strerror(err));
    return err;
}

static int fmt(const flow_device *d, char *buf, size_t cap, const char *f, ...)
    DEV_PRINTF_LIKE(4, 5);

static int fmt(const flow_device *d, char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    int n;

    va_start(ap, f);
    n = d->port->vformat(buf, cap, f, ap);
    va_end(ap);
    return n;
}

void flow_fingerprint(const char *s, size_t len, char out[FLOW_FINGERPRINT_SIZE])
{
    static const char hex[] = "0123456789abcdef";
    uint8_t h[SHA256_LEN];
    size_t i;

    if (ejwt_sha256((const uint8_t *)s, len, h) != EJWT_OK) {
        memset(h, 0, sizeof(h));
    }
    for (i = 0; i < FLOW_FINGERPRINT_SIZE / 2u; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15u];
    }
    out[FLOW_FINGERPRINT_SIZE - 1] = '\0';
}

void flow_report_store(flow_device *d, const char *what)
{
    size_t len = 0;
    char fa[FLOW_FINGERPRINT_SIZE] = "-";
    char fr[FLOW_FINGERPRINT_SIZE] = "-";

    if (ejwt_token_store_bearer(&d->store, d->work, sizeof(d->work), &len) == EJWT_OK) {
        flow_fingerprint(d->work + BEARER_PREFIX_LEN, len - BEARER_PREFIX_LEN, fa);
    }
    if (ejwt_token_store_refresh_token(&d->store, d->work, sizeof(d->work), &len) == EJWT_OK) {
        flow_fingerprint(d->work, len, fr);
    }
    memset(d->work, 0, sizeof(d->work));
    flow_say(d, "%s: access token %s, refresh token %s (fingerprints)", what, fa, fr);
}

/* ------------------------------------------------------------- transport */

int64_t flow_now(const flow_device *d)
{
    int64_t now = EJWT_TIME_UNKNOWN;

    if (d->session_ready) {
        (void)ejwt_session_now(&d->session, &now);
    } else if (ejwt_platform_wall_time(&now) != EJWT_OK) {
        now = EJWT_TIME_UNKNOWN;
    }
    return now;
}

int flow_exchange(flow_device *d, const char *method, const char *path, const char *ctype,
                  const char *authorization, const char *body, size_t body_len, http_response *resp)
{
    int64_t t = 0;
    int err = d->port->exchange(method, path, ctype, authorization, body, body_len, resp);

    if (err != EJWT_OK || !d->port->trust_date || !d->session_ready ||
        flow_now(d) != EJWT_TIME_UNKNOWN || resp->date[0] == '\0') {
        return err;
    }
    /* No wall clock: an authenticated backend's Date gives the session one. */
    err = ejwt_http_date_parse(resp->date, strlen(resp->date), &t);
    if (err == EJWT_OK) {
        err = ejwt_session_set_time(&d->session, t);
    }
    if (err == EJWT_OK && d->port->time_learned != NULL) {
        d->port->time_learned();
    }
    flow_say(d, "clock: %s from the backend's Date header (%s)",
             err == EJWT_OK ? "time learned" : ejwt_error_name(err), resp->date);
    return EJWT_OK;
}

/* The length of the origin of \p url: "scheme://authority". */
static size_t origin_len(const char *url)
{
    const char *p = strstr(url, "://");
    const char *slash = p != NULL ? strchr(p + SCHEME_SEP_LEN, '/') : NULL;

    return slash != NULL ? (size_t)(slash - url) : strlen(url);
}

const char *flow_url_path(const char *url)
{
    const char *p = strstr(url, "://");
    const char *slash = strchr(p != NULL ? p + SCHEME_SEP_LEN : url, '/');

    return slash != NULL ? slash : "/";
}

/* The port reaches the issuer's host only: an endpoint elsewhere is
 * refused (EJWT_ERR_INSECURE_URL), never sent to the wrong server. */
static int same_origin(const flow_device *d, const char *url, const char *issuer)
{
    size_t n = origin_len(issuer);

    if (url[0] == '\0' || origin_len(url) != n || memcmp(url, issuer, n) != 0) {
        flow_say(d, "error: %s is not on the issuer's host (%.*s)", url, (int)n, issuer);
        return EJWT_ERR_INSECURE_URL;
    }
    return EJWT_OK;
}

void flow_wait_until(const flow_device *d, uint64_t uptime_ms)
{
    if (d->port->wait_until != NULL) {
        d->port->wait_until(uptime_ms);
        return;
    }
    while (ejwt_platform_uptime_ms() < uptime_ms) {
    }
}

const char *flow_grant_name(dev_grant g)
{
    return g == DEV_GRANT_DEVICE_CODE ? "device_code" : "client_credentials";
}

/* ------------------------------------------------------------------ boot */

/* The session and the command verifier, from the stored configuration. */
static int start_session(flow_device *d)
{
    ejwt_session_config sc;
    ejwt_command_config cc;
    int err = ejwt_device_key_get(&d->key);

    if (err != EJWT_OK) {
        return flow_fail(d, err, "device key");
    }
    memset(&sc, 0, sizeof(sc));
    (void)ejwt_device_config_session(&d->cfg, &sc);
    sc.refresh_margin_s = d->margin_s;
    err = ejwt_session_init(&d->session, &sc, &d->key, &d->store);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "session");
    }
    d->session_ready = 1;
    if (d->jwks_len == 0u) {
        return EJWT_OK; /* this issuer signs no commands for the device */
    }
    memset(&cc, 0, sizeof(cc));
    cc.client_id = d->cfg.client_id;
    cc.issuer = d->cfg.issuer;
    cc.leeway_s = COMMAND_LEEWAY_S;
    err = ejwt_command_verifier_init(&d->verifier, &cc, d->jwks, d->jwks_len);
    return err == EJWT_OK ? err : flow_fail(d, err, "importing the issuer's JWK Set");
}

int flow_boot(flow_device *d, const flow_port *port, uint32_t margin_s)
{
    int err;

    d->port = port;
    d->margin_s = margin_s;
    err = ejwt_platform_set(port->platform);
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&d->store);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "boot");
    }
    err = dev_config_load(&d->cfg);
    if (err == EJWT_ERR_STORAGE_NOT_FOUND) {
        return EJWT_OK; /* never provisioned */
    }
    if (err == EJWT_OK) {
        err = dev_jwks_load(d->jwks, &d->jwks_len);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "stored configuration");
    }
    d->provisioned = 1;
    return start_session(d);
}

/* ------------------------------------------------------------- provision */

int flow_factory_parse(char *text, flow_factory *f, const char **pem, const char **bad)
{
    char *p = text;

    memset(f, 0, sizeof(*f));
    *pem = NULL;
    *bad = NULL;
    while (*p != '\0') {
        char *line = p;
        char *eq;

        if (strncmp(p, FACTORY_PEM_START, FACTORY_PEM_START_LEN) == 0) {
            *pem = p;
            break;
        }
        p += strcspn(p, "\n");
        if (*p == '\n') {
            *p++ = '\0';
        }
        if (line[0] == '\0' || line[0] == '#') {
            continue;
        }
        eq = strchr(line, '=');
        *bad = line;
        if (eq == NULL || eq[1] == '\0') {
            return -1;
        }
        *eq++ = '\0';
        if (strcmp(line, "issuer") == 0) {
            f->issuer = eq;
        } else if (strcmp(line, "grant") == 0 && strcmp(eq, "client_credentials") == 0) {
            f->grant = DEV_GRANT_CLIENT_CREDENTIALS;
        } else if (strcmp(line, "grant") == 0 && strcmp(eq, "device_code") == 0) {
            f->grant = DEV_GRANT_DEVICE_CODE;
        } else if (strcmp(line, "scope") == 0) {
            f->scope = eq;
        } else if (strcmp(line, "client_id") == 0) {
            f->client_id = eq;
        } else if (strcmp(line, "client_name") == 0) {
            f->client_name = eq;
        } else if (strcmp(line, "api") == 0 && eq[0] == '/') {
            f->api = eq;
        } else if (strcmp(line, "command") == 0 && eq[0] == '/') {
            f->command = eq;
        } else if (strcmp(line, "profile") == 0 && strcmp(eq, "rfc") == 0) {
            f->glewlwyd = 0;
        } else if (strcmp(line, "profile") == 0 && strcmp(eq, "glewlwyd") == 0) {
            f->glewlwyd = 1;
        } else {
            eq[-1] = '=';
            return -1;
        }
    }
    *bad = NULL;
    return f->issuer != NULL ? 0 : -1;
}

/* Copy a terminated string into a configuration field of \p cap bytes. */
static int keep(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    if (n >= cap) {
        return EJWT_ERR_LIMIT;
    }
    memcpy(dst, src, n + 1u);
    return EJWT_OK;
}

/* Forget the endpoint \p url (in d->cfg) unless it is on the issuer's origin. */
static void drop_foreign(flow_device *d, char *url)
{
    if (url[0] != '\0' && same_origin(d, url, d->cfg.issuer) != EJWT_OK) {
        url[0] = '\0';
    }
}

/* GET \p url (on the issuer's host) into *resp. */
static int get_url(flow_device *d, const char *url, http_response *resp)
{
    int err = same_origin(d, url, d->cfg.issuer);

    if (err == EJWT_OK) {
        err = flow_exchange(d, "GET", flow_url_path(url), NULL, NULL, NULL, 0, resp);
    }
    return err;
}

/* Discovery: the OpenID Connect document, else the RFC 8414 one. */
static int discover(flow_device *d, ejwt_discovery *md)
{
    static const ejwt_discovery_kind kinds[] = {EJWT_DISCOVERY_OIDC, EJWT_DISCOVERY_OAUTH};
    static jsmntok_t tok[EJWT_DISCOVERY_TOKENS];
    static char url[DEV_URL_MAX + sizeof(EJWT_WELL_KNOWN_OAUTH)];
    const char *issuer = d->cfg.issuer;
    http_response resp;
    size_t n = 0;
    size_t k;
    int err = EJWT_ERR_METADATA_INVALID;

    for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        err = ejwt_discovery_url(issuer, strlen(issuer), kinds[k],
                                 EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, url, sizeof(url), &n);
        if (err == EJWT_OK) {
            err = get_url(d, url, &resp);
        }
        if (err != EJWT_OK) {
            return flow_fail(d, err, "discovery URL");
        }
        flow_say(d, "provision: discovery GET %s -> %d", url, resp.status);
        if (resp.status == 200) {
            break;
        }
    }
    if (resp.status != 200) {
        return flow_fail(d, EJWT_ERR_METADATA_INVALID, "no discovery document");
    }
    err = ejwt_discovery_parse(resp.body, resp.body_len, issuer, strlen(issuer),
                               EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, tok, EJWT_DISCOVERY_TOKENS, md);
    if (err == EJWT_OK) {
        err = ejwt_discovery_check(md, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256 |
                                           (d->cfg.grant == EJWT_SESSION_USE_DEVICE_CODE
                                                ? EJWT_DISCOVERY_NEED_DEVICE_GRANT
                                                : 0u));
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "the issuer's discovery document");
    }
    flow_say(d,
             "provision: issuer %s: token endpoint %s, device authorization %s, registration %s, "
             "revocation %s",
             md->issuer, md->token_endpoint,
             md->device_authorization_endpoint[0] ? md->device_authorization_endpoint : "-",
             md->registration_endpoint[0] ? md->registration_endpoint : "-",
             md->revocation_endpoint[0] ? md->revocation_endpoint : "-");
    return EJWT_OK;
}

/* RFC 7591 registration; the answer into d->cfg. */
static int register_client(flow_device *d, const flow_factory *f, const ejwt_discovery *md,
                           const char *name)
{
    static const char *const redirect[] = {FLOW_REDIRECT_URI};
    ejwt_registration_params rp;
    http_response resp;
    size_t len = 0;
    int err;

    if (md->registration_endpoint[0] == '\0') {
        return flow_fail(d, EJWT_ERR_SERVER_UNSUPPORTED,
                         "no client id provisioned and no registration endpoint");
    }
    memset(&rp, 0, sizeof(rp));
    rp.grant_types = f->grant == DEV_GRANT_DEVICE_CODE
                         ? (EJWT_GRANT_DEVICE_CODE | EJWT_GRANT_REFRESH_TOKEN)
                         : EJWT_GRANT_CLIENT_CREDENTIALS;
    rp.client_name = name;
    rp.scope = f->scope;
    if (f->glewlwyd) {
        rp.flags = EJWT_REGISTRATION_GLEWLWYD;
        rp.redirect_uris = redirect;
        rp.redirect_uri_count = 1;
    }
    err = ejwt_registration_request_body(&d->key, &rp, d->buf, sizeof(d->buf), &len);
    if (err == EJWT_OK) {
        err = same_origin(d, md->registration_endpoint, d->cfg.issuer);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "registration request");
    }
    err = flow_exchange(d, "POST", flow_url_path(md->registration_endpoint),
                        EJWT_REGISTRATION_CONTENT_TYPE, NULL, d->buf, len, &resp);
    memset(d->buf, 0, sizeof(d->buf));
    if (err != EJWT_OK) {
        return flow_fail(d, err, "POST to the registration endpoint");
    }
    err = ejwt_registration_parse_response(
        resp.status, resp.body, resp.body_len,
        EJWT_REGISTRATION_ACCEPT_200 | EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, &d->cfg.reg);
    if (err == EJWT_OK) {
        err = keep(d->cfg.client_id, sizeof(d->cfg.client_id), d->cfg.reg.client_id);
    }
    if (err != EJWT_OK) {
        flow_say(d, "provision: registration -> %d %s", resp.status, resp.body);
        return flow_fail(d, err, "registration (RFC 7591)");
    }
    d->cfg.registered = 1;
    flow_say(d, "provision: registered as %s -> %d (RFC 7591%s)", d->cfg.client_id, resp.status,
             d->cfg.reg.registration_access_token[0] ? ", registration access token kept sealed"
                                                     : "");
    return EJWT_OK;
}

/* The issuer's JWK Set, for signed commands: kept when the verifier takes
 * it (an issuer whose keys it cannot use signs no commands for us). */
static void fetch_jwks(flow_device *d, const ejwt_discovery *md)
{
    ejwt_command_config cc;
    http_response resp;
    int err;

    if (md->jwks_uri[0] == '\0') {
        flow_say(d, "provision: no jwks_uri: signed commands are not verified");
        return;
    }
    err = get_url(d, md->jwks_uri, &resp);
    if (err == EJWT_OK && (resp.status != 200 || resp.body_len > DEV_JWKS_MAX)) {
        err = EJWT_ERR_LIMIT;
    }
    if (err == EJWT_OK) {
        memset(&cc, 0, sizeof(cc));
        cc.client_id = d->cfg.client_id;
        cc.issuer = d->cfg.issuer;
        err = ejwt_command_verifier_init(&d->verifier, &cc, resp.body, resp.body_len);
    }
    if (err != EJWT_OK) {
        flow_say(d,
                 "provision: the issuer's JWK Set (%s) not kept (%s): signed commands are not "
                 "verified",
                 md->jwks_uri, ejwt_error_name(err));
        return;
    }
    memcpy(d->jwks, resp.body, resp.body_len);
    d->jwks[resp.body_len] = '\0';
    d->jwks_len = resp.body_len;
    flow_say(d, "provision: the issuer's JWK Set kept for signed commands (%lu bytes)",
             (unsigned long)resp.body_len);
}

/* The client id: the factory's, or one the server assigns (RFC 7591). */
static int obtain_client_id(flow_device *d, const flow_factory *f, const ejwt_discovery *md,
                            const char *prefix)
{
    char name[DEV_CLIENT_ID_MAX + 1];
    int n;

    if (f->client_id != NULL) {
        int err = keep(d->cfg.client_id, sizeof(d->cfg.client_id), f->client_id);

        if (err != EJWT_OK) {
            return flow_fail(d, err, "client id too long");
        }
        flow_say(d, "provision: client id %s provisioned by the factory (no registration)",
                 d->cfg.client_id);
        return EJWT_OK;
    }
    if (f->client_name != NULL) {
        n = fmt(d, name, sizeof(name), "%s", f->client_name);
    } else {
        n = fmt(d, name, sizeof(name), "%s%.12s", prefix, d->key.kid);
    }
    if (n < 0 || (size_t)n >= sizeof(name)) {
        return flow_fail(d, EJWT_ERR_LIMIT, "client name too long");
    }
    return register_client(d, f, md, name);
}

int flow_provision(flow_device *d, const flow_factory *f, const char *prefix)
{
    static ejwt_discovery md;
    int created = 0;
    int err = ejwt_device_key_provision(&d->key, &created);

    if (err != EJWT_OK) {
        return flow_fail(d, err, "creating the device key");
    }
    flow_say(d, "provision: device key %s in secure storage (PSA id 0x%08lx, kid %s)",
             created ? "created" : "found", (unsigned long)EJWT_DEVICE_KEY_ID, d->key.kid);
    memset(&d->cfg, 0, sizeof(d->cfg));
    d->jwks[0] = '\0';
    d->jwks_len = 0;
    d->cfg.grant = (ejwt_session_grant_type)f->grant;
    err = keep(d->cfg.issuer, sizeof(d->cfg.issuer), f->issuer != NULL ? f->issuer : "");
    if (err == EJWT_OK && f->scope != NULL) {
        err = keep(d->cfg.scope, sizeof(d->cfg.scope), f->scope);
    }
    if (err != EJWT_OK || d->cfg.issuer[0] == '\0') {
        return flow_fail(d, err != EJWT_OK ? err : EJWT_ERR_INVALID_ARG, "factory data");
    }
    flow_say(d, "provision: issuer %s, grant %s, scope %s, client id %s", d->cfg.issuer,
             flow_grant_name(f->grant), f->scope != NULL ? f->scope : "-",
             f->client_id != NULL ? f->client_id : "- (register)");
    err = discover(d, &md);
    if (err != EJWT_OK) {
        return err;
    }
    /* The issuer and its endpoints; the token endpoint (and the device
     * authorization one for the device grant) must be on the issuer's
     * origin, any other endpoint elsewhere is not kept. */
    err = same_origin(d, md.token_endpoint, d->cfg.issuer);
    if (err == EJWT_OK && f->grant == DEV_GRANT_DEVICE_CODE) {
        err = same_origin(d, md.device_authorization_endpoint, d->cfg.issuer);
    }
    if (err == EJWT_OK) {
        err = ejwt_device_config_from_metadata(&d->cfg, &md);
    }
    if (err == EJWT_OK) {
        drop_foreign(d, d->cfg.device_authorization_endpoint);
        drop_foreign(d, d->cfg.revocation_endpoint);
        drop_foreign(d, d->cfg.registration_endpoint);
        drop_foreign(d, d->cfg.jwks_uri);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "the issuer's endpoints");
    }
    err = obtain_client_id(d, f, &md, prefix);
    if (err != EJWT_OK) {
        return err;
    }
    fetch_jwks(d, &md);
    err = dev_config_save(&d->cfg);
    if (err == EJWT_OK) {
        err = dev_jwks_save(d->jwks, d->jwks_len);
    }
    if (err != EJWT_OK) {
        return flow_fail(d, err, "storing the configuration");
    }
    d->provisioned = 1;
    flow_say(d,
             "provision: configuration stored sealed (ChaCha20-Poly1305; client id %s, grant %s)",
             d->cfg.client_id, flow_grant_name((dev_grant)d->cfg.grant));
    return start_session(d);
}

/* -------------------------------------------------------------- session */

static int deprovisioned(const flow_device *d, int err)
{
    if (err == EJWT_ERR_DEPROVISIONED) {
        flow_say(d, "stopping: the backend deprovisioned this device (invalid_client); the "
                    "session cleared the stored tokens");
    }
    return err;
}

static const char *request_name(ejwt_session_grant g)
{
    switch (g) {
    case EJWT_SESSION_GRANT_REFRESH_TOKEN:
        return "refresh_token grant";
    case EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION:
        return "device authorization request";
    case EJWT_SESSION_GRANT_DEVICE_CODE:
        return "device_code poll";
    case EJWT_SESSION_GRANT_REVOCATION:
        return "revocation (logout)";
    default:
        return "client_credentials grant";
    }
}

/* The device grant's prompt: what the person is asked to do. */
static void say_prompt(const flow_device *d)
{
    ejwt_session_prompt pr;

    if (ejwt_session_device_prompt(&d->session, &pr) != EJWT_OK) {
        return;
    }
    flow_say(d, "device grant: open %s and enter %s", pr.verification_uri, pr.user_code);
    if (pr.verification_uri_complete[0] != '\0') {
        flow_say(d, "device grant: or open %s (poll every %lu s)", pr.verification_uri_complete,
                 (unsigned long)pr.interval_s);
    }
}

int flow_token_request(flow_device *d, const ejwt_session_request *req, http_response *resp)
{
    ejwt_session_answer ans;
    const char *what = request_name(req->grant);
    int sent;
    int err;

    flow_say(d, "session: %s with a fresh client assertion", what);
    sent = same_origin(d, req->url, d->cfg.issuer);
    if (sent == EJWT_OK) {
        sent = flow_exchange(d, "POST", flow_url_path(req->url), EJWT_OAUTH_FORM_CONTENT_TYPE, NULL,
                             d->buf, req->len, resp);
    }
    memset(d->buf, 0, sizeof(d->buf)); /* it held a signed assertion */
    memset(&ans, 0, sizeof(ans));
    if (sent == EJWT_OK) {
        ans.status = resp->status;
        ans.body = resp->body;
        ans.len = resp->body_len;
        ans.retry_after = resp->retry_after[0] != '\0' ? resp->retry_after : NULL;
        ans.retry_after_len = strlen(resp->retry_after);
    }
    err = ejwt_session_handle_response(&d->session, &ans, d->work, sizeof(d->work));
    if (err == EJWT_OK && req->grant == EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
        say_prompt(d);
    } else if (err == EJWT_OK && req->grant == EJWT_SESSION_GRANT_REVOCATION) {
        flow_say(d, "session: logged out: refresh token revoked -> %d; store wiped", ans.status);
    } else if (err == EJWT_OK) {
        flow_report_store(d, req->grant == EJWT_SESSION_GRANT_REFRESH_TOKEN
                                 ? "session: refreshed (rotated) and saved"
                                 : "session: authenticated and saved");
    } else if (sent == EJWT_OK) {
        flow_say(d, "session: %s -> %d %s: %s", what, resp->status, resp->body,
                 ejwt_error_name(err));
    } else {
        flow_say(d, "session: %s: no answer (%s)", what, ejwt_error_name(sent));
    }
    return err;
}

/* Sit out a wait the session asked for, when it is within the bound. */
static int sit_out(flow_device *d, uint64_t not_before_ms)
{
    uint64_t now = ejwt_platform_uptime_ms();
    uint32_t max = d->wait_max_ms != 0u ? d->wait_max_ms : FLOW_WAIT_DEFAULT_MS;

    if (not_before_ms > now + max) {
        flow_say(d, "session: backed off for %lu ms (more than %lu): try again later",
                 (unsigned long)(not_before_ms - now), (unsigned long)max);
        return EJWT_ERR_OAUTH_RETRY;
    }
    if (not_before_ms > now) {
        flow_say(d, "session: waiting %lu ms as the server asked (backoff or poll interval)",
                 (unsigned long)(not_before_ms - now));
        flow_wait_until(d, not_before_ms);
    }
    return EJWT_OK;
}

int flow_call_api(flow_device *d, const char *path, http_response *resp)
{
    ejwt_session_request req;
    unsigned rounds = d->rounds_max != 0u ? d->rounds_max : FLOW_ROUNDS_DEFAULT;
    unsigned sent = 0;  /* requests sent (token, device authorization, API) */
    unsigned waits = 0; /* waits sat out */
    int synced = 0;
    int retry = 0;
    int reused = 1;

    memset(resp, 0, sizeof(*resp));
    if (!d->session_ready) {
        return flow_fail(d, EJWT_ERR_NO_TOKEN, "not provisioned");
    }
    while (sent < rounds && waits < rounds) {
        int err = ejwt_session_prepare(&d->session, d->buf, sizeof(d->buf), &req);
        if (err == EJWT_ERR_TIME_UNKNOWN && d->port->trust_date && !synced) {
            /* No wall clock: any response of the server carries its Date. */
            synced = 1;
            sent++;
            flow_say(d, "clock: wall time unknown; GET the issuer's JWK Set for the server's Date");
            (void)flow_exchange(d, "GET", "/jwks.json", NULL, NULL, NULL, 0, resp);
            continue;
        }
        if (err == EJWT_ERR_TIME_UNKNOWN) {
            return flow_fail(d, err, "no wall clock: refusing to sign an assertion");
        }
        if (err == EJWT_ERR_OAUTH_RETRY) {
            waits++;
            err = sit_out(d, req.not_before_ms);
            if (err != EJWT_OK) {
                return flow_fail(d, err, "session");
            }
            continue;
        }
        if (err == EJWT_ERR_DEVICE_CODE_EXPIRED) {
            flow_say(d, "device grant: the code expired before approval: asking for a new one");
            continue;
        }
        if (err != EJWT_OK) {
            return flow_fail(d, deprovisioned(d, err), "session");
        }
        if (req.action == EJWT_SESSION_POST_FORM) {
            reused = 0;
            sent++;
            err = flow_token_request(d, &req, resp);
            if (err == EJWT_OK && path == NULL &&
                req.grant != EJWT_SESSION_GRANT_DEVICE_AUTHORIZATION) {
                return EJWT_OK;
            }
            if (err == EJWT_ERR_OAUTH_INVALID_GRANT &&
                req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN) {
                flow_say(d, "session: refresh refused: the next request is a new grant");
            }
            if (err == EJWT_ERR_DEVICE_CODE_EXPIRED) {
                flow_say(d, "device grant: expired_token: asking for a new code");
            }
            if (err == EJWT_ERR_DEPROVISIONED || err == EJWT_ERR_GAVE_UP ||
                err == EJWT_ERR_ACCESS_DENIED || err == EJWT_ERR_OAUTH_REFUSED) {
                return flow_fail(d, deprovisioned(d, err), "token endpoint");
            }
            continue; /* the session decides what comes next, and when */
        }
        /* EJWT_SESSION_CALL_API: d->buf holds "Bearer <access token>". */
        if (reused) {
            flow_say(d,
                     "session: stored access token still valid (margin %lu s): reused, no "
                     "assertion",
                     (unsigned long)d->margin_s);
            reused = 0;
        }
        if (path == NULL) {
            memset(d->buf, 0, sizeof(d->buf));
            return EJWT_OK;
        }
        sent++;
        err = flow_exchange(d, "GET", path, NULL, d->buf, NULL, 0, resp);
        memset(d->buf, 0, sizeof(d->buf));
        if (err != EJWT_OK) {
            return flow_fail(d, err, path);
        }
        err = ejwt_session_handle_api_status(&d->session, resp->status, &retry);
        if (err != EJWT_OK) {
            return flow_fail(d, err, path);
        }
        if (!retry) {
            return EJWT_OK;
        }
        flow_say(d, "api: GET %s -> 401, WWW-Authenticate: %s", path, resp->www_authenticate);
        flow_say(d, "api: access token dropped; renewing and retrying once");
    }
    flow_say(d,
             "session: %u request(s) and %u wait(s) without a usable token: stopping this "
             "round (bounded, backed off); the session keeps its backoff",
             sent, waits);
    return flow_fail(d, EJWT_ERR_OAUTH_RETRY, "session did not settle (attempts used up)");
}

int flow_logout(flow_device *d)
{
    ejwt_session_request req;
    http_response resp;
    int err;

    if (!d->session_ready) {
        return flow_fail(d, EJWT_ERR_NO_TOKEN, "not provisioned");
    }
    err = ejwt_session_logout(&d->session, d->buf, sizeof(d->buf), &req);
    if (err != EJWT_OK) {
        memset(d->buf, 0, sizeof(d->buf));
        return flow_fail(d, err, "logout");
    }
    if (req.action == EJWT_SESSION_LOGGED_OUT) {
        flow_say(d, "session: logged out: nothing to revoke; store wiped");
        return EJWT_OK;
    }
    err = flow_token_request(d, &req, &resp);
    return err == EJWT_OK ? err : flow_fail(d, err, "revocation");
}

void flow_say_stats(const flow_device *d)
{
    ejwt_session_stats ss;

    if (d->session_ready) {
        ejwt_session_get_stats(&d->session, &ss);
        flow_say(d,
                 "stats: this boot signed %lu client assertions, made %lu token requests, "
                 "%lu refreshes, %lu API calls",
                 (unsigned long)ss.assertions_signed, (unsigned long)ss.token_requests,
                 (unsigned long)ss.refreshes, (unsigned long)ss.api_calls);
    }
}

/* ------------------------------------------------------------- commands */

int flow_command(flow_device *d, const char *path)
{
    static char token[EJWT_MAX_TOKEN_LEN + 1];
    static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];
    static ejwt_command cmd;
    char name[COMMAND_NAME_MAX] = "";
    ejwt_json claims;
    http_response resp;
    size_t n = 0;
    int err = flow_call_api(d, path, &resp);

    if (err != EJWT_OK) {
        return err;
    }
    if (resp.status != 200 || resp.body_len >= sizeof(token)) {
        return flow_fail(d, EJWT_ERR_OAUTH_RETRY, path);
    }
    memcpy(token, resp.body, resp.body_len + 1u);
    flow_say(d, "command: received a signed command (%lu bytes)", (unsigned long)resp.body_len);
    err = ejwt_command_verify(&d->verifier, token, resp.body_len, flow_now(d), work, sizeof(work),
                              &cmd);
    if (err != EJWT_OK) {
        return flow_fail(d, err, "verifying the command");
    }
    claims = ejwt_command_claims(&cmd);
    (void)ejwt_json_string_copy(&claims, cmd.cmd, name, sizeof(name), &n);
    n = cmd.args >= 0 ? (size_t)(claims.tok[cmd.args].end - claims.tok[cmd.args].start) : 0u;
    flow_say(d,
             "command: verified (ES256 pinned, kid from the provisioned JWK Set, typ "
             "command+jwt, aud %s): cmd=%s args=%.*s",
             d->cfg.client_id, name, (int)n,
             cmd.args >= 0 ? claims.text + claims.tok[cmd.args].start : "");
    /* A network may deliver a message twice, an attacker may replay it: the
     * same command handed in again must be refused. */
    err = ejwt_command_verify(&d->verifier, token, resp.body_len, flow_now(d), work, sizeof(work),
                              &cmd);
    if (err != EJWT_ERR_REPLAYED) {
        return flow_fail(d, err == EJWT_OK ? EJWT_ERR_INVALID_ARG : err,
                         "the same command a second time was not refused as a replay");
    }
    flow_say(d, "command: the same command again -> refused: %s", ejwt_error_name(err));
    return EJWT_OK;
}
