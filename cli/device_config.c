/* SPDX-License-Identifier: Apache-2.0 */
#define _POSIX_C_SOURCE 200809L
/* The sealed configuration and registration records of `ejwt device`. */
#include "device_config.h"

#include <string.h>

#include "io.h"

#define CONFIG_MAGIC0 'E'
#define CONFIG_MAGIC1 'C'
#define CONFIG_MAGIC2 'F'
#define CONFIG_VERSION 1u
#define CONFIG_STRINGS 9u

/* The nine strings in record order, with their bounds. */
typedef struct field {
    size_t off;
    size_t max;
} field;

static const field fields[CONFIG_STRINGS] = {
    {offsetof(cli_device_config, issuer), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, token_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, device_authorization_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, revocation_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, registration_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, jwks_uri), EJWT_DISCOVERY_MAX_URL},
    {offsetof(cli_device_config, client_id), EJWT_ASSERTION_MAX_CLIENT_ID},
    {offsetof(cli_device_config, scope), EJWT_SESSION_MAX_PARAM},
    {offsetof(cli_device_config, resource), EJWT_SESSION_MAX_PARAM},
};

int cli_device_config_encode(const cli_device_config *c, uint8_t *out, size_t cap, size_t *len)
{
    const char *base = (const char *)c;
    size_t n = 0, i;

    *len = 0;
    if (cap < CLI_DEVICE_CONFIG_RECORD_MAX) {
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    out[n++] = CONFIG_MAGIC0;
    out[n++] = CONFIG_MAGIC1;
    out[n++] = CONFIG_MAGIC2;
    out[n++] = CONFIG_VERSION;
    for (i = 0; i < CONFIG_STRINGS; i++) {
        const char *s = base + fields[i].off;
        size_t sl = strnlen(s, fields[i].max + 1u);
        if (sl > fields[i].max) {
            return EJWT_ERR_INVALID_ARG;
        }
        out[n++] = (uint8_t)(sl >> 8);
        out[n++] = (uint8_t)sl;
        memcpy(out + n, s, sl);
        n += sl;
    }
    out[n++] = c->grant;
    out[n++] = c->flags;
    memcpy(out + n, c->ca_sha256, sizeof c->ca_sha256);
    n += sizeof c->ca_sha256;
    *len = n;
    return EJWT_OK;
}

int cli_device_config_decode(const uint8_t *in, size_t len, cli_device_config *c)
{
    char *base = (char *)c;
    size_t n = 4, i, sl;

    memset(c, 0, sizeof *c);
    if (len < 4u || in[0] != CONFIG_MAGIC0 || in[1] != CONFIG_MAGIC1 || in[2] != CONFIG_MAGIC2 ||
        in[3] != CONFIG_VERSION) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    for (i = 0; i < CONFIG_STRINGS; i++) {
        if (len - n < 2u) {
            goto corrupt;
        }
        sl = ((size_t)in[n] << 8) | in[n + 1u];
        n += 2u;
        if (sl > fields[i].max || len - n < sl || memchr(in + n, '\0', sl) != NULL) {
            goto corrupt;
        }
        memcpy(base + fields[i].off, in + n, sl);
        base[fields[i].off + sl] = '\0';
        n += sl;
    }
    if (len - n != 2u + sizeof c->ca_sha256 || c->issuer[0] == '\0' ||
        c->token_endpoint[0] == '\0' || c->client_id[0] == '\0') {
        goto corrupt;
    }
    c->grant = in[n++];
    c->flags = in[n++];
    if (c->grant > (uint8_t)EJWT_SESSION_USE_DEVICE_CODE ||
        (c->flags & ~(CLI_DEVICE_CA_PINNED | CLI_DEVICE_REGISTERED)) != 0u) {
        goto corrupt;
    }
    memcpy(c->ca_sha256, in + n, sizeof c->ca_sha256);
    return EJWT_OK;
corrupt:
    memset(c, 0, sizeof *c);
    return EJWT_ERR_STORAGE_CORRUPT;
}

/* One buffer for either record's bytes, one for sealing them. */
#define RECORD_BUF                                                                                 \
    (CLI_DEVICE_CONFIG_RECORD_MAX > EJWT_REGISTRATION_RECORD_MAX ? CLI_DEVICE_CONFIG_RECORD_MAX    \
                                                                 : EJWT_REGISTRATION_RECORD_MAX)
static uint8_t g_rec[RECORD_BUF];
static uint8_t g_work[RECORD_BUF + EJWT_SEALED_RECORD_OVERHEAD];

/* Seal g_rec[0..n) under uid (after an encoder's result rc), then wipe it. */
static int seal_record(int rc, uint64_t uid, uint32_t kind, size_t n)
{
    if (rc == EJWT_OK) {
        rc = ejwt_sealed_record_save(uid, kind, g_rec, n, g_work, sizeof g_work);
    }
    cli_wipe(g_rec, sizeof g_rec);
    return rc;
}

int cli_device_config_save(const cli_device_config *c)
{
    size_t n = 0;
    int rc = cli_device_config_encode(c, g_rec, sizeof g_rec, &n);

    return seal_record(rc, CLI_DEVICE_CONFIG_UID, CLI_DEVICE_CONFIG_KIND, n);
}

int cli_device_config_load(cli_device_config *c)
{
    size_t n = 0;
    int rc;

    memset(c, 0, sizeof *c);
    rc = ejwt_sealed_record_load(CLI_DEVICE_CONFIG_UID, CLI_DEVICE_CONFIG_KIND, g_rec, sizeof g_rec,
                                 &n, g_work, sizeof g_work);
    if (rc == EJWT_OK) {
        rc = cli_device_config_decode(g_rec, n, c);
    }
    cli_wipe(g_rec, sizeof g_rec);
    return rc;
}

int cli_device_registration_save(const ejwt_registration *reg)
{
    size_t n = 0;
    int rc = ejwt_registration_encode(reg, g_rec, sizeof g_rec, &n);

    return seal_record(rc, CLI_DEVICE_REGISTRATION_UID, CLI_DEVICE_REGISTRATION_KIND, n);
}
