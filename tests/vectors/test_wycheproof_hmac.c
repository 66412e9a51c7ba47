/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof hmac sha256 through ejwt_signature_verify() (wycheproof_hmac_body.h). */
#define WP_ALG EJWT_ALG_HS256
#define WP_NAME "hmac sha256"
#define WP_TAG_BYTES 32u
#include "wycheproof_hmac_sha256.h"
#include "wycheproof_hmac_body.h"
