# SPDX-License-Identifier: Apache-2.0
# Arm MPS2 with the AN385 FPGA image: Cortex-M3, 4 MiB code SSRAM at 0,
# 4 MiB data SSRAM at 0x20000000, 25 MHz. The default board.
set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(EJWT_BOARD_QEMU_MACHINE "mps2-an385")
set(EJWT_BOARD_QEMU_CPU "")
set(EJWT_BOARD_CPU_HZ 25000000)
# Mbed TLS arena (bytes) and main stack (bytes, in board.ld).
set(EJWT_BOARD_ARENA_SIZE 8192)
