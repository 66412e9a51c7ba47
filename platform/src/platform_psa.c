/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA status codes seen by the platform services (key store, ITS, AEAD).
 * Most mean what they mean to the core, so the core's table
 * (ejwt_crypto_err) answers; only the codes whose meaning differs in
 * storage and sealing are translated here.
 */
#include <psa/crypto.h>

#include "ejwt/key.h"
#include "platform_internal.h"

int ejwt_platform_psa_err(int32_t status)
{
    switch ((psa_status_t)status) {
    case PSA_ERROR_INVALID_SIGNATURE:
        return EJWT_ERR_SEALED_INVALID; /* an AEAD tag that does not verify */
    case PSA_ERROR_DOES_NOT_EXIST:
        return EJWT_ERR_STORAGE_NOT_FOUND; /* an ITS entry, not a key */
    case PSA_ERROR_ALREADY_EXISTS:
        return EJWT_ERR_KEY_EXISTS;
    case PSA_ERROR_NOT_PERMITTED:
        return EJWT_ERR_STORAGE_WRITE_ONCE; /* ITS refuses a write-once entry */
    default:
        return ejwt_crypto_err(status);
    }
}
