/*
 * verdict.c - the verdict object: the names of checks, reasons and verdicts, how the steps record
 * hard and soft failures, the final decision (valid only once every check passed or was skipped),
 * supersession within a batch, and the JSON form. Text quoted from a bundle is made safe to print.
 */
#include "config.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "base/jsonw.h"
#include "base/hex.h"
#include "verify/verdict.h"
#include "verify/verify_run.h"
#include "verify/verify_impl.h"
#include "verify/status_check.h"

const char *const pcfi_vfy_check_names[CK_N] = {
	"archive", "manifest", "entries", "digests", "signature", "algorithms", "signer", "chain",
	"revocation", "certificate-validity", "pcf-validity", "recompute", "status"
};

static const char *const reason_names[PCF_REASON_COUNT_] = {
	[PCF_REASON_NONE] = "none",
	[PCF_REASON_IO] = "io-error",
	[PCF_REASON_INPUT_TOO_LARGE] = "input-too-large",
	[PCF_REASON_ARCHIVE_FORMAT] = "archive-format",
	[PCF_REASON_ARCHIVE_MALFORMED] = "archive-malformed",
	[PCF_REASON_ARCHIVE_TRUNCATED] = "archive-truncated",
	[PCF_REASON_ARCHIVE_TRAILING_DATA] = "archive-trailing-data",
	[PCF_REASON_ENTRY_COUNT] = "entry-count-limit",
	[PCF_REASON_ENTRY_HEADER_TOO_LARGE] = "entry-header-too-large",
	[PCF_REASON_ENTRY_TOO_LARGE] = "entry-too-large",
	[PCF_REASON_TOTAL_TOO_LARGE] = "total-size-limit",
	[PCF_REASON_ENTRY_NOT_REGULAR] = "entry-not-regular",
	[PCF_REASON_ENTRY_NAME] = "entry-name-invalid",
	[PCF_REASON_ENTRY_DUPLICATE] = "entry-duplicate",
	[PCF_REASON_ENTRY_DUPLICATE_CASE] = "entry-duplicate-casefold",
	[PCF_REASON_MANIFEST_MISSING] = "manifest-missing",
	[PCF_REASON_SIGNATURE_MISSING] = "signature-missing",
	[PCF_REASON_MANIFEST_SYNTAX] = "manifest-syntax",
	[PCF_REASON_MANIFEST_KIND] = "manifest-kind",
	[PCF_REASON_MANIFEST_VERSION] = "manifest-version",
	[PCF_REASON_MANIFEST_FIELD] = "manifest-field",
	[PCF_REASON_ENTRY_UNLISTED] = "entry-unlisted",
	[PCF_REASON_ENTRY_MISSING] = "entry-missing",
	[PCF_REASON_ENTRY_SIZE] = "entry-size-mismatch",
	[PCF_REASON_ENTRY_DIGEST] = "entry-digest-mismatch",
	[PCF_REASON_SIGNATURE_MALFORMED] = "signature-malformed",
	[PCF_REASON_SIGNATURE_NOT_DETACHED] = "signature-not-detached",
	[PCF_REASON_SIGNATURE_CONTENT_TYPE] = "signature-content-type",
	[PCF_REASON_SIGNATURE_SIGNER_COUNT] = "signature-signer-count",
	[PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS] = "signature-no-signed-attributes",
	[PCF_REASON_TIMESTAMP_INVALID] = "timestamp-invalid",
	[PCF_REASON_SIGNATURE_INVALID] = "signature-invalid",
	[PCF_REASON_ALGORITHM] = "algorithm-not-allowed",
	[PCF_REASON_KEY] = "key-not-allowed",
	[PCF_REASON_CERTIFICATE_LIMIT] = "certificate-limit",
	[PCF_REASON_SIGNER_MISSING] = "signer-certificate-missing",
	[PCF_REASON_SIGNER_NOT_LEAF] = "signer-not-leaf",
	[PCF_REASON_LEAF_EKU] = "leaf-eku",
	[PCF_REASON_LEAF_CA] = "leaf-is-ca",
	[PCF_REASON_LEAF_KEY_USAGE] = "leaf-key-usage",
	[PCF_REASON_ISSUER_MISMATCH] = "issuer-mismatch",
	[PCF_REASON_CHAIN_UNTRUSTED] = "chain-untrusted",
	[PCF_REASON_CHAIN_TOO_DEEP] = "chain-too-deep",
	[PCF_REASON_CHAIN_INVALID] = "chain-invalid",
	[PCF_REASON_REVOCATION_UNAVAILABLE] = "revocation-unavailable",
	[PCF_REASON_CRL_INVALID] = "crl-invalid",
	[PCF_REASON_CERT_EXPIRED] = "certificate-expired",
	[PCF_REASON_CERT_NOT_YET_VALID] = "certificate-not-yet-valid",
	[PCF_REASON_CERT_REVOKED] = "certificate-revoked",
	[PCF_REASON_PCF_EXPIRED] = "pcf-expired",
	[PCF_REASON_PCF_NOT_YET_VALID] = "pcf-not-yet-valid",
	[PCF_REASON_SUPERSEDED] = "superseded",
	[PCF_REASON_RECOMPUTE_MISMATCH] = "recompute-mismatch",
	[PCF_REASON_RECOMPUTE_FAILED] = "recompute-failed",
	[PCF_REASON_INTERNAL] = "internal-error",
	[PCF_REASON_SIGNATURE_NOT_DER] = "signature-not-der",
	[PCF_REASON_SIGNATURE_PROFILE] = "signature-profile",
	[PCF_REASON_SIGNATURE_CERTIFICATES] = "signature-certificates",
	[PCF_REASON_SIGNING_TIME] = "signing-time",
	[PCF_REASON_SIGNED_ATTRIBUTES] = "signed-attributes",
	[PCF_REASON_MANIFEST_RESULT] = "manifest-result-mismatch",
	[PCF_REASON_ARCHIVE_PROFILE] = "archive-header-profile",
	[PCF_REASON_ENTRY_NAME_CONFLICT] = "entry-name-conflict",
	[PCF_REASON_STATUS_SUSPENDED] = "suspended",
	[PCF_REASON_STATUS_WITHDRAWN] = "withdrawn",
	[PCF_REASON_STATUS_LIST_MALFORMED] = "status-list-malformed",
	[PCF_REASON_STATUS_LIST_SIGNATURE] = "status-list-signature",
	[PCF_REASON_STATUS_LIST_UNTRUSTED] = "status-list-untrusted",
	[PCF_REASON_STATUS_LIST_OTHER_BODY] = "status-list-other-body",
	[PCF_REASON_STATUS_LIST_STALE] = "status-list-stale",
	[PCF_REASON_STATUS_LIST_PURPOSE] = "status-list-purpose",
	[PCF_REASON_STATUS_UNAVAILABLE] = "status-unavailable",
	[PCF_REASON_STATUS_ENTRY_MISSING] = "status-entry-missing",
	[PCF_REASON_NOT_RECOMPUTABLE] = "not-recomputable",
	[PCF_REASON_REVOCATION_EVIDENCE] = "revocation-evidence-invalid",
	[PCF_REASON_RECOMPUTE_ABORTED] = "recompute-aborted",
	[PCF_REASON_SUPPLIER_INVALID] = "supplier-invalid",
	[PCF_REASON_SUPPLIER_UNTRUSTED] = "supplier-untrusted",
	[PCF_REASON_SUPPLIER_LIMIT] = "supplier-tree-limit",
	[PCF_REASON_INVENTORY_WITHHELD] = "inventory-withheld",
	[PCF_REASON_ARCHIVE_LEADING_DATA] = "archive-leading-data",
};

const char *pcf_reason_name(pcf_reason r)
{
	if ((unsigned)r >= PCF_REASON_COUNT_ || !reason_names[r])
		return "unknown";
	return reason_names[r];
}

const char *pcf_verdict_code_name(pcf_verdict_code c)
{
	switch (c) {
	case PCF_VERDICT_VALID: return "valid";
	case PCF_VERDICT_INVALID: return "invalid";
	case PCF_VERDICT_EXPIRED: return "expired";
	case PCF_VERDICT_NOT_YET_VALID: return "not-yet-valid";
	case PCF_VERDICT_REVOKED: return "revoked";
	case PCF_VERDICT_SUPERSEDED: return "superseded";
	case PCF_VERDICT_MISMATCH: return "recompute-mismatch";
	case PCF_VERDICT_IO_ERROR: return "io-error";
	case PCF_VERDICT_UNVERIFIED: return "unverified";
	case PCF_VERDICT_SUSPENDED: return "suspended";
	case PCF_VERDICT_WITHDRAWN: return "withdrawn";
	}
	return "invalid";
}

const char *pcf_verify_outcome_name(pcf_verify_outcome o)
{
	switch (o) {
	case PCF_VERIFY_PASS: return "pass";
	case PCF_VERIFY_FAIL: return "fail";
	case PCF_VERIFY_SKIPPED: return "skipped";
	case PCF_VERIFY_NOT_RUN: break;
	}
	return "not-run";
}

/* ---- verdict bookkeeping ---- */

/* Length of the valid UTF-8 sequence at p (not a C1 control), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	/* Bidi and other invisible format controls (U+202E can spoof a product name on a terminal), line
	 * and paragraph separators: escaped like control characters, byte by byte. */
	if (cp == 0x61c || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb))
		return 0;
	return n;
}

char *pcfi_vfy_clean(const char *in)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t cap = strlen((const char *)p) * 4 + 1, o = 0, k;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	while (*p) {
		if (*p == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
			p++;
		} else if (*p >= 0x20 && *p < 0x7f) {
			out[o++] = (char)*p++;
		} else if (*p >= 0x80 && (k = utf8_len(p)) > 0) {
			memcpy(out + o, p, k);
			o += k;
			p += k;
		} else {
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", *p++);
		}
	}
	out[o] = 0;
	return out;
}

/* Format a message; what it quotes from the bundle is made safe to print. */
static char *vfmt(const char *fmt, va_list ap)
{
	char buf[2048];
	vsnprintf(buf, sizeof buf, fmt, ap);
	return pcfi_vfy_clean(buf);
}

void pcfi_vd_detail(pcf_verdict *vd, int ck, pcf_verify_outcome o, const char *fmt, ...)
{
	va_list ap;

	vd->outcome[ck] = o;
	free(vd->detail[ck]);
	vd->detail[ck] = NULL;
	if (fmt) {
		va_start(ap, fmt);
		vd->detail[ck] = vfmt(fmt, ap);
		va_end(ap);
	}
}

void pcfi_vd_hard(pcf_verdict *vd, int ck, pcf_reason reason, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vfmt(fmt, ap);
	va_end(ap);
	vd->outcome[ck] = PCF_VERIFY_FAIL;
	free(vd->detail[ck]);
	vd->detail[ck] = msg ? strdup(msg) : NULL;
	if (!vd->hard) {
		vd->hard = 1;
		vd->reason = reason;
		free(vd->message);
		vd->message = msg;
	} else {
		free(msg);
	}
}

void pcfi_vd_soft(pcf_verdict *vd, int ck, pcf_reason reason, pcf_reason *slot, char **slot_msg, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vfmt(fmt, ap);
	va_end(ap);
	vd->outcome[ck] = PCF_VERIFY_FAIL;
	free(vd->detail[ck]);
	vd->detail[ck] = msg ? strdup(msg) : NULL;
	if (*slot == PCF_REASON_NONE) {
		*slot = reason;
		*slot_msg = msg;
	} else {
		free(msg);
	}
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void pcf_verdict_free(pcf_verdict *vd)
{
	int i;

	if (!vd)
		return;
	for (i = 0; i < CK_N; i++)
		free(vd->detail[i]);
	free(vd->bundle);
	free(vd->message);
	free(vd->soft_msg_revoked);
	free(vd->soft_msg_cert_time);
	free(vd->soft_msg_pcf_time);
	free(vd->soft_msg_recompute);
	free(vd->note);
	free(vd->certificate_id);
	free(vd->supersedes);
	free(vd->issued_at);
	free(vd->valid_from);
	free(vd->valid_until);
	free(vd->issuer);
	free(vd->product_id);
	free(vd->product_name);
	free(vd->method_id);
	free(vd->method_version);
	free(vd->unit);
	free(vd->signer_subject);
	pcfi_tree_free(vd->tree);
	free(vd->tree_root);
	free(vd->superseded_by);
	for (i = 0; i < (int)vd->nwithheld; i++)
		free(vd->withheld[i]);
	free(vd->withheld);
	free(vd->factor_note);
	free(vd);
}

size_t pcf_verdict_withheld_count(const pcf_verdict *vd)
{
	return vd ? vd->nwithheld : 0;
}

const char *pcf_verdict_withheld(const pcf_verdict *vd, size_t i)
{
	return vd && i < vd->nwithheld ? vd->withheld[i] : NULL;
}

const char *pcf_verdict_factor_note(const pcf_verdict *vd)
{
	return vd && vd->factor_note ? vd->factor_note : "";
}

pcf_verdict_code pcf_verdict_get_code(const pcf_verdict *vd)
{
	return vd ? vd->code : PCF_VERDICT_INVALID;
}

pcf_reason pcf_verdict_get_reason(const pcf_verdict *vd)
{
	return vd ? vd->reason : PCF_REASON_INTERNAL;
}

const char *pcf_verdict_bundle(const pcf_verdict *vd)
{
	return vd && vd->bundle ? vd->bundle : "";
}

const char *pcf_verdict_message(const pcf_verdict *vd)
{
	return vd && vd->message ? vd->message : "";
}

const char *pcf_verdict_revocation_basis(const pcf_verdict *vd)
{
	switch (vd ? vd->revocation_basis : PCFI_REVOCATION_NONE) {
	case PCFI_REVOCATION_CURRENT: return "current";
	case PCFI_REVOCATION_SIGNING_TIME: return "signing-time";
	case PCFI_REVOCATION_MIXED: return "mixed";
	}
	return "none";
}

int pcf_verdict_revocation_checked(const pcf_verdict *vd)
{
	return vd ? vd->revocation_checked : 0;
}

int pcf_verdict_recomputed(const pcf_verdict *vd)
{
	return vd ? vd->recomputed : 0;
}

const char *pcf_verdict_recompute_status(const pcf_verdict *vd)
{
	return vd && vd->recompute_status ? vd->recompute_status : "not-run";
}

void pcfi_verdict_override(pcf_verdict *vd, pcf_verdict_code code, pcf_reason reason, const char *message)
{
	char *m = strdup(message ? message : "");

	if (!m)
		return;   /* out of memory: the verdict stays as decided */
	vd->code = code;
	vd->reason = reason;
	free(vd->message);
	vd->message = m;
}

const char *pcf_verdict_recompute_note(const pcf_verdict *vd)
{
	return vd && vd->note ? vd->note : "";
}

const char *pcf_verdict_certificate_id(const pcf_verdict *vd)
{
	return vd ? vd->certificate_id : NULL;
}

size_t pcf_verdict_check_count(const pcf_verdict *vd)
{
	return vd ? CK_N : 0;
}

pcf_status pcf_verdict_check(const pcf_verdict *vd, size_t i, const char **name, pcf_verify_outcome *outcome,
                             const char **detail)
{
	if (!vd || i >= CK_N)
		return PCF_E_ARG;
	if (name)
		*name = pcfi_vfy_check_names[i];
	if (outcome)
		*outcome = vd->outcome[i];
	if (detail)
		*detail = vd->detail[i] ? vd->detail[i] : "";
	return PCF_OK;
}

void pcfi_vd_decide(pcf_verdict *vd, int structure_only)
{
	int i;
	char **slot = NULL;

	if (vd->hard) {
		vd->code = vd->reason == PCF_REASON_IO ? PCF_VERDICT_IO_ERROR : PCF_VERDICT_INVALID;
		return;
	}
	if (vd->soft_revoked) {
		vd->code = PCF_VERDICT_REVOKED;
		vd->reason = vd->soft_revoked;
		slot = &vd->soft_msg_revoked;
	} else if (vd->soft_cert_time) {
		vd->code = vd->soft_cert_time == PCF_REASON_CERT_EXPIRED ? PCF_VERDICT_EXPIRED : PCF_VERDICT_NOT_YET_VALID;
		vd->reason = vd->soft_cert_time;
		slot = &vd->soft_msg_cert_time;
	} else if (vd->soft_pcf_time) {
		vd->code = vd->soft_pcf_time == PCF_REASON_PCF_EXPIRED ? PCF_VERDICT_EXPIRED : PCF_VERDICT_NOT_YET_VALID;
		vd->reason = vd->soft_pcf_time;
		slot = &vd->soft_msg_pcf_time;
	} else if (vd->soft_recompute) {
		vd->code = PCF_VERDICT_MISMATCH;
		vd->reason = vd->soft_recompute;
		slot = &vd->soft_msg_recompute;
	}
	if (slot) {
		free(vd->message);
		vd->message = *slot;
		*slot = NULL;
		return;
	}
	for (i = 0; i < (structure_only == 2 ? CK_ENTRIES : structure_only ? CK_SIGNATURE : CK_N); i++)
		if (vd->outcome[i] != PCF_VERIFY_PASS && vd->outcome[i] != PCF_VERIFY_SKIPPED) {
			vd->code = PCF_VERDICT_INVALID;
			vd->reason = PCF_REASON_INTERNAL;
			free(vd->message);
			vd->message = NULL;
			{
				char buf[128];
				snprintf(buf, sizeof buf, "internal error: check '%s' did not complete", pcfi_vfy_check_names[i]);
				vd->message = strdup(buf);
			}
			return;
		}
	vd->code = structure_only ? PCF_VERDICT_UNVERIFIED : PCF_VERDICT_VALID;
	vd->reason = PCF_REASON_NONE;
	free(vd->message);
	vd->message = strdup(structure_only ? "the signature, chain and revocation were not checked" : "");
}

/* Whether nw (a valid verdict) supersedes the certificate old_id of the body (issuer, issued_at, subject, ca). */
static int supersedes(const pcf_verdict *nw, const char *old_id, const char *issuer, const char *issued_at,
                      int has_body, const unsigned char *subject, const unsigned char *ca)
{
	if (!nw || nw->code != PCF_VERDICT_VALID || !nw->supersedes || !old_id || strcmp(nw->supersedes, old_id))
		return 0;
	/* Only a newer certificate from the same issuing body can supersede (see below). */
	if (!nw->issuer || !issuer || strcmp(nw->issuer, issuer) || !nw->issued_at || !issued_at ||
	    strcmp(nw->issued_at, issued_at) < 0)
		return 0;
	return nw->has_body && has_body && !memcmp(nw->body_subject, subject, 32) && !memcmp(nw->body_ca, ca, 32);
}

/*
 * Supplier trees in a batch: a valid bundle whose tree holds a supplier certificate that another
 * valid bundle of the batch supersedes fails with supplier-invalid, naming the supplier's path.
 */
static void tree_supersession(pcf_verdict *const *vds, size_t n)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		pcf_verdict *root = vds[i];
		if (!root || root->code != PCF_VERDICT_VALID || !root->tree)
			continue;
		for (k = 0; k < root->tree->nocc && root->code == PCF_VERDICT_VALID; k++) {
			pcfi_tree_node *nd = &root->tree->nodes[root->tree->occ[k].node];
			for (j = 0; j < n; j++) {
				char buf[PCF_ERROR_MSG_MAX];
				if (j == i || !supersedes(vds[j], nd->certificate_id, nd->issuer, nd->issued_at, nd->has_body,
				                          nd->body_subject, nd->body_ca))
					continue;
				nd->code = PCF_VERDICT_SUPERSEDED;
				root->code = PCF_VERDICT_INVALID;
				root->reason = PCF_REASON_SUPPLIER_INVALID;
				snprintf(buf, sizeof buf, "a supplier's certificate is invalid: %s: superseded by certificate %s (%s)",
				         root->tree->occ[k].path, vds[j]->certificate_id, vds[j]->bundle);
				free(root->message);
				root->message = strdup(buf);
				break;
			}
		}
	}
}

void pcf_verify_apply_supersession(pcf_verdict *const *vds, size_t n)
{
	size_t i, j;

	tree_supersession(vds, n);

	for (i = 0; i < n; i++) {
		pcf_verdict *old = vds[i];
		if (!old || old->code != PCF_VERDICT_VALID || !old->certificate_id)
			continue;
		for (j = 0; j < n; j++) {
			const pcf_verdict *nw = vds[j];
			if (j == i || !nw || nw->code != PCF_VERDICT_VALID || !nw->supersedes ||
			    strcmp(nw->supersedes, old->certificate_id))
				continue;
			/* Only a newer certificate from the same issuing body can supersede: the same issuer
			 * name in the manifest, and a signer certificate with the same subject issued by the
			 * same CA key (a renewed key of the body qualifies; another body with the same CN
			 * does not). */
			if (!nw->issuer || !old->issuer || strcmp(nw->issuer, old->issuer) || !nw->issued_at ||
			    !old->issued_at || strcmp(nw->issued_at, old->issued_at) < 0)
				continue;
			if (!nw->has_body || !old->has_body || memcmp(nw->body_subject, old->body_subject, 32) ||
			    memcmp(nw->body_ca, old->body_ca, 32))
				continue;
			old->code = PCF_VERDICT_SUPERSEDED;
			old->reason = PCF_REASON_SUPERSEDED;
			free(old->superseded_by);
			old->superseded_by = dup_or_null(nw->certificate_id);
			{
				char buf[256];
				snprintf(buf, sizeof buf, "superseded by certificate %s (%s)", nw->certificate_id, nw->bundle);
				free(old->message);
				old->message = strdup(buf);
			}
			break;
		}
	}
}

static void json_str_or_null(pcfi_jsonw *w, const char *key, const char *s)
{
	pcfi_jsonw_key(w, key);
	pcfi_jsonw_string(w, s);
}

pcf_status pcf_verdicts_to_json(const pcf_verdict *const *vds, size_t n, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	size_t i;
	int k;
	pcf_status st;

	if (!out || !len || (!vds && n))
		return pcfi_error(err, PCF_E_ARG, "pcf_verdicts_to_json: NULL argument");
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < n; i++) {
		const pcf_verdict *vd = vds[i];
		pcfi_jsonw_begin_object(&w);
		json_str_or_null(&w, "bundle", vd->bundle);
		json_str_or_null(&w, "verdict", pcf_verdict_code_name(vd->code));
		pcfi_jsonw_key(&w, "reason");
		if (vd->code == PCF_VERDICT_VALID)
			pcfi_jsonw_null(&w);
		else
			pcfi_jsonw_string(&w, pcf_reason_name(vd->reason));
		json_str_or_null(&w, "message", vd->message && vd->message[0] ? vd->message : NULL);
		pcfi_jsonw_key(&w, "revocation-checked");
		pcfi_jsonw_bool(&w, vd->revocation_checked);
		json_str_or_null(&w, "revocation-basis", pcf_verdict_revocation_basis(vd));
		pcfi_jsonw_key(&w, "recomputed");
		pcfi_jsonw_bool(&w, vd->recomputed);
		json_str_or_null(&w, "recompute", pcf_verdict_recompute_status(vd));
		json_str_or_null(&w, "note", vd->note);
		pcfi_jsonw_key(&w, "withheld");
		pcfi_jsonw_begin_array(&w);
		for (k = 0; k < (int)vd->nwithheld; k++)
			pcfi_jsonw_string(&w, vd->withheld[k]);
		pcfi_jsonw_end_array(&w);
		json_str_or_null(&w, "factor-note", vd->factor_note && vd->factor_note[0] ? vd->factor_note : NULL);
		pcfi_jsonw_key(&w, "certificate");
		if (!vd->has_manifest) {
			pcfi_jsonw_null(&w);
		} else {
			pcfi_jsonw_begin_object(&w);
			json_str_or_null(&w, "certificate-id", vd->certificate_id);
			json_str_or_null(&w, "issued-at", vd->issued_at);
			json_str_or_null(&w, "valid-from", vd->valid_from);
			json_str_or_null(&w, "valid-until", vd->valid_until);
			json_str_or_null(&w, "supersedes", vd->supersedes);
			json_str_or_null(&w, "superseded-by", vd->superseded_by);
			json_str_or_null(&w, "issuer", vd->issuer);
			json_str_or_null(&w, "signer", vd->signer_subject);
			json_str_or_null(&w, "product-id", vd->product_id);
			json_str_or_null(&w, "product-name", vd->product_name);
			json_str_or_null(&w, "methodology", vd->method_id);
			json_str_or_null(&w, "methodology-version", vd->method_version);
			pcfi_jsonw_key(&w, "total");
			pcfi_jsonw_number(&w, vd->total);
			json_str_or_null(&w, "unit", vd->unit);
			pcfi_jsonw_end_object(&w);
		}
		if (pcf_verdict_tree_count(vd)) {
			/* format 1.2: the supplier tree, as pcf verify --tree shows it */
			size_t t, nt = pcf_verdict_tree_count(vd);
			pcfi_jsonw_key(&w, "supplier-tree");
			pcfi_jsonw_begin_array(&w);
			for (t = 0; t < nt; t++) {
				size_t depth;
				const char *path, *body, *unit;
				pcf_verdict_code code;
				double total, share;
				char hex[65];
				pcf_verdict_tree_row(vd, t, &depth, &path, &code, &body, &total, &unit, &share, hex);
				pcfi_jsonw_begin_object(&w);
				json_str_or_null(&w, "path", path);
				pcfi_jsonw_key(&w, "depth");
				pcfi_jsonw_uint(&w, depth);
				json_str_or_null(&w, "verdict", pcf_verdict_code_name(code));
				json_str_or_null(&w, "recompute", pcf_verdict_tree_recompute(vd, t));
				json_str_or_null(&w, "body", body);
				pcfi_jsonw_key(&w, "total");
				if (isnan(total))
					pcfi_jsonw_null(&w);
				else
					pcfi_jsonw_number(&w, total);
				json_str_or_null(&w, "unit", unit);
				pcfi_jsonw_key(&w, "share");
				if (isnan(share))
					pcfi_jsonw_null(&w);
				else
					pcfi_jsonw_number(&w, share);
				json_str_or_null(&w, "sha256", hex);
				pcfi_jsonw_end_object(&w);
			}
			pcfi_jsonw_end_array(&w);
		}
		pcfi_jsonw_key(&w, "checks");
		pcfi_jsonw_begin_array(&w);
		for (k = 0; k < CK_N; k++) {
			pcfi_jsonw_begin_object(&w);
			json_str_or_null(&w, "check", pcfi_vfy_check_names[k]);
			json_str_or_null(&w, "outcome", pcf_verify_outcome_name(vd->outcome[k]));
			json_str_or_null(&w, "detail", vd->detail[k]);
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_array(&w);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	st = pcfi_jsonw_finish(&w, out, len);
	if (st != PCF_OK)
		return pcfi_error(err, st, "cannot write the verdicts as JSON");
	return PCF_OK;
}

size_t pcf_verdict_tree_count(const pcf_verdict *v)
{
	return v && v->tree ? v->tree->nocc : 0;
}

pcf_status pcf_verdict_tree_row(const pcf_verdict *v, size_t i, size_t *depth, const char **path,
                                pcf_verdict_code *code, const char **body, double *total, const char **unit,
                                double *share, char sha256_hex[65])
{
	const pcfi_tree_occ *o;
	const pcfi_tree_node *n;

	if (!v || !v->tree || i >= v->tree->nocc)
		return PCF_E_ARG;
	o = &v->tree->occ[i];
	n = &v->tree->nodes[o->node];
	if (depth)
		*depth = o->depth;
	if (path)
		*path = o->path;
	if (code)
		*code = n->done ? n->code : PCF_VERDICT_INVALID;
	if (body)
		*body = n->body;
	if (total)
		*total = n->total;
	if (unit)
		*unit = n->unit;
	if (share)
		*share = o->share;
	if (sha256_hex)
		pcfi_hex_encode(n->sha, 32, sha256_hex);
	return PCF_OK;
}

const char *pcf_verdict_tree_recompute(const pcf_verdict *v, size_t i)
{
	if (!v || !v->tree || i >= v->tree->nocc)
		return NULL;
	return v->tree->nodes[v->tree->occ[i].node].recompute;
}

/* The supplier tree a root verdict owns (verify_run.h). */
void pcfi_tree_free(pcfi_tree *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nnodes; i++) {
		free(t->nodes[i].msg);
		free(t->nodes[i].body);
		free(t->nodes[i].unit);
		free(t->nodes[i].certificate_id);
		free(t->nodes[i].issuer);
		free(t->nodes[i].issued_at);
		pcfi_supplier_figs_free(&t->nodes[i].figs);
	}
	for (i = 0; i < t->nocc; i++)
		free(t->occ[i].path);
	free(t->nodes);
	free(t->occ);
	free(t);
}

