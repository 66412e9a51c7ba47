# SPDX-License-Identifier: Apache-2.0
# The board of a cross build: which folder, and what its board.cmake says.
#
# A board folder holds two files (docs/PORTING.md, "Your own board"):
#  - board.ld: the image's linker script (MEMORY and SECTIONS; the in-tree
#    QEMU boards give MEMORY and __stack_size and INCLUDE the shared
#    port/qemu_emulation/sections.ld). ejwt::mcu links every image with it.
#  - board.cmake: CMake variables, read by ejwt's own CMake (not only by a
#    toolchain file):
#      EJWT_BOARD_CPU_FLAGS   required. The core's compiler flags, e.g.
#                             "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft".
#                             When the toolchain's CMAKE_C_FLAGS name no
#                             -mcpu, ejwt compiles its own targets (Mbed TLS
#                             included) with them and ejwt::mcu passes them
#                             to the image's compile and link; when they do,
#                             the two -mcpu must agree.
#      EJWT_BOARD_ARENA_SIZE  optional (default 4096). The Mbed TLS arena
#                             (bytes); EJWT_MCU_ARENA_SIZE overrides it.
#      EJWT_BOARD_NAME        optional (default: EJWT_BOARD, else the
#                             folder's name). The board's name in messages.
#      EJWT_BOARD_CPU_HZ      the core clock (Hz). Required by the QEMU port
#                             (its SysTick uptime); a product passes its
#                             clock to ejwt_mcu_systick_start() itself.
#      EJWT_BOARD_QEMU_MACHINE, EJWT_BOARD_QEMU_CPU
#                             optional: the QEMU machine, for documentation
#                             and runners.
#
# Selecting the folder:
#  - EJWT_BOARD=<name>: an in-tree board, boards/<name> (the presets).
#  - EJWT_BOARD_DIR=<absolute path>: a board folder anywhere; it wins over
#    EJWT_BOARD.
#
# Used by cmake/toolchain-arm-none-eabi.cmake (before project(), for the CPU
# flags) and by the top-level CMakeLists.txt (after project(), whatever the
# toolchain file), so a toolchain file that is not ours works too.

# ejwt_board_load(<ejwt source root>): find the board folder, check it and
# read its board.cmake into the caller's scope. Sets EJWT_BOARD_RESOLVED_DIR
# (the folder) and the EJWT_BOARD_* variables above (defaults filled in).
macro(ejwt_board_load _ejwt_root)
  if(DEFINED EJWT_BOARD_DIR AND NOT "${EJWT_BOARD_DIR}" STREQUAL "")
    if(NOT IS_ABSOLUTE "${EJWT_BOARD_DIR}")
      message(FATAL_ERROR "EJWT_BOARD_DIR must be an absolute path to a board folder "
                          "(board.cmake and board.ld); got '${EJWT_BOARD_DIR}'")
    endif()
    set(_ejwt_bd "${EJWT_BOARD_DIR}")
    set(_ejwt_bd_what "EJWT_BOARD_DIR=${EJWT_BOARD_DIR}")
  elseif(DEFINED EJWT_BOARD AND NOT "${EJWT_BOARD}" STREQUAL "")
    if(EJWT_BOARD MATCHES "[/\\\\]")
      message(FATAL_ERROR "EJWT_BOARD='${EJWT_BOARD}' looks like a path. EJWT_BOARD names a "
                          "board under ${_ejwt_root}/boards (mps2-an385, lm3s6965evb, "
                          "microbit, mps2-an505); a board folder of your own goes in "
                          "EJWT_BOARD_DIR (an absolute path).")
    endif()
    set(_ejwt_bd "${_ejwt_root}/boards/${EJWT_BOARD}")
    set(_ejwt_bd_what "EJWT_BOARD=${EJWT_BOARD}")
    if(NOT IS_DIRECTORY "${_ejwt_bd}")
      file(GLOB _ejwt_known RELATIVE "${_ejwt_root}/boards" "${_ejwt_root}/boards/*/board.cmake")
      string(REPLACE "/board.cmake" "" _ejwt_known "${_ejwt_known}")
      string(REPLACE ";" ", " _ejwt_known "${_ejwt_known}")
      message(FATAL_ERROR "EJWT_BOARD=${EJWT_BOARD}: no such board under ${_ejwt_root}/boards "
                          "(in-tree boards: ${_ejwt_known}). A board folder of your own goes "
                          "in EJWT_BOARD_DIR.")
    endif()
  else()
    message(FATAL_ERROR "A board build needs a board: EJWT_BOARD (a board under "
                        "${_ejwt_root}/boards, e.g. mps2-an385) or EJWT_BOARD_DIR (an "
                        "absolute path to a folder with board.cmake and board.ld).")
  endif()
  if(NOT IS_DIRECTORY "${_ejwt_bd}")
    message(FATAL_ERROR "${_ejwt_bd_what}: not a folder")
  endif()
  foreach(_ejwt_f board.cmake board.ld)
    if(NOT EXISTS "${_ejwt_bd}/${_ejwt_f}")
      message(FATAL_ERROR "${_ejwt_bd_what}: the board folder has no ${_ejwt_f}. A board "
                          "folder holds board.cmake (EJWT_BOARD_CPU_FLAGS, ...) and board.ld "
                          "(the linker script); see cmake/board.cmake and docs/PORTING.md.")
    endif()
  endforeach()
  # Only what this board.cmake sets counts (not a value left by the toolchain
  # file's reading of the same file, nor one from another board).
  foreach(_ejwt_v CPU_FLAGS ARENA_SIZE NAME CPU_HZ QEMU_MACHINE QEMU_CPU)
    unset(EJWT_BOARD_${_ejwt_v})
  endforeach()
  include("${_ejwt_bd}/board.cmake")
  if("${EJWT_BOARD_CPU_FLAGS}" STREQUAL "")
    message(FATAL_ERROR "${_ejwt_bd}/board.cmake does not set EJWT_BOARD_CPU_FLAGS (the "
                        "core's compiler flags, e.g. \"-mcpu=cortex-m4 -mthumb "
                        "-mfloat-abi=hard -mfpu=fpv4-sp-d16\")")
  endif()
  if(NOT DEFINED EJWT_BOARD_ARENA_SIZE)
    set(EJWT_BOARD_ARENA_SIZE 4096)
  endif()
  if(NOT EJWT_BOARD_ARENA_SIZE MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "${_ejwt_bd}/board.cmake: EJWT_BOARD_ARENA_SIZE must be a number of "
                        "bytes; got '${EJWT_BOARD_ARENA_SIZE}'")
  endif()
  if(DEFINED EJWT_BOARD_CPU_HZ AND NOT EJWT_BOARD_CPU_HZ MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "${_ejwt_bd}/board.cmake: EJWT_BOARD_CPU_HZ must be a number of Hz; "
                        "got '${EJWT_BOARD_CPU_HZ}'")
  endif()
  if("${EJWT_BOARD_NAME}" STREQUAL "")
    if(_ejwt_bd_what MATCHES "^EJWT_BOARD=")
      set(EJWT_BOARD_NAME "${EJWT_BOARD}")
    else()
      get_filename_component(EJWT_BOARD_NAME "${_ejwt_bd}" NAME)
    endif()
  endif()
  set(EJWT_BOARD_RESOLVED_DIR "${_ejwt_bd}")
endmacro()

# ejwt_board_cpu_flags(): after project(). If the toolchain names no core
# (no -mcpu in CMAKE_C_FLAGS), compile ejwt's targets from here on with the
# board's flags and set EJWT_BOARD_CPU_FLAGS_ADDED, so that ejwt::mcu hands
# them to the image too. If it names one, it must be the board's.
macro(ejwt_board_cpu_flags)
  separate_arguments(EJWT_BOARD_CPU_FLAG_LIST UNIX_COMMAND "${EJWT_BOARD_CPU_FLAGS}")
  set(EJWT_BOARD_CPU_FLAGS_ADDED OFF)
  string(REGEX MATCH "-mcpu=[^ ]+" _ejwt_tc_cpu "${CMAKE_C_FLAGS}")
  string(REGEX MATCH "-mcpu=[^ ]+" _ejwt_bd_cpu "${EJWT_BOARD_CPU_FLAGS}")
  if(_ejwt_tc_cpu STREQUAL "")
    message(STATUS "ejwt: the toolchain names no -mcpu; using the board's flags: ${EJWT_BOARD_CPU_FLAGS}")
    add_compile_options(${EJWT_BOARD_CPU_FLAG_LIST})
    set(EJWT_BOARD_CPU_FLAGS_ADDED ON)
  elseif(NOT _ejwt_bd_cpu STREQUAL "" AND NOT _ejwt_tc_cpu STREQUAL _ejwt_bd_cpu)
    message(FATAL_ERROR "The toolchain compiles with ${_ejwt_tc_cpu} (CMAKE_C_FLAGS) but "
                        "${EJWT_BOARD_RESOLVED_DIR}/board.cmake says ${_ejwt_bd_cpu}: every "
                        "target of an image must be built for the same core.")
  endif()
endmacro()
