/*
 * verify_run.h - the inside of a verifier (struct pcf_verifier) and of one verification (run),
 * shared by the verifier's files: verify.c (orchestration and the archive and manifest steps),
 * cms_cache.c (the DER / CMS decode cache), signature.c (signature, timestamp, signer), chain.c
 * (the chain memo, chain, revocation, validity). Internal; not installed.
 */
#ifndef PCF_VERIFY_RUN_H
#define PCF_VERIFY_RUN_H

#include <pthread.h>
#include <stdint.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "verify/verdict.h"
#include "verify/verify_impl.h"
#include "verify/verify_manifest.h"
#include "verify/verify_recompute.h"
#include "verify/supplier_impl.h"

/* Chain verifications remembered by a verifier (chain.c). */
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

/* Certificates decoded by a verifier, by SHA-256 of their DER (cms_cache.c). */
#define CERT_CACHE_MAX 32

typedef struct cert_entry {
	unsigned char key[32];
	X509 *x;
	char *subject; /* pcfi_x509_subject of x with a 1024-byte buffer, once asked for (pcfi_vfy_cached_subject) */
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

/*
 * The supplier tree of one top-level verification (format 1.2, docs/trust-model.md "Supplier trees"):
 * every distinct supplier bundle (by SHA-256) judged once, and each place it was reached, in order.
 */
typedef struct pcfi_tree_node {
	unsigned char sha[32];
	int done;                  /* 0 while being verified (a cycle reaches it again), 1 after */
	int ok;                    /* valid, figures read */
	pcf_reason reason;         /* not ok: the reason its parents fail with */
	char *msg;                 /* not ok: the message they fail with (names the path) */
	pcfi_supplier_figs figs;   /* ok: its figures for recomputing the parent */
	pcf_verdict_code code;     /* its own verdict */
	const char *recompute;     /* its recompute status (static, as pcf_verdict_recompute_status), or NULL */
	char *body;                /* its signer's organisation (or name) */
	double total;
	char *unit;
	/* for supersession within a batch (pcf_verify_apply_supersession) */
	char *certificate_id, *issuer, *issued_at;
	unsigned char body_subject[32], body_ca[32];
	int has_body;
} pcfi_tree_node;

typedef struct pcfi_tree_occ {
	size_t depth;              /* 1: a supplier of the root */
	size_t node;               /* into nodes */
	char *path;                /* "bracket > steel-coil > pig-iron" */
	double share;              /* of the root's total, NaN when unknown */
} pcfi_tree_occ;

typedef struct pcfi_tree {
	pcfi_tree_node *nodes;
	size_t nnodes, capnodes;
	pcfi_tree_occ *occ;
	size_t nocc, capocc;
	uint64_t bytes;
	size_t max_depth, max_nodes;
	uint64_t max_bytes;
} pcfi_tree;

void pcfi_tree_free(pcfi_tree *t);

/* One verification of one bundle: what the steps hand on to each other. */
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
	int ltv_present;  /* the bundle embeds CRLs (format 1.2) */
	chain_err ltv_bad; /* long-term validation: what the embedded CRLs failed to prove (code 0: nothing) */
	X509 *cert_x[16]; /* the certificates pcfi_vfy_cms_decode_cached read, and the SHA-256 of their DER */
	unsigned char cert_key[16][32];
	int ncert_keys;
	int64_t signing_time;      /* the signed attribute signingTime, once the profile was checked */
	char signing_time_text[14];
	pcfi_tree *tree;           /* the supplier tree (the root's, shared by every node); NULL before suppliers */
	size_t depth;              /* 0 for the bundle verified, 1 for its suppliers ... */
	const char *tree_path;     /* the path of this node in the tree ("bracket > steel-coil") */
	double share;              /* this node's share of the root's total (the root: 1; NaN: unknown) */
	const pcfi_tree_node *const *sup_nodes; /* during recomputation: the node of each manifest supplier */
} run;

/* ---- cms_cache.c ---- */

/* One DER TLV at *p (definite length, low tag numbers only); 0 when malformed. */
int pcfi_der_next(const unsigned char **p, const unsigned char *end, unsigned *tag, const unsigned char **val,
                  size_t *len);

/* The versions of SignedData and of its first SignerInfo, read from the DER; 0 when not of that shape. */
int pcfi_vfy_cms_versions(const unsigned char *der, size_t n, int *sd_version, int *si_version);

/* r's signature decoded with the verifier's certificate cache, or NULL: decode it with OpenSSL. */
CMS_ContentInfo *pcfi_vfy_cms_decode_cached(run *r);

/* pcfi_x509_subject(x, buf, len) (len <= 1024), printed once per certificate of the verifier's cache. */
void pcfi_vfy_cached_subject(const pcf_verifier *v, X509 *x, char *buf, size_t len);

/*
 * The complete CRLs of all (pcfi_crl_scope), in a new stack that borrows them (free it with
 * sk_X509_CRL_free); *ndelta and *npartitioned (each may be NULL) count those left out. NULL when
 * out of memory.
 */
STACK_OF(X509_CRL) *pcfi_vfy_complete_crls(STACK_OF(X509_CRL) *all, size_t *ndelta, size_t *npartitioned);

/* ---- cms_profile.c: section 6.1 on the DER bytes; each 0 after a hard failure ---- */

/* Every TLV of r->sig is DER (definite minimal lengths, primitive strings). */
int pcfi_vfy_cms_der(run *r);

/* The profile: one digest, X.509 certificates only, no crls, signer by issuer and serial (version 1),
 * exactly contentType/messageDigest/signingTime (UTCTime near issued-at) in DER order, no unsigned
 * attribute but a timestamp token, and OpenSSL's re-encoding equal to the file. */
int pcfi_vfy_cms_profile(run *r);

/* signingTime near the manifest's issued-at (run once the signature verified). */
int pcfi_vfy_cms_signing_time(run *r);

/* ---- signature.c, chain.c: the steps after the digests ---- */
void pcfi_vfy_step_signature(run *r);
void pcfi_vfy_step_signer(run *r);
void pcfi_vfy_step_chain(run *r);
void pcfi_vfy_step_issuer_name(run *r);

#endif
