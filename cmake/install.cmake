# SPDX-License-Identifier: Apache-2.0
# `cmake --install <build> --prefix P` installs the libraries, their headers
# and two ways to find them:
#  - CMake: P/lib/cmake/ejwt/ejwtConfig.cmake (+ version file), so that
#    find_package(ejwt 0.2 CONFIG REQUIRED) gives ejwt::core, ::platform,
#    ::auth, ::mbedcrypto and, on the host, ::posix and ::ejwt - the names
#    the ALIAS targets give add_subdirectory and FetchContent users.
#  - pkg-config: P/lib/pkgconfig/ejwt.pc (host builds with the bundled
#    Mbed TLS: the whole stack).
#
# Layout under P:
#   include/ejwt/...            ejwt's public headers (all layers, the port)
#   include/ejwt-mbedtls/...    the Mbed TLS headers ejwt was built with, its
#                               configuration headers and the ITS forwarding
#                               headers: a separate folder, so they never
#                               shadow another Mbed TLS installed in P
#   lib/libejwt_*.a             the layers, the private helpers, Mbed TLS
#                               (EJWT_PSA_PROVIDER=external: not Mbed TLS,
#                               and the package finds your provider first)
#   lib/ejwt/objects/...        the posix port's objects (CMake package)
#   lib/libejwt_posix.a         the same objects as an archive (pkg-config)
#   share/doc/ejwt/             LICENSE, CHANGELOG.md
include(CMakePackageConfigHelpers)

set(EJWT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/ejwt" CACHE STRING
    "Where ejwtConfig.cmake is installed, relative to the prefix")
set(_mbedtls_incdir "${CMAKE_INSTALL_INCLUDEDIR}/ejwt-mbedtls")

# Usage requirements as seen from the installed tree. The build-tree paths
# are $<BUILD_INTERFACE:...> in the targets themselves.
set(_ejwt_export_targets ejwt_core ejwt_common ejwt_psa)
if(TARGET ejwt_mbedcrypto)
  target_include_directories(ejwt_mbedcrypto SYSTEM PUBLIC
    "$<INSTALL_INTERFACE:${_mbedtls_incdir}>")
  list(APPEND _ejwt_export_targets ejwt_mbedcrypto)
elseif(EJWT_PSA_ITS_HEADER STREQUAL "ejwt")
  # An external provider: ejwt's declarations of the PSA ITS API.
  target_include_directories(ejwt_psa SYSTEM INTERFACE "$<INSTALL_INTERFACE:${_mbedtls_incdir}>")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/platform/psa_its_api/"
    DESTINATION "${_mbedtls_incdir}" FILES_MATCHING PATTERN "*.h")
endif()
foreach(_t ejwt_platform ejwt_auth)
  if(TARGET ${_t})
    list(APPEND _ejwt_export_targets ${_t})
  endif()
endforeach()
set(_ejwt_has_posix OFF)
if(TARGET ejwt_posix AND EJWT_PORT STREQUAL "posix")
  set(_ejwt_has_posix ON)
  list(APPEND _ejwt_export_targets ejwt_port ejwt_psa_its ejwt_posix ejwt_all)
endif()

install(TARGETS ${_ejwt_export_targets} EXPORT ejwtTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  OBJECTS DESTINATION "${CMAKE_INSTALL_LIBDIR}/ejwt/objects"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT ejwtTargets NAMESPACE ejwt:: DESTINATION "${EJWT_INSTALL_CMAKEDIR}"
  FILE ejwtTargets.cmake)

# Headers of the layers and of the port.
foreach(_dir core platform auth port/posix)
  if(EXISTS "${PROJECT_SOURCE_DIR}/${_dir}/include/ejwt"
     AND (NOT _dir STREQUAL "port/posix" OR _ejwt_has_posix))
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/${_dir}/include/ejwt"
      DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.h")
  endif()
endforeach()

# The configuration header of your own, if any (cmake/config.cmake).
if(EJWT_CONFIG_FILE_PATH)
  install(FILES "${EJWT_CONFIG_FILE_PATH}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/ejwt/config")
endif()

if(TARGET ejwt_mbedcrypto)
  # Mbed TLS's public headers, the configuration they were compiled with, and
  # the two forwarding headers of the ITS shim (cmake/mbedtls.cmake), which in
  # the installed tree point at an installed copy of Mbed TLS's ITS
  # declarations instead of the source tree.
  install(DIRECTORY "${EJWT_MBEDTLS_SOURCE_DIR}/include/mbedtls" "${EJWT_MBEDTLS_SOURCE_DIR}/include/psa"
    DESTINATION "${_mbedtls_incdir}" FILES_MATCHING PATTERN "*.h")
  # The configuration Mbed TLS was compiled with: EJWT_MBEDTLS_CONFIG_FILE
  # and, transitively, the headers of port/mbedtls/ it names (#include, and
  # MBEDTLS_PSA_CRYPTO_CONFIG_FILE), nothing else.
  if(IS_ABSOLUTE "${EJWT_MBEDTLS_CONFIG_FILE}")
    set(_pending "${EJWT_MBEDTLS_CONFIG_FILE}")
  else()
    set(_pending "${PROJECT_SOURCE_DIR}/port/mbedtls/${EJWT_MBEDTLS_CONFIG_FILE}")
  endif()
  set(_config_headers "")
  while(_pending)
    list(POP_FRONT _pending _header)
    if(_header IN_LIST _config_headers OR NOT EXISTS "${_header}")
      continue()
    endif()
    list(APPEND _config_headers "${_header}")
    file(STRINGS "${_header}" _names
      REGEX "^[ \t]*#[ \t]*(include|define[ \t]+MBEDTLS_PSA_CRYPTO_CONFIG_FILE)[ \t]+\"[^\"]+\"")
    foreach(_line IN LISTS _names)
      string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" _name "${_line}")
      list(APPEND _pending "${PROJECT_SOURCE_DIR}/port/mbedtls/${_name}")
    endforeach()
  endwhile()
  install(FILES ${_config_headers} DESTINATION "${_mbedtls_incdir}")
  install(FILES "${EJWT_MBEDTLS_SOURCE_DIR}/library/psa_crypto_its.h" DESTINATION "${_mbedtls_incdir}")
  set(_shim "${PROJECT_BINARY_DIR}/install_psa_its_shim")
  file(CONFIGURE OUTPUT "${_shim}/internal_trusted_storage.h"
    CONTENT "/* Installed by ejwt: Mbed TLS's ITS declarations. */\n#include \"../psa_crypto_its.h\"\n")
  file(CONFIGURE OUTPUT "${_shim}/error.h"
    CONTENT "/* Installed by ejwt: PSA status codes come from Mbed TLS. */\n#include \"psa/crypto_types.h\"\n#include \"psa/crypto_values.h\"\n")
  install(FILES "${_shim}/internal_trusted_storage.h" "${_shim}/error.h"
    DESTINATION "${_mbedtls_incdir}/psa")
endif()

install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# The CMake package.
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/ejwtConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/ejwtConfig.cmake"
  INSTALL_DESTINATION "${EJWT_INSTALL_CMAKEDIR}")
# 0.x: a minor version may change the API, so 0.2 accepts 0.2.y only.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/ejwtConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/ejwtConfig.cmake" "${PROJECT_BINARY_DIR}/ejwtConfigVersion.cmake"
  DESTINATION "${EJWT_INSTALL_CMAKEDIR}")

# pkg-config, for the host: the whole stack (ejwt::ejwt). The port's objects
# go in as a whole archive, because Mbed TLS, further down the link line,
# calls psa_its_* by name.
# With an external provider, whose flags and libraries ejwt does not know,
# there is no ejwt.pc.
if(_ejwt_has_posix AND TARGET ejwt_mbedcrypto)
  add_library(ejwt_posix_archive STATIC $<TARGET_OBJECTS:ejwt_port> $<TARGET_OBJECTS:ejwt_psa_its>)
  set_target_properties(ejwt_posix_archive PROPERTIES OUTPUT_NAME ejwt_posix)
  install(TARGETS ejwt_posix_archive ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
  # The configuration the library was built with, as compile flags.
  set(EJWT_PC_CFLAGS "-I\${includedir} -I\${includedir}/ejwt-mbedtls")
  foreach(_def "MBEDTLS_CONFIG_FILE=\"${EJWT_MBEDTLS_CONFIG_FILE}\"" ${EJWT_CONFIG_DEFINITIONS})
    # As the installed tree sees them.
    if(_def MATCHES "^\\$<BUILD_INTERFACE:")
      continue()
    endif()
    string(REGEX REPLACE "^\\$<INSTALL_INTERFACE:(.*)>$" "\\1" _def "${_def}")
    string(REPLACE "\"" "\\\"" _def "${_def}")
    string(APPEND EJWT_PC_CFLAGS " -D${_def}")
  endforeach()
  if(NOT JSMN_INCLUDE_DIR STREQUAL "/usr/include")
    string(APPEND EJWT_PC_CFLAGS " -I${JSMN_INCLUDE_DIR}")
  endif()
  configure_file("${CMAKE_CURRENT_LIST_DIR}/ejwt.pc.in" "${PROJECT_BINARY_DIR}/ejwt.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/ejwt.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
