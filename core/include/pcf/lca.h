/*
 * pcf/lca.h - the footprint of one process of a library with its whole background, and where it
 * comes from (contribution analysis).
 *
 * The supply s of every process the target reaches solves A s = f, A the technosphere matrix of the
 * reached processes (column j: process j's reference amount on its own row, each linked input or
 * waste output on its provider's row, negative for inputs, times its allocation factor), f the
 * requested amount of the target's reference product. Each process's direct GWP100 d (four
 * figures: fossil, biogenic emissions, biogenic removals, direct land-use change) comes from its
 * elementary flows characterised per docs/lca-import.md; the footprint is s . d. The upstream
 * ("total") contribution of process j is y_j times its net output, y solving A^T y = d: the whole
 * footprint of the product j delivers, as openLCA's upstream totals. Solved with SuiteSparse KLU.
 *
 * Ownership: a pcf_lca_result is the caller's (pcf_lca_result_free); it holds pointers into the
 * library, which must outlive it. Text and JSON renderings are new strings the caller frees.
 */
#ifndef PCF_LCA_H
#define PCF_LCA_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/factors.h>
#include <pcf/library.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The user's choice of provider for a flow that several processes make. */
typedef struct pcf_lca_provider_choice {
	const char *flow;     /* flow @id */
	const char *process;  /* process @id (or unambiguous name) among its candidates */
} pcf_lca_provider_choice;

typedef struct pcf_lca_options {
	double amount;                 /* in the target's reference unit; used when has_amount */
	int has_amount;                /* else: 1 unit */
	pcf_lib_alloc_type allocation; /* 0: physical */
	const char *gwp_set;           /* NULL: AR6 */
	const pcf_lca_provider_choice *providers;
	size_t n_providers;
	double cutoff;                 /* upstream tree: expand nodes with |share| >= cutoff (0: 0.01) */
	unsigned max_depth;            /* upstream tree depth (0: 12) */
	size_t top;                    /* processes listed in the text output (0: 10) */
} pcf_lca_options;

/* The footprint figures, kg CO2e for the requested amount. */
typedef struct pcf_lca_footprint {
	double fossil, biogenic_emissions, biogenic_removals, dluc, total;
} pcf_lca_footprint;

typedef struct pcf_lca_result pcf_lca_result;

/*
 * Compute the footprint of process (an @id or an unambiguous name) of lib. Errors: PCF_E_NOTFOUND
 * (no such process), PCF_E_INVALID (ambiguous name; several providers reached and none chosen: the
 * message names the flow, every candidate and the processes that reached it; a bad provider choice;
 * an exchange whose unit could not be converted), PCF_E_SOLVE (singular system, non-finite result),
 * PCF_E_NOMEM, PCF_E_ARG.
 */
pcf_status pcf_lca_compute(const pcf_library *lib, const char *process, const pcf_lca_options *opt,
                           pcf_lca_result **out, pcf_error *err);

const pcf_lca_footprint *pcf_lca_result_footprint(const pcf_lca_result *r);
/* Number of processes in the solved system (the target and everything it reaches). */
size_t pcf_lca_result_process_count(const pcf_lca_result *r);

/* The result as JSON (deterministic) or as text for people. *out is the caller's (free()). */
pcf_status pcf_lca_result_json(const pcf_lca_result *r, char **out, size_t *len, pcf_error *err);
pcf_status pcf_lca_result_text(const pcf_lca_result *r, char **out, size_t *len, pcf_error *err);

void pcf_lca_result_free(pcf_lca_result *r);

/*
 * Background processes as inventory inputs (docs/inventory-format.md, "Background processes"). A
 * pcf_lca_background holds named process libraries and computes, for an inventory's
 * `background: {library: NAME, process: ID}` input, the process's cradle-to-gate emissions per
 * 1 unit of its reference product (physical allocation, the inventory's provider choices) as a
 * factor with per-gas values: id the inventory's (pcf_background_ref.id), library NAME, region the
 * process's location (GLO when it is not a pcfkit region; the location is then in notes), source
 * naming the library's SHA-256, the process and its documentation, notes giving the command that
 * recomputes it. Removals and direct land-use change cannot be carried by a factor: such a
 * process is refused (PCF_E_UNSUPPORTED), as is a net negative amount of a gas, except that
 * removals are left out (and said so in notes) when ref->exclude_removals.
 *
 * Ownership: the caller owns the pcf_lca_background (pcf_lca_background_free) and the libraries
 * added to it, which must outlive it; factors handed out are the pcf_lca_background's and live
 * until it is freed. It may be used from several threads. Use it with pcf_factor_lib_set_background(factors, pcf_lca_background_resolve, bg).
 */
typedef struct pcf_lca_background pcf_lca_background;

/* A new empty set of libraries in *out. PCF_E_NOMEM, PCF_E_ARG. */
pcf_status pcf_lca_background_new(pcf_lca_background **out, pcf_error *err);
/* Add lib (not owned) under name, the name inventories use. Two libraries of one name: PCF_E_INVALID. */
pcf_status pcf_lca_background_add(pcf_lca_background *bg, const char *name, const pcf_library *lib, pcf_error *err);
/*
 * The pcf_background_fn (ctx is a pcf_lca_background): the factor of ref, computed once per id.
 * Errors: PCF_E_NOTFOUND (no library of that name, no such process), PCF_E_INVALID (the library's
 * SHA-256 is not the one ref pins; ambiguous providers; see pcf_lca_compute), PCF_E_UNIT (the
 * reference unit is not a pcfkit unit), PCF_E_UNSUPPORTED (removals, dLUC, negative gas), PCF_E_NOMEM.
 */
pcf_status pcf_lca_background_resolve(void *ctx, const pcf_background_ref *ref, const pcf_factor **out,
                                      pcf_error *err);
/* Number of factors computed so far. */
size_t pcf_lca_background_factor_count(pcf_lca_background *bg);
void pcf_lca_background_free(pcf_lca_background *bg);

#ifdef __cplusplus
}
#endif
#endif
