/*
 * test_status.c - the status list encoding (pcf/status.h): round trips, the W3C form (multibase
 * "u", base64url without padding, gzip), refusals of malformed input, and the cap on the decoded
 * size that keeps a gzip bomb small; the registry's transition rules on a scratch registry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include <pcf/registry.h>
#include <pcf/status.h>

#include "tap.h"

START_TEST(round_trip)
{
	size_t n = 131072, got = 0, i;
	unsigned char *bits = calloc(n / 8, 1), *back = NULL;
	char *enc = NULL;
	pcf_error err;

	ck_assert_ptr_nonnull(bits);
	bits[0] = 0x80;                  /* index 0: the most significant bit of the first byte */
	bits[12345 / 8] |= (unsigned char)(0x80 >> (12345 % 8));
	bits[n / 8 - 1] = 0x01;          /* the last index */
	ck_assert_int_eq(pcf_status_encode_bits(bits, n, &enc, &err), PCF_OK);
	ck_assert_int_eq(enc[0], 'u');
	ck_assert_ptr_null(strpbrk(enc, "+/="));   /* base64url, no padding */
	ck_assert_int_eq(pcf_status_decode_bits(enc, PCF_STATUS_LIST_BITS_MAX, &back, &got, &err), PCF_OK);
	ck_assert_uint_eq(got, n);
	ck_assert_int_eq(memcmp(bits, back, n / 8), 0);
	for (i = 0; i < n / 8; i++)
		if (back[i])
			break;
	ck_assert_uint_eq(i, 0);
	free(bits);
	free(back);
	free(enc);
}
END_TEST

START_TEST(refusals)
{
	unsigned char *bits = NULL;
	size_t n = 0;
	pcf_error err;

	ck_assert_int_eq(pcf_status_decode_bits("H4sI", 1 << 20, &bits, &n, &err), PCF_E_SYNTAX);   /* no 'u' */
	ck_assert_ptr_nonnull(strstr(err.message, "multibase"));
	ck_assert_int_eq(pcf_status_decode_bits("uH4sI+AAA", 1 << 20, &bits, &n, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_status_decode_bits("uAAAAAAAA", 1 << 20, &bits, &n, &err), PCF_E_SYNTAX);   /* not gzip */
	ck_assert_int_eq(pcf_status_decode_bits("uA", 1 << 20, &bits, &n, &err), PCF_E_SYNTAX);           /* bad length */
	ck_assert_ptr_null(bits);
}
END_TEST

/* 64 MiB of zeros gzip to ~64 KiB: decoding stops at the cap instead of inflating it all. */
START_TEST(gzip_bomb_is_capped)
{
	size_t big = 64u << 20, got = 0;
	unsigned char *zeros = calloc(big, 1), *bits = NULL;
	char *enc = NULL;
	pcf_error err;

	ck_assert_ptr_nonnull(zeros);
	ck_assert_int_eq(pcf_status_encode_bits(zeros, big * 8, &enc, &err), PCF_OK);
	free(zeros);
	ck_assert_uint_lt(strlen(enc), 200000);
	ck_assert_int_eq(pcf_status_decode_bits(enc, PCF_STATUS_LIST_BITS_MAX, &bits, &got, &err), PCF_E_LIMIT);
	ck_assert_ptr_nonnull(strstr(err.message, "larger than"));
	ck_assert_ptr_null(bits);
	/* Exactly at the cap is accepted. */
	zeros = calloc(PCF_STATUS_LIST_BITS_MAX, 1);
	free(enc);
	ck_assert_int_eq(pcf_status_encode_bits(zeros, (size_t)PCF_STATUS_LIST_BITS_MAX * 8, &enc, &err), PCF_OK);
	ck_assert_int_eq(pcf_status_decode_bits(enc, PCF_STATUS_LIST_BITS_MAX, &bits, &got, &err), PCF_OK);
	ck_assert_uint_eq(got, (size_t)PCF_STATUS_LIST_BITS_MAX * 8);
	free(zeros);
	free(bits);
	free(enc);
	/* One byte (8 entries) more than the cap is refused. */
	zeros = calloc(PCF_STATUS_LIST_BITS_MAX + 1, 1);
	bits = NULL;
	ck_assert_int_eq(pcf_status_encode_bits(zeros, ((size_t)PCF_STATUS_LIST_BITS_MAX + 1) * 8, &enc, &err), PCF_OK);
	ck_assert_int_eq(pcf_status_decode_bits(enc, PCF_STATUS_LIST_BITS_MAX, &bits, &got, &err), PCF_E_LIMIT);
	ck_assert_ptr_null(bits);
	free(zeros);
	free(enc);
}
END_TEST

START_TEST(registry_rules_and_bits)
{
	char dir[] = "/tmp/pcf-test-status.XXXXXX", db[128], cmd[160];
	pcf_registry *reg = NULL;
	unsigned char *bits = NULL;
	size_t nbits = 0;
	int64_t ix = -1;
	pcf_error err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/reg.db", dir);
	ck_assert_int_eq(pcf_registry_open(db, 0, &reg, &err), PCF_E_NOTFOUND);
	ck_assert_int_eq(pcf_registry_open(db, PCF_REGISTRY_CREATE, &reg, &err), PCF_OK);
	ck_assert_ptr_nonnull(strstr(pcf_registry_list_id(reg), "urn:uuid:"));
	ck_assert_int_eq(pcf_registry_reserve_index(reg, &ix, &err), PCF_OK);
	ck_assert_int_eq(ix, 0);
	ck_assert_int_eq(pcf_registry_reserve_index(reg, &ix, &err), PCF_OK);
	ck_assert_int_eq(ix, 1);
	ck_assert_int_eq(pcf_registry_set_status(reg, "00000000-0000-0000-0000-000000000000", PCF_CERT_SUSPENDED, "x", 1,
	                                         &err), PCF_E_NOTFOUND);
	ck_assert_int_eq(pcf_registry_set_status(reg, "00000000-0000-0000-0000-000000000000", PCF_CERT_SUSPENDED, "", 1,
	                                         &err), PCF_E_ARG);
	ck_assert_int_eq(pcf_registry_status_bits(reg, "suspension", &bits, &nbits, &err), PCF_OK);
	ck_assert_uint_eq(nbits, 131072);   /* at least the W3C minimum */
	ck_assert_int_eq(bits[0], 0);
	free(bits);
	ck_assert_int_eq(pcf_registry_status_bits(reg, "message", &bits, &nbits, &err), PCF_E_ARG);
	pcf_registry_close(reg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("status");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, gzip_bomb_is_capped);
	tcase_add_test(tc, registry_rules_and_bits);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
