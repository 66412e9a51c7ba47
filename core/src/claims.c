/* SPDX-License-Identifier: Apache-2.0 */
/*
 * JWT claims checks (RFC 7519 section 4.1, RFC 8725): registered claims must
 * have their registered types, present time claims are always checked, and
 * every check the caller asks for needs its claim to be present.
 */
#include <string.h>

#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwt.h"
#include "internal.h"

/* How a registered claim's value is read. A NumericDate with a fraction is
 * rounded to the safe side of the check it feeds: an expiry down (the token
 * expires no later than it says), a "not before" up (it becomes valid no
 * earlier). `iat` is only type-checked here. */
typedef enum claim_kind {
    CLAIM_STRING,
    CLAIM_AUDIENCE, /* a string or an array of strings */
    CLAIM_TIME_DOWN,
    CLAIM_TIME_UP
} claim_kind;

typedef struct claim_rule {
    const char *name;
    uint32_t bit;
    claim_kind kind;
} claim_rule;

static const claim_rule registered_claims[] = {
    {"iss", EJWT_CLAIM_ISS, CLAIM_STRING},   {"sub", EJWT_CLAIM_SUB, CLAIM_STRING},
    {"aud", EJWT_CLAIM_AUD, CLAIM_AUDIENCE}, {"exp", EJWT_CLAIM_EXP, CLAIM_TIME_DOWN},
    {"nbf", EJWT_CLAIM_NBF, CLAIM_TIME_UP},  {"iat", EJWT_CLAIM_IAT, CLAIM_TIME_DOWN},
    {"jti", EJWT_CLAIM_JTI, CLAIM_STRING},
};

#define CLAIM_COUNT (sizeof(registered_claims) / sizeof(registered_claims[0]))

/* The values of the registered claims that are present (index, or < 0). */
typedef struct found_claims {
    int idx[CLAIM_COUNT];
    int64_t time[CLAIM_COUNT];
    uint32_t present;
} found_claims;

static int check_type(const ejwt_json *claims, const claim_rule *rule, int idx, int64_t *time)
{
    int ok;

    switch (rule->kind) {
    case CLAIM_TIME_DOWN:
        ok = ejwt_json_int64(claims, idx, time) == EJWT_OK;
        break;
    case CLAIM_TIME_UP:
        ok = ejwt_json_int64_ceil(claims, idx, time) == EJWT_OK;
        break;
    case CLAIM_AUDIENCE:
        /* "contains" checks the shape. */
        ok = ejwt_json_string_or_array_contains(claims, idx, "", 0) >= 0;
        break;
    default:
        ok = ejwt_json_type(claims, idx) == EJWT_JSON_STRING;
        break;
    }
    return ok ? EJWT_OK : EJWT_ERR_CLAIM_TYPE;
}

/* Every registered claim name has three letters. */
#define CLAIM_NAME_LEN 3u

/* One pass over the members, each name matched against the registered ones
 * (a lookup per registered claim would walk the members seven times). Member
 * names are unique (the parser rejects duplicates); the first match counts. */
static int collect(const ejwt_json *claims, found_claims *found)
{
    int it = 0, key = 0, val = 0, ret;
    size_t i;

    memset(found, 0, sizeof(*found));
    for (i = 0; i < CLAIM_COUNT; i++) {
        found->idx[i] = -1;
    }
    while ((ret = ejwt_json_next_member(claims, 0, &it, &key, &val)) == 1) {
        for (i = 0; i < CLAIM_COUNT; i++) {
            const claim_rule *rule = &registered_claims[i];
            if ((found->present & rule->bit) != 0u ||
                ejwt_json_string_equals(claims, key, rule->name, CLAIM_NAME_LEN) != 1) {
                continue;
            }
            if (check_type(claims, rule, val, &found->time[i]) != EJWT_OK) {
                return EJWT_ERR_CLAIM_TYPE;
            }
            found->idx[i] = val;
            found->present |= rule->bit;
            break;
        }
    }
    return ret < 0 ? ret : EJWT_OK;
}

static size_t rule_index(uint32_t bit)
{
    size_t i;

    for (i = 0; i < CLAIM_COUNT && registered_claims[i].bit != bit; i++) {
    }
    return i;
}

/* exp and nbf with leeway, through numericdate.h: exact for every int64
 * time and every leeway, with no sum that could overflow. */
static int check_times(const found_claims *found, const ejwt_verify_opts *opts)
{
    const uint64_t leeway = opts->leeway;
    const size_t exp = rule_index(EJWT_CLAIM_EXP), nbf = rule_index(EJWT_CLAIM_NBF);

    if ((found->present & (EJWT_CLAIM_EXP | EJWT_CLAIM_NBF)) == 0u) {
        return EJWT_OK;
    }
    if (opts->now == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN; /* fail closed: never skip exp */
    }
    /* Expired: now >= exp + leeway. */
    if ((found->present & EJWT_CLAIM_EXP) != 0u && opts->now >= found->time[exp] &&
        ejwt_time_gap(found->time[exp], opts->now) >= leeway) {
        return EJWT_ERR_EXPIRED;
    }
    /* Not yet valid: now + leeway < nbf. */
    if ((found->present & EJWT_CLAIM_NBF) != 0u &&
        ejwt_time_gap(opts->now, found->time[nbf]) > leeway) {
        return EJWT_ERR_NOT_YET_VALID;
    }
    return EJWT_OK;
}

static int check_string(const ejwt_json *claims, const found_claims *found, uint32_t bit,
                        const char *expected, int mismatch)
{
    int idx, r;

    if (expected == NULL) {
        return EJWT_OK;
    }
    idx = found->idx[rule_index(bit)];
    if (idx < 0) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    if (bit == EJWT_CLAIM_AUD) {
        r = ejwt_json_string_or_array_contains(claims, idx, expected, strlen(expected));
    } else {
        r = ejwt_json_string_equals(claims, idx, expected, strlen(expected));
    }
    return r == 1 ? EJWT_OK : mismatch;
}

int ejwt_jwt_check_claims(const ejwt_json *claims, const ejwt_verify_opts *opts)
{
    found_claims found;
    int err;

    EJWT_REQUIRE(claims != NULL && opts != NULL);
    if (claims->count < 1 || ejwt_json_type(claims, 0) != EJWT_JSON_OBJECT) {
        return EJWT_ERR_JSON_NOT_OBJECT;
    }
    err = collect(claims, &found);
    if (err != EJWT_OK) {
        return err;
    }
    if ((opts->required & ~found.present) != 0u) {
        return EJWT_ERR_CLAIM_MISSING;
    }
    err = check_times(&found, opts);
    if (err == EJWT_OK) {
        err = check_string(claims, &found, EJWT_CLAIM_ISS, opts->iss, EJWT_ERR_ISS_MISMATCH);
    }
    if (err == EJWT_OK) {
        err = check_string(claims, &found, EJWT_CLAIM_SUB, opts->sub, EJWT_ERR_SUB_MISMATCH);
    }
    if (err == EJWT_OK) {
        err = check_string(claims, &found, EJWT_CLAIM_AUD, opts->aud, EJWT_ERR_AUD_MISMATCH);
    }
    /* RFC 7519 section 4.1.3: a principal that does not identify itself with
     * a value of a present `aud` MUST reject the token; a verifier that names
     * no audience identifies with none. */
    if (err == EJWT_OK && opts->aud == NULL && (found.present & EJWT_CLAIM_AUD) != 0u &&
        (opts->flags & EJWT_VERIFY_IGNORE_AUD) == 0u) {
        err = EJWT_ERR_AUD_UNEXPECTED;
    }
    return err;
}
