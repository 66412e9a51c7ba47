/*
 * The device flow of docs/PROTOCOL.md, shared by the two device examples:
 * examples/host_device (posix port, plain TCP socket) and
 * examples/board_device (mps2-an385, TLS on the UART). Each main fills a
 * device_port - its transport, logger, clock and the few things only one of
 * them has - boots the flow with flow_boot() and runs steps with
 * flow_run_step().
 *
 * No malloc: every buffer is static and sized at compile time
 * (DEVICE_APP_BUF_SIZE, DEVICE_APP_ARGS_MAX).
 */
#ifndef EJWT_DEVICE_APP_FLOW_H
#define EJWT_DEVICE_APP_FLOW_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "../host_device/http.h"
#include "ejwt/platform.h"

#if defined(__GNUC__)
#define DEV_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define DEV_PRINTF_LIKE(f, a)
#endif

typedef enum dev_clock_mode {
    DEV_CLOCK_SYSTEM = 0, /* the port's wall clock */
    DEV_CLOCK_OFFSET,     /* shifted by clock_offset (tests: an expired assertion) */
    DEV_CLOCK_UNKNOWN,    /* no wall clock and no way to learn it */
    DEV_CLOCK_DATE        /* unknown until learned from the backend's Date header */
} dev_clock_mode;

/* One named step (the ports' own steps). */
typedef struct dev_step {
    const char *name;
    int (*fn)(void);
} dev_step;

/* What differs between the ports. The main fills it before flow_boot(). */
typedef struct device_port {
    /* One request on a fresh connection: EJWT_OK with *resp filled, or an
     * error (the port said why). */
    int (*exchange)(const char *method, const char *path, const char *ctype,
                    const char *authorization, const char *body, size_t body_len,
                    http_response *resp);
    /* Print one line: "device: " + the formatted text + newline. */
    void (*vsay)(const char *fmt, va_list ap);
    /* vsnprintf. */
    int (*vformat)(char *buf, size_t cap, const char *fmt, va_list ap);
    /* The port's clock and entropy; clock_mode hides or shifts its wall time. */
    const ejwt_platform *base;
    dev_clock_mode clock_mode;
    int64_t clock_offset;
    /* Optional hooks (NULL: none). */
    int (*provision_trust_anchor)(void); /* at boot, after the configuration */
    void (*time_learned)(void);          /* the clock was set from a Date header */
    const char *(*link_info)(void);      /* said after the registration */
    /* The api step's report (the port's counters). */
    void (*report_api)(const http_response *resp);
    /* "reused" note only when the first pass found a valid token (board). */
    int reuse_note_first_pass_only;
    const char *client_id_prefix; /* default client id: prefix + kid prefix */
    const dev_step *steps;        /* the port's own steps, {NULL, NULL} ends */
    /* Options. */
    const char *client_id; /* client id to register, or NULL */
    const char *aud;       /* assertion audience instead of the token endpoint */
    uint32_t margin;       /* refresh this long before expiry (seconds) */
    long count;            /* iterations of the loops; <= 0 forever */
} device_port;

void dev_say(const char *fmt, ...) DEV_PRINTF_LIKE(1, 2);
int dev_fail(int err, const char *what);

/* Boot: platform hooks, crypto, token store, the provisioned configuration
 * and the session, the port's trust anchor. EJWT_OK, or the error (said). */
int flow_boot(const device_port *port);

/* The client id when provisioned, else NULL. */
const char *flow_client_id(void);

/* The session's "now": the platform clock, or the time learned from a Date. */
int64_t flow_now(void);

/* Run the step named [s, s+n): EJWT_OK, an error, or 1 for an unknown name. */
int flow_run_step(const char *s, size_t n);

/* Power-cut test with the network: refresh again and again (count times). */
int flow_step_refresh_loop(void);

/* Say this boot's session counters (nothing before a session exists). */
void flow_say_session_stats(void);

#endif /* EJWT_DEVICE_APP_FLOW_H */
