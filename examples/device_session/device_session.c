/* SPDX-License-Identifier: Apache-2.0 */
/*
 * device_session: the device's OAuth session loop (ejwt/auth/session.h) in
 * one file. ejwt opens no sockets: the session says what to send next, the
 * program sends it with its own transport and feeds the answer back.
 *
 *     EJWT_STORAGE_DIR=DIR device_session CLIENT_ID TOKEN_ENDPOINT [REPORTS [MARGIN_S]]
 *
 * Each run is one boot: it finds the device key in secure storage (DIR) or
 * creates it and registers it (RFC 7591, POST /register with client_name
 * CLIENT_ID: the reference backend names the client after it; this one-file
 * example keeps no configuration, so another id is an error - see
 * examples/device_app for the whole flow), then sends REPORTS telemetry
 * reports (default 1). Before each one the session reuses the stored access
 * token, refreshes it (rotating the refresh token) when the server issued
 * one and the access token expires within MARGIN_S seconds (default 60), or
 * signs a new client assertion; a 401 from the API renews the token and
 * retries once. When the backend revokes the device, the
 * session wipes the tokens and the program stops.
 *
 * Exit status: 0 reports sent; 3 deprovisioned (stop for good); 1 any other
 * failure (try again later); 2 bad command line. The transcript goes to
 * stderr; stdout and stdin are the transport (see transport()).
 *
 * No malloc: every buffer is static. tests/examples/device_session.py runs
 * it against the reference backend (examples/backend).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ejwt/auth/oauth.h"
#include "ejwt/auth/registration.h"
#include "ejwt/auth/session.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "ejwt/platform/device_key.h"
#include "ejwt/platform/token_store.h"
#include "ejwt/port_posix.h"

#define BUF_SIZE 4096        /* a token request, or "Bearer <access token>" */
#define RESP_MAX 4096        /* one response: status and body */
#define ROUNDS_MAX 6         /* requests per report before giving up until later */
#define REFRESH_MARGIN_S 60u /* default MARGIN_S */
#define EXIT_FAILED 1
#define EXIT_USAGE 2
#define EXIT_DEPROVISIONED 3

static char buf[BUF_SIZE];
static char resp[RESP_MAX];
static ejwt_token_store store; /* sealed tokens in secure storage */
static ejwt_session session;

/*
 * YOUR TRANSPORT: one HTTP request to the backend. Returns the HTTP status
 * (0: no answer) with the response body in resp. A device sends it over its
 * socket, modem or TLS link. This one hands it to whoever runs the program:
 * one line on stdout, METHOD PATH CONTENT-TYPE AUTHORIZATION BODY separated
 * by tabs ("-" for none), and reads one line back on stdin, STATUS<tab>BODY.
 */
static int transport(const char *method, const char *path, const char *ctype,
                     const char *authorization, const char *body, size_t *resp_len)
{
    char *tab;
    int status;

    printf("%s\t%s\t%s\t%s\t%s\n", method, path, ctype != NULL ? ctype : "-",
           authorization != NULL ? authorization : "-", body != NULL ? body : "-");
    fflush(stdout);
    *resp_len = 0;
    if (fgets(resp, sizeof(resp), stdin) == NULL || (tab = strchr(resp, '\t')) == NULL) {
        return 0;
    }
    status = atoi(resp);
    *resp_len = strcspn(tab + 1, "\n");
    memmove(resp, tab + 1, *resp_len);
    resp[*resp_len] = '\0';
    return status;
}

/* The path part of an endpoint URL ("https://host:port/token" -> "/token"):
 * the session names the URL to post to (ejwt_session_request.url), and this
 * transport's peer routes by path. */
static const char *url_path(const char *url)
{
    const char *p = strstr(url, "://");
    const char *slash = strchr(p != NULL ? p + 3 : url, '/');

    return slash != NULL ? slash : "/";
}

/* The device key from secure storage; a new one is registered first. */
static int provision(const char *client_id, ejwt_key *key)
{
    static ejwt_registration reg;
    ejwt_registration_params p;
    size_t len = 0;
    int created = 0;
    int status;
    int err = ejwt_device_key_provision(key, &created);

    if (err != EJWT_OK || !created) {
        return err;
    }
    memset(&p, 0, sizeof(p));
    p.grant_types = EJWT_GRANT_CLIENT_CREDENTIALS;
    p.client_name = client_id;
    err = ejwt_registration_request_body(key, &p, buf, sizeof(buf), &len);
    if (err != EJWT_OK) {
        return err;
    }
    status = transport("POST", "/register", EJWT_REGISTRATION_CONTENT_TYPE, NULL, buf, &len);
    err = ejwt_registration_parse_response(status, resp, len, 0, &reg);
    fprintf(stderr, "device: new device key, POST /register -> %d: %s\n", status,
            ejwt_error_name(err));
    if (err == EJWT_OK && strcmp(reg.client_id, client_id) != 0) {
        err = EJWT_ERR_OAUTH_RESPONSE; /* the server chose another id */
    }
    if (err != EJWT_OK) {
        (void)ejwt_device_key_destroy(); /* the next boot starts over */
        return err;
    }
    return EJWT_OK;
}

static int failed(int err, const char *what)
{
    fprintf(stderr, "device: error: %s: %s\n", what, ejwt_error_name(err));
    return EXIT_FAILED;
}

int main(int argc, char **argv)
{
    ejwt_session_config cfg;
    ejwt_session_request req;
    ejwt_session_stats st;
    ejwt_key key;
    long reports = argc > 3 ? strtol(argv[3], NULL, 10) : 1;
    long sent = 0;
    int rounds = 0;
    int err;

    if (argc < 3 || argc > 5 || reports < 1) {
        fprintf(stderr, "usage: device_session CLIENT_ID TOKEN_ENDPOINT [REPORTS [MARGIN_S]]\n");
        return EXIT_USAGE;
    }
    /* Boot: platform hooks, crypto, the token store, the device key. */
    err = ejwt_platform_set(ejwt_posix_platform());
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err == EJWT_OK) {
        err = ejwt_token_store_init(&store);
    }
    if (err == EJWT_OK) {
        err = provision(argv[1], &key);
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.client_id = argv[1];
    cfg.token_endpoint = argv[2]; /* exactly as provisioned: the assertions' aud */
    cfg.refresh_margin_s = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : REFRESH_MARGIN_S;
    if (err == EJWT_OK) {
        err = ejwt_session_init(&session, &cfg, &key, &store);
    }
    if (err != EJWT_OK) {
        return failed(err, "boot");
    }

    /* The loop: ask the session, send what it says, tell it the answer. */
    while (sent < reports) {
        int status;
        int retry = 0;
        size_t n = 0;

        if (++rounds > ROUNDS_MAX) {
            return failed(EJWT_ERR_OAUTH_RETRY, "no report got through (back off, try later)");
        }
        err = ejwt_session_prepare(&session, buf, sizeof(buf), &req);
        if (err == EJWT_ERR_DEPROVISIONED) {
            fprintf(stderr, "device: deprovisioned: the backend revoked this device, its tokens "
                            "are wiped; stopping\n");
            return EXIT_DEPROVISIONED;
        }
        if (err == EJWT_ERR_OAUTH_RETRY) { /* backed off: not before req.not_before_ms */
            return failed(err, "token endpoint unavailable (back off, try later)");
        }
        if (err != EJWT_OK) { /* TIME_UNKNOWN: learn the time first (session.h) */
            return failed(err, "session");
        }
        if (req.action == EJWT_SESSION_POST_FORM) {
            /* buf: a form with a fresh client assertion (and the refresh
             * token), posted to the URL the session names. */
            status =
                transport("POST", url_path(req.url), EJWT_OAUTH_FORM_CONTENT_TYPE, NULL, buf, &n);
            memset(buf, 0, sizeof(buf));
            err = ejwt_session_handle_token_response(&session, status, resp, n, buf, sizeof(buf));
            fprintf(stderr, "device: token request (%s) -> %d: %s\n",
                    req.grant == EJWT_SESSION_GRANT_REFRESH_TOKEN ? "refresh_token"
                                                                  : "client_credentials",
                    status, ejwt_error_name(err));
            /* OK: saved. INVALID_GRANT: the next one signs a new assertion.
             * DEPROVISIONED: the next prepare says so. Else: try again. */
            continue;
        }
        /* EJWT_SESSION_CALL_API: buf holds "Bearer <access token>". */
        status = transport("POST", "/api/telemetry", "application/json", buf,
                           "{\"temperature\":21.5}", &n);
        memset(buf, 0, sizeof(buf));
        err = ejwt_session_handle_api_status(&session, status, &retry);
        fprintf(stderr, "device: report %ld: POST /api/telemetry -> %d%s\n", sent + 1, status,
                retry ? " (token refused: renew and retry)" : "");
        if (err != EJWT_OK || status == 0) {
            return failed(err != EJWT_OK ? err : EJWT_ERR_OAUTH_RETRY, "API call");
        }
        if (!retry) {
            sent++;
            rounds = 0;
        }
    }
    ejwt_session_get_stats(&session, &st);
    fprintf(stderr,
            "device: done: %ld report(s); this boot signed %lu assertion(s), made %lu token "
            "request(s), %lu refresh(es)\n",
            sent, (unsigned long)st.assertions_signed, (unsigned long)st.token_requests,
            (unsigned long)st.refreshes);
    return 0;
}
