#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.consumer.baremetal: examples/minimal_baremetal as a product would
# build it - a CMake project of its own, with its own toolchain file and
# board folder, pulling ejwt in from SOURCE - configured and built in BUILD,
# then run under QEMU (lm3s6965evb, UART0 on stdout, exit status through
# semihosting). Passes only if the image exits 0 and reports every step,
# links nothing of the QEMU emulation (ejwt_bm_*) and no heap.
#
# checks.consumer.core_only (IMAGE verify_only): the same project's
# verifier-only firmware, which links ejwt::core alone, from the build the
# first test made (its fixture); it must hold nothing of the platform layer
# or the MCU glue, verify RFC 7515 A.3 and refuse the two bad variants.
#
#   minimal_baremetal.sh SOURCE BUILD MBEDTLS_SOURCE_DIR NM [IMAGE]
set -euo pipefail
[ "$#" -ge 4 ] || { echo "usage: $0 SOURCE BUILD MBEDTLS_SOURCE_DIR NM [IMAGE]" >&2; exit 2; }
src="$1"
build="$2"
mbedtls="$3"
nm="$4"
image="${5:-minimal_baremetal}"
test="checks.consumer.baremetal"
[ "$image" = minimal_baremetal ] || test="checks.consumer.core_only"
fail() { echo "$test: FAIL: $*"; exit 1; }

run() {
    out="$(timeout --foreground -k 5 120 qemu-system-arm -M lm3s6965evb -cpu cortex-m3 -nographic \
        -monitor none -serial stdio -semihosting-config enable=on,target=native -kernel "$1" 2>&1 |
        tr -d '\r')" && rc=0 || rc=$?
    printf '%s\n' "$out"
    [ "$rc" -eq 0 ] || fail "the image exited with status $rc"
}

# README "Using ejwt in your project" shows lines of the example's
# CMakeLists.txt: each must be in it as written.
kind=baremetal
[ "$image" = minimal_baremetal ] || kind=core_only
snippet="$(awk -v mark="<!-- consumer: $kind examples/minimal_baremetal/CMakeLists.txt -->" '
    $0 == mark { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$src/README.md")"
[ -n "$snippet" ] || fail "README.md has no '<!-- consumer: $kind ... -->' snippet"
while IFS= read -r line; do
    grep -qxF -- "$line" "$src/examples/minimal_baremetal/CMakeLists.txt" ||
        fail "README's line '$line' is not in examples/minimal_baremetal/CMakeLists.txt"
done <<<"$snippet"

if [ "$image" = verify_only ]; then
    elf="$build/verify_only"
    [ -f "$elf" ] || fail "$elf was not built (checks.consumer.baremetal builds it)"
    "${CMAKE_SIZE:-arm-none-eabi-size}" "$elf"
    if "$nm" "$elf" | grep -E ' (ejwt_(platform|mcu|bm|device_key|token_store|kv)_[A-Za-z0-9_]*|psa_its_[a-z_]*|malloc|calloc|free|_sbrk)$'; then
        fail "a core-only image links more than the core (symbols above)"
    fi
    run "$elf"
    for line in "verified: RFC 7515 A.3 (ES256)" "refused: ES256 token when HS256 is pinned (EJWT_ERR_" \
        "refused: tampered signature (EJWT_ERR_SIGNATURE_INVALID)" "verify_only: OK"; do
        grep -qF -- "$line" <<<"$out" || fail "no '$line' in the output"
    done
    echo "$test: OK"
    exit 0
fi

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

run "$elf"
for line in "signed: ES256 token of " "verified: signature, iss and exp" \
    "refused: tampered token (EJWT_ERR_" "minimal_baremetal: OK"; do
    grep -qF -- "$line" <<<"$out" || fail "no '$line' in the output"
done
echo "checks.consumer.baremetal: OK"
