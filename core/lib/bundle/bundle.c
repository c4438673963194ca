/*
 * bundle.c - write certificate bundles: the manifest (deterministic JSON), its detached CMS
 * signature and the ustar archive around them, as docs/bundle-format.md specifies. Also the small
 * shared helpers: entry names, certificate ids and the time format.
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
#include <pcf/verify.h>

#include "base/fsutil.h"
#include "base/jsonw.h"
#include "crypto/signer_impl.h"
#include "bundle/tarw.h"

/* ---- names, ids, times ---- */

static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int pcf_bundle_name_valid(const char *name)
{
	const char *p = name;
	size_t n;

	if (!name || !*name)
		return 0;
	n = strlen(name);
	if (n > PCF_BUNDLE_NAME_MAX)
		return 0;
	for (;;) {
		if (!name_start((unsigned char)*p))
			return 0;        /* also rejects empty components, "." and ".." */
		while (*p && *p != '/') {
			if (!name_char((unsigned char)*p))
				return 0;
			p++;
		}
		if (!*p)
			return 1;
		p++;                     /* the '/' */
	}
}

char *pcf_bundle_evidence_name(const char *file_name, char *buf)
{
	static const char prefix[] = "evidence/";
	const char *base = strrchr(file_name, '/');
	size_t n = sizeof prefix - 1;
	int started = 0;

	base = base ? base + 1 : file_name;
	memcpy(buf, prefix, n);
	for (; *base && n < PCF_BUNDLE_NAME_MAX; base++) {
		int c = (unsigned char)*base;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (!name_char(c))
			c = '-';
		if (!started && !name_start(c))
			continue;
		started = 1;
		buf[n++] = (char)c;
	}
	if (!started) {
		memcpy(buf + n, "file", 4);
		n += 4;
	}
	buf[n] = '\0';
	return buf;
}

int pcf_bundle_id_valid(const char *id)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (!id || strlen(id) != PCF_BUNDLE_ID_LEN)
		return 0;
	for (i = 0; i < PCF_BUNDLE_ID_LEN; i++) {
		int c = (unsigned char)id[i];
		if (shape[i] == '-') {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

pcf_status pcf_bundle_new_id(char *buf, pcf_error *err)
{
	unsigned char r[16];
	static const char hex[] = "0123456789abcdef";
	size_t i, n = 0;

	if (RAND_bytes(r, sizeof r) != 1)
		return pcfi_error(err, PCF_E_CRYPTO, "the random number generator failed");
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[n++] = '-';
		buf[n++] = hex[r[i] >> 4];
		buf[n++] = hex[r[i] & 15];
	}
	buf[n] = '\0';
	return PCF_OK;
}

char *pcf_bundle_time_format(int64_t t, char *buf)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, 21, "(bad time)");
	return buf;
}

pcf_status pcf_bundle_time_parse(const char *text, int64_t *t, pcf_error *err)
{
	int y, mo, d, h, mi, s, used = -1;
	struct tm tm, back;
	time_t tt;
	const char *p;

	if (!text || !*text)
		return pcfi_error(err, PCF_E_ARG, "expected a time, found nothing");
	for (p = text; *p >= '0' && *p <= '9'; p++)
		;
	if (!*p && p - text <= 12) {
		*t = (int64_t)strtoll(text, NULL, 10);
		return PCF_OK;
	}
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6 || used != 19 ||
	    (strcmp(text + 19, "Z") && strcmp(text + 19, "+00:00")))
		return pcfi_error(err, PCF_E_ARG,
		                  "expected a UTC time like 2026-11-29T16:00:00Z or seconds since the epoch, found '%s'", text);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tt = timegm(&tm);
	if (y < 1970 || !gmtime_r(&tt, &back) || back.tm_year != y - 1900 || back.tm_mon != mo - 1 || back.tm_mday != d ||
	    back.tm_hour != h || back.tm_min != mi || back.tm_sec != s)
		return pcfi_error(err, PCF_E_ARG, "'%s' is not a valid date and time", text);
	*t = (int64_t)tt;
	return PCF_OK;
}

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
	static const char hex[] = "0123456789abcdef";
	int i;

	if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		return -1;
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
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
	pcfi_jsonw_string(&w, PCF_BUNDLE_FORMAT_VERSION);
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
	       !strcmp(path, PCF_BUNDLE_INVENTORY) || !strcmp(path, PCF_BUNDLE_RESULT);
}

/* A required, non-empty string of the manifest. */
static pcf_status need_text(const char *what, const char *v, pcf_error *err)
{
	if (!v || !*v)
		return pcfi_error(err, PCF_E_ARG, "the bundle needs the %s", what);
	return PCF_OK;
}

static pcf_status check_input(const pcf_signer *s, const pcf_bundle_input *in, pcf_error *err)
{
	char a[32], b[32], c[32];
	pcf_status st;

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
		/* Never issue what a default verifier refuses: the bundle's own 4 entries plus the extra ones
		 * must fit in max_entries (entry-count-limit). */
		pcf_verify_limits lim = { 0 };
		pcf_verify_limits_fill(&lim);
		if (in->n_extra > lim.max_entries - 4)
			return pcfi_error(err, PCF_E_LIMIT,
			                  "more than %llu extra entries (with the bundle's own 4, more than the %llu "
			                  "entries a verifier accepts)",
			                  (unsigned long long)(lim.max_entries - 4), (unsigned long long)lim.max_entries);
	}
	files = calloc(in->n_extra + 2, sizeof *files);
	tar = calloc(in->n_extra + 4, sizeof *tar);
	if (!files || !tar) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	files[n].path = PCF_BUNDLE_INVENTORY;
	files[n].data = in->inventory;
	files[n++].size = in->inventory_size;
	files[n].path = PCF_BUNDLE_RESULT;
	files[n].data = in->result;
	files[n++].size = in->result_size;
	for (i = 0; i < in->n_extra; i++) {
		const pcf_bundle_file *f = &in->extra[i];
		if (!f->path || !pcf_bundle_name_valid(f->path)) {
			st = pcfi_error(err, PCF_E_ARG,
			                "entry name '%s' is not allowed: lowercase a-z, 0-9, '.', '_', '-' and '/', "
			                "each part starting with a letter or digit, at most %d bytes",
			                f->path ? f->path : "(null)", PCF_BUNDLE_NAME_MAX);
			goto out;
		}
		if (is_reserved(f->path)) {
			st = pcfi_error(err, PCF_E_ARG, "entry name '%s' is reserved", f->path);
			goto out;
		}
		if (!f->data && f->size) {
			st = pcfi_error(err, PCF_E_ARG, "entry '%s' has no data", f->path);
			goto out;
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
			goto out;
		}
		k = strlen(files[i].path);
		/* Every name that starts with this one follows it in the sorted list, not only the next
		 * ("a", "a-b", "a/b": '-' sorts before '/'). */
		for (j = i + 1; j < n && !strncmp(files[i].path, files[j].path, k); j++)
			if (files[j].path[k] == '/') {
				st = pcfi_error(err, PCF_E_ARG, "entry '%s' is both a file and a folder ('%s')", files[i].path,
				                files[j].path);
				goto out;
			}
		if (sha256_hex(files[i].data, files[i].size, files[i].sha256)) {
			st = pcfi_error(err, PCF_E_CRYPTO, "cannot compute SHA-256 of %s", files[i].path);
			goto out;
		}
	}
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
