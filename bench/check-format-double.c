/*
 * check-format-double.c - check pcfi_format_double (core/lib/base/jsonw.c) against the reference that tries
 * every precision (tests/unit/jsonw_ref.h) on many doubles, and time both (CPU time).
 *
 *   bench/check-format-double [COUNT [SEED]]     default 5,000,000 doubles, seed 1
 *
 * Prints the number of differences (the first few with both texts) and ns per number for each; exits 1
 * on any difference. Not part of make check (tests/unit/test_jsonw_fast runs 60,000 of the same mix).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/jsonw.h"
#include "../tests/unit/jsonw_ref.h"

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long long count = argc > 1 ? strtoull(argv[1], NULL, 10) : 5000000ULL;
	unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1, state = seed, i;
	unsigned long long diff = 0;
	double *v = malloc(count * sizeof *v), t0, t_fast, t_ref;
	char a[40], b[40];

	if (!v)
		return 2;
	for (i = 0; i < count; i++)
		v[i] = ref_test_double(&state, i);
	for (i = 0; i < count; i++) {
		pcfi_format_double(v[i], a, sizeof a);
		ref_format_double(v[i], b, sizeof b);
		if (strcmp(a, b) && diff++ < 10)
			printf("differ: %.17g fast %s reference %s\n", v[i], a, b);
	}
	t0 = cpu_seconds();
	for (i = 0; i < count; i++)
		pcfi_format_double(v[i], a, sizeof a);
	t_fast = cpu_seconds() - t0;
	t0 = cpu_seconds();
	for (i = 0; i < count; i++)
		ref_format_double(v[i], b, sizeof b);
	t_ref = cpu_seconds() - t0;
	printf("doubles %llu (seed %llu), differences %llu\n", count, seed, diff);
	printf("pcfi_format_double %.0f ns each, reference (every precision) %.0f ns each (CPU)\n",
	       t_fast / (double)count * 1e9, t_ref / (double)count * 1e9);
	free(v);
	return diff ? 1 : 0;
}
