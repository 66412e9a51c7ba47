/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device firmware's flow, shared by the two device programs:
 * examples/host_device (posix port, plain HTTP over TCP) and
 * examples/board_device (mps2-an385, HTTPS over its UART). It speaks one
 * protocol to both servers the project tests with, the reference backend
 * (examples/backend) and Glewlwyd: what a firmware author writes on top of
 * ejwt:
 *
 *   flow_boot()       platform hooks, crypto, the token store, and - once
 *                     provisioned - the session and the command verifier
 *   flow_provision()  first boot, from the factory's data (a flow_factory:
 *                     issuer URL, grant, scope, optional client id):
 *                     device key, discovery (RFC 8414 / OpenID Connect),
 *                     RFC 7591 registration when no client id was given,
 *                     the issuer's JWK Set, all stored sealed
 *   flow_call_api()   one API call; the session reuses the stored access
 *                     token, refreshes it, or obtains a new one with the
 *                     configured grant (client_credentials, or the RFC 8628
 *                     device grant: "open <verification_uri> and enter
 *                     <user_code>" on the console, then polls), waiting as
 *                     the session says (backoff, Retry-After, interval)
 *   flow_command()    fetch a signed command, verify it, act on it
 *   flow_logout()     RFC 7009 revocation of the refresh token, store wiped
 *
 * and stops for good on EJWT_ERR_DEPROVISIONED. The program supplies the
 * transport, the console and the platform (a flow_port) and owns the state
 * (a static flow_device). No malloc: every buffer is in the flow_device,
 * sized at compile time (DEVICE_APP_BUF_SIZE), or static.
 */
#ifndef EJWT_DEVICE_APP_FLOW_H
#define EJWT_DEVICE_APP_FLOW_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "device_config.h"
#include "ejwt/auth/command.h"
#include "ejwt/auth/session.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "ejwt/platform/token_store.h"
#include "http.h"

#ifndef DEVICE_APP_BUF_SIZE
#define DEVICE_APP_BUF_SIZE 8192 /* a token request, a bearer value, a token response */
#endif

#if defined(__GNUC__)
#define DEV_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define DEV_PRINTF_LIKE(f, a)
#endif

/* What the program supplies. */
typedef struct flow_port {
    /* One request on a fresh connection: EJWT_OK with *resp filled, or an
     * error (the port said why). */
    int (*exchange)(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp);
    /* Print one line: "device: " + the formatted text + newline. */
    void (*vsay)(const char *fmt, va_list ap);
    /* vsnprintf. */
    int (*vformat)(char *buf, size_t cap, const char *fmt, va_list ap);
    /* The clock and entropy (ejwt_platform_set()). */
    const ejwt_platform *platform;
    /* Nonzero when the transport authenticates the backend (TLS): a device
     * without a wall clock may then take the time from its Date header. */
    int trust_date;
    /* Called once the time was learned that way (NULL: nothing to do). */
    void (*time_learned)(void);
    /* Wait until the platform uptime reaches \p uptime_ms (NULL: the flow
     * spins on the platform's uptime). */
    void (*wait_until)(uint64_t uptime_ms);
} flow_port;

/* What the factory gives the device (the board's factory region, the host
 * program's options): everything else comes from the issuer. */
typedef struct flow_factory {
    const char *issuer;      /* the issuer URL (discovery is fetched from it) */
    dev_grant grant;         /* how the device obtains its tokens */
    const char *scope;       /* scope of the grants and the registration, or NULL */
    const char *client_id;   /* a client registered by the server's administrator, or
                                NULL: RFC 7591 registration */
    const char *client_name; /* the registration's client_name (NULL: prefix + kid) */
    int glewlwyd;            /* register with Glewlwyd's names and a redirect URI
                                (EJWT_REGISTRATION_GLEWLWYD) */
    const char *api;         /* path of the API the device reports to, or NULL (then
                                it only keeps a usable access token) */
    const char *command;     /* path its signed commands come from, or NULL */
} flow_factory;

/* Parse the factory text: lines "name=value" (issuer, grant =
 * client_credentials|device_code, scope, client_id, client_name, profile =
 * rfc|glewlwyd, api, command), up to the end or a line starting "-----BEGIN" (a PEM trust
 * anchor, returned in *pem, or NULL). The text is cut in place; \p f points
 * into it. 0, or -1 (an unknown name or value; *bad names the line). */
int flow_factory_parse(char *text, flow_factory *f, const char **pem, const char **bad);

/* The words of a dev_grant ("client_credentials", "device_code"). */
const char *flow_grant_name(dev_grant g);

/* The device's state. Static; filled by flow_boot(). */
typedef struct flow_device {
    const flow_port *port;
    uint32_t margin_s; /* refresh this long before the access token expires */
    int provisioned;
    ejwt_device_config cfg;       /* what provisioning found, from sealed storage */
    char jwks[DEV_JWKS_MAX + 1u]; /* the issuer's JWK Set ("" when commands are not verified) */
    size_t jwks_len;
    /* Most requests one flow_call_api() sends (0: FLOW_ROUNDS_DEFAULT) and
     * the longest single wait it sits out (0: FLOW_WAIT_DEFAULT_MS): past
     * either it returns EJWT_ERR_OAUTH_RETRY (try again later). */
    unsigned rounds_max;
    uint32_t wait_max_ms;
    ejwt_key key; /* the device key (PSA, non-exportable) */
    ejwt_token_store store;
    ejwt_session session;
    int session_ready;
    ejwt_command_verifier verifier;
    char buf[DEVICE_APP_BUF_SIZE];  /* request: token form or bearer value */
    char work[DEVICE_APP_BUF_SIZE]; /* the parsed token response */
} flow_device;

void flow_say(const flow_device *d, const char *fmt, ...) DEV_PRINTF_LIKE(2, 3);

/* Say "error: NAME: what (message)" and return err. */
int flow_fail(const flow_device *d, int err, const char *what);

/* Boot. EJWT_OK whether provisioned or not (d->provisioned), else the error
 * (said). */
int flow_boot(flow_device *d, const flow_port *port, uint32_t margin_s);

/* Provision from the factory's data \p f: create the device key, discover
 * the issuer's endpoints, register (RFC 7591) unless f->client_id is given
 * (client_name: f->client_name, else \p prefix and the start of the key's
 * thumbprint), fetch the JWK Set, store it all sealed, start the session. */
int flow_provision(flow_device *d, const flow_factory *f, const char *prefix);

/* Log out: revoke the refresh token (RFC 7009) when the issuer has a
 * revocation endpoint, and wipe the stored tokens in any case. */
int flow_logout(flow_device *d);

/* One call to \p path (GET) with a valid access token, renewing it as the
 * session decides; *resp holds the API's answer. With \p path NULL it stops
 * once a usable token is stored. EJWT_ERR_DEPROVISIONED: stop for good. */
int flow_call_api(flow_device *d, const char *path, http_response *resp);

/* GET \p path (a signed command), verify it against the provisioned JWK
 * Set, act on it; then hand in the same command again, which the replay
 * cache must refuse. */
int flow_command(flow_device *d, const char *path);

/* The session's "now": the platform clock, or the time learned from a Date;
 * EJWT_TIME_UNKNOWN when there is none. */
int64_t flow_now(const flow_device *d);

/* Send the form the session prepared in d->buf (\p req: token, device
 * authorization or revocation endpoint) and hand the answer back to the
 * session, which saves the tokens or keeps the device code (then the prompt
 * is said). EJWT_OK, or the session's error (the answer said). */
int flow_token_request(flow_device *d, const ejwt_session_request *req, http_response *resp);

/* The path part of \p url (the port's transport is connected to the
 * issuer's host and sends a path): "https://h:1/a/token" -> "/a/token". */
const char *flow_url_path(const char *url);

/* Wait until platform uptime \p uptime_ms (the port's wait, or a spin). */
void flow_wait_until(const flow_device *d, uint64_t uptime_ms);

/* Say this boot's session counters. */
void flow_say_stats(const flow_device *d);

/* One request through the port (learning the time from a trusted Date
 * header when the device has none). */
int flow_exchange(flow_device *d, const char *method, const char *path, const char *ctype,
                  const char *authorization, const char *body, size_t body_len,
                  http_response *resp);

/* A short fingerprint of a secret for the transcript, never the secret:
 * 16 hex digits of its SHA-256, terminated. */
#define FLOW_FINGERPRINT_SIZE 17
void flow_fingerprint(const char *s, size_t len, char out[FLOW_FINGERPRINT_SIZE]);

/* Say "<what>: access token X, refresh token Y (fingerprints)". */
void flow_report_store(flow_device *d, const char *what);

#endif /* EJWT_DEVICE_APP_FLOW_H */
