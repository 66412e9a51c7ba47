/* SPDX-License-Identifier: Apache-2.0 */
/* The configuration `ejwt device provision` stores and every other device
 * command reads: issuer, endpoints from discovery, client id, scope,
 * resource, grant and the SHA-256 of the pinned CA, one sealed record
 * (<ejwt/platform/sealed_record.h>); the RFC 7591 registration answer, with
 * its registration access token, a second one. The CA's PEM is a plain file
 * in the storage folder (it is public); its hash in the record makes a
 * swapped file an error. */
#ifndef EJWT_CLI_DEVICE_CONFIG_H
#define EJWT_CLI_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include <ejwt/auth.h>
#include <ejwt/platform/sealed_record.h>

/* ITS uids and kinds of the two records. */
#define CLI_DEVICE_CONFIG_UID (EJWT_SEALED_RECORD_UID_BASE + 0x100u)
#define CLI_DEVICE_REGISTRATION_UID (EJWT_SEALED_RECORD_UID_BASE + 0x101u)
#define CLI_DEVICE_CONFIG_KIND 0x45434647u       /* "ECFG" */
#define CLI_DEVICE_REGISTRATION_KIND 0x45524547u /* "EREG" */
/* The pinned CA's file in the storage folder. */
#define CLI_DEVICE_CA_FILE "ca.pem"
/* Encoded configuration: header, nine strings with 2-byte lengths, grant,
 * flags, the CA hash. */
#define CLI_DEVICE_CONFIG_RECORD_MAX                                                               \
    (4u + 9u * 2u + 6u * EJWT_DISCOVERY_MAX_URL + EJWT_ASSERTION_MAX_CLIENT_ID +                   \
     2u * EJWT_SESSION_MAX_PARAM + 2u + 32u)
/* Flags of ::cli_device_config. */
#define CLI_DEVICE_CA_PINNED 0x01u  /* ca.pem with ca_sha256; else the system bundle */
#define CLI_DEVICE_REGISTERED 0x02u /* a registration record exists */

typedef struct cli_device_config {
    char issuer[EJWT_DISCOVERY_MAX_URL + 1u];
    char token_endpoint[EJWT_DISCOVERY_MAX_URL + 1u];
    char device_authorization_endpoint[EJWT_DISCOVERY_MAX_URL + 1u]; /* "" if none */
    char revocation_endpoint[EJWT_DISCOVERY_MAX_URL + 1u];           /* "" if none */
    char registration_endpoint[EJWT_DISCOVERY_MAX_URL + 1u];         /* "" if none */
    char jwks_uri[EJWT_DISCOVERY_MAX_URL + 1u];                      /* "" if none */
    char client_id[EJWT_ASSERTION_MAX_CLIENT_ID + 1u];
    char scope[EJWT_SESSION_MAX_PARAM + 1u];    /* "" if none */
    char resource[EJWT_SESSION_MAX_PARAM + 1u]; /* "" if none */
    uint8_t grant;                              /* ejwt_session_grant_type */
    uint8_t flags;                              /* CLI_DEVICE_* */
    uint8_t ca_sha256[32];
} cli_device_config;

/* Encode (binary; exact size in *len). EJWT_OK, EJWT_ERR_BUFFER_TOO_SMALL,
 * EJWT_ERR_INVALID_ARG (a string over its bound). */
int cli_device_config_encode(const cli_device_config *c, uint8_t *out, size_t cap, size_t *len);
/* Decode, every length checked. EJWT_OK or EJWT_ERR_STORAGE_CORRUPT. */
int cli_device_config_decode(const uint8_t *in, size_t len, cli_device_config *c);

/* Seal and store / load and open the configuration record. Load:
 * EJWT_ERR_STORAGE_NOT_FOUND when the device was never provisioned. */
int cli_device_config_save(const cli_device_config *c);
int cli_device_config_load(cli_device_config *c);

/* The registration record (ejwt_registration_encode()), sealed. */
int cli_device_registration_save(const ejwt_registration *reg);

#endif /* EJWT_CLI_DEVICE_CONFIG_H */
