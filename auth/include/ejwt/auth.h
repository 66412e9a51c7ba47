/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file auth.h
 * \brief Device authentication, one include: the client assertion and HTTP
 *        date (assertion.h), token requests and responses (oauth.h), the
 *        session over the sealed token store (session.h), and signed
 *        commands with their replay cache (command.h). The wire protocol is
 *        docs/PROTOCOL.md. The library produces and consumes bytes; the
 *        application owns the network.
 */
#ifndef EJWT_AUTH_H
#define EJWT_AUTH_H

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/command.h"
#include "ejwt/auth/oauth.h"
#include "ejwt/auth/session.h"

#endif /* EJWT_AUTH_H */
