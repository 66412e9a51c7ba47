# Wycheproof vectors turned into C tables at build time (included from
# tests/CMakeLists.txt after ejwt_test_group(vectors), so the targets exist).
# Each entry: test file suffix | generator kind | JSON file | extra generator
# arguments (~ separated). vectors.test_wycheproof_<suffix> includes
# wycheproof_<table>.h, the table generated from the JSON file.
set(EJWT_TEST_PYTHON3 "/usr/bin/python3" CACHE FILEPATH
    "Python 3 used by build-time test generators (standard library only)")

set(_wp_gen "${CMAKE_CURRENT_SOURCE_DIR}/vectors/wycheproof_to_c.py")
set(_wp_out "${CMAKE_CURRENT_BINARY_DIR}/generated")
set(_wp_in "${EJWT_WYCHEPROOF_DIR}")
file(MAKE_DIRECTORY "${_wp_out}")

# test | table | kind | JSON | extra arguments
set(_wp_tables
  "ecdsa|ecdsa_p256|ecdsa|ecdsa_secp256r1_sha256_p1363_test.json|"
  "ecdsa_p384|ecdsa_p384|ecdsa|ecdsa_secp384r1_sha384_p1363_test.json|"
  "ecdsa_p521|ecdsa_p521|ecdsa|ecdsa_secp521r1_sha512_p1363_test.json|"
  "hmac|hmac_sha256|hmac|hmac_sha256_test.json|--tag-size~256"
  "hmac_sha384|hmac_sha384|hmac|hmac_sha384_test.json|--tag-size~384"
  "hmac_sha512|hmac_sha512|hmac|hmac_sha512_test.json|--tag-size~512"
  "rsa_2048_sha256|rsa_2048_sha256|rsa|rsa_signature_2048_sha256_test.json|"
  "rsa_3072_sha256|rsa_3072_sha256|rsa|rsa_signature_3072_sha256_test.json|"
  "rsa_4096_sha256|rsa_4096_sha256|rsa|rsa_signature_4096_sha256_test.json|"
  "rsa_2048_sha384|rsa_2048_sha384|rsa|rsa_signature_2048_sha384_test.json|"
  "rsa_2048_sha512|rsa_2048_sha512|rsa|rsa_signature_2048_sha512_test.json|"
  "rsa_pss_2048_sha256|rsa_pss_2048_sha256|rsa|rsa_pss_2048_sha256_mgf1_32_test.json|"
  "rsa_pss_2048_sha384|rsa_pss_2048_sha384|rsa|rsa_pss_2048_sha384_mgf1_48_test.json|"
  "rsa_pss_4096_sha512|rsa_pss_4096_sha512|rsa|rsa_pss_4096_sha512_mgf1_64_test.json|")

foreach(_e IN LISTS _wp_tables)
  string(REPLACE "|" ";" _f "${_e}")
  list(GET _f 0 _test)
  list(GET _f 1 _table)
  list(GET _f 2 _kind)
  list(GET _f 3 _json)
  list(LENGTH _f _n)
  set(_extra "")
  if(_n GREATER 4)
    list(GET _f 4 _extra)
    string(REPLACE "~" ";" _extra "${_extra}")
  endif()
  set(_target ejwt_vectors_test_wycheproof_${_test})
  if(NOT TARGET ${_target})
    continue() # not built here (a board builds only its algorithms' tests)
  endif()
  set(_h "${_wp_out}/wycheproof_${_table}.h")
  add_custom_command(
    OUTPUT "${_h}"
    COMMAND "${EJWT_TEST_PYTHON3}" "${_wp_gen}" ${_kind} "${_wp_in}/${_json}" "${_h}" ${_extra}
    DEPENDS "${_wp_gen}" "${_wp_in}/${_json}"
    COMMENT "Generating Wycheproof table ${_table}"
    VERBATIM)
  add_custom_target(ejwt_wycheproof_${_table} DEPENDS "${_h}")
  add_dependencies(${_target} ejwt_wycheproof_${_table})
  target_sources(${_target} PRIVATE "${_h}")
endforeach()
