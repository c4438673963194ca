/*
 * arena.h - a bump allocator for data that lives and dies together (internal): the YAML node tree,
 * an inventory model, a factor library. Allocations are 16-byte aligned, never move, and are all
 * released at once by pcfi_arena_free. Out of memory returns NULL and sets oom.
 */
#ifndef PCF_ARENA_H
#define PCF_ARENA_H

#include <stddef.h>

typedef struct pcfi_arena_block pcfi_arena_block;

typedef struct pcfi_arena {
	pcfi_arena_block *head;
	size_t used;   /* bytes used in head */
	size_t cap;    /* capacity of head */
	size_t total;  /* bytes allocated from the system, for limits and measurements */
	int oom;
} pcfi_arena;

#define PCFI_ARENA_INIT { NULL, 0, 0, 0, 0 }

void *pcfi_arena_alloc(pcfi_arena *a, size_t size);          /* uninitialised */
void *pcfi_arena_calloc(pcfi_arena *a, size_t n, size_t size); /* zeroed, overflow-checked */
char *pcfi_arena_strndup(pcfi_arena *a, const char *s, size_t len);
char *pcfi_arena_strdup(pcfi_arena *a, const char *s);        /* NULL gives NULL */
void pcfi_arena_free(pcfi_arena *a);

#endif
