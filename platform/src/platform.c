/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The installed platform hooks and the thin wrappers the services call.
 * The wrappers enforce the contract's failure rules (unknown time fails
 * closed, failed entropy leaves no usable bytes) so no service has to.
 */
#include <stddef.h>
#include <string.h>

#include "ejwt/jws.h"
#include "ejwt/platform.h"
#include "platform_internal.h"

static const ejwt_platform *installed;

int ejwt_platform_set(const ejwt_platform *p)
{
    if (p == NULL || p->uptime_ms == NULL || p->entropy == NULL) {
        return EJWT_ERR_INVALID_ARG;
    }
    installed = p;
    return EJWT_OK;
}

const ejwt_platform *ejwt_platform_get(void)
{
    EJWT_ASSERT(installed != NULL);
    return installed;
}

int ejwt_platform_wall_time(int64_t *now)
{
    const ejwt_platform *p = ejwt_platform_get();
    int64_t t = EJWT_TIME_UNKNOWN;

    EJWT_REQUIRE(now != NULL && p != NULL);
    *now = EJWT_TIME_UNKNOWN;
    /* Anything but a clean success with a real value is "unknown". */
    if (p->wall_time == NULL || p->wall_time(p->ctx, &t) != EJWT_OK || t == EJWT_TIME_UNKNOWN) {
        return EJWT_ERR_TIME_UNKNOWN;
    }
    *now = t;
    return EJWT_OK;
}

uint64_t ejwt_platform_uptime_ms(void)
{
    const ejwt_platform *p = ejwt_platform_get();

    return p != NULL ? p->uptime_ms(p->ctx) : 0u;
}

int ejwt_platform_entropy(uint8_t *buf, size_t len)
{
    const ejwt_platform *p = ejwt_platform_get();

    EJWT_REQUIRE(buf != NULL || len == 0u);
    if (p == NULL || p->entropy(p->ctx, buf, len) != EJWT_OK) {
        ejwt_wipe(buf, len);
        return EJWT_ERR_ENTROPY;
    }
    return EJWT_OK;
}
