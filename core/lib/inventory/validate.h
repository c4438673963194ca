/*
 * validate.h - helpers that check a YAML node tree against the shape a format expects and report
 * every problem with file:line:column, key path, what was expected and what was found (internal).
 *
 * A pcfi_vctx keeps the current key path; each check adds its errors to the diag list and carries
 * on, so that one run reports every problem. Strings handed out are copied into the context's
 * arena.
 */
#ifndef PCF_VALIDATE_H
#define PCF_VALIDATE_H

#include <stddef.h>

#include <pcf/units.h>

#include "base/arena.h"
#include "base/error_impl.h"
#include "inventory/ytree.h"

typedef struct pcfi_vctx {
	const char *file;
	pcf_diag *diag;
	pcf_error *err;          /* gets the first error */
	pcf_status first;        /* status of the first error, PCF_OK while none */
	size_t nerrors;
	pcfi_arena *arena;
	char path[PCF_ERROR_PATH_MAX];
	size_t plen;
} pcfi_vctx;

void pcfi_v_init(pcfi_vctx *v, const char *file, pcfi_arena *arena, pcf_diag *diag, pcf_error *err);

/* Report an error at node at (may be NULL: no position) under the current path (+ suffix, may be NULL). */
void pcfi_v_err(pcfi_vctx *v, const pcfi_ynode *at, pcf_status st, const char *fmt, ...) PCFI_PRINTF(4, 5);
void pcfi_v_err_pos(pcfi_vctx *v, unsigned long line, unsigned long col, pcf_status st, const char *fmt, ...)
	PCFI_PRINTF(5, 6);

/* Path building: push returns the length to pop back to. */
size_t pcfi_v_push_key(pcfi_vctx *v, const char *key);
size_t pcfi_v_push_index(pcfi_vctx *v, size_t i);
void pcfi_v_pop(pcfi_vctx *v, size_t len);

/* Is node a mapping / a list? Reports "expected WHAT, found ..." otherwise. */
int pcfi_v_is_map(pcfi_vctx *v, const pcfi_ynode *n, const char *what);
int pcfi_v_is_seq(pcfi_vctx *v, const pcfi_ynode *n, const char *what);

/*
 * Report every key of map not in allowed (NULL-terminated) and not starting with "x-", and every
 * key that is not a string. Returns the number of bad keys.
 */
size_t pcfi_v_keys(pcfi_vctx *v, const pcfi_ynode *map, const char *const *allowed);

/* The value of key; when absent and required, reports "missing required key" at the map. */
const pcfi_ynode *pcfi_v_get(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required);

/*
 * Typed getters: return 1 and set *out when the key is present and valid; 0 when absent (an
 * error if required) or invalid (reported). They push the key on the path while checking.
 */
int pcfi_v_string(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char **out);
int pcfi_v_bool(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, int *out);
int pcfi_v_int(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, long min, long max, long *out);
/* flags: */
#define PCFI_V_POSITIVE 1   /* > 0 */
#define PCFI_V_NONNEG 2     /* >= 0 */
#define PCFI_V_FRACTION 4   /* 0..1 */
#define PCFI_V_DQR 8        /* 1..5 */
int pcfi_v_number(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, int flags, double *out);
/* One of names (NULL-terminated); *out is the index. */
int pcfi_v_enum(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char *const *names,
                int *out);

/* Node-level forms of the same checks (the path must already name the node). */
int pcfi_v_node_string(pcfi_vctx *v, const pcfi_ynode *n, const char **out);
int pcfi_v_node_number(pcfi_vctx *v, const pcfi_ynode *n, int flags, double *out);

/*
 * A unit symbol under key: known, and of dimension dim unless dim is PCF_DIM_NONE. *out gets the
 * canonical symbol (static).
 */
int pcfi_v_unit(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, pcf_dimension dim,
                const char **out);

/* A date YYYY-MM-DD (a real calendar date) under key. */
int pcfi_v_date(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char **out);

#endif
