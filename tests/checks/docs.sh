#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.docs: Doxygen builds the API reference from docs/Doxyfile (the
# public headers of core, platform and auth, docs/API.md as the main page)
# without a single warning. The Doxyfile sets WARN_AS_ERROR, so Doxygen
# itself fails; this script also fails on any warning or error line it
# prints, whatever its exit status.
#
# usage: docs.sh DOXYGEN SOURCE_DIR OUTPUT_DIR
# exit:  0 clean, 1 a warning (listed) or a failed run, 2 usage
set -euo pipefail

[ "$#" -eq 3 ] || { echo "usage: docs.sh DOXYGEN SOURCE_DIR OUTPUT_DIR" >&2; exit 2; }
doxygen="$1" src="$2" out="$3"

mkdir -p "$out"
log="$out/doxygen.log"
rc=0
(cd "$src" && EJWT_DOCS_OUT="$out" "$doxygen" docs/Doxyfile) >"$log" 2>&1 || rc=$?
n=$(grep -cE '(warning|error):' "$log" || true)
if [ "$rc" -ne 0 ] || [ "$n" -ne 0 ]; then
    cat "$log"
    echo "docs: FAIL: doxygen exit $rc, $n warning(s) (docs/Doxyfile; log $log)"
    exit 1
fi
echo "docs: OK: $out/html/index.html, no warnings"
