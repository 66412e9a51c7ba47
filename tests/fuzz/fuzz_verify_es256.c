/* SPDX-License-Identifier: Apache-2.0 */
/* JWS/JWT verification with a fixed ES256 key (see fuzz_verify.h). */
#define FUZZ_ALG EJWT_ALG_ES256
#include "fuzz_verify.h"
