/*
 * supply.h - the supply of an inventory's linked processes with co-product allocation, shared by the
 * pact and cbam plugins (both compiled with this file; nothing here is exported).
 *
 * The host solves A s = f for the unallocated system. Allocation (a share alpha[i] in (0,1] of
 * process i's burdens carried by its reference flow) scales every input and emission of i by
 * alpha[i]. Dividing column i by alpha[i] shows the allocated system is the unallocated one with
 * A[i][i] = reference amount / alpha[i], and its solution is directly the "burden supply"
 * b[i] = alpha[i] * s[i]: the factor by which host->lci must scale process i's flows. With no
 * allocation (every alpha 1) the host's KLU solve is used; otherwise a dense LU with partial pivoting
 * (documented limit TRADE_DENSE_MAX processes) because the host's solve takes no allocation.
 */
#ifndef PCF_TRADE_SUPPLY_H
#define PCF_TRADE_SUPPLY_H

#include <stddef.h>
#include <string.h>

#include <pcf/plugin.h>

/* Zero an *_info struct the host fills and set its ABI header (the -Wextra-clean form of PCF_ABI_INIT). */
#define INFO_INIT(v) (memset(&(v), 0, sizeof(v)), (v).abi = (pcf_abi)PCF_ABI_INIT(v))

/* Largest system the dense fallback solves (n*n doubles). */
#define TRADE_DENSE_MAX 1500

/*
 * Fill b[0..n-1] (n == process count) with the burden supply of the allocated system for the
 * product's declared unit. alpha may be NULL (no allocation). Errors through host->error:
 * PCF_E_SOLVE naming the process (singular system, negative supply), PCF_E_LIMIT, PCF_E_NOMEM,
 * PCF_E_UNIT (declared unit not convertible into the reference flow's unit).
 */
pcf_status trade_supply(const pcf_host *h, pcf_ctx *ctx, const double *alpha, double *b, size_t n);

/* Does s (NUL-terminated) appear in the comma-separated list (spaces around items ignored)? */
int trade_list_has(const char *list, const char *s);

#endif
