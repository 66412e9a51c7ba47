/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify_command: what a device does with a command its backend signed
 * (docs/PROTOCOL.md, "Signed commands"), in one file.
 *
 *     verify_command ISSUER CLIENT_ID JWKS COMMAND
 *
 * ISSUER and JWKS (the backend's JWK Set, JSON) are what the device stored
 * when it was provisioned, CLIENT_ID is its own name, COMMAND the compact
 * JWS it received. The verifier pins ES256, picks the key by `kid`, checks
 * `typ` command+jwt, `iss`, `aud`, `exp`, `iat` and a short lifetime, and
 * remembers the `jti` in its replay cache: the same command handed in a
 * second time - a duplicate delivery, or an attacker replaying it - is
 * refused with EJWT_ERR_REPLAYED. Exit 0 when the command verified and its
 * replay was refused, 1 when it did not verify (the error is printed), 2 on
 * a bad command line.
 *
 * Runs on the host over the posix port; on a device the same calls take
 * the time from the session (ejwt_session_now()). No malloc: the verifier
 * and the work buffer are static. tests/examples/verify_command.py feeds
 * it commands signed by the reference backend (examples/backend).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ejwt/auth/command.h"
#include "ejwt/ejwt.h"
#include "ejwt/platform.h"
#include "ejwt/port_posix.h"

#define LEEWAY_S 5u     /* clock skew tolerated between device and backend */
#define CMD_NAME_MAX 64 /* longest command name acted upon */
#define EXIT_NOT_VERIFIED 1
#define EXIT_USAGE 2

static ejwt_command_verifier verifier; /* the backend's keys, the rules, the replay cache */
static uint8_t work[EJWT_WORK_SIZE(EJWT_MAX_TOKEN_LEN)];

static int failed(int err, const char *what)
{
    printf("verify_command: %s: %s\n", what, ejwt_error_name(err));
    return EXIT_NOT_VERIFIED;
}

/* The firmware acting on a verified command: read `cmd` and its `args`. */
static void execute(const ejwt_command *cmd)
{
    ejwt_json claims = ejwt_command_claims(cmd);
    char name[CMD_NAME_MAX];
    int64_t seconds = 0;
    size_t len = 0;
    int idx;

    if (ejwt_json_string_copy(&claims, cmd->cmd, name, sizeof(name), &len) != EJWT_OK) {
        printf("verify_command: verified, but the command name is too long to act on\n");
        return;
    }
    printf("verify_command: verified: cmd=%s", name);
    if (cmd->args >= 0) {
        const jsmntok_t *t = &claims.tok[cmd->args];
        printf(" args=%.*s", (int)(t->end - t->start), claims.text + t->start);
    }
    printf("\n");
    idx = cmd->args >= 0 ? ejwt_json_find(&claims, cmd->args, "seconds") : -1;
    if (strcmp(name, "set_interval") == 0 && idx >= 0 &&
        ejwt_json_int64(&claims, idx, &seconds) == EJWT_OK) {
        printf("verify_command: executing: report every %lld s\n", (long long)seconds);
    }
}

int main(int argc, char **argv)
{
    ejwt_command_config cfg;
    ejwt_command cmd;
    const char *token;
    int64_t now = 0;
    int err;

    if (argc != 5) {
        fprintf(stderr, "usage: verify_command ISSUER CLIENT_ID JWKS COMMAND\n");
        return EXIT_USAGE;
    }
    token = argv[4];
    /* Boot: the platform's clock and entropy, then the crypto provider. */
    err = ejwt_platform_set(ejwt_posix_platform());
    if (err == EJWT_OK) {
        err = ejwt_crypto_init();
    }
    if (err != EJWT_OK) {
        return failed(err, "boot");
    }
    /* The rules, and the keys the backend gave at provisioning. */
    memset(&cfg, 0, sizeof(cfg));
    cfg.issuer = argv[1];
    cfg.client_id = argv[2];
    cfg.leeway_s = LEEWAY_S;
    err = ejwt_command_verifier_init(&verifier, &cfg, argv[3], strlen(argv[3]));
    if (err != EJWT_OK) {
        return failed(err, "importing the backend's JWK Set");
    }
    err = ejwt_platform_wall_time(&now);
    if (err != EJWT_OK) {
        return failed(err, "the clock");
    }

    /* A command arrives: verify it before acting on it. */
    err = ejwt_command_verify(&verifier, token, strlen(token), now, work, sizeof(work), &cmd);
    if (err != EJWT_OK) {
        ejwt_command_verifier_free(&verifier);
        return failed(err, "refused");
    }
    execute(&cmd);

    /* The very same command again: the replay cache refuses it. */
    err = ejwt_command_verify(&verifier, token, strlen(token), now, work, sizeof(work), &cmd);
    printf("verify_command: the same command again: %s\n", ejwt_error_name(err));
    ejwt_command_verifier_free(&verifier);
    return err == EJWT_ERR_REPLAYED ? 0 : EXIT_NOT_VERIFIED;
}
