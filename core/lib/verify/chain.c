/*
 * chain.c - the chain steps of the verifier: one X509_verify_cert of the signer against the
 * verifier's anchors and CRLs (remembered per distinct chain, time and CRL setting: the chain
 * memo), then the verdict's chain, revocation, certificate-validity and chain-algorithm checks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "verify/verify_run.h"

static int collect_cb(int ok, X509_STORE_CTX *ctx)
{
	chain_rec *rec = X509_STORE_CTX_get_app_data(ctx);
	if (!ok && rec && rec->n < 16) {
		X509 *x = X509_STORE_CTX_get_current_cert(ctx);
		chain_err *ce = &rec->e[rec->n++];
		ce->code = X509_STORE_CTX_get_error(ctx);
		ce->depth = X509_STORE_CTX_get_error_depth(ctx);
		ce->subject[0] = 0;
		if (x)
			pcfi_x509_subject(x, ce->subject, sizeof ce->subject);
	}
	/* Keep going to see every problem; the verdict only uses what was recorded (never ok). */
	return 1;
}

static int is_time_error(int c)
{
	return c == X509_V_ERR_CERT_HAS_EXPIRED || c == X509_V_ERR_CERT_NOT_YET_VALID;
}

static int is_crl_error(int c)
{
	switch (c) {
	case X509_V_ERR_UNABLE_TO_GET_CRL:
	case X509_V_ERR_CRL_HAS_EXPIRED:
	case X509_V_ERR_CRL_NOT_YET_VALID:
	case X509_V_ERR_CRL_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
	case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
	case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
	case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
	case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
	case X509_V_ERR_DIFFERENT_CRL_SCOPE:
	case X509_V_ERR_CRL_PATH_VALIDATION_ERROR:
	case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
		return 1;
	}
	return 0;
}

static pcf_reason chain_reason(int c)
{
	switch (c) {
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_CERT_UNTRUSTED:
	case X509_V_ERR_CERT_REJECTED:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return PCF_REASON_CHAIN_UNTRUSTED;
	case X509_V_ERR_CERT_CHAIN_TOO_LONG:
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
		return PCF_REASON_CHAIN_TOO_DEEP;
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
		return PCF_REASON_KEY;
	case X509_V_ERR_CA_MD_TOO_WEAK:
		return PCF_REASON_ALGORITHM;
	case X509_V_ERR_UNABLE_TO_GET_CRL:
		return PCF_REASON_REVOCATION_UNAVAILABLE;
	}
	if (is_crl_error(c))
		return PCF_REASON_CRL_INVALID;
	return PCF_REASON_CHAIN_INVALID;
}

/*
 * The memo key of one chain verification: SHA-256 over everything X509_verify_cert's outcome
 * depends on besides the verifier's fixed settings: the DER of the leaf and of every untrusted
 * certificate in order, the time, whether CRLs are checked, and the sizes of the trust store (a
 * store that grew since is another store). 0 when it cannot be computed (then nothing is remembered).
 */
/* The SHA-256 of x's DER: as cms_decode_cached computed it, else computed now. 0 on failure. */
static int cert_digest(run *r, X509 *x, unsigned char out[32])
{
	unsigned char *der = NULL;
	int i, n, ok;

	for (i = 0; i < r->ncert_keys; i++)
		if (r->cert_x[i] == x) {
			memcpy(out, r->cert_key[i], 32);
			return 1;
		}
	n = i2d_X509(x, &der);
	ok = n > 0 && EVP_Digest(der, (size_t)n, out, NULL, EVP_sha256(), NULL);
	OPENSSL_free(der);
	return ok;
}

static int chain_key(run *r, STACK_OF(X509) *untrusted, int64_t t, int crl, unsigned char key[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint64_t head[4];
	unsigned char d[32];
	int i, ok;

	head[0] = (uint64_t)t;
	head[1] = (uint64_t)crl;
	head[2] = pcf_trust_anchor_count(r->v->trust);
	head[3] = pcf_trust_crl_count(r->v->trust);
	ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) && EVP_DigestUpdate(md, head, sizeof head);
	for (i = -1; ok && i < sk_X509_num(untrusted); i++)
		ok = cert_digest(r, i < 0 ? r->leaf : sk_X509_value(untrusted, i), d) && EVP_DigestUpdate(md, d, sizeof d);
	ok = ok && EVP_DigestFinal_ex(md, key, NULL);
	EVP_MD_CTX_free(md);
	return ok;
}

/* A copy of a remembered result (own references to the chain); 0 when out of memory. */
static int chain_result_copy(const chain_result *from, chain_result *to)
{
	*to = *from;
	to->chain = NULL;
	return !from->chain || (to->chain = X509_chain_up_ref(from->chain)) != NULL;
}

/*
 * One chain verification of the signer: anchors from the verifier's store only, every certificate
 * of the bundle an untrusted intermediate, purpose ANY (documentSigning is not a purpose OpenSSL
 * knows: EKU, KU and leaf-not-CA are checked in step_signer), at time t, with CRL checks on every
 * chain member when crl. The outcome goes into *res (res->chain to be freed by the caller);
 * res->ret is X509_verify_cert's result, or -1 when it could not be set up.
 *
 * A verifier remembers the outcomes per chain (chain_key): in a batch, every bundle of one issuer
 * carries the same certificates, and the verification, the CRL signatures included, is then done
 * once per distinct chain, time and CRL setting. The outcome depends on nothing else: the trust
 * store and its CRLs are fixed while the verifier lives, and the time is part of the key (without
 * --at, "now" in whole seconds, as X509 validity is judged anyway).
 */
static void chain_run(run *r, STACK_OF(X509) *untrusted, int64_t t, int crl, STACK_OF(X509_CRL) *embedded,
                      chain_result *res)
{
	pcf_verifier *v = (pcf_verifier *)r->v; /* logically const: only the memo changes, under its lock */
	X509_STORE_CTX *ctx;
	X509_VERIFY_PARAM *param;
	STACK_OF(X509_CRL) *crls = NULL;
	unsigned char key[32];
	int keyed, hit = 0;
	size_t i;

	memset(res, 0, sizeof *res);
	res->ret = -1;
	keyed = !embedded && chain_key(r, untrusted, t, crl, key); /* the bundle's own CRLs: not remembered */
	if (keyed) {
		pthread_mutex_lock(&v->memo_lock);
		for (i = 0; i < v->nmemo && !hit; i++)
			if (v->memo[i].res.ret >= 0 && !memcmp(v->memo[i].key, key, sizeof key))
				hit = chain_result_copy(&v->memo[i].res, res) ? 1 : -1;
		pthread_mutex_unlock(&v->memo_lock);
		if (hit > 0)
			return;
		if (hit < 0) {
			memset(res, 0, sizeof *res);
			res->ret = -1;
			return;
		}
	}
	ERR_clear_error();
	if (!(ctx = X509_STORE_CTX_new()))
		return;
	if (!X509_STORE_CTX_init(ctx, pcfi_trust_store(r->v->trust), r->leaf, untrusted)) {
		X509_STORE_CTX_free(ctx);
		return;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
	X509_VERIFY_PARAM_set_depth(param, (int)r->v->opts.limits.max_chain_depth - 1); /* OpenSSL counts intermediates */
	X509_VERIFY_PARAM_set_time(param, (time_t)t);
	if (crl) {
		if (!(crls = pcfi_vfy_complete_crls(embedded ? embedded : pcfi_trust_crls(r->v->trust), NULL, NULL))) {
			X509_STORE_CTX_free(ctx);
			return;
		}
		X509_STORE_CTX_set0_crls(ctx, crls); /* borrowed by the context */
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	}
	X509_STORE_CTX_set_app_data(ctx, &res->rec);
	X509_STORE_CTX_set_verify_cb(ctx, collect_cb);
	res->ret = X509_verify_cert(ctx);
	res->error = X509_STORE_CTX_get_error(ctx);
	if (X509_STORE_CTX_get0_chain(ctx) && !(res->chain = X509_STORE_CTX_get1_chain(ctx)))
		res->ret = -1;
	X509_STORE_CTX_free(ctx);
	sk_X509_CRL_free(crls);
	ERR_clear_error();
	if (!keyed || res->ret < 0)
		return;
	pthread_mutex_lock(&v->memo_lock);
	for (i = 0; i < v->nmemo; i++)
		if (!memcmp(v->memo[i].key, key, sizeof key))
			break;
	if (i == v->nmemo) {
		/* Not there yet (another thread may have added it meanwhile): add, or replace the oldest. */
		chain_memo *m;
		if (v->nmemo < CHAIN_MEMO_MAX) {
			m = &v->memo[v->nmemo++];
		} else {
			m = &v->memo[v->memo_next];
			v->memo_next = (v->memo_next + 1) % CHAIN_MEMO_MAX;
			sk_X509_pop_free(m->res.chain, X509_free);
		}
		memcpy(m->key, key, sizeof key);
		if (!chain_result_copy(res, &m->res)) {
			/* Out of memory: an entry that never matches rather than half of one. */
			m->res.chain = NULL;
			m->res.ret = -1;
		}
	}
	pthread_mutex_unlock(&v->memo_lock);
}

/* A CRL problem that only says the verifier has no usable CRL now (none, or one not valid now):
 * with embedded evidence (long-term validation) the CRL embedded in the bundle then stands. */
static int is_no_current_crl(int c)
{
	return c == X509_V_ERR_UNABLE_TO_GET_CRL || c == X509_V_ERR_CRL_HAS_EXPIRED || c == X509_V_ERR_CRL_NOT_YET_VALID;
}

/*
 * The CRLs embedded in the bundle (format 1.2, docs/bundle-format.md section 4: revocation/crl-N.der,
 * each one complete DER CRL, at most PCF_EMBEDDED_CRLS_MAX). *out is NULL when there are none; 0
 * after a hard failure (revocation-evidence-invalid).
 */
static int embedded_crls(run *r, STACK_OF(X509_CRL) **out)
{
	size_t i, n = pcf_bundle_view_count(r->view), count = 0;
	STACK_OF(X509_CRL) *st = NULL;

	*out = NULL;
	if (r->m.major != 1 || r->m.minor < 2)
		return 1; /* before 1.2, entries under revocation/ mean nothing (section 4) */
	for (i = 0; i < n; i++) {
		const char *name = pcf_bundle_view_name(r->view, i);
		const unsigned char *d, *p;
		size_t len;
		unsigned k;
		int used = 0;
		char tail;
		X509_CRL *c;
		if (strncmp(name, "revocation/", 11))
			continue;
		if (sscanf(name + 11, "crl-%u.der%c", &k, &tail) != 1 || !(name[15] >= '1' && name[15] <= '9')) {
			pcfi_vd_hard(r->vd, CK_REVOCATION, PCF_REASON_REVOCATION_EVIDENCE,
			             "%s is not revocation/crl-N.der (bundle-format.md, section 4)", name);
			goto fail;
		}
		if (++count > PCF_EMBEDDED_CRLS_MAX) {
			pcfi_vd_hard(r->vd, CK_REVOCATION, PCF_REASON_REVOCATION_EVIDENCE, "the bundle embeds more than %d CRLs",
			             PCF_EMBEDDED_CRLS_MAX);
			goto fail;
		}
		d = p = pcf_bundle_view_data(r->view, i, &len);
		c = d2i_X509_CRL(NULL, &p, (long)len);
		if (!c || p != d + len || pcfi_crl_scope(c) != PCFI_CRL_COMPLETE) {
			pcfi_vd_hard(r->vd, CK_REVOCATION, PCF_REASON_REVOCATION_EVIDENCE,
			             "%s is not one complete DER CRL", name);
			X509_CRL_free(c);
			goto fail;
		}
		if ((st || (st = sk_X509_CRL_new_null())) && sk_X509_CRL_push(st, c))
			used = 1;
		if (!used) {
			X509_CRL_free(c);
			pcfi_vd_hard(r->vd, CK_REVOCATION, PCF_REASON_INTERNAL, "out of memory");
			goto fail;
		}
	}
	*out = st;
	ERR_clear_error();
	return 1;
fail:
	sk_X509_CRL_pop_free(st, X509_CRL_free);
	ERR_clear_error();
	return 0;
}

/*
 * The chain runs of the signer: without a timestamp, one run at --at or now, with the verifier's
 * CRLs. With a verified timestamp (T19): the validity at the timestamp's time, and revocation from
 * the current CRLs at --at or now, in a second run whose CRL findings alone count (its certificates
 * may have expired since); they are added to *rec.
 *
 * Long-term validation (a timestamp and CRLs embedded in the bundle): the first run, at the
 * timestamp's time, also checks revocation with the embedded CRLs only (they must cover every
 * chain member then, else revocation-evidence-invalid). In the second run the verifier's fresher
 * CRLs win: a certificate they say is revoked is revoked; where the verifier has no CRL valid
 * now, the embedded one stands ("not revoked at signing time"), and *ltv gets those depths as a
 * bit mask (bit 31 set: embedded evidence was used at all). 0 after a hard failure.
 */
static int chain_runs(run *r, STACK_OF(X509) *untrusted, chain_result *res, chain_rec *rec, uint32_t *ltv)
{
	const pcf_verify_options *o = &r->v->opts;
	int64_t now = o->at_set ? o->at : (int64_t)time(NULL);
	STACK_OF(X509_CRL) *embedded = NULL;
	chain_result res2;
	int i, use_embedded;

	*ltv = 0;
	if (!embedded_crls(r, &embedded))
		return 0;
	r->ltv_present = embedded != NULL;
	use_embedded = embedded && r->ts_set && !o->no_revocation_check;
	chain_run(r, untrusted, r->ts_set ? r->ts_time : now, !o->no_revocation_check && (!r->ts_set || use_embedded),
	          use_embedded ? embedded : NULL, res);
	*rec = res->rec;
	if (use_embedded) {
		/* The signing-time findings: revoked then stays; a CRL problem is the evidence's (after the chain's own). */
		int k = 0;
		*ltv = 1u << 31;
		for (i = 0; i < rec->n; i++)
			if (!is_crl_error(rec->e[i].code))
				rec->e[k++] = rec->e[i];
			else if (!r->ltv_bad.subject[0] && !r->ltv_bad.code)
				r->ltv_bad = rec->e[i];
		rec->n = k;
	}
	if (res->ret >= 0 && r->ts_set && !o->no_revocation_check) {
		chain_run(r, untrusted, now, 1, NULL, &res2);
		sk_X509_pop_free(res2.chain, X509_free);
		if (res2.ret < 0) {
			sk_X509_CRL_pop_free(embedded, X509_CRL_free);
			pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_INTERNAL, "cannot set up chain verification");
			return 0;
		}
		for (i = 0; i < res2.rec.n && rec->n < 16; i++) {
			int c = res2.rec.e[i].code, d = res2.rec.e[i].depth;
			if (use_embedded && is_no_current_crl(c) && d >= 0 && d < 31)
				*ltv |= 1u << d; /* no current CRL for it: the embedded one stands */
			else if (is_crl_error(c) || c == X509_V_ERR_CERT_REVOKED)
				rec->e[rec->n++] = res2.rec.e[i];
		}
	}
	sk_X509_CRL_pop_free(embedded, X509_CRL_free);
	if (res->ret < 0) {
		pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_INTERNAL, "cannot set up chain verification");
		return 0;
	}
	if (res->ret != 1 && rec->n == 0 && !r->ltv_bad.code) {
		pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_CHAIN_INVALID, "chain verification failed: %s",
		             X509_verify_cert_error_string(res->error));
		return 0;
	}
	/* Hard chain problems first (untrusted, bad signatures, purpose ...), then CRL problems. */
	for (i = 0; i < rec->n; i++) {
		int c = rec->e[i].code;
		if (is_time_error(c) || c == X509_V_ERR_CERT_REVOKED || is_crl_error(c))
			continue;
		pcfi_vd_hard(r->vd, CK_CHAIN, chain_reason(c), "certificate at depth %d (%s): %s", rec->e[i].depth,
		             rec->e[i].subject, X509_verify_cert_error_string(c));
		return 0;
	}
	pcfi_vd_detail(r->vd, CK_CHAIN, PCF_VERIFY_PASS, "chains to a configured trust anchor");
	if (r->ltv_bad.code) {
		pcfi_vd_hard(r->vd, CK_REVOCATION, PCF_REASON_REVOCATION_EVIDENCE, "the CRLs embedded in the bundle do not "
		             "prove the certificate at depth %d (%s) unrevoked at the timestamp's time: %s", r->ltv_bad.depth,
		             r->ltv_bad.subject, r->ltv_bad.code == X509_V_ERR_UNABLE_TO_GET_CRL ? "no embedded CRL for it" :
		             X509_verify_cert_error_string(r->ltv_bad.code));
		return 0;
	}
	return 1;
}

/* Revocation from what the runs recorded: a CRL problem is hard, a revoked certificate soft. 0 after a hard failure. */
static int chain_revocation(run *r, const chain_rec *rec, uint32_t ltv, int nchain)
{
	pcf_verdict *vd = r->vd;
	int i;

	if (r->v->opts.no_revocation_check) {
		pcfi_vd_detail(vd, CK_REVOCATION, PCF_VERIFY_SKIPPED, "revocation not checked (--no-revocation-check)");
		return 1;
	}
	for (i = 0; i < rec->n; i++) {
		int c = rec->e[i].code;
		size_t ndelta = 0, npart = 0;
		char unused[200] = "";
		if (!is_crl_error(c))
			continue;
		/* Say which CRLs were left out, so that "no CRL" is not a riddle when one was given. */
		sk_X509_CRL_free(pcfi_vfy_complete_crls(pcfi_trust_crls(r->v->trust), &ndelta, &npart));
		if (c == X509_V_ERR_UNABLE_TO_GET_CRL && (ndelta || npart))
			snprintf(unused, sizeof unused, "; not used: %zu delta CRL(s) and %zu CRL(s) with an "
			         "issuingDistributionPoint, which pcfkit never uses (give the complete CRL)", ndelta, npart);
		pcfi_vd_hard(vd, CK_REVOCATION, chain_reason(c),
		             c == X509_V_ERR_UNABLE_TO_GET_CRL ?
		             "no CRL for the certificate at depth %d (%s): give it with --crl, or turn revocation checking off "
		             "with --no-revocation-check%s" : "CRL for the certificate at depth %d (%s): %s",
		             rec->e[i].depth, rec->e[i].subject,
		             c == X509_V_ERR_UNABLE_TO_GET_CRL ? unused : X509_verify_cert_error_string(c));
		return 0;
	}
	for (i = 0; i < rec->n; i++)
		if (rec->e[i].code == X509_V_ERR_CERT_REVOKED) {
			pcfi_vd_soft(vd, CK_REVOCATION, PCF_REASON_CERT_REVOKED, &vd->soft_revoked, &vd->soft_msg_revoked,
			             "the certificate at depth %d (%s) is revoked", rec->e[i].depth, rec->e[i].subject);
			break;
		}
	if (vd->outcome[CK_REVOCATION] != PCF_VERIFY_FAIL) {
		uint32_t depths = ltv & ~(1u << 31);
		int nd = 0, members = nchain > 1 ? nchain - 1 : 1; /* the anchor is not revoked by a CRL */
		char tb[32], list[96] = "";
		for (i = 0; i < 31; i++)
			if (depths & (1u << i)) {
				size_t l = strlen(list);
				snprintf(list + l, sizeof list - l, "%s%d", nd++ ? ", " : "", i);
			}
		vd->revocation_checked = 1;
		if (!ltv) {
			pcfi_vd_detail(vd, CK_REVOCATION, PCF_VERIFY_PASS, "no chain certificate is revoked (CRLs checked for all)%s",
			               r->ltv_present ? "; the CRLs embedded in the bundle were not used: no trusted timestamp "
			               "(--tsa-trust) fixes the time they speak for" : "");
			vd->revocation_basis = PCFI_REVOCATION_CURRENT;
		} else if (!depths) {
			pcfi_vd_detail(vd, CK_REVOCATION, PCF_VERIFY_PASS, "no chain certificate is revoked: the verifier's CRLs "
			               "at the verification time (the CRLs embedded in the bundle agree at the timestamp's time)");
			vd->revocation_basis = PCFI_REVOCATION_CURRENT;
		} else {
			pcf_bundle_time_format(r->ts_time, tb);
			pcfi_vd_detail(vd, CK_REVOCATION, PCF_VERIFY_PASS, "%s at signing time: the CRLs embedded in the bundle "
			               "prove %s unrevoked at the timestamp's time %s, and the verifier has no CRL valid now for "
			               "depth %s%s", nd >= members ? "not revoked" : "partly", nd >= members ? "the chain" :
			               "these certificates", tb, list, nd >= members ? "" :
			               " (the others: the verifier's CRLs now)");
			vd->revocation_basis = nd >= members ? PCFI_REVOCATION_SIGNING_TIME : PCFI_REVOCATION_MIXED;
		}
	}
	return 1;
}

/* Certificate validity (soft) from what the runs recorded. */
static void chain_validity(run *r, const chain_rec *rec)
{
	pcf_verdict *vd = r->vd;
	int i;

	for (i = 0; i < rec->n; i++)
		if (is_time_error(rec->e[i].code)) {
			int exp = rec->e[i].code == X509_V_ERR_CERT_HAS_EXPIRED;
			pcfi_vd_soft(vd, CK_CERT_VALIDITY, exp ? PCF_REASON_CERT_EXPIRED : PCF_REASON_CERT_NOT_YET_VALID,
			             &vd->soft_cert_time, &vd->soft_msg_cert_time, "the certificate at depth %d (%s) is %s at the "
			             "%s", rec->e[i].depth, rec->e[i].subject, exp ? "expired" : "not yet valid",
			             r->ts_set ? "timestamp's time" : "verification time");
			break;
		}
	if (vd->outcome[CK_CERT_VALIDITY] != PCF_VERIFY_FAIL)
		pcfi_vd_detail(vd, CK_CERT_VALIDITY, PCF_VERIFY_PASS, "every chain certificate is valid at the %s",
		               r->ts_set ? "timestamp's time" : "verification time");
}

/* The chain's leaf is the signer; every certificate below the anchor uses allowed algorithms. */
static void chain_algorithms(run *r, STACK_OF(X509) *chain)
{
	pcf_verdict *vd = r->vd;
	int i;

	if (!chain || sk_X509_num(chain) < 2 || X509_cmp(sk_X509_value(chain, 0), r->leaf)) {
		pcfi_vd_hard(vd, CK_CHAIN, PCF_REASON_SIGNER_NOT_LEAF, "the verified chain does not start at the signer certificate");
		return;
	}
	for (i = 0; i < sk_X509_num(chain); i++) {
		X509 *x = sk_X509_value(chain, i);
		int md = NID_undef, pk = NID_undef, bits = 0;
		uint32_t fl = 0;
		char why[160], subj[256];
		if (!pcfi_key_allowed(X509_get0_pubkey(x), why, sizeof why)) {
			pcfi_x509_subject(x, subj, sizeof subj);
			pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_KEY, "the certificate at depth %d (%s) has %s", i, subj, why);
			return;
		}
		if (i == sk_X509_num(chain) - 1)
			break; /* the anchor's self-signature is not relied upon */
		if (!X509_get_signature_info(x, &md, &pk, &bits, &fl) ||
		    !(pcfi_digest_allowed(md) || (pk == NID_ED25519 && md == NID_undef))) {
			pcfi_x509_subject(x, subj, sizeof subj);
			pcfi_vd_hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
			             "the certificate at depth %d (%s) is signed with %s (SHA-256/384/512 or Ed25519 needed)", i, subj,
			             pcfi_nid_name(X509_get_signature_nid(x)));
			return;
		}
	}
	pcfi_vd_detail(vd, CK_ALGORITHMS, PCF_VERIFY_PASS, "digest, signature and key algorithms on the allow-list");
	/* The issuing body, for supersession: the signer's subject and the key of the CA that issued it. */
	{
		unsigned int n1 = 0, n2 = 0;
		if (X509_NAME_digest(X509_get_subject_name(r->leaf), EVP_sha256(), vd->body_subject, &n1) && n1 == 32 &&
		    X509_pubkey_digest(sk_X509_value(chain, 1), EVP_sha256(), vd->body_ca, &n2) && n2 == 32)
			vd->has_body = 1;
	}
}

STACK_OF(X509_CRL) *pcfi_vfy_complete_crls(STACK_OF(X509_CRL) *all, size_t *ndelta, size_t *npartitioned)
{
	STACK_OF(X509_CRL) *out = sk_X509_CRL_new_null();
	int i;

	if (ndelta)
		*ndelta = 0;
	if (npartitioned)
		*npartitioned = 0;
	for (i = 0; out && i < sk_X509_CRL_num(all); i++) {
		X509_CRL *c = sk_X509_CRL_value(all, i);
		int scope = pcfi_crl_scope(c);
		if (scope == PCFI_CRL_DELTA && ndelta)
			(*ndelta)++;
		else if (scope == PCFI_CRL_PARTITIONED && npartitioned)
			(*npartitioned)++;
		if (scope == PCFI_CRL_COMPLETE && !sk_X509_CRL_push(out, c)) {
			sk_X509_CRL_free(out);
			out = NULL;
		}
	}
	return out;
}

/*
 * Section 6.1: the signature carries the signer certificate and the intermediates needed to
 * reach the anchor, never a self-signed (root) certificate, nothing else. 0 after a hard failure.
 */
static int chain_needed(run *r, STACK_OF(X509) *chain)
{
	int i, j, n = chain ? sk_X509_num(chain) : 0;
	char subj[256];

	for (i = 0; i < sk_X509_num(r->certs); i++) {
		X509 *x = sk_X509_value(r->certs, i);
		int used = 0;
		if (X509_self_signed(x, 0) == 1) {
			pcfi_x509_subject(x, subj, sizeof subj);
			pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_SIGNATURE_CERTIFICATES,
			             "%s carries the self-signed certificate %s; section 6.1: never a root (anchors come from "
			             "the verifier's configuration only)", PCFI_SIGNATURE_NAME, subj);
			return 0;
		}
		for (j = 0; j < n - 1 && !used; j++) /* the last one is the anchor */
			used = !X509_cmp(x, sk_X509_value(chain, j));
		if (!used) {
			pcfi_x509_subject(x, subj, sizeof subj);
			pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_SIGNATURE_CERTIFICATES,
			             "%s carries the certificate %s, which the chain to the anchor does not need; section 6.1: "
			             "the signer and its intermediates only", PCFI_SIGNATURE_NAME, subj);
			return 0;
		}
	}
	ERR_clear_error();
	return 1;
}

/* The chain, revocation, certificate-validity and chain-algorithm checks. */
void pcfi_vfy_step_chain(run *r)
{
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	chain_result res;
	chain_rec rec;
	uint32_t ltv = 0;
	int i;

	memset(&res, 0, sizeof res);
	memset(&rec, 0, sizeof rec);
	if (!untrusted) {
		pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_INTERNAL, "out of memory");
		goto out;
	}
	for (i = 0; i < sk_X509_num(r->certs); i++)
		if (sk_X509_value(r->certs, i) != r->leaf && !sk_X509_push(untrusted, sk_X509_value(r->certs, i))) {
			pcfi_vd_hard(r->vd, CK_CHAIN, PCF_REASON_INTERNAL, "out of memory");
			goto out;
		}
	if (!chain_runs(r, untrusted, &res, &rec, &ltv) || !chain_needed(r, res.chain) ||
	    !chain_revocation(r, &rec, ltv, res.chain ? sk_X509_num(res.chain) : 0))
		goto out;
	chain_validity(r, &rec);
	chain_algorithms(r, res.chain);
out:
	sk_X509_free(untrusted);
	sk_X509_pop_free(res.chain, X509_free);
	ERR_clear_error();
}
