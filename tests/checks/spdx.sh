#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.spdx: every source file of the repository (C, headers, linker
# scripts, CMake, Python, shell, JavaScript, gnuplot, the extensionless
# scripts) names its licence in an SPDX line within its first three lines.
# Data (vectors, corpora), documents and images are not source files.
#
# usage: spdx.sh SOURCE_DIR     check the files git tracks there
#        spdx.sh --selftest     show that a missing line is caught
# exit:  0 clean, 1 a file lacks the line (listed), 2 usage
set -euo pipefail

LINE='SPDX-License-Identifier: Apache-2.0'

# The source files among the given paths (one per line on stdin).
sources() {
    grep -E '(\.(c|h|ld|cmake|py|sh|js|gp)|(^|/)CMakeLists\.txt|^scripts/[a-z_]+|^boards/qemu-run|^\.ci/run)$' |
        grep -vE '^(tests/vectors|tests/fuzz/(corpus|regressions))/' || true
}

scan() {
    local dir="$1" missing=0 n=0 f
    cd "$dir"
    while read -r f; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        if ! head -n 3 -- "$f" | grep -qF "$LINE"; then
            echo "spdx: FAIL: $f has no '$LINE' line in its first three lines"
            missing=1
        fi
    done < <(git ls-files | sources)
    [ "$n" -gt 0 ] || { echo "spdx: FAIL: no source file found in $dir"; return 1; }
    [ "$missing" -eq 0 ] || return 1
    echo "spdx: OK: $n source files carry '$LINE'"
}

case "${1:-}" in
--selftest)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    git -C "$tmp" init -q
    printf '/* %s */\nint a;\n' "$LINE" >"$tmp/good.c"
    printf 'int b;\n' >"$tmp/bad.c"
    git -C "$tmp" add good.c bad.c
    if out="$(scan "$tmp")"; then
        echo "spdx: selftest FAILED: the file without the line was not caught"
        exit 1
    fi
    if ! grep -q 'FAIL: bad.c' <<<"$out" || grep -q 'FAIL: good.c' <<<"$out"; then
        echo "spdx: selftest FAILED: wrong files reported: $out"
        exit 1
    fi
    echo "spdx: selftest OK: bad.c was caught, good.c passed"
    ;;
"" | -*)
    echo "usage: $0 SOURCE_DIR | --selftest" >&2
    exit 2
    ;;
*)
    scan "$1"
    ;;
esac
