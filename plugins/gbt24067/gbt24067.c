/*
 * plugins/gbt24067/gbt24067.c - the gbt24067 methodology plugin: GB/T 24067-2024, China's national
 * standard for the carbon footprint of products, based on ISO 14067:2018, as used for the national
 * product carbon-footprint label. It applies every iso14067 rule (same engine, plugins/common/cfp.c)
 * and the label's own checks; docs/methods/gbt24067.md lists them and how they differ.
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "../common/cfp.h"

static const cfp_method method = {
	.id = "gbt24067",
	.standard = "GB/T 24067-2024",
	.cl_boundary = "GB/T 24067-2024, as ISO 14067:2018 3.1.1 (CFP, partial CFP) and clause 6 (system boundary)",
	.cl_gwp = "GB/T 24067-2024, as ISO 14067:2018 clause 6 (impact assessment, GWP100)",
	.cl_offsets = "GB/T 24067-2024, as ISO 14067:2018 clause 6 (offsetting is not part of the CFP)",
	.cl_allocation = "GB/T 24067-2024, as ISO 14067:2018 clause 6 (allocation) and ISO 14044:2006 4.3.4.2",
	.cl_cutoff = "GB/T 24067-2024, as ISO 14067:2018 clause 6 (cut-off criteria) and ISO 14044:2006 4.2.3.3",
	.cl_report = "GB/T 24067-2024, as ISO 14067:2018 clause 7 (CFP study report)",
	.allow_gate_to_gate = 1,
	.offsets = CFP_OFFSETS_REFUSE,
	.cutoff = CFP_CUTOFF_CRITERION,
	.allocation_default = "physical",
	.china_label = 1,
	.cl_label = "GB/T 24067-2024 product carbon-footprint label certification (pcfkit label requirement, "
	            "not a clause of the standard)",
};

static pcf_status compute(const pcf_host *host, pcf_ctx *ctx)
{
	return cfp_compute(&method, host, ctx);
}

static const pcf_param_spec p_allocation = {
	PCF_ABI_INIT(p_allocation), "allocation", "physical|economic", "physical",
	"co-product allocation: physical follows the ISO 14044 hierarchy (mass where known, else economic value); "
	"economic uses economic value for every multi-output process"
};
static const pcf_param_spec p_cutoff = {
	PCF_ABI_INIT(p_cutoff), "cut-off", "share in [0,1] or percentage", NULL,
	"the stated cut-off criterion: the largest share of the footprint the inventory's exclusions may add up "
	"to; required when the inventory declares exclusions"
};
static const pcf_param_spec *const params[] = { &p_allocation, &p_cutoff, NULL };

static const pcf_plugin plugin = {
	PCF_ABI_INIT(plugin),
	.id = "gbt24067",
	.version = "1.0.0",
	.title = "GB/T 24067-2024 carbon footprint of products (China national label)",
	.standard = "GB/T 24067-2024 (based on ISO 14067:2018)",
	.clause = "as ISO 14067:2018 3.1.1, 6, 7; ISO 14044:2006 4.2.3.3, 4.3.4.2; label requirements (site, period, "
	          "grid factors)",
	.licence = "Apache-2.0",
	.description = "Carbon footprint of a product under GB/T 24067-2024 for the Chinese product carbon-footprint "
	               "label: every rule of iso14067 (partial CFP for cradle-to-gate, GWP100 AR6 unless asked, "
	               "fossil/biogenic/dLUC/aircraft apart, offsets refused, ISO 14044 allocation stated, cut-off "
	               "criterion stated and respected), plus the label's checks: a production site in China, a "
	               "reporting period of at most one year, and Chinese grid factors for grid electricity used in "
	               "China.",
	.params = params,
	.formats = NULL,
	.compute = compute,
	.export_format = NULL,
};

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	(void)host;
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &plugin;
	return PCF_OK;
}
