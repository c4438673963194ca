/*
 * test_layout.c - unit tests of the base facilities that issue 12 gave one home each: the time grammar
 * and calendar check (base/timefmt.c), the hex encoder (base/hex.c), the va_list error formatter
 * (base/error.c), and the version field of the public option structs (pcf_parse_limits,
 * pcf_signer_options, pcf_bundle_input).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include <pcf/pcf.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "base/hex.h"
#include "base/timefmt.h"
#include "bundle/reader_impl.h"
#include "tap.h"

START_TEST(time_forms)
{
	int64_t t = 7;

	ck_assert_int_eq(pcfi_time_parse("2026-11-29T16:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, 1795968000);
	ck_assert_int_eq(pcfi_time_parse("2026-11-29T16:00:00+00:00", PCFI_TIME_STRICT, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("@1795968000", PCFI_TIME_STRICT, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("1795968000", PCFI_TIME_OFFSET, &t), PCFI_TIME_SYNTAX);
	t = 0;
	ck_assert_int_eq(pcfi_time_parse("2026-11-29T16:00:00+00:00", PCFI_TIME_ANY, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, 1795968000);
	t = 0;
	ck_assert_int_eq(pcfi_time_parse("@1795968000", PCFI_TIME_ANY, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, 1795968000);
	t = 0;
	ck_assert_int_eq(pcfi_time_parse("1795968000", PCFI_TIME_ANY, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, 1795968000);
	ck_assert_int_eq(pcfi_time_parse("@-5", PCFI_TIME_ANY, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, -5);
	ck_assert_int_eq(pcfi_time_parse("-5", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("@", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("@-", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse(NULL, PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("2026-11-29T16:00:00+01:00", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("2026-11-29T16:00:00Zx", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("2026-11-29t16:00:00Z", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
	ck_assert_int_eq(pcfi_time_parse("2026-1-29T16:00:00Z", PCFI_TIME_ANY, &t), PCFI_TIME_SYNTAX);
}
END_TEST

START_TEST(time_calendar_and_range)
{
	int64_t t = 0;
	char buf[PCFI_TIME_TEXT];

	ck_assert_int_eq(pcfi_time_parse("2024-02-29T23:59:59Z", PCFI_TIME_STRICT, &t), PCFI_TIME_OK);
	ck_assert_int_eq(pcfi_time_parse("2023-02-29T00:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("2100-02-29T00:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("2000-02-29T00:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_OK);
	ck_assert_int_eq(pcfi_time_parse("2023-13-01T00:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("2023-01-01T24:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("2023-01-01T00:60:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("2023-01-01T00:00:60Z", PCFI_TIME_STRICT, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("0000-01-01T00:00:00Z", PCFI_TIME_STRICT, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, PCFI_TIME_MIN);
	ck_assert_int_eq(pcfi_time_parse("9999-12-31T23:59:59Z", PCFI_TIME_STRICT, &t), PCFI_TIME_OK);
	ck_assert_int_eq(t, PCFI_TIME_MAX);
	ck_assert_int_eq(pcfi_time_parse("@253402300800", PCFI_TIME_ANY, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("@-62167219201", PCFI_TIME_ANY, &t), PCFI_TIME_CALENDAR);
	ck_assert_int_eq(pcfi_time_parse("@99999999999999999999999", PCFI_TIME_ANY, &t), PCFI_TIME_CALENDAR);
	ck_assert(pcfi_date_valid(2024, 2, 29));
	ck_assert(!pcfi_date_valid(2023, 2, 29));
	ck_assert(!pcfi_date_valid(2023, 0, 1));
	ck_assert(!pcfi_date_valid(2023, 4, 31));
	ck_assert_int_eq(pcfi_days_in_month(2023, 13), 0);

	ck_assert_str_eq(pcfi_time_format(0, buf), "1970-01-01T00:00:00Z");
	ck_assert_str_eq(pcfi_time_format(1795968000, buf), "2026-11-29T16:00:00Z");
	ck_assert_str_eq(pcfi_time_format(-1, buf), "1969-12-31T23:59:59Z");
	ck_assert_str_eq(pcfi_time_format(PCFI_TIME_MIN, buf), "0000-01-01T00:00:00Z");
	ck_assert_str_eq(pcfi_time_format(PCFI_TIME_MAX, buf), "9999-12-31T23:59:59Z");
	ck_assert_str_eq(pcfi_time_format(PCFI_TIME_MAX + 1, buf), "(bad time)");
	ck_assert_str_eq(pcfi_time_format(PCFI_TIME_MIN - 1, buf), "(bad time)");
	/* format and parse are inverses over the range, days apart and at the edges of each day */
	for (t = PCFI_TIME_MIN; t < PCFI_TIME_MAX - 86400; t += 86400 * 97 + 3607) {
		int64_t back = 0;
		ck_assert_int_eq(pcfi_time_parse(pcfi_time_format(t, buf), PCFI_TIME_STRICT, &back), PCFI_TIME_OK);
		ck_assert_int_eq(back, t);
	}
}
END_TEST

START_TEST(hex_encoding)
{
	static const unsigned char d[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];

	ck_assert_ptr_eq(pcfi_hex_encode(d, 4, out), out + 8);
	ck_assert_str_eq(out, "000fa5ff");
	ck_assert_ptr_eq(pcfi_hex_encode(d, 0, out), out);
	ck_assert_str_eq(out, "");
}
END_TEST

static pcf_status wrap(pcf_error *e, const char *prefix, const char *fmt, ...) PCFI_PRINTF(3, 4);
static pcf_status wrap(pcf_error *e, const char *prefix, const char *fmt, ...)
{
	va_list ap;
	pcf_status st;

	va_start(ap, fmt);
	st = pcfi_error_atv(e, PCF_E_PLUGIN, "p.so", 2, 3, "a.b", prefix, fmt, ap);
	va_end(ap);
	return st;
}

START_TEST(error_va_list)
{
	pcf_error e;
	char big[2000];

	ck_assert_int_eq(wrap(&e, "plugin refused: ", "%d things", 3), PCF_E_PLUGIN);
	ck_assert_str_eq(e.message, "plugin refused: 3 things");
	ck_assert_str_eq(e.file, "p.so");
	ck_assert_str_eq(e.path, "a.b");
	ck_assert_uint_eq(e.line, 2);
	ck_assert_uint_eq(e.column, 3);
	wrap(&e, NULL, "%s", "plain");
	ck_assert_str_eq(e.message, "plain");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	wrap(&e, "p: ", "%s", big);
	ck_assert_uint_eq(strlen(e.message), sizeof e.message - 1);
	ck_assert(!strncmp(e.message, "p: xxx", 6));
	ck_assert_int_eq(wrap(NULL, "p: ", "%s", "nothing to fill"), PCF_E_PLUGIN);
}
END_TEST

START_TEST(option_versions)
{
	pcf_parse_limits lim;
	pcf_signer_options so;
	pcf_bundle_input in;
	pcf_inventory *inv = (pcf_inventory *)&lim;
	pcf_signer *signer = (pcf_signer *)&so;
	pcf_error err;

	ck_assert_int_eq(pcf_parse_limits_init(&lim, PCF_PARSE_LIMITS_VERSION), PCF_OK);
	ck_assert_uint_eq(lim.version, PCF_PARSE_LIMITS_VERSION);
	ck_assert_uint_eq(lim.max_depth, 32);
	ck_assert_int_eq(pcf_parse_limits_init(&lim, 0), PCF_E_ARG);
	ck_assert_int_eq(pcf_parse_limits_init(&lim, PCF_PARSE_LIMITS_VERSION + 1), PCF_E_ARG);
	ck_assert_int_eq(pcf_parse_limits_init(NULL, PCF_PARSE_LIMITS_VERSION), PCF_E_ARG);
	lim.version = PCF_PARSE_LIMITS_VERSION + 1;
	ck_assert_int_eq(pcf_inventory_parse("x.yaml", "a: 1\n", 5, NULL, &lim, &inv, NULL, &err), PCF_E_ARG);
	ck_assert_ptr_null(inv);
	ck_assert(strstr(err.message, "newer than this library"));

	ck_assert_int_eq(pcf_signer_options_init(&so, PCF_SIGNER_OPTIONS_VERSION), PCF_OK);
	ck_assert_uint_eq(so.version, PCF_SIGNER_OPTIONS_VERSION);
	ck_assert_ptr_null(so.key_path);
	ck_assert_int_eq(pcf_signer_options_init(&so, PCF_SIGNER_OPTIONS_VERSION + 1), PCF_E_ARG);
	so.version = PCF_SIGNER_OPTIONS_VERSION + 1;
	so.key_path = "k.pem";
	so.cert_path = "c.pem";
	ck_assert_int_eq(pcf_signer_load(&signer, &so, &err), PCF_E_ARG);
	ck_assert_ptr_null(signer);
	ck_assert(strstr(err.message, "newer than this library"));

	ck_assert_int_eq(pcf_bundle_input_init(&in, PCF_BUNDLE_INPUT_VERSION), PCF_OK);
	ck_assert_uint_eq(in.version, PCF_BUNDLE_INPUT_VERSION);
	ck_assert_int_eq(pcf_bundle_input_init(&in, 0), PCF_E_ARG);
	ck_assert_int_eq(pcf_bundle_input_init(NULL, PCF_BUNDLE_INPUT_VERSION), PCF_E_ARG);

	/* The options of pcf methods check: versioned like the others, a newer version refused. */
	{
		pcf_check_opts co;
		size_t failed = 7;
		ck_assert_int_eq(pcf_check_opts_init(&co, PCF_CHECK_OPTS_VERSION), PCF_OK);
		ck_assert_uint_eq(co.version, PCF_CHECK_OPTS_VERSION);
		ck_assert_ptr_null(co.examples);
		ck_assert_uint_eq(co.timeout_ms, 0);
		ck_assert_int_eq(pcf_check_opts_init(&co, 0), PCF_E_ARG);
		ck_assert_int_eq(pcf_check_opts_init(&co, PCF_CHECK_OPTS_VERSION + 1), PCF_E_ARG);
		ck_assert_int_eq(pcf_check_opts_init(NULL, PCF_CHECK_OPTS_VERSION), PCF_E_ARG);
		co.version = PCF_CHECK_OPTS_VERSION + 1;
		ck_assert_int_eq(pcf_check_plugin("no-such-plugin.so", &co, &failed, &err), PCF_E_ARG);
		ck_assert(strstr(err.message, "newer than this library"));
	}
}
END_TEST

/*
 * One bounded file reader (base/fsutil.c): the bundle reader's input read goes through it, with its
 * own words ("the bundle is ...") and a pcf_reason for each failure; N bytes pass at a limit of N,
 * N + 1 do not.
 */
START_TEST(bounded_reads)
{
	char dir[] = "/tmp/pcf-layout-XXXXXX", path[64], fifo[64], *text = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_error err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.pcfb", dir);
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_int_eq(fwrite("0123456789", 1, 10, f), 10);
	ck_assert_int_eq(fclose(f), 0);

	ck_assert_int_eq(pcfi_bundle_read_input(path, 10, &data, &len, &reason, &err), PCF_OK);
	ck_assert_uint_eq(len, 10);
	ck_assert_mem_eq(data, "0123456789", 11);   /* with its NUL */
	free(data);
	ck_assert_int_eq(pcfi_bundle_read_input(path, 9, &data, &len, &reason, &err), PCF_E_LIMIT);
	ck_assert_ptr_null(data);
	ck_assert_int_eq(reason, PCF_REASON_INPUT_TOO_LARGE);
	ck_assert_str_eq(err.message, "the bundle is 10 bytes, more than the limit of 9");
	ck_assert_str_eq(err.file, path);
	/* The same reader with its own words, for every other input. */
	ck_assert_int_eq(pcfi_read_file(path, 9, &text, &len, &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "file is 10 bytes, more than the limit of 9");
	ck_assert_int_eq(pcfi_read_file(path, 10, &text, &len, &err), PCF_OK);
	ck_assert_str_eq(text, "0123456789");
	free(text);

	ck_assert_int_eq(pcfi_bundle_read_input(dir, 100, &data, &len, &reason, &err), PCF_E_IO);
	ck_assert_int_eq(reason, PCF_REASON_IO);
	ck_assert_str_eq(err.message, "not a regular file");
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);   /* refused at once, not waited on */
	ck_assert_int_eq(pcfi_bundle_read_input(fifo, 100, &data, &len, &reason, &err), PCF_E_IO);
	ck_assert_int_eq(reason, PCF_REASON_IO);
	ck_assert_int_eq(unlink(fifo), 0);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(pcfi_bundle_read_input(path, 100, &data, &len, &reason, &err), PCF_E_IO);
	ck_assert_int_eq(reason, PCF_REASON_IO);
	ck_assert(strncmp(err.message, "cannot open: ", 13) == 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, time_forms);
	tcase_add_test(tc, time_calendar_and_range);
	tcase_add_test(tc, hex_encoding);
	tcase_add_test(tc, error_va_list);
	tcase_add_test(tc, option_versions);
	tcase_add_test(tc, bounded_reads);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
