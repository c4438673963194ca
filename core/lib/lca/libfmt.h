/*
 * libfmt.h - the on-disk layout of a pcfkit process library (internal; docs/lca-import.md
 * "Library format"). Little-endian, every section 8-byte aligned, fixed-size records; strings are
 * offsets into one table of NUL-terminated UTF-8 (offset 0 is the empty string). The loader maps
 * the file and checks every offset and index before use.
 */
#ifndef PCF_LCA_LIBFMT_H
#define PCF_LCA_LIBFMT_H

#include <stdint.h>

#define PCFI_LIB_MAGIC "PCFLIB\r\n"
#define PCFI_LIB_VERSION 1u

typedef struct pcfi_lib_header {
	char magic[8];
	uint32_t version;
	uint32_t n_proc, n_flow, n_exch, n_alloc, n_prov;
	uint64_t off_str, len_str;
	uint64_t off_flow, off_proc, off_exch, off_alloc, off_prov;
} pcfi_lib_header;

typedef struct pcfi_lib_flow_rec {
	uint32_t id, name, category, cas, unit, property;
	uint32_t type;
	uint32_t first_provider, n_providers;
	uint32_t pad;
} pcfi_lib_flow_rec;

typedef struct pcfi_lib_proc_rec {
	uint32_t id, name, location, category, source;
	uint32_t reference;
	uint32_t first_exchange, n_exchanges;
	uint32_t first_alloc, n_alloc;
	uint32_t n_parameters;
	uint32_t pad;
} pcfi_lib_proc_rec;

typedef struct pcfi_lib_exch_rec {
	double amount, amount_written, p1, p2, p3;
	uint32_t id, unit_written, formula, pedigree, note;
	uint32_t flow, flags;
	int32_t provider;
	uint32_t dist;
	uint32_t pad;
} pcfi_lib_exch_rec;

typedef struct pcfi_lib_alloc_rec {
	double value;
	uint32_t type, product, exchange, exchange_flow;
} pcfi_lib_alloc_rec;

_Static_assert(sizeof(pcfi_lib_header) == 88, "header layout");
_Static_assert(sizeof(pcfi_lib_flow_rec) == 40, "flow layout");
_Static_assert(sizeof(pcfi_lib_proc_rec) == 48, "process layout");
_Static_assert(sizeof(pcfi_lib_exch_rec) == 80, "exchange layout");
_Static_assert(sizeof(pcfi_lib_alloc_rec) == 24, "allocation layout");

#endif
