/*
 * Helpers for the platform tests on the POSIX port: a settable fake clock
 * installed as the platform hooks (entropy stays real), and a private
 * temporary storage directory per test program so tests run in parallel.
 * Include after defining _DEFAULT_SOURCE (mkdtemp, opendir).
 */
#ifndef EJWT_PLATFORM_TEST_UTIL_H
#define EJWT_PLATFORM_TEST_UTIL_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ejwt/platform.h>
#include <ejwt/port_posix.h>

/* The fake clock: wall time known or not, uptime set by the test. */
typedef struct fake_clock {
    int wall_known;
    int64_t wall;
    uint64_t uptime_ms;
    int entropy_fails;
} fake_clock;

static fake_clock fc;

static int fake_wall_time(void *ctx, int64_t *now)
{
    fake_clock *c = (fake_clock *)ctx;
    if (!c->wall_known) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = c->wall;
    return EJWT_OK;
}

static uint64_t fake_uptime_ms(void *ctx)
{
    return ((fake_clock *)ctx)->uptime_ms;
}

static int fake_entropy(void *ctx, uint8_t *buf, size_t len)
{
    if (((fake_clock *)ctx)->entropy_fails) {
        memset(buf, 0xAA, len); /* garbage the wrapper must wipe */
        return EJWT_ERR_ENTROPY;
    }
    return ejwt_posix_platform()->entropy(NULL, buf, len);
}

static const ejwt_platform fake_platform = {fake_wall_time, fake_uptime_ms, fake_entropy, &fc};

/* Install the fake clock: wall time known at \p wall, uptime at 1 s. */
static inline void fake_clock_install(int64_t wall)
{
    memset(&fc, 0, sizeof(fc));
    fc.wall_known = 1;
    fc.wall = wall;
    fc.uptime_ms = 1000u;
    (void)ejwt_platform_set(&fake_platform);
}

static char test_dir[64];

/* A fresh private storage directory under $TMPDIR (or /tmp). */
static inline int test_dir_create(void)
{
    const char *base = getenv("TMPDIR");
    int n = snprintf(test_dir, sizeof(test_dir), "%s/ejwt-test-XXXXXX",
                     (base != NULL && base[0] != '\0' && strlen(base) < 40u) ? base : "/tmp");
    if (n < 0 || (size_t)n >= sizeof(test_dir) || mkdtemp(test_dir) == NULL) {
        return -1;
    }
    return ejwt_posix_set_storage_dir(test_dir) == EJWT_OK ? 0 : -1;
}

/* Remove the directory and the files in it. */
static inline void test_dir_remove(void)
{
    char path[128];
    DIR *d = opendir(test_dir);
    struct dirent *e;

    if (d == NULL) {
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        if (snprintf(path, sizeof(path), "%s/%s", test_dir, e->d_name) < (int)sizeof(path)) {
            (void)unlink(path);
        }
    }
    (void)closedir(d);
    (void)rmdir(test_dir);
}

#endif /* EJWT_PLATFORM_TEST_UTIL_H */
