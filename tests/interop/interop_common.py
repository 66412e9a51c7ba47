# SPDX-License-Identifier: Apache-2.0
"""Shared helpers for the ejwt interop and CLI contract tests.

Each test script is one ctest test: it runs the `ejwt` binary given as its
first argument, records every check, prints a summary and exits non-zero if
any check failed. A missing peer module is a failure, never a skip.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

ERROR_LINE = re.compile(r"^error: (EJWT_ERR_[A-Z0-9_]+): [^\n]+\n$")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Suite:
    """Runs ejwt, records named checks, and reports."""

    def __init__(self, title):
        self.title = title
        if len(sys.argv) < 2:
            print(f"usage: {sys.argv[0]} PATH_TO_EJWT", file=sys.stderr)
            sys.exit(2)
        self.ejwt_path = sys.argv[1]
        self.passed = 0
        self.failed = []
        self._tmp = tempfile.TemporaryDirectory(prefix="ejwt-interop-")
        self.dir = self._tmp.name
        self.now = int(time.time())

    # --- files -----------------------------------------------------------
    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data, mode=0o600):
        if isinstance(data, str):
            data = data.encode()
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        os.chmod(p, mode)
        return p

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    # --- running ejwt -----------------------------------------------------
    def ejwt(self, *args, stdin=None):
        if stdin is None:
            stdin = b""  # never wait on the caller's terminal
        elif isinstance(stdin, str):
            stdin = stdin.encode()
        return subprocess.run([self.ejwt_path, *[str(a) for a in args]], input=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)

    def ejwt_ok(self, name, *args, stdin=None):
        """Run ejwt, record a check that it exited 0, return stdout text (or None)."""
        p = self.ejwt(*args, stdin=stdin)
        ok = p.returncode == 0
        self.check(name, ok, f"exit {p.returncode}, stderr {p.stderr!r}")
        return p.stdout.decode() if ok else None

    def expect_reject(self, name, proc, err_name):
        """Exit 1, empty stdout, stderr exactly 'error: <err_name>: <message>'."""
        err = proc.stderr.decode(errors="replace")
        m = ERROR_LINE.match(err)
        ok = proc.returncode == 1 and m is not None and m.group(1) == err_name \
            and proc.stdout == b""
        self.check(name, ok, f"want exit 1 + {err_name}; got exit {proc.returncode}, "
                              f"stdout {proc.stdout!r}, stderr {err!r}")

    def expect_usage(self, name, proc):
        """Exit 2 with a message on stderr and nothing on stdout."""
        ok = proc.returncode == 2 and proc.stderr.strip() != b"" and proc.stdout == b""
        self.check(name, ok, f"want exit 2; got exit {proc.returncode}, "
                              f"stdout {proc.stdout!r}, stderr {proc.stderr!r}")

    # --- checks -----------------------------------------------------------
    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed.append(name)
            print(f"FAIL {name}: {detail}")
        return cond

    def equal(self, name, got, want):
        return self.check(name, got == want, f"got {got!r}, want {want!r}")

    def run(self, name, fn, *args):
        """Run one scenario; an exception in it is a failure, not a crash."""
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 - every failure must be reported
            self.check(name, False, f"exception {type(e).__name__}: {e}\n"
                                    + traceback.format_exc())

    def finish(self):
        total = self.passed + len(self.failed)
        print(f"\n{self.title}: {self.passed}/{total} checks passed, {len(self.failed)} failed")
        for n in self.failed:
            print(f"  failed: {n}")
        self._tmp.cleanup()
        sys.exit(0 if not self.failed and total > 0 else 1)


def require_module(title, name):
    """Import a peer module or fail the test loudly (scripts/setup installs it)."""
    try:
        return __import__(name, fromlist=["*"])
    except ImportError as e:
        print(f"FAIL {title}: peer module '{name}' is missing ({e}); "
              "install it with scripts/setup (Debian packages python3-jwt, python3-jwcrypto)")
        print(f"\n{title}: 0/1 checks passed, 1 failed")
        sys.exit(1)


def tamper_payload(token: str, change) -> str:
    """Replace the payload of a compact JWS with change(claims), keeping the
    header and signature."""
    h, p, s = token.split(".")
    claims = json.loads(b64url_decode(p))
    change(claims)
    return ".".join([h, b64url(json.dumps(claims, separators=(",", ":")).encode()), s])
