/*
 * verdict.h - the verdict object of one bundle and how the verifier's steps fill it
 * (verify/verdict.c): the fixed list of checks, hard and soft failures, the final decision.
 * Internal to the verifier (the files of verify/); not installed.
 */
#ifndef PCF_VERIFY_VERDICT_H
#define PCF_VERIFY_VERDICT_H

#include <pcf/verify.h>

#include "base/error_impl.h"

/* The checks, in the order docs/trust-model.md lists them. */
enum {
	CK_ARCHIVE, CK_MANIFEST, CK_ENTRIES, CK_DIGESTS, CK_SIGNATURE, CK_ALGORITHMS, CK_SIGNER, CK_CHAIN,
	CK_REVOCATION, CK_CERT_VALIDITY, CK_PCF_VALIDITY, CK_RECOMPUTE,
	CK_STATUS, CK_N
};

/* The names of the checks ("archive" ... "recompute", "status"). */
extern const char *const pcfi_vfy_check_names[CK_N];

/* What a passed revocation check stood on (pcf_verdict_revocation_basis). */
enum { PCFI_REVOCATION_NONE, PCFI_REVOCATION_CURRENT, PCFI_REVOCATION_SIGNING_TIME, PCFI_REVOCATION_MIXED };

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
	int revocation_basis;              /* PCFI_REVOCATION_*: on what the revocation check stood */
	const char *recompute_status;      /* static, pcf_verdict_recompute_status; NULL: not run */
	char *note;
	/* what the manifest says, once it was parsed */
	char *certificate_id, *supersedes, *issued_at, *valid_from, *valid_until, *issuer, *product_id, *product_name,
	     *method_id, *method_version, *unit, *signer_subject, *superseded_by;
	/* the issuing body, once the chain verified (supersession): SHA-256 of the signer's subject
	 * name and of the public key of the CA that issued the signer certificate */
	unsigned char body_subject[32], body_ca[32];
	int has_body;
	double total;
	int has_manifest;
	/* the supplier tree (format 1.2), owned: set on the root of a tree only */
	struct pcfi_tree *tree;
	char *tree_root;
	/* issue 14: the listed entries a redaction withheld (manifest order), and the factor note */
	char **withheld;
	size_t nwithheld;
	char *factor_note;
};

/* Check ck has outcome o, with a detail (printf format; what it quotes is made safe to print) or none. */
void pcfi_vd_detail(pcf_verdict *vd, int ck, pcf_verify_outcome o, const char *fmt, ...) PCFI_PRINTF(4, 5);

/* A hard failure of check ck: the first one decides the verdict's reason and message. */
void pcfi_vd_hard(pcf_verdict *vd, int ck, pcf_reason reason, const char *fmt, ...) PCFI_PRINTF(4, 5);

/* A soft failure of check ck (revoked, expired ...): the first in its slot keeps its reason and message. */
void pcfi_vd_soft(pcf_verdict *vd, int ck, pcf_reason reason, pcf_reason *slot, char **slot_msg, const char *fmt, ...)
	PCFI_PRINTF(6, 7);

/* Decide the verdict from the outcomes; valid only when every check passed or was skipped
 * (structure_only 1: up to the digests, 2: archive and manifest). */
void pcfi_vd_decide(pcf_verdict *vd, int structure_only);

#endif
