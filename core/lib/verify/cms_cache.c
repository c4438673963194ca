/*
 * cms_cache.c - decoding the CMS signature: a strict DER reader for the fields OpenSSL does not
 * check, and the verifier's cache of decoded certificates (every bundle of one issuer carries the
 * same ones, and decoding their keys costs more than verifying the signature).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "verify/verify_run.h"

/* One DER TLV at *p (definite length, low tag numbers only); 0 when malformed. */
int pcfi_der_next(const unsigned char **p, const unsigned char *end, unsigned *tag, const unsigned char **val,
                    size_t *len)
{
	const unsigned char *q = *p;
	size_t l = 0;

	if (end - q < 2 || (q[0] & 0x1f) == 0x1f)
		return 0;
	*tag = q[0];
	if (q[1] < 0x80) {
		l = q[1];
		q += 2;
	} else {
		unsigned n = q[1] & 0x7f, i;
		if (n == 0 || n > 4 || (size_t)(end - q) < 2 + n)
			return 0; /* indefinite length (BER) or absurd */
		for (i = 0; i < n; i++)
			l = l << 8 | q[2 + i];
		q += 2 + n;
	}
	if ((size_t)(end - q) < l)
		return 0;
	*val = q;
	*len = l;
	*p = q + l;
	return 1;
}

/*
 * The version numbers of SignedData and of the SignerInfo, which the signature does not cover and
 * OpenSSL does not check: read from the DER so that no byte of the signature file goes unchecked.
 */
int pcfi_vfy_cms_versions(const unsigned char *der, size_t n, int *sd_version, int *si_version)
{
	const unsigned char *p = der, *end = der + n, *v, *w, *x;
	size_t l;
	unsigned tag;

	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30)
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x06)            /* contentType */
		return 0;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0xa0)            /* [0] EXPLICIT */
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30)            /* SignedData */
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x02 || l != 1)  /* version */
		return 0;
	*sd_version = v[0];
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x31)            /* digestAlgorithms */
		return 0;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30)            /* encapContentInfo */
		return 0;
	do {
		if (!pcfi_der_next(&p, end, &tag, &v, &l))
			return 0;
	} while (tag == 0xa0 || tag == 0xa1);                           /* certificates, crls */
	if (tag != 0x31)                                                /* signerInfos */
		return 0;
	w = v;
	if (!pcfi_der_next(&w, v + l, &tag, &x, &l) || tag != 0x30)          /* the first SignerInfo */
		return 0;
	w = x;
	if (!pcfi_der_next(&w, x + l, &tag, &v, &l) || tag != 0x02 || l != 1)
		return 0;
	*si_version = v[0];
	return 1;
}

/* A DER header (tag, definite length) into out (at least 6 bytes); its size. */
static size_t der_header(unsigned char *out, unsigned tag, size_t len)
{
	size_t n = 0, k;

	out[n++] = (unsigned char)tag;
	if (len < 0x80) {
		out[n++] = (unsigned char)len;
		return n;
	}
	for (k = 4; k > 1 && !(len >> (8 * (k - 1)) & 0xff); k--)
		;
	out[n++] = (unsigned char)(0x80 | k);
	while (k--)
		out[n++] = (unsigned char)(len >> (8 * k));
	return n;
}

/*
 * The certificate with DER der (n bytes) as a new reference: from the verifier's cache, or decoded
 * and added to it. NULL when it does not decode as exactly one certificate (or out of memory).
 */
static X509 *cached_cert(const pcf_verifier *cv, const unsigned char *der, size_t n, unsigned char key[32])
{
	pcf_verifier *v = (pcf_verifier *)cv; /* logically const: only the cache changes, under its lock */
	const unsigned char *p = der;
	X509 *x = NULL;
	size_t i;

	if (!EVP_Digest(der, n, key, NULL, EVP_sha256(), NULL))
		return NULL;
	pthread_mutex_lock(&v->memo_lock);
	for (i = 0; i < v->ncerts && !x; i++)
		if (!memcmp(v->certs[i].key, key, sizeof v->certs[i].key) && X509_up_ref(v->certs[i].x))
			x = v->certs[i].x;
	pthread_mutex_unlock(&v->memo_lock);
	if (x)
		return x;
	if (!(x = d2i_X509(NULL, &p, (long)n)) || p != der + n) {
		X509_free(x);
		return NULL;
	}
	pthread_mutex_lock(&v->memo_lock);
	for (i = 0; i < v->ncerts; i++)
		if (!memcmp(v->certs[i].key, key, sizeof v->certs[i].key))
			break;
	if (i == v->ncerts && X509_up_ref(x)) {
		cert_entry *e;
		if (v->ncerts < CERT_CACHE_MAX) {
			e = &v->certs[v->ncerts++];
		} else {
			e = &v->certs[v->certs_next];
			v->certs_next = (v->certs_next + 1) % CERT_CACHE_MAX;
			X509_free(e->x);
			free(e->subject);
		}
		memcpy(e->key, key, sizeof e->key);
		e->x = x;
		e->subject = NULL;
	}
	pthread_mutex_unlock(&v->memo_lock);
	return x;
}

/*
 * pcfi_x509_subject(x, buf, len) (len <= SUBJECT_MAX), printed once per certificate in the verifier's
 * cache: every bundle of one issuer names the same signer. Certificates not in the cache are printed.
 */
#define SUBJECT_MAX 1024

void pcfi_vfy_cached_subject(const pcf_verifier *cv, X509 *x, char *buf, size_t len)
{
	pcf_verifier *v = (pcf_verifier *)cv; /* logically const: only the cache changes, under its lock */
	char full[SUBJECT_MAX];
	size_t i;

	pthread_mutex_lock(&v->memo_lock);
	for (i = 0; i < v->ncerts && v->certs[i].x != x; i++)
		;
	if (i < v->ncerts && v->certs[i].subject) {
		snprintf(buf, len, "%s", v->certs[i].subject);
		pthread_mutex_unlock(&v->memo_lock);
		return;
	}
	pthread_mutex_unlock(&v->memo_lock);
	pcfi_x509_subject(x, full, sizeof full);
	snprintf(buf, len, "%s", full);
	pthread_mutex_lock(&v->memo_lock);
	for (i = 0; i < v->ncerts && v->certs[i].x != x; i++)
		;
	if (i < v->ncerts && !v->certs[i].subject)
		v->certs[i].subject = strdup(full); /* out of memory: printed again next time */
	pthread_mutex_unlock(&v->memo_lock);
}

/*
 * Decode the CMS signature of r without decoding again the certificates the verifier has seen.
 * OpenSSL 3.0 decodes every certificate's public key through its provider decoders, which costs
 * more than the ECDSA verification itself, and every bundle of one issuer carries the same
 * certificates. So when the DER has the expected shape (ContentInfo { id, [0] SignedData {
 * version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls OPTIONAL, signerInfos }
 * }, definite lengths, X.509 certificates only), the SignedData is decoded without its certificate
 * field, and the certificates, each decoded once per verifier (cached_cert), are put back in their
 * order with CMS_add1_cert. The CMS is then what OpenSSL decodes from the whole DER. Whenever the
 * shape is anything else, or a step fails, NULL: the caller decodes the whole DER with OpenSSL,
 * which also gives the error messages.
 */
CMS_ContentInfo *pcfi_vfy_cms_decode_cached(run *r)
{
	const unsigned char *end = r->sig + r->siglen, *p = r->sig, *ci, *ex_tlv, *ex, *sd, *q, *f, *cs, *ce, *c, *dp;
	size_t cil, exl, sdl, fl, n = 0, i, inner, sd_tlv, ex_tlv_new, type_tlv;
	unsigned tag;
	X509 *certs[16];
	unsigned char *out = NULL, *o;
	CMS_ContentInfo *cms = NULL;
	int ok = 0;

	/* ContentInfo, exactly the whole file; contentType; [0] EXPLICIT, the rest of it; SignedData, all of [0]. */
	if (!pcfi_der_next(&p, end, &tag, &ci, &cil) || tag != 0x30 || p != end)
		return NULL;
	p = ci;
	if (!pcfi_der_next(&p, ci + cil, &tag, &f, &fl) || tag != 0x06)
		return NULL;
	ex_tlv = p;
	if (!pcfi_der_next(&p, ci + cil, &tag, &ex, &exl) || tag != 0xa0 || p != ci + cil)
		return NULL;
	p = ex;
	if (!pcfi_der_next(&p, ex + exl, &tag, &sd, &sdl) || tag != 0x30 || p != ex + exl)
		return NULL;
	/* version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates. */
	q = sd;
	if (!pcfi_der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0x02 || !pcfi_der_next(&q, sd + sdl, &tag, &f, &fl) ||
	    tag != 0x31 || !pcfi_der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0x30)
		return NULL;
	cs = q;
	if (!pcfi_der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0xa0)
		return NULL; /* no certificates: nothing to save */
	ce = q;
	for (c = f; c < f + fl; n++) {
		const unsigned char *start = c, *cv;
		size_t cl;
		/* Only X.509 certificates (a SEQUENCE), at most the limit (more: OpenSSL decodes, the check reports). */
		if (n >= r->v->opts.limits.max_certificates || n >= sizeof certs / sizeof *certs ||
		    !pcfi_der_next(&c, f + fl, &tag, &cv, &cl) || tag != 0x30 ||
		    !(certs[n] = cached_cert(r->v, start, (size_t)(c - start), r->cert_key[n])))
			goto out;
	}
	/* [1] crls OPTIONAL, then signerInfos, the last field. */
	if (!pcfi_der_next(&q, sd + sdl, &tag, &f, &fl) || (tag == 0xa1 && !pcfi_der_next(&q, sd + sdl, &tag, &f, &fl)) ||
	    tag != 0x31 || q != sd + sdl)
		goto out;
	/* The same DER without the certificates field: new lengths for SignedData, [0] and ContentInfo. */
	{
		unsigned char h[6];
		inner = sdl - (size_t)(ce - cs);
		sd_tlv = der_header(h, 0x30, inner) + inner;
		ex_tlv_new = der_header(h, 0xa0, sd_tlv) + sd_tlv;
		type_tlv = (size_t)(ex_tlv - ci); /* the contentType TLV, copied as it is */
	}
	if (!(out = OPENSSL_malloc(r->siglen + 18)))
		goto out;
	o = out;
	o += der_header(o, 0x30, type_tlv + ex_tlv_new);
	memcpy(o, ci, type_tlv);
	o += type_tlv;
	o += der_header(o, 0xa0, sd_tlv);
	o += der_header(o, 0x30, inner);
	memcpy(o, sd, (size_t)(cs - sd));
	o += cs - sd;
	memcpy(o, ce, (size_t)(sd + sdl - ce));
	o += sd + sdl - ce;
	dp = out;
	if (!(cms = d2i_CMS_ContentInfo(NULL, &dp, (long)(o - out))) || dp != o)
		goto out;
	for (i = 0; i < n; i++)
		if (!CMS_add1_cert(cms, certs[i]))
			goto out;
	for (i = 0; i < n; i++)
		r->cert_x[i] = certs[i]; /* alive as long as r->cms */
	r->ncert_keys = (int)n;
	ok = 1;
out:
	while (n)
		X509_free(certs[--n]);
	OPENSSL_free(out);
	if (!ok) {
		CMS_ContentInfo_free(cms);
		cms = NULL;
	}
	ERR_clear_error();
	return cms;
}
