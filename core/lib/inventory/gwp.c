/*
 * gwp.c - gas look-up (ids, formulas, aliases) and the AR4/AR5/AR6 GWP100 sets over gwp_table.c.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "inventory/gwp_impl.h"
#include "base/error_impl.h"

struct pcf_gwp_set {
	const char *name, *title, *source;
	int column;
};

static const struct pcf_gwp_set sets[] = {
	{ "AR4", "IPCC AR4 GWP100",
	  "IPCC Fourth Assessment Report, WG1 (2007), Table 2.14, 100-year GWP; CH4 25 for fossil and non-fossil "
	  "alike (AR4 gives one value); data: openclimatedata/globalwarmingpotentials (CC0)", 0 },
	{ "AR5", "IPCC AR5 GWP100",
	  "IPCC Fifth Assessment Report, WG1 (2013), Table 8.A.1, 100-year GWP without climate-carbon feedbacks; "
	  "CH4 fossil 30, non-fossil 28; data: openclimatedata/globalwarmingpotentials (CC0)", 1 },
	{ "AR6", "IPCC AR6 GWP100",
	  "IPCC Sixth Assessment Report, WG1 (2021), Supplementary Table 7.SM.7, 100-year GWP; CH4 fossil 29.8, "
	  "non-fossil 27.0 (Table 7.15); data: openclimatedata/globalwarmingpotentials (CC0)", 2 },
};

static const struct {
	const char *alias, *id;
} gas_aliases[] = {
	{ "pfc14", "cf4" }, { "pfc116", "c2f6" }, { "pfc218", "c3f8" }, { "pfc318", "cc4f8" },
	{ "pfc3110", "c4f10" }, { "pfc4112", "c5f12" }, { "pfc5114", "c6f14" },
	{ "co2biogenic", "co2-biogenic" }, { "co2fossil", "co2-fossil" },
};

/* Lower-case s without '-', '_' and spaces into buf; 0 if it does not fit. */
static int normalise(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == ' ')
			continue;
		if (n + 1 >= len)
			return 0;
		buf[n++] = (char)tolower((unsigned char)*s);
	}
	buf[n] = '\0';
	return 1;
}

static const struct pcfi_gwp_row *find_row(const char *name)
{
	char want[64], have[64];
	size_t i;

	if (!name || !normalise(name, want, sizeof want) || !want[0])
		return NULL;
	for (i = 0; i < sizeof gas_aliases / sizeof gas_aliases[0]; i++)
		if (!strcmp(want, gas_aliases[i].alias)) {
			normalise(gas_aliases[i].id, want, sizeof want);
			break;
		}
	for (i = 0; i < pcfi_gwp_row_count; i++) {
		if (normalise(pcfi_gwp_rows[i].gas.id, have, sizeof have) && !strcmp(want, have))
			return &pcfi_gwp_rows[i];
	}
	return NULL;
}

pcf_status pcf_gas_lookup(const char *name, pcf_gas *out, pcf_error *err)
{
	const struct pcfi_gwp_row *r = find_row(name);

	if (r) {
		if (out)
			*out = r->gas;
		return PCF_OK;
	}
	if (name && (!strcasecmp(name, "co2")))
		return pcfi_error(err, PCF_E_NOTFOUND,
		                  "ambiguous gas 'co2': say co2-fossil or co2-biogenic");
	if (name && (!strcasecmp(name, "ch4")))
		return pcfi_error(err, PCF_E_NOTFOUND,
		                  "ambiguous gas 'ch4': say ch4-fossil or ch4-non-fossil");
	if (name && !strcasecmp(name, "co2e"))
		return pcfi_error(err, PCF_E_NOTFOUND, "co2e is not a gas: emissions are given per gas");
	return pcfi_error(err, PCF_E_NOTFOUND, "unknown gas '%.100s' (see 'Gases' in docs/inventory-format.md)",
	                  name ? name : "(null)");
}

size_t pcf_gas_count(void)
{
	return pcfi_gwp_row_count;
}

const pcf_gas *pcf_gas_at(size_t i)
{
	return i < pcfi_gwp_row_count ? &pcfi_gwp_rows[i].gas : NULL;
}

const pcf_gwp_set *pcf_gwp_set_get(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++)
		if (!strcasecmp(name, sets[i].name))
			return &sets[i];
	return NULL;
}

const pcf_gwp_set *pcf_gwp_set_default(void)
{
	return &sets[2];
}

const char *pcf_gwp_set_name(const pcf_gwp_set *set)
{
	return set ? set->name : "";
}

const char *pcf_gwp_set_title(const pcf_gwp_set *set)
{
	return set ? set->title : "";
}

const char *pcf_gwp_set_source(const pcf_gwp_set *set)
{
	return set ? set->source : "";
}

pcf_status pcf_gwp_value(const pcf_gwp_set *set, const char *gas, double *out, pcf_error *err)
{
	const struct pcfi_gwp_row *r;
	pcf_status st;

	if (!set || !out)
		return pcfi_error(err, PCF_E_ARG, "no GWP set given");
	r = find_row(gas);
	if (!r) {
		st = pcf_gas_lookup(gas, NULL, err);
		return st ? st : PCF_E_NOTFOUND;
	}
	if (isnan(r->gwp[set->column]))
		return pcfi_error(err, PCF_E_NOTFOUND, "%s has no GWP100 for %s", set->name, r->gas.id);
	*out = r->gwp[set->column];
	return PCF_OK;
}
