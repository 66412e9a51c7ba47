/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof hmac sha512 through ejwt_signature_verify() (wycheproof_hmac_body.h). */
#define WP_ALG EJWT_ALG_HS512
#define WP_NAME "hmac sha512"
#define WP_TAG_BYTES 64u
#include "wycheproof_hmac_sha512.h"
#include "wycheproof_hmac_body.h"
