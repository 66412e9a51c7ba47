/**
 * \file ejwt.h
 * \brief ejwt: JSON Web Tokens for microcontrollers. Include this one header.
 *
 * Start with jwt.h (verify and build tokens), key.h (keys are PSA key ids)
 * and jwk.h (import key sets). Every function returns an ::ejwt_err code.
 */
#ifndef EJWT_EJWT_H
#define EJWT_EJWT_H

#include "ejwt_config.h"
#include "error.h"
#include "base64url.h"
#include "json.h"
#include "key.h"
#include "jws.h"
#include "jwt.h"
#include "jwk.h"

#endif /* EJWT_EJWT_H */
