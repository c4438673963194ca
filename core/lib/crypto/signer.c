/*
 * signer.c - load and check the issuer's key, certificate and intermediates once; sign manifests
 * with detached CMS SignedData. A loaded pcf_signer is read-only, so threads can share it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <pcf/bundle.h>
#include <pcf/verify.h>

#include "base/fsutil.h"
#include "base/optinit.h"
#include "crypto/signer_impl.h"
#include "crypto/tsa_client.h"
#include "crypto/x509_policy.h"

#define KEY_FILE_MAX (1u << 20)
#define CERT_FILE_MAX (4u << 20)
#define PASS_MAX 1024
#define CHAIN_MAX 16

struct pass_ctx {
	const char *pass;
	size_t len;
	int asked;
};

static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	struct pass_ctx *p = u;

	(void)rwflag;
	p->asked = 1;
	if (!p->pass || p->len > (size_t)size)
		return -1;
	memcpy(buf, p->pass, p->len);
	return (int)p->len;
}

/* Resolve "env:VAR" or "file:PATH" into a new string (*out, caller cleanses and frees). */
static pcf_status get_pass(const char *spec, char **out, pcf_error *err)
{
	*out = NULL;
	if (!strncmp(spec, "env:", 4)) {
		const char *v = pcfi_getenv(spec + 4);
		if (!spec[4])
			return pcfi_error(err, PCF_E_ARG, "--pass env: needs a variable name");
		if (!v)
			return pcfi_error(err, PCF_E_KEY, "passphrase variable %s is not set", spec + 4);
		if (strlen(v) > PASS_MAX)
			return pcfi_error(err, PCF_E_KEY, "passphrase in %s is longer than %d bytes", spec + 4, PASS_MAX);
		*out = strdup(v);
		return *out ? PCF_OK : pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if (!strncmp(spec, "file:", 5)) {
		const char *path = spec + 5;
		char *data;
		size_t len;
		pcf_status st;

		if (!*path)
			return pcfi_error(err, PCF_E_ARG, "--pass file: needs a file name");
		if ((st = pcfi_check_private_file(path, err)) != PCF_OK) {
			if (st == PCF_E_KEY)
				pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL,
				              "passphrase file is accessible by group or others; run chmod 600");
			return st;
		}
		if ((st = pcfi_read_file(path, PASS_MAX + 2, &data, &len, err)) != PCF_OK)
			return st;
		data[strcspn(data, "\r\n")] = '\0';
		*out = data;
		return PCF_OK;
	}
	return pcfi_error(err, PCF_E_ARG, "--pass must be env:VAR or file:PATH, not '%s'", spec);
}

static pcf_status load_key(pcf_signer *s, const pcf_signer_options *o, pcf_error *err)
{
	char *data = NULL, *pass = NULL, why[256];
	size_t len = 0;
	struct pass_ctx pc = { NULL, 0, 0 };
	BIO *bio;
	pcf_status st;

	if (pcfi_pkcs11_is_uri(o->key_path)) {
		/* The key stays in the token; the passphrase is its PIN. */
		if (o->pass && (st = get_pass(o->pass, &pass, err)) != PCF_OK)
			return st;
		st = pcfi_pkcs11_load_key(o->key_path, o->pkcs11_module, pass, &s->key, &s->engine, err);
		if (st == PCF_OK && !(s->token_lock = malloc(sizeof *s->token_lock)))
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		if (st == PCF_OK && pthread_mutex_init(s->token_lock, NULL) != 0) {
			free(s->token_lock);
			s->token_lock = NULL;
			st = pcfi_error(err, PCF_E_INTERNAL, "cannot create the token's lock");
		}
		goto out;
	}
	if ((st = pcfi_check_private_file(o->key_path, err)) != PCF_OK)
		return st;
	if (o->pass && (st = get_pass(o->pass, &pass, err)) != PCF_OK)
		return st;
	if ((st = pcfi_read_file(o->key_path, KEY_FILE_MAX, &data, &len, err)) != PCF_OK)
		goto out;
	pc.pass = pass;
	pc.len = pass ? strlen(pass) : 0;
	bio = BIO_new_mem_buf(data, (int)len);
	if (!bio) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	s->key = PEM_read_bio_PrivateKey_ex(bio, NULL, pass_cb, &pc, NULL, NULL);
	BIO_free(bio);
	if (!s->key) {
		if (pc.asked && !pass)
			st = pcfi_error_at(err, PCF_E_KEY, o->key_path, 0, 0, NULL,
			                   "key is encrypted: give its passphrase with --pass env:VAR or --pass file:PATH");
		else if (pc.asked)
			st = pcfi_error_at(err, PCF_E_KEY, o->key_path, 0, 0, NULL,
			                   "cannot decrypt the key (wrong passphrase?): %s", pcfi_ossl_error_text(why, sizeof why, PCFI_OSSL_LAST));
		else
			st = pcfi_error_at(err, PCF_E_SYNTAX, o->key_path, 0, 0, NULL,
			                   "expected a PEM private key: %s", pcfi_ossl_error_text(why, sizeof why, PCFI_OSSL_LAST));
		goto out;
	}
	st = PCF_OK;
out:
	if (data) {
		OPENSSL_cleanse(data, len);
		free(data);
	}
	if (pass) {
		OPENSSL_cleanse(pass, strlen(pass));
		free(pass);
	}
	return st;
}

/* Refuse weak or unsupported keys (the policy of x509_policy.c); choose the digest; describe the key. */
static pcf_status check_key(pcf_signer *s, const char *path, pcf_error *err)
{
	EVP_PKEY *k = s->key;
	pcfi_key_info ki;
	pcfi_key_verdict kv = pcfi_key_check(k, &ki);

	if (ki.type == EVP_PKEY_RSA) {
		if (kv == PCFI_KEY_RSA_SHORT)
			return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL,
			                     "RSA key of %d bits is too weak: at least 2048 bits are needed", ki.bits);
		s->md = ki.md;
		s->deterministic = 1;
		snprintf(s->key_desc, sizeof s->key_desc, "RSA %d", ki.bits);
		return PCF_OK;
	}
	if (ki.type == EVP_PKEY_EC) {
		if (kv == PCFI_KEY_EC_NO_CURVE)
			return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL, "elliptic curve key without a named curve");
		if (kv == PCFI_KEY_EC_CURVE)
			return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL,
			                     "elliptic curve %s is weak or not supported: use P-256, P-384 or P-521", ki.group);
		s->md = ki.md;
		snprintf(s->key_desc, sizeof s->key_desc, "EC %s",
		         ki.md == EVP_sha256() ? "P-256" : ki.md == EVP_sha384() ? "P-384" : "P-521");
		s->deterministic = 0;
		return PCF_OK;
	}
	/* Ed25519 in CMS (RFC 8419) needs OpenSSL 3.2; 3.0 fails in CMS_final. */
	return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL,
	                     "key type %s is not supported for CMS signing: use RSA (2048 bits or more) or EC P-256, P-384 or P-521",
	                     EVP_PKEY_get0_type_name(k) ? EVP_PKEY_get0_type_name(k) : "unknown");
}

/* Read every certificate in a PEM file. */
static pcf_status load_certs(const char *path, STACK_OF(X509) **out, pcf_error *err)
{
	char *data, why[256];
	size_t len;
	BIO *bio;
	STACK_OF(X509) *sk;
	X509 *x;
	pcf_status st;

	*out = NULL;
	if ((st = pcfi_read_file(path, CERT_FILE_MAX, &data, &len, err)) != PCF_OK)
		return st;
	bio = BIO_new_mem_buf(data, (int)len);
	sk = sk_X509_new_null();
	if (!bio || !sk) {
		BIO_free(bio);
		sk_X509_free(sk);
		free(data);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (sk_X509_num(sk) >= CHAIN_MAX) {
			X509_free(x);
			st = pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL, "more than %d certificates", CHAIN_MAX);
			goto fail;
		}
		if (!sk_X509_push(sk, x)) {
			X509_free(x);
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto fail;
		}
	}
	/* The loop ends on "no start line" at the end of the file; anything else is malformed. */
	{
		unsigned long e = ERR_peek_last_error();
		if (e && !(ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)) {
			st = pcfi_error_at(err, PCF_E_SYNTAX, path, 0, 0, NULL, "malformed PEM certificate: %s",
			                   pcfi_ossl_error_text(why, sizeof why, PCFI_OSSL_LAST));
			goto fail;
		}
		ERR_clear_error();
	}
	if (sk_X509_num(sk) == 0) {
		st = pcfi_error_at(err, PCF_E_SYNTAX, path, 0, 0, NULL, "expected a PEM certificate, found none");
		goto fail;
	}
	BIO_free(bio);
	free(data);
	*out = sk;
	return PCF_OK;
fail:
	BIO_free(bio);
	free(data);
	sk_X509_pop_free(sk, X509_free);
	return st;
}

/* Validity window and signature strength, shared by the signer and the intermediates. */
static pcf_status check_validity(X509 *x, const char *path, const char *what, int64_t at, int64_t *nb,
                                 int64_t *na, pcf_error *err)
{
	char a[32], b[32];
	int mdnid = 0, pknid = 0, secbits = 0;
	uint32_t flags = 0;

	if (pcfi_asn1_time_to_epoch(X509_get0_notBefore(x), nb) || pcfi_asn1_time_to_epoch(X509_get0_notAfter(x), na))
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "%s has an unreadable validity period", what);
	if (at < *nb)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "%s is not yet valid: valid from %s, checked at %s",
		                     what, pcf_bundle_time_format(*nb, a), pcf_bundle_time_format(at, b));
	if (at >= *na)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "%s expired at %s, checked at %s", what,
		                     pcf_bundle_time_format(*na, a), pcf_bundle_time_format(at, b));
	if (!X509_get_signature_info(x, &mdnid, &pknid, &secbits, &flags))
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "%s has an unknown signature algorithm", what);
	if (secbits < 112)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL,
		                     "%s is signed with %s, which is too weak (%d bits of security, at least 112 needed)",
		                     what, mdnid != NID_undef ? OBJ_nid2sn(mdnid) : "an unknown digest", secbits);
	return PCF_OK;
}

/* The signer certificate against the leaf policy of x509_policy.c (the verifier's), then its validity and key. */
static pcf_status check_cert(pcf_signer *s, const char *path, int64_t at, pcf_error *err)
{
	X509 *x = s->cert;
	unsigned bad = pcfi_leaf_problems(x); /* also fills the extension cache now, while single-threaded */
	pcf_status st;

	if (bad & PCFI_LEAF_BAD_EXT)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "signer certificate has invalid extensions");
	if (bad & PCFI_LEAF_IS_CA)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL,
		                     "signer certificate is a CA certificate: sign with an end-entity certificate");
	if (bad & PCFI_LEAF_NO_EKU)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL,
		                     "signer certificate lacks the documentSigning extended key usage (%s)",
		                     PCFI_OID_DOCUMENT_SIGNING);
	if (bad & PCFI_LEAF_NO_KU)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL,
		                     "signer certificate has no key usage extension: digitalSignature or nonRepudiation is needed");
	if (bad & PCFI_LEAF_KU)
		return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL,
		                     "signer certificate's key usage allows neither digitalSignature nor nonRepudiation");
	if ((st = check_validity(x, path, "signer certificate", at, &s->not_before, &s->not_after, err)) != PCF_OK)
		return st;
	if (EVP_PKEY_eq(X509_get0_pubkey(x), s->key) != 1) {
		ERR_clear_error();
		return pcfi_error_at(err, PCF_E_KEY, path, 0, 0, NULL, "the key%s does not match the signer certificate",
		                     s->engine ? " in the token" : "");
	}
	return PCF_OK;
}

/* Keep intermediates only (roots are dropped) and check each. */
static pcf_status check_chain(pcf_signer *s, STACK_OF(X509) *in, const char *path, int64_t at, pcf_error *err)
{
	int i, n_kept = 0;
	pcf_status st;

	for (i = 0; i < sk_X509_num(in); i++) {
		X509 *c = sk_X509_value(in, i);
		int64_t nb, na;
		char what[64];

		X509_check_purpose(c, -1, 0);
		if (X509_self_signed(c, 0) == 1)
			continue;        /* a root: never shipped in a bundle */
		snprintf(what, sizeof what, "intermediate certificate %d", n_kept + 1);
		if (X509_check_ca(c) == 0)
			return pcfi_error_at(err, PCF_E_CERT, path, 0, 0, NULL, "%s is not a CA certificate", what);
		if ((st = check_validity(c, path, what, at, &nb, &na, err)) != PCF_OK)
			return st;
		if (nb > s->chain_from)
			s->chain_from = nb;
		if (na < s->chain_until)
			s->chain_until = na;
		if (!X509_up_ref(c) || !sk_X509_push(s->chain, c)) {
			X509_free(c);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		}
		n_kept++;
	}
	return PCF_OK;
}

/*
 * The signer certificate with its intermediates, as a verifier will see them: no more than a
 * default verifier accepts, and the signer's issuer among them whenever intermediates are given.
 * where names the file in messages.
 */
static pcf_status check_signer_set(pcf_signer *s, const char *where, pcf_error *err)
{
	pcf_status st;
	int i;

	/* Never sign what a default verifier refuses: the signature carries the signer certificate and
	 * the intermediates, at most max_certificates (certificate-limit). */
	{
		pcf_verify_limits lim = { 0 };
		pcf_verify_limits_fill(&lim);
		if ((uint64_t)sk_X509_num(s->chain) + 1 > lim.max_certificates) {
			st = pcfi_error_at(err, PCF_E_LIMIT, where, 0, 0, NULL,
			                   "the signer certificate and %d intermediates are more than the %llu "
			                   "certificates a verifier accepts in a signature",
			                   sk_X509_num(s->chain), (unsigned long long)lim.max_certificates);
			return st;
		}
	}
	/* The signer's issuer must be present whenever intermediates are given at all. */
	if (sk_X509_num(s->chain)) {
		int found = 0;
		for (i = 0; i < sk_X509_num(s->chain); i++)
			if (X509_check_issued(sk_X509_value(s->chain, i), s->cert) == X509_V_OK)
				found = 1;
		if (!found) {
			st = pcfi_error_at(err, PCF_E_CERT, where, 0, 0, NULL,
			                   "no certificate in the chain issued the signer certificate");
			return st;
		}
	}
	return PCF_OK;
}

pcf_status pcf_signer_load(pcf_signer **out, const pcf_signer_options *o, pcf_error *err)
{
	pcf_signer *s;
	STACK_OF(X509) *certs = NULL, *chain = NULL;
	const char *cert_src = NULL;
	int64_t at;
	pcf_status st;

	if (o && o->version > PCF_SIGNER_OPTIONS_VERSION) {
		if (out)
			*out = NULL;
		return pcfi_error(err, PCF_E_ARG, "pcf_signer_options version %u is newer than this library's %d", o->version,
		                  PCF_SIGNER_OPTIONS_VERSION);
	}
	if (!out || !o || !o->key_path || (!o->cert_path && !pcfi_pkcs11_is_uri(o->key_path))) {
		if (out)
			*out = NULL;
		return pcfi_error(err, PCF_E_ARG, "a key and a certificate are needed to sign");
	}
	*out = NULL;
	at = o->at ? o->at : (int64_t)time(NULL);
	s = calloc(1, sizeof *s);
	if (!s || !(s->chain = sk_X509_new_null())) {
		free(s);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if ((st = load_key(s, o, err)) != PCF_OK)
		goto fail;
	if ((st = check_key(s, o->key_path, err)) != PCF_OK)
		goto fail;
	if (o->cert_path) {
		if ((st = load_certs(o->cert_path, &certs, err)) != PCF_OK)
			goto fail;
		s->cert = sk_X509_shift(certs);     /* the first one signs; the rest are intermediates */
	} else {
		/* A key in a token without --cert: its certificate from the token, found by the URI. */
		if ((st = pcfi_pkcs11_load_cert(s->engine, o->key_path, &s->cert, err)) != PCF_OK)
			goto fail;
		if (!(certs = sk_X509_new_null())) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto fail;
		}
	}
	cert_src = o->cert_path ? o->cert_path : o->key_path;
	if ((st = check_cert(s, cert_src, at, err)) != PCF_OK)
		goto fail;
	s->chain_from = s->not_before;
	s->chain_until = s->not_after;
	if ((st = check_chain(s, certs, cert_src, at, err)) != PCF_OK)
		goto fail;
	if (o->chain_path) {
		if ((st = load_certs(o->chain_path, &chain, err)) != PCF_OK)
			goto fail;
		if ((st = check_chain(s, chain, o->chain_path, at, err)) != PCF_OK)
			goto fail;
	}
	if ((st = check_signer_set(s, o->chain_path ? o->chain_path : cert_src, err)) != PCF_OK)
		goto fail;
	s->name = pcfi_x509_subject_entry(s->cert, NID_commonName);
	if (!s->name)
		s->name = strdup("");
	s->organization = pcfi_x509_subject_entry(s->cert, NID_organizationName);
	if (!s->name) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto fail;
	}
	sk_X509_pop_free(certs, X509_free);
	sk_X509_pop_free(chain, X509_free);
	ERR_clear_error();
	*out = s;
	return PCF_OK;
fail:
	sk_X509_pop_free(certs, X509_free);
	sk_X509_pop_free(chain, X509_free);
	pcf_signer_free(s);
	ERR_clear_error();
	return st;
}

void pcf_signer_free(pcf_signer *s)
{
	if (!s)
		return;
	EVP_PKEY_free(s->key);
	pcfi_pkcs11_release(s->engine);     /* after the key, which holds the engine */
	if (s->token_lock) {
		pthread_mutex_destroy(s->token_lock);
		free(s->token_lock);
	}
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	free(s->name);
	free(s->organization);
	pcfi_tsa_free(s->tsa);
	free(s);
}

const char *pcf_signer_name(const pcf_signer *s)
{
	return s->name;
}

const char *pcf_signer_organization(const pcf_signer *s)
{
	return s->organization;
}

int64_t pcf_signer_not_before(const pcf_signer *s)
{
	return s->not_before;
}

int64_t pcf_signer_not_after(const pcf_signer *s)
{
	return s->not_after;
}

int pcf_signer_is_deterministic(const pcf_signer *s)
{
	return s->deterministic;
}

const char *pcf_signer_key_description(const pcf_signer *s)
{
	return s->key_desc;
}

pcf_status pcfi_cms_sign_detached(const pcf_signer *s, const void *data, size_t len, int64_t signing_time,
                                  unsigned char **der, size_t *der_len, pcf_error *err)
{
	const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_TIME *t = NULL;
	BIO *in = NULL;
	unsigned char *p = NULL;
	char why[256];
	int i, n, locked = 0;
	pcf_status st = PCF_E_CRYPTO;

	*der = NULL;
	*der_len = 0;
	if (len > (size_t)INT32_MAX)
		return pcfi_error(err, PCF_E_LIMIT, "manifest too large to sign");
	in = BIO_new_mem_buf(data, (int)len);
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (!in || !cms)
		goto fail;
	/* A PKCS#11 session is not safe to share: one signature at a time on the token. */
	if (s->token_lock && pthread_mutex_lock(s->token_lock) == 0)
		locked = 1;
	si = CMS_add1_signer(cms, s->cert, s->key, s->md, flags);
	if (!si)
		goto fail;
	t = ASN1_TIME_adj(NULL, (time_t)signing_time, 0, 0);
	if (!t || !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, ASN1_STRING_type(t), t, -1))
		goto fail;
	for (i = 0; i < sk_X509_num(s->chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(s->chain, i)))
			goto fail;
	if (!CMS_final(cms, in, NULL, flags & ~CMS_PARTIAL))
		goto fail;
	/* Trusted time: the TSA's token over the signature value, as an unsigned attribute. */
	if (s->tsa && (st = pcfi_tsa_stamp(s->tsa, si, err)) != PCF_OK)
		goto out;
	n = i2d_CMS_ContentInfo(cms, &p);
	if (n <= 0)
		goto fail;
	*der = p;
	*der_len = (size_t)n;
	st = PCF_OK;
	goto out;
fail:
	st = pcfi_error(err, PCF_E_CRYPTO, "cannot sign the manifest: %s", pcfi_ossl_error_text(why, sizeof why, PCFI_OSSL_LAST));
out:
	if (locked)
		pthread_mutex_unlock(s->token_lock);
	ASN1_TIME_free(t);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	ERR_clear_error();
	return st;
}

/* Appended for issue 12 (versioned option structs, pcf/signer.h; base/optinit.c). */
pcf_status pcf_signer_options_init(pcf_signer_options *opts, unsigned version)
{
	return pcfi_opts_init(opts, sizeof *opts, version, PCF_SIGNER_OPTIONS_VERSION);
}

size_t pcf_signer_chain_count(const pcf_signer *s)
{
	return s && s->chain ? (size_t)sk_X509_num(s->chain) : 0;
}

int pcf_signer_self_issued(const pcf_signer *s)
{
	return s && s->cert && !X509_NAME_cmp(X509_get_subject_name(s->cert), X509_get_issuer_name(s->cert));
}
