/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof ecdsa p384 sha384 p1363 through ejwt_signature_verify() (wycheproof_ecdsa_body.h). */
#define WP_ALG EJWT_ALG_ES384
#define WP_NAME "ecdsa p384 sha384 p1363"

#include "wycheproof_ecdsa_p384.h"
#include "wycheproof_ecdsa_body.h"
