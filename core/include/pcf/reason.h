/*
 * pcf/reason.h - why a bundle is not valid: the pcf_reason numbers and their documented names.
 *
 * The reasons are the vocabulary shared by everything that judges a bundle: the bundle reader
 * (pcf/bundle_reader.h) reports the archive's reasons, the verifier (pcf/verify.h) all of them,
 * so this header sits below both and includes nothing of libpcf. pcf/verify.h includes it.
 * The meaning of every reason is documented in docs/trust-model.md.
 *
 * Ownership: pcf_reason_name returns a static string (never freed).
 */
#ifndef PCF_REASON_H
#define PCF_REASON_H

#ifdef __cplusplus
extern "C" {
#endif

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
	/* 162-169: not used */
	/* Inputs that travel and confidential inventories (issue 14): 170 to 179. */
	PCF_REASON_INVENTORY_WITHHELD = 170,/* inventory-withheld: not a failure. The supplier withheld
	                                     inventory.yaml (or factors.json) with pcf redact: the signed manifest
	                                     still lists its digest, so the result cannot be recomputed here; the
	                                     verdict stays valid, pcf_verdict_recompute_status says so */
	/* 171-179: not used */
	/* Supplier certificates embedded as inputs (format 1.2, docs/trust-model.md "Supplier trees"): 180 to 199. */
	PCF_REASON_SUPPLIER_INVALID = 180,  /* supplier-invalid: a supplier's certificate in the tree is invalid (tampered,
	                                       revoked, expired, superseded, mismatching ...); the message names its path */
	PCF_REASON_SUPPLIER_UNTRUSTED = 181,/* supplier-untrusted: a supplier's body is not trusted by you (its chain
	                                       does not reach your anchors); the message names its path */
	PCF_REASON_SUPPLIER_LIMIT = 182,    /* supplier-tree-limit: the tree is deeper, has more bundles or more bytes
	                                       than docs/limits.md allows */
	/* The certification body's side (issue 16): 200 to 209. */
	PCF_REASON_REVOCATION_EVIDENCE = 200, /* revocation-evidence-invalid: the CRLs embedded in the bundle
	                                         (format 1.2) are malformed or do not cover the chain at the
	                                         timestamp's time */
	/* 201-209: not used */
	/* Hardening (issue 13): 210 to 214. */
	PCF_REASON_ARCHIVE_LEADING_DATA = 213, /* archive-leading-data: bytes before the first tar header (offset 0
	                                          is not a header; a header follows further on) */
	PCF_REASON_COUNT_ = 256           /* not a reason: above every reason's number */
} pcf_reason;

/* The documented name of a reason, e.g. "entry-digest-mismatch"; "unknown" for a number that is
 * not a reason (a retired one, one at or above PCF_REASON_COUNT_). */
const char *pcf_reason_name(pcf_reason reason);

#ifdef __cplusplus
}
#endif
#endif
