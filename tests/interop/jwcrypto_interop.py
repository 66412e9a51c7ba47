# SPDX-License-Identifier: Apache-2.0
"""Interop between `ejwt` and jwcrypto (Debian python3-jwcrypto 1.1):
tokens both ways, JWK and PEM keys both ways, RFC 7638 thumbprints, and the
rejections ejwt must report by name."""
import json

from interop_common import Suite, b64url, require_module, run_matrix, tamper_payload

T = Suite("interop.jwcrypto")
jwk = require_module(T.title, "jwcrypto.jwk")
jwt = require_module(T.title, "jwcrypto.jwt")
jws = require_module(T.title, "jwcrypto.jws")

ISS, SUB, AUD = "urn:ejwt:issuer", "device-7", "urn:ejwt:api"
NOW = T.now
CHECKS = ["--iss", ISS, "--aud", AUD, "--sub", SUB, "--require", "iss,sub,aud,exp,nbf,iat",
          "--now", NOW]


def claims(**over):
    c = {"iss": ISS, "sub": SUB, "aud": [AUD, "urn:other"], "iat": NOW, "nbf": NOW - 5,
         "exp": NOW + 300, "n": 1}
    c.update(over)
    return c


def peer_sign(key, alg, c, kid=None):
    header = {"alg": alg}
    if kid is not None:
        header["kid"] = kid
    t = jwt.JWT(header=header, claims=c)
    t.make_signed_token(key)
    return t.serialize()


def peer_verify(tok, key, alg):
    """jwcrypto checks the signature, exp and nbf and the claims given."""
    t = jwt.JWT(jwt=tok, key=key, algs=[alg],
                check_claims={"iss": ISS, "sub": SUB, "aud": AUD, "exp": None, "nbf": None,
                              "iat": None, "jti": None})
    return json.loads(t.claims)


def verified(name, *args, stdin=None):
    out = T.ejwt_ok(name, "verify", *args, stdin=stdin)
    return json.loads(out) if out is not None else None


def kid_of(text):
    return json.loads(text)["kid"] if text else None


# --- jwcrypto signs, ejwt verifies ----------------------------------------
def peer_tokens_to_ejwt():
    key = jwk.JWK.generate(kty="EC", crv="P-256", kid="jc-es")
    pub = T.write("jc_pub.jwk", key.export_public())
    pem = T.write("jc_pub.pem", key.export_to_pem())
    other = jwk.JWK.generate(kty="EC", crv="P-256", kid="jc-other")
    kset = jwk.JWKSet()
    kset.add(other)
    kset.add(key)
    sset = T.write("jc_set.json", kset.export(private_keys=False))
    c = claims()
    tok = peer_sign(key, "ES256", c, kid="jc-es")
    T.equal("jwcrypto ES256 -> ejwt --jwk: claims",
            verified("jwcrypto ES256 -> ejwt verify --jwk", "--jwk", pub, *CHECKS, tok), c)
    T.equal("jwcrypto ES256 -> ejwt --jwk set: claims",
            verified("jwcrypto ES256 -> ejwt verify --jwk set", "--jwk", sset, *CHECKS, tok), c)
    T.equal("jwcrypto ES256 -> ejwt --pem: claims",
            verified("jwcrypto ES256 -> ejwt verify --pem", "--pem", pem, *CHECKS, tok), c)

    hkey = jwk.JWK.generate(kty="oct", size=256, kid="jc-hs")
    hfile = T.write("jc_oct.jwk", hkey.export())
    htok = peer_sign(hkey, "HS256", c, kid="jc-hs")
    T.equal("jwcrypto HS256 -> ejwt --jwk oct: claims",
            verified("jwcrypto HS256 -> ejwt verify --jwk oct", "--jwk", hfile, *CHECKS, htok), c)

    # Negatives.
    expired = peer_sign(key, "ES256", claims(iat=NOW - 400, nbf=NOW - 400, exp=NOW - 60),
                        kid="jc-es")
    T.expect_reject("jwcrypto expired -> EJWT_ERR_EXPIRED",
                    T.ejwt("verify", "--jwk", pub, *CHECKS, expired), "EJWT_ERR_EXPIRED")
    T.expect_reject("jwcrypto token, wrong --aud -> EJWT_ERR_AUD_MISMATCH",
                    T.ejwt("verify", "--jwk", pub, "--aud", "urn:nope", "--now", NOW, tok),
                    "EJWT_ERR_AUD_MISMATCH")
    T.expect_reject("jwcrypto HS256 with --alg ES256 -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--jwk", hfile, "--alg", "ES256", *CHECKS, htok),
                    "EJWT_ERR_ALG_NOT_ALLOWED")
    T.expect_reject("jwcrypto HS256 against the EC set -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--jwk", sset, *CHECKS, htok), "EJWT_ERR_ALG_NOT_ALLOWED")
    bad = tamper_payload(tok, lambda c2: c2.update(n=2))
    T.expect_reject("jwcrypto tampered -> EJWT_ERR_SIGNATURE_INVALID",
                    T.ejwt("verify", "--jwk", pub, *CHECKS, bad), "EJWT_ERR_SIGNATURE_INVALID")
    unknown = peer_sign(key, "ES256", c, kid="nobody")
    T.expect_reject("jwcrypto token, kid not in set -> EJWT_ERR_KEY_NOT_FOUND",
                    T.ejwt("verify", "--jwk", sset, *CHECKS, unknown), "EJWT_ERR_KEY_NOT_FOUND")


# --- ejwt signs, jwcrypto verifies ----------------------------------------
def ejwt_sign(name, *args):
    out = T.ejwt_ok(name, "sign", "--claims",
                    json.dumps({"iss": ISS, "sub": SUB, "aud": AUD, "n": [1, 2]}),
                    "--iat", "--nbf-in", "-5", "--exp-in", "300", "--jti", "--now", NOW, *args)
    return out.strip() if out else None


def check_claims(name, got):
    jti = got.pop("jti", None)
    T.equal(name + ": claims", got, {"iss": ISS, "sub": SUB, "aud": AUD, "n": [1, 2],
                                     "iat": NOW, "nbf": NOW - 5, "exp": NOW + 300})
    T.check(name + ": jti", isinstance(jti, str) and len(jti) == 22, repr(jti))


def ejwt_tokens_to_peer():
    T.ejwt_ok("ejwt keygen ES256 jwk", "keygen", "--alg", "ES256", "--out", T.path("e.jwk"))
    tok = ejwt_sign("ejwt sign ES256", "--alg", "ES256", "--jwk", T.path("e.jwk"))
    pub = jwk.JWK.from_json(T.ejwt_ok("ejwt pubkey jwk", "pubkey", "--jwk", T.path("e.jwk")))
    check_claims("ejwt ES256 -> jwcrypto (public JWK)", peer_verify(tok, pub, "ES256"))
    pem = T.ejwt_ok("ejwt pubkey pem", "pubkey", "--jwk", T.path("e.jwk"), "--format", "pem")
    check_claims("ejwt ES256 -> jwcrypto (public PEM)",
                 peer_verify(tok, jwk.JWK.from_pem(pem.encode()), "ES256"))
    T.ejwt_ok("ejwt keygen HS256 jwk", "keygen", "--alg", "HS256", "--out", T.path("h.jwk"))
    htok = ejwt_sign("ejwt sign HS256 --jwk", "--alg", "HS256", "--jwk", T.path("h.jwk"))
    check_claims("ejwt HS256 -> jwcrypto", peer_verify(
        htok, jwk.JWK.from_json(T.read("h.jwk")), "HS256"))
    bad = tamper_payload(tok, lambda c: c.update(sub="x"))
    try:
        peer_verify(bad, pub, "ES256")
        T.check("jwcrypto refuses tampered ejwt token", False, "accepted")
    except jws.InvalidJWSSignature:
        T.check("jwcrypto refuses tampered ejwt token", True)


# --- thumbprints and keys in both directions ------------------------------
def thumbprints():
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    f = T.write("jc_priv.jwk", key.export_private())
    T.equal("thumbprint: ejwt pubkey --jwk (jwcrypto private JWK) = jwcrypto",
            kid_of(T.ejwt_ok("pubkey jwcrypto JWK", "pubkey", "--jwk", f)), key.thumbprint())
    p = T.write("jc_priv.pem", key.export_to_pem(private_key=True, password=None))
    T.equal("thumbprint: ejwt pubkey --pem (jwcrypto PKCS#8) = jwcrypto",
            kid_of(T.ejwt_ok("pubkey jwcrypto PEM", "pubkey", "--pem", p)), key.thumbprint())
    p = T.write("jc_pub.pem", key.export_to_pem())
    T.equal("thumbprint: ejwt pubkey --pem (jwcrypto SPKI) = jwcrypto",
            kid_of(T.ejwt_ok("pubkey jwcrypto SPKI", "pubkey", "--pem", p)), key.thumbprint())

    T.ejwt_ok("ejwt keygen for thumbprint", "keygen", "--alg", "ES256", "--out", T.path("t.jwk"))
    mine = jwk.JWK.from_json(T.read("t.jwk"))
    T.check("ejwt keygen JWK is private in jwcrypto", mine.has_private, "no private part")
    T.equal("thumbprint: ejwt keygen kid = jwcrypto thumbprint",
            json.loads(T.read("t.jwk"))["kid"], mine.thumbprint())
    out = T.ejwt_ok("pubkey of ejwt key", "pubkey", "--jwk", T.path("t.jwk"))
    T.equal("thumbprint: ejwt pubkey kid = jwcrypto thumbprint", kid_of(out), mine.thumbprint())
    T.check("ejwt pubkey JWK has no private member", out is not None and '"d"' not in out, out)


def keys_both_ways():
    c = claims()
    # ejwt-made keys used by jwcrypto.
    T.ejwt_ok("ejwt keygen pem", "keygen", "--alg", "ES256", "--format", "pem",
              "--out", T.path("k.pem"))
    k = jwk.JWK.from_pem(T.read("k.pem"))
    T.equal("ejwt PEM key -> jwcrypto signs -> ejwt verifies",
            verified("verify jwcrypto token from ejwt PEM key", "--pem", T.path("k.pem"),
                     *CHECKS, peer_sign(k, "ES256", c)), c)
    T.ejwt_ok("ejwt keygen jwk", "keygen", "--alg", "ES256", "--out", T.path("k.jwk"))
    k = jwk.JWK.from_json(T.read("k.jwk"))
    T.equal("ejwt JWK key -> jwcrypto signs -> ejwt verifies",
            verified("verify jwcrypto token from ejwt JWK key", "--jwk", T.path("k.jwk"),
                     *CHECKS, peer_sign(k, "ES256", c, kid=k.get("kid"))), c)
    # jwcrypto-made keys used by ejwt.
    key = jwk.JWK.generate(kty="EC", crv="P-256", kid="jc-sign")
    jf = T.write("jc_sign.jwk", key.export_private())
    pf = T.write("jc_sign.pem", key.export_to_pem(private_key=True, password=None))
    check_claims("jwcrypto JWK -> ejwt signs -> jwcrypto verifies", peer_verify(
        ejwt_sign("ejwt sign with jwcrypto JWK", "--alg", "ES256", "--jwk", jf), key, "ES256"))
    check_claims("jwcrypto PEM -> ejwt signs -> jwcrypto verifies", peer_verify(
        ejwt_sign("ejwt sign with jwcrypto PEM", "--alg", "ES256", "--pem", pf), key, "ES256"))
    hk = jwk.JWK.generate(kty="oct", size=256)
    hf = T.write("jc_hs.jwk", hk.export())
    check_claims("jwcrypto oct JWK -> ejwt signs -> jwcrypto verifies", peer_verify(
        ejwt_sign("ejwt sign with jwcrypto oct JWK", "--alg", "HS256", "--jwk", hf), hk,
        "HS256"))


# --- every algorithm, both ways ------------------------------------------
EC_CRV = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}
_rsa_key = []


def matrix_key(alg):
    """jwcrypto's private key for alg: one RSA key per run (slow to make)."""
    kind = alg[:2]
    if kind == "HS":
        return jwk.JWK.generate(kty="oct", size=int(alg[2:]), alg=alg)
    if kind == "ES":
        return jwk.JWK.generate(kty="EC", crv=EC_CRV[alg])
    if not _rsa_key:
        _rsa_key.append(jwk.JWK.generate(kty="RSA", size=2048))
    return _rsa_key[0]


def matrix_peer_sign(alg, c):
    key = matrix_key(alg)
    tok = peer_sign(key, alg, c)
    if alg.startswith("HS"):
        j = json.loads(key.export())
        j["alg"] = alg
        return tok, {"jwk": json.dumps(j), "secret": jws.base64url_decode(j["k"])}
    j = json.loads(key.export_public())
    j["alg"] = alg
    return tok, {"jwk": json.dumps(j), "pem": key.export_to_pem().decode()}


def matrix_peer_verify(alg, tok, keys):
    """jwcrypto verifies with every form of ejwt's key; all must agree."""
    if "secret" in keys:
        forms = [jwk.JWK(kty="oct", k=b64url(keys["secret"]))]
    else:
        forms = [jwk.JWK.from_json(keys["jwk"]), jwk.JWK.from_pem(keys["pem"].encode())]
    got = [json.loads(jwt.JWT(jwt=tok, key=k, algs=[alg],
                              check_claims={"exp": None, "iat": None}).claims) for k in forms]
    return got[0] if all(g == got[0] for g in got) else {"forms disagree": got}


def every_algorithm():
    run_matrix(T, "jwcrypto", matrix_peer_sign, matrix_peer_verify)


for fn in (peer_tokens_to_ejwt, ejwt_tokens_to_peer, thumbprints, keys_both_ways,
           every_algorithm):
    T.run(fn.__name__, fn)
T.finish()
