/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Deliberately wrong code: each analysis.*_detects test runs one analyser on
 * this file (or, for memcheck, this program) and passes only if it reports a
 * finding, so an analyser that silently checks nothing cannot pass.
 * Never linked into anything else.
 */
#include <stdio.h>
#include <stdlib.h>

int probe_leak_and_overrun(int n);

int probe_leak_and_overrun(int n)
{
    int a[4] = {0, 1, 2, 3};
    char *p = malloc(16);

    if (p == NULL) {
        return -1;
    }
    p[0] = (char)n;
    if (n > 2) {
        return a[4]; /* out of bounds, and p leaks */
    }
    free(p);
    return 0;
}

int main(void)
{
    char *p = malloc(16);
    int uninit[2];
    volatile int i = 0;

    if (p == NULL) {
        return 0;
    }
    p[0] = 1;
    /* A branch on memory never written, then p is lost (a definite leak). */
    if (uninit[i] > 0) {
        puts("probe");
    }
    p = NULL;
    return probe_leak_and_overrun(1);
}
