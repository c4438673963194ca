/*
 * plugins/common/amounts.h - the rule error for inventory amounts too large to compute (issue 13: huge
 * but finite numbers, 1e308 kg, overflow in a product or a sum). It names the entry behind the LCI flow
 * (process and "emissions[k]", "removals[k]" or "inputs[k]"), so that the host adds its file:line:column.
 * Header-only, for every plugin folder; nothing in it changes a result.
 */
#ifndef PCF_PLUGINS_COMMON_AMOUNTS_H
#define PCF_PLUGINS_COMMON_AMOUNTS_H

#include <math.h>
#include <stdio.h>

#include <pcf/plugin.h>

#define PCFP_RULE_AMOUNTS "amounts-in-range"

/* The entry of the inventory a flow comes from, as host->rule_error's field. */
static inline const char *pcfp_flow_field(const pcf_flow_info *f, char *buf, size_t n)
{
	snprintf(buf, n, "%s[%zu]", f->origin == PCF_FROM_REMOVAL ? "removals" : f->origin == PCF_FROM_FACTOR ? "inputs"
	                                                                                                        : "emissions",
	         f->index);
	return buf;
}

static inline const char *pcfp_flow_kind(const pcf_flow_info *f)
{
	return f->origin == PCF_FROM_REMOVAL ? "removal" : f->origin == PCF_FROM_FACTOR ? "input" : "emission";
}

/* The flow's kg CO2e, co2e (mass times GWP), is not a finite number. Returns PCF_E_RULE. */
static inline pcf_status pcfp_flow_not_finite(const pcf_host *h, pcf_ctx *ctx, const pcf_flow_info *f, double mass,
                                              double gwp)
{
	char field[48];

	return h->rule_error(ctx, PCFP_RULE_AMOUNTS, NULL, f->process, pcfp_flow_field(f, field, sizeof field),
	                     "the %s of %s is not a finite number of kg CO2e (%g kg for the declared unit, GWP %g): "
	                     "the inventory's amounts are out of range", pcfp_flow_kind(f), f->gas ? f->gas : "co2e",
	                     mass, gwp);
}

/*
 * Add |co2e| of flow f to *magnitude, the sum of the absolute values of the contributions so far: while it
 * is finite, so is every sum of the contributions (total, figures, breakdowns). When it is not, the rule
 * error names f, the entry that made the sums overflow. Returns PCF_OK or PCF_E_RULE.
 */
static inline pcf_status pcfp_add_magnitude(const pcf_host *h, pcf_ctx *ctx, const pcf_flow_info *f, double co2e,
                                            double *magnitude)
{
	char field[48];

	*magnitude += fabs(co2e);
	if (isfinite(*magnitude))
		return PCF_OK;
	return h->rule_error(ctx, PCFP_RULE_AMOUNTS, NULL, f->process, pcfp_flow_field(f, field, sizeof field),
	                     "with this %s of %s (%g kg CO2e) the footprint's contributions add up to more than the "
	                     "largest number: the inventory's amounts are out of range", pcfp_flow_kind(f),
	                     f->gas ? f->gas : "co2e", co2e);
}

#endif
