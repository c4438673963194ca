/*
 * test_robust.c - limits on untrusted input at their exact boundary (docs/limits.md): for each
 * verifier limit a real signed bundle passes with the limit set to exactly what the bundle has and
 * is refused with the limit's own reason one below it; the result builder's warning cap; the
 * manifest reader on integral numbers beyond int64 and on file sizes (a fuzz finding); the signer's
 * file limits (key 1 MiB, certificate and chain files 4 MiB and 16 certificates each); the bundle
 * builder's 4092 extra entries; the 64 MiB a case of pcf methods check may send back; the largest
 * number in an inventory; shares in a result; a plugin's long warning cut on a character. The large
 * inputs are made at test time in a temporary folder and live here rather than in a CLI test, which
 * CI also runs under valgrind.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <pcf/pcf.h>

#include "plugin/plugin_impl.h"
#include "fixture.h"
#include "tap.h"
#include "verify/verify_manifest.h"

/* The DER size of the largest certificate in a PEM file, and how many there are. */
static void cert_sizes(const char *path, size_t *max, size_t *count)
{
	FILE *f = fopen(path, "r");
	X509 *x;

	ck_assert_ptr_nonnull(f);
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		int n = i2d_X509(x, NULL);
		ck_assert_int_gt(n, 0);
		if ((size_t)n > *max)
			*max = (size_t)n;
		(*count)++;
		X509_free(x);
	}
	fclose(f);
}

/* A bundle signed by the demo issuer with the given extra entries; its status, the bytes in *out. */
/* When set, build_bundle also gives the bundle this factors.json (a version-2 input, format 1.2). */
static const char *build_factors;

static pcf_status build_bundle(const pcf_bundle_file *extra, size_t n_extra, unsigned char **out, size_t *len,
                               pcf_error *err)
{
	static const char inv[] = "format-version: 1\n# not computed: the verifier runs without recomputation here\n";
	/* The figures of in below, as the manifest must show them (manifest-result-mismatch otherwise). */
	static const char res[] = "{\"kind\": \"pcfkit-result\", \"inventory\": {\"sha256\":\n"
	                          " \"cebd1882feff558cc4b3459bacafd035a0fa8de6cfce5c8b6fb1e03043092f8e\"},\n"
	                          " \"methodology\": {\"id\": \"example\", \"version\": \"1.0.0\"},\n"
	                          " \"product\": {\"id\": \"urn:example:limits\", \"name\": \"Limits\",\n"
	                          " \"declared-unit\": {\"amount\": 1, \"unit\": \"kg\"}},\n"
	                          " \"footprint\": {\"total\": 1, \"unit\": \"kg CO2e\", \"gwp-set\": \"AR6\", \"fossil\": 1,\n"
	                          " \"biogenic-emissions\": 0, \"biogenic-removals\": 0, \"dluc\": 0, \"aircraft\": 0}}\n";
	int64_t now = (int64_t)time(NULL);
	pcf_signer *s = fx_issuer(now);
	pcf_bundle_input in;
	pcf_status st;

	fx_bundle_input(&in, "urn:example:limits", "Limits", now);
	if (build_factors) {
		in.version = PCF_BUNDLE_INPUT_VERSION;
		in.factors = build_factors;
		in.factors_size = strlen(build_factors);
	}
	in.inventory = inv;
	in.inventory_size = sizeof inv - 1;
	in.result = res;
	in.result_size = sizeof res - 1;
	in.extra = extra;
	in.n_extra = n_extra;
	*out = NULL;
	st = pcf_bundle_build(s, &in, out, len, NULL, err);
	pcf_signer_free(s);
	return st;
}

static unsigned char *signed_bundle(size_t *len)
{
	static const char ev[] = "evidence of something\n";
	pcf_bundle_file extra[1] = { { "evidence/note.txt", ev, sizeof ev - 1 } };
	unsigned char *out;
	pcf_error err;

	ck_assert_msg(build_bundle(extra, 1, &out, len, &err) == PCF_OK, "%s", err.message);
	return out;
}

/* What a tar archive of plain ustar entries holds: entry count, largest entry, all entry bytes, and
 * the sizes of manifest.json and manifest.p7s. */
struct shape {
	size_t entries, max_entry, total, manifest, signature;
};

static void tar_shape(const unsigned char *b, size_t len, struct shape *s)
{
	size_t pos = 0;

	memset(s, 0, sizeof s[0]);
	while (pos + 512 <= len && b[pos]) {
		char name[101], octal[13];
		size_t size;
		memcpy(name, b + pos, 100);
		name[100] = 0;
		memcpy(octal, b + pos + 124, 12);
		octal[12] = 0;
		size = (size_t)strtoull(octal, NULL, 8);
		ck_assert_msg(b[pos + 156] == '0', "entry %s is not a plain file header (type %c)", name, b[pos + 156]);
		s->entries++;
		s->total += size;
		if (size > s->max_entry)
			s->max_entry = size;
		if (!strcmp(name, "manifest.json"))
			s->manifest = size;
		if (!strcmp(name, "manifest.p7s"))
			s->signature = size;
		pos += 512 + (size + 511) / 512 * 512;
	}
	ck_assert_uint_gt(s->entries, 0);
}

/* Verify b with one limit set; the reason (NONE when valid). */
static pcf_reason verify_limited(const unsigned char *b, size_t len, size_t which, uint64_t value)
{
	const char *anchors[] = { fx_pki("root.pem") };
	const char *crls[] = { fx_pki("crl/trusted.crl.pem") };
	pcf_verify_options o;
	pcf_trust *t = NULL;
	pcf_verifier *v = NULL;
	pcf_verdict *vd = NULL;
	pcf_reason r;
	pcf_error err;

	ck_assert_int_eq(pcf_trust_load(anchors, 1, crls, 1, &t, &err), PCF_OK);
	pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION);
	o.no_recompute = 1;
	((uint64_t *)&o.limits)[which] = value;
	ck_assert_int_eq(pcf_verifier_new(t, &o, &v, &err), PCF_OK);
	ck_assert_int_eq(pcf_verify_memory(v, "limits.pcfb", b, len, &vd, &err), PCF_OK);
	r = pcf_verdict_get_reason(vd);
	if (r != PCF_REASON_NONE)
		fprintf(stderr, "# limit %zu = %llu: %s: %s\n", which, (unsigned long long)value, pcf_reason_name(r),
		        pcf_verdict_message(vd));
	pcf_verdict_free(vd);
	pcf_verifier_free(v);
	pcf_trust_free(t);
	return r;
}

#define LIMIT_INDEX(field) (offsetof(pcf_verify_limits, field) / sizeof(uint64_t))

START_TEST(verifier_limits_at_the_boundary)
{
	size_t len, cmax = 0, ccount = 0, i;
	unsigned char *b = signed_bundle(&len);
	struct shape s;
	struct {
		size_t index;
		uint64_t exact;
		pcf_reason over;
		const char *name;
	} cases[10];
	size_t n = 0;

	tar_shape(b, len, &s);
	cert_sizes(fx_pki("issuer.pem"), &cmax, &ccount);
	cert_sizes(fx_pki("chain.pem"), &cmax, &ccount);
	ck_assert_uint_eq(ccount, 2); /* the leaf and one intermediate: the signature carries both */
	ck_assert_int_eq(verify_limited(b, len, 0, 0), PCF_REASON_NONE); /* 0: the defaults */

#define CASE(f, v, r) do { cases[n].index = LIMIT_INDEX(f); cases[n].exact = (v); cases[n].over = (r); cases[n].name = #f; n++; } while (0)
	CASE(max_input_bytes, len, PCF_REASON_INPUT_TOO_LARGE);
	CASE(max_entries, s.entries, PCF_REASON_ENTRY_COUNT);
	CASE(max_entry_bytes, s.max_entry, PCF_REASON_ENTRY_TOO_LARGE);
	CASE(max_total_bytes, s.total, PCF_REASON_TOTAL_TOO_LARGE);
	CASE(max_header_bytes, 512, PCF_REASON_ENTRY_HEADER_TOO_LARGE);
	CASE(max_manifest_bytes, s.manifest, PCF_REASON_ENTRY_TOO_LARGE);
	CASE(max_signature_bytes, s.signature, PCF_REASON_ENTRY_TOO_LARGE);
	CASE(max_certificates, ccount, PCF_REASON_CERTIFICATE_LIMIT);
	CASE(max_certificate_bytes, cmax, PCF_REASON_CERTIFICATE_LIMIT);
	CASE(max_chain_depth, 2, PCF_REASON_CHAIN_TOO_DEEP);
#undef CASE
	for (i = 0; i < n; i++) {
		pcf_reason at = verify_limited(b, len, cases[i].index, cases[i].exact);
		pcf_reason below = verify_limited(b, len, cases[i].index, cases[i].exact - 1);
		ck_assert_msg(at == PCF_REASON_NONE, "%s = %llu (exactly the bundle's): expected valid, got %s", cases[i].name,
		              (unsigned long long)cases[i].exact, pcf_reason_name(at));
		ck_assert_msg(below == cases[i].over, "%s = %llu (one below): expected %s, got %s", cases[i].name,
		              (unsigned long long)cases[i].exact - 1, pcf_reason_name(cases[i].over), pcf_reason_name(below));
	}
	free(b);
}
END_TEST

/* ---- files made at test time ---- */

/* Made by main before the tests run and removed after them, whether they pass or not (each test runs
 * in a child process, which a failed assertion ends). File names are unique across the tests. */
static char tmp_dir[512];

static const char *tmp_path(const char *name)
{
	return fx_path(tmp_dir, name);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_gt(n, 0);
	rewind(f);
	d = malloc((size_t)n);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(fread(d, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return d;
}

/* Write name in the temporary folder: `copies` times the file src, then newlines up to size bytes in
 * all (none when size is 0); mode as given. PEM readers skip the newlines after the last block. */
static const char *make_file(const char *name, const char *src, int copies, size_t size, mode_t mode)
{
	const char *path = tmp_path(name);
	size_t len, written = 0;
	char *d = slurp(src, &len);
	FILE *f = fopen(path, "wb");
	int i;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < copies; i++, written += len)
		ck_assert_uint_eq(fwrite(d, 1, len, f), len);
	if (size > written) {
		/* one write: a ck_assert per byte would cost a system call each (Check reports its progress) */
		char *pad = malloc(size - written);
		ck_assert_ptr_nonnull(pad);
		memset(pad, '\n', size - written);
		ck_assert_uint_eq(fwrite(pad, 1, size - written, f), size - written);
		free(pad);
	}
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
	free(d);
	return path;
}

/* Load a signer from the demo issuer's files, with those given instead; its status, err filled. */
static pcf_status load_signer(const char *key, const char *cert, const char *chain, pcf_error *err)
{
	pcf_signer_options so;
	pcf_signer *s = NULL;
	pcf_status st;

	memset(&so, 0, sizeof so);
	so.key_path = key ? key : fx_pki("issuer.key");
	so.cert_path = cert ? cert : fx_pki("issuer.pem");
	so.chain_path = chain ? chain : fx_pki("chain.pem");
	st = pcf_signer_load(&s, &so, err);
	if (st != PCF_OK)
		fprintf(stderr, "# %s\n", err->message);
	pcf_signer_free(s);
	return st;
}

#define MiB ((size_t)1 << 20)

/* The key file (1 MiB) and the certificate and chain files (4 MiB each): the demo PKI's files padded
 * with newlines to exactly the limit load; one byte more is refused unread, naming the limit. */
START_TEST(signer_file_sizes_at_the_boundary)
{
	pcf_error err;
	char want[128];

	ck_assert_int_eq(load_signer(make_file("key-at.pem", fx_pki("issuer.key"), 1, MiB, 0600), NULL, NULL, &err), PCF_OK);
	ck_assert_int_eq(load_signer(make_file("key-over.pem", fx_pki("issuer.key"), 1, MiB + 1, 0600), NULL, NULL, &err),
	                 PCF_E_LIMIT);
	snprintf(want, sizeof want, "file is %zu bytes, more than the limit of %zu", MiB + 1, MiB);
	ck_assert_str_eq(err.message, want);
	ck_assert_str_eq(err.file, tmp_path("key-over.pem"));

	ck_assert_int_eq(load_signer(NULL, make_file("cert-at.pem", fx_pki("issuer.pem"), 1, 4 * MiB, 0644), NULL, &err),
	                 PCF_OK);
	ck_assert_int_eq(load_signer(NULL, make_file("cert-over.pem", fx_pki("issuer.pem"), 1, 4 * MiB + 1, 0644), NULL, &err),
	                 PCF_E_LIMIT);
	snprintf(want, sizeof want, "file is %zu bytes, more than the limit of %zu", 4 * MiB + 1, 4 * MiB);
	ck_assert_str_eq(err.message, want);
	ck_assert_str_eq(err.file, tmp_path("cert-over.pem"));

	ck_assert_int_eq(load_signer(NULL, NULL, make_file("chain-at.pem", fx_pki("chain.pem"), 1, 4 * MiB, 0644), &err),
	                 PCF_OK);
	ck_assert_int_eq(load_signer(NULL, NULL, make_file("chain-over.pem", fx_pki("chain.pem"), 1, 4 * MiB + 1, 0644), &err),
	                 PCF_E_LIMIT);
	ck_assert_str_eq(err.message, want);
	ck_assert_str_eq(err.file, tmp_path("chain-over.pem"));
}
END_TEST

/* 16 certificates in one certificate or chain file load; a 17th is refused, naming the limit. The
 * demo PKI's intermediate repeated stands for a long chain (each copy is a valid CA certificate). */
START_TEST(signer_certificate_count_at_the_boundary)
{
	const char *cert16, *cert17;
	pcf_error err;
	FILE *f;

	/* the signer certificate, then 15 or 16 intermediates */
	cert16 = make_file("cert16.pem", fx_pki("chain.pem"), 15, 0, 0644);
	cert17 = make_file("cert17.pem", fx_pki("chain.pem"), 16, 0, 0644);
	{
		size_t il, cl;
		char *issuer = slurp(fx_pki("issuer.pem"), &il);
		const char *paths[2] = { cert16, cert17 };
		int i;
		for (i = 0; i < 2; i++) {
			char *rest = slurp(paths[i], &cl);
			ck_assert_ptr_nonnull(f = fopen(paths[i], "wb"));
			ck_assert_uint_eq(fwrite(issuer, 1, il, f), il);
			ck_assert_uint_eq(fwrite(rest, 1, cl, f), cl);
			ck_assert_int_eq(fclose(f), 0);
			free(rest);
		}
		free(issuer);
	}
	/* with a chain file holding only the root (never shipped), so that the certificate file is all */
	ck_assert_int_eq(load_signer(NULL, cert16, fx_pki("root.pem"), &err), PCF_OK);
	ck_assert_int_eq(load_signer(NULL, cert17, fx_pki("root.pem"), &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "more than 16 certificates");
	ck_assert_str_eq(err.file, cert17);

	/* A chain file is read up to 16 certificates too, but with the signer's one the signature may carry
	 * only 16 in all, what a verifier accepts (max_certificates): 15 intermediates, not 16. */
	ck_assert_int_eq(load_signer(NULL, NULL, make_file("chain15.pem", fx_pki("chain.pem"), 15, 0, 0644), &err), PCF_OK);
	ck_assert_int_eq(load_signer(NULL, NULL, make_file("chain16.pem", fx_pki("chain.pem"), 16, 0, 0644), &err),
	                 PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "the signer certificate and 16 intermediates are more than the 16 certificates "
	                              "a verifier accepts in a signature");
	ck_assert_str_eq(err.file, tmp_path("chain16.pem"));
	ck_assert_int_eq(load_signer(NULL, NULL, make_file("chain17.pem", fx_pki("chain.pem"), 17, 0, 0644), &err),
	                 PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "more than 16 certificates");
	ck_assert_str_eq(err.file, tmp_path("chain17.pem"));
}
END_TEST

/* A bundle of the demo issuer's with n extra entries of one byte each (e/0 ... e/N-1). */
static pcf_status build_with_extras(size_t n, pcf_error *err)
{
	pcf_bundle_file *extra = calloc(n, sizeof *extra);
	char (*names)[16] = calloc(n, sizeof *names);
	unsigned char *out = NULL;
	size_t len = 0, i;
	pcf_status st;

	ck_assert_ptr_nonnull(extra);
	ck_assert_ptr_nonnull(names);
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "e/%u", (unsigned)i);   /* n < 2^32: no truncation for gcc -O1 to warn of */
		extra[i].path = names[i];
		extra[i].data = "x";
		extra[i].size = 1;
	}
	st = build_bundle(extra, n, &out, &len, err);
	if (st == PCF_OK) {
		struct shape sh;
		tar_shape(out, len, &sh);
		/* inventory, result, manifest and signature (and factors.json) */
		ck_assert_uint_eq(sh.entries, n + (build_factors ? 5 : 4));
	}
	free(out);
	free(names);
	free(extra);
	return st;
}

/* At most 4092 extra entries (exports and attachments) in one bundle: with its own 4, the 4096 entries a
 * verifier accepts (max_entries), so that nothing is issued that pcf verify refuses. */
START_TEST(bundle_extra_entries_at_the_boundary)
{
	pcf_error err;

	ck_assert_msg(build_with_extras(4092, &err) == PCF_OK, "%s", err.message);
	ck_assert_int_eq(build_with_extras(4093, &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "more than 4092 extra entries (with the bundle's own 4, more than the 4096 "
	                              "entries a verifier accepts)");
	/* With factors.json (format 1.2, what pcf issue writes) the bundle's own entries are 5: 4091. */
	build_factors = "{\"format-version\": 1, \"library\": \"bundle-factors\", \"factors\": []}\n";
	ck_assert_msg(build_with_extras(4091, &err) == PCF_OK, "%s", err.message);
	ck_assert_int_eq(build_with_extras(4092, &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "more than 4091 extra entries (with the bundle's own 5, more than the 4096 "
	                              "entries a verifier accepts)");
	build_factors = NULL;
}
END_TEST

/* What the check reported for one case. */
struct case_seen {
	const char *name;
	int seen;
	pcf_check_outcome outcome;
	char detail[2048];
};

static void note_case(void *data, const char *name, pcf_check_outcome o, const char *detail)
{
	struct case_seen *c = data;

	if (o != PCF_CHECK_PASS)
		fprintf(stderr, "# check case %s: outcome %d: %.200s\n", name, (int)o, detail);
	if (strcmp(name, c->name))
		return;
	c->seen++;
	c->outcome = o;
	snprintf(c->detail, sizeof c->detail, "%s", detail);
}

/* pcf methods check on tests/plugins/big-export.so with an export of n bytes; what its export case found. */
static void check_export_of(size_t n, struct case_seen *c)
{
	const char *examples[] = { TEST_SRCDIR "/data/check/examples/widget.yaml" };
	pcf_check_opts o;
	pcf_factor_lib *lib = NULL;
	pcf_params *p = NULL;
	pcf_error err;
	size_t failed = 0;
	char v[32];

	memset(c, 0, sizeof *c);
	c->name = "export bytes";
	snprintf(v, sizeof v, "%zu", n);
	ck_assert_int_eq(pcf_params_new(&p, &err), PCF_OK);
	ck_assert_int_eq(pcf_params_set(p, "export-bytes", v, &err), PCF_OK);
	ck_assert_int_eq(pcf_factor_lib_new(&lib, &err), PCF_OK); /* widget.yaml uses a grid factor */
	ck_assert_msg(pcf_factor_lib_load_file(lib, TEST_SRCDIR "/data/factors/electricity.yaml", NULL, &err) == PCF_OK,
	              "%s", err.message);
	ck_assert_int_eq(pcf_check_opts_init(&o, PCF_CHECK_OPTS_VERSION), PCF_OK);
	o.factors = lib;
	o.examples = examples;
	o.nexamples = 1;
	o.params = p;
	o.timeout_ms = 100000; /* no timeout: this is about size, and the machine may be busy */
	o.report = note_case;
	o.report_data = c;
	ck_assert_msg(pcf_check_plugin(TEST_BUILDDIR "/tests/plugins/.libs/big-export.so", &o, &failed, &err) == PCF_OK,
	              "%s", err.message);
	pcf_params_free(p);
	pcf_factor_lib_free(lib);
	ck_assert_int_eq(c->seen, 1);
	ck_assert_uint_eq(failed, c->outcome == PCF_CHECK_PASS ? 0 : 1);
}

/* A case of pcf methods check may send back 64 MiB from its child (here an export): exactly that passes,
 * one byte more is a failed case that names the limit. */
START_TEST(check_output_at_the_boundary)
{
	struct case_seen c;
	char want[128];

	check_export_of(64 * MiB, &c);
	snprintf(want, sizeof want, "bytes of widget.yaml, twice, %zu identical bytes", 64 * MiB);
	ck_assert_msg(c.outcome == PCF_CHECK_PASS, "64 MiB: %s", c.detail);
	ck_assert_str_eq(c.detail, want);
	check_export_of(64 * MiB + 1, &c);
	ck_assert_int_eq(c.outcome, PCF_CHECK_FAIL);
	snprintf(want, sizeof want, "wrote more than the limit of %zu bytes", 64 * MiB);
	ck_assert_str_eq(c.detail, want);
}
END_TEST

/* Numbers in an inventory are finite doubles: the largest one passes, the next decimal, which rounds
 * to infinity, is refused where it stands. */
START_TEST(inventory_numbers_at_the_boundary)
{
	static const char fmt[] =
		"format-version: 1\n"
		"product: {id: 'urn:test:p', name: P, declared-unit: {amount: %s, unit: kg}}\n"
		"reporting-period: {start: 2024-01-01, end: 2024-12-31}\n"
		"organisation: {name: Test}\n"
		"site: {country: DE}\n"
		"boundary: cradle-to-gate\n"
		"processes:\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg}}\n";
	char text[1024];
	pcf_inventory *inv = NULL;
	pcf_error err;

	snprintf(text, sizeof text, fmt, "1.7976931348623157e308"); /* DBL_MAX */
	ck_assert_msg(pcf_inventory_parse("t.yaml", text, strlen(text), NULL, NULL, &inv, NULL, &err) == PCF_OK, "%s",
	              err.message);
	pcf_inventory_free(inv);
	snprintf(text, sizeof text, fmt, "1.7976931348623159e308");
	ck_assert_int_ne(pcf_inventory_parse("t.yaml", text, strlen(text), NULL, NULL, &inv, NULL, &err), PCF_OK);
	ck_assert_str_eq(err.message, "expected a finite number, found number 1.7976931348623159e308 (out of range)");
	ck_assert_str_eq(err.path, "product.declared-unit.amount");
	ck_assert_int_eq(err.line, 2);
}
END_TEST

/* A plugin's warning longer than a message (1023 bytes) is cut there, never inside a UTF-8 character. */
START_TEST(long_warning_cut_at_the_boundary)
{
	pcf_ctx ctx;
	char w[1100];
	size_t i;
	static const struct {
		char c;
		size_t n;           /* bytes of c, then "\xc3\xa9" when utf8 */
		int utf8;
		size_t kept;        /* bytes of the warning kept */
	} cases[] = {
		{ 'a', 1023, 0, 1023 }, /* exactly a message: whole */
		{ 'b', 1024, 0, 1023 }, /* one more: cut to 1023 */
		{ 'c', 1021, 1, 1023 }, /* 1023 bytes ending in a 2-byte character: whole */
		{ 'd', 1022, 1, 1022 }, /* 1024 bytes: the character would be cut, so it goes */
	};

	memset(&ctx, 0, sizeof ctx);
	ctx.result = pcfi_result_new();
	ck_assert_ptr_nonnull(ctx.result);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(w, cases[i].c, cases[i].n);
		strcpy(w + cases[i].n, cases[i].utf8 ? "\xc3\xa9" : "");
		ck_assert_int_eq(pcfi_host.warn(&ctx, "%s", w), PCF_OK);
		ck_assert_uint_eq(pcf_result_warning_count(ctx.result), i + 1);
		ck_assert_uint_eq(strlen(pcf_result_warning(ctx.result, i)), cases[i].kept);
		ck_assert_int_eq(memcmp(pcf_result_warning(ctx.result, i), w, cases[i].kept), 0);
	}
	pcfi_ctx_cleanup(&ctx);
	pcf_result_free(ctx.result);
}
END_TEST

/* Shares in a result are in [0,1]: both ends pass, the next double beyond either is refused. */
START_TEST(result_shares_at_the_boundary)
{
	pcf_result *r = pcfi_result_new();
	pcf_error err;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(pcfi_result_set_primary_share(r, 1, &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_primary_share(r, 0, &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_cutoff_share(r, 1, &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_cutoff_share(r, 0, &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_primary_share(r, nextafter(1, 2), &err), PCF_E_PLUGIN);
	ck_assert_str_eq(err.message, "primary-data share 1 is not a share in [0,1]"); /* %g rounds it */
	ck_assert_int_eq(pcfi_result_set_primary_share(r, nextafter(0, -1), &err), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_cutoff_share(r, nextafter(1, 2), &err), PCF_E_PLUGIN);
	ck_assert_int_eq(pcfi_result_set_cutoff_share(r, nextafter(0, -1), &err), PCF_E_PLUGIN);
	pcf_result_free(r);
}
END_TEST

START_TEST(warnings_at_the_boundary)
{
	pcf_result *r = pcfi_result_new();
	pcf_error err;
	char msg[32];
	int i;

	ck_assert_ptr_nonnull(r);
	for (i = 0; i < 10000; i++) {
		snprintf(msg, sizeof msg, "warning %d", i);
		ck_assert_int_eq(pcfi_result_warn(r, msg, &err), PCF_OK);
	}
	ck_assert_int_eq(pcfi_result_warn(r, "warning 0", &err), PCF_OK); /* a repeat is kept once, not counted */
	ck_assert_int_eq(pcfi_result_warn(r, "one too many", &err), PCF_E_LIMIT);
	ck_assert_str_eq(err.message, "more than 10000 warnings");
	pcf_result_free(r);
}
END_TEST

START_TEST(plugin_strings_must_be_utf8)
{
	pcf_result *r = pcfi_result_new();
	pcf_error err;

	ck_assert_int_eq(pcfi_result_set_total(r, 1, "kg CO2e", &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_total(r, 1, "kg \xda", &err), PCF_E_PLUGIN);
	ck_assert_str_eq(err.message, "the total's unit is not valid UTF-8 (byte 0xda at offset 3)");
	ck_assert_int_eq(pcfi_result_add_stage(r, "\xed\xa0\x80", 1, &err), PCF_E_PLUGIN); /* a surrogate */
	ck_assert_int_eq(pcfi_result_add_gas(r, "\xc0\xaf", 1, NAN, &err), PCF_E_PLUGIN);  /* overlong */
	ck_assert_int_eq(pcfi_result_warn(r, "caf\xc3", &err), PCF_E_PLUGIN);               /* cut short */
	ck_assert_int_eq(pcfi_result_warn(r, "caf\xc3\xa9 \xf0\x9f\x8c\xb1", &err), PCF_OK);
	ck_assert_int_eq(pcfi_result_set_allocation(r, "none", "\xff", &err), PCF_E_PLUGIN);
	pcf_result_free(r);
}
END_TEST

/* fuzz_result found that a total of 1e20 was written as 100000000000000000000, which jansson
 * refused to read back as an integer; such numbers are read as doubles now. */
START_TEST(manifest_numbers_beyond_int64)
{
	static const char head[] =
		"{\"kind\": \"pcfkit-certificate\", \"format-version\": \"1.0\","
		" \"certificate-id\": \"2ef3da62-dbf1-446c-70ad-a09d662cd473\", \"issued-at\": \"2026-11-29T16:00:00Z\","
		" \"valid-from\": \"2026-11-29T16:00:00Z\", \"valid-until\": \"2027-11-29T16:00:00Z\", \"supersedes\": null,"
		" \"issuer\": {\"name\": \"I\", \"organization\": \"O\"},"
		" \"product\": {\"id\": \"p\", \"name\": \"P\", \"declared-unit\": {\"amount\": 1, \"unit\": \"t\"}},"
		" \"methodology\": {\"id\": \"example\", \"version\": \"1.0.0\"},"
		" \"footprint\": {\"total\": 100000000000000000000, \"unit\": \"kg CO2e\", \"gwp-set\": \"AR6\","
		" \"fossil\": 100000000000000000000, \"biogenic-emissions\": 0, \"biogenic-removals\": 0, \"dluc\": 0, \"aircraft\": 0},"
		" \"files\": [{\"path\": \"inventory.yaml\", \"size\": %s,"
		" \"sha256\": \"753e7ea761951aea2f704eb4eb18fc8d456224b0b335fa81f6eb935c4cdd38a0\"},"
		" {\"path\": \"result.json\", \"size\": 2754,"
		" \"sha256\": \"b04e5d2f2635c73e559f41a096e425f2d4f39b42597bd533fae3efbe90e067c3\"}]}";
	static const struct {
		const char *size;
		int ok;
	} cases[] = { { "974", 1 }, { "0", 1 }, { "9007199254740992", 1 }, { "9007199254740994", 0 }, { "-1", 0 },
	              { "1.5", 0 }, { "\"974\"", 0 }, { "100000000000000000000", 0 } };
	char text[2048];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pcfi_vfy_manifest m;
		pcf_reason reason;
		pcf_error err;
		pcf_status st;
		snprintf(text, sizeof text, head, cases[i].size);
		st = pcfi_vfy_manifest_parse("manifest.json", (const unsigned char *)text, strlen(text), &m, &reason, &err);
		ck_assert_msg((st == PCF_OK) == cases[i].ok, "size %s: %s", cases[i].size, st ? err.message : "accepted");
		if (st == PCF_OK) {
			ck_assert(m.total == 1e20);
			pcfi_vfy_manifest_free(&m);
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("robust");
	TCase *tc = tcase_create("robust");
	const char *tmp = getenv("TMPDIR");
	char cmd[600];
	int rc;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, verifier_limits_at_the_boundary);
	tcase_add_test(tc, warnings_at_the_boundary);
	tcase_add_test(tc, plugin_strings_must_be_utf8);
	tcase_add_test(tc, manifest_numbers_beyond_int64);
	tcase_add_test(tc, signer_file_sizes_at_the_boundary);
	tcase_add_test(tc, signer_certificate_count_at_the_boundary);
	tcase_add_test(tc, bundle_extra_entries_at_the_boundary);
	tcase_add_test(tc, check_output_at_the_boundary);
	tcase_add_test(tc, inventory_numbers_at_the_boundary);
	tcase_add_test(tc, long_warning_cut_at_the_boundary);
	tcase_add_test(tc, result_shares_at_the_boundary);
	suite_add_tcase(s, tc);
	snprintf(tmp_dir, sizeof tmp_dir, "%s/pcf-robust-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	rc = tap_run(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
	if (system(cmd) != 0)
		rc = EXIT_FAILURE;
	return rc;
}
