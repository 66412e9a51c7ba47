/*
 * The body of the Wycheproof ECDSA tests (IEEE P1363 r||s) through ejwt's
 * own ejwt_signature_verify(): every case of every group of one file
 * (tables generated at build time by tests/vectors/wycheproof_to_c.py).
 * The including file defines WP_ALG (the JOSE algorithm), WP_NAME (for
 * the summary line) and includes the generated table first.
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

static void test_wycheproof_ecdsa(void **state)
{
    size_t run = 0, valid_ok = 0, invalid_rejected = 0, keys_refused = 0;
    size_t acceptable = 0, acceptable_accepted = 0, failures = 0;
    size_t ncases = sizeof wp_ecdsa_cases / sizeof wp_ecdsa_cases[0];
    uint32_t g;
    size_t i = 0;
    (void)state;

    for (g = 0; g < WP_ECDSA_NUM_GROUPS; g++) {
        ejwt_key key;
        int krc = ejwt_key_import_ec_public(WP_ALG, wp_ecdsa_groups[g].pub,
                                            wp_ecdsa_groups[g].pub_len, &key);
        if (krc != EJWT_OK) {
            keys_refused++;
        }
        for (; i < ncases && wp_ecdsa_cases[i].group == g; i++) {
            const struct wp_ecdsa_case *c = &wp_ecdsa_cases[i];
            int rc = krc;
            run++;
            if (krc == EJWT_OK) {
                rc = ejwt_signature_verify(&key, WP_ALG, c->msg, c->msg_len, c->sig, c->sig_len);
            }
            if (c->result == WP_VALID) {
                if (rc == EJWT_OK) {
                    valid_ok++;
                } else {
                    failures++;
                    print_message("FAIL tcId %u (valid, sig %u bytes): got %s\n",
                                  (unsigned)c->tc_id, (unsigned)c->sig_len, ejwt_error_name(rc));
                }
            } else if (c->result == WP_INVALID) {
                int want = c->sig_len == 2u * EJWT_EC_COORD_LEN(WP_ALG) ? EJWT_ERR_SIGNATURE_INVALID
                                                                        : EJWT_ERR_SIGNATURE_LENGTH;
                if (rc == EJWT_OK) {
                    failures++;
                    print_message("FAIL tcId %u (invalid, sig %u bytes): accepted\n",
                                  (unsigned)c->tc_id, (unsigned)c->sig_len);
                } else {
                    invalid_rejected++;
                    if (krc == EJWT_OK && rc != want) {
                        /* key.h: a signature that does not verify is
                         * SIGNATURE_INVALID, a wrong length SIGNATURE_LENGTH */
                        failures++;
                        print_message("FAIL tcId %u (invalid, sig %u bytes): expected %s, got %s\n",
                                      (unsigned)c->tc_id, (unsigned)c->sig_len,
                                      ejwt_error_name(want), ejwt_error_name(rc));
                    }
                }
            } else {
                acceptable++;
                if (rc == EJWT_OK) {
                    acceptable_accepted++;
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
                  WP_NAME, (unsigned)WP_ECDSA_NUM_GROUPS, (unsigned)run,
                  (unsigned)WP_ECDSA_NUM_CASES, (unsigned)WP_ECDSA_FILE_TOTAL, (unsigned)valid_ok,
                  (unsigned)invalid_rejected, (unsigned)acceptable, (unsigned)acceptable_accepted,
                  (unsigned)keys_refused, (unsigned)failures);
    assert_int_equal(i, ncases);
    assert_int_equal(run, WP_ECDSA_NUM_CASES);
    assert_int_equal(run, WP_ECDSA_FILE_TOTAL);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wycheproof_ecdsa),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
