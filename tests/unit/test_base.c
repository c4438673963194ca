/*
 * test_base.c - unit tests of the error model, the byte buffer and the JSON writer.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_impl.h"
#include "base/jsonw.h"
#include "tap.h"

START_TEST(error_format_full)
{
	pcf_error e;
	char buf[2048];

	pcfi_error_at(&e, PCF_E_SYNTAX, "inv.yaml", 3, 7, "processes[0].unit", "expected a unit, found '%s'", "kgg");
	ck_assert_int_eq(e.status, PCF_E_SYNTAX);
	ck_assert_str_eq(pcf_error_format(&e, buf, sizeof buf),
	                 "inv.yaml:3:7: processes[0].unit: expected a unit, found 'kgg'");
}
END_TEST

START_TEST(error_format_parts)
{
	pcf_error e;
	char buf[64];

	pcfi_error(&e, PCF_E_IO, "cannot open");
	ck_assert_str_eq(pcf_error_format(&e, buf, sizeof buf), "cannot open");
	pcfi_error_at(&e, PCF_E_IO, "f", 0, 0, NULL, "gone");
	ck_assert_str_eq(pcf_error_format(&e, buf, sizeof buf), "f: gone");
	/* truncation keeps the buffer terminated */
	pcfi_error_at(&e, PCF_E_IO, "a-very-long-file-name-that-does-not-fit-in-sixteen", 1, 1, NULL, "x");
	pcf_error_format(&e, buf, 16);
	ck_assert_uint_eq(strlen(buf), 15);
}
END_TEST

START_TEST(status_names)
{
	ck_assert_str_eq(pcf_status_str(PCF_OK), "ok");
	ck_assert_str_eq(pcf_status_str(PCF_E_RULE), "methodology rule broken");
	ck_assert_str_eq(pcf_status_str((pcf_status)9999), "unknown status");
}
END_TEST

START_TEST(diag_collects)
{
	pcf_diag *d = pcf_diag_new();
	pcf_error e;
	size_t i;

	ck_assert_ptr_nonnull(d);
	for (i = 0; i < 20; i++) {
		pcfi_error_at(&e, PCF_E_INVALID, "f", i + 1, 1, NULL, "error %zu", i);
		ck_assert_int_eq(pcfi_diag_add(d, &e), PCF_OK);
	}
	ck_assert_uint_eq(pcf_diag_count(d), 20);
	ck_assert_uint_eq(pcf_diag_get(d, 19)->line, 20);
	ck_assert_ptr_null(pcf_diag_get(d, 20));
	pcf_diag_free(d);
}
END_TEST

static char *write_sample(double v)
{
	pcfi_jsonw w;
	char *out;
	size_t len;

	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "name");
	pcfi_jsonw_string(&w, "a\"b\\c\n\x01");
	pcfi_jsonw_key(&w, "values");
	pcfi_jsonw_begin_array(&w);
	pcfi_jsonw_number(&w, v);
	pcfi_jsonw_int(&w, -3);
	pcfi_jsonw_bool(&w, 1);
	pcfi_jsonw_null(&w);
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "empty");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_end_object(&w);
	if (pcfi_jsonw_finish(&w, &out, &len) != PCF_OK)
		return NULL;
	ck_assert_uint_eq(strlen(out), len);
	return out;
}

START_TEST(jsonw_layout)
{
	char *out = write_sample(0.1);

	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, "{\n  \"name\": \"a\\\"b\\\\c\\n\\u0001\",\n  \"values\": [\n    0.1,\n    -3,\n"
	                      "    true,\n    null\n  ],\n  \"empty\": {}\n}\n");
	free(out);
}
END_TEST

START_TEST(jsonw_round_trip_numbers)
{
	static const double vals[] = { 0.1, 1.0 / 3, 2.5e-300, 1e22, 123456789.125, -0.0, 5e-324, 1.7976931348623157e308 };
	char buf[40];
	size_t i;

	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		ck_assert_int_eq(pcfi_format_double(vals[i], buf, sizeof buf), 0);
		ck_assert(strtod(buf, NULL) == vals[i]);
	}
	pcfi_format_double(0.1 + 0.2, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.30000000000000004");
	pcfi_format_double(-0.0, buf, sizeof buf);
	ck_assert_str_eq(buf, "0");
	/* plain notation for exponents -7..20, scientific beyond */
	static const struct { double v; const char *s; } layout[] = {
		{ 10, "10" }, { 100, "100" }, { 1e20, "100000000000000000000" }, { 1e21, "1e+21" },
		{ 0.001, "0.001" }, { 1.5e-7, "0.00000015" }, { 1.5e-8, "1.5e-08" }, { -2.5, "-2.5" },
		{ 123456789.125, "123456789.125" }, { 1.2e22, "1.2e+22" }, { -1e-300, "-1e-300" },
		{ 812.5, "812.5" }, { 5e-324, "5e-324" }, { 1.7976931348623157e308, "1.7976931348623157e+308" },
	};
	for (i = 0; i < sizeof layout / sizeof layout[0]; i++) {
		ck_assert_int_eq(pcfi_format_double(layout[i].v, buf, sizeof buf), 0);
		ck_assert_str_eq(buf, layout[i].s);
		ck_assert(strtod(buf, NULL) == layout[i].v);
	}
	ck_assert_int_eq(pcfi_format_double(NAN, buf, sizeof buf), -1);
}
END_TEST

START_TEST(jsonw_refuses_nonfinite_and_misuse)
{
	pcfi_jsonw w;
	char *out;

	ck_assert_ptr_null(write_sample(INFINITY));
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	ck_assert_int_eq(pcfi_jsonw_finish(&w, &out, NULL), PCF_E_INTERNAL);
	ck_assert_ptr_null(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("base");

	tcase_add_test(tc, error_format_full);
	tcase_add_test(tc, error_format_parts);
	tcase_add_test(tc, status_names);
	tcase_add_test(tc, diag_collects);
	tcase_add_test(tc, jsonw_layout);
	tcase_add_test(tc, jsonw_round_trip_numbers);
	tcase_add_test(tc, jsonw_refuses_nonfinite_and_misuse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
