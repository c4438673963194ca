/*
 * test_result.c - the result model: the builder's checks (non-finite numbers, missing fields, breakdowns
 * that do not add up), shares, the JSON's exact bytes, the table, and reading a result's method back.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/compute.h>
#include <pcf/result.h>

#include "plugin/plugin_impl.h"
#include "tap.h"

#define LABEL "plugin t (/x/t.so)"

/* A complete, consistent result: total 12.5 = production 8.75 + use 3.75. */
static pcf_result *complete(void)
{
	pcf_result *r = pcfi_result_new();
	unsigned char d[32];
	pcfi_factor_rec f;
	static char g1[] = "co2-fossil", g2[] = "ch4-fossil", z[] = "z-factor", a[] = "a-factor", kwh[] = "kWh",
	            src[] = "a source", lic[] = "CC0-1.0", lib[] = "lib", ar5[] = "AR5";
	char *gases[] = { g1, g2 };
	double vals[] = { 0.5, 0.001 };

	ck_assert_ptr_nonnull(r);
	memset(d, 0xab, sizeof d);
	ck_assert_int_eq(pcfi_result_set_method(r, "t", "1.2.3", "Test Standard:2026"), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_product(r, "urn:x:1", "Thing", 1, "kg", "cradle-to-grave"), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_param(r, "allocation", "economic"), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_sha256(r, d), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_total(r, 12.5, "kg CO2e", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_gwp_set(r, "AR6", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "fossil", 9, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "biogenic-emissions", 1.5, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "biogenic-removals", 0.5, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "dluc", 0, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "aircraft", 0, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "direct", 4, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_stage(r, "production", 5, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_stage(r, "use", 3.75, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_stage(r, "production", 3.75, NULL), PCF_OK);   /* adds to its line */
	ck_assert_int_eq(pcfi_result_add_gas(r, "co2-fossil", 12, 12, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_gas(r, "co2-biogenic", 0.5, NAN, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_process(r, 1, "make", "Making", "production", 8.75, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_process(r, 0, "use", "Using", "use", 3.75, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_primary_share(r, 0.25, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_allocation(r, "economic", "by price", NULL), PCF_OK);
	memset(&f, 0, sizeof f);
	f.id = z;
	f.value = NAN;
	f.per = kwh;
	f.year = 2022;
	f.source = src;
	f.licence = lic;
	f.library = lib;
	f.ngases = 2;
	f.gases = gases;
	f.gas_values = vals;
	ck_assert_int_eq(pcfi_result_add_factor(r, &f, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_add_factor(r, &f, NULL), PCF_OK);   /* once */
	f.id = a;
	f.value = 0.1;
	f.ngases = 0;
	f.gwp_set = ar5;
	f.year = 0;
	ck_assert_int_eq(pcfi_result_add_factor(r, &f, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_warn(r, "a \"quoted\" warning", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_warn(r, "a \"quoted\" warning", NULL), PCF_OK);  /* once */
	return r;
}

static const char expected_json[] =
	"{\n"
	"  \"kind\": \"pcfkit-result\",\n"
	"  \"format-version\": \"1.0\",\n"
	"  \"methodology\": {\n"
	"    \"id\": \"t\",\n"
	"    \"version\": \"1.2.3\",\n"
	"    \"standard\": \"Test Standard:2026\",\n"
	"    \"parameters\": {\n"
	"      \"allocation\": \"economic\"\n"
	"    }\n"
	"  },\n"
	"  \"inventory\": {\n"
	"    \"sha256\": \"abababababababababababababababababababababababababababababababab\"\n"
	"  },\n"
	"  \"product\": {\n"
	"    \"id\": \"urn:x:1\",\n"
	"    \"name\": \"Thing\",\n"
	"    \"declared-unit\": {\n"
	"      \"amount\": 1,\n"
	"      \"unit\": \"kg\"\n"
	"    }\n"
	"  },\n"
	"  \"footprint\": {\n"
	"    \"total\": 12.5,\n"
	"    \"unit\": \"kg CO2e\",\n"
	"    \"gwp-set\": \"AR6\",\n"
	"    \"boundary\": \"cradle-to-grave\",\n"
	"    \"fossil\": 9,\n"
	"    \"biogenic-emissions\": 1.5,\n"
	"    \"biogenic-removals\": 0.5,\n"
	"    \"dluc\": 0,\n"
	"    \"aircraft\": 0,\n"
	"    \"primary-data-share\": 0.25,\n"
	"    \"cutoff-share\": 0,\n"
	"    \"allocation\": {\n"
	"      \"method\": \"economic\",\n"
	"      \"note\": \"by price\"\n"
	"    }\n"
	"  },\n"
	"  \"figures\": [\n"
	"    {\n"
	"      \"name\": \"direct\",\n"
	"      \"value\": 4\n"
	"    }\n"
	"  ],\n"
	"  \"breakdown\": {\n"
	"    \"stages\": [\n"
	"      {\n"
	"        \"stage\": \"production\",\n"
	"        \"value\": 8.75,\n"
	"        \"share\": 0.7\n"
	"      },\n"
	"      {\n"
	"        \"stage\": \"use\",\n"
	"        \"value\": 3.75,\n"
	"        \"share\": 0.3\n"
	"      }\n"
	"    ],\n"
	"    \"gases\": [\n"
	"      {\n"
	"        \"gas\": \"co2-fossil\",\n"
	"        \"value\": 12,\n"
	"        \"share\": 0.96,\n"
	"        \"mass\": 12\n"
	"      },\n"
	"      {\n"
	"        \"gas\": \"co2-biogenic\",\n"
	"        \"value\": 0.5,\n"
	"        \"share\": 0.04,\n"
	"        \"mass\": null\n"
	"      }\n"
	"    ],\n"
	"    \"processes\": [\n"
	"      {\n"
	"        \"id\": \"make\",\n"
	"        \"name\": \"Making\",\n"
	"        \"stage\": \"production\",\n"
	"        \"value\": 8.75,\n"
	"        \"share\": 0.7\n"
	"      },\n"
	"      {\n"
	"        \"id\": \"use\",\n"
	"        \"name\": \"Using\",\n"
	"        \"stage\": \"use\",\n"
	"        \"value\": 3.75,\n"
	"        \"share\": 0.3\n"
	"      }\n"
	"    ]\n"
	"  },\n"
	"  \"factors\": [\n"
	"    {\n"
	"      \"id\": \"a-factor\",\n"
	"      \"value\": 0.1,\n"
	"      \"unit\": \"kg CO2e\",\n"
	"      \"per\": \"kWh\",\n"
	"      \"gwp-set\": \"AR5\",\n"
	"      \"gases\": [],\n"
	"      \"region\": null,\n"
	"      \"year\": null,\n"
	"      \"source\": \"a source\",\n"
	"      \"licence\": \"CC0-1.0\",\n"
	"      \"library\": \"lib\"\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"z-factor\",\n"
	"      \"value\": null,\n"
	"      \"unit\": \"kg CO2e\",\n"
	"      \"per\": \"kWh\",\n"
	"      \"gwp-set\": null,\n"
	"      \"gases\": [\n"
	"        {\n"
	"          \"gas\": \"co2-fossil\",\n"
	"          \"value\": 0.5\n"
	"        },\n"
	"        {\n"
	"          \"gas\": \"ch4-fossil\",\n"
	"          \"value\": 0.001\n"
	"        }\n"
	"      ],\n"
	"      \"region\": null,\n"
	"      \"year\": 2022,\n"
	"      \"source\": \"a source\",\n"
	"      \"licence\": \"CC0-1.0\",\n"
	"      \"library\": \"lib\"\n"
	"    }\n"
	"  ],\n"
	"  \"warnings\": [\n"
	"    \"a \\\"quoted\\\" warning\"\n"
	"  ]\n"
	"}\n";

START_TEST(json_exact_bytes)
{
	pcf_result *r = complete();
	char *json, *again;
	size_t len, len2;

	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_result_json(r, &json, &len, NULL), PCF_OK);
	ck_assert_str_eq(json, expected_json);
	ck_assert_uint_eq(len, strlen(expected_json));
	ck_assert_int_eq(pcf_result_json(r, &again, &len2, NULL), PCF_OK);
	ck_assert_uint_eq(len, len2);
	ck_assert_mem_eq(json, again, len);
	free(json);
	free(again);
	pcf_result_free(r);
}
END_TEST

START_TEST(accessors)
{
	pcf_result *r = complete();
	const char *name, *src;
	double v, s;

	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	ck_assert_str_eq(pcf_result_method_id(r), "t");
	ck_assert_str_eq(pcf_result_method_version(r), "1.2.3");
	ck_assert_str_eq(pcf_result_product_id(r), "urn:x:1");
	ck_assert_str_eq(pcf_result_declared_unit(r), "kg");
	ck_assert(pcf_result_declared_amount(r) == 1);
	ck_assert_str_eq(pcf_result_gwp_set(r), "AR6");
	ck_assert_str_eq(pcf_result_unit(r), "kg CO2e");
	ck_assert(pcf_result_total(r) == 12.5);
	ck_assert(pcf_result_figure(r, "biogenic-emissions") == 1.5);
	ck_assert(pcf_result_figure(r, "direct") == 4);
	ck_assert(isnan(pcf_result_figure(r, "nope")));
	ck_assert(pcf_result_primary_share(r) == 0.25);
	ck_assert(pcf_result_cutoff_share(r) == 0);
	ck_assert_str_eq(pcf_result_allocation(r), "economic");
	ck_assert_str_eq(pcf_result_inventory_sha256(r), "abababababababababababababababababababababababababababababababab");
	ck_assert_uint_eq(pcf_result_count(r, PCF_RESULT_STAGES), 2);
	ck_assert_int_eq(pcf_result_item(r, PCF_RESULT_STAGES, 0, &name, &v, &s), PCF_OK);
	ck_assert_str_eq(name, "production");
	ck_assert(v == 8.75 && s == 0.7);
	ck_assert_int_eq(pcf_result_item(r, PCF_RESULT_FIGURES, 0, &name, &v, &s), PCF_OK);
	ck_assert(isnan(s));
	ck_assert_int_eq(pcf_result_item(r, PCF_RESULT_GASES, 2, &name, &v, &s), PCF_E_NOTFOUND);
	ck_assert_int_eq(pcf_result_item(r, 99, 0, &name, &v, &s), PCF_E_NOTFOUND);
	ck_assert_uint_eq(pcf_result_factor_count(r), 2);
	ck_assert_int_eq(pcf_result_factor(r, 0, &name, &src), PCF_OK);
	ck_assert_str_eq(name, "z-factor");
	ck_assert_uint_eq(pcf_result_warning_count(r), 1);
	ck_assert_str_eq(pcf_result_warning(r, 0), "a \"quoted\" warning");
	pcf_result_free(r);
}
END_TEST

START_TEST(table)
{
	pcf_result *r = complete();
	char *t;
	size_t len;

	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_result_table(r, 80, &t, &len, NULL), PCF_OK);
	ck_assert_uint_eq(strlen(t), len);
	if (getenv("SHOW_TABLE"))
		fputs(t, stderr);
	ck_assert_ptr_nonnull(strstr(t, "total                      12.5000 kg CO2e per 1 kg\n"));
	ck_assert_ptr_nonnull(strstr(t, "production          8.7500    70.0%  ############################\n"));
	ck_assert_ptr_nonnull(strstr(t, "use                 3.7500    30.0%  ############\n"));
	ck_assert_ptr_nonnull(strstr(t, "allocation                 economic: by price\n"));
	ck_assert_ptr_nonnull(strstr(t, "\nwarnings\n  a \"quoted\" warning\n"));
	free(t);
	pcf_result_free(r);
}
END_TEST

/* Each broken result is refused with a message naming the plugin and what is wrong. */
START_TEST(refusals)
{
	pcf_result *r;
	pcf_error e;

	/* a breakdown that does not add up */
	r = complete();
	ck_assert_int_eq(pcfi_result_add_stage(r, "end-of-life", 0.001, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, LABEL " returned an invalid result: the stage breakdown (3 lines) adds up to 12.501, "
	                            "the total is 12.5 (tolerance 1e-09 relative)");
	pcf_result_free(r);
	/* within the tolerance is fine */
	r = complete();
	ck_assert_int_eq(pcfi_result_add_gas(r, "n2o", 1e-9, NAN, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	pcf_result_free(r);
	/* the process list too */
	r = complete();
	ck_assert_int_eq(pcfi_result_add_process(r, 0, "use", "Using", "use", 1, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, &e), PCF_E_PLUGIN);
	ck_assert_ptr_nonnull(strstr(e.message, "the process breakdown (2 lines) adds up to 13.5"));
	pcf_result_free(r);
	/* missing fields */
	r = pcfi_result_new();
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, LABEL " returned an invalid result: no total (set_total was not called)");
	ck_assert_int_eq(pcfi_result_set_total(r, 0, "kg CO2e", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, &e), PCF_E_PLUGIN);
	ck_assert_ptr_nonnull(strstr(e.message, "no GWP set"));
	ck_assert_int_eq(pcfi_result_set_gwp_set(r, "AR6", NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, &e), PCF_E_PLUGIN);
	ck_assert_ptr_nonnull(strstr(e.message, "figure 'fossil' is missing"));
	pcf_result_free(r);
	/* the builder refuses bad values at once */
	r = pcfi_result_new();
	ck_assert_int_eq(pcfi_result_set_total(r, NAN, "kg CO2e", &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, "the total is not a finite number (nan)");
	ck_assert_int_eq(pcfi_result_set_total(r, INFINITY, "kg CO2e", &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_total(r, 1, "", &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, "the total has no unit");
	ck_assert_int_eq(pcfi_result_add_stage(r, "use", NAN, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_add_gas(r, "n2o", 1, INFINITY, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_add_process(r, 0, "p", NULL, NULL, -INFINITY, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_primary_share(r, 1.5, &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, "primary-data share 1.5 is not a share in [0,1]");
	ck_assert_int_eq(pcfi_result_set_cutoff_share(r, -0.1, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_figure(r, "fossil", 1, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_figure(r, "fossil", 1, &e), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, "figure 'fossil' set twice");
	ck_assert_int_eq(pcfi_result_set_figure(r, "Bad Name", 1, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_figure(r, "x", NAN, &e), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_allocation(r, "", NULL, &e), PCF_E_PLUGIN);
	pcf_result_free(r);
}
END_TEST

START_TEST(zero_total_shares_are_null)
{
	pcf_result *r = pcfi_result_new();
	char *json;
	size_t len;
	static const char *const figs[] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc", "aircraft" };
	size_t i;

	pcfi_result_set_method(r, "t", "1.0", "s");
	pcfi_result_set_product(r, "p", "n", 1, "kg", "cradle-to-gate");
	pcfi_result_set_total(r, -0.0, "kg CO2e", NULL);
	pcfi_result_set_gwp_set(r, "AR6", NULL);
	for (i = 0; i < 5; i++)
		pcfi_result_set_figure(r, figs[i], 0, NULL);
	pcfi_result_add_stage(r, "production", 0, NULL);
	pcfi_result_set_primary_share(r, 0, NULL);
	pcfi_result_set_allocation(r, "none", NULL, NULL);
	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_result_json(r, &json, &len, NULL), PCF_OK);
	ck_assert_ptr_nonnull(strstr(json, "\"total\": 0,"));
	ck_assert_ptr_nonnull(strstr(json, "\"share\": null"));
	ck_assert_ptr_nonnull(strstr(json, "\"sha256\": null"));
	free(json);
	pcf_result_free(r);
}
END_TEST

START_TEST(unfinished_result_has_no_json)
{
	pcf_result *r = complete();
	char *json;
	size_t len;
	pcf_error e;

	ck_assert_int_eq(pcf_result_json(r, &json, &len, &e), PCF_E_ARG);
	pcf_result_free(r);
}
END_TEST

START_TEST(method_read_back)
{
	pcf_result *r = complete();
	char *json, *id, *version;
	size_t len;
	pcf_params *p;
	const char *n, *v;
	pcf_error e;

	ck_assert_int_eq(pcfi_result_finish(r, LABEL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_result_json(r, &json, &len, NULL), PCF_OK);
	ck_assert_int_eq(pcf_result_json_method(json, len, &id, &version, &p, NULL), PCF_OK);
	ck_assert_str_eq(id, "t");
	ck_assert_str_eq(version, "1.2.3");
	ck_assert_uint_eq(pcf_params_count(p), 1);
	pcf_params_get(p, 0, &n, &v);
	ck_assert_str_eq(n, "allocation");
	ck_assert_str_eq(v, "economic");
	free(id);
	free(version);
	pcf_params_free(p);
	free(json);
	pcf_result_free(r);
	ck_assert_int_eq(pcf_result_json_method("{\"kind\":\"x\"}", 12, &id, &version, &p, &e), PCF_E_INVALID);
	ck_assert_int_eq(pcf_result_json_method("{\"kind\":1,\"kind\":2}", 19, &id, &version, &p, &e), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_result_json_method("{", 1, &id, &version, &p, &e), PCF_E_SYNTAX);
	ck_assert_ptr_null(id);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("result");

	tcase_add_test(tc, json_exact_bytes);
	tcase_add_test(tc, accessors);
	tcase_add_test(tc, table);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, zero_total_shares_are_null);
	tcase_add_test(tc, unfinished_result_has_no_json);
	tcase_add_test(tc, method_read_back);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
