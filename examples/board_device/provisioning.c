/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Factory data in a read-only flash region (see provisioning.h).
 */
#include "provisioning.h"

#include <stdint.h>
#include <string.h>

#include "ejwt/qemu_board.h"
#include "ejwt/error.h"

/* Flash geometry of the region: one sector, programmed by the station. */
#define REGION_PROG_SIZE 8u

int provisioning_read(const char *path, char *buf, size_t cap, size_t *len)
{
    static ejwt_bm_flash_file region;
    size_t n = cap < PROVISIONING_REGION_SIZE ? cap : PROVISIONING_REGION_SIZE;
    size_t i;
    int err = ejwt_bm_flash_file_open(&region, path, PROVISIONING_REGION_SIZE,
                                      PROVISIONING_REGION_SIZE, REGION_PROG_SIZE);

    if (err == EJWT_OK) {
        err = region.flash.read(region.flash.ctx, 0, buf, n);
    }
    if (err != EJWT_OK) {
        return err;
    }
    for (i = 0; i < n && (uint8_t)buf[i] != region.flash.erased_value; i++) {
    }
    if (i == n) {
        return EJWT_ERR_LIMIT;
    }
    buf[i] = '\0';
    *len = i;
    return i == 0u ? EJWT_ERR_STORAGE_NOT_FOUND : EJWT_OK;
}
