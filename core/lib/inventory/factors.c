/*
 * factors.c - emission factor libraries: the YAML library format, loading with precedence and
 * clash records, look-up by id (base/strmap.c), listing in id order, search.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcf/factors.h>
#include <pcf/gwp.h>
#include <pcf/parse.h>

#include "inventory/countries.h"
#include "inventory/factors_impl.h"
#include "base/fsutil.h"
#include "base/strmap.h"
#include "inventory/units_impl.h"

struct pcf_factor_lib {
	pcfi_arena arena;
	const pcf_factor **items;    /* winning factor per distinct id, in first-load order */
	size_t count, cap;
	pcfi_strmap ids;             /* id -> index into items (keys are the first factor's id, in the arena) */
	const pcf_factor **sorted;   /* items sorted by id, rebuilt after each load */
	pcf_factor_clash *clashes;
	size_t nclashes, capclashes;
	pcf_background_fn bg_fn;     /* background inputs (pcf_factor_lib_set_background), or NULL */
	void *bg_ctx;
};

static const char *const factor_keys[] = {
	"id", "name", "unit", "value", "gas", "gases", "gwp-set", "region", "year", "source", "url", "licence",
	"notes", "library", NULL
};
static const char *const library_keys[] = { "format-version", "library", "description", "factors", NULL };

int pcfi_region_valid(const char *s)
{
	char cc[3];
	size_t i, n;

	if (!s)
		return 0;
	if (!strcmp(s, "GLO") || !strcmp(s, "EU"))
		return 1;
	n = strlen(s);
	if (n < 2)
		return 0;
	cc[0] = s[0];
	cc[1] = s[1];
	cc[2] = '\0';
	if (!pcfi_country_valid(cc))
		return 0;
	if (n == 2)
		return 1;
	if (s[2] != '-' || n < 4 || n > 6)
		return 0;
	for (i = 3; i < n; i++)
		if (!isupper((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A gwp-set beside anything but gas: co2e is an error. */
static void refuse_gwp_set(pcfi_vctx *v, const pcfi_ynode *n)
{
	if (pcfi_ymap_get(n, "gwp-set")) {
		size_t old = pcfi_v_push_key(v, "gwp-set");
		pcfi_v_err(v, pcfi_ymap_get(n, "gwp-set"), PCF_E_INVALID, "gwp-set applies only to a co2e factor (gas: co2e)");
		pcfi_v_pop(v, old);
	}
}

/* gases: a mapping of gas -> kg per unit (x- keys skipped, co2e refused). */
static void factor_gases(pcfi_vctx *v, const pcfi_ynode *n, const pcfi_ynode *gases, pcf_factor *out)
{
	pcf_factor_gas *list = NULL;
	size_t old = pcfi_v_push_key(v, "gases"), i;

	if (pcfi_v_is_map(v, gases, "gases (gas: kg per unit)")) {
		if (gases->len == 0)
			pcfi_v_err(v, gases, PCF_E_INVALID, "expected at least one gas, found an empty mapping");
		list = pcfi_arena_calloc(v->arena, gases->len ? gases->len : 1, sizeof *list);
		for (i = 0; list && i < gases->len; i++) {
			const pcfi_ynode *k = PCFI_YKEY(gases, i), *val = PCFI_YVAL(gases, i);
			pcf_gas g;
			pcf_error e;
			size_t o2;
			if (k->kind != PCFI_Y_SCALAR || pcfi_yscalar_type(k) != PCFI_YS_STRING)
				continue;
			o2 = pcfi_v_push_key(v, k->u.str);
			if (!strncmp(k->u.str, "x-", 2)) {
				pcfi_v_pop(v, o2);
				continue;
			}
			if (!strcmp(k->u.str, "co2e"))
				pcfi_v_err(v, k, PCF_E_INVALID,
				           "co2e cannot be mixed with gases: write value, gas: co2e and gwp-set instead");
			else if (pcf_gas_lookup(k->u.str, &g, &e))
				pcfi_v_err(v, k, PCF_E_INVALID, "%s", e.message);
			else if (pcfi_v_node_number(v, val, PCFI_V_NONNEG, &list[out->n_gases].amount))
				list[out->n_gases++].gas = g.id;
			pcfi_v_pop(v, o2);
		}
		out->gases = list;
		if (out->n_gases == 1)
			out->value = list[0].amount;
	}
	pcfi_v_pop(v, old);
	refuse_gwp_set(v, n);
}

/* value and gas: one gas, or co2e with its gwp-set. */
static void factor_single_gas(pcfi_vctx *v, const pcfi_ynode *n, const pcfi_ynode *gas, pcf_factor *out)
{
	pcf_factor_gas *list;
	double x;
	const char *gname = NULL;
	int okv = pcfi_v_number(v, n, "value", 1, PCFI_V_NONNEG, &x);

	list = pcfi_arena_calloc(v->arena, 1, sizeof *list);
	if (pcfi_v_string(v, n, "gas", 1, &gname) && list) {
		size_t old = pcfi_v_push_key(v, "gas");
		pcf_gas g;
		pcf_error e;
		if (!strcmp(gname, "co2e")) {
			int set;
			static const char *const sets[] = { "AR4", "AR5", "AR6", NULL };
			list[0].gas = "co2e";
			pcfi_v_pop(v, old);
			if (pcfi_v_enum(v, n, "gwp-set", 1, sets, &set))
				out->gwp_set = sets[set];
		} else if (pcf_gas_lookup(gname, &g, &e)) {
			pcfi_v_err(v, gas, PCF_E_INVALID, "%s", e.message);
			pcfi_v_pop(v, old);
		} else {
			list[0].gas = g.id;
			pcfi_v_pop(v, old);
			refuse_gwp_set(v, n);
		}
		if (okv && list[0].gas) {
			list[0].amount = x;
			out->value = x;
			out->gases = list;
			out->n_gases = 1;
		}
	}
}

int pcfi_factor_from_node(pcfi_vctx *v, const pcfi_ynode *n, int inline_, const char *library, pcf_factor *out)
{
	size_t before = v->nerrors;
	const pcfi_ynode *value = NULL, *gas = NULL, *gases = NULL;
	long year = 0;

	memset(out, 0, sizeof *out);
	out->value = NAN;
	if (!pcfi_v_is_map(v, n, "an emission factor"))
		return 0;
	out->line = n->line;
	out->column = n->col;
	out->library = library;
	pcfi_v_keys(v, n, factor_keys);
	pcfi_v_string(v, n, "id", !inline_, &out->id);
	pcfi_v_string(v, n, "name", !inline_, &out->name);
	pcfi_v_unit(v, n, "unit", 1, PCF_DIM_NONE, &out->unit);
	pcfi_v_string(v, n, "source", 1, &out->source);
	pcfi_v_string(v, n, "url", 0, &out->url);
	pcfi_v_string(v, n, "licence", !inline_, &out->licence);
	pcfi_v_string(v, n, "notes", 0, &out->notes);
	if (pcfi_v_string(v, n, "region", !inline_, &out->region) && !pcfi_region_valid(out->region)) {
		size_t old = pcfi_v_push_key(v, "region");
		pcfi_v_err(v, pcfi_ymap_get(n, "region"), PCF_E_INVALID,
		           "expected GLO, EU, an ISO 3166-1 alpha-2 country code or CC-SUBDIVISION, found '%.40s'",
		           out->region);
		pcfi_v_pop(v, old);
	}
	if (pcfi_v_int(v, n, "year", !inline_, 1900, 2100, &year))
		out->year = (int)year;
	if (!out->licence)
		out->licence = "unspecified";
	if (pcfi_ymap_get(n, "library")) {
		/* the library a factor came from, kept by pcf_inventory_factors_export */
		if (inline_) {
			size_t old = pcfi_v_push_key(v, "library");
			pcfi_v_err(v, pcfi_ymap_get(n, "library"), PCF_E_INVALID,
			           "library applies only to factors of a factor library file");
			pcfi_v_pop(v, old);
		} else {
			pcfi_v_string(v, n, "library", 0, &out->library);
		}
	}

	value = pcfi_ymap_get(n, "value");
	gas = pcfi_ymap_get(n, "gas");
	gases = pcfi_ymap_get(n, "gases");
	if (gases && (value || gas)) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected either value and gas, or gases, found both");
	} else if (gases) {
		factor_gases(v, n, gases, out);
	} else if (!value || !gas) {
		pcfi_v_err(v, n, PCF_E_INVALID, "missing required key '%s' (a factor has value and gas, or gases)",
		           value ? "gas" : "value");
	} else {
		factor_single_gas(v, n, gas, out);
	}
	if (out->unit && pcfi_unit_dimension(out->unit) == PCF_DIM_NONE)
		out->unit = NULL;
	return v->nerrors == before;
}

pcf_factor *pcfi_factor_copy(pcfi_arena *a, const pcf_factor *f)
{
	pcf_factor *c = pcfi_arena_alloc(a, sizeof *c);
	pcf_factor_gas *g;
	size_t i;

	if (!c)
		return NULL;
	*c = *f;
	g = pcfi_arena_calloc(a, f->n_gases ? f->n_gases : 1, sizeof *g);
	if (!g)
		return NULL;
	for (i = 0; i < f->n_gases; i++) {
		g[i].amount = f->gases[i].amount;
		/* gas ids are static (gwp table) or the literal "co2e" */
		g[i].gas = f->gases[i].gas;
	}
	c->gases = g;
#define DUP(field) do { if (f->field && !(c->field = pcfi_arena_strdup(a, f->field))) return NULL; } while (0)
	DUP(id);
	DUP(name);
	DUP(region);
	DUP(source);
	DUP(url);
	DUP(licence);
	DUP(notes);
	DUP(library);
#undef DUP
	/* unit and gwp_set are static strings */
	return c;
}

/* ---- the library ---- */

static long find_index(const pcf_factor_lib *lib, const char *id)
{
	size_t at;

	if (!lib || !id || !pcfi_strmap_get(&lib->ids, id, &at))
		return -1;
	return (long)at;
}

static int cmp_factor_id(const void *a, const void *b)
{
	return strcmp((*(const pcf_factor *const *)a)->id, (*(const pcf_factor *const *)b)->id);
}

pcf_status pcf_factor_lib_new(pcf_factor_lib **out, pcf_error *err)
{
	*out = calloc(1, sizeof **out);
	return *out ? PCF_OK : pcfi_error(err, PCF_E_NOMEM, "out of memory");
}

void pcf_factor_lib_free(pcf_factor_lib *lib)
{
	if (!lib)
		return;
	pcfi_arena_free(&lib->arena);
	free(lib->items);
	pcfi_strmap_free(&lib->ids);
	free(lib->sorted);
	free(lib->clashes);
	free(lib);
}

void pcf_factor_lib_set_background(pcf_factor_lib *lib, pcf_background_fn fn, void *ctx)
{
	if (!lib)
		return;
	lib->bg_fn = fn;
	lib->bg_ctx = fn ? ctx : NULL;
}

pcf_background_fn pcf_factor_lib_background(const pcf_factor_lib *lib, void **ctx)
{
	if (ctx)
		*ctx = lib ? lib->bg_ctx : NULL;
	return lib ? lib->bg_fn : NULL;
}

const char *pcf_data_dir(void)
{
	const char *d = pcfi_getenv("PCF_DATA_DIR");

	return d && *d ? d : PCF_PKGDATADIR "/data";
}

/* Add the factors of one successfully parsed file. Only fails on out of memory (lib unchanged then). */
static pcf_status commit(pcf_factor_lib *lib, pcf_factor **fs, size_t n, pcf_error *err)
{
	size_t i;
	const pcf_factor **sorted;

	if (lib->count + n > UINT32_MAX / 2)
		return pcfi_error(err, PCF_E_LIMIT, "too many factors");
	if (lib->count + n > lib->cap) {
		size_t cap = lib->cap ? lib->cap : 64;
		const pcf_factor **p;
		while (cap < lib->count + n)
			cap *= 2;
		p = realloc(lib->items, cap * sizeof *p);
		if (!p)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		lib->items = p;
		lib->cap = cap;
	}
	/* Room for every new id now, so that no put below can fail (the library stays as it was on failure). */
	if (pcfi_strmap_init(&lib->ids, lib->count + n))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (lib->nclashes + n > lib->capclashes) {
		size_t cap = lib->capclashes ? lib->capclashes : 16;
		pcf_factor_clash *p;
		while (cap < lib->nclashes + n)
			cap *= 2;
		p = realloc(lib->clashes, cap * sizeof *p);
		if (!p)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		lib->clashes = p;
		lib->capclashes = cap;
	}
	sorted = realloc(lib->sorted, (lib->count + n) * sizeof *sorted);
	if (!sorted)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	lib->sorted = sorted;
	for (i = 0; i < n; i++) {
		long at = find_index(lib, fs[i]->id);
		if (at >= 0) {
			pcf_factor_clash *c = &lib->clashes[lib->nclashes++];
			c->id = fs[i]->id;
			c->winner = fs[i];
			c->shadowed = lib->items[at];
			lib->items[at] = fs[i];
		} else {
			pcfi_strmap_put(&lib->ids, fs[i]->id, lib->count);   /* cannot fail: sized above */
			lib->items[lib->count++] = fs[i];
		}
	}
	memcpy(lib->sorted, lib->items, lib->count * sizeof *lib->sorted);
	qsort(lib->sorted, lib->count, sizeof *lib->sorted, cmp_factor_id);
	return PCF_OK;
}

/* Just over 80 lines: load, check the top level, then each factor, in the file's order; one error path. */
pcf_status pcf_factor_lib_load_bytes(pcf_factor_lib *lib, const char *name, const void *bytes, size_t len,
                                     pcf_diag *diag, pcf_error *err)
{
	pcfi_ydoc *doc = NULL;
	pcfi_vctx v;
	pcf_status st;
	const pcfi_ynode *root, *list;
	const char *libname = NULL;
	pcf_factor **fs = NULL;
	size_t i, nf = 0;
	long version;

	if (!lib)
		return pcfi_error(err, PCF_E_ARG, "no factor library given");
	st = pcfi_yaml_load(name, bytes, len, NULL, &doc, diag, err);
	if (st)
		return st;
	pcfi_v_init(&v, name, &lib->arena, diag, err);
	root = doc->root;
	if (!root) {
		pcfi_v_err_pos(&v, 1, 1, PCF_E_INVALID, "expected a factor library (a mapping), found an empty document");
		goto done;
	}
	if (!pcfi_v_is_map(&v, root, "a factor library"))
		goto done;
	pcfi_v_keys(&v, root, library_keys);
	if (pcfi_v_int(&v, root, "format-version", 1, 0, 1000000, &version) && version != PCF_FACTORS_FORMAT_VERSION) {
		size_t old = pcfi_v_push_key(&v, "format-version");
		pcfi_v_err(&v, pcfi_ymap_get(root, "format-version"), PCF_E_INVALID,
		           "expected format-version %d, found %ld", PCF_FACTORS_FORMAT_VERSION, version);
		pcfi_v_pop(&v, old);
	}
	pcfi_v_string(&v, root, "library", 1, &libname);
	{
		const char *desc;
		pcfi_v_string(&v, root, "description", 0, &desc);
	}
	list = pcfi_v_get(&v, root, "factors", 1);
	if (list) {
		size_t old = pcfi_v_push_key(&v, "factors");
		if (pcfi_v_is_seq(&v, list, "a list of factors")) {
			fs = calloc(list->len ? list->len : 1, sizeof *fs);
			if (!fs) {
				pcfi_v_err(&v, NULL, PCF_E_NOMEM, "out of memory");
			} else {
				for (i = 0; i < list->len; i++) {
					size_t o2 = pcfi_v_push_index(&v, i);
					pcf_factor f;
					if (pcfi_factor_from_node(&v, list->u.kids[i], 0, libname ? libname : name, &f)) {
						size_t j;
						for (j = 0; j < nf; j++)
							if (!strcmp(fs[j]->id, f.id)) {
								size_t o3 = pcfi_v_push_key(&v, "id");
								pcfi_v_err(&v, pcfi_ymap_get(list->u.kids[i], "id"), PCF_E_INVALID,
								           "duplicate factor id '%.100s' (first at line %lu, column %lu)", f.id,
								           fs[j]->line, fs[j]->column);
								pcfi_v_pop(&v, o3);
								break;
							}
						if (j == nf) {
							fs[nf] = pcfi_arena_alloc(&lib->arena, sizeof **fs);
							if (!fs[nf]) {
								pcfi_v_err(&v, NULL, PCF_E_NOMEM, "out of memory");
								break;
							}
							*fs[nf++] = f;
						}
					}
					pcfi_v_pop(&v, o2);
				}
			}
		}
		pcfi_v_pop(&v, old);
	}
done:
	if (v.first == PCF_OK && nf > 0 && fs) {
		/* library names in factors point at the arena copy of libname already */
		st = commit(lib, fs, nf, err);
		if (st) {
			pcf_error e;
			pcfi_error(&e, st, "%s", err ? err->message : "out of memory");
			pcfi_diag_add(diag, &e);
		}
	} else {
		st = v.first;
	}
	free(fs);
	pcfi_ydoc_free(doc);
	return st;
}

pcf_status pcf_factor_lib_load_file(pcf_factor_lib *lib, const char *path, pcf_diag *diag, pcf_error *err)
{
	pcf_parse_limits lim;
	char *data;
	size_t len;
	pcf_status st;
	pcf_error e;

	pcf_parse_limits_default(&lim);
	st = pcfi_read_file(path, lim.max_bytes, &data, &len, &e);
	if (st) {
		if (err)
			*err = e;
		pcfi_diag_add(diag, &e);
		return st;
	}
	st = pcf_factor_lib_load_bytes(lib, path, data, len, diag, err);
	free(data);
	return st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

pcf_status pcf_factor_lib_load_default(pcf_factor_lib *lib, pcf_diag *diag, pcf_error *err)
{
	const char *base = pcf_data_dir();
	char dir[4096];
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	pcf_status st = PCF_OK, first = PCF_OK;
	pcf_error e;

	if ((size_t)snprintf(dir, sizeof dir, "%s/factors", base) >= sizeof dir)
		return pcfi_error(err, PCF_E_IO, "data directory name too long");
	d = opendir(dir);
	if (!d) {
		pcfi_error_at(&e, PCF_E_IO, dir, 0, 0, NULL,
		              "cannot open the default factor library folder (set PCF_DATA_DIR or install pcfkit's data)");
		if (err)
			*err = e;
		pcfi_diag_add(diag, &e);
		return PCF_E_IO;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p;
			cap = cap ? cap * 2 : 16;
			p = realloc(names, cap * sizeof *p);
			if (!p) {
				st = PCF_E_NOMEM;
				break;
			}
			names = p;
		}
		if (!(names[n] = strdup(de->d_name))) {
			st = PCF_E_NOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (st) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return pcfi_error(err, st, "out of memory");
	}
	if (n)   /* an empty folder: names is NULL, and qsort(NULL, 0) is undefined */
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		char path[4200];
		size_t before = lib->nclashes;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		st = pcf_factor_lib_load_file(lib, path, diag, first ? NULL : err);
		if (st && !first)
			first = st;
		/* ids must be unique across the default library's own files */
		if (!st && lib->nclashes > before) {
			size_t k;
			for (k = before; k < lib->nclashes; k++) {
				pcfi_error_at(&e, PCF_E_INVALID, path, lib->clashes[k].winner->line, lib->clashes[k].winner->column,
				              NULL, "factor id '%.100s' is also defined in the default library file of '%s'",
				              lib->clashes[k].id, lib->clashes[k].shadowed->library);
				pcfi_diag_add(diag, &e);
				if (!first) {
					first = PCF_E_INVALID;
					if (err)
						*err = e;
				}
			}
		}
		free(names[i]);
	}
	free(names);
	return first;
}

const pcf_factor *pcf_factor_lib_find(const pcf_factor_lib *lib, const char *id)
{
	long i = find_index(lib, id);

	return i >= 0 ? lib->items[i] : NULL;
}

size_t pcf_factor_lib_count(const pcf_factor_lib *lib)
{
	return lib ? lib->count : 0;
}

const pcf_factor *pcf_factor_lib_at(const pcf_factor_lib *lib, size_t i)
{
	return lib && i < lib->count ? lib->sorted[i] : NULL;
}

size_t pcf_factor_lib_clash_count(const pcf_factor_lib *lib)
{
	return lib ? lib->nclashes : 0;
}

const pcf_factor_clash *pcf_factor_lib_clash(const pcf_factor_lib *lib, size_t i)
{
	return lib && i < lib->nclashes ? &lib->clashes[i] : NULL;
}

static int contains(const char *hay, const char *word)
{
	size_t n = strlen(word);

	if (!hay)
		return 0;
	for (; *hay; hay++)
		if (!strncasecmp(hay, word, n))
			return 1;
	return 0;
}

int pcf_factor_matches(const pcf_factor *f, const char *word)
{
	if (!f || !word)
		return 0;
	return contains(f->id, word) || contains(f->name, word) || contains(f->region, word) ||
	       contains(f->source, word) || contains(f->unit, word);
}
