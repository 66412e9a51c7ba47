# SPDX-License-Identifier: Apache-2.0
# jsmn is header-only (Debian's libjsmn-dev). It is compiled in exactly one
# translation unit, core/src/json.c; everything else includes it with
# JSMN_HEADER defined (see core/include/ejwt/json.h).
find_path(JSMN_INCLUDE_DIR jsmn.h REQUIRED
  DOC "directory holding jsmn.h (Debian: libjsmn-dev); run scripts/setup")
