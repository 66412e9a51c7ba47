/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One-call verification: parse, verify the signature, then (for a JWT) parse
 * the payload as a strict JSON object and check the claims. Any failure
 * leaves the caller's outputs empty.
 */
#include <string.h>

#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jws.h"
#include "ejwt/jwt.h"
#include "internal.h"

int ejwt_jws_verify_compact(const char *token, size_t token_len, const ejwt_key *keys, size_t nkeys,
                            const ejwt_verify_opts *opts, uint8_t *work, size_t work_cap,
                            size_t *work_needed, ejwt_jws *out)
{
    int err;

    /* Parsing wipes the work buffer on its own failures; ejwt_jws_verify()
     * refuses a NULL opts, so that caller bug is wiped below too. */
    err = ejwt_jws_parse(token, token_len, work, work_cap, work_needed, out);
    if (err == EJWT_OK) {
        err = ejwt_jws_verify(out, keys, nkeys, opts);
        if (err != EJWT_OK) {
            ejwt_wipe(work, work_cap);
            memset(out, 0, sizeof(*out));
            if (work_needed != NULL) {
                *work_needed = 0;
            }
        }
    }
    return err;
}

ejwt_json ejwt_jwt_claims(const ejwt_jwt *jwt)
{
    ejwt_json doc;

    memset(&doc, 0, sizeof(doc));
    if (jwt != NULL && jwt->claims_count > 0) {
        doc.text = (const char *)jwt->jws.payload;
        doc.len = jwt->jws.payload_len;
        doc.tok = jwt->claims_tok;
        doc.count = jwt->claims_count;
    }
    return doc;
}

static int check_payload(ejwt_jwt *out, const ejwt_verify_opts *opts)
{
    ejwt_json claims;
    int err;

    err = ejwt_json_parse((const char *)out->jws.payload, out->jws.payload_len, out->claims_tok,
                          EJWT_MAX_CLAIM_TOKENS, &claims);
    if (err != EJWT_OK) {
        return err;
    }
    out->claims_count = claims.count;
    return ejwt_jwt_check_claims(&claims, opts);
}

int ejwt_jwt_verify(const char *token, size_t token_len, const ejwt_key *keys, size_t nkeys,
                    const ejwt_verify_opts *opts, uint8_t *work, size_t work_cap,
                    size_t *work_needed, ejwt_jwt *out)
{
    int err;

    if (out == NULL) {
        EJWT_ASSERT(out != NULL);
        if (work != NULL) {
            ejwt_wipe(work, work_cap);
        }
        if (work_needed != NULL) {
            *work_needed = 0;
        }
        return EJWT_ERR_INVALID_ARG;
    }
    memset(out, 0, sizeof(*out));
    /* The signature is checked before the claims are parsed, so untrusted
     * claims never reach the JSON parser. */
    err = ejwt_jws_verify_compact(token, token_len, keys, nkeys, opts, work, work_cap, work_needed,
                                  &out->jws);
    if (err == EJWT_OK) {
        err = check_payload(out, opts);
        if (err != EJWT_OK) {
            ejwt_wipe(work, work_cap);
            memset(out, 0, sizeof(*out));
            if (work_needed != NULL) {
                *work_needed = 0;
            }
        }
    }
    return err;
}
