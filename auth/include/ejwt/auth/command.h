/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file command.h
 * \brief Signed commands from the backend: verify a `command+jwt` against
 *        the provisioned JWK Set and refuse replays with a fixed-size cache.
 *
 * A command (docs/PROTOCOL.md) is a compact JWS with header
 * `{"alg":"ES256","typ":"command+jwt","kid":<backend key id>}` and claims
 * `iss` (the backend), `aud` (this device's client id), `iat`, `exp`, `jti`,
 * `cmd` (string) and optionally `args` (object). ejwt_command_verify()
 * accepts one only if all of this holds:
 *  1. the signature verifies with the JWK Set key named by `kid`, the
 *     algorithm is ES256 (pinned: an HS256 or `none` header never reaches a
 *     key), and the header `typ` is `command+jwt` (or
 *     `application/command+jwt`);
 *  2. `iss` equals the configured issuer, `aud` contains the client id,
 *     `exp`, `iat` and `jti` are present, `exp` has not passed (with the
 *     leeway), `nbf` if present has come;
 *  3. the lifetime is short: 0 <= `exp - iat` <= max_lifetime_s
 *     (::EJWT_COMMAND_MAX_LIFETIME_S by default, the backend's 60 s), and
 *     `iat` is not in the future by more than the leeway. A long-lived
 *     command would stay replayable (and occupy the cache) for long;
 *  4. `cmd` is a string and `args`, if present, an object;
 *  5. `iat` is not before config.min_iat (0: no bound), and the `jti` is
 *     not in the replay cache; it is then added, until `exp + leeway`.
 * Checks run in this order and the cache is touched only by a command that
 * passed 1-4, so forged or expired tokens cannot fill it.
 *
 * **Replay cache.** ::EJWT_REPLAY_CACHE_SIZE entries, each a 128-bit
 * SHA-256 prefix of the unescaped `jti` and the time after which the
 * command is expired anyway (`exp + leeway`). Entries whose time has passed
 * are forgotten on the next check. When every entry is still live, a new
 * command is refused with ::EJWT_ERR_REPLAY_CACHE_FULL rather than evicting
 * a live entry (which would reopen a replay window): fail closed. With the
 * 60 s lifetime that means more than EJWT_REPLAY_CACHE_SIZE commands a
 * minute, far beyond what this protocol sends. The cache lives in RAM, so a
 * reboot forgets it; set config.min_iat to the time of boot (or of the
 * first time sync) to refuse every command issued before the cache
 * existed, at the cost of also refusing a fresh one sent during the boot.
 *
 * Zero malloc: the verifier (keys, cache, config) is caller-allocated,
 * about 730 bytes on Cortex-M with the defaults; the verified command points into the
 * caller's token and work buffer.
 */
#ifndef EJWT_COMMAND_H
#define EJWT_COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"
#include "ejwt/json.h"
#include "ejwt/jwt.h"
#include "ejwt/key.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EJWT_REPLAY_CACHE_SIZE (replay-cache entries: the most commands live at
 * once) sizes the verifier: it is set in <ejwt/ejwt_config.h> with the other
 * layout bounds. */

/** Bytes of the SHA-256 of a `jti` kept per entry (128 bits: a collision
 *  between two honest jti values is out of reach). */
#define EJWT_REPLAY_HASH_LEN 16u

/** Longest `jti` accepted, in bytes after unescaping. */
#ifndef EJWT_COMMAND_MAX_JTI_LEN
#define EJWT_COMMAND_MAX_JTI_LEN 128u
#endif

/** Default and hard upper bound of `exp - iat` for a command, in seconds. */
#define EJWT_COMMAND_MAX_LIFETIME_S 60u
/** The largest ::ejwt_command_config::max_lifetime_s a verifier accepts, in
 *  seconds (ejwt_command_verifier_init() refuses more). */
#ifndef EJWT_COMMAND_LIFETIME_LIMIT_S
#define EJWT_COMMAND_LIFETIME_LIMIT_S 3600u
#endif

/** Header `typ` of a command. */
#define EJWT_COMMAND_TYP "command+jwt"

#if EJWT_REPLAY_CACHE_SIZE < 1 || EJWT_REPLAY_CACHE_SIZE > 1024
#error "EJWT_REPLAY_CACHE_SIZE must be between 1 and 1024"
#endif

/** One remembered command. */
typedef struct ejwt_replay_entry {
    uint8_t hash[EJWT_REPLAY_HASH_LEN]; /**< SHA-256 prefix of the jti */
    int64_t forget_at;                  /**< exp + leeway; 0 = free slot */
} ejwt_replay_entry;

/** A fixed-size replay cache. Zero-initialised (or ejwt_replay_cache_init()) is empty. */
typedef struct ejwt_replay_cache {
    ejwt_replay_entry e[EJWT_REPLAY_CACHE_SIZE]; /**< the entries; free ones have forget_at 0 */
} ejwt_replay_cache;

/** Empty \p c.
 *  \param c  the cache; every entry is freed */
void ejwt_replay_cache_init(ejwt_replay_cache *c);

/**
 * Forget entries whose time has passed (forget_at <= now), then look up
 * \p id and, if absent, remember it until \p forget_at.
 * \param c          the cache
 * \param id         the identifier bytes (a `jti`; need not be terminated)
 * \param id_len     their number
 * \param forget_at  when the entry may be forgotten (Unix s, > \p now)
 * \param now        the current time (Unix s)
 * \retval EJWT_OK                     new: remembered
 * \retval EJWT_ERR_REPLAYED           seen before and not yet forgotten
 * \retval EJWT_ERR_REPLAY_CACHE_FULL  every entry is live; nothing remembered
 * \retval EJWT_ERR_INVALID_ARG        \p forget_at <= \p now, or now is EJWT_TIME_UNKNOWN
 * \retval EJWT_ERR_CRYPTO             hashing failed
 */
int ejwt_replay_cache_check_and_add(ejwt_replay_cache *c, const uint8_t *id, size_t id_len,
                                    int64_t forget_at, int64_t now);

/** Number of live entries at \p now (for tests and diagnostics).
 *  \param c    the cache
 *  \param now  the current time (Unix s)
 *  \return the entries with forget_at > \p now */
size_t ejwt_replay_cache_live(const ejwt_replay_cache *c, int64_t now);

/** What a command must satisfy. Zero-initialise, then set. */
typedef struct ejwt_command_config {
    const char *client_id;   /**< this device: must be in `aud` (required) */
    const char *issuer;      /**< the backend's issuer: `iss` must equal it (required) */
    uint32_t max_lifetime_s; /**< largest `exp - iat`; 0 = EJWT_COMMAND_MAX_LIFETIME_S;
                                  at most EJWT_COMMAND_LIFETIME_LIMIT_S */
    uint32_t leeway_s;       /**< clock skew tolerated for exp, nbf and iat */
    int64_t min_iat;         /**< refuse commands issued before this (Unix s); 0 = no bound */
} ejwt_command_config;

/** The command verifier: the backend's keys, the replay cache, the rules.
 *  Caller-allocated; fill with ejwt_command_verifier_init(). */
typedef struct ejwt_command_verifier {
    ejwt_command_config cfg;           /**< copy (strings stay the caller's) */
    ejwt_key keys[EJWT_MAX_JWKS_KEYS]; /**< the provisioned JWK Set */
    size_t nkeys;                      /**< keys in use */
    ejwt_replay_cache cache;           /**< seen jti values */
} ejwt_command_verifier;

/** A verified command: views into the caller's token and work buffer. */
typedef struct ejwt_command {
    ejwt_jwt jwt; /**< the verified JWT (header, claims) */
    int cmd;      /**< index of the `cmd` string in the claims */
    int args;     /**< index of the `args` object, or -1 when absent */
} ejwt_command;

/**
 * Set up a verifier with the JWK Set provisioned at registration (imported
 * with ejwt_jwk_import_set(); a key the set marks unusable stays unusable).
 * \param v         the verifier to fill (its replay cache starts empty)
 * \param cfg       the rules (copied; strings must outlive \p v)
 * \param jwks      the backend's JWK Set JSON (not kept)
 * \param jwks_len  its length
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG  client id or issuer missing or empty, or max_lifetime_s
 *                               over EJWT_COMMAND_LIFETIME_LIMIT_S
 * \return or any error of ejwt_jwk_import_set()
 */
int ejwt_command_verifier_init(ejwt_command_verifier *v, const ejwt_command_config *cfg,
                               const char *jwks, size_t jwks_len);

/** Destroy the imported keys and zero \p v.
 *  \param v  a verifier filled by ejwt_command_verifier_init() (or zeroed) */
void ejwt_command_verifier_free(ejwt_command_verifier *v);

/**
 * Verify a command (see the file overview for every rule and their order).
 * \param v          the verifier
 * \param token      the compact JWS (need not be terminated); must outlive \p out
 * \param token_len  its length
 * \param now        current Unix time (ejwt_session_now()), or EJWT_TIME_UNKNOWN
 * \param work       buffer for the decoded header and claims; must outlive \p out.
 *                   EJWT_WORK_SIZE(token_len) always suffices. No length is
 *                   reported (not a triple): the exact need is what
 *                   ejwt_jws_parse() reports as its work length
 * \param work_cap   its size
 * \param out        receives the command; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_TIME_UNKNOWN      \p now unknown
 * \retval EJWT_ERR_KEY_NOT_FOUND     no key has the token's kid
 * \retval EJWT_ERR_ALG_NOT_ALLOWED   alg is not ES256
 * \retval EJWT_ERR_TYP_MISMATCH      typ is not command+jwt
 * \retval EJWT_ERR_SIGNATURE_INVALID the signature does not verify
 * \retval EJWT_ERR_ISS_MISMATCH, EJWT_ERR_AUD_MISMATCH  wrong issuer or audience
 * \retval EJWT_ERR_CLAIM_MISSING     exp, iat, jti, iss, aud or cmd absent
 * \retval EJWT_ERR_CLAIM_TYPE        a claim has the wrong type (cmd not a string, args
 *                                    not an object)
 * \retval EJWT_ERR_EXPIRED           exp has passed
 * \retval EJWT_ERR_NOT_YET_VALID     nbf not reached, or iat in the future
 * \retval EJWT_ERR_LIFETIME_INVALID  exp - iat negative or over the maximum
 * \retval EJWT_ERR_LIMIT             jti longer than EJWT_COMMAND_MAX_JTI_LEN
 * \retval EJWT_ERR_REPLAYED          jti seen before, or iat before config.min_iat
 * \retval EJWT_ERR_REPLAY_CACHE_FULL every cache entry is live
 * \retval EJWT_ERR_INVALID_ARG       \p now is negative (a clock before 1970): the replay
 *                                    cache refuses to record such a time
 * \return or any error of ejwt_jwt_verify() (malformed token, ::EJWT_ERR_BUFFER_TOO_SMALL
 *         when \p work_cap is too small; \p work is wiped after every failure)
 */
int ejwt_command_verify(ejwt_command_verifier *v, const char *token, size_t token_len, int64_t now,
                        uint8_t *work, size_t work_cap, ejwt_command *out);

/** The verified claims as a JSON view: read `cmd` with
 *  ejwt_json_string_copy(&claims, cmd->cmd, ...) and `args` members with
 *  ejwt_json_find(&claims, cmd->args, "name"). Valid while \p cmd, the token
 *  and the work buffer are.
 *  \param cmd  a command verified by ejwt_command_verify()
 *  \return the view; an empty view (count 0) when \p cmd is NULL or unverified */
ejwt_json ejwt_command_claims(const ejwt_command *cmd);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_COMMAND_H */
