/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fleet simulation (docs/FLEET.md): thousands of real ejwt sessions,
 * each with its own sealed token store, on one simulated clock, against a
 * simulated token endpoint that goes down for a while. Every request is
 * made by ejwt_session_prepare() (a real ES256 client assertion) and every
 * answer goes through ejwt_session_handle_response(): nothing of the
 * session is bypassed. The simulator only decides *when* each device wakes
 * (its report period, or the session's "not before"), answers the requests,
 * counts them per simulated second and checks the invariants below.
 *
 * Simulated platform: the wall clock and each device's uptime come from
 * the simulated clock (a device's uptime starts at its boot); the entropy
 * hook and the sessions' backoff randomness are seeded PRNGs, so a run is
 * reproducible from its seed (only the bytes of ECDSA signatures and
 * sealing nonces, drawn by Mbed TLS's own RNG, differ between runs; no
 * decision depends on them). PSA secure storage is in RAM: the token
 * store's three uids are kept per device (the device being driven is the
 * namespace), every other uid (the sealing key, the device key) is shared.
 *
 * Invariants (--check makes any violation exit 1):
 *  I1  no request before the session's not_before_ms;
 *  I2  every backoff wait is within its attempt's window: at least
 *      EJWT_RETRY_MIN_MS and at most min(EJWT_RETRY_CAP_MS,
 *      EJWT_RETRY_BASE_MS * 2^(n-1)) after the n-th failure in a row (with
 *      Retry-After R: R to R + min(R, window)); n is counted here, from the
 *      answers, so the growing cap is the header's, not the session's;
 *  I3  the waits are jittered: over the (at least --min-waits, by default
 *      JITTER_MIN_SAMPLES)
 *      waits whose window is at least JITTER_MIN_WINDOW_MS, wait/window has
 *      mean 0.5 and each quarter of [0, 1] holds a quarter of them, within
 *      JITTER_SIGMAS standard deviations of a uniform sample of that size;
 *  I4  no session stops: no terminal error, no prepare without a decision,
 *      and while failing the next request comes no later than the largest
 *      wait of I2;
 *  I5  recovery: every device that was failing when the outage ended has
 *      a token again within RECOVERY_BOUND (the largest window plus one
 *      report period), and every device holds an unexpired token at the end;
 *  I6  no stampede: no minute during the outage or in the recovery window
 *      after it sees more token requests than the backoff bound: the
 *      busiest minute of the steady state before it times
 *      1 + log2(1 + outage seconds). Devices start failing at most at the
 *      steady renewal rate, and a device failing for T seconds with full
 *      jitter has made about 1 + log2(1 + T) attempts (its waits average
 *      half a window that doubles from 2 s), so the retry load cannot
 *      exceed that multiple; a fleet retrying without backoff would (a
 *      fixed 0.5 s wait makes 2T attempts). Seconds are reported too, but
 *      a small fleet's seconds are too noisy to bound;
 *  I7  the server saw no request it would refuse (a stale refresh token, a
 *      wrong client id) and every sampled client assertion verifies.
 *
 * --broken no-jitter (a test-only switch of the simulator: the sessions'
 * random source returns a constant) must be caught by I3; --broken
 * min-wait (the random source returns 0: every wait is the minimum) by I6.
 */
#define _DEFAULT_SOURCE

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <ejwt/auth.h>
#include <ejwt/ejwt.h>
#include <ejwt/platform.h>
#include <ejwt/platform/device_key.h>
#include <ejwt/platform/token_store.h>
#include <psa/crypto.h>
#include <psa/internal_trusted_storage.h>

/* ---- bounds --------------------------------------------------------- */
#define FLEET_MAX_SESSIONS 10000u
#define FLEET_MAX_SECONDS 172800u /* the per-second counters: two days */
#define FLEET_ITS_PER_DEVICE 3u   /* counter, access, refresh */
#define FLEET_ITS_SLOT_CAP 192u   /* a sealed entry of the simulated tokens */
#define FLEET_ITS_SHARED 8u       /* PSA key files and anything else */
#define FLEET_ITS_SHARED_CAP 1024u
#define FLEET_BUF 2048u        /* request body / bearer buffer */
#define FLEET_RESP 512u        /* response body */
#define FLEET_STEP_MAX 8       /* prepares in one wake before "no decision" */
#define FLEET_SAMPLES 2000000u /* refresh-spread and wait samples kept */
#define FLEET_VERIFY_EVERY 997u
#define FLEET_ID_LEN 16u
#define FLEET_MAX_REPORTED 20u
#define FLEET_MAX_DOUBLINGS 31u /* BASE << 31 still fits in 64 bits, far above the cap */
#define FLEET_FIELD 160u

#define T0 INT64_C(1800000000) /* Fri, 15 Jan 2027 08:00:00 GMT: the simulated midnight */
#define MS 1000u
#define BOOT_UPTIME_MS 1000u /* uptime when a device's loop starts */
#define TOKEN_URL "https://as.fleet.example/oauth2/token"
#define ISSUER "https://as.fleet.example/oauth2"

#define JITTER_MIN_WINDOW_MS 4000u /* the 500 ms floor stays inside the first quarter */
#define JITTER_MIN_SAMPLES 500u
#define JITTER_SIGMAS 4.0 /* the tolerance of I3, in standard deviations */
#define RECOVERY_BOUND_MS(period_ms) ((uint64_t)EJWT_RETRY_CAP_MS + (period_ms))

/* ---- options -------------------------------------------------------- */
enum outage_kind {
    OUT_503 = 0,
    OUT_NO_ANSWER = 1
};
enum broken_kind {
    BROKEN_NONE = 0,
    BROKEN_NO_JITTER = 1,
    BROKEN_MIN_WAIT = 2
};

typedef struct options {
    uint32_t sessions;
    uint64_t duration_s;
    uint64_t outage_start_s, outage_len_s;
    uint32_t lifetime_s, margin_s, period_s;
    uint32_t start_spread_s; /* 0: every device boots at 0 (cold start) */
    int outage;
    uint32_t retry_after_s; /* 0: none */
    int refresh;            /* 1: refresh tokens with rotation; 0: client_credentials only */
    uint32_t capacity;      /* requests per second answered; 0 = unlimited */
    uint64_t seed;
    int broken;
    int check;
    int timer_only;     /* 1: wake on the report timer only, not at ejwt_session_renewal_due() */
    uint32_t min_waits; /* I3 needs at least this many waits */
    const char *series, *json;
} options;

static options opt;

/* ---- deterministic randomness ---------------------------------------- */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* ---- the simulated clock and platform -------------------------------- */
static uint64_t now_ms;   /* simulated time since midnight */
static uint32_t cur;      /* the device being driven */
static uint64_t ent_seed; /* the entropy hook's PRNG */
static uint64_t boot_ms[FLEET_MAX_SESSIONS];

static int sim_wall(void *ctx, int64_t *now)
{
    (void)ctx;
    *now = T0 + (int64_t)(now_ms / MS);
    return EJWT_OK;
}

static uint64_t uptime_of(uint32_t d, uint64_t t)
{
    return t - boot_ms[d] + BOOT_UPTIME_MS;
}

static uint64_t sim_of_uptime(uint32_t d, uint64_t up)
{
    return up + boot_ms[d] - BOOT_UPTIME_MS;
}

static uint64_t sim_uptime(void *ctx)
{
    (void)ctx;
    return uptime_of(cur, now_ms);
}

static int sim_entropy(void *ctx, uint8_t *buf, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)splitmix(&ent_seed);
    }
    return EJWT_OK;
}

static const ejwt_platform sim_platform = {sim_wall, sim_uptime, sim_entropy, NULL};

/* ---- PSA ITS in RAM --------------------------------------------------- */
typedef struct its_hdr {
    psa_storage_uid_t uid;
    uint32_t len;
    uint8_t used;
    uint8_t flags;
} its_hdr;

typedef struct its_slot {
    its_hdr h;
    uint8_t data[FLEET_ITS_SLOT_CAP];
} its_slot;

typedef struct its_shared {
    its_hdr h;
    uint8_t data[FLEET_ITS_SHARED_CAP];
} its_shared;

static its_slot its_dev[FLEET_MAX_SESSIONS][FLEET_ITS_PER_DEVICE];
static its_shared its_sh[FLEET_ITS_SHARED];

/* The entry of \p uid: the driven device's for the token store's uids,
 * else a shared one (a free one when \p create). NULL: none. */
static its_hdr *its_find(psa_storage_uid_t uid, int create, uint8_t **data, uint32_t *cap)
{
    its_shared *free_slot = NULL;
    size_t i;

    if (uid >= EJWT_TOKEN_STORE_UID_COUNTER && uid <= EJWT_TOKEN_STORE_UID_REFRESH) {
        its_slot *s = &its_dev[cur][uid - EJWT_TOKEN_STORE_UID_COUNTER];
        *data = s->data;
        *cap = FLEET_ITS_SLOT_CAP;
        return &s->h;
    }
    for (i = 0; i < FLEET_ITS_SHARED; i++) {
        if (its_sh[i].h.used && its_sh[i].h.uid == uid) {
            free_slot = &its_sh[i];
            break;
        }
        if (!its_sh[i].h.used && free_slot == NULL && create) {
            free_slot = &its_sh[i];
        }
    }
    if (free_slot == NULL) {
        return NULL;
    }
    *data = free_slot->data;
    *cap = FLEET_ITS_SHARED_CAP;
    return &free_slot->h;
}

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags)
{
    uint8_t *data = NULL;
    uint32_t cap = 0;
    its_hdr *h = its_find(uid, 1, &data, &cap);

    if (uid == 0u) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if (h == NULL || data_length > cap) {
        return PSA_ERROR_INSUFFICIENT_STORAGE;
    }
    if (h->used && (h->flags & PSA_STORAGE_FLAG_WRITE_ONCE)) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    if (data_length > 0u) {
        memcpy(data, p_data, data_length); /* a RAM copy cannot tear: atomic */
    }
    h->uid = uid;
    h->len = data_length;
    h->used = 1;
    h->flags = (uint8_t)create_flags;
    return PSA_SUCCESS;
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void *p_data, size_t *p_data_length)
{
    uint8_t *data = NULL;
    uint32_t cap = 0, n;
    its_hdr *h = its_find(uid, 0, &data, &cap);

    if (h == NULL || !h->used) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (data_offset > h->len) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    n = h->len - data_offset < data_length ? h->len - data_offset : data_length;
    if (n > 0u) {
        memcpy(p_data, data + data_offset, n);
    }
    *p_data_length = n;
    return PSA_SUCCESS;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    uint8_t *data = NULL;
    uint32_t cap = 0;
    its_hdr *h = its_find(uid, 0, &data, &cap);

    if (h == NULL || !h->used) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    p_info->size = h->len;
    p_info->flags = h->flags;
    return PSA_SUCCESS;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid)
{
    uint8_t *data = NULL;
    uint32_t cap = 0;
    its_hdr *h = its_find(uid, 0, &data, &cap);

    if (h == NULL || !h->used) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (h->flags & PSA_STORAGE_FLAG_WRITE_ONCE) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    h->used = 0;
    h->len = 0;
    return PSA_SUCCESS;
}

/* ---- the fleet -------------------------------------------------------- */
typedef struct device {
    uint64_t rnd;           /* this session's backoff PRNG */
    uint64_t not_before;    /* sim ms the session asked to wait for (0: none) */
    uint64_t last_answer;   /* sim ms of the last failed answer */
    uint64_t max_wait;      /* the largest wait I2 allows after it */
    uint64_t renew_started; /* first request of the current renewal; 0 = none */
    uint64_t token_exp;     /* server side: expiry of the device's token (sim ms); 0 = none */
    uint32_t streak;        /* failed answers in a row (counted here) */
    uint32_t refresh_seq;   /* server side: the refresh token the device holds */
    uint8_t failing_at_end; /* failing when the outage ended */
    uint8_t stopped;        /* a terminal outcome (I4) */
} device;

static ejwt_session sess[FLEET_MAX_SESSIONS];
static ejwt_token_store store[FLEET_MAX_SESSIONS];
static device dev[FLEET_MAX_SESSIONS];
static char client_id[FLEET_MAX_SESSIONS][FLEET_ID_LEN];
static ejwt_key device_key, verify_key;

/* the event queue: a binary heap of (wake time, device) */
static uint64_t heap_t[FLEET_MAX_SESSIONS];
static uint32_t heap_d[FLEET_MAX_SESSIONS];
static uint32_t heap_n;

static void heap_swap(uint32_t a, uint32_t b)
{
    uint64_t t = heap_t[a];
    uint32_t d = heap_d[a];
    heap_t[a] = heap_t[b];
    heap_d[a] = heap_d[b];
    heap_t[b] = t;
    heap_d[b] = d;
}

static void heap_push(uint64_t t, uint32_t d)
{
    uint32_t i = heap_n++;
    heap_t[i] = t;
    heap_d[i] = d;
    while (i > 0u && heap_t[(i - 1u) / 2u] > heap_t[i]) {
        heap_swap(i, (i - 1u) / 2u);
        i = (i - 1u) / 2u;
    }
}

static uint32_t heap_pop(uint64_t *t)
{
    uint32_t d = heap_d[0], i = 0;
    *t = heap_t[0];
    heap_n--;
    heap_t[0] = heap_t[heap_n];
    heap_d[0] = heap_d[heap_n];
    for (;;) {
        uint32_t l = 2u * i + 1u, r = l + 1u, m = i;
        if (l < heap_n && heap_t[l] < heap_t[m]) {
            m = l;
        }
        if (r < heap_n && heap_t[r] < heap_t[m]) {
            m = r;
        }
        if (m == i) {
            return d;
        }
        heap_swap(i, m);
        i = m;
    }
}

/* ---- measurements ----------------------------------------------------- */
static uint32_t req_per_s[FLEET_MAX_SECONDS];
static uint32_t fail_per_s[FLEET_MAX_SECONDS];
static uint32_t retry_per_s[FLEET_MAX_SECONDS]; /* requests after a failure */
static int32_t spread_start[FLEET_SAMPLES];     /* s before expiry a renewal began */
static int32_t spread_done[FLEET_SAMPLES];      /* s before expiry it succeeded */
static uint32_t n_spread;
static float jitter_u[FLEET_SAMPLES]; /* wait / window (I3) */
static uint32_t n_jitter;

typedef struct totals {
    uint64_t requests, failures, tokens, refreshes, grants, api_calls, prepares;
    uint64_t assertions, verified, lapses, lapse_ms, overloaded;
    uint64_t violations;
    uint32_t max_streak;
    uint64_t recovered_last_ms; /* the last failing device's success after the outage */
    uint32_t failing_at_end;
} totals;

static totals tot;
static double stampede_bound; /* I6, req/s over a minute; 0 until the outage starts */
static int stampede_seen;     /* I6 failed: the run stops (a retry storm costs signatures) */

static void violation(uint32_t d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Count a violation; print the first FLEET_MAX_REPORTED. */
static void violation(uint32_t d, const char *fmt, ...)
{
    tot.violations++;
    if (tot.violations <= FLEET_MAX_REPORTED) {
        va_list ap;
        (void)fprintf(stderr, "violation: device %" PRIu32 " at %.3f s: ", d, (double)now_ms / MS);
        va_start(ap, fmt);
        (void)vfprintf(stderr, fmt, ap);
        va_end(ap);
        (void)fputc('\n', stderr);
    }
}

static int in_outage(uint64_t t)
{
    return t >= opt.outage_start_s * MS && t < (opt.outage_start_s + opt.outage_len_s) * MS;
}

/* ---- the simulated token endpoint -------------------------------------- */
static uint32_t server_seq[FLEET_MAX_SESSIONS];
static uint64_t served_second = UINT64_MAX;
static uint32_t served_in_second;

/* The value of form field \p name (the simulated values need no decoding). */
static int form_field(const char *body, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    const char *p = body;

    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, '&');
        size_t flen = end != NULL ? (size_t)(end - p) : strlen(p);
        if (flen > n && p[n] == '=' && memcmp(p, name, n) == 0) {
            if (flen - n - 1u >= cap) {
                return -1;
            }
            memcpy(out, p + n + 1u, flen - n - 1u);
            out[flen - n - 1u] = '\0';
            return 0;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return -1;
}

/* A sampled assertion, checked as a backend does (RFC 7523 section 3). */
static int verify_assertion(const char *body, uint32_t d)
{
    static char jwt[FLEET_BUF];
    static uint8_t work[FLEET_BUF];
    ejwt_verify_opts o;
    ejwt_jwt out;

    if (form_field(body, "client_assertion", jwt, sizeof(jwt)) != 0) {
        return EJWT_ERR_INVALID_ARG;
    }
    memset(&o, 0, sizeof(o));
    o.algs = EJWT_ALG_BIT(EJWT_ALG_ES256);
    o.now = T0 + (int64_t)(now_ms / MS);
    o.iss = client_id[d];
    o.sub = client_id[d];
    o.aud = TOKEN_URL;
    o.required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP |
                 EJWT_CLAIM_IAT | EJWT_CLAIM_JTI;
    return ejwt_jwt_verify(jwt, strlen(jwt), &verify_key, 1, &o, work, sizeof(work), NULL, &out);
}

/* Answer device \p d's request \p body into \p a (body in \p resp). */
static void serve(uint32_t d, const char *body, ejwt_session_answer *a, char *resp)
{
    static char field[FLEET_FIELD];
    static const char busy[] = "{\"error\":\"temporarily_unavailable\"}";
    static char ra[16];
    uint64_t sec = now_ms / MS;
    int n;

    memset(a, 0, sizeof(*a));
    if (in_outage(now_ms)) {
        if (opt.outage == OUT_503) {
            a->status = 503;
            if (opt.retry_after_s > 0u) {
                n = snprintf(ra, sizeof(ra), "%" PRIu32, opt.retry_after_s);
                a->retry_after = ra;
                a->retry_after_len = (size_t)n;
            }
        }
        return; /* no answer: status 0 */
    }
    if (sec != served_second) {
        served_second = sec;
        served_in_second = 0;
    }
    if (opt.capacity > 0u && ++served_in_second > opt.capacity) {
        tot.overloaded++;
        a->status = 503;
        a->body = busy;
        a->len = sizeof(busy) - 1u;
        return;
    }
    if (form_field(body, "client_id", field, sizeof(field)) != 0 ||
        strcmp(field, client_id[d]) != 0) {
        violation(d, "I7: server: wrong or missing client_id");
        a->status = 401;
        return;
    }
    if (form_field(body, "grant_type", field, sizeof(field)) == 0 &&
        strcmp(field, "refresh_token") == 0) {
        static char expect[FLEET_FIELD];
        (void)snprintf(expect, sizeof(expect), "rt.%" PRIu32 ".%" PRIu32, d, server_seq[d]);
        if (form_field(body, "refresh_token", field, sizeof(field)) != 0 ||
            strcmp(field, expect) != 0) {
            violation(d, "I7: server: stale refresh token (rotation broken)");
            a->status = 400;
            a->body = "{\"error\":\"invalid_grant\"}";
            a->len = strlen(a->body);
            return;
        }
        tot.refreshes++;
    } else if (strcmp(field, "client_credentials") == 0) {
        tot.grants++;
    } else {
        violation(d, "I7: server: unknown grant");
        a->status = 400;
        return;
    }
    if ((tot.requests % FLEET_VERIFY_EVERY) == 0u) {
        int err = verify_assertion(body, d);
        if (err != EJWT_OK) {
            violation(d, "I7: server: assertion refused: %s", ejwt_error_name(err));
        }
        tot.verified++;
    }
    server_seq[d]++;
    if (opt.refresh) {
        n = snprintf(resp, FLEET_RESP,
                     "{\"access_token\":\"at.%" PRIu32 ".%" PRIu32 "\",\"token_type\":\"Bearer\","
                     "\"expires_in\":%" PRIu32 ",\"refresh_token\":\"rt.%" PRIu32 ".%" PRIu32
                     "\",\"scope\":\"telemetry\"}",
                     d, server_seq[d], opt.lifetime_s, d, server_seq[d]);
    } else {
        n = snprintf(resp, FLEET_RESP,
                     "{\"access_token\":\"at.%" PRIu32 ".%" PRIu32 "\",\"token_type\":\"Bearer\","
                     "\"expires_in\":%" PRIu32 ",\"scope\":\"telemetry\"}",
                     d, server_seq[d], opt.lifetime_s);
    }
    a->status = 200;
    a->body = resp;
    a->len = (size_t)n;
}

/* ---- one device's wake-up: the application loop of session.h ----------- */
/* The window after the n-th failure in a row (n >= 1), from retry.h's
 * words: min(CAP, BASE * 2^(n-1)). */
static uint64_t window_ms(uint32_t n)
{
    uint32_t doublings = n - 1u < FLEET_MAX_DOUBLINGS ? n - 1u : FLEET_MAX_DOUBLINGS;
    uint64_t w = (uint64_t)EJWT_RETRY_BASE_MS << doublings;

    return w < EJWT_RETRY_CAP_MS ? w : EJWT_RETRY_CAP_MS;
}

static void on_request(uint32_t d)
{
    device *v = &dev[d];
    uint64_t sec = now_ms / MS;

    tot.requests++;
    if (sec < FLEET_MAX_SECONDS) {
        req_per_s[sec]++;
        if (v->streak > 0u) {
            retry_per_s[sec]++;
        }
    }
    if (v->not_before != 0u && now_ms < v->not_before) { /* I1 */
        violation(d, "%s: request at %" PRIu64 " ms before not_before %" PRIu64 " ms", "I1", now_ms,
                  v->not_before);
    }
    if (v->streak > 0u && now_ms - v->last_answer > v->max_wait) { /* I4 */
        violation(d, "%s: retry after %" PRIu64 " ms, more than the largest wait %" PRIu64, "I4",
                  now_ms - v->last_answer, v->max_wait);
    }
    if (v->renew_started == 0u) {
        v->renew_started = now_ms;
    }
    if (stampede_bound > 0.0 && !stampede_seen && sec >= 59u && sec < FLEET_MAX_SECONDS) {
        uint64_t i, minute = 0;
        for (i = sec - 59u; i <= sec; i++) {
            minute += req_per_s[i];
        }
        if ((double)minute / 60.0 > stampede_bound) { /* I6 */
            stampede_seen = 1;
            violation(d, "I6: stampede: %.2f requests/s in a minute, bound %.2f; run stopped",
                      (double)minute / 60.0, stampede_bound);
        }
    }
}

static void on_failure(uint32_t d)
{
    device *v = &dev[d];
    uint64_t nb = sim_of_uptime(d, ejwt_session_not_before(&sess[d]));
    uint64_t w = window_ms(v->streak + 1u), wait, lo, hi;

    v->streak++;
    tot.failures++;
    if (v->streak > tot.max_streak) {
        tot.max_streak = v->streak;
    }
    if (now_ms / MS < FLEET_MAX_SECONDS) {
        fail_per_s[now_ms / MS]++;
    }
    wait = nb > now_ms ? nb - now_ms : 0u;
    if (opt.retry_after_s > 0u && in_outage(now_ms)) {
        uint64_t ra = (uint64_t)opt.retry_after_s * MS;
        lo = ra;
        hi = ra + (ra < w ? ra : w);
        if (hi - lo >= JITTER_MIN_WINDOW_MS && n_jitter < FLEET_SAMPLES) {
            jitter_u[n_jitter++] = (float)((double)(wait - lo) / (double)(hi - lo));
        }
    } else {
        lo = EJWT_RETRY_MIN_MS;
        hi = w > EJWT_RETRY_MIN_MS ? w : EJWT_RETRY_MIN_MS;
        if (w >= JITTER_MIN_WINDOW_MS && n_jitter < FLEET_SAMPLES) {
            jitter_u[n_jitter++] = (float)((double)wait / (double)w);
        }
    }
    if (wait < lo || wait > hi) { /* I2 */
        violation(d, "%s: wait %" PRIu64 " ms outside its window (upper bound %" PRIu64 " ms)",
                  "I2", wait, hi);
    }
    v->not_before = nb;
    v->last_answer = now_ms;
    v->max_wait = hi;
}

static void on_success(uint32_t d)
{
    device *v = &dev[d];

    tot.tokens++;
    if (v->token_exp != 0u && n_spread < FLEET_SAMPLES) {
        spread_start[n_spread] =
            (int32_t)(((int64_t)v->token_exp - (int64_t)v->renew_started) / (int64_t)MS);
        spread_done[n_spread] = (int32_t)(((int64_t)v->token_exp - (int64_t)now_ms) / (int64_t)MS);
        n_spread++;
    }
    if (v->token_exp != 0u && now_ms > v->token_exp) {
        tot.lapses++;
        tot.lapse_ms += now_ms - v->token_exp;
    }
    if (v->failing_at_end && now_ms > tot.recovered_last_ms) {
        tot.recovered_last_ms = now_ms;
    }
    v->failing_at_end = 0;
    v->token_exp = now_ms + (uint64_t)opt.lifetime_s * MS;
    v->streak = 0;
    v->not_before = 0;
    v->renew_started = 0;
}

static void device_step(uint32_t d)
{
    static char buf[FLEET_BUF];
    static char resp[FLEET_RESP];
    ejwt_session_request req;
    ejwt_session_answer a;
    int i;

    cur = d;
    for (i = 0; i < FLEET_STEP_MAX; i++) {
        int err;
        tot.prepares++;
        err = ejwt_session_prepare(&sess[d], buf, sizeof(buf), &req);
        if (err == EJWT_OK && req.action == EJWT_SESSION_CALL_API) {
            /* the report; then sleep a period, or less when a renewal waits
             * or falls due first (session.h: wake at the jittered renewal
             * point, not on the report timer's ticks) */
            uint64_t wake = now_ms + (uint64_t)opt.period_s * MS;
            uint64_t nb = sim_of_uptime(d, ejwt_session_not_before(&sess[d]));
            uint64_t due = 0;
            tot.api_calls++;
            if (ejwt_session_not_before(&sess[d]) != 0u && nb > now_ms && nb < wake) {
                wake = nb;
            }
            if (!opt.timer_only && ejwt_session_renewal_due(&sess[d], &due) == EJWT_OK) {
                uint64_t at = sim_of_uptime(d, due);
                if (at > now_ms && at < wake) {
                    wake = at;
                }
            }
            heap_push(wake, d);
            return;
        }
        if (err == EJWT_ERR_OAUTH_RETRY) {
            uint64_t nb = sim_of_uptime(d, req.not_before_ms);
            if (nb <= now_ms) {
                violation(d, "%s: OAUTH_RETRY with a past not_before (%" PRIu64 " <= %" PRIu64 ")",
                          "I4", nb, now_ms);
                nb = now_ms + 1u;
            }
            heap_push(nb, d);
            return;
        }
        if (err != EJWT_OK || req.action != EJWT_SESSION_POST_FORM) {
            violation(d, "I4: prepare: %s", ejwt_error_name(err));
            dev[d].stopped = 1;
            return;
        }
        on_request(d);
        serve(d, buf, &a, resp);
        err = ejwt_session_handle_response(&sess[d], &a, buf, sizeof(buf));
        if (err == EJWT_OK) {
            on_success(d);
        } else if (err == EJWT_ERR_OAUTH_RETRY) {
            on_failure(d);
        } else {
            violation(d, "I4: answer: %s", ejwt_error_name(err));
            dev[d].stopped = 1;
            return;
        }
    }
    violation(d, "I4: no decision after %d prepares", FLEET_STEP_MAX);
    heap_push(now_ms + (uint64_t)opt.period_s * MS, d);
}

/* The sessions' random source: the device's PRNG, or a broken policy. */
static int session_random(void *ctx, uint32_t *out)
{
    device *v = (device *)ctx;

    switch (opt.broken) {
    case BROKEN_NO_JITTER:
        *out = UINT32_MAX; /* always the whole window: no jitter */
        break;
    case BROKEN_MIN_WAIT:
        *out = 0u; /* always the shortest wait */
        break;
    default:
        *out = (uint32_t)(splitmix(&v->rnd) >> 32);
        break;
    }
    return EJWT_OK;
}

/* ---- set-up ----------------------------------------------------------- */
static int setup(void)
{
    uint64_t boot_seed = opt.seed ^ UINT64_C(0xB007);
    uint8_t point[65];
    size_t plen = 0;
    uint32_t d;
    int err;

    ent_seed = opt.seed;
    if (ejwt_platform_set(&sim_platform) != EJWT_OK || ejwt_crypto_init() != EJWT_OK) {
        return -1;
    }
    /* one device key for the fleet (a PSA key store has a few dozen slots;
     * a device signs with its own, which costs the same) */
    err = ejwt_device_key_provision(&device_key, NULL);
    if (err == EJWT_OK) {
        err = ejwt_key_export_es256_public(&device_key, point, sizeof(point), &plen);
    }
    if (err == EJWT_OK) {
        err = ejwt_key_import_es256_public(point, plen, &verify_key);
    }
    if (err != EJWT_OK) {
        (void)fprintf(stderr, "fleet: device key: %s\n", ejwt_error_name(err));
        return -1;
    }
    for (d = 0; d < opt.sessions; d++) {
        ejwt_session_config cfg;
        cur = d;
        boot_ms[d] = opt.start_spread_s > 0u
                         ? splitmix(&boot_seed) % ((uint64_t)opt.start_spread_s * MS)
                         : 0u;
        (void)snprintf(client_id[d], sizeof(client_id[d]), "dev-%05" PRIu32, d);
        dev[d].rnd = opt.seed * UINT64_C(0x100000001B3) + d;
        memset(&cfg, 0, sizeof(cfg));
        cfg.client_id = client_id[d];
        cfg.token_endpoint = TOKEN_URL;
        cfg.scope = "telemetry";
        cfg.refresh_margin_s = opt.margin_s;
        cfg.random = session_random;
        cfg.random_ctx = &dev[d];
        err = ejwt_token_store_init(&store[d]);
        if (err == EJWT_OK) {
            err = ejwt_session_init(&sess[d], &cfg, &device_key, &store[d]);
        }
        if (err != EJWT_OK) {
            (void)fprintf(stderr, "fleet: device %" PRIu32 ": %s\n", d, ejwt_error_name(err));
            return -1;
        }
        heap_push(boot_ms[d], d);
    }
    return 0;
}

/* ---- report ----------------------------------------------------------- */
static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

typedef struct window_stat {
    double mean;
    uint32_t peak;
    uint64_t peak_at;
    double peak60; /* busiest minute, requests per second */
} window_stat;

static window_stat window(uint64_t from_s, uint64_t to_s, const uint32_t *series)
{
    window_stat w = {0.0, 0, 0, 0.0};
    uint64_t s, sum = 0, run = 0, best60 = 0;

    if (to_s > FLEET_MAX_SECONDS) {
        to_s = FLEET_MAX_SECONDS;
    }
    for (s = from_s; s < to_s; s++) {
        sum += series[s];
        run += series[s];
        if (s >= from_s + 60u) {
            run -= series[s - 60u];
        }
        if (run > best60) {
            best60 = run;
        }
        if (series[s] > w.peak) {
            w.peak = series[s];
            w.peak_at = s;
        }
    }
    w.mean = to_s > from_s ? (double)sum / (double)(to_s - from_s) : 0.0;
    w.peak60 = (double)best60 / 60.0;
    return w;
}

static int32_t pct(const int32_t *sorted, uint32_t n, double p)
{
    uint32_t i = (uint32_t)(p * (double)(n - 1u));
    return n > 0u ? sorted[i] : 0;
}

static void json_window(FILE *f, const char *name, window_stat w, int last)
{
    (void)fprintf(f,
                  "  \"%s\": {\"mean\": %.3f, \"peak\": %" PRIu32 ", \"peak_at_s\": %" PRIu64
                  ", \"peak_minute\": %.3f}%s\n",
                  name, w.mean, w.peak, w.peak_at, w.peak60, last ? "" : ",");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    (void)clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* I3: wait/window uniform on [0, 1]. */
static void check_jitter(double *mean_out, double q[4])
{
    double sum = 0.0, tol_mean, tol_q;
    uint32_t i, bins[4] = {0, 0, 0, 0};

    for (i = 0; i < n_jitter; i++) {
        double u = jitter_u[i];
        sum += u;
        bins[u >= 1.0 ? 3 : (int)(u * 4.0)]++;
    }
    *mean_out = n_jitter > 0u ? sum / n_jitter : 0.0;
    for (i = 0; i < 4u; i++) {
        q[i] = n_jitter > 0u ? (double)bins[i] / n_jitter : 0.0;
    }
    if (n_jitter < opt.min_waits || n_jitter == 0u) {
        if (n_jitter < opt.min_waits) {
            violation(0, "I3: only %" PRIu32 " waits with a window of %u ms or more", n_jitter,
                      JITTER_MIN_WINDOW_MS);
        }
        return;
    }
    /* uniform on [0, 1]: the mean's deviation is 1/sqrt(12 n), a quarter's
     * share sqrt(3/16 n) */
    tol_mean = JITTER_SIGMAS / sqrt(12.0 * n_jitter);
    tol_q = JITTER_SIGMAS * sqrt(3.0 / (16.0 * n_jitter));
    if (*mean_out < 0.5 - tol_mean || *mean_out > 0.5 + tol_mean) {
        violation(0, "I3: waits not jittered: mean wait/window %.3f", *mean_out);
    }
    for (i = 0; i < 4u; i++) {
        if (q[i] < 0.25 - tol_q || q[i] > 0.25 + tol_q) {
            violation(0, "I3: waits not uniform in their window (quarter %" PRIu32 ": %.3f)",
                      i + 1u, q[i]);
            break;
        }
    }
}

/* The steady state begins when every device has booted. */
static uint64_t steady_from(void)
{
    uint64_t s = (uint64_t)opt.start_spread_s + opt.period_s;
    return s < opt.outage_start_s ? s : opt.outage_start_s / 2u;
}

static void usage(void)
{
    (void)fprintf(stderr,
                  "usage: ejwt_fleet [--sessions N] [--hours H] [--outage-at S] [--outage-len S]\n"
                  "       [--lifetime S] [--margin S] [--period S] [--start-spread S | --cold]\n"
                  "       [--no-answer] [--retry-after S] [--client-credentials] [--capacity N]\n"
                  "       [--seed X] [--broken no-jitter|min-wait] [--check] [--min-waits N]\n"
                  "       [--timer-only]\n"
                  "       [--series FILE] [--json FILE]\n");
}

static int parse_args(int argc, char **argv)
{
    int i;

    opt.sessions = 400;
    opt.duration_s = 7200u;
    opt.outage_start_s = 3600;
    opt.outage_len_s = 600;
    opt.lifetime_s = 1800;
    opt.margin_s = 300;
    opt.period_s = 120;
    opt.start_spread_s = 600;
    opt.refresh = 1;
    opt.seed = 1;
    opt.min_waits = JITTER_MIN_SAMPLES;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        if (strcmp(a, "--cold") == 0) {
            opt.start_spread_s = 0;
            takes = 0;
        } else if (strcmp(a, "--no-answer") == 0) {
            opt.outage = OUT_NO_ANSWER;
            takes = 0;
        } else if (strcmp(a, "--client-credentials") == 0) {
            opt.refresh = 0;
            takes = 0;
        } else if (strcmp(a, "--check") == 0) {
            opt.check = 1;
            takes = 0;
        } else if (strcmp(a, "--timer-only") == 0) {
            opt.timer_only = 1;
            takes = 0;
        } else if (v == NULL) {
            (void)fprintf(stderr, "fleet: %s needs a value (or is unknown)\n", a);
            return -1;
        } else if (strcmp(a, "--sessions") == 0) {
            opt.sessions = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--hours") == 0) {
            opt.duration_s = (uint64_t)(strtod(v, NULL) * 3600.0);
        } else if (strcmp(a, "--outage-at") == 0) {
            opt.outage_start_s = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--outage-len") == 0) {
            opt.outage_len_s = strtoull(v, NULL, 10);
        } else if (strcmp(a, "--lifetime") == 0) {
            opt.lifetime_s = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--margin") == 0) {
            opt.margin_s = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--period") == 0) {
            opt.period_s = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--start-spread") == 0) {
            opt.start_spread_s = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--retry-after") == 0) {
            opt.retry_after_s = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--capacity") == 0) {
            opt.capacity = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--min-waits") == 0) {
            opt.min_waits = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(a, "--seed") == 0) {
            opt.seed = strtoull(v, NULL, 0);
        } else if (strcmp(a, "--broken") == 0) {
            opt.broken = strcmp(v, "no-jitter") == 0  ? BROKEN_NO_JITTER
                         : strcmp(v, "min-wait") == 0 ? BROKEN_MIN_WAIT
                                                      : -1;
        } else if (strcmp(a, "--series") == 0) {
            opt.series = v;
        } else if (strcmp(a, "--json") == 0) {
            opt.json = v;
        } else {
            usage();
            return -1;
        }
        i += takes;
    }
    if (opt.sessions == 0u || opt.sessions > FLEET_MAX_SESSIONS || opt.duration_s == 0u ||
        opt.duration_s > FLEET_MAX_SECONDS || opt.period_s == 0u || opt.lifetime_s == 0u ||
        opt.margin_s == 0u || opt.margin_s >= opt.lifetime_s || opt.broken < 0 ||
        opt.outage_start_s + opt.outage_len_s >= opt.duration_s) {
        (void)fprintf(stderr, "fleet: bad options (at most %u sessions, %u s)\n",
                      FLEET_MAX_SESSIONS, FLEET_MAX_SECONDS);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct timespec t0;
    struct rusage ru;
    uint64_t end_ms, t, out_end_s, warm_s, recovery_ms = 0;
    window_stat before, during, after, late, retries_after;
    double jmean = 0.0, jq[4] = {0, 0, 0, 0}, run_s, bound;
    uint32_t d, unexpired = 0, ssz;
    int32_t *sorted_start = spread_start, *sorted_done = spread_done;
    FILE *f;

    if (parse_args(argc, argv) != 0) {
        return 2;
    }
    (void)clock_gettime(CLOCK_MONOTONIC, &t0);
    if (setup() != 0) {
        return 2;
    }
    end_ms = opt.duration_s * MS;
    out_end_s = opt.outage_start_s + opt.outage_len_s;
    while (heap_n > 0u && heap_t[0] < end_ms && !stampede_seen) {
        uint32_t dd = heap_pop(&t);
        if (stampede_bound == 0.0 && t >= opt.outage_start_s * MS) {
            warm_s = steady_from();
            stampede_bound = window(warm_s, opt.outage_start_s, req_per_s).peak60 *
                             (1.0 + log2(1.0 + (double)opt.outage_len_s));
        }
        if (t < now_ms) {
            violation(dd, "%s: the clock went back (%" PRIu64 " < %" PRIu64 ")", "sim", t, now_ms);
        }
        if (now_ms < out_end_s * MS && t >= out_end_s * MS) {
            /* the outage ends: who is still failing? */
            for (d = 0; d < opt.sessions; d++) {
                if (dev[d].streak > 0u) {
                    dev[d].failing_at_end = 1;
                    tot.failing_at_end++;
                }
            }
        }
        now_ms = t;
        device_step(dd);
    }
    now_ms = end_ms;
    run_s = seconds_since(&t0);

    /* I4 and I5 at the end */
    for (d = 0; d < opt.sessions; d++) {
        ejwt_session_stats st;
        ejwt_session_get_stats(&sess[d], &st);
        tot.assertions += st.assertions_signed;
        if (dev[d].stopped || stampede_seen) {
            continue; /* already reported; a stopped run proves nothing more */
        }
        if (dev[d].token_exp > end_ms) {
            unexpired++;
        } else {
            violation(d, "I5: no unexpired token at the end");
        }
        if (dev[d].failing_at_end) {
            violation(d, "I5: failing since the outage, never recovered");
        }
    }
    if (tot.failing_at_end > 0u) {
        recovery_ms = tot.recovered_last_ms - out_end_s * MS;
        if (recovery_ms > RECOVERY_BOUND_MS((uint64_t)opt.period_s * MS)) {
            violation(0, "%s: recovery took %" PRIu64 " ms, over the bound %" PRIu64 " ms", "I5",
                      recovery_ms, RECOVERY_BOUND_MS((uint64_t)opt.period_s * MS));
        }
    }

    warm_s = steady_from();
    before = window(warm_s, opt.outage_start_s, req_per_s);
    during = window(opt.outage_start_s, out_end_s, req_per_s);
    after = window(out_end_s, out_end_s + RECOVERY_BOUND_MS((uint64_t)opt.period_s * MS) / MS,
                   req_per_s);
    late = window(out_end_s + RECOVERY_BOUND_MS((uint64_t)opt.period_s * MS) / MS, opt.duration_s,
                  req_per_s);
    retries_after = window(out_end_s, opt.duration_s, retry_per_s);
    bound = before.peak60 * (1.0 + log2(1.0 + (double)opt.outage_len_s));
    if (!stampede_seen && (during.peak60 > bound || after.peak60 > bound)) { /* I6 */
        violation(0, "I6: stampede: %.2f requests/s in the busiest minute, bound %.2f",
                  during.peak60 > after.peak60 ? during.peak60 : after.peak60, bound);
    }
    check_jitter(&jmean, jq);

    qsort(sorted_start, n_spread, sizeof(int32_t), cmp_i32);
    qsort(sorted_done, n_spread, sizeof(int32_t), cmp_i32);
    (void)getrusage(RUSAGE_SELF, &ru);
    ssz = (uint32_t)(sizeof(ejwt_session) + sizeof(ejwt_token_store) +
                     sizeof(its_slot) * FLEET_ITS_PER_DEVICE);

    printf("fleet: %" PRIu32 " sessions, %.1f h simulated, outage %" PRIu64 "-%" PRIu64
           " s (%s%s), %s, %s start\n",
           opt.sessions, (double)opt.duration_s / 3600.0, opt.outage_start_s, out_end_s,
           opt.outage == OUT_503 ? "503" : "no answer",
           opt.retry_after_s > 0u ? " + Retry-After" : "",
           opt.refresh ? "refresh rotation" : "client_credentials",
           opt.start_spread_s > 0u ? "spread" : "cold");
    printf("requests %" PRIu64 " (failed %" PRIu64 "), tokens %" PRIu64 ", assertions %" PRIu64
           ", api calls %" PRIu64 ", prepares %" PRIu64 "\n",
           tot.requests, tot.failures, tot.tokens, tot.assertions, tot.api_calls, tot.prepares);
    printf("req/s before: mean %.2f peak %" PRIu32 " | during: mean %.2f peak %" PRIu32
           " | after: mean %.2f peak %" PRIu32 " | late: mean %.2f peak %" PRIu32 "\n",
           before.mean, before.peak, during.mean, during.peak, after.mean, after.peak, late.mean,
           late.peak);
    printf("busiest minute: before %.2f during %.2f after %.2f req/s, bound %.2f\n", before.peak60,
           during.peak60, after.peak60, bound);
    printf("failing at outage end %" PRIu32 ", all recovered %.1f s after it, max streak %" PRIu32
           ", lapses %" PRIu64 "\n",
           tot.failing_at_end, (double)recovery_ms / MS, tot.max_streak, tot.lapses);
    printf("renewal began before expiry (s): min %" PRId32 " median %" PRId32 " p99 %" PRId32
           " max %" PRId32 "\n",
           pct(sorted_start, n_spread, 0.0), pct(sorted_start, n_spread, 0.5),
           pct(sorted_start, n_spread, 0.01), pct(sorted_start, n_spread, 1.0));
    printf("jitter: %" PRIu32 " waits, mean wait/window %.3f, quarters %.3f %.3f %.3f %.3f\n",
           n_jitter, jmean, jq[0], jq[1], jq[2], jq[3]);
    printf("run %.1f s, max RSS %ld KiB, %" PRIu32 " bytes per session, violations %" PRIu64 "\n",
           run_s, ru.ru_maxrss, ssz, tot.violations);

    if (opt.json != NULL && (f = fopen(opt.json, "w")) != NULL) {
        (void)fprintf(
            f,
            "{\n  \"sessions\": %" PRIu32 ", \"duration_s\": %" PRIu64
            ", \"outage_start_s\": %" PRIu64 ", \"outage_end_s\": %" PRIu64
            ",\n  \"outage\": \"%s\", \"retry_after_s\": %" PRIu32
            ", \"grant\": \"%s\", \"start_spread_s\": %" PRIu32 ",\n  \"lifetime_s\": %" PRIu32
            ", \"margin_s\": %" PRIu32 ", \"period_s\": %" PRIu32 ", \"seed\": %" PRIu64
            ", \"broken\": %d,\n  \"requests\": %" PRIu64 ", \"failures\": %" PRIu64
            ", \"tokens\": %" PRIu64 ", \"assertions\": %" PRIu64 ", \"verified\": %" PRIu64
            ", \"api_calls\": %" PRIu64 ", \"prepares\": %" PRIu64 ",\n",
            opt.sessions, opt.duration_s, opt.outage_start_s, out_end_s,
            opt.outage == OUT_503 ? "503" : "none", opt.retry_after_s,
            opt.refresh ? "refresh_token" : "client_credentials", opt.start_spread_s,
            opt.lifetime_s, opt.margin_s, opt.period_s, opt.seed, opt.broken, tot.requests,
            tot.failures, tot.tokens, tot.assertions, tot.verified, tot.api_calls, tot.prepares);
        json_window(f, "before", before, 0);
        json_window(f, "during", during, 0);
        json_window(f, "after", after, 0);
        json_window(f, "late", late, 0);
        json_window(f, "retries_after", retries_after, 0);
        (void)fprintf(f,
                      "  \"stampede_bound\": %.3f,\n"
                      "  \"failing_at_end\": %" PRIu32 ", \"recovery_s\": %.3f"
                      ", \"recovery_bound_s\": %.3f, \"max_streak\": %" PRIu32
                      ", \"lapses\": %" PRIu64 ", \"lapse_s\": %.3f, \"unexpired_at_end\": %" PRIu32
                      ",\n  \"renew_start_before_exp_s\": {\"min\": %" PRId32
                      ", \"median\": %" PRId32 ", \"p99\": %" PRId32 ", \"max\": %" PRId32
                      "},\n  \"renew_done_before_exp_s\": {\"min\": %" PRId32
                      ", \"median\": %" PRId32 ", \"p99\": %" PRId32 ", \"max\": %" PRId32 "},\n",
                      bound, tot.failing_at_end, (double)recovery_ms / MS,
                      (double)RECOVERY_BOUND_MS((uint64_t)opt.period_s * MS) / MS, tot.max_streak,
                      tot.lapses, (double)tot.lapse_ms / MS, unexpired,
                      pct(sorted_start, n_spread, 0.0), pct(sorted_start, n_spread, 0.5),
                      pct(sorted_start, n_spread, 0.01), pct(sorted_start, n_spread, 1.0),
                      pct(sorted_done, n_spread, 0.0), pct(sorted_done, n_spread, 0.5),
                      pct(sorted_done, n_spread, 0.01), pct(sorted_done, n_spread, 1.0));
        (void)fprintf(f,
                      "  \"jitter\": {\"samples\": %" PRIu32 ", \"mean\": %.4f, \"quarters\": "
                      "[%.4f, %.4f, %.4f, %.4f]},\n  \"run_s\": %.2f, \"max_rss_kib\": %ld"
                      ", \"bytes_per_session\": %" PRIu32 ", \"violations\": %" PRIu64 "\n}\n",
                      n_jitter, jmean, jq[0], jq[1], jq[2], jq[3], run_s, ru.ru_maxrss, ssz,
                      tot.violations);
        (void)fclose(f);
    }
    if (opt.series != NULL && (f = fopen(opt.series, "w")) != NULL) {
        uint64_t s;
        (void)fprintf(f, "# second requests failed retries\n");
        for (s = 0; s < opt.duration_s; s++) {
            (void)fprintf(f, "%" PRIu64 " %" PRIu32 " %" PRIu32 " %" PRIu32 "\n", s, req_per_s[s],
                          fail_per_s[s], retry_per_s[s]);
        }
        (void)fclose(f);
    }
    if (tot.violations > 0u) {
        printf("fleet: %" PRIu64 " invariant violation(s)\n", tot.violations);
        return opt.check ? 1 : 0;
    }
    printf("fleet: all invariants hold\n");
    return 0;
}
