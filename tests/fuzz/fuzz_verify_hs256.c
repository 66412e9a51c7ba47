/* SPDX-License-Identifier: Apache-2.0 */
/* JWS/JWT verification with a fixed HS256 key (see fuzz_verify.h). */
#define FUZZ_ALG EJWT_ALG_HS256
#include "fuzz_verify.h"
