#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Differential test: ejwt against PyJWT and jwcrypto on mutated tokens.

usage: differential.py PATH_TO_EJWT_BATCH [--doc PATH] [--count N] [--verbose]

From a few valid ES256 and HS256 seed tokens (fixed keys, fixed "now") this
generates more than 5,000 tokens: raw mutations of valid tokens (bit flips,
byte insertion and deletion, segment swaps, duplication and splicing, header
and claim edits without re-signing, signature re-encodings) and, for about
half of them, tokens re-signed so the signature is valid over odd but valid
(or subtly invalid) content: whitespace, escapes, duplicate members, unusual
numbers, unicode, long strings, nested values, crit/kid/typ variations,
padded or standard-alphabet base64, and so on.

Every token goes through ejwt (ejwt_batch, one process) and through PyJWT
and jwcrypto with the same key and the same checks: alg allow-list
{ES256, HS256}, iss, aud, exp and nbf against the same now and leeway, and
exp required.

Property: every token ejwt accepts is accepted by at least one peer. A token
ejwt accepts and both peers reject is a bug: the test fails and prints it.
Every token ejwt rejects and a peer accepts must fall in one of the classes
of REJECT_CLASSES below (each with its reason); an uncategorized one fails
the test, so the table stays complete.

The PRNG is seeded and ES256 signatures use a deterministic nonce, so a run
is reproducible byte for byte.
"""
import base64
import datetime as _dt
import hashlib
import hmac
import json
import os
import random
import re
import subprocess
import sys
import time
import types

SEED = 0x0E1A7D1F
NOW = 1700000000
LEEWAY = 30
ISS = "https://issuer.example"
AUD = "device-api"
ALGS = ["ES256", "HS256"]
REQUIRE_BITS = 0x08  # EJWT_CLAIM_EXP
HS_SECRET = b"ejwt-differential-hs256-secret!!"  # 32 bytes
ES_D_SEED = b"ejwt differential ES256 test key"
KEY_ES, KEY_HS = 0, 1
MIN_TOKENS = 5000
# Tokens ejwt_batch reads per line: anything but these bytes.
FORBIDDEN = (b"\n", b"\r", b"\x00")


def fail_setup(msg):
    print(f"FAIL differential.peers: {msg}")
    sys.exit(1)


try:
    import jwt as pyjwt
    import jwt.api_jwt as pyjwt_api_jwt
    import jwcrypto.jwk as jcjwk
    import jwcrypto.jwt as jcjwt
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.utils import (
        encode_dss_signature)
    from cryptography.hazmat.primitives import hashes
except ImportError as e:  # a missing peer is a failure, never a skip
    fail_setup(f"peer module missing ({e}); scripts/setup installs python3-jwt, "
               "python3-jwcrypto")


# --- base64url and P-256 (deterministic signatures for reproducibility) -----

def b64u(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def b64u_lenient(seg: bytes) -> bytes:
    """Decode as Python's peers do (non-validating, padding optional)."""
    s = seg.replace(b"-", b"+").replace(b"_", b"/")
    s = s.rstrip(b"=")
    s += b"=" * (-len(s) % 4)
    return base64.b64decode(s, validate=False)


P = 2**256 - 2**224 + 2**192 + 2**96 - 1
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
GX = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296
GY = 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5


def _ec_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2:
        if (y1 + y2) % P == 0:
            return None
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, P) % P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (lam * lam - x1 - x2) % P
    return (x3, (lam * (x1 - x3) - y1) % P)


# Fixed-base table: _TABLE[i][j] = j * 16^i * G.
_TABLE = []
_base = (GX, GY)
for _i in range(64):
    row = [None]
    for _j in range(1, 16):
        row.append(_ec_add(row[-1], _base))
    _TABLE.append(row)
    _base = _ec_add(row[15], _base)


def _mul_g(k):
    acc = None
    for i in range(64):
        acc = _ec_add(acc, _TABLE[i][(k >> (4 * i)) & 15])
    return acc


ES_D = int.from_bytes(hashlib.sha256(ES_D_SEED).digest(), "big") % N
ES_PUB = _mul_g(ES_D)


def es256_sign(msg: bytes) -> bytes:
    h = int.from_bytes(hashlib.sha256(msg).digest(), "big")
    k = int.from_bytes(hmac.new(ES_D.to_bytes(32, "big"), msg, hashlib.sha256).digest(),
                       "big") % N or 1
    r = _mul_g(k)[0] % N
    s = pow(k, -1, N) * (h + r * ES_D) % N
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def hs256_sign(msg: bytes, secret=HS_SECRET) -> bytes:
    return hmac.new(secret, msg, hashlib.sha256).digest()


def coord(v):
    return b64u(v.to_bytes(32, "big")).decode()


ES_JWK_PUBLIC = {"kty": "EC", "crv": "P-256", "x": coord(ES_PUB[0]), "y": coord(ES_PUB[1])}
HS_JWK = {"kty": "oct", "k": b64u(HS_SECRET).decode()}
KEY_JWKS = [ES_JWK_PUBLIC, HS_JWK]
ES_CRYPTO_PUB = ec.EllipticCurvePublicNumbers(ES_PUB[0], ES_PUB[1], ec.SECP256R1()).public_key()
ES_PUB_PEM = ES_CRYPTO_PUB.public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)


def self_check():
    msg = b"self-check"
    sig = es256_sign(msg)
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    ES_CRYPTO_PUB.verify(der, msg, ec.ECDSA(hashes.SHA256()))  # raises if wrong


# --- tokens -------------------------------------------------------------------

def sign(key, signing_input: bytes) -> bytes:
    return es256_sign(signing_input) if key == KEY_ES else hs256_sign(signing_input)


def compact(header: bytes, payload: bytes, key, enc=b64u, sig_enc=b64u, extra=None):
    """Re-signed token: encode header and payload with enc, sign the exact
    signing input, encode the signature with sig_enc."""
    si = enc(header) + b"." + enc(payload)
    if extra is not None:
        si += b"." + extra
    return si + b"." + sig_enc(sign(key, si))


def alg_of(key):
    return "ES256" if key == KEY_ES else "HS256"


def jdump(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def base_claims(key, n):
    c = {"iss": ISS, "sub": f"device-{n}", "aud": AUD, "iat": NOW - 60, "exp": NOW + 600,
         "jti": f"jti-{key}-{n}"}
    if n % 2:
        c["nbf"] = NOW - 120
        c["aud"] = ["other", AUD]
    if n % 3 == 2:
        c["scope"] = {"read": True, "paths": ["/a", "/b"], "n": 1.5}
    return c


def seed_tokens():
    out = []
    for key in (KEY_ES, KEY_HS):
        for n in range(3):
            h = {"alg": alg_of(key), "typ": "JWT"}
            if n == 1:
                h["kid"] = f"kid-{key}"
            out.append((key, compact(jdump(h), jdump(base_claims(key, n)), key)))
    return out


# --- odd JSON -----------------------------------------------------------------

def esc_all(s: str) -> str:
    return "".join(f"\\u{ord(ch):04x}" for ch in s)


def esc_first(s: str) -> str:
    return f"\\u{ord(s[0]):04x}" + s[1:]


def render(members, rnd, style=None):
    """Members as (name_text, value_text) JSON fragments (already JSON
    encoded) joined with an odd whitespace style."""
    style = style if style is not None else rnd.choice(
        ["compact", "compact", "spaces", "pretty", "tabs", "crlf", "lead_trail"])
    parts = [f"{k}:{v}" for k, v in members]
    if style == "compact":
        s = "{" + ",".join(parts) + "}"
    elif style == "spaces":
        s = "{ " + " , ".join(f"{k} : {v}" for k, v in members) + " }"
    elif style == "pretty":
        s = "{\n  " + ",\n  ".join(f"{k}: {v}" for k, v in members) + "\n}"
    elif style == "tabs":
        s = "{\t" + ",\t".join(parts) + "\t}"
    elif style == "crlf":
        s = "{\r\n" + ",\r\n".join(parts) + "\r\n}"
    else:
        s = " \n{" + ",".join(parts) + "} \t"
    return s.encode("utf-8", "surrogatepass")


def q(s):
    return json.dumps(s, ensure_ascii=False)


def claim_members(key, n):
    return [(q(k), json.dumps(v, separators=(",", ":"), ensure_ascii=False))
            for k, v in base_claims(key, n).items()]


def set_member(members, name, value_text, escape_name=False):
    out = [(k, v) for k, v in members if k != q(name)]
    out.append((('"' + esc_all(name) + '"') if escape_name else q(name), value_text))
    return out


def drop_member(members, name):
    return [(k, v) for k, v in members if k != q(name)]


BIG = "9" * 20
LONG = lambda n: q("x" * n)  # noqa: E731

EXP_VALUES = [
    ("exp_int", str(NOW + 600)), ("exp_string", q(str(NOW + 600))),
    ("exp_float", f"{NOW + 600}.0"), ("exp_exp_notation", "1.7000006e9"),
    ("exp_exp_upper", "1.7000006E+9"), ("exp_int_exp", "17000006e2"),
    ("exp_fraction", f"{NOW + 600}.5"), ("exp_boundary", str(NOW - LEEWAY)),
    ("exp_boundary_plus1", str(NOW - LEEWAY + 1)), ("exp_boundary_minus1", str(NOW - LEEWAY - 1)),
    ("exp_in_leeway", str(NOW - 5)), ("exp_neg_zero", "-0"), ("exp_zero", "0"),
    ("exp_negative", "-1"), ("exp_true", "true"), ("exp_null", "null"),
    ("exp_array", f"[{NOW + 600}]"), ("exp_object", '{"v":1}'), ("exp_huge_float", "1e400"),
    ("exp_big_int", BIG), ("exp_int64_max", "9223372036854775807"),
    ("exp_int64_over", "9223372036854775808"), ("exp_int64_min", "-9223372036854775808"),
    ("exp_nan", "NaN"), ("exp_infinity", "Infinity"), ("exp_neg_infinity", "-Infinity"),
    ("exp_leading_zero", "01700000600"), ("exp_plus", f"+{NOW + 600}"),
    ("exp_dot_end", f"{NOW + 600}."), ("exp_hex", "0x6553F100"),
    ("exp_float_expired", f"{NOW - 100}.25"), ("exp_string_expired", q(str(NOW - 100))),
]
NBF_VALUES = [
    ("nbf_boundary", str(NOW + LEEWAY)), ("nbf_boundary_plus1", str(NOW + LEEWAY + 1)),
    ("nbf_future", str(NOW + 600)), ("nbf_past", str(NOW - 100)),
    ("nbf_string", q(str(NOW - 100))), ("nbf_float", f"{NOW - 100}.0"), ("nbf_null", "null"),
    ("nbf_true", "true"), ("nbf_string_future", q(str(NOW + 600))),
    ("nbf_fraction_boundary", f"{NOW + LEEWAY}.5"), ("nbf_fraction_past", f"{NOW + LEEWAY - 1}.5"),
]
IAT_VALUES = [
    ("iat_string", q(str(NOW - 60))), ("iat_float", f"{NOW - 60}.5"),
    ("iat_future", str(NOW + 3600)), ("iat_null", "null"), ("iat_true", "true"),
    ("iat_object", "{}"), ("iat_big", BIG),
]
ISS_VALUES = [
    ("iss_escaped_slash", q(ISS).replace("/", "\\/")), ("iss_escaped_all", '"' + esc_all(ISS) + '"'),
    ("iss_case", q(ISS.upper())), ("iss_trailing_space", q(ISS + " ")), ("iss_number", "42"),
    ("iss_array", f"[{q(ISS)}]"), ("iss_null", "null"), ("iss_nul", q(ISS)[:-1] + '\\u0000"'),
    ("iss_prefix", q(ISS[:-1])), ("iss_object", "{}"),
]
AUD_VALUES = [
    ("aud_string", q(AUD)), ("aud_array", f"[{q(AUD)}]"), ("aud_array2", f'["x",{q(AUD)}]'),
    ("aud_array_miss", '["x","y"]'), ("aud_empty_array", "[]"), ("aud_empty_string", '""'),
    ("aud_mixed", f"[{q(AUD)},1]"), ("aud_nested", f"[[{q(AUD)}]]"),
    ("aud_escaped", '"' + esc_all(AUD) + '"'), ("aud_null", "null"), ("aud_number", "123"),
    ("aud_object", f'{{"a":{q(AUD)}}}'), ("aud_array_dup", f"[{q(AUD)},{q(AUD)}]"),
    ("aud_array_null", f"[{q(AUD)},null]"), ("aud_case", q(AUD.upper())),
]
OTHER_VALUES = [
    ("sub_number", "sub", "7"), ("sub_null", "sub", "null"), ("jti_number", "jti", "7"),
    ("jti_array", "jti", '["a"]'), ("x_nan", "x", "NaN"), ("x_infinity", "x", "Infinity"),
    ("x_lone_high", "x", '"\\ud800"'), ("x_lone_low", "x", '"\\udc00"'),
    ("x_pair", "x", '"\\ud83d\\ude00"'), ("x_reversed_pair", "x", '"\\ude00\\ud83d"'),
    ("x_utf8", "x", q("caf\u00e9 \u2603 \U0001F600")), ("x_long_3000", "x", LONG(3000)),
    ("x_long_7000", "x", LONG(7000)), ("x_nested_10", "x", "[" * 10 + "1" + "]" * 10),
    ("x_nested_40", "x", "[" * 40 + "1" + "]" * 40),
    ("x_nested_obj", "x", '{"a":{"b":{"c":{"d":[1,2,{"e":null}]}}}}'),
    ("x_many_items", "x", "[" + ",".join(str(i) for i in range(100)) + "]"),
    ("x_numbers", "x", "[1e9,1.0,-0,1E-7,0.5e+3,-1.5E2]"), ("x_big_int", "x", BIG),
    ("x_escapes", "x", '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"'), ("x_nul", "x", '"a\\u0000b"'),
    ("x_bad_escape", "x", '"\\x41"'), ("x_raw_tab", "x", '"a\tb"'), ("x_raw_ctl", "x", '"a\x01b"'),
    ("x_empty_obj", "x", "{}"), ("x_empty_arr", "x", "[]"), ("x_false", "x", "false"),
    ("x_tru", "x", "tru"), ("x_single_quote", "x", "'a'"), ("x_trailing_comma_arr", "x", "[1,]"),
    ("x_leading_zero", "x", "007"), ("x_minus_only", "x", "-"), ("x_dot5", "x", ".5"),
]


def dup(members, name, first, second):
    return [(k, v) for k, v in members if k != q(name)] + [(q(name), first), (q(name), second)]


def claims_variant(key, n, rnd):
    """One claims set (bytes) and its variant name."""
    m = claim_members(key, n)
    kind = rnd.randrange(100)
    if kind < 22:
        name, v = rnd.choice(EXP_VALUES)
        m = set_member(m, "exp", v)
    elif kind < 30:
        name, v = rnd.choice(NBF_VALUES)
        m = set_member(m, "nbf", v)
    elif kind < 36:
        name, v = rnd.choice(IAT_VALUES)
        m = set_member(m, "iat", v)
    elif kind < 44:
        name, v = rnd.choice(ISS_VALUES)
        m = set_member(m, "iss", v)
    elif kind < 54:
        name, v = rnd.choice(AUD_VALUES)
        m = set_member(m, "aud", v)
    elif kind < 66:
        name, member, v = rnd.choice(OTHER_VALUES)
        m = set_member(m, member, v)
    elif kind < 74:
        name = rnd.choice(["dup_exp_valid_first", "dup_exp_expired_first", "dup_iss_right_first",
                           "dup_iss_wrong_first", "dup_aud", "dup_same", "dup_escaped_name"])
        if name == "dup_exp_valid_first":
            m = dup(m, "exp", str(NOW + 600), str(NOW - 600))
        elif name == "dup_exp_expired_first":
            m = dup(m, "exp", str(NOW - 600), str(NOW + 600))
        elif name == "dup_iss_right_first":
            m = dup(m, "iss", q(ISS), q("https://evil.example"))
        elif name == "dup_iss_wrong_first":
            m = dup(m, "iss", q("https://evil.example"), q(ISS))
        elif name == "dup_aud":
            m = dup(m, "aud", q("x"), q(AUD))
        elif name == "dup_same":
            m = dup(m, "sub", q("a"), q("a"))
        else:
            m = m + [('"' + esc_all("exp") + '"', str(NOW - 600))]
    elif kind < 80:
        name = rnd.choice(["missing_exp", "missing_iss", "missing_aud", "missing_all_optional",
                           "escaped_names", "escaped_first_name"])
        if name == "missing_exp":
            m = drop_member(m, "exp")
        elif name == "missing_iss":
            m = drop_member(m, "iss")
        elif name == "missing_aud":
            m = drop_member(m, "aud")
        elif name == "missing_all_optional":
            m = [(k, v) for k, v in m if k in (q("iss"), q("aud"), q("exp"))]
        elif name == "escaped_names":
            m = [('"' + esc_all(json.loads(k)) + '"', v) for k, v in m]
        else:
            m = [('"' + esc_first(json.loads(k)) + '"', v) for k, v in m]
    elif kind < 86:
        name = "shuffled"
        rnd.shuffle(m)
    else:
        # Whole-document oddities.
        docs = {
            "payload_array": b"[1,2]", "payload_string": b'"claims"', "payload_number": b"1",
            "payload_null": b"null", "payload_empty": b"", "payload_empty_object": b"{}",
            "payload_two_objects": render(m, rnd, "compact") + b"{}",
            "payload_trailing_garbage": render(m, rnd, "compact") + b"x",
            "payload_trailing_comma": render(m, rnd, "compact")[:-1] + b",}",
            "payload_bom": b"\xef\xbb\xbf" + render(m, rnd, "compact"),
            "payload_utf16": "\ufeff".encode("utf-16-le") + render(m, rnd, "compact")
            .decode().encode("utf-16-le"),
            "payload_utf16_nobom": render(m, rnd, "compact").decode().encode("utf-16-be"),
            "payload_invalid_utf8": render(set_member(m, "x", '"a\udcffb"'), rnd, "compact"),
            "payload_overlong_utf8": render(m, rnd, "compact")[:-1] + b',"x":"\xc0\xaf"}',
            "payload_utf8_surrogate": render(m, rnd, "compact")[:-1] + b',"x":"\xed\xa0\x80"}',
            "payload_comment": b"/*c*/" + render(m, rnd, "compact"),
            "payload_nul_after": render(m, rnd, "compact") + b"\x00",
            "payload_many_members": render(m + [(q(f"m{i}"), str(i)) for i in range(70)], rnd,
                                           "compact"),
        }
        name = rnd.choice(sorted(docs))
        return name, docs[name]
    return name, render(m, rnd)


def header_variant(key, rnd):
    alg = alg_of(key)
    qa = q(alg)
    kind = rnd.randrange(100)
    base = [(q("alg"), qa), (q("typ"), q("JWT"))]
    if kind < 14:
        name = "hdr_plain"
        m = base if rnd.random() < 0.5 else base[:1]
    elif kind < 24:
        name, v = rnd.choice([("typ_lower", q("jwt")), ("typ_media", q("application/jwt")),
                              ("typ_at_jwt", q("at+jwt")), ("typ_jose", q("JOSE")),
                              ("typ_number", "123"), ("typ_null", "null"), ("typ_empty", '""'),
                              ("typ_object", "{}")])
        m = [(q("alg"), qa), (q("typ"), v)]
    elif kind < 36:
        name, v = rnd.choice([("kid_string", q("k1")), ("kid_number", "7"), ("kid_null", "null"),
                              ("kid_empty", '""'), ("kid_long", LONG(200)),
                              ("kid_unicode", q("\u043a\u043b\u044e\u0447")),
                              ("kid_escaped", '"\\u00e9"'), ("kid_array", '["a"]'),
                              ("kid_nul", '"a\\u0000"'), ("kid_very_long", LONG(600))])
        m = base + [(q("kid"), v)]
    elif kind < 48:
        name, extra = rnd.choice([
            ("crit_exp", [(q("crit"), '["exp"]'), (q("exp"), str(NOW + 600))]),
            ("crit_b64", [(q("crit"), '["b64"]'), (q("b64"), "false")]),
            ("crit_b64_true", [(q("crit"), '["b64"]'), (q("b64"), "true")]),
            ("crit_empty", [(q("crit"), "[]")]), ("crit_string", [(q("crit"), '"foo"')]),
            ("crit_absent_name", [(q("crit"), '["foo"]')]),
            ("crit_present_name", [(q("crit"), '["foo"]'), (q("foo"), "1")]),
            ("crit_registered", [(q("crit"), '["alg"]')]),
            ("crit_dup", [(q("crit"), '["foo","foo"]'), (q("foo"), "1")]),
            ("crit_number", [(q("crit"), "[1]")]), ("crit_null", [(q("crit"), "null")]),
        ])
        m = base + extra
    elif kind < 58:
        name = rnd.choice(["dup_alg_none_second", "dup_alg_none_first", "dup_alg_same",
                           "dup_typ", "dup_kid", "dup_alg_escaped"])
        if name == "dup_alg_none_second":
            m = [(q("alg"), qa), (q("alg"), q("none"))]
        elif name == "dup_alg_none_first":
            m = [(q("alg"), q("none")), (q("alg"), qa)]
        elif name == "dup_alg_same":
            m = [(q("alg"), qa), (q("alg"), qa)]
        elif name == "dup_typ":
            m = base + [(q("typ"), q("JWT"))]
        elif name == "dup_kid":
            m = base + [(q("kid"), q("a")), (q("kid"), q("b"))]
        else:
            m = [(q("alg"), q("none")), ('"' + esc_all("alg") + '"', qa)]
    elif kind < 70:
        name, v = rnd.choice([("alg_none", q("none")), ("alg_lower", q(alg.lower())),
                              ("alg_hs384", q("HS384")), ("alg_rs256", q("RS256")),
                              ("alg_es256k", q("ES256K")), ("alg_empty", '""'),
                              ("alg_null", "null"), ("alg_array", f"[{qa}]"),
                              ("alg_space", q(" " + alg)), ("alg_nul", qa[:-1] + '\\u0000"'),
                              ("alg_escaped_value", '"' + esc_first(alg) + '"'),
                              ("alg_escaped_all", '"' + esc_all(alg) + '"'),
                              ("alg_other_family", q("HS256" if key == KEY_ES else "ES256"))])
        m = [(q("alg"), v), (q("typ"), q("JWT"))]
    elif kind < 82:
        name, extra = rnd.choice([
            ("hdr_jku", [(q("jku"), q("https://evil.example/jwks"))]),
            ("hdr_x5u", [(q("x5u"), q("https://evil.example/cert"))]),
            ("hdr_jwk", [(q("jwk"), json.dumps(ES_JWK_PUBLIC))]),
            ("hdr_nested", [(q("x"), '{"a":[1,{"b":null}]}')]),
            ("hdr_numbers", [(q("x"), "[1e9,1.0,-0]")]), ("hdr_big", [(q("x"), BIG)]),
            ("hdr_utf8", [(q("x"), q("\u00e9\U0001F600"))]),
            ("hdr_long_300", [(q("x"), LONG(300))]), ("hdr_long_600", [(q("x"), LONG(600))]),
            ("hdr_nan", [(q("x"), "NaN")]), ("hdr_infinity", [(q("x"), "-Infinity")]),
            ("hdr_lone_surrogate", [(q("x"), '"\\udbff"')]),
            ("hdr_pair", [(q("x"), '"\\ud83d\\ude00"')]),
            ("hdr_escaped_name", [('"' + esc_all("cty") + '"', q("JWT"))]),
            ("hdr_deep", [(q("x"), "[" * 30 + "]" * 30)]),
            ("hdr_many", [(q(f"h{i}"), "1") for i in range(30)]),
        ])
        m = base + extra
    elif kind < 88:
        name = "hdr_escaped_alg_name"
        m = [('"' + esc_first("alg") + '"', qa), (q("typ"), q("JWT"))]
    else:
        docs = {
            "hdr_array": b'["alg"]', "hdr_empty_object": b"{}", "hdr_null": b"null",
            "hdr_empty": b"",
            "hdr_trailing_comma": b'{"alg":' + qa.encode() + b",}",
            "hdr_single_quotes": b"{'alg':'" + alg.encode() + b"'}",
            "hdr_comment": b'{"alg":' + qa.encode() + b"/*x*/}",
            "hdr_garbage": b'{"alg":' + qa.encode() + b"}x",
            "hdr_bom": b'\xef\xbb\xbf{"alg":' + qa.encode() + b"}",
            "hdr_utf16": '{"alg":"'.encode("utf-16-le") + alg.encode("utf-16-le")
            + '"}'.encode("utf-16-le"),
            "hdr_invalid_utf8": b'{"alg":' + qa.encode() + b',"x":"\xff"}',
            "hdr_raw_ctl": b'{"alg":' + qa.encode() + b',"x":"\x01"}',
            "hdr_two_objects": b'{"alg":' + qa.encode() + b"}{}",
            "hdr_ws_only": b'{ "alg" :\n\t' + qa.encode() + b" }",
        }
        name = rnd.choice(sorted(docs))
        return name, docs[name]
    return name, render(m, rnd)


def std_alphabet(seg: bytes) -> bytes:
    return seg.replace(b"-", b"+").replace(b"_", b"/")


def padded(seg: bytes) -> bytes:
    return seg + b"=" * (-len(seg) % 4)


def noncanonical(seg: bytes) -> bytes:
    """Set the unused trailing bits of the last character (if any)."""
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    if len(seg) % 4 in (0, 1) or not seg:
        return seg
    v = alphabet.index(seg[-1:])
    v |= 0x0F if len(seg) % 4 == 2 else 0x03
    return seg[:-1] + alphabet[v:v + 1]


ENCODINGS = {
    "enc_std": (b64u, b64u), "enc_padded": (lambda d: padded(b64u(d)), b64u),
    "enc_std_alphabet": (lambda d: std_alphabet(b64u(d)), b64u),
    "enc_noncanonical": (lambda d: noncanonical(b64u(d)), b64u),
    "enc_sig_padded": (b64u, lambda d: padded(b64u(d))),
    "enc_sig_std_alphabet": (b64u, lambda d: std_alphabet(b64u(d))),
    "enc_sig_noncanonical": (b64u, lambda d: noncanonical(b64u(d))),
    "enc_space_in_header": (lambda d: b64u(d)[:4] + b" " + b64u(d)[4:], b64u),
}


def resigned_case(rnd, n):
    key = rnd.choice((KEY_ES, KEY_HS))
    part = rnd.randrange(10)
    if part < 4:
        hname, header = header_variant(key, rnd)
        cname, claims = "claims_plain", jdump(base_claims(key, n))
    elif part < 8:
        hname, header = "hdr_plain", jdump({"alg": alg_of(key), "typ": "JWT"})
        cname, claims = claims_variant(key, n, rnd)
    else:
        hname, header = header_variant(key, rnd)
        cname, claims = claims_variant(key, n, rnd)
    ename = "enc_std" if rnd.random() < 0.8 else rnd.choice(sorted(ENCODINGS))
    enc, sig_enc = ENCODINGS[ename]
    mut = f"resign:{hname}+{cname}+{ename}"
    if rnd.random() < 0.02:
        return key, compact(header, claims, key, enc, sig_enc, extra=b"e30"), mut + "+extra_segment"
    return key, compact(header, claims, key, enc, sig_enc), mut


def special_resigned():
    """Hand-picked re-signed cases, each once."""
    out = []
    hdr = jdump({"alg": "HS256", "typ": "JWT"})
    body = jdump(base_claims(KEY_ES, 0))
    for label, secret in (("pem", ES_PUB_PEM), ("jwk", jdump(ES_JWK_PUBLIC)),
                          ("x", ES_JWK_PUBLIC["x"].encode())):
        si = b64u(hdr) + b"." + b64u(body)
        out.append((KEY_ES, si + b"." + b64u(hs256_sign(si, secret)),
                    f"special:alg_confusion_hs256_with_es_public_{label}"))
    si = b64u(jdump({"alg": "none"})) + b"." + b64u(body)
    out.append((KEY_ES, si + b".", "special:alg_none_empty_sig"))
    out.append((KEY_HS, si + b".", "special:alg_none_empty_sig_hs"))
    # High-S ECDSA signature (valid under plain ECDSA).
    si = b64u(jdump({"alg": "ES256"})) + b"." + b64u(body)
    sig = es256_sign(si)
    s = int.from_bytes(sig[32:], "big")
    out.append((KEY_ES, si + b"." + b64u(sig[:32] + (N - s).to_bytes(32, "big")),
                "special:es256_other_s"))
    r = int.from_bytes(sig[:32], "big")
    out.append((KEY_ES, si + b"." + b64u(encode_dss_signature(r, s)), "special:es256_der_sig"))
    out.append((KEY_ES, si + b"." + b64u(b"\x00" + sig), "special:es256_sig_65"))
    out.append((KEY_ES, si + b"." + b64u(sig[:63]), "special:es256_sig_63"))
    out.append((KEY_ES, si + b"." + b64u(bytes(32) + sig[32:]), "special:es256_r_zero"))
    out.append((KEY_ES, si + b"." + b64u(N.to_bytes(32, "big") + sig[32:]), "special:es256_r_n"))
    hsi = b64u(jdump({"alg": "HS256"})) + b"." + b64u(body)
    tag = hs256_sign(hsi)
    out.append((KEY_HS, hsi + b"." + b64u(tag[:16]), "special:hs256_truncated_tag"))
    out.append((KEY_HS, hsi + b"." + b64u(tag + b"\x00"), "special:hs256_long_tag"))
    out.append((KEY_HS, hsi + b"." + b64u(tag)[:-1], "special:hs256_tag_char_missing"))
    return out


def raw_mutation(rnd, pool):
    key, tok, origin = rnd.choice(pool)
    kind = rnd.randrange(100)
    segs = tok.split(b".")
    name = ""
    if kind < 20:
        t = bytearray(tok)
        for _ in range(rnd.choice((1, 1, 2, 3))):
            i = rnd.randrange(len(t))
            t[i] ^= 1 << rnd.randrange(8)
        name, tok = "bitflip", bytes(t)
    elif kind < 32:
        i = rnd.randrange(len(tok) + 1)
        ch = rnd.choice([b"A", b"a", b"0", b"-", b"_", b".", b"=", b"+", b"/", b" ", b"\t", b"!",
                         b"~", b"\x80", b"\xff", bytes([rnd.randrange(1, 256)])])
        name, tok = "insert", tok[:i] + ch + tok[i:]
    elif kind < 42:
        i = rnd.randrange(len(tok))
        name, tok = "delete", tok[:i] + tok[i + 1:]
    elif kind < 50:
        i, j = rnd.sample(range(3), 2)
        segs[i], segs[j] = segs[j], segs[i]
        name, tok = f"swap_{i}{j}", b".".join(segs)
    elif kind < 58:
        name = rnd.choice(["dup_header", "dup_payload", "dup_sig", "drop_sig", "empty_sig",
                           "trailing_dot", "leading_dot", "two_segments", "four_segments"])
        h, p, s = segs[0], segs[1], segs[2]
        tok = {"dup_header": h + b"." + h + b"." + p + b"." + s,
               "dup_payload": h + b"." + p + b"." + p + b"." + s,
               "dup_sig": h + b"." + p + b"." + s + b"." + s, "drop_sig": h + b"." + p,
               "empty_sig": h + b"." + p + b".", "trailing_dot": tok + b".",
               "leading_dot": b"." + tok, "two_segments": h + b"." + s,
               "four_segments": tok + b".e30"}[name]
    elif kind < 66:
        _, other, _ = rnd.choice(pool)
        o = other.split(b".")
        i = rnd.randrange(3)
        segs[i] = o[i]
        name, tok = f"splice_{i}", b".".join(segs)
    elif kind < 74:
        # Claim edit without re-signing.
        try:
            claims = dict(json.loads(b64u_lenient(segs[1])))
        except Exception:  # noqa: BLE001 - an odd pool token: edit a fresh one
            claims = base_claims(key, 0)
        field, val = rnd.choice([("exp", NOW + 86400), ("exp", NOW - 100), ("iss", "x"),
                                 ("aud", AUD), ("sub", "admin"), ("nbf", NOW)])
        claims[field] = val
        segs[1] = b64u(jdump(claims))
        name, tok = f"tamper_claim_{field}", b".".join(segs)
    elif kind < 80:
        try:
            hdr = dict(json.loads(b64u_lenient(segs[0])))
        except Exception:  # noqa: BLE001
            hdr = {"alg": alg_of(key)}
        field, val = rnd.choice([("alg", "none"), ("alg", "HS256"), ("alg", "ES256"),
                                 ("kid", "other"), ("typ", "at+jwt"), ("crit", ["exp"])])
        hdr[field] = val
        segs[0] = b64u(jdump(hdr))
        name, tok = f"tamper_header_{field}", b".".join(segs)
    elif kind < 88:
        i = rnd.randrange(3)
        how = rnd.choice(["padded", "std_alphabet", "noncanonical", "space", "newline_free_junk"])
        seg = segs[i]
        segs[i] = {"padded": padded(seg), "std_alphabet": std_alphabet(seg),
                   "noncanonical": noncanonical(seg), "space": seg[:3] + b" " + seg[3:],
                   "newline_free_junk": seg[:5] + b"!" + seg[5:]}[how]
        name, tok = f"reencode_{i}_{how}", b".".join(segs)
    elif kind < 94:
        n = rnd.randrange(1, len(tok))
        name, tok = "truncate", tok[:n]
    else:
        name = rnd.choice(["lead_space", "trail_space", "long_junk", "empty", "dots", "quoted"])
        tok = {"lead_space": b" " + tok, "trail_space": tok + b" ",
               "long_junk": tok + b"A" * 9000, "empty": b"", "dots": b"..",
               "quoted": b'"' + tok + b'"'}[name]
    return key, tok, f"raw:{name}<{origin}"


def generate(total):
    rnd = random.Random(SEED)
    cases = []
    seeds = seed_tokens()
    for i, (key, tok) in enumerate(seeds):
        cases.append((key, tok, f"seed:{i}"))
    cases.extend(special_resigned())
    n_resigned = total // 2
    i = 0
    while len(cases) < n_resigned:
        cases.append(resigned_case(rnd, i))
        i += 1
    pool = [(k, t, f"seed{j}") for j, (k, t) in enumerate(seeds)]
    pool += [(k, t, m.split(":", 1)[1][:40]) for k, t, m in cases[len(seeds):]
             if m.startswith("resign:") and "enc_std" in m and rnd.random() < 0.3]
    while len(cases) < total:
        cases.append(raw_mutation(rnd, pool))
    return [(k, t, m) for k, t, m in cases if not any(f in t for f in FORBIDDEN)]


# --- running the verifiers ------------------------------------------------------

def run_ejwt(batch, cases):
    args = [batch, "--now", str(NOW), "--leeway", str(LEEWAY), "--iss", ISS, "--aud", AUD,
            "--require", str(REQUIRE_BITS), "--alg", ",".join(ALGS)]
    args += [json.dumps(k) for k in KEY_JWKS]
    data = b"".join(str(k).encode() + b" " + t + b"\n" for k, t, _ in cases)
    p = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=200)
    if p.returncode != 0:
        fail_setup(f"ejwt_batch exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    out = p.stdout.decode().splitlines()
    if len(out) != len(cases):
        fail_setup(f"ejwt_batch answered {len(out)} lines for {len(cases)} tokens")
    return out


class _FixedDatetime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return _dt.datetime.fromtimestamp(NOW, tz)


def fix_peer_clocks():
    """Both peers read the wall clock; pin it to NOW in their modules only."""
    pyjwt_api_jwt.datetime = _FixedDatetime
    jcjwt.time = types.SimpleNamespace(time=lambda: float(NOW))


PY_KEYS = [ES_CRYPTO_PUB, HS_SECRET]
JC_KEYS = [jcjwk.JWK(**ES_JWK_PUBLIC), jcjwk.JWK(**HS_JWK)]


def run_pyjwt(key, tok):
    try:
        pyjwt.decode(tok, PY_KEYS[key], algorithms=ALGS, audience=AUD, issuer=ISS, leeway=LEEWAY,
                     options={"require": ["exp"]})
        return "OK"
    except Exception as e:  # noqa: BLE001 - any exception is a rejection
        return type(e).__name__


def _lenient_claims(tok):
    try:
        c = json.loads(b64u_lenient(tok.split(b".")[1]))
        return c if isinstance(c, dict) else {}
    except Exception:  # noqa: BLE001
        return {}


def run_jwcrypto(key, tok):
    # jwcrypto checks only the claims named in check_claims once it is given;
    # "nbf": None asks it to check nbf against now and the leeway, which is
    # what ejwt and PyJWT do whenever nbf is present.
    checks = {"iss": ISS, "aud": AUD, "exp": None}
    if "nbf" in _lenient_claims(tok):
        checks["nbf"] = None
    try:
        t = jcjwt.JWT(check_claims=checks, algs=ALGS)
        t.leeway = LEEWAY
        t.deserialize(tok.decode("latin-1"), JC_KEYS[key])
        return "OK"
    except Exception as e:  # noqa: BLE001
        return type(e).__name__


def _peers_one(case):
    key, tok = case
    return run_pyjwt(key, tok), run_jwcrypto(key, tok)


def run_peers(cases):
    """Both peers on every token, in a few forked workers (the pinned clocks
    are inherited); results keep the order of the cases."""
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers == 1:
        return [_peers_one(c) for c in cases]
    import multiprocessing
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_peers_one, cases, chunksize=64)


# --- classes of "ejwt rejects, a peer accepts" ------------------------------------

B64_ALPHABET = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Facts:
    """What a token holds, seen by a strict reader, to name a disagreement."""

    def __init__(self, tok):
        self.tok = tok
        self.segs = tok.split(b".")
        segs3 = self.segs[:3] if len(self.segs) >= 3 else self.segs
        self.padding = any(b"=" in s for s in segs3)
        self.std_alphabet = any(b"+" in s or b"/" in s for s in segs3)
        self.junk = any(ch not in B64_ALPHABET and ch not in b"=+/" for s in segs3 for ch in s)
        self.noncanonical = False
        for s in segs3:
            core = std_alphabet(s).rstrip(b"=")
            core = bytes(ch for ch in core if ch in B64_ALPHABET or ch in b"+/")
            try:
                dec = b64u_lenient(core)
            except Exception:  # noqa: BLE001
                continue
            if std_alphabet(b64u(dec)) != core:
                self.noncanonical = True
        self.header_raw = self._decode(0)
        self.payload_raw = self._decode(1)
        self.header = self._json(self.header_raw)
        self.claims = self._json(self.payload_raw)
        self.duplicates = self._has_dup(self.header_raw) or self._has_dup(self.payload_raw)
        both = (self.header_raw or b"") + b"\n" + (self.payload_raw or b"")
        self.nonfinite = re.search(rb"(?<![\"\w])(NaN|-?Infinity)(?![\"\w])", both) is not None
        self.lone_surrogate = self._lone_surrogate(self.header_raw) or \
            self._lone_surrogate(self.payload_raw)
        self.bom = both.startswith(b"\xef\xbb\xbf") or b"\n\xef\xbb\xbf" in both
        self.not_utf8 = False
        for raw in (self.header_raw, self.payload_raw):
            if raw:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    self.not_utf8 = True
        self.nul_bytes = b"\x00" in both

    def _decode(self, i):
        if len(self.segs) <= i:
            return None
        try:
            return b64u_lenient(self.segs[i])
        except Exception:  # noqa: BLE001
            return None

    @staticmethod
    def _json(raw):
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except Exception:  # noqa: BLE001
            return None

    @staticmethod
    def _has_dup(raw):
        found = []

        def hook(pairs):
            names = [k for k, _ in pairs]
            if len(names) != len(set(names)):
                found.append(True)
            return dict(pairs)
        if raw is None:
            return False
        try:
            json.loads(raw, object_pairs_hook=hook)
        except Exception:  # noqa: BLE001
            return False
        return bool(found)

    @staticmethod
    def _lone_surrogate(raw):
        if raw is None:
            return False
        try:
            obj = json.loads(raw)
        except Exception:  # noqa: BLE001
            return False
        stack = [obj]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                stack.extend(v.keys())
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
            elif isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v):
                return True
        return False

    def claim(self, name):
        return self.claims.get(name, None) if isinstance(self.claims, dict) else None

    def has_claim(self, name):
        return isinstance(self.claims, dict) and name in self.claims


def _json_size(v):
    """(tokens, depth) of a JSON value as jsmn counts them (a member name is
    a token), compared against EJWT_MAX_*_TOKENS and EJWT_MAX_JSON_DEPTH."""
    if v is None:
        return (0, 0)
    count, depth, stack = 0, 0, [(v, 1)]
    while stack:
        x, d = stack.pop()
        count += 1
        depth = max(depth, d)
        if isinstance(x, dict):
            count += len(x)
            stack.extend((y, d + 1) for y in x.values())
        elif isinstance(x, list):
            stack.extend((y, d + 1) for y in x)
    return (count, depth) if count > 0 else (0, 0)


def _over(v, max_tokens, max_depth):
    tokens, depth = _json_size(v)
    return tokens > max_tokens or depth > max_depth


def _not_json_number(v):
    return isinstance(v, (str, bool)) or v is None


def _int64(v):
    return isinstance(v, int) and not isinstance(v, bool) and -2**63 <= v < 2**63


# Every class of token ejwt rejects while at least one peer accepts. A class
# matches on ejwt's error and on a property of the token; the first match
# names the case. (name, reason, ejwt errors, predicate(Facts, peers))
REJECT_CLASSES = [
    ("base64_padding",
     "RFC 7515 section 2: base64url without '=' padding; ejwt decodes strictly so each "
     "byte string has exactly one encoding. Python's decoders accept padding.",
     {"EJWT_ERR_BASE64"}, lambda f, p: f.padding),
    ("base64_standard_alphabet",
     "'+' and '/' are the standard alphabet, not base64url; Python's urlsafe_b64decode "
     "keeps accepting them.",
     {"EJWT_ERR_BASE64"}, lambda f, p: f.std_alphabet),
    ("base64_ignored_characters",
     "characters outside the alphabet (space, '!', bytes >= 0x80, ...): PyJWT decodes "
     "without validate=True, so binascii silently drops them.",
     {"EJWT_ERR_BASE64"}, lambda f, p: f.junk),
    ("base64_noncanonical_bits",
     "non-zero unused trailing bits: a second encoding of the same bytes, which ejwt "
     "refuses (canonical encodings only; the signature segment is not signed); Python ignores "
     "the bits.",
     {"EJWT_ERR_BASE64"}, lambda f, p: f.noncanonical),
    ("extra_segment",
     "more than three segments: PyJWT splits at the last '.' and then decodes the "
     "payload 'p.x' ignoring the '.', so a token signed over h.p.x passes; RFC 7515 section "
     "7.1 has exactly three.",
     {"EJWT_ERR_SEGMENTS"}, lambda f, p: len(f.segs) > 3),
    ("duplicate_member",
     "duplicate member names: RFC 7515 section 4 and RFC 7519 section 4 let a parser "
     "reject them or keep the last one; ejwt rejects (no parser-dependent meaning, RFC 8259 "
     "section 4). Python's json keeps the last one.",
     {"EJWT_ERR_JSON_DUPLICATE"}, lambda f, p: f.duplicates),
    ("json_nonfinite_literal",
     "NaN, Infinity, -Infinity are not JSON (RFC 8259 section 6); Python's json accepts them.",
     {"EJWT_ERR_JSON_SYNTAX"}, lambda f, p: f.nonfinite),
    ("json_lone_surrogate",
     "an escaped lone surrogate (\\ud800) is not a Unicode scalar value (RFC 8259 section "
     "8.2); Python's json returns it in a str.",
     {"EJWT_ERR_JSON_STRING"}, lambda f, p: f.lone_surrogate),
    ("json_utf8_bom_or_encoding",
     "a UTF-8 BOM, UTF-16/32 text or UTF-8-encoded surrogates: RFC 8259 section 8.1 requires "
     "UTF-8 without BOM; json.loads(bytes) detects other encodings and uses surrogatepass.",
     {"EJWT_ERR_JSON_SYNTAX", "EJWT_ERR_JSON_STRING"},
     lambda f, p: f.bom or f.not_utf8 or f.nul_bytes),
    ("header_param_type",
     "kid and typ must be strings (RFC 7515 sections 4.1.4, 4.1.9); ejwt checks their "
     "type even when it does not use them, the peers ignore header members they do not use.",
     {"EJWT_ERR_JSON_TYPE"},
     lambda f, p: isinstance(f.header, dict)
     and any(c in f.header and not isinstance(f.header[c], str) for c in ("kid", "typ"))),
    ("numeric_date_not_number",
     "exp/nbf/iat must be a JSON number (RFC 7519 section 2 NumericDate); the peers call "
     "int() on it, which accepts strings like \"1700000600\" and booleans.",
     {"EJWT_ERR_CLAIM_TYPE"},
     lambda f, p: any(f.has_claim(c) and _not_json_number(f.claim(c))
                      for c in ("exp", "nbf", "iat"))),
    ("numeric_date_out_of_int64",
     "exp/nbf/iat beyond the int64 range ejwt keeps time in (EJWT_ERR_JSON_RANGE); Python "
     "has big integers.",
     {"EJWT_ERR_JSON_RANGE", "EJWT_ERR_CLAIM_TYPE"},
     lambda f, p: any(f.has_claim(c) and isinstance(f.claim(c), int)
                      and not _int64(f.claim(c)) for c in ("exp", "nbf", "iat"))),
    ("registered_claim_type",
     "iss/sub/jti must be strings and aud a string or array of strings (RFC 7519 section "
     "4.1); PyJWT does not type-check sub and jti, and jwcrypto's aud array check iterates "
     "the claim names instead of the values, so [\"device-api\", 1] passes it.",
     {"EJWT_ERR_CLAIM_TYPE"},
     lambda f, p: any(f.has_claim(c) and not isinstance(f.claim(c), str)
                      for c in ("sub", "jti", "iss"))
     or (isinstance(f.claim("aud"), list)
         and any(not isinstance(a, str) for a in f.claim("aud")))),
    ("crit_not_understood",
     "crit naming an extension the application did not declare, or a malformed crit: RFC "
     "7515 section 4.1.11 says reject; PyJWT ignores crit entirely.",
     {"EJWT_ERR_CRIT_UNSUPPORTED", "EJWT_ERR_CRIT_INVALID"},
     lambda f, p: isinstance(f.header, dict) and "crit" in f.header),
    ("exp_boundary",
     "exp == now - leeway: RFC 7519 section 4.1.4 says the token must not be accepted "
     "\"on or after\" exp (plus leeway); jwcrypto rejects only when exp < now - leeway.",
     {"EJWT_ERR_EXPIRED"}, lambda f, p: f.claim("exp") == NOW - LEEWAY),
    ("nbf_fraction",
     "a fractional nbf is rounded up (RFC 7519 section 4.1.5: not accepted before nbf, so "
     "nbf = now + leeway + 0.5 is not yet valid); PyJWT truncates it with int(), which "
     "accepts the token up to a second early. jwcrypto agrees with ejwt.",
     {"EJWT_ERR_NOT_YET_VALID"},
     lambda f, p: isinstance(f.claim("nbf"), float) and f.claim("nbf") > NOW + LEEWAY
     and int(f.claim("nbf")) <= NOW + LEEWAY),
    ("configured_limit",
     "a compile-time bound of the constrained target (EJWT_MAX_TOKEN_LEN 8192, "
     "EJWT_MAX_HEADER_LEN 512, EJWT_MAX_*_TOKENS, EJWT_MAX_JSON_DEPTH, EJWT_MAX_KID_LEN); "
     "the peers have no limits.",
     {"EJWT_ERR_TOKEN_TOO_LONG", "EJWT_ERR_HEADER_TOO_LONG", "EJWT_ERR_JSON_TOO_MANY_TOKENS",
      "EJWT_ERR_JSON_TOO_DEEP", "EJWT_ERR_LIMIT"},
     lambda f, p: len(f.tok) > 8192 or len(f.header_raw or b"") > 512
     or _over(f.header, 24, 8) or _over(f.claims, 64, 8)),
]


def classify(ejwt_err, facts, peers):
    for name, _reason, errs, pred in REJECT_CLASSES:
        if ejwt_err in errs:
            try:
                if pred(facts, peers):
                    return name
            except Exception:  # noqa: BLE001 - a predicate error means "no match"
                continue
    return None


# --- main ---------------------------------------------------------------------

def show(tok):
    return tok.decode("latin-1").encode("unicode_escape").decode()


def write_doc(path, total, counts, class_counts, elapsed):
    lines = [
        "# Differential testing against PyJWT and jwcrypto",
        "",
        "Generated by `tests/differential/differential.py --doc docs/DIFFERENTIAL.md` "
        "(ctest `differential.peers`, host preset). Seed "
        f"`{SEED:#x}`, now = {NOW}, leeway {LEEWAY} s, iss `{ISS}`, aud `{AUD}`, "
        "exp required, algorithms ES256 and HS256; one fixed ES256 key and one fixed HS256 "
        "key, each peer given the same single key as ejwt. Peers: PyJWT "
        f"{pyjwt.__version__}, jwcrypto (Debian python3-jwcrypto).",
        "",
        f"{total} tokens (about half re-signed over odd content); every run is identical.",
        "",
        "| ejwt | peers | tokens |",
        "| --- | --- | --- |",
        f"| accepts | at least one accepts | {counts['accept_peer_accept']} |",
        f"| accepts | both reject | {counts['accept_peer_reject']} (must be 0: a bug) |",
        f"| rejects | at least one accepts | {counts['reject_peer_accept']} |",
        f"| rejects | both reject | {counts['reject_peer_reject']} |",
        "",
        "Every token ejwt rejects and a peer accepts falls in one class of the test's "
        "table (an unnamed case fails the test):",
        "",
        "| class | tokens | why ejwt rejects |",
        "| --- | --- | --- |",
    ]
    for name, reason, _e, _p in REJECT_CLASSES:
        lines.append(f"| `{name}` | {class_counts.get(name, 0)} | {reason} |")
    lines.append("")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    batch = args[0]
    doc = args[args.index("--doc") + 1] if "--doc" in args else None
    total = int(args[args.index("--count") + 1]) if "--count" in args else 5300
    verbose = "--verbose" in args
    t0 = time.monotonic()
    self_check()
    fix_peer_clocks()
    cases = generate(total)
    if len(cases) < MIN_TOKENS:
        fail_setup(f"only {len(cases)} tokens generated, want at least {MIN_TOKENS}")
    ejwt_out = run_ejwt(batch, cases)
    counts = {"accept_peer_accept": 0, "accept_peer_reject": 0, "reject_peer_accept": 0,
              "reject_peer_reject": 0}
    class_counts = {}
    bugs, uncategorized = [], []
    seeds_ok = True
    peer_out = run_peers([(k, t) for k, t, _ in cases])
    for (key, tok, mut), ev, (pj, jc) in zip(cases, ejwt_out, peer_out):
        peer_ok = pj == "OK" or jc == "OK"
        if mut.startswith("seed:") and not (ev == "OK" and pj == "OK" and jc == "OK"):
            seeds_ok = False
            print(f"FAIL seed token not accepted by all: {mut} ejwt={ev} pyjwt={pj} "
                  f"jwcrypto={jc}")
        if ev == "OK":
            if peer_ok:
                counts["accept_peer_accept"] += 1
            else:
                counts["accept_peer_reject"] += 1
                bugs.append((key, tok, mut, pj, jc))
        elif peer_ok:
            counts["reject_peer_accept"] += 1
            cls = classify(ev, Facts(tok), (pj, jc))
            if cls is None:
                uncategorized.append((key, tok, mut, ev, pj, jc))
            else:
                class_counts[cls] = class_counts.get(cls, 0) + 1
                if verbose:
                    print(f"  {cls}: {mut} ejwt={ev} pyjwt={pj} jwcrypto={jc}")
        else:
            counts["reject_peer_reject"] += 1
    elapsed = time.monotonic() - t0

    print(f"differential.peers: {len(cases)} tokens, seed {SEED:#x}, now {NOW}, "
          f"leeway {LEEWAY}, {elapsed:.1f} s")
    print(f"  ejwt accepts, a peer accepts : {counts['accept_peer_accept']}")
    print(f"  ejwt accepts, both reject    : {counts['accept_peer_reject']}")
    print(f"  ejwt rejects, a peer accepts : {counts['reject_peer_accept']}")
    print(f"  ejwt rejects, both reject    : {counts['reject_peer_reject']}")
    print("  ejwt rejects / a peer accepts, by class:")
    for name, reason, _e, _p in REJECT_CLASSES:
        print(f"    {name:28s} {class_counts.get(name, 0):5d}  {reason}")
    for key, tok, mut, pj, jc in bugs:
        print(f"FAIL ejwt accepts, both peers reject ({mut}; pyjwt={pj}, jwcrypto={jc}; "
              f"key {key}): {show(tok)}")
    for key, tok, mut, ev, pj, jc in uncategorized:
        print(f"FAIL uncategorized ejwt rejection ({mut}; ejwt={ev}, pyjwt={pj}, "
              f"jwcrypto={jc}; key {key}): {show(tok)}")
    if doc:
        write_doc(doc, len(cases), counts, class_counts, elapsed)
    ok = not bugs and not uncategorized and seeds_ok
    print("differential.peers: " + ("PASS" if ok else
          f"FAIL ({len(bugs)} accepted by ejwt only, {len(uncategorized)} uncategorized)"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
