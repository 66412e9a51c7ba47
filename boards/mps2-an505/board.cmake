# SPDX-License-Identifier: Apache-2.0
# Arm MPS2 with the AN505 image (SSE-200 subsystem): Cortex-M33 with
# TrustZone, booting in secure state. We run from the secure aliases:
# code SSRAM at 0x10000000, data SSRAM at 0x38000000.
set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfloat-abi=soft")
set(EJWT_BOARD_QEMU_MACHINE "mps2-an505")
set(EJWT_BOARD_QEMU_CPU "")
set(EJWT_BOARD_CPU_HZ 20000000)
set(EJWT_BOARD_ARENA_SIZE 8192)
