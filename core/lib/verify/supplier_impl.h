/*
 * supplier_impl.h - a supplier's figures read from its bundle (internal to the verify area; used by
 * the issuer's supplier policy and by recomputation from embedded supplier bundles).
 */
#ifndef PCF_VERIFY_SUPPLIER_IMPL_H
#define PCF_VERIFY_SUPPLIER_IMPL_H

#include <pcf/bundle_reader.h>
#include <pcf/inventory.h>

#include "verify/verify_manifest.h"

/* A pcf_supplier and the one block its strings live in. */
typedef struct pcfi_supplier_figs {
	pcf_supplier s;
	char *strings;
} pcfi_supplier_figs;

/*
 * The figures of the bundle whose parsed manifest is m and whose entries are view (its digest sha),
 * with flags (PCF_SUPPLIER_*), into *out (free with pcfi_supplier_figs_free). PCF_E_INVALID when
 * result.json lacks a figure, PCF_E_UNIT when the footprint is not in kg CO2e.
 */
pcf_status pcfi_supplier_figs_read(const pcfi_vfy_manifest *m, const pcf_bundle_view *view, const unsigned char sha[32],
                                   unsigned flags, pcfi_supplier_figs *out, pcf_error *err);
/*
 * The data-quality indicators of the supplier's product (its inventory's reference process,
 * docs/inventory-format.md) into f->s.dq_*, when its inventory.yaml parses with factors (may be
 * NULL); they stay NaN otherwise, or where the process does not rate them.
 */
void pcfi_supplier_figs_quality(pcfi_supplier_figs *f, const pcf_bundle_view *view, const pcf_factor_lib *factors);
void pcfi_supplier_figs_free(pcfi_supplier_figs *f);
/* Copy the n strings src[] (NULLs kept NULL) into one block owned by f; -1 when out of memory. */
int pcfi_supplier_figs_keep(pcfi_supplier_figs *f, const char *const *src, const char **dst[], size_t n);
/*
 * A PACT v2.x/v3.x ProductFootprint JSON file (data/len, read from path, digest sha) as a supplier's
 * declared figures, flagged PCF_SUPPLIER_UNVERIFIED, into *out (supplier_pact.c). PCF_E_INVALID with
 * the file and the member when it breaks a PACT rule.
 */
pcf_status pcfi_supplier_pact_read(const char *path, const unsigned char *data, size_t len, const unsigned char sha[32],
                                   pcfi_supplier_figs *out, pcf_error *err);

#endif
