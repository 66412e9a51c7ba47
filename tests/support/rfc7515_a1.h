/* SPDX-License-Identifier: Apache-2.0 */
/*
 * RFC 7515 Appendix A.1 (also RFC 7519 section 3.1): the HS256 example key,
 * as a compact JWK, and the example token, byte for byte from the RFC. One
 * copy for every test that uses them (test_rfc7515.c keeps the RFC's own
 * multi-line layout of the JWK as well, which it checks separately).
 */
#ifndef EJWT_TEST_RFC7515_A1_H
#define EJWT_TEST_RFC7515_A1_H

/** The A.1 key (kty oct, 64 bytes). */
#define RFC7515_A1_JWK                                                                             \
    "{\"kty\":\"oct\",\"k\":\"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-"                       \
    "1qS0gZH75aKtMN3Yj0iPS4h"                                                                      \
    "cgUuTwjAzZr1Z9CAow\"}"

/** The A.1 token: header {"typ":"JWT",\r\n "alg":"HS256"}, claims iss "joe",
 *  exp 1300819380 and "http://example.com/is_root": true. */
#define RFC7515_A1_TOKEN                                                                           \
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"                                                     \
    "."                                                                                            \
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl" \
    "fQ"                                                                                           \
    "."                                                                                            \
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

/** The token's `exp`. */
#define RFC7515_A1_EXP 1300819380

#endif /* EJWT_TEST_RFC7515_A1_H */
