# SPDX-License-Identifier: Apache-2.0
# ejwt's configuration as CMake cache variables (core/include/ejwt/ejwt_config.h).
#
# EJWT_CONFIG_FILE names a header of your own included by ejwt_config.h; each
# EJWT_* variable below, when set, overrides that value. Both become PUBLIC
# compile definitions of the core target, which every layer and every
# consumer links, so no translation unit sees other bounds than the library
# was built with (and one that does anyway is refused by ejwt_crypto_init(),
# EJWT_ERR_CONFIG_MISMATCH). Empty: the header's default.
set(EJWT_CONFIG_FILE "" CACHE STRING
    "Header of your own with ejwt's configuration (included by ejwt_config.h); a relative path is relative to the top-level source folder; empty: none")

# Every value ejwt_config.h and the layer headers document as settable.
set(EJWT_CONFIG_VARIABLES
  # core (ejwt_config.h)
  EJWT_MAX_TOKEN_LEN EJWT_MAX_HEADER_LEN EJWT_MAX_HEADER_TOKENS EJWT_MAX_CLAIM_TOKENS
  EJWT_MAX_JSON_DEPTH EJWT_MAX_KID_LEN EJWT_MAX_JWKS_KEYS EJWT_MAX_JWKS_TOKENS
  EJWT_MAX_CRIT_NAMES EJWT_ENABLE_ES256 EJWT_ENABLE_HS256 EJWT_ENABLE_SIGN
  EJWT_ENABLE_ES384 EJWT_ENABLE_ES512 EJWT_ENABLE_HS384 EJWT_ENABLE_HS512
  EJWT_ENABLE_RS256 EJWT_ENABLE_RS384 EJWT_ENABLE_RS512
  EJWT_ENABLE_PS256 EJWT_ENABLE_PS384 EJWT_ENABLE_PS512 EJWT_ENABLE_RSA_SIGN EJWT_RSA_MAX_BITS
  EJWT_ENABLE_ERROR_STRINGS EJWT_ES256_DETERMINISTIC
  # platform layer (ejwt_config.h, platform/*.h)
  EJWT_TOKEN_STORE_MAX_TOKEN EJWT_TOKEN_STORE_MAX_ISSUER EJWT_TOKEN_STORE_MAX_SCOPE
  EJWT_TOKEN_STORE_REFRESH_MARGIN_S EJWT_TOKEN_STORE_KEY_ID EJWT_TOKEN_STORE_UID_BASE
  EJWT_KV_MAX_VALUE EJWT_DEVICE_KEY_ID EJWT_FLASH_MAX_PROG_SIZE
  # auth layer (ejwt_config.h, auth/*.h)
  EJWT_REPLAY_CACHE_SIZE EJWT_COMMAND_MAX_JTI_LEN EJWT_COMMAND_LIFETIME_LIMIT_S
  EJWT_OAUTH_MAX_RESPONSE_TOKENS EJWT_OAUTH_MAX_EXPIRES_IN EJWT_ASSERTION_DEFAULT_LIFETIME_S
  EJWT_ASSERTION_MAX_CLIENT_ID EJWT_ASSERTION_MAX_AUDIENCE
  EJWT_DISCOVERY_MAX_URL EJWT_DISCOVERY_TOKENS EJWT_REGISTRATION_MAX_CLIENT_ID
  EJWT_REGISTRATION_MAX_ACCESS_TOKEN
  EJWT_SESSION_MAX_DEVICE_CODE EJWT_SESSION_MAX_USER_CODE EJWT_SESSION_MAX_VERIFICATION_URI EJWT_REGISTRATION_MAX_TOKENS EJWT_RETRY_BASE_MS
  EJWT_RETRY_CAP_MS EJWT_RETRY_MIN_MS EJWT_RETRY_MAX_SUSPECT EJWT_RETRY_GIVE_UP_AFTER_S
  EJWT_RETRY_AFTER_MAX_S)

set(EJWT_CONFIG_DEFINITIONS "")
# The header by absolute path, so every translation unit finds the same file
# without an include folder of its own; an installed ejwt carries a copy
# (include/ejwt/config/, cmake/install.cmake).
if(NOT EJWT_CONFIG_FILE STREQUAL "")
  get_filename_component(EJWT_CONFIG_FILE_PATH "${EJWT_CONFIG_FILE}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
  if(NOT EXISTS "${EJWT_CONFIG_FILE_PATH}" OR IS_DIRECTORY "${EJWT_CONFIG_FILE_PATH}")
    message(FATAL_ERROR "EJWT_CONFIG_FILE: ${EJWT_CONFIG_FILE_PATH} is not a file")
  endif()
  get_filename_component(_name "${EJWT_CONFIG_FILE_PATH}" NAME)
  list(APPEND EJWT_CONFIG_DEFINITIONS
    "$<BUILD_INTERFACE:EJWT_CONFIG_FILE=\"${EJWT_CONFIG_FILE_PATH}\">"
    "$<INSTALL_INTERFACE:EJWT_CONFIG_FILE=\"ejwt/config/${_name}\">")
endif()
# The algorithms beyond ES256 and HS256 (ejwt_config.h's default for a
# board image): a host build compiles every one, RSA signing included (the
# CLI, the tests, a gateway), unless its cache variable says 0. The host's
# Mbed TLS configuration (port/mbedtls/psa_crypto_config_host.h) has them.
set(EJWT_HOST_DEFAULT_ON
  EJWT_ENABLE_ES384 EJWT_ENABLE_ES512 EJWT_ENABLE_HS384 EJWT_ENABLE_HS512
  EJWT_ENABLE_RS256 EJWT_ENABLE_RS384 EJWT_ENABLE_RS512
  EJWT_ENABLE_PS256 EJWT_ENABLE_PS384 EJWT_ENABLE_PS512 EJWT_ENABLE_RSA_SIGN)
foreach(_var IN LISTS EJWT_CONFIG_VARIABLES)
  set(${_var} "" CACHE STRING "ejwt configuration value ${_var} (empty: the header's default)")
  if(NOT "${${_var}}" STREQUAL "")
    list(APPEND EJWT_CONFIG_DEFINITIONS "${_var}=${${_var}}")
  elseif(NOT CMAKE_CROSSCOMPILING AND _var IN_LIST EJWT_HOST_DEFAULT_ON)
    list(APPEND EJWT_CONFIG_DEFINITIONS "${_var}=1")
  endif()
endforeach()
