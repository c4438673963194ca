/*
 * plugins/common/cfp.h - the carbon-footprint-of-product engine shared by the iso14067, gbt24067,
 * pas2050 and ghg-product plugins.
 *
 * The four standards compute a footprint the same way (solve the linked processes, characterise
 * every elementary flow with a GWP100 set, report fossil, biogenic, dLUC and aircraft apart) and
 * differ in their rules: which boundaries they accept, how co-products are allocated, what may be
 * cut off, what must be excluded, what a certificate must state. A plugin describes its standard
 * in a cfp_method (static data: rule switches and the clause each rule cites) and calls
 * cfp_compute. This file is compiled into each plugin (it is not a shared library): a plugin sees
 * only <pcf/plugin.h> and the C library.
 */
#ifndef PCF_PLUGINS_CFP_H
#define PCF_PLUGINS_CFP_H

#include <pcf/plugin.h>

/* What happens to offsets claimed in the inventory. */
enum cfp_offsets {
	CFP_OFFSETS_REFUSE = 1,       /* the inventory is refused (ISO 14067, PAS 2050) */
	CFP_OFFSETS_REPORT_APART = 2  /* not counted, reported as an extra figure (GHG Protocol) */
};

/* How cut-off exclusions are judged. */
enum cfp_cutoff {
	CFP_CUTOFF_CRITERION = 1,     /* the sum of shares must not exceed the stated criterion (param cut-off) */
	CFP_CUTOFF_MATERIALITY = 2,   /* each below 1 %, coverage at least 95 % (PAS 2050 6.3) */
	CFP_CUTOFF_JUSTIFIED = 3      /* any share, each one justified (GHG Protocol chapter 7) */
};

/* Recycling handling (GHG Protocol Product Standard, chapter 9). */
enum cfp_recycling {
	CFP_RECYCLING_NONE = 0,       /* co-products of end-of-life processes are allocated like any other */
	CFP_RECYCLING_DECLARED = 1    /* param recycling: recycled-content or closed-loop */
};

typedef struct cfp_method {
	const char *id;               /* plugin id */
	const char *standard;         /* e.g. "ISO 14067:2018" */

	/* Clause citations, one per rule (used in rule errors and notes). */
	const char *cl_boundary;      /* boundary and stages in it */
	const char *cl_gwp;           /* characterisation */
	const char *cl_offsets;
	const char *cl_allocation;
	const char *cl_cutoff;
	const char *cl_report;        /* separate reporting of fossil, biogenic, dLUC, aircraft */

	int allow_gate_to_gate;       /* gate-to-gate accepted (as a partial footprint) */
	int gate_includes_delivery;   /* cradle-to-gate also admits stage distribution (PAS 2050 B2B: up to the
	                                 business customer) */
	int cradle_to_gate_intermediate; /* cradle-to-gate only for intermediate products (param product-kind) */
	enum cfp_offsets offsets;
	enum cfp_cutoff cutoff;
	const char *allocation_default;  /* "physical" (ISO 14044 hierarchy) or "economic" (PAS 2050 clause 8) */
	enum cfp_recycling recycling;

	int china_label;              /* GB/T 24067 label checks: site in CN, period <= 1 year, CN grid factors */
	const char *cl_label;

	int pas_exclusions;           /* PAS 2050: capital goods, human energy, consumer transport, animals providing
	                                 transport; dLUC over 20 years; food and feed biogenic CO2 (5.4) */
	const char *cl_exclusions;
	const char *cl_dluc;
	const char *cl_recycling;
	const char *cl_chp;           /* PAS 2050 8.5: CHP allocation (params chp-electricity, chp-heat) */

	const char *fig_tech_removals;   /* the figure of non-biogenic removals (reported apart from fossil emissions,
	                                    counted in the total); NULL: "technological-removals" */
} cfp_method;

/* Compute the footprint of the inventory in ctx under m into ctx's result. */
pcf_status cfp_compute(const cfp_method *m, const pcf_host *host, pcf_ctx *ctx);

#endif
