#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Build the fuzz seed corpora (tests/fuzz/corpus/<target>/) and jose.dict.

Run with Debian's /usr/bin/python3 (python3-jwt, python3-jwcrypto):
    /usr/bin/python3 tests/fuzz/make_corpus.py
    /usr/bin/python3 tests/fuzz/make_corpus.py command form   # only these targets
The output is committed; rerunning rewrites it (signatures made with ES256's
random nonce differ from run to run; every other byte is deterministic, and
the device-authentication targets' signatures use an RFC 6979 nonce). With
target names, only their corpora are rewritten (the dictionaries always).

Sources: the repository's own data - the string literals of tests/vectors/
(RFC 7515/7519/7520/7638 tokens and JWKs), the headers, payloads and literal
tokens of the attack table (tests/attacks/test_hostile_tokens.c) re-signed
with the verify targets' fixed keys (the attack suite's victim keys, from
tests/attacks/attack_keys.h), and valid tokens that pass every check of the
verify targets' default options. The binary targets (kvstore, token_store)
get seeds in their own input formats (see their .c files). The
device-authentication targets (token_response, command, http_date, form,
assertion) get what the reference backend (examples/backend/backend.py) and
the end-to-end tests (tests/e2e/) put on the wire: token responses and
error replies, signed commands, Date headers, token request bodies and the
device's assertion parameters, plus the edge cases of the platform tests.
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

# ---- device-authentication targets ------------------------------------------
# Seeds in the shapes the reference backend (examples/backend/backend.py) and
# the end-to-end tests (tests/e2e/) put on the wire. Everything here is
# deterministic: the ES256 signatures use an RFC 6979 nonce (below), and
# what the backend draws at random (jti, refresh tokens) is derived from a
# label with SHA-256.
import email.utils
import hmac
import http.server

P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
P256_A = P256_P - 3
P256_G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
          0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)


def ec_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P256_P == 0:
        return None
    if p == q:
        lam = (3 * p[0] * p[0] + P256_A) * pow(2 * p[1], -1, P256_P) % P256_P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P256_P) % P256_P
    x = (lam * lam - p[0] - q[0]) % P256_P
    return (x, (lam * (p[0] - x) - p[1]) % P256_P)


def ec_mul(k, p):
    out = None
    while k:
        if k & 1:
            out = ec_add(out, p)
        p = ec_add(p, p)
        k >>= 1
    return out


def es256_sign_deterministic(d_b64, msg):
    """ES256 (raw r||s) with the RFC 6979 section 3.2 nonce, so a rerun of this
    script writes the same bytes (cryptography 38 only signs with a random k)."""
    d = int.from_bytes(base64.urlsafe_b64decode(d_b64 + "=" * (-len(d_b64) % 4)), "big")
    h1 = hashlib.sha256(msg).digest()
    z = int.from_bytes(h1, "big")
    x, hz = d.to_bytes(32, "big"), (z % P256_N).to_bytes(32, "big")
    mac = lambda key, data: hmac.new(key, data, hashlib.sha256).digest()
    v, k_ = b"\x01" * 32, b"\x00" * 32
    k_ = mac(k_, v + b"\x00" + x + hz)
    v = mac(k_, v)
    k_ = mac(k_, v + b"\x01" + x + hz)
    v = mac(k_, v)
    while True:
        v = mac(k_, v)
        k = int.from_bytes(v, "big")
        if 1 <= k < P256_N:
            r = ec_mul(k, P256_G)[0] % P256_N
            s = pow(k, -1, P256_N) * (z + r * d) % P256_N
            if r and s:
                break
        k_ = mac(k_, v + b"\x00")
        v = mac(k_, v)
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    # Checked with the real implementation.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    q = ec_mul(d, P256_G)
    pub = ec.EllipticCurvePublicNumbers(q[0], q[1], ec.SECP256R1()).public_key()
    pub.verify(utils.encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA256()))
    return sig


def jws_deterministic(header, claims, d_b64=ES_JWK["d"]):
    """header and claims as PyJWT (the backend's signer) serializes them:
    header keys sorted, claims in insertion order, compact separators."""
    h = json.dumps(header, separators=(",", ":"), sort_keys=True)
    c = json.dumps(claims, separators=(",", ":"))
    signing_input = (b64(h) + "." + b64(c)).encode()
    return signing_input.decode() + "." + b64(es256_sign_deterministic(d_b64, signing_input))


def random_like(label, n):
    """What the backend draws with secrets.token_bytes(n), made reproducible."""
    return hashlib.sha256(label.encode()).digest()[:n]


def thumbprint(jwk):
    canon = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"),
                       sort_keys=True)
    return b64(hashlib.sha256(canon.encode()).digest())


ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"  # backend.py
BACKEND = "https://127.0.0.1:8443"  # backend.py's base_url on a fixed port
TOKEN_ENDPOINT = BACKEND + "/token"
SCOPE = "telemetry commands"        # backend.py SCOPE
CMD_NOW = 1800000000                # tests/auth/test_command.c NOW
ES_KID = thumbprint(ES_JWK)         # backend.py public_jwk(): kid = RFC 7638 thumbprint


def json_compact(obj):
    return json.dumps(obj, separators=(",", ":"))  # backend.py Handler.reply


# token_response (fuzz_token_response.c): status (big-endian int16), the
# too-small buffer's size byte, body. Bodies as backend.py's Backend.issue()
# and the TokenError replies of /token, /register and the API build them.
def token_response(name, status, body, small=0x80):
    if not isinstance(body, bytes):
        body = body.encode()
    add("token_response", name, struct.pack(">hB", status, small) + body)


def access_token(client_id, ttl):
    """backend.py issue(): an at+jwt for the API."""
    return jws_deterministic(
        {"alg": "ES256", "kid": ES_KID, "typ": "at+jwt"},
        {"iss": BACKEND, "sub": client_id, "aud": BACKEND + "/api", "client_id": client_id,
         "scope": SCOPE, "iat": CMD_NOW, "exp": CMD_NOW + ttl,
         "jti": b64(random_like("ajti-" + client_id, 16))})


def refresh_token(label):
    return b64(random_like("refresh-" + label, 32))  # secrets.token_urlsafe(32)


for client, ttl in (("e2e-happy", 6), ("device-42", 300)):  # e2e happy_path: access_ttl=6
    token_response("issued-" + client, 200, json_compact(
        {"access_token": access_token(client, ttl), "token_type": "Bearer", "expires_in": ttl,
         "refresh_token": refresh_token(client), "scope": SCOPE}))
token_response("issued-small-buffer", 200, json_compact(
    {"access_token": access_token("e2e-power", 300), "token_type": "Bearer", "expires_in": 300,
     "refresh_token": refresh_token("e2e-power"), "scope": SCOPE}), small=0xFF)
# TokenError replies (status, error, error_description) raised in backend.py.
for status, code, desc in (
        (400, "invalid_grant", "assertion expired"),
        (400, "invalid_grant", "assertion issued in the future"),
        (400, "invalid_grant", "assertion jti replayed"),
        (400, "invalid_grant", "refresh token reused: its family is revoked"),
        (401, "invalid_client", "unknown device key (kid)"),
        (401, "invalid_client", "device is revoked"),
        (403, "invalid_client", "device is revoked"),
        (400, "invalid_request", "client_assertion missing"),
        (400, "unsupported_grant_type", "grant_type must be client_credentials or refresh_token"),
        (401, "invalid_token", "access token expired"),
        (411, "invalid_request", "chunked bodies are not supported"),
        (413, "invalid_request", "body too large")):
    token_response("error-%d-%s" % (status, code), status,
                   json_compact({"error": code, "error_description": desc}))
token_response("error-404", 404, json_compact({"error": "not_found"}))
token_response("error-405", 405, json_compact({"error": "not_found"}))
# http.server's own error page (send_error), what a Python server answers
# when a handler fails.
token_response("error-500-html", 500, http.server.DEFAULT_ERROR_MESSAGE % {
    "code": 500, "message": "Internal Server Error", "explain": "Server got itself in trouble"})
# Edge cases of tests/auth/test_oauth.c's response table.
for i, body in enumerate((
        '{"token_type":"bearer","access_token":"a\\/b"}',
        '{"access_token":"eyJ.a-b_c~d+e/f==","token_type":"BEARER","scope":""}',
        '{"access_token":"x","token_type":"Bearer","expires_in":31536001}',
        '{"access_token":"x","token_type":"Bearer","expires_in":6e2}',
        '{"access_token":"a\\r\\nX-Evil: 1","token_type":"Bearer"}',
        '{"access_token":"x","token_type":"Bearer","refresh_token":"r t\\"","scope":"a  b"}')):
    token_response("edge%d" % i, 200, body)
token_response("edge-long-error", 400, json_compact({"error": "x" * 40}))
token_response("edge-escaped-error", 401, '{"error":"invalid\\u005fclient"}')
token_response("edge-status-neg", -200, "{}")


# command (fuzz_command.c): flags, leeway, max lifetime, min_iat, prefill
# time, then per command: kind, now, [header], length, bytes. The claims are
# backend.py's Backend.command(); the config is examples/device_app/flow.c's
# (leeway 5, default lifetime, no min_iat).
CMD_ISSUER, CMD_CLIENT = "https://127.0.0.1:8443", "device-42"  # fuzz_command.c


def command_claims(cmd="set_interval", args=None, iat=CMD_NOW, exp=None, jti=None, **extra):
    c = {"iss": CMD_ISSUER, "aud": CMD_CLIENT, "iat": iat, "exp": iat + 60 if exp is None else exp,
         "jti": jti or b64(random_like("cjti-%s-%d" % (cmd, iat), 16)), "cmd": cmd,
         "args": {"seconds": 30} if args is None else args}
    c.update(extra)
    return json_compact(c).encode()


def cfg(leeway=5, life=0, min_iat=0, prefill=0, prefill_at=CMD_NOW):
    return struct.pack(">BIIqq", prefill, leeway, life, min_iat, prefill_at)


def signed(claims, now=CMD_NOW, header=1, small_work=False):
    kind = header | (0x40 if small_work else 0)
    return struct.pack(">Bq", kind, now) + struct.pack(">H", len(claims)) + claims


def raw(token, now=CMD_NOW):
    token = token.encode()
    return struct.pack(">Bq", 0, now) + struct.pack(">H", len(token)) + token


def replay(delta=0):
    return struct.pack(">Bq", 0x08 | 0x20, delta)  # the previous token at the previous now + delta


def special(claims, index, header=1):
    return struct.pack(">Bq", header | 0x10, index) + struct.pack(">H", len(claims)) + claims


backend_token = jws_deterministic({"alg": "ES256", "kid": ES_KID, "typ": "command+jwt"},
                                  json.loads(command_claims()))
# e2e happy_path: the command verifies, the same command again is REPLAYED.
add("command", "backend-then-replay", cfg() + raw(backend_token, CMD_NOW + 1) + replay(1))
add("command", "signed-then-replay", cfg() + signed(command_claims(), CMD_NOW) + replay(30))
add("command", "reboot-no-args", cfg() + signed(command_claims("reboot", {}), CMD_NOW + 2))
add("command", "two-then-expired", cfg() + signed(command_claims(jti="a")) +
    signed(command_claims(jti="b", iat=CMD_NOW + 1)) + replay(66))
add("command", "expired", cfg() + signed(command_claims(), CMD_NOW + 65))
add("command", "future", cfg() + signed(command_claims(iat=CMD_NOW + 6), CMD_NOW))
add("command", "too-long", cfg() + signed(command_claims(exp=CMD_NOW + 61)))
add("command", "min-iat", cfg(min_iat=CMD_NOW + 1) + signed(command_claims()))
add("command", "cache-full", cfg(prefill=16) + signed(command_claims()) + replay(1))
add("command", "prefill-jti", cfg(prefill=2) + signed(command_claims(jti="prefill-1")))
add("command", "header-variants", cfg() + b"".join(
    signed(command_claims(jti="h%d" % h), header=h) for h in (2, 3, 5, 7)))
add("command", "header-no-kid", cfg() + signed(command_claims(), header=4))
CRIT_HEADER = ('{"alg":"ES256","kid":"%s","typ":"command+jwt","crit":["exp"]}' % ES_KID).encode()
add("command", "header-input", cfg() + struct.pack(">Bq", 6, CMD_NOW) + bytes([len(CRIT_HEADER)]) +
    CRIT_HEADER + struct.pack(">H", len(command_claims())) + command_claims())
add("command", "shapes", cfg() + signed(command_claims(args=[1])) +
    signed(command_claims(jti="c2", cmd=7)) +
    signed(json_compact({"iss": CMD_ISSUER, "aud": ["x", CMD_CLIENT], "iat": CMD_NOW,
                         "exp": CMD_NOW + 60, "jti": "c3", "cmd": "x", "nbf": CMD_NOW + 3}).encode()))
add("command", "fractions", cfg() + signed(
    command_claims(iat=CMD_NOW, exp=CMD_NOW + 60).replace(b'"iat":1800000000,', b'"iat":1799999999.5,')))
add("command", "small-work", cfg() + signed(command_claims(), small_work=True))
# tests/auth/test_command.c test_time_extremes: the ends of the clock.
add("command", "end-of-time", cfg(leeway=0xFFFFFFFF, life=3600) + signed(
    command_claims(iat=2 ** 63 - 61, exp=2 ** 63 - 1), 2 ** 63 - 2))
add("command", "clock-int64-min", cfg() + special(command_claims(), 1) + special(command_claims(), 0))
add("command", "negative-now", cfg(leeway=0xFFFFFFFF) + signed(command_claims(iat=5, exp=10), -1))
add("command", "bad-life", cfg(life=3601) + signed(command_claims()))


# http_date (fuzz_http_date.c): the field value. backend.py's responses carry
# the Date header of http.server (email.utils.formatdate(t, usegmt=True)).
for t in (0, 784111777, 951782400, 1700000000, CMD_NOW, 2147483648, 4102444800, 253402300799):
    add("http_date", "date", email.utils.formatdate(t, usegmt=True))
# tests/auth/test_assertion.c's date cases: blanks, leap second, and the
# obsolete forms RFC 7231 section 7.1.1.1 lets a recipient meet.
for s in ("  Sun, 06 Nov 1994 08:49:37 GMT\t ", "Wed, 31 Dec 2025 23:59:60 GMT",
          "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
          "Mon, 06 Nov 1994 08:49:37 GMT", "Fri, 29 Feb 2023 00:00:00 GMT",
          "Wed, 31 Dec 1969 23:59:59 GMT", "Sun, 06 nov 1994 08:49:37 GMT"):
    add("http_date", "case", s)


# form (fuzz_form.c): capacity selector, parameter, then per field: flags,
# name length, name, value length (2 bytes with 0x08), value. The fields of
# oauth.h's request bodies (what backend.py's form_body() parses), the
# assertion and refresh token added in place as the library adds them.
def form_field(name, value, flags=0):
    name = name.encode() if isinstance(name, str) else name
    value = value.encode() if isinstance(value, str) else value
    if len(value) > 255:
        flags |= 0x08
    vl = struct.pack(">H", len(value)) if flags & 0x08 else bytes([len(value)])
    return bytes([flags, len(name)]) + name + vl + value


ASSERTION = jws_deterministic(
    {"alg": "ES256", "kid": ES_KID, "typ": "JWT"},
    {"iss": "e2e-happy", "sub": "e2e-happy", "aud": TOKEN_ENDPOINT, "iat": CMD_NOW,
     "exp": CMD_NOW + 120, "jti": b64(random_like("assertion-jti", 16))})
CC = [("grant_type", "client_credentials", 0), ("client_assertion_type", ASSERTION_TYPE, 0),
      ("client_assertion", ASSERTION, 0x04)]
RT = [("grant_type", "refresh_token", 0), ("refresh_token", refresh_token("e2e-happy"), 0x04),
      ("client_assertion_type", ASSERTION_TYPE, 0), ("client_assertion", ASSERTION, 0x04)]
for sel in (3, 2, 0):  # exact fit, one short, size query
    add("form", "client-credentials", bytes([sel, 0]) + b"".join(form_field(*f) for f in CC))
    add("form", "refresh", bytes([sel, 0]) + b"".join(form_field(*f) for f in RT))
add("form", "refresh-worst", bytes([4, 0]) + b"".join(form_field(*f) for f in RT))
add("form", "hostile", bytes([7, 3]) + form_field("b c", "x&y=z") + form_field("a+b", " +%") +
    form_field("\xe9", "\xe9\x00\xff".encode("latin-1")) + form_field("empty", b""))
add("form", "invalid", bytes([5, 40]) + form_field("a", "1") + form_field(b"", "x"))
add("form", "null-value-len", bytes([3, 0]) + form_field("a", "1") + bytes([0x02, 1]) + b"n" + bytes([3]))
add("form", "null-value-ok", bytes([3, 0]) + form_field("n", b"", 0x02))


# assertion (fuzz_assertion.c): flags, now, lifetime, client id, audience
# (16-bit length), kid, entropy seed. The device's parameters in the e2e
# tests (client ids, the backend's token endpoint, tests/e2e/e2e.py wrong_aud's
# audiences) and tests/auth/test_assertion.c's lifetimes.
def assertion_seed(client, aud, now=CMD_NOW, life=0, flags=0, kid=b"", seed=1):
    client = client.encode() if isinstance(client, str) else client
    aud = aud.encode() if isinstance(aud, str) else aud
    return (struct.pack(">BqI", flags, now, life) + bytes([len(client)]) + client +
            struct.pack(">H", len(aud)) + aud + bytes([len(kid)]) + kid + bytes([seed]))


for client in ("e2e-happy", "device-0001"):
    add("assertion", "e2e", assertion_seed(client, TOKEN_ENDPOINT))
for aud in (BACKEND + "/other", "https://127.0.0.1:9/token", "urn:example:token"):
    add("assertion", "wrong-aud", assertion_seed("e2e-aud", aud, flags=0x40))
for life in (1, 300, 301, 0xFFFFFFFF):
    add("assertion", "life", assertion_seed("device-0001", TOKEN_ENDPOINT, life=life, flags=0x80))
add("assertion", "kid", assertion_seed("device-0001", TOKEN_ENDPOINT, flags=0x01, kid=ES_KID.encode()))
add("assertion", "kid-hostile", assertion_seed("d", "a", flags=0x01, kid=b'k"\\\x01'))
add("assertion", "escapes", assertion_seed('de"v\\ice\x01\x1f', 'https://x/"\\\t', flags=0xC0))
add("assertion", "utf8", assertion_seed("d\xc3\xa9v".encode("latin-1"), "\xf0\x9f\x98\x80".encode("latin-1")))
add("assertion", "bad-utf8", assertion_seed(b"d\xc3", b"\xed\xa0\x80"))
add("assertion", "bounds", assertion_seed(b"i" * 128, b"a" * 256) + b"")
add("assertion", "over-bounds", assertion_seed(b"i" * 129, b"a" * 257))
add("assertion", "end-of-time", assertion_seed("d", "a", flags=7 << 3, life=300))
add("assertion", "now-unknown", assertion_seed("d", "a", flags=1 << 3))
add("assertion", "public-key", assertion_seed("d", "a", flags=0x02))
add("assertion", "hmac-key", assertion_seed("d", "a", flags=0x03))
add("assertion", "no-entropy", assertion_seed("d", "a", flags=0x04))

# Every regression input is a seed too.
REGRESS = os.path.join(HERE, "regressions")
for target in sorted(os.listdir(REGRESS)) if os.path.isdir(REGRESS) else []:
    for f in sorted(os.listdir(os.path.join(REGRESS, target))):
        files.setdefault(target, {})["regress-" + f] = open(
            os.path.join(REGRESS, target, f), "rb").read()

# ---- write ---------------------------------------------------------------
total = 0
count = 0
only = set(sys.argv[1:])
unknown = only - set(files)
if unknown:
    sys.exit("no such target: %s" % " ".join(sorted(unknown)))
for target, entries in sorted(files.items()):
    total += sum(len(data) for data in entries.values())
    count += len(entries)
    if only and target not in only:
        continue
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    for old in os.listdir(d):
        os.remove(os.path.join(d, old))
    for name, data in sorted(entries.items()):
        with open(os.path.join(d, name), "wb") as fh:
            fh.write(data)
    print("%-14s %3d seeds, %5d bytes" % (target, len(entries),
                                          sum(len(data) for data in entries.values())))
print("corpus: %d files, %d bytes" % (count, total))
if count >= 400 or total >= 1 << 20:
    sys.exit("corpus too large: keep it under 400 files and 1 MB")

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


def write_dict(name, header, words):
    """A libFuzzer -dict= file: the header comment, then each word once."""
    with open(os.path.join(HERE, name), "w") as fh:
        fh.write(header)
        seen = set()
        for w in words:
            if w not in seen:
                seen.add(w)
                fh.write('kw%d="%s"\n' % (len(seen), dict_escape(w)))


write_dict("jose.dict",
           "# JOSE / JWT dictionary for the libFuzzer targets (libFuzzer -dict= format):\n"
           "# JSON tokens, member names and values, escapes, and base64url fragments of\n"
           "# common JOSE headers and claims. Generated by make_corpus.py.\n", DICT_WORDS)

# ---- oauth.dict -------------------------------------------------------------
# The device-authentication targets: JSON tokens, the members and values of
# token responses (RFC 6749 section 5) and commands (docs/PROTOCOL.md), the
# parts of an IMF-fixdate, and the times at the edges of their checks.
OAUTH_WORDS = (
    ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "0", "-1", "1.5", "1e3",
     "\\u0000", "\\u005f", '\\"', "\\\\", "\\/", "\\r\\n", " ", "\t"]
    + ['"%s"' % n for n in ("access_token", "token_type", "expires_in", "refresh_token", "scope",
                             "error", "error_description", "iss", "aud", "iat", "exp", "nbf",
                             "jti", "cmd", "args", "alg", "typ", "kid", "crit")]
    + ['"%s"' % v for v in ("Bearer", "bearer", "DPoP", "invalid_grant", "invalid_client",
                             "invalid_request", "invalid_token", "set_interval", "reboot",
                             "command+jwt", "application/command+jwt", "ES256", "HS256", "hs-1",
                             CMD_ISSUER, CMD_CLIENT, SCOPE)]
    + ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", ", ", " GMT", ":59", ":60", " 1970 ", " 2000 ",
       " 9999 ", "29 Feb"]
    + ["1800000000", "1800000060", "31536000", "2147483647", "4294967295", "9223372036854775807",
       "-9223372036854775808", "9223372036854775747"])
write_dict("oauth.dict",
           "# OAuth / command / HTTP Date dictionary for the device-authentication\n"
           "# libFuzzer targets (token_response, command, http_date, assertion).\n"
           "# Generated by make_corpus.py.\n", OAUTH_WORDS)
