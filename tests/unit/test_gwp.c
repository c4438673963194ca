/*
 * test_gwp.c - unit tests of gas look-up and the AR4/AR5/AR6 GWP100 sets.
 */
#include "config.h"

#include <string.h>

#include <pcf/gwp.h>

#include "tap.h"

static double gwp(const char *set, const char *gas)
{
	double v = -1;
	pcf_error err;

	ck_assert_msg(pcf_gwp_value(pcf_gwp_set_get(set), gas, &v, &err) == PCF_OK, "%s %s: %s", set, gas, err.message);
	return v;
}

START_TEST(values_per_set)
{
	/* CH4 split by origin (AR6 WG1 Table 7.15; AR5 Table 8.A.1; AR4 one value for both) */
	ck_assert_double_eq(gwp("AR6", "ch4-fossil"), 29.8);
	ck_assert_double_eq(gwp("AR6", "ch4-non-fossil"), 27.0);
	ck_assert_double_eq(gwp("AR5", "ch4-fossil"), 30);
	ck_assert_double_eq(gwp("AR5", "ch4-non-fossil"), 28);
	ck_assert_double_eq(gwp("AR4", "ch4-fossil"), 25);
	ck_assert_double_eq(gwp("AR4", "ch4-non-fossil"), 25);
	/* from the CC0 table */
	ck_assert_double_eq(gwp("AR6", "n2o"), 273);
	ck_assert_double_eq(gwp("AR5", "n2o"), 265);
	ck_assert_double_eq(gwp("AR4", "n2o"), 298);
	ck_assert_double_eq(gwp("AR6", "sf6"), 25200);
	ck_assert_double_eq(gwp("AR5", "SF6"), 23500);
	ck_assert_double_eq(gwp("AR4", "sf6"), 22800);
	ck_assert_double_eq(gwp("AR6", "nf3"), 17400);
	ck_assert_double_eq(gwp("AR6", "HFC-134a"), 1530);
	ck_assert_double_eq(gwp("AR5", "hfc134a"), 1300);
	ck_assert_double_eq(gwp("AR4", "hfc-134a"), 1430);
	ck_assert_double_eq(gwp("AR6", "hfc-23"), 14600);
	ck_assert_double_eq(gwp("AR6", "cf4"), 7380);
	ck_assert_double_eq(gwp("AR6", "PFC-14"), 7380);
	ck_assert_double_eq(gwp("AR6", "pfc-116"), 12400);
	ck_assert_double_eq(gwp("ar6", "co2-fossil"), 1);
	ck_assert_double_eq(gwp("AR4", "co2-biogenic"), 1);
}
END_TEST

START_TEST(missing_values_and_unknown_gases)
{
	double v;
	pcf_error err;

	/* HFC-41 has no AR4 value in the table */
	ck_assert_int_eq(pcf_gwp_value(pcf_gwp_set_get("AR4"), "hfc-41", &v, &err), PCF_E_NOTFOUND);
	ck_assert_str_eq(err.message, "AR4 has no GWP100 for hfc-41");
	ck_assert_int_eq(pcf_gwp_value(pcf_gwp_set_get("AR6"), "co2", &v, &err), PCF_E_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "co2-fossil or co2-biogenic"));
	ck_assert_int_eq(pcf_gwp_value(pcf_gwp_set_get("AR6"), "ch4", &v, &err), PCF_E_NOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "ch4-fossil or ch4-non-fossil"));
	ck_assert_int_eq(pcf_gwp_value(pcf_gwp_set_get("AR6"), "unobtainium", &v, &err), PCF_E_NOTFOUND);
	ck_assert_int_eq(pcf_gwp_value(NULL, "n2o", &v, &err), PCF_E_ARG);
	ck_assert_ptr_null(pcf_gwp_set_get("AR3"));
	ck_assert_ptr_null(pcf_gwp_set_get(NULL));
}
END_TEST

START_TEST(sets_describe_themselves)
{
	const pcf_gwp_set *s = pcf_gwp_set_default();

	ck_assert_str_eq(pcf_gwp_set_name(s), "AR6");
	ck_assert_str_eq(pcf_gwp_set_title(s), "IPCC AR6 GWP100");
	ck_assert_ptr_nonnull(strstr(pcf_gwp_set_source(s), "CC0"));
	ck_assert_ptr_nonnull(strstr(pcf_gwp_set_source(pcf_gwp_set_get("AR4")), "25"));
}
END_TEST

START_TEST(gases)
{
	pcf_gas g;
	size_t i;

	ck_assert_int_eq(pcf_gas_lookup("HFC-134a", &g, NULL), PCF_OK);
	ck_assert_str_eq(g.id, "hfc-134a");
	ck_assert_str_eq(g.formula, "HFC134a");
	ck_assert_int_eq(g.group, PCF_GAS_HFC);
	ck_assert_int_eq(pcf_gas_lookup("ch4-non-fossil", &g, NULL), PCF_OK);
	ck_assert_int_eq(g.biogenic, 1);
	ck_assert_int_eq(g.group, PCF_GAS_CH4);
	ck_assert_int_eq(pcf_gas_lookup("c2f6", &g, NULL), PCF_OK);
	ck_assert_int_eq(g.group, PCF_GAS_PFC);
	ck_assert_int_eq(pcf_gas_lookup("co2e", &g, NULL), PCF_E_NOTFOUND);
	ck_assert_uint_gt(pcf_gas_count(), 80);
	for (i = 0; i < pcf_gas_count(); i++) {
		const pcf_gas *p = pcf_gas_at(i);
		double v;
		int any = 0;
		ck_assert_int_eq(pcf_gas_lookup(p->id, &g, NULL), PCF_OK);
		ck_assert_str_eq(g.id, p->id); /* ids are unique after normalisation */
		any |= pcf_gwp_value(pcf_gwp_set_get("AR4"), p->id, &v, NULL) == PCF_OK;
		any |= pcf_gwp_value(pcf_gwp_set_get("AR5"), p->id, &v, NULL) == PCF_OK;
		any |= pcf_gwp_value(pcf_gwp_set_get("AR6"), p->id, &v, NULL) == PCF_OK;
		ck_assert(any);
	}
	ck_assert_ptr_null(pcf_gas_at(pcf_gas_count()));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gwp");
	TCase *tc = tcase_create("gwp");

	tcase_add_test(tc, values_per_set);
	tcase_add_test(tc, missing_values_and_unknown_gases);
	tcase_add_test(tc, sets_describe_themselves);
	tcase_add_test(tc, gases);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
