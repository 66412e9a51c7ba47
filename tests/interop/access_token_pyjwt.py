# SPDX-License-Identifier: Apache-2.0
"""RFC 9068 access tokens made by a peer: PyJWT (Debian python3-jwt 2.6, keys
from python3-cryptography) signs JWT access tokens with ES256 and RS256 keys
and publishes their JWK Set, as an authorization server does; `ejwt verify
--profile access-token` checks them as a resource server. The tokens are
PyJWT's, never ejwt's, so the profile is tested against another
implementation's encoding of the header and claims."""
import base64
import json

from interop_common import Suite, b64url, require_module

T = Suite("interop.auth_access_token_pyjwt")
jwt = require_module(T.title, "jwt")
ec = require_module(T.title, "cryptography.hazmat.primitives.asymmetric.ec")
rsa = require_module(T.title, "cryptography.hazmat.primitives.asymmetric.rsa")
from jwt.algorithms import ECAlgorithm, RSAAlgorithm  # noqa: E402

ISS, RES = "https://as.example.com", "https://api.example.com"
NOW = T.now


def full_size(j):
    """PyJWT 2.6 writes EC coordinates as minimal integers; RFC 7518 section
    6.2.1.2 wants the full 32 bytes (see pyjwt_interop.py)."""
    for m in ("x", "y"):
        raw = base64.urlsafe_b64decode(j[m] + "=" * (-len(j[m]) % 4))
        j[m] = b64url(raw.rjust(32, b"\0"))
    return j


ec_key = ec.generate_private_key(ec.SECP256R1())
rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
impostor = ec.generate_private_key(ec.SECP256R1())
ec_jwk = full_size(json.loads(ECAlgorithm.to_jwk(ec_key.public_key())))
ec_jwk.update({"kid": "ec-2026", "use": "sig", "alg": "ES256"})
rsa_jwk = json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key()))
rsa_jwk.update({"kid": "rsa-2026", "use": "sig", "alg": "RS256"})
JWKS = T.write("issuer-jwks.json", json.dumps({"keys": [ec_jwk, rsa_jwk]}))


def claims(**over):
    # RFC 9068 section 2.2's required claims, shaped like its example.
    c = {"iss": ISS, "sub": "5ba552d67", "aud": RES, "exp": NOW + 300, "iat": NOW - 5,
         "jti": "dbe39bf3a3ba4238a513f51d6e1691c4", "client_id": "s6BhdRkqt3",
         "scope": "openid profile reademail"}
    c.update(over)
    return {k: v for k, v in c.items() if v is not None}


def token(c=None, key=None, alg="ES256", kid="ec-2026", typ="at+jwt"):
    headers = {}
    if kid is not None:
        headers["kid"] = kid
    if typ is not None:
        headers["typ"] = typ
    return jwt.encode(claims() if c is None else c, key or ec_key, algorithm=alg,
                      headers=headers)


def verify(tok, *extra):
    return T.ejwt("verify", "--profile", "access-token", "--issuer", ISS, "--resource", RES,
                  "--jwks", JWKS, "--alg", "ES256,RS256", "--now", NOW, *extra, tok)


def accepted(name, tok, *extra):
    r = verify(tok, *extra)
    want = jwt.decode(tok, options={"verify_signature": False})
    T.check(f"{name}: accepted, the claims PyJWT signed on stdout",
            r.returncode == 0 and json.loads(r.stdout) == want and r.stderr == b"",
            f"rc={r.returncode} stderr={r.stderr!r}")


def scenarios():
    # PyJWT writes the header as it likes ({"alg","kid","typ"} order, spaces
    # or not): ejwt reads it, it does not re-encode it.
    accepted("ES256 at+jwt", token(), "--scope", "openid reademail")
    accepted("RS256 at+jwt", token(key=rsa_key, alg="RS256", kid="rsa-2026"), "--scope",
             "profile")
    accepted("typ application/at+jwt", token(typ="application/at+jwt"))
    accepted("aud an array with the resource",
             token(claims(aud=["https://other.example.com", RES])))
    T.expect_reject("typ JWT (PyJWT's default for a token) -> EJWT_ERR_TYP_MISMATCH",
                    verify(token(typ="JWT")), "EJWT_ERR_TYP_MISMATCH")
    T.expect_reject("no typ -> EJWT_ERR_TYP_MISMATCH", verify(token(typ=None)),
                    "EJWT_ERR_TYP_MISMATCH")
    T.expect_reject("no kid -> EJWT_ERR_KID_MISSING", verify(token(kid=None)),
                    "EJWT_ERR_KID_MISSING")
    T.expect_reject("kid not in the JWK Set -> EJWT_ERR_KEY_NOT_FOUND",
                    verify(token(kid="ec-2025")), "EJWT_ERR_KEY_NOT_FOUND")
    T.expect_reject("right kid, another key -> EJWT_ERR_SIGNATURE_INVALID",
                    verify(token(key=impostor)), "EJWT_ERR_SIGNATURE_INVALID")
    T.expect_reject("RS256 token, --alg ES256 -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--profile", "access-token", "--issuer", ISS,
                           "--resource", RES, "--jwks", JWKS, "--alg", "ES256", "--now", NOW,
                           token(key=rsa_key, alg="RS256", kid="rsa-2026")),
                    "EJWT_ERR_ALG_NOT_ALLOWED")
    T.expect_reject("iss of another server -> EJWT_ERR_ISS_MISMATCH",
                    verify(token(claims(iss="https://evil.example.com"))),
                    "EJWT_ERR_ISS_MISMATCH")
    T.expect_reject("aud of another resource -> EJWT_ERR_AUD_MISMATCH",
                    verify(token(claims(aud="https://other.example.com"))),
                    "EJWT_ERR_AUD_MISMATCH")
    for member in ("exp", "iat", "jti", "client_id", "sub"):
        T.expect_reject(f"no {member} -> EJWT_ERR_CLAIM_MISSING",
                        verify(token(claims(**{member: None}))), "EJWT_ERR_CLAIM_MISSING")
    T.expect_reject("client_id a number -> EJWT_ERR_CLAIM_TYPE",
                    verify(token(claims(client_id=7))), "EJWT_ERR_CLAIM_TYPE")
    T.expect_reject("expired -> EJWT_ERR_EXPIRED",
                    verify(token(claims(exp=NOW - 1))), "EJWT_ERR_EXPIRED")
    T.expect_reject("scope 'read' for required 'read write' -> EJWT_ERR_SCOPE_INSUFFICIENT",
                    verify(token(claims(scope="read")), "--scope", "read write"),
                    "EJWT_ERR_SCOPE_INSUFFICIENT")
    T.expect_reject("scope 'readwrite' for required 'read' -> EJWT_ERR_SCOPE_INSUFFICIENT",
                    verify(token(claims(scope="readwrite")), "--scope", "read"),
                    "EJWT_ERR_SCOPE_INSUFFICIENT")
    T.expect_reject("no scope for required 'read' -> EJWT_ERR_SCOPE_INSUFFICIENT",
                    verify(token(claims(scope=None)), "--scope", "read"),
                    "EJWT_ERR_SCOPE_INSUFFICIENT")
    accepted("no scope, none required", token(claims(scope=None)))


T.run("scenarios", scenarios)
T.finish()
