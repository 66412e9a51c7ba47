# SPDX-License-Identifier: Apache-2.0
# The PSA Crypto provider: the library that implements psa_* for ejwt.
#
#  EJWT_PSA_PROVIDER=bundled (default): Mbed TLS 3.6 LTS, built from Debian's
#    source package (fetched by scripts/setup into third_party/mbedtls) with
#    our own configuration headers from port/mbedtls/ (target ejwt_mbedcrypto,
#    below).
#  EJWT_PSA_PROVIDER=external: a PSA Crypto library the firmware already has
#    (its own Mbed TLS 3.6 build, Zephyr's, TF-M's), named by EJWT_PSA_TARGET,
#    so the image holds one copy of psa_*. ejwt_mbedcrypto is not defined.
#
# Either way every ejwt target reaches the provider through one name,
# ejwt_psa (ejwt::psa): an INTERFACE target linking ejwt_mbedcrypto or
# EJWT_PSA_TARGET. EJWT_PSA_LIBRARY holds the name of the library itself.
# What ejwt needs from an external provider: docs/PORTING.md, and
# <ejwt/psa_check.h>, which stops the build when an option is missing.
set(EJWT_PSA_PROVIDER "bundled" CACHE STRING
    "PSA Crypto provider: bundled (Mbed TLS 3.6 built here) or external (EJWT_PSA_TARGET)")
set_property(CACHE EJWT_PSA_PROVIDER PROPERTY STRINGS bundled external)
set(EJWT_PSA_TARGET "" CACHE STRING
    "EJWT_PSA_PROVIDER=external: the CMake target of the PSA Crypto library (Mbed TLS 3.6's package: MbedTLS::mbedcrypto)")
# PSA Internal Trusted Storage (psa_its_*), where Mbed TLS keeps persistent
# keys (MBEDTLS_PSA_CRYPTO_STORAGE_C). Exactly one definition per image:
#  ejwt:     the port's ejwt_psa_its defines psa_its_* (posix: files in a
#            directory; baremetal: the flash key-value store). The provider
#            must be built without MBEDTLS_PSA_ITS_FILE_C.
#  provider: the provider or the system defines them (Mbed TLS's
#            MBEDTLS_PSA_ITS_FILE_C, TF-M, Zephyr's secure storage); the
#            port's ejwt_psa_its is empty, so images may keep linking it.
#  auto:     ejwt with the bundled provider, provider with an external one.
set(EJWT_PSA_ITS "auto" CACHE STRING
    "Who defines psa_its_*: ejwt (the port's ejwt_psa_its), provider, or auto (bundled: ejwt; external: provider)")
set_property(CACHE EJWT_PSA_ITS PROPERTY STRINGS auto ejwt provider)
# <psa/internal_trusted_storage.h>, which the platform layer and the ports
# include. Mbed TLS 3.6 installs none (its declarations are private), so
# with an external provider ejwt supplies the PSA Secure Storage API's
# declarations (platform/psa_its_api/) unless the provider has the header
# on its include path (TF-M, Zephyr's secure storage): then set provider.
set(EJWT_PSA_ITS_HEADER "ejwt" CACHE STRING
    "EJWT_PSA_PROVIDER=external: who supplies <psa/internal_trusted_storage.h>: ejwt or provider")
set_property(CACHE EJWT_PSA_ITS_HEADER PROPERTY STRINGS ejwt provider)

if(NOT EJWT_PSA_PROVIDER MATCHES "^(bundled|external)$")
  message(FATAL_ERROR "EJWT_PSA_PROVIDER must be bundled or external, not '${EJWT_PSA_PROVIDER}'")
endif()
if(NOT EJWT_PSA_ITS MATCHES "^(auto|ejwt|provider)$")
  message(FATAL_ERROR "EJWT_PSA_ITS must be auto, ejwt or provider, not '${EJWT_PSA_ITS}'")
endif()
if(NOT EJWT_PSA_ITS_HEADER MATCHES "^(ejwt|provider)$")
  message(FATAL_ERROR "EJWT_PSA_ITS_HEADER must be ejwt or provider, not '${EJWT_PSA_ITS_HEADER}'")
endif()
# EJWT_PSA_ITS_FROM_PORT: the ports build their psa_its_* (ejwt_psa_its).
if(EJWT_PSA_ITS STREQUAL "ejwt" OR (EJWT_PSA_ITS STREQUAL "auto" AND EJWT_PSA_PROVIDER STREQUAL "bundled"))
  set(EJWT_PSA_ITS_FROM_PORT ON)
else()
  set(EJWT_PSA_ITS_FROM_PORT OFF)
endif()

add_library(ejwt_psa INTERFACE)
add_library(ejwt::psa ALIAS ejwt_psa)
set_target_properties(ejwt_psa PROPERTIES EXPORT_NAME psa)

if(EJWT_PSA_PROVIDER STREQUAL "external")
  if(EJWT_PSA_TARGET STREQUAL "")
    message(FATAL_ERROR
      "EJWT_PSA_PROVIDER=external needs EJWT_PSA_TARGET, the CMake target of your PSA Crypto "
      "library (Mbed TLS 3.6's package exports MbedTLS::mbedcrypto). See docs/PORTING.md.")
  endif()
  # A target of Mbed TLS's own package that does not exist yet: look for
  # the package (CMAKE_PREFIX_PATH or MbedTLS_DIR). Any other target must
  # exist before ejwt is added.
  if(NOT TARGET "${EJWT_PSA_TARGET}" AND EJWT_PSA_TARGET MATCHES "^MbedTLS::")
    find_package(MbedTLS 3.6 CONFIG)
    if(MbedTLS_FOUND AND (MbedTLS_VERSION VERSION_LESS 3.6 OR NOT MbedTLS_VERSION VERSION_LESS 3.7))
      message(FATAL_ERROR "ejwt needs Mbed TLS 3.6 LTS; the MbedTLS package in ${MbedTLS_DIR} is ${MbedTLS_VERSION}")
    endif()
  endif()
  if(NOT TARGET "${EJWT_PSA_TARGET}")
    message(FATAL_ERROR
      "EJWT_PSA_TARGET=${EJWT_PSA_TARGET} is not a CMake target. Create it before ejwt is added "
      "(find_package(MbedTLS 3.6 CONFIG), or your firmware's own Mbed TLS target), or, for "
      "MbedTLS::* targets, point CMAKE_PREFIX_PATH or MbedTLS_DIR at Mbed TLS 3.6's installed package.")
  endif()
  set(EJWT_PSA_LIBRARY "${EJWT_PSA_TARGET}")
  target_link_libraries(ejwt_psa INTERFACE "${EJWT_PSA_TARGET}")
  if(EJWT_PSA_ITS_HEADER STREQUAL "ejwt")
    target_include_directories(ejwt_psa SYSTEM INTERFACE
      "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/platform/psa_its_api>")
  endif()
  if(EJWT_PSA_ITS_FROM_PORT)
    message(STATUS "ejwt: PSA Crypto from ${EJWT_PSA_TARGET}; psa_its_* from ejwt's port")
  else()
    message(STATUS "ejwt: PSA Crypto from ${EJWT_PSA_TARGET}; psa_its_* from the provider")
  endif()
  # The bundled build below is not made: no second copy of psa_*.
  return()
endif()

# EJWT_PSA_PROVIDER=bundled: Mbed TLS 3.6 LTS, built from Debian's source
# package with our own configuration headers from port/mbedtls/. We compile
# its library sources ourselves rather than using its CMake, so the same
# rules apply to host and cross builds and only the configuration decides
# what ends up in the image.
#
# Where the source is, first found wins: EJWT_MBEDTLS_SOURCE_DIR (cache or
# environment variable); this tree's third_party/mbedtls; the machine-wide
# copy scripts/setup also leaves in /usr/local/src/ejwt-mbedtls, which is how
# a copy of ejwt without third_party/ (FetchContent, a release tarball)
# finds it on a machine where scripts/setup has run.
if(NOT EJWT_MBEDTLS_SOURCE_DIR AND DEFINED ENV{EJWT_MBEDTLS_SOURCE_DIR})
  set(EJWT_MBEDTLS_SOURCE_DIR "$ENV{EJWT_MBEDTLS_SOURCE_DIR}" CACHE PATH
      "Mbed TLS 3.6 source tree (scripts/setup fetches it)")
endif()
find_path(EJWT_MBEDTLS_SOURCE_DIR include/mbedtls/build_info.h
  PATHS "${PROJECT_SOURCE_DIR}/third_party/mbedtls" /usr/local/src/ejwt-mbedtls
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH
  DOC "Mbed TLS 3.6 source tree (scripts/setup fetches it)")
if(NOT EJWT_MBEDTLS_SOURCE_DIR)
  message(FATAL_ERROR
    "Mbed TLS 3.6 source not found (looked in ${PROJECT_SOURCE_DIR}/third_party/mbedtls "
    "and /usr/local/src/ejwt-mbedtls). Run ejwt's scripts/setup (it fetches Debian's "
    "mbedtls 3.6 source package), or set EJWT_MBEDTLS_SOURCE_DIR.")
elseif(NOT EXISTS "${EJWT_MBEDTLS_SOURCE_DIR}/include/mbedtls/build_info.h")
  message(FATAL_ERROR "EJWT_MBEDTLS_SOURCE_DIR=${EJWT_MBEDTLS_SOURCE_DIR} is not an Mbed TLS source tree "
                      "(no include/mbedtls/build_info.h)")
endif()

file(STRINGS "${EJWT_MBEDTLS_SOURCE_DIR}/include/mbedtls/build_info.h" _mbedtls_version
     REGEX "#define MBEDTLS_VERSION_STRING ")
if(NOT _mbedtls_version MATCHES "\"3\\.6\\.[0-9]+\"")
  message(FATAL_ERROR "ejwt needs Mbed TLS 3.6 LTS; found: ${_mbedtls_version}")
endif()

# Crypto sources only: no TLS, no X.509 (the configuration compiles out
# whatever else ejwt does not need). EJWT_MBEDTLS_TLS=ON adds the TLS and
# X.509 sources, for the board demo image's own build folder only
# (examples/board_device, with mbedtls_config_board_tls.h); every other
# build keeps the crypto-only library.
option(EJWT_MBEDTLS_TLS "Also compile Mbed TLS's TLS and X.509 sources (board demo image)" OFF)
file(GLOB _mbedtls_sources "${EJWT_MBEDTLS_SOURCE_DIR}/library/*.c")
if(EJWT_MBEDTLS_TLS)
  list(FILTER _mbedtls_sources EXCLUDE REGEX "/(mps_[^/]*|net_sockets|debug|timing)\\.c$")
else()
  list(FILTER _mbedtls_sources EXCLUDE REGEX "/(ssl_[^/]*|x509[^/]*|mps_[^/]*|net_sockets|debug|timing)\\.c$")
endif()

add_library(ejwt_mbedcrypto STATIC ${_mbedtls_sources})
target_include_directories(ejwt_mbedcrypto SYSTEM PUBLIC
  "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/port/mbedtls>"
  "$<BUILD_INTERFACE:${EJWT_MBEDTLS_SOURCE_DIR}/include>")
target_include_directories(ejwt_mbedcrypto PRIVATE "${EJWT_MBEDTLS_SOURCE_DIR}/library")
target_compile_definitions(ejwt_mbedcrypto PUBLIC
  "MBEDTLS_CONFIG_FILE=\"${EJWT_MBEDTLS_CONFIG_FILE}\"")
set_target_properties(ejwt_mbedcrypto PROPERTIES C_STANDARD 99 C_EXTENSIONS ON EXPORT_NAME mbedcrypto)
add_library(ejwt::mbedcrypto ALIAS ejwt_mbedcrypto)

# Board builds: the p256-m driver for P-256 (MBEDTLS_PSA_P256M_DRIVER_ENABLED
# in port/mbedtls/mbedtls_config_board.h) lives outside library/. Its sources
# compile to nothing when the configuration does not enable it.
if(CMAKE_CROSSCOMPILING)
  set(_p256m_dir "${EJWT_MBEDTLS_SOURCE_DIR}/3rdparty/p256-m")
  target_sources(ejwt_mbedcrypto PRIVATE
    "${_p256m_dir}/p256-m_driver_entrypoints.c" "${_p256m_dir}/p256-m/p256-m.c")
  target_include_directories(ejwt_mbedcrypto PRIVATE "${_p256m_dir}" "${_p256m_dir}/p256-m")
endif()

# Secure storage is PSA Internal Trusted Storage (<ejwt/platform.h>). Mbed TLS
# built with MBEDTLS_PSA_CRYPTO_STORAGE_C and without its own file backend
# (MBEDTLS_PSA_ITS_FILE_C) includes <psa/error.h> and
# <psa/internal_trusted_storage.h> from the platform, as TF-M provides them.
# Mbed TLS 3.6 keeps the ITS declarations in a private header
# (library/psa_crypto_its.h), so two one-line forwarding headers generated in
# the build tree give Mbed TLS, the platform services and the ports' ITS the
# standard names without exposing the rest of Mbed TLS's private headers.
set(EJWT_PSA_ITS_SHIM_DIR "${PROJECT_BINARY_DIR}/psa_its_shim" CACHE INTERNAL
    "Folder of the generated <psa/internal_trusted_storage.h> and <psa/error.h>")
file(CONFIGURE OUTPUT "${EJWT_PSA_ITS_SHIM_DIR}/psa/internal_trusted_storage.h"
  CONTENT "/* Generated by cmake/mbedtls.cmake: Mbed TLS's ITS declarations. */\n#include \"${EJWT_MBEDTLS_SOURCE_DIR}/library/psa_crypto_its.h\"\n")
file(CONFIGURE OUTPUT "${EJWT_PSA_ITS_SHIM_DIR}/psa/error.h"
  CONTENT "/* Generated by cmake/mbedtls.cmake: PSA status codes come from Mbed TLS. */\n#include \"psa/crypto_types.h\"\n#include \"psa/crypto_values.h\"\n")
target_include_directories(ejwt_mbedcrypto SYSTEM PUBLIC "$<BUILD_INTERFACE:${EJWT_PSA_ITS_SHIM_DIR}>")

set(EJWT_PSA_LIBRARY ejwt_mbedcrypto)
target_link_libraries(ejwt_psa INTERFACE ejwt_mbedcrypto)
