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


# --- the algorithm matrix --------------------------------------------------
# Every JWA signature algorithm ejwt has in a host build (RFC 7518 section 3
# but none and EdDSA), each tried both ways against each peer.
ALGS = ("ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
TO_PEER, TO_EJWT = "ejwt signs -> peer verifies", "peer signs -> ejwt verifies"
MATRIX_CLAIMS_EXP = 600


class Matrix:
    """Results per algorithm and direction: pass, fail or not supported (a
    peer without the algorithm, recorded as not run, never as a pass)."""

    def __init__(self, suite, peer):
        self.T, self.peer, self.rows = suite, peer, {}

    def run(self, alg, direction, fn):
        """fn() returns True (checked and passed) or None (the peer does not
        support alg); a False or an exception is a failure."""
        name = f"matrix {self.peer} {alg}: {direction}"
        try:
            ok = fn()
        except Exception as e:  # noqa: BLE001 - every failure must be reported
            ok = False
            print(f"     {name}: {type(e).__name__}: {e}")
        if ok is None:
            self.rows[(alg, direction)] = "not supported"
            print(f"skip {name}: not supported by the peer (not run)")
            return
        self.rows[(alg, direction)] = "pass" if ok else "fail"
        self.T.check(name, bool(ok))

    def print(self):
        print(f"\nmatrix {self.peer} | " + " | ".join((TO_PEER, TO_EJWT)))
        for alg in ALGS:
            print(f"matrix {self.peer} {alg:5} | " + " | ".join(
                self.rows.get((alg, d), "not run") for d in (TO_PEER, TO_EJWT)))


# ejwt's RSA key of the matrix: RSA key generation takes seconds, so a
# committed test key (keys/README.md) signs for every RS and PS algorithm.
TEST_RSA_PEM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keys",
                            "TEST-ONLY-rsa2048.pem")


class EjwtSide:
    """ejwt's half of the matrix: its keys (EC and HMAC from ejwt keygen,
    RSA the committed test key), its tokens and its verification of a
    peer's token, tampered copy included."""

    def __init__(self, suite):
        self.T = suite
        self.now = suite.now

    def claims(self, alg):
        return {"iss": "matrix", "sub": alg, "iat": self.now, "exp": self.now + MATRIX_CLAIMS_EXP}

    def key(self, alg):
        """ejwt's key file for alg: (option, path); HS: a raw secret."""
        kind = alg[:2]
        if kind in ("RS", "PS"):
            return "--pem", TEST_RSA_PEM
        f = self.T.path(f"matrix_{alg}.{'raw' if kind == 'HS' else 'pem'}")
        if not os.path.exists(f):
            self._keygen(alg, "raw" if kind == "HS" else "pem", f)
        return ("--secret" if kind == "HS" else "--pem"), f

    def _keygen(self, alg, fmt, path):
        r = self.T.ejwt("keygen", "--alg", alg, "--format", fmt, "--out", path)
        if r.returncode != 0:
            raise RuntimeError(f"ejwt keygen {alg} {fmt}: {r.stderr!r}")

    def sign(self, alg):
        """(token, claims, public keys): the public JWK and SPKI PEM text,
        or for HS the secret bytes."""
        opt, f = self.key(alg)
        c = self.claims(alg)
        r = self.T.ejwt("sign", "--alg", alg, opt, f, "--now", self.now, "--claims",
                        json.dumps(c))
        if r.returncode != 0:
            raise RuntimeError(f"ejwt sign {alg}: {r.stderr!r}")
        tok = r.stdout.decode().strip()
        if opt == "--secret":
            return tok, c, {"secret": open(f, "rb").read()}
        pub = {}
        for fmt in ("jwk", "pem"):
            r = self.T.ejwt("pubkey", opt, f, "--alg", alg, "--format", fmt)
            if r.returncode != 0:
                raise RuntimeError(f"ejwt pubkey {alg} {fmt}: {r.stderr!r}")
            pub[fmt] = r.stdout.decode()
        return tok, c, pub

    def verifies(self, alg, tok, c, keys):
        """ejwt verifies tok with each of the peer's public keys ({"jwk":
        text, "pem": text} or {"secret": bytes, "jwk": oct JWK text}): the
        claims come back, and a copy with another payload is refused."""
        ok = True
        bad = tamper_payload(tok, lambda cl: cl.update(sub="tampered"))
        for fmt, data in keys.items():
            opt = {"jwk": "--jwk", "pem": "--pem", "secret": "--secret"}[fmt]
            f = self.T.write(f"peer_{alg}.{fmt}", data)
            args = ["verify", opt, f, "--now", self.now]
            if fmt != "jwk":
                args += ["--alg", alg]
            r = self.T.ejwt(*args, tok)
            got = json.loads(r.stdout) if r.returncode == 0 else None
            if got != c:
                print(f"     ejwt verify {alg} {fmt}: exit {r.returncode} {r.stderr!r}")
                ok = False
            r = self.T.ejwt(*args, bad)
            if r.returncode != 1 or b"EJWT_ERR_SIGNATURE_INVALID" not in r.stderr:
                print(f"     ejwt verify {alg} {fmt} tampered: exit {r.returncode} {r.stderr!r}")
                ok = False
        return ok


def run_matrix(suite, peer, peer_sign, peer_verify):
    """The matrix of one peer. peer_sign(alg, claims) returns (token, public
    keys for ejwt) or None when the peer lacks alg; peer_verify(alg, token,
    ejwt's public keys) returns the verified claims, raises when the peer
    refuses the token, or returns None when it lacks alg."""
    m = Matrix(suite, peer)
    side = EjwtSide(suite)

    def to_peer(alg):
        tok, c, keys = side.sign(alg)
        got = peer_verify(alg, tok, keys)
        if got is None:
            return None
        if got != c:
            print(f"     {peer} {alg}: claims {got!r} != {c!r}")
            return False
        bad = tamper_payload(tok, lambda cl: cl.update(sub="tampered"))
        try:
            peer_verify(alg, bad, keys)
        except Exception:  # noqa: BLE001 - any refusal is the right answer
            return True
        print(f"     {peer} {alg}: accepted a tampered ejwt token")
        return False

    def to_ejwt(alg):
        c = side.claims(alg)
        signed = peer_sign(alg, c)
        if signed is None:
            return None
        tok, keys = signed
        return side.verifies(alg, tok, c, keys)

    start = time.monotonic()
    for alg in ALGS:
        m.run(alg, TO_PEER, lambda: to_peer(alg))
        m.run(alg, TO_EJWT, lambda: to_ejwt(alg))
    m.print()
    print(f"matrix {peer}: {time.monotonic() - start:.2f} s")
