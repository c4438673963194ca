/*
 * strmap.c - string -> index hash map (keyed SipHash-1-3, linear probing, load factor at most 1/2).
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/strmap.h"

/*
 * Keys come from untrusted input (process and factor ids), so the table is keyed with a secret
 * drawn once per process: SipHash-1-3 (Aumasson and Bernstein) under a random key, so that nobody
 * can craft ids that all land in one bucket and turn a million look-ups quadratic. Only look-up
 * cost depends on the key; nothing is ever iterated in hash order, so output stays deterministic.
 */
static uint64_t sip_k0, sip_k1;
static pthread_once_t sip_once = PTHREAD_ONCE_INIT;

static void sip_init(void)
{
	uint64_t k[2] = { 0, 0 };

	if (getrandom(k, sizeof k, GRND_NONBLOCK) != (ssize_t)sizeof k) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k[0] = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
		k[1] = (uint64_t)ts.tv_sec * 0xc2b2ae3d27d4eb4full ^ (uint64_t)(uintptr_t)&ts;
	}
	sip_k0 = k[0];
	sip_k1 = k[1];
}

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                           \
	do {                                                                                   \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                          \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                             \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                             \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                          \
	} while (0)

uint64_t pcfi_strhash(const char *s)
{
	size_t len = strlen(s), i;
	uint64_t v0, v1, v2, v3, m, b = (uint64_t)len << 56;
	const unsigned char *p = (const unsigned char *)s;

	pthread_once(&sip_once, sip_init);
	v0 = sip_k0 ^ 0x736f6d6570736575ull;
	v1 = sip_k1 ^ 0x646f72616e646f6dull;
	v2 = sip_k0 ^ 0x6c7967656e657261ull;
	v3 = sip_k1 ^ 0x7465646279746573ull;
	for (; len >= 8; len -= 8, p += 8) {
		m = 0;
		for (i = 0; i < 8; i++)
			m |= (uint64_t)p[i] << (8 * i);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	for (i = 0; i < len; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static size_t hash(const char *s)
{
	return (size_t)pcfi_strhash(s);
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
