/*
 * test_compute.c - compute through the public API as the bundle writer and the verifier use it:
 * compute from bytes, the summary, exports, recomputation (match, tampered result, other version,
 * parameters carried over), and determinism across calls.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/compute.h>
#include <pcf/factors.h>

#include "base/fsutil.h"
#include "plugin/plugin_impl.h"
#include "tap.h"

#define WIDGET TEST_SRCDIR "/data/check/examples/widget.yaml"
#define BIOGENIC TEST_SRCDIR "/data/check/examples/biogenic.yaml"

static pcf_methods *ms;
static pcf_factor_lib *lib;
static const pcf_method *example;

static void setup(void)
{
	setenv("PCF_DATA_DIR", TEST_SRCDIR "/data", 1);
	ck_assert_int_eq(pcf_methods_new(&ms, PCF_METHODS_NO_ENV | PCF_METHODS_NO_DEFAULT, NULL), PCF_OK);
	ck_assert_int_eq(pcf_methods_add_dir(ms, TEST_BUILDDIR "/plugins/.libs", NULL), PCF_OK);
	ck_assert_int_eq(pcf_methods_find(ms, "example", &example, NULL), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_new(&lib, NULL), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_load_default(lib, NULL, NULL), PCF_OK);
}

static void teardown(void)
{
	pcf_factor_lib_free(lib);
	pcf_methods_free(ms);
}

static char *slurp(const char *path, size_t *len)
{
	char *d;
	ck_assert_int_eq(pcfi_read_file(path, 1u << 20, &d, len, NULL), PCF_OK);
	return d;
}

/* Compute path with params (may be NULL) into JSON. */
static char *compute_json(const char *path, const pcf_params *params, size_t *len, pcf_result **keep)
{
	size_t il;
	char *inv = slurp(path, &il), *json;
	pcf_result *r;
	pcf_error e;

	ck_assert_msg(pcf_compute_bytes(example, path, inv, il, lib, params, &r, NULL, NULL, &e) == PCF_OK, "%s", e.message);
	ck_assert_int_eq(pcf_result_json(r, &json, len, NULL), PCF_OK);
	free(inv);
	if (keep)
		*keep = r;
	else
		pcf_result_free(r);
	return json;
}

START_TEST(summary_for_the_bundle_writer)
{
	pcf_result *r;
	size_t len;
	char *json = compute_json(WIDGET, NULL, &len, &r);

	ck_assert_str_eq(pcf_result_method_id(r), "example");
	ck_assert_str_eq(pcf_result_method_version(r), "1.0.0");
	ck_assert_str_eq(pcf_result_product_id(r), "urn:example:widget");
	ck_assert_str_eq(pcf_result_declared_unit(r), "piece");
	ck_assert_str_eq(pcf_result_unit(r), "kg CO2e");
	ck_assert_str_eq(pcf_result_gwp_set(r), "AR6");
	ck_assert(fabs(pcf_result_total(r) - 9.4458) < 1e-12);
	ck_assert(fabs(pcf_result_figure(r, "fossil") - 9.4458) < 1e-12);
	ck_assert(pcf_result_figure(r, "aircraft") == 0);
	ck_assert_uint_eq(strlen(pcf_result_inventory_sha256(r)), 64);
	pcf_result_free(r);
	free(json);
}
END_TEST

START_TEST(deterministic_across_calls)
{
	size_t a, b;
	char *x = compute_json(BIOGENIC, NULL, &a, NULL), *y = compute_json(BIOGENIC, NULL, &b, NULL);

	ck_assert_uint_eq(a, b);
	ck_assert_mem_eq(x, y, a);
	free(x);
	free(y);
}
END_TEST

START_TEST(recompute_matches)
{
	size_t il, jl;
	char *inv = slurp(WIDGET, &il), *json = compute_json(WIDGET, NULL, &jl, NULL);
	pcf_error e;

	ck_assert_msg(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e) == PCF_OK, "%s", e.message);
	free(inv);
	free(json);
}
END_TEST

START_TEST(recompute_with_parameters)
{
	size_t il, jl;
	char *inv = slurp(BIOGENIC, &il), *json;
	pcf_params *p;
	pcf_error e;

	ck_assert_int_eq(pcf_params_new(&p, NULL), PCF_OK);
	ck_assert_int_eq(pcf_params_parse(p, "removals=exclude", NULL), PCF_OK);
	json = compute_json(BIOGENIC, p, &jl, NULL);
	ck_assert_ptr_nonnull(strstr(json, "\"removals\": \"exclude\""));
	ck_assert_msg(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e) == PCF_OK, "%s", e.message);
	pcf_params_free(p);
	free(inv);
	free(json);
}
END_TEST

START_TEST(recompute_refuses_tampering)
{
	size_t il, jl;
	char *inv = slurp(WIDGET, &il), *json = compute_json(WIDGET, NULL, &jl, NULL), *p;
	pcf_error e;

	/* a changed total */
	p = strstr(json, "\"total\": 9.4");
	ck_assert_ptr_nonnull(p);
	p[9] = '8';
	ck_assert_int_eq(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e), PCF_E_VERIFY);
	ck_assert_msg(strstr(e.message, "gives another result: total 9.4457999") && strstr(e.message, "instead of 8.4457999") &&
	              strstr(e.message, "first difference at line 24"), "%s", e.message);
	p[9] = '9';
	/* a changed inventory */
	strstr(inv, "amount: 10\n")[9] = '1';
	ck_assert_int_eq(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e), PCF_E_VERIFY);
	free(inv);
	free(json);
}
END_TEST

/* The one recompute version policy (docs/trust-model.md): same major, the same or a later minor/patch. */
START_TEST(recompute_version_policy)
{
	ck_assert(pcfi_recompute_version_ok("1.0.0", "1.0.0"));
	ck_assert(pcfi_recompute_version_ok("1.2.0", "1.0.0"));
	ck_assert(pcfi_recompute_version_ok("1.2.3", "1.2.1"));
	ck_assert(pcfi_recompute_version_ok("1.10.0", "1.9.7"));
	ck_assert(!pcfi_recompute_version_ok("1.0.0", "1.2.0"));   /* an older minor cannot vouch for a newer one */
	ck_assert(!pcfi_recompute_version_ok("1.2.0", "1.2.1"));
	ck_assert(!pcfi_recompute_version_ok("2.0.0", "1.0.0"));   /* another major is another methodology */
	ck_assert(!pcfi_recompute_version_ok("1.0.0", "2.0.0"));
	ck_assert(pcfi_recompute_version_ok("2026a", "2026a"));    /* other forms: only the same string */
	ck_assert(!pcfi_recompute_version_ok("2026b", "2026a"));
	ck_assert(!pcfi_recompute_version_ok("1.2", "1.0"));
	ck_assert(!pcfi_recompute_version_ok("1.2.0-rc1", "1.0.0"));
	ck_assert(!pcfi_recompute_version_ok(NULL, "1.0.0"));
}
END_TEST

START_TEST(recompute_refuses_another_version)
{
	size_t il, jl;
	char *inv = slurp(WIDGET, &il), *json = compute_json(WIDGET, NULL, &jl, NULL), *p;
	pcf_error e;

	p = strstr(json, "\"version\": \"1.0.0\"");
	ck_assert_ptr_nonnull(p);
	p[12] = '0';
	ck_assert_int_eq(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e), PCF_E_VERIFY);
	ck_assert_msg(strstr(e.message, "computed with methodology example 0.0.0, but the installed plugin is version 1.0.0"),
	              "%s", e.message);
	p = strstr(json, "\"id\": \"example\"");
	memcpy(p + 7, "exampl3", 7);
	ck_assert_int_eq(pcf_recompute(ms, "inventory.yaml", inv, il, json, jl, lib, &e), PCF_E_NOTFOUND);
	ck_assert_msg(strstr(e.message, "methodology 'exampl3' is not installed"), "%s", e.message);
	free(inv);
	free(json);
}
END_TEST

START_TEST(export_through_the_api)
{
	size_t il, ol;
	char *inv = slurp(WIDGET, &il), *out;
	pcf_result *r;
	pcf_inventory *model;
	pcf_error e;

	ck_assert_int_eq(pcf_compute_bytes(example, "w.yaml", inv, il, lib, NULL, &r, &model, NULL, &e), PCF_OK);
	ck_assert_int_eq(pcf_export(example, "example-summary", model, r, NULL, &out, &ol, &e), PCF_OK);
	ck_assert_ptr_nonnull(strstr(out, "\"product\": \"urn:example:widget\""));
	free(out);
	ck_assert_int_eq(pcf_export(example, "pact-v3", model, r, NULL, &out, &ol, &e), PCF_E_NOTFOUND);
	ck_assert_str_eq(e.message, "methodology 'example' offers no export format 'pact-v3' ('pcf methods show' lists its formats)");
	/* compute from the model too: same numbers, no inventory digest */
	{
		pcf_result *r2;
		char *j2;
		size_t l2;
		ck_assert_int_eq(pcf_compute(example, model, NULL, &r2, NULL), PCF_OK);
		ck_assert(pcf_result_total(r2) == pcf_result_total(r));
		ck_assert_str_eq(pcf_result_inventory_sha256(r2), "");
		ck_assert_int_eq(pcf_result_json(r2, &j2, &l2, NULL), PCF_OK);
		ck_assert_ptr_nonnull(strstr(j2, "\"sha256\": null"));
		free(j2);
		pcf_result_free(r2);
	}
	pcf_inventory_free(model);
	pcf_result_free(r);
	free(inv);
}
END_TEST

/*
 * The compute pool (pcf/compute.h) gives in a worker process what pcf_compute_bytes gives in this one:
 * the same result JSON byte for byte, the summary of the manifest, and an error as the plugin said it.
 */
START_TEST(compute_pool_in_a_worker)
{
	pcf_compute_pool_options po;
	pcf_compute_pool *pool = NULL;
	pcf_computed got;
	pcf_result *r;
	size_t il, jl, k;
	char *inv = slurp(WIDGET, &il), *json = compute_json(WIDGET, NULL, &jl, &r), *reply = NULL;
	pcf_error e;

	ck_assert_int_eq(pcf_compute_pool_options_init(&po, PCF_COMPUTE_POOL_OPTIONS_VERSION + 1), PCF_E_ARG);
	ck_assert_int_eq(pcf_compute_pool_options_init(&po, PCF_COMPUTE_POOL_OPTIONS_VERSION), PCF_OK);
	ck_assert_int_eq(pcf_compute_pool_new(&po, 1, &pool, &e), PCF_E_ARG);   /* no method */
	ck_assert_ptr_null(pool);
	po.method = example;
	po.factors = lib;
	po.inventory_max = 1u << 20;
	po.version = PCF_COMPUTE_POOL_OPTIONS_VERSION + 1;
	ck_assert_int_eq(pcf_compute_pool_new(&po, 1, &pool, &e), PCF_E_ARG);
	ck_assert(strstr(e.message, "newer than this library"));
	po.version = PCF_COMPUTE_POOL_OPTIONS_VERSION;
	ck_assert_int_eq(pcf_compute_pool_new(&po, 2, &pool, &e), PCF_OK);
	for (k = 0; k < 2; k++) {
		memset(&got, 0, sizeof got);
		ck_assert_msg(pcf_compute_pool_compute(pool, k, WIDGET, inv, il, &got, &reply, &e) == PCF_OK, "%s", e.message);
		ck_assert_uint_eq(got.result_len, jl);
		ck_assert_mem_eq(got.result, json, jl);
		ck_assert_str_eq(got.product_id, pcf_result_product_id(r));
		ck_assert_str_eq(got.method_id, pcf_result_method_id(r));
		ck_assert(got.total == pcf_result_total(r));
		ck_assert_ptr_null(got.table);
		ck_assert_ptr_null(got.factors);   /* not asked for */
		free(reply);
		reply = NULL;
	}
	{
		/* export_factors (version 2): the factors the inventory used, as pcf_inventory_factors_export writes
		 * them (pcf issue's factors.json) */
		pcf_compute_pool *fp = NULL;
		pcf_inventory *pinv = NULL;
		pcf_result *r2 = NULL;
		char *fx = NULL;
		size_t fxl = 0;
		ck_assert_int_eq(pcf_compute_bytes(example, WIDGET, inv, il, lib, NULL, &r2, &pinv, NULL, &e), PCF_OK);
		ck_assert_int_eq(pcf_inventory_factors_export(pinv, "bundle-factors", &fx, &fxl, &e), PCF_OK);
		ck_assert_uint_gt(fxl, 300);   /* widget.yaml uses cn-grid-2022 of the default library: one record */
		po.export_factors = 1;
		ck_assert_int_eq(pcf_compute_pool_new(&po, 1, &fp, &e), PCF_OK);
		memset(&got, 0, sizeof got);
		ck_assert_msg(pcf_compute_pool_compute(fp, 0, WIDGET, inv, il, &got, &reply, &e) == PCF_OK, "%s", e.message);
		ck_assert_ptr_nonnull(got.factors);
		ck_assert_uint_eq(got.factors_len, fxl);
		ck_assert_mem_eq(got.factors, fx, fxl);
		ck_assert_uint_eq(got.result_len, jl);
		free(reply);
		reply = NULL;
		pcf_compute_pool_free(fp);
		po.export_factors = 0;
		free(fx);
		pcf_inventory_free(pinv);
		pcf_result_free(r2);
	}
	memset(&got, 0, sizeof got);
	ck_assert_int_ne(pcf_compute_pool_compute(pool, 0, "bad.yaml", "product: [", 10, &got, &reply, &e), PCF_OK);
	ck_assert_str_eq(e.file, "bad.yaml");
	free(reply);
	pcf_compute_pool_free(pool);
	pcf_result_free(r);
	free(json);
	free(inv);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("compute");
	TCase *tc = tcase_create("compute");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, summary_for_the_bundle_writer);
	tcase_add_test(tc, deterministic_across_calls);
	tcase_add_test(tc, recompute_matches);
	tcase_add_test(tc, recompute_with_parameters);
	tcase_add_test(tc, recompute_refuses_tampering);
	tcase_add_test(tc, recompute_version_policy);
	tcase_add_test(tc, recompute_refuses_another_version);
	tcase_add_test(tc, export_through_the_api);
	tcase_add_test(tc, compute_pool_in_a_worker);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
