/*
 * test_factors.c - unit tests of emission factor libraries: the file format, precedence and
 * clashes, errors with positions, the default library, search and JSON.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/factors.h>

#include "tap.h"

static const char lib_a[] =
	"format-version: 1\n"
	"library: a\n"
	"factors:\n"
	"  - id: grid\n"
	"    name: Grid A\n"
	"    value: 0.5\n"
	"    gas: co2-fossil\n"
	"    unit: kWh\n"
	"    region: CN\n"
	"    year: 2023\n"
	"    source: test\n"
	"    licence: CC0-1.0\n"
	"  - {id: fuel, name: Fuel, unit: TJ, gases: {co2-fossil: 56100, ch4-fossil: 1, n2o: 0.1},\n"
	"     region: GLO, year: 2006, source: test, licence: CC0-1.0}\n";
static const char lib_b[] =
	"format-version: 1\n"
	"library: b\n"
	"factors:\n"
	"  - {id: grid, name: Grid B, value: 0.7, gas: co2e, gwp-set: AR5, unit: MWh, region: CN-GD, year: 2022,\n"
	"     source: other, licence: OGL-UK-3.0, url: 'https://example.org', notes: n}\n";

static pcf_factor_lib *new_lib(void)
{
	pcf_factor_lib *lib;

	ck_assert_int_eq(pcf_factor_lib_new(&lib, NULL), PCF_OK);
	return lib;
}

START_TEST(load_and_find)
{
	pcf_factor_lib *lib = new_lib();
	const pcf_factor *f;
	pcf_error err;

	ck_assert_int_eq(pcf_factor_lib_load_bytes(lib, "a.yaml", lib_a, strlen(lib_a), NULL, &err), PCF_OK);
	ck_assert_uint_eq(pcf_factor_lib_count(lib), 2);
	f = pcf_factor_lib_find(lib, "grid");
	ck_assert_ptr_nonnull(f);
	ck_assert_double_eq(f->value, 0.5);
	ck_assert_str_eq(f->unit, "kWh");
	ck_assert_uint_eq(f->n_gases, 1);
	ck_assert_str_eq(f->gases[0].gas, "co2-fossil");
	ck_assert_ptr_null(f->gwp_set);
	ck_assert_str_eq(f->region, "CN");
	ck_assert_int_eq(f->year, 2023);
	ck_assert_str_eq(f->library, "a");
	ck_assert_uint_eq(f->line, 4);
	ck_assert_uint_eq(f->column, 5);
	f = pcf_factor_lib_find(lib, "fuel");
	ck_assert_uint_eq(f->n_gases, 3);
	ck_assert(isnan(f->value));
	ck_assert_str_eq(f->gases[2].gas, "n2o");
	ck_assert_double_eq(f->gases[2].amount, 0.1);
	/* listing is in id order */
	ck_assert_str_eq(pcf_factor_lib_at(lib, 0)->id, "fuel");
	ck_assert_str_eq(pcf_factor_lib_at(lib, 1)->id, "grid");
	ck_assert_ptr_null(pcf_factor_lib_at(lib, 2));
	ck_assert_ptr_null(pcf_factor_lib_find(lib, "nope"));
	pcf_factor_lib_free(lib);
}
END_TEST

START_TEST(later_library_wins_and_clash_is_recorded)
{
	pcf_factor_lib *lib = new_lib();
	const pcf_factor *f;
	const pcf_factor_clash *c;

	ck_assert_int_eq(pcf_factor_lib_load_bytes(lib, "a.yaml", lib_a, strlen(lib_a), NULL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_load_bytes(lib, "b.yaml", lib_b, strlen(lib_b), NULL, NULL), PCF_OK);
	ck_assert_uint_eq(pcf_factor_lib_count(lib), 2);
	f = pcf_factor_lib_find(lib, "grid");
	ck_assert_str_eq(f->library, "b");
	ck_assert_str_eq(f->gases[0].gas, "co2e");
	ck_assert_str_eq(f->gwp_set, "AR5");
	ck_assert_str_eq(f->region, "CN-GD");
	ck_assert_uint_eq(pcf_factor_lib_clash_count(lib), 1);
	c = pcf_factor_lib_clash(lib, 0);
	ck_assert_str_eq(c->id, "grid");
	ck_assert_str_eq(c->winner->library, "b");
	ck_assert_str_eq(c->shadowed->library, "a");
	ck_assert_double_eq(c->shadowed->value, 0.5); /* the shadowed factor stays valid */
	ck_assert_ptr_null(pcf_factor_lib_clash(lib, 1));
	pcf_factor_lib_free(lib);
}
END_TEST

START_TEST(errors_have_positions_and_leave_the_library_unchanged)
{
	static const char bad[] =
		"format-version: 1\n"
		"library: bad\n"
		"factors:\n"
		"  - {id: x, name: X, value: -1, gas: co2-fossil, unit: kWh, region: CN, year: 2023, source: s, licence: l}\n"
		"  - {id: y, name: Y, value: 1, gas: co2, unit: kWh, region: CN, year: 2023, source: s, licence: l}\n"
		"  - {id: z, name: Z, value: 1, gas: co2e, unit: kg, region: CN, year: 2023, source: s, licence: l}\n"
		"  - {id: w, name: W, value: 1, gas: n2o, unit: kWhh, region: XX, year: 1800, source: s}\n"
		"  - {id: v, name: V, value: 1, gas: n2o, unit: kg, region: GLO, year: 2000, source: s, licence: l}\n"
		"  - {id: v, name: V, value: 1, gas: n2o, unit: kg, region: GLO, year: 2000, source: s, licence: l}\n";
	pcf_factor_lib *lib = new_lib();
	pcf_diag *d = pcf_diag_new();
	pcf_error err;
	char buf[2048];

	ck_assert_int_eq(pcf_factor_lib_load_bytes(lib, "a.yaml", lib_a, strlen(lib_a), NULL, NULL), PCF_OK);
	ck_assert_int_ne(pcf_factor_lib_load_bytes(lib, "bad.yaml", bad, strlen(bad), d, &err), PCF_OK);
	ck_assert_str_eq(pcf_error_format(&err, buf, sizeof buf),
	                 "bad.yaml:4:29: factors[0].value: expected a number of at least 0, found number -1");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 1), buf, sizeof buf),
	                 "bad.yaml:5:37: factors[1].gas: ambiguous gas 'co2': say co2-fossil or co2-biogenic");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 2), buf, sizeof buf),
	                 "bad.yaml:6:5: factors[2]: missing required key 'gwp-set'");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 3), buf, sizeof buf),
	                 "bad.yaml:7:48: factors[3].unit: unknown unit 'kWhh' (see 'Units' in docs/inventory-format.md)");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 4), buf, sizeof buf),
	                 "bad.yaml:7:5: factors[3]: missing required key 'licence'");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 5), buf, sizeof buf),
	                 "bad.yaml:7:62: factors[3].region: expected GLO, EU, an ISO 3166-1 alpha-2 country code or "
	                 "CC-SUBDIVISION, found 'XX'");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 6), buf, sizeof buf),
	                 "bad.yaml:7:72: factors[3].year: expected an integer from 1900 to 2100, found number 1800");
	ck_assert_str_eq(pcf_error_format(pcf_diag_get(d, 7), buf, sizeof buf),
	                 "bad.yaml:9:10: factors[5].id: duplicate factor id 'v' (first at line 8, column 5)");
	ck_assert_uint_eq(pcf_diag_count(d), 8);
	ck_assert_uint_eq(pcf_factor_lib_count(lib), 2);
	ck_assert_ptr_null(pcf_factor_lib_find(lib, "v"));
	pcf_diag_free(d);
	pcf_factor_lib_free(lib);
}
END_TEST

START_TEST(shape_errors)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "", "t.yaml:1:1: expected a factor library (a mapping), found an empty document" },
		{ "[]", "t.yaml:1:1: expected a factor library (a mapping), found a list" },
		{ "format-version: 2\nlibrary: l\nfactors: []\n", "t.yaml:1:17: format-version: expected format-version 1, found 2" },
		{ "format-version: 1\nfactors: []\n", "t.yaml:1:1: missing required key 'library'" },
		{ "format-version: 1\nlibrary: l\nfactors: {}\n", "t.yaml:3:10: factors: expected a list of factors (a list), found a mapping" },
		{ "format-version: 1\nlibrary: l\nfactor: []\n", "t.yaml:3:1: unknown key 'factor' (expected one of: format-version, library, description, factors; or an x- extension key)" },
		{ "format-version: 1\nlibrary: l\nfactors:\n  - {id: a, name: a, gases: {co2e: 1}, unit: kg, region: GLO, year: 2000, source: s, licence: l}\n",
		  "t.yaml:4:30: factors[0].gases.co2e: co2e cannot be mixed with gases: write value, gas: co2e and gwp-set instead" },
		{ "format-version: 1\nlibrary: l\nfactors:\n  - {id: a, name: a, value: 1, gases: {n2o: 1}, gas: n2o, unit: kg, region: GLO, year: 2000, source: s, licence: l}\n",
		  "t.yaml:4:5: factors[0]: expected either value and gas, or gases, found both" },
		{ "format-version: 1\nlibrary: l\nfactors:\n  - {id: a, name: a, value: 1, gas: n2o, gwp-set: AR5, unit: kg, region: GLO, year: 2000, source: s, licence: l}\n",
		  "t.yaml:4:51: factors[0].gwp-set: gwp-set applies only to a co2e factor (gas: co2e)" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pcf_factor_lib *lib = new_lib();
		pcf_error err;
		char buf[2048];
		ck_assert_int_ne(pcf_factor_lib_load_bytes(lib, "t.yaml", cases[i].text, strlen(cases[i].text), NULL, &err),
		                 PCF_OK);
		ck_assert_str_eq(pcf_error_format(&err, buf, sizeof buf), cases[i].want);
		pcf_factor_lib_free(lib);
	}
}
END_TEST

START_TEST(default_library)
{
	pcf_factor_lib *lib = new_lib();
	const pcf_factor *f;
	pcf_error err;

	setenv("PCF_DATA_DIR", TEST_SRCDIR "/data", 1);
	ck_assert_str_eq(pcf_data_dir(), TEST_SRCDIR "/data");
	ck_assert_int_eq(pcf_factor_lib_load_default(lib, NULL, &err), PCF_OK);
	ck_assert_uint_eq(pcf_factor_lib_clash_count(lib), 0);
	f = pcf_factor_lib_find(lib, "cn-grid-2021");
	ck_assert_double_eq(f->value, 0.5568);
	ck_assert_double_eq(pcf_factor_lib_find(lib, "cn-grid-2022")->value, 0.5366);
	ck_assert_double_eq(pcf_factor_lib_find(lib, "cn-grid-2023")->value, 0.5306);
	ck_assert_str_eq(f->library, "pcfkit-default/electricity");
	f = pcf_factor_lib_find(lib, "ipcc2006-natural-gas-tj");
	ck_assert_double_eq(f->gases[0].amount, 56100);
	/* the per-tonne factors are the per-TJ ones times the NCV */
	ck_assert_double_eq_tol(pcf_factor_lib_find(lib, "ipcc2006-diesel-t")->gases[0].amount,
	                        pcf_factor_lib_find(lib, "ipcc2006-diesel-tj")->gases[0].amount * 43.0 / 1000, 1e-9);
	ck_assert_double_eq_tol(pcf_factor_lib_find(lib, "ipcc2006-coal-bituminous-t")->gases[1].amount,
	                        pcf_factor_lib_find(lib, "ipcc2006-coal-bituminous-tj")->gases[1].amount * 25.8 / 1000, 1e-12);
	/* every factor carries a source and a licence */
	{
		size_t i;
		for (i = 0; i < pcf_factor_lib_count(lib); i++) {
			f = pcf_factor_lib_at(lib, i);
			ck_assert(f->source && *f->source);
			ck_assert(f->licence && strcmp(f->licence, "unspecified"));
			ck_assert(f->region && f->year);
		}
	}
	pcf_factor_lib_free(lib);

	lib = new_lib();
	setenv("PCF_DATA_DIR", TEST_SRCDIR "/no-such-folder", 1);
	ck_assert_int_eq(pcf_factor_lib_load_default(lib, NULL, &err), PCF_E_IO);
	ck_assert_ptr_nonnull(strstr(err.file, "no-such-folder/factors"));
	unsetenv("PCF_DATA_DIR");
	ck_assert_str_eq(pcf_data_dir(), PCF_PKGDATADIR "/data");
	pcf_factor_lib_free(lib);
}
END_TEST

START_TEST(search_and_json)
{
	pcf_factor_lib *lib = new_lib();
	const pcf_factor *f, *two[2];
	char *out;
	size_t len;

	ck_assert_int_eq(pcf_factor_lib_load_bytes(lib, "b.yaml", lib_b, strlen(lib_b), NULL, NULL), PCF_OK);
	f = pcf_factor_lib_find(lib, "grid");
	ck_assert(pcf_factor_matches(f, "GRID"));
	ck_assert(pcf_factor_matches(f, "cn-gd"));
	ck_assert(pcf_factor_matches(f, "MWh"));
	ck_assert(!pcf_factor_matches(f, "coal"));
	ck_assert_int_eq(pcf_factors_json(&f, 1, 0, &out, &len, NULL), PCF_OK);
	ck_assert_str_eq(out, "{\n  \"id\": \"grid\",\n  \"name\": \"Grid B\",\n  \"value\": 0.7,\n  \"unit\": \"MWh\",\n"
	                      "  \"gases\": {\n    \"co2e\": 0.7\n  },\n  \"gwp-set\": \"AR5\",\n  \"region\": \"CN-GD\",\n"
	                      "  \"year\": 2022,\n  \"source\": \"other\",\n  \"url\": \"https://example.org\",\n"
	                      "  \"licence\": \"OGL-UK-3.0\",\n  \"notes\": \"n\",\n  \"library\": \"b\"\n}\n");
	ck_assert_uint_eq(len, strlen(out));
	free(out);
	two[0] = two[1] = f;
	ck_assert_int_eq(pcf_factors_json(two, 2, 1, &out, &len, NULL), PCF_OK);
	ck_assert(out[0] == '[');
	free(out);
	ck_assert_int_eq(pcf_factors_json(two, 2, 0, &out, &len, NULL), PCF_E_ARG);
	pcf_factor_lib_free(lib);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("factors");
	TCase *tc = tcase_create("factors");

	tcase_add_test(tc, load_and_find);
	tcase_add_test(tc, later_library_wins_and_clash_is_recorded);
	tcase_add_test(tc, errors_have_positions_and_leave_the_library_unchanged);
	tcase_add_test(tc, shape_errors);
	tcase_add_test(tc, default_library);
	tcase_add_test(tc, search_and_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
