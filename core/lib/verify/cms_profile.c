/*
 * cms_profile.c - the CMS profile of docs/bundle-format.md section 6.1, checked on the DER bytes
 * of manifest.p7s rather than on OpenSSL's decoded summary: DER only (definite, minimal lengths,
 * primitive strings, the bytes OpenSSL re-encodes), one digest algorithm, X.509 certificates only,
 * no revocation information, a SignerInfo of version 1 by issuer and serial number, exactly the
 * signed attributes contentType, messageDigest and signingTime (a UTCTime near issued-at) in DER
 * order, and no unsigned attribute but one RFC 3161 timestamp token. Everything here is outside
 * the signature, or is what OpenSSL would silently accept: anyone could add it without the key.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include "verify/verify_run.h"

#define DER_MAX_DEPTH 48

/* The DER encodings (value bytes) of the object identifiers the profile names. */
static const unsigned char OID_CONTENT_TYPE[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x03 };
static const unsigned char OID_MESSAGE_DIGEST[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04 };
static const unsigned char OID_SIGNING_TIME[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05 };
static const unsigned char OID_TIMESTAMP_TOKEN[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10,
	                                                 0x02, 0x0e };

/* The end of the n bytes at p; an absent field (p NULL, n 0) ends where it starts (NULL + 0 is
 * undefined behaviour in C, and clang's UBSan in the fuzz stage says so). */
static const unsigned char *span_end(const unsigned char *p, size_t n)
{
	return p ? p + n : p;
}

static int oid_is(const unsigned char *v, size_t l, const unsigned char *oid, size_t n)
{
	return l == n && !memcmp(v, oid, n);
}

/* The name of a DER-encoded OID (value bytes) into buf: short name, else dotted. */
static const char *oid_text(const unsigned char *v, size_t l, char *buf, size_t len)
{
	const unsigned char *p = v;
	ASN1_OBJECT *o = NULL;
	unsigned char tmp[130];

	snprintf(buf, len, "an unreadable object identifier");
	if (l + 2 > sizeof tmp || l > 127)
		return buf;
	tmp[0] = 0x06;
	tmp[1] = (unsigned char)l;
	memcpy(tmp + 2, v, l);
	p = tmp;
	if ((o = d2i_ASN1_OBJECT(NULL, &p, (long)(l + 2))) != NULL) {
		int nid = OBJ_obj2nid(o);
		if (nid != NID_undef)
			snprintf(buf, len, "%s", OBJ_nid2ln(nid));
		else
			OBJ_obj2txt(buf, (int)len, o, 1);
	}
	ASN1_OBJECT_free(o);
	ERR_clear_error();
	return buf;
}

/*
 * Every TLV of der[0..n) is DER at the TLV level: a low tag number, a definite length in its
 * shortest form, primitive strings (BIT, OCTET and character strings never constructed), each
 * constructed value exactly its TLVs, nothing after the last. On failure why says what and where
 * (base: the offset of der in the file).
 */
static int der_strict(const unsigned char *der, size_t n, size_t base, int depth, char *why, size_t wlen)
{
	size_t off = 0;

	if (depth > DER_MAX_DEPTH) {
		snprintf(why, wlen, "nested more than %d levels deep at byte %zu", DER_MAX_DEPTH, base);
		return 0;
	}
	while (off < n) {
		const unsigned char *q = der + off;
		size_t left = n - off, l = 0, hl = 2, i;
		unsigned tag = q[0];

		if (left < 2 || (tag & 0x1f) == 0x1f) {
			snprintf(why, wlen, "a truncated or multi-byte tag at byte %zu", base + off);
			return 0;
		}
		if (q[1] == 0x80) {
			snprintf(why, wlen, "an indefinite length (BER, not DER) at byte %zu", base + off);
			return 0;
		}
		if (q[1] & 0x80) {
			size_t k = q[1] & 0x7f;
			if (k > 4 || left < 2 + k) {
				snprintf(why, wlen, "an impossible length at byte %zu", base + off);
				return 0;
			}
			for (i = 0; i < k; i++)
				l = l << 8 | q[2 + i];
			hl = 2 + k;
			if (l < 0x80 || q[2] == 0) {
				snprintf(why, wlen, "a length of %zu written in %zu bytes (BER long form, not DER) at byte %zu",
				         l, k + 1, base + off);
				return 0;
			}
		} else {
			l = q[1];
		}
		if (left - hl < l) {
			snprintf(why, wlen, "a length of %zu past the end of its container at byte %zu", l, base + off);
			return 0;
		}
		if (tag & 0x20) {
			unsigned u = tag & 0x1f;
			/* universal BIT STRING, OCTET STRING, UTF8String ... times: primitive only in DER */
			if ((tag & 0xc0) == 0 && (u == 3 || u == 4 || u == 12 || (u >= 18 && u <= 30))) {
				snprintf(why, wlen, "a constructed %s (BER, not DER) at byte %zu",
				         u == 3 ? "BIT STRING" : u == 4 ? "OCTET STRING" : "string", base + off);
				return 0;
			}
			if (!der_strict(q + hl, l, base + off + hl, depth + 1, why, wlen))
				return 0;
		}
		off += hl + l;
	}
	return 1;
}

/* DER SET OF order (X.690 11.6), and no element twice: each element's encoding below the next one's. */
static int set_sorted(const unsigned char *v, size_t l)
{
	const unsigned char *p = v, *end = v + l, *prev = NULL, *x;
	size_t prevlen = 0, xl;
	unsigned tag;

	while (p < end) {
		const unsigned char *start = p;
		size_t len, m;
		int c;
		if (!pcfi_der_next(&p, end, &tag, &x, &xl))
			return 0;
		len = (size_t)(p - start);
		if (prev) {
			m = prevlen < len ? prevlen : len;
			c = memcmp(prev, start, m);
			if (c > 0 || (c == 0 && prevlen >= len))
				return 0;
		}
		prev = start;
		prevlen = len;
	}
	return 1;
}

typedef struct sd_fields {
	const unsigned char *digests, *certs, *crls, *si;
	size_t ndigests, ncerts, ncrls, nsi;
	int has_certs, has_crls;
} sd_fields;

/* The fields of SignedData in der (already known to be DER). 0 when not of that shape. */
static int sd_split(const unsigned char *der, size_t n, sd_fields *f)
{
	const unsigned char *p = der, *end = der + n, *v;
	size_t l;
	unsigned tag;

	memset(f, 0, sizeof *f);
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30)
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x06 || !pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0xa0)
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30)
		return 0;
	p = v;
	end = v + l;
	if (!pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x02 || !pcfi_der_next(&p, end, &tag, &f->digests, &f->ndigests) ||
	    tag != 0x31 || !pcfi_der_next(&p, end, &tag, &v, &l) || tag != 0x30 || !pcfi_der_next(&p, end, &tag, &v, &l))
		return 0;
	if (tag == 0xa0) {
		f->has_certs = 1;
		f->certs = v;
		f->ncerts = l;
		if (!pcfi_der_next(&p, end, &tag, &v, &l))
			return 0;
	}
	if (tag == 0xa1) {
		f->has_crls = 1;
		f->crls = v;
		f->ncrls = l;
		if (!pcfi_der_next(&p, end, &tag, &v, &l))
			return 0;
	}
	f->si = v;
	f->nsi = l;
	return tag == 0x31 && p == end;
}

typedef struct si_fields {
	unsigned sid_tag;
	const unsigned char *digest, *attrs, *unsigned_attrs;
	size_t ndigest, nattrs, nunsigned;
	int version, has_unsigned;
} si_fields;

/* The one SignerInfo in the signerInfos SET value v (l bytes). 0 when not of that shape. */
static int si_split(const unsigned char *v, size_t l, si_fields *f)
{
	const unsigned char *p = v, *end = v + l, *x, *start;
	size_t xl;
	unsigned tag;

	memset(f, 0, sizeof *f);
	if (!pcfi_der_next(&p, end, &tag, &x, &xl) || tag != 0x30 || p != end)
		return 0;
	p = x;
	end = x + xl;
	if (!pcfi_der_next(&p, end, &tag, &x, &xl) || tag != 0x02 || xl != 1)
		return 0;
	f->version = x[0];
	if (!pcfi_der_next(&p, end, &f->sid_tag, &x, &xl))
		return 0;
	start = p;
	if (!pcfi_der_next(&p, end, &tag, &x, &xl) || tag != 0x30)
		return 0;
	f->digest = start;
	f->ndigest = (size_t)(p - start);
	if (!pcfi_der_next(&p, end, &tag, &f->attrs, &f->nattrs) || tag != 0xa0 || !pcfi_der_next(&p, end, &tag, &x, &xl) ||
	    tag != 0x30 || !pcfi_der_next(&p, end, &tag, &x, &xl) || tag != 0x04)
		return 0;
	if (p < end) {
		if (!pcfi_der_next(&p, end, &tag, &f->unsigned_attrs, &f->nunsigned) || tag != 0xa1)
			return 0;
		f->has_unsigned = 1;
	}
	return p == end;
}

/* One Attribute { type, SET OF value } at *p: its type and its values. */
static int attr_next(const unsigned char **p, const unsigned char *end, const unsigned char **type, size_t *ntype,
                     const unsigned char **vals, size_t *nvals, int *count)
{
	const unsigned char *q, *x, *e;
	size_t l, xl;
	unsigned tag;

	if (!pcfi_der_next(p, end, &tag, &q, &l) || tag != 0x30)
		return 0;
	e = q + l;
	if (!pcfi_der_next(&q, e, &tag, type, ntype) || tag != 0x06 || !pcfi_der_next(&q, e, &tag, vals, nvals) ||
	    tag != 0x31 || q != e)
		return 0;
	*count = 0;
	for (q = *vals; q < *vals + *nvals; (*count)++)
		if (!pcfi_der_next(&q, *vals + *nvals, &tag, &x, &xl))
			return 0;
	return 1;
}

/* The UTCTime value v (l bytes, YYMMDDHHMMSSZ) in seconds since the epoch. 0 when malformed. */
static int utctime(const unsigned char *v, size_t l, int64_t *out)
{
	char buf[32];
	size_t i;
	int yy;

	if (l != 13 || v[12] != 'Z')
		return 0;
	for (i = 0; i < 12; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	yy = (v[0] - '0') * 10 + (v[1] - '0');
	snprintf(buf, sizeof buf, "%04d-%.2s-%.2sT%.2s:%.2s:%.2sZ", yy < 50 ? 2000 + yy : 1900 + yy, v + 2, v + 4, v + 6,
	         v + 8, v + 10);
	return pcfi_vfy_parse_rfc3339(buf, out) == 1;
}

/*
 * signingTime: one UTCTime (kept in r for pcfi_vfy_cms_signing_time, which compares it with the
 * manifest's issued-at once the signature verified).
 */
static int check_signing_time(run *r, const unsigned char *vals, size_t nvals)
{
	const unsigned char *p = vals, *v;
	size_t l;
	unsigned tag;
	int64_t t;

	if (!pcfi_der_next(&p, vals + nvals, &tag, &v, &l) || tag != 0x17) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNING_TIME, "%s: signingTime is %s; section 6.1 asks for a UTCTime",
		             PCFI_SIGNATURE_NAME, tag == 0x18 ? "a GeneralizedTime" : "not a time");
		return 0;
	}
	if (!utctime(v, l, &t)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNING_TIME,
		             "%s: signingTime is not a UTCTime of the form YYMMDDHHMMSSZ", PCFI_SIGNATURE_NAME);
		return 0;
	}
	memcpy(r->signing_time_text, v, 13);
	r->signing_time_text[13] = 0;
	r->signing_time = t;
	return 1;
}

/* The signed attributes: exactly contentType, messageDigest, signingTime, once each, one value each, DER order. */
static int check_signed_attrs(run *r, const si_fields *s)
{
	const unsigned char *p = s->attrs, *end = span_end(s->attrs, s->nattrs), *type, *vals;
	size_t ntype, nvals;
	int count, seen[3] = { 0, 0, 0 };
	char name[128];

	if (!set_sorted(s->attrs, s->nattrs)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNED_ATTRIBUTES,
		             "%s: the signed attributes are not in DER order (a SET OF sorted by encoding), or one is there twice", PCFI_SIGNATURE_NAME);
		return 0;
	}
	while (p < end) {
		int k;
		if (!attr_next(&p, end, &type, &ntype, &vals, &nvals, &count))
			return 0;
		k = oid_is(type, ntype, OID_CONTENT_TYPE, sizeof OID_CONTENT_TYPE) ? 0 :
		    oid_is(type, ntype, OID_MESSAGE_DIGEST, sizeof OID_MESSAGE_DIGEST) ? 1 :
		    oid_is(type, ntype, OID_SIGNING_TIME, sizeof OID_SIGNING_TIME) ? 2 : -1;
		if (k < 0) {
			pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNED_ATTRIBUTES,
			             "%s: signed attribute %s is not allowed (section 6.1: contentType, messageDigest and "
			             "signingTime only)", PCFI_SIGNATURE_NAME, oid_text(type, ntype, name, sizeof name));
			return 0;
		}
		if (seen[k]++ || count != 1) {
			pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNED_ATTRIBUTES,
			             "%s: signed attribute %s must occur once with one value", PCFI_SIGNATURE_NAME,
			             oid_text(type, ntype, name, sizeof name));
			return 0;
		}
		if (k == 2 && !check_signing_time(r, vals, nvals))
			return 0;
	}
	if (!seen[2]) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNING_TIME, "%s: the signed attribute signingTime is missing",
		             PCFI_SIGNATURE_NAME);
		return 0;
	}
	return 1;
}

/* Unsigned attributes: none, or exactly one, an RFC 3161 timestamp token with one value. */
static int check_unsigned_attrs(run *r, const si_fields *s)
{
	const unsigned char *p = s->unsigned_attrs, *end = span_end(p, s->nunsigned), *type, *vals;
	size_t ntype, nvals;
	int count, n = 0;
	char name[128];

	while (p < end) {
		if (!attr_next(&p, end, &type, &ntype, &vals, &nvals, &count))
			return 0;
		if (!oid_is(type, ntype, OID_TIMESTAMP_TOKEN, sizeof OID_TIMESTAMP_TOKEN)) {
			pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE,
			             "%s: unsigned attribute %s is not allowed (only an RFC 3161 timestamp token; the signature "
			             "does not cover unsigned attributes, so anyone could add them)",
			             PCFI_SIGNATURE_NAME, oid_text(type, ntype, name, sizeof name));
			return 0;
		}
		if (++n > 1 || count != 1) {
			pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE,
			             "%s: expected at most one timestamp token, as one attribute with one value", PCFI_SIGNATURE_NAME);
			return 0;
		}
	}
	if (s->has_unsigned && n == 0) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE, "%s: an empty set of unsigned attributes",
		             PCFI_SIGNATURE_NAME);
		return 0;
	}
	return 1;
}

/* digestAlgorithms: exactly the signer's digest algorithm (allowed digests only). */
static int check_digest_set(run *r, const sd_fields *f, const si_fields *s)
{
	const unsigned char *p = f->digests, *end = span_end(p, f->ndigests), *x, *start;
	size_t xl;
	unsigned tag;
	int n = 0, same = 0;

	while (p < end) {
		const unsigned char *q, *o;
		size_t ol;
		start = p;
		if (!pcfi_der_next(&p, end, &tag, &x, &xl) || tag != 0x30)
			return 0;
		q = x;
		if (!pcfi_der_next(&q, x + xl, &tag, &o, &ol) || tag != 0x06)
			return 0;
		{
			char name[128];
			int nid;
			const unsigned char *d = start;
			X509_ALGOR *a = d2i_X509_ALGOR(NULL, &d, (long)(p - start));
			nid = a ? OBJ_obj2nid(a->algorithm) : NID_undef;
			X509_ALGOR_free(a);
			ERR_clear_error();
			if (!pcfi_digest_allowed(nid)) {
				pcfi_vd_hard(r->vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
				             "%s: digestAlgorithms lists %s (SHA-256, SHA-384 or SHA-512 only)", PCFI_SIGNATURE_NAME,
				             nid != NID_undef ? pcfi_nid_name(nid) : oid_text(o, ol, name, sizeof name));
				return 0;
			}
		}
		n++;
		if ((size_t)(p - start) == s->ndigest && !memcmp(start, s->digest, s->ndigest))
			same = 1;
	}
	if (n != 1 || !same) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE,
		             "%s: digestAlgorithms lists %d algorithms; section 6.1 asks for exactly the signer's one",
		             PCFI_SIGNATURE_NAME, n);
		return 0;
	}
	return 1;
}

/* certificates: X.509 certificates only ([2]/[3] other choices refused), in DER order; no crls at all. */
static int check_cert_field(run *r, const sd_fields *f)
{
	const unsigned char *p = f->certs, *end = span_end(p, f->ncerts), *x;
	size_t xl;
	unsigned tag;
	int i = 0;

	if (f->has_crls) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE,
		             "%s: carries revocation information (the crls field: CRLs or OtherRevocationInfo); section 6.1: "
		             "none (CRLs come from the verifier's configuration)", PCFI_SIGNATURE_NAME);
		return 0;
	}
	while (p < end) {
		i++;
		if (!pcfi_der_next(&p, end, &tag, &x, &xl))
			return 0;
		if (tag != 0x30) {
			pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_CERTIFICATES,
			             "%s: certificate choice %d is [%u] (tag 0x%02x), not an X.509 certificate", PCFI_SIGNATURE_NAME, i,
			             tag & 0x1f, tag);
			return 0;
		}
	}
	if (!set_sorted(f->certs, f->ncerts)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_CERTIFICATES,
		             "%s: the certificates are not in DER order (a SET OF sorted by encoding), or one is there twice", PCFI_SIGNATURE_NAME);
		return 0;
	}
	return 1;
}

/*
 * At most SIGNING_TIME_SLACK seconds between signingTime and the manifest's issued-at: pcf issue
 * writes them equal; a signing service may sign a little after issued-at was set.
 */
#define SIGNING_TIME_SLACK 86400

/* The DER of r->cms as OpenSSL re-encodes it equals the file: no BER that the TLV walk missed. */
static int check_reencoding(run *r)
{
	unsigned char *der = NULL;
	int n = i2d_CMS_ContentInfo(r->cms, &der);
	size_t i = 0;

	if (n > 0 && (size_t)n == r->siglen && !memcmp(der, r->sig, r->siglen)) {
		OPENSSL_free(der);
		return 1;
	}
	while (n > 0 && i < (size_t)n && i < r->siglen && der[i] == r->sig[i])
		i++;
	OPENSSL_free(der);
	ERR_clear_error();
	pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NOT_DER,
	             "%s: not in DER: its canonical re-encoding differs from byte %zu on", PCFI_SIGNATURE_NAME, i);
	return 0;
}

int pcfi_vfy_cms_der(run *r)
{
	char why[200];

	if (!der_strict(r->sig, r->siglen, 0, 0, why, sizeof why)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NOT_DER, "%s: expected DER, found %s", PCFI_SIGNATURE_NAME,
		             why);
		return 0;
	}
	return 1;
}

int pcfi_vfy_cms_profile(run *r)
{
	sd_fields f;
	si_fields s;

	if (!sd_split(r->sig, r->siglen, &f) || !si_split(f.si, f.nsi, &s)) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED,
		             "%s: expected the SignedData and SignerInfo fields of RFC 5652 in order", PCFI_SIGNATURE_NAME);
		return 0;
	}
	if (s.sid_tag != 0x30 || s.version != 1) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_PROFILE,
		             "%s: the signer is identified by %s (SignerInfo version %d); section 6.1 asks for issuer and serial "
		             "number (version 1)", PCFI_SIGNATURE_NAME,
		             s.sid_tag == 0x80 ? "subjectKeyIdentifier" : "an unknown choice", s.version);
		return 0;
	}
	return check_digest_set(r, &f, &s) && check_cert_field(r, &f) && check_signed_attrs(r, &s) &&
	       check_unsigned_attrs(r, &s) && check_reencoding(r);
}

int pcfi_vfy_cms_signing_time(run *r)
{
	int64_t d = r->signing_time - r->m.issued_at;

	if (d > SIGNING_TIME_SLACK || d < -SIGNING_TIME_SLACK) {
		pcfi_vd_hard(r->vd, CK_SIGNATURE, PCF_REASON_SIGNING_TIME,
		             "%s: signingTime %s is %lld seconds from the manifest's issued-at %s (at most %d allowed)",
		             PCFI_SIGNATURE_NAME, r->signing_time_text, (long long)(d < 0 ? -d : d), r->m.issued_at_text,
		             SIGNING_TIME_SLACK);
		return 0;
	}
	return 1;
}
