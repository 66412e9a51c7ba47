/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board's secure storage: the flash key-value store (platform/kvstore.c)
 * on the board's flash region, handed to PSA ITS (platform/its_kv.c). Here
 * the region is the EMULATION-ONLY host file of flash_file.c, named by the
 * runner on the semihosting command line; a real board passes its flash
 * driver's ::ejwt_flash to the same mount and attach calls.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/baremetal.h"
#include "ejwt/error.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/platform/kvstore.h"
#include "semihost.h"

/* Room for the device key, the token store's key and entries, and the
 * sector the store keeps erased. 4 KiB sectors hold the store's largest
 * record (EJWT_KV_MAX_VALUE). */
#ifndef EJWT_BM_FLASH_SECTORS
#define EJWT_BM_FLASH_SECTORS 8u
#endif
#define EJWT_BM_FLASH_SECTOR_SIZE 4096u
#define EJWT_BM_FLASH_PROG_SIZE 8u

/* The command line is "<kernel> ... ejwt-flash=PATH" (boards/qemu-run). */
#define FLASH_ARG "ejwt-flash="
#define CMDLINE_MAX 240u

static ejwt_bm_flash_file flash_file;
static ejwt_kv kv;

/* EMULATION-ONLY: the flash file's path from the semihosting command line,
 * copied into \p path; empty when the runner named none. */
static void flash_path(char *path, size_t cap)
{
    char line[CMDLINE_MAX];
    uintptr_t args[2];
    const char *p;
    size_t n;

    path[0] = '\0';
    args[0] = (uintptr_t)line;
    args[1] = sizeof line;
    if (ejwt_semihost(SH_SYS_GET_CMDLINE, args) != 0u || args[1] >= sizeof line) {
        return;
    }
    line[args[1]] = '\0';
    /* A plain scan: newlib's strstr would add 1 KB to every image. */
    for (p = line; *p != '\0' && strncmp(p, FLASH_ARG, sizeof FLASH_ARG - 1u) != 0; p++) {
    }
    if (*p == '\0') {
        return;
    }
    p += sizeof FLASH_ARG - 1u;
    n = strlen(p);
    if (n < cap) {
        memcpy(path, p, n + 1u);
    }
}

int ejwt_bm_storage_mount(void)
{
    char path[CMDLINE_MAX];
    int rc;

    ejwt_its_kv_attach(NULL);
    flash_path(path, sizeof path);
    rc = ejwt_bm_flash_file_open(&flash_file, path,
                                 EJWT_BM_FLASH_SECTORS * EJWT_BM_FLASH_SECTOR_SIZE,
                                 EJWT_BM_FLASH_SECTOR_SIZE, EJWT_BM_FLASH_PROG_SIZE);
    if (rc != EJWT_OK) {
        return rc;
    }
    /* A blank region (first use) is formatted by the mount. A corrupt one
     * is left alone - erasing it would destroy a device key - and storage
     * stays detached: PSA then finds no persistent key and cannot store one. */
    rc = ejwt_kv_mount(&kv, &flash_file.flash);
    if (rc == EJWT_OK) {
        ejwt_its_kv_attach(&kv);
    }
    return rc;
}
