/*
 * verify.c - the verifier: every check of docs/trust-model.md on one bundle, one verdict.
 *
 * The flow is fixed: archive, manifest, entries, digests, signature (CMS structure, algorithms,
 * cryptographic check), signer policy, chain, revocation, certificate validity, PCF validity,
 * recompute. A "hard" failure (tampering, malformed input, untrusted chain, internal error) stops
 * the flow and makes the verdict invalid. A "soft" failure (revoked, expired, not yet valid,
 * recompute mismatch) lets the flow go on, so that an expired but otherwise good bundle is
 * reported as expired and not as tampered. The verdict starts as invalid/internal-error and only
 * becomes valid at the very end, once every check has passed or was explicitly skipped.
 */
#include "config.h"

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/hex.h"
#include "verify/verify_run.h"
#include "verify/supplier_impl.h"
#include "verify/status_check.h"

pcf_status pcf_verify_options_init(pcf_verify_options *o, unsigned int version)
{
	if (!o || version != PCF_VERIFY_OPTIONS_VERSION)
		return PCF_E_ARG;
	memset(o, 0, sizeof *o);
	o->version = version;
	pcf_verify_limits_fill(&o->limits);
	return PCF_OK;
}

/*
 * The store for timestamp tokens: the TSA anchors only, the CRLs of both trust stores (TSA
 * certificates are checked for revocation like the signer's, unless --no-revocation-check), and
 * --at as the time at which the TSA's chain must be valid.
 */
static pcf_status make_tsa_store(pcf_verifier *v, pcf_error *err)
{
	const pcf_trust *tt = v->opts.tsa_trust;
	STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(pcfi_trust_store(tt));
	const pcf_trust *sources[2] = { v->trust, tt };
	int i, k, n = 0;

	if (pcf_trust_anchor_count(tt) == 0)
		return pcfi_error(err, PCF_E_ARG, "no TSA trust anchors");
	if (!(v->tsa_store = X509_STORE_new()))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		X509 *x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (x && X509_STORE_add_cert(v->tsa_store, x))
			n++;
	}
	if (n == 0) {
		X509_STORE_free(v->tsa_store);
		v->tsa_store = NULL;
		return pcfi_error(err, PCF_E_ARG, "no TSA trust anchors");
	}
	if (!v->opts.no_revocation_check) {
		for (k = 0; k < 2; k++)
			for (i = 0; i < sk_X509_CRL_num(pcfi_trust_crls(sources[k])); i++)
				if (pcfi_crl_scope(sk_X509_CRL_value(pcfi_trust_crls(sources[k]), i)) == PCFI_CRL_COMPLETE)
					X509_STORE_add_crl(v->tsa_store, sk_X509_CRL_value(pcfi_trust_crls(sources[k]), i));
		X509_STORE_set_flags(v->tsa_store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	}
	if (v->opts.at_set)
		X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(v->tsa_store), (time_t)v->opts.at);
	ERR_clear_error();
	return PCF_OK;
}

pcf_status pcf_verifier_new(const pcf_trust *trust, const pcf_verify_options *opts, pcf_verifier **out, pcf_error *err)
{
	pcf_verifier *v;
	pcf_status st;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_verifier_new: NULL argument");
	*out = NULL;
	if (!trust || pcf_trust_anchor_count(trust) == 0)
		return pcfi_error(err, PCF_E_ARG, "no trust anchors: a verifier needs at least one anchor certificate");
	if (opts && opts->version != PCF_VERIFY_OPTIONS_VERSION)
		return pcfi_error(err, PCF_E_ARG,
		                  "verify options of version %u: this libpcf knows version %d (set them up with "
		                  "pcf_verify_options_init)", opts->version, PCF_VERIFY_OPTIONS_VERSION);
	v = calloc(1, sizeof *v);
	if (!v)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	v->trust = trust;
	if (pthread_mutex_init(&v->memo_lock, NULL)) {
		free(v);
		return pcfi_error(err, PCF_E_NOMEM, "cannot create a lock");
	}
	if (opts)
		v->opts = *opts;
	else
		pcf_verify_options_init(&v->opts, PCF_VERIFY_OPTIONS_VERSION);
	pcf_verify_limits_fill(&v->opts.limits);
	if (v->opts.plugin_dir && !(v->plugin_dir = strdup(v->opts.plugin_dir))) {
		pthread_mutex_destroy(&v->memo_lock);
		free(v);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	v->opts.plugin_dir = v->plugin_dir;
	if (v->opts.tsa_trust && (st = make_tsa_store(v, err)) != PCF_OK) {
		pthread_mutex_destroy(&v->memo_lock);
		free(v->plugin_dir);
		free(v);
		return st;
	}
	if (!v->opts.no_recompute && (st = pcfi_vfy_recomputer_new(v->plugin_dir, v->opts.recompute_workers,
	                                                         v->opts.recompute_timeout_s, &v->recomputer, err)) != PCF_OK) {
		X509_STORE_free(v->tsa_store);
		pthread_mutex_destroy(&v->memo_lock);
		free(v->plugin_dir);
		free(v);
		return st;
	}
	*out = v;
	return PCF_OK;
}

void pcf_verifier_free(pcf_verifier *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->nmemo; i++)
		sk_X509_pop_free(v->memo[i].res.chain, X509_free);
	for (i = 0; i < v->ncerts; i++) {
		X509_free(v->certs[i].x);
		free(v->certs[i].subject);
	}
	pthread_mutex_destroy(&v->memo_lock);
	pcfi_vfy_recomputer_free(v->recomputer);
	X509_STORE_free(v->tsa_store);
	free(v->plugin_dir);
	free(v);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- the steps up to the digests (the others: signature.c, chain.c) ---- */

static void step_archive(run *r, const unsigned char *data, size_t len)
{
	pcf_error e;
	pcf_reason reason = PCF_REASON_NONE;
	long mi, si;

	pcf_error_clear(&e);
	if (pcf_bundle_view_read_memory(r->name, data, len, &r->v->opts.limits, &r->view, &reason, &e) != PCF_OK) {
		pcfi_vd_hard(r->vd, CK_ARCHIVE, reason ? reason : PCF_REASON_INTERNAL, "%s", e.message);
		return;
	}
	mi = pcf_bundle_view_find(r->view, PCFI_MANIFEST_NAME);
	si = pcf_bundle_view_find(r->view, PCFI_SIGNATURE_NAME);
	if (mi < 0) {
		pcfi_vd_hard(r->vd, CK_ARCHIVE, PCF_REASON_MANIFEST_MISSING, "the archive has no %s", PCFI_MANIFEST_NAME);
		return;
	}
	if (si < 0 && !r->structure_only) {
		pcfi_vd_hard(r->vd, CK_ARCHIVE, PCF_REASON_SIGNATURE_MISSING, "the archive has no %s", PCFI_SIGNATURE_NAME);
		return;
	}
	r->man = pcf_bundle_view_data(r->view, (size_t)mi, &r->manlen);
	if (si >= 0)
		r->sig = pcf_bundle_view_data(r->view, (size_t)si, &r->siglen);
	if (r->manlen > r->v->opts.limits.max_manifest_bytes) {
		pcfi_vd_hard(r->vd, CK_ARCHIVE, PCF_REASON_ENTRY_TOO_LARGE, "%s is %zu bytes, more than the limit of %llu",
		     PCFI_MANIFEST_NAME, r->manlen, (unsigned long long)r->v->opts.limits.max_manifest_bytes);
		return;
	}
	if (r->sig && r->siglen > r->v->opts.limits.max_signature_bytes) {
		pcfi_vd_hard(r->vd, CK_ARCHIVE, PCF_REASON_ENTRY_TOO_LARGE, "%s is %zu bytes, more than the limit of %llu",
		     PCFI_SIGNATURE_NAME, r->siglen, (unsigned long long)r->v->opts.limits.max_signature_bytes);
		return;
	}
	pcfi_vd_detail(r->vd, CK_ARCHIVE, PCF_VERIFY_PASS, "%zu regular files, names and sizes within limits",
	           pcf_bundle_view_count(r->view));
}

static void step_manifest(run *r)
{
	pcf_error e;
	pcf_reason reason;
	pcf_verdict *vd = r->vd;
	char where[PCF_ERROR_MSG_MAX + 600];

	pcf_error_clear(&e);
	if (pcfi_vfy_manifest_parse(PCFI_MANIFEST_NAME, r->man, r->manlen, &r->m, &reason, &e) != PCF_OK) {
		pcf_error_format(&e, where, sizeof where);
		pcfi_vd_hard(vd, CK_MANIFEST, reason, "%s", where);
		return;
	}
	r->have_manifest = 1;
	vd->has_manifest = 1;
	vd->certificate_id = dup_or_null(r->m.certificate_id);
	vd->supersedes = dup_or_null(r->m.supersedes);
	vd->issued_at = dup_or_null(r->m.issued_at_text);
	vd->valid_from = dup_or_null(r->m.valid_from_text);
	vd->valid_until = dup_or_null(r->m.valid_until_text);
	vd->issuer = dup_or_null(r->m.issuer_name);
	vd->product_id = dup_or_null(r->m.product_id);
	vd->product_name = dup_or_null(r->m.product_name);
	vd->method_id = dup_or_null(r->m.method_id);
	vd->method_version = dup_or_null(r->m.method_version);
	vd->unit = dup_or_null(r->m.unit);
	vd->total = r->m.total;
	pcfi_vd_detail(vd, CK_MANIFEST, PCF_VERIFY_PASS, "%s format %d.%d, %zu files listed", PCFI_MANIFEST_KIND, r->m.major,
	           r->m.minor, r->m.nfiles);
}

static const pcfi_vfy_file *manifest_file(const pcfi_vfy_manifest *m, const char *path)
{
	size_t i;
	for (i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].path, path))
			return &m->files[i];
	return NULL;
}

int pcf_bundle_entry_withholdable(const char *name)
{
	return name && (!strcmp(name, PCF_BUNDLE_INVENTORY) || !strcmp(name, PCF_BUNDLE_FACTORS) ||
	                (!strncmp(name, "evidence/", 9) && name[9]));
}

/* Record a listed entry that a redaction withheld; 0, or -1 when out of memory. */
static int add_withheld(pcf_verdict *vd, const char *name)
{
	char **g = realloc(vd->withheld, (vd->nwithheld + 1) * sizeof *g);

	if (!g)
		return -1;
	vd->withheld = g;
	if (!(g[vd->nwithheld] = strdup(name)))
		return -1;
	vd->nwithheld++;
	return 0;
}

static void step_entries(run *r)
{
	size_t i, n = pcf_bundle_view_count(r->view);

	/* Every archive entry is listed (or is the manifest or its signature) ... */
	for (i = 0; i < n; i++) {
		const char *name = pcf_bundle_view_name(r->view, i);
		if (!strcmp(name, PCFI_MANIFEST_NAME) || !strcmp(name, PCFI_SIGNATURE_NAME))
			continue;
		if (!manifest_file(&r->m, name)) {
			pcfi_vd_hard(r->vd, CK_ENTRIES, PCF_REASON_ENTRY_UNLISTED, "entry '%s' is in the archive but not in the manifest",
			     name);
			return;
		}
	}
	/* ... and every listed file is in the archive (exactly once: the reader refuses duplicates), or was
	 * withheld by a redaction, which only inventory.yaml, factors.json and evidence/ may be
	 * (docs/bundle-format.md, "Withheld entries"). */
	for (i = 0; i < r->m.nfiles; i++)
		if (pcf_bundle_view_find(r->view, r->m.files[i].path) < 0) {
			if (!pcf_bundle_entry_withholdable(r->m.files[i].path)) {
				pcfi_vd_hard(r->vd, CK_ENTRIES, PCF_REASON_ENTRY_MISSING,
				             "'%s' is listed in the manifest but not in the archive", r->m.files[i].path);
				return;
			}
			if (add_withheld(r->vd, r->m.files[i].path)) {
				pcfi_vd_hard(r->vd, CK_ENTRIES, PCF_REASON_INTERNAL, "out of memory");
				return;
			}
		}
	if (r->vd->nwithheld)
		pcfi_vd_detail(r->vd, CK_ENTRIES, PCF_VERIFY_PASS,
		               "entries are the %zu listed files but %zu withheld by the supplier, %s and %s", r->m.nfiles,
		               r->vd->nwithheld, PCFI_MANIFEST_NAME, PCFI_SIGNATURE_NAME);
	else
		pcfi_vd_detail(r->vd, CK_ENTRIES, PCF_VERIFY_PASS, "entries are exactly the %zu listed files, %s and %s",
		               r->m.nfiles, PCFI_MANIFEST_NAME, PCFI_SIGNATURE_NAME);
}

static void step_digests(run *r)
{
	size_t i;

	for (i = 0; i < r->m.nfiles; i++) {
		const pcfi_vfy_file *f = &r->m.files[i];
		long k = pcf_bundle_view_find(r->view, f->path);
		size_t len;
		char got[65], want[65];

		if (k < 0)
			continue;   /* withheld (step_entries): the manifest's digest stands for it */
		pcf_bundle_view_data(r->view, (size_t)k, &len);
		if ((uint64_t)len != f->size) {
			pcfi_vd_hard(r->vd, CK_DIGESTS, PCF_REASON_ENTRY_SIZE, "'%s' is %zu bytes, the manifest says %llu", f->path, len,
			     (unsigned long long)f->size);
			return;
		}
		if (memcmp(pcf_bundle_view_sha256(r->view, (size_t)k), f->sha256, 32)) {
			pcfi_hex_encode(pcf_bundle_view_sha256(r->view, (size_t)k), 32, got);
			pcfi_hex_encode(f->sha256, 32, want);
			pcfi_vd_hard(r->vd, CK_DIGESTS, PCF_REASON_ENTRY_DIGEST, "'%s' has SHA-256 %s, the manifest says %s", f->path, got,
			     want);
			return;
		}
	}
	if (r->vd->nwithheld)
		pcfi_vd_detail(r->vd, CK_DIGESTS, PCF_VERIFY_PASS, "size and SHA-256 of the %zu files present match the manifest",
		               r->m.nfiles - r->vd->nwithheld);
	else
		pcfi_vd_detail(r->vd, CK_DIGESTS, PCF_VERIFY_PASS, "size and SHA-256 of all %zu files match the manifest",
		               r->m.nfiles);
}

/* The manifest's summary must equal the result it summarises (verify_manifest.c); run after the
 * signature, so that a manifest edited after signing stays "signature-invalid". */
static void step_summary(run *r)
{
	long ri = pcf_bundle_view_find(r->view, "result.json"), ii = pcf_bundle_view_find(r->view, "inventory.yaml");
	size_t len0 = 0;
	const unsigned char *rd = pcf_bundle_view_data(r->view, (size_t)ri, &len0);
	pcf_reason reason = PCF_REASON_NONE;
	pcf_error e;
	char where[PCF_ERROR_MSG_MAX + 600];

	const pcfi_vfy_file *inv = manifest_file(&r->m, PCF_BUNDLE_INVENTORY);

	pcf_error_clear(&e);
	/* A withheld inventory: the result must still name the one the signed manifest lists. */
	if (pcfi_vfy_manifest_check_result(&r->m, rd, len0,
	                                   ii >= 0 ? pcf_bundle_view_sha256(r->view, (size_t)ii) : inv ? inv->sha256 : NULL,
	                                   &reason, &e)) {
		pcf_error_format(&e, where, sizeof where);
		pcfi_vd_hard(r->vd, CK_MANIFEST, reason ? reason : PCF_REASON_INTERNAL, "%s", where);
	}
}

static void step_pcf_validity(run *r)
{
	int64_t now = r->v->opts.at_set ? r->v->opts.at : (int64_t)time(NULL);
	pcf_verdict *vd = r->vd;

	/* Same semantics as the X.509 checks: valid from valid-from, expired at the valid-until second. */
	if (now < r->m.valid_from)
		pcfi_vd_soft(vd, CK_PCF_VALIDITY, PCF_REASON_PCF_NOT_YET_VALID, &vd->soft_pcf_time, &vd->soft_msg_pcf_time,
		     "the PCF certificate is valid from %s", r->m.valid_from_text);
	else if (now >= r->m.valid_until)
		pcfi_vd_soft(vd, CK_PCF_VALIDITY, PCF_REASON_PCF_EXPIRED, &vd->soft_pcf_time, &vd->soft_msg_pcf_time,
		     "the PCF certificate expired at %s", r->m.valid_until_text);
	else
		pcfi_vd_detail(vd, CK_PCF_VALIDITY, PCF_VERIFY_PASS, "valid from %s until %s", r->m.valid_from_text,
		           r->m.valid_until_text);
}

/* ---- supplier trees (format 1.2) ---- */

static pcf_status verify_run(const pcf_verifier *v, const char *name, const unsigned char *data, size_t len,
                             int structure_only, pcf_verdict **out, pcf_bundle_view **view_out,
                             pcfi_vfy_manifest *man_out, pcfi_tree *tree, size_t depth, const char *tree_path,
                             double share, pcf_error *err);

/* The label of a node in a tree path: the ref's file name without ".pcfb" (root: the bundle's). */
static void node_label(const char *ref, char *buf, size_t len)
{
	const char *b = strrchr(ref, '/');
	size_t l;

	b = b ? b + 1 : ref;
	l = strlen(b);
	if (l > 5 && !strcmp(b + l - 5, ".pcfb"))
		l -= 5;
	snprintf(buf, len, "%.*s", (int)(l > 200 ? 200 : l), b);
}

static char *vasprintf_or_null(const char *fmt, ...) PCFI_PRINTF(1, 2);
static char *vasprintf_or_null(const char *fmt, ...)
{
	char buf[PCF_ERROR_MSG_MAX + 1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return strdup(buf);
}

/* Judge one supplier bundle (a new node) with the verifier, recursively. */
/* Does data (len bytes) start, after blanks, with '{' or '[' (a PACT JSON file, not a tar archive)? */
static int json_start(const unsigned char *data, size_t len)
{
	size_t w = 0;
	while (w < len && (data[w] == ' ' || data[w] == '\t' || data[w] == '\n' || data[w] == '\r'))
		w++;
	return w < len && (data[w] == '{' || data[w] == '[');
}

static void judge_node(run *r, size_t ni, const char *path, double share, const unsigned char *data, size_t len)
{
	pcfi_tree *t = r->tree;
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcf_error e;
	pcfi_tree_node *n;

	memset(&m, 0, sizeof m);
	pcf_error_clear(&e);
	if (json_start(data, len)) {
		/* suppliers/<sha256>.json: a PACT ProductFootprint (supplier: {pact: PATH}). Its digest was
		 * checked with the manifest; it is not a certificate: nothing to verify, reported unverified. */
		n = &t->nodes[ni];
		n->done = 1;
		n->code = PCF_VERDICT_UNVERIFIED;
		n->recompute = "unverified-secondary-data";
		if (pcfi_supplier_pact_read(path, data, len, n->sha, &n->figs, &e) != PCF_OK) {
			n->reason = PCF_REASON_SUPPLIER_INVALID;
			n->msg = vasprintf_or_null("a supplier's PACT footprint is invalid: %s: %s", path, e.message);
			return;
		}
		n->ok = 1;
		n->total = n->figs.s.total;
		n->unit = strdup("kg CO2e");
		n->body = n->figs.s.body_org ? strdup(n->figs.s.body_org) : NULL;
		(void)share;
		return;
	}
	if (verify_run(r->v, path, data, len, 0, &vd, &view, &m, t, r->depth + 1, path, share, &e) != PCF_OK || !vd) {
		n = &t->nodes[ni];
		n->reason = PCF_REASON_SUPPLIER_INVALID;
		n->msg = vasprintf_or_null("a supplier's certificate is invalid: %s: %s", path, e.message);
		n->done = 1;
		return;
	}
	n = &t->nodes[ni];   /* the recursion may have grown the array */
	n->code = vd->code;
	n->recompute = vd->recompute_status;
	n->total = vd->has_manifest ? vd->total : NAN;
	n->unit = vd->unit ? strdup(vd->unit) : NULL;
	n->body = vd->issuer ? strdup(vd->issuer) : NULL;
	n->certificate_id = vd->certificate_id ? strdup(vd->certificate_id) : NULL;
	n->issuer = vd->issuer ? strdup(vd->issuer) : NULL;
	n->issued_at = vd->issued_at ? strdup(vd->issued_at) : NULL;
	n->has_body = vd->has_body;
	memcpy(n->body_subject, vd->body_subject, 32);
	memcpy(n->body_ca, vd->body_ca, 32);
	if (vd->code == PCF_VERDICT_VALID) {
		pcf_error fe;
		if (view && pcfi_supplier_figs_read(&m, view, n->sha, PCF_SUPPLIER_VERIFIED, &n->figs, &fe) == PCF_OK) {
			n->ok = 1;
			pcfi_supplier_figs_quality(&n->figs, view, pcfi_vfy_recomputer_factors(r->v->recomputer));
		} else {
			n->reason = PCF_REASON_SUPPLIER_INVALID;
			n->msg = vasprintf_or_null("a supplier's certificate is invalid: %s: %s", path,
			                           view ? fe.message : "its contents were not handed back");
		}
	} else if (vd->reason == PCF_REASON_SUPPLIER_INVALID || vd->reason == PCF_REASON_SUPPLIER_UNTRUSTED ||
	           vd->reason == PCF_REASON_SUPPLIER_LIMIT) {
		/* deeper in the tree: its message names the path already */
		n->reason = vd->reason;
		n->msg = strdup(vd->message ? vd->message : "");
	} else if (vd->reason == PCF_REASON_CHAIN_UNTRUSTED) {
		n->reason = PCF_REASON_SUPPLIER_UNTRUSTED;
		n->msg = vasprintf_or_null("a supplier's body is not trusted by you: %s: %s", path, vd->message);
	} else {
		n->reason = PCF_REASON_SUPPLIER_INVALID;
		n->msg = vasprintf_or_null("a supplier's certificate is invalid: %s: %s (%s): %s", path,
		                           pcf_verdict_code_name(vd->code), pcf_reason_name(vd->reason), vd->message);
	}
	n->done = 1;
	pcf_verdict_free(vd);
	pcf_bundle_view_free(view);
	if (view)
		pcfi_vfy_manifest_free(&m);
}

/*
 * The share of the root's total that the supplier ref brings into this node: this node's own share
 * times the ref's lci-contribution (result.json "suppliers", summed over its inputs) over this
 * node's total. NaN when a number is missing or the total is 0.
 */
static double contribution_share(const run *r, const char *ref)
{
	long ri = pcf_bundle_view_find(r->view, "result.json");
	const unsigned char *d;
	size_t len = 0, i;
	json_t *root, *arr;
	double sum = 0;
	int found = 0;

	if (ri < 0 || isnan(r->share) || !(r->m.total != 0))
		return NAN;
	d = pcf_bundle_view_data(r->view, (size_t)ri, &len);
	if (!(root = json_loadb((const char *)d, len, 0, NULL)))
		return NAN;
	arr = json_object_get(root, "suppliers");
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i), *c = json_object_get(o, "lci-contribution");
		const char *rf = json_string_value(json_object_get(o, "ref"));
		if (rf && !strcmp(rf, ref) && json_is_number(c)) {
			sum += json_number_value(c);
			found = 1;
		}
	}
	json_decref(root);
	return found ? r->share * sum / r->m.total : NAN;
}

/*
 * Every supplier the manifest lists, verified under this verifier (each distinct digest once per
 * top-level verification): 0 when all are valid (r->sup_nodes then gives their nodes, in manifest
 * order), else -1 after a hard failure naming the path.
 */
static int step_suppliers(run *r, const pcfi_tree_node ***nodes_out)
{
	pcf_verdict *vd = r->vd;
	pcfi_tree *t = r->tree;
	size_t *idx, i, k;
	const pcfi_tree_node **nodes;
	char label[256];

	*nodes_out = NULL;
	if (!t) {
		/* the root of a tree: its state lives as long as this verification */
		if (!(t = calloc(1, sizeof *t))) {
			pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_INTERNAL, "out of memory");
			return -1;
		}
		t->max_depth = r->v->opts.max_supplier_depth ? r->v->opts.max_supplier_depth : PCF_SUPPLIER_DEPTH_MAX;
		t->max_nodes = r->v->opts.max_supplier_nodes ? r->v->opts.max_supplier_nodes : PCF_SUPPLIER_NODES_MAX;
		t->max_bytes = r->v->opts.max_supplier_bytes ? r->v->opts.max_supplier_bytes : r->v->opts.limits.max_input_bytes;
		r->tree = t;
		vd->tree = t;   /* the verdict owns it (pcf verify --tree) */
		node_label(r->name, label, sizeof label);
		r->tree_path = vd->tree_root = strdup(label);
		if (!r->tree_path) {
			pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_INTERNAL, "out of memory");
			return -1;
		}
	}
	if (r->depth + 1 > t->max_depth) {
		pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_SUPPLIER_LIMIT,
		             "the supplier tree is deeper than the limit of %zu below %s (docs/limits.md)", t->max_depth,
		             r->tree_path);
		return -1;
	}
	idx = calloc(r->m.nsuppliers, sizeof *idx);
	nodes = calloc(r->m.nsuppliers, sizeof *nodes);
	if (!idx || !nodes) {
		free(idx);
		free(nodes);
		pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_INTERNAL, "out of memory");
		return -1;
	}
	for (i = 0; i < r->m.nsuppliers && !vd->hard; i++) {
		const struct pcfi_vfy_supplier *sp = &r->m.suppliers[i];
		char name[96], *path;
		long ei;
		const unsigned char *data;
		size_t len = 0, oi;
		int is_new;

		snprintf(name, sizeof name, "suppliers/%s.pcfb", sp->hex);
		node_label(sp->ref, label, sizeof label);
		path = vasprintf_or_null("%s > %s", r->tree_path, label);
		ei = pcf_bundle_view_find(r->view, name);
		if (ei < 0) { /* a PACT ProductFootprint (format 1.2) */
			snprintf(name, sizeof name, "suppliers/%s.json", sp->hex);
			ei = pcf_bundle_view_find(r->view, name);
		}
		if (!path || ei < 0) {
			free(path);
			pcfi_vd_hard(vd, CK_RECOMPUTE, ei < 0 ? PCF_REASON_ENTRY_MISSING : PCF_REASON_INTERNAL,
			             "supplier %s: no entry %s", sp->ref, name);
			break;
		}
		data = pcf_bundle_view_data(r->view, (size_t)ei, &len);
		for (k = 0; k < t->nnodes && memcmp(t->nodes[k].sha, sp->sha256, 32); k++)
			;
		is_new = k == t->nnodes;
		if (is_new) {
			if (t->nnodes + 1 > t->max_nodes || t->bytes + len > t->max_bytes) {
				pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_SUPPLIER_LIMIT,
				             "%s: the supplier tree has more %s than the limit of %llu (docs/limits.md)", path,
				             t->nnodes + 1 > t->max_nodes ? "distinct bundles" : "bytes",
				             t->nnodes + 1 > t->max_nodes ? (unsigned long long)t->max_nodes
				                                          : (unsigned long long)t->max_bytes);
				free(path);
				break;
			}
			if (t->nnodes == t->capnodes) {
				size_t nc = t->capnodes ? 2 * t->capnodes : 8;
				pcfi_tree_node *g = realloc(t->nodes, nc * sizeof *g);
				if (!g) {
					free(path);
					pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_INTERNAL, "out of memory");
					break;
				}
				t->nodes = g;
				t->capnodes = nc;
			}
			memset(&t->nodes[k], 0, sizeof t->nodes[k]);
			memcpy(t->nodes[k].sha, sp->sha256, 32);
			t->nodes[k].code = PCF_VERDICT_INVALID;
			t->nodes[k].total = NAN;
			t->nnodes++;
			t->bytes += len;
		}
		/* where it was reached, in order (before its own suppliers: a pre-order walk) */
		if (t->nocc == t->capocc) {
			size_t nc = t->capocc ? 2 * t->capocc : 8;
			pcfi_tree_occ *g = realloc(t->occ, nc * sizeof *g);
			if (!g) {
				free(path);
				pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_INTERNAL, "out of memory");
				break;
			}
			t->occ = g;
			t->capocc = nc;
		}
		oi = t->nocc++;
		t->occ[oi].depth = r->depth + 1;
		t->occ[oi].node = k;
		t->occ[oi].path = path;
		t->occ[oi].share = NAN;
		t->occ[oi].share = contribution_share(r, sp->ref);
		if (is_new) {
			judge_node(r, k, path, t->occ[oi].share, data, len);
		} else if (!t->nodes[k].done) {
			/* reached again while it is being verified: it contains itself through digests */
			pcfi_vd_hard(vd, CK_RECOMPUTE, PCF_REASON_SUPPLIER_INVALID,
			             "a supplier's certificate is invalid: %s: the tree is a cycle (it contains itself)", path);
			break;
		}
		if (!t->nodes[k].ok) {
			pcfi_vd_hard(vd, CK_RECOMPUTE, t->nodes[k].reason ? t->nodes[k].reason : PCF_REASON_SUPPLIER_INVALID,
			             "%s", t->nodes[k].msg ? t->nodes[k].msg : "a supplier's certificate is invalid");
			break;
		}
		idx[i] = k;
	}
	if (vd->hard) {
		free(idx);
		free(nodes);
		return -1;
	}
	for (i = 0; i < r->m.nsuppliers; i++)
		nodes[i] = &t->nodes[idx[i]];
	free(idx);
	*nodes_out = nodes;
	return 0;
}

/* The recomputation's supplier resolver: the ref's embedded certificate, verified above. */
static pcf_status embedded_resolve(void *arg, const char *ref, const char *path, pcf_supplier *out, pcf_error *err)
{
	const run *r = arg;
	size_t i;

	(void)path;
	for (i = 0; i < r->m.nsuppliers; i++)
		if (!strcmp(r->m.suppliers[i].ref, ref)) {
			*out = r->sup_nodes[i]->figs.s;
			return PCF_OK;
		}
	return pcfi_error(err, PCF_E_NOTFOUND, "the bundle embeds no supplier certificate for '%s' (manifest suppliers)",
	                  ref);
}

static void step_recompute(run *r)
{
	pcf_verdict *vd = r->vd;
	const unsigned char *inv, *res;
	size_t invlen, reslen;
	const unsigned char *fac = NULL;
	size_t faclen = 0;
	char note[1024], fnote[1024];
	long ki, kf;
	int rc;

	const pcfi_tree_node **sup_nodes = NULL;
	pcf_supplier_resolver sup = { embedded_resolve, r };

	if (r->m.nsuppliers) {
		/* the whole tree first, under this verifier's policy: a supplier that fails fails this bundle */
		if (step_suppliers(r, &sup_nodes) != 0)
			return;
		r->sup_nodes = sup_nodes;
	}
	if (r->v->opts.no_recompute) {
		free(sup_nodes);
		pcfi_vd_detail(vd, CK_RECOMPUTE, PCF_VERIFY_SKIPPED, "not recomputed: --no-recompute");
		vd->note = strdup("not recomputed: --no-recompute");
		vd->recompute_status = "skipped";
		return;
	}
	ki = pcf_bundle_view_find(r->view, "inventory.yaml");
	kf = pcf_bundle_view_find(r->view, PCF_BUNDLE_FACTORS);
	if (ki < 0 || (kf < 0 && manifest_file(&r->m, PCF_BUNDLE_FACTORS))) {
		/* Withheld by the supplier (pcf redact): informational, the signed result stands. */
		snprintf(note, sizeof note, "recomputation not possible: %s withheld by the supplier",
		         ki < 0 ? "inventory" : "the factors the result used (" PCF_BUNDLE_FACTORS ")");
		vd->recompute_status = pcf_reason_name(PCF_REASON_INVENTORY_WITHHELD);
		pcfi_vd_detail(vd, CK_RECOMPUTE, PCF_VERIFY_SKIPPED, "%s", note);
		vd->note = pcfi_vfy_clean(note);
		free(sup_nodes);
		r->sup_nodes = NULL;
		return;
	}
	inv = pcf_bundle_view_data(r->view, (size_t)ki, &invlen);
	if (kf >= 0 && !(fac = pcf_bundle_view_data(r->view, (size_t)kf, &faclen)))
		fac = (const unsigned char *)"";   /* an empty factors.json is still the bundle's (and fails to load) */
	res = pcf_bundle_view_data(r->view, (size_t)pcf_bundle_view_find(r->view, "result.json"), &reslen);
	note[0] = fnote[0] = 0;
	rc = pcfi_vfy_recompute(r->v->recomputer, r->m.method_id, r->m.method_version, inv, invlen,
	                        pcf_bundle_view_sha256(r->view, (size_t)ki), fac, faclen, res, reslen,
	                        sup_nodes ? &sup : NULL, note, sizeof note, fnote, sizeof fnote);
	free(sup_nodes);
	r->sup_nodes = NULL;
	if (fnote[0])
		vd->factor_note = pcfi_vfy_clean(fnote);
	if (rc == PCFI_RECOMPUTE_MATCH) {
		vd->recomputed = 1;
		vd->recompute_status = "identical";
		pcfi_vd_detail(vd, CK_RECOMPUTE, PCF_VERIFY_PASS, "%s%s%s", note, fnote[0] ? "; for information: " : "", fnote);
	} else if (rc == PCFI_RECOMPUTE_UNAVAILABLE) {
		vd->recompute_status = pcf_reason_name(PCF_REASON_NOT_RECOMPUTABLE);
		pcfi_vd_detail(vd, CK_RECOMPUTE, PCF_VERIFY_SKIPPED, "%s", note);
		vd->note = pcfi_vfy_clean(note);
	} else if (rc == PCFI_RECOMPUTE_MISMATCH) {
		vd->recompute_status = pcf_reason_name(PCF_REASON_RECOMPUTE_MISMATCH);
		pcfi_vd_soft(vd, CK_RECOMPUTE, PCF_REASON_RECOMPUTE_MISMATCH, &vd->soft_recompute, &vd->soft_msg_recompute, "%s", note);
	} else if (rc == PCFI_RECOMPUTE_ABORTED) {
		vd->recompute_status = pcf_reason_name(PCF_REASON_RECOMPUTE_ABORTED);
		pcfi_vd_soft(vd, CK_RECOMPUTE, PCF_REASON_RECOMPUTE_ABORTED, &vd->soft_recompute, &vd->soft_msg_recompute, "%s", note);
	} else {
		vd->recompute_status = pcf_reason_name(PCF_REASON_RECOMPUTE_FAILED);
		pcfi_vd_soft(vd, CK_RECOMPUTE, PCF_REASON_RECOMPUTE_FAILED, &vd->soft_recompute, &vd->soft_msg_recompute, "%s", note);
	}
}

/* Run the checks on data (structure_only 1: archive, manifest, entries, digests; 2: archive and
 * manifest only). Hands back the view and manifest when asked (inspect, extract). */
static pcf_status verify_run(const pcf_verifier *v, const char *name, const unsigned char *data, size_t len,
                             int structure_only, pcf_verdict **out, pcf_bundle_view **view_out,
                             pcfi_vfy_manifest *man_out, pcfi_tree *tree, size_t depth, const char *tree_path,
                             double share, pcf_error *err)
{
	pcf_verifier sv;
	pcf_verdict *vd;
	run r;

	*out = NULL;
	vd = calloc(1, sizeof *vd);
	if (!vd || !(vd->bundle = strdup(name ? name : "bundle"))) {
		free(vd);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	/* Nothing is valid until pcfi_vd_decide() says so. */
	vd->code = PCF_VERDICT_INVALID;
	vd->reason = PCF_REASON_INTERNAL;
	memset(&r, 0, sizeof r);
	r.vd = vd;
	r.name = vd->bundle;
	r.structure_only = structure_only;
	r.tree = tree;
	r.depth = depth;
	r.tree_path = tree_path;
	r.share = tree ? share : 1.0;   /* the root is the whole */
	if (v) {
		r.v = v;
	} else {
		/* Structure only (extract --unverified): default limits, no trust, nothing else. */
		memset(&sv, 0, sizeof sv);
		pcf_verify_limits_fill(&sv.opts.limits);
		r.v = &sv;
	}

	step_archive(&r, data, len);
	if (!vd->hard)
		step_manifest(&r);
	if (!vd->hard && structure_only != 2)
		step_entries(&r);
	if (!vd->hard && structure_only != 2)
		step_digests(&r);
	if (!vd->hard && structure_only == 1)
		step_summary(&r);
	if (!structure_only) {
		if (!vd->hard)
			pcfi_vfy_step_signature(&r);
		if (!vd->hard)
			step_summary(&r);
		if (!vd->hard)
			pcfi_vfy_step_signer(&r);
		if (!vd->hard)
			pcfi_vfy_step_chain(&r);
		if (!vd->hard)
			pcfi_vfy_step_issuer_name(&r);
		if (!vd->hard)
			step_pcf_validity(&r);
		if (!vd->hard)
			step_recompute(&r);
	}
	if (!structure_only && !vd->hard)   /* the status step (after the decision) says more when it runs */
		pcfi_vd_detail(vd, CK_STATUS, PCF_VERIFY_SKIPPED, r.v->opts.status_lists ? "not checked" :
		               "not checked: no status list given (--status)");
	pcfi_vd_decide(vd, structure_only);
	if (!structure_only && r.v->opts.status_lists && r.have_manifest)   /* status lists (pcf/status.h) */
		pcfi_status_step(r.v->opts.status_lists, r.v->trust, r.v->opts.no_revocation_check, vd, r.man, r.manlen, r.leaf,
		                 r.v->opts.at_set ? r.v->opts.at : (int64_t)time(NULL));

	if (r.cms)
		CMS_ContentInfo_free(r.cms);
	sk_X509_pop_free(r.certs, X509_free);
	if (view_out && !vd->hard) {
		*view_out = r.view;
		r.view = NULL;
	}
	if (man_out && r.have_manifest && !vd->hard) {
		*man_out = r.m;
		r.have_manifest = 0;
	}
	if (r.have_manifest)
		pcfi_vfy_manifest_free(&r.m);
	pcf_bundle_view_free(r.view);
	ERR_clear_error();
	*out = vd;
	return PCF_OK;
}

pcf_status pcfi_vfy_run(const pcf_verifier *v, const char *name, const unsigned char *data, size_t len,
                        int structure_only, pcf_verdict **out, pcf_bundle_view **view_out, pcfi_vfy_manifest *man_out,
                        pcf_error *err)
{
	return verify_run(v, name, data, len, structure_only, out, view_out, man_out, NULL, 0, NULL, 1.0, err);
}

pcf_status pcf_verify_memory(const pcf_verifier *v, const char *name, const void *data, size_t len, pcf_verdict **out,
                             pcf_error *err)
{
	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_memory: NULL argument");
	*out = NULL;
	if (!v || (!data && len))
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_memory: NULL argument");
	return verify_run(v, name, data, len, 0, out, NULL, NULL, NULL, 0, NULL, 1.0, err);
}

/* A verdict for a bundle that could not be read at all. */
pcf_status pcfi_vfy_unreadable(const char *name, pcf_reason reason, const pcf_error *e, pcf_verdict **out, pcf_error *err)
{
	pcf_verdict *vd = calloc(1, sizeof *vd);
	char msg[PCF_ERROR_MSG_MAX + 600];

	*out = NULL;
	if (!vd || !(vd->bundle = strdup(name))) {
		free(vd);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	/* The bundle's name starts the verdict line already: the message alone, without the file. */
	snprintf(msg, sizeof msg, "%s", e->message);
	pcfi_vd_hard(vd, CK_ARCHIVE, reason, "%s", msg);
	pcfi_vd_decide(vd, 0);
	*out = vd;
	return PCF_OK;
}

pcf_status pcf_verify_file(const pcf_verifier *v, const char *path, pcf_verdict **out, pcf_error *err)
{
	unsigned char *data;
	size_t len;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_error e;
	pcf_status st;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_file: NULL argument");
	*out = NULL;
	if (!v || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_file: NULL argument");
	pcf_error_clear(&e);
	/* "-" is standard input, read within the same limit as a file and named "stdin" in the verdict. */
	if (pcfi_bundle_read_input_or_stdin(path, v->opts.limits.max_input_bytes, &data, &len, &reason, &e) != PCF_OK)
		return pcfi_vfy_unreadable(strcmp(path, "-") ? path : "stdin", reason, &e, out, err);
	st = verify_run(v, strcmp(path, "-") ? path : "stdin", data, len, 0, out, NULL, NULL, NULL, 0, NULL, 1.0, err);
	free(data);
	return st;
}

void pcfi_vfy_limits(const pcf_verifier *v, pcf_verify_limits *out)
{
	if (v) {
		*out = v->opts.limits;
	} else {
		memset(out, 0, sizeof *out);
		pcf_verify_limits_fill(out);
	}
}
