/*
 * plugins/common/cfp_params_iso.c - the parameters of ISO 14067:2018 (allocation by the ISO 14044
 * hierarchy, the stated cut-off criterion), which GB/T 24067-2024 declares the same: compiled into the
 * iso14067 and gbt24067 plugins.
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "cfp_plugin.h"

const pcf_param_spec cfp_param_allocation = {
	PCF_ABI_INIT(cfp_param_allocation), "allocation", "physical|economic", "physical",
	"co-product allocation: physical follows the ISO 14044 hierarchy (mass where known, else economic value); "
	"economic uses economic value for every multi-output process"
};
const pcf_param_spec cfp_param_cutoff = {
	PCF_ABI_INIT(cfp_param_cutoff), "cut-off", "share in [0,1] or percentage", NULL,
	"the stated cut-off criterion: the largest share of the footprint the inventory's exclusions may add up "
	"to; required when the inventory declares exclusions"
};
const pcf_param_spec *const cfp_params_iso[] = { &cfp_param_allocation, &cfp_param_cutoff, NULL };
