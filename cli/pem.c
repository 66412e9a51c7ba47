/* SPDX-License-Identifier: Apache-2.0 */
/* PEM in and out with Mbed TLS pk, for the host tool only. */
#include "pem.h"

#include <string.h>

#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/psa_util.h>

#include "io.h"

/* Import the pk key into PSA as an exportable volatile key and export what
 * the caller needs. */
static int export_from_pk(const mbedtls_pk_context *pk, int is_private, cli_p256 *out,
                          const char **why)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    size_t n = 0;
    int rc = -1;

    if (mbedtls_pk_get_psa_attributes(
            pk, is_private ? PSA_KEY_USAGE_SIGN_HASH : PSA_KEY_USAGE_VERIFY_HASH, &attr) != 0) {
        *why = "not an EC key";
        goto done;
    }
    if (psa_get_key_type(&attr) != (is_private
                                        ? PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1)
                                        : PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1)) ||
        psa_get_key_bits(&attr) != 256) {
        *why = "not a P-256 key";
        goto done;
    }
    psa_set_key_usage_flags(&attr, psa_get_key_usage_flags(&attr) | PSA_KEY_USAGE_EXPORT);
    if (mbedtls_pk_import_into_psa(pk, &attr, &id) != 0) {
        *why = "the key cannot be imported";
        goto done;
    }
    if (psa_export_public_key(id, out->point, sizeof out->point, &n) != PSA_SUCCESS ||
        n != sizeof out->point) {
        *why = "cannot export the public key";
        goto done;
    }
    if (is_private) {
        if (psa_export_key(id, out->d, sizeof out->d, &n) != PSA_SUCCESS || n != sizeof out->d) {
            *why = "cannot export the private key";
            goto done;
        }
        out->has_private = 1;
    }
    rc = 0;
done:
    psa_destroy_key(id);
    psa_reset_key_attributes(&attr);
    return rc;
}

/* What a key Mbed TLS could not parse is, named by the algorithm or curve
 * OID in its DER (the PEM's body, or the file itself), so the user reads
 * "an RSA key" rather than "not an EC key". \p buf is NUL-terminated (the
 * key file reader's). NULL when nothing is known. */
static const char *unsupported_key_type(const uint8_t *buf, size_t len, int is_pem)
{
    static const struct {
        uint8_t oid[11]; /* tag, length, content */
        size_t len;
        const char *why;
    } known[] = {
        {{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01},
         11,
         "an RSA key: unsupported key type (ejwt takes EC P-256 keys for ES256)"},
        {{0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22},
         7,
         "an EC P-384 key: unsupported curve (ES256 needs P-256)"},
        {{0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23},
         7,
         "an EC P-521 key: unsupported curve (ES256 needs P-256)"},
        {{0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x0A},
         7,
         "an EC secp256k1 key: unsupported curve (ES256 needs P-256)"},
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

    if (is_pem && strstr((const char *)buf, "-----BEGIN RSA ") != NULL) {
        return known[0].why; /* PKCS#1 names RSA in its label */
    }
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

int cli_pem_parse_p256(const uint8_t *buf, size_t len, cli_p256 *out, const char **why)
{
    mbedtls_pk_context pk;
    int rc;

    memset(out, 0, sizeof *out);
    *why = "not a PEM or DER EC key";
    mbedtls_pk_init(&pk);
    /* PEM input must include the terminating NUL in its length; DER must not. */
    if (strstr((const char *)buf, "-----BEGIN") != NULL) {
        len++;
    }
    if (mbedtls_pk_parse_key(&pk, buf, len, NULL, 0, mbedtls_psa_get_random,
                             MBEDTLS_PSA_RANDOM_STATE) == 0) {
        rc = export_from_pk(&pk, 1, out, why);
    } else {
        mbedtls_pk_free(&pk);
        mbedtls_pk_init(&pk);
        rc =
            mbedtls_pk_parse_public_key(&pk, buf, len) == 0 ? export_from_pk(&pk, 0, out, why) : -1;
    }
    mbedtls_pk_free(&pk);
    if (rc != 0) {
        const char *type =
            unsupported_key_type(buf, len, strstr((const char *)buf, "-----BEGIN") != NULL);

        if (type != NULL) {
            *why = type;
        }
        cli_wipe(out, sizeof *out);
    }
    return rc;
}

int cli_pem_write_public(const uint8_t point[CLI_P256_POINT_LEN], char *out, size_t cap)
{
    psa_key_attributes_t attr = PSA_KEY_ATTRIBUTES_INIT;
    mbedtls_svc_key_id_t id = MBEDTLS_SVC_KEY_ID_INIT;
    mbedtls_pk_context pk;
    int rc = -1;

    mbedtls_pk_init(&pk);
    psa_set_key_type(&attr, PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1));
    psa_set_key_bits(&attr, 256);
    psa_set_key_usage_flags(&attr, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_VERIFY_HASH);
    psa_set_key_algorithm(&attr, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
    if (psa_import_key(&attr, point, CLI_P256_POINT_LEN, &id) == PSA_SUCCESS &&
        mbedtls_pk_copy_public_from_psa(id, &pk) == 0 &&
        mbedtls_pk_write_pubkey_pem(&pk, (unsigned char *)out, cap) == 0) {
        rc = 0;
    }
    mbedtls_pk_free(&pk);
    psa_destroy_key(id);
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

int cli_pem_write_private(mbedtls_svc_key_id_t id, char *out, size_t cap)
{
    /* PrivateKeyInfo (RFC 5208) around the SEC1 ECPrivateKey (RFC 5915):
     * version 0, AlgorithmIdentifier {id-ecPublicKey, prime256v1}. PKCS#8 is
     * what every peer loads (jose's importPKCS8 takes nothing else). */
    static const uint8_t version_and_alg[] = {0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a,
                                              0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
                                              0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    uint8_t sec1[512];
    uint8_t der[600];
    uint8_t lenbuf[3];
    mbedtls_pk_context pk;
    size_t sec1_len, body_len, pos = 0, olen = 0, k;
    int ret, rc = -1;

    mbedtls_pk_init(&pk);
    if (mbedtls_pk_copy_from_psa(id, &pk) != 0) {
        goto done;
    }
    ret = mbedtls_pk_write_key_der(&pk, sec1, sizeof sec1);
    if (ret <= 0) {
        goto done;
    }
    sec1_len = (size_t)ret;
    k = der_len(lenbuf, sec1_len);
    body_len = sizeof version_and_alg + 1 + k + sec1_len;
    der[pos++] = 0x30;
    pos += der_len(der + pos, body_len);
    if (pos + body_len > sizeof der) {
        goto done;
    }
    memcpy(der + pos, version_and_alg, sizeof version_and_alg);
    pos += sizeof version_and_alg;
    der[pos++] = 0x04;
    memcpy(der + pos, lenbuf, k);
    pos += k;
    memcpy(der + pos, sec1 + sizeof sec1 - sec1_len, sec1_len);
    pos += sec1_len;
    if (mbedtls_pem_write_buffer("-----BEGIN PRIVATE KEY-----\n", "-----END PRIVATE KEY-----\n",
                                 der, pos, (unsigned char *)out, cap, &olen) == 0) {
        rc = 0;
    }
done:
    mbedtls_pk_free(&pk);
    cli_wipe(sec1, sizeof sec1);
    cli_wipe(der, sizeof der);
    return rc;
}
