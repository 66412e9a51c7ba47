#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.consumer.baremetal: examples/minimal_baremetal as a product would
# build it - a CMake project of its own, with its own toolchain file and
# board folder, pulling ejwt in from SOURCE - configured and built in BUILD,
# then run under QEMU (lm3s6965evb, UART0 on stdout, exit status through
# semihosting). Passes only if the image exits 0 and reports every step,
# links nothing of the QEMU emulation (ejwt_bm_*) and no heap.
#
#   minimal_baremetal.sh SOURCE BUILD MBEDTLS_SOURCE_DIR NM
set -euo pipefail
[ "$#" -eq 4 ] || { echo "usage: $0 SOURCE BUILD MBEDTLS_SOURCE_DIR NM" >&2; exit 2; }
src="$1"
build="$2"
mbedtls="$3"
nm="$4"
fail() { echo "checks.consumer.baremetal: FAIL: $*"; exit 1; }

# --fresh: nothing cached from an earlier run decides this one.
cmake -S "$src/examples/minimal_baremetal" -B "$build" --fresh \
    -DEJWT_SOURCE_DIR="$src" -DEJWT_MBEDTLS_SOURCE_DIR="$mbedtls" >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; fail "configure"; }
grep -q "toolchain-arm-gcc.cmake" "$build/CMakeCache.txt" || fail "not built with the example's own toolchain file"
cmake --build "$build" -j 2 >"$build.build.log" 2>&1 || { cat "$build.build.log"; fail "build"; }
elf="$build/minimal_baremetal"
grep -A1 "text" "$build.build.log" | tail -n 2

# Nothing of the emulation, and no allocator.
if "$nm" "$elf" | grep -E ' (ejwt_bm_[A-Za-z0-9_]*|malloc|calloc|realloc|free|_sbrk|_malloc_r)$'; then
    fail "the image links emulation services or a heap (symbols above)"
fi

out="$(timeout --foreground -k 5 120 qemu-system-arm -M lm3s6965evb -cpu cortex-m3 -nographic \
    -monitor none -serial stdio -semihosting-config enable=on,target=native -kernel "$elf" 2>&1 |
    tr -d '\r')" && rc=0 || rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 0 ] || fail "the image exited with status $rc"
for line in "signed: ES256 token of " "verified: signature, iss and exp" \
    "refused: tampered token (EJWT_ERR_" "minimal_baremetal: OK"; do
    grep -qF -- "$line" <<<"$out" || fail "no '$line' in the output"
done
echo "checks.consumer.baremetal: OK"
