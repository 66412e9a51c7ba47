/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file auth.h
 * \brief Device authentication, one include: the client assertion and HTTP
 *        date (assertion.h), token requests and responses (oauth.h), the
 *        session over the sealed token store (session.h), the device
 *        authorization response (device_authorization.h), signed
 *        commands with their replay cache (command.h), server metadata
 *        (discovery.h), dynamic registration (registration.h), revocation
 *        (revocation.h), the sealed device configuration (device_config.h),
 *        the issuer's JWK Set across key rotations (jwks_cache.h), what to
 *        do after each answer (retry.h), and the resource server's check of
 *        an RFC 9068 JWT access token (access_token.h). The wire protocol is
 *        docs/PROTOCOL.md. The library produces and consumes bytes; the
 *        application owns the network.
 */
#ifndef EJWT_AUTH_H
#define EJWT_AUTH_H

#include "ejwt/auth/access_token.h"
#include "ejwt/auth/assertion.h"
#include "ejwt/auth/command.h"
#include "ejwt/auth/device_authorization.h"
#include "ejwt/auth/device_config.h"
#include "ejwt/auth/discovery.h"
#include "ejwt/auth/jwks_cache.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/registration.h"
#include "ejwt/auth/retry.h"
#include "ejwt/auth/revocation.h"
#include "ejwt/auth/session.h"

#endif /* EJWT_AUTH_H */
