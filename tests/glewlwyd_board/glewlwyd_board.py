#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Board scenarios against Glewlwyd: the device firmware on mps2-an385 and a real server.

usage: glewlwyd_board.py --firmware ELF --runner boards/qemu-run SCENARIO

Each scenario starts its own Glewlwyd (Debian's package, unmodified; started
and configured by tests/glewlwyd/glewlwyd.py, HTTPS with its own CA) on a free
loopback port and boots the tests' device image (tests/device_driver: the
example flow of examples/board_device with the test steps) under QEMU through
the e2e_board plumbing (tests/e2e_board/e2e_board.py): UART0 dials the
server's port, the flash is a file of the scenario (a second boot is a
reboot), the factory region holds the issuer URL, the grant, the scope, an
optional client id and the CA certificate. The checks read the device's
transcript and ask the server (admin REST API). The person's approval of a
device grant is glewlwyd.py's approve_device(). Nothing leaves 127.0.0.1;
every boot has a time limit.

Scenarios: discovery, registration, client_credentials, device_grant,
expired_token, revocation, disabled_client.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "glewlwyd"))
sys.path.insert(0, os.path.join(HERE, "..", "e2e_board"))
import glewlwyd  # noqa: E402  (read-only use of the harness)
import e2e_board  # noqa: E402
import e2e_common  # noqa: E402  (e2e_board put tests/e2e on the path)
from e2e_common import Failure, check  # noqa: E402

e2e_common.TAG = "glewlwyd_board"
BOOT_TIMEOUT = 170  # s, one QEMU boot (the runner's own limit is 150 s)
PROMPT = re.compile(r"device grant: open (\S+) and enter (\S+)")
SHOW = re.compile(r"store: access=(\S+) \((\w+)\) refresh=(\S+) \((\w+)\)")
DEVICE_GRANTS = ("client_credentials", "refresh_token", "device_authorization")


class Server:
    """What e2e_board.Board needs of its server: the port UART0 dials and
    the issuer written to the factory region."""

    def __init__(self, g):
        self.port, self.issuer = g.port, g.issuer


class Env:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.runner = os.path.abspath(args.runner)
        self.servers = []
        shutil.copyfile(args.firmware, os.path.join(work, "fw.elf"))

    def glewlwyd(self, **kw):
        g = glewlwyd.Glewlwyd(os.path.join(self.work, "glewlwyd%d" % len(self.servers)),
                              rs256=False, **kw)
        os.makedirs(g.dir)
        self.servers.append(g)
        g.start()
        print("glewlwyd_board: glewlwyd %s: start %.1f s, configure %.1f s"
              % (g.issuer, g.timings["start"], g.timings["configure"]), flush=True)
        return g

    def board(self, g, name, grant="client_credentials", client_id=None, profile=None):
        d = e2e_board.Board(self, Server(g), name)
        d.ca = g.ca  # absolute: the harness's CA certificate
        d.factory = {"issuer": g.issuer, "grant": grant, "scope": glewlwyd.DEVICE_SCOPE,
                     "client_id": client_id, "profile": profile}
        return d

    def close(self):
        for g in self.servers:
            g.stop()


# ------------------------------------------------------------------ helpers

def admin_client(g, d, client_id, grants):
    """The administrator registers the device's key (boot 'pubkey') as a
    private_key_jwt client."""
    out = d.run("pubkey")
    m = re.search(r"pubkey: (\{.*\})", out)
    check(m is not None, "the device printed its public JWK")
    jwk = json.loads(m.group(1))
    g.add_client(jwk, client_id, grants=grants)
    return jwk


def show(out):
    m = SHOW.search(out)
    if not m:
        raise Failure("no store line in the transcript")
    return m.groups()


class Boot:
    """A boot read line by line while the test plays the person."""

    def __init__(self, d, steps, opts=()):
        self.proc = d.spawn(*steps, opts=opts)
        self.lines = []
        self.t0 = time.time()
        self.deadline = self.t0 + BOOT_TIMEOUT

    def until(self, pattern):
        """Read until a line matches; returns the match."""
        rx = re.compile(pattern)
        while time.time() < self.deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            print("device | %6.1f s | %s" % (time.time() - self.t0, line.rstrip()), flush=True)
            m = rx.search(line)
            if m:
                return m
        raise Failure("the boot ended (or ran out of time) before: %s" % pattern)

    def finish(self, expect_rc=0):
        for line in self.proc.stdout:
            self.lines.append(line)
            print("device | " + line.rstrip(), flush=True)
        rc = self.proc.wait(timeout=max(1, self.deadline - time.time()))
        self.proc.stdout.close()
        if rc != expect_rc:
            raise Failure("boot: exit %d, expected %d" % (rc, expect_rc))
        return "".join(self.lines)

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        self.proc.stdout.close()


def approve(g, client_id, code):
    r = g.approve_device(code, client_id)
    check(r.status == 302 and "deviceComplete" in (r.header("Location") or ""),
          "the person approved user code %s (302 to the device-complete page)" % code)


def device_grant_session(g, d, client_id, opts=(), wait_for=("EJWT_ERR_AUTHORIZATION_PENDING",),
                         steps=("provision", "session")):
    """Boot into the device grant, wait for the answers named, approve, and
    let the boot finish; returns (transcript, user code)."""
    boot = Boot(d, steps, opts)
    try:
        m = boot.until(PROMPT.pattern)
        uri, code = m.group(1), m.group(2)
        check(uri == g.verification_uri,
              "the console shows the verification URI (%s) and the user code %s" % (uri, code))
        for what in wait_for:
            boot.until(re.escape(what))
        approve(g, client_id, code)
        out = boot.finish()
    finally:
        boot.kill()
    return out, code


# ------------------------------------------------------------------ scenarios

def discovery(env):
    """The issuer is the only URL the device is given: discovery must find
    the document for exactly that issuer, or provisioning stops clearly."""
    g = env.glewlwyd()
    d = env.board(g, "board-disc", profile="glewlwyd")
    # An issuer the server does not have: both well-known URLs are 404.
    d.factory["issuer"] = g.issuer + "-other"
    out = d.run("provision", expect_rc=1)
    check(out.count("-> 404") == 2 and "EJWT_ERR_METADATA_INVALID" in out and
          "no discovery document" in out,
          "an unknown issuer: OpenID Connect and RFC 8414 URLs both 404, a clear error")
    # The same server under another name: its document names another issuer.
    d.factory["issuer"] = g.issuer.replace("127.0.0.1", "localhost")
    out = d.run("provision", expect_rc=1)
    check("-> 200" in out and "EJWT_ERR_METADATA_ISSUER" in out,
          "a document whose issuer is not the provisioned one: EJWT_ERR_METADATA_ISSUER")
    check("registered as" not in out and "configuration stored" not in out,
          "nothing registered, nothing stored")
    d.factory["issuer"] = g.issuer
    out = d.run("provision", "session")
    check("discovery GET %s -> 200" % g.discovery_url in out and
          "authenticated and saved" in out, "the right issuer: discovered, registered, tokens")


def registration(env):
    g = env.glewlwyd()
    d = env.board(g, "board-reg", profile="glewlwyd")
    out = d.run("provision", "session", "show")
    check("discovery GET %s -> 200" % g.discovery_url in out,
          "discovery: the OpenID Connect document under the issuer (over TLS on the UART)")
    check("token endpoint %s, device authorization %s, registration %s, revocation %s"
          % (g.token_endpoint, g.device_endpoint, g.registration_endpoint,
             g.revocation_endpoint) in out, "discovery: Glewlwyd's endpoints")
    m = re.search(r"registered as (\S+) -> 200 \(RFC 7591", out)
    check(m is not None, "RFC 7591 registration accepted (Glewlwyd answers 200)")
    client_id = m.group(1)
    r = g.admin("GET", "/api/client/" + urllib.parse.quote(client_id))
    doc = r.json()
    check(doc.get("client_id") == client_id and
          "private_key_jwt" in doc.get("token_endpoint_auth_method", []),
          "the server has the client, with private_key_jwt")
    check("authenticated and saved" in out and show(out)[1] == "EJWT_OK" and
          show(out)[3] == "EJWT_ERR_NO_TOKEN",
          "client_credentials with the registered client: an access token, no refresh token")

    a = env.board(g, "board-admin", client_id="board-admin-1")
    admin_client(g, a, "board-admin-1", ("client_credentials",))
    out = a.run("provision", "session")
    check("client id board-admin-1 provisioned by the factory (no registration)" in out and
          "registered as" not in out, "an administrator-made client: no registration")
    check("authenticated and saved" in out, "client_credentials with private_key_jwt")


def client_credentials(env):
    g = env.glewlwyd()
    d = env.board(g, "board-cc", client_id="board-cc")
    admin_client(g, d, "board-cc", ("client_credentials",))
    out = d.run("provision", "session", "show", "stats")
    check("authenticated and saved" in out and "signed 1 client assertions" in out,
          "client_credentials with a private_key_jwt assertion (ES256)")
    first = show(out)
    out = d.run("session", "show", "stats")
    check("reused, no assertion" in out and "signed 0 client assertions" in out and
          show(out) == first, "reboot: the stored access token is reused, no assertion")
    out = d.run("replay-assertion")
    check("replay: refused: EJWT_ERR_OAUTH_RETRY (HTTP 403)" in out,
          "the same assertion a second time: refused (Glewlwyd: 403, empty body)")
    out = d.run("auth", opts=["clock=offset:-1000"], expect_rc=1)
    check("client_credentials grant -> 403" in out,
          "an assertion signed 1000 s in the past: refused (403)")
    out = d.run("session", "show")
    check("authenticated and saved" in out, "with the right clock the device authenticates")


def device_grant(env):
    g = env.glewlwyd(device_expiration=120, device_interval=5)
    d = env.board(g, "board-dg", grant="device_code", client_id="board-dg")
    admin_client(g, d, "board-dg", DEVICE_GRANTS)
    # The device's uptime runs four times as fast (a poll also takes about
    # 1.7 s of signing and TLS here): it polls before the server's 5 s have
    # passed, the server says slow_down, the device adds 5 s each time until
    # its polls are slow enough. Its code lives 120 s by its clock, 30 s real.
    out, _ = device_grant_session(
        g, d, "board-dg", opts=["uptimerate=400"],
        wait_for=("EJWT_ERR_SLOW_DOWN", "EJWT_ERR_AUTHORIZATION_PENDING"),
        steps=("provision", "session", "show", "refresh", "show", "stats"))
    check("device_code poll -> 400 {\"error\":\"slow_down\"}" in out,
          "polling too fast: slow_down (the interval grows)")
    check("device_code poll -> 400 {\"error\":\"authorization_pending\"}" in out,
          "before approval: authorization_pending")
    check("authenticated and saved" in out, "after approval: tokens saved (sealed)")
    shows = SHOW.findall(out)
    check(len(shows) == 2 and shows[0][2] != "-" and shows[1][2] != "-" and
          shows[0][0] != shows[1][0] and shows[0][2] != shows[1][2],
          "refresh: a new access token and a rotated refresh token")
    check("refreshed (rotated) and saved" in out, "refresh with rotation")
    out = d.run("session", "show", "stats")
    check("reused, no assertion" in out and "signed 0 client assertions" in out and
          show(out) == shows[1], "reboot: the stored tokens are reused, no new grant")
    out = d.run("refresh-replay")
    check("refresh-replay: refused: EJWT_ERR_OAUTH_INVALID_GRANT (HTTP 400)" in out,
          "a rotated-away refresh token is refused (Glewlwyd: 400, empty body)")


def expired_token(env):
    # Codes live 20 s: long enough for the approved second one to be polled
    # on a loaded machine (a poll takes 2 to 8 s here).
    g = env.glewlwyd(device_expiration=20)
    d = env.board(g, "board-exp", grant="device_code", client_id="board-exp")
    admin_client(g, d, "board-exp", DEVICE_GRANTS)
    # The device's uptime runs at half speed: by its own clock the code is
    # still valid when the server's has expired.
    boot = Boot(d, ("provision", "session"), ["uptimerate=50"])
    try:
        first = boot.until(PROMPT.pattern).group(2)
        boot.until(r"expired_token")
        second = boot.until(PROMPT.pattern).group(2)
        check(second != first, "expired_token: a new device authorization, a new user code "
              "(%s, then %s)" % (first, second))
        approve(g, "board-exp", second)
        out = boot.finish()
    finally:
        boot.kill()
    check("device_code poll -> 400 {\"error\":\"expired_token\"}: EJWT_ERR_DEVICE_CODE_EXPIRED"
          in out, "the server's expired_token is EJWT_ERR_DEVICE_CODE_EXPIRED")
    check("authenticated and saved" in out, "the second code, approved, gives the tokens")


def revocation(env):
    g = env.glewlwyd()
    d = env.board(g, "board-rev", grant="device_code", client_id="board-rev")
    admin_client(g, d, "board-rev", DEVICE_GRANTS)
    out, _ = device_grant_session(g, d, "board-rev", wait_for=())
    check("authenticated and saved" in out, "device grant: tokens saved")
    flash = os.path.join(env.work, d.flash)
    shutil.copyfile(flash, flash + ".before-logout")
    out = d.run("logout", "show")
    check("revocation (logout) with a fresh client assertion" in out and
          "logged out: refresh token revoked -> 200; store wiped" in out,
          "logout: RFC 7009 revocation at the discovered endpoint (200)")
    check("access=- (EJWT_ERR_NO_TOKEN) refresh=- (EJWT_ERR_NO_TOKEN)" in out,
          "the stored tokens are wiped")
    # Proof that the server revoked it: the flash as it was before the logout
    # (as if the wipe had been lost) and a refresh with that token.
    shutil.copyfile(flash + ".before-logout", flash)
    out = d.run("refresh", expect_rc=1)
    check("refresh_token grant -> 400" in out and "EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "the revoked refresh token is refused by the server (400)")


def disabled_client(env):
    g = env.glewlwyd()
    d = env.board(g, "board-off", client_id="board-off")
    admin_client(g, d, "board-off", ("client_credentials",))
    d.run("provision", "session")
    g.set_client_enabled("board-off", False)
    attempts = 4
    out = d.run("clear", "session", opts=["attempts=%d" % attempts], expect_rc=1)
    answers = re.findall(r"client_credentials grant -> (\d+)", out)
    check(answers == ["500"] * attempts,
          "a disabled client: %d requests, each answered 500 (Glewlwyd's answer)" % attempts)
    # What is left of each backoff when the device next looks (the answer
    # was handled a moment before): more than nothing, at most the cap.
    waits = [int(w) for w in re.findall(r"waiting (\d+) ms", out)]
    caps = [glewlwyd_backoff_cap(n) for n in range(1, attempts)]
    check(len(waits) == attempts - 1 and
          all(0 < w <= cap for w, cap in zip(waits, caps)),
          "between them the session's backoff was sat out: %s ms (caps %s)" % (waits, caps))
    check("attempts used up" in out and "EJWT_ERR_OAUTH_RETRY" in out,
          "the boot ends with a clear error after bounded, backed-off retries")
    # The session's own bound (docs/PROTOCOL.md): 10 suspect answers and 30
    # minutes since the first end in EJWT_ERR_GAVE_UP. The device's uptime
    # runs 100 times as fast, so its backoffs (up to 15 min) pass in seconds.
    out = d.run("clear", "session", opts=["uptimerate=10000", "attempts=20", "waitmax=3600"],
                expect_rc=1)
    answers = re.findall(r"client_credentials grant -> (\d+)", out)
    check("EJWT_ERR_GAVE_UP" in out and "attempts used up" not in out,
          "the session gives up by itself: EJWT_ERR_GAVE_UP")
    check(10 <= len(answers) <= 11 and set(answers) == {"500"},
          "after %d answers of 500, at most 11 (the bound), never endless" % len(answers))


def glewlwyd_backoff_cap(n):
    """docs/PROTOCOL.md: after the n-th failure in a row the wait is at most
    min(15 min, 2 s x 2^(n-1)) (full jitter), at least 0.5 s."""
    return min(15 * 60 * 1000, 2000 * 2 ** (n - 1))


SCENARIOS = {f.__name__: f for f in (discovery, registration, client_credentials, device_grant,
                                     expired_token, revocation, disabled_client)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--firmware", required=True)
    p.add_argument("--runner", required=True)
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    args = p.parse_args()
    if not os.path.exists(args.firmware):
        print("glewlwyd_board: firmware %s not built (target ejwt_board_device_tls)"
              % args.firmware)
        return 1
    if not os.path.exists(glewlwyd.GLEWLWYD):
        print("glewlwyd_board: %s is not installed (scripts/setup installs it)"
              % glewlwyd.GLEWLWYD)
        return 1
    start = time.time()
    work = tempfile.mkdtemp(prefix="ejwt-glewlwyd-board-")
    try:
        if e2e_common.run_scenario(args.scenario, SCENARIOS[args.scenario], Env(args, work)):
            return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("glewlwyd_board: PASS: %s (%.1f s)" % (args.scenario, time.time() - start), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
