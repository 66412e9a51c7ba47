/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Factory data: what a device needs before its first connection - here the
 * trust anchor, the backend's CA certificate - written by the provisioning
 * station into a flash region of its own, which the firmware only reads.
 *
 * EMULATION-ONLY: QEMU models no such flash, so on these boards the region
 * is a host file read through the port's flash-file API (ejwt/qemu_board.h):
 * the station copies the text into the file (scripts/demo: the backend's
 * ca.pem), and the bytes after it read as erased flash (0xFF). A real board
 * reads its own factory region with its flash driver instead.
 */
#ifndef EJWT_BOARD_PROVISIONING_H
#define EJWT_BOARD_PROVISIONING_H

#include <stddef.h>

/* The region holding the trust anchor (PEM), relative to QEMU's folder. */
#define PROVISIONING_TRUST_ANCHOR "provisioning.flash"
/* Size of a factory region: the largest text it holds, terminator included. */
#define PROVISIONING_REGION_SIZE 2048u

/* Read the text of the region \p path (up to its first erased byte) into
 * \p buf, terminated; \p len receives its length without the terminator.
 * EJWT_OK; EJWT_ERR_STORAGE_NOT_FOUND when the region is blank;
 * EJWT_ERR_LIMIT when it has no erased byte within \p cap; or the flash
 * file's error. */
int provisioning_read(const char *path, char *buf, size_t cap, size_t *len);

#endif /* EJWT_BOARD_PROVISIONING_H */
