/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checks.jsmn_layout_refused: an application that wants jsmn's parent links
 * includes ejwt after defining JSMN_PARENT_LINKS. This must not compile
 * (json.h #errors), because jsmntok_t would then have another layout than
 * the one the library writes into ejwt_jws and ejwt_jwt.
 */
#define JSMN_PARENT_LINKS
#include <ejwt/ejwt.h>

int ejwt_check_jsmn_parent_links(void);

int ejwt_check_jsmn_parent_links(void)
{
    return (int)sizeof(ejwt_jwt);
}
