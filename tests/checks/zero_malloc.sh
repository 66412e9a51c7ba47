#!/usr/bin/env bash
# checks.zero_malloc: fail if any object in the given archives or object files
# refers to (or defines) a heap allocator. ejwt's own code never allocates;
# every buffer is the caller's (DESIGN.md, "Zero-malloc").
#
# usage: zero_malloc.sh [--nm NM] FILE...     (FILE: .a archive or .o object)
# exit:  0 clean, 1 an allocator is referenced, 2 usage or nm failure
set -euo pipefail

NM="nm"
if [ "${1:-}" = "--nm" ]; then
    NM="$2"
    shift 2
fi
[ "$#" -gt 0 ] || { echo "usage: $0 [--nm NM] FILE..." >&2; exit 2; }

# Allocators of the C library (and the GNU/POSIX extras that allocate).
FORBIDDEN='malloc|calloc|realloc|reallocarray|free|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|strdup|strndup'

status=0
checked=0
for f in "$@"; do
    [ -f "$f" ] || { echo "zero_malloc: no such file: $f" >&2; exit 2; }
    # -A prefixes every line with archive:object (or just the object file).
    if ! out="$("$NM" -A "$f" 2>&1)"; then
        echo "zero_malloc: $NM failed on $f:" >&2
        echo "$out" >&2
        exit 2
    fi
    hits="$(printf '%s\n' "$out" | awk -v re="^(${FORBIDDEN})$" '
        NF >= 2 && $NF ~ re {
            where = $1; sub(/:$/, "", where)
            printf "zero_malloc: FAIL: %s: %s %s\n", where, $(NF - 1), $NF
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
