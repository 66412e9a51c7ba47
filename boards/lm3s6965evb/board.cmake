# SPDX-License-Identifier: Apache-2.0
# TI Stellaris LM3S6965 evaluation board: Cortex-M3, 256 KiB flash,
# 64 KiB SRAM - the memory map of a real small MCU.
set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
set(EJWT_BOARD_QEMU_MACHINE "lm3s6965evb")
set(EJWT_BOARD_QEMU_CPU "")
# QEMU's Stellaris system control starts the core on its 12 MHz crystal.
set(EJWT_BOARD_CPU_HZ 12000000)
set(EJWT_BOARD_ARENA_SIZE 512)
