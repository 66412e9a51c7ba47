/* SPDX-License-Identifier: Apache-2.0 */
/* Wycheproof rsa_pss_4096_sha512_mgf1_64 through ejwt_signature_verify() (wycheproof_rsa_body.h). */
#define WP_ALG EJWT_ALG_PS512
#define WP_NAME "rsa_pss_4096_sha512_mgf1_64"

#include "wycheproof_rsa_pss_4096_sha512.h"
#include "wycheproof_rsa_body.h"
