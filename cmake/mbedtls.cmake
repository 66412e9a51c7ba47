# Mbed TLS 3.6 LTS, built from Debian's source package (fetched by
# scripts/setup into third_party/mbedtls) with our own configuration headers
# from port/mbedtls/. We compile its library sources ourselves rather than
# using its CMake, so the same rules apply to host and cross builds and only
# the configuration decides what ends up in the image.
set(EJWT_MBEDTLS_SOURCE_DIR "${PROJECT_SOURCE_DIR}/third_party/mbedtls" CACHE PATH
    "Mbed TLS 3.6 source tree (scripts/setup fetches it)")

if(NOT EXISTS "${EJWT_MBEDTLS_SOURCE_DIR}/include/mbedtls/build_info.h")
  message(FATAL_ERROR
    "Mbed TLS source not found in ${EJWT_MBEDTLS_SOURCE_DIR}. Run scripts/setup "
    "(it fetches Debian's mbedtls 3.6 source package), or set EJWT_MBEDTLS_SOURCE_DIR.")
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
  "${PROJECT_SOURCE_DIR}/port/mbedtls"
  "${EJWT_MBEDTLS_SOURCE_DIR}/include")
target_include_directories(ejwt_mbedcrypto PRIVATE "${EJWT_MBEDTLS_SOURCE_DIR}/library")
target_compile_definitions(ejwt_mbedcrypto PUBLIC
  "MBEDTLS_CONFIG_FILE=\"${EJWT_MBEDTLS_CONFIG_FILE}\"")
set_target_properties(ejwt_mbedcrypto PROPERTIES C_STANDARD 99 C_EXTENSIONS ON)

# Board builds: the p256-m driver for P-256 (MBEDTLS_PSA_P256M_DRIVER_ENABLED
# in port/mbedtls/mbedtls_config_board.h) lives outside library/. Its sources
# compile to nothing when the configuration does not enable it.
if(CMAKE_CROSSCOMPILING)
  set(_p256m_dir "${EJWT_MBEDTLS_SOURCE_DIR}/3rdparty/p256-m")
  target_sources(ejwt_mbedcrypto PRIVATE
    "${_p256m_dir}/p256-m_driver_entrypoints.c" "${_p256m_dir}/p256-m/p256-m.c")
  target_include_directories(ejwt_mbedcrypto PRIVATE "${_p256m_dir}" "${_p256m_dir}/p256-m")
endif()
