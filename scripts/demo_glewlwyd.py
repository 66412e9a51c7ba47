#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""The second half of scripts/demo: the same board firmware against Glewlwyd.

usage: demo_glewlwyd.py --firmware fw.elf --runner boards/qemu-run --work DIR
                        --first N --total T --result FILE

Starts Debian's unmodified Glewlwyd on loopback (tests/glewlwyd/glewlwyd.py:
its own CA, configured over its admin REST API, access tokens of ACCESS_TTL
seconds), writes the board's factory region as a provisioning station would
(the issuer URL, grant=device_code, the scope, the Glewlwyd registration
profile, the CA certificate) and boots the example firmware
(examples/board_device) on a fresh flash file:

  N.   the device grant (RFC 8628): the firmware discovers the issuer,
       registers (RFC 7591) and shows "open <verification_uri> and enter
       <user_code>" on its console; the demo plays the person (log in,
       consent, enter the code) and the firmware's next poll gets the tokens
  N+1. reboot: the stored tokens are reused, no new grant
  N+2. the access token expires: refreshed, the refresh token rotated

Prints the steps in scripts/demo's format and writes the number passed to
FILE. Nothing leaves 127.0.0.1; every boot has a time limit.
"""

import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "glewlwyd"))
import glewlwyd  # noqa: E402

ACCESS_TTL = 20  # s; the firmware refreshes 5 s before expiry
BOOT_TIMEOUT = 170  # s per boot (the runner's own limit is QEMU_RUN_TIMEOUT)
FLASH = "glewlwyd-board.flash"
PROMPT = re.compile(r"device grant: open (\S+) and enter (\S+)")
STORE = re.compile(r"access token (\S+), refresh token (\S+) \(fingerprints\)")


class Demo:
    def __init__(self, args):
        self.args = args
        self.n = args.first - 1
        self.passed = 0

    def step(self, text):
        self.n += 1
        print("\ndemo: [%d/%d] %s" % (self.n, self.args.total, text), flush=True)

    def ok(self, cond, good, bad):
        if cond:
            self.passed += 1
            print("demo:   PASS: " + good, flush=True)
        else:
            print("demo:   FAIL: " + bad, flush=True)


def boot(args, port, on_line=None):
    """One boot of the board; on_line(line) sees every console line as it
    comes. Returns (exit status, transcript)."""
    env = dict(os.environ, EJWT_SERIAL_TCP_PORT=str(port), EJWT_FLASH_FILE=FLASH,
               QEMU_RUN_TIMEOUT="150", EJWT_FIRMWARE_ARGS="")
    print("demo: -- boot --", flush=True)
    p = subprocess.Popen([args.runner, "mps2-an385", "fw.elf"], cwd=args.work, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    lines = []
    deadline = time.time() + BOOT_TIMEOUT
    try:
        for line in p.stdout:
            lines.append(line)
            print("  device | " + re.sub(r"^device: ", "", line.rstrip()), flush=True)
            if on_line is not None:
                on_line(line)
            if time.time() > deadline:
                break
        rc = p.wait(timeout=max(1, deadline - time.time()))
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdout.close()
    return rc, "".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firmware", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--first", type=int, required=True)
    ap.add_argument("--total", type=int, required=True)
    ap.add_argument("--result", required=True)
    args = ap.parse_args()
    demo = Demo(args)
    os.makedirs(os.path.join(args.work, "glewlwyd"), exist_ok=True)
    print("\ndemo: starting Glewlwyd (Debian's package, on loopback with its own CA; access "
          "tokens live %d s)" % ACCESS_TTL, flush=True)
    with glewlwyd.Glewlwyd(os.path.join(args.work, "glewlwyd"), rs256=False,
                           device_expiration=120,
                           access_token_duration=ACCESS_TTL) as g:
        print("demo: Glewlwyd issuer %s (started in %.1f s, configured in %.1f s)"
              % (g.issuer, g.timings["start"], g.timings["configure"]), flush=True)
        # The provisioning station: the factory region (EMULATION-ONLY: a
        # host file the firmware reads as flash).
        with open(g.ca) as f:
            ca = f.read()
        with open(os.path.join(args.work, "provisioning.flash"), "w") as f:
            f.write("issuer=%s\ngrant=device_code\nscope=%s\nprofile=glewlwyd\n%s"
                    % (g.issuer, glewlwyd.DEVICE_SCOPE, ca))
        print("demo: factory region: issuer %s, grant device_code, scope %s, the CA "
              "certificate" % (g.issuer, glewlwyd.DEVICE_SCOPE), flush=True)

        approved = {}

        def person(line):
            # The person reads the code off the console and approves it
            # while the device is already polling (it says pending first).
            seen.append(line)
            m = PROMPT.search(line)
            if m and "code" not in approved:
                approved["uri"], approved["code"] = m.group(1), m.group(2)
            if "authorization_pending" in line and "code" in approved and \
                    "status" not in approved:
                cid = re.findall(r"registered as (\S+) ->", "".join(seen))
                print("demo: the person opens %s and enters %s (approve_device: log in, "
                      "consent, the code)" % (approved["uri"], approved["code"]), flush=True)
                r = g.approve_device(approved["code"], cid[0] if cid else None)
                approved["status"] = r.status

        seen = []
        demo.step("Glewlwyd: the device grant - the user code on the console, approved by the "
                  "person")
        rc, out = boot(args, g.port, person)
        tokens = STORE.findall(out)
        demo.ok(rc == 0 and approved.get("status") == 302 and
                "discovery GET %s -> 200" % g.discovery_url in out and
                re.search(r"registered as \S+ -> 200 \(RFC 7591", out) is not None and
                "authorization_pending" in out and tokens and tokens[-1][1] != "-",
                "discovered, registered (RFC 7591), user code %s approved; the next poll got "
                "an access and a refresh token" % approved.get("code"),
                "exit %d, approval %s" % (rc, approved.get("status")))
        first = tokens[-1] if tokens else None

        demo.step("Glewlwyd: reboot - the stored tokens are reused, no new grant")
        rc, out = boot(args, g.port)
        demo.ok(rc == 0 and "reused, no assertion" in out and "signed 0 client assertions" in out
                and "device grant:" not in out and STORE.findall(out)[-1:] == [first],
                "the sealed token store survived the reboot: same tokens, no assertion",
                "exit %d" % rc)

        demo.step("Glewlwyd: the access token expires (%d s) - refreshed, the refresh token "
                  "rotated" % ACCESS_TTL)
        print("demo: waiting %d s for the access token to expire" % ACCESS_TTL, flush=True)
        time.sleep(ACCESS_TTL)
        rc, out = boot(args, g.port)
        now = STORE.findall(out)
        demo.ok(rc == 0 and "refreshed (rotated) and saved" in out and now and first and
                now[-1][0] != first[0] and now[-1][1] not in ("-", first[1]),
                "refresh_token grant with a fresh assertion: a new access token, a new "
                "refresh token", "exit %d" % rc)
    with open(args.result, "w") as f:
        f.write("%d\n" % demo.passed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
