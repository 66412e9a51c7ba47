/* SPDX-License-Identifier: Apache-2.0 */
/* What the `ejwt device` commands share (cmd_device.c): the device's state
 * on the host, the error and usage reports, one logged HTTPS request over
 * the pinned trust, and opening the provisioned device. */
#ifndef EJWT_CLI_DEVICE_H
#define EJWT_CLI_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <ejwt/auth.h>
#include <ejwt/platform/token_store.h>

#include "cli.h"
#include "http_client.h"
#include "https.h"

/* The device: its configuration, trust, key, tokens and session. */
typedef struct device_ctx {
    const char *storage;
    ejwt_device_config cfg;
    cli_tls_trust trust;
    ejwt_key key;
    ejwt_token_store store;
    ejwt_session sess;
    ejwt_session_config scfg;
    uint32_t max_wait_s;
    uint32_t refresh_margin_s;
    uint64_t start_ms;
    uint64_t deadline_ms;
    unsigned requests;
} device_ctx;

/* "ejwt: device: <message>" and the usage on stderr; CLI_EXIT_USAGE. */
int device_usage_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* "error: <NAME>: <message>" on stderr; CLI_EXIT_REJECT. */
int device_fail(int err, const char *fmt, ...) CLI_PRINTF(2, 3);

/* One request, logged as "device: METHOD URL -> STATUS" (never a token);
 * the body is at device_response() (rs->len bytes) until the next one. */
int device_exchange(device_ctx *d, const cli_http_request *rq, cli_http_response *rs);

/* The body of the last answer. */
const uint8_t *device_response(void);

/* A request that got no answer, as the exit status. */
int device_no_answer(int err, const char *url);

/* The stored configuration, the pinned CA checked against its hash, the
 * device key, the token store and the session; CLI_EXIT_OK or the exit
 * status reported. */
int device_open(device_ctx *d);

/* Provisioning: fetch the issuer's JWK Set from the configuration's
 * jwks_uri into the sealed cache (nothing when it has none). */
int device_jwks_provision(device_ctx *d);

/* `ejwt device verify`: tokens of the issuer checked with the cached set,
 * which follows the issuer's key rotation (device_jwks.c). */
int device_cmd_verify(device_ctx *d, int argc, char **argv);

#endif /* EJWT_CLI_DEVICE_H */
