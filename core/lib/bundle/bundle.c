/*
 * bundle.c - write certificate bundles: the manifest (deterministic JSON), its detached CMS
 * signature and the ustar archive around them, as docs/bundle-format.md specifies. The format's
 * facts (entry names, ids, times, limits) are in format.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <pcf/bundle.h>

#include "base/fsutil.h"
#include "base/hex.h"
#include "base/optinit.h"
#include "base/jsonw.h"
#include "crypto/signer_impl.h"
#include "bundle/tarw.h"

/* ---- the manifest ---- */

typedef struct entry {
	const char *path;
	const void *data;
	size_t size;
	char sha256[65];
} entry;

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static int tar_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const pcfi_tar_entry *)a)->path, ((const pcfi_tar_entry *)b)->path);
}

static int sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		return -1;
	pcfi_hex_encode(md, 32, out);
	return 0;
}

static void number_or_null(pcfi_jsonw *w, const char *key, double v)
{
	pcfi_jsonw_key(w, key);
	if (isnan(v))
		pcfi_jsonw_null(w);
	else
		pcfi_jsonw_number(w, v);
}

/* Does the input carry the factors entry? Only a version-2 input has the member at all. */
static int has_factors(const pcf_bundle_input *in)
{
	return in->version >= 2 && in->factors != NULL;
}

/* Does the input name supplier certificates? (version 2, as factors) */
static size_t n_suppliers(const pcf_bundle_input *in)
{
	return in->version >= 2 ? in->n_suppliers : 0;
}

/* The oldest format that holds the bundle: 1.2 with the factors entry (factors.json), supplier
 * certificates or revocation evidence (revocation/ entries), 1.1 with a status-list entry, else
 * 1.0 (old bundles stay byte for byte as before). */
static const char *format_version(const pcf_bundle_input *in)
{
	size_t i;

	if (has_factors(in) || n_suppliers(in))
		return "1.2";
	for (i = 0; i < in->n_extra; i++)
		if (in->extra[i].path && !strncmp(in->extra[i].path, "revocation/", 11))
			return "1.2";
	return in->status_list ? "1.1" : PCF_BUNDLE_FORMAT_VERSION;
}

/*
 * The manifest's deterministic JSON (docs/bundle-format.md). Longer than 80 lines on purpose: one
 * linear writer whose order of calls is the manifest's order of keys, which reads best in one place.
 */
static pcf_status write_manifest(const pcf_signer *s, const pcf_bundle_input *in, const char *id, int64_t valid_from,
                                 int64_t valid_until, const entry *files, size_t n, char **out, size_t *len,
                                 pcf_error *err)
{
	pcfi_jsonw w;
	char t[32];
	size_t i;
	pcf_status st;

	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "kind");
	pcfi_jsonw_string(&w, PCF_BUNDLE_KIND);
	pcfi_jsonw_key(&w, "format-version");
	pcfi_jsonw_string(&w, format_version(in));
	pcfi_jsonw_key(&w, "certificate-id");
	pcfi_jsonw_string(&w, id);
	pcfi_jsonw_key(&w, "issued-at");
	pcfi_jsonw_string(&w, pcf_bundle_time_format(in->issued_at, t));
	pcfi_jsonw_key(&w, "valid-from");
	pcfi_jsonw_string(&w, pcf_bundle_time_format(valid_from, t));
	pcfi_jsonw_key(&w, "valid-until");
	pcfi_jsonw_string(&w, pcf_bundle_time_format(valid_until, t));
	pcfi_jsonw_key(&w, "supersedes");
	pcfi_jsonw_string(&w, in->supersedes);         /* NULL writes null */
	pcfi_jsonw_key(&w, "issuer");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "name");
	pcfi_jsonw_string(&w, s->name);
	pcfi_jsonw_key(&w, "organization");
	pcfi_jsonw_string(&w, s->organization);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "product");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "id");
	pcfi_jsonw_string(&w, in->product_id);
	pcfi_jsonw_key(&w, "name");
	pcfi_jsonw_string(&w, in->product_name);
	pcfi_jsonw_key(&w, "declared-unit");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "amount");
	pcfi_jsonw_number(&w, in->declared_amount);
	pcfi_jsonw_key(&w, "unit");
	pcfi_jsonw_string(&w, in->declared_unit);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "methodology");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "id");
	pcfi_jsonw_string(&w, in->methodology_id);
	pcfi_jsonw_key(&w, "version");
	pcfi_jsonw_string(&w, in->methodology_version);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "footprint");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "total");
	pcfi_jsonw_number(&w, in->footprint.total);
	pcfi_jsonw_key(&w, "unit");
	pcfi_jsonw_string(&w, in->footprint.unit);
	pcfi_jsonw_key(&w, "gwp-set");
	pcfi_jsonw_string(&w, in->footprint.gwp_set);
	number_or_null(&w, "fossil", in->footprint.fossil);
	number_or_null(&w, "biogenic-emissions", in->footprint.biogenic_emissions);
	number_or_null(&w, "biogenic-removals", in->footprint.biogenic_removals);
	number_or_null(&w, "dluc", in->footprint.dluc);
	number_or_null(&w, "aircraft", in->footprint.aircraft);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "files");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < n; i++) {
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "path");
		pcfi_jsonw_string(&w, files[i].path);
		pcfi_jsonw_key(&w, "size");
		pcfi_jsonw_uint(&w, files[i].size);
		pcfi_jsonw_key(&w, "sha256");
		pcfi_jsonw_string(&w, files[i].sha256);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	if (in->status_list) {
		/* Only with a registry (pcf issue --registry); without, the manifest is unchanged. */
		pcfi_jsonw_key(&w, "status-list");
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "id");
		pcfi_jsonw_string(&w, in->status_list);
		pcfi_jsonw_key(&w, "index");
		pcfi_jsonw_uint(&w, (uint64_t)in->status_index);
		pcfi_jsonw_key(&w, "purposes");
		pcfi_jsonw_begin_array(&w);
		pcfi_jsonw_string(&w, "revocation");
		pcfi_jsonw_string(&w, "suspension");
		pcfi_jsonw_end_array(&w);
		pcfi_jsonw_end_object(&w);
	}
	if (n_suppliers(in)) {
		/* the embedded supplier certificates: each ref as the inventory wrote it, sorted by ref */
		pcfi_jsonw_key(&w, "suppliers");
		pcfi_jsonw_begin_array(&w);
		for (i = 0; i < in->n_suppliers; i++) {
			pcfi_jsonw_begin_object(&w);
			pcfi_jsonw_key(&w, "ref");
			pcfi_jsonw_string(&w, in->suppliers[i].ref);
			pcfi_jsonw_key(&w, "sha256");
			pcfi_jsonw_string(&w, in->suppliers[i].sha256);
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_array(&w);
	}
	pcfi_jsonw_end_object(&w);
	st = pcfi_jsonw_finish(&w, out, len);
	if (st == PCF_E_INTERNAL)
		return pcfi_error(err, PCF_E_ARG, "the manifest cannot be written: a number is not finite");
	if (st != PCF_OK)
		return pcfi_error(err, st, "out of memory writing the manifest");
	return PCF_OK;
}

/* ---- building ---- */

static int is_reserved(const char *path)
{
	return !strcmp(path, PCF_BUNDLE_MANIFEST) || !strcmp(path, PCF_BUNDLE_SIGNATURE) ||
	       !strcmp(path, PCF_BUNDLE_INVENTORY) || !strcmp(path, PCF_BUNDLE_RESULT) || !strcmp(path, PCF_BUNDLE_FACTORS);
}

/* A required, non-empty string of the manifest. */
static pcf_status need_text(const char *what, const char *v, pcf_error *err)
{
	if (!v || !*v)
		return pcfi_error(err, PCF_E_ARG, "the bundle needs the %s", what);
	return PCF_OK;
}

pcf_status pcf_bundle_input_init(pcf_bundle_input *in, unsigned version)
{
	return pcfi_opts_init(in, sizeof *in, version, PCF_BUNDLE_INPUT_VERSION);
}

static pcf_status check_input(const pcf_signer *s, const pcf_bundle_input *in, pcf_error *err)
{
	char a[32], b[32], c[32];
	pcf_status st;

	if (in->version > PCF_BUNDLE_INPUT_VERSION)
		return pcfi_error(err, PCF_E_ARG, "pcf_bundle_input version %u is newer than this library's %d", in->version,
		                  PCF_BUNDLE_INPUT_VERSION);
	if ((st = need_text("product id", in->product_id, err)) || (st = need_text("product name", in->product_name, err)) ||
	    (st = need_text("declared unit", in->declared_unit, err)) ||
	    (st = need_text("methodology id", in->methodology_id, err)) ||
	    (st = need_text("methodology version", in->methodology_version, err)) ||
	    (st = need_text("footprint unit", in->footprint.unit, err)))
		return st;
	if (!in->inventory || !in->result)
		return pcfi_error(err, PCF_E_ARG, "the bundle needs the inventory and the result");
	if (!isfinite(in->declared_amount) || !isfinite(in->footprint.total))
		return pcfi_error(err, PCF_E_ARG, "the declared amount and the footprint total must be finite numbers");
	if (in->valid_days == 0 || in->valid_days > 36600)
		return pcfi_error(err, PCF_E_ARG, "the validity must be between 1 and 36600 days, not %u", in->valid_days);
	if (in->issued_at <= 0)
		return pcfi_error(err, PCF_E_ARG, "the issue time must be after 1970-01-01T00:00:00Z");
	if (in->certificate_id && !pcf_bundle_id_valid(in->certificate_id))
		return pcfi_error(err, PCF_E_ARG,
		                  "certificate id '%s' is not 32 lowercase hex digits in the form 8-4-4-4-12", in->certificate_id);
	if (in->supersedes && !pcf_bundle_id_valid(in->supersedes))
		return pcfi_error(err, PCF_E_ARG,
		                  "superseded certificate id '%s' is not 32 lowercase hex digits in the form 8-4-4-4-12",
		                  in->supersedes);
	if (in->status_list && (strlen(in->status_list) > 200 || !strchr(in->status_list, ':') ||
	                        in->status_index < 0 || in->status_index > 2147483647))
		return pcfi_error(err, PCF_E_ARG, "the status list entry needs a URI of at most 200 bytes and an index "
		                  "from 0 to 2147483647");
	if (n_suppliers(in) && !in->suppliers)
		return pcfi_error(err, PCF_E_ARG, "the bundle's supplier refs are missing");
	for (size_t i = 0; i < n_suppliers(in); i++) {
		const pcf_bundle_supplier *sp = &in->suppliers[i];
		char name[PCF_BUNDLE_NAME_MAX + 1];
		size_t k;
		if (!sp->ref || !*sp->ref || !sp->sha256 || strlen(sp->sha256) != 64 ||
		    strspn(sp->sha256, "0123456789abcdef") != 64)
			return pcfi_error(err, PCF_E_ARG, "supplier %zu needs a ref and a lowercase hex SHA-256", i);
		if (i && strcmp(in->suppliers[i - 1].ref, sp->ref) >= 0)
			return pcfi_error(err, PCF_E_ARG, "supplier refs must be sorted and distinct ('%s' after '%s')", sp->ref,
			                  in->suppliers[i - 1].ref);
		snprintf(name, sizeof name, "suppliers/%s.pcfb", sp->sha256);
		for (k = 0; k < in->n_extra && (!in->extra[k].path || strcmp(in->extra[k].path, name)); k++)
			;
		if (k == in->n_extra) { /* a PACT ProductFootprint (format 1.2) */
			snprintf(name, sizeof name, "suppliers/%s.json", sp->sha256);
			for (k = 0; k < in->n_extra && (!in->extra[k].path || strcmp(in->extra[k].path, name)); k++)
				;
		}
		if (k == in->n_extra)
			return pcfi_error(err, PCF_E_ARG, "supplier '%s' has no entry %s", sp->ref, name);
	}
	if (in->issued_at < s->not_before || in->issued_at >= s->not_after)
		return pcfi_error(err, PCF_E_CERT,
		                  "issue time %s is outside the signer certificate's validity (%s to %s)",
		                  pcf_bundle_time_format(in->issued_at, a), pcf_bundle_time_format(s->not_before, b),
		                  pcf_bundle_time_format(s->not_after, c));
	if (in->issued_at < s->chain_from || in->issued_at >= s->chain_until)
		return pcfi_error(err, PCF_E_CERT,
		                  "issue time %s is outside the validity of an intermediate certificate (all are valid "
		                  "from %s to %s)", pcf_bundle_time_format(in->issued_at, a),
		                  pcf_bundle_time_format(s->chain_from, b), pcf_bundle_time_format(s->chain_until, c));
	return PCF_OK;
}

/*
 * The entries the manifest lists (the inventory, the result and the extra ones) into files, which has
 * room for them all: names checked, sorted, duplicates and file/folder clashes refused, each hashed.
 * *nout gets their number.
 */
static pcf_status collect_entries(const pcf_bundle_input *in, entry *files, size_t *nout, pcf_error *err)
{
	size_t n = 0, i;
	pcf_status st;

	files[n].path = PCF_BUNDLE_INVENTORY;
	files[n].data = in->inventory;
	files[n++].size = in->inventory_size;
	files[n].path = PCF_BUNDLE_RESULT;
	files[n].data = in->result;
	files[n++].size = in->result_size;
	if (has_factors(in)) {
		files[n].path = PCF_BUNDLE_FACTORS;
		files[n].data = in->factors;
		files[n++].size = in->factors_size;
	}
	for (i = 0; i < in->n_extra; i++) {
		const pcf_bundle_file *f = &in->extra[i];
		if (!f->path || !pcf_bundle_name_valid(f->path)) {
			st = pcfi_error(err, PCF_E_ARG,
			                "entry name '%s' is not allowed: lowercase a-z, 0-9, '.', '_', '-' and '/', "
			                "each part starting with a letter or digit, at most %d bytes",
			                f->path ? f->path : "(null)", PCF_BUNDLE_NAME_MAX);
			return st;
		}
		if (is_reserved(f->path)) {
			st = pcfi_error(err, PCF_E_ARG, "entry name '%s' is reserved", f->path);
			return st;
		}
		if (!f->data && f->size) {
			st = pcfi_error(err, PCF_E_ARG, "entry '%s' has no data", f->path);
			return st;
		}
		files[n].path = f->path;
		files[n].data = f->data ? f->data : "";
		files[n++].size = f->size;
	}
	qsort(files, n, sizeof *files, entry_cmp);
	for (i = 0; i < n; i++) {
		size_t k, j;
		/* Names are lowercase by the grammar, so byte equality is case-folded equality. A file
		 * "a" next to a folder "a/..." is also refused: no extractor can write both. */
		if (i + 1 < n && !strcmp(files[i].path, files[i + 1].path)) {
			st = pcfi_error(err, PCF_E_ARG, "entry '%s' appears twice", files[i].path);
			return st;
		}
		k = strlen(files[i].path);
		/* Every name that starts with this one follows it in the sorted list, not only the next
		 * ("a", "a-b", "a/b": '-' sorts before '/'). */
		for (j = i + 1; j < n && !strncmp(files[i].path, files[j].path, k); j++)
			if (files[j].path[k] == '/')
				return pcfi_error(err, PCF_E_ARG, "entry '%s' is both a file and a folder ('%s')", files[i].path,
				                  files[j].path);
		if (sha256_hex(files[i].data, files[i].size, files[i].sha256)) {
			st = pcfi_error(err, PCF_E_CRYPTO, "cannot compute SHA-256 of %s", files[i].path);
			return st;
		}
	}
	*nout = n;
	return PCF_OK;
}

pcf_status pcf_bundle_build(const pcf_signer *s, const pcf_bundle_input *in, unsigned char **out, size_t *out_len,
                            char *id_out, pcf_error *err)
{
	entry *files = NULL;
	pcfi_tar_entry *tar = NULL;
	size_t n = 0, i;
	char id[PCF_BUNDLE_ID_LEN + 1];
	char *manifest = NULL;
	size_t manifest_len = 0;
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	int64_t valid_from;
	pcf_status st;

	if (!out || !out_len || !s || !in)
		return pcfi_error(err, PCF_E_ARG, "pcf_bundle_build needs a signer, an input and an output");
	*out = NULL;
	*out_len = 0;
	if ((st = check_input(s, in, err)) != PCF_OK)
		return st;
	{
		/* Never issue what a default verifier refuses: the bundle's own 4 entries (5 with factors.json)
		 * plus the extra ones must fit in max_entries (entry-count-limit). */
		pcf_verify_limits lim = { 0 };
		unsigned own = has_factors(in) ? 5 : 4;
		pcf_verify_limits_fill(&lim);
		if (in->n_extra > lim.max_entries - own)
			return pcfi_error(err, PCF_E_LIMIT,
			                  "more than %llu extra entries (with the bundle's own %u, more than the %llu "
			                  "entries a verifier accepts)",
			                  (unsigned long long)(lim.max_entries - own), own, (unsigned long long)lim.max_entries);
	}
	files = calloc(in->n_extra + 3, sizeof *files);
	tar = calloc(in->n_extra + 5, sizeof *tar);
	if (!files || !tar) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	if ((st = collect_entries(in, files, &n, err)) != PCF_OK)
		goto out;
	if (in->certificate_id) {
		memcpy(id, in->certificate_id, sizeof id);
	} else if ((st = pcf_bundle_new_id(id, err)) != PCF_OK) {
		goto out;
	}
	valid_from = in->valid_from ? in->valid_from : in->issued_at;
	if ((st = write_manifest(s, in, id, valid_from, valid_from + (int64_t)in->valid_days * 86400, files, n, &manifest,
	                         &manifest_len, err)) != PCF_OK)
		goto out;
	if ((st = pcfi_cms_sign_detached(s, manifest, manifest_len, in->issued_at, &sig, &sig_len, err)) != PCF_OK)
		goto out;
	for (i = 0; i < n; i++) {
		tar[i].path = files[i].path;
		tar[i].data = files[i].data;
		tar[i].size = files[i].size;
	}
	tar[n].path = PCF_BUNDLE_MANIFEST;
	tar[n].data = manifest;
	tar[n++].size = manifest_len;
	tar[n].path = PCF_BUNDLE_SIGNATURE;
	tar[n].data = sig;
	tar[n++].size = sig_len;
	qsort(tar, n, sizeof *tar, tar_entry_cmp);
	if ((st = pcfi_tar_write(tar, n, in->issued_at, out, out_len, err)) != PCF_OK)
		goto out;
	if (id_out)
		memcpy(id_out, id, sizeof id);
out:
	free(files);
	free(tar);
	free(manifest);
	OPENSSL_free(sig);
	return st;
}

pcf_status pcf_bundle_write(const pcf_signer *s, const pcf_bundle_input *in, const char *path, int overwrite,
                            char *id_out, pcf_error *err)
{
	unsigned char *data;
	size_t len;
	pcf_status st;

	if (!path || !*path)
		return pcfi_error(err, PCF_E_ARG, "no output file name");
	/* Refuse early, before the work; pcfi_write_file_atomic checks again without a race. */
	if (!overwrite && access(path, F_OK) == 0)
		return pcfi_error_at(err, PCF_E_EXISTS, path, 0, 0, NULL, "output exists (use --force to overwrite)");
	if ((st = pcf_bundle_build(s, in, &data, &len, id_out, err)) != PCF_OK)
		return st;
	st = pcfi_write_file_atomic(path, data, len, overwrite, 0644, err);
	free(data);
	return st;
}
