#!/usr/bin/python3
"""Board end-to-end tests: the device firmware on mps2-an385 against the backend.

usage: e2e_board.py --firmware ELF --runner boards/qemu-run --backend backend.py
                    [--nm NM] SCENARIO

Each scenario starts its own backend (examples/backend/backend.py, HTTPS with
its own CA) on a free loopback port with a temporary state folder, and boots
the firmware (examples/board_device) under QEMU through boards/qemu-run: the
board's UART0 dials the backend's port (EJWT_SERIAL_TCP_PORT), its flash is a
file in the scenario's folder (EJWT_FLASH_FILE, so a second boot is a
reboot), and its steps come from the semihosting command line
(EJWT_FIRMWARE_ARGS). The checks read the device's transcript and the
backend's log and counters (GET /admin/stats). Nothing leaves 127.0.0.1;
every boot has a time limit.

Scenarios: no_heap, untrusted_server, happy_path, expired_assertion, replayed_jti, wrong_aud,
tampered_access_token, refresh_reuse, clock_unknown, power_cut.
"""

import argparse
import json
import os
import random
import re
import select
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

PYTHON = "/usr/bin/python3"
EXIT_DEPROVISIONED = 3


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("e2e_board: ok: " + what, flush=True)


class Backend:
    """The reference backend (HTTPS) in a subprocess; its log lines are kept."""

    def __init__(self, script, state, access_ttl=300):
        self.lines = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(
            [PYTHON, script, "--state-dir", state, "--port", "0", "--access-ttl",
             str(access_ttl)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            bufsize=1)
        deadline = time.time() + 30
        first = ""
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                first = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        m = re.search(r"listening on https://([^:]+):(\d+)", first)
        if not m:
            self.stop()
            raise Failure("backend did not start with TLS: %r" % first)
        print("backend| " + first.rstrip(), flush=True)
        self.port = int(m.group(2))
        self.url = "https://localhost:%d" % self.port
        self.ca = os.path.join(state, "ca.pem")
        self.ctx = ssl.create_default_context(cafile=self.ca)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))
            print("backend| " + line.rstrip(), flush=True)

    def log(self):
        time.sleep(0.2)  # let the reader catch up with the last request
        with self.lock:
            return list(self.lines)

    def count_log(self, pattern):
        return sum(1 for line in self.log() if re.search(pattern, line))

    def request(self, path, body=None, ctype=None, headers=None):
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


class Board:
    """The firmware on one flash file: every run() is one QEMU boot."""

    def __init__(self, env, backend, client_id):
        self.env, self.backend, self.client_id = env, backend, client_id
        self.flash = "board-%s.flash" % client_id
        self.ca = "backend/ca.pem"

    def environ(self, steps, opts):
        e = dict(os.environ)
        # The semihosting command line (kernel path included) must stay short:
        # relative paths, from the scenario's folder.
        e["EJWT_FIRMWARE_ARGS"] = " ".join(
            ["run=" + ",".join(steps), "id=" + self.client_id, "ca=" + self.ca] + list(opts))
        e["EJWT_SERIAL_TCP_PORT"] = str(self.backend.port)
        e["EJWT_FLASH_FILE"] = self.flash
        e["QEMU_RUN_TIMEOUT"] = "150"
        return e

    def argv(self):
        return [self.env.runner, "mps2-an385", "fw.elf"]

    def run(self, *steps, opts=(), expect_rc=0, timeout=170):
        p = subprocess.run(self.argv(), env=self.environ(steps, opts), cwd=self.env.work,
                           capture_output=True, text=True, timeout=timeout)
        out = p.stdout + p.stderr
        for line in out.splitlines():
            print("device | " + line, flush=True)
        if expect_rc is not None and p.returncode != expect_rc:
            raise Failure("board %s: exit %d, expected %d" % (",".join(steps), p.returncode,
                                                              expect_rc))
        return out

    def spawn(self, *steps, opts=()):
        """A boot to be killed: its own process group (the runner, timeout, QEMU)."""
        return subprocess.Popen(self.argv(), env=self.environ(steps, opts), cwd=self.env.work,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                bufsize=1, start_new_session=True)


class Env:
    def __init__(self, args, work):
        self.args, self.work = args, work
        self.runner = os.path.abspath(args.runner)
        self.backends = []
        shutil.copyfile(args.firmware, os.path.join(work, "fw.elf"))

    def backend(self, access_ttl=300):
        b = Backend(self.args.backend, os.path.join(self.work, "backend"), access_ttl)
        self.backends.append(b)
        return b

    def board(self, backend, client_id):
        return Board(self, backend, client_id)

    def close(self):
        for b in self.backends:
            b.stop()


# ------------------------------------------------------------------ scenarios

def no_heap(env):
    nm = env.args.nm or "arm-none-eabi-nm"
    out = subprocess.run([nm, env.args.firmware], capture_output=True, text=True, check=True)
    heap = re.compile(r"^(malloc|calloc|realloc|free|_malloc_r|_calloc_r|_realloc_r|_free_r|"
                      r"_sbrk|_sbrk_r|__malloc_av_|_malloc_trim_r)$")
    found = [ln for ln in out.stdout.splitlines() if heap.match(ln.split()[-1])]
    check(not found, "the TLS demo image links no heap allocator (%s)" % (found or "none"))
    size = subprocess.run([nm.replace("nm", "size"), env.args.firmware], capture_output=True,
                          text=True, check=True).stdout
    print(size, flush=True)


def untrusted_server(env):
    # The trust anchor provisioned is another backend's CA: the handshake
    # with this one must fail on the certificate, and nothing reach it.
    other = Backend(env.args.backend, os.path.join(env.work, "other"))
    env.backends.append(other)
    other.stop()
    b = env.backend()
    d = env.board(b, "e2e-board-untrusted")
    d.ca = "other/ca.pem"
    out = d.run("provision", expect_rc=1)
    check("server certificate REFUSED" in out, "the device refuses a server its CA did not sign")
    check(b.count_log(r"register:") == 0, "backend: no registration reached it")


def happy_path(env):
    b = env.backend(access_ttl=25)
    d = env.board(b, "e2e-board-happy")
    out = d.run("provision", "session", "api", "command", "stats", opts=["margin=5"])
    check("trust anchor" in out, "first boot provisions the trust anchor (CA)")
    check("registered as e2e-board-happy -> 201" in out, "first boot registers the device (201)")
    check("link: TLSv1.3 TLS1-3-CHACHA20-POLY1305-SHA256" in out,
          "TLS 1.3 with CHACHA20-POLY1305 over the UART")
    check("authenticated and saved" in out, "first boot authenticates with an assertion")
    check("GET /api/telemetry -> 200" in out, "the API call succeeds")
    check(re.search(r"command: verified .*cmd=set_interval", out), "the signed command verifies")
    check("the same command again -> refused: EJWT_ERR_REPLAYED" in out, "its replay is refused")
    m = re.search(r"arena peak (\d+) of (\d+)", out)
    check(m and int(m.group(1)) < int(m.group(2)), "arena peak %s of %s bytes" % m.groups())
    s = b.stats(d.client_id)
    check(s["assertions"] == 1 and s["client_credentials"] == 1,
          "backend: exactly one assertion so far (%d)" % s["assertions"])

    out = d.run("api", opts=["margin=5"])
    check("reused, no assertion" in out and "-> 200" in out, "reboot: stored tokens reused")
    s = b.stats(d.client_id)
    check(s["assertions"] == 1 and s["api_ok"] == 2,
          "backend: the reboot made no new assertion (assertions=%d)" % s["assertions"])

    time.sleep(25)
    out = d.run("api", opts=["margin=5"])
    check("refresh_token grant" in out and "refreshed (rotated)" in out and "-> 200" in out,
          "after expiry the access token is refreshed and the call succeeds")
    s = b.stats(d.client_id)
    check(s["refresh_rotated"] == 1 and s["client_credentials"] == 1,
          "backend: one rotation, still one client_credentials")

    check(b.revoke(d.client_id) == 200, "admin revokes the device")
    out = d.run("api", opts=["margin=5"], expect_rc=EXIT_DEPROVISIONED)
    check("EJWT_ERR_DEPROVISIONED" in out, "the firmware stops with EJWT_ERR_DEPROVISIONED")
    out = d.run("show")
    check("access=- (EJWT_ERR_NO_TOKEN)" in out, "its stored tokens are gone")


def expired_assertion(env):
    b = env.backend()
    d = env.board(b, "e2e-board-expired")
    d.run("provision")
    out = d.run("auth", opts=["clock=offset:-1000"], expect_rc=1)
    check("assertion expired" in out and "EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "an assertion signed 1000 s in the past is refused (invalid_grant)")
    out = d.run("auth", opts=["clock=offset:1000"], expect_rc=1)
    check("EJWT_ERR_OAUTH_INVALID_GRANT" in out, "an assertion from the future is refused")
    s = b.stats(d.client_id)
    check(s["assertions"] == 0, "backend: no assertion accepted")
    out = d.run("api")
    check("-> 200" in out, "with the right clock the device authenticates")


def replayed_jti(env):
    b = env.backend()
    d = env.board(b, "e2e-board-replay")
    d.run("provision")
    out = d.run("replay-assertion")
    check("replay: refused: EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "the second use of an assertion is refused")
    check(b.count_log(r"e2e-board-replay .*REFUSED invalid_grant \(assertion jti replayed\)") == 1,
          "backend log: assertion jti replayed")
    s = b.stats(d.client_id)
    check(s["assertions"] == 1, "backend: 1 accepted")


def wrong_aud(env):
    b = env.backend()
    d = env.board(b, "e2e-board-aud")
    d.run("provision")
    for aud in ("https://127.0.0.1:%d/other" % b.port, "https://localhost:%d/token" % b.port,
                "urn:example:token"):
        out = d.run("auth", opts=["aud=" + aud], expect_rc=1)
        check("EJWT_ERR_OAUTH_INVALID_GRANT" in out, "aud %s refused" % aud)
    check(b.count_log(r"e2e-board-aud .*REFUSED invalid_grant \(assertion aud") == 3,
          "backend log: three wrong audiences")
    check(b.stats(d.client_id)["assertions"] == 0, "backend: no assertion accepted")


def tampered_access_token(env):
    b = env.backend()
    d = env.board(b, "e2e-board-tamper")
    d.run("provision", "session")
    out = d.run("tamper", "api")
    check("-> 401, WWW-Authenticate: Bearer" in out and 'error="invalid_token"' in out,
          "the tampered token gets 401 with WWW-Authenticate invalid_token")
    check("refreshed (rotated)" in out and "GET /api/telemetry -> 200" in out,
          "the device drops it, refreshes and the retry succeeds")
    check(b.count_log(r"api: 401 \(access token signature invalid\)") == 1,
          "backend log: signature invalid")


def refresh_reuse(env):
    b = env.backend()
    d = env.board(b, "e2e-board-reuse")
    d.run("provision", "session")
    out = d.run("refresh-replay")
    check("refresh-replay: refused: EJWT_ERR_OAUTH_INVALID_GRANT" in out,
          "a rotated-away refresh token presented again is refused")
    check(b.count_log(r"e2e-board-reuse .*token: refresh REUSED -> family \S+ revoked") == 1,
          "backend log: refresh REUSED -> family revoked")
    check(b.stats(d.client_id)["refresh_reused"] == 1, "backend: one reuse detected")
    out = d.run("api")
    check("refresh refused" in out and "authenticated and saved" in out and "-> 200" in out,
          "the device falls back to a new assertion and the call succeeds")
    check(b.stats(d.client_id)["client_credentials"] == 2, "backend: a second session was opened")


def clock_unknown(env):
    b = env.backend()
    d = env.board(b, "e2e-board-clock")
    d.run("provision")
    out = d.run("api", opts=["clock=unknown"], expect_rc=1)
    check("EJWT_ERR_TIME_UNKNOWN" in out, "with no wall clock the device refuses to sign")
    check(b.stats(d.client_id)["assertions"] == 0, "backend: no token request reached it")
    out = d.run("api", opts=["clock=date"])
    check("time learned from the backend's Date header" in out and "-> 200" in out,
          "clock=date: TLS without the certificate dates, time from the Date header, "
          "then authenticated")
    check(b.stats(d.client_id)["assertions"] == 1, "backend: one assertion")
    out = d.run("session", opts=["clock=unknown"], expect_rc=1)
    check("EJWT_ERR_TIME_UNKNOWN" in out or "EJWT_ERR_EXPIRED" in out,
          "a later boot without a clock still fails closed")
    check(b.stats(d.client_id)["assertions"] == 1, "backend: still one assertion")


def power_cut(env):
    b = env.backend()
    d = env.board(b, "e2e-board-power")
    d.run("provision", "session")
    rng = random.Random(int(os.environ.get("E2E_SEED", "0")) or None)
    rounds = int(os.environ.get("E2E_BOARD_POWERCUT_ROUNDS", "5"))
    outcomes = {}
    out = d.run("show")
    prev = re.search(r"store: access=(\S+) \(EJWT_OK\) refresh=(\S+) \(EJWT_OK\)", out).groups()
    for i in range(rounds):
        proc = d.spawn("save-loop")
        sets = {}
        started = False
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            print("device | " + line.rstrip(), flush=True)
            m = re.search(r"set ([AB]) access=(\w+) refresh=(\w+)", line)
            if m:
                sets[m.group(1)] = (m.group(2), m.group(3))
            if "saving A and B alternately" in line:
                started = True
                break
        if started:
            time.sleep(rng.uniform(0.0, 3.0))  # a save takes about a second here
        os.killpg(proc.pid, signal.SIGKILL)  # power cut: QEMU dies mid-write
        proc.wait()
        proc.stdout.close()
        if not started:
            raise Failure("save-loop did not start")
        out = d.run("show")
        m = re.search(r"store: access=(\S+) \((\w+)\) refresh=(\S+) \((\w+)\)", out)
        if not m or m.group(2) != "EJWT_OK" or m.group(4) != "EJWT_OK":
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
    check(True, "%d SIGKILLs of QEMU during token saves: after each, the store held the old "
          "tokens or set A or B (access+refresh: %s) and the API call succeeded"
          % (rounds, outcomes))


SCENARIOS = {f.__name__: f for f in (no_heap, untrusted_server, happy_path, expired_assertion, replayed_jti,
                                     wrong_aud, tampered_access_token, refresh_reuse,
                                     clock_unknown, power_cut)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--firmware", required=True)
    p.add_argument("--runner", required=True)
    p.add_argument("--backend", required=True)
    p.add_argument("--nm", default="")
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    args = p.parse_args()
    if not os.path.exists(args.firmware):
        print("e2e_board: firmware %s not built (target ejwt_board_device_tls)" % args.firmware)
        return 1
    work = tempfile.mkdtemp(prefix="ejwt-e2e-board-")
    env = Env(args, work)
    try:
        SCENARIOS[args.scenario](env)
    except (Failure, subprocess.TimeoutExpired) as e:
        print("e2e_board: FAIL: %s: %s" % (args.scenario, e), flush=True)
        return 1
    finally:
        env.close()
        shutil.rmtree(work, ignore_errors=True)
    print("e2e_board: PASS: %s" % args.scenario, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
