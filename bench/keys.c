/* SPDX-License-Identifier: Apache-2.0 */
/* The benchmark's keys: test keys made for it, never to be used elsewhere. */
#include "bench.h"

/* A fixed P-256 test key (generated for this benchmark; never use it
 * elsewhere). The PEM texts are the same key for libjwt. */
const uint8_t bench_es_d[32] = {0x8b, 0x5c, 0x43, 0x40, 0x0f, 0x02, 0xfc, 0xbb, 0x9f, 0x3b, 0xf6,
                                0x2e, 0xb6, 0xa1, 0x73, 0x04, 0x71, 0x0c, 0xfa, 0x74, 0x17, 0xce,
                                0x96, 0xcd, 0x0f, 0xca, 0x86, 0x70, 0x3c, 0x8d, 0x28, 0x6f};

const char bench_es_priv_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi1xDQA8C/LufO/Yu\n"
    "tqFzBHEM+nQXzpbND8qGcDyNKG+hRANCAASfeHoqZVtsTKaA2nsf1RUvj0XzKORz\n"
    "t+/k1UG39cuO00Bg/iyNk1A7FeEg//oo2RDVKl+a4yqnLTugN66u7ft1\n"
    "-----END PRIVATE KEY-----\n";

const char bench_es_pub_pem[] = "-----BEGIN PUBLIC KEY-----\n"
                                "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEn3h6KmVbbEymgNp7H9UVL49F8yjk\n"
                                "c7fv5NVBt/XLjtNAYP4sjZNQOxXhIP/6KNkQ1SpfmuMqpy07oDeuru37dQ==\n"
                                "-----END PUBLIC KEY-----\n";

void bench_hmac_secret(uint8_t out[32])
{
    unsigned i;

    for (i = 0; i < 32u; i++) {
        out[i] = (uint8_t)(0x5au ^ (i * 37u));
    }
}
