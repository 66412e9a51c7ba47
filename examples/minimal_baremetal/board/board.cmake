# SPDX-License-Identifier: Apache-2.0
# The minimal example's own board folder (EJWT_BOARD_DIR): TI Stellaris
# LM3S6965 (Cortex-M3, 256 KiB flash, 64 KiB SRAM). ejwt's CMake reads this
# file itself (cmake/board.cmake lists every variable); the example's
# toolchain file names no CPU, so these flags are what every target - Mbed
# TLS, ejwt and the example's own sources - is compiled and linked with.
set(EJWT_BOARD_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
# Mbed TLS arena (bytes). This example's flow (a volatile ES256 key, p256-m,
# static key slots) allocates nothing from it - its measured peak is 0 - but
# HMAC and persistent keys do (the footprint device image peaks at 100
# bytes), so keep a little.
set(EJWT_BOARD_ARENA_SIZE 512)
set(EJWT_BOARD_NAME "lm3s6965evb-minimal")
# For people and runners; ejwt does not need it.
set(EJWT_BOARD_QEMU_MACHINE "lm3s6965evb")
