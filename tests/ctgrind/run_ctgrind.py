#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Run one ct_check path under valgrind memcheck and judge the report.

usage: run_ctgrind.py VALGRIND CT_CHECK PATH

valgrind runs with --error-exitcode=1 --track-origins=yes and the Mbed
TLS-only suppressions in mbedtls.supp. Every remaining report is attributed
to the first ejwt frame on its stack (a libc helper such as memcmp is
attributed to its ejwt caller). The path passes when the set of ejwt
functions reported equals the known findings listed for it in findings.txt
(an empty set for the paths that must be clean); a new report, a report
outside ejwt that no suppression explains, or a listed finding that no
longer reports fails it. Each finding is printed with its file:line sites.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORE_SRC = os.path.join(HERE, "..", "..", "core", "src")
SUPP = os.path.join(HERE, "mbedtls.supp")
FINDINGS = os.path.join(HERE, "findings.txt")

ERROR_START = re.compile(r"^==\d+== (Conditional jump or move depends on uninitialised value"
                         r"|Use of uninitialised value|Syscall param|Invalid )")
FRAME = re.compile(r"^==\d+==    (?:at|by) 0x[0-9A-F]+: (\S+) \((?:in )?([^:)]+)(?::(\d+))?\)")


def ejwt_files():
    files = {f for f in os.listdir(CORE_SRC) if f.endswith((".c", ".h"))}
    files.add("jsmn.h")  # compiled into json.c: part of ejwt's JSON layer
    return files


def check_suppressions(files):
    """No suppression may name an ejwt function."""
    names = set()
    for f in files:
        if f == "jsmn.h":
            continue
        with open(os.path.join(CORE_SRC, f), encoding="utf-8") as fh:
            names.update(re.findall(r"^(?:static\s+)?[A-Za-z_][\w\s\*]*?\b(\w+)\s*\(",
                                    fh.read(), re.M))
    bad = []
    with open(SUPP, encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"\s*fun:(\S+)", line)
            if not m:
                continue
            pat = re.compile("^" + re.escape(m.group(1)).replace(r"\*", ".*")
                             .replace(r"\?", ".") + "$")
            bad += [n for n in names if pat.match(n)]
            if pat.match("ejwt_x") or pat.match("jsmn_x"):
                bad.append(m.group(1))
    return sorted(set(bad))


def parse_errors(text):
    """Each error: (kind, [(func, file, line)]) for its first stack only."""
    errors, cur = [], None
    for line in text.splitlines():
        if ERROR_START.match(line):
            cur = (line.split("== ", 1)[1], [])
            errors.append(cur)
        elif cur is not None:
            m = FRAME.match(line)
            if m:
                cur[1].append((m.group(1), os.path.basename(m.group(2)), m.group(3)))
            else:
                cur = None  # the origin stack ("created by") is not the site
    return errors


def known(path):
    out = {}
    with open(FINDINGS, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                p, func, reason = line.rstrip("\n").split(" ", 2)
                if p == path:
                    out[func] = reason
    return out


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    valgrind, ct_check, path = sys.argv[1:]
    files = ejwt_files()
    bad = check_suppressions(files)
    if bad:
        print(f"FAIL ctgrind.{path}: suppressions cover ejwt functions: {', '.join(bad)}")
        return 1
    cmd = [valgrind, "--tool=memcheck", "--error-exitcode=1", "--track-origins=yes",
           "--num-callers=30", f"--suppressions={SUPP}", ct_check, path]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=280)
    out = p.stdout.decode(errors="replace")
    errors = parse_errors(out)
    found, foreign = {}, []
    for kind, frames in errors:
        site = next(((f, fl, ln) for f, fl, ln in frames if fl in files), None)
        if site is None:
            foreign.append((kind, frames[:4]))
            continue
        found.setdefault(site[0], set()).add(f"{site[1]}:{site[2]}")
    expect = known(path)
    ok = True
    if f"{path}: ran" not in out:
        print(out)
        print(f"FAIL ctgrind.{path}: ct_check did not complete its own checks")
        ok = False
    for func, sites in sorted(found.items()):
        tag = "known finding" if func in expect else "NEW FINDING"
        print(f"{tag}: {func} at {', '.join(sorted(sites))}"
              + (f" -- {expect[func]}" if func in expect else ""))
        ok = ok and func in expect
    for func in sorted(set(expect) - set(found)):
        print(f"STALE: {func} listed in findings.txt for {path} but no longer reported "
              "(remove the entry)")
        ok = False
    for kind, frames in foreign:
        where = " <- ".join(f"{f} ({fl}:{ln})" for f, fl, ln in frames)
        print(f"UNSUPPRESSED outside ejwt: {kind} at {where}")
        ok = False
    if not found and not foreign:
        print(f"ctgrind.{path}: clean (no secret-dependent branch or index in ejwt)")
    if (p.returncode != 0) != bool(errors):
        print(f"FAIL ctgrind.{path}: valgrind exit {p.returncode} with {len(errors)} reports")
        ok = False
    print(f"ctgrind.{path}: {'PASS' if ok else 'FAIL'} ({len(errors)} reports after "
          f"Mbed TLS suppressions, valgrind exit {p.returncode})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
