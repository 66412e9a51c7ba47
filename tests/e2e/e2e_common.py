# SPDX-License-Identifier: Apache-2.0
"""What the host (e2e.py) and board (e2e_board/e2e_board.py) end-to-end tests share.

The reference backend in a subprocess, running a device boot and checking its
exit code, the power-cut rounds during token saves and the scenario steps whose
device commands and checks are the same on the host and on the board. A device
object (e2e.Device, e2e_board.Board) has a client_id and run(*steps, opts=...,
expect_rc=...), spawn(*steps) and cut_power(proc).
"""

import json
import os
import random
import re
import select
import subprocess
import threading
import time
import urllib.error
import urllib.request

PYTHON = "/usr/bin/python3"

# The first word of every result line: e2e_board.py sets "e2e_board".
TAG = "e2e"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print(TAG + ": ok: " + what, flush=True)


class Backend:
    """The reference backend in a subprocess; its log lines are collected.

    The board's subclass sets the class attributes below for HTTPS only, a
    slower machine and the host name its certificate is checked against."""

    BANNER = r"listening on (https?)://([^:]+):(\d+)"
    START_FAILURE = "backend did not start: %r"
    START_TIMEOUT = 20
    LOG_SETTLE = 0.1  # seconds for the reader to catch up with the last request
    HOST = "127.0.0.1"

    def __init__(self, script, state, access_ttl=300, tls=False, extra=()):
        self.lines = []
        self.lock = threading.Lock()
        self.access_ttl = access_ttl
        self.ctx = None  # the SSL context of request(); None: the default
        args = [PYTHON, script, "--state-dir", state, "--port", "0",
                "--access-ttl", str(access_ttl)]
        if not tls:
            args.append("--no-tls")
        args += list(extra)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        deadline = time.time() + self.START_TIMEOUT
        first = ""
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                first = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.search(self.BANNER, first)
        if not m:
            self.stop()
            raise Failure(self.START_FAILURE % first)
        print("backend| " + first.rstrip(), flush=True)
        self.scheme, self.port = m.group(1), int(m.group(3))
        self.issuer = "%s://%s:%d" % (m.group(1), m.group(2), self.port)  # its own base URL
        self.url = "%s://%s:%d" % (self.scheme, self.HOST, self.port)
        self.server = "127.0.0.1:%d" % self.port
        self.ca = os.path.join(state, "ca.pem")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))
            print("backend| " + line.rstrip(), flush=True)

    def log(self):
        time.sleep(self.LOG_SETTLE)
        with self.lock:
            return list(self.lines)

    def count_log(self, pattern):
        return sum(1 for line in self.log() if re.search(pattern, line))

    def request(self, path, body=None, ctype=None, headers=None):
        """GET, or POST when there is a body; returns (status, headers, body)."""
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        req = urllib.request.Request(self.url + path, headers=h,
                                     data=body.encode() if body is not None else None,
                                     method="POST" if body is not None else "GET")
        try:
            with urllib.request.urlopen(req, timeout=10, context=self.ctx) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def stats(self, client_id):
        status, _, body = self.request("/admin/stats?client_id=" + client_id)
        if status != 200:
            raise Failure("stats: %d" % status)
        return json.loads(body)

    def revoke(self, client_id):
        """Returns the HTTP status."""
        return self.request("/admin/revoke", json.dumps({"client_id": client_id}),
                            "application/json")[0]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_boot(what, argv, expect_rc, timeout, **popen):
    """One boot to its end: echoes its transcript, fails unless it exits with
    expect_rc (None: any code) and returns the transcript. what names the boot
    in the failure ("device api")."""
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **popen)
    out = p.stdout + p.stderr
    for line in out.splitlines():
        print("device | " + line, flush=True)
    if expect_rc is not None and p.returncode != expect_rc:
        raise Failure("%s: exit %d, expected %d" % (what, p.returncode, expect_rc))
    return out


def spawn_boot(argv, **popen):
    """A boot to be killed, its transcript readable line by line."""
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            bufsize=1, **popen)


def run_scenario(name, scenario, env):
    """Runs one scenario, then stops its backends (env.close()). Returns the
    exit code: 1 after printing FAIL when a check failed or a boot overran its
    time limit, else 0."""
    try:
        scenario(env)
    except (Failure, subprocess.TimeoutExpired) as e:
        print("%s: FAIL: %s: %s" % (TAG, name, e), flush=True)
        return 1
    finally:
        env.close()
    return 0


# ------------------------------------------------------------------ power cuts

def seeded_rng():
    """The random delays of the power cuts; E2E_SEED (not 0) repeats a run."""
    return random.Random(int(os.environ.get("E2E_SEED", "0")) or None)


def _wait_for_saves(proc, start_timeout, echo):
    """Reads a save-loop boot until it starts saving; returns the two token
    sets it announced, {"A": (access, refresh), "B": ...}, and whether it
    started."""
    sets = {}
    deadline = time.time() + start_timeout
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if echo:
            print("device | " + line.rstrip(), flush=True)
        m = re.search(r"set ([AB]) access=(\w+) refresh=(\S+)", line)
        if m:
            sets[m.group(1)] = (m.group(2), m.group(3))
        if "saving A and B alternately" in line:
            return sets, True
    return sets, False


def power_cut_saves(d, rounds, rng, max_delay, start_timeout, echo=False):
    """Cuts power `rounds` times while the device saves token sets A and B
    alternately (step save-loop), each time 0 to max_delay seconds after the
    saves began. After each cut the next boot must load the old tokens or set
    A or set B, and authenticate. Returns how often each outcome came
    (access+refresh, e.g. {"A+A": 3, "old+B": 1}). echo: print the save-loop
    boot's lines too."""
    outcomes = {}
    # What the store held before the round: the "old" value a cut may leave.
    out = d.run("show")
    prev = re.search(r"store: access=(\S+) \(EJWT_OK\) refresh=(\S+) \(EJWT_(?:OK|ERR_NO_TOKEN)\)",
                     out).groups()
    for i in range(rounds):
        proc = d.spawn("save-loop")
        sets, started = _wait_for_saves(proc, start_timeout, echo)
        if started:
            time.sleep(rng.uniform(0.0, max_delay))
        d.cut_power(proc)
        proc.wait()
        proc.stdout.close()
        if not started:
            raise Failure("save-loop did not start")
        out = d.run("show")
        m = re.search(r"store: access=(\S+) \((\w+)\) refresh=(\S+) \((\w+)\)", out)
        # The reference backend issues no refresh tokens: the sets have none
        # ("-"), and neither may the store.
        if not m or m.group(2) != "EJWT_OK" or \
                m.group(4) != ("EJWT_ERR_NO_TOKEN" if m.group(3) == "-" else "EJWT_OK"):
            raise Failure("round %d: store not loadable after SIGKILL: %s" % (i, out))
        access, refresh = m.group(1), m.group(3)
        accesses = {v[0]: k for k, v in sets.items()}
        refreshes = {v[1]: k for k, v in sets.items()}
        accesses.setdefault(prev[0], "old")
        refreshes.setdefault(prev[1], "old")
        if access not in accesses or refresh not in refreshes:
            raise Failure("round %d: stored tokens are neither the old ones nor set A or B" % i)
        key = accesses[access] + "+" + refreshes[refresh]
        prev = (access, refresh)
        outcomes[key] = outcomes.get(key, 0) + 1
        out = d.run("api")
        if "GET /api/telemetry -> 200" not in out:
            raise Failure("round %d: the device did not authenticate after the cut" % i)
    return outcomes


# ------------------------------------------------------------------ scenario steps

def reboot_then_reauthenticate(b, d, opts):
    """After a first session: a reboot reuses the stored access token (no new
    assertion); once it has expired (b.access_ttl) the next boot signs a new
    client assertion (RFC 6749 section 4.4.3: client_credentials brings no
    refresh token, so there is nothing to refresh)."""
    out = d.run("api", opts=opts)
    check("reused, no assertion" in out and "-> 200" in out, "reboot: stored token reused")
    s = b.stats(d.client_id)
    check(s["assertions"] == 1 and s["api_ok"] == 2,
          "backend: the reboot made no new assertion (assertions=%d)" % s["assertions"])

    time.sleep(b.access_ttl)
    out = d.run("api", opts=opts)
    check("client_credentials grant" in out and "refresh_token grant" not in out and
          "authenticated and saved" in out and "-> 200" in out,
          "after expiry a new assertion gets a new access token and the call succeeds")
    check("refresh token - (fingerprints)" in out, "no refresh token was issued")
    s = b.stats(d.client_id)
    check(s["assertions"] == 2 and s["client_credentials"] == 2,
          "backend: two client_credentials grants, no refresh")


def assertion_replay_refused(b, d):
    d.run("provision")
    out = d.run("replay-assertion")
    check("replay: refused: EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "the second use of an assertion is refused")
    check(b.count_log(d.client_id + r" .*REFUSED invalid_grant \(assertion jti replayed\)") == 1,
          "backend log: assertion jti replayed")


def tampered_token_replaced(b, d):
    d.run("provision", "session")
    out = d.run("tamper", "api")
    check("-> 401, WWW-Authenticate: Bearer" in out and 'error="invalid_token"' in out,
          "the tampered token gets 401 with WWW-Authenticate invalid_token")
    check("authenticated and saved" in out and "GET /api/telemetry -> 200" in out,
          "the device drops it, signs a new assertion and the retry succeeds")
    check(b.count_log(r"api: 401 \(access token signature invalid\)") == 1,
          "backend log: signature invalid")
