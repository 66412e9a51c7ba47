/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device identity key: persistent, non-exportable, used by id.
 */
#include <string.h>

#include <psa/crypto.h>

#include "ejwt/platform/device_key.h"
/* Stops the build when the PSA provider lacks what the device key uses. */
#include "ejwt/psa_check.h"
#include "platform_internal.h"

#define DEVICE_KEY_ALG                                                                             \
    (EJWT_ES256_DETERMINISTIC ? PSA_ALG_DETERMINISTIC_ECDSA(PSA_ALG_SHA_256)                       \
                              : PSA_ALG_ECDSA(PSA_ALG_SHA_256))
#define P256_SCALAR_LEN 32u

static mbedtls_svc_key_id_t device_key_id(void)
{
    return mbedtls_svc_key_id_make(0, EJWT_DEVICE_KEY_ID);
}

static void device_key_attributes(psa_key_attributes_t *attr)
{
    psa_set_key_id(attr, device_key_id()); /* also makes the key persistent */
    psa_set_key_type(attr, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(attr, 256u);
    psa_set_key_usage_flags(attr, PSA_KEY_USAGE_SIGN_HASH); /* no EXPORT, no VERIFY */
    psa_set_key_algorithm(attr, DEVICE_KEY_ALG);
}

/* Wrap the key at the fixed id, with its thumbprint as kid. */
static int wrap(ejwt_key *out)
{
    char thumb[EJWT_THUMBPRINT_LEN + 1u];
    int err;

    err = ejwt_key_from_psa(EJWT_DEVICE_KEY_ID, EJWT_ALG_ES256, NULL, out);
    if (err == EJWT_OK) {
        err = ejwt_jwk_thumbprint(out, thumb);
    }
    if (err == EJWT_OK) {
        err = ejwt_key_from_psa(EJWT_DEVICE_KEY_ID, EJWT_ALG_ES256, thumb, out);
    }
    if (err != EJWT_OK) {
        memset(out, 0, sizeof(*out));
    }
    return err;
}

int ejwt_device_key_get(ejwt_key *out)
{
    EJWT_REQUIRE(out != NULL);
    return wrap(out);
}

int ejwt_device_key_provision(ejwt_key *out, int *created)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st;
    int err;

    EJWT_REQUIRE(out != NULL);
    memset(out, 0, sizeof(*out));
    if (created != NULL) {
        *created = 0;
    }
    st = psa_get_key_attributes(device_key_id(), &attr);
    psa_reset_key_attributes(&attr);
    if (st == PSA_SUCCESS) {
        return wrap(out);
    }
    if (st != PSA_ERROR_INVALID_HANDLE && st != PSA_ERROR_DOES_NOT_EXIST) {
        return ejwt_platform_psa_err(st);
    }
    device_key_attributes(&attr);
    st = psa_generate_key(&attr, &id);
    psa_reset_key_attributes(&attr);
    err = ejwt_platform_psa_err(st);
    if (err != EJWT_OK) {
        return err;
    }
    if (created != NULL) {
        *created = 1;
    }
    return wrap(out);
}

int ejwt_device_key_import(const uint8_t *d, size_t len, ejwt_key *out)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    psa_status_t st;

    EJWT_REQUIRE(out != NULL && (d != NULL || len == 0u));
    memset(out, 0, sizeof(*out));
    if (len != P256_SCALAR_LEN) {
        return EJWT_ERR_KEY_INVALID;
    }
    device_key_attributes(&attr);
    st = psa_import_key(&attr, d, len, &id);
    psa_reset_key_attributes(&attr);
    if (st == PSA_ERROR_INVALID_ARGUMENT) {
        return EJWT_ERR_KEY_INVALID;
    }
    if (st != PSA_SUCCESS) {
        return ejwt_platform_psa_err(st);
    }
    return wrap(out);
}

int ejwt_device_key_public_jwk(char *out, size_t cap, size_t *out_len)
{
    ejwt_key key;
    int err;

    EJWT_REQUIRE(out_len != NULL && (out != NULL || cap == 0u));
    *out_len = 0;
    if (cap > 0u) {
        out[0] = '\0';
    }
    err = wrap(&key);
    if (err == EJWT_OK) {
        err = ejwt_jwk_export_public(&key, out, cap, out_len);
    }
    return err;
}

int ejwt_device_key_thumbprint(char out[EJWT_THUMBPRINT_LEN + 1])
{
    ejwt_key key;
    int err;

    EJWT_REQUIRE(out != NULL);
    err = wrap(&key);
    if (err == EJWT_OK) {
        memcpy(out, key.kid, (size_t)key.kid_len + 1u);
    }
    return err;
}

int ejwt_device_key_destroy(void)
{
    psa_status_t st = psa_destroy_key(device_key_id());

    if (st == PSA_ERROR_INVALID_HANDLE || st == PSA_ERROR_DOES_NOT_EXIST) {
        return EJWT_ERR_KEY_NOT_FOUND;
    }
    return ejwt_platform_psa_err(st);
}
