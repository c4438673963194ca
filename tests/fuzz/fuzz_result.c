/*
 * fuzz_result.c - libFuzzer target for the plugin result path, from both ends:
 *
 *  1. the bytes as a result.json, through pcf_result_json_method: what a verifier reads from an
 *     untrusted bundle before it recomputes (methodology, version, parameters);
 *  2. the bytes as a program for a methodology plugin: a plugin compiled into this target calls the
 *     host table (reads of the inventory, unit conversion, GWP, factors, solve, LCI, and every result
 *     builder call) with fuzzed arguments, NaN, infinities, huge and negative numbers, out-of-range
 *     indices, unknown names and arbitrary strings; then returns any status, with or without an
 *     error. pcf_compute must refuse whatever is incomplete or inconsistent with a message naming the
 *     plugin; whatever it accepts must write as strict JSON that pcf_result_json_method reads back,
 *     and as a table.
 *
 * Nothing may crash, leak or hang; the plugin runs in-process exactly as a dlopen'd one would.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/pcf.h>

#include "plugin/plugin_impl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small inventory: three linked processes, a loop, inline and library factors, emissions,
 * removals, a co-product, an exclusion and an offset. */
static const char inv_text[] =
	"format-version: 1\n"
	"product: {id: \"urn:fuzz:p\", name: Fuzzed product, declared-unit: {amount: 1, unit: kg}, process: assemble, mass-per-declared-unit: {amount: 1, unit: kg}}\n"
	"reporting-period: {start: 2025-01-01, end: 2025-12-31}\n"
	"organisation: {name: Fuzz}\n"
	"site: {country: DE}\n"
	"boundary: cradle-to-gate\n"
	"exclusions:\n"
	"  - {description: packaging, estimated-share: 0.01, justification: small}\n"
	"offsets:\n"
	"  - {description: forest, amount: 1, unit: kg, scheme: none}\n"
	"processes:\n"
	"  - id: assemble\n"
	"    name: Assemble\n"
	"    stage: production\n"
	"    reference-flow: {amount: 1, unit: kg}\n"
	"    inputs:\n"
	"      - {process: part, amount: 0.8, unit: kg}\n"
	"      - {factor: {value: 0.4, gas: co2-fossil, unit: kWh, source: s}, amount: 2, unit: kWh}\n"
	"      - {factor: fuzz-gas, amount: 0.5, unit: t}\n"
	"    emissions:\n"
	"      - {gas: ch4-fossil, amount: 0.001, unit: kg}\n"
	"    co-products:\n"
	"      - {name: scrap, amount: 0.1, unit: kg, mass: {amount: 0.1, unit: kg}}\n"
	"  - id: part\n"
	"    name: Part\n"
	"    stage: raw-material-acquisition\n"
	"    reference-flow: {amount: 1, unit: kg}\n"
	"    inputs:\n"
	"      - {process: assemble, amount: 0.05, unit: kg}\n"
	"      - {factor: {value: 1.1, gas: co2e, gwp-set: AR5, unit: tkm, source: carrier}, amount: 2, unit: t*km}\n"
	"    removals:\n"
	"      - {gas: co2-biogenic, amount: 0.3, unit: kg}\n";

static const char lib_text[] =
	"format-version: 1\nlibrary: fuzz\nfactors:\n"
	"  - {id: fuzz-gas, name: g, unit: t, gases: {co2-fossil: 2440.68, ch4-fossil: 0.258, n2o: 0.0387},"
	" region: GLO, year: 2006, source: s, licence: l}\n";

static const char *const names[] = {
	"fossil", "biogenic-emissions", "biogenic-removals", "dluc", "aircraft", "direct", "indirect",
	"raw-material-acquisition", "production", "distribution", "use", "end-of-life",
	"co2-fossil", "co2-biogenic", "ch4-fossil", "ch4-non-fossil", "n2o", "HFC-134a", "co2e",
	"AR4", "AR5", "AR6", "kg CO2e", "kg", "t", "kWh", "MJ", "tkm", "t*km", "lb", "piece",
	"cradle-to-gate", "cradle-to-grave", "gate-to-gate", "none", "physical", "economic",
	"system-expansion", "assemble", "part", "fuzz-gas", "", "x", "%s%n%s", "\xc3\xa9t\xc3\xa9",
};
#define NNAMES (sizeof names / sizeof names[0])

static const double numbers[] = {
	0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 4.9e-324, 1e308, -1e308, 1.7976931348623157e308, 0.1, 2.0,
	1e-9, 1e-12, 3.0, 1e15,
};
#define NNUMBERS (sizeof numbers / sizeof numbers[0])

/* The program being run (one input at a time; libFuzzer runs inputs one after the other). */
static struct {
	const uint8_t *p;
	size_t n;
	char strings[8][80];
	unsigned next;
} prog;

static unsigned byte(void)
{
	if (!prog.n)
		return 0;
	prog.n--;
	return *prog.p++;
}

static double number(void)
{
	unsigned b = byte();
	double d;

	if (b < NNUMBERS)
		return numbers[b];
	if (b == 0xf0)
		return NAN;
	if (b == 0xf1)
		return INFINITY;
	if (b == 0xf2)
		return -INFINITY;
	if (b >= 0xf8 && prog.n >= sizeof d) {
		memcpy(&d, prog.p, sizeof d);
		prog.p += sizeof d;
		prog.n -= sizeof d;
		return d;
	}
	return (double)(int)(b - 128) / 8.0;
}

/* A known name, NULL, or a string from the input (valid until eight more strings are taken). */
static const char *string(void)
{
	unsigned b = byte(), len, i;
	char *s;

	if (b < 0x80)
		return names[b % NNAMES];
	if (b == 0xff)
		return NULL;
	len = (b - 0x80) % 72;
	s = prog.strings[prog.next++ % 8];
	for (i = 0; i < len && prog.n; i++) {
		s[i] = (char)byte();
		if (!s[i])
			s[i] = ' ';
	}
	s[i] = 0;
	return s;
}

static size_t index_arg(void)
{
	unsigned b = byte();
	return b == 0xff ? (size_t)-1 : b == 0xfe ? PCF_NO_PROCESS - 1 : (size_t)(b % 8);
}

static pcf_status fuzz_compute(const pcf_host *h, pcf_ctx *ctx)
{
	const pcf_factor *f = NULL;
	double supply[4], scale[4], d;
	unsigned steps = 0;
	size_t i, n;

	while (prog.n && steps++ < 256) {
		unsigned op = byte() % 32;
		switch (op) {
		case 0: {
			double t = number();
			h->set_total(ctx, t, string());
			break;
		}
		case 1: h->set_gwp_set(ctx, string()); break;
		case 2: h->set_boundary(ctx, string()); break;
		case 3: {
			const char *s = string();
			h->set_figure(ctx, s, number());
			break;
		}
		case 4: {
			const char *s = string();
			h->add_stage(ctx, s, number());
			break;
		}
		case 5: {
			const char *s = string();
			double co2e = number();
			h->add_gas(ctx, s, co2e, number());
			break;
		}
		case 6: {
			size_t p = index_arg();
			h->add_process(ctx, p, number());
			break;
		}
		case 7: h->set_primary_share(ctx, number()); break;
		case 8: h->set_cutoff_share(ctx, number()); break;
		case 9: {
			const char *m = string();
			h->set_allocation(ctx, m, string());
			break;
		}
		case 10:
			f = NULL;
			if (h->factor_find(ctx, string(), &f) == PCF_OK && f) {
				pcf_factor_info fi = { .abi = PCF_ABI_INIT(fi) };
				const char *gas;
				if (h->factor_info(ctx, f, &fi) == PCF_OK && fi.id == NULL)
					abort();
				h->factor_gas(ctx, f, index_arg(), &gas, &d);
				h->factor_co2e(ctx, f, string(), &d);
				if (byte() & 1)
					h->add_factor(ctx, f);
			}
			break;
		case 11: {
			const char *s = string();
			h->warn(ctx, "%s", s ? s : "(null)");
			break;
		}
		case 12: {
			pcf_product_info pi = { .abi = PCF_ABI_INIT(pi) };
			if (h->product(ctx, &pi) != PCF_OK || pi.process_count != 2)
				abort();
			break;
		}
		case 13: {
			pcf_process_info pi = { .abi = PCF_ABI_INIT(pi) };
			if (byte() & 1)
				pi.abi.size = byte(); /* an older or broken plugin's struct size */
			h->process(ctx, index_arg(), &pi);
			break;
		}
		case 14: h->process_find(ctx, string(), &i); break;
		case 15: {
			pcf_input_info ii = { .abi = PCF_ABI_INIT(ii) };
			size_t p = index_arg();
			h->input(ctx, p, index_arg(), &ii);
			break;
		}
		case 16: {
			pcf_emission_info e = { .abi = PCF_ABI_INIT(e) };
			pcf_removal_info r = { .abi = PCF_ABI_INIT(r) };
			pcf_coproduct_info c = { .abi = PCF_ABI_INIT(c) };
			size_t p = index_arg();
			i = index_arg();
			h->emission(ctx, p, i, &e);
			h->removal(ctx, p, i, &r);
			h->coproduct(ctx, p, i, &c);
			break;
		}
		case 17: {
			pcf_exclusion_info x = { .abi = PCF_ABI_INIT(x) };
			pcf_offset_info o = { .abi = PCF_ABI_INIT(o) };
			i = index_arg();
			h->exclusion(ctx, i, &x);
			h->offset(ctx, i, &o);
			break;
		}
		case 18: {
			double v = number();
			const char *from = string();
			h->convert(ctx, v, from, string(), &d);
			break;
		}
		case 19: {
			pcf_gwp_set_info gi = { .abi = PCF_ABI_INIT(gi) };
			const char *set = string();
			h->gwp(ctx, set, string(), &d);
			h->gwp_set_info(ctx, set, &gi);
			break;
		}
		case 20:
			n = byte() % 5; /* the right count is 2; others must be refused */
			for (i = 0; i < 4; i++)
				scale[i] = number();
			if (h->solve(ctx, (byte() & 1) ? scale : NULL, supply, n) == PCF_OK &&
			    h->lci(ctx, supply, (byte() & 1) ? scale : NULL, n) == PCF_OK) {
				pcf_flow_info fl = { .abi = PCF_ABI_INIT(fl) };
				size_t c = h->lci_count(ctx);
				for (i = 0; i < c && i < 64; i++)
					if (h->lci_flow(ctx, i, &fl) != PCF_OK)
						abort();
				h->lci_flow(ctx, c + byte(), &fl);
			}
			break;
		case 21: h->param(ctx, string()); break;
		case 22: {
			/* a consistent result around one number, to get past the checks often */
			double t = number();
			h->set_total(ctx, t, "kg CO2e");
			h->set_gwp_set(ctx, "AR6");
			h->set_figure(ctx, "fossil", t);
			h->set_figure(ctx, "biogenic-emissions", 0);
			h->set_figure(ctx, "biogenic-removals", 0);
			h->set_figure(ctx, "dluc", 0);
			h->set_figure(ctx, "aircraft", 0);
			h->add_stage(ctx, "production", t);
			h->add_gas(ctx, "co2-fossil", t, t);
			h->add_process(ctx, 0, t);
			h->set_primary_share(ctx, 1);
			h->set_allocation(ctx, "none", NULL);
			break;
		}
		case 23: {
			pcf_status st = (pcf_status)(byte() % 16);
			const char *s = string();
			return h->error(ctx, st, "%s", s ? s : "x");
		}
		case 24: {
			const char *rule = string(), *clause = string();
			size_t p = index_arg();
			return h->rule_error(ctx, rule, clause, p, string(), "fuzzed rule");
		}
		case 25:
			return (pcf_status)(byte() % 16); /* a status without an error message */
		case 26: h->log(ctx, (int)byte() % 4 - 1, "%s", "log"); break;
		case 27: {
			void *p = h->alloc(byte());
			p = h->realloc(p, byte());
			h->free(p);
			break;
		}
		case 28: {
			/* the read-back functions are for exports only: during compute they must refuse */
			pcf_result_info ri = { .abi = PCF_ABI_INIT(ri) };
			pcf_item_info it = { .abi = PCF_ABI_INIT(it) };
			pcf_factor_info fi = { .abi = PCF_ABI_INIT(fi) };
			h->result_info(ctx, &ri);
			h->result_item(ctx, (int)byte() % 6, index_arg(), &it);
			h->result_factor(ctx, index_arg(), &fi);
			break;
		}
		default:
			break;
		}
	}
	return PCF_OK;
}

static pcf_plugin fuzz_desc = {
	.abi = PCF_ABI_INIT(fuzz_desc),
	.id = "fuzz",
	.version = "1.0.0",
	.title = "fuzzed plugin",
	.standard = "none",
	.clause = "-",
	.licence = "MIT",
	.description = "calls the host table with fuzzed arguments",
	.compute = fuzz_compute,
};

/* Checks that hold for every result pcf_compute accepts. */
static void check_result(const pcf_result *r, unsigned width)
{
	char *json = NULL, *table = NULL, *id = NULL, *ver = NULL;
	size_t len = 0, tlen = 0, i, l;
	pcf_params *params = NULL;
	json_error_t je;
	json_t *root;
	pcf_error e;

	if (!isfinite(pcf_result_total(r)))
		abort();
	if (pcf_result_json(r, &json, &len, &e) != PCF_OK)
		abort();
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &je)))
	{
		fprintf(stderr, "result.json is not strict JSON: %d:%d: %s\n%.*s\n", je.line, je.column, je.text, (int)len, json);
		abort(); /* the writer must write strict JSON */
	}
	json_decref(root);
	if (pcf_result_json_method(json, len, &id, &ver, &params, &e) != PCF_OK || strcmp(id, "fuzz") ||
	    strcmp(ver, "1.0.0"))
		abort(); /* and a verifier must read back what it wrote */
	free(id);
	free(ver);
	pcf_params_free(params);
	free(json);
	if (pcf_result_table(r, width, &table, &tlen, &e) != PCF_OK || strlen(table) != tlen)
		abort();
	free(table);
	for (l = PCF_RESULT_STAGES; l <= PCF_RESULT_FIGURES; l++)
		for (i = 0; i <= pcf_result_count(r, (int)l); i++) {
			const char *name;
			double v, s;
			pcf_status st = pcf_result_item(r, (int)l, i, &name, &v, &s);
			if ((st == PCF_OK) != (i < pcf_result_count(r, (int)l)))
				abort();
		}
	for (i = 0; i < pcf_result_warning_count(r); i++)
		if (!pcf_result_warning(r, i))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pcf_factor_lib *lib;
	static pcf_inventory *inv;
	static pcf_method method;
	pcf_result *r = NULL;
	pcf_params *params = NULL;
	char *id = NULL, *ver = NULL;
	pcf_error err;
	unsigned width;

	if (!inv) {
		pcf_diag *diag = pcf_diag_new();
		char buf[2048];
		size_t i;
		if (pcf_factor_lib_new(&lib, &err) ||
		    pcf_factor_lib_load_bytes(lib, "fuzz-lib.yaml", lib_text, strlen(lib_text), NULL, &err) ||
		    pcf_inventory_parse("fuzz.yaml", inv_text, strlen(inv_text), lib, NULL, &inv, diag, &err)) {
			fprintf(stderr, "fuzz_result: the built-in inventory does not load: %s\n",
			        pcf_error_format(&err, buf, sizeof buf));
			for (i = 0; i < pcf_diag_count(diag); i++)
				fprintf(stderr, "  %s\n", pcf_error_format(pcf_diag_get(diag, i), buf, sizeof buf));
			abort();
		}
		pcf_diag_free(diag);
		method.desc = fuzz_desc;
		method.abi_major = PCF_PLUGIN_ABI_MAJOR;
		method.abi_minor = PCF_PLUGIN_ABI_MINOR;
		method.path = (char *)"fuzz.so";
		method.real = (char *)"fuzz.so";
	}

	/* 1. the bytes as a result.json read by a verifier */
	if (pcf_result_json_method(data, size, &id, &ver, &params, &err) == PCF_OK) {
		if (!id || !ver || !params)
			abort();
		free(id);
		free(ver);
		pcf_params_free(params);
	} else if (!err.message[0]) {
		abort();
	}

	/* 2. the bytes as the calls of a plugin */
	memset(&prog, 0, sizeof prog);
	prog.p = data;
	prog.n = size;
	width = byte();
	pcf_error_clear(&err);
	if (pcf_compute(&method, inv, NULL, &r, &err) == PCF_OK) {
		check_result(r, width);
		pcf_result_free(r);
	} else if (!strstr(err.message, "fuzz") || r) {
		abort(); /* a refusal names the plugin, says why, and hands nothing back */
	}
	return 0;
}
