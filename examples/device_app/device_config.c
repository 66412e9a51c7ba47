/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example device's provisioned configuration (see device_config.h).
 */
#include "device_config.h"

#include <string.h>

#include <psa/internal_trusted_storage.h>

/* Three strings and a JWK Set of up to EJWT_MAX_JWKS_KEYS keys. */
#define CONFIG_TOKENS 160

static int copy_member(const ejwt_json *doc, const char *name, char *buf, size_t cap)
{
    size_t len;
    int idx = ejwt_json_find(doc, 0, name);

    if (idx < 0) {
        return idx;
    }
    return ejwt_json_string_copy(doc, idx, buf, cap, &len);
}

int dev_config_parse(dev_config *cfg, const char *json, size_t len)
{
    static jsmntok_t tok[CONFIG_TOKENS];
    ejwt_json doc;
    int idx;
    int err;

    memset(cfg, 0, sizeof(*cfg));
    if (len > DEV_CONFIG_MAX) {
        return EJWT_ERR_LIMIT;
    }
    memcpy(cfg->text, json, len);
    cfg->text[len] = '\0';
    cfg->text_len = len;
    err = ejwt_json_parse(cfg->text, len, tok, CONFIG_TOKENS, &doc);
    if (err == EJWT_OK && ejwt_json_type(&doc, 0) != EJWT_JSON_OBJECT) {
        err = EJWT_ERR_JSON_NOT_OBJECT;
    }
    if (err == EJWT_OK) {
        err = copy_member(&doc, "client_id", cfg->client_id, sizeof(cfg->client_id));
    }
    if (err == EJWT_OK) {
        err = copy_member(&doc, "token_endpoint", cfg->token_endpoint, sizeof(cfg->token_endpoint));
    }
    if (err == EJWT_OK) {
        err = copy_member(&doc, "issuer", cfg->issuer, sizeof(cfg->issuer));
    }
    if (err == EJWT_OK) {
        idx = ejwt_json_find(&doc, 0, "jwks");
        if (idx < 0) {
            err = idx;
        } else if (ejwt_json_type(&doc, idx) != EJWT_JSON_OBJECT) {
            err = EJWT_ERR_JSON_TYPE;
        } else {
            cfg->jwks_off = (size_t)tok[idx].start;
            cfg->jwks_len = (size_t)(tok[idx].end - tok[idx].start);
        }
    }
    return err;
}

static int its_error(psa_status_t st)
{
    switch (st) {
    case PSA_SUCCESS:
        return EJWT_OK;
    case PSA_ERROR_DOES_NOT_EXIST:
        return EJWT_ERR_STORAGE_NOT_FOUND;
    case PSA_ERROR_INSUFFICIENT_STORAGE:
        return EJWT_ERR_STORAGE_FULL;
    case PSA_ERROR_DATA_CORRUPT:
    case PSA_ERROR_INVALID_SIGNATURE:
        return EJWT_ERR_STORAGE_CORRUPT;
    default:
        return EJWT_ERR_STORAGE_IO;
    }
}

int dev_config_save(const dev_config *cfg)
{
    return its_error(psa_its_set(DEV_CONFIG_UID, (uint32_t)cfg->text_len, cfg->text, 0));
}

int dev_config_load(dev_config *cfg)
{
    static char text[DEV_CONFIG_MAX];
    size_t len = 0;
    int err = its_error(psa_its_get(DEV_CONFIG_UID, 0, sizeof(text), text, &len));

    if (err != EJWT_OK) {
        return err;
    }
    return dev_config_parse(cfg, text, len);
}
