#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""examples.device_session: examples/device_session against the reference backend.

usage: device_session.py --example PATH --backend examples/backend/backend.py

Starts the backend (plain HTTP on a free loopback port, short-lived access
tokens) and runs the example several times on one storage folder (each run
is a boot), carrying its transport - one request line on its stdout, one
answer line on its stdin - to the backend. Checks, from the example's
transcript and the backend's counters: the first boot registers and
authenticates; a reboot reuses the tokens (no assertion); after expiry the
session signs a new assertion (no refresh token for client_credentials); after the backend revokes the device the
example stops with exit status 3 and its tokens are gone. Run with Debian's
/usr/bin/python3.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import e2e_common  # noqa: E402
from e2e_common import Failure, check  # noqa: E402

e2e_common.TAG = "examples.device_session"
CLIENT = "example-session-1"
ACCESS_TTL = 4  # s
MARGIN = 1      # s
EXIT_DEPROVISIONED = 3
BOOT_TIMEOUT = 60


def boot(example, storage, b, reports, expect_rc=0):
    """One run of the example, its transport carried to the backend b."""
    env = dict(os.environ, EJWT_STORAGE_DIR=storage)
    with tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen([example, CLIENT, b.url + "/token", str(reports), str(MARGIN)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                             text=True, bufsize=1, env=env)
        deadline = time.time() + BOOT_TIMEOUT
        for line in p.stdout:
            if time.time() > deadline:
                p.kill()
                raise Failure("the example did not finish")
            method, path, ctype, auth, body = line.rstrip("\n").split("\t")
            headers = {} if auth == "-" else {"Authorization": auth}
            status, _, answer = b.request(path, None if body == "-" else body,
                                          None if ctype == "-" else ctype, headers)
            if method not in ("GET", "POST") or "\n" in answer:
                raise Failure("unexpected request or answer: %s %s" % (method, path))
            p.stdin.write("%d\t%s\n" % (status, answer))
            p.stdin.flush()
        rc = p.wait(timeout=BOOT_TIMEOUT)
        err.seek(0)
        out = err.read()
    for line in out.splitlines():
        print("example| " + line, flush=True)
    if rc != expect_rc:
        raise Failure("exit %d, expected %d" % (rc, expect_rc))
    return out


def scenario(example, b, storage):
    out = boot(example, storage, b, reports=2)
    check("POST /register -> 201: EJWT_OK" in out,
          "first boot: a new device key, registered (RFC 7591, 201)")
    check("token request (client_credentials) -> 200: EJWT_OK" in out,
          "a client assertion is exchanged for tokens")
    check("report 2: POST /api/telemetry -> 200" in out, "two reports sent (200)")
    s = b.stats(CLIENT)
    check(s["assertions"] == 1 and s["api_ok"] == 2, "backend: one assertion, two API calls")

    out = boot(example, storage, b, reports=1)
    check("token request (" not in out and "signed 0 assertion(s)" in out,
          "reboot: the stored access token is reused, no assertion")
    check(b.stats(CLIENT)["assertions"] == 1, "backend: still one assertion")

    time.sleep(ACCESS_TTL)
    out = boot(example, storage, b, reports=1)
    # RFC 6749 section 4.4.3: no refresh token for client_credentials, so
    # an expired access token means a new assertion (refresh rotation is
    # the Glewlwyd scenarios' now).
    check("token request (client_credentials) -> 200: EJWT_OK" in out and
          "0 refresh(es)" in out, "after expiry: a new client assertion, nothing to refresh")
    s = b.stats(CLIENT)
    check(s["assertions"] == 2 and s["client_credentials"] == 2,
          "backend: a second client_credentials grant")

    check(b.revoke(CLIENT) == 200, "the backend revokes the device")
    out = boot(example, storage, b, reports=1, expect_rc=EXIT_DEPROVISIONED)
    check("EJWT_ERR_DEPROVISIONED" in out and "stopping" in out,
          "the example stops for good: deprovisioned (exit 3)")
    out = boot(example, storage, b, reports=1, expect_rc=EXIT_DEPROVISIONED)
    check("token request (client_credentials) -> 401: EJWT_ERR_DEPROVISIONED" in out,
          "its tokens are gone: a later boot can only ask for a new session, and is refused")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--example", required=True)
    p.add_argument("--backend", required=True)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="ejwt-example-session-") as tmp:
        b = e2e_common.Backend(args.backend, os.path.join(tmp, "backend"), access_ttl=ACCESS_TTL)
        try:
            scenario(args.example, b, os.path.join(tmp, "device"))
        except (Failure, subprocess.TimeoutExpired) as e:
            print("examples.device_session: FAIL: %s" % e, flush=True)
            return 1
        finally:
            b.stop()
    print("examples.device_session: PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
