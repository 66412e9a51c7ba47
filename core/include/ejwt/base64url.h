/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file base64url.h
 * \brief Strict base64url (RFC 4648 section 5, no padding) into caller buffers.
 *
 * Decoding is strict, as JWS requires (RFC 7515 section 2): it rejects
 * padding (`=`), whitespace, any character outside `A-Z a-z 0-9 - _`,
 * impossible lengths (len % 4 == 1) and non-canonical encodings whose unused
 * trailing bits are not zero, so every byte string has exactly one accepted
 * encoding.
 */
#ifndef EJWT_BASE64URL_H
#define EJWT_BASE64URL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Encoded length of \p n bytes (no padding, no terminator: the encoders
 *  need one byte more, for the terminator). */
#define EJWT_B64URL_ENCODED_LEN(n) (((n) / 3u) * 4u + (((n) % 3u) == 0u ? 0u : ((n) % 3u) + 1u))

/** Upper bound of the decoded length of \p n characters. */
#define EJWT_B64URL_DECODED_MAX(n) (((n) / 4u) * 3u + (((n) % 4u) == 0u ? 0u : ((n) % 4u) - 1u))

/**
 * Encode \p in into \p out as terminated text (buffer convention: see
 * ejwt.h).
 *
 * \param in       bytes to encode (may be NULL when \p in_len is 0)
 * \param in_len   number of bytes
 * \param out      output buffer; may be NULL when \p out_cap is 0 (size query)
 * \param out_cap  its size: EJWT_B64URL_ENCODED_LEN(in_len) + 1 is the exact fit
 * \param out_len  receives the encoded length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p out_cap too small; \p out holds ""
 * \retval EJWT_ERR_INVALID_ARG      NULL where a pointer is needed
 */
int ejwt_b64url_encode(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                       size_t *out_len);

/**
 * Encode key material in constant time: every 6-bit value goes through the
 * same arithmetic (no table look-up indexed by a secret, no branch on a
 * byte), so time and memory access depend only on \p in_len. Same contract
 * and return values as ejwt_b64url_encode(), which remains the one for
 * public data (it is faster). Checked under valgrind with secrets marked
 * undefined (tests/ctgrind).
 *
 * \param in       secret bytes to encode (may be NULL when \p in_len is 0)
 * \param in_len   number of bytes
 * \param out      output buffer; may be NULL when \p out_cap is 0 (size query)
 * \param out_cap  its size: EJWT_B64URL_ENCODED_LEN(in_len) + 1 is the exact fit
 * \param out_len  receives the encoded length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p out_cap too small; \p out holds ""
 * \retval EJWT_ERR_INVALID_ARG      NULL where a pointer is needed
 */
int ejwt_b64url_encode_ct(const uint8_t *in, size_t in_len, char *out, size_t out_cap,
                          size_t *out_len);

/**
 * Decode strict base64url text into bytes (binary: no terminator; buffer
 * convention: see ejwt.h).
 *
 * \param in       characters (need not be terminated)
 * \param in_len   number of characters
 * \param out      output buffer; may be NULL when \p out_cap is 0 (size query)
 * \param out_cap  its size: the decoded length is the exact fit
 * \param out_len  receives the decoded length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BASE64           not strict base64url; \p out holds nothing usable
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p out_cap too small; nothing written
 * \retval EJWT_ERR_INVALID_ARG      NULL where a pointer is needed
 */
int ejwt_b64url_decode(const char *in, size_t in_len, uint8_t *out, size_t out_cap,
                       size_t *out_len);

/**
 * Decode key material in constant time: every character goes through the
 * same arithmetic (no table look-up indexed by a secret, no branch on a
 * character), so time and memory access depend only on \p in_len. The one
 * bit that does steer control flow is the function's own verdict - valid or
 * not - which the caller learns anyway (and which costs a wipe of \p out on
 * failure). Same strictness and return values as ejwt_b64url_decode().
 * Checked under valgrind with secrets marked undefined (tests/ctgrind).
 *
 * \param in       characters (need not be terminated)
 * \param in_len   number of characters
 * \param out      output buffer; may be NULL when \p out_cap is 0 (size query)
 * \param out_cap  its size: the decoded length is the exact fit
 * \param out_len  receives the decoded length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BASE64           not strict base64url; \p out holds nothing usable
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p out_cap too small; nothing written
 * \retval EJWT_ERR_INVALID_ARG      NULL where a pointer is needed
 */
int ejwt_b64url_decode_ct(const char *in, size_t in_len, uint8_t *out, size_t out_cap,
                          size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_BASE64URL_H */
