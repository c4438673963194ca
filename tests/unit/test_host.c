/*
 * test_host.c - the host services table as a plugin sees it: info structs filled only as far as the
 * plugin's declared size (append-only ABI), rule errors with the entry's position, units, GWP, factors,
 * the allocation-aware solver and LCI, the builder closed during exports, misuse reported not crashed.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/compute.h>
#include <pcf/factors.h>
#include <pcf/plugin.h>

#include "base/fsutil.h"
#include "plugin/plugin_impl.h"
#include "tap.h"

static const pcf_host *h = &pcfi_host;
static pcf_factor_lib *lib;
static pcf_inventory *inv;
static pcf_ctx ctx;

static void load(const char *path)
{
	char *d;
	size_t n;
	pcf_error e;

	ck_assert_int_eq(pcfi_read_file(path, 1u << 20, &d, &n, NULL), PCF_OK);
	ck_assert_msg(pcf_inventory_parse(strrchr(path, '/') + 1, d, n, lib, NULL, &inv, NULL, &e) == PCF_OK, "%s", e.message);
	free(d);
	memset(&ctx, 0, sizeof ctx);
	ctx.inv = inv;
	ctx.factors = lib;
	ctx.result = pcfi_result_new();
}

static void setup(void)
{
	setenv("PCF_DATA_DIR", TEST_SRCDIR "/data", 1);
	ck_assert_int_eq(pcf_factor_lib_new(&lib, NULL), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_load_default(lib, NULL, NULL), PCF_OK);
	load(TEST_SRCDIR "/data/check/examples/coproduct.yaml");
}

static void teardown(void)
{
	pcf_result_free(ctx.result);
	pcfi_ctx_cleanup(&ctx);
	pcf_inventory_free(inv);
	pcf_factor_lib_free(lib);
}

START_TEST(info_filled_within_declared_size)
{
	pcf_process_info p;
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };

	/* an "older" plugin that only knows the fields up to unit */
	memset(&p, 0x5a, sizeof p);
	p.abi.major = PCF_PLUGIN_ABI_MAJOR;
	p.abi.minor = 0;
	p.abi.size = offsetof(pcf_process_info, mass);
	ck_assert_int_eq(h->process(&ctx, 1, &p), PCF_OK);
	ck_assert_str_eq(p.id, "cheesemaking");
	ck_assert_str_eq(p.stage, "production");
	ck_assert(p.amount == 1);
	ck_assert_str_eq(p.unit, "kg");
	{
		unsigned char *c = (unsigned char *)&p + offsetof(pcf_process_info, mass);
		size_t i;
		for (i = 0; i < sizeof p - offsetof(pcf_process_info, mass); i++)
			ck_assert_uint_eq(c[i], 0x5a);   /* nothing written past the declared size */
	}
	ck_assert_uint_eq(p.abi.size, offsetof(pcf_process_info, mass));
	/* the current size gets everything */
	{
		pcf_process_info q = { .abi = PCF_ABI_INIT(q) };
		ck_assert_int_eq(h->process(&ctx, 1, &q), PCF_OK);
		ck_assert(q.mass == 1);
		ck_assert(q.value == 8);
		ck_assert_str_eq(q.currency, "EUR");
		ck_assert_int_eq(q.primary, 1);
		ck_assert(isnan(q.dq_reliability));
		ck_assert_uint_eq(q.input_count, 2);
		ck_assert_uint_eq(q.coproduct_count, 1);
	}
	ck_assert_int_eq(h->product(&ctx, &prod), PCF_OK);
	ck_assert_str_eq(prod.id, "urn:example:cheese");
	ck_assert_str_eq(prod.boundary, "cradle-to-gate");
	ck_assert_uint_eq(prod.process_count, 2);
	ck_assert_uint_eq(prod.reference_process, 1);
	ck_assert(isnan(prod.mass_per_unit));
	ck_assert_str_eq(prod.country, "FR");
}
END_TEST

START_TEST(bad_abi_header_is_refused)
{
	pcf_process_info p;

	memset(&p, 0, sizeof p);   /* the plugin forgot PCF_ABI_INIT */
	ck_assert_int_eq(h->process(&ctx, 0, &p), PCF_E_ARG);
	ck_assert(ctx.svc_err_set);
	ck_assert_ptr_nonnull(strstr(ctx.svc_err.message, "set abi with PCF_ABI_INIT"));
	{
		pcf_process_info q = { .abi = PCF_ABI_INIT(q) };
		ck_assert_int_eq(h->process(&ctx, 99, &q), PCF_E_ARG);
		ck_assert_str_eq(ctx.svc_err.message, "process: no process 99 (the inventory has 2)");
		ck_assert_int_eq(h->input(&ctx, 0, 5, NULL), PCF_E_ARG);
	}
}
END_TEST

START_TEST(inputs_emissions_coproducts)
{
	pcf_input_info in = { .abi = PCF_ABI_INIT(in) };
	pcf_emission_info em = { .abi = PCF_ABI_INIT(em) };
	pcf_coproduct_info co = { .abi = PCF_ABI_INIT(co) };
	pcf_factor_info fi = { .abi = PCF_ABI_INIT(fi) };
	const char *gas;
	double v;
	size_t idx;

	ck_assert_int_eq(h->input(&ctx, 1, 0, &in), PCF_OK);
	ck_assert_int_eq(in.kind, PCF_FROM_PROCESS);
	ck_assert_uint_eq(in.process, 0);
	ck_assert(in.converted == 10);
	ck_assert_int_eq(h->input(&ctx, 1, 1, &in), PCF_OK);
	ck_assert_int_eq(in.kind, PCF_FROM_FACTOR);
	ck_assert_int_eq(h->factor_info(&ctx, in.factor, &fi), PCF_OK);
	ck_assert_str_eq(fi.id, "ipcc2006-natural-gas-tj");
	ck_assert_str_eq(fi.per, "TJ");
	ck_assert_uint_eq(fi.gas_count, 3);
	ck_assert_int_eq(h->factor_gas(&ctx, in.factor, 0, &gas, &v), PCF_OK);
	ck_assert_str_eq(gas, "co2-fossil");
	ck_assert_int_eq(h->factor_gas(&ctx, in.factor, 3, &gas, &v), PCF_E_ARG);
	ck_assert_int_eq(h->factor_co2e(&ctx, in.factor, "AR6", &v), PCF_OK);
	ck_assert(fabs(v - (56100 + 1 * 29.8 + 0.1 * 273)) < 1e-9);
	ck_assert_int_eq(h->emission(&ctx, 0, 0, &em), PCF_OK);
	ck_assert_str_eq(em.gas, "ch4-non-fossil");
	ck_assert(fabs(em.amount - 0.02) < 1e-15);
	ck_assert_int_eq(h->coproduct(&ctx, 1, 0, &co), PCF_OK);
	ck_assert_str_eq(co.name, "whey");
	ck_assert(co.mass == 9 && co.value == 2);
	ck_assert_int_eq(h->process_find(&ctx, "milk", &idx), PCF_OK);
	ck_assert_uint_eq(idx, 0);
	ck_assert_int_eq(h->process_find(&ctx, "nope", &idx), PCF_E_NOTFOUND);
	ck_assert_int_eq(h->factor_find(&ctx, "cn-grid-2022", &in.factor), PCF_OK);
	ck_assert_int_eq(h->factor_find(&ctx, "no-such-factor", &in.factor), PCF_E_NOTFOUND);
}
END_TEST

START_TEST(units_and_gwp)
{
	double v;
	pcf_gwp_set_info gi = { .abi = PCF_ABI_INIT(gi) };

	ck_assert_int_eq(h->convert(&ctx, 1, "kWh", "MJ", &v), PCF_OK);
	ck_assert(v == 3.6);
	ck_assert_int_eq(h->convert(&ctx, 1, "kg", "kWh", &v), PCF_E_UNIT);
	ck_assert_ptr_nonnull(strstr(ctx.svc_err.message, "kg"));
	ck_assert_int_eq(h->gwp(&ctx, "AR6", "ch4-fossil", &v), PCF_OK);
	ck_assert(v == 29.8);
	ck_assert_int_eq(h->gwp(&ctx, "AR5", "n2o", &v), PCF_OK);
	ck_assert(v == 265);
	ck_assert_int_eq(h->gwp(&ctx, "AR7", "n2o", &v), PCF_E_NOTFOUND);
	ck_assert_str_eq(ctx.svc_err.message, "unknown GWP set 'AR7' (known: AR4, AR5, AR6)");
	ck_assert_int_eq(h->gwp_set_info(&ctx, "ar6", &gi), PCF_OK);
	ck_assert_str_eq(gi.name, "AR6");
	ck_assert_int_eq(gi.horizon, 100);
}
END_TEST

START_TEST(solve_and_lci_with_allocation)
{
	double supply[2], scale[2] = { 1, 0.1 };
	size_t i;
	double milk = 0;

	ck_assert_int_eq(h->solve(&ctx, NULL, supply, 2), PCF_OK);
	ck_assert(supply[0] == 10 && supply[1] == 1);
	/* 10 % of cheesemaking's inputs: 1 kg of milk instead of 10 */
	ck_assert_int_eq(h->solve(&ctx, scale, supply, 2), PCF_OK);
	ck_assert(fabs(supply[0] - 1) < 1e-12 && supply[1] == 1);
	ck_assert_int_eq(h->lci(&ctx, supply, scale, 2), PCF_OK);
	for (i = 0; i < h->lci_count(&ctx); i++) {
		pcf_flow_info f = { .abi = PCF_ABI_INIT(f) };
		ck_assert_int_eq(h->lci_flow(&ctx, i, &f), PCF_OK);
		if (f.process == 0 && !strcmp(f.gas, "co2-fossil"))
			milk = f.amount;
		if (f.process == 1)   /* cheesemaking's own gas, scaled by 0.1 */
			ck_assert_int_eq(f.origin, PCF_FROM_FACTOR);
	}
	ck_assert(fabs(milk - 0.1) < 1e-12);
	scale[0] = NAN;
	ck_assert_int_eq(h->solve(&ctx, scale, supply, 2), PCF_E_ARG);
	ck_assert_ptr_nonnull(strstr(ctx.svc_err.message, "scale[0] of process 'milk' is nan"));
	ck_assert_int_eq(h->solve(&ctx, NULL, supply, 1), PCF_E_ARG);
	ck_assert_int_eq(h->lci_flow(&ctx, 999, NULL), PCF_E_ARG);
}
END_TEST

START_TEST(rule_error_positions)
{
	char buf[2048];

	ck_assert_int_eq(h->rule_error(&ctx, "allocation-data", "ISO 14044 4.3.4.2", 1, "co-products[0]", "no %s", "price"),
	                 PCF_E_RULE);
	pcf_error_format(&ctx.err, buf, sizeof buf);
	ck_assert_str_eq(buf, "coproduct.yaml:32:9: processes[1].co-products[0]: process 'cheesemaking': no price "
	                      "[rule allocation-data, ISO 14044 4.3.4.2]");
	/* only the first error counts */
	ck_assert_int_eq(h->error(&ctx, PCF_E_INVALID, "later"), PCF_E_INVALID);
	ck_assert_str_eq(ctx.err.message, "process 'cheesemaking': no price [rule allocation-data, ISO 14044 4.3.4.2]");
	ctx.err_set = 0;
	ck_assert_int_eq(h->rule_error(&ctx, "x", NULL, 0, "inputs[7]", "out of range index"), PCF_E_RULE);
	ck_assert_uint_eq(ctx.err.line, pcf_inventory_process(inv, 0)->pos.line);   /* falls back to the process */
	ctx.err_set = 0;
	ck_assert_int_eq(h->rule_error(&ctx, "y", "c", PCF_NO_PROCESS, "product", "top"), PCF_E_RULE);
	pcf_error_format(&ctx.err, buf, sizeof buf);
	ck_assert_str_eq(buf, "coproduct.yaml:7:3: product: top [rule y, c]");
	ctx.err_set = 0;
	ck_assert_int_eq(h->error(&ctx, PCF_OK, "an error with status ok"), PCF_E_PLUGIN);
}
END_TEST

START_TEST(builder_closed_during_export)
{
	ctx.exporting = 1;
	ck_assert_int_eq(h->set_total(&ctx, 1, "kg CO2e"), PCF_E_ARG);
	ck_assert_str_eq(ctx.svc_err.message, "set_total: the result can only be built during compute");
	ctx.exporting = 0;
	ck_assert_int_eq(h->set_gwp_set(&ctx, "AR9"), PCF_E_NOTFOUND);
	ck_assert_int_eq(h->set_gwp_set(&ctx, "ar6"), PCF_OK);
	ck_assert_int_eq(h->add_process(&ctx, 5, 1), PCF_E_ARG);
	ck_assert_int_eq(h->warn(&ctx, "w %d", 1), PCF_OK);
}
END_TEST

START_TEST(co2e_factor_in_another_set_warns)
{
	const pcf_factor *f = NULL;
	double v;
	size_t i;

	pcf_result_free(ctx.result);
	pcfi_ctx_cleanup(&ctx);
	pcf_inventory_free(inv);
	load(TEST_SRCDIR "/data/check/examples/grave.yaml");
	for (i = 0; i < pcf_inventory_factor_count(inv); i++)
		if (pcf_inventory_factor(inv, i)->gwp_set && !strcmp(pcf_inventory_factor(inv, i)->gwp_set, "AR5"))
			f = pcf_inventory_factor(inv, i);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(h->factor_co2e(&ctx, f, "AR6", &v), PCF_OK);
	ck_assert(v == 0.12);
	ck_assert_uint_eq(pcf_result_warning_count(ctx.result), 1);
	ck_assert_ptr_nonnull(strstr(pcf_result_warning(ctx.result, 0), "is given in CO2e under AR5, not AR6; used as given"));
}
END_TEST

START_TEST(helpers)
{
	unsigned char d[32];
	char buf[32];
	pcf_jw *w;
	void *out;
	size_t len;

	ck_assert_int_eq(h->sha256(&ctx, "abc", 3, d), PCF_OK);
	ck_assert_uint_eq(d[0], 0xba);
	ck_assert_uint_eq(d[31], 0xad);
	ck_assert_int_eq(h->inventory_sha256(&ctx, d), PCF_E_NOTFOUND);
	ck_assert_int_eq(h->format_number(&ctx, 0.1, buf, sizeof buf), PCF_OK);
	ck_assert_str_eq(buf, "0.1");
	ck_assert_int_eq(h->format_number(&ctx, NAN, buf, sizeof buf), PCF_E_ARG);
	w = h->jw_new(&ctx);
	h->jw_begin_object(w);
	h->jw_key(w, "a");
	h->jw_number(w, 1.5);
	h->jw_key(w, "b");
	h->jw_string(w, "x\"y");
	h->jw_end_object(w);
	ck_assert_int_eq(h->jw_finish(w, &out, &len), PCF_OK);
	ck_assert_str_eq(out, "{\n  \"a\": 1.5,\n  \"b\": \"x\\\"y\"\n}\n");
	h->free(out);
	w = h->jw_new(&ctx);
	h->jw_number(w, INFINITY);
	ck_assert_int_ne(h->jw_finish(w, &out, &len), PCF_OK);
	h->jw_free(h->jw_new(&ctx));
	ck_assert_ptr_nonnull(out = h->alloc(0));
	h->free(out);
	ck_assert_ptr_null(h->param(&ctx, "anything"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("host");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, info_filled_within_declared_size);
	tcase_add_test(tc, bad_abi_header_is_refused);
	tcase_add_test(tc, inputs_emissions_coproducts);
	tcase_add_test(tc, units_and_gwp);
	tcase_add_test(tc, solve_and_lci_with_allocation);
	tcase_add_test(tc, rule_error_positions);
	tcase_add_test(tc, builder_closed_during_export);
	tcase_add_test(tc, co2e_factor_in_another_set_warns);
	tcase_add_test(tc, helpers);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
