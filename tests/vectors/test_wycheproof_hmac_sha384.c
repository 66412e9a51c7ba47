/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof hmac sha384 through ejwt_signature_verify() (wycheproof_hmac_body.h). */
#define WP_ALG EJWT_ALG_HS384
#define WP_NAME "hmac sha384"
#define WP_TAG_BYTES 48u
#include "wycheproof_hmac_sha384.h"
#include "wycheproof_hmac_body.h"
