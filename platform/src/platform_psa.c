/*
 * PSA status codes seen by the platform services (key store, ITS, AEAD),
 * translated into ejwt errors in one place.
 */
#include <psa/crypto.h>

#include "platform_internal.h"

int ejwt_platform_psa_err(int32_t status)
{
    switch ((psa_status_t)status) {
    case PSA_SUCCESS:
        return EJWT_OK;
    case PSA_ERROR_INVALID_SIGNATURE:
        return EJWT_ERR_SEALED_INVALID; /* an AEAD tag that does not verify */
    case PSA_ERROR_NOT_SUPPORTED:
        return EJWT_ERR_CRYPTO_NOT_SUPPORTED;
    case PSA_ERROR_INSUFFICIENT_MEMORY:
        return EJWT_ERR_CRYPTO_MEMORY;
    case PSA_ERROR_BAD_STATE:
        return EJWT_ERR_CRYPTO_NOT_INITIALIZED;
    case PSA_ERROR_INSUFFICIENT_ENTROPY:
        return EJWT_ERR_ENTROPY;
    case PSA_ERROR_INVALID_HANDLE:
        return EJWT_ERR_KEY_NOT_FOUND;
    case PSA_ERROR_DOES_NOT_EXIST:
        return EJWT_ERR_STORAGE_NOT_FOUND;
    case PSA_ERROR_ALREADY_EXISTS:
        return EJWT_ERR_KEY_EXISTS;
    case PSA_ERROR_NOT_PERMITTED:
        return EJWT_ERR_STORAGE_WRITE_ONCE;
    case PSA_ERROR_BUFFER_TOO_SMALL:
        return EJWT_ERR_BUFFER_TOO_SMALL;
    case PSA_ERROR_STORAGE_FAILURE:
        return EJWT_ERR_STORAGE_IO;
    case PSA_ERROR_INSUFFICIENT_STORAGE:
        return EJWT_ERR_STORAGE_FULL;
    case PSA_ERROR_DATA_CORRUPT:
    case PSA_ERROR_DATA_INVALID:
        return EJWT_ERR_STORAGE_CORRUPT;
    default:
        return EJWT_ERR_CRYPTO;
    }
}
