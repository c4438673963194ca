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

/*
 * Why a bundle is not valid; pcf_reason_name gives the documented name printed by `pcf verify`
 * (e.g. "entry-digest-mismatch"). Every reason has its number written out, and a number is never
 * reused: a retired reason stays here as a placeholder named PCF_REASON_RETIRED_<n>, whose name is
 * "unknown" (curl's pattern for its error codes). Ranges for reasons still to come: 60-99 the
 * signature and revocation checks, 100-139 the archive, manifest and CLI checks, 140-199 the
 * registry.
 */
typedef enum pcf_reason {
	PCF_REASON_NONE = 0,
	PCF_REASON_IO = 1,                /* io-error */
	PCF_REASON_INPUT_TOO_LARGE = 2,   /* input-too-large */
	PCF_REASON_ARCHIVE_FORMAT = 3,    /* archive-format: not an uncompressed ustar/pax tar */
	PCF_REASON_ARCHIVE_MALFORMED = 4, /* archive-malformed: bad header, checksum, any libarchive warning */
	PCF_REASON_ARCHIVE_TRUNCATED = 5, /* archive-truncated: no complete end-of-archive marker */
	PCF_REASON_ARCHIVE_TRAILING_DATA = 6, /* archive-trailing-data: non-zero bytes after the end */
	PCF_REASON_ENTRY_COUNT = 7,       /* entry-count-limit */
	PCF_REASON_ENTRY_HEADER_TOO_LARGE = 8, /* entry-header-too-large */
	PCF_REASON_ENTRY_TOO_LARGE = 9,   /* entry-too-large */
	PCF_REASON_TOTAL_TOO_LARGE = 10,  /* total-size-limit */
	PCF_REASON_ENTRY_NOT_REGULAR = 11, /* entry-not-regular */
	PCF_REASON_ENTRY_NAME = 12,       /* entry-name-invalid */
	PCF_REASON_ENTRY_DUPLICATE = 13,  /* entry-duplicate */
	PCF_REASON_ENTRY_DUPLICATE_CASE = 14, /* entry-duplicate-casefold */
	PCF_REASON_MANIFEST_MISSING = 15, /* manifest-missing */
	PCF_REASON_SIGNATURE_MISSING = 16, /* signature-missing */
	PCF_REASON_MANIFEST_SYNTAX = 17,  /* manifest-syntax: not strict JSON, duplicate keys */
	PCF_REASON_MANIFEST_KIND = 18,    /* manifest-kind */
	PCF_REASON_MANIFEST_VERSION = 19, /* manifest-version: unknown major format version */
	PCF_REASON_MANIFEST_FIELD = 20,   /* manifest-field: missing, mistyped or bad value */
	PCF_REASON_ENTRY_UNLISTED = 21,   /* entry-unlisted: in the archive, not in the manifest */
	PCF_REASON_ENTRY_MISSING = 22,    /* entry-missing: in the manifest, not in the archive */
	PCF_REASON_ENTRY_SIZE = 23,       /* entry-size-mismatch */
	PCF_REASON_ENTRY_DIGEST = 24,     /* entry-digest-mismatch */
	PCF_REASON_SIGNATURE_MALFORMED = 25, /* signature-malformed: not a DER CMS SignedData */
	PCF_REASON_SIGNATURE_NOT_DETACHED = 26, /* signature-not-detached */
	PCF_REASON_SIGNATURE_CONTENT_TYPE = 27, /* signature-content-type: not id-data */
	PCF_REASON_SIGNATURE_SIGNER_COUNT = 28, /* signature-signer-count: not exactly one SignerInfo */
	PCF_REASON_SIGNATURE_NO_SIGNED_ATTRS = 29, /* signature-no-signed-attributes */
	PCF_REASON_TIMESTAMP_INVALID = 30, /* timestamp-invalid: a token that does not verify (T18, T19) */
	PCF_REASON_SIGNATURE_INVALID = 31, /* signature-invalid: does not verify over the manifest bytes */
	PCF_REASON_ALGORITHM = 32,        /* algorithm-not-allowed */
	PCF_REASON_KEY = 33,              /* key-not-allowed */
	PCF_REASON_CERTIFICATE_LIMIT = 34, /* certificate-limit */
	PCF_REASON_SIGNER_MISSING = 35,   /* signer-certificate-missing */
	PCF_REASON_SIGNER_NOT_LEAF = 36,  /* signer-not-leaf */
	PCF_REASON_LEAF_EKU = 37,         /* leaf-eku */
	PCF_REASON_LEAF_CA = 38,          /* leaf-is-ca */
	PCF_REASON_LEAF_KEY_USAGE = 39,   /* leaf-key-usage */
	PCF_REASON_ISSUER_MISMATCH = 40,  /* issuer-mismatch */
	PCF_REASON_CHAIN_UNTRUSTED = 41,  /* chain-untrusted */
	PCF_REASON_CHAIN_TOO_DEEP = 42,   /* chain-too-deep */
	PCF_REASON_CHAIN_INVALID = 43,    /* chain-invalid */
	PCF_REASON_REVOCATION_UNAVAILABLE = 44, /* revocation-unavailable: no CRL for a chain member */
	PCF_REASON_CRL_INVALID = 45,      /* crl-invalid: stale, not yet valid or badly signed CRL */
	PCF_REASON_CERT_EXPIRED = 46,     /* certificate-expired */
	PCF_REASON_CERT_NOT_YET_VALID = 47, /* certificate-not-yet-valid */
	PCF_REASON_CERT_REVOKED = 48,     /* certificate-revoked */
	PCF_REASON_PCF_EXPIRED = 49,      /* pcf-expired */
	PCF_REASON_PCF_NOT_YET_VALID = 50, /* pcf-not-yet-valid */
	PCF_REASON_SUPERSEDED = 51,       /* superseded */
	PCF_REASON_RECOMPUTE_MISMATCH = 52, /* recompute-mismatch */
	PCF_REASON_RECOMPUTE_FAILED = 53, /* recompute-failed */
	PCF_REASON_INTERNAL = 54,         /* internal-error */
	/* 55-59: not used */
	PCF_REASON_SIGNATURE_NOT_DER = 60, /* signature-not-der: BER (indefinite or long-form lengths, constructed strings) */
	PCF_REASON_SIGNATURE_PROFILE = 61, /* signature-profile: outside section 6.1 (unsigned attributes, crls, signer id ...) */
	PCF_REASON_SIGNATURE_CERTIFICATES = 62, /* signature-certificates: a root, an unneeded or a non-X.509 certificate */
	PCF_REASON_SIGNING_TIME = 63,     /* signing-time: missing, not a UTCTime, or far from issued-at */
	PCF_REASON_SIGNED_ATTRIBUTES = 64, /* signed-attributes: other than contentType, messageDigest, signingTime, or unsorted */
	/* 65-99: not used */
	/* The archive's bytes and the manifest's figures (issue 13): 100 to 139. */
	PCF_REASON_MANIFEST_RESULT = 100, /* manifest-result-mismatch: a figure the manifest shows differs from result.json */
	PCF_REASON_ARCHIVE_PROFILE = 101, /* archive-header-profile: a header block outside the profile pcf issue writes */
	PCF_REASON_ENTRY_NAME_CONFLICT = 102, /* entry-name-conflict: a name is also a folder of another ("a", "a/b") */
	/* 103-139: not used */
	/* Status lists (pcf/status.h, docs/trust-model.md "Status lists"): 140 to 159. */
	PCF_REASON_STATUS_SUSPENDED = 140,      /* suspended */
	PCF_REASON_STATUS_WITHDRAWN = 141,      /* withdrawn */
	PCF_REASON_STATUS_LIST_MALFORMED = 142, /* status-list-malformed */
	PCF_REASON_STATUS_LIST_SIGNATURE = 143, /* status-list-signature: does not verify (tampered) */
	PCF_REASON_STATUS_LIST_UNTRUSTED = 144, /* status-list-untrusted: chain, EKU, revoked, expired */
	PCF_REASON_STATUS_LIST_OTHER_BODY = 145,/* status-list-other-body: not the bundle signer's body */
	PCF_REASON_STATUS_LIST_STALE = 146,     /* status-list-stale: no list valid at the time */
	PCF_REASON_STATUS_LIST_PURPOSE = 147,   /* status-list-purpose: a purpose the bundle does not name */
	PCF_REASON_STATUS_UNAVAILABLE = 148,    /* status-unavailable: --require-status and no list */
	PCF_REASON_STATUS_ENTRY_MISSING = 149,  /* status-entry-missing: no entry, or beyond the list */
	/* 150-159: not used */
	PCF_REASON_NOT_RECOMPUTABLE = 160,/* not-recomputable: an input of the recomputation is not available
	                                     here (plugin, compatible version, factor library); the verdict
	                                     stays valid, pcf_verdict_recompute_status says so */
	PCF_REASON_RECOMPUTE_ABORTED = 161,/* recompute-aborted: the plugin crashed or ran out of time */
	PCF_REASON_COUNT_ = 200           /* not a reason: above every reason's number */
} pcf_reason;

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
} pcf_verify_options;

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
 * another valid verdict as PCF_VERDICT_SUPERSEDED (reason "superseded", naming the newer id).
 */
void pcf_verify_apply_supersession(pcf_verdict *const *verdicts, size_t n);

void pcf_verdict_free(pcf_verdict *v);
pcf_verdict_code pcf_verdict_get_code(const pcf_verdict *v);
pcf_reason pcf_verdict_get_reason(const pcf_verdict *v);
/* The bundle's name as given; the human message of the failure ("" when valid). */
const char *pcf_verdict_bundle(const pcf_verdict *v);
const char *pcf_verdict_message(const pcf_verdict *v);
/* 1 when CRLs were checked for every chain member, 0 when skipped or not reached. */
int pcf_verdict_revocation_checked(const pcf_verdict *v);
/* 1 when the result was recomputed and compared, 0 otherwise; the note says why not (or ""). */
int pcf_verdict_recomputed(const pcf_verdict *v);
const char *pcf_verdict_recompute_note(const pcf_verdict *v);
/*
 * How recomputation ended (docs/trust-model.md, "Recomputation"; --json's "recompute"): "identical",
 * "recompute-mismatch" (same inputs, other bytes), "recompute-failed" (the bundled inventory does not
 * compute), "recompute-aborted" (the plugin crashed or ran out of time), "not-recomputable" (an input
 * is missing here: the note names it), "skipped" (--no-recompute) or "not-run" (an earlier check failed).
 */
const char *pcf_verdict_recompute_status(const pcf_verdict *v);
/* The manifest's certificate id once the manifest was parsed, else NULL. */
const char *pcf_verdict_certificate_id(const pcf_verdict *v);

/* The checks, in the fixed order documented in docs/trust-model.md. */
size_t pcf_verdict_check_count(const pcf_verdict *v);
/* Name, outcome and detail ("" when none) of check i; PCF_E_ARG when out of range. */
pcf_status pcf_verdict_check(const pcf_verdict *v, size_t i, const char **name, pcf_verify_outcome *outcome,
                             const char **detail);

/* Static names: "valid", "invalid" ...; "entry-digest-mismatch" ...; "pass", "fail" ... */
const char *pcf_verdict_code_name(pcf_verdict_code code);
const char *pcf_reason_name(pcf_reason reason);
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
 * Extract the files the manifest lists (never manifest.json or manifest.p7s, never anything
 * else) into the folder dir (created if missing; existing files are never overwritten). path "-"
 * reads the bundle from standard input (as pcf_verify_file).
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

#ifdef __cplusplus
}
#endif
#endif
