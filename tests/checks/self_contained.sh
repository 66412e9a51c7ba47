#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.self_contained: the repository stands alone. No tracked file may
# refer to the reference folder that sits beside the checkout on the
# developers' machines (the parent directory's "shared" folder): a clone
# must build, test and read without it. Data the tests need is copied in
# with its provenance (for example tests/vectors/wycheproof/README.md).
#
# usage: self_contained.sh SOURCE_DIR     check the files git tracks there
#        self_contained.sh --selftest     show that a mention is caught
# exit:  0 clean, 1 a file mentions it (listed), 2 usage
set -euo pipefail

# Built at run time, so this script does not mention what it looks for.
needle="$(printf '%s/%s' '..' 'shared')"

scan() {
    local dir="$1" hits
    cd "$dir"
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        hits="$(git ls-files -z | xargs -0 -r grep -l -I -F -e "$needle" -- 2>/dev/null || true)"
    else
        hits="$(grep -r -l -I -F -e "$needle" . 2>/dev/null || true)"
    fi
    if [ -n "$hits" ]; then
        while read -r f; do
            echo "self_contained: FAIL: $f refers to a folder outside the repository"
        done <<<"$hits"
        return 1
    fi
    echo "self_contained: OK: no tracked file refers to a folder outside the repository"
}

case "${1:-}" in
--selftest)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    printf 'see %s/DESIGN.md\n' "$needle" >"$tmp/README.md"
    if (scan "$tmp"); then
        echo "self_contained: selftest FAILED: the mention was not caught"
        exit 1
    fi
    echo "self_contained: selftest OK: the mention was caught"
    ;;
"" | -*)
    echo "usage: $0 SOURCE_DIR | --selftest" >&2
    exit 2
    ;;
*)
    scan "$1"
    ;;
esac
