/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file device_config.h
 * \brief The device's provisioned configuration as one sealed record: the
 *        issuer and its endpoints (from discovery), the client id, scope,
 *        resource and grant, an optional pinned trust anchor (its SHA-256)
 *        and the RFC 7591 registration with its registration access token.
 *
 * Provisioning fills an ::ejwt_device_config (ejwt_device_config_from_metadata()
 * copies what ejwt_discovery_parse() found), ejwt_device_config_save() seals
 * it under ::EJWT_DEVICE_CONFIG_UID (<ejwt/platform/sealed_record.h>:
 * ChaCha20-Poly1305 under the token store's sealing key, an atomic ITS
 * replace per save), and every boot ejwt_device_config_load() opens it and
 * ejwt_device_config_session() turns it into the session's configuration.
 *
 * **Record** (ejwt_device_config_encode(), at most
 * ::EJWT_DEVICE_CONFIG_RECORD_MAX bytes): `"EDV"`, version 1, the grant
 * byte, a flags byte (bit 0 trust anchor pinned, bit 1 registered), the
 * nine strings (issuer, token, device authorization, revocation and
 * registration endpoints, jwks_uri, client id, scope, resource) each as a
 * big-endian 16-bit length and its bytes, the 32-byte trust-anchor hash,
 * then, when registered, the registration record (ejwt_registration_encode())
 * with a 16-bit length. Decoding checks every length and bound again.
 *
 * Zero malloc and no static buffers: the caller gives the work buffer
 * (::EJWT_DEVICE_CONFIG_WORK_SIZE always suffices).
 */
#ifndef EJWT_DEVICE_CONFIG_H
#define EJWT_DEVICE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/discovery.h"
#include "ejwt/auth/registration.h"
#include "ejwt/auth/session.h"
#include "ejwt/error.h"
#include "ejwt/platform/sealed_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Secure storage uid of the configuration record (in the range of
 *  applications' sealed records). */
#define EJWT_DEVICE_CONFIG_UID (EJWT_SEALED_RECORD_UID_BASE + 0x100u)
/** Sealed record kind of the configuration ("EDV1"). */
#define EJWT_DEVICE_CONFIG_KIND 0x45445631u
/** Bytes of the trust anchor's SHA-256. */
#define EJWT_DEVICE_CONFIG_CA_HASH_SIZE 32u
/** Number of string fields in the record. */
#define EJWT_DEVICE_CONFIG_STRINGS 9u

/** Largest record ejwt_device_config_encode() writes: a 4-byte header, the
 *  grant and flags bytes, nine 2-byte lengths and the strings at their
 *  bounds, the trust-anchor hash, a 2-byte length and the registration. */
#define EJWT_DEVICE_CONFIG_RECORD_MAX                                                              \
    (4u + 2u + EJWT_DEVICE_CONFIG_STRINGS * 2u + 6u * EJWT_DISCOVERY_MAX_URL +                     \
     EJWT_ASSERTION_MAX_CLIENT_ID + 2u * EJWT_SESSION_MAX_PARAM +                                  \
     EJWT_DEVICE_CONFIG_CA_HASH_SIZE + 2u + EJWT_REGISTRATION_RECORD_MAX)

/** Work buffer ejwt_device_config_save() and ejwt_device_config_load()
 *  always accept: one half holds the plain record, the other the sealed
 *  one (the record plus ::EJWT_SEALED_RECORD_OVERHEAD). */
#define EJWT_DEVICE_CONFIG_WORK_SIZE                                                               \
    (2u * EJWT_DEVICE_CONFIG_RECORD_MAX + EJWT_SEALED_RECORD_OVERHEAD)

/** The provisioned configuration. Strings are terminated; an absent one is
 *  "". No pointers. */
typedef struct ejwt_device_config {
    char issuer[EJWT_DISCOVERY_MAX_URL + 1u];         /**< issuer URL (required) */
    char token_endpoint[EJWT_DISCOVERY_MAX_URL + 1u]; /**< token endpoint (required) */
    char device_authorization_endpoint[EJWT_DISCOVERY_MAX_URL + 1u]; /**< RFC 8628, or "" */
    char revocation_endpoint[EJWT_DISCOVERY_MAX_URL + 1u];           /**< RFC 7009, or "" */
    char registration_endpoint[EJWT_DISCOVERY_MAX_URL + 1u];         /**< RFC 7591, or "" */
    char jwks_uri[EJWT_DISCOVERY_MAX_URL + 1u];        /**< the issuer's JWK Set, or "" */
    char client_id[EJWT_ASSERTION_MAX_CLIENT_ID + 1u]; /**< client id (required) */
    char scope[EJWT_SESSION_MAX_PARAM + 1u];           /**< `scope`, or "" */
    char resource[EJWT_SESSION_MAX_PARAM + 1u];        /**< RFC 8707 `resource`, or "" */
    ejwt_session_grant_type grant;                     /**< how a session starts */
    int ca_pinned; /**< 1: the TLS trust anchor is pinned to ejwt_device_config::ca_sha256 */
    uint8_t ca_sha256[EJWT_DEVICE_CONFIG_CA_HASH_SIZE]; /**< SHA-256 of the trust anchor */
    int registered;        /**< 1: ejwt_device_config::reg holds the RFC 7591 registration */
    ejwt_registration reg; /**< the registration (a credential: sealed only) */
} ejwt_device_config;

/**
 * Copy the issuer and the endpoints (token, device authorization,
 * revocation, registration, jwks_uri) from discovery's result; the other
 * fields are left as they are.
 * \param cfg  the configuration to fill
 * \param md   the metadata from ejwt_discovery_parse()
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG NULL pointer, or \p md has an unterminated string
 */
int ejwt_device_config_from_metadata(ejwt_device_config *cfg, const ejwt_discovery *md);

/**
 * Fill the fields of a session configuration the device configuration
 * gives: client_id, token_endpoint, grant_type,
 * device_authorization_endpoint, revocation_endpoint, scope and resource
 * (an empty string becomes NULL). The other fields of \p out are left as
 * they are; \p out points into \p c, which must outlive the session.
 * \param c    the configuration
 * \param out  the session configuration to fill
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG NULL pointer
 */
int ejwt_device_config_session(const ejwt_device_config *c, ejwt_session_config *out);

/**
 * Encode \p c as a record (binary; buffer convention: see ejwt.h).
 * \param c        the configuration
 * \param out      caller buffer
 * \param cap      its size (::EJWT_DEVICE_CONFIG_RECORD_MAX always suffices)
 * \param out_len  receives the record's length (0 on failure)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out wiped)
 * \retval EJWT_ERR_INVALID_ARG      NULL pointer, an unterminated string, an
 *                                   empty issuer, token endpoint or client id,
 *                                   a grant out of range, or a registration
 *                                   ejwt_registration_encode() refuses
 */
int ejwt_device_config_encode(const ejwt_device_config *c, uint8_t *out, size_t cap,
                              size_t *out_len);

/**
 * Decode a record of ejwt_device_config_encode(), every length and bound
 * checked.
 * \param in     the record
 * \param len    its length
 * \param flags  ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0 (for the
 *               registration's URL, see ejwt_registration_decode())
 * \param c      receives the configuration; all zero on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_CORRUPT not such a record, or a field out of bounds
 * \retval EJWT_ERR_INVALID_ARG     NULL pointer
 */
int ejwt_device_config_decode(const uint8_t *in, size_t len, unsigned flags, ejwt_device_config *c);

/**
 * Encode and seal \p c under ::EJWT_DEVICE_CONFIG_UID (an atomic replace).
 * \param c         the configuration
 * \param work      work buffer, wiped on return
 * \param work_cap  its size (::EJWT_DEVICE_CONFIG_WORK_SIZE always suffices)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p work_cap too small
 * \retval EJWT_ERR_INVALID_ARG      as ejwt_device_config_encode()
 * \return or the error of ejwt_sealed_record_save()
 */
int ejwt_device_config_save(const ejwt_device_config *c, uint8_t *work, size_t work_cap);

/**
 * Load, open and decode the configuration.
 * \param c         receives the configuration; all zero on failure
 * \param flags     as for ejwt_device_config_decode()
 * \param work      work buffer, wiped on return
 * \param work_cap  its size (::EJWT_DEVICE_CONFIG_WORK_SIZE always suffices)
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_NOT_FOUND never provisioned
 * \retval EJWT_ERR_STORAGE_CORRUPT   it opens but does not decode
 * \retval EJWT_ERR_BUFFER_TOO_SMALL  \p work_cap too small
 * \retval EJWT_ERR_INVALID_ARG       NULL pointer
 * \return or the error of ejwt_sealed_record_load() (::EJWT_ERR_SEALED_INVALID:
 *         it does not open)
 */
int ejwt_device_config_load(ejwt_device_config *c, unsigned flags, uint8_t *work, size_t work_cap);

/**
 * Remove the stored configuration (absent counts as removed).
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_IO removing failed
 */
int ejwt_device_config_remove(void);

#ifdef __cplusplus
}
#endif

#endif /* EJWT_DEVICE_CONFIG_H */
