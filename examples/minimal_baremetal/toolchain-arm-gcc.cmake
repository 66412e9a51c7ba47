# SPDX-License-Identifier: Apache-2.0
# A plain arm-none-eabi-gcc toolchain file of the kind a product already
# has - deliberately not ejwt's (cmake/toolchain-arm-none-eabi.cmake). It
# names the compiler and the usual size options, and no CPU: ejwt reads the
# core's flags from the board folder (board/board.cmake) itself and hands
# them to the image through ejwt::mcu. A toolchain file that does pass
# -mcpu works too, as long as it names the board's core.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-gcc-ar)
set(CMAKE_RANLIB arm-none-eabi-gcc-ranlib)
set(CMAKE_SIZE arm-none-eabi-size)

# There is no OS to link a test program against.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Sections per function and object, so --gc-sections keeps only what is
# used; newlib-nano for the few C library functions called (string.h); no
# C runtime start files (the example has its own reset handler).
set(CMAKE_C_FLAGS_INIT "-ffunction-sections -fdata-sections")
set(CMAKE_EXE_LINKER_FLAGS_INIT "--specs=nano.specs -nostartfiles -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
