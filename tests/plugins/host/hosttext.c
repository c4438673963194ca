/*
 * hosttext.c - test plugins for the host services of plugin ABI 1.1 (tests/cli/methods-host.sh).
 *
 * Built twice (tests/methods-trade.mk):
 *   hosttext  (ABI 1.1) its export "host-text" runs the 1.1 services (string builder, date_check,
 *             date_rfc3339, format_decimal) on the values given as parameters and writes what they
 *             returned, so the test compares them with values worked out by hand;
 *   abi10     (-DOLD_ABI) a descriptor that says ABI 1.0 and calls only 1.0 services: a plugin built
 *             before 1.1 must still load and compute under this host.
 * compute() of both is the same trivial methodology: total 0 kg CO2e (the result model accepts it).
 */
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

#ifndef OLD_ABI
static const pcf_param_spec p_date = { PCF_ABI_INIT(p_date), "date", "any string", "2024-02-28", "date to check" };
static const pcf_param_spec p_days = { PCF_ABI_INIT(p_days), "days", "integer", "1", "days to add" };
static const pcf_param_spec p_num = { PCF_ABI_INIT(p_num), "number", "a C double", "1e-07", "number to format" };
static const pcf_param_spec *const params[] = { &p_date, &p_days, &p_num, NULL };
static const pcf_format_spec f_text = { PCF_ABI_INIT(f_text), "host-text", "application/json", "json",
	                                "what the ABI 1.1 text services return for the parameters" };
static const pcf_format_spec *const formats[] = { &f_text, NULL };

static pcf_status export_text(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *len)
{
	const char *date = h->param(ctx, "date");
	int days = atoi(h->param(ctx, "days"));
	double v = strtod(h->param(ctx, "number"), NULL);
	char dec[PCF_DECIMAL_MAX], inst[32];
	int y = 0, m = 0, d = 0, ok;
	pcf_status st;
	pcf_sb *b = h->sb_new(ctx);
	pcf_jw *w;
	size_t i;

	(void)format;
	ok = h->date_check(date, &y, &m, &d);
	/* the builder: a long string (over its first 256-byte chunk), built in pieces */
	for (i = 0; i < 100; i++)
		h->sb_printf(b, "%zu,", i);
	h->sb_append(b, "end", 3);
	if ((st = h->sb_status(b)) != PCF_OK)
		return st;
	w = h->jw_new(ctx);
	h->jw_begin_object(w);
	h->jw_key(w, "date-check");
	h->jw_bool(w, ok);
	h->jw_key(w, "ymd");
	h->jw_begin_array(w);
	h->jw_int(w, y);
	h->jw_int(w, m);
	h->jw_int(w, d);
	h->jw_end_array(w);
	h->jw_key(w, "rfc3339");
	if (h->date_rfc3339(ctx, date, days, inst, sizeof inst) == PCF_OK)
		h->jw_string(w, inst);
	else
		h->jw_null(w);
	h->jw_key(w, "decimal");
	if ((st = h->format_decimal(ctx, v, dec, sizeof dec)) == PCF_OK)
		h->jw_string(w, dec);
	else
		h->jw_null(w);
	h->jw_key(w, "decimal-short-buffer");
	h->jw_int(w, h->format_decimal(ctx, v, dec, 20));
	h->jw_key(w, "sb-length");
	h->jw_int(w, (int64_t)h->sb_len(b));
	h->jw_key(w, "sb-tail");
	h->jw_string(w, h->sb_str(b) + h->sb_len(b) - 12);
	h->jw_key(w, "host-minor");
	h->jw_int(w, h->abi.minor);
	h->jw_end_object(w);
	h->sb_free(b);
	return h->jw_finish(w, out, len);
}
#endif

static const pcf_plugin plugin = {
#ifdef OLD_ABI
	/* what PCF_ABI_INIT gave before 1.1: this descriptor's layout is unchanged since 1.0 */
	{ 1, 0, sizeof(pcf_plugin) },
	"abi10", "1.0.0", "A plugin built for plugin ABI 1.0", "none", "none", "Apache-2.0",
	"Test plugin: a descriptor of ABI 1.0 that uses only the host services of 1.0, to show that older plugins load.",
	NULL, NULL, compute, NULL,
#else
	PCF_ABI_INIT(plugin),
	"hosttext", "1.0.0", "Exercises the host text services of plugin ABI 1.1", "none", "none", "Apache-2.0",
	"Test plugin: its export runs the string builder, date and plain-decimal services of ABI 1.1 on its parameters.",
	params, formats, compute, export_text,
#endif
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR || host->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &plugin;
	return PCF_OK;
}
