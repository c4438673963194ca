/*
 * pcf/parse.h - limits on untrusted YAML, read by the strict YAML loader for inventories and
 * factor libraries alike (docs/limits.md). Its own header so that the loader and the factor
 * libraries use it without depending on the inventory; pcf/inventory.h includes it, so the names
 * stay available there.
 */
#ifndef PCF_PARSE_H
#define PCF_PARSE_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of pcf_parse_limits this header describes (pcf_parse_limits_init). */
#define PCF_PARSE_LIMITS_VERSION 1

/* Limits on untrusted YAML (inventories and factor libraries); docs/limits.md. */
typedef struct pcf_parse_limits {
	unsigned version;      /* PCF_PARSE_LIMITS_VERSION (pcf_parse_limits_init); 0 counts as 1 */
	size_t max_bytes;      /* input size; default 64 MiB */
	size_t max_depth;      /* nesting of mappings and sequences; default 32 */
	size_t max_scalar;     /* bytes in one scalar; default 64 KiB */
	size_t max_nodes;      /* scalars + mappings + sequences; default 8,000,000 */
	size_t max_processes;  /* processes in one inventory; default 1,000,000 */
} pcf_parse_limits;

/*
 * Fill *out with the default limits of the given version (libgit2's pattern: pass
 * PCF_PARSE_LIMITS_VERSION, then change the fields you want). PCF_E_ARG for a version this
 * library does not know (out is then left as it was); out stays the caller's. A loader given
 * limits of a version above its own refuses them with PCF_E_ARG; version 0 (a struct zeroed by a
 * caller written before the field existed) is read as version 1.
 */
pcf_status pcf_parse_limits_init(pcf_parse_limits *out, unsigned version);

/* Fill *out with the default limits of PCF_PARSE_LIMITS_VERSION (pcf_parse_limits_init's shorthand). */
void pcf_parse_limits_default(pcf_parse_limits *out);

#ifdef __cplusplus
}
#endif
#endif
