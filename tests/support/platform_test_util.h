/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers for the platform tests on the POSIX port: the fake clock
 * (fake_clock.h, portable), and a private temporary storage directory per
 * test program so tests run in parallel.
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

#include "fake_clock.h"

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
