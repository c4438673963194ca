/*
 * test_bundle.c - unit tests of the bundle writer: signer loading and every refusal, entry names,
 * ids and times, the manifest, the detached CMS signature, the deterministic ustar archive,
 * reproducibility and atomic output. Uses the demo PKI that make check builds (certs/demo, or
 * $PCF_TEST_PKI).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <stdint.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <pcf/bundle.h>

#include "base/fsutil.h"
#include "crypto/signer_impl.h"
#include "bundle/tarw.h"
#include "tap.h"

static char pki[1024];
static char tmpdir[1024];

static const char *pki_path(const char *name)
{
	static char buf[4][1200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", pki, name);
	return buf[k];
}

static const char *tmp_path(const char *name)
{
	static char buf[4][1200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static void setup(void)
{
	const char *e = getenv("PCF_TEST_PKI");

	snprintf(pki, sizeof pki, "%s", e && *e ? e : TEST_BUILDDIR "/certs/demo");
	snprintf(tmpdir, sizeof tmpdir, "%s/pcf-bundle-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Load a signer from the PKI: NAME.pem, NAME.key, chain.pem. */
static pcf_status load(const char *name, const char *chain, pcf_signer **s, pcf_error *err)
{
	char key[64], cert[64];
	pcf_signer_options o;

	snprintf(key, sizeof key, "%s.key", name);
	snprintf(cert, sizeof cert, "%s.pem", name);
	memset(&o, 0, sizeof o);
	o.key_path = pki_path(key);
	o.cert_path = pki_path(cert);
	o.chain_path = chain ? pki_path(chain) : NULL;
	return pcf_signer_load(s, &o, err);
}

static void write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* Copy a PKI file into tmpdir with the given mode. */
static const char *copy_to_tmp(const char *name, mode_t mode)
{
	char *data;
	size_t len;
	const char *dst = tmp_path(name);

	ck_assert_int_eq(pcfi_read_file(pki_path(name), 1 << 20, &data, &len, NULL), PCF_OK);
	write_file(dst, data, len, mode);
	free(data);
	return dst;
}

/* ---- names, ids, times ---- */

START_TEST(names)
{
	char buf[PCF_BUNDLE_NAME_MAX + 1], longname[200];
	static const char *good[] = { "manifest.json", "evidence/a", "export/pact-v2.json", "a/b/c", "0", "x_y-z.1" };
	static const char *bad[] = { "", "/abs", "a/../b", "..", ".", ".hidden", "a//b", "a/", "Upper", "a\\b",
		                     "spa ce", "a/.b", "-x", "_x", "é" };
	size_t i;

	for (i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(pcf_bundle_name_valid(good[i]), "%s should be valid", good[i]);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!pcf_bundle_name_valid(bad[i]), "%s should be invalid", bad[i]);
	memset(longname, 'a', 100);
	longname[100] = '\0';
	ck_assert(pcf_bundle_name_valid(longname));
	longname[100] = 'a';
	longname[101] = '\0';
	ck_assert(!pcf_bundle_name_valid(longname));

	ck_assert_str_eq(pcf_bundle_evidence_name("/some/dir/Test Report.PDF", buf), "evidence/test-report.pdf");
	ck_assert_str_eq(pcf_bundle_evidence_name("..hidden", buf), "evidence/hidden");
	ck_assert_str_eq(pcf_bundle_evidence_name("___", buf), "evidence/file");
	ck_assert_str_eq(pcf_bundle_evidence_name("dir/", buf), "evidence/file");
	ck_assert_str_eq(pcf_bundle_evidence_name("Ärger.txt", buf), "evidence/rger.txt");
	memset(longname, 'B', 150);
	longname[150] = '\0';
	pcf_bundle_evidence_name(longname, buf);
	ck_assert_uint_eq(strlen(buf), PCF_BUNDLE_NAME_MAX);
	ck_assert(pcf_bundle_name_valid(buf));
}
END_TEST

START_TEST(ids_and_times)
{
	char a[PCF_BUNDLE_ID_LEN + 1], b[PCF_BUNDLE_ID_LEN + 1], t[32];
	int64_t v;
	pcf_error err;

	ck_assert_int_eq(pcf_bundle_new_id(a, NULL), PCF_OK);
	ck_assert_int_eq(pcf_bundle_new_id(b, NULL), PCF_OK);
	ck_assert(pcf_bundle_id_valid(a));
	ck_assert_str_ne(a, b);
	ck_assert(pcf_bundle_id_valid("9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192"));
	ck_assert(!pcf_bundle_id_valid("9F1C2E4A-0B7D-4C1E-8A2F-3D5E6F708192"));
	ck_assert(!pcf_bundle_id_valid("9f1c2e4a0b7d-4c1e-8a2f-3d5e6f708192-"));
	ck_assert(!pcf_bundle_id_valid("9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f70819"));
	ck_assert(!pcf_bundle_id_valid(NULL));

	ck_assert_int_eq(pcf_bundle_time_parse("2026-11-29T16:00:00Z", &v, NULL), PCF_OK);
	ck_assert_int_eq(v, 1795968000);
	ck_assert_str_eq(pcf_bundle_time_format(v, t), "2026-11-29T16:00:00Z");
	ck_assert_int_eq(pcf_bundle_time_parse("2026-11-29T16:00:00+00:00", &v, NULL), PCF_OK);
	ck_assert_int_eq(v, 1795968000);
	ck_assert_int_eq(pcf_bundle_time_parse("1795968000", &v, NULL), PCF_OK);
	ck_assert_int_eq(v, 1795968000);
	ck_assert_int_eq(pcf_bundle_time_parse("2026-02-30T00:00:00Z", &v, &err), PCF_E_ARG);
	ck_assert_ptr_nonnull(strstr(err.message, "not a valid date"));
	ck_assert_int_eq(pcf_bundle_time_parse("2026-11-29 16:00:00", &v, &err), PCF_E_ARG);
	ck_assert_ptr_nonnull(strstr(err.message, "expected a UTC time"));
	ck_assert_int_eq(pcf_bundle_time_parse("2026-11-29T16:00:00+01:00", &v, NULL), PCF_E_ARG);
	ck_assert_int_eq(pcf_bundle_time_parse("", &v, NULL), PCF_E_ARG);
}
END_TEST

/* ---- the signer ---- */

START_TEST(signer_loads)
{
	pcf_signer *s;
	pcf_error err;

	ck_assert_msg(load("issuer", "chain.pem", &s, &err) == PCF_OK, "%s", err.message);
	ck_assert_str_eq(pcf_signer_name(s), "Demo Certification Body Issuer");
	ck_assert_str_eq(pcf_signer_organization(s), "Demo Certification Body");
	ck_assert_str_eq(pcf_signer_key_description(s), "EC P-256");
	ck_assert(!pcf_signer_is_deterministic(s));
	ck_assert_int_eq(sk_X509_num(s->chain), 1);
	ck_assert_int_lt(pcf_signer_not_before(s), pcf_signer_not_after(s));
	pcf_signer_free(s);

	ck_assert_msg(load("issuer-rsa", "chain.pem", &s, &err) == PCF_OK, "%s", err.message);
	ck_assert_str_eq(pcf_signer_key_description(s), "RSA 2048");
	ck_assert(pcf_signer_is_deterministic(s));
	pcf_signer_free(s);


	/* without a chain file, and with the root in the chain file (dropped) */
	ck_assert_int_eq(load("issuer", NULL, &s, NULL), PCF_OK);
	ck_assert_int_eq(sk_X509_num(s->chain), 0);
	pcf_signer_free(s);
	{
		char *a, *b, *both;
		size_t la, lb;
		pcf_signer_options o;
		ck_assert_int_eq(pcfi_read_file(pki_path("chain.pem"), 1 << 20, &a, &la, NULL), PCF_OK);
		ck_assert_int_eq(pcfi_read_file(pki_path("root.pem"), 1 << 20, &b, &lb, NULL), PCF_OK);
		both = malloc(la + lb);
		memcpy(both, a, la);
		memcpy(both + la, b, lb);
		write_file(tmp_path("full-chain.pem"), both, la + lb, 0644);
		free(a);
		free(b);
		free(both);
		memset(&o, 0, sizeof o);
		o.key_path = pki_path("issuer.key");
		o.cert_path = pki_path("issuer.pem");
		o.chain_path = tmp_path("full-chain.pem");
		ck_assert_int_eq(pcf_signer_load(&s, &o, NULL), PCF_OK);
		ck_assert_int_eq(sk_X509_num(s->chain), 1);
		pcf_signer_free(s);

		/* a "full chain" certificate file: the first certificate signs, the rest are intermediates */
		ck_assert_int_eq(pcfi_read_file(pki_path("issuer.pem"), 1 << 20, &a, &la, NULL), PCF_OK);
		ck_assert_int_eq(pcfi_read_file(pki_path("chain.pem"), 1 << 20, &b, &lb, NULL), PCF_OK);
		both = malloc(la + lb);
		memcpy(both, a, la);
		memcpy(both + la, b, lb);
		write_file(tmp_path("issuer-full.pem"), both, la + lb, 0644);
		free(a);
		free(b);
		free(both);
		o.cert_path = tmp_path("issuer-full.pem");
		o.chain_path = NULL;
		ck_assert_int_eq(pcf_signer_load(&s, &o, NULL), PCF_OK);
		ck_assert_int_eq(sk_X509_num(s->chain), 1);
		ck_assert_str_eq(pcf_signer_name(s), "Demo Certification Body Issuer");
		pcf_signer_free(s);
	}
}
END_TEST

static void expect_refusal(const char *name, const char *chain, pcf_status want, const char *msg)
{
	pcf_signer *s = (pcf_signer *)1;
	pcf_error err;
	pcf_status st = load(name, chain, &s, &err);

	ck_assert_msg(st == want, "%s: status %d, wanted %d (%s)", name, st, want, err.message);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err.message, msg) != NULL, "%s: message '%s' lacks '%s'", name, err.message, msg);
	ck_assert_msg(err.file[0] != '\0', "%s: the error names no file", name);
}

START_TEST(signer_refusals)
{
	expect_refusal("expired", "chain.pem", PCF_E_CERT, "signer certificate expired at 2021-01-01T00:00:00Z");
	expect_refusal("not-yet-valid", "chain.pem", PCF_E_CERT, "signer certificate is not yet valid: valid from 2090");
	expect_refusal("tls-only", "chain.pem", PCF_E_CERT, "lacks the documentSigning extended key usage (1.3.6.1.5.5.7.3.36)");
	expect_refusal("no-eku", "chain.pem", PCF_E_CERT, "lacks the documentSigning extended key usage");
	expect_refusal("bad-ku", "chain.pem", PCF_E_CERT, "allows neither digitalSignature nor nonRepudiation");
	expect_refusal("ca-leaf", "chain.pem", PCF_E_CERT, "is a CA certificate");
	expect_refusal("rsa1024", "chain.pem", PCF_E_KEY, "RSA key of 1024 bits is too weak");
	expect_refusal("sha1", "chain.pem", PCF_E_CERT, "signed with SHA1, which is too weak");
	expect_refusal("issuer-ed25519", "chain.pem", PCF_E_KEY, "key type ED25519 is not supported for CMS signing");
	expect_refusal("issuer-under-expired-ca", "ca-expired-chain.pem", PCF_E_CERT, "intermediate certificate 1 expired");
	expect_refusal("issuer", "other-ca-chain.pem", PCF_E_CERT, "no certificate in the chain issued the signer");
}
END_TEST

START_TEST(signer_key_mismatch)
{
	pcf_signer *s;
	pcf_error err;
	pcf_signer_options o;

	memset(&o, 0, sizeof o);
	o.key_path = pki_path("issuer.key");
	o.cert_path = pki_path("other-issuer.pem");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_str_eq(err.message, "the key does not match the signer certificate");
	/* different key types */
	o.key_path = pki_path("issuer-rsa.key");
	o.cert_path = pki_path("issuer.pem");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_str_eq(err.message, "the key does not match the signer certificate");
}
END_TEST

START_TEST(signer_key_permissions)
{
	pcf_signer *s;
	pcf_error err;
	pcf_signer_options o;

	memset(&o, 0, sizeof o);
	o.key_path = copy_to_tmp("issuer.key", 0640);
	o.cert_path = pki_path("issuer.pem");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_ptr_nonnull(strstr(err.message, "accessible by group or others (mode 0640)"));
	ck_assert_str_eq(err.file, o.key_path);
	ck_assert_int_eq(chmod(o.key_path, 0604), 0);
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_int_eq(chmod(o.key_path, 0600), 0);
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_OK);
	pcf_signer_free(s);
	o.key_path = tmp_path("missing.key");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_IO);
	ck_assert_str_eq(err.file, o.key_path);
}
END_TEST

/* A new key of the given kind, written as PEM (encrypted with pass when non-NULL) into tmpdir. */
static const char *make_key(const char *file, EVP_PKEY *k, const char *pass)
{
	const char *path = tmp_path(file);
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(chmod(path, 0600), 0);
	if (pass)
		ck_assert(PEM_write_PKCS8PrivateKey(f, k, EVP_aes_256_cbc(), pass, (int)strlen(pass), NULL, NULL));
	else
		ck_assert(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL));
	fclose(f);
	return path;
}

START_TEST(signer_weak_curve_and_type)
{
	pcf_signer *s;
	pcf_error err;
	pcf_signer_options o;
	EVP_PKEY *k;

	memset(&o, 0, sizeof o);
	o.cert_path = pki_path("issuer.pem");
	k = EVP_EC_gen("P-224");
	ck_assert_ptr_nonnull(k);
	o.key_path = make_key("p224.key", k, NULL);
	EVP_PKEY_free(k);
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_ptr_nonnull(strstr(err.message, "elliptic curve secp224r1 is weak or not supported"));
	k = EVP_PKEY_Q_keygen(NULL, NULL, "ED448");
	ck_assert_ptr_nonnull(k);
	o.key_path = make_key("ed448.key", k, NULL);
	EVP_PKEY_free(k);
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_ptr_nonnull(strstr(err.message, "key type ED448 is not supported"));
}
END_TEST

START_TEST(signer_passphrases)
{
	pcf_signer *s;
	pcf_error err;
	pcf_signer_options o;
	EVP_PKEY *k;
	FILE *f;
	char *data, keyfile[1200];
	size_t len;
	BIO *bio;

	/* re-encrypt issuer.key with a passphrase */
	ck_assert_int_eq(pcfi_read_file(pki_path("issuer.key"), 1 << 20, &data, &len, NULL), PCF_OK);
	bio = BIO_new_mem_buf(data, (int)len);
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	ck_assert_ptr_nonnull(k);
	BIO_free(bio);
	free(data);
	memset(&o, 0, sizeof o);
	o.cert_path = pki_path("issuer.pem");
	snprintf(keyfile, sizeof keyfile, "%s", make_key("enc.key", k, "correct horse"));
	o.key_path = keyfile;
	EVP_PKEY_free(k);

	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_ptr_nonnull(strstr(err.message, "key is encrypted: give its passphrase with --pass"));

	setenv("PCF_TEST_PASS", "correct horse", 1);
	o.pass = "env:PCF_TEST_PASS";
	ck_assert_msg(pcf_signer_load(&s, &o, &err) == PCF_OK, "%s", err.message);
	pcf_signer_free(s);

	setenv("PCF_TEST_PASS", "wrong", 1);
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_ptr_nonnull(strstr(err.message, "cannot decrypt the key (wrong passphrase?)"));

	unsetenv("PCF_TEST_PASS");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
	ck_assert_str_eq(err.message, "passphrase variable PCF_TEST_PASS is not set");

	f = fopen(tmp_path("pass.txt"), "w");
	fputs("correct horse\n", f);
	fclose(f);
	chmod(tmp_path("pass.txt"), 0600);
	o.pass = "file:pass.txt";       /* relative to the current folder: not there */
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_IO);
	{
		char spec[1300];
		snprintf(spec, sizeof spec, "file:%s", tmp_path("pass.txt"));
		o.pass = spec;
		ck_assert_msg(pcf_signer_load(&s, &o, &err) == PCF_OK, "%s", err.message);
		pcf_signer_free(s);
		chmod(tmp_path("pass.txt"), 0644);
		ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_KEY);
		ck_assert_msg(strstr(err.message, "passphrase file is accessible by group or others") != NULL, "%s", err.message);
	}
	o.pass = "stdin";
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_ARG);
	ck_assert_str_eq(err.message, "--pass must be env:VAR or file:PATH, not 'stdin'");
}
END_TEST

START_TEST(signer_bad_files)
{
	pcf_signer *s;
	pcf_error err;
	pcf_signer_options o;

	memset(&o, 0, sizeof o);
	write_file(tmp_path("junk.key"), "not a key\n", 10, 0600);
	write_file(tmp_path("junk.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", 58, 0644);
	o.key_path = tmp_path("junk.key");
	o.cert_path = pki_path("issuer.pem");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_SYNTAX);
	ck_assert_ptr_nonnull(strstr(err.message, "expected a PEM private key"));
	o.key_path = pki_path("issuer.key");
	o.cert_path = tmp_path("junk.pem");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_SYNTAX);
	ck_assert_ptr_nonnull(strstr(err.message, "malformed PEM certificate"));
	o.cert_path = tmp_path("junk.key");
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_SYNTAX);
	ck_assert_str_eq(err.message, "expected a PEM certificate, found none");
	o.cert_path = NULL;
	ck_assert_int_eq(pcf_signer_load(&s, &o, &err), PCF_E_ARG);
}
END_TEST

/* ---- building ---- */

static const char inventory[] = "format-version: 1\nproduct:\n  id: urn:gtin:04012345678901\n";
static const char result[] = "{\n  \"total\": 812.5\n}\n";

static void fill_input(pcf_bundle_input *in, pcf_bundle_file *extra, size_t n_extra)
{
	memset(in, 0, sizeof *in);
	in->certificate_id = "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192";
	in->issued_at = 1795968000;       /* 2026-11-29T16:00:00Z */
	in->valid_days = 365;
	in->product_id = "urn:gtin:04012345678901";
	in->product_name = "Steel beam \"HEA 200\"";
	in->declared_amount = 1;
	in->declared_unit = "t";
	in->methodology_id = "iso14067";
	in->methodology_version = "1.0.0";
	in->footprint.total = 812.5;
	in->footprint.unit = "kg CO2e";
	in->footprint.gwp_set = "AR6";
	in->footprint.fossil = 800.25;
	in->footprint.biogenic_emissions = 12.25;
	in->footprint.biogenic_removals = -0.5;
	in->footprint.dluc = 0;
	in->footprint.aircraft = NAN;
	in->inventory = inventory;
	in->inventory_size = sizeof inventory - 1;
	in->result = result;
	in->result_size = sizeof result - 1;
	in->extra = extra;
	in->n_extra = n_extra;
}

struct got {
	char names[16][128];
	char *data[16];
	size_t size[16];
	int n;
};

/* Read an archive back with libarchive, checking every header is as the format says. */
static void read_back(const unsigned char *buf, size_t len, int64_t mtime, struct got *g)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r;

	memset(g, 0, sizeof *g);
	archive_read_support_format_tar(a);
	ck_assert_int_eq(archive_read_open_memory(a, buf, len), ARCHIVE_OK);
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		la_ssize_t got;
		ck_assert_int_lt(g->n, 16);
		ck_assert_int_eq(archive_entry_filetype(e), AE_IFREG);
		ck_assert_int_eq(archive_entry_perm(e), 0644);
		ck_assert_int_eq(archive_entry_uid(e), 0);
		ck_assert_int_eq(archive_entry_gid(e), 0);
		ck_assert_int_eq(archive_entry_mtime(e), mtime);
		ck_assert(archive_entry_uname(e) == NULL || !*archive_entry_uname(e));
		ck_assert(archive_entry_gname(e) == NULL || !*archive_entry_gname(e));
		snprintf(g->names[g->n], sizeof g->names[0], "%s", archive_entry_pathname(e));
		g->size[g->n] = (size_t)archive_entry_size(e);
		g->data[g->n] = malloc(g->size[g->n] + 1);
		got = archive_read_data(a, g->data[g->n], g->size[g->n]);
		ck_assert_int_eq(got, (la_ssize_t)g->size[g->n]);
		g->data[g->n][g->size[g->n]] = '\0';
		g->n++;
	}
	ck_assert_int_eq(r, ARCHIVE_EOF);
	ck_assert_str_eq(archive_format_name(a), "POSIX ustar format");
	archive_read_free(a);
}

static void free_got(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		free(g->data[i]);
}

static int find(const struct got *g, const char *name)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->names[i], name))
			return i;
	ck_abort_msg("entry %s missing", name);
	return -1;
}

/* Verify the detached signature over the manifest with OpenSSL alone, as a third party would. */
static void verify_cms(const struct got *g, int64_t issued_at)
{
	int m = find(g, "manifest.json"), p = find(g, "manifest.p7s");
	const unsigned char *der = (const unsigned char *)g->data[p];
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &der, (long)g->size[p]);
	X509_STORE *store = X509_STORE_new();
	X509_LOOKUP *lu = X509_STORE_add_lookup(store, X509_LOOKUP_file());
	BIO *content = BIO_new_mem_buf(g->data[m], (int)g->size[m]);
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs;
	CMS_SignerInfo *si;
	int i, idx;
	X509_ATTRIBUTE *attr;
	ASN1_TYPE *at;
	int64_t t;

	ck_assert_ptr_nonnull(cms);
	ck_assert_int_eq(X509_LOOKUP_load_file(lu, pki_path("root.pem"), X509_FILETYPE_PEM), 1);
	X509_STORE_set_purpose(store, X509_PURPOSE_ANY);
	ck_assert_msg(CMS_verify(cms, NULL, store, content, NULL, CMS_BINARY) == 1, "CMS_verify failed: %s",
	              ERR_reason_error_string(ERR_peek_last_error()));
	ck_assert_ptr_null(*CMS_get0_content(cms));           /* detached */
	ck_assert_int_eq(OBJ_obj2nid(CMS_get0_eContentType(cms)), NID_pkcs7_data);
	sis = CMS_get0_SignerInfos(cms);
	ck_assert_int_eq(sk_CMS_SignerInfo_num(sis), 1);
	si = sk_CMS_SignerInfo_value(sis, 0);
	idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	ck_assert_int_ge(idx, 0);
	attr = CMS_signed_get_attr(si, idx);
	at = X509_ATTRIBUTE_get0_type(attr, 0);
	ck_assert_int_eq(at->type, V_ASN1_UTCTIME);
	ck_assert_int_eq(pcfi_asn1_time_to_epoch(at->value.utctime, &t), 0);
	ck_assert_int_eq(t, issued_at);
	ck_assert_int_ge(CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1), 0);
	ck_assert_int_ge(CMS_signed_get_attr_by_NID(si, NID_pkcs9_messageDigest, -1), 0);
	/* signer and intermediate included, root never */
	certs = CMS_get1_certs(cms);
	ck_assert_int_eq(sk_X509_num(certs), 2);
	for (i = 0; i < sk_X509_num(certs); i++)
		ck_assert_int_ne(X509_self_signed(sk_X509_value(certs, i), 0), 1);
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_free(store);
	BIO_free(content);
	CMS_ContentInfo_free(cms);
}

START_TEST(build_round_trip)
{
	pcf_signer *s;
	pcf_error err;
	pcf_bundle_input in;
	pcf_bundle_file extra[2] = {
		{ "evidence/report.pdf", "%PDF-1.4 fake", 13 },
		{ "export/pact-v2.json", "{}\n", 3 },
	};
	unsigned char *out;
	size_t len, i;
	char id[PCF_BUNDLE_ID_LEN + 1];
	struct got g;
	json_t *j, *files;
	json_error_t je;
	static const char *order[] = { "evidence/report.pdf", "export/pact-v2.json", "inventory.yaml", "manifest.json",
		                       "manifest.p7s", "result.json" };

	ck_assert_int_eq(load("issuer", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, extra, 2);
	ck_assert_msg(pcf_bundle_build(s, &in, &out, &len, id, &err) == PCF_OK, "%s", err.message);
	ck_assert_str_eq(id, in.certificate_id);
	/* 512-byte blocks; the archive ends with exactly two zero blocks */
	ck_assert_uint_eq(len % 512, 0);
	for (i = len - 1024; i < len; i++)
		ck_assert_int_eq(out[i], 0);
	read_back(out, len, in.issued_at, &g);
	ck_assert_int_eq(g.n, 6);
	for (i = 0; i < 6; i++)
		ck_assert_str_eq(g.names[i], order[i]);
	ck_assert_str_eq(g.data[find(&g, "inventory.yaml")], inventory);
	ck_assert_str_eq(g.data[find(&g, "result.json")], result);

	j = json_loadb(g.data[find(&g, "manifest.json")], g.size[find(&g, "manifest.json")], JSON_REJECT_DUPLICATES, &je);
	ck_assert_msg(j != NULL, "manifest: %s", je.text);
	ck_assert_str_eq(json_string_value(json_object_get(j, "kind")), "pcfkit-certificate");
	ck_assert_str_eq(json_string_value(json_object_get(j, "format-version")), "1.0");
	ck_assert_str_eq(json_string_value(json_object_get(j, "certificate-id")), in.certificate_id);
	ck_assert_str_eq(json_string_value(json_object_get(j, "issued-at")), "2026-11-29T16:00:00Z");
	ck_assert_str_eq(json_string_value(json_object_get(j, "valid-from")), "2026-11-29T16:00:00Z");
	ck_assert_str_eq(json_string_value(json_object_get(j, "valid-until")), "2027-11-29T16:00:00Z");
	ck_assert(json_is_null(json_object_get(j, "supersedes")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "issuer"), "name")),
	                 "Demo Certification Body Issuer");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "product"), "name")), "Steel beam \"HEA 200\"");
	ck_assert(json_real_value(json_object_get(json_object_get(j, "footprint"), "total")) == 812.5);
	ck_assert(json_is_null(json_object_get(json_object_get(j, "footprint"), "aircraft")));
	ck_assert(json_integer_value(json_object_get(json_object_get(j, "footprint"), "dluc")) == 0);
	files = json_object_get(j, "files");
	ck_assert_uint_eq(json_array_size(files), 4);
	for (i = 0; i < 4; i++) {
		json_t *f = json_array_get(files, i);
		const char *path = json_string_value(json_object_get(f, "path"));
		int k = find(&g, path);
		unsigned char md[32];
		char hex[65];
		int b;
		ck_assert_str_eq(path, order[i < 3 ? i : 5]);
		ck_assert_int_eq(json_integer_value(json_object_get(f, "size")), (json_int_t)g.size[k]);
		SHA256((unsigned char *)g.data[k], g.size[k], md);
		for (b = 0; b < 32; b++)
			sprintf(hex + 2 * b, "%02x", md[b]);
		ck_assert_str_eq(json_string_value(json_object_get(f, "sha256")), hex);
	}
	json_decref(j);
	verify_cms(&g, in.issued_at);
	free_got(&g);
	free(out);

	/* a random id when none is given, supersedes written */
	in.certificate_id = NULL;
	in.supersedes = "00000000-0000-0000-0000-000000000001";
	ck_assert_int_eq(pcf_bundle_build(s, &in, &out, &len, id, NULL), PCF_OK);
	ck_assert(pcf_bundle_id_valid(id));
	ck_assert_str_ne(id, "9f1c2e4a-0b7d-4c1e-8a2f-3d5e6f708192");
	read_back(out, len, in.issued_at, &g);
	ck_assert_ptr_nonnull(strstr(g.data[find(&g, "manifest.json")], "\"supersedes\": \"00000000-0000-0000-0000-000000000001\""));
	ck_assert_ptr_nonnull(strstr(g.data[find(&g, "manifest.json")], id));
	free_got(&g);
	free(out);
	pcf_signer_free(s);
}
END_TEST

START_TEST(build_is_reproducible)
{
	pcf_signer *s;
	pcf_bundle_input in;
	unsigned char *a, *b;
	size_t la, lb;
	struct got ga, gb;

	/* RSA PKCS#1 v1.5: byte-identical */
	ck_assert_int_eq(load("issuer-rsa", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, NULL, 0);
	ck_assert_int_eq(pcf_bundle_build(s, &in, &a, &la, NULL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_bundle_build(s, &in, &b, &lb, NULL, NULL), PCF_OK);
	ck_assert_uint_eq(la, lb);
	ck_assert_int_eq(memcmp(a, b, la), 0);
	read_back(a, la, in.issued_at, &ga);
	verify_cms(&ga, in.issued_at);
	free_got(&ga);
	free(a);
	free(b);
	pcf_signer_free(s);

	/* ECDSA: the same except for the signature */
	ck_assert_int_eq(load("issuer", "chain.pem", &s, NULL), PCF_OK);
	ck_assert_int_eq(pcf_bundle_build(s, &in, &a, &la, NULL, NULL), PCF_OK);
	ck_assert_int_eq(pcf_bundle_build(s, &in, &b, &lb, NULL, NULL), PCF_OK);
	read_back(a, la, in.issued_at, &ga);
	read_back(b, lb, in.issued_at, &gb);
	ck_assert_int_eq(ga.n, gb.n);
	ck_assert_str_eq(ga.data[find(&ga, "manifest.json")], gb.data[find(&gb, "manifest.json")]);
	ck_assert_str_eq(ga.data[find(&ga, "inventory.yaml")], gb.data[find(&gb, "inventory.yaml")]);
	free_got(&ga);
	free_got(&gb);
	free(a);
	free(b);
	pcf_signer_free(s);
}
END_TEST

static void expect_build_error(const pcf_signer *s, const pcf_bundle_input *in, pcf_status want, const char *msg)
{
	unsigned char *out = (unsigned char *)1;
	size_t len = 1;
	pcf_error err;
	pcf_status st = pcf_bundle_build(s, in, &out, &len, NULL, &err);

	ck_assert_msg(st == want, "status %d, wanted %d (%s)", st, want, err.message);
	ck_assert_ptr_null(out);
	ck_assert_msg(strstr(err.message, msg) != NULL, "message '%s' lacks '%s'", err.message, msg);
}

START_TEST(build_refusals)
{
	pcf_signer *s;
	pcf_bundle_input in;
	pcf_bundle_file extra[2] = { { "evidence/a", "x", 1 }, { "evidence/a", "y", 1 } };

	ck_assert_int_eq(load("issuer", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, extra, 2);
	expect_build_error(s, &in, PCF_E_ARG, "entry 'evidence/a' appears twice");
	extra[1].path = "evidence/a/b";
	expect_build_error(s, &in, PCF_E_ARG, "entry 'evidence/a' is both a file and a folder");
	{
		/* Not neighbours once sorted: '-' sorts before '/'. */
		pcf_bundle_file three[3] = { { "evidence/a/b", "x", 1 }, { "evidence/a", "y", 1 }, { "evidence/a-b", "z", 1 } };
		fill_input(&in, three, 3);
		expect_build_error(s, &in, PCF_E_ARG, "entry 'evidence/a' is both a file and a folder ('evidence/a/b')");
		fill_input(&in, extra, 2);
	}
	extra[1].path = "evidence/../x";
	expect_build_error(s, &in, PCF_E_ARG, "entry name 'evidence/../x' is not allowed");
	extra[1].path = "Evidence/X";
	expect_build_error(s, &in, PCF_E_ARG, "entry name 'Evidence/X' is not allowed");
	extra[1].path = "manifest.json";
	expect_build_error(s, &in, PCF_E_ARG, "entry name 'manifest.json' is reserved");
	in.n_extra = 0;
	in.certificate_id = "not-an-id";
	expect_build_error(s, &in, PCF_E_ARG, "certificate id 'not-an-id' is not 32 lowercase hex digits");
	in.certificate_id = NULL;
	in.supersedes = "X";
	expect_build_error(s, &in, PCF_E_ARG, "superseded certificate id 'X'");
	in.supersedes = NULL;
	in.issued_at = 1700000000;        /* 2023: before the demo issuer's notBefore */
	expect_build_error(s, &in, PCF_E_CERT, "issue time 2023-11-14T22:13:20Z is outside the signer certificate's validity");
	in.issued_at = 2051222400;        /* 2035-01-01: its notAfter, which counts as expired */
	expect_build_error(s, &in, PCF_E_CERT, "is outside the signer certificate's validity");
	in.issued_at = 1795968000;
	s->chain_until = 1795968000;      /* as if the intermediate expired at the issue time */
	expect_build_error(s, &in, PCF_E_CERT, "outside the validity of an intermediate certificate");
	s->chain_until = s->not_after;
	in.valid_days = 0;
	expect_build_error(s, &in, PCF_E_ARG, "the validity must be between 1 and 36600 days");
	in.valid_days = 10;
	in.product_id = NULL;
	expect_build_error(s, &in, PCF_E_ARG, "the bundle needs the product id");
	in.product_id = "p";
	in.footprint.total = NAN;
	expect_build_error(s, &in, PCF_E_ARG, "must be finite numbers");
	in.footprint.total = 1;
	in.footprint.fossil = INFINITY;
	expect_build_error(s, &in, PCF_E_ARG, "a number is not finite");
	pcf_signer_free(s);
}
END_TEST

/* ---- the tar writer ---- */

/* Format 1.2 (issue 14): the factors entry of a version-2 input; a version-1 input never has it. */
START_TEST(build_factors_entry)
{
	static const char factors[] = "{\"format-version\": 1, \"library\": \"bundle-factors\", \"factors\": []}\n";
	pcf_signer *s;
	pcf_bundle_input in;
	pcf_bundle_file bad[1] = { { "factors.json", "x", 1 } };
	unsigned char *out;
	size_t len;
	struct got g;
	json_t *j, *files;
	pcf_error err;
	int k;

	ck_assert_int_eq(load("issuer", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, NULL, 0);
	in.version = PCF_BUNDLE_INPUT_VERSION;
	in.factors = factors;
	in.factors_size = strlen(factors);
	ck_assert_msg(pcf_bundle_build(s, &in, &out, &len, NULL, &err) == PCF_OK, "%s", err.message);
	read_back(out, len, in.issued_at, &g);
	ck_assert_int_eq(g.n, 5);
	ck_assert_str_eq(g.names[0], "factors.json");
	ck_assert_str_eq(g.data[find(&g, "factors.json")], factors);
	j = json_loadb(g.data[find(&g, "manifest.json")], g.size[find(&g, "manifest.json")], JSON_REJECT_DUPLICATES, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "format-version")), "1.2");
	files = json_object_get(j, "files");
	ck_assert_uint_eq(json_array_size(files), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(files, 0), "path")), "factors.json");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(files, 0), "size")), (json_int_t)strlen(factors));
	json_decref(j);
	free_got(&g);
	free(out);
	/* with a status-list entry too: still 1.2 */
	in.status_list = "urn:uuid:00000000-0000-0000-0000-000000000001";
	in.status_index = 7;
	ck_assert_msg(pcf_bundle_build(s, &in, &out, &len, NULL, &err) == PCF_OK, "%s", err.message);
	read_back(out, len, in.issued_at, &g);
	ck_assert_ptr_nonnull(strstr(g.data[find(&g, "manifest.json")], "\"format-version\": \"1.2\""));
	free_got(&g);
	free(out);
	/* a version-1 input: no factors entry, format 1.0, whatever the later members hold */
	in.status_list = NULL;
	in.version = 1;
	ck_assert_msg(pcf_bundle_build(s, &in, &out, &len, NULL, &err) == PCF_OK, "%s", err.message);
	read_back(out, len, in.issued_at, &g);
	ck_assert_int_eq(g.n, 4);
	for (k = 0; k < g.n; k++)
		ck_assert_str_ne(g.names[k], "factors.json");
	ck_assert_ptr_nonnull(strstr(g.data[find(&g, "manifest.json")], "\"format-version\": \"1.0\""));
	free_got(&g);
	free(out);
	/* the name is the bundle's own */
	fill_input(&in, bad, 1);
	expect_build_error(s, &in, PCF_E_ARG, "entry name 'factors.json' is reserved");
	pcf_signer_free(s);
}
END_TEST

START_TEST(tar_headers)
{
	pcfi_tar_entry e[2] = { { "a.txt", "hello\n", 6 }, { "d/b", "", 0 } };
	unsigned char *out;
	size_t len;
	const unsigned char *h;
	unsigned sum = 0;
	int i;
	char want[16];

	ck_assert_int_eq(pcfi_tar_write(e, 2, 1795968000, &out, &len, NULL), PCF_OK);
	/* header, one data block, header, two end blocks */
	ck_assert_uint_eq(len, 5 * 512);
	h = out;
	ck_assert_str_eq((const char *)h, "a.txt");
	ck_assert_int_eq(memcmp(h + 100, "000644 \0", 8), 0);         /* mode */
	ck_assert_int_eq(memcmp(h + 108, "000000 \0", 8), 0);         /* uid */
	ck_assert_int_eq(memcmp(h + 116, "000000 \0", 8), 0);         /* gid */
	ck_assert_int_eq(memcmp(h + 124, "00000000006 ", 12), 0);     /* size */
	snprintf(want, sizeof want, "%011o ", 1795968000u);
	ck_assert_int_eq(memcmp(h + 136, want, 12), 0);                /* mtime */
	ck_assert_int_eq(h[156], '0');                                 /* regular file */
	ck_assert_int_eq(memcmp(h + 257, "ustar\0" "00", 8), 0);
	ck_assert_int_eq(h[265], 0);                                   /* uname empty */
	ck_assert_int_eq(h[297], 0);                                   /* gname empty */
	for (i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : h[i];
	ck_assert_uint_eq(strtoul((const char *)h + 148, NULL, 8), sum);
	ck_assert_int_eq(memcmp(out + 512, "hello\n", 6), 0);
	ck_assert_str_eq((const char *)out + 1024, "d/b");
	for (i = 1536; i < 2560; i++)
		ck_assert_int_eq(out[i], 0);
	free(out);

	e[0].path = "a-name-that-is-far-too-long-for-the-ustar-name-field-because-it-has-more-than-one-hundred-bytes-in-it";
	ck_assert_int_eq(pcfi_tar_write(e, 1, 0, &out, &len, NULL), PCF_E_ARG);
}
END_TEST

/* ---- writing files ---- */

static int no_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int clean = 1;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp"))
			clean = 0;
	closedir(d);
	return clean;
}

START_TEST(write_atomic)
{
	pcf_signer *s;
	pcf_bundle_input in;
	pcf_error err;
	const char *p = tmp_path("out.pcfb");
	struct stat st;
	char id[PCF_BUNDLE_ID_LEN + 1];

	ck_assert_int_eq(load("issuer-rsa", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, NULL, 0);
	ck_assert_int_eq(pcf_bundle_write(s, &in, p, 0, id, &err), PCF_OK);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(pcf_bundle_write(s, &in, p, 0, id, &err), PCF_E_EXISTS);
	ck_assert_str_eq(err.file, p);
	ck_assert_str_eq(err.message, "output exists (use --force to overwrite)");
	ck_assert_int_eq(pcf_bundle_write(s, &in, p, 1, id, &err), PCF_OK);

	/* a read-only folder */
	ck_assert_int_eq(mkdir(tmp_path("ro"), 0555), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(pcf_bundle_write(s, &in, tmp_path("ro/x.pcfb"), 0, id, &err), PCF_E_IO);
		ck_assert_ptr_nonnull(strstr(err.message, "cannot create a temporary file"));
		ck_assert_int_ne(access(tmp_path("ro/x.pcfb"), F_OK), 0);
	}

	/* the file size limit strikes mid-write: nothing at the path, no temporary file left */
	{
		pid_t pid = fork();
		int status;
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			struct rlimit rl = { 4096, 4096 };
			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
			if (pcf_bundle_write(s, &in, tmp_path("big.pcfb"), 0, id, &err) != PCF_E_IO)
				_exit(1);
			if (!strstr(err.message, "write failed: File too large"))
				_exit(2);
			_exit(0);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_int_eq(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
		ck_assert_int_ne(access(tmp_path("big.pcfb"), F_OK), 0);
		ck_assert(no_temp_files(tmpdir));
	}
	pcf_signer_free(s);
}
END_TEST

/* ---- group commit ---- */

struct done_log {
	int n;
	pcf_status st[16];
	char msg[16][PCF_ERROR_MSG_MAX];
	void *data[16];
};

static struct done_log dlog;

static void on_done(void *data, pcf_status status, const pcf_error *err)
{
	ck_assert_int_lt(dlog.n, 16);
	dlog.data[dlog.n] = data;
	dlog.st[dlog.n] = status;
	snprintf(dlog.msg[dlog.n], sizeof dlog.msg[0], "%s", err ? err->message : "");
	dlog.n++;
}

START_TEST(batch_group_commit)
{
	pcf_signer *s;
	pcf_bundle_input in;
	pcf_bundle_batch *b;
	pcf_error err;
	char name[64], id[PCF_BUNDLE_ID_LEN + 1];
	int i;
	unsigned char *want;
	size_t want_len;
	char *got;
	size_t got_len;

	memset(&dlog, 0, sizeof dlog);
	ck_assert_int_eq(load("issuer-rsa", "chain.pem", &s, NULL), PCF_OK);
	fill_input(&in, NULL, 0);
	ck_assert_int_eq(pcf_bundle_batch_new(&b, 0, 2, on_done, &err), PCF_OK);
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "b%d.pcfb", i);
		ck_assert_msg(pcf_bundle_batch_add(b, s, &in, tmp_path(name), (void *)(intptr_t)(i + 1), id, &err) == PCF_OK,
		              "%s", err.message);
		ck_assert_str_eq(id, in.certificate_id);
	}
	/* groups of two: four committed, the fifth waits for the commit */
	ck_assert_int_eq(dlog.n, 4);
	ck_assert_int_ne(access(tmp_path("b4.pcfb"), F_OK), 0);
	ck_assert_int_eq(pcf_bundle_batch_commit(b, &err), PCF_OK);
	ck_assert_int_eq(dlog.n, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(dlog.st[i], PCF_OK);
		ck_assert_ptr_eq(dlog.data[i], (void *)(intptr_t)(i + 1));
	}
	/* the same bytes as a single write (RSA: deterministic) */
	ck_assert_int_eq(pcf_bundle_build(s, &in, &want, &want_len, NULL, NULL), PCF_OK);
	ck_assert_int_eq(pcfi_read_file(tmp_path("b4.pcfb"), 1 << 20, &got, &got_len, NULL), PCF_OK);
	ck_assert_uint_eq(got_len, want_len);
	ck_assert_int_eq(memcmp(got, want, want_len), 0);
	free(got);
	free(want);
	ck_assert(no_temp_files(tmpdir));

	/* an existing output: refused at add, done not called */
	ck_assert_int_eq(pcf_bundle_batch_add(b, s, &in, tmp_path("b0.pcfb"), NULL, id, &err), PCF_E_EXISTS);
	ck_assert_int_eq(dlog.n, 5);
	/* created by someone else between add and commit: done says so, nothing replaced */
	ck_assert_int_eq(pcf_bundle_batch_add(b, s, &in, tmp_path("race.pcfb"), (void *)7, id, &err), PCF_OK);
	write_file(tmp_path("race.pcfb"), "theirs", 6, 0644);
	ck_assert_int_eq(pcf_bundle_batch_commit(b, &err), PCF_E_EXISTS);
	ck_assert_int_eq(dlog.n, 6);
	ck_assert_int_eq(dlog.st[5], PCF_E_EXISTS);
	ck_assert_str_eq(dlog.msg[5], "output exists (use --force to overwrite)");
	ck_assert_int_eq(pcfi_read_file(tmp_path("race.pcfb"), 100, &got, &got_len, NULL), PCF_OK);
	ck_assert_str_eq(got, "theirs");
	free(got);
	/* freed before commit: dropped, the temporary file removed, nothing at the path */
	ck_assert_int_eq(pcf_bundle_batch_add(b, s, &in, tmp_path("late.pcfb"), (void *)8, id, &err), PCF_OK);
	pcf_bundle_batch_free(b);
	ck_assert_int_eq(dlog.n, 7);
	ck_assert_int_eq(dlog.st[6], PCF_E_INTERRUPTED);
	ck_assert_int_ne(access(tmp_path("late.pcfb"), F_OK), 0);
	ck_assert(no_temp_files(tmpdir));

	/* overwrite replaces */
	ck_assert_int_eq(pcf_bundle_batch_new(&b, 1, 0, on_done, &err), PCF_OK);
	ck_assert_int_eq(pcf_bundle_batch_add(b, s, &in, tmp_path("race.pcfb"), (void *)9, id, &err), PCF_OK);
	ck_assert_int_eq(pcf_bundle_batch_commit(b, &err), PCF_OK);
	ck_assert_int_eq(dlog.st[7], PCF_OK);
	ck_assert_int_eq(pcfi_read_file(tmp_path("race.pcfb"), 1 << 20, &got, &got_len, NULL), PCF_OK);
	ck_assert_uint_eq(got_len, want_len);
	free(got);
	/* a file size limit while writing the temporary file: an error at add, no file, no temp */
	{
		pid_t pid = fork();
		int status;
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			struct rlimit rl = { 4096, 4096 };
			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
			if (pcf_bundle_batch_add(b, s, &in, tmp_path("big.pcfb"), NULL, id, &err) != PCF_E_IO)
				_exit(1);
			_exit(strstr(err.message, "write failed: File too large") ? 0 : 2);
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert_int_eq(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
		ck_assert_int_ne(access(tmp_path("big.pcfb"), F_OK), 0);
		ck_assert(no_temp_files(tmpdir));
	}
	pcf_bundle_batch_free(b);
	ck_assert_int_eq(dlog.n, 8);
	pcf_signer_free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("bundle");
	TCase *tc = tcase_create("bundle");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, names);
	tcase_add_test(tc, ids_and_times);
	tcase_add_test(tc, signer_loads);
	tcase_add_test(tc, signer_refusals);
	tcase_add_test(tc, signer_key_mismatch);
	tcase_add_test(tc, signer_key_permissions);
	tcase_add_test(tc, signer_weak_curve_and_type);
	tcase_add_test(tc, signer_passphrases);
	tcase_add_test(tc, signer_bad_files);
	tcase_add_test(tc, build_round_trip);
	tcase_add_test(tc, build_factors_entry);
	tcase_add_test(tc, build_is_reproducible);
	tcase_add_test(tc, build_refusals);
	tcase_add_test(tc, tar_headers);
	tcase_add_test(tc, write_atomic);
	tcase_add_test(tc, batch_group_commit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
