/*
 * montecarlo.c - Monte Carlo over a library process's system (see pcf/montecarlo.h): sampling,
 * KLU numeric refactorisation on one symbolic analysis, threads, the draws' CSV, slices and merge,
 * the summary.
 *
 * The generator is hand-written on purpose: a counter-based hash (the splitmix64 finaliser, Steele,
 * Lea and Flood 2014, applied to seed, draw index, value index and sub-draw) gives the k-th uniform
 * of any (draw, value) directly, without a sequential state, so draws can be computed in any order,
 * on any thread or machine, and still be the same bits; it has no dependency and no platform or
 * library-version variation (a C library's rand, or GSL's generators, would not promise that).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <suitesparse/klu.h>

#include <pcf/montecarlo.h>

#include "base/buf.h"
#include "base/error_impl.h"
#include "base/jsonw.h"
#include "lca/lca_impl.h"

#define MIN_RCOND 1e-14

static const char *const fig_name[PCF_MC_FIGURES] = { "total", "fossil", "biogenic-emissions", "biogenic-removals",
	                                                   "dluc" };

static uint64_t mix(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

double pcf_mc_uniform(uint64_t seed, uint64_t draw, uint64_t value, uint64_t k)
{
	uint64_t h = mix(seed);
	h = mix(h ^ draw);
	h = mix(h ^ (value * 0xD1B54A32D192ED03ull));
	h = mix(h ^ (k * 0x8CB92BA72F3D8DD7ull));
	return ((double)(h >> 11) + 0.5) * (1.0 / 9007199254740992.0); /* in (0, 1) */
}

typedef struct uval {
	uint32_t entry;      /* index into sys.en */
	pcf_lib_dist dist;
	double p1, p2, p3;
} uval;

static double sample(const uval *u, uint64_t seed, uint64_t draw, uint64_t vi)
{
	double a = pcf_mc_uniform(seed, draw, vi, 0), z;
	switch (u->dist) {
	case PCF_DIST_LOGNORMAL:
	case PCF_DIST_NORMAL:
		z = sqrt(-2 * log(a)) * cos(2 * M_PI * pcf_mc_uniform(seed, draw, vi, 1));
		if (u->dist == PCF_DIST_NORMAL)
			return u->p1 + u->p2 * z;
		if (u->p1 == 0)
			return 0;
		/* olca: the geometric mean's sign is kept, the spread applies to its magnitude */
		return (u->p1 < 0 ? -1 : 1) * exp(log(fabs(u->p1)) + log(u->p2) * z);
	case PCF_DIST_TRIANGLE: {
		double lo = u->p1, mo = u->p2, hi = u->p3, w = hi - lo;
		if (!(w > 0))
			return mo;
		if (a < (mo - lo) / w)
			return lo + sqrt(a * w * (mo - lo));
		return hi - sqrt((1 - a) * w * (hi - mo));
	}
	case PCF_DIST_UNIFORM:
		return u->p1 + (u->p2 - u->p1) * a;
	default:
		return u->p1;
	}
}

typedef struct shared {
	pcfi_lca_system *sys;
	uval *u;
	size_t nu;
	double *Ax0, *d0;     /* the certain entries only */
	int *diagpos, *colof;
	klu_symbolic *sym;
	double *Axbase;       /* scaled base matrix for the first factorisation */
	uint64_t seed;
	size_t first, last;
	unsigned threads;
	double *v;
	pthread_mutex_t lock;
	pcf_status st;
	pcf_error err;
	size_t bad_draw;
} shared;

typedef struct worker {
	shared *sh;
	unsigned id;
} worker;

static void fail(shared *sh, pcf_status st, size_t draw, const char *msg)
{
	pthread_mutex_lock(&sh->lock);
	if (!sh->st || draw < sh->bad_draw) {
		sh->st = pcfi_error(&sh->err, st, "Monte Carlo draw %zu: %s", draw, msg);
		sh->bad_draw = draw;
	}
	pthread_mutex_unlock(&sh->lock);
}

static void *work(void *arg)
{
	worker *w = arg;
	shared *sh = w->sh;
	pcfi_lca_system *s = sh->sys;
	size_t m = s->m, nnz = s->nnz, i, k, block = 64;
	double *Ax = malloc((nnz ? nnz : 1) * sizeof *Ax), *d = malloc(m * 4 * sizeof *d), *b = malloc(m * sizeof *b);
	double *dg = malloc(m * sizeof *dg);
	klu_common common;
	klu_numeric *num = NULL;

	klu_defaults(&common);
	common.halt_if_singular = 1;
	if (!Ax || !d || !b || !dg) {
		fail(sh, PCF_E_NOMEM, sh->first, "out of memory");
		goto out;
	}
	num = klu_factor(s->Ap, s->Ai, sh->Axbase, sh->sym, &common);
	if (!num) {
		fail(sh, PCF_E_SOLVE, sh->first, "the system's mean values are singular");
		goto out;
	}
	/* blocks of draws, interleaved over threads: which thread computes a draw does not matter */
	for (i = sh->first + (size_t)w->id * block; i < sh->last; i += (size_t)sh->threads * block) {
		size_t j, end = i + block < sh->last ? i + block : sh->last;
		for (j = i; j < end; j++) {
			double fig[4] = { 0, 0, 0, 0 };
			size_t c;
			if (sh->st)
				goto out;
			memcpy(Ax, sh->Ax0, nnz * sizeof *Ax);
			memcpy(d, sh->d0, m * 4 * sizeof *d);
			for (k = 0; k < sh->nu; k++) {
				const pcfi_entry *e = &s->en[sh->u[k].entry];
				double x = sample(&sh->u[k], sh->seed, j, k);
				if (e->kind == PCFI_EN_LINK)
					Ax[e->pos] += e->coef * x;
				else
					d[(size_t)e->col * 4 + e->pos] += e->coef * x;
			}
			for (c = 0; c < m; c++) {
				dg[c] = Ax[sh->diagpos[c]];
				if (!(fabs(dg[c]) > 0) || !isfinite(dg[c])) {
					fail(sh, PCF_E_SOLVE, j, "a process has no net output in this draw");
					goto out;
				}
			}
			for (k = 0; k < nnz; k++)
				Ax[k] /= dg[sh->colof[k]];
			if (!klu_refactor(s->Ap, s->Ai, Ax, sh->sym, num, &common) || !klu_rcond(sh->sym, num, &common) ||
			    !(common.rcond >= MIN_RCOND)) {
				fail(sh, PCF_E_SOLVE, j, "the system is singular in this draw");
				goto out;
			}
			memset(b, 0, m * sizeof *b);
			b[0] = s->demand;
			if (!klu_solve(sh->sym, num, (int)m, 1, b, &common)) {
				fail(sh, PCF_E_SOLVE, j, "KLU could not solve");
				goto out;
			}
			for (c = 0; c < m; c++) {
				double sc = b[c] / dg[c];
				fig[0] += sc * d[c * 4];
				fig[1] += sc * d[c * 4 + 1];
				fig[2] += sc * d[c * 4 + 2];
				fig[3] += sc * d[c * 4 + 3];
			}
			{
				double *v = &sh->v[(j - sh->first) * PCF_MC_FIGURES];
				v[0] = fig[0] + fig[1] + fig[2] + fig[3];
				for (c = 0; c < 4; c++)
					v[c + 1] = fig[c];
				for (c = 0; c < PCF_MC_FIGURES; c++) {
					if (!isfinite(v[c])) {
						fail(sh, PCF_E_SOLVE, j, "the result is not a finite number");
						goto out;
					}
					if (v[c] == 0)
						v[c] = 0;
				}
			}
		}
	}
out:
	if (num)
		klu_free_numeric(&num, &common);
	free(Ax), free(d), free(b), free(dg);
	return NULL;
}

pcf_status pcf_mc_run(const pcf_library *lib, const char *process, const pcf_lca_options *opt, uint64_t seed,
                      size_t n, size_t first, size_t last, unsigned threads, pcf_mc_draws *out, pcf_error *err)
{
	pcfi_lca_system s;
	shared sh;
	pcf_status st;
	size_t i, k;
	klu_common common;
	pthread_t *tid = NULL;
	worker *ws = NULL;
	unsigned t, started = 0;
	pcf_lib_process tp;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_mc_run needs an output");
	memset(out, 0, sizeof *out);
	if (!lib || !process || n == 0 || first >= last || last > n || threads == 0 || threads > 1024)
		return pcfi_error(err, PCF_E_ARG, "Monte Carlo needs N >= 1 draws, a range A:B with 0 <= A < B <= N, and "
		                  "1 to 1024 threads");
	if ((st = pcfi_lca_prepare(lib, process, opt, &s, err)))
		return st;
	memset(&sh, 0, sizeof sh);
	sh.sys = &s;
	sh.seed = seed;
	sh.first = first;
	sh.last = last;
	sh.threads = threads;
	sh.bad_draw = (size_t)-1;
	pthread_mutex_init(&sh.lock, NULL);
	sh.u = malloc((s.nen ? s.nen : 1) * sizeof *sh.u);
	sh.Ax0 = calloc(s.nnz ? s.nnz : 1, sizeof *sh.Ax0);
	sh.d0 = calloc(s.m * 4, sizeof *sh.d0);
	sh.diagpos = malloc(s.m * sizeof *sh.diagpos);
	sh.colof = malloc((s.nnz ? s.nnz : 1) * sizeof *sh.colof);
	sh.Axbase = malloc((s.nnz ? s.nnz : 1) * sizeof *sh.Axbase);
	out->v = malloc((last - first) * PCF_MC_FIGURES * sizeof *out->v);
	tid = calloc(threads, sizeof *tid);
	ws = calloc(threads, sizeof *ws);
	if (!sh.u || !sh.Ax0 || !sh.d0 || !sh.diagpos || !sh.colof || !sh.Axbase || !out->v || !tid || !ws) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory for Monte Carlo");
		goto done;
	}
	sh.v = out->v;
	/* the uncertain values (in entry order) and the certain part of the matrix and impacts */
	for (i = 0; i < s.nen; i++) {
		const pcfi_entry *e = &s.en[i];
		pcf_lib_exchange x;
		if (e->kind != PCFI_EN_LINK && e->kind != PCFI_EN_IMPACT)
			continue;
		pcf_library_exchange(lib, e->exchange, &x);
		if (x.dist != PCF_DIST_NONE) {
			uval *u = &sh.u[sh.nu++];
			u->entry = (uint32_t)i, u->dist = x.dist, u->p1 = x.p1, u->p2 = x.p2, u->p3 = x.p3;
		} else if (e->kind == PCFI_EN_LINK) {
			sh.Ax0[e->pos] += e->coef * e->amount;
		} else {
			sh.d0[(size_t)e->col * 4 + e->pos] += e->coef * e->amount;
		}
	}
	for (i = 0; i < s.m; i++) {
		sh.diagpos[i] = -1;
		for (k = (size_t)s.Ap[i]; k < (size_t)s.Ap[i + 1]; k++) {
			sh.colof[k] = (int)i;
			if ((size_t)s.Ai[k] == i)
				sh.diagpos[i] = (int)k;
		}
		if (sh.diagpos[i] < 0 || !(fabs(s.Ax[sh.diagpos[i]]) > 0)) {
			pcf_library_process(lib, s.proc[i], &tp);
			st = pcfi_error(err, PCF_E_SOLVE, "process '%s' (%s) has no net output", tp.id, tp.name);
			goto done;
		}
	}
	for (k = 0; k < s.nnz; k++)
		sh.Axbase[k] = s.Ax[k] / s.Ax[sh.diagpos[sh.colof[k]]];
	klu_defaults(&common);
	sh.sym = klu_analyze((int)s.m, s.Ap, s.Ai, &common);
	if (!sh.sym) {
		st = pcfi_error(err, PCF_E_SOLVE, "KLU could not analyse the system (status %d)", common.status);
		goto done;
	}
	for (t = 0; t < threads; t++) {
		ws[t].sh = &sh;
		ws[t].id = t;
		if (threads == 1) {
			work(&ws[t]);
			continue;
		}
		if (pthread_create(&tid[t], NULL, work, &ws[t])) {
			fail(&sh, PCF_E_NOMEM, first, "cannot start a thread");
			break;
		}
		started++;
	}
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	st = sh.st;
	if (st && err)
		*err = sh.err;
	if (!st) {
		pcf_library_process(lib, s.proc[0], &tp);
		snprintf(out->library, sizeof out->library, "%s", pcf_library_digest_hex(lib));
		snprintf(out->process, sizeof out->process, "%s", tp.id);
		out->seed = seed;
		out->total = n;
		out->first = first;
		out->count = last - first;
		out->uncertain = sh.nu;
	}
done:
	if (sh.sym)
		klu_free_symbolic(&sh.sym, &common);
	pthread_mutex_destroy(&sh.lock);
	free(sh.u), free(sh.Ax0), free(sh.d0), free(sh.diagpos), free(sh.colof), free(sh.Axbase);
	free(tid), free(ws);
	pcfi_lca_system_free(&s);
	if (st) {
		free(out->v);
		memset(out, 0, sizeof *out);
	}
	return st;
}

void pcf_mc_draws_free(pcf_mc_draws *d)
{
	if (!d)
		return;
	free(d->v);
	memset(d, 0, sizeof *d);
}

#define CSV_COLUMNS "draw,total,fossil,biogenic-emissions,biogenic-removals,dluc\n"

pcf_status pcf_mc_csv(const pcf_mc_draws *d, char **out, size_t *len, pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;
	size_t i, c;
	char num[40];

	if (!d || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_mc_csv needs draws and an output");
	pcfi_buf_printf(&b, "# pcf-mc 1 library=%s process=%s seed=%" PRIu64 " draws=%zu range=%zu:%zu uncertain=%zu\n",
	                d->library, d->process, d->seed, d->total, d->first, d->first + d->count, d->uncertain);
	pcfi_buf_puts(&b, CSV_COLUMNS);
	for (i = 0; i < d->count; i++) {
		pcfi_buf_printf(&b, "%zu", d->first + i);
		for (c = 0; c < PCF_MC_FIGURES; c++) {
			pcfi_format_double(d->v[i * PCF_MC_FIGURES + c], num, sizeof num);
			pcfi_buf_printf(&b, ",%s", num);
		}
		pcfi_buf_putc(&b, '\n');
	}
	if (b.oom) {
		pcfi_buf_free(&b);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory writing the draws");
	}
	*out = pcfi_buf_steal(&b, len);
	return PCF_OK;
}

pcf_status pcf_mc_parse(const char *text, size_t len, const char *name, pcf_mc_draws *out, pcf_error *err)
{
	const char *p = text, *end = text + len, *nl;
	size_t a, bnd, line = 3, i;
	char lib[65], proc[128];
	int used = 0;

	memset(out, 0, sizeof *out);
	nl = memchr(p, '\n', len);
	if (!nl || sscanf(p, "# pcf-mc 1 library=%64[0-9a-f] process=%127s seed=%" SCNu64 " draws=%zu range=%zu:%zu "
	                     "uncertain=%zu%n",
	                  lib, proc, &out->seed, &out->total, &a, &bnd, &out->uncertain, &used) != 7 ||
	    p + used != nl)
		return pcfi_error_at(err, PCF_E_INVALID, name, 1, 1, NULL,
		                     "expected the header of 'pcf compute --draws' (# pcf-mc 1 library=... process=... seed=... "
		                     "draws=N range=A:B uncertain=U)");
	if (a >= bnd || bnd > out->total)
		return pcfi_error_at(err, PCF_E_INVALID, name, 1, 1, NULL, "range %zu:%zu does not fit %zu draws", a, bnd,
		                     out->total);
	snprintf(out->library, sizeof out->library, "%s", lib);
	snprintf(out->process, sizeof out->process, "%s", proc);
	out->first = a;
	out->count = bnd - a;
	p = nl + 1;
	if ((size_t)(end - p) < strlen(CSV_COLUMNS) || memcmp(p, CSV_COLUMNS, strlen(CSV_COLUMNS)))
		return pcfi_error_at(err, PCF_E_INVALID, name, 2, 1, NULL, "expected the column line %.*s",
		                     (int)strlen(CSV_COLUMNS) - 1, CSV_COLUMNS);
	p += strlen(CSV_COLUMNS);
	out->v = malloc(out->count * PCF_MC_FIGURES * sizeof *out->v);
	if (!out->v)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory reading '%s'", name);
	for (i = 0; i < out->count; i++, line++) {
		char row[512], *q, *e;
		size_t c, idx;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl || (size_t)(nl - p) >= sizeof row) {
			pcf_mc_draws_free(out);
			return pcfi_error_at(err, PCF_E_INVALID, name, line, 1, NULL, "expected draw %zu of %zu:%zu", a + i, a, bnd);
		}
		memcpy(row, p, (size_t)(nl - p));
		row[nl - p] = '\0';
		idx = strtoul(row, &q, 10);
		if (q == row || idx != a + i) {
			pcf_mc_draws_free(out);
			return pcfi_error_at(err, PCF_E_INVALID, name, line, 1, NULL, "expected draw %zu, found '%.40s'", a + i, row);
		}
		for (c = 0; c < PCF_MC_FIGURES; c++) {
			if (*q != ',') {
				pcf_mc_draws_free(out);
				return pcfi_error_at(err, PCF_E_INVALID, name, line, (unsigned long)(q - row + 1), NULL,
				                     "expected %d numbers after the draw index", PCF_MC_FIGURES);
			}
			out->v[i * PCF_MC_FIGURES + c] = strtod(q + 1, &e);
			if (e == q + 1 || !isfinite(out->v[i * PCF_MC_FIGURES + c])) {
				pcf_mc_draws_free(out);
				return pcfi_error_at(err, PCF_E_INVALID, name, line, (unsigned long)(q - row + 2), NULL,
				                     "expected a finite number");
			}
			q = e;
		}
		if (*q) {
			pcf_mc_draws_free(out);
			return pcfi_error_at(err, PCF_E_INVALID, name, line, (unsigned long)(q - row + 1), NULL,
			                     "unexpected text after the numbers");
		}
		p = nl + 1;
	}
	if (p != end) {
		pcf_mc_draws_free(out);
		return pcfi_error_at(err, PCF_E_INVALID, name, line, 1, NULL, "more lines than range %zu:%zu holds", a, bnd);
	}
	return PCF_OK;
}

pcf_status pcf_mc_merge(const pcf_mc_draws *parts, size_t n, pcf_mc_draws *out, pcf_error *err)
{
	size_t i, k, total;
	unsigned char *have;

	memset(out, 0, sizeof *out);
	if (!parts || n == 0)
		return pcfi_error(err, PCF_E_ARG, "no slices to merge");
	total = parts[0].total;
	for (i = 1; i < n; i++)
		if (strcmp(parts[i].library, parts[0].library) || strcmp(parts[i].process, parts[0].process) ||
		    parts[i].seed != parts[0].seed || parts[i].total != total || parts[i].uncertain != parts[0].uncertain)
			return pcfi_error(err, PCF_E_INVALID,
			                  "slice %zu is from another run (library, process, seed, N or uncertain values differ from "
			                  "slice 1's)",
			                  i + 1);
	have = calloc(total, 1);
	out->v = malloc(total * PCF_MC_FIGURES * sizeof *out->v);
	if (!have || !out->v) {
		free(have);
		free(out->v);
		out->v = NULL;
		return pcfi_error(err, PCF_E_NOMEM, "out of memory merging");
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < parts[i].count; k++) {
			size_t j = parts[i].first + k;
			if (have[j]) {
				free(have);
				pcf_mc_draws_free(out);
				return pcfi_error(err, PCF_E_INVALID, "slice %zu repeats draw %zu", i + 1, j);
			}
			have[j] = 1;
		}
		memcpy(&out->v[parts[i].first * PCF_MC_FIGURES], parts[i].v,
		       parts[i].count * PCF_MC_FIGURES * sizeof *out->v);
	}
	for (k = 0; k < total; k++)
		if (!have[k]) {
			free(have);
			pcf_mc_draws_free(out);
			return pcfi_error(err, PCF_E_INVALID, "the slices miss draw %zu of 0:%zu", k, total);
		}
	free(have);
	memcpy(out->library, parts[0].library, sizeof out->library);
	memcpy(out->process, parts[0].process, sizeof out->process);
	out->seed = parts[0].seed;
	out->total = total;
	out->first = 0;
	out->count = total;
	out->uncertain = parts[0].uncertain;
	return PCF_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Percentile p of sorted x[0..n-1]: linear between order statistics at (n-1)p (Hyndman-Fan type 7). */
static double pct(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p, lo = floor(h);
	size_t i = (size_t)lo;
	if (i + 1 >= n)
		return x[n - 1];
	return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

pcf_status pcf_mc_summary(const pcf_mc_draws *d, int json, char **out, size_t *len, pcf_error *err)
{
	double *x, st[PCF_MC_FIGURES][5];
	size_t i, c, n;
	pcfi_buf b = PCFI_BUF_INIT;
	pcfi_jsonw w;

	if (!d || !out || !d->count)
		return pcfi_error(err, PCF_E_ARG, "pcf_mc_summary needs draws and an output");
	n = d->count;
	x = malloc(n * sizeof *x);
	if (!x)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory summarising");
	for (c = 0; c < PCF_MC_FIGURES; c++) {
		double sum = 0, ss = 0, mean;
		for (i = 0; i < n; i++)
			sum += x[i] = d->v[i * PCF_MC_FIGURES + c];
		mean = sum / (double)n;
		for (i = 0; i < n; i++)
			ss += (x[i] - mean) * (x[i] - mean);
		qsort(x, n, sizeof *x, cmp_double);
		st[c][0] = mean;
		st[c][1] = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
		st[c][2] = pct(x, n, 0.025);
		st[c][3] = pct(x, n, 0.5);
		st[c][4] = pct(x, n, 0.975);
	}
	free(x);
	if (json) {
		pcfi_jsonw_init(&w);
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "library"), pcfi_jsonw_string(&w, d->library);
		pcfi_jsonw_key(&w, "process"), pcfi_jsonw_string(&w, d->process);
		pcfi_jsonw_key(&w, "seed"), pcfi_jsonw_uint(&w, d->seed);
		pcfi_jsonw_key(&w, "draws"), pcfi_jsonw_uint(&w, d->count);
		pcfi_jsonw_key(&w, "uncertain-values"), pcfi_jsonw_uint(&w, d->uncertain);
		pcfi_jsonw_key(&w, "unit"), pcfi_jsonw_string(&w, "kg CO2e");
		for (c = 0; c < PCF_MC_FIGURES; c++) {
			pcfi_jsonw_key(&w, fig_name[c]);
			pcfi_jsonw_begin_object(&w);
			pcfi_jsonw_key(&w, "mean"), pcfi_jsonw_number(&w, st[c][0] + 0.0);
			pcfi_jsonw_key(&w, "sd"), pcfi_jsonw_number(&w, st[c][1] + 0.0);
			pcfi_jsonw_key(&w, "p2.5"), pcfi_jsonw_number(&w, st[c][2] + 0.0);
			pcfi_jsonw_key(&w, "p50"), pcfi_jsonw_number(&w, st[c][3] + 0.0);
			pcfi_jsonw_key(&w, "p97.5"), pcfi_jsonw_number(&w, st[c][4] + 0.0);
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_object(&w);
		if (pcfi_jsonw_finish(&w, out, len))
			return pcfi_error(err, PCF_E_NOMEM, "cannot write the summary");
		return PCF_OK;
	}
	pcfi_buf_printf(&b, "Monte Carlo: %zu draws, seed %" PRIu64 ", %zu uncertain values\nprocess %s\nlibrary %s\n\n",
	                d->count, d->seed, d->uncertain, d->process, d->library);
	pcfi_buf_printf(&b, "  %-19s %13s %13s %13s %13s %13s\n", "kg CO2e", "mean", "sd", "2.5%", "50%", "97.5%");
	for (c = 0; c < PCF_MC_FIGURES; c++)
		pcfi_buf_printf(&b, "  %-19s %13.6g %13.6g %13.6g %13.6g %13.6g\n", fig_name[c], st[c][0] + 0.0, st[c][1] + 0.0,
		                st[c][2] + 0.0, st[c][3] + 0.0, st[c][4] + 0.0);
	if (b.oom) {
		pcfi_buf_free(&b);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory summarising");
	}
	*out = pcfi_buf_steal(&b, len);
	return PCF_OK;
}
