#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/consumer/run.sh KIND EJWT_BUILD EJWT_SOURCE WORK
#
# One consumer check (checks.consumer.KIND): a project outside ejwt's tree
# that uses ejwt exactly as README "Using ejwt in your project" shows. The
# project's build file is the README's snippet marked
# "<!-- consumer: KIND FILE -->" (so the README cannot drift from what CI
# builds), its program tests/consumer/app/main.c; it is built from scratch
# in WORK/KIND and run.
#   install           cmake --install EJWT_BUILD --prefix WORK/prefix (the
#                     fixture of find_package and pkg_config), and list it
#   find_package      find_package(ejwt 0.2) from WORK/prefix
#   add_subdirectory  add_subdirectory(third_party/ejwt), EJWT_SOURCE there
#   fetchcontent      FetchContent of a clone of EJWT_SOURCE's git HEAD
#   pkg_config        a Makefile and pkg-config from WORK/prefix
#   config_file       EJWT_CONFIG_FILE: add_subdirectory with a configuration
#                     header of the project's own, then that build installed
#                     and used through find_package and pkg-config; all three
#                     programs must see the header's bound
# The program must print "consumer: ok". Prints the configure+build time.
set -euo pipefail
kind="$1" build="$2" src="$3" work="$4"
here="$src/tests/consumer"
prefix="$work/prefix"
dir="$work/$kind"

say() { printf 'consumer %s: %s\n' "$kind" "$*"; }
die() { printf 'FAIL consumer %s: %s\n' "$kind" "$*" >&2; exit 1; }

# The README snippet for this kind, written to $dir/src/FILE.
snippet() {
    local file
    file="$(sed -n "s/^<!-- consumer: $kind \([^ ]*\) -->\$/\1/p" "$src/README.md")"
    [ -n "$file" ] || die "README.md has no snippet marked '<!-- consumer: $kind FILE -->'"
    mkdir -p "$dir/src"
    awk -v mark="<!-- consumer: $kind $file -->" '
        $0 == mark { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$src/README.md" >"$dir/src/$file"
    [ -s "$dir/src/$file" ] || die "the README snippet for $kind is empty"
    cp "$here/app/main.c" "$dir/src/main.c"
}

# run_app PROGRAM [EJWT_MAX_CLAIM_TOKENS the program must have been built with]
run_app() {
    local out
    rm -rf "$dir/storage"
    out="$("$1" "$dir/storage" 2>&1)" || die "the program failed: $out"
    grep -q '^consumer: ok' <<<"$out" || die "unexpected output: $out"
    if [ -n "${2:-}" ]; then
        grep -q "EJWT_MAX_CLAIM_TOKENS $2," <<<"$out" || die "$1 was not built with the configuration header: $out"
    fi
    say "$out"
}

# The targets a project that pulled ejwt in gets: ejwt's libraries only,
# every name with the ejwt_ prefix (no tests, CLI, examples, bench).
check_targets() {
    local targets bad
    targets="$(cmake --build "$dir/build" --target help | sed -n 's/^\.\.\. \([^ /]*\)$/\1/p; s/^\.\.\. \([^ /]*\) .*/\1/p')"
    bad="$(grep -vxE 'all|clean|depend|edit_cache|rebuild_cache|install(/local|/strip)?|list_install_components|app|ejwt_[a-z0-9_]+|[^ ]+\.[ois]' <<<"$targets" || true)"
    [ -z "$bad" ] || die "targets without the ejwt_ prefix: $(tr '\n' ' ' <<<"$bad")"
    for t in ejwt_cli ejwt_bench ejwt_unit_test_json ejwt_verify_command ejwt_test_runner; do
        ! grep -qx "$t" <<<"$targets" || die "a consumer build defines $t"
    done
    say "$(wc -l <<<"$targets") targets, all ejwt_ libraries"
}

start=$(date +%s.%N)
case "$kind" in
install)
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix" >/dev/null
    [ -f "$prefix/lib/cmake/ejwt/ejwtConfig.cmake" ] || die "no ejwtConfig.cmake"
    [ -f "$prefix/lib/pkgconfig/ejwt.pc" ] || die "no ejwt.pc"
    (cd "$prefix" && find . -type f | sort | sed 's|^\./||') >"$work/installed-files.txt"
    say "$(wc -l <"$work/installed-files.txt") files in $prefix (list: $work/installed-files.txt)"
    ;;
find_package)
    rm -rf "$dir"
    snippet
    cmake -S "$dir/src" -B "$dir/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
    cmake --build "$dir/build" -j 2 >/dev/null
    run_app "$dir/build/app"
    ;;
add_subdirectory)
    rm -rf "$dir"
    snippet
    mkdir -p "$dir/src/third_party"
    ln -s "$src" "$dir/src/third_party/ejwt"
    cmake -S "$dir/src" -B "$dir/build" >/dev/null
    check_targets
    cmake --build "$dir/build" -j 2 >/dev/null
    run_app "$dir/build/app"
    ;;
fetchcontent)
    commit="$(git -C "$src" rev-parse HEAD 2>/dev/null)" || {
        say "SKIPPED: $src is not a git checkout"
        exit 77
    }
    rm -rf "$dir"
    snippet
    # A clone has no third_party/: no EJWT_MBEDTLS_SOURCE_DIR from the
    # environment either, so ejwt must find the source on its own.
    env -u EJWT_MBEDTLS_SOURCE_DIR cmake -S "$dir/src" -B "$dir/build" \
        -DEJWT_GIT_REPOSITORY="$src" -DEJWT_GIT_TAG="$commit" >/dev/null
    [ ! -e "$dir/build/_deps/ejwt-src/third_party" ] || die "the clone has a third_party folder"
    check_targets
    cmake --build "$dir/build" -j 2 >/dev/null
    run_app "$dir/build/app"
    ;;
pkg_config)
    rm -rf "$dir"
    snippet
    PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C "$dir/src" >/dev/null
    run_app "$dir/src/app"
    ;;
config_file)
    rm -rf "$dir"
    kind=add_subdirectory snippet
    mkdir -p "$dir/src/third_party"
    ln -s "$src" "$dir/src/third_party/ejwt"
    # A bound unlike the default (ejwt_config.h), in the project's own header.
    printf '/* SPDX-License-Identifier: Apache-2.0 */\n#define EJWT_MAX_CLAIM_TOKENS 40\n' \
        >"$dir/src/my_ejwt_config.h"
    cmake -S "$dir/src" -B "$dir/build" -DEJWT_CONFIG_FILE=my_ejwt_config.h -DEJWT_INSTALL=ON >/dev/null
    cmake --build "$dir/build" -j 2 >/dev/null
    run_app "$dir/build/app" 40
    cmake --install "$dir/build" --prefix "$dir/prefix" >/dev/null
    [ -f "$dir/prefix/include/ejwt/config/my_ejwt_config.h" ] || die "the configuration header was not installed"
    mkdir -p "$dir/installed"
    mv "$dir/src" "$dir/add_subdirectory-src" # the installed copy must not need it
    kind=find_package snippet
    cmake -S "$dir/src" -B "$dir/installed/cmake" -DCMAKE_PREFIX_PATH="$dir/prefix" >/dev/null
    cmake --build "$dir/installed/cmake" -j 2 >/dev/null
    run_app "$dir/installed/cmake/app" 40
    rm -rf "$dir/src"
    kind=pkg_config snippet
    PKG_CONFIG_PATH="$dir/prefix/lib/pkgconfig" make -s -C "$dir/src" >/dev/null
    run_app "$dir/src/app" 40
    kind=config_file
    ;;
*) die "unknown kind" ;;
esac
say "configure, build and run: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
