/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof rsa_pss_2048_sha384_mgf1_48 through ejwt_signature_verify() (wycheproof_rsa_body.h). */
#define WP_ALG EJWT_ALG_PS384
#define WP_NAME "rsa_pss_2048_sha384_mgf1_48"

#include "wycheproof_rsa_pss_2048_sha384.h"
#include "wycheproof_rsa_body.h"
