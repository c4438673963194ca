/*
 * suppliers.c - the supplier bundles a certificate embeds (docs/bundle-format.md, format 1.2): read
 * from the result's "suppliers" list (paths relative to the inventory file), each checked against
 * the digest the computation recorded, deduplicated by digest into entries
 * suppliers/<sha256>.pcfb, with the manifest's map from each ref to its digest sorted by ref.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <pcf/bundle.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "base/hex.h"

struct pcf_bundle_supplier_set {
	pcf_bundle_file *files;        /* one per distinct digest, data owned */
	char (*names)[PCF_BUNDLE_NAME_MAX + 1];
	size_t nfiles;
	pcf_bundle_supplier *refs;     /* sorted by ref, strings owned */
	size_t nrefs;
};

void pcf_bundle_suppliers_free(pcf_bundle_supplier_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nfiles; i++)
		free((void *)s->files[i].data);
	for (i = 0; i < s->nrefs; i++) {
		free((void *)s->refs[i].ref);
		free((void *)s->refs[i].sha256);
	}
	free(s->files);
	free(s->names);
	free(s->refs);
	free(s);
}

/* Does data (len bytes) start, after blanks, with '{' or '[' (a PACT JSON file, not a tar archive)? */
static int json_start(const unsigned char *data, size_t len)
{
	size_t w = 0;
	while (w < len && (data[w] == ' ' || data[w] == '\t' || data[w] == '\n' || data[w] == '\r'))
		w++;
	return w < len && (data[w] == '{' || data[w] == '[');
}

static int ref_cmp(const void *a, const void *b)
{
	return strcmp(((const pcf_bundle_supplier *)a)->ref, ((const pcf_bundle_supplier *)b)->ref);
}

pcf_status pcf_bundle_suppliers_read(const char *inventory_path, const void *result, size_t result_len, uint64_t max_bytes,
                                     pcf_bundle_supplier_set **out, pcf_error *err)
{
	pcf_bundle_supplier_set *s;
	json_t *root, *arr;
	json_error_t je;
	size_t i, n, k;
	const char *slash;
	pcf_status st = PCF_OK;

	if (!out || !result)
		return pcfi_error(err, PCF_E_ARG, "pcf_bundle_suppliers_read: NULL argument");
	*out = NULL;
	if (!(root = json_loadb(result, result_len, JSON_REJECT_DUPLICATES, &je)))
		return pcfi_error(err, PCF_E_INVALID, "the result is not JSON: %s", je.text);
	arr = json_object_get(root, "suppliers");
	n = json_is_array(arr) ? json_array_size(arr) : 0;
	if (!(s = calloc(1, sizeof *s)) || !(s->files = calloc(n + 1, sizeof *s->files)) ||
	    !(s->names = calloc(n + 1, sizeof *s->names)) || !(s->refs = calloc(n + 1, sizeof *s->refs))) {
		json_decref(root);
		pcf_bundle_suppliers_free(s);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	slash = inventory_path ? strrchr(inventory_path, '/') : NULL;
	for (i = 0; i < n && st == PCF_OK; i++) {
		json_t *o = json_array_get(arr, i);
		const char *ref = json_string_value(json_object_get(o, "ref"));
		const char *hex = json_string_value(json_object_get(o, "sha256"));
		char path[4096], got[65];
		unsigned char d[32];
		unsigned int dl = 0;
		char *data = NULL;
		size_t len = 0;

		if (!ref || !hex || strlen(hex) != 64) {
			st = pcfi_error(err, PCF_E_INVALID, "the result's suppliers[%zu] has no ref or sha256", i);
			break;
		}
		for (k = 0; k < s->nrefs && strcmp(s->refs[k].ref, ref); k++)
			;
		if (k < s->nrefs) {
			if (strcmp(s->refs[k].sha256, hex))
				st = pcfi_error(err, PCF_E_INVALID, "supplier bundle %s was read twice with different contents", ref);
			continue; /* the same ref taken by several inputs */
		}
		if (ref[0] == '/' || !slash)
			snprintf(path, sizeof path, "%s", ref);
		else
			snprintf(path, sizeof path, "%.*s/%s", (int)(slash - inventory_path), inventory_path, ref);
		s->refs[s->nrefs].ref = strdup(ref);
		s->refs[s->nrefs].sha256 = strdup(hex);
		if (!s->refs[s->nrefs].ref || !s->refs[s->nrefs].sha256) {
			s->nrefs++;
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			break;
		}
		s->nrefs++;
		for (k = 0; k < s->nfiles && strncmp(s->names[k] + 10, hex, 64); k++)
			;
		if (k < s->nfiles)
			continue; /* the same digest under another ref: embedded once */
		if ((st = pcfi_read_file(path, max_bytes, &data, &len, err)) != PCF_OK)
			break;
		if (!EVP_Digest(data, len, d, &dl, EVP_sha256(), NULL) || dl != 32) {
			free(data);
			st = pcfi_error(err, PCF_E_CRYPTO, "SHA-256 of %s failed", path);
			break;
		}
		pcfi_hex_encode(d, 32, got);
		if (strcmp(got, hex)) {
			free(data);
			st = pcfi_error(err, PCF_E_VERIFY, "supplier bundle %s changed after it was verified (SHA-256 %s, "
			                "verified %s): nothing issued", path, got, hex);
			break;
		}
		/* a PACT ProductFootprint (supplier: {pact: PATH}) is embedded as .json (format 1.2) */
		snprintf(s->names[s->nfiles], sizeof s->names[s->nfiles], "suppliers/%s.%s", hex,
		         json_start((const unsigned char *)data, len) ? "json" : "pcfb");
		s->files[s->nfiles].path = s->names[s->nfiles];
		s->files[s->nfiles].data = data;
		s->files[s->nfiles].size = len;
		s->nfiles++;
	}
	json_decref(root);
	if (st != PCF_OK) {
		pcf_bundle_suppliers_free(s);
		return st;
	}
	qsort(s->refs, s->nrefs, sizeof *s->refs, ref_cmp);
	*out = s;
	return PCF_OK;
}

size_t pcf_bundle_suppliers_files(const pcf_bundle_supplier_set *s, const pcf_bundle_file **files)
{
	*files = s ? s->files : NULL;
	return s ? s->nfiles : 0;
}

size_t pcf_bundle_suppliers_refs(const pcf_bundle_supplier_set *s, const pcf_bundle_supplier **refs)
{
	*refs = s ? s->refs : NULL;
	return s ? s->nrefs : 0;
}
