/*
 * result.c - the result model: what a plugin builds through the host table, the host's checks of it
 * (finite numbers, required fields, breakdowns adding up), its deterministic JSON and its table, and
 * the id grammar of plugin.h. The answer to "where is a plugin's result checked?": here, in
 * pcfi_result_finish and the pcfi_result_set_* / add_* functions the host table calls.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/jsonw.h"
#include "plugin/plugin_impl.h"
#include "base/strmap.h"

/* A line of a breakdown (stage, gas, process) or an extra figure. */
typedef struct line {
	char *name;
	char *label;      /* processes: name for people */
	char *stage;      /* processes: their stage */
	size_t index;     /* processes: index in the inventory */
	double value;
	double mass;      /* gases: mass of the gas, NaN when not given */
	double share;
} line;

typedef struct lines {
	line *v;
	size_t n, cap;
	pcfi_strmap map;  /* name -> position (keys are the lines' own names) */
} lines;

/* The five figures every result carries, in JSON order. */
static const char *const figure_names[] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc", "aircraft" };
#define NFIG 5

struct pcf_result {
	char *method_id, *method_version, *method_standard;
	char *product_id, *product_name, *declared_unit, *boundary;
	double declared_amount;
	char sha256[65];
	char *gwp_set, *unit, *allocation, *allocation_note;
	double total;
	int has_total;
	double fig[NFIG];
	int fig_set[NFIG];
	lines extra, stages, gases, processes, params;
	double primary_share, cutoff_share;
	pcfi_factor_rec *factors;
	size_t nfactors;
	pcfi_strmap factor_map;   /* id -> position */
	char **warnings;
	size_t nwarnings;
	pcfi_strmap warning_map;
	pcfi_supplier_rec *suppliers;  /* supplier certificates used, in inventory order */
	size_t nsuppliers;
	int finished;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static pcf_status nomem(pcf_error *err)
{
	return pcfi_error(err, PCF_E_NOMEM, "out of memory");
}

/* Replace *dst with a copy of s (NULL allowed). */
static pcf_status set_str(char **dst, const char *s, pcf_error *err)
{
	char *c = NULL;

	if (s && !(c = strdup(s)))
		return nomem(err);
	free(*dst);
	*dst = c;
	return PCF_OK;
}

pcf_result *pcfi_result_new(void)
{
	pcf_result *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->primary_share = NAN;
	r->cutoff_share = 0;
	r->declared_amount = NAN;
	return r;
}

static void lines_free(lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].label);
		free(l->v[i].stage);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	pcfi_strmap_free(&l->map);
}

static void factor_rec_free(pcfi_factor_rec *f)
{
	size_t i;

	free(f->id);
	free(f->per);
	free(f->gwp_set);
	free(f->region);
	free(f->source);
	free(f->licence);
	free(f->library);
	for (i = 0; i < f->ngases; i++)
		free(f->gases[i]);
	free(f->gases);
	free(f->gas_values);
}

pcf_status pcfi_result_add_supplier(pcf_result *r, const pcfi_supplier_rec *rec)
{
	pcfi_supplier_rec *g = realloc(r->suppliers, (r->nsuppliers + 1) * sizeof *g), *c;

	if (!g)
		return PCF_E_NOMEM;
	r->suppliers = g;
	c = &g[r->nsuppliers];
	*c = *rec;
	c->process = dup_or_null(rec->process);
	c->ref = dup_or_null(rec->ref);
	c->sha256 = dup_or_null(rec->sha256);
	c->certificate_id = dup_or_null(rec->certificate_id);
	c->body = dup_or_null(rec->body);
	c->body_org = dup_or_null(rec->body_org);
	c->method_id = dup_or_null(rec->method_id);
	c->method_version = dup_or_null(rec->method_version);
	r->nsuppliers++;
	if ((rec->process && !c->process) || (rec->ref && !c->ref) || (rec->sha256 && !c->sha256) ||
	    (rec->certificate_id && !c->certificate_id) || (rec->body && !c->body) || (rec->body_org && !c->body_org) ||
	    (rec->method_id && !c->method_id) || (rec->method_version && !c->method_version))
		return PCF_E_NOMEM;
	return PCF_OK;
}

void pcf_result_free(pcf_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nsuppliers; i++) {
		free(r->suppliers[i].process);
		free(r->suppliers[i].ref);
		free(r->suppliers[i].sha256);
		free(r->suppliers[i].certificate_id);
		free(r->suppliers[i].body);
		free(r->suppliers[i].body_org);
		free(r->suppliers[i].method_id);
		free(r->suppliers[i].method_version);
	}
	free(r->suppliers);
	free(r->method_id);
	free(r->method_version);
	free(r->method_standard);
	free(r->product_id);
	free(r->product_name);
	free(r->declared_unit);
	free(r->boundary);
	free(r->gwp_set);
	free(r->unit);
	free(r->allocation);
	free(r->allocation_note);
	lines_free(&r->extra);
	lines_free(&r->stages);
	lines_free(&r->gases);
	lines_free(&r->processes);
	lines_free(&r->params);
	for (i = 0; i < r->nfactors; i++)
		factor_rec_free(&r->factors[i]);
	free(r->factors);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	pcfi_strmap_free(&r->factor_map);
	pcfi_strmap_free(&r->warning_map);
	free(r);
}

/* Find name in l, or append a new zero line; NULL when out of memory. */
static line *line_get(lines *l, const char *name, int *is_new)
{
	size_t pos;
	line *nv;

	if (pcfi_strmap_get(&l->map, name, &pos)) {
		if (is_new)
			*is_new = 0;
		return &l->v[pos];
	}
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;
		if (!(nv = realloc(l->v, ncap * sizeof *nv)))
			return NULL;
		l->v = nv;
		l->cap = ncap;
	}
	nv = l->v;
	memset(&nv[l->n], 0, sizeof nv[l->n]);
	nv[l->n].mass = NAN;
	nv[l->n].share = NAN;
	if (!(nv[l->n].name = strdup(name)))
		return NULL;
	if (pcfi_strmap_put(&l->map, nv[l->n].name, l->n)) {
		free(nv[l->n].name);
		return NULL;
	}
	if (is_new)
		*is_new = 1;
	return &nv[l->n++];
}

static int nonempty(const char *s)
{
	return s && s[0];
}

pcf_status pcfi_result_set_method(pcf_result *r, const char *id, const char *version, const char *standard)
{
	if (set_str(&r->method_id, id, NULL) || set_str(&r->method_version, version, NULL) ||
	    set_str(&r->method_standard, standard, NULL))
		return PCF_E_NOMEM;
	return PCF_OK;
}

pcf_status pcfi_result_set_product(pcf_result *r, const char *id, const char *name, double amount, const char *unit,
                                   const char *boundary)
{
	r->declared_amount = amount;
	if (set_str(&r->product_id, id, NULL) || set_str(&r->product_name, name, NULL) ||
	    set_str(&r->declared_unit, unit, NULL) || set_str(&r->boundary, boundary, NULL))
		return PCF_E_NOMEM;
	return PCF_OK;
}

pcf_status pcfi_result_add_param(pcf_result *r, const char *name, const char *value)
{
	line *l = line_get(&r->params, name, NULL);

	if (!l)
		return PCF_E_NOMEM;
	free(l->label);
	return (l->label = strdup(value)) ? PCF_OK : PCF_E_NOMEM;
}

/*
 * The id grammar of plugin.h (figure, parameter and plugin names): here, in the lowest file of the
 * module, because the result checks it too, so that the loader and compute use it from below.
 */
int pcfi_valid_id(const char *id)
{
	size_t i;

	if (!id || !id[0] || id[0] == '-')
		return 0;
	for (i = 0; id[i]; i++) {
		char c = id[i];
		if (i >= 64)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
	}
	return 1;
}

pcf_status pcfi_result_set_sha256(pcf_result *r, const unsigned char d[32])
{
	pcfi_hex_encode(d, 32, r->sha256);
	return PCF_OK;
}

/* Strict UTF-8 (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF); the offset
 * of the first bad byte, or (size_t)-1 when s is valid. */
static size_t bad_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str, *p = s;

	while (*p) {
		unsigned c = *p, n, cp, i;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return (size_t)(p - s);
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return (size_t)(p - s);
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (size_t)(p - s);
		p += n + 1;
	}
	return (size_t)-1;
}

/* A string from the plugin goes into result.json: it must be UTF-8 text. */
static pcf_status need_text(const char *s, const char *what, pcf_error *err)
{
	size_t at;

	if (s && (at = bad_utf8(s)) != (size_t)-1)
		return pcfi_error(err, PCF_E_PLUGIN, "%s is not valid UTF-8 (byte 0x%02x at offset %zu)", what,
		                  (unsigned char)s[at], at);
	return PCF_OK;
}

static pcf_status need_finite(double v, const char *what, pcf_error *err)
{
	if (!isfinite(v))
		return pcfi_error(err, PCF_E_PLUGIN, "%s is not a finite number (%g)", what, v);
	return PCF_OK;
}

pcf_status pcfi_result_set_total(pcf_result *r, double total, const char *unit, pcf_error *err)
{
	pcf_status st;

	if ((st = need_finite(total, "the total", err)) != PCF_OK)
		return st;
	if (!nonempty(unit))
		return pcfi_error(err, PCF_E_PLUGIN, "the total has no unit");
	if ((st = need_text(unit, "the total's unit", err)) != PCF_OK)
		return st;
	if ((st = set_str(&r->unit, unit, err)) != PCF_OK)
		return st;
	r->total = total == 0 ? 0 : total;
	r->has_total = 1;
	return PCF_OK;
}

pcf_status pcfi_result_set_gwp_set(pcf_result *r, const char *set, pcf_error *err)
{
	if (!nonempty(set))
		return pcfi_error(err, PCF_E_PLUGIN, "empty GWP set name");
	if (need_text(set, "the GWP set name", err) != PCF_OK)
		return PCF_E_PLUGIN;
	return set_str(&r->gwp_set, set, err);
}

pcf_status pcfi_result_set_boundary(pcf_result *r, const char *boundary, pcf_error *err)
{
	if (!nonempty(boundary))
		return pcfi_error(err, PCF_E_PLUGIN, "empty boundary");
	if (need_text(boundary, "the boundary", err) != PCF_OK)
		return PCF_E_PLUGIN;
	return set_str(&r->boundary, boundary, err);
}

pcf_status pcfi_result_set_figure(pcf_result *r, const char *name, double value, pcf_error *err)
{
	size_t i;
	line *l;
	int is_new;
	pcf_status st;

	if (!pcfi_valid_id(name))
		return pcfi_error(err, PCF_E_PLUGIN, "invalid figure name '%s' (expected [a-z0-9][a-z0-9-]*)", name ? name : "");
	if ((st = need_finite(value, name, err)) != PCF_OK)
		return st;
	if (value == 0)
		value = 0;
	for (i = 0; i < NFIG; i++)
		if (!strcmp(figure_names[i], name)) {
			if (r->fig_set[i])
				return pcfi_error(err, PCF_E_PLUGIN, "figure '%s' set twice", name);
			r->fig[i] = value;
			r->fig_set[i] = 1;
			return PCF_OK;
		}
	if (!(l = line_get(&r->extra, name, &is_new)))
		return nomem(err);
	if (!is_new)
		return pcfi_error(err, PCF_E_PLUGIN, "figure '%s' set twice", name);
	l->value = value;
	return PCF_OK;
}

/* *acc += v for a breakdown line, refusing a sum beyond the largest double (each v is finite, their sum
 * need not be: fuzz_result found gas masses adding up to infinity, which no JSON can carry). */
static pcf_status accumulate(double *acc, double v, const char *what, const char *name, pcf_error *err)
{
	double sum = *acc + v;

	if (!isfinite(sum))
		return pcfi_error(err, PCF_E_PLUGIN, "the %s of '%s' add up to more than the largest number", what, name);
	*acc = sum;
	return PCF_OK;
}

pcf_status pcfi_result_add_stage(pcf_result *r, const char *stage, double value, pcf_error *err)
{
	line *l;
	pcf_status st;

	if (!nonempty(stage))
		return pcfi_error(err, PCF_E_PLUGIN, "empty stage name in the breakdown");
	if ((st = need_text(stage, "a stage name", err)) != PCF_OK)
		return st;
	if ((st = need_finite(value, "a stage's contribution", err)) != PCF_OK)
		return st;
	if (!(l = line_get(&r->stages, stage, NULL)))
		return nomem(err);
	return accumulate(&l->value, value, "contributions", stage, err);
}

pcf_status pcfi_result_add_gas(pcf_result *r, const char *gas, double co2e, double mass, pcf_error *err)
{
	line *l;
	pcf_status st;

	if (!nonempty(gas))
		return pcfi_error(err, PCF_E_PLUGIN, "empty gas name in the breakdown");
	if ((st = need_text(gas, "a gas name", err)) != PCF_OK)
		return st;
	if ((st = need_finite(co2e, "a gas's contribution", err)) != PCF_OK)
		return st;
	if (!isnan(mass) && (st = need_finite(mass, "a gas's mass", err)) != PCF_OK)
		return st;
	if (!(l = line_get(&r->gases, gas, NULL)))
		return nomem(err);
	if ((st = accumulate(&l->value, co2e, "contributions", gas, err)) != PCF_OK)
		return st;
	if (!isnan(mass)) {
		if (isnan(l->mass))
			l->mass = 0;
		return accumulate(&l->mass, mass, "masses", gas, err);
	}
	return PCF_OK;
}

pcf_status pcfi_result_add_process(pcf_result *r, size_t index, const char *id, const char *name, const char *stage,
                                   double value, pcf_error *err)
{
	line *l;
	pcf_status st;
	int is_new;

	if ((st = need_finite(value, "a process's contribution", err)) != PCF_OK)
		return st;
	if (!(l = line_get(&r->processes, id, &is_new)))
		return nomem(err);
	if (is_new) {
		l->index = index;
		if ((name && !(l->label = strdup(name))) || (stage && !(l->stage = strdup(stage))))
			return nomem(err);
	}
	return accumulate(&l->value, value, "contributions", id, err);
}

static pcf_status set_share(double *dst, double share, const char *what, pcf_error *err)
{
	if (!isfinite(share) || share < 0 || share > 1)
		return pcfi_error(err, PCF_E_PLUGIN, "%s %g is not a share in [0,1]", what, share);
	*dst = share == 0 ? 0 : share;
	return PCF_OK;
}

pcf_status pcfi_result_set_primary_share(pcf_result *r, double share, pcf_error *err)
{
	return set_share(&r->primary_share, share, "primary-data share", err);
}

pcf_status pcfi_result_set_cutoff_share(pcf_result *r, double share, pcf_error *err)
{
	return set_share(&r->cutoff_share, share, "cut-off share", err);
}

pcf_status pcfi_result_set_allocation(pcf_result *r, const char *method, const char *note, pcf_error *err)
{
	pcf_status st;

	if (!nonempty(method))
		return pcfi_error(err, PCF_E_PLUGIN, "empty allocation method");
	if ((st = need_text(method, "the allocation method", err)) != PCF_OK ||
	    (st = need_text(note, "the allocation note", err)) != PCF_OK)
		return st;
	if ((st = set_str(&r->allocation, method, err)) != PCF_OK)
		return st;
	return set_str(&r->allocation_note, note && note[0] ? note : NULL, err);
}

pcf_status pcfi_result_add_factor(pcf_result *r, const pcfi_factor_rec *f, pcf_error *err)
{
	size_t i;
	pcfi_factor_rec *nv, *d;

	if (!nonempty(f->id))
		return pcfi_error(err, PCF_E_PLUGIN, "factor without an id");
	if (pcfi_strmap_get(&r->factor_map, f->id, &i))
		return PCF_OK;
	nv = realloc(r->factors, (r->nfactors + 1) * sizeof *nv);
	if (!nv)
		return nomem(err);
	r->factors = nv;
	d = &nv[r->nfactors];
	memset(d, 0, sizeof *d);
	d->value = f->value;
	d->year = f->year;
	d->id = dup_or_null(f->id);
	d->per = dup_or_null(f->per);
	d->gwp_set = dup_or_null(f->gwp_set);
	d->region = dup_or_null(f->region);
	d->source = dup_or_null(f->source);
	d->licence = dup_or_null(f->licence);
	d->library = dup_or_null(f->library);
	r->nfactors++;
	if (d->id && pcfi_strmap_put(&r->factor_map, d->id, r->nfactors - 1))
		return nomem(err);
	if (!d->id || (f->per && !d->per) || (f->gwp_set && !d->gwp_set) || (f->region && !d->region) ||
	    (f->source && !d->source) || (f->licence && !d->licence) || (f->library && !d->library))
		return nomem(err);
	if (f->ngases) {
		d->gases = calloc(f->ngases, sizeof *d->gases);
		d->gas_values = calloc(f->ngases, sizeof *d->gas_values);
		if (!d->gases || !d->gas_values)
			return nomem(err);
		for (i = 0; i < f->ngases; i++) {
			d->ngases = i + 1;
			if (!(d->gases[i] = strdup(f->gases[i])))
				return nomem(err);
			d->gas_values[i] = f->gas_values[i];
		}
	}
	return PCF_OK;
}

pcf_status pcfi_result_warn(pcf_result *r, const char *msg, pcf_error *err)
{
	char **nv;
	size_t i;

	if (need_text(msg, "a warning", err) != PCF_OK)
		return PCF_E_PLUGIN;
	if (pcfi_strmap_get(&r->warning_map, msg, &i))   /* the same warning once */
		return PCF_OK;
	if (r->nwarnings >= 10000)
		return pcfi_error(err, PCF_E_LIMIT, "more than 10000 warnings");
	nv = realloc(r->warnings, (r->nwarnings + 1) * sizeof *nv);
	if (!nv)
		return nomem(err);
	r->warnings = nv;
	if (!(nv[r->nwarnings] = strdup(msg)))
		return nomem(err);
	if (pcfi_strmap_put(&r->warning_map, nv[r->nwarnings], r->nwarnings)) {
		free(nv[r->nwarnings]);
		return nomem(err);
	}
	r->nwarnings++;
	return PCF_OK;
}

const pcfi_factor_rec *pcfi_result_factor_rec(const pcf_result *r, size_t i)
{
	return i < r->nfactors ? &r->factors[i] : NULL;
}

/* Does the list add up to the total? */
static pcf_status check_sum(const pcf_result *r, const lines *l, const char *what, const char *label, pcf_error *err)
{
	double sum = 0, abs_sum = 0, scale, tol;
	size_t i;

	for (i = 0; i < l->n; i++) {
		sum += l->v[i].value;
		abs_sum += fabs(l->v[i].value);
	}
	scale = abs_sum > fabs(r->total) ? abs_sum : fabs(r->total);
	tol = PCF_RESULT_TOLERANCE * scale + PCF_RESULT_TOLERANCE_ABS;
	if (!isfinite(sum) || fabs(sum - r->total) > tol) {
		char a[32], b[32];
		pcfi_format_double(sum, a, sizeof a);
		pcfi_format_double(r->total, b, sizeof b);
		return pcfi_error(err, PCF_E_PLUGIN,
		                  "%s returned an invalid result: the %s breakdown (%zu lines) adds up to %s, the total is %s (tolerance %g relative)",
		                  label, what, l->n, isfinite(sum) ? a : "a non-finite number", b, PCF_RESULT_TOLERANCE);
	}
	return PCF_OK;
}

/* value / total, or NaN (written as null) when that is no number: a total of 0, or lines that cancel
 * out around a total so small that the quotient overflows (fuzz_result: a total of 2^-1074). */
static void set_shares(const pcf_result *r, lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		double s = r->total != 0 ? l->v[i].value / r->total : NAN;
		l->v[i].share = isfinite(s) ? s : NAN;
	}
}

pcf_status pcfi_result_finish(pcf_result *r, const char *label, pcf_error *err)
{
	size_t i;
	pcf_status st;

	if (!r->has_total)
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: no total (set_total was not called)", label);
	if (!r->gwp_set)
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: no GWP set (set_gwp_set was not called)", label);
	for (i = 0; i < NFIG; i++)
		if (!r->fig_set[i])
			return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: figure '%s' is missing (set_figure)",
			                  label, figure_names[i]);
	if (isnan(r->primary_share))
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: no primary-data share (set_primary_share)", label);
	if (!r->allocation)
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: no allocation method (set_allocation)", label);
	if (!r->boundary)
		return pcfi_error(err, PCF_E_PLUGIN, "%s returned an invalid result: no boundary (set_boundary)", label);
	if ((st = check_sum(r, &r->stages, "stage", label, err)) != PCF_OK ||
	    (st = check_sum(r, &r->gases, "gas", label, err)) != PCF_OK ||
	    (st = check_sum(r, &r->processes, "process", label, err)) != PCF_OK)
		return st;
	set_shares(r, &r->stages);
	set_shares(r, &r->gases);
	set_shares(r, &r->processes);
	r->finished = 1;
	return PCF_OK;
}

/* ---- JSON ---- */

static void w_str_or_null(pcfi_jsonw *w, const char *key, const char *v)
{
	pcfi_jsonw_key(w, key);
	pcfi_jsonw_string(w, v);
}

static void w_num_or_null(pcfi_jsonw *w, const char *key, double v)
{
	pcfi_jsonw_key(w, key);
	if (isnan(v))
		pcfi_jsonw_null(w);
	else
		pcfi_jsonw_number(w, v);
}

static void w_lines(pcfi_jsonw *w, const char *key, const char *namekey, const lines *l, int kind)
{
	size_t i;

	pcfi_jsonw_key(w, key);
	pcfi_jsonw_begin_array(w);
	for (i = 0; i < l->n; i++) {
		pcfi_jsonw_begin_object(w);
		w_str_or_null(w, namekey, l->v[i].name);
		if (kind == PCF_RESULT_PROCESSES) {
			w_str_or_null(w, "name", l->v[i].label);
			w_str_or_null(w, "stage", l->v[i].stage);
		}
		w_num_or_null(w, "value", l->v[i].value);
		w_num_or_null(w, "share", l->v[i].share);
		if (kind == PCF_RESULT_GASES)
			w_num_or_null(w, "mass", l->v[i].mass);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
}

static int cmp_factor(const void *a, const void *b)
{
	return strcmp((*(const pcfi_factor_rec *const *)a)->id, (*(const pcfi_factor_rec *const *)b)->id);
}

/* The result JSON's methodology, inventory and product objects. */
static void w_methodology_product(pcfi_jsonw *w, const pcf_result *r)
{
	size_t i;

	pcfi_jsonw_key(w, "methodology");
	pcfi_jsonw_begin_object(w);
	w_str_or_null(w, "id", r->method_id);
	w_str_or_null(w, "version", r->method_version);
	w_str_or_null(w, "standard", r->method_standard);
	pcfi_jsonw_key(w, "parameters");
	pcfi_jsonw_begin_object(w);
	for (i = 0; i < r->params.n; i++)
		w_str_or_null(w, r->params.v[i].name, r->params.v[i].label);
	pcfi_jsonw_end_object(w);
	pcfi_jsonw_end_object(w);

	pcfi_jsonw_key(w, "inventory");
	pcfi_jsonw_begin_object(w);
	w_str_or_null(w, "sha256", r->sha256[0] ? r->sha256 : NULL);
	pcfi_jsonw_end_object(w);

	pcfi_jsonw_key(w, "product");
	pcfi_jsonw_begin_object(w);
	w_str_or_null(w, "id", r->product_id);
	w_str_or_null(w, "name", r->product_name);
	pcfi_jsonw_key(w, "declared-unit");
	pcfi_jsonw_begin_object(w);
	w_num_or_null(w, "amount", r->declared_amount);
	w_str_or_null(w, "unit", r->declared_unit);
	pcfi_jsonw_end_object(w);
	pcfi_jsonw_end_object(w);
}

/* The footprint object and the plugin's extra figures. */
static void w_footprint(pcfi_jsonw *w, const pcf_result *r)
{
	size_t i;

	pcfi_jsonw_key(w, "footprint");
	pcfi_jsonw_begin_object(w);
	w_num_or_null(w, "total", r->total);
	w_str_or_null(w, "unit", r->unit);
	w_str_or_null(w, "gwp-set", r->gwp_set);
	w_str_or_null(w, "boundary", r->boundary);
	for (i = 0; i < NFIG; i++)
		w_num_or_null(w, figure_names[i], r->fig[i]);
	w_num_or_null(w, "primary-data-share", r->primary_share);
	w_num_or_null(w, "cutoff-share", r->cutoff_share);
	pcfi_jsonw_key(w, "allocation");
	pcfi_jsonw_begin_object(w);
	w_str_or_null(w, "method", r->allocation);
	w_str_or_null(w, "note", r->allocation_note);
	pcfi_jsonw_end_object(w);
	pcfi_jsonw_end_object(w);

	pcfi_jsonw_key(w, "figures");
	pcfi_jsonw_begin_array(w);
	for (i = 0; i < r->extra.n; i++) {
		pcfi_jsonw_begin_object(w);
		w_str_or_null(w, "name", r->extra.v[i].name);
		w_num_or_null(w, "value", r->extra.v[i].value);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
}

/* One emission factor the result used. */
static void w_factor(pcfi_jsonw *w, const pcfi_factor_rec *f)
{
	size_t j;

	pcfi_jsonw_begin_object(w);
	w_str_or_null(w, "id", f->id);
	w_num_or_null(w, "value", f->value);
	w_str_or_null(w, "unit", "kg CO2e");
	w_str_or_null(w, "per", f->per);
	w_str_or_null(w, "gwp-set", f->gwp_set);
	pcfi_jsonw_key(w, "gases");
	pcfi_jsonw_begin_array(w);
	for (j = 0; j < f->ngases; j++) {
		pcfi_jsonw_begin_object(w);
		w_str_or_null(w, "gas", f->gases[j]);
		w_num_or_null(w, "value", f->gas_values[j]);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
	w_str_or_null(w, "region", f->region);
	pcfi_jsonw_key(w, "year");
	if (f->year)
		pcfi_jsonw_int(w, f->year);
	else
		pcfi_jsonw_null(w);
	w_str_or_null(w, "source", f->source);
	w_str_or_null(w, "licence", f->licence);
	w_str_or_null(w, "library", f->library);
	pcfi_jsonw_end_object(w);
}

pcf_status pcf_result_json(const pcf_result *r, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	size_t i;
	const pcfi_factor_rec **sorted = NULL;

	if (!r || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_result_json: NULL argument");
	*out = NULL;
	*len = 0;
	if (!r->finished)
		return pcfi_error(err, PCF_E_ARG, "pcf_result_json: the result is not complete");
	if (r->nfactors && !(sorted = malloc(r->nfactors * sizeof *sorted)))
		return nomem(err);
	for (i = 0; i < r->nfactors; i++)
		sorted[i] = &r->factors[i];
	if (r->nfactors > 1)
		qsort(sorted, r->nfactors, sizeof *sorted, cmp_factor);

	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	w_str_or_null(&w, "kind", "pcfkit-result");
	w_str_or_null(&w, "format-version", PCF_RESULT_FORMAT_VERSION);

	w_methodology_product(&w, r);
	w_footprint(&w, r);
	pcfi_jsonw_key(&w, "breakdown");
	pcfi_jsonw_begin_object(&w);
	w_lines(&w, "stages", "stage", &r->stages, PCF_RESULT_STAGES);
	w_lines(&w, "gases", "gas", &r->gases, PCF_RESULT_GASES);
	w_lines(&w, "processes", "id", &r->processes, PCF_RESULT_PROCESSES);
	pcfi_jsonw_end_object(&w);

	pcfi_jsonw_key(&w, "factors");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < r->nfactors; i++) {
		w_factor(&w, sorted[i]);
	}
	pcfi_jsonw_end_array(&w);

	/* Only when there are any, so that results without supplier inputs keep their bytes. */
	if (r->nsuppliers) {
		pcfi_jsonw_key(&w, "suppliers");
		pcfi_jsonw_begin_array(&w);
		for (i = 0; i < r->nsuppliers; i++) {
			const pcfi_supplier_rec *sr = &r->suppliers[i];
			pcfi_jsonw_begin_object(&w);
			w_str_or_null(&w, "process", sr->process);
			w_str_or_null(&w, "ref", sr->ref);
			w_str_or_null(&w, "sha256", sr->sha256);
			w_str_or_null(&w, "certificate-id", sr->certificate_id);
			w_str_or_null(&w, "body", sr->body);
			w_str_or_null(&w, "body-organisation", sr->body_org);
			pcfi_jsonw_key(&w, "methodology");
			pcfi_jsonw_begin_object(&w);
			w_str_or_null(&w, "id", sr->method_id);
			w_str_or_null(&w, "version", sr->method_version);
			pcfi_jsonw_end_object(&w);
			pcfi_jsonw_key(&w, "declared-units-per-run");
			pcfi_jsonw_number(&w, sr->units);
			pcfi_jsonw_key(&w, "supplier-total");
			pcfi_jsonw_number(&w, sr->total);
			pcfi_jsonw_key(&w, "lci-contribution");
			if (isnan(sr->contribution))
				pcfi_jsonw_null(&w);
			else
				pcfi_jsonw_number(&w, sr->contribution == 0 ? 0 : sr->contribution);
			pcfi_jsonw_key(&w, "verified");
			pcfi_jsonw_bool(&w, sr->verified);
			if (sr->unverified) {
				/* unverified secondary data (supplier: {pact: PATH}); absent for bundles, so that
				 * older results keep their bytes */
				w_str_or_null(&w, "source", sr->method_id ? sr->method_id : "pact");
			}
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_array(&w);
	}

	pcfi_jsonw_key(&w, "warnings");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < r->nwarnings; i++)
		pcfi_jsonw_string(&w, r->warnings[i]);
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	free(sorted);
	if (pcfi_jsonw_finish(&w, out, len) != PCF_OK)
		return pcfi_error(err, PCF_E_INTERNAL, "result JSON could not be written (a non-finite number?)");
	return PCF_OK;
}

/* ---- accessors ---- */

#define S(x) ((x) ? (x) : "")
const char *pcf_result_method_id(const pcf_result *r) { return S(r->method_id); }
const char *pcf_result_method_version(const pcf_result *r) { return S(r->method_version); }
const char *pcf_result_product_id(const pcf_result *r) { return S(r->product_id); }
const char *pcf_result_product_name(const pcf_result *r) { return S(r->product_name); }
double pcf_result_declared_amount(const pcf_result *r) { return r->declared_amount; }
const char *pcf_result_declared_unit(const pcf_result *r) { return S(r->declared_unit); }
const char *pcf_result_boundary(const pcf_result *r) { return S(r->boundary); }
const char *pcf_result_gwp_set(const pcf_result *r) { return S(r->gwp_set); }
double pcf_result_total(const pcf_result *r) { return r->total; }
const char *pcf_result_unit(const pcf_result *r) { return S(r->unit); }
double pcf_result_primary_share(const pcf_result *r) { return r->primary_share; }
double pcf_result_cutoff_share(const pcf_result *r) { return r->cutoff_share; }
const char *pcf_result_allocation(const pcf_result *r) { return S(r->allocation); }
const char *pcf_result_inventory_sha256(const pcf_result *r) { return r->sha256; }
size_t pcf_result_factor_count(const pcf_result *r) { return r->nfactors; }
size_t pcf_result_warning_count(const pcf_result *r) { return r->nwarnings; }

const char *pcf_result_warning(const pcf_result *r, size_t i)
{
	return i < r->nwarnings ? r->warnings[i] : NULL;
}

double pcf_result_figure(const pcf_result *r, const char *name)
{
	size_t i;

	for (i = 0; name && i < NFIG; i++)
		if (!strcmp(figure_names[i], name))
			return r->fig_set[i] ? r->fig[i] : NAN;
	for (i = 0; name && i < r->extra.n; i++)
		if (!strcmp(r->extra.v[i].name, name))
			return r->extra.v[i].value;
	return NAN;
}

static const lines *list_of(const pcf_result *r, int list)
{
	switch (list) {
	case PCF_RESULT_STAGES:
		return &r->stages;
	case PCF_RESULT_GASES:
		return &r->gases;
	case PCF_RESULT_PROCESSES:
		return &r->processes;
	case PCF_RESULT_FIGURES:
		return &r->extra;
	default:
		return NULL;
	}
}

size_t pcf_result_count(const pcf_result *r, int list)
{
	const lines *l = list_of(r, list);
	return l ? l->n : 0;
}

pcf_status pcf_result_item(const pcf_result *r, int list, size_t i, const char **name, double *value, double *share)
{
	const lines *l = list_of(r, list);

	if (!l || i >= l->n)
		return PCF_E_NOTFOUND;
	if (name)
		*name = l->v[i].name;
	if (value)
		*value = l->v[i].value;
	if (share)
		*share = list == PCF_RESULT_FIGURES ? NAN : l->v[i].share;
	return PCF_OK;
}

/* Internal: the fields host->result_item needs beyond the public accessor. */
pcf_status pcfi_result_item_ext(const pcf_result *r, int list, size_t i, double *mass, size_t *index)
{
	const lines *l = list_of(r, list);

	if (!l || i >= l->n)
		return PCF_E_NOTFOUND;
	*mass = l->v[i].mass;
	*index = l->v[i].index;
	return PCF_OK;
}

pcf_status pcf_result_factor(const pcf_result *r, size_t i, const char **id, const char **source)
{
	if (i >= r->nfactors)
		return PCF_E_NOTFOUND;
	if (id)
		*id = r->factors[i].id;
	if (source)
		*source = S(r->factors[i].source);
	return PCF_OK;
}

/* ---- the table for people ---- */

static void fmt_num(char *buf, size_t len, double v)
{
	double a = fabs(v);

	if (v == 0)
		snprintf(buf, len, "0");
	else if (a >= 1e9 || a < 1e-4)
		snprintf(buf, len, "%.3e", v);
	else if (a >= 1000)
		snprintf(buf, len, "%.1f", v);
	else
		snprintf(buf, len, "%.4f", v);
}

static void fmt_share(char *buf, size_t len, double s)
{
	if (isnan(s))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100 * s);
}

static size_t max_name(const lines *l, size_t floor)
{
	size_t i, m = floor;

	for (i = 0; i < l->n; i++)
		if (strlen(l->v[i].name) > m)
			m = strlen(l->v[i].name);
	return m > 40 ? 40 : m;
}

static void table_lines(pcfi_buf *b, const char *title, const lines *l, int bars, unsigned width, const char *unit)
{
	size_t i, nw = max_name(l, strlen(title));
	char num[48], sh[16];

	if (!l->n)
		return;
	pcfi_buf_printf(b, "\n%-*s  %14s  %7s\n", (int)nw, title, unit, "share");
	for (i = 0; i < l->n; i++) {
		fmt_num(num, sizeof num, l->v[i].value);
		fmt_share(sh, sizeof sh, l->v[i].share);
		pcfi_buf_printf(b, "%-*.*s  %14s  %7s", (int)nw, (int)nw, l->v[i].name, num, sh);
		if (bars && !isnan(l->v[i].share)) {
			long room = (long)width - (long)nw - 2 - 14 - 2 - 7 - 2;
			double s = l->v[i].share < 0 ? 0 : l->v[i].share > 1 ? 1 : l->v[i].share;
			long k, n;
			if (room > 40)
				room = 40;
			n = room > 0 ? (long)(s * (double)room + 0.5) : 0;
			if (n > 0)
				pcfi_buf_puts(b, "  ");
			for (k = 0; k < n; k++)
				pcfi_buf_putc(b, '#');
		}
		pcfi_buf_putc(b, '\n');
	}
}

#define TABLE_PROCESSES 15

static int cmp_abs_desc(const void *a, const void *b)
{
	const line *x = *(const line *const *)a, *y = *(const line *const *)b;
	double fx = fabs(x->value), fy = fabs(y->value);

	if (fx != fy)
		return fx > fy ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The largest contributors first, at most TABLE_PROCESSES of them, the rest summed on one line. */
static pcf_status table_processes(pcfi_buf *b, const pcf_result *r, unsigned width)
{
	const line **v;
	lines shown;
	size_t i, n = r->processes.n, k = n > TABLE_PROCESSES ? TABLE_PROCESSES : n;
	double rest = 0;
	char num[48];

	if (!n)
		return PCF_OK;
	memset(&shown, 0, sizeof shown);
	if (!(v = malloc(n * sizeof *v)) || !(shown.v = malloc(k * sizeof *shown.v))) {
		free(v);
		return PCF_E_NOMEM;
	}
	for (i = 0; i < n; i++)
		v[i] = &r->processes.v[i];
	qsort(v, n, sizeof *v, cmp_abs_desc);
	for (i = 0; i < k; i++)
		shown.v[i] = *v[i];
	shown.n = k;
	table_lines(b, "process", &shown, 0, width, S(r->unit));
	for (i = k; i < n; i++)
		rest += v[i]->value;
	if (n > k) {
		fmt_num(num, sizeof num, rest);
		pcfi_buf_printf(b, "(%zu more processes, together %s %s)\n", n - k, num, S(r->unit));
	}
	free(shown.v);
	free(v);
	return PCF_OK;
}

pcf_status pcf_result_table(const pcf_result *r, unsigned width, char **out, size_t *len, pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;
	char num[48], amt[48];
	size_t i;
	static const char *const fig_label[] = { "fossil", "biogenic emissions", "biogenic removals",
	                                         "direct land-use change", "aircraft" };

	if (!r || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_result_table: NULL argument");
	if (!width)
		width = 80;
	pcfi_format_double(isnan(r->declared_amount) ? 0 : r->declared_amount, amt, sizeof amt);
	pcfi_buf_printf(&b, "%-26s %s%s%s\n", "product", S(r->product_id), r->product_name ? "  " : "", S(r->product_name));
	pcfi_buf_printf(&b, "%-26s %s %s\n", "declared unit", amt, S(r->declared_unit));
	pcfi_buf_printf(&b, "%-26s %s %s (%s)\n", "methodology", S(r->method_id), S(r->method_version), S(r->method_standard));
	for (i = 0; i < r->params.n; i++)
		pcfi_buf_printf(&b, "%-26s %s=%s\n", i ? "" : "parameters", r->params.v[i].name, r->params.v[i].label);
	pcfi_buf_printf(&b, "%-26s %s\n", "boundary", S(r->boundary));
	pcfi_buf_printf(&b, "%-26s %s\n", "GWP set", S(r->gwp_set));
	fmt_num(num, sizeof num, r->total);
	pcfi_buf_printf(&b, "\n%-26s %s %s per %s %s\n", "total", num, S(r->unit), amt, S(r->declared_unit));
	for (i = 0; i < NFIG; i++) {
		fmt_num(num, sizeof num, r->fig[i]);
		pcfi_buf_printf(&b, "  %-24s %14s\n", fig_label[i], num);
	}
	for (i = 0; i < r->extra.n; i++) {
		fmt_num(num, sizeof num, r->extra.v[i].value);
		pcfi_buf_printf(&b, "  %-24s %14s\n", r->extra.v[i].name, num);
	}
	fmt_share(num, sizeof num, r->primary_share);
	pcfi_buf_printf(&b, "%-26s %s\n", "primary data", num);
	fmt_share(num, sizeof num, r->cutoff_share);
	pcfi_buf_printf(&b, "%-26s %s\n", "cut-off (exempted)", num);
	pcfi_buf_printf(&b, "%-26s %s%s%s\n", "allocation", S(r->allocation), r->allocation_note ? ": " : "",
	                S(r->allocation_note));
	table_lines(&b, "stage", &r->stages, 1, width, S(r->unit));
	table_lines(&b, "gas", &r->gases, 0, width, S(r->unit));
	if (table_processes(&b, r, width) != PCF_OK) {
		pcfi_buf_free(&b);
		return nomem(err);
	}
	if (r->nfactors) {
		pcfi_buf_printf(&b, "\nfactors\n");
		for (i = 0; i < r->nfactors; i++)
			pcfi_buf_printf(&b, "  %s: %s\n", r->factors[i].id, S(r->factors[i].source));
	}
	if (r->nwarnings) {
		pcfi_buf_printf(&b, "\nwarnings\n");
		for (i = 0; i < r->nwarnings; i++)
			pcfi_buf_printf(&b, "  %s\n", r->warnings[i]);
	}
	if (b.oom) {
		pcfi_buf_free(&b);
		return nomem(err);
	}
	*out = pcfi_buf_steal(&b, len);
	return PCF_OK;
}
