#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.zero_malloc: fail if any object in the given archives or object files
# refers to (or defines) a heap allocator. ejwt's own code never allocates;
# every buffer is the caller's (DESIGN.md, "Zero-malloc").
#
# usage: zero_malloc.sh [--readelf READELF] FILE...   (FILE: .a archive or .o object)
# exit:  0 clean, 1 an allocator is referenced, 2 usage or readelf failure
#
# readelf, not nm: nm shows a link-time-optimised object through GCC's
# plugin, whose symbol table leaves out builtins such as malloc, while
# readelf reads the machine-code symbol table that the fat LTO objects of a
# board build carry (cmake/toolchain-arm-none-eabi.cmake). A slim LTO object
# has no such table, so it is refused rather than passed unread.
set -euo pipefail

READELF="readelf"
if [ "${1:-}" = "--readelf" ]; then
    READELF="$2"
    shift 2
fi
[ "$#" -gt 0 ] || { echo "usage: $0 [--readelf READELF] FILE..." >&2; exit 2; }

# Allocators of the C library (and the GNU/POSIX extras that allocate).
FORBIDDEN='malloc|calloc|realloc|reallocarray|free|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|strdup|strndup'

status=0
checked=0
for f in "$@"; do
    [ -f "$f" ] || { echo "zero_malloc: no such file: $f" >&2; exit 2; }
    if ! out="$("$READELF" -sW "$f" 2>&1)"; then
        echo "zero_malloc: $READELF failed on $f:" >&2
        echo "$out" >&2
        exit 2
    fi
    # "File: archive(member)" heads each member's table; a symbol line is
    # "Num: Value Size Type Bind Vis Ndx Name" (Ndx UND: referenced).
    if slim="$(printf '%s\n' "$out" | awk '
        /^File: / { where = $2 }
        $NF == "__gnu_lto_slim" { print where; found = 1 }
        END { exit !found }')"; then
        echo "zero_malloc: slim LTO object(s) without a symbol table to check: $slim" >&2
        exit 2
    fi
    hits="$(printf '%s\n' "$out" | awk -v re="^(${FORBIDDEN})$" -v file="$f" '
        BEGIN { where = file }
        /^File: / { where = $2 }
        NF >= 8 && $1 ~ /^[0-9]+:$/ && $NF ~ re {
            printf "zero_malloc: FAIL: %s: %s %s\n", where, ($7 == "UND" ? "U" : "defines"), $NF
        }')"
    if [ -n "$hits" ]; then
        printf '%s\n' "$hits"
        status=1
    fi
    checked=$((checked + 1))
done

if [ "$status" -eq 0 ]; then
    echo "zero_malloc: OK: no allocator referenced in $checked file(s): $*"
else
    echo "zero_malloc: objects above use the heap; ejwt code must not (see DESIGN.md)"
fi
exit "$status"
