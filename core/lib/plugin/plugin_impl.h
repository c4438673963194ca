/*
 * plugin_impl.h - internals of the plugin area: loaded plugins, the per-call context behind pcf_ctx,
 * the result being built, and the host services table (not installed).
 */
#ifndef PCF_PLUGIN_IMPL_H
#define PCF_PLUGIN_IMPL_H

#include <stddef.h>

#include <pcf/plugin.h>
#include <pcf/methods.h>

#include "base/error_impl.h"

/* Size of a version 1.0 descriptor: up to and including export_format. */
#define PCFI_PLUGIN_SIZE_1_0 (offsetof(pcf_plugin, export_format) + sizeof(((pcf_plugin *)0)->export_format))
#define PCFI_PARAM_SPEC_SIZE_1_0 (offsetof(pcf_param_spec, description) + sizeof(const char *))
#define PCFI_FORMAT_SPEC_SIZE_1_0 (offsetof(pcf_format_spec, description) + sizeof(const char *))

/* One parameter or format of a plugin, copied at load time (strings stay in the plugin). */
typedef struct pcfi_param {
	const char *name, *values, *default_value, *description;
} pcfi_param;

typedef struct pcfi_format {
	const char *name, *media_type, *extension, *description;
} pcfi_format;

/* A loaded plugin. */
struct pcf_method {
	pcf_plugin desc;            /* the plugin's descriptor, copied and zero-extended to this host's size */
	unsigned abi_major, abi_minor;
	char *path;                 /* as found along the search path */
	char *real;                 /* realpath, to notice the same file twice */
	pcfi_param *params;
	size_t nparams;
	pcfi_format *formats;
	size_t nformats;
};

struct pcf_methods {
	char **dirs;
	size_t ndirs, nexplicit;    /* the first nexplicit came from pcf_methods_add_dir */
	unsigned flags;
	int path_built;
	pcf_method **loaded;        /* every plugin loaded, in load order (owned) */
	size_t nloaded;
	pcf_method **list;          /* pcf_methods_load_all's result, sorted by id (borrowed from loaded) */
	size_t nlist;
	pcf_warning_fn warn;
	void *warn_data;
};

/* ---- the result being built (result.c) ---- */

#include <pcf/result.h>

/* A factor as recorded in a result (copied: the inventory may go before the result). */
typedef struct pcfi_factor_rec {
	char *id, *per, *gwp_set, *region, *source, *licence, *library;
	double value;
	int year;
	size_t ngases;
	char **gases;
	double *gas_values;
} pcfi_factor_rec;

pcf_result *pcfi_result_new(void);
/* Identity of the method, the product and the parameters (set by the host before the plugin runs). */
pcf_status pcfi_result_set_method(pcf_result *r, const char *id, const char *version, const char *standard);
pcf_status pcfi_result_set_product(pcf_result *r, const char *id, const char *name, double amount, const char *unit,
                                   const char *boundary);
pcf_status pcfi_result_add_param(pcf_result *r, const char *name, const char *value);
pcf_status pcfi_result_set_sha256(pcf_result *r, const unsigned char digest[32]);
/* A supplier certificate the result used (result.json "suppliers"); the strings are copied. */
typedef struct pcfi_supplier_rec {
	char *process, *ref, *sha256, *certificate_id, *body, *body_org, *method_id, *method_version;
	double units, total;
	double contribution;   /* the sum of its flows in the plugin's last LCI, per declared unit; NaN: none */
	int verified;
	int unverified;        /* a PACT ProductFootprint (method_id "pact-v2"/"pact-v3"): result.json says "source" */
} pcfi_supplier_rec;
pcf_status pcfi_result_add_supplier(pcf_result *r, const pcfi_supplier_rec *rec);

/* The builder, as the host table exposes it; each fills err on a plugin's misuse. */
pcf_status pcfi_result_set_total(pcf_result *r, double total, const char *unit, pcf_error *err);
pcf_status pcfi_result_set_gwp_set(pcf_result *r, const char *set, pcf_error *err);
pcf_status pcfi_result_set_boundary(pcf_result *r, const char *boundary, pcf_error *err);
pcf_status pcfi_result_set_figure(pcf_result *r, const char *name, double value, pcf_error *err);
pcf_status pcfi_result_add_stage(pcf_result *r, const char *stage, double value, pcf_error *err);
pcf_status pcfi_result_add_gas(pcf_result *r, const char *gas, double co2e, double mass, pcf_error *err);
pcf_status pcfi_result_add_process(pcf_result *r, size_t index, const char *id, const char *name, const char *stage,
                                   double value, pcf_error *err);
pcf_status pcfi_result_set_primary_share(pcf_result *r, double share, pcf_error *err);
pcf_status pcfi_result_set_cutoff_share(pcf_result *r, double share, pcf_error *err);
pcf_status pcfi_result_set_allocation(pcf_result *r, const char *method, const char *note, pcf_error *err);
/* Record a factor (copied; an id already recorded is kept once). */
pcf_status pcfi_result_add_factor(pcf_result *r, const pcfi_factor_rec *f, pcf_error *err);
pcf_status pcfi_result_warn(pcf_result *r, const char *msg, pcf_error *err);

/*
 * Check what the plugin built (required fields, finite numbers, shares in range, breakdowns adding up)
 * and compute the shares. label names the plugin in the message ("plugin example (/x/example.so)").
 */
pcf_status pcfi_result_finish(pcf_result *r, const char *label, pcf_error *err);

/* Read access for host->result_* (index i of list; NULL when out of range). */
const pcfi_factor_rec *pcfi_result_factor_rec(const pcf_result *r, size_t i);
pcf_status pcfi_result_item_ext(const pcf_result *r, int list, size_t i, double *mass, size_t *index);

/* ---- one call of a plugin (host.c, compute.c) ---- */

#include <pcf/compute.h>
#include <pcf/solve.h>

struct pcf_params {
	char **names, **values;
	size_t n;
	pcf_log_fn log;
	void *log_data;
	pcf_supplier_resolver suppliers; /* resolves supplier inputs at parse time (resolve NULL: none) */
};

struct pcf_ctx {
	const pcf_method *method;
	const pcf_inventory *inv;
	const pcf_params *given;      /* as given by the caller (may be NULL) */
	pcf_params *params;           /* checked, with defaults applied (owned) */
	pcf_result *result;           /* being built (compute) or read (export) */
	int exporting;                /* 1 during export_format: the builder is closed */
	pcf_lci *lci;                 /* the last host->lci (owned) */
	const unsigned char *sha256;  /* digest of the inventory bytes, NULL when unknown */
	const pcf_factor_lib *factors;/* for host->factor_find (may be NULL) */
	pcf_error err;                /* the plugin's error (host->error, rule_error) */
	int err_set;
	pcf_error svc_err;            /* the last failed host service call */
	int svc_err_set;
};

/* The parameters as given, checked against m's declarations and completed with its defaults. */
pcf_status pcfi_params_resolve(const pcf_method *m, const pcf_params *given, pcf_params **out, pcf_error *err);
/*
 * pcf_compute_bytes with the SHA-256 of bytes already known (sha256, 32 bytes, computed by the caller
 * from these very bytes, as the bundle reader does), so that it is not computed again; NULL computes it.
 * as_version: the methodology version the result records (recomputing a result of an earlier compatible
 * version, see pcfi_recompute_version_ok); NULL: the plugin's own.
 */
pcf_status pcfi_compute_bytes_digest(const pcf_method *m, const char *as_version, const char *name, const void *bytes,
                                     size_t len, const unsigned char *sha256, const pcf_factor_lib *factors,
                                     const pcf_params *params, pcf_result **out, pcf_inventory **inventory_out,
                                     pcf_diag *diag, pcf_error *err);
void pcfi_ctx_cleanup(pcf_ctx *ctx);
/* The recompute version policy: may a plugin of version installed recompute a result recorded with
 * version recorded? 1 or 0 (compute.c has the rule; docs/trust-model.md states it). */
int pcfi_recompute_version_ok(const char *installed, const char *recorded);

/* The host services table handed to every plugin. */
extern const pcf_host pcfi_host;

/* A check of plugin.h's id grammar: [a-z0-9][a-z0-9-]{0,63} (result.c). */
int pcfi_valid_id(const char *id);

/* "id (path)", to name a plugin in messages. */
const char *pcfi_method_label(const pcf_method *m, char *buf, size_t len);

#endif
