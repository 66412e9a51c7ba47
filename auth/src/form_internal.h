/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private form-builder steps for values that are produced straight into the
 * body (the assertion, a refresh token copied out of the token store), so no
 * second buffer is needed.
 */
#ifndef EJWT_FORM_INTERNAL_H
#define EJWT_FORM_INTERNAL_H

#include <stddef.h>

#include "ejwt/auth/oauth.h"

/* Append "[&]name=" and return where the value's raw bytes go, with the
 * room there (0 once the body has overflowed or latched an error). */
char *ejwt_form_value_begin(ejwt_form *f, const char *name, size_t *room);

/* The value's \p raw_len bytes are at the position ejwt_form_value_begin()
 * returned (or, if they did not fit, only their length is known: pass
 * \p written 0). Percent-encode them in place, expanding from the end;
 * when they were not written, count the worst case (every byte %XX). */
void ejwt_form_value_end(ejwt_form *f, size_t raw_len, int written);

/* The value written at the position needs no encoding (base64url, '.'):
 * take its \p len bytes as they are. */
void ejwt_form_value_end_verbatim(ejwt_form *f, size_t len);

#endif /* EJWT_FORM_INTERNAL_H */
