/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What provisioning gave the example device, kept sealed in secure storage
 * (ejwt_sealed_record_*: ChaCha20-Poly1305 under the token store's sealing
 * key, an atomic ITS replace per save) and decoded at every boot:
 *
 *  - the factory's choices: the issuer URL, the grant (client_credentials
 *    or the RFC 8628 device grant), the scope;
 *  - what discovery found (RFC 8414 / OpenID Connect): the token, device
 *    authorization and revocation endpoints;
 *  - the client id, given by the factory or assigned by RFC 7591
 *    registration, and the registration itself (ejwt_registration_encode():
 *    its registration access token is a credential, hence the sealing);
 *  - the issuer's JWK Set (jwks_uri) for signed commands, when it has one
 *    the command verifier takes ("" otherwise).
 *
 * The record: "EDC", version 1, the grant byte, then eight fields, each a
 * big-endian 16-bit length and its bytes, in the order of dev_config.
 */
#ifndef EJWT_EXAMPLE_DEVICE_CONFIG_H
#define EJWT_EXAMPLE_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/registration.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform/sealed_record.h"

/* Longest client id, URL and scope kept, without terminator. */
#define DEV_CLIENT_ID_MAX EJWT_REGISTRATION_MAX_CLIENT_ID
#define DEV_URL_MAX EJWT_DISCOVERY_MAX_URL
#define DEV_SCOPE_MAX 128
/* Largest JWK Set kept for signed commands. */
#define DEV_JWKS_MAX 1536

/* Largest record: header, grant, eight 2-byte lengths and the fields. */
#define DEV_CONFIG_RECORD_MAX                                                                      \
    (4u + 1u + 16u + 4u * DEV_URL_MAX + DEV_CLIENT_ID_MAX + DEV_SCOPE_MAX + DEV_JWKS_MAX +         \
     EJWT_REGISTRATION_RECORD_MAX)

/* Secure storage uid (the first of the range for applications' sealed
 * records) and record kind of the configuration. */
#define DEV_CONFIG_UID EJWT_SEALED_RECORD_UID_BASE
#define DEV_CONFIG_KIND 0x45444331u /* "EDC1" */

typedef enum dev_grant {
    DEV_GRANT_CLIENT_CREDENTIALS = 0, /* RFC 6749 section 4.4 with the client assertion */
    DEV_GRANT_DEVICE_CODE = 1         /* RFC 8628: a person approves on another device */
} dev_grant;

typedef struct dev_config {
    dev_grant grant;
    char issuer[DEV_URL_MAX + 1];
    char client_id[DEV_CLIENT_ID_MAX + 1];
    char token_endpoint[DEV_URL_MAX + 1];
    char device_authorization_endpoint[DEV_URL_MAX + 1]; /* "" unless the device grant */
    char revocation_endpoint[DEV_URL_MAX + 1];           /* "" when the server has none */
    char scope[DEV_SCOPE_MAX + 1];                       /* "" for none */
    char jwks[DEV_JWKS_MAX + 1];                         /* "" when no commands are verified */
    size_t jwks_len;
    int registered; /* 1: reg holds the RFC 7591 registration */
    ejwt_registration reg;
} dev_config;

/* Store \p cfg sealed (an atomic replace). EJWT_OK, EJWT_ERR_LIMIT (a field
 * over its bound) or the sealed record's error. */
int dev_config_save(const dev_config *cfg);

/* Load, unseal and decode the stored configuration.
 * EJWT_ERR_STORAGE_NOT_FOUND: never provisioned; EJWT_ERR_SEALED_INVALID: it
 * does not open (damaged, moved, another device's); EJWT_ERR_STORAGE_CORRUPT:
 * it opens but does not decode; or the sealed record's error. */
int dev_config_load(dev_config *cfg);

#endif /* EJWT_EXAMPLE_DEVICE_CONFIG_H */
