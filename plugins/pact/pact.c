/*
 * pact.c - the PACT methodology plugin: product carbon footprints under the PACT Methodology v3.0
 * (WBCSD Partnership for Carbon Transparency, formerly the Pathfinder Framework), cradle-to-gate,
 * IPCC AR6 GWP100, with exports to the PACT ProductFootprint data model of the Technical
 * Specifications 3.0.3 ("pact-v3") and 2.3 ("pact-v2", deprecated by PACT in April 2026).
 *
 * The rules, the clauses they follow and the tests covering each are listed in docs/methods/pact.md.
 * compute() and export_format() both run pact_run(), the one computation; the export checks that
 * the result it is given is the one pact_run() makes and reads everything else from the inventory,
 * so the exported figures are the certified ones, byte for byte.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#include "../common/amounts.h"
#include "trade_util.h"

#define PACT_PLUGIN_VERSION "2.0.0"
#define PACT_GWP "AR6"
#define PACT_METHOD "PACT Methodology v3.0"
#define PACT_EXEMPTION_MAX_V2 0.05  /* TS 2.3 exemptedEmissionsPercent: maximum 5 */
#define PACT_TS3 "PACT Technical Specifications 3.0.3"

/* ------------------------------------------------------------------------------------------------
 * Self-description
 * ---------------------------------------------------------------------------------------------- */

static const pcf_param_spec param_allocation = {
	PCF_ABI_INIT(param_allocation), "allocation", "physical|economic", "physical",
	"co-product allocation (PACT Methodology 3.3.1.3): physical (mass) or economic (value)"
};
static const pcf_param_spec param_cpc = {
	PCF_ABI_INIT(param_cpc), "cpc", "UN CPC code, e.g. 34110", NULL,
	"the product's UN Central Product Classification code (productCategoryCpc, required by pact-v2)"
};
static const pcf_param_spec param_fossil_carbon = {
	PCF_ABI_INIT(param_fossil_carbon), "fossil-carbon-content", "number >= 0 (kg C per declared unit)", NULL,
	"fossil carbon contained in the product per declared unit (fossilCarbonContent, required by both exports)"
};
static const pcf_param_spec param_packaging = {
	PCF_ABI_INIT(param_packaging), "packaging", "included|excluded", NULL,
	"whether the inventory includes the product's packaging (packagingEmissionsIncluded, required by both exports)"
};
static const pcf_param_spec param_preceding = {
	PCF_ABI_INIT(param_preceding), "preceding-pf-ids", "comma-separated UUIDs", NULL,
	"ids of the earlier versions of this footprint (precedingPfIds, TS 3.0.3 lifecycle): a changed footprint gets "
	"a new id and lists the old ones here"
};
static const pcf_param_spec *const pact_params[] = {
	&param_allocation, &param_cpc, &param_fossil_carbon, &param_packaging, &param_preceding, NULL
};

static const pcf_format_spec format_v2 = {
	PCF_ABI_INIT(format_v2), "pact-v2", "application/json", "json",
	"PACT ProductFootprint, Technical Specifications 2.3 (specVersion 2.3.0); deprecated by PACT in April 2026, "
	"kept for partners still on 2.x"
};
static const pcf_format_spec format_v3 = {
	PCF_ABI_INIT(format_v3), "pact-v3", "application/json", "json",
	"PACT ProductFootprint, Technical Specifications 3.0.3 (specVersion 3.0.3)"
};
static const pcf_format_spec *const pact_formats[] = { &format_v2, &format_v3, NULL };

/* ------------------------------------------------------------------------------------------------
 * The model: everything compute and export need, made by pact_run
 * ---------------------------------------------------------------------------------------------- */

typedef struct pact_proc {
	pcf_process_info info;
	double alpha;        /* share of the run's burdens carried by the reference flow */
	double counted;      /* kg CO2e per declared unit counted in the PCF (excl. uptake) */
	double positive;     /* the positive part of it, for data-quality weights */
} pact_proc;

typedef struct pact_model {
	pcf_product_info prod;
	size_t n;
	pact_proc *procs;
	double *b;           /* supply: runs of each process for the declared unit */
	double *alpha;       /* allocation shares, the host's solve and lci scale */
	double fossil, luc, bio_nonco2, bio_co2, aircraft, outbound;
	double biogenic_carbon;  /* kg C per declared unit */
	double uptake;           /* <= 0 */
	double excl, incl;
	double total_pos, primary_pos;
	double primary_share, cutoff_share;
	double dq3_w, dq3[3];    /* technological, temporal, geographical on the inventory's 1..5 (TS 3.0's scale) */
	double dq5_w, dq5[5];    /* the same plus completeness, reliability */
	int other_ar[8];         /* GWP sets of CO2e factors other than AR6: 4 = AR4, 5 = AR5 ... */
	int unknown_ar;
	const char *allocation;
	char alloc_note[512];
	int has_distribution;
	int publish;             /* compute (result builder open) rather than export */
} pact_model;

static void model_free(pact_model *m)
{
	free(m->procs);
	free(m->b);
	free(m->alpha);
	m->procs = NULL;
	m->b = NULL;
	m->alpha = NULL;
}

/* 1..5 (1 best, the inventory's scale) to 2.x's 1..3 (TS 2.3 DataQualityIndicators, 1 best), linearly. */
static double dq_map(double q)
{
	return 1.0 + (q - 1.0) / 2.0;
}

static int ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

#define PACT_MAX_PRECEDING 64

/* preceding-pf-ids as canonical lowercase UUIDs (the form the exports write ids in), distinct. */
static pcf_status parse_preceding(const pcf_host *h, pcf_ctx *ctx, char ids[][37], size_t *n)
{
	const char *list = h->param(ctx, "preceding-pf-ids"), *p = list;
	size_t i, k;

	*n = 0;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		for (i = 0; i < len && len == 36; i++)
			if ((i == 8 || i == 13 || i == 18 || i == 23) ? p[i] != '-'
			                                             : !isdigit((unsigned char)p[i]) && !(p[i] >= 'a' && p[i] <= 'f'))
				break;
		if (len != 36 || i != 36)
			return h->error(ctx, PCF_E_ARG, "parameter preceding-pf-ids: expected UUIDs in lowercase 8-4-4-4-12 form, "
			                "found '%.*s'", (int)len, p);
		if (*n == PACT_MAX_PRECEDING)
			return h->error(ctx, PCF_E_ARG, "parameter preceding-pf-ids: more than %d ids", PACT_MAX_PRECEDING);
		memcpy(ids[*n], p, 36);
		ids[*n][36] = '\0';
		for (k = 0; k < *n; k++)
			if (!strcmp(ids[k], ids[*n]))
				return h->error(ctx, PCF_E_ARG, "parameter preceding-pf-ids: %s is listed twice", ids[k]);
		(*n)++;
		p = end ? end + 1 : NULL;
	}
	if (list && !*n)
		return h->error(ctx, PCF_E_ARG, "parameter preceding-pf-ids: expected at least one id");
	return PCF_OK;
}

static pcf_status check_params(const pcf_host *h, pcf_ctx *ctx)
{
	const char *a = h->param(ctx, "allocation");
	const char *pk = h->param(ctx, "packaging");
	const char *fc = h->param(ctx, "fossil-carbon-content");
	const char *cpc = h->param(ctx, "cpc");

	if (a && strcmp(a, "physical") && strcmp(a, "economic"))
		return h->error(ctx, PCF_E_ARG, "parameter allocation: expected physical or economic, found '%s'", a);
	if (pk && strcmp(pk, "included") && strcmp(pk, "excluded"))
		return h->error(ctx, PCF_E_ARG, "parameter packaging: expected included or excluded, found '%s'", pk);
	if (fc) {
		char *end;
		double v = strtod(fc, &end);
		if (end == fc || *end || !isfinite(v) || v < 0)
			return h->error(ctx, PCF_E_ARG,
			                "parameter fossil-carbon-content: expected a number >= 0 (kg C per declared unit), found '%s'",
			                fc);
	}
	if (h->param(ctx, "preceding-pf-ids")) {
		char ids[PACT_MAX_PRECEDING][37];
		size_t n;
		pcf_status st = parse_preceding(h, ctx, ids, &n);
		if (st != PCF_OK)
			return st;
	}
	if (cpc) {
		const char *c = cpc;
		if (!*c)
			return h->error(ctx, PCF_E_ARG, "parameter cpc: expected a UN CPC code, found an empty value");
		for (; *c; c++)
			if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-')
				return h->error(ctx, PCF_E_ARG, "parameter cpc: expected a UN CPC code (digits), found '%s'", cpc);
	}
	return PCF_OK;
}

/* The rules that refuse an inventory, in a fixed order (docs/methods/pact.md). */
static pcf_status check_rules(const pcf_host *h, pcf_ctx *ctx, pact_model *m)
{
	size_t i, j;
	double cut = 0;

	if (m->prod.gwp_set && !ieq(m->prod.gwp_set, PACT_GWP))
		return h->rule_error(ctx, "pact-gwp-ar6", PACT_METHOD " 3.2.2", PCF_NO_PROCESS, "gwp-set",
		                     "the inventory asks for GWP set %s; PACT requires the latest IPCC GWP100 values, AR6",
		                     m->prod.gwp_set);
	if (strcmp(m->prod.boundary, "cradle-to-gate"))
		return h->rule_error(ctx, "pact-cradle-to-gate", PACT_METHOD " 3.2.3", PCF_NO_PROCESS, "boundary",
		                     "a PACT footprint is cradle-to-gate, the inventory's boundary is %s", m->prod.boundary);
	if (m->prod.offset_count) {
		pcf_offset_info o;
		INFO_INIT(o);
		h->offset(ctx, 0, &o);
		return h->rule_error(ctx, "pact-no-offsets", PACT_METHOD " 3.3.1", PCF_NO_PROCESS, "offsets[0]",
		                     "offsets are not part of a PACT footprint: '%s' must be removed",
		                     o.description ? o.description : "");
	}
	for (i = 0; i < m->n; i++) {
		const pcf_process_info *p = &m->procs[i].info;
		if (!strcmp(p->stage, "use") || !strcmp(p->stage, "end-of-life"))
			return h->rule_error(ctx, "pact-cradle-to-gate", PACT_METHOD " 3.2.3", i, "stage",
			                     "the %s stage is outside a cradle-to-gate footprint", p->stage);
	}
	for (i = 0; i < m->n; i++) {
		const pcf_process_info *p = &m->procs[i].info;
		for (j = 0; j < p->removal_count; j++) {
			pcf_removal_info r;
			INFO_INIT(r);
			char field[48];
			pcf_status st = h->removal(ctx, i, j, &r);
			if (st != PCF_OK)
				return st;
			snprintf(field, sizeof field, "removals[%zu]", j);
			if (!strcmp(r.gas, "co2-biogenic"))
				return h->rule_error(ctx, "pact-biogenic-uptake", PACT_METHOD " 3.3.2.4", i, field,
				                     "a biogenic CO2 removal is declared; PACT derives biogenic CO2 uptake from the "
				                     "product's biogenic carbon content: declare biogenic-carbon-content instead");
			return h->rule_error(ctx, "pact-technological-removals", PACT_METHOD " 3.3.2.5", i, field,
			                     "a technological %s removal is declared; reporting it needs the CCS capture, "
			                     "origin and storage data this inventory format cannot carry", r.gas);
		}
	}
	for (i = 0; i < m->prod.exclusion_count; i++) {
		pcf_exclusion_info e;
		INFO_INIT(e);
		char field[48];
		pcf_status st = h->exclusion(ctx, i, &e);
		if (st != PCF_OK)
			return st;
		cut += e.share;
		/* TS 3.0.3 exemptedEmissionsPercent: "Removed upper boundary of 5%" (2.x's maximum); what is left is
		 * that the exempted share is reported with its rationale (exemptedEmissionsDescription), and a
		 * footprint cannot exempt all of itself */
		if (!(cut < 1.0)) {
			snprintf(field, sizeof field, "exclusions[%zu]", i);
			return h->rule_error(ctx, "pact-exemption-total", PACT_TS3 " exemptedEmissionsPercent", PCF_NO_PROCESS,
			                     field, "exempted emissions reach %g %% of the footprint with '%s'; the exempted "
			                     "share must be below 100 %%", cut * 100.0, e.description ? e.description : "");
		}
	}
	m->cutoff_share = cut;
	return PCF_OK;
}

/* The mass of a product in kg: as given, else its amount when that is written in a mass unit (the
 * unit is checked first: a failed conversion would be recorded as this call's error). */
static int mass_of(const pcf_host *h, pcf_ctx *ctx, double mass, double amount, const char *unit, double *out)
{
	char key[32];

	if (!isnan(mass)) {
		*out = mass;
		return 1;
	}
	if (!unit)
		return 0;
	snprintf(key, sizeof key, ",%s,", unit);
	if (!strstr(",mg,g,kg,t,lb,", key) || h->convert(ctx, amount, unit, "kg", out) != PCF_OK)
		return 0;
	return 1;
}

static void alloc_note_add(pact_model *m, size_t *len, const char *first, const char *id, double alpha)
{
	if (*len < sizeof m->alloc_note - 1) {
		int w = snprintf(m->alloc_note + *len, sizeof m->alloc_note - *len, "%s%s: %.6g %% to the reference flow",
		                 *len ? "; " : first, id, alpha * 100.0);
		if (w > 0)
			*len += (size_t)w;
		if (*len >= sizeof m->alloc_note)
			*len = sizeof m->alloc_note - 1;
	}
}

/*
 * Allocation shares (PACT Methodology 3.3.1.3, which follows the ISO 14044:2006 4.3.4.2 hierarchy):
 * physical (mass) by default, economic on request. Physical allocation takes a product's mass as given,
 * else its amount when written in a mass unit; when a mass is still unknown, the hierarchy's next step,
 * another relationship (the products' economic value), is used for that process, with a warning, and
 * only when that is missing too is the inventory refused.
 */
static pcf_status allocate(const pcf_host *h, pcf_ctx *ctx, pact_model *m)
{
	const char *method = h->param(ctx, "allocation");
	int economic = method && !strcmp(method, "economic"), used_phys = 0, used_econ = 0;
	size_t i, j, len = 0;
	pcf_status st;

	m->allocation = "none";
	m->alloc_note[0] = '\0';
	for (i = 0; i < m->n; i++) {
		pact_proc *pp = &m->procs[i];
		const pcf_process_info *p = &pp->info;
		double own = 0, sum = 0, own_v, sum_v;
		size_t no_mass = (size_t)-1;   /* the first product without a mass: -2 the reference flow */
		int by_value;
		pp->alpha = 1.0;
		if (!p->coproduct_count)
			continue;
		if (!economic) {
			if (!mass_of(h, ctx, p->mass, p->amount, p->unit, &own))
				no_mass = (size_t)-2;
			sum = own;
			for (j = 0; j < p->coproduct_count && no_mass == (size_t)-1; j++) {
				pcf_coproduct_info c;
				double cm;
				INFO_INIT(c);
				if ((st = h->coproduct(ctx, i, j, &c)) != PCF_OK)
					return st;
				if (mass_of(h, ctx, c.mass, c.amount, c.unit, &cm))
					sum += cm;
				else
					no_mass = j;
			}
		}
		by_value = economic || no_mass != (size_t)-1;
		if (by_value) {
			/* economic: asked for, or the fallback of the hierarchy's step 2 */
			const char *why = economic ? "economic allocation" : "allocation (no mass for physical allocation, "
			                                                     "ISO 14044:2006 4.3.4.2 falls back to the "
			                                                     "products' economic value)";
			own_v = p->value;
			if (isnan(own_v))
				return h->rule_error(ctx, "pact-allocation-data", PACT_METHOD " 3.3.1.3", i,
				                     economic ? "reference-value" : "reference-mass",
				                     economic ? "there are co-products but the reference flow has no economic value "
				                                "for economic allocation"
				                              : "there are co-products but %s has no mass and the reference flow no "
				                                "economic value for the fallback to economic allocation",
				                     no_mass == (size_t)-2 ? "the reference flow" : "a co-product");
			sum_v = own_v;
			for (j = 0; j < p->coproduct_count; j++) {
				pcf_coproduct_info c;
				char field[48];
				INFO_INIT(c);
				if ((st = h->coproduct(ctx, i, j, &c)) != PCF_OK)
					return st;
				snprintf(field, sizeof field, "co-products[%zu]", j);
				if (isnan(c.value))
					return h->rule_error(ctx, "pact-allocation-data", PACT_METHOD " 3.3.1.3", i, field,
					                     economic ? "co-product '%s' has no economic value for economic allocation"
					                              : "co-product '%s' has no mass for physical allocation and no "
					                                "economic value for the fallback to economic allocation",
					                     c.name);
				if (!c.currency || !p->currency || strcmp(c.currency, p->currency))
					return h->rule_error(ctx, "pact-allocation-data", PACT_METHOD " 3.3.1.3", i, field,
					                     "co-product '%s' is valued in %s, the reference flow in %s; %s needs one "
					                     "currency", c.name, c.currency ? c.currency : "no currency",
					                     p->currency ? p->currency : "no currency", why);
				sum_v += c.value;
			}
			own = own_v;
			sum = sum_v;
		}
		if (!(own > 0) || !(sum > 0))
			return h->rule_error(ctx, "pact-allocation-data", PACT_METHOD " 3.3.1.3", i,
			                     by_value ? "reference-value" : "reference-mass",
			                     "the reference flow's %s must be positive for allocation", by_value ? "value" : "mass");
		pp->alpha = own / sum;
		if (by_value && !economic && m->publish) {
			pcf_coproduct_info c;
			INFO_INIT(c);
			if (no_mass != (size_t)-2 && (st = h->coproduct(ctx, i, no_mass, &c)) != PCF_OK)
				return st;
			if ((st = h->warn(ctx, "process '%s': %s has no mass for physical allocation; its burdens are allocated "
			                       "by economic value instead, the next step of the ISO 14044:2006 4.3.4.2 hierarchy "
			                       "(PACT Methodology 3.3.1.3)", p->id,
			                  no_mass == (size_t)-2 ? "the reference flow" : c.name)) != PCF_OK)
				return st;
		}
		if (by_value)
			used_econ = 1;
		else
			used_phys = 1;
		alloc_note_add(m, &len,
		               by_value ? (economic ? "Economic allocation (PACT Methodology 3.3.1.3) by the value of the products. "
		                                    : "Economic allocation (ISO 14044:2006 4.3.4.2 step 2: a product's mass is "
		                                      "unknown) by the value of the products. ")
		                        : "Physical allocation (PACT Methodology 3.3.1.3) by the mass of the products. ",
		               p->id, pp->alpha);
	}
	m->allocation = used_phys && used_econ ? "physical+economic" : used_phys ? "physical" : used_econ ? "economic" : "none";
	return PCF_OK;
}

/* The product's biogenic carbon content per declared unit: the product's, else the reference
 * process's per run scaled to the declared unit, else 0 (flagged by *given = 0). */
static pcf_status biogenic_carbon(const pcf_host *h, pcf_ctx *ctx, pact_model *m, int *given)
{
	const pcf_process_info *r = &m->procs[m->prod.reference_process].info;
	double demand;
	pcf_status st;

	*given = 1;
	if (!isnan(m->prod.biogenic_carbon)) {
		m->biogenic_carbon = m->prod.biogenic_carbon;
		return PCF_OK;
	}
	if (!isnan(r->biogenic_carbon)) {
		if ((st = h->convert(ctx, m->prod.declared_amount, m->prod.declared_unit, r->unit, &demand)) != PCF_OK)
			return st;
		m->biogenic_carbon = r->biogenic_carbon * demand / r->amount;
		return PCF_OK;
	}
	*given = 0;
	m->biogenic_carbon = 0;
	return PCF_OK;
}

/*
 * Compute the model. With publish set, also fill the result through the builder (compute());
 * without, only read (export_format()).
 */
static pcf_status pact_run(const pcf_host *h, pcf_ctx *ctx, pact_model *m, int publish)
{
	pcf_status st;
	size_t i, nflows;
	int bio_given, has_bio_flow = 0;
	double magnitude = 0;   /* kg CO2e, amounts.h */

	memset(m, 0, sizeof *m);
	m->publish = publish;
	m->prod.abi = (pcf_abi)PCF_ABI_INIT(m->prod);
	if ((st = check_params(h, ctx)) != PCF_OK)
		return st;
	if ((st = h->product(ctx, &m->prod)) != PCF_OK)
		return st;
	m->n = m->prod.process_count;
	m->procs = calloc(m->n ? m->n : 1, sizeof *m->procs);
	m->b = calloc(m->n ? m->n : 1, sizeof *m->b);
	if (!m->procs || !m->b)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < m->n; i++) {
		m->procs[i].info.abi = (pcf_abi)PCF_ABI_INIT(m->procs[i].info);
		if ((st = h->process(ctx, i, &m->procs[i].info)) != PCF_OK)
			return st;
		if (!strcmp(m->procs[i].info.stage, "distribution"))
			m->has_distribution = 1;
	}
	if ((st = check_rules(h, ctx, m)) != PCF_OK)
		return st;
	if ((st = allocate(h, ctx, m)) != PCF_OK)
		return st;
	m->alpha = malloc((m->n ? m->n : 1) * sizeof *m->alpha);
	if (!m->alpha)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < m->n; i++)
		m->alpha[i] = m->procs[i].alpha;
	if ((st = h->solve(ctx, m->alpha, m->b, m->n)) != PCF_OK)
		return st;
	if ((st = h->lci(ctx, m->b, m->alpha, m->n)) != PCF_OK)
		return st;

	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++) {
		pcf_flow_info f;
		pact_proc *pp;
		double co2e, mass = NAN, gwp = 1;
		int counted = 1;

		INFO_INIT(f);
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK)
			return st;
		pp = &m->procs[f.process];
		if (f.origin == PCF_FROM_FACTOR && publish && (st = h->add_factor(ctx, f.factor)) != PCF_OK)
			return st;
		if (!strcmp(f.gas, "co2e")) {
			co2e = f.amount;
			if (!f.gwp_set)
				m->unknown_ar = 1;
			else if (!ieq(f.gwp_set, PACT_GWP) && strlen(f.gwp_set) == 3 && toupper((unsigned char)f.gwp_set[0]) == 'A'
			         && f.gwp_set[2] >= '1' && f.gwp_set[2] <= '7')
				m->other_ar[f.gwp_set[2] - '0'] = 1;
		} else {
			if ((st = h->gwp(ctx, PACT_GWP, f.gas, &gwp)) != PCF_OK)
				return st;
			co2e = f.amount * gwp;
			mass = f.amount;
		}
		if (!isfinite(co2e))
			return pcfp_flow_not_finite(h, ctx, &f, f.amount, gwp);
		if ((st = pcfp_add_magnitude(h, ctx, &f, co2e, &magnitude)) != PCF_OK)
			return st;
		if (f.amount != 0 && (f.biogenic || f.category == PCF_FLOW_BIOGENIC))
			has_bio_flow = 1;
		if (!strcmp(pp->info.stage, "distribution")) {
			/* outbound logistics: after the gate, reported apart (3.3.2.1) */
			if (strcmp(f.gas, "co2-biogenic"))
				m->outbound += co2e;
			continue;
		}
		if (f.origin == PCF_FROM_SUPPLIER && f.category == PCF_FLOW_BIOGENIC) {
			/* a supplier's biogenic emissions are taken as biogenic CO2, balanced by its uptake (3.3.2.4);
			 * its removals are not counted: the product's uptake comes from its biogenic carbon content */
			if (!f.removal)
				m->bio_co2 += co2e;
			counted = 0;
		} else if (f.category == PCF_FLOW_LAND_USE_CHANGE) {
			m->luc += co2e;
		} else if (!strcmp(f.gas, "co2-biogenic")) {
			m->bio_co2 += co2e;   /* balanced by the uptake of the same carbon (3.3.2.4) */
			counted = 0;
		} else if (f.biogenic) {
			m->bio_nonco2 += co2e;
		} else {
			m->fossil += co2e;
			if (f.category == PCF_FLOW_AIRCRAFT)
				m->aircraft += co2e;
		}
		if (!counted)
			continue;
		pp->counted += co2e;
		if (co2e > 0) {
			/* primary data (4.2.2): measured at a primary process, or a factor written inline there (a
			 * supplier-specific figure); a library factor is secondary data */
			int primary = f.primary == 1;
			if (primary && f.origin == PCF_FROM_FACTOR) {
				pcf_input_info in;
				INFO_INIT(in);
				if ((st = h->input(ctx, f.process, f.index, &in)) != PCF_OK)
					return st;
				primary = in.inline_factor;
			}
			m->total_pos += co2e;
			if (f.origin == PCF_FROM_SUPPLIER)
				m->primary_pos += co2e * f.primary_share; /* the supplier's own share, weighted by emissions */
			else if (primary)
				m->primary_pos += co2e;
		}
		if (publish) {
			if ((st = h->add_stage(ctx, pp->info.stage, co2e)) != PCF_OK)
				return st;
			if ((st = h->add_gas(ctx, f.gas, co2e, mass)) != PCF_OK)
				return st;
			if ((st = h->add_process(ctx, f.process, co2e)) != PCF_OK)
				return st;
		}
	}
	if ((st = biogenic_carbon(h, ctx, m, &bio_given)) != PCF_OK)
		return st;
	m->uptake = m->biogenic_carbon > 0 ? -(44.0 * m->biogenic_carbon / 12.0) : 0.0;
	if (!isfinite(m->uptake))
		return h->rule_error(ctx, PCFP_RULE_AMOUNTS, NULL, PCF_NO_PROCESS, "product",
		                     "the biogenic carbon content, %g kg C per declared unit, is too large: its CO2 uptake "
		                     "is not a finite number (the inventory's amounts are out of range)", m->biogenic_carbon);
	m->excl = m->fossil + m->luc + m->bio_nonco2;
	m->incl = m->excl + m->uptake;
	m->primary_share = m->total_pos > 0 ? m->primary_pos / m->total_pos : 0.0;
	if (!isfinite(m->excl) || !isfinite(m->incl) || !isfinite(m->total_pos) || !isfinite(m->outbound) ||
	    !isfinite(m->bio_co2))
		return h->error(ctx, PCF_E_INVALID, "the footprint is too large to compute: a sum is not a finite number");

	/* data quality, weighted by each process's positive counted emissions (4.2.3) */
	for (i = 0; i < m->n; i++) {
		const pcf_process_info *p = &m->procs[i].info;
		double w = m->procs[i].counted;
		if (!(w > 0))
			continue;
		m->procs[i].positive = w;
		if (isnan(p->dq_technological) || isnan(p->dq_temporal) || isnan(p->dq_geographical))
			continue;
		m->dq3_w += w;
		/* TS 3.0 DataQualityIndicators: "The value MUST be between 1 and 5 inclusive", the scale of the
		 * inventory's ratings, so 3.0 takes them as they are; 2.x's 1..3 gets dq_map */
		m->dq3[0] += w * p->dq_technological;
		m->dq3[1] += w * p->dq_temporal;
		m->dq3[2] += w * p->dq_geographical;
		if (isnan(p->dq_completeness) || isnan(p->dq_reliability))
			continue;
		m->dq5_w += w;
		m->dq5[0] += w * dq_map(p->dq_technological);
		m->dq5[1] += w * dq_map(p->dq_temporal);
		m->dq5[2] += w * dq_map(p->dq_geographical);
		m->dq5[3] += w * dq_map(p->dq_completeness);
		m->dq5[4] += w * dq_map(p->dq_reliability);
	}

	if (!publish)
		return PCF_OK;
	if (has_bio_flow && !bio_given &&
	    (st = h->warn(ctx, "biogenic flows are declared but not the product's biogenic carbon content: "
	                       "biogenic CO2 uptake is reported as 0 (PACT Methodology 3.3.2.4)")) != PCF_OK)
		return st;
	if (m->bio_co2 != 0 &&
	    (st = h->warn(ctx, "biogenic CO2 emissions of %g kg per declared unit are balanced by the uptake of the same "
	                       "carbon and not counted (PACT Methodology 3.3.2.4)", m->bio_co2)) != PCF_OK)
		return st;
	if (m->unknown_ar &&
	    (st = h->warn(ctx, "a CO2e emission factor does not state its GWP set; PACT asks for AR6 (3.2.2)")) != PCF_OK)
		return st;
	for (i = 0; i < 8; i++)
		if (m->other_ar[i] &&
		    (st = h->warn(ctx, "emission factors in CO2e under AR%zu are used as given; the export lists AR%zu among "
		                       "the characterisation factors (PACT Methodology 3.2.2)", i, i)) != PCF_OK)
			return st;
	if (!h->param(ctx, "fossil-carbon-content") &&
	    (st = h->warn(ctx, "the product's fossil carbon content is not given (--param fossil-carbon-content): PACT "
	                       "exports report fossilCarbonContent 0")) != PCF_OK)
		return st;
	if (!h->param(ctx, "packaging") &&
	    (st = h->warn(ctx, "whether packaging is included is not given (--param packaging): PACT exports report "
	                       "packagingEmissionsIncluded false")) != PCF_OK)
		return st;
	if (!h->param(ctx, "cpc") &&
	    (st = h->warn(ctx, "the product's UN CPC code is not given (--param cpc): pact-v2 reports productCategoryCpc "
	                       "'unspecified'")) != PCF_OK)
		return st;
	if (m->outbound != 0 &&
	    (st = h->warn(ctx, "distribution-stage emissions of %g kg CO2e per declared unit are outbound logistics, "
	                       "reported apart and not in the cradle-to-gate total (PACT Methodology 3.3.2.1)",
	                  m->outbound)) != PCF_OK)
		return st;

	if ((st = h->set_total(ctx, m->excl, "kg CO2e")) != PCF_OK ||
	    (st = h->set_gwp_set(ctx, PACT_GWP)) != PCF_OK ||
	    (st = h->set_boundary(ctx, "cradle-to-gate")) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", m->fossil)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-emissions", m->bio_nonco2 + m->bio_co2)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", -m->uptake)) != PCF_OK ||
	    (st = h->set_figure(ctx, "dluc", m->luc)) != PCF_OK ||
	    (st = h->set_figure(ctx, "aircraft", m->aircraft)) != PCF_OK ||
	    (st = h->set_figure(ctx, "pcf-excluding-biogenic-uptake", m->excl)) != PCF_OK ||
	    (st = h->set_figure(ctx, "pcf-including-biogenic-uptake", m->incl)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-co2-uptake", m->uptake)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-non-co2-emissions", m->bio_nonco2)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-co2-emissions-not-counted", m->bio_co2)) != PCF_OK ||
	    (st = h->set_figure(ctx, "outbound-logistics", m->outbound)) != PCF_OK ||
	    (st = h->set_primary_share(ctx, m->primary_share)) != PCF_OK ||
	    (st = h->set_cutoff_share(ctx, m->cutoff_share)) != PCF_OK ||
	    (st = h->set_allocation(ctx, m->allocation, m->alloc_note[0] ? m->alloc_note : NULL)) != PCF_OK)
		return st;
	return PCF_OK;
}

static pcf_status pact_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pact_model m;
	pcf_status st = pact_run(h, ctx, &m, 1);
	model_free(&m);
	return st;
}

/* ------------------------------------------------------------------------------------------------
 * Export helpers
 * ---------------------------------------------------------------------------------------------- */

static int is_urn(const char *s)
{
	return s && strlen(s) > 4 && (s[0] == 'u' || s[0] == 'U') && (s[1] == 'r' || s[1] == 'R') &&
	       (s[2] == 'n' || s[2] == 'N') && s[3] == ':';
}

/* How the inventory's declared unit reads in PACT. */
typedef struct pact_unit {
	const char *name;      /* PACT enum value */
	double amount;         /* the declared amount in that unit */
	int v3_only;
	int mass;              /* a mass unit */
	int massless;          /* energy, logistics, time: mass not relevant */
} pact_unit;

static pcf_status map_unit(const pcf_host *h, pcf_ctx *ctx, const pcf_product_info *p, int v3, pact_unit *u)
{
	/* canonical unit symbols of pcf/units.h, by the PACT unit they are declared in */
	static const struct {
		const char *symbols, *target, *name;
		int v3_only, mass, massless;
	} map[] = {
		{ ",mg,g,kg,t,lb,", "kg", "kilogram", 0, 1, 0 },
		{ ",m3,", "m3", "cubic meter", 0, 0, 0 },
		{ ",mL,L,gal,", "L", "liter", 0, 0, 0 },
		{ ",J,kJ,MJ,GJ,TJ,", "MJ", "megajoule", 0, 0, 1 },
		{ ",Wh,kWh,MWh,GWh,Btu,MMBtu,therm,", "kWh", "kilowatt hour", 0, 0, 1 },
		{ ",m2,ha,km2,", "m2", "square meter", 0, 0, 0 },
		{ ",kgkm,tkm,", "tkm", "ton kilometer", 0, 0, 1 },
		{ ",piece,", "piece", "piece", 1, 0, 0 },
		{ ",s,min,h,d,", "h", "hour", 1, 0, 1 },
	};
	const char *du = p->declared_unit;
	char key[32];
	size_t i;
	pcf_status st;

	snprintf(key, sizeof key, ",%s,", du);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (!strstr(map[i].symbols, key))
			continue;
		if (map[i].v3_only && !v3) {
			/* v2 has no piece or hour: a product whose mass is known is declared per kilogram */
			if (!isnan(p->mass_per_unit) && p->mass_per_unit > 0) {
				u->name = "kilogram";
				u->amount = p->mass_per_unit;
				u->v3_only = 0;
				u->mass = 1;
				u->massless = 0;
				return PCF_OK;
			}
			return h->rule_error(ctx, "pact-declared-unit", "PACT Technical Specifications 2.3 declaredUnit",
			                     PCF_NO_PROCESS, "product",
			                     "pact-v2 has no declared unit for %s (its units: liter, kilogram, cubic meter, "
			                     "kilowatt hour, megajoule, ton kilometer, square meter) and the product's mass per "
			                     "declared unit is not given; use pact-v3 or give product.mass-per-declared-unit",
			                     du);
		}
		if ((st = h->convert(ctx, p->declared_amount, du, map[i].target, &u->amount)) != PCF_OK)
			return st;
		u->name = map[i].name;
		u->v3_only = map[i].v3_only;
		u->mass = map[i].mass;
		u->massless = map[i].massless;
		return PCF_OK;
	}
	return h->rule_error(ctx, "pact-declared-unit", PACT_TS3 " declaredUnitOfMeasurement", PCF_NO_PROCESS, "product",
	                     "the declared unit %s has no PACT equivalent", du);
}

/* Everything an export writes besides the model's figures. The strings are host string builders
 * (host->sb_*, ABI 1.1); doc_free frees them. */
typedef struct pact_doc {
	char id[40];
	char start[32], end[32];
	const char *cpc;
	double fossil_carbon;      /* kg C per inventory declared unit */
	int packaging;             /* 1 included, 0 excluded */
	pact_unit unit;
	pcf_sb *boundary, *exempted, *comment, *description;
	pcf_sb *product_urn, *company_urn;
	size_t n_sources;
	const char *src_name[64];
	int src_year[64];
	char preceding[PACT_MAX_PRECEDING][37];   /* precedingPfIds (TS 3.0.3 lifecycle), n_preceding of them */
	size_t n_preceding;
} pact_doc;

/* s as a URN: itself when it is one, else prefix + s percent-encoded (RFC 8141 keeps the unreserved
 * characters A-Z a-z 0-9 - . _ ~ as they are). */
static void urn_for(const pcf_host *h, pcf_sb *b, const char *prefix, const char *s)
{
	const unsigned char *p;

	if (!s)
		s = "";
	if (is_urn(s)) {
		h->sb_printf(b, "%s", s);
		return;
	}
	h->sb_printf(b, "%s", prefix);
	for (p = (const unsigned char *)s; *p; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
			h->sb_printf(b, "%c", *p);
		else
			h->sb_printf(b, "%%%02X", *p);
	}
}

static void doc_free(const pcf_host *h, pact_doc *d)
{
	h->sb_free(d->product_urn);
	h->sb_free(d->company_urn);
	h->sb_free(d->boundary);
	h->sb_free(d->exempted);
	h->sb_free(d->comment);
	h->sb_free(d->description);
}

/* "YYYY-MM-DD" to RFC 3339 at 00:00:00Z, the day after when next is set (the end of that day). */
static pcf_status fmt_date(const pcf_host *h, pcf_ctx *ctx, const char *date, int next, char *out, size_t len)
{
	if (!h->date_check(date, NULL, NULL, NULL))
		return h->error(ctx, PCF_E_INVALID, "reporting period date '%s' is not YYYY-MM-DD", date ? date : "");
	return h->date_rfc3339(ctx, date, next ? 1 : 0, out, len);
}

/*
 * A name-based UUID (RFC 9562 version 8 with SHA-256, as its Appendix B.2 shows) of what the footprint
 * is: the plugin version, the parameters, the product, organisation, period and declared unit, and every
 * figure. The same footprint always gets the same id, whichever path exports it (pcf compute --format or
 * a certificate bundle); a changed figure gives a new id.
 */
static pcf_status make_id(const pcf_host *h, pcf_ctx *ctx, const pact_model *m, pact_doc *d)
{
	const double figs[] = { m->excl, m->incl, m->fossil, m->luc, m->bio_nonco2, m->bio_co2, m->uptake,
		                m->aircraft, m->outbound, m->biogenic_carbon, m->cutoff_share, m->primary_share,
		                m->prod.declared_amount };
	unsigned char id[32];
	char num[64];
	pcf_sb *name = h->sb_new(ctx);
	pcf_status st;
	size_t i;

	h->sb_printf(name, "pcfkit pact %s\nproduct %s\norganisation %s\nperiod %s %s\nunit %s\n", PACT_PLUGIN_VERSION,
	             m->prod.id ? m->prod.id : "", m->prod.organisation_id ? m->prod.organisation_id : "",
	             m->prod.period_start ? m->prod.period_start : "", m->prod.period_end ? m->prod.period_end : "",
	             m->prod.declared_unit ? m->prod.declared_unit : "");
	for (i = 0; pact_params[i]; i++) {
		const char *v = h->param(ctx, pact_params[i]->name);
		if (pact_params[i] == &param_preceding)
			continue;   /* what the footprint is, not its history: an unchanged footprint keeps its id */
		h->sb_printf(name, "%s=%s\n", pact_params[i]->name, v ? v : "");
	}
	for (i = 0; i < sizeof figs / sizeof figs[0]; i++) {
		if ((st = h->format_number(ctx, figs[i], num, sizeof num)) != PCF_OK) {
			h->sb_free(name);
			return st;
		}
		h->sb_printf(name, "%s\n", num);
	}
	if ((st = h->sb_status(name)) == PCF_OK)
		st = h->sha256(ctx, h->sb_str(name), h->sb_len(name), id);
	h->sb_free(name);
	if (st != PCF_OK)
		return st;
	id[6] = (unsigned char)((id[6] & 0x0f) | 0x80);
	id[8] = (unsigned char)((id[8] & 0x3f) | 0x80);
	snprintf(d->id, sizeof d->id,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", id[0], id[1], id[2], id[3],
	         id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]);
	return PCF_OK;
}

static pcf_status make_doc(const pcf_host *h, pcf_ctx *ctx, const pact_model *m, int v3, pact_doc *d)
{
	const char *pk = h->param(ctx, "packaging");
	const char *fc = h->param(ctx, "fossil-carbon-content");
	static const char *const stages[] = { "raw-material-acquisition", "production", "distribution" };
	pcf_status st;
	size_t i, s, nflows;

	memset(d, 0, sizeof *d);
	d->boundary = h->sb_new(ctx);
	d->exempted = h->sb_new(ctx);
	d->comment = h->sb_new(ctx);
	d->description = h->sb_new(ctx);
	d->product_urn = h->sb_new(ctx);
	d->company_urn = h->sb_new(ctx);
	/* What the inventory format cannot say yet comes from parameters; without them, the documented
	 * defaults below apply, the result carries a warning and the export's comment says so. */
	d->cpc = h->param(ctx, "cpc");
	d->packaging = pk && !strcmp(pk, "included");
	d->fossil_carbon = fc ? strtod(fc, NULL) : 0.0;
	urn_for(h, d->product_urn, "urn:pcfkit:product:", m->prod.id);
	if (is_urn(m->prod.organisation_id))
		urn_for(h, d->company_urn, "", m->prod.organisation_id);
	else if (m->prod.organisation_id)
		urn_for(h, d->company_urn, "urn:pcfkit:organisation-id:", m->prod.organisation_id);
	else
		urn_for(h, d->company_urn, "urn:pcfkit:organisation:", m->prod.organisation);
	if ((st = h->sb_status(d->product_urn)) != PCF_OK || (st = h->sb_status(d->company_urn)) != PCF_OK)
		return st;
	if ((st = map_unit(h, ctx, &m->prod, v3, &d->unit)) != PCF_OK)
		return st;
	if (!(d->unit.amount > 0))
		return h->rule_error(ctx, "pact-declared-unit", PACT_TS3 " declaredUnitAmount", PCF_NO_PROCESS, "product",
		                     "the declared amount must be positive");
	if ((st = fmt_date(h, ctx, m->prod.period_start, 0, d->start, sizeof d->start)) != PCF_OK ||
	    (st = fmt_date(h, ctx, m->prod.period_end, 1, d->end, sizeof d->end)) != PCF_OK)
		return st;
	if ((st = make_id(h, ctx, m, d)) != PCF_OK)
		return st;
	if ((st = parse_preceding(h, ctx, d->preceding, &d->n_preceding)) != PCF_OK)
		return st;
	for (i = 0; i < d->n_preceding; i++)
		if (!strcmp(d->preceding[i], d->id))
			return h->rule_error(ctx, "pact-preceding-id", PACT_TS3 " precedingPfIds", PCF_NO_PROCESS, NULL,
			                     "preceding-pf-ids lists %s, the id of this very footprint: an unchanged "
			                     "footprint keeps its id; only a changed one gets a new id and lists the old",
			                     d->id);
	/* TS 2.3 caps exemptedEmissionsPercent at 5; 3.0 removed the cap */
	if (!v3 && m->cutoff_share > PACT_EXEMPTION_MAX_V2) {
		/* the exclusion with which the share passes 5 %, the same sum as check_rules */
		char field[48] = "exclusions[0]";
		double cum = 0;
		for (i = 0; i < m->prod.exclusion_count; i++) {
			pcf_exclusion_info x;
			INFO_INIT(x);
			if (h->exclusion(ctx, i, &x) != PCF_OK)
				break;
			cum += x.share;
			if (cum > PACT_EXEMPTION_MAX_V2) {
				snprintf(field, sizeof field, "exclusions[%zu]", i);
				break;
			}
		}
		return h->rule_error(ctx, "pact-v2-exemption-cap", "PACT Technical Specifications 2.3 exemptedEmissionsPercent",
		                     PCF_NO_PROCESS, field,
		                     "pact-v2 cannot carry exempted emissions of %g %% (Technical Specifications 2.3 allow "
		                     "at most 5 %%; 3.0 removed the cap): use pact-v3", m->cutoff_share * 100.0);
	}

	/* boundaryProcessesDescription: the processes of each stage, in inventory order */
	h->sb_printf(d->boundary, "Cradle-to-gate.");
	for (s = 0; s < 3; s++) {
		int first = 1;
		for (i = 0; i < m->n; i++) {
			const pcf_process_info *p = &m->procs[i].info;
			if (strcmp(p->stage, stages[s]))
				continue;
			if (first)
				h->sb_printf(d->boundary, " %s%s: ", stages[s],
				             s == 2 ? " (outbound logistics, reported apart, not in the PCF)" : "");
			h->sb_printf(d->boundary, "%s%s", first ? "" : "; ", p->name && *p->name ? p->name : p->id);
			first = 0;
		}
		if (!first)
			h->sb_printf(d->boundary, ".");
	}
	for (i = 0; i < m->prod.exclusion_count; i++) {
		pcf_exclusion_info e;
		INFO_INIT(e);
		if ((st = h->exclusion(ctx, i, &e)) != PCF_OK)
			return st;
		h->sb_printf(d->exempted, "%s%s (%.6g %%)%s%s", i ? "; " : "", e.description ? e.description : "",
		             e.share * 100.0, e.justification ? ": " : "", e.justification ? e.justification : "");
	}
	if (!m->prod.exclusion_count)
		h->sb_printf(d->exempted, "No emissions exempted.");
	h->sb_printf(d->comment,
	             "Computed by pcfkit with the methodology plugin pact %s (%s, cradle-to-gate, IPCC AR6 GWP100).",
	             PACT_PLUGIN_VERSION, PACT_METHOD);
	if (m->bio_co2 != 0)
		h->sb_printf(d->comment,
		             " Biogenic CO2 emissions are balanced by the uptake of the same carbon and not counted.");
	if (!fc)
		h->sb_printf(d->comment, " The fossil carbon content was not declared and is reported as 0.");
	if (!pk)
		h->sb_printf(d->comment, " Whether packaging is included was not declared; it is reported as not included.");
	if (!v3 && !d->cpc)
		h->sb_printf(d->comment, " The UN CPC code was not declared (productCategoryCpc unspecified).");
	if (!v3)
		h->sb_printf(d->comment, " PACT deprecated Technical Specifications 2.x in April 2026: this 2.3 export is "
		                         "kept for partners still on 2.x; the pact-v3 (3.0.3) export is the current one.");
	h->sb_printf(d->description, "%s", m->prod.name ? m->prod.name : "");
	if (m->prod.site)
		h->sb_printf(d->description, ", made at %s (%s)", m->prod.site, m->prod.country);
	if ((st = h->sb_status(d->boundary)) != PCF_OK || (st = h->sb_status(d->exempted)) != PCF_OK ||
	    (st = h->sb_status(d->comment)) != PCF_OK || (st = h->sb_status(d->description)) != PCF_OK)
		return st;

	/* secondaryEmissionFactorSources: distinct (source, year) of the factors used, first use first */
	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++) {
		pcf_flow_info f;
		INFO_INIT(f);
		pcf_factor_info fi;
		INFO_INIT(fi);
		size_t k;
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK)
			return st;
		if (f.origin != PCF_FROM_FACTOR)
			continue;
		if ((st = h->factor_info(ctx, f.factor, &fi)) != PCF_OK)
			return st;
		if (!fi.source || !*fi.source)
			continue;
		for (k = 0; k < d->n_sources; k++)
			if (!strcmp(d->src_name[k], fi.source) && d->src_year[k] == fi.year)
				break;
		if (k == d->n_sources && d->n_sources < 64) {
			d->src_name[d->n_sources] = fi.source;
			d->src_year[d->n_sources++] = fi.year;
		}
	}
	return PCF_OK;
}

/* ------------------------------------------------------------------------------------------------
 * The ProductFootprint writer: one body for both versions. Each version is a list of fields in its
 * order, with its own key names (pact_fields); write_field writes one field the way its version wants.
 * ---------------------------------------------------------------------------------------------- */

enum pact_field {
	/* the ProductFootprint */
	F_ID, F_SPEC_VERSION, F_PRECEDING, F_VERSION, F_CREATED, F_STATUS, F_COMPANY_NAME, F_COMPANY_IDS, F_PRODUCT_DESCRIPTION,
	F_PRODUCT_IDS, F_CPC, F_CLASSIFICATIONS, F_PRODUCT_NAME, F_COMMENT, F_PCF,
	/* its pcf (CarbonFootprint) */
	F_UNIT, F_AMOUNT, F_MASS, F_PERIOD_START, F_PERIOD_END, F_GEOGRAPHY, F_BOUNDARY, F_EXCL, F_INCL,
	F_FOSSIL_CARBON, F_BIO_CARBON, F_FOSSIL, F_LUC, F_UPTAKE, F_BIO_NONCO2, F_AIRCRAFT, F_PACKAGING, F_OUTBOUND,
	F_CHAR_FACTORS, F_IPCC_FACTORS, F_XSTD_USED, F_XSTD, F_EXEMPT_PCT, F_EXEMPT_DESC, F_ALLOCATION, F_SOURCES,
	F_PRIMARY, F_DQI, F_END
};

typedef struct pact_version {
	const char *spec;              /* specVersion */
	int v3;
	const enum pact_field *top;    /* the ProductFootprint's fields, F_END-terminated */
	const enum pact_field *pcf;    /* the CarbonFootprint's fields */
} pact_version;

/* The key of field f in version v3 (0 for 2.3, 1 for 3.0). */
static const char *field_key(enum pact_field f, int v3)
{
	static const char *const keys[F_END][2] = {
		[F_ID] = { "id", "id" },
		[F_SPEC_VERSION] = { "specVersion", "specVersion" },
		[F_PRECEDING] = { "precedingPfIds", "precedingPfIds" },
		[F_VERSION] = { "version", NULL },
		[F_CREATED] = { "created", "created" },
		[F_STATUS] = { "status", "status" },
		[F_COMPANY_NAME] = { "companyName", "companyName" },
		[F_COMPANY_IDS] = { "companyIds", "companyIds" },
		[F_PRODUCT_DESCRIPTION] = { "productDescription", "productDescription" },
		[F_PRODUCT_IDS] = { "productIds", "productIds" },
		[F_CPC] = { "productCategoryCpc", NULL },
		[F_CLASSIFICATIONS] = { NULL, "productClassifications" },
		[F_PRODUCT_NAME] = { "productNameCompany", "productNameCompany" },
		[F_COMMENT] = { "comment", "comment" },
		[F_PCF] = { "pcf", "pcf" },
		[F_UNIT] = { "declaredUnit", "declaredUnitOfMeasurement" },
		[F_AMOUNT] = { "unitaryProductAmount", "declaredUnitAmount" },
		[F_MASS] = { "productMassPerDeclaredUnit", "productMassPerDeclaredUnit" },
		[F_PERIOD_START] = { "referencePeriodStart", "referencePeriodStart" },
		[F_PERIOD_END] = { "referencePeriodEnd", "referencePeriodEnd" },
		[F_GEOGRAPHY] = { "geographyCountry", "geographyCountry" },  /* or geographyCountrySubdivision */
		[F_BOUNDARY] = { "boundaryProcessesDescription", "boundaryProcessesDescription" },
		[F_EXCL] = { "pCfExcludingBiogenic", "pcfExcludingBiogenicUptake" },
		[F_INCL] = { "pCfIncludingBiogenic", "pcfIncludingBiogenicUptake" },
		[F_FOSSIL_CARBON] = { "fossilCarbonContent", "fossilCarbonContent" },
		[F_BIO_CARBON] = { "biogenicCarbonContent", "biogenicCarbonContent" },
		[F_FOSSIL] = { "fossilGhgEmissions", "fossilGhgEmissions" },
		[F_LUC] = { "dLucGhgEmissions", "landUseChangeGhgEmissions" },
		[F_UPTAKE] = { "biogenicCarbonWithdrawal", "biogenicCO2Uptake" },
		[F_BIO_NONCO2] = { "otherBiogenicGhgEmissions", "biogenicNonCO2Emissions" },
		[F_AIRCRAFT] = { "aircraftGhgEmissions", "aircraftGhgEmissions" },
		[F_PACKAGING] = { "packagingEmissionsIncluded", "packagingEmissionsIncluded" },
		[F_OUTBOUND] = { NULL, "outboundLogisticsGhgEmissions" },
		[F_CHAR_FACTORS] = { "characterizationFactors", NULL },
		[F_IPCC_FACTORS] = { "ipccCharacterizationFactorsSources", "ipccCharacterizationFactors" },
		[F_XSTD_USED] = { "crossSectoralStandardsUsed", NULL },
		[F_XSTD] = { "crossSectoralStandards", "crossSectoralStandards" },
		[F_EXEMPT_PCT] = { "exemptedEmissionsPercent", "exemptedEmissionsPercent" },
		[F_EXEMPT_DESC] = { "exemptedEmissionsDescription", "exemptedEmissionsDescription" },
		[F_ALLOCATION] = { "allocationRulesDescription", "allocationRulesDescription" },
		[F_SOURCES] = { "secondaryEmissionFactorSources", "secondaryEmissionFactorSources" },
		[F_PRIMARY] = { "primaryDataShare", "primaryDataShare" },
		[F_DQI] = { "dqi", "dqi" },
	};
	return keys[f][v3 ? 1 : 0];
}

static const enum pact_field v2_top[] = { F_ID, F_SPEC_VERSION, F_PRECEDING, F_VERSION, F_CREATED, F_STATUS, F_COMPANY_NAME,
	                                   F_COMPANY_IDS, F_PRODUCT_DESCRIPTION, F_PRODUCT_IDS, F_CPC, F_PRODUCT_NAME,
	                                   F_COMMENT, F_PCF, F_END };
static const enum pact_field v2_pcf[] = { F_UNIT, F_AMOUNT, F_MASS, F_EXCL, F_INCL, F_FOSSIL, F_FOSSIL_CARBON,
	                                   F_BIO_CARBON, F_LUC, F_BIO_NONCO2, F_UPTAKE, F_AIRCRAFT, F_CHAR_FACTORS,
	                                   F_IPCC_FACTORS, F_XSTD_USED, F_XSTD, F_BOUNDARY, F_PERIOD_START,
	                                   F_PERIOD_END, F_GEOGRAPHY, F_SOURCES, F_EXEMPT_PCT, F_EXEMPT_DESC,
	                                   F_PACKAGING, F_ALLOCATION, F_PRIMARY, F_DQI, F_END };
static const enum pact_field v3_top[] = { F_ID, F_SPEC_VERSION, F_PRECEDING, F_CREATED, F_STATUS, F_COMPANY_NAME, F_COMPANY_IDS,
	                                   F_PRODUCT_DESCRIPTION, F_PRODUCT_IDS, F_CLASSIFICATIONS, F_PRODUCT_NAME,
	                                   F_COMMENT, F_PCF, F_END };
static const enum pact_field v3_pcf[] = { F_UNIT, F_AMOUNT, F_MASS, F_PERIOD_START, F_PERIOD_END, F_GEOGRAPHY,
	                                   F_BOUNDARY, F_EXCL, F_INCL, F_FOSSIL_CARBON, F_BIO_CARBON, F_FOSSIL, F_LUC,
	                                   F_UPTAKE, F_BIO_NONCO2, F_AIRCRAFT, F_PACKAGING, F_OUTBOUND, F_IPCC_FACTORS,
	                                   F_XSTD, F_EXEMPT_PCT, F_EXEMPT_DESC, F_ALLOCATION, F_SOURCES, F_PRIMARY,
	                                   F_DQI, F_END };

static const pact_version pact_v2 = { "2.3.0", 0, v2_top, v2_pcf };
static const pact_version pact_v3 = { "3.0.3", 1, v3_top, v3_pcf };

/* What write_field needs: the host, the call, the model, the document, the writer, the version. */
typedef struct pact_out {
	const pcf_host *h;
	pcf_ctx *ctx;
	const pact_model *m;
	const pact_doc *d;
	pcf_jw *w;
	const pact_version *v;
	pcf_status st;
} pact_out;

/* A figure: 3.0 writes a plain decimal string, 2.3 too (its Decimal type); *st latches failures. */
static void put_dec(pact_out *o, const char *key, double v)
{
	char dec[PCF_DECIMAL_MAX];

	if (o->st != PCF_OK)
		return;
	if (!isfinite(v)) {
		o->st = o->h->error(o->ctx, PCF_E_INTERNAL, "non-finite number in a PACT export");
		return;
	}
	if ((o->st = o->h->format_decimal(o->ctx, v, dec, sizeof dec)) != PCF_OK)
		return;
	o->h->jw_key(o->w, key);
	o->h->jw_string(o->w, dec);
}

/* A percentage or rating: a decimal string in 3.0, a JSON number in 2.3. */
static void put_share(pact_out *o, const char *key, double v)
{
	if (o->v->v3) {
		put_dec(o, key, v);
	} else if (o->st == PCF_OK) {
		o->h->jw_key(o->w, key);
		o->h->jw_number(o->w, v);
	}
}

static void put_string(pact_out *o, const char *key, const char *s)
{
	o->h->jw_key(o->w, key);
	o->h->jw_string(o->w, s);
}

static void put_string_array(pact_out *o, const char *key, const char *s)
{
	o->h->jw_key(o->w, key);
	o->h->jw_begin_array(o->w);
	o->h->jw_string(o->w, s);
	o->h->jw_end_array(o->w);
}

static void write_geography(pact_out *o)
{
	const char *r = o->m->prod.region;
	int sub = r && strlen(r) >= 4 && strlen(r) <= 6 && !strncmp(r, o->m->prod.country, 2) && r[2] == '-';
	size_t i;

	for (i = 3; sub && r[i]; i++)
		if (!isupper((unsigned char)r[i]) && !isdigit((unsigned char)r[i]))
			sub = 0;
	if (sub)
		put_string(o, "geographyCountrySubdivision", r);
	else
		put_string(o, "geographyCountry", o->m->prod.country);
}

static void write_ar_list(pact_out *o, const char *key)
{
	char ar[8];
	int i;

	o->h->jw_key(o->w, key);
	o->h->jw_begin_array(o->w);
	o->h->jw_string(o->w, PACT_GWP);
	for (i = 7; i >= 1; i--)
		if (o->m->other_ar[i] && i != 6) {
			snprintf(ar, sizeof ar, "AR%d", i);
			o->h->jw_string(o->w, ar);
		}
	o->h->jw_end_array(o->w);
}

static void write_sources(pact_out *o, const char *key)
{
	const pact_doc *d = o->d;
	char year[16];
	size_t i;

	if (!d->n_sources)
		return;
	o->h->jw_key(o->w, key);
	o->h->jw_begin_array(o->w);
	for (i = 0; i < d->n_sources; i++) {
		o->h->jw_begin_object(o->w);
		put_string(o, "name", d->src_name[i]);
		if (d->src_year[i] > 0)
			snprintf(year, sizeof year, "%d", d->src_year[i]);
		else
			strcpy(year, "unspecified");
		put_string(o, "version", year);
		o->h->jw_end_object(o->w);
	}
	o->h->jw_end_array(o->w);
}

/* dqi: 3.0 the three ratings of TS 3.0 (decimal strings), 2.3 coverage and five ratings (numbers). */
static void write_dqi(pact_out *o, const char *key)
{
	const pact_model *m = o->m;

	if (o->v->v3) {
		if (!(m->dq3_w > 0) || o->st != PCF_OK)
			return;
		o->h->jw_key(o->w, key);
		o->h->jw_begin_object(o->w);
		put_dec(o, "technologicalDQR", m->dq3[0] / m->dq3_w);
		put_dec(o, "geographicalDQR", m->dq3[2] / m->dq3_w);
		put_dec(o, "temporalDQR", m->dq3[1] / m->dq3_w);
		o->h->jw_end_object(o->w);
		return;
	}
	if (!(m->dq5_w > 0))
		return;
	o->h->jw_key(o->w, key);
	o->h->jw_begin_object(o->w);
	put_share(o, "coveragePercent", m->total_pos > 0 ? m->dq5_w / m->total_pos * 100.0 : 0.0);
	put_share(o, "technologicalDQR", m->dq5[0] / m->dq5_w);
	put_share(o, "temporalDQR", m->dq5[1] / m->dq5_w);
	put_share(o, "geographicalDQR", m->dq5[2] / m->dq5_w);
	put_share(o, "completenessDQR", m->dq5[3] / m->dq5_w);
	put_share(o, "reliabilityDQR", m->dq5[4] / m->dq5_w);
	o->h->jw_end_object(o->w);
}

static void write_fields(pact_out *o, const enum pact_field *list);

/* The mass of the declared unit: v3 for declaredUnitAmount units (0 where mass is not relevant, an
 * error where it is and is unknown), v2 per 1 declared unit (absent where unknown). */
static void write_mass(pact_out *o, const char *key)
{
	const pact_model *m = o->m;
	const pact_unit *u = &o->d->unit;

	if (o->v->v3) {
		double mass;
		if (u->mass)
			mass = u->amount;
		else if (!isnan(m->prod.mass_per_unit))
			mass = m->prod.mass_per_unit;
		else if (u->massless)
			mass = 0;
		else {
			if (o->st == PCF_OK)
				o->st = o->h->rule_error(o->ctx, "pact-mass-per-unit", PACT_TS3 " productMassPerDeclaredUnit",
				                         PCF_NO_PROCESS, "product",
				                         "pact-v3 needs the product's mass per declared unit "
				                         "(productMassPerDeclaredUnit) for a declared unit in %s: give "
				                         "product.mass-per-declared-unit in the inventory", u->name);
			return;
		}
		put_dec(o, key, mass);
	} else if (u->mass) {
		put_dec(o, key, 1.0);
	} else if (!isnan(m->prod.mass_per_unit)) {
		put_dec(o, key, m->prod.mass_per_unit / u->amount);
	} else if (u->massless) {
		put_dec(o, key, 0.0);
	}
}

static void write_field(pact_out *o, enum pact_field f)
{
	const pcf_host *h = o->h;
	const pact_model *m = o->m;
	const pact_doc *d = o->d;
	const char *key = field_key(f, o->v->v3);
	/* 2.3 figures are per 1 declared unit (the product holds unitaryProductAmount of them), 3.0's per
	 * declaredUnitAmount units */
	double a = o->v->v3 ? 1.0 : d->unit.amount;

	if (!key || o->st != PCF_OK)
		return;
	switch (f) {
	case F_ID: put_string(o, key, d->id); break;
	case F_SPEC_VERSION: put_string(o, key, o->v->spec); break;
	case F_PRECEDING:
		if (d->n_preceding) {
			size_t i;
			h->jw_key(o->w, key);
			h->jw_begin_array(o->w);
			for (i = 0; i < d->n_preceding; i++)
				h->jw_string(o->w, d->preceding[i]);
			h->jw_end_array(o->w);
		}
		break;
	case F_VERSION: h->jw_key(o->w, key); h->jw_int(o->w, 1); break;
	case F_CREATED: put_string(o, key, d->end); break;
	case F_STATUS: put_string(o, key, "Active"); break;
	case F_COMPANY_NAME: put_string(o, key, m->prod.organisation); break;
	case F_COMPANY_IDS: put_string_array(o, key, h->sb_str(d->company_urn)); break;
	case F_PRODUCT_DESCRIPTION: put_string(o, key, h->sb_str(d->description)); break;
	case F_PRODUCT_IDS: put_string_array(o, key, h->sb_str(d->product_urn)); break;
	case F_CPC: put_string(o, key, d->cpc ? d->cpc : "unspecified"); break;
	case F_CLASSIFICATIONS:
		if (d->cpc) {
			pcf_sb *c = h->sb_new(o->ctx);
			h->sb_printf(c, "urn:pact:productclassification:un-cpc:%s", d->cpc);
			if ((o->st = h->sb_status(c)) == PCF_OK)
				put_string_array(o, key, h->sb_str(c));
			h->sb_free(c);
		}
		break;
	case F_PRODUCT_NAME: put_string(o, key, m->prod.name); break;
	case F_COMMENT: put_string(o, key, h->sb_str(d->comment)); break;
	case F_PCF:
		h->jw_key(o->w, key);
		h->jw_begin_object(o->w);
		write_fields(o, o->v->pcf);
		h->jw_end_object(o->w);
		break;
	case F_UNIT: put_string(o, key, d->unit.name); break;
	case F_AMOUNT: put_dec(o, key, d->unit.amount); break;
	case F_MASS: write_mass(o, key); break;
	case F_PERIOD_START: put_string(o, key, d->start); break;
	case F_PERIOD_END: put_string(o, key, d->end); break;
	case F_GEOGRAPHY: write_geography(o); break;
	case F_BOUNDARY: put_string(o, key, h->sb_str(d->boundary)); break;
	case F_EXCL: put_dec(o, key, m->excl / a); break;
	case F_INCL: put_dec(o, key, m->incl / a); break;
	case F_FOSSIL_CARBON: put_dec(o, key, d->fossil_carbon / a); break;
	case F_BIO_CARBON: put_dec(o, key, m->biogenic_carbon / a); break;
	case F_FOSSIL: put_dec(o, key, m->fossil / a); break;
	case F_LUC: put_dec(o, key, m->luc / a); break;
	case F_UPTAKE: put_dec(o, key, m->uptake / a); break;
	case F_BIO_NONCO2: put_dec(o, key, m->bio_nonco2 / a); break;
	case F_AIRCRAFT: put_dec(o, key, m->aircraft / a); break;
	case F_PACKAGING: h->jw_key(o->w, key); h->jw_bool(o->w, d->packaging); break;
	case F_OUTBOUND:
		if (m->has_distribution)
			put_dec(o, key, m->outbound / a);
		break;
	case F_CHAR_FACTORS: put_string(o, key, PACT_GWP); break;
	case F_IPCC_FACTORS: write_ar_list(o, key); break;
	case F_XSTD_USED: put_string_array(o, key, "GHG Protocol Product standard"); break;
	case F_XSTD: put_string_array(o, key, "PACT-3.0"); break;
	case F_EXEMPT_PCT: put_share(o, key, m->cutoff_share * 100.0); break;
	case F_EXEMPT_DESC: put_string(o, key, h->sb_str(d->exempted)); break;
	case F_ALLOCATION:
		if (m->alloc_note[0])
			put_string(o, key, m->alloc_note);
		break;
	case F_SOURCES: write_sources(o, key); break;
	case F_PRIMARY: put_share(o, key, m->primary_share * 100.0); break;
	case F_DQI: write_dqi(o, key); break;
	case F_END: break;
	}
}

static void write_fields(pact_out *o, const enum pact_field *list)
{
	for (; *list != F_END && o->st == PCF_OK; list++)
		write_field(o, *list);
}

static pcf_status pact_export(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *out_len)
{
	pact_model m;
	pact_doc d;
	pcf_result_info ri;
	INFO_INIT(ri);
	pcf_status st;
	const pact_version *v;

	memset(&d, 0, sizeof d);
	if (!strcmp(format, "pact-v3"))
		v = &pact_v3;
	else if (!strcmp(format, "pact-v2"))
		v = &pact_v2;
	else
		return h->error(ctx, PCF_E_NOTFOUND, "the pact plugin has no export format '%s' (pact-v2, pact-v3)", format);
	st = pact_run(h, ctx, &m, 0);
	if (st == PCF_OK)
		st = h->result_info(ctx, &ri);
	if (st == PCF_OK && (ri.total != m.excl || ri.fossil != m.fossil || !ri.gwp_set || strcmp(ri.gwp_set, PACT_GWP)))
		st = h->error(ctx, PCF_E_INVALID,
		              "the result to export is not the one the pact plugin computes from this inventory and parameters");
	if (st == PCF_OK)
		st = make_doc(h, ctx, &m, v->v3, &d);
	if (st == PCF_OK) {
		pact_out o = { h, ctx, &m, &d, h->jw_new(ctx), v, PCF_OK };
		if (!o.w) {
			st = h->error(ctx, PCF_E_NOMEM, "out of memory");
		} else {
			h->jw_begin_object(o.w);
			write_fields(&o, v->top);
			h->jw_end_object(o.w);
			st = o.st;
			if (st == PCF_OK)
				st = h->jw_finish(o.w, out, out_len);
			else
				h->jw_free(o.w);
		}
	}
	doc_free(h, &d);
	model_free(&m);
	return st;
}

/* ------------------------------------------------------------------------------------------------
 * Entry
 * ---------------------------------------------------------------------------------------------- */

static const pcf_plugin pact_plugin = {
	PCF_ABI_INIT(pact_plugin),
	"pact",
	PACT_PLUGIN_VERSION,
	"PACT Methodology v3.0 product carbon footprint (cradle-to-gate), PACT v3.0.3 and (deprecated) v2.3 exports",
	"PACT Methodology v3.0 (WBCSD, 2025); PACT Technical Specifications 3.0.3 and 2.3",
	"Methodology 3.2.2, 3.2.3, 3.3.1, 3.3.1.2, 3.3.1.3, 3.3.2.1, 3.3.2.4, 3.3.2.5, 4.2.2, 4.2.3",
	"Apache-2.0",
	"Cradle-to-gate product carbon footprint under the PACT Methodology v3.0 with IPCC AR6 GWP100. "
	"Refuses: another GWP set, a boundary other than cradle-to-gate, use or end-of-life processes, offsets, "
	"declared removals (biogenic uptake comes from the product's biogenic carbon content), exemptions of 100 %, "
	"co-products with neither a mass nor a value (physical allocation falls back to value, ISO 14044 4.3.4.2). Distribution is reported apart as outbound "
	"logistics. The total is pcfExcludingBiogenicUptake = fossil + land-use change + biogenic non-CO2; "
	"pcfIncludingBiogenicUptake adds the uptake -44/12 x biogenic carbon content. Exports pact-v3 (3.0.3) and "
	"pact-v2 (2.3, deprecated April 2026) ProductFootprint JSON. See docs/methods/pact.md.",
	pact_params,
	pact_formats,
	pact_compute,
	pact_export,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	(void)host;
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &pact_plugin;
	return PCF_OK;
}
