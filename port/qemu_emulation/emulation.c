/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EMULATION-ONLY board hooks of the generic MCU glue (ejwt/mcu.h). QEMU
 * models no RTC and no TRNG on the boards we run, so wall time and entropy
 * come from the host through semihosting, and a panic prints and ends the
 * emulation. A real product defines the same three functions over its RTC,
 * its TRNG and a reset. Never ship these: a device whose "TRNG" is a
 * semihosting call has no entropy at all once the debugger is gone.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ejwt/qemu_board.h"
#include "ejwt/error.h"
#include "semihost.h"

#ifndef EJWT_BM_ENTROPY_FILE
#define EJWT_BM_ENTROPY_FILE "/dev/urandom"
#endif

int ejwt_mcu_wall_time(int64_t *now)
{
    /* SYS_TIME: seconds since 1970 from the host clock. A real board would
     * read its RTC and answer EJWT_ERR_TIME_UNKNOWN until it was set. */
    uintptr_t t = ejwt_semihost(SH_SYS_TIME, NULL);
    if (t == 0u || t == (uintptr_t)-1) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = (int64_t)t;
    return EJWT_OK;
}

/* Host handle of the entropy file, opened on first use; -1 if it failed. */
static intptr_t entropy_handle = -2;

int ejwt_mcu_entropy(uint8_t *buf, size_t len)
{
    uintptr_t args[3];
    size_t done = 0;

    if (entropy_handle == -2) {
        static const char path[] = EJWT_BM_ENTROPY_FILE;
        args[0] = (uintptr_t)path;
        args[1] = SH_OPEN_MODE_RB;
        args[2] = sizeof path - 1u;
        entropy_handle = (intptr_t)ejwt_semihost(SH_SYS_OPEN, args);
    }
    if (entropy_handle < 0) {
        memset(buf, 0, len);
        return EJWT_ERR_ENTROPY;
    }
    while (done < len) {
        /* SYS_READ answers the number of bytes it did NOT read. */
        uintptr_t left;
        args[0] = (uintptr_t)entropy_handle;
        args[1] = (uintptr_t)(buf + done);
        args[2] = len - done;
        left = ejwt_semihost(SH_SYS_READ, args);
        if (left >= len - done) {
            memset(buf, 0, len);
            return EJWT_ERR_ENTROPY;
        }
        done += (len - done) - left;
    }
    return EJWT_OK;
}

void ejwt_mcu_panic(int code)
{
    /* Mbed TLS found its arena corrupted (mbedtls_exit()). A product resets
     * here; the emulation says so and fails the run. */
    ejwt_bm_printf("\n*** Mbed TLS panic %d (arena corrupted?)\n", code);
    ejwt_bm_exit(code != 0 ? code : 1);
}
