/*
 * redact.c - pcf redact: a bundle without some of its entries (the supplier's confidential inventory,
 * its factors, evidence), whose signed manifest still lists their digests (docs/bundle-format.md,
 * "Withheld entries"). Every kept entry, the manifest and the signature are written back byte for
 * byte with the header profile of section 2, so the signature still verifies and a verifier reports
 * the withheld entries and that recomputation is not possible.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <pcf/bundle_format.h>
#include <pcf/verify.h>

#include "base/error_impl.h"
#include "bundle/tarw.h"
#include "verify/verify_manifest.h"

static int listed(const pcfi_vfy_manifest *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].path, name))
			return 1;
	return 0;
}

pcf_status pcf_redact_memory(const char *name, const void *data, size_t len, const char *const *withhold, size_t n,
                             unsigned char **out, size_t *out_len, pcf_error *err)
{
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcfi_tar_entry *tar = NULL;
	size_t i, j, nt = 0, count;
	pcf_status st = PCF_OK;

	if (!out || !out_len || (!data && len) || (!withhold && n))
		return pcfi_error(err, PCF_E_ARG, "pcf_redact_memory: NULL argument");
	*out = NULL;
	*out_len = 0;
	if (!name)
		name = "bundle";
	for (i = 0; i < n; i++)
		if (!pcf_bundle_entry_withholdable(withhold[i]))
			return pcfi_error_at(err, PCF_E_ARG, name, 0, 0, NULL,
			                     "'%s' cannot be withheld: only %s, %s and evidence/NAME may be (result.json, "
			                     "the exports, %s and %s are what a verifier checks)", withhold[i] ? withhold[i] : "",
			                     PCF_BUNDLE_INVENTORY, PCF_BUNDLE_FACTORS, PCF_BUNDLE_MANIFEST, PCF_BUNDLE_SIGNATURE);
	memset(&m, 0, sizeof m);
	/* The structural checks (archive, manifest, entries, digests, result.json against the manifest):
	 * what is redacted is what the supplier received, not something else with the same name. */
	if ((st = pcfi_vfy_run(NULL, name, data, len, 1, &vd, &view, &m, err)) != PCF_OK)
		return st;
	if (pcf_verdict_get_code(vd) != PCF_VERDICT_UNVERIFIED || !view || !m.root) {
		st = pcfi_error_at(err, PCF_E_VERIFY, name, 0, 0, NULL, "not redacted: the bundle is not well-formed: %s: %s",
		                   pcf_reason_name(pcf_verdict_get_reason(vd)), pcf_verdict_message(vd));
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!listed(&m, withhold[i])) {
			st = pcfi_error_at(err, PCF_E_ARG, name, 0, 0, NULL, "'%s' is not an entry of the bundle", withhold[i]);
			goto out;
		}
	count = pcf_bundle_view_count(view);
	if (!(tar = calloc(count ? count : 1, sizeof *tar))) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	/* The reader keeps the archive's order, which the structural checks found sorted. */
	for (i = 0; i < count; i++) {
		const char *e = pcf_bundle_view_name(view, i);
		for (j = 0; j < n && strcmp(e, withhold[j]); j++)
			;
		if (j < n)
			continue;
		tar[nt].path = e;
		tar[nt].data = pcf_bundle_view_data(view, i, &tar[nt].size);
		nt++;
	}
	/* The tar mtime is the issue time (section 2): same entries, same header bytes. */
	st = pcfi_tar_write(tar, nt, m.issued_at, out, out_len, err);
out:
	free(tar);
	pcfi_vfy_manifest_free(&m);
	pcf_bundle_view_free(view);
	pcf_verdict_free(vd);
	return st;
}
