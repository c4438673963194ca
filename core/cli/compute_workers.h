/*
 * compute_workers.h - compute inventories under a methodology plugin in long-lived worker processes, so
 * that a plugin that crashes or hangs fails only the inventory it was computing (used by 'pcf issue').
 *
 * Ownership: the pool borrows everything its configuration points to (method, factor libraries,
 * parameters, formats) until compute_workers_free(); a computation's reply belongs to the caller.
 *
 * Threads and forks: the pool forks while the process may be threaded, and a fork copies the locks other
 * threads hold into the child in their held state. So: make the pool before starting any thread; each
 * thread uses only its own slot; and a thread that calls into a library (reading, signing, writing,
 * allocating) while others may compute does so between compute_workers_enter() and _leave(), which keeps
 * forks out.
 */
#ifndef PCF_CLI_COMPUTE_WORKERS_H
#define PCF_CLI_COMPUTE_WORKERS_H

#include <stddef.h>

#include <pcf/pcf.h>

typedef struct compute_workers compute_workers;

/* What the pool computes with; borrowed, and it must outlive the pool. */
struct compute_config {
	const pcf_method *method;
	const pcf_factor_lib *factors;
	const pcf_params *params;
	const char *const *formats;  /* the exports to make, nformats of them */
	size_t nformats;
	size_t inventory_max;        /* bytes of one inventory, at the most */
	unsigned timeout_s;          /* seconds to compute one inventory, 0: no limit */
	int export_factors;          /* also write the library factors the inventory used (computed.factors) */
	/* 'pcf compute' (one slot): */
	const char *lost;            /* said after a crash or time-out; NULL: "nothing issued for it" (issue) */
	unsigned table_width;        /* > 0: also render the result as a table this wide (computed.table) */
	pcf_log_fn log;              /* the plugin's log messages, replayed in the caller (NULL: dropped) */
	void *log_data;
	/* a failed computation's diagnostics (several parse errors), each handed to this in the caller */
	void (*diag)(void *data, const pcf_error *e);
	void *diag_data;
};

/*
 * What one computation gives a bundle. The strings and bytes point into the reply that
 * compute_workers_compute() hands its caller, and live as long as it. The caller provides the exports
 * and export_lens arrays (nformats entries each) and owns them; the computation fills them in.
 */
struct computed {
	const char *product_id, *product_name, *declared_unit, *method_id, *method_version, *unit, *gwp_set;
	double declared_amount, total, fossil, biogenic_emissions, biogenic_removals, dluc, aircraft;
	const char *result;      /* the result JSON */
	size_t result_len;
	const char **exports;    /* one per format, in the order of the configuration's formats */
	size_t *export_lens;
	const char *factors;     /* with export_factors: the factor library file (pcf_inventory_factors_export) */
	size_t factors_len;
	const char *table;       /* with table_width: the table (pcf_result_table) */
	size_t table_len;
	size_t ndiag;            /* on failure: how many diagnostics were handed to the config's diag */
};

/*
 * Make a pool of nslots slots and fork the worker of each now. Call it before any other thread starts.
 * A slot whose worker cannot be forked is retried on its first computation. *out (free with
 * compute_workers_free) gets the pool; *cfg is copied, what it points to is borrowed. Returns 0, or -1
 * when out of memory (*out is then NULL).
 */
int compute_workers_new(compute_workers **out, const struct compute_config *cfg, size_t nslots);

/*
 * Compute the inventory bytes[0..len) (name: its file name, for messages) in the worker of slot, or in
 * this process when no worker can be made. Each slot is used by one thread at a time; call it outside
 * compute_workers_enter/_leave. On success *out is filled in and points into *reply_out; *reply_out
 * (caller frees with free(), also on failure) may be set either way. Fails with the computation's
 * error in *err, PCF_E_PLUGIN when the worker crashed or ran out of time (a new one is forked for the
 * slot's next inventory), or PCF_E_NOMEM; err must not be NULL.
 */
pcf_status compute_workers_compute(compute_workers *p, size_t slot, const char *name, const char *bytes, size_t len,
                                   struct computed *out, char **reply_out, pcf_error *err);

/*
 * Keep forks out while this thread is inside a library: between compute_workers_enter() and
 * compute_workers_leave() no worker is forked (others may enter at the same time). Not nested, and
 * not around compute_workers_compute().
 */
void compute_workers_enter(compute_workers *p);
void compute_workers_leave(compute_workers *p);

/*
 * Stop every worker (each sees its socket close and exits) and reap it, then free the pool. Call it
 * once the threads that use the pool have ended. NULL is allowed.
 */
void compute_workers_free(compute_workers *p);

#endif
