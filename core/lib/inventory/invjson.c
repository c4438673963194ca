/*
 * invjson.c - JSON renderings for the CLI of the inventory area: factor listings and validation
 * reports (the CLI links only the public libpcf, so they live here, on the deterministic writer).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <pcf/factors.h>
#include <pcf/inventory.h>

#include "base/jsonw.h"

static void opt_string(pcfi_jsonw *w, const char *key, const char *s)
{
	if (s) {
		pcfi_jsonw_key(w, key);
		pcfi_jsonw_string(w, s);
	}
}

static void write_factor(pcfi_jsonw *w, const pcf_factor *f)
{
	size_t i;

	pcfi_jsonw_begin_object(w);
	opt_string(w, "id", f->id);
	opt_string(w, "name", f->name);
	if (!isnan(f->value)) {
		pcfi_jsonw_key(w, "value");
		pcfi_jsonw_number(w, f->value);
	}
	opt_string(w, "unit", f->unit);
	pcfi_jsonw_key(w, "gases");
	pcfi_jsonw_begin_object(w);
	for (i = 0; i < f->n_gases; i++) {
		pcfi_jsonw_key(w, f->gases[i].gas);
		pcfi_jsonw_number(w, f->gases[i].amount);
	}
	pcfi_jsonw_end_object(w);
	opt_string(w, "gwp-set", f->gwp_set);
	opt_string(w, "region", f->region);
	if (f->year) {
		pcfi_jsonw_key(w, "year");
		pcfi_jsonw_int(w, f->year);
	}
	opt_string(w, "source", f->source);
	opt_string(w, "url", f->url);
	opt_string(w, "licence", f->licence);
	opt_string(w, "notes", f->notes);
	opt_string(w, "library", f->library);
	pcfi_jsonw_end_object(w);
}

pcf_status pcf_factors_json(const pcf_factor *const *factors, size_t n, int as_array, char **out, size_t *len,
                            pcf_error *err)
{
	pcfi_jsonw w;
	pcf_status st;
	size_t i;

	if (!out || !len || (!factors && n) || (!as_array && n != 1))
		return pcfi_error(err, PCF_E_ARG, "pcf_factors_json: bad arguments");
	pcfi_jsonw_init(&w);
	if (as_array)
		pcfi_jsonw_begin_array(&w);
	for (i = 0; i < n; i++)
		write_factor(&w, factors[i]);
	if (as_array)
		pcfi_jsonw_end_array(&w);
	st = pcfi_jsonw_finish(&w, out, len);
	return st ? pcfi_error(err, st, "cannot write the factors as JSON") : PCF_OK;
}

pcf_status pcf_validation_json(const char *const *files, const pcf_diag *const *diags, size_t n, char **out,
                               size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	pcf_status st;
	size_t i, j, bad = 0;

	if (!out || !len || (!files && n))
		return pcfi_error(err, PCF_E_ARG, "pcf_validation_json: bad arguments");
	for (i = 0; i < n; i++)
		if (diags && pcf_diag_count(diags[i]))
			bad++;
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "valid");
	pcfi_jsonw_bool(&w, bad == 0);
	pcfi_jsonw_key(&w, "files");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < n; i++) {
		const pcf_diag *d = diags ? diags[i] : NULL;
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "file");
		pcfi_jsonw_string(&w, files[i]);
		pcfi_jsonw_key(&w, "valid");
		pcfi_jsonw_bool(&w, pcf_diag_count(d) == 0);
		pcfi_jsonw_key(&w, "errors");
		pcfi_jsonw_begin_array(&w);
		for (j = 0; j < pcf_diag_count(d); j++) {
			const pcf_error *e = pcf_diag_get(d, j);
			pcfi_jsonw_begin_object(&w);
			pcfi_jsonw_key(&w, "file");
			pcfi_jsonw_string(&w, e->file);
			pcfi_jsonw_key(&w, "line");
			pcfi_jsonw_uint(&w, e->line);
			pcfi_jsonw_key(&w, "column");
			pcfi_jsonw_uint(&w, e->column);
			pcfi_jsonw_key(&w, "path");
			pcfi_jsonw_string(&w, e->path);
			pcfi_jsonw_key(&w, "status");
			pcfi_jsonw_string(&w, pcf_status_str(e->status));
			pcfi_jsonw_key(&w, "message");
			pcfi_jsonw_string(&w, e->message);
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_array(&w);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	st = pcfi_jsonw_finish(&w, out, len);
	return st ? pcfi_error(err, st, "cannot write the validation report as JSON") : PCF_OK;
}
