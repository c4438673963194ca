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

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/jsonw.h"
#include "verify/verify_impl.h"
#include "verify/verify_manifest.h"
#include "verify/verify_recompute.h"

/* documentSigning, RFC 9336. */
#define OID_DOCUMENT_SIGNING "1.3.6.1.5.5.7.3.36"

enum {
	CK_ARCHIVE, CK_MANIFEST, CK_ENTRIES, CK_DIGESTS, CK_SIGNATURE, CK_ALGORITHMS, CK_SIGNER, CK_CHAIN,
	CK_REVOCATION, CK_CERT_VALIDITY, CK_PCF_VALIDITY, CK_RECOMPUTE, CK_N
};

static const char *const check_names[CK_N] = {
	"archive", "manifest", "entries", "digests", "signature", "algorithms", "signer", "chain",
	"revocation", "certificate-validity", "pcf-validity", "recompute"
};

/* Chain verifications remembered by a verifier (see chain_run). */
#define CHAIN_MEMO_MAX 32

typedef struct chain_err {
	int code, depth;
	char subject[256];
} chain_err;

typedef struct chain_rec {
	chain_err e[16];
	int n;
} chain_rec;

/* The outcome of one chain verification: all that the checks after it look at. */
typedef struct chain_result {
	int ret;               /* X509_verify_cert's result; -1 when it could not be set up */
	int error;             /* the context's error code after the run */
	chain_rec rec;         /* every problem the callback saw */
	STACK_OF(X509) *chain; /* the chain built, leaf first (own references); NULL when none */
} chain_result;

typedef struct chain_memo {
	unsigned char key[32]; /* SHA-256 of everything the verification depends on (chain_key) */
	chain_result res;
} chain_memo;

/* Certificates decoded by a verifier, by SHA-256 of their DER (see cms_decode). */
#define CERT_CACHE_MAX 32

typedef struct cert_entry {
	unsigned char key[32];
	X509 *x;
	char *subject; /* cert_subject of x with a 1024-byte buffer, once asked for (cached_subject) */
} cert_entry;

struct pcf_verifier {
	const pcf_trust *trust;
	pcf_verify_options opts;
	char *plugin_dir;
	pcfi_vfy_recomputer *recomputer;
	X509_STORE *tsa_store; /* TSA anchors with the CRLs, when opts.tsa_trust is set */
	pthread_mutex_t memo_lock; /* guards the memo and the certificate cache: verifiers are shared by threads */
	chain_memo memo[CHAIN_MEMO_MAX];
	size_t nmemo, memo_next;
	cert_entry certs[CERT_CACHE_MAX];
	size_t ncerts, certs_next;
};

struct pcf_verdict {
	char *bundle;
	pcf_verdict_code code;
	pcf_reason reason;
	char *message;
	pcf_verify_outcome outcome[CK_N];
	char *detail[CK_N];
	int hard;                          /* a hard failure happened */
	pcf_reason soft_revoked, soft_cert_time, soft_pcf_time, soft_recompute;
	char *soft_msg_revoked, *soft_msg_cert_time, *soft_msg_pcf_time, *soft_msg_recompute;
	int revocation_checked, recomputed;
	char *note;
	/* what the manifest says, once it was parsed */
	char *certificate_id, *supersedes, *issued_at, *valid_from, *valid_until, *issuer, *product_id, *product_name,
	     *method_id, *method_version, *unit, *signer_subject, *superseded_by;
	double total;
	int has_manifest;
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
	[PCF_REASON_MANIFEST_RESULT] = "manifest-result-mismatch",
	[PCF_REASON_ARCHIVE_PROFILE] = "archive-header-profile",
	[PCF_REASON_ENTRY_NAME_CONFLICT] = "entry-name-conflict",
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

void pcf_verify_options_init(pcf_verify_options *o)
{
	if (!o)
		return;
	memset(o, 0, sizeof *o);
	pcf_verify_limits_fill(&o->limits);
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
		pcf_verify_options_init(&v->opts);
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
	if (!v->opts.no_recompute && (st = pcfi_vfy_recomputer_new(v->plugin_dir, &v->recomputer, err)) != PCF_OK) {
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

static void set_detail(pcf_verdict *vd, int ck, pcf_verify_outcome o, const char *fmt, ...) PCFI_PRINTF(4, 5);

static void set_detail(pcf_verdict *vd, int ck, pcf_verify_outcome o, const char *fmt, ...)
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

/* A hard failure of check ck: the first one decides the verdict's reason and message. */
static void hard(pcf_verdict *vd, int ck, pcf_reason reason, const char *fmt, ...) PCFI_PRINTF(4, 5);

static void hard(pcf_verdict *vd, int ck, pcf_reason reason, const char *fmt, ...)
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

static void soft(pcf_verdict *vd, int ck, pcf_reason reason, pcf_reason *slot, char **slot_msg, const char *fmt, ...)
	PCFI_PRINTF(6, 7);

static void soft(pcf_verdict *vd, int ck, pcf_reason reason, pcf_reason *slot, char **slot_msg, const char *fmt, ...)
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
	free(vd->superseded_by);
	free(vd);
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

int pcf_verdict_revocation_checked(const pcf_verdict *vd)
{
	return vd ? vd->revocation_checked : 0;
}

int pcf_verdict_recomputed(const pcf_verdict *vd)
{
	return vd ? vd->recomputed : 0;
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
		*name = check_names[i];
	if (outcome)
		*outcome = vd->outcome[i];
	if (detail)
		*detail = vd->detail[i] ? vd->detail[i] : "";
	return PCF_OK;
}

/* ---- policy helpers ---- */

static int digest_allowed(int nid)
{
	return nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512;
}

static const char *nid_name(int nid)
{
	const char *s = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
	return s ? s : "unknown";
}

/* RSA >= 2048 bits, EC on P-256/P-384/P-521, Ed25519. Fills why (size len) when refused. */
static int key_allowed(EVP_PKEY *pk, char *why, size_t len)
{
	int id;

	if (!pk) {
		snprintf(why, len, "no public key");
		return 0;
	}
	id = EVP_PKEY_get_base_id(pk);
	if (id == EVP_PKEY_RSA) {
		if (EVP_PKEY_get_bits(pk) >= 2048)
			return 1;
		snprintf(why, len, "an RSA key of %d bits (at least 2048 needed)", EVP_PKEY_get_bits(pk));
		return 0;
	}
	if (id == EVP_PKEY_EC) {
		char group[80] = "";
		size_t glen = 0;
		if (EVP_PKEY_get_utf8_string_param(pk, "group", group, sizeof group, &glen) &&
		    (!strcmp(group, "prime256v1") || !strcmp(group, "P-256") || !strcmp(group, "secp384r1") ||
		     !strcmp(group, "P-384") || !strcmp(group, "secp521r1") || !strcmp(group, "P-521")))
			return 1;
		snprintf(why, len, "an EC key on curve %s (P-256, P-384 or P-521 needed)", group[0] ? group : "(explicit parameters)");
		return 0;
	}
	if (id == EVP_PKEY_ED25519)
		return 1;
	snprintf(why, len, "a %s key (RSA, EC or Ed25519 needed)", nid_name(id));
	return 0;
}

static void cert_subject(X509 *x, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;

	buf[0] = 0;
	if (!b)
		return;
	X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV & ~ASN1_STRFLGS_ESC_MSB);
	n = BIO_get_mem_data(b, &p);
	if (n > 0)
		snprintf(buf, len, "%.*s", (int)(n < (long)len ? n : (long)len - 1), p);
	BIO_free(b);
}

/* The first value of attribute nid in x's subject as UTF-8 (caller frees), or NULL. */
static char *subject_entry(X509 *x, int nid)
{
	X509_NAME *n = X509_get_subject_name(x);
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	unsigned char *u = NULL;
	char *r;
	int len;

	if (i < 0)
		return NULL;
	len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
	if (len < 0)
		return NULL;
	r = malloc((size_t)len + 1);
	if (r) {
		memcpy(r, u, (size_t)len);
		r[len] = 0;
	}
	OPENSSL_free(u);
	return r;
}

static int has_eku(X509 *x, const char *oid)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	ASN1_OBJECT *want = OBJ_txt2obj(oid, 1);
	int i, found = 0;

	if (eku && want)
		for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
			if (!OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want))
				found = 1;
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	return found;
}

/* ---- the steps ---- */

typedef struct run {
	const pcf_verifier *v;
	pcf_verdict *vd;
	const char *name;
	pcf_bundle_view *view;
	pcfi_vfy_manifest m;
	int have_manifest;
	const unsigned char *man, *sig;
	size_t manlen, siglen;
	CMS_ContentInfo *cms;
	STACK_OF(X509) *certs;
	X509 *leaf;
	int structure_only;
	int ts_set;       /* a verified timestamp token gives the signing time */
	int64_t ts_time;
	X509 *cert_x[16]; /* the certificates cms_decode_cached read, and the SHA-256 of their DER */
	unsigned char cert_key[16][32];
	int ncert_keys;
} run;

static void step_archive(run *r, const unsigned char *data, size_t len)
{
	pcf_error e;
	pcf_reason reason = PCF_REASON_NONE;
	long mi, si;

	pcf_error_clear(&e);
	if (pcf_bundle_view_read_memory(r->name, data, len, &r->v->opts.limits, &r->view, &reason, &e) != PCF_OK) {
		hard(r->vd, CK_ARCHIVE, reason ? reason : PCF_REASON_INTERNAL, "%s", e.message);
		return;
	}
	mi = pcf_bundle_view_find(r->view, PCFI_MANIFEST_NAME);
	si = pcf_bundle_view_find(r->view, PCFI_SIGNATURE_NAME);
	if (mi < 0) {
		hard(r->vd, CK_ARCHIVE, PCF_REASON_MANIFEST_MISSING, "the archive has no %s", PCFI_MANIFEST_NAME);
		return;
	}
	if (si < 0 && !r->structure_only) {
		hard(r->vd, CK_ARCHIVE, PCF_REASON_SIGNATURE_MISSING, "the archive has no %s", PCFI_SIGNATURE_NAME);
		return;
	}
	r->man = pcf_bundle_view_data(r->view, (size_t)mi, &r->manlen);
	if (si >= 0)
		r->sig = pcf_bundle_view_data(r->view, (size_t)si, &r->siglen);
	if (r->manlen > r->v->opts.limits.max_manifest_bytes) {
		hard(r->vd, CK_ARCHIVE, PCF_REASON_ENTRY_TOO_LARGE, "%s is %zu bytes, more than the limit of %llu",
		     PCFI_MANIFEST_NAME, r->manlen, (unsigned long long)r->v->opts.limits.max_manifest_bytes);
		return;
	}
	if (r->sig && r->siglen > r->v->opts.limits.max_signature_bytes) {
		hard(r->vd, CK_ARCHIVE, PCF_REASON_ENTRY_TOO_LARGE, "%s is %zu bytes, more than the limit of %llu",
		     PCFI_SIGNATURE_NAME, r->siglen, (unsigned long long)r->v->opts.limits.max_signature_bytes);
		return;
	}
	set_detail(r->vd, CK_ARCHIVE, PCF_VERIFY_PASS, "%zu regular files, names and sizes within limits",
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
		hard(vd, CK_MANIFEST, reason, "%s", where);
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
	set_detail(vd, CK_MANIFEST, PCF_VERIFY_PASS, "%s format %d.%d, %zu files listed", PCFI_MANIFEST_KIND, r->m.major,
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

static void step_entries(run *r)
{
	size_t i, n = pcf_bundle_view_count(r->view);

	/* Every archive entry is listed (or is the manifest or its signature) ... */
	for (i = 0; i < n; i++) {
		const char *name = pcf_bundle_view_name(r->view, i);
		if (!strcmp(name, PCFI_MANIFEST_NAME) || !strcmp(name, PCFI_SIGNATURE_NAME))
			continue;
		if (!manifest_file(&r->m, name)) {
			hard(r->vd, CK_ENTRIES, PCF_REASON_ENTRY_UNLISTED, "entry '%s' is in the archive but not in the manifest",
			     name);
			return;
		}
	}
	/* ... and every listed file is in the archive (exactly once: the reader refuses duplicates). */
	for (i = 0; i < r->m.nfiles; i++)
		if (pcf_bundle_view_find(r->view, r->m.files[i].path) < 0) {
			hard(r->vd, CK_ENTRIES, PCF_REASON_ENTRY_MISSING, "'%s' is listed in the manifest but not in the archive",
			     r->m.files[i].path);
			return;
		}
	set_detail(r->vd, CK_ENTRIES, PCF_VERIFY_PASS, "entries are exactly the %zu listed files, %s and %s", r->m.nfiles,
	           PCFI_MANIFEST_NAME, PCFI_SIGNATURE_NAME);
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < n; i++) {
		out[2 * i] = x[d[i] >> 4];
		out[2 * i + 1] = x[d[i] & 15];
	}
	out[2 * n] = 0;
}

static void step_digests(run *r)
{
	size_t i;

	for (i = 0; i < r->m.nfiles; i++) {
		const pcfi_vfy_file *f = &r->m.files[i];
		long k = pcf_bundle_view_find(r->view, f->path);
		size_t len;
		char got[65], want[65];

		pcf_bundle_view_data(r->view, (size_t)k, &len);
		if ((uint64_t)len != f->size) {
			hard(r->vd, CK_DIGESTS, PCF_REASON_ENTRY_SIZE, "'%s' is %zu bytes, the manifest says %llu", f->path, len,
			     (unsigned long long)f->size);
			return;
		}
		if (memcmp(pcf_bundle_view_sha256(r->view, (size_t)k), f->sha256, 32)) {
			hex(pcf_bundle_view_sha256(r->view, (size_t)k), 32, got);
			hex(f->sha256, 32, want);
			hard(r->vd, CK_DIGESTS, PCF_REASON_ENTRY_DIGEST, "'%s' has SHA-256 %s, the manifest says %s", f->path, got,
			     want);
			return;
		}
	}
	set_detail(r->vd, CK_DIGESTS, PCF_VERIFY_PASS, "size and SHA-256 of all %zu files match the manifest", r->m.nfiles);
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

	pcf_error_clear(&e);
	if (pcfi_vfy_manifest_check_result(&r->m, rd, len0, pcf_bundle_view_sha256(r->view, (size_t)ii), &reason, &e)) {
		pcf_error_format(&e, where, sizeof where);
		hard(r->vd, CK_MANIFEST, reason ? reason : PCF_REASON_INTERNAL, "%s", where);
	}
}

static void openssl_msg(char *buf, size_t len)
{
	buf[0] = 0;
	pcfi_vfy_openssl_errors(buf, len);
	if (!buf[0])
		snprintf(buf, len, "no detail from OpenSSL");
}

/* One DER TLV at *p (definite length, low tag numbers only); 0 when malformed. */
static int der_next(const unsigned char **p, const unsigned char *end, unsigned *tag, const unsigned char **val,
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
static int cms_versions(const unsigned char *der, size_t n, int *sd_version, int *si_version)
{
	const unsigned char *p = der, *end = der + n, *v, *w, *x;
	size_t l;
	unsigned tag;

	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x30)
		return 0;
	p = v;
	end = v + l;
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x06)            /* contentType */
		return 0;
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0xa0)            /* [0] EXPLICIT */
		return 0;
	p = v;
	end = v + l;
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x30)            /* SignedData */
		return 0;
	p = v;
	end = v + l;
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x02 || l != 1)  /* version */
		return 0;
	*sd_version = v[0];
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x31)            /* digestAlgorithms */
		return 0;
	if (!der_next(&p, end, &tag, &v, &l) || tag != 0x30)            /* encapContentInfo */
		return 0;
	do {
		if (!der_next(&p, end, &tag, &v, &l))
			return 0;
	} while (tag == 0xa0 || tag == 0xa1);                           /* certificates, crls */
	if (tag != 0x31)                                                /* signerInfos */
		return 0;
	w = v;
	if (!der_next(&w, v + l, &tag, &x, &l) || tag != 0x30)          /* the first SignerInfo */
		return 0;
	w = x;
	if (!der_next(&w, x + l, &tag, &v, &l) || tag != 0x02 || l != 1)
		return 0;
	*si_version = v[0];
	return 1;
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
	TS_VERIFY_CTX *vc = NULL;
	const EVP_MD *md;
	unsigned char *imprint = NULL;
	unsigned int mdlen = 0;
	ASN1_OCTET_STRING *sigval;
	X509_ALGOR *alg;
	struct tm tm;
	int64_t when, limit = r->v->opts.at_set ? r->v->opts.at : (int64_t)time(NULL);
	char msg[600];

	if (idx < 0)
		return 1;
	if (!r->v->tsa_store) {
		snprintf(detail, dlen, "; a timestamp token is present but not used (no TSA anchors: --tsa-trust)");
		return 1;
	}
	attr = CMS_unsigned_get_attr(si, idx);
	if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, idx) >= 0 || X509_ATTRIBUTE_count(attr) != 1 ||
	    !(t = X509_ATTRIBUTE_get0_type(attr, 0)) || t->type != V_ASN1_SEQUENCE) {
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: expected one timestamp token", PCFI_SIGNATURE_NAME);
		return 0;
	}
	ERR_clear_error();
	p = t->value.sequence->data;
	tok = d2i_PKCS7(NULL, &p, t->value.sequence->length);
	if (!tok || !(tst = PKCS7_to_TS_TST_INFO(tok))) {
		openssl_msg(msg, sizeof msg);
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: the timestamp token cannot be read: %s",
		     PCFI_SIGNATURE_NAME, msg);
		goto out;
	}
	alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(tst));
	md = alg ? EVP_get_digestbyobj(alg->algorithm) : NULL;
	sigval = CMS_SignerInfo_get0_signature(si);
	if (!md || !digest_allowed(EVP_MD_get_type(md))) {
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
		     "%s: the timestamp's imprint uses %s (SHA-256/384/512 needed)", PCFI_SIGNATURE_NAME,
		     alg ? nid_name(OBJ_obj2nid(alg->algorithm)) : "no algorithm");
		goto out;
	}
	if (!(imprint = OPENSSL_malloc(EVP_MAX_MD_SIZE)) ||
	    !EVP_Digest(sigval->data, (size_t)sigval->length, imprint, &mdlen, md, NULL) || !(vc = TS_VERIFY_CTX_new()) ||
	    !X509_STORE_up_ref(r->v->tsa_store)) {
		hard(vd, CK_SIGNATURE, PCF_REASON_INTERNAL, "out of memory");
		goto out;
	}
	TS_VERIFY_CTX_set_store(vc, r->v->tsa_store); /* the context frees its reference */
	TS_VERIFY_CTX_add_flags(vc, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(vc, imprint, mdlen); /* the context owns it now */
	imprint = NULL;
	if (TS_RESP_verify_token(vc, tok) != 1) {
		openssl_msg(msg, sizeof msg);
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
		     "%s: the timestamp token does not verify for this signature with the TSA anchors: %s",
		     PCFI_SIGNATURE_NAME, msg);
		goto out;
	}
	if (!ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm)) {
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID, "%s: the timestamp's time cannot be read",
		     PCFI_SIGNATURE_NAME);
		goto out;
	}
	when = (int64_t)timegm(&tm);
	if (when > limit) {
		hard(vd, CK_SIGNATURE, PCF_REASON_TIMESTAMP_INVALID,
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
	OPENSSL_free(imprint);
	TS_VERIFY_CTX_free(vc);
	TS_TST_INFO_free(tst);
	PKCS7_free(tok);
	ERR_clear_error();
	return ok;
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
 * cert_subject(x, buf, len) (len <= SUBJECT_MAX), printed once per certificate in the verifier's
 * cache: every bundle of one issuer names the same signer. Certificates not in the cache are printed.
 */
#define SUBJECT_MAX 1024

static void cached_subject(const pcf_verifier *cv, X509 *x, char *buf, size_t len)
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
	cert_subject(x, full, sizeof full);
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
static CMS_ContentInfo *cms_decode_cached(run *r)
{
	const unsigned char *end = r->sig + r->siglen, *p = r->sig, *ci, *ex_tlv, *ex, *sd, *q, *f, *cs, *ce, *c, *dp;
	size_t cil, exl, sdl, fl, n = 0, i, inner, sd_tlv, ex_tlv_new, type_tlv;
	unsigned tag;
	X509 *certs[16];
	unsigned char *out = NULL, *o;
	CMS_ContentInfo *cms = NULL;
	int ok = 0;

	/* ContentInfo, exactly the whole file; contentType; [0] EXPLICIT, the rest of it; SignedData, all of [0]. */
	if (!der_next(&p, end, &tag, &ci, &cil) || tag != 0x30 || p != end)
		return NULL;
	p = ci;
	if (!der_next(&p, ci + cil, &tag, &f, &fl) || tag != 0x06)
		return NULL;
	ex_tlv = p;
	if (!der_next(&p, ci + cil, &tag, &ex, &exl) || tag != 0xa0 || p != ci + cil)
		return NULL;
	p = ex;
	if (!der_next(&p, ex + exl, &tag, &sd, &sdl) || tag != 0x30 || p != ex + exl)
		return NULL;
	/* version, digestAlgorithms, encapContentInfo, then [0] IMPLICIT certificates. */
	q = sd;
	if (!der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0x02 || !der_next(&q, sd + sdl, &tag, &f, &fl) ||
	    tag != 0x31 || !der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0x30)
		return NULL;
	cs = q;
	if (!der_next(&q, sd + sdl, &tag, &f, &fl) || tag != 0xa0)
		return NULL; /* no certificates: nothing to save */
	ce = q;
	for (c = f; c < f + fl; n++) {
		const unsigned char *start = c, *cv;
		size_t cl;
		/* Only X.509 certificates (a SEQUENCE), at most the limit (more: OpenSSL decodes, the check reports). */
		if (n >= r->v->opts.limits.max_certificates || n >= sizeof certs / sizeof *certs ||
		    !der_next(&c, f + fl, &tag, &cv, &cl) || tag != 0x30 ||
		    !(certs[n] = cached_cert(r->v, start, (size_t)(c - start), r->cert_key[n])))
			goto out;
	}
	/* [1] crls OPTIONAL, then signerInfos, the last field. */
	if (!der_next(&q, sd + sdl, &tag, &f, &fl) || (tag == 0xa1 && !der_next(&q, sd + sdl, &tag, &f, &fl)) ||
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

/* CMS structure, the signer certificate, algorithms, then the cryptographic check. */
static void step_signature(run *r)
{
	pcf_verdict *vd = r->vd;
	const pcf_verify_limits *lim = &r->v->opts.limits;
	const unsigned char *p = r->sig;
	STACK_OF(CMS_SignerInfo) *sis;
	CMS_SignerInfo *si;
	X509_ALGOR *dig = NULL, *sigalg = NULL;
	int i, n, matches = 0, dnid, snid, mdnid = NID_undef, pknid = NID_undef;
	char msg[1024];
	BIO *content;
	STACK_OF(X509) *signers;

	ERR_clear_error();
	if ((r->cms = cms_decode_cached(r)) != NULL)
		p = r->sig + r->siglen; /* it spans the whole file, or it is not used */
	else
		r->cms = d2i_CMS_ContentInfo(NULL, &p, (long)r->siglen);
	if (!r->cms) {
		openssl_msg(msg, sizeof msg);
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: expected DER CMS SignedData: %s",
		     PCFI_SIGNATURE_NAME, msg);
		return;
	}
	if (p != r->sig + r->siglen) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: %zu bytes after the CMS structure",
		     PCFI_SIGNATURE_NAME, (size_t)(r->sig + r->siglen - p));
		return;
	}
	if (OBJ_obj2nid(CMS_get0_type(r->cms)) != NID_pkcs7_signed) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED, "%s: expected CMS SignedData, found %s",
		     PCFI_SIGNATURE_NAME, nid_name(OBJ_obj2nid(CMS_get0_type(r->cms))));
		return;
	}
	if (CMS_is_detached(r->cms) != 1) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NOT_DETACHED,
		     "%s: the signature carries its own content; expected a detached signature over %s", PCFI_SIGNATURE_NAME,
		     PCFI_MANIFEST_NAME);
		return;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(r->cms)) != NID_pkcs7_data) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_CONTENT_TYPE, "%s: expected content type id-data, found %s",
		     PCFI_SIGNATURE_NAME, nid_name(OBJ_obj2nid(CMS_get0_eContentType(r->cms))));
		return;
	}
	sis = CMS_get0_SignerInfos(r->cms);
	n = sis ? sk_CMS_SignerInfo_num(sis) : 0;
	if (n != 1) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_SIGNER_COUNT, "%s: expected exactly one signer, found %d",
		     PCFI_SIGNATURE_NAME, n);
		return;
	}
	si = sk_CMS_SignerInfo_value(sis, 0);
	{
		/* RFC 5652: SignerInfo version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier;
		 * SignedData version 3 when a SignerInfo is version 3, else 1 (id-data, no other types). */
		int sdv = -1, siv = -1;
		ASN1_OCTET_STRING *keyid = NULL;
		X509_NAME *iss = NULL;
		ASN1_INTEGER *sno = NULL;
		if (!cms_versions(r->sig, r->siglen, &sdv, &siv) ||
		    !CMS_SignerInfo_get0_signer_id(si, &keyid, &iss, &sno) || siv != (keyid ? 3 : 1) ||
		    sdv != (siv == 3 ? 3 : 1)) {
			hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_MALFORMED,
			     "%s: expected DER with SignedData version %d and SignerInfo version %d, found %d and %d",
			     PCFI_SIGNATURE_NAME, keyid ? 3 : 1, keyid ? 3 : 1, sdv, siv);
			ERR_clear_error();
			return;
		}
	}
	if (CMS_signed_get_attr_count(si) <= 0) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS, "%s: the signer has no signed attributes",
		     PCFI_SIGNATURE_NAME);
		return;
	}
	{
		const ASN1_OBJECT *ct = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT);
		if (!ct || OBJ_obj2nid(ct) != NID_pkcs7_data ||
		    !CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING)) {
			hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS,
			     "%s: expected signed attributes contentType (id-data) and messageDigest", PCFI_SIGNATURE_NAME);
			ERR_clear_error();
			return;
		}
	}
	/* The certificates: capped in number and size; exactly one is the signer's. */
	r->certs = CMS_get1_certs(r->cms);
	n = r->certs ? sk_X509_num(r->certs) : 0;
	if ((uint64_t)n > lim->max_certificates) {
		hard(vd, CK_SIGNATURE, PCF_REASON_CERTIFICATE_LIMIT, "%s: %d certificates, more than the limit of %llu",
		     PCFI_SIGNATURE_NAME, n, (unsigned long long)lim->max_certificates);
		return;
	}
	for (i = 0; i < n; i++) {
		X509 *x = sk_X509_value(r->certs, i);
		int der = i2d_X509(x, NULL);
		if (der <= 0 || (uint64_t)der > lim->max_certificate_bytes) {
			hard(vd, CK_SIGNATURE, PCF_REASON_CERTIFICATE_LIMIT,
			     "%s: certificate %d is %d bytes, more than the limit of %llu", PCFI_SIGNATURE_NAME, i + 1, der,
			     (unsigned long long)lim->max_certificate_bytes);
			return;
		}
		if (CMS_SignerInfo_cert_cmp(si, x) == 0) {
			matches++;
			r->leaf = x;
		}
	}
	if (matches == 0) {
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_MISSING,
		     "%s: the signer's certificate is not among the %d certificates in the signature", PCFI_SIGNATURE_NAME, n);
		return;
	}
	if (matches > 1) {
		r->leaf = NULL;
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF, "%s: %d certificates match the signer's identifier",
		     PCFI_SIGNATURE_NAME, matches);
		return;
	}
	for (i = 0; i < n; i++) {
		X509 *x = sk_X509_value(r->certs, i);
		if (x != r->leaf && X509_check_ca(x) == 0) {
			cert_subject(x, msg, sizeof msg);
			hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF,
			     "%s: carries another end-entity certificate (%s) besides the signer's; only the signer and CA "
			     "certificates belong there", PCFI_SIGNATURE_NAME, msg);
			return;
		}
	}
	cached_subject(r->v, r->leaf, msg, sizeof msg);
	vd->signer_subject = strdup(msg);

	/* Algorithms: digest and signature on the allow-list, the signer key strong enough. */
	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &sigalg);
	dnid = dig ? OBJ_obj2nid(dig->algorithm) : NID_undef;
	snid = sigalg ? OBJ_obj2nid(sigalg->algorithm) : NID_undef;
	/* Parameters are not covered by the signature and OpenSSL ignores them here: absent or NULL only. */
	{
		int dpt = V_ASN1_UNDEF, spt = V_ASN1_UNDEF;
		if (dig)
			X509_ALGOR_get0(NULL, &dpt, NULL, dig);
		if (sigalg)
			X509_ALGOR_get0(NULL, &spt, NULL, sigalg);
		if ((dpt != V_ASN1_UNDEF && dpt != V_ASN1_NULL) || (spt != V_ASN1_UNDEF && spt != V_ASN1_NULL)) {
			hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
			     "%s: the %s algorithm has parameters of ASN.1 type %d; expected none or NULL", PCFI_SIGNATURE_NAME,
			     (dpt != V_ASN1_UNDEF && dpt != V_ASN1_NULL) ? "digest" : "signature",
			     (dpt != V_ASN1_UNDEF && dpt != V_ASN1_NULL) ? dpt : spt);
			return;
		}
	}
	if (!digest_allowed(dnid)) {
		hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM, "%s: digest algorithm %s is not allowed (SHA-256, SHA-384 or "
		     "SHA-512 needed)", PCFI_SIGNATURE_NAME, nid_name(dnid));
		return;
	}
	if (snid != NID_rsaEncryption && snid != NID_X9_62_id_ecPublicKey && snid != NID_ED25519) {
		if (!OBJ_find_sigid_algs(snid, &mdnid, &pknid) ||
		    !(pknid == NID_rsaEncryption || pknid == NID_X9_62_id_ecPublicKey) || !digest_allowed(mdnid) ||
		    mdnid != dnid) {
			hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
			     "%s: signature algorithm %s is not allowed with digest %s (RSA PKCS#1 v1.5, ECDSA or Ed25519 with "
			     "SHA-256/384/512 needed)", PCFI_SIGNATURE_NAME, nid_name(snid), nid_name(dnid));
			return;
		}
	}
	{
		char why[160];
		EVP_PKEY *pk = X509_get0_pubkey(r->leaf);
		if (!key_allowed(pk, why, sizeof why)) {
			hard(vd, CK_ALGORITHMS, PCF_REASON_KEY, "the signer certificate has %s", why);
			return;
		}
		if (snid == NID_ED25519 && EVP_PKEY_get_base_id(pk) != EVP_PKEY_ED25519) {
			hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM, "the signature algorithm does not fit the signer's key");
			return;
		}
	}

	/* The signature over the exact bytes of the manifest. */
	ERR_clear_error();
	content = BIO_new_mem_buf(r->man, (int)r->manlen);
	if (!content) {
		hard(vd, CK_SIGNATURE, PCF_REASON_INTERNAL, "out of memory");
		return;
	}
	if (CMS_verify(r->cms, NULL, NULL, content, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		openssl_msg(msg, sizeof msg);
		BIO_free(content);
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNATURE_INVALID, "%s does not verify over the bytes of %s: %s",
		     PCFI_SIGNATURE_NAME, PCFI_MANIFEST_NAME, msg);
		return;
	}
	BIO_free(content);
	signers = CMS_get0_signers(r->cms);
	if (!signers || sk_X509_num(signers) != 1 || X509_cmp(sk_X509_value(signers, 0), r->leaf)) {
		sk_X509_free(signers);
		hard(vd, CK_SIGNATURE, PCF_REASON_SIGNER_NOT_LEAF, "the certificate OpenSSL verified is not the signer's");
		return;
	}
	sk_X509_free(signers);
	{
		char ts[600] = "";
		if (!step_timestamp(r, si, ts, sizeof ts))
			return;
		set_detail(vd, CK_SIGNATURE, PCF_VERIFY_PASS, "detached CMS, one signer (%s), signature over %s verified%s",
		           vd->signer_subject ? vd->signer_subject : "", PCFI_MANIFEST_NAME, ts);
	}
}

static void step_signer(run *r)
{
	pcf_verdict *vd = r->vd;
	X509 *x = r->leaf;
	uint32_t ku;
	char *cn, *org;

	if (!has_eku(x, OID_DOCUMENT_SIGNING)) {
		hard(vd, CK_SIGNER, PCF_REASON_LEAF_EKU,
		     "the signer certificate lacks the extended key usage documentSigning (%s)", OID_DOCUMENT_SIGNING);
		return;
	}
	if (X509_check_ca(x) != 0) {
		hard(vd, CK_SIGNER, PCF_REASON_LEAF_CA, "the signer certificate is a CA certificate; a leaf is needed");
		return;
	}
	ku = X509_get_key_usage(x);
	if (!(X509_get_extension_flags(x) & EXFLAG_KUSAGE) || !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		hard(vd, CK_SIGNER, PCF_REASON_LEAF_KEY_USAGE,
		     "the signer certificate %s key usage digitalSignature or nonRepudiation",
		     (X509_get_extension_flags(x) & EXFLAG_KUSAGE) ? "lacks the" : "has no key usage extension; expected");
		return;
	}
	/* The manifest names the issuer as the signer certificate does. */
	cn = subject_entry(x, NID_commonName);
	org = subject_entry(x, NID_organizationName);
	if (strcmp(cn ? cn : "", r->m.issuer_name)) {
		hard(vd, CK_SIGNER, PCF_REASON_ISSUER_MISMATCH,
		     "the manifest names the issuer '%.200s', the signer certificate's common name is '%.200s'",
		     r->m.issuer_name, cn ? cn : "");
	} else if ((org || r->m.issuer_org) && (!org || !r->m.issuer_org || strcmp(org, r->m.issuer_org))) {
		hard(vd, CK_SIGNER, PCF_REASON_ISSUER_MISMATCH,
		     "the manifest names the organization '%.200s', the signer certificate's is '%.200s'",
		     r->m.issuer_org ? r->m.issuer_org : "(null)", org ? org : "(none)");
	} else {
		set_detail(vd, CK_SIGNER, PCF_VERIFY_PASS,
		           "documentSigning, not a CA, digitalSignature/nonRepudiation, names the manifest's issuer");
	}
	free(cn);
	free(org);
}

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
			cert_subject(x, ce->subject, sizeof ce->subject);
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
static void chain_run(run *r, STACK_OF(X509) *untrusted, int64_t t, int crl, chain_result *res)
{
	pcf_verifier *v = (pcf_verifier *)r->v; /* logically const: only the memo changes, under its lock */
	X509_STORE_CTX *ctx;
	X509_VERIFY_PARAM *param;
	unsigned char key[32];
	int keyed, hit = 0;
	size_t i;

	memset(res, 0, sizeof *res);
	res->ret = -1;
	keyed = chain_key(r, untrusted, t, crl, key);
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
		X509_STORE_CTX_set0_crls(ctx, pcfi_trust_crls(r->v->trust));
		X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
	}
	X509_STORE_CTX_set_app_data(ctx, &res->rec);
	X509_STORE_CTX_set_verify_cb(ctx, collect_cb);
	res->ret = X509_verify_cert(ctx);
	res->error = X509_STORE_CTX_get_error(ctx);
	if (X509_STORE_CTX_get0_chain(ctx) && !(res->chain = X509_STORE_CTX_get1_chain(ctx)))
		res->ret = -1;
	X509_STORE_CTX_free(ctx);
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

static void step_chain(run *r)
{
	pcf_verdict *vd = r->vd;
	const pcf_verify_options *o = &r->v->opts;
	STACK_OF(X509) *untrusted = sk_X509_new_null(), *chain;
	chain_result res, res2;
	chain_rec rec;
	int64_t now = o->at_set ? o->at : (int64_t)time(NULL);
	int i, hard_seen = 0, crl_seen = 0;

	memset(&res, 0, sizeof res);
	memset(&rec, 0, sizeof rec);
	if (!untrusted) {
		hard(vd, CK_CHAIN, PCF_REASON_INTERNAL, "out of memory");
		goto out;
	}
	for (i = 0; i < sk_X509_num(r->certs); i++)
		if (sk_X509_value(r->certs, i) != r->leaf && !sk_X509_push(untrusted, sk_X509_value(r->certs, i))) {
			hard(vd, CK_CHAIN, PCF_REASON_INTERNAL, "out of memory");
			goto out;
		}
	/*
	 * Without a timestamp: one run at --at or now, with CRLs. With a verified timestamp (T19): the
	 * validity at the timestamp's time, and revocation from the current CRLs at --at or now, in a
	 * second run whose CRL findings alone count (its certificates may have expired since).
	 */
	chain_run(r, untrusted, r->ts_set ? r->ts_time : now, !o->no_revocation_check && !r->ts_set, &res);
	rec = res.rec;
	if (res.ret >= 0 && r->ts_set && !o->no_revocation_check) {
		chain_run(r, untrusted, now, 1, &res2);
		sk_X509_pop_free(res2.chain, X509_free);
		if (res2.ret < 0) {
			hard(vd, CK_CHAIN, PCF_REASON_INTERNAL, "cannot set up chain verification");
			goto out;
		}
		for (i = 0; i < res2.rec.n && rec.n < 16; i++)
			if (is_crl_error(res2.rec.e[i].code) || res2.rec.e[i].code == X509_V_ERR_CERT_REVOKED)
				rec.e[rec.n++] = res2.rec.e[i];
	}
	if (res.ret < 0) {
		hard(vd, CK_CHAIN, PCF_REASON_INTERNAL, "cannot set up chain verification");
		goto out;
	}
	if (res.ret != 1 && rec.n == 0) {
		hard(vd, CK_CHAIN, PCF_REASON_CHAIN_INVALID, "chain verification failed: %s",
		     X509_verify_cert_error_string(res.error));
		goto out;
	}
	/* Hard chain problems first (untrusted, bad signatures, purpose ...), then CRL problems. */
	for (i = 0; i < rec.n; i++) {
		int c = rec.e[i].code;
		if (is_time_error(c) || c == X509_V_ERR_CERT_REVOKED || is_crl_error(c))
			continue;
		hard(vd, CK_CHAIN, chain_reason(c), "certificate at depth %d (%s): %s", rec.e[i].depth, rec.e[i].subject,
		     X509_verify_cert_error_string(c));
		hard_seen = 1;
		break;
	}
	if (hard_seen)
		goto out;
	set_detail(vd, CK_CHAIN, PCF_VERIFY_PASS, "chains to a configured trust anchor");
	if (o->no_revocation_check) {
		set_detail(vd, CK_REVOCATION, PCF_VERIFY_SKIPPED, "revocation not checked (--no-revocation-check)");
	} else {
		for (i = 0; i < rec.n; i++) {
			int c = rec.e[i].code;
			if (!is_crl_error(c))
				continue;
			crl_seen = 1;
			hard(vd, CK_REVOCATION, chain_reason(c),
			     c == X509_V_ERR_UNABLE_TO_GET_CRL ?
			     "no CRL for the certificate at depth %d (%s): give it with --crl, or turn revocation checking off "
			     "with --no-revocation-check" : "CRL for the certificate at depth %d (%s): %s",
			     rec.e[i].depth, rec.e[i].subject, X509_verify_cert_error_string(c));
			break;
		}
		if (crl_seen)
			goto out;
		for (i = 0; i < rec.n; i++)
			if (rec.e[i].code == X509_V_ERR_CERT_REVOKED) {
				soft(vd, CK_REVOCATION, PCF_REASON_CERT_REVOKED, &vd->soft_revoked, &vd->soft_msg_revoked,
				     "the certificate at depth %d (%s) is revoked", rec.e[i].depth, rec.e[i].subject);
				break;
			}
		if (vd->outcome[CK_REVOCATION] != PCF_VERIFY_FAIL) {
			set_detail(vd, CK_REVOCATION, PCF_VERIFY_PASS, "no chain certificate is revoked (CRLs checked for all)");
			vd->revocation_checked = 1;
		}
	}
	for (i = 0; i < rec.n; i++)
		if (is_time_error(rec.e[i].code)) {
			int exp = rec.e[i].code == X509_V_ERR_CERT_HAS_EXPIRED;
			soft(vd, CK_CERT_VALIDITY, exp ? PCF_REASON_CERT_EXPIRED : PCF_REASON_CERT_NOT_YET_VALID,
			     &vd->soft_cert_time, &vd->soft_msg_cert_time, "the certificate at depth %d (%s) is %s at the "
			     "%s", rec.e[i].depth, rec.e[i].subject, exp ? "expired" : "not yet valid",
			     r->ts_set ? "timestamp's time" : "verification time");
			break;
		}
	if (vd->outcome[CK_CERT_VALIDITY] != PCF_VERIFY_FAIL)
		set_detail(vd, CK_CERT_VALIDITY, PCF_VERIFY_PASS, "every chain certificate is valid at the %s",
		           r->ts_set ? "timestamp's time" : "verification time");

	/* The chain's leaf is the signer; every certificate below the anchor uses allowed algorithms. */
	chain = res.chain;
	if (!chain || sk_X509_num(chain) < 2 || X509_cmp(sk_X509_value(chain, 0), r->leaf)) {
		hard(vd, CK_CHAIN, PCF_REASON_SIGNER_NOT_LEAF, "the verified chain does not start at the signer certificate");
		goto out;
	}
	for (i = 0; i < sk_X509_num(chain); i++) {
		X509 *x = sk_X509_value(chain, i);
		int md = NID_undef, pk = NID_undef, bits = 0;
		uint32_t fl = 0;
		char why[160], subj[256];
		if (!key_allowed(X509_get0_pubkey(x), why, sizeof why)) {
			cert_subject(x, subj, sizeof subj);
			hard(vd, CK_ALGORITHMS, PCF_REASON_KEY, "the certificate at depth %d (%s) has %s", i, subj, why);
			goto out;
		}
		if (i == sk_X509_num(chain) - 1)
			break; /* the anchor's self-signature is not relied upon */
		if (!X509_get_signature_info(x, &md, &pk, &bits, &fl) ||
		    !(digest_allowed(md) || (pk == NID_ED25519 && md == NID_undef))) {
			cert_subject(x, subj, sizeof subj);
			hard(vd, CK_ALGORITHMS, PCF_REASON_ALGORITHM,
			     "the certificate at depth %d (%s) is signed with %s (SHA-256/384/512 or Ed25519 needed)", i, subj,
			     nid_name(X509_get_signature_nid(x)));
			goto out;
		}
	}
	set_detail(vd, CK_ALGORITHMS, PCF_VERIFY_PASS, "digest, signature and key algorithms on the allow-list");
out:
	sk_X509_free(untrusted);
	sk_X509_pop_free(res.chain, X509_free);
	ERR_clear_error();
}

static void step_pcf_validity(run *r)
{
	int64_t now = r->v->opts.at_set ? r->v->opts.at : (int64_t)time(NULL);
	pcf_verdict *vd = r->vd;

	/* Same semantics as the X.509 checks: valid from valid-from, expired at the valid-until second. */
	if (now < r->m.valid_from)
		soft(vd, CK_PCF_VALIDITY, PCF_REASON_PCF_NOT_YET_VALID, &vd->soft_pcf_time, &vd->soft_msg_pcf_time,
		     "the PCF certificate is valid from %s", r->m.valid_from_text);
	else if (now >= r->m.valid_until)
		soft(vd, CK_PCF_VALIDITY, PCF_REASON_PCF_EXPIRED, &vd->soft_pcf_time, &vd->soft_msg_pcf_time,
		     "the PCF certificate expired at %s", r->m.valid_until_text);
	else
		set_detail(vd, CK_PCF_VALIDITY, PCF_VERIFY_PASS, "valid from %s until %s", r->m.valid_from_text,
		           r->m.valid_until_text);
}

static void step_recompute(run *r)
{
	pcf_verdict *vd = r->vd;
	const unsigned char *inv, *res;
	size_t invlen, reslen;
	char note[1024];
	long ki;
	int rc;

	if (r->v->opts.no_recompute) {
		set_detail(vd, CK_RECOMPUTE, PCF_VERIFY_SKIPPED, "not recomputed: --no-recompute");
		vd->note = strdup("not recomputed: --no-recompute");
		return;
	}
	ki = pcf_bundle_view_find(r->view, "inventory.yaml");
	inv = pcf_bundle_view_data(r->view, (size_t)ki, &invlen);
	res = pcf_bundle_view_data(r->view, (size_t)pcf_bundle_view_find(r->view, "result.json"), &reslen);
	note[0] = 0;
	rc = pcfi_vfy_recompute(r->v->recomputer, r->m.method_id, r->m.method_version, inv, invlen,
	                        pcf_bundle_view_sha256(r->view, (size_t)ki), res, reslen, note, sizeof note);
	if (rc == PCFI_RECOMPUTE_MATCH) {
		vd->recomputed = 1;
		set_detail(vd, CK_RECOMPUTE, PCF_VERIFY_PASS, "%s", note);
	} else if (rc == PCFI_RECOMPUTE_UNAVAILABLE) {
		set_detail(vd, CK_RECOMPUTE, PCF_VERIFY_SKIPPED, "%s", note);
		vd->note = pcfi_vfy_clean(note);
	} else if (rc == PCFI_RECOMPUTE_MISMATCH) {
		soft(vd, CK_RECOMPUTE, PCF_REASON_RECOMPUTE_MISMATCH, &vd->soft_recompute, &vd->soft_msg_recompute, "%s", note);
	} else {
		soft(vd, CK_RECOMPUTE, PCF_REASON_RECOMPUTE_FAILED, &vd->soft_recompute, &vd->soft_msg_recompute, "%s", note);
	}
}

/* Decide the verdict from the outcomes; valid only when every check passed or was skipped. */
static void decide(pcf_verdict *vd, int structure_only)
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
				snprintf(buf, sizeof buf, "internal error: check '%s' did not complete", check_names[i]);
				vd->message = strdup(buf);
			}
			return;
		}
	vd->code = structure_only ? PCF_VERDICT_UNVERIFIED : PCF_VERDICT_VALID;
	vd->reason = PCF_REASON_NONE;
	free(vd->message);
	vd->message = strdup(structure_only ? "the signature, chain and revocation were not checked" : "");
}

/* Run the checks on data (structure_only 1: archive, manifest, entries, digests; 2: archive and
 * manifest only). Hands back the view and manifest when asked (inspect, extract). */
static pcf_status verify_run(const pcf_verifier *v, const char *name, const unsigned char *data, size_t len,
                             int structure_only, pcf_verdict **out, pcf_bundle_view **view_out,
                             pcfi_vfy_manifest *man_out, pcf_error *err)
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
	/* Nothing is valid until decide() says so. */
	vd->code = PCF_VERDICT_INVALID;
	vd->reason = PCF_REASON_INTERNAL;
	memset(&r, 0, sizeof r);
	r.vd = vd;
	r.name = vd->bundle;
	r.structure_only = structure_only;
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
			step_signature(&r);
		if (!vd->hard)
			step_summary(&r);
		if (!vd->hard)
			step_signer(&r);
		if (!vd->hard)
			step_chain(&r);
		if (!vd->hard)
			step_pcf_validity(&r);
		if (!vd->hard)
			step_recompute(&r);
	}
	decide(vd, structure_only);

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
	return verify_run(v, name, data, len, structure_only, out, view_out, man_out, err);
}

pcf_status pcf_verify_memory(const pcf_verifier *v, const char *name, const void *data, size_t len, pcf_verdict **out,
                             pcf_error *err)
{
	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_memory: NULL argument");
	*out = NULL;
	if (!v || (!data && len))
		return pcfi_error(err, PCF_E_ARG, "pcf_verify_memory: NULL argument");
	return verify_run(v, name, data, len, 0, out, NULL, NULL, err);
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
	hard(vd, CK_ARCHIVE, reason, "%s", msg);
	decide(vd, 0);
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
	if (pcfi_vfy_read_input(path, v->opts.limits.max_input_bytes, &data, &len, &reason, &e) != PCF_OK)
		return pcfi_vfy_unreadable(path, reason, &e, out, err);
	st = verify_run(v, path, data, len, 0, out, NULL, NULL, err);
	free(data);
	return st;
}

void pcf_verify_apply_supersession(pcf_verdict *const *vds, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		pcf_verdict *old = vds[i];
		if (!old || old->code != PCF_VERDICT_VALID || !old->certificate_id)
			continue;
		for (j = 0; j < n; j++) {
			const pcf_verdict *nw = vds[j];
			if (j == i || !nw || nw->code != PCF_VERDICT_VALID || !nw->supersedes ||
			    strcmp(nw->supersedes, old->certificate_id))
				continue;
			/* Only a newer certificate from the same issuer can supersede. */
			if (!nw->issuer || !old->issuer || strcmp(nw->issuer, old->issuer) || !nw->issued_at ||
			    !old->issued_at || strcmp(nw->issued_at, old->issued_at) < 0)
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
		pcfi_jsonw_key(&w, "recomputed");
		pcfi_jsonw_bool(&w, vd->recomputed);
		json_str_or_null(&w, "note", vd->note);
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
		pcfi_jsonw_key(&w, "checks");
		pcfi_jsonw_begin_array(&w);
		for (k = 0; k < CK_N; k++) {
			pcfi_jsonw_begin_object(&w);
			json_str_or_null(&w, "check", check_names[k]);
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

void pcfi_vfy_limits(const pcf_verifier *v, pcf_verify_limits *out)
{
	if (v) {
		*out = v->opts.limits;
	} else {
		memset(out, 0, sizeof *out);
		pcf_verify_limits_fill(out);
	}
}
