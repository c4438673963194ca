/*
 * plugins/gbt24067/gbt24067.c - the gbt24067 methodology plugin: GB/T 24067-2024, China's national
 * standard for the carbon footprint of products, based on ISO 14067:2018, as used for the national
 * product carbon-footprint label. It applies every iso14067 rule (same engine, plugins/common/cfp.c)
 * and the label's own checks; docs/methods/gbt24067.md lists them and how they differ. Its entry point
 * and its parameters, those of iso14067, come from plugins/common (cfp_plugin.c, cfp_params_iso.c).
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "../common/cfp_plugin.h"

/* GB/T 24067's electricity rules need each electricity factor's kind, which the inventory format cannot say
 * yet: an explicit key per factor id (docs/methods/gbt24067.md). */
static const pcf_param_spec p_electricity = {
	PCF_ABI_INIT(p_electricity), "electricity",
	"comma-separated FACTOR-ID=grid-average|grid-residual|market-green|direct-supply|own-generation", NULL,
	"the kind of each electricity factor used in China; without it grid electricity is recognised by the word "
	"'grid' in a factor's id or name"
};
static const pcf_param_spec *const gbt_params[] = { &cfp_param_allocation, &cfp_param_cutoff, &p_electricity, NULL };

const cfp_method cfp_plugin_method = {
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

const pcf_plugin cfp_plugin_descriptor = {
	PCF_ABI_INIT(cfp_plugin_descriptor),
	.id = "gbt24067",
	.version = "2.0.0",
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
	.params = gbt_params,
	.formats = NULL,
	.compute = cfp_plugin_compute,
	.export_format = NULL,
};
