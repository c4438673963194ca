/*
 * pcf/inventory.h - the product inventory a manufacturer writes (YAML, docs/inventory-format.md),
 * parsed strictly and validated into a read-only model.
 *
 * Parsing refuses duplicate keys, tags, anchors and aliases, several documents, unknown keys
 * (except those starting with "x-"), invalid UTF-8, and input beyond the limits below; each error
 * names file:line:column, the key path (processes[2].inputs[0].unit), what was expected and what
 * was found. Validation goes on after an error so that one run reports every problem found.
 *
 * Ownership, once for the whole header: a pcf_inventory owns every struct, array and string it
 * hands out (including copies of the library factors its inputs use, so the factor library may be
 * freed first). They are valid and unchanged until pcf_inventory_free. Nothing returned here is
 * freed by the caller except the inventory itself. An inventory is immutable after parsing and
 * may be read from several threads.
 */
#ifndef PCF_INVENTORY_H
#define PCF_INVENTORY_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/factors.h>
#include <pcf/parse.h>  /* pcf_parse_limits */

#ifdef __cplusplus
extern "C" {
#endif

/* The format version this library reads (top-level key format-version). */
#define PCF_INVENTORY_FORMAT_VERSION 1

/*
 * Distinct background inputs (background: {library, process}; docs/inventory-format.md) one
 * inventory may have: each is a solve of its library process's whole system. More is PCF_E_LIMIT.
 */
#define PCF_INVENTORY_BACKGROUND_MAX 1024

/* Life-cycle stages (key stage). Append-only. */
typedef enum pcf_stage {
	PCF_STAGE_RAW_MATERIAL = 1,  /* raw-material-acquisition */
	PCF_STAGE_PRODUCTION = 2,    /* production */
	PCF_STAGE_DISTRIBUTION = 3,  /* distribution */
	PCF_STAGE_USE = 4,           /* use */
	PCF_STAGE_END_OF_LIFE = 5    /* end-of-life */
} pcf_stage;

/* System boundaries (key boundary). Append-only. */
typedef enum pcf_boundary {
	PCF_BOUNDARY_CRADLE_TO_GATE = 1,
	PCF_BOUNDARY_CRADLE_TO_GRAVE = 2,
	PCF_BOUNDARY_GATE_TO_GATE = 3
} pcf_boundary;

/* The YAML spelling of a stage / boundary ("raw-material-acquisition", "cradle-to-gate"); static. */
const char *pcf_stage_name(pcf_stage stage);
const char *pcf_boundary_name(pcf_boundary boundary);

/* Where something was written: 1-based line and column in the inventory file. */
typedef struct pcf_pos {
	unsigned long line, column;
} pcf_pos;

/* An amount with its unit (canonical symbol, pcf/units.h). present is 0 for an optional quantity not given. */
typedef struct pcf_quantity {
	int present;
	double amount;
	const char *unit;
} pcf_quantity;

/* Data quality of a process (key data-quality). Indicators are 0 when not given, else 1..5 (1 best). */
typedef struct pcf_data_quality {
	int primary;             /* 1 primary (measured at the site), 0 secondary, -1 not stated */
	double technological, temporal, geographical, completeness, reliability;
	const char *notes;       /* or NULL */
} pcf_data_quality;

/* Kinds of input (what supplies it). Append-only. */
typedef enum pcf_input_kind {
	PCF_INPUT_PROCESS = 1,   /* the output of another process of this inventory */
	PCF_INPUT_FACTOR = 2,    /* an emission factor (library id or inline) */
	PCF_INPUT_SUPPLIER = 3   /* a supplier's certificate bundle (key supplier: {bundle: PATH}) */
	/* the older key supplier-footprint stays refused */
} pcf_input_kind;

/* Flags of a supplier's figures (pcf_supplier.flags). */
#define PCF_SUPPLIER_VERIFIED 0x1u      /* the bundle verified under the issuer's supplier trust policy */
#define PCF_SUPPLIER_UNVERIFIED 0x2u    /* unverified secondary data (not a certificate) */
#define PCF_SUPPLIER_REDACTED 0x4u      /* the supplier withheld its inventory */

/*
 * What an inventory knows of a supplier's certificate, per the supplier's declared unit, filled by a
 * supplier resolver (below). Every figure is kg CO2e per declared unit of the supplier's product;
 * biogenic_removals is positive (mass removed). Absent numbers are NaN, absent strings NULL.
 */
typedef struct pcf_supplier {
	const char *sha256;              /* lowercase hex SHA-256 of the bundle's bytes */
	const char *certificate_id;
	const char *body_name;           /* the certification body (signer's common name) */
	const char *body_org;            /* the body's organisation, or NULL */
	const char *methodology_id;
	const char *methodology_version;
	const char *product_id;
	const char *product_name;
	double declared_amount;          /* the supplier's declared unit: amount and unit */
	const char *declared_unit;
	const char *gwp_set;
	double total, fossil, biogenic_emissions, biogenic_removals, dluc, aircraft;
	double primary_share;            /* 0..1 */
	double dq_technological, dq_temporal, dq_geographical, dq_completeness, dq_reliability; /* 1..5 or NaN */
	unsigned flags;                  /* PCF_SUPPLIER_* */
} pcf_supplier;

/*
 * A supplier resolver: given ref (the bundle path as written in the inventory) and path (ref made
 * relative to the inventory file's folder), fill *out (strings owned by the resolver, valid until
 * it returns: the inventory copies them) or fail with err (the status goes into the parse error,
 * with the input's file:line:column). arg is the resolver's own.
 */
typedef pcf_status (*pcf_supplier_resolve_fn)(void *arg, const char *ref, const char *path, pcf_supplier *out,
                                              pcf_error *err);

typedef struct pcf_supplier_resolver {
	pcf_supplier_resolve_fn resolve;
	void *arg;
} pcf_supplier_resolver;

/* One input of a process, per run of the process (i.e. per its reference-flow amount). */
typedef struct pcf_input {
	pcf_input_kind kind;
	const char *name;        /* label as written, or NULL */
	double amount;           /* as written */
	const char *unit;        /* as written (canonical symbol) */
	size_t process;          /* PCF_INPUT_PROCESS: index of the supplying process */
	const pcf_factor *factor;/* PCF_INPUT_FACTOR: the resolved factor (copy owned by the inventory) */
	int inline_factor;       /* 1 when the factor was written inline in the inventory */
	double converted;        /* amount in the supplier's reference-flow unit, or in the factor's unit */
	int aircraft_transport;  /* the input is transport by aircraft (key aircraft-transport) */
	pcf_pos pos;
	/* PCF_INPUT_SUPPLIER: the bundle path as written, the path made relative to the inventory's
	 * folder, and the supplier's figures (NULL when the inventory was parsed without a resolver:
	 * then converted is NaN and the input cannot be computed) */
	const char *supplier_ref;
	int supplier_pact;       /* 1: written supplier: {pact: PATH} (a PACT ProductFootprint JSON file) */
	const char *supplier_path;
	const pcf_supplier *supplier;
} pcf_input;

/* One direct emission per run (key emissions). */
typedef struct pcf_emission {
	const char *gas;         /* canonical gas id (pcf/gwp.h) */
	double amount_kg;        /* kg of gas per run, converted from what was written */
	int land_use_change;     /* 1 when it stems from direct land-use change */
	const char *notes;       /* or NULL */
	pcf_pos pos;
} pcf_emission;

/* One removal per run (key removals): gas taken out of the atmosphere, a positive amount. */
typedef struct pcf_removal {
	const char *gas;         /* canonical gas id: co2-biogenic or co2-fossil (technical removals) */
	double amount_kg;        /* kg removed per run, > 0 */
	const char *notes;
	pcf_pos pos;
} pcf_removal;

/* A co-product per run (key co-products), with what allocation needs. */
typedef struct pcf_coproduct {
	const char *name;
	pcf_quantity quantity;   /* amount + unit produced per run (always present) */
	pcf_quantity mass;       /* total mass per run (mass unit), optional: as written */
	pcf_quantity value;      /* total economic value per run (unit is an ISO 4217 code), optional */
	pcf_pos pos;
} pcf_coproduct;

/* A unit process. */
typedef struct pcf_process {
	const char *id;
	const char *name;
	pcf_stage stage;
	pcf_quantity reference;          /* reference flow per run: amount > 0 and unit */
	pcf_quantity reference_mass;     /* mass of the reference flow per run, optional: as written */
	pcf_quantity reference_value;    /* economic value of the reference flow per run, optional */
	const char *location;            /* ISO 3166-1 alpha-2 or NULL */
	size_t n_inputs;
	const pcf_input *inputs;
	size_t n_emissions;
	const pcf_emission *emissions;
	size_t n_removals;
	const pcf_removal *removals;
	size_t n_coproducts;
	const pcf_coproduct *coproducts;
	pcf_quantity biogenic_carbon;    /* kg C contained in the reference flow per run, optional */
	pcf_data_quality quality;
	int aircraft_transport;          /* the process is transport by aircraft */
	int land_use_change;             /* every emission of the process is from direct land-use change */
	pcf_pos pos;
} pcf_process;

/* The product (key product). */
typedef struct pcf_product {
	const char *id;                  /* URN or manufacturer's identifier */
	const char *name;
	pcf_quantity declared_unit;      /* e.g. 1 t, 1 piece */
	pcf_quantity mass_per_unit;      /* mass per declared unit, optional */
	pcf_quantity biogenic_carbon;    /* kg C per declared unit, optional */
	size_t reference_process;        /* index of the process that makes the product (see below) */
	pcf_pos pos;
} pcf_product;

/* A cut-off exclusion (key exclusions): something left out, with its estimated share of the total. */
typedef struct pcf_exclusion {
	const char *description;
	double estimated_share;          /* fraction of the total footprint, 0..1 */
	const char *justification;       /* or NULL */
	pcf_pos pos;
} pcf_exclusion;

/* An offset claimed by the manufacturer (key offsets). Most methodologies refuse them. */
typedef struct pcf_offset {
	const char *description;
	double amount_kg_co2e;
	const char *scheme;              /* or NULL */
	pcf_pos pos;
} pcf_offset;

/* Everything else at the top level. */
typedef struct pcf_inventory_info {
	int format_version;
	const char *file;                /* the name given to parse/load */
	const char *period_start;        /* reporting-period.start, YYYY-MM-DD */
	const char *period_end;          /* reporting-period.end, YYYY-MM-DD */
	const char *organisation;        /* organisation.name */
	const char *organisation_id;     /* organisation.id or NULL */
	const char *site;                /* site.name or NULL */
	const char *country;             /* site.country, ISO 3166-1 alpha-2 */
	const char *region;              /* site.region or NULL */
	pcf_boundary boundary;
	const char *gwp_set;             /* gwp-set requested by the inventory ("AR6"), or NULL */
	const char *comment;             /* or NULL */
	/* Where the top-level keys' values were written (0:0 when absent), for messages about them. */
	pcf_pos period_pos, site_pos, boundary_pos, gwp_set_pos;
} pcf_inventory_info;

typedef struct pcf_inventory pcf_inventory;

/*
 * Parse an inventory from memory. name is used in messages and as the file name. factors (may be
 * NULL: then any library factor reference is an error) resolves `factor: ID` inputs; it may be
 * freed after this returns. limits may be NULL for the defaults.
 *
 * On success *out is a new inventory (free with pcf_inventory_free). On failure *out is NULL,
 * every problem found is appended to diag (may be NULL) in input order, and err (may be NULL)
 * gets the first. Statuses: PCF_E_LIMIT, PCF_E_SYNTAX (YAML, UTF-8, duplicates, tags, aliases),
 * PCF_E_INVALID (content), PCF_E_UNIT, PCF_E_NOTFOUND (factor or process id),
 * PCF_E_UNSUPPORTED (supplier-footprint), PCF_E_NOMEM.
 *
 * The reference process (pcf_product.reference_process) is product.process when given; else the
 * one process whose output no other process consumes; if there are none or several, that is an
 * error naming the candidates.
 */
pcf_status pcf_inventory_parse(const char *name, const void *bytes, size_t len, const pcf_factor_lib *factors,
                               const pcf_parse_limits *limits, pcf_inventory **out, pcf_diag *diag,
                               pcf_error *err);

/*
 * As pcf_inventory_parse, resolving supplier inputs (PCF_INPUT_SUPPLIER) with suppliers (may be NULL:
 * then they are parsed, but their figures stay NULL). A resolver's failure is an error of the
 * input, at its bundle key, with the resolver's status.
 */
pcf_status pcf_inventory_parse_ex(const char *name, const void *bytes, size_t len, const pcf_factor_lib *factors,
                                  const pcf_parse_limits *limits, const pcf_supplier_resolver *suppliers,
                                  pcf_inventory **out, pcf_diag *diag, pcf_error *err);

/* Number of supplier inputs of inv (all processes), and the i-th in file order (NULL past the end). */
size_t pcf_inventory_supplier_count(const pcf_inventory *inv);
const pcf_input *pcf_inventory_supplier_input(const pcf_inventory *inv, size_t i);

/* As pcf_inventory_parse, reading the file at path (PCF_E_IO when it cannot be read); path "-" reads
 * standard input, within the same max_bytes limit, and names it "stdin" in diagnostics. */
pcf_status pcf_inventory_load(const char *path, const pcf_factor_lib *factors, const pcf_parse_limits *limits,
                              pcf_inventory **out, pcf_diag *diag, pcf_error *err);

/* Free an inventory and everything it owns. NULL is allowed. */
void pcf_inventory_free(pcf_inventory *inv);

/* Read-only views (owned by inv; never NULL for a parsed inventory). */
const pcf_inventory_info *pcf_inventory_get_info(const pcf_inventory *inv);
const pcf_product *pcf_inventory_product(const pcf_inventory *inv);

size_t pcf_inventory_process_count(const pcf_inventory *inv);
/* The i-th process in file order, NULL when out of range. */
const pcf_process *pcf_inventory_process(const pcf_inventory *inv, size_t i);
/* Index of the process with this id into *index; PCF_E_NOTFOUND when there is none. */
pcf_status pcf_inventory_find_process(const pcf_inventory *inv, const char *id, size_t *index);

size_t pcf_inventory_exclusion_count(const pcf_inventory *inv);
const pcf_exclusion *pcf_inventory_exclusion(const pcf_inventory *inv, size_t i);
size_t pcf_inventory_offset_count(const pcf_inventory *inv);
const pcf_offset *pcf_inventory_offset(const pcf_inventory *inv, size_t i);

/*
 * Every distinct factor the inventory uses (library and inline), in order of first use; NULL
 * when out of range. For the result's list of factors and their sources.
 */
size_t pcf_inventory_factor_count(const pcf_inventory *inv);
const pcf_factor *pcf_inventory_factor(const pcf_inventory *inv, size_t i);

/*
 * The library factors inv uses (not the inline ones), in order of first use, as a factor library
 * file named library (format of docs/inventory-format.md, written as JSON, which is YAML), each
 * factor keeping the name of the library it came from. Loading it with pcf_factor_lib_load_bytes
 * gives back the same factors, values bit for bit, so that a bundle can carry exactly the factors
 * its footprint was computed with and a verifier can recompute it without the issuer's libraries.
 * *out is caller-owned (free()). PCF_E_ARG, PCF_E_NOMEM.
 */
pcf_status pcf_inventory_factors_export(const pcf_inventory *inv, const char *library, char **out, size_t *len,
                                        pcf_error *err);

/*
 * A JSON report of validating n files: {"valid": all valid, "files": [{"file", "valid",
 * "errors": [{"file", "line", "column", "path", "status", "message"}]}]}, where diags[i] holds
 * the errors of files[i] (may be NULL: none). Deterministic, one trailing newline; *out is
 * caller-owned (free()). PCF_E_NOMEM or PCF_E_ARG on failure.
 */
pcf_status pcf_validation_json(const char *const *files, const pcf_diag *const *diags, size_t n, char **out,
                               size_t *len, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
