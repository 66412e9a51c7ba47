/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA's random source on boards (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG): Mbed TLS
 * has no entropy module or DRBG in the board configuration, so every random
 * byte PSA needs (ECDSA nonces with p256-m, key generation) comes straight
 * from the platform entropy hook.
 */
#include <stddef.h>
#include <stdint.h>

#include <psa/crypto.h>

#include "ejwt/baremetal.h"
#include "ejwt/error.h"

psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    const ejwt_platform *p = ejwt_baremetal_platform();
    (void)context;
    *output_length = 0;
    if (p->entropy(p->ctx, output, output_size) != EJWT_OK) {
        return PSA_ERROR_INSUFFICIENT_ENTROPY;
    }
    *output_length = output_size;
    return PSA_SUCCESS;
}
