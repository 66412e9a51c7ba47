#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.board_dir_errors: a wrong board selection stops the configure with
# a message that says what is wrong (cmake/board.cmake), and a good board
# folder from outside boards/ configures. Each case configures ejwt for
# EJWT_PORT=mcu with a toolchain file that is not ejwt's
# (examples/minimal_baremetal/toolchain-arm-gcc.cmake) in a scratch folder.
#
#   board_dir_errors.sh SOURCE SCRATCH MBEDTLS_SOURCE_DIR
set -euo pipefail
[ "$#" -eq 3 ] || { echo "usage: $0 SOURCE SCRATCH MBEDTLS_SOURCE_DIR" >&2; exit 2; }
src="$1"
scratch="$2"
mbedtls="$3"
rm -rf "$scratch"
mkdir -p "$scratch/no_ld" "$scratch/no_flags"
echo 'set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m3 -mthumb")' >"$scratch/no_ld/board.cmake"
echo 'set(EJWT_BOARD_ARENA_SIZE 1024)' >"$scratch/no_flags/board.cmake"
cp "$src/examples/minimal_baremetal/board/board.ld" "$scratch/no_flags/board.ld"
failures=0
n=0

configure() {
    cmake -S "$src" -B "$scratch/build$n" --fresh \
        -DCMAKE_TOOLCHAIN_FILE="$src/examples/minimal_baremetal/toolchain-arm-gcc.cmake" \
        -DEJWT_MBEDTLS_SOURCE_DIR="$mbedtls" -DEJWT_PORT=mcu -DEJWT_BUILD_TESTS=OFF \
        -DEJWT_BUILD_EXAMPLES=OFF "$@" 2>&1
}

# expect_error WHAT REGEX CMAKE-ARGS...: the configure fails, saying REGEX.
expect_error() {
    local what="$1" regex="$2" out rc
    shift 2
    n=$((n + 1))
    out="$(configure "$@")" && rc=0 || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "FAIL: $what: the configure succeeded"
        failures=$((failures + 1))
    elif ! grep -qE -- "$regex" <<<"$(tr -s ' \n' ' ' <<<"$out")"; then
        echo "FAIL: $what: the configure failed without saying /$regex/:"
        printf '%s\n' "$out" | grep -A6 "CMake Error" || printf '%s\n' "$out" | tail -n 8
        failures=$((failures + 1))
    else
        echo "ok: $what"
    fi
}

expect_error "a path in EJWT_BOARD" "looks like a path.*EJWT_BOARD_DIR" -DEJWT_BOARD=/opt/myboard
expect_error "an unknown in-tree board" "no such board under .*in-tree boards: .*lm3s6965evb" \
    -DEJWT_BOARD=no-such-board
expect_error "no board at all" "needs a board: EJWT_BOARD .* or EJWT_BOARD_DIR"
expect_error "a relative EJWT_BOARD_DIR" "EJWT_BOARD_DIR must be an absolute path" \
    -DEJWT_BOARD_DIR=boards/mps2-an385
expect_error "a missing folder" "EJWT_BOARD_DIR=$scratch/absent: not a folder" \
    -DEJWT_BOARD_DIR="$scratch/absent"
expect_error "a folder without board.ld" "has no board.ld" -DEJWT_BOARD_DIR="$scratch/no_ld"
expect_error "a board.cmake without CPU flags" "does not set EJWT_BOARD_CPU_FLAGS" \
    -DEJWT_BOARD_DIR="$scratch/no_flags"

# The control: the example's board folder, from outside boards/, configures.
n=$((n + 1))
if out="$(configure -DEJWT_BOARD_DIR="$src/examples/minimal_baremetal/board")"; then
    echo "ok: a board folder of its own configures"
else
    printf '%s\n' "$out" | tail -n 20
    echo "FAIL: the example's board folder does not configure"
    failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || { echo "checks.board_dir_errors: $failures of $((n)) cases failed"; exit 1; }
echo "checks.board_dir_errors: OK ($n cases)"
