/*
 * plugins/iso14067/iso14067.c - the iso14067 methodology plugin: ISO 14067:2018, carbon footprint
 * of products (the default methodology of pcfkit). The rules are those of docs/methods/iso14067.md;
 * the engine that applies them is plugins/common/cfp.c, compiled into this plugin with its entry
 * point (plugins/common/cfp_plugin.c) and its parameters (plugins/common/cfp_params_iso.c, which
 * gbt24067 shares).
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "../common/cfp_plugin.h"

const cfp_method cfp_plugin_method = {
	.id = "iso14067",
	.standard = "ISO 14067:2018",
	.cl_boundary = "ISO 14067:2018 3.1.1 (CFP, partial CFP) and clause 6 (system boundary)",
	.cl_gwp = "ISO 14067:2018 clause 6 (impact assessment, GWP100)",
	.cl_offsets = "ISO 14067:2018 clause 6 (offsetting is not part of the CFP)",
	.cl_allocation = "ISO 14067:2018 clause 6 (allocation), ISO 14044:2006 4.3.4.2",
	.cl_cutoff = "ISO 14067:2018 clause 6 (cut-off criteria), ISO 14044:2006 4.2.3.3",
	.cl_report = "ISO 14067:2018 clause 7 (CFP study report)",
	.allow_gate_to_gate = 1,
	.offsets = CFP_OFFSETS_REFUSE,
	.cutoff = CFP_CUTOFF_CRITERION,
	.allocation_default = "physical",
};

const pcf_plugin cfp_plugin_descriptor = {
	PCF_ABI_INIT(cfp_plugin_descriptor),
	.id = "iso14067",
	.version = "2.0.0",
	.title = "ISO 14067:2018 carbon footprint of products (CFP and partial CFP)",
	.standard = "ISO 14067:2018",
	.clause = "3.1.1, 6 (system boundary, cut-off, allocation, GWP100), 7 (separate reporting); ISO 14044:2006 "
	          "4.2.3.3, 4.3.4.2",
	.licence = "Apache-2.0",
	.description = "Carbon footprint of a product under ISO 14067:2018: cradle-to-grave gives a CFP, "
	               "cradle-to-gate or gate-to-gate a partial CFP (processes of stages outside the boundary are "
	               "refused). GWP100 of IPCC AR6 unless the inventory asks for another set (with a warning). "
	               "Fossil emissions, technological (non-biogenic) removals, biogenic emissions, biogenic "
	               "removals, direct land-use change and aircraft emissions are reported apart; the default "
	               "library's grid factors are said to be combustion-only. Offsets are refused. Co-products are "
	               "allocated by the ISO 14044 hierarchy (physical by mass where every product's mass is known, "
	               "else economic), stated in the result; a co-product without the data is refused. Exclusions "
	               "need a stated cut-off criterion (--param cut-off) and may not exceed it; the exempted share "
	               "is reported.",
	.params = cfp_params_iso,
	.formats = NULL,
	.compute = cfp_plugin_compute,
	.export_format = NULL,
};
