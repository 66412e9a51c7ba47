/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EJWT_PSA_ITS=provider (cmake/mbedtls.cmake): psa_its_* come from the PSA
 * Crypto provider or the system (Mbed TLS's MBEDTLS_PSA_ITS_FILE_C, TF-M,
 * Zephyr's secure storage), not from the port. The port's ejwt_psa_its is
 * then this one unit, which defines nothing, so that every image may keep
 * linking ejwt_psa_its and no image holds a second psa_its_*.
 */
typedef int ejwt_psa_its_from_provider;
