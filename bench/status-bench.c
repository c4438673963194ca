/*
 * status-bench.c - B6 (docs/performance.md): what status lists cost.
 *
 *   status-bench publish N KEY CERT CHAIN   a registry of N certificates (1 in 100 withdrawn, filled
 *                                           with SQLite directly), then pcf_status_list_build of the
 *                                           revocation list: total, and the encoding alone
 *   status-bench verify ROOT BUNDLE LIST... pcf_verify_file of BUNDLE without and with the lists, and
 *                                           one bit lookup in a decoded list
 *
 * Prints one line per measurement (best of 3 runs, or per-call means). Not part of make check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <pcf/registry.h>
#include <pcf/status.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int die(const char *what, const pcf_error *err)
{
	fprintf(stderr, "status-bench: %s: %s\n", what, err ? err->message : "failed");
	return 1;
}

static int publish(long n, const char *key, const char *cert, const char *chain)
{
	char dir[] = "/tmp/pcf-status-bench.XXXXXX", db[128], sql[160];
	pcf_registry *reg = NULL;
	pcf_signer *signer = NULL;
	pcf_signer_options so;
	pcf_error err;
	sqlite3 *s;
	sqlite3_stmt *st;
	unsigned char *out = NULL, *bits;
	size_t len, nbits;
	char *enc;
	double t0, best = 1e9, best_enc = 1e9;
	long i;
	int r;

	srandom(1);
	if (!mkdtemp(dir))
		return die("mkdtemp", NULL);
	snprintf(db, sizeof db, "%s/reg.db", dir);
	if (pcf_registry_open(db, PCF_REGISTRY_CREATE, &reg, &err) != PCF_OK)
		return die("open", &err);
	/* N rows in one transaction, straight into the table (the registry's own insert path is
	 * measured by the issue benchmarks; here only the list). */
	if (sqlite3_open(db, &s) != SQLITE_OK)
		return die("sqlite3_open", NULL);
	sqlite3_exec(s, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(s, "INSERT INTO certificates (id, product_id, product_name, declared_amount, declared_unit,"
	                      " method_id, method_version, total, unit, issued_at, valid_from, valid_until, issuer_name,"
	                      " sha256, size, file, status_list, status_index, status, status_at)"
	                      " VALUES (?, 'p', 'p', 1, 'kg', 'm', '1', 1, 'kg CO2e', 0, 0, 1, 'i', '00', 1, 'f', ?, ?, ?, 0)",
	                   -1, &st, NULL);
	for (i = 0; i < n; i++) {
		char id[64];
		snprintf(id, sizeof id, "%08lx-0000-0000-0000-000000000000", (unsigned long)i & 0xffffffffUL);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, pcf_registry_list_id(reg), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, i);
		sqlite3_bind_text(st, 4, random() % 100 == 0 ? "withdrawn" : "issued", -1,
		                  SQLITE_STATIC);   /* 1 in 100, scattered: the worst case for the compression */
		if (sqlite3_step(st) != SQLITE_DONE)
			return die("insert", NULL);
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "UPDATE meta SET value = '%ld' WHERE key = 'status-next-index'", n);
	sqlite3_exec(s, sql, NULL, NULL, NULL);
	sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(s);

	memset(&so, 0, sizeof so);
	so.key_path = key;
	so.cert_path = cert;
	so.chain_path = chain;
	if (pcf_signer_load(&signer, &so, &err) != PCF_OK)
		return die("signer", &err);
	for (r = 0; r < 3; r++) {
		t0 = now();
		if (pcf_status_list_build(reg, "revocation", signer, (int64_t)time(NULL), (int64_t)time(NULL) + 86400, &out,
		                          &len, &err) != PCF_OK)
			return die("build", &err);
		t0 = now() - t0;
		if (t0 < best)
			best = t0;
		if (r < 2)
			free(out);
	}
	if (pcf_registry_status_bits(reg, "revocation", &bits, &nbits, &err) != PCF_OK)
		return die("bits", &err);
	for (r = 0; r < 3; r++) {
		t0 = now();
		if (pcf_status_encode_bits(bits, nbits, &enc, &err) != PCF_OK)
			return die("encode", &err);
		t0 = now() - t0;
		if (t0 < best_enc)
			best_enc = t0;
		free(enc);
	}
	{
		size_t set = 0, k;
		for (k = 0; k < nbits / 8; k++)
			set += (size_t)__builtin_popcount(bits[k]);
		printf("publish %ld entries (%zu bits, %zu withdrawn): %.4f s total (query, encoding, CMS signature), "
		       "encoding alone %.4f s, list %zu bytes\n", n, nbits, set, best, best_enc, len);
	}
	free(bits);
	free(out);
	pcf_signer_free(signer);
	pcf_registry_close(reg);
	snprintf(sql, sizeof sql, "rm -rf '%s'", dir);
	return system(sql) != 0;
}

static double verify_loop(const pcf_trust *trust, const pcf_status_lists *sl, const char *bundle, int k)
{
	pcf_verify_options o;
	pcf_verifier *v = NULL;
	pcf_verdict *vd = NULL;
	pcf_error err;
	double t0;
	int i;

	pcf_verify_options_init(&o);
	o.no_revocation_check = 1;
	o.no_recompute = 1;
	o.status_lists = sl;
	if (pcf_verifier_new(trust, &o, &v, &err) != PCF_OK)
		return -1;
	t0 = now();
	for (i = 0; i < k; i++) {
		if (pcf_verify_file(v, bundle, &vd, &err) != PCF_OK)
			return -1;
		pcf_verdict_free(vd);
	}
	t0 = (now() - t0) / k;
	pcf_verifier_free(v);
	return t0;
}

static int verify(const char *root, const char *bundle, char **lists, int nlists)
{
	pcf_trust *trust = NULL;
	pcf_status_lists *sl = NULL;
	pcf_error err;
	double plain, with;
	int i, k = 300;

	if (pcf_trust_new(&trust, &err) != PCF_OK || pcf_trust_add_anchors(trust, root, &err) != PCF_OK)
		return die("trust", &err);
	if (pcf_status_lists_new(0, &sl, &err) != PCF_OK)
		return die("lists", &err);
	{
		double t0 = now();
		for (i = 0; i < nlists; i++)
			if (pcf_status_lists_add_file(sl, lists[i], &err) != PCF_OK)
				return die(lists[i], &err);
		printf("read %d lists (CMS signature checked, bitstring decoded, once per run): %.3f ms\n", nlists,
		       (now() - t0) * 1e3);
	}
	plain = verify_loop(trust, NULL, bundle, k);
	with = verify_loop(trust, sl, bundle, k);
	if (plain < 0 || with < 0)
		return die("verify", NULL);
	printf("verify one bundle (no recompute, no CRL): %.1f us without lists, %.1f us with (+%.1f us: the list signer's "
	       "chain and the manifest's entry)\n", plain * 1e6, with * 1e6, (with - plain) * 1e6);
	{
		unsigned char *bits = calloc(1u << 17, 1);
		volatile unsigned x = 0;
		double t0;
		long j, m = 100000000;
		t0 = now();
		for (j = 0; j < m; j++)
			x += bits[(j * 7919) & ((1 << 17) - 1)] >> (j & 7) & 1;
		printf("one bit lookup in a decoded list: %.2f ns\n", (now() - t0) / m * 1e9);
		free(bits);
	}
	pcf_status_lists_free(sl);
	pcf_trust_free(trust);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "publish"))
		return publish(atol(argv[2]), argv[3], argv[4], argv[5]);
	if (argc >= 5 && !strcmp(argv[1], "verify"))
		return verify(argv[2], argv[3], argv + 4, argc - 4);
	fprintf(stderr, "usage: status-bench publish N KEY CERT CHAIN | verify ROOT BUNDLE LIST...\n");
	return 2;
}
