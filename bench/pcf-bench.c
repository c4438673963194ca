/*
 * pcf-bench.c - timing helper for bench/run (built only by `make bench`, never installed).
 *
 *   pcf-bench solve INVENTORY [MATRIX.mtx]
 *       parse the inventory (default factor library), assemble its technology matrix and time
 *       pcfi_build_matrix and pcfi_solve_matrix (KLU: analyse, factor, solve) for the reference
 *       product; prints n, nnz, the largest strongly connected block and the LU fill; with MATRIX
 *       writes A in Matrix Market format and the right-hand side and solution beside it
 *       (MATRIX.rhs, MATRIX.x) so that another solver can be timed on the same system.
 *   pcf-bench parse FILE SECONDS
 *       parse FILE from memory with pcf_inventory_parse and with libyaml's raw event scan
 *       (yaml_parser_parse, every event deleted at once) alternately for about SECONDS each and
 *       print MB/s of both and the ratio.
 *
 * Times are CPU seconds of this process. Output lines are "key value" so that bench/run can read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <suitesparse/klu.h>
#include <yaml.h>

#include <pcf/pcf.h>

#include "base/fsutil.h"
#include "inventory/solve_impl.h"

/* CPU time of this process: the machine the benchmarks run on is shared, and both contestants of a
 * comparison (KLU here and SciPy in bench/solve_scipy.py; pcf and libyaml here) are timed alike. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int die(const char *what, const pcf_error *err)
{
	fprintf(stderr, "pcf-bench: %s: %s\n", what, err ? err->message : "failed");
	return 1;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

static pcf_factor_lib *default_factors(void)
{
	pcf_factor_lib *lib = NULL;
	pcf_error err = {0};
	if (pcf_factor_lib_new(&lib, &err) != PCF_OK || pcf_factor_lib_load_default(lib, NULL, &err) != PCF_OK) {
		die("default factor library", &err);
		exit(1);
	}
	return lib;
}

static int write_mtx(const char *path, const pcfi_matrix *m, const double *b, const double *x)
{
	char side[4096];
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%zu %zu %zu\n", m->n, m->n, m->nnz);
	for (size_t j = 0; j < m->n; j++)
		for (int p = m->Ap[j]; p < m->Ap[j + 1]; p++)
			fprintf(f, "%d %zu %.17g\n", m->Ai[p] + 1, j + 1, m->Ax[p]);
	if (fclose(f))
		return -1;
	for (int k = 0; k < 2; k++) {
		snprintf(side, sizeof side, "%s.%s", path, k ? "x" : "rhs");
		if (!(f = fopen(side, "w")))
			return -1;
		for (size_t i = 0; i < m->n; i++)
			fprintf(f, "%.17g\n", k ? x[i] : b[i]);
		if (fclose(f))
			return -1;
	}
	return 0;
}

static int cmd_solve(const char *path, const char *mtx)
{
	pcf_error err = {0};
	pcf_factor_lib *lib = default_factors();
	pcf_inventory *inv = NULL;
	double t0 = now();
	if (pcf_inventory_load(path, lib, NULL, &inv, NULL, &err) != PCF_OK)
		return die(path, &err);
	double t1 = now();
	pcfi_matrix m = {0};
	if (pcfi_build_matrix(inv, &m, &err) != PCF_OK)
		return die("build", &err);
	double t2 = now();
	size_t n = m.n;
	double *b = calloc(n, sizeof *b), *x = calloc(n, sizeof *x);
	if (!b || !x)
		return die("memory", NULL);
	b[pcf_inventory_product(inv)->reference_process] = 1.0;
	/* Best of 3 of the full solve (analyse + factor + solve), as pcf compute runs it. */
	double best = 1e30;
	for (int r = 0; r < 3; r++) {
		memcpy(x, b, n * sizeof *x);
		double s = now();
		if (pcfi_solve_matrix(inv, &m, x, &err) != PCF_OK)
			return die("solve", &err);
		double e = now() - s;
		if (e < best)
			best = e;
	}
	/* The structure KLU sees: blocks of the BTF (strongly connected components) and the fill. */
	klu_common c;
	klu_defaults(&c);
	klu_symbolic *sym = klu_analyze((int)n, m.Ap, m.Ai, &c);
	klu_numeric *num = sym ? klu_factor(m.Ap, m.Ai, m.Ax, sym, &c) : NULL;
	if (!num)
		return die("klu", NULL);
	int maxblock = 0;
	for (int k = 0; k < sym->nblocks; k++)
		if (sym->R[k + 1] - sym->R[k] > maxblock)
			maxblock = sym->R[k + 1] - sym->R[k];
	printf("n %zu\nnnz %zu\nblocks %d\nlargest_scc %d\nlu_nnz %.0f\nfill %.3f\n", n, m.nnz, sym->nblocks,
	       maxblock, (double)num->lnz + num->unz + sym->nzoff + n, ((double)num->lnz + num->unz + sym->nzoff + n) / m.nnz);
	printf("parse_s %.6f\nbuild_s %.6f\nsolve_s %.6f\n", t1 - t0, t2 - t1, best);
	klu_free_numeric(&num, &c);
	klu_free_symbolic(&sym, &c);
	if (mtx && write_mtx(mtx, &m, b, x) != 0) {
		perror(mtx);
		return 1;
	}
	pcfi_matrix_free(&m);
	free(b);
	free(x);
	pcf_inventory_free(inv);
	pcf_factor_lib_free(lib);
	return 0;
}

static int yaml_scan(const char *bytes, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, events = 0;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)bytes, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_parser_delete(&p);
			return -1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return events;
}

static int cmd_parse(const char *path, double seconds)
{
	size_t len = 0;
	char *bytes = slurp(path, &len);
	if (!bytes) {
		perror(path);
		return 1;
	}
	pcf_factor_lib *lib = default_factors();
	double tp = 0, ty = 0;
	int np = 0, ny = 0;
	/* Alternate the two so that both see the same machine load. */
	while (tp < seconds || ty < seconds || np < 3 || ny < 3) {
		pcf_error err = {0};
		pcf_inventory *inv = NULL;
		double s = now();
		if (pcf_inventory_parse(path, bytes, len, lib, NULL, &inv, NULL, &err) != PCF_OK)
			return die(path, &err);
		pcf_inventory_free(inv);
		tp += now() - s;
		np++;
		s = now();
		if (yaml_scan(bytes, len) < 0)
			return die("libyaml scan", NULL);
		ty += now() - s;
		ny++;
	}
	double mp = len * np / tp / 1e6, my = len * ny / ty / 1e6;
	printf("bytes %zu\npcf_runs %d\npcf_mb_s %.2f\nyaml_runs %d\nyaml_mb_s %.2f\nratio %.3f\n", len, np, mp, ny, my,
	       mp / my);
	free(bytes);
	pcf_factor_lib_free(lib);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "solve"))
		return cmd_solve(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 4 && !strcmp(argv[1], "parse"))
		return cmd_parse(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: pcf-bench solve INVENTORY [MATRIX.mtx] | pcf-bench parse FILE SECONDS\n");
	return 2;
}
