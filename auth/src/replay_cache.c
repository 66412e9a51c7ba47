/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fixed-size replay cache: 128-bit hash of an identifier plus the time it
 * can be forgotten. Never evicts a live entry (fail closed when full).
 */
#include <string.h>

#include "ejwt/auth/command.h"
#include "ejwt/jws.h"
#include "ejwt/key.h"
#include "ejwt_common.h"

void ejwt_replay_cache_init(ejwt_replay_cache *c)
{
    EJWT_ASSERT(c != NULL);
    if (c != NULL) {
        memset(c, 0, sizeof(*c));
    }
}

int ejwt_replay_cache_check_and_add(ejwt_replay_cache *c, const uint8_t *id, size_t id_len,
                                    int64_t forget_at, int64_t now)
{
    uint8_t h[32];
    size_t i, free_slot = EJWT_REPLAY_CACHE_SIZE;
    int err;

    EJWT_REQUIRE(c != NULL && (id != NULL || id_len == 0u));
    if (now < 0 || forget_at <= now) {
        return EJWT_ERR_INVALID_ARG; /* also refuses EJWT_TIME_UNKNOWN */
    }
    err = ejwt_sha256(id, id_len, h);
    if (err != EJWT_OK) {
        return err;
    }
    for (i = 0; i < EJWT_REPLAY_CACHE_SIZE; i++) {
        ejwt_replay_entry *e = &c->e[i];
        if (e->forget_at <= now) {
            memset(e, 0, sizeof(*e)); /* expired: the token is refused by exp anyway */
            if (free_slot == EJWT_REPLAY_CACHE_SIZE) {
                free_slot = i;
            }
        } else if (memcmp(e->hash, h, EJWT_REPLAY_HASH_LEN) == 0) {
            return EJWT_ERR_REPLAYED;
        }
    }
    if (free_slot == EJWT_REPLAY_CACHE_SIZE) {
        return EJWT_ERR_REPLAY_CACHE_FULL;
    }
    memcpy(c->e[free_slot].hash, h, EJWT_REPLAY_HASH_LEN);
    c->e[free_slot].forget_at = forget_at;
    return EJWT_OK;
}

size_t ejwt_replay_cache_live(const ejwt_replay_cache *c, int64_t now)
{
    size_t i, n = 0;

    EJWT_ASSERT(c != NULL);
    for (i = 0; c != NULL && i < EJWT_REPLAY_CACHE_SIZE; i++) {
        n += c->e[i].forget_at > now ? 1u : 0u;
    }
    return n;
}
