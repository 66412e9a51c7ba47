/* SPDX-License-Identifier: Apache-2.0 */
/* PEM in and out with Mbed TLS pk, for the host tool only. */
#include "pem.h"

#include <string.h>

#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/psa_util.h>

#include "algs.h"
#include "io.h"

/* What a key Mbed TLS could not parse is, named by the algorithm or curve
 * OID in its DER (the PEM's body, or the file itself), so the user reads
 * "an Ed25519 key" rather than "not an EC or RSA key". \p buf is NUL-terminated (the
 * key file reader's). NULL when nothing is known. */
static const char *unsupported_key_type(const uint8_t *buf, size_t len, int is_pem)
{
    static const struct {
        uint8_t oid[11]; /* tag, length, content */
        size_t len;
        const char *why;
    } known[] = {
        {{0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x0A},
         7,
         "an EC secp256k1 key: unsupported curve (ES256, ES384, ES512 need P-256, P-384, P-521)"},
        {{0x06, 0x03, 0x2B, 0x65, 0x70},
         5,
         "an Ed25519 key: unsupported key type (Mbed TLS 3.6 has no EdDSA)"},
        {{0x06, 0x03, 0x2B, 0x65, 0x71},
         5,
         "an Ed448 key: unsupported key type (Mbed TLS 3.6 has no EdDSA)"},
    };
    static const char *const labels[][2] = {
        {"-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"},
        {"-----BEGIN PUBLIC KEY-----", "-----END PUBLIC KEY-----"},
        {"-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----"},
    };
    mbedtls_pem_context pem;
    const uint8_t *der = buf;
    size_t der_len = len, used = 0, i, j;
    const char *why = NULL;

    mbedtls_pem_init(&pem);
    if (is_pem) {
        der = NULL;
        for (i = 0; i < sizeof labels / sizeof labels[0] && der == NULL; i++) {
            if (mbedtls_pem_read_buffer(&pem, labels[i][0], labels[i][1], buf, NULL, 0, &used) ==
                0) {
                der = mbedtls_pem_get_buffer(&pem, &der_len);
            }
        }
    }
    for (i = 0; der != NULL && why == NULL && i < sizeof known / sizeof known[0]; i++) {
        for (j = 0; j + known[i].len <= der_len; j++) {
            if (memcmp(der + j, known[i].oid, known[i].len) == 0) {
                why = known[i].why;
                break;
            }
        }
    }
    mbedtls_pem_free(&pem);
    return why;
}

int cli_pem_parse(const uint8_t *buf, size_t len, cli_pem *out, const char **why)
{
    int is_pem = strstr((const char *)buf, "-----BEGIN") != NULL;
    const char *type;

    out->has_private = 0;
    *why = "not a PEM or DER EC or RSA key";
    mbedtls_pk_init(&out->pk);
    /* PEM input must include the terminating NUL in its length; DER must not. */
    if (is_pem) {
        len++;
    }
    if (mbedtls_pk_parse_key(&out->pk, buf, len, NULL, 0, mbedtls_psa_get_random,
                             MBEDTLS_PSA_RANDOM_STATE) == 0) {
        out->has_private = 1;
        return 0;
    }
    mbedtls_pk_free(&out->pk);
    mbedtls_pk_init(&out->pk);
    if (mbedtls_pk_parse_public_key(&out->pk, buf, len) == 0) {
        return 0;
    }
    type = unsupported_key_type(buf, len, is_pem);
    if (type != NULL) {
        *why = type;
    }
    return -1;
}

void cli_pem_free(cli_pem *k)
{
    mbedtls_pk_free(&k->pk);
    k->has_private = 0;
}

/* The key's PSA type and bits; 0 or -1. */
static int pem_type(const cli_pem *k, psa_key_type_t *type, size_t *bits)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    int rc = mbedtls_pk_get_psa_attributes(
        &k->pk, k->has_private ? PSA_KEY_USAGE_SIGN_HASH : PSA_KEY_USAGE_VERIFY_HASH, &attr);

    *type = psa_get_key_type(&attr);
    *bits = psa_get_key_bits(&attr);
    psa_reset_key_attributes(&attr);
    return rc == 0 ? 0 : -1;
}

int cli_pem_default_alg(const cli_pem *k, ejwt_alg *alg, const char **why)
{
    psa_key_type_t type;
    size_t bits;

    *why = "not an EC or RSA key";
    if (pem_type(k, &type, &bits) != 0) {
        return -1;
    }
    if (PSA_KEY_TYPE_IS_RSA(type)) {
        *alg = EJWT_ALG_RS256;
        return 0;
    }
    if (!PSA_KEY_TYPE_IS_ECC(type) || PSA_KEY_TYPE_ECC_GET_FAMILY(type) != PSA_ECC_FAMILY_SECP_R1 ||
        cli_alg_of_curve(bits, alg) != 0) {
        *why = "an EC key of an unsupported curve (ES256 P-256, ES384 P-384, ES512 P-521)";
        return -1;
    }
    return 0;
}

/* Does a key of \p type and \p bits fit \p a? NULL, or why not. */
static const char *type_mismatch(const cli_alg_info *a, psa_key_type_t type, size_t bits)
{
    if (a->family == CLI_FAMILY_RSA) {
        return PSA_KEY_TYPE_IS_RSA(type) ? NULL : "not an RSA key (RS and PS algorithms need one)";
    }
    if (a->family == CLI_FAMILY_HMAC) {
        return "an HMAC algorithm takes --secret or an oct JWK, not a PEM";
    }
    if (!PSA_KEY_TYPE_IS_ECC(type) || PSA_KEY_TYPE_ECC_GET_FAMILY(type) != PSA_ECC_FAMILY_SECP_R1 ||
        bits != a->size) {
        return a->size == 256   ? "not an EC P-256 key (ES256 needs one)"
               : a->size == 384 ? "not an EC P-384 key (ES384 needs one)"
                                : "not an EC P-521 key (ES512 needs one)";
    }
    return NULL;
}

int cli_pem_import(const cli_pem *k, ejwt_alg alg, int want_private, ejwt_key *out,
                   const char **why)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    const cli_alg_info *a = cli_alg_info_of(alg);
    psa_key_usage_t usage = PSA_KEY_USAGE_VERIFY_HASH;
    int rc;

    memset(out, 0, sizeof *out);
    *why = NULL;
    if (want_private && !k->has_private) {
        *why = "holds no private key";
        return EJWT_ERR_KEY_INVALID;
    }
    if (want_private) {
        usage |= PSA_KEY_USAGE_SIGN_HASH;
    }
    /* Mbed TLS takes one usage flag here; the key gets both below. */
    if (a == NULL || mbedtls_pk_get_psa_attributes(
                         &k->pk, want_private ? PSA_KEY_USAGE_SIGN_HASH : PSA_KEY_USAGE_VERIFY_HASH,
                         &attr) != 0) {
        *why = "not an EC or RSA key";
        return EJWT_ERR_KEY_INVALID;
    }
    *why = type_mismatch(a, psa_get_key_type(&attr), psa_get_key_bits(&attr));
    if (*why != NULL) {
        psa_reset_key_attributes(&attr);
        return EJWT_ERR_ALG_KEY_MISMATCH;
    }
    /* PSA would refuse the import without saying why; the core's bound
     * names it (a short key is the core's EJWT_ERR_KEY_TOO_SHORT below). */
    if (a->family == CLI_FAMILY_RSA && psa_get_key_bits(&attr) > EJWT_RSA_MAX_BITS) {
        psa_reset_key_attributes(&attr);
        return EJWT_ERR_LIMIT;
    }
    /* The policy the core binds to the algorithm; never exportable. */
    psa_set_key_usage_flags(&attr, usage);
    psa_set_key_algorithm(&attr, cli_alg_policy(a));
    if (mbedtls_pk_import_into_psa(&k->pk, &attr, &id) != 0) {
        psa_reset_key_attributes(&attr);
        *why = "the key cannot be imported";
        return EJWT_ERR_KEY_INVALID;
    }
    psa_reset_key_attributes(&attr);
    rc = ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), alg, NULL, out);
    if (rc != EJWT_OK) {
        psa_destroy_key(id);
    }
    return rc;
}

int cli_pem_write_public(const ejwt_key *key, char *out, size_t cap)
{
    mbedtls_pk_context pk;
    int rc = -1;

    mbedtls_pk_init(&pk);
    if (mbedtls_pk_copy_public_from_psa(mbedtls_svc_key_id_make(0, key->psa_id), &pk) == 0 &&
        mbedtls_pk_write_pubkey_pem(&pk, (unsigned char *)out, cap) == 0) {
        rc = 0;
    }
    mbedtls_pk_free(&pk);
    return rc;
}

/* DER length octets for n < 65536; returns their count. */
static size_t der_len(uint8_t *p, size_t n)
{
    if (n < 0x80) {
        p[0] = (uint8_t)n;
        return 1;
    }
    if (n < 0x100) {
        p[0] = 0x81;
        p[1] = (uint8_t)n;
        return 2;
    }
    p[0] = 0x82;
    p[1] = (uint8_t)(n >> 8);
    p[2] = (uint8_t)n;
    return 3;
}

/* The AlgorithmIdentifier of PKCS#8 (RFC 5208) for a key of \p type and
 * \p bits, DER: id-ecPublicKey with the named curve (RFC 5480), or
 * rsaEncryption with NULL parameters (RFC 8017 appendix C). 0 or -1. */
static int pkcs8_alg_id(psa_key_type_t type, size_t bits, const uint8_t **der, size_t *len)
{
    static const uint8_t p256[] = {0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                   0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    static const uint8_t p384[] = {0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
                                   0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    static const uint8_t p521[] = {0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d,
                                   0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
    static const uint8_t rsa[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                  0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    if (PSA_KEY_TYPE_IS_RSA(type)) {
        *der = rsa;
        *len = sizeof rsa;
        return 0;
    }
    if (type != PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)) {
        return -1;
    }
    *der = bits == 256 ? p256 : bits == 384 ? p384 : bits == 521 ? p521 : NULL;
    *len = bits == 256 ? sizeof p256 : sizeof p384; /* P-384 and P-521: same length */
    return *der != NULL ? 0 : -1;
}

/* The private DER Mbed TLS writes (SEC1 or PKCS#1) of the largest key. */
#define CLI_KEY_DER_MAX PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(EJWT_RSA_MAX_BITS)

int cli_pem_write_private(mbedtls_svc_key_id_t id, char *out, size_t cap)
{
    /* PrivateKeyInfo (RFC 5208): version 0, the AlgorithmIdentifier and
     * the SEC1 ECPrivateKey (RFC 5915) or PKCS#1 RSAPrivateKey in an OCTET
     * STRING. PKCS#8 is what every peer loads (jose's importPKCS8 takes
     * nothing else). */
    static const uint8_t version[] = {0x02, 0x01, 0x00};
    static uint8_t inner[CLI_KEY_DER_MAX];
    static uint8_t der[CLI_KEY_DER_MAX + 64];
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    const uint8_t *alg_id = NULL;
    uint8_t lenbuf[3];
    mbedtls_pk_context pk;
    size_t inner_len, body_len, alg_len = 0, pos = 0, olen = 0, k;
    int ret, rc = -1;

    mbedtls_pk_init(&pk);
    if (psa_get_key_attributes(id, &attr) != PSA_SUCCESS ||
        pkcs8_alg_id(psa_get_key_type(&attr), psa_get_key_bits(&attr), &alg_id, &alg_len) != 0 ||
        mbedtls_pk_copy_from_psa(id, &pk) != 0) {
        goto done;
    }
    ret = mbedtls_pk_write_key_der(&pk, inner, sizeof inner);
    if (ret <= 0) {
        goto done;
    }
    inner_len = (size_t)ret;
    k = der_len(lenbuf, inner_len);
    body_len = sizeof version + alg_len + 1 + k + inner_len;
    der[pos++] = 0x30;
    pos += der_len(der + pos, body_len);
    if (pos + body_len > sizeof der) {
        goto done;
    }
    memcpy(der + pos, version, sizeof version);
    pos += sizeof version;
    memcpy(der + pos, alg_id, alg_len);
    pos += alg_len;
    der[pos++] = 0x04;
    memcpy(der + pos, lenbuf, k);
    pos += k;
    memcpy(der + pos, inner + sizeof inner - inner_len, inner_len);
    pos += inner_len;
    if (mbedtls_pem_write_buffer("-----BEGIN PRIVATE KEY-----\n", "-----END PRIVATE KEY-----\n",
                                 der, pos, (unsigned char *)out, cap, &olen) == 0) {
        rc = 0;
    }
done:
    psa_reset_key_attributes(&attr);
    mbedtls_pk_free(&pk);
    cli_wipe(inner, sizeof inner);
    cli_wipe(der, sizeof der);
    return rc;
}
