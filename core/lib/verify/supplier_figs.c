/*
 * supplier_figs.c - a supplier's figures read from its bundle's parsed manifest and result.json
 * (supplier_impl.h): used by the issuer's supplier policy (supplier.c) and by the verifier's
 * supplier trees (verify.c).
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "verify/supplier_impl.h"

void pcfi_supplier_figs_free(pcfi_supplier_figs *f)
{
	free(f->strings);
	memset(f, 0, sizeof *f);
}

/* Number member key of obj, NaN when absent or not a number. */
static double num(json_t *obj, const char *key)
{
	json_t *j = json_object_get(obj, key);
	return json_is_number(j) ? json_number_value(j) : NAN;
}

static const char *str(json_t *obj, const char *key)
{
	json_t *j = json_object_get(obj, key);
	return json_is_string(j) ? json_string_value(j) : NULL;
}

/* Copy the n strings src[] into one block owned by f, setting dst[] to the copies. */
int pcfi_supplier_figs_keep(pcfi_supplier_figs *f, const char *const *src, const char **dst[], size_t n)
{
	size_t i, total = 0;
	char *p;

	for (i = 0; i < n; i++)
		total += src[i] ? strlen(src[i]) + 1 : 0;
	if (!(f->strings = malloc(total ? total : 1)))
		return -1;
	p = f->strings;
	for (i = 0; i < n; i++) {
		if (!src[i]) {
			*dst[i] = NULL;
			continue;
		}
		size_t l = strlen(src[i]) + 1;
		memcpy(p, src[i], l);
		*dst[i] = p;
		p += l;
	}
	return 0;
}

pcf_status pcfi_supplier_figs_read(const pcfi_vfy_manifest *m, const pcf_bundle_view *view, const unsigned char sha[32],
                                   unsigned flags, pcfi_supplier_figs *out, pcf_error *err)
{
	long ri = pcf_bundle_view_find(view, "result.json");
	const unsigned char *rd;
	size_t rl = 0;
	json_t *root, *fp;
	json_error_t je;
	pcf_supplier *s = &out->s;
	char hex[65];

	memset(out, 0, sizeof *out);
	if (ri < 0)
		return pcfi_error(err, PCF_E_INVALID, "it has no result.json");
	rd = pcf_bundle_view_data(view, (size_t)ri, &rl);
	if (!(root = json_loadb((const char *)rd, rl, JSON_REJECT_DUPLICATES, &je)))
		return pcfi_error(err, PCF_E_INVALID, "its result.json is not JSON: %s", je.text);
	fp = json_object_get(root, "footprint");
	if (!json_is_object(fp)) {
		json_decref(root);
		return pcfi_error(err, PCF_E_INVALID, "its result.json has no footprint");
	}
	if (!m->unit || strcmp(m->unit, "kg CO2e")) {
		pcf_status st = pcfi_error(err, PCF_E_UNIT, "its footprint is in %s; a supplier's must be in kg CO2e",
		                           m->unit ? m->unit : "no unit");
		json_decref(root);
		return st;
	}
	s->declared_amount = m->declared_amount;
	s->total = num(fp, "total");
	s->fossil = num(fp, "fossil");
	s->biogenic_emissions = num(fp, "biogenic-emissions");
	s->biogenic_removals = num(fp, "biogenic-removals");
	s->dluc = num(fp, "dluc");
	s->aircraft = num(fp, "aircraft");
	s->primary_share = num(fp, "primary-data-share");
	s->dq_technological = s->dq_temporal = s->dq_geographical = s->dq_completeness = s->dq_reliability = NAN;
	s->flags = flags;
	/* a part the supplier's methodology does not report (null) enters the product's LCI as 0 */
	if (!isfinite(s->total)) {
		json_decref(root);
		return pcfi_error(err, PCF_E_INVALID, "its result.json has no finite footprint total");
	}
	pcfi_hex_encode(sha, 32, hex);
	{
		const char *src[] = { hex, m->certificate_id, m->issuer_name, m->issuer_org, m->method_id, m->method_version,
		                      m->product_id, m->product_name, m->declared_unit, str(fp, "gwp-set") };
		const char **dst[] = { &s->sha256, &s->certificate_id, &s->body_name, &s->body_org, &s->methodology_id,
		                       &s->methodology_version, &s->product_id, &s->product_name, &s->declared_unit,
		                       &s->gwp_set };
		int r = pcfi_supplier_figs_keep(out, src, dst, sizeof src / sizeof *src);
		json_decref(root);
		if (r)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	return PCF_OK;
}


void pcfi_supplier_figs_quality(pcfi_supplier_figs *f, const pcf_bundle_view *view, const pcf_factor_lib *factors)
{
	long ii = pcf_bundle_view_find(view, "inventory.yaml");
	const unsigned char *d;
	size_t len = 0;
	pcf_inventory *inv = NULL;
	const pcf_process *p;

	if (ii < 0)
		return;
	d = pcf_bundle_view_data(view, (size_t)ii, &len);
	/* its own supplier inputs are not resolved here: their figures are not needed for its quality */
	if (pcf_inventory_parse("inventory.yaml", d, len, factors, NULL, &inv, NULL, NULL) != PCF_OK)
		return;
	p = pcf_inventory_process(inv, pcf_inventory_product(inv)->reference_process);
	if (p) {
		/* 0 in the model means "not rated" */
		f->s.dq_technological = p->quality.technological > 0 ? p->quality.technological : NAN;
		f->s.dq_temporal = p->quality.temporal > 0 ? p->quality.temporal : NAN;
		f->s.dq_geographical = p->quality.geographical > 0 ? p->quality.geographical : NAN;
		f->s.dq_completeness = p->quality.completeness > 0 ? p->quality.completeness : NAN;
		f->s.dq_reliability = p->quality.reliability > 0 ? p->quality.reliability : NAN;
	}
	pcf_inventory_free(inv);
}
