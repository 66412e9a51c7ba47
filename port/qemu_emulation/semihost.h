/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm semihosting (the "bkpt 0xab" interface of M-profile cores). QEMU runs
 * with -semihosting-config enable=on,target=native, so these calls reach the
 * host: console, exit status, host clock and host files.
 */
#ifndef EJWT_BM_SEMIHOST_H
#define EJWT_BM_SEMIHOST_H

#include <stdint.h>

#define SH_SYS_OPEN 0x01u
#define SH_SYS_CLOSE 0x02u
#define SH_SYS_WRITE0 0x04u
#define SH_SYS_WRITE 0x05u
#define SH_SYS_READ 0x06u
#define SH_SYS_SEEK 0x0Au
#define SH_SYS_FLEN 0x0Cu
#define SH_SYS_TIME 0x11u
#define SH_SYS_GET_CMDLINE 0x15u
#define SH_SYS_EXIT 0x18u
#define SH_SYS_EXIT_EXTENDED 0x20u

#define SH_ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define SH_OPEN_MODE_RB 1u
#define SH_OPEN_MODE_RPLUSB 3u /* read and write, the file must exist */
#define SH_OPEN_MODE_WPLUSB 7u /* read and write, created or truncated */

static inline uintptr_t ejwt_semihost(uintptr_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

#endif /* EJWT_BM_SEMIHOST_H */
