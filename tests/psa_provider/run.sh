#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# psa_provider.*: ejwt built against an external PSA Crypto provider
# (EJWT_PSA_PROVIDER=external), here Mbed TLS 3.6 built and installed by
# Mbed TLS's own CMake from the same source package as the bundled build.
#
#   run.sh external  WORK EJWT_SRC MBEDTLS_SRC CC EXPECTED_TESTS
#     1. Mbed TLS with its own CMake and its default configuration
#        (include/mbedtls/mbedtls_config.h: MBEDTLS_PSA_CRYPTO_C, persistent
#        keys, its own file ITS MBEDTLS_PSA_ITS_FILE_C), installed into
#        WORK/prefix;
#     2. ejwt configured with EJWT_PSA_PROVIDER=external and
#        EJWT_PSA_TARGET=MbedTLS::mbedcrypto (found by ejwt's own
#        find_package(MbedTLS 3.6 CONFIG) in WORK/prefix), EJWT_PSA_ITS left
#        at auto (= provider), and no Mbed TLS source tree given to it;
#     3. the core's vector tests built and run (ctest -R '^vectors\.'): the
#        same test names as this build's (EXPECTED_TESTS, one per line), all
#        passing;
#     4. one copy of psa_*: the bundled library was not built, no ejwt object
#        defines a psa_* symbol, and every psa_* function the test programs
#        define is one libmbedcrypto.a defines.
#   run.sh its_twice WORK EJWT_SRC
#     ejwt against the same installed Mbed TLS with EJWT_PSA_ITS=ejwt: the
#     port's psa_its_* beside MBEDTLS_PSA_ITS_FILE_C's must not compile
#     (the message of <ejwt/psa_check.h>; needs the prefix of "external").
#
# The last line is "psa_provider: PASS" or "psa_provider: FAIL: reason".
set -euo pipefail

fail() { echo "psa_provider: FAIL: $*"; exit 1; }
t0=$(date +%s)
step() { echo "== [$(($(date +%s) - t0)) s] $*"; }
[ "$#" -ge 3 ] || fail "usage: run.sh external|its_twice WORK EJWT_SRC [MBEDTLS_SRC CC EXPECTED_TESTS]"
mode="$1" work="$2" src="$3"
export LC_ALL=C
jobs=2
# The child builds are configured from scratch: nothing of the calling
# build's environment (a ctest run's MAKEFLAGS) leaks into them.
unset MAKEFLAGS MFLAGS CMAKE_PREFIX_PATH MbedTLS_DIR

prefix="$work/prefix"
case "$mode" in
external)
    [ "$#" -eq 6 ] || fail "usage: run.sh external WORK EJWT_SRC MBEDTLS_SRC CC EXPECTED_TESTS"
    mbedtls_src="$4" cc="$5" expected="$6"
    [ -f "$mbedtls_src/CMakeLists.txt" ] || fail "no Mbed TLS source in $mbedtls_src (scripts/setup)"
    [ -s "$expected" ] || fail "no expected test list in $expected"
    rm -rf "$work"
    mkdir -p "$work"
    start=$(date +%s)

    step "Mbed TLS: configure with its own CMake"
    cmake -S "$mbedtls_src" -B "$work/mbedtls" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_INSTALL_PREFIX="$prefix" \
        -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF -DMBEDTLS_FATAL_WARNINGS=OFF \
        >"$work/mbedtls-configure.log" 2>&1 ||
        { tail -n 30 "$work/mbedtls-configure.log"; fail "Mbed TLS configure"; }
    # Its install step installs all three libraries, so all are built.
    step "Mbed TLS: build"
    cmake --build "$work/mbedtls" --parallel "$jobs" >"$work/mbedtls-build.log" 2>&1 ||
        { tail -n 30 "$work/mbedtls-build.log"; fail "Mbed TLS build"; }
    step "Mbed TLS: install into $prefix"
    cmake --install "$work/mbedtls" >"$work/mbedtls-install.log" 2>&1 ||
        { tail -n 30 "$work/mbedtls-install.log"; fail "Mbed TLS install"; }
    lib="$prefix/lib/libmbedcrypto.a"
    [ -f "$lib" ] || lib="$(find "$prefix" -name libmbedcrypto.a | head -n1)"
    [ -f "$lib" ] || fail "libmbedcrypto.a not installed under $prefix"
    mb_done=$(date +%s)

    step "ejwt: configure with EJWT_PSA_PROVIDER=external"
    cmake -S "$src" -B "$work/ejwt" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_PREFIX_PATH="$prefix" \
        -DEJWT_PSA_PROVIDER=external -DEJWT_PSA_TARGET=MbedTLS::mbedcrypto \
        -DEJWT_MBEDTLS_SOURCE_DIR="$work/no-mbedtls-source-here" \
        -DEJWT_BUILD_TESTS=ON -DEJWT_BUILD_CLI=OFF -DEJWT_BUILD_EXAMPLES=OFF \
        -DEJWT_BUILD_BENCH=OFF -DEJWT_TEST_PSA_PROVIDER=OFF \
        >"$work/ejwt-configure.log" 2>&1 ||
        { tail -n 30 "$work/ejwt-configure.log"; fail "ejwt configure"; }
    grep -q "ejwt: PSA Crypto from MbedTLS::mbedcrypto; psa_its_\* from the provider" \
        "$work/ejwt-configure.log" || fail "configure did not report the external provider"

    (cd "$work/ejwt" && ctest -N -R '^vectors\.') | sed -nE 's/^ *Test +#[0-9]+: (vectors\.[^ ]+)$/\1/p' |
        sort >"$work/tests.txt"
    sort "$expected" >"$work/expected.txt"
    [ -s "$work/tests.txt" ] || fail "no vectors.* tests in the external build"
    diff -u "$work/expected.txt" "$work/tests.txt" ||
        fail "the external build's vectors.* tests differ from this build's"
    targets=()
    while read -r t; do targets+=("ejwt_vectors_${t#vectors.}"); done <"$work/tests.txt"

    step "ejwt: build ${targets[*]}"
    cmake --build "$work/ejwt" --parallel "$jobs" --target "${targets[@]}" \
        >"$work/ejwt-build.log" 2>&1 ||
        { grep -E 'error|multiple definition' "$work/ejwt-build.log" | head -n 30; fail "ejwt build"; }
    grep -q "multiple definition" "$work/ejwt-build.log" && fail "multiple definitions at link time"

    step "one copy of psa_*"
    [ -z "$(find "$work/ejwt" -name 'libejwt_mbedcrypto*' -o -type d -name 'ejwt_mbedcrypto.dir')" ] ||
        fail "the bundled Mbed TLS (ejwt_mbedcrypto) was built"
    # Every archive and object file of ejwt in the build tree (the test
    # programs' own objects included): none defines psa_*.
    mapfile -t ejwt_objs < <(find "$work/ejwt" \( -name '*.a' -o -name '*.o' \) -type f | sort)
    [ "${#ejwt_objs[@]}" -gt 0 ] || fail "no ejwt objects found"
    nm -A --defined-only "${ejwt_objs[@]}" 2>/dev/null | awk '$2 ~ /^[A-Z]$/ && $3 ~ /^psa_/' \
        >"$work/ejwt-psa-defs.txt" || true
    if [ -s "$work/ejwt-psa-defs.txt" ]; then
        head -n 20 "$work/ejwt-psa-defs.txt"
        fail "ejwt objects define psa_* symbols (a second PSA implementation)"
    fi
    nm --defined-only "$lib" | awk '$2 == "T" && $3 ~ /^psa_/ {print $3}' | sort -u >"$work/lib-psa.txt"
    grep -qx psa_crypto_init "$work/lib-psa.txt" || fail "psa_crypto_init not in $lib"
    grep -qx psa_its_set "$work/lib-psa.txt" ||
        fail "psa_its_set not in $lib (this test expects Mbed TLS's default MBEDTLS_PSA_ITS_FILE_C)"
    n_exe=0
    for t in "${targets[@]}"; do
        exe="$work/ejwt/tests/$t"
        [ -x "$exe" ] || fail "$exe not built"
        nm --defined-only "$exe" | awk '$2 == "T" && $3 ~ /^psa_/ {print $3}' | sort >"$work/exe-psa.txt"
        [ -s "$work/exe-psa.txt" ] || fail "$t defines no psa_* function: linked against what?"
        dup="$(uniq -d "$work/exe-psa.txt")"
        [ -z "$dup" ] || fail "$t defines these psa_* twice: $dup"
        extra="$(comm -23 "$work/exe-psa.txt" "$work/lib-psa.txt")"
        [ -z "$extra" ] || fail "$t defines psa_* functions that libmbedcrypto.a does not: $extra"
        grep -qx psa_crypto_init "$work/exe-psa.txt" || fail "$t has no psa_crypto_init"
        n_exe=$((n_exe + 1))
    done
    echo "psa_* of $n_exe test programs: $(wc -l <"$work/exe-psa.txt") functions in the last, all from $lib"

    step "ejwt: ctest -R '^vectors\\.'"
    (cd "$work/ejwt" && ctest -R '^vectors\.' --output-on-failure -j "$jobs") >"$work/ctest.log" 2>&1 ||
        { tail -n 40 "$work/ctest.log"; fail "vectors.* failed against the external provider"; }
    summary="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$work/ctest.log" | tail -n1)"
    echo "$summary"
    n_run="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")"
    [ "$n_run" -eq "$(wc -l <"$work/tests.txt")" ] || fail "ctest ran $n_run tests, expected $(wc -l <"$work/tests.txt")"
    grep -q '100% tests passed' <<<"$summary" || fail "not every vectors.* test passed"
    end=$(date +%s)
    echo "time: Mbed TLS $((mb_done - start)) s, ejwt $((end - mb_done)) s, total $((end - start)) s"
    ;;
its_twice)
    [ -f "$prefix/lib/cmake/MbedTLS/MbedTLSConfig.cmake" ] ||
        fail "no installed Mbed TLS in $prefix (psa_provider.external sets it up)"
    rm -rf "$work/its_twice"
    step "ejwt: configure with EJWT_PSA_ITS=ejwt beside MBEDTLS_PSA_ITS_FILE_C"
    cmake -S "$src" -B "$work/its_twice" -DCMAKE_PREFIX_PATH="$prefix" \
        -DEJWT_PSA_PROVIDER=external -DEJWT_PSA_TARGET=MbedTLS::mbedcrypto -DEJWT_PSA_ITS=ejwt \
        -DEJWT_BUILD_TESTS=OFF -DEJWT_BUILD_CLI=OFF -DEJWT_BUILD_EXAMPLES=OFF -DEJWT_BUILD_BENCH=OFF \
        >"$work/its_twice-configure.log" 2>&1 ||
        { tail -n 30 "$work/its_twice-configure.log"; fail "ejwt configure"; }
    step "ejwt: build ejwt_psa_its (must fail)"
    if cmake --build "$work/its_twice" --target ejwt_psa_its >"$work/its_twice-build.log" 2>&1; then
        fail "the port's psa_its_* compiled beside MBEDTLS_PSA_ITS_FILE_C"
    fi
    grep -E '#error "[^"]*so does MBEDTLS_PSA_ITS_FILE_C' "$work/its_twice-build.log" ||
        { tail -n 30 "$work/its_twice-build.log"; fail "the build failed, but not with psa_check.h's message"; }
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
echo "psa_provider: PASS"
