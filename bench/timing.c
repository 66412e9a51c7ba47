/* SPDX-License-Identifier: Apache-2.0 */
/* Clock and order statistics. */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* Linear interpolation between closest ranks; v sorted, n > 0. */
double percentile_sorted(const double *v, size_t n, double p)
{
    double pos = p * (double)(n - 1u);
    size_t i = (size_t)pos;
    double frac = pos - (double)i;

    if (i + 1u >= n) {
        return v[n - 1u];
    }
    return v[i] + (v[i + 1u] - v[i]) * frac;
}

double median(double *v, size_t n)
{
    qsort(v, n, sizeof(v[0]), cmp_double);
    return percentile_sorted(v, n, 0.5);
}
