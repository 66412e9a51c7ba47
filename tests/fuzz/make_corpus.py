#!/usr/bin/python3
"""Build the fuzz seed corpora (tests/fuzz/corpus/<target>/) and jose.dict.

Run with Debian's /usr/bin/python3 (python3-jwt, python3-jwcrypto):
    /usr/bin/python3 tests/fuzz/make_corpus.py
The output is committed; rerunning rewrites it (signatures made with ES256's
random nonce differ from run to run; every other byte is deterministic).

Sources: the repository's own data - the string literals of tests/vectors/
(RFC 7515/7519/7520/7638 tokens and JWKs), the headers, payloads and literal
tokens of the attack table (tests/attacks/test_hostile_tokens.c) re-signed
with the verify targets' fixed keys (the attack suite's victim keys, from
tests/attacks/attack_keys.h), and valid tokens that pass every check of the
verify targets' default options. The binary targets (kvstore, token_store)
get seeds in their own input formats (see their .c files).
"""
import base64
import hashlib
import json
import os
import re
import struct
import sys

import jwt as pyjwt
from jwcrypto import jwk as jwkmod

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def c_strings(path):
    """Every C string literal of a file, adjacent literals joined, unescaped."""
    src = open(path, encoding="utf-8").read()
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    out = []
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0))
        text = "".join(parts)
        try:
            text = (text.encode("latin-1", "backslashreplace")
                    .decode("unicode_escape").encode("latin-1").decode("utf-8"))
        except (UnicodeDecodeError, UnicodeEncodeError):
            continue
        out.append(text)
    return out


def attack_fields(path, field):
    src = open(path, encoding="utf-8").read()
    vals = []
    for m in re.finditer(r"\." + field + r'\s*=\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)', src):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(1))
        text = "".join(parts)
        text = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        vals.append(text)
    return vals


# ---- keys (tests/attacks/attack_keys.h: the victim's test keys) -------------
keys_src = "\n".join(c_strings(os.path.join(ROOT, "tests/attacks/attack_keys.h")))
ES_JWK = json.loads(re.search(r'\{"crv":"P-256","d":"F3Uk[^}]*\}', keys_src).group(0))
HS_JWK = json.loads(re.search(r'\{"k":"z3Dy[^}]*\}', keys_src).group(0))
ES_KEY = jwkmod.JWK(**ES_JWK)
ES_PEM = ES_KEY.export_to_pem(private_key=True, password=None)
HS_SECRET = base64.urlsafe_b64decode(HS_JWK["k"] + "=")

NOW = 1700000000
GOOD_CLAIMS = {"iss": "trusted", "sub": "device-1", "aud": "api", "iat": NOW - 1000,
               "exp": NOW + 3600, "nbf": NOW - 1000, "jti": "fuzz-1"}


def sign(header_json, payload, alg):
    """Compact JWS over the exact header and payload bytes given."""
    h = header_json.encode() if isinstance(header_json, str) else header_json
    p = payload.encode() if isinstance(payload, str) else payload
    signing_input = (b64(h) + "." + b64(p)).encode()
    if alg == "HS256":
        import hmac
        sig = hmac.new(HS_SECRET, signing_input, hashlib.sha256).digest()
    else:
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, utils
        key = serialization.load_pem_private_key(ES_PEM, password=None)
        der = key.sign(signing_input, ec.ECDSA(hashes.SHA256()))
        r, s = utils.decode_dss_signature(der)
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing_input.decode() + "." + b64(sig)


files = {}


def pick(items, n):
    """At most n items, spread evenly over the list (deterministic)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / float(n)
    return [items[int(i * step)] for i in range(n)]


def add(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    files.setdefault(target, {})
    digest = hashlib.sha1(data).hexdigest()[:10]
    files[target]["%s-%s" % (name, digest)] = data


# ---- tokens ---------------------------------------------------------------
vector_strings = []
for f in sorted(os.listdir(os.path.join(ROOT, "tests/vectors"))):
    if f.endswith(".c"):
        vector_strings += c_strings(os.path.join(ROOT, "tests/vectors", f))
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$")
vector_tokens = sorted({s for s in vector_strings if TOKEN_RE.match(s)})
vector_jwks = sorted({s for s in vector_strings if '"kty"' in s and s.lstrip().startswith("{")})

attacks = os.path.join(ROOT, "tests/attacks/test_hostile_tokens.c")
hdrs = sorted(set(attack_fields(attacks, "hdr")))
pls = sorted(set(attack_fields(attacks, "pl")))
literals = sorted(set(attack_fields(attacks, "literal")))
DEFAULT_PL = ('{"iss":"trusted","sub":"device-1","aud":"api",'
              '"iat":1699999000,"exp":1700003600}')

for alg, target, sel_ok in (("HS256", "verify_hs256", 0x00), ("ES256", "verify_es256", 0x00)):
    claims = json.dumps(GOOD_CLAIMS, separators=(",", ":"))
    # Valid under every default check (selector 0), and with the JWK Set (0x08).
    add(target, "valid", bytes([0x00]) + sign('{"alg":"%s","typ":"JWT"}' % alg, claims, alg).encode())
    add(target, "valid-crit", bytes([0x00]) + sign(
        '{"alg":"%s","typ":"JWT","crit":["x-dev"],"x-dev":true}' % alg, claims, alg).encode())
    kid = "hs-1" if alg == "HS256" else "es-1"
    add(target, "valid-kid", bytes([0x08]) + sign(
        '{"alg":"%s","typ":"JWT","kid":"%s"}' % (alg, kid), claims, alg).encode())
    add(target, "valid-all-required", bytes([0x40]) + sign(
        '{"alg":"%s","typ":"application/jwt"}' % alg, claims, alg).encode())
    add(target, "valid-jws-bytes", bytes([0x30]) + sign('{"alg":"%s"}' % alg, b"\x00\xffraw", alg).encode())
    add(target, "valid-aud-array", bytes([0x00]) + sign(
        '{"alg":"%s","typ":"JWT"}' % alg,
        '{"iss":"trusted","sub":"device-1","aud":["x","api"],"iat":1699999000,"exp":1700000030.5}',
        alg).encode())
    add(target, "pyjwt", bytes([0x20]) + (pyjwt.encode(
        GOOD_CLAIMS, HS_SECRET if alg == "HS256" else ES_PEM, algorithm=alg)).encode())
    # The attack table's headers and payloads, signed with the right key.
    for i, h in enumerate(pick(hdrs, 30)):
        add(target, "atk-hdr%02d" % i, bytes([0x20]) + sign(h, DEFAULT_PL, alg).encode())
    for i, p in enumerate(pick(pls, 10)):
        add(target, "atk-pl%02d" % i, bytes([0x20]) + sign('{"alg":"%s"}' % alg, p, alg).encode())
    for i, t in enumerate(pick(literals, 5)):
        add(target, "atk-lit%02d" % i, bytes([0x20]) + t.encode())
    for i, t in enumerate(pick(vector_tokens, 5)):
        add(target, "vec%02d" % i, bytes([0xF3]) + t.encode())

# base64url: token segments, and a few edge cases.
for t in vector_tokens[:12]:
    for seg in t.split("."):
        add("base64url", "seg", seg)
for s in ["", "A", "AA", "AAA", "AAAA", "AB", "AAB", "_-_-", "QQ", "QUI", "QUJD", "QR", "QUJ=", "QQ==",
          "a+/b", "ab c", "YWJj\n"]:
    add("base64url", "edge", s)

# json: headers, payloads, JWKs, and grammar edge cases.
for i, h in enumerate(pick(hdrs, 15)):
    add("json", "hdr%02d" % i, h)
for i, p in enumerate(pick(pls, 12)):
    add("json", "pl%02d" % i, p)
for i, j in enumerate(pick(vector_jwks, 6)):
    add("json", "jwk%02d" % i, j)
for s in ['{"a":1}', '[1,2,[3,{"b":null}]]', '"\\ud83d\\ude00\\u0000"', '-0.5e+10', '{"a":"x","b":["y","z"]}',
          '{"exp":1700000000.999,"nbf":-1.5,"n":9223372036854775807,"m":-9223372036854775808,"o":1e18}',
          ' true ', '{"\\u0061":1,"b":2}', '[[[[[[[[1]]]]]]]]', '{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}']:
    add("json", "edge", s)

# jwk: the attack keys, the vectors' JWKs, sets.
for name, j in (("es-priv", ES_JWK), ("hs", HS_JWK)):
    add("jwk", name, json.dumps(j, separators=(",", ":")))
pub = {k: v for k, v in ES_JWK.items() if k != "d"}
add("jwk", "es-pub", json.dumps(dict(pub, kid="es-1", alg="ES256", use="sig"), separators=(",", ":")))
add("jwk", "es-pub-ops", json.dumps(dict(pub, key_ops=["verify"]), separators=(",", ":")))
add("jwk", "set", json.dumps({"keys": [dict(pub, kid="es-1"), dict(HS_JWK, kid="hs-1"),
                                      dict(pub, kid="enc-1", use="enc"),
                                      {"kty": "RSA", "kid": "r", "n": "AQAB", "e": "AQAB"}]},
                             separators=(",", ":")))
for i, j in enumerate(vector_jwks):
    add("jwk", "vec%02d" % i, j)

# kvstore (fuzz_kvstore.c): byte 0 geometry, byte 1 mode.
for geo in (0x00, 0x1B, 0x35):
    # ops mode: nops, cut, then per op: op, len, seed.
    script = []
    for i in range(14):
        script += [i & 7 | (0x20 if i % 3 == 0 else 0), 200 + i, i]
    add("kvstore", "ops-nocut", bytes([geo, 2, 14, 0]) + bytes(script))
    add("kvstore", "ops-cut", bytes([geo, 2, 14, 0x80 | 9]) + bytes(script))
    add("kvstore", "ops-cut-clean", bytes([geo, 2, 14, 5]) + bytes(script))
    add("kvstore", "ops-remove", bytes([geo, 2, 6, 0x80 | 6, 1, 3, 9, 0x19, 2, 4, 7, 0x1A, 1, 1, 1]))
    # synth mode: base seq, then per sector: state, seq delta, nrec, records.
    def rec(kind, ln, uid, extra):
        return bytes([kind, ln, uid]) + bytes(extra)
    sectors = (bytes([1, 0, 3]) + rec(0, 8, 1, [5]) + rec(0, 4, 2, [6]) + rec(2, 0, 1, [0]) +
               bytes([1, 1, 2]) + rec(1, 0, 0, [0]) + rec(4, 9, 3, [1]) +
               bytes([0]) + bytes([2, 2, 1, 1]) + rec(0x10, 3, 4, [2]))
    add("kvstore", "synth", bytes([geo, 1]) + struct.pack("<I", 7) + sectors)
    add("kvstore", "synth-wrap", bytes([geo, 1]) + struct.pack("<I", 0xFFFFFFFF) + sectors)
    add("kvstore", "raw-blank", bytes([geo, 0]) + b"\xff" * 64)

# token_store (fuzz_token_store.c): mode, then counter, access, refresh entries:
# tag, version, then per tag.
def entry_plain(version, plain, tag=2):
    return bytes([tag, version]) + struct.pack("<H", len(plain)) + plain


def access_record(version, tl, il, sl, basis, anchored, exp, deadline, tag=3):
    return (bytes([tag, version, tl, il, sl, basis, anchored]) +
            struct.pack(">qQ", exp, deadline))


for mode in (0, 1, 2, 3):
    add("token_store", "empty", bytes([mode, 0, 0, 0, 0, 0, 0]))
    add("token_store", "c1-a1-r1", bytes([mode]) + entry_plain(1, b"") +
        access_record(1, 40, 5, 9, 1, 1, NOW + 600, 600000) +
        entry_plain(1, struct.pack(">H", 11) + b"refresh-tok"))
    add("token_store", "thisboot", bytes([mode]) + entry_plain(3, b"") +
        access_record(4, 12, 0, 0, 2, 1, -1, 600000, tag=3 | 8) + bytes([0, 0]))
    add("token_store", "rolled-back", bytes([mode]) + entry_plain(5, b"") +
        access_record(2, 12, 0, 0, 1, 1, NOW + 60, 0) + entry_plain(9, b"\x00\x02ab"))
    add("token_store", "raw", bytes([mode, 1, 0, 48, 0]) + b"EJTS\x01\x01\x00\x00" + bytes(40) +
        bytes([1, 0, 20, 0]) + b"EJTS\x01\x02" + bytes(14) + bytes([0, 0]))
    add("token_store", "max-version", bytes([mode]) + entry_plain(0xFF, b"") +
        access_record(0xFF, 10, 1, 1, 1, 0, NOW + 10, 0) + entry_plain(0x00, b"\x00\x01x"))

# Every regression input is a seed too.
REGRESS = os.path.join(HERE, "regressions")
for target in sorted(os.listdir(REGRESS)) if os.path.isdir(REGRESS) else []:
    for f in sorted(os.listdir(os.path.join(REGRESS, target))):
        files.setdefault(target, {})["regress-" + f] = open(
            os.path.join(REGRESS, target, f), "rb").read()

# ---- write ---------------------------------------------------------------
total = 0
count = 0
for target, entries in sorted(files.items()):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for old in os.listdir(d):
        os.remove(os.path.join(d, old))
    for name, data in sorted(entries.items()):
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)
        total += len(data)
        count += 1
    print("%-14s %3d seeds" % (target, len(entries)))
print("corpus: %d files, %d bytes" % (count, total))
if count >= 300 or total >= 1 << 20:
    sys.exit("corpus too large: keep it under 300 files and 1 MB")

# ---- jose.dict ------------------------------------------------------------
def dict_escape(s):
    out = ""
    for ch in s.encode("utf-8", "surrogatepass"):
        c = chr(ch)
        if c == '"':
            out += '\\"'
        elif c == "\\":
            out += "\\\\"
        elif ch < 0x20 or ch > 0x7E:
            out += "\\x%02X" % ch
        else:
            out += c
    return out


DICT_WORDS = (
    ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "0", "-1", "1e3", "1.5", "-0",
     "1E+2", "0.0e-0", "\\u0000", "\\u00e9", "\\ud83d\\ude00", "\\ud800", '\\"', "\\\\", "\\/",
     "\\n", "\\b", "\\f", "\\r", "\\t", "\\u0041", "\u00e9", "\U0001F600", " ", "\t", "\n", "\r"]
    + ['"%s"' % n for n in ("alg", "typ", "kid", "crit", "cty", "jwk", "jku", "x5u", "x5c",
                             "b64", "x-dev", "iss", "sub", "aud", "exp", "nbf", "iat", "jti",
                             "kty", "crv", "x", "y", "d", "k", "use", "key_ops", "keys", "n", "e")]
    + ['"%s"' % v for v in ("ES256", "HS256", "none", "None", "RS256", "ES384", "HS512", "JWT",
                             "jwt", "application/jwt", "application/JWT", "trusted", "api",
                             "device-1", "es-1", "hs-1", "enc-1", "EC", "oct", "RSA", "P-256",
                             "P-384", "sig", "enc", "verify", "sign")]
    + ["1700000000", "1700003600", "1699999000", "9223372036854775807",
       "-9223372036854775808", "9223372036854775808", "1e19", "1700000000.5"]
    + [b64(f) for f in ('{"alg":"ES256"}', '{"alg":"HS256"}', '{"alg":"ES256","typ":"JWT"}',
                        '{"alg":"HS256","typ":"JWT"}', '{"alg":"none"}', '{"alg":',
                        '{"typ":"JWT","alg":"', '{"alg":"ES256","kid":"es-1"}',
                        '{"alg":"HS256","kid":"hs-1"}', '{"iss":"trusted"', '"sub":"device-1"',
                        '"aud":"api"', '{"alg":"ES256","crit":["x-dev"],"x-dev":1}')]
    + [".", "..", "eyJ", "eyJhbGciOi", "eyJ0eXAiOi", "IkVTMjU2Ii", "IkhTMjU2Ii", "Im5vbmUi", "=",
       "==", "+", "/", "-", "_", "AA", "AAAA", "____"])
with open(os.path.join(HERE, "jose.dict"), "w") as fh:
    fh.write("# JOSE / JWT dictionary for the libFuzzer targets (libFuzzer -dict= format):\n"
             "# JSON tokens, member names and values, escapes, and base64url fragments of\n"
             "# common JOSE headers and claims. Generated by make_corpus.py.\n")
    seen = set()
    for w in DICT_WORDS:
        if w not in seen:
            seen.add(w)
            fh.write('kw%d="%s"\n' % (len(seen), dict_escape(w)))
