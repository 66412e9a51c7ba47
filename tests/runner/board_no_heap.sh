#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# checks.board_no_heap: a board image must link no heap at all - no
# allocator (malloc, free, calloc, realloc and newlib's reentrant _*_r forms)
# and no _sbrk. Mbed TLS's only memory is its static arena.
#
# usage: board_no_heap.sh NM ELF...      exit 0 clean, 1 heap linked, 2 error
set -euo pipefail
NM="$1"
shift
[ "$#" -gt 0 ] || { echo "board_no_heap: no ELF given" >&2; exit 2; }
FORBIDDEN='^(malloc|free|calloc|realloc|_malloc_r|_free_r|_calloc_r|_realloc_r|_sbrk|_sbrk_r|sbrk|__malloc_av_|__malloc_lock)$'
status=0
for elf in "$@"; do
    if [ ! -f "$elf" ]; then
        # not built (its build failure is reported by the build itself)
        echo "board_no_heap: skipped, not built: $(basename "$elf")"
        continue
    fi
    hits="$("$NM" "$elf" | awk -v re="$FORBIDDEN" '$NF ~ re { print $NF }' | sort -u | tr '\n' ' ')"
    if [ -n "$hits" ]; then
        echo "board_no_heap: FAIL: $(basename "$elf"): $hits"
        status=1
    else
        echo "board_no_heap: ok: $(basename "$elf")"
    fi
done
exit "$status"
