/* SPDX-License-Identifier: Apache-2.0 */
/* The device's provisioned configuration as one sealed record (see
 * device_config.h). */
#include "ejwt/auth/device_config.h"

#include <string.h>

/* The largest record must fit a sealed record. */
typedef char
    ejwt_device_config_fits[(EJWT_DEVICE_CONFIG_RECORD_MAX <= EJWT_SEALED_RECORD_MAX) ? 1 : -1];

#define RECORD_MAGIC_LEN 3u
#define RECORD_VERSION 1u
#define RECORD_HEADER 6u /* magic, version, grant, flags */
#define LEN_SIZE 2u
#define FLAG_PINNED 0x01u
#define FLAG_REGISTERED 0x02u

/* The record's magic, "EDV". */
static const uint8_t g_magic[RECORD_MAGIC_LEN] = {0x45u, 0x44u, 0x56u};

/* The string fields in record order, with their bounds. */
typedef struct text_field {
    size_t off;
    size_t max;
} text_field;

static const text_field g_fields[EJWT_DEVICE_CONFIG_STRINGS] = {
    {offsetof(ejwt_device_config, issuer), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, token_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, device_authorization_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, revocation_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, registration_endpoint), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, jwks_uri), EJWT_DISCOVERY_MAX_URL},
    {offsetof(ejwt_device_config, client_id), EJWT_ASSERTION_MAX_CLIENT_ID},
    {offsetof(ejwt_device_config, scope), EJWT_SESSION_MAX_PARAM},
    {offsetof(ejwt_device_config, resource), EJWT_SESSION_MAX_PARAM},
};

/* Length of the terminated \p s of at most \p max bytes; max + 1 when
 * longer or unterminated within max + 1 bytes. */
static size_t text_len(const char *s, size_t max)
{
    const char *end = memchr(s, '\0', max + 1u);

    return end != NULL ? (size_t)(end - s) : max + 1u;
}

/* Copy terminated \p src into \p dst of \p max + 1 bytes. */
static int copy_url(char *dst, const char *src, size_t max)
{
    size_t n = text_len(src, max);

    if (n > max) {
        return EJWT_ERR_INVALID_ARG;
    }
    memcpy(dst, src, n + 1u); /* with its terminator */
    return EJWT_OK;
}

int ejwt_device_config_from_metadata(ejwt_device_config *cfg, const ejwt_discovery *md)
{
    int err;

    if (cfg == NULL || md == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    err = copy_url(cfg->issuer, md->issuer, EJWT_DISCOVERY_MAX_URL);
    if (err == EJWT_OK) {
        err = copy_url(cfg->token_endpoint, md->token_endpoint, EJWT_DISCOVERY_MAX_URL);
    }
    if (err == EJWT_OK) {
        err = copy_url(cfg->device_authorization_endpoint, md->device_authorization_endpoint,
                       EJWT_DISCOVERY_MAX_URL);
    }
    if (err == EJWT_OK) {
        err = copy_url(cfg->revocation_endpoint, md->revocation_endpoint, EJWT_DISCOVERY_MAX_URL);
    }
    if (err == EJWT_OK) {
        err =
            copy_url(cfg->registration_endpoint, md->registration_endpoint, EJWT_DISCOVERY_MAX_URL);
    }
    if (err == EJWT_OK) {
        err = copy_url(cfg->jwks_uri, md->jwks_uri, EJWT_DISCOVERY_MAX_URL);
    }
    return err;
}

/* \p s, or NULL when it is empty. */
static const char *or_null(const char *s)
{
    return s[0] != '\0' ? s : NULL;
}

int ejwt_device_config_session(const ejwt_device_config *c, ejwt_session_config *out)
{
    if (c == NULL || out == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    out->client_id = c->client_id;
    out->token_endpoint = c->token_endpoint;
    out->grant_type = c->grant;
    out->device_authorization_endpoint = or_null(c->device_authorization_endpoint);
    out->revocation_endpoint = or_null(c->revocation_endpoint);
    out->scope = or_null(c->scope);
    out->resource = or_null(c->resource);
    return EJWT_OK;
}

/* A 16-bit length and \p n bytes at out[*pos]; the caller checked room. */
static void put_field(uint8_t *out, size_t *pos, const void *data, size_t n)
{
    out[(*pos)++] = (uint8_t)(n >> 8);
    out[(*pos)++] = (uint8_t)n;
    if (n > 0u) {
        memcpy(out + *pos, data, n);
    }
    *pos += n;
}

int ejwt_device_config_encode(const ejwt_device_config *c, uint8_t *out, size_t cap,
                              size_t *out_len)
{
    const char *base = (const char *)c;
    size_t pos = RECORD_HEADER;
    size_t reg_len = 0;
    size_t k;
    int err = EJWT_OK;

    if (out_len != NULL) {
        *out_len = 0;
    }
    if (c == NULL || out == NULL || out_len == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (c->issuer[0] == '\0' || c->token_endpoint[0] == '\0' || c->client_id[0] == '\0' ||
        (c->grant != EJWT_SESSION_USE_CLIENT_CREDENTIALS &&
         c->grant != EJWT_SESSION_USE_DEVICE_CODE)) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (cap < RECORD_HEADER) {
        memset(out, 0, cap);
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, g_magic, RECORD_MAGIC_LEN);
    out[3] = RECORD_VERSION;
    out[4] = (uint8_t)c->grant;
    out[5] = (uint8_t)((c->ca_pinned ? FLAG_PINNED : 0u) | (c->registered ? FLAG_REGISTERED : 0u));
    for (k = 0; err == EJWT_OK && k < EJWT_DEVICE_CONFIG_STRINGS; k++) {
        const char *s = base + g_fields[k].off;
        size_t n = text_len(s, g_fields[k].max);

        if (n > g_fields[k].max) {
            err = EJWT_ERR_INVALID_ARG;
        } else if (cap - pos < LEN_SIZE + n) {
            err = EJWT_ERR_BUFFER_TOO_SMALL;
        } else {
            put_field(out, &pos, s, n);
        }
    }
    if (err == EJWT_OK && cap - pos < EJWT_DEVICE_CONFIG_CA_HASH_SIZE) {
        err = EJWT_ERR_BUFFER_TOO_SMALL;
    }
    if (err == EJWT_OK) {
        memcpy(out + pos, c->ca_sha256, EJWT_DEVICE_CONFIG_CA_HASH_SIZE);
        pos += EJWT_DEVICE_CONFIG_CA_HASH_SIZE;
    }
    if (err == EJWT_OK && c->registered) {
        if (cap - pos < LEN_SIZE) {
            err = EJWT_ERR_BUFFER_TOO_SMALL;
        } else {
            err = ejwt_registration_encode(&c->reg, out + pos + LEN_SIZE, cap - pos - LEN_SIZE,
                                           &reg_len);
        }
        if (err == EJWT_OK) {
            out[pos] = (uint8_t)(reg_len >> 8);
            out[pos + 1u] = (uint8_t)reg_len;
            pos += LEN_SIZE + reg_len;
        }
    }
    if (err != EJWT_OK) {
        memset(out, 0, cap);
        return err;
    }
    *out_len = pos;
    return EJWT_OK;
}

/* The next 16-bit length at in[*pos] and that many bytes, at most \p max. */
static int take_field(const uint8_t *in, size_t len, size_t *pos, size_t max, size_t *n)
{
    if (len - *pos < LEN_SIZE) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    *n = ((size_t)in[*pos] << 8) | in[*pos + 1u];
    *pos += LEN_SIZE;
    if (*n > max || len - *pos < *n) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    return EJWT_OK;
}

static int decode(const uint8_t *in, size_t len, unsigned flags, ejwt_device_config *c)
{
    char *base = (char *)c;
    size_t pos = RECORD_HEADER;
    size_t n = 0;
    size_t k;
    int err = EJWT_OK;

    if (len < RECORD_HEADER || memcmp(in, g_magic, RECORD_MAGIC_LEN) != 0 ||
        in[3] != RECORD_VERSION || in[4] > (uint8_t)EJWT_SESSION_USE_DEVICE_CODE ||
        (in[5] & ~(FLAG_PINNED | FLAG_REGISTERED)) != 0u) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    c->grant = (ejwt_session_grant_type)in[4];
    c->ca_pinned = (in[5] & FLAG_PINNED) != 0u;
    c->registered = (in[5] & FLAG_REGISTERED) != 0u;
    for (k = 0; err == EJWT_OK && k < EJWT_DEVICE_CONFIG_STRINGS; k++) {
        err = take_field(in, len, &pos, g_fields[k].max, &n);
        if (err == EJWT_OK && n > 0u && memchr(in + pos, '\0', n) != NULL) {
            err = EJWT_ERR_STORAGE_CORRUPT;
        }
        if (err == EJWT_OK) {
            memcpy(base + g_fields[k].off, in + pos, n);
            base[g_fields[k].off + n] = '\0';
            pos += n;
        }
    }
    if (err != EJWT_OK || len - pos < EJWT_DEVICE_CONFIG_CA_HASH_SIZE) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    memcpy(c->ca_sha256, in + pos, EJWT_DEVICE_CONFIG_CA_HASH_SIZE);
    pos += EJWT_DEVICE_CONFIG_CA_HASH_SIZE;
    if (c->registered) {
        err = take_field(in, len, &pos, EJWT_REGISTRATION_RECORD_MAX, &n);
        if (err == EJWT_OK && ejwt_registration_decode(in + pos, n, flags, &c->reg) != EJWT_OK) {
            err = EJWT_ERR_STORAGE_CORRUPT;
        }
        pos += n;
    }
    if (err != EJWT_OK || pos != len || c->issuer[0] == '\0' || c->token_endpoint[0] == '\0' ||
        c->client_id[0] == '\0') {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    return EJWT_OK;
}

int ejwt_device_config_decode(const uint8_t *in, size_t len, unsigned flags, ejwt_device_config *c)
{
    int err;

    if (c == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    memset(c, 0, sizeof(*c));
    if (in == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    err = decode(in, len, flags, c);
    if (err != EJWT_OK) {
        memset(c, 0, sizeof(*c));
    }
    return err;
}

/* The plain half of the work buffer (the record), the rest for sealing. */
static size_t plain_half(size_t work_cap)
{
    return work_cap < EJWT_DEVICE_CONFIG_WORK_SIZE ? 0u : EJWT_DEVICE_CONFIG_RECORD_MAX;
}

int ejwt_device_config_save(const ejwt_device_config *c, uint8_t *work, size_t work_cap)
{
    size_t half = plain_half(work_cap);
    size_t len = 0;
    int err;

    if (c == NULL || work == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (half == 0u) {
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_device_config_encode(c, work, half, &len);
    if (err == EJWT_OK) {
        err = ejwt_sealed_record_save(EJWT_DEVICE_CONFIG_UID, EJWT_DEVICE_CONFIG_KIND, work, len,
                                      work + half, work_cap - half);
    }
    memset(work, 0, work_cap);
    return err;
}

int ejwt_device_config_load(ejwt_device_config *c, unsigned flags, uint8_t *work, size_t work_cap)
{
    size_t half = plain_half(work_cap);
    size_t len = 0;
    int err;

    if (c == NULL || work == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    memset(c, 0, sizeof(*c));
    if (half == 0u) {
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    err = ejwt_sealed_record_load(EJWT_DEVICE_CONFIG_UID, EJWT_DEVICE_CONFIG_KIND, work, half, &len,
                                  work + half, work_cap - half);
    if (err == EJWT_OK) {
        err = ejwt_device_config_decode(work, len, flags, c);
    }
    memset(work, 0, work_cap);
    return err;
}

int ejwt_device_config_remove(void)
{
    return ejwt_sealed_record_remove(EJWT_DEVICE_CONFIG_UID);
}
