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

/* What one case of a check found. */
typedef enum pcf_check_outcome {
	PCF_CHECK_PASS = 0,
	PCF_CHECK_FAIL = 1,      /* wrong behaviour: an invalid result, no message, non-determinism ... */
	PCF_CHECK_CRASH = 2,     /* the child process died of a signal */
	PCF_CHECK_TIMEOUT = 3    /* the child process did not finish in time (killed) */
} pcf_check_outcome;

/* One case: its name ("describe", "determinism:simple.yaml", "hostile:loop.yaml"), outcome, and why. */
typedef void (*pcf_check_fn)(void *data, const char *case_name, pcf_check_outcome outcome, const char *detail);

typedef struct pcf_check_opts {
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
