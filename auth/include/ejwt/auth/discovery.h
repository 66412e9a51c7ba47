/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file discovery.h
 * \brief Authorization server metadata (RFC 8414) and OpenID Connect
 *        discovery: the well-known URL of an issuer, and the metadata
 *        document parsed into the endpoints and capabilities a device needs.
 *
 * A device provisioned with only an issuer URL and a trust anchor builds the
 * well-known URL with ejwt_discovery_url(), fetches it (the application owns
 * the network), and parses the answer with ejwt_discovery_parse():
 *
 * \code
 * ejwt_discovery_url(issuer, strlen(issuer), EJWT_DISCOVERY_OIDC, url, sizeof(url), &n);
 * status = https_get(url, body, &len);                     // the application's I/O
 * if (status != 200) ...                                   // not found: try the other kind
 * err = ejwt_discovery_parse(body, len, issuer, strlen(issuer), 0, tok, EJWT_DISCOVERY_TOKENS, &md);
 * err = ejwt_discovery_check(&md, EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256);
 * \endcode
 *
 * **Strict.** The document is the core's strict JSON (duplicate member names
 * refused, ::EJWT_ERR_JSON_DUPLICATE) and must be an object. `issuer` must
 * equal the URL it was fetched for byte for byte, after JSON unescaping
 * (RFC 8414 section 3.3, OpenID Connect Discovery section 4.3): otherwise
 * ::EJWT_ERR_METADATA_ISSUER. Every URL kept (the issuer and the endpoints
 * below) must be an absolute `https://` URL with a host, no user
 * information, no fragment (the issuer also no query), only printable ASCII
 * without spaces, and at most ::EJWT_DISCOVERY_MAX_URL bytes; plain
 * `http://` passes only for a loopback host (`127.0.0.1`, `[::1]`,
 * `localhost`) and only with ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP. A bad URL
 * is ::EJWT_ERR_INSECURE_URL; a URL over the bound, a member of the wrong
 * type, a missing required member or a list holding a non-string is
 * ::EJWT_ERR_METADATA_INVALID. Unknown members are ignored.
 *
 * Members read: `issuer` and `token_endpoint` (required: a device without a
 * token endpoint cannot authenticate; RFC 8414 makes it optional only for
 * servers that support the implicit grant alone), `jwks_uri`,
 * `device_authorization_endpoint` (RFC 8628), `registration_endpoint`
 * (RFC 7591), `revocation_endpoint` (RFC 7009), and the lists
 * `token_endpoint_auth_methods_supported`,
 * `token_endpoint_auth_signing_alg_values_supported` and
 * `grant_types_supported`, each reduced to the bits below (values not
 * listed are kept as one "other" bit; `none` in the signing list is refused,
 * as RFC 8414 section 2 requires). Absent lists take the RFC 8414 defaults
 * (`client_secret_basic`; `authorization_code` and `implicit`), and the
 * signing list must be present when `private_key_jwt` or
 * `client_secret_jwt` is listed (RFC 8414 section 2).
 *
 * Zero malloc: the result is a caller struct of fixed size (six URLs of
 * ::EJWT_DISCOVERY_MAX_URL + 1 bytes, about 1.6 KB by default; no interior
 * pointers, so it may be copied or stored), and the JSON tokens are a
 * caller array (16 bytes each on 32-bit targets), so neither needs stack.
 */
#ifndef EJWT_DISCOVERY_H
#define EJWT_DISCOVERY_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"
#include "ejwt/json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** JSON tokens an application should provide to ejwt_discovery_parse().
 *  Glewlwyd 2.7.5's document (a device configuration: token, device, revoke
 *  and register endpoints) takes 137; the rest is room for a server that
 *  lists more algorithms or scopes. */
#ifndef EJWT_DISCOVERY_TOKENS
#define EJWT_DISCOVERY_TOKENS 256
#endif

/** RFC 8414 section 3: the well-known suffix of authorization server metadata. */
#define EJWT_WELL_KNOWN_OAUTH "/.well-known/oauth-authorization-server"
/** OpenID Connect Discovery 1.0 section 4: the well-known suffix. */
#define EJWT_WELL_KNOWN_OIDC "/.well-known/openid-configuration"

/** Which well-known URL ejwt_discovery_url() builds. */
typedef enum ejwt_discovery_kind {
    /** RFC 8414: `/.well-known/oauth-authorization-server` inserted between
     *  the host and the issuer's path (its terminating `/` removed). */
    EJWT_DISCOVERY_OAUTH = 1,
    /** OpenID Connect: `/.well-known/openid-configuration` appended to the
     *  issuer (its terminating `/` removed). */
    EJWT_DISCOVERY_OIDC = 2
} ejwt_discovery_kind;

/** Flag for ejwt_discovery_parse() and ejwt_url_check(): accept `http://`
 *  for a loopback host (tests on loopback may still use https). */
#define EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP 0x1u

/** \name Token endpoint authentication methods (::ejwt_discovery::auth_methods)
 *  @{ */
#define EJWT_AUTH_METHOD_CLIENT_SECRET_BASIC 0x01u /**< `client_secret_basic` */
#define EJWT_AUTH_METHOD_CLIENT_SECRET_POST 0x02u  /**< `client_secret_post` */
#define EJWT_AUTH_METHOD_CLIENT_SECRET_JWT 0x04u   /**< `client_secret_jwt` */
#define EJWT_AUTH_METHOD_PRIVATE_KEY_JWT 0x08u     /**< `private_key_jwt` (RFC 7523) */
#define EJWT_AUTH_METHOD_NONE 0x10u                /**< `none` */
#define EJWT_AUTH_METHOD_TLS_CLIENT_AUTH 0x20u     /**< `tls_client_auth` (RFC 8705) */
#define EJWT_AUTH_METHOD_OTHER 0x80u               /**< any other value */
/** @} */

/** \name Signing algorithms (::ejwt_discovery::auth_signing_algs)
 *  @{ */
#define EJWT_SIGNING_ALG_ES256 0x01u /**< `ES256`, what the device signs with */
#define EJWT_SIGNING_ALG_RS256 0x02u /**< `RS256` */
#define EJWT_SIGNING_ALG_PS256 0x04u /**< `PS256` */
#define EJWT_SIGNING_ALG_EDDSA 0x08u /**< `EdDSA` */
#define EJWT_SIGNING_ALG_HS256 0x10u /**< `HS256` */
#define EJWT_SIGNING_ALG_OTHER 0x80u /**< any other value */
/** @} */

/** \name Grant types (::ejwt_discovery::grant_types)
 *  @{ */
#define EJWT_GRANT_AUTHORIZATION_CODE 0x01u /**< `authorization_code` */
#define EJWT_GRANT_IMPLICIT 0x02u           /**< `implicit` */
#define EJWT_GRANT_CLIENT_CREDENTIALS 0x04u /**< `client_credentials` */
#define EJWT_GRANT_REFRESH_TOKEN 0x08u      /**< `refresh_token` */
#define EJWT_GRANT_DEVICE_CODE 0x10u        /**< `urn:ietf:params:oauth:grant-type:device_code` */
#define EJWT_GRANT_JWT_BEARER 0x20u         /**< `urn:ietf:params:oauth:grant-type:jwt-bearer` */
#define EJWT_GRANT_OTHER 0x80u              /**< any other value */
/** @} */

/** RFC 8628 section 7.2: the grant type of the device code poll. */
#define EJWT_GRANT_TYPE_DEVICE_CODE "urn:ietf:params:oauth:grant-type:device_code"

/** \name What ejwt_discovery_check() can be asked for
 *  @{ */
/** The token endpoint accepts `private_key_jwt` signed with ES256. */
#define EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256 0x01u
/** The RFC 8628 device authorization grant. */
#define EJWT_DISCOVERY_NEED_DEVICE_GRANT 0x02u
/** A registration endpoint (RFC 7591). */
#define EJWT_DISCOVERY_NEED_REGISTRATION 0x04u
/** A revocation endpoint (RFC 7009). */
#define EJWT_DISCOVERY_NEED_REVOCATION 0x08u
/** @} */

/** Authorization server metadata as a device keeps it. Strings are
 *  terminated; an absent endpoint is "". No interior pointers. */
typedef struct ejwt_discovery {
    char issuer[EJWT_DISCOVERY_MAX_URL + 1];                        /**< `issuer` */
    char token_endpoint[EJWT_DISCOVERY_MAX_URL + 1];                /**< `token_endpoint` */
    char jwks_uri[EJWT_DISCOVERY_MAX_URL + 1];                      /**< `jwks_uri`, or "" */
    char device_authorization_endpoint[EJWT_DISCOVERY_MAX_URL + 1]; /**< RFC 8628, or "" */
    char registration_endpoint[EJWT_DISCOVERY_MAX_URL + 1];         /**< RFC 7591, or "" */
    char revocation_endpoint[EJWT_DISCOVERY_MAX_URL + 1];           /**< RFC 7009, or "" */
    uint8_t auth_methods;      /**< EJWT_AUTH_METHOD_* bits of the token endpoint */
    uint8_t auth_signing_algs; /**< EJWT_SIGNING_ALG_* bits for its JWT client auth */
    uint8_t grant_types;       /**< EJWT_GRANT_* bits */
    uint8_t listed;            /**< which lists were present: bit 0 auth methods,
                                    bit 1 signing algorithms, bit 2 grant types */
} ejwt_discovery;

/**
 * Build the well-known metadata URL of \p issuer (text; buffer convention:
 * see ejwt.h).
 *
 * RFC 8414 section 3.1: `https://example.com/issuer1` becomes
 * `https://example.com/.well-known/oauth-authorization-server/issuer1`.
 * OpenID Connect: `https://example.com/issuer1` becomes
 * `https://example.com/issuer1/.well-known/openid-configuration`. In both,
 * a terminating `/` of the issuer is removed first.
 *
 * \param issuer      the issuer URL (need not be terminated); checked as
 *                    ejwt_url_check() does with the issuer rules (no query)
 * \param issuer_len  its length
 * \param kind        ::EJWT_DISCOVERY_OAUTH or ::EJWT_DISCOVERY_OIDC
 * \param flags       ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0
 * \param out         caller buffer (may be NULL with \p cap 0 to measure)
 * \param cap         its size
 * \param out_len     receives the URL's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_INSECURE_URL     \p issuer is not an acceptable issuer URL (\p out holds "")
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out holds "")
 * \retval EJWT_ERR_INVALID_ARG      NULL pointer or unknown \p kind
 */
int ejwt_discovery_url(const char *issuer, size_t issuer_len, ejwt_discovery_kind kind,
                       unsigned flags, char *out, size_t cap, size_t *out_len);

/**
 * Is \p url acceptable as an endpoint (or, with \p is_issuer, as an issuer)?
 * The rules of the file comment: `https://` (or loopback `http://` with
 * ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP), a non-empty host, no user
 * information, no fragment, no query for an issuer, printable ASCII without
 * spaces, at most ::EJWT_DISCOVERY_MAX_URL bytes.
 * \param url        the URL (need not be terminated)
 * \param len        its length
 * \param is_issuer  1 for the issuer rules, 0 for an endpoint
 * \param flags      ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0
 * \retval EJWT_OK
 * \retval EJWT_ERR_INSECURE_URL     not acceptable
 * \retval EJWT_ERR_METADATA_INVALID longer than ::EJWT_DISCOVERY_MAX_URL
 * \retval EJWT_ERR_INVALID_ARG      NULL \p url
 */
int ejwt_url_check(const char *url, size_t len, int is_issuer, unsigned flags);

/**
 * Parse a metadata document (the body of a `200` answer to the well-known
 * URL) for the issuer it was fetched for.
 *
 * \param doc           the document (need not be terminated)
 * \param len           its length
 * \param issuer        the issuer the URL was built from (need not be terminated)
 * \param issuer_len    its length
 * \param flags         ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0
 * \param tok           caller token array (EJWT_DISCOVERY_TOKENS entries suggested)
 * \param tok_cap       its number of entries
 * \param out           receives the metadata; all zero on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_METADATA_ISSUER   `issuer` is not \p issuer
 * \retval EJWT_ERR_INSECURE_URL      a URL kept is not https (or allowed loopback http),
 *                                    or is malformed
 * \retval EJWT_ERR_METADATA_INVALID  a required member is missing, a member read has the
 *                                    wrong type, a URL is over ::EJWT_DISCOVERY_MAX_URL,
 *                                    a list holds a non-string or `none` as an algorithm,
 *                                    or JWT client authentication is listed without the
 *                                    signing list
 * \retval EJWT_ERR_JSON_*            not strict JSON (syntax, string, duplicate, depth,
 *                                    more than \p tok_cap tokens) or not an object
 * \retval EJWT_ERR_INVALID_ARG       NULL pointer
 */
int ejwt_discovery_parse(const char *doc, size_t len, const char *issuer, size_t issuer_len,
                         unsigned flags, jsmntok_t *tok, int tok_cap, ejwt_discovery *out);

/**
 * Does the server support what the device needs?
 *  - ::EJWT_DISCOVERY_NEED_PRIVATE_KEY_JWT_ES256: `private_key_jwt` among the
 *    token endpoint's methods and `ES256` among its signing algorithms;
 *  - ::EJWT_DISCOVERY_NEED_DEVICE_GRANT: a device authorization endpoint,
 *    and the device code grant among the grant types when that list is
 *    present (Glewlwyd lists it; it omits `client_credentials` and
 *    `refresh_token`, which is why those are not checked: a server's list may
 *    be incomplete, so only the device endpoint is evidence);
 *  - ::EJWT_DISCOVERY_NEED_REGISTRATION, ::EJWT_DISCOVERY_NEED_REVOCATION:
 *    the endpoint is present.
 * \param md     metadata from ejwt_discovery_parse()
 * \param needs  EJWT_DISCOVERY_NEED_* bits
 * \retval EJWT_OK                     everything asked for is there
 * \retval EJWT_ERR_SERVER_UNSUPPORTED something asked for is missing
 * \retval EJWT_ERR_INVALID_ARG        NULL \p md
 */
int ejwt_discovery_check(const ejwt_discovery *md, unsigned needs);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_DISCOVERY_H */
