/*
 * pcf/bundle_format.h - the facts of the certificate bundle format (docs/bundle-format.md) that
 * its writer, reader, signer and verifier share: the format version, fixed entry names, the
 * entry-name and certificate-id grammars, the time form, and the limits a reader enforces on
 * untrusted bundles. It depends on nothing but pcf/error.h, so every module above may use it.
 * Included by pcf/bundle.h and pcf/verify.h: the names stay available through them.
 */
#ifndef PCF_BUNDLE_FORMAT_H
#define PCF_BUNDLE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Format written by this library ("major.minor"); verifiers refuse another major. */
#define PCF_BUNDLE_FORMAT_VERSION "1.0"
#define PCF_BUNDLE_FORMAT_MAJOR 1
#define PCF_BUNDLE_KIND "pcfkit-certificate"

/* Fixed entry names. */
#define PCF_BUNDLE_MANIFEST "manifest.json"
#define PCF_BUNDLE_SIGNATURE "manifest.p7s"
#define PCF_BUNDLE_INVENTORY "inventory.yaml"
#define PCF_BUNDLE_RESULT "result.json"
#define PCF_BUNDLE_FACTORS "factors.json"   /* format 1.2: the library factors the result used */

/* Longest entry name in bytes (the ustar name field, without a prefix). */
#define PCF_BUNDLE_NAME_MAX 100
/* Length of a certificate id in its text form, without the NUL. */
#define PCF_BUNDLE_ID_LEN 36

/* Caps on untrusted input (docs/trust-model.md lists the defaults). 0 means the default. */
typedef struct pcf_verify_limits {
	uint64_t max_input_bytes;       /* bundle file size (256 MiB) */
	uint64_t max_entries;           /* archive entries (4096) */
	uint64_t max_entry_bytes;       /* bytes of one entry (128 MiB) */
	uint64_t max_total_bytes;       /* bytes of all entries (256 MiB) */
	uint64_t max_header_bytes;      /* header blocks of one entry, pax extensions included (4096) */
	uint64_t max_manifest_bytes;    /* manifest.json (1 MiB) */
	uint64_t max_signature_bytes;   /* manifest.p7s (256 KiB) */
	uint64_t max_certificates;      /* certificates in the signature (16) */
	uint64_t max_certificate_bytes; /* DER size of one certificate (64 KiB) */
	uint64_t max_chain_depth;       /* chain certificates below the anchor, leaf included (8) */
} pcf_verify_limits;

/* Replace every 0 in limits with its default. */
void pcf_verify_limits_fill(pcf_verify_limits *limits);

/*
 * Nonzero when name is a valid entry name: ^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$, at
 * most PCF_BUNDLE_NAME_MAX bytes, no component "." or "..".
 */
int pcf_bundle_name_valid(const char *name);

/*
 * Make an entry name for an attachment: "evidence/" and the last component of file_name,
 * lowercased, every byte outside [a-z0-9._-] replaced by '-', leading bytes other than [a-z0-9]
 * dropped, cut to fit PCF_BUNDLE_NAME_MAX ("evidence/file" when nothing is left). buf must
 * hold PCF_BUNDLE_NAME_MAX + 1 bytes. Returns buf.
 */
char *pcf_bundle_evidence_name(const char *file_name, char *buf);

/* Nonzero when id is a certificate id in text form (lowercase hex 8-4-4-4-12). */
int pcf_bundle_id_valid(const char *id);

/*
 * Make a new random certificate id (128 bits from the OpenSSL CSPRNG) into buf (at least
 * PCF_BUNDLE_ID_LEN + 1 bytes). PCF_E_CRYPTO when the generator fails.
 */
pcf_status pcf_bundle_new_id(char *buf, pcf_error *err);

/*
 * Format t (seconds since the epoch) as RFC 3339 UTC with seconds and "Z" into buf (at least
 * 21 bytes; "(bad time)" outside years 0000-9999). Parse text in the time grammar of pcf(1)
 * (YYYY-MM-DDTHH:MM:SSZ, the same with "+00:00", @SECONDS, @-SECONDS or plain SECONDS since the
 * epoch; the same grammar as pcf_time_parse) into *t. The parser returns PCF_E_ARG for anything else.
 */
char *pcf_bundle_time_format(int64_t t, char *buf);
pcf_status pcf_bundle_time_parse(const char *text, int64_t *t, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
