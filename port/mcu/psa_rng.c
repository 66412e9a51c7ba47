/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA's random source on MCUs (MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG): the board
 * Mbed TLS configuration has no entropy module and no DRBG, so every random
 * byte PSA needs (ECDSA nonces with p256-m, key generation) comes straight
 * from the product's entropy hook, ejwt_mcu_entropy() - the same source as
 * the platform's entropy hook (platform_hooks.c).
 */
#include <stddef.h>
#include <stdint.h>

#include <psa/crypto.h>

#include "ejwt/error.h"
#include "ejwt/mcu.h"

psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    (void)context;
    *output_length = 0;
    if (ejwt_mcu_entropy(output, output_size) != EJWT_OK) {
        return PSA_ERROR_INSUFFICIENT_ENTROPY;
    }
    *output_length = output_size;
    return PSA_SUCCESS;
}
