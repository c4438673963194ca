/*
 * pcf/gwp.h - greenhouse gases and the IPCC 100-year global warming potential sets.
 *
 * Gases are named by a canonical id: "co2-fossil", "co2-biogenic", "ch4-fossil",
 * "ch4-non-fossil", "n2o", "sf6", "nf3", and the halogenated species of the IPCC tables
 * ("hfc-134a", "hfc-23", "cf4", "c2f6", "hcfc-22" ...). Lookups ignore case and hyphens
 * ("HFC134a" finds "hfc-134a") and accept the PFC-nn aliases ("pfc-14" is "cf4"). Plain "co2"
 * and "ch4" are refused: an inventory must say fossil or biogenic/non-fossil. "co2e" is not a
 * gas: it marks a factor already expressed in CO2 equivalents.
 *
 * GWP sets: "AR4", "AR5", "AR6" (GWP100, IPCC Fourth, Fifth and Sixth Assessment Reports), as
 * data generated from the CC0 table of openclimatedata/globalwarmingpotentials (see
 * core/lib/inventory/gwp_table.c for the source and the generator). CH4 is split as the reports give it:
 * AR6 fossil 29.8 / non-fossil 27.0 (AR6 WG1 Table 7.15); AR5 30 / 28 (AR5 WG1 Table 8.A.1);
 * AR4 gives one value, 25, used for both. co2-fossil and co2-biogenic are 1 in every set: whether
 * biogenic CO2 counts is a methodology's rule, not the GWP set's.
 *
 * Everything here is static data: pure, thread-safe, nothing to free.
 */
#ifndef PCF_GWP_H
#define PCF_GWP_H

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Groups of gases (the Kyoto basket, and everything else in the IPCC tables). Append-only. */
typedef enum pcf_gas_group {
	PCF_GAS_CO2 = 1,
	PCF_GAS_CH4 = 2,
	PCF_GAS_N2O = 3,
	PCF_GAS_HFC = 4,
	PCF_GAS_PFC = 5,
	PCF_GAS_SF6 = 6,
	PCF_GAS_NF3 = 7,
	PCF_GAS_OTHER = 8  /* CFCs, HCFCs, halons, HFEs and other species of the IPCC tables */
} pcf_gas_group;

/* A gas. All strings static. */
typedef struct pcf_gas {
	const char *id;       /* canonical id, e.g. "hfc-134a" */
	const char *formula;  /* as in the IPCC table, e.g. "HFC134a", "CH4", "CO2" */
	pcf_gas_group group;
	int biogenic;         /* 1 for co2-biogenic and ch4-non-fossil, else 0 */
} pcf_gas;

/*
 * Look up a gas by id or alias. Fills *out (may be NULL) and returns PCF_OK, or PCF_E_NOTFOUND
 * with a message naming it (and, for "co2"/"ch4", saying which ids to use instead).
 */
pcf_status pcf_gas_lookup(const char *name, pcf_gas *out, pcf_error *err);

/* Number of known gases and the i-th (canonical order), NULL when out of range. */
size_t pcf_gas_count(void);
const pcf_gas *pcf_gas_at(size_t i);

/* A GWP set: opaque static data, never freed. */
typedef struct pcf_gwp_set pcf_gwp_set;

/* The set named "AR4", "AR5" or "AR6" (case-insensitive), or NULL when unknown. */
const pcf_gwp_set *pcf_gwp_set_get(const char *name);

/* The set every methodology uses unless it or the inventory asks for another: AR6. */
const pcf_gwp_set *pcf_gwp_set_default(void);

/* Its name ("AR6"), its title ("IPCC AR6 GWP100") and its source (citation + data origin). */
const char *pcf_gwp_set_name(const pcf_gwp_set *set);
const char *pcf_gwp_set_title(const pcf_gwp_set *set);
const char *pcf_gwp_set_source(const pcf_gwp_set *set);

/*
 * The GWP100 of gas (any name pcf_gas_lookup accepts) in set, in kg CO2e per kg, into *out.
 * PCF_E_NOTFOUND when the gas is unknown or the set has no value for it (message names both);
 * PCF_E_ARG when set is NULL.
 */
pcf_status pcf_gwp_value(const pcf_gwp_set *set, const char *gas, double *out, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
