/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A key's public members for its JWK and thumbprint, and the piece writer.
 */
#include "jwk_public.h"

#include <string.h>

#include "crypto.h"
#include "ejwt/base64url.h"
#include "ejwt/error.h"
#include "base64url_internal.h"

/* The JWK curve name of an ECDSA algorithm's curve. */
static const char *curve_name(ejwt_alg alg)
{
    return alg == EJWT_ALG_ES384 ? "P-384" : alg == EJWT_ALG_ES512 ? "P-521" : "P-256";
}

int ejwt_jwk_public_of(const ejwt_key *key, uint8_t *buf, size_t cap, ejwt_jwk_public *out)
{
    size_t n = 0, coord;
    int err;

    memset(out, 0, sizeof(*out));
    switch (ejwt_crypto_family(key->alg)) {
    case EJWT_FAMILY_ECDSA:
        err = ejwt_key_export_ec_public(key, buf, cap, &n);
        if (err != EJWT_OK) {
            return err;
        }
        coord = EJWT_EC_COORD_LEN(key->alg);
        out->crv = curve_name(key->alg);
        out->first = buf + 1;
        out->first_len = coord;
        out->second = buf + 1 + coord;
        out->second_len = coord;
        return EJWT_OK;
    case EJWT_FAMILY_RSA: {
        ejwt_rsa_public rsa;
        err = ejwt_key_export_rsa_public(key, buf, cap, &rsa);
        if (err != EJWT_OK) {
            return err;
        }
        out->is_rsa = 1;
        out->first = rsa.n;
        out->first_len = rsa.n_len;
        out->second = rsa.e;
        out->second_len = rsa.e_len;
        return EJWT_OK;
    }
    default:
        return EJWT_ERR_ALG_KEY_MISMATCH; /* an HMAC key has no public part */
    }
}

size_t ejwt_pieces_render(const ejwt_piece *pieces, size_t count, char *out, size_t cap)
{
    size_t i, need = 0, pos = 0;

    for (i = 0; i < count; i++) {
        need += pieces[i].bytes == NULL ? pieces[i].len : EJWT_B64URL_ENCODED_LEN(pieces[i].len);
    }
    if (need > cap) {
        return need;
    }
    for (i = 0; i < count; i++) {
        if (pieces[i].bytes == NULL) {
            memcpy(out + pos, pieces[i].text, pieces[i].len);
            pos += pieces[i].len;
        } else {
            pos += ejwt_b64url_encode_chars(pieces[i].bytes, pieces[i].len, out + pos);
        }
    }
    return need;
}
