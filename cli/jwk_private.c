/* SPDX-License-Identifier: Apache-2.0 */
/* Private JWKs from PSA exports: EC (the point and the scalar) and RSA
 * (the DER RSAPrivateKey of RFC 8017 appendix A.1.2, read with Mbed TLS's
 * ASN.1 parser). */
#include "jwk_private.h"

#include <string.h>

#include <mbedtls/asn1.h>

#include "algs.h"
#include "io.h"
#include "strbuf.h"

/* PSA's export of the largest RSA key pair, and of an EC point. */
#define CLI_RSA_PAIR_DER_MAX PSA_KEY_EXPORT_RSA_KEY_PAIR_MAX_SIZE(EJWT_RSA_MAX_BITS)
#define CLI_EC_POINT_MAX PSA_EXPORT_PUBLIC_KEY_MAX_SIZE

/* RSAPrivateKey members after the version, in their DER order, with the
 * JWK name of each (RFC 7518 section 6.3); n and e are public. */
static const char *const rsa_members[] = {"n", "e", "d", "p", "q", "dp", "dq", "qi"};
#define CLI_RSA_MEMBERS (sizeof rsa_members / sizeof rsa_members[0])

static int write_rsa(mbedtls_svc_key_id_t id, cli_sb *sb)
{
    static uint8_t der[CLI_RSA_PAIR_DER_MAX];
    unsigned char *p = der, *end;
    size_t len = 0, i;
    int version = -1, rc = -1;

    if (psa_export_key(id, der, sizeof der, &len) != PSA_SUCCESS) {
        goto done;
    }
    end = der + len;
    if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) !=
            0 ||
        p + len != end || mbedtls_asn1_get_int(&p, end, &version) != 0 || version != 0) {
        goto done;
    }
    cli_sb_puts(sb, "{\"kty\":\"RSA\"");
    for (i = 0; i < CLI_RSA_MEMBERS; i++) {
        if (mbedtls_asn1_get_tag(&p, end, &len, MBEDTLS_ASN1_INTEGER) != 0 || len == 0) {
            goto done;
        }
        /* Base64urlUInt (RFC 7518 section 2): no leading zero octet. */
        while (len > 1 && p[0] == 0) {
            p++;
            len--;
        }
        cli_sb_puts(sb, ",\"");
        cli_sb_puts(sb, rsa_members[i]);
        cli_sb_puts(sb, "\":\"");
        if (i < 2) {
            cli_sb_b64url(sb, p, len);
        } else {
            cli_sb_b64url_secret(sb, p, len);
        }
        cli_sb_puts(sb, "\"");
        p += len;
    }
    rc = p == end ? 0 : -1; /* no multi-prime "oth" */
done:
    cli_wipe(der, sizeof der);
    return rc;
}

static int write_ec(mbedtls_svc_key_id_t id, const cli_alg_info *a, cli_sb *sb)
{
    uint8_t point[CLI_EC_POINT_MAX];
    uint8_t d[PSA_BITS_TO_BYTES(PSA_VENDOR_ECC_MAX_CURVE_BITS)];
    const size_t coord = PSA_BITS_TO_BYTES(a->size);
    size_t n = 0, m = 0;
    int rc = -1;

    if (psa_export_public_key(id, point, sizeof point, &n) == PSA_SUCCESS && n == 1 + 2 * coord &&
        psa_export_key(id, d, sizeof d, &m) == PSA_SUCCESS && m == coord) {
        cli_sb_puts(sb, "{\"kty\":\"EC\",\"crv\":\"");
        cli_sb_puts(sb, a->crv);
        cli_sb_puts(sb, "\",\"x\":\"");
        cli_sb_b64url(sb, point + 1, coord);
        cli_sb_puts(sb, "\",\"y\":\"");
        cli_sb_b64url(sb, point + 1 + coord, coord);
        cli_sb_puts(sb, "\",\"d\":\"");
        cli_sb_b64url_secret(sb, d, coord);
        cli_sb_puts(sb, "\"");
        rc = 0;
    }
    cli_wipe(d, sizeof d);
    return rc;
}

int cli_jwk_write_private(mbedtls_svc_key_id_t id, ejwt_alg alg, char *out, size_t cap)
{
    const cli_alg_info *a = cli_alg_info_of(alg);
    char thumb[EJWT_THUMBPRINT_LEN + 1];
    ejwt_key key;
    cli_sb sb;
    int rc;

    /* Wrapped only to take the thumbprint; the caller destroys id. */
    if (a == NULL || a->family == CLI_FAMILY_HMAC ||
        ejwt_key_from_psa(MBEDTLS_SVC_KEY_ID_GET_KEY_ID(id), alg, NULL, &key) != EJWT_OK ||
        ejwt_jwk_thumbprint(&key, thumb) != EJWT_OK) {
        return -1;
    }
    cli_sb_init(&sb, out, cap);
    rc = a->family == CLI_FAMILY_EC ? write_ec(id, a, &sb) : write_rsa(id, &sb);
    cli_sb_puts(&sb, ",\"alg\":\"");
    cli_sb_puts(&sb, ejwt_alg_name(alg));
    cli_sb_puts(&sb, "\",\"kid\":\"");
    cli_sb_puts(&sb, thumb);
    cli_sb_puts(&sb, "\"}\n");
    return rc == 0 ? cli_sb_finish(&sb) : -1;
}
