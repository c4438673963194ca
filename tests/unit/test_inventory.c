/*
 * test_inventory.c - unit tests of the inventory model: the example parses into the documented
 * structs; references, units and the reference process are resolved; errors are all reported
 * with positions and key paths.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/inventory.h>
#include <pcf/solve.h>

#include "tap.h"

#define HEAD                                                                                   \
	"format-version: 1\n"                                                                      \
	"product: {id: 'urn:test:p', name: P, declared-unit: {amount: 1, unit: kg}}\n"             \
	"reporting-period: {start: 2024-01-01, end: 2024-12-31}\n"                                 \
	"organisation: {name: Test}\n"                                                             \
	"site: {country: DE}\n"                                                                    \
	"boundary: cradle-to-gate\n"

static pcf_factor_lib *default_lib(void)
{
	pcf_factor_lib *lib;
	pcf_error err;

	setenv("PCF_DATA_DIR", TEST_SRCDIR "/data", 1);
	ck_assert_int_eq(pcf_factor_lib_new(&lib, &err), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_load_default(lib, NULL, &err), PCF_OK);
	return lib;
}

START_TEST(cement_example)
{
	pcf_factor_lib *lib = default_lib();
	pcf_inventory *inv;
	const pcf_inventory_info *info;
	const pcf_product *prod;
	const pcf_process *p;
	pcf_error err;
	size_t i, k;
	double s[7];

	ck_assert_int_eq(pcf_inventory_load(TEST_SRCDIR "/examples/portland-cement.yaml", lib, NULL, &inv, NULL, &err),
	                 PCF_OK);
	pcf_factor_lib_free(lib); /* the inventory keeps copies of the factors it uses */
	info = pcf_inventory_get_info(inv);
	ck_assert_int_eq(info->format_version, 1);
	ck_assert_str_eq(info->period_start, "2024-01-01");
	ck_assert_str_eq(info->period_end, "2024-12-31");
	ck_assert_str_eq(info->organisation, "Example Cement Co., Ltd.");
	ck_assert_str_eq(info->country, "CN");
	ck_assert_str_eq(info->region, "Anhui");
	ck_assert_int_eq(info->boundary, PCF_BOUNDARY_CRADLE_TO_GATE);
	ck_assert_ptr_null(info->gwp_set); /* not asked for */
	prod = pcf_inventory_product(inv);
	ck_assert_str_eq(prod->id, "urn:example:cement:cem-i-42.5");
	ck_assert_double_eq(prod->declared_unit.amount, 1);
	ck_assert_str_eq(prod->declared_unit.unit, "t");
	ck_assert_double_eq(prod->mass_per_unit.amount, 1000);
	ck_assert_double_eq(prod->biogenic_carbon.amount, 1.5);
	ck_assert_uint_eq(prod->reference_process, 0);
	ck_assert_uint_eq(pcf_inventory_process_count(inv), 7);

	p = pcf_inventory_process(inv, 0);
	ck_assert_str_eq(p->id, "cement");
	ck_assert_int_eq(p->stage, PCF_STAGE_PRODUCTION);
	ck_assert_str_eq(pcf_stage_name(p->stage), "production");
	ck_assert_uint_eq(p->n_inputs, 5);
	ck_assert_int_eq(p->inputs[0].kind, PCF_INPUT_PROCESS);
	ck_assert_uint_eq(p->inputs[0].process, 1);
	ck_assert_int_eq(p->inputs[1].kind, PCF_INPUT_FACTOR);
	ck_assert_int_eq(p->inputs[1].inline_factor, 1);
	ck_assert_str_eq(p->inputs[1].factor->id, "inline:cement/inputs[1]");
	ck_assert_str_eq(p->inputs[1].factor->gwp_set, "AR6");
	ck_assert_double_eq(p->inputs[1].converted, 0.05); /* 50 kg in the factor's t */
	ck_assert_str_eq(p->inputs[3].factor->id, "cn-grid-2023");
	ck_assert_double_eq(p->inputs[3].factor->value, 0.5306);
	ck_assert_int_eq(p->inputs[3].inline_factor, 0);
	ck_assert_int_eq(p->quality.primary, 1);
	ck_assert_double_eq(p->quality.completeness, 2);

	ck_assert_int_eq(pcf_inventory_find_process(inv, "clinker", &k), PCF_OK);
	p = pcf_inventory_process(inv, k);
	ck_assert_uint_eq(p->n_emissions, 4);
	ck_assert_str_eq(p->emissions[1].gas, "co2-biogenic");
	ck_assert_double_eq(p->emissions[2].amount_kg, 0.002);
	ck_assert_double_eq(p->inputs[1].converted, 0.105); /* 105 kg of coal in the mine's t */

	ck_assert_int_eq(pcf_inventory_find_process(inv, "coal-mine", &k), PCF_OK);
	p = pcf_inventory_process(inv, k);
	ck_assert_str_eq(p->reference_value.unit, "CNY");
	ck_assert_double_eq(p->reference_value.amount, 900);
	ck_assert_int_eq(p->reference_mass.present, 1);
	ck_assert_double_eq(p->reference_mass.amount, 1);
	ck_assert_str_eq(p->reference_mass.unit, "t");
	ck_assert_uint_eq(p->n_coproducts, 1);
	ck_assert_double_eq(p->coproducts[0].value.amount, 60);
	ck_assert_double_eq(p->coproducts[0].mass.amount, 0.15);
	ck_assert_str_eq(p->coproducts[0].quantity.unit, "t");
	ck_assert_int_eq(pcf_inventory_find_process(inv, "captive-power", &k), PCF_OK);
	ck_assert_int_eq(pcf_inventory_process(inv, k)->reference_mass.present, 0); /* not given */
	ck_assert_int_eq(pcf_inventory_find_process(inv, "paper-sacks", &k), PCF_OK);
	ck_assert_double_eq(pcf_inventory_process(inv, k)->reference_mass.amount, 0.18); /* given explicitly */
	ck_assert_int_eq(pcf_inventory_find_process(inv, "nope", &k), PCF_E_NOTFOUND);

	ck_assert_uint_eq(pcf_inventory_exclusion_count(inv), 2);
	ck_assert_double_eq(pcf_inventory_exclusion(inv, 0)->estimated_share, 0.004);
	ck_assert_uint_eq(pcf_inventory_offset_count(inv), 0);
	/* factors used, once each, in order of first use */
	ck_assert_str_eq(pcf_inventory_factor(inv, 0)->id, "inline:cement/inputs[1]");
	ck_assert_str_eq(pcf_inventory_factor(inv, 1)->id, "cn-grid-2023");
	for (i = 0; i < pcf_inventory_factor_count(inv); i++)
		ck_assert_ptr_nonnull(pcf_inventory_factor(inv, i)->source);
	ck_assert_uint_eq(pcf_inventory_factor_count(inv), 6);

	ck_assert_int_eq(pcf_solve(inv, s, 7, &err), PCF_OK);
	ck_assert_double_eq(s[0], 1);
	for (i = 0; i < 7; i++)
		ck_assert(s[i] > 0);
	pcf_inventory_free(inv);
}
END_TEST

/* Every problem of a file is reported, in input order, with path and position. */
START_TEST(all_errors_reported)
{
	static const char text[] =
		"format-version: 1\n"
		"product: {id: 'urn:example:x', name: X, declared-unit: {amount: 0, unit: kg}}\n"
		"reporting-period: {start: 2024-02-30, end: 2024-12-31}\n"
		"organisation: {name: T}\n"
		"site: {country: ZZ}\n"
		"boundary: cradle-to-moon\n"
		"processes:\n"
		"  - id: a\n"
		"    name: A\n"
		"    stage: production\n"
		"    reference-flow: {amount: 1, unit: kg}\n"
		"    inputs:\n"
		"      - {process: b, amount: 1, unit: kg}\n"
		"      - {factor: cn-grid-2023, amount: 3, unit: kg}\n"
		"    emisions: []\n";
	pcf_factor_lib *lib = default_lib();
	pcf_inventory *inv = (pcf_inventory *)1;
	pcf_diag *d = pcf_diag_new();
	pcf_error err;
	char buf[2048];
	static const char *const want[] = {
		"t.yaml:2:65: product.declared-unit.amount: expected a number greater than 0, found number 0",
		"t.yaml:3:27: reporting-period.start: expected a date YYYY-MM-DD, found '2024-02-30'",
		"t.yaml:5:17: site.country: expected an ISO 3166-1 alpha-2 country code (e.g. CN, DE), found 'ZZ'",
		"t.yaml:6:11: boundary: expected one of cradle-to-gate, cradle-to-grave, gate-to-gate, found 'cradle-to-moon'",
		"t.yaml:15:5: processes[0]: unknown key 'emisions' (expected one of: id, name, stage, reference-flow, location, "
		"inputs, emissions, removals, co-products, biogenic-carbon-content, data-quality, aircraft-transport, "
		"land-use-change, comment; or an x- extension key)",
	};
	size_t i;

	ck_assert_int_eq(pcf_inventory_parse("t.yaml", text, strlen(text), lib, NULL, &inv, d, &err), PCF_E_INVALID);
	ck_assert_ptr_null(inv);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, i), buf, sizeof buf), want[i]);
	ck_assert_uint_eq(pcf_diag_count(d), 5); /* process a is invalid, so its links are not checked */
	ck_assert_str_eq(pcf_error_format(&err, buf, sizeof buf), want[0]);
	pcf_diag_free(d);
	pcf_factor_lib_free(lib);
}
END_TEST

static const char *first_error(const char *text, const pcf_factor_lib *lib, pcf_status want)
{
	static char buf[2048];
	pcf_inventory *inv = NULL;
	pcf_error err;

	ck_assert_int_eq(pcf_inventory_parse("t.yaml", text, strlen(text), lib, NULL, &inv, NULL, &err), want);
	ck_assert_ptr_null(inv);
	return pcf_error_format(&err, buf, sizeof buf);
}

START_TEST(links_and_units)
{
	pcf_factor_lib *lib = default_lib();

	/* a factor per kWh applied to an amount in kg: both units named */
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - id: a\n    name: A\n    stage: production\n    reference-flow: {amount: 1, unit: kg}\n"
	                                  "    inputs: [{factor: cn-grid-2023, amount: 3, unit: kg}]\n",
	                             lib, PCF_E_UNIT),
	                 "t.yaml:12:54: processes[0].inputs[0].unit: factor 'cn-grid-2023' is per kWh, but this input "
	                 "is in kg: cannot convert kg (mass) to kWh (energy)");
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                  "     inputs: [{process: b, amount: 3, unit: kg}]}\n"
	                                  "  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kWh}}\n",
	                             lib, PCF_E_UNIT),
	                 "t.yaml:9:45: processes[0].inputs[0].unit: process 'b' produces kWh, but this input is in kg: "
	                 "cannot convert kg (mass) to kWh (energy)");
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                  "     inputs: [{process: c, amount: 3, unit: kg}]}\n",
	                             lib, PCF_E_NOTFOUND),
	                 "t.yaml:9:25: processes[0].inputs[0].process: no process with id 'c' in this inventory");
	ck_assert_ptr_nonnull(strstr(first_error(HEAD "processes:\n"
	                                              "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                              "     inputs: [{factor: cn-grid-2099, amount: 3, unit: kWh}]}\n",
	                                         lib, PCF_E_NOTFOUND),
	                             "t.yaml:9:24: processes[0].inputs[0].factor: unknown factor 'cn-grid-2099'"));
	/* without a library, library references cannot resolve */
	ck_assert_ptr_nonnull(strstr(first_error(HEAD "processes:\n"
	                                              "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                              "     inputs: [{factor: cn-grid-2023, amount: 3, unit: kWh}]}\n",
	                                         NULL, PCF_E_NOTFOUND),
	                             "unknown factor 'cn-grid-2023'"));
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kWh}}\n",
	                             lib, PCF_E_UNIT),
	                 "t.yaml:2:71: product.declared-unit.unit: the product's process 'a' produces kWh, but the "
	                 "declared unit is in kg: cannot convert kg (mass) to kWh (energy)");
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                  "     inputs: [{supplier-footprint: {product: 'urn:x', bundle: x.pcfb}, amount: 1, unit: kg}]}\n",
	                             lib, PCF_E_UNSUPPORTED),
	                 "t.yaml:9:36: processes[0].inputs[0].supplier-footprint: supplier footprints (bundle composition) "
	                 "are not supported yet: model the supplier's product as a process, or use an emission factor");
	pcf_factor_lib_free(lib);
}
END_TEST

START_TEST(reference_process)
{
	pcf_inventory *inv;

	/* b consumes a: b is the only process nobody consumes */
	static const char one[] = HEAD "processes:\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg}}\n"
		"  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n";
	ck_assert_int_eq(pcf_inventory_parse("t.yaml", one, strlen(one), NULL, NULL, &inv, NULL, NULL), PCF_OK);
	ck_assert_uint_eq(pcf_inventory_product(inv)->reference_process, 1);
	pcf_inventory_free(inv);

	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg}}\n"
	                                  "  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg}}\n",
	                             NULL, PCF_E_INVALID),
	                 "t.yaml:2:10: product: cannot tell which process makes the product: 2 processes are consumed by "
	                 "no other ('a', 'b'); name it with product.process");
	ck_assert_str_eq(first_error(HEAD "processes:\n"
	                                  "  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                  "     inputs: [{process: b, amount: 1, unit: kg}]}\n"
	                                  "  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg},\n"
	                                  "     inputs: [{process: a, amount: 0.5, unit: kg}]}\n",
	                             NULL, PCF_E_INVALID),
	                 "t.yaml:2:10: product: cannot tell which process makes the product: every process is consumed "
	                 "by another; name it with product.process");
}
END_TEST

START_TEST(limits)
{
	pcf_parse_limits lim;
	pcf_inventory *inv = NULL;
	pcf_error err;
	static const char two[] = HEAD "processes:\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg}}\n"
		"  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n";

	pcf_parse_limits_default(&lim);
	lim.max_processes = 2;
	ck_assert_int_eq(pcf_inventory_parse("t.yaml", two, strlen(two), NULL, &lim, &inv, NULL, &err), PCF_OK);
	pcf_inventory_free(inv);
	lim.max_processes = 1;
	ck_assert_int_eq(pcf_inventory_parse("t.yaml", two, strlen(two), NULL, &lim, &inv, NULL, &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "2 processes, more than the limit of 1 (see docs/limits.md)");
	pcf_parse_limits_default(&lim);
	lim.max_bytes = 100;
	ck_assert_int_eq(pcf_inventory_load(TEST_SRCDIR "/examples/portland-cement.yaml", NULL, &lim, &inv, NULL, &err),
	                 PCF_E_LIMIT);
	ck_assert_ptr_nonnull(strstr(err.message, "larger than the limit of 100 bytes"));
	ck_assert_int_eq(pcf_inventory_load(TEST_SRCDIR "/no-such-file.yaml", NULL, NULL, &inv, NULL, &err), PCF_E_IO);
	ck_assert_int_eq(pcf_inventory_parse("t.yaml", NULL, 3, NULL, NULL, &inv, NULL, &err), PCF_E_ARG);
}
END_TEST

START_TEST(validation_json)
{
	pcf_diag *d = pcf_diag_new();
	const pcf_diag *ds[2];
	const char *files[2] = { "a.yaml", "b.yaml" };
	pcf_inventory *inv;
	char *out;
	size_t len;
	static const char bad[] = "format-version: 2\n";

	ck_assert_int_ne(pcf_inventory_parse("b.yaml", bad, strlen(bad), NULL, NULL, &inv, d, NULL), PCF_OK);
	ds[0] = NULL;
	ds[1] = d;
	ck_assert_int_eq(pcf_validation_json(files, ds, 2, &out, &len, NULL), PCF_OK);
	ck_assert_ptr_nonnull(strstr(out, "\"valid\": false"));
	ck_assert_ptr_nonnull(strstr(out, "\"file\": \"a.yaml\",\n      \"valid\": true"));
	ck_assert_ptr_nonnull(strstr(out, "\"line\": 1,\n          \"column\": 17,\n          \"path\": \"format-version\""));
	free(out);
	pcf_diag_free(d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("inventory");

	tcase_add_test(tc, cement_example);
	tcase_add_test(tc, all_errors_reported);
	tcase_add_test(tc, links_and_units);
	tcase_add_test(tc, reference_process);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, validation_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
