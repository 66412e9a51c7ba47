#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests: the device flow on the host against the reference backend.

usage: e2e.py --device PATH [--backend PATH] SCENARIO

Each scenario starts its own backend (examples/backend/backend.py) on a free
loopback port with a temporary state folder, runs ejwt_device_driver (the
example device flow with the test steps, tests/device_driver, on the posix
port; each process is one boot, the storage folder survives between them)
through the steps, and checks the device's transcript and the backend's log
and counters (GET /admin/stats).
Nothing leaves 127.0.0.1; every process has a time limit. The backend, the
boots, the power-cut rounds and the steps the board tests share are in
e2e_common.py.

Scenarios: happy_path, expired_assertion, replayed_jti, wrong_aud,
tampered_access_token, clock_unknown, power_cut, backend_tls, backend_protocol.
(Refresh-token rotation and reuse detection are the Glewlwyd scenarios'
now: the reference backend follows RFC 6749 section 4.4.3 and issues no
refresh token for client_credentials.)
Run with Debian's /usr/bin/python3 (python3-jwt, python3-cryptography).
"""

import argparse
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import e2e_common
from e2e_common import Failure, check

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BACKEND = os.path.join(HERE, "..", "..", "examples", "backend", "backend.py")


class Device:
    """ejwt_device_driver on one storage folder: every run() is one boot."""

    def __init__(self, exe, storage, backend, client_id):
        self.exe, self.storage, self.backend, self.client_id = exe, storage, backend, client_id

    def argv(self, steps, opts=()):
        return [self.exe, "--storage", self.storage, "--server", self.backend.server,
                "--client-id", self.client_id] + list(opts) + list(steps)

    def run(self, *steps, opts=(), expect_rc=0, timeout=60):
        return e2e_common.run_boot("device " + " ".join(steps), self.argv(steps, opts),
                                   expect_rc, timeout)

    def spawn(self, *steps, opts=()):
        return e2e_common.spawn_boot(self.argv(steps, opts))

    def cut_power(self, proc):
        proc.send_signal(signal.SIGKILL)


# ------------------------------------------------------------------ scenarios

def happy_path(env):
    b = env.backend(access_ttl=6)
    d = env.device(b, "e2e-happy")
    out = d.run("provision", "api", "command", opts=["--margin", "2"])
    check("discovery GET %s/.well-known/openid-configuration -> 200" % b.url in out,
          "first boot: discovery from the issuer URL alone")
    check("configuration stored sealed" in out, "the configuration is stored sealed")
    check("registered as e2e-happy -> 201 (RFC 7591)" in out,
          "first boot registers the device (RFC 7591, 201)")
    check("authenticated and saved" in out and "refresh token - (fingerprints)" in out,
          "first boot authenticates with an assertion (no refresh token)")
    check("GET /api/telemetry -> 200" in out, "the API call succeeds")
    check(re.search(r"command: verified .*cmd=set_interval", out), "the signed command verifies")
    check("the same command again -> refused: EJWT_ERR_REPLAYED" in out,
          "its replay is refused")
    s = b.stats(d.client_id)
    check(s["assertions"] == 1 and s["client_credentials"] == 1,
          "backend: exactly one assertion so far (%d)" % s["assertions"])
    sealed_configuration(d, b)

    e2e_common.reboot_then_reauthenticate(b, d, opts=["--margin", "2"])
    check(b.count_log(r"e2e-happy .*token: refresh") == 0, "backend log: no refresh")

    check(b.revoke(d.client_id) == 200, "admin revokes the device")
    out = d.run("api", opts=["--margin", "2"], expect_rc=1)
    check("EJWT_ERR_DEPROVISIONED" in out, "the device stops with EJWT_ERR_DEPROVISIONED")
    out = d.run("show")
    check("access=- (EJWT_ERR_NO_TOKEN)" in out, "its stored tokens are gone")
    check(b.count_log(r"e2e-happy .*api: 401 \(device revoked\)") == 1,
          "backend log: API refused the revoked device's token")


# ITS file of the sealed configuration (EJWT_DEVICE_CONFIG_UID,
# EJWT_SEALED_RECORD_UID_BASE + 0x100; the posix port names a uid's file by
# its 16 hex digits).
CONFIG_FILE = "454a575400001100.its"


def sealed_configuration(d, b):
    """What provisioning stored is sealed: none of it is readable in the
    device's storage, and a record changed there does not open."""
    out = d.run("show")
    check("configuration stored sealed" not in out and "store: access=" in out,
          "a later boot loads the stored configuration")
    names = sorted(os.listdir(d.storage))
    blobs = b"".join(open(os.path.join(d.storage, n), "rb").read() for n in names)
    for text in (d.client_id, b.url, "/token", "jwks"):
        check(text.encode() not in blobs,
              "secure storage (%s) does not hold %r in plain text" % (", ".join(names), text))
    path = os.path.join(d.storage, CONFIG_FILE)
    check(os.path.exists(path), "the configuration is the sealed record %s" % CONFIG_FILE)
    with open(path, "rb") as f:
        good = f.read()
    # Another device's record (its own sealing key), as storage moved from
    # one device to another would bring it: a well-formed file that does
    # not open here.
    other = Device(d.exe, d.storage + "-other", b, d.client_id + "-other")
    other.run("provision")
    shutil.copyfile(os.path.join(other.storage, CONFIG_FILE), path)
    out = d.run("show", expect_rc=1)
    check("EJWT_ERR_SEALED_INVALID" in out and "stored configuration" in out,
          "another device's configuration record does not open (EJWT_ERR_SEALED_INVALID)")
    with open(path, "wb") as f:
        f.write(good)


def expired_assertion(env):
    b = env.backend()
    d = env.device(b, "e2e-expired")
    d.run("provision")
    out = d.run("auth", opts=["--clock", "offset:-1000"], expect_rc=1)
    check("assertion expired" in out and "EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "an assertion signed 1000 s in the past is refused (invalid_grant)")
    out = d.run("auth", opts=["--clock", "offset:1000"], expect_rc=1)
    check("assertion issued in the future" in out, "an assertion from the future is refused")
    s = b.stats(d.client_id)
    check(s["assertions"] == 0 and s["assertions_refused"] == 2,
          "backend: no assertion accepted, two refused")
    out = d.run("api")
    check("-> 200" in out, "with the right clock the device authenticates")


FORM_TYPE = "application/x-www-form-urlencoded"


def token_request_form(d):
    """A client-credentials token request with an assertion the device signed."""
    out = d.run("assertion")
    assertion = re.search(r"assertion: (\S+)", out).group(1)
    return ("grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth"
            "%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + assertion)


def replayed_jti(env):
    b = env.backend()
    d = env.device(b, "e2e-replay")
    e2e_common.assertion_replay_refused(b, d)
    # The same, from outside the device: one signed assertion posted twice.
    form = token_request_form(d)
    s1, _, _ = b.request("/token", form, FORM_TYPE)
    s2, _, body2 = b.request("/token", form, FORM_TYPE)
    check(s1 == 200 and s2 == 400 and json.loads(body2)["error"] == "invalid_grant",
          "posted twice by hand: 200, then 400 invalid_grant")
    s = b.stats(d.client_id)
    check(s["assertions"] == 2 and s["assertions_refused"] == 2, "backend: 2 accepted, 2 refused")


def wrong_aud(env):
    b = env.backend()
    d = env.device(b, "e2e-aud")
    d.run("provision")
    for aud in (b.url + "/other", "https://127.0.0.1:%d/token" % b.port, "urn:example:token"):
        out = d.run("auth", opts=["--aud", aud], expect_rc=1)
        check("assertion aud is not" in out and "EJWT_ERR_OAUTH_INVALID_GRANT" in out,
              "aud %s refused" % aud)
    check(b.stats(d.client_id)["assertions"] == 0, "backend: no assertion accepted")


def tampered_access_token(env):
    b = env.backend()
    d = env.device(b, "e2e-tamper")
    e2e_common.tampered_token_replaced(b, d)
    # By hand: a genuine token, then one payload character changed, alg none.
    form = token_request_form(d)
    status, _, body = b.request("/token", form, FORM_TYPE)
    token = json.loads(body)["access_token"]
    status, _, _ = b.request("/api/telemetry", headers={"Authorization": "Bearer " + token})
    check(status == 200, "the genuine access token works")
    h, p, sig = token.split(".")
    i = len(p) // 2
    forged = "%s.%s%s%s.%s" % (h, p[:i], "A" if p[i] != "A" else "B", p[i + 1:], sig)
    status, headers, _ = b.request("/api/telemetry",
                                   headers={"Authorization": "Bearer " + forged})
    check(status == 401 and 'error="invalid_token"' in headers.get("WWW-Authenticate", ""),
          "one payload character changed: 401 invalid_token")
    none = "eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0." + p + "."
    status, _, _ = b.request("/api/telemetry", headers={"Authorization": "Bearer " + none})
    check(status == 401, "alg none: 401")
    status, headers, _ = b.request("/api/telemetry")
    check(status == 401 and headers.get("WWW-Authenticate", "").startswith("Bearer"),
          "no token: 401 with a Bearer challenge")


def clock_unknown(env):
    b = env.backend()
    d = env.device(b, "e2e-clock")
    d.run("provision")
    out = d.run("api", opts=["--clock", "unknown"], expect_rc=1)
    check("EJWT_ERR_TIME_UNKNOWN" in out, "with no wall clock the device refuses to sign")
    s = b.stats(d.client_id)
    check(s["assertions"] == 0 and s["assertions_refused"] == 0,
          "backend: no token request reached it")
    check(b.count_log(r"e2e-clock .*token:") == 0, "backend log: no token line")
    out = d.run("api", opts=["--clock", "date"])
    check("time learned from the backend's Date header" in out and "-> 200" in out,
          "with --clock date it learns the time from the HTTP Date header and authenticates")
    check(b.stats(d.client_id)["assertions"] == 1, "backend: one assertion")
    # Tokens saved without a wall clock have an uptime expiry: a reboot
    # without a clock cannot judge them, and signs nothing.
    out = d.run("session", opts=["--clock", "unknown"], expect_rc=1)
    check("EJWT_ERR_TIME_UNKNOWN" in out or "EJWT_ERR_EXPIRED" in out,
          "a later boot without a clock still fails closed")
    check(b.stats(d.client_id)["assertions"] == 1, "backend: still one assertion")


def power_cut(env):
    b = env.backend()
    d = env.device(b, "e2e-power")
    d.run("provision", "session")
    rng = e2e_common.seeded_rng()
    loops = int(os.environ.get("E2E_POWERCUT_ROUNDS", "25"))
    outcomes = e2e_common.power_cut_saves(d, loops, rng, max_delay=0.25, start_timeout=30)
    check(True, "%d SIGKILLs during token saves: after each, the store held the old tokens or "
          "set A or B (access+refresh: %s) and the API call succeeded" % (loops, outcomes))
    # With the network in the loop: kill while renewing (the backend may
    # have issued a token the device never saved).
    rounds = int(os.environ.get("E2E_POWERCUT_REFRESH_ROUNDS", "8"))
    for i in range(rounds):
        proc = d.spawn("refresh-loop")
        line = proc.stdout.readline()
        while line and "refresh-loop" not in line:
            line = proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.4))
        d.cut_power(proc)
        proc.wait()
        proc.stdout.close()
        out = d.run("api")
        if "GET /api/telemetry -> 200" not in out:
            raise Failure("refresh round %d: the device did not authenticate after the cut" % i)
    s = b.stats(d.client_id)
    check(True, "%d SIGKILLs during token renewals: the device authenticated after each "
          "(backend: %d client_credentials grants)" % (rounds, s["client_credentials"]))


def backend_tls(env):
    b = env.backend(tls=True)
    check(b.scheme == "https" and os.path.exists(b.ca), "backend serves HTTPS and wrote ca.pem")
    ctx = ssl.create_default_context(cafile=b.ca)
    for host in ("localhost", "127.0.0.1"):
        with urllib.request.urlopen("https://%s:%d/jwks.json" % (host, b.port), context=ctx,
                                    timeout=10) as r:
            keys = json.loads(r.read())["keys"]
        check(r.status == 200 and keys[0]["alg"] == "ES256",
              "https://%s: certificate verifies against ca.pem (hostname checked)" % host)
    try:
        urllib.request.urlopen("https://127.0.0.1:%d/jwks.json" % b.port,
                               context=ssl.create_default_context(), timeout=10)
        raise Failure("a client without ca.pem was accepted")
    except urllib.error.URLError as e:
        check(isinstance(e.reason, ssl.SSLCertVerificationError),
              "a client that does not trust ca.pem refuses the certificate")
    cert = subprocess.run(["openssl", "x509", "-in", os.path.join(os.path.dirname(b.ca),
                                                                  "server.pem"),
                           "-noout", "-text"], capture_output=True, text=True)
    if cert.returncode == 0:
        check("DNS:localhost" in cert.stdout and "IP Address:127.0.0.1" in cert.stdout,
              "server certificate SANs: localhost, 127.0.0.1")


def backend_protocol(env):
    """The reference backend speaks RFC 7591, RFC 6749 and discovery as a
    real server does: what the device relies on, and what it must refuse."""
    b = env.backend(extra=["--register-path", "/oauth/register"])
    status, _, body = b.request("/.well-known/openid-configuration")
    md = json.loads(body)
    check(status == 200 and md["issuer"] == b.url and md["token_endpoint"] == b.url + "/token",
          "discovery: issuer and token endpoint")
    check(md["registration_endpoint"] == b.url + "/oauth/register" and
          md["token_endpoint_auth_methods_supported"] == ["private_key_jwt"] and
          md["token_endpoint_auth_signing_alg_values_supported"] == ["ES256"] and
          md["grant_types_supported"] == ["client_credentials"],
          "discovery: the configured registration path, private_key_jwt with ES256")
    status2, _, body2 = b.request("/.well-known/oauth-authorization-server")
    check(status2 == 200 and json.loads(body2) == md, "RFC 8414 path: the same document")
    # The device registers where discovery says, not at /register.
    d = env.device(b, "e2e-proto")
    out = d.run("provision")
    check("registered as e2e-proto -> 201 (RFC 7591)" in out and
          b.count_log(r"e2e-proto .*register: 201 new device") == 1,
          "the device registers at the discovered endpoint")
    status, _, _ = b.request("/register", "{}", "application/json")
    check(status == 404, "POST /register is not the registration endpoint here: 404")
    reg = "/oauth/register"
    # RFC 7591 section 3.2.2: invalid_client_metadata for what it cannot do.
    for doc, what in (({"token_endpoint_auth_method": "client_secret_basic",
                        "jwks": {"keys": []}}, "no key"),
                      ({"token_endpoint_auth_method": "client_secret_basic"}, "no jwks"),
                      ({"token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "x"},
                       "jwks_uri")):
        status, _, body = b.request(reg, json.dumps(doc), "application/json")
        check(status == 400 and json.loads(body)["error"] == "invalid_client_metadata",
              "registration refused (%s): 400 invalid_client_metadata" % what)
    status, _, body = b.request(reg, "{}", "text/plain")
    check(status == 400 and json.loads(body)["error"] == "invalid_client_metadata",
          "registration that is not application/json: 400 invalid_client_metadata")
    # RFC 6749: client_credentials without a refresh token; no refresh grant.
    form = token_request_form(d)
    status, _, body = b.request("/token", form, FORM_TYPE)
    answer = json.loads(body)
    check(status == 200 and "refresh_token" not in answer and
          answer["token_type"] == "Bearer" and answer["scope"] == "telemetry commands",
          "client_credentials: an access token and no refresh token (section 4.4.3)")
    status, _, body = b.request("/token", "grant_type=refresh_token&refresh_token=x&" +
                                token_request_form(d).split("&", 1)[1], FORM_TYPE)
    check(status == 400 and json.loads(body)["error"] == "unsupported_grant_type",
          "refresh_token grant: 400 unsupported_grant_type")
    status, _, body = b.request("/token", token_request_form(d) + "&client_id=someone-else",
                                FORM_TYPE)
    check(status == 401 and json.loads(body)["error"] == "invalid_client",
          "a client_id beside the assertion that is not its client: 401 invalid_client")
    status, _, body = b.request("/token", token_request_form(d) + "&scope=admin", FORM_TYPE)
    check(status == 400 and json.loads(body)["error"] == "invalid_scope",
          "a scope the backend does not grant: 400 invalid_scope")
    status, _, body = b.request("/token", token_request_form(d) + "&scope=telemetry", FORM_TYPE)
    check(status == 200 and json.loads(body)["scope"] == "telemetry",
          "a narrower scope is granted as asked")


SCENARIOS = {f.__name__: f for f in (happy_path, expired_assertion, replayed_jti, wrong_aud,
                                     tampered_access_token, clock_unknown, power_cut,
                                     backend_tls, backend_protocol)}


class Env:
    def __init__(self, args, tmp):
        self.args, self.tmp, self.backends = args, tmp, []

    def backend(self, **kw):  # access_ttl, tls, extra (backend.py options)
        b = e2e_common.Backend(self.args.backend,
                               os.path.join(self.tmp, "backend%d" % len(self.backends)), **kw)
        self.backends.append(b)
        return b

    def device(self, backend, client_id):
        return Device(self.args.device, os.path.join(self.tmp, "device-" + client_id), backend,
                      client_id)

    def close(self):
        for b in self.backends:
            b.stop()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", required=True, help="ejwt_device_driver")
    p.add_argument("--backend", default=DEFAULT_BACKEND, help="examples/backend/backend.py")
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    args = p.parse_args()
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="ejwt-e2e-") as tmp:
        if e2e_common.run_scenario(args.scenario, SCENARIOS[args.scenario], Env(args, tmp)):
            return 1
    print("e2e: PASS: %s (%.1f s)" % (args.scenario, time.time() - start), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
