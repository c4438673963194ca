/*
 * lca-bench.c - timings for docs/performance.md (B5): a library footprint, Monte Carlo per draw
 * (pcf_mc_run, 1 and 2 threads) and, on the same matrix, KLU's bare numeric refactor + solve (the
 * floor); writes the matrix as MatrixMarket for bench/lca/scipy-mc.py.
 *
 * usage: lca-bench LIBRARY PROCESS DRAWS MATRIX.mtx
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <suitesparse/klu.h>

#include <pcf/lca.h>
#include <pcf/library.h>
#include <pcf/montecarlo.h>

#include "lca/lca_impl.h"

static double now(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	pcf_library *lib;
	pcf_lca_result *r;
	pcf_error e;
	pcfi_lca_system s;
	pcf_lca_options o;
	pcf_mc_draws d;
	double t, c, *Ax, *b;
	size_t draws, i, k;
	klu_common common;
	klu_symbolic *sym;
	klu_numeric *num;
	FILE *f;
	unsigned th;

	if (argc != 5)
		return 2;
	draws = (size_t)atol(argv[3]);
	memset(&o, 0, sizeof o);
	t = now(CLOCK_MONOTONIC), c = now(CLOCK_PROCESS_CPUTIME_ID);
	if (pcf_library_open(argv[1], &lib, &e) || pcf_lca_compute(lib, argv[2], &o, &r, &e)) {
		fprintf(stderr, "%s\n", e.message);
		return 1;
	}
	printf("footprint (open + compute): %.1f ms wall, %.1f ms cpu; %zu processes, total %.6g\n",
	       1e3 * (now(CLOCK_MONOTONIC) - t), 1e3 * (now(CLOCK_PROCESS_CPUTIME_ID) - c),
	       pcf_lca_result_process_count(r), pcf_lca_result_footprint(r)->total);
	pcf_lca_result_free(r);
	if (pcfi_lca_prepare(lib, argv[2], &o, &s, &e))
		return 1;
	Ax = malloc(s.nnz * sizeof *Ax);
	b = malloc(s.m * sizeof *b);
	for (i = 0; i < s.m; i++) {
		double dg = 0;
		for (k = (size_t)s.Ap[i]; k < (size_t)s.Ap[i + 1]; k++)
			if ((size_t)s.Ai[k] == i)
				dg = s.Ax[k];
		for (k = (size_t)s.Ap[i]; k < (size_t)s.Ap[i + 1]; k++)
			Ax[k] = s.Ax[k] / dg;
	}
	klu_defaults(&common);
	sym = klu_analyze((int)s.m, s.Ap, s.Ai, &common);
	num = klu_factor(s.Ap, s.Ai, Ax, sym, &common);
	c = now(CLOCK_PROCESS_CPUTIME_ID);
	for (i = 0; i < draws; i++) {
		klu_refactor(s.Ap, s.Ai, Ax, sym, num, &common);
		memset(b, 0, s.m * sizeof *b);
		b[0] = 1;
		klu_solve(sym, num, (int)s.m, 1, b, &common);
	}
	printf("KLU floor (refactor + solve): %.2f ms cpu per draw (n %zu, nnz %zu, nnz(L+U) %.0f)\n",
	       1e3 * (now(CLOCK_PROCESS_CPUTIME_ID) - c) / (double)draws, s.m, s.nnz, (double)(num->lnz + num->unz));
	for (th = 1; th <= 2; th++) {
		t = now(CLOCK_MONOTONIC), c = now(CLOCK_PROCESS_CPUTIME_ID);
		if (pcf_mc_run(lib, argv[2], &o, 1, draws, 0, draws, th, &d, &e)) {
			fprintf(stderr, "%s\n", e.message);
			return 1;
		}
		printf("pcf_mc_run -j %u: %.2f ms wall, %.2f ms cpu per draw (%zu draws, %zu uncertain values, setup "
		       "included)\n",
		       th, 1e3 * (now(CLOCK_MONOTONIC) - t) / (double)draws,
		       1e3 * (now(CLOCK_PROCESS_CPUTIME_ID) - c) / (double)draws, draws, d.uncertain);
		pcf_mc_draws_free(&d);
	}
	f = fopen(argv[4], "w");
	fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%zu %zu %zu\n", s.m, s.m, s.nnz);
	for (i = 0; i < s.m; i++)
		for (k = (size_t)s.Ap[i]; k < (size_t)s.Ap[i + 1]; k++)
			fprintf(f, "%d %zu %.17g\n", s.Ai[k] + 1, i + 1, Ax[k]);
	fclose(f);
	klu_free_numeric(&num, &common);
	klu_free_symbolic(&sym, &common);
	free(Ax), free(b);
	pcfi_lca_system_free(&s);
	pcf_library_close(lib);
	return 0;
}
