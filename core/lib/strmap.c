/*
 * strmap.c - string -> index hash map (FNV-1a, linear probing, load factor at most 1/2).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

static size_t hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static int grow(pcfi_strmap *m, size_t cap)
{
	const char **keys = calloc(cap, sizeof *keys);
	size_t *vals = calloc(cap, sizeof *vals), i;

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = hash(m->keys[i]) & (cap - 1);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = m->keys[i];
			vals[j] = m->vals[i];
		}
	free(m->keys);
	free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = cap;
	return 0;
}

int pcfi_strmap_init(pcfi_strmap *m, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	if (m->cap >= cap)
		return 0;
	return grow(m, cap);
}

int pcfi_strmap_put(pcfi_strmap *m, const char *key, size_t val)
{
	size_t j;

	if ((m->count + 1) * 2 > m->cap && grow(m, m->cap ? m->cap * 2 : 16))
		return -1;
	for (j = hash(key) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (!strcmp(m->keys[j], key)) {
			m->vals[j] = val;
			return 0;
		}
	m->keys[j] = key;
	m->vals[j] = val;
	m->count++;
	return 0;
}

int pcfi_strmap_get(const pcfi_strmap *m, const char *key, size_t *val)
{
	size_t j;

	if (!m->cap)
		return 0;
	for (j = hash(key) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (!strcmp(m->keys[j], key)) {
			*val = m->vals[j];
			return 1;
		}
	return 0;
}

void pcfi_strmap_free(pcfi_strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
