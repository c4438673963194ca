/*
 * arena.c - bump allocator: blocks of at least 64 KiB, doubling up to 4 MiB, one free for all.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

struct pcfi_arena_block {
	pcfi_arena_block *next;
	size_t pad; /* keeps data 16-byte aligned */
	unsigned char data[];
};

#define ALIGN 16u

static void *bump(pcfi_arena *a, size_t size, size_t align)
{
	size_t need = (size + align - 1) & ~(size_t)(align - 1);
	void *p;

	if (a->oom || size > SIZE_MAX / 2)
		return NULL;
	if (need == 0)
		need = ALIGN;
	if (!a->head || a->cap - a->used < need) {
		size_t cap = a->cap ? a->cap * 2 : 64u * 1024;
		pcfi_arena_block *b;
		if (cap > 4u * 1024 * 1024)
			cap = 4u * 1024 * 1024;
		if (cap < need)
			cap = need;
		b = malloc(sizeof *b + cap);
		if (!b) {
			a->oom = 1;
			return NULL;
		}
		b->next = a->head;
		a->head = b;
		a->cap = cap;
		a->used = 0;
		a->total += cap;
	}
	p = a->head->data + a->used;
	a->used += need;
	return p;
}

void *pcfi_arena_alloc(pcfi_arena *a, size_t size)
{
	/* keep the next allocation aligned: round the bump position up first */
	if (a->head && (a->used & (ALIGN - 1)))
		a->used = a->used + ALIGN - (a->used & (ALIGN - 1)) > a->cap ? a->cap : a->used + ALIGN - (a->used & (ALIGN - 1));
	return bump(a, size, ALIGN);
}

void *pcfi_arena_calloc(pcfi_arena *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / 4 / size) {
		a->oom = 1;
		return NULL;
	}
	p = pcfi_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *pcfi_arena_strndup(pcfi_arena *a, const char *s, size_t len)
{
	char *p = bump(a, len + 1, 1); /* strings need no alignment */

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *pcfi_arena_strdup(pcfi_arena *a, const char *s)
{
	return s ? pcfi_arena_strndup(a, s, strlen(s)) : NULL;
}

void pcfi_arena_free(pcfi_arena *a)
{
	pcfi_arena_block *b = a->head;

	while (b) {
		pcfi_arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
	a->used = a->cap = a->total = 0;
	a->oom = 0;
}
