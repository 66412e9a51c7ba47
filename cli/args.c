/* SPDX-License-Identifier: Apache-2.0 */
/* Option parsing for the ejwt commands. */
#include "args.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_opt *find_opt(const cli_opt *opts, size_t nopts, const char *name, size_t name_len)
{
    size_t i;

    for (i = 0; i < nopts; i++) {
        if (strlen(opts[i].name) == name_len && memcmp(opts[i].name, name, name_len) == 0) {
            return &opts[i];
        }
    }
    return NULL;
}

int cli_parse_args(int argc, char **argv, const cli_opt *opts, size_t nopts, const char **pos,
                   size_t pos_cap, size_t *npos)
{
    int i;
    int only_pos = 0;

    *npos = 0;
    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *name;
        const char *eq;
        size_t name_len;
        const cli_opt *opt;

        if (only_pos || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (*npos >= pos_cap) {
                return cli_usage_error("%s: unexpected argument '%s'", argv[0], arg);
            }
            pos[(*npos)++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            cli_print_usage(stdout);
            return CLI_EXIT_HELP_SHOWN;
        }
        if (arg[1] != '-') {
            return cli_usage_error("%s: unknown option '%s'", argv[0], arg);
        }
        name = arg + 2;
        eq = strchr(name, '=');
        name_len = eq != NULL ? (size_t)(eq - name) : strlen(name);
        opt = find_opt(opts, nopts, name, name_len);
        if (opt == NULL) {
            return cli_usage_error("%s: unknown option '%s'", argv[0], arg);
        }
        if (opt->flag != NULL) {
            if (eq != NULL) {
                return cli_usage_error("%s: option '--%s' takes no value", argv[0], opt->name);
            }
            if (*opt->flag) {
                return cli_usage_error("%s: option '--%s' given twice", argv[0], opt->name);
            }
            *opt->flag = 1;
            continue;
        }
        if (*opt->value != NULL) {
            return cli_usage_error("%s: option '--%s' given twice", argv[0], opt->name);
        }
        if (eq != NULL) {
            *opt->value = eq + 1;
        } else if (i + 1 < argc) {
            *opt->value = argv[++i];
        } else {
            return cli_usage_error("%s: option '--%s' needs a value", argv[0], opt->name);
        }
    }
    return CLI_EXIT_OK;
}

static int parse_digits(const char *s, uint64_t limit, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == '\0') {
        return -1;
    }
    for (; *s != '\0'; s++) {
        uint64_t d;
        if (*s < '0' || *s > '9') {
            return -1;
        }
        d = (uint64_t)(*s - '0');
        if (v > (limit - d) / 10u) {
            return -1;
        }
        v = v * 10u + d;
    }
    *out = v;
    return 0;
}

int cli_parse_i64(const char *s, int64_t *out)
{
    uint64_t v;

    if (s[0] == '-') {
        if (parse_digits(s + 1, (uint64_t)INT64_MAX + 1u, &v) != 0) {
            return -1;
        }
        *out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
        return 0;
    }
    if (parse_digits(s, (uint64_t)INT64_MAX, &v) != 0) {
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

int cli_parse_u32(const char *s, uint32_t *out)
{
    uint64_t v;

    if (parse_digits(s, UINT32_MAX, &v) != 0) {
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

int cli_parse_alg(const char *s, size_t len, ejwt_alg *out)
{
    int a;

    /* The names of the algorithms the core has compiled in. */
    for (a = EJWT_ALG_ES256; a <= EJWT_ALG_PS512; a++) {
        const char *name = ejwt_alg_name((ejwt_alg)a);

        if (name != NULL && strlen(name) == len && memcmp(s, name, len) == 0) {
            *out = (ejwt_alg)a;
            return 0;
        }
    }
    return -1;
}

/* Calls item() for each element of a comma list; empty elements fail. */
static int for_each_item(const char *s, uint32_t *bits,
                         int (*item)(const char *p, size_t len, uint32_t *bits))
{
    *bits = 0;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma != NULL ? (size_t)(comma - s) : strlen(s);
        if (len == 0 || item(s, len, bits) != 0) {
            return -1;
        }
        if (comma == NULL) {
            return 0;
        }
        s = comma + 1;
    }
}

static int alg_item(const char *p, size_t len, uint32_t *bits)
{
    ejwt_alg alg;

    if (cli_parse_alg(p, len, &alg) != 0) {
        return -1;
    }
    *bits |= EJWT_ALG_BIT(alg);
    return 0;
}

int cli_parse_alg_list(const char *s, uint32_t *bits)
{
    return for_each_item(s, bits, alg_item);
}

static const struct {
    const char *name;
    uint32_t bit;
} claim_names[] = {
    {"iss", EJWT_CLAIM_ISS}, {"sub", EJWT_CLAIM_SUB}, {"aud", EJWT_CLAIM_AUD},
    {"exp", EJWT_CLAIM_EXP}, {"nbf", EJWT_CLAIM_NBF}, {"iat", EJWT_CLAIM_IAT},
    {"jti", EJWT_CLAIM_JTI},
};

static int claim_item(const char *p, size_t len, uint32_t *bits)
{
    size_t i;

    for (i = 0; i < sizeof claim_names / sizeof claim_names[0]; i++) {
        if (len == 3 && memcmp(p, claim_names[i].name, 3) == 0) {
            *bits |= claim_names[i].bit;
            return 0;
        }
    }
    return -1;
}

int cli_parse_claim_list(const char *s, uint32_t *bits)
{
    return for_each_item(s, bits, claim_item);
}
