/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hostile tokens against ejwt_jwt_verify(): a table of attacks, each built at
 * run time (so a hostile header or payload carries a VALID signature and the
 * rejection is proven to be about the content), each expected to fail with
 * one exact EJWT_ERR_* code, and each family with positive controls (the same
 * construction without the hostile part must verify).
 *
 * After every rejection the output struct must be all zero and the work
 * buffer must hold nothing (jwt.h: "On any failure out is zeroed and the
 * work buffer wiped").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>

#include "attack_keys.h"
#include "ejwt_test_util.h"

#define NOW INT64_C(1700000000)
#define TOK_CAP (EJWT_MAX_TOKEN_LEN + 512)

/* ---- the table --------------------------------------------------------- */

enum family {
    F_ALG_NONE,
    F_ALG_HEADER,
    F_CONFUSION,
    F_SIGNATURE,
    F_BASE64,
    F_SEGMENTS,
    F_HEADER_JSON,
    F_PAYLOAD_JSON,
    F_STRINGS,
    F_CLAIM_VALUES,
    F_CLAIM_TYPES,
    F_TIME,
    F_CRIT,
    F_KEYS,
    F_LIMITS,
    F_COUNT
};

static const char *const family_name[F_COUNT] = {
    "alg none",    "alg header",  "alg confusion", "signature",    "base64url",
    "segments",    "header JSON", "payload JSON",  "JSON strings", "claim values",
    "claim types", "time claims", "crit",          "key choice",   "size limits"};

/* who signs the token */
enum signer {
    SG_ES,            /* the verifier's ES256 private key (default) */
    SG_HS,            /* the verifier's HS256 secret */
    SG_NONE,          /* no signature bytes at all */
    SG_ATT_ES,        /* the attacker's ES256 key */
    SG_ATT_HS,        /* the attacker's HMAC secret */
    SG_EC_POINT_HMAC, /* HMAC keyed with the victim's public point 04||X||Y */
    SG_EC_XY_HMAC,    /* HMAC keyed with X||Y */
    SG_EC_JWK_HMAC    /* HMAC keyed with the victim's public JWK text */
};

/* which keys the verifier is given */
enum keyset {
    KS_ES,    /* the ES256 public key (default) */
    KS_HS,    /* the HS256 key */
    KS_ES_HS, /* both, without kids */
    KS_KIDS   /* both, with kids "es-1" and "hs-1" */
};

/* changes to the raw signature bytes */
enum sigmut {
    XM_NONE,
    XM_EMPTY,        /* no signature bytes */
    XM_TRUNC,        /* keep n bytes */
    XM_EXTEND,       /* append n zero bytes */
    XM_ZERO,         /* all bytes zero */
    XM_R_N,          /* ES256: r = n (the group order) */
    XM_S_N,          /* ES256: s = n */
    XM_DER,          /* ES256: the same r, s as ASN.1 DER */
    XM_FLIP,         /* flip the low bit of byte n */
    XM_OTHER_PAYLOAD /* a valid signature over a different payload */
};

/* where a text mutation applies, and what it does */
enum seg {
    SEG_NONE,
    SEG_H,
    SEG_P,
    SEG_S,
    SEG_TOKEN
};
enum segmut {
    SM_NONE,
    SM_APPEND,
    SM_PREPEND,
    SM_INSERT_MID,
    SM_REPLACE,
    SM_PAD,      /* standard base64 '=' padding */
    SM_STDB64,   /* '-' -> '+', '_' -> '/' */
    SM_NONCANON, /* set an unused trailing bit */
    SM_LEN1,     /* append 'A' until len % 4 == 1 */
    SM_DROP_SIG  /* token: drop the last '.' and the signature */
};

/* generated headers and payloads */
enum gen {
    G_NONE,
    G_DEEP_PAYLOAD,
    G_DEEP_PAYLOAD_OK,
    G_DEEP_HEADER,
    G_MANY_CLAIMS,
    G_MANY_CLAIMS_OK,
    G_MANY_HEADER_MEMBERS,
    G_LONG_HEADER,
    G_LONG_HEADER_OK,
    G_LONG_TOKEN,
    G_LONG_TOKEN_OK
};

enum {
    NOW_DEFAULT,
    NOW_UNKNOWN,
    NOW_SET
};

struct attack {
    const char *name;
    int family;
    const char *literal; /* the token verbatim, when set */
    const char *hdr;     /* header JSON; NULL: {"alg":"ES256"} or {"alg":"HS256"} */
    const char *pl;      /* payload; NULL: default_payload */
    int gen;
    int signer;
    int sigmut;
    unsigned sig_n;
    int seg;
    int segmut;
    const char *text;
    int ks;
    uint32_t algs; /* 0: the key set's own algorithms */
    int now_mode;
    int64_t now;
    uint32_t leeway;
    /* aud NULL: the default payload's audience (DEFAULT_AUD) is expected for
     * the default payload, none for any other; no_aud: expect none at all. */
    const char *iss, *aud, *sub, *typ;
    int no_aud;
    uint32_t verify_flags; /* ejwt_verify_opts::flags */
    uint32_t required;
    int crit; /* 1: the caller understands "x-dev" */
    int expect;
};

#define ES EJWT_ALG_BIT(EJWT_ALG_ES256)
#define HS EJWT_ALG_BIT(EJWT_ALG_HS256)
#define OK EJWT_OK
/* A real algorithm the caller did not allow: refused by the allow-list
 * where it is compiled in, as an unknown name where it is not. */
#define REFUSED_ALG(enabled) ((enabled) ? EJWT_ERR_ALG_NOT_ALLOWED : EJWT_ERR_HEADER_ALG)
#define H_HS "{\"alg\":\"HS256\"}"

/* The audience in default_payload: a verifier must name it (RFC 7519 4.1.3). */
#define DEFAULT_AUD "api"

static const char default_payload[] = "{\"iss\":\"trusted\",\"sub\":\"device-1\",\"aud\":\"api\","
                                      "\"iat\":1699999000,\"exp\":1700003600}";

static const struct attack attacks[] = {
    /* ---- alg "none" in every spelling ---- */
    {.name = "none, empty signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"none\"}",
     .signer = SG_NONE,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "None, empty signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"None\"}",
     .signer = SG_NONE,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "NONE, empty signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"NONE\"}",
     .signer = SG_NONE,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "nOnE, empty signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"nOnE\"}",
     .signer = SG_NONE,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "none with an HS256 MAC",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"none\"}",
     .signer = SG_HS,
     .ks = KS_HS,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "none with an ES256 signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"none\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "None with an ES256 signature",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"None\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "none, both algs allowed, two keys",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"none\"}",
     .signer = SG_NONE,
     .ks = KS_ES_HS,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "none with typ JWT",
     .family = F_ALG_NONE,
     .hdr = "{\"typ\":\"JWT\",\"alg\":\"none\"}",
     .signer = SG_NONE,
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "none without the last dot",
     .family = F_ALG_NONE,
     .hdr = "{\"alg\":\"none\"}",
     .signer = SG_NONE,
     .seg = SEG_TOKEN,
     .segmut = SM_DROP_SIG,
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "ctl: ES256", .family = F_ALG_NONE, .expect = OK},
    {.name = "ctl: HS256",
     .family = F_ALG_NONE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .expect = OK},

    /* ---- alg member ---- */
    {.name = "alg missing",
     .family = F_ALG_HEADER,
     .hdr = "{\"typ\":\"JWT\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "header {} ", .family = F_ALG_HEADER, .hdr = "{}", .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg a number",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":256}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg an array",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":[\"ES256\"]}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg an object",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":{\"ES256\":true}}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg null",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":null}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg true",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":true}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg empty",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg RS256",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"RS256\"}",
     .expect = REFUSED_ALG(EJWT_ENABLE_RS256)},
    {.name = "alg ES384",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"ES384\"}",
     .expect = REFUSED_ALG(EJWT_ENABLE_ES384)},
    {.name = "alg PS256",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"PS256\"}",
     .expect = REFUSED_ALG(EJWT_ENABLE_PS256)},
    {.name = "alg HS512 with the HS key",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"HS512\"}",
     .signer = SG_HS,
     .ks = KS_HS,
     .expect = REFUSED_ALG(EJWT_ENABLE_HS512)},
    {.name = "alg es256 (lower case)",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"es256\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg 'ES256 ' (trailing space)",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"ES256 \"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "alg ES256\\u0000",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"ES256\\u0000\"}",
     .expect = EJWT_ERR_HEADER_ALG},
    {.name = "ctl: alg escaped ES\\u0032\\u0035\\u0036 is ES256",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"ES\\u0032\\u0035\\u0036\"}",
     .expect = OK},
    {.name = "ctl: alg with typ",
     .family = F_ALG_HEADER,
     .hdr = "{\"alg\":\"ES256\",\"typ\":\"JWT\"}",
     .expect = OK},

    /* ---- algorithm confusion: the EC public key as HMAC secret ---- */
    {.name = "HS256 keyed with the EC point, only ES256 allowed",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_EC_POINT_HMAC,
     .algs = ES,
     .expect = EJWT_ERR_ALG_NOT_ALLOWED},
    {.name = "HS256 keyed with the EC point, both allowed",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_EC_POINT_HMAC,
     .algs = ES | HS,
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "HS256 keyed with X||Y, both allowed",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_EC_XY_HMAC,
     .algs = ES | HS,
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "HS256 keyed with the public JWK text, only ES256",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_EC_JWK_HMAC,
     .algs = ES,
     .expect = EJWT_ERR_ALG_NOT_ALLOWED},
    {.name = "HS256 keyed with the public JWK text, both",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_EC_JWK_HMAC,
     .algs = ES | HS,
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "HS256 keyed with the EC point, kid of the EC key",
     .family = F_CONFUSION,
     .hdr = "{\"alg\":\"HS256\",\"kid\":\"es-1\"}",
     .signer = SG_EC_POINT_HMAC,
     .ks = KS_KIDS,
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "ES256 token against the HS key, only HS256",
     .family = F_CONFUSION,
     .ks = KS_HS,
     .expect = EJWT_ERR_ALG_NOT_ALLOWED},
    {.name = "ES256 token against the HS key, both",
     .family = F_CONFUSION,
     .ks = KS_HS,
     .algs = ES | HS,
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "ctl: ES256 with both allowed", .family = F_CONFUSION, .algs = ES | HS, .expect = OK},
    {.name = "ctl: HS256 with the real secret, both allowed",
     .family = F_CONFUSION,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .algs = ES | HS,
     .expect = OK},

    /* ---- signature bytes ---- */
    {.name = "ES256 signature stripped",
     .family = F_SIGNATURE,
     .sigmut = XM_EMPTY,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "HS256 MAC stripped",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_EMPTY,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature truncated to 63 bytes",
     .family = F_SIGNATURE,
     .sigmut = XM_TRUNC,
     .sig_n = 63,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature truncated to 1 byte",
     .family = F_SIGNATURE,
     .sigmut = XM_TRUNC,
     .sig_n = 1,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature truncated to 32 bytes (r only)",
     .family = F_SIGNATURE,
     .sigmut = XM_TRUNC,
     .sig_n = 32,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature plus one byte",
     .family = F_SIGNATURE,
     .sigmut = XM_EXTEND,
     .sig_n = 1,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature plus 136 bytes",
     .family = F_SIGNATURE,
     .sigmut = XM_EXTEND,
     .sig_n = 136,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 signature as DER",
     .family = F_SIGNATURE,
     .sigmut = XM_DER,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "HS256 MAC truncated to 16 bytes",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_TRUNC,
     .sig_n = 16,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "HS256 MAC truncated to 31 bytes",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_TRUNC,
     .sig_n = 31,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "HS256 MAC plus 32 zero bytes (64)",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_EXTEND,
     .sig_n = 32,
     .expect = EJWT_ERR_SIGNATURE_LENGTH},
    {.name = "ES256 r=0, s=0",
     .family = F_SIGNATURE,
     .sigmut = XM_ZERO,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ES256 r=n",
     .family = F_SIGNATURE,
     .sigmut = XM_R_N,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ES256 s=n",
     .family = F_SIGNATURE,
     .sigmut = XM_S_N,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ES256 one bit flipped in s",
     .family = F_SIGNATURE,
     .sigmut = XM_FLIP,
     .sig_n = 40,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "HS256 one bit flipped",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_FLIP,
     .sig_n = 0,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "HS256 all-zero MAC",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_ZERO,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ES256 signed by the attacker's key",
     .family = F_SIGNATURE,
     .signer = SG_ATT_ES,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "HS256 with the attacker's secret",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_ATT_HS,
     .ks = KS_HS,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ES256 signature of another payload",
     .family = F_SIGNATURE,
     .sigmut = XM_OTHER_PAYLOAD,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "HS256 MAC of another payload",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .sigmut = XM_OTHER_PAYLOAD,
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "ctl: ES256 intact", .family = F_SIGNATURE, .expect = OK},
    {.name = "ctl: HS256 intact",
     .family = F_SIGNATURE,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .expect = OK},

    /* ---- strict base64url (header/payload mutations are signed over) ---- */
    {.name = "'=' padding on the header",
     .family = F_BASE64,
     .hdr = "{\"alg\":\"ES256\",\"x-a\":1}",
     .seg = SEG_H,
     .segmut = SM_PAD,
     .expect = EJWT_ERR_BASE64},
    {.name = "'=' padding on the payload",
     .family = F_BASE64,
     .pl = "{\"iss\":\"trusted\"}",
     .seg = SEG_P,
     .segmut = SM_PAD,
     .expect = EJWT_ERR_BASE64},
    {.name = "'=' padding on the ES256 signature",
     .family = F_BASE64,
     .seg = SEG_S,
     .segmut = SM_PAD,
     .expect = EJWT_ERR_BASE64},
    {.name = "'=' padding on the HS256 MAC",
     .family = F_BASE64,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .seg = SEG_S,
     .segmut = SM_PAD,
     .expect = EJWT_ERR_BASE64},
    {.name = "space inside the payload",
     .family = F_BASE64,
     .seg = SEG_P,
     .segmut = SM_INSERT_MID,
     .text = " ",
     .expect = EJWT_ERR_BASE64},
    {.name = "newline inside the header",
     .family = F_BASE64,
     .seg = SEG_H,
     .segmut = SM_INSERT_MID,
     .text = "\n",
     .expect = EJWT_ERR_BASE64},
    {.name = "CRLF inside the signature",
     .family = F_BASE64,
     .seg = SEG_S,
     .segmut = SM_INSERT_MID,
     .text = "\r\n",
     .expect = EJWT_ERR_BASE64},
    {.name = "tab inside the payload",
     .family = F_BASE64,
     .seg = SEG_P,
     .segmut = SM_INSERT_MID,
     .text = "\t",
     .expect = EJWT_ERR_BASE64},
    {.name = "trailing newline after the token",
     .family = F_BASE64,
     .seg = SEG_TOKEN,
     .segmut = SM_APPEND,
     .text = "\n",
     .expect = EJWT_ERR_BASE64},
    {.name = "leading space before the token",
     .family = F_BASE64,
     .seg = SEG_TOKEN,
     .segmut = SM_PREPEND,
     .text = " ",
     .expect = EJWT_ERR_BASE64},
    {.name = "standard base64 '+' '/' in the payload",
     .family = F_BASE64,
     .pl = "{\"iss\":\"trusted\",\"x\":\"?????~~~\"}",
     .seg = SEG_P,
     .segmut = SM_STDB64,
     .expect = EJWT_ERR_BASE64},
    {.name = "standard base64 '+' '/' in the HS256 MAC",
     .family = F_BASE64,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .seg = SEG_S,
     .segmut = SM_STDB64,
     .expect = EJWT_ERR_BASE64},
    {.name = "non-canonical trailing bits in the header",
     .family = F_BASE64,
     .hdr = "{\"alg\":\"ES256\",\"x-a\":1}",
     .seg = SEG_H,
     .segmut = SM_NONCANON,
     .expect = EJWT_ERR_BASE64},
    {.name = "non-canonical trailing bits in the payload",
     .family = F_BASE64,
     .pl = "{\"iss\":\"trusted\"}",
     .seg = SEG_P,
     .segmut = SM_NONCANON,
     .expect = EJWT_ERR_BASE64},
    {.name = "non-canonical trailing bits in the ES256 signature",
     .family = F_BASE64,
     .seg = SEG_S,
     .segmut = SM_NONCANON,
     .expect = EJWT_ERR_BASE64},
    {.name = "non-canonical trailing bits in the HS256 MAC",
     .family = F_BASE64,
     .hdr = H_HS,
     .signer = SG_HS,
     .ks = KS_HS,
     .seg = SEG_S,
     .segmut = SM_NONCANON,
     .expect = EJWT_ERR_BASE64},
    {.name = "'*' inside the payload",
     .family = F_BASE64,
     .seg = SEG_P,
     .segmut = SM_INSERT_MID,
     .text = "*",
     .expect = EJWT_ERR_BASE64},
    {.name = "non-ASCII bytes inside the header",
     .family = F_BASE64,
     .seg = SEG_H,
     .segmut = SM_INSERT_MID,
     .text = "\xc3\xa9",
     .expect = EJWT_ERR_BASE64},
    {.name = "payload length % 4 == 1",
     .family = F_BASE64,
     .seg = SEG_P,
     .segmut = SM_LEN1,
     .expect = EJWT_ERR_BASE64},
    {.name = "ctl: the padded header's JSON, unpadded",
     .family = F_BASE64,
     .hdr = "{\"alg\":\"ES256\",\"x-a\":1}",
     .expect = OK},
    {.name = "ctl: the '+/' payload, base64url",
     .family = F_BASE64,
     .pl = "{\"iss\":\"trusted\",\"x\":\"?????~~~\"}",
     .expect = OK},
    {.name = "ctl: the padded payload, unpadded",
     .family = F_BASE64,
     .pl = "{\"iss\":\"trusted\"}",
     .expect = OK},

    /* ---- segments ---- */
    {.name = "4 segments",
     .family = F_SEGMENTS,
     .seg = SEG_TOKEN,
     .segmut = SM_APPEND,
     .text = ".AAAA",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "5 segments (JWE shaped)",
     .family = F_SEGMENTS,
     .literal = "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ."
                "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe.48V1_ALb6US04U3b."
                "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_"
                "EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "2 segments",
     .family = F_SEGMENTS,
     .seg = SEG_TOKEN,
     .segmut = SM_DROP_SIG,
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "empty token", .family = F_SEGMENTS, .literal = "", .expect = EJWT_ERR_SEGMENTS},
    {.name = "only a dot", .family = F_SEGMENTS, .literal = ".", .expect = EJWT_ERR_SEGMENTS},
    {.name = "only two dots", .family = F_SEGMENTS, .literal = "..", .expect = EJWT_ERR_SEGMENTS},
    {.name = "only three dots",
     .family = F_SEGMENTS,
     .literal = "...",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "empty header segment",
     .family = F_SEGMENTS,
     .seg = SEG_H,
     .segmut = SM_REPLACE,
     .text = "",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "trailing dot",
     .family = F_SEGMENTS,
     .seg = SEG_TOKEN,
     .segmut = SM_APPEND,
     .text = ".",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "leading dot",
     .family = F_SEGMENTS,
     .seg = SEG_TOKEN,
     .segmut = SM_PREPEND,
     .text = ".",
     .expect = EJWT_ERR_SEGMENTS},
    {.name = "ctl: three segments", .family = F_SEGMENTS, .expect = OK},

    /* ---- header JSON ---- */
    {.name = "header not JSON",
     .family = F_HEADER_JSON,
     .hdr = "hello",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header a JSON array",
     .family = F_HEADER_JSON,
     .hdr = "[\"alg\",\"ES256\"]",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "header a JSON string",
     .family = F_HEADER_JSON,
     .hdr = "\"ES256\"",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "header a JSON number",
     .family = F_HEADER_JSON,
     .hdr = "1",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "header trailing comma",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header bad literal",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"x\":tru}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header leading zero",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"x\":01}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header trailing garbage",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\"}x",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header two roots",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\"}{}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header member without value",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\"}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header single quotes",
     .family = F_HEADER_JSON,
     .hdr = "{'alg':'ES256'}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "header with a comment",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\"/*x*/}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "duplicate header alg HS256 then ES256",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"HS256\",\"alg\":\"ES256\"}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "duplicate header alg ES256 then HS256",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"alg\":\"HS256\"}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "duplicate header alg, same value",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"alg\":\"ES256\"}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "duplicate header alg via \\u0061lg",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"\\u0061lg\":\"HS256\"}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "header lone surrogate in kid",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"\\ud800\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "header invalid UTF-8",
     .family = F_HEADER_JSON,
     .hdr = "{\"alg\":\"ES256\",\"x\":\"\xff\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "header nesting too deep",
     .family = F_HEADER_JSON,
     .gen = G_DEEP_HEADER,
     .expect = EJWT_ERR_JSON_TOO_DEEP},
    {.name = "header with too many members",
     .family = F_HEADER_JSON,
     .gen = G_MANY_HEADER_MEMBERS,
     .expect = EJWT_ERR_JSON_TOO_MANY_TOKENS},
    {.name = "ctl: header with nested values",
     .family = F_HEADER_JSON,
     .hdr = " {\"alg\":\"ES256\",\"x\":[1,{\"y\":null}],\"z\":-0.5e+3} ",
     .expect = OK},

    /* ---- payload JSON (all with a valid signature) ---- */
    {.name = "payload an array",
     .family = F_PAYLOAD_JSON,
     .pl = "[1]",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "payload a number",
     .family = F_PAYLOAD_JSON,
     .pl = "42",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "payload a string",
     .family = F_PAYLOAD_JSON,
     .pl = "\"x\"",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "payload true",
     .family = F_PAYLOAD_JSON,
     .pl = "true",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "payload null",
     .family = F_PAYLOAD_JSON,
     .pl = "null",
     .expect = EJWT_ERR_JSON_NOT_OBJECT},
    {.name = "payload not JSON",
     .family = F_PAYLOAD_JSON,
     .pl = "hello",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload empty", .family = F_PAYLOAD_JSON, .pl = "", .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload trailing comma",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"iss\":\"trusted\",}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload leading zeros in exp",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":01700003600}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload bad literal",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"admin\":tru}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload array with empty element",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"x\":[1,,3]}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload unterminated",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"iss\":\"trusted\"",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload NaN",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":NaN}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload hex number",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":0x10}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload leading plus",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":+1700003600}",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "payload trailing garbage",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"iss\":\"trusted\"}]",
     .expect = EJWT_ERR_JSON_SYNTAX},
    {.name = "duplicate exp claims",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":1,\"exp\":9999999999}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "duplicate iss via \\u0069ss",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"iss\":\"trusted\",\"\\u0069ss\":\"evil\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "duplicate member in a nested object",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"x\":{\"a\":1,\"a\":2}}",
     .expect = EJWT_ERR_JSON_DUPLICATE},
    {.name = "payload nesting too deep",
     .family = F_PAYLOAD_JSON,
     .gen = G_DEEP_PAYLOAD,
     .expect = EJWT_ERR_JSON_TOO_DEEP},
    {.name = "payload with too many claims",
     .family = F_PAYLOAD_JSON,
     .gen = G_MANY_CLAIMS,
     .expect = EJWT_ERR_JSON_TOO_MANY_TOKENS},
    {.name = "ctl: empty claims set", .family = F_PAYLOAD_JSON, .pl = "{}", .expect = OK},
    {.name = "ctl: nesting within the limit",
     .family = F_PAYLOAD_JSON,
     .gen = G_DEEP_PAYLOAD_OK,
     .expect = OK},
    {.name = "ctl: claims within the token pool",
     .family = F_PAYLOAD_JSON,
     .gen = G_MANY_CLAIMS_OK,
     .expect = OK},
    {.name = "ctl: distinct names differing only by escape-free case",
     .family = F_PAYLOAD_JSON,
     .pl = "{\"exp\":1700003600,\"EXP\":1}",
     .expect = OK},

    /* ---- JSON strings ---- */
    {.name = "invalid UTF-8 C3 28 in a claim",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xc3\x28\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "overlong UTF-8 C0 AF",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xc0\xaf\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "UTF-8 encoded surrogate ED A0 80",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xed\xa0\x80\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "byte FF in a claim",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xff\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "truncated UTF-8 sequence",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xe2\x80\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "code point above U+10FFFF",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\xf4\x90\x80\x80\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "invalid UTF-8 in iss",
     .family = F_STRINGS,
     .pl = "{\"iss\":\"trusted\xff\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "lone high surrogate escape",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\ud800\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "lone low surrogate escape",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\udc00\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "high surrogate then a non-surrogate",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\ud800\\u0041\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "raw control character 0x01",
     .family = F_STRINGS,
     .pl = "{\"name\":\"a\x01"
           "b\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "raw newline in a string",
     .family = F_STRINGS,
     .pl = "{\"name\":\"a\nb\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "raw tab in a string",
     .family = F_STRINGS,
     .pl = "{\"name\":\"a\tb\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "invalid escape \\x41",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\x41\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "invalid \\u escape",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\u12G4\"}",
     .expect = EJWT_ERR_JSON_STRING},
    {.name = "ctl: valid pair, raw UTF-8 and escapes",
     .family = F_STRINGS,
     .pl = "{\"name\":\"\\ud83d\\ude00 \xc3\xa9 \\u00e9 \xf0\x9f\x98\x80 \\\" \\\\ \\/ "
           "\\b\\f\\n\\r\\t\"}",
     .expect = OK},

    /* ---- claim values ---- */
    {.name = "iss trusted\\u0000evil vs trusted",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted\\u0000evil\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss trusted\\u0000 vs trusted",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted\\u0000\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss Trusted vs trusted",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"Trusted\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss with trailing space",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted \"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss a prefix of the expected",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trust\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss wrong",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"evil\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_ISS_MISMATCH},
    {.name = "iss missing but expected",
     .family = F_CLAIM_VALUES,
     .pl = "{\"sub\":\"device-1\"}",
     .iss = "trusted",
     .expect = EJWT_ERR_CLAIM_MISSING},
    {.name = "sub wrong",
     .family = F_CLAIM_VALUES,
     .sub = "device-2",
     .expect = EJWT_ERR_SUB_MISMATCH},
    {.name = "sub device-1\\u0000",
     .family = F_CLAIM_VALUES,
     .pl = "{\"sub\":\"device-1\\u0000\"}",
     .sub = "device-1",
     .expect = EJWT_ERR_SUB_MISMATCH},
    {.name = "aud array without the audience",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[\"web\",\"admin\"]}",
     .aud = "api",
     .expect = EJWT_ERR_AUD_MISMATCH},
    {.name = "aud string different",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":\"apis\"}",
     .aud = "api",
     .expect = EJWT_ERR_AUD_MISMATCH},
    {.name = "aud empty array",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[]}",
     .aud = "api",
     .expect = EJWT_ERR_AUD_MISMATCH},
    {.name = "aud api\\u0000",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[\"api\\u0000\"]}",
     .aud = "api",
     .expect = EJWT_ERR_AUD_MISMATCH},
    {.name = "aud missing but expected",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted\"}",
     .aud = "api",
     .expect = EJWT_ERR_CLAIM_MISSING},
    {.name = "typ at+jwt when JWT expected",
     .family = F_CLAIM_VALUES,
     .hdr = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}",
     .typ = "JWT",
     .expect = EJWT_ERR_TYP_MISMATCH},
    {.name = "typ absent when JWT expected",
     .family = F_CLAIM_VALUES,
     .typ = "JWT",
     .expect = EJWT_ERR_TYP_MISMATCH},
    {.name = "typ JWT\\u0000 when JWT expected",
     .family = F_CLAIM_VALUES,
     .hdr = "{\"alg\":\"ES256\",\"typ\":\"JWT\\u0000\"}",
     .typ = "JWT",
     .expect = EJWT_ERR_TYP_MISMATCH},
    {.name = "required jti missing",
     .family = F_CLAIM_VALUES,
     .required = EJWT_CLAIM_JTI,
     .expect = EJWT_ERR_CLAIM_MISSING},
    {.name = "required exp missing",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted\"}",
     .required = EJWT_CLAIM_EXP,
     .expect = EJWT_ERR_CLAIM_MISSING},
    {.name = "required nbf missing",
     .family = F_CLAIM_VALUES,
     .required = EJWT_CLAIM_NBF,
     .expect = EJWT_ERR_CLAIM_MISSING},
    /* RFC 7519 4.1.3: a present aud the verifier does not identify with. */
    {.name = "aud present, verifier names no audience",
     .family = F_CLAIM_VALUES,
     .no_aud = 1,
     .expect = EJWT_ERR_AUD_UNEXPECTED},
    {.name = "aud array present, verifier names no audience",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[\"web\",\"api\"]}",
     .expect = EJWT_ERR_AUD_UNEXPECTED},
    {.name = "aud empty array present, verifier names no audience",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[]}",
     .expect = EJWT_ERR_AUD_UNEXPECTED},
    {.name = "aud of the wrong type, audience ignored",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":42}",
     .verify_flags = EJWT_VERIFY_IGNORE_AUD,
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "ctl: aud present, caller checks the audience itself",
     .family = F_CLAIM_VALUES,
     .no_aud = 1,
     .verify_flags = EJWT_VERIFY_IGNORE_AUD,
     .expect = OK},
    {.name = "ctl: no aud, no audience named",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"trusted\",\"exp\":1700003600}",
     .expect = OK},
    {.name = "ctl: all expected values",
     .family = F_CLAIM_VALUES,
     .iss = "trusted",
     .sub = "device-1",
     .aud = "api",
     .required = EJWT_CLAIM_ISS | EJWT_CLAIM_SUB | EJWT_CLAIM_AUD | EJWT_CLAIM_EXP | EJWT_CLAIM_IAT,
     .expect = OK},
    {.name = "ctl: iss tru\\u0073ted equals trusted",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"tru\\u0073ted\"}",
     .iss = "trusted",
     .expect = OK},
    {.name = "ctl: iss \\u0074\\u0072usted equals trusted",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"\\u0074\\u0072usted\"}",
     .iss = "trusted",
     .expect = OK},
    {.name = "ctl: iss https:\\/\\/ equals https://",
     .family = F_CLAIM_VALUES,
     .pl = "{\"iss\":\"https:\\/\\/issuer.example\"}",
     .iss = "https://issuer.example",
     .expect = OK},
    {.name = "ctl: aud array containing the audience",
     .family = F_CLAIM_VALUES,
     .pl = "{\"aud\":[\"web\",\"a\\u0070i\"]}",
     .aud = "api",
     .expect = OK},
    {.name = "ctl: typ application/JWT matches jwt",
     .family = F_CLAIM_VALUES,
     .hdr = "{\"alg\":\"ES256\",\"typ\":\"application/JWT\"}",
     .typ = "jwt",
     .expect = OK},

    /* ---- registered claim types ---- */
    {.name = "exp a string \"9999999999\"",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":\"9999999999\"}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp true",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":true}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp an object",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":{\"v\":9999999999}}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp an array",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":[9999999999]}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp null",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":null}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp 1e400",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":1e400}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp -1e400",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":-1e400}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "exp 2^63",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":9223372036854775808}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "nbf a string",
     .family = F_CLAIM_TYPES,
     .pl = "{\"nbf\":\"0\"}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "iat a string",
     .family = F_CLAIM_TYPES,
     .pl = "{\"iat\":\"now\"}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "iss a number, unchecked",
     .family = F_CLAIM_TYPES,
     .pl = "{\"iss\":123}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "iss a number, checked",
     .family = F_CLAIM_TYPES,
     .pl = "{\"iss\":123}",
     .iss = "123",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "sub an array",
     .family = F_CLAIM_TYPES,
     .pl = "{\"sub\":[\"device-1\"]}",
     .sub = "device-1",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "aud with a non-string element, checked",
     .family = F_CLAIM_TYPES,
     .pl = "{\"aud\":[\"api\",1]}",
     .aud = "api",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "aud with a non-string element, unchecked",
     .family = F_CLAIM_TYPES,
     .pl = "{\"aud\":[\"api\",1]}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "aud a nested array",
     .family = F_CLAIM_TYPES,
     .pl = "{\"aud\":[[\"api\"]]}",
     .aud = "api",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "aud a number",
     .family = F_CLAIM_TYPES,
     .pl = "{\"aud\":42}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "jti a number",
     .family = F_CLAIM_TYPES,
     .pl = "{\"jti\":7}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    {.name = "ctl: fractional exp",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":1700003600.5}",
     .expect = OK},
    {.name = "ctl: exponent exp",
     .family = F_CLAIM_TYPES,
     .pl = "{\"exp\":1.7000036e9}",
     .expect = OK},
    {.name = "ctl: private claims of any type",
     .family = F_CLAIM_TYPES,
     .pl = "{\"x\":\"1\",\"y\":true,\"z\":{\"exp\":\"no\"}}",
     .expect = OK},

    /* ---- time ---- */
    {.name = "expired one second ago",
     .family = F_TIME,
     .pl = "{\"exp\":1699999999}",
     .expect = EJWT_ERR_EXPIRED},
    {.name = "exp exactly now",
     .family = F_TIME,
     .pl = "{\"exp\":1700000000}",
     .expect = EJWT_ERR_EXPIRED},
    {.name = "expired beyond the leeway",
     .family = F_TIME,
     .pl = "{\"exp\":1699999900}",
     .leeway = 60,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "exp exactly now - leeway",
     .family = F_TIME,
     .pl = "{\"exp\":1699999940}",
     .leeway = 60,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "exp 0", .family = F_TIME, .pl = "{\"exp\":0}", .expect = EJWT_ERR_EXPIRED},
    {.name = "exp -1", .family = F_TIME, .pl = "{\"exp\":-1}", .expect = EJWT_ERR_EXPIRED},
    {.name = "exp fraction below now",
     .family = F_TIME,
     .pl = "{\"exp\":1699999999.9}",
     .expect = EJWT_ERR_EXPIRED},
    {.name = "nbf in the future",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000100,\"exp\":1700003600}",
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "nbf beyond the leeway",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000061}",
     .leeway = 60,
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "time unknown with exp",
     .family = F_TIME,
     .pl = "{\"iss\":\"trusted\",\"exp\":1700003600}",
     .now_mode = NOW_UNKNOWN,
     .expect = EJWT_ERR_TIME_UNKNOWN},
    {.name = "time unknown with nbf",
     .family = F_TIME,
     .pl = "{\"iss\":\"trusted\",\"nbf\":0}",
     .now_mode = NOW_UNKNOWN,
     .expect = EJWT_ERR_TIME_UNKNOWN},
    {.name = "time unknown with expired exp",
     .family = F_TIME,
     .pl = "{\"exp\":1}",
     .now_mode = NOW_UNKNOWN,
     .expect = EJWT_ERR_TIME_UNKNOWN},
    /* Fractions round to the safe side: nbf up, exp down. */
    {.name = "nbf half a second ahead",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000000.5}",
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "nbf fraction beyond the leeway",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000060.001}",
     .leeway = 60,
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "nbf 1.7000000000001e9 ahead",
     .family = F_TIME,
     .pl = "{\"nbf\":1.7000000000001e9}",
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "exp half a second ahead",
     .family = F_TIME,
     .pl = "{\"exp\":1700000000.5}",
     .expect = EJWT_ERR_EXPIRED},
    {.name = "exp fraction at now - leeway",
     .family = F_TIME,
     .pl = "{\"exp\":1699999940.9}",
     .leeway = 60,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "nbf rounding up past INT64_MAX",
     .family = F_TIME,
     .pl = "{\"nbf\":9223372036854775807.5}",
     .expect = EJWT_ERR_CLAIM_TYPE},
    /* The ends of the range: no sum is formed, so nothing overflows. */
    {.name = "nbf INT64_MAX, leeway UINT32_MAX",
     .family = F_TIME,
     .pl = "{\"nbf\":9223372036854775807}",
     .leeway = UINT32_MAX,
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "exp INT64_MIN, leeway UINT32_MAX",
     .family = F_TIME,
     .pl = "{\"exp\":-9223372036854775808}",
     .leeway = UINT32_MAX,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "exp INT64_MAX at now INT64_MAX",
     .family = F_TIME,
     .pl = "{\"exp\":9223372036854775807}",
     .now_mode = NOW_SET,
     .now = INT64_MAX,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "ctl: exp INT64_MAX at now INT64_MAX, within leeway UINT32_MAX",
     .family = F_TIME,
     .pl = "{\"exp\":9223372036854775807}",
     .now_mode = NOW_SET,
     .now = INT64_MAX,
     .leeway = UINT32_MAX,
     .expect = OK},
    {.name = "nbf INT64_MAX at now INT64_MIN + 1",
     .family = F_TIME,
     .pl = "{\"nbf\":9223372036854775807}",
     .now_mode = NOW_SET,
     .now = INT64_MIN + 1,
     .leeway = UINT32_MAX,
     .expect = EJWT_ERR_NOT_YET_VALID},
    {.name = "exp INT64_MIN + 1 at now INT64_MIN + 1",
     .family = F_TIME,
     .pl = "{\"exp\":-9223372036854775807}",
     .now_mode = NOW_SET,
     .now = INT64_MIN + 1,
     .expect = EJWT_ERR_EXPIRED},
    {.name = "ctl: nbf half a second past",
     .family = F_TIME,
     .pl = "{\"nbf\":1699999999.5}",
     .expect = OK},
    {.name = "ctl: nbf fraction within the leeway",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000059.5}",
     .leeway = 60,
     .expect = OK},
    {.name = "ctl: exp INT64_MAX, leeway UINT32_MAX",
     .family = F_TIME,
     .pl = "{\"exp\":9223372036854775807}",
     .leeway = UINT32_MAX,
     .expect = OK},
    {.name = "ctl: nbf INT64_MIN at now INT64_MAX",
     .family = F_TIME,
     .pl = "{\"nbf\":-9223372036854775808}",
     .now_mode = NOW_SET,
     .now = INT64_MAX,
     .leeway = UINT32_MAX,
     .expect = OK},
    {.name = "ctl: exp INT64_MAX at now INT64_MIN + 1",
     .family = F_TIME,
     .pl = "{\"exp\":9223372036854775807}",
     .now_mode = NOW_SET,
     .now = INT64_MIN + 1,
     .leeway = UINT32_MAX,
     .expect = OK},
    {.name = "ctl: exp one second ahead",
     .family = F_TIME,
     .pl = "{\"exp\":1700000001}",
     .expect = OK},
    {.name = "ctl: expired within the leeway",
     .family = F_TIME,
     .pl = "{\"exp\":1699999970}",
     .leeway = 60,
     .expect = OK},
    {.name = "ctl: nbf now", .family = F_TIME, .pl = "{\"nbf\":1700000000}", .expect = OK},
    {.name = "ctl: nbf within the leeway",
     .family = F_TIME,
     .pl = "{\"nbf\":1700000060}",
     .leeway = 60,
     .expect = OK},
    {.name = "ctl: time unknown without time claims",
     .family = F_TIME,
     .pl = "{\"iss\":\"trusted\"}",
     .now_mode = NOW_UNKNOWN,
     .iss = "trusted",
     .expect = OK},

    /* ---- crit ---- */
    {.name = "crit empty list",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[]}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit with an unknown name",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[\"x-unknown\"],\"x-unknown\":1}",
     .expect = EJWT_ERR_CRIT_UNSUPPORTED},
    {.name = "crit with a name the caller did not declare",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[\"x-dev\",\"x-other\"],\"x-dev\":1,\"x-other\":1}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_UNSUPPORTED},
    {.name = "crit naming an absent member",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[\"x-dev\"]}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit a string",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":\"x-dev\",\"x-dev\":1}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit an object",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":{\"x-dev\":1},\"x-dev\":1}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit null",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":null}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit with a number",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[1]}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "crit with a repeated name",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[\"x-dev\",\"x-dev\"],\"x-dev\":1}",
     .crit = 1,
     .expect = EJWT_ERR_CRIT_INVALID},
    {.name = "ctl: crit with a declared, present name",
     .family = F_CRIT,
     .hdr = "{\"alg\":\"ES256\",\"crit\":[\"x-dev\"],\"x-dev\":1}",
     .crit = 1,
     .expect = OK},

    /* ---- key choice: embedded keys are never used, kid must match ---- */
    {.name = "header jwk carries the attacker's key",
     .family = F_KEYS,
     .signer = SG_ATT_ES,
     .hdr = "{\"alg\":\"ES256\",\"jwk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":"
            "\"v8JsdHUjc7XgKihrX38VGItLJQPrBSsAgEsONEJqJkk\",\"y\":"
            "\"G8yYxQXmXkt8bT742rENGZsTxMSnmtKstlzLtsWUeik\"}}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "header jwk attacker key with the victim's kid",
     .family = F_KEYS,
     .signer = SG_ATT_ES,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"jwk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":"
            "\"v8JsdHUjc7XgKihrX38VGItLJQPrBSsAgEsONEJqJkk\",\"y\":"
            "\"G8yYxQXmXkt8bT742rENGZsTxMSnmtKstlzLtsWUeik\"}}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "header jku to an attacker JWK Set",
     .family = F_KEYS,
     .signer = SG_ATT_ES,
     .hdr = "{\"alg\":\"ES256\",\"jku\":\"https://attacker.example/jwks.json\"}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "header x5u to an attacker certificate",
     .family = F_KEYS,
     .signer = SG_ATT_ES,
     .hdr = "{\"alg\":\"ES256\",\"x5u\":\"https://attacker.example/cert.pem\"}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "header x5c with an attacker certificate",
     .family = F_KEYS,
     .signer = SG_ATT_ES,
     .hdr = "{\"alg\":\"ES256\",\"x5c\":[\"MIIBdzCCAR2gAwIBAgIUattacker\"]}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "HS256 jwk of the attacker's secret",
     .family = F_KEYS,
     .signer = SG_ATT_HS,
     .ks = KS_HS,
     .hdr = "{\"alg\":\"HS256\",\"jwk\":{\"k\":\"DB_CoNZKQ_ZweH42C-V_U04NsJ_2SqB2dh7MUX0LNcY\","
            "\"kty\":\"oct\"}}",
     .expect = EJWT_ERR_SIGNATURE_INVALID},
    {.name = "kid not in the key set",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"k3\"}",
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "kid es-1\\u0000",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"es-1\\u0000\"}",
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "kid ES-1 (case differs)",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"ES-1\"}",
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "kid empty",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"\"}",
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "kid of the HS key on an ES256 token",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"hs-1\"}",
     .expect = EJWT_ERR_ALG_KEY_MISMATCH},
    {.name = "no kid, two keys with kids",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "no kid, two keys without kids",
     .family = F_KEYS,
     .ks = KS_ES_HS,
     .expect = EJWT_ERR_KEY_NOT_FOUND},
    {.name = "ctl: kid es-1",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"es-1\"}",
     .expect = OK},
    {.name = "ctl: kid \\u0065s-1 equals es-1",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"\\u0065s-1\"}",
     .expect = OK},
    {.name = "ctl: kid hs-1 on HS256",
     .family = F_KEYS,
     .ks = KS_KIDS,
     .signer = SG_HS,
     .hdr = "{\"alg\":\"HS256\",\"kid\":\"hs-1\"}",
     .expect = OK},
    {.name = "ctl: any kid with one key without kid",
     .family = F_KEYS,
     .hdr = "{\"alg\":\"ES256\",\"kid\":\"whatever\"}",
     .expect = OK},
    {.name = "ctl: jwk header with the victim's signature",
     .family = F_KEYS,
     .hdr = "{\"alg\":\"ES256\",\"jwk\":{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":"
            "\"v8JsdHUjc7XgKihrX38VGItLJQPrBSsAgEsONEJqJkk\",\"y\":"
            "\"G8yYxQXmXkt8bT742rENGZsTxMSnmtKstlzLtsWUeik\"}}",
     .expect = OK},

    /* ---- sizes ---- */
    {.name = "header longer than EJWT_MAX_HEADER_LEN",
     .family = F_LIMITS,
     .gen = G_LONG_HEADER,
     .expect = EJWT_ERR_HEADER_TOO_LONG},
    {.name = "token longer than EJWT_MAX_TOKEN_LEN",
     .family = F_LIMITS,
     .gen = G_LONG_TOKEN,
     .expect = EJWT_ERR_TOKEN_TOO_LONG},
    {.name = "ctl: header of exactly EJWT_MAX_HEADER_LEN",
     .family = F_LIMITS,
     .gen = G_LONG_HEADER_OK,
     .expect = OK},
    {.name = "ctl: token at most EJWT_MAX_TOKEN_LEN",
     .family = F_LIMITS,
     .gen = G_LONG_TOKEN_OK,
     .expect = OK},
};

#define N_ATTACKS (sizeof attacks / sizeof attacks[0])

/* ---- fixtures ---------------------------------------------------------- */

static ejwt_key es_priv, es_pub, att_es, hs, att_hs, hmac_point, hmac_xy, hmac_jwk;
static ejwt_key kid_set[2];
static ejwt_key es_hs_set[2];

static char tok[TOK_CAP];
static char hseg[TOK_CAP];
static char pseg[TOK_CAP];
static char sseg[1024];
static char gen_hdr[EJWT_MAX_HEADER_LEN + 64];
static char gen_pl[TOK_CAP];
static uint8_t work[EJWT_WORK_SIZE(TOK_CAP)];
static ejwt_jwt jwt;

static const char *const crit_xdev[] = {"x-dev", NULL};

static int import_es_private(const char *jwk, ejwt_key *out)
{
    uint8_t d[32];
    if (tu_jwk_member(jwk, "d", d, sizeof d) != 32u) {
        return -1;
    }
    return ejwt_key_import_es256_private(d, sizeof d, out);
}

static size_t victim_point(uint8_t point[65])
{
    point[0] = 0x04;
    if (tu_jwk_member(victim_es256_jwk, "x", point + 1, 32) != 32u ||
        tu_jwk_member(victim_es256_jwk, "y", point + 33, 32) != 32u) {
        return 0;
    }
    return 65;
}

static int setup(void **state)
{
    uint8_t point[65];
    uint8_t k[32];
    (void)state;
    if (ejwt_crypto_init() != EJWT_OK || victim_point(point) != 65u) {
        return -1;
    }
    if (import_es_private(victim_es256_jwk, &es_priv) != EJWT_OK ||
        import_es_private(attacker_es256_jwk, &att_es) != EJWT_OK ||
        ejwt_key_import_es256_public(point, sizeof point, &es_pub) != EJWT_OK) {
        return -1;
    }
    if (tu_jwk_member(victim_hs256_jwk, "k", k, sizeof k) != 32u ||
        ejwt_key_import_hmac(k, sizeof k, &hs) != EJWT_OK) {
        return -1;
    }
    if (tu_jwk_member(attacker_hs256_jwk, "k", k, sizeof k) != 32u ||
        ejwt_key_import_hmac(k, sizeof k, &att_hs) != EJWT_OK) {
        return -1;
    }
    /* the algorithm-confusion secrets: public material an attacker knows */
    if (ejwt_key_import_hmac(point, 65, &hmac_point) != EJWT_OK ||
        ejwt_key_import_hmac(point + 1, 64, &hmac_xy) != EJWT_OK ||
        ejwt_key_import_hmac((const uint8_t *)victim_es256_public_jwk,
                             strlen(victim_es256_public_jwk), &hmac_jwk) != EJWT_OK) {
        return -1;
    }
    if (ejwt_key_from_psa(es_pub.psa_id, EJWT_ALG_ES256, "es-1", &kid_set[0]) != EJWT_OK ||
        ejwt_key_from_psa(hs.psa_id, EJWT_ALG_HS256, "hs-1", &kid_set[1]) != EJWT_OK) {
        return -1;
    }
    es_hs_set[0] = es_pub;
    es_hs_set[1] = hs;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    (void)ejwt_key_destroy(&es_priv);
    (void)ejwt_key_destroy(&es_pub);
    (void)ejwt_key_destroy(&att_es);
    (void)ejwt_key_destroy(&hs);
    (void)ejwt_key_destroy(&att_hs);
    (void)ejwt_key_destroy(&hmac_point);
    (void)ejwt_key_destroy(&hmac_xy);
    (void)ejwt_key_destroy(&hmac_jwk);
    return 0;
}

static const ejwt_key *signer_key(int signer)
{
    switch (signer) {
    case SG_HS:
        return &hs;
    case SG_ATT_ES:
        return &att_es;
    case SG_ATT_HS:
        return &att_hs;
    case SG_EC_POINT_HMAC:
        return &hmac_point;
    case SG_EC_XY_HMAC:
        return &hmac_xy;
    case SG_EC_JWK_HMAC:
        return &hmac_jwk;
    case SG_NONE:
        return NULL;
    default:
        return &es_priv;
    }
}

/* ---- token construction ------------------------------------------------ */

static size_t gen_text(char *out, size_t cap, const char *a, size_t reps, const char *b,
                       const char *c)
{
    size_t o = 0, i, n;
    n = strlen(a);
    if (o + n >= cap) {
        return SIZE_MAX;
    }
    memcpy(out + o, a, n);
    o += n;
    for (i = 0; i < reps; i++) {
        n = strlen(b);
        if (o + n >= cap) {
            return SIZE_MAX;
        }
        memcpy(out + o, b, n);
        o += n;
    }
    n = strlen(c);
    if (o + n >= cap) {
        return SIZE_MAX;
    }
    memcpy(out + o, c, n);
    o += n;
    out[o] = '\0';
    return o;
}

/* a payload of `{"iss":"trusted","pad":"aaa..."}` whose token is at most
 * (want_over = 0) or just over (want_over = 1) EJWT_MAX_TOKEN_LEN */
static size_t gen_long_payload(int want_over)
{
    const size_t fixed = strlen("{\"iss\":\"trusted\",\"pad\":\"\"}");
    const size_t other = EJWT_B64URL_ENCODED_LEN(strlen("{\"alg\":\"ES256\"}")) + 2u + 86u;
    size_t n;
    size_t best = SIZE_MAX;
    for (n = 0; n < EJWT_MAX_TOKEN_LEN; n++) {
        size_t total = other + EJWT_B64URL_ENCODED_LEN(fixed + n);
        if (!want_over && total <= EJWT_MAX_TOKEN_LEN) {
            best = n;
        }
        if (want_over && total > EJWT_MAX_TOKEN_LEN) {
            best = n;
            break;
        }
    }
    if (best == SIZE_MAX) {
        return SIZE_MAX;
    }
    return gen_text(gen_pl, sizeof gen_pl, "{\"iss\":\"trusted\",\"pad\":\"", best, "a", "\"}");
}

static const char *generate(int gen, int header, size_t *len)
{
    char member[16];
    size_t i, o;
    *len = SIZE_MAX;
    switch (gen) {
    case G_DEEP_PAYLOAD:
    case G_DEEP_PAYLOAD_OK: {
        size_t depth = gen == G_DEEP_PAYLOAD ? (size_t)EJWT_MAX_JSON_DEPTH + 3u
                                             : (size_t)EJWT_MAX_JSON_DEPTH - 2u;
        o = gen_text(gen_pl, sizeof gen_pl, "{\"iss\":\"trusted\",\"x\":", depth, "[", "1");
        for (i = 0; i < depth && o != SIZE_MAX && o + 2u < sizeof gen_pl; i++) {
            gen_pl[o++] = ']';
        }
        gen_pl[o++] = '}';
        gen_pl[o] = '\0';
        *len = o;
        return header ? NULL : gen_pl;
    }
    case G_DEEP_HEADER:
        if (!header) {
            return NULL;
        }
        o = gen_text(gen_hdr, sizeof gen_hdr,
                     "{\"alg\":\"ES256\",\"x\":", (size_t)EJWT_MAX_JSON_DEPTH + 3u, "[", "");
        for (i = 0; i < (size_t)EJWT_MAX_JSON_DEPTH + 3u; i++) {
            gen_hdr[o++] = ']';
        }
        gen_hdr[o++] = '}';
        gen_hdr[o] = '\0';
        *len = o;
        return gen_hdr;
    case G_MANY_CLAIMS:
    case G_MANY_CLAIMS_OK: {
        /* 40 members: 81 tokens > 64; 20 members: 41 tokens */
        size_t count = gen == G_MANY_CLAIMS ? (size_t)EJWT_MAX_CLAIM_TOKENS / 2u + 8u
                                            : (size_t)EJWT_MAX_CLAIM_TOKENS / 2u - 12u;
        if (header) {
            return NULL;
        }
        o = 0;
        gen_pl[o++] = '{';
        for (i = 0; i < count; i++) {
            member[0] = i ? ',' : ' ';
            member[1] = '"';
            member[2] = 'c';
            member[3] = (char)('0' + (i / 10u) % 10u);
            member[4] = (char)('0' + i % 10u);
            member[5] = '"';
            member[6] = ':';
            member[7] = '1';
            memcpy(gen_pl + o, member, 8);
            o += 8u;
        }
        gen_pl[o++] = '}';
        gen_pl[o] = '\0';
        *len = o;
        return gen_pl;
    }
    case G_MANY_HEADER_MEMBERS: {
        /* (EJWT_MAX_HEADER_TOKENS + 1) / 2 extra members exceed the pool */
        size_t count = (size_t)EJWT_MAX_HEADER_TOKENS / 2u + 1u;
        if (!header) {
            return NULL;
        }
        o = gen_text(gen_hdr, sizeof gen_hdr, "{\"alg\":\"ES256\"", 0, "", "");
        for (i = 0; i < count; i++) {
            member[0] = ',';
            member[1] = '"';
            member[2] = 'h';
            member[3] = (char)('0' + (i / 10u) % 10u);
            member[4] = (char)('0' + i % 10u);
            member[5] = '"';
            member[6] = ':';
            member[7] = '1';
            memcpy(gen_hdr + o, member, 8);
            o += 8u;
        }
        gen_hdr[o++] = '}';
        gen_hdr[o] = '\0';
        *len = o;
        return gen_hdr;
    }
    case G_LONG_HEADER:
    case G_LONG_HEADER_OK: {
        size_t want = (size_t)EJWT_MAX_HEADER_LEN + (gen == G_LONG_HEADER ? 1u : 0u);
        size_t fixed = strlen("{\"alg\":\"ES256\",\"x-pad\":\"\"}");
        if (!header) {
            return NULL;
        }
        *len = gen_text(gen_hdr, sizeof gen_hdr, "{\"alg\":\"ES256\",\"x-pad\":\"", want - fixed,
                        "a", "\"}");
        return gen_hdr;
    }
    case G_LONG_TOKEN:
    case G_LONG_TOKEN_OK:
        if (header) {
            return NULL;
        }
        *len = gen_long_payload(gen == G_LONG_TOKEN);
        return gen_pl;
    default:
        return NULL;
    }
}

/* apply a text mutation to s (length *len, capacity cap); 0 or -1 */
static int mutate_text(char *s, size_t *len, size_t cap, int how, const char *text)
{
    size_t n = text != NULL ? strlen(text) : 0u;
    size_t i;
    int changed = 0;
    switch (how) {
    case SM_APPEND:
        if (*len + n >= cap) {
            return -1;
        }
        memcpy(s + *len, text, n);
        *len += n;
        break;
    case SM_PREPEND:
        if (*len + n >= cap) {
            return -1;
        }
        memmove(s + n, s, *len);
        memcpy(s, text, n);
        *len += n;
        break;
    case SM_INSERT_MID: {
        size_t mid = *len / 2u;
        if (*len + n >= cap) {
            return -1;
        }
        memmove(s + mid + n, s + mid, *len - mid);
        memcpy(s + mid, text, n);
        *len += n;
        break;
    }
    case SM_REPLACE:
        if (n >= cap) {
            return -1;
        }
        memcpy(s, text, n);
        *len = n;
        break;
    case SM_PAD: {
        size_t pad = (4u - *len % 4u) % 4u;
        if (pad == 0u || *len + pad >= cap) {
            return -1; /* nothing to pad: the case is mis-written */
        }
        for (i = 0; i < pad; i++) {
            s[(*len)++] = '=';
        }
        break;
    }
    case SM_STDB64:
        for (i = 0; i < *len; i++) {
            if (s[i] == '-') {
                s[i] = '+';
                changed = 1;
            } else if (s[i] == '_') {
                s[i] = '/';
                changed = 1;
            }
        }
        if (!changed) {
            return -1;
        }
        break;
    case SM_NONCANON: {
        int v;
        if (*len == 0u || *len % 4u == 0u) {
            return -1;
        }
        v = tu_b64url_value(s[*len - 1u]);
        if (v < 0 || (v & 1) != 0) {
            return -1;
        }
        s[*len - 1u] = tu_b64url_alphabet[v | 1];
        break;
    }
    case SM_LEN1:
        while (*len % 4u != 1u) {
            if (*len + 1u >= cap) {
                return -1;
            }
            s[(*len)++] = 'A';
        }
        break;
    case SM_DROP_SIG:
        while (*len > 0u && s[*len - 1u] != '.') {
            (*len)--;
        }
        if (*len == 0u) {
            return -1;
        }
        (*len)--;
        break;
    default:
        break;
    }
    s[*len] = '\0';
    return 0;
}

static const uint8_t p256_n[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                   0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

static size_t der_int(const uint8_t *v, uint8_t *out)
{
    size_t skip = 0, o = 0;
    while (skip < 31u && v[skip] == 0u) {
        skip++;
    }
    out[o++] = 0x02;
    out[o++] = (uint8_t)(32u - skip + ((v[skip] & 0x80u) ? 1u : 0u));
    if (v[skip] & 0x80u) {
        out[o++] = 0x00;
    }
    memcpy(out + o, v + skip, 32u - skip);
    return o + 32u - skip;
}

/* Set by build(): the token carries default_payload (and so DEFAULT_AUD). */
static int tok_has_default_payload;

/* build the token of case a into tok; returns its length or SIZE_MAX */
static size_t build(const struct attack *a)
{
    const char *hdr = a->hdr;
    const char *pl = a->pl != NULL ? a->pl : default_payload;
    size_t hdr_len, pl_len, hlen, plen, slen, tlen, sig_len = 0;
    const ejwt_key *key = signer_key(a->signer);
    uint8_t sig[256];
    const char *g;
    size_t glen;

    tok_has_default_payload = 0;
    if (a->literal != NULL) {
        tlen = strlen(a->literal);
        memcpy(tok, a->literal, tlen + 1u);
        return tlen;
    }
    if (hdr == NULL) {
        hdr = (a->signer == SG_HS || a->signer == SG_ATT_HS || a->signer >= SG_EC_POINT_HMAC)
                  ? H_HS
                  : "{\"alg\":\"ES256\"}";
    }
    hdr_len = strlen(hdr);
    pl_len = strlen(pl);
    g = generate(a->gen, 1, &glen);
    if (g != NULL) {
        hdr = g;
        hdr_len = glen;
    }
    g = generate(a->gen, 0, &glen);
    if (g != NULL) {
        pl = g;
        pl_len = glen;
    }
    tok_has_default_payload = pl == default_payload;
    if (hdr_len == SIZE_MAX || pl_len == SIZE_MAX) {
        return SIZE_MAX;
    }

    hlen = tu_b64url_encode((const uint8_t *)hdr, hdr_len, hseg, sizeof hseg - 8u);
    plen = tu_b64url_encode((const uint8_t *)pl, pl_len, pseg, sizeof pseg - 8u);
    if (hlen == SIZE_MAX || plen == SIZE_MAX) {
        return SIZE_MAX;
    }
    hseg[hlen] = '\0';
    pseg[plen] = '\0';
    if (a->seg == SEG_H && mutate_text(hseg, &hlen, sizeof hseg, a->segmut, a->text) != 0) {
        return SIZE_MAX;
    }
    if (a->seg == SEG_P && mutate_text(pseg, &plen, sizeof pseg, a->segmut, a->text) != 0) {
        return SIZE_MAX;
    }
    /* signing input exactly as it will be sent */
    if (hlen + 1u + plen + 1u >= sizeof tok) {
        return SIZE_MAX;
    }
    memcpy(tok, hseg, hlen);
    tok[hlen] = '.';
    memcpy(tok + hlen + 1u, pseg, plen);
    tlen = hlen + 1u + plen;

    if (key != NULL) {
        int rc;
        if (a->sigmut == XM_OTHER_PAYLOAD) {
            /* header "." b64("{}") */
            static char other[TOK_CAP];
            memcpy(other, hseg, hlen);
            memcpy(other + hlen, ".e30", 4);
            rc = ejwt_signature_sign(key, (const uint8_t *)other, hlen + 4u, sig, sizeof sig,
                                     &sig_len);
        } else {
            rc = ejwt_signature_sign(key, (const uint8_t *)tok, tlen, sig, sizeof sig, &sig_len);
        }
        if (rc != EJWT_OK) {
            print_message("  signing failed: %s\n", ejwt_error_name(rc));
            return SIZE_MAX;
        }
    }
    switch (a->sigmut) {
    case XM_EMPTY:
        sig_len = 0;
        break;
    case XM_TRUNC:
        sig_len = a->sig_n < sig_len ? a->sig_n : sig_len;
        break;
    case XM_EXTEND:
        if (sig_len + a->sig_n > sizeof sig) {
            return SIZE_MAX;
        }
        memset(sig + sig_len, 0, a->sig_n);
        sig_len += a->sig_n;
        break;
    case XM_ZERO:
        memset(sig, 0, sig_len);
        break;
    case XM_R_N:
        memcpy(sig, p256_n, 32);
        break;
    case XM_S_N:
        memcpy(sig + 32, p256_n, 32);
        break;
    case XM_DER: {
        uint8_t der[80];
        size_t o = 2;
        o += der_int(sig, der + o);
        o += der_int(sig + 32, der + o);
        der[0] = 0x30;
        der[1] = (uint8_t)(o - 2u);
        memcpy(sig, der, o);
        sig_len = o;
        break;
    }
    case XM_FLIP:
        sig[a->sig_n] ^= 0x01u;
        break;
    default:
        break;
    }
    slen = tu_b64url_encode(sig, sig_len, sseg, sizeof sseg - 8u);
    if (slen == SIZE_MAX) {
        return SIZE_MAX;
    }
    sseg[slen] = '\0';
    if (a->seg == SEG_S && mutate_text(sseg, &slen, sizeof sseg, a->segmut, a->text) != 0) {
        return SIZE_MAX;
    }
    if (tlen + 1u + slen + 1u >= sizeof tok) {
        return SIZE_MAX;
    }
    tok[tlen++] = '.';
    memcpy(tok + tlen, sseg, slen);
    tlen += slen;
    tok[tlen] = '\0';
    if (a->seg == SEG_TOKEN && mutate_text(tok, &tlen, sizeof tok, a->segmut, a->text) != 0) {
        return SIZE_MAX;
    }
    return tlen;
}

static void keys_for(const struct attack *a, const ejwt_key **keys, size_t *nkeys, uint32_t *algs)
{
    switch (a->ks) {
    case KS_HS:
        *keys = &hs;
        *nkeys = 1;
        *algs = HS;
        break;
    case KS_ES_HS:
        *keys = es_hs_set;
        *nkeys = 2;
        *algs = ES | HS;
        break;
    case KS_KIDS:
        *keys = kid_set;
        *nkeys = 2;
        *algs = ES | HS;
        break;
    default:
        *keys = &es_pub;
        *nkeys = 1;
        *algs = ES;
        break;
    }
    if (a->algs != 0u) {
        *algs = a->algs;
    }
}

/* The audience the verifier names: the case's own, else the default
 * payload's when the token carries it (after build()), else none. */
static const char *expected_aud(const struct attack *a)
{
    if (a->aud != NULL) {
        return a->aud;
    }
    return tok_has_default_payload && !a->no_aud ? DEFAULT_AUD : NULL;
}

/* run one case; returns the number of disagreements (0 = as expected) */
static int run_case(const struct attack *a)
{
    const ejwt_key *keys;
    size_t nkeys;
    ejwt_verify_opts o;
    size_t needed = 0;
    size_t len;
    int rc;
    int bad = 0;

    memset(&o, 0, sizeof o);
    keys_for(a, &keys, &nkeys, &o.algs);
    o.now = a->now_mode == NOW_UNKNOWN ? EJWT_TIME_UNKNOWN : a->now_mode == NOW_SET ? a->now : NOW;
    o.leeway = a->leeway;
    o.iss = a->iss;
    o.flags = a->verify_flags;
    o.sub = a->sub;
    o.typ = a->typ;
    o.required = a->required;
    o.crit = a->crit ? crit_xdev : NULL;

    len = build(a);
    if (len == SIZE_MAX) {
        print_message("FAIL [%s] %s: could not build the token (test bug)\n",
                      family_name[a->family], a->name);
        return 1;
    }
    o.aud = expected_aud(a);
    memset(work, 0, sizeof work);
    memset(&jwt, 0x5a, sizeof jwt);
    rc = ejwt_jwt_verify(tok, len, keys, nkeys, &o, work, sizeof work, &needed, &jwt);
    if (rc != a->expect) {
        print_message("FAIL [%s] %s: expected %s, got %s\n      token (%u chars): %.300s%s\n",
                      family_name[a->family], a->name, ejwt_error_name(a->expect),
                      ejwt_error_name(rc), (unsigned)len, tok, len > 300u ? "..." : "");
        bad++;
    }
    if (rc != EJWT_OK) {
        if (!tu_all_zero(&jwt, sizeof jwt)) {
            print_message("FAIL [%s] %s: rejected (%s) but the ejwt_jwt output is not zeroed\n",
                          family_name[a->family], a->name, ejwt_error_name(rc));
            bad++;
        }
        if (!tu_all_zero(work, sizeof work)) {
            print_message("FAIL [%s] %s: rejected (%s) but the work buffer was not wiped\n",
                          family_name[a->family], a->name, ejwt_error_name(rc));
            bad++;
        }
    } else {
        ejwt_json claims = ejwt_jwt_claims(&jwt);
        if (ejwt_json_type(&claims, 0) != EJWT_JSON_OBJECT) {
            print_message("FAIL [%s] %s: accepted but the claims are not an object\n",
                          family_name[a->family], a->name);
            bad++;
        }
    }
    return bad;
}

static int is_control(const struct attack *a)
{
    return a->expect == EJWT_OK;
}

static void test_family(void **state)
{
    int fam = *(const int *)*state;
    size_t i, hostile = 0, controls = 0;
    int bad_cases = 0;
    for (i = 0; i < N_ATTACKS; i++) {
        if (attacks[i].family != fam) {
            continue;
        }
        if (is_control(&attacks[i])) {
            controls++;
        } else {
            hostile++;
        }
        if (run_case(&attacks[i]) != 0) {
            bad_cases++;
        }
    }
    print_message("family %-13s: %2u hostile, %u controls, %d failing\n", family_name[fam],
                  (unsigned)hostile, (unsigned)controls, bad_cases);
    assert_true(hostile > 0u);
    assert_true(controls > 0u);
    assert_int_equal(bad_cases, 0);
}

static void test_table_size(void **state)
{
    size_t i, hostile = 0, controls = 0;
    (void)state;
    for (i = 0; i < N_ATTACKS; i++) {
        if (is_control(&attacks[i])) {
            controls++;
        } else {
            hostile++;
        }
        assert_true(attacks[i].family >= 0 && attacks[i].family < F_COUNT);
    }
    print_message("attack table: %u hostile tokens, %u positive controls\n", (unsigned)hostile,
                  (unsigned)controls);
    assert_true(hostile >= 60u);
}

static const int fam_ids[F_COUNT] = {F_ALG_NONE, F_ALG_HEADER,   F_CONFUSION,   F_SIGNATURE,
                                     F_BASE64,   F_SEGMENTS,     F_HEADER_JSON, F_PAYLOAD_JSON,
                                     F_STRINGS,  F_CLAIM_VALUES, F_CLAIM_TYPES, F_TIME,
                                     F_CRIT,     F_KEYS,         F_LIMITS};

#define FAMILY_TEST(f) cmocka_unit_test_prestate(test_family, (void *)(uintptr_t)&fam_ids[f])

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_size),
        FAMILY_TEST(F_ALG_NONE),
        FAMILY_TEST(F_ALG_HEADER),
        FAMILY_TEST(F_CONFUSION),
        FAMILY_TEST(F_SIGNATURE),
        FAMILY_TEST(F_BASE64),
        FAMILY_TEST(F_SEGMENTS),
        FAMILY_TEST(F_HEADER_JSON),
        FAMILY_TEST(F_PAYLOAD_JSON),
        FAMILY_TEST(F_STRINGS),
        FAMILY_TEST(F_CLAIM_VALUES),
        FAMILY_TEST(F_CLAIM_TYPES),
        FAMILY_TEST(F_TIME),
        FAMILY_TEST(F_CRIT),
        FAMILY_TEST(F_KEYS),
        FAMILY_TEST(F_LIMITS),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
