/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private base64url step for the core's own writers (the token builder,
 * the JWK export, the thumbprint), which encode into the middle of a larger
 * text they terminate themselves. The public encoders always terminate
 * (buffer convention, ejwt.h), so they cannot serve here.
 */
#ifndef EJWT_BASE64URL_INTERNAL_H
#define EJWT_BASE64URL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Encode \p in_len bytes of \p in (the table encoder: public data only) as
 * exactly EJWT_B64URL_ENCODED_LEN(in_len) characters at \p out, which the
 * caller has checked has that room. Writes no terminator, checks nothing.
 * Returns the number of characters written.
 */
size_t ejwt_b64url_encode_chars(const uint8_t *in, size_t in_len, char *out);

#endif /* EJWT_BASE64URL_INTERNAL_H */
