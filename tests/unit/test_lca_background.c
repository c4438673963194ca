/*
 * test_lca_background.c - background processes as inventory inputs (lca/background.c): the factor a
 * library process becomes (gases by hand from tests/data/lca/make_chain.py), its export with the
 * library factors and the same inventory parsed again from the exported file alone, bit for bit.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcf/inventory.h>
#include <pcf/lca.h>
#include <pcf/library.h>
#include <pcf/solve.h>

#include "tap.h"

#define INV                                                                                          \
	"format-version: 1\n"                                                                            \
	"product: {id: 'urn:test:p', name: P, declared-unit: {amount: 1, unit: kg}}\n"                 \
	"reporting-period: {start: 2023-01-01, end: 2023-12-31}\n"                                       \
	"organisation: {name: Test}\n"                                                                   \
	"site: {country: US}\n"                                                                          \
	"boundary: cradle-to-gate\n"                                                                     \
	"processes:\n"                                                                                   \
	"  - id: p\n    name: P\n    stage: production\n    reference-flow: {amount: 1, unit: kg}\n"     \
	"    inputs:\n"                                                                                  \
	"      - {background: {library: chain, process: p-diesel-a}, amount: 2, unit: kg}\n"            \
	"      - background: {library: chain, process: Steel production, removals: exclude,\n"          \
	"                      providers: {f-diesel: p-diesel-a}}\n"                                      \
	"        amount: 500\n        unit: g\n"

static char libpath[256];
static pcf_library *lib;

static void setup(void)
{
	pcf_error err;
	snprintf(libpath, sizeof libpath, "%s/test_lca_background.%ld.lib", TEST_BUILDDIR, (long)getpid());
	ck_assert_msg(pcf_lca_import_olca(TEST_SRCDIR "/tests/data/lca/chain", libpath, 1, NULL, NULL, NULL, &err) ==
	                      PCF_OK,
	              "%s", err.message);
	ck_assert_int_eq(pcf_library_open(libpath, &lib, &err), PCF_OK);
}

static void teardown(void)
{
	pcf_library_close(lib);
	unlink(libpath);
}

static double gas(const pcf_factor *f, const char *g)
{
	size_t i;
	for (i = 0; i < f->n_gases; i++)
		if (!strcmp(f->gases[i].gas, g))
			return f->gases[i].amount;
	return NAN;
}

static int close_to(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fabs(b);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

START_TEST(factor_by_hand_and_export_round_trip)
{
	pcf_factor_lib *fl, *again;
	pcf_lca_background *bg;
	pcf_inventory *a, *b;
	const pcf_factor *d, *s;
	pcf_error err;
	char *text;
	size_t len, i, j, n;
	double sa[1], sb[1];
	pcf_lci *la, *lb;

	ck_assert_int_eq(pcf_factor_lib_new(&fl, &err), PCF_OK);
	ck_assert_int_eq(pcf_lca_background_new(&bg, &err), PCF_OK);
	ck_assert_int_eq(pcf_lca_background_add(bg, "chain", lib, &err), PCF_OK);
	ck_assert_int_eq(pcf_lca_background_add(bg, "chain", lib, &err), PCF_E_INVALID);
	pcf_factor_lib_set_background(fl, pcf_lca_background_resolve, bg);
	ck_assert_msg(pcf_inventory_parse("t.yaml", INV, strlen(INV), fl, NULL, &a, NULL, &err) == PCF_OK, "%s",
	              err.message);
	ck_assert_uint_eq(pcf_inventory_factor_count(a), 2);
	ck_assert_uint_eq(pcf_lca_background_factor_count(bg), 2);
	d = pcf_inventory_factor(a, 0);
	s = pcf_inventory_factor(a, 1);
	ck_assert_str_eq(d->id, "lca:chain:p-diesel-a");
	ck_assert_str_eq(d->library, "chain");
	ck_assert_str_eq(d->unit, "kg");
	ck_assert_str_eq(d->region, "US");
	ck_assert_int_eq(d->year, 2023);
	ck_assert_uint_eq(d->n_gases, 1);
	ck_assert(d->value == 0.3 && gas(d, "co2-fossil") == 0.3);
	ck_assert_ptr_nonnull(strstr(d->source, pcf_library_digest_hex(lib)));
	ck_assert_ptr_nonnull(strstr(d->notes, "pcf compute --library chain --process p-diesel-a"));
	ck_assert_str_eq(s->id, "lca:chain:Steel production;f-diesel=p-diesel-a;removals=exclude");
	/* per kg of steel (make_chain.py): 0.8 kg of it allocated; 1.6 x 0.8 = 1.28 kg fuel; 0.4 x 0.8 = 0.32 kWh;
	 * 0.2 x 0.8 = 0.16 kg diesel. co2-fossil 0.8 + 1.28 x 3 + (1.28 x 0.1 + 0.32) x 0.5 + 0.16 x 0.3 = 4.912;
	 * ch4 0.8 x 0.01; n2o 1.28 x 0.001; biogenic (0.128 + 0.32) x (0.2 - 0.05) = 0.0672; uptake left out */
	ck_assert_uint_eq(s->n_gases, 4);
	ck_assert(isnan(s->value));
	ck_assert_msg(close_to(gas(s, "co2-fossil"), 4.912), "%.17g", gas(s, "co2-fossil"));
	ck_assert(close_to(gas(s, "ch4-fossil"), 0.008));
	ck_assert(close_to(gas(s, "n2o"), 0.00128));
	ck_assert(close_to(gas(s, "co2-biogenic"), 0.0672));
	ck_assert_msg(strstr(s->notes, "CO2 uptake of 0.0896") != NULL, "%s", s->notes);
	ck_assert(close_to(pcf_inventory_process(a, 0)->inputs[1].converted, 0.5));

	/* export, and parse again from the exported factors alone (no resolver, no default library) */
	ck_assert_int_eq(pcf_inventory_factors_export(a, "bundle", &text, &len, &err), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_new(&again, &err), PCF_OK);
	ck_assert_msg(pcf_factor_lib_load_bytes(again, "factors.json", text, len, NULL, &err) == PCF_OK, "%s", err.message);
	ck_assert_msg(pcf_inventory_parse("t.yaml", INV, strlen(INV), again, NULL, &b, NULL, &err) == PCF_OK, "%s",
	              err.message);
	ck_assert_uint_eq(pcf_inventory_factor_count(b), 2);
	for (i = 0; i < 2; i++) {
		const pcf_factor *x = pcf_inventory_factor(a, i), *y = pcf_inventory_factor(b, i);
		ck_assert_str_eq(x->id, y->id);
		ck_assert(same(x->name, y->name) && same(x->unit, y->unit) && same(x->gwp_set, y->gwp_set));
		ck_assert(same(x->region, y->region) && same(x->source, y->source) && same(x->licence, y->licence));
		ck_assert(same(x->url, y->url) && same(x->notes, y->notes) && same(x->library, y->library));
		ck_assert_int_eq(x->year, y->year);
		ck_assert_uint_eq(x->n_gases, y->n_gases);
		for (j = 0; j < x->n_gases; j++) {
			ck_assert_str_eq(x->gases[j].gas, y->gases[j].gas);
			ck_assert(memcmp(&x->gases[j].amount, &y->gases[j].amount, sizeof(double)) == 0);
		}
	}
	ck_assert_int_eq(pcf_solve(a, sa, 1, &err), PCF_OK);
	ck_assert_int_eq(pcf_solve(b, sb, 1, &err), PCF_OK);
	ck_assert_int_eq(pcf_lci_build(a, sa, 1, &la, &err), PCF_OK);
	ck_assert_int_eq(pcf_lci_build(b, sb, 1, &lb, &err), PCF_OK);
	n = pcf_lci_count(la);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(n, pcf_lci_count(lb));
	for (i = 0; i < n; i++)
		ck_assert(memcmp(&pcf_lci_flow_at(la, i)->amount_kg, &pcf_lci_flow_at(lb, i)->amount_kg, sizeof(double)) == 0);
	pcf_lci_free(la);
	pcf_lci_free(lb);
	free(text);
	pcf_inventory_free(a);
	pcf_inventory_free(b);
	pcf_factor_lib_free(again);
	pcf_factor_lib_free(fl);
	pcf_lca_background_free(bg);
}
END_TEST

/* Without the removals choice the steel is refused; without a resolver or exported factor, each input is named. */
START_TEST(refusals)
{
	static const char removals[] =
		"format-version: 1\n"
		"product: {id: 'urn:test:p', name: P, declared-unit: {amount: 1, unit: kg}}\n"
		"reporting-period: {start: 2023-01-01, end: 2023-12-31}\n"
		"organisation: {name: Test}\nsite: {country: US}\nboundary: cradle-to-gate\n"
		"processes:\n"
		"  - {id: p, name: P, stage: production, reference-flow: {amount: 1, unit: kg}, inputs: [\n"
		"     {background: {library: chain, process: p-fuel}, amount: 1, unit: kg}]}\n";
	pcf_factor_lib *fl;
	pcf_lca_background *bg;
	pcf_inventory *a = NULL;
	pcf_error err;

	ck_assert_int_eq(pcf_factor_lib_new(&fl, &err), PCF_OK);
	ck_assert_int_ne(pcf_inventory_parse("t.yaml", INV, strlen(INV), fl, NULL, &a, NULL, &err), PCF_OK);
	ck_assert_str_eq(err.message, "background process 'p-diesel-a' of library 'chain': no process library was given "
	                              "(--library chain=FILE), and no factor 'lca:chain:p-diesel-a' is in the factor "
	                              "libraries");
	ck_assert_int_eq(pcf_lca_background_new(&bg, &err), PCF_OK);
	ck_assert_int_eq(pcf_lca_background_add(bg, "chain", lib, &err), PCF_OK);
	pcf_factor_lib_set_background(fl, pcf_lca_background_resolve, bg);
	ck_assert_int_eq(pcf_inventory_parse("t.yaml", removals, strlen(removals), fl, NULL, &a, NULL, &err),
	                 PCF_E_UNSUPPORTED);
	ck_assert_ptr_null(a);
	ck_assert_ptr_nonnull(strstr(err.message, "'p-fuel' (Fuel oil production) takes up CO2"));
	ck_assert_ptr_nonnull(strstr(err.message, "write 'removals: exclude'"));
	pcf_factor_lib_free(fl);
	pcf_lca_background_free(bg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("lca-background");
	TCase *tc = tcase_create("background");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, factor_by_hand_and_export_round_trip);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
