#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Board end-to-end tests: the device firmware on mps2-an385 against the backend.

usage: e2e_board.py --firmware ELF --runner boards/qemu-run --backend backend.py
                    [--nm NM] [--example ELF] SCENARIO

Each scenario starts its own backend (examples/backend/backend.py, HTTPS with
its own CA) on a free loopback port with a temporary state folder, and boots
the tests' device image (tests/device_driver: the example flow of
examples/board_device with the test steps) under QEMU through
boards/qemu-run: the board's UART0 dials the backend's port
(EJWT_SERIAL_TCP_PORT), its flash is a file in the scenario's folder
(EJWT_FLASH_FILE, so a second boot is a reboot), its trust anchor is the
factory region (the file provisioning.flash: the issuer URL, the grant and
the scope, then the CA certificate, as a provisioning station would write
it; examples/board_device/provisioning.h) and its steps and options come
from the file driver.args, written before each boot. The checks read the
device's transcript and the
backend's log and counters (GET /admin/stats). Nothing leaves 127.0.0.1;
every boot has a time limit. The backend, the boots, the power-cut rounds and
the steps the host tests share are in ../e2e/e2e_common.py.

Scenarios: no_heap, untrusted_server, happy_path, expired_assertion, replayed_jti, wrong_aud,
tampered_access_token, clock_unknown, power_cut. (Refresh rotation and reuse
detection are the Glewlwyd board scenarios' now, tests/glewlwyd_board: the
reference backend issues no refresh token for client_credentials.)
"""

import argparse
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import e2e_common  # noqa: E402
from e2e_common import check  # noqa: E402

e2e_common.TAG = "e2e_board"
EXIT_DEPROVISIONED = 3


class Backend(e2e_common.Backend):
    """The reference backend, HTTPS only: requests check its certificate."""

    BANNER = r"listening on (https)://([^:]+):(\d+)"
    START_FAILURE = "backend did not start with TLS: %r"
    START_TIMEOUT = 30
    LOG_SETTLE = 0.2
    HOST = "localhost"

    def __init__(self, script, state, access_ttl=300):
        super().__init__(script, state, access_ttl, tls=True)
        self.ctx = ssl.create_default_context(cafile=self.ca)


def write_factory(path, fields, ca):
    """The factory region as a provisioning station writes it: name=value
    lines, then the CA certificate (examples/board_device/provisioning.h)."""
    with open(ca) as f:
        pem = f.read()
    with open(path, "w") as f:
        f.write("".join("%s=%s\n" % kv for kv in fields.items() if kv[1] is not None) + pem)


class Board:
    """The firmware on one flash file: every run() is one QEMU boot."""

    def __init__(self, env, backend, client_id):
        self.env, self.backend, self.client_id = env, backend, client_id
        self.flash = "board-%s.flash" % client_id
        self.ca = "backend/ca.pem"
        self.factory = {"issuer": backend.issuer, "grant": "client_credentials",
                        "scope": "telemetry commands"}

    def environ(self, steps, opts):
        # The factory region and the driver's arguments (EMULATION-ONLY host
        # files the firmware reads as flash, tests/device_driver/board_main.c).
        write_factory(os.path.join(self.env.work, "provisioning.flash"), self.factory,
                      os.path.join(self.env.work, self.ca))
        with open(os.path.join(self.env.work, "driver.args"), "w") as f:
            f.write(" ".join(["run=" + ",".join(steps), "id=" + self.client_id] + list(opts)))
        e = dict(os.environ)
        e["EJWT_SERIAL_TCP_PORT"] = str(self.backend.port)
        e["EJWT_FLASH_FILE"] = self.flash
        e["QEMU_RUN_TIMEOUT"] = "150"
        return e

    def argv(self):
        return [self.env.runner, "mps2-an385", "fw.elf"]

    def run(self, *steps, opts=(), expect_rc=0, timeout=170):
        return e2e_common.run_boot("board " + ",".join(steps), self.argv(), expect_rc, timeout,
                                   env=self.environ(steps, opts), cwd=self.env.work)

    def spawn(self, *steps, opts=()):
        """A boot to be killed: its own process group (the runner, timeout, QEMU)."""
        return e2e_common.spawn_boot(self.argv(), env=self.environ(steps, opts),
                                     cwd=self.env.work, start_new_session=True)

    def cut_power(self, proc):
        os.killpg(proc.pid, signal.SIGKILL)  # QEMU dies mid-write


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
    heap = re.compile(r"^(malloc|calloc|realloc|free|_malloc_r|_calloc_r|_realloc_r|_free_r|"
                      r"_sbrk|_sbrk_r|__malloc_av_|_malloc_trim_r)$")
    images = [("the TLS test image", env.args.firmware)]
    if env.args.example:
        images.insert(0, ("the TLS demo image (examples/board_device)", env.args.example))
    for what, elf in images:
        out = subprocess.run([nm, elf], capture_output=True, text=True, check=True)
        found = [ln for ln in out.stdout.splitlines() if heap.match(ln.split()[-1])]
        check(not found, "%s links no heap allocator (%s)" % (what, found or "none"))
        size = subprocess.run([nm.replace("nm", "size"), elf], capture_output=True,
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
    check("trust anchor" in out and "issuer " + b.issuer in out,
          "first boot reads the factory region: issuer URL and trust anchor (CA)")
    check("discovery GET %s/.well-known/openid-configuration -> 200" % b.issuer in out,
          "discovery over TLS from the issuer URL alone")
    check("registered as e2e-board-happy -> 201 (RFC 7591)" in out,
          "first boot registers the device (RFC 7591, 201)")
    check("link: TLSv1.3 TLS1-3-CHACHA20-POLY1305-SHA256" in out,
          "TLS 1.3 with CHACHA20-POLY1305 over the UART")
    check("authenticated and saved" in out and "refresh token - (fingerprints)" in out,
          "first boot authenticates with an assertion (no refresh token)")
    check("GET /api/telemetry -> 200" in out, "the API call succeeds")
    check(re.search(r"command: verified .*cmd=set_interval", out), "the signed command verifies")
    check("the same command again -> refused: EJWT_ERR_REPLAYED" in out, "its replay is refused")
    m = re.search(r"arena peak (\d+) of (\d+)", out)
    check(m and int(m.group(1)) < int(m.group(2)), "arena peak %s of %s bytes" % m.groups())
    s = b.stats(d.client_id)
    check(s["assertions"] == 1 and s["client_credentials"] == 1,
          "backend: exactly one assertion so far (%d)" % s["assertions"])

    e2e_common.reboot_then_reauthenticate(b, d, opts=["margin=5"])

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
    e2e_common.assertion_replay_refused(b, d)
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
    e2e_common.tampered_token_replaced(b, d)


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
    rng = e2e_common.seeded_rng()
    rounds = int(os.environ.get("E2E_BOARD_POWERCUT_ROUNDS", "5"))
    # A save takes about a second here.
    outcomes = e2e_common.power_cut_saves(d, rounds, rng, max_delay=3.0, start_timeout=120,
                                          echo=True)
    check(True, "%d SIGKILLs of QEMU during token saves: after each, the store held the old "
          "tokens or set A or B (access+refresh: %s) and the API call succeeded"
          % (rounds, outcomes))


SCENARIOS = {f.__name__: f for f in (no_heap, untrusted_server, happy_path, expired_assertion,
                                     replayed_jti, wrong_aud, tampered_access_token,
                                     clock_unknown, power_cut)}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--firmware", required=True)
    p.add_argument("--runner", required=True)
    p.add_argument("--backend", required=True)
    p.add_argument("--nm", default="")
    p.add_argument("--example", default="", help="the demo image (no_heap checks it too)")
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    args = p.parse_args()
    if not os.path.exists(args.firmware):
        print("e2e_board: firmware %s not built (target ejwt_board_device_tls)" % args.firmware)
        return 1
    work = tempfile.mkdtemp(prefix="ejwt-e2e-board-")
    env = Env(args, work)
    try:
        if e2e_common.run_scenario(args.scenario, SCENARIOS[args.scenario], env):
            return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("e2e_board: PASS: %s" % args.scenario, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
