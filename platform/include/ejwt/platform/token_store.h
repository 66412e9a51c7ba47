/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file token_store.h
 * \brief A sealed, power-loss-safe store for the device's access token,
 *        refresh token and their metadata, in PSA secure storage.
 *
 * **Layout.** Three ITS entries under fixed uids: the access token with its
 * metadata (expiry, issuer, scope), the refresh token, and a version
 * counter. Each is sealed with ChaCha20-Poly1305 under a persistent,
 * non-exportable PSA key (::EJWT_TOKEN_STORE_KEY_ID, created on first use);
 * the associated data binds the entry's uid, kind and version number. So an
 * entry copied to another uid fails to open, and so does a tampered one.
 *
 * **Versions and rollback.** Every save (and every clear) takes a new version
 * number V, writes the access entry, then the refresh entry, then the
 * counter (= V). An entry is accepted only if its version is the committed
 * counter C or C + 1 (a save interrupted before its counter write), so
 * restoring an older entry over a newer one is refused with
 * ::EJWT_ERR_SEALED_INVALID. Limits: the counter is itself an ITS entry, so
 * rollback protection is only as good as its storage. An attacker who can
 * restore the *whole* storage (counter included) to an earlier image is not
 * detected; that needs a hardware monotonic counter (secure element, OTP,
 * TrustZone NV counter), which the PSA API does not expose portably. A
 * deleted or damaged counter restarts at 0 (entries older than version 2
 * then open again): the same class of attack.
 *
 * **Crash windows.** The access and refresh entries are separate ITS entries,
 * each replaced atomically; a save is not atomic as a whole. After a power
 * cut a load finds one of: both old (cut before the first write), new access
 * with old refresh (cut between the two writes; the old refresh token is
 * probably rotated away by the backend - using it fails and the firmware
 * re-authenticates), or both new with the counter not yet written (accepted
 * as C + 1). Each entry is checked on its own, so every combination loads.
 * At the next boot ejwt_token_store_init() finishes such a save: it re-seals
 * an entry still at C as C + 1 and commits the counter to C + 1, after which
 * every older copy is stale. A damaged or foreign
 * entry reads as ::EJWT_ERR_SEALED_INVALID and a later save replaces it.
 *
 * **Expiry and reboots.** The store reads no wall clock: the caller passes
 * its "now" to every call that needs one. A token's expiry is recorded as
 * wall time when it is known (the token's `exp`, or `expires_in` from a
 * known "now"), and otherwise as an uptime deadline. Uptime restarts at 0 on reboot, so each
 * record also stores a random 64-bit *boot id* drawn by
 * ejwt_token_store_init() at every boot (in RAM only: no storage write per
 * boot). An uptime deadline from another boot means nothing: such a token is
 * reported expired (refresh it). A wall-time expiry needs the wall clock,
 * except during the boot that saved it, when the uptime anchor recorded with
 * it is used (uptime cannot jump; the wall clock can).
 *
 * Zero malloc: the caller owns the ::ejwt_token_store (about 5 KiB with the
 * default bounds; place it static). Tokens pass through its work buffers,
 * which are wiped after every call. Not thread-safe: one context, one user.
 * Needs ejwt_platform_set() and psa_crypto_init() first.
 */
#ifndef EJWT_TOKEN_STORE_H
#define EJWT_TOKEN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "ejwt/ejwt_config.h"
#include "ejwt/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EJWT_TOKEN_STORE_MAX_TOKEN, _ISSUER and _SCOPE (the longest token, issuer
 * and scope stored) size ::ejwt_token_store: they are set in
 * <ejwt/ejwt_config.h> with the other layout bounds. */
/** Default refresh margin: refresh this many seconds before expiry. */
#ifndef EJWT_TOKEN_STORE_REFRESH_MARGIN_S
#define EJWT_TOKEN_STORE_REFRESH_MARGIN_S 60u
#endif
/** PSA key id of the sealing key (PSA user range 1..0x3fffffff). */
#ifndef EJWT_TOKEN_STORE_KEY_ID
#define EJWT_TOKEN_STORE_KEY_ID 0x0E1D0002u
#endif
/** First of the store's ITS uids. Above 2^32, so it can never collide with
 *  Mbed TLS's key files (uid = key id < 2^32). */
#ifndef EJWT_TOKEN_STORE_UID_BASE
#define EJWT_TOKEN_STORE_UID_BASE UINT64_C(0x454A575400000000) /* "EJWT" */
#endif
#define EJWT_TOKEN_STORE_UID_COUNTER (EJWT_TOKEN_STORE_UID_BASE + 0u) /**< version counter */
#define EJWT_TOKEN_STORE_UID_ACCESS (EJWT_TOKEN_STORE_UID_BASE + 1u)  /**< access + metadata */
#define EJWT_TOKEN_STORE_UID_REFRESH (EJWT_TOKEN_STORE_UID_BASE + 2u) /**< refresh token */

#if EJWT_TOKEN_STORE_MAX_TOKEN > 65535 || EJWT_TOKEN_STORE_MAX_ISSUER > 65535 ||                   \
    EJWT_TOKEN_STORE_MAX_SCOPE > 65535
#error "token store bounds must fit in 16 bits"
#endif

/** Plaintext bytes of the largest entry (32-byte record header + fields). */
#define EJWT_TOKEN_STORE_PLAIN_MAX                                                                 \
    (32u + EJWT_TOKEN_STORE_MAX_TOKEN + EJWT_TOKEN_STORE_MAX_ISSUER + EJWT_TOKEN_STORE_MAX_SCOPE)
/** Stored bytes of the largest sealed entry (28-byte header, 16-byte tag). */
#define EJWT_TOKEN_STORE_SEALED_MAX (28u + EJWT_TOKEN_STORE_PLAIN_MAX + 16u)

/** How a token's expiry was recorded. */
typedef enum ejwt_expiry_basis {
    EJWT_EXPIRY_WALL = 1,  /**< Unix time: the wall clock was known when saved */
    EJWT_EXPIRY_UPTIME = 2 /**< uptime deadline, valid only in the boot that saved it */
} ejwt_expiry_basis;

/** New tokens to save (what a token endpoint returned). Views: the store
 *  copies what it needs, nothing is kept after the call. */
typedef struct ejwt_token_set {
    const char *access;  /**< access token (required) */
    size_t access_len;   /**< its length, 1..EJWT_TOKEN_STORE_MAX_TOKEN */
    const char *refresh; /**< new refresh token; NULL keeps the stored one */
    size_t refresh_len;  /**< its length; 0 with a non-NULL refresh removes it */
    int64_t exp;         /**< absolute expiry (JWT `exp`, Unix s) or EJWT_TIME_UNKNOWN */
    int64_t expires_in;  /**< lifetime in s from now (OAuth `expires_in`), or -1 */
    const char *issuer;  /**< issuer, or NULL */
    size_t issuer_len;   /**< its length, up to EJWT_TOKEN_STORE_MAX_ISSUER */
    const char *scope;   /**< scope, or NULL */
    size_t scope_len;    /**< its length, up to EJWT_TOKEN_STORE_MAX_SCOPE */
} ejwt_token_set;

/** Metadata of the stored access token (copies, terminated). */
typedef struct ejwt_token_meta {
    ejwt_expiry_basis basis;                      /**< how the expiry was recorded */
    int64_t exp;                                  /**< EJWT_EXPIRY_WALL: Unix expiry time */
    uint64_t deadline_ms;                         /**< uptime deadline, meaningful when this_boot */
    int this_boot;                                /**< 1 if saved during the current boot */
    char issuer[EJWT_TOKEN_STORE_MAX_ISSUER + 1]; /**< issuer, terminated; "" if none */
    char scope[EJWT_TOKEN_STORE_MAX_SCOPE + 1];   /**< scope, terminated; "" if none */
} ejwt_token_meta;

/** The store's context. Caller-allocated; no interior pointers; fill only
 *  with ejwt_token_store_init(). */
typedef struct ejwt_token_store {
    uint64_t committed;                          /**< version counter as stored */
    uint64_t next;                               /**< next unused version */
    uint8_t boot_id[8];                          /**< random id of this boot */
    int ready;                                   /**< init succeeded */
    uint8_t plain[EJWT_TOKEN_STORE_PLAIN_MAX];   /**< work buffer, wiped after use */
    uint8_t sealed[EJWT_TOKEN_STORE_SEALED_MAX]; /**< work buffer, wiped after use */
} ejwt_token_store;

/**
 * Open the store at boot: create the sealing key on first use, draw this
 * boot's id, read the version counter and commit forward a save that was
 * cut short. Call once per boot, after ejwt_platform_set() and
 * psa_crypto_init().
 * \param ts  the context to fill
 * \retval EJWT_OK
 * \retval EJWT_ERR_ENTROPY                 no entropy for the boot id
 * \retval EJWT_ERR_ALG_KEY_MISMATCH        a key exists at EJWT_TOKEN_STORE_KEY_ID but
 *                                          is not a ChaCha20-Poly1305 sealing key
 * \retval EJWT_ERR_CRYPTO_NOT_INITIALIZED  psa_crypto_init() was not called
 * \retval EJWT_ERR_CRYPTO_NOT_SUPPORTED    PSA lacks ChaCha20-Poly1305
 * \retval EJWT_ERR_STORAGE_IO              secure storage failed
 * \retval EJWT_ERR_STORAGE_FULL            no room for the key or the counter
 */
int ejwt_token_store_init(ejwt_token_store *ts);

/**
 * Save new tokens: access token and metadata, refresh token, then the
 * version counter (see the crash windows above).
 * \param ts   an initialised store
 * \param set  the tokens; the expiry comes from set->exp if known, else from
 *             set->expires_in (a wall-clock expiry when \p now is known, else
 *             an uptime deadline valid in this boot only)
 * \param now  the caller's Unix time, or EJWT_TIME_UNKNOWN - the same reading
 *             it decides everything else with (the session passes
 *             ejwt_session_now(), which includes a time learned from the
 *             backend); the store reads no wall clock of its own
 * \retval EJWT_OK
 * \retval EJWT_ERR_INVALID_ARG    no access token, or neither exp nor expires_in
 * \retval EJWT_ERR_LIMIT          a token, issuer or scope over its EJWT_TOKEN_STORE_MAX_*
 * \retval EJWT_ERR_STORAGE_IO     secure storage failed (the old tokens may remain)
 * \retval EJWT_ERR_STORAGE_FULL   no room (the old tokens may remain)
 * \retval EJWT_ERR_ENTROPY        no nonce
 * \retval EJWT_ERR_CRYPTO         sealing failed
 */
int ejwt_token_store_save(ejwt_token_store *ts, const ejwt_token_set *set, int64_t now);

/**
 * Is the access token usable at \p now, with \p margin_s seconds to spare?
 * The firmware refreshes when this says no. In the boot that saved the
 * token its uptime deadline decides (the uptime counter cannot jump, the
 * wall clock can); otherwise a wall-time expiry is compared with \p now.
 * The store reads no wall clock itself: the caller passes the time it
 * trusts (the platform clock, or a time synced from the backend, as
 * ejwt_session_now() gives), once for everything it decides at that moment.
 * \param ts        an initialised store
 * \param now       Unix seconds, or EJWT_TIME_UNKNOWN
 * \param margin_s  refresh margin in seconds (EJWT_TOKEN_STORE_REFRESH_MARGIN_S
 *                  is a sensible default)
 * \retval EJWT_OK                 usable for at least \p margin_s more seconds
 * \retval EJWT_ERR_NO_TOKEN       no access token stored
 * \retval EJWT_ERR_EXPIRED        expired or within the margin, or its uptime
 *                                 deadline belongs to an earlier boot
 * \retval EJWT_ERR_TIME_UNKNOWN   wall-time expiry but \p now is unknown (and it
 *                                 was not saved during this boot)
 * \retval EJWT_ERR_SEALED_INVALID the entry is tampered, moved or rolled back
 * \retval EJWT_ERR_STORAGE_IO     secure storage failed
 * \retval EJWT_ERR_STORAGE_CORRUPT the stored file is damaged
 */
int ejwt_token_store_access_usable(ejwt_token_store *ts, int64_t now, uint32_t margin_s);

/**
 * Is a refresh token stored (and intact)?
 * \param ts  an initialised store
 * \retval EJWT_OK                 yes
 * \retval EJWT_ERR_NO_TOKEN       no refresh token
 * \retval EJWT_ERR_SEALED_INVALID the entry is tampered, moved or rolled back
 * \retval EJWT_ERR_STORAGE_IO     secure storage failed
 * \retval EJWT_ERR_STORAGE_CORRUPT the stored file is damaged
 */
int ejwt_token_store_has_refresh(ejwt_token_store *ts);

/**
 * Write `Bearer <access token>`, terminated, for an Authorization header
 * (text; buffer convention: see ejwt.h). Does not check expiry (ask
 * ejwt_token_store_access_usable()). Wipe \p out when done with it.
 * \param ts       an initialised store
 * \param out      caller buffer; may be NULL when \p cap is 0 (size query)
 * \param cap      its size
 * \param out_len  receives the length of the value (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out is wiped)
 * \retval EJWT_ERR_NO_TOKEN         no access token stored (\p out holds "", as after
 *                                   every other failure)
 * \retval EJWT_ERR_SEALED_INVALID   the entry is tampered, moved or rolled back
 * \retval EJWT_ERR_STORAGE_IO       secure storage failed
 * \retval EJWT_ERR_STORAGE_CORRUPT  the stored file is damaged
 */
int ejwt_token_store_bearer(ejwt_token_store *ts, char *out, size_t cap, size_t *out_len);

/**
 * Copy the refresh token, terminated, for a refresh request. Same contract
 * as ejwt_token_store_bearer() without the "Bearer " prefix (text; buffer
 * convention: see ejwt.h).
 * \param ts       an initialised store
 * \param out      caller buffer; may be NULL when \p cap is 0 (size query)
 * \param cap      its size
 * \param out_len  receives the token's length (the convention's length)
 * \retval EJWT_OK
 * \retval EJWT_ERR_BUFFER_TOO_SMALL \p cap too small (\p out is wiped)
 * \retval EJWT_ERR_NO_TOKEN         no refresh token stored
 * \retval EJWT_ERR_SEALED_INVALID   the entry is tampered, moved or rolled back
 * \retval EJWT_ERR_STORAGE_IO       secure storage failed
 * \retval EJWT_ERR_STORAGE_CORRUPT  the stored file is damaged
 */
int ejwt_token_store_refresh_token(ejwt_token_store *ts, char *out, size_t cap, size_t *out_len);

/**
 * The access token's metadata (expiry, issuer, scope).
 * \param ts    an initialised store
 * \param meta  receives copies; zeroed on failure
 * \retval EJWT_OK
 * \retval EJWT_ERR_NO_TOKEN         no access token stored
 * \retval EJWT_ERR_SEALED_INVALID   the entry is tampered, moved or rolled back
 * \retval EJWT_ERR_STORAGE_IO       secure storage failed
 * \retval EJWT_ERR_STORAGE_CORRUPT  the stored file is damaged
 */
int ejwt_token_store_meta(ejwt_token_store *ts, ejwt_token_meta *meta);

/**
 * Forget every token (logout): a new counter version first, so any copy of
 * an old entry is stale, then the entries are removed.
 * \param ts  an initialised store
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_IO    secure storage failed
 * \retval EJWT_ERR_STORAGE_FULL  no room for the counter
 */
int ejwt_token_store_clear(ejwt_token_store *ts);

/**
 * Deprovision: clear, then destroy the sealing key and the counter, so no
 * entry ever written can be opened again. \p ts must be re-initialised
 * before further use.
 * \param ts  an initialised store
 * \retval EJWT_OK
 * \retval EJWT_ERR_STORAGE_IO    secure storage failed
 */
int ejwt_token_store_deprovision(ejwt_token_store *ts);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_TOKEN_STORE_H */
