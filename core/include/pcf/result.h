/*
 * pcf/result.h - the result of computing an inventory under a methodology, and its JSON.
 *
 * A pcf_result is made by pcf_compute (pcf/compute.h) from what a plugin built and the host checked:
 * finite numbers, every required field present, and each breakdown (per stage, per gas, per process)
 * adding up to the total within PCF_RESULT_TOLERANCE. Its JSON (docs/result-format.md,
 * schemas/result.schema.json) is byte-deterministic: same inventory bytes, same plugin version, same
 * parameters and factor libraries, same bytes. It is what certificate bundles carry as result.json.
 *
 * Ownership: the caller owns a pcf_result (pcf_result_free); every string an accessor returns is owned
 * by the result and valid until it is freed. Bytes returned through char **out are the caller's, freed
 * with free(). A pcf_result is immutable once made and may be read from several threads.
 */
#ifndef PCF_RESULT_H
#define PCF_RESULT_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_result pcf_result;

/* The version of the result JSON format written ("format-version"). */
#define PCF_RESULT_FORMAT_VERSION "1.0"

/*
 * Breakdowns must add up to the total: |sum - total| <= PCF_RESULT_TOLERANCE * (sum of |lines|, or
 * |total| when larger) + PCF_RESULT_TOLERANCE_ABS.
 */
#define PCF_RESULT_TOLERANCE 1e-9
#define PCF_RESULT_TOLERANCE_ABS 1e-12

/* The lists of a result (the same numbers as in plugin.h). */
#ifndef PCF_RESULT_STAGES
#define PCF_RESULT_STAGES 1
#define PCF_RESULT_GASES 2
#define PCF_RESULT_PROCESSES 3
#define PCF_RESULT_FIGURES 4
#endif

void pcf_result_free(pcf_result *result);

/*
 * The result's JSON (UTF-8, ending with a newline) in *out (caller frees with free()), its length in
 * *len. The bytes are the same on every call and every machine for the same result.
 */
pcf_status pcf_result_json(const pcf_result *result, char **out, size_t *len, pcf_error *err);

/* The result for people: an aligned table with shares and a bar per stage, ending with a newline.
 * width is the terminal width (0: 80). Caller frees *out with free(). */
pcf_status pcf_result_table(const pcf_result *result, unsigned width, char **out, size_t *len, pcf_error *err);

/* The summary (what a certificate manifest's "footprint" carries). Strings never NULL. */
const char *pcf_result_method_id(const pcf_result *result);
const char *pcf_result_method_version(const pcf_result *result);
const char *pcf_result_product_id(const pcf_result *result);
const char *pcf_result_product_name(const pcf_result *result);
double pcf_result_declared_amount(const pcf_result *result);
const char *pcf_result_declared_unit(const pcf_result *result);
const char *pcf_result_boundary(const pcf_result *result);
const char *pcf_result_gwp_set(const pcf_result *result);
/* The total per declared unit and its unit ("kg CO2e"). */
double pcf_result_total(const pcf_result *result);
const char *pcf_result_unit(const pcf_result *result);
/*
 * A figure in the unit of the total: "fossil", "biogenic-emissions", "biogenic-removals", "dluc",
 * "aircraft" (always present), or an extra figure the plugin set. NaN when absent.
 */
double pcf_result_figure(const pcf_result *result, const char *name);
double pcf_result_primary_share(const pcf_result *result);
double pcf_result_cutoff_share(const pcf_result *result);
const char *pcf_result_allocation(const pcf_result *result);
/* Hex SHA-256 of the inventory bytes the result was computed from ("" when computed from a model). */
const char *pcf_result_inventory_sha256(const pcf_result *result);

/* The lists: number of items and the i-th one (name: stage, gas, process id or figure name; share is
 * NaN for figures and when the total is 0). Out pointers may be NULL. */
size_t pcf_result_count(const pcf_result *result, int list);
pcf_status pcf_result_item(const pcf_result *result, int list, size_t i, const char **name, double *value,
                           double *share);

/* Factors used: count and the i-th one's id and source. */
size_t pcf_result_factor_count(const pcf_result *result);
pcf_status pcf_result_factor(const pcf_result *result, size_t i, const char **id, const char **source);

/* Warnings: count and the i-th one. */
size_t pcf_result_warning_count(const pcf_result *result);
const char *pcf_result_warning(const pcf_result *result, size_t i);

#ifdef __cplusplus
}
#endif
#endif
