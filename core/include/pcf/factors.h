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
