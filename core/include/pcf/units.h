/*
 * pcf/units.h - units of measure with dimensions, and exact conversions between them.
 *
 * A unit is named by its symbol as written in inventories and factor libraries ("kg", "kWh",
 * "tkm", "m3", "EUR" ...); symbols are case-sensitive (ISO 4217 currency codes are upper case).
 * Every unit has one dimension; converting between two units of different dimensions, or between
 * two different currencies, is an error (PCF_E_UNIT) whose message names both units.
 *
 * Each unit is defined as an exact rational multiple of its dimension's base unit (g, J, L, m,
 * m2, piece, s, kg*km); a conversion factor is computed from those integers and rounded once, so
 * a conversion is exact whenever the result is representable (kWh -> MJ is exactly 3.6). The
 * definitions are listed in docs/inventory-format.md ("Units").
 *
 * Everything here is pure and thread-safe; returned strings are static and never freed.
 */
#ifndef PCF_UNITS_H
#define PCF_UNITS_H

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Dimensions. Stable and append-only. */
typedef enum pcf_dimension {
	PCF_DIM_NONE = 0,          /* not a unit */
	PCF_DIM_MASS = 1,          /* base g */
	PCF_DIM_ENERGY = 2,        /* base J */
	PCF_DIM_VOLUME = 3,        /* base L */
	PCF_DIM_LENGTH = 4,        /* base m */
	PCF_DIM_AREA = 5,          /* base m2 */
	PCF_DIM_COUNT = 6,         /* base piece */
	PCF_DIM_TIME = 7,          /* base s */
	PCF_DIM_MASS_DISTANCE = 8, /* base kgkm (freight: t*km) */
	PCF_DIM_CURRENCY = 9       /* one ISO 4217 code per unit; never converted */
} pcf_dimension;

/* A unit, as returned by pcf_unit_lookup. All strings are static. */
typedef struct pcf_unit {
	const char *symbol;        /* canonical symbol ("kg", "kWh", "tkm", "EUR") */
	const char *name;          /* English name ("kilogram", "kilowatt hour", "euro") */
	pcf_dimension dimension;
	double to_base;            /* 1 of this unit in the base unit (rounded; informative) */
} pcf_unit;

/*
 * Look up a unit by symbol (aliases such as "t*km", "m³", "item", "pcs" are accepted and
 * mapped to the canonical symbol). Fills *out and returns PCF_OK, or PCF_E_UNIT naming the
 * symbol when it is unknown. out may be NULL to test only.
 */
pcf_status pcf_unit_lookup(const char *symbol, pcf_unit *out, pcf_error *err);

/*
 * Convert value from unit `from` to unit `to` into *out. PCF_E_UNIT when either unit is
 * unknown, when their dimensions differ ("cannot convert kg (mass) to kWh (energy)"), or when
 * they are different currencies. A non-finite value is PCF_E_ARG.
 */
pcf_status pcf_unit_convert(double value, const char *from, const char *to, double *out, pcf_error *err);

/*
 * The factor that converts amounts in `from` into `to` (value_in_to = value_in_from * factor),
 * with the same errors as pcf_unit_convert.
 */
pcf_status pcf_unit_factor(const char *from, const char *to, double *out, pcf_error *err);

/* Static English name of a dimension ("mass", "energy", "mass*distance" ...). Never NULL. */
const char *pcf_dimension_name(pcf_dimension dim);

/* The base unit's symbol of a dimension ("g", "J" ...), or NULL for NONE and CURRENCY. */
const char *pcf_dimension_base(pcf_dimension dim);

/* Number of known units (currencies included) and the i-th, for listings; NULL when out of range. */
size_t pcf_unit_count(void);
const pcf_unit *pcf_unit_at(size_t i);

#ifdef __cplusplus
}
#endif
#endif
