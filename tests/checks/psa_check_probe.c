/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checks.psa_check_*: <ejwt/psa_check.h> against a configuration with one
 * option taken away. Each variant is compiled only by its test, with
 * MBEDTLS_PSA_CRYPTO_USER_CONFIG_FILE naming a generated header that removes
 * (or adds) that option after the Mbed TLS and PSA configuration files were
 * read (tests/checks/CMakeLists.txt); the test expects the header's own
 * #error naming the option. checks.psa_check_complete compiles it with
 * nothing removed.
 */
#include "ejwt/psa_check.h"

typedef int ejwt_psa_check_probe;
