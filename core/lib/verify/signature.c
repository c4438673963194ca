/*
 * signature.c - the signature steps of the verifier: the CMS structure, the signer certificate
 * among the certificates, the algorithms, the cryptographic check over the manifest bytes, an
 * RFC 3161 timestamp token, and the signer certificate's usages and names.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "verify/verify_run.h"

/*
 * The token tok (with its TSTInfo tst) verifies with the TSA anchors, its imprint an allowed hash
 * of si's signature value. 0 after a hard failure.
 */
static int ts_verify_token(run *r, CMS_SignerInfo *si, PKCS7 *tok, TS_TST_INFO *tst)
{
	pcf_verdict *vd = r->vd;
	TS_VERIFY_CTX *vc = NULL;
	const EVP_MD *md;
	unsigned char *imprint = NULL;
	unsigned int mdlen = 0;
	ASN1_OCTET_STRING *sigval;
	X509_ALGOR *alg;
	char msg[600];
	int ok = 0;

	alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(tst));
	md = alg ? EVP_get_digestbyobj(alg->algorithm) : NULL;
	sigval = CMS_SignerInfo_get0_signature(si);
	if (!md || !pcfi_digest_allowed(EVP_MD_get_type(md))) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
		     "%s: the timestamp's imprint uses %s (SHA-256/384/512 needed)", PCFI_SIGNATURE_NAME,
		     alg ? pcfi_nid_name(OBJ_obj2nid(alg->algorithm)) : "no algorithm");
		goto out;
	}
	if (!(imprint = OPENSSL_malloc(EVP_MAX_MD_SIZE)) ||
	    !EVP_Digest(sigval->data, (size_t)sigval->length, imprint, &mdlen, md, NULL) || !(vc = TS_VERIFY_CTX_new()) ||
	    !X509_STORE_up_ref(r->v->tsa_store)) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_INTERNAL, "out of memory");
		goto out;
	}
	TS_VERIFY_CTX_set_store(vc, r->v->tsa_store); /* the context frees its reference */
	TS_VERIFY_CTX_add_flags(vc, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(vc, imprint, mdlen); /* the context owns it now */
	imprint = NULL;
	if (TS_RESP_verify_token(vc, tok) != 1) {
		pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_ALL);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
		     "%s: the timestamp token does not verify for this signature with the TSA anchors: %s",
		     PCFI_SIGNATURE_NAME, msg);
		goto out;
	}
	ok = 1;
out:
	OPENSSL_free(imprint);
	TS_VERIFY_CTX_free(vc);
	return ok;
}

/*
 * An RFC 3161 timestamp token in the SignerInfo's unsigned attributes (T18, T19). Without TSA
 * anchors it is not used, and the detail says so. With them it must verify: signed by a TSA
 * certificate with the timeStamping EKU that chains to a TSA anchor, its message imprint the hash
 * (SHA-256/384/512) of this signature value, its time not after the verification time; that time
 * then becomes the time at which the signer's chain must be valid. Returns 0 after a hard failure.
 */
static int step_timestamp(run *r, CMS_SignerInfo *si, char *detail, size_t dlen)
{
	pcf_verdict *vd = r->vd;
	int idx = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1), ok = 0;
	X509_ATTRIBUTE *attr;
	ASN1_TYPE *t;
	const unsigned char *p;
	PKCS7 *tok = NULL;
	TS_TST_INFO *tst = NULL;
	struct tm tm;
	int64_t when, limit = r->v->opts.at_set ? r->v->opts.at : (int64_t)time(NULL);
	char msg[600];

	if (idx < 0)
		return 1;
	attr = CMS_unsigned_get_attr(si, idx);
	if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, idx) >= 0 || X509_ATTRIBUTE_count(attr) != 1 ||
	    !(t = X509_ATTRIBUTE_get0_type(attr, 0)) || t->type != V_ASN1_SEQUENCE) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: expected one timestamp token", PCFI_SIGNATURE_NAME);
		return 0;
	}
	/* Even when it is not used, it must be a timestamp token: nothing unreadable is carried along. */
	ERR_clear_error();
	p = t->value.sequence->data;
	tok = d2i_PKCS7(NULL, &p, t->value.sequence->length);
	if (!tok || p != t->value.sequence->data + t->value.sequence->length || !(tst = PKCS7_to_TS_TST_INFO(tok))) {
		pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_ALL);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: the timestamp token cannot be read: %s",
		     PCFI_SIGNATURE_NAME, msg);
		goto out;
	}
	if (!r->v->tsa_store) {
		snprintf(detail, dlen, "; a timestamp token is present but not used (no TSA anchors: --tsa-trust)");
		ok = 1;
		goto out;
	}
	if (!ts_verify_token(r, si, tok, tst))
		goto out;
	if (!ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm)) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: the timestamp's time cannot be read",
		     PCFI_SIGNATURE_NAME);
		goto out;
	}
	when = (int64_t)timegm(&tm);
	if (when > limit) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
		     "%s: the timestamp's time is after the verification time", PCFI_SIGNATURE_NAME);
		goto out;
	}
	r->ts_set = 1;
	r->ts_time = when;
	{
		char tbuf[32];
		strftime(tbuf, sizeof tbuf, "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(detail, dlen, "; timestamped %s by a trusted TSA", tbuf);
	}
	ok = 1;
out:
	TS_TST_INFO_free(tst);
	PKCS7_free(tok);
	ERR_clear_error();
	return ok;
}

static int sig_versions(run *r, CMS_SignerInfo *si);
static int sig_signed_attrs(run *r, CMS_SignerInfo *si);

/*
 * The CMS structure: DER SignedData spanning the whole file, detached, id-data, one SignerInfo
 * with the versions RFC 5652 asks for, signed attributes contentType and messageDigest. The
 * SignerInfo, or NULL after a hard failure.
 */
static CMS_SignerInfo *sig_structure(run *r)
{
	pcf_verdict *vd = r->vd;
	const unsigned char *p = r->sig;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	char msg[1024];
	int n;

	ERR_clear_error();
	if ((r->cms = pcfi_vfy_cms_decode_cached(r)) != NULL)
		p = r->sig + r->siglen; /* it spans the whole file, or it is not used */
	else
		r->cms = d2i_CMS_ContentInfo(NULL, &p, (long)r->siglen);
	if (!r->cms) {
		pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_ALL);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: expected DER CMS SignedData: %s",
		             PCFI_SIGNATURE_NAME, msg);
		return NULL;
	}
	if (p != r->sig + r->siglen) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: %zu bytes after the CMS structure",
		             PCFI_SIGNATURE_NAME, (size_t)(r->sig + r->siglen - p));
		return NULL;
	}
	if (OBJ_obj2nid(CMS_get0_type(r->cms)) != NID_pkcs7_signed) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: expected CMS SignedData, found %s",
		             PCFI_SIGNATURE_NAME, pcfi_nid_name(OBJ_obj2nid(CMS_get0_type(r->cms))));
		return NULL;
	}
	if (CMS_is_detached(r->cms) != 1) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NOT_DETACHED,
		             "%s: the signature carries its own content; expected a detached signature over %s",
		             PCFI_SIGNATURE_NAME, PCFI_MANIFEST_NAME);
		return NULL;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(r->cms)) != NID_pkcs7_data) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_CONTENT_TYPE, "%s: expected content type id-data, found %s",
		             PCFI_SIGNATURE_NAME, pcfi_nid_name(OBJ_obj2nid(CMS_get0_eContentType(r->cms))));
		return NULL;
	}
	sis = CMS_get0_SignerInfos(r->cms);
	n = sis ? sk_CMS_SignerInfo_num(sis) : 0;
	if (n != 1) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_SIGNER_COUNT, "%s: expected exactly one signer, found %d",
		             PCFI_SIGNATURE_NAME, n);
		return NULL;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	/* DER before anything read from the bytes, so that BER is named as such (not "version -1"). */
	return pcfi_vfy_cms_der(r) && sig_versions(r, si) && sig_signed_attrs(r, si) ? si : NULL;
}

/*
 * RFC 5652: SignerInfo version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier;
 * SignedData version 3 when a SignerInfo is version 3, else 1 (id-data, no other types).
 * 0 after a hard failure.
 */
static int sig_versions(run *r, CMS_SignerInfo *si)
{
	int sdv = -1, siv = -1;
	ASN1_OCTET_STRING *keyid = NULL;
	X509_NAME *iss = NULL;
	ASN1_INTEGER *sno = NULL;

	if (!pcfi_vfy_cms_versions(r->sig, r->siglen, &sdv, &siv) ||
	    !CMS_SignerInfo_get0_signer_id(si, &keyid, &iss, &sno) || siv != (keyid ? 3 : 1) ||
	    sdv != (siv == 3 ? 3 : 1)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED,
		             "%s: expected DER with SignedData version %d and SignerInfo version %d, found %d and %d",
		             PCFI_SIGNATURE_NAME, keyid ? 3 : 1, keyid ? 3 : 1, sdv, siv);
		ERR_clear_error();
		return 0;
	}
	return 1;
}

/* Signed attributes present, with contentType id-data and messageDigest. 0 after a hard failure. */
static int sig_signed_attrs(run *r, CMS_SignerInfo *si)
{
	const ASN1_OBJECT *ct;

	if (CMS_signed_get_attr_count(si) <= 0) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS, "%s: the signer has no signed attributes",
		             PCFI_SIGNATURE_NAME);
		return 0;
	}
	ct = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT);
	if (!ct || OBJ_obj2nid(ct) != NID_pkcs7_data ||
	    !CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS,
		             "%s: expected signed attributes contentType (id-data) and messageDigest", PCFI_SIGNATURE_NAME);
		ERR_clear_error();
		return 0;
	}
	return 1;
}

/*
 * The certificates: capped in number and size; exactly one is the signer's (r->leaf), and no
 * other end-entity certificate is there. 0 after a hard failure.
 */
static int sig_certificates(run *r, CMS_SignerInfo *si)
{
	pcf_verdict *vd = r->vd;
	const pcf_verify_limits *lim = &r->v->opts.limits;
	char msg[1024];
	int i, n, matches = 0;

	r->certs = CMS_get1_certs(r->cms);
	n = r->certs ? sk_X509_num(r->certs) : 0;
	if ((uint64_t)n > lim->max_certificates) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_CERTIFICATE_LIMIT, "%s: %d certificates, more than the limit of %llu",
		             PCFI_SIGNATURE_NAME, n, (unsigned long long)lim->max_certificates);
		return 0;
	}
	for (i = 0; i < n; i++) {
		X509 *x = sk_X509_value(r->certs, i);
		int der = i2d_X509(x, NULL);
		if (der <= 0 || (uint64_t)der > lim->max_certificate_bytes) {
			pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_CERTIFICATE_LIMIT,
			             "%s: certificate %d is %d bytes, more than the limit of %llu", PCFI_SIGNATURE_NAME, i + 1, der,
			             (unsigned long long)lim->max_certificate_bytes);
			return 0;
		}
		if (CMS_SignerInfo_cert_cmp(si, x) == 0) {
			matches++;
			r->leaf = x;
		}
	}
	if (matches == 0) {
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_MISSING,
		             "%s: the signer's certificate is not among the %d certificates in the signature",
		             PCFI_SIGNATURE_NAME, n);
		return 0;
	}
	if (matches > 1) {
		r->leaf = NULL;
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF, "%s: %d certificates match the signer's identifier",
		             PCFI_SIGNATURE_NAME, matches);
		return 0;
	}
	for (i = 0; i < n; i++) {
		X509 *x = sk_X509_value(r->certs, i);
		if (x != r->leaf && X509_check_ca(x) == 0) {
			pcfi_x509_subject(x, msg, sizeof msg);
			pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF,
			             "%s: carries another end-entity certificate (%s) besides the signer's; only the signer and CA "
			             "certificates belong there", PCFI_SIGNATURE_NAME, msg);
			return 0;
		}
	}
	pcfi_vfy_cached_subject(r->v, r->leaf, msg, sizeof msg);
	r->vd->signer_subject = strdup(msg);
	return 1;
}

/*
 * Whether the signature algorithm snid (with digest dnid) is allowed: 1 when it fits the key
 * type kt, 0 when it is allowed but for another key type (an ECDSA signature relabelled
 * rsaEncryption ...), -1 when it is not allowed at all.
 */
static int sigalg_fits(int snid, int dnid, int kt)
{
	int mdnid = NID_undef, pknid = NID_undef;

	if (snid == NID_rsaEncryption)
		pknid = NID_rsaEncryption;
	else if (snid == NID_X9_62_id_ecPublicKey)
		pknid = NID_X9_62_id_ecPublicKey;
	else if (snid == NID_ED25519)
		return kt == EVP_PKEY_ED25519;
	else if (!OBJ_find_sigid_algs(snid, &mdnid, &pknid) ||
	         !(pknid == NID_rsaEncryption || pknid == NID_X9_62_id_ecPublicKey) || !pcfi_digest_allowed(mdnid) ||
	         mdnid != dnid)
		return -1;
	return pknid == NID_rsaEncryption ? kt == EVP_PKEY_RSA : kt == EVP_PKEY_EC;
}

/*
 * Algorithms: digest and signature on the allow-list, the signature algorithm that of the
 * signer's key type, no parameters, the signer key strong enough. 0 after a hard failure.
 */
static int sig_algorithms(run *r, CMS_SignerInfo *si)
{
	pcf_verdict *vd = r->vd;
	X509_ALGOR *dig = NULL, *sigalg = NULL;
	int dnid, snid, dpt = V_ASN1_UNDEF, spt = V_ASN1_UNDEF, fits;
	char why[160];
	EVP_PKEY *pk = X509_get0_pubkey(r->leaf);

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &sigalg);
	dnid = dig ? OBJ_obj2nid(dig->algorithm) : NID_undef;
	snid = sigalg ? OBJ_obj2nid(sigalg->algorithm) : NID_undef;
	if (!pcfi_digest_allowed(dnid)) {
		pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM, "%s: digest algorithm %s is not allowed (SHA-256, SHA-384 or "
		             "SHA-512 needed)", PCFI_SIGNATURE_NAME, pcfi_nid_name(dnid));
		return 0;
	}
	if ((fits = sigalg_fits(snid, dnid, pk ? EVP_PKEY_get_base_id(pk) : NID_undef)) < 0) {
		pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
		             "%s: signature algorithm %s is not allowed with digest %s (RSA PKCS#1 v1.5, ECDSA or Ed25519 with "
		             "SHA-256/384/512 needed)", PCFI_SIGNATURE_NAME, pcfi_nid_name(snid), pcfi_nid_name(dnid));
		return 0;
	}
	if (!fits) {
		pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
		             "%s: signature algorithm %s does not fit the signer's %s key", PCFI_SIGNATURE_NAME,
		             pcfi_nid_name(snid), pk ? pcfi_nid_name(EVP_PKEY_get_base_id(pk)) : "missing");
		return 0;
	}
	/* Parameters are not covered by the signature and OpenSSL ignores them here: absent or NULL only. */
	if (dig)
		X509_ALGOR_get0(NULL, &dpt, NULL, dig);
	if (sigalg)
		X509_ALGOR_get0(NULL, &spt, NULL, sigalg);
	if ((dpt != V_ASN1_UNDEF && dpt != V_ASN1_NULL) || (spt != V_ASN1_UNDEF && spt != V_ASN1_NULL)) {
		int bad = (dpt != V_ASN1_UNDEF && dpt != V_ASN1_NULL) ? dpt : spt;
		pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
		             "%s: the %s algorithm %s has parameters (%s); expected none or NULL", PCFI_SIGNATURE_NAME,
		             bad == dpt ? "digest" : "signature", pcfi_nid_name(bad == dpt ? dnid : snid), ASN1_tag2str(bad));
		return 0;
	}
	if (!pcfi_key_allowed(pk, why, sizeof why)) {
		pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_KEY, "the signer certificate has %s", why);
		return 0;
	}
	return 1;
}

/* The signature over the exact bytes of the manifest, by the signer certificate. 0 after a hard failure. */
static int sig_verify(run *r)
{
	pcf_verdict *vd = r->vd;
	char msg[1024];
	BIO *content = NULL, *mem;
	STACK_OF(X509) *signers;

	ERR_clear_error();
	/*
	 * The content through a buffer BIO, not a bare memory BIO: for a memory BIO CMS_verify makes
	 * a read-only copy, and OpenSSL 3.0.19 loses that copy when CMS_dataInit fails (a digest in
	 * digestAlgorithms it cannot fetch: cms_profile.c refuses those before now anyway). With
	 * another BIO type OpenSSL uses ours, which we free on every path.
	 */
	if (!(mem = BIO_new_mem_buf(r->man, (int)r->manlen)) || !(content = BIO_new(BIO_f_buffer()))) {
		BIO_free(mem);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_INTERNAL, "out of memory");
		return 0;
	}
	content = BIO_push(content, mem);
	if (CMS_verify(r->cms, NULL, NULL, content, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		pcfi_ossl_error_text(msg, sizeof msg, PCFI_OSSL_ALL);
		BIO_free_all(content);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_INVALID, "%s does not verify over the bytes of %s: %s",
		             PCFI_SIGNATURE_NAME, PCFI_MANIFEST_NAME, msg);
		return 0;
	}
	BIO_free_all(content);
	signers = CMS_get0_signers(r->cms);
	if (!signers || sk_X509_num(signers) != 1 || X509_cmp(sk_X509_value(signers, 0), r->leaf)) {
		sk_X509_free(signers);
		pcfi_vd_hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF, "the certificate OpenSSL verified is not the signer's");
		return 0;
	}
	sk_X509_free(signers);
	return 1;
}

/* CMS structure, the signer certificate, algorithms, then the cryptographic check and a timestamp. */
void pcfi_vfy_step_signature(run *r)
{
	CMS_SignerInfo *si;
	char ts[600] = "";

	if (!(si = sig_structure(r)) || !sig_certificates(r, si) || !sig_algorithms(r, si) || !pcfi_vfy_cms_profile(r) ||
	    !sig_verify(r) || !pcfi_vfy_cms_signing_time(r) ||
	    !step_timestamp(r, si, ts, sizeof ts))
		return;
	pcfi_vd_detail(r->vd, CK_SIGNATURE, PCF_VERIFY_PASS, "detached CMS, one signer (%s), signature over %s verified%s",
	               r->vd->signer_subject ? r->vd->signer_subject : "", PCFI_MANIFEST_NAME, ts);
}

void pcfi_vfy_step_signer(run *r)
{
	pcf_verdict *vd = r->vd;
	X509 *x = r->leaf;
	unsigned bad;

	/* The leaf policy of crypto/x509_policy.c, the one pcf issue applies; reported in this order. */
	bad = pcfi_leaf_problems(x);
	if (bad & PCFI_LEAF_NO_EKU) {
		pcfi_vd_hard(vd, CK_SIGNER, PCF_REASON_LEAF_EKU,
		             "the signer certificate lacks the extended key usage documentSigning (%s)",
		             PCFI_OID_DOCUMENT_SIGNING);
		return;
	}
	if (bad & PCFI_LEAF_IS_CA) {
		pcfi_vd_hard(vd, CK_SIGNER, PCF_REASON_LEAF_CA, "the signer certificate is a CA certificate; a leaf is needed");
		return;
	}
	if (bad & (PCFI_LEAF_NO_KU | PCFI_LEAF_KU)) {
		pcfi_vd_hard(vd, CK_SIGNER, PCF_REASON_LEAF_KEY_USAGE,
		             "the signer certificate %s key usage digitalSignature or nonRepudiation",
		             (bad & PCFI_LEAF_NO_KU) ? "has no key usage extension; expected" : "lacks the");
		return;
	}
	pcfi_vd_detail(vd, CK_SIGNER, PCF_VERIFY_PASS, "documentSigning, not a CA, digitalSignature/nonRepudiation");
}

/*
 * The manifest names the issuer as the signer certificate does (CN and O). Run after the chain,
 * so that a certificate from an untrusted CA is reported as untrusted, not as a name mismatch.
 */
void pcfi_vfy_step_issuer_name(run *r)
{
	pcf_verdict *vd = r->vd;
	X509 *x = r->leaf;
	char *cn, *org;

	cn = pcfi_x509_subject_entry(x, NID_commonName);
	org = pcfi_x509_subject_entry(x, NID_organizationName);
	if (strcmp(cn ? cn : "", r->m.issuer_name)) {
		pcfi_vd_hard(vd, CK_SIGNER, PCF_REASON_ISSUER_MISMATCH,
		     "the manifest names the issuer '%.200s', the signer certificate's common name is '%.200s'",
		     r->m.issuer_name, cn ? cn : "");
	} else if ((org || r->m.issuer_org) && (!org || !r->m.issuer_org || strcmp(org, r->m.issuer_org))) {
		pcfi_vd_hard(vd, CK_SIGNER, PCF_REASON_ISSUER_MISMATCH,
		     "the manifest names the organization '%.200s', the signer certificate's is '%.200s'",
		     r->m.issuer_org ? r->m.issuer_org : "(null)", org ? org : "(none)");
	} else {
		pcfi_vd_detail(vd, CK_SIGNER, PCF_VERIFY_PASS,
		           "documentSigning, not a CA, digitalSignature/nonRepudiation, names the manifest's issuer");
	}
	free(cn);
	free(org);
}
