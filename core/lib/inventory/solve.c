/*
 * solve.c - the supply of each linked process (A*s = f, SuiteSparse KLU) and the life-cycle
 * inventory it implies (see pcf/solve.h for the equations).
 *
 * A is assembled column by column in compressed-column form, duplicate (process, supplier) pairs
 * summed. When KLU finds the matrix singular, or its pivots say it is numerically singular, the
 * message names the processes of the loop (strongly connected component) involved.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <suitesparse/klu.h>

#include <pcf/solve.h>
#include <pcf/units.h>

#include "base/error_impl.h"
#include "inventory/solve_impl.h"

/* Below this reciprocal pivot ratio the system is treated as singular (loop with no net output). */
#define PCFI_MIN_RCOND 1e-14

struct pcf_lci {
	pcf_lci_flow *flows;
	size_t count;
};

/* ---- strongly connected components (iterative Tarjan) over the supplier graph ---- */

/* comp[i] = component id; returns the number of components, or -1 when out of memory. */
static long scc(size_t n, const int *Ap, const int *Ai, long *comp)
{
	long *index = malloc(n * sizeof *index), *low = malloc(n * sizeof *low);
	size_t *stack = malloc(n * sizeof *stack), *cstack = malloc(n * sizeof *cstack);
	int *edge = malloc(n * sizeof *edge);
	unsigned char *on = calloc(n, 1);
	long next = 0, ncomp = 0;
	size_t sp = 0, cp = 0, root, i;

	if (!index || !low || !stack || !cstack || !edge || !on) {
		ncomp = -1;
		goto out;
	}
	for (i = 0; i < n; i++)
		index[i] = -1;
	for (root = 0; root < n; root++) {
		if (index[root] >= 0)
			continue;
		cstack[cp++] = root;
		index[root] = low[root] = next++;
		edge[root] = Ap[root];
		stack[sp++] = root;
		on[root] = 1;
		while (cp) {
			size_t v = cstack[cp - 1];
			if (edge[v] < Ap[v + 1]) {
				size_t w = (size_t)Ai[edge[v]++];
				if (index[w] < 0) {
					index[w] = low[w] = next++;
					edge[w] = Ap[w];
					stack[sp++] = w;
					on[w] = 1;
					cstack[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
			} else {
				cp--;
				if (cp && low[v] < low[cstack[cp - 1]])
					low[cstack[cp - 1]] = low[v];
				if (low[v] == index[v]) {
					size_t w;
					do {
						w = stack[--sp];
						on[w] = 0;
						comp[w] = ncomp;
					} while (w != v);
					ncomp++;
				}
			}
		}
	}
out:
	free(index);
	free(low);
	free(stack);
	free(cstack);
	free(edge);
	free(on);
	return ncomp;
}

/* Up to 6 quoted ids of the processes of component want, into buf. */
static void name_list(const pcf_inventory *inv, const long *comp, long want, char *buf, size_t len)
{
	size_t i, n = pcf_inventory_process_count(inv), shown = 0, total = 0, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (comp[i] != want)
			continue;
		total++;
		if (shown < 6 && used < len) {
			int w = snprintf(buf + used, len - used, "%s'%.60s'", shown ? ", " : "", pcf_inventory_process(inv, i)->id);
			if (w > 0)
				used += (size_t)w;
			shown++;
		}
	}
	if (total > shown && used < len)
		snprintf(buf + used, len - used, " and %zu more", total - shown);
}

/* Error for a singular system around column col (or, col < 0, the largest loop). */
static pcf_status singular(const pcf_inventory *inv, size_t n, const int *Ap, const int *Ai, long col,
                           pcf_error *err)
{
	long *comp = malloc((n ? n : 1) * sizeof *comp), nc, want = -1;
	char names[600];
	size_t i;

	if (!comp || (nc = scc(n, Ap, Ai, comp)) < 0) {
		free(comp);
		return pcfi_error(err, PCF_E_SOLVE, "the linked processes form a singular system (no unique supply)");
	}
	if (col >= 0) {
		want = comp[col];
	} else {
		/* the largest component with more than one process */
		size_t *size = calloc((size_t)nc + 1, sizeof *size), best = 1;
		for (i = 0; size && i < n; i++)
			size[comp[i]]++;
		for (i = 0; size && i < (size_t)nc; i++)
			if (size[i] > best) {
				best = size[i];
				want = (long)i;
			}
		free(size);
	}
	if (want < 0) {
		free(comp);
		return pcfi_error(err, PCF_E_SOLVE, "the linked processes form a numerically singular system");
	}
	name_list(inv, comp, want, names, sizeof names);
	for (i = 0; i < n && comp[i] != want; i++)
		;
	free(comp);
	if (i < n) {
		const pcf_process *p = pcf_inventory_process(inv, i);
		char path[48];
		snprintf(path, sizeof path, "processes[%zu]", i);
		return pcfi_error_at(err, PCF_E_SOLVE, pcf_inventory_get_info(inv)->file, p->pos.line, p->pos.column, path,
		                     "the linked processes have no unique supply: the loop of processes %s has no net output "
		                     "(each consumes, directly or through the others, all it produces)",
		                     names);
	}
	return pcfi_error(err, PCF_E_SOLVE,
	                  "the linked processes have no unique supply: the loop of processes %s has no net output "
	                  "(each consumes, directly or through the others, all it produces)",
	                  names);
}

pcf_status pcfi_build_matrix(const pcf_inventory *inv, pcfi_matrix *m, pcf_error *err)
{
	size_t n = pcf_inventory_process_count(inv), i, j, nnz = 0;
	long *mark = NULL;
	int *pos = NULL;

	memset(m, 0, sizeof *m);
	for (i = 0; i < n; i++) {
		const pcf_process *p = pcf_inventory_process(inv, i);
		nnz++;
		for (j = 0; j < p->n_inputs; j++)
			if (p->inputs[j].kind == PCF_INPUT_PROCESS)
				nnz++;
	}
	if (n >= INT_MAX || nnz >= INT_MAX)
		return pcfi_error(err, PCF_E_LIMIT, "the linked-process system is too large for the solver");
	m->n = n;
	m->Ap = malloc((n + 1) * sizeof *m->Ap);
	m->Ai = malloc((nnz ? nnz : 1) * sizeof *m->Ai);
	m->Ax = malloc((nnz ? nnz : 1) * sizeof *m->Ax);
	mark = malloc((n ? n : 1) * sizeof *mark);
	pos = malloc((n ? n : 1) * sizeof *pos);
	if (!m->Ap || !m->Ai || !m->Ax || !mark || !pos) {
		free(mark);
		free(pos);
		pcfi_matrix_free(m);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory building the linked-process system");
	}
	for (i = 0; i < n; i++)
		mark[i] = -1;
	nnz = 0;
	for (i = 0; i < n; i++) {
		const pcf_process *p = pcf_inventory_process(inv, i);
		int diag = (int)nnz;
		m->Ap[i] = (int)nnz;
		m->Ai[nnz] = (int)i;
		m->Ax[nnz++] = p->reference.amount;
		mark[i] = (long)i;
		pos[i] = diag;
		for (j = 0; j < p->n_inputs; j++) {
			const pcf_input *in = &p->inputs[j];
			size_t s;
			if (in->kind != PCF_INPUT_PROCESS)
				continue;
			s = in->process;
			if (mark[s] == (long)i) {
				m->Ax[pos[s]] -= in->converted;
			} else {
				mark[s] = (long)i;
				pos[s] = (int)nnz;
				m->Ai[nnz] = (int)s;
				m->Ax[nnz++] = -in->converted;
			}
		}
		if (!(m->Ax[diag] > 0)) {
			double self = p->reference.amount - m->Ax[diag];
			char path[48];
			snprintf(path, sizeof path, "processes[%zu]", i);
			free(mark);
			free(pos);
			pcfi_matrix_free(m);
			return pcfi_error_at(err, PCF_E_SOLVE, pcf_inventory_get_info(inv)->file, p->pos.line, p->pos.column, path,
			                     "process '%.80s' consumes %g %s of its own output per run but produces only %g %s: "
			                     "it has no net output",
			                     p->id, self, p->reference.unit, p->reference.amount, p->reference.unit);
		}
	}
	m->Ap[n] = (int)nnz;
	m->nnz = nnz;
	free(mark);
	free(pos);
	return PCF_OK;
}

void pcfi_matrix_free(pcfi_matrix *m)
{
	free(m->Ap);
	free(m->Ai);
	free(m->Ax);
	memset(m, 0, sizeof *m);
}

pcf_status pcfi_solve_matrix(const pcf_inventory *inv, const pcfi_matrix *m, double *x, pcf_error *err)
{
	klu_common common;
	klu_symbolic *sym = NULL;
	klu_numeric *num = NULL;
	pcf_status st = PCF_OK;
	int n = (int)m->n;

	klu_defaults(&common);
	common.halt_if_singular = 1;
	sym = klu_analyze(n, m->Ap, m->Ai, &common);
	if (!sym) {
		if (common.status == KLU_OUT_OF_MEMORY)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory solving the linked-process system");
		return pcfi_error(err, PCF_E_INTERNAL, "KLU could not analyse the system (status %d)", common.status);
	}
	num = klu_factor(m->Ap, m->Ai, m->Ax, sym, &common);
	if (!num || common.status == KLU_SINGULAR) {
		if (common.status == KLU_OUT_OF_MEMORY)
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory solving the linked-process system");
		else
			st = singular(inv, m->n, m->Ap, m->Ai,
			              common.singular_col >= 0 && common.singular_col < n ? common.singular_col : -1, err);
		goto out;
	}
	if (!klu_rcond(sym, num, &common) || !(common.rcond >= PCFI_MIN_RCOND)) {
		st = singular(inv, m->n, m->Ap, m->Ai, -1, err);
		goto out;
	}
	if (!klu_solve(sym, num, n, 1, x, &common)) {
		st = pcfi_error(err, PCF_E_SOLVE, "KLU could not solve the system (status %d)", common.status);
		goto out;
	}
out:
	if (num)
		klu_free_numeric(&num, &common);
	klu_free_symbolic(&sym, &common);
	return st;
}

pcf_status pcf_solve(const pcf_inventory *inv, double *supply, size_t n, pcf_error *err)
{
	return pcf_solve_scaled(inv, NULL, supply, n, err);
}

/*
 * Longer than 80 lines on purpose: building the linear system, solving it and checking the solution
 * share the same arrays and one failure path, and read as one numeric recipe.
 */
pcf_status pcf_solve_scaled(const pcf_inventory *inv, const double *scale, double *supply, size_t n, pcf_error *err)
{
	const pcf_product *prod;
	const pcf_process *ref;
	pcfi_matrix m;
	pcf_status st;
	double f;
	size_t i, nneg = 0, firstneg = 0;
	double *diag;
	char names[600];
	size_t used = 0;

	if (!inv || !supply || n != pcf_inventory_process_count(inv) || n == 0)
		return pcfi_error(err, PCF_E_ARG, "pcf_solve_scaled needs the inventory and an array of its %zu processes",
		                  inv ? pcf_inventory_process_count(inv) : 0);
	prod = pcf_inventory_product(inv);
	ref = pcf_inventory_process(inv, prod->reference_process);
	st = pcf_unit_convert(prod->declared_unit.amount, prod->declared_unit.unit, ref->reference.unit, &f, err);
	if (st)
		return st;
	st = pcfi_build_matrix(inv, &m, err);
	if (st)
		return st;
	/*
	 * Scale what each run of process i consumes by scale[i] (a methodology's allocation share, or 0
	 * for a process it excludes): the off-diagonal entries of column i, and on the diagonal only the
	 * self use (output minus self use). Validity of scale is the caller's (finite, >= 0).
	 */
	for (i = 0; scale && i < n; i++) {
		double ra = pcf_inventory_process(inv, i)->reference.amount;
		int k;
		for (k = m.Ap[i]; k < m.Ap[i + 1]; k++) {
			if ((size_t)m.Ai[k] == i)
				m.Ax[k] = ra - scale[i] * (ra - m.Ax[k]);
			else
				m.Ax[k] *= scale[i];
		}
	}
	/*
	 * Solve in output units: divide each column by its diagonal (the net output of one run), so
	 * that reference flows of very different sizes (1e-6 t, 1e9 kWh) do not look like a singular
	 * system to the pivot check; then s = s' / diagonal.
	 */
	diag = malloc(n * sizeof *diag);
	if (!diag) {
		pcfi_matrix_free(&m);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory solving the linked-process system");
	}
	for (i = 0; i < n; i++) {
		int k;
		diag[i] = m.Ax[m.Ap[i]]; /* the diagonal is the first entry of each column, > 0 */
		for (k = m.Ap[i]; k < m.Ap[i + 1]; k++)
			m.Ax[k] /= diag[i];
	}
	memset(supply, 0, n * sizeof *supply);
	supply[prod->reference_process] = f;
	st = pcfi_solve_matrix(inv, &m, supply, err);
	pcfi_matrix_free(&m);
	for (i = 0; i < n && !st; i++)
		supply[i] /= diag[i];
	free(diag);
	if (st)
		return st;
	names[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!isfinite(supply[i]))
			return pcfi_error(err, PCF_E_SOLVE, "the supply of process '%.80s' is not a finite number",
			                  pcf_inventory_process(inv, i)->id);
		/* round-off around zero is not a negative supply */
		if (supply[i] < 0 && supply[i] < -1e-12 * f) {
			if (nneg == 0)
				firstneg = i;
			if (nneg++ < 6 && used < sizeof names) {
				int w = snprintf(names + used, sizeof names - used, "%s'%.60s' (%g)", nneg > 1 ? ", " : "",
				                 pcf_inventory_process(inv, i)->id, supply[i]);
				if (w > 0)
					used += (size_t)w;
			}
		} else if (supply[i] <= 0) {
			supply[i] = 0;
		}
	}
	if (nneg) {
		const pcf_process *p = pcf_inventory_process(inv, firstneg);
		char path[48];
		snprintf(path, sizeof path, "processes[%zu]", firstneg);
		return pcfi_error_at(err, PCF_E_SOLVE, pcf_inventory_get_info(inv)->file, p->pos.line, p->pos.column, path,
		                     "negative supply for %zu process%s: %s%s; the loop they are in consumes more than it "
		                     "makes",
		                     nneg, nneg > 1 ? "es" : "", names, nneg > 6 ? ", ..." : "");
	}
	return PCF_OK;
}

/* ---- life-cycle inventory ---- */

static int gas_biogenic(const char *gas)
{
	return !strcmp(gas, "co2-biogenic") || !strcmp(gas, "ch4-non-fossil");
}

static pcf_flow_category category(int aircraft, int luc, int biogenic)
{
	if (aircraft)
		return PCF_CATEGORY_AIRCRAFT;
	if (luc)
		return PCF_CATEGORY_LAND_USE_CHANGE;
	if (biogenic)
		return PCF_CATEGORY_BIOGENIC;
	return PCF_CATEGORY_FOSSIL;
}

/* Just over 80 lines: one pass counts the flows, one fills them, in the order of the processes and of their emissions, removals and inputs. */
pcf_status pcf_lci_build(const pcf_inventory *inv, const double *supply, size_t n, pcf_lci **out, pcf_error *err)
{
	size_t i, j, k, count = 0;
	pcf_lci *lci;
	pcf_lci_flow *fl;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "no output given");
	*out = NULL;
	if (!inv || !supply || n != pcf_inventory_process_count(inv))
		return pcfi_error(err, PCF_E_ARG, "pcf_lci_build needs the inventory and the supply of its processes");
	for (i = 0; i < n; i++) {
		const pcf_process *p = pcf_inventory_process(inv, i);
		count += p->n_emissions + p->n_removals;
		for (j = 0; j < p->n_inputs; j++)
			if (p->inputs[j].kind == PCF_INPUT_FACTOR)
				count += p->inputs[j].factor->n_gases;
			else if (p->inputs[j].kind == PCF_INPUT_SUPPLIER) {
				if (!p->inputs[j].supplier)
					return pcfi_error(err, PCF_E_UNSUPPORTED,
					                  "%s:%lu:%lu: process '%s' takes the supplier bundle %s, which was not read "
					                  "(supplier inputs need a supplier trust policy: --supplier-trust)",
					                  pcf_inventory_get_info(inv)->file, p->inputs[j].pos.line,
					                  p->inputs[j].pos.column, p->id, p->inputs[j].supplier_ref);
				count += 5;
			}
	}
	lci = calloc(1, sizeof *lci);
	fl = calloc(count ? count : 1, sizeof *fl);
	if (!lci || !fl) {
		free(lci);
		free(fl);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory building the life-cycle inventory");
	}
	lci->flows = fl;
	for (i = 0; i < n; i++) {
		const pcf_process *p = pcf_inventory_process(inv, i);
		double s = supply[i];
		int primary = p->quality.primary == 1;
		for (j = 0; j < p->n_emissions; j++) {
			const pcf_emission *e = &p->emissions[j];
			pcf_lci_flow *f = &fl[lci->count++];
			f->process = i;
			f->origin = PCF_ORIGIN_DIRECT;
			f->index = j;
			f->gas = e->gas;
			f->amount_kg = e->amount_kg * s;
			f->biogenic = gas_biogenic(e->gas);
			f->category = category(p->aircraft_transport, p->land_use_change || e->land_use_change, f->biogenic);
			f->primary = primary;
		}
		for (j = 0; j < p->n_removals; j++) {
			const pcf_removal *r = &p->removals[j];
			pcf_lci_flow *f = &fl[lci->count++];
			f->process = i;
			f->origin = PCF_ORIGIN_REMOVAL;
			f->index = j;
			f->gas = r->gas;
			f->amount_kg = -(r->amount_kg * s);
			f->removal = 1;
			f->biogenic = gas_biogenic(r->gas);
			f->category = category(p->aircraft_transport, p->land_use_change, f->biogenic);
			f->primary = primary;
		}
		for (j = 0; j < p->n_inputs; j++) {
			const pcf_input *in = &p->inputs[j];
			if (in->kind == PCF_INPUT_SUPPLIER) {
				/* the supplier's parts per declared unit, times declared units per run, times runs */
				const pcf_supplier *sp = in->supplier;
				const double part[5] = { sp->fossil, sp->biogenic_emissions, -sp->biogenic_removals, sp->dluc,
				                         sp->aircraft };
				static const pcf_flow_category cat[5] = { PCF_CATEGORY_FOSSIL, PCF_CATEGORY_BIOGENIC,
				                                          PCF_CATEGORY_BIOGENIC, PCF_CATEGORY_LAND_USE_CHANGE,
				                                          PCF_CATEGORY_AIRCRAFT };
				for (k = 0; k < 5; k++) {
					pcf_lci_flow *f = &fl[lci->count++];
					f->process = i;
					f->origin = PCF_ORIGIN_SUPPLIER;
					f->index = j;
					f->gas = "co2e";
					f->amount_kg = in->converted * (isfinite(part[k]) ? part[k] : 0) * s;
					f->gwp_set = sp->gwp_set;
					f->biogenic = k == 1 || k == 2;
					f->category = cat[k];
					f->primary = 0;
					f->supplier = sp;
					f->removal = k == 2;
					f->primary_share = isfinite(sp->primary_share) ? sp->primary_share : 0;
				}
				continue;
			}
			if (in->kind != PCF_INPUT_FACTOR)
				continue;
			for (k = 0; k < in->factor->n_gases; k++) {
				const pcf_factor_gas *g = &in->factor->gases[k];
				pcf_lci_flow *f = &fl[lci->count++];
				f->process = i;
				f->origin = PCF_ORIGIN_FACTOR;
				f->index = j;
				f->gas = g->gas;
				f->amount_kg = in->converted * g->amount * s;
				f->factor = in->factor;
				f->gwp_set = in->factor->gwp_set;
				f->biogenic = gas_biogenic(g->gas);
				f->category = category(p->aircraft_transport || in->aircraft_transport, p->land_use_change,
				                       f->biogenic);
				f->primary = primary;
			}
		}
	}
	for (i = 0; i < lci->count; i++) {
		if (fl[i].amount_kg == 0)
			fl[i].amount_kg = 0; /* no negative zero */
		if (fl[i].origin != PCF_ORIGIN_SUPPLIER)
			fl[i].primary_share = fl[i].primary ? 1 : 0;
	}
	*out = lci;
	return PCF_OK;
}

size_t pcf_lci_count(const pcf_lci *lci)
{
	return lci ? lci->count : 0;
}

const pcf_lci_flow *pcf_lci_flow_at(const pcf_lci *lci, size_t i)
{
	return lci && i < lci->count ? &lci->flows[i] : NULL;
}

void pcf_lci_free(pcf_lci *lci)
{
	if (!lci)
		return;
	free(lci->flows);
	free(lci);
}

pcf_status pcf_inventory_validate(const char *path, const pcf_factor_lib *factors, const pcf_parse_limits *limits,
                                  size_t *nprocesses, pcf_diag *diag, pcf_error *err)
{
	pcf_inventory *inv = NULL;
	pcf_error e;
	pcf_status st;
	double *supply;
	size_t n;

	if (nprocesses)
		*nprocesses = 0;
	st = pcf_inventory_load(path, factors, limits, &inv, diag, err);
	if (st)
		return st;
	n = pcf_inventory_process_count(inv);
	if (nprocesses)
		*nprocesses = n;
	supply = malloc(n * sizeof *supply);
	if (!supply) {
		pcf_inventory_free(inv);
		pcfi_error(&e, PCF_E_NOMEM, "out of memory");
	} else {
		st = pcf_solve(inv, supply, n, &e);
		free(supply);
		pcf_inventory_free(inv);
		if (!st)
			return PCF_OK;
	}
	if (!e.file[0])
		snprintf(e.file, sizeof e.file, "%s", path);
	if (err)
		*err = e;
	pcfi_diag_add(diag, &e);
	return e.status;
}
