/*
 * pcf/methods.h - finding, loading and describing methodology plugins (the host side of plugin.h).
 *
 * A pcf_methods is a search path plus the plugins loaded through it. The search order is: the
 * folders added with pcf_methods_add_dir (--plugin-dir), in the order added; then the folders of
 * PCF_PLUGIN_PATH (colon-separated, ignored in set-uid processes); then the installed pkglibdir.
 * A plugin with id ID lives in a file named ID.so; the first one in the search order wins and a
 * warning names every file it shadows.
 *
 * Loading refuses, with an error naming the file and the reason: anything not a regular file (a
 * symlink included); a file or any folder above it writable by group or others; a file without the
 * pcf_plugin_entry symbol; a plugin built for another ABI major or a newer minor; a descriptor
 * smaller than ABI 1.0's; a descriptor that breaks the rules of plugin.h (id grammar, missing
 * fields, duplicate parameters). Plugins are loaded with dlopen(RTLD_NOW | RTLD_LOCAL) and never
 * unloaded while the process runs.
 *
 * Ownership: a pcf_methods is the caller's (pcf_methods_free); every pcf_method and every string it
 * returns is owned by the pcf_methods and valid until it is freed. Not thread-safe: use one
 * pcf_methods per thread or lock around it.
 */
#ifndef PCF_METHODS_H
#define PCF_METHODS_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_methods pcf_methods;
typedef struct pcf_method pcf_method;

/* A receiver of warnings (shadowed duplicates, refused files while listing). The error is only valid
 * during the call. */
typedef void (*pcf_warning_fn)(void *data, const pcf_error *warning);

#define PCF_METHODS_NO_ENV 0x1u      /* ignore PCF_PLUGIN_PATH */
#define PCF_METHODS_NO_DEFAULT 0x2u  /* ignore the installed pkglibdir */

/* A new, empty registry in *out (caller frees with pcf_methods_free). */
pcf_status pcf_methods_new(pcf_methods **out, unsigned flags, pcf_error *err);
/* Free the registry (the plugins stay loaded). NULL is allowed. */
void pcf_methods_free(pcf_methods *methods);
/* Append a folder to the front part of the search path (--plugin-dir); call before any lookup. */
pcf_status pcf_methods_add_dir(pcf_methods *methods, const char *dir, pcf_error *err);
/* Send warnings to fn (default: dropped). */
void pcf_methods_set_warning_handler(pcf_methods *methods, pcf_warning_fn fn, void *data);

/* The search path, in order: count and i-th folder. */
size_t pcf_methods_dir_count(const pcf_methods *methods);
const char *pcf_methods_dir(const pcf_methods *methods, size_t i);

/*
 * Find the plugin with this id along the search path and load it. PCF_E_NOTFOUND when no folder has
 * ID.so (the message lists the folders searched); PCF_E_PLUGIN when the first ID.so found is refused
 * or declares another id.
 */
pcf_status pcf_methods_find(pcf_methods *methods, const char *id, const pcf_method **out, pcf_error *err);

/* Load the plugin file at path (no search; its id need not match its file name). */
pcf_status pcf_methods_load(pcf_methods *methods, const char *path, const pcf_method **out, pcf_error *err);

/*
 * Load every *.so along the search path. Refused files are reported to the warning handler and, when
 * refused is not NULL, appended to it; they do not make the call fail. Afterwards pcf_methods_count
 * and pcf_methods_get list the plugins, sorted by id (duplicates: the first in search order only).
 */
pcf_status pcf_methods_load_all(pcf_methods *methods, pcf_diag *refused, pcf_error *err);
size_t pcf_methods_count(const pcf_methods *methods);
const pcf_method *pcf_methods_get(const pcf_methods *methods, size_t i);

/* What a plugin says about itself (see pcf_plugin in plugin.h). Never NULL; "" when not given. */
const char *pcf_method_id(const pcf_method *method);
const char *pcf_method_version(const pcf_method *method);
const char *pcf_method_title(const pcf_method *method);
const char *pcf_method_standard(const pcf_method *method);
const char *pcf_method_clause(const pcf_method *method);
const char *pcf_method_licence(const pcf_method *method);
const char *pcf_method_description(const pcf_method *method);
/* The file it was loaded from, as found along the search path. */
const char *pcf_method_path(const pcf_method *method);
/* The plugin ABI version it was built for. */
unsigned pcf_method_abi_major(const pcf_method *method);
unsigned pcf_method_abi_minor(const pcf_method *method);

/* Its parameters: count, and the i-th one's fields (any out pointer may be NULL; default may be NULL). */
size_t pcf_method_param_count(const pcf_method *method);
pcf_status pcf_method_param(const pcf_method *method, size_t i, const char **name, const char **values,
                            const char **default_value, const char **description);

/* Its export formats: count, the i-th one's fields, and whether it offers name. */
size_t pcf_method_format_count(const pcf_method *method);
pcf_status pcf_method_format(const pcf_method *method, size_t i, const char **name, const char **media_type,
                             const char **extension, const char **description);
int pcf_method_has_format(const pcf_method *method, const char *name);

/*
 * A plugin's self-description as JSON (id, version, title, standard, clause, licence, description, file,
 * abi, parameters, formats), or the list pcf_methods_load_all made, as a JSON array of the same.
 * Caller frees *out with free().
 */
pcf_status pcf_method_json(const pcf_method *method, char **out, size_t *len, pcf_error *err);
pcf_status pcf_methods_json(const pcf_methods *methods, char **out, size_t *len, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
