#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Footprint budgets of issue 4, checked against build/footprint.json.

usage: budgets.py FOOTPRINT_JSON (--all | BUDGET...)

One table holds every budget, so scripts/footprint (all of them) and the
checks.footprint.<budget> tests (one each) read the same numbers. Prints one
line per budget; exits 1 when any named budget is exceeded or its image is
missing from the report (an image that did not run never passes a budget).
"""
import json
import sys

KIB = 1024

# name: (board, image, what is measured, limit in bytes)
BUDGETS = {
    "verifier_flash": ("mps2-an385", "verifier", "flash", 16 * KIB),
    "device_flash": ("mps2-an385", "device", "flash", 24 * KIB),
    "verifier_stack": ("mps2-an385", "verifier", "stack_peak", 2 * KIB),
    "device_stack": ("mps2-an385", "device", "stack_peak", 2 * KIB),
    "verifier_arena": ("mps2-an385", "verifier", "arena_peak", 2 * KIB),
    "device_arena": ("mps2-an385", "device", "arena_peak", 2 * KIB),
    # The device image on the 16 KiB micro:bit: its static RAM and the
    # stack it used, within the chip's RAM.
    "microbit_device_ram": ("microbit", "device", "ram+stack_peak", 16 * KIB),
}


def measure(row, what):
    return sum(row[k] for k in what.split("+"))


def check(rows, name):
    board, image, what, limit = BUDGETS[name]
    row = rows.get((board, image))
    if row is None or any(row[k] < 0 for k in what.split("+")):
        print("footprint: budget %s: FAILED: no measurement of %s/%s" % (name, board, image))
        return False
    value = measure(row, what)
    ok = value <= limit
    print("footprint: budget %s: %s/%s %s %d %s %d%s" % (
        name, board, image, what, value, "<=" if ok else ">", limit, "" if ok else ": FAILED"))
    return ok


def main(argv):
    if len(argv) < 3 or (argv[2] != "--all" and any(n not in BUDGETS for n in argv[2:])):
        print(__doc__.strip(), file=sys.stderr)
        print("budgets: " + " ".join(BUDGETS), file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        rows = {(r["board"], r["image"]): r for r in json.load(f)}
    names = list(BUDGETS) if argv[2] == "--all" else argv[2:]
    results = [check(rows, n) for n in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
