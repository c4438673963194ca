/*
 * background.c - background processes as inventory inputs (docs/inventory-format.md, "Background
 * processes"): the cradle-to-gate elementary flows of one process of a process library, per unit of
 * its reference product, presented to the inventory (and so to every methodology plugin) as an
 * emission factor with per-gas values. This is the resolver that pcf_factor_lib_set_background
 * installs; the factor names the library, its SHA-256, the process and the provider choices, so
 * that it can be recomputed (`pcf compute --library ... --process ...`) and exported with the
 * other library factors (pcf_inventory_factors_export).
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/gwp.h>
#include <pcf/lca.h>
#include <pcf/units.h>

#include "base/buf.h"
#include "base/error_impl.h"
#include "inventory/factors_impl.h" /* pcfi_region_valid */
#include "lca/lca_impl.h"

typedef struct bg_lib {
	char *name;
	const pcf_library *lib;
} bg_lib;

typedef struct bg_factor {
	pcf_factor f;
	pcf_factor_gas *gases;
	char *strings[7]; /* id, name, region, source, licence, notes, library */
} bg_factor;

struct pcf_lca_background {
	bg_lib *libs;
	size_t nlibs;
	bg_factor **factors;
	size_t nfactors;
	pthread_mutex_t lock; /* the factors computed so far: parses may run in several threads */
};

pcf_status pcf_lca_background_new(pcf_lca_background **out, pcf_error *err)
{
	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_background_new needs an output");
	if (!(*out = calloc(1, sizeof **out)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	pthread_mutex_init(&(*out)->lock, NULL);
	return PCF_OK;
}

static void factor_free(bg_factor *b)
{
	size_t i;
	if (!b)
		return;
	for (i = 0; i < sizeof b->strings / sizeof b->strings[0]; i++)
		free(b->strings[i]);
	free(b->gases);
	free(b);
}

void pcf_lca_background_free(pcf_lca_background *bg)
{
	size_t i;
	if (!bg)
		return;
	for (i = 0; i < bg->nlibs; i++)
		free(bg->libs[i].name);
	for (i = 0; i < bg->nfactors; i++)
		factor_free(bg->factors[i]);
	free(bg->libs), free(bg->factors);
	pthread_mutex_destroy(&bg->lock);
	free(bg);
}

pcf_status pcf_lca_background_add(pcf_lca_background *bg, const char *name, const pcf_library *lib, pcf_error *err)
{
	bg_lib *l;
	size_t i;

	if (!bg || !name || !*name || !lib)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_background_add needs a name and a library");
	for (i = 0; i < bg->nlibs; i++)
		if (!strcmp(bg->libs[i].name, name))
			return pcfi_error(err, PCF_E_INVALID, "two process libraries are named '%s'", name);
	if (!(l = realloc(bg->libs, (bg->nlibs + 1) * sizeof *l)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	bg->libs = l;
	if (!(l[bg->nlibs].name = strdup(name)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	l[bg->nlibs++].lib = lib;
	return PCF_OK;
}

size_t pcf_lca_background_factor_count(pcf_lca_background *bg)
{
	size_t n;
	if (!bg)
		return 0;
	pthread_mutex_lock(&bg->lock);
	n = bg->nfactors;
	pthread_mutex_unlock(&bg->lock);
	return n;
}

static int cmp_gas(const void *a, const void *b)
{
	return strcmp(((const pcf_factor_gas *)a)->gas, ((const pcf_factor_gas *)b)->gas);
}

/* The unit of the factor (static canonical symbol) and the amount of the reference exchange, as
 * written, that is 1 of it. */
static pcf_status factor_unit(const pcf_library *lib, size_t proc, const char **unit, double *amount, pcf_error *err)
{
	pcf_lib_process p;
	pcf_lib_exchange re;
	pcf_lib_flow fl;
	pcf_unit u;

	pcf_library_process(lib, proc, &p);
	pcf_library_exchange(lib, p.reference, &re);
	pcf_library_flow(lib, re.flow, &fl);
	if (!pcf_unit_lookup(re.unit_written, &u, NULL)) {
		*unit = u.symbol;
		*amount = 1;
		return PCF_OK;
	}
	if (re.amount != 0 && !pcf_unit_lookup(fl.unit, &u, NULL)) {
		*unit = u.symbol;
		*amount = re.amount_written / re.amount;
		return PCF_OK;
	}
	return pcfi_error(err, PCF_E_UNIT,
	                  "background process '%s' (%s) makes its product in '%s' (reference unit '%s'), which is not a "
	                  "pcfkit unit (docs/inventory-format.md, Units)",
	                  p.id, p.name, re.unit_written, fl.unit);
}

static char *dupf(pcfi_buf *b)
{
	char *s = b->data && !b->oom ? strdup(b->data) : NULL;
	pcfi_buf_free(b);
	return s;
}

static pcf_status make_factor(pcf_lca_background *bg, const bg_lib *L, const pcf_background_ref *ref,
                              const pcf_factor **out, pcf_error *err)
{
	pcf_lca_options o;
	pcf_lca_provider_choice *ch = NULL;
	pcf_lca_result *r = NULL;
	pcfi_gas_kg *g = NULL;
	size_t ng = 0, i, n = 0, target;
	const pcf_lca_footprint *fp;
	pcf_lib_process p;
	bg_factor *b = NULL;
	pcf_status st;
	pcfi_buf src = PCFI_BUF_INIT, notes = PCFI_BUF_INIT;
	const char *unit = NULL;
	double amount = 1;
	size_t cutoffs = 0, unmatched = 0;

	if ((st = pcf_library_find(L->lib, ref->process, &target, err)))
		return st;
	if ((st = factor_unit(L->lib, target, &unit, &amount, err)))
		return st;
	pcf_library_process(L->lib, target, &p);
	if (ref->n_providers && !(ch = calloc(ref->n_providers, sizeof *ch)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < ref->n_providers; i++)
		ch[i].flow = ref->provider_flows[i], ch[i].process = ref->provider_processes[i];
	memset(&o, 0, sizeof o);
	o.amount = amount;
	o.has_amount = 1;
	o.allocation = PCF_ALLOC_PHYSICAL;
	o.providers = ch;
	o.n_providers = ref->n_providers;
	st = pcf_lca_compute(L->lib, ref->process, &o, &r, err);
	free(ch);
	if (st)
		return st;
	fp = pcf_lca_result_footprint(r);
	if (fp->dluc != 0) {
		st = pcfi_error(err, PCF_E_UNSUPPORTED,
		                "background process '%s' (%s) has direct land-use change emissions (%.6g kg CO2e per %s): a "
		                "factor cannot carry them apart (docs/inventory-format.md, Background processes)",
		                p.id, p.name, fp->dluc, unit);
		goto done;
	}
	if (fp->biogenic_removals != 0 && !ref->exclude_removals) {
		st = pcfi_error(err, PCF_E_UNSUPPORTED,
		                "background process '%s' (%s) takes up CO2 (%.6g kg per %s): a factor cannot carry removals; "
		                "write 'removals: exclude' to leave them out (conservative: the footprint can only be larger)",
		                p.id, p.name, -fp->biogenic_removals, unit);
		goto done;
	}
	if ((st = pcfi_lca_result_gases(r, &g, &ng, &cutoffs, &unmatched, err)))
		goto done;
	if (!(b = calloc(1, sizeof *b)) || !(b->gases = calloc(ng ? ng : 1, sizeof *b->gases))) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < ng; i++) {
		pcf_gas gas;
		if (g[i].kg == 0)
			continue;
		if (g[i].kg < 0) {
			st = pcfi_error(err, PCF_E_UNSUPPORTED,
			                "background process '%s' (%s) has a net negative amount of %s (%.6g kg per %s): a factor "
			                "cannot carry it",
			                p.id, p.name, g[i].gas, g[i].kg, unit);
			goto done;
		}
		if (pcf_gas_lookup(g[i].gas, &gas, err)) {
			st = PCF_E_INVALID;
			goto done;
		}
		b->gases[n].gas = gas.id;
		b->gases[n++].amount = g[i].kg;
	}
	if (!n) /* no greenhouse gas at all: still one gas, zero */
		b->gases[n].gas = "co2-fossil", b->gases[n++].amount = 0;
	qsort(b->gases, n, sizeof *b->gases, cmp_gas);
	b->f.n_gases = n;
	b->f.gases = b->gases;
	b->f.value = n == 1 ? b->gases[0].amount : NAN;
	b->f.unit = unit;
	b->f.year = ref->year >= 1900 && ref->year <= 2100 ? ref->year : 2000;
	pcfi_buf_printf(&src, "process library '%s' (sha256 %s), process %s '%s'%s%s%s%s", L->name,
	                pcf_library_digest_hex(L->lib), p.id, p.name, *p.location ? ", location " : "", p.location,
	                p.source && *p.source ? "; " : "", p.source ? p.source : "");
	pcfi_buf_printf(&notes,
	                "cradle-to-gate elementary flows of the process with its whole background (%zu processes), "
	                "kg of each gas per 1 %s of its reference product, computed by pcfkit: pcf compute --library %s "
	                "--process %s",
	                pcf_lca_result_process_count(r), unit, L->name, p.id);
	for (i = 0; i < ref->n_providers; i++)
		pcfi_buf_printf(&notes, " --provider %s=%s", ref->provider_flows[i], ref->provider_processes[i]);
	if (amount != 1)
		pcfi_buf_printf(&notes, " --amount %.17g", amount);
	if (ref->exclude_removals)
		pcfi_buf_printf(&notes, "; its CO2 uptake of %.17g kg is left out (removals: exclude)", -fp->biogenic_removals);
	pcfi_buf_printf(&notes,
	                "; physical allocation; %s: fossil %.17g, biogenic %.17g kg CO2e; %zu cut-off flows, %zu "
	                "unmatched greenhouse-gas-like flows; the year is the inventory's reporting year (the library "
	                "records none)%s%s",
	                pcf_gwp_set_name(pcf_gwp_set_default()), fp->fossil, fp->biogenic_emissions,
	                cutoffs, unmatched, pcfi_region_valid(p.location) ? "" : "; library location: ",
	                pcfi_region_valid(p.location) ? "" : p.location);
	b->f.id = b->strings[0] = strdup(ref->id);
	b->f.name = b->strings[1] = strdup(p.name);
	b->f.region = b->strings[2] = strdup(pcfi_region_valid(p.location) ? p.location : "GLO");
	b->f.source = b->strings[3] = dupf(&src);
	b->f.licence = b->strings[4] = strdup("not recorded in the process library: that of its source");
	b->f.notes = b->strings[5] = dupf(&notes);
	b->f.library = b->strings[6] = strdup(L->name);
	for (i = 0; i < 7; i++)
		if (!b->strings[i]) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto done;
		}
	{
		bg_factor **a = realloc(bg->factors, (bg->nfactors + 1) * sizeof *a);
		if (!a) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto done;
		}
		bg->factors = a;
		a[bg->nfactors++] = b;
		*out = &b->f;
		b = NULL;
	}
done:
	factor_free(b);
	free(g);
	pcf_lca_result_free(r);
	return st;
}

pcf_status pcf_lca_background_resolve(void *ctx, const pcf_background_ref *ref, const pcf_factor **out, pcf_error *err)
{
	pcf_lca_background *bg = ctx;
	const bg_lib *L = NULL;
	pcf_status st;
	size_t i;

	if (!bg || !ref || !ref->id || !ref->library || !ref->process || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_background_resolve: bad arguments");
	*out = NULL;
	for (i = 0; i < bg->nlibs; i++)
		if (!strcmp(bg->libs[i].name, ref->library))
			L = &bg->libs[i];
	if (!L) {
		pcfi_buf b = PCFI_BUF_INIT;
		for (i = 0; i < bg->nlibs; i++)
			pcfi_buf_printf(&b, "%s'%s'", i ? ", " : "", bg->libs[i].name);
		st = pcfi_error(err, PCF_E_NOTFOUND, "no process library is named '%s' (given: %s; --library %s=FILE)",
		                ref->library, bg->nlibs ? b.data : "none", ref->library);
		pcfi_buf_free(&b);
		return st;
	}
	if (ref->sha256 && strcmp(ref->sha256, pcf_library_digest_hex(L->lib)))
		return pcfi_error(err, PCF_E_INVALID,
		                  "process library '%s' (%s) has SHA-256 %s, but the inventory asks for %s", L->name,
		                  pcf_library_path(L->lib), pcf_library_digest_hex(L->lib), ref->sha256);
	pthread_mutex_lock(&bg->lock);
	for (i = 0; i < bg->nfactors; i++) /* computed once per id and year */
		if (!strcmp(bg->factors[i]->f.id, ref->id) && bg->factors[i]->f.year == ref->year) {
			*out = &bg->factors[i]->f;
			pthread_mutex_unlock(&bg->lock);
			return PCF_OK;
		}
	st = make_factor(bg, L, ref, out, err);
	pthread_mutex_unlock(&bg->lock);
	return st;
}
