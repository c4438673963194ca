/*
 * verify_recompute.h - recomputation of a bundle's result with the installed methodology plugin
 * (internal to the verify area). The recomputer is created once per verifier (plugins loaded
 * once for a batch) and is not changed by pcfi_vfy_recompute.
 */
#ifndef PCF_VERIFY_RECOMPUTE_H
#define PCF_VERIFY_RECOMPUTE_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/factors.h>
#include <pcf/inventory.h>

typedef struct pcfi_vfy_recomputer pcfi_vfy_recomputer;

enum {
	PCFI_RECOMPUTE_MATCH = 0,       /* recomputed, byte-identical to result.json */
	PCFI_RECOMPUTE_MISMATCH = 1,    /* recomputed, differs (the note says where) */
	PCFI_RECOMPUTE_UNAVAILABLE = 2, /* not recomputable: an input is missing here (plugin, version, factors) */
	PCFI_RECOMPUTE_FAILED = 3,      /* the plugin is there but could not compute the bundled inventory */
	PCFI_RECOMPUTE_ABORTED = 4      /* the plugin crashed or ran out of time computing it */
};

/*
 * A recomputer searching plugin_dir first (may be NULL). With nworkers > 0 the plugins compute in that
 * many worker processes (plugin/workers.h), each recomputation within timeout_s seconds (0: no limit), so
 * that a plugin that crashes or hangs fails only that bundle (PCFI_RECOMPUTE_ABORTED); this forks, so
 * make it before the caller starts threads. With 0 they compute in this process, as before.
 */
pcf_status pcfi_vfy_recomputer_new(const char *plugin_dir, size_t nworkers, unsigned timeout_s,
                                   pcfi_vfy_recomputer **out, pcf_error *err);
void pcfi_vfy_recomputer_free(pcfi_vfy_recomputer *rc);

/*
 * Recompute and compare; one of the PCFI_RECOMPUTE_* values, with a one-line note (size len).
 * inventory_sha256 is the SHA-256 of inventory as the bundle reader computed it from these bytes
 * (NULL: computed again). factors: the bundle's factors.json (format 1.2), with which alone the result
 * is then recomputed, as with `--no-default --factors factors.json`; NULL (a bundle of format 1.0 or
 * 1.1): the verifier's default library, as before. With factors, fnote (size fnlen) gets, for
 * information, the embedded factors that differ from the installed library's of the same id and
 * library ("" when none). sup (may be NULL) resolves the inventory's supplier inputs (the bundle's
 * embedded supplier certificates); with it, the computation runs in this process.
 */
int pcfi_vfy_recompute(const pcfi_vfy_recomputer *rc, const char *method_id, const char *method_version,
                       const unsigned char *inventory, size_t inventory_len, const unsigned char *inventory_sha256,
                       const unsigned char *factors, size_t factors_len, const unsigned char *result,
                       size_t result_len, const pcf_supplier_resolver *sup, char *note, size_t len, char *fnote,
                       size_t fnlen);

/* The default factor library (loaded on first use; NULL when it cannot be), read-only, for as long as rc. */
const pcf_factor_lib *pcfi_vfy_recomputer_factors(const pcfi_vfy_recomputer *rc);

/*
 * The factor library made of a bundle's factors.json (bytes/len), in *out (caller frees with
 * pcf_factor_lib_free); on failure *out is NULL and err says why (the loader's errors, named
 * factors.json with line and column).
 */
pcf_status pcfi_vfy_bundle_factors(const void *bytes, size_t len, pcf_factor_lib **out, pcf_error *err);

#endif
