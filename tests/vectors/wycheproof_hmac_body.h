/*
 * The body of the Wycheproof HMAC tests through ejwt's own key import and
 * ejwt_signature_verify(): every case of the groups of one file whose tag is
 * the hash's full length (JWS never truncates). Keys shorter than the hash
 * output must be refused at import (RFC 7518 section 3.2). The including
 * file defines WP_ALG, WP_TAG_BYTES, WP_NAME and includes the table first.
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

static void test_wycheproof_hmac(void **state)
{
    size_t run = 0, valid_ok = 0, invalid_rejected = 0, keys_refused = 0;
    size_t acceptable = 0, failures = 0;
    size_t ncases = sizeof wp_hmac_cases / sizeof wp_hmac_cases[0];
    size_t i;
    (void)state;

    for (i = 0; i < ncases; i++) {
        const struct wp_hmac_case *c = &wp_hmac_cases[i];
        ejwt_key key;
        int rc = ejwt_key_import_hmac_alg(WP_ALG, c->key, c->key_len, &key);
        run++;
        if (c->key_len < WP_TAG_BYTES) {
            if (rc == EJWT_ERR_KEY_TOO_SHORT) {
                keys_refused++;
            } else {
                failures++;
                print_message(
                    "FAIL tcId %u: %u-byte key: expected EJWT_ERR_KEY_TOO_SHORT, got %s\n",
                    (unsigned)c->tc_id, (unsigned)c->key_len, ejwt_error_name(rc));
                if (rc == EJWT_OK) {
                    (void)ejwt_key_destroy(&key);
                }
            }
            continue;
        }
        if (rc != EJWT_OK) {
            failures++;
            print_message("FAIL tcId %u: %u-byte key refused: %s\n", (unsigned)c->tc_id,
                          (unsigned)c->key_len, ejwt_error_name(rc));
            continue;
        }
        rc = ejwt_signature_verify(&key, WP_ALG, c->msg, c->msg_len, c->tag, c->tag_len);
        if (c->result == WP_VALID) {
            if (rc == EJWT_OK) {
                valid_ok++;
            } else {
                failures++;
                print_message("FAIL tcId %u (valid): got %s\n", (unsigned)c->tc_id,
                              ejwt_error_name(rc));
            }
        } else if (c->result == WP_INVALID) {
            int want =
                c->tag_len == WP_TAG_BYTES ? EJWT_ERR_SIGNATURE_INVALID : EJWT_ERR_SIGNATURE_LENGTH;
            if (rc == EJWT_OK) {
                failures++;
                print_message("FAIL tcId %u (invalid): accepted\n", (unsigned)c->tc_id);
            } else {
                invalid_rejected++;
                if (rc != want) {
                    failures++;
                    print_message("FAIL tcId %u (invalid): expected %s, got %s\n",
                                  (unsigned)c->tc_id, ejwt_error_name(want), ejwt_error_name(rc));
                }
            }
        } else {
            acceptable++;
        }
        assert_int_equal(ejwt_key_destroy(&key), EJWT_OK);
    }

    print_message("wycheproof %s (tagSize %u): groups %u, cases run %u of %u "
                  "(file total %u, all tag sizes), valid passed %u, invalid rejected %u, "
                  "keys refused %u, acceptable %u, failures %u\n",
                  WP_NAME, (unsigned)WP_HMAC_TAG_SIZE, (unsigned)WP_HMAC_NUM_GROUPS, (unsigned)run,
                  (unsigned)WP_HMAC_NUM_CASES, (unsigned)WP_HMAC_FILE_TOTAL, (unsigned)valid_ok,
                  (unsigned)invalid_rejected, (unsigned)keys_refused, (unsigned)acceptable,
                  (unsigned)failures);
    assert_int_equal(run, WP_HMAC_NUM_CASES);
    assert_int_equal(valid_ok + invalid_rejected + keys_refused + acceptable, run);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wycheproof_hmac),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
