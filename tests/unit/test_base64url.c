/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests: strict base64url (RFC 4648 section 5), both encoders and both
 * decoders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ejwt/base64url.h"
#include "ejwt/error.h"

/* Room for every decoded or encoded test value, with a sentinel margin. */
#define BUF_CAP 128
#define ROUND_TRIP_MAX 64
#define SENTINEL 0xA5u
/* Lengths the two encoders are compared over: every tail (len % 3) many
 * times, up to a P-256 point without its prefix byte plus two. */
#define AGREE_MAX 66

/* The encoder signature shared by ejwt_b64url_encode and _encode_ct. */
typedef int (*encode_fn)(const uint8_t *, size_t, char *, size_t, size_t *);

static const encode_fn encoders[] = {ejwt_b64url_encode, ejwt_b64url_encode_ct};
#define N_ENCODERS (sizeof(encoders) / sizeof(encoders[0]))

/* The decoder signature shared by ejwt_b64url_decode and _decode_ct. */
typedef int (*decode_fn)(const char *, size_t, uint8_t *, size_t, size_t *);

static const decode_fn decoders[] = {ejwt_b64url_decode, ejwt_b64url_decode_ct};
#define N_DECODERS (sizeof(decoders) / sizeof(decoders[0]))

/* RFC 4648 section 10, plus the two characters base64url changes. */
typedef struct vector {
    const char *raw;
    size_t raw_len;
    const char *enc;
} vector;

#define V(raw, enc)                                                                                \
    {                                                                                              \
        raw, sizeof(raw) - 1u, enc                                                                 \
    }
static const vector vectors[] = {
    V("", ""),
    V("f", "Zg"),
    V("fo", "Zm8"),
    V("foo", "Zm9v"),
    V("foob", "Zm9vYg"),
    V("fooba", "Zm9vYmE"),
    V("foobar", "Zm9vYmFy"),
    V("\xfb\xff", "-_8"),      /* '+/8' in base64 */
    V("\xfb\xef\xbe", "----"), /* '++++' */
    V("\xff\xff\xff", "____"), /* '////' */
    V("\x00", "AA"),
    V("\x00\x00\x00", "AAAA"),
    V("\x03\xe0\x7f", "A-B_"),
};

static void test_encode_vectors(void **state)
{
    size_t i;
    size_t e;
    (void)state;

    for (e = 0; e < N_ENCODERS; e++) {
        for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
            char out[BUF_CAP];
            size_t len = 99;
            const vector *v = &vectors[i];

            assert_int_equal(
                encoders[e]((const uint8_t *)v->raw, v->raw_len, out, sizeof(out), &len), EJWT_OK);
            assert_int_equal(len, strlen(v->enc));
            assert_memory_equal(out, v->enc, len);
            assert_int_equal(out[len], '\0');
            assert_int_equal(EJWT_B64URL_ENCODED_LEN(v->raw_len), len);
        }
    }
}

static void test_decode_vectors(void **state)
{
    size_t i;
    size_t d;
    (void)state;

    for (d = 0; d < N_DECODERS; d++) {
        for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
            uint8_t out[BUF_CAP];
            size_t len = 99;
            const vector *v = &vectors[i];

            assert_int_equal(decoders[d](v->enc, strlen(v->enc), out, sizeof(out), &len), EJWT_OK);
            assert_int_equal(len, v->raw_len);
            if (len > 0u) {
                assert_memory_equal(out, v->raw, len);
            }
            assert_int_equal(EJWT_B64URL_DECODED_MAX(strlen(v->enc)), len);
        }
    }
}

/* Every length 0..64, every byte value appearing, through both decoders. */
static void test_round_trip_all_lengths(void **state)
{
    uint8_t raw[ROUND_TRIP_MAX];
    size_t n;
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(raw); i++) {
        raw[i] = (uint8_t)(i * 37u + 251u);
    }
    for (n = 0; n <= ROUND_TRIP_MAX; n++) {
        char enc[BUF_CAP];
        size_t enc_len = 0;
        size_t d;

        assert_int_equal(ejwt_b64url_encode(raw, n, enc, sizeof(enc), &enc_len), EJWT_OK);
        assert_int_equal(enc_len, EJWT_B64URL_ENCODED_LEN(n));
        assert_int_not_equal(enc_len % 4u, 1u);
        for (d = 0; d < N_DECODERS; d++) {
            uint8_t dec[BUF_CAP];
            size_t dec_len = 99;

            assert_int_equal(decoders[d](enc, enc_len, dec, sizeof(dec), &dec_len), EJWT_OK);
            assert_int_equal(dec_len, n);
            if (n > 0u) {
                assert_memory_equal(dec, raw, n);
            }
        }
    }
}

/* Every rejection class; each text is refused by both decoders. */
typedef struct bad {
    const char *text;
    size_t len;
    const char *why;
} bad;

#define B(text, why)                                                                               \
    {                                                                                              \
        text, sizeof(text) - 1u, why                                                               \
    }
static const bad rejects[] = {
    B("Zg==", "padding"),
    B("Zm8=", "padding"),
    B("Zg=", "padding, len 3"),
    B("====", "only padding"),
    B("Zm9v\n", "trailing newline"),
    B(" Zm9v", "leading space"),
    B("Zm 9v", "inner space"),
    B("Zm9v\r\n", "CRLF"),
    B("Zm\t9v", "tab"),
    B("Zm9v+A", "base64 '+'"),
    B("Zm9v/A", "base64 '/'"),
    B("+/8", "base64 alphabet"),
    B("Zm9*", "bad char"),
    B("Zm9.", "bad char '.'"),
    B("Zm\x00v", "NUL byte"),
    B("Zm\xc3\xa9", "non-ASCII"),
    B("Zm9v\xff\xff", "high bytes"),
    B("Z", "len % 4 == 1"),
    B("Zm9vY", "len % 4 == 1"),
    B("Zm9vYmFyZ", "len % 4 == 1"),
    B("QR", "non-canonical, 4 low bits"),
    B("Zh", "non-canonical, 4 low bits"),
    B("Zm9", "non-canonical, 2 low bits"),
    B("Zm9vYmF", "non-canonical, 2 low bits"),
    B("AB", "non-canonical, 4 low bits"),
    B("AAB", "non-canonical, 2 low bits"),
    B("A_", "non-canonical, all trailing bits set"),
};

static void test_decode_rejects(void **state)
{
    size_t i;
    size_t d;
    (void)state;

    for (d = 0; d < N_DECODERS; d++) {
        for (i = 0; i < sizeof(rejects) / sizeof(rejects[0]); i++) {
            uint8_t out[BUF_CAP];
            size_t len = 99;
            int ret = decoders[d](rejects[i].text, rejects[i].len, out, sizeof(out), &len);

            if (ret != EJWT_ERR_BASE64) {
                print_error("decoder %u accepted \"%s\" (%s): %d\n", (unsigned)d, rejects[i].text,
                            rejects[i].why, ret);
            }
            assert_int_equal(ret, EJWT_ERR_BASE64);
            assert_int_equal(len, 0);
            /* Bad input is bad whatever the buffer: also with a size query. */
            len = 99;
            assert_int_equal(decoders[d](rejects[i].text, rejects[i].len, NULL, 0, &len),
                             EJWT_ERR_BASE64);
        }
    }
}

/* The canonical neighbours of the non-canonical rejects are accepted. */
static void test_canonical_accepted(void **state)
{
    static const char *const ok[] = {"QQ", "Zg", "Zm8", "Zm9vYmE", "AA", "AAA", "Aw"};
    size_t i;
    size_t d;
    (void)state;

    for (d = 0; d < N_DECODERS; d++) {
        for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
            uint8_t out[BUF_CAP];
            size_t len = 0;
            assert_int_equal(decoders[d](ok[i], strlen(ok[i]), out, sizeof(out), &len), EJWT_OK);
        }
    }
    {
        uint8_t out[1];
        size_t len = 0;
        assert_int_equal(ejwt_b64url_decode("QQ", 2, out, sizeof(out), &len), EJWT_OK);
        assert_int_equal(len, 1);
        assert_int_equal(out[0], 'A');
    }
}

static void test_decode_buffer_too_small(void **state)
{
    size_t d;
    (void)state;

    for (d = 0; d < N_DECODERS; d++) {
        uint8_t out[8];
        size_t len = 0;

        memset(out, SENTINEL, sizeof(out));
        assert_int_equal(decoders[d]("Zm9vYmFy", 8, out, 5, &len), EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 6);
        assert_int_equal(out[0], SENTINEL); /* nothing written */
        assert_int_equal(out[4], SENTINEL);

        len = 0;
        assert_int_equal(decoders[d]("Zm9vYmE", 7, NULL, 0, &len), EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 5);

        len = 99;
        assert_int_equal(decoders[d]("", 0, NULL, 0, &len), EJWT_OK);
        assert_int_equal(len, 0);

        /* Exactly enough. */
        len = 0;
        assert_int_equal(decoders[d]("Zm9vYmFy", 8, out, 6, &len), EJWT_OK);
        assert_int_equal(len, 6);
        assert_memory_equal(out, "foobar", 6);
        assert_int_equal(out[6], SENTINEL);
    }
}

static void test_encode_buffer_too_small(void **state)
{
    size_t e;
    (void)state;

    for (e = 0; e < N_ENCODERS; e++) {
        char out[10];
        size_t len = 0;
        size_t i;

        /* Text: the 8 characters need a ninth byte for the terminator, and
         * the size that fits is reported; the buffer holds "" (buffer
         * convention, ejwt.h). */
        memset(out, (int)SENTINEL, sizeof(out));
        assert_int_equal(encoders[e]((const uint8_t *)"foobar", 6, out, 8, &len),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 9);
        assert_int_equal(out[0], '\0');
        for (i = 1; i < sizeof(out); i++) {
            assert_int_equal((uint8_t)out[i], SENTINEL); /* nothing else written */
        }

        len = 0;
        assert_int_equal(encoders[e]((const uint8_t *)"fooba", 5, NULL, 0, &len),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 8);

        /* Even the empty encoding is text: it needs its terminator. */
        len = 99;
        assert_int_equal(encoders[e](NULL, 0, NULL, 0, &len), EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 1);

        /* Exactly enough, terminated, and not a byte more written. */
        memset(out, (int)SENTINEL, sizeof(out));
        len = 0;
        assert_int_equal(encoders[e]((const uint8_t *)"foobar", 6, out, 9, &len), EJWT_OK);
        assert_int_equal(len, 8);
        assert_memory_equal(out, "Zm9vYmFy", 8);
        assert_int_equal(out[8], '\0');
        assert_int_equal((uint8_t)out[9], SENTINEL);
    }
}

/* NULL where the contract allows it (no input, size query) works; NULL where
 * a pointer is needed is a caller bug, which traps through EJWT_ASSERT
 * unless NDEBUG is set, so it is checked only in builds that return
 * EJWT_ERR_INVALID_ARG instead. */
static void test_encode_null_args(void **state)
{
    size_t e;
    (void)state;

    for (e = 0; e < N_ENCODERS; e++) {
        char out[4];
        size_t len = 99;

        out[0] = 'x';
        assert_int_equal(encoders[e](NULL, 0, out, sizeof(out), &len), EJWT_OK);
        assert_int_equal(len, 0);
        assert_int_equal(out[0], '\0');
        len = 99;
        assert_int_equal(encoders[e]((const uint8_t *)"f", 1, NULL, 0, &len),
                         EJWT_ERR_BUFFER_TOO_SMALL);
        assert_int_equal(len, 3);
#if defined(NDEBUG)
        assert_int_equal(encoders[e]((const uint8_t *)"f", 1, out, sizeof(out), NULL),
                         EJWT_ERR_INVALID_ARG);
        len = 99;
        assert_int_equal(encoders[e](NULL, 1, out, sizeof(out), &len), EJWT_ERR_INVALID_ARG);
        assert_int_equal(len, 0);
        len = 99;
        assert_int_equal(encoders[e]((const uint8_t *)"f", 1, NULL, sizeof(out), &len),
                         EJWT_ERR_INVALID_ARG);
        assert_int_equal(len, 0);
#endif
    }
}

/* Fixed-seed xorshift32: the "random" inputs are the same in every run. */
static uint32_t next_random(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* Input patterns for the encoder comparison. */
enum {
    PAT_RANDOM,
    PAT_ZEROS,
    PAT_ONES,
    PAT_ALPHABET,
    N_PATTERNS
};

/* PAT_ALPHABET packs the 6-bit values 0, 1, ..., 63, 0, ... so every
 * character appears in every position of a quantum. */
static void fill_pattern(int pat, uint8_t *p, size_t n, uint32_t *seed)
{
    size_t i;

    for (i = 0; i < n; i++) {
        switch (pat) {
        case PAT_RANDOM:
            p[i] = (uint8_t)(next_random(seed) >> 24);
            break;
        case PAT_ZEROS:
            p[i] = 0x00;
            break;
        case PAT_ONES:
            p[i] = 0xFF;
            break;
        default: {
            uint32_t q = (uint32_t)(i / 3u) * 4u; /* first value of the quantum */
            uint32_t v = ((q % 64u) << 18) | (((q + 1u) % 64u) << 12) | (((q + 2u) % 64u) << 6) |
                         ((q + 3u) % 64u);
            p[i] = (uint8_t)(v >> (16u - 8u * (uint32_t)(i % 3u)));
            break;
        }
        }
    }
}

/* The constant-time encoder writes exactly what the table encoder writes,
 * for every length 0..AGREE_MAX (every tail) and every pattern, and neither
 * writes past the encoded length. */
static void test_encode_ct_matches_table(void **state)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint32_t seed = 0x2545F491u;
    int pat;
    (void)state;

    for (pat = 0; pat < N_PATTERNS; pat++) {
        size_t n;

        for (n = 0; n <= AGREE_MAX; n++) {
            uint8_t raw[AGREE_MAX];
            char o1[BUF_CAP];
            char o2[BUF_CAP];
            size_t l1 = 7;
            size_t l2 = 9;
            size_t need = EJWT_B64URL_ENCODED_LEN(n);

            fill_pattern(pat, raw, n, &seed);
            memset(o1, (int)SENTINEL, sizeof(o1));
            memset(o2, (int)SENTINEL, sizeof(o2));
            assert_int_equal(ejwt_b64url_encode(raw, n, o1, sizeof(o1), &l1), EJWT_OK);
            assert_int_equal(ejwt_b64url_encode_ct(raw, n, o2, sizeof(o2), &l2), EJWT_OK);
            assert_int_equal(l1, need);
            assert_int_equal(l2, need);
            /* The whole buffer: the same characters, the terminator, and the
             * same untouched tail. */
            assert_memory_equal(o1, o2, sizeof(o1));
            assert_int_equal(o2[need], '\0');
            assert_int_equal((uint8_t)o2[need + 1u], SENTINEL);
            if (pat == PAT_ALPHABET && n == 48u) {
                assert_memory_equal(o2, alphabet, 64);
            }
        }
    }
}

/* The constant-time decoder agrees with the table decoder on every one of
 * the 65536 two-character inputs and on every single byte in each position
 * of a four-character quantum. */
static void test_ct_agrees_exhaustively(void **state)
{
    unsigned a;
    unsigned b;
    (void)state;

    for (a = 0; a < 256u; a++) {
        for (b = 0; b < 256u; b++) {
            char in[2];
            uint8_t o1[4];
            uint8_t o2[4];
            size_t l1 = 7;
            size_t l2 = 9;
            int r1;
            int r2;

            in[0] = (char)a;
            in[1] = (char)b;
            r1 = ejwt_b64url_decode(in, 2, o1, sizeof(o1), &l1);
            r2 = ejwt_b64url_decode_ct(in, 2, o2, sizeof(o2), &l2);
            assert_int_equal(r1, r2);
            assert_int_equal(l1, l2);
            if (r1 == EJWT_OK) {
                assert_int_equal(o1[0], o2[0]);
            }
        }
    }
    for (a = 0; a < 256u; a++) {
        size_t pos;
        for (pos = 0; pos < 4u; pos++) {
            char in[4] = {'A', 'b', '0', '_'};
            uint8_t o1[4];
            uint8_t o2[4];
            size_t l1 = 7;
            size_t l2 = 9;
            int r1;
            int r2;

            in[pos] = (char)a;
            r1 = ejwt_b64url_decode(in, 4, o1, sizeof(o1), &l1);
            r2 = ejwt_b64url_decode_ct(in, 4, o2, sizeof(o2), &l2);
            assert_int_equal(r1, r2);
            assert_int_equal(l1, l2);
            if (r1 == EJWT_OK) {
                assert_memory_equal(o1, o2, 3);
            }
        }
    }
}

/* On failure the constant-time decoder leaves nothing of the secret behind. */
static void test_ct_wipes_on_failure(void **state)
{
    uint8_t out[16];
    size_t len = 99;
    size_t i;
    (void)state;

    memset(out, SENTINEL, sizeof(out));
    /* The bad character comes last, after 9 good bytes were decoded. */
    assert_int_equal(ejwt_b64url_decode_ct("Zm9vYmFyZm9v*A==", 16, out, sizeof(out), &len),
                     EJWT_ERR_BASE64);
    assert_int_equal(len, 0);
    for (i = 0; i < 12u; i++) {
        assert_int_equal(out[i], 0);
    }
    memset(out, SENTINEL, sizeof(out));
    assert_int_equal(ejwt_b64url_decode_ct("Zm9vYmFyQR", 10, out, sizeof(out), &len),
                     EJWT_ERR_BASE64);
    for (i = 0; i < 7u; i++) {
        assert_int_equal(out[i], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_vectors),
        cmocka_unit_test(test_decode_vectors),
        cmocka_unit_test(test_round_trip_all_lengths),
        cmocka_unit_test(test_decode_rejects),
        cmocka_unit_test(test_canonical_accepted),
        cmocka_unit_test(test_decode_buffer_too_small),
        cmocka_unit_test(test_encode_buffer_too_small),
        cmocka_unit_test(test_encode_null_args),
        cmocka_unit_test(test_encode_ct_matches_table),
        cmocka_unit_test(test_ct_agrees_exhaustively),
        cmocka_unit_test(test_ct_wipes_on_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
