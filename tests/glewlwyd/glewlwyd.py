# SPDX-License-Identifier: Apache-2.0
"""Glewlwyd (Debian's package, unmodified) as a real authorization server for tests.

A reusable harness: a fresh sqlite database from the package's own init SQL, a
local CA and a leaf certificate for 127.0.0.1/localhost, a config file, the
server in the foreground on a free loopback port over HTTPS, and its
configuration through the admin REST API. It talks to 127.0.0.1 only.

    with Glewlwyd(workdir) as g:        # start() + configure(); stop() on exit
        g.add_client(jwk, "dev1")       # private_key_jwt, the device's public JWK
        status, headers, body = g.post_form(g.token_endpoint, {...})
        g.approve_device(user_code)     # the person's part of RFC 8628

Facts used here were measured on Debian 12 with glewlwyd 2.7.5 (see
tests/glewlwyd/README.md, "Provenance"). The server is stopped with SIGTERM,
then SIGKILL after STOP_TIMEOUT, in every case: the context manager, stop()
and an atexit hook all do it, and start() stops a server that did not come up;
if the harness itself is killed outright, the kernel kills the server
(PR_SET_PDEATHSIG).
"""

import atexit
import base64
import gzip
import http.client
import json
import os
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse

from cryptography.hazmat.primitives.asymmetric import ec, rsa

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "examples", "backend"))
import backend  # noqa: E402  (the reference backend: its TLS material maker)

GLEWLWYD = "/usr/bin/glewlwyd"
INIT_SQL = "/usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz"
MODULE_DIR = "/usr/lib/glewlwyd"
HOST = "127.0.0.1"
ADMIN_USER, ADMIN_PASSWORD = "admin", "password"  # the init SQL's built-in administrator

START_TIMEOUT = 15.0  # seconds until the port accepts connections
STOP_TIMEOUT = 8.0  # seconds after SIGTERM before SIGKILL (SIGTERM takes about 4 s)
START_ATTEMPTS = 3  # a free port may be taken between choosing and binding it
HTTP_TIMEOUT = 10.0  # seconds per request
LOG_WAIT = 2.0  # seconds for a log line to reach the log file

PLUGIN = "oidc"  # the ES256 instance
PLUGIN_RS256 = "oidcrs"  # the RS256 instance (issue 16)
DEVICE_SCOPE = "device"  # the scope clients and the device user are given
USER, USER_PASSWORD = "person", "person-password-1"  # approves device grants
ACCESS_TOKEN_DURATION = 300
REFRESH_TOKEN_DURATION = 3600
DEVICE_EXPIRATION = 30  # device-authorization-expiration (seconds)
DEVICE_INTERVAL = 2  # device-authorization-interval (seconds)
REQUEST_MAXIMUM_EXP = 300  # the longest assertion lifetime the server accepts

_running = set()


def _stop_all():
    for g in list(_running):
        g.stop()


atexit.register(_stop_all)


class GlewlwydError(Exception):
    pass


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(n, length=None):
    length = length or (n.bit_length() + 7) // 8
    return b64url(n.to_bytes(length, "big"))


def _die_with_parent():
    """In the child before exec: SIGKILL when the process that started it
    dies (prctl PR_SET_PDEATHSIG), so that a harness killed outright (a ctest
    timeout, SIGKILL) leaves no server behind."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((HOST, 0))
        return s.getsockname()[1]
    finally:
        s.close()


def make_ca(directory):
    """A local CA and a leaf for 127.0.0.1/localhost; returns (ca, cert, key) paths.

    The reference backend's own maker (examples/backend/backend.py), fresh
    in the test's directory: one way of making the tests' TLS material."""
    return backend.make_tls_material(directory, True)


def es256_private_jwk(kid):
    k = ec.generate_private_key(ec.SECP256R1())
    n = k.private_numbers()
    return {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid,
            "x": _int_b64(n.public_numbers.x, 32), "y": _int_b64(n.public_numbers.y, 32),
            "d": _int_b64(n.private_value, 32)}


def rs256_private_jwk(kid):
    k = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    n = k.private_numbers()
    p = n.public_numbers
    return {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
            "n": _int_b64(p.n), "e": _int_b64(p.e), "d": _int_b64(n.d),
            "p": _int_b64(n.p), "q": _int_b64(n.q), "dp": _int_b64(n.dmp1),
            "dq": _int_b64(n.dmq1), "qi": _int_b64(n.iqmp)}


CONFIG = """# Written by tests/glewlwyd/glewlwyd.py for one test run.
port={port}
bind_address="{host}"
external_url="{external_url}"
login_url="login.html"
api_prefix="api"
allow_origin="*"
log_mode="console"
log_level="{log_level}"
cookie_secure=0
cookie_same_site="empty"
session_expiration=3600
session_key="GLEWLWYD2_SESSION_ID"
admin_session_authentication="cookie"
profile_session_authentication="cookie"
allow_multiple_user_per_session=true
login_api_enabled=true
admin_scope="g_admin"
profile_scope="g_profile"
user_module_path="{modules}/user"
client_module_path="{modules}/client"
user_auth_scheme_module_path="{modules}/scheme"
plugin_module_path="{modules}/plugin"
use_secure_connection=true
secure_connection_key_file="{key}"
secure_connection_pem_file="{cert}"
hash_algorithm="SHA512"
database =
{{
  type = "sqlite3";
  path = "{db}";
}};
"""


def oidc_parameters(iss, jwks_private, kid, device_expiration=DEVICE_EXPIRATION,
                    device_interval=DEVICE_INTERVAL, access_token_duration=ACCESS_TOKEN_DURATION):
    """The OIDC plugin instance's parameters: what the device scenarios need."""
    return {
        "iss": iss,
        "jwks-private": json.dumps({"keys": [jwks_private]}),
        "default-kid": kid,
        "jwks-show": True,
        "access-token-duration": access_token_duration,
        "refresh-token-duration": REFRESH_TOKEN_DURATION,
        "code-duration": 600,
        "refresh-token-rolling": True,
        "refresh-token-one-use": "always",
        "allow-non-oidc": True,
        "auth-type-code-enabled": False,
        "auth-type-token-enabled": False,
        "auth-type-id-token-enabled": False,
        "auth-type-none-enabled": False,
        "auth-type-password-enabled": False,
        "auth-type-client-enabled": True,
        "auth-type-refresh-enabled": True,
        "auth-type-device-enabled": True,
        "device-authorization-expiration": device_expiration,
        "device-authorization-interval": device_interval,
        "request-parameter-allow": True,
        "request-maximum-exp": REQUEST_MAXIMUM_EXP,
        "client-jwks-parameter": "jwks",
        "client-pubkey-parameter": "",
        "client-enc-parameter": "",
        "client-alg-parameter": "",
        "register-client-allowed": True,
        "register-client-auth-scope": [],
        "register-client-credentials-scope": [DEVICE_SCOPE],
        "register-client-management-allowed": True,
        "register-resource-specify-allowed": False,
        "introspection-revocation-allowed": True,
        "introspection-revocation-auth-scope": [],
        "introspection-revocation-allow-target-client": True,
        "token-endpoint-auth-method": ["private_key_jwt"],
        "oauth-as-metadata": False,
    }


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def __iter__(self):  # status, headers, body = response
        return iter((self.status, self.headers, self.body))

    def __repr__(self):
        return "(%d, %r)" % (self.status, self.body[:200])


class Glewlwyd:
    """One Glewlwyd server for one test. start() makes everything in workdir
    (a new temporary folder when None) and configures the server; stop()
    stops it and removes a temporary workdir."""

    def __init__(self, workdir=None, log=None, log_level="DEBUG", rs256=True,
                 device_expiration=DEVICE_EXPIRATION, device_interval=DEVICE_INTERVAL,
                 access_token_duration=ACCESS_TOKEN_DURATION):
        self._tmp = None
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="ejwt-glewlwyd-")
            workdir = self._tmp.name
        self.dir = workdir
        self.log_path = log or os.path.join(workdir, "glewlwyd.log")
        self.log_level = log_level
        self.with_rs256 = rs256
        self.device_expiration = device_expiration
        self.device_interval = device_interval
        self.access_token_duration = access_token_duration
        self.proc = None
        self.port = None
        self.cookie = None
        self.timings = {}
        self.clients = {}

    # ------------------------------------------------------------ lifecycle

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        """Database, CA, config, process, admin configuration. Records
        timings["start"] (until the port listens) and timings["configure"]."""
        t0 = time.monotonic()
        self.ca, self.cert, self.key = make_ca(self.dir)
        self.db = os.path.join(self.dir, "glewlwyd.db")
        for attempt in range(START_ATTEMPTS):
            if self._launch():
                break
            if attempt == START_ATTEMPTS - 1:
                raise GlewlwydError("glewlwyd did not start; log:\n" + self.read_log())
        t1 = time.monotonic()
        self.timings["start"] = t1 - t0
        self.configure()
        self.timings["configure"] = time.monotonic() - t1
        return self

    def _new_db(self):
        if os.path.exists(self.db):
            os.unlink(self.db)
        with gzip.open(INIT_SQL, "rt") as f:
            script = f.read()
        con = sqlite3.connect(self.db)
        try:
            # One transaction: statement by statement, sqlite syncs each
            # (2.7 s against 0.05 s measured).
            con.executescript("BEGIN;\n" + script + "\nCOMMIT;\n")
            con.commit()
        finally:
            con.close()

    def _launch(self):
        """One attempt on a new free port; True when it listens."""
        self._new_db()
        self.port = free_port()
        self.origin = "https://%s:%d" % (HOST, self.port)
        self.external_url = self.origin  # no trailing slash (GLEWLWYD.md)
        self.conf = os.path.join(self.dir, "glewlwyd.conf")
        with open(self.conf, "w") as f:
            f.write(CONFIG.format(port=self.port, host=HOST, external_url=self.external_url,
                                  log_level=self.log_level, modules=MODULE_DIR, key=self.key,
                                  cert=self.cert, db=self.db))
        logf = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen([GLEWLWYD, "-c", self.conf, "-m", "console"],
                                         stdin=subprocess.DEVNULL, stdout=logf,
                                         stderr=subprocess.STDOUT, start_new_session=True,
                                         preexec_fn=_die_with_parent)
        finally:
            logf.close()
        _running.add(self)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._reap()
                return False
            try:
                # A whole TLS handshake (a bare connect makes the server log
                # a handshake error): it listens and its certificate works.
                with socket.create_connection((HOST, self.port), timeout=1.0) as s:
                    with self.ssl_context().wrap_socket(s, server_hostname=HOST):
                        return True
            except (OSError, ssl.SSLError):
                time.sleep(0.05)
        self.stop()
        return False

    def _reap(self):
        _running.discard(self)
        self.proc = None

    def stop(self):
        """SIGTERM, then SIGKILL after STOP_TIMEOUT. Safe to call twice.
        Records timings["stop"]."""
        if self.proc is not None:
            t0 = time.monotonic()
            if self.proc.poll() is None:
                try:
                    self.proc.send_signal(signal.SIGTERM)
                    self.proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.timings["stop"] = time.monotonic() - t0
            self._reap()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def read_log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_mark(self):
        """A position in the server's log; log_since(mark) is what came after."""
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def log_since(self, mark):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(mark)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def wait_log(self, mark, text, timeout=LOG_WAIT):
        """True when text appears in the log after mark within timeout."""
        deadline = time.monotonic() + timeout
        while True:
            if text in self.log_since(mark):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def listening_addresses(self):
        """The local addresses the server's process listens on (from /proc/net)."""
        inodes = set()
        fd_dir = "/proc/%d/fd" % self.proc.pid
        for fd in os.listdir(fd_dir):
            try:
                target = os.readlink(os.path.join(fd_dir, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        found = []
        for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
            try:
                with open(table) as f:
                    rows = f.read().splitlines()[1:]
            except OSError:
                continue
            for row in rows:
                cols = row.split()
                if cols[3] != "0A" or cols[9] not in inodes:  # 0A: LISTEN
                    continue
                addr, port = cols[1].split(":")
                raw = bytes.fromhex(addr)
                if family == 4:
                    ip = socket.inet_ntop(socket.AF_INET, raw[::-1])
                else:
                    ip = socket.inet_ntop(socket.AF_INET6, b"".join(
                        raw[i:i + 4][::-1] for i in range(0, 16, 4)))
                found.append((ip, int(port, 16)))
        return found

    # ----------------------------------------------------------------- HTTP

    def ssl_context(self):
        """TLS pinned to the test CA, the host name checked."""
        ctx = ssl.create_default_context(cafile=self.ca)
        ctx.check_hostname = True
        return ctx

    def request(self, method, url, body=None, headers=None, cookie=None):
        """One request to the server (never anything else; redirects are not
        followed). url: a path or a URL on this server. Returns a Response."""
        if url.startswith("/"):
            url = self.origin + url
        u = urllib.parse.urlsplit(url)
        if u.scheme != "https" or u.hostname != HOST or u.port != self.port:
            raise GlewlwydError("refusing to talk to %s: only %s" % (url, self.origin))
        path = u.path + ("?" + u.query if u.query else "")
        h = dict(headers or {})
        if cookie:
            h["Cookie"] = cookie
        if isinstance(body, str):
            body = body.encode()
        conn = http.client.HTTPSConnection(HOST, self.port, timeout=HTTP_TIMEOUT,
                                           context=self.ssl_context())
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read().decode(errors="replace"))
        finally:
            conn.close()

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post_form(self, url, fields, **kw):
        return self.request("POST", url, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"}, **kw)

    def post_json(self, url, doc, method="POST", **kw):
        return self.request(method, url, json.dumps(doc), {"Content-Type": "application/json"},
                            **kw)

    # ---------------------------------------------------------------- admin

    def login(self, username, password):
        """POST /api/auth/; returns the session cookie ("name=value")."""
        r = self.post_json("/api/auth/", {"username": username, "password": password})
        if r.status != 200:
            raise GlewlwydError("login %s: %r" % (username, r))
        for k, v in r.headers:
            if k.lower() == "set-cookie":
                return v.split(";", 1)[0]
        raise GlewlwydError("login %s: no session cookie" % username)

    def admin(self, method, path, doc=None, expect=(200,)):
        """An admin REST call with the administrator's session; fails unless
        the status is in expect. Returns the Response."""
        if self.cookie is None:
            self.cookie = self.login(ADMIN_USER, ADMIN_PASSWORD)
        if doc is None:
            r = self.request(method, path, cookie=self.cookie)
        else:
            r = self.post_json(path, doc, method=method, cookie=self.cookie)
        if expect and r.status not in expect:
            raise GlewlwydError("admin %s %s: %r" % (method, path, r))
        return r

    def plugin_url(self, plugin=PLUGIN):
        return self.external_url + "/api/" + plugin

    def configure(self):
        """Scopes, the ES256 (and RS256) OIDC instance, the device user."""
        self.admin("POST", "/api/scope/", {"name": DEVICE_SCOPE, "display_name": "Device",
                                           "description": "ejwt device tests",
                                           "password_required": False})
        self.signing_jwk = es256_private_jwk("glewlwyd-es256")
        self._add_plugin(PLUGIN, self.signing_jwk)
        if self.with_rs256:
            self.signing_jwk_rs256 = rs256_private_jwk("glewlwyd-rs256")
            self._add_plugin(PLUGIN_RS256, self.signing_jwk_rs256)
        self.admin("POST", "/api/user/", {"username": USER, "password": USER_PASSWORD,
                                          "name": "Device approver", "enabled": True,
                                          "scope": [DEVICE_SCOPE, "openid"]})
        base = self.plugin_url()
        self.issuer = base
        self.token_endpoint = base + "/token"
        self.device_endpoint = base + "/device_authorization"
        self.jwks_uri = base + "/jwks"
        self.revocation_endpoint = base + "/revoke"
        self.registration_endpoint = base + "/register"
        self.introspection_endpoint = base + "/introspect"
        self.verification_uri = base + "/device"
        self.discovery_url = base + "/.well-known/openid-configuration"

    def _add_plugin(self, name, jwk):
        params = oidc_parameters(self.plugin_url(name), jwk, jwk["kid"], self.device_expiration,
                                 self.device_interval, self.access_token_duration)
        self.admin("POST", "/api/mod/plugin/", {"module": "oidc", "name": name,
                                                "display_name": "OIDC " + jwk["alg"],
                                                "enabled": True, "parameters": params})

    def add_client(self, jwk, client_id=None, scope=(DEVICE_SCOPE,), enabled=True,
                   grants=("client_credentials", "refresh_token", "device_authorization"),
                   alg="ES256"):
        """A confidential client authenticating with private_key_jwt and the
        given public JWK (a dict with kid). client_id: by default the JWK's
        kid (the RFC 7638 thumbprint `ejwt pubkey` gives). Returns the
        client document sent (its client_id under "client_id")."""
        client_id = client_id or jwk["kid"]
        doc = {"client_id": client_id, "name": client_id, "enabled": enabled,
               "confidential": True, "scope": list(scope), "redirect_uri": [],
               "authorization_type": list(grants),
               "token_endpoint_auth_method": ["private_key_jwt"],
               "token_endpoint_signing_alg": alg, "jwks": {"keys": [jwk]}}
        self.admin("POST", "/api/client/", doc)
        self.clients[client_id] = doc
        return doc

    def set_client_enabled(self, client_id, enabled):
        doc = dict(self.clients[client_id])
        doc["enabled"] = enabled
        self.admin("PUT", "/api/client/" + urllib.parse.quote(client_id), doc)
        self.clients[client_id] = doc

    def approve_device(self, user_code, client_id=None, scope=DEVICE_SCOPE, username=USER,
                       password=USER_PASSWORD):
        """The person's part of RFC 8628 without a browser: log in, consent for
        the client (client_id: by default the only one add_client made), then
        validate the user code. Returns the final Response (a 302 to the
        device-complete page)."""
        if client_id is None:
            if len(self.clients) != 1:
                raise GlewlwydError("approve_device: name the client_id")
            client_id = next(iter(self.clients))
        cookie = self.login(username, password)
        r = self.post_json("/api/auth/grant/" + urllib.parse.quote(client_id),
                           {"scope": scope}, method="PUT", cookie=cookie)
        if r.status != 200:
            raise GlewlwydError("consent: %r" % r)
        r = self.get("/api/%s/device?code=%s&g_continue" % (PLUGIN, urllib.parse.quote(user_code)),
                     cookie=cookie)
        return r


    def refresh_tokens(self, username=USER, password=USER_PASSWORD, plugin=PLUGIN):
        """The refresh tokens Glewlwyd holds for a user (its "manage refresh
        tokens" API with the user's session): a list of documents with
        client_id, issued_at, enabled, ... (never the tokens themselves)."""
        cookie = self.login(username, password)
        r = self.get("/api/%s/token" % plugin, cookie=cookie)
        if r.status != 200:
            raise GlewlwydError("refresh token list: %r" % r)
        return r.json()


def _main():
    """python3 glewlwyd.py: start, configure, print the timings and the
    endpoints, wait for Ctrl-C (or --once: stop at once)."""
    import argparse
    ap = argparse.ArgumentParser(description=_main.__doc__)
    ap.add_argument("--once", action="store_true")
    ap.add_argument("--log-level", default="INFO")
    a = ap.parse_args()
    with Glewlwyd(log_level=a.log_level) as g:
        print("glewlwyd: %s (pid %d), CA %s" % (g.origin, g.proc.pid, g.ca), flush=True)
        print("glewlwyd: start %.2f s, configure %.2f s" % (g.timings["start"],
                                                           g.timings["configure"]))
        print("glewlwyd: listening on %s" % g.listening_addresses())
        if not a.once:
            try:
                signal.pause()
            except KeyboardInterrupt:
                pass
    print("glewlwyd: stop %.2f s" % g.timings.get("stop", -1))


if __name__ == "__main__":
    _main()
