/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token revocation (RFC 7009). The assertion is the last field and is
 * signed straight into the body, as for the token requests.
 */

#include "ejwt/auth/oauth.h"
#include "ejwt/auth/revocation.h"
#include "ejwt_common.h"
#include "oauth_internal.h"

int ejwt_revocation_body(const ejwt_key *key, const ejwt_assertion_params *p, const char *token,
                         size_t token_len, char *out, size_t cap, size_t *out_len)
{
    ejwt_form f;
    int err;

    EJWT_REQUIRE(out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    EJWT_REQUIRE(key != NULL && p != NULL && p->client_id != NULL && token != NULL);
    if (token_len == 0u) {
        return EJWT_ERR_INVALID_ARG;
    }
    ejwt_form_init(&f, out, cap);
    ejwt_form_add(&f, "token", token, token_len);
    ejwt_form_add(&f, "token_type_hint", "refresh_token", 13u);
    ejwt_oauth_add_client_id(&f, p->client_id);
    ejwt_oauth_add_assertion_type(&f);
    err = ejwt_oauth_add_assertion(&f, key, p, NULL);
    if (err != EJWT_OK) {
        ejwt_wipe(out, cap);
        *out_len = 0;
        return err;
    }
    return ejwt_form_finish(&f, out_len);
}

int ejwt_revocation_parse_response(int status, const char *body, size_t len, ejwt_outcome *out)
{
    ejwt_outcome o;
    int err = ejwt_classify_response(EJWT_REQ_REVOCATION, status, body, len, &o);

    if (out != NULL) {
        *out = o;
    }
    return err != EJWT_OK ? err : o.err;
}
