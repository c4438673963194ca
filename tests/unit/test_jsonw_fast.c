/*
 * test_jsonw_fast.c - the JSON writer's fast paths give the same bytes as the simple code they
 * replaced (tests/unit/jsonw_ref.h): shortest round-trip numbers on a deterministic mix of 60,000
 * doubles (bench/check-format-double runs millions), and string escaping of every byte value, of
 * long runs of safe bytes, and of text where escapes and safe runs alternate.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "jsonw_ref.h"
#include "tap.h"

START_TEST(numbers_match_the_reference)
{
	unsigned long long state = 20261129, i;
	char a[40], b[40];
	size_t bad = 0;

	for (i = 0; i < 60000; i++) {
		double v = ref_test_double(&state, i);
		ck_assert_int_eq(pcfi_format_double(v, a, sizeof a), 0);
		ck_assert_int_eq(ref_format_double(v, b, sizeof b), 0);
		if (strcmp(a, b) && bad++ < 5)
			fprintf(stderr, "# %.17g: fast %s, reference %s\n", v, a, b);
		ck_assert_double_eq(strtod(a, NULL), v);
	}
	ck_assert_uint_eq(bad, 0);
	/* corners, spelled out */
	pcfi_format_double(5e-324, a, sizeof a);
	ck_assert_str_eq(a, "5e-324");
	pcfi_format_double(-0.0, a, sizeof a);
	ck_assert_str_eq(a, "0");
	pcfi_format_double(9007199254740992.0, a, sizeof a);
	ck_assert_str_eq(a, "9007199254740992");
	pcfi_format_double(-123456789012.0, a, sizeof a);
	ck_assert_str_eq(a, "-123456789012");
	pcfi_format_double(1e21, a, sizeof a);
	ck_assert_str_eq(a, "1e+21");
	pcfi_format_double(0.1 + 0.2, a, sizeof a);
	ck_assert_str_eq(a, "0.30000000000000004");
	pcfi_format_double(1.7976931348623157e308, a, sizeof a);
	ck_assert_str_eq(a, "1.7976931348623157e+308");
	ck_assert_int_eq(pcfi_format_double(NAN, a, sizeof a), -1);
}
END_TEST

/* The writer's text for one string value. */
static char *written(const char *s, size_t len)
{
	pcfi_jsonw w;
	char *out = NULL;
	size_t n;

	pcfi_jsonw_init(&w);
	pcfi_jsonw_stringn(&w, s, len);
	ck_assert_int_eq(pcfi_jsonw_finish(&w, &out, &n), PCF_OK);
	ck_assert_uint_eq(n, strlen(out));
	return out;
}

static void same_as_reference(const char *s, size_t len)
{
	char *want = malloc(6 * len + 4), *got = written(s, len);
	size_t n = ref_escape(s, len, want);

	want[n++] = '\n';              /* the writer ends its text with a newline */
	want[n] = '\0';
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}

START_TEST(strings_match_the_reference)
{
	char all[256], mixed[3000];
	unsigned long long state = 7;
	size_t i;
	int c;

	for (c = 0; c < 256; c++) {
		char one = (char)c;
		all[c] = (char)c;
		same_as_reference(&one, 1);
	}
	same_as_reference(all, sizeof all);
	same_as_reference("", 0);
	same_as_reference("urn:example:bench:product-1", 27);
	for (i = 0; i < sizeof mixed; i++) {
		unsigned long long r = ref_rand(&state);
		/* mostly safe runs of random length, with escapes and UTF-8 bytes between them */
		mixed[i] = (char)(r % 10 == 0 ? "\"\\\n\r\t\x01\x7f\x1f"[(r >> 8) % 8] : r % 10 == 1 ? 0xc3 : 'a' + (int)((r >> 8) % 26));
	}
	for (i = 0; i <= sizeof mixed; i += 97)
		same_as_reference(mixed, i);
	same_as_reference(mixed + 1, sizeof mixed - 1);
}
END_TEST

START_TEST(keys_and_indentation)
{
	pcfi_jsonw w;
	char *out = NULL;
	size_t n;
	int d;

	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "a\"b");
	for (d = 0; d < 40; d++)
		pcfi_jsonw_begin_array(&w);
	pcfi_jsonw_number(&w, 1.5);
	for (d = 0; d < 40; d++)
		pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	ck_assert_int_eq(pcfi_jsonw_finish(&w, &out, &n), PCF_OK);
	/* 41 levels deep: the number is indented by 82 spaces */
	ck_assert_ptr_nonnull(strstr(out, "{\n  \"a\\\"b\": [\n    [\n"));
	{
		char want[100];
		memset(want, ' ', 82);
		strcpy(want + 82, "1.5\n");
		ck_assert_ptr_nonnull(strstr(out, want));
	}
	free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("jsonw_fast");
	TCase *tc = tcase_create("jsonw_fast");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, numbers_match_the_reference);
	tcase_add_test(tc, strings_match_the_reference);
	tcase_add_test(tc, keys_and_indentation);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
