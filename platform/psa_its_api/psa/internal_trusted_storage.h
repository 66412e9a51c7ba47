/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Internal Trusted Storage declarations (PSA Certified Secure Storage
 * API 1.0), for an external PSA Crypto provider that installs no
 * <psa/internal_trusted_storage.h>: Mbed TLS 3.6 keeps its own copy of these
 * declarations in a private header (library/psa_crypto_its.h) and installs
 * none. On the include path only with EJWT_PSA_PROVIDER=external and
 * EJWT_PSA_ITS_HEADER=ejwt (cmake/mbedtls.cmake); the bundled build forwards
 * to Mbed TLS's private header instead, and a provider that has this header
 * (TF-M, Zephyr's secure storage) brings its own (EJWT_PSA_ITS_HEADER=provider).
 *
 * The types and values are the API's, so code compiled with this header and
 * a psa_its_* implementation compiled with another agree on the ABI.
 */
#ifndef EJWT_PSA_ITS_API_INTERNAL_TRUSTED_STORAGE_H
#define EJWT_PSA_ITS_API_INTERNAL_TRUSTED_STORAGE_H

#include <stddef.h>
#include <stdint.h>

/* psa_status_t and the PSA_ERROR_* codes. */
#include <psa/crypto.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PSA_ITS_API_VERSION_MAJOR 1
#define PSA_ITS_API_VERSION_MINOR 0

/* Flags of an entry (psa_storage_create_flags_t). */
typedef uint32_t psa_storage_create_flags_t;
/* The identifier of an entry. */
typedef uint64_t psa_storage_uid_t;

#define PSA_STORAGE_FLAG_NONE 0u
#define PSA_STORAGE_FLAG_WRITE_ONCE (1u << 0)
#define PSA_STORAGE_FLAG_NO_CONFIDENTIALITY (1u << 1)
#define PSA_STORAGE_FLAG_NO_REPLAY_PROTECTION (1u << 2)

/* What psa_its_get_info() reports about an entry. */
struct psa_storage_info_t {
    uint32_t size;
    psa_storage_create_flags_t flags;
};

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags);
psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void *p_data, size_t *p_data_length);
psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info);
psa_status_t psa_its_remove(psa_storage_uid_t uid);

#ifdef __cplusplus
}
#endif

#endif /* EJWT_PSA_ITS_API_INTERNAL_TRUSTED_STORAGE_H */
