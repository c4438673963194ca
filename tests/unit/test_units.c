/*
 * test_units.c - unit tests of the unit system: look-up, aliases, exact conversions, dimension
 * and currency errors.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <pcf/units.h>

#include "tap.h"

static double conv(double v, const char *from, const char *to)
{
	double out = NAN;
	pcf_error err;

	ck_assert_msg(pcf_unit_convert(v, from, to, &out, &err) == PCF_OK, "%s -> %s: %s", from, to, err.message);
	return out;
}

START_TEST(lookup_and_aliases)
{
	pcf_unit u;
	pcf_error err;

	ck_assert_int_eq(pcf_unit_lookup("kWh", &u, &err), PCF_OK);
	ck_assert_str_eq(u.symbol, "kWh");
	ck_assert_int_eq(u.dimension, PCF_DIM_ENERGY);
	ck_assert_double_eq(u.to_base, 3600000);
	ck_assert_int_eq(pcf_unit_lookup("t*km", &u, &err), PCF_OK);
	ck_assert_str_eq(u.symbol, "tkm");
	ck_assert_int_eq(u.dimension, PCF_DIM_MASS_DISTANCE);
	ck_assert_int_eq(pcf_unit_lookup("item", &u, &err), PCF_OK);
	ck_assert_str_eq(u.symbol, "piece");
	ck_assert_int_eq(pcf_unit_lookup("m³", &u, &err), PCF_OK);
	ck_assert_str_eq(u.symbol, "m3");
	ck_assert_int_eq(pcf_unit_lookup("EUR", &u, &err), PCF_OK);
	ck_assert_int_eq(u.dimension, PCF_DIM_CURRENCY);
	ck_assert_str_eq(u.name, "Euro");
	ck_assert_int_eq(pcf_unit_lookup("CNY", NULL, &err), PCF_OK);
	ck_assert_int_eq(pcf_unit_lookup("XXX", NULL, &err), PCF_E_UNIT); /* not a currency */
	ck_assert_int_eq(pcf_unit_lookup("eur", NULL, &err), PCF_E_UNIT); /* codes are upper case */
	ck_assert_int_eq(pcf_unit_lookup("KG", NULL, &err), PCF_E_UNIT);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown unit 'KG'"));
	ck_assert_int_eq(pcf_unit_lookup(NULL, NULL, &err), PCF_E_UNIT);
}
END_TEST

/* Conversions whose result is exactly representable come out exact. */
START_TEST(exact_conversions)
{
	ck_assert_double_eq(conv(1, "kWh", "MJ"), 3.6);
	ck_assert_double_eq(conv(1, "MWh", "GJ"), 3.6);
	ck_assert_double_eq(conv(2.5, "t", "kg"), 2500);
	ck_assert_double_eq(conv(1, "g", "kg"), 0.001);
	ck_assert_double_eq(conv(1, "lb", "kg"), 0.45359237);
	ck_assert_double_eq(conv(1, "mi", "km"), 1.609344);
	ck_assert_double_eq(conv(1, "Btu", "J"), 1055.05585262);
	ck_assert_double_eq(conv(1, "therm", "MJ"), 105.505585257);
	ck_assert_double_eq(conv(1, "MMBtu", "GJ"), 1.05505585262);
	ck_assert_double_eq(conv(1000, "L", "m3"), 1);
	ck_assert_double_eq(conv(1, "gal", "L"), 3.785411784);
	ck_assert_double_eq(conv(1, "tkm", "kgkm"), 1000);
	ck_assert_double_eq(conv(1, "ha", "m2"), 10000);
	ck_assert_double_eq(conv(3, "h", "min"), 180);
	ck_assert_double_eq(conv(12, "piece", "item"), 12);
	ck_assert_double_eq(conv(7, "EUR", "EUR"), 7);
	ck_assert_double_eq(conv(0.5366, "kWh", "kWh"), 0.5366);
	/* 1 kWh is 3.6e-6 TJ: the ratio is reduced to 9/2500000 and rounded once */
	ck_assert_double_eq(conv(1, "kWh", "TJ"), 3.6e-6);
	ck_assert_double_eq(conv(1, "TJ", "kWh"), 1e12 / 3.6e6);
}
END_TEST

START_TEST(factor_of_conversion)
{
	double f;
	pcf_error err;

	ck_assert_int_eq(pcf_unit_factor("t", "g", &f, &err), PCF_OK);
	ck_assert_double_eq(f, 1e6);
	ck_assert_int_eq(pcf_unit_factor("kg", "kWh", &f, &err), PCF_E_UNIT);
}
END_TEST

START_TEST(dimension_errors_name_both_units)
{
	double out;
	pcf_error err;

	ck_assert_int_eq(pcf_unit_convert(1, "kg", "kWh", &out, &err), PCF_E_UNIT);
	ck_assert_str_eq(err.message, "cannot convert kg (mass) to kWh (energy)");
	ck_assert_int_eq(pcf_unit_convert(1, "tkm", "km", &out, &err), PCF_E_UNIT);
	ck_assert_str_eq(err.message, "cannot convert tkm (mass*distance) to km (length)");
	ck_assert_int_eq(pcf_unit_convert(1, "EUR", "USD", &out, &err), PCF_E_UNIT);
	ck_assert_ptr_nonnull(strstr(err.message, "does not convert between currencies"));
	ck_assert_int_eq(pcf_unit_convert(1, "EUR", "kg", &out, &err), PCF_E_UNIT);
	ck_assert_int_eq(pcf_unit_convert(1, "furlong", "m", &out, &err), PCF_E_UNIT);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown unit 'furlong'"));
	ck_assert_int_eq(pcf_unit_convert(NAN, "kg", "g", &out, &err), PCF_E_ARG);
	ck_assert_int_eq(pcf_unit_convert(1e300, "t", "mg", &out, &err), PCF_E_UNIT);
}
END_TEST

START_TEST(names_and_listing)
{
	size_t i, n = pcf_unit_count(), currencies = 0;

	ck_assert_str_eq(pcf_dimension_name(PCF_DIM_MASS_DISTANCE), "mass*distance");
	ck_assert_str_eq(pcf_dimension_name((pcf_dimension)99), "none");
	ck_assert_str_eq(pcf_dimension_base(PCF_DIM_ENERGY), "J");
	ck_assert_ptr_null(pcf_dimension_base(PCF_DIM_CURRENCY));
	ck_assert_uint_gt(n, 150);
	for (i = 0; i < n; i++) {
		const pcf_unit *u = pcf_unit_at(i);
		pcf_unit v;
		ck_assert_ptr_nonnull(u);
		ck_assert_int_eq(pcf_unit_lookup(u->symbol, &v, NULL), PCF_OK);
		ck_assert_int_eq(v.dimension, u->dimension);
		currencies += u->dimension == PCF_DIM_CURRENCY;
	}
	ck_assert_uint_gt(currencies, 150);
	ck_assert_ptr_null(pcf_unit_at(n));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("units");

	tcase_add_test(tc, lookup_and_aliases);
	tcase_add_test(tc, exact_conversions);
	tcase_add_test(tc, factor_of_conversion);
	tcase_add_test(tc, dimension_errors_name_both_units);
	tcase_add_test(tc, names_and_listing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
