/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body of the Wycheproof RSA tests (RSASSA-PKCS1-v1_5 and RSASSA-PSS
 * verification) through ejwt's own ejwt_key_import_rsa_public() and
 * ejwt_signature_verify(): every case of every group of one file (tables
 * generated at build time by tests/vectors/wycheproof_to_c.py). Keys under
 * 2048 bits must be refused at import (RFC 7518 section 3.3) whatever a case
 * says; every other key must import. A signature that is not exactly the
 * modulus' length is EJWT_ERR_SIGNATURE_LENGTH, any other bad one
 * EJWT_ERR_SIGNATURE_INVALID. The including file defines WP_ALG and WP_NAME
 * and includes the generated table first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ejwt/ejwt.h>

static int setup(void **state)
{
    (void)state;
    return ejwt_crypto_init() == EJWT_OK ? 0 : -1;
}

/* The error an invalid signature must get from a key of \p bits. */
static int expected_refusal(uint32_t bits, size_t sig_len)
{
    return sig_len == bits / 8u ? EJWT_ERR_SIGNATURE_INVALID : EJWT_ERR_SIGNATURE_LENGTH;
}

static void test_wycheproof_rsa(void **state)
{
    size_t run = 0, valid_ok = 0, invalid_rejected = 0, keys_refused = 0;
    size_t acceptable = 0, acceptable_accepted = 0, failures = 0;
    size_t ncases = sizeof wp_rsa_cases / sizeof wp_rsa_cases[0];
    uint32_t g;
    size_t i = 0;
    (void)state;

    for (g = 0; g < WP_RSA_NUM_GROUPS; g++) {
        const struct wp_rsa_group *grp = &wp_rsa_groups[g];
        ejwt_key key;
        int krc = ejwt_key_import_rsa_public(WP_ALG, grp->n, grp->n_len, grp->e, grp->e_len, &key);

        if (grp->bits < 2048u) {
            if (krc != EJWT_ERR_KEY_TOO_SHORT) {
                failures++;
                print_message(
                    "FAIL group %u: %u-bit key: expected EJWT_ERR_KEY_TOO_SHORT, got %s\n",
                    (unsigned)g, (unsigned)grp->bits, ejwt_error_name(krc));
            }
            keys_refused++;
        } else if (krc != EJWT_OK) {
            failures++;
            print_message("FAIL group %u: %u-bit key refused: %s\n", (unsigned)g,
                          (unsigned)grp->bits, ejwt_error_name(krc));
        }
        for (; i < ncases && wp_rsa_cases[i].group == g; i++) {
            const struct wp_rsa_case *c = &wp_rsa_cases[i];
            int rc = krc;
            run++;
            if (krc == EJWT_OK) {
                rc = ejwt_signature_verify(&key, WP_ALG, c->msg, c->msg_len, c->sig, c->sig_len);
            }
            if (c->result == WP_VALID) {
                if (rc == EJWT_OK) {
                    valid_ok++;
                } else if (krc == EJWT_OK) {
                    failures++;
                    print_message("FAIL tcId %u (valid): got %s\n", (unsigned)c->tc_id,
                                  ejwt_error_name(rc));
                }
            } else if (c->result == WP_INVALID) {
                if (rc == EJWT_OK) {
                    failures++;
                    print_message("FAIL tcId %u (invalid): accepted\n", (unsigned)c->tc_id);
                } else {
                    invalid_rejected++;
                    if (krc == EJWT_OK && rc != expected_refusal(grp->bits, c->sig_len)) {
                        failures++;
                        print_message("FAIL tcId %u (invalid, sig %u bytes): expected %s, got %s\n",
                                      (unsigned)c->tc_id, (unsigned)c->sig_len,
                                      ejwt_error_name(expected_refusal(grp->bits, c->sig_len)),
                                      ejwt_error_name(rc));
                    }
                }
            } else {
                /* acceptable: either answer, but a refusal must be a
                 * signature error, never a crash or a provider failure */
                acceptable++;
                if (rc == EJWT_OK) {
                    acceptable_accepted++;
                } else if (krc == EJWT_OK && rc != expected_refusal(grp->bits, c->sig_len)) {
                    failures++;
                    print_message("FAIL tcId %u (acceptable): refused with %s\n",
                                  (unsigned)c->tc_id, ejwt_error_name(rc));
                }
            }
        }
        if (krc == EJWT_OK) {
            assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
        }
    }

    print_message("wycheproof %s: groups %u, cases run %u of %u (file total %u), "
                  "valid passed %u, invalid rejected %u, acceptable %u (accepted %u), "
                  "keys refused %u, failures %u\n",
                  WP_NAME, (unsigned)WP_RSA_NUM_GROUPS, (unsigned)run, (unsigned)WP_RSA_NUM_CASES,
                  (unsigned)WP_RSA_FILE_TOTAL, (unsigned)valid_ok, (unsigned)invalid_rejected,
                  (unsigned)acceptable, (unsigned)acceptable_accepted, (unsigned)keys_refused,
                  (unsigned)failures);
    assert_int_equal(i, ncases);
    assert_int_equal(run, WP_RSA_FILE_TOTAL);
    assert_true(valid_ok > 0u);
    assert_true(invalid_rejected > 0u);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wycheproof_rsa),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
