# SPDX-License-Identifier: Apache-2.0
# Warnings are errors for ejwt's own code (never for Mbed TLS's).
add_library(ejwt_warnings INTERFACE)
target_compile_options(ejwt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wvla
  -Wformat=2 -Wundef -Werror)
