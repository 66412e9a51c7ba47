/* SPDX-License-Identifier: Apache-2.0 */
/*
 * boards.two_boot: one image booted twice on the same flash file (the
 * board's emulated persistent flash). It provisions the device key and
 * prints whether this boot created it and its thumbprint; two_boot.sh checks
 * that the first boot created it, the second found it by id (created=0) and
 * both print the same thumbprint - the key lives in flash, not in RAM.
 */
#include <stddef.h>
#include <stdint.h>

#include <psa/crypto.h>

#include "ejwt/qemu_board.h"
#include "ejwt/platform/device_key.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"

int main(void);

int main(void)
{
    char thumb[EJWT_THUMBPRINT_LEN + 1];
    ejwt_key key;
    uint8_t sig[64];
    size_t n = 0;
    int created = -1;
    int rc;

    if (ejwt_platform_set(ejwt_mcu_platform()) != EJWT_OK || ejwt_crypto_init() != EJWT_OK) {
        ejwt_bm_puts("two_boot: init failed\n");
        return 1;
    }
    rc = ejwt_device_key_provision(&key, &created);
    if (rc == EJWT_OK) {
        rc = ejwt_device_key_thumbprint(thumb);
    }
    if (rc == EJWT_OK) {
        /* The key found by id must still sign. */
        rc = ejwt_signature_sign(&key, (const uint8_t *)"m", 1, sig, sizeof sig, &n);
    }
    if (rc != EJWT_OK) {
        ejwt_bm_printf("two_boot: %s\n", ejwt_error_name(rc));
        return 1;
    }
    ejwt_bm_printf("two_boot: created=%d thumbprint=%s\n", created, thumb);
    return 0;
}
