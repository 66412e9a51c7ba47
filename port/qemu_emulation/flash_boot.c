/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EMULATION-ONLY: the QEMU boards' flash region for PSA ITS. The region is
 * the host file of flash_file.c, named by the runner on the semihosting
 * command line; it is handed to the generic glue's ejwt_mcu_storage_mount()
 * (port/mcu/storage.c), exactly as a product hands over its flash driver's
 * ::ejwt_flash. The reset handler (startup.c) calls ejwt_bm_its_boot()
 * whenever this file is linked, so PSA finds its keys from the start.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/error.h"
#include "ejwt/platform/its_kv.h"
#include "ejwt/qemu_board.h"
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

void ejwt_bm_its_boot(void);

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

    /* Detached until the mount succeeds. */
    ejwt_its_kv_attach(NULL);
    flash_path(path, sizeof path);
    rc = ejwt_bm_flash_file_open(&flash_file, path,
                                 EJWT_BM_FLASH_SECTORS * EJWT_BM_FLASH_SECTOR_SIZE,
                                 EJWT_BM_FLASH_SECTOR_SIZE, EJWT_BM_FLASH_PROG_SIZE);
    if (rc != EJWT_OK) {
        return rc;
    }
    return ejwt_mcu_storage_mount(&flash_file.flash);
}

void ejwt_bm_its_boot(void)
{
    /* A failed mount leaves storage detached; PSA reports it per call. */
    (void)ejwt_bm_storage_mount();
}
