/*
 * pcf/solve.h - the supply of each linked process, and the life-cycle inventory it implies.
 *
 * The supply s (how many runs of each process make the declared unit) solves A*s = f, where
 *   A[i][i] = reference-flow amount of process i,
 *   A[j][i] = -(amount of j's output that one run of i consumes, in j's reference-flow unit),
 *   f[r]    = the declared-unit amount, in the reference flow's unit, for the reference process r
 *             (pcf_product.reference_process), 0 elsewhere.
 * A consumption of a process by itself adds to the diagonal (A[i][i] = ref - self use). The
 * system is solved with SuiteSparse KLU. Loops are fine; a system that cannot be solved is
 * PCF_E_SOLVE naming the processes involved: a process whose self use is at least its output, a
 * loop with no net output (singular matrix), a negative supply, or a non-finite result.
 *
 * The life-cycle inventory lists every elementary flow scaled by supply: per process, per gas,
 * with its origin (direct emission, removal, factor id) and category, so that a methodology only
 * characterises and applies its rules.
 *
 * Ownership: pcf_solve writes into the caller's array. A pcf_lci is owned by the caller (free
 * with pcf_lci_free); its flows point into the inventory (gas ids, factors), so the inventory
 * must outlive it.
 */
#ifndef PCF_SOLVE_H
#define PCF_SOLVE_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/inventory.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Solve the supply of every process of inv into supply[0..n-1], n == pcf_inventory_process_count
 * (else PCF_E_ARG). Deterministic: same inventory, same bits. Errors: PCF_E_SOLVE (message names
 * the processes), PCF_E_NOMEM, PCF_E_ARG.
 */
pcf_status pcf_solve(const pcf_inventory *inv, double *supply, size_t n, pcf_error *err);

/*
 * As pcf_solve, with what one run of each process i consumes (its inputs from other processes and
 * its self use) scaled by scale[i] >= 0: a methodology's allocation share for a process with
 * co-products, or 0 for a process it cuts out. scale may be NULL (all 1); it stays the caller's.
 */
pcf_status pcf_solve_scaled(const pcf_inventory *inv, const double *scale, double *supply, size_t n,
                            pcf_error *err);

/* Where an elementary flow comes from. Append-only. */
typedef enum pcf_flow_origin {
	PCF_ORIGIN_DIRECT = 1,   /* a direct emission of the process (pcf_process.emissions) */
	PCF_ORIGIN_REMOVAL = 2,  /* a removal of the process (pcf_process.removals) */
	PCF_ORIGIN_FACTOR = 3,   /* an input carried by an emission factor */
	PCF_ORIGIN_SUPPLIER = 4  /* a supplier's certificate (PCF_INPUT_SUPPLIER): one "co2e" flow per part
	                            of its result, in the order fossil, biogenic emissions, biogenic
	                            removals (negative), dLUC, aircraft */
} pcf_flow_origin;

/*
 * What a flow counts as, for the separate reporting most standards require. Exclusive, chosen in
 * this order: AIRCRAFT (process or input aircraft-transport), LAND_USE_CHANGE (emission or process flag),
 * BIOGENIC (gas co2-biogenic or ch4-non-fossil, or any removal of co2-biogenic), FOSSIL
 * (everything else, co2e factors included). Append-only.
 */
typedef enum pcf_flow_category {
	PCF_CATEGORY_FOSSIL = 1,
	PCF_CATEGORY_BIOGENIC = 2,
	PCF_CATEGORY_LAND_USE_CHANGE = 3,
	PCF_CATEGORY_AIRCRAFT = 4
} pcf_flow_category;

/* One elementary flow of the life-cycle inventory. */
typedef struct pcf_lci_flow {
	size_t process;              /* index of the process it belongs to */
	pcf_flow_origin origin;
	size_t index;                /* index into the process's emissions, removals or inputs */
	const char *gas;             /* canonical gas id, or "co2e" for a CO2e factor */
	double amount_kg;            /* kg of gas (kg CO2e for "co2e") for the declared unit: positive
	                                for emissions, NEGATIVE for removals */
	const pcf_factor *factor;    /* PCF_ORIGIN_FACTOR: the factor, else NULL */
	const char *gwp_set;         /* for "co2e": the set the factor used, else NULL */
	pcf_flow_category category;
	int biogenic;                /* the gas is biogenic (co2-biogenic, ch4-non-fossil) */
	int primary;                 /* the process's data quality says primary (supplier flows: 0) */
	const pcf_supplier *supplier;/* PCF_ORIGIN_SUPPLIER: the supplier's figures, else NULL */
	int removal;                 /* a removal (PCF_ORIGIN_REMOVAL, or a supplier's biogenic removals) */
	double primary_share;        /* primary ? 1 : 0, or the supplier's primary-data share */
} pcf_lci_flow;

typedef struct pcf_lci pcf_lci;

/*
 * Build the life-cycle inventory of inv for the supply computed by pcf_solve (n entries). Flows
 * come in process order, then emissions, removals, inputs in file order, then gases in factor
 * order (a supplier input: its five parts); flows with a zero amount are kept. *out is caller-owned
 * (pcf_lci_free). PCF_E_UNSUPPORTED when a supplier input was parsed without a supplier resolver.
 */
pcf_status pcf_lci_build(const pcf_inventory *inv, const double *supply, size_t n, pcf_lci **out, pcf_error *err);

size_t pcf_lci_count(const pcf_lci *lci);
/* The i-th flow, owned by lci; NULL when out of range. */
const pcf_lci_flow *pcf_lci_flow_at(const pcf_lci *lci, size_t i);
void pcf_lci_free(pcf_lci *lci);

/*
 * Everything `pcf validate` checks about one file: pcf_inventory_load, then, when that succeeds,
 * pcf_solve (a solver error gets the file's name). Every error is appended to diag (may be NULL),
 * the first also to err. *nprocesses (may be NULL) gets the number of processes (0 when the
 * file did not parse). Returns the first status, PCF_OK when the inventory is valid.
 */
pcf_status pcf_inventory_validate(const char *path, const pcf_factor_lib *factors, const pcf_parse_limits *limits,
                                  size_t *nprocesses, pcf_diag *diag, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
