/*
 * loader.c - the plugin loader: search path, trust checks, dlopen, ABI checks, descriptor checks,
 * duplicate ids. See pcf/methods.h for the contract and pcf/plugin.h for the ABI.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsutil.h"
#include "base/jsonw.h"
#include "plugin/plugin_impl.h"

#ifndef PCF_PKGLIBDIR
#define PCF_PKGLIBDIR "/usr/local/lib/pcfkit"
#endif

#define MAX_PARAMS 256
#define MAX_FORMATS 64
#define MAX_STRING 65536

/* Format names may also hold dots ("pact-v2.3"). */
static int valid_format_name(const char *s)
{
	size_t i;

	if (!s || !s[0] || s[0] == '-' || s[0] == '.')
		return 0;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (i >= 64)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

const char *pcfi_method_label(const pcf_method *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%s)", m->desc.id ? m->desc.id : "?", m->path);
	return buf;
}

static void warn(pcf_methods *ms, const pcf_error *w)
{
	if (ms->warn)
		ms->warn(ms->warn_data, w);
}

pcf_status pcf_methods_new(pcf_methods **out, unsigned flags, pcf_error *err)
{
	pcf_methods *ms;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_new: out is NULL");
	ms = calloc(1, sizeof *ms);
	if (!ms)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	ms->flags = flags;
	*out = ms;
	return PCF_OK;
}

static void method_free(pcf_method *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->real);
	free(m->params);
	free(m->formats);
	free(m);
}

void pcf_methods_free(pcf_methods *ms)
{
	size_t i;

	if (!ms)
		return;
	for (i = 0; i < ms->ndirs; i++)
		free(ms->dirs[i]);
	free(ms->dirs);
	for (i = 0; i < ms->nloaded; i++)
		method_free(ms->loaded[i]);
	free(ms->loaded);
	free(ms->list);
	free(ms);
}

void pcf_methods_set_warning_handler(pcf_methods *ms, pcf_warning_fn fn, void *data)
{
	ms->warn = fn;
	ms->warn_data = data;
}

static pcf_status push_dir(pcf_methods *ms, const char *dir, size_t len, pcf_error *err)
{
	char **nd;
	char *copy;

	if (len == 0)
		return PCF_OK;
	copy = strndup(dir, len);
	nd = realloc(ms->dirs, (ms->ndirs + 1) * sizeof *nd);
	if (!copy || !nd) {
		free(copy);
		if (nd)
			ms->dirs = nd;
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	ms->dirs = nd;
	ms->dirs[ms->ndirs++] = copy;
	return PCF_OK;
}

pcf_status pcf_methods_add_dir(pcf_methods *ms, const char *dir, pcf_error *err)
{
	pcf_status st;

	if (!ms || !dir || !dir[0])
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_add_dir: empty folder name");
	if (ms->path_built)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_add_dir: called after a lookup");
	st = push_dir(ms, dir, strlen(dir), err);
	if (st == PCF_OK)
		ms->nexplicit = ms->ndirs;
	return st;
}

/* Complete the search path with PCF_PLUGIN_PATH and the pkglibdir, once. */
static pcf_status build_path(pcf_methods *ms, pcf_error *err)
{
	const char *env, *p;
	pcf_status st;

	if (ms->path_built)
		return PCF_OK;
	if (!(ms->flags & PCF_METHODS_NO_ENV) && (env = pcfi_getenv("PCF_PLUGIN_PATH")) != NULL) {
		for (p = env;;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			if ((st = push_dir(ms, p, n, err)) != PCF_OK)
				return st;
			if (!colon)
				break;
			p = colon + 1;
		}
	}
	if (!(ms->flags & PCF_METHODS_NO_DEFAULT) && (st = push_dir(ms, PCF_PKGLIBDIR, strlen(PCF_PKGLIBDIR), err)) != PCF_OK)
		return st;
	ms->path_built = 1;
	return PCF_OK;
}

size_t pcf_methods_dir_count(const pcf_methods *ms)
{
	(void)build_path((pcf_methods *)ms, NULL);
	return ms->ndirs;
}

const char *pcf_methods_dir(const pcf_methods *ms, size_t i)
{
	(void)build_path((pcf_methods *)ms, NULL);
	return i < ms->ndirs ? ms->dirs[i] : NULL;
}

/* Refuse: status PCF_E_PLUGIN, naming the file. */
static pcf_status refuse(pcf_error *err, const char *path, const char *fmt, ...) PCFI_PRINTF(3, 4);
static pcf_status refuse(pcf_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pcfi_error_atv(err, PCF_E_PLUGIN, path, 0, 0, NULL, "plugin refused: ", fmt, ap);
	va_end(ap);
	return PCF_E_PLUGIN;
}

static int bounded_string(const char *s)
{
	return s && memchr(s, '\0', MAX_STRING) != NULL;
}

/* Check and copy the descriptor's parameter and format lists. */
static pcf_status copy_lists(pcf_method *m, pcf_error *err)
{
	const pcf_plugin *d = &m->desc;
	size_t n, i, j;

	if (d->params) {
		for (n = 0; n < MAX_PARAMS && d->params[n]; n++)
			;
		if (n == MAX_PARAMS)
			return refuse(err, m->path, "more than %d parameters (missing NULL at the end of params?)", MAX_PARAMS - 1);
		m->params = calloc(n ? n : 1, sizeof *m->params);
		if (!m->params)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		for (i = 0; i < n; i++) {
			const pcf_param_spec *p = d->params[i];
			if (p->abi.major != PCF_PLUGIN_ABI_MAJOR || p->abi.size < PCFI_PARAM_SPEC_SIZE_1_0)
				return refuse(err, m->path, "parameter %zu has ABI %u.%u and size %llu; expected major %d and at least %zu bytes",
				              i, (unsigned)p->abi.major, (unsigned)p->abi.minor, (unsigned long long)p->abi.size,
				              PCF_PLUGIN_ABI_MAJOR, (size_t)PCFI_PARAM_SPEC_SIZE_1_0);
			if (!pcfi_valid_id(p->name))
				return refuse(err, m->path, "parameter %zu has an invalid name (expected [a-z0-9][a-z0-9-]*)", i);
			if (!bounded_string(p->description) || !p->description[0])
				return refuse(err, m->path, "parameter '%s' has no description", p->name);
			for (j = 0; j < i; j++)
				if (!strcmp(m->params[j].name, p->name))
					return refuse(err, m->path, "parameter '%s' is declared twice", p->name);
			m->params[i].name = p->name;
			m->params[i].values = p->values && bounded_string(p->values) ? p->values : "";
			m->params[i].default_value = p->default_value;
			m->params[i].description = p->description;
		}
		m->nparams = n;
	}
	if (d->formats) {
		for (n = 0; n < MAX_FORMATS && d->formats[n]; n++)
			;
		if (n == MAX_FORMATS)
			return refuse(err, m->path, "more than %d formats (missing NULL at the end of formats?)", MAX_FORMATS - 1);
		if (n && !d->export_format)
			return refuse(err, m->path, "declares export formats but no export_format function");
		m->formats = calloc(n ? n : 1, sizeof *m->formats);
		if (!m->formats)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		for (i = 0; i < n; i++) {
			const pcf_format_spec *f = d->formats[i];
			if (f->abi.major != PCF_PLUGIN_ABI_MAJOR || f->abi.size < PCFI_FORMAT_SPEC_SIZE_1_0)
				return refuse(err, m->path, "format %zu has ABI %u.%u and size %llu; expected major %d and at least %zu bytes",
				              i, (unsigned)f->abi.major, (unsigned)f->abi.minor, (unsigned long long)f->abi.size,
				              PCF_PLUGIN_ABI_MAJOR, (size_t)PCFI_FORMAT_SPEC_SIZE_1_0);
			if (!valid_format_name(f->name))
				return refuse(err, m->path, "format %zu has an invalid name (expected [a-z0-9][a-z0-9.-]*)", i);
			if (!bounded_string(f->media_type) || !f->media_type[0] || !bounded_string(f->extension) ||
			    !f->extension[0] || !bounded_string(f->description) || !f->description[0])
				return refuse(err, m->path, "format '%s' lacks a media type, extension or description", f->name);
			for (j = 0; j < i; j++)
				if (!strcmp(m->formats[j].name, f->name))
					return refuse(err, m->path, "format '%s' is declared twice", f->name);
			m->formats[i].name = f->name;
			m->formats[i].media_type = f->media_type;
			m->formats[i].extension = f->extension;
			m->formats[i].description = f->description;
		}
		m->nformats = n;
	}
	return PCF_OK;
}

/* Call the plugin's entry point and copy its descriptor after the ABI checks (zero-extended when older). */
static pcf_status take_descriptor(pcf_method *m, void *h, const char *path, pcf_error *err)
{
	void *sym;
	pcf_plugin_entry_fn entry;
	const pcf_plugin *d = NULL;
	pcf_status st;
	size_t n;

	dlerror();
	sym = dlsym(h, "pcf_plugin_entry");
	if (!sym)
		return refuse(err, path, "no pcf_plugin_entry symbol (not a pcfkit methodology plugin)");
	/* POSIX allows converting a dlsym result to a function pointer. */
	memcpy(&entry, &sym, sizeof entry);
	st = entry(&pcfi_host, PCF_PLUGIN_ABI_MAJOR, &d);
	if (st != PCF_OK || !d) {
		return refuse(err, path, "pcf_plugin_entry failed with status %d (%s)%s", (int)st, pcf_status_str(st),
		              st == PCF_OK ? " and no descriptor" : "; was it built for another plugin ABI?");
	}
	if (d->abi.major != PCF_PLUGIN_ABI_MAJOR)
		return refuse(err, path, "built for plugin ABI %u.%u, this pcfkit supports ABI %d.x",
		              (unsigned)d->abi.major, (unsigned)d->abi.minor, PCF_PLUGIN_ABI_MAJOR);
	if (d->abi.minor > PCF_PLUGIN_ABI_MINOR)
		return refuse(err, path, "built for plugin ABI %u.%u, newer than this pcfkit's %d.%d (upgrade pcfkit)",
		              (unsigned)d->abi.major, (unsigned)d->abi.minor, PCF_PLUGIN_ABI_MAJOR, PCF_PLUGIN_ABI_MINOR);
	if (d->abi.size < PCFI_PLUGIN_SIZE_1_0)
		return refuse(err, path, "descriptor is %llu bytes, smaller than the %zu bytes of plugin ABI %d.0",
		              (unsigned long long)d->abi.size, (size_t)PCFI_PLUGIN_SIZE_1_0, PCF_PLUGIN_ABI_MAJOR);
	/* Older, smaller descriptors are zero-extended; newer minors were refused above. */
	n = d->abi.size < sizeof m->desc ? (size_t)d->abi.size : sizeof m->desc;
	memcpy(&m->desc, d, n);
	m->abi_major = d->abi.major;
	m->abi_minor = d->abi.minor;
	return PCF_OK;
}

/* The descriptor's id, texts and compute function, each checked for presence and termination. */
static pcf_status check_descriptor(const pcf_plugin *d, const char *path, pcf_error *err)
{
	size_t i;

	if (!bounded_string(d->id) || !pcfi_valid_id(d->id))
		return refuse(err, path, "invalid id '%.64s' (expected [a-z0-9][a-z0-9-], at most 64 characters)",
		              d->id && bounded_string(d->id) ? d->id : "");
	{
		static const char *const names[] = { "version", "title", "standard", "licence", "description" };
		const char *vals[] = { d->version, d->title, d->standard, d->licence, d->description };
		for (i = 0; i < sizeof names / sizeof names[0]; i++) {
			if (vals[i] && !bounded_string(vals[i]))
				return refuse(err, path, "plugin '%s' gives a %s of %d bytes or more (unterminated?)", d->id, names[i],
				              MAX_STRING);
			if (!vals[i] || !vals[i][0])
				return refuse(err, path, "plugin '%s' does not give its %s", d->id, names[i]);
		}
		if (d->clause && !bounded_string(d->clause))
			return refuse(err, path, "plugin '%s' has an unterminated clause", d->id);
	}
	if (!d->compute)
		return refuse(err, path, "plugin '%s' has no compute function", d->id);
	return PCF_OK;
}

/* Load one file: trust checks, dlopen, entry, ABI and descriptor checks. */
static pcf_status load_file(pcf_methods *ms, const char *path, pcf_method **out, pcf_error *err)
{
	pcf_method *m;
	void *h;
	pcf_status st;
	pcf_error terr;
	char *real;
	size_t i;

	*out = NULL;
	/* Regular file, not a symlink, nothing above it writable by others (fsutil.h). */
	st = pcfi_check_trusted_path(path, &terr);
	if (st != PCF_OK) {
		if (st == PCF_E_PLUGIN)
			return refuse(err, path, "%s", terr.message);
		return pcfi_error_at(err, st, path, 0, 0, NULL, "%s", terr.message);
	}
	real = realpath(path, NULL);
	if (!real)
		return pcfi_error_at(err, PCF_E_IO, path, 0, 0, NULL, "cannot resolve path: %s", strerror(errno));
	for (i = 0; i < ms->nloaded; i++)
		if (!strcmp(ms->loaded[i]->real, real)) {
			free(real);
			*out = ms->loaded[i];
			return PCF_OK;
		}
	m = calloc(1, sizeof *m);
	if (!m || !(m->path = strdup(path))) {
		free(m);
		free(real);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	m->real = real;

	/*
	 * No folder above the file is writable by others (checked above), so nobody else can swap the file
	 * between the check and dlopen. Never dlclose: a plugin's code or static data may still be referenced
	 * (descriptor strings).
	 */
	dlerror();
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		st = refuse(err, path, "cannot load: %s", e ? e : "unknown dlopen error");
		goto fail;
	}
	if ((st = take_descriptor(m, h, path, err)) != PCF_OK)
		goto fail;

	if ((st = check_descriptor(&m->desc, path, err)) != PCF_OK)
		goto fail;
	if ((st = copy_lists(m, err)) != PCF_OK)
		goto fail;

	{
		pcf_method **nl = realloc(ms->loaded, (ms->nloaded + 1) * sizeof *nl);
		if (!nl) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto fail;
		}
		ms->loaded = nl;
		ms->loaded[ms->nloaded++] = m;
	}
	*out = m;
	return PCF_OK;
fail:
	method_free(m);
	return st;
}

pcf_status pcf_methods_load(pcf_methods *ms, const char *path, const pcf_method **out, pcf_error *err)
{
	pcf_method *m;
	pcf_status st;

	if (!ms || !path || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_load: NULL argument");
	*out = NULL;
	st = load_file(ms, path, &m, err);
	if (st == PCF_OK)
		*out = m;
	return st;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	return p;
}

pcf_status pcf_methods_find(pcf_methods *ms, const char *id, const pcf_method **out, pcf_error *err)
{
	size_t i, j;
	char name[80];
	char *path = NULL;
	pcf_method *m = NULL;
	pcf_status st;
	struct stat sb;

	if (!ms || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_find: NULL argument");
	*out = NULL;
	if (!id || !pcfi_valid_id(id))
		return pcfi_error(err, PCF_E_NOTFOUND, "invalid methodology id '%s' (expected [a-z0-9][a-z0-9-]*)",
		                  id ? id : "");
	if ((st = build_path(ms, err)) != PCF_OK)
		return st;
	snprintf(name, sizeof name, "%s.so", id);
	for (i = 0; i < ms->ndirs; i++) {
		path = join(ms->dirs[i], name);
		if (!path)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		if (lstat(path, &sb) == 0)
			break;
		free(path);
		path = NULL;
	}
	if (!path) {
		char dirs[PCF_ERROR_MSG_MAX / 2] = "";
		size_t used = 0;
		for (j = 0; j < ms->ndirs && used < sizeof dirs; j++)
			used += (size_t)snprintf(dirs + used, sizeof dirs - used, "%s%s", j ? ":" : "", ms->dirs[j]);
		return pcfi_error(err, PCF_E_NOTFOUND, "methodology '%s' is not installed (no %s in %s); 'pcf methods' lists the installed ones",
		                  id, name, ms->ndirs ? dirs : "an empty search path");
	}
	st = load_file(ms, path, &m, err);
	if (st == PCF_OK && strcmp(m->desc.id, id)) {
		st = refuse(err, path, "file is named %s but the plugin declares id '%s'", name, m->desc.id);
		m = NULL;
	}
	/* Shadowed files of the same name further along the path: warn, do not load. */
	for (j = i + 1; st == PCF_OK && j < ms->ndirs; j++) {
		char *other = join(ms->dirs[j], name);
		if (!other)
			break;
		if (lstat(other, &sb) == 0) {
			pcf_error w;
			pcfi_error_at(&w, PCF_E_PLUGIN, other, 0, 0, NULL,
			              "duplicate methodology '%s': %s comes first in the search path and is used, %s is ignored",
			              id, path, other);
			warn(ms, &w);
		}
		free(other);
	}
	free(path);
	if (st == PCF_OK)
		*out = m;
	return st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_method(const void *a, const void *b)
{
	return strcmp((*(pcf_method *const *)a)->desc.id, (*(pcf_method *const *)b)->desc.id);
}

/* The *.so names of dir, sorted bytewise; *names NULL and *n 0 when the folder cannot be read. */
static pcf_status list_dir(const char *dir, char ***names, size_t *n, pcf_error *err)
{
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t cnt = 0;

	*names = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d)
		return pcfi_error_at(err, PCF_E_IO, dir, 0, 0, NULL, "cannot read plugin folder: %s", strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char **nv;
		if (len < 4 || strcmp(e->d_name + len - 3, ".so") || e->d_name[0] == '.')
			continue;
		nv = realloc(v, (cnt + 1) * sizeof *v);
		if (!nv || !(nv[cnt] = strdup(e->d_name))) {
			v = nv ? nv : v;
			while (cnt)
				free(v[--cnt]);
			free(v);
			closedir(d);
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		}
		v = nv;
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof *v, cmp_str);
	*names = v;
	*n = cnt;
	return PCF_OK;
}

/* Whether file is ID.so. */
static int named_after(const char *file, const char *id)
{
	size_t n = strlen(id);

	return !strncmp(file, id, n) && !strcmp(file + n, ".so");
}

pcf_status pcf_methods_load_all(pcf_methods *ms, pcf_diag *refused, pcf_error *err)
{
	size_t i, j, k, n;
	char **names;
	pcf_status st;
	pcf_error e;

	if (!ms)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_load_all: NULL argument");
	if ((st = build_path(ms, err)) != PCF_OK)
		return st;
	free(ms->list);
	ms->list = NULL;
	ms->nlist = 0;
	for (i = 0; i < ms->ndirs; i++) {
		if (list_dir(ms->dirs[i], &names, &n, &e) != PCF_OK) {
			/* Missing default folders are normal; a missing --plugin-dir is worth a warning. */
			if (i < ms->nexplicit) {
				warn(ms, &e);
				if (refused && pcfi_diag_add(refused, &e) != PCF_OK)
					return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
			continue;
		}
		for (j = 0; j < n; j++) {
			char *path = join(ms->dirs[i], names[j]);
			pcf_method *m = NULL;
			st = path ? load_file(ms, path, &m, &e) : pcfi_error(&e, PCF_E_NOMEM, "out of memory");
			/* The list shows what --method can load: a file not named after its id is refused, as
			 * pcf_methods_find refuses it. */
			if (st == PCF_OK && !named_after(names[j], m->desc.id)) {
				st = refuse(&e, path, "file is named %s but the plugin declares id '%s'", names[j], m->desc.id);
				m = NULL;
			}
			if (st == PCF_E_NOMEM) {
				free(path);
				for (; j < n; j++)
					free(names[j]);
				free(names);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
			if (st == PCF_OK) {
				for (k = 0; k < ms->nlist; k++)
					if (!strcmp(ms->list[k]->desc.id, m->desc.id))
						break;
				if (k < ms->nlist) {
					if (ms->list[k] != m) {
						pcfi_error_at(&e, PCF_E_PLUGIN, path, 0, 0, NULL,
						              "duplicate methodology '%s': %s comes first in the search path and is used, %s is ignored",
						              m->desc.id, ms->list[k]->path, path);
						warn(ms, &e);
						if (refused && pcfi_diag_add(refused, &e) != PCF_OK)
							st = PCF_E_NOMEM;
					}
				} else {
					pcf_method **nl = realloc(ms->list, (ms->nlist + 1) * sizeof *nl);
					if (!nl)
						st = PCF_E_NOMEM;
					else {
						ms->list = nl;
						ms->list[ms->nlist++] = m;
					}
				}
			} else {
				warn(ms, &e);
				if (refused && pcfi_diag_add(refused, &e) != PCF_OK)
					st = PCF_E_NOMEM;
				else
					st = PCF_OK;
			}
			free(path);
			free(names[j]);
			if (st == PCF_E_NOMEM) {
				for (j++; j < n; j++)
					free(names[j]);
				free(names);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
		}
		free(names);
	}
	if (ms->nlist > 1)
		qsort(ms->list, ms->nlist, sizeof *ms->list, cmp_method);
	return PCF_OK;
}

size_t pcf_methods_count(const pcf_methods *ms)
{
	return ms ? ms->nlist : 0;
}

const pcf_method *pcf_methods_get(const pcf_methods *ms, size_t i)
{
	return ms && i < ms->nlist ? ms->list[i] : NULL;
}

#define STR(x) ((x) ? (x) : "")
const char *pcf_method_id(const pcf_method *m) { return STR(m->desc.id); }
const char *pcf_method_version(const pcf_method *m) { return STR(m->desc.version); }
const char *pcf_method_title(const pcf_method *m) { return STR(m->desc.title); }
const char *pcf_method_standard(const pcf_method *m) { return STR(m->desc.standard); }
const char *pcf_method_clause(const pcf_method *m) { return STR(m->desc.clause); }
const char *pcf_method_licence(const pcf_method *m) { return STR(m->desc.licence); }
const char *pcf_method_description(const pcf_method *m) { return STR(m->desc.description); }
const char *pcf_method_path(const pcf_method *m) { return m->path; }
unsigned pcf_method_abi_major(const pcf_method *m) { return m->abi_major; }
unsigned pcf_method_abi_minor(const pcf_method *m) { return m->abi_minor; }
size_t pcf_method_param_count(const pcf_method *m) { return m->nparams; }
size_t pcf_method_format_count(const pcf_method *m) { return m->nformats; }

pcf_status pcf_method_param(const pcf_method *m, size_t i, const char **name, const char **values,
                            const char **default_value, const char **description)
{
	if (i >= m->nparams)
		return PCF_E_NOTFOUND;
	if (name)
		*name = m->params[i].name;
	if (values)
		*values = m->params[i].values;
	if (default_value)
		*default_value = m->params[i].default_value;
	if (description)
		*description = m->params[i].description;
	return PCF_OK;
}

pcf_status pcf_method_format(const pcf_method *m, size_t i, const char **name, const char **media_type,
                             const char **extension, const char **description)
{
	if (i >= m->nformats)
		return PCF_E_NOTFOUND;
	if (name)
		*name = m->formats[i].name;
	if (media_type)
		*media_type = m->formats[i].media_type;
	if (extension)
		*extension = m->formats[i].extension;
	if (description)
		*description = m->formats[i].description;
	return PCF_OK;
}

int pcf_method_has_format(const pcf_method *m, const char *name)
{
	size_t i;

	for (i = 0; name && i < m->nformats; i++)
		if (!strcmp(m->formats[i].name, name))
			return 1;
	return 0;
}

static void json_method(pcfi_jsonw *w, const pcf_method *m)
{
	size_t i;
	char abi[32];

	pcfi_jsonw_begin_object(w);
	pcfi_jsonw_key(w, "id");
	pcfi_jsonw_string(w, pcf_method_id(m));
	pcfi_jsonw_key(w, "version");
	pcfi_jsonw_string(w, pcf_method_version(m));
	pcfi_jsonw_key(w, "title");
	pcfi_jsonw_string(w, pcf_method_title(m));
	pcfi_jsonw_key(w, "standard");
	pcfi_jsonw_string(w, pcf_method_standard(m));
	pcfi_jsonw_key(w, "clause");
	pcfi_jsonw_string(w, pcf_method_clause(m));
	pcfi_jsonw_key(w, "licence");
	pcfi_jsonw_string(w, pcf_method_licence(m));
	pcfi_jsonw_key(w, "description");
	pcfi_jsonw_string(w, pcf_method_description(m));
	pcfi_jsonw_key(w, "file");
	pcfi_jsonw_string(w, m->path);
	snprintf(abi, sizeof abi, "%u.%u", m->abi_major, m->abi_minor);
	pcfi_jsonw_key(w, "abi");
	pcfi_jsonw_string(w, abi);
	pcfi_jsonw_key(w, "parameters");
	pcfi_jsonw_begin_array(w);
	for (i = 0; i < m->nparams; i++) {
		pcfi_jsonw_begin_object(w);
		pcfi_jsonw_key(w, "name");
		pcfi_jsonw_string(w, m->params[i].name);
		pcfi_jsonw_key(w, "values");
		pcfi_jsonw_string(w, m->params[i].values);
		pcfi_jsonw_key(w, "default");
		pcfi_jsonw_string(w, m->params[i].default_value);
		pcfi_jsonw_key(w, "description");
		pcfi_jsonw_string(w, m->params[i].description);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
	pcfi_jsonw_key(w, "formats");
	pcfi_jsonw_begin_array(w);
	for (i = 0; i < m->nformats; i++) {
		pcfi_jsonw_begin_object(w);
		pcfi_jsonw_key(w, "name");
		pcfi_jsonw_string(w, m->formats[i].name);
		pcfi_jsonw_key(w, "media-type");
		pcfi_jsonw_string(w, m->formats[i].media_type);
		pcfi_jsonw_key(w, "extension");
		pcfi_jsonw_string(w, m->formats[i].extension);
		pcfi_jsonw_key(w, "description");
		pcfi_jsonw_string(w, m->formats[i].description);
		pcfi_jsonw_end_object(w);
	}
	pcfi_jsonw_end_array(w);
	pcfi_jsonw_end_object(w);
}

static pcf_status json_done(pcfi_jsonw *w, char **out, size_t *len, pcf_error *err)
{
	pcf_status st = pcfi_jsonw_finish(w, out, len);

	if (st != PCF_OK)
		return pcfi_error(err, st, "cannot write the JSON description");
	return PCF_OK;
}

pcf_status pcf_method_json(const pcf_method *m, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;

	if (!m || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_method_json: NULL argument");
	pcfi_jsonw_init(&w);
	json_method(&w, m);
	return json_done(&w, out, len, err);
}

pcf_status pcf_methods_json(const pcf_methods *ms, char **out, size_t *len, pcf_error *err)
{
	pcfi_jsonw w;
	size_t i;

	if (!ms || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_methods_json: NULL argument");
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < ms->nlist; i++)
		json_method(&w, ms->list[i]);
	pcfi_jsonw_end_array(&w);
	return json_done(&w, out, len, err);
}
