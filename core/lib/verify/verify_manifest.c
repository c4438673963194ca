/*
 * verify_manifest.c - strict parsing of a bundle's manifest.json (format v1) and of the times
 * it and --at use. Parsing is jansson with duplicate keys rejected; every field is checked for
 * presence, type and form, and a failure names the key path, what was expected and what was found.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "verify/verify_manifest.h"

int pcfi_vfy_parse_rfc3339(const char *s, int64_t *out)
{
	return pcfi_time_parse(s, PCFI_TIME_STRICT, out) == PCFI_TIME_OK;
}

pcf_status pcf_time_parse(const char *text, int64_t *out, pcf_error *err)
{
	if (!text || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_time_parse: NULL argument");
	switch (pcfi_time_parse(text, PCFI_TIME_ANY, out)) {
	case PCFI_TIME_OK:
		return PCF_OK;
	case PCFI_TIME_CALENDAR:
		return pcfi_error(err, PCF_E_SYNTAX, "time '%.64s': no such date or time, or outside the years 0000 to 9999 (expected "
		                  "YYYY-MM-DDTHH:MM:SSZ (UTC) or @SECONDS)",
		                  text);
	default:
		break;
	}
	return pcfi_error(err, PCF_E_SYNTAX, "time '%.64s': expected YYYY-MM-DDTHH:MM:SSZ (UTC) or @SECONDS", text);
}

void pcfi_vfy_manifest_free(pcfi_vfy_manifest *m)
{
	if (!m)
		return;
	free(m->files);
	free(m->suppliers);
	json_decref(m->root);
	memset(m, 0, sizeof *m);
}

typedef struct mctx {
	pcfi_vfy_manifest *m;
	pcf_reason reason;
	pcf_error *err;
	const char *file;
} mctx;

static pcf_status bad(mctx *c, pcf_reason reason, const char *path, const char *fmt, ...) PCFI_PRINTF(4, 5);

static pcf_status bad(mctx *c, pcf_reason reason, const char *path, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->reason = reason;
	return pcfi_error_at(c->err, reason == PCF_REASON_MANIFEST_SYNTAX ? PCF_E_SYNTAX : PCF_E_INVALID, c->file, 0, 0,
	                     path, "%s", msg);
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* A string member; NULL (with the error filled) when missing or not a non-empty string. */
static const char *get_string(mctx *c, json_t *obj, const char *key, const char *path, int nullable, pcf_status *st)
{
	json_t *j = json_object_get(obj, key);

	if (!j) {
		*st = bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a string, the key is missing");
		return NULL;
	}
	if (nullable && json_is_null(j))
		return NULL;
	if (!json_is_string(j) || json_string_length(j) == 0) {
		*st = bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a non-empty string%s, found %s",
		          nullable ? " or null" : "", json_is_string(j) ? "an empty string" : type_name(j));
		return NULL;
	}
	if (strlen(json_string_value(j)) != json_string_length(j)) {
		*st = bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a string without NUL characters");
		return NULL;
	}
	return json_string_value(j);
}

static json_t *get_object(mctx *c, json_t *obj, const char *key, pcf_status *st)
{
	json_t *j = json_object_get(obj, key);
	if (!j || !json_is_object(j)) {
		*st = bad(c, PCF_REASON_MANIFEST_FIELD, key, "expected an object, found %s", j ? type_name(j) : "nothing");
		return NULL;
	}
	return j;
}

static int is_cert_id(const char *s)
{
	size_t i;
	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static pcf_status get_time(mctx *c, json_t *root, const char *key, const char **text, int64_t *t)
{
	pcf_status st = PCF_OK;

	*text = get_string(c, root, key, key, 0, &st);
	if (!*text)
		return st;
	if (!pcfi_vfy_parse_rfc3339(*text, t))
		return bad(c, PCF_REASON_MANIFEST_FIELD, key, "expected a UTC time YYYY-MM-DDTHH:MM:SSZ, found '%.64s'", *text);
	return PCF_OK;
}

static pcf_status parse_suppliers(mctx *c, json_t *arr);

static pcf_status parse_files(mctx *c, json_t *arr)
{
	pcfi_vfy_manifest *m = c->m;
	size_t i, n;
	char path[64];
	int has_inv = 0, has_res = 0;

	if (!arr || !json_is_array(arr))
		return bad(c, PCF_REASON_MANIFEST_FIELD, "files", "expected an array, found %s", arr ? type_name(arr) : "nothing");
	n = json_array_size(arr);
	m->files = calloc(n ? n : 1, sizeof *m->files);
	if (!m->files)
		return bad(c, PCF_REASON_INTERNAL, "files", "out of memory");
	for (i = 0; i < n; i++) {
		json_t *f = json_array_get(arr, i), *size;
		const char *p, *h, *key;
		pcfi_vfy_file *mf = &m->files[i];
		pcf_status st = PCF_OK;
		json_t *val;
		size_t k, pl;

		/* "files[I]", then ".path", ".size", ".sha256" put after it (one snprintf per entry). */
		pl = (size_t)snprintf(path, sizeof path, "files[%zu]", i);
		if (!json_is_object(f))
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected an object, found %s", type_name(f));
		json_object_foreach(f, key, val) {
			if (strcmp(key, "path") && strcmp(key, "size") && strcmp(key, "sha256"))
				return bad(c, PCF_REASON_MANIFEST_FIELD, path, "unknown key '%.64s' (expected path, size, sha256)", key);
		}
		memcpy(path + pl, ".path", sizeof ".path");
		if (!(p = get_string(c, f, "path", path, 0, &st)))
			return st;
		if (!pcf_bundle_name_valid(p))
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "'%.120s' does not fit the entry-name grammar", p);
		if (!strcmp(p, PCFI_MANIFEST_NAME) || !strcmp(p, PCFI_SIGNATURE_NAME))
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "'%s' must not be listed in files", p);
		if (i && strcmp(m->files[i - 1].path, p) >= 0)
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected paths sorted and unique, '%.120s' follows '%.120s'",
			           p, m->files[i - 1].path);
		memcpy(path + pl, ".size", sizeof ".size");
		size = json_object_get(f, "size");
		if (!size || !json_is_number(size) || !(json_number_value(size) >= 0) ||
		    json_number_value(size) > 9007199254740992.0 || json_number_value(size) != (double)(uint64_t)json_number_value(size))
			return size && json_is_number(size)
			       ? bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a non-negative integer below 2^53, found %.17g",
			             json_number_value(size))
			       : bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a non-negative integer, found %s",
			             size ? type_name(size) : "nothing");
		memcpy(path + pl, ".sha256", sizeof ".sha256");
		if (!(h = get_string(c, f, "sha256", path, 0, &st)))
			return st;
		if (strlen(h) != 64)
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected 64 lowercase hex digits, found %zu characters",
			           strlen(h));
		for (k = 0; k < 32; k++) {
			int hi = hexval(h[2 * k]), lo = hexval(h[2 * k + 1]);
			if (hi < 0 || lo < 0)
				return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected 64 lowercase hex digits");
			mf->sha256[k] = (unsigned char)(hi << 4 | lo);
		}
		mf->path = p;
		mf->size = (uint64_t)json_number_value(size);
		has_inv |= !strcmp(p, "inventory.yaml");
		has_res |= !strcmp(p, "result.json");
		m->nfiles++;
	}
	if (!has_inv || !has_res)
		return bad(c, PCF_REASON_MANIFEST_FIELD, "files", "expected inventory.yaml and result.json to be listed, %s is not",
		           has_inv ? "result.json" : "inventory.yaml");
	return PCF_OK;
}

/* A number member; with nullable, null is accepted too (*has 0). The member must be present. */
static pcf_status parse_number(mctx *c, json_t *obj, const char *key, const char *path, int optional, double *out,
                               int *has)
{
	json_t *j = json_object_get(obj, key);
	*has = 0;
	if (j && optional && json_is_null(j))
		return PCF_OK;
	if (!j || !json_is_number(j))
		return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected a number%s, found %s", optional ? " or null" : "",
		           j ? type_name(j) : "nothing");
	*out = json_number_value(j);
	*has = 1;
	return PCF_OK;
}

pcf_status pcfi_vfy_manifest_parse(const char *file, const unsigned char *data, size_t len, pcfi_vfy_manifest *m,
                                   pcf_reason *reason, pcf_error *err)
{
	mctx c = { m, PCF_REASON_NONE, err, file };
	json_error_t je;
	json_t *root, *o, *val;
	const char *ver, *dot;
	pcf_status st = PCF_OK;
	char *end;
	long major, minor;
	int has;
	size_t i;

	memset(m, 0, sizeof *m);
	*reason = PCF_REASON_NONE;
	/* Numbers as doubles: the writer lays out integral values up to 1e21 without an exponent (a
	 * footprint of 1e20 is "100000000000000000000"), which jansson refuses as an integer. */
	root = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
	if (!root) {
		*reason = PCF_REASON_MANIFEST_SYNTAX;
		return pcfi_error_at(err, PCF_E_SYNTAX, file, (unsigned long)(je.line > 0 ? je.line : 0),
		                     (unsigned long)(je.column > 0 ? je.column : 0), NULL, "expected strict JSON: %s", je.text);
	}
	m->root = root;
	if (!json_is_object(root)) {
		st = bad(&c, PCF_REASON_MANIFEST_SYNTAX, NULL, "expected a JSON object at the top, found %s", type_name(root));
		goto out;
	}
	/* The kind and the major version first: nothing else means anything under another format. */
	val = json_object_get(root, "kind");
	if (!val || !json_is_string(val) || strcmp(json_string_value(val), PCFI_MANIFEST_KIND)) {
		st = bad(&c, PCF_REASON_MANIFEST_KIND, "kind", "expected \"%s\", found %s%.64s%s", PCFI_MANIFEST_KIND,
		         val && json_is_string(val) ? "\"" : "", val && json_is_string(val) ? json_string_value(val) :
		         val ? type_name(val) : "nothing", val && json_is_string(val) ? "\"" : "");
		goto out;
	}
	val = json_object_get(root, "format-version");
	if (!val || !json_is_string(val)) {
		st = bad(&c, PCF_REASON_MANIFEST_VERSION, "format-version", "expected a string \"1.N\", found %s",
		         val ? type_name(val) : "nothing");
		goto out;
	}
	ver = json_string_value(val);
	errno = 0;
	major = strtol(ver, &end, 10);
	dot = end;
	minor = *dot == '.' ? strtol(dot + 1, &end, 10) : -1;
	if (ver[0] < '0' || ver[0] > '9' || *dot != '.' || dot[1] < '0' || dot[1] > '9' || *end || errno || minor < 0) {
		st = bad(&c, PCF_REASON_MANIFEST_VERSION, "format-version", "expected MAJOR.MINOR, found \"%.32s\"", ver);
		goto out;
	}
	if (major != PCFI_FORMAT_MAJOR) {
		st = bad(&c, PCF_REASON_MANIFEST_VERSION, "format-version",
		         "format %ld.%ld is not supported: this verifier reads major version %d", major, minor, PCFI_FORMAT_MAJOR);
		goto out;
	}
	m->major = (int)major;
	m->minor = (int)minor;
	if (!(m->certificate_id = get_string(&c, root, "certificate-id", "certificate-id", 0, &st)))
		goto out;
	if (!is_cert_id(m->certificate_id)) {
		st = bad(&c, PCF_REASON_MANIFEST_FIELD, "certificate-id",
		         "expected 32 lowercase hex digits as 8-4-4-4-12, found '%.64s'", m->certificate_id);
		goto out;
	}
	if ((st = get_time(&c, root, "issued-at", &m->issued_at_text, &m->issued_at)) ||
	    (st = get_time(&c, root, "valid-from", &m->valid_from_text, &m->valid_from)) ||
	    (st = get_time(&c, root, "valid-until", &m->valid_until_text, &m->valid_until)))
		goto out;
	if (m->valid_until < m->valid_from) {
		st = bad(&c, PCF_REASON_MANIFEST_FIELD, "valid-until", "expected a time after valid-from (%s), found %s",
		         m->valid_from_text, m->valid_until_text);
		goto out;
	}
	m->supersedes = get_string(&c, root, "supersedes", "supersedes", 1, &st);
	if (st)
		goto out;
	if (m->supersedes && !is_cert_id(m->supersedes)) {
		st = bad(&c, PCF_REASON_MANIFEST_FIELD, "supersedes", "expected null or a certificate id, found '%.64s'",
		         m->supersedes);
		goto out;
	}
	if (!(o = get_object(&c, root, "issuer", &st)))
		goto out;
	val = json_object_get(o, "name");
	if (!val || !json_is_string(val) || strlen(json_string_value(val)) != json_string_length(val)) {
		/* "" when the signer certificate has no common name (docs/bundle-format.md) */
		st = bad(&c, PCF_REASON_MANIFEST_FIELD, "issuer.name", "expected a string, found %s",
		         val ? type_name(val) : "nothing");
		goto out;
	}
	m->issuer_name = json_string_value(val);
	m->issuer_org = get_string(&c, o, "organization", "issuer.organization", 1, &st);
	if (st)
		goto out;
	if (!(o = get_object(&c, root, "product", &st)) || !(m->product_id = get_string(&c, o, "id", "product.id", 0, &st)) ||
	    !(m->product_name = get_string(&c, o, "name", "product.name", 0, &st)))
		goto out;
	val = json_object_get(o, "declared-unit");
	if (!val || !json_is_object(val)) {
		st = bad(&c, PCF_REASON_MANIFEST_FIELD, "product.declared-unit", "expected an object, found %s",
		         val ? type_name(val) : "nothing");
		goto out;
	}
	if ((st = parse_number(&c, val, "amount", "product.declared-unit.amount", 0, &m->declared_amount, &has)))
		goto out;
	if (!(m->declared_unit = get_string(&c, val, "unit", "product.declared-unit.unit", 0, &st)))
		goto out;
	if (!(o = get_object(&c, root, "methodology", &st)) ||
	    !(m->method_id = get_string(&c, o, "id", "methodology.id", 0, &st)) ||
	    !(m->method_version = get_string(&c, o, "version", "methodology.version", 0, &st)))
		goto out;
	if (!(o = get_object(&c, root, "footprint", &st)))
		goto out;
	if ((st = parse_number(&c, o, "total", "footprint.total", 0, &m->total, &has)))
		goto out;
	if (!(m->unit = get_string(&c, o, "unit", "footprint.unit", 0, &st)))
		goto out;
	m->gwp_set = get_string(&c, o, "gwp-set", "footprint.gwp-set", 1, &st);
	if (st)
		goto out;
	{
		static const char *const opt[] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc", "aircraft", NULL };
		char p[64];
		double d;
		for (i = 0; opt[i]; i++) {
			snprintf(p, sizeof p, "footprint.%s", opt[i]);
			if ((st = parse_number(&c, o, opt[i], p, 1, &d, &has)))
				goto out;
		}
	}
	st = parse_files(&c, json_object_get(root, "files"));
	if (st == PCF_OK && (val = json_object_get(root, "suppliers")) != NULL)
		st = parse_suppliers(&c, val);
out:
	if (st != PCF_OK) {
		*reason = c.reason ? c.reason : PCF_REASON_INTERNAL;
		pcfi_vfy_manifest_free(m);
	}
	return st;
}

/* The suppliers member (format 1.2): [{ref, sha256}] sorted by ref, each digest an embedded entry. */
static pcf_status parse_suppliers(mctx *c, json_t *arr)
{
	pcfi_vfy_manifest *m = c->m;
	size_t i, n, k;
	char path[64], name[96];

	if (m->minor < 2)
		return bad(c, PCF_REASON_MANIFEST_FIELD, "suppliers", "a member of format 1.2, in a manifest of format %d.%d",
		           m->major, m->minor);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, PCF_REASON_MANIFEST_FIELD, "suppliers", "expected a non-empty array, found %s", type_name(arr));
	n = json_array_size(arr);
	if (!(m->suppliers = calloc(n, sizeof *m->suppliers)))
		return bad(c, PCF_REASON_INTERNAL, "suppliers", "out of memory");
	for (i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i), *val;
		const char *key, *ref, *hex;
		pcf_status st = PCF_OK;

		snprintf(path, sizeof path, "suppliers[%zu]", i);
		if (!json_is_object(o))
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected an object, found %s", type_name(o));
		json_object_foreach(o, key, val) {
			if (strcmp(key, "ref") && strcmp(key, "sha256"))
				return bad(c, PCF_REASON_MANIFEST_FIELD, path, "unknown key '%.64s' (expected ref, sha256)", key);
		}
		if (!(ref = get_string(c, o, "ref", path, 0, &st)) || !(hex = get_string(c, o, "sha256", path, 0, &st)))
			return st;
		if (i && strcmp(m->suppliers[i - 1].ref, ref) >= 0)
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected refs sorted and unique, '%.120s' follows '%.120s'",
			           ref, m->suppliers[i - 1].ref);
		if (strlen(hex) != 64 || strspn(hex, "0123456789abcdef") != 64)
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "expected 64 lowercase hex digits, found '%.80s'", hex);
		for (k = 0; k < 32; k++) {
			unsigned v;
			sscanf(hex + 2 * k, "%2x", &v);
			m->suppliers[i].sha256[k] = (unsigned char)v;
		}
		snprintf(name, sizeof name, "suppliers/%s.pcfb", hex);
		for (k = 0; k < m->nfiles && strcmp(m->files[k].path, name); k++)
			;
		if (k == m->nfiles) { /* a PACT ProductFootprint (format 1.2) */
			snprintf(name, sizeof name, "suppliers/%s.json", hex);
			for (k = 0; k < m->nfiles && strcmp(m->files[k].path, name); k++)
				;
		}
		if (k == m->nfiles || memcmp(m->files[k].sha256, m->suppliers[i].sha256, 32))
			return bad(c, PCF_REASON_MANIFEST_FIELD, path, "names digest %.16s..., but files lists no %s with it", hex,
			           name);
		m->suppliers[i].ref = ref;
		m->suppliers[i].hex = hex;
		m->nsuppliers++;
	}
	return PCF_OK;
}

/* ---- the manifest's summary against result.json ---- */

/* A member by a dotted path ("footprint.gwp-set"); NULL when any step is missing or not an object. */
static json_t *member(json_t *j, const char *path)
{
	char key[64];
	const char *dot;

	while (j && (dot = strchr(path, '.')) != NULL) {
		size_t l = (size_t)(dot - path);
		if (l >= sizeof key)
			return NULL;
		memcpy(key, path, l);
		key[l] = 0;
		j = json_is_object(j) ? json_object_get(j, key) : NULL;
		path = dot + 1;
	}
	return j && json_is_object(j) ? json_object_get(j, path) : NULL;
}

/* A short text of a JSON value for a message (strings quoted, cut at 80 bytes). */
static void value_text(json_t *j, char *buf, size_t len)
{
	if (!j || json_is_null(j))
		snprintf(buf, len, "null");
	else if (json_is_string(j))
		snprintf(buf, len, "\"%.80s\"", json_string_value(j));
	else if (json_is_number(j))
		snprintf(buf, len, "%.17g", json_number_value(j));
	else
		snprintf(buf, len, "%s", type_name(j));
}

/* Equal as the §9 script's jq compares: null and missing alike, numbers as doubles, strings by content. */
static int same_value(json_t *a, json_t *b)
{
	if (!a || json_is_null(a))
		return !b || json_is_null(b);
	if (!b || json_is_null(b))
		return 0;
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_is_string(a) && json_is_string(b))
		return json_string_length(a) == json_string_length(b) &&
		       !memcmp(json_string_value(a), json_string_value(b), json_string_length(a));
	return 0;
}

pcf_status pcfi_vfy_manifest_check_result(const pcfi_vfy_manifest *m, const unsigned char *res, size_t len,
                                          const unsigned char inventory_sha256[32], pcf_reason *reason,
                                          pcf_error *err)
{
	/* Every figure the manifest shows (inspect, verify, the §9 script) and the result it summarises. */
	static const char *const same[] = {
		"product.id", "product.name", "product.declared-unit.amount", "product.declared-unit.unit",
		"methodology.id", "methodology.version", "footprint.total", "footprint.unit", "footprint.fossil",
		"footprint.biogenic-emissions", "footprint.biogenic-removals", "footprint.dluc", "footprint.aircraft", NULL
	};
	json_error_t je;
	json_t *r, *a, *b, *k;
	char va[128], vb[128];
	size_t i;
	pcf_status st = PCF_OK;

	*reason = PCF_REASON_NONE;
	r = json_loadb((const char *)res, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je);
	if (!r || !json_is_object(r)) {
		*reason = PCF_REASON_MANIFEST_RESULT;
		st = r ? pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, NULL, "expected a JSON object at the top")
		       : pcfi_error_at(err, PCF_E_INVALID, "result.json", (unsigned long)(je.line > 0 ? je.line : 0),
		                       (unsigned long)(je.column > 0 ? je.column : 0), NULL,
		                       "expected strict JSON (the result the manifest summarises): %s", je.text);
		json_decref(r);
		return st;
	}
	k = json_object_get(r, "kind");
	if (!k || !json_is_string(k) || strcmp(json_string_value(k), "pcfkit-result")) {
		value_text(k, va, sizeof va);
		*reason = PCF_REASON_MANIFEST_RESULT;
		st = pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, "kind", "expected \"pcfkit-result\", found %s", va);
		goto out;
	}
	for (i = 0; same[i]; i++) {
		a = member(m->root, same[i]);
		b = member(r, same[i]);
		if (!same_value(a, b)) {
			value_text(a, va, sizeof va);
			value_text(b, vb, sizeof vb);
			*reason = PCF_REASON_MANIFEST_RESULT;
			st = pcfi_error_at(err, PCF_E_INVALID, PCFI_MANIFEST_NAME, 0, 0, same[i],
			                   "the manifest shows %s, result.json says %s", va, vb);
			goto out;
		}
	}
	/* The manifest writes no GWP set (null) when the result's is empty. */
	a = member(m->root, "footprint.gwp-set");
	b = member(r, "footprint.gwp-set");
	if (b && json_is_string(b) && json_string_length(b) == 0)
		b = NULL;
	if (!same_value(a, b)) {
		value_text(a, va, sizeof va);
		value_text(b, vb, sizeof vb);
		*reason = PCF_REASON_MANIFEST_RESULT;
		st = pcfi_error_at(err, PCF_E_INVALID, PCFI_MANIFEST_NAME, 0, 0, "footprint.gwp-set",
		                   "the manifest shows %s, result.json says %s", va, vb);
		goto out;
	}
	/* The result names the inventory it was computed from: the one in the bundle. */
	if (inventory_sha256) {
		char want[65];
		for (i = 0; i < 32; i++)
			snprintf(want + 2 * i, 3, "%02x", inventory_sha256[i]);
		b = member(r, "inventory.sha256");
		if (!b || !json_is_string(b) || strcmp(json_string_value(b), want)) {
			value_text(b, vb, sizeof vb);
			*reason = PCF_REASON_MANIFEST_RESULT;
			st = pcfi_error_at(err, PCF_E_INVALID, "result.json", 0, 0, "inventory.sha256",
			                   "expected the SHA-256 of the bundle's inventory.yaml (%s), found %s", want, vb);
			goto out;
		}
	}
out:
	json_decref(r);
	return st;
}
