/* SPDX-License-Identifier: Apache-2.0 */
/* The library's version (version.h), built from the three numbers so that
 * unit.test_version can hold EJWT_VERSION_STRING to them. */
#include "ejwt/version.h"

#define EJWT_STR_(x) #x
#define EJWT_STR(x) EJWT_STR_(x)

const char *ejwt_version(void)
{
    return EJWT_STR(EJWT_VERSION_MAJOR) "." EJWT_STR(EJWT_VERSION_MINOR) "." EJWT_STR(
        EJWT_VERSION_PATCH);
}
