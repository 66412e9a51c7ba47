# Wycheproof vectors turned into C tables at build time (included from
# tests/CMakeLists.txt after ejwt_test_group(vectors), so the targets exist).
set(EJWT_TEST_PYTHON3 "/usr/bin/python3" CACHE FILEPATH
    "Python 3 used by build-time test generators (standard library only)")

set(_wp_gen "${CMAKE_CURRENT_SOURCE_DIR}/vectors/wycheproof_to_c.py")
set(_wp_out "${CMAKE_CURRENT_BINARY_DIR}/generated")
set(_wp_in "${EJWT_WYCHEPROOF_DIR}")
file(MAKE_DIRECTORY "${_wp_out}")

add_custom_command(
  OUTPUT "${_wp_out}/wycheproof_ecdsa_p256.h"
  COMMAND "${EJWT_TEST_PYTHON3}" "${_wp_gen}" ecdsa
          "${_wp_in}/ecdsa_secp256r1_sha256_p1363_test.json" "${_wp_out}/wycheproof_ecdsa_p256.h"
  DEPENDS "${_wp_gen}" "${_wp_in}/ecdsa_secp256r1_sha256_p1363_test.json"
  COMMENT "Generating Wycheproof ECDSA P-256 table"
  VERBATIM)
add_custom_command(
  OUTPUT "${_wp_out}/wycheproof_hmac_sha256.h"
  COMMAND "${EJWT_TEST_PYTHON3}" "${_wp_gen}" hmac
          "${_wp_in}/hmac_sha256_test.json" "${_wp_out}/wycheproof_hmac_sha256.h" --tag-size 256
  DEPENDS "${_wp_gen}" "${_wp_in}/hmac_sha256_test.json"
  COMMENT "Generating Wycheproof HMAC-SHA256 table"
  VERBATIM)
add_custom_target(ejwt_wycheproof_tables
  DEPENDS "${_wp_out}/wycheproof_ecdsa_p256.h" "${_wp_out}/wycheproof_hmac_sha256.h")

foreach(_wp IN ITEMS ecdsa hmac)
  if(TARGET ejwt_vectors_test_wycheproof_${_wp})
    add_dependencies(ejwt_vectors_test_wycheproof_${_wp} ejwt_wycheproof_tables)
  endif()
endforeach()
if(TARGET ejwt_vectors_test_wycheproof_ecdsa)
  target_sources(ejwt_vectors_test_wycheproof_ecdsa PRIVATE "${_wp_out}/wycheproof_ecdsa_p256.h")
endif()
if(TARGET ejwt_vectors_test_wycheproof_hmac)
  target_sources(ejwt_vectors_test_wycheproof_hmac PRIVATE "${_wp_out}/wycheproof_hmac_sha256.h")
endif()
