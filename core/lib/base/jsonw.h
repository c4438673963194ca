/*
 * jsonw.h - a small deterministic JSON writer (internal).
 *
 * Output is UTF-8, two-space indented, keys in the order written, numbers in the shortest form
 * that reads back to the same double (round-trip precision), one trailing newline after the
 * top-level value. Same calls, same bytes. The writer owns its buffer until pcfi_jsonw_finish.
 */
#ifndef PCF_JSONW_H
#define PCF_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define PCFI_JSONW_MAX_DEPTH 64

typedef struct pcfi_jsonw {
	pcfi_buf out;
	int depth;
	int count[PCFI_JSONW_MAX_DEPTH]; /* values written at each level */
	int after_key;
	int bad;                          /* misuse or non-finite number: output is invalid */
} pcfi_jsonw;

void pcfi_jsonw_init(pcfi_jsonw *w);
void pcfi_jsonw_begin_object(pcfi_jsonw *w);
void pcfi_jsonw_end_object(pcfi_jsonw *w);
void pcfi_jsonw_begin_array(pcfi_jsonw *w);
void pcfi_jsonw_end_array(pcfi_jsonw *w);
void pcfi_jsonw_key(pcfi_jsonw *w, const char *key);
void pcfi_jsonw_string(pcfi_jsonw *w, const char *s);   /* NULL writes null */
void pcfi_jsonw_stringn(pcfi_jsonw *w, const char *s, size_t len);
void pcfi_jsonw_number(pcfi_jsonw *w, double v);        /* NaN/inf mark the writer bad */
void pcfi_jsonw_int(pcfi_jsonw *w, int64_t v);
void pcfi_jsonw_uint(pcfi_jsonw *w, uint64_t v);
void pcfi_jsonw_bool(pcfi_jsonw *w, int v);
void pcfi_jsonw_null(pcfi_jsonw *w);

/*
 * End writing. On success returns PCF_OK and hands the text (NUL-terminated, caller frees with
 * free()) in *out and its length in *len. Fails with PCF_E_NOMEM or PCF_E_INTERNAL (misuse,
 * unbalanced nesting, non-finite number); the buffer is freed either way.
 */
pcf_status pcfi_jsonw_finish(pcfi_jsonw *w, char **out, size_t *len);
void pcfi_jsonw_discard(pcfi_jsonw *w);

/* Format v in the shortest round-trip form into buf (at least 32 bytes). Returns 0, or -1 if not finite. */
int pcfi_format_double(double v, char *buf, size_t len);

#endif
