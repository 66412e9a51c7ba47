# SPDX-License-Identifier: Apache-2.0
"""`ejwt device` against Glewlwyd (unmodified, from Debian), one ctest test each.

usage: device_cli.py --ejwt PATH [--keep DIR] NAME      (NAME: see SCENARIOS; "list")

The device is the `ejwt device` command itself: its key and tokens live in a
storage folder (PSA ITS files of the posix port), it finds the endpoints by
discovery, registers with RFC 7591, and runs the library's OAuth session over
its own HTTPS client. The harness (glewlwyd.py) starts and configures the
server, plays the administrator and the person who approves a device grant,
and reads the CLI's request log ("device: METHOD URL -> STATUS (sent N bytes,
received M; at T ms)") to count requests and their spacing. Every scenario
starts its own server and stops it, also when a check fails. `usage` needs
no server.

Exit 0 when every check passed, 1 when one failed (FAIL line), 2 usage.
"""

import json
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glewlwyd as G  # noqa: E402
import scenarios  # noqa: E402
from scenarios import EXPECTED, Failure, check, jwt_parts  # noqa: E402

CLI_TIMEOUT = 90  # seconds per ejwt run (a device grant polls for a while)
REQUEST_LINE = re.compile(
    r"^device: (GET|POST) (\S+) -> (\d+|no answer)(?: \(sent (\d+) bytes, body (\d+), "
    r"received (\d+); at (\d+) ms\))?")
PROMPT = re.compile(r"^open (\S+) and enter (\S+)$")
RETRY_MIN_MS = 500  # EJWT_RETRY_MIN_MS (retry.h): the backoff floor
RETRY_BASE_MS = 2000  # EJWT_RETRY_BASE_MS: the first backoff window


def requests(stderr):
    """The request log: (method, url, status or None, sent, at_ms, body) per line."""
    out = []
    for line in stderr.splitlines():
        m = REQUEST_LINE.match(line)
        if m:
            status = None if m.group(3) == "no answer" else int(m.group(3))
            out.append((m.group(1), m.group(2), status, int(m.group(4) or 0),
                        int(m.group(7) or 0), int(m.group(5) or 0)))
    return out


def error_name(stderr):
    m = re.search(r"^error: (EJWT_ERR_[A-Z0-9_]+): ", stderr, re.M)
    return m.group(1) if m else None


class DeviceCli:
    """One device: the ejwt CLI with its own storage folder."""

    def __init__(self, ejwt, storage, options=()):
        self.ejwt = os.path.abspath(ejwt)
        self.storage = storage
        self.options = list(options)  # device options before every command

    def run(self, *args, expect_rc=0, env=None, storage=True, cwd=None):
        cmd = [self.ejwt, "device"] + (["--storage", self.storage] if storage else []) + \
            self.options + list(args)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=CLI_TIMEOUT, env=env,
                           cwd=cwd)
        if expect_rc is not None and p.returncode != expect_rc:
            raise Failure("ejwt device %s: exit %d, expected %d:\n%s" %
                          (" ".join(args), p.returncode, expect_rc, p.stderr.strip()))
        return p

    def refused(self, what, name, *args, **kw):
        """A run that must exit 1 with `error: <name>: ...`."""
        p = self.run(*args, expect_rc=1, **kw)
        check(error_name(p.stderr) == name, "%s: exit 1, %s (%s)" %
              (what, name, p.stderr.strip().splitlines()[-1]))
        return p

    def jwk(self):
        return json.loads(self.run("jwk").stdout)

    def provision(self, g, *extra):
        return self.run("provision", "--issuer", g.issuer, "--ca", g.ca,
                        "--scope", G.DEVICE_SCOPE, *extra)

    def token(self):
        p = self.run("token")
        return p.stdout.strip(), requests(p.stderr)

    def login_device_code(self, g, approve=True, extra=(), delay=0.0):
        """login --grant device_code in the background; the harness reads the
        prompt from its stderr and approves as the person (unless approve is
        False) after delay seconds. Returns (exit code, stderr, the user code)."""
        cmd = [self.ejwt, "device", "--storage", self.storage] + self.options + list(extra) + [
            "login", "--grant", "device_code"]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines, code = [], None
        try:
            for line in p.stderr:
                lines.append(line)
                m = PROMPT.match(line.rstrip("\n"))
                if m and code is None:
                    code = m.group(2)
                    check(m.group(1) == g.verification_uri,
                          "the prompt names the verification URI %s" % m.group(1))
                    if approve:
                        time.sleep(delay)
                        r = g.approve_device(code)
                        check(r.status == 302 and "prompt=deviceComplete" in
                              (r.header("Location") or ""), "the person approves %s" % code)
            rc = p.wait(timeout=CLI_TIMEOUT)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        stderr = "".join(lines)
        p.stdout.close()
        p.stderr.close()
        return rc, stderr, code


def gaps(reqs):
    return [b[4] - a[4] for a, b in zip(reqs, reqs[1:])]


def device_client(g, ejwt, scope=(G.DEVICE_SCOPE,)):
    """A device whose key Glewlwyd knows: `ejwt device jwk`, then the admin
    API registers that JWK under its kid (the RFC 7638 thumbprint)."""
    d = DeviceCli(ejwt, os.path.join(g.dir, "device"))
    jwk = d.jwk()
    check(set(jwk) >= {"kty", "crv", "x", "y", "kid"} and "d" not in jwk,
          "ejwt device jwk: a public P-256 JWK, kid %s" % jwk["kid"])
    g.add_client(jwk, scope=scope)
    d.client_id = jwk["kid"]
    return d


def answers(stderr):
    """The session's verdicts on answers that were not a success."""
    return re.findall(r"^device: answer: (EJWT_ERR_[A-Z_]+)$", stderr, re.M)


def device_login(g, d, extra=(), log=None, delay=0.0):
    """A device grant login that succeeds (approved after delay seconds);
    returns its request log (and, in the list log, the session's verdicts)."""
    rc, stderr, code = d.login_device_code(g, extra=extra, delay=delay)
    if rc != 0:
        raise Failure("login --grant device_code: exit %d:\n%s" % (rc, stderr))
    if log is not None:
        log.extend(answers(stderr))
    return requests(stderr), code


# ----------------------------------------------------------------- scenarios

def s_provision(g, ejwt):
    """Provisioning by discovery: the endpoints found, the CA pinned, the
    client id given or the key's thumbprint; refusals for a wrong issuer,
    another CA, a swapped ca.pem, http://."""
    d = device_client(g, ejwt)
    p = d.provision(g, "--client-id", d.client_id)
    reqs = requests(p.stderr)
    check([(r[0], r[1], r[2]) for r in reqs] ==
          [("GET", g.discovery_url, 200), ("GET", g.jwks_uri, 200)],
          "two requests: GET %s, then the JWK Set from its jwks_uri" % g.discovery_url)
    check(p.stdout.strip() == d.client_id, "provision prints the client id %s" % d.client_id)
    check(os.path.isfile(os.path.join(d.storage, "ca.pem")), "the CA is kept in the storage folder")
    # Without --client-id the client id is the key's thumbprint: the same here.
    p = d.provision(g)
    check(p.stdout.strip() == d.client_id, "the default client id is the kid")
    d.run("login")
    check(True, "login client_credentials with the discovered token endpoint")
    # Refusals.
    d2 = DeviceCli(ejwt, os.path.join(g.dir, "other"))
    d2.refused("an issuer with a trailing '/'", "EJWT_ERR_METADATA_ISSUER",
               "provision", "--issuer", g.issuer + "/", "--ca", g.ca)
    other_ca = os.path.join(g.dir, "other-ca")
    os.makedirs(other_ca)
    ca2, _, _ = G.make_ca(other_ca)
    d2.refused("another CA", "EJWT_ERR_INSECURE_URL", "provision", "--issuer", g.issuer,
               "--ca", ca2)
    d2.refused("an http:// issuer", "EJWT_ERR_INSECURE_URL", "provision", "--issuer",
               "http://%s:%d/api/oidc" % (G.HOST, g.port), "--ca", g.ca)
    with open(ca2, "rb") as f:
        other = f.read()
    with open(os.path.join(d.storage, "ca.pem"), "wb") as f:
        f.write(other)
    d.refused("ca.pem swapped after provisioning", "EJWT_ERR_SEALED_INVALID", "token")
    with open(g.ca, "rb") as f:
        good = f.read()
    with open(os.path.join(d.storage, "ca.pem"), "wb") as f:
        f.write(good)
    d.run("token")
    check(True, "control: the provisioned CA back, token works")


def s_register(g, ejwt):
    """RFC 7591 from the device: the registered client exists with the
    device's JWK and gets tokens; Glewlwyd's refusal without redirect_uris."""
    d = DeviceCli(ejwt, os.path.join(g.dir, "device"))
    jwk = d.jwk()
    d.refused("register without redirect_uris (responses.json register.no_redirect_uris: %s)"
              % EXPECTED["register.no_redirect_uris"]["body"]["error"], "EJWT_ERR_REDIRECT_URI",
              "provision", "--issuer", g.issuer, "--ca", g.ca, "--scope", G.DEVICE_SCOPE,
              "--register", "--glewlwyd")
    p = d.provision(g, "--register", "--glewlwyd", "--redirect-uri", "https://127.0.0.1/unused")
    client_id = p.stdout.strip()
    reqs = requests(p.stderr)
    check([(r[0], r[1], r[2]) for r in reqs] ==
          [("GET", g.discovery_url, 200), ("POST", g.registration_endpoint, 200),
           ("GET", g.jwks_uri, 200)],
          "discovery, then POST %s -> 200, then the JWK Set" % g.registration_endpoint)
    print("glewlwyd: measured: registration request %d bytes (body %d)" % (reqs[1][3], reqs[1][5]),
          flush=True)
    doc = g.admin("GET", "/api/client/" + client_id).json()
    keys = doc.get("jwks", {}).get("keys", [])
    check(client_id != jwk["kid"] and [k.get("kid") for k in keys] == [jwk["kid"]] and
          keys[0]["x"] == jwk["x"], "the server registered client %s with the device's JWK"
          % client_id)
    d.run("login")
    t, _ = d.token()
    check(jwt_parts(t)[1]["client_id"] == client_id, "the registered client gets tokens")


def s_client_credentials(g, ejwt):
    """login → token → a verified token; a second process reuses it without
    a request; get with the bearer; a 401 renews once."""
    d = device_client(g, ejwt)
    d.provision(g)
    p = d.run("login")
    reqs = requests(p.stderr)
    check([(r[0], r[1], r[2]) for r in reqs] == [("POST", g.token_endpoint, 200)],
          "login: one POST %s -> 200" % g.token_endpoint)
    t, reqs = d.token()
    check(reqs == [], "token: the stored access token, no request (a second process)")
    jwks_file = os.path.join(g.dir, "jwks.json")
    with open(jwks_file, "w") as f:
        f.write(g.get(g.jwks_uri).body)
    v = subprocess.run([ejwt, "verify", "--jwk", jwks_file, "--alg", "ES256", "--iss", g.issuer,
                        "--aud", G.DEVICE_SCOPE, "--typ", "at+jwt", "--leeway", "5", "-"],
                       input=t, capture_output=True, text=True, timeout=20)
    check(v.returncode == 0 and json.loads(v.stdout)["client_id"] == d.client_id,
          "ejwt verify with jwks_uri: the token is the device's (client_id %s)" % d.client_id)
    t2, reqs = d.token()
    check(t2 == t and reqs == [], "token again: the same token, no request")
    p = d.run("get", g.jwks_uri)
    check(json.loads(p.stdout) == json.loads(g.get(g.jwks_uri).body),
          "get %s: the body on stdout" % g.jwks_uri)
    # /api/profile/ wants a session cookie: 401 to any bearer. The CLI renews
    # the token once and repeats the call once, then stops.
    p = d.refused("get an endpoint that answers 401", "EJWT_ERR_HTTP_UNAUTHORIZED",
                  "get", g.origin + "/api/profile/")
    reqs = [(r[0], r[1], r[2]) for r in requests(p.stderr)]
    check(reqs == [("GET", g.origin + "/api/profile/", 401), ("POST", g.token_endpoint, 200),
                   ("GET", g.origin + "/api/profile/", 401)],
          "401 -> a new token -> one retry -> 401: %s" % reqs)


def s_device_grant(g, ejwt):
    """login --grant device_code: the prompt, pending polls at the interval,
    the person's approval, tokens stored; userinfo with the token; a second
    process reuses them."""
    d = device_client(g, ejwt, scope=(G.DEVICE_SCOPE, "openid"))
    d.run("provision", "--issuer", g.issuer, "--ca", g.ca, "--scope", "openid " + G.DEVICE_SCOPE)
    verdicts = []
    # Approved after two intervals: the log shows polls refused as pending first.
    reqs, code = device_login(g, d, log=verdicts, delay=G.DEVICE_INTERVAL * 2 + 0.5)
    kinds = [(r[0], r[1], r[2]) for r in reqs]
    check(kinds[0] == ("POST", g.device_endpoint, 200), "a device authorization request")
    polls = reqs[1:]
    check(all(r[1] == g.token_endpoint for r in polls) and polls[-1][2] == 200 and
          all(r[2] == 400 for r in polls[:-1]) and len(polls) >= 2,
          "%d polls: %d answered 400 before the approval, then 200" %
          (len(polls), len(polls) - 1))
    check(len(verdicts) == len(polls) - 1 and
          set(verdicts) <= {"EJWT_ERR_AUTHORIZATION_PENDING", "EJWT_ERR_SLOW_DOWN"} and
          "EJWT_ERR_AUTHORIZATION_PENDING" in verdicts,
          "the log names each refused poll: %s" % verdicts)
    # Each poll after its predecessor by at least the interval, and by the
    # interval plus 5 s after a slow_down (RFC 8628 section 3.5).
    g_ = gaps(reqs[1:])
    floor, need = G.DEVICE_INTERVAL * 1000, []
    for v in verdicts:
        if v == "EJWT_ERR_SLOW_DOWN":
            floor += 5000
        need.append(floor)
    check(all(x >= n for x, n in zip(g_, need)),
          "polls apart by at least the interval (%s ms): %s ms" % (need, g_))
    print("glewlwyd: measured: device authorization request %d bytes (body %d), each poll %d "
          "bytes (body %d), %d polls: %d bytes for the login" %
          (reqs[0][3], reqs[0][5], polls[0][3], polls[0][5], len(polls),
           sum(r[3] for r in reqs)), flush=True)
    t, none = d.token()
    claims = jwt_parts(t)[1]
    check(none == [] and claims["client_id"] == d.client_id and claims["sub"] != d.client_id,
          "token: no request; the person's token for the device")
    p = d.run("get", g.issuer + "/userinfo")
    check(json.loads(p.stdout).get("sub") == claims["sub"],
          "get userinfo with the bearer: the person's sub")
    check(len(g.refresh_tokens()) == 1, "the server holds one refresh token for the person")
    d.run("logout")
    d.refused("token after logout with the device grant configured", "EJWT_ERR_NO_TOKEN", "token")


def s_refresh(g, ejwt):
    """A token past its expiry is refreshed with rotation: the server
    disables the old refresh token; the new tokens survive a reboot."""
    d = device_client(g, ejwt)
    d.options = ["--refresh-margin", "2"]  # the access tokens live 6 s here
    d.provision(g)
    device_login(g, d)
    before = g.refresh_tokens()
    check(len(before) == 1 and before[0]["enabled"], "one enabled refresh token after login")
    t1, reqs = d.token()
    check(reqs == [], "token inside the lifetime: no request")
    exp = jwt_parts(t1)[1]["exp"]
    time.sleep(max(0.0, exp - time.time()) + 0.5)
    p = d.run("token")
    t2 = p.stdout.strip()
    reqs = requests(p.stderr)
    check([(r[0], r[1], r[2]) for r in reqs] == [("POST", g.token_endpoint, 200)] and t2 != t1,
          "token after expiry: one refresh, a new access token")
    print("glewlwyd: measured: refresh request %d bytes (body %d)" % (reqs[0][3], reqs[0][5]),
          flush=True)
    after = g.refresh_tokens()
    check(len(after) == 2 and sorted(x["enabled"] for x in after) == [False, True],
          "rotation: the old refresh token is disabled, the new one enabled")
    t3, reqs = d.token()
    check(t3 == t2 and reqs == [], "a new process reuses the refreshed token without a request")


def s_expired(g, ejwt):
    """A user code nobody approves: the login ends with exit 1 and
    EJWT_ERR_DEVICE_CODE_EXPIRED."""
    d = device_client(g, ejwt)
    d.provision(g)
    rc, stderr, code = d.login_device_code(g, approve=False)
    check(rc == 1 and error_name(stderr) == "EJWT_ERR_DEVICE_CODE_EXPIRED",
          "not approved within %d s: exit 1, EJWT_ERR_DEVICE_CODE_EXPIRED" % g.device_expiration)
    reqs = requests(stderr)
    check(reqs[0][1] == g.device_endpoint and all(r[1] == g.token_endpoint for r in reqs[1:]),
          "a device authorization request, then %d polls" % (len(reqs) - 1))
    check(len(g.refresh_tokens()) == 0, "no refresh token was issued")


def s_logout(g, ejwt):
    """logout revokes the refresh token (RFC 7009) and wipes the store."""
    d = device_client(g, ejwt)
    d.provision(g)
    device_login(g, d)
    check([x["enabled"] for x in g.refresh_tokens()] == [True], "an enabled refresh token")
    p = d.run("logout")
    reqs = [(r[0], r[1], r[2]) for r in requests(p.stderr)]
    check(reqs == [("POST", g.revocation_endpoint, 200)], "POST %s -> 200" %
          g.revocation_endpoint)
    check([x["enabled"] for x in g.refresh_tokens()] == [False],
          "the server says the refresh token is disabled (revoked)")
    d.refused("token after logout", "EJWT_ERR_NO_TOKEN", "token")
    p = d.run("logout")
    check(requests(p.stderr) == [], "a second logout: nothing to revoke, no request")


def s_disabled(g, ejwt):
    """A disabled client (Glewlwyd answers 500): the login ends after
    --max-wait with exit 1 and EJWT_ERR_OAUTH_RETRY, its requests backed off."""
    d = device_client(g, ejwt)
    d.provision(g)
    g.set_client_enabled(d.client_id, False)
    max_wait = 8  # the first three requests go out within 0 + 2 + 4 s
    p = d.refused("login by a disabled client", "EJWT_ERR_OAUTH_RETRY",
                  "--max-wait", str(max_wait), "login")
    reqs = requests(p.stderr)
    exp = EXPECTED["token.disabled_client"]
    check(len(reqs) >= 3 and all(r[1] == g.token_endpoint and r[2] == exp["status"]
                                 for r in reqs),
          "%d requests, each answered %d (responses.json token.disabled_client)" %
          (len(reqs), exp["status"]))
    check("after %d requests" % len(reqs) in p.stderr, "the error names the %d requests" %
          len(reqs))
    gs = gaps(reqs)
    # The session's waits, as the CLI slept them: one before each retry.
    waits = [int(x) for x in re.findall(r"^device: wait (\d+) ms$", p.stderr, re.M)]
    windows = [RETRY_BASE_MS * 2 ** i for i in range(len(gs))]
    check(len(waits) == len(gs) and all(g_ >= w for g_, w in zip(gs, waits)),
          "a wait before each retry, the requests at least that far apart: waits %s, gaps %s ms"
          % (waits, gs))
    check(all(x >= RETRY_MIN_MS for x in gs),
          "requests never closer than the %d ms backoff floor: %s ms" % (RETRY_MIN_MS, gs))
    check(all(w <= win for w, win in zip(waits, windows)),
          "each wait inside its full-jitter window (the windows grow: %s ms): %s ms" %
          (windows, waits))
    check(reqs[-1][4] <= max_wait * 1000, "no request after --max-wait")
    g.set_client_enabled(d.client_id, True)
    d.run("login")
    check(True, "control: enabled again, the login succeeds")


class CraftedServer:
    """A TLS server on loopback with the Glewlwyd test CA's leaf that answers
    every request with the next crafted byte string (then closes), and keeps
    the request heads it got. For the CLI's HTTP client: chunked bodies,
    bounds, malformed answers."""

    def __init__(self, g, answers, tls_max=None, host=G.HOST):
        self.answers = list(answers)
        self.closed = False
        self.heads = []
        self.versions = []
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(g.cert, g.key)
        if tls_max is not None:
            ctx.maximum_version = tls_max
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.host = host
        self.sock.bind((host, 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.ctx = ctx
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.answers:
            try:
                conn, _ = self.sock.accept()
                with self.ctx.wrap_socket(conn, server_side=True) as c:
                    self.versions.append(c.version())
                    data = b""
                    while b"\r\n\r\n" not in data:
                        chunk = c.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    self.heads.append(data.split(b"\r\n\r\n", 1)[0].decode(errors="replace"))
                    c.sendall(self.answers.pop(0))
            except OSError:
                if self.closed:
                    break

    def url(self, path="/api"):
        return "https://%s:%d%s" % (self.host, self.port, path)

    def close(self):
        self.closed = True
        self.sock.close()


def s_http(g, ejwt):
    """The CLI's HTTP/1.1 client against crafted answers (a loopback TLS
    server with the test CA's certificate): Content-Length, chunked and
    close-delimited bodies are read exactly; an over-long body, a bad chunk,
    a short body, a non-HTTP status line are refused with their codes."""
    d = device_client(g, ejwt)
    d.provision(g)
    d.run("login")
    big = b"x" * (32 * 1024)
    answers = [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 0, "hello",
         "Content-Length"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         b"4\r\nchun\r\n3;ext=1\r\nked\r\n0\r\nTrailer: x\r\n\r\n", 0, "chunked", "chunked"),
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", 0, "until the end",
         "close-delimited"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(big) + big, 1,
         "EJWT_ERR_LIMIT", "a body over the 32 KiB bound"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n", 1,
         "EJWT_ERR_OAUTH_RESPONSE", "a chunk size that is not hex"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 1, "EJWT_ERR_OAUTH_RESPONSE",
         "a body shorter than its Content-Length"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", 1,
         "EJWT_ERR_OAUTH_RESPONSE", "two different Content-Lengths"),
        (b"ICY 200 OK\r\n\r\n", 1, "EJWT_ERR_OAUTH_RESPONSE", "not an HTTP status line"),
        (b"HTTP/1.1 200 OK\r\nX: " + b"y" * 4096 + b"\r\n\r\n", 1, "EJWT_ERR_LIMIT",
         "a header line over its bound"),
        (b"HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy", 1, "EJWT_ERR_OAUTH_REFUSED",
         "a 503: the body on stdout, exit 1"),
    ]
    srv = CraftedServer(g, [a[0] for a in answers])
    try:
        for raw, rc, expect, what in answers:
            p = d.run("get", srv.url(), expect_rc=rc)
            if rc == 0:
                check(p.stdout == expect, "%s: the body %r on stdout" % (what, expect))
            else:
                check(error_name(p.stderr) == expect, "%s: exit 1, %s" % (what, expect))
    finally:
        srv.close()
    head = srv.heads[0].split("\r\n")
    check(head[0] == "GET /api HTTP/1.1" and "Host: %s:%d" % (G.HOST, srv.port) in head and
          "Connection: close" in head and any(h.startswith("Authorization: Bearer ey")
                                             for h in head),
          "the request: GET /api HTTP/1.1, Host, Connection: close, the bearer token")
    check(len(srv.heads) == len(answers), "one connection per request (%d)" % len(srv.heads))
    check(set(srv.versions) == {"TLSv1.3"}, "TLS 1.3 when the server offers it")
    srv = CraftedServer(g, [b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ntls12"],
                        tls_max=ssl.TLSVersion.TLSv1_2)
    try:
        p = d.run("get", srv.url())
    finally:
        srv.close()
    check(p.stdout == "tls12" and srv.versions == ["TLSv1.2"],
          "a server that speaks TLS 1.2 at most: %s, the body read" % srv.versions)
    # The certificate names 127.0.0.1 and localhost, not 127.0.0.2 (loopback too).
    srv = CraftedServer(g, [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno"], host="127.0.0.2")
    try:
        d.refused("a server whose certificate names another host", "EJWT_ERR_INSECURE_URL",
                  "get", srv.url())
    finally:
        srv.close()
    check(srv.heads == [], "nothing was sent to it")


def s_usage(_g, ejwt):
    """Usage errors exit 2; the storage folder: --storage, $EJWT_STORAGE_DIR,
    else ./ejwt-device."""
    with tempfile.TemporaryDirectory(prefix="ejwt-device-usage-") as tmp:
        usage_in(ejwt, tmp)


def usage_in(ejwt, tmp):
    d = DeviceCli(ejwt, os.path.join(tmp, "s"))
    for args, what in (((), "no command"), (("frobnicate",), "an unknown command"),
                       (("--bogus", "jwk"), "an unknown option"),
                       (("--max-wait", "soon", "login"), "--max-wait not a number"),
                       (("--max-wait",), "--max-wait without a value"),
                       (("provision",), "provision without --issuer"),
                       (("provision", "--issuer", "https://127.0.0.1:1/x", "--register",
                         "--client-id", "c"), "--register with --client-id"),
                       (("get",), "get without a URL"),
                       (("get", "http://127.0.0.1/"), "get with an http URL"),
                       (("login", "--grant", "password"), "an unknown grant"),
                       (("token",), "token before provisioning"),
                       (("logout",), "logout before provisioning")):
        p = d.run(*args, expect_rc=None)
        check(p.returncode == 2 and p.stdout == "", "%s: exit 2" % what)
    p = d.run("provision", "--issuer", "https://127.0.0.1:1/x", "--ca", "/nonexistent/ca.pem",
              expect_rc=None)
    check(p.returncode == 2, "an unreadable --ca: exit 2")
    env = dict(os.environ)
    env.pop("EJWT_STORAGE_DIR", None)
    cwd = os.path.join(tmp, "cwd")
    os.makedirs(cwd)
    a = d.run("jwk", storage=False, env=env, cwd=cwd).stdout
    check(os.path.isdir(os.path.join(cwd, "ejwt-device")), "no --storage, no $EJWT_STORAGE_DIR: "
          "./ejwt-device")
    check(d.run("jwk", storage=False, env=env, cwd=cwd).stdout == a,
          "the key persists: the same JWK twice")
    env["EJWT_STORAGE_DIR"] = os.path.join(tmp, "env")
    b = d.run("jwk", storage=False, env=env, cwd=cwd).stdout
    check(b != a and os.path.isdir(env["EJWT_STORAGE_DIR"]), "$EJWT_STORAGE_DIR: another folder, "
          "another key")
    c = d.run("jwk", env=env, cwd=cwd).stdout
    check(c not in (a, b), "--storage wins over $EJWT_STORAGE_DIR")
    p = subprocess.run([ejwt, "device", "--help"], capture_output=True, text=True, timeout=20)
    check(p.returncode == 0 and "provision" in p.stdout, "device --help: exit 0, the usage")


SCENARIOS = {
    "provision": (s_provision, {"rs256": False}),
    "register": (s_register, {"rs256": False}),
    "client_credentials": (s_client_credentials, {"rs256": False}),
    "device_grant": (s_device_grant, {"rs256": False}),
    "refresh": (s_refresh, {"rs256": False, "access_token_duration": 6}),
    "expired": (s_expired, {"rs256": False, "device_expiration": 3}),
    "logout": (s_logout, {"rs256": False}),
    "disabled": (s_disabled, {"rs256": False}),
    "http": (s_http, {"rs256": False}),
    "usage": (s_usage, None),  # no server
}


if __name__ == "__main__":
    sys.exit(scenarios.main(SCENARIOS, "device_cli_"))
