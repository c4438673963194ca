/*
 * plugins/pas2050/pas2050.c - the pas2050 methodology plugin: PAS 2050:2011, specification for the
 * assessment of the life cycle greenhouse gas emissions of goods and services (BSI). Rules in
 * docs/methods/pas2050.md; the engine is plugins/common/cfp.c, compiled into this plugin with its
 * entry point (plugins/common/cfp_plugin.c).
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "../common/cfp_plugin.h"

const cfp_method cfp_plugin_method = {
	.id = "pas2050",
	.standard = "PAS 2050:2011",
	.cl_boundary = "PAS 2050:2011 clause 6 (system boundary: cradle-to-grave, or cradle-to-gate up to the business "
	               "customer for B2B)",
	.cl_gwp = "PAS 2050:2011 clause 5 (emissions and removals, GWP100)",
	.cl_offsets = "PAS 2050:2011 clause 5 (emissions and removals: offsets are not part of the assessment)",
	.cl_allocation = "PAS 2050:2011 clause 8 (allocation of emissions)",
	.cl_cutoff = "PAS 2050:2011 6.3 (materiality: 1 % threshold, 95 % coverage, of the remaining sources "
	             "where one source exceeds 50 %)",
	.cl_report = "PAS 2050:2011 clause 5 (emissions and removals)",
	.allow_gate_to_gate = 0,
	.gate_includes_delivery = 1,
	.offsets = CFP_OFFSETS_REFUSE,
	.cutoff = CFP_CUTOFF_MATERIALITY,
	.allocation_default = "economic",
	.pas_exclusions = 1,
	.cl_exclusions = "PAS 2050:2011 clause 6 (system boundary exclusions)",
	.cl_dluc = "PAS 2050:2011 5.6 (land use change, 20 years)",
	.cl_chp = "PAS 2050:2011 8.5 (allocation of emissions from combined heat and power)",
};

static const pcf_param_spec p_allocation = {
	PCF_ABI_INIT(p_allocation), "allocation", "economic|physical", "economic",
	"co-product allocation where the inventory does not subdivide the process: economic value (clause 8), or "
	"physical (mass, falling back to economic) where supplementary requirements ask for it"
};
static const pcf_param_spec p_capital = {
	PCF_ABI_INIT(p_capital), "capital-goods", "process ids, comma-separated", NULL,
	"processes that are capital goods: excluded from the assessment, their emissions reported apart"
};
static const pcf_param_spec p_human = {
	PCF_ABI_INIT(p_human), "human-energy", "process ids, comma-separated", NULL,
	"processes that are human energy inputs: excluded, reported apart"
};
static const pcf_param_spec p_consumer = {
	PCF_ABI_INIT(p_consumer), "consumer-transport", "process ids, comma-separated", NULL,
	"processes that are consumer transport to and from the point of retail: excluded, reported apart"
};
static const pcf_param_spec p_dluc = {
	PCF_ABI_INIT(p_dluc), "dluc", "annualised|total", "annualised",
	"how the inventory gives land-use-change emissions: already annualised (one twentieth of the change per "
	"year), or the total of the change, which the plugin spreads over 20 years"
};
static const pcf_param_spec p_animal = {
	PCF_ABI_INIT(p_animal), "animal-transport", "process ids, comma-separated", NULL,
	"processes that are animals providing transport services: excluded, reported apart"
};
static const pcf_param_spec p_food = {
	PCF_ABI_INIT(p_food), "food-feed", "yes|no", "no",
	"the product is food or feed (5.4): the biogenic CO2 taken up into it and emitted again is not counted "
	"(reported apart); biogenic CH4 is counted"
};
static const pcf_param_spec p_chp_el = {
	PCF_ABI_INIT(p_chp_el), "chp-electricity", "process ids, comma-separated", NULL,
	"CHP processes whose reference flow is the electricity and whose co-products are the useful heat (8.5): "
	"allocated by energy, a MJ of electricity bearing 2.5 times the emissions of a MJ of heat"
};
static const pcf_param_spec p_chp_heat = {
	PCF_ABI_INIT(p_chp_heat), "chp-heat", "process ids, comma-separated", NULL,
	"CHP processes whose reference flow is the useful heat and whose co-products are the electricity (8.5)"
};
static const pcf_param_spec *const params[] = { &p_allocation, &p_capital, &p_human, &p_consumer, &p_animal, &p_dluc,
	                                        &p_food, &p_chp_el, &p_chp_heat, NULL };

const pcf_plugin cfp_plugin_descriptor = {
	PCF_ABI_INIT(cfp_plugin_descriptor),
	.id = "pas2050",
	.version = "2.0.0",
	.title = "PAS 2050:2011 life cycle GHG emissions of goods and services",
	.standard = "PAS 2050:2011",
	.clause = "5 (GWP100, offsets), 5.4 (biogenic carbon in food and feed), 5.6 (land use change over 20 "
	          "years), 6 (boundary, exclusions), 6.3 (materiality and coverage, a source above 50 %), "
	          "8 (allocation), 8.5 (CHP)",
	.licence = "Apache-2.0",
	.description = "Life cycle GHG emissions under PAS 2050:2011: cradle-to-grave (B2C) or cradle-to-gate "
	               "(B2B); gate-to-gate refused. Exclusions must each be below the 1 % materiality threshold "
	               "and leave at least 95 % coverage (of the remaining sources where one process exceeds 50 % "
	               "of the emissions). Capital goods, human energy inputs, consumer transport and animals "
	               "providing transport (named with parameters) are excluded and reported apart. For food and "
	               "feed (food-feed=yes) biogenic CO2 uptake and emission are not counted (reported apart), "
	               "biogenic CH4 is. CHP processes named with chp-electricity or chp-heat share their emissions "
	               "by energy, electricity 2.5 times heat per MJ (8.5). Land-use change emissions are spread "
	               "over 20 years when given as a total. Co-products are allocated by economic value unless "
	               "asked otherwise. Offsets are refused. GWP100 of AR6 unless the inventory asks for another "
	               "set.",
	.params = params,
	.formats = NULL,
	.compute = cfp_plugin_compute,
	.export_format = NULL,
};
