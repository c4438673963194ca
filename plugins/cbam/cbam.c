/*
 * cbam.c - the cbam methodology plugin: specific embedded emissions (SEE) of goods under the EU Carbon
 * Border Adjustment Mechanism, Regulation (EU) 2023/956 Annex IV, with the monitoring rules it builds on
 * (Implementing Regulation (EU) 2025/2547 for the definitive period; GWP values of Implementing
 * Regulation (EU) 2018/2066 Annex VI, i.e. IPCC AR5).
 *
 * Every process of the inventory is a production process inside the installation's system boundaries.
 * The recursion of Annex IV, SEE_g = (AttrEm_g + sum_i M_i * SEE_i) / AL_g over relevant precursors, is
 * the transposed form of the linked-process system the host solves, so loops between processes are
 * solved exactly rather than iterated. Direct and indirect emissions are computed apart; the declared
 * good's category decides which gases count (Annex I) and whether indirect emissions count (they do for
 * cement and fertilisers; iron and steel, aluminium, hydrogen and electricity count direct emissions
 * only, Annex II and Article 7(1)). Results are in tonnes CO2e per tonne of good (per MWh for
 * electricity). The rules and the tests covering them are listed in docs/methods/cbam.md.
 *
 * Stopgap: the inventory format has no place for CBAM data yet, and plugins cannot read x- keys, so
 * the goods category (or the CN code it is derived from) and the role of each emission factor
 * (electricity, fuel, purchased precursor) are methodology parameters (--param category=..., cn=...,
 * electricity=..., fuels=..., precursors=...). They are recorded in the result, so a verifier recomputes
 * with the same ones. Without a category every Annex I gas and the indirect emissions count, with a
 * warning. The total is per declared unit (a mass; an energy for electricity); the see-* figures per
 * tonne (per MWh).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#include "../common/amounts.h"
#include "../pact/trade_util.h"

#define CBAM_PLUGIN_VERSION "2.0.0"
#define CBAM_GWP "AR5"
#define CBAM_REG "Regulation (EU) 2023/956"

static const pcf_param_spec param_category = {
	PCF_ABI_INIT(param_category), "category", "cement|fertilisers|iron-steel|aluminium|hydrogen|electricity", NULL,
	"aggregated goods category of the declared good (Regulation (EU) 2023/956 Annex I); else from cn"
};
static const pcf_param_spec param_cn = {
	PCF_ABI_INIT(param_cn), "cn", "CN code, 4 to 8 digits", NULL,
	"Combined Nomenclature code of the declared good; gives the category when category is not given"
};
static const pcf_param_spec param_electricity = {
	PCF_ABI_INIT(param_electricity), "electricity", "comma-separated factor ids", NULL,
	"emission factors of electricity consumed: indirect emissions (Art. 7(4), Annex IV 4.3)"
};
static const pcf_param_spec param_fuels = {
	PCF_ABI_INIT(param_fuels), "fuels", "comma-separated factor ids", NULL,
	"emission factors of fuels and materials combusted or converted in the installation: direct emissions"
};
static const pcf_param_spec param_precursors = {
	PCF_ABI_INIT(param_precursors), "precursors", "comma-separated factor ids", NULL,
	"emission factors giving a purchased relevant precursor's specific direct embedded emissions (SEE_i)"
};
static const pcf_param_spec param_precursor_cn = {
	PCF_ABI_INIT(param_precursor_cn), "precursor-cn", "comma-separated FACTOR-ID=CN", NULL,
	"the CN code of each purchased precursor (a factor id of precursors): checked against the relevant precursors "
	"of the declared good's production route (Implementing Regulation (EU) 2023/1773 Annex II section 3)"
};
static const pcf_param_spec param_biomass = {
	PCF_ABI_INIT(param_biomass), "biomass-criteria", "met|not-met", NULL,
	"whether the biomass burnt meets the sustainability and GHG-saving criteria of Directive (EU) 2018/2001 Art. 29: "
	"only then is its CO2 zero-rated; not met or not stated, it counts as fossil (Regulation (EU) 2018/2066 Art. 38(5))"
};
static const pcf_param_spec *const cbam_params[] = {
	&param_category, &param_cn, &param_electricity, &param_fuels, &param_precursors, &param_precursor_cn,
	&param_biomass, NULL
};

/* Aggregated goods categories: the gases Annex I lists for them and whether indirect emissions count. */
typedef struct cbam_category {
	const char *name;
	const char *gases;        /* ",co2-fossil,n2o," */
	int indirect_counts;
	const char *unit;         /* the declared unit the SEE is per */
} cbam_category;

static const cbam_category categories[] = {
	{ "cement", ",co2-fossil,", 1, "t" },
	{ "fertilisers", ",co2-fossil,n2o,", 1, "t" },
	{ "iron-steel", ",co2-fossil,", 0, "t" },
	{ "aluminium", ",co2-fossil,cf4,c2f6,", 0, "t" },
	{ "hydrogen", ",co2-fossil,", 0, "t" },
	{ "electricity", ",co2-fossil,", 0, "MWh" },
};
/* No category declared: every Annex I gas counts, and indirect emissions count (nothing entitles the good
 * to the direct-only treatment of Annex II). */
static const cbam_category unspecified = { "unspecified", ",co2-fossil,n2o,cf4,c2f6,", 1, "t" };

/* One line of Annex I (data/cbam/annex1-cn.tsv, compiled in as cn_table.h). */
typedef struct cbam_cn {
	int except;               /* an exception under the entry above it */
	const char *code;         /* digits, 2 to 8 */
	const char *category;
	const char *gases;        /* "co2", "co2+n2o", "co2+pfc" */
	int annex2;               /* Annex II: direct emissions only */
	const char *text;
} cbam_cn;

static const cbam_cn annex1[] = {
#include "cn_table.h"
};

#define CN_FOUND 0     /* a good Annex I lists: *out is its entry */
#define CN_EXCEPTED 1  /* under an entry but excepted: *out is the exception */
#define CN_NOT_LISTED 2
#define CN_PARTLY 3    /* a heading only part of which is listed: *out is a listed code or exception beneath */

/*
 * Where a CN code stands in Annex I. The most specific line at or above the code decides (an entry
 * covers the codes beneath it, an exception removes them again); a code with lines beneath it that
 * decide otherwise is only partly a CBAM good and needs its full 8 digits. No prefix of a listed code
 * counts: 2601 11 00 is not 2601 12 00.
 */
static int cn_lookup(const char *cn, const cbam_cn **out)
{
	const cbam_cn *best = NULL;
	size_t i, n = strlen(cn), bl = 0;
	int listed;

	for (i = 0; i < sizeof annex1 / sizeof annex1[0]; i++) {
		size_t l = strlen(annex1[i].code);
		if (l <= n && !strncmp(cn, annex1[i].code, l) && l >= bl) {
			best = &annex1[i];
			bl = l;
		}
	}
	listed = best && !best->except;
	for (i = 0; i < sizeof annex1 / sizeof annex1[0]; i++) {
		size_t l = strlen(annex1[i].code);
		if (l > n && !strncmp(annex1[i].code, cn, n) && (!annex1[i].except) != listed) {
			*out = &annex1[i];
			return CN_PARTLY;
		}
	}
	*out = best;
	if (!best)
		return CN_NOT_LISTED;
	return best->except ? CN_EXCEPTED : CN_FOUND;
}

/* "72022" as "7202 2", "25070080" as "2507 00 80": Annex I's spacing. */
static const char *cn_spaced(const char *code, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; code[i] && o + 2 < len; i++) {
		if (i >= 4 && i % 2 == 0)
			buf[o++] = ' ';
		buf[o++] = code[i];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * The goods of Implementing Regulation (EU) 2023/1773 Annex II section 3 ("production routes and relevant
 * precursors"), by CN code, and the relevant precursors of each: a purchased precursor of another kind is
 * not part of the good's embedded emissions.
 */
static const char *good_class(const char *cn)
{
	static const struct {
		const char *prefix, *cls;
	} map[] = {
		{ "25070080", "calcined clay" }, { "25231000", "cement clinker" }, { "25233000", "aluminous cement" },
		{ "2523", "cement" }, { "28041000", "hydrogen" }, { "2814", "ammonia" }, { "28080000", "nitric acid" },
		{ "310210", "urea" }, { "3102", "mixed fertilisers" }, { "3105", "mixed fertilisers" },
		{ "28342100", "mixed fertilisers" }, { "26011200", "sintered ore" }, { "7201", "pig iron" },
		{ "720211", "ferro-alloy" }, { "720219", "ferro-alloy" }, { "720241", "ferro-alloy" },
		{ "720249", "ferro-alloy" }, { "720260", "ferro-alloy" }, { "7203", "direct reduced iron" },
		{ "7206", "crude steel" }, { "7207", "crude steel" }, { "7218", "crude steel" }, { "7224", "crude steel" },
		{ "72", "iron or steel products" }, { "73", "iron or steel products" }, { "7601", "unwrought aluminium" },
		{ "76", "aluminium products" }, { "2716", "electricity" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strncmp(cn, map[i].prefix, strlen(map[i].prefix)))
			return map[i].cls;
	return NULL;
}

/* ",a,b," lists of good classes a good of class cls may take as precursors ("" none). */
static const char *relevant_precursors(const char *cls)
{
	static const struct {
		const char *cls, *precursors;
	} map[] = {
		{ "calcined clay", "" }, { "cement clinker", "" }, { "aluminous cement", "" },
		{ "cement", ",cement clinker,calcined clay," }, { "hydrogen", "" }, { "ammonia", ",hydrogen," },
		{ "nitric acid", ",ammonia," }, { "urea", ",ammonia," },
		{ "mixed fertilisers", ",ammonia,nitric acid,urea,mixed fertilisers," }, { "sintered ore", "" },
		{ "pig iron", ",sintered ore,pig iron,direct reduced iron,ferro-alloy,hydrogen," },
		{ "ferro-alloy", ",sintered ore," }, { "direct reduced iron", ",sintered ore,hydrogen," },
		{ "crude steel", ",pig iron,direct reduced iron,ferro-alloy,crude steel," },
		{ "iron or steel products", ",pig iron,direct reduced iron,ferro-alloy,crude steel,iron or steel products," },
		{ "unwrought aluminium", ",unwrought aluminium," },
		{ "aluminium products", ",unwrought aluminium,aluminium products," }, { "electricity", "" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(cls, map[i].cls))
			return map[i].precursors;
	return "";
}

/* Each precursor-cn entry names a precursors factor and a CN code of a relevant precursor of the good. */
static pcf_status check_precursors(const pcf_host *h, pcf_ctx *ctx, const char *good_cn)
{
	const char *list = h->param(ctx, "precursor-cn"), *prec = h->param(ctx, "precursors"), *p = list;
	const char *cls = good_cn ? good_class(good_cn) : NULL, *rel;
	char item[160], key[64];

	if (list && !good_cn)
		return h->error(ctx, PCF_E_ARG, "parameter precursor-cn: needs the declared good's CN code (--param cn) to "
		                "check the precursors against its production route");
	while (p && *p) {
		const char *end = strchr(p, ','), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const cbam_cn *e;
		const char *pc;
		if (len >= sizeof item)
			len = sizeof item - 1;
		memcpy(item, p, len);
		item[len] = '\0';
		eq = strchr(item, '=');
		if (!eq || eq == item || !eq[1] || strspn(eq + 1, "0123456789") != strlen(eq + 1) || strlen(eq + 1) != 8)
			return h->error(ctx, PCF_E_ARG, "parameter precursor-cn: expected FACTOR-ID=CN with an 8-digit CN code, "
			                "found '%s'", item);
		item[eq - item] = '\0';
		if (!trade_list_has(prec, item))
			return h->error(ctx, PCF_E_ARG, "parameter precursor-cn: '%s' is not a factor listed in precursors", item);
		if (cn_lookup(eq + 1, &e) != CN_FOUND)
			return h->rule_error(ctx, "cbam-precursor-relevant", "Implementing Regulation (EU) 2023/1773 Annex II 3",
			                     PCF_NO_PROCESS, "product", "precursor '%s' (CN %s) is not a good Annex I lists, so "
			                     "it is not a relevant precursor", item, eq + 1);
		pc = good_class(eq + 1);
		rel = cls ? relevant_precursors(cls) : "";
		snprintf(key, sizeof key, ",%s,", pc ? pc : "");
		if (!pc || !strstr(rel, key))
			return h->rule_error(ctx, "cbam-precursor-relevant", "Implementing Regulation (EU) 2023/1773 Annex II 3",
			                     PCF_NO_PROCESS, "product", "precursor '%s' is %s (CN %s), not a relevant precursor "
			                     "of %s (CN %s), whose production route takes %s", item, pc ? pc : "another good",
			                     eq + 1, cls ? cls : "the good", good_cn, *rel ? rel + 1 : "no precursor");
		p = end ? end + 1 : NULL;
	}
	return PCF_OK;
}

typedef struct cbam_model {
	pcf_product_info prod;
	const cbam_category *cat;
	cbam_category from_cn;   /* the category as the CN code's Annex I line makes it (gases, Annex II) */
	const cbam_cn *cn;       /* that line, NULL when no cn parameter */
	int biomass_zero;        /* biomass-criteria=met: biomass CO2 zero-rated */
	double bio_fossil;       /* biomass CO2 counted as fossil (criteria not met or not stated), t */
	size_t n;
	pcf_process_info *procs;
	double *alpha, *b;
	double direct, indirect, bio_co2, not_counted, outside, total;
	double counted_primary, counted_pos;
	double du;               /* the declared unit in tonnes (MWh for electricity) */
	const char *allocation;
	char alloc_note[512];
} cbam_model;

static void model_free(cbam_model *m)
{
	free(m->procs);
	free(m->alpha);
	free(m->b);
}

static int in_set(const char *set, const char *item)
{
	char key[64];
	snprintf(key, sizeof key, ",%s,", item);
	return strstr(set, key) != NULL;
}

static pcf_status check_params(const pcf_host *h, pcf_ctx *ctx, cbam_model *m)
{
	const char *c = h->param(ctx, "category");
	const char *cn = h->param(ctx, "cn");
	const char *from_cn = NULL, *bio;
	size_t i;
	pcf_status st;

	if (cn) {
		const cbam_cn *e;
		char sp[24], sp2[24];
		size_t len = strlen(cn);
		for (i = 0; i < len; i++)
			if (!isdigit((unsigned char)cn[i]))
				break;
		if (i != len || len < 4 || len > 8)
			return h->error(ctx, PCF_E_ARG, "parameter cn: expected a CN code of 4 to 8 digits, found '%s'", cn);
		switch (cn_lookup(cn, &e)) {
		case CN_NOT_LISTED:
			return h->rule_error(ctx, "cbam-goods", CBAM_REG " Annex I", PCF_NO_PROCESS, "product",
			                     "CN code %s is not a good Annex I lists", cn);
		case CN_EXCEPTED:
			return h->rule_error(ctx, "cbam-goods", CBAM_REG " Annex I", PCF_NO_PROCESS, "product",
			                     "CN code %s is not a CBAM good: Annex I excepts %s (%s)",
			                     cn_spaced(cn, sp, sizeof sp), cn_spaced(e->code, sp2, sizeof sp2), e->text);
		case CN_PARTLY:
			return h->rule_error(ctx, "cbam-goods", CBAM_REG " Annex I", PCF_NO_PROCESS, "product",
			                     "CN code %s is only partly a CBAM good (Annex I %s %s, %s): give the 8-digit "
			                     "code", cn_spaced(cn, sp, sizeof sp), e->except ? "excepts" : "lists",
			                     cn_spaced(e->code, sp2, sizeof sp2), e->text);
		default:
			break;
		}
		m->cn = e;
		from_cn = e->category;
	}
	if (c) {
		for (i = 0; i < sizeof categories / sizeof categories[0]; i++)
			if (!strcmp(c, categories[i].name))
				m->cat = &categories[i];
		if (!m->cat)
			return h->error(ctx, PCF_E_ARG,
			                "parameter category: expected cement, fertilisers, iron-steel, aluminium, hydrogen or "
			                "electricity, found '%s'", c);
		if (from_cn && strcmp(from_cn, c))
			return h->error(ctx, PCF_E_ARG, "parameter cn: CN code %s is a good of the %s category, not %s", cn,
			                from_cn, c);
	} else if (from_cn) {
		for (i = 0; i < sizeof categories / sizeof categories[0]; i++)
			if (!strcmp(from_cn, categories[i].name))
				m->cat = &categories[i];
	} else {
		m->cat = &unspecified;
	}
	if ((st = check_precursors(h, ctx, cn)) != PCF_OK)
		return st;
	bio = h->param(ctx, "biomass-criteria");
	if (bio && strcmp(bio, "met") && strcmp(bio, "not-met"))
		return h->error(ctx, PCF_E_ARG, "parameter biomass-criteria: expected met or not-met, found '%s'", bio);
	m->biomass_zero = bio && !strcmp(bio, "met");
	if (m->cn) {
		/* the gases and the Annex II status of the good's own line of Annex I (ammonia 2814: CO2 only;
		 * agglomerated iron ore 2601 12 00: not in Annex II, so indirect emissions count) */
		m->from_cn = *m->cat;
		m->from_cn.gases = !strcmp(m->cn->gases, "co2+n2o")   ? ",co2-fossil,n2o,"
		                   : !strcmp(m->cn->gases, "co2+pfc") ? ",co2-fossil,cf4,c2f6,"
		                                                      : ",co2-fossil,";
		m->from_cn.indirect_counts = !m->cn->annex2;
		m->cat = &m->from_cn;
	}
	return PCF_OK;
}

static pcf_status check_rules(const pcf_host *h, pcf_ctx *ctx, cbam_model *m)
{
	size_t i;
	double du;
	char key[40];

	if (m->prod.gwp_set && strcmp(m->prod.gwp_set, CBAM_GWP))
		return h->rule_error(ctx, "cbam-gwp-ar5", "Implementing Regulation (EU) 2018/2066 Annex VI", PCF_NO_PROCESS,
		                     "gwp-set",
		                     "the inventory asks for GWP set %s; CBAM embedded emissions use the EU ETS GWP values "
		                     "(AR5)", m->prod.gwp_set);
	if (!strcmp(m->prod.boundary, "cradle-to-grave"))
		return h->rule_error(ctx, "cbam-system-boundary", CBAM_REG " Annex IV 1", PCF_NO_PROCESS, "boundary",
		                     "embedded emissions cover the production of the good only, the inventory's boundary is "
		                     "cradle-to-grave");
	if (m->prod.offset_count)
		return h->rule_error(ctx, "cbam-no-offsets", CBAM_REG " Annex IV 1", PCF_NO_PROCESS, "offsets[0]",
		                     "offsets cannot reduce embedded emissions, which are the emissions released in production");
	/* the declared unit: a mass of good (an energy for electricity); the SEE is per tonne (per MWh).
	 * Dimension checked first: a failed conversion would be recorded as this call's error. */
	snprintf(key, sizeof key, ",%s,", m->prod.declared_unit);
	if (!strstr(!strcmp(m->cat->unit, "t") ? ",mg,g,kg,t,lb," : ",J,kJ,MJ,GJ,TJ,Wh,kWh,MWh,GWh,Btu,MMBtu,therm,", key) ||
	    h->convert(ctx, m->prod.declared_amount, m->prod.declared_unit, m->cat->unit, &du) != PCF_OK || !(du > 0))
		return h->rule_error(ctx, "cbam-declared-unit", CBAM_REG " Annex IV 2", PCF_NO_PROCESS, "product",
		                     "specific embedded emissions are per %s of %s; the declared unit, %g %s, is not %s",
		                     !strcmp(m->cat->unit, "t") ? "tonne" : "MWh",
		                     m->cat == &unspecified ? "good" : m->cat->name, m->prod.declared_amount,
		                     m->prod.declared_unit, !strcmp(m->cat->unit, "t") ? "a mass" : "an energy");
	m->du = du;
	/* A supplier's certificate as a precursor: its embedded emissions must have been determined under
	 * the CBAM rules (Annex III); a footprint certified under another methodology (ISO 14067, PAS 2050,
	 * PACT ...) is refused (docs/methods/cbam.md). CBAM results are in t CO2e/t, which a supplier input
	 * cannot carry (kg CO2e), so no supplier certificate is accepted by this version. */
	for (i = 0; h->abi.minor >= 2 && i < m->n; i++) {
		size_t k;
		for (k = 0; k < m->procs[i].input_count; k++) {
			pcf_input_info in;
			pcf_supplier_info s;
			char field[40];
			INFO_INIT(in);
			INFO_INIT(s);
			if (h->input(ctx, i, k, &in) != PCF_OK || in.kind != PCF_FROM_SUPPLIER)
				continue;
			if (h->supplier_info(ctx, i, k, &s) != PCF_OK)
				continue;
			snprintf(field, sizeof field, "inputs[%zu]", k);
			if (s.flags & PCF_SUPPLIER_FLAG_UNVERIFIED)
				return h->rule_error(ctx, "cbam-supplier-unverified", CBAM_REG " Annex III", i, field,
				                     "supplier input %s is a %s ProductFootprint (unverified secondary data): "
				                     "the embedded emissions of a precursor must be determined and verified "
				                     "under the CBAM rules",
				                     s.ref ? s.ref : "", s.methodology_id ? s.methodology_id : "PACT");
			return h->rule_error(ctx, "cbam-supplier-methodology", CBAM_REG " Annex III", i, field,
			                     "supplier certificate %s was computed under %s %s: the embedded emissions of a "
			                     "precursor must be determined under the CBAM rules",
			                     s.certificate_id ? s.certificate_id : "", s.methodology_id ? s.methodology_id : "?",
			                     s.methodology_version ? s.methodology_version : "");
		}
	}
	for (i = 0; i < m->n; i++) {
		const pcf_process_info *p = &m->procs[i];
		if (!strcmp(p->stage, "distribution") || !strcmp(p->stage, "use") || !strcmp(p->stage, "end-of-life"))
			return h->rule_error(ctx, "cbam-system-boundary", CBAM_REG " Annex IV 1", i, "stage",
			                     "the %s stage is outside the production processes embedded emissions cover",
			                     p->stage);
		if (p->removal_count)
			return h->rule_error(ctx, "cbam-no-removals", CBAM_REG " Annex IV 1", i, "removals[0]",
			                     "a removal is declared; embedded emissions are the emissions released in "
			                     "production and are not reduced by removals");
	}
	return PCF_OK;
}

/* Goods of one production process carry the same SEE per tonne: co-products share by mass. */
static pcf_status allocate(const pcf_host *h, pcf_ctx *ctx, cbam_model *m)
{
	size_t i, j, len = 0;

	m->allocation = "none";
	for (i = 0; i < m->n; i++) {
		const pcf_process_info *p = &m->procs[i];
		double sum;
		m->alpha[i] = 1.0;
		if (!p->coproduct_count)
			continue;
		if (isnan(p->mass) || !(p->mass > 0))
			return h->rule_error(ctx, "cbam-allocation-mass", CBAM_REG " Annex IV 2", i, "reference-flow",
			                     "there are co-products, so the reference flow needs a mass: goods of one "
			                     "production process share their emissions per tonne");
		sum = p->mass;
		for (j = 0; j < p->coproduct_count; j++) {
			pcf_coproduct_info c;
			char field[48];
			pcf_status st;
			INFO_INIT(c);
			if ((st = h->coproduct(ctx, i, j, &c)) != PCF_OK)
				return st;
			snprintf(field, sizeof field, "co-products[%zu]", j);
			if (isnan(c.mass))
				return h->rule_error(ctx, "cbam-allocation-mass", CBAM_REG " Annex IV 2", i, field,
				                     "co-product '%s' has no mass; goods of one production process share their "
				                     "emissions per tonne", c.name);
			sum += c.mass;
		}
		m->alpha[i] = p->mass / sum;
		m->allocation = "physical";
		if (len < sizeof m->alloc_note - 1) {
			int w = snprintf(m->alloc_note + len, sizeof m->alloc_note - len,
			                 "%s%s: %.6g %% by mass to the reference flow", len ? "; " : "", p->id,
			                 m->alpha[i] * 100.0);
			if (w > 0)
				len += (size_t)w;
			if (len >= sizeof m->alloc_note)
				len = sizeof m->alloc_note - 1;
		}
	}
	return PCF_OK;
}

/* Warn once per factor id that lies outside the boundary. */
static pcf_status warn_outside(const pcf_host *h, pcf_ctx *ctx, const char *id, char **seen, size_t *len)
{
	size_t need = strlen(id) + 3;
	char key[256], *n;

	snprintf(key, sizeof key, ",%s,", id);
	if (*seen && strstr(*seen, key))
		return PCF_OK;
	n = realloc(*seen, *len + need + 1);
	if (!n)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	*seen = n;
	if (!*len)
		n[(*len)++] = ',';
	memcpy(n + *len, id, need - 3);
	*len += need - 3;
	n[(*len)++] = ',';
	n[*len] = '\0';
	return h->warn(ctx,
	               "inputs characterised by factor '%s' are outside the CBAM system boundaries and not counted "
	               "(not listed as electricity, fuels or precursors)", id);
}

/* What cbam_run carries from one flow to the next: the trade lists (--param electricity, fuels, precursors), the
 * factors already warned about as outside the boundaries, the warnings given once, and the magnitude so far. */
typedef struct flow_state {
	const char *elec, *fuels, *prec;
	char *seen;
	size_t seen_len;
	int warned_gas[8];
	double magnitude;   /* kg CO2e, amounts.h */
} flow_state;

/* The role of flow f (t t CO2e) within the CBAM boundaries: *role 2 for indirect (a factor listed as electricity),
 * 1 for direct (a factor listed as fuel or precursor, or a direct emission of the inventory), 0 for outside them
 * (added to m->outside, with its warning when publishing). A factor counted is added to the result. */
static pcf_status flow_role(const pcf_host *h, pcf_ctx *ctx, cbam_model *m, int publish, const pcf_flow_info *f,
                            double t, flow_state *s, int *role)
{
	pcf_factor_info fi;
	pcf_status st;

	*role = 1;
	if (f->origin != PCF_FROM_FACTOR)
		return PCF_OK;
	INFO_INIT(fi);
	if ((st = h->factor_info(ctx, f->factor, &fi)) != PCF_OK)
		return st;
	if (trade_list_has(s->elec, fi.id)) {
		*role = 2;
	} else if (!trade_list_has(s->fuels, fi.id) && !trade_list_has(s->prec, fi.id)) {
		*role = 0;
		m->outside += t;
		return publish ? warn_outside(h, ctx, fi.id, &s->seen, &s->seen_len) : PCF_OK;
	}
	return publish ? h->add_factor(ctx, f->factor) : PCF_OK;
}

/* One flow k of the inventory in t CO2e: its role (direct, or indirect for the electricity listed), then counted in
 * m's sums or set aside (outside the boundaries, land use change, biomass, gases Annex I does not list), with
 * its stage, gas and process added to the result when publishing. */
static pcf_status count_flow(const pcf_host *h, pcf_ctx *ctx, cbam_model *m, int publish, size_t k, flow_state *s)
{
	pcf_flow_info f;
	double t, gwp = 1.0;
	int role = 0;   /* 1 direct, 2 indirect */
	pcf_status st;

	INFO_INIT(f);
	if ((st = h->lci_flow(ctx, k, &f)) != PCF_OK)
		return st;
	if (!isfinite(f.amount))
		return pcfp_flow_not_finite(h, ctx, &f, f.amount, gwp);
	/* every figure in the unit of the total, t CO2e (docs/result-format.md): gases characterised first */
	if (strcmp(f.gas, "co2e") && (st = h->gwp(ctx, CBAM_GWP, f.gas, &gwp)) != PCF_OK)
		return st;
	t = f.amount * gwp / 1000.0;   /* t CO2e per declared unit */
	if (!isfinite(t))
		return pcfp_flow_not_finite(h, ctx, &f, f.amount, gwp);
	if ((st = pcfp_add_magnitude(h, ctx, &f, f.amount * gwp, &s->magnitude)) != PCF_OK)
		return st;
	if ((st = flow_role(h, ctx, m, publish, &f, t, s, &role)) != PCF_OK || role == 0)
		return st;
	if (f.category == PCF_FLOW_LAND_USE_CHANGE) {
		m->not_counted += t;
		if (publish && !s->warned_gas[0]++ &&
		    (st = h->warn(ctx, "land-use-change emissions are outside the CBAM system boundaries and not "
		                       "counted")) != PCF_OK)
			return st;
		return PCF_OK;
	}
	if (!strcmp(f.gas, "co2-biogenic")) {
		if (m->biomass_zero) {
			/* biomass meeting the criteria: emission factor zero (EU ETS rules applied by Annex IV) */
			m->bio_co2 += t;
			return PCF_OK;
		}
		/* not stated, or not met: "considered as fossil" (Regulation (EU) 2018/2066 Art. 38(5)), a direct
		 * emission counted as CO2 */
		m->bio_fossil += t;
	}
	if (role == 2 && strcmp(f.gas, "co2e") && strcmp(f.gas, "co2-fossil") && strcmp(f.gas, "co2-biogenic")) {
		/* indirect emissions are the CO2 of the electricity consumed (Implementing Regulation (EU)
		 * 2023/1773 Annex III, section D; Regulation (EU) 2023/956 Annex IV 4.3) */
		m->not_counted += t;
		if (publish && f.amount != 0 && !s->warned_gas[2]++ &&
		    (st = h->warn(ctx, "electricity's %s is not counted: indirect emissions are the CO2 of the electricity "
		                       "consumed (Implementing Regulation (EU) 2023/1773 Annex III D)", f.gas)) != PCF_OK)
			return st;
		return PCF_OK;
	}
	if (role == 1 && strcmp(f.gas, "co2e") && strcmp(f.gas, "co2-biogenic") && !in_set(m->cat->gases, f.gas)) {
		m->not_counted += t;
		if (publish && f.amount != 0 && !s->warned_gas[1]++ &&
		    (st = h->warn(ctx, "emissions of %s (and any other gas Annex I does not list for %s) are not "
		                       "counted", f.gas, m->cn ? "this good" : m->cat->name)) != PCF_OK)
			return st;
		return PCF_OK;
	}
	if (role == 2) {
		m->indirect += t;
		if (!m->cat->indirect_counts)
			return PCF_OK;
	} else {
		m->direct += t;
	}
	if (t > 0) {
		m->counted_pos += t;
		if (f.primary == 1)
			m->counted_primary += t;
	}
	if (publish &&
	    ((st = h->add_stage(ctx, m->procs[f.process].stage, t)) != PCF_OK ||
	     (st = h->add_gas(ctx, f.gas, t, strcmp(f.gas, "co2e") ? f.amount / 1000.0 : NAN)) != PCF_OK ||
	     (st = h->add_process(ctx, f.process, t)) != PCF_OK))
		return st;
	return PCF_OK;
}

/* The result: the total in t CO2e, the figures (the specific embedded emissions per declared unit among them), the
 * primary share and allocation, then the warnings about biomass, a missing category and uncounted indirect
 * emissions. */
static pcf_status publish_result(const pcf_host *h, pcf_ctx *ctx, const cbam_model *m)
{
	pcf_status st;

	if ((st = h->set_total(ctx, m->total, "t CO2e")) != PCF_OK ||
	    (st = h->set_gwp_set(ctx, CBAM_GWP)) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", m->total)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-emissions", m->bio_co2 + m->bio_fossil)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", 0.0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "dluc", 0.0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "aircraft", 0.0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "see-direct", m->direct / m->du)) != PCF_OK ||
	    (st = h->set_figure(ctx, "see-indirect", m->indirect / m->du)) != PCF_OK ||
	    (st = h->set_figure(ctx, "see-indirect-counted", m->cat->indirect_counts ? m->indirect / m->du : 0.0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "see", m->total / m->du)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-co2-zero-rated", m->bio_co2)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-co2-counted-as-fossil", m->bio_fossil)) != PCF_OK ||
	    (st = h->set_figure(ctx, "not-counted-gases", m->not_counted)) != PCF_OK ||
	    (st = h->set_figure(ctx, "outside-boundary", m->outside)) != PCF_OK ||
	    (st = h->set_primary_share(ctx, m->counted_pos > 0 ? m->counted_primary / m->counted_pos : 0.0)) != PCF_OK ||
	    (st = h->set_allocation(ctx, m->allocation, m->alloc_note[0] ? m->alloc_note : NULL)) != PCF_OK)
		return st;
	if (m->bio_fossil != 0 &&
	    (st = h->warn(ctx, "biomass CO2 of %g t per %s is counted as fossil: %s (Regulation (EU) 2018/2066 Art. 38(5); "
	                       "--param biomass-criteria=met when the criteria of Directive (EU) 2018/2001 Art. 29 are met)",
	                  m->bio_fossil / m->du, m->cat->unit,
	                  h->param(ctx, "biomass-criteria") ? "the sustainability criteria are declared not met"
	                                                    : "the sustainability criteria are not stated")) != PCF_OK)
		return st;
	if (m->cat == &unspecified &&
	    (st = h->warn(ctx, "no CBAM goods category or CN code is given (--param category, --param cn): every Annex I "
	                       "gas and the indirect emissions are counted")) != PCF_OK)
		return st;
	if (!m->cat->indirect_counts && m->indirect != 0)
		return h->warn(ctx, "indirect emissions of %g t CO2e per %s are reported but not counted: %s goods count "
		                    "direct emissions only (Regulation (EU) 2023/956 Annex II)",
		               m->indirect / m->du, m->cat->unit, m->cat->name);
	return PCF_OK;
}

static pcf_status cbam_run(const pcf_host *h, pcf_ctx *ctx, cbam_model *m, int publish)
{
	flow_state s;
	size_t i, nflows;
	pcf_status st;

	memset(m, 0, sizeof *m);
	INFO_INIT(m->prod);
	if ((st = h->product(ctx, &m->prod)) != PCF_OK)
		return st;
	if ((st = check_params(h, ctx, m)) != PCF_OK)
		return st;
	memset(&s, 0, sizeof s);
	s.elec = h->param(ctx, "electricity");
	s.fuels = h->param(ctx, "fuels");
	s.prec = h->param(ctx, "precursors");
	m->n = m->prod.process_count;
	m->procs = calloc(m->n ? m->n : 1, sizeof *m->procs);
	m->alpha = calloc(m->n ? m->n : 1, sizeof *m->alpha);
	m->b = calloc(m->n ? m->n : 1, sizeof *m->b);
	if (!m->procs || !m->alpha || !m->b)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < m->n; i++) {
		INFO_INIT(m->procs[i]);
		if ((st = h->process(ctx, i, &m->procs[i])) != PCF_OK)
			return st;
	}
	if ((st = check_rules(h, ctx, m)) != PCF_OK || (st = allocate(h, ctx, m)) != PCF_OK)
		return st;
	if ((st = h->solve(ctx, m->alpha, m->b, m->n)) != PCF_OK)
		return st;
	if ((st = h->lci(ctx, m->b, m->alpha, m->n)) != PCF_OK)
		return st;

	nflows = h->lci_count(ctx);
	for (i = 0; i < nflows; i++)
		if ((st = count_flow(h, ctx, m, publish, i, &s)) != PCF_OK)
			goto out;
	m->total = m->direct + (m->cat->indirect_counts ? m->indirect : 0.0);
	if (!isfinite(m->total) || !isfinite(m->indirect) || !isfinite(m->bio_co2) || !isfinite(m->not_counted) ||
	    !isfinite(m->outside) || !isfinite(m->counted_pos)) {
		st = h->error(ctx, PCF_E_INVALID, "the embedded emissions are too large to compute: a sum is not a finite number");
		goto out;
	}
	if (!publish) {
		st = PCF_OK;
		goto out;
	}
	st = publish_result(h, ctx, m);
out:
	free(s.seen);
	return st;
}

static pcf_status cbam_compute(const pcf_host *h, pcf_ctx *ctx)
{
	cbam_model m;
	pcf_status st = cbam_run(h, ctx, &m, 1);
	model_free(&m);
	return st;
}

static const pcf_plugin cbam_plugin = {
	PCF_ABI_INIT(cbam_plugin),
	"cbam",
	CBAM_PLUGIN_VERSION,
	"EU CBAM specific embedded emissions of goods (direct and indirect, t CO2e per tonne)",
	"Regulation (EU) 2023/956 Annex IV; Implementing Regulation (EU) 2025/2547",
	"2023/956 Art. 7(1), 7(2), 7(4), Annex I, Annex II, Annex IV 2, 3, 4.3; 2018/2066 Annex VI (GWP)",
	"Apache-2.0",
	"Specific embedded emissions of a CBAM good: SEE = (AttrEm + sum of M_i x SEE_i over relevant precursors) "
	"/ AL, solved over the linked production processes (loops included), direct and indirect apart, in t CO2e "
	"per tonne of good (per MWh for electricity). Gases as Annex I lists them per category (CO2; N2O for "
	"fertilisers; PFCs for aluminium) with AR5 GWP values; biomass CO2 zero-rated; indirect emissions count "
	"for cement and fertilisers only. Co-products share by mass. The goods category (or CN code) and the role "
	"of each emission factor are parameters until the inventory format carries them. See docs/methods/cbam.md.",
	cbam_params,
	NULL,
	cbam_compute,
	NULL,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	(void)host;
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &cbam_plugin;
	return PCF_OK;
}
