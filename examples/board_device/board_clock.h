/*
 * The demo firmware's clock (main.c): the board's wall time unless a test
 * mode hides or shifts it, else the time the session learned from the
 * backend's Date header. EJWT_TIME_UNKNOWN when there is none.
 */
#ifndef EJWT_BOARD_CLOCK_H
#define EJWT_BOARD_CLOCK_H

#include <stdint.h>

int64_t board_clock_now(void);

#endif /* EJWT_BOARD_CLOCK_H */
