/*
 * test_serve.c - the parts of the serve module (pcf serve) that need no network: RFC 3339 date-times
 * against hand-checked epoch values (python3 datetime gives the same: see each comment), UUID
 * shape, the ListFootprints filter (OR within, AND across, case, the validity period's bounds),
 * the credentials file (permissions, malformed lines) and access tokens (issued, forged, and the
 * limit on tokens alive at once, at its boundary).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <pcf/serve.h>

#include "serve/serve_impl.h"
#include "tap.h"

START_TEST(datetimes)
{
	static const struct {
		const char *s;
		int64_t ms;
	} good[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2025-01-01T00:00:00Z", 1735689600000 },      /* 55 years, 13 leap days: 20089 days x 86400 s */
		{ "2025-01-01T00:00Z", 1735689600000 },         /* seconds optional (the PACT example) */
		{ "2025-01-01t00:00:00z", 1735689600000 },
		{ "2024-12-31T23:59:59.999Z", 1735689599999 },
		{ "2024-12-31T23:59:59.9999999Z", 1735689599999 }, /* past milliseconds: cut */
		{ "2024-02-29T12:00:00+02:00", 1709200800000 },  /* 2024-02-29T10:00Z: 1704067200 + 59 d + 10 h */
		{ "2025-01-01T01:00:00-01:30", 1735698600000 },  /* 02:30Z */
		{ "2000-02-29T00:00:00Z", 951782400000 },        /* 2000 is a leap year (divisible by 400) */
		{ "1900-01-01T00:00:00Z", -2208988800000 },
	};
	static const char *const bad[] = {
		"", "2025-01-01", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z", "2025-13-01T00:00:00Z",
		"2025-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-01-00T00:00:00Z",
		"2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z", "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00+0100",
		"2025-01-01T00:00:00+24:00", "2025-01-01T00:00:00Zx", "+2025-01-01T00:00:00Z", "2025-1-01T00:00:00Z",
	};
	int64_t ms;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(pcfi_parse_datetime(good[i].s, &ms) == 0, "%s refused", good[i].s);
		ck_assert_msg(ms == good[i].ms, "%s: %lld, wanted %lld", good[i].s, (long long)ms, (long long)good[i].ms);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(pcfi_parse_datetime(bad[i], &ms) != 0, "%s accepted", bad[i]);
}
END_TEST

START_TEST(uuids)
{
	ck_assert(pcfi_is_uuid("025c0b2c-239e-8871-806c-2aee8895a118"));
	ck_assert(pcfi_is_uuid("025C0B2C-239E-8871-806C-2AEE8895A118"));
	ck_assert(!pcfi_is_uuid("025c0b2c-239e-8871-806c-2aee8895a11"));
	ck_assert(!pcfi_is_uuid("025c0b2c-239e-8871-806c-2aee8895a1188"));
	ck_assert(!pcfi_is_uuid("025c0b2c0239e-8871-806c-2aee8895a118"));
	ck_assert(!pcfi_is_uuid("../../etc/passwd"));
	ck_assert(!pcfi_is_uuid(""));
}
END_TEST

START_TEST(filters)
{
	pcfi_footprint fp;
	pcfi_filter f;

	memset(&fp, 0, sizeof fp);
	fp.json = json_loads("{\"status\": \"Active\", \"productIds\": [\"urn:a:1\", \"urn:a:2\"],"
	                     " \"companyIds\": [\"urn:c:Example%20Co\"], \"productClassifications\": [\"urn:k:9\"],"
	                     " \"pcf\": {\"geographyCountry\": \"DE\", \"geographyCountrySubdivision\": \"DE-BY\"}}",
	                     0, NULL);
	ck_assert_ptr_nonnull(fp.json);
	fp.has_validity = 1;
	ck_assert_int_eq(pcfi_parse_datetime("2025-01-01T00:00:00Z", &fp.valid_from), 0);
	ck_assert_int_eq(pcfi_parse_datetime("2028-01-01T00:00:00Z", &fp.valid_until), 0);

	memset(&f, 0, sizeof f);
	ck_assert(pcfi_filter_match(&f, &fp)); /* no criterion: everything */
	f.v[PCFI_F_PRODUCT][f.nv[PCFI_F_PRODUCT]++] = "urn:x:0";
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.v[PCFI_F_PRODUCT][f.nv[PCFI_F_PRODUCT]++] = "URN:A:2"; /* OR, case ignored */
	ck_assert(pcfi_filter_match(&f, &fp));
	f.v[PCFI_F_GEOGRAPHY][f.nv[PCFI_F_GEOGRAPHY]++] = "FR";   /* AND across */
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.v[PCFI_F_GEOGRAPHY][f.nv[PCFI_F_GEOGRAPHY]++] = "de-by"; /* a subdivision counts */
	ck_assert(pcfi_filter_match(&f, &fp));
	f.v[PCFI_F_COMPANY][f.nv[PCFI_F_COMPANY]++] = "urn:c:example co"; /* its %20, decoded */
	ck_assert(pcfi_filter_match(&f, &fp));
	f.nv[PCFI_F_COMPANY] = 0;
	f.v[PCFI_F_COMPANY][f.nv[PCFI_F_COMPANY]++] = "urn:c:Example%20Co"; /* or as it is */
	ck_assert(pcfi_filter_match(&f, &fp));
	f.nv[PCFI_F_COMPANY] = 0;
	f.v[PCFI_F_COMPANY][f.nv[PCFI_F_COMPANY]++] = "urn:c:Example%20C";
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.nv[PCFI_F_COMPANY] = 0;
	f.v[PCFI_F_STATUS][f.nv[PCFI_F_STATUS]++] = "deprecated";
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.v[PCFI_F_STATUS][f.nv[PCFI_F_STATUS]++] = "ACTIVE";
	ck_assert(pcfi_filter_match(&f, &fp));

	/* The validity period: validOn inclusive at both ends, validAfter and validBefore strict. */
	memset(&f, 0, sizeof f);
	f.has_on = 1;
	f.on = fp.valid_from;
	ck_assert(pcfi_filter_match(&f, &fp));
	f.on = fp.valid_until;
	ck_assert(pcfi_filter_match(&f, &fp));
	f.on = fp.valid_until + 1;
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.on = fp.valid_from - 1;
	ck_assert(!pcfi_filter_match(&f, &fp));
	memset(&f, 0, sizeof f);
	f.has_after = 1;
	f.after = fp.valid_from;
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.after = fp.valid_from - 1;
	ck_assert(pcfi_filter_match(&f, &fp));
	memset(&f, 0, sizeof f);
	f.has_before = 1;
	f.before = fp.valid_until;
	ck_assert(!pcfi_filter_match(&f, &fp));
	f.before = fp.valid_until + 1;
	ck_assert(pcfi_filter_match(&f, &fp));
	fp.has_validity = 0; /* no period at all: no date filter matches */
	ck_assert(!pcfi_filter_match(&f, &fp));
	json_decref(fp.json);
}
END_TEST

static char *scratch(const char *text, mode_t mode)
{
	char *path = strdup("/tmp/pcf-test-serve-XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	chmod(path, mode);
	return path;
}

START_TEST(credentials_and_tokens)
{
	pcfi_auth *a = NULL;
	pcf_error err;
	char tok[65], forged[65];
	char *p;

	p = scratch("client-a 0123456789abcdef\n", 0640);
	ck_assert_int_eq(pcfi_auth_new(p, 0, &a, &err), PCF_E_INVALID);
	ck_assert(strstr(err.message, "accessible by group or others (mode 0640)") != NULL);
	unlink(p);
	free(p);
	p = scratch("# clients\n\nclient-a 0123456789abcdef extra\n", 0600);
	ck_assert_int_eq(pcfi_auth_new(p, 0, &a, &err), PCF_E_INVALID);
	ck_assert_int_eq(err.line, 3);
	ck_assert(strstr(err.message, "more than two") != NULL);
	unlink(p);
	free(p);
	p = scratch("a 0123456789abcdef\na 0123456789abcdeg\n", 0600);
	ck_assert_int_eq(pcfi_auth_new(p, 0, &a, &err), PCF_E_INVALID);
	ck_assert(strstr(err.message, "client id given twice") != NULL);
	unlink(p);
	free(p);
	p = scratch("# only a comment\n", 0600);
	ck_assert_int_eq(pcfi_auth_new(p, 0, &a, &err), PCF_E_INVALID);
	unlink(p);
	free(p);

	p = scratch("client-a 0123456789abcdef\r\n  client-b\tsecret-of-client-b\n", 0600);
	ck_assert_int_eq(pcfi_auth_new(p, 0, &a, &err), PCF_OK);
	unlink(p);
	free(p);
	ck_assert_uint_eq(pcfi_auth_ttl(a), 3600);
	ck_assert(pcfi_auth_check_client(a, "client-a", "0123456789abcdef", 16));
	ck_assert(!pcfi_auth_check_client(a, "client-a", "0123456789abcdeF", 16));
	ck_assert(!pcfi_auth_check_client(a, "client-a", "0123456789abcdef", 15));
	ck_assert(!pcfi_auth_check_client(a, "client-b", "0123456789abcdef", 16));
	ck_assert(pcfi_auth_check_client(a, "client-b", "secret-of-client-b", 18));
	ck_assert(!pcfi_auth_check_client(a, "client-c", "secret-of-client-b", 18));

	ck_assert_int_eq(pcfi_auth_issue(a, tok), 0);
	ck_assert_uint_eq(strlen(tok), 64);
	ck_assert_int_eq(pcfi_auth_token(a, tok), 0);
	memcpy(forged, tok, sizeof forged);
	forged[10] = forged[10] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(pcfi_auth_token(a, forged), 2);
	forged[63] = 0;
	ck_assert_int_eq(pcfi_auth_token(a, forged), 2);
	ck_assert_int_eq(pcfi_auth_token(a, ""), 2);
	/* PCF_SERVE_TOKENS_MAX alive at once: one is alive, 4095 more are issued, the next is refused. */
	for (unsigned i = 1; i < PCF_SERVE_TOKENS_MAX; i++)
		ck_assert_int_eq(pcfi_auth_issue(a, forged), 0);
	ck_assert_int_eq(pcfi_auth_issue(a, forged), -1);
	ck_assert_int_eq(pcfi_auth_token(a, tok), 0); /* the first is still good */
	pcfi_auth_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("serve");

	tcase_add_test(tc, datetimes);
	tcase_add_test(tc, uuids);
	tcase_add_test(tc, filters);
	tcase_add_test(tc, credentials_and_tokens);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
