# SPDX-License-Identifier: Apache-2.0
"""Interop between `ejwt` and PyJWT (Debian python3-jwt 2.6, with
python3-cryptography for keys): tokens and keys in both directions, plus the
rejections ejwt must report by name."""
import base64
import json
import os

from interop_common import Suite, b64url, require_module, run_matrix, tamper_payload

T = Suite("interop.pyjwt")
jwt = require_module(T.title, "jwt")
ec = require_module(T.title, "cryptography.hazmat.primitives.asymmetric.ec")
ser = require_module(T.title, "cryptography.hazmat.primitives.serialization")
from jwt.algorithms import ECAlgorithm, RSAAlgorithm  # noqa: E402

ISS, SUB, AUD = "https://issuer.example", "device-42", "https://api.example"
NOW = T.now
CHECKS = ["--iss", ISS, "--aud", AUD, "--sub", SUB, "--require", "iss,sub,aud,exp,nbf,iat",
          "--now", NOW]


def claims(**over):
    c = {"iss": ISS, "sub": SUB, "aud": AUD, "iat": NOW, "nbf": NOW - 10, "exp": NOW + 600,
         "scope": "read write"}
    c.update(over)
    return c


def pem_private(key, fmt):
    return key.private_bytes(ser.Encoding.PEM, fmt, ser.NoEncryption())


def pem_public(key):
    return key.public_key().public_bytes(ser.Encoding.PEM,
                                         ser.PublicFormat.SubjectPublicKeyInfo)


def full_size(jwk_json):
    """PyJWT 2.6 writes EC coordinates as minimal integers, dropping leading
    zero bytes (1 key in about 128). RFC 7518 section 6.2.1.2 requires the full
    32 bytes and ejwt refuses anything else (proved in short_coordinate_refused),
    so re-encode x, y and d at full size; the tests here are about tokens."""
    j = json.loads(jwk_json) if isinstance(jwk_json, str) else dict(jwk_json)
    for m in ("x", "y", "d"):
        if m in j:
            raw = base64.urlsafe_b64decode(j[m] + "=" * (-len(j[m]) % 4))
            j[m] = b64url(raw.rjust(32, b"\0"))
    return j


def jwk_public(key, kid):
    j = full_size(ECAlgorithm.to_jwk(key.public_key()))
    j["kid"] = kid
    return j


def verified(name, *args, stdin=None):
    out = T.ejwt_ok(name, "verify", *args, stdin=stdin)
    return json.loads(out) if out is not None else None


# --- PyJWT signs, ejwt verifies -------------------------------------------
def peer_es256_to_ejwt():
    key = ec.generate_private_key(ec.SECP256R1())
    other = ec.generate_private_key(ec.SECP256R1())
    c = claims()
    tok = jwt.encode(c, key, algorithm="ES256", headers={"kid": "py-es"})
    pub = T.write("py_pub.pem", pem_public(key))
    p8 = T.write("py_p8.pem", pem_private(key, ser.PrivateFormat.PKCS8))
    jwks = T.write("py_set.json", json.dumps(
        {"keys": [jwk_public(other, "other"), jwk_public(key, "py-es")]}))
    T.equal("pyjwt ES256 -> ejwt verify --pem SPKI: claims",
            verified("pyjwt ES256 -> ejwt verify --pem SPKI", "--pem", pub, *CHECKS, tok), c)
    T.equal("pyjwt ES256 -> ejwt verify --pem PKCS#8: claims",
            verified("pyjwt ES256 -> ejwt verify --pem PKCS#8", "--pem", p8, *CHECKS, tok), c)
    T.equal("pyjwt ES256 -> ejwt verify --jwk set (kid picks): claims",
            verified("pyjwt ES256 -> ejwt verify --jwk set", "--jwk", jwks, "--alg", "ES256",
                     *CHECKS, tok), c)
    T.equal("pyjwt ES256 -> ejwt verify (system clock, stdin): claims",
            verified("pyjwt ES256 -> ejwt verify system clock", "--pem", pub, "--aud", AUD, "-",
                     stdin=tok + "\n"), c)
    # Negative cases on peer-made tokens.
    expired = jwt.encode(claims(iat=NOW - 700, nbf=NOW - 700, exp=NOW - 100), key,
                         algorithm="ES256", headers={"kid": "py-es"})
    T.expect_reject("pyjwt expired token -> EJWT_ERR_EXPIRED",
                    T.ejwt("verify", "--pem", pub, *CHECKS, expired), "EJWT_ERR_EXPIRED")
    T.expect_reject("pyjwt token, wrong --aud -> EJWT_ERR_AUD_MISMATCH",
                    T.ejwt("verify", "--pem", pub, "--aud", "https://other.example",
                           "--now", NOW, tok), "EJWT_ERR_AUD_MISMATCH")
    bad = tamper_payload(tok, lambda c2: c2.update(scope="admin"))
    T.expect_reject("pyjwt token, tampered payload -> EJWT_ERR_SIGNATURE_INVALID",
                    T.ejwt("verify", "--pem", pub, *CHECKS, bad), "EJWT_ERR_SIGNATURE_INVALID")


def peer_hs256_to_ejwt():
    secret = os.urandom(32)
    c = claims()
    tok = jwt.encode(c, secret, algorithm="HS256", headers={"kid": "py-hs"})
    sfile = T.write("py_secret.bin", secret)
    ojwk = T.write("py_oct.json", json.dumps({"kty": "oct", "k": b64url(secret),
                                               "kid": "py-hs"}))
    T.equal("pyjwt HS256 -> ejwt verify --secret: claims",
            verified("pyjwt HS256 -> ejwt verify --secret", "--secret", sfile, *CHECKS, tok), c)
    T.equal("pyjwt HS256 -> ejwt verify --jwk oct: claims",
            verified("pyjwt HS256 -> ejwt verify --jwk oct", "--jwk", ojwk, "--alg", "HS256",
                     *CHECKS, tok), c)
    # Algorithm confusion: an HS256 token where only ES256 is allowed.
    T.expect_reject("pyjwt HS256 token, --alg ES256 -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--secret", sfile, "--alg", "ES256", *CHECKS, tok),
                    "EJWT_ERR_ALG_NOT_ALLOWED")
    eckey = ec.generate_private_key(ec.SECP256R1())
    ecpub = T.write("py_pub2.pem", pem_public(eckey))
    T.expect_reject("pyjwt HS256 token, EC key decides ES256 -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--pem", ecpub, *CHECKS, tok), "EJWT_ERR_ALG_NOT_ALLOWED")
    bad = tamper_payload(tok, lambda c2: c2.update(sub="device-43"))
    T.expect_reject("pyjwt HS256 tampered -> EJWT_ERR_SIGNATURE_INVALID",
                    T.ejwt("verify", "--secret", sfile, "--now", NOW, bad),
                    "EJWT_ERR_SIGNATURE_INVALID")


# --- ejwt signs, PyJWT verifies -------------------------------------------
def ejwt_sign(name, *args):
    out = T.ejwt_ok(name, "sign", "--claims",
                    json.dumps({"iss": ISS, "sub": SUB, "aud": AUD, "scope": "read"}),
                    "--iat", "--nbf-in", "-10", "--exp-in", "600", "--jti", "--now", NOW, *args)
    return out.strip() if out is not None else None


def check_peer_claims(name, got):
    want = {"iss": ISS, "sub": SUB, "aud": AUD, "scope": "read", "iat": NOW, "nbf": NOW - 10,
            "exp": NOW + 600}
    jti = got.pop("jti", None)
    T.equal(name + ": claims", got, want)
    T.check(name + ": jti is 22 base64url chars",
            isinstance(jti, str) and len(jti) == 22, repr(jti))


def pyjwt_decode(tok, key, alg):
    return jwt.decode(tok, key, algorithms=[alg], audience=AUD, issuer=ISS,
                      options={"require": ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]})


def ejwt_es256_to_peer():
    T.ejwt_ok("ejwt keygen ES256 jwk", "keygen", "--alg", "ES256", "--out", T.path("e.jwk"))
    tok = ejwt_sign("ejwt sign ES256 --jwk", "--alg", "ES256", "--jwk", T.path("e.jwk"))
    pubjwk = T.ejwt_ok("ejwt pubkey --jwk", "pubkey", "--jwk", T.path("e.jwk"))
    pubpem = T.ejwt_ok("ejwt pubkey --format pem", "pubkey", "--jwk", T.path("e.jwk"),
                       "--format", "pem")
    key = ECAlgorithm.from_jwk(pubjwk)
    check_peer_claims("ejwt ES256 -> pyjwt (public JWK)", pyjwt_decode(tok, key, "ES256"))
    hdr = jwt.get_unverified_header(tok)
    T.equal("ejwt ES256 header kid = the JWK's kid", hdr.get("kid"), json.loads(pubjwk)["kid"])
    T.equal("ejwt ES256 header typ", hdr.get("typ"), "JWT")
    pkey = ser.load_pem_public_key(pubpem.encode())
    check_peer_claims("ejwt ES256 -> pyjwt (public PEM)", pyjwt_decode(tok, pkey, "ES256"))
    # ejwt-made tokens that PyJWT must refuse.
    expired = T.ejwt_ok("ejwt sign expired", "sign", "--alg", "ES256", "--jwk", T.path("e.jwk"),
                        "--exp-in", "100", "--now", str(int(NOW) - 200)).strip()
    try:
        jwt.decode(expired, key, algorithms=["ES256"])
        T.check("pyjwt refuses ejwt expired token", False, "accepted")
    except jwt.ExpiredSignatureError:
        T.check("pyjwt refuses ejwt expired token", True)
    bad = tamper_payload(tok, lambda c2: c2.update(scope="admin"))
    try:
        jwt.decode(bad, key, algorithms=["ES256"], audience=AUD)
        T.check("pyjwt refuses tampered ejwt token", False, "accepted")
    except jwt.InvalidSignatureError:
        T.check("pyjwt refuses tampered ejwt token", True)


def ejwt_hs256_to_peer():
    T.ejwt_ok("ejwt keygen HS256 raw", "keygen", "--alg", "HS256", "--format", "raw",
              "--out", T.path("h.raw"))
    secret = T.read("h.raw")
    T.equal("ejwt keygen HS256 raw: 32 bytes", len(secret), 32)
    tok = ejwt_sign("ejwt sign HS256 --secret", "--alg", "HS256", "--secret", T.path("h.raw"))
    check_peer_claims("ejwt HS256 -> pyjwt", pyjwt_decode(tok, secret, "HS256"))


# --- keys made by one side, used by the other -----------------------------
def ejwt_keys_in_peer():
    T.ejwt_ok("ejwt keygen ES256 pem", "keygen", "--alg", "ES256", "--format", "pem",
              "--out", T.path("k.pem"))
    T.ejwt_ok("ejwt keygen ES256 jwk (2)", "keygen", "--alg", "ES256", "--out", T.path("k.jwk"))
    T.ejwt_ok("ejwt keygen HS256 jwk", "keygen", "--alg", "HS256", "--out", T.path("k_oct.jwk"))
    c = claims()
    key = ser.load_pem_private_key(T.read("k.pem"), password=None)
    tok = jwt.encode(c, key, algorithm="ES256")
    T.equal("ejwt keygen PEM loads in pyjwt, token verifies in ejwt",
            verified("pyjwt with ejwt PEM -> ejwt verify --pem", "--pem", T.path("k.pem"),
                     *CHECKS, tok), c)
    jkey = ECAlgorithm.from_jwk(T.read("k.jwk").decode())
    tok = jwt.encode(c, jkey, algorithm="ES256")
    T.equal("ejwt keygen JWK loads in pyjwt, token verifies in ejwt",
            verified("pyjwt with ejwt JWK -> ejwt verify --jwk", "--jwk", T.path("k.jwk"),
                     *CHECKS, tok), c)
    oct_jwk = json.loads(T.read("k_oct.jwk"))
    secret = jwt.utils.base64url_decode(oct_jwk["k"])
    tok = jwt.encode(c, secret, algorithm="HS256")
    T.equal("ejwt keygen oct JWK used by pyjwt, token verifies in ejwt",
            verified("pyjwt with ejwt oct JWK -> ejwt verify --jwk", "--jwk",
                     T.path("k_oct.jwk"), *CHECKS, tok), c)


def peer_keys_in_ejwt():
    key = ec.generate_private_key(ec.SECP256R1())
    for fmt, label in ((ser.PrivateFormat.PKCS8, "PKCS#8"),
                       (ser.PrivateFormat.TraditionalOpenSSL, "SEC1")):
        f = T.write(f"peer_{label[:4]}.pem", pem_private(key, fmt))
        tok = ejwt_sign(f"ejwt sign --pem peer {label}", "--alg", "ES256", "--pem", f)
        check_peer_claims(f"ejwt signs with peer {label} PEM -> pyjwt",
                          pyjwt_decode(tok, key.public_key(), "ES256"))
    jf = T.write("peer_priv.jwk", json.dumps(full_size(ECAlgorithm.to_jwk(key))))
    tok = ejwt_sign("ejwt sign --jwk peer private JWK", "--alg", "ES256", "--jwk", jf,
                    "--kid", "peer-1")
    check_peer_claims("ejwt signs with peer JWK -> pyjwt",
                      pyjwt_decode(tok, key.public_key(), "ES256"))
    T.equal("--kid goes into the header", jwt.get_unverified_header(tok).get("kid"), "peer-1")


def short_coordinate_refused():
    key = ec.generate_private_key(ec.SECP256R1())
    j = full_size(ECAlgorithm.to_jwk(key.public_key()))
    j["x"] = b64url(base64.urlsafe_b64decode(j["x"] + "=")[1:])  # 31 bytes
    f = T.write("short_x.jwk", json.dumps(j))
    tok = jwt.encode(claims(), key, algorithm="ES256")
    T.expect_usage("JWK with a 31-byte x is refused as unusable", T.ejwt("verify", "--jwk", f, tok))


# --- every algorithm, both ways ------------------------------------------
EC_CURVES = {"ES256": (ec.SECP256R1, 32), "ES384": (ec.SECP384R1, 48), "ES512": (ec.SECP521R1, 66)}
_rsa_key = []


def matrix_key(alg):
    """PyJWT's private key for alg: one RSA key per run (slow to make)."""
    kind = alg[:2]
    if kind == "HS":
        return os.urandom(int(alg[2:]) // 8)
    if kind == "ES":
        return ec.generate_private_key(EC_CURVES[alg][0]())
    if not _rsa_key:
        rsa = require_module(T.title, "cryptography.hazmat.primitives.asymmetric.rsa")
        _rsa_key.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _rsa_key[0]


def matrix_peer_sign(alg, c):
    key = matrix_key(alg)
    tok = jwt.encode(c, key, algorithm=alg)
    if alg.startswith("HS"):
        return tok, {"secret": key, "jwk": json.dumps({"kty": "oct", "k": b64url(key),
                                                       "alg": alg})}
    if alg.startswith("ES"):
        j = json.loads(ECAlgorithm.to_jwk(key.public_key()))
        size = EC_CURVES[alg][1]
        for m in ("x", "y"):  # PyJWT 2.6 writes minimal integers (see full_size)
            j[m] = b64url(base64.urlsafe_b64decode(j[m] + "==").rjust(size, b"\0"))
    else:
        j = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    j["alg"] = alg
    return tok, {"jwk": json.dumps(j), "pem": pem_public(key)}


def matrix_peer_verify(alg, tok, keys):
    """PyJWT verifies with every form of ejwt's key; all must agree."""
    if "secret" in keys:
        forms = [keys["secret"]]
    else:
        forms = [jwt.PyJWK(json.loads(keys["jwk"])).key,
                 ser.load_pem_public_key(keys["pem"].encode())]
    got = [jwt.decode(tok, k, algorithms=[alg], options={"require": ["exp", "iat"]})
           for k in forms]
    return got[0] if all(g == got[0] for g in got) else {"forms disagree": got}


def every_algorithm():
    run_matrix(T, "pyjwt", matrix_peer_sign, matrix_peer_verify)


for fn in (short_coordinate_refused, peer_es256_to_ejwt, peer_hs256_to_ejwt, ejwt_es256_to_peer, ejwt_hs256_to_peer,
           ejwt_keys_in_peer, peer_keys_in_ejwt, every_algorithm):
    T.run(fn.__name__, fn)
T.finish()
