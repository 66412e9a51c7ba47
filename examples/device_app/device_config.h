/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What provisioning gave the example device: the backend's registration
 * answer (docs/PROTOCOL.md: client id, token endpoint, issuer, JWK Set),
 * kept verbatim in secure storage (PSA ITS) and parsed at every boot.
 */
#ifndef EJWT_EXAMPLE_DEVICE_CONFIG_H
#define EJWT_EXAMPLE_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt.h"

/** Longest client id, token endpoint URL and issuer, without terminator. */
#define DEV_CLIENT_ID_MAX 64
#define DEV_URL_MAX 160
/** Largest stored registration answer. */
#define DEV_CONFIG_MAX 2048

/** ITS uid of the configuration, beside the token store's uids. */
#define DEV_CONFIG_UID (UINT64_C(0x454A575400000000) + 0x100u)

typedef struct dev_config {
    char text[DEV_CONFIG_MAX + 1]; /**< the registration answer (JSON), terminated */
    size_t text_len;
    char client_id[DEV_CLIENT_ID_MAX + 1];
    char token_endpoint[DEV_URL_MAX + 1];
    char issuer[DEV_URL_MAX + 1];
    size_t jwks_off; /**< the `jwks` object: a slice of text */
    size_t jwks_len;
} dev_config;

/** Parse a registration answer into \p cfg (copied into cfg->text).
 *  \retval EJWT_OK, EJWT_ERR_LIMIT (too long) or an EJWT_ERR_JSON_* */
int dev_config_parse(dev_config *cfg, const char *json, size_t len);

/** Store cfg->text in secure storage (an atomic replace). */
int dev_config_save(const dev_config *cfg);

/** Load and parse the stored configuration.
 *  \retval EJWT_ERR_STORAGE_NOT_FOUND  never provisioned */
int dev_config_load(dev_config *cfg);

#endif /* EJWT_EXAMPLE_DEVICE_CONFIG_H */
