/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Factory data: what a device needs before its first connection, written
 * by the provisioning station into a flash region of its own, which the
 * firmware only reads. The region holds text (flow_factory_parse(),
 * examples/device_app/flow.h): "name=value" lines, then the trust anchor,
 * the server's CA certificate in PEM:
 *
 *     issuer=https://localhost:8443            the issuer URL (discovery)
 *     grant=client_credentials|device_code     how the device gets tokens
 *     scope=telemetry commands                 optional
 *     client_id=ID                             optional: a client the server's
 *                                              administrator made (else RFC 7591)
 *     client_name=NAME                         optional: the registration's name
 *     profile=rfc|glewlwyd                     optional: Glewlwyd's registration
 *     api=/api/telemetry                       optional: the API it reports to
 *     command=/command                         optional: where signed commands are
 *     -----BEGIN CERTIFICATE-----
 *     ...
 *
 * A region holding only the PEM is what an earlier firmware read; it is
 * enough for a device that is already provisioned.
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

/* The factory region (the text above), relative to QEMU's folder. */
#define PROVISIONING_FACTORY "provisioning.flash"
/* Size of a factory region: the largest text it holds, terminator included. */
#define PROVISIONING_REGION_SIZE 2048u

/* Read the text of the region \p path (up to its first erased byte) into
 * \p buf, terminated; \p len receives its length without the terminator.
 * EJWT_OK; EJWT_ERR_STORAGE_NOT_FOUND when the region is blank;
 * EJWT_ERR_LIMIT when it has no erased byte within \p cap; or the flash
 * file's error. */
int provisioning_read(const char *path, char *buf, size_t cap, size_t *len);

#endif /* EJWT_BOARD_PROVISIONING_H */
