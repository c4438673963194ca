/*
 * lca_impl.h - internals shared by the lca module's files (not installed).
 */
#ifndef PCF_LCA_IMPL_H
#define PCF_LCA_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/lca.h>
#include <pcf/library.h>

/* Geometric sd from five pedigree scores (1..5) and a basic uncertainty (a geometric sd, >= 1). */
double pcfi_pedigree_gsd(const int score[5], double base);
/* Parse "(a;b;c;d;e)". 0, or -1 when malformed. */
int pcfi_pedigree_parse(const char *s, int score[5]);

/* How an elementary flow counts for GWP100 (lca-import.md "Characterisation"). */
typedef enum pcfi_flow_class {
	PCFI_FC_NONE = 0,        /* not a greenhouse gas, or not to air */
	PCFI_FC_FOSSIL = 1,      /* fossil (or no-origin CO2/CH4, N2O, halocarbons) */
	PCFI_FC_BIOGENIC = 2,    /* biogenic CO2, non-fossil CH4 */
	PCFI_FC_REMOVAL = 3,     /* CO2 uptake (resource "Carbon dioxide, in air") */
	PCFI_FC_DLUC = 4,        /* "land transformation" */
	PCFI_FC_UNMATCHED = 5    /* greenhouse-gas-like flow that stays unmatched (listed) */
} pcfi_flow_class;

typedef struct pcfi_flow_char {
	pcfi_flow_class cls;
	const char *gas;   /* canonical gas id (static) or NULL */
	double gwp;        /* kg CO2e per kg of the flow's reference unit (0 when unmatched) */
	int no_origin;     /* CO2/CH4 with no origin, counted as fossil */
	const char *why;   /* for UNMATCHED: why (static) */
} pcfi_flow_char;

struct pcf_gwp_set;
/* Classify one flow of lib (name, category path, CAS, unit) under set. */
void pcfi_flow_characterise(const pcf_lib_flow *f, const struct pcf_gwp_set *set, pcfi_flow_char *out);

/* The raw exchange record count and pointer access for hot loops (library.c). */
typedef struct pcfi_lib_view {
	const void *exch;  /* pcfi_lib_exch_rec[n_exch] */
} pcfi_lib_view;

#endif

/* ---- the solved system of one library process (compute.c; Monte Carlo reuses it) ---- */

/* What one reached exchange does. */
typedef enum pcfi_entry_kind {
	PCFI_EN_LINK = 1,      /* a matrix entry: Ax[pos] += coef * amount */
	PCFI_EN_IMPACT = 2,    /* d[col*4 + cat] += coef * amount (coef includes the GWP and the sign) */
	PCFI_EN_CUTOFF = 3,    /* no provider: listed */
	PCFI_EN_COPRODUCT = 4, /* non-reference product output (or unlinked waste input): ignored, listed */
	PCFI_EN_UNMATCHED = 5, /* greenhouse-gas-like flow left unmatched: listed */
	PCFI_EN_OTHER = 6      /* another elementary flow: not characterised */
} pcfi_entry_kind;

typedef struct pcfi_entry {
	uint32_t exchange;   /* global exchange index */
	uint32_t col;        /* local process */
	uint32_t kind;
	uint32_t pos;        /* LINK: index into Ax; IMPACT: category 0..3 */
	double coef;         /* sign x allocation factor (x GWP for IMPACT) */
	double amount;       /* the amount as stored (reference unit) */
} pcfi_entry;

typedef struct pcfi_lca_system {
	const pcf_library *lib;
	size_t m, nnz;
	uint32_t *proc;      /* local -> library process index */
	int *Ap, *Ai;
	double *Ax;          /* assembled from the entries */
	double *d;           /* m x 4 direct impacts per run */
	pcfi_entry *en;
	size_t nen;
	double demand;       /* f at the target (local 0) */
	pcfi_flow_char *fc;  /* per library flow */
	char **notes;
	size_t nnotes;
	pcf_lca_provider_choice *chosen; /* choices used (pointers into the options/library) */
	size_t nchosen;
} pcfi_lca_system;

/* Assemble Ax and d from the entries' amounts (amounts may have been redrawn). */
void pcfi_lca_assemble(pcfi_lca_system *s);
/* Find process in lib and build its system (s->demand in the reference unit). Free with pcfi_lca_system_free. */
pcf_status pcfi_lca_prepare(const pcf_library *lib, const char *process, const pcf_lca_options *o,
                            pcfi_lca_system *s, pcf_error *err);
void pcfi_lca_system_free(pcfi_lca_system *s);

/* kg of one gas over the solved system, for the requested amount (pcfi_lca_result_gases). */
typedef struct pcfi_gas_kg {
	const char *gas;   /* canonical gas id (static) */
	double kg;
} pcfi_gas_kg;
/*
 * The kg of each gas of the fossil and biogenic emissions of r (removals and dLUC are not in it),
 * in order of first use, into *out (caller frees); *cutoffs and *unmatched count the cut-off and
 * unmatched entries with a non-zero amount. PCF_E_NOMEM.
 */
pcf_status pcfi_lca_result_gases(const pcf_lca_result *r, pcfi_gas_kg **out, size_t *n, size_t *cutoffs,
                                 size_t *unmatched, pcf_error *err);
