/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The firmware's clock, for TLS (tls_platform.c): the session's "now"
 * (flow_now(): the board's wall time, else the time learned from the
 * backend's Date header), defined by the image's main. EJWT_TIME_UNKNOWN
 * when there is none.
 */
#ifndef EJWT_BOARD_CLOCK_H
#define EJWT_BOARD_CLOCK_H

#include <stdint.h>

int64_t board_clock_now(void);

#endif /* EJWT_BOARD_CLOCK_H */
