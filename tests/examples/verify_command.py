#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""examples.verify_command: examples/verify_command against the reference backend's signer.

usage: verify_command.py --example PATH --backend examples/backend/backend.py

The commands are signed by the reference backend's own code (backend.py's
Backend.command() and sign(), PyJWT underneath) with the backend's key, and
the JWK Set and issuer are the ones it hands devices at registration; ejwt
signs nothing here. The example must accept a genuine command and refuse
its replay, and refuse a command for another device, one whose payload was
changed, an expired one, one signed by another backend's key and one with
the wrong typ. Run with Debian's /usr/bin/python3 (python3-jwt,
python3-cryptography).
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import types

ISSUER = "https://127.0.0.1:8443"
CLIENT = "device-verify-1"
TIMEOUT = 60


def load_backend(path):
    spec = importlib.util.spec_from_file_location("ejwt_reference_backend", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def backend(mod, state):
    os.makedirs(state)
    args = types.SimpleNamespace(state_dir=state, access_ttl=300, register_path="/register")
    return mod.Backend(args, ISSUER)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--example", required=True)
    p.add_argument("--backend", required=True)
    args = p.parse_args()
    mod = load_backend(args.backend)
    failures = []

    with tempfile.TemporaryDirectory(prefix="ejwt-verify-command-") as tmp:
        b = backend(mod, os.path.join(tmp, "backend"))
        other = backend(mod, os.path.join(tmp, "other"))
        jwks = json.dumps(b.jwks())

        def run(what, token, expect_rc, *expect_text):
            r = subprocess.run([args.example, ISSUER, CLIENT, jwks, token], capture_output=True,
                               text=True, timeout=TIMEOUT)
            out = r.stdout + r.stderr
            for line in out.splitlines():
                print("example| " + line, flush=True)
            ok = r.returncode == expect_rc and all(t in out for t in expect_text)
            print("examples.verify_command: %s: %s" % ("ok" if ok else "FAIL", what), flush=True)
            if not ok:
                failures.append(what)

        token, _ = b.command(CLIENT, "set_interval", {"seconds": 30})
        run("a command the backend signed verifies and is acted on; handed in again, the "
            "replay cache refuses it", token, 0,
            "verified: cmd=set_interval args={\"seconds\":30}", "report every 30 s",
            "the same command again: EJWT_ERR_REPLAYED")

        token, _ = b.command("another-device", "set_interval", {"seconds": 30})
        run("a command for another device: refused", token, 1, "EJWT_ERR_AUD_MISMATCH")

        token, _ = b.command(CLIENT, "set_interval", {"seconds": 30})
        h, pl, sig = token.split(".")
        claims = json.loads(mod.b64url_decode(pl))
        claims["args"] = {"seconds": 1}
        forged = "%s.%s.%s" % (h, mod.b64url(json.dumps(claims).encode()), sig)
        run("its payload changed (args): refused", forged, 1, "EJWT_ERR_SIGNATURE_INVALID")

        now = int(time.time())
        expired = b.sign({"iss": ISSUER, "aud": CLIENT, "iat": now - 120, "exp": now - 60,
                          "jti": "expired-1", "cmd": "reboot", "args": {}}, "command+jwt")
        run("an expired command: refused", expired, 1, "EJWT_ERR_EXPIRED")

        token, _ = other.command(CLIENT, "set_interval", {"seconds": 30})
        run("signed by another backend's key: refused", token, 1, "EJWT_ERR_KEY_NOT_FOUND")

        access = b.sign({"iss": ISSUER, "aud": CLIENT, "iat": now, "exp": now + 60,
                         "jti": "typ-1", "cmd": "reboot", "args": {}}, "at+jwt")
        run("a token of another type (typ at+jwt): refused", access, 1, "EJWT_ERR_TYP_MISMATCH")

    if failures:
        print("examples.verify_command: FAIL: %d check(s)" % len(failures), flush=True)
        return 1
    print("examples.verify_command: PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
