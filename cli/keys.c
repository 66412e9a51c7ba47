/* SPDX-License-Identifier: Apache-2.0 */
/* Key files to ejwt keys. */
#include "keys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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

static int load_pem(const char *path, cli_p256 *key)
{
    const char *why = "";
    size_t len;
    int rc = read_keyfile(path, &len);

    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    rc = cli_pem_parse_p256(keyfile, len, key, &why);
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

static int load_secret(const char *path, ejwt_key *key)
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
    rc = ejwt_key_import_hmac(keyfile, len, key);
    cli_wipe(keyfile, sizeof keyfile);
    return rc != EJWT_OK ? unusable(path, rc) : CLI_EXIT_OK;
}

/* The PEM's private key when it has one and \p want_private, else its
 * public key. */
static int load_pem_key(const char *path, int want_private, ejwt_key *key)
{
    cli_p256 p;
    int rc = load_pem(path, &p);

    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (want_private && !p.has_private) {
        cli_wipe(&p, sizeof p);
        return cli_usage_error("key file '%s' holds no private key", path);
    }
    rc = want_private ? ejwt_key_import_es256_private(p.d, sizeof p.d, key)
                      : ejwt_key_import_es256_public(p.point, sizeof p.point, key);
    cli_wipe(&p, sizeof p);
    return rc != EJWT_OK ? unusable(path, rc) : CLI_EXIT_OK;
}

int cli_load_verify_keys(const cli_keysrc *src, ejwt_key *keys, size_t cap, size_t *n)
{
    int rc;

    *n = 0;
    if (src->jwk != NULL) {
        return load_jwk_set(src->jwk, keys, cap, n);
    }
    rc =
        src->pem != NULL ? load_pem_key(src->pem, 0, &keys[0]) : load_secret(src->secret, &keys[0]);
    if (rc == CLI_EXIT_OK) {
        *n = 1;
    }
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
        if (alg != EJWT_ALG_ES256) {
            return cli_usage_error("a PEM key signs ES256 only");
        }
        rc = load_pem_key(src->pem, 1, out);
    } else {
        if (alg != EJWT_ALG_HS256) {
            return cli_usage_error("a --secret key signs HS256 only");
        }
        rc = load_secret(src->secret, out);
    }
    if (rc == CLI_EXIT_OK && kid != NULL) {
        rc = set_kid(out, kid);
    }
    if (rc != CLI_EXIT_OK) {
        cli_destroy_keys(out, 1);
    }
    return rc;
}

int cli_load_es256_key(const cli_keysrc *src, ejwt_key *out)
{
    ejwt_key keys[EJWT_MAX_JWKS_KEYS];
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (src->pem != NULL) {
        return load_pem_key(src->pem, 0, out);
    }
    rc = load_jwk_set(src->jwk, keys, EJWT_MAX_JWKS_KEYS, &n);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (n != 1 || keys[0].alg != EJWT_ALG_ES256) {
        cli_destroy_keys(keys, n);
        return cli_usage_error("key file '%s' must hold exactly one EC P-256 key", src->jwk);
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
