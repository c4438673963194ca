/*
 * plugins/ghg-product/ghg-product.c - the ghg-product methodology plugin: GHG Protocol Product Life
 * Cycle Accounting and Reporting Standard (WRI/WBCSD, 2011). Rules in docs/methods/ghg-product.md;
 * the engine is plugins/common/cfp.c, compiled into this plugin with its entry point
 * (plugins/common/cfp_plugin.c).
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "../common/cfp_plugin.h"

const cfp_method cfp_plugin_method = {
	.id = "ghg-product",
	.standard = "GHG Protocol Product Standard (2011)",
	.cl_boundary = "GHG Protocol Product Standard (2011) chapter 6 (scope: cradle-to-grave; cradle-to-gate only "
	               "for intermediate products, justified)",
	.cl_gwp = "GHG Protocol Product Standard (2011) chapter 11 (calculating inventory results, GWP100)",
	.cl_offsets = "GHG Protocol Product Standard (2011) chapter 11 (offsets are not included in the inventory results)",
	.cl_allocation = "GHG Protocol Product Standard (2011) chapter 9 (allocation)",
	.cl_cutoff = "GHG Protocol Product Standard (2011) chapter 7 (boundary setting: exclusions disclosed and justified)",
	.cl_report = "GHG Protocol Product Standard (2011) chapters 11 and 13 (biogenic and non-biogenic apart)",
	.allow_gate_to_gate = 0,
	.cradle_to_gate_intermediate = 1,
	.offsets = CFP_OFFSETS_REPORT_APART,
	.cutoff = CFP_CUTOFF_JUSTIFIED,
	.allocation_default = "physical",
	.recycling = CFP_RECYCLING_DECLARED,
	.cl_recycling = "GHG Protocol Product Standard (2011) chapter 9 (recycling: closed-loop approximation or "
	                "recycled-content method)",
	.fig_tech_removals = "non-biogenic-removals",
};

static const pcf_param_spec p_allocation = {
	PCF_ABI_INIT(p_allocation), "allocation", "physical|economic", "physical",
	"co-product allocation where the inventory does not avoid it: physical (mass, falling back to economic "
	"value) or economic"
};
static const pcf_param_spec p_kind = {
	PCF_ABI_INIT(p_kind), "product-kind", "final|intermediate", "final",
	"final products need a cradle-to-grave inventory; an intermediate product may be cradle-to-gate"
};
static const pcf_param_spec p_why = {
	PCF_ABI_INIT(p_why), "cradle-to-gate-justification", "text", NULL,
	"why the inventory of an intermediate product stops at the gate (required for cradle-to-gate)"
};
static const pcf_param_spec p_recycling = {
	PCF_ABI_INIT(p_recycling), "recycling", "recycled-content|closed-loop", NULL,
	"the recycling allocation method; required when an end-of-life process recovers material"
};
static const pcf_param_spec p_fossil_c = {
	PCF_ABI_INIT(p_fossil_c), "fossil-carbon-content", "kg C per declared unit", NULL,
	"the fossil carbon an intermediate product contains (cradle-to-gate), reported as figure fossil-carbon-content "
	"in kg CO2 (x 44/12), not counted in the total"
};
static const pcf_param_spec *const params[] = { &p_allocation, &p_kind, &p_why, &p_recycling, &p_fossil_c, NULL };

const pcf_plugin cfp_plugin_descriptor = {
	PCF_ABI_INIT(cfp_plugin_descriptor),
	.id = "ghg-product",
	.version = "2.0.0",
	.title = "GHG Protocol Product Life Cycle Accounting and Reporting Standard (2011)",
	.standard = "GHG Protocol Product Standard (2011)",
	.clause = "chapters 6 (scope), 7 (boundary setting), 9 (allocation, recycling), 11 (calculating inventory "
	          "results), 13 (reporting: non-biogenic removals, carbon content of an intermediate product)",
	.licence = "Apache-2.0",
	.description = "Product life cycle GHG inventory under the GHG Protocol Product Standard: cradle-to-grave; "
	               "cradle-to-gate only for an intermediate product with a justification (parameters "
	               "product-kind and cradle-to-gate-justification); gate-to-gate refused. Biogenic and "
	               "non-biogenic emissions and removals (non-biogenic removals apart from the fossil "
	               "emissions), and land-use change, reported apart; the fossil carbon content of an "
	               "intermediate product reportable. Offsets are not included (reported apart). Exclusions must "
	               "be justified. Co-products allocated physically (else economically); material recovered at "
	               "end of life by the declared recycling method: recycled-content (no credit) or closed-loop "
	               "approximation (credit for the virgin material displaced).",
	.params = params,
	.formats = NULL,
	.compute = cfp_plugin_compute,
	.export_format = NULL,
};
