/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scenario driver of the end-to-end tests (tests/e2e, tests/e2e_board):
 * the device flow of examples/device_app run as named steps, plus what only
 * the tests need - steps that force a token request, replay a request,
 * damage or dump the stored tokens, save or refresh in a loop for the
 * power-cut tests - and clock modes that hide or shift the wall clock.
 *
 * Two images use it: ejwt_device_driver (host, host_main.c, the host
 * example's TCP transport) and ejwt_board_device_driver (mps2-an385,
 * board_main.c, the board example's TLS link). Each fills a driver_options
 * and a flow_port, boots with driver_boot() and runs steps with
 * driver_run_step().
 *
 * No malloc: every buffer is static.
 */
#ifndef EJWT_DEVICE_DRIVER_H
#define EJWT_DEVICE_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "../../examples/device_app/flow.h"

typedef enum drv_clock_mode {
    DRV_CLOCK_SYSTEM = 0, /* the port's wall clock */
    DRV_CLOCK_OFFSET,     /* shifted by clock_offset (an expired assertion) */
    DRV_CLOCK_UNKNOWN,    /* no wall clock and no way to learn it */
    DRV_CLOCK_DATE        /* unknown until learned from the backend's Date header */
} drv_clock_mode;

/* One named step. */
typedef struct drv_step {
    const char *name;
    int (*fn)(void);
} drv_step;

/* What the image sets before driver_boot(). */
typedef struct driver_options {
    flow_factory factory;         /* what provisioning starts from (issuer, grant, ...) */
    const char *client_id_prefix; /* default client name: prefix + kid prefix */
    const char *aud;              /* assertion audience instead of the token endpoint */
    uint32_t margin;              /* refresh this long before expiry (seconds) */
    long count;                   /* iterations of the loops; <= 0 forever */
    unsigned attempts;            /* most requests of one call (0: the flow's default) */
    uint32_t wait_max_ms;         /* longest wait sat out (0: the flow's default) */
    uint32_t uptime_rate;         /* the device's uptime in percent of real time (0: 100) */
    drv_clock_mode clock_mode;
    int64_t clock_offset;
    /* The api step's report (the port's counters). */
    void (*report_api)(const http_response *resp);
    /* Said as "link: ..." after a registration (NULL: nothing). */
    const char *(*link_info)(void);
    const drv_step *steps; /* the image's own steps, {NULL, NULL} ends */
} driver_options;

/* Parse "system", "unknown", "date" or "offset:SECONDS" from [s, s+n) into
 * \p o. 0, or -1 for anything else. */
int driver_parse_clock(const char *s, size_t n, driver_options *o);

/* Boot the flow with \p port (its platform wrapped by the clock mode; its
 * trust_date set by it). EJWT_OK, or the error (said). */
int driver_boot(flow_port *port, const driver_options *opt);

/* The device the steps work on. */
flow_device *driver_device(void);

/* Run the step named [s, s+n): EJWT_OK, an error, or 1 for an unknown name. */
int driver_run_step(const char *s, size_t n);

#endif /* EJWT_DEVICE_DRIVER_H */
