/*
 * pcf/library.h - pcfkit's process library: a background database (such as the U.S. LCI, imported
 * from openLCA JSON-LD) in a compact, content-addressed binary file.
 *
 * A library is one file whose SHA-256 is its identity (printed by `pcf import`, recorded by what is
 * computed from it). Same input, same bytes: processes and flows are sorted by their @id. It is
 * memory-mapped on load; nothing is parsed. The format is docs/lca-import.md's "Library format".
 *
 * What it holds, per process: @id, name, location, category, source (documentation's publication
 * and sources), its reference exchange; every exchange with its flow, amount in the flow's
 * reference unit (and the amount and unit as written), provider (resolved at import by the rules
 * of docs/lca-import.md: none, one process, or several candidates), uncertainty (converted to the
 * reference unit), pedigree; every allocation factor as written. Per flow: @id, name, type,
 * category path, CAS number, reference unit, and its providers.
 *
 * Ownership: pcf_lca_import writes a file and hands back a report the caller frees (free()).
 * pcf_library_open returns a library the caller closes with pcf_library_close; strings and records
 * from the accessors point into the mapping and live as long as the library.
 */
#ifndef PCF_LIBRARY_H
#define PCF_LIBRARY_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counts of an import, for the report and benchmarks. */
typedef struct pcf_lca_import_stats {
	size_t processes, flows, exchanges, allocation_factors, unit_groups, flow_properties;
	size_t issues;           /* entries in the report's "not-represented" list */
	size_t bytes;            /* size of the library written */
} pcf_lca_import_stats;

/*
 * Import the openLCA JSON-LD export at src (a folder with processes/, flows/, flow_properties/,
 * unit_groups/, categories/, locations/ ..., or a zip of them) into the library file out_path,
 * written atomically (an existing file is PCF_E_EXISTS unless overwrite). digest (32 bytes, may be
 * NULL) gets the library's SHA-256. *report_json (may be NULL; caller frees) gets the report: the
 * counts and everything the library could not represent, by process @id and name. stats may be
 * NULL. Errors: PCF_E_IO, PCF_E_SYNTAX (a file that is not JSON: named, with line:column),
 * PCF_E_INVALID (a required field missing: file and field named), PCF_E_LIMIT, PCF_E_NOMEM,
 * PCF_E_EXISTS.
 */
pcf_status pcf_lca_import_olca(const char *src, const char *out_path, int overwrite, unsigned char digest[32],
                               char **report_json, pcf_lca_import_stats *stats, pcf_error *err);

typedef struct pcf_library pcf_library;

/* Flow types. */
typedef enum pcf_lib_flow_type {
	PCF_LIB_PRODUCT = 1,
	PCF_LIB_WASTE = 2,
	PCF_LIB_ELEMENTARY = 3
} pcf_lib_flow_type;

/* Uncertainty distributions (olca's, plus none). p1..p3 in the flow's reference unit. */
typedef enum pcf_lib_dist {
	PCF_DIST_NONE = 0,
	PCF_DIST_LOGNORMAL = 1, /* p1 geometric mean (sign kept), p2 geometric sd (> 1) */
	PCF_DIST_NORMAL = 2,    /* p1 mean, p2 sd */
	PCF_DIST_TRIANGLE = 3,  /* p1 minimum, p2 mode, p3 maximum */
	PCF_DIST_UNIFORM = 4    /* p1 minimum, p2 maximum */
} pcf_lib_dist;

/* Exchange flags. */
#define PCF_LIB_EX_INPUT 1u
#define PCF_LIB_EX_REFERENCE 2u
#define PCF_LIB_EX_AVOIDED 4u
#define PCF_LIB_EX_UNCONVERTED 8u  /* the unit could not be converted: amount is unusable, note says why */
#define PCF_LIB_EX_PEDIGREE 16u    /* the distribution was derived from the pedigree matrix */

/* Provider of an exchange (pcf_lib_exchange.provider). */
#define PCF_LIB_NO_PROVIDER (-1)
#define PCF_LIB_SEVERAL_PROVIDERS (-2)

/* One process, as the accessors give it. */
typedef struct pcf_lib_process {
	const char *id, *name, *location, *category, *source;
	uint32_t reference;            /* global index of its reference exchange */
	uint32_t first_exchange, n_exchanges;
	uint32_t first_alloc, n_alloc;
	uint32_t n_parameters;         /* process parameters in the export (not evaluated) */
} pcf_lib_process;

typedef struct pcf_lib_flow {
	const char *id, *name, *category, *cas, *unit, *property;
	pcf_lib_flow_type type;
	uint32_t first_provider, n_providers; /* into pcf_library_provider */
} pcf_lib_flow;

typedef struct pcf_lib_exchange {
	const char *id, *unit_written, *formula, *pedigree, *note;
	uint32_t flow;
	uint32_t flags;
	int32_t provider;        /* process index, PCF_LIB_NO_PROVIDER or PCF_LIB_SEVERAL_PROVIDERS */
	pcf_lib_dist dist;
	double amount;           /* in the flow's reference unit */
	double amount_written;   /* in unit_written */
	double p1, p2, p3;
} pcf_lib_exchange;

typedef enum pcf_lib_alloc_type {
	PCF_ALLOC_PHYSICAL = 1,
	PCF_ALLOC_ECONOMIC = 2,
	PCF_ALLOC_CAUSAL = 3
} pcf_lib_alloc_type;

#define PCF_LIB_NONE UINT32_MAX

typedef struct pcf_lib_alloc {
	pcf_lib_alloc_type type;
	uint32_t product;       /* flow index of its product, PCF_LIB_NONE when the factor names none */
	uint32_t exchange;      /* causal: exchange index (global) it names by @id, else PCF_LIB_NONE */
	uint32_t exchange_flow; /* causal: flow index it names, else PCF_LIB_NONE */
	double value;
} pcf_lib_alloc;

/*
 * Open (memory-map) the library at path and check its structure (every offset and index in
 * range, strings terminated); computes its SHA-256. Errors: PCF_E_IO, PCF_E_INVALID (not a library,
 * or a damaged one: what is wrong is named), PCF_E_UNSUPPORTED (a later format version), PCF_E_NOMEM.
 */
pcf_status pcf_library_open(const char *path, pcf_library **out, pcf_error *err);
void pcf_library_close(pcf_library *lib);

/* The SHA-256 of the file (32 bytes) and its lowercase hex form (64 characters). */
const unsigned char *pcf_library_digest(const pcf_library *lib);
const char *pcf_library_digest_hex(const pcf_library *lib);
const char *pcf_library_path(const pcf_library *lib);

size_t pcf_library_process_count(const pcf_library *lib);
size_t pcf_library_flow_count(const pcf_library *lib);
size_t pcf_library_exchange_count(const pcf_library *lib);

/* The records (filled into *out); PCF_E_ARG when the index is out of range. */
pcf_status pcf_library_process(const pcf_library *lib, size_t i, pcf_lib_process *out);
pcf_status pcf_library_flow(const pcf_library *lib, size_t i, pcf_lib_flow *out);
pcf_status pcf_library_exchange(const pcf_library *lib, size_t i, pcf_lib_exchange *out);
pcf_status pcf_library_alloc(const pcf_library *lib, size_t i, pcf_lib_alloc *out);
/* The i-th provider process index of the provider table (pcf_lib_flow.first_provider ...). */
uint32_t pcf_library_provider(const pcf_library *lib, size_t i);

/*
 * Find a process by @id, or else by a name that exactly one process has. PCF_E_NOTFOUND names what
 * was asked; a name several processes share is PCF_E_INVALID listing their @ids.
 */
pcf_status pcf_library_find(const pcf_library *lib, const char *id_or_name, size_t *index, pcf_error *err);
/* Index of a flow by @id (1 and *index), or 0. */
int pcf_library_find_flow(const pcf_library *lib, const char *id, size_t *index);

#ifdef __cplusplus
}
#endif
#endif
