#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.format: every C file of common/, core/, cli/ and tests/ must already be
# formatted by the checked-in .clang-format (clang-format 14).
#
# usage: format.sh CLANG_FORMAT SOURCE_DIR
# exit:  0 all formatted, 1 some file differs (listed), 2 usage
set -euo pipefail

[ "$#" -eq 2 ] || { echo "usage: $0 CLANG_FORMAT SOURCE_DIR" >&2; exit 2; }
CLANG_FORMAT="$1"
cd "$2"
[ -f .clang-format ] || { echo "format: no .clang-format in $2" >&2; exit 2; }

dirs=()
for d in common core cli tests; do
    [ -d "$d" ] && dirs+=("$d")
done
mapfile -t files < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)

bad=()
for f in "${files[@]}"; do
    if ! "$CLANG_FORMAT" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done

version="$("$CLANG_FORMAT" --version | head -n1)"
if [ "${#bad[@]}" -eq 0 ]; then
    echo "format: OK: ${#files[@]} files match .clang-format ($version)"
    exit 0
fi
for f in "${bad[@]}"; do
    echo "format: FAIL: $f"
done
echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format ($version)."
echo "format: see the changes with: clang-format --style=file FILE | diff FILE -"
echo "format: fix with:             clang-format -i FILE"
exit 1
