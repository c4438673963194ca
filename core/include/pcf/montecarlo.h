/*
 * pcf/montecarlo.h - Monte Carlo over the uncertain exchanges of a library process's system.
 *
 * Draw i (0-based) takes one value of every uncertain exchange the system reaches (the exchange's
 * distribution as imported: lognormal with the sign of its geometric mean kept, normal, triangular,
 * uniform; pedigree already converted to lognormal), assembles the matrix and the direct impacts,
 * refactors KLU numerically on the symbolic analysis of the first factorisation, solves, and keeps
 * the five figures (total, fossil, biogenic emissions, biogenic removals, dLUC). The random numbers
 * of draw i come from a counter-based generator keyed by (seed, i, value index): a draw's values do
 * not depend on which thread computes it nor on which other draws are computed, so that any number
 * of threads, and any slice A:B of the draws, give the same bytes as one run.
 *
 * Draws travel as CSV (docs/monte-carlo.md): one header line with the run's identity, one line per
 * draw "index,total,fossil,biogenic-emissions,biogenic-removals,dluc" with shortest round-trip
 * numbers. Slices are merged by pcf_mc_merge into exactly the bytes of one run.
 *
 * Ownership: every char ** output is a new string the caller frees; pcf_mc_draws are the caller's
 * (pcf_mc_draws_free).
 */
#ifndef PCF_MONTECARLO_H
#define PCF_MONTECARLO_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>
#include <pcf/lca.h>
#include <pcf/library.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCF_MC_FIGURES 5 /* total, fossil, biogenic-emissions, biogenic-removals, dluc */

typedef struct pcf_mc_draws {
	char library[65];        /* SHA-256 hex of the library */
	char process[128];       /* process @id */
	uint64_t seed;
	size_t total;            /* draws in the whole run (N) */
	size_t first, count;     /* this part: draws first .. first+count-1 */
	size_t uncertain;        /* uncertain values per draw */
	double *v;               /* count x PCF_MC_FIGURES */
} pcf_mc_draws;

/*
 * Draws first..last-1 of an N-draw run (first = 0, last = N for the whole run) with threads
 * threads (>= 1). Errors as pcf_lca_compute, PCF_E_ARG for a bad range, PCF_E_SOLVE when a draw
 * makes the system singular (the draw is named).
 */
pcf_status pcf_mc_run(const pcf_library *lib, const char *process, const pcf_lca_options *opt, uint64_t seed,
                      size_t n, size_t first, size_t last, unsigned threads, pcf_mc_draws *out, pcf_error *err);

/* The draws as CSV. */
pcf_status pcf_mc_csv(const pcf_mc_draws *d, char **out, size_t *len, pcf_error *err);
/* Parse CSV of pcf_mc_csv (name for messages). */
pcf_status pcf_mc_parse(const char *text, size_t len, const char *name, pcf_mc_draws *out, pcf_error *err);
/*
 * Merge slices of one run (same library, process, seed, N; ranges that tile 0..N exactly, in any
 * order) into the whole run. Errors: PCF_E_INVALID naming the slice that does not fit.
 */
pcf_status pcf_mc_merge(const pcf_mc_draws *parts, size_t n, pcf_mc_draws *out, pcf_error *err);
/* Summary of a whole run (mean, sd, 2.5/50/97.5 percentiles of each figure), text or JSON. */
pcf_status pcf_mc_summary(const pcf_mc_draws *d, int json, char **out, size_t *len, pcf_error *err);

void pcf_mc_draws_free(pcf_mc_draws *d);

/* The counter-based generator: the k-th uniform in (0, 1) of value u in draw i under seed. */
double pcf_mc_uniform(uint64_t seed, uint64_t draw, uint64_t value, uint64_t k);

#ifdef __cplusplus
}
#endif
#endif
