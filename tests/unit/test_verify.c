/*
 * test_verify.c - unit tests of the verify area: the entry-name grammar, time parsing, reason
 * names, the trust store, the limits (through the API, with lowered caps), what the CLI cannot
 * easily build (RFC 3161 timestamp tokens from a test TSA: T18, T19), the verdict API and JSON,
 * supersession, threads, and extract. Bundles are built here with OpenSSL's CMS API and
 * libarchive's ustar writer, signed with the demo PKI of $PCF_TEST_PKI.
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcf/bundle.h>
#include <pcf/bundle_reader.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#include "tap.h"

static const char *pki(const char *name)
{
	static char buf[8][1024];
	static int k;
	const char *dir = getenv("PCF_TEST_PKI");
	char *b = buf[k++ % 8];
	snprintf(b, 1024, "%s/%s", dir ? dir : TEST_BUILDDIR "/certs/demo", name);
	return b;
}

static const char inventory[] = "kind: pcfkit-inventory\nproduct: {id: x}\n";
/* The result the manifest of make_bundle summarises (its figures must be the same), of inventory. */
static const char result[] = "{\"kind\": \"pcfkit-result\",\n"
                             " \"inventory\": {\"sha256\": \"c059f782ee2f61d95fe246fda34de6e9368c52140c610d4c897324976093ec03\"},\n"
                             " \"methodology\": {\"id\": \"pcfkit-test-absent\", \"version\": \"1.0.0\"},\n"
                             " \"product\": {\"id\": \"p\", \"name\": \"P\", \"declared-unit\": {\"amount\": 1, \"unit\": \"kg\"}},\n"
                             " \"footprint\": {\"total\": 1.5, \"unit\": \"kg CO2e\", \"gwp-set\": \"AR6\", \"fossil\": 1.5,\n"
                             " \"biogenic-emissions\": 0, \"biogenic-removals\": 0, \"dluc\": null, \"aircraft\": 0}}\n";

static void sha256_hex(const void *d, size_t n, char *out)
{
	unsigned char md[32];
	unsigned int l;
	int i;
	EVP_Digest(d, n, md, &l, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

typedef struct ent {
	const char *name;
	const void *data;
	size_t len;
} ent;

/* An uncompressed ustar archive of the entries (in the given order), as the contract says. */
static unsigned char *tar(const ent *e, size_t n, size_t *len)
{
	size_t cap = 1 << 20, used = 0, i;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	archive_write_set_format_ustar(a);
	archive_write_add_filter_none(a);
	archive_write_set_bytes_in_last_block(a, 1);
	ck_assert_int_eq(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		struct archive_entry *ae = archive_entry_new();
		archive_entry_set_pathname(ae, e[i].name);
		archive_entry_set_size(ae, (la_int64_t)e[i].len);
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, 0644);
		archive_entry_set_mtime(ae, 1767225600, 0);
		ck_assert_int_eq(archive_write_header(a, ae), ARCHIVE_OK);
		ck_assert_int_eq(archive_write_data(a, e[i].data, e[i].len), (la_ssize_t)e[i].len);
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	*len = used;
	return buf;
}

typedef void (*cms_tweak)(CMS_ContentInfo *cms, CMS_SignerInfo *si);

/* A signed bundle by signer (a demo PKI name) with the intermediate; tweak may change the CMS. */
static unsigned char *make_bundle(const char *signer, const char *cid, const char *supersedes, cms_tweak tweak,
                                  size_t *len)
{
	char pem[64], key[64], man[4096], hi[65], hr[65], cn[256] = "", org[256] = "";
	FILE *f;
	X509 *cert, *ca;
	EVP_PKEY *pk;
	STACK_OF(X509) *chain = sk_X509_new_null();
	CMS_ContentInfo *cms;
	BIO *in, *out;
	char *der;
	long derlen;
	unsigned char *r;
	ent e[4];

	snprintf(pem, sizeof pem, "%s.pem", signer);
	snprintf(key, sizeof key, "%s.key", signer);
	ck_assert_ptr_nonnull(f = fopen(pki(pem), "r"));
	cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(f = fopen(pki(key), "r"));
	pk = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(f = fopen(pki("chain.pem"), "r"));
	ca = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert(cert && pk && ca);
	sk_X509_push(chain, ca);
	X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
	X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_organizationName, org, sizeof org);
	sha256_hex(inventory, strlen(inventory), hi);
	sha256_hex(result, strlen(result), hr);
	snprintf(man, sizeof man,
	         "{\n  \"kind\": \"pcfkit-certificate\",\n  \"format-version\": \"1.0\",\n  \"certificate-id\": \"%s\",\n"
	         "  \"issued-at\": \"2026-01-01T00:00:00Z\",\n  \"valid-from\": \"2026-01-01T00:00:00Z\",\n"
	         "  \"valid-until\": \"2030-01-01T00:00:00Z\",\n  \"supersedes\": %s%s%s,\n"
	         "  \"issuer\": {\"name\": \"%s\", \"organization\": \"%s\"},\n"
	         "  \"product\": {\"id\": \"p\", \"name\": \"P\", \"declared-unit\": {\"amount\": 1, \"unit\": \"kg\"}},\n"
	         "  \"methodology\": {\"id\": \"pcfkit-test-absent\", \"version\": \"1.0.0\"},\n"
	         "  \"footprint\": {\"total\": 1.5, \"unit\": \"kg CO2e\", \"gwp-set\": \"AR6\", \"fossil\": 1.5,\n"
	         "    \"biogenic-emissions\": 0, \"biogenic-removals\": 0, \"dluc\": null, \"aircraft\": 0},\n"
	         "  \"files\": [\n    {\"path\": \"inventory.yaml\", \"size\": %zu, \"sha256\": \"%s\"},\n"
	         "    {\"path\": \"result.json\", \"size\": %zu, \"sha256\": \"%s\"}\n  ]\n}\n",
	         cid, supersedes ? "\"" : "", supersedes ? supersedes : "null", supersedes ? "\"" : "", cn, org,
	         strlen(inventory), hi, strlen(result), hr);
	in = BIO_new_mem_buf(man, (int)strlen(man));
	/* The profile of bundle-format.md 6.1, as pcf issue makes it: signingTime = issued-at, no S/MIME capabilities. */
	{
		const unsigned fl = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
		CMS_SignerInfo *si;
		ASN1_TIME *t = ASN1_TIME_set(NULL, (time_t)1767225600); /* 2026-01-01T00:00:00Z */
		int i;
		cms = CMS_sign(NULL, NULL, NULL, NULL, fl);
		ck_assert_ptr_nonnull(cms);
		ck_assert_ptr_nonnull(si = CMS_add1_signer(cms, cert, pk, NULL, fl));
		ck_assert_int_eq(CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, ASN1_STRING_type(t), t, -1), 1);
		for (i = 0; i < sk_X509_num(chain); i++)
			ck_assert_int_eq(CMS_add1_cert(cms, sk_X509_value(chain, i)), 1);
		ck_assert_int_eq(CMS_final(cms, in, NULL, fl & ~CMS_PARTIAL), 1);
		ASN1_TIME_free(t);
	}
	if (tweak)
		tweak(cms, sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0));
	out = BIO_new(BIO_s_mem());
	ck_assert_int_eq(i2d_CMS_bio(out, cms), 1);
	derlen = BIO_get_mem_data(out, &der);
	e[0] = (ent){ "inventory.yaml", inventory, strlen(inventory) };
	e[1] = (ent){ "manifest.json", man, strlen(man) };
	e[2] = (ent){ "manifest.p7s", der, (size_t)derlen };
	e[3] = (ent){ "result.json", result, strlen(result) };
	r = tar(e, 4, len);
	BIO_free(out);
	BIO_free(in);
	CMS_ContentInfo_free(cms);
	sk_X509_pop_free(chain, X509_free);
	X509_free(cert);
	EVP_PKEY_free(pk);
	return r;
}

static pcf_verifier *verifier(pcf_trust **trust, void (*tune)(pcf_verify_options *))
{
	pcf_verify_options o;
	pcf_verifier *v = NULL;
	const char *anchors[] = { pki("root.pem") };
	const char *crls[] = { pki("crl/trusted.crl.pem") };
	pcf_error err;

	ck_assert_int_eq(pcf_trust_load(anchors, 1, crls, 1, trust, &err), PCF_OK);
	pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION);
	o.at_set = 1;
	o.at = 1798761600; /* 2027-01-01 */
	if (tune)
		tune(&o);
	ck_assert_int_eq(pcf_verifier_new(*trust, &o, &v, &err), PCF_OK);
	return v;
}

/* Verify a bundle built by make_bundle with tune/tweak; returns the reason (NONE when valid). */
static pcf_reason verify_with(const char *signer, cms_tweak tweak, void (*tune)(pcf_verify_options *),
                              pcf_verdict_code *code)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, tune);
	size_t len;
	unsigned char *b = make_bundle(signer, "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, tweak, &len);
	pcf_verdict *vd = NULL;
	pcf_reason r;
	pcf_error err;

	ck_assert_int_eq(pcf_verify_memory(v, "unit.pcfb", b, len, &vd, &err), PCF_OK);
	r = pcf_verdict_get_reason(vd);
	if (code)
		*code = pcf_verdict_get_code(vd);
	if (r != PCF_REASON_NONE)
		fprintf(stderr, "# %s: %s\n", pcf_reason_name(r), pcf_verdict_message(vd));
	pcf_verdict_free(vd);
	free(b);
	pcf_verifier_free(v);
	pcf_trust_free(t);
	return r;
}

START_TEST(name_grammar)
{
	static const char *good[] = { "manifest.json", "evidence/report-1.pdf", "export/pact-v2.json", "a", "0/1/2",
	                              "a.b_c-d" };
	static const char *bad[] = { "", ".", "..", "../x", "/etc/passwd", "a/../b", "a//b", "a/", "A.json", "a\\b",
	                             ".hidden", "a/.x", "a b", "é", "x/-y", "_x" };
	char longname[102];
	size_t i;

	for (i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(pcf_bundle_name_valid(good[i]), "%s should be valid", good[i]);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!pcf_bundle_name_valid(bad[i]), "%s should be invalid", bad[i]);
	memset(longname, 'a', 101);
	longname[101] = 0;
	ck_assert(!pcf_bundle_name_valid(longname));
	longname[100] = 0;
	ck_assert(pcf_bundle_name_valid(longname));
}
END_TEST

START_TEST(time_parsing)
{
	int64_t t;
	pcf_error err;

	ck_assert_int_eq(pcf_time_parse("1970-01-01T00:00:00Z", &t, &err), PCF_OK);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(pcf_time_parse("2027-01-01T00:00:00Z", &t, &err), PCF_OK);
	ck_assert_int_eq(t, 1798761600);
	ck_assert_int_eq(pcf_time_parse("2024-02-29T23:59:59Z", &t, &err), PCF_OK);
	ck_assert_int_eq(pcf_time_parse("@1798761600", &t, &err), PCF_OK);
	ck_assert_int_eq(t, 1798761600);
	ck_assert_int_eq(pcf_time_parse("@-5", &t, &err), PCF_OK);
	ck_assert_int_eq(t, -5);
	ck_assert_int_eq(pcf_time_parse("2023-02-29T00:00:00Z", &t, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_time_parse("2023-01-01T24:00:00Z", &t, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_time_parse("2023-01-01T00:00:00+01:00", &t, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_time_parse("2023-01-01 00:00:00Z", &t, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_time_parse("@", &t, &err), PCF_E_SYNTAX);
	ck_assert_int_eq(pcf_time_parse("@12x", &t, &err), PCF_E_SYNTAX);
	ck_assert(strstr(err.message, "expected YYYY-MM-DDTHH:MM:SSZ"));
}
END_TEST

START_TEST(reason_names)
{
	int i, j, named = 0;
	pcf_verify_options o;
	/* Every number up to internal-error is a reason; above, only some are (explicit numbers, ranges). */
	for (i = 0; i < PCF_REASON_COUNT_; i++) {
		if (i <= PCF_REASON_INTERNAL)
			ck_assert_str_ne(pcf_reason_name((pcf_reason)i), "unknown");
		if (!strcmp(pcf_reason_name((pcf_reason)i), "unknown"))
			continue;
		named++;
		for (j = 0; j < i; j++)
			ck_assert_str_ne(pcf_reason_name((pcf_reason)i), pcf_reason_name((pcf_reason)j));
	}
	ck_assert_int_ge(named, PCF_REASON_INTERNAL + 1);
	ck_assert_int_eq(PCF_REASON_INTERNAL, 54); /* numbers never change */
	ck_assert_str_eq(pcf_reason_name(PCF_REASON_COUNT_), "unknown");
	ck_assert_str_eq(pcf_reason_name((pcf_reason)-1), "unknown");
	/* Versioned options: a version this libpcf does not know is refused. */
	ck_assert_int_eq(pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION), PCF_OK);
	ck_assert_uint_eq(o.version, PCF_VERIFY_OPTIONS_VERSION);
	ck_assert_int_eq(pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION + 1), PCF_E_ARG);
	ck_assert_int_eq(pcf_verify_options_init(NULL, PCF_VERIFY_OPTIONS_VERSION), PCF_E_ARG);
	ck_assert_str_eq(pcf_verdict_code_name(PCF_VERDICT_VALID), "valid");
	ck_assert_str_eq(pcf_verify_outcome_name(PCF_VERIFY_NOT_RUN), "not-run");
}
END_TEST

START_TEST(trust_store)
{
	pcf_trust *t = NULL;
	pcf_verifier *v = NULL;
	pcf_error err;
	const char *none[] = { "/nonexistent/anchors.pem" };
	const char *notpem[] = { TEST_SRCDIR "/configure.ac" };
	const char *two[] = { pki("root.pem"), pki("other-root.pem") };

	ck_assert_int_eq(pcf_trust_new(&t, &err), PCF_OK);
	ck_assert_int_eq(pcf_verifier_new(t, NULL, &v, &err), PCF_E_ARG); /* no anchors: no verifier */
	ck_assert_ptr_null(v);
	ck_assert_int_eq(pcf_trust_add_anchors(t, pki("root.pem"), &err), PCF_OK);
	ck_assert_int_eq(pcf_trust_add_anchors(t, pki("root.pem"), &err), PCF_OK); /* twice is harmless */
	ck_assert_uint_eq(pcf_trust_anchor_count(t), 2);
	ck_assert_int_eq(pcf_trust_add_crl_file(t, pki("crl/trusted.crl.pem"), &err), PCF_OK);
	ck_assert_uint_eq(pcf_trust_crl_count(t), 2);
	ck_assert_int_eq(pcf_trust_add_crl_file(t, pki("root.pem"), &err), PCF_E_SYNTAX);
	{
		/* options of an unknown version (a newer header, or never initialised): no verifier */
		pcf_verify_options o;
		ck_assert_int_eq(pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION), PCF_OK);
		o.version = 99;
		ck_assert_int_eq(pcf_verifier_new(t, &o, &v, &err), PCF_E_ARG);
		ck_assert_ptr_null(v);
		ck_assert_ptr_nonnull(strstr(err.message, "pcf_verify_options_init"));
	}
	pcf_trust_free(t);
	ck_assert_int_eq(pcf_trust_load(none, 1, NULL, 0, &t, &err), PCF_E_IO);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(pcf_trust_load(notpem, 1, NULL, 0, &t, &err), PCF_E_INVALID);
	ck_assert_int_eq(pcf_trust_load(two, 2, NULL, 0, &t, &err), PCF_OK);
	ck_assert_uint_eq(pcf_trust_anchor_count(t), 2);
	pcf_trust_free(t);
	ck_assert_ptr_nonnull(strstr(pcf_trust_system_dir(), "pcfkit/trust"));
}
END_TEST

START_TEST(good_bundle_and_checks)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	size_t len, i;
	unsigned char *b = make_bundle("issuer", "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, NULL, &len);
	pcf_verdict *vd;
	pcf_error err;
	char *json;
	size_t jlen;
	json_t *j;

	ck_assert_int_eq(pcf_verify_memory(v, "unit.pcfb", b, len, &vd, &err), PCF_OK);
	ck_assert_msg(pcf_verdict_get_code(vd) == PCF_VERDICT_VALID, "%s: %s", pcf_reason_name(pcf_verdict_get_reason(vd)),
	              pcf_verdict_message(vd));
	ck_assert_int_eq(pcf_verdict_revocation_checked(vd), 1);
	ck_assert_int_eq(pcf_verdict_recomputed(vd), 0);
	ck_assert_ptr_nonnull(strstr(pcf_verdict_recompute_note(vd), "not recomputable: plugin pcfkit-test-absent"));
	ck_assert_str_eq(pcf_verdict_certificate_id(vd), "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192");
	ck_assert_uint_eq(pcf_verdict_check_count(vd), 13);
	for (i = 0; i < pcf_verdict_check_count(vd); i++) {
		const char *name, *detail;
		pcf_verify_outcome o;
		ck_assert_int_eq(pcf_verdict_check(vd, i, &name, &o, &detail), PCF_OK);
		ck_assert_msg(o == PCF_VERIFY_PASS || (o == PCF_VERIFY_SKIPPED && (!strcmp(name, "recompute") || !strcmp(name, "status"))),
		              "check %s is %s", name, pcf_verify_outcome_name(o));
	}
	ck_assert_int_eq(pcf_verdict_check(vd, 13, NULL, NULL, NULL), PCF_E_ARG);
	ck_assert_int_eq(pcf_verdicts_to_json((const pcf_verdict *const *)&vd, 1, &json, &jlen, &err), PCF_OK);
	j = json_loadb(json, jlen, JSON_REJECT_DUPLICATES, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(j, 0), "verdict")), "valid");
	json_decref(j);
	free(json);
	pcf_verdict_free(vd);

	/* The same bytes through the reader API: four entries with their SHA-256. */
	{
		pcf_bundle_view *view = NULL;
		pcf_reason r;
		char h[65];
		long k;
		ck_assert_int_eq(pcf_bundle_view_read_memory("unit", b, len, NULL, &view, &r, &err), PCF_OK);
		ck_assert_uint_eq(pcf_bundle_view_count(view), 4);
		k = pcf_bundle_view_find(view, "result.json");
		ck_assert_int_ge(k, 0);
		sha256_hex(result, strlen(result), h);
		{
			char got[65];
			int q;
			for (q = 0; q < 32; q++)
				sprintf(got + 2 * q, "%02x", pcf_bundle_view_sha256(view, (size_t)k)[q]);
			ck_assert_str_eq(got, h);
		}
		ck_assert_int_eq(pcf_bundle_view_find(view, "nope"), -1);
		pcf_bundle_view_free(view);
	}
	free(b);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

/* ---- redaction (issue 14): pcf_redact_memory and withheld entries in the verifier ---- */

START_TEST(redaction)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	size_t len, rlen = 0, rlen2 = 0;
	unsigned char *b = make_bundle("issuer", "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, NULL, &len);
	unsigned char *r = NULL, *r2 = NULL;
	const char *inv[] = { "inventory.yaml" }, *res[] = { "inventory.yaml", "result.json" }, *none[] = { "evidence/x" };
	pcf_verdict *vd;
	pcf_bundle_view *view = NULL;
	pcf_reason reason;
	pcf_error err;

	ck_assert_int_eq(pcf_bundle_entry_withholdable("inventory.yaml"), 1);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("factors.json"), 1);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("evidence/report.pdf"), 1);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("evidence/"), 0);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("result.json"), 0);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("manifest.json"), 0);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("manifest.p7s"), 0);
	ck_assert_int_eq(pcf_bundle_entry_withholdable("export/pact-v2.json"), 0);
	ck_assert_int_eq(pcf_bundle_entry_withholdable(NULL), 0);

	ck_assert_int_eq(pcf_redact_memory("unit.pcfb", b, len, inv, 1, &r, &rlen, &err), PCF_OK);
	ck_assert_int_eq(pcf_bundle_view_read_memory("unit", r, rlen, NULL, &view, &reason, &err), PCF_OK);
	ck_assert_uint_eq(pcf_bundle_view_count(view), 3);
	ck_assert_int_eq(pcf_bundle_view_find(view, "inventory.yaml"), -1);
	pcf_bundle_view_free(view);
	/* 512 bytes of header and 512 of data fewer: the inventory is shorter than one block */
	ck_assert_uint_eq(rlen, len - 1024);

	ck_assert_int_eq(pcf_verify_memory(v, "redacted.pcfb", r, rlen, &vd, &err), PCF_OK);
	ck_assert_msg(pcf_verdict_get_code(vd) == PCF_VERDICT_VALID, "%s: %s", pcf_reason_name(pcf_verdict_get_reason(vd)),
	              pcf_verdict_message(vd));
	ck_assert_str_eq(pcf_verdict_recompute_status(vd), "inventory-withheld");
	ck_assert_str_eq(pcf_verdict_recompute_note(vd), "recomputation not possible: inventory withheld by the supplier");
	ck_assert_uint_eq(pcf_verdict_withheld_count(vd), 1);
	ck_assert_str_eq(pcf_verdict_withheld(vd, 0), "inventory.yaml");
	ck_assert_ptr_null(pcf_verdict_withheld(vd, 1));
	ck_assert_str_eq(pcf_verdict_factor_note(vd), "");
	pcf_verdict_free(vd);
	ck_assert_str_eq(pcf_reason_name(PCF_REASON_INVENTORY_WITHHELD), "inventory-withheld");

	/* withholding again what is already withheld changes nothing */
	ck_assert_int_eq(pcf_redact_memory("redacted.pcfb", r, rlen, inv, 1, &r2, &rlen2, &err), PCF_OK);
	ck_assert_uint_eq(rlen2, rlen);
	ck_assert(!memcmp(r, r2, rlen));
	free(r2);

	/* what may not be withheld, what is not there, what is not a bundle: nothing written */
	r2 = NULL;
	ck_assert_int_eq(pcf_redact_memory("unit.pcfb", b, len, res, 2, &r2, &rlen2, &err), PCF_E_ARG);
	ck_assert_ptr_nonnull(strstr(err.message, "'result.json' cannot be withheld"));
	ck_assert_ptr_null(r2);
	ck_assert_int_eq(pcf_redact_memory("unit.pcfb", b, len, none, 1, &r2, &rlen2, &err), PCF_E_ARG);
	ck_assert_str_eq(err.message, "'evidence/x' is not an entry of the bundle");
	ck_assert_int_eq(pcf_redact_memory("unit.pcfb", b, len / 2, inv, 1, &r2, &rlen2, &err), PCF_E_VERIFY);
	ck_assert_ptr_null(r2);
	ck_assert_int_eq(pcf_redact_memory("unit.pcfb", b, len, inv, 1, NULL, &rlen2, &err), PCF_E_ARG);

	free(r);
	free(b);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

/* ---- timestamps (T18, T19): a test TSA under a demo root, tokens made with OpenSSL's TS API ---- */

static EVP_PKEY *tsa_key;
static X509 *tsa_cert;
static pcf_trust *tsa_trust;       /* what tune_tsa hands to the verifier */
static long tok_time;              /* genTime of the next token */
static int tok_other_bytes;        /* stamp other bytes than the signature value (T18) */
static int64_t at_override;

static void load_pem(const char *name, X509 **x, EVP_PKEY **k)
{
	char f[64];
	FILE *fp;
	snprintf(f, sizeof f, "%s.pem", name);
	ck_assert_ptr_nonnull(fp = fopen(pki(f), "r"));
	*x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (k) {
		snprintf(f, sizeof f, "%s.key", name);
		ck_assert_ptr_nonnull(fp = fopen(pki(f), "r"));
		*k = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
		fclose(fp);
	}
}

/* A TSA certificate (EKU timeStamping, critical) issued by the demo PKI's root. */
static void make_tsa(void)
{
	X509 *root;
	EVP_PKEY *rkey;
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	static const char *const exts[][2] = { { "basicConstraints", "critical,CA:FALSE" },
	                                       { "keyUsage", "critical,digitalSignature" },
	                                       { "extendedKeyUsage", "critical,timeStamping" },
	                                       { "subjectKeyIdentifier", "hash" },
	                                       { "authorityKeyIdentifier", "keyid:always" } };
	size_t i;

	if (tsa_cert)
		return;
	load_pem("root", &root, &rkey);
	ck_assert(root && rkey);
	tsa_key = EVP_EC_gen("P-256");
	tsa_cert = X509_new();
	X509_set_version(tsa_cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(tsa_cert), 777);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(tsa_cert), "CN", MBSTRING_ASC, (const unsigned char *)"Test TSA",
	                           -1, -1, 0);
	X509_set_issuer_name(tsa_cert, X509_get_subject_name(root));
	ASN1_TIME_set_string(X509_getm_notBefore(tsa_cert), "20250101000000Z");
	ASN1_TIME_set_string(X509_getm_notAfter(tsa_cert), "20450101000000Z");
	X509_set_pubkey(tsa_cert, tsa_key);
	X509V3_set_ctx(&v3, root, tsa_cert, NULL, NULL, 0);
	for (i = 0; i < sizeof exts / sizeof *exts; i++) {
		ext = X509V3_EXT_conf(NULL, &v3, exts[i][0], exts[i][1]);
		ck_assert_ptr_nonnull(ext);
		X509_add_ext(tsa_cert, ext, -1);
		X509_EXTENSION_free(ext);
	}
	ck_assert_int_gt(X509_sign(tsa_cert, rkey, EVP_sha256()), 0);
	X509_free(root);
	EVP_PKEY_free(rkey);
}

static ASN1_INTEGER *serial_cb(TS_RESP_CTX *c, void *d)
{
	ASN1_INTEGER *s = ASN1_INTEGER_new();
	(void)c;
	(void)d;
	ASN1_INTEGER_set(s, 1);
	return s;
}

static int time_cb(TS_RESP_CTX *c, void *d, long *sec, long *usec)
{
	(void)c;
	(void)d;
	*sec = tok_time;
	*usec = 0;
	return 1;
}

/* A CMS tweak: add an RFC 3161 token over the signature value (or other bytes) as unsigned attribute. */
static void add_timestamp(CMS_ContentInfo *cms, CMS_SignerInfo *si)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	static const unsigned char other[] = "the signature of another bundle";
	unsigned char md[32], *der = NULL;
	unsigned int mdl;
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *a = X509_ALGOR_new();
	BIO *qb = BIO_new(BIO_s_mem());
	TS_RESP_CTX *rc = TS_RESP_CTX_new();
	ASN1_OBJECT *policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
	TS_RESP *resp;
	int dl;

	(void)cms;
	make_tsa();
	if (tok_other_bytes)
		EVP_Digest(other, sizeof other, md, &mdl, EVP_sha256(), NULL);
	else
		EVP_Digest(sig->data, (size_t)sig->length, md, &mdl, EVP_sha256(), NULL);
	TS_REQ_set_version(req, 1);
	X509_ALGOR_set0(a, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, a);
	TS_MSG_IMPRINT_set_msg(mi, md, (int)mdl);
	TS_REQ_set_msg_imprint(req, mi);
	TS_REQ_set_cert_req(req, 1);
	i2d_TS_REQ_bio(qb, req);
	ck_assert_int_eq(TS_RESP_CTX_set_signer_cert(rc, tsa_cert), 1);
	ck_assert_int_eq(TS_RESP_CTX_set_signer_key(rc, tsa_key), 1);
	TS_RESP_CTX_set_def_policy(rc, policy);
	TS_RESP_CTX_add_md(rc, EVP_sha256());
	TS_RESP_CTX_set_signer_digest(rc, EVP_sha256());
	TS_RESP_CTX_set_serial_cb(rc, serial_cb, NULL);
	TS_RESP_CTX_set_time_cb(rc, time_cb, NULL);
	resp = TS_RESP_create_response(rc, qb);
	ck_assert_ptr_nonnull(resp);
	ck_assert_ptr_nonnull(TS_RESP_get_token(resp));
	dl = i2d_PKCS7(TS_RESP_get_token(resp), &der);
	ck_assert_int_gt(dl, 0);
	ck_assert_int_eq(CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, der, dl), 1);
	OPENSSL_free(der);
	TS_RESP_free(resp);
	TS_RESP_CTX_free(rc);
	ASN1_OBJECT_free(policy);
	BIO_free(qb);
	X509_ALGOR_free(a);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
}

static void tune_tsa(pcf_verify_options *o)
{
	o->tsa_trust = tsa_trust;
	if (at_override)
		o->at = at_override;
}

static pcf_reason ts_case(const char *signer, const char *tsa_root, long when, int64_t at, int other_bytes,
                          pcf_verdict_code *code)
{
	const char *a[1];
	pcf_error err;
	pcf_reason r;

	tsa_trust = NULL;
	if (tsa_root) {
		a[0] = pki(tsa_root);
		ck_assert_int_eq(pcf_trust_load(a, 1, NULL, 0, &tsa_trust, &err), PCF_OK);
	}
	tok_time = when;
	tok_other_bytes = other_bytes;
	at_override = at;
	r = verify_with(signer, add_timestamp, tune_tsa, code);
	pcf_trust_free(tsa_trust);
	tsa_trust = NULL;
	at_override = 0;
	tok_other_bytes = 0;
	return r;
}

START_TEST(timestamps)
{
	pcf_verdict_code c;
	const long t2026 = 1780272000L;   /* 2026-06-01 */
	const long t2030 = 1906502400L;   /* 2030-06-01 */
	const long t2024 = 1717200000L;   /* 2024-06-01 */
	const long t2028 = 1843430400L;   /* 2028-06-01 */
	const int64_t at2036 = 2095977600; /* 2036-06-01: the issuer certificate expired at 2035-01-01 */

	/* A good token from a trusted TSA. */
	ck_assert_int_eq(ts_case("issuer", "root.pem", t2026, 0, 0, &c), PCF_REASON_NONE);
	ck_assert_int_eq(c, PCF_VERDICT_VALID);
	/* No TSA anchors: the token is not used; the bundle is judged at --at as without it. */
	ck_assert_int_eq(ts_case("issuer", NULL, t2026, 0, 0, &c), PCF_REASON_NONE);
	/* T18: a token over other bytes (another bundle's signature). */
	ck_assert_int_eq(ts_case("issuer", "root.pem", t2026, 0, 1, &c), PCF_REASON_TIMESTAMP_INVALID);
	/* T18: a TSA that does not chain to the TSA anchors. */
	ck_assert_int_eq(ts_case("issuer", "other-root.pem", t2026, 0, 0, &c), PCF_REASON_TIMESTAMP_INVALID);
	/* A token from after the verification time. */
	ck_assert_int_eq(ts_case("issuer", "root.pem", t2028, 0, 0, &c), PCF_REASON_TIMESTAMP_INVALID);
	/* T19: signed while the signer was valid, verified after it expired: the chain is judged at the
	 * token's time and passes; what is left is the PCF's own window (valid until 2030) ... */
	ck_assert_int_eq(ts_case("issuer", "root.pem", t2030 - 86400 * 200, at2036, 0, &c), PCF_REASON_PCF_EXPIRED);
	/* ... while without a token the signer certificate itself is expired. */
	at_override = at2036;
	ck_assert_int_eq(verify_with("issuer", NULL, tune_tsa, &c), PCF_REASON_CERT_EXPIRED);
	at_override = 0;
	/* T19: a token from before the signer's certificate was valid. */
	ck_assert_int_eq(ts_case("issuer", "root.pem", t2024, 0, 0, &c), PCF_REASON_CERT_NOT_YET_VALID);
	ck_assert_int_eq(c, PCF_VERDICT_NOT_YET_VALID);
	/* Revocation is judged with the current CRLs, token or not. */
	ck_assert_int_eq(ts_case("revoked", "root.pem", t2026, 0, 0, &c), PCF_REASON_CERT_REVOKED);
}
END_TEST

/*
 * A verifier remembers chain verifications within its life (verify.c, chain_run): the verdict
 * must stay per bundle. The same chain at another timestamp time, other signers between, the
 * same bundle twice (identical verdicts), and a trust store that gained a CRL meanwhile.
 */
/* A marker for memo_verify: change the last byte of the signer certificate's own signature. */
static void flip_leaf(CMS_ContentInfo *cms, CMS_SignerInfo *si)
{
	(void)cms;
	(void)si;
}

static pcf_reason memo_verify(const pcf_verifier *v, const char *signer, long when, cms_tweak tweak, char **json)
{
	size_t len;
	unsigned char *b;
	pcf_verdict *vd = NULL;
	pcf_reason r;
	pcf_error err;

	tok_time = when;
	b = make_bundle(signer, "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, when ? add_timestamp : tweak, &len);
	if (tweak == flip_leaf) {
		/* In the bundle's bytes: the CMS signature does not cover the certificates, nor the tar the data. */
		char pem[64];
		FILE *f;
		X509 *x;
		unsigned char *der = NULL, *at;
		int n;
		snprintf(pem, sizeof pem, "%s.pem", signer);
		ck_assert_ptr_nonnull(f = fopen(pki(pem), "r"));
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
		ck_assert_int_gt(n = i2d_X509(x, &der), 0);
		ck_assert_ptr_nonnull(at = memmem(b, len, der, (size_t)n));
		at[n - 1] ^= 1;
		OPENSSL_free(der);
		X509_free(x);
	}
	ck_assert_int_eq(pcf_verify_memory(v, "memo.pcfb", b, len, &vd, &err), PCF_OK);
	r = pcf_verdict_get_reason(vd);
	if (json) {
		size_t jl;
		const pcf_verdict *one[1] = { vd };
		ck_assert_int_eq(pcf_verdicts_to_json(one, 1, json, &jl, &err), PCF_OK);
	}
	pcf_verdict_free(vd);
	free(b);
	return r;
}

/* A CRL inside the SignedData ([1] crls): the cached decoding must still see the field, which section 6.1 refuses. */
static void tweak_crl_field(CMS_ContentInfo *cms, CMS_SignerInfo *si)
{
	FILE *f = fopen(pki("crl/ca.crl.pem"), "r");
	X509_CRL *crl;

	(void)si;
	ck_assert_ptr_nonnull(f);
	crl = PEM_read_X509_CRL(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_ptr_nonnull(crl);
	ck_assert_int_eq(CMS_add1_crl(cms, crl), 1);
	X509_CRL_free(crl);
}

START_TEST(chain_memo)
{
	const long t2026 = 1780272000L, t2024 = 1717200000L;
	char root[1024], crl[1024];
	const char *a[1] = { root };
	pcf_trust *t, *bare;
	pcf_verifier *v;
	pcf_verify_options o;
	pcf_error err;
	char *j1 = NULL, *j2 = NULL;

	snprintf(root, sizeof root, "%s", pki("root.pem")); /* pki() reuses its buffers */
	snprintf(crl, sizeof crl, "%s", pki("crl/trusted.crl.pem"));
	ck_assert_int_eq(pcf_trust_load(a, 1, NULL, 0, &tsa_trust, &err), PCF_OK);
	v = verifier(&t, tune_tsa);
	ck_assert_int_eq(memo_verify(v, "issuer", t2026, NULL, NULL), PCF_REASON_NONE);
	ck_assert_int_eq(memo_verify(v, "issuer", t2024, NULL, NULL), PCF_REASON_CERT_NOT_YET_VALID);
	ck_assert_int_eq(memo_verify(v, "issuer", t2026, NULL, NULL), PCF_REASON_NONE);
	ck_assert_int_eq(memo_verify(v, "issuer", 0, NULL, &j1), PCF_REASON_NONE);
	ck_assert_int_eq(memo_verify(v, "revoked", t2026, NULL, NULL), PCF_REASON_CERT_REVOKED);
	ck_assert_int_eq(memo_verify(v, "revoked", 0, NULL, NULL), PCF_REASON_CERT_REVOKED);
	ck_assert_int_eq(memo_verify(v, "expired", 0, NULL, NULL), PCF_REASON_CERT_EXPIRED);
	ck_assert_int_eq(memo_verify(v, "other-issuer", 0, NULL, NULL), PCF_REASON_CHAIN_UNTRUSTED);
	ck_assert_int_eq(memo_verify(v, "issuer", 0, NULL, &j2), PCF_REASON_NONE);
	ck_assert_str_eq(j1, j2); /* remembered or not, the same verdict, check by check */
	/* The verifier also keeps decoded certificates by their DER: a changed one is a new one. */
	ck_assert_int_eq(memo_verify(v, "issuer", 0, flip_leaf, NULL), PCF_REASON_CHAIN_INVALID);
	/* section 6.1: no revocation information inside the signature */
	ck_assert_int_eq(memo_verify(v, "issuer", 0, tweak_crl_field, NULL), PCF_REASON_SIGNATURE_PROFILE);
	ck_assert_int_eq(memo_verify(v, "issuer", 0, NULL, NULL), PCF_REASON_NONE);
	free(j1);
	free(j2);
	pcf_verifier_free(v);
	pcf_trust_free(t);
	pcf_trust_free(tsa_trust);
	tsa_trust = NULL;

	/* A store without CRLs: revocation unavailable; once a CRL is added, the chain is judged anew. */
	ck_assert_int_eq(pcf_trust_load(a, 1, NULL, 0, &bare, &err), PCF_OK);
	pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION);
	o.at_set = 1;
	o.at = 1798761600; /* 2027-01-01 */
	o.no_recompute = 1;
	ck_assert_int_eq(pcf_verifier_new(bare, &o, &v, &err), PCF_OK);
	ck_assert_int_eq(memo_verify(v, "issuer", 0, NULL, NULL), PCF_REASON_REVOCATION_UNAVAILABLE);
	ck_assert_int_eq(pcf_trust_add_crl_file(bare, crl, &err), PCF_OK);
	ck_assert_int_eq(memo_verify(v, "issuer", 0, NULL, NULL), PCF_REASON_NONE);
	ck_assert_int_eq(memo_verify(v, "revoked", 0, NULL, NULL), PCF_REASON_CERT_REVOKED);
	pcf_verifier_free(v);
	pcf_trust_free(bare);
}
END_TEST

static void lim_entries(pcf_verify_options *o) { o->limits.max_entries = 3; }
static void lim_entry(pcf_verify_options *o) { o->limits.max_entry_bytes = 100; }
static void lim_total(pcf_verify_options *o) { o->limits.max_total_bytes = 1000; }
static void lim_input(pcf_verify_options *o) { o->limits.max_input_bytes = 2048; }
static void lim_manifest(pcf_verify_options *o) { o->limits.max_manifest_bytes = 200; o->limits.max_entry_bytes = 1 << 20; }
static void lim_sig(pcf_verify_options *o) { o->limits.max_signature_bytes = 300; }
static void lim_certs(pcf_verify_options *o) { o->limits.max_certificates = 1; }
static void lim_certsize(pcf_verify_options *o) { o->limits.max_certificate_bytes = 200; }
static void lim_depth(pcf_verify_options *o) { o->limits.max_chain_depth = 1; }
static void no_rev(pcf_verify_options *o) { o->no_revocation_check = 1; }
static void no_rec(pcf_verify_options *o) { o->no_recompute = 1; }

START_TEST(limits_t8_t24)
{
	ck_assert_int_eq(verify_with("issuer", NULL, lim_entries, NULL), PCF_REASON_ENTRY_COUNT);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_entry, NULL), PCF_REASON_ENTRY_TOO_LARGE);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_total, NULL), PCF_REASON_TOTAL_TOO_LARGE);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_input, NULL), PCF_REASON_INPUT_TOO_LARGE);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_manifest, NULL), PCF_REASON_ENTRY_TOO_LARGE);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_sig, NULL), PCF_REASON_ENTRY_TOO_LARGE);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_certs, NULL), PCF_REASON_CERTIFICATE_LIMIT);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_certsize, NULL), PCF_REASON_CERTIFICATE_LIMIT);
	ck_assert_int_eq(verify_with("issuer", NULL, lim_depth, NULL), PCF_REASON_CHAIN_TOO_DEEP);
}
END_TEST

START_TEST(options)
{
	pcf_verdict_code c;
	ck_assert_int_eq(verify_with("issuer", NULL, no_rev, &c), PCF_REASON_NONE);
	ck_assert_int_eq(c, PCF_VERDICT_VALID);
	ck_assert_int_eq(verify_with("issuer-rsa", NULL, no_rec, &c), PCF_REASON_NONE);
	ck_assert_int_eq(verify_with("revoked", NULL, NULL, &c), PCF_REASON_CERT_REVOKED);
	ck_assert_int_eq(c, PCF_VERDICT_REVOKED);
	/* Revocation off: a revoked signer is not noticed, and the verdict says revocation was not checked. */
	ck_assert_int_eq(verify_with("revoked", NULL, no_rev, &c), PCF_REASON_NONE);
}
END_TEST

START_TEST(supersession)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	size_t l1, l2;
	unsigned char *b1 = make_bundle("issuer", "11111111-1111-4111-8111-111111111111", NULL, NULL, &l1);
	unsigned char *b2 = make_bundle("issuer", "22222222-2222-4222-8222-222222222222",
	                                "11111111-1111-4111-8111-111111111111", NULL, &l2);
	pcf_verdict *vd[2];
	pcf_error err;

	ck_assert_int_eq(pcf_verify_memory(v, "old", b1, l1, &vd[0], &err), PCF_OK);
	ck_assert_int_eq(pcf_verify_memory(v, "new", b2, l2, &vd[1], &err), PCF_OK);
	pcf_verify_apply_supersession(vd, 2);
	ck_assert_int_eq(pcf_verdict_get_code(vd[0]), PCF_VERDICT_SUPERSEDED);
	ck_assert_ptr_nonnull(strstr(pcf_verdict_message(vd[0]), "22222222-2222-4222-8222-222222222222"));
	ck_assert_int_eq(pcf_verdict_get_code(vd[1]), PCF_VERDICT_VALID);
	pcf_verdict_free(vd[0]);
	pcf_verdict_free(vd[1]);
	free(b1);
	free(b2);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

START_TEST(extract_api)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	size_t len;
	unsigned char *b = make_bundle("issuer", "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, NULL, &len);
	char dir[] = "/tmp/pcf-unit-XXXXXX", path[600], out[600];
	pcf_verdict *vd = NULL;
	pcf_error err;
	FILE *f;
	struct stat st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.pcfb", dir);
	f = fopen(path, "wb");
	fwrite(b, 1, len, f);
	fclose(f);
	snprintf(out, sizeof out, "%s/out", dir);
	ck_assert_int_eq(pcf_extract_file(v, path, out, &vd, &err), PCF_OK);
	ck_assert_int_eq(pcf_verdict_get_code(vd), PCF_VERDICT_VALID);
	pcf_verdict_free(vd);
	snprintf(path, sizeof path, "%s/out/result.json", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, (off_t)strlen(result));
	unlink(path);
	snprintf(path, sizeof path, "%s/out/inventory.yaml", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/out/manifest.json", dir);
	ck_assert_int_ne(stat(path, &st), 0); /* never the manifest */
	rmdir(out);
	snprintf(path, sizeof path, "%s/b.pcfb", dir);
	/* Unverified: the files, but a verdict that never says valid. */
	ck_assert_int_eq(pcf_extract_file(NULL, path, out, &vd, &err), PCF_OK);
	ck_assert_int_eq(pcf_verdict_get_code(vd), PCF_VERDICT_UNVERIFIED);
	ck_assert_str_eq(pcf_verdict_code_name(pcf_verdict_get_code(vd)), "unverified");
	pcf_verdict_free(vd);
	{
		char p2[700];
		snprintf(p2, sizeof p2, "%s/result.json", out);
		unlink(p2);
		snprintf(p2, sizeof p2, "%s/inventory.yaml", out);
		unlink(p2);
		rmdir(out);
	}
	/* A missing bundle: an I/O verdict and PCF_E_IO. */
	ck_assert_int_eq(pcf_extract_file(v, "/nonexistent.pcfb", out, &vd, &err), PCF_E_IO);
	ck_assert_int_eq(pcf_verdict_get_code(vd), PCF_VERDICT_IO_ERROR);
	pcf_verdict_free(vd);
	unlink(path);
	rmdir(dir);
	free(b);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

/* One verifier shared by several threads (the CLI's -j): every verdict is the same valid one. */
typedef struct shared {
	const pcf_verifier *v;
	const unsigned char *b;
	size_t len;
	int valid;
} shared;

static void *verify_many(void *arg)
{
	shared *sh = arg;
	int i;

	for (i = 0; i < 25; i++) {
		pcf_verdict *vd = NULL;
		pcf_error err;
		if (pcf_verify_memory(sh->v, "t", sh->b, sh->len, &vd, &err) == PCF_OK &&
		    pcf_verdict_get_code(vd) == PCF_VERDICT_VALID)
			sh->valid++;
		pcf_verdict_free(vd);
	}
	return NULL;
}

START_TEST(threads)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	size_t len;
	unsigned char *b = make_bundle("revoked", "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, NULL, &len);
	unsigned char *g = make_bundle("issuer", "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192", NULL, NULL, &len);
	shared sh[4];
	pthread_t th[4];
	int i;

	free(b); /* built only to exercise the CRL of the intermediate before the threads share it */
	for (i = 0; i < 4; i++) {
		sh[i] = (shared){ v, g, len, 0 };
		ck_assert_int_eq(pthread_create(&th[i], NULL, verify_many, &sh[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(sh[i].valid, 25);
	}
	free(g);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

/* Write n bytes to dir/name into path (600 bytes). */
static void put_file(const char *dir, const char *name, const void *d, size_t n, char *path)
{
	FILE *f;

	snprintf(path, 600, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(d, 1, n, f), n);
	fclose(f);
}

/* The issuer's supplier policy (pcf_supplier_policy): figures from a valid bundle, each distinct
 * digest verified once however often and under whichever path it is resolved, refusals cached too. */
START_TEST(supplier_policy_cache)
{
	pcf_trust *t;
	pcf_verifier *v = verifier(&t, NULL);
	pcf_supplier_policy *p = NULL;
	pcf_supplier s;
	pcf_error err;
	char dir[] = "/tmp/pcf-unit-XXXXXX", a[600], b[600], c[600], d[600];
	size_t l1, l2;
	unsigned char *b1 = make_bundle("issuer", "11111111-1111-4111-8111-111111111111", NULL, NULL, &l1);
	unsigned char *b2 = make_bundle("issuer", "22222222-2222-4222-8222-222222222222", NULL, NULL, &l2);

	ck_assert_ptr_nonnull(mkdtemp(dir));
	put_file(dir, "a.pcfb", b1, l1, a);
	put_file(dir, "b.pcfb", b1, l1, b);   /* the same bytes under another name */
	put_file(dir, "c.pcfb", b2, l2, c);
	b1[l1 / 2] ^= 1;                       /* one bit of the archive flipped */
	put_file(dir, "d.pcfb", b1, l1, d);
	ck_assert_int_eq(pcf_supplier_policy_new(v, NULL, 0, &p, &err), PCF_OK);
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 0);
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(pcf_supplier_policy_resolve(p, "a.pcfb", a, &s, &err), PCF_OK);
	ck_assert_str_eq(s.certificate_id, "11111111-1111-4111-8111-111111111111");
	ck_assert(s.total == 1.5 && s.fossil == 1.5 && s.declared_amount == 1);
	ck_assert_str_eq(s.declared_unit, "kg");
	ck_assert_str_eq(s.methodology_id, "pcfkit-test-absent");
	ck_assert_uint_eq(s.flags & PCF_SUPPLIER_VERIFIED, PCF_SUPPLIER_VERIFIED);
	ck_assert_uint_eq(strlen(s.sha256), 64);
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 1);
	ck_assert_int_eq(pcf_supplier_policy_resolve(p, "a.pcfb", a, &s, &err), PCF_OK);
	ck_assert_int_eq(pcf_supplier_policy_resolve(p, "b.pcfb", b, &s, &err), PCF_OK);
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 1);   /* the same digest: verified once */
	ck_assert_int_eq(pcf_supplier_policy_resolve(p, "c.pcfb", c, &s, &err), PCF_OK);
	ck_assert_str_eq(s.certificate_id, "22222222-2222-4222-8222-222222222222");
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 2);
	ck_assert_int_ne(pcf_supplier_policy_resolve(p, "d.pcfb", d, &s, &err), PCF_OK);
	ck_assert_ptr_nonnull(strstr(err.message, "not a valid certificate: invalid"));
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 3);
	ck_assert_int_ne(pcf_supplier_policy_resolve(p, "d.pcfb", d, &s, &err), PCF_OK);
	ck_assert_uint_eq(pcf_supplier_policy_verified(p), 3);   /* the refusal is remembered */
	pcf_supplier_policy_free(p);
	remove(a);
	remove(b);
	remove(c);
	remove(d);
	rmdir(dir);
	free(b1);
	free(b2);
	pcf_verifier_free(v);
	pcf_trust_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("verify");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, name_grammar);
	tcase_add_test(tc, time_parsing);
	tcase_add_test(tc, reason_names);
	tcase_add_test(tc, trust_store);
	tcase_add_test(tc, good_bundle_and_checks);
	tcase_add_test(tc, redaction);
	tcase_add_test(tc, timestamps);
	tcase_add_test(tc, limits_t8_t24);
	tcase_add_test(tc, options);
	tcase_add_test(tc, supersession);
	tcase_add_test(tc, extract_api);
	tcase_add_test(tc, threads);
	tcase_add_test(tc, chain_memo);
	tcase_add_test(tc, supplier_policy_cache);
	suite_add_tcase(s, tc);
	return tap_run(s);
}
