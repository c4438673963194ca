/*
 * inventory_stub.c - temporary placeholders for the inventory-area API so that other areas can
 * build against the headers; replaced by units.c, gwp.c, factors.c, inventory.c and solve.c.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <pcf/units.h>
#include <pcf/gwp.h>
#include <pcf/factors.h>
#include <pcf/inventory.h>
#include <pcf/solve.h>

#include "error_impl.h"

#define NOTYET(err) pcfi_error((err), PCF_E_UNSUPPORTED, "not implemented yet")

pcf_status pcf_unit_lookup(const char *symbol, pcf_unit *out, pcf_error *err) { return NOTYET(err); }
pcf_status pcf_unit_convert(double value, const char *from, const char *to, double *out, pcf_error *err) { return NOTYET(err); }
pcf_status pcf_unit_factor(const char *from, const char *to, double *out, pcf_error *err) { return NOTYET(err); }
const char *pcf_dimension_name(pcf_dimension dim) { return "none"; }
const char *pcf_dimension_base(pcf_dimension dim) { return NULL; }
size_t pcf_unit_count(void) { return 0; }
const pcf_unit *pcf_unit_at(size_t i) { return NULL; }

pcf_status pcf_gas_lookup(const char *name, pcf_gas *out, pcf_error *err) { return NOTYET(err); }
size_t pcf_gas_count(void) { return 0; }
const pcf_gas *pcf_gas_at(size_t i) { return NULL; }
const pcf_gwp_set *pcf_gwp_set_get(const char *name) { return NULL; }
const pcf_gwp_set *pcf_gwp_set_default(void) { return NULL; }
const char *pcf_gwp_set_name(const pcf_gwp_set *set) { return ""; }
const char *pcf_gwp_set_title(const pcf_gwp_set *set) { return ""; }
const char *pcf_gwp_set_source(const pcf_gwp_set *set) { return ""; }
pcf_status pcf_gwp_value(const pcf_gwp_set *set, const char *gas, double *out, pcf_error *err) { return NOTYET(err); }

pcf_status pcf_factor_lib_new(pcf_factor_lib **out, pcf_error *err) { *out = NULL; return NOTYET(err); }
void pcf_factor_lib_free(pcf_factor_lib *lib) { }
const char *pcf_data_dir(void) { return PCF_PKGDATADIR; }
pcf_status pcf_factor_lib_load_default(pcf_factor_lib *lib, pcf_diag *diag, pcf_error *err) { return NOTYET(err); }
pcf_status pcf_factor_lib_load_file(pcf_factor_lib *lib, const char *path, pcf_diag *diag, pcf_error *err) { return NOTYET(err); }
pcf_status pcf_factor_lib_load_bytes(pcf_factor_lib *lib, const char *name, const void *bytes, size_t len, pcf_diag *diag, pcf_error *err) { return NOTYET(err); }
const pcf_factor *pcf_factor_lib_find(const pcf_factor_lib *lib, const char *id) { return NULL; }
size_t pcf_factor_lib_count(const pcf_factor_lib *lib) { return 0; }
const pcf_factor *pcf_factor_lib_at(const pcf_factor_lib *lib, size_t i) { return NULL; }
size_t pcf_factor_lib_clash_count(const pcf_factor_lib *lib) { return 0; }
const pcf_factor_clash *pcf_factor_lib_clash(const pcf_factor_lib *lib, size_t i) { return NULL; }
int pcf_factor_matches(const pcf_factor *factor, const char *word) { return 0; }

void pcf_parse_limits_default(pcf_parse_limits *out) { out->max_bytes = 64u << 20; out->max_depth = 32; out->max_scalar = 64u << 10; out->max_nodes = 8000000; out->max_processes = 1000000; }
const char *pcf_stage_name(pcf_stage stage) { return "production"; }
const char *pcf_boundary_name(pcf_boundary boundary) { return "cradle-to-gate"; }
pcf_status pcf_inventory_parse(const char *name, const void *bytes, size_t len, const pcf_factor_lib *factors, const pcf_parse_limits *limits, pcf_inventory **out, pcf_diag *diag, pcf_error *err) { *out = NULL; return NOTYET(err); }
pcf_status pcf_inventory_load(const char *path, const pcf_factor_lib *factors, const pcf_parse_limits *limits, pcf_inventory **out, pcf_diag *diag, pcf_error *err) { *out = NULL; return NOTYET(err); }
void pcf_inventory_free(pcf_inventory *inv) { }
const pcf_inventory_info *pcf_inventory_get_info(const pcf_inventory *inv) { return NULL; }
const pcf_product *pcf_inventory_product(const pcf_inventory *inv) { return NULL; }
size_t pcf_inventory_process_count(const pcf_inventory *inv) { return 0; }
const pcf_process *pcf_inventory_process(const pcf_inventory *inv, size_t i) { return NULL; }
pcf_status pcf_inventory_find_process(const pcf_inventory *inv, const char *id, size_t *index) { return PCF_E_UNSUPPORTED; }
size_t pcf_inventory_exclusion_count(const pcf_inventory *inv) { return 0; }
const pcf_exclusion *pcf_inventory_exclusion(const pcf_inventory *inv, size_t i) { return NULL; }
size_t pcf_inventory_offset_count(const pcf_inventory *inv) { return 0; }
const pcf_offset *pcf_inventory_offset(const pcf_inventory *inv, size_t i) { return NULL; }
size_t pcf_inventory_factor_count(const pcf_inventory *inv) { return 0; }
const pcf_factor *pcf_inventory_factor(const pcf_inventory *inv, size_t i) { return NULL; }

pcf_status pcf_solve(const pcf_inventory *inv, double *supply, size_t n, pcf_error *err) { return NOTYET(err); }
pcf_status pcf_lci_build(const pcf_inventory *inv, const double *supply, size_t n, pcf_lci **out, pcf_error *err) { *out = NULL; return NOTYET(err); }
size_t pcf_lci_count(const pcf_lci *lci) { return 0; }
const pcf_lci_flow *pcf_lci_flow_at(const pcf_lci *lci, size_t i) { return NULL; }
void pcf_lci_free(pcf_lci *lci) { }
