# SPDX-License-Identifier: Apache-2.0
# Cross toolchain for the Cortex-M boards: Debian's arm-none-eabi-gcc with
# newlib. The board (EJWT_BOARD, a folder under boards/, or EJWT_BOARD_DIR,
# a board folder anywhere: cmake/board.cmake) gives the CPU flags in its
# board.cmake, so every target of the build - Mbed TLS included - is
# compiled for the same core. ejwt's CMake reads the board folder again
# itself, so another toolchain file works as well (docs/PORTING.md).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

if(NOT EJWT_BOARD_DIR)
  set(EJWT_BOARD "mps2-an385" CACHE STRING "Board under boards/ (QEMU machine)")
endif()
# try_compile() projects re-read this file; hand them the board too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EJWT_BOARD EJWT_BOARD_DIR)

get_filename_component(_ejwt_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
include("${_ejwt_root}/cmake/board.cmake")
ejwt_board_load("${_ejwt_root}")

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-gcc-ar)
set(CMAKE_RANLIB arm-none-eabi-gcc-ranlib)
set(CMAKE_NM arm-none-eabi-nm)
set(CMAKE_READELF arm-none-eabi-readelf)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy)
set(CMAKE_SIZE arm-none-eabi-size)

# No OS to link a test program against: check the compiler with a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Sections per function and object so --gc-sections keeps only what is used;
# newlib-nano for the few C library functions (string.h, setjmp) we call.
# EJWT_BOARD_EXTRA_C_FLAGS: what a board preset adds for every target, e.g.
# smaller EJWT_MAX_* bounds on a board with little RAM.
set(EJWT_BOARD_EXTRA_C_FLAGS "" CACHE STRING "Extra C flags for every target of a board build")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EJWT_BOARD_EXTRA_C_FLAGS)
# EJWT_BOARD_LTO: link-time optimisation for every board image, as a
# firmware release build would use. Measured on the footprint images it
# takes about a fifth off the code (most of it in Mbed TLS's PSA layers and
# in calls across our own translation units), so the tests run on the code
# that is measured. Archives then hold GCC's intermediate code: gcc-ar packs
# them with the linker plugin. The objects are "fat" (machine code beside the
# intermediate code) so checks.zero_malloc can read a machine-code symbol
# table with readelf: the intermediate code's own table, which nm shows
# through the plugin, leaves out builtins such as malloc.
option(EJWT_BOARD_LTO "Link-time optimisation for board images" ON)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES EJWT_BOARD_LTO)
set(_ejwt_lto "")
if(EJWT_BOARD_LTO)
  set(_ejwt_lto "-flto=auto -ffat-lto-objects")
endif()
# -fconserve-stack: inlining (across files, with LTO) merges the callees'
# locals into the caller's frame, where they stay for the caller's whole
# life. This makes GCC stop inlining where a frame would grow much: on the
# footprint device image it cuts the stack peak from 2168 to 1832 bytes for
# 12 bytes of code.
set(CMAKE_C_FLAGS_INIT
    "${EJWT_BOARD_CPU_FLAGS} -ffunction-sections -fdata-sections -fconserve-stack ${_ejwt_lto} ${EJWT_BOARD_EXTRA_C_FLAGS}")
set(CMAKE_ASM_FLAGS_INIT "${EJWT_BOARD_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${EJWT_BOARD_CPU_FLAGS} --specs=nano.specs -nostartfiles -Wl,--gc-sections ${_ejwt_lto}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# jsmn (header-only, from the host's /usr/include) reaches a cross build
# through a forwarding header: cmake/jsmn.cmake.
