/*
 * certdoc.c - 'pcf certificate': gather what the certificate document shows from a bundle (read and
 * verified through the verify module), the QR text and its check (pcf verify --qr), and the entry
 * point that hands the document to a writer (draw.c for PDF and PNG, html.c). The labels, numbers
 * and QR modules that every writer uses are in labels.c, so that the writers need nothing of this file.
 */
#include "config.h"

#include <math.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pcf/bundle_reader.h>
#include <pcf/certificate.h>

#include "base/error_impl.h"
#include "crypto/x509_policy.h"
#include "base/hex.h"
#include "render/certdoc.h"
#include "verify/verify_manifest.h"

void pcf_certificate_options_init(pcf_certificate_options *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof *o);
	o->format = PCF_CERTIFICATE_PDF;
	o->lang = PCF_CERTIFICATE_EN;
}

/* A translated label when key is a known one, else key itself (stage and boundary names). */
static const char *label_or(const pcfi_certdoc *d, const char *key)
{
	const char *l = key ? pcfi_cert_label(d, key) : NULL;
	return l ? l : key;
}

void pcfi_certdoc_free(pcfi_certdoc *d)
{
	if (!d)
		return;
	free(d->qr_text);
	json_decref(d->manifest);
	json_decref(d->result);
	memset(d, 0, sizeof *d);
}

/* ---- gathering ---- */

/* The signer certificate's subject, issuer and notAfter (what the signature claims). */
static void signer_of(const unsigned char *sig, size_t len, pcfi_certdoc *d)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
	STACK_OF(X509) *certs = cms ? CMS_get1_certs(cms) : NULL;
	int i;

	if (sis && sk_CMS_SignerInfo_num(sis) >= 1 && certs) {
		CMS_SignerInfo *s = sk_CMS_SignerInfo_value(sis, 0);
		for (i = 0; i < sk_X509_num(certs); i++) {
			X509 *x = sk_X509_value(certs, i);
			struct tm tm;
			if (CMS_SignerInfo_cert_cmp(s, x))
				continue;
			pcfi_x509_name_text(X509_get_subject_name(x), d->signer_subject, sizeof d->signer_subject);
			pcfi_x509_name_text(X509_get_issuer_name(x), d->signer_issuer, sizeof d->signer_issuer);
			if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm))
				strftime(d->signer_not_after, sizeof d->signer_not_after, "%Y-%m-%dT%H:%M:%SZ", &tm);
			break;
		}
	}
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

static const char *str_at(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int num_at(json_t *o, const char *k, double *out)
{
	json_t *v = json_object_get(o, k);
	if (!json_is_number(v))
		return 0;
	*out = json_number_value(v);
	return 1;
}

/* The chart: processes when there are more of them than stages, else stages; the largest
 * PCFI_CERT_MAX_BARS - 1 lines in the result's order and the rest summed as "other (N)". */
static void chart_of(pcfi_certdoc *d, json_t *result)
{
	json_t *bd = json_object_get(result, "breakdown");
	json_t *st = json_object_get(bd, "stages"), *pr = json_object_get(bd, "processes"), *list;
	size_t n, i, j, keep;
	double other = 0;
	unsigned char *mark;

	d->chart_processes = json_array_size(pr) > json_array_size(st);
	list = d->chart_processes ? pr : st;
	n = json_array_size(list);
	if (!n)
		return;
	keep = n <= PCFI_CERT_MAX_BARS ? n : PCFI_CERT_MAX_BARS - 1;
	mark = calloc(n, 1);
	if (!mark)
		return;
	/* Mark the keep largest by magnitude (ties: the earlier line). */
	for (j = 0; j < keep; j++) {
		size_t best = n;
		double bv = -1;
		for (i = 0; i < n; i++) {
			double v = 0;
			num_at(json_array_get(list, i), "value", &v);
			if (!mark[i] && fabs(v) > bv) {
				bv = fabs(v);
				best = i;
			}
		}
		if (best < n)
			mark[best] = 1;
	}
	for (i = 0; i < n; i++) {
		json_t *line = json_array_get(list, i);
		double v = 0;
		num_at(line, "value", &v);
		if (!mark[i]) {
			other += v;
			continue;
		}
		pcfi_cert_bar *b = &d->bars[d->nbars++];
		b->label = d->chart_processes ? str_at(line, "name") : label_or(d, str_at(line, "stage"));
		if (!b->label)
			b->label = "?";
		b->value = v;
		b->has_share = num_at(line, "share", &b->share);
	}
	if (keep < n) {
		pcfi_cert_bar *b = &d->bars[d->nbars++];
		snprintf(d->other_label, sizeof d->other_label, "%s (%zu)", pcfi_cert_label(d, "other"), n - keep);
		b->label = d->other_label;
		b->value = other;
		if (d->total != 0 && isfinite(other / d->total)) {
			b->share = other / d->total;
			b->has_share = 1;
		}
	}
	free(mark);
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int ml = 0;

	EVP_Digest(data, len, md, &ml, EVP_sha256(), NULL);
	pcfi_hex_encode(md, sizeof md, hex);
}

/* A URL for the QR: http(s), printable ASCII without spaces or '#', at most 512 bytes. */
static int url_ok(const char *u)
{
	size_t i, n = strlen(u);

	if (n > 512 || (strncmp(u, "https://", 8) && strncmp(u, "http://", 7)))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f || u[i] == '#')
			return 0;
	return 1;
}

pcf_status pcf_certificate_qr_text(const char *id, const unsigned char sha256[32], const char *url, char **out,
                                   pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;
	size_t i;

	if (!id || !sha256 || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_certificate_qr_text: NULL argument");
	*out = NULL;
	if (url && !url_ok(url))
		return pcfi_error(err, PCF_E_ARG, "--url '%s': expected an http:// or https:// URL of at most 512 bytes "
		                  "without spaces, '#' or control characters", url);
	if (url)
		pcfi_buf_printf(&b, "%s%cid=%s&sha256=", url, strchr(url, '?') ? '&' : '?', id);
	else
		pcfi_buf_printf(&b, "pcfkit:certificate?id=%s&sha256=", id);
	for (i = 0; i < 32; i++)
		pcfi_buf_printf(&b, "%02x", sha256[i]);
	if (b.oom) {
		pcfi_buf_free(&b);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	*out = pcfi_buf_steal(&b, NULL);
	return PCF_OK;
}

/* Fill d from the verified (or structurally checked) view and manifest. */
static pcf_status gather(const char *name, const unsigned char *data, size_t len, const pcf_bundle_view *view,
                         pcfi_vfy_manifest *m, const pcf_certificate_options *o, pcfi_certdoc *d, pcf_error *err)
{
	json_t *fp, *rfp, *alloc, *unc;
	json_error_t je;
	long k;
	size_t rl;
	const unsigned char *rd;
	unsigned char md[32];
	unsigned int ml = 0;
	static const char *const part_keys[PCFI_PART_N] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc",
		                                              "aircraft" };
	int i;

	d->lang = o->lang;
	d->verified = o->verifier != NULL;
	d->url = o->url;
	d->manifest = json_incref(m->root);
	d->id = m->certificate_id;
	d->issued_at = m->issued_at_text;
	d->valid_from = m->valid_from_text;
	d->valid_until = m->valid_until_text;
	d->supersedes = m->supersedes;
	d->body_name = m->issuer_name;
	d->body_org = m->issuer_org;
	d->product_name = m->product_name;
	d->product_id = m->product_id;
	d->declared_unit = m->declared_unit;
	d->declared_amount = m->declared_amount;
	d->method_id = m->method_id;
	d->method_version = m->method_version;
	d->total = m->total;
	d->unit = m->unit;
	d->gwp_set = m->gwp_set;
	fp = json_object_get(m->root, "footprint");
	for (i = 0; i < PCFI_PART_N; i++)
		d->has_part[i] = num_at(fp, part_keys[i], &d->part[i]);

	k = pcf_bundle_view_find(view, "result.json");
	if (k < 0)
		return pcfi_error_at(err, PCF_E_BUNDLE, name, 0, 0, NULL, "the bundle has no result.json");
	rd = pcf_bundle_view_data(view, (size_t)k, &rl);
	d->result = json_loadb((const char *)rd, rl, JSON_REJECT_DUPLICATES, &je);
	if (!d->result || !json_is_object(d->result))
		return pcfi_error_at(err, PCF_E_BUNDLE, name, 0, 0, NULL, "result.json:%d:%d: not a JSON object: %s",
		                     je.line, je.column, je.text);
	d->standard = str_at(json_object_get(d->result, "methodology"), "standard");
	rfp = json_object_get(d->result, "footprint");
	d->boundary = str_at(rfp, "boundary");
	alloc = json_object_get(rfp, "allocation");
	d->allocation = str_at(alloc, "method");
	d->has_primary = num_at(rfp, "primary-data-share", &d->primary_share);
	unc = json_object_get(rfp, "uncertainty");
	if (json_is_object(unc)) {
		int lo = num_at(unc, "low", &d->unc_low), hi = num_at(unc, "high", &d->unc_high);
		if (lo && hi)
			d->has_uncertainty = 1;
		else if (num_at(unc, "relative", &d->unc_rel))
			d->has_uncertainty = 2;
	}
	chart_of(d, d->result);

	k = pcf_bundle_view_find(view, PCFI_SIGNATURE_NAME);
	if (k >= 0) {
		size_t sl;
		const unsigned char *s = pcf_bundle_view_data(view, (size_t)k, &sl);
		signer_of(s, sl, d);
	}
	EVP_Digest(data, len, md, &ml, EVP_sha256(), NULL);
	sha256_hex(data, len, d->sha256_hex);
	return pcf_certificate_qr_text(d->id, md, o->url, &d->qr_text, err);
}

pcf_status pcf_certificate_render(const char *name, const void *data, size_t len, const pcf_certificate_options *o,
                                  char **out, size_t *out_len, pcf_verdict **verdict, pcf_error *err)
{
	pcf_certificate_options def;
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcfi_certdoc d;
	pcfi_buf b = PCFI_BUF_INIT;
	pcf_verdict_code code;
	pcf_status st;

	if (verdict)
		*verdict = NULL;
	if (!name || (!data && len) || !out || !out_len)
		return pcfi_error(err, PCF_E_ARG, "pcf_certificate_render: NULL argument");
	*out = NULL;
	*out_len = 0;
	if (!o) {
		pcf_certificate_options_init(&def);
		o = &def;
	}
	if (o->url && !url_ok(o->url))
		return pcfi_error(err, PCF_E_ARG, "--url '%s': expected an http:// or https:// URL of at most 512 bytes "
		                  "without spaces, '#' or control characters", o->url);
	memset(&m, 0, sizeof m);
	memset(&d, 0, sizeof d);
	/* Verified: every check. Unverified: archive, manifest and every file's digest. */
	st = pcfi_vfy_run(o->verifier, name, data, len, o->verifier == NULL, &vd, &view, &m, err);
	if (st != PCF_OK)
		goto out;
	code = pcf_verdict_get_code(vd);
	/* Suspended and withdrawn certificates (--status) are made, marked on the page as such. */
	if (!(o->verifier ? code == PCF_VERDICT_VALID || code == PCF_VERDICT_SUSPENDED || code == PCF_VERDICT_WITHDRAWN
	                  : code == PCF_VERDICT_UNVERIFIED) || !view || !m.root) {
		st = pcfi_error_at(err, o->verifier ? PCF_E_VERIFY : PCF_E_BUNDLE, name, 0, 0, NULL,
		                   "no certificate made: the bundle is %s: %s: %s",
		                   pcf_verdict_code_name(pcf_verdict_get_code(vd)),
		                   pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
		goto out;
	}
	if ((st = gather(name, data, len, view, &m, o, &d, err)) != PCF_OK)
		goto out;
	d.status = code == PCF_VERDICT_SUSPENDED ? PCFI_CERT_STATUS_SUSPENDED :
	           code == PCF_VERDICT_WITHDRAWN ? PCFI_CERT_STATUS_WITHDRAWN : PCFI_CERT_STATUS_NONE;
	if (code == PCF_VERDICT_VALID) {
		/* In good standing only when the status check ran and passed (a list was given for its id). */
		size_t i;
		const char *ck;
		pcf_verify_outcome oc;
		for (i = 0; i < pcf_verdict_check_count(vd); i++)
			if (pcf_verdict_check(vd, i, &ck, &oc, NULL) == PCF_OK && !strcmp(ck, "status") && oc == PCF_VERIFY_PASS)
				d.status = PCFI_CERT_STATUS_GOOD;
	}
	switch (o->format) {
	case PCF_CERTIFICATE_PDF: st = pcfi_certdoc_draw(&d, 0, &b, err); break;
	case PCF_CERTIFICATE_PNG: st = pcfi_certdoc_draw(&d, 1, &b, err); break;
	case PCF_CERTIFICATE_HTML: st = pcfi_certdoc_html(&d, &b, err); break;
	default: st = pcfi_error(err, PCF_E_ARG, "unknown certificate format %d", (int)o->format); break;
	}
	if (st == PCF_OK && b.oom)
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (st == PCF_OK)
		*out = pcfi_buf_steal(&b, out_len);
out:
	pcfi_buf_free(&b);
	pcfi_certdoc_free(&d);
	pcfi_vfy_manifest_free(&m);
	pcf_bundle_view_free(view);
	if (verdict)
		*verdict = vd;
	else
		pcf_verdict_free(vd);
	return st;
}

/* ---- the QR check ---- */

const char *pcf_qr_result_name(pcf_qr_result r)
{
	switch (r) {
	case PCF_QR_MATCH: return "match";
	case PCF_QR_MALFORMED: return "qr-malformed";
	case PCF_QR_ID_MISMATCH: return "qr-id-mismatch";
	case PCF_QR_DIGEST_MISMATCH: return "qr-digest-mismatch";
	}
	return "unknown";
}

/* The value of parameter key in the query of text (after its first '?'), copied into buf. */
static int query_param(const char *text, const char *key, char *buf, size_t len)
{
	const char *q = strchr(text, '?');
	size_t kl = strlen(key);

	if (!q)
		return 0;
	q++;
	while (*q) {
		const char *end = strchr(q, '&');
		size_t n = end ? (size_t)(end - q) : strlen(q);
		if (n > kl && !strncmp(q, key, kl) && q[kl] == '=') {
			size_t vl = n - kl - 1;
			if (vl >= len)
				return 0;
			memcpy(buf, q + kl + 1, vl);
			buf[vl] = 0;
			return 1;
		}
		if (!end)
			break;
		q = end + 1;
	}
	return 0;
}

static int hex_lower(const char *s, size_t n)
{
	size_t i;
	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

pcf_status pcf_certificate_qr_check(const char *name, const void *data, size_t len, const char *qr,
                                    pcf_qr_result *result, char **why, pcf_error *err)
{
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcfi_buf b = PCFI_BUF_INIT;
	char id[128], dig[128], hex[65];
	pcf_status st;

	if (why)
		*why = NULL;
	if (!name || (!data && len) || !qr || !result)
		return pcfi_error(err, PCF_E_ARG, "pcf_certificate_qr_check: NULL argument");
	memset(&m, 0, sizeof m);
	st = pcfi_vfy_run(NULL, name, data, len, 2, &vd, &view, &m, err);
	if (st != PCF_OK)
		goto out;
	if (!m.root) {
		st = pcfi_error_at(err, PCF_E_BUNDLE, name, 0, 0, NULL, "cannot read the certificate id: %s: %s",
		                   pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
		goto out;
	}
	sha256_hex(data, len, hex);
	if (!query_param(qr, "id", id, sizeof id) || !query_param(qr, "sha256", dig, sizeof dig) ||
	    !hex_lower(dig, 64) || strlen(id) != 36) {
		*result = PCF_QR_MALFORMED;
		pcfi_buf_printf(&b, "the QR text is not a pcfkit certificate link (expected '...?id=ID&sha256=HEX' "
		                    "with a 36-character id and 64 lowercase hex digits)");
	} else if (strcmp(id, m.certificate_id)) {
		*result = PCF_QR_ID_MISMATCH;
		pcfi_buf_printf(&b, "the QR names certificate %s, this bundle is certificate %s", id, m.certificate_id);
	} else if (strcmp(dig, hex)) {
		*result = PCF_QR_DIGEST_MISMATCH;
		pcfi_buf_printf(&b, "the QR names certificate %s with SHA-256 %s, this bundle's SHA-256 is %s "
		                    "(another or altered copy)", id, dig, hex);
	} else {
		*result = PCF_QR_MATCH;
		pcfi_buf_printf(&b, "the QR names this bundle: certificate %s, SHA-256 %s", id, hex);
	}
	if (b.oom) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	if (why)
		*why = pcfi_buf_steal(&b, NULL);
out:
	pcfi_buf_free(&b);
	pcfi_vfy_manifest_free(&m);
	pcf_bundle_view_free(view);
	pcf_verdict_free(vd);
	return st;
}
