/*
 * pcf/factors.h - emission factor libraries: the default one shipped with pcfkit and the
 * user's own (pcf ... --factors FILE).
 *
 * An emission factor says how much of one or more greenhouse gases (kg, or kg CO2e) one unit of
 * something (1 kWh of grid electricity, 1 MJ of diesel burnt, 1 tkm of road freight) emits.
 * Every factor carries its value(s), the unit it is per, its region, year, source and licence.
 * Library files are YAML (format in docs/inventory-format.md, "Factor libraries"), read with the
 * same strict loader and limits as inventories.
 *
 * Precedence: a pcf_factor_lib is a stack of libraries. Later loads override earlier ones: the
 * default library (loaded first), then each --factors FILE in command-line order; an inline
 * factor in an inventory is not in any library and always wins for its input. When a later
 * library redefines an id, the new factor wins and the clash is recorded (pcf_factor_lib_clash)
 * so the CLI can report it. The same id twice in one file is an error.
 *
 * The default library is every *.yaml file, in byte order of name, of the folder "factors" under
 * the data directory: $PCF_DATA_DIR when set and non-empty (read with secure_getenv semantics,
 * so ignored in set-uid programs), else the installed PCF_PKGDATADIR/data (e.g.
 * /usr/local/share/pcfkit/data, where data/local.mk installs the source tree's data/ folder).
 *
 * Ownership: a pcf_factor_lib owns every factor and string it hands out; they stay valid and
 * unchanged until pcf_factor_lib_free, and loading more files never moves them. A library may be
 * read from several threads once loading is done.
 */
#ifndef PCF_FACTORS_H
#define PCF_FACTORS_H

#include <stddef.h>

#include <pcf/error.h>

/* The format version of factor library files this library reads (top-level key format-version). */
#define PCF_FACTORS_FORMAT_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

/* One gas of a factor: amount kg of gas per 1 unit. gas is a canonical gas id (pcf/gwp.h) or "co2e". */
typedef struct pcf_factor_gas {
	const char *gas;
	double amount;
} pcf_factor_gas;

/*
 * One emission factor. gases holds n_gases entries (at least one), in the order written. A
 * factor expressed in CO2 equivalents has exactly one entry, gas "co2e", and names the GWP set
 * it was computed with in gwp_set; otherwise gwp_set is NULL. value is the CO2e total for such a
 * factor and, for a single-gas factor, that gas's amount; for a multi-gas factor it is NaN
 * (characterise gases[] with your GWP set instead).
 */
typedef struct pcf_factor {
	const char *id;              /* unique within a library, e.g. "cn-grid-2022" */
	const char *name;            /* human description */
	double value;
	const char *unit;            /* the unit the factor is per (canonical symbol, pcf/units.h) */
	size_t n_gases;
	const pcf_factor_gas *gases;
	const char *gwp_set;         /* "AR5" ... for co2e factors, else NULL */
	const char *region;          /* ISO 3166-1 alpha-2, a subdivision ("CN-GD"), or "GLO" */
	int year;                    /* reference year of the data */
	const char *source;          /* citation: publisher, title, table */
	const char *url;             /* where the source is published, or NULL */
	const char *licence;         /* licence of the figures, e.g. "OGL-UK-3.0"; "unspecified" for inline factors without one */
	const char *notes;           /* derivation (e.g. the net calorific value used), or NULL */
	const char *library;         /* name of the file (or inventory) it came from */
	unsigned long line, column;  /* where it is defined in that file */
} pcf_factor;

/* A clash: an id defined by an earlier library and redefined by a later one. */
typedef struct pcf_factor_clash {
	const char *id;
	const pcf_factor *winner;    /* the later definition, the one used */
	const pcf_factor *shadowed;  /* the earlier definition, no longer used */
} pcf_factor_clash;

typedef struct pcf_factor_lib pcf_factor_lib;

/* A new empty library in *out (caller frees with pcf_factor_lib_free). PCF_E_NOMEM on failure. */
pcf_status pcf_factor_lib_new(pcf_factor_lib **out, pcf_error *err);

/* Free a library and every factor in it. NULL is allowed. */
void pcf_factor_lib_free(pcf_factor_lib *lib);

/*
 * The data directory: $PCF_DATA_DIR if set and non-empty, else PCF_PKGDATADIR "/data". Static
 * or environment storage; do not free.
 */
const char *pcf_data_dir(void);

/*
 * Load the default library (every DATA_DIR/factors/ *.yaml, sorted by name) on top of lib.
 * Errors: PCF_E_IO when the folder or a file cannot be read, and the errors of
 * pcf_factor_lib_load_file. All problems found are added to diag (may be NULL); err gets the first.
 */
pcf_status pcf_factor_lib_load_default(pcf_factor_lib *lib, pcf_diag *diag, pcf_error *err);

/*
 * Load one library file on top of lib (see precedence above). Every error in the file is added to
 * diag (may be NULL) with file:line:column and key path; err gets the first; on any error lib is
 * left as it was. PCF_E_IO, PCF_E_LIMIT, PCF_E_SYNTAX, PCF_E_INVALID, PCF_E_UNIT.
 */
pcf_status pcf_factor_lib_load_file(pcf_factor_lib *lib, const char *path, pcf_diag *diag, pcf_error *err);

/* As pcf_factor_lib_load_file, from memory; name is used in messages and as pcf_factor.library. */
pcf_status pcf_factor_lib_load_bytes(pcf_factor_lib *lib, const char *name, const void *bytes, size_t len,
                                     pcf_diag *diag, pcf_error *err);

/* The factor with this id (the winning definition), or NULL. Owned by lib. */
const pcf_factor *pcf_factor_lib_find(const pcf_factor_lib *lib, const char *id);

/* Number of distinct ids, and the i-th winning factor in byte order of id; NULL when out of range. */
size_t pcf_factor_lib_count(const pcf_factor_lib *lib);
const pcf_factor *pcf_factor_lib_at(const pcf_factor_lib *lib, size_t i);

/* Number of clashes recorded so far, and the i-th in load order; NULL when out of range. */
size_t pcf_factor_lib_clash_count(const pcf_factor_lib *lib);
const pcf_factor_clash *pcf_factor_lib_clash(const pcf_factor_lib *lib, size_t i);

/*
 * Background processes (docs/inventory-format.md, "Background processes"). An inventory input
 * `background: {library: NAME, process: ID}` is the cradle-to-gate footprint of one process of a
 * process library (pcf/library.h) per unit of its reference product, presented as a factor with
 * per-gas values. The inventory parser names such an input with a factor id (pcf_background_ref.id,
 * "lca:NAME:PROCESS", then ";FLOW=PROCESS" per provider choice by flow, then ";removals=exclude") and asks the factor library's resolver for it; with
 * no resolver set it looks the id up among the library's factors (a file that
 * pcf_inventory_factors_export wrote carries them), so that an inventory computed once can be
 * recomputed from its exported factors without the process library.
 */
typedef struct pcf_background_ref {
	const char *id;                       /* the factor id the inventory gives this input */
	const char *library;                  /* library name as written */
	const char *process;                  /* @id or unambiguous name as written */
	const char *sha256;                   /* the library digest the inventory pins (64 hex), or NULL */
	size_t n_providers;                   /* provider choices for flows with several providers */
	const char *const *provider_flows;    /* flow @ids */
	const char *const *provider_processes;/* process @ids or names */
	int year;                             /* the year the factor is stated for (reporting period end) */
	int exclude_removals;                 /* removals: exclude (the background's CO2 uptake left out) */
} pcf_background_ref;

/*
 * A resolver computes the factor of ref into *out (owned by the resolver, valid until it is
 * freed; the inventory copies it) with id ref->id, or fails with err set (a pcf_status).
 */
typedef pcf_status (*pcf_background_fn)(void *ctx, const pcf_background_ref *ref, const pcf_factor **out,
                                        pcf_error *err);

/*
 * Set (fn NULL: clear) the resolver of background inputs for every inventory parsed with lib. ctx
 * is the resolver's (pcf_lca_background in pcf/lca.h is one) and must outlive the parses; the
 * library does not own it. The resolver is called from the parsing thread only.
 */
void pcf_factor_lib_set_background(pcf_factor_lib *lib, pcf_background_fn fn, void *ctx);
/* The resolver set on lib (NULL when none) and its context. */
pcf_background_fn pcf_factor_lib_background(const pcf_factor_lib *lib, void **ctx);

/*
 * Does the factor match a search word? Case-insensitive substring match on id, name, region,
 * source and unit. Returns 1 or 0.
 */
int pcf_factor_matches(const pcf_factor *factor, const char *word);

/*
 * Write factors[0..n-1] as JSON (UTF-8, deterministic, one trailing newline) into *out (caller
 * frees with free()) and its length into *len: an array of objects when as_array, else the
 * single object factors[0]. Keys: id, name, value, unit, gases {gas: kg per unit}, gwp-set,
 * region, year, source, url, licence, notes, library. PCF_E_NOMEM or PCF_E_ARG on failure.
 */
pcf_status pcf_factors_json(const pcf_factor *const *factors, size_t n, int as_array, char **out, size_t *len,
                            pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
