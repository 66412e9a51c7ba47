/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof ecdsa p256 sha256 p1363 through ejwt_signature_verify() (wycheproof_ecdsa_body.h). */
#define WP_ALG EJWT_ALG_ES256
#define WP_NAME "ecdsa p256 sha256 p1363"

#include "wycheproof_ecdsa_p256.h"
#include "wycheproof_ecdsa_body.h"
