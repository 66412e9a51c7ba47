/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Pieces shared by discovery, registration, revocation and the error
 * classification.
 */
#ifndef EJWT_METADATA_INTERNAL_H
#define EJWT_METADATA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/json.h"

/* Copy the string member \p name of the root object into \p dst (terminated;
 * "" when absent or on failure) and check it with ejwt_url_check() as an
 * endpoint. Absent: EJWT_OK unless \p required (METADATA_INVALID). Wrong
 * type or over the buffer: METADATA_INVALID; a NUL or a bad URL:
 * INSECURE_URL. */
int ejwt_md_copy_url(const ejwt_json *doc, const char *name, int required, unsigned flags,
                     char *dst, size_t dst_cap);

/* One name of a metadata string list and the bit it stands for. */
typedef struct ejwt_md_name_bit {
    const char *name;
    uint8_t bit;
} ejwt_md_name_bit;

/* Reduce the string-list member \p name of the root object to bits: each
 * element found in \p table (\p n entries) adds its bit, any other adds
 * \p other. \p present (may be NULL) is set when the member exists. Absent:
 * EJWT_OK with no bits. A non-array, a non-string element, or \p refuse
 * (may be NULL; e.g. "none" as an algorithm) is METADATA_INVALID. */
int ejwt_md_read_list(const ejwt_json *doc, const char *name, const ejwt_md_name_bit *table,
                      size_t n, uint8_t other, const char *refuse, uint8_t *bits, int *present);

/* Tokens parse_error_code() needs for an error body: an object of a few
 * strings (error, error_description, error_uri) and some room. */
#define EJWT_MD_ERROR_TOKENS 32

/* Read the `error` member of an error body (any bytes) into \p code
 * (terminated, "" when absent, not a string, not printable ASCII or longer
 * than cap - 1). Returns the body class: */
#define EJWT_MD_BODY_EMPTY 0    /* no bytes, or only whitespace */
#define EJWT_MD_BODY_NOT_JSON 1 /* not strict JSON, not an object, or no string `error` */
#define EJWT_MD_BODY_ERROR 2    /* an object with a string `error` (code may be "" if odd) */
int ejwt_md_error_code(const char *body, size_t len, char *code, size_t cap);

#endif /* EJWT_METADATA_INTERNAL_H */
