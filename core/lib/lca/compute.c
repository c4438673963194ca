/*
 * compute.c - the footprint of one library process with its background (see pcf/lca.h): the
 * supply walk with the linking and allocation rules of docs/lca-import.md, the KLU solve, and the
 * contribution analysis (per process direct and upstream, per flow and gas, the upstream tree).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <suitesparse/klu.h>

#include <pcf/gwp.h>
#include <pcf/lca.h>

#include "base/buf.h"
#include "base/error_impl.h"
#include "base/jsonw.h"
#include "lca/lca_impl.h"

#define MIN_RCOND 1e-14
#define TREE_NODES_MAX 2000


typedef struct tree_node {
	uint32_t col;
	double amount;       /* of its reference product */
	double direct, total, share;
	size_t first_child, n_children;
	unsigned depth;
} tree_node;

struct pcf_lca_result {
	pcfi_lca_system sys;
	const pcf_gwp_set *set;
	pcf_lib_alloc_type allocation;
	double *s;           /* supply (runs) per local process */
	double *y;           /* upstream intensity per unit of each process's product */
	pcf_lca_footprint fp;
	tree_node *tree;
	size_t ntree;
	double cutoff;
	double asked;            /* the requested amount, in asked_unit (the reference exchange's unit) */
	const char *asked_unit;
	size_t top;
	char **choice_text;
	size_t nchoice;
};

static void sys_free(pcfi_lca_system *s)
{
	size_t i;
	free(s->proc), free(s->Ap), free(s->Ai), free(s->Ax), free(s->d), free(s->en), free(s->fc);
	for (i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	free(s->chosen);
	memset(s, 0, sizeof *s);
}

static int add_note(pcfi_lca_system *s, const char *fmt, ...) PCFI_PRINTF(2, 3);

static int add_note(pcfi_lca_system *s, const char *fmt, ...)
{
	va_list ap;
	char buf[1024], **n;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	n = realloc(s->notes, (s->nnotes + 1) * sizeof *n);
	if (!n)
		return -1;
	s->notes = n;
	if (!(s->notes[s->nnotes] = strdup(buf)))
		return -1;
	s->nnotes++;
	return 0;
}

void pcfi_lca_assemble(pcfi_lca_system *s)
{
	size_t i;
	memset(s->Ax, 0, s->nnz * sizeof *s->Ax);
	memset(s->d, 0, s->m * 4 * sizeof *s->d);
	for (i = 0; i < s->nen; i++) {
		const pcfi_entry *e = &s->en[i];
		if (e->kind == PCFI_EN_LINK)
			s->Ax[e->pos] += e->coef * e->amount;
		else if (e->kind == PCFI_EN_IMPACT)
			s->d[(size_t)e->col * 4 + e->pos] += e->coef * e->amount;
	}
}

/* Allocation factor of exchange x (global) of process p under method, and whether p's factors applied. */
static double alloc_factor(const pcf_library *lib, const pcf_lib_process *p, uint32_t refflow, size_t x,
                           const pcf_lib_exchange *ex, const pcf_lib_flow *fl, pcf_lib_alloc_type method, int *applied)
{
	size_t k;
	double any = -1, byflow = -1;
	if (x == p->reference)
		return 1;
	for (k = p->first_alloc; k < (size_t)p->first_alloc + p->n_alloc; k++) {
		pcf_lib_alloc a;
		pcf_library_alloc(lib, k, &a);
		if (a.type != method || a.product != refflow)
			continue;
		*applied = 1;
		if (method != PCF_ALLOC_CAUSAL) {
			if (fl && fl->type == PCF_LIB_PRODUCT && !(ex->flags & PCF_LIB_EX_INPUT))
				return 1; /* product outputs are not scaled */
			any = a.value;
		} else if (a.exchange == x) {
			return a.value;
		} else if (a.exchange == PCF_LIB_NONE && a.exchange_flow == ex->flow && byflow < 0) {
			byflow = a.value;
		}
	}
	if (any >= 0 || (method != PCF_ALLOC_CAUSAL && *applied))
		return any >= 0 ? any : 1;
	return byflow >= 0 ? byflow : 1;
}

typedef struct walk {
	size_t *local;       /* library process -> local + 1 (0: not reached) */
	uint32_t *queue;
	size_t m;
} walk;

static const char *pname(const pcf_library *lib, size_t i)
{
	pcf_lib_process p;
	pcf_library_process(lib, i, &p);
	return p.name;
}

static const char *pid(const pcf_library *lib, size_t i)
{
	pcf_lib_process p;
	pcf_library_process(lib, i, &p);
	return p.id;
}

/* Resolve the providers chosen on the command line: flow index -> process index (or NONE). */
static pcf_status resolve_choices(const pcf_library *lib, const pcf_lca_options *o, uint32_t *choice, pcf_error *err)
{
	size_t i, nf = pcf_library_flow_count(lib);
	for (i = 0; i < nf; i++)
		choice[i] = PCF_LIB_NONE;
	for (i = 0; o && i < o->n_providers; i++) {
		size_t fi, pi, k;
		pcf_lib_flow f;
		pcf_status st;
		if (!o->providers[i].flow || !pcf_library_find_flow(lib, o->providers[i].flow, &fi))
			return pcfi_error(err, PCF_E_INVALID, "provider choice: no flow has the @id '%s' in %s",
			                  o->providers[i].flow ? o->providers[i].flow : "", pcf_library_path(lib));
		pcf_library_flow(lib, fi, &f);
		if (f.n_providers < 2)
			return pcfi_error(err, PCF_E_INVALID,
			                  "provider choice for flow '%s' (%s): it has %u provider%s, a choice is only for flows that "
			                  "several processes make",
			                  f.id, f.name, f.n_providers, f.n_providers == 1 ? "" : "s");
		if ((st = pcf_library_find(lib, o->providers[i].process, &pi, err)))
			return st;
		for (k = 0; k < f.n_providers; k++)
			if (pcf_library_provider(lib, f.first_provider + k) == pi)
				break;
		if (k == f.n_providers)
			return pcfi_error(err, PCF_E_INVALID,
			                  "provider choice for flow '%s' (%s): process '%s' (%s) is not one of its %u candidates", f.id,
			                  f.name, pid(lib, pi), pname(lib, pi), f.n_providers);
		if (choice[fi] != PCF_LIB_NONE && choice[fi] != pi)
			return pcfi_error(err, PCF_E_INVALID, "two provider choices for flow '%s' (%s)", f.id, f.name);
		choice[fi] = (uint32_t)pi;
	}
	return PCF_OK;
}

static pcf_status several_error(const pcf_library *lib, size_t fi, const walk *w, const unsigned char *reached_by,
                                pcf_error *err)
{
	pcf_lib_flow f;
	char cands[1200], by[800];
	size_t used = 0, k, n = 0;
	pcf_library_flow(lib, fi, &f);
	cands[0] = by[0] = '\0';
	for (k = 0; k < f.n_providers; k++) {
		uint32_t p = pcf_library_provider(lib, f.first_provider + k);
		int r = snprintf(cands + used, sizeof cands - used, "%s'%s' (%s)", k ? ", " : "", pid(lib, p), pname(lib, p));
		if (r > 0 && (size_t)r < sizeof cands - used)
			used += (size_t)r;
	}
	used = 0;
	for (k = 0; k < w->m; k++) {
		if (!reached_by[k])
			continue;
		if (n++ < 6) {
			int r = snprintf(by + used, sizeof by - used, "%s'%s' (%s)", n > 1 ? ", " : "", pid(lib, w->queue[k]),
			                 pname(lib, w->queue[k]));
			if (r > 0 && (size_t)r < sizeof by - used)
				used += (size_t)r;
		}
	}
	return pcfi_error(err, PCF_E_INVALID,
	                  "flow '%s' (%s) has %u providers: %s; reached from %s%s; choose one with --provider %s=PROCESS_ID",
	                  f.id, f.name, f.n_providers, cands, by, n > 6 ? " and more" : "", f.id);
}

static pcf_status build_system(const pcf_library *lib, size_t target, const pcf_lca_options *o,
                               const pcf_gwp_set *set, pcfi_lca_system *s, pcf_error *err)
{
	size_t np = pcf_library_process_count(lib), nf = pcf_library_flow_count(lib), i, k, cap = 0;
	pcf_lib_alloc_type method = o && o->allocation ? o->allocation : PCF_ALLOC_PHYSICAL;
	uint32_t *choice = NULL;
	walk w;
	pcf_status st = PCF_OK;
	size_t bad_flow = (size_t)-1;
	int *colpos = NULL;
	long *mark = NULL;
	unsigned char *used_choice = NULL;

	memset(s, 0, sizeof *s);
	memset(&w, 0, sizeof w);
	s->lib = lib;
	w.local = calloc(np, sizeof *w.local);
	w.queue = malloc(np * sizeof *w.queue);
	choice = malloc((nf ? nf : 1) * sizeof *choice);
	used_choice = calloc(nf ? nf : 1, 1);
	s->fc = calloc(nf ? nf : 1, sizeof *s->fc);
	if (!w.local || !w.queue || !choice || !s->fc || !used_choice) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
		goto out;
	}
	if ((st = resolve_choices(lib, o, choice, err)))
		goto out;
	for (i = 0; i < nf; i++) {
		pcf_lib_flow f;
		pcf_library_flow(lib, i, &f);
		pcfi_flow_characterise(&f, set, &s->fc[i]);
	}
	/* the supply walk (breadth first, deterministic) */
	w.queue[w.m++] = (uint32_t)target;
	w.local[target] = 1;
	for (i = 0; i < w.m; i++) {
		pcf_lib_process p;
		pcf_library_process(lib, w.queue[i], &p);
		for (k = p.first_exchange; k < (size_t)p.first_exchange + p.n_exchanges; k++) {
			pcf_lib_exchange e;
			int32_t prov;
			pcf_library_exchange(lib, k, &e);
			if (e.flags & PCF_LIB_EX_UNCONVERTED) {
				st = pcfi_error(err, PCF_E_INVALID, "process '%s' (%s), exchange '%s': %s", p.id, p.name, e.id, e.note);
				goto out;
			}
			prov = e.provider;
			if (prov == PCF_LIB_SEVERAL_PROVIDERS) {
				if (choice[e.flow] == PCF_LIB_NONE) {
					if (bad_flow == (size_t)-1 || e.flow < bad_flow)
						bad_flow = e.flow;
					continue;
				}
				used_choice[e.flow] = 1;
				prov = (int32_t)choice[e.flow];
			}
			if (prov >= 0 && !w.local[prov]) {
				w.local[prov] = w.m + 1;
				w.queue[w.m++] = (uint32_t)prov;
			}
		}
	}
	if (bad_flow != (size_t)-1) {
		unsigned char *by = calloc(w.m, 1);
		if (!by) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
			goto out;
		}
		for (i = 0; i < w.m; i++) {
			pcf_lib_process p;
			pcf_library_process(lib, w.queue[i], &p);
			for (k = p.first_exchange; k < (size_t)p.first_exchange + p.n_exchanges; k++) {
				pcf_lib_exchange e;
				pcf_library_exchange(lib, k, &e);
				if (e.provider == PCF_LIB_SEVERAL_PROVIDERS && e.flow == bad_flow)
					by[i] = 1;
			}
		}
		st = several_error(lib, bad_flow, &w, by, err);
		free(by);
		goto out;
	}
	s->m = w.m;
	s->proc = w.queue;
	w.queue = NULL;
	s->Ap = malloc((s->m + 1) * sizeof *s->Ap);
	s->d = calloc(s->m * 4, sizeof *s->d);
	mark = malloc(s->m * sizeof *mark);
	colpos = malloc(s->m * sizeof *colpos);
	if (!s->Ap || !s->d || !mark || !colpos || s->m >= (size_t)1 << 30) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
		goto out;
	}
	for (i = 0; i < s->m; i++)
		mark[i] = -1;
	/* entries, column by column; matrix positions assigned as rows first appear in a column */
	for (i = 0; i < s->m; i++) {
		pcf_lib_process p;
		pcf_lib_exchange r;
		int applied = 0;
		uint32_t refflow;
		pcf_library_process(lib, s->proc[i], &p);
		pcf_library_exchange(lib, p.reference, &r);
		refflow = r.flow;
		s->Ap[i] = (int)s->nnz;
		for (k = p.first_exchange; k < (size_t)p.first_exchange + p.n_exchanges; k++) {
			pcf_lib_exchange e;
			pcf_lib_flow f;
			pcfi_entry *en;
			int input, row = -1;
			double a;
			pcf_library_exchange(lib, k, &e);
			pcf_library_flow(lib, e.flow, &f);
			input = (e.flags & PCF_LIB_EX_INPUT) != 0;
			if (s->nen == cap) {
				pcfi_entry *ne = realloc(s->en, (cap = cap ? 2 * cap : 1024) * sizeof *ne);
				if (!ne) {
					st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
					goto out;
				}
				s->en = ne;
			}
			en = &s->en[s->nen++];
			memset(en, 0, sizeof *en);
			en->exchange = (uint32_t)k;
			en->col = (uint32_t)i;
			en->amount = e.amount;
			a = alloc_factor(lib, &p, refflow, k, &e, &f, method, &applied);
			if (k == p.reference) {
				row = (int)i;
				en->kind = PCFI_EN_LINK;
				en->coef = input ? -1 : 1;
			} else if (f.type == PCF_LIB_ELEMENTARY) {
				const pcfi_flow_char *c = &s->fc[e.flow];
				en->coef = (input ? -1 : 1) * a;
				if (c->cls == PCFI_FC_NONE) {
					en->kind = PCFI_EN_OTHER;
				} else if (c->cls == PCFI_FC_UNMATCHED) {
					en->kind = PCFI_EN_UNMATCHED;
				} else {
					en->kind = PCFI_EN_IMPACT;
					en->pos = c->cls == PCFI_FC_FOSSIL ? 0 : c->cls == PCFI_FC_BIOGENIC ? 1 : c->cls == PCFI_FC_REMOVAL ? 2 : 3;
					en->coef *= c->gwp;
				}
			} else if ((f.type == PCF_LIB_PRODUCT && input) || (f.type == PCF_LIB_WASTE && !input)) {
				int32_t prov = e.provider == PCF_LIB_SEVERAL_PROVIDERS ? (int32_t)choice[e.flow] : e.provider;
				en->coef = (input ? -1 : 1) * a;
				if (prov < 0) {
					en->kind = PCFI_EN_CUTOFF;
					en->coef = a; /* listed as the amount written, allocated */
				} else {
					en->kind = PCFI_EN_LINK;
					row = (int)(w.local[prov] - 1);
				}
			} else {
				en->kind = PCFI_EN_COPRODUCT;
				en->coef = input ? -1 : 1;
			}
			if (row >= 0) {
				if (mark[row] != (long)i) {
					int *nAi = realloc(s->Ai, (s->nnz + 1) * sizeof *nAi);
					if (!nAi) {
						st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
						goto out;
					}
					s->Ai = nAi;
					mark[row] = (long)i;
					colpos[row] = (int)s->nnz;
					s->Ai[s->nnz++] = row;
				}
				en->pos = (uint32_t)colpos[row];
			}
		}
		if (p.n_alloc && !applied &&
		    add_note(s, "process '%s' (%s): its %u allocation factors are not %s factors of its reference product: "
		             "factor 1 (openLCA's default)",
		             p.id, p.name, p.n_alloc,
		             method == PCF_ALLOC_PHYSICAL ? "physical" : method == PCF_ALLOC_ECONOMIC ? "economic" : "causal")) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
			goto out;
		}
	}
	s->Ap[s->m] = (int)s->nnz;
	s->Ax = malloc((s->nnz ? s->nnz : 1) * sizeof *s->Ax);
	if (!s->Ax) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
		goto out;
	}
	for (i = 0; i < nf; i++)
		if (used_choice[i]) {
			pcf_lca_provider_choice *nc = realloc(s->chosen, (s->nchosen + 1) * sizeof *nc);
			pcf_lib_flow f;
			if (!nc) {
				st = pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
				goto out;
			}
			s->chosen = nc;
			pcf_library_flow(lib, i, &f);
			nc[s->nchosen].flow = f.id;
			nc[s->nchosen++].process = pid(lib, choice[i]);
		}
	pcfi_lca_assemble(s);
out:
	free(w.local);
	free(w.queue);
	free(choice);
	free(used_choice);
	free(mark);
	free(colpos);
	if (st)
		sys_free(s);
	return st;
}

pcf_status pcfi_lca_prepare(const pcf_library *lib, const char *process, const pcf_lca_options *o,
                            pcfi_lca_system *s, pcf_error *err)
{
	size_t target;
	pcf_status st;
	const pcf_gwp_set *set = o && o->gwp_set ? pcf_gwp_set_get(o->gwp_set) : pcf_gwp_set_default();
	double amount = o && o->has_amount ? o->amount : 1;
	pcf_lib_process tp;
	pcf_lib_exchange re;

	if (!set)
		return pcfi_error(err, PCF_E_ARG, "unknown GWP set '%s' (AR4, AR5 or AR6)", o->gwp_set);
	if (!isfinite(amount))
		return pcfi_error(err, PCF_E_ARG, "the amount must be a finite number");
	if ((st = pcf_library_find(lib, process, &target, err)))
		return st;
	if ((st = build_system(lib, target, o, set, s, err)))
		return st;
	pcf_library_process(lib, target, &tp);
	pcf_library_exchange(lib, tp.reference, &re);
	s->demand = re.amount_written != 0 ? amount * re.amount / re.amount_written : amount;
	return PCF_OK;
}

void pcfi_lca_system_free(pcfi_lca_system *s)
{
	sys_free(s);
}

/* Factor A (column-scaled by the diagonal) and solve A s = b, then A^T y = c; either may be NULL. */
static pcf_status klu_both(const pcfi_lca_system *s, double *b, double *c, pcf_error *err)
{
	klu_common common;
	klu_symbolic *sym;
	klu_numeric *num = NULL;
	double *Ax = malloc((s->nnz ? s->nnz : 1) * sizeof *Ax), *dg = malloc(s->m * sizeof *dg);
	pcf_status st = PCF_OK;
	size_t i;
	int k, n = (int)s->m;

	if (!Ax || !dg) {
		free(Ax), free(dg);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory solving");
	}
	for (i = 0; i < s->m; i++) {
		dg[i] = 0;
		for (k = s->Ap[i]; k < s->Ap[i + 1]; k++)
			if ((size_t)s->Ai[k] == i)
				dg[i] = s->Ax[k];
		if (!(fabs(dg[i]) > 0) || !isfinite(dg[i])) {
			double net = dg[i];

			free(Ax), free(dg);
			return pcfi_error(err, PCF_E_SOLVE, "process '%s' (%s) has no net output (its reference amount less its "
			                  "own use is %g)",
			                  pid(s->lib, s->proc[i]), pname(s->lib, s->proc[i]), net);
		}
		for (k = s->Ap[i]; k < s->Ap[i + 1]; k++)
			Ax[k] = s->Ax[k] / dg[i];
	}
	klu_defaults(&common);
	common.halt_if_singular = 1;
	sym = klu_analyze(n, s->Ap, s->Ai, &common);
	if (!sym) {
		free(Ax), free(dg);
		return pcfi_error(err, common.status == KLU_OUT_OF_MEMORY ? PCF_E_NOMEM : PCF_E_SOLVE,
		                  "KLU could not analyse the system (status %d)", common.status);
	}
	num = klu_factor(s->Ap, s->Ai, Ax, sym, &common);
	if (!num || common.status == KLU_SINGULAR || !klu_rcond(sym, num, &common) || !(common.rcond >= MIN_RCOND)) {
		st = pcfi_error(err, PCF_E_SOLVE, "the background system of '%s' is singular: a loop of processes has no net "
		                "output",
		                pid(s->lib, s->proc[0]));
		goto out;
	}
	if (b && !klu_solve(sym, num, n, 1, b, &common)) {
		st = pcfi_error(err, PCF_E_SOLVE, "KLU could not solve the system (status %d)", common.status);
		goto out;
	}
	if (b)
		for (i = 0; i < s->m; i++)
			b[i] /= dg[i];
	if (c) {
		for (i = 0; i < s->m; i++)
			c[i] /= dg[i];
		if (!klu_tsolve(sym, num, n, 1, c, &common)) {
			st = pcfi_error(err, PCF_E_SOLVE, "KLU could not solve the transposed system (status %d)", common.status);
			goto out;
		}
	}
out:
	if (num)
		klu_free_numeric(&num, &common);
	klu_free_symbolic(&sym, &common);
	free(Ax), free(dg);
	return st;
}

static double diag_of(const pcfi_lca_system *s, size_t j)
{
	int k;
	for (k = s->Ap[j]; k < s->Ap[j + 1]; k++)
		if ((size_t)s->Ai[k] == j)
			return s->Ax[k];
	return 0;
}

static double direct_of(const pcfi_lca_system *s, size_t j)
{
	return s->d[j * 4] + s->d[j * 4 + 1] + s->d[j * 4 + 2] + s->d[j * 4 + 3];
}

/* Depth-first upstream tree, children by provider in first-link order. */
static pcf_status grow_tree(pcf_lca_result *r, size_t node, unsigned max_depth, pcf_error *err)
{
	const pcfi_lca_system *s = &r->sys;
	tree_node *t = &r->tree[node];
	size_t j = t->col, first, i;
	double runs = t->amount / diag_of(s, j);
	int k;

	if (t->depth >= max_depth)
		return PCF_OK;
	first = r->ntree;
	for (k = s->Ap[j]; k < s->Ap[j + 1]; k++) {
		size_t p = (size_t)s->Ai[k];
		double q, total;
		tree_node *c;
		if (p == j)
			continue;
		q = -s->Ax[k] * runs;
		total = r->y[p] * q;
		if (!(fabs(total) >= r->cutoff * fabs(r->fp.total)) || r->fp.total == 0)
			continue;
		if (r->ntree >= TREE_NODES_MAX)
			break;
		c = &r->tree[r->ntree++];
		memset(c, 0, sizeof *c);
		c->col = (uint32_t)p;
		c->amount = q;
		c->direct = direct_of(s, p) * q / diag_of(s, p);
		c->total = total;
		c->share = total / r->fp.total;
		c->depth = r->tree[node].depth + 1;
	}
	t = &r->tree[node];
	t->first_child = first;
	t->n_children = r->ntree - first;
	for (i = first; i < first + (r->tree[node].n_children); i++) {
		pcf_status st = grow_tree(r, i, max_depth, err);
		if (st)
			return st;
	}
	return PCF_OK;
}

pcf_status pcf_lca_compute(const pcf_library *lib, const char *process, const pcf_lca_options *o,
                           pcf_lca_result **out, pcf_error *err)
{
	pcf_lca_result *r;
	size_t target, i;
	pcf_status st;
	double amount = o && o->has_amount ? o->amount : 1;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_compute needs an output");
	*out = NULL;
	if (!lib || !process)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_compute needs a library and a process");
	if (!isfinite(amount))
		return pcfi_error(err, PCF_E_ARG, "the amount must be a finite number");
	if ((st = pcf_library_find(lib, process, &target, err)))
		return st;
	r = calloc(1, sizeof *r);
	if (!r)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
	r->set = o && o->gwp_set ? pcf_gwp_set_get(o->gwp_set) : pcf_gwp_set_default();
	if (!r->set) {
		free(r);
		return pcfi_error(err, PCF_E_ARG, "unknown GWP set '%s' (AR4, AR5 or AR6)", o->gwp_set);
	}
	r->allocation = o && o->allocation ? o->allocation : PCF_ALLOC_PHYSICAL;
	r->cutoff = o && o->cutoff > 0 ? o->cutoff : 0.01;
	r->top = o && o->top ? o->top : 10;
	if ((st = build_system(lib, target, o, r->set, &r->sys, err))) {
		free(r);
		return st;
	}
	r->s = calloc(r->sys.m, sizeof *r->s);
	r->y = calloc(r->sys.m, sizeof *r->y);
	r->tree = calloc(TREE_NODES_MAX, sizeof *r->tree);
	if (!r->s || !r->y || !r->tree) {
		pcf_lca_result_free(r);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
	}
	{
		/* the requested amount is in the unit of the reference exchange as written */
		pcf_lib_process tp;
		pcf_lib_exchange re;
		pcf_library_process(lib, r->sys.proc[0], &tp);
		pcf_library_exchange(lib, tp.reference, &re);
		r->asked = amount;
		r->asked_unit = re.unit_written;
		if (re.amount_written != 0)
			amount *= re.amount / re.amount_written;
	}
	r->sys.demand = amount;
	r->s[0] = amount;
	for (i = 0; i < r->sys.m; i++)
		r->y[i] = direct_of(&r->sys, i);
	if ((st = klu_both(&r->sys, r->s, r->y, err))) {
		pcf_lca_result_free(r);
		return st;
	}
	for (i = 0; i < r->sys.m; i++) {
		const double *d = &r->sys.d[i * 4];
		if (!isfinite(r->s[i]) || !isfinite(r->y[i])) {
			st = pcfi_error(err, PCF_E_SOLVE, "the supply of process '%s' is not a finite number",
			                pid(lib, r->sys.proc[i]));
			pcf_lca_result_free(r);
			return st;
		}
		r->fp.fossil += r->s[i] * d[0];
		r->fp.biogenic_emissions += r->s[i] * d[1];
		r->fp.biogenic_removals += r->s[i] * d[2];
		r->fp.dluc += r->s[i] * d[3];
	}
	r->fp.total = r->fp.fossil + r->fp.biogenic_emissions + r->fp.biogenic_removals + r->fp.dluc;
	/* no-origin gases counted as fossil: say so */
	{
		size_t n = 0;
		for (i = 0; i < r->sys.nen; i++) {
			const pcfi_entry *e = &r->sys.en[i];
			pcf_lib_exchange x;
			if (e->kind != PCFI_EN_IMPACT)
				continue;
			pcf_library_exchange(lib, e->exchange, &x);
			if (r->sys.fc[x.flow].no_origin && x.amount != 0)
				n++;
		}
		if (n && add_note(&r->sys, "%zu exchanges of carbon dioxide or methane with no origin are counted as fossil "
		                  "(the conservative choice)",
		                  n)) {
			pcf_lca_result_free(r);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory computing");
		}
	}
	/* the upstream tree */
	r->ntree = 1;
	r->tree[0].col = 0;
	r->tree[0].amount = amount;
	r->tree[0].direct = direct_of(&r->sys, 0) * amount / diag_of(&r->sys, 0);
	r->tree[0].total = r->fp.total;
	r->tree[0].share = 1;
	if ((st = grow_tree(r, 0, o && o->max_depth ? o->max_depth : 12, err))) {
		pcf_lca_result_free(r);
		return st;
	}
	*out = r;
	return PCF_OK;
}

const pcf_lca_footprint *pcf_lca_result_footprint(const pcf_lca_result *r)
{
	return r ? &r->fp : NULL;
}

size_t pcf_lca_result_process_count(const pcf_lca_result *r)
{
	return r ? r->sys.m : 0;
}

void pcf_lca_result_free(pcf_lca_result *r)
{
	if (!r)
		return;
	sys_free(&r->sys);
	free(r->s), free(r->y), free(r->tree);
	free(r);
}

pcf_status pcfi_lca_result_gases(const pcf_lca_result *r, pcfi_gas_kg **out, size_t *n, size_t *cutoffs,
                                 size_t *unmatched, pcf_error *err)
{
	const pcfi_lca_system *s = &r->sys;
	pcfi_gas_kg *g = malloc((s->nen ? s->nen : 1) * sizeof *g);
	size_t i, k, m = 0;

	*out = NULL, *n = 0, *cutoffs = 0, *unmatched = 0;
	if (!g)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < s->nen; i++) {
		const pcfi_entry *e = &s->en[i];
		pcf_lib_exchange x;
		double kg;
		if (e->kind == PCFI_EN_CUTOFF || e->kind == PCFI_EN_UNMATCHED) {
			if (e->amount != 0 && r->s[e->col] != 0)
				++*(e->kind == PCFI_EN_CUTOFF ? cutoffs : unmatched);
			continue;
		}
		if (e->kind != PCFI_EN_IMPACT || e->pos > 1)
			continue; /* fossil and biogenic emissions only */
		pcf_library_exchange(s->lib, e->exchange, &x);
		if (!s->fc[x.flow].gas || s->fc[x.flow].gwp == 0)
			continue;
		kg = r->s[e->col] * (e->coef / s->fc[x.flow].gwp) * e->amount;
		for (k = 0; k < m && strcmp(g[k].gas, s->fc[x.flow].gas); k++)
			;
		if (k == m)
			g[m].gas = s->fc[x.flow].gas, g[m++].kg = 0;
		g[k].kg += kg;
	}
	*out = g, *n = m;
	return PCF_OK;
}

/* ---- rendering ---- */

typedef struct agg {
	uint32_t key;      /* flow index, or local process */
	double amount, co2e;
	size_t uses;
	uint32_t kind;
	uint32_t col;      /* first process that has it */
} agg;

/* by flow, then by entry order (uses holds the rank while sorting): a total order, so sums are deterministic */
static int cmp_agg_key(const void *a, const void *b)
{
	const agg *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->uses < y->uses ? -1 : x->uses > y->uses;
}

/* Aggregate entries of a kind over flows (amount for the requested amount, and CO2e). */
static agg *aggregate(const pcf_lca_result *r, uint32_t kind, size_t *n)
{
	const pcfi_lca_system *s = &r->sys;
	size_t i, m = 0, w;
	agg *a = malloc((s->nen ? s->nen : 1) * sizeof *a);
	if (!a)
		return NULL;
	for (i = 0; i < s->nen; i++) {
		const pcfi_entry *e = &s->en[i];
		pcf_lib_exchange x;
		if (e->kind != kind)
			continue;
		pcf_library_exchange(s->lib, e->exchange, &x);
		a[m].key = x.flow;
		a[m].col = e->col;
		a[m].kind = kind;
		a[m].uses = 1;
		if (kind == PCFI_EN_IMPACT) {
			a[m].co2e = r->s[e->col] * e->coef * e->amount;
			a[m].amount = s->fc[x.flow].gwp ? a[m].co2e / s->fc[x.flow].gwp : 0;
		} else {
			a[m].co2e = 0;
			a[m].amount = r->s[e->col] * e->coef * e->amount;
		}
		m++;
	}
	/* stable merge by flow: sort indices by key keeping entry order for equal keys */
	for (i = 0; i < m; i++)
		a[i].uses = i; /* temporary rank */
	qsort(a, m, sizeof *a, cmp_agg_key);
	for (i = 0, w = 0; i < m;) {
		size_t j = i, k;
		agg t = a[i];
		uint32_t mincol = a[i].col;
		size_t minrank = a[i].uses;
		for (k = i + 1; k < m && a[k].key == a[i].key; k++)
			;
		t = a[i];
		t.amount = 0, t.co2e = 0;
		for (j = i; j < k; j++) {
			t.amount += a[j].amount;
			t.co2e += a[j].co2e;
			if (a[j].uses < minrank)
				minrank = a[j].uses, mincol = a[j].col;
		}
		t.col = mincol;
		t.uses = k - i;
		a[w++] = t;
		i = k;
	}
	*n = w;
	return a;
}

typedef struct pcontrib {
	uint32_t col;
	double direct, total;
} pcontrib;

static int cmp_contrib(const void *a, const void *b)
{
	const pcontrib *x = a, *y = b;
	double dx = fabs(x->direct), dy = fabs(y->direct);
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static pcontrib *contributions(const pcf_lca_result *r)
{
	const pcfi_lca_system *s = &r->sys;
	pcontrib *c = malloc((s->m ? s->m : 1) * sizeof *c);
	size_t i;
	if (!c)
		return NULL;
	for (i = 0; i < s->m; i++) {
		c[i].col = (uint32_t)i;
		c[i].direct = r->s[i] * direct_of(s, i);
		c[i].total = r->y[i] * diag_of(s, i) * r->s[i];
		if (c[i].direct == 0)
			c[i].direct = 0;
		if (c[i].total == 0)
			c[i].total = 0;
	}
	qsort(c, s->m, sizeof *c, cmp_contrib);
	return c;
}

/*
 * Direct contributions by process category (the category path of each process, "" when it has
 * none): openLCA's processes carry no life-cycle stage, and the category (USLCI: the NAICS sector)
 * is the grouping the data offers. Summed in system order (deterministic), sorted by |direct|, then
 * by category. NULL when out of memory.
 */
typedef struct cat_sum {
	const char *category;
	double direct;
	size_t processes;
} cat_sum;

static int cmp_cat(const void *a, const void *b)
{
	const cat_sum *x = a, *y = b;
	double dx = fabs(x->direct), dy = fabs(y->direct);
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(x->category, y->category);
}

static cat_sum *category_sums(const pcf_lca_result *r, size_t *n)
{
	const pcfi_lca_system *s = &r->sys;
	cat_sum *c = malloc((s->m ? s->m : 1) * sizeof *c);
	size_t i, k, m = 0;
	if (!c)
		return NULL;
	for (i = 0; i < s->m; i++) {
		pcf_lib_process p;
		pcf_library_process(s->lib, s->proc[i], &p);
		for (k = 0; k < m && strcmp(c[k].category, p.category); k++)
			;
		if (k == m)
			c[m].category = p.category, c[m].direct = 0, c[m++].processes = 0;
		c[k].direct += r->s[i] * direct_of(s, i);
		c[k].processes++;
	}
	for (k = 0; k < m; k++)
		if (c[k].direct == 0)
			c[k].direct = 0; /* no -0 */
	qsort(c, m, sizeof *c, cmp_cat);
	*n = m;
	return c;
}

typedef struct gas_sum {
	const char *gas;
	double kg, co2e;
} gas_sum;

static size_t gas_sums(const pcf_lca_result *r, const agg *fl, size_t nfl, gas_sum *g, size_t cap)
{
	size_t i, k, n = 0;
	for (i = 0; i < nfl; i++) {
		const char *gas = r->sys.fc[fl[i].key].gas;
		for (k = 0; k < n && strcmp(g[k].gas, gas); k++)
			;
		if (k == n) {
			if (n == cap)
				continue;
			g[n].gas = gas, g[n].kg = 0, g[n].co2e = 0;
			n++;
		}
		g[k].kg += fl[i].amount;
		g[k].co2e += fl[i].co2e;
	}
	/* by gas id */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && strcmp(g[k - 1].gas, g[k].gas) > 0; k--) {
			gas_sum t = g[k];
			g[k] = g[k - 1];
			g[k - 1] = t;
		}
	return n;
}

static void json_proc(pcfi_jsonw *w, const pcf_library *lib, uint32_t libidx)
{
	pcf_lib_process p;
	pcf_library_process(lib, libidx, &p);
	pcfi_jsonw_key(w, "id"), pcfi_jsonw_string(w, p.id);
	pcfi_jsonw_key(w, "name"), pcfi_jsonw_string(w, p.name);
	pcfi_jsonw_key(w, "location"), pcfi_jsonw_string(w, p.location);
}

static void json_tree(pcfi_jsonw *w, const pcf_lca_result *r, size_t node)
{
	const tree_node *t = &r->tree[node];
	size_t i;
	pcf_lib_process p;
	pcf_lib_exchange e;
	pcf_lib_flow f;
	pcf_library_process(r->sys.lib, r->sys.proc[t->col], &p);
	pcf_library_exchange(r->sys.lib, p.reference, &e);
	pcf_library_flow(r->sys.lib, e.flow, &f);
	pcfi_jsonw_begin_object(w);
	json_proc(w, r->sys.lib, r->sys.proc[t->col]);
	pcfi_jsonw_key(w, "amount"), pcfi_jsonw_number(w, t->amount);
	pcfi_jsonw_key(w, "unit"), pcfi_jsonw_string(w, f.unit);
	pcfi_jsonw_key(w, "direct"), pcfi_jsonw_number(w, t->direct);
	pcfi_jsonw_key(w, "total"), pcfi_jsonw_number(w, t->total);
	pcfi_jsonw_key(w, "share"), pcfi_jsonw_number(w, t->share);
	pcfi_jsonw_key(w, "upstream");
	pcfi_jsonw_begin_array(w);
	for (i = t->first_child; i < t->first_child + t->n_children; i++)
		json_tree(w, r, i);
	pcfi_jsonw_end_array(w);
	pcfi_jsonw_end_object(w);
}

static void json_flow_list(pcfi_jsonw *w, const pcf_lca_result *r, const agg *a, size_t n, int with_why)
{
	size_t i;
	pcfi_jsonw_begin_array(w);
	for (i = 0; i < n; i++) {
		pcf_lib_flow f;
		pcf_library_flow(r->sys.lib, a[i].key, &f);
		pcfi_jsonw_begin_object(w);
		pcfi_jsonw_key(w, "flow"), pcfi_jsonw_string(w, f.id);
		pcfi_jsonw_key(w, "name"), pcfi_jsonw_string(w, f.name);
		pcfi_jsonw_key(w, "category"), pcfi_jsonw_string(w, f.category);
		pcfi_jsonw_key(w, "amount"), pcfi_jsonw_number(w, a[i].amount == 0 ? 0 : a[i].amount);
		pcfi_jsonw_key(w, "amount-per-unit"), pcfi_jsonw_number(w, r->sys.demand != 0 ? a[i].amount / r->sys.demand : 0);
		pcfi_jsonw_key(w, "unit"), pcfi_jsonw_string(w, f.unit);
		pcfi_jsonw_key(w, "exchanges"), pcfi_jsonw_uint(w, a[i].uses);
		pcfi_jsonw_key(w, "first-process"), pcfi_jsonw_string(w, pid(r->sys.lib, r->sys.proc[a[i].col]));
		if (with_why)
			pcfi_jsonw_key(w, "why"), pcfi_jsonw_string(w, r->sys.fc[a[i].key].why);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
}

pcf_status pcf_lca_result_json(const pcf_lca_result *r, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	agg *imp = NULL, *cut = NULL, *cop = NULL, *unm = NULL;
	size_t nimp = 0, ncut = 0, ncop = 0, nunm = 0, i, ng, ncat = 0;
	pcontrib *c = NULL;
	cat_sum *cs = NULL;
	gas_sum g[64];
	pcf_lib_process p;
	pcf_lib_exchange e;
	pcf_lib_flow f;
	const pcf_library *lib;
	pcf_status st;

	if (!r || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_result_json needs a result and an output");
	lib = r->sys.lib;
	imp = aggregate(r, PCFI_EN_IMPACT, &nimp);
	cut = aggregate(r, PCFI_EN_CUTOFF, &ncut);
	cop = aggregate(r, PCFI_EN_COPRODUCT, &ncop);
	unm = aggregate(r, PCFI_EN_UNMATCHED, &nunm);
	c = contributions(r);
	cs = category_sums(r, &ncat);
	if (!imp || !cut || !cop || !unm || !c || !cs) {
		free(imp), free(cut), free(cop), free(unm), free(c), free(cs);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory writing the result");
	}
	ng = gas_sums(r, imp, nimp, g, sizeof g / sizeof g[0]);
	pcf_library_process(lib, r->sys.proc[0], &p);
	pcf_library_exchange(lib, p.reference, &e);
	pcf_library_flow(lib, e.flow, &f);
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "library");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "sha256"), pcfi_jsonw_string(&w, pcf_library_digest_hex(lib));
	pcfi_jsonw_key(&w, "processes"), pcfi_jsonw_uint(&w, pcf_library_process_count(lib));
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "process");
	pcfi_jsonw_begin_object(&w);
	json_proc(&w, lib, r->sys.proc[0]);
	pcfi_jsonw_key(&w, "reference-flow"), pcfi_jsonw_string(&w, f.id);
	pcfi_jsonw_key(&w, "reference-product"), pcfi_jsonw_string(&w, f.name);
	pcfi_jsonw_key(&w, "amount"), pcfi_jsonw_number(&w, r->asked);
	pcfi_jsonw_key(&w, "unit"), pcfi_jsonw_string(&w, r->asked_unit);
	pcfi_jsonw_key(&w, "amount-in-reference-unit"), pcfi_jsonw_number(&w, r->sys.demand);
	pcfi_jsonw_key(&w, "reference-unit"), pcfi_jsonw_string(&w, f.unit);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "gwp-set"), pcfi_jsonw_string(&w, pcf_gwp_set_name(r->set));
	pcfi_jsonw_key(&w, "allocation");
	pcfi_jsonw_string(&w, r->allocation == PCF_ALLOC_PHYSICAL ? "physical"
	                      : r->allocation == PCF_ALLOC_ECONOMIC ? "economic" : "causal");
	pcfi_jsonw_key(&w, "footprint");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "fossil"), pcfi_jsonw_number(&w, r->fp.fossil + 0.0);
	pcfi_jsonw_key(&w, "biogenic-emissions"), pcfi_jsonw_number(&w, r->fp.biogenic_emissions + 0.0);
	pcfi_jsonw_key(&w, "biogenic-removals"), pcfi_jsonw_number(&w, r->fp.biogenic_removals + 0.0);
	pcfi_jsonw_key(&w, "dluc"), pcfi_jsonw_number(&w, r->fp.dluc + 0.0);
	pcfi_jsonw_key(&w, "total"), pcfi_jsonw_number(&w, r->fp.total + 0.0);
	pcfi_jsonw_key(&w, "unit"), pcfi_jsonw_string(&w, "kg CO2e");
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "processes-in-system"), pcfi_jsonw_uint(&w, r->sys.m);
	pcfi_jsonw_key(&w, "notes");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < r->sys.nnotes; i++)
		pcfi_jsonw_string(&w, r->sys.notes[i]);
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "providers-chosen");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < r->sys.nchosen; i++) {
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "flow"), pcfi_jsonw_string(&w, r->sys.chosen[i].flow);
		pcfi_jsonw_key(&w, "process"), pcfi_jsonw_string(&w, r->sys.chosen[i].process);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "cut-offs"), json_flow_list(&w, r, cut, ncut, 0);
	pcfi_jsonw_key(&w, "ignored-co-products"), json_flow_list(&w, r, cop, ncop, 0);
	pcfi_jsonw_key(&w, "unmatched"), json_flow_list(&w, r, unm, nunm, 1);
	pcfi_jsonw_key(&w, "contributions");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "processes");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < r->sys.m; i++) {
		pcfi_jsonw_begin_object(&w);
		json_proc(&w, lib, r->sys.proc[c[i].col]);
		pcfi_jsonw_key(&w, "supply"), pcfi_jsonw_number(&w, r->s[c[i].col] + 0.0);
		pcfi_jsonw_key(&w, "direct"), pcfi_jsonw_number(&w, c[i].direct);
		pcfi_jsonw_key(&w, "total"), pcfi_jsonw_number(&w, c[i].total);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "categories");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < ncat; i++) {
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "category"), pcfi_jsonw_string(&w, cs[i].category);
		pcfi_jsonw_key(&w, "processes"), pcfi_jsonw_int(&w, (long long)cs[i].processes);
		pcfi_jsonw_key(&w, "direct"), pcfi_jsonw_number(&w, cs[i].direct);
		pcfi_jsonw_key(&w, "share"), pcfi_jsonw_number(&w, r->fp.total != 0 ? cs[i].direct / r->fp.total + 0.0 : 0);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "gases");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < ng; i++) {
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "gas"), pcfi_jsonw_string(&w, g[i].gas);
		pcfi_jsonw_key(&w, "kg"), pcfi_jsonw_number(&w, g[i].kg + 0.0);
		pcfi_jsonw_key(&w, "co2e"), pcfi_jsonw_number(&w, g[i].co2e + 0.0);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "flows");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < nimp; i++) {
		pcf_lib_flow ff;
		pcf_library_flow(lib, imp[i].key, &ff);
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "flow"), pcfi_jsonw_string(&w, ff.id);
		pcfi_jsonw_key(&w, "name"), pcfi_jsonw_string(&w, ff.name);
		pcfi_jsonw_key(&w, "category"), pcfi_jsonw_string(&w, ff.category);
		pcfi_jsonw_key(&w, "gas"), pcfi_jsonw_string(&w, r->sys.fc[imp[i].key].gas);
		pcfi_jsonw_key(&w, "kg"), pcfi_jsonw_number(&w, imp[i].amount + 0.0);
		pcfi_jsonw_key(&w, "co2e"), pcfi_jsonw_number(&w, imp[i].co2e + 0.0);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "upstream-tree");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "cutoff"), pcfi_jsonw_number(&w, r->cutoff);
	pcfi_jsonw_key(&w, "root"), json_tree(&w, r, 0);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_end_object(&w);
	free(imp), free(cut), free(cop), free(unm), free(c), free(cs);
	st = pcfi_jsonw_finish(&w, out, len);
	if (st)
		return pcfi_error(err, st, "cannot write the result JSON");
	return PCF_OK;
}

static void text_tree(pcfi_buf *b, const pcf_lca_result *r, size_t node)
{
	const tree_node *t = &r->tree[node];
	pcf_lib_process p;
	size_t i;
	pcf_library_process(r->sys.lib, r->sys.proc[t->col], &p);
	pcfi_buf_printf(b, "  %*s%6.2f%%  %.6g kg CO2e  %.70s [%s]\n", (int)(2 * t->depth), "", 100 * t->share, t->total,
	                p.name, p.location);
	for (i = t->first_child; i < t->first_child + t->n_children; i++)
		text_tree(b, r, i);
}

pcf_status pcf_lca_result_text(const pcf_lca_result *r, char **out, size_t *len, pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;
	agg *imp, *cut, *unm, *cop;
	size_t nimp = 0, ncut = 0, nunm = 0, ncop = 0, i, ng, ncat = 0;
	pcontrib *c;
	cat_sum *cs;
	gas_sum g[64];
	pcf_lib_process p;
	pcf_lib_exchange e;
	pcf_lib_flow f;
	const pcf_library *lib;

	if (!r || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_result_text needs a result and an output");
	lib = r->sys.lib;
	imp = aggregate(r, PCFI_EN_IMPACT, &nimp);
	cut = aggregate(r, PCFI_EN_CUTOFF, &ncut);
	unm = aggregate(r, PCFI_EN_UNMATCHED, &nunm);
	cop = aggregate(r, PCFI_EN_COPRODUCT, &ncop);
	c = contributions(r);
	cs = category_sums(r, &ncat);
	if (!imp || !cut || !unm || !cop || !c || !cs) {
		free(imp), free(cut), free(unm), free(cop), free(c), free(cs);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory writing the result");
	}
	ng = gas_sums(r, imp, nimp, g, sizeof g / sizeof g[0]);
	pcf_library_process(lib, r->sys.proc[0], &p);
	pcf_library_exchange(lib, p.reference, &e);
	pcf_library_flow(lib, e.flow, &f);
	pcfi_buf_printf(&b, "%s [%s]\n  %s\n  %.10g %s of %s\n", p.name, p.location, p.id, r->asked, r->asked_unit, f.name);
	pcfi_buf_printf(&b, "library %s (%zu processes; %zu in this system)\n", pcf_library_digest_hex(lib),
	                pcf_library_process_count(lib), r->sys.m);
	pcfi_buf_printf(&b, "GWP100 %s, %s allocation\n\n", pcf_gwp_set_name(r->set),
	                r->allocation == PCF_ALLOC_PHYSICAL ? "physical" : r->allocation == PCF_ALLOC_ECONOMIC ? "economic" : "causal");
	pcfi_buf_printf(&b, "  total               %14.6g kg CO2e\n", r->fp.total);
	pcfi_buf_printf(&b, "  fossil              %14.6g\n", r->fp.fossil);
	pcfi_buf_printf(&b, "  biogenic emissions  %14.6g\n", r->fp.biogenic_emissions);
	pcfi_buf_printf(&b, "  biogenic removals   %14.6g\n", r->fp.biogenic_removals);
	pcfi_buf_printf(&b, "  dLUC                %14.6g\n\n", r->fp.dluc);
	pcfi_buf_printf(&b, "largest direct contributions (top %zu of %zu processes; total includes upstream)\n",
	                r->top < r->sys.m ? r->top : r->sys.m, r->sys.m);
	for (i = 0; i < r->sys.m && i < r->top; i++) {
		pcf_lib_process q;
		pcf_library_process(lib, r->sys.proc[c[i].col], &q);
		pcfi_buf_printf(&b, "  %12.6g direct %12.6g total  %.60s [%s]\n", c[i].direct, c[i].total, q.name, q.location);
	}
	pcfi_buf_printf(&b, "\nby process category (direct; top %zu of %zu)\n", r->top < ncat ? r->top : ncat, ncat);
	for (i = 0; i < ncat && i < r->top; i++)
		pcfi_buf_printf(&b, "  %12.6g %6.2f%%  %.70s (%zu)\n", cs[i].direct,
		                r->fp.total != 0 ? 100 * cs[i].direct / r->fp.total : 0.0,
		                *cs[i].category ? cs[i].category : "(no category)", cs[i].processes);
	pcfi_buf_printf(&b, "\nby gas (kg, kg CO2e)\n");
	for (i = 0; i < ng; i++)
		pcfi_buf_printf(&b, "  %-16s %14.6g %14.6g\n", g[i].gas, g[i].kg, g[i].co2e);
	pcfi_buf_printf(&b, "\nupstream tree (cut-off %g%%)\n", 100 * r->cutoff);
	text_tree(&b, r, 0);
	pcfi_buf_printf(&b, "\n%zu cut-off flows (no provider), %zu ignored co-products, %zu unmatched greenhouse-gas-like "
	                "flows%s\n",
	                ncut, ncop, nunm, ncut + ncop + nunm ? " (--json lists them)" : "");
	for (i = 0; i < r->sys.nchosen; i++)
		pcfi_buf_printf(&b, "provider chosen: %s = %s\n", r->sys.chosen[i].flow, r->sys.chosen[i].process);
	for (i = 0; i < r->sys.nnotes; i++)
		pcfi_buf_printf(&b, "note: %s\n", r->sys.notes[i]);
	free(imp), free(cut), free(unm), free(cop), free(c), free(cs);
	if (b.oom) {
		pcfi_buf_free(&b);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory writing the result");
	}
	*out = pcfi_buf_steal(&b, len);
	return PCF_OK;
}
