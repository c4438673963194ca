/*
 * import.c - openLCA JSON-LD (olca-schema 1.x) to a pcfkit process library (see pcf/library.h and
 * docs/lca-import.md).
 *
 * The export is read from a folder or a zip (libarchive) through one small "source" interface.
 * Unit groups, flow properties, categories, locations and flows are read first into tables keyed by
 * @id; then every process, whose exchanges are converted to their flow's reference unit through the
 * export's own unit groups and flow-property factors. Processes and flows are sorted by @id, strings
 * deduplicated in first-use order of that sorted walk, providers resolved by the linking rules, and
 * the whole file built in memory, hashed and written atomically: same export, same bytes.
 * Whatever the library cannot represent goes to the report, by process @id and name.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <openssl/evp.h>

#include <pcf/library.h>

#include "base/buf.h"
#include "base/error_impl.h"
#include "base/fsutil.h"
#include "base/jsonw.h"
#include "base/strmap.h"
#include "lca/libfmt.h"
#include "lca/lca_impl.h"

#define FILE_MAX (256u << 20)

/* ---- the export: a folder or a zip ---- */

typedef struct entry {
	char *path;     /* "processes/ID.json", relative to the export's top */
	char *data;
	size_t len;
} entry;

typedef struct source {
	const char *root;   /* folder, or NULL for a zip */
	const char *name;   /* what the user gave, for messages */
	entry *ents;        /* zip: every entry, sorted by path */
	size_t n;
} source;

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void source_free(source *s)
{
	size_t i;
	for (i = 0; i < s->n; i++) {
		free(s->ents[i].path);
		free(s->ents[i].data);
	}
	free(s->ents);
}

/* Read a whole zip; entries keep their path below the folder that holds processes/ (if any). */
static pcf_status source_zip(source *s, const char *path, pcf_error *err)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	size_t cap = 0, i, prefix = 0;
	int r;
	pcf_status st = PCF_OK;

	if (!a)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory opening '%s'", path);
	archive_read_support_format_zip(a);
	archive_read_support_filter_all(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		st = pcfi_error(err, PCF_E_IO, "%s: cannot read as a zip: %s", path, archive_error_string(a));
		archive_read_free(a);
		return st;
	}
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		la_int64_t size = archive_entry_size(e);
		entry *x;
		if (archive_entry_filetype(e) != AE_IFREG || !name)
			continue;
		if (size < 0 || (uint64_t)size > FILE_MAX) {
			st = pcfi_error(err, PCF_E_LIMIT, "%s: entry '%s' is larger than %u bytes", path, name, FILE_MAX);
			break;
		}
		if (s->n == cap) {
			entry *ne = realloc(s->ents, (cap = cap ? 2 * cap : 256) * sizeof *ne);
			if (!ne) {
				st = pcfi_error(err, PCF_E_NOMEM, "out of memory reading '%s'", path);
				break;
			}
			s->ents = ne;
		}
		x = &s->ents[s->n];
		x->path = strdup(name);
		x->data = malloc((size_t)size + 1);
		x->len = (size_t)size;
		if (!x->path || !x->data) {
			free(x->path);
			free(x->data);
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory reading '%s'", path);
			break;
		}
		s->n++;
		if (size && archive_read_data(a, x->data, (size_t)size) != (la_ssize_t)size) {
			st = pcfi_error(err, PCF_E_IO, "%s: cannot read entry '%s': %s", path, name, archive_error_string(a));
			break;
		}
		x->data[size] = '\0';
	}
	if (!st && r != ARCHIVE_EOF)
		st = pcfi_error(err, PCF_E_IO, "%s: %s", path, archive_error_string(a));
	archive_read_free(a);
	if (st)
		return st;
	/* the folder that holds processes/ is the top */
	for (i = 0; i < s->n; i++) {
		const char *p = strstr(s->ents[i].path, "processes/");
		if (p && (p == s->ents[i].path || p[-1] == '/')) {
			prefix = (size_t)(p - s->ents[i].path);
			break;
		}
	}
	if (i == s->n)
		return pcfi_error(err, PCF_E_INVALID, "%s: no processes/ folder in the zip (expected an openLCA JSON-LD export)",
		                  path);
	if (prefix) {
		char *pfx = strndup(s->ents[i].path, prefix);
		if (!pfx)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory reading '%s'", path);
		for (i = 0; i < s->n; i++) {
			char *p = s->ents[i].path;
			if (!strncmp(p, pfx, prefix))
				memmove(p, p + prefix, strlen(p) - prefix + 1);
		}
		free(pfx);
	}
	qsort(s->ents, s->n, sizeof *s->ents, cmp_entry);
	return PCF_OK;
}

/* Sorted names of the *.json files of folder (relative to the export top). *out caller-frees. */
static pcf_status source_list(source *s, const char *folder, char ***out, size_t *count, pcf_error *err)
{
	char **names = NULL;
	size_t n = 0, cap = 0, fl = strlen(folder);

	*out = NULL;
	*count = 0;
	if (s->root) {
		char dir[4096];
		DIR *d;
		struct dirent *de;
		snprintf(dir, sizeof dir, "%s/%s", s->root, folder);
		d = opendir(dir);
		if (!d) {
			if (errno == ENOENT)
				return PCF_OK;
			return pcfi_error(err, PCF_E_IO, "%s: %s", dir, strerror(errno));
		}
		while ((de = readdir(d))) {
			size_t l = strlen(de->d_name);
			if (l < 6 || strcmp(de->d_name + l - 5, ".json"))
				continue;
			if (n == cap) {
				char **nn = realloc(names, (cap = cap ? 2 * cap : 256) * sizeof *nn);
				if (!nn)
					goto oom;
				names = nn;
			}
			if (!(names[n] = malloc(fl + 1 + l + 1)))
				goto oom;
			sprintf(names[n++], "%s/%s", folder, de->d_name);
		}
		closedir(d);
		goto done;
	oom:
		closedir(d);
		while (n)
			free(names[--n]);
		free(names);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory listing '%s'", dir);
	} else {
		size_t i;
		for (i = 0; i < s->n; i++) {
			const char *p = s->ents[i].path;
			size_t l = strlen(p);
			if (strncmp(p, folder, fl) || p[fl] != '/' || strchr(p + fl + 1, '/') || l < fl + 6 ||
			    strcmp(p + l - 5, ".json"))
				continue;
			if (n == cap) {
				char **nn = realloc(names, (cap = cap ? 2 * cap : 256) * sizeof *nn);
				if (!nn)
					break;
				names = nn;
			}
			if (!(names[n] = strdup(p)))
				break;
			n++;
		}
		if (i < s->n) {
			while (n)
				free(names[--n]);
			free(names);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory listing '%s'", folder);
		}
	}
done:
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	*out = names;
	*count = n;
	return PCF_OK;
}

static void free_list(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* Parse one file of the export as a JSON object. */
static pcf_status source_json(source *s, const char *path, json_t **out, pcf_error *err)
{
	json_error_t je;
	json_t *j;
	char where[4200];

	*out = NULL;
	if (s->root) {
		char full[4096], *data;
		size_t len;
		pcf_status st;
		snprintf(full, sizeof full, "%s/%s", s->root, path);
		st = pcfi_read_file(full, FILE_MAX, &data, &len, err);
		if (st)
			return st;
		j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		free(data);
		snprintf(where, sizeof where, "%s", full);
	} else {
		entry key, *e;
		key.path = (char *)path;
		e = bsearch(&key, s->ents, s->n, sizeof *s->ents, cmp_entry);
		if (!e)
			return pcfi_error(err, PCF_E_NOTFOUND, "%s: no entry '%s'", s->name, path);
		j = json_loadb(e->data, e->len, JSON_REJECT_DUPLICATES, &je);
		snprintf(where, sizeof where, "%s:%s", s->name, path);
	}
	if (!j)
		return pcfi_error_at(err, PCF_E_SYNTAX, where, (unsigned long)je.line, (unsigned long)je.column, NULL,
		                     "not JSON: %s", je.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return pcfi_error_at(err, PCF_E_INVALID, where, 0, 0, NULL, "expected a JSON object, found another value");
	}
	*out = j;
	return PCF_OK;
}

/* ---- strings ---- */

typedef struct strtab {
	pcfi_buf buf;
	pcfi_strmap map;
	char **keys;
	size_t n, cap;
	int oom;
} strtab;

static uint32_t intern(strtab *t, const char *s)
{
	size_t v;
	char *k;
	if (!s || !*s)
		return 0;
	if (pcfi_strmap_get(&t->map, s, &v))
		return (uint32_t)v;
	if (t->n == t->cap) {
		char **nk = realloc(t->keys, (t->cap = t->cap ? 2 * t->cap : 1024) * sizeof *nk);
		if (!nk) {
			t->oom = 1;
			return 0;
		}
		t->keys = nk;
	}
	if (!(k = strdup(s))) {
		t->oom = 1;
		return 0;
	}
	t->keys[t->n++] = k;
	v = t->buf.len;
	if (v > UINT32_MAX - strlen(s) - 1) {
		t->oom = 1;
		return 0;
	}
	pcfi_buf_append(&t->buf, s, strlen(s) + 1);
	if (t->buf.oom || pcfi_strmap_put(&t->map, k, v)) {
		t->oom = 1;
		return 0;
	}
	return (uint32_t)v;
}

/* ---- tables read from the export ---- */

typedef struct unitrec {
	char *id, *name, *group;
	double factor;
} unitrec;

typedef struct grouprec {
	char *id, *ref_unit;     /* name of its reference unit */
} grouprec;

typedef struct proprec {
	char *id, *name, *group;
} proprec;

typedef struct catrec {
	char *id, *name, *parent;
	char *path;  /* computed */
} catrec;

typedef struct fpf {
	char *prop;
	double factor;
	int ref;
} fpf;

typedef struct flowrec {
	char *id, *name, *cas, *category;
	pcf_lib_flow_type type;
	fpf *props;
	size_t n_props;
	char *ref_prop;    /* @id of its reference flow property */
	uint32_t *prov;    /* processes whose reference exchange makes (or treats) it */
	size_t n_prov, cap_prov;
} flowrec;

typedef struct exrec {
	char *id, *flow, *unit, *prop, *formula, *pedigree, *note;
	double amount, written, p1, p2, p3, base;
	int input, ref, avoided, dist;
	int32_t provider;
	uint32_t flow_index;
	uint32_t flags;
} exrec;

typedef struct allocrec {
	int type;
	char *product, *exchange_id, *exchange_flow;
	double value;
} allocrec;

typedef struct procrec {
	char *id, *name, *location, *category, *source, *file;
	exrec *ex;
	size_t n_ex;
	allocrec *al;
	size_t n_al;
	size_t ref;
	size_t n_params;
} procrec;

typedef struct issue {
	char *process, *name, *what;
} issue;

typedef struct importer {
	source src;
	pcfi_strmap units, groups, props, cats, locs, flows;
	unitrec *u;
	size_t nu;
	grouprec *g;
	size_t ng;
	proprec *fp;
	size_t nfp;
	catrec *c;
	size_t nc;
	char **loc_id, **loc_code;
	size_t nl;
	flowrec *f;
	size_t nf;
	procrec *p;
	size_t np;
	issue *iss;
	size_t niss, capiss;
	size_t capg, capu, capfp, capc, capl, capl2, capf, capp; /* allocated sizes of the tables */
	size_t n_gsd0, n_swapped;  /* lognormals with geometric sd 0; triangles with minimum > maximum */
	int oom;
} importer;

static char *dupn(importer *im, const char *s)
{
	char *d;
	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		im->oom = 1;
	return d;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *jref(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_object(v) ? jstr(v, "@id") : NULL;
}

static void add_issue(importer *im, const char *pid, const char *pname, const char *fmt, ...) PCFI_PRINTF(4, 5);

static void add_issue(importer *im, const char *pid, const char *pname, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	issue *x;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (im->niss == im->capiss) {
		issue *n = realloc(im->iss, (im->capiss = im->capiss ? 2 * im->capiss : 64) * sizeof *n);
		if (!n) {
			im->oom = 1;
			return;
		}
		im->iss = n;
	}
	x = &im->iss[im->niss++];
	x->process = dupn(im, pid ? pid : "");
	x->name = dupn(im, pname ? pname : "");
	x->what = dupn(im, msg);
}

#define GROW(arr, n, cap)                                                                                     \
	do {                                                                                                  \
		if ((n) == (cap)) {                                                                               \
			void *nn_ = realloc((arr), ((cap) = (cap) ? 2 * (cap) : 64) * sizeof *(arr));                  \
			if (!nn_) {                                                                               \
				im->oom = 1;                                                                      \
				goto oom;                                                                         \
			}                                                                                         \
			(arr) = nn_;                                                                              \
		}                                                                                                 \
	} while (0)

/* Read every file of folder with fn(im, json, file). */
static pcf_status each(importer *im, const char *folder, pcf_status (*fn)(importer *, json_t *, const char *, pcf_error *),
                       int required, pcf_error *err)
{
	char **names;
	size_t n, i;
	pcf_status st = source_list(&im->src, folder, &names, &n, err);
	if (st)
		return st;
	if (!n && required) {
		free_list(names, n);
		return pcfi_error(err, PCF_E_INVALID, "%s: no %s/*.json (expected an openLCA JSON-LD export)", im->src.name,
		                  folder);
	}
	for (i = 0; i < n && !st; i++) {
		json_t *j;
		st = source_json(&im->src, names[i], &j, err);
		if (st)
			break;
		st = fn(im, j, names[i], err);
		json_decref(j);
		if (!st && im->oom)
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", names[i]);
	}
	free_list(names, n);
	return st;
}

static pcf_status need_id(importer *im, json_t *j, const char *file, const char **id, pcf_error *err)
{
	*id = jstr(j, "@id");
	if (!*id || !**id)
		return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file, "no \"@id\" string");
	return PCF_OK;
}

static pcf_status on_group(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id;
	json_t *units = json_object_get(j, "units"), *u;
	size_t i, gi;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	GROW(im->g, im->ng, im->capg);
	gi = im->ng++;
	im->g[gi].id = dupn(im, id);
	im->g[gi].ref_unit = NULL;
	if (pcfi_strmap_put(&im->groups, im->g[gi].id, gi))
		im->oom = 1;
	json_array_foreach(units, i, u) {
		const char *uid = jstr(u, "@id"), *name = jstr(u, "name");
		json_t *cf = json_object_get(u, "conversionFactor");
		if (!uid || !name || !json_is_number(cf))
			return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file,
			                     "units[%zu]: needs \"@id\", \"name\" and a numeric \"conversionFactor\"", i);
		GROW(im->u, im->nu, im->capu);
		im->u[im->nu].id = dupn(im, uid);
		im->u[im->nu].name = dupn(im, name);
		im->u[im->nu].group = im->g[gi].id;
		im->u[im->nu].factor = json_number_value(cf);
		if (json_is_true(json_object_get(u, "referenceUnit")))
			im->g[gi].ref_unit = im->u[im->nu].name;
		if (im->u[im->nu].id && pcfi_strmap_put(&im->units, im->u[im->nu].id, im->nu))
			im->oom = 1;
		im->nu++;
	}
	if (!im->g[gi].ref_unit)
		return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file, "unit group '%s' has no reference unit", id);
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

static pcf_status on_prop(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id, *g;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	if (!(g = jref(j, "unitGroup")))
		return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file, "flow property has no \"unitGroup\"");
	GROW(im->fp, im->nfp, im->capfp);
	im->fp[im->nfp].id = dupn(im, id);
	im->fp[im->nfp].name = dupn(im, jstr(j, "name") ? jstr(j, "name") : "");
	im->fp[im->nfp].group = dupn(im, g);
	if (im->fp[im->nfp].id && pcfi_strmap_put(&im->props, im->fp[im->nfp].id, im->nfp))
		im->oom = 1;
	im->nfp++;
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

static pcf_status on_cat(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	GROW(im->c, im->nc, im->capc);
	im->c[im->nc].id = dupn(im, id);
	im->c[im->nc].name = dupn(im, jstr(j, "name") ? jstr(j, "name") : "");
	im->c[im->nc].parent = dupn(im, jref(j, "category"));
	im->c[im->nc].path = NULL;
	if (im->c[im->nc].id && pcfi_strmap_put(&im->cats, im->c[im->nc].id, im->nc))
		im->oom = 1;
	im->nc++;
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

static pcf_status on_loc(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id, *code;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	code = jstr(j, "code");
	if (!code || !*code)
		code = jstr(j, "name");
	GROW(im->loc_id, im->nl, im->capl);
	{
		size_t n2 = im->nl;
		GROW(im->loc_code, n2, im->capl2);
	}
	im->loc_id[im->nl] = dupn(im, id);
	im->loc_code[im->nl] = dupn(im, code ? code : "");
	if (im->loc_id[im->nl] && pcfi_strmap_put(&im->locs, im->loc_id[im->nl], im->nl))
		im->oom = 1;
	im->nl++;
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

/* "root/child/leaf" of category id (NULL when none), computed once; a loop stops the walk. */
static const char *cat_path(importer *im, const char *id)
{
	size_t i, depth = 0;
	catrec *c;
	const char *chain[64];
	pcfi_buf b = PCFI_BUF_INIT;

	if (!id || !pcfi_strmap_get(&im->cats, id, &i))
		return NULL;
	c = &im->c[i];
	if (c->path)
		return c->path;
	chain[depth++] = c->name;
	while (c->parent && depth < 64 && pcfi_strmap_get(&im->cats, c->parent, &i)) {
		c = &im->c[i];
		chain[depth++] = c->name;
	}
	while (depth) {
		pcfi_buf_puts(&b, chain[--depth]);
		if (depth)
			pcfi_buf_putc(&b, '/');
	}
	if (b.oom) {
		im->oom = 1;
		pcfi_buf_free(&b);
		return NULL;
	}
	pcfi_strmap_get(&im->cats, id, &i);
	im->c[i].path = pcfi_buf_steal(&b, NULL);
	return im->c[i].path;
}

static pcf_status on_flow(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id, *type;
	json_t *props, *p;
	flowrec *f;
	size_t i;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	type = jstr(j, "flowType");
	GROW(im->f, im->nf, im->capf);
	f = &im->f[im->nf];
	memset(f, 0, sizeof *f);
	if (!type || !(!strcmp(type, "PRODUCT_FLOW") || !strcmp(type, "WASTE_FLOW") || !strcmp(type, "ELEMENTARY_FLOW")))
		return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file,
		                     "flow '%s': \"flowType\" must be PRODUCT_FLOW, WASTE_FLOW or ELEMENTARY_FLOW, found %s", id,
		                     type ? type : "none");
	f->type = !strcmp(type, "PRODUCT_FLOW") ? PCF_LIB_PRODUCT : !strcmp(type, "WASTE_FLOW") ? PCF_LIB_WASTE
	                                                                                        : PCF_LIB_ELEMENTARY;
	f->id = dupn(im, id);
	f->name = dupn(im, jstr(j, "name") ? jstr(j, "name") : "");
	f->cas = dupn(im, jstr(j, "cas") ? jstr(j, "cas") : "");
	f->category = dupn(im, cat_path(im, jref(j, "category")) ? cat_path(im, jref(j, "category")) : "");
	props = json_object_get(j, "flowProperties");
	f->props = calloc(json_array_size(props) + 1, sizeof *f->props);
	if (!f->props)
		goto oom;
	im->nf++;
	json_array_foreach(props, i, p) {
		const char *pid = jref(p, "flowProperty");
		json_t *cf = json_object_get(p, "conversionFactor");
		if (!pid || !json_is_number(cf))
			return pcfi_error_at(err, PCF_E_INVALID, im->src.name, 0, 0, file,
			                     "flowProperties[%zu]: needs \"flowProperty\" and a numeric \"conversionFactor\"", i);
		f->props[f->n_props].prop = dupn(im, pid);
		f->props[f->n_props].factor = json_number_value(cf);
		f->props[f->n_props].ref = json_is_true(json_object_get(p, "referenceFlowProperty"));
		if (f->props[f->n_props].ref)
			f->ref_prop = f->props[f->n_props].prop;
		f->n_props++;
	}
	if (f->id && pcfi_strmap_put(&im->flows, f->id, im->nf - 1))
		im->oom = 1;
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

/*
 * Factor from (unit uid, property pid) to the flow's reference unit: amount_ref = amount * k.
 * openLCA's rule: k = unit factor (to its group's reference unit) / flow-property factor (amount of
 * that property per unit of the reference property). 0 and a reason in why when impossible.
 */
static double convert_factor(importer *im, flowrec *f, const char *uid, const char *pid, char *why, size_t wlen)
{
	size_t ui, pi, k;
	const fpf *pf = NULL;

	if (!uid || !pcfi_strmap_get(&im->units, uid, &ui)) {
		snprintf(why, wlen, "unit '%s' is in no unit group of the export", uid ? uid : "(none)");
		return 0;
	}
	if (!pid) {
		/* no property written: the flow's reference property */
		pid = f->ref_prop;
	}
	for (k = 0; pid && k < f->n_props; k++)
		if (!strcmp(f->props[k].prop, pid))
			pf = &f->props[k];
	if (!pf) {
		const char *pname = pid && pcfi_strmap_get(&im->props, pid, &pi) ? im->fp[pi].name : pid ? pid : "(none)";
		const char *rname = f->ref_prop && pcfi_strmap_get(&im->props, f->ref_prop, &pi) ? im->fp[pi].name : "(none)";
		snprintf(why, wlen,
		         "amount in '%s' (flow property '%s') but flow '%s' ('%s') has no factor for that property (its "
		         "reference property is '%s')",
		         im->u[ui].name, pname, f->name, f->id, rname);
		return 0;
	}
	if (!pcfi_strmap_get(&im->props, pf->prop, &pi) || strcmp(im->fp[pi].group, im->u[ui].group)) {
		snprintf(why, wlen, "unit '%s' is not a unit of flow property '%s' of flow '%s'", im->u[ui].name,
		         pcfi_strmap_get(&im->props, pf->prop, &pi) ? im->fp[pi].name : pf->prop, f->name);
		return 0;
	}
	if (!(pf->factor > 0) || !isfinite(pf->factor) || !isfinite(im->u[ui].factor) || !(im->u[ui].factor > 0)) {
		snprintf(why, wlen, "flow '%s': conversion factor %g of unit '%s' or %g of its property is not positive",
		         f->name, im->u[ui].factor, im->u[ui].name, pf->factor);
		return 0;
	}
	return im->u[ui].factor / pf->factor;
}

/* Reference unit name of flow f ("" when its reference property is unknown). */
static const char *ref_unit(importer *im, const flowrec *f, const char **propname)
{
	size_t pi, gi;
	*propname = "";
	if (!f->ref_prop || !pcfi_strmap_get(&im->props, f->ref_prop, &pi))
		return "";
	*propname = im->fp[pi].name;
	if (!pcfi_strmap_get(&im->groups, im->fp[pi].group, &gi))
		return "";
	return im->g[gi].ref_unit;
}

/* ecoinvent v3 pedigree factors (Weidema et al. 2013, ecoinvent data quality guideline, Table 10.6;
 * as openLCA applies them): reliability, completeness, temporal, geographical, further technological. */
static const double pedigree_factors[5][5] = {
	{ 1.00, 1.05, 1.10, 1.20, 1.50 },
	{ 1.00, 1.02, 1.05, 1.10, 1.20 },
	{ 1.00, 1.03, 1.10, 1.20, 1.50 },
	{ 1.00, 1.01, 1.02, 1.05, 1.10 },
	{ 1.00, 1.05, 1.20, 1.50, 2.00 },
};

double pcfi_pedigree_gsd(const int score[5], double base)
{
	double s = 0;
	int i;
	if (base > 0)
		s = log(base) * log(base);
	for (i = 0; i < 5; i++) {
		double l = log(pedigree_factors[i][score[i] - 1]);
		s += l * l;
	}
	return exp(sqrt(s));
}

/* "(a;b;c;d;e)" with scores 1..5 (openLCA also writes "n.a." as 5? no: refuse). 0 on success. */
int pcfi_pedigree_parse(const char *s, int score[5])
{
	int i;
	if (!s || *s++ != '(')
		return -1;
	for (i = 0; i < 5; i++) {
		if (*s < '1' || *s > '5')
			return -1;
		score[i] = *s++ - '0';
		if (*s++ != (i < 4 ? ';' : ')'))
			return -1;
	}
	return *s ? -1 : 0;
}

static pcf_status on_process(importer *im, json_t *j, const char *file, pcf_error *err)
{
	const char *id, *name;
	json_t *exs, *x, *als, *doc;
	procrec *p;
	size_t i, nref = 0;
	pcfi_buf src = PCFI_BUF_INIT;
	pcf_status st = need_id(im, j, file, &id, err);
	if (st)
		return st;
	name = jstr(j, "name") ? jstr(j, "name") : "";
	GROW(im->p, im->np, im->capp);
	p = &im->p[im->np];
	memset(p, 0, sizeof *p);
	exs = json_object_get(j, "exchanges");
	if (!json_is_array(exs)) {
		add_issue(im, id, name, "no \"exchanges\" list: the process is not in the library");
		return PCF_OK;
	}
	p->id = dupn(im, id);
	p->name = dupn(im, name);
	p->file = dupn(im, file);
	{
		size_t li;
		const char *lid = jref(j, "location");
		json_t *lo = json_object_get(j, "location");
		if (lid && pcfi_strmap_get(&im->locs, lid, &li))
			p->location = dupn(im, im->loc_code[li]);
		else
			p->location = dupn(im, json_is_object(lo) && jstr(lo, "name") ? jstr(lo, "name") : "");
	}
	p->category = dupn(im, cat_path(im, jref(j, "category")) ? cat_path(im, jref(j, "category")) : "");
	doc = json_object_get(j, "processDocumentation");
	pcfi_buf_printf(&src, "%s", file);
	if (json_is_object(doc)) {
		json_t *pub = json_object_get(doc, "publication"), *ss = json_object_get(doc, "sources"), *s;
		size_t k;
		if (json_is_object(pub) && jstr(pub, "name"))
			pcfi_buf_printf(&src, "; publication: %s", jstr(pub, "name"));
		json_array_foreach(ss, k, s) {
			if (jstr(s, "name"))
				pcfi_buf_printf(&src, "%s%s", k ? " | " : "; sources: ", jstr(s, "name"));
		}
	}
	p->source = src.oom ? NULL : pcfi_buf_steal(&src, NULL);
	pcfi_buf_free(&src);
	if (!p->source)
		im->oom = 1;
	p->n_params = json_array_size(json_object_get(j, "parameters"));
	p->ex = calloc(json_array_size(exs) + 1, sizeof *p->ex);
	if (!p->ex)
		goto oom;
	im->np++;
	json_array_foreach(exs, i, x) {
		exrec *e = &p->ex[p->n_ex];
		const char *fid = jref(x, "flow"), *eid = jstr(x, "@id");
		json_t *am = json_object_get(x, "amount"), *u = json_object_get(x, "uncertainty");
		size_t fi;
		char why[600];
		double k;
		if (!fid || !json_is_number(am)) {
			add_issue(im, id, name, "exchanges[%zu]: no flow reference or no numeric amount: exchange left out", i);
			continue;
		}
		p->n_ex++;
		e->id = dupn(im, eid ? eid : "");
		e->flow = dupn(im, fid);
		e->input = json_is_true(json_object_get(x, "input"));
		e->ref = json_is_true(json_object_get(x, "quantitativeReference"));
		e->avoided = json_is_true(json_object_get(x, "avoidedProduct"));
		e->written = json_number_value(am);
		e->unit = dupn(im, json_is_object(json_object_get(x, "unit")) && jstr(json_object_get(x, "unit"), "name")
		                       ? jstr(json_object_get(x, "unit"), "name")
		                       : "");
		e->formula = dupn(im, jstr(x, "amountFormula") ? jstr(x, "amountFormula") : "");
		e->pedigree = dupn(im, jstr(x, "pedigreeUncertainty") ? jstr(x, "pedigreeUncertainty") : "");
		e->note = dupn(im, "");
		e->provider = PCF_LIB_NO_PROVIDER;
		if (e->ref)
			p->ref = p->n_ex - 1, nref++;
		if (e->avoided)
			e->flags |= PCF_LIB_EX_AVOIDED;
		if (!pcfi_strmap_get(&im->flows, fid, &fi)) {
			add_issue(im, id, name, "exchange '%s': flow '%s' is not in flows/: the exchange cannot be used", e->id, fid);
			free(e->note);
			e->note = dupn(im, "flow not in the export");
			e->flags |= PCF_LIB_EX_UNCONVERTED;
			e->flow_index = PCF_LIB_NONE;
			continue;
		}
		e->flow_index = (uint32_t)fi;
		k = convert_factor(im, &im->f[fi], jref(x, "unit"), jref(x, "flowProperty"), why, sizeof why);
		if (k == 0) {
			add_issue(im, id, name, "exchange '%s': %s", e->id, why);
			free(e->note);
			e->note = dupn(im, why);
			e->flags |= PCF_LIB_EX_UNCONVERTED;
			continue;
		}
		e->amount = e->written * k;
		if (json_is_object(u)) {
			const char *dt = jstr(u, "distributionType");
			double gm = json_number_value(json_object_get(u, "geomMean")),
			       gs = json_number_value(json_object_get(u, "geomSd")),
			       mn = json_number_value(json_object_get(u, "minimum")),
			       mx = json_number_value(json_object_get(u, "maximum")),
			       mo = json_number_value(json_object_get(u, "mode")),
			       me = json_number_value(json_object_get(u, "mean")), sd = json_number_value(json_object_get(u, "sd"));
			if (!dt || !strcmp(dt, "NO_DISTRIBUTION")) {
				;
			} else if (!strcmp(dt, "LOG_NORMAL_DISTRIBUTION") && json_is_number(json_object_get(u, "geomSd")) &&
			           gs == 0) {
				im->n_gsd0++; /* not a distribution: a certain value (counted in the report's notes) */
			} else if (!strcmp(dt, "TRIANGLE_DISTRIBUTION") && mx <= mo && mo <= mn && mx < mn) {
				/* bounds written the wrong way round: the same triangle */
				e->dist = PCF_DIST_TRIANGLE, e->p1 = mx * k, e->p2 = mo * k, e->p3 = mn * k;
				im->n_swapped++;
			} else if (!strcmp(dt, "LOG_NORMAL_DISTRIBUTION") && json_is_number(json_object_get(u, "geomMean")) &&
			           gs >= 1) {
				e->dist = PCF_DIST_LOGNORMAL, e->p1 = gm * k, e->p2 = gs;
			} else if (!strcmp(dt, "NORMAL_DISTRIBUTION") && sd >= 0) {
				e->dist = PCF_DIST_NORMAL, e->p1 = me * k, e->p2 = sd * k;
			} else if (!strcmp(dt, "TRIANGLE_DISTRIBUTION") && mn <= mo && mo <= mx) {
				e->dist = PCF_DIST_TRIANGLE, e->p1 = mn * k, e->p2 = mo * k, e->p3 = mx * k;
			} else if (!strcmp(dt, "UNIFORM_DISTRIBUTION") && mn <= mx) {
				e->dist = PCF_DIST_UNIFORM, e->p1 = mn * k, e->p2 = mx * k;
			} else {
				add_issue(im, id, name, "exchange '%s': uncertainty %s with parameters out of range or missing: the "
				          "exchange has no distribution in the library", e->id, dt);
			}
		} else if (e->pedigree[0]) {
			int sc[5];
			json_t *bu = json_object_get(x, "baseUncertainty");
			double base = json_is_number(bu) ? json_number_value(bu) : 1;
			if (pcfi_pedigree_parse(e->pedigree, sc) || !(base >= 1)) {
				add_issue(im, id, name, "exchange '%s': pedigree '%s' (base %g) is not five scores 1-5 with a base >= 1: "
				          "no distribution", e->id, e->pedigree, base);
			} else {
				e->dist = PCF_DIST_LOGNORMAL, e->p1 = e->amount, e->p2 = pcfi_pedigree_gsd(sc, base);
				e->flags |= PCF_LIB_EX_PEDIGREE;
			}
		}
	}
	if (nref != 1) {
		add_issue(im, id, name, "%s: the process is not in the library", nref ? "several reference exchanges"
		                                                                        : "no reference exchange (quantitativeReference)");
		/* drop it: it cannot be a provider nor be computed */
		im->np--;
		for (i = 0; i < p->n_ex; i++) {
			free(p->ex[i].id), free(p->ex[i].flow), free(p->ex[i].unit), free(p->ex[i].formula);
			free(p->ex[i].pedigree), free(p->ex[i].note);
		}
		free(p->ex), free(p->id), free(p->name), free(p->file), free(p->location), free(p->category), free(p->source);
		return PCF_OK;
	}
	als = json_object_get(j, "allocationFactors");
	p->al = calloc(json_array_size(als) + 1, sizeof *p->al);
	if (!p->al)
		goto oom;
	json_array_foreach(als, i, x) {
		const char *t = jstr(x, "allocationType");
		json_t *v = json_object_get(x, "value"), *ex = json_object_get(x, "exchange");
		allocrec *a = &p->al[p->n_al];
		int type = !t ? 0 : !strcmp(t, "PHYSICAL_ALLOCATION") ? PCF_ALLOC_PHYSICAL
		                  : !strcmp(t, "ECONOMIC_ALLOCATION") ? PCF_ALLOC_ECONOMIC
		                  : !strcmp(t, "CAUSAL_ALLOCATION")   ? PCF_ALLOC_CAUSAL : 0;
		if (!type || !json_is_number(v)) {
			add_issue(im, id, name, "allocationFactors[%zu]: type %s or value not usable: factor left out", i,
			          t ? t : "(none)");
			continue;
		}
		a->type = type;
		a->value = json_number_value(v);
		a->product = dupn(im, jref(x, "product"));
		if (json_is_object(ex)) {
			a->exchange_id = dupn(im, jstr(ex, "@id"));
			a->exchange_flow = dupn(im, jref(ex, "flow"));
		}
		p->n_al++;
	}
	return PCF_OK;
oom:
	return pcfi_error(err, PCF_E_NOMEM, "out of memory importing '%s'", file);
}

static int cmp_flow(const void *a, const void *b)
{
	return strcmp(((const flowrec *)a)->id, ((const flowrec *)b)->id);
}

static int cmp_proc(const void *a, const void *b)
{
	return strcmp(((const procrec *)a)->id, ((const procrec *)b)->id);
}

static void importer_free(importer *im)
{
	size_t i, k;
	source_free(&im->src);
	pcfi_strmap_free(&im->units), pcfi_strmap_free(&im->groups), pcfi_strmap_free(&im->props);
	pcfi_strmap_free(&im->cats), pcfi_strmap_free(&im->locs), pcfi_strmap_free(&im->flows);
	for (i = 0; i < im->nu; i++)
		free(im->u[i].id), free(im->u[i].name);
	free(im->u);
	for (i = 0; i < im->ng; i++)
		free(im->g[i].id);
	free(im->g);
	for (i = 0; i < im->nfp; i++)
		free(im->fp[i].id), free(im->fp[i].name), free(im->fp[i].group);
	free(im->fp);
	for (i = 0; i < im->nc; i++)
		free(im->c[i].id), free(im->c[i].name), free(im->c[i].parent), free(im->c[i].path);
	free(im->c);
	for (i = 0; i < im->nl; i++)
		free(im->loc_id[i]), free(im->loc_code[i]);
	free(im->loc_id), free(im->loc_code);
	for (i = 0; i < im->nf; i++) {
		flowrec *f = &im->f[i];
		for (k = 0; k < f->n_props; k++)
			free(f->props[k].prop);
		free(f->props), free(f->id), free(f->name), free(f->cas), free(f->category), free(f->prov);
	}
	free(im->f);
	for (i = 0; i < im->np; i++) {
		procrec *p = &im->p[i];
		for (k = 0; k < p->n_ex; k++) {
			exrec *e = &p->ex[k];
			free(e->id), free(e->flow), free(e->unit), free(e->formula), free(e->pedigree), free(e->note);
		}
		for (k = 0; k < p->n_al; k++)
			free(p->al[k].product), free(p->al[k].exchange_id), free(p->al[k].exchange_flow);
		free(p->ex), free(p->al), free(p->id), free(p->name), free(p->file), free(p->location), free(p->category);
		free(p->source);
	}
	free(im->p);
	for (i = 0; i < im->niss; i++)
		free(im->iss[i].process), free(im->iss[i].name), free(im->iss[i].what);
	free(im->iss);
}

static void pad8(pcfi_buf *b)
{
	static const char z[8] = { 0 };
	if (b->len % 8)
		pcfi_buf_append(b, z, 8 - b->len % 8);
}

static int cmp_issue(const void *a, const void *b)
{
	const issue *x = a, *y = b;
	int c = strcmp(x->process, y->process);
	return c ? c : strcmp(x->what, y->what);
}

pcf_status pcf_lca_import_olca(const char *src, const char *out_path, int overwrite, unsigned char digest[32],
                               char **report_json, pcf_lca_import_stats *stats, pcf_error *err)
{
	importer im;
	struct stat sb;
	pcf_status st;
	size_t i, k, nex = 0, nal = 0, nprov = 0;
	strtab t;
	pcfi_buf out = PCFI_BUF_INIT;
	pcfi_lib_header h;
	pcfi_strmap pmap;
	unsigned char md[32];
	unsigned int mdlen = 0;
	char hex[65];

	if (report_json)
		*report_json = NULL;
	if (!src || !out_path)
		return pcfi_error(err, PCF_E_ARG, "pcf_lca_import_olca needs a source and an output path");
	memset(&im, 0, sizeof im);
	memset(&t, 0, sizeof t);
	memset(&pmap, 0, sizeof pmap);
	im.src.name = src;
	if (stat(src, &sb))
		return pcfi_error(err, PCF_E_IO, "%s: %s", src, strerror(errno));
	if (pcfi_strmap_init(&im.units, 64) || pcfi_strmap_init(&im.groups, 64) || pcfi_strmap_init(&im.props, 64) ||
	    pcfi_strmap_init(&im.cats, 256) || pcfi_strmap_init(&im.locs, 64) || pcfi_strmap_init(&im.flows, 4096) ||
	    pcfi_strmap_init(&t.map, 8192) || pcfi_strmap_init(&pmap, 1024)) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		im.src.root = src;
	} else if ((st = source_zip(&im.src, src, err))) {
		goto out;
	}
	if ((st = each(&im, "unit_groups", on_group, 1, err)) || (st = each(&im, "flow_properties", on_prop, 1, err)) ||
	    (st = each(&im, "categories", on_cat, 0, err)) || (st = each(&im, "locations", on_loc, 0, err)) ||
	    (st = each(&im, "flows", on_flow, 1, err)) || (st = each(&im, "processes", on_process, 1, err)))
		goto out;
	/* sort by @id; a duplicate @id is an error naming it */
	qsort(im.f, im.nf, sizeof *im.f, cmp_flow);
	qsort(im.p, im.np, sizeof *im.p, cmp_proc);
	pcfi_strmap_free(&im.flows);
	if (pcfi_strmap_init(&im.flows, im.nf + 1)) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < im.nf; i++) {
		if (i && !strcmp(im.f[i].id, im.f[i - 1].id)) {
			st = pcfi_error(err, PCF_E_INVALID, "%s: two flows have the @id '%s'", src, im.f[i].id);
			goto out;
		}
		if (pcfi_strmap_put(&im.flows, im.f[i].id, i))
			im.oom = 1;
	}
	for (i = 0; i < im.np; i++) {
		if (i && !strcmp(im.p[i].id, im.p[i - 1].id)) {
			st = pcfi_error(err, PCF_E_INVALID, "%s: two processes have the @id '%s'", src, im.p[i].id);
			goto out;
		}
		if (pcfi_strmap_put(&pmap, im.p[i].id, i))
			im.oom = 1;
	}
	if (im.oom) {
		st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
		goto out;
	}
	/* re-resolve flow indices (sorting moved them) and collect providers */
	for (i = 0; i < im.np; i++) {
		procrec *p = &im.p[i];
		for (k = 0; k < p->n_ex; k++) {
			size_t fi;
			exrec *e = &p->ex[k];
			e->flow_index = pcfi_strmap_get(&im.flows, e->flow, &fi) ? (uint32_t)fi : PCF_LIB_NONE;
		}
		{
			exrec *r = &p->ex[p->ref];
			if (r->flow_index != PCF_LIB_NONE) {
				flowrec *f = &im.f[r->flow_index];
				int makes = (f->type == PCF_LIB_PRODUCT && !r->input) || (f->type == PCF_LIB_WASTE && r->input);
				if (makes) {
					if (f->n_prov == f->cap_prov) {
						uint32_t *np = realloc(f->prov, (f->cap_prov = f->cap_prov ? 2 * f->cap_prov : 2) * sizeof *np);
						if (!np) {
							st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
							goto out;
						}
						f->prov = np;
					}
					f->prov[f->n_prov++] = (uint32_t)i;
				} else {
					add_issue(&im, p->id, p->name,
					          "reference exchange is %s %s of %s flow '%s': no exchange links to it (it is not a provider)",
					          r->input ? "an" : "an", r->input ? "input" : "output",
					          f->type == PCF_LIB_PRODUCT ? "product" : f->type == PCF_LIB_WASTE ? "waste" : "elementary",
					          f->name);
				}
			}
		}
	}
	for (i = 0; i < im.np; i++) {
		procrec *p = &im.p[i];
		for (k = 0; k < p->n_ex; k++) {
			exrec *e = &p->ex[k];
			flowrec *f;
			if (e->flow_index == PCF_LIB_NONE || k == p->ref)
				continue;
			f = &im.f[e->flow_index];
			if ((f->type == PCF_LIB_PRODUCT && e->input) || (f->type == PCF_LIB_WASTE && !e->input))
				e->provider = f->n_prov == 0 ? PCF_LIB_NO_PROVIDER
				            : f->n_prov == 1 ? (int32_t)f->prov[0] : PCF_LIB_SEVERAL_PROVIDERS;
		}
	}
	/* ---- build the file ---- */
	memset(&h, 0, sizeof h);
	pcfi_buf_append(&out, &h, sizeof h);
	pcfi_buf_putc(&t.buf, '\0');
	/* flows */
	pad8(&out);
	h.off_flow = out.len;
	for (i = 0; i < im.nf; i++) {
		flowrec *f = &im.f[i];
		pcfi_lib_flow_rec r;
		const char *pname, *un = ref_unit(&im, f, &pname);
		memset(&r, 0, sizeof r);
		r.id = intern(&t, f->id);
		r.name = intern(&t, f->name);
		r.category = intern(&t, f->category);
		r.cas = intern(&t, f->cas);
		r.unit = intern(&t, un);
		r.property = intern(&t, pname);
		r.type = f->type;
		r.first_provider = (uint32_t)nprov;
		r.n_providers = (uint32_t)f->n_prov;
		nprov += f->n_prov;
		pcfi_buf_append(&out, &r, sizeof r);
	}
	pad8(&out);
	h.off_proc = out.len;
	for (i = 0; i < im.np; i++) {
		procrec *p = &im.p[i];
		pcfi_lib_proc_rec r;
		memset(&r, 0, sizeof r);
		r.id = intern(&t, p->id);
		r.name = intern(&t, p->name);
		r.location = intern(&t, p->location);
		r.category = intern(&t, p->category);
		r.source = intern(&t, p->source);
		r.first_exchange = (uint32_t)nex;
		r.n_exchanges = (uint32_t)p->n_ex;
		r.reference = (uint32_t)(nex + p->ref);
		r.first_alloc = (uint32_t)nal;
		r.n_alloc = (uint32_t)p->n_al;
		r.n_parameters = (uint32_t)p->n_params;
		nex += p->n_ex;
		nal += p->n_al;
		pcfi_buf_append(&out, &r, sizeof r);
	}
	pad8(&out);
	h.off_exch = out.len;
	nex = 0;
	for (i = 0; i < im.np; i++) {
		procrec *p = &im.p[i];
		for (k = 0; k < p->n_ex; k++) {
			exrec *e = &p->ex[k];
			pcfi_lib_exch_rec r;
			memset(&r, 0, sizeof r);
			r.amount = e->amount;
			r.amount_written = e->written;
			r.p1 = e->p1, r.p2 = e->p2, r.p3 = e->p3;
			r.id = intern(&t, e->id);
			r.unit_written = intern(&t, e->unit);
			r.formula = intern(&t, e->formula);
			r.pedigree = intern(&t, e->pedigree);
			r.note = intern(&t, e->note);
			r.flow = e->flow_index;
			r.flags = e->flags | (e->input ? PCF_LIB_EX_INPUT : 0) | (k == p->ref ? PCF_LIB_EX_REFERENCE : 0);
			r.provider = e->provider;
			r.dist = (uint32_t)e->dist;
			pcfi_buf_append(&out, &r, sizeof r);
		}
		nex += p->n_ex;
	}
	pad8(&out);
	h.off_alloc = out.len;
	nal = 0;
	nex = 0;
	for (i = 0; i < im.np; i++) {
		procrec *p = &im.p[i];
		for (k = 0; k < p->n_al; k++) {
			allocrec *a = &p->al[k];
			pcfi_lib_alloc_rec r;
			size_t fi, x;
			memset(&r, 0, sizeof r);
			r.value = a->value;
			r.type = (uint32_t)a->type;
			r.product = a->product && pcfi_strmap_get(&im.flows, a->product, &fi) ? (uint32_t)fi : PCF_LIB_NONE;
			r.exchange = PCF_LIB_NONE;
			for (x = 0; a->exchange_id && x < p->n_ex; x++)
				if (!strcmp(p->ex[x].id, a->exchange_id)) {
					r.exchange = (uint32_t)(nex + x);
					break;
				}
			r.exchange_flow = a->exchange_flow && pcfi_strmap_get(&im.flows, a->exchange_flow, &fi) ? (uint32_t)fi
			                                                                                         : PCF_LIB_NONE;
			if (a->product && r.product == PCF_LIB_NONE)
				add_issue(&im, p->id, p->name, "allocation factor names product '%s', which is not in flows/", a->product);
			pcfi_buf_append(&out, &r, sizeof r);
		}
		nex += p->n_ex;
		nal += p->n_al;
	}
	pad8(&out);
	h.off_prov = out.len;
	for (i = 0; i < im.nf; i++)
		pcfi_buf_append(&out, im.f[i].prov, im.f[i].n_prov * sizeof *im.f[i].prov);
	pad8(&out);
	h.off_str = out.len;
	h.len_str = t.buf.len;
	pcfi_buf_append(&out, t.buf.data, t.buf.len);
	pad8(&out);
	if (out.oom || t.oom || im.oom || nex > UINT32_MAX / 2) {
		st = pcfi_error(err, nex > UINT32_MAX / 2 ? PCF_E_LIMIT : PCF_E_NOMEM, "out of memory building the library");
		goto out;
	}
	memcpy(h.magic, PCFI_LIB_MAGIC, 8);
	h.version = PCFI_LIB_VERSION;
	h.n_proc = (uint32_t)im.np;
	h.n_flow = (uint32_t)im.nf;
	h.n_exch = (uint32_t)nex;
	h.n_alloc = (uint32_t)nal;
	h.n_prov = (uint32_t)nprov;
	memcpy(out.data, &h, sizeof h);
	if (!EVP_Digest(out.data, out.len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
		st = pcfi_error(err, PCF_E_CRYPTO, "SHA-256 failed");
		goto out;
	}
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	if (!strcmp(out_path, "-")) {
		if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout)) {
			st = pcfi_error(err, PCF_E_IO, "cannot write the library to standard output: %s", strerror(errno));
			goto out;
		}
	} else if ((st = pcfi_write_file_atomic(out_path, out.data, out.len, overwrite, 0644, err))) {
		goto out;
	}
	if (digest)
		memcpy(digest, md, 32);
	if (stats) {
		stats->processes = im.np, stats->flows = im.nf, stats->exchanges = nex, stats->allocation_factors = nal;
		stats->unit_groups = im.ng, stats->flow_properties = im.nfp, stats->issues = im.niss, stats->bytes = out.len;
	}
	if (report_json) {
		pcfi_jsonw w;
		size_t np = 0, nparams = 0;
		for (i = 0; i < im.np; i++)
			if (im.p[i].n_params)
				np++, nparams += im.p[i].n_params;
		if (im.niss) /* qsort(NULL, 0) is undefined */
			qsort(im.iss, im.niss, sizeof *im.iss, cmp_issue);
		pcfi_jsonw_init(&w);
		pcfi_jsonw_begin_object(&w);
		pcfi_jsonw_key(&w, "source"), pcfi_jsonw_string(&w, src);
		pcfi_jsonw_key(&w, "library"), pcfi_jsonw_string(&w, out_path);
		pcfi_jsonw_key(&w, "sha256"), pcfi_jsonw_string(&w, hex);
		pcfi_jsonw_key(&w, "bytes"), pcfi_jsonw_uint(&w, out.len);
		pcfi_jsonw_key(&w, "processes"), pcfi_jsonw_uint(&w, im.np);
		pcfi_jsonw_key(&w, "flows"), pcfi_jsonw_uint(&w, im.nf);
		pcfi_jsonw_key(&w, "exchanges"), pcfi_jsonw_uint(&w, nex);
		pcfi_jsonw_key(&w, "allocation-factors"), pcfi_jsonw_uint(&w, nal);
		pcfi_jsonw_key(&w, "unit-groups"), pcfi_jsonw_uint(&w, im.ng);
		pcfi_jsonw_key(&w, "flow-properties"), pcfi_jsonw_uint(&w, im.nfp);
		pcfi_jsonw_key(&w, "notes");
		pcfi_jsonw_begin_array(&w);
		if (np) {
			char note[200];
			snprintf(note, sizeof note,
			         "%zu processes declare %zu parameters: amounts are used as written, formulas kept as text and not "
			         "evaluated",
			         np, nparams);
			pcfi_jsonw_string(&w, note);
		}
		if (im.n_gsd0) {
			char note[200];
			snprintf(note, sizeof note,
			         "%zu lognormal uncertainties have a geometric sd of 0 (no distribution): their amounts are certain "
			         "values",
			         im.n_gsd0);
			pcfi_jsonw_string(&w, note);
		}
		if (im.n_swapped) {
			char note[200];
			snprintf(note, sizeof note,
			         "%zu triangular uncertainties give minimum > mode > maximum: read as the same triangle with the "
			         "bounds swapped",
			         im.n_swapped);
			pcfi_jsonw_string(&w, note);
		}
		pcfi_jsonw_end_array(&w);
		pcfi_jsonw_key(&w, "not-represented");
		pcfi_jsonw_begin_array(&w);
		for (i = 0; i < im.niss; i++) {
			pcfi_jsonw_begin_object(&w);
			pcfi_jsonw_key(&w, "process"), pcfi_jsonw_string(&w, im.iss[i].process);
			pcfi_jsonw_key(&w, "name"), pcfi_jsonw_string(&w, im.iss[i].name);
			pcfi_jsonw_key(&w, "what"), pcfi_jsonw_string(&w, im.iss[i].what);
			pcfi_jsonw_end_object(&w);
		}
		pcfi_jsonw_end_array(&w);
		pcfi_jsonw_end_object(&w);
		if ((st = pcfi_jsonw_finish(&w, report_json, NULL)))
			pcfi_error(err, st, "cannot write the import report");
	}
out:
	pcfi_buf_free(&out);
	pcfi_buf_free(&t.buf);
	pcfi_strmap_free(&t.map);
	pcfi_strmap_free(&pmap);
	for (i = 0; i < t.n; i++)
		free(t.keys[i]);
	free(t.keys);
	importer_free(&im);
	return st;
}
