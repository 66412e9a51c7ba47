/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The example device's sealed records (see device_config.h).
 */
#include "device_config.h"

#include <string.h>

/* One work buffer for both records, used one at a time. */
static uint8_t g_work[EJWT_DEVICE_CONFIG_WORK_SIZE];

typedef char dev_jwks_fits[(DEV_JWKS_MAX + EJWT_SEALED_RECORD_OVERHEAD <= sizeof(g_work) &&
                            DEV_JWKS_MAX <= EJWT_SEALED_RECORD_MAX)
                               ? 1
                               : -1];

int dev_config_save(const ejwt_device_config *cfg)
{
    return ejwt_device_config_save(cfg, g_work, sizeof(g_work));
}

int dev_config_load(ejwt_device_config *cfg)
{
    return ejwt_device_config_load(cfg, EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP, g_work, sizeof(g_work));
}

int dev_jwks_save(const char *jwks, size_t len)
{
    int err;

    if (len == 0u) {
        return ejwt_sealed_record_remove(DEV_JWKS_UID);
    }
    if (len > DEV_JWKS_MAX) {
        return EJWT_ERR_LIMIT;
    }
    err = ejwt_sealed_record_save(DEV_JWKS_UID, DEV_JWKS_KIND, (const uint8_t *)jwks, len, g_work,
                                  sizeof(g_work));
    memset(g_work, 0, sizeof(g_work));
    return err;
}

int dev_jwks_load(char *jwks, size_t *len)
{
    int err = ejwt_sealed_record_load(DEV_JWKS_UID, DEV_JWKS_KIND, (uint8_t *)jwks, DEV_JWKS_MAX,
                                      len, g_work, sizeof(g_work));

    memset(g_work, 0, sizeof(g_work));
    if (err == EJWT_ERR_STORAGE_NOT_FOUND) {
        *len = 0;
        err = EJWT_OK;
    }
    jwks[err == EJWT_OK ? *len : 0u] = '\0';
    if (err != EJWT_OK) {
        *len = 0;
    }
    return err;
}
