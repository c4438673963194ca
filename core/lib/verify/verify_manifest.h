/*
 * verify_manifest.h - the parsed manifest of a bundle (format v1), internal to the verify area.
 * Strings point into the jansson tree kept in root; pcfi_vfy_manifest_free releases everything.
 */
#ifndef PCF_VERIFY_MANIFEST_H
#define PCF_VERIFY_MANIFEST_H

#include <jansson.h>
#include <stdint.h>

#include "verify/verify_impl.h"

#define PCFI_MANIFEST_NAME "manifest.json"
#define PCFI_SIGNATURE_NAME "manifest.p7s"
#define PCFI_MANIFEST_KIND "pcfkit-certificate"
#define PCFI_FORMAT_MAJOR 1

typedef struct pcfi_vfy_file {
	const char *path;
	uint64_t size;
	unsigned char sha256[32];
} pcfi_vfy_file;

typedef struct pcfi_vfy_manifest {
	json_t *root;
	int major, minor;
	const char *certificate_id, *supersedes;
	const char *issued_at_text, *valid_from_text, *valid_until_text;
	int64_t issued_at, valid_from, valid_until;
	const char *issuer_name, *issuer_org;
	const char *product_id, *product_name, *declared_unit;
	double declared_amount;
	const char *method_id, *method_version;
	double total;
	const char *unit, *gwp_set;
	pcfi_vfy_file *files;
	size_t nfiles;
	/* format 1.2: the embedded supplier certificates, sorted by ref; each digest is an entry
	 * suppliers/<hex>.pcfb of files */
	struct pcfi_vfy_supplier {
		const char *ref;
		const char *hex;
		unsigned char sha256[32];
	} *suppliers;
	size_t nsuppliers;
} pcfi_vfy_manifest;

/* Parse and check data (the bytes of manifest.json, named file in messages) into m. */
pcf_status pcfi_vfy_manifest_parse(const char *file, const unsigned char *data, size_t len, pcfi_vfy_manifest *m,
                                   pcf_reason *reason, pcf_error *err);
void pcfi_vfy_manifest_free(pcfi_vfy_manifest *m);

/*
 * Check that every figure the manifest shows (product, declared unit, methodology, footprint total,
 * unit, GWP set and parts) equals result.json's (res/len), and that the result names the bundle's
 * inventory (inventory_sha256, the SHA-256 of inventory.yaml; NULL: not checked). On a difference
 * *reason is PCF_REASON_MANIFEST_RESULT and err names the member, both values.
 */
pcf_status pcfi_vfy_manifest_check_result(const pcfi_vfy_manifest *m, const unsigned char *res, size_t len,
                                          const unsigned char inventory_sha256[32], pcf_reason *reason,
                                          pcf_error *err);

/* Strict "YYYY-MM-DDTHH:MM:SSZ"; 1 on success. */
int pcfi_vfy_parse_rfc3339(const char *s, int64_t *out);


/*
 * Run the checks on data (structure_only 1: archive, manifest, entries and digests only; 2: archive
 * and manifest only; v may be NULL then). *out is the verdict; when it is not a hard failure, the view and the parsed manifest
 * are handed to *view_out / *man_out (when not NULL), which the caller frees.
 */
pcf_status pcfi_vfy_run(const pcf_verifier *v, const char *name, const unsigned char *data, size_t len,
                        int structure_only, pcf_verdict **out, pcf_bundle_view **view_out, pcfi_vfy_manifest *man_out,
                        pcf_error *err);
/* A verdict for a bundle that could not be read (reason io-error or input-too-large). */
pcf_status pcfi_vfy_unreadable(const char *name, pcf_reason reason, const pcf_error *e, pcf_verdict **out,
                               pcf_error *err);
/* The verifier's limits (defaults when v is NULL). */
void pcfi_vfy_limits(const pcf_verifier *v, pcf_verify_limits *out);

#endif
