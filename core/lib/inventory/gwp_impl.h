/*
 * gwp_impl.h - the generated GWP table (internal).
 */
#ifndef PCF_GWP_IMPL_H
#define PCF_GWP_IMPL_H

#include <stddef.h>

#include <pcf/gwp.h>

struct pcfi_gwp_row {
	pcf_gas gas;
	double gwp[3]; /* AR4, AR5, AR6 GWP100; NAN when the set has none */
};
extern const struct pcfi_gwp_row pcfi_gwp_rows[];
extern const size_t pcfi_gwp_row_count;

#endif
