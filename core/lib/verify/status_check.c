/*
 * status_check.c - the verifier's status step (pcf/status.h, docs/trust-model.md "Status lists"):
 * read the signed status lists a verifier is given, check each list's signer (a documentSigning
 * certificate issued by the same CA, the certification body, as the bundle's signer, chained to
 * the verifier's anchors), its validity at the verification time, and the bundle's bit.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <zlib.h>

#include <pcf/status.h>

#include "base/error_impl.h"
#include "base/jsonw.h"
#include "verify/status_check.h"
#include "verify/verdict.h"
#include "verify/verify_impl.h"


#define EKU_DOCUMENT_SIGNING "1.3.6.1.5.5.7.3.36"
#define LISTS_MAX 64

/* ---- checking ---- */

typedef struct slist {
	char *path;
	pcf_reason bad;              /* nonzero: the list is unusable, for this reason */
	char why[1024];
	char *id, *purpose;
	int64_t valid_from, valid_until;
	unsigned char *bits;
	size_t nbits;
	X509 *signer;
	STACK_OF(X509) *certs;       /* the certificates the signature carries */
	/* The last check of the signer (under the lists' lock): at time chk_t, for the bundle signer
	 * whose DER has SHA-256 chk_leaf; a batch of one body's bundles checks the chain once. */
	int chk_ok;
	int64_t chk_t;
	X509 *chk_leaf;              /* own reference, NULL when none yet */
	pcf_reason chk_reason;
	char chk_why[600];
} slist;

struct pcf_status_lists {
	pthread_mutex_t lock;
	int require;
	slist l[LISTS_MAX];
	size_t n;
};

pcf_status pcf_status_lists_new(int require, pcf_status_lists **out, pcf_error *err)
{
	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_lists_new needs an output");
	if (!(*out = calloc(1, sizeof **out)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	(*out)->require = require;
	pthread_mutex_init(&(*out)->lock, NULL);
	return PCF_OK;
}

void pcf_status_lists_free(pcf_status_lists *ls)
{
	size_t i;

	if (!ls)
		return;
	for (i = 0; i < ls->n; i++) {
		free(ls->l[i].path);
		free(ls->l[i].id);
		free(ls->l[i].purpose);
		free(ls->l[i].bits);
		X509_free(ls->l[i].signer);
		X509_free(ls->l[i].chk_leaf);
		sk_X509_pop_free(ls->l[i].certs, X509_free);
	}
	pthread_mutex_destroy(&ls->lock);
	free(ls);
}

#define MARK(l, r, ...) ((l)->bad = (r), (void)snprintf((l)->why, sizeof (l)->why, __VA_ARGS__))

/* Parse and check what does not depend on the time: CMS structure, signature, JSON, bitstring. */
static void load_list(slist *l, const unsigned char *data, size_t len)
{
	const unsigned char *p = data;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *signers = NULL;
	ASN1_OCTET_STRING **pos;
	BIO *content = NULL;
	json_t *root = NULL, *sub, *v;
	json_error_t je;
	pcf_error e;
	int64_t t;

	if (!cms || p != data + len || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "not one DER CMS SignedData%s", "");
		goto out;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data || !(pos = CMS_get0_content(cms)) || !*pos) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "the signature carries no id-data content (a status list is "
		     "signed with its content attached)%s", "");
		goto out;
	}
	if (!(sis = CMS_get0_SignerInfos(cms)) || sk_CMS_SignerInfo_num(sis) != 1) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "not exactly one signer%s", "");
		goto out;
	}
	/* The signature over the content; the signer's chain is checked per bundle, at its time. */
	content = BIO_new(BIO_s_mem());
	if (!content || !CMS_verify(cms, NULL, NULL, NULL, content, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY)) {
		char why[300] = "";
		pcfi_vfy_openssl_errors(why, sizeof why);
		MARK(l, PCF_REASON_STATUS_LIST_SIGNATURE, "the signature does not verify over the list: %s", why);
		goto out;
	}
	signers = CMS_get0_signers(cms);
	if (!signers || sk_X509_num(signers) != 1) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "the signer's certificate is not in the signature%s", "");
		goto out;
	}
	l->signer = X509_dup(sk_X509_value(signers, 0));
	l->certs = CMS_get1_certs(cms);
	{
		char *cp = NULL;
		long clen = BIO_get_mem_data(content, &cp);
		root = json_loadb(cp, (size_t)clen, JSON_REJECT_DUPLICATES, &je);
	}
	if (!root || !json_is_object(root)) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "the content is not a JSON object: %s", root ? "" : je.text);
		goto out;
	}
	v = json_object_get(root, "type");
	if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_string(json_array_get(v, 1)) ||
	    strcmp(json_string_value(json_array_get(v, 1)), "BitstringStatusListCredential")) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "type is not [\"VerifiableCredential\", "
		     "\"BitstringStatusListCredential\"]%s", "");
		goto out;
	}
	if (!json_is_string(json_object_get(root, "validFrom")) || !json_is_string(json_object_get(root, "validUntil")) ||
	    pcf_time_parse(json_string_value(json_object_get(root, "validFrom")), &l->valid_from, &e) != PCF_OK ||
	    pcf_time_parse(json_string_value(json_object_get(root, "validUntil")), &t, &e) != PCF_OK) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "validFrom and validUntil must be UTC times%s", "");
		goto out;
	}
	l->valid_until = t;
	sub = json_object_get(root, "credentialSubject");
	if (!json_is_object(sub) || !json_is_string(json_object_get(sub, "id")) ||
	    !json_is_string(json_object_get(sub, "statusPurpose")) || !json_is_string(json_object_get(sub, "encodedList")) ||
	    !json_is_string(json_object_get(sub, "type")) ||
	    strcmp(json_string_value(json_object_get(sub, "type")), "BitstringStatusList")) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "credentialSubject needs id, type BitstringStatusList, "
		     "statusPurpose and encodedList%s", "");
		goto out;
	}
	l->id = strdup(json_string_value(json_object_get(sub, "id")));
	l->purpose = strdup(json_string_value(json_object_get(sub, "statusPurpose")));
	if (pcf_status_decode_bits(json_string_value(json_object_get(sub, "encodedList")), PCF_STATUS_LIST_BITS_MAX,
	                           &l->bits, &l->nbits, &e) != PCF_OK) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "%s", e.message);
		goto out;
	}
	if (l->nbits < 131072) {
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "the bitstring has fewer than 131072 entries%s", "");
		goto out;
	}
	if (!l->id || !l->purpose)
		MARK(l, PCF_REASON_STATUS_LIST_MALFORMED, "out of memory%s", "");
out:
	json_decref(root);
	sk_X509_free(signers);
	BIO_free(content);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
}

pcf_status pcf_status_lists_add_file(pcf_status_lists *ls, const char *path, pcf_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	pcf_reason r;
	pcf_status st;
	slist *l;

	if (!ls || !path)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_lists_add_file needs lists and a path");
	if (ls->n >= LISTS_MAX)
		return pcfi_error_at(err, PCF_E_LIMIT, path, 0, 0, NULL, "more than %d status lists", LISTS_MAX);
	if ((st = pcfi_bundle_read_input(path, PCF_STATUS_LIST_FILE_MAX, &data, &len, &r, err)) != PCF_OK)
		return st;
	l = &ls->l[ls->n];
	memset(l, 0, sizeof *l);
	if (!(l->path = strdup(path))) {
		free(data);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	load_list(l, data, len);
	free(data);
	ls->n++;
	return PCF_OK;
}

static int has_eku(X509 *x, const char *oid)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	ASN1_OBJECT *want = OBJ_txt2obj(oid, 1);
	int i, found = 0;

	for (i = 0; eku && want && i < sk_ASN1_OBJECT_num(eku); i++)
		if (!OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want))
			found = 1;
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	return found;
}

/* The bundle's signer certificate (own reference) from its signature DER, or NULL. */
static X509 *bundle_signer(const void *sig, size_t siglen)
{
	const unsigned char *p = sig;
	CMS_ContentInfo *cms = sig ? d2i_CMS_ContentInfo(NULL, &p, (long)siglen) : NULL;
	STACK_OF(CMS_SignerInfo) *sis = cms ? CMS_get0_SignerInfos(cms) : NULL;
	STACK_OF(X509) *certs = cms ? CMS_get1_certs(cms) : NULL;
	X509 *found = NULL;
	int i;

	if (sis && sk_CMS_SignerInfo_num(sis) == 1)
		for (i = 0; i < sk_X509_num(certs) && !found; i++)
			if (CMS_SignerInfo_cert_cmp(sk_CMS_SignerInfo_value(sis, 0), sk_X509_value(certs, i)) == 0)
				found = X509_dup(sk_X509_value(certs, i));
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return found;
}

/*
 * Check the list's signer at time t: chain to the anchors (purpose any, CRLs unless turned off),
 * documentSigning, not a CA, and issued by the CA that issued bundle_leaf. 0 with *reason/why set
 * when it fails.
 */
static int check_signer(const pcf_trust *trust, int no_crl, const slist *l, X509 *bundle_leaf, int64_t t,
                        pcf_reason *reason, char *why, size_t wlen)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	X509_VERIFY_PARAM *param;
	STACK_OF(X509) *chain;
	int ok = 0;

	if (!ctx || !X509_STORE_CTX_init(ctx, pcfi_trust_store(trust), l->signer, l->certs)) {
		*reason = PCF_REASON_INTERNAL;
		snprintf(why, wlen, "cannot set up the chain verification");
		goto out;
	}
	param = X509_STORE_CTX_get0_param(ctx);
	X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_ANY);
	X509_VERIFY_PARAM_set_time(param, (time_t)t);
	if (!no_crl) {
		X509_STORE_CTX_set0_crls(ctx, pcfi_trust_crls(trust));
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	}
	if (X509_verify_cert(ctx) != 1) {
		*reason = PCF_REASON_STATUS_LIST_UNTRUSTED;
		snprintf(why, wlen, "its signer does not chain to a configured anchor at the verification time: %s",
		         X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
		goto out;
	}
	if (!has_eku(l->signer, EKU_DOCUMENT_SIGNING) || X509_check_ca(l->signer)) {
		*reason = PCF_REASON_STATUS_LIST_UNTRUSTED;
		snprintf(why, wlen, "its signer is not a documentSigning end-entity certificate");
		goto out;
	}
	chain = X509_STORE_CTX_get0_chain(ctx);
	if (!bundle_leaf || !chain || sk_X509_num(chain) < 2 ||
	    X509_NAME_cmp(X509_get_issuer_name(bundle_leaf), X509_get_subject_name(sk_X509_value(chain, 1))) ||
	    X509_verify(bundle_leaf, X509_get0_pubkey(sk_X509_value(chain, 1))) != 1) {
		*reason = PCF_REASON_STATUS_LIST_OTHER_BODY;
		snprintf(why, wlen, "it is signed under another certification body than the bundle");
		goto out;
	}
	ok = 1;
out:
	X509_STORE_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

static int bit(const slist *l, int64_t i)
{
	return (l->bits[i / 8] >> (7 - i % 8)) & 1;
}

static pcf_status check_leaf(const pcf_status_lists *ls, const pcf_trust *trust, int no_revocation_check,
                             const void *man, size_t manlen, X509 *leaf, int64_t t, pcf_verdict_code *code,
                             pcf_reason *reason, char *msg, size_t msglen, pcf_error *err);

pcf_status pcf_status_lists_check(const pcf_status_lists *ls, const pcf_trust *trust, int no_revocation_check,
                                  const void *man, size_t manlen, const void *sig, size_t siglen, int64_t t,
                                  pcf_verdict_code *code, pcf_reason *reason, char *msg, size_t msglen, pcf_error *err)
{
	X509 *leaf = bundle_signer(sig, siglen);
	pcf_status st = check_leaf(ls, trust, no_revocation_check, man, manlen, leaf, t, code, reason, msg, msglen, err);

	X509_free(leaf);
	return st;
}

/* The check, with the bundle signer's certificate (borrowed; NULL when unknown: other-body). */
static pcf_status check_leaf(const pcf_status_lists *ls, const pcf_trust *trust, int no_revocation_check,
                             const void *man, size_t manlen, X509 *leaf, int64_t t, pcf_verdict_code *code,
                             pcf_reason *reason, char *msg, size_t msglen, pcf_error *err)
{
	json_t *root = NULL, *sl, *purposes;
	json_error_t je;
	const char *id;
	double dix;
	int64_t index;
	size_t p, i;
	int withdrawn = 0, suspended = 0, checked = 0;
	char why[600] = "", tb[32];

	if (!ls || !trust || !man || !code || !reason || !msg || !msglen)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_lists_check needs lists, a manifest and outputs");
	*code = PCF_VERDICT_VALID;
	*reason = PCF_REASON_NONE;
	msg[0] = '\0';
#define FAIL(r, ...) do { *code = PCF_VERDICT_INVALID; *reason = (r); snprintf(msg, msglen, __VA_ARGS__); goto out; } while (0)
	root = json_loadb(man, manlen, JSON_DECODE_INT_AS_REAL, &je);
	sl = root ? json_object_get(root, "status-list") : NULL;
	if (!sl) {
		if (ls->require)
			FAIL(PCF_REASON_STATUS_ENTRY_MISSING, "the bundle has no status-list entry (--require-status)");
		snprintf(msg, msglen, "status not checked: the bundle has no status-list entry");
		goto out;
	}
	purposes = json_object_get(sl, "purposes");
	dix = json_is_number(json_object_get(sl, "index")) ? json_number_value(json_object_get(sl, "index")) : -1;
	if (!json_is_string(json_object_get(sl, "id")) || !(dix >= 0 && dix <= 2147483647.0 && dix == floor(dix)) ||
	    !json_is_array(purposes) || !json_array_size(purposes))
		FAIL(PCF_REASON_MANIFEST_FIELD, "the manifest's status-list entry needs an id, an index and purposes");
	id = json_string_value(json_object_get(sl, "id"));
	index = (int64_t)dix;
	if (strlen(id) > PCF_STATUS_LIST_ID_MAX)
		FAIL(PCF_REASON_MANIFEST_FIELD, "the manifest's status-list id is longer than %d bytes", PCF_STATUS_LIST_ID_MAX);
	/* Every list given for this id must be usable: a bad list is never silently ignored. */
	for (i = 0; i < ls->n; i++) {
		const slist *l = &ls->l[i];
		int named = 0;
		if (l->bad) {
			*code = PCF_VERDICT_INVALID;
			*reason = l->bad;
			snprintf(msg, msglen, "status list %s: %s", l->path, l->why);
			goto out;
		}
		if (strcmp(l->id, id))
			continue;
		for (p = 0; p < json_array_size(purposes); p++)
			if (json_is_string(json_array_get(purposes, p)) &&
			    !strcmp(json_string_value(json_array_get(purposes, p)), l->purpose))
				named = 1;
		if (!named)
			FAIL(PCF_REASON_STATUS_LIST_PURPOSE, "status list %s is for the purpose '%s', which the bundle's entry "
			     "does not name", l->path, l->purpose);
	}
	for (p = 0; p < json_array_size(purposes); p++) {
		const char *purpose = json_string_value(json_array_get(purposes, p));
		const slist *best = NULL;
		int seen = 0;
		if (!purpose)
			FAIL(PCF_REASON_MANIFEST_FIELD, "the manifest's status-list purposes must be strings");
		for (i = 0; i < ls->n; i++) {
			const slist *l = &ls->l[i];
			if (strcmp(l->id, id) || strcmp(l->purpose, purpose))
				continue;
			seen = 1;
			if (l->valid_from <= t && t < l->valid_until && (!best || l->valid_from > best->valid_from))
				best = l;
		}
		if (!best) {
			if (seen)
				FAIL(PCF_REASON_STATUS_LIST_STALE, "no %s list given for %s is valid at %s", purpose, id,
				     pcf_bundle_time_format(t, tb));
			if (ls->require)
				FAIL(PCF_REASON_STATUS_UNAVAILABLE, "no %s list for %s was given (--require-status)", purpose, id);
			continue;
		}
		{
			pcf_reason r = PCF_REASON_NONE;
			int good = 0, hit = 0;
			slist *bl = (slist *)best;   /* logically const: only the memo changes, under the lock */
			pthread_mutex_lock(&((pcf_status_lists *)ls)->lock);
			if (leaf && bl->chk_leaf && bl->chk_t == t && !X509_cmp(bl->chk_leaf, leaf)) {
				hit = 1;
				good = bl->chk_ok;
				r = bl->chk_reason;
				snprintf(why, sizeof why, "%s", bl->chk_why);
			}
			pthread_mutex_unlock(&((pcf_status_lists *)ls)->lock);
			if (!hit) {
				good = check_signer(trust, no_revocation_check, best, leaf, t, &r, why, sizeof why);
				pthread_mutex_lock(&((pcf_status_lists *)ls)->lock);
				X509_free(bl->chk_leaf);
				bl->chk_leaf = leaf && X509_up_ref(leaf) ? leaf : NULL;
				bl->chk_ok = good;
				bl->chk_t = t;
				bl->chk_reason = r;
				snprintf(bl->chk_why, sizeof bl->chk_why, "%s", why);
				pthread_mutex_unlock(&((pcf_status_lists *)ls)->lock);
			}
			if (!good)
				FAIL(r, "status list %s: %s", best->path, why);
		}
		if (index >= (int64_t)best->nbits)
			FAIL(PCF_REASON_STATUS_ENTRY_MISSING, "status list %s has %zu entries; the bundle's index is %lld",
			     best->path, best->nbits, (long long)index);
		checked++;
		if (bit(best, index)) {
			if (!strcmp(purpose, "revocation"))
				withdrawn = 1;
			else if (!strcmp(purpose, "suspension"))
				suspended = 1;
		}
	}
	if (withdrawn) {
		*code = PCF_VERDICT_WITHDRAWN;
		*reason = PCF_REASON_STATUS_WITHDRAWN;
		snprintf(msg, msglen, "the certification body has withdrawn this certificate (status list %s, index %lld)",
		         id, (long long)index);
	} else if (suspended) {
		*code = PCF_VERDICT_SUSPENDED;
		*reason = PCF_REASON_STATUS_SUSPENDED;
		snprintf(msg, msglen, "the certification body has suspended this certificate (status list %s, index %lld)",
		         id, (long long)index);
	} else if (checked) {
		snprintf(msg, msglen, "status checked: not suspended or withdrawn (status list %s, index %lld)", id,
		         (long long)index);
	} else {
		snprintf(msg, msglen, "status not checked: no list for %s", id);
	}
#undef FAIL
out:
	json_decref(root);
	return PCF_OK;
}

void pcfi_status_step(const pcf_status_lists *ls, const pcf_trust *trust, int no_revocation_check, pcf_verdict *vd,
                      const void *man, size_t manlen, X509 *leaf, int64_t t)
{
	pcf_verdict_code c = pcf_verdict_get_code(vd), code;
	pcf_reason reason;
	char msg[1024];

	if (c != PCF_VERDICT_VALID && c != PCF_VERDICT_EXPIRED && c != PCF_VERDICT_NOT_YET_VALID) {
		/* invalid stays invalid; a mismatch or revocation says more than the status */
		if (c != PCF_VERDICT_INVALID && c != PCF_VERDICT_IO_ERROR)
			pcfi_vd_detail(vd, CK_STATUS, PCF_VERIFY_SKIPPED, "not checked: the verdict is already %s",
			               pcf_verdict_code_name(c));
		return;
	}
	if (check_leaf(ls, trust, no_revocation_check, man, manlen, leaf, t, &code, &reason, msg, sizeof msg, NULL) !=
	    PCF_OK) {
		pcfi_vd_detail(vd, CK_STATUS, PCF_VERIFY_FAIL, "the status check failed");
		pcfi_verdict_override(vd, PCF_VERDICT_INVALID, PCF_REASON_INTERNAL, "the status check failed");
		return;
	}
	/* The status check among the verdict's checks (pcf verify --json): its outcome and what it saw. */
	if (code != PCF_VERDICT_VALID) {
		pcfi_vd_detail(vd, CK_STATUS, PCF_VERIFY_FAIL, "%s: %s", pcf_reason_name(reason), msg);
		pcfi_verdict_override(vd, code, reason, msg);
	} else {
		pcfi_vd_detail(vd, CK_STATUS, strncmp(msg, "status checked", 14) ? PCF_VERIFY_SKIPPED : PCF_VERIFY_PASS, "%s",
		               msg);
	}
}
