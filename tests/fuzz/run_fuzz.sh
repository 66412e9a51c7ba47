#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the libFuzzer targets for ctest (tests/fuzz/CMakeLists.txt).
#
#   run_fuzz.sh fuzz EXE SECONDS DICT|- SEED_DIR ARTIFACT_DIR
#       Fuzz for SECONDS from the seeds in SEED_DIR, which is only read: new
#       inputs go to a fresh temporary directory, removed afterwards. A crash,
#       leak, timeout or sanitizer report fails (libFuzzer exits non-zero) and
#       leaves the input in ARTIFACT_DIR.
#   run_fuzz.sh regress EXE DIR [EXE DIR ...]
#       Run each target once over every file in its DIR (libFuzzer runs the
#       files given as arguments once each); a missing or empty DIR is skipped.
set -eu

mode="$1"
shift
case "$mode" in
fuzz)
    exe="$1" seconds="$2" dict="$3" seeds="$4" artifacts="$5"
    mkdir -p "$artifacts"
    work="$(mktemp -d "${TMPDIR:-/tmp}/ejwt-fuzz-XXXXXX")"
    trap 'rm -rf "$work"' EXIT
    set -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$artifacts/"
    [ "$dict" = "-" ] || set -- "$@" -dict="$dict"
    "$exe" "$@" "$work" "$seeds"
    ;;
regress)
    status=0
    while [ "$#" -ge 2 ]; do
        exe="$1" dir="$2"
        shift 2
        [ -d "$dir" ] || continue
        files="$(find "$dir" -type f ! -name '.*' | sort)"
        [ -n "$files" ] || continue
        echo "== $(basename "$exe"): $(echo "$files" | wc -l) regression input(s)"
        # shellcheck disable=SC2086 # file names are ours, without spaces
        "$exe" -rss_limit_mb=2048 -timeout=20 $files || status=1
    done
    exit "$status"
    ;;
*)
    echo "usage: run_fuzz.sh fuzz|regress ..." >&2
    exit 2
    ;;
esac
