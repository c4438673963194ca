/*
 * park.c - the zero-carbon-park methodology plugin: the core indicator of the national zero-carbon
 * industrial parks of the NDRC, MIIT and NEA notice on zero-carbon park construction (发改环资〔2025〕910号,
 * July 2025): carbon emissions per unit of energy consumption, t CO2 per tonne of standard coal
 * equivalent (tce), over a park's reporting year, checked against the threshold of the park's size band.
 *
 * The inventory describes the park in one reporting year (declared unit: 1 piece, the park-year): its
 * processes are the park's energy users and producers; their factor inputs are energy carriers (named by
 * --param carriers=FACTOR-ID=CARRIER,...) or, when not named, other inputs outside the indicator; their
 * direct CO2 emissions are industrial process emissions. Energy is converted to tce with the coefficients of
 * GB/T 2589-2020 (table in this file); emissions are the CO2 of the factors (fuels, purchased electricity and
 * heat) and the direct process CO2; green electricity and renewable self-generation count as energy and emit
 * nothing. Exactly what is in and out is in docs/methods/zero-carbon-park.md.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#include "../common/amounts.h"

#define PARK_VERSION "1.0.0"
#define PARK_NOTICE "NDRC/MIIT/NEA 发改环资〔2025〕910号"
#define PARK_GBT "GB/T 2589-2020"
#define KGCE_MJ 29.3076    /* 1 kgce = 29 307.6 kJ (7 000 kcal), GB/T 2589-2020 3.6 */

#define INFO_INIT(v) (memset(&(v), 0, sizeof(v)), (v).abi = (pcf_abi)PCF_ABI_INIT(v))

static const pcf_param_spec param_carriers = {
	PCF_ABI_INIT(param_carriers), "carriers",
	"comma-separated FACTOR-ID=CARRIER; CARRIER one of the GB/T 2589 carriers (raw-coal, coke, diesel, "
	"natural-gas, electricity, heat...), green-electricity, renewable-self, or ncv:MJ-PER-UNIT",
	NULL, "which emission factors of the inventory are energy carriers, and which carrier each is"
};
static const pcf_param_spec *const park_params[] = { &param_carriers, NULL };

/* GB/T 2589-2020 Appendix A, reference coefficients to standard coal (kgce per unit). Electricity and heat by
 * their equivalent value (当量值): 3.6 MJ/kWh and 1 MJ over 29.3076 MJ/kgce. */
typedef struct carrier {
	const char *name;
	double kgce;         /* per unit */
	const char *unit;    /* kg, m3, kWh, MJ */
	int kind;            /* 0 fuel, 1 purchased electricity, 2 purchased heat, 3 zero-emission electricity */
	const char *zh;
} carrier;

static const carrier carriers[] = {
	{ "raw-coal", 0.7143, "kg", 0, "原煤" },
	{ "cleaned-coal", 0.9000, "kg", 0, "洗精煤" },
	{ "coke", 0.9714, "kg", 0, "焦炭" },
	{ "crude-oil", 1.4286, "kg", 0, "原油" },
	{ "fuel-oil", 1.4286, "kg", 0, "燃料油" },
	{ "gasoline", 1.4714, "kg", 0, "汽油" },
	{ "kerosene", 1.4714, "kg", 0, "煤油" },
	{ "diesel", 1.4571, "kg", 0, "柴油" },
	{ "lpg", 1.7143, "kg", 0, "液化石油气" },
	{ "natural-gas", 1.2143, "m3", 0, "天然气 (38 931 kJ/m3)" },
	{ "electricity", 0.1229, "kWh", 1, "电力 (当量值)" },
	{ "heat", 0.03412, "MJ", 2, "热力 (当量值)" },
	{ "green-electricity", 0.1229, "kWh", 3, "绿色电力 (当量值)" },
	{ "renewable-self", 0.1229, "kWh", 3, "可再生能源自发自用电力 (当量值)" },
};

typedef struct park_use {
	const char *id;          /* factor id */
	const carrier *c;        /* NULL: an ncv carrier */
	double ncv;              /* MJ per factor unit, for ncv carriers */
} park_use;

#define PARK_MAX_CARRIERS 64

typedef struct park {
	park_use use[PARK_MAX_CARRIERS];
	size_t n_use;
	int infer;               /* no carriers parameter: infer electricity and heat from the factors' units */
	char buf[4096];          /* the parameter, split in place */
	double tce, co2, co2_green_ignored, excluded_gases, excluded_inputs, biogenic;
	double primary, counted_pos;
	double *supply;
	size_t n;
} park;

static const park_use *find_use(const park *k, const char *id)
{
	size_t i;
	for (i = 0; i < k->n_use; i++)
		if (!strcmp(k->use[i].id, id))
			return &k->use[i];
	return NULL;
}

/* Without --param carriers: a factor per an electric energy unit is purchased electricity, one per a heat
 * energy unit (J to TJ) purchased heat; the rest (fuels in kg or m3 included) cannot be told apart and stay
 * outside, with a warning. Remembered in k->use so that energy() and the flows agree. */
static const park_use *carrier_of(park *k, const pcf_factor_info *fi)
{
	static const char elec[] = ",Wh,kWh,MWh,GWh,", heat[] = ",J,kJ,MJ,GJ,TJ,";
	const park_use *u = find_use(k, fi->id);
	char key[32];
	size_t i;

	if (u || !k->infer || !fi->per || k->n_use == PARK_MAX_CARRIERS)
		return u;
	snprintf(key, sizeof key, ",%s,", fi->per);
	for (i = 0; i < sizeof carriers / sizeof carriers[0]; i++)
		if ((strstr(elec, key) && !strcmp(carriers[i].name, "electricity")) ||
		    (strstr(heat, key) && !strcmp(carriers[i].name, "heat"))) {
			k->use[k->n_use].id = fi->id;
			k->use[k->n_use].c = &carriers[i];
			return &k->use[k->n_use++];
		}
	return NULL;
}

static pcf_status parse_carriers(const pcf_host *h, pcf_ctx *ctx, park *k)
{
	const char *v = h->param(ctx, "carriers");
	char *p, *next;
	size_t i;

	if (!v) {
		k->infer = 1;   /* factors per an electric or heat energy unit are taken as those carriers */
		return PCF_OK;
	}
	if (!*v)
		return h->rule_error(ctx, "park-carriers", PARK_GBT, PCF_NO_PROCESS, NULL,
		                     "the park's energy carriers are not named: give --param carriers=FACTOR-ID=CARRIER,... "
		                     "(the indicator converts each carrier's consumption to tce)");
	if (strlen(v) >= sizeof k->buf)
		return h->error(ctx, PCF_E_ARG, "parameter carriers: longer than %zu characters", sizeof k->buf - 1);
	strcpy(k->buf, v);
	for (p = k->buf; p; p = next) {
		char *eq, *name;
		park_use *u;
		if ((next = strchr(p, ',')))
			*next++ = '\0';
		eq = strchr(p, '=');
		while (*p == ' ')
			p++;
		if (!eq || eq == p || !eq[1])
			return h->error(ctx, PCF_E_ARG, "parameter carriers: expected FACTOR-ID=CARRIER, found '%s'", p);
		*eq = '\0';
		name = eq + 1;
		if (k->n_use == PARK_MAX_CARRIERS)
			return h->error(ctx, PCF_E_ARG, "parameter carriers: more than %d carriers", PARK_MAX_CARRIERS);
		if (find_use(k, p))
			return h->error(ctx, PCF_E_ARG, "parameter carriers: factor '%s' is named twice", p);
		u = &k->use[k->n_use];
		u->id = p;
		u->c = NULL;
		if (!strncmp(name, "ncv:", 4)) {
			char *end;
			u->ncv = strtod(name + 4, &end);
			if (end == name + 4 || *end || !isfinite(u->ncv) || !(u->ncv > 0))
				return h->error(ctx, PCF_E_ARG, "parameter carriers: '%s=%s': expected ncv:MJ-PER-UNIT with a "
				                "positive number", p, name);
		} else {
			for (i = 0; i < sizeof carriers / sizeof carriers[0]; i++)
				if (!strcmp(name, carriers[i].name))
					u->c = &carriers[i];
			if (!u->c)
				return h->error(ctx, PCF_E_ARG, "parameter carriers: '%s' is not a carrier (raw-coal, cleaned-coal, "
				                "coke, crude-oil, fuel-oil, gasoline, kerosene, diesel, lpg, natural-gas, "
				                "electricity, heat, green-electricity, renewable-self, ncv:MJ-PER-UNIT)", name);
		}
		k->n_use++;
	}
	return PCF_OK;
}

/* The reporting period must be one year: end = start + 1 year - 1 day. */
static pcf_status check_year(const pcf_host *h, pcf_ctx *ctx, const pcf_product_info *p)
{
	char a[32], b1[32], b2[32];
	int y, m, d;

	if (!h->date_check(p->period_start, &y, &m, &d) || !h->date_check(p->period_end, NULL, NULL, NULL))
		return h->rule_error(ctx, "park-annual", PARK_NOTICE, PCF_NO_PROCESS, "reporting-period",
		                     "the reporting period is not two dates YYYY-MM-DD");
	if (h->date_rfc3339(ctx, p->period_end, 1, a, sizeof a) != PCF_OK ||
	    h->date_rfc3339(ctx, p->period_start, 365, b1, sizeof b1) != PCF_OK ||
	    h->date_rfc3339(ctx, p->period_start, 366, b2, sizeof b2) != PCF_OK)
		return h->rule_error(ctx, "park-annual", PARK_NOTICE, PCF_NO_PROCESS, "reporting-period",
		                     "the reporting period %s to %s cannot be checked to be one year: a year from "
		                     "its start is outside years 0001-9999",
		                     p->period_start, p->period_end);
	/* a year from start: 365 days, or 366 across a 29 February; the one whose date keeps month and day */
	if ((strcmp(a, b1) || strncmp(a + 5, p->period_start + 5, 5)) && (strcmp(a, b2) || strncmp(a + 5, p->period_start + 5, 5)))
		return h->rule_error(ctx, "park-annual", PARK_NOTICE, PCF_NO_PROCESS, "reporting-period",
		                     "the indicator is annual: the reporting period %s to %s is not one year",
		                     p->period_start, p->period_end);
	return PCF_OK;
}

static pcf_status check_rules(const pcf_host *h, pcf_ctx *ctx, const pcf_product_info *prod)
{
	size_t i;

	if (strcmp(prod->declared_unit, "piece") || prod->declared_amount != 1)
		return h->rule_error(ctx, "park-declared-unit", PARK_NOTICE, PCF_NO_PROCESS, "product",
		                     "the declared unit is the park in its reporting year, 1 piece; found %g %s",
		                     prod->declared_amount, prod->declared_unit);
	if (prod->offset_count)
		return h->rule_error(ctx, "park-no-offsets", PARK_NOTICE, PCF_NO_PROCESS, "offsets[0]",
		                     "offsets do not reduce the park's emissions per unit of energy consumption");
	for (i = 0; i < prod->process_count; i++) {
		pcf_process_info p;
		INFO_INIT(p);
		pcf_status st = h->process(ctx, i, &p);
		if (st != PCF_OK)
			return st;
		if (p.coproduct_count)
			return h->rule_error(ctx, "park-whole", PARK_NOTICE, i, "co-products[0]",
			                     "the indicator covers the whole park: nothing is allocated to co-products");
		if (p.removal_count)
			return h->rule_error(ctx, "park-no-removals", PARK_NOTICE, i, "removals[0]",
			                     "removals are not part of the indicator, which counts emissions from energy use and "
			                     "industrial processes");
	}
	return PCF_OK;
}

/* Energy in tce of every carrier input, scaled by the runs of its process. */
static pcf_status energy(const pcf_host *h, pcf_ctx *ctx, park *k, size_t n)
{
	size_t i, j;
	pcf_status st;

	for (i = 0; i < n; i++) {
		pcf_process_info p;
		INFO_INIT(p);
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			return st;
		for (j = 0; j < p.input_count; j++) {
			pcf_input_info in;
			pcf_factor_info fi;
			const park_use *u;
			double amount, kgce;
			INFO_INIT(in);
			INFO_INIT(fi);
			if ((st = h->input(ctx, i, j, &in)) != PCF_OK)
				return st;
			if (in.kind != PCF_FROM_FACTOR)
				continue;
			if ((st = h->factor_info(ctx, in.factor, &fi)) != PCF_OK)
				return st;
			if (!(u = carrier_of(k, &fi)))
				continue;
			if (u->c) {
				if ((st = h->convert(ctx, in.converted, fi.per, u->c->unit, &amount)) != PCF_OK)
					return st;
				kgce = amount * u->c->kgce;
			} else {
				kgce = in.converted * u->ncv / KGCE_MJ;
			}
			k->tce += kgce * k->supply[i] / 1000.0;
			if (!isfinite(k->tce)) {
				char field[48];
				snprintf(field, sizeof field, "inputs[%zu]", j);
				return h->rule_error(ctx, PCFP_RULE_AMOUNTS, NULL, i, field,
				                     "with this input of %s (%g %s) the park's energy consumption is more than the "
				                     "largest number of tce: the inventory's amounts are out of range",
				                     fi.id ? fi.id : "a carrier", in.converted, fi.per ? fi.per : "");
			}
		}
	}
	return PCF_OK;
}

static pcf_status park_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod;
	park *k = calloc(1, sizeof *k);
	pcf_status st;
	size_t i, nflows;
	double total, threshold = NAN;
	double magnitude = 0, per_tce = 0;   /* kg, and t CO2 per tce: amounts.h */
	int warned_gas = 0, warned_input = 0, warned_co2e = 0, warned_supplier = 0;

	if (!k)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	INFO_INIT(prod);
	if ((st = h->product(ctx, &prod)) != PCF_OK || (st = parse_carriers(h, ctx, k)) != PCF_OK ||
	    (st = check_rules(h, ctx, &prod)) != PCF_OK || (st = check_year(h, ctx, &prod)) != PCF_OK)
		goto out;
	k->n = prod.process_count;
	k->supply = calloc(k->n ? k->n : 1, sizeof *k->supply);
	if (!k->supply) {
		st = h->error(ctx, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	if ((st = h->solve(ctx, NULL, k->supply, k->n)) != PCF_OK || (st = h->lci(ctx, k->supply, NULL, k->n)) != PCF_OK ||
	    (st = energy(h, ctx, k, k->n)) != PCF_OK)
		goto out;
	if (!(k->tce > 0) || !isfinite(k->tce)) {
		st = h->rule_error(ctx, "park-energy", PARK_NOTICE, PCF_NO_PROCESS, NULL,
		                   "the park's energy consumption is %g tce: the indicator needs a positive, finite "
		                   "consumption (are the carriers' factors used as inputs?)", k->tce);
		goto out;
	}

	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++) {
		pcf_flow_info f;
		pcf_factor_info fi;
		pcf_process_info p;
		const park_use *u = NULL;
		double t;
		INFO_INIT(f);
		INFO_INIT(fi);
		INFO_INIT(p);
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK || (st = h->process(ctx, f.process, &p)) != PCF_OK)
			goto out;
		t = f.amount / 1000.0;   /* t of gas (t CO2e for co2e) */
		if (!isfinite(t)) {
			st = pcfp_flow_not_finite(h, ctx, &f, f.amount, 1);
			goto out;
		}
		if ((st = pcfp_add_magnitude(h, ctx, &f, f.amount, &magnitude)) != PCF_OK)
			goto out;
		per_tce += fabs(t / k->tce);
		if (!isfinite(per_tce)) {
			char field[48];
			st = h->rule_error(ctx, PCFP_RULE_AMOUNTS, NULL, f.process, pcfp_flow_field(&f, field, sizeof field),
			                   "this %s of %s (%g t) over the park's %g tce makes the indicator more than the largest "
			                   "number: the inventory's amounts are out of range", pcfp_flow_kind(&f), f.gas, t,
			                   k->tce);
			goto out;
		}
		if (f.origin == PCF_FROM_SUPPLIER) {
			/* a supplier's product is not an energy carrier of the park: outside the indicator */
			k->excluded_inputs += t;
			if (!warned_supplier++ &&
			    (st = h->warn(ctx, "supplier certificates (process '%s') are not energy carriers and are outside "
			                       "the indicator", p.id)) != PCF_OK)
				goto out;
			continue;
		}
		if (f.origin == PCF_FROM_FACTOR) {
			if ((st = h->factor_info(ctx, f.factor, &fi)) != PCF_OK)
				goto out;
			if (!(u = carrier_of(k, &fi))) {
				k->excluded_inputs += t;
				if (!warned_input++ && (st = h->warn(ctx, "inputs that are not energy carriers (factor '%s' and any "
				                                           "other not named in carriers) are outside the indicator",
				                                     fi.id)) != PCF_OK)
					goto out;
				continue;
			}
			if ((st = h->add_factor(ctx, f.factor)) != PCF_OK)
				goto out;
			if (u->c && u->c->kind == 3) {
				/* green electricity, renewable self-generation: no emissions */
				k->co2_green_ignored += t;
				continue;
			}
		}
		if (!strcmp(f.gas, "co2-biogenic")) {
			k->biogenic += t;
			continue;
		}
		if (strcmp(f.gas, "co2-fossil") && strcmp(f.gas, "co2e")) {
			k->excluded_gases += t;
			if (!warned_gas++ && (st = h->warn(ctx, "%s and every gas other than CO2 are outside the indicator, which "
			                                        "is t CO2 per tce", f.gas)) != PCF_OK)
				goto out;
			continue;
		}
		if (!strcmp(f.gas, "co2e") && !warned_co2e++ &&
		    (st = h->warn(ctx, "a factor given in CO2e is counted as CO2 (factor '%s')", fi.id ? fi.id : "")) != PCF_OK)
			goto out;
		k->co2 += t;
		if (t > 0) {
			k->counted_pos += t;
			if (f.primary == 1)
				k->primary += t;
		}
		if ((st = h->add_stage(ctx, p.stage, t / k->tce)) != PCF_OK ||
		    (st = h->add_gas(ctx, "co2-fossil", t / k->tce, NAN)) != PCF_OK ||
		    (st = h->add_process(ctx, f.process, t / k->tce)) != PCF_OK)
			goto out;
	}
	total = k->co2 / k->tce;
	if (!isfinite(total)) {
		st = h->error(ctx, PCF_E_INVALID, "the indicator is too large to compute: not a finite number");
		goto out;
	}
	/* the threshold of the park's size band (annual comprehensive energy consumption) */
	if (k->tce >= 1e6)
		threshold = 0.3;
	else if (k->tce >= 2e5)
		threshold = 0.2;
	if ((st = h->set_total(ctx, total, "t CO2/tce")) != PCF_OK || (st = h->set_gwp_set(ctx, "AR6")) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", total)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-emissions", k->biogenic / k->tce)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", 0)) != PCF_OK || (st = h->set_figure(ctx, "dluc", 0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "aircraft", 0)) != PCF_OK ||
	    (!isnan(threshold) && (st = h->set_figure(ctx, "threshold", threshold)) != PCF_OK) ||
	    (!isnan(threshold) && (st = h->set_figure(ctx, "margin", threshold - total)) != PCF_OK) ||
	    (st = h->set_primary_share(ctx, k->counted_pos > 0 ? k->primary / k->counted_pos : 0)) != PCF_OK ||
	    (st = h->set_allocation(ctx, "none", "the whole park, nothing allocated")) != PCF_OK)
		goto out;
	if (k->infer && (st = h->warn(ctx, "no --param carriers: factors per kWh (MWh...) are taken as purchased electricity "
	                                   "and per MJ (GJ...) as purchased heat; fuels are not recognised and are outside "
	                                   "the indicator")) != PCF_OK)
		goto out;
	if ((st = h->warn(ctx, "annual energy consumption %.6g tce (%s), CO2 %.6g t: %.6g t CO2/tce", k->tce, PARK_GBT,
	                  k->co2, total)) != PCF_OK)
		goto out;
	if (isnan(threshold))
		st = h->warn(ctx, "below 200 000 tce a year the notice sets no threshold for the indicator (%s)", PARK_NOTICE);
	else
		st = h->warn(ctx, "%s: the indicator %.6g t CO2/tce %s the threshold %g t CO2/tce of parks of %s tce a year",
		             total <= threshold ? "met" : "NOT MET", total, total <= threshold ? "is within" : "exceeds", threshold,
		             threshold == 0.3 ? "1 000 000 or more" : "200 000 to 1 000 000");
out:
	free(k->supply);
	free(k);
	return st;
}

static const pcf_plugin park_plugin = {
	PCF_ABI_INIT(park_plugin),
	"zero-carbon-park",
	PARK_VERSION,
	"Zero-carbon industrial park: CO2 per unit of energy consumption (t CO2/tce), with the size-band threshold",
	"NDRC, MIIT, NEA notice on zero-carbon park construction, 发改环资〔2025〕910号 (2025); GB/T 2589-2020",
	"910号 core indicator (单位能耗碳排放) and its thresholds; GB/T 2589-2020 Appendix A coefficients",
	"Apache-2.0",
	"The core indicator of national zero-carbon parks: the park's annual CO2 emissions (fuels, purchased "
	"electricity and heat, industrial process CO2) over its annual energy consumption in tonnes of standard coal "
	"equivalent (GB/T 2589-2020 coefficients; electricity and heat by equivalent value). Green electricity and "
	"renewable self-generation count as energy with zero emissions. The threshold is 0.2 t CO2/tce for parks of "
	"0.2 to 1 Mtce a year, 0.3 above (figures threshold, margin). Carriers are named by --param carriers. Not in "
	"the indicator: non-CO2 gases, biogenic CO2, materials, offsets, removals. See docs/methods/zero-carbon-park.md.",
	park_params,
	NULL,
	park_compute,
	NULL,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR || host->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &park_plugin;
	return PCF_OK;
}
