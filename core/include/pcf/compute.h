/*
 * pcf/compute.h - computing an inventory under a methodology plugin into a pcf_result, exports, and
 * the conformance check of plugins (pcf methods check).
 *
 * Ownership: the caller owns what it creates (pcf_params, pcf_result, bytes through char **out, freed
 * with free()). The method (pcf/methods.h) and the inventory (pcf/inventory.h) are borrowed and must
 * outlive the call; a result does not point into either.
 */
#ifndef PCF_COMPUTE_H
#define PCF_COMPUTE_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/factors.h>
#include <pcf/inventory.h>
#include <pcf/methods.h>
#include <pcf/result.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- methodology parameters (--param NAME=VALUE) and call options ---- */

typedef struct pcf_params pcf_params;

/* A receiver of the plugin's log messages (level 0 debug, 1 info, 2 warning); message valid during the call. */
typedef void (*pcf_log_fn)(void *data, int level, const char *message);

pcf_status pcf_params_new(pcf_params **out, pcf_error *err);
void pcf_params_free(pcf_params *params);
/* Set name=value; the same name twice is PCF_E_ARG. Names are checked against the plugin at compute. */
pcf_status pcf_params_set(pcf_params *params, const char *name, const char *value, pcf_error *err);
/* Parse "NAME=VALUE" (as given to --param) and set it. */
pcf_status pcf_params_parse(pcf_params *params, const char *name_value, pcf_error *err);
size_t pcf_params_count(const pcf_params *params);
/* The i-th name and value, in the order set. */
pcf_status pcf_params_get(const pcf_params *params, size_t i, const char **name, const char **value);
/* Where the plugin's log messages go (default: dropped). */
void pcf_params_set_log(pcf_params *params, pcf_log_fn fn, void *data);
/* How supplier inputs (PCF_INPUT_SUPPLIER) of the inventories computed with params are read (fn NULL:
 * they are not, and computing them fails). fn and arg stay the caller's; not recorded in results.
 * Used by pcf_compute_bytes and pcf_recompute; the verify library provides resolvers
 * (pcf_supplier_policy in pcf/verify.h). */
void pcf_params_set_suppliers(pcf_params *params, pcf_supplier_resolve_fn fn, void *arg);

/* ---- compute ---- */

/*
 * Compute inv under method into a new result (*out, caller frees with pcf_result_free). params may be
 * NULL. The parameters are checked against those the plugin declares (an unknown one is PCF_E_ARG) and
 * its defaults applied; the result records them. Errors: the plugin's own (PCF_E_RULE for a rule of the
 * methodology, with file:line:column of the offending entry and the rule and clause in the message;
 * PCF_E_SOLVE, PCF_E_UNIT ...), or PCF_E_PLUGIN when the plugin returned an invalid result (a non-finite
 * number, a missing field, a breakdown that does not add up; the message names the plugin).
 * The result's inventory digest is empty: use pcf_compute_bytes to bind it to inventory bytes.
 */
pcf_status pcf_compute(const pcf_method *method, const pcf_inventory *inv, const pcf_params *params,
                       pcf_result **out, pcf_error *err);

/*
 * Parse the inventory bytes (name is used in messages; factors resolves library factor ids, may be
 * NULL) and compute them as pcf_compute does, recording the SHA-256 of the bytes in the result. This is
 * what `pcf compute`, `pcf issue` and `pcf verify` (recomputation) use, so that the same bytes give the
 * same result bytes. Parse errors go to diag (may be NULL) and the first to err. When inventory_out is
 * not NULL and parsing succeeded, *inventory_out receives the parsed inventory (caller frees with
 * pcf_inventory_free), e.g. for pcf_export.
 */
pcf_status pcf_compute_bytes(const pcf_method *method, const char *name, const void *bytes, size_t len,
                             const pcf_factor_lib *factors, const pcf_params *params, pcf_result **out,
                             pcf_inventory **inventory_out, pcf_diag *diag, pcf_error *err);

/*
 * Read back the methodology of a result JSON (as pcf_result_json writes it): its id and version (caller
 * frees with free()) and its parameters (*params, caller frees with pcf_params_free), so that a verifier
 * recomputes under the same method and parameters. PCF_E_SYNTAX / PCF_E_INVALID on malformed JSON.
 */
pcf_status pcf_result_json_method(const void *json, size_t len, char **id, char **version, pcf_params **params,
                                  pcf_error *err);

/*
 * Recompute a certificate's result: read the methodology id, version and parameters from result_json,
 * find that plugin in methods (PCF_E_NOTFOUND when it is not installed), refuse a version that cannot
 * recompute the recorded one (PCF_E_VERIFY; the policy of docs/trust-model.md, "Recomputation": same
 * major, the same or a later minor), compute the inventory bytes with factors, recording the result's
 * version, and compare the new result JSON with result_json byte for byte (for a bundle of format 1.2,
 * pass as factors the library of its factors.json alone: pcf verify does). PCF_OK when identical;
 * PCF_E_VERIFY when they differ, with a message giving both totals and the first differing line; the
 * computation's own error when it fails.
 */
pcf_status pcf_recompute(pcf_methods *methods, const char *name, const void *inventory, size_t inventory_len,
                         const void *result_json, size_t result_len, const pcf_factor_lib *factors, pcf_error *err);

/* ---- exports ---- */

/*
 * Produce export `format` (pcf_method_has_format) of the inventory and its result (computed with the
 * same method and params) into *out (caller frees with free()), *len bytes. PCF_E_NOTFOUND when the
 * plugin offers no such format.
 */
pcf_status pcf_export(const pcf_method *method, const char *format, const pcf_inventory *inv,
                      const pcf_result *result, const pcf_params *params, char **out, size_t *len, pcf_error *err);

/* ---- conformance check (pcf methods check) ---- */

/*
 * ---- computing in worker processes (pcf issue, pcf compute) ----
 *
 * A pool computes inventories under one methodology in long-lived worker processes, so that a plugin
 * that crashes or hangs fails only the inventory it was computing (PCF_E_PLUGIN, naming the plugin),
 * and what it prints never reaches the caller's output (a worker's standard streams are /dev/null).
 * The workers come from one process forked when the pool is made (core/lib/plugin/workers.c, the
 * machinery the verifier's recomputation uses too): make the pool before starting any thread, after
 * loading the plugin, factor libraries and parameters, which every worker then has. When no worker
 * can be made, an inventory is computed in the calling process.
 *
 * Ownership: the pool borrows everything its options point to until pcf_compute_pool_free; a
 * computation's reply (char **reply) belongs to the caller (free()), and a pcf_computed points into it.
 */
typedef struct pcf_compute_pool pcf_compute_pool;

/* The version of pcf_compute_pool_options this header describes (pcf_compute_pool_options_init). */
#define PCF_COMPUTE_POOL_OPTIONS_VERSION 2

typedef struct pcf_compute_pool_options {
	unsigned version;            /* PCF_COMPUTE_POOL_OPTIONS_VERSION; 0 (a zeroed struct) counts as 1 */
	const pcf_method *method;
	const pcf_factor_lib *factors;
	const pcf_params *params;
	const char *const *formats;  /* the exports to make, nformats of them */
	size_t nformats;
	size_t inventory_max;        /* bytes of one inventory, at the most */
	unsigned timeout_s;          /* seconds to compute one inventory, 0: no limit */
	const char *lost;            /* said after a crash or time-out; NULL: "nothing issued for it" */
	unsigned table_width;        /* > 0: also render the result as a table this wide (pcf_computed.table) */
	pcf_log_fn log;              /* the plugin's log messages, replayed in the caller (NULL: dropped) */
	void *log_data;
	/* a failed computation's diagnostics (several parse errors), each handed to this in the caller */
	void (*diag)(void *data, const pcf_error *e);
	void *diag_data;
	/* version 2: also write the library factors the inventory used (pcf_inventory_factors_export) into
	 * pcf_computed.factors, what pcf issue puts in a bundle as factors.json (docs/bundle-format.md 4.1) */
	int export_factors;
} pcf_compute_pool_options;

/*
 * What one computation gives a bundle. The strings and bytes point into the reply that
 * pcf_compute_pool_compute hands its caller and live as long as it. The caller provides the exports and
 * export_lens arrays (nformats entries each) and owns them; the computation fills them in.
 */
typedef struct pcf_computed {
	const char *product_id, *product_name, *declared_unit, *method_id, *method_version, *unit, *gwp_set;
	double declared_amount, total, fossil, biogenic_emissions, biogenic_removals, dluc, aircraft;
	const char *result;      /* the result JSON */
	size_t result_len;
	const char **exports;    /* one per format, in the order of the options' formats */
	size_t *export_lens;
	const char *table;       /* with table_width: the table (pcf_result_table) */
	size_t table_len;
	size_t ndiag;            /* on failure: how many diagnostics were handed to the options' diag */
	/* with options of version 2 and export_factors: the factor library file of the library factors the
	 * inventory used (pcf_inventory_factors_export); NULL otherwise (and not touched for version 1) */
	const char *factors;
	size_t factors_len;
} pcf_computed;

/* Zero *opts and set its version (pass PCF_COMPUTE_POOL_OPTIONS_VERSION). PCF_E_ARG for NULL or an unknown version. */
pcf_status pcf_compute_pool_options_init(pcf_compute_pool_options *opts, unsigned version);

/*
 * A pool of nslots slots (at least 1) computing with opts (copied; what it points to is borrowed).
 * Call it before any other thread starts. PCF_E_ARG for a NULL argument, no method or a newer
 * options version; PCF_E_NOMEM when out of memory (*out is then NULL).
 */
pcf_status pcf_compute_pool_new(const pcf_compute_pool_options *opts, size_t nslots, pcf_compute_pool **out,
                                pcf_error *err);

/*
 * Compute the inventory bytes[0..len) (name: its file name, for messages) in the worker of slot (one
 * thread at a time per slot), or in this process when no worker can be made. On success *out is filled
 * in and points into *reply (caller frees with free(), also on failure). Fails with the computation's
 * error in *err, PCF_E_PLUGIN when the worker crashed or ran out of time (a new one serves the slot's
 * next inventory), or PCF_E_NOMEM; err must not be NULL.
 */
pcf_status pcf_compute_pool_compute(pcf_compute_pool *pool, size_t slot, const char *name, const char *bytes,
                                    size_t len, pcf_computed *out, char **reply, pcf_error *err);

/* Stop and reap every worker, then free the pool; after the threads that use it have ended. NULL is allowed. */
void pcf_compute_pool_free(pcf_compute_pool *pool);

/* What one case of a check found. */
typedef enum pcf_check_outcome {
	PCF_CHECK_PASS = 0,
	PCF_CHECK_FAIL = 1,      /* wrong behaviour: an invalid result, no message, non-determinism ... */
	PCF_CHECK_CRASH = 2,     /* the child process died of a signal */
	PCF_CHECK_TIMEOUT = 3    /* the child process did not finish in time (killed) */
} pcf_check_outcome;

/* One case: its name ("describe", "determinism:simple.yaml", "hostile:loop.yaml"), outcome, and why. */
typedef void (*pcf_check_fn)(void *data, const char *case_name, pcf_check_outcome outcome, const char *detail);

/* The version of pcf_check_opts this header describes (pcf_check_opts_init). */
#define PCF_CHECK_OPTS_VERSION 1

typedef struct pcf_check_opts {
	unsigned version;              /* PCF_CHECK_OPTS_VERSION; 0 (a zeroed struct) counts as 1 */
	const char *const *examples;   /* inventory files that must compute, twice, to identical bytes */
	size_t nexamples;
	const char *const *hostile;    /* inventory files that must give a result or a clean error */
	size_t nhostile;
	const pcf_factor_lib *factors; /* may be NULL */
	const pcf_params *params;      /* may be NULL */
	unsigned timeout_ms;           /* per child process; 0: 10000 */
	pcf_check_fn report;           /* called once per case, in order */
	void *report_data;
} pcf_check_opts;

/*
 * Zero *opts and set its version (libgit2's pattern: pass PCF_CHECK_OPTS_VERSION, then set the
 * fields). PCF_E_ARG for NULL or a version this library does not know; opts stays the caller's.
 * pcf_check_plugin refuses options of a version above its own with PCF_E_ARG.
 */
pcf_status pcf_check_opts_init(pcf_check_opts *opts, unsigned version);

/*
 * Run the conformance check of the plugin file at path: load it (refusals are a failed case), check its
 * self-description, then run every example twice and every hostile inventory once, each in its own
 * child process with a timeout, so that a crash or a hang is reported as a failed case. *failed gets
 * the number of cases that did not pass. Returns PCF_OK when the check could run (whatever it found).
 */
pcf_status pcf_check_plugin(const char *path, const pcf_check_opts *opts, size_t *failed, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
