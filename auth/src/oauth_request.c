/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Token request bodies. client_id is sent beside the assertion (RFC 7521
 * section 4.2 lets it be left out; Glewlwyd binds tokens to it, and every
 * body ejwt builds carries it). The assertion is the last field and is signed
 * straight into the body: base64url and '.' are unreserved characters, so
 * it needs no encoding and no second buffer. The size is checked before
 * signing, so a short buffer costs no signature and no entropy.
 */
#include <string.h>

#include "ejwt/auth/assertion.h"
#include "ejwt/auth/oauth.h"
#include "form_internal.h"
#include "oauth_internal.h"
#include "ejwt_common.h"

void ejwt_oauth_add_client_id(ejwt_form *f, const char *client_id)
{
    size_t n = ejwt_bounded_len(client_id, EJWT_ASSERTION_MAX_CLIENT_ID);

    if (n == 0u && f->err == EJWT_OK) {
        f->err = EJWT_ERR_INVALID_ARG; /* what the assertion would refuse */
        return;
    }
    ejwt_form_add(f, "client_id", client_id, n);
}

void ejwt_oauth_add_assertion_type(ejwt_form *f)
{
    static const char type[] = EJWT_ASSERTION_TYPE_JWT_BEARER;

    ejwt_form_add(f, "client_assertion_type", type, sizeof(type) - 1u);
}

int ejwt_oauth_add_assertion(ejwt_form *f, const ejwt_key *key, const ejwt_assertion_params *p,
                             uint32_t *signed_count)
{
    size_t room = 0, n = 0;
    char *at = ejwt_form_value_begin(f, "client_assertion", &room);
    int err;

    if (f->err != EJWT_OK) {
        return f->err;
    }
    /* Measure first: the body must hold the assertion and a terminator. */
    err = ejwt_assertion_sign(key, p, NULL, 0, &n);
    if (err != EJWT_ERR_BUFFER_TOO_SMALL) {
        return err == EJWT_OK ? EJWT_ERR_CRYPTO : err;
    }
    if (at == NULL || n > room) {
        ejwt_form_value_end_verbatim(f, n - 1u);
        return EJWT_OK; /* finish reports the need */
    }
    err = ejwt_assertion_sign(key, p, at, room, &n);
    if (err != EJWT_OK) {
        return err;
    }
    if (signed_count != NULL) {
        (*signed_count)++;
    }
    ejwt_form_value_end_verbatim(f, n);
    return EJWT_OK;
}

/* Finish the body; on any failure the caller's buffer holds nothing. */
static int finish(ejwt_form *f, int err, size_t *out_len)
{
    if (err != EJWT_OK) {
        ejwt_wipe(f->out, f->cap);
        *out_len = 0;
        return err;
    }
    return ejwt_form_finish(f, out_len);
}

int ejwt_oauth_client_credentials_body(const ejwt_key *key, const ejwt_assertion_params *p,
                                       char *out, size_t cap, size_t *out_len)
{
    ejwt_form f;
    int err;

    EJWT_REQUIRE(key != NULL && p != NULL && out_len != NULL && (out != NULL || cap == 0u));
    ejwt_form_init(&f, out, cap);
    ejwt_form_add(&f, "grant_type", "client_credentials", 18u);
    ejwt_oauth_add_client_id(&f, p->client_id);
    ejwt_oauth_add_assertion_type(&f);
    err = ejwt_oauth_add_assertion(&f, key, p, NULL);
    return finish(&f, err, out_len);
}

int ejwt_oauth_refresh_body(const ejwt_key *key, const ejwt_assertion_params *p,
                            const char *refresh, size_t refresh_len, char *out, size_t cap,
                            size_t *out_len)
{
    ejwt_form f;
    int err;

    EJWT_REQUIRE(key != NULL && p != NULL && out_len != NULL && refresh != NULL &&
                 (out != NULL || cap == 0u));
    *out_len = 0;
    if (refresh_len == 0u) {
        if (cap > 0u) {
            out[0] = '\0';
        }
        return EJWT_ERR_INVALID_ARG;
    }
    ejwt_form_init(&f, out, cap);
    ejwt_form_add(&f, "grant_type", "refresh_token", 13u);
    ejwt_form_add(&f, "refresh_token", refresh, refresh_len);
    ejwt_oauth_add_client_id(&f, p->client_id);
    ejwt_oauth_add_assertion_type(&f);
    err = ejwt_oauth_add_assertion(&f, key, p, NULL);
    return finish(&f, err, out_len);
}
