/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ejwt_jwks_record_decode(), the reader of the JWK Set cache's record (what
 * a damaged or hostile storage hands back after the seal opened; the set
 * inside then goes through ejwt_jwk_import_set(), fuzzed by fuzz_jwk).
 *
 * Properties: the result is EJWT_OK or EJWT_ERR_STORAGE_CORRUPT; on failure
 * the record view is all zero; on success the source and the set lie
 * inside the input, are not empty and within their bounds, the view encodes
 * again into exactly the input's bytes, and every truncation of them is
 * EJWT_ERR_STORAGE_CORRUPT.
 *
 * Seeds (corpus/jwks_record): records in the format of jwks_cache.h, written
 * with /usr/bin/python3 and struct.pack(">3sBqIH", b"EJS", 1, fetched_at,
 * max_age, len(source)) + source + struct.pack(">H", len(set)) + set: a set
 * of one P-256 key fetched at 1800000000, the same fetched without a clock
 * (fetched_at INT64_MIN), and a two-key set of a rotation.
 */
#include <string.h>

#include "ejwt/auth/jwks_cache.h"
#include "fuzz_common.h"

static uint8_t rec[EJWT_JWKS_CACHE_RECORD_MAX];

/* [p, p + n) lies within [base, base + size). */
static int inside(const void *p, size_t n, const uint8_t *base, size_t size)
{
    const uint8_t *q = (const uint8_t *)p;

    return q >= base && n <= size && (size_t)(q - base) <= size - n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ejwt_jwks_record r, back;
    size_t n = 0, i;
    int err = ejwt_jwks_record_decode(data, size, &r);

    FUZZ_CHECK(err == EJWT_OK || err == EJWT_ERR_STORAGE_CORRUPT);
    if (err != EJWT_OK) {
        FUZZ_CHECK(fuzz_all_zero(&r, sizeof(r)));
        return 0;
    }
    FUZZ_CHECK(r.source_len > 0u && r.source_len <= EJWT_DISCOVERY_MAX_URL);
    FUZZ_CHECK(r.set_len > 0u && r.set_len <= EJWT_JWKS_CACHE_MAX_SET);
    FUZZ_CHECK(inside(r.source, r.source_len, data, size) && inside(r.set, r.set_len, data, size));
    FUZZ_CHECK(ejwt_jwks_record_encode(&r, rec, sizeof(rec), &n) == EJWT_OK);
    FUZZ_CHECK(n == size && memcmp(rec, data, n) == 0);
    for (i = 0; i < n; i += 5u) {
        FUZZ_CHECK(ejwt_jwks_record_decode(rec, i, &back) == EJWT_ERR_STORAGE_CORRUPT);
        FUZZ_CHECK(fuzz_all_zero(&back, sizeof(back)));
    }
    return 0;
}
