#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# boards.two_boot: boot the image twice on one flash file; the first boot
# must create the device key, the second must find it (created=0) with the
# same thumbprint.
#
# usage: two_boot.sh RUNNER MACHINE ELF FLASH_FILE
set -euo pipefail
runner="$1" machine="$2" elf="$3" flash="$4"
rm -f "$flash"
trap 'rm -f "$flash"' EXIT
boot() {
    EJWT_FLASH_FILE="$flash" "$runner" "$machine" "$elf" 2>&1 | tee /dev/stderr |
        sed -n 's/^two_boot: created=\([01]\) thumbprint=\([A-Za-z0-9_-]*\)$/\1 \2/p'
}
first="$(boot)"
second="$(boot)"
echo "boot 1: ${first:-no result}"
echo "boot 2: ${second:-no result}"
[ "${first%% *}" = 1 ] || { echo "two_boot: FAIL: boot 1 did not create the key"; exit 1; }
[ "${second%% *}" = 0 ] || { echo "two_boot: FAIL: boot 2 did not find the key"; exit 1; }
t1="${first#* }" t2="${second#* }"
[ -n "$t1" ] && [ "$t1" = "$t2" ] || { echo "two_boot: FAIL: thumbprints differ"; exit 1; }
echo "two_boot: ok: same device key across boots ($t1)"
