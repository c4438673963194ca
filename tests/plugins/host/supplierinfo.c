/*
 * supplierinfo.c - a test plugin for the supplier services of plugin ABI 1.2 (tests/cli/supplier-info.sh).
 * Its export "supplier-info" writes, for every input of kind PCF_FROM_SUPPLIER, what host->supplier_info
 * returns, and every life-cycle inventory flow of origin PCF_FROM_SUPPLIER (gas, amount, category,
 * removal, primary share), so that the test compares them with the supplier's certificate and the
 * arithmetic worked out by hand. compute() is trivial: total 0 kg CO2e.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

static pcf_status compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_status st;

	if ((st = h->set_total(ctx, 0, "kg CO2e")) != PCF_OK || (st = h->set_gwp_set(ctx, "AR6")) != PCF_OK ||
	    (st = h->set_figure(ctx, "fossil", 0)) != PCF_OK || (st = h->set_figure(ctx, "biogenic-emissions", 0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "biogenic-removals", 0)) != PCF_OK || (st = h->set_figure(ctx, "dluc", 0)) != PCF_OK ||
	    (st = h->set_figure(ctx, "aircraft", 0)) != PCF_OK || (st = h->set_primary_share(ctx, 0)) != PCF_OK ||
	    (st = h->set_allocation(ctx, "none", NULL)) != PCF_OK)
		return st;
	return PCF_OK;
}

static void num(const pcf_host *h, pcf_jw *w, const char *key, double v)
{
	h->jw_key(w, key);
	if (isnan(v))
		h->jw_null(w);
	else
		h->jw_number(w, v);
}

static void str(const pcf_host *h, pcf_jw *w, const char *key, const char *v)
{
	h->jw_key(w, key);
	h->jw_string(w, v);
}

static const pcf_format_spec f_info = { PCF_ABI_INIT(f_info), "supplier-info", "application/json", "json",
	                                "what supplier_info and the supplier flows of the LCI say" };
static const pcf_format_spec *const formats[] = { &f_info, NULL };

static pcf_status export_info(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *len)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };
	pcf_status st;
	pcf_jw *w;
	size_t i, k, n;
	double *supply;

	(void)format;
	if ((st = h->product(ctx, &prod)) != PCF_OK)
		return st;
	w = h->jw_new(ctx);
	h->jw_begin_object(w);
	h->jw_key(w, "suppliers");
	h->jw_begin_array(w);
	for (i = 0; i < prod.process_count; i++) {
		pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			goto fail;
		for (k = 0; k < p.input_count; k++) {
			pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
			pcf_supplier_info s = { .abi = PCF_ABI_INIT(s) };
			if ((st = h->input(ctx, i, k, &in)) != PCF_OK)
				goto fail;
			if (in.kind != PCF_FROM_SUPPLIER)
				continue;
			if ((st = h->supplier_info(ctx, i, k, &s)) != PCF_OK)
				goto fail;
			h->jw_begin_object(w);
			str(h, w, "process", p.id);
			str(h, w, "ref", s.ref);
			str(h, w, "sha256", s.sha256);
			str(h, w, "certificate-id", s.certificate_id);
			str(h, w, "body", s.body_name);
			str(h, w, "body-organisation", s.body_org);
			str(h, w, "methodology", s.methodology_id);
			str(h, w, "methodology-version", s.methodology_version);
			str(h, w, "product-id", s.product_id);
			str(h, w, "product-name", s.product_name);
			num(h, w, "declared-amount", s.declared_amount);
			str(h, w, "declared-unit", s.declared_unit);
			str(h, w, "gwp-set", s.gwp_set);
			num(h, w, "total", s.total);
			num(h, w, "fossil", s.fossil);
			num(h, w, "biogenic-emissions", s.biogenic_emissions);
			num(h, w, "biogenic-removals", s.biogenic_removals);
			num(h, w, "dluc", s.dluc);
			num(h, w, "aircraft", s.aircraft);
			num(h, w, "primary-share", s.primary_share);
			num(h, w, "dq-technological", s.dq_technological);
			num(h, w, "dq-temporal", s.dq_temporal);
			num(h, w, "dq-geographical", s.dq_geographical);
			num(h, w, "dq-completeness", s.dq_completeness);
			num(h, w, "dq-reliability", s.dq_reliability);
			h->jw_key(w, "verified");
			h->jw_bool(w, !!(s.flags & PCF_SUPPLIER_FLAG_VERIFIED));
			num(h, w, "units", s.units);
			num(h, w, "input-converted", in.converted);
			h->jw_end_object(w);
		}
	}
	h->jw_end_array(w);
	/* the supplier flows of the LCI for the solved supply */
	n = prod.process_count;
	if (!(supply = calloc(n ? n : 1, sizeof *supply))) {
		h->jw_free(w);
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	}
	if ((st = h->solve(ctx, NULL, supply, n)) != PCF_OK || (st = h->lci(ctx, supply, NULL, n)) != PCF_OK) {
		free(supply);
		goto fail;
	}
	free(supply);
	h->jw_key(w, "flows");
	h->jw_begin_array(w);
	for (i = 0; i < h->lci_count(ctx); i++) {
		pcf_flow_info f = { .abi = PCF_ABI_INIT(f) };
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK)
			goto fail;
		if (f.origin != PCF_FROM_SUPPLIER)
			continue;
		h->jw_begin_object(w);
		str(h, w, "gas", f.gas);
		num(h, w, "amount", f.amount);
		h->jw_key(w, "category");
		h->jw_int(w, f.category);
		h->jw_key(w, "removal");
		h->jw_bool(w, f.removal);
		h->jw_key(w, "factor-null");
		h->jw_bool(w, f.factor == NULL);
		num(h, w, "primary-share", f.primary_share);
		h->jw_end_object(w);
	}
	h->jw_end_array(w);
	h->jw_end_object(w);
	return h->jw_finish(w, out, len);
fail:
	h->jw_free(w);
	return st;
}

static const pcf_plugin plugin = {
	PCF_ABI_INIT(plugin),
	"supplierinfo", "1.0.0", "Shows the supplier services of plugin ABI 1.2", "none", "none", "Apache-2.0",
	"Test plugin: its export writes what supplier_info and the supplier flows of the LCI say.",
	NULL, formats, compute, export_info,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR || host->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &plugin;
	return PCF_OK;
}
