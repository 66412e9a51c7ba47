/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The JOSE names of the algorithms compiled in (RFC 7518 section 3.1): the
 * one table that turns a header's or a JWK's `alg` into an ejwt_alg. A name
 * whose switch is off is unknown here, so no token can select it.
 */
#include "crypto.h"
#include "ejwt/error.h"
#include "ejwt/json.h"

typedef struct alg_name {
    ejwt_alg alg;
    const char *name; /* always 5 characters */
} alg_name;

#define ALG_NAME_LEN 5u

static const alg_name alg_names[] = {
#if EJWT_ENABLE_ES256
    {EJWT_ALG_ES256, "ES256"},
#endif
#if EJWT_ENABLE_HS256
    {EJWT_ALG_HS256, "HS256"},
#endif
#if EJWT_ENABLE_ES384
    {EJWT_ALG_ES384, "ES384"},
#endif
#if EJWT_ENABLE_ES512
    {EJWT_ALG_ES512, "ES512"},
#endif
#if EJWT_ENABLE_HS384
    {EJWT_ALG_HS384, "HS384"},
#endif
#if EJWT_ENABLE_HS512
    {EJWT_ALG_HS512, "HS512"},
#endif
#if EJWT_ENABLE_RS256
    {EJWT_ALG_RS256, "RS256"},
#endif
#if EJWT_ENABLE_RS384
    {EJWT_ALG_RS384, "RS384"},
#endif
#if EJWT_ENABLE_RS512
    {EJWT_ALG_RS512, "RS512"},
#endif
#if EJWT_ENABLE_PS256
    {EJWT_ALG_PS256, "PS256"},
#endif
#if EJWT_ENABLE_PS384
    {EJWT_ALG_PS384, "PS384"},
#endif
#if EJWT_ENABLE_PS512
    {EJWT_ALG_PS512, "PS512"},
#endif
};

#define ALG_NAME_COUNT (sizeof(alg_names) / sizeof(alg_names[0]))

const char *ejwt_alg_name(ejwt_alg alg)
{
    size_t i;

    for (i = 0; i < ALG_NAME_COUNT; i++) {
        if (alg_names[i].alg == alg) {
            return alg_names[i].name;
        }
    }
    return NULL;
}

int ejwt_alg_from_json(const ejwt_json *doc, int idx, ejwt_alg *alg)
{
    size_t i;

    if (ejwt_json_type(doc, idx) != EJWT_JSON_STRING) {
        return EJWT_ERR_HEADER_ALG;
    }
    for (i = 0; i < ALG_NAME_COUNT; i++) {
        if (ejwt_json_string_equals(doc, idx, alg_names[i].name, ALG_NAME_LEN) == 1) {
            *alg = alg_names[i].alg;
            return EJWT_OK;
        }
    }
    return EJWT_ERR_HEADER_ALG;
}
