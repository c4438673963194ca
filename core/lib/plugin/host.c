/*
 * host.c - the host services table (pcf_host in pcf/plugin.h): what a plugin may do during a call.
 * Each service reads the call's context (pcf_ctx): the inventory, the parameters, the result being
 * built. Info structs are filled only as far as the plugin's abi.size says (append-only ABI).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include <pcf/gwp.h>
#include <pcf/units.h>

#include "base/jsonw.h"
#include "plugin/plugin_impl.h"
#include "plugin/host_text.h"
#include "inventory/solve_impl.h"

/* ---- helpers ---- */

/* Record a failed service call; returns status. */
static pcf_status svc_fail(pcf_ctx *ctx, const pcf_error *e)
{
	if (ctx) {
		ctx->svc_err = *e;
		ctx->svc_err_set = 1;
	}
	return e->status;
}

static pcf_status svc_error(pcf_ctx *ctx, pcf_status st, const char *fmt, ...) PCFI_PRINTF(3, 4);
static pcf_status svc_error(pcf_ctx *ctx, pcf_status st, const char *fmt, ...)
{
	pcf_error e;
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pcfi_error(&e, st, "%s", msg);
	return svc_fail(ctx, &e);
}

/*
 * Copy the host's fully filled struct src (of size n, starting with a pcf_abi) into the plugin's out,
 * only as far as out->abi.size allows; out's header is left as the plugin set it.
 */
static pcf_status fill(pcf_ctx *ctx, void *out, const void *src, size_t n, const char *what)
{
	pcf_abi *hdr = out;
	size_t m;

	if (!out)
		return svc_error(ctx, PCF_E_ARG, "%s: out is NULL", what);
	if (hdr->major != PCF_PLUGIN_ABI_MAJOR || hdr->size < sizeof(pcf_abi))
		return svc_error(ctx, PCF_E_ARG, "%s: out has ABI %u and size %llu (set abi with PCF_ABI_INIT)", what,
		                 (unsigned)hdr->major, (unsigned long long)hdr->size);
	m = hdr->size < n ? (size_t)hdr->size : n;
	memcpy((char *)out + sizeof(pcf_abi), (const char *)src + sizeof(pcf_abi), m - sizeof(pcf_abi));
	return PCF_OK;
}

static double kg_of(const pcf_quantity *q)
{
	double v;

	if (!q->present || !q->unit)
		return NAN;
	if (pcf_unit_convert(q->amount, q->unit, "kg", &v, NULL) != PCF_OK)
		return NAN;
	return v;
}

static double dq(double v)
{
	return v > 0 ? v : NAN;
}

static int have_inv(pcf_ctx *ctx)
{
	return ctx && ctx->inv;
}

#define NEED_INV(ctx, what) \
	do { \
		if (!have_inv(ctx)) \
			return svc_error((ctx), PCF_E_ARG, "%s: no inventory in this call", (what)); \
	} while (0)

/* ---- errors, logging, memory ---- */

static pcf_status h_error(pcf_ctx *ctx, pcf_status status, const char *fmt, ...) PCFI_PRINTF(3, 4);
static pcf_status h_error(pcf_ctx *ctx, pcf_status status, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	if (status == PCF_OK)
		status = PCF_E_PLUGIN;
	if (!ctx || ctx->err_set)
		return status;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt ? fmt : "(no message)", ap);
	va_end(ap);
	pcfi_error(&ctx->err, status, "%s", msg);
	ctx->err_set = 1;
	return status;
}

/* Position and key path of an entry named by process index and field ("inputs[2]", "offsets[0]"). */
static void locate(pcf_ctx *ctx, size_t process, const char *field, pcf_pos *pos, char *path, size_t plen)
{
	char name[32] = "";
	size_t k = 0;
	int idx = 0;
	const pcf_process *p = NULL;
	const pcf_inventory_info *info;

	pos->line = pos->column = 0;
	path[0] = '\0';
	if (field && sscanf(field, "%31[a-z-][%zu]", name, &k) == 2)
		idx = 1;
	if (process != PCF_NO_PROCESS) {
		p = pcf_inventory_process(ctx->inv, process);
		if (!p) {
			snprintf(path, plen, "processes[%zu]%s%s", process, field ? "." : "", field ? field : "");
			return;
		}
		*pos = p->pos;
		snprintf(path, plen, "processes[%zu]%s%s", process, field ? "." : "", field ? field : "");
		if (!idx)
			return;
		if (!strcmp(name, "inputs") && k < p->n_inputs)
			*pos = p->inputs[k].pos;
		else if (!strcmp(name, "emissions") && k < p->n_emissions)
			*pos = p->emissions[k].pos;
		else if (!strcmp(name, "removals") && k < p->n_removals)
			*pos = p->removals[k].pos;
		else if (!strcmp(name, "co-products") && k < p->n_coproducts)
			*pos = p->coproducts[k].pos;
		return;
	}
	if (field)
		snprintf(path, plen, "%s", field);
	if (idx && !strcmp(name, "offsets") && k < pcf_inventory_offset_count(ctx->inv))
		*pos = pcf_inventory_offset(ctx->inv, k)->pos;
	else if (idx && !strcmp(name, "exclusions") && k < pcf_inventory_exclusion_count(ctx->inv))
		*pos = pcf_inventory_exclusion(ctx->inv, k)->pos;
	else if (field && !strncmp(field, "product", 7) && pcf_inventory_product(ctx->inv))
		*pos = pcf_inventory_product(ctx->inv)->pos;
	else if (field && (info = pcf_inventory_get_info(ctx->inv))) {
		/* the top-level keys a rule can be about (reporting-period.end: the period's position) */
		if (!strncmp(field, "reporting-period", 16))
			*pos = info->period_pos;
		else if (!strncmp(field, "site", 4))
			*pos = info->site_pos;
		else if (!strcmp(field, "boundary"))
			*pos = info->boundary_pos;
		else if (!strcmp(field, "gwp-set"))
			*pos = info->gwp_set_pos;
	}
}

static pcf_status h_rule_error(pcf_ctx *ctx, const char *rule, const char *clause, size_t process, const char *field,
                               const char *fmt, ...) PCFI_PRINTF(6, 7);
static pcf_status h_rule_error(pcf_ctx *ctx, const char *rule, const char *clause, size_t process, const char *field,
                               const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX / 2], who[160] = "";
	char path[PCF_ERROR_PATH_MAX];
	pcf_pos pos = { 0, 0 };
	const char *file = NULL;
	va_list ap;

	if (!ctx || ctx->err_set)
		return PCF_E_RULE;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt ? fmt : "(no message)", ap);
	va_end(ap);
	path[0] = '\0';
	if (ctx->inv) {
		const pcf_inventory_info *info = pcf_inventory_get_info(ctx->inv);
		const pcf_process *p = process != PCF_NO_PROCESS ? pcf_inventory_process(ctx->inv, process) : NULL;
		locate(ctx, process, field, &pos, path, sizeof path);
		file = info ? info->file : NULL;
		if (p)
			snprintf(who, sizeof who, "process '%.100s': ", p->id);
	}
	pcfi_error_at(&ctx->err, PCF_E_RULE, file, pos.line, pos.column, path[0] ? path : NULL,
	              "%s%s [rule %s%s%s]", who, msg, rule && rule[0] ? rule : "unnamed",
	              clause && clause[0] ? ", " : "", clause ? clause : "");
	ctx->err_set = 1;
	return PCF_E_RULE;
}

static void h_log(pcf_ctx *ctx, int level, const char *fmt, ...) PCFI_PRINTF(3, 4);
static void h_log(pcf_ctx *ctx, int level, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	if (!ctx || !ctx->given || !ctx->given->log || !fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ctx->given->log(ctx->given->log_data, level, msg);
}

static void *h_alloc(size_t n)
{
	return malloc(n ? n : 1);
}

static void *h_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}

static void h_free(void *p)
{
	free(p);
}

static const char *h_param(pcf_ctx *ctx, const char *name)
{
	size_t i;

	if (!ctx || !ctx->params || !name)
		return NULL;
	for (i = 0; i < ctx->params->n; i++)
		if (!strcmp(ctx->params->names[i], name))
			return ctx->params->values[i];
	return NULL;
}

/* ---- the inventory ---- */

static pcf_status h_product(pcf_ctx *ctx, pcf_product_info *out)
{
	pcf_product_info v;
	const pcf_product *p;
	const pcf_inventory_info *info;

	NEED_INV(ctx, "product");
	p = pcf_inventory_product(ctx->inv);
	info = pcf_inventory_get_info(ctx->inv);
	if (!p || !info)
		return svc_error(ctx, PCF_E_INTERNAL, "product: the inventory has no product");
	memset(&v, 0, sizeof v);
	v.id = p->id;
	v.name = p->name;
	v.declared_amount = p->declared_unit.amount;
	v.declared_unit = p->declared_unit.unit;
	v.mass_per_unit = kg_of(&p->mass_per_unit);
	v.biogenic_carbon = kg_of(&p->biogenic_carbon);
	v.boundary = pcf_boundary_name(info->boundary);
	v.period_start = info->period_start;
	v.period_end = info->period_end;
	v.organisation = info->organisation;
	v.organisation_id = info->organisation_id;
	v.site = info->site;
	v.country = info->country;
	v.region = info->region;
	v.gwp_set = info->gwp_set;
	v.reference_process = p->reference_process;
	v.process_count = pcf_inventory_process_count(ctx->inv);
	v.exclusion_count = pcf_inventory_exclusion_count(ctx->inv);
	v.offset_count = pcf_inventory_offset_count(ctx->inv);
	return fill(ctx, out, &v, sizeof v, "product");
}

static const pcf_process *get_process(pcf_ctx *ctx, size_t i, const char *what)
{
	const pcf_process *p = have_inv(ctx) ? pcf_inventory_process(ctx->inv, i) : NULL;

	if (!p)
		svc_error(ctx, PCF_E_ARG, "%s: no process %zu (the inventory has %zu)", what, i,
		          have_inv(ctx) ? pcf_inventory_process_count(ctx->inv) : 0);
	return p;
}

static pcf_status h_process(pcf_ctx *ctx, size_t i, pcf_process_info *out)
{
	pcf_process_info v;
	const pcf_process *p = get_process(ctx, i, "process");

	if (!p)
		return PCF_E_ARG;
	memset(&v, 0, sizeof v);
	v.id = p->id;
	v.name = p->name;
	v.stage = pcf_stage_name(p->stage);
	v.amount = p->reference.amount;
	v.unit = p->reference.unit;
	v.mass = kg_of(&p->reference_mass);
	v.value = p->reference_value.present ? p->reference_value.amount : NAN;
	v.currency = p->reference_value.present ? p->reference_value.unit : NULL;
	v.biogenic_carbon = kg_of(&p->biogenic_carbon);
	v.location = p->location;
	v.primary = p->quality.primary;
	v.dq_technological = dq(p->quality.technological);
	v.dq_temporal = dq(p->quality.temporal);
	v.dq_geographical = dq(p->quality.geographical);
	v.dq_completeness = dq(p->quality.completeness);
	v.dq_reliability = dq(p->quality.reliability);
	v.flags = (p->aircraft_transport ? PCF_FLAG_AIRCRAFT : 0u) | (p->land_use_change ? PCF_FLAG_LAND_USE_CHANGE : 0u);
	v.input_count = p->n_inputs;
	v.emission_count = p->n_emissions;
	v.removal_count = p->n_removals;
	v.coproduct_count = p->n_coproducts;
	return fill(ctx, out, &v, sizeof v, "process");
}

static pcf_status h_process_find(pcf_ctx *ctx, const char *id, size_t *out)
{
	NEED_INV(ctx, "process_find");
	if (!id || !out)
		return svc_error(ctx, PCF_E_ARG, "process_find: NULL argument");
	if (pcf_inventory_find_process(ctx->inv, id, out) != PCF_OK)
		return svc_error(ctx, PCF_E_NOTFOUND, "no process with id '%s'", id);
	return PCF_OK;
}

static pcf_status h_input(pcf_ctx *ctx, size_t pi, size_t i, pcf_input_info *out)
{
	pcf_input_info v;
	const pcf_process *p = get_process(ctx, pi, "input");
	const pcf_input *in;

	if (!p)
		return PCF_E_ARG;
	if (i >= p->n_inputs)
		return svc_error(ctx, PCF_E_ARG, "input: process '%s' has no input %zu", p->id, i);
	in = &p->inputs[i];
	memset(&v, 0, sizeof v);
	v.kind = in->kind == PCF_INPUT_PROCESS ? PCF_FROM_PROCESS
	       : in->kind == PCF_INPUT_SUPPLIER ? PCF_FROM_SUPPLIER : PCF_FROM_FACTOR;
	v.name = in->name;
	v.amount = in->amount;
	v.unit = in->unit;
	v.converted = in->converted;
	v.process = in->kind == PCF_INPUT_PROCESS ? in->process : PCF_NO_PROCESS;
	v.factor = in->kind == PCF_INPUT_FACTOR ? in->factor : NULL;
	v.inline_factor = in->inline_factor;
	v.flags = in->aircraft_transport ? PCF_FLAG_AIRCRAFT : 0u;
	return fill(ctx, out, &v, sizeof v, "input");
}

static pcf_status h_supplier_info(pcf_ctx *ctx, size_t pi, size_t i, pcf_supplier_info *out)
{
	pcf_supplier_info v;
	const pcf_process *p = get_process(ctx, pi, "supplier_info");
	const pcf_input *in;
	const pcf_supplier *s;

	if (!p)
		return PCF_E_ARG;
	if (i >= p->n_inputs)
		return svc_error(ctx, PCF_E_ARG, "supplier_info: process '%s' has no input %zu", p->id, i);
	in = &p->inputs[i];
	if (in->kind != PCF_INPUT_SUPPLIER)
		return svc_error(ctx, PCF_E_ARG, "supplier_info: input %zu of process '%s' is not a supplier", i, p->id);
	if (!(s = in->supplier))
		return svc_error(ctx, PCF_E_UNSUPPORTED,
		                 "%s:%lu:%lu: process '%s' takes the supplier bundle %s, which was not read (supplier inputs "
		                 "need a supplier trust policy: --supplier-trust)",
		                 pcf_inventory_get_info(ctx->inv)->file, in->pos.line, in->pos.column, p->id, in->supplier_ref);
	memset(&v, 0, sizeof v);
	v.ref = in->supplier_ref;
	v.sha256 = s->sha256;
	v.certificate_id = s->certificate_id;
	v.body_name = s->body_name;
	v.body_org = s->body_org;
	v.methodology_id = s->methodology_id;
	v.methodology_version = s->methodology_version;
	v.product_id = s->product_id;
	v.product_name = s->product_name;
	v.declared_amount = s->declared_amount;
	v.declared_unit = s->declared_unit;
	v.gwp_set = s->gwp_set;
	v.total = s->total;
	v.fossil = s->fossil;
	v.biogenic_emissions = s->biogenic_emissions;
	v.biogenic_removals = s->biogenic_removals;
	v.dluc = s->dluc;
	v.aircraft = s->aircraft;
	v.primary_share = s->primary_share;
	v.dq_technological = s->dq_technological;
	v.dq_temporal = s->dq_temporal;
	v.dq_geographical = s->dq_geographical;
	v.dq_completeness = s->dq_completeness;
	v.dq_reliability = s->dq_reliability;
	v.flags = (s->flags & PCF_SUPPLIER_VERIFIED ? PCF_SUPPLIER_FLAG_VERIFIED : 0u) |
	          (s->flags & PCF_SUPPLIER_UNVERIFIED ? PCF_SUPPLIER_FLAG_UNVERIFIED : 0u) |
	          (s->flags & PCF_SUPPLIER_REDACTED ? PCF_SUPPLIER_FLAG_REDACTED : 0u);
	v.units = in->converted;
	return fill(ctx, out, &v, sizeof v, "supplier_info");
}

static pcf_status h_emission(pcf_ctx *ctx, size_t pi, size_t i, pcf_emission_info *out)
{
	pcf_emission_info v;
	const pcf_process *p = get_process(ctx, pi, "emission");

	if (!p)
		return PCF_E_ARG;
	if (i >= p->n_emissions)
		return svc_error(ctx, PCF_E_ARG, "emission: process '%s' has no emission %zu", p->id, i);
	memset(&v, 0, sizeof v);
	v.gas = p->emissions[i].gas;
	v.amount = p->emissions[i].amount_kg;
	v.flags = p->emissions[i].land_use_change || p->land_use_change ? PCF_FLAG_LAND_USE_CHANGE : 0u;
	return fill(ctx, out, &v, sizeof v, "emission");
}

static pcf_status h_removal(pcf_ctx *ctx, size_t pi, size_t i, pcf_removal_info *out)
{
	pcf_removal_info v;
	const pcf_process *p = get_process(ctx, pi, "removal");

	if (!p)
		return PCF_E_ARG;
	if (i >= p->n_removals)
		return svc_error(ctx, PCF_E_ARG, "removal: process '%s' has no removal %zu", p->id, i);
	memset(&v, 0, sizeof v);
	v.gas = p->removals[i].gas;
	v.amount = p->removals[i].amount_kg;
	return fill(ctx, out, &v, sizeof v, "removal");
}

static pcf_status h_coproduct(pcf_ctx *ctx, size_t pi, size_t i, pcf_coproduct_info *out)
{
	pcf_coproduct_info v;
	const pcf_process *p = get_process(ctx, pi, "coproduct");
	const pcf_coproduct *c;

	if (!p)
		return PCF_E_ARG;
	if (i >= p->n_coproducts)
		return svc_error(ctx, PCF_E_ARG, "coproduct: process '%s' has no co-product %zu", p->id, i);
	c = &p->coproducts[i];
	memset(&v, 0, sizeof v);
	v.name = c->name;
	v.amount = c->quantity.amount;
	v.unit = c->quantity.unit;
	v.mass = kg_of(&c->mass);
	v.value = c->value.present ? c->value.amount : NAN;
	v.currency = c->value.present ? c->value.unit : NULL;
	return fill(ctx, out, &v, sizeof v, "coproduct");
}

static pcf_status h_exclusion(pcf_ctx *ctx, size_t i, pcf_exclusion_info *out)
{
	pcf_exclusion_info v;
	const pcf_exclusion *e;

	NEED_INV(ctx, "exclusion");
	if (!(e = pcf_inventory_exclusion(ctx->inv, i)))
		return svc_error(ctx, PCF_E_ARG, "exclusion: no exclusion %zu", i);
	memset(&v, 0, sizeof v);
	v.description = e->description;
	v.share = e->estimated_share;
	v.justification = e->justification;
	return fill(ctx, out, &v, sizeof v, "exclusion");
}

static pcf_status h_offset(pcf_ctx *ctx, size_t i, pcf_offset_info *out)
{
	pcf_offset_info v;
	const pcf_offset *o;

	NEED_INV(ctx, "offset");
	if (!(o = pcf_inventory_offset(ctx->inv, i)))
		return svc_error(ctx, PCF_E_ARG, "offset: no offset %zu", i);
	memset(&v, 0, sizeof v);
	v.description = o->description;
	v.amount = o->amount_kg_co2e;
	v.scheme = o->scheme;
	return fill(ctx, out, &v, sizeof v, "offset");
}

/* ---- units, GWP, factors ---- */

static pcf_status h_convert(pcf_ctx *ctx, double value, const char *from, const char *to, double *out)
{
	pcf_error e;

	if (!from || !to || !out)
		return svc_error(ctx, PCF_E_ARG, "convert: NULL argument");
	if (pcf_unit_convert(value, from, to, out, &e) != PCF_OK)
		return svc_fail(ctx, &e);
	return PCF_OK;
}

static pcf_status h_gwp(pcf_ctx *ctx, const char *set, const char *gas, double *out)
{
	const pcf_gwp_set *s;
	pcf_error e;

	if (!set || !gas || !out)
		return svc_error(ctx, PCF_E_ARG, "gwp: NULL argument");
	if (!(s = pcf_gwp_set_get(set)))
		return svc_error(ctx, PCF_E_NOTFOUND, "unknown GWP set '%s' (known: AR4, AR5, AR6)", set);
	if (pcf_gwp_value(s, gas, out, &e) != PCF_OK)
		return svc_fail(ctx, &e);
	return PCF_OK;
}

static pcf_status h_gwp_set_info(pcf_ctx *ctx, const char *set, pcf_gwp_set_info *out)
{
	pcf_gwp_set_info v;
	const pcf_gwp_set *s;

	if (!set || !(s = pcf_gwp_set_get(set)))
		return svc_error(ctx, PCF_E_NOTFOUND, "unknown GWP set '%s' (known: AR4, AR5, AR6)", set ? set : "");
	memset(&v, 0, sizeof v);
	v.name = pcf_gwp_set_name(s);
	v.title = pcf_gwp_set_title(s);
	v.horizon = 100;
	v.source = pcf_gwp_set_source(s);
	return fill(ctx, out, &v, sizeof v, "gwp_set_info");
}

static pcf_status h_factor_find(pcf_ctx *ctx, const char *id, const pcf_factor **out)
{
	const pcf_factor *f = NULL;
	size_t i, n;

	if (!id || !out)
		return svc_error(ctx, PCF_E_ARG, "factor_find: NULL argument");
	*out = NULL;
	if (have_inv(ctx))
		for (i = 0, n = pcf_inventory_factor_count(ctx->inv); !f && i < n; i++) {
			const pcf_factor *g = pcf_inventory_factor(ctx->inv, i);
			if (g && g->id && !strcmp(g->id, id))
				f = g;
		}
	if (!f && ctx && ctx->factors)
		f = pcf_factor_lib_find(ctx->factors, id);
	if (!f)
		return svc_error(ctx, PCF_E_NOTFOUND, "no emission factor with id '%s'", id);
	*out = f;
	return PCF_OK;
}

static pcf_status h_factor_info(pcf_ctx *ctx, const pcf_factor *f, pcf_factor_info *out)
{
	pcf_factor_info v;

	if (!f)
		return svc_error(ctx, PCF_E_ARG, "factor_info: NULL factor");
	memset(&v, 0, sizeof v);
	v.id = f->id;
	v.name = f->name;
	v.value = f->value;
	v.per = f->unit;
	v.gwp_set = f->gwp_set;
	v.gas_count = f->n_gases;
	v.region = f->region;
	v.year = f->year;
	v.source = f->source;
	v.url = f->url;
	v.licence = f->licence;
	v.library = f->library;
	return fill(ctx, out, &v, sizeof v, "factor_info");
}

static pcf_status h_factor_gas(pcf_ctx *ctx, const pcf_factor *f, size_t i, const char **gas, double *value)
{
	if (!f || !gas || !value)
		return svc_error(ctx, PCF_E_ARG, "factor_gas: NULL argument");
	if (i >= f->n_gases)
		return svc_error(ctx, PCF_E_ARG, "factor_gas: factor '%s' has no gas %zu", f->id ? f->id : "", i);
	*gas = f->gases[i].gas;
	*value = f->gases[i].amount;
	return PCF_OK;
}

static pcf_status h_warn(pcf_ctx *ctx, const char *fmt, ...) PCFI_PRINTF(2, 3);

static pcf_status h_factor_co2e(pcf_ctx *ctx, const pcf_factor *f, const char *set, double *out)
{
	const pcf_gwp_set *s;
	double sum = 0, g;
	size_t i;
	pcf_error e;

	if (!f || !set || !out)
		return svc_error(ctx, PCF_E_ARG, "factor_co2e: NULL argument");
	if (!(s = pcf_gwp_set_get(set)))
		return svc_error(ctx, PCF_E_NOTFOUND, "unknown GWP set '%s' (known: AR4, AR5, AR6)", set);
	if (f->n_gases == 1 && !strcmp(f->gases[0].gas, "co2e")) {
		if (f->gwp_set && strcasecmp(f->gwp_set, pcf_gwp_set_name(s)) && ctx && ctx->result && !ctx->exporting)
			h_warn(ctx, "factor '%s' is given in CO2e under %s, not %s; used as given", f->id ? f->id : "",
			       f->gwp_set, pcf_gwp_set_name(s));
		*out = f->gases[0].amount;
		return PCF_OK;
	}
	for (i = 0; i < f->n_gases; i++) {
		if (pcf_gwp_value(s, f->gases[i].gas, &g, &e) != PCF_OK)
			return svc_fail(ctx, &e);
		sum += g * f->gases[i].amount;
	}
	*out = sum;
	return PCF_OK;
}

/* ---- the linked-process system ---- */

static pcf_status check_scale(pcf_ctx *ctx, const double *scale, size_t n, const char *what)
{
	size_t i;

	for (i = 0; scale && i < n; i++)
		if (!isfinite(scale[i]) || scale[i] < 0)
			return svc_error(ctx, PCF_E_ARG, "%s: scale[%zu] of process '%s' is %g, not a finite number >= 0", what, i,
			                 pcf_inventory_process(ctx->inv, i)->id, scale[i]);
	return PCF_OK;
}

static pcf_status h_solve(pcf_ctx *ctx, const double *scale, double *supply, size_t n)
{
	pcf_error e;
	pcf_status st;

	NEED_INV(ctx, "solve");
	if (!supply || n != pcf_inventory_process_count(ctx->inv))
		return svc_error(ctx, PCF_E_ARG, "solve: supply must have %zu entries, got %zu",
		                 pcf_inventory_process_count(ctx->inv), supply ? n : 0);
	if ((st = check_scale(ctx, scale, n, "solve")) != PCF_OK)
		return st;
	st = pcf_solve_scaled(ctx->inv, scale, supply, n, &e);
	if (st != PCF_OK)
		return svc_fail(ctx, &e);
	return PCF_OK;
}

static pcf_status h_lci(pcf_ctx *ctx, const double *supply, const double *scale, size_t n)
{
	pcf_error e;
	pcf_lci *l = NULL;
	double *eff = NULL;
	pcf_status st;
	size_t i;

	NEED_INV(ctx, "lci");
	if (!supply || n != pcf_inventory_process_count(ctx->inv))
		return svc_error(ctx, PCF_E_ARG, "lci: supply must have %zu entries, got %zu",
		                 pcf_inventory_process_count(ctx->inv), supply ? n : 0);
	if ((st = check_scale(ctx, scale, n, "lci")) != PCF_OK)
		return st;
	/* Every flow of process i is per run times supply[i]; scaling a process's flows is scaling its supply. */
	if (scale) {
		if (!(eff = malloc(n * sizeof *eff)))
			return svc_error(ctx, PCF_E_NOMEM, "out of memory");
		for (i = 0; i < n; i++)
			eff[i] = supply[i] * scale[i];
	}
	st = pcf_lci_build(ctx->inv, eff ? eff : supply, n, &l, &e);
	free(eff);
	if (st != PCF_OK)
		return svc_fail(ctx, &e);
	/* Huge but finite amounts (1e308 kg times a factor of 25) overflow here: name the entry, with its
	 * file:line:column, rather than hand the plugin an infinite flow. */
	for (i = 0; i < pcf_lci_count(l); i++) {
		const pcf_lci_flow *f = pcf_lci_flow_at(l, i);
		const pcf_inventory_info *info = pcf_inventory_get_info(ctx->inv);
		const pcf_process *p;
		char field[48], path[PCF_ERROR_PATH_MAX];
		pcf_pos pos;

		if (isfinite(f->amount_kg))
			continue;
		p = pcf_inventory_process(ctx->inv, f->process);
		snprintf(field, sizeof field, "%s[%zu]", f->origin == PCF_ORIGIN_DIRECT ? "emissions"
		         : f->origin == PCF_ORIGIN_REMOVAL ? "removals" : "inputs", f->index);
		locate(ctx, f->process, field, &pos, path, sizeof path);
		pcfi_error_at(&e, PCF_E_INVALID, info ? info->file : NULL, pos.line, pos.column, path,
		              "process '%.100s': this %s of %s comes to more than the largest number of kg for the "
		              "declared unit (amount %s supply): the inventory's amounts are out of range",
		              p ? p->id : "?", f->origin == PCF_ORIGIN_DIRECT ? "emission"
		              : f->origin == PCF_ORIGIN_REMOVAL ? "removal" : "input", f->gas ? f->gas : "?",
		              f->origin == PCF_ORIGIN_FACTOR ? "times factor times" : "times");
		pcf_lci_free(l);
		return svc_fail(ctx, &e);
	}
	pcf_lci_free(ctx->lci);
	ctx->lci = l;
	return PCF_OK;
}

static size_t h_lci_count(pcf_ctx *ctx)
{
	return ctx && ctx->lci ? pcf_lci_count(ctx->lci) : 0;
}

static pcf_status h_lci_flow(pcf_ctx *ctx, size_t i, pcf_flow_info *out)
{
	pcf_flow_info v;
	const pcf_lci_flow *f;

	if (!ctx || !ctx->lci)
		return svc_error(ctx, PCF_E_ARG, "lci_flow: call lci first");
	if (!(f = pcf_lci_flow_at(ctx->lci, i)))
		return svc_error(ctx, PCF_E_ARG, "lci_flow: no flow %zu (there are %zu)", i, pcf_lci_count(ctx->lci));
	memset(&v, 0, sizeof v);
	v.process = f->process;
	v.origin = f->origin == PCF_ORIGIN_DIRECT ? PCF_FROM_DIRECT
	         : f->origin == PCF_ORIGIN_REMOVAL ? PCF_FROM_REMOVAL
	         : f->origin == PCF_ORIGIN_SUPPLIER ? PCF_FROM_SUPPLIER : PCF_FROM_FACTOR;
	v.index = f->index;
	v.gas = f->gas;
	v.amount = f->amount_kg;
	v.factor = f->factor;
	v.gwp_set = f->gwp_set;
	v.category = f->category == PCF_CATEGORY_AIRCRAFT ? PCF_FLOW_AIRCRAFT
	           : f->category == PCF_CATEGORY_LAND_USE_CHANGE ? PCF_FLOW_LAND_USE_CHANGE
	           : f->category == PCF_CATEGORY_BIOGENIC ? PCF_FLOW_BIOGENIC : PCF_FLOW_FOSSIL;
	v.biogenic = f->biogenic;
	v.primary = f->primary;
	v.removal = f->removal;
	v.primary_share = f->primary_share;
	return fill(ctx, out, &v, sizeof v, "lci_flow");
}

/* ---- the result builder ---- */

/* The builder is open only while computing; a misuse becomes the plugin's error. */
static pcf_result *builder(pcf_ctx *ctx, const char *what)
{
	if (!ctx || !ctx->result || ctx->exporting) {
		svc_error(ctx, PCF_E_ARG, "%s: the result can only be built during compute", what);
		return NULL;
	}
	return ctx->result;
}

static pcf_status built(pcf_ctx *ctx, pcf_status st, const pcf_error *e)
{
	return st == PCF_OK ? PCF_OK : svc_fail(ctx, e);
}

#define BUILD(ctx, what, call) \
	do { \
		pcf_error e_; \
		pcf_result *r_ = builder((ctx), (what)); \
		if (!r_) \
			return PCF_E_ARG; \
		return built((ctx), call, &e_); \
	} while (0)

static pcf_status h_set_total(pcf_ctx *ctx, double total, const char *unit)
{
	BUILD(ctx, "set_total", pcfi_result_set_total(r_, total, unit, &e_));
}

static pcf_status h_set_gwp_set(pcf_ctx *ctx, const char *set)
{
	const pcf_gwp_set *s = set ? pcf_gwp_set_get(set) : NULL;

	if (!s)
		return svc_error(ctx, PCF_E_NOTFOUND, "set_gwp_set: unknown GWP set '%s' (known: AR4, AR5, AR6)", set ? set : "");
	BUILD(ctx, "set_gwp_set", pcfi_result_set_gwp_set(r_, pcf_gwp_set_name(s), &e_));
}

static pcf_status h_set_boundary(pcf_ctx *ctx, const char *boundary)
{
	BUILD(ctx, "set_boundary", pcfi_result_set_boundary(r_, boundary, &e_));
}

static pcf_status h_set_figure(pcf_ctx *ctx, const char *name, double value)
{
	BUILD(ctx, "set_figure", pcfi_result_set_figure(r_, name, value, &e_));
}

static pcf_status h_add_stage(pcf_ctx *ctx, const char *stage, double value)
{
	BUILD(ctx, "add_stage", pcfi_result_add_stage(r_, stage, value, &e_));
}

static pcf_status h_add_gas(pcf_ctx *ctx, const char *gas, double co2e, double mass)
{
	BUILD(ctx, "add_gas", pcfi_result_add_gas(r_, gas, co2e, mass, &e_));
}

static pcf_status h_add_process(pcf_ctx *ctx, size_t i, double value)
{
	const pcf_process *p = get_process(ctx, i, "add_process");

	if (!p)
		return PCF_E_ARG;
	BUILD(ctx, "add_process", pcfi_result_add_process(r_, i, p->id, p->name, pcf_stage_name(p->stage), value, &e_));
}

static pcf_status h_set_primary_share(pcf_ctx *ctx, double share)
{
	BUILD(ctx, "set_primary_share", pcfi_result_set_primary_share(r_, share, &e_));
}

static pcf_status h_set_cutoff_share(pcf_ctx *ctx, double share)
{
	BUILD(ctx, "set_cutoff_share", pcfi_result_set_cutoff_share(r_, share, &e_));
}

static pcf_status h_set_allocation(pcf_ctx *ctx, const char *method, const char *note)
{
	BUILD(ctx, "set_allocation", pcfi_result_set_allocation(r_, method, note, &e_));
}

static pcf_status h_add_factor(pcf_ctx *ctx, const pcf_factor *f)
{
	pcfi_factor_rec rec;
	const char *gases[64];
	double values[64];
	char idbuf[96];
	size_t i;

	if (!f)
		return svc_error(ctx, PCF_E_ARG, "add_factor: NULL factor");
	memset(&rec, 0, sizeof rec);
	if (f->id)
		rec.id = (char *)f->id;
	else {
		snprintf(idbuf, sizeof idbuf, "inline:%lu:%lu", f->line, f->column);
		rec.id = idbuf;
	}
	rec.value = f->value;
	rec.per = (char *)f->unit;
	rec.gwp_set = (char *)f->gwp_set;
	rec.region = (char *)f->region;
	rec.year = f->year;
	rec.source = (char *)f->source;
	rec.licence = (char *)f->licence;
	rec.library = (char *)f->library;
	rec.ngases = f->n_gases < 64 ? f->n_gases : 64;
	for (i = 0; i < rec.ngases; i++) {
		gases[i] = f->gases[i].gas;
		values[i] = f->gases[i].amount;
	}
	rec.gases = (char **)gases;
	rec.gas_values = values;
	BUILD(ctx, "add_factor", pcfi_result_add_factor(r_, &rec, &e_));
}

static pcf_status h_warn(pcf_ctx *ctx, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;
	int n;

	if (!fmt)
		return svc_error(ctx, PCF_E_ARG, "warn: NULL format");
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof msg) {
		/* cut a long warning at a character boundary, not inside a UTF-8 sequence */
		size_t l = sizeof msg - 1, j = l, need;
		while (j > 0 && ((unsigned char)msg[j - 1] & 0xc0) == 0x80)
			j--;
		if (j > 0) {
			unsigned char c = (unsigned char)msg[j - 1];
			need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (j - 1 + need > l)
				msg[j - 1] = 0;
		}
	}
	BUILD(ctx, "warn", pcfi_result_warn(r_, msg, &e_));
}

/* ---- the result, read back ---- */

static pcf_status h_result_info(pcf_ctx *ctx, pcf_result_info *out)
{
	pcf_result_info v;
	const pcf_result *r = ctx ? ctx->result : NULL;

	if (!r)
		return svc_error(ctx, PCF_E_ARG, "result_info: no result in this call");
	memset(&v, 0, sizeof v);
	v.total = pcf_result_total(r);
	v.unit = pcf_result_unit(r);
	v.gwp_set = pcf_result_gwp_set(r);
	v.boundary = pcf_result_boundary(r);
	v.fossil = pcf_result_figure(r, "fossil");
	v.biogenic_emissions = pcf_result_figure(r, "biogenic-emissions");
	v.biogenic_removals = pcf_result_figure(r, "biogenic-removals");
	v.dluc = pcf_result_figure(r, "dluc");
	v.aircraft = pcf_result_figure(r, "aircraft");
	v.primary_share = pcf_result_primary_share(r);
	v.cutoff_share = pcf_result_cutoff_share(r);
	v.allocation = pcf_result_allocation(r);
	v.stage_count = pcf_result_count(r, PCF_RESULT_STAGES);
	v.gas_count = pcf_result_count(r, PCF_RESULT_GASES);
	v.process_count = pcf_result_count(r, PCF_RESULT_PROCESSES);
	v.factor_count = pcf_result_factor_count(r);
	v.warning_count = pcf_result_warning_count(r);
	return fill(ctx, out, &v, sizeof v, "result_info");
}

static pcf_status h_result_item(pcf_ctx *ctx, int list, size_t i, pcf_item_info *out)
{
	pcf_item_info v;
	const pcf_result *r = ctx ? ctx->result : NULL;

	if (!r)
		return svc_error(ctx, PCF_E_ARG, "result_item: no result in this call");
	memset(&v, 0, sizeof v);
	if (pcf_result_item(r, list, i, &v.name, &v.value, &v.share) != PCF_OK ||
	    pcfi_result_item_ext(r, list, i, &v.mass, &v.process) != PCF_OK)
		return svc_error(ctx, PCF_E_ARG, "result_item: no item %zu in list %d", i, list);
	if (list != PCF_RESULT_PROCESSES)
		v.process = PCF_NO_PROCESS;
	return fill(ctx, out, &v, sizeof v, "result_item");
}

static pcf_status h_result_factor(pcf_ctx *ctx, size_t i, pcf_factor_info *out)
{
	pcf_factor_info v;
	const pcfi_factor_rec *f = ctx && ctx->result ? pcfi_result_factor_rec(ctx->result, i) : NULL;

	if (!f)
		return svc_error(ctx, PCF_E_ARG, "result_factor: no factor %zu", i);
	memset(&v, 0, sizeof v);
	v.id = f->id;
	v.value = f->value;
	v.per = f->per;
	v.gwp_set = f->gwp_set;
	v.gas_count = f->ngases;
	v.region = f->region;
	v.year = f->year;
	v.source = f->source;
	v.licence = f->licence;
	v.library = f->library;
	return fill(ctx, out, &v, sizeof v, "result_factor");
}

/* ---- helpers for exports ---- */

static pcf_status h_inventory_sha256(pcf_ctx *ctx, unsigned char out[32])
{
	if (!ctx || !ctx->sha256)
		return svc_error(ctx, PCF_E_NOTFOUND, "inventory_sha256: the inventory bytes are not known in this call");
	memcpy(out, ctx->sha256, 32);
	return PCF_OK;
}

static pcf_status h_sha256(pcf_ctx *ctx, const void *data, size_t len, unsigned char out[32])
{
	unsigned int n = 0;

	if ((!data && len) || !out)
		return svc_error(ctx, PCF_E_ARG, "sha256: NULL argument");
	if (!EVP_Digest(data ? data : "", len, out, &n, EVP_sha256(), NULL) || n != 32)
		return svc_error(ctx, PCF_E_CRYPTO, "sha256: digest failed");
	return PCF_OK;
}

static pcf_status h_format_number(pcf_ctx *ctx, double v, char *buf, size_t len)
{
	if (!buf || len < 32)
		return svc_error(ctx, PCF_E_ARG, "format_number: buffer shorter than 32 bytes");
	if (pcfi_format_double(v, buf, len))
		return svc_error(ctx, PCF_E_ARG, "format_number: %g is not a finite number", v);
	return PCF_OK;
}

struct pcf_jw {
	pcfi_jsonw w;
};

static pcf_jw *h_jw_new(pcf_ctx *ctx)
{
	pcf_jw *j = malloc(sizeof *j);

	if (!j) {
		svc_error(ctx, PCF_E_NOMEM, "out of memory");
		return NULL;
	}
	pcfi_jsonw_init(&j->w);
	return j;
}

/* A NULL writer (jw_new failed) is ignored here and refused by jw_finish. */
static void h_jw_begin_object(pcf_jw *j) { if (j) pcfi_jsonw_begin_object(&j->w); }
static void h_jw_end_object(pcf_jw *j) { if (j) pcfi_jsonw_end_object(&j->w); }
static void h_jw_begin_array(pcf_jw *j) { if (j) pcfi_jsonw_begin_array(&j->w); }
static void h_jw_end_array(pcf_jw *j) { if (j) pcfi_jsonw_end_array(&j->w); }
static void h_jw_key(pcf_jw *j, const char *k) { if (j) pcfi_jsonw_key(&j->w, k ? k : ""); }
static void h_jw_string(pcf_jw *j, const char *s) { if (j) pcfi_jsonw_string(&j->w, s); }
static void h_jw_number(pcf_jw *j, double v) { if (j) pcfi_jsonw_number(&j->w, v); }
static void h_jw_int(pcf_jw *j, int64_t v) { if (j) pcfi_jsonw_int(&j->w, v); }
static void h_jw_bool(pcf_jw *j, int v) { if (j) pcfi_jsonw_bool(&j->w, v); }
static void h_jw_null(pcf_jw *j) { if (j) pcfi_jsonw_null(&j->w); }

static pcf_status h_jw_finish(pcf_jw *j, void **out, size_t *len)
{
	char *s = NULL;
	size_t n = 0;
	pcf_status st;

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!j)
		return PCF_E_NOMEM;
	if (!out || !len) {
		pcfi_jsonw_discard(&j->w);
		free(j);
		return PCF_E_ARG;
	}
	st = pcfi_jsonw_finish(&j->w, &s, &n);
	free(j);
	if (st != PCF_OK)
		return st;
	*out = s;
	*len = n;
	return PCF_OK;
}

static void h_jw_free(pcf_jw *j)
{
	if (!j)
		return;
	pcfi_jsonw_discard(&j->w);
	free(j);
}

const pcf_host pcfi_host = {
	.abi = { PCF_PLUGIN_ABI_MAJOR, PCF_PLUGIN_ABI_MINOR, sizeof(pcf_host) },
	.error = h_error,
	.rule_error = h_rule_error,
	.log = h_log,
	.alloc = h_alloc,
	.realloc = h_realloc,
	.free = h_free,
	.param = h_param,
	.product = h_product,
	.process = h_process,
	.process_find = h_process_find,
	.input = h_input,
	.emission = h_emission,
	.removal = h_removal,
	.coproduct = h_coproduct,
	.exclusion = h_exclusion,
	.offset = h_offset,
	.convert = h_convert,
	.gwp = h_gwp,
	.gwp_set_info = h_gwp_set_info,
	.factor_find = h_factor_find,
	.factor_info = h_factor_info,
	.factor_gas = h_factor_gas,
	.factor_co2e = h_factor_co2e,
	.solve = h_solve,
	.lci = h_lci,
	.lci_count = h_lci_count,
	.lci_flow = h_lci_flow,
	.set_total = h_set_total,
	.set_gwp_set = h_set_gwp_set,
	.set_boundary = h_set_boundary,
	.set_figure = h_set_figure,
	.add_stage = h_add_stage,
	.add_gas = h_add_gas,
	.add_process = h_add_process,
	.set_primary_share = h_set_primary_share,
	.set_cutoff_share = h_set_cutoff_share,
	.set_allocation = h_set_allocation,
	.add_factor = h_add_factor,
	.warn = h_warn,
	.result_info = h_result_info,
	.result_item = h_result_item,
	.result_factor = h_result_factor,
	.inventory_sha256 = h_inventory_sha256,
	.sha256 = h_sha256,
	.format_number = h_format_number,
	.jw_new = h_jw_new,
	.jw_begin_object = h_jw_begin_object,
	.jw_end_object = h_jw_end_object,
	.jw_begin_array = h_jw_begin_array,
	.jw_end_array = h_jw_end_array,
	.jw_key = h_jw_key,
	.jw_string = h_jw_string,
	.jw_number = h_jw_number,
	.jw_int = h_jw_int,
	.jw_bool = h_jw_bool,
	.jw_null = h_jw_null,
	.jw_finish = h_jw_finish,
	.jw_free = h_jw_free,
	/* since 1.1 (host_text.c) */
	.sb_new = pcfi_host_sb_new,
	.sb_printf = pcfi_host_sb_printf,
	.sb_append = pcfi_host_sb_append,
	.sb_str = pcfi_host_sb_str,
	.sb_len = pcfi_host_sb_len,
	.sb_status = pcfi_host_sb_status,
	.sb_free = pcfi_host_sb_free,
	.date_check = pcfi_host_date_check,
	.date_rfc3339 = pcfi_host_date_rfc3339,
	.format_decimal = pcfi_host_format_decimal,
	/* since 1.2 */
	.supplier_info = h_supplier_info,
};
