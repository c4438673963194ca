/*
 * inspect.c - 'pcf inspect' (describe a bundle without verifying it) and 'pcf extract' (write the
 * listed files of a verified bundle into a folder, never outside it).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "bundle/reader_impl.h"
#include "crypto/x509_policy.h"
#include "verify/verify_manifest.h"

/* ---- inspect ---- */

typedef struct signer_info {
	char subject[512], issuer[512], serial[128], not_before[32], not_after[32];
	int found;
} signer_info;

static void time_text(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "unknown");
}

/* Best effort: who claims to have signed (nothing is checked here). */
static void find_signer(const unsigned char *sig, size_t len, signer_info *si)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms;
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs;
	int i;

	memset(si, 0, sizeof *si);
	if (!sig)
		return;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (!cms)
		goto out;
	sis = CMS_get0_SignerInfos(cms);
	certs = CMS_get1_certs(cms);
	if (sis && sk_CMS_SignerInfo_num(sis) >= 1 && certs) {
		CMS_SignerInfo *s = sk_CMS_SignerInfo_value(sis, 0);
		for (i = 0; i < sk_X509_num(certs); i++) {
			X509 *x = sk_X509_value(certs, i);
			BIGNUM *bn;
			char *hexs;
			if (CMS_SignerInfo_cert_cmp(s, x))
				continue;
			pcfi_x509_name_text(X509_get_subject_name(x), si->subject, sizeof si->subject);
			pcfi_x509_name_text(X509_get_issuer_name(x), si->issuer, sizeof si->issuer);
			time_text(X509_get0_notBefore(x), si->not_before, sizeof si->not_before);
			time_text(X509_get0_notAfter(x), si->not_after, sizeof si->not_after);
			bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
			hexs = bn ? BN_bn2hex(bn) : NULL;
			snprintf(si->serial, sizeof si->serial, "%s", hexs ? hexs : "unknown");
			OPENSSL_free(hexs);
			BN_free(bn);
			si->found = 1;
			break;
		}
	}
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
out:
	ERR_clear_error();
}

/* Below this depth, a manifest's members (unknown ones verify ignores can nest up to jansson's
 * limit) are shown as their compact JSON text, so that inspect --json describes every bundle
 * verify reads instead of running out of the writer's nesting (PCFI_JSONW_MAX_DEPTH). */
#define INSPECT_JSON_DEPTH 32

/* Copy a jansson value into the deterministic writer (numbers in shortest round-trip form). */
static void copy_json_at(pcfi_jsonw *w, json_t *j, int depth)
{
	const char *k;
	json_t *v;
	size_t i;

	if (depth >= INSPECT_JSON_DEPTH && (json_is_object(j) || json_is_array(j))) {
		char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		pcfi_jsonw_string(w, text ? text : "(too deep)");
		free(text);
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		pcfi_jsonw_begin_object(w);
		json_object_foreach(j, k, v) {
			pcfi_jsonw_key(w, k);
			copy_json_at(w, v, depth + 1);
		}
		pcfi_jsonw_end_object(w);
		break;
	case JSON_ARRAY:
		pcfi_jsonw_begin_array(w);
		json_array_foreach(j, i, v)
			copy_json_at(w, v, depth + 1);
		pcfi_jsonw_end_array(w);
		break;
	case JSON_STRING:
		pcfi_jsonw_stringn(w, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		pcfi_jsonw_int(w, (int64_t)json_integer_value(j));
		break;
	case JSON_REAL:
		pcfi_jsonw_number(w, json_real_value(j));
		break;
	case JSON_TRUE:
		pcfi_jsonw_bool(w, 1);
		break;
	case JSON_FALSE:
		pcfi_jsonw_bool(w, 0);
		break;
	case JSON_NULL:
		pcfi_jsonw_null(w);
		break;
	}
}

static void copy_json(pcfi_jsonw *w, json_t *j)
{
	copy_json_at(w, j, 2); /* the manifest sits one level inside inspect's object */
}

static void num_text(char *buf, size_t len, double d)
{
	if (pcfi_format_double(d, buf, len) != 0)
		snprintf(buf, len, "?");
}

static void footprint_line(pcfi_buf *b, json_t *fp, const char *key)
{
	json_t *v = json_object_get(fp, key);
	char n[40];

	if (!v || !json_is_number(v))
		return;
	num_text(n, sizeof n, json_number_value(v));
	pcfi_buf_printf(b, "  %-20s %s\n", key, n);
}

/* What inspect shows of result.json: the boundary, the warnings, and whether the manifest's figures are its. */
typedef struct result_info {
	json_t *root;            /* result.json parsed, or NULL */
	const char *boundary;    /* footprint.boundary, or NULL */
	json_t *warnings;        /* the warnings array, or NULL */
	char mismatch[PCF_ERROR_MSG_MAX + 600]; /* why the manifest's figures are not result.json's ("" when they are) */
} result_info;

static void read_result(const pcfi_vfy_manifest *m, const pcf_bundle_view *view, result_info *ri)
{
	long k = pcf_bundle_view_find(view, "result.json"), ii = pcf_bundle_view_find(view, "inventory.yaml");
	const unsigned char *d;
	size_t l = 0;
	pcf_reason reason;
	pcf_error e;
	json_t *fp, *b;

	memset(ri, 0, sizeof *ri);
	if (k < 0) {
		snprintf(ri->mismatch, sizeof ri->mismatch, "the bundle has no result.json");
		return;
	}
	d = pcf_bundle_view_data(view, (size_t)k, &l);
	pcf_error_clear(&e);
	if (pcfi_vfy_manifest_check_result(m, d, l, ii >= 0 ? pcf_bundle_view_sha256(view, (size_t)ii) : NULL, &reason,
	                                   &e) != PCF_OK)
		pcf_error_format(&e, ri->mismatch, sizeof ri->mismatch);
	ri->root = json_loadb((const char *)d, l, JSON_DECODE_INT_AS_REAL, NULL);
	fp = ri->root ? json_object_get(ri->root, "footprint") : NULL;
	b = fp ? json_object_get(fp, "boundary") : NULL;
	if (b && json_is_string(b))
		ri->boundary = json_string_value(b);
	ri->warnings = ri->root ? json_object_get(ri->root, "warnings") : NULL;
	if (ri->warnings && !json_is_array(ri->warnings))
		ri->warnings = NULL;
}

/* The factors array of the bundle's factors.json (a new reference), or NULL when it has none or it is not JSON. */
static json_t *embedded_factors(const pcf_bundle_view *view)
{
	long k = pcf_bundle_view_find(view, PCF_BUNDLE_FACTORS);
	const unsigned char *d;
	size_t l = 0;
	json_t *root, *fs;

	if (k < 0)
		return NULL;
	d = pcf_bundle_view_data(view, (size_t)k, &l);
	root = json_loadb((const char *)d, l, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, NULL);
	fs = root ? json_object_get(root, "factors") : NULL;
	if (!json_is_array(fs))
		fs = NULL;
	json_incref(fs);
	json_decref(root);
	return fs;
}

/* Said first by inspect in both forms: it reads what the bundle claims and checks none of it. */
static const char not_verified[] = "nothing has been verified: this shows what the bundle claims; "
                                   "use 'pcf verify' to check it";

/* The signer certificate's names, serial and validity, or null when there is no readable one. */
static void json_signer(pcfi_jsonw *w, const signer_info *si)
{
	if (!si->found) {
		pcfi_jsonw_null(w);
		return;
	}
	pcfi_jsonw_begin_object(w);
	pcfi_jsonw_key(w, "subject");
	pcfi_jsonw_string(w, si->subject);
	pcfi_jsonw_key(w, "issuer");
	pcfi_jsonw_string(w, si->issuer);
	pcfi_jsonw_key(w, "serial");
	pcfi_jsonw_string(w, si->serial);
	pcfi_jsonw_key(w, "not-before");
	pcfi_jsonw_string(w, si->not_before);
	pcfi_jsonw_key(w, "not-after");
	pcfi_jsonw_string(w, si->not_after);
	pcfi_jsonw_end_object(w);
}

/* The entries the archive holds, in its order: path, size and SHA-256 of each. */
static void json_entries(pcfi_jsonw *w, const pcf_bundle_view *view)
{
	size_t i;

	pcfi_jsonw_begin_array(w);
	for (i = 0; i < pcf_bundle_view_count(view); i++) {
		size_t l, k;
		char h[65];
		pcfi_jsonw_begin_object(w);
		pcfi_jsonw_key(w, "path");
		pcfi_jsonw_string(w, pcf_bundle_view_name(view, i));
		pcfi_jsonw_key(w, "size");
		pcf_bundle_view_data(view, i, &l);
		pcfi_jsonw_uint(w, l);
		for (k = 0; k < 32; k++)
			snprintf(h + 2 * k, 3, "%02x", pcf_bundle_view_sha256(view, i)[k]);
		pcfi_jsonw_key(w, "sha256");
		pcfi_jsonw_string(w, h);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
}

/* A JSON string, or null when s is NULL or empty. */
static void json_string_or_null(pcfi_jsonw *w, const char *s)
{
	if (s && s[0])
		pcfi_jsonw_string(w, s);
	else
		pcfi_jsonw_null(w);
}

/* inspect --json: the manifest as it is, what result.json adds, the signer, the entries, what a redaction withheld
 * and the embedded factors. */
static pcf_status render_json(const char *path, const pcfi_vfy_manifest *m, const pcf_bundle_view *view,
                              const signer_info *si, const result_info *ri, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	json_t *fs;
	size_t i;

	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "bundle");
	pcfi_jsonw_string(&w, path);
	pcfi_jsonw_key(&w, "verified");
	pcfi_jsonw_bool(&w, 0);
	pcfi_jsonw_key(&w, "note");
	pcfi_jsonw_string(&w, not_verified);
	pcfi_jsonw_key(&w, "manifest");
	copy_json(&w, m->root);
	/* what result.json adds: the boundary, the warnings; and whether the manifest shows its figures */
	pcfi_jsonw_key(&w, "boundary");
	if (ri->boundary)
		pcfi_jsonw_string(&w, ri->boundary);
	else
		pcfi_jsonw_null(&w);
	pcfi_jsonw_key(&w, "warnings");
	if (ri->warnings)
		copy_json(&w, ri->warnings);
	else
		pcfi_jsonw_null(&w);
	pcfi_jsonw_key(&w, "summary-mismatch");
	json_string_or_null(&w, ri->mismatch);
	pcfi_jsonw_key(&w, "signer");
	json_signer(&w, si);
	pcfi_jsonw_key(&w, "entries");
	json_entries(&w, view);
	/* issue 14: what a redaction withheld, and the factors the bundle carries (factors.json) */
	pcfi_jsonw_key(&w, "withheld");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < m->nfiles; i++)
		if (pcf_bundle_view_find(view, m->files[i].path) < 0 && pcf_bundle_entry_withholdable(m->files[i].path))
			pcfi_jsonw_string(&w, m->files[i].path);
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "factors");
	fs = embedded_factors(view);
	if (fs)
		copy_json(&w, fs);
	else
		pcfi_jsonw_null(&w);
	json_decref(fs);
	pcfi_jsonw_end_object(&w);
	if (pcfi_jsonw_finish(&w, out, len) != PCF_OK)
		return pcfi_error(err, PCF_E_INTERNAL, "cannot write the description as JSON");
	return PCF_OK;
}

/* Text from the bundle goes to a terminal: s with control characters escaped (to be freed), or NULL with b->oom set. */
static char *clean(pcfi_buf *b, const char *s)
{
	char *c = pcfi_vfy_clean(s);
	if (!c)
		b->oom = 1;
	return c;
}

/* The certificate's claims as the manifest states them: ids, times, issuer, product, method, footprint, boundary. */
static void text_claims(pcfi_buf *b, const char *path, const pcfi_vfy_manifest *m, const result_info *ri)
{
	json_t *fp = json_object_get(m->root, "footprint");
	char n1[40], n2[40];
	char *iname = clean(b, m->issuer_name), *iorg = clean(b, m->issuer_org ? m->issuer_org : ""),
	     *pname = clean(b, m->product_name), *pid = clean(b, m->product_id), *dunit = clean(b, m->declared_unit),
	     *mid = clean(b, m->method_id), *mver = clean(b, m->method_version), *unit = clean(b, m->unit),
	     *gwp = clean(b, m->gwp_set ? m->gwp_set : "not stated"),
	     *bd = pcfi_vfy_clean(ri->boundary ? ri->boundary : "not stated in result.json");

	pcfi_buf_printf(b, "bundle:          %s\n", path);
	pcfi_buf_printf(b, "certificate id:  %s\n", m->certificate_id);
	pcfi_buf_printf(b, "issued at:       %s\n", m->issued_at_text);
	pcfi_buf_printf(b, "valid:           from %s until %s\n", m->valid_from_text, m->valid_until_text);
	pcfi_buf_printf(b, "supersedes:      %s\n", m->supersedes ? m->supersedes : "(nothing)");
	pcfi_buf_printf(b, "issuer:          %s%s%s%s\n", iname, m->issuer_org ? " (" : "", iorg,
	                m->issuer_org ? ")" : "");
	num_text(n1, sizeof n1, m->declared_amount);
	pcfi_buf_printf(b, "product:         %s (%s), declared unit %s %s\n", pname, pid, n1, dunit);
	pcfi_buf_printf(b, "methodology:     %s %s\n", mid, mver);
	num_text(n2, sizeof n2, m->total);
	pcfi_buf_printf(b, "footprint:       %s %s per %s %s (GWP set %s)\n", n2, unit, n1, dunit, gwp);
	pcfi_buf_printf(b, "boundary:        %s\n", bd ? bd : "");
	footprint_line(b, fp, "fossil");
	footprint_line(b, fp, "biogenic-emissions");
	footprint_line(b, fp, "biogenic-removals");
	footprint_line(b, fp, "dluc");
	footprint_line(b, fp, "aircraft");
	free(iname);
	free(iorg);
	free(pname);
	free(pid);
	free(dunit);
	free(mid);
	free(mver);
	free(unit);
	free(gwp);
	free(bd);
}

/* result.json's warnings, one a line, when there are any. */
static void text_warnings(pcfi_buf *b, const result_info *ri)
{
	size_t wi;
	json_t *wv;

	if (!ri->warnings || !json_array_size(ri->warnings))
		return;
	pcfi_buf_printf(b, "warnings:\n");
	json_array_foreach(ri->warnings, wi, wv) {
		char *wt = pcfi_vfy_clean(json_is_string(wv) ? json_string_value(wv) : "(not a string)");
		pcfi_buf_printf(b, "  - %s\n", wt ? wt : "");
		free(wt);
	}
}

/* The signer certificate's names, serial and validity. */
static void text_signer(pcfi_buf *b, const signer_info *si)
{
	char *subj = clean(b, si->subject), *iss = clean(b, si->issuer);

	if (si->found) {
		pcfi_buf_printf(b, "signer:          %s\n", subj);
		pcfi_buf_printf(b, "  issued by:     %s\n", iss);
		pcfi_buf_printf(b, "  serial:        %s\n", si->serial);
		pcfi_buf_printf(b, "  valid:         from %s until %s\n", si->not_before, si->not_after);
	} else {
		pcfi_buf_printf(b, "signer:          (no readable signer certificate)\n");
	}
	free(subj);
	free(iss);
}

/* The certification body's status-list entry (1.1) and the embedded revocation evidence (1.2). */
static void text_revocation(pcfi_buf *b, const pcfi_vfy_manifest *m)
{
	json_t *sl = json_object_get(m->root, "status-list");
	size_t ncrl = 0, i;

	if (json_is_object(sl) && json_is_string(json_object_get(sl, "id")) &&
	    json_is_number(json_object_get(sl, "index"))) {
		char *sid = pcfi_vfy_clean(json_string_value(json_object_get(sl, "id")));
		pcfi_buf_printf(b, "status list:     %s, index %.0f (check with pcf verify --status)\n", sid ? sid : "",
		                json_number_value(json_object_get(sl, "index")));
		free(sid);
	}
	for (i = 0; i < m->nfiles; i++)
		ncrl += !strncmp(m->files[i].path, "revocation/", 11);
	if (ncrl && m->minor >= 2)
		pcfi_buf_printf(b, "revocation:      %zu CRL%s valid at the issue time embedded (used by pcf verify "
		                "with a trusted timestamp)\n", ncrl, ncrl == 1 ? "" : "s");
}

/* The manifest's files with size and hash, each marked when the archive lacks it (withheld or missing). */
static void text_files(pcfi_buf *b, const pcfi_vfy_manifest *m, const pcf_bundle_view *view)
{
	size_t i, k;

	pcfi_buf_printf(b, "files:\n");
	for (i = 0; i < m->nfiles; i++) {
		char h[65];
		for (k = 0; k < 32; k++)
			snprintf(h + 2 * k, 3, "%02x", m->files[i].sha256[k]);
		pcfi_buf_printf(b, "  %-30s %10llu  %s%s\n", m->files[i].path, (unsigned long long)m->files[i].size, h,
		                pcf_bundle_view_find(view, m->files[i].path) >= 0 ? ""
		                : pcf_bundle_entry_withholdable(m->files[i].path) ? "  (withheld by the supplier)"
		                : "  (MISSING: pcf verify refuses this bundle)");
	}
}

/* The factors the bundle carries (factors.json, format 1.2): what a verifier recomputes with. */
static void text_factors(pcfi_buf *b, const pcf_bundle_view *view)
{
	json_t *fs = embedded_factors(view), *f;
	size_t fi;
	char n1[40];

	if (!fs)
		return;
	pcfi_buf_printf(b, "embedded factors (%s):\n", PCF_BUNDLE_FACTORS);
	json_array_foreach(fs, fi, f) {
		char *fid = pcfi_vfy_clean(json_string_value(json_object_get(f, "id")));
		char *flib = pcfi_vfy_clean(json_string_value(json_object_get(f, "library")));
		char *fgas = pcfi_vfy_clean(json_string_value(json_object_get(f, "gas")));
		char *fun = pcfi_vfy_clean(json_string_value(json_object_get(f, "unit")));
		json_t *fv = json_object_get(f, "value");
		if (json_is_number(fv)) {
			num_text(n1, sizeof n1, json_number_value(fv));
			pcfi_buf_printf(b, "  %-30s %s kg %s/%s  (%s)\n", fid ? fid : "", n1, fgas ? fgas : "", fun ? fun : "",
			                flib ? flib : "");
		} else {
			pcfi_buf_printf(b, "  %-30s several gases per %s  (%s)\n", fid ? fid : "", fun ? fun : "",
			                flib ? flib : "");
		}
		free(fid);
		free(flib);
		free(fgas);
		free(fun);
	}
	json_decref(fs);
}

/* inspect's text: the warning that nothing is verified (and that the figures disagree, when they do), then the
 * sections in this order. */
static pcf_status render_text(const char *path, const pcfi_vfy_manifest *m, const pcf_bundle_view *view,
                              const signer_info *si, const result_info *ri, char **out, size_t *len, pcf_error *err)
{
	pcfi_buf b = PCFI_BUF_INIT;

	pcfi_buf_printf(&b, "NOT VERIFIED: %s\n", not_verified);
	if (ri->mismatch[0]) {
		char *mm = pcfi_vfy_clean(ri->mismatch);
		pcfi_buf_printf(&b, "WARNING: the manifest's figures are not result.json's (pcf verify refuses this "
		                "bundle): %s\n", mm ? mm : "");
		free(mm);
	}
	pcfi_buf_printf(&b, "\n");
	text_claims(&b, path, m, ri);
	text_warnings(&b, ri);
	text_signer(&b, si);
	text_revocation(&b, m);
	text_files(&b, m, view);
	text_factors(&b, view);
	if (b.oom) {
		pcfi_buf_free(&b);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	*out = pcfi_buf_steal(&b, len);
	return PCF_OK;
}

static pcf_status render(const char *path, const pcfi_vfy_manifest *m, const pcf_bundle_view *view,
                         const signer_info *si, const result_info *ri, int json, char **out, size_t *len,
                         pcf_error *err)
{
	return json ? render_json(path, m, view, si, ri, out, len, err)
	            : render_text(path, m, view, si, ri, out, len, err);
}

pcf_status pcf_inspect_file(const char *path, int json, char **out, size_t *len, pcf_error *err)
{
	pcf_verify_limits lim;
	unsigned char *data;
	size_t dlen;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	signer_info si;
	pcf_status st;
	long k;

	if (!path || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_inspect_file: NULL argument");
	*out = NULL;
	*len = 0;
	pcfi_vfy_limits(NULL, &lim);
	/* "-" is standard input, read within the same limit as a file and named "stdin". */
	if ((st = pcfi_bundle_read_input_or_stdin(path, lim.max_input_bytes, &data, &dlen, &reason, err)) != PCF_OK)
		return st;
	if (!strcmp(path, "-"))
		path = "stdin";
	memset(&m, 0, sizeof m);
	/* Safe reading and a well-formed manifest are needed to describe; digests are not checked. */
	st = pcfi_vfy_run(NULL, path, data, dlen, 2, &vd, &view, &m, err);
	free(data);
	if (st != PCF_OK)
		return st;
	if (!view || !m.root) {
		st = pcfi_error_at(err, PCF_E_BUNDLE, path, 0, 0, NULL, "cannot describe the bundle: %s: %s",
		                   pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
		goto out;
	}
	k = pcf_bundle_view_find(view, PCFI_SIGNATURE_NAME);
	if (k >= 0) {
		size_t sl;
		const unsigned char *s = pcf_bundle_view_data(view, (size_t)k, &sl);
		find_signer(s, sl, &si);
	} else {
		memset(&si, 0, sizeof si);
	}
	{
		result_info ri;
		read_result(&m, view, &ri);
		st = render(path, &m, view, &si, &ri, json, out, len, err);
		json_decref(ri.root);
	}
out:
	pcfi_vfy_manifest_free(&m);
	pcf_bundle_view_free(view);
	pcf_verdict_free(vd);
	return st;
}

/* ---- extract ---- */

/* What extract created, in creation order, to remove it after a failure (cleanup). */
typedef struct made_item {
	char *path;          /* relative to the target folder */
	int is_dir;
	dev_t pdev;          /* the folder it was created in, as fstat saw it then */
	ino_t pino;
} made_item;

typedef struct created {
	made_item *items;
	size_t n, cap;
} created;

static int remember(created *c, const char *p, int is_dir, int parent_fd)
{
	struct stat st;

	if (fstat(parent_fd, &st))
		return -1;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		made_item *np = realloc(c->items, ncap * sizeof *np);
		if (!np)
			return -1;
		c->items = np;
		c->cap = ncap;
	}
	if (!(c->items[c->n].path = strdup(p)))
		return -1;
	c->items[c->n].is_dir = is_dir;
	c->items[c->n].pdev = st.st_dev;
	c->items[c->n].pino = st.st_ino;
	c->n++;
	return 0;
}

/*
 * Remove what this call created, newest first, never following a link: each parent folder is
 * opened from dfd one component at a time with O_NOFOLLOW, must still be the folder the item was
 * created in (device and inode), and the item is removed with unlinkat on that descriptor. So a
 * folder swapped for a symbolic link (or another folder) by someone else while extract ran leaves
 * what is behind it alone: that item stays instead.
 */
static void cleanup(int dfd, const created *made)
{
	size_t j = made->n;

	while (j-- > 0) {
		const made_item *it = &made->items[j];
		char part[PCF_BUNDLE_NAME_MAX + 1];
		const char *p = it->path, *slash;
		int fd = dfd, ok = 1;
		struct stat st;

		while ((slash = strchr(p, '/')) != NULL) {
			size_t l = (size_t)(slash - p);
			int nfd;
			if (l >= sizeof part) {
				ok = 0;
				break;
			}
			memcpy(part, p, l);
			part[l] = 0;
			nfd = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd != dfd)
				close(fd);
			fd = nfd;
			if (fd < 0) {
				ok = 0;
				break;
			}
			p = slash + 1;
		}
		if (ok && !fstat(fd, &st) && st.st_dev == it->pdev && st.st_ino == it->pino)
			unlinkat(fd, p, it->is_dir ? AT_REMOVEDIR : 0);
		if (fd >= 0 && fd != dfd)
			close(fd);
	}
}

/* Write data to rel under the folder dfd: folders are created as needed and never followed if they are links. */
static pcf_status write_under(int dfd, const char *dir, const char *rel, const unsigned char *data, size_t len,
                             created *made, pcf_error *err)
{
	char part[128], sofar[256] = "";
	const char *p = rel, *slash;
	int fd = dfd, nfd, ofd;
	size_t off = 0;

	while ((slash = strchr(p, '/')) != NULL) {
		size_t l = (size_t)(slash - p);
		if (l >= sizeof part) {
			if (fd != dfd)
				close(fd);
			return pcfi_error_at(err, PCF_E_LIMIT, dir, 0, 0, rel, "path component too long");
		}
		memcpy(part, p, l);
		part[l] = 0;
		snprintf(sofar + strlen(sofar), sizeof sofar - strlen(sofar), "%s%s", sofar[0] ? "/" : "", part);
		if (mkdirat(fd, part, 0755) == 0) {
			if (remember(made, sofar, 1, fd)) {
				if (fd != dfd)
					close(fd);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
		} else if (errno != EEXIST) {
			int e = errno;
			if (fd != dfd)
				close(fd);
			return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, sofar, "cannot create the folder: %s", strerror(e));
		}
		nfd = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd != dfd)
			close(fd);
		if (nfd < 0)
			return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, sofar, "not a folder (links are never followed): %s",
			                     strerror(errno));
		fd = nfd;
		p = slash + 1;
	}
	ofd = openat(fd, p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (ofd < 0) {
		int e = errno;
		if (fd != dfd)
			close(fd);
		return pcfi_error_at(err, e == EEXIST ? PCF_E_EXISTS : PCF_E_IO, dir, 0, 0, rel,
		                     e == EEXIST ? "the file exists; extract never overwrites" : "cannot create the file: %s",
		                     strerror(e));
	}
	if (remember(made, rel, 0, fd)) {
		close(ofd);
		unlinkat(fd, p, 0);
		if (fd != dfd)
			close(fd);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if (fd != dfd)
		close(fd);
	while (off < len) {
		ssize_t w = write(ofd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(ofd);
			return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, rel, "write failed: %s", strerror(e));
		}
		off += (size_t)w;
	}
	if (fsync(ofd) || close(ofd))
		return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, rel, "write failed: %s", strerror(errno));
	return PCF_OK;
}

pcf_status pcf_extract_file(const pcf_verifier *v, const char *path, const char *dir, pcf_verdict **verdict,
                            pcf_error *err)
{
	return pcf_extract_file_listed(v, path, dir, verdict, NULL, NULL, err);
}

void pcf_extract_list_free(char **files, size_t nfiles)
{
	size_t i;

	for (i = 0; files && i < nfiles; i++)
		free(files[i]);
	free(files);
}

pcf_status pcf_extract_file_listed(const pcf_verifier *v, const char *path, const char *dir, pcf_verdict **verdict,
                                   char ***files, size_t *nfiles, pcf_error *err)
{
	pcf_verify_limits lim;
	unsigned char *data;
	size_t dlen, i;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcf_status st = PCF_OK;
	created made = { NULL, 0, 0 };
	int dfd = -1;

	if (verdict)
		*verdict = NULL;
	if (files)
		*files = NULL;
	if (nfiles)
		*nfiles = 0;
	if (!path || !dir || (!files) != (!nfiles))
		return pcfi_error(err, PCF_E_ARG, "pcf_extract_file: NULL argument");
	pcfi_vfy_limits(v, &lim);
	memset(&m, 0, sizeof m);
	{
		pcf_error e;
		pcf_error_clear(&e);
		/* "-" is standard input, read within the same limit as a file and named "stdin" in messages. */
		st = pcfi_bundle_read_input_or_stdin(path, lim.max_input_bytes, &data, &dlen, &reason, &e);
		if (!strcmp(path, "-"))
			path = "stdin";
		if (st != PCF_OK) {
			if (verdict)
				pcfi_vfy_unreadable(path, reason, &e, verdict, NULL);
			if (err)
				*err = e;
			return st;
		}
	}
	st = pcfi_vfy_run(v, path, data, dlen, v == NULL, &vd, &view, &m, err);
	free(data);
	if (st != PCF_OK)
		return st;
	if (pcf_verdict_get_code(vd) != (v ? PCF_VERDICT_VALID : PCF_VERDICT_UNVERIFIED) || !view || !m.root) {
		st = pcfi_error_at(err, PCF_E_VERIFY, path, 0, 0, NULL, "not extracted: the bundle is %s: %s: %s",
		                   pcf_verdict_code_name(pcf_verdict_get_code(vd)), pcf_reason_name(pcf_verdict_get_reason(vd)),
		                   pcf_verdict_message(vd));
		goto out;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		st = pcfi_error_at(err, PCF_E_IO, dir, 0, 0, NULL, "cannot create the folder: %s", strerror(errno));
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		st = pcfi_error_at(err, PCF_E_IO, dir, 0, 0, NULL, "not a folder: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < m.nfiles; i++) {
		size_t l;
		long k = pcf_bundle_view_find(view, m.files[i].path);
		const unsigned char *d;
		if (k < 0 && pcf_bundle_entry_withholdable(m.files[i].path))
			continue;   /* withheld by a redaction (the verdict lists it): nothing to write */
		d = pcf_bundle_view_data(view, (size_t)k, &l);
		/* Names passed the grammar (no "..", no leading "/") in the reader and in the manifest. */
		if (k < 0 || !pcf_bundle_name_valid(m.files[i].path)) {
			st = pcfi_error(err, PCF_E_INTERNAL, "internal error: listed file '%s' not found", m.files[i].path);
			break;
		}
		if ((st = write_under(dfd, dir, m.files[i].path, d, l, &made, err)) != PCF_OK)
			break;
	}
	if (st != PCF_OK)
		cleanup(dfd, &made); /* leave nothing behind that this call created */
	else if (files && m.nfiles) {
		/* the files written, in the manifest's order */
		char **l = calloc(m.nfiles, sizeof *l);
		for (i = 0; l && i < m.nfiles; i++)
			if (!(l[i] = strdup(m.files[i].path)))
				break;
		if (!l || i < m.nfiles) {
			pcf_extract_list_free(l, l ? i : 0);
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory (the files were extracted)");
		} else {
			*files = l;
			*nfiles = m.nfiles;
		}
	}
out:
	if (dfd >= 0)
		close(dfd);
	for (i = 0; i < made.n; i++)
		free(made.items[i].path);
	free(made.items);
	pcfi_vfy_manifest_free(&m);
	pcf_bundle_view_free(view);
	if (verdict)
		*verdict = vd;
	else
		pcf_verdict_free(vd);
	return st;
}
