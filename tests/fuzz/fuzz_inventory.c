/*
 * fuzz_inventory.c - libFuzzer target: an inventory from bytes through the whole checking path
 * (strict YAML, validation, links, units) and, when it is valid, the supply solve and the
 * life-cycle inventory. The factor library is a small one parsed once from memory, so that
 * library references resolve without touching the file system. Any crash, leak or sanitizer
 * report is a finding.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/pcf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lib_text[] =
	"format-version: 1\nlibrary: fuzz\nfactors:\n"
	"  - {id: cn-grid-2023, name: g, value: 0.5306, gas: co2-fossil, unit: kWh, region: CN, year: 2023, source: s, licence: l}\n"
	"  - {id: ipcc2006-coal-bituminous-t, name: c, unit: t, gases: {co2-fossil: 2440.68, ch4-fossil: 0.258, n2o: 0.0387},\n"
	"     region: GLO, year: 2006, source: s, licence: l}\n"
	"  - {id: ipcc2006-road-diesel-t, name: d, unit: t, gases: {co2-fossil: 3186.3}, region: GLO, year: 2006, source: s, licence: l}\n"
	"  - {id: ipcc2006-natural-gas-tj, name: n, unit: TJ, gases: {co2-fossil: 56100}, region: GLO, year: 2006, source: s, licence: l}\n"
	"  - {id: ipcc2006-aviation-jet-kerosene-t, name: j, unit: t, gases: {co2-fossil: 3153.15}, region: GLO, year: 2006, source: s, licence: l}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pcf_factor_lib *lib;
	pcf_parse_limits lim;
	pcf_inventory *inv = NULL;
	pcf_diag *diag = pcf_diag_new();
	pcf_error err;

	if (!lib && (pcf_factor_lib_new(&lib, NULL) ||
	             pcf_factor_lib_load_bytes(lib, "fuzz-lib", lib_text, strlen(lib_text), NULL, NULL)))
		abort();
	pcf_parse_limits_default(&lim);
	lim.max_nodes = 200000;  /* keep each run small; the limits themselves are unit-tested */
	if (pcf_inventory_parse("fuzz.yaml", data, size, lib, &lim, &inv, diag, &err) == PCF_OK) {
		size_t n = pcf_inventory_process_count(inv);
		double *s = malloc(n * sizeof *s);
		pcf_lci *lci = NULL;
		if (s && pcf_solve(inv, s, n, &err) == PCF_OK && pcf_lci_build(inv, s, n, &lci, &err) == PCF_OK)
			pcf_lci_free(lci);
		free(s);
		pcf_inventory_free(inv);
	} else if (pcf_diag_count(diag) == 0) {
		abort(); /* every failure must say why */
	}
	pcf_diag_free(diag);
	return 0;
}
