/* SPDX-License-Identifier: Apache-2.0 */
/* Key files to ejwt keys. */
#include "keys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "algs.h"
#include "args.h"
#include "io.h"
#include "pem.h"

/* One key file at a time; wiped after every use. */
static uint8_t keyfile[CLI_MAX_KEYFILE];

static int read_keyfile(const char *path, size_t *len)
{
    int rc = cli_read_file(path, keyfile, sizeof keyfile, len);

    if (rc == CLI_IO_TOO_LONG) {
        return cli_usage_error("key file '%s' is larger than %u bytes", path,
                               (unsigned)(sizeof keyfile - 1));
    }
    if (rc != CLI_IO_OK) {
        return cli_usage_error("cannot read key file '%s': %s", path, strerror(errno));
    }
    return CLI_EXIT_OK;
}

static int unusable(const char *path, int err)
{
    return cli_usage_error("unusable key file '%s': %s: %s", path, ejwt_error_name(err),
                           ejwt_strerror(err));
}

int cli_keysrc_check(const cli_keysrc *src, const char *cmd, int allow_secret)
{
    int given = (src->jwk != NULL) + (src->pem != NULL) + (src->secret != NULL);

    if (src->secret != NULL && !allow_secret) {
        return cli_usage_error("%s: --secret is not accepted here", cmd);
    }
    if (given != 1) {
        return cli_usage_error(allow_secret ? "%s: give exactly one of --jwk, --pem, --secret"
                                            : "%s: give exactly one of --jwk, --pem",
                               cmd);
    }
    return CLI_EXIT_OK;
}

static int load_jwk_set(const char *path, ejwt_key *keys, size_t cap, size_t *n)
{
    size_t len;
    int rc = read_keyfile(path, &len);

    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = ejwt_jwk_import_set((const char *)keyfile, len, keys, cap, n);
    cli_wipe(keyfile, sizeof keyfile);
    if (rc != EJWT_OK) {
        *n = 0;
        return unusable(path, rc);
    }
    if (*n == 0) {
        return cli_usage_error("unusable key file '%s': no keys", path);
    }
    return CLI_EXIT_OK;
}

/* Parse a PEM or DER key file into \p k (cli_pem_free() it afterwards). */
static int load_pem(const char *path, cli_pem *k)
{
    const char *why = "";
    size_t len;
    int rc = read_keyfile(path, &len);

    if (rc != CLI_EXIT_OK) {
        mbedtls_pk_init(&k->pk);
        return rc;
    }
    rc = cli_pem_parse(keyfile, len, k, &why);
    cli_wipe(keyfile, sizeof keyfile);
    if (rc != 0) {
        return cli_usage_error("unusable key file '%s': %s", path, why);
    }
    return CLI_EXIT_OK;
}

/* A JWK given as --secret would become an HMAC key made of its JSON text:
 * refuse what reads as a JSON object with a "kty" member. */
static int looks_like_jwk(const uint8_t *p, size_t len)
{
    size_t i = 0;

    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) {
        i++;
    }
    return i < len && p[i] == '{' && strstr((const char *)p + i, "\"kty\"") != NULL;
}

static int load_secret(const char *path, ejwt_alg alg, ejwt_key *key)
{
    size_t len;
    int rc = read_keyfile(path, &len);

    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (looks_like_jwk(keyfile, len)) {
        cli_wipe(keyfile, sizeof keyfile);
        return cli_usage_error("key file '%s' is a JWK, not raw secret bytes: use --jwk", path);
    }
    rc = ejwt_key_import_hmac_alg(alg, keyfile, len, key);
    cli_wipe(keyfile, sizeof keyfile);
    return rc != EJWT_OK ? unusable(path, rc) : CLI_EXIT_OK;
}

static int pem_import(const char *path, const cli_pem *k, ejwt_alg alg, int want_private,
                      ejwt_key *key)
{
    const char *why = NULL;
    int rc = cli_pem_import(k, alg, want_private, key, &why);

    if (rc == EJWT_OK) {
        return CLI_EXIT_OK;
    }
    if (why != NULL) {
        return cli_usage_error("key file '%s' %s", path, why);
    }
    return unusable(path, rc);
}

/* Keys of one family for every algorithm of \p algs that family has (one
 * PSA key per algorithm: a PSA policy names one), or else for \p fallback,
 * so that the core names the mismatch. */
static int load_per_alg(const cli_keysrc *src, const cli_pem *pem, cli_family family,
                        ejwt_alg fallback, uint32_t algs, ejwt_key *keys, size_t cap, size_t *n)
{
    uint32_t want = algs & cli_algs_of_family(family);
    int a, rc = CLI_EXIT_OK;

    if (want == 0) {
        want = EJWT_ALG_BIT(fallback);
    }
    for (a = EJWT_ALG_ES256; a <= EJWT_ALG_PS512 && rc == CLI_EXIT_OK; a++) {
        if ((want & EJWT_ALG_BIT(a)) == 0) {
            continue;
        }
        if (*n == cap) {
            rc = cli_usage_error("--alg names more than %u algorithms for one key", (unsigned)cap);
            break;
        }
        rc = pem != NULL ? pem_import(src->pem, pem, (ejwt_alg)a, 0, &keys[*n])
                         : load_secret(src->secret, (ejwt_alg)a, &keys[*n]);
        if (rc == CLI_EXIT_OK) {
            (*n)++;
        }
    }
    if (rc != CLI_EXIT_OK) {
        cli_destroy_keys(keys, *n);
        *n = 0;
    }
    return rc;
}

int cli_load_verify_keys(const cli_keysrc *src, uint32_t algs, ejwt_key *keys, size_t cap,
                         size_t *n)
{
    const char *why = NULL;
    ejwt_alg fallback = EJWT_ALG_HS256;
    cli_pem pem;
    int rc;

    *n = 0;
    if (src->jwk != NULL) {
        return load_jwk_set(src->jwk, keys, cap, n);
    }
    if (src->secret != NULL) {
        return load_per_alg(src, NULL, CLI_FAMILY_HMAC, EJWT_ALG_HS256, algs, keys, cap, n);
    }
    rc = load_pem(src->pem, &pem);
    if (rc == CLI_EXIT_OK && cli_pem_default_alg(&pem, &fallback, &why) != 0) {
        rc = cli_usage_error("unusable key file '%s': %s", src->pem, why);
    }
    if (rc == CLI_EXIT_OK) {
        const cli_alg_info *info = cli_alg_info_of(fallback);

        /* An EC key's curve names its one algorithm. */
        rc = load_per_alg(src, &pem, info->family, fallback,
                          info->family == CLI_FAMILY_EC ? 0u : algs, keys, cap, n);
    }
    cli_pem_free(&pem);
    return rc;
}

static int set_kid(ejwt_key *key, const char *kid)
{
    size_t len = strlen(kid);

    if (len > EJWT_MAX_KID_LEN) {
        return cli_usage_error("--kid is longer than %d bytes", EJWT_MAX_KID_LEN);
    }
    memcpy(key->kid, kid, len + 1);
    key->kid_len = (uint8_t)len;
    return CLI_EXIT_OK;
}

static int usable_for(const ejwt_key *key, ejwt_alg alg)
{
    return key->alg == alg && (key->ops & EJWT_KEY_OP_SIGN) != 0;
}

/* Choose the signing key of a JWK Set; the others are destroyed. With
 * --kid: the usable key with that kid, or else a sole usable key that has
 * no kid or is the file's only key (--kid then names it). Without: the sole
 * usable key. */
static int pick_jwk(const char *path, ejwt_alg alg, const char *kid, ejwt_key *keys, size_t n,
                    ejwt_key *out)
{
    size_t i, usable = 0, match = 0, last_usable = 0, last_match = 0, pick;
    const char *why = NULL;

    for (i = 0; i < n; i++) {
        if (usable_for(&keys[i], alg)) {
            usable++;
            last_usable = i;
            if (kid != NULL && strcmp(keys[i].kid, kid) == 0) {
                match++;
                last_match = i;
            }
        }
    }
    pick = match == 1 ? last_match : last_usable;
    if (usable == 0) {
        why = "has no private key that may sign with this --alg";
    } else if (match > 1) {
        why = "has several usable keys with that kid";
    } else if (match == 0 && usable > 1) {
        why = kid != NULL ? "has no usable key with that kid"
                          : "has several usable keys: choose one with --kid";
    } else if (match == 0 && kid != NULL && n > 1 && keys[pick].kid_len != 0) {
        why = "has no usable key with that kid";
    }
    if (why != NULL) {
        cli_destroy_keys(keys, n);
        return cli_usage_error("key file '%s' %s", path, why);
    }
    *out = keys[pick];
    memset(&keys[pick], 0, sizeof keys[pick]);
    cli_destroy_keys(keys, n);
    return CLI_EXIT_OK;
}

int cli_load_sign_key(const cli_keysrc *src, ejwt_alg alg, const char *kid, ejwt_key *out)
{
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (src->jwk != NULL) {
        rc = load_jwk_set(src->jwk, keys, EJWT_MAX_JWKS_KEYS, &n);
        if (rc == CLI_EXIT_OK) {
            rc = pick_jwk(src->jwk, alg, kid, keys, n, out);
        }
    } else if (src->pem != NULL) {
        cli_pem pem;

        rc = load_pem(src->pem, &pem);
        if (rc == CLI_EXIT_OK) {
            rc = pem_import(src->pem, &pem, alg, 1, out);
        }
        cli_pem_free(&pem);
    } else {
        const cli_alg_info *info = cli_alg_info_of(alg);

        if (info == NULL || info->family != CLI_FAMILY_HMAC) {
            return cli_usage_error("a --secret key signs HS256, HS384 or HS512 only");
        }
        rc = load_secret(src->secret, alg, out);
    }
    if (rc == CLI_EXIT_OK && kid != NULL) {
        rc = set_kid(out, kid);
    }
    if (rc != CLI_EXIT_OK) {
        cli_destroy_keys(out, 1);
    }
    return rc;
}

int cli_load_public_key(const cli_keysrc *src, const char *alg_s, ejwt_key *out)
{
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    const cli_alg_info *info;
    const char *why = NULL;
    size_t n = 0;
    ejwt_alg alg;
    int rc;

    memset(out, 0, sizeof *out);
    if (src->pem != NULL) {
        cli_pem pem;

        rc = load_pem(src->pem, &pem);
        if (rc == CLI_EXIT_OK && alg_s == NULL && cli_pem_default_alg(&pem, &alg, &why) != 0) {
            rc = cli_usage_error("unusable key file '%s': %s", src->pem, why);
        }
        if (rc == CLI_EXIT_OK && alg_s != NULL && cli_parse_alg(alg_s, strlen(alg_s), &alg) != 0) {
            rc = cli_usage_error("pubkey: unsupported --alg '%s' (%s)", alg_s, CLI_ALG_NAMES);
        }
        if (rc == CLI_EXIT_OK) {
            rc = pem_import(src->pem, &pem, alg, 0, out);
        }
        cli_pem_free(&pem);
        return rc;
    }
    if (alg_s != NULL) {
        return cli_usage_error("pubkey: --alg is for a --pem key (a JWK names its own)");
    }
    rc = load_jwk_set(src->jwk, keys, EJWT_MAX_JWKS_KEYS, &n);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    info = n == 1 ? cli_alg_info_of(keys[0].alg) : NULL;
    if (info == NULL || info->family == CLI_FAMILY_HMAC) {
        cli_destroy_keys(keys, n);
        return cli_usage_error("key file '%s' must hold exactly one EC or RSA key", src->jwk);
    }
    *out = keys[0];
    return CLI_EXIT_OK;
}

void cli_destroy_keys(ejwt_key *keys, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (keys[i].psa_id != 0) {
            (void)ejwt_key_destroy(&keys[i]);
        }
        memset(&keys[i], 0, sizeof keys[i]);
    }
}
