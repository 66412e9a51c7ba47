/* SPDX-License-Identifier: Apache-2.0 */
/*
 * base64url: the normal and the constant-time decoder must agree on every
 * input (result, length, bytes); an accepted text must re-encode to itself
 * (one encoding per byte string); a size query must report what a real
 * decode produces; and encode followed by decode is the identity.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ejwt/base64url.h>
#include <ejwt/error.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t max = EJWT_B64URL_DECODED_MAX(size);
    /* Exactly sized heap buffers, so ASan sees any byte written past them. */
    uint8_t *a = malloc(max + 1u);
    uint8_t *b = malloc(max + 1u);
    char *enc = malloc(EJWT_B64URL_ENCODED_LEN(size) + 1u);
    size_t la = 0, lb = 0, lq = 0, le = 0, small;
    int ra, rb, rq;

    FUZZ_CHECK(a != NULL && b != NULL && enc != NULL);
    memset(b, 0x5A, max + 1u); /* what a failed constant-time decode must wipe */
    ra = ejwt_b64url_decode(text, size, a, max, &la);
    rb = ejwt_b64url_decode_ct(text, size, b, max, &lb);
    FUZZ_CHECK(ra == rb);
    FUZZ_CHECK(ra == EJWT_OK || ra == EJWT_ERR_BASE64);
    rq = ejwt_b64url_decode(text, size, NULL, 0, &lq);
    if (ra == EJWT_OK) {
        FUZZ_CHECK(la == lb && la <= max && memcmp(a, b, la) == 0);
        FUZZ_CHECK(size % 4u != 1u && memchr(text, '=', size) == NULL);
        /* The size query agrees with the real decode. */
        FUZZ_CHECK(rq == (la == 0u ? EJWT_OK : EJWT_ERR_BUFFER_TOO_SMALL) && lq == la);
        /* Canonical: re-encoding gives back exactly the input text. */
        FUZZ_CHECK(ejwt_b64url_encode(a, la, enc, EJWT_B64URL_ENCODED_LEN(size) + 1u, &le) ==
                   EJWT_OK);
        FUZZ_CHECK(le == size && memcmp(enc, text, size) == 0);
        /* One byte too small: both refuse, report the need, write nothing. */
        if (la > 0u) {
            small = la - 1u;
            memset(b, 0x5A, max + 1u);
            lb = 0;
            FUZZ_CHECK(ejwt_b64url_decode_ct(text, size, b, small, &lb) ==
                       EJWT_ERR_BUFFER_TOO_SMALL);
            FUZZ_CHECK(lb == la);
            lb = 0;
            FUZZ_CHECK(ejwt_b64url_decode(text, size, b, small, &lb) == EJWT_ERR_BUFFER_TOO_SMALL);
            FUZZ_CHECK(lb == la);
        }
    } else {
        FUZZ_CHECK(rq == EJWT_ERR_BASE64);
        /* A failed constant-time decode leaves no decoded byte behind: its
         * output is wiped, or untouched when it failed before writing
         * (length % 4 == 1). */
        {
            size_t i, untouched = 0;
            for (i = 0; i < max; i++) {
                untouched += b[i] == 0x5Au;
            }
            FUZZ_CHECK(fuzz_all_zero(b, max) || untouched == max);
        }
    }
    /* Any bytes: encode, then decode with both decoders, is the identity.
     * The encoding is text: without room for its terminator it is too
     * small, reports the size that fits and leaves "". */
    le = 0;
    enc[0] = 'x';
    FUZZ_CHECK(ejwt_b64url_encode(data, size, enc, EJWT_B64URL_ENCODED_LEN(size), &le) ==
               EJWT_ERR_BUFFER_TOO_SMALL);
    FUZZ_CHECK(le == EJWT_B64URL_ENCODED_LEN(size) + 1u);
    FUZZ_CHECK(size == 0u || enc[0] == '\0');
    FUZZ_CHECK(ejwt_b64url_encode(data, size, enc, EJWT_B64URL_ENCODED_LEN(size) + 1u, &le) ==
               EJWT_OK);
    FUZZ_CHECK(le == EJWT_B64URL_ENCODED_LEN(size) && enc[le] == '\0');
    {
        uint8_t *back = malloc(size + 1u);
        size_t lback = 0;
        FUZZ_CHECK(back != NULL);
        FUZZ_CHECK(ejwt_b64url_decode(enc, le, back, size, &lback) == EJWT_OK);
        FUZZ_CHECK(lback == size && memcmp(back, data, size) == 0);
        lback = 0;
        FUZZ_CHECK(ejwt_b64url_decode_ct(enc, le, back, size, &lback) == EJWT_OK);
        FUZZ_CHECK(lback == size && memcmp(back, data, size) == 0);
        free(back);
    }
    free(a);
    free(b);
    free(enc);
    return 0;
}
