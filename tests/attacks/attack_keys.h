/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixed keys of the attack suite, generated once with jwcrypto
 * (python3 -c "from jwcrypto import jwk; print(jwk.JWK.generate(kty='EC',
 * crv='P-256').export(private_key=True))", and kty='oct', size=256).
 * Test keys only: they protect nothing.
 */
#ifndef EJWT_ATTACK_KEYS_H
#define EJWT_ATTACK_KEYS_H

/* the verifier's ES256 key pair (the device's trusted issuer) */
static const char victim_es256_jwk[] =
    "{\"crv\":\"P-256\",\"d\":\"F3Uk3xTht89Bx8gnsWeV5Iu82PuXtUUvM0Bhlc7SrL8\",\"kty\":\"EC\","
    "\"x\":\"Eid6mL8-KNn3AKZGhIxDvOrkaILTQ7i8ONTZw-gbAAY\","
    "\"y\":\"zcob3KO3fb5k6MhwVOWAHMjyQeJXMC-MqZVn4mDYM6g\"}";
/* its public part exactly as a server would publish it (also the text an
 * attacker feeds to HMAC in the algorithm-confusion attack) */
static const char victim_es256_public_jwk[] =
    "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"Eid6mL8-KNn3AKZGhIxDvOrkaILTQ7i8ONTZw-gbAAY\","
    "\"y\":\"zcob3KO3fb5k6MhwVOWAHMjyQeJXMC-MqZVn4mDYM6g\"}";
/* the attacker's own ES256 key pair */
static const char attacker_es256_jwk[] =
    "{\"crv\":\"P-256\",\"d\":\"vD_s9Sj2O8UoQPKYP2XuGBvmqFokDbHzVE_L5D9SvD0\",\"kty\":\"EC\","
    "\"x\":\"v8JsdHUjc7XgKihrX38VGItLJQPrBSsAgEsONEJqJkk\","
    "\"y\":\"G8yYxQXmXkt8bT742rENGZsTxMSnmtKstlzLtsWUeik\"}";
/* the verifier's HS256 secret, and an attacker's guess */
static const char victim_hs256_jwk[] =
    "{\"k\":\"z3DyTFy_2IAiFwPrY44qVCL4K0nsN1-fBdAPsXt2_vU\",\"kty\":\"oct\"}";
static const char attacker_hs256_jwk[] =
    "{\"k\":\"DB_CoNZKQ_ZweH42C-V_U04NsJ_2SqB2dh7MUX0LNcY\",\"kty\":\"oct\"}";

#endif /* EJWT_ATTACK_KEYS_H */
