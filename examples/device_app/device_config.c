/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example device's provisioned configuration (see device_config.h).
 */
#include "device_config.h"

#include <stddef.h>
#include <string.h>

#include "ejwt/platform/sealed_record.h"

/* The largest record must fit a sealed record. */
typedef char dev_config_record_fits[(DEV_CONFIG_RECORD_MAX <= EJWT_SEALED_RECORD_MAX) ? 1 : -1];

#define RECORD_MAGIC "EDC"
#define RECORD_VERSION 1u
#define RECORD_HEADER 5u /* magic, version, grant */
#define FIELD_LEN_SIZE 2u

/* The record's text fields, in their order (each terminated in dev_config,
 * at most max bytes long), then the registration record. */
typedef struct text_field {
    size_t off;
    size_t max;
} text_field;

static const text_field g_text[] = {
    {offsetof(dev_config, issuer), DEV_URL_MAX},
    {offsetof(dev_config, client_id), DEV_CLIENT_ID_MAX},
    {offsetof(dev_config, token_endpoint), DEV_URL_MAX},
    {offsetof(dev_config, device_authorization_endpoint), DEV_URL_MAX},
    {offsetof(dev_config, revocation_endpoint), DEV_URL_MAX},
    {offsetof(dev_config, scope), DEV_SCOPE_MAX},
    {offsetof(dev_config, jwks), DEV_JWKS_MAX},
};
#define TEXT_FIELDS (sizeof(g_text) / sizeof(g_text[0]))

static uint8_t g_record[DEV_CONFIG_RECORD_MAX];
static uint8_t g_work[DEV_CONFIG_RECORD_MAX + EJWT_SEALED_RECORD_OVERHEAD];

/* ----------------------------------------------------------------- encode */

static int put(uint8_t *out, size_t cap, size_t *pos, const void *data, size_t len, size_t max)
{
    if (len > max || len > 0xFFFFu || cap - *pos < FIELD_LEN_SIZE + len) {
        return EJWT_ERR_LIMIT;
    }
    out[(*pos)++] = (uint8_t)(len >> 8);
    out[(*pos)++] = (uint8_t)len;
    if (len > 0u) {
        memcpy(out + *pos, data, len);
    }
    *pos += len;
    return EJWT_OK;
}

static int encode(const dev_config *c, uint8_t *out, size_t cap, size_t *len)
{
    uint8_t reg[EJWT_REGISTRATION_RECORD_MAX];
    size_t reg_len = 0;
    size_t pos = RECORD_HEADER;
    size_t k;
    int err = EJWT_OK;

    out[0] = (uint8_t)RECORD_MAGIC[0];
    out[1] = (uint8_t)RECORD_MAGIC[1];
    out[2] = (uint8_t)RECORD_MAGIC[2];
    out[3] = RECORD_VERSION;
    out[4] = (uint8_t)c->grant;
    if (c->registered) {
        err = ejwt_registration_encode(&c->reg, reg, sizeof(reg), &reg_len);
    }
    for (k = 0; err == EJWT_OK && k < TEXT_FIELDS; k++) {
        const char *text = (const char *)c + g_text[k].off;

        err = put(out, cap, &pos, text, strlen(text), g_text[k].max);
    }
    if (err == EJWT_OK) {
        err = put(out, cap, &pos, reg, reg_len, sizeof(reg));
    }
    memset(reg, 0, sizeof(reg)); /* it held the registration access token */
    *len = pos;
    return err;
}

/* ----------------------------------------------------------------- decode */

/* The next field: a view into \p in, at most \p max bytes. */
static int take(const uint8_t *in, size_t len, size_t *pos, const uint8_t **data, size_t *n,
                size_t max)
{
    if (len - *pos < FIELD_LEN_SIZE) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    *n = ((size_t)in[*pos] << 8) | in[*pos + 1u];
    *pos += FIELD_LEN_SIZE;
    if (*n > max || len - *pos < *n) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    *data = in + *pos;
    *pos += *n;
    return EJWT_OK;
}

/* A text field into \p buf (of \p max + 1 bytes): no NUL inside. */
static int take_str(const uint8_t *in, size_t len, size_t *pos, char *buf, size_t max)
{
    const uint8_t *d = NULL;
    size_t n = 0;
    int err = take(in, len, pos, &d, &n, max);

    if (err != EJWT_OK) {
        return err;
    }
    if (n > 0u && memchr(d, '\0', n) != NULL) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    if (n > 0u) {
        memcpy(buf, d, n);
    }
    buf[n] = '\0';
    return EJWT_OK;
}

static int decode(dev_config *c, const uint8_t *in, size_t len)
{
    const uint8_t *reg = NULL;
    size_t reg_len = 0;
    size_t pos = RECORD_HEADER;
    size_t k;
    int err = EJWT_OK;

    memset(c, 0, sizeof(*c));
    if (len < RECORD_HEADER || memcmp(in, RECORD_MAGIC, 3) != 0 || in[3] != RECORD_VERSION ||
        in[4] > (uint8_t)DEV_GRANT_DEVICE_CODE) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    c->grant = (dev_grant)in[4];
    for (k = 0; err == EJWT_OK && k < TEXT_FIELDS; k++) {
        err = take_str(in, len, &pos, (char *)c + g_text[k].off, g_text[k].max);
    }
    c->jwks_len = strlen(c->jwks);
    if (err == EJWT_OK) {
        err = take(in, len, &pos, &reg, &reg_len, EJWT_REGISTRATION_RECORD_MAX);
    }
    if (err == EJWT_OK && reg_len > 0u) {
        err = ejwt_registration_decode(reg, reg_len, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, &c->reg);
        c->registered = err == EJWT_OK;
    }
    if (err == EJWT_OK && (pos != len || c->client_id[0] == '\0' || c->token_endpoint[0] == '\0' ||
                           c->issuer[0] == '\0')) {
        err = EJWT_ERR_STORAGE_CORRUPT;
    }
    if (err != EJWT_OK) {
        memset(c, 0, sizeof(*c));
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    return EJWT_OK;
}

/* ---------------------------------------------------------------- storage */

int dev_config_save(const dev_config *cfg)
{
    size_t len = 0;
    int err = encode(cfg, g_record, sizeof(g_record), &len);

    if (err == EJWT_OK) {
        err = ejwt_sealed_record_save(DEV_CONFIG_UID, DEV_CONFIG_KIND, g_record, len, g_work,
                                      sizeof(g_work));
    }
    memset(g_record, 0, sizeof(g_record));
    memset(g_work, 0, sizeof(g_work));
    return err;
}

int dev_config_load(dev_config *cfg)
{
    size_t len = 0;
    int err;

    err = ejwt_sealed_record_load(DEV_CONFIG_UID, DEV_CONFIG_KIND, g_record, sizeof(g_record), &len,
                                  g_work, sizeof(g_work));
    if (err == EJWT_OK) {
        err = decode(cfg, g_record, len);
    }
    memset(g_record, 0, sizeof(g_record));
    memset(g_work, 0, sizeof(g_work));
    return err;
}
