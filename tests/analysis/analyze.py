#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Static analysis and memcheck drivers for ctest (tests/analysis).

Each subcommand prints "analysis.<tool>: N finding(s)" (after the findings
themselves) and exits 1 when N > 0, 0 when N == 0, 2 on a usage or tool error
(which also fails the test). Compiler flags come from the build tree's
compile_commands.json, filtered to the folders given with --root, so the
analysers see exactly the configuration the build compiles.

  analyze.py cppcheck   --tool cppcheck   --build B --source S --root core ...
  analyze.py clang-tidy --tool clang-tidy --build B --source S --root core ...
  analyze.py fanalyzer  --tool gcc        --build B --source S --root core/src
  analyze.py memcheck   --tool valgrind   -- EXECUTABLE [ARGS...]
"""
import argparse
import concurrent.futures
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

# file:line:col: severity: message [check]
DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<sev>warning|error|style|performance|portability|information): "
                  r"(?P<msg>.*)$")


def fail(msg):
    print("analyze.py: " + msg, file=sys.stderr)
    sys.exit(2)


def load_commands(build, source, roots, exts=(".c",)):
    """compile_commands.json entries whose file lies under source/<root>."""
    import json
    path = os.path.join(build, "compile_commands.json")
    if not os.path.exists(path):
        fail(path + " not found (CMAKE_EXPORT_COMPILE_COMMANDS is ON in the top CMakeLists.txt)")
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    prefixes = [os.path.join(os.path.realpath(source), r.strip("/")) + os.sep for r in roots]
    seen, out = set(), []
    for e in entries:
        file = os.path.realpath(os.path.join(e["directory"], e["file"]))
        if not file.endswith(exts) or not any(file.startswith(p) for p in prefixes):
            continue
        if file in seen:
            continue
        seen.add(file)
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        out.append((file, e["directory"], args))
    if not out:
        fail("no compile command under " + ", ".join(roots))
    return sorted(out)


def run_parallel(jobs, fn, items):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items))


def report(tool, findings, errors, files):
    """Print the unique findings and the count; return the exit status."""
    uniq = sorted(set(findings))
    for line in uniq:
        print(line)
    for e in errors:
        print(e, file=sys.stderr)
    print("analysis.%s: %d file(s), %d finding(s)%s" %
          (tool, files, len(uniq), (", %d tool error(s)" % len(errors)) if errors else ""))
    if errors:
        return 2
    return 1 if uniq else 0


def preprocessor_flags(args):
    """-D/-U/-I/-isystem of a compile command (for cppcheck)."""
    out, i = [], 0
    while i < len(args):
        a = args[i]
        if a in ("-D", "-U", "-I", "-isystem") and i + 1 < len(args):
            out.append(("-I" if a == "-isystem" else a) + args[i + 1])
            i += 1
        elif a.startswith("-isystem"):
            out.append("-I" + a[len("-isystem"):])
        elif a.startswith(("-D", "-U", "-I")):
            out.append(a)
        i += 1
    # No system headers: cppcheck knows the C library from its std.cfg, and
    # parsing libc (or newlib, which #errors without the target's endianness
    # macros) only slows it down and breaks configurations.
    return [f for f in out if not f.startswith("-I/usr/")]


def cmd_cppcheck(o):
    entries = load_commands(o.build, o.source, o.root)
    src = os.path.realpath(o.source)
    common = [
        o.tool, "--quiet", "--std=c99", "--inline-suppr", "--error-exitcode=1",
        "--enable=warning,style,performance,portability",
        "--template={file}:{line}:{column}: {severity}: {message} [{id}]",
        # cppcheck has no system headers; Mbed TLS's check_config.h stops
        # with #error unless CHAR_BIT is known.
        "-DCHAR_BIT=8",
        # Third-party code is not ours to fix: Mbed TLS and its config
        # headers, jsmn (compiled into core/src/json.c).
        "--suppress=*:" + src + "/third_party/*",
        "--suppress=*:" + src + "/port/mbedtls/*",
        "--suppress=*:*/jsmn.h",
    ]
    if o.jsmn_dir:
        common.append("-I" + o.jsmn_dir)

    def one(entry):
        file, directory, args = entry
        flags = preprocessor_flags(args)
        # jsmn lives in a system directory that the compile command does not
        # name; o.jsmn_dir holds jsmn.h alone, so no libc header is parsed.
        cmd = common + flags + [file]
        p = subprocess.run(cmd, cwd=directory, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        found = [l for l in p.stdout.splitlines() if DIAG.match(l)]
        other = [l for l in p.stdout.splitlines() if l.strip() and not DIAG.match(l)]
        errs = []
        if p.returncode not in (0, 1) or (p.returncode == 1 and not found):
            errs.append("%s: cppcheck exited %d:\n%s" % (file, p.returncode, "\n".join(other)))
        return found, errs

    results = run_parallel(o.jobs, one, entries)
    return report(o.name or "cppcheck", [f for r in results for f in r[0]],
                  [e for r in results for e in r[1]], len(entries))


def cmd_clang_tidy(o):
    entries = load_commands(o.build, o.source, o.root)
    src = os.path.realpath(o.source)
    header_filter = "^" + re.escape(src) + "/(" + "|".join(re.escape(r.strip("/")) for r in o.headers) + ")/"
    config = os.path.join(src, ".clang-tidy")
    if not os.path.exists(config):
        fail(config + " not found")

    def one(entry):
        file = entry[0]
        cmd = [o.tool, "--quiet", "-p", o.build, "--config-file=" + config,
               "--header-filter=" + header_filter, file]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        found = []
        for l in p.stdout.splitlines():
            m = DIAG.match(l)
            if m and m.group("sev") in ("warning", "error"):
                found.append(l)
        errs = []
        if p.returncode != 0 and not found:
            errs.append("%s: clang-tidy exited %d:\n%s%s" % (file, p.returncode, p.stdout, p.stderr))
        return found, errs

    results = run_parallel(o.jobs, one, entries)
    return report(o.name or "clang_tidy", [f for r in results for f in r[0]],
                  [e for r in results for e in r[1]], len(entries))


def cmd_fanalyzer(o):
    entries = load_commands(o.build, o.source, o.root)
    tmp = tempfile.mkdtemp(prefix="ejwt-fanalyzer-")

    def one(entry):
        file, directory, args = entry
        cmd = [o.tool]
        i = 1
        while i < len(args):
            a = args[i]
            if a in ("-o", "-c"):
                i += 2
                continue
            if a == file or os.path.realpath(os.path.join(directory, a)) == file:
                i += 1
                continue
            cmd.append(a)
            i += 1
        obj = os.path.join(tmp, os.path.basename(file) + ".o")
        cmd += ["-fanalyzer", "-Werror", "-fdiagnostics-plain-output", "-c", file, "-o", obj]
        p = subprocess.run(cmd, cwd=directory, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        found = [l for l in p.stdout.splitlines()
                 if DIAG.match(l) and DIAG.match(l).group("sev") in ("warning", "error")]
        errs = []
        if p.returncode != 0 and not found:
            errs.append("%s: %s exited %d:\n%s" % (file, o.tool, p.returncode, p.stdout))
        elif found:
            # Print the analyser's path to each finding as well.
            print(p.stdout)
        return found, errs

    try:
        results = run_parallel(o.jobs, one, entries)
    finally:
        for f in glob.glob(os.path.join(tmp, "*")):
            os.unlink(f)
        os.rmdir(tmp)
    return report(o.name or "gcc_fanalyzer", [f for r in results for f in r[0]],
                  [e for r in results for e in r[1]], len(entries))


def cmd_memcheck(o):
    if not o.command:
        fail("memcheck needs -- EXECUTABLE [ARGS...]")
    logdir = tempfile.mkdtemp(prefix="ejwt-memcheck-")
    cmd = [o.tool, "--tool=memcheck", "--error-exitcode=1", "--leak-check=full",
           "--errors-for-leak-kinds=definite", "--trace-children=no",
           # Forked children (the platform kill test) are SIGKILLed mid-write;
           # only the parent's report counts.
           "--child-silent-after-fork=yes",
           "--log-file=" + os.path.join(logdir, "vg.%p.log")] + o.command
    p = subprocess.run(cmd)
    count, logs = 0, []
    for path in sorted(glob.glob(os.path.join(logdir, "vg.*.log"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for m in re.finditer(r"ERROR SUMMARY: (\d+) errors?", text):
            count += int(m.group(1))
        if re.search(r"ERROR SUMMARY: [1-9]", text):
            logs.append(text)
        os.unlink(path)
    os.rmdir(logdir)
    for text in logs:
        print(text)
    name = os.path.basename(o.command[0])
    print("analysis.memcheck: %s: %d error(s), exit status %d" % (name, count, p.returncode))
    if count:
        return 1
    return 0 if p.returncode == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["cppcheck", "clang-tidy", "fanalyzer", "memcheck"])
    ap.add_argument("--tool", required=True, help="the analyser's executable")
    ap.add_argument("--build", help="build tree holding compile_commands.json")
    ap.add_argument("--source", help="source tree (the repository root)")
    ap.add_argument("--root", action="append", default=[],
                    help="folder (relative to --source) whose .c files are analysed")
    ap.add_argument("--headers", action="append", default=[],
                    help="folder whose headers clang-tidy reports on (default: the roots)")
    ap.add_argument("--jsmn-dir", help="folder holding jsmn.h alone (cppcheck)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--name", help="name in the summary line (default: the tool's test name)")
    argv = sys.argv[1:]
    command = []
    if "--" in argv:  # memcheck: everything after "--" is the program and its arguments
        command = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    o = ap.parse_args(argv)
    o.command = command
    if o.mode != "memcheck" and (not o.build or not o.source or not o.root):
        fail(o.mode + " needs --build, --source and at least one --root")
    if not o.headers:
        o.headers = o.root
    fn = {"cppcheck": cmd_cppcheck, "clang-tidy": cmd_clang_tidy,
          "fanalyzer": cmd_fanalyzer, "memcheck": cmd_memcheck}[o.mode]
    sys.exit(fn(o))


if __name__ == "__main__":
    main()
