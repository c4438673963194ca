/*
 * pcf/verify.h - third-party verification of certificate bundles (.pcfb).
 *
 * A verifier (pcf_verifier) holds what stays the same for a batch: the trust store (anchors and
 * CRLs, see pcf/trust.h), the options, the limits and the plugins used for recomputation. It
 * checks one bundle at a time and hands back one verdict (pcf_verdict) per bundle. A verdict is
 * "valid" only when every check has passed; any internal error rejects (fail closed).
 *
 * Ownership: pcf_verifier_new returns a verifier the caller frees with pcf_verifier_free; it
 * borrows the pcf_trust, which must outlive it. Every pcf_verdict is caller-owned (pcf_verdict_free).
 * Strings returned by accessors belong to the verdict and live as long as it does.
 * Several threads may verify with one verifier at once. pcf_verify_* change nothing a caller sees;
 * internally (under a lock) a verifier remembers decoded certificates and chain verifications, and
 * the last parameters that recomputed a result, to do them once per batch (docs/trust-model.md).
 *
 * The policy and the meaning of every verdict and reason are documented in docs/trust-model.md.
 */
#ifndef PCF_VERIFY_H
#define PCF_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/bundle_format.h>
#include <pcf/error.h>
#include <pcf/reason.h>
#include <pcf/inventory.h>
#include <pcf/trust.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The verdict on one bundle, from best to worst severity as the CLI ranks them (see pcf(1)). */
typedef enum pcf_verdict_code {
	PCF_VERDICT_VALID = 0,         /* every check passed */
	PCF_VERDICT_INVALID = 1,       /* tampered, bad signature, untrusted chain, malformed, internal error */
	PCF_VERDICT_EXPIRED = 2,       /* signature and chain good, but a certificate or the PCF is expired */
	PCF_VERDICT_NOT_YET_VALID = 3, /* ... or not yet valid */
	PCF_VERDICT_REVOKED = 4,       /* ... or a chain certificate is revoked */
	PCF_VERDICT_SUPERSEDED = 5,    /* valid, but a newer valid bundle in the same batch supersedes it */
	PCF_VERDICT_MISMATCH = 6,      /* valid signature, but recomputation gives another result */
	PCF_VERDICT_IO_ERROR = 7,      /* the bundle could not be read */
	PCF_VERDICT_UNVERIFIED = 8,    /* only the archive, manifest and digests were checked (extract
	                                  --unverified, inspect): never a substitute for "valid" */
	PCF_VERDICT_SUSPENDED = 9,     /* valid, but the body's status list says suspended (pcf/status.h) */
	PCF_VERDICT_WITHDRAWN = 10     /* valid, but the body's status list says withdrawn */
} pcf_verdict_code;

/* Outcome of one check. */
typedef enum pcf_verify_outcome {
	PCF_VERIFY_NOT_RUN = 0, /* an earlier check failed */
	PCF_VERIFY_PASS = 1,
	PCF_VERIFY_FAIL = 2,
	PCF_VERIFY_SKIPPED = 3  /* turned off (--no-revocation-check) or not possible (plugin missing) */
} pcf_verify_outcome;

/* pcf_verify_limits and pcf_verify_limits_fill are in pcf/bundle_format.h (the reader's limits). */

/* The version of pcf_verify_options this header describes (pcf_verify_options_init). */
#define PCF_VERIFY_OPTIONS_VERSION 1

typedef struct pcf_verify_options {
	unsigned int version;    /* PCF_VERIFY_OPTIONS_VERSION, set by pcf_verify_options_init */
	int at_set;              /* when set, check validity at `at` instead of now */
	int64_t at;              /* seconds since the epoch (UTC) */
	int no_revocation_check; /* skip CRL checks; the verdict says revocation was not checked */
	int no_recompute;        /* do not recompute with the methodology plugin */
	const char *plugin_dir;  /* extra plugin folder searched first (NULL: PCF_PLUGIN_PATH, pkglibdir) */
	pcf_verify_limits limits;
	/*
	 * Anchors of the time-stamping authorities whose RFC 3161 tokens are trusted (borrowed, must
	 * outlive the verifier). NULL: a timestamp token in a bundle is not used (and said so), and
	 * validity is checked at `at` or now. With anchors, a token must verify (or the bundle is
	 * invalid) and its time becomes the time at which the signer's chain must be valid.
	 */
	const pcf_trust *tsa_trust;
	/*
	 * Recompute in this many worker processes (0: in the calling process, no isolation). Workers keep a
	 * plugin that crashes or hangs from taking the caller with it: that bundle fails (reason
	 * recompute-aborted) and the others are judged as usual; a plugin's output goes to /dev/null.
	 * pcf_verifier_new then forks: call it before starting any thread. One worker per verifying thread.
	 */
	unsigned recompute_workers;
	unsigned recompute_timeout_s; /* with workers: seconds to recompute one bundle, 0: no limit */
	/* Status lists to check each bundle against (borrowed; pcf/status.h). NULL: none. */
	const struct pcf_status_lists *status_lists;
	/* Supplier trees (format 1.2; docs/limits.md): nesting depth below the bundle, distinct supplier
	 * bundles and their bytes in one verification; 0: the defaults PCF_SUPPLIER_DEPTH_MAX,
	 * PCF_SUPPLIER_NODES_MAX, and the input limit (max_input_bytes) for the bytes. */
	unsigned max_supplier_depth;
	unsigned max_supplier_nodes;
	uint64_t max_supplier_bytes;
} pcf_verify_options;

#define PCF_SUPPLIER_DEPTH_MAX 8
#define PCF_SUPPLIER_NODES_MAX 1024

typedef struct pcf_verifier pcf_verifier;
typedef struct pcf_verdict pcf_verdict;

/*
 * Fill opts with the defaults (now, revocation checked, recompute on, default limits) for the
 * struct of version `version`: pass PCF_VERIFY_OPTIONS_VERSION, so that a program built against
 * an older header keeps working with a newer libpcf (libgit2's pattern). PCF_E_ARG for a version
 * this libpcf does not know, or a NULL opts.
 */
pcf_status pcf_verify_options_init(pcf_verify_options *opts, unsigned int version);

/*
 * A new verifier over trust (borrowed, must outlive the verifier) with opts (copied; NULL for
 * the defaults; else made by pcf_verify_options_init). Fails with PCF_E_ARG when trust has no
 * anchor or opts has a version this libpcf does not know, PCF_E_NOMEM when out of memory.
 */
pcf_status pcf_verifier_new(const pcf_trust *trust, const pcf_verify_options *opts, pcf_verifier **out,
                            pcf_error *err);
void pcf_verifier_free(pcf_verifier *v);

/*
 * Verify the bundle at path (or in memory: data/len, named name in messages); path "-" reads standard
 * input to its end, within the same max_input_bytes limit, and names it "stdin". On return *out is a
 * new verdict, also when the bundle is invalid or unreadable (PCF_VERDICT_IO_ERROR); the status
 * is PCF_OK then. Only when no verdict can be made at all (out of memory, bad arguments) does it
 * return an error with *out NULL; callers treat that as a rejection.
 */
pcf_status pcf_verify_file(const pcf_verifier *v, const char *path, pcf_verdict **out, pcf_error *err);
pcf_status pcf_verify_memory(const pcf_verifier *v, const char *name, const void *data, size_t len,
                             pcf_verdict **out, pcf_error *err);

/*
 * Within a batch, mark every valid verdict whose certificate id is named in the "supersedes" of
 * another valid verdict as PCF_VERDICT_SUPERSEDED (reason "superseded", naming the newer id). A
 * valid bundle whose supplier tree holds a certificate that another valid bundle of the batch
 * supersedes becomes invalid (reason supplier-invalid, naming the supplier's path).
 */
void pcf_verify_apply_supersession(pcf_verdict *const *verdicts, size_t n);

void pcf_verdict_free(pcf_verdict *v);
pcf_verdict_code pcf_verdict_get_code(const pcf_verdict *v);
pcf_reason pcf_verdict_get_reason(const pcf_verdict *v);
/* The bundle's name as given; the human message of the failure ("" when valid). */
const char *pcf_verdict_bundle(const pcf_verdict *v);
const char *pcf_verdict_message(const pcf_verdict *v);
/*
 * What the passed revocation check stood on (static string): "current" (the verifier's CRLs at
 * the verification time), "signing-time" (only the CRLs embedded in the bundle, at the trusted
 * timestamp's time: not revoked when signed), "mixed" (some chain members each way), "none"
 * (not checked or not passed).
 */
const char *pcf_verdict_revocation_basis(const pcf_verdict *v);

/* 1 when CRLs were checked for every chain member, 0 when skipped or not reached. */
int pcf_verdict_revocation_checked(const pcf_verdict *v);
/* 1 when the result was recomputed and compared, 0 otherwise; the note says why not (or ""). */
int pcf_verdict_recomputed(const pcf_verdict *v);
const char *pcf_verdict_recompute_note(const pcf_verdict *v);
/*
 * How recomputation ended (docs/trust-model.md, "Recomputation"; --json's "recompute"): "identical",
 * "recompute-mismatch" (same inputs, other bytes), "recompute-failed" (the bundled inventory does not
 * compute), "recompute-aborted" (the plugin crashed or ran out of time), "not-recomputable" (an input
 * is missing here: the note names it), "inventory-withheld" (the supplier withheld the inventory or its
 * factors: pcf redact), "skipped" (--no-recompute) or "not-run" (an earlier check failed).
 */
const char *pcf_verdict_recompute_status(const pcf_verdict *v);

/*
 * The entries the manifest lists that the archive does not hold because a redaction withheld them
 * (docs/bundle-format.md, "Withheld entries"), in manifest order: count, and the i-th name (NULL when
 * out of range). Owned by the verdict.
 */
size_t pcf_verdict_withheld_count(const pcf_verdict *v);
const char *pcf_verdict_withheld(const pcf_verdict *v, size_t i);

/*
 * For information, never a failure: where a factor the bundle carries (factors.json) differs from the
 * verifier's installed library factor of the same id and library; "" when none does or none was compared.
 */
const char *pcf_verdict_factor_note(const pcf_verdict *v);
/* The manifest's certificate id once the manifest was parsed, else NULL. */
const char *pcf_verdict_certificate_id(const pcf_verdict *v);

/*
 * The supplier tree of a bundle of format 1.2 (docs/trust-model.md, "Supplier trees"), for
 * `pcf verify --tree`: every place a supplier certificate was reached, in pre-order (a supplier
 * reached twice is listed twice, verified once), up to where verification stopped. 0 rows for a
 * bundle without suppliers. Row i: its depth (1: a supplier of the bundle), path
 * ("bracket > steel-coil > pig-iron"), its own verdict, its body (the signer's name), its total and
 * unit (NaN and NULL when its manifest was not read), its share of the bundle's total (its parent's
 * share times its lci-contribution in the parent's result.json over the parent's total; NaN when
 * unknown) and its SHA-256 in hex. Strings belong to v.
 */
size_t pcf_verdict_tree_count(const pcf_verdict *v);
pcf_status pcf_verdict_tree_row(const pcf_verdict *v, size_t i, size_t *depth, const char **path,
                                pcf_verdict_code *code, const char **body, double *total, const char **unit,
                                double *share, char sha256_hex[65]);
/* Row i's own recompute status, as pcf_verdict_recompute_status gives it for a bundle ("identical",
 * "inventory-withheld" for a redacted supplier, "not-recomputable" ...); NULL when it was not
 * verified that far, or i is out of range. Static. */
const char *pcf_verdict_tree_recompute(const pcf_verdict *v, size_t i);

/* The checks, in the fixed order documented in docs/trust-model.md. */
size_t pcf_verdict_check_count(const pcf_verdict *v);
/* Name, outcome and detail ("" when none) of check i; PCF_E_ARG when out of range. */
pcf_status pcf_verdict_check(const pcf_verdict *v, size_t i, const char **name, pcf_verify_outcome *outcome,
                             const char **detail);

/* Static names: "valid", "invalid" ...; "pass", "fail" ... (pcf_reason_name is in pcf/reason.h) */
const char *pcf_verdict_code_name(pcf_verdict_code code);
const char *pcf_verify_outcome_name(pcf_verify_outcome outcome);

/*
 * Write the verdicts as a JSON array (one object per verdict: bundle, verdict, reason, message,
 * revocation-checked, recomputed, note, manifest summary, checks) into a new string *out (caller
 * frees with free()) of *len bytes.
 */
pcf_status pcf_verdicts_to_json(const pcf_verdict *const *verdicts, size_t n, char **out, size_t *len,
                                pcf_error *err);

/*
 * Parse a time as used by --at and the manifest: "YYYY-MM-DDTHH:MM:SSZ" (UTC) or "@SECONDS".
 * PCF_E_SYNTAX with a message naming what was expected.
 */
pcf_status pcf_time_parse(const char *text, int64_t *out, pcf_error *err);

/*
 * Describe a bundle without verifying anything: the manifest, the footprint summary, the signer
 * certificate and its validity. The archive is still read safely with every structural check
 * (caps, names, regular files) and the manifest must be well-formed; digests, signature and chain
 * are not checked. json selects JSON (with "verified": false), else text that says plainly that
 * nothing was verified. *out is a new string (caller frees with free()).
 */
pcf_status pcf_inspect_file(const char *path, int json, char **out, size_t *len, pcf_error *err);

/*
 * Redaction (pcf redact): the bundle data/len (named name in messages) without the entries withhold[0..n)
 * into *out (caller frees with free()), *out_len bytes. Every other entry, the manifest and the signature
 * are kept byte for byte, so the signature still verifies and the manifest still lists the withheld
 * entries' digests. Only inventory.yaml, factors.json and evidence/NAME may be withheld
 * (docs/bundle-format.md, "Withheld entries"); the bundle must pass the structural checks (archive,
 * manifest, entries and digests; its signature is not checked). PCF_E_ARG for an entry that may not be
 * withheld or is not listed, PCF_E_VERIFY for a bundle that is not well-formed, PCF_E_NOMEM.
 */
pcf_status pcf_redact_memory(const char *name, const void *data, size_t len, const char *const *withhold, size_t n,
                             unsigned char **out, size_t *out_len, pcf_error *err);

/* May a redaction withhold this entry? 1 for inventory.yaml, factors.json and evidence/NAME, else 0. */
int pcf_bundle_entry_withholdable(const char *name);

/*
 * Extract the files the manifest lists (never manifest.json or manifest.p7s, never anything
 * else; withheld ones are not there to extract) into the folder dir (created if missing;
 * existing files are never overwritten). path "-" reads the bundle from standard input (as
 * pcf_verify_file).
 * With a verifier, the bundle is verified first and nothing is written unless the verdict is
 * valid (PCF_E_VERIFY then; the verdict is handed back in *verdict when verdict is not NULL).
 * With v == NULL (--unverified) only the archive, the manifest and the digests are checked, and
 * the verdict handed back is PCF_VERDICT_UNVERIFIED, never valid.
 */
pcf_status pcf_extract_file(const pcf_verifier *v, const char *path, const char *dir, pcf_verdict **verdict,
                            pcf_error *err);
/*
 * As pcf_extract_file; on success *files is a new array of the *nfiles names written under dir (as
 * the manifest lists them, in its order), which the caller frees with pcf_extract_list_free(). On
 * failure *files is NULL and *nfiles 0. files and nfiles are both NULL or both given.
 */
pcf_status pcf_extract_file_listed(const pcf_verifier *v, const char *path, const char *dir, pcf_verdict **verdict,
                                   char ***files, size_t *nfiles, pcf_error *err);
void pcf_extract_list_free(char **files, size_t nfiles);

/*
 * Supplier certificates as inputs (docs/inventory-format.md, "Supplier certificates"): the issuer's
 * supplier trust policy. A policy verifies each supplier bundle an inventory names with v (borrowed:
 * the issuer's --supplier-trust, --supplier-crl, --at; it must outlive the policy) and hands the
 * inventory parser its figures; a bundle that is not valid (invalid, expired, revoked, superseded ...)
 * is refused with its verdict. Each distinct SHA-256 digest is verified once for the policy's life
 * (a whole batch). known (nknown paths, may be 0) are other certificates the issuer was given: a
 * supplier bundle that one of them supersedes is refused as superseded. Threads may share a policy.
 * The caller frees it with pcf_supplier_policy_free, after every inventory parsed with it.
 */
typedef struct pcf_supplier_policy pcf_supplier_policy;

pcf_status pcf_supplier_policy_new(const pcf_verifier *v, const char *const *known, size_t nknown,
                                   pcf_supplier_policy **out, pcf_error *err);
void pcf_supplier_policy_free(pcf_supplier_policy *policy);
/* A pcf_supplier_resolve_fn (pcf/inventory.h): pass it with the policy as arg to pcf_params_set_suppliers.
 * The strings it hands back belong to the policy. */
pcf_status pcf_supplier_policy_resolve(void *policy, const char *ref, const char *path, pcf_supplier *out,
                                       pcf_error *err);
/* How many distinct supplier bundles the policy has verified so far. */
size_t pcf_supplier_policy_verified(const pcf_supplier_policy *policy);

#ifdef __cplusplus
}
#endif
#endif
