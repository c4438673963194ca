/*
 * example.c - the example methodology plugin: a small but real methodology that
 * docs/plugin-guide.md walks through. Copy it to start your own.
 *
 * The methodology "example" (not a standard; for learning and for testing pcfkit):
 *   - boundary: cradle-to-gate. Processes in the distribution, use or end-of-life stages are refused
 *     (rule "cradle-to-gate").
 *   - characterisation: IPCC AR6 GWP100, always. An inventory that asks for another set gets a warning.
 *   - allocation: a process with co-products shares its burdens by mass (physical allocation); a
 *     co-product without a mass is refused (rule "allocation-data").
 *   - offsets are refused (rule "no-offsets"); declared cut-off exclusions may add up to at most 5 %
 *     (rule "cut-off"); the exempted share is reported.
 *   - the total is fossil + biogenic emissions - biogenic removals + dLUC + aircraft; each of these is
 *     reported apart. The parameter removals=exclude leaves biogenic removals out of the total (they are
 *     still reported).
 *   - export "example-summary": a small JSON summary, to show how exports are written.
 *
 * How it works: the host solves the linked processes (host->solve, with the allocation shares) and
 * hands back the life-cycle inventory (host->lci): every elementary flow, already scaled to the
 * declared unit and by the allocation share, and tagged as
 * fossil, biogenic, land-use change or aircraft. The plugin characterises each flow with the GWP set,
 * applies its rules, and reports the numbers through the result builder (host->set_total, add_stage ...).
 * The host checks what it gets: finite numbers, every required field, breakdowns adding up to the total.
 *
 * Build (out of tree, against an installed pcfkit):
 *     cc $(pkg-config --cflags pcf) -std=c11 -shared -fPIC -Wl,-z,defs -o example.so example.c
 * Nothing else is linked: every service comes from the host table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

/* The GWP set this methodology uses. */
#define GWP_SET "AR6"
/* The largest share of the total that declared cut-off exclusions may add up to. */
#define MAX_CUTOFF 0.05

/*
 * Rule checks before computing. Each refusal names the rule, the clause of the methodology (here,
 * the section of docs/plugin-guide.md that states it) and the offending entry; the host adds the
 * entry's file:line:column.
 */
static pcf_status check_rules(const pcf_host *h, pcf_ctx *ctx, const pcf_product_info *prod, double *cutoff)
{
	size_t i, j;
	pcf_status st;

	/* No offsets: a footprint counts emissions, it does not net them against credits. */
	if (prod->offset_count > 0) {
		pcf_offset_info o = { .abi = PCF_ABI_INIT(o) };
		if ((st = h->offset(ctx, 0, &o)) != PCF_OK)
			return st;
		return h->rule_error(ctx, "no-offsets", "example rule 4", PCF_NO_PROCESS, "offsets[0]",
		                     "offsets may not be counted in a footprint, found '%s'", o.description);
	}

	/* Cut-off: the declared exclusions may add up to MAX_CUTOFF of the total. */
	*cutoff = 0;
	for (i = 0; i < prod->exclusion_count; i++) {
		pcf_exclusion_info x = { .abi = PCF_ABI_INIT(x) };
		if ((st = h->exclusion(ctx, i, &x)) != PCF_OK)
			return st;
		*cutoff += x.share;
		if (*cutoff > MAX_CUTOFF) {
			char field[40];
			snprintf(field, sizeof field, "exclusions[%zu]", i);
			return h->rule_error(ctx, "cut-off", "example rule 5", PCF_NO_PROCESS, field,
			                     "the excluded shares add up to %g, more than the %g allowed", *cutoff, MAX_CUTOFF);
		}
	}

	for (i = 0; i < prod->process_count; i++) {
		pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			return st;
		/* Cradle-to-gate: nothing after the factory gate. */
		if (strcmp(p.stage, "raw-material-acquisition") && strcmp(p.stage, "production"))
			return h->rule_error(ctx, "cradle-to-gate", "example rule 1", i, NULL,
			                     "stage '%s' is outside a cradle-to-gate boundary", p.stage);
		/* Physical allocation needs the mass of the product and of every co-product. */
		if (p.coproduct_count > 0 && isnan(p.mass))
			return h->rule_error(ctx, "allocation-data", "example rule 3", i, NULL,
			                     "the process has co-products, so physical allocation needs the mass of its reference flow");
		for (j = 0; j < p.coproduct_count; j++) {
			pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
			char field[48];
			if ((st = h->coproduct(ctx, i, j, &c)) != PCF_OK)
				return st;
			if (isnan(c.mass)) {
				/* The offending entry is "co-products[j]" inside process i. */
				snprintf(field, sizeof field, "co-products[%zu]", j);
				return h->rule_error(ctx, "allocation-data", "example rule 3", i, field,
				                     "co-product '%s' has no mass, which physical allocation needs", c.name);
			}
		}
	}
	return PCF_OK;
}

/*
 * The share of a process's burdens that stays with its reference flow under physical allocation:
 * mass of the reference flow / (that mass + the co-products' masses). 1 without co-products.
 */
static pcf_status allocation_share(const pcf_host *h, pcf_ctx *ctx, size_t i, double *share)
{
	pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
	double others = 0;
	size_t j;
	pcf_status st;

	if ((st = h->process(ctx, i, &p)) != PCF_OK)
		return st;
	*share = 1;
	if (p.coproduct_count == 0)
		return PCF_OK;
	for (j = 0; j < p.coproduct_count; j++) {
		pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
		if ((st = h->coproduct(ctx, i, j, &c)) != PCF_OK)
			return st;
		others += c.mass;
	}
	if (!(p.mass + others > 0))
		return h->rule_error(ctx, "allocation-data", "example rule 3", i, NULL,
		                     "the masses of the product and its co-products add up to zero");
	*share = p.mass / (p.mass + others);
	return PCF_OK;
}

/* compute: the one function every plugin has. */
static pcf_status example_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };
	double *supply = NULL, *share = NULL;
	double total = 0, fossil = 0, bio = 0, removals = 0, dluc = 0, air = 0;
	double magnitude = 0;    /* the sum of |co2e| of the flows so far */
	double primary = 0, all = 0, cutoff = 0;
	const char *rm = h->param(ctx, "removals");   /* "include" (the default) or "exclude" */
	int exclude_removals;
	size_t i, n, nflows;
	pcf_status st;

	if (!rm || (strcmp(rm, "include") && strcmp(rm, "exclude")))
		return h->error(ctx, PCF_E_ARG, "parameter removals must be include or exclude, not '%s'", rm ? rm : "");
	exclude_removals = !strcmp(rm, "exclude");

	if ((st = h->product(ctx, &prod)) != PCF_OK)
		return st;
	if ((st = check_rules(h, ctx, &prod, &cutoff)) != PCF_OK)
		return st;
	if (prod.gwp_set && strcmp(prod.gwp_set, GWP_SET))
		h->warn(ctx, "the inventory asks for GWP set %s; this methodology always uses %s", prod.gwp_set, GWP_SET);

	/* Solve the linked processes: supply[i] is how many runs of process i make the declared unit. */
	n = prod.process_count;
	supply = h->alloc(n * sizeof *supply);
	share = h->alloc(n * sizeof *share);
	if (!supply || !share) {
		st = h->error(ctx, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	/* The allocation share of every process: the fraction of its burdens (its inputs, and through them
	 * everything upstream, and its own emissions) that its reference flow carries. */
	for (i = 0; i < n; i++)
		if ((st = allocation_share(h, ctx, i, &share[i])) != PCF_OK)
			goto out;
	if ((st = h->solve(ctx, share, supply, n)) != PCF_OK)
		goto out;
	/* The life-cycle inventory of that supply: every flow, scaled to the declared unit and by the share. */
	if ((st = h->lci(ctx, supply, share, n)) != PCF_OK)
		goto out;

	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++) {
		pcf_flow_info f = { .abi = PCF_ABI_INIT(f) };
		pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
		double gwp = 1, co2e;

		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK || (st = h->process(ctx, f.process, &p)) != PCF_OK)
			goto out;
		/* Characterise: kg of gas times its GWP. A factor given in CO2e is already characterised. */
		if (strcmp(f.gas, "co2e") && (st = h->gwp(ctx, GWP_SET, f.gas, &gwp)) != PCF_OK)
			goto out;
		if (!strcmp(f.gas, "co2e") && f.gwp_set && strcmp(f.gwp_set, GWP_SET))
			h->warn(ctx, "a factor used by process '%s' is in CO2e under %s, not %s; used as given", p.id,
			        f.gwp_set, GWP_SET);
		co2e = f.amount * gwp;
		/* Huge amounts (1e308 kg): name the entry, so that the host adds its file:line:column. While the
		 * sum of |co2e| stays finite, so does every sum below (the total and each breakdown). */
		magnitude += fabs(co2e);
		if (!isfinite(co2e) || !isfinite(magnitude)) {
			char field[48];
			snprintf(field, sizeof field, "%s[%zu]", f.origin == PCF_FROM_REMOVAL ? "removals"
			         : f.origin == PCF_FROM_FACTOR ? "inputs" : "emissions", f.index);
			st = h->rule_error(ctx, "amounts-in-range", NULL, f.process, field,
			                   "%g kg of %s (GWP %g): %s more than the largest number: the inventory's amounts are "
			                   "out of range", f.amount, f.gas, gwp,
			                   isfinite(co2e) ? "with it the contributions add up to" : "its CO2e is");
			goto out;
		}

		/* Report each category apart; removals are negative flows of biogenic CO2. */
		if (f.origin == PCF_FROM_REMOVAL || f.removal) { /* a supplier's biogenic removals too */
			removals -= co2e;
			if (exclude_removals)
				continue;      /* reported, not counted */
		} else if (f.category == PCF_FLOW_AIRCRAFT)
			air += co2e;
		else if (f.category == PCF_FLOW_LAND_USE_CHANGE)
			dluc += co2e;
		else if (f.category == PCF_FLOW_BIOGENIC)
			bio += co2e;
		else
			fossil += co2e;
		total += co2e;

		/* Breakdowns: each adds up to the total, which the host checks. */
		if ((st = h->add_stage(ctx, p.stage, co2e)) != PCF_OK ||
		    (st = h->add_gas(ctx, f.gas, co2e, f.amount)) != PCF_OK ||
		    (st = h->add_process(ctx, f.process, co2e)) != PCF_OK)
			goto out;
		if (f.factor && (st = h->add_factor(ctx, f.factor)) != PCF_OK)
			goto out;
		all += fabs(co2e);
		if (f.primary_share > 0) /* 1 for the inventory's primary data; a supplier's own share for its flows */
			primary += fabs(co2e) * f.primary_share;
	}
	if (!isfinite(total)) {
		st = h->error(ctx, PCF_E_INVALID, "the total overflows");
		goto out;
	}

	if ((st = h->set_total(ctx, total, "kg CO2e")) != PCF_OK || (st = h->set_gwp_set(ctx, GWP_SET)) != PCF_OK ||
	    (st = h->set_boundary(ctx, "cradle-to-gate")) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", fossil)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-emissions", bio)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", removals)) != PCF_OK ||
	    (st = h->set_figure(ctx, "dluc", dluc)) != PCF_OK || (st = h->set_figure(ctx, "aircraft", air)) != PCF_OK ||
	    (st = h->set_primary_share(ctx, all > 0 ? primary / all : 0)) != PCF_OK ||
	    (st = h->set_cutoff_share(ctx, cutoff)) != PCF_OK)
		goto out;
	for (i = 0; i < n && share[i] == 1; i++)
		;
	st = i < n ? h->set_allocation(ctx, "physical", "by mass of the reference flow and the co-products")
	           : h->set_allocation(ctx, "none", NULL);
	if (st != PCF_OK)
		goto out;
	/* A warning for every process that does not say whether its data are primary. */
	for (i = 0; i < n; i++) {
		pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			goto out;
		if (p.primary < 0)
			h->warn(ctx, "process '%s' does not say whether its data are primary; counted as secondary", p.id);
	}
out:
	h->free(supply);
	h->free(share);
	return st;
}

/*
 * export_format: produce a named output from the inventory and the result just computed. The bytes
 * are made by the host's JSON writer, so they are deterministic and host-allocated.
 */
static pcf_status example_export(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *len)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };
	pcf_result_info r = { .abi = PCF_ABI_INIT(r) };
	pcf_jw *w;
	size_t i;
	pcf_status st;

	if (strcmp(format, "example-summary"))
		return h->error(ctx, PCF_E_NOTFOUND, "no format '%s'", format);
	if ((st = h->product(ctx, &prod)) != PCF_OK || (st = h->result_info(ctx, &r)) != PCF_OK)
		return st;
	if (!(w = h->jw_new(ctx)))
		return PCF_E_NOMEM;
	h->jw_begin_object(w);
	h->jw_key(w, "product");
	h->jw_string(w, prod.id);
	h->jw_key(w, "declared-unit");
	h->jw_string(w, prod.declared_unit);
	h->jw_key(w, "total");
	h->jw_number(w, r.total);
	h->jw_key(w, "unit");
	h->jw_string(w, r.unit);
	h->jw_key(w, "stages");
	h->jw_begin_object(w);
	for (i = 0; i < r.stage_count; i++) {
		pcf_item_info it = { .abi = PCF_ABI_INIT(it) };
		if ((st = h->result_item(ctx, PCF_RESULT_STAGES, i, &it)) != PCF_OK) {
			h->jw_free(w);
			return st;
		}
		h->jw_key(w, it.name);
		h->jw_number(w, it.value);
	}
	h->jw_end_object(w);
	h->jw_end_object(w);
	return h->jw_finish(w, out, len);
}

/* What the plugin accepts as --param NAME=VALUE. */
static const pcf_param_spec removals_param = {
	.abi = PCF_ABI_INIT(removals_param),
	.name = "removals",
	.values = "include|exclude",
	.default_value = "include",
	.description = "whether biogenic removals are subtracted in the total (they are reported either way)",
};
static const pcf_param_spec *const params[] = { &removals_param, NULL };

/* The export formats it offers (pcf compute --format NAME). */
static const pcf_format_spec summary_format = {
	.abi = PCF_ABI_INIT(summary_format),
	.name = "example-summary",
	.media_type = "application/json",
	.extension = "json",
	.description = "product, total and the stage breakdown, as a small JSON object",
};
static const pcf_format_spec *const formats[] = { &summary_format, NULL };

/* The descriptor: who the plugin is and where its functions are. Static; the host copies it. */
static const pcf_plugin example_plugin = {
	.abi = PCF_ABI_INIT(example_plugin),
	.id = "example",
	.version = "1.0.0",
	.title = "Example cradle-to-gate methodology (AR6, physical allocation)",
	.standard = "pcfkit example methodology (not a standard)",
	.clause = "rules 1-5 of docs/plugin-guide.md",
	.licence = "Apache-2.0",
	.description = "A small methodology for learning and testing: cradle-to-gate boundary, IPCC AR6 GWP100, "
	               "physical (mass) allocation of co-products, offsets refused, declared cut-off up to 5 %; "
	               "fossil, biogenic emissions and removals, direct land-use change and aircraft reported apart.",
	.params = params,
	.formats = formats,
	.compute = example_compute,
	.export_format = example_export,
};

/* The one exported symbol. Refuse a host of another major version; otherwise describe yourself. */
pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR || !host || host->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &example_plugin;
	return PCF_OK;
}
