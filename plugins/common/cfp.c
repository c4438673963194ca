/*
 * plugins/common/cfp.c - the carbon-footprint-of-product engine shared by the iso14067, gbt24067,
 * pas2050 and ghg-product plugins (see cfp.h). Compiled into each plugin; uses only the host
 * services of <pcf/plugin.h> and the C library.
 *
 * Order of work, the same for every standard:
 *   1. read the product and every process;
 *   2. check the standard's rules on the inventory as written (boundary and stages, offsets,
 *      label requirements, cut-off, exclusions), each failure a rule error naming the rule, the
 *      clause and the offending entry;
 *   3. allocation: the share of each multi-output process kept by its reference flow;
 *   4. the supply of every process and its life-cycle inventory (host->solve and host->lci with
 *      a per-process scale: the allocation share, 0 for a process PAS 2050 excludes); recycling
 *      credits and excluded figures as differences between such passes;
 *   5. each flow characterised with the GWP set and summed per category, stage, gas and
 *      process, in inventory order;
 *   6. the result.
 * Every sum runs in a fixed order, so the same inventory gives the same bits.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amounts.h"
#include "cfp.h"

#define NSTAGES 5
#define NEXCL 5   /* PAS 2050 exclusion kinds 1..4, index 0 unused */
static const char *const stage_names[NSTAGES] = {
	"raw-material-acquisition", "production", "distribution", "use", "end-of-life"
};

/* Categories of flows, in the order of the figures. */
enum { CAT_FOSSIL, CAT_BIO_EM, CAT_BIO_REM, CAT_DLUC, CAT_AIR, CAT_TECH_REM, NCAT };
/* CAT_TECH_REM: non-biogenic (technological) removals, e.g. a co2-fossil removal by direct air capture and
 * storage; reported apart from the fossil emissions they were once netted into (ISO 14067:2018 clause 7,
 * GHG Protocol Product Standard chapter 13), and counted in the total. */

typedef struct gas_line {
	char *gas;                /* own copy: the LCI that named it is replaced between passes */
	double co2e, mass;
	int mass_known;
} gas_line;

typedef struct eng {
	const cfp_method *m;
	const pcf_host *h;
	pcf_ctx *ctx;
	pcf_product_info prod;
	size_t n;
	pcf_process_info *procs;
	double *alloc;            /* share of each process's burden kept by its reference flow */
	const char **basis;       /* allocation basis per process, NULL when not allocated */
	unsigned char *excluded;  /* PAS 2050 exclusions: 1 capital goods, 2 human energy, 3 consumer transport,
	                             4 animals providing transport */
	unsigned char *credit;    /* closed-loop approximation: process has recovered co-products */
	unsigned char *chp;       /* PAS 2050 8.5: a CHP process, 1 its reference flow is the electricity, 2 the heat */
	int used_chp;             /* some process was allocated by the CHP rule */
	const char *gwp;          /* the GWP set used */
	int closed_loop;          /* recycling = closed-loop (GHG Protocol) */
	int dluc_total;           /* PAS 2050: dLUC given as the total of the change, spread over 20 years */
	int food_feed;            /* PAS 2050 5.4: the product is food or feed, its biogenic CO2 is not counted */

	/* sums */
	double cat[NCAT];
	double stage[NSTAGES];
	int stage_seen[NSTAGES];
	double *proc_sum;
	gas_line *gases;
	size_t ngases, gases_cap;
	double primary_abs, all_abs;
	double guard_abs;  /* |kg CO2e| of every flow of every pass: finite, so are all sums (amounts.h) */
	double excluded_sum[NEXCL];
	double dominant_share, remaining_coverage; /* PAS 2050 6.3: one source above 50 % (0 when none) */
	double food_feed_em, food_feed_rem; /* biogenic CO2 left out of a food or feed product (PAS 2050 5.4) */
	double credit_sum;
	const void **warned;      /* factors already warned about (GWP set mismatch) */
	size_t nwarned, warned_cap;
} eng;

static double dabs(double x) { return x < 0 ? -x : x; }
static int is_nan(double x) { return isnan(x); }

static int icontains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;
	if (!hay)
		return 0;
	for (; *hay; hay++) {
		for (i = 0; i < n; i++) {
			char x = hay[i], y = needle[i];
			if (!x)
				return 0;
			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (x != y)
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

/* A number as JSON writes it (shortest round trip), into buf of 40 bytes. */
static const char *num(eng *e, double v, char *buf)
{
	if (e->h->format_number(e->ctx, v, buf, 40) != PCF_OK)
		snprintf(buf, 40, "%.17g", v);
	return buf;
}

/* Append to a host string builder (ABI 1.1). */
#define SB(b, ...) e->h->sb_printf((b), __VA_ARGS__)

static int stage_index(const char *stage)
{
	int i;
	for (i = 0; i < NSTAGES; i++)
		if (stage && !strcmp(stage, stage_names[i]))
			return i;
	return -1;
}

static pcf_status nomem(eng *e)
{
	return e->h->error(e->ctx, PCF_E_NOMEM, "out of memory");
}

/* ---- parameters ---- */

/* The value of a parameter the plugin declared, or NULL. */
static const char *param(eng *e, const char *name)
{
	const char *v = e->h->param(e->ctx, name);
	return v && *v ? v : NULL;
}

/* A parameter holding a share in [0,1] (a plain number, or a percentage "5%"). */
static pcf_status param_share(eng *e, const char *name, double *out, int *given)
{
	const char *v = param(e, name);
	char *end;
	double x;

	*given = 0;
	if (!v)
		return PCF_OK;
	x = strtod(v, &end);
	if (end != v && *end == '%' && end[1] == '\0')
		x /= 100.0;
	else if (end == v || *end)
		return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: expected a number in [0,1] or a percentage, found '%s'",
		                   name, v);
	if (!(x >= 0 && x <= 1))
		return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: expected a share in [0,1], found '%s'", name, v);
	*out = x;
	*given = 1;
	return PCF_OK;
}

/* ---- step 1: read the inventory ---- */

static pcf_status read_inventory(eng *e)
{
	size_t i;
	pcf_status st;

	e->prod.abi = (pcf_abi)PCF_ABI_INIT(e->prod);
	if ((st = e->h->product(e->ctx, &e->prod)) != PCF_OK)
		return st;
	e->n = e->prod.process_count;
	if (!e->n)
		return e->h->error(e->ctx, PCF_E_INVALID, "the inventory has no process");
	e->procs = calloc(e->n, sizeof *e->procs);
	e->alloc = calloc(e->n, sizeof *e->alloc);
	e->basis = calloc(e->n, sizeof *e->basis);
	e->excluded = calloc(e->n, 1);
	e->credit = calloc(e->n, 1);
	e->chp = calloc(e->n, 1);
	e->proc_sum = calloc(e->n, sizeof *e->proc_sum);
	if (!e->procs || !e->alloc || !e->basis || !e->excluded || !e->credit || !e->chp || !e->proc_sum)
		return nomem(e);
	for (i = 0; i < e->n; i++) {
		e->procs[i].abi = (pcf_abi)PCF_ABI_INIT(e->procs[i]);
		if ((st = e->h->process(e->ctx, i, &e->procs[i])) != PCF_OK)
			return st;
		e->alloc[i] = 1.0;
	}
	return PCF_OK;
}

/* ---- step 2: rules on the inventory as written ---- */

static int stage_allowed(const cfp_method *m, const char *boundary, const char *stage)
{
	if (!strcmp(boundary, "cradle-to-grave"))
		return 1;
	if (!strcmp(boundary, "gate-to-gate"))
		return !strcmp(stage, "production");
	/* cradle-to-gate: up to the factory gate (PAS 2050 B2B: up to the business customer) */
	return !strcmp(stage, "raw-material-acquisition") || !strcmp(stage, "production") ||
	       (m->gate_includes_delivery && !strcmp(stage, "distribution"));
}

static pcf_status check_boundary(eng *e)
{
	const cfp_method *m = e->m;
	const char *b = e->prod.boundary ? e->prod.boundary : "";
	size_t i;

	if (!strcmp(b, "gate-to-gate") && !m->allow_gate_to_gate)
		return e->h->rule_error(e->ctx, "boundary", m->cl_boundary, PCF_NO_PROCESS, "boundary",
		                        "a gate-to-gate boundary is not a footprint under %s: declare cradle-to-grave%s",
		                        m->standard, m->cradle_to_gate_intermediate ? " (or cradle-to-gate for an intermediate product)"
		                                                                    : " or cradle-to-gate");
	if (!strcmp(b, "cradle-to-gate") && m->cradle_to_gate_intermediate) {
		const char *kind = param(e, "product-kind");
		const char *why = param(e, "cradle-to-gate-justification");
		if (!kind || strcmp(kind, "intermediate"))
			return e->h->rule_error(e->ctx, "boundary", m->cl_boundary, PCF_NO_PROCESS, "boundary",
			                        "a cradle-to-gate inventory is allowed only for an intermediate product: "
			                        "the product kind is '%s' (declare --param product-kind=intermediate with a "
			                        "justification, or model the whole life cycle)", kind ? kind : "final");
		if (!why)
			return e->h->rule_error(e->ctx, "boundary", m->cl_boundary, PCF_NO_PROCESS, "boundary",
			                        "a cradle-to-gate inventory of an intermediate product must be justified: "
			                        "parameter cradle-to-gate-justification is missing");
	}
	for (i = 0; i < e->n; i++) {
		const pcf_process_info *p = &e->procs[i];
		if (stage_index(p->stage) < 0)
			return e->h->rule_error(e->ctx, "stage-in-boundary", m->cl_boundary, i, "stage",
			                        "the stage '%s' is not one of the life-cycle stages", p->stage ? p->stage : "");
		if (!stage_allowed(m, b, p->stage))
			return e->h->rule_error(e->ctx, "stage-in-boundary", m->cl_boundary, i, "stage",
			                        "stage '%s' is outside the declared %s boundary", p->stage, b);
	}
	return PCF_OK;
}

static pcf_status check_offsets(eng *e)
{
	size_t i;
	for (i = 0; i < e->prod.offset_count; i++) {
		pcf_offset_info o = { .abi = PCF_ABI_INIT(o) };
		char field[48], b1[40];
		pcf_status st;
		if ((st = e->h->offset(e->ctx, i, &o)) != PCF_OK)
			return st;
		snprintf(field, sizeof field, "offsets[%zu]", i);
		if (e->m->offsets == CFP_OFFSETS_REFUSE)
			return e->h->rule_error(e->ctx, "no-offsets", e->m->cl_offsets, PCF_NO_PROCESS, field,
			                        "offset '%s' (%s kg CO2e%s%s) cannot be part of a footprint under %s: "
			                        "remove it from the inventory",
			                        o.description ? o.description : "", num(e, o.amount, b1),
			                        o.scheme ? ", scheme " : "", o.scheme ? o.scheme : "", e->m->standard);
		e->h->warn(e->ctx, "offset '%s' (%s kg CO2e) is not included in the inventory results (%s); reported apart",
		           o.description ? o.description : "", num(e, o.amount, b1), e->m->cl_offsets);
	}
	return PCF_OK;
}

/* Days since 1970-01-01 of a YYYY-MM-DD date, or -1 when malformed. */
static long days_of(const char *s)
{
	int y, mo, d;
	long yy, era, yoe, doy, doe;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	yy = y - (mo <= 2);
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_cn(const char *region)
{
	return region && (!strcmp(region, "CN") || !strncmp(region, "CN-", 3));
}

/* The kind --param electricity gives factor id (NULL: none), in the list "ID=KIND,...". */
static const char *key_of(const char *keys, const char *id)
{
	static const char *const kinds[] = { "grid-average", "grid-residual", "market-green", "direct-supply",
		                             "own-generation" };
	size_t n = id ? strlen(id) : 0, i;
	const char *p = keys;

	while (p && *p && id) {
		const char *end = strchr(p, ','), *eq = strchr(p, '=');
		if (eq && (!end || eq < end) && (size_t)(eq - p) == n && !strncmp(p, id, n)) {
			size_t kl = end ? (size_t)(end - eq - 1) : strlen(eq + 1);
			for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
				if (strlen(kinds[i]) == kl && !strncmp(eq + 1, kinds[i], kl))
					return kinds[i];
			return NULL;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

static int is_energy_unit(const char *u)
{
	char key[32];
	snprintf(key, sizeof key, ",%s,", u);
	return strstr(",Wh,kWh,MWh,GWh,", key) != NULL;
}

/*
 * --param electricity: every item FACTOR-ID=KIND with a known kind; and a green-electricity claim
 * (market-green: electricity bought with green certificates or in green-power trading) must not be combined
 * with the national average grid factor: the rest of the grid electricity takes the MEE factor that
 * excludes market-traded non-fossil electricity (grid-residual; 2023: 0.6096 kg CO2/kWh), else the green
 * power is counted twice (MEE and NBS announcement of the 2023 electricity CO2 emission factors).
 */
static pcf_status check_electricity_keys(eng *e, const char *keys)
{
	const char *p = keys, *green = NULL;
	size_t i, k;
	pcf_status st;

	while (p && *p) {
		const char *end = strchr(p, ','), *eq = strchr(p, '=');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char id[128];
		if (!eq || (end && eq > end) || eq == p || (size_t)(eq - p) >= sizeof id)
			return e->h->error(e->ctx, PCF_E_ARG, "parameter electricity: expected FACTOR-ID=KIND, found '%.*s'",
			                   (int)len, p);
		memcpy(id, p, (size_t)(eq - p));
		id[eq - p] = '\0';
		if (!key_of(keys, id))
			return e->h->error(e->ctx, PCF_E_ARG, "parameter electricity: '%.*s': the kind is one of grid-average, "
			                   "grid-residual, market-green, direct-supply, own-generation", (int)len, p);
		p = end ? end + 1 : NULL;
	}
	for (i = 0; i < e->n && !green; i++)
		for (k = 0; k < e->procs[i].input_count && !green; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_factor_info f = { .abi = PCF_ABI_INIT(f) };
			const char *kind;
			if ((st = e->h->input(e->ctx, i, k, &in)) != PCF_OK)
				return st;
			if (in.kind != PCF_FROM_FACTOR || !in.factor || (st = e->h->factor_info(e->ctx, in.factor, &f)) != PCF_OK)
				continue;
			if ((kind = key_of(keys, f.id)) && !strcmp(kind, "market-green"))
				green = f.id;
		}
	if (!green)
		return PCF_OK;
	for (i = 0; i < e->n; i++)
		for (k = 0; k < e->procs[i].input_count; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_factor_info f = { .abi = PCF_ABI_INIT(f) };
			const char *kind;
			char field[48];
			if ((st = e->h->input(e->ctx, i, k, &in)) != PCF_OK)
				return st;
			if (in.kind != PCF_FROM_FACTOR || !in.factor || (st = e->h->factor_info(e->ctx, in.factor, &f)) != PCF_OK)
				continue;
			if (!(kind = key_of(keys, f.id)) || strcmp(kind, "grid-average"))
				continue;
			snprintf(field, sizeof field, "inputs[%zu]", k);
			return e->h->rule_error(e->ctx, "cn-green-residual", e->m->cl_label, i, field,
			                        "green electricity is claimed (factor '%s'), so the rest of the grid electricity "
			                        "must use the MEE factor that excludes market-traded non-fossil electricity "
			                        "(2023: 0.6096 kg CO2/kWh), not the national average (factor '%s', "
			                        "grid-average): the green power would be counted twice", green,
			                        f.id ? f.id : "");
		}
	return PCF_OK;
}

static pcf_status check_china_label(eng *e)
{
	const char *keys;
	const cfp_method *m = e->m;
	long d0, d1;
	size_t i, k;
	pcf_status st;

	if (!is_cn(e->prod.country))
		return e->h->rule_error(e->ctx, "site-in-china", m->cl_label, PCF_NO_PROCESS, "site",
		                        "the production site is in '%s': the national label certifies products made at a "
		                        "site in China (country CN)", e->prod.country ? e->prod.country : "");
	d0 = days_of(e->prod.period_start);
	d1 = days_of(e->prod.period_end);
	if (d0 < 0 || d1 < 0 || d1 < d0)
		return e->h->rule_error(e->ctx, "reporting-period", m->cl_label, PCF_NO_PROCESS, "reporting-period",
		                        "the reporting period '%s' to '%s' is not a valid period",
		                        e->prod.period_start ? e->prod.period_start : "",
		                        e->prod.period_end ? e->prod.period_end : "");
	if (d1 - d0 + 1 > 366)
		return e->h->rule_error(e->ctx, "reporting-period", m->cl_label, PCF_NO_PROCESS, "reporting-period",
		                        "the reporting period %s to %s covers %ld days: the data must represent at most "
		                        "one year", e->prod.period_start, e->prod.period_end, d1 - d0 + 1);
	keys = param(e, "electricity");
	if (keys && (st = check_electricity_keys(e, keys)) != PCF_OK)
		return st;
	for (i = 0; i < e->n; i++) {
		const pcf_process_info *p = &e->procs[i];
		const char *where = p->location ? p->location : e->prod.country;
		if (!is_cn(where))
			continue;
		for (k = 0; k < p->input_count; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_factor_info f = { .abi = PCF_ABI_INIT(f) };
			double kwh;
			char field[48];
			const char *kind;
			if ((st = e->h->input(e->ctx, i, k, &in)) != PCF_OK)
				return st;
			if (in.kind != PCF_FROM_FACTOR || !in.factor)
				continue;
			if ((st = e->h->factor_info(e->ctx, in.factor, &f)) != PCF_OK)
				return st;
			if (!f.per)
				continue;
			snprintf(field, sizeof field, "inputs[%zu]", k);
			if (keys) {
				/* an explicit key: the word "grid" no longer decides */
				if (!(kind = key_of(keys, f.id))) {
					if (!is_energy_unit(f.per))
						continue; /* not electricity */
					return e->h->rule_error(e->ctx, "electricity-key", m->cl_label, i, field,
					                        "electricity factor '%s' has no kind in --param electricity "
					                        "(grid-average, grid-residual, market-green, direct-supply, "
					                        "own-generation)", f.id ? f.id : "");
				}
				if (strcmp(kind, "grid-average") && strcmp(kind, "grid-residual"))
					continue;
			} else if (!(icontains(f.id, "grid") || icontains(f.name, "grid"))) {
				continue;
			}
			if (e->h->convert(e->ctx, 1.0, f.per, "kWh", &kwh) != PCF_OK)
				continue; /* not electricity */
			if (is_cn(f.region))
				continue;
			return e->h->rule_error(e->ctx, "cn-grid-factor", m->cl_label, i, field,
			                        "grid electricity at a site in %s uses factor '%s' of region "
			                        "'%s': use a Chinese grid factor (region CN, e.g. the national average "
			                        "published by the Ministry of Ecology and Environment)",
			                        where, f.id ? f.id : "", f.region ? f.region : "unknown");
		}
	}
	return PCF_OK;
}

static pcf_status check_cutoff(eng *e, double *share_out)
{
	const cfp_method *m = e->m;
	double sum = 0, crit = 0;
	int given = 0;
	size_t i;
	pcf_status st;
	char b1[40], b2[40], field[48];

	if (m->cutoff == CFP_CUTOFF_CRITERION && (st = param_share(e, "cut-off", &crit, &given)) != PCF_OK)
		return st;
	for (i = 0; i < e->prod.exclusion_count; i++) {
		pcf_exclusion_info x = { .abi = PCF_ABI_INIT(x) };
		if ((st = e->h->exclusion(e->ctx, i, &x)) != PCF_OK)
			return st;
		snprintf(field, sizeof field, "exclusions[%zu]", i);
		if (is_nan(x.share) || x.share < 0 || x.share > 1)
			return e->h->rule_error(e->ctx, "cut-off-criterion", m->cl_cutoff, PCF_NO_PROCESS, field,
			                        "exclusion '%s' has no estimated share in [0,1]",
			                        x.description ? x.description : "");
		sum += x.share;
		switch (m->cutoff) {
		case CFP_CUTOFF_CRITERION:
			if (!given)
				return e->h->rule_error(e->ctx, "cut-off-criterion", m->cl_cutoff, PCF_NO_PROCESS, field,
				                        "exclusion '%s' is made without a stated cut-off criterion: state it "
				                        "with --param cut-off=SHARE", x.description ? x.description : "");
			if (sum > crit + 1e-12)
				return e->h->rule_error(e->ctx, "cut-off-criterion", m->cl_cutoff, PCF_NO_PROCESS, field,
				                        "with exclusion '%s' the exempted share reaches %s, above the stated "
				                        "cut-off criterion of %s", x.description ? x.description : "",
				                        num(e, sum, b1), num(e, crit, b2));
			break;
		case CFP_CUTOFF_MATERIALITY:
			if (x.share >= 0.01)
				return e->h->rule_error(e->ctx, "materiality", m->cl_cutoff, PCF_NO_PROCESS, field,
				                        "exclusion '%s' has an estimated share of %s: only sources below the 1 %% "
				                        "materiality threshold may be excluded",
				                        x.description ? x.description : "", num(e, x.share, b1));
			if (sum > 0.05 + 1e-12)
				return e->h->rule_error(e->ctx, "coverage", m->cl_cutoff, PCF_NO_PROCESS, field,
				                        "with exclusion '%s' the excluded share reaches %s: the assessment must "
				                        "cover at least 95 %% of the anticipated life-cycle emissions (coverage %s)",
				                        x.description ? x.description : "", num(e, sum, b1), num(e, 1 - sum, b2));
			break;
		case CFP_CUTOFF_JUSTIFIED:
			if (!x.justification || !*x.justification)
				return e->h->rule_error(e->ctx, "exclusion-justified", m->cl_cutoff, PCF_NO_PROCESS, field,
				                        "exclusion '%s' is not justified: every process left out must be "
				                        "disclosed with a justification", x.description ? x.description : "");
			break;
		}
	}
	*share_out = sum;
	return PCF_OK;
}

/*
 * The next process id of the comma-separated list v of parameter name, from *s on: its index in *idx,
 * and *s moved past it and its comma. PCF_OK, or the error (an empty or too long id, an unknown process).
 */
static pcf_status next_process(eng *e, const char *name, const char *v, const char **s, char id[256], size_t *idx)
{
	size_t len = strcspn(*s, ",");

	if (len == 0 || len >= 256)
		return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: expected process ids separated by commas, found '%s'",
		                   name, v);
	memcpy(id, *s, len);
	id[len] = '\0';
	if (e->h->process_find(e->ctx, id, idx) != PCF_OK)
		return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: the inventory has no process '%s'", name, id);
	*s += len;
	if (**s == ',')
		(*s)++;
	return PCF_OK;
}

/* PAS 2050: processes named by the capital-goods, human-energy and consumer-transport parameters. */
static pcf_status mark_exclusions(eng *e)
{
	static const char *const names[NEXCL - 1] = { "capital-goods", "human-energy", "consumer-transport",
	                                              "animal-transport" };
	int k;
	for (k = 0; k < NEXCL - 1; k++) {
		const char *v = param(e, names[k]), *s;
		if (!v)
			continue;
		for (s = v; *s;) {
			char id[256];
			size_t idx;
			pcf_status st = next_process(e, names[k], v, &s, id, &idx);
			if (st != PCF_OK)
				return st;
			if (e->excluded[idx] && e->excluded[idx] != k + 1)
				return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: process '%s' is already excluded as %s",
				                   names[k], id, names[e->excluded[idx] - 1]);
			if (idx == e->prod.reference_process)
				return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: process '%s' makes the product itself and "
				                   "cannot be excluded", names[k], id);
			e->excluded[idx] = (unsigned char)(k + 1);
		}
	}
	return PCF_OK;
}

/*
 * PAS 2050 8.5: processes named by chp-electricity (the reference flow is the CHP's electricity, the co-products
 * its useful heat) and chp-heat (the other way round). Each must have co-products to share its emissions with.
 */
static pcf_status mark_chp(eng *e)
{
	static const char *const names[2] = { "chp-electricity", "chp-heat" };
	int k;
	for (k = 0; k < 2; k++) {
		const char *v = param(e, names[k]), *s;
		if (!v)
			continue;
		for (s = v; *s;) {
			char id[256];
			size_t idx;
			pcf_status st = next_process(e, names[k], v, &s, id, &idx);
			if (st != PCF_OK)
				return st;
			if (e->chp[idx] && e->chp[idx] != k + 1)
				return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: process '%s' is already named in %s",
				                   names[k], id, names[e->chp[idx] - 1]);
			if (!e->procs[idx].coproduct_count)
				return e->h->error(e->ctx, PCF_E_ARG, "parameter %s: process '%s' has no co-products: a CHP "
				                   "process lists the other energy carrier (%s) as its co-product", names[k], id,
				                   k ? "electricity" : "useful heat");
			e->chp[idx] = (unsigned char)(k + 1);
		}
	}
	return PCF_OK;
}

/* ---- step 3: allocation ---- */

/* Mass in kg of an amount: the stated mass, else the amount itself when its unit is a mass. */
static int mass_of(eng *e, double stated, double amount, const char *unit, double *out)
{
	if (!is_nan(stated)) {
		*out = stated;
		return 1;
	}
	if (unit && e->h->convert(e->ctx, amount, unit, "kg", out) == PCF_OK)
		return 1;
	return 0;
}

/*
 * PAS 2050:2011 8.5 (our reading): the emissions of a CHP plant are shared between its electricity and its useful
 * heat by their energy, each MJ of electricity bearing 2.5 times the emissions of a MJ of heat. The share kept by
 * the reference flow is w_ref E_ref / (w_ref E_ref + sum of w_c E_c), w = 2.5 for electricity and 1 for heat, the
 * energies in MJ converted from the units the inventory gives.
 */
#define CHP_ELECTRICITY_WEIGHT 2.5
static pcf_status chp_share(eng *e, size_t i, pcf_sb *note)
{
	const pcf_process_info *p = &e->procs[i];
	double w_ref = e->chp[i] == 1 ? CHP_ELECTRICITY_WEIGHT : 1.0;
	double w_co = e->chp[i] == 1 ? 1.0 : CHP_ELECTRICITY_WEIGHT;
	double ref_mj, sum, mj;
	size_t k;
	char b1[40], b2[40], field[48];
	pcf_status st;

	if (e->h->convert(e->ctx, p->amount, p->unit, "MJ", &ref_mj) != PCF_OK)
		return e->h->rule_error(e->ctx, "chp-allocation", e->m->cl_chp, i, "reference-flow",
		                        "the reference flow of a CHP process must be its %s, an amount of energy: '%s' does "
		                        "not convert to MJ", e->chp[i] == 1 ? "electricity" : "useful heat", p->unit);
	sum = w_ref * ref_mj;
	for (k = 0; k < p->coproduct_count; k++) {
		pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
		if ((st = e->h->coproduct(e->ctx, i, k, &c)) != PCF_OK)
			return st;
		snprintf(field, sizeof field, "co-products[%zu]", k);
		if (e->h->convert(e->ctx, c.amount, c.unit, "MJ", &mj) != PCF_OK)
			return e->h->rule_error(e->ctx, "chp-allocation", e->m->cl_chp, i, field,
			                        "co-product '%s' of a CHP process must be its %s, an amount of energy: '%s' "
			                        "does not convert to MJ",
			                        c.name ? c.name : "", e->chp[i] == 1 ? "useful heat" : "electricity", c.unit);
		sum += w_co * mj;
	}
	if (!(sum > 0))
		return e->h->rule_error(e->ctx, "chp-allocation", e->m->cl_chp, i, NULL, "the CHP process delivers no energy");
	e->alloc[i] = w_ref * ref_mj / sum;
	e->basis[i] = "chp";
	e->used_chp = 1;
	SB(note, "%s%s", e->h->sb_len(note) ? "; " : "", p->id);
	SB(note, ": CHP (%s), reference flow %s MJ of %s weighted ", e->m->cl_chp, num(e, ref_mj, b1),
	   e->chp[i] == 1 ? "electricity" : "heat");
	SB(note, "%s of %s MJ-equivalent (electricity 2.5, heat 1), share ", num(e, w_ref * ref_mj, b1), num(e, sum, b2));
	SB(note, "%s", num(e, e->alloc[i], b1));
	return PCF_OK;
}

static pcf_status allocate(eng *e, pcf_sb *note, int *used_physical, int *used_economic)
{
	const cfp_method *m = e->m;
	const char *want = param(e, "allocation");
	const char *recycling = m->recycling ? param(e, "recycling") : NULL;
	size_t i, k;
	pcf_status st;

	if (!want)
		want = m->allocation_default;
	if (strcmp(want, "physical") && strcmp(want, "economic"))
		return e->h->error(e->ctx, PCF_E_ARG, "parameter allocation: expected 'physical' or 'economic', found '%s'",
		                   want);
	if (recycling && strcmp(recycling, "recycled-content") && strcmp(recycling, "closed-loop"))
		return e->h->error(e->ctx, PCF_E_ARG, "parameter recycling: expected 'recycled-content' or 'closed-loop', "
		                   "found '%s'", recycling);
	e->closed_loop = recycling && !strcmp(recycling, "closed-loop");

	for (i = 0; i < e->n; i++) {
		const pcf_process_info *p = &e->procs[i];
		double refm = 0, sum_m = 0, refv = 0, sum_v = 0;
		int phys_ok, econ_ok;
		size_t bad_m = (size_t)-1, bad_v = (size_t)-1;
		char b1[40], b2[40], field[48];

		if (!p->coproduct_count)
			continue;
		if (m->recycling && !strcmp(p->stage, "end-of-life")) {
			/* recovered material from end of life: handled by the declared recycling method */
			if (!recycling)
				return e->h->rule_error(e->ctx, "recycling-method", m->cl_recycling, i, "co-products[0]",
				                        "material is recovered at end of life: declare the recycling method with "
				                        "--param recycling=recycled-content or closed-loop");
			if (e->closed_loop)
				e->credit[i] = 1;
			SB(note, "%s%s", e->h->sb_len(note) ? "; " : "", p->id);
			SB(note, "%s", e->closed_loop ? ": recovered material credited by the closed-loop approximation"
			                            : ": recovered material leaves burden-free (recycled-content method)");
			continue;
		}
		if (e->chp[i]) {
			if ((st = chp_share(e, i, note)) != PCF_OK)
				return st;
			continue;
		}
		phys_ok = mass_of(e, p->mass, p->amount, p->unit, &refm);
		econ_ok = !is_nan(p->value) && p->currency;
		if (!phys_ok)
			bad_m = (size_t)-2;
		if (!econ_ok)
			bad_v = (size_t)-2;
		refv = p->value;
		sum_m = refm;
		sum_v = econ_ok ? refv : 0;
		for (k = 0; k < p->coproduct_count; k++) {
			pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
			double cm;
			if ((st = e->h->coproduct(e->ctx, i, k, &c)) != PCF_OK)
				return st;
			if (mass_of(e, c.mass, c.amount, c.unit, &cm))
				sum_m += cm;
			else if (bad_m == (size_t)-1)
				bad_m = k;
			if (!is_nan(c.value) && c.currency && (!p->currency || !strcmp(c.currency, p->currency)))
				sum_v += c.value;
			else if (bad_v == (size_t)-1)
				bad_v = k;
		}
		phys_ok = bad_m == (size_t)-1 && sum_m > 0;
		econ_ok = bad_v == (size_t)-1 && sum_v > 0;
		if (!strcmp(want, "physical") && phys_ok) {
			e->alloc[i] = refm / sum_m;
			e->basis[i] = "physical";
			*used_physical = 1;
			SB(note, "%s%s", e->h->sb_len(note) ? "; " : "", p->id);
			SB(note, ": physical (mass), reference flow %s kg of ", num(e, refm, b1));
			SB(note, "%s kg, share %s", num(e, sum_m, b2), num(e, e->alloc[i], b1));
		} else if (econ_ok) {
			e->alloc[i] = refv / sum_v;
			e->basis[i] = "economic";
			*used_economic = 1;
			SB(note, "%s%s", e->h->sb_len(note) ? "; " : "", p->id);
			SB(note, "%s", !strcmp(want, "physical") ? ": economic (the mass of a product is not known), reference flow "
			                                       : ": economic, reference flow ");
			SB(note, "%s %s of ", num(e, refv, b1), p->currency);
			SB(note, "%s %s, share %s", num(e, sum_v, b2), p->currency, num(e, e->alloc[i], b1));
		} else {
			/* name the first product that lacks what the admissible bases need */
			size_t bad = !strcmp(want, "physical") ? (bad_m != (size_t)-1 ? bad_m : bad_v) : bad_v;
			if (bad == (size_t)-2 || bad == (size_t)-1)
				return e->h->rule_error(e->ctx, "allocation-data", m->cl_allocation, i, NULL,
				                        "it has co-products but its reference flow has %s: allocation needs %s of "
				                        "every product",
				                        !strcmp(want, "physical") ? "neither a mass nor an economic value"
				                                                  : "no economic value",
				                        !strcmp(want, "physical") ? "the mass (physical) or the economic value"
				                                                  : "the economic value");
			snprintf(field, sizeof field, "co-products[%zu]", bad);
			{
				pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
				if ((st = e->h->coproduct(e->ctx, i, bad, &c)) != PCF_OK)
					return st;
				return e->h->rule_error(e->ctx, "allocation-data", m->cl_allocation, i, field,
				                        "co-product '%s' has %s: allocation needs %s of every product, the "
				                        "reference flow and each co-product%s",
				                        c.name ? c.name : "",
				                        !strcmp(want, "physical") ? "neither a mass nor an economic value in "
				                                                    "the process's currency"
				                                                  : "no economic value in the process's currency",
				                        !strcmp(want, "physical") ? "the mass (physical allocation) or, failing "
				                                                    "that, the economic value"
				                                                  : "the economic value",
				                        !strcmp(want, "physical") ? "" : " (economic allocation)");
			}
		}
	}
	return PCF_OK;
}

/* ---- step 5: characterise and sum ---- */

static pcf_status add_gas_line(eng *e, const char *gas, double co2e, double mass, int mass_known)
{
	size_t i;
	for (i = 0; i < e->ngases; i++)
		if (!strcmp(e->gases[i].gas, gas))
			break;
	if (i == e->ngases) {
		if (e->ngases == e->gases_cap) {
			size_t cap = e->gases_cap ? 2 * e->gases_cap : 16;
			gas_line *g = realloc(e->gases, cap * sizeof *g);
			if (!g)
				return nomem(e);
			e->gases = g;
			e->gases_cap = cap;
		}
		if (!(e->gases[i].gas = malloc(strlen(gas) + 1)))
			return nomem(e);
		memcpy(e->gases[i].gas, gas, strlen(gas) + 1);
		e->gases[i].co2e = 0;
		e->gases[i].mass = 0;
		e->gases[i].mass_known = mass_known;
		e->ngases++;
	}
	e->gases[i].co2e += co2e;
	e->gases[i].mass += mass;
	if (!mass_known)
		e->gases[i].mass_known = 0;
	return PCF_OK;
}

static int warned_before(eng *e, const void *key)
{
	size_t i;
	for (i = 0; i < e->nwarned; i++)
		if (e->warned[i] == key)
			return 1;
	if (e->nwarned == e->warned_cap) {
		size_t cap = e->warned_cap ? 2 * e->warned_cap : 8;
		const void **w = realloc(e->warned, cap * sizeof *w);
		if (!w)
			return 1;
		e->warned = w;
		e->warned_cap = cap;
	}
	e->warned[e->nwarned++] = key;
	return 0;
}

/* What a pass over the LCI adds to. */
enum { SUM_MAIN, SUM_CREDIT, SUM_EXCLUDED };

/*
 * Characterise the flows of the current LCI and add them to the sums. SUM_MAIN: the footprint.
 * SUM_CREDIT: a recycling credit booked to process arg (stage end-of-life) instead of the process
 * each flow belongs to. SUM_EXCLUDED: only to the excluded figure of kind arg (PAS 2050). When
 * amounts is not NULL, amounts[i] replaces the amount of flow i (a difference between two passes
 * over the same system, which list the same flows in the same order).
 */
static pcf_status sum_flows(eng *e, int mode, size_t arg, const double *amounts)
{
	size_t credit_process = mode == SUM_CREDIT ? arg : (size_t)-1;
	size_t i, count = e->h->lci_count(e->ctx);
	pcf_status st;

	for (i = 0; i < count; i++) {
		pcf_flow_info fl = { .abi = PCF_ABI_INIT(fl) };
		double gwp = 1, v, mass;
		size_t proc;
		int cat, si, mass_known = 1;

		if ((st = e->h->lci_flow(e->ctx, i, &fl)) != PCF_OK)
			return st;
		proc = credit_process != (size_t)-1 ? credit_process : fl.process;
		if (fl.process >= e->n)
			return e->h->error(e->ctx, PCF_E_INTERNAL, "flow %zu belongs to process %zu of %zu", i, fl.process, e->n);
		if (fl.gas && !strcmp(fl.gas, "co2e")) {
			mass_known = 0;
			if (fl.factor && fl.gwp_set && strcmp(fl.gwp_set, e->gwp) && !warned_before(e, fl.factor)) {
				pcf_factor_info fi = { .abi = PCF_ABI_INIT(fi) };
				if (e->h->factor_info(e->ctx, fl.factor, &fi) == PCF_OK)
					e->h->warn(e->ctx, "factor '%s' is given in CO2e under %s, not %s: used as given",
					           fi.id ? fi.id : "", fl.gwp_set, e->gwp);
			}
		} else if ((st = e->h->gwp(e->ctx, e->gwp, fl.gas, &gwp)) != PCF_OK)
			return st;
		mass = amounts ? amounts[i] : fl.amount;
		v = mass * gwp;
		if (!isfinite(v))
			return pcfp_flow_not_finite(e->h, e->ctx, &fl, mass, gwp);
		if ((st = pcfp_add_magnitude(e->h, e->ctx, &fl, v, &e->guard_abs)) != PCF_OK)
			return st;
		switch (fl.category) {
		case PCF_FLOW_AIRCRAFT: cat = CAT_AIR; break;
		case PCF_FLOW_LAND_USE_CHANGE:
			cat = CAT_DLUC;
			if (e->dluc_total && fl.origin != PCF_FROM_SUPPLIER) { /* a supplier's dLUC is its own figure */
				v /= 20.0;
				mass /= 20.0;
			}
			break;
		case PCF_FLOW_BIOGENIC:
			/* by origin: a credit for an avoided removal reduces the removals */
			cat = fl.origin == PCF_FROM_REMOVAL || fl.removal ? CAT_BIO_REM : CAT_BIO_EM;
			if (e->food_feed && mode == SUM_MAIN && !e->excluded[fl.process] && fl.gas &&
			    !strcmp(fl.gas, "co2-biogenic")) {
				/* PAS 2050 5.4: the biogenic CO2 taken up into food or feed and emitted again is not
				 * counted; biogenic CH4 is */
				if (cat == CAT_BIO_REM)
					e->food_feed_rem -= v;
				else
					e->food_feed_em += v;
				continue;
			}
			break;
		default:
			cat = fl.origin == PCF_FROM_REMOVAL ? CAT_TECH_REM : CAT_FOSSIL;
			break;
		}
		if (mode == SUM_EXCLUDED) {
			e->excluded_sum[arg] += v;
			continue;
		}
		if (mode == SUM_MAIN && e->excluded[fl.process])
			continue; /* scale 0: nothing; reported in its excluded figure */
		if (fl.factor && (st = e->h->add_factor(e->ctx, fl.factor)) != PCF_OK)
			return st;
		if (credit_process != (size_t)-1)
			e->credit_sum += v;
		e->cat[cat] += v;
		si = credit_process != (size_t)-1 ? 4 : stage_index(e->procs[fl.process].stage);
		e->stage[si] += v;
		e->stage_seen[si] = 1;
		e->proc_sum[proc] += v;
		if ((st = add_gas_line(e, fl.gas ? fl.gas : "co2e", v, mass, mass_known)) != PCF_OK)
			return st;
		e->all_abs += dabs(v);
		/* a supplier's flow counts with the supplier's primary-data share; the inventory's own 1 or 0 */
		if (fl.primary_share > 0 && credit_process == (size_t)-1)
			e->primary_abs += dabs(v) * fl.primary_share;
	}
	return PCF_OK;
}

/*
 * PAS 2050:2011 6.3: where a single source contributes more than 50 % of the anticipated life-cycle emissions,
 * the 95 % coverage applies to the remaining sources. A source is a process of the inventory (its contribution
 * with everything it emits, per declared unit). The exclusions' estimated shares are shares of the anticipated
 * emissions A, of which the assessment covers 1 - c: A = total / (1 - c). Process i's share of A is then
 * p_i (1 - c) / total; when the largest, s, exceeds 0.5, the exclusions are c / (1 - s) of the remaining sources,
 * which may not exceed 5 %. Only judged when something is excluded (c > 0) and the total is positive.
 */
static pcf_status dominant_source(eng *e, double total, double cut)
{
	size_t i, top = (size_t)-1;
	double s, rest;

	if (!(cut > 0) || !(total > 0) || cut >= 1)
		return PCF_OK;
	for (i = 0; i < e->n; i++)
		if (!e->excluded[i] && (top == (size_t)-1 || e->proc_sum[i] > e->proc_sum[top]))
			top = i;
	if (top == (size_t)-1)
		return PCF_OK;
	s = e->proc_sum[top] * (1 - cut) / total;
	if (!(s > 0.5))
		return PCF_OK;
	rest = 1 - s;
	if (cut / rest > 0.05 + 1e-12)
		return e->h->rule_error(e->ctx, "coverage", e->m->cl_cutoff, top, NULL,
		                        "it is %.4g %% of the anticipated emissions, more than half: the 95 %% coverage "
		                        "then applies to the remaining sources, and the exclusions (%.4g %% of the whole) are "
		                        "%.4g %% of them, more than 5 %%", 100 * s, 100 * cut, 100 * cut / rest);
	e->dominant_share = s;
	e->remaining_coverage = 1 - cut / rest;
	return PCF_OK;
}

/* ---- step 4: supply and the passes over the life-cycle inventory ---- */

/*
 * Supplier certificates (docs/methods/): supplier-specific data are accepted whatever methodology the
 * supplier was certified under (ISO 14067:2018 6.3.5 prefers supplier-specific data); a supplier
 * certified under another methodology or another GWP set is used as certified, with a warning in the
 * result; unverified or redacted supplier data are warned about as well.
 */
static pcf_status check_suppliers(eng *e)
{
	size_t i, k;
	pcf_status st;

	if (e->h->abi.minor < 2)
		return PCF_OK;
	for (i = 0; i < e->n; i++)
		for (k = 0; k < e->procs[i].input_count; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_supplier_info s = { .abi = PCF_ABI_INIT(s) };
			if ((st = e->h->input(e->ctx, i, k, &in)) != PCF_OK)
				return st;
			if (in.kind != PCF_FROM_SUPPLIER)
				continue;
			if ((st = e->h->supplier_info(e->ctx, i, k, &s)) != PCF_OK)
				return st;
			if (s.methodology_id && strcmp(s.methodology_id, e->m->id))
				e->h->warn(e->ctx, "supplier certificate %s (process '%s') was computed under %s, not %s: used as "
				           "certified", s.certificate_id ? s.certificate_id : "", e->procs[i].id, s.methodology_id,
				           e->m->id);
			if (s.gwp_set && strcmp(s.gwp_set, e->gwp))
				e->h->warn(e->ctx, "supplier certificate %s (process '%s') is in CO2e under %s, not %s: used as "
				           "given", s.certificate_id ? s.certificate_id : "", e->procs[i].id, s.gwp_set, e->gwp);
			if (s.flags & (PCF_SUPPLIER_FLAG_UNVERIFIED | PCF_SUPPLIER_FLAG_REDACTED))
				e->h->warn(e->ctx, "supplier data of process '%s' are %s", e->procs[i].id,
				           s.flags & PCF_SUPPLIER_FLAG_UNVERIFIED ? "unverified secondary data"
				                                                   : "from a redacted certificate");
		}
	return PCF_OK;
}

/* Solve with scale and build the LCI; *count gets its number of flows. */
static pcf_status pass(eng *e, const double *scale, double *supply, size_t *count)
{
	pcf_status st;
	if ((st = e->h->solve(e->ctx, scale, supply, e->n)) != PCF_OK)
		return st;
	if ((st = e->h->lci(e->ctx, supply, scale, e->n)) != PCF_OK)
		return st;
	*count = e->h->lci_count(e->ctx);
	return PCF_OK;
}

/* The amounts of the current LCI's flows into out[0..count-1]. */
static pcf_status amounts_of(eng *e, double *out, size_t count)
{
	size_t i;
	pcf_status st;
	if (e->h->lci_count(e->ctx) != count)
		return e->h->error(e->ctx, PCF_E_INTERNAL, "the life-cycle inventory changed size between passes");
	for (i = 0; i < count; i++) {
		pcf_flow_info fl = { .abi = PCF_ABI_INIT(fl) };
		if ((st = e->h->lci_flow(e->ctx, i, &fl)) != PCF_OK)
			return st;
		out[i] = fl.amount;
	}
	return PCF_OK;
}

/*
 * Closed-loop approximation (GHG Protocol Product Standard, chapter 9): each co-product of an
 * end-of-life process named after process X is recovered material that displaces the output of X
 * (virgin material of the same product system). Its credit is minus the cradle-to-gate flows of
 * the displaced quantity. Those come from two passes: the product system as computed (main) and
 * the same system with X's burdens cut (scale 0). Their difference is what X's net output s(X
 * in the cut system) causes, so per unit of X it is (main - cut) / s_cut(X).
 */
static pcf_status closed_loop_credits(eng *e, const double *scale_main, const double *supply_main,
                                      const double *main_amounts, size_t count, double *scale, double *supply,
                                      double *work)
{
	size_t i, k, j;
	pcf_status st;

	for (i = 0; i < e->n; i++) {
		if (!e->credit[i])
			continue;
		for (k = 0; k < e->procs[i].coproduct_count; k++) {
			pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
			size_t target, cnt;
			double q, per;
			char field[48];
			if ((st = e->h->coproduct(e->ctx, i, k, &c)) != PCF_OK)
				return st;
			snprintf(field, sizeof field, "co-products[%zu]", k);
			if (!c.name || e->h->process_find(e->ctx, c.name, &target) != PCF_OK)
				return e->h->rule_error(e->ctx, "recycling-method", e->m->cl_recycling, i, field,
				                        "recovered material '%s' displaces nothing: under the closed-loop "
				                        "approximation a recovered co-product is named after the process "
				                        "making the virgin material it replaces", c.name ? c.name : "");
			if (e->h->convert(e->ctx, c.amount, c.unit, e->procs[target].unit, &q) != PCF_OK)
				return e->h->rule_error(e->ctx, "recycling-method", e->m->cl_recycling, i, field,
				                        "recovered material '%s' is in %s, which cannot be converted to %s, the "
				                        "unit of process '%s'", c.name, c.unit, e->procs[target].unit,
				                        e->procs[target].id);
			for (j = 0; j < e->n; j++)
				scale[j] = scale_main[j];
			scale[target] = 0;
			if ((st = pass(e, scale, supply, &cnt)) != PCF_OK)
				return st;
			if (cnt != count)
				return e->h->error(e->ctx, PCF_E_INTERNAL, "the life-cycle inventory changed size between passes");
			if (!(supply[target] > 0))
				return e->h->rule_error(e->ctx, "recycling-method", e->m->cl_recycling, i, field,
				                        "recovered material '%s' displaces process '%s', which the product system "
				                        "does not use: the closed-loop approximation credits material recycled "
				                        "into the same product system", c.name, e->procs[target].id);
			/* recovered per declared unit, per unit of X's net output in the cut system */
			per = q * supply_main[i] * scale_main[i] / supply[target];
			if ((st = amounts_of(e, work, count)) != PCF_OK)
				return st;
			for (j = 0; j < count; j++)
				work[j] = -per * (main_amounts[j] - work[j]);
			if ((st = sum_flows(e, SUM_CREDIT, i, work)) != PCF_OK)
				return st;
		}
	}
	return PCF_OK;
}

/*
 * PAS 2050 exclusions: the main system has the excluded processes' burdens cut (scale 0), which
 * also drops everything only they need. The excluded figure of each kind is the difference
 * between a pass with that kind restored and the main pass.
 */
static pcf_status exclusion_figures(eng *e, const double *scale_main, const double *main_amounts, size_t count,
                                    double *scale, double *supply, double *work)
{
	unsigned char kind;
	size_t j, cnt;
	pcf_status st;

	for (kind = 1; kind < NEXCL; kind++) {
		int any = 0;
		for (j = 0; j < e->n; j++) {
			scale[j] = scale_main[j];
			if (e->excluded[j] == kind) {
				scale[j] = e->alloc[j];
				any = 1;
			}
		}
		if (!any)
			continue;
		if ((st = pass(e, scale, supply, &cnt)) != PCF_OK)
			return st;
		if ((st = amounts_of(e, work, count)) != PCF_OK)
			return st;
		for (j = 0; j < count; j++)
			work[j] -= main_amounts[j];
		if ((st = sum_flows(e, SUM_EXCLUDED, kind, work)) != PCF_OK)
			return st;
	}
	return PCF_OK;
}

/*
 * The grid factors of the default library (pcfkit-default/electricity, data/factors/electricity.yaml: the MEE
 * national averages) count the CO2 of fuel combustion at the power plants per kWh consumed, nothing else: no
 * upstream fuel supply, no transmission and distribution losses, no CH4 or N2O. The result says so, once per
 * factor used, in inventory order (ISO 14067:2018 clause 7: the report states the data and assumptions; 6.4.9.4
 * on electricity).
 * Factors of other libraries state their own scope in their source.
 */
static pcf_status electricity_scope(eng *e)
{
	const pcf_factor **seen = NULL;
	size_t nseen = 0, i, k, j;
	pcf_status st = PCF_OK;

	for (i = 0; i < e->n && st == PCF_OK; i++) {
		if (e->excluded[i])
			continue;
		for (k = 0; k < e->procs[i].input_count; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_factor_info f = { .abi = PCF_ABI_INIT(f) };
			double kwh;
			const pcf_factor **grown;
			if ((st = e->h->input(e->ctx, i, k, &in)) != PCF_OK)
				break;
			if (in.kind != PCF_FROM_FACTOR || !in.factor || in.inline_factor)
				continue;
			if ((st = e->h->factor_info(e->ctx, in.factor, &f)) != PCF_OK)
				break;
			if (!f.library || strcmp(f.library, "pcfkit-default/electricity") || !f.id ||
			    strncmp(f.id, "cn-grid-", 8) || !f.per || e->h->convert(e->ctx, 1.0, f.per, "kWh", &kwh) != PCF_OK)
				continue;
			for (j = 0; j < nseen && seen[j] != in.factor; j++)
				;
			if (j < nseen)
				continue;
			if (!(grown = realloc(seen, (nseen + 1) * sizeof *seen))) {
				st = nomem(e);
				break;
			}
			seen = grown;
			seen[nseen++] = in.factor;
			e->h->warn(e->ctx, "electricity factor '%s' is combustion-only: it counts the CO2 of burning fuel at the "
			           "power plants per kWh consumed, without upstream fuel supply, transmission and distribution "
			           "losses or CH4 and N2O; give an upstream or loss-inclusive factor with --factors to include "
			           "them", f.id);
		}
	}
	free(seen);
	return st;
}

/*
 * GHG Protocol Product Standard chapter 13: the carbon an intermediate product contains (biogenic and fossil)
 * is reported with a cradle-to-gate inventory, since its release happens after the gate. The inventory has a
 * key for the biogenic content only; --param fossil-carbon-content=KG (kg of fossil C per declared unit) gives
 * the fossil one, reported as figure fossil-carbon-content in kg CO2 (x 44/12), not counted in the total.
 */
static pcf_status fossil_carbon(eng *e)
{
	const char *v = param(e, "fossil-carbon-content"), *kind = param(e, "product-kind");
	char *end;
	double x;

	if (!v)
		return PCF_OK;
	x = strtod(v, &end);
	if (end == v || *end || !(x >= 0) || !isfinite(x))
		return e->h->error(e->ctx, PCF_E_ARG, "parameter fossil-carbon-content: expected kg of fossil carbon per "
		                   "declared unit, a number >= 0, found '%s'", v);
	if (strcmp(e->prod.boundary, "cradle-to-gate") || !kind || strcmp(kind, "intermediate"))
		return e->h->error(e->ctx, PCF_E_ARG, "parameter fossil-carbon-content: reported for an intermediate "
		                   "product with a cradle-to-gate inventory (--param product-kind=intermediate), where the "
		                   "carbon leaves the product after the gate; a cradle-to-grave inventory counts its release");
	return e->h->set_figure(e->ctx, "fossil-carbon-content", x * 44.0 / 12.0);
}

/* ---- the whole computation ---- */

/* The checks before anything is computed: the inventory read, its boundary, offsets, China label, cut-off
 * (*cutoff), the PAS 2050 exclusions and parameters, the GWP set (AR6 unless the inventory asks for another) and the
 * suppliers. */
static pcf_status check_inputs(eng *e, double *cutoff)
{
	const cfp_method *m = e->m;
	pcf_status st;
	pcf_gwp_set_info gi = { .abi = PCF_ABI_INIT(gi) };
	const char *dluc, *ff;

	if ((st = read_inventory(e)) != PCF_OK)
		return st;
	if ((st = check_boundary(e)) != PCF_OK)
		return st;
	if ((st = check_offsets(e)) != PCF_OK)
		return st;
	if (m->china_label && (st = check_china_label(e)) != PCF_OK)
		return st;
	if ((st = check_cutoff(e, cutoff)) != PCF_OK)
		return st;
	if (m->pas_exclusions) {
		if ((st = mark_exclusions(e)) != PCF_OK || (st = mark_chp(e)) != PCF_OK)
			return st;
		dluc = param(e, "dluc");
		if (dluc && strcmp(dluc, "annualised") && strcmp(dluc, "total"))
			return e->h->error(e->ctx, PCF_E_ARG, "parameter dluc: expected 'annualised' or 'total', found '%s'", dluc);
		e->dluc_total = dluc && !strcmp(dluc, "total");
		ff = param(e, "food-feed");
		if (ff && strcmp(ff, "yes") && strcmp(ff, "no"))
			return e->h->error(e->ctx, PCF_E_ARG, "parameter food-feed: expected 'yes' or 'no', found '%s'", ff);
		e->food_feed = ff && !strcmp(ff, "yes");
	}

	/* GWP set: the inventory's request, else AR6 */
	e->gwp = e->prod.gwp_set ? e->prod.gwp_set : "AR6";
	if ((st = e->h->gwp_set_info(e->ctx, e->gwp, &gi)) != PCF_OK)
		return st;
	if (gi.name)
		e->gwp = gi.name;
	if ((st = check_suppliers(e)) != PCF_OK)
		return st;
	if (strcmp(e->gwp, "AR6"))
		e->h->warn(e->ctx, "GWP100 of %s used because the inventory asks for it; %s expects the most recent IPCC "
		           "assessment (AR6) (%s)", e->gwp, m->standard, m->cl_gwp);
	return PCF_OK;
}

/* The footprint total (kg CO2e) and its figures: the parts, biogenic carbon, fossil carbon, offsets reported apart,
 * PAS 2050 exclusions, food and feed, the largest source, the recycling credit. */
static pcf_status set_figures(eng *e, double total)
{
	const cfp_method *m = e->m;
	pcf_status st;
	size_t i;

	if ((st = e->h->set_total(e->ctx, total, "kg CO2e")) != PCF_OK ||
	    (st = e->h->set_gwp_set(e->ctx, e->gwp)) != PCF_OK ||
	    (st = e->h->set_boundary(e->ctx, e->prod.boundary)) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, "fossil", e->cat[CAT_FOSSIL])) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, "biogenic-emissions", e->cat[CAT_BIO_EM])) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, "biogenic-removals", -e->cat[CAT_BIO_REM])) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, "dluc", e->cat[CAT_DLUC])) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, "aircraft", e->cat[CAT_AIR])) != PCF_OK ||
	    (st = e->h->set_figure(e->ctx, m->fig_tech_removals ? m->fig_tech_removals : "technological-removals",
	                           -e->cat[CAT_TECH_REM] + 0.0)) != PCF_OK)
		return st;
	if (!is_nan(e->prod.biogenic_carbon) && !isfinite(e->prod.biogenic_carbon * 44.0 / 12.0)) {
		st = e->h->rule_error(e->ctx, PCFP_RULE_AMOUNTS, NULL, PCF_NO_PROCESS, "product",
		                      "the biogenic carbon content, %g kg C per declared unit, is too large: as CO2 (x 44/12) "
		                      "it is not a finite number (the inventory's amounts are out of range)",
		                      e->prod.biogenic_carbon);
		return st;
	}
	if (!is_nan(e->prod.biogenic_carbon) &&
	    (st = e->h->set_figure(e->ctx, "biogenic-carbon-content", e->prod.biogenic_carbon * 44.0 / 12.0)) != PCF_OK)
		return st;
	if (m->cradle_to_gate_intermediate && (st = fossil_carbon(e)) != PCF_OK)
		return st;
	if (m->offsets == CFP_OFFSETS_REPORT_APART && e->prod.offset_count) {
		double sum = 0;
		for (i = 0; i < e->prod.offset_count; i++) {
			pcf_offset_info o = { .abi = PCF_ABI_INIT(o) };
			if ((st = e->h->offset(e->ctx, i, &o)) != PCF_OK)
				return st;
			sum += o.amount;
		}
		if ((st = e->h->set_figure(e->ctx, "offsets-not-included", sum)) != PCF_OK)
			return st;
	}
	if (m->pas_exclusions) {
		static const char *const fig[NEXCL] = { NULL, "excluded-capital-goods", "excluded-human-energy",
		                                        "excluded-consumer-transport", "excluded-animal-transport" };
		for (i = 1; i < NEXCL; i++)
			if ((st = e->h->set_figure(e->ctx, fig[i], e->excluded_sum[i])) != PCF_OK)
				return st;
	}
	if (e->food_feed &&
	    ((st = e->h->set_figure(e->ctx, "food-feed-biogenic-co2-emissions", e->food_feed_em)) != PCF_OK ||
	     (st = e->h->set_figure(e->ctx, "food-feed-biogenic-co2-removals", e->food_feed_rem)) != PCF_OK))
		return st;
	if (e->dominant_share > 0 &&
	    ((st = e->h->set_figure(e->ctx, "largest-source-share", e->dominant_share)) != PCF_OK ||
	     (st = e->h->set_figure(e->ctx, "coverage-of-remaining-sources", e->remaining_coverage)) != PCF_OK))
		return st;
	if (e->closed_loop && (st = e->h->set_figure(e->ctx, "recycling-credit", e->credit_sum)) != PCF_OK)
		return st;
	return PCF_OK;
}

/* The breakdown by stage, gas and process, the primary-data and cut-off shares, and the allocation used with its
 * note. */
static pcf_status set_breakdown(eng *e, double cutoff, pcf_sb *note, int used_phys, int used_econ)
{
	const cfp_method *m = e->m;
	pcf_status st;
	size_t i;

	for (i = 0; i < NSTAGES; i++)
		if (e->stage_seen[i] && (st = e->h->add_stage(e->ctx, stage_names[i], e->stage[i])) != PCF_OK)
			return st;
	for (i = 0; i < e->ngases; i++)
		if ((st = e->h->add_gas(e->ctx, e->gases[i].gas, e->gases[i].co2e,
		                        e->gases[i].mass_known ? e->gases[i].mass : NAN)) != PCF_OK)
			return st;
	for (i = 0; i < e->n; i++)
		if (!e->excluded[i] && (st = e->h->add_process(e->ctx, i, e->proc_sum[i])) != PCF_OK)
			return st;
	if ((st = e->h->set_primary_share(e->ctx, e->all_abs > 0 ? e->primary_abs / e->all_abs : 0)) != PCF_OK ||
	    (st = e->h->set_cutoff_share(e->ctx, cutoff)) != PCF_OK)
		return st;
	{
		static const char *const methods[8] = { "none", "physical", "economic", "physical+economic", "chp",
		                                        "physical+chp", "economic+chp", "physical+economic+chp" };
		const char *method = methods[(used_phys ? 1 : 0) | (used_econ ? 2 : 0) | (e->used_chp ? 4 : 0)];
		pcf_sb *full = e->h->sb_new(e->ctx);
		e->h->sb_printf(full, "%s%s%s", m->cl_allocation,
		                e->h->sb_len(note) ? ": " : ": no multi-output process", e->h->sb_str(note));
		if ((st = e->h->sb_status(full)) == PCF_OK)
			st = e->h->set_allocation(e->ctx, method, e->h->sb_str(full));
		e->h->sb_free(full);
		if (st != PCF_OK)
			return st;
	}
	return PCF_OK;
}

/* The warnings on the result: a partial boundary, the electricity's scope, processes that do not say whether their
 * data are primary. */
static pcf_status final_warnings(eng *e)
{
	const cfp_method *m = e->m;
	pcf_status st;
	size_t i;

	if (strcmp(e->prod.boundary, "cradle-to-grave"))
		e->h->warn(e->ctx, "partial footprint: %s boundary, the stages after it are not included (%s)",
		           e->prod.boundary, m->cl_boundary);
	if ((st = electricity_scope(e)) != PCF_OK)
		return st;
	for (i = 0; i < e->n; i++)
		if (e->procs[i].primary < 0 && !e->excluded[i])
			e->h->warn(e->ctx, "process '%s' does not state whether its data are primary or secondary: counted "
			           "as secondary in the primary-data share", e->procs[i].id);
	return PCF_OK;
}

static pcf_status run(eng *e)
{
	const cfp_method *m = e->m;
	pcf_status st;
	double cutoff = 0, *supply = NULL, *scale = NULL, *supply2 = NULL, *scale2 = NULL, total;
	double *main_amounts = NULL, *work = NULL;
	size_t count = 0;
	int used_phys = 0, used_econ = 0, any_excl = 0;
	size_t i;
	pcf_sb *note = NULL;   /* made just before allocate: the early returns above it own nothing */

	if ((st = check_inputs(e, &cutoff)) != PCF_OK)
		return st;

	note = e->h->sb_new(e->ctx);
	if ((st = allocate(e, note, &used_phys, &used_econ)) != PCF_OK)
		goto out;
	if ((st = e->h->sb_status(note)) != PCF_OK)
		goto out;
	for (i = 0; i < e->n; i++)
		if (e->excluded[i])
			any_excl = 1;

	/* supply: allocation shares and PAS 2050 exclusions as the host's per-process scale */
	if (!(supply = calloc(e->n, sizeof *supply)) || !(scale = calloc(e->n, sizeof *scale)) ||
	    !(scale2 = calloc(e->n, sizeof *scale2)) || !(supply2 = calloc(e->n, sizeof *supply2))) {
		st = nomem(e);
		goto out;
	}
	for (i = 0; i < e->n; i++)
		scale[i] = e->excluded[i] ? 0.0 : e->alloc[i];
	if ((st = pass(e, scale, supply, &count)) != PCF_OK)
		goto out;
	if (e->closed_loop || any_excl) {
		if (!(main_amounts = calloc(count ? count : 1, sizeof *main_amounts)) ||
		    !(work = calloc(count ? count : 1, sizeof *work))) {
			st = nomem(e);
			goto out;
		}
		if ((st = amounts_of(e, main_amounts, count)) != PCF_OK)
			goto out;
		if (e->closed_loop &&
		    (st = closed_loop_credits(e, scale, supply, main_amounts, count, scale2, supply2, work)) != PCF_OK)
			goto out;
		if (any_excl && (st = exclusion_figures(e, scale, main_amounts, count, scale2, supply2, work)) != PCF_OK)
			goto out;
		if ((st = pass(e, scale, supply, &count)) != PCF_OK)
			goto out;
	}
	if ((st = sum_flows(e, SUM_MAIN, 0, NULL)) != PCF_OK)
		goto out;

	/* result */
	total = e->cat[CAT_FOSSIL] + e->cat[CAT_BIO_EM] + e->cat[CAT_BIO_REM] + e->cat[CAT_DLUC] + e->cat[CAT_AIR] +
	        e->cat[CAT_TECH_REM];
	if (!isfinite(total) || !isfinite(e->all_abs) || !isfinite(e->credit_sum) || !isfinite(e->excluded_sum[1]) ||
	    !isfinite(e->excluded_sum[2]) || !isfinite(e->excluded_sum[3]) || !isfinite(e->excluded_sum[4]) ||
	    !isfinite(e->food_feed_em) || !isfinite(e->food_feed_rem)) {
		st = e->h->error(e->ctx, PCF_E_INVALID, "the footprint is not a finite number: the sum of the inventory's "
		                 "emissions overflows (amounts out of range)");
		goto out;
	}
	if (m->cutoff == CFP_CUTOFF_MATERIALITY && (st = dominant_source(e, total, cutoff)) != PCF_OK)
		goto out;
	if ((st = set_figures(e, total)) != PCF_OK ||
	    (st = set_breakdown(e, cutoff, note, used_phys, used_econ)) != PCF_OK)
		goto out;
	st = final_warnings(e);
out:
	e->h->sb_free(note);
	free(supply);
	free(scale);
	free(supply2);
	free(scale2);
	free(main_amounts);
	free(work);
	return st;
}

pcf_status cfp_compute(const cfp_method *m, const pcf_host *host, pcf_ctx *ctx)
{
	eng e;
	pcf_status st;
	size_t i;

	memset(&e, 0, sizeof e);
	e.m = m;
	e.h = host;
	e.ctx = ctx;
	st = run(&e);
	free(e.procs);
	free(e.alloc);
	free(e.basis);
	free(e.excluded);
	free(e.credit);
	free(e.chp);
	free(e.proc_sum);
	for (i = 0; i < e.ngases; i++)
		free(e.gases[i].gas);
	free(e.gases);
	free(e.warned);
	return st;
}
