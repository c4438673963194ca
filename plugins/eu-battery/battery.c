/*
 * battery.c - the eu-battery methodology plugin: the carbon footprint of a battery under Regulation (EU)
 * 2023/1542 (Batteries Regulation) Article 7 and Annex II, in kg CO2e per kWh of the total energy the battery
 * delivers over its service life, following the calculation rules of a DRAFT: the JRC report "Rules for the
 * calculation of the Carbon Footprint of Electric Vehicle Batteries (CFB-EV)" (Andreasi Bassi et al., final
 * draft 2023) and the draft Annex to the delegated act on the EV-battery carbon footprint methodology published
 * on "Have your Say" on 30 April 2024. The adopted delegated act may differ; the performance class it will
 * define is not assigned here. docs/methods/eu-battery.md lists what is and is not implemented.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#include "../common/amounts.h"

#define BAT_VERSION "1.0.0"
#define BAT_REG "Regulation (EU) 2023/1542"
#define BAT_DRAFT "JRC CFB-EV final draft 2023; draft delegated act annex of 30 April 2024"
#define BAT_GWP "AR6"

#define INFO_INIT(v) (memset(&(v), 0, sizeof(v)), (v).abi = (pcf_abi)PCF_ABI_INIT(v))

static const pcf_param_spec param_capacity = {
	PCF_ABI_INIT(param_capacity), "energy-capacity", "number > 0 (kWh)", NULL,
	"the battery's usable energy at the start of its service life, kWh (functional unit, draft DA annex 3)"
};
static const pcf_param_spec param_cycles = {
	PCF_ABI_INIT(param_cycles), "cycles-per-year", "number > 0", NULL,
	"full equivalent charge-discharge cycles a year of the vehicle category (functional unit, draft DA annex 3)"
};
static const pcf_param_spec param_life = {
	PCF_ABI_INIT(param_life), "service-life", "number > 0 (years)", NULL,
	"service life in years, the warranty's (functional unit, draft DA annex 3)"
};
static const pcf_param_spec *const bat_params[] = { &param_capacity, &param_cycles, &param_life, NULL };

/* A functional-unit parameter; *out 0 when absent (then all three must be absent). */
static pcf_status positive(const pcf_host *h, pcf_ctx *ctx, const char *name, double *out)
{
	const char *v = h->param(ctx, name);
	char *end;

	*out = 0;
	if (!v)
		return PCF_OK;
	*out = strtod(v, &end);
	if (end == v || *end || !isfinite(*out) || !(*out > 0))
		return h->error(ctx, PCF_E_ARG, "parameter %s: expected a number > 0, found '%s'", name, v);
	return PCF_OK;
}

static const char *const stages[] = { "raw-material-acquisition", "production", "distribution", "end-of-life" };

static pcf_status battery_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod;
	double cap, cycles, life, fu, *supply = NULL;
	double total = 0, fossil = 0, bio = 0, removals = 0, luc = 0, aircraft = 0, use_excluded = 0;
	double by_stage[4] = { 0 }, primary = 0, pos = 0;
	double magnitude = 0;   /* kg CO2e, amounts.h */
	size_t i, n, nflows;
	pcf_status st;
	int warned_use = 0;

	INFO_INIT(prod);
	if ((st = h->product(ctx, &prod)) != PCF_OK || (st = positive(h, ctx, "energy-capacity", &cap)) != PCF_OK ||
	    (st = positive(h, ctx, "cycles-per-year", &cycles)) != PCF_OK ||
	    (st = positive(h, ctx, "service-life", &life)) != PCF_OK)
		return st;
	if ((cap > 0) != (cycles > 0) || (cap > 0) != (life > 0))
		return h->rule_error(ctx, "battery-functional-unit", BAT_REG " Annex II; " BAT_DRAFT, PCF_NO_PROCESS, NULL,
		                     "the functional unit needs all of --param energy-capacity, cycles-per-year and "
		                     "service-life (their product is the total energy delivered, kWh)");
	/* kWh delivered over the service life; without the parameters, the footprint of one battery */
	fu = cap > 0 ? cap * cycles * life : 1.0;
	if (!isfinite(fu))
		return h->error(ctx, PCF_E_ARG, "the total energy delivered is not a finite number");
	if (strcmp(prod.declared_unit, "piece") || prod.declared_amount != 1)
		return h->rule_error(ctx, "battery-declared-unit", BAT_REG " Annex II", PCF_NO_PROCESS, "product",
		                     "the inventory is for one battery (declared unit 1 piece); found %g %s",
		                     prod.declared_amount, prod.declared_unit);
	if (prod.offset_count)
		return h->rule_error(ctx, "battery-no-offsets", BAT_DRAFT, PCF_NO_PROCESS, "offsets[0]",
		                     "offsets are not part of the battery carbon footprint");
	n = prod.process_count;
	for (i = 0; i < n; i++) {
		pcf_process_info p;
		INFO_INIT(p);
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			return st;
		if (p.coproduct_count)
			return h->rule_error(ctx, "battery-allocation", BAT_DRAFT, i, "co-products[0]",
			                     "co-product allocation of the draft rules is not implemented by this plugin: model "
			                     "the process without co-products (docs/methods/eu-battery.md)");
	}
	if (!(supply = calloc(n ? n : 1, sizeof *supply)))
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	if ((st = h->solve(ctx, NULL, supply, n)) != PCF_OK || (st = h->lci(ctx, supply, NULL, n)) != PCF_OK)
		goto out;
	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++) {
		pcf_flow_info f;
		pcf_process_info p;
		double co2e, gwp = 1, v;
		size_t s;
		INFO_INIT(f);
		INFO_INIT(p);
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK || (st = h->process(ctx, f.process, &p)) != PCF_OK)
			goto out;
		if (f.origin == PCF_FROM_FACTOR && (st = h->add_factor(ctx, f.factor)) != PCF_OK)
			goto out;
		if (strcmp(f.gas, "co2e") && (st = h->gwp(ctx, BAT_GWP, f.gas, &gwp)) != PCF_OK)
			goto out;
		co2e = f.amount * gwp;
		if (!isfinite(co2e)) {
			st = pcfp_flow_not_finite(h, ctx, &f, f.amount, gwp);
			goto out;
		}
		if ((st = pcfp_add_magnitude(h, ctx, &f, co2e, &magnitude)) != PCF_OK)
			goto out;
		if (!strcmp(p.stage, "use")) {
			/* Annex II: the use stage is not part of the battery carbon footprint */
			use_excluded += co2e;
			if (!warned_use++ && (st = h->warn(ctx, "process '%s' is in the use stage, which the battery carbon "
			                                        "footprint excludes (%s Annex II)", p.id, BAT_REG)) != PCF_OK)
				goto out;
			continue;
		}
		for (s = 0; s < 4 && strcmp(p.stage, stages[s]); s++)
			;
		v = co2e / fu;
		total += v;
		if (s < 4)
			by_stage[s] += v;
		if (f.category == PCF_FLOW_LAND_USE_CHANGE)
			luc += v;
		else if (f.category == PCF_FLOW_BIOGENIC && v < 0)
			removals -= v;
		else if (f.category == PCF_FLOW_BIOGENIC)
			bio += v;
		else
			fossil += v;
		if (f.category == PCF_FLOW_AIRCRAFT)
			aircraft += v;
		if (v > 0) {
			pos += v;
			if (f.primary_share > 0) /* a supplier's flow: its own primary-data share */
				primary += v * f.primary_share;
		}
		if ((st = h->add_stage(ctx, p.stage, v)) != PCF_OK ||
		    (st = h->add_gas(ctx, f.gas, v, strcmp(f.gas, "co2e") ? f.amount / fu : NAN)) != PCF_OK ||
		    (st = h->add_process(ctx, f.process, v)) != PCF_OK)
			goto out;
	}
	if (!isfinite(total)) {
		st = h->error(ctx, PCF_E_INVALID, "the footprint is too large to compute: a sum is not a finite number");
		goto out;
	}
	if ((st = h->set_total(ctx, total, cap > 0 ? "kg CO2e/kWh" : "kg CO2e per battery")) != PCF_OK || (st = h->set_gwp_set(ctx, BAT_GWP)) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", fossil)) != PCF_OK || (st = h->set_figure(ctx, "biogenic-emissions", bio)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", removals)) != PCF_OK || (st = h->set_figure(ctx, "dluc", luc)) != PCF_OK ||
	    (st = h->set_figure(ctx, "aircraft", aircraft)) != PCF_OK ||
	    (st = h->set_figure(ctx, "raw-material-acquisition", by_stage[0])) != PCF_OK ||
	    (st = h->set_figure(ctx, "main-production", by_stage[1])) != PCF_OK ||
	    (st = h->set_figure(ctx, "distribution", by_stage[2])) != PCF_OK ||
	    (st = h->set_figure(ctx, "end-of-life-and-recycling", by_stage[3])) != PCF_OK ||
	    (st = h->set_figure(ctx, "use-stage-excluded", use_excluded / fu)) != PCF_OK ||
	    (st = h->set_primary_share(ctx, pos > 0 ? primary / pos : 0)) != PCF_OK ||
	    (st = h->set_allocation(ctx, "none", NULL)) != PCF_OK)
		goto out;
	if (cap > 0)
		st = h->warn(ctx, "functional unit: %g kWh x %g cycles a year x %g years = %g kWh delivered over the service "
		                  "life", cap, cycles, life, fu);
	else
		st = h->warn(ctx, "NOT the declared carbon footprint: without --param energy-capacity, cycles-per-year and "
		                  "service-life this is the footprint of one battery, kg CO2e, not per kWh of the total "
		                  "energy delivered that %s Annex II asks for", BAT_REG);
	if (st != PCF_OK)
		goto out;
	if ((st = h->warn(ctx, "computed with the rules of a draft (%s); the carbon footprint performance class is left "
	                       "to the delegated act and not assigned", BAT_DRAFT)) != PCF_OK)
		goto out;
out:
	free(supply);
	return st;
}

static const pcf_plugin bat_plugin = {
	PCF_ABI_INIT(bat_plugin),
	"eu-battery",
	BAT_VERSION,
	"EU Batteries Regulation carbon footprint, kg CO2e per kWh delivered over the service life (draft rules)",
	"Regulation (EU) 2023/1542 Art. 7 and Annex II; JRC CFB-EV final draft (2023) and draft delegated act annex "
	"(30 April 2024) - DRAFT rules",
	"2023/1542 Art. 7(1), Annex II (life-cycle stages, functional unit); draft DA annex 3 (functional unit)",
	"Apache-2.0",
	"Carbon footprint of an EV, LMT or industrial battery: the life-cycle GHG emissions of raw material "
	"acquisition and pre-processing, main product production, distribution, and end of life and recycling "
	"(the use stage excluded), characterised with IPCC AR6 GWP100, per kWh of the total energy delivered over the "
	"service life = usable energy x cycles a year x years (parameters). Follows draft rules (JRC CFB-EV 2023, draft "
	"delegated act annex of 30 April 2024); no performance class; the Circular Footprint Formula and co-product "
	"allocation are not implemented. See docs/methods/eu-battery.md.",
	bat_params,
	NULL,
	battery_compute,
	NULL,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR || host->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &bat_plugin;
	return PCF_OK;
}
