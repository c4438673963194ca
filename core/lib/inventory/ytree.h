/*
 * ytree.h - a strict YAML loader (internal): libyaml events into a tree of nodes with positions.
 *
 * Refused, each with file:line:column: invalid UTF-8 and other YAML syntax errors, tags (and %TAG
 * directives), anchors and aliases, more than one document, duplicate keys in a mapping, keys that
 * are not plain or quoted scalars, and input beyond the limits (bytes, depth, scalar size, node
 * count). Syntax and limit errors stop loading; tags, anchors, aliases and duplicate keys are
 * reported and loading goes on, so that one run reports them all. Scalars keep their text and
 * whether they were plain (unquoted), which decides how they resolve (YAML 1.2 core schema:
 * null, true/false, integers and floats are plain scalars only).
 */
#ifndef PCF_YTREE_H
#define PCF_YTREE_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/parse.h>

#include "base/arena.h"
#include "base/error_impl.h"

typedef enum pcfi_ykind {
	PCFI_Y_SCALAR = 1,
	PCFI_Y_MAP = 2,
	PCFI_Y_SEQ = 3
} pcfi_ykind;

typedef struct pcfi_ynode pcfi_ynode;
struct pcfi_ynode {
	uint8_t kind;
	uint8_t plain;       /* scalar: 1 when written without quotes or block style */
	uint32_t line, col;  /* 1-based, of the node's start */
	size_t len;          /* scalar: bytes; map: pairs; seq: items */
	union {
		const char *str;     /* scalar: NUL-terminated text (may contain NUL if written as \0) */
		pcfi_ynode **kids;   /* map: key0, value0, key1, value1 ...; seq: items */
	} u;
};

typedef struct pcfi_ydoc {
	pcfi_arena arena;
	pcfi_ynode *root;    /* NULL for an empty stream */
	char *name;
	size_t nodes;
} pcfi_ydoc;

/*
 * Load bytes (named name in messages) into a new tree in *out (free with pcfi_ydoc_free). Every
 * error is added to diag and the first one to err. On failure *out is NULL.
 */
pcf_status pcfi_yaml_load(const char *name, const void *bytes, size_t len, const pcf_parse_limits *limits,
                          pcfi_ydoc **out, pcf_diag *diag, pcf_error *err);
void pcfi_ydoc_free(pcfi_ydoc *doc);

/* Map helpers. */
#define PCFI_YKEY(n, i) ((n)->u.kids[2 * (i)])
#define PCFI_YVAL(n, i) ((n)->u.kids[2 * (i) + 1])
/* The value of key in map (NULL when absent or map is not a mapping). */
const pcfi_ynode *pcfi_ymap_get(const pcfi_ynode *map, const char *key);

/* What a scalar resolves to under the YAML 1.2 core schema (as used by the validators). */
typedef enum pcfi_yscalar {
	PCFI_YS_STRING = 1,
	PCFI_YS_NULL,
	PCFI_YS_BOOL,
	PCFI_YS_INT,
	PCFI_YS_FLOAT
} pcfi_yscalar;
pcfi_yscalar pcfi_yscalar_type(const pcfi_ynode *n);
/* A short description of a node for "found ..." messages: "a mapping", "a list", "null", "'abc'". */
const char *pcfi_ydescribe(const pcfi_ynode *n, char *buf, size_t len);

#endif
