/*
 * strmap.h - a string -> index hash map with open addressing (internal). Keys are not copied:
 * they must outlive the map (they live in the owner's arena).
 */
#ifndef PCF_STRMAP_H
#define PCF_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct pcfi_strmap {
	const char **keys;
	size_t *vals;
	size_t cap, count;   /* cap is a power of two, or 0 */
} pcfi_strmap;

/* Prepare for about n keys (more are fine). 0, or -1 when out of memory. */
int pcfi_strmap_init(pcfi_strmap *m, size_t n);
/* Insert or replace. 0, or -1 when out of memory. */
int pcfi_strmap_put(pcfi_strmap *m, const char *key, size_t val);
/* 1 and *val when found, else 0. */
int pcfi_strmap_get(const pcfi_strmap *m, const char *key, size_t *val);
void pcfi_strmap_free(pcfi_strmap *m);

/* Keyed hash of a string (SipHash-1-3 under a per-process random key): for tables of untrusted keys. */
uint64_t pcfi_strhash(const char *s);

#endif
