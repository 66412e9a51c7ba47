# SPDX-License-Identifier: Apache-2.0
# BBC micro:bit v1 (nRF51822): Cortex-M0, 256 KiB flash, 16 KiB RAM at
# 0x20000000 - the tightest target.
set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
set(EJWT_BOARD_QEMU_MACHINE "microbit")
set(EJWT_BOARD_QEMU_CPU "")
set(EJWT_BOARD_CPU_HZ 16000000)
set(EJWT_BOARD_ARENA_SIZE 256)
