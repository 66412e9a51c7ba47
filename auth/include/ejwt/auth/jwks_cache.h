/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file jwks_cache.h
 * \brief The issuer's JWK Set kept in sealed storage for the device's
 *        lifetime, following the server's key rotation.
 *
 * A device deployed for years sees its backend rotate signing keys. The
 * cache keeps the set the device last fetched from the issuer's `jwks_uri`
 * (discovery), with that source, the time it was fetched and a maximum age,
 * as one sealed record (<ejwt/platform/sealed_record.h>: ChaCha20-Poly1305
 * under the token store's key, one atomic ITS replace per save). Its keys
 * are imported once, at ejwt_jwks_cache_load() or ejwt_jwks_cache_store(),
 * and handed to any verifier (ejwt_jwt_verify(), the access-token profile,
 * signed commands) through ejwt_jwks_cache_keys().
 *
 * **Refresh rules.** The layer is sans-I/O: the application fetches
 * ejwt_jwks_cache_source() over its pinned TLS link and gives the body to
 * ejwt_jwks_cache_store(). The cache decides *when* a fetch may happen:
 *  - ejwt_jwks_cache_refresh_due(): no set yet, or the set is older than
 *    its maximum age (a refresh is due; the old keys keep verifying until
 *    one succeeds: the age says when to look for a rotation, it is not an
 *    expiry, and tokens expire by themselves).
 *  - a token whose `kid` the set does not hold (::EJWT_ERR_KEY_NOT_FOUND
 *    from the verifier) allows one refresh, then one more verify.
 *  - ejwt_jwks_cache_begin_refresh() must say yes before every fetch: at
 *    most one fetch per ::ejwt_jwks_cache_config::min_refresh_interval_s,
 *    measured on the uptime clock (the wall clock may jump) and, when the
 *    time is known, also from the stored fetch time (so a device rebooting
 *    in a loop does not fetch on every boot). A stream of tokens with
 *    unknown kids therefore costs the server one request per interval.
 *
 * **Replacing the set.** ejwt_jwks_cache_store() refuses a body that is
 * not a strict JWK Set, that is empty or that holds no key usable for
 * verification, and keeps the old set and keys (the error says why). An
 * accepted set is imported beside the old one, saved in one atomic replace
 * (a power cut leaves the old record or the new one, never a mix), and only
 * then replaces the old keys, which are destroyed: a key that left the set
 * stops verifying at once. While it runs, the old and the new keys are
 * held together: the PSA key store needs 2 × ::EJWT_MAX_JWKS_KEYS slots.
 *
 * **Pattern** (error handling shortened):
 * \code
 *   err = ejwt_jwt_verify(tok, n, keys, nkeys, &opts, work, cap, NULL, &jwt);
 *   if (err == EJWT_ERR_KEY_NOT_FOUND &&
 *       ejwt_jwks_cache_begin_refresh(&cache, now) == EJWT_OK) {
 *       fetch ejwt_jwks_cache_source(&cache) into body over the pinned link;
 *       if (ejwt_jwks_cache_store(&cache, NULL, body, len, now, w, wcap) == EJWT_OK) {
 *           keys = ejwt_jwks_cache_keys(&cache, &nkeys);
 *           err = ejwt_jwt_verify(...);           // once, never in a loop
 *       }
 *   }
 * \endcode
 *
 * **Record** (ejwt_jwks_record_encode(), at most ::EJWT_JWKS_CACHE_RECORD_MAX
 * bytes): `"EJS"`, version 1, the fetch time as a big-endian signed 64-bit
 * Unix time (::EJWT_TIME_UNKNOWN when fetched without a clock), the maximum
 * age as a big-endian 32-bit count of seconds, then the source URL and the
 * set's JSON, each as a big-endian 16-bit length and its bytes. Decoding
 * checks every length and bound again, and the set is imported again on
 * every load.
 *
 * Zero malloc: the cache (about 430 bytes on Cortex-M with the defaults)
 * and the work buffer are the caller's. Needs ejwt_platform_set() and
 * psa_crypto_init() first. Not thread-safe.
 */
#ifndef EJWT_JWKS_CACHE_H
#define EJWT_JWKS_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/auth/discovery.h"
#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"
#include "ejwt/key.h"
#include "ejwt/platform/sealed_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Secure storage uid of the cached set (in the range of applications'
 *  sealed records, beside the device configuration's). */
#define EJWT_JWKS_CACHE_UID (EJWT_SEALED_RECORD_UID_BASE + 0x101u)
/** Sealed record kind of the cached set ("EJS1"). */
#define EJWT_JWKS_CACHE_KIND 0x454A5331u

/** Largest JWK Set body kept, in bytes of JSON. Two RSA-2048 keys as an
 *  authorization server publishes them during a rotation take about 1 KB. */
#ifndef EJWT_JWKS_CACHE_MAX_SET
#define EJWT_JWKS_CACHE_MAX_SET 3072u
#endif
/** Default maximum age of a set before a refresh is due: one day. */
#define EJWT_JWKS_CACHE_MAX_AGE_S 86400u
/** Default shortest time between two fetches: five minutes. */
#define EJWT_JWKS_CACHE_MIN_INTERVAL_S 300u
/** The shortest ::ejwt_jwks_cache_config::min_refresh_interval_s accepted:
 *  below it a flood of unknown kids would become a flood of fetches. */
#ifndef EJWT_JWKS_CACHE_INTERVAL_FLOOR_S
#define EJWT_JWKS_CACHE_INTERVAL_FLOOR_S 10u
#endif

/** Bytes of the record before its two strings: magic, version, fetch time,
 *  maximum age. */
#define EJWT_JWKS_RECORD_HEADER 16u
/** Largest record ejwt_jwks_record_encode() writes: the header, then the
 *  source and the set, each with a 2-byte length, at their bounds. */
#define EJWT_JWKS_CACHE_RECORD_MAX                                                                 \
    (EJWT_JWKS_RECORD_HEADER + 2u + EJWT_DISCOVERY_MAX_URL + 2u + EJWT_JWKS_CACHE_MAX_SET)
/** Work buffer ejwt_jwks_cache_load() and ejwt_jwks_cache_store() always
 *  accept: one part holds the plain record, the other the sealed one. */
#define EJWT_JWKS_CACHE_WORK_SIZE (2u * EJWT_JWKS_CACHE_RECORD_MAX + EJWT_SEALED_RECORD_OVERHEAD)

#if EJWT_JWKS_CACHE_MAX_SET < 16 || EJWT_JWKS_CACHE_MAX_SET > 0xFFFF
#error "EJWT_JWKS_CACHE_MAX_SET must be between 16 and 65535"
#endif

/** How the cache behaves. Zero-initialise, then set what you need. */
typedef struct ejwt_jwks_cache_config {
    uint64_t uid;       /**< storage uid; 0 = ::EJWT_JWKS_CACHE_UID (one per issuer) */
    uint32_t max_age_s; /**< age after which a refresh is due; 0 = ::EJWT_JWKS_CACHE_MAX_AGE_S */
    /** shortest time between fetches; 0 = ::EJWT_JWKS_CACHE_MIN_INTERVAL_S,
     *  at least ::EJWT_JWKS_CACHE_INTERVAL_FLOOR_S */
    uint32_t min_refresh_interval_s;
    unsigned url_flags; /**< ::EJWT_DISCOVERY_ALLOW_LOOPBACK_HTTP or 0, for the source URL */
} ejwt_jwks_cache_config;

/** The cached set: its keys and what the record says about it.
 *  Caller-allocated; fill with ejwt_jwks_cache_init(). */
typedef struct ejwt_jwks_cache {
    ejwt_jwks_cache_config cfg;               /**< copy, defaults filled in */
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];        /**< the set's keys (unusable entries kept, ops 0) */
    size_t nkeys;                             /**< keys in use; 0 = no set */
    int64_t fetched_at;                       /**< Unix s of the fetch, or EJWT_TIME_UNKNOWN */
    uint64_t last_fetch_ms;                   /**< uptime when the last fetch was allowed */
    uint32_t fetches;                         /**< fetches allowed since init (diagnostics) */
    uint8_t fetch_started;                    /**< whether last_fetch_ms is set */
    char source[EJWT_DISCOVERY_MAX_URL + 1u]; /**< the set's `jwks_uri`, terminated */
} ejwt_jwks_cache;

/**
 * Start an empty cache (no I/O).
 * \param c    the cache to fill
 * \param cfg  its behaviour (copied); NULL for every default
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG  \p c NULL, or min_refresh_interval_s set below
 *                               ::EJWT_JWKS_CACHE_INTERVAL_FLOOR_S
 */
int ejwt_jwks_cache_init(ejwt_jwks_cache *c, const ejwt_jwks_cache_config *cfg);

/**
 * Load the stored set (at boot) and import its keys, replacing what \p c held.
 * \param c         a cache from ejwt_jwks_cache_init()
 * \param work      work buffer, wiped on return
 * \param work_cap  its size; ::EJWT_JWKS_CACHE_WORK_SIZE always suffices
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_NOT_FOUND no set stored (fetch one and store it)
 * \retval EJWT_ERR_SEALED_INVALID    the record does not open (see ejwt_sealed_record_load();
 *                                   also when \p work_cap is too small for it)
 * \retval EJWT_ERR_STORAGE_CORRUPT   it opens but is not a valid record, or its source
 *                                   is not an acceptable URL
 * \return or any error of ejwt_jwk_import_set() on the stored set; on every
 *         failure \p c holds no keys (its configuration is kept)
 */
int ejwt_jwks_cache_load(ejwt_jwks_cache *c, uint8_t *work, size_t work_cap);

/**
 * Replace the set with one just fetched (or provisioned): check and import
 * it, save it, then drop the old keys. On any failure the old set, its keys
 * and its record stay as they were.
 * \param c         the cache
 * \param source    the set's URL (discovery's `jwks_uri`), terminated; NULL
 *                  keeps the current source (a refresh)
 * \param set       the body: a JWK Set (`{"keys":[...]}`; a single JWK counts as a set
 *                  of one, as in ejwt_jwk_import_set()), need not be terminated
 * \param len       its length, at most ::EJWT_JWKS_CACHE_MAX_SET
 * \param now       Unix time of the fetch, or EJWT_TIME_UNKNOWN
 * \param work      work buffer, wiped on return
 * \param work_cap  its size; ::EJWT_JWKS_CACHE_WORK_SIZE always suffices
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG      NULL argument, or no source yet and \p source NULL
 * \retval EJWT_ERR_INSECURE_URL     \p source is not an acceptable https URL
 * \retval EJWT_ERR_METADATA_INVALID \p source longer than ::EJWT_DISCOVERY_MAX_URL
 * \retval EJWT_ERR_LIMIT            \p len over ::EJWT_JWKS_CACHE_MAX_SET, \p work_cap
 *                                   too small, or more keys than ::EJWT_MAX_JWKS_KEYS
 * \retval EJWT_ERR_KEY_NOT_FOUND    the set is empty or none of its keys can verify
 * \return or any error of ejwt_jwk_import_set() or ejwt_sealed_record_save()
 */
int ejwt_jwks_cache_store(ejwt_jwks_cache *c, const char *source, const char *set, size_t len,
                          int64_t now, uint8_t *work, size_t work_cap);

/**
 * Is a refresh due: no set, or one older than its maximum age?
 * \param c    the cache
 * \param now  Unix time, or EJWT_TIME_UNKNOWN (then only "no set" and a set
 *             fetched without a clock count: its age cannot be known)
 * \return 1 when due, 0 when not
 */
int ejwt_jwks_cache_refresh_due(const ejwt_jwks_cache *c, int64_t now);

/**
 * Ask to fetch the set now. Yes at most once per minimum interval: on the
 * uptime clock since the last yes, and, when \p now is known, since the
 * stored fetch time. A yes is remembered whether the fetch then succeeds or
 * not, so a server that fails is not hammered either.
 * \param c    the cache (it must have a source)
 * \param now  Unix time, or EJWT_TIME_UNKNOWN
 * \retval EJWT_OK                    fetch ejwt_jwks_cache_source() now
 * \retval EJWT_ERR_JWKS_RATE_LIMITED not yet: the last fetch is too recent
 * \retval EJWT_ERR_INVALID_ARG       \p c NULL or without a source
 */
int ejwt_jwks_cache_begin_refresh(ejwt_jwks_cache *c, int64_t now);

/** The URL to fetch the set from.
 *  \param c  the cache
 *  \return the terminated source URL, "" when none yet */
const char *ejwt_jwks_cache_source(const ejwt_jwks_cache *c);

/** The set's keys, for a verifier's key choice by `kid`.
 *  \param c      the cache
 *  \param nkeys  receives their number (0 when the cache holds no set)
 *  \return the keys (valid until the next load, store or free) */
const ejwt_key *ejwt_jwks_cache_keys(const ejwt_jwks_cache *c, size_t *nkeys);

/** Destroy the imported keys and empty \p c (the stored record stays).
 *  \param c  a cache from ejwt_jwks_cache_init() (or zeroed) */
void ejwt_jwks_cache_free(ejwt_jwks_cache *c);

/**
 * Forget the set for good (deprovisioning): free the keys and remove the record.
 * \param c  the cache
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_IO removing failed
 */
int ejwt_jwks_cache_remove(ejwt_jwks_cache *c);

/** A decoded record: views into the plain record bytes. */
typedef struct ejwt_jwks_record {
    int64_t fetched_at; /**< Unix s, or EJWT_TIME_UNKNOWN */
    uint32_t max_age_s; /**< the maximum age it was saved with */
    const char *source; /**< the source URL (not terminated) */
    size_t source_len;  /**< its length */
    const char *set;    /**< the set's JSON (not terminated) */
    size_t set_len;     /**< its length */
} ejwt_jwks_record;

/**
 * Encode a record (binary; buffer convention: see ejwt.h).
 * \param r        what to encode (lengths within their bounds)
 * \param out      output buffer (may be NULL with \p cap 0 to measure)
 * \param cap      its size
 * \param out_len  receives the record's length
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG      NULL argument, or a length over its bound
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small
 */
int ejwt_jwks_record_encode(const ejwt_jwks_record *r, uint8_t *out, size_t cap, size_t *out_len);

/**
 * Decode a record (what ejwt_jwks_cache_load() does after opening it).
 * \param rec  the plain record
 * \param len  its length
 * \param out  receives views into \p rec; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_CORRUPT wrong magic or version, a length past the end or
 *                                  over its bound, or bytes after the set
 * \retval EJWT_ERR_INVALID_ARG     NULL argument
 */
int ejwt_jwks_record_decode(const uint8_t *rec, size_t len, ejwt_jwks_record *out);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_JWKS_CACHE_H */
