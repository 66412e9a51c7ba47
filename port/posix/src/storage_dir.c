/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the ITS files live: set by the application or taken from the
 * environment, never a built-in path.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "ejwt/port_posix.h"

static char storage_dir[EJWT_POSIX_STORAGE_DIR_MAX + 1];

int ejwt_posix_set_storage_dir(const char *dir)
{
    size_t n;

    if (dir == NULL) {
        storage_dir[0] = '\0';
        return EJWT_OK;
    }
    n = strlen(dir);
    if (n == 0u) {
        return EJWT_ERR_INVALID_ARG;
    }
    if (n > EJWT_POSIX_STORAGE_DIR_MAX) {
        return EJWT_ERR_LIMIT;
    }
    memcpy(storage_dir, dir, n + 1u);
    return EJWT_OK;
}

const char *ejwt_posix_storage_dir(void)
{
    const char *env;

    if (storage_dir[0] != '\0') {
        return storage_dir;
    }
    env = getenv(EJWT_POSIX_STORAGE_ENV);
    if (env == NULL || env[0] == '\0' || strlen(env) > EJWT_POSIX_STORAGE_DIR_MAX) {
        return NULL;
    }
    return env;
}
