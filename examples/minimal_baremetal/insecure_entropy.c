/* SPDX-License-Identifier: Apache-2.0 */
/*
 * !!! TEST-ONLY, INSECURE ENTROPY - NEVER IN A PRODUCT !!!
 *
 * The LM3S6965 has no true random number generator, and QEMU's model of it
 * has none either. This file fills the entropy hook with a xorshift
 * generator seeded from a constant and the SysTick counter: the "random"
 * bytes are predictable. ECDSA with predictable nonces gives the private
 * key away from a single signature, and generated keys are guessable. It
 * exists only so that the example can run key generation and signing under
 * QEMU.
 *
 * It does not compile unless EXAMPLE_ONLY_INSECURE_ENTROPY is defined (the
 * example's CMakeLists.txt does so, with the same warning), so it cannot
 * end up in a build by accident. A product reads its TRNG here (or an
 * entropy source of equal quality - see docs/PORTING.md, "Entropy").
 */
#ifndef EXAMPLE_ONLY_INSECURE_ENTROPY
#error "insecure_entropy.c is TEST-ONLY and predictable: a product reads its TRNG here"
#endif

#include <stddef.h>
#include <stdint.h>

#include <ejwt/error.h>
#include <ejwt/mcu.h>

#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static uint64_t state = 0x9E3779B97F4A7C15u;

int ejwt_mcu_entropy(uint8_t *buf, size_t len)
{
    size_t i;

    /* Not entropy: a timer value QEMU makes all but predictable. */
    state ^= SYST_CVR;
    for (i = 0; i < len; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        buf[i] = (uint8_t)(state >> 56);
    }
    return EJWT_OK;
}
