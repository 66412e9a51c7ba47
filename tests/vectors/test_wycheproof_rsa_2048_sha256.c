/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof rsa_signature_2048_sha256 through ejwt_signature_verify() (wycheproof_rsa_body.h). */
#define WP_ALG EJWT_ALG_RS256
#define WP_NAME "rsa_signature_2048_sha256"

#include "wycheproof_rsa_2048_sha256.h"
#include "wycheproof_rsa_body.h"
