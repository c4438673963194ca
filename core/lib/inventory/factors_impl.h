/*
 * factors_impl.h - internals shared by the factor library and the inventory (inline factors).
 */
#ifndef PCF_FACTORS_IMPL_H
#define PCF_FACTORS_IMPL_H

#include <pcf/factors.h>

#include "inventory/validate.h"

/*
 * Check one factor mapping n and fill *out (strings in v's arena). inline_ relaxes what an inline
 * factor may leave out (id, name, region, year, licence). library names where it comes from.
 * Returns 1 when valid; errors are reported through v.
 */
int pcfi_factor_from_node(pcfi_vctx *v, const pcfi_ynode *n, int inline_, const char *library, pcf_factor *out);

/* Deep copy of f into arena a (NULL when out of memory). */
pcf_factor *pcfi_factor_copy(pcfi_arena *a, const pcf_factor *f);

/* 1 when s is a valid region: GLO, EU, an ISO 3166-1 alpha-2 code, or such a code plus -SUBDIVISION. */
int pcfi_region_valid(const char *s);

#endif
