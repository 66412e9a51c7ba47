/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What provisioning gave the example device, kept sealed in secure storage
 * (ejwt_sealed_record_*: ChaCha20-Poly1305 under the token store's sealing
 * key, an atomic ITS replace per save) and opened at every boot:
 *
 *  - the configuration, the library's ejwt_device_config
 *    (<ejwt/auth/device_config.h>): the issuer, the endpoints discovery
 *    found, the client id (the factory's or the RFC 7591 registration's),
 *    the grant, the scope, and the registration with its registration
 *    access token;
 *  - the issuer's JWK Set (jwks_uri) for signed commands, when it has one
 *    the command verifier takes: the example's own sealed record, the
 *    JSON bytes as they were fetched at provisioning (not fetched again at
 *    boot: the device verifies commands with the keys it was provisioned
 *    with).
 */
#ifndef EJWT_EXAMPLE_DEVICE_CONFIG_H
#define EJWT_EXAMPLE_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/device_config.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform/sealed_record.h"

/* Longest client id and URL kept, without terminator. */
#define DEV_CLIENT_ID_MAX EJWT_ASSERTION_MAX_CLIENT_ID
#define DEV_URL_MAX EJWT_DISCOVERY_MAX_URL
/* Largest JWK Set kept for signed commands. */
#define DEV_JWKS_MAX 1536u

/* Secure storage uid and record kind of the JWK Set (beside the library's
 * EJWT_DEVICE_CONFIG_UID, in the range for applications' sealed records). */
#define DEV_JWKS_UID (EJWT_SEALED_RECORD_UID_BASE + 0x200u)
#define DEV_JWKS_KIND 0x454A4B31u /* "EJK1" */

/* The factory's grant, as the session names it. */
typedef enum dev_grant {
    /* RFC 6749 section 4.4 with the client assertion */
    DEV_GRANT_CLIENT_CREDENTIALS = EJWT_SESSION_USE_CLIENT_CREDENTIALS,
    /* RFC 8628: a person approves on another device */
    DEV_GRANT_DEVICE_CODE = EJWT_SESSION_USE_DEVICE_CODE
} dev_grant;

/* Store \p cfg sealed. EJWT_OK or ejwt_device_config_save()'s error. */
int dev_config_save(const ejwt_device_config *cfg);

/* Load the stored configuration: ejwt_device_config_load()'s results
 * (EJWT_ERR_STORAGE_NOT_FOUND: never provisioned). */
int dev_config_load(ejwt_device_config *cfg);

/* Store the JWK Set \p jwks (\p len bytes, 0: none, the record removed). */
int dev_jwks_save(const char *jwks, size_t len);

/* Load the JWK Set into \p jwks (DEV_JWKS_MAX + 1 bytes, terminated);
 * *len 0 when none was kept. EJWT_OK or the sealed record's error. */
int dev_jwks_load(char *jwks, size_t *len);

#endif /* EJWT_EXAMPLE_DEVICE_CONFIG_H */
