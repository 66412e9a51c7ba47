/* SPDX-License-Identifier: Apache-2.0 */
/* The JWK Set cache's record format (see jwks_cache.h): encoding and the
 * strict decoder the load path and the fuzzer share. */
#include <string.h>

#include "ejwt/auth/jwks_cache.h"
#include "ejwt_common.h"

#define RECORD_VERSION 1u
#define LEN_SIZE 2u

/* The largest record must fit a sealed record. */
typedef char ejwt_jwks_record_fits[(EJWT_JWKS_CACHE_RECORD_MAX <= EJWT_SEALED_RECORD_MAX) ? 1 : -1];

/* "EJS", then the version. */
static const uint8_t g_magic[4] = {0x45u, 0x4Au, 0x53u, RECORD_VERSION};

int ejwt_jwks_record_encode(const ejwt_jwks_record *r, uint8_t *out, size_t cap, size_t *out_len)
{
    size_t need, pos;

    EJWT_REQUIRE(r != NULL && out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if ((r->source == NULL && r->source_len > 0u) || (r->set == NULL && r->set_len > 0u) ||
        r->source_len > EJWT_DISCOVERY_MAX_URL || r->set_len > EJWT_JWKS_CACHE_MAX_SET) {
        return EJWT_ERR_INVALID_ARG;
    }
    need = EJWT_JWKS_RECORD_HEADER + LEN_SIZE + r->source_len + LEN_SIZE + r->set_len;
    *out_len = need;
    if (cap < need) {
        return EJWT_ERR_BUFFER_TOO_SMALL;
    }
    memcpy(out, g_magic, sizeof(g_magic));
    ejwt_put_be64(out + 4, (uint64_t)r->fetched_at);
    ejwt_put_be16(out + 12, (uint16_t)(r->max_age_s >> 16));
    ejwt_put_be16(out + 14, (uint16_t)r->max_age_s);
    pos = EJWT_JWKS_RECORD_HEADER;
    ejwt_put_be16(out + pos, (uint16_t)r->source_len);
    if (r->source_len > 0u) {
        memcpy(out + pos + LEN_SIZE, r->source, r->source_len);
    }
    pos += LEN_SIZE + r->source_len;
    ejwt_put_be16(out + pos, (uint16_t)r->set_len);
    if (r->set_len > 0u) {
        memcpy(out + pos + LEN_SIZE, r->set, r->set_len);
    }
    return EJWT_OK;
}

/* The 16-bit length at rec[*pos] and the bytes after it, within len and max. */
static int take_field(const uint8_t *rec, size_t len, size_t *pos, size_t max, const char **field,
                      size_t *field_len)
{
    size_t n;

    if (len - *pos < LEN_SIZE) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    n = ejwt_get_be16(rec + *pos);
    *pos += LEN_SIZE;
    if (n > max || len - *pos < n) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    *field = (const char *)(rec + *pos);
    *field_len = n;
    *pos += n;
    return EJWT_OK;
}

int ejwt_jwks_record_decode(const uint8_t *rec, size_t len, ejwt_jwks_record *out)
{
    size_t pos = EJWT_JWKS_RECORD_HEADER;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    EJWT_REQUIRE(rec != NULL);
    if (len < EJWT_JWKS_RECORD_HEADER || memcmp(rec, g_magic, sizeof(g_magic)) != 0) {
        return EJWT_ERR_STORAGE_CORRUPT;
    }
    out->fetched_at = (int64_t)ejwt_get_be64(rec + 4);
    out->max_age_s = ((uint32_t)ejwt_get_be16(rec + 12) << 16) | ejwt_get_be16(rec + 14);
    err = take_field(rec, len, &pos, EJWT_DISCOVERY_MAX_URL, &out->source, &out->source_len);
    if (err == EJWT_OK) {
        err = take_field(rec, len, &pos, EJWT_JWKS_CACHE_MAX_SET, &out->set, &out->set_len);
    }
    if (err == EJWT_OK && (pos != len || out->source_len == 0u || out->set_len == 0u)) {
        err = EJWT_ERR_STORAGE_CORRUPT; /* trailing bytes, or a field a saved set always has */
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}
