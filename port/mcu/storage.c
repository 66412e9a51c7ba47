/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MCU's secure storage: the flash key-value store (platform/kvstore.c)
 * on the product's flash region, handed to PSA ITS (platform/its_kv.c). The
 * product passes its flash driver's ::ejwt_flash; the QEMU boards pass the
 * host-file flash of port/qemu_emulation.
 */
#include <stddef.h>

#include "ejwt/error.h"
#include "ejwt/mcu.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"

static ejwt_kv kv;

int ejwt_mcu_storage_mount(const ejwt_flash *flash)
{
    int rc;

    ejwt_its_kv_attach(NULL);
    if (flash == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    /* A blank region (first use) is formatted by the mount. A corrupt one
     * is left alone - erasing it would destroy a device key - and storage
     * stays detached: PSA then finds no persistent key and cannot store one. */
    rc = ejwt_kv_mount(&kv, flash);
    if (rc == EJWT_OK) {
        ejwt_its_kv_attach(&kv);
    }
    return rc;
}
