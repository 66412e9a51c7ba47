/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Two of the board hooks the generic MCU glue calls by name (ejwt/mcu.h);
 * the third, ejwt_mcu_entropy(), is in insecure_entropy.c.
 */
#include <stdint.h>

#include <ejwt/error.h>
#include <ejwt/mcu.h>

#include "console.h"

/* The evaluation board has no battery-backed RTC, and nothing sets one: the
 * clock is unknown, as the contract allows. Signing and verifying with an
 * explicit time need no clock (main.c passes one); the session would. */
int ejwt_mcu_wall_time(int64_t *now)
{
    (void)now;
    return EJWT_ERR_TIME_UNKNOWN;
}

/* Mbed TLS found its arena corrupted. A product resets here; the example
 * reports and stops with a failure status. */
void ejwt_mcu_panic(int code)
{
    console_puts("\n*** Mbed TLS panic: arena corrupted\n");
    example_exit(code != 0 ? code : 3);
}
