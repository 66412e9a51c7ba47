/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PKCS #1 DER for RSA keys, through Mbed TLS's ASN.1 writer and parser
 * (compiled only when an RSA algorithm is).
 */
#include "rsa_der.h"

#include "ejwt/error.h"

#if EJWT_ENABLE_RSA_

#include <string.h>

#include <mbedtls/asn1.h>
#include <mbedtls/asn1write.h>

/* Largest exponent accepted, in bytes (e = 65537 takes 3). */
#define RSA_MAX_EXPONENT_LEN 4u

size_t ejwt_der_integer_bits(const uint8_t *v, size_t len)
{
    size_t i = 0;
    unsigned top;
    size_t bits;

    while (i < len && v[i] == 0u) {
        i++;
    }
    if (i == len) {
        return 0;
    }
    bits = (len - i) * 8u;
    for (top = v[i]; (top & 0x80u) == 0u; top <<= 1) {
        bits--;
    }
    return bits;
}

int ejwt_rsa_check_public(const uint8_t *n, size_t n_len, const uint8_t *e, size_t e_len)
{
    if (n_len == 0u || n[0] == 0u || e_len == 0u || e[0] == 0u || e_len > RSA_MAX_EXPONENT_LEN) {
        return EJWT_ERR_KEY_INVALID;
    }
    if ((e[e_len - 1u] & 1u) == 0u || (e_len == 1u && e[0] < 3u)) {
        return EJWT_ERR_KEY_INVALID; /* even, or 1 */
    }
    if ((n[n_len - 1u] & 1u) == 0u) {
        return EJWT_ERR_KEY_INVALID; /* a product of two odd primes is odd */
    }
    return EJWT_OK;
}

/* One INTEGER before *p (the writer works from the end of the buffer):
 * the value without leading zero bytes, a zero byte in front when its top
 * bit is set, then length and tag. */
static int write_integer(unsigned char **p, unsigned char *start, const ejwt_der_integer *part)
{
    const uint8_t *v = part->v;
    size_t len = part->len;
    int total, r;

    while (len > 1u && v[0] == 0u) {
        v++;
        len--;
    }
    if (len == 0u) {
        static const uint8_t zero = 0;
        v = &zero;
        len = 1u;
    }
    total = mbedtls_asn1_write_raw_buffer(p, start, v, len);
    if (total >= 0 && (v[0] & 0x80u) != 0u) {
        r = *p > start ? 1 : MBEDTLS_ERR_ASN1_BUF_TOO_SMALL;
        if (r > 0) {
            *--(*p) = 0;
        }
        total = r < 0 ? r : total + 1;
    }
    if (total >= 0) {
        r = mbedtls_asn1_write_len(p, start, (size_t)total);
        total = r < 0 ? r : total + r;
    }
    if (total >= 0) {
        r = mbedtls_asn1_write_tag(p, start, MBEDTLS_ASN1_INTEGER);
        total = r < 0 ? r : total + r;
    }
    return total;
}

int ejwt_der_sequence(const ejwt_der_integer *parts, size_t count, uint8_t *buf, size_t cap,
                      const uint8_t **der, size_t *der_len)
{
    unsigned char *p = buf + cap;
    size_t total = 0, i;
    int r = 0;

    for (i = count; i > 0u && r >= 0; i--) {
        r = write_integer(&p, buf, &parts[i - 1u]);
        total += r < 0 ? 0u : (size_t)r;
    }
    if (r >= 0) {
        r = mbedtls_asn1_write_len(&p, buf, total);
        total += r < 0 ? 0u : (size_t)r;
    }
    if (r >= 0) {
        r = mbedtls_asn1_write_tag(&p, buf, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE);
        total += r < 0 ? 0u : (size_t)r;
    }
    if (r < 0) {
        return EJWT_ERR_LIMIT;
    }
    *der = p;
    *der_len = total;
    return EJWT_OK;
}

/* The content of the next INTEGER, without the zero byte DER puts before
 * a value whose top bit is set. */
static int read_integer(unsigned char **p, const unsigned char *end, const uint8_t **v, size_t *len)
{
    if (mbedtls_asn1_get_tag(p, end, len, MBEDTLS_ASN1_INTEGER) != 0 || *len == 0u) {
        return EJWT_ERR_CRYPTO;
    }
    *v = *p;
    *p += *len;
    if (*len > 1u && (*v)[0] == 0u) {
        (*v)++;
        (*len)--;
    }
    return EJWT_OK;
}

int ejwt_rsa_parse_public(const uint8_t *der, size_t len, ejwt_rsa_public *out)
{
    unsigned char *p = (unsigned char *)(uintptr_t)der;
    const unsigned char *end = der + len;
    size_t seq_len = 0;
    int err;

    if (mbedtls_asn1_get_tag(&p, end, &seq_len, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) !=
            0 ||
        p + seq_len != end) {
        return EJWT_ERR_CRYPTO;
    }
    err = read_integer(&p, end, &out->n, &out->n_len);
    if (err == EJWT_OK) {
        err = read_integer(&p, end, &out->e, &out->e_len);
    }
    if (err == EJWT_OK && p != end) {
        err = EJWT_ERR_CRYPTO;
    }
    return err;
}

#else
typedef int ejwt_rsa_der_compiled_out;
#endif /* EJWT_ENABLE_RSA_ */
