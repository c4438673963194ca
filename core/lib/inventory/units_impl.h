/*
 * units_impl.h - internal tables of the unit system (not installed).
 */
#ifndef PCF_UNITS_IMPL_H
#define PCF_UNITS_IMPL_H

#include <stddef.h>

#include <pcf/units.h>

/* ISO 4217 currencies as units, sorted by code (units_currency.c, generated). */
extern const pcf_unit pcfi_currencies[];
extern const size_t pcfi_currency_count;

/* Canonical symbol of a unit (static), or NULL when unknown. */
const char *pcfi_unit_canonical(const char *symbol);
/* Dimension of a unit, PCF_DIM_NONE when unknown. */
pcf_dimension pcfi_unit_dimension(const char *symbol);

#endif
