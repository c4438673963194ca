/*
 * inventory.c - the inventory model: the YAML format (docs/inventory-format.md) checked field by
 * field into read-only structs, then the links between processes and factors resolved and every
 * amount converted into the unit its supplier or factor is expressed in.
 *
 * Checking goes on after an error so that `pcf validate` reports every problem at once; links
 * are resolved only between parts that were themselves valid, so one typo gives one message.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcf/file.h>
#include <pcf/gwp.h>
#include <pcf/inventory.h>
#include <pcf/units.h>

#include "inventory/countries.h"
#include "inventory/factors_impl.h"
#include "base/fsutil.h"
#include "base/jsonw.h"
#include "base/strmap.h"
#include "inventory/units_impl.h"
#include "inventory/validate.h"
#include "inventory/ytree.h"

struct pcf_inventory {
	pcfi_arena arena;
	pcf_inventory_info info;
	pcf_product product;
	pcf_process *processes;
	size_t nprocesses;
	pcf_exclusion *exclusions;
	size_t nexclusions;
	pcf_offset *offsets;
	size_t noffsets;
	const pcf_factor **factors;
	unsigned char *factor_inline;   /* 1 when factors[i] was written inline */
	size_t nfactors, capfactors;
	const pcf_input **suppliers;    /* the supplier inputs in file order */
	size_t nsuppliers;
	pcfi_strmap ids;       /* process id -> index */
	pcfi_strmap factor_ids;/* factor id -> index into factors */
};

static const char *const stage_names[] = {
	"raw-material-acquisition", "production", "distribution", "use", "end-of-life", NULL
};
static const char *const boundary_names[] = { "cradle-to-gate", "cradle-to-grave", "gate-to-gate", NULL };
static const char *const gwp_names[] = { "AR4", "AR5", "AR6", NULL };

const char *pcf_stage_name(pcf_stage stage)
{
	return stage >= 1 && stage <= 5 ? stage_names[stage - 1] : "unknown";
}

const char *pcf_boundary_name(pcf_boundary b)
{
	return b >= 1 && b <= 3 ? boundary_names[b - 1] : "unknown";
}

static const char *const top_keys[] = {
	"format-version", "product", "reporting-period", "organisation", "site", "boundary", "gwp-set", "comment",
	"processes", "exclusions", "offsets", NULL
};
static const char *const product_keys[] = {
	"id", "name", "declared-unit", "mass-per-declared-unit", "biogenic-carbon-content", "process", "comment", NULL
};
static const char *const period_keys[] = { "start", "end", NULL };
static const char *const org_keys[] = { "name", "id", NULL };
static const char *const site_keys[] = { "name", "country", "region", NULL };
static const char *const process_keys[] = {
	"id", "name", "stage", "reference-flow", "location", "inputs", "emissions", "removals", "co-products",
	"biogenic-carbon-content", "data-quality", "aircraft-transport", "land-use-change", "comment", NULL
};
static const char *const refflow_keys[] = { "amount", "unit", "mass", "economic-value", NULL };
static const char *const quantity_keys[] = { "amount", "unit", NULL };
static const char *const input_keys[] = {
	"process", "factor", "supplier", "supplier-footprint", "background", "name", "amount", "unit",
	"aircraft-transport", "comment", NULL
};
static const char *const background_keys[] = { "library", "process", "sha256", "providers", "removals", NULL };
static const char *const background_removals[] = { "exclude", NULL };
static const char *const supplier_keys[] = { "bundle", "pact", NULL };
static const char *const emission_keys[] = { "gas", "amount", "unit", "land-use-change", "comment", NULL };
static const char *const removal_keys[] = { "gas", "amount", "unit", "comment", NULL };
static const char *const coproduct_keys[] = { "name", "amount", "unit", "mass", "economic-value", "comment", NULL };
static const char *const dq_keys[] = {
	"type", "technological", "temporal", "geographical", "completeness", "reliability", "comment", NULL
};
static const char *const exclusion_keys[] = { "description", "estimated-share", "justification", NULL };
static const char *const offset_keys[] = { "description", "amount", "unit", "scheme", NULL };

typedef struct parser {
	pcfi_vctx v;
	pcf_inventory *inv;
	const pcf_factor_lib *lib;
	const pcf_parse_limits *lim;
	const pcfi_ynode **proc_nodes;   /* the YAML node of each process */
	size_t link_errors;              /* references that did not resolve */
	unsigned char *proc_ok;          /* 1 when the process's own fields were valid */
	size_t n_background;             /* distinct background inputs resolved (PCF_INVENTORY_BACKGROUND_MAX) */
	const pcf_supplier_resolver *suppliers; /* or NULL */
} parser;

/* A {amount, unit} mapping under key; flags for the amount, dim for the unit (NONE: any). */
static int quantity(parser *p, const pcfi_ynode *map, const char *key, int required, int flags, pcf_dimension dim,
                    pcf_quantity *out)
{
	const pcfi_ynode *n = pcfi_v_get(&p->v, map, key, required);
	size_t old, before = p->v.nerrors;

	memset(out, 0, sizeof *out);
	if (!n)
		return 0;
	old = pcfi_v_push_key(&p->v, key);
	if (pcfi_v_is_map(&p->v, n, "a quantity {amount, unit}")) {
		pcfi_v_keys(&p->v, n, quantity_keys);
		pcfi_v_number(&p->v, n, "amount", 1, flags, &out->amount);
		pcfi_v_unit(&p->v, n, "unit", 1, dim, &out->unit);
	}
	pcfi_v_pop(&p->v, old);
	out->present = p->v.nerrors == before;
	return out->present;
}

static int country(parser *p, const pcfi_ynode *map, const char *key, int required, const char **out)
{
	if (!pcfi_v_string(&p->v, map, key, required, out))
		return 0;
	if (!pcfi_country_valid(*out)) {
		size_t old = pcfi_v_push_key(&p->v, key);
		pcfi_v_err(&p->v, pcfi_ymap_get(map, key), PCF_E_INVALID,
		           "expected an ISO 3166-1 alpha-2 country code (e.g. CN, DE), found '%.40s'", *out);
		pcfi_v_pop(&p->v, old);
		*out = NULL;
		return 0;
	}
	return 1;
}

/*
 * A product id that is a URN must be well formed (RFC 8141: urn:NID:NSS); a urn:gtin: id must be
 * a GTIN-8, -12, -13 or -14 with the right check digit. Returns NULL or what is wrong.
 */
static const char *product_id_problem(const char *id, char *buf, size_t len)
{
	const char *nid, *nss;
	size_t nidlen, i, n;

	if (strncasecmp(id, "urn:", 4))
		return NULL; /* the manufacturer's own scheme */
	nid = id + 4;
	nss = strchr(nid, ':');
	nidlen = nss ? (size_t)(nss - nid) : 0;
	if (!nss || nidlen < 2 || nidlen > 32 || !isalnum((unsigned char)nid[0]))
		return "a URN is urn:NAMESPACE:ID, with a namespace of 2 to 32 letters, digits or hyphens";
	for (i = 0; i < nidlen; i++)
		if (!isalnum((unsigned char)nid[i]) && nid[i] != '-')
			return "a URN is urn:NAMESPACE:ID, with a namespace of 2 to 32 letters, digits or hyphens";
	nss++;
	if (!*nss)
		return "a URN needs an identifier after its namespace";
	for (i = 0; nss[i]; i++)
		if ((unsigned char)nss[i] <= ' ')
			return "a URN cannot contain spaces or control characters";
	if (nidlen == 4 && !strncasecmp(nid, "gtin", 4)) {
		unsigned sum = 0, check;
		n = strlen(nss);
		if (n != 8 && n != 12 && n != 13 && n != 14)
			return "a GTIN has 8, 12, 13 or 14 digits";
		for (i = 0; i < n; i++)
			if (!isdigit((unsigned char)nss[i]))
				return "a GTIN has only digits";
		for (i = 0; i + 1 < n; i++)
			sum += (unsigned)(nss[n - 2 - i] - '0') * (i % 2 == 0 ? 3 : 1);
		check = (10 - sum % 10) % 10;
		if ((unsigned)(nss[n - 1] - '0') != check) {
			snprintf(buf, len, "the GTIN's check digit is %c, but its digits give %u", nss[n - 1], check);
			return buf;
		}
	}
	return NULL;
}

static void parse_product(parser *p, const pcfi_ynode *n)
{
	pcf_product *pr = &p->inv->product;
	size_t old = pcfi_v_push_key(&p->v, "product");

	if (pcfi_v_is_map(&p->v, n, "the product")) {
		pr->pos.line = n->line;
		pr->pos.column = n->col;
		pcfi_v_keys(&p->v, n, product_keys);
		if (pcfi_v_string(&p->v, n, "id", 1, &pr->id)) {
			char why[96];
			const char *problem = product_id_problem(pr->id, why, sizeof why);
			if (problem) {
				size_t o2 = pcfi_v_push_key(&p->v, "id");
				pcfi_v_err(&p->v, pcfi_ymap_get(n, "id"), PCF_E_INVALID, "expected a URN or your own identifier, "
				           "found '%.80s': %s", pr->id, problem);
				pcfi_v_pop(&p->v, o2);
			}
		}
		pcfi_v_string(&p->v, n, "name", 1, &pr->name);
		quantity(p, n, "declared-unit", 1, PCFI_V_POSITIVE, PCF_DIM_NONE, &pr->declared_unit);
		quantity(p, n, "mass-per-declared-unit", 0, PCFI_V_POSITIVE, PCF_DIM_MASS, &pr->mass_per_unit);
		quantity(p, n, "biogenic-carbon-content", 0, PCFI_V_NONNEG, PCF_DIM_MASS, &pr->biogenic_carbon);
		{
			const char *c;
			pcfi_v_string(&p->v, n, "comment", 0, &c);
		}
		if (pr->declared_unit.present && pcfi_unit_dimension(pr->declared_unit.unit) == PCF_DIM_CURRENCY) {
			size_t o2 = pcfi_v_push_key(&p->v, "declared-unit");
			pcfi_v_err(&p->v, pcfi_ymap_get(n, "declared-unit"), PCF_E_UNIT,
			           "expected a physical declared unit, found the currency %s", pr->declared_unit.unit);
			pcfi_v_pop(&p->v, o2);
			pr->declared_unit.present = 0;
		}
	}
	pcfi_v_pop(&p->v, old);
}

static void parse_context(parser *p, const pcfi_ynode *root)
{
	pcf_inventory_info *info = &p->inv->info;
	const pcfi_ynode *n;
	size_t old;
	int e;

	if ((n = pcfi_v_get(&p->v, root, "reporting-period", 1))) {
		old = pcfi_v_push_key(&p->v, "reporting-period");
		if (pcfi_v_is_map(&p->v, n, "the reporting period {start, end}")) {
			pcfi_v_keys(&p->v, n, period_keys);
			if (pcfi_v_date(&p->v, n, "start", 1, &info->period_start) &
			    pcfi_v_date(&p->v, n, "end", 1, &info->period_end) &&
			    strcmp(info->period_start, info->period_end) > 0) {
				size_t o2 = pcfi_v_push_key(&p->v, "end");
				pcfi_v_err(&p->v, pcfi_ymap_get(n, "end"), PCF_E_INVALID,
				           "expected an end on or after the start %s, found %s", info->period_start,
				           info->period_end);
				pcfi_v_pop(&p->v, o2);
			}
		}
		pcfi_v_pop(&p->v, old);
	}
	if ((n = pcfi_v_get(&p->v, root, "organisation", 1))) {
		old = pcfi_v_push_key(&p->v, "organisation");
		if (pcfi_v_is_map(&p->v, n, "the organisation {name, id}")) {
			pcfi_v_keys(&p->v, n, org_keys);
			pcfi_v_string(&p->v, n, "name", 1, &info->organisation);
			pcfi_v_string(&p->v, n, "id", 0, &info->organisation_id);
		}
		pcfi_v_pop(&p->v, old);
	}
	if ((n = pcfi_v_get(&p->v, root, "site", 1))) {
		old = pcfi_v_push_key(&p->v, "site");
		if (pcfi_v_is_map(&p->v, n, "the production site {name, country, region}")) {
			pcfi_v_keys(&p->v, n, site_keys);
			pcfi_v_string(&p->v, n, "name", 0, &info->site);
			country(p, n, "country", 1, &info->country);
			pcfi_v_string(&p->v, n, "region", 0, &info->region);
		}
		pcfi_v_pop(&p->v, old);
	}
	if ((n = pcfi_ymap_get(root, "reporting-period")))
		info->period_pos.line = n->line, info->period_pos.column = n->col;
	if ((n = pcfi_ymap_get(root, "site")))
		info->site_pos.line = n->line, info->site_pos.column = n->col;
	if ((n = pcfi_ymap_get(root, "boundary")))
		info->boundary_pos.line = n->line, info->boundary_pos.column = n->col;
	if ((n = pcfi_ymap_get(root, "gwp-set")))
		info->gwp_set_pos.line = n->line, info->gwp_set_pos.column = n->col;
	if (pcfi_v_enum(&p->v, root, "boundary", 1, boundary_names, &e))
		info->boundary = (pcf_boundary)(e + 1);
	if (pcfi_v_enum(&p->v, root, "gwp-set", 0, gwp_names, &e))
		info->gwp_set = gwp_names[e];
	pcfi_v_string(&p->v, root, "comment", 0, &info->comment);
}

/* Gas under key of map, resolved to its canonical id. */
static int gas(parser *p, const pcfi_ynode *map, const char **out)
{
	const char *name;
	pcf_gas g;
	pcf_error e;

	if (!pcfi_v_string(&p->v, map, "gas", 1, &name))
		return 0;
	if (pcf_gas_lookup(name, &g, &e)) {
		size_t old = pcfi_v_push_key(&p->v, "gas");
		pcfi_v_err(&p->v, pcfi_ymap_get(map, "gas"), PCF_E_INVALID, "%s", e.message);
		pcfi_v_pop(&p->v, old);
		return 0;
	}
	*out = g.id;
	return 1;
}

/* A mass {amount, unit} given as amount + unit keys of map, converted to kg. */
static int mass_kg(parser *p, const pcfi_ynode *map, int flags, double *kg)
{
	double a = 0;
	const char *u = NULL;
	int ok = pcfi_v_number(&p->v, map, "amount", 1, flags, &a);

	ok &= pcfi_v_unit(&p->v, map, "unit", 1, PCF_DIM_MASS, &u);
	if (!ok)
		return 0;
	if (pcf_unit_convert(a, u, "kg", kg, NULL)) {
		size_t old = pcfi_v_push_key(&p->v, "amount");
		pcfi_v_err(&p->v, pcfi_ymap_get(map, "amount"), PCF_E_INVALID, "amount out of range");
		pcfi_v_pop(&p->v, old);
		return 0;
	}
	return 1;
}

static void *list_alloc(parser *p, size_t n, size_t size)
{
	void *a = pcfi_arena_calloc(&p->inv->arena, n ? n : 1, size);

	if (!a)
		pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
	return a;
}

/* A part (at node at, under key) of a background input that cannot go into its factor id. */
static void id_part_error(parser *p, const pcfi_ynode *at, const char *key, const char *found, const char *want)
{
	size_t old = pcfi_v_push_key(&p->v, key);
	pcfi_v_err(&p->v, at, PCF_E_INVALID, "expected %s, found '%.80s'", want, found);
	pcfi_v_pop(&p->v, old);
}

/*
 * background: {library, process, sha256, providers}: shape only (the factor is found by
 * resolve_background, once every process and the reporting period are known).
 */
static void parse_background(parser *p, const pcfi_ynode *n)
{
	size_t old = pcfi_v_push_key(&p->v, "background"), i;
	const char *s;
	const pcfi_ynode *pv;

	if (pcfi_v_is_map(&p->v, n, "a background process {library, process}")) {
		pcfi_v_keys(&p->v, n, background_keys);
		/* what the factor id is made of (background_id) must read back one way */
		if (pcfi_v_string(&p->v, n, "library", 1, &s) &&
		    (!*s || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(s)))
			id_part_error(p, pcfi_ymap_get(n, "library"), "library", s, "a library name of letters, digits, '.', '_' and '-'");
		if (pcfi_v_string(&p->v, n, "process", 1, &s) && strchr(s, ';'))
			id_part_error(p, pcfi_ymap_get(n, "process"), "process", s, "a process @id or name: no ';'");
		if (pcfi_v_string(&p->v, n, "sha256", 0, &s)) {
			int ok = strlen(s) == 64;
			for (i = 0; ok && i < 64; i++)
				ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
			if (!ok) {
				size_t o2 = pcfi_v_push_key(&p->v, "sha256");
				pcfi_v_err(&p->v, pcfi_ymap_get(n, "sha256"), PCF_E_INVALID,
				           "expected the library's SHA-256 as 64 lowercase hex digits, found '%.80s'", s);
				pcfi_v_pop(&p->v, o2);
			}
		}
		if (pcfi_ymap_get(n, "removals")) {
			int k;
			pcfi_v_enum(&p->v, n, "removals", 0, background_removals, &k);
		}
		if ((pv = pcfi_ymap_get(n, "providers"))) {
			size_t o2 = pcfi_v_push_key(&p->v, "providers");
			if (pcfi_v_is_map(&p->v, pv, "providers {FLOW-ID: PROCESS-ID}"))
				for (i = 0; i < pv->len; i++) {
					const pcfi_ynode *k = PCFI_YKEY(pv, i);
					if (k->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(k) == PCFI_YS_STRING &&
					    strncmp(k->u.str, "x-", 2)) {
						if (strpbrk(k->u.str, ";="))
							id_part_error(p, k, k->u.str, k->u.str, "a flow @id: no ';' or '='");
						else if (pcfi_v_string(&p->v, pv, k->u.str, 1, &s) && strchr(s, ';'))
							id_part_error(p, PCFI_YVAL(pv, i), k->u.str, s, "a process @id or name: no ';'");
					}
				}
			pcfi_v_pop(&p->v, o2);
		}
	}
	pcfi_v_pop(&p->v, old);
}

/*
 * The inputs of one process: shape only (references are resolved once every process is known).
 * The factor or process reference is kept in the node; kind is set here.
 */
static void parse_inputs(parser *p, pcf_process *pr, const pcfi_ynode *list)
{
	pcf_input *in;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of inputs"))
		return;
	in = list_alloc(p, list->len, sizeof *in);
	if (!in)
		return;
	pr->inputs = in;
	pr->n_inputs = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i], *src;
		size_t old = pcfi_v_push_index(&p->v, i);
		int kinds = 0;

		in[i].pos.line = n->line;
		in[i].pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "an input {process or factor, amount, unit}")) {
			pcfi_v_keys(&p->v, n, input_keys);
			kinds = !!pcfi_ymap_get(n, "process") + !!pcfi_ymap_get(n, "factor") + !!pcfi_ymap_get(n, "supplier") +
			        !!pcfi_ymap_get(n, "supplier-footprint") + !!pcfi_ymap_get(n, "background");
			if ((src = pcfi_ymap_get(n, "supplier-footprint"))) {
				size_t o2 = pcfi_v_push_key(&p->v, "supplier-footprint");
				pcfi_v_err(&p->v, src, PCF_E_UNSUPPORTED,
				           "supplier footprints (bundle composition) are not supported yet: model the supplier's "
				           "product as a process, or use an emission factor");
				pcfi_v_pop(&p->v, o2);
			} else if (kinds == 0) {
				pcfi_v_err(&p->v, n, PCF_E_INVALID,
				           "missing required key 'process', 'factor', 'background' or 'supplier' (where the input comes from)");
			} else if (kinds > 1) {
				pcfi_v_err(&p->v, n, PCF_E_INVALID, "expected one of 'process', 'factor', 'background' or 'supplier', found several");
			} else if ((src = pcfi_ymap_get(n, "background"))) {
				in[i].kind = PCF_INPUT_FACTOR;
				parse_background(p, src);
			} else if ((src = pcfi_ymap_get(n, "supplier"))) {
				size_t o2 = pcfi_v_push_key(&p->v, "supplier");
				in[i].kind = PCF_INPUT_SUPPLIER;
				in[i].converted = NAN;
				if (pcfi_v_is_map(&p->v, src, "a supplier {bundle: PATH}")) {
					const char *ref = NULL;
					pcfi_v_keys(&p->v, src, supplier_keys);
					const char *key = pcfi_ymap_get(src, "pact") ? "pact" : "bundle";
					if (pcfi_ymap_get(src, "pact") && pcfi_ymap_get(src, "bundle")) {
						pcfi_v_err(&p->v, src, PCF_E_INVALID,
						           "expected one of 'bundle' (a supplier's certificate) or 'pact' (a PACT "
						           "ProductFootprint JSON file), found both");
					} else if (pcfi_v_string(&p->v, src, key, 1, &ref) && ref) {
						if (!*ref) {
							size_t o3 = pcfi_v_push_key(&p->v, key);
							pcfi_v_err(&p->v, pcfi_ymap_get(src, key), PCF_E_INVALID,
							           "expected the path of the supplier's %s, found an empty string",
							           *key == 'p' ? "PACT ProductFootprint (.json)" : "bundle (.pcfb)");
							pcfi_v_pop(&p->v, o3);
						} else {
							in[i].supplier_ref = pcfi_arena_strdup(&p->inv->arena, ref);
							in[i].supplier_pact = *key == 'p';
						}
					}
				}
				pcfi_v_pop(&p->v, o2);
			} else if (pcfi_ymap_get(n, "process")) {
				const char *id;
				in[i].kind = PCF_INPUT_PROCESS;
				pcfi_v_string(&p->v, n, "process", 1, &id);
			} else {
				in[i].kind = PCF_INPUT_FACTOR;
				src = pcfi_ymap_get(n, "factor");
				if (src->kind == PCFI_Y_MAP) {
					pcf_factor f;
					size_t o2 = pcfi_v_push_key(&p->v, "factor");
					char id[PCF_ERROR_PATH_MAX + 32];
					if (pcfi_factor_from_node(&p->v, src, 1, "inventory", &f)) {
						snprintf(id, sizeof id, "inline:%s/inputs[%zu]", pr->id ? pr->id : "?", i);
						if (!f.id)
							f.id = id;
						in[i].factor = pcfi_factor_copy(&p->inv->arena, &f);
						in[i].inline_factor = 1;
						if (!in[i].factor)
							pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
					}
					pcfi_v_pop(&p->v, o2);
				} else {
					const char *id;
					pcfi_v_string(&p->v, n, "factor", 1, &id);
				}
			}
			pcfi_v_string(&p->v, n, "name", 0, &in[i].name);
			pcfi_v_number(&p->v, n, "amount", 1, PCFI_V_NONNEG, &in[i].amount);
			pcfi_v_unit(&p->v, n, "unit", 1, PCF_DIM_NONE, &in[i].unit);
			pcfi_v_bool(&p->v, n, "aircraft-transport", 0, &in[i].aircraft_transport);
			{
				const char *c;
				pcfi_v_string(&p->v, n, "comment", 0, &c);
			}
		}
		pcfi_v_pop(&p->v, old);
	}
}

static void parse_emissions(parser *p, pcf_process *pr, const pcfi_ynode *list)
{
	pcf_emission *em;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of emissions"))
		return;
	if (!(em = list_alloc(p, list->len, sizeof *em)))
		return;
	pr->emissions = em;
	pr->n_emissions = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i];
		size_t old = pcfi_v_push_index(&p->v, i);
		em[i].pos.line = n->line;
		em[i].pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "an emission {gas, amount, unit}")) {
			pcfi_v_keys(&p->v, n, emission_keys);
			gas(p, n, &em[i].gas);
			mass_kg(p, n, PCFI_V_NONNEG, &em[i].amount_kg);
			pcfi_v_bool(&p->v, n, "land-use-change", 0, &em[i].land_use_change);
			pcfi_v_string(&p->v, n, "comment", 0, &em[i].notes);
		}
		pcfi_v_pop(&p->v, old);
	}
}

static void parse_removals(parser *p, pcf_process *pr, const pcfi_ynode *list)
{
	pcf_removal *rm;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of removals"))
		return;
	if (!(rm = list_alloc(p, list->len, sizeof *rm)))
		return;
	pr->removals = rm;
	pr->n_removals = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i];
		size_t old = pcfi_v_push_index(&p->v, i);
		rm[i].pos.line = n->line;
		rm[i].pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "a removal {gas, amount, unit}")) {
			pcfi_v_keys(&p->v, n, removal_keys);
			if (gas(p, n, &rm[i].gas) && strcmp(rm[i].gas, "co2-biogenic") && strcmp(rm[i].gas, "co2-fossil")) {
				size_t o2 = pcfi_v_push_key(&p->v, "gas");
				pcfi_v_err(&p->v, pcfi_ymap_get(n, "gas"), PCF_E_INVALID,
				           "expected co2-biogenic or co2-fossil for a removal, found %s", rm[i].gas);
				pcfi_v_pop(&p->v, o2);
			}
			mass_kg(p, n, PCFI_V_POSITIVE, &rm[i].amount_kg);
			pcfi_v_string(&p->v, n, "comment", 0, &rm[i].notes);
		}
		pcfi_v_pop(&p->v, old);
	}
}

static void parse_coproducts(parser *p, pcf_process *pr, const pcfi_ynode *list)
{
	pcf_coproduct *cp;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of co-products"))
		return;
	if (!(cp = list_alloc(p, list->len, sizeof *cp)))
		return;
	pr->coproducts = cp;
	pr->n_coproducts = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i];
		size_t old = pcfi_v_push_index(&p->v, i);
		cp[i].pos.line = n->line;
		cp[i].pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "a co-product {name, amount, unit}")) {
			const char *c;
			pcfi_v_keys(&p->v, n, coproduct_keys);
			pcfi_v_string(&p->v, n, "name", 1, &cp[i].name);
			cp[i].quantity.present = pcfi_v_number(&p->v, n, "amount", 1, PCFI_V_POSITIVE, &cp[i].quantity.amount) &
			                         pcfi_v_unit(&p->v, n, "unit", 1, PCF_DIM_NONE, &cp[i].quantity.unit);
			quantity(p, n, "mass", 0, PCFI_V_NONNEG, PCF_DIM_MASS, &cp[i].mass);
			quantity(p, n, "economic-value", 0, PCFI_V_NONNEG, PCF_DIM_CURRENCY, &cp[i].value);
			pcfi_v_string(&p->v, n, "comment", 0, &c);
		}
		pcfi_v_pop(&p->v, old);
	}
}

static void parse_quality(parser *p, pcf_process *pr, const pcfi_ynode *n)
{
	static const char *const types[] = { "primary", "secondary", NULL };
	pcf_data_quality *q = &pr->quality;
	int t;

	if (!pcfi_v_is_map(&p->v, n, "data quality {type, technological, ...}"))
		return;
	pcfi_v_keys(&p->v, n, dq_keys);
	if (pcfi_v_enum(&p->v, n, "type", 1, types, &t))
		q->primary = t == 0;
	pcfi_v_number(&p->v, n, "technological", 0, PCFI_V_DQR, &q->technological);
	pcfi_v_number(&p->v, n, "temporal", 0, PCFI_V_DQR, &q->temporal);
	pcfi_v_number(&p->v, n, "geographical", 0, PCFI_V_DQR, &q->geographical);
	pcfi_v_number(&p->v, n, "completeness", 0, PCFI_V_DQR, &q->completeness);
	pcfi_v_number(&p->v, n, "reliability", 0, PCFI_V_DQR, &q->reliability);
	pcfi_v_string(&p->v, n, "comment", 0, &q->notes);
}

static void parse_process(parser *p, size_t idx, const pcfi_ynode *n)
{
	pcf_process *pr = &p->inv->processes[idx];
	const pcfi_ynode *c;
	size_t before = p->v.nerrors, old;
	int e;

	pr->quality.primary = -1;
	pr->pos.line = n->line;
	pr->pos.column = n->col;
	if (!pcfi_v_is_map(&p->v, n, "a process"))
		return;
	pcfi_v_keys(&p->v, n, process_keys);
	pcfi_v_string(&p->v, n, "id", 1, &pr->id);
	pcfi_v_string(&p->v, n, "name", 1, &pr->name);
	if (pcfi_v_enum(&p->v, n, "stage", 1, stage_names, &e))
		pr->stage = (pcf_stage)(e + 1);
	if ((c = pcfi_v_get(&p->v, n, "reference-flow", 1))) {
		old = pcfi_v_push_key(&p->v, "reference-flow");
		if (pcfi_v_is_map(&p->v, c, "the reference flow {amount, unit}")) {
			size_t b2 = p->v.nerrors;
			pcfi_v_keys(&p->v, c, refflow_keys);
			pcfi_v_number(&p->v, c, "amount", 1, PCFI_V_POSITIVE, &pr->reference.amount);
			pcfi_v_unit(&p->v, c, "unit", 1, PCF_DIM_NONE, &pr->reference.unit);
			pr->reference.present = p->v.nerrors == b2;
			quantity(p, c, "mass", 0, PCFI_V_NONNEG, PCF_DIM_MASS, &pr->reference_mass);
			quantity(p, c, "economic-value", 0, PCFI_V_NONNEG, PCF_DIM_CURRENCY, &pr->reference_value);
			if (pr->reference.present && pcfi_unit_dimension(pr->reference.unit) == PCF_DIM_CURRENCY) {
				size_t o2 = pcfi_v_push_key(&p->v, "unit");
				pcfi_v_err(&p->v, pcfi_ymap_get(c, "unit"), PCF_E_UNIT,
				           "expected a physical unit for a reference flow, found the currency %s",
				           pr->reference.unit);
				pcfi_v_pop(&p->v, o2);
				pr->reference.present = 0;
			}
		}
		pcfi_v_pop(&p->v, old);
	}
	country(p, n, "location", 0, &pr->location);
	if ((c = pcfi_ymap_get(n, "inputs"))) {
		old = pcfi_v_push_key(&p->v, "inputs");
		parse_inputs(p, pr, c);
		pcfi_v_pop(&p->v, old);
	}
	if ((c = pcfi_ymap_get(n, "emissions"))) {
		old = pcfi_v_push_key(&p->v, "emissions");
		parse_emissions(p, pr, c);
		pcfi_v_pop(&p->v, old);
	}
	if ((c = pcfi_ymap_get(n, "removals"))) {
		old = pcfi_v_push_key(&p->v, "removals");
		parse_removals(p, pr, c);
		pcfi_v_pop(&p->v, old);
	}
	if ((c = pcfi_ymap_get(n, "co-products"))) {
		old = pcfi_v_push_key(&p->v, "co-products");
		parse_coproducts(p, pr, c);
		pcfi_v_pop(&p->v, old);
	}
	quantity(p, n, "biogenic-carbon-content", 0, PCFI_V_NONNEG, PCF_DIM_MASS, &pr->biogenic_carbon);
	if ((c = pcfi_ymap_get(n, "data-quality"))) {
		old = pcfi_v_push_key(&p->v, "data-quality");
		parse_quality(p, pr, c);
		pcfi_v_pop(&p->v, old);
	}
	pcfi_v_bool(&p->v, n, "aircraft-transport", 0, &pr->aircraft_transport);
	pcfi_v_bool(&p->v, n, "land-use-change", 0, &pr->land_use_change);
	{
		const char *cm;
		pcfi_v_string(&p->v, n, "comment", 0, &cm);
	}
	p->proc_ok[idx] = p->v.nerrors == before;
}

static void parse_exclusions(parser *p, const pcfi_ynode *list)
{
	pcf_inventory *inv = p->inv;
	double total = 0;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of cut-off exclusions"))
		return;
	if (!(inv->exclusions = list_alloc(p, list->len, sizeof *inv->exclusions)))
		return;
	inv->nexclusions = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i];
		pcf_exclusion *x = &inv->exclusions[i];
		size_t old = pcfi_v_push_index(&p->v, i);
		x->pos.line = n->line;
		x->pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "an exclusion {description, estimated-share}")) {
			pcfi_v_keys(&p->v, n, exclusion_keys);
			pcfi_v_string(&p->v, n, "description", 1, &x->description);
			if (pcfi_v_number(&p->v, n, "estimated-share", 1, PCFI_V_FRACTION, &x->estimated_share))
				total += x->estimated_share;
			pcfi_v_string(&p->v, n, "justification", 0, &x->justification);
		}
		pcfi_v_pop(&p->v, old);
	}
	if (total > 1)
		pcfi_v_err(&p->v, list, PCF_E_INVALID, "expected estimated shares adding up to at most 1, found %g", total);
}

static void parse_offsets(parser *p, const pcfi_ynode *list)
{
	pcf_inventory *inv = p->inv;
	size_t i;

	if (!pcfi_v_is_seq(&p->v, list, "a list of offsets"))
		return;
	if (!(inv->offsets = list_alloc(p, list->len, sizeof *inv->offsets)))
		return;
	inv->noffsets = list->len;
	for (i = 0; i < list->len; i++) {
		const pcfi_ynode *n = list->u.kids[i];
		pcf_offset *o = &inv->offsets[i];
		size_t old = pcfi_v_push_index(&p->v, i);
		o->pos.line = n->line;
		o->pos.column = n->col;
		if (pcfi_v_is_map(&p->v, n, "an offset {description, amount, unit}")) {
			pcfi_v_keys(&p->v, n, offset_keys);
			pcfi_v_string(&p->v, n, "description", 1, &o->description);
			mass_kg(p, n, PCFI_V_POSITIVE, &o->amount_kg_co2e);
			pcfi_v_string(&p->v, n, "scheme", 0, &o->scheme);
		}
		pcfi_v_pop(&p->v, old);
	}
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Do two inline factors say the same thing (values, unit, gases, set, source)? */
static int same_factor(const pcf_factor *a, const pcf_factor *b)
{
	size_t i;

	if (!same_str(a->unit, b->unit) || !same_str(a->gwp_set, b->gwp_set) || !same_str(a->source, b->source) ||
	    a->n_gases != b->n_gases)
		return 0;
	for (i = 0; i < a->n_gases; i++)
		if (!same_str(a->gases[i].gas, b->gases[i].gas) || a->gases[i].amount != b->gases[i].amount)
			return 0;
	return 1;
}

/*
 * Record f in the list of factors used, once per id: library factors are copied on first use and
 * shared after; inline factors likewise when written again with the same id and values. An id
 * used both inline and as a library reference, or by two different inline factors, is an error
 * (reported at node at): *out is then NULL and 1 is returned. Returns 0 when out of memory.
 */
static int use_factor(parser *p, const pcf_factor *f, int inline_, const pcfi_ynode *at, const pcf_factor **out)
{
	pcf_inventory *inv = p->inv;
	size_t idx;

	*out = NULL;
	if (pcfi_strmap_get(&inv->factor_ids, f->id, &idx)) {
		const pcf_factor *g = inv->factors[idx];
		if (inline_ == inv->factor_inline[idx] && (!inline_ || same_factor(f, g))) {
			*out = g; /* the same library factor, or the same inline factor written again */
			return 1;
		}
		if (inv->factor_inline[idx])
			pcfi_v_err(&p->v, at, PCF_E_INVALID,
			           "factor id '%.100s' is already used by an inline factor at line %lu, column %lu%s; give "
			           "this one another id",
			           f->id, g->line, g->column, inline_ ? " with other values" : "");
		else
			pcfi_v_err(&p->v, at, PCF_E_INVALID,
			           "factor id '%.100s' is already used by the factor of library '%.100s'; give the inline "
			           "factor another id",
			           f->id, g->library ? g->library : "?");
		return 1;
	}
	if (inv->nfactors == inv->capfactors) {
		size_t cap = inv->capfactors ? inv->capfactors * 2 : 16;
		const pcf_factor **a = realloc(inv->factors, cap * sizeof *a);
		unsigned char *fl;
		if (!a)
			return 0;
		inv->factors = a;
		fl = realloc(inv->factor_inline, cap);
		if (!fl)
			return 0;
		inv->factor_inline = fl;
		inv->capfactors = cap;
	}
	if (!inline_ && !(f = pcfi_factor_copy(&inv->arena, f)))
		return 0;
	if (pcfi_strmap_put(&inv->factor_ids, f->id, inv->nfactors))
		return 0;
	inv->factor_inline[inv->nfactors] = (unsigned char)inline_;
	inv->factors[inv->nfactors++] = f;
	*out = f;
	return 1;
}

/* The factor id of a background input: lca:LIBRARY:PROCESS, then ;FLOW=PROCESS per choice by flow, then
 * ;removals=exclude. */
static char *background_id(parser *p, const pcf_background_ref *r)
{
	size_t n = strlen(r->library) + strlen(r->process) + 32, i, j;
	size_t *ord;
	char *id;

	for (i = 0; i < r->n_providers; i++)
		n += strlen(r->provider_flows[i]) + strlen(r->provider_processes[i]) + 2;
	if (!(id = pcfi_arena_alloc(&p->inv->arena, n)) ||
	    !(ord = pcfi_arena_calloc(&p->inv->arena, r->n_providers + 1, sizeof *ord)))
		return NULL;
	for (i = 0; i < r->n_providers; i++) {
		for (j = i; j > 0 && strcmp(r->provider_flows[ord[j - 1]], r->provider_flows[i]) > 0; j--)
			ord[j] = ord[j - 1];
		ord[j] = i;
	}
	snprintf(id, n, "lca:%s:%s", r->library, r->process);
	for (i = 0; i < r->n_providers; i++) {
		size_t at = strlen(id);
		snprintf(id + at, n - at, ";%s=%s", r->provider_flows[ord[i]], r->provider_processes[ord[i]]);
	}
	if (r->exclude_removals)
		snprintf(id + strlen(id), n - strlen(id), ";removals=exclude");
	return id;
}

/* 1 when map[key] is a string scalar (the shape parse_background asked for). */
static int str_at(const pcfi_ynode *map, const char *key)
{
	const pcfi_ynode *v = map ? pcfi_ymap_get(map, key) : NULL;
	return v && v->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(v) == PCFI_YS_STRING;
}

/*
 * A background input (parse_background checked its shape): its factor from the factor library's
 * resolver, else the factor of that id in the library (exported factors), else an error.
 */
static void resolve_background(parser *p, const pcfi_ynode *n, const pcf_factor **out)
{
	pcf_background_ref r;
	const pcfi_ynode *pv = pcfi_ymap_get(n, "providers"), *sh = pcfi_ymap_get(n, "sha256");
	const char **pf = NULL, **pp = NULL;
	const pcf_factor *f = NULL;
	void *ctx;
	pcf_background_fn fn = pcf_factor_lib_background(p->lib, &ctx);
	size_t i;
	pcf_error e;

	memset(&r, 0, sizeof r);
	if (!str_at(n, "library") || !str_at(n, "process") || (sh && !str_at(n, "sha256")))
		return; /* parse_background reported it */
	r.library = pcfi_ymap_get(n, "library")->u.str;
	r.process = pcfi_ymap_get(n, "process")->u.str;
	r.sha256 = sh ? sh->u.str : NULL;
	if (pv && pv->kind == PCFI_Y_MAP && pv->len) {
		pf = pcfi_arena_calloc(&p->inv->arena, pv->len, sizeof *pf);
		pp = pcfi_arena_calloc(&p->inv->arena, pv->len, sizeof *pp);
		if (!pf || !pp) {
			pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
			return;
		}
		for (i = 0; i < pv->len; i++)
			if (PCFI_YKEY(pv, i)->kind == PCFI_Y_SCALAR && strncmp(PCFI_YKEY(pv, i)->u.str, "x-", 2)) {
				if (!str_at(pv, PCFI_YKEY(pv, i)->u.str))
					return;
				pf[r.n_providers] = PCFI_YKEY(pv, i)->u.str;
				pp[r.n_providers++] = PCFI_YVAL(pv, i)->u.str;
			}
	}
	r.provider_flows = pf;
	r.provider_processes = pp;
	r.year = p->inv->info.period_end ? atoi(p->inv->info.period_end) : 0;
	r.exclude_removals = str_at(n, "removals") && !strcmp(pcfi_ymap_get(n, "removals")->u.str, "exclude");
	if (!(r.id = background_id(p, &r))) {
		pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
		return;
	}
	{
		size_t idx;
		if (!pcfi_strmap_get(&p->inv->factor_ids, r.id, &idx) && ++p->n_background > PCF_INVENTORY_BACKGROUND_MAX) {
			pcfi_v_err(&p->v, n, PCF_E_LIMIT,
			           "more than %d distinct background processes in one inventory (docs/limits.md)",
			           PCF_INVENTORY_BACKGROUND_MAX);
			return;
		}
	}
	if (fn) {
		memset(&e, 0, sizeof e);
		if (fn(ctx, &r, &f, &e) || !f) {
			pcfi_v_err(&p->v, n, e.status ? e.status : PCF_E_INVALID, "%s",
			           e.message[0] ? e.message : "the background process could not be computed");
			return;
		}
	} else if (!(f = pcf_factor_lib_find(p->lib, r.id))) {
		pcfi_v_err(&p->v, n, PCF_E_NOTFOUND,
		           "background process '%.100s' of library '%.100s': no process library was given (--library "
		           "%.60s=FILE), and no factor '%.200s' is in the factor libraries",
		           r.process, r.library, r.library, r.id);
		return;
	}
	if (!use_factor(p, f, 0, n, out))
		pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
}

/* Join the inventory's folder (of the file name it was given) and a relative ref, into the arena. */
static const char *supplier_path(parser *p, const char *ref)
{
	const char *file = p->inv->info.file, *slash = file ? strrchr(file, '/') : NULL;
	size_t dl, rl;
	char *out;

	if (ref[0] == '/' || !slash)
		return pcfi_arena_strdup(&p->inv->arena, ref);
	dl = (size_t)(slash - file) + 1;
	rl = strlen(ref);
	if (!(out = pcfi_arena_alloc(&p->inv->arena, dl + rl + 1)))
		return NULL;
	memcpy(out, file, dl);
	memcpy(out + dl, ref, rl + 1);
	return out;
}

/* A copy of the resolver's figures into the arena. */
static pcf_supplier *supplier_copy(pcfi_arena *a, const pcf_supplier *s)
{
	pcf_supplier *c = pcfi_arena_alloc(a, sizeof *c);

	if (!c)
		return NULL;
	*c = *s;
	c->sha256 = pcfi_arena_strdup(a, s->sha256);
	c->certificate_id = pcfi_arena_strdup(a, s->certificate_id);
	c->body_name = pcfi_arena_strdup(a, s->body_name);
	c->body_org = pcfi_arena_strdup(a, s->body_org);
	c->methodology_id = pcfi_arena_strdup(a, s->methodology_id);
	c->methodology_version = pcfi_arena_strdup(a, s->methodology_version);
	c->product_id = pcfi_arena_strdup(a, s->product_id);
	c->product_name = pcfi_arena_strdup(a, s->product_name);
	c->declared_unit = pcfi_arena_strdup(a, s->declared_unit);
	c->gwp_set = pcfi_arena_strdup(a, s->gwp_set);
	return a->oom ? NULL : c;
}

/*
 * A supplier input: its path, its figures from the resolver (when there is one), and its amount
 * converted into the supplier's declared unit (so many declared units of the supplier's product).
 */
static void resolve_supplier(parser *p, pcf_input *in, const pcfi_ynode *n)
{
	const pcfi_ynode *sn = pcfi_ymap_get(n, "supplier");
	const pcfi_ynode *bn = pcfi_ymap_get(sn, "bundle") ? pcfi_ymap_get(sn, "bundle") : pcfi_ymap_get(sn, "pact");
	pcf_supplier fig;
	pcf_error e;
	const pcf_input **grown;
	size_t o3;

	in->supplier_path = supplier_path(p, in->supplier_ref);
	grown = realloc(p->inv->suppliers, (p->inv->nsuppliers + 1) * sizeof *grown);
	if (!in->supplier_path || !grown) {
		if (grown)
			p->inv->suppliers = grown;
		pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
		return;
	}
	p->inv->suppliers = grown;
	grown[p->inv->nsuppliers++] = in;
	if (!p->suppliers || !p->suppliers->resolve)
		return;
	memset(&fig, 0, sizeof fig);
	memset(&e, 0, sizeof e);
	o3 = pcfi_v_push_key(&p->v, in->supplier_pact ? "supplier.pact" : "supplier.bundle");
	if (p->suppliers->resolve(p->suppliers->arg, in->supplier_ref, in->supplier_path, &fig, &e) != PCF_OK) {
		pcfi_v_err(&p->v, bn, e.status ? e.status : PCF_E_INVALID, "supplier %s %.200s: %s", in->supplier_pact ? "PACT file" : "bundle", in->supplier_path,
		           e.message);
		p->link_errors++;
	} else if (!!in->supplier_pact != !!(fig.flags & PCF_SUPPLIER_UNVERIFIED)) {
		pcfi_v_err(&p->v, in->supplier_pact ? pcfi_ymap_get(sn, "pact") : bn, PCF_E_INVALID,
		           in->supplier_pact ? "%.200s is a supplier bundle, not a PACT ProductFootprint: write bundle: %.200s"
		                             : "%.200s is a PACT ProductFootprint, not a supplier bundle: write pact: %.200s",
		           in->supplier_path, in->supplier_ref);
		p->link_errors++;
	} else if (!fig.declared_unit || !isfinite(fig.declared_amount) || fig.declared_amount <= 0) {
		pcfi_v_err(&p->v, bn, PCF_E_INVALID, "supplier bundle %.200s: no declared unit in its result",
		           in->supplier_path);
	} else if (!(in->supplier = supplier_copy(&p->inv->arena, &fig))) {
		pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
	} else {
		double units;
		pcfi_v_pop(&p->v, o3);
		o3 = pcfi_v_push_key(&p->v, "unit");
		/* amount in the supplier's declared unit, then in declared units (e.g. 2500 kg of a 1 t product: 2.5) */
		if (pcf_unit_convert(in->amount, in->unit, fig.declared_unit, &units, &e)) {
			pcfi_v_err(&p->v, pcfi_ymap_get(n, "unit"), PCF_E_UNIT,
			           "supplier bundle %.200s declares its footprint per %g %s, but this input is in %s: %s",
			           in->supplier_path, fig.declared_amount, fig.declared_unit, in->unit, e.message);
		} else {
			in->converted = units / fig.declared_amount;
		}
	}
	pcfi_v_pop(&p->v, o3);
}

/* Resolve references of every valid process's inputs; convert amounts. */
static void resolve_inputs(parser *p)
{
	pcf_inventory *inv = p->inv;
	size_t i, j;
	char pathbuf[64];

	for (i = 0; i < inv->nprocesses; i++) {
		pcf_process *pr = &inv->processes[i];
		const pcfi_ynode *pn = p->proc_nodes[i], *inputs;
		size_t o1;

		if (!p->proc_ok[i])
			continue;
		inputs = pcfi_ymap_get(pn, "inputs");
		snprintf(pathbuf, sizeof pathbuf, "processes[%zu].inputs", i);
		o1 = pcfi_v_push_key(&p->v, pathbuf);
		for (j = 0; j < pr->n_inputs; j++) {
			pcf_input *in = (pcf_input *)&pr->inputs[j]; /* owned by the model, const only for readers */
			const pcfi_ynode *n = inputs->u.kids[j];
			size_t o2 = pcfi_v_push_index(&p->v, j);
			pcf_error e;

			if (in->kind == PCF_INPUT_PROCESS) {
				const pcfi_ynode *ref = pcfi_ymap_get(n, "process");
				size_t k;
				if (!pcfi_strmap_get(&inv->ids, ref->u.str, &k)) {
					size_t o3 = pcfi_v_push_key(&p->v, "process");
					pcfi_v_err(&p->v, ref, PCF_E_NOTFOUND, "no process with id '%.100s' in this inventory", ref->u.str);
					p->link_errors++;
					pcfi_v_pop(&p->v, o3);
				} else if (p->proc_ok[k]) {
					const pcf_process *sup = &inv->processes[k];
					in->process = k;
					if (pcf_unit_convert(in->amount, in->unit, sup->reference.unit, &in->converted, &e)) {
						size_t o3 = pcfi_v_push_key(&p->v, "unit");
						pcfi_v_err(&p->v, pcfi_ymap_get(n, "unit"), PCF_E_UNIT,
						           "process '%.80s' produces %s, but this input is in %s: %s", sup->id,
						           sup->reference.unit, in->unit, e.message);
						pcfi_v_pop(&p->v, o3);
					}
				}
			} else if (in->kind == PCF_INPUT_FACTOR) {
				const pcf_factor *f = in->factor;
				const pcfi_ynode *ref = pcfi_ymap_get(n, "factor");
				size_t o3 = pcfi_v_push_key(&p->v, ref ? "factor" : "background");
				if (!ref) {
					resolve_background(p, pcfi_ymap_get(n, "background"), &in->factor);
				} else if (!f) {
					const pcf_factor *lf = pcf_factor_lib_find(p->lib, ref->u.str);
					if (!lf) {
						pcfi_v_err(&p->v, ref, PCF_E_NOTFOUND,
						           "unknown factor '%.100s' (not in the default library nor in any --factors file; "
						           "'pcf factors search WORD' finds ids)",
						           ref->u.str);
					} else if (!use_factor(p, lf, 0, ref, &in->factor)) {
						pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
					}
				} else if (!use_factor(p, f, 1, ref, &in->factor)) {
					pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
				}
				pcfi_v_pop(&p->v, o3);
				f = in->factor;
				if (f && pcf_unit_convert(in->amount, in->unit, f->unit, &in->converted, &e)) {
					size_t o4 = pcfi_v_push_key(&p->v, "unit");
					pcfi_v_err(&p->v, pcfi_ymap_get(n, "unit"), PCF_E_UNIT,
					           "factor '%.80s' is per %s, but this input is in %s: %s", f->id, f->unit, in->unit,
					           e.message);
					pcfi_v_pop(&p->v, o4);
				}
			} else if (in->kind == PCF_INPUT_SUPPLIER && in->supplier_ref) {
				resolve_supplier(p, in, n);
			}
			pcfi_v_pop(&p->v, o2);
		}
		pcfi_v_pop(&p->v, o1);
	}
}

/* The process that makes the product. */
static void choose_reference(parser *p, const pcfi_ynode *prod)
{
	pcf_inventory *inv = p->inv;
	pcf_product *pr = &inv->product;
	const pcfi_ynode *pn = pcfi_ymap_get(prod, "process");
	size_t i, j, k, ncand = 0;
	unsigned char *consumed;
	pcf_error e;

	if (pn) {
		size_t old = pcfi_v_push_key(&p->v, "product.process");
		if (pn->kind != PCFI_Y_SCALAR || !pcfi_strmap_get(&inv->ids, pn->u.str, &k)) {
			char d[80];
			pcfi_v_err(&p->v, pn, PCF_E_NOTFOUND, "expected the id of a process of this inventory, found %s",
			           pcfi_ydescribe(pn, d, sizeof d));
			pcfi_v_pop(&p->v, old);
			return;
		}
		pcfi_v_pop(&p->v, old);
	} else {
		char names[300];
		size_t len = 0;
		if (p->link_errors)
			return; /* consumption unknown; the broken reference is reported already */
		for (i = 0; i < inv->nprocesses; i++)
			if (!p->proc_ok[i])
				return; /* consumption unknown; the invalid process is reported already */
		consumed = calloc(inv->nprocesses ? inv->nprocesses : 1, 1);
		if (!consumed) {
			pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
			return;
		}
		for (i = 0; i < inv->nprocesses; i++)
			for (j = 0; j < inv->processes[i].n_inputs; j++)
				if (inv->processes[i].inputs[j].kind == PCF_INPUT_PROCESS && p->proc_ok[i]) {
					const pcfi_ynode *ref =
						pcfi_ymap_get(pcfi_ymap_get(p->proc_nodes[i], "inputs")->u.kids[j], "process");
					size_t s;
					if (ref && pcfi_strmap_get(&inv->ids, ref->u.str, &s) && s != i)
						consumed[s] = 1;
				}
		k = 0;
		names[0] = '\0';
		for (i = 0; i < inv->nprocesses; i++)
			if (!consumed[i]) {
				if (ncand++ == 0)
					k = i;
				if (ncand <= 5 && len < sizeof names - 1) {
					int w = snprintf(names + len, sizeof names - len, "%s'%.40s'", ncand > 1 ? ", " : "",
					                 inv->processes[i].id ? inv->processes[i].id : "?");
					if (w > 0)
						len += (size_t)w;
				}
			}
		free(consumed);
		if (ncand != 1) {
			size_t old = pcfi_v_push_key(&p->v, "product");
			if (ncand == 0)
				pcfi_v_err(&p->v, prod, PCF_E_INVALID,
				           "cannot tell which process makes the product: every process is consumed by another; "
				           "name it with product.process");
			else
				pcfi_v_err(&p->v, prod, PCF_E_INVALID,
				           "cannot tell which process makes the product: %zu processes are consumed by no other "
				           "(%s%s); name it with product.process",
				           ncand, names, ncand > 5 ? ", ..." : "");
			pcfi_v_pop(&p->v, old);
			return;
		}
	}
	pr->reference_process = k;
	if (pr->declared_unit.present && p->proc_ok[k] &&
	    pcf_unit_convert(1, pr->declared_unit.unit, inv->processes[k].reference.unit, &(double){ 0 }, &e)) {
		size_t old = pcfi_v_push_key(&p->v, "product.declared-unit.unit");
		pcfi_v_err(&p->v, pcfi_ymap_get(pcfi_ymap_get(prod, "declared-unit"), "unit"), PCF_E_UNIT,
		           "the product's process '%.80s' produces %s, but the declared unit is in %s: %s",
		           inv->processes[k].id, inv->processes[k].reference.unit, pr->declared_unit.unit, e.message);
		pcfi_v_pop(&p->v, old);
	}
}

/* Just over 80 lines: the top-level keys checked one after the other, in the format's order. */
static void parse_root(parser *p, const pcfi_ynode *root)
{
	pcf_inventory *inv = p->inv;
	const pcfi_ynode *n, *prod;
	long version;
	size_t i;

	if (!pcfi_v_is_map(&p->v, root, "an inventory"))
		return;
	pcfi_v_keys(&p->v, root, top_keys);
	if (pcfi_v_int(&p->v, root, "format-version", 1, 0, 1000000, &version)) {
		inv->info.format_version = (int)version;
		if (version != PCF_INVENTORY_FORMAT_VERSION) {
			size_t old = pcfi_v_push_key(&p->v, "format-version");
			pcfi_v_err(&p->v, pcfi_ymap_get(root, "format-version"), PCF_E_INVALID,
			           "expected format-version %d, found %ld (this pcfkit reads version %d)",
			           PCF_INVENTORY_FORMAT_VERSION, version, PCF_INVENTORY_FORMAT_VERSION);
			pcfi_v_pop(&p->v, old);
		}
	}
	if ((prod = pcfi_v_get(&p->v, root, "product", 1)))
		parse_product(p, prod);
	parse_context(p, root);

	n = pcfi_v_get(&p->v, root, "processes", 1);
	if (n) {
		size_t old = pcfi_v_push_key(&p->v, "processes");
		if (pcfi_v_is_seq(&p->v, n, "a list of processes")) {
			if (n->len == 0) {
				pcfi_v_err(&p->v, n, PCF_E_INVALID, "expected at least one process, found an empty list");
			} else if (n->len > p->lim->max_processes) {
				pcfi_v_err(&p->v, n, PCF_E_LIMIT, "%zu processes, more than the limit of %zu (see docs/limits.md)",
				           n->len, p->lim->max_processes);
			} else {
				inv->processes = list_alloc(p, n->len, sizeof *inv->processes);
				p->proc_nodes = calloc(n->len, sizeof *p->proc_nodes);
				p->proc_ok = calloc(n->len, 1);
				if (inv->processes && p->proc_nodes && p->proc_ok) {
					inv->nprocesses = n->len;
					if (pcfi_strmap_init(&inv->ids, n->len))
						pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
					for (i = 0; i < n->len; i++) {
						size_t o2 = pcfi_v_push_index(&p->v, i), k;
						pcf_process *pr = &inv->processes[i];
						p->proc_nodes[i] = n->u.kids[i];
						parse_process(p, i, n->u.kids[i]);
						if (pr->id) {
							if (pcfi_strmap_get(&inv->ids, pr->id, &k)) {
								size_t o3 = pcfi_v_push_key(&p->v, "id");
								pcfi_v_err(&p->v, pcfi_ymap_get(n->u.kids[i], "id"), PCF_E_INVALID,
								           "duplicate process id '%.100s' (first at line %lu, column %lu)", pr->id,
								           inv->processes[k].pos.line, inv->processes[k].pos.column);
								pcfi_v_pop(&p->v, o3);
								p->proc_ok[i] = 0;
							} else if (pcfi_strmap_put(&inv->ids, pr->id, i)) {
								pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
							}
						}
						pcfi_v_pop(&p->v, o2);
					}
				} else if (inv->processes) {
					pcfi_v_err(&p->v, NULL, PCF_E_NOMEM, "out of memory");
				}
			}
		}
		pcfi_v_pop(&p->v, old);
	}
	if ((n = pcfi_ymap_get(root, "exclusions"))) {
		size_t old = pcfi_v_push_key(&p->v, "exclusions");
		parse_exclusions(p, n);
		pcfi_v_pop(&p->v, old);
	}
	if ((n = pcfi_ymap_get(root, "offsets"))) {
		size_t old = pcfi_v_push_key(&p->v, "offsets");
		parse_offsets(p, n);
		pcfi_v_pop(&p->v, old);
	}
	if (inv->nprocesses && p->v.first != PCF_E_NOMEM) {
		resolve_inputs(p);
		if (prod && prod->kind == PCFI_Y_MAP)
			choose_reference(p, prod);
	}
}

pcf_status pcf_inventory_parse(const char *name, const void *bytes, size_t len, const pcf_factor_lib *factors,
                               const pcf_parse_limits *limits, pcf_inventory **out, pcf_diag *diag, pcf_error *err)
{
	return pcf_inventory_parse_ex(name, bytes, len, factors, limits, NULL, out, diag, err);
}

size_t pcf_inventory_supplier_count(const pcf_inventory *inv)
{
	return inv ? inv->nsuppliers : 0;
}

const pcf_input *pcf_inventory_supplier_input(const pcf_inventory *inv, size_t i)
{
	return inv && i < inv->nsuppliers ? inv->suppliers[i] : NULL;
}

pcf_status pcf_inventory_parse_ex(const char *name, const void *bytes, size_t len, const pcf_factor_lib *factors,
                                  const pcf_parse_limits *limits, const pcf_supplier_resolver *suppliers,
                                  pcf_inventory **out, pcf_diag *diag, pcf_error *err)
{
	pcf_parse_limits deflim;
	pcfi_ydoc *doc = NULL;
	parser p;
	pcf_status st;

	if (!out)
		return pcfi_error(err, PCF_E_ARG, "no output given");
	*out = NULL;
	if (!bytes && len)
		return pcfi_error(err, PCF_E_ARG, "no input given");
	if (!limits) {
		pcf_parse_limits_default(&deflim);
		limits = &deflim;
	}
	if (!name)
		name = "(inventory)";
	st = pcfi_yaml_load(name, bytes ? bytes : "", len, limits, &doc, diag, err);
	if (st)
		return st;
	memset(&p, 0, sizeof p);
	p.inv = calloc(1, sizeof *p.inv);
	if (!p.inv) {
		pcfi_ydoc_free(doc);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	p.lib = factors;
	p.lim = limits;
	p.suppliers = suppliers;
	pcfi_v_init(&p.v, name, &p.inv->arena, diag, err);
	p.inv->info.file = pcfi_arena_strdup(&p.inv->arena, name);
	if (!doc->root)
		pcfi_v_err_pos(&p.v, 1, 1, PCF_E_INVALID, "expected an inventory (a mapping), found an empty document");
	else
		parse_root(&p, doc->root);
	if (p.inv->arena.oom && p.v.first == PCF_OK)
		pcfi_v_err(&p.v, NULL, PCF_E_NOMEM, "out of memory");
	free(p.proc_nodes);
	free(p.proc_ok);
	pcfi_ydoc_free(doc);
	if (p.v.first != PCF_OK) {
		pcf_inventory_free(p.inv);
		return p.v.first;
	}
	*out = p.inv;
	return PCF_OK;
}

pcf_status pcf_inventory_load(const char *path, const pcf_factor_lib *factors, const pcf_parse_limits *limits,
                              pcf_inventory **out, pcf_diag *diag, pcf_error *err)
{
	pcf_parse_limits deflim;
	char *data;
	size_t len;
	pcf_status st;
	pcf_error e;

	if (!out || !path)
		return pcfi_error(err, PCF_E_ARG, "no path or output given");
	*out = NULL;
	if (!limits) {
		pcf_parse_limits_default(&deflim);
		limits = &deflim;
	}
	/* "-" is standard input (named "stdin" in messages), read within the same limit as a file. */
	if (!strcmp(path, "-")) {
		st = pcf_file_read(path, limits->max_bytes, &data, &len, &e);
		path = "stdin";
		if (st)
			snprintf(e.file, sizeof e.file, "%s", path);
	} else
		st = pcfi_read_file(path, limits->max_bytes, &data, &len, &e);
	if (st) {
		if (st == PCF_E_LIMIT)
			snprintf(e.message, sizeof e.message, "file is larger than the limit of %zu bytes (see docs/limits.md)",
			         limits->max_bytes);
		if (err)
			*err = e;
		pcfi_diag_add(diag, &e);
		return st;
	}
	st = pcf_inventory_parse(path, data, len, factors, limits, out, diag, err);
	free(data);
	return st;
}

void pcf_inventory_free(pcf_inventory *inv)
{
	if (!inv)
		return;
	pcfi_strmap_free(&inv->ids);
	pcfi_strmap_free(&inv->factor_ids);
	free(inv->suppliers);
	free(inv->factors);
	free(inv->factor_inline);
	pcfi_arena_free(&inv->arena);
	free(inv);
}

const pcf_inventory_info *pcf_inventory_get_info(const pcf_inventory *inv)
{
	return inv ? &inv->info : NULL;
}

const pcf_product *pcf_inventory_product(const pcf_inventory *inv)
{
	return inv ? &inv->product : NULL;
}

size_t pcf_inventory_process_count(const pcf_inventory *inv)
{
	return inv ? inv->nprocesses : 0;
}

const pcf_process *pcf_inventory_process(const pcf_inventory *inv, size_t i)
{
	return inv && i < inv->nprocesses ? &inv->processes[i] : NULL;
}

pcf_status pcf_inventory_find_process(const pcf_inventory *inv, const char *id, size_t *index)
{
	size_t k;

	if (!inv || !id || !index)
		return PCF_E_ARG;
	if (!pcfi_strmap_get(&inv->ids, id, &k))
		return PCF_E_NOTFOUND;
	*index = k;
	return PCF_OK;
}

size_t pcf_inventory_exclusion_count(const pcf_inventory *inv)
{
	return inv ? inv->nexclusions : 0;
}

const pcf_exclusion *pcf_inventory_exclusion(const pcf_inventory *inv, size_t i)
{
	return inv && i < inv->nexclusions ? &inv->exclusions[i] : NULL;
}

size_t pcf_inventory_offset_count(const pcf_inventory *inv)
{
	return inv ? inv->noffsets : 0;
}

const pcf_offset *pcf_inventory_offset(const pcf_inventory *inv, size_t i)
{
	return inv && i < inv->noffsets ? &inv->offsets[i] : NULL;
}

size_t pcf_inventory_factor_count(const pcf_inventory *inv)
{
	return inv ? inv->nfactors : 0;
}

const pcf_factor *pcf_inventory_factor(const pcf_inventory *inv, size_t i)
{
	return inv && i < inv->nfactors ? inv->factors[i] : NULL;
}

static void export_string(pcfi_jsonw *w, const char *key, const char *v)
{
	if (v) {
		pcfi_jsonw_key(w, key);
		pcfi_jsonw_string(w, v);
	}
}

pcf_status pcf_inventory_factors_export(const pcf_inventory *inv, const char *library, char **out, size_t *len,
                                        pcf_error *err)
{
	pcfi_jsonw w;
	pcf_status st;
	size_t i, j;

	if (!inv || !library || !*library || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_inventory_factors_export: bad arguments");
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "format-version");
	pcfi_jsonw_int(&w, PCF_INVENTORY_FORMAT_VERSION);
	pcfi_jsonw_key(&w, "library");
	pcfi_jsonw_string(&w, library);
	pcfi_jsonw_key(&w, "description");
	pcfi_jsonw_string(&w, "the library factors an inventory uses, as they were when it was computed");
	pcfi_jsonw_key(&w, "factors");
	pcfi_jsonw_begin_array(&w);
	for (i = 0; i < inv->nfactors; i++) {
		const pcf_factor *f = inv->factors[i];
		if (inv->factor_inline[i])
			continue;
		pcfi_jsonw_begin_object(&w);
		export_string(&w, "id", f->id);
		export_string(&w, "name", f->name);
		if (f->n_gases == 1) {
			pcfi_jsonw_key(&w, "value");
			pcfi_jsonw_number(&w, f->gases[0].amount);
			export_string(&w, "gas", f->gases[0].gas);
			export_string(&w, "gwp-set", f->gwp_set);
		} else {
			pcfi_jsonw_key(&w, "gases");
			pcfi_jsonw_begin_object(&w);
			for (j = 0; j < f->n_gases; j++) {
				pcfi_jsonw_key(&w, f->gases[j].gas);
				pcfi_jsonw_number(&w, f->gases[j].amount);
			}
			pcfi_jsonw_end_object(&w);
		}
		export_string(&w, "unit", f->unit);
		export_string(&w, "region", f->region);
		pcfi_jsonw_key(&w, "year");
		pcfi_jsonw_int(&w, f->year);
		export_string(&w, "source", f->source);
		export_string(&w, "url", f->url);
		export_string(&w, "licence", f->licence);
		export_string(&w, "notes", f->notes);
		export_string(&w, "library", f->library);
		pcfi_jsonw_end_object(&w);
	}
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_end_object(&w);
	st = pcfi_jsonw_finish(&w, out, len);
	return st ? pcfi_error(err, st, "cannot write the factors of %s", inv->info.file ? inv->info.file : "the inventory")
	          : PCF_OK;
}
