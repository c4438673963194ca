/*
 * pcf/plugin.h - the methodology plugin ABI. This is the only header a plugin author needs.
 *
 * A methodology plugin is a shared object that exports exactly one symbol, pcf_plugin_entry. The host
 * (libpcf) calls it once, right after dlopen, with a table of host services; the plugin answers with a
 * descriptor saying who it is and where its functions are. Everything else crosses through those two
 * tables. A plugin links neither libpcf nor OpenSSL nor libarchive: build it with
 *
 *     cc $(pkg-config --cflags pcf) -shared -fPIC -Wl,-z,defs -o ID.so ID.c
 *
 * OWNERSHIP, the one rule: whatever crosses the boundary by `**out` (or `*out` for bytes) is owned by
 * the host. Strings and handles the host gives the plugin stay valid until the plugin's function returns
 * and must not be freed or written; bytes the plugin hands back (an export) are allocated with
 * host->alloc and the host frees them. The descriptor the plugin hands back is static data in the plugin:
 * the host copies it and never frees or unloads it (plugins stay loaded until the process ends).
 *
 * VERSIONING: every struct that crosses starts with a pcf_abi header {major, minor, size}, and only
 * grows at its end. The host refuses a plugin built for another major, or for a newer minor than it
 * knows, or whose descriptor is smaller than version 1.0's. A plugin built for an older minor keeps
 * working: the host reads only the `size` bytes the plugin declared and treats the rest as absent.
 * Structs the host fills for the plugin (the *_info structs) work the other way round: the plugin
 * sets abi (PCF_ABI_INIT), the host fills only the fields that fit in abi.size.
 *
 * DETERMINISM: same inventory, same parameters, same plugin version: same result, byte for byte.
 * A certificate is verified by recomputing it. Do not read clocks, the environment, files, random
 * numbers, addresses or thread timing; iterate in inventory order; sum in a fixed order.
 *
 * ERRORS: every function that can fail returns pcf_status (PCF_OK == 0). A plugin that fails calls
 * host->error (or host->rule_error when the inventory breaks one of its methodology's rules) and
 * returns the status that call returns. A plugin never prints, exits or aborts.
 *
 * Numbers: doubles; an absent optional number in an *_info struct is NaN (test with isnan).
 */
#ifndef PCF_PLUGIN_H
#define PCF_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes. The major changes only when an existing field changes meaning. */
#define PCF_PLUGIN_ABI_MAJOR 1
#define PCF_PLUGIN_ABI_MINOR 2
/* The minor versions, and what each added (every addition is marked "since 1.N" where it is declared):
 *   1.0  the first ABI
 *   1.1  host services: string builder (sb_*), calendar dates (date_check, date_rfc3339), plain
 *        decimals (format_decimal); see the end of struct pcf_host
 *   1.2  supplier certificates as inputs: input kind and flow origin PCF_FROM_SUPPLIER, host service
 *        supplier_info (struct pcf_supplier_info)
 * A plugin built for 1.N is only ever loaded by a host of minor >= N (the loader refuses newer minors),
 * so it may call every service of 1.N without testing host->abi.minor. A plugin that wants to run on
 * older hosts too builds for the older minor and tests host->abi.minor before calling a newer service. */

#if defined(__GNUC__)
#define PCF_PLUGIN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PCF_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define PCF_PLUGIN_PRINTF(f, a)
#define PCF_PLUGIN_EXPORT
#endif

/* The header of every struct that crosses the boundary. */
typedef struct pcf_abi {
	uint32_t major;  /* PCF_PLUGIN_ABI_MAJOR of the side that made the struct */
	uint32_t minor;  /* PCF_PLUGIN_ABI_MINOR of the side that made the struct */
	uint64_t size;   /* sizeof the struct as that side knew it */
} pcf_abi;

/* Initialiser for the abi header of a struct of type T: `pcf_process_info p = { .abi = PCF_ABI_INIT(p) };` */
#define PCF_ABI_INIT(obj) { PCF_PLUGIN_ABI_MAJOR, PCF_PLUGIN_ABI_MINOR, sizeof(obj) }

/* "No process": for host->rule_error about something that is not inside a process. */
#define PCF_NO_PROCESS ((size_t)-1)

/* Opaque handles, owned by the host. */
typedef struct pcf_ctx pcf_ctx;         /* one call of the plugin: inventory, parameters, result, errors */
typedef struct pcf_factor pcf_factor;   /* an emission factor (from a library or inline in the inventory) */
typedef struct pcf_jw pcf_jw;           /* a deterministic JSON writer (for exports) */
typedef struct pcf_sb pcf_sb;           /* a growing string (since 1.1) */

/* The widest plain decimal host->format_decimal writes, with its NUL (since 1.1). */
#define PCF_DECIMAL_MAX 400

/* ---------------------------------------------------------------------------------------------
 * What the plugin describes about itself
 * ------------------------------------------------------------------------------------------- */

/* A methodology parameter, given on the command line as --param NAME=VALUE. */
typedef struct pcf_param_spec {
	pcf_abi abi;
	const char *name;          /* [a-z0-9][a-z0-9-]*, e.g. "allocation" */
	const char *values;        /* what it accepts, for people: "physical|economic", "number in [0,1]" */
	const char *default_value; /* used when not given; NULL: the parameter is absent unless given */
	const char *description;   /* one line */
} pcf_param_spec;

/* An export format a plugin offers (pcf compute --format NAME, bundle exports). */
typedef struct pcf_format_spec {
	pcf_abi abi;
	const char *name;          /* [a-z0-9][a-z0-9.-]*, e.g. "pact-v2" */
	const char *media_type;    /* e.g. "application/json" */
	const char *extension;     /* file name extension without the dot, e.g. "json" */
	const char *description;   /* one line */
} pcf_format_spec;

typedef struct pcf_host pcf_host;

/*
 * The plugin's descriptor, handed back by pcf_plugin_entry. Static data in the plugin.
 * Version 1.0 ends with export_format; the host refuses a smaller struct.
 */
typedef struct pcf_plugin {
	pcf_abi abi;                /* PCF_ABI_INIT(the descriptor) */
	const char *id;             /* [a-z0-9][a-z0-9-]{0,63}; the file is installed as ID.so */
	const char *version;        /* version of this implementation, e.g. "1.0.0"; recorded in results */
	const char *title;          /* one line, e.g. "ISO 14067:2018 carbon footprint of products" */
	const char *standard;       /* the standard and its edition, e.g. "ISO 14067:2018" */
	const char *clause;         /* the clauses implemented, e.g. "6.3-6.5, 7.2" */
	const char *licence;        /* SPDX licence of the plugin, e.g. "Apache-2.0" */
	const char *description;    /* a paragraph: scope, boundary, rules, what is refused */
	const pcf_param_spec *const *params;   /* NULL-terminated array, or NULL: no parameters */
	const pcf_format_spec *const *formats; /* NULL-terminated array, or NULL: no export formats */

	/*
	 * Compute the footprint of the inventory in ctx into ctx's result, through the result builder
	 * functions of host. Returns PCF_OK, or the status returned by host->error / host->rule_error.
	 */
	pcf_status (*compute)(const pcf_host *host, pcf_ctx *ctx);

	/*
	 * Optional (NULL when formats is NULL): write the export `format` (one of formats' names) of the
	 * inventory and the result in ctx (the result this plugin computed, read through host->result_*).
	 * On PCF_OK, *out holds *out_len bytes allocated with host->alloc (or host->jw_finish); the host
	 * owns and frees them.
	 */
	pcf_status (*export_format)(const pcf_host *host, pcf_ctx *ctx, const char *format, void **out,
	                            size_t *out_len);
} pcf_plugin;

/* ---------------------------------------------------------------------------------------------
 * What the host lets the plugin read (filled by the host; the plugin sets abi = PCF_ABI_INIT(x))
 * Strings are host-owned and valid until the plugin's function returns; NULL when absent.
 * ------------------------------------------------------------------------------------------- */

/*
 * Names used throughout, as strings so that the lists can grow: boundaries "cradle-to-gate",
 * "cradle-to-grave", "gate-to-gate"; life-cycle stages "raw-material-acquisition", "production",
 * "distribution", "use", "end-of-life"; gases by canonical id "co2-fossil", "co2-biogenic",
 * "ch4-fossil", "ch4-non-fossil", "n2o", "sf6", "nf3", "hfc-134a", "cf4" ... (host->gwp knows them).
 */

/* The product and the study. */
typedef struct pcf_product_info {
	pcf_abi abi;
	const char *id;              /* e.g. "urn:gtin:04012345000016" */
	const char *name;
	double declared_amount;      /* the declared unit: amount and unit, e.g. 1 "kg" */
	const char *declared_unit;
	double mass_per_unit;        /* kg per declared unit, NaN when not given */
	double biogenic_carbon;      /* kg C per declared unit, NaN when not given */
	const char *boundary;        /* "cradle-to-gate", "cradle-to-grave", "gate-to-gate" */
	const char *period_start;    /* reporting period, "YYYY-MM-DD" */
	const char *period_end;
	const char *organisation;
	const char *organisation_id; /* NULL when not given */
	const char *site;            /* NULL when not given */
	const char *country;         /* ISO 3166-1 alpha-2 of the production site */
	const char *region;          /* optional subdivision, NULL when not given */
	const char *gwp_set;         /* the GWP set the inventory asks for ("AR5"), NULL when it does not */
	size_t reference_process;    /* index of the process whose reference flow is the product */
	size_t process_count;
	size_t exclusion_count;      /* cut-off exclusions (host->exclusion) */
	size_t offset_count;         /* offsets claimed (host->offset); most methodologies refuse them */
} pcf_product_info;

/* Flags on processes and inputs. */
#define PCF_FLAG_AIRCRAFT 0x1u          /* transport by aircraft */
#define PCF_FLAG_LAND_USE_CHANGE 0x2u   /* emissions from direct land-use change */

/* A unit process. */
typedef struct pcf_process_info {
	pcf_abi abi;
	const char *id;
	const char *name;
	const char *stage;           /* a stage name (see above) */
	double amount;               /* reference flow produced per run: amount and unit */
	const char *unit;
	double mass;                 /* kg of the reference flow per run (physical allocation), NaN when not given */
	double value;                /* economic value of the reference flow per run, NaN when not given */
	const char *currency;        /* ISO 4217 code of value, NULL when not given */
	double biogenic_carbon;      /* kg C in the reference flow per run, NaN when not given */
	const char *location;        /* ISO 3166-1 alpha-2, NULL when not given */
	int primary;                 /* data quality: 1 primary, 0 secondary, -1 not stated */
	double dq_technological;     /* data-quality indicators 1..5 (1 best), NaN when not given */
	double dq_temporal;
	double dq_geographical;
	double dq_completeness;
	double dq_reliability;
	unsigned flags;              /* PCF_FLAG_* */
	size_t input_count;
	size_t emission_count;
	size_t removal_count;
	size_t coproduct_count;
} pcf_process_info;

#define PCF_FROM_PROCESS 1       /* input supplied by another process of the inventory */
#define PCF_FROM_FACTOR 2        /* input characterised by an emission factor */
/* Input supplied by a supplier's verified certificate (since 1.2; read it with host->supplier_info).
 * It is 5, not 3: input kinds and flow origins share the PCF_FROM_* numbers, and 3 and 4 are
 * PCF_FROM_DIRECT and PCF_FROM_REMOVAL. A host of ABI 1.0/1.1 never hands it out. */
#define PCF_FROM_SUPPLIER 5

/* An input of a process, per run of the process. */
typedef struct pcf_input_info {
	pcf_abi abi;
	int kind;                    /* PCF_FROM_PROCESS, PCF_FROM_FACTOR or (since 1.2) PCF_FROM_SUPPLIER */
	const char *name;            /* what it is, for people (may be NULL) */
	double amount;               /* as written */
	const char *unit;
	double converted;            /* amount in the supplier's reference-flow unit, or in the factor's unit;
	                                PCF_FROM_SUPPLIER: in declared units of the supplier's product */
	size_t process;              /* PCF_FROM_PROCESS: index of the supplying process */
	const pcf_factor *factor;    /* PCF_FROM_FACTOR: the factor (read with host->factor_info) */
	int inline_factor;           /* 1 when the factor was written inline in the inventory */
	unsigned flags;              /* PCF_FLAG_* */
} pcf_input_info;

/* A direct emission of one gas per run of the process. */
typedef struct pcf_emission_info {
	pcf_abi abi;
	const char *gas;             /* canonical gas id */
	double amount;               /* kg of gas per run */
	unsigned flags;              /* PCF_FLAG_LAND_USE_CHANGE */
} pcf_emission_info;

/* A removal per run of the process: gas taken out of the atmosphere (a positive amount). */
typedef struct pcf_removal_info {
	pcf_abi abi;
	const char *gas;             /* "co2-biogenic", or "co2-fossil" for technical removals */
	double amount;               /* kg removed per run, > 0 */
} pcf_removal_info;

/* A co-product per run of the process (leaves the system; allocation shares burdens with it). */
typedef struct pcf_coproduct_info {
	pcf_abi abi;
	const char *name;
	double amount;
	const char *unit;
	double mass;                 /* kg per run, NaN when not given */
	double value;                /* economic value per run, NaN when not given */
	const char *currency;        /* ISO 4217 code of value, NULL when not given */
} pcf_coproduct_info;

/* A cut-off exclusion the inventory declares: something left out and its estimated share. */
typedef struct pcf_exclusion_info {
	pcf_abi abi;
	const char *description;
	double share;                /* estimated share of the total footprint, 0..1 */
	const char *justification;   /* NULL when not given */
} pcf_exclusion_info;

/* An offset the manufacturer claims. */
typedef struct pcf_offset_info {
	pcf_abi abi;
	const char *description;
	double amount;               /* kg CO2e */
	const char *scheme;          /* NULL when not given */
} pcf_offset_info;

/* Where an elementary flow of the life-cycle inventory comes from. */
#define PCF_FROM_DIRECT 3        /* a direct emission (host->emission) */
#define PCF_FROM_REMOVAL 4       /* a removal (host->removal) */
/* and PCF_FROM_FACTOR (2): an input carried by an emission factor, and (since 1.2) PCF_FROM_SUPPLIER
 * (5): a part of a supplier's certificate, gas "co2e", one flow per part in the order fossil
 * (PCF_FLOW_FOSSIL), biogenic emissions and biogenic removals (negative; both PCF_FLOW_BIOGENIC),
 * dLUC (PCF_FLOW_LAND_USE_CHANGE), aircraft (PCF_FLOW_AIRCRAFT); index is the input's; factor NULL */

/* What a flow counts as (exclusive, in this order of precedence). */
#define PCF_FLOW_AIRCRAFT 4           /* the process or the input is aircraft transport */
#define PCF_FLOW_LAND_USE_CHANGE 3    /* direct land-use change */
#define PCF_FLOW_BIOGENIC 2           /* co2-biogenic, ch4-non-fossil, or a biogenic removal */
#define PCF_FLOW_FOSSIL 1             /* everything else, CO2e factors included */

/* One elementary flow of the life-cycle inventory, scaled to the declared unit (host->lci_flow). */
typedef struct pcf_flow_info {
	pcf_abi abi;
	size_t process;              /* the process it belongs to */
	int origin;                  /* PCF_FROM_DIRECT, PCF_FROM_REMOVAL, PCF_FROM_FACTOR or PCF_FROM_SUPPLIER */
	size_t index;                /* index into the process's emissions, removals or inputs */
	const char *gas;             /* canonical gas id, or "co2e" for a factor given in CO2e */
	double amount;               /* kg of gas (kg CO2e for "co2e") per declared unit; negative for removals */
	const pcf_factor *factor;    /* PCF_FROM_FACTOR: the factor, else NULL */
	const char *gwp_set;         /* for "co2e": the set the factor used, else NULL */
	int category;                /* PCF_FLOW_* */
	int biogenic;                /* the gas is biogenic */
	int primary;                 /* the process's data are primary */
	/* since 1.2 */
	int removal;                 /* a removal: origin PCF_FROM_REMOVAL, or a supplier's biogenic removals */
	double primary_share;        /* share of the flow from primary data: 1 or 0 after `primary` for the
	                                inventory's own flows, the supplier's primary-data share for supplier flows */
} pcf_flow_info;

/* Flags of a supplier (pcf_supplier_info.flags, since 1.2). */
#define PCF_SUPPLIER_FLAG_VERIFIED 0x1u     /* its bundle verified under the issuer's supplier trust policy */
#define PCF_SUPPLIER_FLAG_UNVERIFIED 0x2u   /* unverified secondary data (not a certificate) */
#define PCF_SUPPLIER_FLAG_REDACTED 0x4u     /* the supplier withheld its inventory */

/*
 * A supplier's certificate used as an input (host->supplier_info, since 1.2). Figures are per declared
 * unit of the supplier's product, in kg CO2e; biogenic_removals is positive (mass removed); whether each
 * part counts in the supplier's total was the supplier's methodology's rule.
 */
typedef struct pcf_supplier_info {
	pcf_abi abi;
	const char *ref;             /* the bundle path as written in the inventory */
	const char *sha256;          /* lowercase hex SHA-256 of the bundle */
	const char *certificate_id;
	const char *body_name;       /* the certification body that signed it */
	const char *body_org;        /* NULL when not given */
	const char *methodology_id;  /* e.g. "iso14067" */
	const char *methodology_version;
	const char *product_id;
	const char *product_name;
	double declared_amount;      /* the supplier's declared unit, e.g. 1 "t" */
	const char *declared_unit;
	const char *gwp_set;         /* the supplier's GWP set */
	double total;
	double fossil;
	double biogenic_emissions;
	double biogenic_removals;
	double dluc;
	double aircraft;
	double primary_share;        /* 0..1 */
	double dq_technological;     /* data-quality indicators 1..5, NaN when not known */
	double dq_temporal;
	double dq_geographical;
	double dq_completeness;
	double dq_reliability;
	unsigned flags;              /* PCF_SUPPLIER_FLAG_* */
	double units;                /* declared units of the supplier's product per run of the process */
} pcf_supplier_info;

/* An emission factor. */
typedef struct pcf_factor_info {
	pcf_abi abi;
	const char *id;              /* library id (inline factors get one from the inventory) */
	const char *name;            /* what it characterises, for people */
	double value;                /* kg CO2e per `per` unit when given in CO2e; for one gas, its kg; else NaN */
	const char *per;             /* the unit of the flow it characterises, e.g. "kWh" */
	const char *gwp_set;         /* the GWP set of value, NULL when the source does not say */
	size_t gas_count;            /* per-gas values (read with host->factor_gas), 0 when CO2e only */
	const char *region;
	int year;                    /* 0 when not given */
	const char *source;          /* citation */
	const char *url;             /* NULL when not given */
	const char *licence;
	const char *library;         /* the file name (without folders) of its library, or the inventory's */
} pcf_factor_info;

/* A GWP set. */
typedef struct pcf_gwp_set_info {
	pcf_abi abi;
	const char *name;            /* "AR6" */
	const char *title;           /* "IPCC AR6 WG1 (2021), GWP100" */
	int horizon;                 /* years */
	const char *source;
} pcf_gwp_set_info;

/* The figures of a result, for exports (filled by host->result_info). */
typedef struct pcf_result_info {
	pcf_abi abi;
	double total;                /* per declared unit */
	const char *unit;            /* e.g. "kg CO2e" */
	const char *gwp_set;
	const char *boundary;
	double fossil;
	double biogenic_emissions;
	double biogenic_removals;    /* positive number: mass CO2e removed */
	double dluc;
	double aircraft;
	double primary_share;        /* in [0,1] */
	double cutoff_share;         /* in [0,1] */
	const char *allocation;      /* allocation method used */
	size_t stage_count;
	size_t gas_count;
	size_t process_count;
	size_t factor_count;
	size_t warning_count;
} pcf_result_info;

/* Breakdown lists of a result, for host->result_item. */
#define PCF_RESULT_STAGES 1
#define PCF_RESULT_GASES 2
#define PCF_RESULT_PROCESSES 3
#define PCF_RESULT_FIGURES 4     /* extra named figures set with host->set_figure */

typedef struct pcf_item_info {
	pcf_abi abi;
	const char *name;            /* stage, gas, process id, or figure name */
	double value;                /* CO2e per declared unit (gases: CO2e; figures: as set) */
	double share;                /* value / total, NaN when total is 0 (not for figures) */
	double mass;                 /* gases: mass of the gas, NaN when not given */
	size_t process;              /* processes: index in the inventory */
} pcf_item_info;

/* Log levels for host->log. */
#define PCF_LOG_DEBUG 0
#define PCF_LOG_INFO 1
#define PCF_LOG_WARNING 2

/* ---------------------------------------------------------------------------------------------
 * The host services table. Functions only ever get added at the end.
 * ------------------------------------------------------------------------------------------- */
struct pcf_host {
	pcf_abi abi;

	/* -- errors, logging, memory -- */

	/* Record the reason this call fails (printf format; lowercase, no final full stop, what failed then
	 * why) and return status, which the plugin returns. */
	pcf_status (*error)(pcf_ctx *ctx, pcf_status status, const char *fmt, ...) PCF_PLUGIN_PRINTF(3, 4);
	/*
	 * The inventory breaks a rule of this methodology: record it and return PCF_E_RULE. rule is a short
	 * name ("no-offsets"), clause where the standard says so ("ISO 14067:2018 6.3.9"), process the
	 * offending process (PCF_NO_PROCESS if none), field the offending entry inside it or at top level
	 * ("inputs[2]", "emissions[0]", "removals[1]", "co-products[0]"; at top level "offsets[0]",
	 * "exclusions[1]", "product", "boundary", "gwp-set", "site", "reporting-period"; may be NULL). The
	 * host adds the entry's file:line:column.
	 */
	pcf_status (*rule_error)(pcf_ctx *ctx, const char *rule, const char *clause, size_t process,
	                         const char *field, const char *fmt, ...) PCF_PLUGIN_PRINTF(6, 7);
	/* A message for the user (shown with pcf -v); not part of the result. */
	void (*log)(pcf_ctx *ctx, int level, const char *fmt, ...) PCF_PLUGIN_PRINTF(3, 4);
	/* The host's allocator (for bytes handed to the host). alloc(0) returns a unique pointer. */
	void *(*alloc)(size_t size);
	void *(*realloc)(void *p, size_t size);
	void (*free)(void *p);

	/* -- parameters (--param NAME=VALUE, checked against the descriptor, defaults applied) -- */

	/* The value of parameter name, or NULL when neither given nor defaulted. Host-owned. */
	const char *(*param)(pcf_ctx *ctx, const char *name);

	/* -- the inventory, read-only -- */

	pcf_status (*product)(pcf_ctx *ctx, pcf_product_info *out);
	pcf_status (*process)(pcf_ctx *ctx, size_t process, pcf_process_info *out);
	/* Index of the process with this id, PCF_E_NOTFOUND when none. */
	pcf_status (*process_find)(pcf_ctx *ctx, const char *id, size_t *out);
	pcf_status (*input)(pcf_ctx *ctx, size_t process, size_t i, pcf_input_info *out);
	pcf_status (*emission)(pcf_ctx *ctx, size_t process, size_t i, pcf_emission_info *out);
	pcf_status (*removal)(pcf_ctx *ctx, size_t process, size_t i, pcf_removal_info *out);
	pcf_status (*coproduct)(pcf_ctx *ctx, size_t process, size_t i, pcf_coproduct_info *out);
	pcf_status (*exclusion)(pcf_ctx *ctx, size_t i, pcf_exclusion_info *out);
	pcf_status (*offset)(pcf_ctx *ctx, size_t i, pcf_offset_info *out);

	/* -- units -- */

	/* Convert value from unit `from` to unit `to`; PCF_E_UNIT (with a message) when the dimensions
	 * differ or a unit is unknown. */
	pcf_status (*convert)(pcf_ctx *ctx, double value, const char *from, const char *to, double *out);

	/* -- GWP sets -- */

	/* The GWP of gas in set (e.g. "AR6"); PCF_E_NOTFOUND for an unknown set or gas. */
	pcf_status (*gwp)(pcf_ctx *ctx, const char *set, const char *gas, double *out);
	pcf_status (*gwp_set_info)(pcf_ctx *ctx, const char *set, pcf_gwp_set_info *out);

	/* -- emission factors -- */

	/* Look a factor up by id in the libraries of this call (inventory's own, --factors, default). */
	pcf_status (*factor_find)(pcf_ctx *ctx, const char *id, const pcf_factor **out);
	pcf_status (*factor_info)(pcf_ctx *ctx, const pcf_factor *factor, pcf_factor_info *out);
	/* The i-th per-gas value of factor: *gas (host-owned) and *value (mass of gas per `per` unit, kg). */
	pcf_status (*factor_gas)(pcf_ctx *ctx, const pcf_factor *factor, size_t i, const char **gas, double *value);
	/*
	 * The factor's value in kg CO2e per `per` unit under GWP set `set`: the per-gas values characterised
	 * with set when the factor has them, else its stated CO2e value (with a warning in the result when
	 * its own GWP set differs from set).
	 */
	pcf_status (*factor_co2e)(pcf_ctx *ctx, const pcf_factor *factor, const char *set, double *out);

	/* -- the linked-process system -- */

	/*
	 * Solve A s = f for the supply s: supply[i] is how many runs of process i make the declared unit
	 * (A[i][i] = reference amount of i, A[j][i] = -(what one run of i takes from j), f = the declared
	 * unit on the reference process). supply is the plugin's array of n == process_count doubles.
	 * scale (NULL: 1 everywhere) multiplies every input of process i by scale[i] >= 0: the allocation
	 * share, i.e. the fraction of i's burdens its reference flow carries when i has co-products (pass
	 * the same scale to lci). Loops are fine; a system that cannot be solved is PCF_E_SOLVE naming
	 * the processes involved.
	 */
	pcf_status (*solve)(pcf_ctx *ctx, const double *scale, double *supply, size_t n);
	/*
	 * The life-cycle inventory for a supply (from solve): every elementary flow of process i scaled by
	 * supply[i] and scale[i] (NULL: 1), in process order, then emissions, removals, inputs, then gases
	 * in factor order. lci replaces ctx's previous one; lci_count and lci_flow read it.
	 */
	pcf_status (*lci)(pcf_ctx *ctx, const double *supply, const double *scale, size_t n);
	size_t (*lci_count)(pcf_ctx *ctx);
	pcf_status (*lci_flow)(pcf_ctx *ctx, size_t i, pcf_flow_info *out);

	/* -- the result builder (compute) -- */

	/* The total per declared unit and its unit (e.g. "kg CO2e"). Required. */
	pcf_status (*set_total)(pcf_ctx *ctx, double total, const char *unit);
	/* The GWP set used (must be known to the host). Required. */
	pcf_status (*set_gwp_set)(pcf_ctx *ctx, const char *set);
	/* The boundary applied ("cradle-to-gate" ...). Defaults to the inventory's. */
	pcf_status (*set_boundary)(pcf_ctx *ctx, const char *boundary);
	/*
	 * A named figure in the unit of the total. Required: "fossil", "biogenic-emissions",
	 * "biogenic-removals" (positive), "dluc", "aircraft". Others are kept as extra figures in the order
	 * set (e.g. "direct", "indirect"). Setting the same name twice is an error.
	 */
	pcf_status (*set_figure)(pcf_ctx *ctx, const char *name, double value);
	/* Breakdown lines; each list must add up to the total (within 1e-9 relative, 1e-12 absolute).
	 * Adding the same stage, gas or process twice adds to its line. */
	pcf_status (*add_stage)(pcf_ctx *ctx, const char *stage, double value);
	pcf_status (*add_gas)(pcf_ctx *ctx, const char *gas, double co2e, double mass);
	pcf_status (*add_process)(pcf_ctx *ctx, size_t process, double value);
	/* Shares in [0,1]. Required: primary-data share. cut-off share defaults to 0. */
	pcf_status (*set_primary_share)(pcf_ctx *ctx, double share);
	pcf_status (*set_cutoff_share)(pcf_ctx *ctx, double share);
	/* The allocation method used ("none", "physical", "economic", "system-expansion", ...) and a note
	 * (may be NULL). Required. */
	pcf_status (*set_allocation)(pcf_ctx *ctx, const char *method, const char *note);
	/* Record a factor as used (listed once, with its source, however often added). */
	pcf_status (*add_factor)(pcf_ctx *ctx, const pcf_factor *factor);
	/* A warning carried in the result (e.g. "process x has no data-quality rating"). */
	pcf_status (*warn)(pcf_ctx *ctx, const char *fmt, ...) PCF_PLUGIN_PRINTF(2, 3);

	/* -- the result, read back (export_format) -- */

	pcf_status (*result_info)(pcf_ctx *ctx, pcf_result_info *out);
	/* The i-th item of list (PCF_RESULT_*). */
	pcf_status (*result_item)(pcf_ctx *ctx, int list, size_t i, pcf_item_info *out);
	/* The i-th factor the result lists (as recorded: sorted by id in the JSON, here in order added). */
	pcf_status (*result_factor)(pcf_ctx *ctx, size_t i, pcf_factor_info *out);

	/* -- helpers for deterministic exports -- */

	/* SHA-256 of the inventory's bytes as submitted (32 bytes into out). */
	pcf_status (*inventory_sha256)(pcf_ctx *ctx, unsigned char out[32]);
	/* SHA-256 of data. */
	pcf_status (*sha256)(pcf_ctx *ctx, const void *data, size_t len, unsigned char out[32]);
	/* v in the shortest form that reads back to the same double, as JSON writes it ("0.1", "1e-07").
	 * buf of at least 32 bytes. */
	pcf_status (*format_number)(pcf_ctx *ctx, double v, char *buf, size_t len);

	/* A JSON writer: two-space indent, keys in the order written, round-trip numbers. */
	pcf_jw *(*jw_new)(pcf_ctx *ctx);
	void (*jw_begin_object)(pcf_jw *w);
	void (*jw_end_object)(pcf_jw *w);
	void (*jw_begin_array)(pcf_jw *w);
	void (*jw_end_array)(pcf_jw *w);
	void (*jw_key)(pcf_jw *w, const char *key);
	void (*jw_string)(pcf_jw *w, const char *s);   /* NULL writes null */
	void (*jw_number)(pcf_jw *w, double v);        /* non-finite makes jw_finish fail */
	void (*jw_int)(pcf_jw *w, int64_t v);
	void (*jw_bool)(pcf_jw *w, int v);
	void (*jw_null)(pcf_jw *w);
	/* Finish and free w: on PCF_OK *out (host->alloc'd, NUL-terminated) holds *out_len bytes. */
	pcf_status (*jw_finish)(pcf_jw *w, void **out, size_t *out_len);
	/* Free w without output. */
	void (*jw_free)(pcf_jw *w);

	/* ---- ABI 1.1 ------------------------------------------------------------------------------ */

	/* -- a string builder (since 1.1): for descriptions, notes, names to hash -- */

	/* A new, empty string; NULL when out of memory (the other sb_* accept NULL and do nothing, and
	 * sb_status reports it). The plugin frees it with sb_free. */
	pcf_sb *(*sb_new)(pcf_ctx *ctx);
	/* Append printf-formatted text. A failure (out of memory) latches: later appends do nothing. */
	void (*sb_printf)(pcf_sb *b, const char *fmt, ...) PCF_PLUGIN_PRINTF(2, 3);
	/* Append len bytes of s (may hold any byte but NUL). */
	void (*sb_append)(pcf_sb *b, const char *s, size_t len);
	/* The text so far, NUL-terminated ("" when empty or after a failure); valid until the next append
	 * or sb_free. */
	const char *(*sb_str)(const pcf_sb *b);
	size_t (*sb_len)(const pcf_sb *b);
	/* PCF_OK, or PCF_E_NOMEM (recorded as the call's error, "out of memory") when an append failed or
	 * b is NULL. */
	pcf_status (*sb_status)(pcf_sb *b);
	void (*sb_free)(pcf_sb *b);

	/* -- calendar dates (since 1.1), the proleptic Gregorian calendar, years 0001-9999 -- */

	/* 1 when s is exactly "YYYY-MM-DD" and a real date (2023-02-29 is not), filling the non-NULL
	 * year, month, day; else 0. Needs no context and records no error. */
	int (*date_check)(const char *s, int *year, int *month, int *day);
	/* The RFC 3339 instant "YYYY-MM-DDT00:00:00Z" of date plus add_days (which may be negative):
	 * add_days 1 gives the end of that day. PCF_E_INVALID when date fails date_check or the result
	 * leaves years 0001-9999, PCF_E_ARG when buf is shorter than 21 bytes. */
	pcf_status (*date_rfc3339)(pcf_ctx *ctx, const char *date, int add_days, char *buf, size_t len);

	/* -- plain decimals (since 1.1) -- */

	/* v as a plain decimal: the shortest digits that read back to the same double (as format_number),
	 * with any exponent written out ("1e-07" is "0.0000001", "1e+21" is "1000000000000000000000") and
	 * -0 as "0". PCF_E_INVALID for a non-finite v, PCF_E_ARG when len < PCF_DECIMAL_MAX. */
	pcf_status (*format_decimal)(pcf_ctx *ctx, double v, char *buf, size_t len);

	/* ---- ABI 1.2 ------------------------------------------------------------------------------ */

	/* -- supplier certificates (since 1.2) -- */

	/* The supplier of input i of process (whose kind is PCF_FROM_SUPPLIER); PCF_E_ARG for any other
	 * input. Strings are host-owned, valid until the plugin's function returns. */
	pcf_status (*supplier_info)(pcf_ctx *ctx, size_t process, size_t i, pcf_supplier_info *out);
};

/*
 * The one symbol a plugin exports. Called once after loading, with the host's services (valid for the
 * life of the process) and the host's ABI major. A plugin built for another major returns
 * PCF_E_PLUGIN without touching *out; otherwise it sets *out to its static descriptor and returns
 * PCF_OK. It must not call any host service that needs a pcf_ctx here.
 */
PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);

/* The type of pcf_plugin_entry, for the host's dlsym. */
typedef pcf_status (*pcf_plugin_entry_fn)(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);

#ifdef __cplusplus
}
#endif
#endif
