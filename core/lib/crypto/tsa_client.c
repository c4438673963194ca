/*
 * tsa_client.c - RFC 3161 timestamps for signatures (pcf issue --tsa): build the TimeStampReq with
 * OpenSSL's TS API (SHA-256 imprint of the SignerInfo's signature value, random 64-bit nonce,
 * certReq, the policy when one is asked for), POST it with libcurl, check the reply (granted; the
 * token's signature verifies with the certificate it carries, which must be a time-stamping
 * certificate; version, imprint, nonce and policy equal the request's), and add the token to the
 * SignerInfo as the unsigned attribute id-aa-signatureTimeStampToken.
 */
#include "config.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/tsa.h>

#include "base/error_impl.h"
#include "crypto/signer_impl.h"
#include "crypto/tsa_client.h"

#define TSA_REPLY_MAX ((size_t)1 << 20) /* a reply larger than this is refused */
#define TSA_URL_MAX 2048

struct pcfi_tsa {
	char *url;
	ASN1_OBJECT *policy; /* NULL: any */
	long timeout;
};

void pcfi_tsa_free(pcfi_tsa *t)
{
	if (!t)
		return;
	free(t->url);
	ASN1_OBJECT_free(t->policy);
	free(t);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init(void)
{
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

pcf_status pcf_signer_set_tsa(pcf_signer *s, const pcf_tsa_options *o, pcf_error *err)
{
	pcfi_tsa *t;
	size_t i, n;

	if (!s || !o || !o->url)
		return pcfi_error(err, PCF_E_ARG, "pcf_signer_set_tsa: NULL argument");
	n = strlen(o->url);
	if (n > TSA_URL_MAX || (strncmp(o->url, "http://", 7) && strncmp(o->url, "https://", 8)))
		return pcfi_error(err, PCF_E_ARG, "--tsa '%s': expected an http:// or https:// URL of at most %d bytes",
		                  o->url, TSA_URL_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)o->url[i] <= 0x20 || (unsigned char)o->url[i] >= 0x7f)
			return pcfi_error(err, PCF_E_ARG, "--tsa '%s': a space or a control character in the URL", o->url);
	if (o->timeout_seconds < 0 || o->timeout_seconds > 3600)
		return pcfi_error(err, PCF_E_ARG, "TSA timeout %ld: expected 0 to 3600 seconds", o->timeout_seconds);
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return pcfi_error(err, PCF_E_INTERNAL, "cannot initialize libcurl: %s", curl_easy_strerror(curl_init_rc));
	if (!(t = calloc(1, sizeof *t)) || !(t->url = strdup(o->url))) {
		free(t);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	t->timeout = o->timeout_seconds ? o->timeout_seconds : 30;
	if (o->policy && !(t->policy = OBJ_txt2obj(o->policy, 1))) {
		ERR_clear_error();
		pcfi_tsa_free(t);
		return pcfi_error(err, PCF_E_ARG, "--tsa-policy '%s': expected an OID in dotted form (1.2.3.4)", o->policy);
	}
	pcfi_tsa_free(s->tsa);
	s->tsa = t;
	return PCF_OK;
}

/* The latest OpenSSL error's reason, or "unknown error"; clears the queue. */
static const char *ossl_why(char *buf, size_t len)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	snprintf(buf, len, "%s", r ? r : "unknown error");
	ERR_clear_error();
	return buf;
}

typedef struct reply_buf {
	unsigned char *data;
	size_t len;
	int too_large, oom;
} reply_buf;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	reply_buf *b = ud;
	size_t add = size * n;
	unsigned char *d;

	if (b->len + add > TSA_REPLY_MAX) {
		b->too_large = 1;
		return 0;
	}
	if (!(d = realloc(b->data, b->len + add + 1))) {
		b->oom = 1;
		return 0;
	}
	memcpy(d + b->len, p, add);
	b->data = d;
	b->len += add;
	return add;
}

/* POST the query; on success *reply holds the body of a 200 answer. */
static pcf_status post(const pcfi_tsa *t, const unsigned char *q, size_t qlen, reply_buf *reply, pcf_error *err)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char ebuf[CURL_ERROR_SIZE] = "";
	long code = 0;
	CURLcode rc;

	if (!c)
		return pcfi_error(err, PCF_E_NOMEM, "TSA %s: cannot start a request", t->url);
	h = curl_slist_append(h, "Content-Type: application/timestamp-query");
	h = h ? curl_slist_append(h, "Accept: application/timestamp-reply") : NULL;
	if (!h) {
		curl_easy_cleanup(c);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	curl_easy_setopt(c, CURLOPT_URL, t->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t->timeout);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)q);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)qlen);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "pcfkit");
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (reply->oom)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (reply->too_large)
		return pcfi_error(err, PCF_E_CRYPTO, "TSA %s: the reply is larger than %zu bytes", t->url, TSA_REPLY_MAX);
	if (rc != CURLE_OK)
		return pcfi_error(err, PCF_E_IO, "TSA %s: %s", t->url, ebuf[0] ? ebuf : curl_easy_strerror(rc));
	if (code != 200)
		return pcfi_error(err, PCF_E_IO, "TSA %s: HTTP status %ld (expected 200 with a timestamp reply)", t->url,
		                  code);
	return PCF_OK;
}

/* The query: version 1, SHA-256 imprint of sig, the policy, a random nonce, certReq. */
static TS_REQ *make_query(const pcfi_tsa *t, const unsigned char *md, unsigned mdlen)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char rnd[8];
	BIGNUM *bn = NULL;
	ASN1_INTEGER *nonce = NULL;
	int ok = 0;

	if (!req || !mi || !alg || !TS_REQ_set_version(req, 1) ||
	    !X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) || !TS_MSG_IMPRINT_set_algo(mi, alg) ||
	    !TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)md, (int)mdlen) || !TS_REQ_set_msg_imprint(req, mi))
		goto out;
	if (t->policy && !TS_REQ_set_policy_id(req, t->policy))
		goto out;
	rnd[0] = 0;
	if (RAND_bytes(rnd, sizeof rnd) != 1)
		goto out;
	rnd[0] &= 0x7f; /* positive, as the TSA echoes it */
	rnd[0] |= 0x40; /* and never shorter than 8 bytes */
	if (!(bn = BN_bin2bn(rnd, sizeof rnd, NULL)) || !(nonce = BN_to_ASN1_INTEGER(bn, NULL)) ||
	    !TS_REQ_set_nonce(req, nonce) || !TS_REQ_set_cert_req(req, 1))
		goto out;
	ok = 1;
out:
	BN_free(bn);
	ASN1_INTEGER_free(nonce);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		return NULL;
	}
	return req;
}

/* "granted" and "grantedWithMods" are acceptance; anything else says why the TSA refused. */
static pcf_status check_status(const pcfi_tsa *t, TS_RESP *resp, pcf_error *err)
{
	static const char *const names[] = { "granted", "grantedWithMods", "rejection", "waiting", "revocationWarning",
		                             "revocationNotification" };
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	const ASN1_INTEGER *stn = si ? TS_STATUS_INFO_get0_status(si) : NULL;
	const STACK_OF(ASN1_UTF8STRING) *txt = si ? TS_STATUS_INFO_get0_text(si) : NULL;
	long status = stn ? ASN1_INTEGER_get(stn) : -1;
	char text[256] = "";

	if (status == 0 || status == 1)
		return PCF_OK;
	if (txt && sk_ASN1_UTF8STRING_num(txt) > 0) {
		const ASN1_UTF8STRING *u = sk_ASN1_UTF8STRING_value(txt, 0);
		snprintf(text, sizeof text, ": %.*s", ASN1_STRING_length(u), (const char *)ASN1_STRING_get0_data(u));
	}
	return pcfi_error(err, PCF_E_CRYPTO, "TSA %s: the request was not granted (status %s%s)", t->url,
	                  status >= 0 && status < 6 ? names[status] : "unknown", text);
}

pcf_status pcfi_tsa_stamp(const pcfi_tsa *t, CMS_SignerInfo *si, pcf_error *err)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	unsigned char md[EVP_MAX_MD_SIZE], *q = NULL, *tok_der = NULL;
	unsigned int mdlen = 0;
	int qlen, tlen, i;
	TS_REQ *req = NULL;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *vc = NULL;
	X509_STORE *store = NULL;
	PKCS7 *tok;
	STACK_OF(X509) *certs;
	reply_buf reply = { NULL, 0, 0, 0 };
	const unsigned char *p;
	char why[256];
	pcf_status st;

	if (!sig || !EVP_Digest(ASN1_STRING_get0_data(sig), (size_t)ASN1_STRING_length(sig), md, &mdlen, EVP_sha256(),
	                        NULL)) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: no signature value to timestamp", t->url);
		goto out;
	}
	if (!(req = make_query(t, md, mdlen)) || (qlen = i2d_TS_REQ(req, &q)) <= 0) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: cannot build the request: %s", t->url, ossl_why(why, sizeof why));
		goto out;
	}
	if ((st = post(t, q, (size_t)qlen, &reply, err)) != PCF_OK)
		goto out;
	p = reply.data;
	if (!p || !(resp = d2i_TS_RESP(NULL, &p, (long)reply.len)) || p != reply.data + reply.len) {
		ERR_clear_error();
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: the reply (%zu bytes) is not a DER TimeStampResp", t->url,
		                reply.len);
		goto out;
	}
	if ((st = check_status(t, resp, err)) != PCF_OK)
		goto out;
	if (!(tok = TS_RESP_get_token(resp)) || !TS_RESP_get_tst_info(resp)) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: a granted reply without a timestamp token", t->url);
		goto out;
	}
	/*
	 * Check the reply against the request: version, imprint, nonce, policy (when asked for), and
	 * the token's signature with the certificate it carries (a time-stamping certificate, valid
	 * now). Trust in the TSA is the verifier's business (--tsa-trust); this catches a wrong or
	 * broken answer before it goes into a bundle.
	 */
	if (!(vc = TS_REQ_to_TS_VERIFY_CTX(req, NULL)) || !(store = X509_STORE_new())) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	certs = tok->d.sign ? tok->d.sign->cert : NULL;
	if (!certs || sk_X509_num(certs) == 0) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: the token carries no certificate (certReq was asked)", t->url);
		goto out;
	}
	for (i = 0; i < sk_X509_num(certs); i++)
		X509_STORE_add_cert(store, sk_X509_value(certs, i));
	X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	TS_VERIFY_CTX_set_store(vc, store); /* the context owns it now */
	store = NULL;
	TS_VERIFY_CTX_add_flags(vc, TS_VFY_SIGNATURE);
	ERR_clear_error();
	if (TS_RESP_verify_response(vc, resp) != 1) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: the reply does not match the request: %s", t->url,
		                ossl_why(why, sizeof why));
		goto out;
	}
	if ((tlen = i2d_PKCS7(tok, &tok_der)) <= 0 ||
	    !CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, tok_der, tlen)) {
		st = pcfi_error(err, PCF_E_CRYPTO, "TSA %s: cannot add the token to the signature: %s", t->url,
		                ossl_why(why, sizeof why));
		goto out;
	}
	st = PCF_OK;
out:
	OPENSSL_free(tok_der);
	OPENSSL_free(q);
	free(reply.data);
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(vc);
	TS_RESP_free(resp);
	TS_REQ_free(req);
	ERR_clear_error();
	return st;
}
