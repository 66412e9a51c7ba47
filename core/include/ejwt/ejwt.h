/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file ejwt.h
 * \brief ejwt: JSON Web Tokens for microcontrollers. Include this one header.
 *
 * Start with jwt.h (verify and build tokens), key.h (keys are PSA key ids)
 * and jwk.h (import key sets). Every function returns an ::ejwt_err code.
 *
 * \par Buffer convention
 * Every output buffer of the public API (core, platform and auth headers)
 * is the PSA triple `(buf, size, &length)`: `size` is what the caller has
 * (in elements for an array of keys), `length` receives what was produced.
 *  - Text (tokens, JWKs, form bodies, copied strings, base64url) is always
 *    terminated when `size` > 0. On success `length` counts the characters
 *    without the terminator, which is at `buf[length]`; so the exact fit is
 *    `size` == text length + 1, and `size` == text length is too small.
 *    On failure the buffer holds "" (or is wiped, where the function says so);
 *    only a caller bug caught as ::EJWT_ERR_INVALID_ARG (a NULL pointer, a
 *    builder finished twice) may leave it as it was.
 *  - Binary output (decoded bytes, raw keys, signatures, stored values, the
 *    verifier's work buffer, key arrays) has no terminator: the exact fit is
 *    `size` == `length`.
 *  - On ::EJWT_ERR_BUFFER_TOO_SMALL, `length` is the buffer size that would
 *    have sufficed, i.e. the `size` to pass on the retry; for text that
 *    includes the terminator (the text's length + 1). It is exact unless the
 *    function says it is an upper bound. On any other failure `length` is 0.
 *  - Where a function allows a NULL buffer with `size` 0, that is a size
 *    query: it answers ::EJWT_ERR_BUFFER_TOO_SMALL with the size needed (or
 *    ::EJWT_OK for an empty binary output).
 * Each function's documentation refers here ("buffer convention: see
 * ejwt.h") and says what its buffer holds after a too-small report.
 * Fixed-size outputs (`char out[EJWT_THUMBPRINT_LEN + 1]`, `uint8_t out[32]`)
 * are not triples: their size is the type's.
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
#include "version.h"

#endif /* EJWT_EJWT_H */
