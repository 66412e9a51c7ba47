#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""ejwt reference backend: the other end of docs/PROTOCOL.md.

A small OAuth-style service for the demo and the end-to-end tests, on
loopback only:

  GET  /.well-known/openid-configuration, /.well-known/oauth-authorization-server
                        the discovery document (OIDC Discovery, RFC 8414)
  POST /register        RFC 7591 dynamic client registration with the device's
                        public JWK (provisioning; the path is --register-path,
                        devices find it in the discovery document)
  GET  /jwks.json       the backend's JWK Set (ES256)
  POST /token           RFC 6749 client_credentials grant authenticated by an
                        RFC 7523 client assertion (no refresh token: section 4.4.3)
  GET|POST /api/telemetry   protected API (Bearer access token)
  GET  /command         a signed command (typ command+jwt) for the caller
  POST /admin/revoke    deprovision a device
  GET  /admin/stats     per-device counters (JSON), for tests and the demo

State (devices, assertion jtis, token families, issued access tokens,
counters) lives in SQLite in the state directory, beside the backend's
signing key and its TLS material (a local CA and a server certificate for
localhost / 127.0.0.1; the CA certificate is ca.pem, for devices to trust).

Debian packages only: python3-jwt (PyJWT) for the token work,
python3-cryptography for keys and certificates; the rest is the standard
library. Run with /usr/bin/python3 (see tests/interop/CMakeLists.txt for why).
"""

import argparse
import base64
import datetime
import hashlib
import ipaddress
import json
import os
import secrets
import socket
import sqlite3
import ssl
import sys
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import jwt  # PyJWT, Debian python3-jwt
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError as exc:  # pragma: no cover - reported, not hidden
    sys.stderr.write(
        "backend: error: %s (Debian: apt-get install python3-jwt python3-cryptography; "
        "run with /usr/bin/python3)\n" % exc)
    sys.exit(2)

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MAX_ASSERTION_LIFETIME = 300  # s: exp - iat (docs/PROTOCOL.md)
LEEWAY = 10                   # s of clock skew tolerated on iat and exp
COMMAND_LIFETIME = 60         # s
MAX_BODY = 16 * 1024
SCOPE = "telemetry commands"
CLIENT_ID_CHARS = "-_.:"  # besides letters and digits
CLIENT_ID_MAX = 64
DEFAULT_REGISTER_PATH = "/register"
DISCOVERY_PATHS = ("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")
# Paths of other endpoints, which --register-path may not take.
RESERVED_PATHS = DISCOVERY_PATHS + ("/jwks.json", "/token", "/api/telemetry", "/command",
                                    "/admin/revoke", "/admin/stats")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if not isinstance(text, str) or not text or "=" in text:
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprint(jwk):
    """RFC 7638 SHA-256 thumbprint of an EC public JWK."""
    canon = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")},
                       separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canon.encode("utf-8")).digest())


def public_jwk(pub):
    nums = pub.public_numbers()
    jwk = {"kty": "EC", "crv": "P-256",
           "x": b64url(nums.x.to_bytes(32, "big")),
           "y": b64url(nums.y.to_bytes(32, "big"))}
    jwk["kid"] = thumbprint(jwk)
    return jwk


def device_public_key(jwk):
    """Validate a device's registration JWK; return (key object, thumbprint)."""
    if not isinstance(jwk, dict):
        raise ValueError("jwk must be an object")
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise ValueError("jwk must be an EC P-256 key")
    if "d" in jwk:
        raise ValueError("jwk must be public (it has \"d\")")
    if jwk.get("alg", "ES256") != "ES256":
        raise ValueError("jwk alg must be ES256")
    x = b64url_decode(jwk.get("x"))
    y = b64url_decode(jwk.get("y"))
    if len(x) != 32 or len(y) != 32:
        raise ValueError("jwk x and y must be 32 bytes each")
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y)
    tp = thumbprint(jwk)
    if "kid" in jwk and jwk["kid"] != tp:
        raise ValueError("jwk kid is not its RFC 7638 thumbprint")
    return key, tp


def now_s():
    return int(time.time())


# ---------------------------------------------------------------- key material

def write_private(path, data):
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(path + ".tmp", path)


def load_or_create_signing_key(state):
    path = os.path.join(state, "signing_key.pem")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return serialization.load_pem_private_key(f.read(), password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    write_private(path, key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return key


def make_tls_material(state, force):
    """A local CA and a server certificate (localhost, 127.0.0.1), EC P-256.

    Made at the first start in a state directory (or with --new-ca) and kept
    afterwards, so a device that was given ca.pem keeps trusting restarts."""
    ca_pem = os.path.join(state, "ca.pem")
    crt_pem = os.path.join(state, "server.pem")
    key_pem = os.path.join(state, "server.key")
    if not force and all(os.path.exists(p) for p in (ca_pem, crt_pem, key_pem)):
        return ca_pem, crt_pem, key_pem
    start = datetime.datetime.utcnow() - datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=366)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ejwt demo local CA")])
    ca = (x509.CertificateBuilder()
          .subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
           .issuer_name(ca_name)
           .public_key(srv_key.public_key())
           .serial_number(x509.random_serial_number())
           .not_valid_before(start).not_valid_after(end)
           .add_extension(x509.SubjectAlternativeName([
               x509.DNSName("localhost"),
               x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                          critical=False)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
               ca_key.public_key()), critical=False)
           .sign(ca_key, hashes.SHA256()))
    write_private(key_pem, srv_key.private_bytes(serialization.Encoding.PEM,
                                                 serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    with open(crt_pem, "wb") as f:
        f.write(srv.public_bytes(serialization.Encoding.PEM))
    with open(ca_pem, "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    return ca_pem, crt_pem, key_pem


# ---------------------------------------------------------------------- state

SCHEMA = """
CREATE TABLE IF NOT EXISTS devices (
    client_id TEXT PRIMARY KEY, kid TEXT UNIQUE NOT NULL, jwk TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS assertion_jtis (
    client_id TEXT NOT NULL, jti TEXT NOT NULL, exp INTEGER NOT NULL,
    PRIMARY KEY (client_id, jti));
CREATE TABLE IF NOT EXISTS families (
    id TEXT PRIMARY KEY, client_id TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
    jti TEXT PRIMARY KEY, client_id TEXT NOT NULL, family TEXT NOT NULL, exp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    client_id TEXT NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (client_id, name));
"""

# Counters kept per device (GET /admin/stats). "assertions" counts every
# client assertion the token endpoint accepted: a reboot that reuses its
# stored access token adds none.
COUNTERS = ("registered", "assertions", "assertions_refused", "client_credentials",
            "api_ok", "api_401", "commands", "revoked")


class TokenError(Exception):
    def __init__(self, code, description, status=400, client_id=None, logged=False):
        Exception.__init__(self, description)
        self.code = code
        self.description = description
        self.status = status
        self.client_id = client_id  # when known, for the log and the counters
        self.logged = logged        # already logged by the code that raised it


class AuthError(Exception):
    """A Bearer token the API refuses (401 with WWW-Authenticate)."""

    def __init__(self, description, client_id=None, error="invalid_token"):
        Exception.__init__(self, description)
        self.description = description
        self.client_id = client_id
        self.error = error


class Backend:
    def __init__(self, args, base_url):
        self.args = args
        self.base_url = base_url
        self.issuer = base_url
        self.token_endpoint = base_url + "/token"
        self.register_path = args.register_path
        self.registration_endpoint = base_url + args.register_path
        self.api_audience = base_url + "/api"
        self.lock = threading.Lock()
        self.db = sqlite3.connect(os.path.join(args.state_dir, "backend.sqlite3"),
                                  check_same_thread=False)
        self.db.executescript(SCHEMA)
        self.db.commit()
        self.key = load_or_create_signing_key(args.state_dir)
        self.jwk = public_jwk(self.key.public_key())
        self.jwk.update({"alg": "ES256", "use": "sig"})
        self.key_pem = self.key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())

    # -- helpers
    def jwks(self):
        return {"keys": [dict(self.jwk)]}

    def count(self, client_id, name):
        self.db.execute("INSERT INTO counters VALUES (?, ?, 1) ON CONFLICT(client_id, name) "
                        "DO UPDATE SET n = n + 1", (client_id or "-", name))

    def stats(self, client_id=None):
        if client_id:
            rows = self.db.execute("SELECT name, n FROM counters WHERE client_id = ?",
                                   (client_id,)).fetchall()
            out = {name: 0 for name in COUNTERS}
            out.update({name: n for name, n in rows})
            dev = self.db.execute("SELECT revoked FROM devices WHERE client_id = ?",
                                  (client_id,)).fetchone()
            out["client_id"] = client_id
            out["known"] = dev is not None
            out["device_revoked"] = bool(dev and dev[0])
            return out
        out = {}
        for cid, name, n in self.db.execute("SELECT client_id, name, n FROM counters"):
            out.setdefault(cid, {k: 0 for k in COUNTERS})[name] = n
        return {"devices": out}

    def sign(self, claims, typ):
        return jwt.encode(claims, self.key_pem, algorithm="ES256",
                          headers={"kid": self.jwk["kid"], "typ": typ})

    # -- discovery (OpenID Connect Discovery 1.0, RFC 8414)
    def discovery(self):
        """The metadata document: what a device provisioned with only the
        issuer URL and the trust anchor needs (endpoints, private_key_jwt
        with ES256, the grant). No revocation endpoint: the backend revokes
        devices itself (POST /admin/revoke), and issues no refresh tokens."""
        return {"issuer": self.issuer,
                "token_endpoint": self.token_endpoint,
                "jwks_uri": self.base_url + "/jwks.json",
                "registration_endpoint": self.registration_endpoint,
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
                "token_endpoint_auth_signing_alg_values_supported": ["ES256"],
                "scopes_supported": SCOPE.split(),
                "response_types_supported": []}

    # -- provisioning (RFC 7591)
    @staticmethod
    def metadata_error(text):
        return TokenError("invalid_client_metadata", text)

    def registration_jwk(self, body):
        """The one device key of an RFC 7591 request's `jwks`; returns
        (public JWK members, thumbprint)."""
        if "jwks_uri" in body:
            raise self.metadata_error("jwks_uri is not supported: send jwks")
        jwks = body.get("jwks")
        keys = jwks.get("keys") if isinstance(jwks, dict) else None
        if not isinstance(keys, list) or len(keys) != 1:
            raise self.metadata_error("jwks must be a JWK Set with exactly one key")
        try:
            _, kid = device_public_key(keys[0])
        except (ValueError, TypeError) as exc:
            raise self.metadata_error("jwks: %s" % exc)
        return {k: keys[0][k] for k in ("kty", "crv", "x", "y")}, kid

    def registration_metadata(self, body):
        """Check the client metadata the backend supports; returns (grant
        types, scope or None, client name or None)."""
        method = body.get("token_endpoint_auth_method")
        if method != "private_key_jwt":
            raise self.metadata_error("token_endpoint_auth_method must be private_key_jwt")
        alg = body.get("token_endpoint_auth_signing_alg", "ES256")
        if alg != "ES256":
            raise self.metadata_error("token_endpoint_auth_signing_alg must be ES256")
        grants = body.get("grant_types", ["client_credentials"])
        if not isinstance(grants, list) or not grants or \
                any(g != "client_credentials" for g in grants):
            raise self.metadata_error("grant_types: only client_credentials")
        scope = body.get("scope")
        if scope is not None and (not isinstance(scope, str) or not scope.split() or
                                  not set(scope.split()) <= set(SCOPE.split())):
            raise self.metadata_error("scope: a subset of \"%s\"" % SCOPE)
        name = body.get("client_name")
        if name is not None and (not isinstance(name, str) or not name):
            raise self.metadata_error("client_name must be a non-empty string")
        return grants, scope, name

    @staticmethod
    def id_from_name(name):
        """The reference backend names a client after its client_name when
        that is a usable client id (readable ids for tests and the demo); the
        RFC leaves the choice to the server."""
        if isinstance(name, str) and 1 <= len(name) <= CLIENT_ID_MAX and \
                all(c.isalnum() or c in CLIENT_ID_CHARS for c in name):
            return name
        return None

    def register(self, body):
        jwk, kid = self.registration_jwk(body)
        grants, scope, name = self.registration_metadata(body)
        row = self.db.execute("SELECT client_id, revoked, created FROM devices WHERE kid = ?",
                              (kid,)).fetchone()
        if row is not None:
            if row[1]:
                raise self.metadata_error("this key belongs to a revoked device")
            client_id, created, new = row[0], row[2], False  # the same device again
        else:
            client_id = self.id_from_name(name)
            if client_id is None or self.db.execute(
                    "SELECT 1 FROM devices WHERE client_id = ?", (client_id,)).fetchone():
                client_id = "dev-" + kid[:12]
            created, new = now_s(), True
            self.db.execute("INSERT INTO devices VALUES (?, ?, ?, 0, ?)",
                            (client_id, kid, json.dumps(jwk), created))
            self.count(client_id, "registered")
        answer = {"client_id": client_id, "client_id_issued_at": created,
                  "token_endpoint_auth_method": "private_key_jwt",
                  "token_endpoint_auth_signing_alg": "ES256",
                  "grant_types": grants, "jwks": {"keys": [dict(jwk, kid=kid)]}}
        if scope is not None:
            answer["scope"] = scope
        if name is not None:
            answer["client_name"] = name
        return new, kid, answer

    # -- token endpoint
    def check_assertion(self, assertion):
        """Verify an RFC 7523 client assertion; return (client_id, jti)."""
        if not assertion:
            raise TokenError("invalid_request", "client_assertion missing")
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError as exc:
            raise TokenError("invalid_grant", "assertion malformed: %s" % exc)
        if header.get("alg") != "ES256":
            raise TokenError("invalid_grant", "assertion alg must be ES256")
        kid = header.get("kid")
        row = self.db.execute("SELECT client_id, jwk, revoked FROM devices WHERE kid = ?",
                              (kid,)).fetchone() if isinstance(kid, str) else None
        if row is None:
            raise TokenError("invalid_client", "unknown device key (kid)", 401)
        client_id, jwk_text, revoked = row
        try:
            return self.check_device_assertion(assertion, client_id, jwk_text, revoked)
        except TokenError as e:
            e.client_id = client_id
            raise

    def check_device_assertion(self, assertion, client_id, jwk_text, revoked):
        key, _ = device_public_key(json.loads(jwk_text))
        try:
            claims = jwt.decode(assertion, key, algorithms=["ES256"],
                                audience=self.token_endpoint, issuer=client_id,
                                leeway=LEEWAY,
                                options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]})
        except jwt.ExpiredSignatureError:
            raise TokenError("invalid_grant", "assertion expired")
        except jwt.ImmatureSignatureError:
            raise TokenError("invalid_grant", "assertion issued in the future")
        except jwt.InvalidAudienceError:
            raise TokenError("invalid_grant", "assertion aud is not %s" % self.token_endpoint)
        except jwt.InvalidIssuerError:
            raise TokenError("invalid_grant", "assertion iss is not the key's device")
        except jwt.InvalidSignatureError:
            raise TokenError("invalid_grant", "assertion signature invalid")
        except jwt.PyJWTError as exc:
            raise TokenError("invalid_grant", "assertion invalid: %s" % exc)
        if revoked:
            raise TokenError("invalid_client", "device is revoked", 401)
        if claims["sub"] != client_id:
            raise TokenError("invalid_grant", "assertion sub != iss")
        iat, exp, jti = claims["iat"], claims["exp"], claims["jti"]
        if not isinstance(jti, str) or not 16 <= len(jti) <= 128:
            raise TokenError("invalid_grant", "assertion jti must be a string of 16..128")
        if not isinstance(iat, int) or not isinstance(exp, int) or exp <= iat or \
                exp - iat > MAX_ASSERTION_LIFETIME:
            raise TokenError("invalid_grant", "assertion lifetime must be 1..%d s"
                             % MAX_ASSERTION_LIFETIME)
        now = now_s()
        self.db.execute("DELETE FROM assertion_jtis WHERE exp < ?", (now - LEEWAY,))
        try:
            self.db.execute("INSERT INTO assertion_jtis VALUES (?, ?, ?)", (client_id, jti, exp))
        except sqlite3.IntegrityError:
            raise TokenError("invalid_grant", "assertion jti replayed")
        return client_id, jti

    def issue(self, client_id, family, scope):
        """RFC 6749 section 4.4.3: an access token, and no refresh token."""
        now = now_s()
        ttl = self.args.access_ttl
        ajti = b64url(secrets.token_bytes(16))
        access = self.sign({"iss": self.issuer, "sub": client_id, "aud": self.api_audience,
                            "client_id": client_id, "scope": scope, "iat": now,
                            "exp": now + ttl, "jti": ajti}, "at+jwt")
        self.db.execute("INSERT INTO access_tokens VALUES (?, ?, ?, ?)",
                        (ajti, client_id, family, now + ttl))
        return {"access_token": access, "token_type": "Bearer", "expires_in": ttl,
                "scope": scope}

    def token(self, form, log):
        """Returns the token response; raises TokenError. log(client_id, text)."""
        grant = form.get("grant_type")
        if grant != "client_credentials":
            raise TokenError("unsupported_grant_type", "grant_type must be client_credentials")
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise TokenError("invalid_request", "client_assertion_type must be " + ASSERTION_TYPE)
        client_id, jti = self.check_assertion(form.get("client_assertion"))
        # RFC 6749 section 3.2.1: a client_id sent beside the assertion must
        # name the client the assertion authenticates.
        if "client_id" in form and form["client_id"] != client_id:
            raise TokenError("invalid_client", "client_id is not the assertion's client", 401,
                             client_id=client_id)
        scope = form.get("scope", SCOPE)
        if not scope.split() or not set(scope.split()) <= set(SCOPE.split()):
            raise TokenError("invalid_scope", "scope: a subset of \"%s\"" % SCOPE,
                             client_id=client_id)
        self.count(client_id, "assertions")
        family = b64url(secrets.token_bytes(12))
        self.db.execute("INSERT INTO families VALUES (?, ?, 0, ?)", (family, client_id, now_s()))
        self.count(client_id, "client_credentials")
        log(client_id, "token: client_credentials OK (assertion jti=%s)" % jti)
        return self.issue(client_id, family, " ".join(scope.split()))

    # -- protected resources
    def check_bearer(self, authorization):
        """Validate an Authorization header; return the access token's claims."""
        if not authorization:
            raise AuthError("no access token", error=None)
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("Authorization is not Bearer", error="invalid_request")
        token = token.strip()
        client_id = None
        try:
            client_id = jwt.decode(token, options={"verify_signature": False}).get("sub")
        except jwt.PyJWTError:
            pass
        if not isinstance(client_id, str):
            client_id = None
        try:
            header = jwt.get_unverified_header(token)
            if header.get("kid") != self.jwk["kid"] or header.get("typ") != "at+jwt":
                raise AuthError("not one of our access tokens", client_id)
            claims = jwt.decode(token, self.key.public_key(), algorithms=["ES256"],
                                audience=self.api_audience, issuer=self.issuer,
                                options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]})
        except jwt.ExpiredSignatureError:
            raise AuthError("access token expired", client_id)
        except jwt.InvalidSignatureError:
            raise AuthError("access token signature invalid", client_id)
        except jwt.PyJWTError as exc:
            raise AuthError("access token invalid: %s" % exc, client_id)
        row = self.db.execute(
            "SELECT a.client_id, f.revoked, d.revoked FROM access_tokens a "
            "JOIN families f ON f.id = a.family JOIN devices d ON d.client_id = a.client_id "
            "WHERE a.jti = ?", (claims["jti"],)).fetchone()
        if row is None or row[0] != claims["sub"]:
            raise AuthError("access token unknown", client_id)
        if row[2]:
            raise AuthError("device revoked", client_id)
        if row[1]:
            raise AuthError("access token revoked (token family revoked)", client_id)
        return claims

    def command(self, client_id, name, args):
        now = now_s()
        jti = b64url(secrets.token_bytes(16))
        token = self.sign({"iss": self.issuer, "aud": client_id, "iat": now,
                           "exp": now + COMMAND_LIFETIME, "jti": jti, "cmd": name,
                           "args": args}, "command+jwt")
        return token, jti

    def revoke_device(self, client_id):
        row = self.db.execute("SELECT revoked FROM devices WHERE client_id = ?",
                              (client_id,)).fetchone()
        if row is None:
            return False
        self.db.execute("UPDATE devices SET revoked = 1 WHERE client_id = ?", (client_id,))
        self.db.execute("UPDATE families SET revoked = 1 WHERE client_id = ?", (client_id,))
        self.count(client_id, "revoked")
        return True


# ---------------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ejwt-backend/0.1"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):  # one line per request of our own instead
        pass

    def log_line(self, client_id, text):
        self.logged = True
        ts = datetime.datetime.now().strftime("%H:%M:%S.%f")[:-3]
        line = "%s %-12s %s" % (ts, client_id or "-", text)
        with self.server.log_lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def reply(self, status, body, ctype="application/json", extra=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, separators=(",", ":"))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.close_connection = True

    def read_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            raise TokenError("invalid_request", "chunked bodies are not supported", 411)
        try:
            n = int(length) if length is not None else 0
        except ValueError:
            raise TokenError("invalid_request", "bad Content-Length")
        if n < 0 or n > MAX_BODY:
            raise TokenError("invalid_request", "body too large", 413)
        return self.rfile.read(n) if n else b""

    def json_body(self):
        try:
            body = json.loads(self.read_body().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise TokenError("invalid_request", "body is not JSON")
        if not isinstance(body, dict):
            raise TokenError("invalid_request", "body must be a JSON object")
        return body

    def form_body(self):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise TokenError("invalid_request",
                             "Content-Type must be application/x-www-form-urlencoded")
        try:
            pairs = urllib.parse.parse_qsl(self.read_body().decode("ascii"),
                                           keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            raise TokenError("invalid_request", "body is not a form")
        form = {}
        for k, v in pairs:
            if k in form:  # RFC 6749 section 3.2: parameters must not repeat
                raise TokenError("invalid_request", "parameter %s repeated" % k)
            form[k] = v
        return form

    def handle_one(self, method):
        self.logged = False
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query))
        b = self.server.backend
        if path == b.register_path:
            path = "/register"  # the registration endpoint, wherever it is configured
        elif path == "/register":
            path = "/register (not the registration endpoint)"
        routes = {("POST", "/register"), ("GET", "/jwks.json"), ("POST", "/token"),
                  ("GET", "/api/telemetry"), ("POST", "/api/telemetry"), ("GET", "/command"),
                  ("POST", "/admin/revoke"), ("GET", "/admin/stats")}
        routes |= {("GET", p) for p in DISCOVERY_PATHS}
        if (method, path) not in routes:
            known = {p for _, p in routes}
            self.log_line(None, "%s %s: %d" % (method, path, 405 if path in known else 404))
            return self.reply(405 if path in known else 404, {"error": "not_found"})
        with b.lock:
            try:
                self.dispatch(b, method, path, query)
            finally:
                b.db.commit()

    def dispatch(self, b, method, path, query):
        if path in DISCOVERY_PATHS:
            self.log_line(None, "discovery: 200 %s" % path)
            return self.reply(200, b.discovery())
        if path == "/register":
            try:
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                if ctype != "application/json":
                    raise TokenError("invalid_client_metadata",
                                     "Content-Type must be application/json")
                new, kid, answer = b.register(self.json_body())
            except TokenError as e:
                code = "invalid_client_metadata" if e.code == "invalid_request" else e.code
                self.log_line(None, "register: REFUSED %s (%s)" % (code, e.description))
                return self.reply(400, {"error": code, "error_description": e.description})
            self.log_line(answer["client_id"], "register: 201 %s kid=%s (RFC 7591)" % (
                "new device" if new else "already registered, same key", kid))
            return self.reply(201, answer)
        if path == "/jwks.json":
            self.log_line(None, "jwks: 200")
            return self.reply(200, b.jwks(), "application/jwk-set+json")
        if path == "/token":
            grant = "?"
            try:
                form = self.form_body()
                grant = form.get("grant_type", "?")
                answer = b.token(form, self.log_line)
            except TokenError as e:
                cid = e.client_id
                if not e.logged:
                    self.log_line(cid, "token: %s REFUSED %s (%s)" % (grant, e.code,
                                                                     e.description))
                if "assertion" in e.description or e.code == "invalid_client":
                    b.count(cid, "assertions_refused")
                return self.reply(e.status, {"error": e.code, "error_description": e.description},
                                  extra={"Pragma": "no-cache"})
            return self.reply(200, answer, extra={"Pragma": "no-cache"})
        if path in ("/api/telemetry", "/command"):
            endpoint = "api" if path.startswith("/api") else "command"
            try:
                claims = b.check_bearer(self.headers.get("Authorization"))
            except AuthError as e:
                b.count(e.client_id, "api_401")
                www = 'Bearer realm="ejwt"'
                if e.error:
                    www += ', error="%s", error_description="%s"' % (e.error, e.description)
                self.log_line(e.client_id, "%s: 401 (%s)" % (endpoint, e.description))
                return self.reply(401, {"error": e.error or "invalid_token",
                                        "error_description": e.description},
                                  extra={"WWW-Authenticate": www})
            cid = claims["sub"]
            if endpoint == "api":
                if method == "POST":
                    try:
                        reading = self.json_body()
                    except TokenError as e:
                        self.log_line(cid, "api: 400 (%s)" % e.description)
                        return self.reply(400, {"error": e.code,
                                                "error_description": e.description})
                else:
                    reading = None
                b.count(cid, "api_ok")
                self.log_line(cid, "api: 200 %s /api/telemetry" % method)
                return self.reply(200, {"ok": True, "client_id": cid, "time": now_s(),
                                        "received": reading})
            name = query.get("cmd", "set_interval")
            args = {"seconds": 30} if name == "set_interval" else {}
            token, jti = b.command(cid, name, args)
            b.count(cid, "commands")
            self.log_line(cid, "command: issued %s (jti=%s, exp +%ds)" % (name, jti,
                                                                           COMMAND_LIFETIME))
            return self.reply(200, token, "application/jwt")
        if path == "/admin/revoke":
            try:
                cid = self.json_body().get("client_id")
            except TokenError as e:
                return self.reply(400, {"error": e.code, "error_description": e.description})
            if not isinstance(cid, str) or not b.revoke_device(cid):
                self.log_line(cid if isinstance(cid, str) else None, "admin: revoke 404")
                return self.reply(404, {"error": "unknown client_id"})
            self.log_line(cid, "admin: device REVOKED (new assertions and its access tokens refused)")
            return self.reply(200, {"client_id": cid, "revoked": True})
        if path == "/admin/stats":
            return self.reply(200, b.stats(query.get("client_id")))
        return None

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")

    def do_PUT(self):
        self.handle_one("PUT")

    def do_DELETE(self):
        self.handle_one("DELETE")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    tls = None

    def finish_request(self, request, client_address):
        # TLS handshake here, in the request's thread, not in accept().
        request.settimeout(30)
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as exc:
                sys.stdout.write("%s %-12s tls: handshake failed (%s)\n" % (
                    datetime.datetime.now().strftime("%H:%M:%S.%f")[:-3], "-", exc))
                sys.stdout.flush()
                return
        Handler(request, client_address, self)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, ssl.SSLError)):
            return
        ThreadingHTTPServer.handle_error(self, request, client_address)


def main(argv=None):
    p = argparse.ArgumentParser(description="ejwt reference backend (docs/PROTOCOL.md)")
    p.add_argument("--state-dir", required=True,
                   help="folder for the database, the signing key and the TLS material")
    p.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0: a free one)")
    p.add_argument("--no-tls", action="store_true", help="plain HTTP (debugging and host tests)")
    p.add_argument("--new-ca", action="store_true",
                   help="make a new CA and server certificate even if the state dir has them")
    p.add_argument("--access-ttl", type=int, default=300, help="access token lifetime (s)")
    p.add_argument("--register-path", default=DEFAULT_REGISTER_PATH,
                   help="path of the RFC 7591 registration endpoint (named in the discovery "
                        "document)")
    p.add_argument("--public-host", default="127.0.0.1",
                   help="host name in the URLs handed to devices (127.0.0.1 or localhost)")
    args = p.parse_args(argv)
    if args.access_ttl < 1:
        p.error("the access token lifetime must be positive")
    if not args.register_path.startswith("/") or args.register_path in RESERVED_PATHS or \
            any(c in args.register_path for c in "?#% "):
        p.error("--register-path must be a path of its own (\"/...\", no query)")
    if args.public_host not in ("127.0.0.1", "localhost"):
        p.error("--public-host must be 127.0.0.1 or localhost (loopback only)")
    os.makedirs(args.state_dir, mode=0o700, exist_ok=True)

    server = Server(("127.0.0.1", args.port), Handler)
    port = server.server_address[1]
    scheme = "http" if args.no_tls else "https"
    base_url = "%s://%s:%d" % (scheme, args.public_host, port)
    if not args.no_tls:
        ca_pem, crt_pem, key_pem = make_tls_material(args.state_dir, args.new_ca)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(crt_pem, key_pem)
        server.tls = ctx
    server.backend = Backend(args, base_url)
    server.log_lock = threading.Lock()
    with open(os.path.join(args.state_dir, "url"), "w") as f:
        f.write(base_url + "\n")
    sys.stdout.write("backend: listening on %s (state %s%s, access tokens %d s)\n" % (
        base_url, args.state_dir, "" if args.no_tls else ", CA " + ca_pem, args.access_ttl))
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
