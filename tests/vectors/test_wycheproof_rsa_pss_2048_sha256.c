/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof rsa_pss_2048_sha256_mgf1_32 through ejwt_signature_verify() (wycheproof_rsa_body.h). */
#define WP_ALG EJWT_ALG_PS256
#define WP_NAME "rsa_pss_2048_sha256_mgf1_32"

#include "wycheproof_rsa_pss_2048_sha256.h"
#include "wycheproof_rsa_body.h"
